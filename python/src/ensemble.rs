//! Ensembles: every course of action (or some) over common random numbers, summarised with
//! paired differences against the baseline — `cordon compare`, in memory or into a results
//! directory — and the summaries of a results directory the CLI wrote.

use std::path::Path;

use cordon_engine::{Mode, StreamKey};
use cordon_experiment::store::DirLock;
use cordon_experiment::{
    Better, Comparison, Experiment, ExperimentError, Kind, OutcomeSpec, RunInfo, RunRow, Runs,
    Stop, Unit,
};
use cordon_model::{CoaId, Scenario};
use pyo3::prelude::*;
use pyo3::types::PyDict;

use crate::errors::{experiment_error, input_error};
use crate::scenario::Scenario as PyScenario;
use crate::watch::{Watch, interruptible};

/// Replications per batch of an adaptive (`ci_width`) run, as the CLI's.
const CI_BATCH: u64 = 100;

/// An outcome's description: name, label, kind, better direction, headline.
pub fn spec_dict<'py>(py: Python<'py>, o: &OutcomeSpec) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    d.set_item("name", &o.name)?;
    d.set_item("label", &o.label)?;
    d.set_item(
        "kind",
        match o.kind {
            Kind::Amount => "amount",
            Kind::Proportion => "proportion",
            Kind::TimeToEvent => "time_to_event",
        },
    )?;
    d.set_item(
        "better",
        match o.better {
            Better::Lower => "lower",
            Better::Higher => "higher",
            Better::Neither => "neither",
        },
    )?;
    d.set_item("headline", o.headline)?;
    Ok(d)
}

/// The courses of action of a comparison, in the CLI's order: the ones asked for (default:
/// all), then the baseline if it is missing.
fn courses(
    py: Python<'_>,
    scenario: &PyScenario,
    coas: Option<Vec<String>>,
    baseline: Option<&str>,
) -> PyResult<(Vec<CoaId>, CoaId)> {
    let s = &scenario.inner;
    let mut chosen = Vec::new();
    for id in coas.unwrap_or_default() {
        let coa = scenario.coa(py, Some(id.trim()))?;
        if chosen.contains(&coa) {
            return Err(input_error(
                py,
                &format!(
                    "course of action \"{}\" is listed twice in --coas",
                    id.trim()
                ),
            ));
        }
        chosen.push(coa);
    }
    if chosen.is_empty() {
        chosen = (0..s.coas().len()).map(CoaId::from_index).collect();
    }
    let baseline = match baseline {
        Some(id) => scenario.coa(py, Some(id))?,
        None => s.meta().baseline,
    };
    if !chosen.contains(&baseline) {
        chosen.push(baseline);
    }
    Ok((chosen, baseline))
}

/// Runs `coas` × `reps` replications with common random numbers (replication `r` of every
/// course uses stream `chacha8:SEED:r`) and summarises every outcome, with paired differences
/// against `baseline`. With `out`, runs exactly as `cordon compare --out OUT` (resumable,
/// bands, runs.csv/.parquet, manifest.json; `ci_width` for an adaptive stop); without, in
/// memory.
#[pyfunction]
#[pyo3(signature = (scenario, coas=None, *, baseline=None, reps=1000, seed=None, threads=0, out=None, resume=false, ci_width=None, progress=None))]
#[allow(clippy::too_many_arguments)]
pub fn compare<'py>(
    py: Python<'py>,
    scenario: &PyScenario,
    coas: Option<Vec<String>>,
    baseline: Option<&str>,
    reps: u64,
    seed: Option<u64>,
    threads: usize,
    out: Option<std::path::PathBuf>,
    resume: bool,
    ci_width: Option<f64>,
    progress: Option<Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyDict>> {
    let s = &*scenario.inner;
    let (coas, baseline) = courses(py, scenario, coas, baseline)?;
    let mut exp = Experiment::new(s, coas, reps);
    if let Some(seed) = seed {
        exp.seed = seed;
    }
    exp.mode = Mode::Stochastic;
    exp.threads = threads;
    if let Some(relative) = ci_width {
        exp.stop = Stop::HalfWidth {
            relative,
            batch: CI_BATCH,
        };
    }
    exp.validate().map_err(|e| experiment_error(py, &e))?;
    let baseline_id = s.coa(baseline).id.clone();
    let result = PyDict::new(py);
    match out {
        Some(dir) => {
            let (comparison, stop) =
                into_dir(py, &exp, &dir, resume, &baseline_id, progress.as_ref())?;
            let runs =
                cordon_experiment::read_runs_csv(&dir).map_err(|e| experiment_error(py, &e))?;
            result.set_item("stop", stop)?;
            fill(py, &result, &comparison, &runs)?;
        }
        None => {
            if resume || ci_width.is_some() {
                return Err(input_error(
                    py,
                    "resume and ci_width need a results directory: give out=DIR",
                ));
            }
            let (runs, failures) =
                interruptible(py, progress.as_ref(), |watch| in_memory(&exp, watch))?
                    .map_err(|e| experiment_error(py, &e))?;
            let specs = cordon_experiment::outcome_specs(s);
            let base = exp.coas.iter().position(|&c| c == baseline).unwrap_or(0);
            let comparison = cordon_experiment::summarize(&runs, &runs.coas, &specs, base)
                .map_err(|e| experiment_error(py, &e))?;
            result.set_item("stop", "fixed")?;
            result.set_item("failures", failures_table(py, &runs.coas, &failures)?)?;
            fill(py, &result, &comparison, &runs)?;
        }
    }
    result.set_item("seed", exp.seed)?;
    result.set_item("scenario_hash", s.hash())?;
    Ok(result)
}

