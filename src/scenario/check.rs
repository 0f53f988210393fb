//! Typed reading of a parsed TOML table with error collection: each getter
//! records what was expected and found under the field's path and moves on,
//! so one pass reports every problem rather than the first.

use toml::{Table, Value};

use super::location::At;
use super::path::FieldPath;

/// Largest capability or wealth a scenario may give a state: totals over the
/// largest world stay far from the floating-point range, and the model rescales
/// what growth adds over long runs.
pub const MAX_AMOUNT: f64 = 1e100;

/// A problem found while validating, before it is given a file location.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Issue {
    pub(crate) path: FieldPath,
    pub(crate) at: At,
    pub(crate) message: String,
    /// Index of the override that caused it, when that is known for certain.
    pub(crate) blame: Option<usize>,
}

/// Collects issues while reading a document.
#[derive(Debug, Default)]
pub(crate) struct Checker {
    pub(crate) issues: Vec<Issue>,
}

/// A number as TOML would write it (`nan`, `inf`, `1.5`, `2.0`).
pub(crate) fn fmt_float(x: f64) -> String {
    if x.is_nan() {
        "nan".into()
    } else if x.is_infinite() {
        if x > 0.0 { "inf".into() } else { "-inf".into() }
    } else {
        format!("{x:?}")
    }
}

/// A found value, as shown after "found".
pub(crate) fn describe(v: &Value) -> String {
    match v {
        Value::String(s) => {
            let s: String = if s.chars().count() > 40 {
                s.chars().take(37).chain("...".chars()).collect()
            } else {
                s.clone()
            };
            format!("{s:?}")
        }
        Value::Integer(i) => i.to_string(),
        Value::Float(x) => fmt_float(*x),
        Value::Boolean(b) => b.to_string(),
        Value::Datetime(d) => format!("the date-time {d}"),
        Value::Array(a) if a.is_empty() => "an empty array".into(),
        Value::Array(_) => "an array".into(),
        Value::Table(_) => "a table".into(),
    }
}

/// Edit distance counting a swap of neighbours as one edit (optimal string
/// alignment), for "did you mean" hints on short strings.
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let w = b.len() + 1;
    let mut d = vec![0usize; (a.len() + 1) * w];
    for i in 0..=a.len() {
        d[i * w] = i;
    }
    for (j, cell) in d.iter_mut().take(w).enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (d[(i - 1) * w + j] + 1)
                .min(d[i * w + j - 1] + 1)
                .min(d[(i - 1) * w + j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(d[(i - 2) * w + j - 2] + 1);
            }
            d[i * w + j] = best;
        }
    }
    d[a.len() * w + b.len()]
}

/// The closest candidate to a misspelt word, if it is close enough to be a likely typo.
pub fn suggest<'c>(word: &str, candidates: impl IntoIterator<Item = &'c str>) -> Option<&'c str> {
    if word.chars().count() > 64 {
        return None;
    }
    let limit = (word.chars().count() / 3).max(1);
    candidates
        .into_iter()
        .map(|c| (edit_distance(&word.to_lowercase(), &c.to_lowercase()), c))
        .filter(|&(d, _)| d <= limit)
        .min_by_key(|&(d, _)| d)
        .map(|(_, c)| c)
}

impl Checker {
    /// Records an issue at a value.
    pub(crate) fn error(&mut self, path: FieldPath, message: impl Into<String>) {
        self.issues.push(Issue {
            path,
            at: At::Value,
            message: message.into(),
            blame: None,
        });
    }

    /// Records an issue at a key (for keys that should not be there).
    pub(crate) fn key_error(&mut self, path: FieldPath, message: impl Into<String>) {
        self.issues.push(Issue {
            path,
            at: At::Key,
            message: message.into(),
            blame: None,
        });
    }

    /// Records "expected …, found …".
    pub(crate) fn expected(&mut self, path: FieldPath, what: &str, found: &Value) {
        self.error(path, format!("expected {what}, found {}", describe(found)));
    }

