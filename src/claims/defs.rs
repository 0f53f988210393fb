//! The claims and counter-hypotheses, with the experiment that tests each.
//!
//! The IDs, claims and metrics follow the project's CLAIMS.md; the controls are
//! the switches of `docs/ODD.md` (a mechanism is off when its parameter is 0).

use crate::stats::Direction;

/// How a claim's experiment is built.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Design {
    /// Treatment: the scenario. Control: the scenario with these overrides.
    Switch(&'static [&'static str]),
    /// The scenario alone, its metric set against a fixed reference value.
    Reference(f64),
    /// Alliances at each reliability of [`RELIABILITY_POINTS`] against the same
    /// alliances with empty pledges ([`NO_PLEDGES`]) (K4).
    ReliabilitySweep,
}

/// One claim or counter-hypothesis and its experiment.
#[derive(Clone, Copy, Debug)]
pub struct ClaimDef {
    /// Stable ID (C1–C12, K1–K5).
    pub id: &'static str,
    /// The claim, as a testable statement.
    pub claim: &'static str,
    /// Where it comes from (the article's section, or the literature).
    pub source: &'static str,
    /// The metric read (a name from `model::METRICS`).
    pub metric: &'static str,
    /// The direction of the effect the claim predicts (treatment − control).
    pub direction: Direction,
    /// The experiment.
    pub design: Design,
    /// What the control is, in words.
    pub control: &'static str,
    /// The mechanism in the model that the experiment exercises.
    pub mechanism: &'static str,
    /// What the result depends on: the parameters and features to vary.
    pub depends: &'static str,
    /// The smallest effect that matters in the metric's own units, whatever
    /// the control: δ is the larger of this and `--min-effect` × |control|.
    /// Zero but for a metric whose reference is zero, where a share of it is
    /// no threshold at all (K5's correlation).
    pub min_abs: f64,
}

/// The smallest effect that matters, relative to the control's mean (δ; the
/// default of `claims --min-effect`).
pub const MIN_RELATIVE: f64 = 0.05;

/// Ratio metrics that are also reported pooled over every replication:
/// (metric, numerator, denominator). The metric itself is a mean of per-run
/// ratios; the pooled ratio weighs each run by its number of events, as the
/// literature's counts do (Leeds, Long & Mitchell 2000 count calls, not runs).
pub const POOLED: &[(&str, &str, &str)] = &[("honour_rate", "calls_honoured", "alliance_calls")];

/// The reliabilities at which K4 measures alliances against empty pledges.
pub const RELIABILITY_POINTS: &[&str] = &["0.0", "0.2", "0.4", "0.6", "0.8", "1.0"];

const NO_ALLIANCES: &[&str] = &["alliances=[]"];

/// The overrides that empty every pledge while keeping the alliances: at
/// reliability 0 a pact promises nothing (ODD 7.5), but its members still
/// trade, talk, settle and trust. Against this control an effect is what
/// alliances do *through their pledges*.
pub const NO_PLEDGES: &[&str] = &["alliances.*.reliability=0"];

impl ClaimDef {
    /// Whether the claim's effect is also measured through the pledge channel
    /// (against [`NO_PLEDGES`]): every claim whose control removes the alliances.
    pub fn reads_pledges(&self) -> bool {
        self.design == Design::Switch(NO_ALLIANCES)
    }
}

use Direction::{Decrease, Increase};

