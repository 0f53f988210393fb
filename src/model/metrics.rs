//! The metrics a replication reports, under the names fixed by the design.
//!
//! A replication keeps raw tallies (counts, numerators and denominators, and
//! sums of level readings). The same function turns a year's tally into that
//! year's metrics and a whole run's summed tally into the run's metrics, so a
//! run-level rate is a ratio of totals (wars per 100 state-years over the run),
//! never a mean of yearly ratios. A ratio with nothing to divide is NaN here,
//! which the aggregation leaves out (it is "absent", not zero).

/// How a metric is built from a tally.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MetricKind {
    /// A number of events: summed over the run.
    Count,
    /// A ratio of two counts: a ratio of totals over the run.
    Rate,
    /// A reading of the system's state at the end of a year: averaged over the run's years.
    Level,
}

/// A metric, declared once: its name, how it aggregates, its unit, what it
/// measures in English and Indonesian, and how a tally gives it. The CSV
/// columns, the units in tables, the chart text and the docs check all come
/// from here; adding a metric is one entry and the code that counts it.
#[derive(Clone, Copy, Debug)]
pub struct MetricDef {
    /// The fixed column name.
    pub name: &'static str,
    /// How it aggregates over a run.
    pub kind: MetricKind,
    /// Its unit, as tables print it (e.g. `wars per 100 state-years`).
    pub unit: &'static str,
    /// One line on what it measures.
    pub doc: &'static str,
    /// The same line in Bahasa Indonesia.
    pub doc_id: &'static str,
    /// A short name in Bahasa Indonesia, for chart titles (English titles show
    /// the column name in words).
    pub name_id: &'static str,
    /// Its value from a tally (a year's or a whole run's); NaN when absent.
    pub value: fn(&Tally) -> f64,
}

use MetricKind::{Count, Level, Rate};

