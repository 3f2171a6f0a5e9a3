//! Centralities against NetworkX (fixtures written by `fixtures/networkx/make_fixtures.py`).
//!
//! Tolerance: 1e-6 absolute on every value. Eigenvector centrality and PageRank replicate
//! NetworkX's power iterations (same start, same stopping rule), so they agree far closer than
//! the iteration's own 1e-6 tolerance; betweenness and closeness are exact up to rounding.

use cordon_net::measures::{self, Measure};
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
