//! What to analyse ([`Study`]), the design it implies ([`prepare`]) and running every design
//! point through the engine ([`run`]).
//!
//! Work is done in chunks of design points, in point order. Within a chunk the points'
//! scenarios and plans are built in parallel, the first invalid point (in point order) stops
//! the analysis, then every (point, replication) campaign of the chunk runs in parallel and
//! the results are reduced per point in replication order. The outputs therefore depend on the
//! study only, never on the number of threads.

use std::panic::{AssertUnwindSafe, catch_unwind};

use cordon_engine::{CoaPlan, Mode, NoObserver, StreamKey};
use cordon_experiment::stats::Moments;
use cordon_experiment::{Kind, Progress};
use cordon_model::{CoaId, Scalar, Scenario};
use cordon_sa::{
    BootstrapConfig, Design, ParamSpace, Parameter, SobolOptions, sample_lhs, sample_morris,
    sample_sobol,
};
use rayon::prelude::*;
use serde::Serialize;

use crate::error::SensitivityError;
use crate::levers::{Lever, SetAside, Target, declared, point_values, select};

/// The design and the indices computed from it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Method {
    /// Saltelli design, first-order and total Sobol indices: `N·(k+2)` points.
    Sobol,
    /// Morris trajectories, `μ`, `μ*`, `σ`: `N·(k+1)` points (categorical levers set aside).
    Morris,
    /// Latin hypercube of `N` points; Spearman rank correlation for numeric parameters and
    /// the correlation ratio `η²` for categorical levers.
    Lhs,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Sobol => "sobol",
            Method::Morris => "morris",
            Method::Lhs => "lhs",
        }
    }
}

/// A sensitivity analysis of one scenario.
#[derive(Clone, Debug)]
pub struct Study {
    pub method: Method,
    /// Base samples (sobol), trajectories (morris) or points (lhs).
    pub n: usize,
    /// Morris grid levels (even, ≥ 2).
    pub levels: usize,
    /// Replications per design point; replication `r` uses stream key `(seed, r)` at every
    /// point (common random numbers). Mean-field runs use 1.
    pub reps: u64,
    /// Seed of the engine's streams, of the LHS/Morris design and of the bootstrap.
    pub seed: u64,
    /// The course of action that runs (unless a `coa` lever picks it per point).
    pub coa: CoaId,
    /// The outcome column analysed (`cordon_engine::Outcome::names`).
    pub metric: String,
    pub mode: Mode,
    /// Worker threads (0: one per core). Results do not depend on it.
    pub threads: usize,
    pub bootstrap: BootstrapConfig,
    /// The uncertain parameters; [`Study::new`] takes the scenario's declarations.
    pub levers: Vec<Lever>,
}

/// Replications per design point by default.
pub const DEFAULT_REPS: u64 = 10;

impl Study {
    /// A study of the scenario's declared uncertain parameters, with its seed and first course
    /// of action, 10 stochastic replications per point, 1000 bootstrap resamples.
    pub fn new(scenario: &Scenario, method: Method, n: usize, metric: &str) -> Study {
        let seed = scenario.meta().seed;
        Study {
            method,
            n,
            levels: 4,
            reps: DEFAULT_REPS,
            seed,
            coa: CoaId::from_index(0),
            metric: metric.to_string(),
            mode: Mode::Stochastic,
            threads: 0,
            bootstrap: BootstrapConfig {
                seed,
                ..BootstrapConfig::default()
            },
            levers: declared(scenario),
        }
    }
}

/// A study checked against its scenario, with its design.
#[derive(Clone, Debug)]
pub struct Prepared<'s> {
    pub scenario: &'s Scenario,
    pub study: Study,
    /// The parameters of the design, in design column order.
    pub levers: Vec<Lever>,
    /// Declared parameters left out, and why.
    pub set_aside: Vec<SetAside>,
    pub space: ParamSpace,
    pub design: Design,
    /// Every outcome column, in `Outcome::names` order.
    pub outcomes: Vec<String>,
    /// Outcome columns that are days of an event: "never" counts as the horizon.
    pub censored: Vec<bool>,
    /// Position of the metric in `outcomes`.
    pub metric_column: usize,
    /// Remarks worth showing the user (not errors).
    pub notes: Vec<String>,
}

