//! Why a sensitivity analysis could not be done.

use cordon_experiment::FileError;
use cordon_model::Diagnostics;

/// The errors of [`crate::prepare`], [`crate::run`], [`crate::analyze`] and [`crate::store`].
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SensitivityError {
    /// The scenario declares no `[[uncertain]]` parameter.
    #[error(
        "the scenario declares no uncertain parameters: add `[[uncertain]]` entries (field, dist, bounds) for the assumptions to analyse (see docs/sensitivity.md)"
    )]
    NoUncertain,
    /// Every declared parameter was set aside (e.g. only categorical levers for Morris).
    #[error("no uncertain parameter is left to analyse: {reasons}")]
    NoneLeft {
        /// Why each was set aside, `; `-separated.
        reasons: String,
    },
    /// The request makes no sense (zero replications, too few samples, ...).
    #[error("{0}")]
    Invalid(String),
    /// `--metric` names no outcome column.
    #[error("unknown metric `{metric}`{}; the outcomes are: {}", suggestion.as_ref().map(|s| format!(" (did you mean `{s}`?)")).unwrap_or_default(), available.join(", "))]
    UnknownMetric {
        /// The name asked for.
        metric: String,
        /// A close outcome name.
        suggestion: Option<String>,
        /// Every outcome column.
        available: Vec<String>,
    },
    /// The parameter space could not be built (an invalid distribution).
    #[error("parameter space: {0}")]
    Space(#[from] cordon_sa::SpaceError),
    /// The design could not be generated.
    #[error("design: {0}")]
    Sample(#[from] cordon_sa::SampleError),
    /// A design point is not a valid scenario.
    #[error("design point {point} ({values}) is not a valid scenario:\n{diagnostics}")]
    PointRejected {
        /// 0-based point index (the `point` column of design.csv).
        point: usize,
        /// `name = value` of every parameter at the point.
        values: String,
        /// The model's diagnostics.
        diagnostics: Diagnostics,
    },
    /// A campaign failed (non-finite state or a panic in the engine).
    #[error("design point {point}, replication {replication}: {message}")]
    Engine {
        /// 0-based point index.
        point: usize,
        /// Replication (stream key `(seed, replication)`).
        replication: u64,
        /// The engine's message.
        message: String,
    },
    /// The metric is NaN or infinite at a point (after censoring times at the horizon).
    #[error(
        "the metric `{metric}` is {value} at design point {point}: every point needs a finite value"
    )]
    NonFiniteMetric {
        /// The metric.
        metric: String,
        /// 0-based point.
        point: usize,
        /// The value.
        value: f64,
    },
    /// The metric has the same value at every design point.
    #[error(
        "the metric `{metric}` is {value} at every design point: no parameter moves it, so there is nothing to rank (choose another --metric, or widen the ranges)"
    )]
    ConstantMetric {
        /// The metric.
        metric: String,
        /// Its value.
        value: f64,
    },
    /// The analysis failed.
    #[error("analysis: {0}")]
    Analysis(#[from] cordon_sa::AnalysisError),
    /// A file could not be written.
    #[error(transparent)]
    File(#[from] FileError),
}

impl SensitivityError {
    /// Whether the error is the user's input being wrong (the CLI exits with code 2) rather than
    /// a failure of the machine or of the program.
    pub fn is_bad_input(&self) -> bool {
        matches!(
            self,
            SensitivityError::NoUncertain
                | SensitivityError::NoneLeft { .. }
                | SensitivityError::Invalid(_)
                | SensitivityError::UnknownMetric { .. }
                | SensitivityError::Space(_)
                | SensitivityError::Sample(_)
                | SensitivityError::PointRejected { .. }
                | SensitivityError::NonFiniteMetric { .. }
                | SensitivityError::ConstantMetric { .. }
        )
    }
}
