//! Synthetic worlds (`[generate]`): a map, states and alliances drawn from a
//! seed, for experiments on worlds larger or more varied than a hand-written file.
//!
//! The world is written out as the same `[[states]]`, `[map]` and
//! `[[alliances]]` tables a file would hold, so it passes the same validation
//! and `--set alliances.*.reliability=…` reaches generated alliances too.
//! All draws come from one stream, `Stream::for_purpose(seed, 1)`, in a fixed
//! order: map, then states, then alliances (so changing only the alliance plan
//! leaves the states as they were).

use std::collections::{BTreeSet, HashMap};

use toml::{Table, Value};

use super::check::Checker;
use super::path::FieldPath;
use super::spec::AllianceKind;
use super::validate::{
    self, DEFAULT_DIALOGUE, DEFAULT_ECONOMIC_TIES, DEFAULT_INTEGRATION, DEFAULT_INTELLIGENCE,
    DEFAULT_RELIABILITY, MAX_STATES,
};
use crate::rng::Stream;

/// Mean number of borders per state aimed at by the random topology.
const RANDOM_MEAN_DEGREE: f64 = 5.0;

const KEYS: &[&str] = &[
    "states",
    "seed",
    "topology",
    "capability",
    "pareto_shape",
    "capability_sigma",
    "wealth_ratio",
    "revisionism",
    "risk",
    "alliances",
    "blocs",
    "membership",
    "spokes",
    "alliance_kind",
    "reliability",
    "dialogue",
    "integration",
    "intelligence",
    "economic_ties",
];

/// The shape of the map.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Topology {
    Grid,
    Ring,
    Random,
}

/// How capabilities are spread.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Capability {
    Equal,
    Pareto(f64),
    Lognormal(f64),
}

/// Which alliances the world starts with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Plan {
    None,
    Bipolar,
    Blocs,
    Collective,
    HubAndSpoke,
    Random,
}

/// The checked `[generate]` table.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Params {
    pub(crate) states: usize,
    pub(crate) seed: Option<u64>,
    pub(crate) topology: Topology,
    pub(crate) capability: Capability,
    pub(crate) wealth_ratio: f64,
    pub(crate) revisionism: f64,
    pub(crate) risk: f64,
    pub(crate) alliances: Plan,
    pub(crate) blocs: usize,
    pub(crate) membership: f64,
    pub(crate) spokes: Option<usize>,
    pub(crate) kind: AllianceKind,
    pub(crate) reliability: f64,
    pub(crate) dialogue: f64,
    pub(crate) integration: f64,
    pub(crate) intelligence: f64,
    pub(crate) economic_ties: f64,
}

/// Reads a string that must be one of a few words.
fn choice<T: Copy>(
    ck: &mut Checker,
    t: &Table,
    key: &str,
    path: &FieldPath,
    options: &[(&str, T)],
    default: T,
) -> T {
    let Some(s) = ck.string(t, key, path) else {
        return default;
    };
    if let Some((_, v)) = options.iter().find(|(name, _)| *name == s) {
        return *v;
    }
    let list: Vec<String> = options.iter().map(|(n, _)| format!("{n:?}")).collect();
    ck.error(
        path.key(key),
        format!("expected one of {}, found {s:?}", list.join(", ")),
    );
    default
}