    /// Reports every key of `table` not in `allowed`, with a hint for likely typos.
    pub(crate) fn known_keys(&mut self, table: &Table, path: &FieldPath, allowed: &[&str]) {
        for key in table.keys() {
            if allowed.contains(&key.as_str()) {
                continue;
            }
            let hint = suggest(key, allowed.iter().copied())
                .map(|s| format!(" (did you mean `{s}`?)"))
                .unwrap_or_default();
            let msg = if allowed.len() <= 12 {
                format!("unknown key{hint}; expected one of: {}", allowed.join(", "))
            } else {
                format!("unknown key{hint}")
            };
            self.key_error(path.key(key), msg);
        }
    }

    /// An optional string.
    pub(crate) fn string(&mut self, t: &Table, key: &str, path: &FieldPath) -> Option<String> {
        match t.get(key)? {
            Value::String(s) => Some(s.clone()),
            other => {
                self.expected(path.key(key), "a string", other);
                None
            }
        }
    }

    /// A required, non-empty string of at most `max` characters.
    pub(crate) fn required_string(
        &mut self,
        t: &Table,
        key: &str,
        path: &FieldPath,
        max: usize,
    ) -> Option<String> {
        if !t.contains_key(key) {
            self.error(path.key(key), "is required (expected a string)");
            return None;
        }
        let s = self.string(t, key, path)?;
        self.short_text(&s, &path.key(key), max).then_some(s)
    }

    /// Checks that a text is non-empty, at most `max` characters, and free of control characters.
    pub(crate) fn short_text(&mut self, s: &str, path: &FieldPath, max: usize) -> bool {
        let n = s.chars().count();
        if s.trim().is_empty() {
            self.error(path.clone(), "expected a non-empty string, found \"\"");
            false
        } else if n > max {
            self.error(
                path.clone(),
                format!("expected at most {max} characters, found {n}"),
            );
            false
        } else if s.chars().any(char::is_control) {
            // Names and ids are printed on terminals: an escape sequence in one
            // could rewrite what the user sees.
            self.error(
                path.clone(),
                format!("expected text without control characters, found {s:?}"),
            );
            false
        } else {
            true
        }
    }

    /// An optional finite number (TOML integers are accepted as numbers).
    pub(crate) fn number(
        &mut self,
        t: &Table,
        key: &str,
        path: &FieldPath,
        what: &str,
    ) -> Option<f64> {
        let v = t.get(key)?;
        let x = match v {
            Value::Float(x) => *x,
            // Integers beyond 2^53 lose precision but stay finite, which is all that matters here.
            Value::Integer(i) => *i as f64,
            other => {
                self.expected(path.key(key), what, other);
                return None;
            }
        };
        if x.is_finite() {
            Some(x)
        } else {
            self.expected(path.key(key), what, v);
            None
        }
    }

    /// An optional number in 0..=1, with a default.
    pub(crate) fn unit(&mut self, t: &Table, key: &str, path: &FieldPath, default: f64) -> f64 {
        self.bounded(t, key, path, 0.0, 1.0, default)
    }

    /// An optional number in `lo..=hi`, with a default.
    pub(crate) fn bounded(
        &mut self,
        t: &Table,
        key: &str,
        path: &FieldPath,
        lo: f64,
        hi: f64,
        default: f64,
    ) -> f64 {
        let what = format!("a number from {} to {}", fmt_num(lo), fmt_num(hi));
        match self.number(t, key, path, &what) {
            Some(x) if (lo..=hi).contains(&x) => x,
            Some(_) => {
                self.out_of_range(t, key, path, &what);
                default
            }
            None => default,
        }
    }

