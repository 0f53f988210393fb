//! The run manifest (`manifest.json`): everything needed to reproduce a run.
//!
//! Mesa and BehaviorSpace users' most common complaint is results whose seed
//! and settings were never recorded; the manifest records the resolved
//! scenario (after overrides and defaults), its hash, the seed, the counts and
//! the command line, so a run can be repeated and two runs told apart.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};

use super::OutputError;

/// The value of the manifest's `tool` field, by which earlier runs are recognised.
pub const TOOL_NAME: &str = "deterrence";

/// The contents of `manifest.json`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    /// Always [`TOOL_NAME`].
    pub tool: String,
    /// The version of the program that wrote the run.
    pub version: String,
    /// The command line, one argument per element.
    pub command_line: Vec<String>,
    /// The scenario file as given on the command line.
    pub scenario_file: String,
    /// Hex SHA-256 of the resolved scenario's canonical JSON (see [`scenario_hash`]).
    pub scenario_hash: String,
    /// The scenario seed.
    pub seed: u64,
    /// Replications run.
    pub replications: u32,
    /// Years simulated per replication.
    pub years: u32,
    /// Worker threads used (which never changes the results).
    pub threads: usize,
    /// Wall-clock duration of the run.
    pub wall_time_seconds: f64,
    /// The resolved scenario, after overrides and defaults.
    pub scenario: Value,
    /// Files the run wrote, relative to the output directory.
    pub files: Vec<String>,
    /// Fields added by later commands or versions, written at the top level.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl Manifest {
    /// A manifest for `scenario` read from `scenario_file`, with tool, version and hash filled in and every count zero.
    pub fn new(scenario_file: impl Into<String>, scenario: Value) -> Self {
        Manifest {
            tool: TOOL_NAME.to_string(),
            version: env!("CARGO_PKG_VERSION").to_string(),
            command_line: Vec::new(),
            scenario_file: scenario_file.into(),
            scenario_hash: scenario_hash(&scenario),
            seed: 0,
            replications: 0,
            years: 0,
            threads: 0,
            wall_time_seconds: 0.0,
            scenario,
            files: Vec::new(),
            extra: Map::new(),
        }
    }

    /// Pretty-printed JSON with a final newline, ready to write as `manifest.json`.
    pub fn to_json_pretty(&self) -> Result<String, OutputError> {
        let mut text =
            serde_json::to_string_pretty(self).map_err(|e| OutputError::Manifest(e.to_string()))?;
        text.push('\n');
        Ok(text)
    }
}

/// Hex SHA-256 of the canonical JSON of `resolved`: object keys sorted by code
/// point at every depth, no whitespace, serde_json's number and string forms.
///
/// The keys are sorted here rather than relying on `serde_json::Map` being a
/// `BTreeMap`, which it stops being if any crate in the build enables
/// serde_json's `preserve_order` feature.
pub fn scenario_hash(resolved: &Value) -> String {
    let mut canonical = String::new();
    write_canonical(resolved, &mut canonical);
    let digest = Sha256::digest(canonical.as_bytes());
    let mut hex = String::with_capacity(64);
    for byte in digest {
        hex.push(HEX[usize::from(byte >> 4)] as char);
        hex.push(HEX[usize::from(byte & 0x0f)] as char);
    }
    hex
}

const HEX: &[u8; 16] = b"0123456789abcdef";

fn write_canonical(value: &Value, out: &mut String) {
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => out.push_str(&n.to_string()),
        Value::String(s) => write_string(s, out),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_canonical(item, out);
            }
            out.push(']');
        }
        Value::Object(map) => {
            let mut entries: Vec<(&String, &Value)> = map.iter().collect();
            entries.sort_by(|a, b| a.0.cmp(b.0));
            out.push('{');
            for (i, (key, item)) in entries.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_string(key, out);
                out.push(':');
                write_canonical(item, out);
            }
            out.push('}');
        }
    }
}

/// A JSON string literal, escaped exactly as serde_json escapes it.
fn write_string(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{08}' => out.push_str("\\b"),
            '\u{0c}' => out.push_str("\\f"),
            c if u32::from(c) < 0x20 => {
                let code = u32::from(c) as usize;
                out.push_str("\\u00");
                out.push(HEX[code >> 4] as char);
                out.push(HEX[code & 0x0f] as char);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn hash_ignores_key_order_but_not_values() {
        let a = json!({"name": "Two blocs", "simulation": {"seed": 42, "years": 200}});
        let b: Value = serde_json::from_str(
            r#"{"simulation": {"years": 200, "seed": 42}, "name": "Two blocs"}"#,
        )
        .unwrap();
        assert_eq!(scenario_hash(&a), scenario_hash(&b));
        let c = json!({"name": "Two blocs", "simulation": {"seed": 43, "years": 200}});
        assert_ne!(scenario_hash(&a), scenario_hash(&c));
        // Array order is meaningful (states, alliances) and changes the hash.
        assert_ne!(scenario_hash(&json!([1, 2])), scenario_hash(&json!([2, 1])));
    }

    #[test]
    fn hash_is_sha256_of_the_compact_sorted_json() {
        // The digest of the two bytes `{}`, checked independently, pins the algorithm.
        assert_eq!(
            scenario_hash(&json!({})),
            "44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a"
        );
        let mut canonical = String::new();
        let value =
            json!({"b": [1, 2.5, null, true], "a": "x\"y\\z\n\u{1}é", "c": {"z": 1, "y": -0.0}});
        write_canonical(&value, &mut canonical);
        assert_eq!(
            canonical,
            r#"{"a":"x\"y\\z\n\u0001é","b":[1,2.5,null,true],"c":{"y":-0.0,"z":1}}"#
        );
    }

    #[test]
    fn canonical_strings_match_serde_json() {
        let samples = [
            "plain",
            "tab\there",
            "\u{0}\u{1f}\u{7f}",
            "quote\"back\\slash",
            "ünï",
        ];
        for s in samples {
            let mut ours = String::new();
            write_string(s, &mut ours);
            assert_eq!(ours, serde_json::to_string(s).unwrap());
        }
    }

    #[test]
    fn manifest_serializes_with_extras_at_the_top_level() {
        let mut m = Manifest::new("scenarios/two_blocs.toml", json!({"name": "Two blocs"}));
        m.command_line = vec!["deterrence".into(), "run".into(), "x.toml".into()];
        m.seed = 42;
        m.replications = 1000;
        m.years = 200;
        m.threads = 8;
        m.wall_time_seconds = 1.5;
        m.files = vec!["runs.csv".into(), "summary.csv".into()];
        m.extra.insert("variants".into(), json!(["a", "b"]));
        let text = m.to_json_pretty().unwrap();
        assert!(text.ends_with("}\n"));
        let value: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(value["tool"], "deterrence");
        assert_eq!(value["version"], env!("CARGO_PKG_VERSION"));
        assert_eq!(value["seed"], 42);
        assert_eq!(value["scenario"]["name"], "Two blocs");
        assert_eq!(
            value["scenario_hash"],
            scenario_hash(&json!({"name": "Two blocs"}))
        );
        assert_eq!(value["variants"], json!(["a", "b"]));
        assert!(value.get("extra").is_none());
        let back: Manifest = serde_json::from_str(&text).unwrap();
        assert_eq!(back, m);
    }
}