impl Prepared<'_> {
    /// Campaigns the analysis runs: points × replications.
    pub fn campaigns(&self) -> u64 {
        self.design.rows() as u64 * self.study.reps
    }
}

/// Checks the study and builds its design.
pub fn prepare<'s>(
    scenario: &'s Scenario,
    study: &Study,
) -> Result<Prepared<'s>, SensitivityError> {
    let mut study = study.clone();
    let mut notes = Vec::new();
    if study.levers.is_empty() {
        return Err(SensitivityError::NoUncertain);
    }
    if study.coa.index() >= scenario.coas().len() {
        return Err(SensitivityError::Invalid(format!(
            "course of action #{} is not in the scenario",
            study.coa.index()
        )));
    }
    if study.reps == 0 {
        return Err(SensitivityError::Invalid(
            "--reps must be at least 1: each design point averages the metric over its replications".into(),
        ));
    }
    if study.mode == Mode::MeanField && study.reps > 1 {
        notes.push(format!(
            "mean-field runs are deterministic: 1 run per point instead of {} replications",
            study.reps
        ));
        study.reps = 1;
    }
    let min_n = match study.method {
        Method::Sobol | Method::Morris => 2,
        Method::Lhs => 4,
    };
    if study.n < min_n {
        let what = match study.method {
            Method::Sobol => "base samples",
            Method::Morris => "trajectories",
            Method::Lhs => "points",
        };
        return Err(SensitivityError::Invalid(format!(
            "--n {} is too small: {} needs at least {min_n} {what}",
            study.n,
            study.method.as_str()
        )));
    }
    if study.method == Method::Sobol && !study.n.is_power_of_two() {
        notes.push(format!(
            "--n {} is not a power of two: the Sobol sequence is best balanced at powers of two (e.g. {})",
            study.n,
            study.n.next_power_of_two()
        ));
    }
    let outcomes = cordon_engine::Outcome::names(scenario);
    let Some(metric_column) = outcomes.iter().position(|n| *n == study.metric) else {
        return Err(SensitivityError::UnknownMetric {
            suggestion: cordon_model::did_you_mean(
                &study.metric,
                outcomes.iter().map(String::as_str),
            )
            .map(str::to_string),
            metric: study.metric.clone(),
            available: outcomes,
        });
    };
    let censored = cordon_experiment::outcomes::specs_of(&outcomes)
        .iter()
        .map(|s| s.kind == Kind::TimeToEvent)
        .collect();
    for lever in &study.levers {
        if lever.target == Target::Coa {
            for c in lever.categories.iter().flatten() {
                if scenario.coa_by_id(&c.to_string()).is_none() {
                    return Err(SensitivityError::Invalid(format!(
                        "the `coa` lever names course of action \"{c}\", which the scenario does not have; it has: {}",
                        scenario.coa_ids().join(", ")
                    )));
                }
            }
        }
    }
    let (levers, set_aside) = select(scenario, study.levers.clone(), study.coa, study.method);
    if levers.is_empty() {
        return Err(SensitivityError::NoneLeft {
            reasons: set_aside
                .iter()
                .map(|a| format!("`{}`: {}", a.name, a.reason))
                .collect::<Vec<_>>()
                .join("; "),
        });
    }
    let space = ParamSpace::new(
        levers
            .iter()
            .map(|l| Parameter::new(l.name.clone(), l.distribution.clone()))
            .collect(),
    )?;
    check_size(&study, levers.len(), outcomes.len())?;
    let design = match study.method {
        Method::Sobol => sample_sobol(&space, study.n, &SobolOptions::default())?,
        Method::Morris => sample_morris(&space, study.n, study.levels, study.seed)?,
        Method::Lhs => sample_lhs(&space, study.n, study.seed)?,
    };
    Ok(Prepared {
        scenario,
        study,
        levers,
        set_aside,
        space,
        design,
        outcomes,
        censored,
        metric_column,
        notes,
    })
}

/// The most memory the design and its outputs may take (1 GiB).
pub const MAX_DESIGN_BYTES: u64 = 1 << 30;

