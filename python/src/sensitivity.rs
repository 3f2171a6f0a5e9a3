//! Sensitivity analysis of a scenario's declared uncertain parameters (`cordon sensitivity`):
//! the design, the campaigns at every point on common random numbers, and the indices.

use cordon_engine::Mode;
use cordon_experiment::RunInfo;
use cordon_model::Scalar;
use cordon_sensitivity::{Indices, Method, Prepared, SensitivityError, Study, store};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};

use crate::errors::{input_error, run_error};
use crate::scenario::Scenario as PyScenario;
use crate::watch::interruptible;

fn error(py: Python<'_>, e: &SensitivityError) -> PyErr {
    if e.is_bad_input() {
        input_error(py, &e.to_string())
    } else {
        run_error(py, &e.to_string())
    }
}

/// Which uncertain parameters drive `metric` (an outcome name) of a course of action:
/// `method` is "sobol" (Saltelli design, S1 and ST), "morris" (μ*, μ, σ) or "lhs" (Spearman ρ
/// and η²); `n` base samples, trajectories or points. Each point runs `reps` replications with
/// the same stream keys (common random numbers). With `out`, writes the CLI's files there.
#[pyfunction]
#[pyo3(signature = (scenario, method, n, metric, *, reps=cordon_sensitivity::DEFAULT_REPS, coa=None, seed=None, threads=0, levels=4, resamples=1000, mean_field=false, out=None, progress=None))]
#[allow(clippy::too_many_arguments)]
pub fn sensitivity<'py>(
    py: Python<'py>,
    scenario: &PyScenario,
    method: &str,
    n: usize,
    metric: &str,
    reps: u64,
    coa: Option<&str>,
    seed: Option<u64>,
    threads: usize,
    levels: usize,
    resamples: usize,
    mean_field: bool,
    out: Option<std::path::PathBuf>,
    progress: Option<Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyDict>> {
    let s = &*scenario.inner;
    let method = match method {
        "sobol" => Method::Sobol,
        "morris" => Method::Morris,
        "lhs" => Method::Lhs,
        other => {
            return Err(input_error(
                py,
                &format!("unknown method \"{other}\": sobol, morris or lhs"),
            ));
        }
    };
    let mut study = Study::new(s, method, n, metric);
    study.coa = scenario.coa(py, coa)?;
    study.reps = reps;
    study.levels = levels;
    study.threads = threads;
    study.bootstrap.resamples = resamples;
    if let Some(seed) = seed {
        study.seed = seed;
        study.bootstrap.seed = seed;
    }
    if mean_field {
        study.mode = Mode::MeanField;
    }
    let info = RunInfo::now(vec!["python".into(), "cordon.sensitivity".into()], threads);
    let prep = cordon_sensitivity::prepare(s, &study).map_err(|e| error(py, &e))?;
    let lock = match &out {
        Some(dir) => {
            std::fs::create_dir_all(dir).map_err(|e| {
                run_error(
                    py,
                    &format!("cannot create output directory {}: {e}", dir.display()),
                )
            })?;
            let lock =
                cordon_experiment::store::DirLock::acquire(dir, "python: cordon.sensitivity")
                    .map_err(|e| crate::errors::experiment_error(py, &e))?;
            store::remove_previous(dir).map_err(|e| error(py, &e))?;
            Some(lock)
        }
        None => None,
    };
    let outputs = interruptible(py, progress.as_ref(), |watch| {
        cordon_sensitivity::run(&prep, watch)
    })?
    .map_err(|e| error(py, &e))?;
    let analysed = cordon_sensitivity::analyze(&prep, &outputs);
    if let Some(dir) = &out {
        store::write_design(dir, &prep, &outputs).map_err(|e| error(py, &e))?;
        if let Ok(indices) = &analysed {
            store::write_indices(dir, indices).map_err(|e| error(py, &e))?;
        }
        store::write_manifest(dir, &prep, analysed.as_ref().ok(), &info)
            .map_err(|e| error(py, &e))?;
    }
    drop(lock);
    let indices = analysed.map_err(|e| error(py, &e))?;
    let result = PyDict::new(py);
    result.set_item("method", method.as_str())?;
    result.set_item("metric", metric)?;
    result.set_item("coa", &s.coa(prep.study.coa).id)?;
    result.set_item("reps", prep.study.reps)?;
    result.set_item("seed", prep.study.seed)?;
    result.set_item("notes", &prep.notes)?;
    result.set_item(
        "set_aside",
        prep.set_aside
            .iter()
            .map(|a| (a.name.clone(), a.reason.clone()))
            .collect::<Vec<_>>(),
    )?;
    result.set_item("indices", index_table(py, &indices)?)?;
    result.set_item("ranking", indices.ranking())?;
    result.set_item("mean", indices.mean)?;
    result.set_item("variance", indices.variance)?;
    result.set_item("noise_share", indices.noise_share)?;
    result.set_item("design", design_table(py, &prep)?)?;
    let outcomes = PyDict::new(py);
    for (j, name) in outputs.names.iter().enumerate() {
        outcomes.set_item(name, outputs.column(j))?;
    }
    outcomes.set_item(format!("{metric}_se"), outputs.metric_se())?;
    result.set_item("outputs", outcomes)?;
    Ok(result)
}

/// The rows of `sensitivity.csv`: parameter, index, value, ci_low, ci_high.
fn index_table<'py>(py: Python<'py>, indices: &Indices) -> PyResult<Bound<'py, PyDict>> {
    let rows = indices.rows();
    let d = PyDict::new(py);
    d.set_item(
        "parameter",
        rows.iter().map(|r| r.parameter.clone()).collect::<Vec<_>>(),
    )?;
    d.set_item(
        "index",
        rows.iter().map(|r| r.kind.as_str()).collect::<Vec<_>>(),
    )?;
    d.set_item("value", rows.iter().map(|r| r.value).collect::<Vec<_>>())?;
    d.set_item(
        "ci_low",
        rows.iter()
            .map(|r| r.interval.map_or(f64::NAN, |i| i.0))
            .collect::<Vec<_>>(),
    )?;
    d.set_item(
        "ci_high",
        rows.iter()
            .map(|r| r.interval.map_or(f64::NAN, |i| i.1))
            .collect::<Vec<_>>(),
    )?;
    Ok(d)
}

/// The design: one column per parameter, one row per point, in the parameters' own values.
fn design_table<'py>(py: Python<'py>, prep: &Prepared<'_>) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    for (j, lever) in prep.levers.iter().enumerate() {
        let column = PyList::empty(py);
        for p in 0..prep.design.rows() {
            match lever.value(prep.design.row(p)[j]) {
                Scalar::Num(x) => column.append(x)?,
                Scalar::Str(text) => column.append(text)?,
            }
        }
        d.set_item(&lever.name, column)?;
    }
    Ok(d)
}
