//! Assembles a scenario from the Correlates of War files: which states, their
//! capability and wealth, their borders and alliances in one year.
//!
//! The choices made here, and why, are stated in `docs/IMPORT.md`, and
//! repeated in the header of every file the importer writes:
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
//!   COW alliance id, the kind from the strongest obligation any member took on.

use std::collections::BTreeMap;

use super::ImportError;
use super::alliances::{Alliances, Day, Membership};
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

/// The contiguity type that stands for `miles` of water (1 = land only).
pub fn max_conttype(miles: u32) -> Option<u8> {
    if miles == 0 {
        return Some(1);
    }
    SEA_MILES.iter().find(|&&(_, m)| m == miles).map(|&(k, _)| k)
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
            ImportError::file(&src.states.file, format!("ccode {c} is not in the system in {year}"))
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
            None => left_out.push(format!("{} (ccode {c}): its CINC is missing (-9)", spell.abb)),
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
            name: spell.name.clone(),
            region: Region::of(spell.ccode),
            cinc,
            capability,
            wealth,
            note,
        });
    }
    // The proxy's shares were taken before any fallback; rescale so the total is exact.
    let wealth_sum: f64 = states.iter().map(|s| s.wealth).sum();
    if wealth_sum > 0.0 {
        for s in &mut states {
            s.wealth *= WEALTH_TOTAL / wealth_sum;
        }
    }

    let index: BTreeMap<u32, usize> = states.iter().enumerate().map(|(i, s)| (s.ccode, i)).collect();
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
        let inside: Vec<&Membership> = rows.iter().copied().filter(|m| index.contains_key(&m.ccode)).collect();
        let mut members: Vec<usize> = inside.iter().filter_map(|m| index.get(&m.ccode).copied()).collect();
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
            left_out.push(format!("COW alliance {id}: no obligation is coded for its members in {year}"));
            continue;
        };
        let flags: [(&str, fn(&Membership) -> bool); 4] = [
            ("defense", |m| m.defense),
            ("neutrality", |m| m.neutrality),
            ("non-aggression", |m| m.nonaggression),
            ("entente", |m| m.entente),
        ];
        let obligations: Vec<&str> = flags.iter().filter(|(_, f)| any(*f)).map(|(n, _)| *n).collect();
        let asymmetric = flags.iter().any(|(_, f)| any(*f) && !all(*f));
        let start = inside.iter().map(|m| m.start).min().unwrap_or(Day { year, month: None, day: None });
        let end = if inside.iter().any(|m| m.end.is_none()) {
            None
        } else {
            inside.iter().filter_map(|m| m.end).max()
        };
        let mut outside: Vec<String> = rows
            .iter()
            .filter(|m| !index.contains_key(&m.ccode))
            .map(|m| src.states.any(m.ccode).map_or_else(|| m.ccode.to_string(), |s| s.abb.clone()))
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
