//! Why an exploration could not be done.

use cordon_experiment::FileError;
use cordon_model::Diagnostics;

/// The errors of [`crate::prepare`], [`crate::run`], [`crate::analyze`] and [`crate::store`].
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ExploreError {
    /// The scenario declares no `[[uncertain]]` parameter.
    #[error(
        "the scenario declares no uncertain parameters: add `[[uncertain]]` entries (field, dist, bounds) for the assumptions the worlds differ in (see docs/explore.md)"
    )]
    NoUncertain,
    /// The request makes no sense (no worlds, zero replications, an unknown metric, ...).
    #[error("{0}")]
    Invalid(String),
    /// A world's parameter values make the scenario invalid.
    #[error("world {world} ({values}) is not a valid scenario:\n{diagnostics}")]
    WorldRejected {
        world: usize,
        values: String,
        diagnostics: Diagnostics,
    },
    /// A campaign failed (a numerical failure or a panic in the engine).
    #[error("world {world}, course of action {coa}, replication {replication}: {message}")]
    Engine {
        world: usize,
        coa: String,
        replication: u64,
        message: String,
    },
    /// The directory holds another exploration, or a journal that does not fit its plan.
    #[error("{0}")]
    Mismatch(String),
    #[error(transparent)]
    File(#[from] FileError),
}

impl ExploreError {
    /// Whether the user's input is at fault (exit code 2) rather than the run.
    pub fn is_bad_input(&self) -> bool {
        match self {
            ExploreError::NoUncertain
            | ExploreError::Invalid(_)
            | ExploreError::WorldRejected { .. }
            | ExploreError::Mismatch(_) => true,
            ExploreError::Engine { .. } => false,
            ExploreError::File(e) => e.is_bad_input(),
        }
    }
}
