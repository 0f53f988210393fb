//! Statistics: streaming moments that merge deterministically, Student's t,
//! paired differences and the verdict rule for claims.
//!
//! Only numbers live here; turning them into CSV, JSON or charts belongs to
//! `output` and the chart code.

mod moments;
mod paired;
mod t;
mod verdict;

pub use moments::Moments;
pub use paired::paired_difference;
pub use t::{EXPANSION_DF, t_quantile};
pub use verdict::{Direction, Verdict, verdict};
