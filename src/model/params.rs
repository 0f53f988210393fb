//! Behavioural parameters of the model (`[model]` in a scenario file).
//!
//! Every parameter has a default, stated here and in `docs/ODD.md`; a scenario
//! overrides any of them by name. Utilities are measured in shares of the
//! deciding state's own wealth, so the weights below are comparable with each
//! other. A mechanism is switched off by setting its parameter to 0, which is
//! how the claims experiments build their controls.

use serde::{Deserialize, Serialize};

/// The model's behavioural parameters, all with documented defaults.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ModelParams {
    // --- 1. Economy ---------------------------------------------------------
    /// Yearly growth of wealth before military spending and trade.
    pub growth: f64,
    /// Growth lost per unit of military spending share (guns crowd out butter).
    pub military_drag: f64,
    /// Extra yearly growth per unit of economic ties with allies (strongest tie counts).
    pub trade_growth: f64,
    /// How much economic ties raise the cost of war between partners: cost × (1 + this × ties).
    pub trade_war_cost: f64,

    // --- 2. Arming ----------------------------------------------------------
    /// Yearly loss of the capability stock (it must be renewed by spending).
    pub depreciation: f64,
    /// Spending share a state chooses when its perceived threat equals its security.
    pub base_spending: f64,
    /// Elasticity of the spending target to the threat-to-security ratio.
    pub threat_elasticity: f64,
    /// Share of the gap to the spending target closed each year.
    pub arming_rate: f64,
    /// Lowest military spending share.
    pub spending_min: f64,
    /// Highest military spending share.
    pub spending_max: f64,
    /// Weight outsiders give to a rival's pact partners when judging the threat it poses.
    pub pact_threat: f64,

    // --- 3. Disputes --------------------------------------------------------
    /// Yearly chance that a fully revisionist state, trusting its neighbour not at all, raises a dispute.
    pub dispute_rate: f64,
    /// Revisionism every state has at least, for the purpose of raising disputes.
    pub revisionism_floor: f64,
    /// How much trust between the two states lowers the chance of a dispute.
    pub trust_dampening: f64,
    /// Capability share of the system above which a state is a great power, with global reach.
    pub great_power_share: f64,
    /// Share of a great power's disputes raised with non-neighbours.
    pub far_dispute_share: f64,

    // --- 4. Settlement ------------------------------------------------------
    /// Chance that any dispute is settled by negotiation.
    pub settlement_base: f64,
    /// Extra chance of settlement between members of one alliance, times its dialogue and their trust.
    pub alliance_settlement: f64,

    // --- 5. Decision --------------------------------------------------------
    /// Standard deviation of the log-normal error in perceiving another state's capability.
    pub perception_noise: f64,
    /// Share of that error removed between members of an alliance with full dialogue.
    pub dialogue_clarity: f64,
    /// Share of the error about everyone removed by full intelligence sharing within an alliance.
    pub intelligence_clarity: f64,
    /// Value (share of own wealth) a fully revisionist state places on overturning the status quo by winning.
    pub revision_value: f64,
    /// Share of the losers' capability and wealth taken by the winners.
    pub stakes: f64,
    /// Share of capability and wealth a participant loses per year of war.
    pub war_cost: f64,
    /// Chance that a war goes on for another year when the sides are evenly matched.
    pub war_persistence: f64,
    /// Combat multiplier of the defending side.
    pub defender_advantage: f64,
    /// Loss-of-strength gradient: strength is divided by 1 + this × (distance − 1).
    pub projection_decay: f64,
    /// Reputation cost (share of wealth) of attacking a state one has a pact with, times its reliability.
    pub breach_cost: f64,
    /// Number of observed calls that weigh as much as a challenger's own reasoning about an alliance.
    pub record_weight: f64,

    // --- 6. War: joining ----------------------------------------------------
    /// Value a member with full trust places on keeping a pledge of full reliability.
    pub commitment: f64,
    /// Reputation a member expects to lose by abandoning a pledge of full reliability.
    pub reputation: f64,
    /// Weight of the interest in stopping a threatening state from winning (balancing).
    pub balancing: f64,
    /// Scale of the random (logistic) part of a state's choice to join a war.
    pub choice_noise: f64,
    /// Strength of a defence pledge.
    pub defense_pledge: f64,
    /// Strength of an offence pledge (joining a member's attack).
    pub offense_pledge: f64,
    /// Strength of a neutrality or non-aggression pledge (staying out of wars against co-signers).
    pub neutrality_pledge: f64,
    /// Strength of an entente (a promise to consult, not to fight).
    pub entente_pledge: f64,
    /// Extra combat effectiveness of allied forces with full military integration fighting together.
    pub integration_gain: f64,

    // --- 7. Outcome ---------------------------------------------------------
    /// A losing principal is conquered when the winners' strength exceeds this many times its capability.
    pub conquest_ratio: f64,

    // --- 8. Learning --------------------------------------------------------
    /// Trust members start with toward their alliance.
    pub trust_init: f64,
    /// Step of trust toward 1 after an honoured call, and toward 0 after an abandoned one.
    pub trust_learning: f64,
    /// Step of trust toward 1 when members settle a dispute, and toward 0 when they fight each other.
    pub trust_from_conflict: f64,
}

