//! How long a plan would run and how much memory it would take, so that a
//! typing slip (a million replications instead of a thousand, years in the
//! hundreds of thousands) is refused with its estimate rather than tying up a
//! machine for weeks or exhausting its memory. The figures are approximate —
//! measured throughput and memory per state and per year on the reference
//! machine (docs/PERFORMANCE.md) — and err on the side of too much.

use std::fmt;

/// What one configuration of an experiment costs.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ConfigSize {
    /// States in its world.
    pub states: usize,
    /// Years per replication.
    pub years: u32,
}

/// An estimate of a plan's running time and peak memory.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Estimate {
    /// States × years × replications, summed over configurations.
    pub state_years: f64,
    /// Wall-clock seconds on the given threads.
    pub seconds: f64,
    /// Peak memory in bytes.
    pub bytes: f64,
}

/// Nanoseconds of one thread per state-year in a 200-state world (model 0.2:
/// about 2.0–2.4 times model 0.1's 130–180, docs/PERFORMANCE.md); larger worlds
/// cost more per state-year (alliances grow).
const NS_PER_STATE_YEAR: f64 = 360.0;
/// Memory per state of each world held (the world and a replication's state).
const BYTES_PER_STATE: f64 = 4096.0;
/// Memory per state of each replication being simulated at once (one per thread).
const BYTES_PER_STATE_PER_THREAD: f64 = 2560.0;
/// Memory per simulated year of a configuration whose outputs hold per-year
/// statistics (the statistics, the records of a window, the text of
/// `timeseries.csv` and the charts): measured about 20 KB.
const BYTES_PER_YEAR_WITH_SERIES: f64 = 24_576.0;
/// Memory per simulated year of a configuration that reports run-level
/// statistics only (the per-year accumulators are still kept).
const BYTES_PER_YEAR: f64 = 2048.0;
/// The program itself, its pools, buffers, charts and report (measured about
/// 20 MB for the smallest runs).
const BASE_BYTES: f64 = 24.0 * 1024.0 * 1024.0;

/// Plans estimated to run longer than this are refused unless allowed.
pub const MAX_SECONDS: f64 = 24.0 * 3600.0;
/// Plans estimated to need more than this share of the available memory are
/// refused unless allowed.
pub const MAX_MEMORY_SHARE: f64 = 0.8;

impl Estimate {
    /// The estimate for `configs` run for `replications` replications on
    /// `threads` threads; `series` says whether per-year statistics are written.
    pub fn new(configs: &[ConfigSize], replications: u64, threads: usize, series: bool) -> Self {
        let threads = threads.max(1) as f64;
        let reps = replications as f64;
        let mut state_years = 0.0;
        let mut thread_ns = 0.0;
        let mut bytes = BASE_BYTES;
        let mut largest = 0usize;
        for c in configs {
            let sy = c.states as f64 * f64::from(c.years) * reps;
            let growth = (c.states as f64 / 200.0).max(1.0).powf(0.45);
            state_years += sy;
            thread_ns += sy * NS_PER_STATE_YEAR * growth;
            let per_year = if series {
                BYTES_PER_YEAR_WITH_SERIES
            } else {
                BYTES_PER_YEAR
            };
            bytes += c.states as f64 * BYTES_PER_STATE + f64::from(c.years) * per_year;
            largest = largest.max(c.states);
        }
        bytes += largest as f64 * BYTES_PER_STATE_PER_THREAD * threads;
        Estimate {
            state_years,
            seconds: thread_ns / 1e9 / threads,
            bytes,
        }
    }

    /// Why the plan is too large to run unasked, if it is: too long, or more
    /// memory than `available` bytes allow (when known).
    pub fn too_large(&self, available: Option<f64>) -> Option<String> {
        let memory = available.filter(|&a| self.bytes > a * MAX_MEMORY_SHARE);
        match (self.seconds > MAX_SECONDS, memory) {
            (false, None) => None,
            (long, memory) => {
                let mut why = Vec::new();
                if long {
                    why.push(format!("would run about {}", Duration(self.seconds)));
                }
                if let Some(a) = memory {
                    why.push(format!(
                        "would need about {} of memory ({} available)",
                        Bytes(self.bytes),
                        Bytes(a)
                    ));
                }
                Some(why.join(" and "))
            }
        }
    }
}

