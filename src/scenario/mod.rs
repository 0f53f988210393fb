//! Scenario files: parsing, command-line overrides, synthetic worlds and validation.
//!
//! A scenario goes through one pipeline: the TOML text is parsed, overrides
//! (`--set`, then a variant's `set`) are applied to the parsed document, a
//! `[generate]` table is expanded into states, borders and alliances, and the
//! result is validated into the types of [`spec`](self) — the only form the
//! model and the experiments see. Every problem found on the way becomes a
//! [`ScenarioError`] naming the file, line and column (when the value is in the
//! file), the field path and what was expected. The format is documented in
//! `docs/SCENARIOS.md`.

// Errors carry a file name, a location and further problems by value; they arise
// once per load, so their size costs nothing worth a Box in the public type.
#![allow(clippy::result_large_err)]

mod check;
mod error;
mod generate;
pub mod layout;
mod location;
mod overrides;
pub mod params;
mod path;
mod resolved;
mod spec;
mod validate;

use std::path::Path;

use toml::{Table, Value};

pub use error::ScenarioError;
pub use resolved::from_resolved;
pub use spec::*;
pub use validate::{
    DEFAULT_DIALOGUE, DEFAULT_ECONOMIC_TIES, DEFAULT_INTEGRATION, DEFAULT_INTELLIGENCE,
    DEFAULT_RELIABILITY, DEFAULT_REVISIONISM, DEFAULT_RISK, MAX_ALLIANCES, MAX_BORDERS,
    MAX_REPLICATIONS, MAX_STATES, MAX_YEARS,
};

pub use check::suggest;
use check::{Checker, Issue};
use location::{At, Locator};
use overrides::{Origin, Override};
use path::{FieldPath, pattern_covers};

/// Top-level tables that make up the world; in a `[generate]` scenario,
/// overrides of these apply to the generated world.
const WORLD_KEYS: &[&str] = &["states", "map", "alliances"];

/// Largest scenario file read, in bytes. The largest world the format allows
/// fits in a few megabytes when generated; a listed world of 100,000 states
/// with their borders in well under this.
pub const MAX_FILE_BYTES: u64 = 64 << 20;

/// Most `[[variants]]` a file may have (a sweep is the tool for many points).
pub const MAX_VARIANTS: usize = 1000;

/// Reads and validates a scenario file, applying `--set KEY=VALUE` overrides.
pub fn load(path: &Path, overrides: &[String]) -> Result<Scenario, ScenarioError> {
    let origin = path.display().to_string();
    let text = read_text(path).map_err(|message| ScenarioError::plain(&origin, message))?;
    load_str(&origin, &text, overrides)
}

/// Reads a scenario file's text: a regular file (a link to one is fine) of at
/// most [`MAX_FILE_BYTES`], so a device such as `/dev/zero` or a named pipe
/// cannot make the reader wait or grow without end.
pub fn read_text(path: &Path) -> Result<String, String> {
    use crate::files::{ReadError, read_limited};
    let bytes = read_limited(path, MAX_FILE_BYTES).map_err(|e| match e {
        ReadError::NotRegular => "not a regular file; expected a scenario file (.toml)".to_string(),
        ReadError::TooLarge { .. } => {
            format!("{e}; generate large worlds with [generate] instead of listing them")
        }
        ReadError::Io(e) => format!("cannot read the file: {e}"),
    })?;
    String::from_utf8(bytes).map_err(|e| {
        format!(
            "cannot read the file: not UTF-8 text (invalid byte at offset {})",
            e.utf8_error().valid_up_to()
        )
    })
}

