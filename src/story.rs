//! The story of one replication, year by year: the crises and how far they
//! climbed, who backed whom, which calls on allies were honoured, who joined
//! which side of each war and when, who won and what was conquered.
//!
//! Replications are deterministic (a seed and a replication number give the
//! same run on any machine), so a story is told by simulating that one
//! replication again with its event records kept; it is the same run the
//! experiment's results count. The text comes in English and Indonesian.

use crate::chart::Lang;
use crate::model::records::{Answer, Applied, Backer, CallRecord, CrisisEnd, CrisisRecord};
use crate::model::{Entry, Recording, RunRecord, WarEnd, WarRecord, World, simulate_recording};
use crate::rng::Stream;
use crate::scenario::Scenario;

/// One replication's events, ready to be told.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Story {
    /// The scenario's name.
    pub scenario: String,
    /// The replication told (from 0, as in every output).
    pub replication: u64,
    /// The run's seed.
    pub seed: u64,
    /// Years simulated.
    pub years: u32,
    names: Vec<String>,
    alliances: Vec<String>,
    members: Vec<Vec<usize>>,
    run: RunRecord,
}

/// One entry of the story: a year (from 1), how deep it is nested (0 for a
/// crisis or a war's start or end, 1 for what happened within it) and its text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Line {
    /// The year, from 1.
    pub year: u32,
    /// 0 for a headline event, 1 for a detail of the one before.
    pub depth: u8,
    /// The sentence.
    pub text: String,
}

/// Simulates replication `replication` of `scenario` again, keeping the records `keep`:
/// the same run, draw for draw, as the experiment's.
pub fn replay(scenario: &Scenario, replication: u64, keep: Recording) -> RunRecord {
    let world = World::new(&scenario.world, &scenario.model);
    let sim = &scenario.simulation;
    let mut rng = Stream::for_replication(sim.seed, replication);
    simulate_recording(&world, &scenario.model, sim.years, &mut rng, keep)
}

/// Simulates replication `replication` of `scenario` again, keeping its crises,
/// wars and calls.
pub fn tell(scenario: &Scenario, replication: u64) -> Story {
    let sim = &scenario.simulation;
    let keep = Recording {
        wars: true,
        crises: true,
        calls: true,
        ..Recording::default()
    };
    let run = replay(scenario, replication, keep);
    Story {
        scenario: scenario.name.clone(),
        replication,
        seed: sim.seed,
        years: sim.years,
        names: scenario
            .world
            .states
            .iter()
            .map(|s| {
                if s.name.trim().is_empty() {
                    s.id.clone()
                } else {
                    s.name.clone()
                }
            })
            .collect(),
        members: scenario
            .world
            .alliances
            .iter()
            .map(|a| a.members.clone())
            .collect(),
        alliances: scenario
            .world
            .alliances
            .iter()
            .map(|a| a.name.clone())
            .collect(),
        run,
    }
}

/// English or Indonesian.
fn say(lang: Lang, en: String, id: String) -> String {
    match lang {
        Lang::En => en,
        Lang::Id => id,
    }
}

/// A hostility level as a noun phrase: 2 threat, 3 display of force, 4 use of force, 5 war.
fn level_words(level: u8, lang: Lang) -> &'static str {
    match (level, lang) {
        (2, Lang::En) => "a threat of force",
        (3, Lang::En) => "a display of force",
        (4, Lang::En) => "the use of force",
        (_, Lang::En) => "war",
        (2, Lang::Id) => "ancaman kekerasan",
        (3, Lang::Id) => "unjuk kekuatan",
        (4, Lang::Id) => "penggunaan kekerasan",
        (_, Lang::Id) => "perang",
    }
}

/// The text with its first letter in capitals (a name in a list can start a sentence).
fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(first) => first.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// "A, B and C" / "A, B dan C".
fn list(items: &[String], lang: Lang) -> String {
    let and = match lang {
        Lang::En => "and",
        Lang::Id => "dan",
    };
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} {and} {last}", rest.join(", ")),
    }
}

