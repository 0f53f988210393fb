//! Field paths (`alliances[1].reliability`) for error messages, and the dotted
//! patterns (`alliances.*.reliability`) that `--set` and variants use to name values.

use std::fmt;

/// One step into a TOML document: a table key or an array index.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Seg {
    Key(String),
    Index(usize),
}

/// Where a value sits in a scenario document, e.g. `alliances[1].reliability`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct FieldPath(pub(crate) Vec<Seg>);

impl FieldPath {
    /// The document itself.
    pub(crate) fn root() -> Self {
        FieldPath(Vec::new())
    }

    /// This path extended by a table key.
    pub(crate) fn key(&self, key: &str) -> Self {
        let mut segs = self.0.clone();
        segs.push(Seg::Key(key.to_string()));
        FieldPath(segs)
    }

    /// This path extended by an array index.
    pub(crate) fn index(&self, index: usize) -> Self {
        let mut segs = self.0.clone();
        segs.push(Seg::Index(index));
        FieldPath(segs)
    }

    /// The first key, if the path starts with one.
    pub(crate) fn first_key(&self) -> Option<&str> {
        match self.0.first() {
            Some(Seg::Key(k)) => Some(k),
            _ => None,
        }
    }
}

/// Whether a key can be written bare in TOML (otherwise it is shown quoted).
fn is_bare_key(key: &str) -> bool {
    !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

/// Keys longer than this are shortened in messages, so a hostile file cannot
/// make one error line megabytes long.
const MAX_SHOWN_KEY_CHARS: usize = 40;

fn write_key(f: &mut fmt::Formatter<'_>, key: &str) -> fmt::Result {
    let chars = key.chars().count();
    if chars > MAX_SHOWN_KEY_CHARS {
        let head: String = key.chars().take(MAX_SHOWN_KEY_CHARS).collect();
        write!(f, "{:?}", format!("{head}…"))?;
        return write!(f, " ({chars} characters)");
    }
    if is_bare_key(key) {
        f.write_str(key)
    } else {
        write!(f, "{key:?}")
    }
}

impl fmt::Display for FieldPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, seg) in self.0.iter().enumerate() {
            match seg {
                Seg::Key(k) => {
                    if i > 0 {
                        f.write_str(".")?;
                    }
                    write_key(f, k)?;
                }
                Seg::Index(n) => write!(f, "[{n}]")?,
            }
        }
        Ok(())
    }
}

/// One step of an override pattern: a name (a key, or an index when it is a
/// number and meets an array) or `*` (every element of an array).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum PatSeg {
    Name(String),
    All,
}

impl PatSeg {
    /// The name read as an array index, if it is one.
    pub(crate) fn as_index(&self) -> Option<usize> {
        match self {
            PatSeg::Name(s) if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) => {
                s.parse().ok()
            }
            _ => None,
        }
    }
}

/// Most steps an override path may have. The format's deepest value is four
/// steps down (`alliances.0.members.1`); the bound keeps a hostile path from
/// building a document so deep that walking or dropping it exhausts the stack.
pub const MAX_PATH_STEPS: usize = 16;

/// Longest override path, in characters (keys are short: ids have at most 32).
pub const MAX_PATH_CHARS: usize = 256;

/// Parses a dotted override path such as `alliances.*.reliability`,
/// `states.0.capability` or `model."stakes"`.
pub(crate) fn parse_pattern(text: &str) -> Result<Vec<PatSeg>, String> {
    let text = text.trim();
    if text.is_empty() {
        return Err("the path is empty".into());
    }
    let chars = text.chars().count();
    if chars > MAX_PATH_CHARS {
        return Err(format!(
            "the path is {chars} characters long; at most {MAX_PATH_CHARS} are allowed"
        ));
    }
    let mut segs = Vec::new();
    let mut chars = text.chars().peekable();
    loop {
        let mut name = String::new();
        let quoted = chars.peek() == Some(&'"');
        if quoted {
            chars.next();
            let mut closed = false;
            for c in chars.by_ref() {
                if c == '"' {
                    closed = true;
                    break;
                }
                name.push(c);
            }
            if !closed {
                return Err(format!("unclosed quote in the path `{text}`"));
            }
            segs.push(PatSeg::Name(name));
        } else {
            while let Some(&c) = chars.peek() {
                if c == '.' {
                    break;
                }
                name.push(c);
                chars.next();
            }
            let name = name.trim();
            if name.is_empty() {
                return Err(format!(
                    "empty step in the path `{text}` (two dots, or a dot at an end)"
                ));
            }
            if name == "*" {
                segs.push(PatSeg::All);
            } else if is_bare_key(name) {
                segs.push(PatSeg::Name(name.to_string()));
            } else {
                return Err(format!(
                    "`{name}` in the path `{text}` is not a plain key \
                     (letters, digits, `_` and `-`); quote it, or use `*` for every element"
                ));
            }
        }
        match chars.next() {
            None => break,
            Some('.') => {}
            Some(c) => return Err(format!("unexpected `{c}` in the path `{text}`")),
        }
        if segs.len() == MAX_PATH_STEPS {
            return Err(format!(
                "the path has more than {MAX_PATH_STEPS} steps; no value of the format lies that deep"
            ));
        }
    }
    Ok(segs)
}

