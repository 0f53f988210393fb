//! Writes an imported world as a scenario file: a header that says where every
//! number comes from (the command, the COW data sets and their citations, the
//! choices made), then states, borders and alliances, each traceable to its
//! source row.

use std::fmt::Write as _;

use super::contiguity::SEA_MILES;
use super::cow::{CAPABILITY_TOTAL, Imported, RELIABILITY, WEALTH_TOTAL};
use super::names::scenario_name;

/// The citations the COW Project asks users of these data sets to give.
pub const CITATIONS: &[&str] = &[
    "National Material Capabilities v6.0: Singer, J. David, Stuart Bremer, and John Stuckey. 1972. \
     \"Capability Distribution, Uncertainty, and Major Power War, 1820-1965.\" In Bruce Russett (ed.), \
     Peace, War, and Numbers, Beverly Hills: Sage, 19-48; and Greig, J. Michael, and Andrew J. \
     Enterline. 2021. \"National Material Capabilities (NMC) Data Documentation, Version 6.0.\" \
     Correlates of War Project.",
    "Formal Alliances v4.1: Gibler, Douglas M. 2009. International Military Alliances, 1648-2008. \
     Washington, DC: CQ Press.",
    "Direct Contiguity v3.2: Stinnett, Douglas M., Jaroslav Tir, Philip Schafer, Paul F. Diehl, and \
     Charles Gochman. 2002. \"The Correlates of War Project Direct Contiguity Data, Version 3.\" \
     Conflict Management and Peace Science 19(2): 58-66.",
    "State System Membership v2016: Correlates of War Project. 2017. \"State System Membership \
     List, v2016.\" Online, https://correlatesofwar.org.",
];

/// Wraps `text` into comment lines of at most about 88 characters: the first
/// starts with `first`, the others with `rest`.
fn wrap(out: &mut String, first: &str, rest: &str, text: &str) {
    let mut line = String::from(first);
    let mut fresh = true;
    for word in text.split_whitespace() {
        if !fresh && line.len() + 1 + word.len() > 88 {
            out.push_str(line.trim_end());
            out.push('\n');
            line = String::from(rest);
            fresh = true;
        }
        if !fresh {
            line.push(' ');
        }
        line.push_str(word);
        fresh = false;
    }
    out.push_str(line.trim_end());
    out.push('\n');
}

/// A comment paragraph.
fn comment(out: &mut String, text: &str) {
    wrap(out, "# ", "# ", text);
}

/// A comment list item.
fn item(out: &mut String, text: &str) {
    wrap(out, "#   - ", "#     ", text);
}

