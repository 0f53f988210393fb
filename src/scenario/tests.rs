//! Tests of the whole scenario pipeline: shipped files, every validation rule,
//! overrides, variants and generated worlds.

use super::*;

fn err(text: &str, sets: &[&str]) -> String {
    let sets: Vec<String> = sets.iter().map(|s| s.to_string()).collect();
    match load_str("t.toml", text, &sets) {
        Ok(_) => panic!("expected an error for:\n{text}"),
        Err(e) => e.to_string(),
    }
}

fn ok(text: &str, sets: &[&str]) -> Scenario {
    let sets: Vec<String> = sets.iter().map(|s| s.to_string()).collect();
    match load_str("t.toml", text, &sets) {
        Ok(s) => s,
        Err(e) => panic!("unexpected error:\n{e}"),
    }
}

#[test]
fn shipped_scenarios_load() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    let mut n = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "toml") {
            let s = load(&path, &[]).unwrap_or_else(|e| panic!("{e}"));
            println!(
                "{} {} {}",
                path.display(),
                s.world.states.len(),
                s.world.alliances.len()
            );
            n += 1;
        }
    }
    assert!(n >= 6);
}

const BASE: &str = r#"name = "T"

[simulation]
years = 10
replications = 2

[[states]]
id = "A"
capability = 2.0
wealth = 10.0

[[states]]
id = "B"
capability = 1
wealth = 5.0

[[states]]
id = "C"
capability = 1.0
wealth = 5.0

[map]
borders = [["A", "B"], ["B", "C"]]

[[alliances]]
name = "P"
kind = "defense"
members = ["A", "B"]
"#;

fn with(extra: &str) -> String {
    format!("{BASE}{extra}")
}

#[test]
fn a_valid_file_gets_defaults_and_positions() {
    let s = ok(BASE, &[]);
    assert_eq!(
        s.simulation,
        Simulation {
            years: 10,
            replications: 2,
            seed: 42
        }
    );
    assert_eq!(s.description, "");
    let b = &s.world.states[1];
    assert_eq!(
        (b.name.as_str(), b.capability, b.revisionism, b.risk),
        ("B", 1.0, 0.3, 0.5)
    );
    assert_eq!(s.world.borders, vec![(0, 1), (1, 2)]);
    let a = &s.world.alliances[0];
    assert_eq!(a.members, vec![0, 1]);
    assert_eq!(
        (
            a.reliability,
            a.dialogue,
            a.integration,
            a.intelligence,
            a.economic_ties
        ),
        (0.75, 0.5, 0.2, 0.3, 0.2)
    );
    assert!(
        s.world
            .states
            .iter()
            .all(|s| s.position.iter().all(|x| x.is_finite()))
    );
    assert_eq!(s.model, super::params::ModelParams::default());
}

#[test]
fn syntax_errors_carry_line_and_column() {
    let e = err("name = \"x\"\nyears = \n", &[]);
    assert!(e.starts_with("t.toml:2:9: "), "{e}");
}

#[test]
fn out_of_range_values_name_path_line_and_column() {
    let e = err(&with("reliability = 1.5\n"), &[]);
    assert_eq!(
        e,
        "t.toml:29:15: alliances[0].reliability: expected a number from 0 to 1, found 1.5"
    );
    let e = err(&BASE.replace("capability = 2.0", "capability = -2.0"), &[]);
    assert_eq!(
        e,
        "t.toml:9:14: states[0].capability: expected a finite number > 0, found -2.0"
    );
    let e = err(&BASE.replace("capability = 2.0", "capability = nan"), &[]);
    assert!(
        e.ends_with("states[0].capability: expected a finite number > 0, found nan"),
        "{e}"
    );
    let e = err(&BASE.replace("wealth = 10.0", "wealth = inf"), &[]);
    assert!(
        e.ends_with("states[0].wealth: expected a finite number > 0, found inf"),
        "{e}"
    );
    let e = err(&BASE.replace("years = 10", "years = -5"), &[]);
    assert_eq!(
        e,
        "t.toml:4:9: simulation.years: expected a whole number from 1 to 100000, found -5"
    );
    let e = err(&BASE.replace("years = 10", "years = 1.5"), &[]);
    assert!(
        e.contains("simulation.years: expected a whole number"),
        "{e}"
    );
    let e = err(
        &BASE.replace("replications = 2", "replications = 0\nseed = -1"),
        &[],
    );
    assert!(
        e.contains("simulation.replications: expected a whole number from 1 to 10000000, found 0"),
        "{e}"
    );
    assert!(
        e.contains("simulation.seed: expected a whole number ≥ 0, found -1"),
        "{e}"
    );
    let e = err(
        &BASE.replace(
            "wealth = 5.0\n\n[[states]]\nid = \"C\"",
            "wealth = 5.0\nrisk = 2\n\n[[states]]\nid = \"C\"",
        ),
        &[],
    );
    assert!(
        e.contains("states[1].risk: expected a number from 0 to 1, found 2"),
        "{e}"
    );
    let e = err(&with("[model]\nstakes = 1.5\nwar_cost = \"high\"\n"), &[]);
    assert!(
        e.contains(":30:10: model.stakes: expected a number from 0 to 1, found 1.5"),
        "{e}"
    );
    assert!(
        e.contains("model.war_cost: expected a finite number, found \"high\""),
        "{e}"
    );
}

