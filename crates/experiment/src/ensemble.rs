//! Units of work and running them in parallel.
//!
//! A unit is one campaign: a course of action and a stream key. Its result depends on the
//! scenario, the course, the mode and the key only, so any number of threads gives the same
//! results; [`run_units`] returns them in the order of the units it was given.

use std::panic::{AssertUnwindSafe, catch_unwind};

use cordon_engine::{CoaPlan, Mode, NoObserver, StreamKey};
use cordon_model::{CoaId, Scenario};
use rayon::prelude::*;

use crate::bands::{BandLayout, BandRecorder};

/// One campaign to run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Unit {
    pub coa: CoaId,
    pub key: StreamKey,
}

/// What one campaign gave.
#[derive(Clone, Debug, PartialEq)]
pub struct UnitResult {
    /// The outcome values (`cordon_engine::Outcome::values`), or the engine's error message
    /// (a panic is caught and reported the same way).
    pub outcome: Result<Vec<f64>, String>,
    /// The band sample (see [`BandLayout`]), when asked for and the campaign succeeded.
    pub sample: Option<Vec<f64>>,
}

/// Receives progress reports; the default methods do nothing. Called from worker threads.
pub trait Progress: Sync {
    /// Work begins: `total` units, of which `done` were already done (resumed).
    fn start(&self, _total: u64, _done: u64) {}
    /// A unit is about to start. A caller that stops the work early may unwind from here (the
    /// Python package does on Ctrl-C), so that queued units do not run.
    fn starting(&self) {}
    /// `n` more units are done.
    fn advance(&self, _n: u64) {}
    /// The total changed (an adaptive run stopped early).
    fn set_total(&self, _total: u64) {}
    /// Work ended.
    fn finish(&self) {}
}

/// Progress reports that go nowhere.
pub struct NoProgress;

impl Progress for NoProgress {}

/// Runs one campaign, catching engine errors and panics.
pub fn run_unit(
    scenario: &Scenario,
    unit: Unit,
    mode: Mode,
    bands: Option<&BandLayout>,
) -> UnitResult {
    let plan = CoaPlan::new(scenario, unit.coa);
    run_unit_planned(scenario, &plan, unit, mode, bands)
}

/// Runs one campaign with its course's interdiction plan computed beforehand, catching engine
/// errors and panics.
pub fn run_unit_planned(
    scenario: &Scenario,
    plan: &CoaPlan,
    unit: Unit,
    mode: Mode,
    bands: Option<&BandLayout>,
) -> UnitResult {
    let result = catch_unwind(AssertUnwindSafe(|| match bands {
        Some(layout) => {
            let mut recorder = BandRecorder::new(scenario, layout);
            let outcome = cordon_engine::run_planned(scenario, plan, mode, unit.key, &mut recorder);
            match outcome {
                Ok(outcome) => (Ok(outcome.values()), Some(recorder.finish())),
                Err(err) => (Err(err.to_string()), None),
            }
        }
        None => {
            let outcome =
                cordon_engine::run_planned(scenario, plan, mode, unit.key, &mut NoObserver);
            (outcome.map(|o| o.values()).map_err(|e| e.to_string()), None)
        }
    }));
    match result {
        Ok((outcome, sample)) => UnitResult { outcome, sample },
        Err(payload) => {
            let message = payload
                .downcast_ref::<&str>()
                .map(|s| (*s).to_string())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".to_string());
            UnitResult {
                outcome: Err(format!("panic in the engine: {message}")),
                sample: None,
            }
        }
    }
}

/// Runs one campaign of a planned course and returns its outcome values, an engine error or a
/// panic caught as a message (as [`run_unit_planned`] without bands).
pub fn run_campaign(
    scenario: &Scenario,
    plan: &CoaPlan,
    mode: Mode,
    key: StreamKey,
) -> Result<Vec<f64>, String> {
    let unit = Unit { coa: plan.coa, key };
    run_unit_planned(scenario, plan, unit, mode, None).outcome
}

/// Runs units on a thread pool; results come back in the order of `units`. The interdiction
/// plan of each course of action is computed once (plans depend on the course only) and shared
/// by its replications.
pub fn run_units(
    scenario: &Scenario,
    units: &[Unit],
    mode: Mode,
    bands: Option<&BandLayout>,
    pool: &rayon::ThreadPool,
    progress: &dyn Progress,
) -> Vec<UnitResult> {
    pool.install(|| {
        let mut coas: Vec<CoaId> = units.iter().map(|u| u.coa).collect();
        coas.sort_unstable();
        coas.dedup();
        let plans: Vec<(CoaId, CoaPlan)> = coas
            .par_iter()
            .map(|&c| (c, CoaPlan::new(scenario, c)))
            .collect();
        let plan_of = |c: CoaId| {
            let i = plans
                .binary_search_by_key(&c, |(id, _)| *id)
                .unwrap_or_default();
            &plans[i].1
        };
        units
            .par_iter()
            .with_max_len(1)
            .map(|unit| {
                let result = run_unit_planned(scenario, plan_of(unit.coa), *unit, mode, bands);
                progress.advance(1);
                result
            })
            .collect()
    })
}

/// A thread pool of `threads` workers (0: one per core).
pub fn thread_pool(threads: usize) -> Result<rayon::ThreadPool, crate::ExperimentError> {
    crate::resources::check_threads(threads)?;
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .map_err(|e| {
            crate::ExperimentError::Invalid(format!("cannot start {threads} threads: {e}"))
        })
}
