//! What a replication can record besides its metrics, event by event, for
//! analysis outside the tool: crises, alliance calls and state-years (the wars
//! and their participants are [`super::WarRecord`]s). Nothing is recorded
//! unless asked for ([`Recording`]); rows are collected per replication and
//! written, in replication order, by the output layer.

use crate::scenario::AllianceKind;

/// Which records a replication keeps.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Recording {
    /// Every war, with its participants.
    pub wars: bool,
    /// Every dispute.
    pub crises: bool,
    /// Every call on an ally.
    pub calls: bool,
    /// Every living state in every year.
    pub state_years: bool,
    /// Every directed pair of living states in every year.
    pub dyad_years: bool,
    /// Only the run's totals: no per-year metrics (`RunRecord::yearly` left
    /// empty), for experiments that read totals alone (`claims`). The run
    /// itself is the same, draw for draw.
    pub totals_only: bool,
}

impl Recording {
    /// Only the wars.
    pub fn wars(on: bool) -> Self {
        Recording {
            wars: on,
            ..Recording::default()
        }
    }
}

/// The kinds of pact, as a set (bit `k` for [`AllianceKind::ALL`]`[k]`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Kinds(pub u8);

impl Kinds {
    /// The bit of one kind: its place in [`AllianceKind::ALL`], which is the
    /// order the kinds are declared in. Shards store these bits, so the order
    /// must not change.
    pub fn bit(kind: AllianceKind) -> u8 {
        1 << kind as u8
    }

    /// Adds a kind.
    pub fn add(&mut self, kind: AllianceKind) {
        self.0 |= Self::bit(kind);
    }

    /// Adds a kind, if there is one.
    fn add_some(&mut self, kind: Option<AllianceKind>) {
        if let Some(k) = kind {
            self.add(k);
        }
    }

    /// The kinds in the set, in a fixed order.
    pub fn kinds(self) -> impl Iterator<Item = AllianceKind> {
        AllianceKind::ALL
            .into_iter()
            .filter(move |&k| self.0 & Self::bit(k) != 0)
    }
}

/// How a dispute ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CrisisEnd {
    /// Settled by negotiation.
    Negotiated,
    /// The target gave in.
    GaveIn,
    /// The challenger backed down.
    BackedDown,
    /// It became a war.
    War,
}

impl CrisisEnd {
    /// Every ending, in code order.
    pub const ALL: [CrisisEnd; 4] = [
        CrisisEnd::Negotiated,
        CrisisEnd::GaveIn,
        CrisisEnd::BackedDown,
        CrisisEnd::War,
    ];

    /// The word the records use.
    pub fn name(self) -> &'static str {
        match self {
            CrisisEnd::Negotiated => "negotiated",
            CrisisEnd::GaveIn => "target_gave_in",
            CrisisEnd::BackedDown => "challenger_backed_down",
            CrisisEnd::War => "war",
        }
    }
}

/// One dispute.
#[derive(Clone, Debug, PartialEq)]
pub struct CrisisRecord {
    /// Its number within the replication, from 0, in the order disputes arose.
    pub id: u32,
    /// The year it arose and ended (0-based): a dispute runs its course within a year.
    pub year: u32,
    /// The state that raised it.
    pub challenger: u32,
    /// The state it was raised against.
    pub target: u32,
    /// Whether the scenario scripted it.
    pub scripted: bool,
    /// Its highest hostility level: 2 threat, 3 display, 4 use of force, 5 war.
    pub level: u8,
    /// How it ended.
    pub end: CrisisEnd,
    /// The number of the war it began, when it did.
    pub war: Option<u32>,
    /// Whether the two border each other.
    pub contiguous: bool,
    /// Kinds of active pact the two share.
    pub shared: Kinds,
    /// Kinds of active pact the challenger has with third parties.
    pub challenger_other: Kinds,
    /// Kinds of active pact the target has with third parties.
    pub target_other: Kinds,
    /// Whether the challenger is a great power.
    pub challenger_major: bool,
    /// Whether the target is a great power.
    pub target_major: bool,
    /// Whether the challenger backed down but would have pressed on had the
    /// target's pledged partners been left out (the metric `deterred_by_alliance`).
    pub deterred: bool,
    /// Third parties that publicly committed themselves to a side during the
    /// crisis, in the order the crisis weighed them.
    pub backers: Vec<Backer>,
}

/// A third party's public commitment in a crisis (ODD 7.4).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Backer {
    /// The state; for a bloc, the alliance whose remote members it stands for.
    pub state: u32,
    /// Whether it stands for an alliance's remote members rather than one state.
    pub bloc: bool,
    /// The side it committed to: 0 = the challenger's, 1 = the target's.
    pub side: u8,
}