/// Checks what the study will cost before its design is drawn: the points, the campaigns
/// (points × replications, at most [`cordon_experiment::resources::MAX_UNITS`]), the memory of
/// the design and its outputs, and the threads.
fn check_size(study: &Study, k: usize, outcomes: usize) -> Result<(), SensitivityError> {
    cordon_experiment::resources::check_threads(study.threads)
        .map_err(|e| SensitivityError::Invalid(e.to_string()))?;
    let (n, k64) = (study.n as u64, k as u64);
    let rows = match study.method {
        Method::Sobol => n.checked_mul(k64 + 2),
        Method::Morris => n.checked_mul(k64 + 1),
        Method::Lhs => Some(n),
    };
    let limit = cordon_experiment::resources::MAX_UNITS;
    let too_many = |what: String| {
        Err(SensitivityError::Invalid(format!(
            "{what}; at most {limit} (2^40) campaigns can run"
        )))
    };
    let Some(rows) = rows else {
        return too_many(format!(
            "--n {} gives more than 2^64 design points",
            study.n
        ));
    };
    match rows.checked_mul(study.reps) {
        Some(c) if c <= limit => {}
        c => {
            return too_many(format!(
                "--n {} gives {rows} design points × --reps {} = {} campaigns",
                study.n,
                study.reps,
                c.map_or_else(
                    || format!("{:e}", rows as f64 * study.reps as f64),
                    |c| c.to_string()
                )
            ));
        }
    }
    // The design (points × parameters) and the outputs (points × outcomes, mean and error).
    let bytes = rows.saturating_mul(8 * k64 + 16 * outcomes as u64);
    if bytes > MAX_DESIGN_BYTES {
        return Err(SensitivityError::Invalid(format!(
            "--n {} gives {rows} design points, whose design and outputs would take about {} MiB; at most {} MiB",
            study.n,
            bytes >> 20,
            MAX_DESIGN_BYTES >> 20
        )));
    }
    Ok(())
}

/// What the campaigns gave at every design point.
#[derive(Clone, Debug, PartialEq)]
pub struct Outputs {
    /// Outcome columns.
    pub names: Vec<String>,
    /// Points × outcomes, row-major: the mean over the replications (days of events that never
    /// came count as the horizon).
    pub means: Vec<f64>,
    /// Points × outcomes: the standard error of each mean, `sd / √R` (NaN for one replication).
    pub standard_errors: Vec<f64>,
    /// The metric's column.
    pub metric_column: usize,
}

impl Outputs {
    /// Number of design points.
    pub fn points(&self) -> usize {
        self.means.len() / self.names.len().max(1)
    }

    /// The metric's mean at every point, in point order.
    pub fn metric(&self) -> Vec<f64> {
        self.column(self.metric_column)
    }

    /// The standard error of the metric's mean at every point.
    pub fn metric_se(&self) -> Vec<f64> {
        let k = self.names.len();
        (0..self.points())
            .map(|p| self.standard_errors[p * k + self.metric_column])
            .collect()
    }

    /// One outcome's means, in point order.
    pub fn column(&self, j: usize) -> Vec<f64> {
        let k = self.names.len();
        (0..self.points()).map(|p| self.means[p * k + j]).collect()
    }
}

/// One design point, ready to run.
struct Point {
    scenario: Scenario,
    plan: CoaPlan,
}

