//! Sensitivity analysis of a Cordon scenario: which declared uncertain parameters drive an
//! outcome of a course of action.
//!
//! 1. [`Study::new`] takes the scenario's `[[uncertain]]` parameters ([`levers`]) as a
//!    `cordon-sa` parameter space; [`prepare`] checks the request, sets aside what cannot act
//!    (a field of another course of action; categorical levers under Morris) and builds the
//!    design (Saltelli, Morris or Latin hypercube).
//! 2. [`run`] builds each design point's scenario (`Scenario::with_values`, validated) and
//!    plan (`CoaPlan::new`) once, then runs `R` replications with stream keys `(seed, 0..R)`,
//!    the same at every point (common random numbers), and averages every outcome.
//! 3. [`analyze`] computes the indices of the metric's means ([`Indices`]).
//! 4. [`store`] writes `design.csv/.parquet`, `sensitivity.csv/.parquet` and `manifest.json`.
//!
//! Results depend on the study only, not on the number of threads. See docs/sensitivity.md,
//! section "Sensitivity of a Cordon scenario".

mod analysis;
mod error;
pub mod levers;
pub mod store;
mod study;

pub use analysis::{
    Analysis, IndexKind, IndexRow, Indices, RankCorrelation, analyze, ranks, spearman,
};
pub use error::SensitivityError;
pub use levers::{Lever, SetAside, Target};
pub use study::{DEFAULT_REPS, Method, Outputs, Prepared, Study, describe_point, prepare, run};