/// Validates scenario text from `origin` (a file name, for messages), applying
/// `--set` overrides; every `[[variants]]` entry is checked too, against the file
/// as written (an override such as `alliances=[]` must not make a variant that
/// names `alliances.0` an error in a command that does not use variants;
/// [`load_variant`] checks a variant with the overrides when it is used).
pub fn load_str(origin: &str, text: &str, overrides: &[String]) -> Result<Scenario, ScenarioError> {
    let parsed = Parsed::new(origin, text, overrides)?;
    let as_written;
    let for_variants = if overrides.is_empty() {
        &parsed
    } else {
        as_written = Parsed::new(origin, text, &[])?;
        &as_written
    };
    let mut errors = Vec::new();
    let base = parsed.resolve(&[], None);
    let mut scenario = match base {
        Ok(s) => Some(s),
        Err(e) => {
            errors.extend(e);
            None
        }
    };
    let same = |a: &ScenarioError, b: &ScenarioError| {
        (&a.line, &a.column, &a.path, &a.message) == (&b.line, &b.column, &b.path, &b.message)
    };
    for (i, v) in for_variants.variants.iter().enumerate() {
        if let Err(found) = for_variants.resolve(&v.overrides, Some(i)) {
            // A mistake in the base shows once, not again for every variant.
            for e in found {
                if !errors.iter().any(|b| b.variant.is_none() && same(b, &e)) {
                    errors.push(e);
                }
            }
        }
    }
    if let Some(e) = ScenarioError::join(errors) {
        return Err(e);
    }
    match scenario.take() {
        Some(mut s) => {
            s.variants = parsed.variants.iter().map(|v| v.spec.clone()).collect();
            Ok(s)
        }
        None => Err(ScenarioError::plain(origin, "the scenario is invalid")),
    }
}

/// Resolves one of the file's `[[variants]]` by name: the base text, then the
/// `--set` overrides, then the variant's `set`, validated.
pub fn load_variant(
    origin: &str,
    text: &str,
    overrides: &[String],
    variant: &str,
) -> Result<Scenario, ScenarioError> {
    let parsed = Parsed::new(origin, text, overrides)?;
    let Some(i) = parsed.variants.iter().position(|v| v.spec.name == variant) else {
        let names: Vec<String> = parsed
            .variants
            .iter()
            .map(|v| format!("{:?}", v.spec.name))
            .collect();
        let have = if names.is_empty() {
            "the file has no [[variants]]".to_string()
        } else {
            format!("the file has {}", names.join(", "))
        };
        let mut e = ScenarioError::plain(origin, format!("no variant named {variant:?}; {have}"));
        e.path = "variants".into();
        return Err(e);
    };
    let mut s = parsed
        .resolve(&parsed.variants[i].overrides, Some(i))
        .map_err(|e| {
            ScenarioError::join(e)
                .unwrap_or_else(|| ScenarioError::plain(origin, "invalid variant"))
        })?;
    s.variants = parsed.variants.iter().map(|v| v.spec.clone()).collect();
    Ok(s)
}

/// A variant as read from the file: its spec and its `set` as overrides.
struct ParsedVariant {
    spec: Variant,
    overrides: Vec<Override>,
}

/// The parsed text with the command-line overrides read, ready to be resolved
/// once for the base scenario and once per variant.
struct Parsed<'a> {
    origin: &'a str,
    locator: Locator<'a>,
    doc: Table,
    cli: Vec<Override>,
    variants: Vec<ParsedVariant>,
}

impl<'a> Parsed<'a> {
    fn new(origin: &'a str, text: &'a str, overrides: &[String]) -> Result<Self, ScenarioError> {
        let locator = Locator::new(text);
        let mut doc: Table = toml::from_str(text).map_err(|e| {
            let mut err = ScenarioError::plain(origin, e.message().trim().to_string());
            if let Some(span) = e.span() {
                let (line, col) = locator.line_col(span.start);
                err.line = Some(line);
                err.column = Some(col);
                if let Some(path) = locator.path_at(span.start) {
                    err.path = path.to_string();
                }
                // TOML's whole numbers are 64-bit signed; the parser says so in its own terms.
                if err.message.contains("value was too large")
                    || err.message.contains("value was too small")
                {
                    err.message = "the whole number is out of range; whole numbers in a scenario \
                                   go from -9223372036854775808 to 9223372036854775807 \
                                   (-2^63 to 2^63-1)"
                        .to_string();
                }
            }
            err
        })?;
        let mut errors = Vec::new();
        let mut cli = Vec::new();
        for arg in overrides {
            match overrides::parse_cli(arg) {
                Ok(o) => cli.push(o),
                Err(message) => errors.push(ScenarioError::plain(origin, message)),
            }
        }
        let raw_variants = doc.remove("variants");
        let mut ck = Checker::default();
        let variants = read_variants(&mut ck, raw_variants.as_ref(), &locator);
        let parsed = Parsed {
            origin,
            locator,
            doc,
            cli,
            variants,
        };
        errors.extend(parsed.finish(ck.issues, &[], None, false));
        match ScenarioError::join(errors) {
            Some(e) => Err(e),
            None => Ok(parsed),
        }
    }