/// A TOML string literal.
fn quoted(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

/// A number with six significant digits, as TOML writes it.
fn num(x: f64) -> String {
    if x == 0.0 || !x.is_finite() {
        return "0.0".into();
    }
    let digits = 5 - x.abs().log10().floor() as i32;
    let s = format!("{:.*}", digits.clamp(0, 12) as usize, x);
    if s.contains('.') {
        let t = s.trim_end_matches('0');
        if t.ends_with('.') {
            format!("{t}0")
        } else {
            t.to_string()
        }
    } else {
        format!("{s}.0")
    }
}

/// What the selection was, in words.
fn selection_words(imp: &Imported) -> String {
    let sel = &imp.request.selection;
    let mut parts = Vec::new();
    if sel.majors {
        parts.push("the major powers".to_string());
    }
    for r in &sel.regions {
        parts.push(format!("the {} region", r.name()));
    }
    if !sel.ccodes.is_empty() {
        let list: Vec<String> = sel.ccodes.iter().map(u32::to_string).collect();
        let noun = if list.len() == 1 { "ccode" } else { "ccodes" };
        parts.push(format!("{noun} {}", list.join(", ")));
    }
    parts.join(" and ")
}

/// The scenario file for an imported world.
pub fn render(imp: &Imported) -> String {
    let req = &imp.request;
    let year = req.year;
    let name = req
        .name
        .clone()
        .unwrap_or_else(|| format!("COW world, {year}"));
    let ids = |members: &[usize]| -> Vec<String> {
        members.iter().map(|&m| imp.states[m].id.clone()).collect()
    };
    let when = match req.on {
        Some((m, d)) => format!(
            "on {}",
            super::alliances::Day {
                year,
                month: Some(m),
                day: Some(d)
            }
            .show()
        ),
        None => format!("at some time in {year}"),
    };
    let mut o = String::new();
    let _ = writeln!(o, "# {name}");
    o.push_str("#\n");
    comment(&mut o, "Generated from Correlates of War (COW) data by:");
    let _ = writeln!(o, "#   {}", req.command);
    o.push_str("#\n");
    comment(
        &mut o,
        &format!(
            "States: {} in the state system {when}, with COW abbreviations as ids \
             and names from the state list. Capability: CINC (NMC) renormalised so these states \
             sum to {}. Wealth: NMC has no GDP, so a proxy: the mean of each state's shares, \
             within these states, of primary energy consumption, iron and steel production and \
             urban population (the industrial and urban components of NMC, which the COW project \
             itself uses as the economic base of capability; Singer, Bremer & Stuckey 1972), \
             scaled so these states sum to {}. Borders: direct contiguity coded for {year}: land \
             borders{}. Alliances: COW Formal Alliances v4.1 memberships in force {when}, \
             grouped by COW alliance id; the kind is the strongest obligation any member \
             took on (defense over neutrality or non-aggression over entente), and every pledge \
             is mutual in the model even where COW codes it one-sided. Reliability {RELIABILITY}: \
             Leeds, Long & Mitchell (2000) found allies honoured about three commitments in four. \
             Alliance names: the name historians give the pact where it is well known, with its \
             COW id. Capitals (for the map only; the model never reads them): well-known \
             coordinates of each capital city in {year}, as in common gazetteers such as \
             GeoNames, rounded to 0.1°.",
            selection_words(imp),
            CAPABILITY_TOTAL,
            WEALTH_TOTAL,
            match req.sea_miles {
                0 => " only".to_string(),
                m => format!(", and borders across at most {m} miles of water"),
            }
        ),
    );
    comment(
        &mut o,
        "Not in COW data: revisionism and risk attitude. Every state has the model's defaults; \
         change them to explore (docs/SCENARIOS.md).",
    );
    if !imp.left_out.is_empty() {
        comment(&mut o, "Left out:");
        for l in &imp.left_out {
            item(&mut o, l);
        }
    }
    o.push_str("#\n");
    comment(
        &mut o,
        "Data: the COW Project's data sets (https://correlatesofwar.org/data-sets), which ask to be cited as:",
    );
    for c in CITATIONS {
        item(&mut o, c);
    }
    o.push('\n');
    let _ = writeln!(o, "name = {}", quoted(&name));
    let _ = writeln!(
        o,
        "description = {}",
        quoted(&format!(
            "{} states, their borders and alliances in {year}, from Correlates of War data",
            imp.states.len()
        ))
    );
    o.push_str("\n[simulation]\nyears = 30\nreplications = 200\nseed = 42\n");

    for s in &imp.states {
        let _ = writeln!(
            o,
            "\n[[states]]  # ccode {}; CINC {} in {year}",
            s.ccode,
            num(s.cinc)
        );
        if let Some(n) = &s.note {
            comment(&mut o, n);
        }
        let _ = writeln!(o, "id = {}", quoted(&s.id));
        let _ = writeln!(o, "name = {}", quoted(&s.name));
        let _ = writeln!(o, "capability = {}", num(s.capability));
        let _ = writeln!(o, "wealth = {}", num(s.wealth));
        if let Some(r) = s.region {
            let _ = writeln!(o, "region = {}", quoted(r.name()));
        }
        if let Some(c) = s.capital {
            let _ = writeln!(o, "capital = [{:.1}, {:.1}]  # {}", c.lat, c.lon, c.city);
        }
    }

    o.push_str("\n[map]\n");
    if imp.borders.is_empty() {
        o.push_str("borders = []\n");
    } else {
        o.push_str("borders = [\n");
        for b in &imp.borders {
            let pair = format!(
                "  [{}, {}],",
                quoted(&imp.states[b.a].id),
                quoted(&imp.states[b.b].id)
            );
            match SEA_MILES.iter().find(|&&(k, _)| k == b.conttype) {
                Some((k, miles)) => {
                    let _ = writeln!(
                        o,
                        "{pair}  # water, at most {miles} miles (COW conttype {k})"
                    );
                }
                None => {
                    let _ = writeln!(o, "{pair}");
                }
            }
        }
        o.push_str("]\n");
    }

    for a in &imp.alliances {
        let members = ids(&a.members);
        o.push('\n');
        let until = a
            .end
            .map_or("in force at the end of the data".to_string(), |e| {
                format!("until {}", e.show())
            });
        comment(
            &mut o,
            &format!(
                "COW alliance {} (Formal Alliances v4.1): {}; from {}, {until}.{}{}",
                a.id,
                a.obligations,
                a.start.show(),
                if a.asymmetric {
                    " One-sided in COW (not every member took on every obligation); mutual here."
                } else {
                    ""
                },
                if a.outside.is_empty() {
                    String::new()
                } else {
                    format!(
                        " Also members in {year}, outside this world: {}.",
                        a.outside.join(", ")
                    )
                }
            ),
        );
        let short = if members.len() > 4 {
            format!("{} +{}", members[..4].join(", "), members.len() - 4)
        } else {
            members.join("–")
        };
        o.push_str("[[alliances]]\n");
        let _ = writeln!(o, "name = {}", quoted(&scenario_name(a.id, &short)));
        let _ = writeln!(o, "kind = {}", quoted(a.kind.as_str()));
        let list: Vec<String> = members.iter().map(|m| quoted(m)).collect();
        let _ = writeln!(o, "members = [{}]", list.join(", "));
        let _ = writeln!(o, "reliability = {RELIABILITY}");
    }
    o
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_keep_six_significant_digits() {
        assert_eq!(num(21.1602345), "21.1602");
        assert_eq!(num(0.000123456789), "0.000123457");
        assert_eq!(num(100.0), "100.0");
        assert_eq!(num(1234567.0), "1234567.0");
    }

    #[test]
    fn comments_wrap() {
        let mut o = String::new();
        comment(&mut o, &"word ".repeat(40));
        assert!(
            o.lines().all(|l| l.starts_with('#') && l.len() <= 92),
            "{o}"
        );
        assert!(o.lines().count() > 1);
    }
}
