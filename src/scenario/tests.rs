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