#[test]
fn unknown_keys_everywhere() {
    let e = err(&format!("nmae = 'x'\n{BASE}"), &[]);
    assert!(
        e.starts_with("t.toml:1:1: nmae: unknown key (did you mean `name`?)"),
        "{e}"
    );
    let e = err(
        &BASE.replace("wealth = 10.0", "wealth = 10.0\ncapabilty = 3"),
        &[],
    );
    assert!(
        e.contains("t.toml:11:1: states[0].capabilty: unknown key (did you mean `capability`?)"),
        "{e}"
    );
    let e = err(&with("relability = 0.5\n"), &[]);
    assert!(
        e.contains("alliances[0].relability: unknown key (did you mean `reliability`?)"),
        "{e}"
    );
    let e = err(&with("[model]\nstake = 0.5\n"), &[]);
    assert!(
        e.contains("model.stake: unknown model parameter (did you mean `stakes`?)"),
        "{e}"
    );
    let e = err(
        "name = 'g'\n[generate]\nstates = 10\ntopolgy = 'grid'\n",
        &[],
    );
    assert!(
        e.contains("t.toml:4:1: generate.topolgy: unknown key (did you mean `topology`?)"),
        "{e}"
    );
    let e = err(
        &BASE
            .replace("seed = 42", "")
            .replace("replications = 2", "replications = 2\nsead = 1"),
        &[],
    );
    assert!(e.contains("simulation.sead: unknown key"), "{e}");
}

#[test]
fn required_fields_and_names() {
    let e = err(&BASE.replace("name = \"T\"\n", ""), &[]);
    assert!(e.contains("t.toml: name: is required"), "{e}");
    let e = err(&BASE.replace("name = \"T\"", "name = \"  \""), &[]);
    assert!(e.contains("name: expected a non-empty string"), "{e}");
    let e = err(
        &BASE.replace("name = \"T\"", &format!("name = \"{}\"", "x".repeat(201))),
        &[],
    );
    assert!(
        e.contains("name: expected at most 200 characters, found 201"),
        "{e}"
    );
    let e = err(&BASE.replace("name = \"P\"\n", ""), &[]);
    assert!(
        e.contains("t.toml:25:1: alliances[0].name: is required"),
        "{e}"
    );
    let e = err(
        &with("\n[[alliances]]\nname = \"P\"\nkind = \"defense\"\nmembers = [\"B\", \"C\"]\n"),
        &[],
    );
    assert!(
        e.contains("alliances[1].name: the name \"P\" is already used by alliances[0]"),
        "{e}"
    );
}

