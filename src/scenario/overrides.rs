//! Overrides: `--set KEY=VALUE` from the command line and the `set` tables of
//! `[[variants]]`, applied to the parsed document before it is validated.
//!
//! A path is dotted (`simulation.years`); a number steps into an array
//! (`states.0.capability`) and `*` into every element of one
//! (`alliances.*.reliability`). Missing tables on the way are created, so
//! `--set model.stakes=0.3` works on a file without `[model]`; a key that the
//! format does not know is then rejected by validation like any typo.

use std::str::FromStr;

use toml::{Table, Value};

use super::path::{PatSeg, parse_pattern};

/// Where an override came from, for error messages.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Origin {
    /// `--set KEY=VALUE`, as typed.
    CommandLine(String),
    /// Entry `key` of the `set` table of variant `index` named `name`.
    Variant {
        index: usize,
        name: String,
        key: String,
    },
}

/// One override: a path pattern and the value to put there.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Override {
    pub(crate) pattern: Vec<PatSeg>,
    pub(crate) value: Value,
    pub(crate) origin: Origin,
}

impl Override {
    /// How to name this override in a message, e.g. `--set simulation.years=0`.
    pub(crate) fn describe(&self) -> String {
        match &self.origin {
            Origin::CommandLine(s) => format!("--set {s}"),
            Origin::Variant { name, key, .. } => {
                format!("variant {name:?}: {key:?} = {}", short_value(&self.value))
            }
        }
    }

    /// The first key of the path (`alliances` in `alliances.*.reliability`).
    pub(crate) fn top_key(&self) -> Option<&str> {
        match self.pattern.first() {
            Some(PatSeg::Name(n)) => Some(n),
            _ => None,
        }
    }
}

/// A value as it would be written in TOML, shortened for messages.
pub(crate) fn short_value(v: &Value) -> String {
    let s = match v {
        Value::String(s) => format!("{s:?}"),
        Value::Array(a) if a.is_empty() => "[]".to_string(),
        Value::Table(t) if t.is_empty() => "{}".to_string(),
        other => other.to_string(),
    };
    if s.chars().count() > 60 {
        let cut: String = s.chars().take(57).collect();
        format!("{cut}...")
    } else {
        s
    }
}

/// An argument as echoed in a message: whole when short, else its start and its length,
/// so a hostile `--set` of megabytes cannot make a message megabytes long.
fn shown(arg: &str) -> String {
    const MAX: usize = 80;
    let chars = arg.chars().count();
    if chars <= MAX {
        return arg.to_string();
    }
    let head: String = arg.chars().take(MAX).collect();
    format!("{head}… ({chars} characters)")
}

/// Parses one `KEY=VALUE` from the command line; the value must be TOML.
pub(crate) fn parse_cli(arg: &str) -> Result<Override, String> {
    let said = shown(arg);
    let Some((key, raw)) = arg.split_once('=') else {
        return Err(format!(
            "--set {said}: expected KEY=VALUE, e.g. --set simulation.years=50"
        ));
    };
    let pattern = parse_pattern(key).map_err(|e| format!("--set {said}: {e}"))?;
    if pattern.first() == Some(&PatSeg::Name("variants".into())) {
        return Err(format!(
            "--set {said}: variants cannot be overridden; edit the file's [[variants]]"
        ));
    }
    let raw = raw.trim();
    let value = Value::from_str(raw).map_err(|e| {
        let digits = raw.strip_prefix(['+', '-']).unwrap_or(raw);
        let whole_number =
            !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit() || b == b'_');
        let plain_word = !raw.is_empty()
            && raw
                .chars()
                .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | ' ' | '.'));
        if whole_number {
            format!(
                "--set {said}: {raw} is out of range; whole numbers in a scenario go from \
                 -9223372036854775808 to 9223372036854775807 (-2^63 to 2^63-1)"
            )
        } else if plain_word {
            format!(
                "--set {said}: the value must be TOML; for a string write {}='\"{}\"'",
                key.trim(),
                shown(raw)
            )
        } else {
            format!(
                "--set {said}: the value is not valid TOML ({})",
                e.message().trim()
            )
        }
    })?;
    Ok(Override {
        pattern,
        value,
        origin: Origin::CommandLine(said),
    })
}