/// The memory this machine has available now, in bytes, where the system says
/// (`MemAvailable` in `/proc/meminfo` on Linux).
pub fn available_memory() -> Option<f64> {
    let text = std::fs::read_to_string("/proc/meminfo").ok()?;
    let line = text.lines().find(|l| l.starts_with("MemAvailable:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024.0)
}

/// Bytes of `dyad_years.csv` per row (measured 72–76).
const BYTES_PER_DYAD_YEAR: f64 = 76.0;
/// Bytes of `state_years.csv` per row (measured 70–90).
const BYTES_PER_STATE_YEAR_ROW: f64 = 90.0;
/// How much gzip (at its fast level) shrinks a record file, at least:
/// state-years, dyad-years (measured 2.7× and 3.8×).
const GZIP_SHRINKS: [f64; 2] = [2.5, 3.5];

/// The records whose size grows with the size of the plan.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct LargeRecords {
    /// `state_years.csv`: states × years × replications rows.
    pub state_years: bool,
    /// `dyad_years.csv`: states × (states − 1) × years × replications rows.
    pub dyad_years: bool,
    /// Written gzip-compressed.
    pub gzip: bool,
}

impl LargeRecords {
    /// Bytes on disk of these records for `c` run for `replications` (at most:
    /// every state alive throughout).
    pub fn bytes(&self, c: ConfigSize, replications: u64) -> f64 {
        let (n, ty) = (c.states as f64, f64::from(c.years) * replications as f64);
        let mut state = 0.0;
        let mut dyad = 0.0;
        if self.state_years {
            state = n * ty * BYTES_PER_STATE_YEAR_ROW;
        }
        if self.dyad_years {
            dyad = n * (n - 1.0).max(0.0) * ty * BYTES_PER_DYAD_YEAR;
        }
        if self.gzip {
            state /= GZIP_SHRINKS[0];
            dyad /= GZIP_SHRINKS[1];
        }
        state + dyad
    }
}

/// The free space, in bytes, of the file system that holds `path` (or would:
/// the nearest existing ancestor is asked); `None` where it cannot be told.
pub fn available_disk(path: &std::path::Path) -> Option<f64> {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        let absolute = std::path::absolute(path).ok()?;
        let existing = absolute.ancestors().find(|p| p.exists())?;
        let name = std::ffi::CString::new(existing.as_os_str().as_bytes()).ok()?;
        let mut stat = std::mem::MaybeUninit::<libc::statvfs>::uninit();
        // SAFETY: `name` is a NUL-terminated path and `stat` is written by the call before it is read.
        if unsafe { libc::statvfs(name.as_ptr(), stat.as_mut_ptr()) } != 0 {
            return None;
        }
        // SAFETY: statvfs returned 0, so it filled `stat`.
        let stat = unsafe { stat.assume_init() };
        #[allow(clippy::unnecessary_cast)]
        Some(stat.f_bavail as f64 * stat.f_frsize as f64)
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        None
    }
}

/// A duration for people: seconds, minutes, hours or days.
pub struct Duration(pub f64);

impl fmt::Display for Duration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = self.0;
        if s < 1.0 {
            write!(f, "under 1 s")
        } else if s < 90.0 {
            write!(f, "{s:.0} s")
        } else if s < 90.0 * 60.0 {
            write!(f, "{:.0} min", s / 60.0)
        } else if s < 48.0 * 3600.0 {
            write!(f, "{:.0} h", s / 3600.0)
        } else {
            write!(f, "{:.0} days", s / 86_400.0)
        }
    }
}

/// A size for people, in MB, GB or TB (powers of 1024).
pub struct Bytes(pub f64);

impl fmt::Display for Bytes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let gb = self.0 / (1u64 << 30) as f64;
        if gb >= 1024.0 {
            write!(f, "{:.1} TB", gb / 1024.0)
        } else if gb >= 1.0 {
            write!(f, "{gb:.1} GB")
        } else {
            write!(f, "{:.0} MB", self.0 / (1u64 << 20) as f64)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GIB: f64 = (1u64 << 30) as f64;

    #[test]
    fn ordinary_plans_pass() {
        // The README's examples: 200 states × 1000 years × 1000 replications on 2 threads.
        let e = Estimate::new(
            &[ConfigSize {
                states: 200,
                years: 1000,
            }],
            1000,
            2,
            true,
        );
        assert_eq!(e.state_years, 2e8);
        assert!(e.seconds > 10.0 && e.seconds < 60.0, "{}", e.seconds);
        assert!(e.too_large(Some(8.0 * GIB)).is_none());
        let claims = [ConfigSize {
            states: 18,
            years: 200,
        }; 14];
        assert!(
            Estimate::new(&claims, 1000, 2, false)
                .too_large(Some(GIB))
                .is_none()
        );
    }

    #[test]
    fn long_plans_are_refused_with_their_estimate() {
        let e = Estimate::new(
            &[ConfigSize {
                states: 2,
                years: 100_000,
            }],
            10_000_000,
            2,
            true,
        );
        let why = e.too_large(None).unwrap();
        assert!(why.starts_with("would run about "), "{why}");
        assert!(why.ends_with(" days"), "{why}");
        // More threads, less time.
        let e8 = Estimate::new(
            &[ConfigSize {
                states: 2,
                years: 100_000,
            }],
            10_000_000,
            8,
            true,
        );
        assert!((e.seconds / e8.seconds - 4.0).abs() < 1e-9);
    }

    #[test]
    fn plans_needing_more_memory_than_there_is_are_refused() {
        // A sweep of 300 points over 100 000 years holds 300 sets of per-year statistics.
        let configs = [ConfigSize {
            states: 10,
            years: 100_000,
        }; 300];
        let e = Estimate::new(&configs, 1, 2, false);
        assert!(e.bytes > 50.0 * GIB);
        let why = e.too_large(Some(16.0 * GIB)).unwrap();
        assert!(why.contains("of memory (16.0 GB available)"), "{why}");
        // Unknown memory: only time counts.
        assert!(e.too_large(None).is_none());
    }

    #[test]
    fn durations_and_sizes_read_well() {
        assert_eq!(Duration(0.3).to_string(), "under 1 s");
        assert_eq!(Duration(30.0).to_string(), "30 s");
        assert_eq!(Duration(600.0).to_string(), "10 min");
        assert_eq!(Duration(5.0 * 3600.0).to_string(), "5 h");
        assert_eq!(Duration(10.0 * 86_400.0).to_string(), "10 days");
        assert_eq!(Bytes(300.0 * 1024.0 * 1024.0).to_string(), "300 MB");
        assert_eq!(Bytes(2.5 * GIB).to_string(), "2.5 GB");
    }
}
