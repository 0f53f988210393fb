//! Validation: turns a parsed (and overridden) document into the checked types
//! of `spec.rs`, recording every problem with its field path.

use std::collections::HashMap;

use toml::{Table, Value};

use super::check::{Checker, describe, fmt_float, suggest};
use super::layout;
use super::params::ModelParams;
use super::path::FieldPath;
use super::spec::{AllianceKind, AllianceSpec, CrisisSpec, Simulation, StateSpec, WorldSpec};

/// Most states a scenario may have.
pub const MAX_STATES: usize = 100_000;
/// Most years a replication may last.
pub const MAX_YEARS: i64 = 100_000;
/// Most replications a run may have.
pub const MAX_REPLICATIONS: i64 = 10_000_000;
/// Most borders a map may have.
pub const MAX_BORDERS: usize = 2_000_000;
/// Most alliances a scenario may have.
pub const MAX_ALLIANCES: usize = 100_000;

/// Keys allowed at the top of a scenario file.
pub(crate) const TOP_KEYS: &[&str] = &[
    "name",
    "description",
    "simulation",
    "states",
    "map",
    "alliances",
    "generate",
    "model",
    "variants",
    "crises",
];
const SIMULATION_KEYS: &[&str] = &["years", "replications", "seed"];
const STATE_KEYS: &[&str] = &[
    "id",
    "name",
    "capability",
    "wealth",
    "revisionism",
    "risk",
    "region",
    "position",
    "capital",
];
const MAP_KEYS: &[&str] = &["borders"];
const CRISIS_KEYS: &[&str] = &["year", "challenger", "target", "force"];
const ALLIANCE_KEYS: &[&str] = &[
    "name",
    "kind",
    "members",
    "reliability",
    "dialogue",
    "integration",
    "intelligence",
    "economic_ties",
];
/// Longest state id.
const MAX_ID_CHARS: usize = 32;
/// Longest name or region label.
pub(crate) const MAX_NAME_CHARS: usize = 200;

/// Default reliability of an alliance: Leeds, Long & Mitchell (2000) found
/// that allies honoured their commitments in about three cases out of four.
pub const DEFAULT_RELIABILITY: f64 = 0.75;
/// Default dialogue of an alliance.
pub const DEFAULT_DIALOGUE: f64 = 0.5;
/// Default military integration of an alliance.
pub const DEFAULT_INTEGRATION: f64 = 0.2;
/// Default intelligence sharing of an alliance.
pub const DEFAULT_INTELLIGENCE: f64 = 0.3;
/// Default economic ties of an alliance.
pub const DEFAULT_ECONOMIC_TIES: f64 = 0.2;
/// Default revisionism of a state.
pub const DEFAULT_REVISIONISM: f64 = 0.3;
/// Default risk attitude of a state (neutral).
pub const DEFAULT_RISK: f64 = 0.5;

/// Reads an alliance kind.
pub(crate) fn alliance_kind(
    ck: &mut Checker,
    t: &Table,
    key: &str,
    path: &FieldPath,
) -> Option<AllianceKind> {
    let s = ck.string(t, key, path)?;
    if let Some(k) = AllianceKind::ALL.into_iter().find(|k| k.as_str() == s) {
        return Some(k);
    }
    let hint = suggest(&s, AllianceKind::ALL.iter().map(|k| k.as_str()))
        .map(|h| format!(" (did you mean \"{h}\"?)"))
        .unwrap_or_default();
    ck.error(
        path.key(key),
        format!("expected one of {}, found {s:?}{hint}", kind_names()),
    );
    None
}

/// The kinds' names, quoted and separated by commas, for messages.
fn kind_names() -> String {
    let names: Vec<String> = AllianceKind::ALL
        .iter()
        .map(|k| format!("{:?}", k.as_str()))
        .collect();
    names.join(", ")
}

