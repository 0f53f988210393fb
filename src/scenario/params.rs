//! The model's behavioural parameters (`[model]` in a scenario file), each
//! declared once: its name, default, valid range and meaning. The struct, its
//! defaults, the list of names and values, the range checks and the docs check
//! all derive from the one table below; adding a parameter is one entry (and
//! the model code that uses it).
//!
//! They live with the scenario layer, which reads and checks them, and the
//! model uses them; so the dependency points one way, scenario → model.
//! Utilities are measured in shares of the deciding state's own wealth, so the
//! weights are comparable with each other. A mechanism is switched off by
//! setting its parameter to 0, which is how the claims experiments build their
//! controls.

use serde::{Deserialize, Serialize};

/// The values a parameter accepts.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Range {
    /// From 0 to 1.
    Unit,
    /// Finite and ≥ 0.
    NonNeg,
    /// Finite and > 0.
    Positive,
    /// From the first to the second, both included.
    Between(f64, f64),
    /// From the first (included) to the second (excluded).
    Below(f64, f64),
}

impl Range {
    /// Whether `x` is accepted (never NaN).
    pub fn contains(self, x: f64) -> bool {
        match self {
            Range::Unit => (0.0..=1.0).contains(&x),
            Range::NonNeg => x.is_finite() && x >= 0.0,
            Range::Positive => x.is_finite() && x > 0.0,
            Range::Between(lo, hi) => (lo..=hi).contains(&x),
            Range::Below(lo, hi) => (lo..hi).contains(&x),
        }
    }

    /// What is expected, in words, for messages.
    pub fn expected(self) -> String {
        match self {
            Range::Unit => "a number from 0 to 1".to_string(),
            Range::NonNeg => "a finite number ≥ 0".to_string(),
            Range::Positive => "a finite number > 0".to_string(),
            Range::Between(lo, hi) | Range::Below(lo, hi) => format!("a number from {lo} to {hi}"),
        }
    }
}

/// One parameter: its key under `[model]`, default, range and meaning.
#[derive(Clone, Copy, Debug)]
pub struct ParamDef {
    /// The key under `[model]`.
    pub name: &'static str,
    /// The default value.
    pub default: f64,
    /// The values accepted.
    pub range: Range,
    /// One line on what it does.
    pub doc: &'static str,
}