#[test]
fn state_rules() {
    let e = err(&BASE.replace("id = \"B\"", "id = \"A\""), &[]);
    assert!(
        e.contains("t.toml:13:6: states[1].id: the id \"A\" is already used by states[0]"),
        "{e}"
    );
    let e = err(&BASE.replace("id = \"C\"", "id = \"C D\""), &[]);
    assert!(
        e.contains("states[2].id: expected an id without spaces"),
        "{e}"
    );
    let e = err(
        &BASE.replace("id = \"C\"", &format!("id = \"{}\"", "C".repeat(33))),
        &[],
    );
    assert!(
        e.contains("states[2].id: expected at most 32 characters, found 33"),
        "{e}"
    );
    let e = err(&BASE.replace("id = \"C\"", "id = \"\""), &[]);
    assert!(
        e.contains("states[2].id: expected a non-empty string"),
        "{e}"
    );
    let e = err(
        "name = 'x'\n[[states]]\nid = 'A'\ncapability = 1\nwealth = 1\n",
        &[],
    );
    assert!(
        e.contains("states: expected at least 2 states, found 1"),
        "{e}"
    );
    let e = err("name = 'x'\n", &[]);
    assert!(
        e.contains("states: expected at least 2 [[states]] (or a [generate] table), found none"),
        "{e}"
    );
    let e = err(
        &BASE.replace("wealth = 10.0", "wealth = 10.0\nposition = [0, 1]"),
        &[],
    );
    assert!(
        e.contains("states[1].position: is missing: position is given for 1 of 3 states"),
        "{e}"
    );
    let e = err(
        &BASE.replace("wealth = 10.0", "wealth = 10.0\nposition = [0, nan]"),
        &[],
    );
    assert!(
        e.contains("states[0].position: expected a pair of finite numbers [x, y], found an array"),
        "{e}"
    );
    let s = ok(
        &BASE
            .replace("wealth = 10.0", "wealth = 10.0\nposition = [0, 1]")
            .replace("wealth = 5.0", "wealth = 5.0\nposition = [3, 4.5]"),
        &[],
    );
    assert_eq!(s.world.states[2].position, [3.0, 4.5]);
}

#[test]
fn capitals_are_checked_and_kept() {
    let s = ok(
        &BASE.replace("wealth = 10.0", "wealth = 10.0\ncapital = [51.5, -0.1]"),
        &[],
    );
    assert_eq!(s.world.states[0].capital, Some([51.5, -0.1]));
    assert_eq!(s.world.states[1].capital, None);
    // Display only: the model's positions are those of the file without it.
    assert_eq!(
        s.world.states[0].position,
        ok(BASE, &[]).world.states[0].position
    );
    let e = err(
        &BASE.replace("wealth = 10.0", "wealth = 10.0\ncapital = [95, 10]"),
        &[],
    );
    assert!(
        e.contains(
            "t.toml:11:11: states[0].capital: expected latitude in -90..90 and longitude in \
             -180..180 (degrees), found [95.0, 10.0]"
        ),
        "{e}"
    );
    let e = err(
        &BASE.replace("wealth = 10.0", "wealth = 10.0\ncapital = [10, -181.5]"),
        &[],
    );
    assert!(e.contains("states[0].capital: expected latitude"), "{e}");
    let e = err(
        &BASE.replace("wealth = 10.0", "wealth = 10.0\ncapital = \"London\""),
        &[],
    );
    assert!(
        e.contains(
            "states[0].capital: expected a pair of finite numbers [latitude, longitude] in \
             degrees, found \"London\""
        ),
        "{e}"
    );
    let e = err(
        &BASE.replace("wealth = 10.0", "wealth = 10.0\ncapital = [1, nan]"),
        &[],
    );
    assert!(e.contains("states[0].capital: expected a pair"), "{e}");
}

#[test]
fn border_rules() {
    let e = err(&BASE.replace("[\"B\", \"C\"]", "[\"B\", \"X\"]"), &[]);
    assert!(
        e.contains("t.toml:23:30: map.borders[1][1]: unknown state id \"X\""),
        "{e}"
    );
    let e = err(&BASE.replace("[\"B\", \"C\"]", "[\"C\", \"C\"]"), &[]);
    assert!(
        e.contains("map.borders[1]: a state cannot border itself (\"C\")"),
        "{e}"
    );
    let e = err(&BASE.replace("[\"B\", \"C\"]", "[\"B\", \"A\"]"), &[]);
    assert!(
        e.contains(
            "map.borders[1]: the border \"B\"–\"A\" is listed twice (first at map.borders[0])"
        ),
        "{e}"
    );
    let e = err(&BASE.replace("[\"B\", \"C\"]", "[\"B\"]"), &[]);
    assert!(
        e.contains("map.borders[1]: expected a pair of state ids"),
        "{e}"
    );
}

