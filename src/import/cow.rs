//! Assembles a scenario from the Correlates of War files: which states, their
//! capability and wealth, their borders and alliances in one year.
//!
//! The choices made here, and why, are stated
//! in the header of every file the importer writes and in the README:
//!
//! - states: those in the system in the year (any day of it, COW's state-year
//!   convention) that the selection names;
//! - capability: CINC, renormalised so the chosen states sum to 100 (CINC is a
//!   share of the whole system, and does not sum to 1 in many years);
//! - wealth: NMC has no GDP, so a proxy: the mean of each state's shares (within
//!   the chosen states) of primary energy consumption, iron and steel production
//!   and urban population, scaled so the chosen states sum to 1000;
//! - borders: direct contiguity coded for the year; land always, water up to
//!   the miles asked for;
//! - alliances: memberships in force at some time during the year, grouped by
//!   COW alliance id, the kind from the strongest obligation any member took on;
//! - capitals (for the map only): the capital of the year from [`super::capitals`].

use std::collections::BTreeMap;

use super::ImportError;
use super::alliances::{Alliances, Day, Membership};
use super::capitals::{Capital, capital};
use super::contiguity::{Contiguity, SEA_MILES};
use super::majors::Majors;
use super::nmc::{Nmc, NmcRow};
use super::states::StateList;
use crate::scenario::AllianceKind;

/// Sum of the chosen states' capability.
pub const CAPABILITY_TOTAL: f64 = 100.0;
/// Sum of the chosen states' wealth: ten times capability, as in the shipped
/// fictional worlds, so that both kinds of scenario read alike.
pub const WEALTH_TOTAL: f64 = 1000.0;
/// Reliability written for every imported alliance (Leeds, Long & Mitchell 2000).
pub const RELIABILITY: f64 = 0.75;

/// A world region, as a range of COW country codes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Region {
    /// ccodes 2–165.
    Americas,
    /// ccodes 200–399.
    Europe,
    /// ccodes 400–626.
    Africa,
    /// ccodes 630–698.
    MiddleEast,
    /// ccodes 700–990 (Asia and Oceania).
    Asia,
}

impl Region {
    /// Every region, in ccode order.
    pub const ALL: [Region; 5] = [
        Region::Americas,
        Region::Europe,
        Region::Africa,
        Region::MiddleEast,
        Region::Asia,
    ];

    /// The name used on the command line and in `region` labels.
    pub fn name(self) -> &'static str {
        match self {
            Region::Americas => "americas",
            Region::Europe => "europe",
            Region::Africa => "africa",
            Region::MiddleEast => "middle-east",
            Region::Asia => "asia",
        }
    }

    /// The region of a name, if it is one.
    pub fn parse(s: &str) -> Option<Region> {
        Region::ALL.into_iter().find(|r| r.name() == s)
    }

    /// The inclusive ccode range of the region.
    pub fn ccodes(self) -> (u32, u32) {
        match self {
            Region::Americas => (2, 165),
            Region::Europe => (200, 399),
            Region::Africa => (400, 626),
            Region::MiddleEast => (630, 698),
            Region::Asia => (700, 990),
        }
    }

    /// The region a ccode falls in, if any.
    pub fn of(ccode: u32) -> Option<Region> {
        Region::ALL.into_iter().find(|r| {
            let (lo, hi) = r.ccodes();
            (lo..=hi).contains(&ccode)
        })
    }
}

/// Which states to take: the union of major powers, listed ccodes and regions.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Selection {
    /// The major powers of the year (needs the majors file).
    pub majors: bool,
    /// States by COW country code.
    pub ccodes: Vec<u32>,
    /// Every state of these regions.
    pub regions: Vec<Region>,
}

/// What to import.
#[derive(Clone, Debug, PartialEq)]
pub struct Request {
    /// The year.
    pub year: i32,
    /// Which states.
    pub selection: Selection,
    /// Widest stretch of water that still counts as a border: 0 (land only), 12, 24, 150 or 400.
    pub sea_miles: u32,
    /// A day of the year (month, day): states and alliances are taken as they
    /// stood that day rather than at any time in the year.
    pub on: Option<(u32, u32)>,
    /// Scenario name; a default naming the year when absent.
    pub name: Option<String>,
    /// The command line that asked for this import, for the file's header.
    pub command: String,
}

