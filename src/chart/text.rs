//! Every word the charts and the report show, in English and Bahasa Indonesia.
//!
//! Text lives here, not in the drawing code, so a translation can be checked
//! in one place and a chart never mixes languages. Indonesian numbers use the
//! decimal comma, as Indonesian readers write them.

use std::fmt;

use crate::model::{METRICS, metric_index};
use crate::stats::Verdict;

/// The language of titles, labels, captions and the report.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Lang {
    /// English.
    #[default]
    En,
    /// Bahasa Indonesia.
    Id,
}

impl Lang {
    /// The language's code as used on the command line and in HTML (`en`, `id`).
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Id => "id",
        }
    }

    /// The language for a code, if it is one of ours.
    pub fn from_code(code: &str) -> Option<Lang> {
        match code {
            "en" => Some(Lang::En),
            "id" => Some(Lang::Id),
            _ => None,
        }
    }

    /// `x` with `decimals` decimals, with the language's decimal mark and no
    /// minus sign on a value that rounds to zero.
    pub fn number(self, x: f64, decimals: usize) -> String {
        if !x.is_finite() {
            return "—".to_string();
        }
        let mut s = format!("{x:.decimals$}");
        if s.starts_with('-') && s[1..].chars().all(|c| c == '0' || c == '.') {
            s.remove(0);
        }
        match self {
            Lang::En => s,
            Lang::Id => s.replace('.', ","),
        }
    }

    /// A short string in this language.
    pub(crate) fn t(self, key: Key) -> &'static str {
        let (en, id) = key.pair();
        match self {
            Lang::En => en,
            Lang::Id => id,
        }
    }

    /// The caption line: scenario, replications, seed and tool version.
    pub fn caption(self, scenario: &str, replications: u32, seed: u64) -> String {
        let version = env!("CARGO_PKG_VERSION");
        match self {
            Lang::En => format!(
                "{scenario} · {replications} replication{} · seed {seed} · deterrence {version}",
                if replications == 1 { "" } else { "s" }
            ),
            Lang::Id => {
                format!(
                    "{scenario} · {replications} replikasi · seed {seed} · deterrence {version}"
                )
            }
        }
    }

    /// A metric's name for a title: words, not an identifier (`war_onset_rate`
    /// → "War onset rate"; in Indonesian its short name, "Laju pecahnya perang").
    pub fn metric_words(self, metric: &str) -> String {
        if self == Lang::Id
            && let Some(k) = metric_index(metric)
        {
            return METRICS[k].name_id.to_string();
        }
        let words = metric.replace('_', " ");
        let mut c = words.chars();
        match c.next() {
            Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
            None => String::new(),
        }
    }

    /// A parameter's path in words (`alliances.*.reliability` → "reliability of
    /// every alliance", `model.perception_noise` → "perception noise").
    pub fn parameter_words(self, path: &str) -> String {
        let parts: Vec<&str> = path.split('.').collect();
        let words = |s: &str| s.replace('_', " ");
        match (self, parts.as_slice()) {
            (_, ["model", name]) => words(name),
            (Lang::En, ["alliances", "*", field]) => format!("{} of every alliance", words(field)),
            (Lang::Id, ["alliances", "*", field]) => format!("{} semua aliansi", words(field)),
            (Lang::En, ["alliances", k, field]) => format!("{} of alliance {k}", words(field)),
            (Lang::Id, ["alliances", k, field]) => format!("{} aliansi {k}", words(field)),
            (_, ["states", k, field]) => format!("{} ({k})", words(field)),
            (_, ["simulation", name]) => words(name),
            _ => path.to_string(),
        }
    }

    /// A parameter for an axis: in words, with the path a user types.
    pub fn parameter_axis(self, path: &str) -> String {
        let words = self.parameter_words(path);
        if words == path {
            path.to_string()
        } else {
            format!("{words} ({path})")
        }
    }

    /// Title of a comparison of one metric across configurations.
    pub fn compare_title(self, metric: &str) -> String {
        let m = self.metric_words(metric);
        match self {
            Lang::En => format!("{m} by configuration (mean, 95 % interval)"),
            Lang::Id => format!("{m} menurut konfigurasi (rerata, interval 95 %)"),
        }
    }

    /// Title of a sweep of a metric over one parameter.
    pub fn sweep_title(self, metric: &str, parameter: &str) -> String {
        let (m, p) = (self.metric_words(metric), self.parameter_words(parameter));
        match self {
            Lang::En => format!("{m} as the {p} varies"),
            Lang::Id => format!("{m} ketika {p} berubah"),
        }
    }

    /// Title of a heatmap of a metric over two parameters.
    pub fn heatmap_title(self, metric: &str, x: &str, y: &str) -> String {
        // Lower-case only the first letter, so that "HHI" stays as it is.
        let words = self.metric_words(metric);
        let mut c = words.chars();
        let m = match c.next() {
            Some(f) => f.to_lowercase().collect::<String>() + c.as_str(),
            None => String::new(),
        };
        let (x, y) = (self.parameter_words(x), self.parameter_words(y));
        match self {
            Lang::En => format!("Mean {m} over {x} × {y}"),
            Lang::Id => format!("Rerata {m} pada kisi {x} × {y}"),
        }
    }

    /// A verdict on a claim.
    pub fn verdict(self, v: Verdict) -> &'static str {
        match (self, v) {
            (Lang::En, Verdict::Supported) => "supported",
            (Lang::En, Verdict::Contradicted) => "contradicted",
            (Lang::En, Verdict::Inconclusive) => "inconclusive",
            (Lang::En, Verdict::NoMeaningfulEffect) => "no meaningful effect",
            (Lang::Id, Verdict::Supported) => "didukung",
            (Lang::Id, Verdict::Contradicted) => "dibantah",
            (Lang::Id, Verdict::NoMeaningfulEffect) => "tanpa efek berarti",
            (Lang::Id, Verdict::Inconclusive) => "tidak konklusif",
            (Lang::En, Verdict::NotApplicable) => "not applicable",
            (Lang::Id, Verdict::NotApplicable) => "tidak berlaku",
        }
    }

    /// A claim's few-word gist, for chart rows ("Alliances deter aggressors"),
    /// or `None` for an ID this version does not know.
    pub fn claim_gist(self, id: &str) -> Option<&'static str> {
        let (en, id) = match id {
            "C1" => ("Alliances deter aggressors", "Aliansi menangkal agresor"),
            "C2" => ("Allies answer the call", "Sekutu memenuhi panggilan"),
            "C3" => (
                "Dialogue prevents miscalculation",
                "Dialog mencegah salah hitung",
            ),
            "C4" => (
                "Members settle disputes peacefully",
                "Anggota berdamai lewat perundingan",
            ),
            "C5" => (
                "Trust ends wars between members",
                "Kepercayaan meredam perang antaranggota",
            ),
            "C6" => (
                "Pooled defence: defenders win",
                "Pertahanan bersama: pembela menang",
            ),
            "C7" => (
                "Fewer wars between neighbours",
                "Lebih sedikit perang antartetangga",
            ),
            "C8" => (
                "Economic ties discourage war",
                "Ikatan ekonomi mencegah perang",
            ),
            "C9" => (
                "Shared intelligence foils attacks",
                "Berbagi intelijen menggagalkan serangan",
            ),
            "C10" => (
                "Members spend less on arms",
                "Anggota lebih hemat belanja militer",
            ),
            "C11" => ("Alliances balance power", "Aliansi menyeimbangkan kekuatan"),
            "C12" => ("Alliances keep the peace", "Aliansi menjaga perdamaian"),
            "K1" => (
                "Chain-ganging: bigger wars",
                "Terseret berantai: perang membesar",
            ),
            "K2" => (
                "Moral hazard: the protected attack",
                "Bahaya moral: yang dilindungi menyerang",
            ),
            "K3" => (
                "Security dilemma: outsiders arm",
                "Dilema keamanan: pihak luar bersenjata",
            ),
            "K4" => (
                "Deterrence needs credible pledges",
                "Penangkalan butuh janji kredibel",
            ),
            "K5" => (
                "Free-riding: small members spend less",
                "Menumpang: anggota kecil lebih hemat",
            ),
            _ => return None,
        };
        Some(match self {
            Lang::En => en,
            Lang::Id => id,
        })
    }

    /// A claim's row label: its ID and gist ("C1 · Alliances deter aggressors"),
    /// or the ID alone for one this version does not know.
    pub fn claim_label(self, id: &str) -> String {
        match self.claim_gist(id) {
            Some(gist) => format!("{id} · {gist}"),
            None => id.to_string(),
        }
    }

    /// Title of a comparison's report.
    pub fn compare_report_title(self, scenario: &str) -> String {
        match self {
            Lang::En => format!("Comparison: {scenario}"),
            Lang::Id => format!("Perbandingan: {scenario}"),
        }
    }

    /// Title of a sweep's report.
    pub fn sweep_report_title(self, scenario: &str) -> String {
        match self {
            Lang::En => format!("Sweep: {scenario}"),
            Lang::Id => format!("Sapuan parameter: {scenario}"),
        }
    }

    /// Title of the claims report of several worlds.
    pub fn claims_matrix_title(self, worlds: usize) -> String {
        match self {
            Lang::En => format!("Claims report: {worlds} worlds"),
            Lang::Id => format!("Laporan klaim: {worlds} dunia"),
        }
    }

    /// Title of the robustness report.
    pub fn robustness_report_title(self, scenario: &str, params: usize) -> String {
        match self {
            Lang::En => {
                format!("Robustness of the claims: {scenario} ({params} parameters varied)")
            }
            Lang::Id => format!("Kekokohan klaim: {scenario} ({params} parameter divariasikan)"),
        }
    }

    /// Title of the claims report of one world.
    pub fn claims_report_title(self, scenario: &str) -> String {
        match self {
            Lang::En => format!("Claims report: {scenario}"),
            Lang::Id => format!("Laporan klaim: {scenario}"),
        }
    }

    /// What a comparison did, in one paragraph.
    pub fn compare_intro(self, configurations: usize, years: u32) -> String {
        match self {
            Lang::En => format!(
                "{configurations} configurations, each run for {years} years per replication on common random numbers: \
                 replication r of every configuration uses the same random stream, so differences are taken \
                 replication by replication and their intervals are tight."
            ),
            Lang::Id => format!(
                "{configurations} konfigurasi, masing-masing dijalankan {years} tahun per replikasi dengan bilangan acak \
                 bersama: replikasi ke-r dari setiap konfigurasi memakai aliran acak yang sama, sehingga selisih dihitung \
                 replikasi demi replikasi dan intervalnya sempit."
            ),
        }
    }

    /// What a sweep did, in one paragraph.
    pub fn sweep_intro(self, parameters: &str, points: usize, years: u32) -> String {
        match self {
            Lang::En => format!(
                "{parameters} varied over {points} points, each run for {years} years per replication on the same \
                 seeds, so differences between points come from the parameter and not from chance draws."
            ),
            Lang::Id => format!(
                "{parameters} divariasikan pada {points} titik, masing-masing dijalankan {years} tahun per replikasi \
                 dengan seed yang sama, sehingga perbedaan antartitik berasal dari parameter, bukan dari undian acak."
            ),
        }
    }

    /// Heading of the paired difference against the first configuration.
    pub fn difference_vs(self, baseline: &str) -> String {
        match self {
            Lang::En => format!("Difference vs {baseline}"),
            Lang::Id => format!("Selisih terhadap {baseline}"),
        }
    }

    /// The verdict rule of the claims report, in one paragraph.
    pub fn verdict_rule(self, min_relative: f64) -> String {
        let pct = self.number(min_relative * 100.0, 0);
        match self {
            Lang::En => format!(
                "Each effect is the scenario (the treatment) minus the control, paired by replication on common \
                 random numbers, with its 95 % t-interval; δ, the smallest effect that matters, is {pct} % of the \
                 control's mean (for K5, whose reference is a correlation of zero, at least 0.1). Supported: the interval excludes zero in the claimed direction and the effect is at \
                 least δ. Contradicted: the same, the other way. No meaningful effect: the whole interval lies \
                 within ±δ. Inconclusive: none of these. Not applicable: the scenario gives the experiment nothing \
                 to measure. A verdict holds under this model's assumptions, not necessarily in the real world."
            ),
            Lang::Id => format!(
                "Setiap efek adalah skenario (perlakuan) dikurangi kontrol, dipasangkan per replikasi dengan bilangan \
                 acak bersama, beserta interval-t 95 %-nya; δ, efek terkecil yang berarti, adalah {pct} % dari rerata \
                 kontrol (untuk K5, yang acuannya korelasi nol, sedikitnya 0,1). Didukung: interval tidak memuat nol pada arah yang diklaim dan efeknya sedikitnya δ. \
                 Dibantah: sama, pada arah sebaliknya. Tanpa efek berarti: seluruh interval berada di dalam ±δ. \
                 Tidak konklusif: bukan salah satu di atas. Tidak berlaku: skenario tidak menyediakan apa pun untuk \
                 diukur oleh eksperimen itu. Kesimpulan ini berlaku di bawah asumsi model ini, belum tentu di dunia nyata."
            ),
        }
    }

    /// The legend entry of a line smoothed over `window` years.
    pub fn moving_average(self, window: usize) -> String {
        match self {
            Lang::En => format!("mean, moving average over {window} years"),
            Lang::Id => format!("rerata, rata-rata bergerak {window} tahun"),
        }
    }

    /// The legend entry of the `n` least important pacts sharing one colour.
    pub fn other_pacts(self, n: usize) -> String {
        match self {
            Lang::En => format!("Other pacts ({n})"),
            Lang::Id => format!("Pakta lain ({n})"),
        }
    }

    /// The note naming the states too far away to fit, drawn at the map's edge.
    pub fn map_far(self, ids: &str) -> String {
        match self {
            Lang::En => format!("{ids}: far away, drawn at the edge with an arrow toward them"),
            Lang::Id => format!("{ids}: jauh, digambar di tepi dengan panah ke arahnya"),
        }
    }

    /// What metric `name` measures, or `None` for a metric this version does not know.
    pub fn metric_doc(self, name: &str) -> Option<&'static str> {
        let m = METRICS.iter().find(|m| m.name == name)?;
        Some(match self {
            Lang::En => m.doc,
            Lang::Id => m.doc_id,
        })
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// Fixed strings, each with its English and Indonesian form.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
// Each variant is named for where its text appears; `pair` gives the text.
pub(crate) enum Key {
    OnsetTitle,
    OnsetY,
    OnsetYShort,
    Year,
    MeanOverReplications,
    Interval95,
    OtherConfigurations,
    AnimationTitle,
    AnimationNote,
    WarLine,
    CrisisLine,
    Conquered,
    NoData,
    NoWars,
    WarSizesTitle,
    WarSizesBars,
    WarSizesX,
    WarSizesY,
    TailPanel,
    TailX,
    TailY,
    MapTitle,
    Border,
    AllianceTie,
    NoAlliance,
    MapNote,
    MapCapitals,
    LevelsTitle,
    SpendingPanel,
    SpendingY,
    Members,
    NonMembers,
    ConcentrationPanel,
    ConcentrationY,
    LargestShare,
    Hhi,
    CompareSeriesTitle,
    ForestTitle,
    Effect,
    NoEffect,
    SmallestEffect,
    VerdictMatrixTitle,
    RobustnessTitle,
    ReadRobustness,
    ReadDrivers,
    RobustnessTableNote,
    StrongestDriver,
    WhereItFlips,
    LowestDrawn,
    HighestDrawn,
    DriversTitle,
    DriverUp,
    DriverDown,
    DriverUnclear,
    MatrixNote,
    Worlds,
    ReadMatrix,
    FactsTitle,
    FactsAxis,
    FactsRecord,
    FactsModel,
    FactsSame,
    CalibrationTitle,
    CalibrationPoint,
    CalibrationAccepted,
    CalibrationBest,
    ReadOnset,
    ReadWarSizes,
    ReadWarSizesTail,
    ReadMap,
    ReadLevels,
    Report,
    Parameters,
    Simulation,
    Years,
    Replications,
    Seed,
    ScenarioFile,
    ScenarioHash,
    ToolVersion,
    ModelParameters,
    World,
    States,
    Borders,
    Alliances,
    AllianceName,
    Kind,
    MembersColumn,
    Reliability,
    Charts,
    Summary,
    SummaryNote,
    Metric,
    Meaning,
    Mean,
    Parameter,
    Setting,
    Default,
    ParameterMeaning,
    ReadCompare,
    ReadCompareSeries,
    ReadSweep,
    ReadHeatmap,
    ReadForest,
    Results,
    CompareResultsNote,
    Configuration,
    Configurations,
    Source,
    Changes,
    AsWritten,
    ParametersVaried,
    Values,
    SweepResultsNote,
    SweepBaseNote,
    Claims,
    ClaimsTableNote,
    ClaimsEnglishNote,
    Id,
    Claim,
    Control,
    ScenarioColumn,
    VerdictColumn,
    EffectColumn,
    PledgesColumn,
    Note,
    Notes,
    NothingToMeasure,
    None,
}

