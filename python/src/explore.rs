//! Decisions under deep uncertainty (`cordon explore`): every course of action in many
//! plausible worlds drawn from the scenario's `[[uncertain]]` parameters, robustness across
//! the worlds and PRIM boxes of where each course fails or is not the best.
//!
//! In memory, the tables come back as the text of the CLI's files (`cordon_explore::store`
//! writes both), so they are the CLI's to the byte; with `out`, the directory is written and
//! resumed exactly as `cordon explore --out` does.

use std::path::PathBuf;

use cordon_engine::Mode;
use cordon_experiment::Better;
use cordon_experiment::factorial::Design;
use cordon_explore::robust::parse_thresholds;
use cordon_explore::store::{self, Plan, Settings};
use cordon_explore::{Explore, ExploreError, Sampler, Shard, WorldResult};
use cordon_model::CoaId;
use cordon_sa::PrimOptions;
use pyo3::prelude::*;
use pyo3::types::PyDict;

use crate::errors::{experiment_error, input_error, run_error};
use crate::scenario::{Scenario as PyScenario, coa_of};
use crate::watch::interruptible;

fn error(py: Python<'_>, e: &ExploreError) -> PyErr {
    if e.is_bad_input() {
        input_error(py, &e.to_string())
    } else {
        run_error(py, &e.to_string())
    }
}