impl Story {
    fn name(&self, s: u32) -> String {
        self.names.get(s as usize).cloned().unwrap_or_default()
    }

    fn alliance(&self, a: u32) -> String {
        self.alliances.get(a as usize).cloned().unwrap_or_default()
    }

    /// A backer by name; an alliance's remote members, weighed as one, by the
    /// alliance (or by the one state they can be, when only one is left).
    fn backer(&self, b: &Backer, c: &CrisisRecord, lang: Lang) -> String {
        if !b.bloc {
            return self.name(b.state);
        }
        let named: Vec<usize> = c
            .backers
            .iter()
            .filter(|x| !x.bloc)
            .map(|x| x.state as usize)
            .chain([c.challenger as usize, c.target as usize])
            .collect();
        let rest: Vec<usize> = self
            .members
            .get(b.state as usize)
            .map_or(&[][..], Vec::as_slice)
            .iter()
            .copied()
            .filter(|m| !named.contains(m))
            .collect();
        if let [one] = rest.as_slice() {
            return self.name(*one as u32);
        }
        let a = self.alliance(b.state);
        say(
            lang,
            format!("the other members of the {a}"),
            format!("anggota lain {a}"),
        )
    }

    /// The partner in alliance `a` on `side` of war `w` that a call was made
    /// for: a member of the pact fighting on that side by `year` (the side's
    /// originator when none can be found).
    fn partner(&self, w: &WarRecord, a: u32, side: u8, year: u32) -> String {
        let pact = self.members.get(a as usize).map_or(&[][..], Vec::as_slice);
        w.members
            .iter()
            .find(|m| m.side == side && m.entered <= year && pact.contains(&(m.state as usize)))
            .map_or_else(|| self.side_of(w, side), |m| self.name(m.state))
    }

    /// The number a war is told by: its order of onset, from 1.
    fn war_number(id: u32) -> u32 {
        id + 1
    }

    /// The title line: scenario, replication and seed.
    pub fn title(&self, lang: Lang) -> String {
        say(
            lang,
            format!(
                "{} — replication {} (seed {})",
                self.scenario, self.replication, self.seed
            ),
            format!(
                "{} — replikasi {} (seed {})",
                self.scenario, self.replication, self.seed
            ),
        )
    }

    /// One sentence on the whole run: years, crises by level, wars.
    pub fn summary(&self, lang: Lang) -> String {
        let mut by_level = [0u32; 4];
        for c in &self.run.crises {
            by_level[usize::from(c.level.clamp(2, 5)) - 2] += 1;
        }
        let crises = self.run.crises.len();
        let wars = self.run.wars.len();
        let deterred = self.run.crises.iter().filter(|c| c.deterred).count();
        let conquered: usize = self.run.wars.iter().map(|w| w.conquered.len()).sum();
        say(
            lang,
            format!(
                "{} years, {crises} crises ({} ended at a threat, {} at a display of force, \
                 {} at the use of force, {} in war); {deterred} crises ended because the \
                 target's allies deterred the challenger; {wars} wars; {conquered} states conquered.",
                self.years, by_level[0], by_level[1], by_level[2], by_level[3]
            ),
            format!(
                "{} tahun, {crises} krisis ({} berakhir pada ancaman, {} pada unjuk kekuatan, \
                 {} pada penggunaan kekerasan, {} menjadi perang); {deterred} krisis berakhir \
                 karena sekutu pihak yang ditantang menggentarkan penantangnya; {wars} perang; \
                 {conquered} negara ditaklukkan.",
                self.years, by_level[0], by_level[1], by_level[2], by_level[3]
            ),
        )
    }

    /// Every event in order, years from `from` to `to` (from 1, inclusive).
    pub fn lines(&self, lang: Lang, from: u32, to: u32) -> Vec<Line> {
        self.lines_at_most(lang, from, to, usize::MAX)
    }