/// Every metric, in output order.
pub const METRICS: &[MetricDef] = &[
    MetricDef {
        name: "wars_started",
        kind: Count,
        unit: "wars per run",
        doc: "wars begun",
        doc_id: "perang yang dimulai",
        name_id: "Perang yang dimulai",
        value: |t| t.wars,
    },
    MetricDef {
        name: "war_onset_rate",
        kind: Rate,
        unit: "wars per 100 state-years",
        doc: "wars begun per 100 state-years",
        doc_id: "perang yang dimulai per 100 negara-tahun",
        name_id: "Laju pecahnya perang",
        value: |t| ratio(t.wars, t.state_years, 100.0),
    },
    MetricDef {
        name: "disputes",
        kind: Count,
        unit: "disputes per run",
        doc: "disputes that arose",
        doc_id: "sengketa yang muncul",
        name_id: "Sengketa",
        value: |t| t.disputes,
    },
    MetricDef {
        name: "disputes_settled",
        kind: Count,
        unit: "disputes per run",
        doc: "disputes that ended short of war (negotiated, the target gave in, or the challenger backed down)",
        doc_id: "sengketa yang berakhir tanpa perang (dirundingkan, sasaran mengalah, atau penantang mundur)",
        name_id: "Sengketa yang selesai tanpa perang",
        value: |t| t.disputes_peaceful,
    },
    MetricDef {
        name: "disputes_negotiated",
        kind: Count,
        unit: "disputes per run",
        doc: "disputes settled by negotiation, at any rung",
        doc_id: "sengketa yang diselesaikan lewat perundingan",
        name_id: "Sengketa yang dirundingkan",
        value: |t| t.disputes_negotiated,
    },
    MetricDef {
        name: "attack_rate_allied",
        kind: Rate,
        unit: "wars per 100 allied state-years",
        doc: "wars begun against targets with a defensive ally, per 100 such state-years",
        doc_id: "perang yang dimulai terhadap sasaran yang punya sekutu pertahanan, per 100 negara-tahun seperti itu",
        name_id: "Laju serangan atas negara bersekutu",
        value: |t| ratio(t.allied_attacked, t.allied_years, 100.0),
    },
    MetricDef {
        name: "attack_rate_unallied",
        kind: Rate,
        unit: "wars per 100 unallied state-years",
        doc: "wars begun against targets without a defensive ally, per 100 such state-years",
        doc_id: "perang yang dimulai terhadap sasaran tanpa sekutu pertahanan, per 100 negara-tahun seperti itu",
        name_id: "Laju serangan atas negara tanpa sekutu",
        value: |t| ratio(t.unallied_attacked, t.unallied_years, 100.0),
    },
    MetricDef {
        name: "deterred_by_alliance",
        kind: Count,
        unit: "disputes per run",
        doc: "crises in which the challenger backed down but would have pressed on, had the target no pledged allies",
        doc_id: "krisis yang penantangnya mundur padahal akan terus menekan seandainya sasaran tidak punya sekutu yang berjanji membela",
        name_id: "Krisis yang tertangkal oleh aliansi",
        value: |t| t.deterred,
    },
    MetricDef {
        name: "emboldened_by_alliance",
        kind: Count,
        unit: "wars per run",
        doc: "wars begun that would not have been, had the target no pledged allies",
        doc_id: "perang yang dimulai padahal tidak akan dimulai seandainya sasaran tidak punya sekutu yang berjanji membela",
        name_id: "Perang yang dipicu keberanian karena aliansi",
        value: |t| t.emboldened,
    },
    MetricDef {
        name: "alliance_calls",
        kind: Count,
        unit: "calls per run",
        doc: "allies called to a war by a pledge whose terms applied (each ally once per war)",
        doc_id: "berapa kali sekutu dipanggil untuk ikut berperang",
        name_id: "Panggilan aliansi",
        value: |t| t.calls,
    },
    MetricDef {
        name: "calls_honoured",
        kind: Count,
        unit: "calls per run",
        doc: "calls answered by joining the partner's side",
        doc_id: "panggilan yang dipenuhi dengan ikut berperang",
        name_id: "Panggilan yang dipenuhi",
        value: |t| t.honoured,
    },
    MetricDef {
        name: "honour_rate",
        kind: Rate,
        unit: "share of alliance calls honoured",
        doc: "share of calls honoured",
        doc_id: "porsi panggilan yang dipenuhi",
        name_id: "Tingkat pemenuhan janji aliansi",
        value: |t| ratio(t.honoured, t.calls, 1.0),
    },
    MetricDef {
        name: "mean_war_size",
        kind: Rate,
        unit: "states per war",
        doc: "states that took part per war, over wars that ended",
        doc_id: "jumlah negara yang terlibat per perang",
        name_id: "Rerata ukuran perang",
        value: |t| ratio(t.war_participants, t.wars_ended, 1.0),
    },
    MetricDef {
        name: "misjudged_wars",
        kind: Count,
        unit: "wars per run",
        doc: "wars the initiator lost although it expected to win",
        doc_id: "perang yang pemulainya kalah padahal ia memperkirakan menang",
        name_id: "Perang karena salah perhitungan",
        value: |t| t.misjudged,
    },
    MetricDef {
        name: "spending_share_members",
        kind: Level,
        unit: "share of wealth",
        doc: "mean military spending share of wealth, alliance members",
        doc_id: "rerata porsi kekayaan untuk belanja militer, anggota aliansi",
        name_id: "Belanja militer anggota aliansi",
        value: |t| t.spending_members.value(),
    },
    MetricDef {
        name: "spending_share_nonmembers",
        kind: Level,
        unit: "share of wealth",
        doc: "mean military spending share of wealth, states in no alliance",
        doc_id: "rerata porsi kekayaan untuk belanja militer, negara tanpa aliansi",
        name_id: "Belanja militer negara tanpa aliansi",
        value: |t| t.spending_nonmembers.value(),
    },
    MetricDef {
        name: "largest_power_share",
        kind: Level,
        unit: "share of capability",
        doc: "largest state's share of total capability",
        doc_id: "porsi negara terkuat atas seluruh kapabilitas",
        name_id: "Porsi negara terkuat",
        value: |t| t.largest_share.value(),
    },
    MetricDef {
        name: "capability_hhi",
        kind: Level,
        unit: "index from 0 to 1",
        doc: "Herfindahl–Hirschman index of capability shares",
        doc_id: "indeks Herfindahl–Hirschman porsi kapabilitas",
        name_id: "Indeks konsentrasi kapabilitas (HHI)",
        value: |t| t.hhi.value(),
    },
    MetricDef {
        name: "states_alive",
        kind: Level,
        unit: "states",
        doc: "states not conquered",
        doc_id: "negara yang tidak ditaklukkan",
        name_id: "Negara yang bertahan",
        value: |t| t.alive.value(),
    },
    MetricDef {
        name: "mean_trust",
        kind: Level,
        unit: "trust from 0 to 1",
        doc: "mean trust of members toward their alliances",
        doc_id: "rerata kepercayaan anggota terhadap aliansinya",
        name_id: "Rerata kepercayaan pada aliansi",
        value: |t| t.trust.value(),
    },
    MetricDef {
        name: "member_disputes",
        kind: Count,
        unit: "disputes per run",
        doc: "disputes between members of one alliance",
        doc_id: "sengketa antara sesama anggota satu aliansi",
        name_id: "Sengketa antaranggota",
        value: |t| t.member_disputes,
    },
    MetricDef {
        name: "member_wars",
        kind: Count,
        unit: "wars per run",
        doc: "wars begun between members of one alliance",
        doc_id: "perang yang dimulai antara sesama anggota satu aliansi",
        name_id: "Perang antaranggota",
        value: |t| t.member_wars,
    },
    MetricDef {
        name: "member_dispute_war_share",
        kind: Rate,
        unit: "share of disputes",
        doc: "share of disputes between members that became wars",
        doc_id: "porsi sengketa antaranggota yang menjadi perang",
        name_id: "Porsi sengketa antaranggota yang menjadi perang",
        value: |t| ratio(t.member_wars, t.member_disputes, 1.0),
    },
    MetricDef {
        name: "neighbour_wars",
        kind: Count,
        unit: "wars per run",
        doc: "wars begun between bordering states",
        doc_id: "perang yang dimulai antara negara yang berbatasan",
        name_id: "Perang antartetangga",
        value: |t| t.neighbour_wars,
    },
    MetricDef {
        name: "defender_win_rate",
        kind: Rate,
        unit: "share of wars",
        doc: "share of wars that ended won by the target's side",
        doc_id: "porsi perang yang dimenangkan pihak sasaran",
        name_id: "Tingkat kemenangan pihak sasaran",
        value: |t| ratio(t.defender_wins, t.wars_ended, 1.0),
    },
    MetricDef {
        name: "initiator_win_rate_vs_allied",
        kind: Rate,
        unit: "share of wars",
        doc: "share of wars against targets with a defensive ally won by the initiator's side",
        doc_id: "porsi perang melawan sasaran bersekutu yang dimenangkan pihak pemulai",
        name_id: "Kemenangan pemulai melawan sasaran bersekutu",
        value: |t| ratio(t.initiator_wins_vs_allied, t.wars_vs_allied, 1.0),
    },
    MetricDef {
        name: "wars_3plus",
        kind: Count,
        unit: "wars per run",
        doc: "wars with three or more participants",
        doc_id: "perang dengan tiga negara atau lebih",
        name_id: "Perang tiga negara atau lebih",
        value: |t| t.wars_3plus,
    },
    MetricDef {
        name: "wars_5plus",
        kind: Count,
        unit: "wars per run",
        doc: "wars with five or more participants",
        doc_id: "perang dengan lima negara atau lebih",
        name_id: "Perang lima negara atau lebih",
        value: |t| t.wars_5plus,
    },
    MetricDef {
        name: "state_deaths",
        kind: Count,
        unit: "states per run",
        doc: "states conquered",
        doc_id: "negara yang ditaklukkan",
        name_id: "Negara yang ditaklukkan",
        value: |t| t.state_deaths,
    },
    MetricDef {
        name: "member_initiation_rate",
        kind: Rate,
        unit: "wars per 100 member state-years",
        doc: "wars begun by alliance members per 100 member state-years",
        doc_id: "perang yang dimulai oleh anggota aliansi per 100 negara-tahun anggota",
        name_id: "Laju anggota aliansi memulai perang",
        value: |t| ratio(t.member_initiations, t.member_years, 100.0),
    },
    MetricDef {
        name: "nonmember_initiation_rate",
        kind: Rate,
        unit: "wars per 100 non-member state-years",
        doc: "wars begun by states in no alliance per 100 such state-years",
        doc_id: "perang yang dimulai oleh negara tanpa aliansi per 100 negara-tahun seperti itu",
        name_id: "Laju negara tanpa aliansi memulai perang",
        value: |t| ratio(t.nonmember_initiations, t.nonmember_years, 100.0),
    },
    MetricDef {
        name: "mean_wealth",
        kind: Level,
        unit: "wealth, in the scenario's units",
        doc: "mean wealth of living states",
        doc_id: "rerata kekayaan negara yang masih ada",
        name_id: "Rerata kekayaan",
        value: |t| t.wealth.value(),
    },
    MetricDef {
        name: "signatory_attack_rate",
        kind: Rate,
        unit: "wars per 100 signatory state-years",
        doc: "wars begun against signatories by states they signed no pact with, per 100 signatory state-years",
        doc_id: "perang yang dimulai terhadap negara penanda tangan pakta oleh negara yang tidak sepakta dengannya, per 100 negara-tahun penanda tangan",
        name_id: "Laju serangan atas penanda tangan pakta",
        value: |t| ratio(t.signatory_attacked, t.signatory_years, 100.0),
    },
    MetricDef {
        name: "signatory_initiation_rate",
        kind: Rate,
        unit: "wars per 100 signatory state-years",
        doc: "wars begun by signatories per 100 signatory state-years",
        doc_id: "perang yang dimulai oleh negara penanda tangan pakta per 100 negara-tahun penanda tangan",
        name_id: "Laju penanda tangan pakta memulai perang",
        value: |t| ratio(t.signatory_initiations, t.signatory_years, 100.0),
    },
    MetricDef {
        name: "spending_share_signatories",
        kind: Level,
        unit: "share of wealth",
        doc: "mean military spending share of signatories",
        doc_id: "rerata porsi belanja militer negara penanda tangan pakta",
        name_id: "Belanja militer penanda tangan pakta",
        value: |t| t.spending_signatories.value(),
    },
    MetricDef {
        name: "spending_share_others",
        kind: Level,
        unit: "share of wealth",
        doc: "mean military spending share of states that signed no pact",
        doc_id: "rerata porsi belanja militer negara yang tidak menandatangani pakta",
        name_id: "Belanja militer negara tanpa pakta",
        value: |t| t.spending_others.value(),
    },
    MetricDef {
        name: "size_spending_correlation",
        kind: Level,
        unit: "correlation from -1 to 1",
        doc: "correlation, over alliance memberships, of a member's share of its alliance's capability and its spending share",
        doc_id: "korelasi, atas keanggotaan aliansi, antara porsi kapabilitas anggota dalam aliansinya dan porsi belanja militernya",
        name_id: "Korelasi ukuran anggota dan belanja militer",
        value: |t| t.size_spending.value(),
    },
    MetricDef {
        name: "crises",
        kind: Count,
        unit: "crises per run",
        doc: "scripted crises that took place (both states alive and not at war in the crisis year)",
        doc_id: "krisis terjadwal yang terjadi",
        name_id: "Krisis terjadwal",
        value: |t| t.crises,
    },
    MetricDef {
        name: "crisis_wars",
        kind: Count,
        unit: "crises that became wars, per run",
        doc: "scripted crises that became wars",
        doc_id: "krisis terjadwal yang menjadi perang",
        name_id: "Krisis terjadwal yang menjadi perang",
        value: |t| t.crisis_wars,
    },
    MetricDef {
        name: "crisis_war_size",
        kind: Rate,
        unit: "states per crisis war",
        doc: "participants per war begun by a scripted crisis, over those that ended",
        doc_id: "negara yang ikut per perang yang berawal dari krisis terjadwal",
        name_id: "Ukuran perang dari krisis terjadwal",
        value: |t| ratio(t.crisis_war_participants, t.crisis_wars_ended, 1.0),
    },
    MetricDef {
        name: "war_years",
        kind: Rate,
        unit: "state-years at war per 100 state-years",
        doc: "years states spent at war per 100 state-years (a war of three states lasting two years counts six)",
        doc_id: "tahun yang dijalani negara dalam perang per 100 negara-tahun (perang tiga negara selama dua tahun dihitung enam)",
        name_id: "Tahun perang",
        value: |t| ratio(t.war_state_years, t.state_years, 100.0),
    },
    MetricDef {
        name: "dispute_onset_rate",
        kind: Rate,
        unit: "disputes per 100 state-years",
        doc: "disputes (militarized crises, at least a threat) that arose per 100 state-years",
        doc_id: "sengketa (krisis militer, sekurang-kurangnya ancaman) yang muncul per 100 negara-tahun",
        name_id: "Laju munculnya sengketa",
        value: |t| ratio(t.disputes, t.state_years, 100.0),
    },
    MetricDef {
        name: "disputes_threat",
        kind: Count,
        unit: "disputes per run",
        doc: "disputes whose highest level was a threat (hostility level 2)",
        doc_id: "sengketa yang tingkat tertingginya ancaman (tingkat permusuhan 2)",
        name_id: "Sengketa berhenti di ancaman",
        value: |t| t.by_level[0],
    },
    MetricDef {
        name: "disputes_display",
        kind: Count,
        unit: "disputes per run",
        doc: "disputes whose highest level was a display of force (hostility level 3)",
        doc_id: "sengketa yang tingkat tertingginya unjuk kekuatan (tingkat permusuhan 3)",
        name_id: "Sengketa berhenti di unjuk kekuatan",
        value: |t| t.by_level[1],
    },
    MetricDef {
        name: "disputes_force",
        kind: Count,
        unit: "disputes per run",
        doc: "disputes whose highest level was a use of force short of war (hostility level 4)",
        doc_id: "sengketa yang tingkat tertingginya penggunaan kekuatan di bawah perang (tingkat permusuhan 4)",
        name_id: "Sengketa berhenti di penggunaan kekuatan",
        value: |t| t.by_level[2],
    },
    MetricDef {
        name: "dispute_war_share",
        kind: Rate,
        unit: "share of disputes",
        doc: "share of disputes that became wars (hostility level 5)",
        doc_id: "porsi sengketa yang menjadi perang (tingkat permusuhan 5)",
        name_id: "Porsi sengketa yang menjadi perang",
        value: |t| ratio(t.wars, t.disputes, 1.0),
    },
    MetricDef {
        name: "concessions",
        kind: Count,
        unit: "disputes per run",
        doc: "disputes in which the target gave in",
        doc_id: "sengketa yang sasarannya mengalah",
        name_id: "Sasaran yang mengalah",
        value: |t| t.concessions,
    },
    MetricDef {
        name: "wars_ended",
        kind: Count,
        unit: "wars per run",
        doc: "wars that ended (one side beaten or giving up)",
        doc_id: "perang yang berakhir (satu pihak kalah atau menyerah)",
        name_id: "Perang yang berakhir",
        value: |t| t.wars_ended,
    },
    MetricDef {
        name: "mean_war_duration",
        kind: Rate,
        unit: "years per war",
        doc: "years of fighting per war, over wars that ended",
        doc_id: "lama pertempuran dalam tahun per perang, atas perang yang berakhir",
        name_id: "Rerata lama perang",
        value: |t| ratio(t.war_duration, t.wars_ended, 1.0),
    },
    MetricDef {
        name: "late_joiners",
        kind: Count,
        unit: "states per run",
        doc: "states that entered a war after its first year",
        doc_id: "negara yang masuk ke sebuah perang setelah tahun pertamanya",
        name_id: "Negara yang masuk perang belakangan",
        value: |t| t.late_joiners,
    },
    MetricDef {
        name: "late_joined_war_share",
        kind: Rate,
        unit: "share of wars",
        doc: "share of wars that ended in which some state entered after the first year",
        doc_id: "porsi perang yang berakhir yang dimasuki suatu negara setelah tahun pertamanya",
        name_id: "Porsi perang dengan peserta yang masuk belakangan",
        value: |t| ratio(t.wars_late_joined, t.wars_ended, 1.0),
    },
    MetricDef {
        name: "abandonments",
        kind: Count,
        unit: "calls per run",
        doc: "calls answered by staying out",
        doc_id: "panggilan yang dijawab dengan tidak ikut berperang",
        name_id: "Sekutu yang tidak ikut berperang",
        value: |t| t.abandonments,
    },
    MetricDef {
        name: "joins_against_partner",
        kind: Count,
        unit: "calls per run",
        doc: "calls answered by joining the other side, against the partner",
        doc_id: "panggilan yang dijawab dengan bergabung ke pihak lawan, melawan sekutunya sendiri",
        name_id: "Sekutu yang berbalik melawan mitranya",
        value: |t| t.joins_against_partner,
    },
];