/// Runs an exploration: `K = worlds` worlds × the courses (default: all; with `factorial`,
/// every arm of the strategy factors, `fix` holding some) × `reps` replications on common
/// random numbers; analyses `metrics` (the first ranks the courses) with the satisficing
/// thresholds `satisfice` ("fighters_total<2000,...") and PRIM.
///
/// Returns a dict: the analysis files' texts under their names ("robustness.csv", ...,
/// "verdict.txt", and in memory "worlds.csv" and "results.csv"), the ranking, its criterion
/// and notes. With `out`, the files are written there instead (and `resume` finishes the
/// exploration already in it).
#[pyfunction]
#[pyo3(signature = (scenario, coas=None, *, worlds=200, sampler="lhs", reps=10, seed=None, mean_field=false, factorial=false, fix=None, metrics=None, satisfice=None, threshold=0.8, peel_alpha=0.05, threads=0, out=None, resume=false, progress=None))]
#[allow(clippy::too_many_arguments)]
pub fn explore<'py>(
    py: Python<'py>,
    scenario: &PyScenario,
    coas: Option<Vec<String>>,
    worlds: usize,
    sampler: &str,
    reps: u64,
    seed: Option<u64>,
    mean_field: bool,
    factorial: bool,
    fix: Option<Vec<(String, String)>>,
    metrics: Option<Vec<String>>,
    satisfice: Option<String>,
    threshold: f64,
    peel_alpha: f64,
    threads: usize,
    out: Option<PathBuf>,
    resume: bool,
    progress: Option<Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyDict>> {
    let base = &*scenario.inner;
    let arms;
    let run_scenario = if factorial {
        if coas.is_some() {
            return Err(input_error(
                py,
                "coas and factorial exclude each other: the arms are the courses",
            ));
        }
        let space = base.factor_space();
        let fixed = crate::factorial::fixed(py, &space, fix.unwrap_or_default())?;
        arms = Design::full(&space, &fixed)
            .scenario(base)
            .map_err(|e| input_error(py, &format!("the factorial arms: {e}")))?;
        &arms
    } else {
        if fix.is_some_and(|f| !f.is_empty()) {
            return Err(input_error(py, "fix needs factorial=True"));
        }
        base
    };
    let coas: Vec<CoaId> = match coas {
        None => (0..run_scenario.coas().len())
            .map(CoaId::from_index)
            .collect(),
        Some(ids) => ids
            .iter()
            .map(|id| coa_of(py, run_scenario, Some(id.trim())))
            .collect::<PyResult<_>>()?,
    };
    let specs = cordon_experiment::outcome_specs(run_scenario);
    let spec = |name: &str, flag: &str| {
        specs.iter().find(|o| o.name == name).ok_or_else(|| {
            input_error(
                py,
                &format!(
                    "unknown outcome \"{name}\" in {flag} (outcomes: {})",
                    specs
                        .iter()
                        .map(|o| o.name.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            )
        })
    };
    let metrics = metrics.unwrap_or_else(|| {
        ["fighters_total", "coalition_losses", "civilian_casualties"]
            .map(String::from)
            .to_vec()
    });
    if metrics.is_empty() {
        return Err(input_error(py, "metrics: give at least one outcome"));
    }
    let mut settings = Settings {
        metrics: Vec::new(),
        thresholds: match &satisfice {
            Some(text) => parse_thresholds(text).map_err(|e| error(py, &e))?,
            None => Vec::new(),
        },
        prim: PrimOptions {
            threshold,
            peel_alpha,
            ..PrimOptions::default()
        },
    };
    for m in &metrics {
        let better: Better = spec(m, "--metrics")?.better;
        settings.metrics.push((m.clone(), better));
    }
    for t in &settings.thresholds {
        spec(&t.metric, "--satisfice")?;
    }
    settings
        .prim
        .validate()
        .map_err(|e| input_error(py, &e.to_string()))?;
    let sampler = match sampler {
        "lhs" => Sampler::Lhs,
        "sobol" => Sampler::Sobol,
        other => {
            return Err(input_error(
                py,
                &format!("unknown sampler \"{other}\": lhs or sobol"),
            ));
        }
    };
    let request = Explore {
        scenario: run_scenario,
        coas,
        worlds,
        sampler,
        reps,
        seed: seed.unwrap_or(run_scenario.meta().seed),
        mode: if mean_field {
            Mode::MeanField
        } else {
            Mode::Stochastic
        },
        threads,
        shard: Shard::WHOLE,
    };
    let prep = cordon_explore::prepare(&request).map_err(|e| error(py, &e))?;
    let ids = prep.coa_ids();
    let result = PyDict::new(py);
    result.set_item("notes", &prep.notes)?;
    result.set_item("seed", prep.explore.seed)?;
    result.set_item("reps", prep.explore.reps)?;
    result.set_item("coas", &ids)?;
    result.set_item(
        "parameters",
        prep.levers
            .iter()
            .map(|l| l.name.clone())
            .collect::<Vec<_>>(),
    )?;
    let files = PyDict::new(py);
    let (inputs, analysis) = match &out {
        None => {
            if resume {
                return Err(input_error(py, "resume=True needs out=DIR"));
            }
            let results = interruptible(py, progress.as_ref(), |watch| {
                let mut results: Vec<WorldResult> = Vec::with_capacity(worlds);
                cordon_experiment::Progress::start(watch, prep.campaigns(), 0);
                cordon_explore::run(&prep, prep.range(), watch, &mut |chunk| {
                    results.extend_from_slice(chunk);
                    Ok(())
                })
                .map(|()| results)
            })?
            .map_err(|e| error(py, &e))?;
            files.set_item("worlds.csv", store::worlds_csv(&prep))?;
            files.set_item(
                "results.csv",
                store::results_csv(&Plan::of(&prep), &results),
            )?;
            store::analyze_results(&prep, &settings, &results).map_err(|e| error(py, &e))?
        }
        Some(dir) => {
            std::fs::create_dir_all(dir).map_err(|e| {
                run_error(
                    py,
                    &format!("cannot create output directory {}: {e}", dir.display()),
                )
            })?;
            let lock = cordon_experiment::store::DirLock::acquire(dir, "python: cordon.explore")
                .map_err(|e| experiment_error(py, &e))?;
            let plan = Plan::of(&prep);
            let (mut journal, done) = store::open(dir, &plan, resume).map_err(|e| error(py, &e))?;
            let range = prep.range();
            let per_world = prep.explore.coas.len() as u64 * prep.explore.reps;
            interruptible(py, progress.as_ref(), |watch| {
                cordon_experiment::Progress::start(
                    watch,
                    prep.campaigns(),
                    done as u64 * per_world,
                );
                cordon_explore::run(&prep, range.start + done..range.end, watch, &mut |r| {
                    journal.append(r, &ids)
                })
            })?
            .map_err(|e| error(py, &e))?;
            let finished =
                store::finish(dir, &prep, &plan, &settings).map_err(|e| error(py, &e))?;
            drop(lock);
            finished
                .analysis
                .ok_or_else(|| run_error(py, "the exploration was not analysed"))?
        }
    };
    if out.is_none() {
        for (name, text) in store::analysis_files(&inputs, &analysis) {
            files.set_item(name, text)?;
        }
    }
    result.set_item("files", files)?;
    result.set_item("verdict", &analysis.verdict)?;
    result.set_item("criterion", &analysis.criterion)?;
    result.set_item(
        "ranking",
        analysis
            .ranking
            .iter()
            .map(|&c| inputs.courses[c].clone())
            .collect::<Vec<_>>(),
    )?;
    Ok(result)
}