/// The summaries of a results directory written by `cordon compare`/`cordon run` (or
/// `compare(out=...)`), paired against `baseline` (default: its first course of action).
#[pyfunction]
#[pyo3(signature = (out, *, baseline=None))]
pub fn read_results<'py>(
    py: Python<'py>,
    out: std::path::PathBuf,
    baseline: Option<&str>,
) -> PyResult<Bound<'py, PyDict>> {
    let (comparison, runs) = py
        .detach(|| {
            let comparison = cordon_experiment::summarize_dir(&out, baseline)?;
            let runs = cordon_experiment::read_runs_csv(&out)?;
            Ok::<_, ExperimentError>((comparison, runs))
        })
        .map_err(|e| experiment_error(py, &e))?;
    let result = PyDict::new(py);
    fill(py, &result, &comparison, &runs)?;
    Ok(result)
}

/// Runs an experiment into `dir` as the CLI does (the directory's lock held throughout).
fn into_dir(
    py: Python<'_>,
    exp: &Experiment<'_>,
    dir: &Path,
    resume: bool,
    baseline: &str,
    progress: Option<&Bound<'_, PyAny>>,
) -> PyResult<(Comparison, &'static str)> {
    std::fs::create_dir_all(dir).map_err(|e| {
        crate::errors::run_error(
            py,
            &format!("cannot create output directory {}: {e}", dir.display()),
        )
    })?;
    let command = "python: cordon.compare";
    let lock = DirLock::acquire(dir, command).map_err(|e| experiment_error(py, &e))?;
    let info = RunInfo::now(vec!["python".into(), "cordon.compare".into()], exp.threads);
    let report = interruptible(py, progress, |watch| {
        cordon_experiment::run(exp, dir, resume, &info, watch)
    })?
    .map_err(|e| experiment_error(py, &e))?;
    let comparison = cordon_experiment::summarize_dir(dir, Some(baseline))
        .map_err(|e| experiment_error(py, &e))?;
    drop(lock);
    let stop = match report.stop {
        cordon_experiment::StopReason::Fixed => "fixed",
        cordon_experiment::StopReason::Converged { .. } => "converged",
        cordon_experiment::StopReason::Ceiling { .. } => "ceiling",
    };
    Ok((comparison, stop))
}

/// A failed replication: course index, replication, message.
type Failure = (usize, u64, String);

/// Every (course, replication) unit in batches, results kept in memory in unit order.
fn in_memory(exp: &Experiment<'_>, watch: &Watch) -> Result<(Runs, Vec<Failure>), ExperimentError> {
    use cordon_experiment::Progress as _;
    let s: &Scenario = exp.scenario;
    let pool = cordon_experiment::thread_pool(exp.threads)?;
    let chunk = cordon_experiment::resources::chunk_units(pool.current_num_threads(), None);
    let units: Vec<(usize, u64)> = (0..exp.coas.len())
        .flat_map(|c| (0..exp.reps).map(move |r| (c, r)))
        .collect();
    watch.start(units.len() as u64, 0);
    let mut rows = Vec::with_capacity(units.len());
    let mut failures = Vec::new();
    for batch in units.chunks(chunk) {
        let work: Vec<Unit> = batch
            .iter()
            .map(|&(c, rep)| Unit {
                coa: exp.coas[c],
                key: StreamKey::new(exp.seed, rep),
            })
            .collect();
        let results = cordon_experiment::run_units(s, &work, exp.mode, None, &pool, watch);
        for ((&(coa, replication), unit), result) in batch.iter().zip(&work).zip(results) {
            match result.outcome {
                Ok(values) => rows.push(RunRow {
                    coa,
                    replication,
                    stream_key: unit.key.to_string(),
                    values,
                }),
                Err(message) => failures.push((coa, replication, message)),
            }
        }
    }
    let runs = Runs {
        names: cordon_engine::Outcome::names(s),
        coas: exp.coas.iter().map(|&c| s.coa(c).id.clone()).collect(),
        rows,
    };
    Ok((runs, failures))
}

