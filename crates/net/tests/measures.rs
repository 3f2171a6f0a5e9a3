//! Centralities against NetworkX (fixtures written by `fixtures/networkx/make_fixtures.py`).
//!
//! Tolerance: 1e-6 absolute on every value. Eigenvector centrality and PageRank replicate
//! NetworkX's power iterations (same start, same stopping rule), so they agree far closer than
//! the iteration's own 1e-6 tolerance; betweenness and closeness are exact up to rounding.

use cordon_net::measures::{self, Convergence, Measure, MetricsOptions, PowerOptions, TOL};
use cordon_net::{NetGraph, max_flow};
use serde_json::Value;

const TOLERANCE: f64 = 1e-6;

/// Compares every measure, the components and one max flow with the NetworkX fixture.
fn check(csv: &str, json: &str) {
    let expected: Value = serde_json::from_str(json).unwrap();
    let directed = expected["directed"].as_bool().unwrap();
    let graph: NetGraph = crate::graph(csv, directed);
    assert_eq!(
        graph.node_count(),
        expected["nodes"].as_array().unwrap().len()
    );
    let metrics = measures::metrics(&graph);
    assert!(
        metrics.not_converged.is_empty(),
        "not converged: {:?}",
        metrics.not_converged
    );
    let mut compared = 0;
    for measure in Measure::ALL {
        let Some(reference) = expected["measures"].get(measure.name()) else {
            assert!(
                !measure.applies(directed),
                "fixture lacks {}",
                measure.name()
            );
            continue;
        };
        let column = metrics.column(measure).unwrap();
        for (node, value) in metrics.nodes.iter().zip(column) {
            let name = graph.name(*node);
            let want = reference[name].as_f64().unwrap();
            assert!(
                (value - want).abs() <= TOLERANCE,
                "{} of {name}: cordon {value}, networkx {want}",
                measure.name()
            );
            compared += 1;
        }
    }
    assert!(compared >= 5 * graph.node_count());

    let components: Vec<Vec<String>> = {
        let mut c: Vec<Vec<String>> = measures::components(&graph)
            .into_iter()
            .map(|c| c.into_iter().map(|v| graph.name(v).to_owned()).collect())
            .collect();
        c.sort();
        c
    };
    let want: Vec<Vec<String>> = serde_json::from_value(expected["components"].clone()).unwrap();
    assert_eq!(components, want);

    let flow = &expected["max_flow"];
    let s = graph.node(flow["source"].as_str().unwrap()).unwrap();
    let t = graph.node(flow["sink"].as_str().unwrap()).unwrap();
    let value = max_flow(&graph, s, t).unwrap();
    assert!(
        (value - flow["value"].as_f64().unwrap()).abs() <= TOLERANCE,
        "max flow {value}"
    );
}

#[test]
fn karate_club() {
    check(
        include_str!("fixtures/networkx/karate.csv"),
        include_str!("fixtures/networkx/karate.json"),
    );
}

#[test]
fn florentine_families() {
    check(
        include_str!("fixtures/networkx/florentine.csv"),
        include_str!("fixtures/networkx/florentine.json"),
    );
}

#[test]
fn random_weighted_digraph() {
    check(
        include_str!("fixtures/networkx/random_digraph.csv"),
        include_str!("fixtures/networkx/random_digraph.json"),
    );
}

#[test]
fn ranking_breaks_ties_by_node_id() {
    // A star: the leaves tie on every measure and must come out in id order.
    let graph = crate::graph("from,to\nhub,z\nhub,b\nhub,m\n", false);
    let ranked = measures::metrics(&graph)
        .ranked(&graph, Measure::Degree)
        .unwrap();
    let names: Vec<&str> = ranked.iter().map(|(v, _)| graph.name(*v)).collect();
    assert_eq!(names, ["hub", "b", "m", "z"]);
}

#[test]
fn components_sorted_by_size_then_id() {
    let graph = crate::graph("from,to\nx,y\nc,d\nd,e\na,b\n", true);
    let components: Vec<Vec<&str>> = measures::components(&graph)
        .into_iter()
        .map(|c| c.into_iter().map(|v| graph.name(v)).collect())
        .collect();
    assert_eq!(
        components,
        [vec!["c", "d", "e"], vec!["a", "b"], vec!["x", "y"]]
    );
}