/// Whether a pledge's terms applied to a call.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Applied {
    /// The partner was attacked (a defence pledge) or attacking a non-member
    /// (an offence pledge): the obligation applied.
    Yes,
    /// The partner was attacking, and the pledge does not cover a partner
    /// attacking (a defence pledge).
    PartnerAttacking,
    /// Neither (for example an offence pledge whose partner was attacked).
    Neither,
}

impl Applied {
    /// The word the records use.
    pub fn name(self) -> &'static str {
        match self {
            Applied::Yes => "applied",
            Applied::PartnerAttacking => "partner_attacking",
            Applied::Neither => "neither",
        }
    }
}

/// What a called ally did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Answer {
    /// Joined its partner's side.
    Honoured,
    /// Stayed out.
    StayedOut,
    /// Joined the other side.
    JoinedOtherSide,
    /// Could not answer: at war elsewhere.
    AtWar,
}

impl Answer {
    /// The word the records use.
    pub fn name(self) -> &'static str {
        match self {
            Answer::Honoured => "honoured",
            Answer::StayedOut => "stayed_out",
            Answer::JoinedOtherSide => "joined_other_side",
            Answer::AtWar => "at_war_elsewhere",
        }
    }
}

/// A call on an ally: a state with a pact of strength > 0 with a belligerent,
/// asked whether it will come in.
#[derive(Clone, Debug, PartialEq)]
pub struct CallRecord {
    /// The war's number within the replication.
    pub war: u32,
    /// The year (0-based).
    pub year: u32,
    /// The state called.
    pub state: u32,
    /// The alliance that called it.
    pub alliance: u32,
    /// The side its partner fights on (0 = the initiator's).
    pub partner_side: u8,
    /// Whether the pledge's terms applied.
    pub applied: Applied,
    /// What it did.
    pub answer: Answer,
}

/// One living state in one year, at the end of the year.
#[derive(Clone, Debug, PartialEq)]
pub struct StateYearRecord {
    /// The year (0-based).
    pub year: u32,
    /// The state.
    pub state: u32,
    /// Its capability.
    pub capability: f64,
    /// Its wealth.
    pub wealth: f64,
    /// Its military spending share.
    pub spending: f64,
    /// Whether it is a great power (at the start of the year).
    pub major: bool,
    /// Kinds of active pact it belongs to.
    pub pacts: Kinds,
    /// Whether it fought in a war during the year.
    pub at_war: bool,
}

/// One living state in a [`DyadYearFrame`].
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct FrameState {
    /// The state.
    pub state: u32,
    /// Its capability.
    pub capability: f64,
    /// Whether it is a great power.
    pub major: bool,
    /// The war it is fighting, if any (an identity, equal for the states of one war).
    pub war: Option<u32>,
    /// Its side in that war.
    pub side: u8,
}

/// The world of one year as the directed dyad-year records see it, at the start
/// of the year (before any crisis of the year), with the crises the year then
/// had. It is stored instead of the rows themselves, which it generates
/// ([`DyadYearFrame::rows`]): states² rows, from a frame that grows as states.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DyadYearFrame {
    /// The year (0-based).
    pub year: u32,
    /// The states alive at the start of the year, by state number.
    pub states: Vec<FrameState>,
    /// For each of `states`, where its entries of `pacts` and `borders` end.
    pub ends: Vec<(u32, u32)>,
    /// The active pacts of strength > 0 of each state (alliance numbers).
    pub pacts: Vec<u32>,
    /// The borders of each state (state numbers).
    pub borders: Vec<u32>,
    /// The crises of the year: challenger, target, highest level; sorted once
    /// the year is over.
    pub onsets: Vec<(u32, u32, u8)>,
}

/// One directed dyad in one year (a row of `dyad_years.csv`).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct DyadYear {
    /// The year (0-based).
    pub year: u32,
    /// The first state of the pair (the potential challenger).
    pub a: u32,
    /// The second (the potential target).
    pub b: u32,
    /// Whether they border each other.
    pub contiguous: bool,
    /// `a`'s capability over `b`'s.
    pub capability_ratio: f64,
    /// Kinds of pact the two share.
    pub shared: Kinds,
    /// Kinds of pact `a` has that `b` is not in.
    pub a_other: Kinds,
    /// Kinds of pact `b` has that `a` is not in.
    pub b_other: Kinds,
    /// Whether `a` and `b` are great powers.
    pub majors: [bool; 2],
    /// Whether they are fighting each other (in one war, on opposite sides).
    pub at_war: bool,
    /// The crises `a` raised against `b` in the year.
    pub crises: u32,
    /// The highest level of those crises (0 when none).
    pub level: u8,
}

