//! Finds where a field path sits in the original scenario text, so that errors
//! found after parsing (types, ranges, unknown keys) still name a line and column.

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::path::{FieldPath, Seg};

/// Which part of a `key = value` pair an error should point at.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum At {
    /// The key (for unknown or misplaced keys).
    Key,
    /// The value (for wrong types and out-of-range values).
    Value,
}

/// The original text, parsed with spans, and the start of each of its lines.
pub(crate) struct Locator<'a> {
    text: &'a str,
    root: Option<Spanned<DeTable<'a>>>,
    line_starts: Vec<usize>,
}

impl<'a> Locator<'a> {
    /// Indexes `text`; a text that does not parse locates nothing.
    pub(crate) fn new(text: &'a str) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(
            text.bytes()
                .enumerate()
                .filter(|&(_, b)| b == b'\n')
                .map(|(i, _)| i + 1),
        );
        Locator {
            text,
            root: DeTable::parse(text).ok(),
            line_starts,
        }
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub(crate) fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let line = self.line_starts.partition_point(|&s| s <= offset).max(1);
        let start = self.line_starts.get(line - 1).copied().unwrap_or(0);
        let col = self
            .text
            .get(start..offset)
            .map_or(offset - start, |s| s.chars().count());
        (line, col + 1)
    }

    /// The byte span of a path's key or value, or of its deepest ancestor present
    /// in the text; `None` when not even the first step is in the text.
    pub(crate) fn span(&self, path: &FieldPath, at: At) -> Option<std::ops::Range<usize>> {
        let root = self.root.as_ref()?;
        let mut table: Option<&DeTable<'_>> = Some(root.get_ref());
        let mut array: Option<&[Spanned<DeValue<'_>>]> = None;
        let mut best: Option<std::ops::Range<usize>> = None;
        let last = path.0.len().saturating_sub(1);
        for (i, seg) in path.0.iter().enumerate() {
            let found: Option<(&Spanned<DeValue<'_>>, Option<std::ops::Range<usize>>)> =
                match (seg, table, array) {
                    (Seg::Key(k), Some(t), _) => t
                        .iter()
                        .find(|(key, _)| key.get_ref().as_ref() == k.as_str())
                        .map(|(key, v)| (v, Some(key.span()))),
                    (Seg::Index(n), _, Some(a)) => a.get(*n).map(|v| (v, None)),
                    _ => None,
                };
            let Some((value, key_span)) = found else {
                return best;
            };
            best = match (i == last, at, key_span) {
                (true, At::Key, Some(ks)) => Some(ks),
                _ => Some(value.span()),
            };
            table = None;
            array = None;
            match value.get_ref() {
                DeValue::Table(t) => table = Some(t),
                DeValue::Array(a) => array = Some(a),
                _ => {}
            }
        }
        best
    }

    /// The path of the value whose text holds byte `offset`, for errors the
    /// parser reports by position only (a whole number too large); `None` when
    /// the offset lies in no plain value. Walks the whole document with a stack
    /// of its own, since a table's span covers its header, not its body.
    pub(crate) fn path_at(&self, offset: usize) -> Option<FieldPath> {
        let root = self.root.as_ref()?;
        let mut stack: Vec<(FieldPath, &Spanned<DeValue<'_>>)> = root
            .get_ref()
            .iter()
            .map(|(k, v)| (FieldPath::root().key(k.get_ref()), v))
            .collect();
        while let Some((path, value)) = stack.pop() {
            match value.get_ref() {
                DeValue::Table(t) => {
                    stack.extend(t.iter().map(|(k, v)| (path.key(k.get_ref()), v)))
                }
                DeValue::Array(a) => {
                    stack.extend(a.iter().enumerate().map(|(i, v)| (path.index(i), v)));
                }
                _ if value.span().contains(&offset) => return Some(path),
                _ => {}
            }
        }
        None
    }

    /// Line and column of a path (see [`Locator::span`]).
    pub(crate) fn locate(&self, path: &FieldPath, at: At) -> Option<(usize, usize)> {
        self.span(path, at).map(|s| self.line_col(s.start))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "name = \"x\"\n\n[[alliances]]\nname = \"a\"\n\n[[alliances]]\nname = \"b\"\nreliability = 1.5\n";

    #[test]
    fn finds_values_keys_and_ancestors() {
        let loc = Locator::new(TEXT);
        let rel = FieldPath::root()
            .key("alliances")
            .index(1)
            .key("reliability");
        assert_eq!(loc.locate(&rel, At::Value), Some((8, 15)));
        assert_eq!(loc.locate(&rel, At::Key), Some((8, 1)));
        let missing = FieldPath::root().key("alliances").index(0).key("kind");
        assert_eq!(loc.locate(&missing, At::Value), Some((3, 1)));
        assert_eq!(loc.locate(&FieldPath::root().key("nope"), At::Value), None);
    }

    #[test]
    fn finds_the_path_of_a_position() {
        let text = "[generate]\nseed = 18446744073709551615\n[[alliances]]\nmembers = [\"A\", 99999999999999999999]\n";
        let loc = Locator::new(text);
        let at = |needle: &str| text.find(needle).unwrap();
        assert_eq!(
            loc.path_at(at("1844")).map(|p| p.to_string()).as_deref(),
            Some("generate.seed")
        );
        assert_eq!(
            loc.path_at(at("9999")).map(|p| p.to_string()).as_deref(),
            Some("alliances[0].members[1]")
        );
        assert_eq!(loc.path_at(0), None);
    }

    #[test]
    fn columns_count_characters() {
        let loc = Locator::new("name = \"é\" \nx = 1");
        assert_eq!(loc.line_col(0), (1, 1));
        assert_eq!(loc.line_col(11), (1, 11));
        assert_eq!(loc.line_col(13), (2, 1));
        assert_eq!(loc.line_col(1000), (2, 6));
    }
}