/// Reads and checks `[generate]`; `None` if anything in it is invalid.
pub(crate) fn params(ck: &mut Checker, t: &Table) -> Option<Params> {
    let before = ck.issues.len();
    let path = FieldPath::root().key("generate");
    ck.known_keys(t, &path, KEYS);
    let max = MAX_STATES as i64;
    let states = if t.contains_key("states") {
        ck.integer(t, "states", &path, 2, max, 2)
    } else {
        ck.error(
            path.key("states"),
            format!("is required (expected a whole number from 2 to {max})"),
        );
        2
    };
    let seed = t
        .contains_key("seed")
        .then(|| ck.integer(t, "seed", &path, 0, i64::MAX, 0));
    let topology = choice(
        ck,
        t,
        "topology",
        &path,
        &[
            ("grid", Topology::Grid),
            ("ring", Topology::Ring),
            ("random", Topology::Random),
        ],
        Topology::Grid,
    );
    #[derive(Clone, Copy)]
    enum Dist {
        Equal,
        Pareto,
        Lognormal,
    }
    let dist = choice(
        ck,
        t,
        "capability",
        &path,
        &[
            ("pareto", Dist::Pareto),
            ("equal", Dist::Equal),
            ("lognormal", Dist::Lognormal),
        ],
        Dist::Pareto,
    );
    let shape = ck.bounded(t, "pareto_shape", &path, 0.1, 100.0, 1.5);
    let sigma = ck.bounded(t, "capability_sigma", &path, 0.0, 5.0, 1.0);
    let capability = match dist {
        Dist::Equal => Capability::Equal,
        Dist::Pareto => Capability::Pareto(shape),
        Dist::Lognormal => Capability::Lognormal(sigma),
    };
    let wealth_ratio = ck.bounded(t, "wealth_ratio", &path, 0.001, 1e6, 5.0);
    let revisionism = ck.unit(t, "revisionism", &path, validate::DEFAULT_REVISIONISM);
    let risk = ck.unit(t, "risk", &path, validate::DEFAULT_RISK);
    let alliances = choice(
        ck,
        t,
        "alliances",
        &path,
        &[
            ("none", Plan::None),
            ("bipolar", Plan::Bipolar),
            ("blocs", Plan::Blocs),
            ("collective", Plan::Collective),
            ("hub-and-spoke", Plan::HubAndSpoke),
            ("random", Plan::Random),
        ],
        Plan::None,
    );
    let blocs = ck.integer(t, "blocs", &path, 2, states.max(2), 4.min(states));
    let membership = ck.unit(t, "membership", &path, 0.7);
    let spokes = t
        .contains_key("spokes")
        .then(|| ck.integer(t, "spokes", &path, 1, (states - 1).max(1), 1));
    let kind = if t.contains_key("alliance_kind") {
        validate::alliance_kind(ck, t, "alliance_kind", &path).unwrap_or(AllianceKind::Defense)
    } else {
        AllianceKind::Defense
    };
    let params = Params {
        states: usize::try_from(states).unwrap_or(2),
        seed: seed.and_then(|s| u64::try_from(s).ok()),
        topology,
        capability,
        wealth_ratio,
        revisionism,
        risk,
        alliances,
        blocs: usize::try_from(blocs).unwrap_or(2),
        membership,
        spokes: spokes.and_then(|s| usize::try_from(s).ok()),
        kind,
        reliability: ck.unit(t, "reliability", &path, DEFAULT_RELIABILITY),
        dialogue: ck.unit(t, "dialogue", &path, DEFAULT_DIALOGUE),
        integration: ck.unit(t, "integration", &path, DEFAULT_INTEGRATION),
        intelligence: ck.unit(t, "intelligence", &path, DEFAULT_INTELLIGENCE),
        economic_ties: ck.unit(t, "economic_ties", &path, DEFAULT_ECONOMIC_TIES),
    };
    (ck.issues.len() == before).then_some(params)
}

/// A generated state, before it is written as a table.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct GenState {
    pub(crate) capability: f64,
    pub(crate) wealth: f64,
    pub(crate) revisionism: f64,
    pub(crate) risk: f64,
    pub(crate) position: [f64; 2],
}

/// A generated world, with states by index.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct World {
    pub(crate) states: Vec<GenState>,
    pub(crate) borders: Vec<(usize, usize)>,
    /// (name, member indices), members sorted.
    pub(crate) alliances: Vec<(String, Vec<usize>)>,
}

/// Draws a world.
pub(crate) fn generate(p: &Params, seed: u64) -> World {
    let n = p.states.max(2);
    let mut rng = Stream::for_purpose(seed, 1);
    let (positions, borders) = match p.topology {
        Topology::Grid => grid(n),
        Topology::Ring => ring(n),
        Topology::Random => random_geometric(n, &mut rng),
    };
    let states: Vec<GenState> = positions
        .into_iter()
        .map(|position| {
            let capability = match p.capability {
                Capability::Equal => 1.0,
                // Inverse CDF with scale 1; 1 - u is in (0, 1], so the power is finite.
                Capability::Pareto(shape) => (1.0 - rng.uniform()).powf(-1.0 / shape),
                Capability::Lognormal(sigma) => (sigma * rng.normal()).exp(),
            };
            let wealth = capability * p.wealth_ratio * (0.3 * rng.normal()).exp();
            let revisionism = (2.0 * p.revisionism * rng.uniform()).clamp(0.0, 1.0);
            let risk = (p.risk + 0.5 * (rng.uniform() - 0.5)).clamp(0.0, 1.0);
            GenState {
                capability,
                wealth,
                revisionism,
                risk,
                position,
            }
        })
        .collect();
    let alliances = alliances(p, &states, &borders, &mut rng);
    World {
        states,
        borders,
        alliances,
    }
}

