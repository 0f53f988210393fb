//! The alliance map: states as circles whose area is proportional to
//! capability, coloured by their most important alliance; borders as solid
//! grey lines and alliance ties as dashed lines in the alliance's colour.
//!
//! Where the states have capitals (`capital = [lat, lon]`, display only), the
//! map projects them: equirectangular, scaled by the cosine of the mean
//! latitude, north up, the frame fitted to the bulk of the states so that a
//! few far ones (the United States on a map of Europe) do not squash the rest;
//! those are drawn at the frame's edge with an arrow toward where they are.
//! Otherwise it places states at their model `position` (a layout of the
//! border graph whose units mean nothing to a reader). Either way it is drawn
//! in pixels rather than on axes, with equal scales on both directions.

use plotters::coord::Shift;
use plotters::element::{Circle, PathElement, Polygon};
use plotters::prelude::{DrawingArea, DrawingBackend};
use plotters::style::text_anchor::{HPos, VPos};
use plotters::style::{Color, FontDesc, RGBColor, WHITE};

use super::animation::MapOverlay;
use super::axis::bounds;
use super::backend::Chart;
use super::data::Caption;
use super::error::{ChartError, drawing};
use super::frame::{Mark, fit, legend, no_data, page, text};
use super::style::{DARK_GREY, GREY, INK, SERIES, Theme, series_color};
use super::text::Key;

/// Above this many states, ids are left off: they would only cover each other.
const MAX_LABELLED_STATES: usize = 120;
/// The strongest states whose ids are drawn even where every spot overlaps.
const ALWAYS_LABELLED: usize = 10;
/// A state is far when it lies this many times the median distance from the
/// middle of the states (in projected degrees).
const FAR_FACTOR: f64 = 2.5;
/// Colour of a conquered state in an animation: faded out.
const GONE: RGBColor = RGBColor(0xE4, 0xE4, 0xE4);
/// Colour of border lines: darker than grid grey so thin lines stay visible.
const BORDER: RGBColor = RGBColor(0xAA, 0xAA, 0xAA);
/// Colour shared by the least important pacts when there are more pacts than
/// colours: a muted brown, apart from the palette and from the grey of no pact.
const OTHER_PACTS: RGBColor = RGBColor(0xA0, 0x82, 0x64);
/// Colour of the ties of pacts that colour no state.
const MINOR_TIE: RGBColor = RGBColor(0xBB, 0xBB, 0xBB);

/// A state on the map.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct MapState {
    /// Short id, drawn as the label.
    pub id: String,
    /// Military capability (> 0); circle area is proportional to it.
    pub capability: f64,
    /// Position on the plane (neighbours are about one unit apart).
    pub position: [f64; 2],
    /// Capital as `[latitude, longitude]` in degrees, when known.
    pub capital: Option<[f64; 2]>,
}

/// An alliance on the map.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct MapAlliance {
    /// Its name, for the legend.
    pub name: String,
    /// Member indices into [`MapChart::states`].
    pub members: Vec<usize>,
    /// Whether it is a defence pact (preferred on ties of importance).
    pub defense: bool,
    /// Whether it is a neutrality or non-aggression pact: a promise to stay
    /// out, not a bloc, so it colours a state only when nothing else does.
    pub neutrality: bool,
}

/// The data of the alliance map, from the resolved scenario in `manifest.json`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct MapChart {
    /// The states.
    pub states: Vec<MapState>,
    /// Borders as pairs of state indices.
    pub borders: Vec<(usize, usize)>,
    /// The alliances, in scenario order.
    pub alliances: Vec<MapAlliance>,
    /// The caption line.
    pub caption: Caption,
}

/// Which pact colours which state, and the legend's pacts.
#[derive(Clone, Debug, Default, PartialEq)]
struct Colouring {
    /// For each state, the alliance that colours it.
    of_state: Vec<Option<usize>>,
    /// The alliances that colour at least one state, most important first.
    legend: Vec<usize>,
    /// For each alliance, the states outside it that take its colour because
    /// they are allied to all its members.
    joined: Vec<Vec<usize>>,
}

impl Colouring {
    /// The colour of alliance `a`: by its rank in the legend, the least
    /// important sharing one colour when there are more than the palette holds.
    fn color(&self, a: usize) -> Option<RGBColor> {
        let rank = self.legend.iter().position(|&l| l == a)?;
        Some(
            if self.legend.len() <= SERIES.len() || rank + 1 < SERIES.len() {
                series_color(rank)
            } else {
                OTHER_PACTS
            },
        )
    }

    /// Whether some pacts share the "other pacts" colour.
    fn has_others(&self) -> bool {
        self.legend.len() > SERIES.len()
    }
}

/// Where the map puts its states, in map units (y grows downwards).
#[derive(Clone, Debug, Default, PartialEq)]
struct Plane {
    /// Each state's point, `None` for one that cannot be placed.
    points: Vec<Option<[f64; 2]>>,
    /// Whether the points are projected capitals.
    geographic: bool,
    /// States too far from the bulk to share its frame.
    far: Vec<bool>,
}

impl MapChart {
    fn capability(&self, s: usize) -> f64 {
        self.states
            .get(s)
            .map(|st| st.capability)
            .filter(|c| c.is_finite() && *c > 0.0)
            .unwrap_or(0.0)
    }

    /// Total capability of an alliance's members, each counted once.
    fn importance(&self, a: &MapAlliance) -> f64 {
        let mut members: Vec<usize> = a
            .members
            .iter()
            .copied()
            .filter(|&m| m < self.states.len())
            .collect();
        members.sort_unstable();
        members.dedup();
        members.iter().map(|&m| self.capability(m)).sum()
    }