/// Reads `[simulation]`.
pub(crate) fn simulation(ck: &mut Checker, doc: &Table) -> Simulation {
    let path = FieldPath::root().key("simulation");
    let empty = Table::new();
    let t = ck
        .table(doc, "simulation", &FieldPath::root())
        .unwrap_or(&empty);
    ck.known_keys(t, &path, SIMULATION_KEYS);
    let years = ck.integer(t, "years", &path, 1, MAX_YEARS, 200);
    let replications = ck.integer(t, "replications", &path, 1, MAX_REPLICATIONS, 100);
    let seed = ck.integer(t, "seed", &path, 0, i64::MAX, 42);
    Simulation {
        years: u32::try_from(years).unwrap_or(200),
        replications: u32::try_from(replications).unwrap_or(100),
        seed: u64::try_from(seed).unwrap_or(42),
    }
}

/// Reads `[model]` into the model's parameters and checks their ranges.
pub(crate) fn model(ck: &mut Checker, doc: &Table) -> ModelParams {
    let path = FieldPath::root().key("model");
    let Some(t) = ck.table(doc, "model", &FieldPath::root()) else {
        return ModelParams::default();
    };
    let defaults = ModelParams::default();
    let names: Vec<&str> = defaults.entries().iter().map(|(n, _)| *n).collect();
    for key in t.keys() {
        if !names.contains(&key.as_str()) {
            let hint = suggest(key, names.iter().copied())
                .map(|s| format!(" (did you mean `{s}`?)"))
                .unwrap_or_default();
            ck.key_error(
                path.key(key),
                format!("unknown model parameter{hint}; the parameters and their defaults are listed in docs/ODD.md"),
            );
        }
    }
    // Integers are numbers too; serde sees only floats, and only checked ones.
    let mut clean = Table::new();
    for name in &names {
        if let Some(x) = ck.number(t, name, &path, "a finite number") {
            clean.insert((*name).to_string(), Value::Float(x));
        }
    }
    let params: ModelParams = match serde_path_to_error::deserialize(clean) {
        Ok(p) => p,
        Err(e) => {
            let field = e.path().to_string();
            let p = if field.is_empty() || field == "." {
                path.clone()
            } else {
                path.key(&field)
            };
            ck.error(p, e.inner().message().to_string());
            return defaults;
        }
    };
    for v in params.check() {
        ck.error(
            path.key(v.field),
            format!("expected {}, found {}", v.expected, fmt_float(v.found)),
        );
    }
    params
}