/// A near-square grid with 4-neighbour borders.
fn grid(n: usize) -> (Vec<[f64; 2]>, Vec<(usize, usize)>) {
    let cols = ((n as f64).sqrt().ceil() as usize).max(1);
    let positions = (0..n)
        .map(|i| [(i % cols) as f64, (i / cols) as f64])
        .collect();
    let mut borders = Vec::with_capacity(2 * n);
    for i in 0..n {
        if (i + 1) % cols != 0 && i + 1 < n {
            borders.push((i, i + 1));
        }
        if i + cols < n {
            borders.push((i, i + cols));
        }
    }
    (positions, borders)
}

/// A ring on a circle whose neighbouring points are one unit apart.
fn ring(n: usize) -> (Vec<[f64; 2]>, Vec<(usize, usize)>) {
    let radius = 0.5 / (std::f64::consts::PI / n as f64).sin();
    let positions = (0..n)
        .map(|i| {
            let a = std::f64::consts::TAU * i as f64 / n as f64;
            [radius * a.cos(), radius * a.sin()]
        })
        .collect();
    let mut borders: Vec<(usize, usize)> = (0..n)
        .map(|i| {
            let j = (i + 1) % n;
            (i.min(j), i.max(j))
        })
        .collect();
    borders.sort_unstable();
    borders.dedup();
    (positions, borders)
}

/// Spatial hash of points in cells of a given size, for near-neighbour queries in O(1).
struct Buckets {
    cell: f64,
    cols: usize,
    rows: usize,
    cells: Vec<Vec<usize>>,
}

impl Buckets {
    fn new(points: &[[f64; 2]], side: f64, cell: f64) -> Self {
        let cols = ((side / cell).ceil() as usize).max(1);
        let rows = cols;
        let mut cells = vec![Vec::new(); cols * rows];
        let mut b = Buckets {
            cell,
            cols,
            rows,
            cells: Vec::new(),
        };
        for (i, p) in points.iter().enumerate() {
            let (cx, cy) = b.cell_of(*p);
            cells[cy * cols + cx].push(i);
        }
        b.cells = cells;
        b
    }

    fn cell_of(&self, p: [f64; 2]) -> (usize, usize) {
        let cx = ((p[0] / self.cell).floor().max(0.0) as usize).min(self.cols - 1);
        let cy = ((p[1] / self.cell).floor().max(0.0) as usize).min(self.rows - 1);
        (cx, cy)
    }

    /// Points in the cells at Chebyshev ring `r` around cell (cx, cy).
    fn ring(&self, cx: usize, cy: usize, r: usize, out: &mut Vec<usize>) {
        out.clear();
        let (cx, cy, r) = (cx as i64, cy as i64, r as i64);
        for y in (cy - r)..=(cy + r) {
            for x in (cx - r)..=(cx + r) {
                let on_ring = (x - cx).abs() == r || (y - cy).abs() == r;
                if !on_ring || x < 0 || y < 0 || x >= self.cols as i64 || y >= self.rows as i64 {
                    continue;
                }
                out.extend_from_slice(&self.cells[y as usize * self.cols + x as usize]);
            }
        }
    }
}

fn dist2(a: [f64; 2], b: [f64; 2]) -> f64 {
    (a[0] - b[0]).powi(2) + (a[1] - b[1]).powi(2)
}

fn find(parent: &mut [usize], mut x: usize) -> usize {
    while parent[x] != x {
        parent[x] = parent[parent[x]];
        x = parent[x];
    }
    x
}