    /// The first `limit` entries (at least; a year is told whole) of [`Story::lines`].
    pub fn lines_at_most(&self, lang: Lang, from: u32, to: u32, limit: usize) -> Vec<Line> {
        let mut lines = Vec::new();
        let first = from.max(1) - 1;
        let last = to.min(self.years);
        // Records come in the order of events: crises by year, wars by number;
        // calls are grouped by war once, so telling a year costs its own events.
        let by_war = {
            let mut by_war: Vec<Vec<&CallRecord>> = vec![Vec::new(); self.run.wars.len()];
            for c in &self.run.calls {
                if let Some(v) = self.war_index(c.war).and_then(|i| by_war.get_mut(i)) {
                    v.push(c);
                }
            }
            by_war
        };
        let mut next_crisis = self.run.crises.partition_point(|c| c.year < first);
        for year in first..last {
            if lines.len() >= limit {
                break;
            }
            let mut push = |depth: u8, text: String| {
                lines.push(Line {
                    year: year + 1,
                    depth,
                    text,
                })
            };
            let year_of_war = |push: &mut dyn FnMut(u8, String), war: &WarRecord| {
                let calls = self
                    .war_index(war.id)
                    .and_then(|i| by_war.get(i))
                    .map_or(&[][..], Vec::as_slice);
                for text in self.year_of_war(war, calls, year, lang) {
                    push(1, text);
                }
                if war.end == year && war.ending != WarEnd::Unfinished {
                    push(0, self.ending(war, lang));
                }
            };
            // Wars fought on from earlier years first, then the year's crises,
            // each war that a crisis began told right after it.
            let mut ongoing: Vec<&WarRecord> = self
                .run
                .wars
                .iter()
                .filter(|w| w.start < year && year <= w.end)
                .collect();
            ongoing.sort_by_key(|w| w.id);
            for war in ongoing {
                year_of_war(&mut push, war);
            }
            while let Some(c) = self.run.crises.get(next_crisis).filter(|c| c.year == year) {
                next_crisis += 1;
                push(0, self.crisis(c, lang));
                if let Some(war) = c.war.and_then(|w| self.war(w)) {
                    push(0, self.onset(war, lang));
                    year_of_war(&mut push, war);
                }
            }
        }
        lines
    }

    /// Where war `id` is in the records (they are kept in order of number).
    fn war_index(&self, id: u32) -> Option<usize> {
        match self.run.wars.get(id as usize) {
            Some(w) if w.id == id => Some(id as usize),
            _ => self.run.wars.iter().position(|w| w.id == id),
        }
    }

    fn war(&self, id: u32) -> Option<&WarRecord> {
        self.war_index(id).and_then(|i| self.run.wars.get(i))
    }

    /// A crisis in one sentence or two: who, how high, how it ended, who backed whom.
    fn crisis(&self, c: &CrisisRecord, lang: Lang) -> String {
        let (a, b) = (self.name(c.challenger), self.name(c.target));
        let scripted = if c.scripted {
            say(
                lang,
                " (a crisis the scenario sets)".into(),
                " (krisis yang ditetapkan skenario)".into(),
            )
        } else {
            String::new()
        };
        let level = level_words(c.level, lang);
        let end = match c.end {
            CrisisEnd::Negotiated => say(
                lang,
                format!("settled by negotiation at {level}"),
                format!("diselesaikan lewat perundingan pada tahap {level}"),
            ),
            CrisisEnd::GaveIn => say(
                lang,
                format!("{b} gave in at {level}"),
                format!("{b} mengalah pada tahap {level}"),
            ),
            CrisisEnd::BackedDown if c.deterred => say(
                lang,
                format!(
                    "{a} backed down at {level}, deterred by {b}'s allies: alone, {b} would have been pressed further"
                ),
                format!(
                    "{a} mundur pada tahap {level}, digentarkan oleh sekutu {b}: seandainya sendirian, {b} akan terus ditekan"
                ),
            ),
            CrisisEnd::BackedDown => say(
                lang,
                format!("{a} backed down at {level}"),
                format!("{a} mundur pada tahap {level}"),
            ),
            CrisisEnd::War => match c.war {
                Some(w) => say(
                    lang,
                    format!("it became war {}", Self::war_number(w)),
                    format!("krisis itu menjadi perang {}", Self::war_number(w)),
                ),
                None => say(
                    lang,
                    "it became war".into(),
                    "krisis itu menjadi perang".into(),
                ),
            },
        };
        let mut text = say(
            lang,
            format!("{a} challenged {b}{scripted}."),
            format!("{a} menantang {b}{scripted}."),
        );
        for (side, whom) in [(0u8, &a), (1u8, &b)] {
            let backers: Vec<String> = c
                .backers
                .iter()
                .filter(|x| x.side == side)
                .map(|x| self.backer(x, c, lang))
                .collect();
            if !backers.is_empty() {
                let who = list(&backers, lang);
                text.push(' ');
                text.push_str(&capitalised(&say(
                    lang,
                    format!("{who} publicly backed {whom}."),
                    format!("{who} secara terbuka mendukung {whom}."),
                )));
            }
        }
        text.push(' ');
        text.push_str(&capitalised(&end));
        text.push('.');
        text
    }

