//! Experiments: replications run in parallel and aggregated in a fixed order.
