//! Factorial experiments over the strategy factors (`cordon factorial`): every arm generated
//! from the same capability base, run on common random numbers, decomposed into main effects
//! and interactions.

use cordon_engine::Mode;
use cordon_experiment::Kind;
use cordon_experiment::factorial::{self as fx, Design};
use cordon_model::FactorSpec;
use pyo3::prelude::*;
use pyo3::types::PyDict;

use crate::errors::{input_error, run_error};
use crate::scenario::Scenario as PyScenario;
use crate::watch::interruptible;

/// The largest design run without `fix` narrowing it (the CLI's limit).
const MAX_ARMS: usize = 2000;

/// `fix` (factor → level) as (factor index, level index), with the CLI's messages.
pub(crate) fn fixed(
    py: Python<'_>,
    space: &[FactorSpec],
    fix: Vec<(String, String)>,
) -> PyResult<Vec<(usize, usize)>> {
    let mut out = Vec::new();
    for (name, level) in fix {
        let Some(f) = space.iter().position(|x| x.name == name) else {
            let names: Vec<&str> = space.iter().map(|x| x.name.as_str()).collect();
            return Err(input_error(
                py,
                &format!(
                    "unknown factor \"{name}\" in --fix (factors: {})",
                    names.join(", ")
                ),
            ));
        };
        let Some(l) = space[f].levels.iter().position(|x| *x == level) else {
            return Err(input_error(
                py,
                &format!(
                    "factor \"{name}\" has no level \"{level}\" (levels: {})",
                    space[f].levels.join(", ")
                ),
            ));
        };
        out.push((f, l));
    }
    Ok(out)
}

/// Runs the full factorial of the scenario's strategy factors (with `fix` holding some at one
/// level: `{"proxy": "none"}`), `reps` replications per arm on common random numbers, and
/// decomposes every outcome into effects up to `max_order` (2: main effects and two-way
/// interactions), each with a 95% interval from the per-replication estimates.
#[pyfunction]
#[pyo3(signature = (scenario, *, reps=100, seed=None, mean_field=false, fix=None, max_order=2, threads=0, progress=None))]
#[allow(clippy::too_many_arguments)]
pub fn factorial<'py>(
    py: Python<'py>,
    scenario: &PyScenario,
    reps: u64,
    seed: Option<u64>,
    mean_field: bool,
    fix: Option<Vec<(String, String)>>,
    max_order: usize,
    threads: usize,
    progress: Option<Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyDict>> {
    let s = &*scenario.inner;
    let space = s.factor_space();
    let design = Design::full(&space, &fixed(py, &space, fix.unwrap_or_default())?);
    if design.points.len() > MAX_ARMS {
        return Err(input_error(
            py,
            &format!(
                "the full factorial has {} arms (more than {MAX_ARMS}); hold some factors with --fix",
                design.points.len()
            ),
        ));
    }
    if reps == 0 || reps > 1_000_000 {
        return Err(input_error(py, "--reps must be between 1 and 1,000,000"));
    }
    let (mode, reps) = if mean_field {
        (Mode::MeanField, 1)
    } else {
        (Mode::Stochastic, reps)
    };
    let seed = seed.unwrap_or(s.meta().seed);
    let pool = cordon_experiment::thread_pool(threads)
        .map_err(|e| crate::errors::experiment_error(py, &e))?;
    let run = interruptible(py, progress.as_ref(), |watch| {
        fx::run(s, &design, reps, seed, mode, &pool, watch)
    })?
    .map_err(|e| run_error(py, &e.to_string()))?;
    let specs = cordon_experiment::outcome_specs(s);
    let arms: Vec<String> = run.scenario.coas().iter().map(|c| c.id.clone()).collect();
    let mut effects = Effects::default();
    let mut cells = Cells::default();
    for (k, spec) in specs.iter().enumerate() {
        if spec.kind == Kind::TimeToEvent {
            continue;
        }
        let values = &run.values[k];
        effects.push(
            &spec.name,
            &design,
            &fx::effects(&design, values, max_order),
        );
        for (i, e) in fx::cell_means(values).iter().enumerate() {
            cells.arm.push(arms[i].clone());
            cells.levels.push(
                design.points[i]
                    .iter()
                    .enumerate()
                    .map(|(f, &l)| design.factors[f].levels[l].clone())
                    .collect(),
            );
            cells.outcome.push(spec.name.clone());
            cells.estimate.push(*e);
        }
    }
    let result = PyDict::new(py);
    result.set_item("effects", effects.table(py)?)?;
    result.set_item("cells", cells.table(py, &design.factors)?)?;
    result.set_item("arms", &arms)?;
    result.set_item(
        "factors",
        design
            .factors
            .iter()
            .map(|f| (f.name.clone(), f.levels.clone()))
            .collect::<Vec<_>>(),
    )?;
    result.set_item(
        "varied",
        design
            .varied()
            .iter()
            .map(|&f| design.factors[f].name.clone())
            .collect::<Vec<_>>(),
    )?;
    result.set_item("reps", reps)?;
    result.set_item("seed", seed)?;
    let runs = PyDict::new(py);
    let n_arms = arms.len();
    let reps = reps as usize;
    runs.set_item(
        "arm",
        (0..n_arms * reps)
            .map(|u| arms[u / reps].clone())
            .collect::<Vec<_>>(),
    )?;
    runs.set_item(
        "replication",
        (0..n_arms * reps)
            .map(|u| (u % reps) as u64)
            .collect::<Vec<_>>(),
    )?;
    for (k, name) in run.names.iter().enumerate() {
        runs.set_item(
            name,
            run.values[k]
                .iter()
                .flatten()
                .copied()
                .collect::<Vec<f64>>(),
        )?;
    }
    result.set_item("runs", runs)?;
    Ok(result)
}