/// Reads `[[states]]`, `[map]` and `[[alliances]]` into a world; `None` if any is invalid.
pub(crate) fn world(ck: &mut Checker, doc: &Table) -> Option<WorldSpec> {
    let before = ck.issues.len();
    let root = FieldPath::root();
    let states_path = root.key("states");
    let items: &[Value] = match doc.get("states") {
        None => {
            ck.error(
                states_path,
                "expected at least 2 [[states]] (or a [generate] table), found none",
            );
            return None;
        }
        Some(Value::Array(items)) => items,
        Some(other) => {
            ck.expected(states_path, "an array of tables ([[states]])", other);
            return None;
        }
    };
    if items.len() > MAX_STATES {
        ck.error(
            states_path,
            format!(
                "expected at most {MAX_STATES} states, found {}",
                items.len()
            ),
        );
        return None;
    }
    let mut states = Vec::with_capacity(items.len());
    let mut ids: HashMap<String, usize> = HashMap::with_capacity(items.len());
    let mut positions: Vec<Option<[f64; 2]>> = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let path = states_path.index(i);
        let Value::Table(t) = item else {
            ck.expected(path, "a table with id, capability and wealth", item);
            continue;
        };
        ck.known_keys(t, &path, STATE_KEYS);
        let id = ck
            .required_string(t, "id", &path, MAX_ID_CHARS)
            .filter(|id| {
                // Ids label rows, charts and map nodes; a path separator has no
                // place in one and would be dangerous if an id ever named a file.
                let bad = |c: char| c.is_whitespace() || c.is_control() || c == '/' || c == '\\';
                if id.chars().any(bad) {
                    ck.error(
                        path.key("id"),
                        format!(
                            "expected an id without spaces, control characters or path separators, found {id:?}"
                        ),
                    );
                    return false;
                }
                if let Some(&first) = ids.get(id.as_str()) {
                    ck.error(
                        path.key("id"),
                        format!("the id {id:?} is already used by states[{first}]"),
                    );
                    return false;
                }
                true
            });
        if let Some(id) = &id {
            ids.insert(id.clone(), i);
        }
        let name = ck
            .string(t, "name", &path)
            .filter(|n| ck.short_text(n, &path.key("name"), MAX_NAME_CHARS));
        let capability = ck.positive(t, "capability", &path);
        let wealth = ck.positive(t, "wealth", &path);
        let revisionism = ck.unit(t, "revisionism", &path, DEFAULT_REVISIONISM);
        let risk = ck.unit(t, "risk", &path, DEFAULT_RISK);
        let region = ck
            .string(t, "region", &path)
            .filter(|r| ck.short_text(r, &path.key("region"), MAX_NAME_CHARS));
        let position = match t.get("position") {
            None => None,
            Some(v) => {
                let p = read_point(v);
                if p.is_none() {
                    ck.expected(path.key("position"), "a pair of finite numbers [x, y]", v);
                }
                p
            }
        };
        positions.push(position);
        let capital = t
            .get("capital")
            .and_then(|v| capital(ck, v, &path.key("capital")));
        if let (Some(id), Some(capability), Some(wealth)) = (id, capability, wealth) {
            states.push(StateSpec {
                name: name.unwrap_or_else(|| id.clone()),
                id,
                capability,
                wealth,
                revisionism,
                risk,
                region,
                position: [0.0, 0.0],
                capital,
            });
        }
    }
    if items.len() < 2 {
        ck.error(
            root.key("states"),
            format!("expected at least 2 states, found {}", items.len()),
        );
    }
    let borders = borders(ck, doc, &ids);
    let alliances = alliances(ck, doc, &ids);
    let crises = crises(ck, doc, &ids);
    let given = positions.iter().filter(|p| p.is_some()).count();
    if given > 0
        && given < positions.len()
        && let Some(i) = positions.iter().position(Option::is_none)
    {
        ck.error(
            states_path.index(i).key("position"),
            format!(
                "is missing: position is given for {given} of {} states; give it for all \
                     or for none (then states are placed by their borders)",
                positions.len()
            ),
        );
    }
    if ck.issues.len() > before {
        return None;
    }
    let placed: Vec<[f64; 2]> = if given == positions.len() {
        positions.into_iter().flatten().collect()
    } else {
        layout::layout(states.len(), &borders)
    };
    for (s, p) in states.iter_mut().zip(placed) {
        s.position = p;
    }
    Some(WorldSpec {
        states,
        borders,
        alliances,
        crises,
    })
}

/// A `[x, y]` pair of finite numbers.
fn read_point(v: &Value) -> Option<[f64; 2]> {
    let a = v.as_array()?;
    let num = |v: &Value| match v {
        Value::Float(x) if x.is_finite() => Some(*x),
        Value::Integer(i) => Some(*i as f64),
        _ => None,
    };
    match a.as_slice() {
        [x, y] => Some([num(x)?, num(y)?]),
        _ => None,
    }
}

/// A `capital = [lat, lon]`: finite degrees on the globe.
fn capital(ck: &mut Checker, v: &Value, path: &FieldPath) -> Option<[f64; 2]> {
    let Some([lat, lon]) = read_point(v) else {
        ck.expected(
            path.clone(),
            "a pair of finite numbers [latitude, longitude] in degrees",
            v,
        );
        return None;
    };
    if !(-90.0..=90.0).contains(&lat) || !(-180.0..=180.0).contains(&lon) {
        ck.error(
            path.clone(),
            format!(
                "expected latitude in -90..90 and longitude in -180..180 (degrees), found [{}, {}]",
                fmt_float(lat),
                fmt_float(lon)
            ),
        );
        return None;
    }
    Some([lat, lon])
}

/// Looks up a state id, reporting unknown ones with a hint.
fn state_ref(
    ck: &mut Checker,
    v: &Value,
    path: FieldPath,
    ids: &HashMap<String, usize>,
) -> Option<usize> {
    let Value::String(s) = v else {
        ck.expected(path, "a state id (a string)", v);
        return None;
    };
    if let Some(&i) = ids.get(s.as_str()) {
        return Some(i);
    }
    let hint = suggest(s, ids.keys().map(String::as_str).take(5000))
        .map(|h| format!(" (did you mean {h:?}?)"))
        .unwrap_or_default();
    ck.error(path, format!("unknown state id {s:?}{hint}"));
    None
}