/// A random geometric graph in a square of side √n (density one state per
/// unit area), made connected by joining each smaller component to its nearest
/// neighbour outside it, round by round, until one component is left.
fn random_geometric(n: usize, rng: &mut Stream) -> (Vec<[f64; 2]>, Vec<(usize, usize)>) {
    let side = (n as f64).sqrt();
    let points: Vec<[f64; 2]> = (0..n)
        .map(|_| [side * rng.uniform(), side * rng.uniform()])
        .collect();
    let radius = (RANDOM_MEAN_DEGREE / std::f64::consts::PI).sqrt();
    let buckets = Buckets::new(&points, side, radius);
    let mut edges: BTreeSet<(usize, usize)> = BTreeSet::new();
    let mut near = Vec::new();
    for (i, &p) in points.iter().enumerate() {
        let (cx, cy) = buckets.cell_of(p);
        for r in 0..=1 {
            buckets.ring(cx, cy, r, &mut near);
            for &j in &near {
                if j > i && dist2(p, points[j]) < radius * radius {
                    edges.insert((i, j));
                }
            }
        }
    }
    let mut parent: Vec<usize> = (0..n).collect();
    for &(a, b) in &edges {
        let (ra, rb) = (find(&mut parent, a), find(&mut parent, b));
        if ra != rb {
            parent[ra.max(rb)] = ra.min(rb);
        }
    }
    loop {
        let mut members: HashMap<usize, Vec<usize>> = HashMap::new();
        for i in 0..n {
            let r = find(&mut parent, i);
            members.entry(r).or_default().push(i);
        }
        if members.len() <= 1 {
            break;
        }
        let mut comps: Vec<Vec<usize>> = members.into_values().collect();
        // Fixed order (by first member), the largest skipped: it is joined by the others.
        comps.sort_by_key(|c| c[0]);
        let largest = comps
            .iter()
            .enumerate()
            .max_by_key(|(i, c)| (c.len(), usize::MAX - i))
            .map_or(0, |(i, _)| i);
        let mut links = Vec::new();
        for (k, comp) in comps.iter().enumerate() {
            if k == largest {
                continue;
            }
            let root = find(&mut parent, comp[0]);
            let mut best: Option<(f64, usize, usize)> = None;
            for &i in comp {
                let (cx, cy) = buckets.cell_of(points[i]);
                let max_r = buckets.cols.max(buckets.rows);
                for r in 0..=max_r {
                    // A point in ring r is at least (r - 1) cells away.
                    if let Some((d, _, _)) = best {
                        let bound = (r as f64 - 1.0).max(0.0) * buckets.cell;
                        if bound * bound > d {
                            break;
                        }
                    }
                    buckets.ring(cx, cy, r, &mut near);
                    for &j in &near {
                        if find(&mut parent, j) == root {
                            continue;
                        }
                        let d = dist2(points[i], points[j]);
                        if best.is_none_or(|(bd, bi, bj)| (d, i, j) < (bd, bi, bj)) {
                            best = Some((d, i, j));
                        }
                    }
                }
            }
            if let Some((_, i, j)) = best {
                links.push((i.min(j), i.max(j)));
            }
        }
        for (a, b) in links {
            edges.insert((a, b));
            let (ra, rb) = (find(&mut parent, a), find(&mut parent, b));
            if ra != rb {
                parent[ra.max(rb)] = ra.min(rb);
            }
        }
    }
    let borders: Vec<(usize, usize)> = edges.into_iter().collect();
    // Neighbours about one unit apart, as in the other topologies.
    let mean = borders
        .iter()
        .map(|&(a, b)| dist2(points[a], points[b]).sqrt())
        .sum::<f64>()
        / borders.len().max(1) as f64;
    let scale = if mean > 1e-9 { 1.0 / mean } else { 1.0 };
    let positions = points
        .into_iter()
        .map(|p| [p[0] * scale, p[1] * scale])
        .collect();
    (positions, borders)
}

/// States by decreasing capability (ties by index).
fn by_size(states: &[GenState]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..states.len()).collect();
    order.sort_by(|&a, &b| {
        states[b]
            .capability
            .total_cmp(&states[a].capability)
            .then(a.cmp(&b))
    });
    order
}

/// Blocs around `leaders`: each other state joins, with probability
/// `membership`, the bloc of its nearest leader.
fn blocs(
    p: &Params,
    states: &[GenState],
    leaders: &[usize],
    rng: &mut Stream,
) -> Vec<(String, Vec<usize>)> {
    let mut members: Vec<Vec<usize>> = leaders.iter().map(|&l| vec![l]).collect();
    for (i, s) in states.iter().enumerate() {
        if leaders.contains(&i) {
            continue;
        }
        if !rng.chance(p.membership) {
            continue;
        }
        let nearest = leaders
            .iter()
            .enumerate()
            .min_by(|&(_, &a), &(_, &b)| {
                dist2(s.position, states[a].position)
                    .total_cmp(&dist2(s.position, states[b].position))
            })
            .map(|(k, _)| k);
        if let Some(k) = nearest {
            members[k].push(i);
        }
    }
    leaders
        .iter()
        .zip(members)
        .filter(|(_, m)| m.len() >= 2)
        .map(|(&l, mut m)| {
            m.sort_unstable();
            (format!("Bloc of {}", state_name(l)), m)
        })
        .collect()
}