impl Default for ModelParams {
    fn default() -> Self {
        ModelParams {
            growth: 0.03,
            military_drag: 0.5,
            trade_growth: 0.01,
            trade_war_cost: 1.0,

            depreciation: 0.1,
            base_spending: 0.025,
            threat_elasticity: 0.5,
            arming_rate: 0.2,
            spending_min: 0.005,
            spending_max: 0.25,
            pact_threat: 0.3,

            dispute_rate: 0.1,
            revisionism_floor: 0.1,
            trust_dampening: 0.5,
            great_power_share: 0.1,
            far_dispute_share: 0.5,

            settlement_base: 0.3,
            alliance_settlement: 0.5,

            perception_noise: 0.4,
            dialogue_clarity: 0.8,
            intelligence_clarity: 0.5,
            revision_value: 0.4,
            stakes: 0.2,
            war_cost: 0.03,
            war_persistence: 0.6,
            defender_advantage: 1.2,
            projection_decay: 0.25,
            breach_cost: 0.05,
            record_weight: 5.0,

            commitment: 0.15,
            reputation: 0.05,
            balancing: 0.05,
            choice_noise: 0.04,
            defense_pledge: 1.0,
            offense_pledge: 1.0,
            neutrality_pledge: 1.0,
            entente_pledge: 0.35,
            integration_gain: 0.5,

            conquest_ratio: 5.0,

            trust_init: 0.5,
            trust_learning: 0.15,
            trust_from_conflict: 0.05,
        }
    }
}

/// A parameter whose value is outside what the model accepts.
#[derive(Clone, Debug, PartialEq)]
pub struct ParamViolation {
    /// The parameter's name (its key under `[model]`).
    pub field: &'static str,
    /// What was expected, in words.
    pub expected: &'static str,
    /// The value found.
    pub found: f64,
}

impl ModelParams {
    /// Names and values of all parameters, in declaration order.
    pub fn entries(&self) -> Vec<(&'static str, f64)> {
        vec![
            ("growth", self.growth),
            ("military_drag", self.military_drag),
            ("trade_growth", self.trade_growth),
            ("trade_war_cost", self.trade_war_cost),
            ("depreciation", self.depreciation),
            ("base_spending", self.base_spending),
            ("threat_elasticity", self.threat_elasticity),
            ("arming_rate", self.arming_rate),
            ("spending_min", self.spending_min),
            ("spending_max", self.spending_max),
            ("pact_threat", self.pact_threat),
            ("dispute_rate", self.dispute_rate),
            ("revisionism_floor", self.revisionism_floor),
            ("trust_dampening", self.trust_dampening),
            ("great_power_share", self.great_power_share),
            ("far_dispute_share", self.far_dispute_share),
            ("settlement_base", self.settlement_base),
            ("alliance_settlement", self.alliance_settlement),
            ("perception_noise", self.perception_noise),
            ("dialogue_clarity", self.dialogue_clarity),
            ("intelligence_clarity", self.intelligence_clarity),
            ("revision_value", self.revision_value),
            ("stakes", self.stakes),
            ("war_cost", self.war_cost),
            ("war_persistence", self.war_persistence),
            ("defender_advantage", self.defender_advantage),
            ("projection_decay", self.projection_decay),
            ("breach_cost", self.breach_cost),
            ("record_weight", self.record_weight),
            ("commitment", self.commitment),
            ("reputation", self.reputation),
            ("balancing", self.balancing),
            ("choice_noise", self.choice_noise),
            ("defense_pledge", self.defense_pledge),
            ("offense_pledge", self.offense_pledge),
            ("neutrality_pledge", self.neutrality_pledge),
            ("entente_pledge", self.entente_pledge),
            ("integration_gain", self.integration_gain),
            ("conquest_ratio", self.conquest_ratio),
            ("trust_init", self.trust_init),
            ("trust_learning", self.trust_learning),
            ("trust_from_conflict", self.trust_from_conflict),
        ]
    }

