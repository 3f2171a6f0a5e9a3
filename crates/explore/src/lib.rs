//! Decisions under deep uncertainty for a Cordon scenario: many plausible worlds, every course
//! of action in each, how robust each course is, and where each one fails.
//!
//! 1. [`prepare`] draws `K` worlds from the scenario's declared `[[uncertain]]` parameters (a
//!    Latin hypercube or Sobol points, seeded) and checks the request.
//! 2. [`run`] builds each world's scenario (`Scenario::with_values`, validated) and every
//!    course's plan, and runs `R` replications of every course in every world with stream keys
//!    `(seed, 0..R)`: the same keys for every course and world (common random numbers).
//! 3. [`analyze`] turns one or more outcomes' per-world means into robustness: the distribution
//!    across worlds, Savage regret, P(best), pairwise "beats in X% of worlds", satisficing, a
//!    ranking that names its criterion, PRIM boxes per course ("fails the thresholds", "is not
//!    the best") and the verdict in words ([`robust`], [`analysis`]).
//! 4. [`store`] journals the results, resumes, merges shards and writes the files.
//!
//! Results depend on the exploration only: not on the thread count, interruptions or shards.
//! See docs/explore.md.

pub mod analysis;
mod error;
pub mod robust;
pub mod store;
mod study;

pub use analysis::{Analysis, Discovery, Inputs, MetricAnalysis, Question, analyze};
pub use error::ExploreError;
pub use study::{Explore, MAX_WORLDS, Prepared, Sampler, Shard, WorldResult, prepare, run};