    /// A war's first sentence: who attacked whom, and with what hopes.
    fn onset(&self, w: &WarRecord, lang: Lang) -> String {
        let (a, b) = (self.name(w.initiator), self.name(w.target));
        let n = Self::war_number(w.id);
        let pct = lang.number(100.0 * w.initiator_expected_win, 0);
        say(
            lang,
            format!("War {n} began: {a} attacked {b}, judging its chance of winning at {pct} %."),
            format!(
                "Perang {n} pecah: {a} menyerang {b}, dengan perkiraan peluang menang {pct} %."
            ),
        )
    }

    /// The side a participant fought on, named by its originator.
    fn side_of(&self, w: &WarRecord, side: u8) -> String {
        self.name(if side == 0 { w.initiator } else { w.target })
    }

    /// What happened in a war in one year: entries and the answers to calls.
    fn year_of_war(
        &self,
        w: &WarRecord,
        calls: &[&CallRecord],
        year: u32,
        lang: Lang,
    ) -> Vec<String> {
        let mut out = Vec::new();
        let n = Self::war_number(w.id);
        for m in w.members.iter().filter(|m| m.entered == year) {
            if m.how == Entry::Originator {
                continue;
            }
            let (who, side) = (self.name(m.state), self.side_of(w, m.side));
            let late = if year > w.start {
                say(
                    lang,
                    format!(" in the war's year {}", year - w.start + 1),
                    format!(" pada tahun ke-{} perang itu", year - w.start + 1),
                )
            } else {
                String::new()
            };
            out.push(match m.how {
                Entry::Called(a) => {
                    let pact = self.alliance(a);
                    say(
                        lang,
                        format!("{who} joined {side}'s side in war {n}{late}, honouring the {pact}."),
                        format!(
                            "{who} bergabung di pihak {side} dalam perang {n}{late}, memenuhi {pact}."
                        ),
                    )
                }
                _ => say(
                    lang,
                    format!("{who} joined {side}'s side in war {n}{late} on its own account."),
                    format!(
                        "{who} bergabung di pihak {side} dalam perang {n}{late} atas kehendak sendiri."
                    ),
                ),
            });
        }
        let calls = calls
            .iter()
            .filter(|c| c.year == year && c.answer != Answer::Honoured);
        for c in calls {
            out.push(self.call(w, c, lang));
        }
        out
    }

