//! The alliance map: states at their positions, circle area proportional to
//! capability, coloured by alliance; borders as solid grey lines and alliance
//! ties as dashed lines in the alliance's colour.
//!
//! The map is drawn in pixels rather than on axes: positions come from a
//! layout of the border graph, so their units mean nothing to a reader, and
//! equal scales on both directions keep distances honest.

use plotters::coord::Shift;
use plotters::element::{Circle, PathElement};
use plotters::prelude::{DrawingArea, DrawingBackend};
use plotters::style::text_anchor::{HPos, VPos};
use plotters::style::{Color, RGBColor, WHITE};

use super::animation::MapOverlay;
use super::axis::bounds;
use super::backend::Chart;
use super::data::Caption;
use super::error::{ChartError, drawing};
use super::frame::{Mark, fit, legend, no_data, page, text};
use super::style::{DARK_GREY, GREY, INK, Theme, series_color};
use super::text::Key;

/// Most alliances named in the legend; the rest are counted in one entry.
const LEGEND_ALLIANCES: usize = 10;
/// Above this many states, ids are left off: they would only cover each other.
const MAX_LABELLED_STATES: usize = 120;
/// Colour of border lines: darker than grid grey so thin lines stay visible.
const BORDER: RGBColor = RGBColor(0xAA, 0xAA, 0xAA);

/// A state on the map.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct MapState {
    /// Short id, drawn as the label.
    pub id: String,
    /// Military capability (> 0); circle area is proportional to it.
    pub capability: f64,
    /// Position on the plane (neighbours are about one unit apart).
    pub position: [f64; 2],
}

/// An alliance on the map.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct MapAlliance {
    /// Its name, for the legend.
    pub name: String,
    /// Member indices into [`MapChart::states`].
    pub members: Vec<usize>,
}

/// The data of the alliance map, from the resolved scenario in `manifest.json`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct MapChart {
    /// The states.
    pub states: Vec<MapState>,
    /// Borders as pairs of state indices.
    pub borders: Vec<(usize, usize)>,
    /// The alliances, in scenario order (which decides colours).
    pub alliances: Vec<MapAlliance>,
    /// The caption line.
    pub caption: Caption,
}

impl MapChart {
    /// The index of the alliance that colours state `s`: its first, if any.
    fn alliance_of(&self, s: usize) -> Option<usize> {
        self.alliances.iter().position(|a| a.members.contains(&s))
    }

    fn placed(&self, s: usize) -> Option<[f64; 2]> {
        self.states
            .get(s)
            .map(|st| st.position)
            .filter(|p| p[0].is_finite() && p[1].is_finite())
    }

    /// Typical distance between neighbours, in map units: the median border
    /// length, or without borders the median distance to the nearest state.
    fn typical_distance(&self) -> Option<f64> {
        let mut d: Vec<f64> = self
            .borders
            .iter()
            .filter_map(|&(a, b)| Some(dist(self.placed(a)?, self.placed(b)?)))
            .filter(|d| *d > 0.0)
            .collect();
        if d.is_empty() {
            d = (0..self.states.len().min(2000))
                .filter_map(|a| {
                    let pa = self.placed(a)?;
                    (0..self.states.len().min(2000))
                        .filter(|&b| b != a)
                        .filter_map(|b| Some(dist(pa, self.placed(b)?)))
                        .filter(|d| *d > 0.0)
                        .reduce(f64::min)
                })
                .collect();
        }
        d.sort_by(f64::total_cmp);
        d.get(d.len() / 2).copied()
    }
}

fn dist(a: [f64; 2], b: [f64; 2]) -> f64 {
    ((a[0] - b[0]).powi(2) + (a[1] - b[1]).powi(2)).sqrt()
}

impl Chart for MapChart {
    fn name(&self) -> &'static str {
        "map"
    }

    fn draw<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        theme: &Theme,
    ) -> Result<(), ChartError> {
        self.draw_with(root, theme, None)
    }
}

