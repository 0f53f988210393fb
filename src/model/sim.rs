//! The yearly schedule of one replication, and what a replication reports.
//!
//! Each year runs the eight steps in the order stated in `docs/ODD.md`:
//! economy, arming, then for each dispute in turn settlement, decision, war and
//! outcome, and finally learning; the year's readings are taken last.

use crate::rng::Stream;

use super::ModelParams;
use super::metrics::{METRIC_COUNT, Reading, Tally};
use super::records::{
    CallRecord, CrisisRecord, DyadYearFrame, FrameState, Kinds, Recording, StateYearRecord,
};
use super::state::SimState;
use super::world::World;

/// How a participant came into a war.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Entry {
    /// It started the war or was attacked.
    Originator,
    /// It answered the call of this alliance, whose terms applied.
    Called(u32),
    /// It came in on its own account (no pledge of its obliged it to that side).
    OwnAccount,
}

/// One state's part in a war.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Participant {
    /// The state.
    pub state: u32,
    /// Its side: 0 = the initiator's, 1 = the target's.
    pub side: u8,
    /// The year it entered (0-based).
    pub entered: u32,
    /// How it came in.
    pub how: Entry,
}

/// How a war ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WarEnd {
    /// One side was beaten.
    Beaten,
    /// One side gave up.
    GaveUp,
    /// It was still being fought when the run ended.
    Unfinished,
}

impl WarEnd {
    /// The word `wars.csv` uses.
    pub fn name(self) -> &'static str {
        match self {
            WarEnd::Beaten => "beaten",
            WarEnd::GaveUp => "gave_up",
            WarEnd::Unfinished => "unfinished",
        }
    }
}

/// One war, as `wars.csv` reports it.
#[derive(Clone, Debug, PartialEq)]
pub struct WarRecord {
    /// Its number within the replication, in the order wars began.
    pub id: u32,
    /// Year it began (0-based).
    pub start: u32,
    /// Last year of fighting (the last simulated year, for a war unfinished).
    pub end: u32,
    /// The state that attacked.
    pub initiator: u32,
    /// The state attacked.
    pub target: u32,
    /// Everyone who fought in it, in the order they entered (initiator, then target, first).
    pub members: Vec<Participant>,
    /// Participants who joined because an alliance called them.
    pub joined_by_alliance: u32,
    /// Whether the initiator's side won (false for a war unfinished).
    pub initiator_won: bool,
    /// How it ended.
    pub ending: WarEnd,
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

impl WarRecord {
    /// The states on side `side` (0 = the initiator's), in the order they entered.
    pub fn side(&self, side: u8) -> Vec<u32> {
        self.members
            .iter()
            .filter(|m| m.side == side)
            .map(|m| m.state)
            .collect()
    }

    /// Participants who entered after the onset year.
    pub fn late_joiners(&self) -> usize {
        self.members
            .iter()
            .filter(|m| m.entered > self.start)
            .count()
    }
}

/// Everything one replication reports.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RunRecord {
    /// Metrics per year, row-major: `years × METRIC_COUNT`; NaN where absent.
    pub yearly: Vec<f64>,
    /// Metrics over the whole run; NaN where absent.
    pub run: Vec<f64>,
    /// The wars, when asked for.
    pub wars: Vec<WarRecord>,
    /// How many wars had each number of participants (index = participants).
    pub war_sizes: Vec<u64>,
    /// The disputes, when asked for.
    pub crises: Vec<CrisisRecord>,
    /// The calls on allies, when asked for.
    pub calls: Vec<CallRecord>,
    /// The state-years, when asked for.
    pub state_years: Vec<StateYearRecord>,
    /// The dyad-years, one frame per year, when asked for.
    pub dyad_years: Vec<DyadYearFrame>,
}

