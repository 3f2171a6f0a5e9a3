//! Integration tests of `cordon-explore`, in one binary (`autotests = false`).
//!
//! - `threshold`: a synthetic scenario where one course fails exactly above a known value of a
//!   declared parameter; PRIM's box recovers the limit within one peeling step.
//! - `recompute`: regret, satisficing, P(best) and pairwise shares recomputed independently from
//!   `results.csv` agree with `robustness.csv`, `satisficing.csv` and `pairwise.csv` to the bit.
//! - `determinism`: 1 vs 2 threads, 2 shards merged and an interrupted run resumed give
//!   byte-identical files; the tables of an exploration held in memory (what Python's
//!   `cordon.explore` returns) are the files' bytes.
//! - `errors`: bad requests are typed errors marked as bad input.
//!
//! Fixtures are files under `tests/fixtures/`; `util` loads them and runs explorations.

mod util;

mod determinism;
mod errors;
mod recompute;
mod threshold;
