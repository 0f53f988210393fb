//! The charts and the report of one run directory, drawn from its files alone.
//! `deterrence run` and `deterrence chart DIR` both come through here, so a
//! redraw gives what the run drew.

use crate::output::{Manifest, OutputDir};

use super::backend::{Chart, Format, render, render_svg, save};
use super::data::Caption;
use super::error::ChartError;
use super::levels::LevelsChart;
use super::map::{MapAlliance, MapChart, MapState};
use super::onset::OnsetChart;
use super::read::{RunData, read_run_with};
use super::report::{ReportChart, report_html};
use super::style::{MAX_SCALE, MIN_SCALE, Theme};
use super::text::{Key, Lang};
use super::war_sizes::WarSizesChart;

pub use crate::output::{CHARTS_DIR, REPORT_FILE};
/// The file stems of a run's charts, in the report's order.
pub const RUN_CHARTS: [&str; 4] = ["onset", "war_sizes", "map", "levels"];

/// How to draw: formats, size and language.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ChartOptions {
    /// Which files to write per chart.
    pub format: Format,
    /// Multiplies the 1600 × 1000 canvas and every size on it.
    pub scale: f64,
    /// Language of all text.
    pub lang: Lang,
}

impl Default for ChartOptions {
    fn default() -> Self {
        ChartOptions {
            format: Format::Both,
            scale: 1.0,
            lang: Lang::En,
        }
    }
}

impl ChartOptions {
    /// Checks the options, naming what is out of range.
    pub fn check(&self) -> Result<(), ChartError> {
        if !(self.scale.is_finite() && (MIN_SCALE..=MAX_SCALE).contains(&self.scale)) {
            return Err(ChartError::BadOption(format!(
                "scale {} is out of range: give a number from {MIN_SCALE} to {MAX_SCALE}",
                self.scale
            )));
        }
        Ok(())
    }
}

/// The series of `timeseries.csv` the charts of a run draw.
pub(super) const CHARTED_SERIES: [&str; 5] = [
    "war_onset_rate",
    "spending_share_members",
    "spending_share_nonmembers",
    "largest_power_share",
    "capability_hhi",
];

/// The four charts of a run, built from its data.
pub fn run_charts(data: &RunData) -> (OnsetChart, WarSizesChart, MapChart, LevelsChart) {
    let caption = Caption {
        scenario: data.scenario.name.clone(),
        replications: data.replications,
        seed: data.seed,
    };
    let series = |m: &str| data.timeseries.get(m).cloned().unwrap_or_default();
    let world = &data.scenario.world;
    (
        OnsetChart {
            years: series(CHARTED_SERIES[0]),
            caption: caption.clone(),
        },
        WarSizesChart {
            sizes: data.war_sizes.clone(),
            caption: caption.clone(),
        },
        MapChart {
            states: world
                .states
                .iter()
                .map(|s| MapState {
                    id: s.id.clone(),
                    capability: s.capability,
                    position: s.position,
                    capital: s.capital,
                })
                .collect(),
            borders: world.borders.clone(),
            alliances: world
                .alliances
                .iter()
                .map(|a| MapAlliance {
                    name: a.name.clone(),
                    members: a.members.clone(),
                    defense: a.kind == "defense",
                    neutrality: a.kind == "neutrality",
                })
                .collect(),
            caption: caption.clone(),
        },
        LevelsChart {
            spending_members: series(CHARTED_SERIES[1]),
            spending_nonmembers: series(CHARTED_SERIES[2]),
            largest_share: series(CHARTED_SERIES[3]),
            hhi: series(CHARTED_SERIES[4]),
            caption,
        },
    )
}

/// Reads the run in `out`, whose manifest is `manifest` (`run` draws before
/// it writes its manifest, which comes last), and draws its charts (into
/// `charts/`) and `report.html`. Returns the files written, relative to the
/// directory.
pub fn draw_run_with(
    out: &OutputDir,
    manifest: &Manifest,
    opts: &ChartOptions,
) -> Result<Vec<String>, ChartError> {
    opts.check()?;
    draw_run(&read_run_with(out.path(), manifest)?, out, opts)
}

/// Draws the charts and the report of `data` into `out`.
pub fn draw_run(
    data: &RunData,
    out: &OutputDir,
    opts: &ChartOptions,
) -> Result<Vec<String>, ChartError> {
    opts.check()?;
    let theme = Theme::new(opts.scale, opts.lang);
    let lang = opts.lang;
    let (onset, sizes, map, levels) = run_charts(data);
    let sizes_reading = if sizes.shows_tail() {
        Key::ReadWarSizesTail
    } else {
        Key::ReadWarSizes
    };
    let mut written = Vec::new();
    let mut report = Vec::new();
    let mut add = |(files, svg): (Vec<String>, String), title: Key, reading: Key| {
        written.extend(files);
        report.push(ReportChart {
            title: lang.t(title).to_string(),
            how_to_read: lang.t(reading).to_string(),
            svg,
        });
    };
    let (format, theme) = (opts.format, &theme);
    // The four charts are independent: drawn (and encoded) in parallel, then
    // listed in their fixed order.
    let ((onset, sizes), (map, levels)) = rayon::join(
        || {
            rayon::join(
                || draw_one(&onset, out, format, theme),
                || draw_one(&sizes, out, format, theme),
            )
        },
        || {
            rayon::join(
                || draw_one(&map, out, format, theme),
                || draw_one(&levels, out, format, theme),
            )
        },
    );
    add(onset?, Key::OnsetTitle, Key::ReadOnset);
    add(sizes?, Key::WarSizesTitle, sizes_reading);
    add(map?, Key::MapTitle, Key::ReadMap);
    add(levels?, Key::LevelsTitle, Key::ReadLevels);
    out.write(REPORT_FILE, report_html(data, &report, lang).as_bytes())?;
    written.push(REPORT_FILE.to_string());
    Ok(written)
}

/// Draws one chart into `charts/` as `<name>.png`/`.svg` (a file of a format
/// no longer asked for is removed when the run finishes, as the earlier run's).
/// Returns the files written and the SVG for the report (drawn even when
/// only PNG files are wanted).
fn draw_one<C: Chart>(
    chart: &C,
    out: &OutputDir,
    format: Format,
    theme: &Theme,
) -> Result<(Vec<String>, String), ChartError> {
    draw_named(chart, chart.name(), out, format, theme)
}

/// As `draw_one`, into `charts/<stem>.png`/`.svg`.
pub fn draw_named<C: Chart>(
    chart: &C,
    stem: &str,
    out: &OutputDir,
    format: Format,
    theme: &Theme,
) -> Result<(Vec<String>, String), ChartError> {
    let mut drawn = render(chart, format, theme)?;
    let files = save(out, stem, &drawn)?;
    let svg = match drawn.svg.take() {
        Some(svg) => svg,
        None => render_svg(chart, theme)?,
    };
    Ok((files, svg))
}