impl SimState<'_> {
    /// Runs one year.
    pub(crate) fn step(&mut self, rng: &mut Stream) {
        self.begin_year();
        if self.dyad_frames.is_some() {
            self.open_dyad_frame();
        }
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
        let mut at_war = 0.0;
        let (mut sm, mut nm, mut snm, mut nnm) = (0.0, 0.0, 0.0, 0.0);
        let (mut ss, mut ns, mut so, mut no) = (0.0, 0.0, 0.0, 0.0);
        for i in 0..w.n {
            if !self.alive[i] {
                continue;
            }
            alive += 1.0;
            if self.war_of[i] != super::state::NO_WAR || self.busy_until[i] > self.year {
                at_war += 1.0;
            }
            total += self.cap[i];
            largest = largest.max(self.cap[i]);
            wealth += self.wealth[i];
            if w.signatory(i) {
                ss += self.spend[i];
                ns += 1.0;
            } else {
                so += self.spend[i];
                no += 1.0;
            }
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
            // End-of-year values: wars this year have moved capability since begin_year.
            let (sum, count) = self.living_members(a);
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
        t.spending_signatories = Reading::of(ss / ns);
        t.spending_others = Reading::of(so / no);
        t.largest_share = Reading::of(largest / total);
        t.hhi = Reading::of(hhi);
        t.alive = Reading::of(alive);
        t.trust = Reading::of(tsum / tn);
        t.wealth = Reading::of(wealth / alive);
        t.size_spending = Reading::of(corr);
        // A state conquered this year was at war in it, though no longer alive.
        t.war_state_years = at_war + t.state_deaths;
        if self.state_years.is_some() {
            self.record_state_years();
        }
        if let Some(frame) = self.dyad_frames.as_mut().and_then(|f| f.last_mut()) {
            frame.onsets.sort_unstable();
        }
    }

    /// Starts this year's dyad-year frame: the living states as the year begins.
    fn open_dyad_frame(&mut self) {
        let w = self.w;
        let mut frame = DyadYearFrame {
            year: self.year,
            ..DyadYearFrame::default()
        };
        for i in 0..w.n {
            if !self.alive[i] {
                continue;
            }
            let war = self.war_of[i];
            frame.states.push(FrameState {
                state: i as u32,
                capability: self.cap[i],
                major: self.is_great[i],
                war: (war != super::state::NO_WAR).then_some(war),
                side: self.side[i],
            });
            for &m in w.memberships_of(i) {
                let a = w.member_alliance[m as usize] as usize;
                if self.active(a) && w.alliances[a].binds() {
                    frame.pacts.push(a as u32);
                }
            }
            frame.borders.extend_from_slice(&self.adj[i]);
            frame
                .ends
                .push((frame.pacts.len() as u32, frame.borders.len() as u32));
        }
        if let Some(frames) = self.dyad_frames.as_mut() {
            frames.push(frame);
        }
    }

    /// Adds this year's row for every living state to the state-year records.
    fn record_state_years(&mut self) {
        let w = self.w;
        let mut rows = self.state_years.take().unwrap_or_default();
        for i in 0..w.n {
            if !self.alive[i] {
                continue;
            }
            rows.push(StateYearRecord {
                year: self.year,
                state: i as u32,
                capability: self.cap[i],
                wealth: self.wealth[i],
                spending: self.spend[i],
                major: self.is_great[i],
                pacts: self.pact_kinds(i, None),
                at_war: self.war_of[i] != super::state::NO_WAR || self.busy_until[i] > self.year,
            });
        }
        self.state_years = Some(rows);
    }

    /// Kinds of the active pacts (strength > 0) of `i`: all of them, or, with
    /// `Some((j, shared))`, those it shares with `j` (`shared`) or not (`!shared`).
    pub(crate) fn pact_kinds(&self, i: usize, with: Option<(usize, bool)>) -> Kinds {
        let w = self.w;
        let mut kinds = Kinds::default();
        for &m in w.memberships_of(i) {
            let a = w.member_alliance[m as usize] as usize;
            let al = &w.alliances[a];
            if !self.active(a) || !al.binds() {
                continue;
            }
            let keep = match with {
                None => true,
                Some((j, shared)) => w.membership_in(j, a).is_some() == shared,
            };
            if keep {
                kinds.add(al.kind);
            }
        }
        kinds
    }
}

/// One replication advanced a year at a time: the model's state, its random
/// stream and the running totals of its metrics.
///
/// [`simulate`] is this type run for a fixed number of years; use it directly to
/// observe or time single years (e.g. in benchmarks).
pub struct Replication<'a> {
    state: SimState<'a>,
    rng: Stream,
    total: Tally,
}

impl<'a> Replication<'a> {
    /// Replication `replication` of a run seeded with `seed`, at year 0, not recording wars.
    pub fn new(world: &'a World, params: &'a ModelParams, seed: u64, replication: u64) -> Self {
        Self::with_stream(
            world,
            params,
            Stream::for_replication(seed, replication),
            Recording::default(),
        )
    }

    /// A replication at year 0 drawing from `rng`, keeping the records `rec`.
    pub fn with_stream(
        world: &'a World,
        params: &'a ModelParams,
        rng: Stream,
        rec: Recording,
    ) -> Self {
        Replication {
            state: SimState::new(world, params, rec),
            rng,
            total: Tally::default(),
        }
    }

    /// Runs one year and adds its readings to the run's totals.
    pub fn step(&mut self) {
        self.state.step(&mut self.rng);
        self.total.add(&self.state.tally);
    }

