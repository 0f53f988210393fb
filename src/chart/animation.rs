//! The animated map of one replication: a GIF with one frame per year, drawn
//! on the alliance map. Wars under way are lines joining enemies, the states
//! fighting are ringed by side, the year's crises are thin lines, conquered
//! states fade out, and a corner gives the year and live counts.
//!
//! Frames are drawn in parallel, a window at a time (memory stays flat in the
//! number of years), and written in year order, so the file is the same
//! whatever the number of threads. Colours are reduced to each frame's own
//! palette of 256 by the `gif` crate's NeuQuant quantiser, which is
//! deterministic.

use plotters::coord::Shift;
use plotters::prelude::{DrawingArea, DrawingBackend};
use rayon::prelude::*;

use super::backend::{Chart, render_rgb};
use super::error::ChartError;
use super::map::MapChart;
use super::read::{RunData, ScenarioView};
use super::run::run_charts;
use super::style::Theme;
use super::text::Lang;
use crate::model::RunRecord;
use crate::scenario::Scenario;

/// What one year adds to the map.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct MapOverlay {
    /// Lines for the corner: the year, then live counts.
    pub corner: Vec<String>,
    /// Whether each state is alive at the end of the year.
    pub alive: Vec<bool>,
    /// Each state's capability at the end of the year (its last, once gone).
    pub capability: Vec<f64>,
    /// The wars under way, each as its two sides (state indices; the
    /// initiator's side first, each side's originator first).
    pub wars: Vec<[Vec<usize>; 2]>,
    /// The year's crises that stopped short of war, as (challenger, target).
    pub crises: Vec<(usize, usize)>,
}

/// The overlays of every year from `from` to `to` (from 1, inclusive) of a
/// replication recorded with its wars, crises and state-years; `initial` is
/// each state's capability at the start.
pub fn overlays(
    run: &RunRecord,
    initial: &[f64],
    years: u32,
    (from, to): (u32, u32),
    lang: Lang,
) -> Vec<MapOverlay> {
    let n = initial.len();
    let mut capability = initial.to_vec();
    let mut alive = vec![true; n];
    let mut rows = run.state_years.iter().peekable();
    let mut out = Vec::new();
    for year in 0..years.min(to) {
        // The state-years of this year are the states alive at its end.
        let mut seen = vec![false; n];
        while let Some(r) = rows.next_if(|r| r.year == year) {
            if let Some(s) = seen.get_mut(r.state as usize) {
                *s = true;
                capability[r.state as usize] = r.capability;
            }
        }
        alive = alive.iter().zip(&seen).map(|(&a, &s)| a && s).collect();
        if year + 1 < from {
            continue;
        }
        let mut wars: Vec<[Vec<usize>; 2]> = Vec::new();
        for w in &run.wars {
            if w.start > year || year > w.end {
                continue;
            }
            let mut sides: [Vec<usize>; 2] = [Vec::new(), Vec::new()];
            for m in w.members.iter().filter(|m| m.entered <= year) {
                sides[usize::from(m.side.min(1))].push(m.state as usize);
            }
            wars.push(sides);
        }
        let of_year: Vec<_> = run.crises.iter().filter(|c| c.year == year).collect();
        let crises: Vec<(usize, usize)> = of_year
            .iter()
            .filter(|c| c.war.is_none())
            .map(|c| (c.challenger as usize, c.target as usize))
            .collect();
        let living = alive.iter().filter(|&&a| a).count();
        let (at_war, all_crises) = (wars.len(), of_year.len());
        let corner = match lang {
            Lang::En => vec![
                format!("Year {} of {years}", year + 1),
                format!("wars under way: {at_war} · crises this year: {all_crises}"),
                format!("states: {living} of {n}"),
            ],
            Lang::Id => vec![
                format!("Tahun {} dari {years}", year + 1),
                format!("perang berlangsung: {at_war} · krisis tahun ini: {all_crises}"),
                format!("negara: {living} dari {n}"),
            ],
        };
        out.push(MapOverlay {
            corner,
            alive: alive.clone(),
            capability: capability.clone(),
            wars,
            crises,
        });
    }
    out
}

/// One frame: the map with a year's overlay and the animation's caption.
struct Frame<'a> {
    map: &'a MapChart,
    overlay: &'a MapOverlay,
    caption: &'a str,
}

impl Chart for Frame<'_> {
    fn name(&self) -> &'static str {
        "animation"
    }

    fn draw<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        theme: &Theme,
    ) -> Result<(), ChartError> {
        self.map
            .draw_with(root, theme, Some((self.overlay, self.caption)))
    }
}

/// Frames drawn at once: enough to keep two cores busy, few enough that memory
/// stays small (each frame is held as RGB until it is encoded).
const WINDOW: usize = 8;

