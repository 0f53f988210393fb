//! The yearly schedule of one replication, and what a replication reports.
//!
//! Each year runs the eight steps in the order stated in `docs/ODD.md`:
//! economy, arming, then for each dispute in turn settlement, decision, war and
//! outcome, and finally learning; the year's readings are taken last.

use crate::rng::Stream;

use super::ModelParams;
use super::metrics::{METRIC_COUNT, Reading, Tally};
use super::state::SimState;
use super::world::World;

/// One war, as `wars.csv` reports it.
#[derive(Clone, Debug, PartialEq)]
pub struct WarRecord {
    /// Year it began (0-based).
    pub start: u32,
    /// Last year of fighting.
    pub end: u32,
    /// The state that attacked.
    pub initiator: u32,
    /// The state attacked.
    pub target: u32,
    /// States on the initiator's side (initiator first).
    pub side_a: Vec<u32>,
    /// States on the target's side (target first).
    pub side_b: Vec<u32>,
    /// Participants who joined because an alliance called them.
    pub joined_by_alliance: u32,
    /// Whether the initiator's side won.
    pub initiator_won: bool,
    /// The initiator's perceived chance of winning when it attacked.
    pub initiator_expected_win: f64,
    /// Capability lost to fighting by the initiator's side.
    pub cost_initiator_side: f64,
    /// Capability lost to fighting by the target's side.
    pub cost_target_side: f64,
    /// Whether the initiator lost although it expected to win.
    pub misjudged: bool,
    /// States conquered in this war.
    pub conquered: Vec<u32>,
}

/// Everything one replication reports.
#[derive(Clone, Debug, Default)]
pub struct RunRecord {
    /// Metrics per year, row-major: `years × METRIC_COUNT`; NaN where absent.
    pub yearly: Vec<f64>,
    /// Metrics over the whole run; NaN where absent.
    pub run: Vec<f64>,
    /// The wars, when asked for.
    pub wars: Vec<WarRecord>,
    /// How many wars had each number of participants (index = participants).
    pub war_sizes: Vec<u64>,
}

impl SimState<'_> {
    /// Runs one year.
    pub(crate) fn step(&mut self, rng: &mut Stream) {
        self.begin_year();
        self.economy();
        self.arming();
        self.conflicts(rng);
        self.learning();
        self.readings();
        self.year += 1;
    }

    /// End-of-year readings of the system's state.
    fn readings(&mut self) {
        let w = self.w;
        let (mut alive, mut total, mut largest, mut wealth) = (0.0, 0.0, 0.0f64, 0.0);
        let (mut sm, mut nm, mut snm, mut nnm) = (0.0, 0.0, 0.0, 0.0);
        for i in 0..w.n {
            if !self.alive[i] {
                continue;
            }
            alive += 1.0;
            total += self.cap[i];
            largest = largest.max(self.cap[i]);
            wealth += self.wealth[i];
            if self.in_alliance[i] {
                sm += self.spend[i];
                nm += 1.0;
            } else {
                snm += self.spend[i];
                nnm += 1.0;
            }
        }
        let mut hhi = 0.0;
        for i in 0..w.n {
            if self.alive[i] {
                let s = self.cap[i] / total;
                hhi += s * s;
            }
        }
        // Trust, and (K5) how a member's spending share moves with its weight in its alliance.
        let (mut tsum, mut tn) = (0.0, 0.0);
        let (mut n, mut sx, mut sy, mut sxx, mut syy, mut sxy) = (0.0, 0.0, 0.0, 0.0, 0.0, 0.0);
        for a in 0..w.alliances.len() {
            let mut sum = 0.0;
            let mut count = 0;
            for id in w.members_of(a) {
                let s = w.member_state[id] as usize;
                if self.alive[s] {
                    sum += self.cap[s];
                    count += 1;
                }
            }
            if count < 2 {
                continue;
            }
            for id in w.members_of(a) {
                let s = w.member_state[id] as usize;
                if !self.alive[s] {
                    continue;
                }
                tsum += self.trust[id];
                tn += 1.0;
                let (x, y) = (self.cap[s] / sum, self.spend[s]);
                n += 1.0;
                sx += x;
                sy += y;
                sxx += x * x;
                syy += y * y;
                sxy += x * y;
            }
        }
        let corr = if n >= 3.0 {
            let cov = sxy - sx * sy / n;
            let vx = sxx - sx * sx / n;
            let vy = syy - sy * sy / n;
            if vx > 1e-15 && vy > 1e-15 {
                cov / (vx * vy).sqrt()
            } else {
                f64::NAN
            }
        } else {
            f64::NAN
        };
        let t = &mut self.tally;
        t.spending_members = Reading::of(sm / nm);
        t.spending_nonmembers = Reading::of(snm / nnm);
        t.largest_share = Reading::of(largest / total);
        t.hhi = Reading::of(hhi);
        t.alive = Reading::of(alive);
        t.trust = Reading::of(tsum / tn);
        t.wealth = Reading::of(wealth / alive);
        t.size_spending = Reading::of(corr);
    }
}

/// Simulates one replication of `years` years with the stream `rng`.
pub fn simulate(
    world: &World,
    params: &ModelParams,
    years: u32,
    rng: &mut Stream,
    record_wars: bool,
) -> RunRecord {
    let mut state = SimState::new(world, params, record_wars);
    let mut yearly = vec![0.0; years as usize * METRIC_COUNT];
    let mut total = Tally::default();
    for row in yearly.chunks_exact_mut(METRIC_COUNT) {
        state.step(rng);
        state.tally.values(row);
        total.add(&state.tally);
    }
    let mut run = vec![0.0; METRIC_COUNT];
    total.values(&mut run);
    RunRecord {
        yearly,
        run,
        wars: state.wars.take().unwrap_or_default(),
        war_sizes: std::mem::take(&mut state.war_sizes),
    }
}
