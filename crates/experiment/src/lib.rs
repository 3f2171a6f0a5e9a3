//! Ensembles of Cordon campaigns: which course of action works, by how much, how sure we are.
//!
//! - [`Experiment`] says what to run: courses of action × replications of one scenario, a seed,
//!   a mode, threads, a [`Shard`] and a [`Stop`] rule; [`run`] runs it into a results directory
//!   (resumable after any interruption, `kill -9` included).
//! - [`run_units`] runs any list of [`Unit`]s (course, stream key) in parallel, results in
//!   unit order: the building block for sensitivity analyses.
//! - [`summarize`] / [`summarize_dir`] turn replications into a [`Comparison`]: a [`Summary`]
//!   per course and outcome, and a [`PairedDiff`] against the baseline (common random numbers:
//!   replication `r` of every course uses the same stream key).
//! - [`stats`] has the intervals and quantiles; [`sketch`] the mergeable sketches the bands use.
//! - [`files`] is the file edge shared with the report and sensitivity crates: [`FileError`]
//!   and the atomic writer.
//! - [`store`] is the only module that touches files: the journal, `runs.csv`/`.parquet`,
//!   `bands.csv`/`.parquet`, `failures.csv`, the per-course files, `manifest.json`; [`merge`]
//!   combines shards.
//! - [`courses`] records per course what a report draws beside the replications (the
//!   optimiser's cuts, one mean-field run), so that reading results never runs the engine.
//!
//! Architecture invariant: results depend on the experiment only: not on the thread count, not
//! on interruptions, not on how it was sharded. Work is done in (course, replication) order,
//! per-replication results depend on the stream key only, and everything summed across
//! replications is either summed in replication order or held as integers.
//! The engine stays free of I/O; this crate's I/O lives in [`store`]. See docs/experiments.md.

pub mod bands;
pub mod courses;
mod ensemble;
mod error;
pub mod events;
mod experiment;
pub mod explain;
pub mod factorial;
pub mod files;
pub mod format;
pub mod outcomes;
pub mod resources;
pub mod sketch;
pub mod stats;
pub mod store;
mod summary;
pub mod trajectory;

pub use bands::{BandLayout, Bands};
pub use ensemble::{
    NoProgress, Progress, Unit, UnitResult, run_campaign, run_unit, run_unit_planned, run_units,
    thread_pool,
};
pub use error::ExperimentError;
pub use experiment::{
    CHECKPOINT_UNITS, Experiment, HEADLINE_OUTCOME, RunReport, Shard, Stop, StopReason, run,
};
pub use files::FileError;
pub use outcomes::{Better, Kind, OutcomeSpec, outcome_specs};
pub use store::{RunInfo, RunRow, Runs, merge, read_runs_csv, summarize_dir};
pub use summary::{
    Comparison, EXACT_MEDIAN_CAP, PairedBuilder, PairedDiff, Row, RowSource, Summary,
    SummaryBuilder, summarize,
};
