//! `story` and `animate`: one replication told year by year, or drawn a frame
//! a year, from a run's directory or a scenario file; the same run the records
//! hold; the same GIF at any thread count; their errors.

use std::fs;

use crate::common::{Table, assert_exit, deterrence, num, run_ok, stderr, stdout};

fn story(args: &[&str]) -> std::process::Output {
    deterrence()
        .arg("story")
        .args(args)
        .output()
        .expect("the binary starts")
}

#[test]
fn a_runs_story_is_its_records_told() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("run");
    let small = ["--replications", "5", "--years", "30", "--seed", "9"];
    let mut extra = small.to_vec();
    extra.extend(["--wars", "--records", "crises,calls"]);
    run_ok("scenarios/europe-1914.toml", &out, &extra);
    let dir = out.to_str().unwrap();
    let crises = Table::read(&out.join("crises.csv"));
    let wars = Table::read(&out.join("wars.csv"));
    let mut told_any_war = false;
    for r in 0..5 {
        let o = story(&[dir, "--replication", &r.to_string()]);
        assert_exit(&o, 0, "story of a run");
        let text = stdout(&o);
        let rows = crises.rows.iter().filter(|row| num(&row[0]) == r as f64);
        let n_crises = rows.clone().count();
        assert_eq!(
            text.matches(" challenged ").count(),
            n_crises,
            "replication {r}: one sentence per crisis\n{text}"
        );
        let deterred = rows
            .filter(|row| row[crises.col("deterred")] == "true")
            .count();
        assert_eq!(text.matches("deterred by").count(), deterred, "{text}");
        let n_wars = wars
            .rows
            .iter()
            .filter(|row| num(&row[0]) == r as f64)
            .count();
        assert_eq!(text.matches(" began: ").count(), n_wars, "{text}");
        told_any_war |= n_wars > 0;
        // The same replication from the scenario file and the same settings.
        let mut args = vec!["scenarios/europe-1914.toml", "--replication"];
        let rs = r.to_string();
        args.push(&rs);
        args.extend([
            "--years",
            "30",
            "--seed",
            "9",
            "--set",
            "simulation.replications=5",
        ]);
        let from_file = story(&args);
        assert_exit(&from_file, 0, "story of a file");
        assert_eq!(stdout(&from_file), text, "replication {r}");
    }
    assert!(told_any_war, "1914 has wars in five replications");

    // The run's report tells replication 0.
    let report = fs::read_to_string(out.join("report.html")).unwrap();
    assert!(
        report.contains("The story of replication 0, year by year"),
        "the report's timeline"
    );
    assert!(report.contains(" challenged "));

    // In Indonesian, and as a page of its own, only the years asked for.
    let page = tmp.path().join("story.html");
    let o = story(&[
        dir,
        "--replication",
        "1",
        "--lang",
        "id",
        "--from",
        "3",
        "--to",
        "8",
        "--html",
        page.to_str().unwrap(),
    ]);
    assert_exit(&o, 0, "story --html");
    let text = stdout(&o);
    assert!(
        text.contains("replikasi 1") && !text.contains(" challenged "),
        "{text}"
    );
    assert!(
        !text.contains("Tahun 2\n") && !text.contains("Tahun 9\n"),
        "{text}"
    );
    let html = fs::read_to_string(&page).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>") && html.contains("lang=\"id\""));
    assert!(!html.contains("<script"));
}

#[test]
fn a_story_refuses_what_it_cannot_tell() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("run");
    run_ok(
        "scenarios/two-blocs.toml",
        &out,
        &["--replications", "3", "--years", "5"],
    );
    let dir = out.to_str().unwrap();
    let o = story(&[dir, "--replication", "3"]);
    assert_exit(&o, 2, "a replication the run does not have");
    assert!(
        stderr(&o).contains("3 replications (0 to 2)"),
        "{}",
        stderr(&o)
    );
    let o = story(&[dir, "--set", "model.dispute_rate=0.9"]);
    assert_exit(&o, 2, "--set on a run's directory");
    assert!(stderr(&o).contains("--set"), "{}", stderr(&o));
    let o = story(&[dir, "--from", "4", "--to", "2"]);
    assert_exit(&o, 2, "years backwards");
    let o = story(&[tmp.path().to_str().unwrap()]);
    assert_exit(&o, 2, "a directory that is not a run");
    assert!(
        stderr(&o).contains("not a finished deterrence run"),
        "{}",
        stderr(&o)
    );
    let o = story(&["scenarios/nope.toml"]);
    assert_exit(&o, 2, "a missing file");
}

fn gif_frames(bytes: &[u8]) -> (u16, u16, usize) {
    let mut d = gif::DecodeOptions::new().read_info(bytes).expect("a GIF");
    let (w, h) = (d.width(), d.height());
    let mut n = 0;
    while d.read_next_frame().expect("a frame").is_some() {
        n += 1;
    }
    (w, h, n)
}

#[test]
fn an_animation_is_a_frame_a_year_the_same_on_any_thread_count() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("run");
    run_ok(
        "scenarios/europe-1914.toml",
        &out,
        &["--replications", "3", "--years", "12"],
    );
    let gif = |threads: &str, target: &str, extra: &[&str]| {
        let path = tmp.path().join(format!("{threads}-{}.gif", extra.len()));
        let o = deterrence()
            .env("RAYON_NUM_THREADS", threads)
            .args([
                "animate", target, "-r", "2", "--scale", "0.3", "--quiet", "--out",
            ])
            .arg(&path)
            .args(extra)
            .output()
            .unwrap();
        assert_exit(&o, 0, "animate");
        assert_eq!(stderr(&o), "", "--quiet");
        fs::read(&path).unwrap()
    };
    let dir = out.to_str().unwrap();
    let one = gif("1", dir, &[]);
    assert_eq!(gif_frames(&one), (480, 300, 12));
    assert_eq!(gif("2", dir, &[]), one, "threads change nothing");
    let same = gif(
        "2",
        "scenarios/europe-1914.toml",
        &["--years", "12", "--set", "simulation.replications=3"],
    );
    assert_eq!(
        same, one,
        "the run's directory and its file give the same frames"
    );
    let part = gif("2", dir, &["--from", "4", "--to", "6"]);
    assert_eq!(gif_frames(&part).2, 3);

    let o = deterrence()
        .args(["animate", dir, "-r", "3", "--out"])
        .arg(tmp.path().join("x.gif"))
        .output()
        .unwrap();
    assert_exit(&o, 2, "a replication the run does not have");
    assert!(!tmp.path().join("x.gif").exists(), "nothing written");
    let o = deterrence()
        .args(["animate", dir, "--delay", "0"])
        .output()
        .unwrap();
    assert_exit(&o, 2, "a delay of nothing");
}