fn alliances(
    p: &Params,
    states: &[GenState],
    borders: &[(usize, usize)],
    rng: &mut Stream,
) -> Vec<(String, Vec<usize>)> {
    let n = states.len();
    let order = by_size(states);
    match p.alliances {
        Plan::None => Vec::new(),
        Plan::Bipolar => blocs(p, states, &order[..2.min(n)], rng),
        Plan::Blocs => blocs(p, states, &order[..p.blocs.clamp(2, n)], rng),
        Plan::Collective => vec![("Collective security".to_string(), (0..n).collect())],
        Plan::HubAndSpoke => {
            let hub = order[0];
            let spokes = p.spokes.unwrap_or((n / 5).max(2)).min(n - 1);
            let mut others: Vec<usize> = (0..n).filter(|&i| i != hub).collect();
            others.sort_by(|&a, &b| {
                dist2(states[hub].position, states[a].position)
                    .total_cmp(&dist2(states[hub].position, states[b].position))
                    .then(a.cmp(&b))
            });
            others
                .into_iter()
                .take(spokes)
                .map(|s| {
                    (
                        format!("{}–{} pact", state_name(hub), state_name(s)),
                        vec![hub.min(s), hub.max(s)],
                    )
                })
                .collect()
        }
        Plan::Random => {
            let mut adj = vec![Vec::new(); n];
            for &(a, b) in borders {
                adj[a].push(b);
                adj[b].push(a);
            }
            let count = ((n as f64 / 8.0).round() as usize).max(1);
            let mut out = Vec::with_capacity(count);
            for k in 0..count {
                let centre = rng.below(n);
                let mut pool: BTreeSet<usize> = BTreeSet::new();
                for &a in &adj[centre] {
                    pool.insert(a);
                    pool.extend(adj[a].iter().copied());
                }
                pool.remove(&centre);
                let mut pool: Vec<usize> = pool.into_iter().collect();
                let size = 2 + rng.below(4);
                rng.shuffle(&mut pool);
                let mut members: Vec<usize> = std::iter::once(centre)
                    .chain(pool.into_iter().take(size - 1))
                    .collect();
                if members.len() < 2 {
                    continue;
                }
                members.sort_unstable();
                out.push((format!("Pact {}", k + 1), members));
            }
            out
        }
    }
}

/// The display name of generated state `i`.
fn state_name(i: usize) -> String {
    format!("State {}", i + 1)
}

/// The id of generated state `i` in a world of `n`, zero-padded to the width of `n`.
pub(crate) fn state_id(i: usize, n: usize) -> String {
    let width = n.to_string().len();
    format!("S{:0width$}", i + 1)
}

