//! Network analysis and optimal interdiction (`cordon network`, `cordon interdict`) on a graph
//! given as node and arc lists (the Python side builds them from a NetworkX graph or an edge
//! table).

use std::time::Instant;

use cordon_net::interdiction::{Limits, Method, Objective, Solver, interdict_with};
use cordon_net::keyplayer::{KeyPlayerMeasure, KeyPlayerOptions, SearchChoice, SearchMethod};
use cordon_net::measures::{self, Measure, MetricsOptions, PowerOptions};
use cordon_net::{ArcSpec, NetError, NetGraph, NodeId};
use pyo3::prelude::*;
use pyo3::types::PyDict;

use crate::errors::{input_error, run_error};

/// One arc as the Python side passes it: from, to, capacity, cost, length, delay, kind.
type ArcTuple = (String, String, f64, f64, f64, Option<f64>, Option<String>);

/// Library errors on valid input are bad input, except a solver's failure (as the CLI).
fn net_error(py: Python<'_>, err: NetError) -> PyErr {
    match err {
        NetError::Solver { .. } => run_error(py, &err.to_string()),
        other => input_error(py, &other.to_string()),
    }
}

fn graph(
    py: Python<'_>,
    directed: bool,
    nodes: Vec<String>,
    arcs: Vec<ArcTuple>,
) -> PyResult<NetGraph> {
    let specs = arcs
        .into_iter()
        .map(|(from, to, capacity, cost, length, delay, kind)| ArcSpec {
            from,
            to,
            capacity,
            cost,
            length,
            delay,
            kind,
        })
        .collect();
    NetGraph::new(directed, nodes, specs).map_err(|e| net_error(py, e))
}

fn node(py: Python<'_>, g: &NetGraph, what: &str, name: &str) -> PyResult<NodeId> {
    g.node(name).ok_or_else(|| {
        let hint = cordon_model::did_you_mean(name, g.names())
            .map(|s| format!("; did you mean `{s}`?"))
            .unwrap_or_default();
        input_error(py, &format!("{what}: no node `{name}` in the graph{hint}"))
    })
}

/// Node measures (degree, strength, betweenness, closeness, eigenvector, PageRank and the
/// in/out variants of a directed graph), NetworkX's definitions and defaults. Returns the
/// columns (node first) and the measures whose power iteration did not converge.
#[pyfunction]
#[pyo3(signature = (directed, nodes, arcs, measures=None, tol=measures::TOL, max_iter=measures::MAX_ITER))]
pub fn net_metrics<'py>(
    py: Python<'py>,
    directed: bool,
    nodes: Vec<String>,
    arcs: Vec<ArcTuple>,
    measures: Option<Vec<String>>,
    tol: f64,
    max_iter: usize,
) -> PyResult<(Bound<'py, PyDict>, Vec<String>)> {
    let g = graph(py, directed, nodes, arcs)?;
    let wanted = match measures {
        None => Measure::ALL.to_vec(),
        Some(names) => names
            .iter()
            .map(|name| {
                Measure::ALL
                    .iter()
                    .copied()
                    .find(|m| m.name() == name)
                    .ok_or_else(|| {
                        let known: Vec<&str> = Measure::ALL.iter().map(|m| m.name()).collect();
                        input_error(
                            py,
                            &format!("unknown measure `{name}` (known: {})", known.join(", ")),
                        )
                    })
            })
            .collect::<PyResult<_>>()?,
    };
    if !(tol.is_finite() && tol > 0.0) || max_iter == 0 {
        return Err(input_error(
            py,
            "tol must be a finite number > 0 and max_iter at least 1",
        ));
    }
    let options = MetricsOptions {
        measures: wanted,
        power: PowerOptions { tol, max_iter },
    };
    let metrics = py.detach(|| measures::metrics_with(&g, &options));
    let d = PyDict::new(py);
    d.set_item(
        "node",
        metrics
            .nodes
            .iter()
            .map(|&n| g.name(n).to_string())
            .collect::<Vec<_>>(),
    )?;
    for (measure, values) in &metrics.columns {
        d.set_item(measure.name(), values)?;
    }
    let not_converged = metrics
        .not_converged
        .iter()
        .map(|m| m.name().to_string())
        .collect();
    Ok((d, not_converged))
}