    /// Applies the overrides (command line, then `extra`) and validates.
    fn resolve(
        &self,
        extra: &[Override],
        variant: Option<usize>,
    ) -> Result<Scenario, Vec<ScenarioError>> {
        let all: Vec<Override> = self.cli.iter().chain(extra).cloned().collect();
        let mut doc = self.doc.clone();
        let mut ck = Checker::default();
        let mut deferred = Vec::new();
        for (i, o) in all.iter().enumerate() {
            let world_key = o.top_key().is_some_and(|k| WORLD_KEYS.contains(&k));
            if world_key {
                deferred.push(i);
            } else {
                self.apply(&mut doc, o, i, &mut ck);
            }
        }
        let generating = doc.contains_key("generate");
        if !generating {
            for &i in &deferred {
                self.apply(&mut doc, &all[i], i, &mut ck);
            }
        }
        let root = FieldPath::root();
        ck.known_keys(&doc, &root, validate::TOP_KEYS);
        let name = ck.required_string(&doc, "name", &root, validate::MAX_NAME_CHARS);
        let description = ck.string(&doc, "description", &root).unwrap_or_default();
        // `list` prints descriptions: line breaks and tabs are text, other control
        // characters (terminal escapes) are not.
        if description
            .chars()
            .any(|c| c.is_control() && c != '\n' && c != '\t')
        {
            ck.error(
                root.key("description"),
                "expected text without control characters other than line breaks and tabs",
            );
        }
        let simulation = validate::simulation(&mut ck, &doc);
        let world = if generating {
            let present: Vec<&str> = WORLD_KEYS
                .iter()
                .copied()
                .filter(|k| doc.contains_key(*k))
                .collect();
            if !present.is_empty() {
                ck.key_error(
                    root.key("generate"),
                    format!(
                        "a scenario either lists its world ([[states]], [map], [[alliances]]) or \
                         generates it ([generate]), not both; this one also has {}",
                        present.join(", ")
                    ),
                );
                None
            } else {
                match ck.table(&doc, "generate", &root).cloned() {
                    Some(t) => match generate::params(&mut ck, &t) {
                        Some(p) => {
                            let world = generate::generate(&p, p.seed.unwrap_or(simulation.seed));
                            generate::write_into(&mut doc, &p, &world);
                            for &i in &deferred {
                                self.apply(&mut doc, &all[i], i, &mut ck);
                            }
                            validate::world(&mut ck, &doc)
                        }
                        None => None,
                    },
                    None => None,
                }
            }
        } else {
            validate::world(&mut ck, &doc)
        };
        if let Some(w) = &world {
            validate::crisis_years(&mut ck, &simulation, w);
        }
        let model = validate::model(&mut ck, &doc);
        if !ck.issues.is_empty() {
            return Err(self.finish(ck.issues, &all, variant, generating));
        }
        match (name, world) {
            (Some(name), Some(world)) => Ok(Scenario {
                name,
                description,
                simulation,
                world,
                model,
                variants: Vec::new(),
            }),
            _ => Err(vec![ScenarioError::plain(
                self.origin,
                "the scenario is invalid",
            )]),
        }
    }

    /// Applies one override, recording a failure as an issue blamed on it.
    fn apply(&self, doc: &mut Table, o: &Override, index: usize, ck: &mut Checker) {
        if let Err(message) = overrides::apply(doc, o) {
            let message = match &o.origin {
                Origin::CommandLine(_) => format!("{}: {message}", o.describe()),
                Origin::Variant { key, .. } => format!("set {key:?}: {message}"),
            };
            ck.issues.push(Issue {
                path: FieldPath::root(),
                at: At::Key,
                message,
                blame: Some(index),
            });
        }
    }