    /// An amount (capability, wealth) that must be positive and at most
    /// [`MAX_AMOUNT`], so that totals over any world stay finite.
    pub(crate) fn positive(&mut self, t: &Table, key: &str, path: &FieldPath) -> Option<f64> {
        const WHAT: &str = "a finite number > 0";
        if !t.contains_key(key) {
            self.error(path.key(key), format!("is required (expected {WHAT})"));
            return None;
        }
        match self.number(t, key, path, WHAT) {
            Some(x) if x > MAX_AMOUNT => {
                self.out_of_range(
                    t,
                    key,
                    path,
                    "a number > 0 and at most 1e100 (only ratios between states matter: \
                     scale the values down)",
                );
                None
            }
            Some(x) if x > 0.0 => Some(x),
            Some(_) => {
                self.out_of_range(t, key, path, WHAT);
                None
            }
            None => None,
        }
    }

    /// An optional whole number in `lo..=hi`, with a default.
    pub(crate) fn integer(
        &mut self,
        t: &Table,
        key: &str,
        path: &FieldPath,
        lo: i64,
        hi: i64,
        default: i64,
    ) -> i64 {
        let what = if hi == i64::MAX {
            format!("a whole number ≥ {lo}")
        } else {
            format!("a whole number from {lo} to {hi}")
        };
        match t.get(key) {
            None => default,
            Some(Value::Integer(i)) if (lo..=hi).contains(i) => *i,
            Some(other) => {
                self.expected(path.key(key), &what, other);
                default
            }
        }
    }

    /// Records "expected …, found …" for a value present in `t`, shown as written.
    fn out_of_range(&mut self, t: &Table, key: &str, path: &FieldPath, what: &str) {
        if let Some(v) = t.get(key) {
            self.expected(path.key(key), what, v);
        }
    }

    /// An optional table.
    pub(crate) fn table<'t>(
        &mut self,
        t: &'t Table,
        key: &str,
        path: &FieldPath,
    ) -> Option<&'t Table> {
        match t.get(key)? {
            Value::Table(inner) => Some(inner),
            other => {
                self.expected(path.key(key), &format!("a table ([{key}])"), other);
                None
            }
        }
    }

    /// An optional array.
    pub(crate) fn array<'t>(
        &mut self,
        t: &'t Table,
        key: &str,
        path: &FieldPath,
        what: &str,
    ) -> Option<&'t [Value]> {
        match t.get(key)? {
            Value::Array(a) => Some(a),
            other => {
                self.expected(path.key(key), what, other);
                None
            }
        }
    }
}

/// A bound as written in a message (`0`, `0.5`, `100000`).
pub(crate) fn fmt_num(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{}", x as i64)
    } else {
        format!("{x}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions_catch_typos_only() {
        let keys = ["capability", "wealth", "risk"];
        assert_eq!(suggest("capabilty", keys), Some("capability"));
        assert_eq!(suggest("wealt", keys), Some("wealth"));
        assert_eq!(suggest("banana", keys), None);
        assert_eq!(suggest("defence", ["defense", "offense"]), Some("defense"));
    }

    #[test]
    fn getters_report_types_and_ranges() {
        let t: Table = toml::from_str("a = 'x'\nb = nan\nc = 1.5\nd = -3\ne = 2").unwrap();
        let p = FieldPath::root().key("s");
        let mut ck = Checker::default();
        assert_eq!(ck.number(&t, "a", &p, "a number"), None);
        assert_eq!(ck.number(&t, "b", &p, "a number"), None);
        assert_eq!(ck.unit(&t, "c", &p, 0.5), 0.5);
        assert_eq!(ck.integer(&t, "d", &p, 1, 10, 7), 7);
        assert_eq!(ck.integer(&t, "e", &p, 1, 10, 7), 2);
        assert_eq!(ck.unit(&t, "missing", &p, 0.25), 0.25);
        let msgs: Vec<String> = ck
            .issues
            .iter()
            .map(|i| format!("{}: {}", i.path, i.message))
            .collect();
        assert_eq!(
            msgs,
            vec![
                "s.a: expected a number, found \"x\"",
                "s.b: expected a number, found nan",
                "s.c: expected a number from 0 to 1, found 1.5",
                "s.d: expected a whole number from 1 to 10, found -3",
            ]
        );
    }
}