/// Computes `measures` only, and checks which columns and power-iteration reports come out.
fn check_selection(csv: &str, directed: bool, measures: &[Measure], columns: &[&str]) {
    let graph = crate::graph(csv, directed);
    let options = MetricsOptions {
        measures: measures.to_vec(),
        power: PowerOptions::NETWORKX,
    };
    let metrics = measures::metrics_with(&graph, &options);
    let names: Vec<&str> = metrics.columns.iter().map(|(m, _)| m.name()).collect();
    assert_eq!(names, columns);
    let reported: Vec<&str> = metrics
        .convergence
        .iter()
        .map(|c| c.measure.name())
        .collect();
    let power: Vec<&str> = names
        .iter()
        .copied()
        .filter(|n| ["eigenvector", "pagerank"].contains(n))
        .collect();
    assert_eq!(reported, power);
    // Every column equals the full computation's.
    let all = measures::metrics(&graph);
    for (measure, column) in &metrics.columns {
        assert_eq!(all.column(*measure).unwrap(), column.as_slice());
    }
}

#[test]
fn only_the_measures_asked_for_are_computed() {
    let karate = include_str!("fixtures/networkx/karate.csv");
    check_selection(karate, false, &[Measure::PageRank], &["pagerank"]);
    // Table order, repeats dropped, in/out variants skipped on an undirected graph.
    check_selection(
        karate,
        false,
        &[
            Measure::PageRank,
            Measure::Degree,
            Measure::InDegree,
            Measure::Degree,
        ],
        &["degree", "pagerank"],
    );
    check_selection(
        include_str!("fixtures/networkx/random_digraph.csv"),
        true,
        &[Measure::Closeness, Measure::InDegree, Measure::Betweenness],
        &["in_degree", "betweenness", "closeness"],
    );
}

/// Runs the power iteration of `measure` with `max_iter` and checks how it ended.
fn check_convergence(csv: &str, measure: Measure, max_iter: usize, converged: bool) -> Convergence {
    let graph = crate::graph(csv, true);
    let options = PowerOptions { tol: TOL, max_iter };
    let result = match measure {
        Measure::Eigenvector => measures::eigenvector_with(&graph, &options),
        _ => measures::pagerank_with(&graph, &options),
    };
    let c = result.convergence;
    assert_eq!(c.converged, converged, "{c:?}");
    assert_eq!(c.threshold, graph.node_count() as f64 * TOL);
    assert_eq!(c.converged, c.change < c.threshold);
    assert!(c.iterations <= max_iter);
    assert_eq!(result.values.len(), graph.node_count());
    c
}

#[test]
fn power_iterations_report_iterations_and_residual() {
    // The GLPK digraph is far from strongly connected: NetworkX's 100 iterations of the
    // eigenvector iteration do not converge, more do.
    let glpk = include_str!("fixtures/glpk_maxflow.csv");
    let stopped = check_convergence(glpk, Measure::Eigenvector, 100, false);
    assert_eq!(stopped.iterations, 100);
    let done = check_convergence(glpk, Measure::Eigenvector, 10_000, true);
    assert!(done.iterations > 100, "{done:?}");
    // PageRank converges within NetworkX's budget, and stopping early says so.
    let full = check_convergence(glpk, Measure::PageRank, 100, true);
    check_convergence(glpk, Measure::PageRank, full.iterations - 1, false);
}

/// Runs betweenness and closeness on one thread and on several, and compares every bit.
fn check_thread_independence(csv: &str, directed: bool) {
    let graph = crate::graph(csv, directed);
    let run = |threads: usize| {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap();
        pool.install(|| {
            let bits = |values: Vec<(cordon_net::NodeId, f64)>| -> Vec<u64> {
                values.into_iter().map(|(_, v)| v.to_bits()).collect()
            };
            (
                bits(measures::betweenness(&graph)),
                bits(measures::closeness(&graph)),
            )
        })
    };
    let one = run(1);
    assert_eq!(one, run(3));
    assert_eq!(one, run(8));
}

#[test]
fn betweenness_and_closeness_do_not_depend_on_thread_count() {
    // Unit lengths (breadth-first search) and real lengths (Dijkstra), both directions.
    check_thread_independence(include_str!("fixtures/networkx/karate.csv"), false);
    check_thread_independence(include_str!("fixtures/networkx/random_digraph.csv"), true);
    check_thread_independence(include_str!("fixtures/ba300.csv"), false);
}