#[test]
fn alliance_kinds_are_listed_in_order_and_pull_only_where_they_answer() {
    // The event records store a set of kinds as bits numbered by declaration
    // order, and `ALL` is what they read back.
    for (i, k) in AllianceKind::ALL.into_iter().enumerate() {
        assert_eq!(k as usize, i, "{k:?}");
    }
    // A pledge pulls only toward a side where members fight and whose being
    // in the war puts the pledge to work; only a promise to fight calls.
    for k in AllianceKind::ALL {
        for on in [[false, false], [true, false], [false, true], [true, true]] {
            if let Some(s) = k.duty(on) {
                assert!(on[s as usize] && k.answers(s), "{k:?} {on:?}");
            }
        }
        assert_eq!(
            k.obliges_defence(),
            k == AllianceKind::Defense,
            "{k:?}: only a defence pledge makes a member allied"
        );
    }
}

#[test]
fn alliance_rules() {
    let e = err(
        &BASE.replace("kind = \"defense\"", "kind = \"defence\""),
        &[],
    );
    assert!(e.contains(
        "t.toml:27:8: alliances[0].kind: expected one of \"defense\", \"offense\", \"neutrality\", \"entente\", found \"defence\" (did you mean \"defense\"?)"
    ), "{e}");
    let e = err(&BASE.replace("kind = \"defense\"\n", ""), &[]);
    assert!(e.contains(
        "alliances[0].kind: is required (expected one of \"defense\", \"offense\", \"neutrality\", \"entente\")"
    ), "{e}");
    let e = err(&BASE.replace("[\"A\", \"B\"]\n", "[\"A\"]\n"), &[]);
    assert!(
        e.contains("alliances[0].members: expected at least 2 members, found 1"),
        "{e}"
    );
    let e = err(
        &BASE.replace("members = [\"A\", \"B\"]", "members = [\"A\", \"A\"]"),
        &[],
    );
    assert!(
        e.contains("alliances[0].members[1]: \"A\" is listed twice"),
        "{e}"
    );
    let e = err(
        &BASE.replace("members = [\"A\", \"B\"]", "members = [\"A\", \"Q\"]"),
        &[],
    );
    assert!(
        e.contains("alliances[0].members[1]: unknown state id \"Q\""),
        "{e}"
    );
}

#[test]
fn all_problems_are_reported_together() {
    let text = BASE
        .replace("capability = 2.0", "capability = 0")
        .replace("kind = \"defense\"", "kind = 3");
    let e = load_str("t.toml", &text, &[]).unwrap_err();
    assert_eq!(e.all().len(), 2);
    assert_eq!(e.path, "states[0].capability");
    assert_eq!(e.also[0].path, "alliances[0].kind");
    assert_eq!((e.line, e.column), (Some(9), Some(14)));
}

#[test]
fn overrides_apply_and_are_blamed() {
    let s = ok(
        BASE,
        &[
            "simulation.years=50",
            "alliances.*.reliability=0.3",
            "states.2.capability=5",
            "model.stakes=0.25",
            "name=\"Renamed\"",
        ],
    );
    assert_eq!(s.simulation.years, 50);
    assert_eq!(s.world.alliances[0].reliability, 0.3);
    assert_eq!(s.world.states[2].capability, 5.0);
    assert_eq!(s.model.stakes, 0.25);
    assert_eq!(s.name, "Renamed");
    let s = ok(BASE, &["alliances=[]"]);
    assert!(s.world.alliances.is_empty());
    let e = err(BASE, &["alliances.*.reliability=1.5"]);
    assert_eq!(
        e,
        "t.toml: alliances[0].reliability: expected a number from 0 to 1, found 1.5 (set by --set alliances.*.reliability=1.5)"
    );
    let e = err(BASE, &["simulation.yeers=5"]);
    assert!(
        e.contains("simulation.yeers: unknown key (did you mean `years`?)"),
        "{e}"
    );
    assert!(e.contains("(set by --set simulation.yeers=5)"), "{e}");
    let e = err(BASE, &["name=Foo"]);
    assert_eq!(
        e,
        "t.toml: --set name=Foo: the value must be TOML; for a string write name='\"Foo\"'"
    );
    let e = err(BASE, &["name.*.x=1"]);
    assert!(
        e.contains("--set name.*.x=1: `name` is a string, so it has no `*` inside"),
        "{e}"
    );
    let e = err(BASE, &["states.7.capability=1"]);
    assert!(
        e.contains("index 7 is out of range: `states` has 3 elements"),
        "{e}"
    );
}