impl Key {
    fn pair(self) -> (&'static str, &'static str) {
        use Key::*;
        match self {
            OnsetTitle => ("War onset rate per year", "Laju pecahnya perang per tahun"),
            OnsetYShort => ("Wars per 100 state-years", "Perang per 100 negara-tahun"),
            OnsetY => (
                "Wars begun per 100 state-years",
                "Perang yang dimulai per 100 negara-tahun",
            ),
            Year => ("Year of the simulation", "Tahun simulasi"),
            MeanOverReplications => ("Mean over replications", "Rerata seluruh replikasi"),
            Interval95 => ("95 % interval", "Interval 95 %"),
            AnimationTitle => (
                "One replication, year by year",
                "Satu replikasi, tahun demi tahun",
            ),
            WarLine => (
                "war: lines join enemies, fighters ringed",
                "perang: garis menghubungkan pihak yang berlawanan, petarung dilingkari",
            ),
            CrisisLine => ("crisis this year", "krisis tahun ini"),
            Conquered => ("conquered", "ditaklukkan"),
            OtherConfigurations => ("other configurations' means", "rerata konfigurasi lain"),
            NoData => ("No data", "Tidak ada data"),
            NoWars => ("No wars in this run", "Tidak ada perang dalam simulasi ini"),
            WarSizesTitle => ("How large wars become", "Ukuran perang"),
            WarSizesBars => ("Wars by number of states", "Perang menurut jumlah negara"),
            WarSizesX => (
                "States taking part in the war",
                "Jumlah negara yang ikut berperang",
            ),
            WarSizesY => ("Wars (all replications)", "Jumlah perang (semua replikasi)"),
            TailPanel => ("Tail (log–log)", "Ekor sebaran (log–log)"),
            TailX => (
                "States taking part (log scale)",
                "Jumlah negara (skala log)",
            ),
            TailY => (
                "Share of wars at least this large",
                "Porsi perang sebesar ini atau lebih",
            ),
            MapTitle => (
                "Alliance map at the start of the simulation",
                "Peta aliansi pada awal simulasi",
            ),
            Border => ("Border", "Perbatasan"),
            AllianceTie => ("Alliance tie", "Ikatan aliansi"),
            NoAlliance => ("No alliance", "Tanpa aliansi"),
            AnimationNote => (
                "Circle area ∝ military capability that year, on the scale of the first · colour: the state's most important pact at the start · a year a frame",
                "Luas lingkaran ∝ kapabilitas militer pada tahun itu, dengan skala tahun pertama · warna: pakta terpenting negara itu di awal · satu bingkai per tahun",
            ),
            MapNote => (
                "Circle area ∝ military capability · colour: the state's most important pact (most capability among its members; non-aggression pacts last) · dashed lines tie allies to their strongest member",
                "Luas lingkaran ∝ kapabilitas militer · warna: pakta terpenting negara itu (kapabilitas anggotanya terbesar; pakta non-agresi terakhir) · garis putus-putus menghubungkan sekutu ke anggota terkuatnya",
            ),
            MapCapitals => (
                "States at their capitals, north up",
                "Negara di letak ibu kotanya, utara di atas",
            ),
            LevelsTitle => (
                "Military spending and concentration of power over time",
                "Belanja militer dan pemusatan kekuatan dari waktu ke waktu",
            ),
            SpendingPanel => ("Military spending", "Belanja militer"),
            SpendingY => (
                "Share of wealth spent on the military",
                "Porsi kekayaan untuk belanja militer",
            ),
            Members => ("Alliance members", "Anggota aliansi"),
            NonMembers => ("States in no alliance", "Negara tanpa aliansi"),
            ConcentrationPanel => ("Concentration of capability", "Pemusatan kapabilitas"),
            ConcentrationY => ("Share or index (0 to 1)", "Porsi atau indeks (0 sampai 1)"),
            LargestShare => ("Largest state's share", "Porsi negara terkuat"),
            Hhi => ("Herfindahl–Hirschman index", "Indeks Herfindahl–Hirschman"),
            CompareSeriesTitle => (
                "War onset rate per year, by configuration",
                "Laju pecahnya perang per tahun, menurut konfigurasi",
            ),
            ForestTitle => (
                "Claims: estimated effect with 95 % interval",
                "Klaim: perkiraan efek dengan interval 95 %",
            ),
            Effect => (
                "Effect: scenario − control, in standard deviations of the control",
                "Efek: skenario − kontrol, dalam simpangan baku kontrol",
            ),
            NoEffect => ("no effect", "tanpa efek"),
            MatrixNote => (
                "One row per claim, one column per world: the verdict of the claim's experiment run on that world, by the rule above. A claim that holds in every column holds whatever the world; one that changes from column to column depends on what differs between the worlds. Each world's effects, intervals and notes follow.",
                "Satu baris per klaim, satu kolom per dunia: kesimpulan eksperimen klaim itu yang dijalankan pada dunia tersebut, menurut aturan di atas. Klaim yang bertahan di setiap kolom berlaku apa pun dunianya; klaim yang berubah dari kolom ke kolom bergantung pada apa yang berbeda antara dunia-dunia itu. Efek, interval, dan catatan setiap dunia menyusul.",
            ),
            Worlds => ("Worlds", "Dunia"),
            ReadMatrix => (
                "Each cell is one claim's verdict in one world, in colour and as a symbol: ✓ supported, ✗ contradicted, ≈ no meaningful effect, ? inconclusive, – not applicable. Read a row across to see whether a claim holds whatever the world.",
                "Setiap sel adalah kesimpulan satu klaim di satu dunia, dalam warna dan simbol: ✓ didukung, ✗ dibantah, ≈ tanpa efek berarti, ? tidak konklusif, – tidak berlaku. Baca satu baris ke samping untuk melihat apakah sebuah klaim berlaku apa pun dunianya.",
            ),
            RobustnessTitle => (
                "How robust each verdict is: share of parameter sets giving each verdict",
                "Seberapa kokoh tiap kesimpulan: porsi set parameter per kesimpulan",
            ),
            DriversTitle => (
                "What drives each claim's effect: partial rank correlation with each parameter",
                "Apa yang menggerakkan efek tiap klaim: korelasi peringkat parsial dengan tiap parameter",
            ),
            ReadRobustness => (
                "Each bar is one claim, run at every parameter set drawn: its segments are the shares of sets giving each verdict. A bar of one colour is a verdict that holds across the parameter space tried; a bar of several depends on the parameters (see the drivers and where the verdict flips).",
                "Setiap batang adalah satu klaim, dijalankan pada setiap set parameter yang ditarik: segmennya adalah porsi set yang memberi tiap kesimpulan. Batang berwarna tunggal adalah kesimpulan yang bertahan di seluruh ruang parameter yang dicoba; batang berwarna banyak bergantung pada parameternya (lihat penggerak dan titik kesimpulan berbalik).",
            ),
            ReadDrivers => (
                "Each cell is the partial rank correlation between a parameter and a claim's effect (relative to its control) over the parameter sets, the other parameters held fixed: near +1 or −1 the parameter drives the effect, near 0 it does not. Cells whose 95 % interval includes zero are grey.",
                "Setiap sel adalah korelasi peringkat parsial antara satu parameter dan efek satu klaim (relatif terhadap kontrolnya) atas set-set parameter, dengan parameter lain dikendalikan: mendekati +1 atau −1 parameter itu menggerakkan efeknya, mendekati 0 tidak. Sel yang interval 95 %-nya memuat nol berwarna abu-abu.",
            ),
            RobustnessTableNote => (
                "For each claim, the share of parameter sets giving each verdict; the parameter whose partial rank correlation with the effect is largest and clear of zero, with its 95 % interval; and the single threshold on one parameter that best separates the sets giving the most common verdict from the others, where one beats that verdict alone by ten points.",
                "Untuk setiap klaim, porsi set parameter yang memberi tiap kesimpulan; parameter yang korelasi peringkat parsialnya dengan efek paling besar dan jelas bukan nol, beserta interval 95 %-nya; dan satu ambang pada satu parameter yang paling baik memisahkan set yang memberi kesimpulan paling umum dari yang lain, bila ambang itu lebih baik sepuluh poin daripada kesimpulan itu saja.",
            ),
            StrongestDriver => ("Strongest driver", "Penggerak terkuat"),
            WhereItFlips => ("Where the verdict flips", "Titik kesimpulan berbalik"),
            LowestDrawn => ("Lowest drawn", "Terendah yang ditarik"),
            HighestDrawn => ("Highest drawn", "Tertinggi yang ditarik"),
            DriverUp => (
                "effect rises with the parameter",
                "efek naik bersama parameter",
            ),
            DriverDown => ("effect falls as it rises", "efek turun saat parameter naik"),
            DriverUnclear => ("interval includes zero", "interval memuat nol"),
            VerdictMatrixTitle => (
                "Verdicts on the claims, world by world",
                "Kesimpulan atas klaim, dunia demi dunia",
            ),
            SmallestEffect => (
                "±δ: smallest effect that matters",
                "±δ: efek terkecil yang berarti",
            ),
            FactsTitle => (
                "The model against the historical record",
                "Model dibandingkan dengan catatan sejarah",
            ),
            FactsAxis => (
                "Difference from the recorded value, % (95 % intervals)",
                "Selisih dari nilai tercatat, % (interval 95 %)",
            ),
            FactsRecord => ("record", "catatan"),
            FactsModel => ("model", "model"),
            FactsSame => ("as in the record", "sama dengan catatan"),
            CalibrationTitle => (
                "Calibration: the points of the design, and those accepted",
                "Kalibrasi: titik-titik rancangan, dan yang diterima",
            ),
            CalibrationPoint => ("point of the design", "titik rancangan"),
            CalibrationAccepted => (
                "accepted (closest to the record)",
                "diterima (terdekat dengan catatan)",
            ),
            CalibrationBest => ("closest point", "titik terdekat"),
            ReadOnset => (
                "The line shows how many wars began per 100 living states in each year, averaged over the replications; the shaded band is the 95 % interval of that average, cut at zero where it would reach below (a rate cannot be negative).",
                "Garis menunjukkan banyaknya perang yang dimulai per 100 negara yang masih ada pada setiap tahun, dirata-ratakan atas semua replikasi; pita berarsir adalah interval 95 % dari rerata itu, dipotong di nol bila akan turun di bawahnya (laju tidak mungkin negatif).",
            ),
            ReadWarSizes => (
                "Each bar counts the wars, over all replications, that drew in that many states: bars far to the right mean that alliances pull wars wider.",
                "Setiap batang menghitung perang (dari semua replikasi) yang melibatkan negara sebanyak itu: batang yang jauh di kanan berarti aliansi menyeret lebih banyak negara ke dalam perang.",
            ),
            ReadWarSizesTail => (
                "Left, each bar counts the wars that drew in that many states; right, the share of wars at least that large on log scales, where a slowly falling line means large wars are rare but far from negligible.",
                "Di kiri, setiap batang menghitung perang yang melibatkan negara sebanyak itu; di kanan, porsi perang yang sebesar itu atau lebih pada skala log, dan garis yang turun perlahan berarti perang besar jarang terjadi tetapi tidak dapat diabaikan.",
            ),
            ReadMap => (
                "Each circle is a state, at its capital when the scenario gives capitals (else at its place in the model's layout), its area proportional to its military capability and its colour that of its most important alliance, the one whose members hold the most capability (neutrality and non-aggression pacts count only for states in no other); grey lines are borders and dashed lines tie allies together.",
                "Setiap lingkaran adalah sebuah negara, di letak ibu kotanya bila skenario menyebutkannya (jika tidak, pada posisinya dalam tata letak model), luasnya sebanding dengan kapabilitas militernya dan warnanya menunjukkan aliansinya yang terpenting, yaitu yang kapabilitas anggotanya terbesar (pakta netralitas dan non-agresi hanya dihitung bagi negara tanpa pakta lain); garis abu-abu adalah perbatasan dan garis putus-putus menghubungkan sesama sekutu.",
            ),
            ReadLevels => (
                "Left, the share of wealth that alliance members and other states spend on their military (members spending less suggests free-riding); right, how concentrated capability is, where 1 would mean one state holds all of it.",
                "Di kiri, porsi kekayaan yang dibelanjakan anggota aliansi dan negara lain untuk militer (anggota yang membelanjakan lebih sedikit menandakan free-riding); di kanan, seberapa terpusat kapabilitas, dengan nilai 1 berarti seluruhnya dimiliki satu negara.",
            ),
            Report => ("Report", "Laporan"),
            Parameters => ("Parameters used", "Parameter yang digunakan"),
            Simulation => ("Simulation", "Simulasi"),
            Years => ("Years per replication", "Tahun per replikasi"),
            Replications => ("Replications", "Replikasi"),
            Seed => ("Seed", "Seed"),
            ScenarioFile => ("Scenario file", "Berkas skenario"),
            ScenarioHash => (
                "SHA-256 of the resolved scenario",
                "SHA-256 skenario yang sudah diselesaikan",
            ),
            ToolVersion => ("Written by", "Ditulis oleh"),
            ModelParameters => ("Model parameters", "Parameter model"),
            World => ("World", "Dunia"),
            States => ("States", "Negara"),
            Borders => ("Borders", "Perbatasan"),
            Alliances => ("Alliances", "Aliansi"),
            AllianceName => ("Alliance", "Aliansi"),
            Kind => ("Kind", "Jenis"),
            MembersColumn => ("Members", "Anggota"),
            Reliability => ("Reliability", "Keandalan"),
            Charts => ("Charts", "Grafik"),
            Summary => ("Summary over replications", "Ringkasan atas replikasi"),
            SummaryNote => (
                "Each value is the mean over replications of the metric's run-level value, with its 95 % t-interval; n is the number of replications that contributed (a ratio with nothing to divide is left out).",
                "Setiap nilai adalah rerata atas replikasi dari nilai metrik per simulasi, dengan interval-t 95 %; n adalah banyaknya replikasi yang menyumbang (rasio tanpa pembagi tidak diikutkan).",
            ),
            Metric => ("Metric", "Metrik"),
            Meaning => ("Meaning", "Arti"),
            Mean => ("Mean", "Rerata"),
            Parameter => ("Parameter", "Parameter"),
            Setting => ("Value", "Nilai"),
            Default => ("Default", "Bawaan"),
            ParameterMeaning => ("What it does", "Fungsinya (dalam bahasa Inggris)"),
            ReadCompare => (
                "Each dot is a configuration's mean over the replications and its bar the 95 % interval: bars that do not overlap point to a real difference, and the table below gives the paired difference, which is sharper.",
                "Setiap titik adalah rerata suatu konfigurasi atas semua replikasi dan garisnya interval 95 %: garis yang tidak bertumpang tindih menandakan perbedaan yang nyata, dan tabel di bawah memberi selisih berpasangan yang lebih tajam.",
            ),
            ReadCompareSeries => (
                "One panel per configuration, on the same axes: the coloured line is its war onset rate in each year, averaged over the replications, with its 95 % band (cut at zero, as a rate cannot be negative); the thin grey lines are the other configurations' means, for comparison. Where a line runs outside another's band, the configurations differ in that period.",
                "Satu panel untuk setiap konfigurasi, dengan sumbu yang sama: garis berwarna adalah laju pecahnya perang konfigurasi itu pada setiap tahun, dirata-ratakan atas seluruh replikasi, dengan pita 95 %-nya (dipotong di nol, karena laju tidak mungkin negatif); garis abu-abu tipis adalah rerata konfigurasi lain, sebagai pembanding. Ketika sebuah garis berada di luar pita konfigurasi lain, keduanya berbeda pada masa itu.",
            ),
            ReadSweep => (
                "The line follows the metric's mean over the replications as the parameter changes, and the shaded band is its 95 % interval: a slope steeper than the band's width is an effect of the parameter.",
                "Garis mengikuti rerata metrik atas replikasi ketika parameter berubah, dan pita berarsir adalah interval 95 %-nya: kemiringan yang lebih curam daripada lebar pita adalah efek dari parameter itu.",
            ),
            ReadHeatmap => (
                "Each cell is the metric's mean at one combination of the two parameters, its colour given by the scale beside the grid: a gradient along one axis shows which parameter drives the metric.",
                "Setiap sel adalah rerata metrik pada satu kombinasi kedua parameter, warnanya mengikuti skala di samping kisi: gradasi sepanjang satu sumbu menunjukkan parameter mana yang menggerakkan metrik.",
            ),
            ReadForest => (
                "Each row is one claim's effect in standard deviations of its control, with its 95 % interval, coloured by verdict. The grey band around zero is ±δ, the smallest effect that matters: a claim is supported or contradicted only when its interval is clear of zero and its dot lies outside the band, and shows no meaningful effect when its whole interval lies inside the band.",
                "Setiap baris adalah efek satu klaim dalam simpangan baku kontrolnya, beserta interval 95 %, diwarnai menurut kesimpulannya. Pita abu-abu di sekitar nol adalah ±δ, efek terkecil yang berarti: sebuah klaim didukung atau dibantah hanya bila intervalnya tidak memuat nol dan titiknya berada di luar pita, dan tanpa efek berarti bila seluruh intervalnya berada di dalam pita.",
            ),
            Results => ("Results", "Hasil"),
            CompareResultsNote => (
                "For each metric shown: every configuration's mean over replications with its 95 % t-interval, and its difference from the first configuration, paired replication by replication, with its own 95 % interval.",
                "Untuk setiap metrik yang ditampilkan: rerata tiap konfigurasi atas replikasi dengan interval-t 95 %, dan selisihnya terhadap konfigurasi pertama, dipasangkan replikasi demi replikasi, dengan interval 95 %-nya sendiri.",
            ),
            Configuration => ("Configuration", "Konfigurasi"),
            Configurations => ("Configurations compared", "Konfigurasi yang dibandingkan"),
            Source => ("Source", "Sumber"),
            Changes => (
                "Changes to the scenario (set)",
                "Perubahan pada skenario (set)",
            ),
            AsWritten => ("as written", "sesuai berkas"),
            ParametersVaried => ("Parameters varied", "Parameter yang divariasikan"),
            Values => ("Values", "Nilai-nilai"),
            SweepResultsNote => (
                "For each metric shown: its mean over replications at every point of the sweep, with its 95 % t-interval.",
                "Untuk setiap metrik yang ditampilkan: reratanya atas replikasi pada setiap titik sapuan, dengan interval-t 95 %.",
            ),
            SweepBaseNote => (
                "The scenario as it stands before the sweep sets the parameters varied at each point.",
                "Skenario sebagaimana adanya sebelum sapuan mengatur parameter yang divariasikan pada setiap titik.",
            ),
            Claims => ("Claims", "Klaim"),
            ClaimsTableNote => (
                "Control and scenario are the metric's means in each; the effect is scenario − control in the metric's own units, paired by replication, with its 95 % interval; δ is the smallest effect that matters, in the same units. Where the control removes every alliance, the last column measures the same effect against the same alliances with empty pledges (reliability 0): what alliances do through their promises, apart from their trade, dialogue, settlement and trust.",
                "Kontrol dan skenario adalah rerata metrik pada masing-masing; efeknya adalah skenario − kontrol dalam satuan metrik itu sendiri, dipasangkan per replikasi, dengan interval 95 %; δ adalah efek terkecil yang berarti, dalam satuan yang sama. Bila kontrolnya menghapus semua aliansi, kolom terakhir mengukur efek yang sama terhadap aliansi yang sama dengan janji kosong (keandalan 0): apa yang dilakukan aliansi lewat janjinya, terpisah dari perdagangan, dialog, penyelesaian sengketa, dan kepercayaannya.",
            ),
            ClaimsEnglishNote => (
                "",
                "Teks klaim dan catatan di bawah ini ditulis dalam bahasa Inggris, sama seperti di claims.md.",
            ),
            Id => ("ID", "ID"),
            Claim => ("Claim", "Klaim"),
            Control => ("Control", "Kontrol"),
            ScenarioColumn => ("Scenario", "Skenario"),
            VerdictColumn => ("Verdict", "Kesimpulan"),
            EffectColumn => ("Effect", "Efek"),
            PledgesColumn => (
                "Through pledges alone: effect [95 % interval]: verdict",
                "Lewat janji saja: efek [interval 95 %]: kesimpulan",
            ),
            Note => ("Note", "Catatan"),
            Notes => ("Notes on the verdicts", "Catatan atas kesimpulan"),
            NothingToMeasure => ("Nothing to measure", "Tidak ada yang dapat diukur"),
            None => ("none", "tidak ada"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_use_the_languages_decimal_mark() {
        assert_eq!(Lang::En.number(0.0694, 3), "0.069");
        assert_eq!(Lang::Id.number(0.0694, 3), "0,069");
        assert_eq!(Lang::En.number(-0.0001, 3), "0.000");
        assert_eq!(Lang::En.number(-1.5, 1), "-1.5");
        assert_eq!(Lang::En.number(f64::NAN, 3), "—");
    }

    #[test]
    fn every_metric_has_an_indonesian_meaning() {
        for m in METRICS {
            assert!(!m.doc_id.is_empty() && m.doc_id != m.doc, "{}", m.name);
            assert_eq!(Lang::En.metric_doc(m.name), Some(m.doc));
            assert_eq!(Lang::Id.metric_doc(m.name), Some(m.doc_id));
        }
        assert_eq!(Lang::Id.metric_doc("no_such_metric"), None);
    }

    #[test]
    fn indonesian_titles_name_metrics_in_indonesian() {
        let mut seen = std::collections::BTreeSet::new();
        for m in METRICS {
            assert!(seen.insert(m.name_id), "two metrics called {:?}", m.name_id);
            assert!(!m.name_id.contains('_'), "{}", m.name);
            assert_eq!(Lang::Id.metric_words(m.name), m.name_id);
        }
        assert_eq!(
            Lang::Id.compare_title("deterred_by_alliance"),
            "Krisis yang tertangkal oleh aliansi menurut konfigurasi (rerata, interval 95 %)"
        );
        assert_eq!(Lang::En.metric_words("war_onset_rate"), "War onset rate");
        assert!(
            Lang::Id
                .heatmap_title("capability_hhi", "model.balancing", "model.stakes")
                .starts_with("Rerata indeks konsentrasi kapabilitas (HHI) pada kisi")
        );
        // A name that is no metric is still put in words.
        assert_eq!(Lang::Id.metric_words("no_such_metric"), "No such metric");
    }

    #[test]
    fn captions_name_scenario_replications_seed_and_version() {
        let en = Lang::En.caption("Côte d'Ivoire", 200, 42);
        assert!(en.starts_with("Côte d'Ivoire · 200 replications · seed 42 · deterrence "));
        assert!(Lang::En.caption("x", 1, 0).contains("1 replication ·"));
        assert!(Lang::Id.caption("x", 5, 7).contains("5 replikasi"));
    }

    #[test]
    fn codes_round_trip() {
        for l in [Lang::En, Lang::Id] {
            assert_eq!(Lang::from_code(l.code()), Some(l));
        }
        assert_eq!(Lang::from_code("fr"), None);
    }
}
