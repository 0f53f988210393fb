//! Every file the commands write into an output directory, declared once: its
//! name, which commands write it and what it holds. Writers, readers, charts
//! and the docs check all take the names from here, so a renamed or new file
//! is one line.

/// A file an output directory may hold.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OutputFile {
    /// Its name inside the output directory.
    pub name: &'static str,
    /// The commands that write it (`run`, `compare`, …).
    pub written_by: &'static [&'static str],
    /// What it holds, in a line (the README's tables say more).
    pub holds: &'static str,
}

macro_rules! output_files {
    ($($konst:ident = $name:literal by [$($cmd:literal),*]: $holds:literal;)*) => {
        $(
            #[doc = concat!("`", $name, "`: ", $holds)]
            pub const $konst: &str = $name;
        )*
        /// Every file an output directory may hold besides its charts, in the order the README lists them.
        pub const OUTPUT_FILES: &[OutputFile] = &[$(OutputFile {
            name: $name,
            written_by: &[$($cmd),*],
            holds: $holds,
        }),*];
    };
}

output_files! {
    MANIFEST_FILE = "manifest.json" by ["run", "compare", "sweep", "claims", "calibrate"]:
        "what was run, on which resolved scenario, and the files written (written last)";
    RUNS_FILE = "runs.csv" by ["run", "compare", "sweep"]:
        "one row per replication (and configuration or point) with every run-level metric";
    TIMESERIES_FILE = "timeseries.csv" by ["run"]:
        "every metric in every year: mean, sd and 95 % interval over replications";
    SUMMARY_FILE = "summary.csv" by ["run"]:
        "every metric over the run: mean, sd and 95 % interval over replications";
    WAR_SIZES_FILE = "war_sizes.csv" by ["run"]:
        "how many wars had each number of participants";
    WARS_FILE = "wars.csv" by ["run"]:
        "with --wars, one row per war";
    CRISES_FILE = "crises.csv" by ["run"]:
        "with --records crises, one row per dispute";
    PARTICIPANTS_FILE = "participants.csv" by ["run"]:
        "with --records participants, one row per state in a war";
    CALLS_FILE = "calls.csv" by ["run"]:
        "with --records calls, one row per call on an ally";
    STATE_YEARS_FILE = "state_years.csv" by ["run"]:
        "with --records state-years, one row per living state and year";
    DYAD_YEARS_FILE = "dyad_years.csv" by ["run"]:
        "with --records dyad-years, one row per ordered pair of living states and year";
    COMPARISON_FILE = "comparison.csv" by ["compare"]:
        "every metric of every configuration, with the paired difference from the baseline";
    COMPARISON_TIMESERIES_FILE = "comparison_timeseries.csv" by ["compare"]:
        "every metric of every configuration in every year";
    COMPARISON_MD_FILE = "comparison.md" by ["compare"]:
        "the comparison as a readable table";
    SWEEP_FILE = "sweep.csv" by ["sweep"]:
        "every metric at every point of the sweep";
    CLAIMS_FILE = "claims.csv" by ["claims"]:
        "one row per claim (and world) with its effect, interval and verdict";
    CLAIMS_MD_FILE = "claims.md" by ["claims"]:
        "the verdicts as a readable table";
    ROBUSTNESS_FILE = "robustness.csv" by ["claims"]:
        "with --robustness, one row per parameter set and claim";
    DRIVERS_FILE = "drivers.csv" by ["claims"]:
        "with --robustness, how each parameter moves each claim's effect";
    ROBUSTNESS_MD_FILE = "robustness.md" by ["claims"]:
        "with --robustness, the shares of verdicts as a readable table";
    CALIBRATION_FILE = "calibration.csv" by ["calibrate"]:
        "one row per point of the design, with its statistics and distance";
    BEST_TOML_FILE = "best.toml" by ["calibrate"]:
        "the best point as overrides to paste into a scenario";
    FACTS_FILE = "facts.csv" by ["facts"]:
        "the statistics of a period of the record or of runs";
    FACTS_MD_FILE = "facts.md" by ["facts"]:
        "the statistics as a readable table";
    REPORT_FILE = "report.html" by ["run", "compare", "sweep", "claims", "calibrate", "facts"]:
        "one self-contained page with every chart and table";
}

/// The subdirectory that holds a directory's charts.
pub const CHARTS_DIR: &str = "charts";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_every_file_has_a_writer() {
        let mut names: Vec<&str> = OUTPUT_FILES.iter().map(|f| f.name).collect();
        names.sort_unstable();
        let before = names.len();
        names.dedup();
        assert_eq!(names.len(), before, "a file is declared twice");
        assert!(OUTPUT_FILES.iter().all(|f| !f.written_by.is_empty()));
    }

    #[test]
    fn the_readme_names_every_file() {
        let readme = include_str!("../../README.md");
        for f in OUTPUT_FILES {
            assert!(
                readme.contains(&format!("`{}`", f.name)),
                "README.md does not name {}",
                f.name
            );
        }
    }
}