fn failures_table<'py>(
    py: Python<'py>,
    coas: &[String],
    failures: &[Failure],
) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    d.set_item(
        "coa",
        failures
            .iter()
            .map(|f| coas[f.0].clone())
            .collect::<Vec<_>>(),
    )?;
    d.set_item(
        "replication",
        failures.iter().map(|f| f.1).collect::<Vec<_>>(),
    )?;
    d.set_item(
        "message",
        failures.iter().map(|f| f.2.clone()).collect::<Vec<_>>(),
    )?;
    Ok(d)
}

/// The comparison's tables: `summary` (one row per course and outcome, with the paired
/// difference against the baseline) and `runs` (one row per successful replication).
fn fill(py: Python<'_>, result: &Bound<'_, PyDict>, cmp: &Comparison, runs: &Runs) -> PyResult<()> {
    result.set_item("coas", &cmp.coas)?;
    result.set_item("baseline", &cmp.coas[cmp.baseline])?;
    result.set_item(
        "outcomes",
        cmp.outcomes
            .iter()
            .map(|o| spec_dict(py, o))
            .collect::<PyResult<Vec<_>>>()?,
    )?;
    result.set_item("replications", &cmp.replications)?;
    let cells: Vec<(usize, usize)> = (0..cmp.coas.len())
        .flat_map(|c| (0..cmp.outcomes.len()).map(move |o| (c, o)))
        .collect();
    let summary = PyDict::new(py);
    let col =
        |f: &dyn Fn(usize, usize) -> f64| cells.iter().map(|&(c, o)| f(c, o)).collect::<Vec<f64>>();
    let count =
        |f: &dyn Fn(usize, usize) -> u64| cells.iter().map(|&(c, o)| f(c, o)).collect::<Vec<u64>>();
    summary.set_item(
        "coa",
        cells
            .iter()
            .map(|&(c, _)| cmp.coas[c].clone())
            .collect::<Vec<_>>(),
    )?;
    summary.set_item(
        "outcome",
        cells
            .iter()
            .map(|&(_, o)| cmp.outcomes[o].name.clone())
            .collect::<Vec<_>>(),
    )?;
    summary.set_item("n", count(&|c, o| cmp.summaries[c][o].n))?;
    summary.set_item("n_total", count(&|c, o| cmp.summaries[c][o].n_total))?;
    summary.set_item("mean", col(&|c, o| cmp.summaries[c][o].mean))?;
    summary.set_item("sd", col(&|c, o| cmp.summaries[c][o].sd))?;
    summary.set_item("ci_low", col(&|c, o| cmp.summaries[c][o].ci.lo))?;
    summary.set_item("ci_high", col(&|c, o| cmp.summaries[c][o].ci.hi))?;
    summary.set_item("median", col(&|c, o| cmp.summaries[c][o].median))?;
    summary.set_item(
        "median_exact",
        cells
            .iter()
            .map(|&(c, o)| cmp.summaries[c][o].median_exact)
            .collect::<Vec<_>>(),
    )?;
    summary.set_item("diff_n", count(&|c, o| cmp.diffs[c][o].n))?;
    summary.set_item("diff_mean", col(&|c, o| cmp.diffs[c][o].mean))?;
    summary.set_item("diff_ci_low", col(&|c, o| cmp.diffs[c][o].ci.lo))?;
    summary.set_item("diff_ci_high", col(&|c, o| cmp.diffs[c][o].ci.hi))?;
    summary.set_item("n_compared", count(&|c, o| cmp.diffs[c][o].n_compared))?;
    summary.set_item("n_better", count(&|c, o| cmp.diffs[c][o].n_better))?;
    summary.set_item("n_ties", count(&|c, o| cmp.diffs[c][o].n_ties))?;
    summary.set_item("p_better", col(&|c, o| cmp.diffs[c][o].p_better))?;
    result.set_item("summary", summary)?;
    let table = PyDict::new(py);
    table.set_item(
        "coa",
        runs.rows
            .iter()
            .map(|r| runs.coas[r.coa].clone())
            .collect::<Vec<_>>(),
    )?;
    table.set_item(
        "replication",
        runs.rows.iter().map(|r| r.replication).collect::<Vec<_>>(),
    )?;
    table.set_item(
        "stream_key",
        runs.rows
            .iter()
            .map(|r| r.stream_key.clone())
            .collect::<Vec<_>>(),
    )?;
    for (k, name) in runs.names.iter().enumerate() {
        table.set_item(
            name,
            runs.rows.iter().map(|r| r.values[k]).collect::<Vec<f64>>(),
        )?;
    }
    result.set_item("runs", table)?;
    Ok(())
}