/// Runs every design point: `R` replications each, with stream keys `(seed, 0..R)`.
pub fn run(prep: &Prepared<'_>, progress: &dyn Progress) -> Result<Outputs, SensitivityError> {
    let pool = cordon_experiment::thread_pool(prep.study.threads)
        .map_err(|e| SensitivityError::Invalid(e.to_string()))?;
    let rows = prep.design.rows();
    let reps = prep.study.reps;
    let k = prep.outcomes.len();
    let chunk = 32 * pool.current_num_threads().max(2);
    let mut means = Vec::with_capacity(rows * k);
    let mut standard_errors = Vec::with_capacity(rows * k);
    progress.start(prep.campaigns(), 0);
    pool.install(|| -> Result<(), SensitivityError> {
        for start in (0..rows).step_by(chunk) {
            let end = (start + chunk).min(rows);
            let built: Vec<Result<Point, SensitivityError>> = (start..end)
                .into_par_iter()
                .map(|p| build_point(prep, p))
                .collect();
            let points: Vec<Point> = built.into_iter().collect::<Result<_, _>>()?;
            let mut moments = vec![vec![Moments::default(); k]; points.len()];
            // Units (point, replication) in order, a chunk at a time: memory does not grow
            // with the replications, and each point's moments fold in replication order.
            let units = points.len() as u64 * reps;
            for first in (0..units).step_by(chunk) {
                let last = (first + chunk as u64).min(units);
                let results: Vec<Result<Vec<f64>, String>> = (0..(last - first) as usize)
                    .into_par_iter()
                    .with_max_len(1)
                    .map(|j| {
                        let u = first + j as u64;
                        let out = run_campaign(prep, &points[(u / reps) as usize], u % reps);
                        progress.advance(1);
                        out
                    })
                    .collect();
                for (u, result) in (first..last).zip(results) {
                    let (i, rep) = ((u / reps) as usize, u % reps);
                    let values = result.map_err(|message| SensitivityError::Engine {
                        point: start + i,
                        replication: rep,
                        message,
                    })?;
                    let horizon = points[i].scenario.meta().horizon_days;
                    for ((m, &v), &censor) in moments[i].iter_mut().zip(&values).zip(&prep.censored)
                    {
                        m.push(if censor && v.is_nan() { horizon } else { v });
                    }
                }
            }
            for point_moments in &moments {
                for m in point_moments {
                    means.push(m.mean());
                    standard_errors.push(m.sd() / (m.n() as f64).sqrt());
                }
            }
        }
        Ok(())
    })?;
    progress.finish();
    let outputs = Outputs {
        names: prep.outcomes.clone(),
        means,
        standard_errors,
        metric_column: prep.metric_column,
    };
    if let Some((point, &value)) = outputs
        .metric()
        .iter()
        .enumerate()
        .find(|(_, v)| !v.is_finite())
    {
        return Err(SensitivityError::NonFiniteMetric {
            metric: prep.study.metric.clone(),
            point,
            value,
        });
    }
    Ok(outputs)
}

/// `name = value` of every parameter at design point `p`.
pub fn describe_point(prep: &Prepared<'_>, p: usize) -> String {
    prep.levers
        .iter()
        .zip(prep.design.row(p))
        .map(|(l, &x)| match l.value(x) {
            Scalar::Num(v) => format!("{} = {v}", l.name),
            Scalar::Str(s) => format!("{} = \"{s}\"", l.name),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn build_point(prep: &Prepared<'_>, p: usize) -> Result<Point, SensitivityError> {
    let (coa, fields) = point_values(
        prep.scenario,
        &prep.levers,
        prep.design.row(p),
        prep.study.coa,
    );
    let borrowed: Vec<(&str, Scalar)> = fields
        .iter()
        .map(|(f, v)| (f.as_str(), v.clone()))
        .collect();
    let scenario = prep
        .scenario
        .with_values(&borrowed)
        .map_err(|diagnostics| SensitivityError::PointRejected {
            point: p,
            values: describe_point(prep, p),
            diagnostics,
        })?;
    let plan = CoaPlan::new(&scenario, coa);
    Ok(Point { scenario, plan })
}

/// One campaign, engine errors and panics caught as messages.
fn run_campaign(prep: &Prepared<'_>, point: &Point, rep: u64) -> Result<Vec<f64>, String> {
    let key = StreamKey::new(prep.study.seed, rep);
    let result = catch_unwind(AssertUnwindSafe(|| {
        cordon_engine::run_planned(
            &point.scenario,
            &point.plan,
            prep.study.mode,
            key,
            &mut NoObserver,
        )
    }));
    match result {
        Ok(Ok(outcome)) => Ok(outcome.values()),
        Ok(Err(e)) => Err(e.to_string()),
        Err(payload) => {
            let message = payload
                .downcast_ref::<&str>()
                .map(|s| (*s).to_string())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".to_string());
            Err(format!("panic in the engine: {message}"))
        }
    }
}
