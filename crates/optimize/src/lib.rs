//! Many-objective, robust search over a scenario's decision levers (`cordon optimize`).
//!
//! - [`nsga`]: NSGA-II over mixed variables (reals, whole numbers, choices, subsets,
//!   permutations) with an ε-dominance archive; pure steps, seeded by (seed, generation,
//!   index), so the result does not depend on the thread count or on interruptions.
//! - [`hv`]: exact hypervolume.
//! - [`study`]: the scenario as a problem: levers to genes, each candidate a generated course
//!   run with common random numbers (or mean-field), over the nominal scenario or K sampled
//!   worlds with a robustness statistic per objective.
//! - [`store`]: the only module that touches files: the journal, `pareto.csv` (and
//!   `.parquet`), `courses.csv`, `convergence.csv`, `plans/*.toml`, `manifest.json`, and
//!   resumption; [`store::array`], the search as a job array: each generation's evaluations
//!   split across tasks (files of their own), then one step that folds them in.

pub mod hv;
pub mod nsga;
pub mod store;
pub mod study;

pub use hv::hypervolume;
pub use nsga::{Config, Epsilon, GenStat, Gene, Individual, Problem, State, Survival, Value};
