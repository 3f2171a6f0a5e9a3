//! Integration tests of `cordon-experiment`, in one binary (`autotests = false`).
//!
//! - `stats`: intervals and quantiles against closed forms, R and numpy.
//! - `sketch`: band sketches: accuracy bound and order independence.
//! - `determinism`: thread counts, shards + merge, and interruptions + resume give the same files.
//! - `adaptive`: `Stop::HalfWidth` (`--ci-width`).
//! - `summary`: paired differences (a course against itself), failures, `read_runs_csv`, and
//!   that every outcome of the engine is classified.
//! - `modes`: the stochastic mean against the mean field for every course of the default scenario.
//! - `factorial`: the ANOVA decomposition identity, a factor no mechanism reads, unused capabilities.
//! - `errors`: bad input is reported, never a panic.
//! - `fuzz`: property tests: results directories with one file mutated never panic the readers.
//!
//! Fixtures are files under `tests/fixtures/`; `util` has the helpers.

mod util;

mod adaptive;
mod courses;
mod determinism;
mod errors;
mod factorial;
mod fuzz;
mod modes;
mod sketch;
mod stats;
mod summary;