    /// Checks every parameter's range; returns all violations (empty when valid).
    pub fn check(&self) -> Vec<ParamViolation> {
        const UNIT: &str = "a number from 0 to 1";
        const NONNEG: &str = "a finite number ≥ 0";
        const POS: &str = "a finite number > 0";
        let unit = |field, found: f64| {
            (!(0.0..=1.0).contains(&found)).then_some(ParamViolation {
                field,
                expected: UNIT,
                found,
            })
        };
        let nonneg = |field, found: f64| {
            (!(found.is_finite() && found >= 0.0)).then_some(ParamViolation {
                field,
                expected: NONNEG,
                found,
            })
        };
        let pos = |field, found: f64| {
            (!(found.is_finite() && found > 0.0)).then_some(ParamViolation {
                field,
                expected: POS,
                found,
            })
        };
        let mut v: Vec<Option<ParamViolation>> = vec![
            // growth may be negative (a shrinking economy) but not absurd
            (!(self.growth.is_finite() && (-0.5..=0.5).contains(&self.growth))).then_some(
                ParamViolation {
                    field: "growth",
                    expected: "a number from -0.5 to 0.5",
                    found: self.growth,
                },
            ),
            nonneg("military_drag", self.military_drag),
            nonneg("trade_growth", self.trade_growth),
            nonneg("trade_war_cost", self.trade_war_cost),
            unit("depreciation", self.depreciation),
            unit("base_spending", self.base_spending),
            nonneg("threat_elasticity", self.threat_elasticity),
            unit("arming_rate", self.arming_rate),
            unit("spending_min", self.spending_min),
            unit("spending_max", self.spending_max),
            nonneg("pact_threat", self.pact_threat),
            unit("dispute_rate", self.dispute_rate),
            unit("revisionism_floor", self.revisionism_floor),
            unit("trust_dampening", self.trust_dampening),
            unit("great_power_share", self.great_power_share),
            unit("far_dispute_share", self.far_dispute_share),
            unit("settlement_base", self.settlement_base),
            unit("alliance_settlement", self.alliance_settlement),
            nonneg("perception_noise", self.perception_noise),
            unit("dialogue_clarity", self.dialogue_clarity),
            unit("intelligence_clarity", self.intelligence_clarity),
            nonneg("revision_value", self.revision_value),
            unit("stakes", self.stakes),
            unit("war_cost", self.war_cost),
            (!(0.0..0.99).contains(&self.war_persistence)).then_some(ParamViolation {
                field: "war_persistence",
                expected: "a number from 0 to 0.99",
                found: self.war_persistence,
            }),
            pos("defender_advantage", self.defender_advantage),
            nonneg("projection_decay", self.projection_decay),
            nonneg("breach_cost", self.breach_cost),
            nonneg("record_weight", self.record_weight),
            nonneg("commitment", self.commitment),
            nonneg("reputation", self.reputation),
            nonneg("balancing", self.balancing),
            pos("choice_noise", self.choice_noise),
            nonneg("defense_pledge", self.defense_pledge),
            nonneg("offense_pledge", self.offense_pledge),
            nonneg("neutrality_pledge", self.neutrality_pledge),
            nonneg("entente_pledge", self.entente_pledge),
            nonneg("integration_gain", self.integration_gain),
            pos("conquest_ratio", self.conquest_ratio),
            unit("trust_init", self.trust_init),
            unit("trust_learning", self.trust_learning),
            unit("trust_from_conflict", self.trust_from_conflict),
        ];
        if self.spending_min > self.spending_max {
            v.push(Some(ParamViolation {
                field: "spending_min",
                expected: "a number no larger than spending_max",
                found: self.spending_min,
            }));
        }
        v.into_iter().flatten().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_valid() {
        assert_eq!(ModelParams::default().check(), vec![]);
    }

    #[test]
    fn entries_cover_every_field() {
        // Serialising gives every field; entries() must list the same names.
        let p = ModelParams::default();
        let json = serde_json::to_value(&p).unwrap();
        let names: Vec<&str> = p.entries().iter().map(|(n, _)| *n).collect();
        let obj = json.as_object().unwrap();
        assert_eq!(obj.len(), names.len());
        for n in names {
            assert!(obj.contains_key(n), "{n}");
        }
    }

    #[test]
    fn docs_match_code() {
        // docs/ODD.md lists every parameter with the default the code uses.
        let odd = include_str!("../../docs/ODD.md");
        for (name, value) in ModelParams::default().entries() {
            let row = format!("| `{name}` | {value} |");
            assert!(odd.contains(&row), "docs/ODD.md lacks the row {row}");
        }
    }

    #[test]
    fn out_of_range_and_nan_are_caught() {
        let p = ModelParams {
            stakes: 1.5,
            war_cost: f64::NAN,
            choice_noise: 0.0,
            ..ModelParams::default()
        };
        let fields: Vec<&str> = p.check().iter().map(|v| v.field).collect();
        assert_eq!(fields, vec!["stakes", "war_cost", "choice_noise"]);
    }
}