#[test]
fn variants_resolve_and_are_checked() {
    let text = with(
        "\n[[variants]]\nname = \"none\"\nset = { \"alliances\" = [] }\n\n[[variants]]\nname = \"sure\"\nset = { \"alliances.*.reliability\" = 1.0, \"model.stakes\" = 0.1 }\n",
    );
    let s = ok(&text, &[]);
    assert_eq!(s.variants.len(), 2);
    assert_eq!(s.variants[1].name, "sure");
    let keys: Vec<&str> = s.variants[1].set.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(keys, vec!["alliances.*.reliability", "model.stakes"]);
    let v = load_variant("t.toml", &text, &[], "none").unwrap();
    assert!(v.world.alliances.is_empty());
    let v = load_variant("t.toml", &text, &["simulation.years=3".into()], "sure").unwrap();
    assert_eq!(
        (
            v.world.alliances[0].reliability,
            v.model.stakes,
            v.simulation.years
        ),
        (1.0, 0.1, 3)
    );
    let e = load_variant("t.toml", &text, &[], "nope")
        .unwrap_err()
        .to_string();
    assert_eq!(
        e,
        "t.toml: variants: no variant named \"nope\"; the file has \"none\", \"sure\""
    );
    let bad =
        with("\n[[variants]]\nname = \"broken\"\nset = { \"alliances.*.reliability\" = 2.0 }\n");
    let e = err(&bad, &[]);
    assert_eq!(
        e,
        "t.toml:32:9: variants[0] \"broken\": alliances[0].reliability: expected a number from 0 to 1, found 2.0 \
         (set by variant \"broken\": \"alliances.*.reliability\" = 2.0)"
    );
    let dup =
        with("\n[[variants]]\nname = \"v\"\nset = {}\n[[variants]]\nname = \"v\"\nset = {}\n");
    assert!(
        err(&dup, &[]).contains("variants[1].name: the name \"v\" is already used by variants[0]")
    );
    let noset = with("\n[[variants]]\nname = \"v\"\n");
    assert!(err(&noset, &[]).contains("variants[0].set: is required"));
}

#[test]
fn states_and_generate_are_exclusive() {
    let e = err(&with("[generate]\nstates = 5\n"), &[]);
    assert!(
        e.contains("generate: a scenario either lists its world"),
        "{e}"
    );
    assert!(
        e.contains("this one also has states, map, alliances"),
        "{e}"
    );
}

#[test]
fn limits_refuse_worlds_too_large() {
    // How long a plan would run is the commands' to judge (they know the threads
    // and configurations, and take --allow-large); a file only has hard limits.
    let text = "name = 'big'\n[simulation]\nyears = 100000\nreplications = 1000000\n[generate]\nstates = 20\n";
    assert!(load_str("big.toml", text, &[]).is_ok());
    let e = err("name = 'big'\n[generate]\nstates = 100001\n", &[]);
    assert!(
        e.contains("generate.states: expected a whole number from 2 to 100000, found 100001"),
        "{e}"
    );
}

#[test]
fn generated_worlds_validate_and_take_overrides() {
    let text = "name = 'g'\n[simulation]\nseed = 3\n[generate]\nstates = 30\ntopology = 'random'\nalliances = 'bipolar'\nreliability = 0.6\n";
    let s = ok(text, &[]);
    assert_eq!(s.world.states.len(), 30);
    assert_eq!(s.world.states[0].id, "S01");
    assert_eq!(s.world.states[29].name, "State 30");
    assert!(
        s.world
            .alliances
            .iter()
            .all(|a| a.reliability == 0.6 && a.kind == AllianceKind::Defense)
    );
    assert_eq!(s, ok(text, &[]));
    assert_ne!(s.world, ok(text, &["simulation.seed=4"]).world);
    // An explicit generate.seed keeps the world when the run seed changes.
    let fixed = format!("{text}seed = 9\n");
    assert_eq!(
        ok(&fixed, &[]).world,
        ok(&fixed, &["simulation.seed=4"]).world
    );
    let s = ok(text, &["alliances.*.reliability=0.2", "generate.states=12"]);
    assert_eq!(s.world.states.len(), 12);
    assert!(s.world.alliances.iter().all(|a| a.reliability == 0.2));
    assert!(ok(text, &["alliances=[]"]).world.alliances.is_empty());
    let e = err(text, &["states.0.capability=-1"]);
    assert!(e.contains("states[0].capability: expected a finite number > 0, found -1 (set by --set states.0.capability=-1)"), "{e}");
    let e = err(
        "name = 'g'\n[generate]\nstates = 5\ntopology = 'torus'\nalliances = 'many'\n",
        &[],
    );
    assert!(e.contains("t.toml:4:12: generate.topology: expected one of \"grid\", \"ring\", \"random\", found \"torus\""), "{e}");
    assert!(
        e.contains("generate.alliances: expected one of \"none\", \"bipolar\""),
        "{e}"
    );
    for topology in ["grid", "ring", "random"] {
        for plan in [
            "none",
            "bipolar",
            "blocs",
            "collective",
            "hub-and-spoke",
            "random",
        ] {
            for cap in ["pareto", "equal", "lognormal"] {
                let t = format!(
                    "name = 'g'\n[generate]\nstates = 25\ntopology = '{topology}'\nalliances = '{plan}'\ncapability = '{cap}'\n"
                );
                ok(&t, &[]);
            }
        }
    }
}