/// The metrics printed and charted by default after an experiment.
pub const HEADLINE: &[&str] = &[
    "war_onset_rate",
    "dispute_onset_rate",
    "attack_rate_allied",
    "attack_rate_unallied",
    "deterred_by_alliance",
    "honour_rate",
    "mean_war_size",
    "mean_war_duration",
    "misjudged_wars",
    "spending_share_members",
    "spending_share_nonmembers",
    "largest_power_share",
    "states_alive",
];

/// Number of metrics.
pub const METRIC_COUNT: usize = METRICS.len();

/// Index of a metric by name.
pub fn metric_index(name: &str) -> Option<usize> {
    METRICS.iter().position(|m| m.name == name)
}

/// A level reading: its sum and how many readings it holds (0 = absent).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Reading {
    sum: f64,
    n: f64,
}

impl Reading {
    /// One reading of `x`, or an absent one when `x` is not finite.
    pub fn of(x: f64) -> Self {
        if x.is_finite() {
            Reading { sum: x, n: 1.0 }
        } else {
            Reading::default()
        }
    }

    fn add(&mut self, other: Reading) {
        self.sum += other.sum;
        self.n += other.n;
    }

    fn value(self) -> f64 {
        ratio(self.sum, self.n, 1.0)
    }
}

/// Raw counts and readings of one year, or (summed) of a whole run.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Tally {
    /// Living states at the start of the year.
    pub state_years: f64,
    /// Wars begun.
    pub wars: f64,
    /// Disputes that arose.
    pub disputes: f64,
    /// Disputes that ended without war.
    pub disputes_peaceful: f64,
    /// Disputes settled by negotiation.
    pub disputes_negotiated: f64,
    /// State-years of states with a defensive ally.
    pub allied_years: f64,
    /// Wars begun against states with a defensive ally.
    pub allied_attacked: f64,
    /// State-years of states without a defensive ally.
    pub unallied_years: f64,
    /// Wars begun against states without a defensive ally.
    pub unallied_attacked: f64,
    /// Challenges deterred by the target's expected allies.
    pub deterred: f64,
    /// Challenges launched only because of alliances.
    pub emboldened: f64,
    /// Alliance calls.
    pub calls: f64,
    /// Alliance calls honoured.
    pub honoured: f64,
    /// Participants summed over wars that ended.
    pub war_participants: f64,
    /// Wars the initiator lost although it expected to win.
    pub misjudged: f64,
    /// Disputes between co-members.
    pub member_disputes: f64,
    /// Wars between co-members.
    pub member_wars: f64,
    /// Wars between bordering states.
    pub neighbour_wars: f64,
    /// Wars won by the target's side.
    pub defender_wins: f64,
    /// Wars against targets with a defensive ally.
    pub wars_vs_allied: f64,
    /// Of those, wars won by the initiator's side.
    pub initiator_wins_vs_allied: f64,
    /// Wars with three or more participants.
    pub wars_3plus: f64,
    /// Wars with five or more participants.
    pub wars_5plus: f64,
    /// States conquered.
    pub state_deaths: f64,
    /// State-years of alliance members.
    pub member_years: f64,
    /// Wars begun by alliance members.
    pub member_initiations: f64,
    /// State-years of states in no alliance.
    pub nonmember_years: f64,
    /// Wars begun by states in no alliance.
    pub nonmember_initiations: f64,
    /// State-years of signatories (states that signed a pact in the scenario as written).
    pub signatory_years: f64,
    /// Wars begun against signatories by states they signed no pact with.
    pub signatory_attacked: f64,
    /// Wars begun by signatories.
    pub signatory_initiations: f64,
    /// Mean spending share of signatories.
    pub spending_signatories: Reading,
    /// Mean spending share of other states.
    pub spending_others: Reading,
    /// Scripted crises that took place.
    pub crises: f64,
    /// Scripted crises that became wars.
    pub crisis_wars: f64,
    /// Participants summed over wars begun by scripted crises.
    pub crisis_war_participants: f64,
    /// Mean spending share of members.
    pub spending_members: Reading,
    /// Mean spending share of non-members.
    pub spending_nonmembers: Reading,
    /// Largest capability share.
    pub largest_share: Reading,
    /// Capability HHI.
    pub hhi: Reading,
    /// Living states.
    pub alive: Reading,
    /// Mean trust.
    pub trust: Reading,
    /// Mean wealth.
    pub wealth: Reading,
    /// Size–spending correlation within alliances.
    pub size_spending: Reading,
    /// States at war during the year (living at its end, or conquered in it).
    pub war_state_years: f64,
    /// Disputes that ended short of war at a threat, a display and a use of force.
    pub by_level: [f64; 3],
    /// Disputes in which the target gave in.
    pub concessions: f64,
    /// Wars that ended.
    pub wars_ended: f64,
    /// Years of fighting summed over wars that ended.
    pub war_duration: f64,
    /// Wars that ended in which someone entered after the first year.
    pub wars_late_joined: f64,
    /// States that entered a war after its first year.
    pub late_joiners: f64,
    /// Calls answered by staying out.
    pub abandonments: f64,
    /// Calls answered by joining the other side.
    pub joins_against_partner: f64,
    /// Wars begun by scripted crises that ended.
    pub crisis_wars_ended: f64,
}