/// Every claim, in report order.
pub const CLAIMS: &[ClaimDef] = &[
    ClaimDef {
        id: "C1",
        claim: "Alliances deter would-be aggressors: signatories are attacked less often by outsiders",
        source: "article: introduction and summary",
        metric: "signatory_attack_rate",
        direction: Decrease,
        design: Design::Switch(NO_ALLIANCES),
        control: "the same world with every alliance removed",
        mechanism: "A challenger counts the help it expects the target's partners to bring (by pledge, trust, distance and the alliance's record) in its expected-utility calculation; `deterred_by_alliance` counts the challenges that expected help stopped.",
        depends: "alliance reliability, the partners' strength relative to challengers, perception noise, and how far partners are from the target",
        min_abs: 0.0,
    },
    ClaimDef {
        id: "C2",
        claim: "Threats are met collectively: allies called to a war mostly join it",
        source: "article: introduction, modern diplomacy",
        metric: "honour_rate",
        direction: Increase,
        design: Design::Reference(0.5),
        control: "a reference honour rate of one half",
        mechanism: "Each called partner weighs its pledge, its trust in the alliance, the reputation cost of abandonment, its own interest and the war's costs and odds, and joins or stays out. Leeds, Long & Mitchell (2000) found that about 75 % of commitments were honoured.",
        depends: "reliability, trust, commitment and reputation weights, war costs, and which alliances are challenged at all (challengers pick targets whose partners they expect to stay home)",
        min_abs: 0.0,
    },
    ClaimDef {
        id: "C3",
        claim: "Dialogue among members lowers misperception, so fewer wars are started by miscalculation",
        source: "article: continuous dialogue",
        metric: "misjudged_wars",
        direction: Decrease,
        design: Design::Switch(&["model.dialogue_clarity=0"]),
        control: "the same world with dialogue removing no perception error",
        mechanism: "Challengers see capabilities with log-normal error; dialogue shrinks the error between members, so a member misjudges its odds against another member less often.",
        depends: "perception noise, the alliances' dialogue levels, and how often members quarrel with each other at all",
        min_abs: 0.0,
    },
    ClaimDef {
        id: "C4",
        claim: "Alliances offer peaceful dispute settlement: disputes between members end without war more often",
        source: "article: dispute-settlement mechanisms",
        metric: "member_dispute_war_share",
        direction: Decrease,
        design: Design::Switch(&["model.alliance_settlement=0"]),
        control: "the same world without the alliances' settlement machinery",
        mechanism: "A dispute between members may be negotiated away with a chance that grows with the alliance's dialogue and the members' trust.",
        depends: "alliance_settlement, dialogue and trust levels, and the base settlement chance",
        min_abs: 0.0,
    },
    ClaimDef {
        id: "C5",
        claim: "Alliances build trust: trust grows among members and wars between them fall",
        source: "article: trust and mutual understanding",
        metric: "member_wars",
        direction: Decrease,
        design: Design::Switch(&["model.trust_learning=0", "model.trust_from_conflict=0"]),
        control: "the same world with trust fixed at its initial value",
        mechanism: "Trust rises when calls are honoured and disputes settled, and falls when partners abandon each other or fight; trust lowers the chance of disputes between members and raises the chance of settling them.",
        depends: "how often pledges are honoured (trust can fall as well as rise), trust_learning, trust_from_conflict and trust_dampening",
        min_abs: 0.0,
    },
    ClaimDef {
        id: "C6",
        claim: "Pooling, joint exercises and shared technology raise defence: defenders win more often",
        source: "article: pooled resources and interoperability",
        metric: "defender_win_rate",
        direction: Increase,
        design: Design::Switch(&["model.integration_gain=0"]),
        control: "the same world without the gain from military integration",
        mechanism: "Members fighting beside integrated partners count for more in combat; challengers anticipate it.",
        depends: "integration levels and integration_gain, and whether anticipated strength deters the attacks defenders would have won",
        min_abs: 0.0,
    },
    ClaimDef {
        id: "C7",
        claim: "Mutual defence pacts reduce conflict between neighbouring states",
        source: "article: regional stability",
        metric: "neighbour_wars",
        direction: Decrease,
        design: Design::Switch(NO_ALLIANCES),
        control: "the same world with every alliance removed",
        mechanism: "Every alliance mechanism together, measured on wars between bordering states.",
        depends: "the map, where the pacts run along or across borders, and every alliance parameter",
        min_abs: 0.0,
    },
    ClaimDef {
        id: "C8",
        claim: "Economic cooperation raises the cost of war and discourages it",
        source: "article: economic cooperation",
        metric: "war_onset_rate",
        direction: Decrease,
        design: Design::Switch(&["alliances.*.economic_ties=0"]),
        control: "the same world with no economic ties within alliances",
        mechanism: "Ties add growth and make war between partners dearer (war cost × (1 + trade_war_cost × ties)).",
        depends: "economic_ties, trade_war_cost and trade_growth, and how much of the war is between partners",
        min_abs: 0.0,
    },
    ClaimDef {
        id: "C9",
        claim: "Intelligence sharing gives early warning: attacks on allied states succeed less often",
        source: "article: intelligence and integrated communications",
        metric: "initiator_win_rate_vs_allied",
        direction: Decrease,
        design: Design::Switch(&["model.intelligence_clarity=0"]),
        control: "the same world with intelligence sharing removing no perception error",
        mechanism: "Intelligence sharing shrinks members' perception error about everyone, so they misjudge less when they decide.",
        depends: "perception noise and intelligence levels; in this model intelligence informs members' own decisions, not their opponents'",
        min_abs: 0.0,
    },
    ClaimDef {
        id: "C10",
        claim: "Security guarantees let members spend less on the military",
        source: "article: budget relief",
        metric: "spending_share_signatories",
        direction: Decrease,
        design: Design::Switch(NO_ALLIANCES),
        control: "the same world with every alliance removed",
        mechanism: "States set spending against perceived threat net of the help they expect from partners (trust × pledge × partners' capability).",
        depends: "trust, the partners' capability, threat_elasticity, and the threat the alliance itself provokes",
        min_abs: 0.0,
    },
    ClaimDef {
        id: "C11",
        claim: "Alliances balance power: no single state comes to dominate",
        source: "article: balance of power",
        metric: "largest_power_share",
        direction: Decrease,
        design: Design::Switch(NO_ALLIANCES),
        control: "the same world with every alliance removed",
        mechanism: "Alliances change who attacks whom and who wins; conquest concentrates capability.",
        depends: "conquest_ratio, stakes, and whether the strongest state leads a pact",
        min_abs: 0.0,
    },
    ClaimDef {
        id: "C12",
        claim: "Overall, alliances keep the world more peaceful",
        source: "article: conclusion",
        metric: "war_onset_rate",
        direction: Decrease,
        design: Design::Switch(NO_ALLIANCES),
        control: "the same world with every alliance removed",
        mechanism: "Every mechanism together: deterrence, settlement and trust against chain-ganging, moral hazard and the security dilemma.",
        depends: "everything above; above all the kinds of pact and their reliability",
        min_abs: 0.0,
    },
    ClaimDef {
        id: "K1",
        claim: "Chain-ganging: alliances drag members into wars, which grow larger",
        source: "Christensen & Snyder 1990; Siverson & Starr 1991",
        metric: "mean_war_size",
        direction: Increase,
        design: Design::Switch(NO_ALLIANCES),
        control: "the same world with every alliance removed",
        mechanism: "A state that joins a war is at war with the whole other side, so the partners of everyone there are called in turn.",
        depends: "reliability and commitment (who answers calls), and how densely the alliance web connects",
        min_abs: 0.0,
    },
    ClaimDef {
        id: "K2",
        claim: "Moral hazard: protected states start more wars",
        source: "Snyder 1984; Benson 2012",
        metric: "signatory_initiation_rate",
        direction: Increase,
        design: Design::Switch(NO_ALLIANCES),
        control: "the same world with every alliance removed",
        mechanism: "A challenger counts its own partners' expected help: offence pledges directly, defence pledges if the target's side is joined.",
        depends: "the kinds of pact (offence pledges embolden, defence pledges much less), reliability, and the trust that settles disputes among members",
        min_abs: 0.0,
    },
    ClaimDef {
        id: "K3",
        claim: "Security dilemma: outsiders feel threatened and arm",
        source: "Jervis 1978; Snyder 1984",
        metric: "spending_share_others",
        direction: Increase,
        design: Design::Switch(NO_ALLIANCES),
        control: "the same world with every alliance removed",
        mechanism: "Outsiders count a rival's pact partners in the threat it poses (pact_threat).",
        depends: "pact_threat, threat_elasticity and the blocs' size",
        min_abs: 0.0,
    },
    ClaimDef {
        id: "K4",
        claim: "Credibility: below some reliability, alliances no longer lower the attack rate on their signatories",
        source: "Leeds 2003; Snyder 1984",
        metric: "signatory_attack_rate",
        direction: Decrease,
        design: Design::ReliabilitySweep,
        control: "the same alliances with empty pledges (reliability 0), against alliances at each reliability from 0 to 1",
        mechanism: "Reliability sets how much a pledge is worth to the ally who must honour it, and so what challengers expect. The control keeps the alliances' trade, dialogue, settlement and trust, so the effect is the pledges' alone; K4 sets every alliance's reliability itself, so a `--set` of reliability does not reach it.",
        depends: "everything that sets the value of a pledge: commitment, reputation, war costs and the record of past calls",
        min_abs: 0.0,
    },
    ClaimDef {
        id: "K5",
        claim: "Free-riding: a member's spending share rises with its share of its alliance's capability",
        source: "Olson & Zeckhauser 1966",
        metric: "size_spending_correlation",
        direction: Increase,
        design: Design::Reference(0.0),
        control: "no correlation",
        mechanism: "Expected help is the partners' capability, which is large for a small member and small for a large one, so small members can lower their spending most.",
        depends: "the spread of sizes within alliances, trust, and threat_elasticity",
        // Cohen (1988): a correlation below 0.1 is smaller than "small".
        min_abs: 0.1,
    },
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::metric_index;

    #[test]
    fn ids_are_the_stable_ones_and_metrics_exist() {
        let ids: Vec<&str> = CLAIMS.iter().map(|c| c.id).collect();
        let expected: Vec<String> = (1..=12)
            .map(|i| format!("C{i}"))
            .chain((1..=5).map(|i| format!("K{i}")))
            .collect();
        assert_eq!(ids, expected);
        for c in CLAIMS {
            assert!(metric_index(c.metric).is_some(), "{}: {}", c.id, c.metric);
        }
    }
}
