//! Plain-text tables of results, for terminals and snapshot tests (no I/O: they return
//! `String`s).

use std::fmt::Write as _;

use crate::graph::NetGraph;
use crate::impact::Impact;
use crate::interdiction::{Interdiction, Objective};
use crate::keyplayer::{KeyPlayerMeasure, KeyPlayerSet, SearchMethod};
use crate::measures::{Measure, Metrics, components};

/// Formats a number for tables: integers without decimals, others with 6, `inf` for infinity.
pub fn number(value: f64) -> String {
    if value == 0.0 {
        // Also -0.0, which sums and products can produce.
        "0".to_owned()
    } else if value.is_infinite() {
        if value > 0.0 {
            "inf".to_owned()
        } else {
            "-inf".to_owned()
        }
    } else if value.fract() == 0.0 && value.abs() < 1e15 {
        format!("{value:.0}")
    } else {
        format!("{value:.6}")
    }
}

/// A summary line, then for each measure the `top` highest-ranked nodes (ties broken by node
/// id string).
pub fn metrics_table(graph: &NetGraph, metrics: &Metrics, top: usize) -> String {
    let mut out = String::new();
    let parts = components(graph);
    let _ = writeln!(
        out,
        "{} graph: {} nodes, {} arcs, {} component{}",
        if graph.is_directed() {
            "directed"
        } else {
            "undirected"
        },
        graph.node_count(),
        graph.arc_count(),
        parts.len(),
        if parts.len() == 1 { "" } else { "s" },
    );
    for c in metrics.convergence.iter().filter(|c| !c.converged) {
        let _ = writeln!(
            out,
            "warning: {} did not converge in {} iterations (last L1 change {:.3e}, needs < {:.3e}); left out",
            c.measure.name(),
            c.iterations,
            c.change,
            c.threshold
        );
    }
    for measure in Measure::ALL {
        let Some(rows) = metrics.ranked(graph, measure) else {
            continue;
        };
        let shown = rows.len().min(top);
        let _ = writeln!(
            out,
            "\n{} (top {} of {})",
            measure.name(),
            shown,
            rows.len()
        );
        let width = rows
            .iter()
            .take(shown)
            .map(|(v, _)| graph.name(*v).len())
            .max()
            .unwrap_or(4)
            .max(4);
        let _ = writeln!(out, "rank  {:<width$}  value", "node");
        for (rank, (node, value)) in rows.iter().take(shown).enumerate() {
            let _ = writeln!(
                out,
                "{:>4}  {:<width$}  {}",
                rank + 1,
                graph.name(*node),
                number(*value)
            );
        }
    }
    out
}

/// The key-player set, its value and how it was found.
pub fn key_player_table(
    graph: &NetGraph,
    k: usize,
    measure: KeyPlayerMeasure,
    set: &KeyPlayerSet,
) -> String {
    let mut out = String::new();
    let names: Vec<&str> = set.nodes.iter().map(|v| graph.name(*v)).collect();
    let label = match measure {
        KeyPlayerMeasure::MReach { m } => format!("m-reach (m = {})", number(m)),
        other => other.name().to_owned(),
    };
    let _ = writeln!(out, "key players: k = {k}, measure = {label}");
    let _ = writeln!(out, "set:    {}", names.join(", "));
    let _ = writeln!(out, "value:  {}", number(set.value));
    let method = match set.method {
        SearchMethod::Exact { subsets } => format!("exact ({subsets} subsets evaluated)"),
        SearchMethod::GreedySwap { evaluations, swaps } => {
            format!("greedy + swap, a local optimum ({evaluations} sets evaluated, {swaps} swaps)")
        }
    };
    let _ = writeln!(out, "method: {method}");
    let _ = writeln!(out, "why:    {}", set.plan.reason(&set.method));
    out
}

/// Before / after / delta for each graph-level quantity, then the `top` nodes whose
/// betweenness changed most.
pub fn impact_table(graph: &NetGraph, impact: &Impact, top: usize) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{:<22}  {:>12}  {:>12}  {:>12}",
        "measure", "before", "after", "delta"
    );
    for change in &impact.changes {
        let delta = if change.before.is_infinite() || change.after.is_infinite() {
            if change.before == change.after {
                0.0
            } else {
                change.after - change.before
            }
        } else {
            change.delta()
        };
        let _ = writeln!(
            out,
            "{:<22}  {:>12}  {:>12}  {:>12}",
            change.name,
            number(change.before),
            number(change.after),
            number(delta)
        );
    }
    let shown = impact.nodes.len().min(top);
    let _ = writeln!(
        out,
        "\nnodes by change in betweenness (top {} of {})",
        shown,
        impact.nodes.len()
    );
    let width = impact
        .nodes
        .iter()
        .take(shown)
        .map(|c| graph.name(c.node).len())
        .max()
        .unwrap_or(4)
        .max(4);
    let _ = writeln!(
        out,
        "{:<width$}  {:>12}  {:>12}  {:>12}  {:>12}",
        "node", "betw before", "betw after", "clos before", "clos after"
    );
    for change in impact.nodes.iter().take(shown) {
        let _ = writeln!(
            out,
            "{:<width$}  {:>12}  {:>12}  {:>12}  {:>12}",
            graph.name(change.node),
            number(change.betweenness.0),
            number(change.betweenness.1),
            number(change.closeness.0),
            number(change.closeness.1),
        );
    }
    out
}

/// The optimal interdiction: objective, values before and after, and the arcs cut.
pub fn interdiction_table(graph: &NetGraph, budget: f64, result: &Interdiction) -> String {
    let mut out = String::new();
    let what = match result.objective {
        Objective::MaxFlow => "max flow",
        Objective::ShortestPath => "shortest path",
    };
    let _ = writeln!(
        out,
        "objective: {} (budget {})",
        result.objective.name(),
        number(budget)
    );
    let _ = writeln!(out, "method:    {}", result.method.name());
    let _ = writeln!(out, "{what} before: {}", number(result.before));
    let _ = writeln!(out, "{what} after:  {}", number(result.value));
    let _ = writeln!(
        out,
        "arcs interdicted: {} (cost {})",
        result.arcs.len(),
        number(result.cost)
    );
    for &arc in &result.arcs {
        let _ = writeln!(out, "  #{:<4} {}", arc.index(), graph.arc_label(arc));
    }
    out
}
