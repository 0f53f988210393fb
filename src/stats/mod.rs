//! Statistics: streaming moments that merge deterministically, t quantiles, intervals.