    /// Each state takes the colour of the most important pact it is in
    /// (defence pacts first on ties, then file order; neutrality pacts after
    /// all others, so that in 1938 Poland is coloured by its alliance with
    /// France, not by its non-aggression pact with the Soviet Union). Then a state allied to
    /// every member of a more important pact joins that pact's colour: it is
    /// part of the bloc though not of the treaty (France in 1914, tied to
    /// Britain and to Russia, takes the colour of their pact rather than that
    /// of a small pact with Spain).
    fn colouring(&self) -> Colouring {
        let n = self.states.len();
        let weight: Vec<f64> = self.alliances.iter().map(|a| self.importance(a)).collect();
        let mut ranked: Vec<usize> = (0..self.alliances.len()).collect();
        ranked.sort_by(|&a, &b| {
            let (pa, pb) = (&self.alliances[a], &self.alliances[b]);
            pa.neutrality
                .cmp(&pb.neutrality)
                .then(weight[b].total_cmp(&weight[a]))
                .then(self.alliances[b].defense.cmp(&self.alliances[a].defense))
                .then(a.cmp(&b))
        });
        let members = |a: usize| self.alliances[a].members.iter().copied().filter(|&m| m < n);
        let mut of_state: Vec<Option<usize>> = vec![None; n];
        for &a in &ranked {
            for m in members(a) {
                of_state[m].get_or_insert(a);
            }
        }
        let mut allies = vec![std::collections::BTreeSet::new(); n];
        for a in 0..self.alliances.len() {
            for m in members(a) {
                allies[m].extend(members(a).filter(|&o| o != m));
            }
        }
        let rank_of = |a: Option<usize>| a.and_then(|a| ranked.iter().position(|&r| r == a));
        let mut joined = vec![Vec::new(); self.alliances.len()];
        let own = of_state.clone();
        for s in 0..n {
            let mine = rank_of(own[s]).unwrap_or(ranked.len());
            let bloc = ranked[..mine].iter().copied().find(|&a| {
                // Only pacts that colour their own members lead a bloc.
                members(a).count() >= 2
                    && members(a).all(|m| own[m] == Some(a) && allies[s].contains(&m))
            });
            if let Some(a) = bloc {
                of_state[s] = Some(a);
                joined[a].push(s);
            }
        }
        // The legend, and the colours, by importance alone: a large
        // non-aggression pact that colours a state keeps a colour of its own.
        let mut legend: Vec<usize> = ranked
            .iter()
            .copied()
            .filter(|&a| of_state.contains(&Some(a)))
            .collect();
        legend.sort_by(|&a, &b| {
            weight[b]
                .total_cmp(&weight[a])
                .then(self.alliances[b].defense.cmp(&self.alliances[a].defense))
                .then(a.cmp(&b))
        });
        Colouring {
            of_state,
            legend,
            joined,
        }
    }

    fn position(&self, s: usize) -> Option<[f64; 2]> {
        self.states
            .get(s)
            .map(|st| st.position)
            .filter(|p| p[0].is_finite() && p[1].is_finite())
    }

    fn capital(&self, s: usize) -> Option<[f64; 2]> {
        self.states.get(s).and_then(|st| st.capital).filter(|c| {
            c[0].is_finite() && c[1].is_finite() && c[0].abs() <= 90.0 && c[1].abs() <= 180.0
        })
    }

    /// The points to draw: projected capitals when at least half the states
    /// have one (a state without takes the middle of its neighbours that
    /// have one), else the model positions.
    fn plane(&self) -> Plane {
        let n = self.states.len();
        let with = (0..n).filter(|&s| self.capital(s).is_some()).count();
        if with < 2 || 2 * with < n {
            let points: Vec<Option<[f64; 2]>> = (0..n).map(|s| self.position(s)).collect();
            return Plane {
                far: vec![false; n],
                points,
                geographic: false,
            };
        }
        let mean_lat = (0..n)
            .filter_map(|s| self.capital(s))
            .map(|c| c[0])
            .sum::<f64>()
            / with as f64;
        let k = mean_lat.to_radians().cos().max(0.05);
        let project = |c: [f64; 2]| [c[1] * k, -c[0]];
        let mut points: Vec<Option<[f64; 2]>> =
            (0..n).map(|s| self.capital(s).map(project)).collect();
        for (s, point) in points.iter_mut().enumerate() {
            if point.is_some() {
                continue;
            }
            let near: Vec<[f64; 2]> = self
                .borders
                .iter()
                .filter_map(|&(a, b)| match (a == s, b == s) {
                    (true, false) => self.capital(b),
                    (false, true) => self.capital(a),
                    _ => None,
                })
                .map(project)
                .collect();
            if !near.is_empty() {
                let m = near.len() as f64;
                *point = Some([
                    near.iter().map(|p| p[0]).sum::<f64>() / m,
                    near.iter().map(|p| p[1]).sum::<f64>() / m,
                ]);
            }
        }
        let far = far_points(&points);
        Plane {
            points,
            geographic: true,
            far,
        }
    }