/// Whether an override pattern covers a field path (the pattern names the
/// path itself or one of its ancestors).
pub(crate) fn pattern_covers(pattern: &[PatSeg], path: &FieldPath) -> bool {
    if pattern.len() > path.0.len() {
        return false;
    }
    pattern.iter().zip(&path.0).all(|(p, s)| match (p, s) {
        (PatSeg::All, Seg::Index(_)) => true,
        (PatSeg::All, Seg::Key(_)) => false,
        (PatSeg::Name(n), Seg::Key(k)) => n == k,
        (PatSeg::Name(_), Seg::Index(i)) => p.as_index() == Some(*i),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_display_like_toml() {
        let p = FieldPath::root()
            .key("alliances")
            .index(1)
            .key("reliability");
        assert_eq!(p.to_string(), "alliances[1].reliability");
        let q = FieldPath::root().key("set").key("model.stakes");
        assert_eq!(q.to_string(), "set.\"model.stakes\"");
    }

    #[test]
    fn long_keys_are_shortened() {
        let long = "é".repeat(100_000);
        let shown = FieldPath::root().key("states").key(&long).to_string();
        let head = "é".repeat(40);
        assert_eq!(shown, format!("states.\"{head}…\" (100000 characters)"));
        let forty = "k".repeat(40);
        assert_eq!(FieldPath::root().key(&forty).to_string(), forty);
    }

    #[test]
    fn patterns_parse() {
        assert_eq!(
            parse_pattern("alliances.*.reliability").unwrap(),
            vec![
                PatSeg::Name("alliances".into()),
                PatSeg::All,
                PatSeg::Name("reliability".into())
            ]
        );
        assert_eq!(
            parse_pattern("\"model.stakes\"").unwrap(),
            vec![PatSeg::Name("model.stakes".into())]
        );
        assert!(parse_pattern("a..b").is_err());
        assert!(parse_pattern("").is_err());
        assert!(parse_pattern("a b").is_err());
        assert!(parse_pattern("\"a").is_err());
    }

    #[test]
    fn deep_and_long_paths_are_refused_before_any_work() {
        let deepest = vec!["a"; MAX_PATH_STEPS].join(".");
        assert_eq!(parse_pattern(&deepest).unwrap().len(), MAX_PATH_STEPS);
        let deeper = vec!["a"; MAX_PATH_STEPS + 1].join(".");
        let e = parse_pattern(&deeper).unwrap_err();
        assert!(e.contains("more than 16 steps"), "{e}");
        let hostile = vec!["a"; 30_000].join(".");
        let e = parse_pattern(&hostile).unwrap_err();
        assert!(e.contains("59999 characters long; at most 256"), "{e}");
        // The message never echoes a hostile path.
        assert!(e.len() < 100, "{e}");
        let long = "k".repeat(MAX_PATH_CHARS + 1);
        assert!(parse_pattern(&long).is_err());
        assert!(parse_pattern(&"k".repeat(MAX_PATH_CHARS)).is_ok());
    }

    #[test]
    fn coverage() {
        let pat = parse_pattern("alliances.*.reliability").unwrap();
        let path = FieldPath::root()
            .key("alliances")
            .index(3)
            .key("reliability");
        assert!(pattern_covers(&pat, &path));
        let pat = parse_pattern("states.0").unwrap();
        assert!(pattern_covers(
            &pat,
            &FieldPath::root().key("states").index(0).key("id")
        ));
        assert!(!pattern_covers(
            &pat,
            &FieldPath::root().key("states").index(1).key("id")
        ));
    }
}