/// The map of `scenario`'s world at the start, for the frames to be drawn on.
pub fn base_map(scenario: &Scenario) -> Result<MapChart, ChartError> {
    let json = serde_json::to_value(scenario).map_err(|e| ChartError::Draw {
        chart: "animation",
        message: e.to_string(),
    })?;
    let view: ScenarioView = serde_json::from_value(json).map_err(|e| ChartError::Draw {
        chart: "animation",
        message: e.to_string(),
    })?;
    let data = RunData {
        scenario: view,
        replications: scenario.simulation.replications,
        seed: scenario.simulation.seed,
        years: scenario.simulation.years,
        ..RunData::default()
    };
    Ok(run_charts(&data).2)
}

/// The caption of an animation: scenario, replication, seed and version.
pub fn caption(scenario: &Scenario, replication: u64, lang: Lang) -> String {
    let version = env!("CARGO_PKG_VERSION");
    let (name, seed) = (&scenario.name, scenario.simulation.seed);
    match lang {
        Lang::En => {
            format!("{name} · replication {replication} · seed {seed} · deterrence {version}")
        }
        Lang::Id => {
            format!("{name} · replikasi {replication} · seed {seed} · deterrence {version}")
        }
    }
}

/// The GIF of `overlays` on `map` under `caption`: `delay` hundredths of a
/// second a frame (the last held four times as long), looping forever.
pub fn render_gif(
    map: &MapChart,
    overlays: &[MapOverlay],
    caption: &str,
    theme: &Theme,
    delay: u16,
) -> Result<Vec<u8>, ChartError> {
    let (w, h) = theme.size();
    let fail = |message: String| ChartError::Draw {
        chart: "animation",
        message,
    };
    let (w16, h16) = (
        u16::try_from(w).map_err(|_| fail(format!("{w} pixels is too wide for a GIF")))?,
        u16::try_from(h).map_err(|_| fail(format!("{h} pixels is too tall for a GIF")))?,
    );
    let mut bytes = Vec::new();
    {
        let mut encoder = gif::Encoder::new(&mut bytes, w16, h16, &[])
            .map_err(|e| fail(format!("cannot start the GIF: {e}")))?;
        encoder
            .set_repeat(gif::Repeat::Infinite)
            .map_err(|e| fail(format!("cannot start the GIF: {e}")))?;
        let last = overlays.len().saturating_sub(1);
        for (k, window) in overlays.chunks(WINDOW).enumerate() {
            let frames: Vec<Result<gif::Frame<'static>, ChartError>> = window
                .par_iter()
                .map(|overlay| {
                    let frame = Frame {
                        map,
                        overlay,
                        caption,
                    };
                    let (rgb, _, _) = render_rgb(&frame, theme)?;
                    Ok(gif::Frame::from_rgb_speed(w16, h16, &rgb, 10))
                })
                .collect();
            for (i, frame) in frames.into_iter().enumerate() {
                let mut frame = frame?;
                let hold = if k * WINDOW + i == last { 4 } else { 1 };
                frame.delay = delay.saturating_mul(hold);
                encoder
                    .write_frame(&frame)
                    .map_err(|e| fail(format!("cannot write a GIF frame: {e}")))?;
            }
        }
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Recording;
    use crate::scenario::load;
    use crate::story::replay;

    fn replayed() -> (RunRecord, Vec<f64>, u32) {
        let path =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/two-blocs.toml");
        let s = load(&path, &["simulation.years=40".into()]).expect("valid");
        let keep = Recording {
            wars: true,
            crises: true,
            state_years: true,
            ..Recording::default()
        };
        let initial = s.world.states.iter().map(|st| st.capability).collect();
        (replay(&s, 0, keep), initial, 40)
    }

    #[test]
    fn overlays_follow_the_replication_year_by_year() {
        let (run, initial, years) = replayed();
        let all = overlays(&run, &initial, years, (1, years), Lang::En);
        assert_eq!(all.len(), years as usize);
        // A state once gone stays gone, and the last frame's living states are
        // those of the last year's records.
        for pair in all.windows(2) {
            for (a, b) in pair[0].alive.iter().zip(&pair[1].alive) {
                assert!(*a || !*b, "a state came back");
            }
        }
        let last: Vec<usize> = run
            .state_years
            .iter()
            .filter(|r| r.year == years - 1)
            .map(|r| r.state as usize)
            .collect();
        let alive: Vec<usize> = (0..initial.len()).filter(|&s| all[39].alive[s]).collect();
        assert_eq!(alive, last);
        // Every war shows in each year it was fought, with its originators.
        for w in &run.wars {
            for y in w.start..=w.end {
                let shown = all[y as usize].wars.iter().any(|s| {
                    s[0].first() == Some(&(w.initiator as usize))
                        && s[1].first() == Some(&(w.target as usize))
                });
                assert!(shown, "war {} in year {}", w.id, y + 1);
            }
        }
        assert!(!run.wars.is_empty(), "two blocs has wars in 40 years");
        // A window of years gives the same frames.
        let some = overlays(&run, &initial, years, (10, 20), Lang::En);
        assert_eq!(some, all[9..20].to_vec());
    }
}