impl DyadYearFrame {
    fn span(&self, k: usize) -> (std::ops::Range<usize>, std::ops::Range<usize>) {
        let (p0, b0) = if k == 0 { (0, 0) } else { self.ends[k - 1] };
        let (p1, b1) = self.ends[k];
        (p0 as usize..p1 as usize, b0 as usize..b1 as usize)
    }

    /// Every directed dyad of the year, `a` then `b` in state order; pact kinds
    /// come from `kind_of` (an alliance number to its kind; `None` adds none).
    pub fn rows<'a>(
        &'a self,
        kind_of: impl Fn(u32) -> Option<AllianceKind> + 'a,
    ) -> impl Iterator<Item = DyadYear> + 'a {
        let n = self.states.len();
        (0..n)
            .flat_map(move |x| (0..n).filter(move |&y| y != x).map(move |y| (x, y)))
            .map(move |(x, y)| {
                let (sa, sb) = (&self.states[x], &self.states[y]);
                let (pa, ba) = self.span(x);
                let (pb, _) = self.span(y);
                let (pacts_a, pacts_b) = (&self.pacts[pa], &self.pacts[pb]);
                let mut shared = Kinds::default();
                let mut a_other = Kinds::default();
                let mut b_other = Kinds::default();
                for &p in pacts_a {
                    if pacts_b.contains(&p) {
                        shared.add_some(kind_of(p));
                    } else {
                        a_other.add_some(kind_of(p));
                    }
                }
                for &p in pacts_b {
                    if !pacts_a.contains(&p) {
                        b_other.add_some(kind_of(p));
                    }
                }
                let pair = (sa.state, sb.state);
                let first = self.onsets.partition_point(|&(c, t, _)| (c, t) < pair);
                let (mut crises, mut level) = (0, 0);
                for &(_, _, l) in self.onsets[first..]
                    .iter()
                    .take_while(|&&(c, t, _)| (c, t) == pair)
                {
                    crises += 1;
                    level = level.max(l);
                }
                DyadYear {
                    year: self.year,
                    a: sa.state,
                    b: sb.state,
                    contiguous: self.borders[ba].contains(&sb.state),
                    capability_ratio: sa.capability / sb.capability,
                    shared,
                    a_other,
                    b_other,
                    majors: [sa.major, sb.major],
                    at_war: sa.war.is_some() && sa.war == sb.war && sa.side != sb.side,
                    crises,
                    level,
                }
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frame() -> DyadYearFrame {
        let state = |state, capability, war, side| FrameState {
            state,
            capability,
            major: state == 0,
            war,
            side,
        };
        DyadYearFrame {
            year: 6,
            // States 0, 2 and 5 alive; 0 and 5 fight each other, 2 is out.
            states: vec![
                state(0, 3.0, Some(1), 0),
                state(2, 1.5, None, u8::MAX),
                state(5, 1.0, Some(1), 1),
            ],
            // 0 is in pact 3; 2 in pacts 3 and 7; 5 in none. 0 borders 2 and 5.
            ends: vec![(1, 2), (3, 3), (3, 4)],
            pacts: vec![3, 3, 7],
            borders: vec![2, 5, 0, 0],
            onsets: vec![(0, 2, 3), (0, 2, 4), (5, 0, 2)],
        }
    }

    #[test]
    fn dyad_years_pair_every_living_state_with_every_other() {
        let f = frame();
        let kind = |a: u32| match a {
            3 => Some(AllianceKind::Defense),
            7 => Some(AllianceKind::Entente),
            _ => None,
        };
        let rows: Vec<DyadYear> = f.rows(kind).collect();
        let pairs: Vec<(u32, u32)> = rows.iter().map(|d| (d.a, d.b)).collect();
        assert_eq!(pairs, [(0, 2), (0, 5), (2, 0), (2, 5), (5, 0), (5, 2)]);
        let (defense, entente) = (Kinds(1), Kinds(8));
        let d = rows[0];
        assert_eq!(
            (d.year, d.contiguous, d.capability_ratio, d.majors),
            (6, true, 2.0, [true, false])
        );
        assert_eq!(
            (d.shared, d.a_other, d.b_other),
            (defense, Kinds(0), entente)
        );
        // Two crises from 0 against 2, the higher at level 4; none the other way.
        assert_eq!((d.crises, d.level, d.at_war), (2, 4, false));
        assert_eq!((rows[2].crises, rows[2].level), (0, 0));
        // 0 and 5 are at war with each other; 2 and 5 are not, and do not border.
        assert!(rows[1].at_war && rows[4].at_war && !rows[3].at_war);
        assert!(!rows[3].contiguous && rows[4].contiguous);
        assert_eq!((rows[4].crises, rows[4].level), (1, 2));
        assert_eq!((rows[2].a_other, rows[2].b_other), (entente, Kinds(0)));
    }
}