#[test]
fn the_largest_generated_world_loads() {
    let s = ok(
        "name = 'g'\n[simulation]\nreplications = 1\nyears = 1\n[generate]\nstates = 100000\ntopology = 'random'\nalliances = 'random'\n",
        &[],
    );
    assert_eq!(s.world.states.len(), 100_000);
    assert_eq!(s.world.states[0].id, "S000001");
}

proptest::proptest! {
    #[test]
    fn any_override_string_returns_instead_of_panicking(arg in "\\PC{0,40}") {
        let _ = load_str("t.toml", BASE, &[arg]);
    }

    #[test]
    fn structured_override_strings_never_panic(
        path in proptest::sample::select(vec!["states", "states.*", "states.0", "states.9", "map.borders", "alliances.*.members", "simulation", "model", "generate.states", "name", "*", "alliances.0.kind"]),
        value in proptest::sample::select(vec!["1", "-1", "nan", "[]", "{}", "'x'", "[[1]]", "9223372036854775807", "1e308", "true", "[\"A\",\"A\"]"]),
    ) {
        let _ = load_str("t.toml", BASE, &[format!("{path}={value}")]);
    }
}

#[test]
fn crises_resolve_to_states_and_are_checked() {
    let s = ok(
        &with("\n[[crises]]\nyear = 1\nchallenger = \"A\"\ntarget = \"B\"\n"),
        &[],
    );
    assert_eq!(
        s.world.crises,
        vec![CrisisSpec {
            year: 1,
            challenger: 0,
            target: 1,
            force: false
        }]
    );
    let s = ok(
        &with("\n[[crises]]\nyear = 2\nchallenger = \"C\"\ntarget = \"A\"\nforce = true\n"),
        &[],
    );
    assert!(s.world.crises[0].force);

    let e = err(
        &with("\n[[crises]]\nyear = 1\nchallenger = \"A\"\ntarget = \"Q\"\nforse = true\n"),
        &[],
    );
    assert!(
        e.contains("crises[0].target: unknown state id \"Q\""),
        "{e}"
    );
    assert!(
        e.contains("crises[0].forse: unknown key (did you mean `force`?)"),
        "{e}"
    );
    let e = err(
        &with("\n[[crises]]\nyear = 0\nchallenger = \"A\"\ntarget = \"B\"\n"),
        &[],
    );
    assert!(
        e.contains("crises[0].year: expected a whole number from 1 to 100000, found 0"),
        "{e}"
    );
    let e = err(
        &with("\n[[crises]]\nyear = 1\nchallenger = \"A\"\ntarget = \"A\"\n"),
        &[],
    );
    assert!(
        e.contains("crises[0].target: a state cannot raise a crisis with itself"),
        "{e}"
    );
    let e = err(
        &with("\n[[crises]]\nchallenger = \"A\"\ntarget = \"B\"\nforce = 1\n"),
        &[],
    );
    assert!(e.contains("crises[0].year: is required"), "{e}");
    assert!(
        e.contains("crises[0].force: expected true or false, found 1"),
        "{e}"
    );
    // The year must fall within the run, as overridden.
    let text = with("\n[[crises]]\nyear = 30\nchallenger = \"A\"\ntarget = \"B\"\n");
    let e = err(&text, &["simulation.years=10"]);
    assert!(
        e.contains("crises[0].year: expected a year from 1 to simulation.years (10), found 30"),
        "{e}"
    );
    assert!(e.contains("t.toml:"), "{e}");
}