    /// Gives issues their file, location and a note on where an overridden value came from.
    fn finish(
        &self,
        issues: Vec<Issue>,
        all: &[Override],
        variant: Option<usize>,
        generated: bool,
    ) -> Vec<ScenarioError> {
        let label = variant.and_then(|i| self.variants.get(i)).map(|v| {
            let i = variant.unwrap_or(0);
            format!("variants[{i}] {:?}", v.spec.name)
        });
        issues
            .into_iter()
            .map(|issue| {
                let mut e = ScenarioError::plain(self.origin, issue.message);
                e.path = issue.path.to_string();
                e.variant = label.clone();
                let culprit = issue.blame.and_then(|i| all.get(i)).or_else(|| {
                    all.iter()
                        .rev()
                        .find(|o| pattern_covers(&o.pattern, &issue.path))
                });
                let location = match culprit {
                    Some(o) => {
                        if issue.blame.is_none() {
                            e.message = format!("{} (set by {})", e.message, o.describe());
                        }
                        match &o.origin {
                            Origin::Variant { index, key, .. } => self.locator.locate(
                                &FieldPath::root()
                                    .key("variants")
                                    .index(*index)
                                    .key("set")
                                    .key(key),
                                At::Key,
                            ),
                            Origin::CommandLine(_) => None,
                        }
                    }
                    None if generated
                        && issue
                            .path
                            .first_key()
                            .is_some_and(|k| WORLD_KEYS.contains(&k)) =>
                    {
                        e.message = format!("{} (in the world made by [generate])", e.message);
                        None
                    }
                    None => self.locator.locate(&issue.path, issue.at),
                };
                if let Some((line, col)) = location {
                    e.line = Some(line);
                    e.column = Some(col);
                }
                e
            })
            .collect()
    }
}

/// Reads `[[variants]]`: unique names and `set` tables of path → value, in file order.
fn read_variants(
    ck: &mut Checker,
    raw: Option<&Value>,
    locator: &Locator<'_>,
) -> Vec<ParsedVariant> {
    let path = FieldPath::root().key("variants");
    let items = match raw {
        None => return Vec::new(),
        Some(Value::Array(items)) => items,
        Some(other) => {
            ck.expected(path, "an array of tables ([[variants]])", other);
            return Vec::new();
        }
    };
    if items.len() > MAX_VARIANTS {
        ck.error(
            path,
            format!(
                "expected at most {MAX_VARIANTS} variants, found {}; vary a parameter over \
                 many values with `deterrence sweep`",
                items.len()
            ),
        );
        return Vec::new();
    }
    let mut out: Vec<ParsedVariant> = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let p = path.index(i);
        let Value::Table(t) = item else {
            ck.expected(p, "a table with name and set", item);
            continue;
        };
        ck.known_keys(t, &p, &["name", "set"]);
        let name = ck.required_string(t, "name", &p, validate::MAX_NAME_CHARS);
        if let Some(n) = &name
            && let Some(first) = out.iter().position(|v| &v.spec.name == n)
        {
            ck.error(
                p.key("name"),
                format!("the name {n:?} is already used by variants[{first}]"),
            );
            continue;
        }
        let set = match t.get("set") {
            None => {
                ck.error(
                    p.key("set"),
                    "is required (expected a table of overrides, e.g. set = { \"alliances\" = [] })",
                );
                continue;
            }
            Some(Value::Table(set)) => set,
            Some(other) => {
                ck.expected(
                    p.key("set"),
                    "a table of overrides, e.g. set = { \"alliances\" = [] }",
                    other,
                );
                continue;
            }
        };
        let Some(name) = name else { continue };
        // File order matters when two entries touch the same value.
        let mut keys: Vec<(usize, &String, &Value)> = set
            .iter()
            .map(|(k, v)| {
                let at = locator
                    .span(&p.key("set").key(k), At::Key)
                    .map_or(usize::MAX, |s| s.start);
                (at, k, v)
            })
            .collect();
        keys.sort_by_key(|&(at, k, _)| (at, k.clone()));
        let mut overrides = Vec::new();
        let mut pairs = Vec::new();
        for (_, k, v) in keys {
            match path::parse_pattern(k) {
                Ok(pattern) if pattern.first() == Some(&path::PatSeg::Name("variants".into())) => {
                    ck.key_error(p.key("set").key(k), "a variant cannot change [[variants]]");
                }
                Ok(pattern) => {
                    overrides.push(Override {
                        pattern,
                        value: v.clone(),
                        origin: Origin::Variant {
                            index: i,
                            name: name.clone(),
                            key: k.clone(),
                        },
                    });
                    pairs.push((k.clone(), v.clone()));
                }
                Err(e) => ck.key_error(p.key("set").key(k), e),
            }
        }
        out.push(ParsedVariant {
            spec: Variant { name, set: pairs },
            overrides,
        });
    }
    out
}

#[cfg(test)]
mod tests;