/// Writes a generated world into `doc` as `[[states]]`, `[map]` and `[[alliances]]`.
pub(crate) fn write_into(doc: &mut Table, p: &Params, w: &World) {
    let n = w.states.len();
    let ids: Vec<String> = (0..n).map(|i| state_id(i, n)).collect();
    let states = w
        .states
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let mut t = Table::new();
            t.insert("id".into(), Value::String(ids[i].clone()));
            t.insert("name".into(), Value::String(state_name(i)));
            t.insert("capability".into(), Value::Float(s.capability));
            t.insert("wealth".into(), Value::Float(s.wealth));
            t.insert("revisionism".into(), Value::Float(s.revisionism));
            t.insert("risk".into(), Value::Float(s.risk));
            t.insert(
                "position".into(),
                Value::Array(vec![
                    Value::Float(s.position[0]),
                    Value::Float(s.position[1]),
                ]),
            );
            Value::Table(t)
        })
        .collect();
    let borders = w
        .borders
        .iter()
        .map(|&(a, b)| {
            Value::Array(vec![
                Value::String(ids[a].clone()),
                Value::String(ids[b].clone()),
            ])
        })
        .collect();
    let alliances = w
        .alliances
        .iter()
        .map(|(name, members)| {
            let mut t = Table::new();
            t.insert("name".into(), Value::String(name.clone()));
            t.insert("kind".into(), Value::String(p.kind.as_str().into()));
            t.insert(
                "members".into(),
                Value::Array(
                    members
                        .iter()
                        .map(|&m| Value::String(ids[m].clone()))
                        .collect(),
                ),
            );
            t.insert("reliability".into(), Value::Float(p.reliability));
            t.insert("dialogue".into(), Value::Float(p.dialogue));
            t.insert("integration".into(), Value::Float(p.integration));
            t.insert("intelligence".into(), Value::Float(p.intelligence));
            t.insert("economic_ties".into(), Value::Float(p.economic_ties));
            Value::Table(t)
        })
        .collect();
    let mut map = Table::new();
    map.insert("borders".into(), Value::Array(borders));
    doc.insert("states".into(), Value::Array(states));
    doc.insert("map".into(), Value::Table(map));
    doc.insert("alliances".into(), Value::Array(alliances));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(text: &str) -> Params {
        let t: Table = toml::from_str(text).unwrap();
        let mut ck = Checker::default();
        let p = super::params(&mut ck, &t);
        assert!(ck.issues.is_empty(), "{:?}", ck.issues);
        p.unwrap()
    }

    fn connected(n: usize, borders: &[(usize, usize)]) -> bool {
        let mut parent: Vec<usize> = (0..n).collect();
        for &(a, b) in borders {
            let (ra, rb) = (find(&mut parent, a), find(&mut parent, b));
            parent[ra] = rb;
        }
        let r = find(&mut parent, 0);
        (0..n).all(|i| find(&mut parent, i) == r)
    }

    #[test]
    fn topologies_have_the_right_shape() {
        let (pos, b) = grid(10);
        assert_eq!(pos.len(), 10);
        // 4 columns: rows of 4, 4, 2.
        assert_eq!(b.len(), 3 + 3 + 1 + 4 + 2);
        assert!(connected(10, &b));
        let (pos, b) = ring(6);
        assert_eq!(b.len(), 6);
        let d = dist2(pos[0], pos[1]).sqrt();
        assert!((d - 1.0).abs() < 1e-9);
        let (_, b) = ring(2);
        assert_eq!(b, vec![(0, 1)]);
    }

    #[test]
    fn random_maps_are_connected_with_about_five_neighbours() {
        for seed in 0..5 {
            let mut rng = Stream::for_purpose(seed, 1);
            let n = 400;
            let (pos, b) = random_geometric(n, &mut rng);
            assert!(connected(n, &b), "seed {seed}");
            let degree = 2.0 * b.len() as f64 / n as f64;
            assert!((3.5..6.5).contains(&degree), "mean degree {degree}");
            let mean: f64 = b
                .iter()
                .map(|&(x, y)| dist2(pos[x], pos[y]).sqrt())
                .sum::<f64>()
                / b.len() as f64;
            assert!((mean - 1.0).abs() < 1e-9);
        }
        let mut rng = Stream::for_purpose(3, 1);
        let (_, b) = random_geometric(2, &mut rng);
        assert_eq!(b, vec![(0, 1)]);
    }

    #[test]
    fn same_seed_same_world_other_seed_other_world() {
        let p = params("states = 60\ntopology = 'random'\nalliances = 'random'");
        assert_eq!(generate(&p, 7), generate(&p, 7));
        assert_ne!(generate(&p, 7), generate(&p, 8));
    }

    #[test]
    fn alliance_plans() {
        let w = generate(&params("states = 30\nalliances = 'collective'"), 1);
        assert_eq!(w.alliances.len(), 1);
        assert_eq!(w.alliances[0].1.len(), 30);
        let w = generate(&params("states = 30\nalliances = 'hub-and-spoke'"), 1);
        assert_eq!(w.alliances.len(), 6);
        let hub = by_size(&w.states)[0];
        assert!(
            w.alliances
                .iter()
                .all(|(_, m)| m.contains(&hub) && m.len() == 2)
        );
        let w = generate(
            &params("states = 40\nalliances = 'blocs'\nblocs = 3\nmembership = 1.0"),
            1,
        );
        assert_eq!(w.alliances.len(), 3);
        let total: usize = w.alliances.iter().map(|(_, m)| m.len()).sum();
        assert_eq!(total, 40);
        let w = generate(
            &params("states = 40\nalliances = 'bipolar'\nmembership = 0.0"),
            1,
        );
        assert!(w.alliances.is_empty());
        let w = generate(
            &params("states = 80\ntopology = 'random'\nalliances = 'random'"),
            1,
        );
        assert!(!w.alliances.is_empty());
        assert!(w.alliances.iter().all(|(_, m)| (2..=5).contains(&m.len())));
        let w = generate(&params("states = 20\ncapability = 'equal'"), 1);
        assert!(w.states.iter().all(|s| s.capability == 1.0));
    }

    #[test]
    fn ids_are_padded_to_the_width_of_n() {
        assert_eq!(state_id(0, 50), "S01");
        assert_eq!(state_id(49, 50), "S50");
        assert_eq!(state_id(0, 1000), "S0001");
        assert_eq!(state_id(0, 9), "S1");
    }
}