fn ratio(num: f64, den: f64, scale: f64) -> f64 {
    if den > 0.0 {
        scale * num / den
    } else {
        f64::NAN
    }
}

impl Tally {
    /// Adds another tally (a later year) to this one.
    pub fn add(&mut self, o: &Tally) {
        self.state_years += o.state_years;
        self.wars += o.wars;
        self.disputes += o.disputes;
        self.disputes_peaceful += o.disputes_peaceful;
        self.disputes_negotiated += o.disputes_negotiated;
        self.allied_years += o.allied_years;
        self.allied_attacked += o.allied_attacked;
        self.unallied_years += o.unallied_years;
        self.unallied_attacked += o.unallied_attacked;
        self.deterred += o.deterred;
        self.emboldened += o.emboldened;
        self.calls += o.calls;
        self.honoured += o.honoured;
        self.war_participants += o.war_participants;
        self.misjudged += o.misjudged;
        self.member_disputes += o.member_disputes;
        self.member_wars += o.member_wars;
        self.neighbour_wars += o.neighbour_wars;
        self.defender_wins += o.defender_wins;
        self.wars_vs_allied += o.wars_vs_allied;
        self.initiator_wins_vs_allied += o.initiator_wins_vs_allied;
        self.wars_3plus += o.wars_3plus;
        self.wars_5plus += o.wars_5plus;
        self.state_deaths += o.state_deaths;
        self.member_years += o.member_years;
        self.member_initiations += o.member_initiations;
        self.nonmember_years += o.nonmember_years;
        self.nonmember_initiations += o.nonmember_initiations;
        self.signatory_years += o.signatory_years;
        self.signatory_attacked += o.signatory_attacked;
        self.signatory_initiations += o.signatory_initiations;
        self.spending_signatories.add(o.spending_signatories);
        self.spending_others.add(o.spending_others);
        self.crises += o.crises;
        self.crisis_wars += o.crisis_wars;
        self.crisis_war_participants += o.crisis_war_participants;
        self.spending_members.add(o.spending_members);
        self.spending_nonmembers.add(o.spending_nonmembers);
        self.largest_share.add(o.largest_share);
        self.hhi.add(o.hhi);
        self.alive.add(o.alive);
        self.trust.add(o.trust);
        self.wealth.add(o.wealth);
        self.size_spending.add(o.size_spending);
        self.war_state_years += o.war_state_years;
        for (a, b) in self.by_level.iter_mut().zip(o.by_level) {
            *a += b;
        }
        self.concessions += o.concessions;
        self.wars_ended += o.wars_ended;
        self.war_duration += o.war_duration;
        self.wars_late_joined += o.wars_late_joined;
        self.late_joiners += o.late_joiners;
        self.abandonments += o.abandonments;
        self.joins_against_partner += o.joins_against_partner;
        self.crisis_wars_ended += o.crisis_wars_ended;
    }