/// Applies one override to a document.
pub(crate) fn apply(doc: &mut Table, ov: &Override) -> Result<(), String> {
    set_in_table(doc, &ov.pattern, &ov.value, "")
}

fn join(done: &str, name: &str) -> String {
    if done.is_empty() {
        name.to_string()
    } else {
        format!("{done}.{name}")
    }
}

/// Tables of the format that hold arrays of tables; `*` over a missing one sets nothing.
const ARRAYS_OF_TABLES: &[&str] = &["states", "alliances"];

fn set_in_table(
    table: &mut Table,
    segs: &[PatSeg],
    value: &Value,
    done: &str,
) -> Result<(), String> {
    let Some((first, rest)) = segs.split_first() else {
        return Ok(());
    };
    let name = match first {
        PatSeg::All => {
            let what = if done.is_empty() {
                "the document".to_string()
            } else {
                format!("`{done}`")
            };
            return Err(format!(
                "`*` stands for every element of an array, but {what} is a table"
            ));
        }
        PatSeg::Name(n) => n,
    };
    let here = join(done, name);
    if rest.is_empty() {
        table.insert(name.clone(), value.clone());
        return Ok(());
    }
    if !table.contains_key(name) {
        match rest.first() {
            Some(PatSeg::All) if done.is_empty() && ARRAYS_OF_TABLES.contains(&name.as_str()) => {
                return Ok(());
            }
            Some(PatSeg::All) => {
                return Err(format!(
                    "`{here}` does not exist, so `*` has nothing to range over"
                ));
            }
            Some(seg) if seg.as_index().is_some() => {
                return Err(format!(
                    "`{here}` does not exist, so it has no element to index"
                ));
            }
            _ => {
                table.insert(name.clone(), Value::Table(Table::new()));
            }
        }
    }
    match table.get_mut(name) {
        Some(v) => set_in_value(v, rest, value, &here),
        None => Ok(()),
    }
}

fn set_in_value(
    target: &mut Value,
    segs: &[PatSeg],
    value: &Value,
    done: &str,
) -> Result<(), String> {
    let Some((first, rest)) = segs.split_first() else {
        *target = value.clone();
        return Ok(());
    };
    match target {
        Value::Table(t) => set_in_table(t, segs, value, done),
        Value::Array(items) => match first {
            PatSeg::All => {
                let here = format!("{done}.*");
                for item in items.iter_mut() {
                    set_in_value(item, rest, value, &here)?;
                }
                Ok(())
            }
            PatSeg::Name(n) => {
                let Some(i) = first.as_index() else {
                    return Err(format!(
                        "`{done}` is an array; step into it with an index (0, 1, …) or `*`, not `{n}`"
                    ));
                };
                let len = items.len();
                match items.get_mut(i) {
                    Some(item) => set_in_value(item, rest, value, &join(done, n)),
                    None => Err(format!(
                        "index {i} is out of range: `{done}` has {len} element{} (indices start at 0)",
                        if len == 1 { "" } else { "s" }
                    )),
                }
            }
        },
        other => {
            let step = match first {
                PatSeg::All => "*".to_string(),
                PatSeg::Name(n) => n.clone(),
            };
            Err(format!(
                "`{done}` is {}, so it has no `{step}` inside",
                type_phrase(other)
            ))
        }
    }
}

