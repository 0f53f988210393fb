//! A scenario read back from the resolved form an output's `manifest.json`
//! records (states, borders, alliances and crises by index; every default
//! filled in), so that a finished run can be simulated again — one replication
//! of it told as a story, say — without its scenario file, which may since
//! have changed.
//!
//! The resolved form is turned back into scenario text (indices become ids)
//! and goes through the same parsing and validation as any file, so a
//! manifest edited by hand is checked like a scenario, never trusted.

use serde_json::Value as Json;
use toml::{Table, Value};

use super::{Scenario, ScenarioError, load_str};

/// The scenario of a manifest's `"scenario"` object; `origin` names the
/// manifest in messages.
pub fn from_resolved(origin: &str, json: &Json) -> Result<Scenario, ScenarioError> {
    let bad = |what: &str| {
        ScenarioError::plain(
            origin,
            format!("the recorded scenario is not as this version writes it: {what}"),
        )
    };
    let obj = json.as_object().ok_or_else(|| bad("not an object"))?;
    let world = obj
        .get("world")
        .and_then(Json::as_object)
        .ok_or_else(|| bad("no world"))?;
    let states = world
        .get("states")
        .and_then(Json::as_array)
        .ok_or_else(|| bad("no states"))?;
    let ids: Vec<String> = states
        .iter()
        .map(|s| s.get("id").and_then(Json::as_str).map(str::to_string))
        .collect::<Option<_>>()
        .ok_or_else(|| bad("a state without an id"))?;
    let id_of = |v: &Json| -> Result<Value, ScenarioError> {
        v.as_u64()
            .and_then(|i| ids.get(usize::try_from(i).ok()?))
            .map(|s| Value::String(s.clone()))
            .ok_or_else(|| bad("a state index out of range"))
    };

    let mut doc = Table::new();
    for key in ["name", "description"] {
        if let Some(v) = obj.get(key).and_then(toml_value) {
            doc.insert(key.into(), v);
        }
    }
    for key in ["simulation", "model"] {
        if let Some(v) = obj.get(key).and_then(toml_value) {
            doc.insert(key.into(), v);
        }
    }
    doc.insert(
        "states".into(),
        Value::Array(states.iter().filter_map(toml_value).collect()),
    );
    let mut map = Table::new();
    let borders = world
        .get("borders")
        .and_then(Json::as_array)
        .map(Vec::as_slice)
        .unwrap_or_default();
    let mut pairs = Vec::with_capacity(borders.len());
    for b in borders {
        match b.as_array().map(Vec::as_slice) {
            Some([a, b]) => pairs.push(Value::Array(vec![id_of(a)?, id_of(b)?])),
            _ => return Err(bad("a border that is not a pair")),
        }
    }
    map.insert("borders".into(), Value::Array(pairs));
    doc.insert("map".into(), Value::Table(map));
    let mut alliances = Vec::new();
    for a in world
        .get("alliances")
        .and_then(Json::as_array)
        .map(Vec::as_slice)
        .unwrap_or_default()
    {
        let Some(Value::Table(mut t)) = toml_value(a) else {
            return Err(bad("an alliance that is not a table"));
        };
        let members = a
            .get("members")
            .and_then(Json::as_array)
            .ok_or_else(|| bad("an alliance without members"))?
            .iter()
            .map(id_of)
            .collect::<Result<Vec<_>, _>>()?;
        t.insert("members".into(), Value::Array(members));
        alliances.push(Value::Table(t));
    }
    doc.insert("alliances".into(), Value::Array(alliances));
    let mut crises = Vec::new();
    for c in world
        .get("crises")
        .and_then(Json::as_array)
        .map(Vec::as_slice)
        .unwrap_or_default()
    {
        let Some(Value::Table(mut t)) = toml_value(c) else {
            return Err(bad("a crisis that is not a table"));
        };
        for side in ["challenger", "target"] {
            let s = c
                .get(side)
                .ok_or_else(|| bad("a crisis without its states"))?;
            t.insert(side.into(), id_of(s)?);
        }
        crises.push(Value::Table(t));
    }
    if !crises.is_empty() {
        doc.insert("crises".into(), Value::Array(crises));
    }
    let text = toml::to_string(&doc).map_err(|e| bad(&e.to_string()))?;
    load_str(origin, &text, &[])
}

/// A JSON value as TOML (which has no null: nulls and tables' null entries are left out).
fn toml_value(v: &Json) -> Option<Value> {
    Some(match v {
        Json::Null => return None,
        Json::Bool(b) => Value::Boolean(*b),
        Json::Number(n) => match n.as_i64() {
            Some(i) => Value::Integer(i),
            None => Value::Float(n.as_f64()?),
        },
        Json::String(s) => Value::String(s.clone()),
        Json::Array(xs) => Value::Array(xs.iter().filter_map(toml_value).collect()),
        Json::Object(m) => Value::Table(
            m.iter()
                .filter_map(|(k, v)| Some((k.clone(), toml_value(v)?)))
                .collect(),
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_shipped_scenario_comes_back_from_its_resolved_form() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
        let mut seen = 0;
        for entry in std::fs::read_dir(dir).expect("scenarios/") {
            let path = entry.expect("entry").path();
            let s = crate::scenario::load(&path, &[]).expect("a shipped scenario is valid");
            let json = serde_json::to_value(&s).expect("serializes");
            let back = from_resolved("manifest.json", &json).expect("reads back");
            let mut expected = s.clone();
            expected.variants.clear();
            assert_eq!(back, expected, "{}", path.display());
            seen += 1;
        }
        assert!(seen >= 10);
    }

    #[test]
    fn a_damaged_record_is_refused_not_trusted() {
        let path =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/two-blocs.toml");
        let s = crate::scenario::load(&path, &[]).expect("valid");
        let mut json = serde_json::to_value(&s).expect("serializes");
        json["world"]["alliances"][0]["members"][1] = serde_json::json!(99);
        let e = from_resolved("m.json", &json).expect_err("out of range");
        assert!(e.to_string().contains("out of range"), "{e}");
        json["world"]["alliances"][0]["members"][1] = serde_json::json!(1);
        json["model"]["dispute_rate"] = serde_json::json!(-3.0);
        let e = from_resolved("m.json", &json).expect_err("invalid parameter");
        assert!(e.to_string().contains("dispute_rate"), "{e}");
    }
}