/// Reads `[map] borders` into sorted (smaller, larger) index pairs.
fn borders(ck: &mut Checker, doc: &Table, ids: &HashMap<String, usize>) -> Vec<(usize, usize)> {
    let root = FieldPath::root();
    let Some(map) = ck.table(doc, "map", &root) else {
        return Vec::new();
    };
    let path = root.key("map");
    ck.known_keys(map, &path, MAP_KEYS);
    let what = "an array of pairs of state ids, e.g. [[\"AVA\", \"BOR\"]]";
    let Some(items) = ck.array(map, "borders", &path, what) else {
        return Vec::new();
    };
    let path = path.key("borders");
    if items.len() > MAX_BORDERS {
        ck.error(
            path,
            format!(
                "expected at most {MAX_BORDERS} borders, found {}",
                items.len()
            ),
        );
        return Vec::new();
    }
    let mut seen: HashMap<(usize, usize), usize> = HashMap::with_capacity(items.len());
    let mut out = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let p = path.index(i);
        let pair = match item.as_array().map(Vec::as_slice) {
            Some([a, b]) => (a, b),
            _ => {
                ck.expected(p, "a pair of state ids like [\"AVA\", \"BOR\"]", item);
                continue;
            }
        };
        let a = state_ref(ck, pair.0, p.index(0), ids);
        let b = state_ref(ck, pair.1, p.index(1), ids);
        let (Some(a), Some(b)) = (a, b) else { continue };
        if a == b {
            ck.error(
                p,
                format!("a state cannot border itself ({})", describe(pair.0)),
            );
            continue;
        }
        let key = (a.min(b), a.max(b));
        if let Some(first) = seen.get(&key) {
            ck.error(
                p,
                format!(
                    "the border {}–{} is listed twice (first at map.borders[{first}])",
                    describe(pair.0),
                    describe(pair.1)
                ),
            );
            continue;
        }
        seen.insert(key, i);
        out.push(key);
    }
    out.sort_unstable();
    out
}

/// Reads `[[alliances]]`.
fn alliances(ck: &mut Checker, doc: &Table, ids: &HashMap<String, usize>) -> Vec<AllianceSpec> {
    let root = FieldPath::root();
    let Some(items) = ck.array(
        doc,
        "alliances",
        &root,
        "an array of tables ([[alliances]])",
    ) else {
        return Vec::new();
    };
    let path = root.key("alliances");
    if items.len() > MAX_ALLIANCES {
        ck.error(
            path,
            format!(
                "expected at most {MAX_ALLIANCES} alliances, found {}",
                items.len()
            ),
        );
        return Vec::new();
    }
    let mut names: HashMap<String, usize> = HashMap::new();
    let mut out = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let p = path.index(i);
        let Value::Table(t) = item else {
            ck.expected(p, "a table with name, kind and members", item);
            continue;
        };
        ck.known_keys(t, &p, ALLIANCE_KEYS);
        let name = ck
            .required_string(t, "name", &p, MAX_NAME_CHARS)
            .filter(|n| {
                if let Some(first) = names.get(n) {
                    ck.error(
                        p.key("name"),
                        format!(
                            "the name {n:?} is already used by alliances[{first}]; alliance names \
                         must be unique so that reports can tell alliances apart"
                        ),
                    );
                    return false;
                }
                true
            });
        if let Some(n) = &name {
            names.insert(n.clone(), i);
        }
        let kind = if t.contains_key("kind") {
            alliance_kind(ck, t, "kind", &p)
        } else {
            ck.error(
                p.key("kind"),
                format!("is required (expected one of {})", kind_names()),
            );
            None
        };
        let members = alliance_members(ck, t, &p, ids);
        let reliability = ck.unit(t, "reliability", &p, DEFAULT_RELIABILITY);
        let dialogue = ck.unit(t, "dialogue", &p, DEFAULT_DIALOGUE);
        let integration = ck.unit(t, "integration", &p, DEFAULT_INTEGRATION);
        let intelligence = ck.unit(t, "intelligence", &p, DEFAULT_INTELLIGENCE);
        let economic_ties = ck.unit(t, "economic_ties", &p, DEFAULT_ECONOMIC_TIES);
        if let (Some(name), Some(kind), Some(members)) = (name, kind, members) {
            out.push(AllianceSpec {
                name,
                kind,
                members,
                reliability,
                dialogue,
                integration,
                intelligence,
                economic_ties,
            });
        }
    }
    out
}