/// "a string", "an integer", … for messages.
pub(crate) fn type_phrase(v: &Value) -> &'static str {
    match v {
        Value::String(_) => "a string",
        Value::Integer(_) => "an integer",
        Value::Float(_) => "a number",
        Value::Boolean(_) => "a boolean",
        Value::Datetime(_) => "a date-time",
        Value::Array(_) => "an array",
        Value::Table(_) => "a table",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc() -> Table {
        toml::from_str(
            "name = 'x'\n[[states]]\nid='A'\n[[states]]\nid='B'\n[[alliances]]\nreliability=0.5\n[[alliances]]\nreliability=0.6\n",
        )
        .unwrap()
    }

    fn set(doc: &mut Table, arg: &str) -> Result<(), String> {
        apply(doc, &parse_cli(arg)?)
    }

    #[test]
    fn star_index_and_new_tables() {
        let mut d = doc();
        set(&mut d, "alliances.*.reliability=0.3").unwrap();
        for a in d["alliances"].as_array().unwrap() {
            assert_eq!(a["reliability"].as_float(), Some(0.3));
        }
        set(&mut d, "states.1.capability=5").unwrap();
        assert_eq!(d["states"][1]["capability"].as_integer(), Some(5));
        set(&mut d, "model.stakes=0.25").unwrap();
        assert_eq!(d["model"]["stakes"].as_float(), Some(0.25));
        set(&mut d, "alliances=[]").unwrap();
        assert!(d["alliances"].as_array().unwrap().is_empty());
        set(&mut d, "name=\"Y\"").unwrap();
        assert_eq!(d["name"].as_str(), Some("Y"));
    }

    #[test]
    fn bad_paths_and_values_explain_themselves() {
        let mut d = doc();
        let e = set(&mut d, "name=Foo").unwrap_err();
        assert_eq!(
            e,
            "--set name=Foo: the value must be TOML; for a string write name='\"Foo\"'"
        );
        let e = set(&mut d, "name.*.x=1").unwrap_err();
        assert!(e.contains("`name` is a string"), "{e}");
        let e = set(&mut d, "model.*.x=1").unwrap_err();
        assert!(e.contains("`model` does not exist"), "{e}");
        let e = set(&mut d, "states.9.id='Z'").unwrap_err();
        assert!(
            e.contains("index 9 is out of range: `states` has 2 elements"),
            "{e}"
        );
        let e = set(&mut d, "states.first.id='Z'").unwrap_err();
        assert!(e.contains("`states` is an array"), "{e}");
        let e = set(&mut d, "years").unwrap_err();
        assert!(e.contains("expected KEY=VALUE"), "{e}");
        let e = set(&mut d, "x=[1,").unwrap_err();
        assert!(e.contains("not valid TOML"), "{e}");
        let e = set(&mut d, "*=1").unwrap_err();
        assert!(e.contains("the document is a table"), "{e}");
        let e = set(&mut d, "variants.0.name='x'").unwrap_err();
        assert!(e.contains("variants cannot be overridden"), "{e}");
        let e = set(&mut d, "simulation.seed=18446744073709551615").unwrap_err();
        assert_eq!(
            e,
            "--set simulation.seed=18446744073709551615: 18446744073709551615 is out of range; \
             whole numbers in a scenario go from -9223372036854775808 to 9223372036854775807 \
             (-2^63 to 2^63-1)"
        );
    }

    #[test]
    fn hostile_arguments_are_not_echoed_whole() {
        let mut d = doc();
        let key = vec!["a"; 30_000].join(".");
        let e = set(&mut d, &format!("{key}=1")).unwrap_err();
        assert!(e.len() < 250, "{e}");
        assert!(e.contains("(60001 characters)"), "{e}");
        let e = set(&mut d, &format!("name={}", "x".repeat(10_000))).unwrap_err();
        assert!(e.len() < 400, "{e}");
    }

    #[test]
    fn star_over_missing_alliances_sets_nothing() {
        let mut d: Table = toml::from_str("name = 'x'").unwrap();
        set(&mut d, "alliances.*.reliability=1.0").unwrap();
        assert!(!d.contains_key("alliances"));
    }
}