/// The COW files, read.
#[derive(Clone, Debug)]
pub struct Sources {
    /// National Material Capabilities.
    pub nmc: Nmc,
    /// Formal Alliances, member level.
    pub alliances: Alliances,
    /// Direct Contiguity, directed dyad-years.
    pub contiguity: Contiguity,
    /// State System Membership list.
    pub states: StateList,
    /// Major-power periods, when given.
    pub majors: Option<Majors>,
}

/// A state of the imported world.
#[derive(Clone, Debug, PartialEq)]
pub struct ImportedState {
    /// COW country code.
    pub ccode: u32,
    /// Scenario id: the COW abbreviation.
    pub id: String,
    /// Name from the state list.
    pub name: String,
    /// Region label, when the ccode falls in one.
    pub region: Option<Region>,
    /// CINC as NMC gives it.
    pub cinc: f64,
    /// Renormalised capability.
    pub capability: f64,
    /// Wealth proxy.
    pub wealth: f64,
    /// A note for the file when the proxy had to fall back.
    pub note: Option<String>,
    /// Its capital in the year, for the map (from [`super::capitals`]).
    pub capital: Option<&'static Capital>,
}

/// A border of the imported world.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ImportedBorder {
    /// Index of the state with the lower ccode.
    pub a: usize,
    /// Index of the other state.
    pub b: usize,
    /// COW contiguity type: 1 land, 2–5 water up to 12/24/150/400 miles.
    pub conttype: u8,
}

/// An alliance of the imported world.
#[derive(Clone, Debug, PartialEq)]
pub struct ImportedAlliance {
    /// COW alliance id.
    pub id: u32,
    /// Kind, from the strongest obligation.
    pub kind: AllianceKind,
    /// Members, as state indices, in ccode order.
    pub members: Vec<usize>,
    /// Obligations coded, in words ("defense, neutrality").
    pub obligations: String,
    /// Whether members' obligations differ (the model makes every pledge mutual).
    pub asymmetric: bool,
    /// Earliest start of the included memberships.
    pub start: Day,
    /// Latest end; `None` while in force at the end of the data.
    pub end: Option<Day>,
    /// Members in force that year but outside the selection, as abbreviations.
    pub outside: Vec<String>,
}

/// The imported world, ready to be written out.
#[derive(Clone, Debug, PartialEq)]
pub struct Imported {
    /// What was asked.
    pub request: Request,
    /// The states, by ccode.
    pub states: Vec<ImportedState>,
    /// The borders.
    pub borders: Vec<ImportedBorder>,
    /// The alliances, by COW id.
    pub alliances: Vec<ImportedAlliance>,
    /// States and alliances left out, and why.
    pub left_out: Vec<String>,
}

/// Whether a membership carries one obligation.
type Obligation = fn(&Membership) -> bool;

/// The contiguity type that stands for `miles` of water (1 = land only).
pub fn max_conttype(miles: u32) -> Option<u8> {
    if miles == 0 {
        return Some(1);
    }
    SEA_MILES
        .iter()
        .find(|&&(_, m)| m == miles)
        .map(|&(k, _)| k)
}

/// Refuses a year a file does not cover.
fn covers(file: &str, (lo, hi): (i32, i32), year: i32) -> Result<(), ImportError> {
    if (lo..=hi).contains(&year) {
        Ok(())
    } else {
        Err(ImportError::file(
            file,
            format!("covers the years {lo}–{hi}; --year {year} is outside the data"),
        ))
    }
}