    /// The metrics of this tally, in [`METRICS`] order; absent values are NaN.
    pub fn values(&self, out: &mut [f64]) {
        for (o, m) in out.iter_mut().zip(METRICS) {
            *o = (m.value)(self);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_include_the_fixed_ones() {
        let fixed = [
            "wars_started",
            "war_onset_rate",
            "disputes",
            "disputes_settled",
            "attack_rate_allied",
            "attack_rate_unallied",
            "deterred_by_alliance",
            "alliance_calls",
            "calls_honoured",
            "honour_rate",
            "mean_war_size",
            "misjudged_wars",
            "spending_share_members",
            "spending_share_nonmembers",
            "largest_power_share",
            "capability_hhi",
            "states_alive",
            "mean_trust",
        ];
        for f in fixed {
            assert!(metric_index(f).is_some(), "{f} missing");
        }
        let mut names: Vec<&str> = METRICS.iter().map(|m| m.name).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), METRIC_COUNT);
    }

    #[test]
    fn docs_list_every_metric_with_its_kind() {
        let odd = include_str!("../../docs/ODD.md");
        for m in METRICS {
            let kind = match m.kind {
                Count => "count",
                Rate => "rate",
                Level => "level",
            };
            let row = format!("| `{}` | {kind} |", m.name);
            assert!(odd.contains(&row), "docs/ODD.md lacks the row {row}");
        }
    }

