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

/// The kinds of pact, as a set (bit `k` for [`AllianceKind`] number `k`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Kinds(pub u8);

impl Kinds {
    /// The bit of one kind.
    pub fn bit(kind: AllianceKind) -> u8 {
        match kind {
            AllianceKind::Defense => 1,
            AllianceKind::Offense => 2,
            AllianceKind::Neutrality => 4,
            AllianceKind::Entente => 8,
        }
    }

    /// Adds a kind.
    pub fn add(&mut self, kind: AllianceKind) {
        self.0 |= Self::bit(kind);
    }

    /// The kinds in the set, in a fixed order.
    pub fn kinds(self) -> impl Iterator<Item = AllianceKind> {
        [
            AllianceKind::Defense,
            AllianceKind::Offense,
            AllianceKind::Neutrality,
            AllianceKind::Entente,
        ]
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
}

/// Whether a pledge's terms applied to a call.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Applied {
    /// The partner was attacked (a defence pledge) or attacking a non-member
    /// (an offence pledge): the obligation applied.
    Yes,
    /// The partner was attacking, and the pledge is a defence pledge.
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