/// Reads an alliance's members: at least two distinct, known ids.
fn alliance_members(
    ck: &mut Checker,
    t: &Table,
    p: &FieldPath,
    ids: &HashMap<String, usize>,
) -> Option<Vec<usize>> {
    let what = "an array of at least 2 state ids";
    if !t.contains_key("members") {
        ck.error(p.key("members"), format!("is required (expected {what})"));
        return None;
    }
    let items = ck.array(t, "members", p, what)?;
    let mp = p.key("members");
    let before = ck.issues.len();
    let mut members = Vec::with_capacity(items.len());
    let mut seen: HashMap<usize, usize> = HashMap::with_capacity(items.len());
    for (j, v) in items.iter().enumerate() {
        let Some(m) = state_ref(ck, v, mp.index(j), ids) else {
            continue;
        };
        if let Some(first) = seen.get(&m) {
            ck.error(
                mp.index(j),
                format!(
                    "{} is listed twice (first at members[{first}])",
                    describe(v)
                ),
            );
            continue;
        }
        seen.insert(m, j);
        members.push(m);
    }
    if items.len() < 2 {
        ck.error(
            mp,
            format!("expected at least 2 members, found {}", items.len()),
        );
    }
    (ck.issues.len() == before).then_some(members)
}

/// Reads `[[crises]]`: a year (1-based), two different known states, and `force`.
fn crises(ck: &mut Checker, doc: &Table, ids: &HashMap<String, usize>) -> Vec<CrisisSpec> {
    let root = FieldPath::root();
    let Some(items) = ck.array(doc, "crises", &root, "an array of tables ([[crises]])") else {
        return Vec::new();
    };
    let path = root.key("crises");
    let mut out = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let p = path.index(i);
        let Value::Table(t) = item else {
            ck.expected(p, "a table with year, challenger and target", item);
            continue;
        };
        ck.known_keys(t, &p, CRISIS_KEYS);
        let year = if t.contains_key("year") {
            Some(ck.integer(t, "year", &p, 1, MAX_YEARS, 0))
        } else {
            ck.error(p.key("year"), "is required (expected a whole number ≥ 1)");
            None
        };
        let mut party = |key: &str| match t.get(key) {
            Some(v) => state_ref(ck, v, p.key(key), ids),
            None => {
                ck.error(p.key(key), "is required (expected a state id)");
                None
            }
        };
        let challenger = party("challenger");
        let target = party("target");
        let force = match t.get("force") {
            None => false,
            Some(Value::Boolean(b)) => *b,
            Some(other) => {
                ck.expected(p.key("force"), "true or false", other);
                false
            }
        };
        if let (Some(year), Some(challenger), Some(target)) = (year, challenger, target) {
            if challenger == target {
                ck.error(
                    p.key("target"),
                    "a state cannot raise a crisis with itself; expected a state other than the challenger",
                );
                continue;
            }
            // A year out of range was reported by `integer`, which returned 0.
            if let Ok(year @ 1..) = u32::try_from(year) {
                out.push(CrisisSpec {
                    year,
                    challenger,
                    target,
                    force,
                });
            }
        }
    }
    out
}

/// Refuses crises set after the last simulated year: they would silently never happen.
pub(crate) fn crisis_years(ck: &mut Checker, sim: &Simulation, world: &WorldSpec) {
    for (i, c) in world.crises.iter().enumerate() {
        if c.year > sim.years {
            ck.error(
                FieldPath::root().key("crises").index(i).key("year"),
                format!(
                    "expected a year from 1 to simulation.years ({}), found {}",
                    sim.years, c.year
                ),
            );
        }
    }
}