impl MapChart {
    /// Draws the map, with one year of a replication over it when `overlay` is given.
    pub(crate) fn draw_with<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        theme: &Theme,
        _overlay: Option<(&MapOverlay, &str)>,
    ) -> Result<(), ChartError> {
        let name = self.name();
        let lang = theme.lang;
        let area = page(
            root,
            theme,
            name,
            lang.t(Key::MapTitle),
            &self.caption.text(lang),
        )?;
        let placed: Vec<usize> = (0..self.states.len())
            .filter(|&s| self.placed(s).is_some())
            .collect();
        if placed.is_empty() {
            return no_data(&area, theme, name, lang.t(Key::NoData), "");
        }

        let mut items: Vec<(Mark, String)> = self
            .alliances
            .iter()
            .enumerate()
            .take(LEGEND_ALLIANCES)
            .map(|(i, a)| (Mark::Dot(series_color(i)), a.name.clone()))
            .collect();
        if self.alliances.len() > LEGEND_ALLIANCES {
            let more = lang.and_more(self.alliances.len() - LEGEND_ALLIANCES);
            items.push((Mark::Dot(series_color(LEGEND_ALLIANCES)), more));
        }
        if placed.iter().any(|&s| self.alliance_of(s).is_none()) {
            items.push((Mark::Dot(GREY), lang.t(Key::NoAlliance).to_string()));
        }
        if !self.borders.is_empty() {
            items.push((Mark::Line(BORDER), lang.t(Key::Border).to_string()));
        }
        if self.alliances.iter().any(|a| a.members.len() > 1) {
            items.push((
                Mark::Dashed(DARK_GREY),
                lang.t(Key::AllianceTie).to_string(),
            ));
        }
        let area = legend(&area, theme, name, &items)?;
        let (w, _) = area.dim_in_pixel();
        let (note, nf) = fit(&area, lang.t(Key::MapNote), theme.small_font(), w as i32);
        text(
            &area,
            name,
            &note,
            (0, 0),
            &nf,
            DARK_GREY,
            (HPos::Left, VPos::Top),
        )?;
        let area = area.margin(theme.px(40.0), 0, 0, 0);

        let (w, h) = area.dim_in_pixel();
        let (w, h) = (f64::from(w), f64::from(h));
        let xs = bounds(placed.iter().filter_map(|&s| self.placed(s).map(|p| p[0])));
        let ys = bounds(placed.iter().filter_map(|&s| self.placed(s).map(|p| p[1])));
        let ((x0, x1), (y0, y1)) = match (xs, ys) {
            (Some(x), Some(y)) => (x, y),
            _ => return no_data(&area, theme, name, lang.t(Key::NoData), ""),
        };
        let typical = self.typical_distance().unwrap_or(1.0);
        // Room at the edges for the largest circles and their labels.
        let pad = f64::from(theme.px(70.0));
        let span = (x1 - x0).max(y1 - y0).max(typical).max(1e-9);
        let ppu = ((w - 2.0 * pad) / (x1 - x0).max(typical))
            .min((h - 2.0 * pad) / (y1 - y0).max(typical))
            .min(w / span)
            .max(1e-9);
        let (mx, my) = ((x0 + x1) / 2.0, (y0 + y1) / 2.0);
        let to_px = |p: [f64; 2]| -> (i32, i32) {
            (
                (w / 2.0 + (p[0] - mx) * ppu).round() as i32,
                (h / 2.0 + (p[1] - my) * ppu).round() as i32,
            )
        };
        let r_max =
            (0.42 * typical * ppu).clamp(f64::from(theme.px(6.0)), f64::from(theme.px(64.0)));
        let cap_max = placed
            .iter()
            .map(|&s| self.states[s].capability)
            .filter(|c| c.is_finite())
            .fold(0.0f64, f64::max);
        let radius = |s: usize| -> i32 {
            let c = self.states[s].capability;
            let share = if cap_max > 0.0 && c.is_finite() && c > 0.0 {
                c / cap_max
            } else {
                0.0
            };
            (r_max * share.sqrt()).round().max(f64::from(theme.px(4.0))) as i32
        };

        let err = drawing(name);
        for &(a, b) in &self.borders {
            if let (Some(pa), Some(pb)) = (self.placed(a), self.placed(b)) {
                area.draw(&PathElement::new(
                    vec![to_px(pa), to_px(pb)],
                    BORDER.stroke_width(theme.thin_width()),
                ))
                .map_err(&err)?;
            }
        }
        for (i, alliance) in self.alliances.iter().enumerate() {
            // A star from the strongest member: a full web of ties among many
            // members would hide the map, while a star still shows who is tied.
            let hub = alliance
                .members
                .iter()
                .copied()
                .filter(|&m| self.placed(m).is_some())
                .max_by(|&a, &b| {
                    self.states[a]
                        .capability
                        .total_cmp(&self.states[b].capability)
                        .then(b.cmp(&a))
                });
            let (Some(hub), color) = (hub, series_color(i)) else {
                continue;
            };
            let Some(ph) = self.placed(hub) else { continue };
            for &m in &alliance.members {
                if m == hub {
                    continue;
                }
                if let Some(pm) = self.placed(m) {
                    dashed(&area, theme, name, to_px(ph), to_px(pm), color)?;
                }
            }
        }
        let mut order = placed.clone();
        // Large circles first, so small states are never hidden under them.
        order.sort_by(|&a, &b| {
            self.states[b]
                .capability
                .total_cmp(&self.states[a].capability)
                .then(a.cmp(&b))
        });
        for &s in &order {
            let Some(p) = self.placed(s) else { continue };
            let color = self.alliance_of(s).map_or(GREY, series_color);
            let c = to_px(p);
            let r = radius(s);
            area.draw(&Circle::new(c, r, color.mix(0.9).filled()))
                .map_err(&err)?;
            area.draw(&Circle::new(c, r, WHITE.stroke_width(theme.px(1.5) as u32)))
                .map_err(&err)?;
        }
        if placed.len() <= MAX_LABELLED_STATES {
            let font = theme.small_font();
            for &s in &placed {
                let Some(p) = self.placed(s) else { continue };
                let (x, y) = to_px(p);
                text(
                    &area,
                    name,
                    &self.states[s].id,
                    (x, y - radius(s) - theme.px(3.0)),
                    &font,
                    INK,
                    (HPos::Center, VPos::Bottom),
                )?;
            }
        }
        Ok(())
    }
}