    /// A call on an ally that was not simply honoured.
    fn call(&self, w: &WarRecord, c: &CallRecord, lang: Lang) -> String {
        let who = self.name(c.state);
        let pact = self.alliance(c.alliance);
        let partner = self.partner(w, c.alliance, c.partner_side, c.year);
        let terms = match c.applied {
            Applied::Yes => String::new(),
            Applied::PartnerAttacking => say(
                lang,
                format!(": {partner} had attacked, and the pact only defends"),
                format!(": {partner} yang menyerang, sedangkan pakta itu hanya untuk bertahan"),
            ),
            Applied::Neither => say(
                lang,
                ": the pact's terms did not apply".into(),
                ": syarat pakta itu tidak berlaku".into(),
            ),
        };
        match c.answer {
            Answer::StayedOut if c.applied == Applied::Yes => say(
                lang,
                format!("{who} abandoned {partner}: called by the {pact}, it stayed out."),
                format!(
                    "{who} meninggalkan {partner}: dipanggil oleh {pact}, ia tidak ikut berperang."
                ),
            ),
            Answer::StayedOut => say(
                lang,
                format!("{who}, called by the {pact}, stayed out{terms}."),
                format!("{who}, dipanggil oleh {pact}, tidak ikut berperang{terms}."),
            ),
            Answer::JoinedOtherSide => say(
                lang,
                format!(
                    "{who}, called by the {pact} to {partner}'s side, joined the other side{terms}."
                ),
                format!(
                    "{who}, dipanggil oleh {pact} ke pihak {partner}, justru bergabung dengan pihak lawan{terms}."
                ),
            ),
            Answer::AtWar => say(
                lang,
                format!(
                    "{who}, called by the {pact}, could not answer: it was fighting, or just out of, another war."
                ),
                format!(
                    "{who}, dipanggil oleh {pact}, tidak dapat menjawab: ia sedang atau baru saja berperang di tempat lain."
                ),
            ),
            Answer::Honoured => say(
                lang,
                format!("{who} honoured the {pact}."),
                format!("{who} memenuhi {pact}."),
            ),
        }
    }

    /// How a war ended: who won, after how long, and what was conquered.
    fn ending(&self, w: &WarRecord, lang: Lang) -> String {
        let n = Self::war_number(w.id);
        let years = w.end - w.start + 1;
        let (winner, loser) = if w.initiator_won { (0, 1) } else { (1, 0) };
        let members = |side: u8| -> Vec<String> {
            w.members
                .iter()
                .filter(|m| m.side == side)
                .map(|m| self.name(m.state))
                .collect()
        };
        let won = list(&members(winner), lang);
        let lost = list(&members(loser), lang);
        let several = members(loser).len() > 1;
        let how = match (w.ending, lang, several) {
            (WarEnd::GaveUp, Lang::En, _) => "gave up",
            (_, Lang::En, false) => "was beaten",
            (_, Lang::En, true) => "were beaten",
            (WarEnd::GaveUp, Lang::Id, _) => "menyerah",
            (_, Lang::Id, _) => "dikalahkan",
        };
        let mut text = say(
            lang,
            format!(
                "War {n} ended after {years} year{}: {lost} {how}; {won} won.",
                if years == 1 { "" } else { "s" }
            ),
            format!("Perang {n} berakhir setelah {years} tahun: {lost} {how}; {won} menang."),
        );
        if !w.conquered.is_empty() {
            let gone: Vec<String> = w.conquered.iter().map(|&s| self.name(s)).collect();
            text.push(' ');
            text.push_str(&say(
                lang,
                format!("Conquered: {}.", list(&gone, lang)),
                format!("Ditaklukkan: {}.", list(&gone, lang)),
            ));
        }
        text
    }

    /// The wars still being fought when the run ended, one sentence each.
    pub fn unfinished(&self, lang: Lang) -> Vec<String> {
        self.run
            .wars
            .iter()
            .filter(|w| w.ending == WarEnd::Unfinished)
            .map(|w| {
                let n = Self::war_number(w.id);
                say(
                    lang,
                    format!("War {n} was still being fought when the run ended."),
                    format!("Perang {n} masih berlangsung ketika simulasi berakhir."),
                )
            })
            .collect()
    }