/// The chosen states' ccodes, sorted.
fn select(req: &Request, src: &Sources) -> Result<Vec<u32>, ImportError> {
    let year = req.year;
    let states = &src.states;
    let mut chosen: Vec<u32> = Vec::new();
    for &c in &req.selection.ccodes {
        match (states.any(c), states.in_system(c, year, req.on)) {
            (None, _) => {
                return Err(ImportError::file(
                    &states.file,
                    format!("has no state with ccode {c}; --ccodes names an unknown ccode"),
                ));
            }
            (Some(s), None) => {
                return Err(ImportError::file(
                    &states.file,
                    format!(
                        "ccode {c} ({}) is not in the state system in {year}; --ccodes must name states of that year",
                        s.abb
                    ),
                ));
            }
            (Some(_), Some(_)) => chosen.push(c),
        }
    }
    for r in &req.selection.regions {
        let (lo, hi) = r.ccodes();
        chosen.extend(
            states
                .spells
                .iter()
                .filter(|s| (lo..=hi).contains(&s.ccode) && s.covers(year, req.on))
                .map(|s| s.ccode),
        );
    }
    if req.selection.majors {
        let Some(m) = &src.majors else {
            return Err(ImportError::request(
                "--majors needs the major-power list: add --majors-file majors2016.csv",
            ));
        };
        chosen.extend(
            m.in_year(year)
                .into_iter()
                .filter(|&c| states.in_system(c, year, req.on).is_some()),
        );
    }
    chosen.sort_unstable();
    chosen.dedup();
    Ok(chosen)
}

