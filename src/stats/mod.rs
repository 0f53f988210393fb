//! Statistics: streaming moments that merge deterministically, Student's t
//! and the verdict rule for claims. Paired differences are streamed into
//! [`Moments`] by `experiment::compare`.
//!
//! Only numbers live here; turning them into CSV, JSON or charts belongs to
//! `output` and the chart code.

mod moments;
mod t;
mod verdict;

pub use moments::Moments;
pub use t::{EXPANSION_DF, t_quantile};
pub use verdict::{Direction, Verdict, smallest_effect, verdict, verdict_with};