    /// The whole story as terminal text: title, summary, then each year with
    /// events; runs of quiet years are told as one line.
    pub fn text(&self, lang: Lang, from: u32, to: u32) -> String {
        let mut out = format!("{}\n{}\n", self.title(lang), self.summary(lang));
        let lines = self.lines(lang, from, to);
        let (first, last) = (from.max(1), to.min(self.years));
        let quiet = |out: &mut String, a: u32, b: u32| {
            if a > b {
                return;
            }
            let span = if a == b {
                say(lang, format!("Year {a}"), format!("Tahun {a}"))
            } else {
                say(lang, format!("Years {a}–{b}"), format!("Tahun {a}–{b}"))
            };
            let no = say(lang, "no crisis".into(), "tanpa krisis".into());
            out.push_str(&format!("\n{span}: {no}.\n"));
        };
        let mut next = first;
        let mut i = 0;
        while i < lines.len() {
            let year = lines[i].year;
            quiet(&mut out, next, year - 1);
            out.push_str(&say(
                lang,
                format!("\nYear {year}\n"),
                format!("\nTahun {year}\n"),
            ));
            while i < lines.len() && lines[i].year == year {
                let l = &lines[i];
                let lead = if l.depth == 0 { "  • " } else { "      " };
                out.push_str(lead);
                out.push_str(&l.text);
                out.push('\n');
                i += 1;
            }
            next = year + 1;
        }
        quiet(&mut out, next, last);
        let open = self.unfinished(lang);
        if !open.is_empty() && last == self.years {
            out.push('\n');
            for s in open {
                out.push_str(&s);
                out.push('\n');
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::metric_index;
    use crate::model::testkit::THREE;
    use crate::scenario::load_str;

    fn story(lang_years: u32) -> Story {
        let s = load_str(
            "three.toml",
            THREE,
            &[format!("simulation.years={lang_years}")],
        )
        .expect("valid");
        tell(&s, 1)
    }

    #[test]
    fn the_story_tells_every_crisis_and_war_of_the_run() {
        let st = story(40);
        let lines = st.lines(Lang::En, 1, 40);
        let crises = st.run.crises.len();
        let wars = st.run.wars.len();
        assert!(crises > 5, "a busy world has crises ({crises})");
        assert!(wars > 0, "and wars");
        let started = metric_index("wars_started").map(|i| st.run.run[i]);
        assert_eq!(started, Some(wars as f64));
        let told_crises = lines
            .iter()
            .filter(|l| l.text.contains("challenged"))
            .count();
        assert_eq!(told_crises, crises);
        let began = lines.iter().filter(|l| l.text.contains(" began: ")).count();
        assert_eq!(began, wars);
        let ended = st
            .run
            .wars
            .iter()
            .filter(|w| w.ending != WarEnd::Unfinished)
            .count();
        let told_ends = lines
            .iter()
            .filter(|l| l.text.contains(" ended after "))
            .count();
        assert_eq!(told_ends, ended);
        // Years go forward.
        assert!(lines.windows(2).all(|w| w[0].year <= w[1].year));
    }

    #[test]
    fn the_story_is_the_runs_own_and_the_same_each_time() {
        let a = story(40).text(Lang::En, 1, 40);
        let b = story(40).text(Lang::En, 1, 40);
        assert_eq!(a, b);
        let id = story(40).text(Lang::Id, 1, 40);
        assert!(id.contains("Tahun"));
        assert!(!id.contains("challenged"));
    }

    #[test]
    fn a_window_of_years_tells_only_those_years() {
        let st = story(40);
        let all = st.lines(Lang::En, 1, 40);
        let some = st.lines(Lang::En, 10, 20);
        assert!(some.iter().all(|l| (10..=20).contains(&l.year)));
        let expected: Vec<&Line> = all.iter().filter(|l| (10..=20).contains(&l.year)).collect();
        assert_eq!(some.iter().collect::<Vec<_>>(), expected);
    }

    #[test]
    fn telling_only_the_first_events_tells_the_same_events() {
        let st = story(40);
        let all = st.lines(Lang::En, 1, 40);
        let some = st.lines_at_most(Lang::En, 1, 40, 10);
        assert!(some.len() >= 10 && some.len() < all.len());
        assert_eq!(some[..], all[..some.len()]);
        // Whole years: the next entry, if any, is of a later year.
        assert!(all[some.len()].year > some[some.len() - 1].year);
    }

    #[test]
    fn lists_read_as_prose() {
        let v = |xs: &[&str]| xs.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(list(&v(&["A"]), Lang::En), "A");
        assert_eq!(list(&v(&["A", "B"]), Lang::En), "A and B");
        assert_eq!(list(&v(&["A", "B", "C"]), Lang::Id), "A, B dan C");
    }
}