/// Declares the parameters: the struct, its defaults, [`PARAMS`] and [`ModelParams::entries`].
macro_rules! parameters {
    ($( $(#[doc = $doc:literal])+ $name:ident : $default:expr, $range:expr; )+) => {
        /// The model's behavioural parameters, all with documented defaults.
        #[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
        #[serde(default, deny_unknown_fields)]
        pub struct ModelParams {
            $( $(#[doc = $doc])+ pub $name: f64, )+
        }

        impl Default for ModelParams {
            fn default() -> Self {
                ModelParams { $( $name: $default, )+ }
            }
        }

        /// Every parameter, in declaration order (the order of the ODD's steps).
        pub const PARAMS: &[ParamDef] = &[
            $( ParamDef {
                name: stringify!($name),
                default: $default,
                range: $range,
                doc: concat!($($doc),+),
            }, )+
        ];

        impl ModelParams {
            /// Names and values of all parameters, in declaration order.
            pub fn entries(&self) -> Vec<(&'static str, f64)> {
                vec![ $( (stringify!($name), self.$name), )+ ]
            }
        }
    };
}

parameters! {
    // --- 1. Economy -----------------------------------------------------
    /// Yearly growth of wealth before military spending and trade.
    growth: 0.03, Range::Between(-0.5, 0.5);
    /// Growth lost per unit of military spending share (guns crowd out butter).
    military_drag: 0.5, Range::NonNeg;
    /// Extra yearly growth per unit of economic ties with allies (strongest tie counts).
    trade_growth: 0.01, Range::NonNeg;
    /// How much economic ties raise the cost of war between partners: cost × (1 + this × ties).
    trade_war_cost: 1.0, Range::NonNeg;
    // --- 2. Arming ------------------------------------------------------
    /// Yearly loss of the capability stock (it must be renewed by spending).
    depreciation: 0.1, Range::Unit;
    /// Spending share a state chooses when its perceived threat equals its security.
    base_spending: 0.025, Range::Unit;
    /// Elasticity of the spending target to the threat-to-security ratio.
    threat_elasticity: 0.5, Range::NonNeg;
    /// Share of the gap to the spending target closed each year.
    arming_rate: 0.2, Range::Unit;
    /// Lowest military spending share.
    spending_min: 0.005, Range::Unit;
    /// Highest military spending share.
    spending_max: 0.25, Range::Unit;
    /// Weight outsiders give to a rival's pact partners when judging the threat it poses.
    pact_threat: 0.3, Range::NonNeg;
    // --- 3. Disputes ----------------------------------------------------
    /// Yearly chance that a fully revisionist state, trusting its neighbour not at all, raises a dispute.
    dispute_rate: 0.32, Range::Unit;
    /// Revisionism every state has at least, for the purpose of raising disputes.
    revisionism_floor: 0.1, Range::Unit;
    /// How much trust between the two states lowers the chance of a dispute.
    trust_dampening: 0.5, Range::Unit;
    /// Capability share of the system above which a state is a great power, with global reach.
    great_power_share: 0.1, Range::Unit;
    /// Share of a great power's disputes raised with non-neighbours.
    far_dispute_share: 0.5, Range::Unit;
    // --- 4. Crisis: settlement and escalation ----------------------------
    /// Chance, at each rung of a crisis, that it is settled by negotiation.
    settlement_base: 0.03, Range::Unit;
    /// Extra chance of settlement between members of one alliance, times its dialogue and their trust.
    alliance_settlement: 0.5, Range::Unit;
    /// Cost (share of own wealth) of backing down from a crisis once a threat is public, and of reneging on a public commitment to a partner.
    audience_cost: 0.1, Range::NonNeg;
    /// Share of what a war would take from it that a target gives up by yielding in a crisis.
    concession: 1.0, Range::Unit;
    /// Share of the error in perceiving capability that remains after each rung a crisis climbs.
    revelation: 0.7, Range::Unit;
    /// Share of capability and wealth both sides lose when a crisis comes to a use of force.
    clash_cost: 0.012, Range::Unit;
    // --- 5. Decision ----------------------------------------------------
    /// Standard deviation of the log-normal error in perceiving another state's capability.
    perception_noise: 0.4, Range::NonNeg;
    /// Share of that error removed between members of an alliance with full dialogue.
    dialogue_clarity: 0.8, Range::Unit;
    /// Share of the error about everyone removed by full intelligence sharing within an alliance.
    intelligence_clarity: 0.5, Range::Unit;
    /// Value (share of own wealth) a fully revisionist state places on overturning the status quo by winning.
    revision_value: 0.4, Range::NonNeg;
    /// Share of the losers' capability and wealth taken by the winners.
    stakes: 0.2, Range::Unit;
    /// Share of capability and wealth a participant loses per year of war.
    war_cost: 0.03, Range::Unit;
    /// Cost (share of own wealth) of going to war at all, paid on entering: mobilisation, lives, domestic opposition.
    entry_cost: 0.05, Range::NonNeg;
    /// Chance that a war goes on for another year when the sides are evenly matched.
    war_persistence: 0.6, Range::Below(0.0, 0.99);
    /// Combat multiplier of the defending side.
    defender_advantage: 1.2, Range::Positive;
    /// Loss-of-strength gradient: strength is divided by 1 + this × (distance − 1).
    projection_decay: 0.25, Range::NonNeg;
    /// Reputation cost (share of wealth) of attacking a state one has a pact with, times its reliability.
    breach_cost: 0.05, Range::NonNeg;
    /// Number of observed calls that weigh as much as a challenger's own reasoning about an alliance.
    record_weight: 5.0, Range::NonNeg;
    // --- 6. War: joining ------------------------------------------------
    /// Value a member with full trust places on keeping a pledge of full reliability.
    commitment: 0.25, Range::NonNeg;
    /// Reputation a member expects to lose by abandoning a pledge of full reliability.
    reputation: 0.05, Range::NonNeg;
    /// Weight of the interest in stopping a threatening state from winning (balancing).
    balancing: 0.05, Range::NonNeg;
    /// Scale of the random (logistic) part of a state's choice to join a war.
    choice_noise: 0.04, Range::Positive;
    /// Strength of a defence pledge.
    defense_pledge: 1.0, Range::NonNeg;
    /// Strength of an offence pledge (joining a member's attack).
    offense_pledge: 1.0, Range::NonNeg;
    /// Strength of a neutrality or non-aggression pledge (staying out of wars against co-signers).
    neutrality_pledge: 1.0, Range::NonNeg;
    /// Strength of an entente (a promise to consult, not to fight).
    entente_pledge: 0.35, Range::NonNeg;
    /// Extra combat effectiveness of allied forces with full military integration fighting together.
    integration_gain: 0.5, Range::NonNeg;
    // --- 7. Outcome -----------------------------------------------------
    /// A losing principal is conquered when the winners' strength exceeds this many times its capability.
    conquest_ratio: 5.0, Range::Positive;
    // --- 8. Learning ----------------------------------------------------
    /// Trust members start with toward their alliance.
    trust_init: 0.5, Range::Unit;
    /// Step of trust toward 1 after an honoured call, and toward 0 after an abandoned one.
    trust_learning: 0.15, Range::Unit;
    /// Step of trust toward 1 when members settle a dispute, and toward 0 when they fight each other.
    trust_from_conflict: 0.05, Range::Unit;
}

/// A parameter whose value is outside what the model accepts.
#[derive(Clone, Debug, PartialEq)]
pub struct ParamViolation {
    /// The parameter's name (its key under `[model]`).
    pub field: &'static str,
    /// What was expected, in words.
    pub expected: String,
    /// The value found.
    pub found: f64,
}

impl ModelParams {
    /// Checks every parameter's range; returns all violations (empty when valid).
    pub fn check(&self) -> Vec<ParamViolation> {
        let mut v: Vec<ParamViolation> = PARAMS
            .iter()
            .zip(self.entries())
            .filter(|(def, (_, found))| !def.range.contains(*found))
            .map(|(def, (_, found))| ParamViolation {
                field: def.name,
                expected: def.range.expected(),
                found,
            })
            .collect();
        if self.spending_min > self.spending_max {
            v.push(ParamViolation {
                field: "spending_min",
                expected: "a number no larger than spending_max".to_string(),
                found: self.spending_min,
            });
        }
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_valid() {
        assert_eq!(ModelParams::default().check(), vec![]);
        for def in PARAMS {
            assert!(def.range.contains(def.default), "{}", def.name);
            assert!(!def.doc.trim().is_empty(), "{}", def.name);
        }
    }

    #[test]
    fn entries_cover_every_field() {
        // Serialising gives every field; the table must list the same names.
        let p = ModelParams::default();
        let json = serde_json::to_value(&p).unwrap();
        let obj = json.as_object().unwrap();
        assert_eq!(obj.len(), PARAMS.len());
        for (def, (name, value)) in PARAMS.iter().zip(p.entries()) {
            assert_eq!(def.name, name);
            assert_eq!(obj[name].as_f64(), Some(value));
            assert_eq!(def.default, value);
        }
    }

    #[test]
    fn docs_match_code() {
        // docs/ODD.md lists every parameter with the default the code uses.
        let odd = include_str!("../../docs/ODD.md");
        for def in PARAMS {
            let row = format!("| `{}` | {} |", def.name, def.default);
            assert!(odd.contains(&row), "docs/ODD.md lacks the row {row}");
        }
    }

    #[test]
    fn out_of_range_and_nan_are_caught() {
        let p = ModelParams {
            stakes: 1.5,
            war_cost: f64::NAN,
            choice_noise: 0.0,
            growth: 0.6,
            war_persistence: 0.99,
            ..ModelParams::default()
        };
        let found: Vec<(&str, String)> = p
            .check()
            .into_iter()
            .map(|v| (v.field, v.expected))
            .collect();
        assert_eq!(
            found,
            vec![
                ("growth", "a number from -0.5 to 0.5".to_string()),
                ("stakes", "a number from 0 to 1".to_string()),
                ("war_cost", "a number from 0 to 1".to_string()),
                ("war_persistence", "a number from 0 to 0.99".to_string()),
                ("choice_noise", "a finite number > 0".to_string()),
            ]
        );
    }
}
