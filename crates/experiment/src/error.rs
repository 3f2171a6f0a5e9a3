//! The errors of experiments and of the results store.

use std::path::PathBuf;

use crate::files::FileError;

/// Why an experiment, a resume, a merge or a read of a results directory failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ExperimentError {
    /// The experiment as requested makes no sense (zero replications, a bad shard, ...).
    #[error("{0}")]
    Invalid(String),
    /// A file could not be read or written, or is not what Cordon wrote.
    #[error(transparent)]
    File(#[from] FileError),
    /// `--resume` on a directory that holds a different experiment.
    #[error(
        "cannot resume {}: it holds an experiment with {field} = {stored}, not {requested}",
        dir.display()
    )]
    PlanMismatch {
        dir: PathBuf,
        field: String,
        stored: String,
        requested: String,
    },
    /// A new run into a directory that holds an unfinished one.
    #[error(
        "{} holds an unfinished experiment ({done} of {total} units done): add --resume to finish it, or choose another --out",
        dir.display()
    )]
    Unfinished { dir: PathBuf, done: u64, total: u64 },
    /// Shards that cannot be merged into one experiment.
    #[error("cannot merge: {0}")]
    Merge(String),
    /// A replication re-run on resume gave different outcomes than the journal recorded.
    #[error(
        "replication {replication} of course of action {coa} does not reproduce the journal in {}: was the engine changed since the interrupted run?",
        dir.display()
    )]
    NotReproducible {
        dir: PathBuf,
        coa: String,
        replication: u64,
    },
    /// Another process is writing the results directory.
    #[error(
        "{} is being written by {holder}; one writer at a time: wait for it to finish, or choose another --out",
        dir.display()
    )]
    Locked { dir: PathBuf, holder: String },
}

impl ExperimentError {
    /// A file could not be read or written.
    pub(crate) fn io(path: impl Into<PathBuf>, source: std::io::Error) -> ExperimentError {
        ExperimentError::File(crate::files::FileError::io(path, source))
    }

    /// A file of a results directory is not what Cordon wrote.
    pub(crate) fn corrupt(
        path: impl Into<PathBuf>,
        line: Option<u64>,
        reason: impl Into<String>,
    ) -> ExperimentError {
        ExperimentError::File(crate::files::FileError::corrupt(path, line, reason))
    }
}

impl ExperimentError {
    /// Whether the error is the user's input being wrong (the CLI exits with code 2), rather
    /// than a failure of the machine (I/O) or of the program.
    pub fn is_bad_input(&self) -> bool {
        matches!(
            self,
            ExperimentError::Invalid(_)
                | ExperimentError::PlanMismatch { .. }
                | ExperimentError::Unfinished { .. }
                | ExperimentError::Merge(_)
                | ExperimentError::Locked { .. }
        ) || matches!(self, ExperimentError::File(file) if file.is_bad_input())
    }
}