    #[test]
    fn run_rates_are_ratios_of_totals_and_empty_ratios_are_absent() {
        let y1 = Tally {
            state_years: 10.0,
            wars: 1.0,
            calls: 0.0,
            ..Tally::default()
        };
        let y2 = Tally {
            state_years: 30.0,
            wars: 1.0,
            calls: 4.0,
            honoured: 3.0,
            ..Tally::default()
        };
        let mut v = [0.0; METRIC_COUNT];
        y1.values(&mut v);
        assert_eq!(v[metric_index("war_onset_rate").unwrap()], 10.0);
        assert!(v[metric_index("honour_rate").unwrap()].is_nan());
        let mut run = Tally::default();
        run.add(&y1);
        run.add(&y2);
        run.values(&mut v);
        assert_eq!(v[metric_index("war_onset_rate").unwrap()], 5.0);
        assert_eq!(v[metric_index("honour_rate").unwrap()], 0.75);
        assert_eq!(v[metric_index("wars_started").unwrap()], 2.0);
    }

    #[test]
    fn levels_average_over_years_that_have_them() {
        let y1 = Tally {
            trust: Reading::of(0.2),
            ..Tally::default()
        };
        let y2 = Tally {
            trust: Reading::of(f64::NAN),
            ..Tally::default()
        };
        let y3 = Tally {
            trust: Reading::of(0.6),
            ..Tally::default()
        };
        let mut run = Tally::default();
        for y in [&y1, &y2, &y3] {
            run.add(y);
        }
        let mut v = [0.0; METRIC_COUNT];
        run.values(&mut v);
        assert!((v[metric_index("mean_trust").unwrap()] - 0.4).abs() < 1e-12);
    }
}