/// Builds the world of `req.year` from the sources.
pub fn assemble(req: &Request, src: &Sources) -> Result<Imported, ImportError> {
    let year = req.year;
    covers(&src.nmc.file, src.nmc.years(), year)?;
    covers(&src.alliances.file, src.alliances.years(), year)?;
    covers(&src.contiguity.file, src.contiguity.years(), year)?;
    covers(&src.states.file, src.states.years(), year)?;
    let max_type = max_conttype(req.sea_miles).ok_or_else(|| {
        ImportError::request(format!(
            "--sea-miles {} is not a COW distance; expected 0 (land only), 12, 24, 150 or 400",
            req.sea_miles
        ))
    })?;

    let chosen = select(req, src)?;
    let mut left_out = Vec::new();
    let mut picked = Vec::new();
    for &c in &chosen {
        let spell = src.states.in_system(c, year, req.on).ok_or_else(|| {
            ImportError::file(
                &src.states.file,
                format!("ccode {c} is not in the system in {year}"),
            )
        })?;
        let Some(row) = src.nmc.get(c, year) else {
            return Err(ImportError::file(
                &src.nmc.file,
                format!(
                    "has no row for ccode {c} ({}) in {year}, although {} has it in the system",
                    spell.abb, src.states.file
                ),
            ));
        };
        match row.cinc {
            Some(x) if x > 0.0 => picked.push((spell, row)),
            Some(_) => left_out.push(format!("{} (ccode {c}): its CINC is 0", spell.abb)),
            None => left_out.push(format!(
                "{} (ccode {c}): its CINC is missing (-9)",
                spell.abb
            )),
        }
    }
    if picked.len() < 2 {
        return Err(ImportError::request(format!(
            "the selection gives {} state(s) with a CINC score in {year}; a scenario needs at least 2",
            picked.len()
        )));
    }

    let cinc_total: f64 = picked.iter().filter_map(|(_, r)| r.cinc).sum();
    let components: [fn(&NmcRow) -> Option<f64>; 3] = [|r| r.pec, |r| r.irst, |r| r.upop];
    let component_totals: Vec<f64> = components
        .iter()
        .map(|f| picked.iter().filter_map(|(_, r)| f(r)).sum())
        .collect();
    let mut states = Vec::with_capacity(picked.len());
    let mut ids: BTreeMap<String, usize> = BTreeMap::new();
    for (spell, row) in &picked {
        let cinc = row.cinc.unwrap_or(0.0);
        let capability = CAPABILITY_TOTAL * cinc / cinc_total;
        let shares: Vec<f64> = components
            .iter()
            .zip(&component_totals)
            .filter_map(|(f, &total)| f(row).filter(|_| total > 0.0).map(|v| v / total))
            .collect();
        let proxy = if shares.is_empty() {
            0.0
        } else {
            WEALTH_TOTAL * shares.iter().sum::<f64>() / shares.len() as f64
        };
        let (wealth, note) = if proxy > 0.0 {
            (proxy, None)
        } else {
            (
                capability * WEALTH_TOTAL / CAPABILITY_TOTAL,
                Some("no energy, steel or urban population in NMC: wealth set in proportion to capability".to_string()),
            )
        };
        let id = if ids.contains_key(&spell.abb) {
            format!("{}{}", spell.abb, spell.ccode)
        } else {
            spell.abb.clone()
        };
        ids.insert(id.clone(), states.len());
        states.push(ImportedState {
            ccode: spell.ccode,
            id,
            name: super::names::state_name(spell.ccode, year, &spell.name),
            region: Region::of(spell.ccode),
            cinc,
            capability,
            wealth,
            note,
            capital: capital(spell.ccode, year),
        });
    }
    // The proxy's shares were taken before any fallback; rescale so the total is exact.
    let wealth_sum: f64 = states.iter().map(|s| s.wealth).sum();
    if wealth_sum > 0.0 {
        for s in &mut states {
            s.wealth *= WEALTH_TOTAL / wealth_sum;
        }
    }

    let index: BTreeMap<u32, usize> = states
        .iter()
        .enumerate()
        .map(|(i, s)| (s.ccode, i))
        .collect();
    let borders: Vec<ImportedBorder> = src
        .contiguity
        .in_year(year)
        .filter(|&(_, _, k)| k <= max_type)
        .filter_map(|(a, b, k)| {
            Some(ImportedBorder {
                a: *index.get(&a)?,
                b: *index.get(&b)?,
                conttype: k,
            })
        })
        .collect();

    let mut groups: BTreeMap<u32, Vec<&Membership>> = BTreeMap::new();
    for m in src.alliances.in_force(year, req.on) {
        groups.entry(m.id).or_default().push(m);
    }
    let mut alliances = Vec::new();
    for (id, rows) in groups {
        let inside: Vec<&Membership> = rows
            .iter()
            .copied()
            .filter(|m| index.contains_key(&m.ccode))
            .collect();
        let mut members: Vec<usize> = inside
            .iter()
            .filter_map(|m| index.get(&m.ccode).copied())
            .collect();
        members.sort_unstable();
        members.dedup();
        if members.len() < 2 {
            continue;
        }
        let any = |f: fn(&Membership) -> bool| inside.iter().any(|m| f(m));
        let all = |f: fn(&Membership) -> bool| inside.iter().all(|m| f(m));
        let kind = if any(|m| m.defense) {
            AllianceKind::Defense
        } else if any(|m| m.neutrality || m.nonaggression) {
            AllianceKind::Neutrality
        } else if any(|m| m.entente) {
            AllianceKind::Entente
        } else {
            left_out.push(format!(
                "COW alliance {id}: no obligation is coded for its members in {year}"
            ));
            continue;
        };
        let flags: [(&str, Obligation); 4] = [
            ("defense", |m| m.defense),
            ("neutrality", |m| m.neutrality),
            ("non-aggression", |m| m.nonaggression),
            ("entente", |m| m.entente),
        ];
        let obligations: Vec<&str> = flags
            .iter()
            .filter(|(_, f)| any(*f))
            .map(|(n, _)| *n)
            .collect();
        let asymmetric = flags.iter().any(|(_, f)| any(*f) && !all(*f));
        let start = inside.iter().map(|m| m.start).min().unwrap_or(Day {
            year,
            month: None,
            day: None,
        });
        let end = if inside.iter().any(|m| m.end.is_none()) {
            None
        } else {
            inside.iter().filter_map(|m| m.end).max()
        };
        let mut outside: Vec<String> = rows
            .iter()
            .filter(|m| !index.contains_key(&m.ccode))
            .map(|m| {
                src.states
                    .any(m.ccode)
                    .map_or_else(|| m.ccode.to_string(), |s| s.abb.clone())
            })
            .collect();
        outside.sort();
        outside.dedup();
        alliances.push(ImportedAlliance {
            id,
            kind,
            members,
            obligations: obligations.join(", "),
            asymmetric,
            start,
            end,
            outside,
        });
    }

    Ok(Imported {
        request: req.clone(),
        states,
        borders,
        alliances,
        left_out,
    })
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;

    fn fixture(name: &str) -> PathBuf {
        PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/cow")
            .join(name)
    }

    fn sources() -> Sources {
        Sources {
            nmc: Nmc::read(&fixture("nmc.csv")).unwrap(),
            alliances: Alliances::read(&fixture("alliances.csv")).unwrap(),
            contiguity: Contiguity::read(&fixture("contdird.csv")).unwrap(),
            states: StateList::read(&fixture("states.csv")).unwrap(),
            majors: Some(Majors::read(&fixture("majors.csv")).unwrap()),
        }
    }

    fn request(year: i32, regions: &[Region]) -> Request {
        Request {
            year,
            selection: Selection {
                regions: regions.to_vec(),
                ..Selection::default()
            },
            on: None,
            sea_miles: 0,
            name: None,
            command: "deterrence import-cow (test)".into(),
        }
    }

    fn ids(w: &Imported) -> Vec<&str> {
        w.states.iter().map(|s| s.id.as_str()).collect()
    }

    fn alliance(w: &Imported, id: u32) -> Option<&ImportedAlliance> {
        w.alliances.iter().find(|a| a.id == id)
    }

    #[test]
    fn states_capability_and_wealth() {
        let w = assemble(&request(1914, &[Region::Europe]), &sources()).unwrap();
        assert_eq!(ids(&w), ["UKG", "FRN", "GMY", "AUH", "YUG"]);
        let cap: f64 = w.states.iter().map(|s| s.capability).sum();
        let wealth: f64 = w.states.iter().map(|s| s.wealth).sum();
        assert!((cap - 100.0).abs() < 1e-9 && (wealth - 1000.0).abs() < 1e-9);
        // CINC 0.21 against 0.10: renormalising keeps the ratio.
        assert!((w.states[2].capability / w.states[1].capability - 2.1).abs() < 1e-12);
        assert!((w.states[0].capability - 100.0 / 3.0).abs() < 1e-9);
        // Serbia has no energy, no steel and no urban population: wealth falls back.
        assert!(w.states[4].note.is_some());
        assert!(w.states[..4].iter().all(|s| s.note.is_none()));
        // The UK has the largest shares of energy and urban population.
        assert!(w.states.iter().all(|s| s.wealth <= w.states[0].wealth));
        assert_eq!(w.states[2].region, Some(Region::Europe));
        // Capitals of the year, for the map.
        let city = |i: usize| w.states[i].capital.map(|c| c.city);
        assert_eq!(city(0), Some("London"));
        assert_eq!(city(2), Some("Berlin"));
    }

    #[test]
    fn selections_combine() {
        let src = sources();
        let mut r = request(1914, &[]);
        r.selection.majors = true;
        let w = assemble(&r, &src).unwrap();
        assert_eq!(ids(&w), ["USA", "UKG", "FRN", "GMY", "AUH"]);
        r.selection = Selection {
            ccodes: vec![345, 300],
            ..Selection::default()
        };
        assert_eq!(ids(&assemble(&r, &src).unwrap()), ["AUH", "YUG"]);
        r.selection.regions = vec![Region::Americas];
        assert_eq!(ids(&assemble(&r, &src).unwrap()), ["USA", "AUH", "YUG"]);
    }

    #[test]
    fn borders_land_and_water() {
        let src = sources();
        let mut r = request(1914, &[Region::Europe, Region::Americas]);
        let pairs = |w: &Imported| -> Vec<(String, String, u8)> {
            w.borders
                .iter()
                .map(|b| {
                    (
                        w.states[b.a].id.clone(),
                        w.states[b.b].id.clone(),
                        b.conttype,
                    )
                })
                .collect()
        };
        let land = assemble(&r, &src).unwrap();
        assert_eq!(pairs(&land).len(), 3);
        assert!(pairs(&land).iter().all(|p| p.2 == 1));
        r.sea_miles = 24;
        let sea = assemble(&r, &src).unwrap();
        assert!(pairs(&sea).contains(&("UKG".into(), "FRN".into(), 3)));
        assert_eq!(pairs(&sea).len(), 4);
        r.sea_miles = 400;
        assert_eq!(pairs(&assemble(&r, &src).unwrap()).len(), 5);
        r.sea_miles = 100;
        assert!(
            assemble(&r, &src)
                .unwrap_err()
                .to_string()
                .contains("--sea-miles 100")
        );
    }

    #[test]
    fn alliances_in_force_grouped_and_typed() {
        let src = sources();
        let w = assemble(&request(1914, &[Region::Europe]), &src).unwrap();
        let dual = alliance(&w, 64).unwrap();
        assert_eq!(dual.kind, AllianceKind::Defense);
        assert_eq!(dual.obligations, "defense, neutrality");
        assert!(!dual.asymmetric);
        assert_eq!(alliance(&w, 91).unwrap().kind, AllianceKind::Entente);
        // The UK's membership of 74 ended in 1913, leaving France alone: no alliance.
        assert!(alliance(&w, 74).is_none());
        // Only Germany pledged in 93: kept as a defence pact, flagged one-sided.
        assert!(alliance(&w, 93).unwrap().asymmetric);
        // 99 has a member outside the selection only.
        assert!(alliance(&w, 99).is_none());

        // On 28 June, 93 (from 2 August) is not yet in force.
        let mut r = request(1914, &[Region::Europe]);
        r.on = Some((6, 28));
        assert!(alliance(&assemble(&r, &src).unwrap(), 93).is_none());
        // In 1913 the UK was still in 74.
        let w = assemble(&request(1913, &[Region::Europe]), &src).unwrap();
        assert_eq!(alliance(&w, 74).unwrap().members.len(), 2);
        // Neutrality over a blank non-aggression flag; members outside are named.
        let mut r = request(1914, &[Region::Americas]);
        r.selection.ccodes = vec![220];
        let w = assemble(&r, &src).unwrap();
        assert_eq!(alliance(&w, 99).unwrap().kind, AllianceKind::Neutrality);
        let mut r = request(1914, &[Region::Europe]);
        r.selection.ccodes = vec![2];
        r.selection.regions = vec![];
        r.selection.majors = false;
        r.selection.ccodes.push(220);
        assert!(alliance(&assemble(&r, &src).unwrap(), 91).is_none());
    }

    #[test]
    fn bad_requests_name_the_file() {
        let src = sources();
        let e = assemble(&request(1920, &[Region::Europe]), &src).unwrap_err();
        assert!(
            e.to_string()
                .contains("nmc.csv: covers the years 1913–1915; --year 1920 is outside the data"),
            "{e}"
        );
        let mut r = request(1914, &[]);
        r.selection.ccodes = vec![999];
        let e = assemble(&r, &src).unwrap_err().to_string();
        assert!(e.contains("states.csv: has no state with ccode 999"), "{e}");
        r.selection.ccodes = vec![345];
        r.year = 1915;
        r.on = Some((7, 1));
        let e = assemble(&r, &src).unwrap_err().to_string();
        assert!(
            e.contains("ccode 345 (YUG) is not in the state system in 1915"),
            "{e}"
        );
        let mut r = request(1914, &[Region::Asia]);
        let e = assemble(&r, &src).unwrap_err().to_string();
        assert!(e.contains("gives 0 state(s)"), "{e}");
        r.selection.majors = true;
        let mut no_majors = src.clone();
        no_majors.majors = None;
        let e = assemble(&r, &no_majors).unwrap_err().to_string();
        assert!(e.contains("--majors-file"), "{e}");
    }

    #[test]
    fn the_rendered_file_loads_and_traces_its_lines() {
        let mut r = request(1914, &[Region::Europe]);
        r.sea_miles = 24;
        let w = assemble(&r, &sources()).unwrap();
        let text = super::super::render(&w);
        let s = crate::scenario::load_str("imported.toml", &text, &[]).unwrap();
        assert_eq!(s.world.states.len(), 5);
        assert_eq!(s.world.borders.len(), 4);
        assert_eq!(s.world.alliances.len(), w.alliances.len());
        for needle in [
            "deterrence import-cow (test)",
            "# COW alliance 64 (Formal Alliances v4.1): defense, neutrality; from 7 Oct 1879",
            "# water, at most 24 miles (COW conttype 3)",
            "Gibler, Douglas M. 2009",
            "Stinnett, Douglas M.",
            "Singer, J. David",
            "State System Membership v2016: Correlates of War Project. 2017.",
            "[[states]]  # ccode 255; CINC 0.21 in 1914",
        ] {
            assert!(text.contains(needle), "missing {needle:?} in:\n{text}");
        }
    }
}
