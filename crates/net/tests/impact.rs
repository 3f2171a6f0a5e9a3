//! Immediate impact of removals: before / after of graph-level quantities.

use cordon_net::impact::impact;
use cordon_net::{NetGraph, Removal};

/// Removes nodes (by name) and arcs (by `from,to`), and compares the changes listed.
fn check(
    graph: &NetGraph,
    nodes: &[&str],
    arcs: &[(&str, &str)],
    pair: Option<(&str, &str)>,
    expected: &[(&str, f64, f64)],
) {
    let removal = Removal {
        nodes: nodes.iter().map(|n| graph.node(n).unwrap()).collect(),
        arcs: arcs
            .iter()
            .map(|(a, b)| {
                graph
                    .find_arc(graph.node(a).unwrap(), graph.node(b).unwrap())
                    .unwrap()
            })
            .collect(),
    };
    let pair = pair.map(|(s, t)| (graph.node(s).unwrap(), graph.node(t).unwrap()));
    let result = impact(graph, &removal, pair).unwrap();
    for (name, before, after) in expected {
        let change = result.changes.iter().find(|c| c.name == *name).unwrap();
        let same = |a: f64, b: f64| (a.is_infinite() && a == b) || (a - b).abs() < 1e-9;
        assert!(
            same(change.before, *before) && same(change.after, *after),
            "{name}: {change:?}"
        );
    }
}

#[test]
fn removing_the_middle_of_a_path() {
    let graph = crate::graph(include_str!("fixtures/path5.csv"), false);
    check(
        &graph,
        &["c"],
        &[],
        Some(("a", "e")),
        &[
            ("nodes", 5.0, 4.0),
            ("arcs", 4.0, 2.0),
            ("components", 1.0, 2.0),
            ("largest_component", 5.0, 2.0),
            ("fragmentation", 0.0, 2.0 / 3.0),
            ("max_flow", 1.0, 0.0),
            ("shortest_path", 4.0, f64::INFINITY),
        ],
    );
}

#[test]
fn removing_the_critical_arc_of_the_glpk_instance() {
    let graph = crate::graph(include_str!("fixtures/glpk_maxflow.csv"), true);
    check(
        &graph,
        &[],
        &[("4", "5")],
        Some(("1", "9")),
        &[("arcs", 14.0, 13.0), ("max_flow", 29.0, 10.0)],
    );
}

#[test]
fn removing_the_source_leaves_no_flow() {
    let graph = crate::graph(include_str!("fixtures/glpk_maxflow.csv"), true);
    check(
        &graph,
        &["1"],
        &[],
        Some(("1", "9")),
        &[("max_flow", 29.0, 0.0), ("nodes", 9.0, 8.0)],
    );
}

#[test]
fn long_path_does_not_overflow_the_stack() {
    // 100,000 nodes in a line: max flow and shortest path are iterative, not recursive.
    let mut csv = String::from("from,to\n");
    for i in 0..99_999 {
        csv.push_str(&format!("n{i},n{}\n", i + 1));
    }
    let graph = crate::graph(&csv, true);
    let (s, t) = (graph.node("n0").unwrap(), graph.node("n99999").unwrap());
    assert_eq!(cordon_net::max_flow(&graph, s, t).unwrap(), 1.0);
    assert_eq!(
        cordon_net::shortest_path_length(&graph, s, t).unwrap(),
        99_999.0
    );
}
