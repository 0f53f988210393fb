//! Charts and the HTML report, drawn from a run's results for teaching slides
//! and papers.
//!
//! Each chart kind has its own file and takes plain data (never files); the
//! shared look is in `style`, words in both languages in `text`, page layout in
//! `frame`, axes and bands in `axis`, and output formats in `backend`. Reading
//! a finished directory's tables and manifest and drawing all of its charts and
//! its report is [`draw_dir`] (a run's in `run`, a comparison's or sweep's in
//! `experiment_dir`, a claims report's in `claims_dir`); the commands draw
//! through it once their tables are written, and so does `chart DIR`. The
//! reports of `compare`, `sweep` and `claims` are built in `experiment_report`
//! and laid out by the same [`Report`].

pub mod animation;
mod axis;
mod backend;
mod calibration;
mod claims_dir;
mod compare;
mod data;
mod error;
mod experiment_dir;
mod experiment_report;
mod facts;
mod forest;
mod frame;
mod levels;
mod map;
mod onset;
mod raster;
mod read;
mod report;
mod robustness;
mod rows;
mod run;
mod style;
mod sweep;
mod text;
mod verdicts;
mod war_sizes;

pub use backend::{Chart, Drawn, Format, render, render_png, render_svg, save};
pub use calibration::CalibrationChart;
pub use claims_dir::{draw_claims, forest_rows};
pub use compare::{CompareBarsChart, CompareSeriesChart};
pub use data::{Caption, Interval};
pub use error::ChartError;
pub use experiment_dir::{
    default_smoothing, draw_compare, draw_dir, draw_sweep, setup_of, write_report,
};
pub use experiment_report::{
    ClaimsMatrixReport, ClaimsReport, CompareMetric, CompareReport, ConfigurationView,
    RobustnessReport, RobustnessRow, SweepMetric, SweepReport, WorldClaims,
};
pub use facts::{FactsChart, FactsRow};
pub use forest::{ForestChart, ForestRow, verdict_color};
pub use levels::{LevelsChart, Series};
pub use map::{MapAlliance, MapChart, MapState};
pub use onset::OnsetChart;
pub use read::{
    AllianceView, RunData, ScenarioView, SimulationView, StateView, SummaryRow, WorldView,
    parse_manifest, parse_summary, parse_timeseries, parse_war_sizes, read_manifest, read_run,
    read_run_with, scenario_view,
};
pub use report::{
    Cell, Report, ReportChart, Section, Setup, Table, escape, parameter_sections, report_html,
    story_section, story_section_years,
};
pub use robustness::{DriversChart, VerdictSharesChart};
pub use run::{
    CHARTS_DIR, ChartOptions, REPORT_FILE, RUN_CHARTS, draw_named, draw_run, draw_run_with,
    run_charts,
};
pub use style::{FONT_FAMILY, HEIGHT, MAX_SCALE, MIN_SCALE, SERIES, Theme, WIDTH, okabe_ito};
pub use sweep::{HeatmapChart, SweepChart, viridis};
pub use text::Lang;
pub use verdicts::{VerdictMatrixChart, verdict_symbol};
pub use war_sizes::{TAIL_MIN_WARS, WarSizesChart};