/// The rows of effects.csv: outcome, order, factors, levels, effect, ci_low, ci_high, n.
#[derive(Default)]
struct Effects {
    outcome: Vec<String>,
    order: Vec<usize>,
    factors: Vec<String>,
    levels: Vec<String>,
    estimate: Vec<fx::Estimate>,
}

impl Effects {
    fn push(&mut self, outcome: &str, design: &Design, effects: &fx::Effects) {
        self.outcome.push(outcome.to_string());
        self.order.push(0);
        self.factors.push(String::new());
        self.levels.push(String::new());
        self.estimate.push(effects.grand);
        for e in &effects.effects {
            let names: Vec<&str> = e
                .factors
                .iter()
                .map(|&f| design.factors[f].name.as_str())
                .collect();
            let levels: Vec<&str> = e
                .factors
                .iter()
                .zip(&e.levels)
                .map(|(&f, &l)| design.factors[f].levels[l].as_str())
                .collect();
            self.outcome.push(outcome.to_string());
            self.order.push(e.factors.len());
            self.factors.push(names.join(":"));
            self.levels.push(levels.join(":"));
            self.estimate.push(e.estimate);
        }
    }

    fn table<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        d.set_item("outcome", &self.outcome)?;
        d.set_item("order", &self.order)?;
        d.set_item("factors", &self.factors)?;
        d.set_item("levels", &self.levels)?;
        estimate_columns(&d, "effect", &self.estimate)?;
        Ok(d)
    }
}

/// The rows of cells.csv: arm, one column per factor, outcome, mean, ci_low, ci_high, n.
#[derive(Default)]
struct Cells {
    arm: Vec<String>,
    levels: Vec<Vec<String>>,
    outcome: Vec<String>,
    estimate: Vec<fx::Estimate>,
}

impl Cells {
    fn table<'py>(&self, py: Python<'py>, factors: &[FactorSpec]) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        d.set_item("arm", &self.arm)?;
        for (f, spec) in factors.iter().enumerate() {
            d.set_item(
                &spec.name,
                self.levels.iter().map(|l| l[f].clone()).collect::<Vec<_>>(),
            )?;
        }
        d.set_item("outcome", &self.outcome)?;
        estimate_columns(&d, "mean", &self.estimate)?;
        Ok(d)
    }
}

fn estimate_columns(d: &Bound<'_, PyDict>, name: &str, estimates: &[fx::Estimate]) -> PyResult<()> {
    d.set_item(name, estimates.iter().map(|e| e.mean).collect::<Vec<_>>())?;
    d.set_item("ci_low", estimates.iter().map(|e| e.lo).collect::<Vec<_>>())?;
    d.set_item(
        "ci_high",
        estimates.iter().map(|e| e.hi).collect::<Vec<_>>(),
    )?;
    d.set_item("n", estimates.iter().map(|e| e.n).collect::<Vec<_>>())?;
    Ok(())
}

/// The scenario with one course of action: the arm of the strategy factors at `levels`
/// (factor → level; factors not given stay at their first level), generated from the
/// capability base as `factorial` generates its arms. Its id lists the levels.
#[pyfunction]
pub fn arm(
    py: Python<'_>,
    scenario: &PyScenario,
    levels: Vec<(String, String)>,
) -> PyResult<PyScenario> {
    let s = &*scenario.inner;
    let space = s.factor_space();
    let mut fix = fixed(py, &space, levels)?;
    for f in 0..space.len() {
        if !fix.iter().any(|&(g, _)| g == f) {
            fix.push((f, 0));
        }
    }
    fix.sort_unstable();
    let point: Vec<usize> = fix.iter().map(|&(_, l)| l).collect();
    let id = fix
        .iter()
        .map(|&(f, l)| format!("{}={}", space[f].name, space[f].levels[l]))
        .collect::<Vec<_>>()
        .join(",");
    let levels = s
        .levels_of(&point)
        .ok_or_else(|| input_error(py, "these levels are not a point of the factor space"))?;
    let arms = s
        .with_arms(&[(id, levels)])
        .map_err(|e| input_error(py, &e))?;
    Ok(PyScenario::new(arms))
}