    /// Typical distance between neighbours on `plane`: the median border
    /// length, or without borders the median distance to the nearest state.
    fn typical_distance(&self, plane: &Plane) -> Option<f64> {
        let at = |s: usize| plane.points.get(s).copied().flatten();
        let mut d: Vec<f64> = self
            .borders
            .iter()
            .filter_map(|&(a, b)| Some(dist(at(a)?, at(b)?)))
            .filter(|d| *d > 0.0)
            .collect();
        if d.is_empty() {
            let n = plane.points.len().min(2000);
            d = (0..n)
                .filter_map(|a| {
                    let pa = at(a)?;
                    (0..n)
                        .filter(|&b| b != a)
                        .filter_map(|b| Some(dist(pa, at(b)?)))
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

fn median(mut v: Vec<f64>) -> Option<f64> {
    v.sort_by(f64::total_cmp);
    v.get(v.len() / 2).copied()
}

/// The points lying more than [`FAR_FACTOR`] median distances from the
/// coordinate-wise median, as long as they are a small minority (a quarter at
/// most); otherwise none is far.
fn far_points(points: &[Option<[f64; 2]>]) -> Vec<bool> {
    let placed: Vec<[f64; 2]> = points.iter().flatten().copied().collect();
    let none = vec![false; points.len()];
    let (Some(mx), Some(my)) = (
        median(placed.iter().map(|p| p[0]).collect()),
        median(placed.iter().map(|p| p[1]).collect()),
    ) else {
        return none;
    };
    let d = |p: &[f64; 2]| dist(*p, [mx, my]);
    let Some(typical) = median(placed.iter().map(d).collect()) else {
        return none;
    };
    if typical <= 0.0 {
        return none;
    }
    let far: Vec<bool> = points
        .iter()
        .map(|p| p.as_ref().is_some_and(|p| d(p) > FAR_FACTOR * typical))
        .collect();
    if 4 * far.iter().filter(|f| **f).count() > placed.len() {
        return none;
    }
    far
}

/// An axis-aligned box in pixels: left, top, width, height.
type Rect = [f64; 4];

fn overlap(a: &Rect, b: &Rect) -> f64 {
    let w = (a[0] + a[2]).min(b[0] + b[2]) - a[0].max(b[0]);
    let h = (a[1] + a[3]).min(b[1] + b[3]) - a[1].max(b[1]);
    if w > 0.0 && h > 0.0 { w * h } else { 0.0 }
}

/// How much of `r` a circle `(x, y, radius)` covers, roughly: the overlap
/// with the square inscribed in the circle (so a label may graze its rim).
fn circle_overlap(r: &Rect, &(x, y, rad): &(f64, f64, f64)) -> f64 {
    let h = rad * std::f64::consts::FRAC_1_SQRT_2;
    overlap(r, &[x - h, y - h, 2.0 * h, 2.0 * h])
}

/// Places labels greedily in `order`: for label `i` of size `sizes[i]` beside
/// circle `circles[i]`, tries above, below, right and left, keeping the first
/// spot that overlaps no placed label, no circle and stays within `bounds`
/// (width, height). Where none is free, the first `always` labels in `order`
/// take the least-covered spot and the others are left off. Returns each
/// label's box.
fn place_labels(
    circles: &[(f64, f64, f64)],
    sizes: &[(f64, f64)],
    order: &[usize],
    always: usize,
    gap: f64,
    bounds: (f64, f64),
) -> Vec<Option<Rect>> {
    let mut placed: Vec<Option<Rect>> = vec![None; circles.len()];
    for (rank, &i) in order.iter().enumerate() {
        let (Some(&(x, y, r)), Some(&(w, h))) = (circles.get(i), sizes.get(i)) else {
            continue;
        };
        let spots: [Rect; 4] = [
            [x - w / 2.0, y - r - gap - h, w, h],
            [x - w / 2.0, y + r + gap, w, h],
            [x + r + gap, y - h / 2.0, w, h],
            [x - r - gap - w, y - h / 2.0, w, h],
        ];
        let cost = |spot: &Rect| -> f64 {
            let labels: f64 = placed.iter().flatten().map(|p| overlap(spot, p)).sum();
            let discs: f64 = circles
                .iter()
                .enumerate()
                .filter(|&(j, _)| j != i)
                .map(|(_, c)| circle_overlap(spot, c))
                .sum();
            let inside = overlap(spot, &[0.0, 0.0, bounds.0, bounds.1]);
            labels + discs + (spot[2] * spot[3] - inside)
        };
        let costs: Vec<f64> = spots.iter().map(cost).collect();
        let best = costs
            .iter()
            .enumerate()
            .min_by(|a, b| a.1.total_cmp(b.1))
            .map(|(k, c)| (k, *c));
        if let Some((k, c)) = best
            && (c <= 0.0 || rank < always)
        {
            let free = costs.iter().position(|c| *c <= 0.0).unwrap_or(k);
            placed[i] = Some(spots[free]);
        }
    }
    placed
}

/// The size of `s` in `font`, in pixels.
fn text_box(s: &str, font: &FontDesc<'_>) -> (f64, f64) {
    font.box_size(s)
        .map(|(w, h)| (f64::from(w), f64::from(h)))
        .unwrap_or((0.0, 0.0))
}

/// Moves the point `p` toward `c` until it lies within `rect` (left, top,
/// right, bottom).
fn clamp_toward(p: (f64, f64), c: (f64, f64), rect: [f64; 4]) -> (f64, f64) {
    let (dx, dy) = (p.0 - c.0, p.1 - c.1);
    let mut t: f64 = 1.0;
    if dx > 0.0 {
        t = t.min((rect[2] - c.0) / dx);
    } else if dx < 0.0 {
        t = t.min((rect[0] - c.0) / dx);
    }
    if dy > 0.0 {
        t = t.min((rect[3] - c.1) / dy);
    } else if dy < 0.0 {
        t = t.min((rect[1] - c.1) / dy);
    }
    let t = t.clamp(0.0, 1.0);
    (c.0 + dx * t, c.1 + dy * t)
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
        overlay: Option<(&MapOverlay, &str)>,
    ) -> Result<(), ChartError> {
        let name = self.name();
        let lang = theme.lang;
        let (title, caption) = match overlay {
            Some((_, caption)) => (lang.t(Key::AnimationTitle), caption.to_string()),
            None => (lang.t(Key::MapTitle), self.caption.text(lang)),
        };
        let area = page(root, theme, name, title, &caption)?;
        let overlay = overlay.map(|(o, _)| o);
        // With a year's overlay: who is alive, how strong, who fights.
        let alive = |s: usize| overlay.is_none_or(|o| o.alive.get(s).copied().unwrap_or(true));
        let strength = |s: usize| {
            overlay
                .and_then(|o| o.capability.get(s).copied())
                .filter(|c| c.is_finite() && *c > 0.0)
                .unwrap_or_else(|| self.capability(s))
        };
        let mut at_war = vec![false; self.states.len()];
        for sides in overlay.map_or(&[][..], |o| &o.wars) {
            for &m in sides.iter().flatten() {
                if let Some(w) = at_war.get_mut(m) {
                    *w = true;
                }
            }
        }
        let plane = self.plane();
        let at = |s: usize| plane.points.get(s).copied().flatten();
        let placed: Vec<usize> = (0..self.states.len())
            .filter(|&s| at(s).is_some())
            .collect();
        if placed.is_empty() {
            return no_data(&area, theme, name, lang.t(Key::NoData), "");
        }
        let colouring = self.colouring();
        let color_of = |s: usize| {
            colouring
                .of_state
                .get(s)
                .copied()
                .flatten()
                .and_then(|a| colouring.color(a))
                .unwrap_or(GREY)
        };

        let mut items: Vec<(Mark, String)> = colouring
            .legend
            .iter()
            .filter_map(|&a| {
                let c = colouring.color(a)?;
                let mut label = self.alliances[a].name.clone();
                let joined: Vec<&str> = colouring.joined[a]
                    .iter()
                    .map(|&s| self.states[s].id.as_str())
                    .collect();
                if !joined.is_empty() {
                    label = format!("{label} + {}", joined.join(", "));
                }
                (c != OTHER_PACTS || !colouring.has_others()).then_some((Mark::Dot(c), label))
            })
            .collect();
        if colouring.has_others() {
            let n = colouring.legend.len() + 1 - SERIES.len();
            items.push((Mark::Dot(OTHER_PACTS), lang.other_pacts(n)));
        }
        if placed.iter().any(|&s| color_of(s) == GREY) {
            items.push((Mark::Dot(GREY), lang.t(Key::NoAlliance).to_string()));
        }
        if !self.borders.is_empty() {
            items.push((Mark::Line(BORDER), lang.t(Key::Border).to_string()));
        }
        if overlay.is_some() {
            // The year's events replace the alliance ties, which would bury them.
            items.push((Mark::Line(INK), lang.t(Key::WarLine).to_string()));
            items.push((Mark::Dashed(DARK_GREY), lang.t(Key::CrisisLine).to_string()));
            items.push((Mark::Dot(GONE), lang.t(Key::Conquered).to_string()));
        } else if self.alliances.iter().any(|a| a.members.len() > 1) {
            items.push((
                Mark::Dashed(DARK_GREY),
                lang.t(Key::AllianceTie).to_string(),
            ));
        }
        let area = legend(&area, theme, name, &items)?;
        let (w, _) = area.dim_in_pixel();
        let note = if overlay.is_some() {
            Key::AnimationNote
        } else {
            Key::MapNote
        };
        let mut notes = vec![lang.t(note).to_string()];
        let far_ids: Vec<&str> = placed
            .iter()
            .filter(|&&s| plane.far[s])
            .map(|&s| self.states[s].id.as_str())
            .collect();
        if plane.geographic {
            let mut line = lang.t(Key::MapCapitals).to_string();
            if !far_ids.is_empty() {
                line.push_str(" · ");
                line.push_str(&lang.map_far(&far_ids.join(", ")));
            }
            notes.push(line);
        }
        let line_h = theme.px(26.0);
        for (i, note) in notes.iter().enumerate() {
            let (note, nf) = fit(&area, note, theme.small_font(), w as i32);
            text(
                &area,
                name,
                &note,
                (0, i as i32 * line_h),
                &nf,
                DARK_GREY,
                (HPos::Left, VPos::Top),
            )?;
        }
        let mut area = area.margin(theme.px(14.0) + notes.len() as i32 * line_h, 0, 0, 0);
        if let Some(o) = overlay {
            // The year and its counts, in a band of their own above the map.
            let (first, rest) = o
                .corner
                .split_first()
                .map_or(("", &[][..]), |(f, r)| (f.as_str(), r));
            text(
                &area,
                name,
                first,
                (0, 0),
                &theme.panel_font(),
                INK,
                (HPos::Left, VPos::Top),
            )?;
            let counts = rest.join(" · ");
            let (counts, cf) = fit(&area, &counts, theme.label_font(), w as i32);
            let below = theme.px(34.0);
            text(
                &area,
                name,
                &counts,
                (0, below),
                &cf,
                DARK_GREY,
                (HPos::Left, VPos::Top),
            )?;
            area = area.margin(below + theme.px(34.0), 0, 0, 0);
        }

        let (w, h) = area.dim_in_pixel();
        let (w, h) = (f64::from(w), f64::from(h));
        let bulk = || {
            placed
                .iter()
                .filter(|&&s| !plane.far[s])
                .filter_map(|&s| at(s))
        };
        let xs = bounds(bulk().map(|p| p[0]));
        let ys = bounds(bulk().map(|p| p[1]));
        let ((x0, x1), (y0, y1)) = match (xs, ys) {
            (Some(x), Some(y)) => (x, y),
            _ => return no_data(&area, theme, name, lang.t(Key::NoData), ""),
        };
        let typical = self.typical_distance(&plane).unwrap_or(1.0);
        // Room at the edges for the largest circles and their labels.
        let pad = f64::from(theme.px(70.0));
        let span = (x1 - x0).max(y1 - y0).max(typical).max(1e-9);
        let ppu = ((w - 2.0 * pad) / (x1 - x0).max(typical))
            .min((h - 2.0 * pad) / (y1 - y0).max(typical))
            .min(w / span)
            .max(1e-9);
        let (mx, my) = ((x0 + x1) / 2.0, (y0 + y1) / 2.0);
        let to_px = |p: [f64; 2]| -> (f64, f64) {
            (w / 2.0 + (p[0] - mx) * ppu, h / 2.0 + (p[1] - my) * ppu)
        };
        let r_max =
            (0.42 * typical * ppu).clamp(f64::from(theme.px(6.0)), f64::from(theme.px(64.0)));
        let cap_max = placed
            .iter()
            .map(|&s| self.capability(s))
            .fold(0.0f64, f64::max);
        // The scale is the world's at the start, so that growth and decline show.
        let radius = |s: usize| -> f64 {
            let share = if cap_max > 0.0 {
                (strength(s) / cap_max).min(2.0)
            } else {
                0.0
            };
            (r_max * share.sqrt()).round().max(f64::from(theme.px(4.0)))
        };
        // Pixel centres; far states sit at the frame's edge toward where they are.
        let mut px: Vec<Option<(f64, f64)>> = vec![None; self.states.len()];
        for &s in &placed {
            px[s] = at(s).map(to_px);
        }
        let mut by_size = placed.clone();
        // Large circles first: drawn under the small ones, labelled first.
        by_size.sort_by(|&a, &b| {
            self.capability(b)
                .total_cmp(&self.capability(a))
                .then(a.cmp(&b))
        });
        let mut far_done: Vec<usize> = Vec::new();
        for &s in by_size.iter().filter(|&&s| plane.far[s]) {
            let Some(p) = px[s] else { continue };
            // Inside the frame with room for the arrow beyond the circle.
            let inset = (radius(s) + f64::from(theme.px(26.0)))
                .min(w / 2.0)
                .min(h / 2.0);
            let edge = [inset, inset, w - inset, h - inset];
            let mut q = clamp_toward(p, (w / 2.0, h / 2.0), edge);
            // Along the edge, away from far states already there.
            let along_x = q.1 <= edge[1] + 0.5 || q.1 >= edge[3] - 0.5;
            for _ in 0..400 {
                let hit = far_done.iter().find_map(|&o| {
                    let c = px[o]?;
                    (dist([q.0, q.1], [c.0, c.1]) < radius(s) + radius(o) + 2.0).then_some(c)
                });
                let Some(c) = hit else { break };
                let step = f64::from(theme.px(3.0));
                if along_x {
                    q.0 += if p.0 >= c.0 { step } else { -step };
                } else {
                    q.1 += if p.1 >= c.1 { step } else { -step };
                }
            }
            px[s] = Some(q);
            far_done.push(s);
        }
        let ipx = |s: usize| {
            px.get(s)
                .copied()
                .flatten()
                .map(|(x, y)| (x.round() as i32, y.round() as i32))
        };

        let err = drawing(name);
        for &(a, b) in &self.borders {
            if let (Some(pa), Some(pb)) = (ipx(a), ipx(b)) {
                area.draw(&PathElement::new(
                    vec![pa, pb],
                    BORDER.stroke_width(theme.thin_width()),
                ))
                .map_err(&err)?;
            }
        }
        // Minor pacts first, then the colouring ones, most important on top.
        let mut tie_order: Vec<(usize, RGBColor)> = (0..self.alliances.len())
            .filter(|a| !colouring.legend.contains(a))
            .map(|a| (a, MINOR_TIE))
            .collect();
        tie_order.extend(
            colouring
                .legend
                .iter()
                .rev()
                .filter_map(|&a| Some((a, colouring.color(a)?))),
        );
        if overlay.is_some() {
            tie_order.clear();
        }
        for (a, color) in tie_order {
            let alliance = &self.alliances[a];
            // A star from the strongest member: a full web of ties among many
            // members would hide the map, while a star still shows who is tied.
            let hub = alliance
                .members
                .iter()
                .copied()
                .filter(|&m| ipx(m).is_some())
                .max_by(|&a, &b| {
                    self.capability(a)
                        .total_cmp(&self.capability(b))
                        .then(b.cmp(&a))
                });
            let Some(ph) = hub.and_then(ipx) else {
                continue;
            };
            for &m in &alliance.members {
                if Some(m) == hub {
                    continue;
                }
                if let Some(pm) = ipx(m) {
                    dashed(&area, theme, name, ph, pm, color)?;
                }
            }
        }
        if let Some(o) = overlay {
            for &(a, b) in &o.crises {
                if let (Some(pa), Some(pb)) = (ipx(a), ipx(b)) {
                    dashed(&area, theme, name, pa, pb, DARK_GREY)?;
                }
            }
            // Each state at war is joined to the other side's originator.
            for sides in &o.wars {
                let lead = [sides[0].first(), sides[1].first()];
                for (k, side) in sides.iter().enumerate() {
                    let Some(&enemy) = lead[1 - k] else { continue };
                    for &m in side {
                        if k == 1 && Some(&m) == lead[1] {
                            continue; // the originators' line is drawn once
                        }
                        if let (Some(pa), Some(pb)) = (ipx(m), ipx(enemy)) {
                            area.draw(&PathElement::new(
                                vec![pa, pb],
                                INK.stroke_width(theme.px(3.0) as u32),
                            ))
                            .map_err(&err)?;
                        }
                    }
                }
            }
        }
        for &s in &by_size {
            let Some(c) = ipx(s) else { continue };
            let r = radius(s) as i32;
            if !alive(s) {
                area.draw(&Circle::new(c, r, GONE.filled())).map_err(&err)?;
                continue;
            }
            area.draw(&Circle::new(c, r, color_of(s).mix(0.9).filled()))
                .map_err(&err)?;
            if at_war[s] {
                area.draw(&Circle::new(
                    c,
                    r + theme.px(3.0),
                    INK.stroke_width(theme.px(3.0) as u32),
                ))
                .map_err(&err)?;
            }
            area.draw(&Circle::new(c, r, WHITE.stroke_width(theme.px(1.5) as u32)))
                .map_err(&err)?;
            if plane.far[s]
                && let (Some(q), Some(p)) = (px[s], at(s).map(to_px))
            {
                arrow(&area, theme, name, q, p, radius(s))?;
            }
        }
        if placed.len() <= MAX_LABELLED_STATES {
            let font = theme.small_font();
            let circles: Vec<(f64, f64, f64)> = (0..self.states.len())
                .map(|s| px[s].map_or((f64::NAN, f64::NAN, 0.0), |(x, y)| (x, y, radius(s))))
                .collect();
            let sizes: Vec<(f64, f64)> = self
                .states
                .iter()
                .map(|st| text_box(&st.id, &font))
                .collect();
            let boxes = place_labels(
                &circles,
                &sizes,
                &by_size,
                ALWAYS_LABELLED,
                f64::from(theme.px(3.0)),
                (w, h),
            );
            for (s, b) in boxes.iter().enumerate() {
                if let Some(b) = b {
                    text(
                        &area,
                        name,
                        &self.states[s].id,
                        (b[0].round() as i32, b[1].round() as i32),
                        &font,
                        if alive(s) { INK } else { GREY },
                        (HPos::Left, VPos::Top),
                    )?;
                }
            }
        }
        Ok(())
    }
}

/// An arrow beside the circle at `from` (radius `r`), pointing toward `to`.
fn arrow<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    theme: &Theme,
    name: &'static str,
    from: (f64, f64),
    to: (f64, f64),
    r: f64,
) -> Result<(), ChartError> {
    let (dx, dy) = (to.0 - from.0, to.1 - from.1);
    let len = (dx * dx + dy * dy).sqrt();
    if len < 1.0 {
        return Ok(());
    }
    let (ux, uy) = (dx / len, dy / len);
    let start = r + f64::from(theme.px(2.0));
    let tip = start + f64::from(theme.px(20.0));
    let head = f64::from(theme.px(8.0));
    let p = |t: f64, side: f64| {
        (
            (from.0 + ux * t - uy * side).round() as i32,
            (from.1 + uy * t + ux * side).round() as i32,
        )
    };
    area.draw(&PathElement::new(
        vec![p(start, 0.0), p(tip - head * 0.5, 0.0)],
        INK.stroke_width(theme.thin_width() + 1),
    ))
    .map_err(drawing(name))?;
    area.draw(&Polygon::new(
        vec![
            p(tip, 0.0),
            p(tip - head, head * 0.6),
            p(tip - head, -head * 0.6),
        ],
        INK.filled(),
    ))
    .map_err(drawing(name))
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
            capital: None,
        }
    }

    fn at(id: &str, capability: f64, lat: f64, lon: f64) -> MapState {
        MapState {
            capital: Some([lat, lon]),
            ..state(id, capability, 0.0, 0.0)
        }
    }

    fn pact(name: &str, members: &[usize], defense: bool) -> MapAlliance {
        MapAlliance {
            name: name.into(),
            members: members.to_vec(),
            defense,
            neutrality: false,
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
                pact("Pakta Selatan", &[0, 1], true),
                pact("Entente", &[1, 2], false),
            ],
            caption: caption(),
        };
        let c = chart.colouring();
        assert_eq!(c.of_state, [Some(0), Some(0), Some(1), None]);
        assert_eq!(c.legend, [0, 1]);
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
    fn a_state_takes_the_colour_of_its_most_important_pact() {
        // 1914 in small: Britain's old pact with Portugal is a defence pact,
        // but the entente with France and Russia holds far more capability.
        let chart = MapChart {
            states: vec![
                state("UKG", 21.0, 0.0, 0.0),
                state("POR", 0.4, 0.0, 1.0),
                state("FRN", 11.0, 1.0, 0.0),
                state("RUS", 17.0, 2.0, 0.0),
                state("GMY", 24.0, 1.0, 1.0),
                state("AUH", 10.0, 2.0, 1.0),
            ],
            alliances: vec![
                pact("Anglo-Portuguese", &[0, 1], true),
                pact("Dual Alliance", &[4, 5], true),
                pact("Entente", &[0, 2, 3], false),
                pact("Franco-Russian", &[2, 3], true),
            ],
            caption: caption(),
            ..MapChart::default()
        };
        let c = chart.colouring();
        assert_eq!(c.of_state[0], Some(2), "Britain: the entente");
        assert_eq!(c.of_state[1], Some(0), "Portugal keeps its own pact");
        assert_eq!(c.of_state[4], Some(1));
        // By importance: entente 49, Dual Alliance 34, Anglo-Portuguese 21.4;
        // the Franco-Russian pact colours nobody and is not in the legend.
        assert_eq!(c.legend, [2, 1, 0]);
        assert_eq!(c.color(2), Some(series_color(0)));
        assert_eq!(c.color(3), None);
        let svg = check_chart(&chart, 1.0, Lang::En);
        let (e, d, a) = (
            svg.find("Entente").unwrap(),
            svg.find("Dual Alliance").unwrap(),
            svg.find("Anglo-Portuguese").unwrap(),
        );
        assert!(e < d && d < a, "legend in order of importance");
        assert!(!svg.contains("Franco-Russian"));
    }

    #[test]
    fn a_state_allied_to_every_member_of_a_larger_pact_joins_its_colour() {
        // 1914 as COW codes it: no Triple Entente treaty, but France is tied
        // to Britain (with Spain) and to Russia; Finland in 1985 is tied to
        // the Soviet Union alone and keeps its own colour.
        let chart = MapChart {
            states: vec![
                state("UKG", 21.0, 0.0, 0.0),
                state("RUS", 17.0, 2.0, 0.0),
                state("FRN", 11.0, 1.0, 0.0),
                state("SPN", 2.0, 1.0, 1.0),
                state("FIN", 1.0, 2.0, -1.0),
            ],
            alliances: vec![
                pact("Cartagena", &[0, 2, 3], false),
                pact("Anglo-Russian", &[0, 1], false),
                pact("Franco-Russian", &[2, 1], true),
                pact("Finno-Soviet", &[4, 1], true),
            ],
            caption: caption(),
            ..MapChart::default()
        };
        let c = chart.colouring();
        assert_eq!(c.of_state, [Some(1), Some(1), Some(1), Some(0), Some(3)]);
        assert_eq!(c.joined[1], [2]);
        assert_eq!(c.legend, [1, 0, 3]);
        let svg = check_chart(&chart, 1.0, Lang::En);
        assert!(
            svg.contains("Anglo-Russian + FRN"),
            "the legend says who joined"
        );
    }

    #[test]
    fn neutrality_pacts_colour_only_states_without_other_pacts() {
        // 1938: Poland's pact with France, not its non-aggression pact with
        // the far stronger Soviet Union; Finland has only the latter.
        let chart = MapChart {
            states: vec![
                state("RUS", 25.0, 2.0, 0.0),
                state("POL", 3.0, 1.0, 0.0),
                state("FRN", 8.0, 0.0, 0.0),
                state("FIN", 0.5, 2.0, -1.0),
            ],
            alliances: vec![
                MapAlliance {
                    neutrality: true,
                    ..pact("Soviet-Polish", &[0, 1], false)
                },
                pact("Franco-Polish", &[2, 1], true),
                MapAlliance {
                    neutrality: true,
                    ..pact("Soviet-Finnish", &[0, 3], false)
                },
            ],
            caption: caption(),
            ..MapChart::default()
        };
        let c = chart.colouring();
        assert_eq!(c.of_state, [Some(0), Some(1), Some(1), Some(2)]);
        // The legend is by importance: the Soviet pacts hold more capability.
        assert_eq!(c.legend, [0, 2, 1]);
    }

    #[test]
    fn on_equal_importance_defence_pacts_come_first() {
        let chart = MapChart {
            states: vec![state("A", 1.0, 0.0, 0.0), state("B", 1.0, 1.0, 0.0)],
            alliances: vec![pact("Talks", &[0, 1], false), pact("Pledge", &[1, 0], true)],
            caption: caption(),
            ..MapChart::default()
        };
        assert_eq!(chart.colouring().legend, [1]);
    }

    #[test]
    fn the_least_important_pacts_share_one_colour() {
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
        let alliances: Vec<MapAlliance> = (0..15)
            .map(|i| pact(&format!("Pact {i}"), &[i, i + 20], true))
            .collect();
        let chart = MapChart {
            states,
            alliances,
            caption: caption(),
            ..MapChart::default()
        };
        let c = chart.colouring();
        assert_eq!(c.legend.len(), 15);
        assert!(c.has_others());
        let colours: Vec<RGBColor> = c.legend.iter().filter_map(|&a| c.color(a)).collect();
        assert_eq!(&colours[..SERIES.len() - 1], &SERIES[..SERIES.len() - 1]);
        assert!(
            colours[SERIES.len() - 1..]
                .iter()
                .all(|&k| k == OTHER_PACTS)
        );
        let svg = check_chart(&chart, 1.0, Lang::En);
        assert!(svg.contains("Other pacts (9)"), "9 pacts share a colour");
        assert!(check_chart(&chart, 1.0, Lang::Id).contains("Pakta lain (9)"));
    }

    /// Europe's capitals with the United States and Canada.
    fn atlantic() -> MapChart {
        MapChart {
            states: vec![
                at("UKG", 9.0, 51.5, -0.1),
                at("FRN", 6.0, 48.9, 2.4),
                at("GFR", 7.0, 50.7, 7.1),
                at("ITA", 5.0, 41.9, 12.5),
                at("POL", 4.0, 52.2, 21.0),
                at("RUS", 30.0, 55.8, 37.6),
                at("SPN", 3.0, 40.4, -3.7),
                at("TUR", 3.0, 39.9, 32.9),
                at("USA", 40.0, 38.9, -77.0),
                at("CAN", 2.0, 45.4, -75.7),
            ],
            alliances: vec![pact("NATO", &[0, 1, 2, 3, 6, 7, 8, 9], true)],
            caption: caption(),
            ..MapChart::default()
        }
    }

    #[test]
    fn capitals_are_projected_north_up_and_far_states_leave_the_frame() {
        let chart = atlantic();
        let plane = chart.plane();
        assert!(plane.geographic);
        let p = |s: usize| plane.points[s].unwrap();
        // North up (y grows downwards), west on the left.
        assert!(p(0)[1] < p(3)[1], "London above Rome");
        assert!(p(6)[0] < p(5)[0], "Madrid left of Moscow");
        // Longitude is scaled by the cosine of the mean latitude.
        let k = (p(5)[0] - p(0)[0]) / (37.6 - -0.1);
        assert!((0.6..0.75).contains(&k), "{k}");
        assert_eq!(
            plane.far,
            [
                false, false, false, false, false, false, false, false, true, true
            ]
        );
        // The bulk alone sets the frame: Europe spans about 40° of
        // longitude, not the 115° from Washington to Moscow.
        let bulk: Vec<f64> = (0..8).map(|s| p(s)[0]).collect();
        let width = bulk.iter().cloned().fold(f64::MIN, f64::max)
            - bulk.iter().cloned().fold(f64::MAX, f64::min);
        assert!(width < 30.0, "{width}");
        let svg = check_chart(&chart, 1.0, Lang::En);
        assert!(svg.contains("USA, CAN"), "far states are named");
        check_chart(&chart, 0.6, Lang::Id);
    }

    #[test]
    fn without_enough_capitals_the_model_positions_are_drawn() {
        let mut chart = atlantic();
        for s in &mut chart.states[..6] {
            s.capital = None;
        }
        assert!(!chart.plane().geographic);
        // A state without a capital among states with one sits between its neighbours.
        let mut chart = atlantic();
        chart.states[2].capital = None;
        chart.borders = vec![(1, 2), (2, 4)];
        let p = chart.plane().points[2].unwrap();
        let (f, q) = (
            chart.plane().points[1].unwrap(),
            chart.plane().points[4].unwrap(),
        );
        assert!((p[0] - (f[0] + q[0]) / 2.0).abs() < 1e-9);
    }

    #[test]
    fn far_points_are_a_small_minority_only() {
        let grid: Vec<Option<[f64; 2]>> = (0..9)
            .map(|i| Some([f64::from(i % 3), f64::from(i / 3)]))
            .collect();
        assert!(far_points(&grid).iter().all(|f| !f));
        let mut one = grid.clone();
        one.push(Some([50.0, 0.0]));
        assert_eq!(far_points(&one).iter().filter(|f| **f).count(), 1);
        // Two clusters of equal size: neither is "far".
        let halves: Vec<Option<[f64; 2]>> = (0..10)
            .map(|i| Some([if i < 5 { 0.0 } else { 100.0 }, f64::from(i)]))
            .collect();
        assert!(far_points(&halves).iter().all(|f| !f));
    }

    #[test]
    fn labels_do_not_overlap() {
        // Three circles in a tight row: above, then the next free spots.
        let circles = [(50.0, 50.0, 10.0), (75.0, 50.0, 10.0), (100.0, 50.0, 10.0)];
        let sizes = [(30.0, 12.0); 3];
        let boxes = place_labels(&circles, &sizes, &[0, 1, 2], 0, 2.0, (200.0, 200.0));
        let placed: Vec<Rect> = boxes.iter().flatten().copied().collect();
        assert_eq!(placed.len(), 3, "{boxes:?}");
        for (i, a) in placed.iter().enumerate() {
            for b in &placed[i + 1..] {
                assert_eq!(overlap(a, b), 0.0, "{a:?} {b:?}");
            }
            for c in &circles {
                assert_eq!(circle_overlap(a, c), 0.0, "{a:?} {c:?}");
            }
        }
        // The first goes above its circle, the second (blocked above) below.
        assert!(placed[0][1] + placed[0][3] <= 38.0);
        assert!(placed[1][1] >= 60.0);
        // A fourth circle boxed in: labelled only if among the "always" ones.
        let crowd = [
            (50.0, 50.0, 10.0),
            (50.0, 20.0, 12.0),
            (50.0, 80.0, 12.0),
            (20.0, 50.0, 12.0),
            (80.0, 50.0, 12.0),
        ];
        let sizes = [(40.0, 14.0); 5];
        let order = [1, 2, 3, 4, 0];
        let skip = place_labels(&crowd, &sizes, &order, 2, 2.0, (200.0, 200.0));
        assert!(skip[0].is_none(), "{skip:?}");
        let keep = place_labels(&crowd, &sizes, &order, 5, 2.0, (200.0, 200.0));
        assert!(keep[0].is_some());
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
        // Out-of-range indices, non-finite positions, capitals and capabilities.
        let odd = MapChart {
            states: vec![
                state("A", f64::NAN, 0.0, 0.0),
                state("B", 0.0, f64::INFINITY, 0.0),
                state("C", 2.0, 0.0, 0.0),
            ],
            borders: vec![(0, 7), (0, 2)],
            alliances: vec![pact("X", &[9, 1, 0], false)],
            caption: caption(),
        };
        check_chart(&odd, 1.0, Lang::En);
        let mut capitals = odd.clone();
        capitals.states[0].capital = Some([f64::NAN, 0.0]);
        capitals.states[1].capital = Some([10.0, 500.0]);
        capitals.states[2].capital = Some([10.0, 10.0]);
        check_chart(&capitals, 1.0, Lang::En);
        let same = MapChart {
            states: (0..4)
                .map(|i| at(&format!("S{i}"), 1.0, 10.0, 10.0))
                .collect(),
            caption: caption(),
            ..MapChart::default()
        };
        check_chart(&same, 1.0, Lang::En);
        let empty = MapChart::default();
        assert!(check_chart(&empty, 1.0, Lang::En).contains("No data"));
    }
}
