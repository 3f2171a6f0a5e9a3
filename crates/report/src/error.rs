//! The errors of reading a results directory and drawing its report.

use std::path::PathBuf;

use cordon_experiment::FileError;

/// Why a report could not be made.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ReportError {
    /// The path does not name a directory.
    #[error("{} is not a directory", path.display())]
    NotADirectory { path: PathBuf },
    /// A file every results directory has is missing.
    #[error(
        "{} has no {file}: is it a results directory written by `cordon compare` or `cordon run`?",
        dir.display()
    )]
    Missing { dir: PathBuf, file: &'static str },
    /// A file results directories have since the experiment records the cuts and the
    /// mean-field run is missing: the directory was written by an older version.
    #[error(
        "{} has no {file}: the results were written by an older Cordon, which did not record the optimiser's cuts and the mean-field run the report draws: run the same `cordon compare` or `cordon run` again with `--resume --out DIR` to add it (the replications are kept)",
        dir.display()
    )]
    Outdated { dir: PathBuf, file: &'static str },
    /// A file could not be read or written, or is not what Cordon writes.
    #[error(transparent)]
    File(#[from] FileError),
    /// The scenario recorded in the manifest does not validate (written by another version?).
    #[error("{}: the recorded scenario is invalid:\n{diagnostics}", path.display())]
    Scenario { path: PathBuf, diagnostics: String },
    /// The baseline asked for is not among the courses of action of the results.
    #[error("the baseline {id} is not among the courses of action of the results: {}", coas.join(", "))]
    UnknownBaseline { id: String, coas: Vec<String> },
    /// A chart could not be drawn or encoded.
    #[error("chart {name}: {message}")]
    Chart { name: String, message: String },
}

impl ReportError {
    /// Whether the input is at fault (the CLI exits with code 2) rather than the machine.
    pub fn is_bad_input(&self) -> bool {
        matches!(
            self,
            ReportError::NotADirectory { .. }
                | ReportError::Missing { .. }
                | ReportError::Outdated { .. }
                | ReportError::Scenario { .. }
                | ReportError::UnknownBaseline { .. }
        ) || matches!(self, ReportError::File(file) if file.is_bad_input())
    }
}