/// The best set of `k` key players for `measure` ("fragmentation", "distance-fragmentation",
/// "reach", "m-reach" with `m`), exact or greedy plus swap (`search`: auto, exact, greedy).
#[pyfunction]
#[pyo3(signature = (directed, nodes, arcs, k, measure, m=None, search="auto", exact_budget=cordon_net::keyplayer::EXACT_BUDGET))]
#[allow(clippy::too_many_arguments)]
pub fn net_key_players<'py>(
    py: Python<'py>,
    directed: bool,
    nodes: Vec<String>,
    arcs: Vec<ArcTuple>,
    k: usize,
    measure: &str,
    m: Option<f64>,
    search: &str,
    exact_budget: f64,
) -> PyResult<Bound<'py, PyDict>> {
    let g = graph(py, directed, nodes, arcs)?;
    let measure = match (measure, m) {
        ("fragmentation", None) => KeyPlayerMeasure::Fragmentation,
        ("distance-fragmentation", None) => KeyPlayerMeasure::DistanceFragmentation,
        ("reach", None) => KeyPlayerMeasure::Reach,
        ("m-reach", Some(m)) => KeyPlayerMeasure::MReach { m },
        ("m-reach", None) => return Err(input_error(py, "m-reach needs m, the horizon")),
        (name, _) => {
            return Err(input_error(
                py,
                &format!(
                    "unknown measure `{name}` (fragmentation, distance-fragmentation, reach, m-reach; m only with m-reach)"
                ),
            ));
        }
    };
    let search = match search {
        "auto" => SearchChoice::Auto,
        "exact" => SearchChoice::Exact,
        "greedy" => SearchChoice::Greedy,
        other => {
            return Err(input_error(
                py,
                &format!("unknown search `{other}` (auto, exact, greedy)"),
            ));
        }
    };
    let options = KeyPlayerOptions {
        search,
        exact_budget,
    };
    let found = py
        .detach(|| cordon_net::keyplayer::key_players_with(&g, k, measure, &options))
        .map_err(|e| net_error(py, e))?;
    let d = PyDict::new(py);
    d.set_item(
        "nodes",
        found
            .nodes
            .iter()
            .map(|&n| g.name(n).to_string())
            .collect::<Vec<_>>(),
    )?;
    d.set_item("value", found.value)?;
    d.set_item("measure", measure.name())?;
    let (method, evaluated) = match found.method {
        SearchMethod::Exact { subsets } => ("exact", subsets),
        SearchMethod::GreedySwap { evaluations, .. } => ("greedy-swap", evaluations),
    };
    d.set_item("method", method)?;
    d.set_item("sets_evaluated", evaluated)?;
    d.set_item("reason", found.plan.reason(&found.method))?;
    Ok(d)
}

/// Optimal interdiction: the arcs to cut within `budget` (in `cost` units) to minimise the
/// s–t max flow (`objective` "max-flow") or maximise the s–t shortest path ("shortest-path").
/// `solver`: auto (the CLI's chain), microlp, auto-highs/highs (when compiled in), enumeration.
#[pyfunction]
#[pyo3(signature = (directed, nodes, arcs, objective, source, sink, budget, solver="auto", gap=0.0, time_limit=None))]
#[allow(clippy::too_many_arguments)]
pub fn net_interdict<'py>(
    py: Python<'py>,
    directed: bool,
    nodes: Vec<String>,
    arcs: Vec<ArcTuple>,
    objective: &str,
    source: &str,
    sink: &str,
    budget: f64,
    solver: &str,
    gap: f64,
    time_limit: Option<f64>,
) -> PyResult<Bound<'py, PyDict>> {
    let started = Instant::now();
    if let Some(t) = time_limit
        && !(t.is_finite() && t > 0.0)
    {
        return Err(input_error(
            py,
            &format!("--time-limit must be a finite number of seconds > 0, got {t}"),
        ));
    }
    if !(gap.is_finite() && gap >= 0.0) {
        return Err(input_error(
            py,
            &format!("--gap must be a finite number >= 0, got {gap}"),
        ));
    }
    if !budget.is_finite() || budget < 0.0 {
        return Err(input_error(
            py,
            &format!("--budget must be a finite number >= 0, got {budget}"),
        ));
    }
    let unknown = |name: &str| {
        let known: Vec<&str> = Solver::AVAILABLE.iter().map(|s| s.name()).collect();
        input_error(
            py,
            &format!(
                "--solver: unknown or not compiled in: `{name}` (available: auto, {}, enumeration)",
                known.join(", ")
            ),
        )
    };
    let method = match solver {
        "enumeration" => Method::Enumeration,
        "auto" => Method::Chain(Solver::Microlp),
        name => match name.strip_prefix("auto-") {
            Some(s) => Method::Chain(Solver::from_name(s).ok_or_else(|| unknown(name))?),
            None => Method::Mip(Solver::from_name(name).ok_or_else(|| unknown(name))?),
        },
    };
    let objective = match objective {
        "max-flow" => Objective::MaxFlow,
        "shortest-path" => Objective::ShortestPath,
        other => {
            return Err(input_error(
                py,
                &format!("unknown objective `{other}` (max-flow, shortest-path)"),
            ));
        }
    };
    let g = graph(py, directed, nodes, arcs)?;
    let (s, t) = (node(py, &g, "source", source)?, node(py, &g, "sink", sink)?);
    let deadline = time_limit.map(|t| started + std::time::Duration::from_secs_f64(t));
    let time_left = || deadline.map(|d| d.saturating_duration_since(Instant::now()).as_secs_f64());
    let bounded = py
        .detach(|| {
            let limits = Limits {
                gap,
                time_left: &time_left,
            };
            interdict_with(&g, objective, s, t, budget, method, &limits)
        })
        .map_err(|e| net_error(py, e))?;
    let result = &bounded.result;
    let d = PyDict::new(py);
    d.set_item("objective", objective.name())?;
    d.set_item("solver", method.name())?;
    d.set_item("before", result.before)?;
    d.set_item("value", result.value)?;
    d.set_item("cost", result.cost)?;
    d.set_item(
        "arcs",
        result
            .arcs
            .iter()
            .map(|&a| {
                let arc = g.arc(a);
                (g.name(arc.from).to_string(), g.name(arc.to).to_string())
            })
            .collect::<Vec<_>>(),
    )?;
    d.set_item("status", bounded.status.name())?;
    d.set_item("bound", bounded.bound)?;
    d.set_item("gap", bounded.gap)?;
    d.set_item(
        "chain",
        bounded
            .chain
            .iter()
            .map(|s| (s.method, s.outcome.clone()))
            .collect::<Vec<_>>(),
    )?;
    d.set_item("mip_objective", result.mip_objective)?;
    d.set_item("sets_evaluated", result.sets_evaluated)?;
    Ok(d)
}