/// A dashed line from `a` to `b` in pixels.
fn dashed<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    theme: &Theme,
    name: &'static str,
    a: (i32, i32),
    b: (i32, i32),
    color: RGBColor,
) -> Result<(), ChartError> {
    let (dx, dy) = (f64::from(b.0 - a.0), f64::from(b.1 - a.1));
    let len = (dx * dx + dy * dy).sqrt();
    if len < 1.0 {
        return Ok(());
    }
    let dash = f64::from(theme.px(12.0));
    let period = dash + f64::from(theme.px(8.0));
    let mut t = 0.0;
    while t < len {
        let e = (t + dash).min(len);
        let p = |u: f64| {
            (
                a.0 + (dx * u / len).round() as i32,
                a.1 + (dy * u / len).round() as i32,
            )
        };
        area.draw(&PathElement::new(
            vec![p(t), p(e)],
            color.stroke_width(theme.thin_width() + 1),
        ))
        .map_err(drawing(name))?;
        t += period;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chart::Lang;
    use crate::chart::backend::testkit::check_chart;

    fn state(id: &str, capability: f64, x: f64, y: f64) -> MapState {
        MapState {
            id: id.into(),
            capability,
            position: [x, y],
        }
    }

    fn caption() -> Caption {
        Caption {
            scenario: "Türkiye".into(),
            replications: 3,
            seed: 9,
        }
    }

    #[test]
    fn draws_states_borders_and_alliances() {
        let chart = MapChart {
            states: vec![
                state("CIV", 10.0, 0.0, 0.0),
                state("TUR", 4.0, 1.0, 0.0),
                state("IDN", 2.0, 0.5, 0.9),
                state("BRA", 1.0, 1.5, 0.9),
            ],
            borders: vec![(0, 1), (0, 2), (1, 2), (1, 3)],
            alliances: vec![
                MapAlliance {
                    name: "Pakta Selatan".into(),
                    members: vec![0, 1],
                },
                MapAlliance {
                    name: "Entente".into(),
                    members: vec![1, 2],
                },
            ],
            caption: caption(),
        };
        assert_eq!(chart.alliance_of(1), Some(0));
        assert_eq!(chart.alliance_of(3), None);
        let svg = check_chart(&chart, 1.0, Lang::En);
        for label in [
            "CIV",
            "TUR",
            "IDN",
            "BRA",
            "Pakta Selatan",
            "No alliance",
            "Border",
        ] {
            assert!(svg.contains(label), "{label}");
        }
        check_chart(&chart, 0.4, Lang::Id);
    }

    #[test]
    fn odd_worlds_draw() {
        // One state, no borders, no alliances.
        let one = MapChart {
            states: vec![state("A", 1.0, 0.0, 0.0)],
            caption: caption(),
            ..MapChart::default()
        };
        check_chart(&one, 1.0, Lang::En);
        // Out-of-range indices, non-finite positions and capabilities.
        let odd = MapChart {
            states: vec![
                state("A", f64::NAN, 0.0, 0.0),
                state("B", 0.0, f64::INFINITY, 0.0),
                state("C", 2.0, 0.0, 0.0),
            ],
            borders: vec![(0, 7), (0, 2)],
            alliances: vec![MapAlliance {
                name: "X".into(),
                members: vec![9, 1, 0],
            }],
            caption: caption(),
        };
        check_chart(&odd, 1.0, Lang::En);
        let empty = MapChart::default();
        assert!(check_chart(&empty, 1.0, Lang::En).contains("No data"));
    }

    #[test]
    fn many_alliances_are_summarised_in_the_legend() {
        let states: Vec<MapState> = (0..40)
            .map(|i| {
                state(
                    &format!("S{i:02}"),
                    1.0 + f64::from(i % 5),
                    f64::from(i % 8),
                    f64::from(i / 8),
                )
            })
            .collect();
        let alliances = (0..15)
            .map(|i| MapAlliance {
                name: format!("Pact {i}"),
                members: vec![i, i + 20],
            })
            .collect();
        let chart = MapChart {
            states,
            alliances,
            caption: caption(),
            ..MapChart::default()
        };
        let svg = check_chart(&chart, 1.0, Lang::En);
        assert!(svg.contains("and 5 more"));
    }
}