    /// Years simulated so far.
    pub fn year(&self) -> u32 {
        self.state.year
    }

    /// The wars recorded so far (when wars are recorded), and those still being
    /// fought as unfinished; recording stops here.
    pub fn take_wars(&mut self) -> Vec<WarRecord> {
        let Some(mut wars) = self.state.wars.take() else {
            return Vec::new();
        };
        for war in self.state.wars_on.clone() {
            let record = self
                .state
                .war_record(war, None, super::WarEnd::Unfinished, Vec::new());
            wars.push(record);
        }
        wars
    }

    /// Writes the last year's metrics into `row` (`METRIC_COUNT` values; NaN where absent).
    pub fn year_metrics(&self, row: &mut [f64]) {
        self.state.tally.values(row);
    }

    /// The run-level metrics over the years simulated so far (`METRIC_COUNT` values).
    pub fn run_metrics(&self) -> Vec<f64> {
        let mut run = vec![0.0; METRIC_COUNT];
        self.total.values(&mut run);
        run
    }
}

/// Simulates one replication of `years` years with the stream `rng`, recording
/// its wars if `record_wars`.
pub fn simulate(
    world: &World,
    params: &ModelParams,
    years: u32,
    rng: &mut Stream,
    record_wars: bool,
) -> RunRecord {
    simulate_recording(world, params, years, rng, Recording::wars(record_wars))
}

/// Simulates one replication of `years` years with the stream `rng`, keeping the records `rec`.
pub fn simulate_recording(
    world: &World,
    params: &ModelParams,
    years: u32,
    rng: &mut Stream,
    rec: Recording,
) -> RunRecord {
    let mut rep = Replication::with_stream(world, params, rng.clone(), rec);
    let yearly = if rec.totals_only {
        for _ in 0..years {
            rep.step();
        }
        Vec::new()
    } else {
        let mut yearly = vec![0.0; years as usize * METRIC_COUNT];
        for row in yearly.chunks_exact_mut(METRIC_COUNT) {
            rep.step();
            rep.year_metrics(row);
        }
        yearly
    };
    let run = rep.run_metrics();
    let wars = rep.take_wars();
    // Hand the advanced stream back, as if the caller's had been drawn from directly.
    *rng = rep.rng;
    let s = &mut rep.state;
    RunRecord {
        yearly,
        run,
        wars,
        war_sizes: std::mem::take(&mut s.war_sizes),
        crises: s.crisis_log.take().unwrap_or_default(),
        calls: s.calls_log.take().unwrap_or_default(),
        state_years: s.state_years.take().unwrap_or_default(),
        dyad_years: s.dyad_frames.take().unwrap_or_default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::testkit::{bits, trio_world};

    #[test]
    fn stepping_a_replication_reproduces_simulate() {
        let p = ModelParams::default();
        let (w, _) = trio_world(Some(0.6));
        let years = 80;
        for r in 0..5 {
            let mut rng = Stream::for_replication(3, r);
            let rec = simulate(&w, &p, years, &mut rng, false);

            let mut rep = Replication::new(&w, &p, 3, r);
            let mut row = vec![0.0; METRIC_COUNT];
            for (y, expected) in rec.yearly.chunks_exact(METRIC_COUNT).enumerate() {
                assert_eq!(rep.year(), y as u32);
                rep.step();
                rep.year_metrics(&mut row);
                assert_eq!(bits(&row), bits(expected), "replication {r}, year {y}");
            }
            assert_eq!(bits(&rep.run_metrics()), bits(&rec.run));
            // simulate leaves the caller's stream where the replication left it.
            assert_eq!(rng.next_u64(), rep.rng.next_u64());
        }
    }

    #[test]
    fn totals_only_runs_the_same_replication_without_per_year_metrics() {
        let p = ModelParams::default();
        let (w, _) = trio_world(Some(0.6));
        for r in 0..5 {
            let full = simulate_recording(
                &w,
                &p,
                60,
                &mut Stream::for_replication(9, r),
                Recording::wars(true),
            );
            let totals = simulate_recording(
                &w,
                &p,
                60,
                &mut Stream::for_replication(9, r),
                Recording {
                    wars: true,
                    totals_only: true,
                    ..Recording::default()
                },
            );
            assert!(totals.yearly.is_empty());
            assert_eq!(full.yearly.len(), 60 * METRIC_COUNT);
            assert_eq!(bits(&full.run), bits(&totals.run), "replication {r}");
            assert_eq!(full.wars.len(), totals.wars.len());
        }
    }
}
