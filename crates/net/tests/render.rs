//! Snapshots of the rendered tables (update with `UPDATE_EXPECT=1`).

use cordon_net::impact::impact;
use cordon_net::interdiction::{Method, Objective, Solver, interdict};
use cordon_net::keyplayer::{KeyPlayerMeasure, key_players};
use cordon_net::{NetGraph, Removal, measures, render};
use expect_test::{Expect, expect};

fn covert() -> NetGraph {
    crate::graph(include_str!("fixtures/covert.csv"), false)
}

/// Renders what `cordon network metrics --top N` prints for the covert fixture.
fn check_metrics(graph: &NetGraph, top: usize, expect: Expect) {
    expect.assert_eq(&render::metrics_table(
        graph,
        &measures::metrics(graph),
        top,
    ));
}

/// Renders the key-player table.
fn check_key_players(graph: &NetGraph, k: usize, measure: KeyPlayerMeasure, expect: Expect) {
    let set = key_players(graph, k, measure).unwrap();
    expect.assert_eq(&render::key_player_table(graph, k, measure, &set));
}

/// Renders the impact table of removing `nodes` with flow from `s` to `t`.
fn check_impact(graph: &NetGraph, nodes: &[&str], s: &str, t: &str, expect: Expect) {
    let removal = Removal {
        nodes: nodes.iter().map(|n| graph.node(n).unwrap()).collect(),
        arcs: Vec::new(),
    };
    let pair = (graph.node(s).unwrap(), graph.node(t).unwrap());
    expect.assert_eq(&render::impact_table(
        graph,
        &impact(graph, &removal, Some(pair)).unwrap(),
        5,
    ));
}

/// Renders the interdiction table (microlp).
fn check_interdiction(graph: &NetGraph, objective: Objective, budget: f64, expect: Expect) {
    let (s, t) = (graph.node("core").unwrap(), graph.node("target").unwrap());
    let result = interdict(graph, objective, s, t, budget, Method::Mip(Solver::Microlp)).unwrap();
    expect.assert_eq(&render::interdiction_table(graph, budget, &result));
}

#[test]
fn metrics_table() {
    check_metrics(
        &covert(),
        3,
        expect![[r#"
        undirected graph: 8 nodes, 11 arcs, 1 component

        degree (top 3 of 8)
        rank  node     value
           1  broker1  4
           2  broker2  4
           3  cellA2   3

        strength (top 3 of 8)
        rank  node     value
           1  broker1  12
           2  broker2  10
           3  cellA2   9

        betweenness (top 3 of 8)
        rank  node    value
           1  cellA2  0.238095
           2  cellB2  0.238095
           3  target  0.238095

        closeness (top 3 of 8)
        rank  node    value
           1  cellA2  0.437500
           2  cellB2  0.437500
           3  target  0.437500

        eigenvector (top 3 of 8)
        rank  node     value
           1  broker1  0.532957
           2  core     0.485462
           3  broker2  0.394815

        pagerank (top 3 of 8)
        rank  node     value
           1  broker1  0.176405
           2  broker2  0.153477
           3  cellA2   0.139412
    "#]],
    );
}

#[test]
fn metrics_table_directed() {
    let graph = crate::graph(include_str!("fixtures/glpk_maxflow.csv"), true);
    check_metrics(
        &graph,
        2,
        expect![[r#"
            directed graph: 9 nodes, 14 arcs, 1 component
            warning: eigenvector did not converge in 100 iterations (last L1 change 7.266e-5, needs < 9.000e-6); left out

            degree (top 2 of 9)
            rank  node  value
               1  5     5
               2  2     4

            in_degree (top 2 of 9)
            rank  node  value
               1  2     2
               2  4     2

            out_degree (top 2 of 9)
            rank  node  value
               1  5     3
               2  1     2

            strength (top 2 of 9)
            rank  node  value
               1  5     78
               2  4     58

            in_strength (top 2 of 9)
            rank  node  value
               1  5     38
               2  9     35

            out_strength (top 2 of 9)
            rank  node  value
               1  5     40
               2  1     37

            betweenness (top 2 of 9)
            rank  node  value
               1  5     0.258929
               2  2     0.116071

            closeness (top 2 of 9)
            rank  node  value
               1  9     0.444444
               2  7     0.375000

            pagerank (top 2 of 9)
            rank  node  value
               1  9     0.228902
               2  5     0.142521
        "#]],
    );
}

#[test]
fn key_player_table() {
    check_key_players(
        &covert(),
        2,
        KeyPlayerMeasure::Fragmentation,
        expect![[r#"
            key players: k = 2, measure = fragmentation
            set:    broker1, cellB2
            value:  0.600000
            method: exact (28 subsets evaluated)
            why:    exact: 28 subsets × 3.000e1 work units per evaluation = 8.400e2, within the budget of 1.000e9
        "#]],
    );
    check_key_players(
        &covert(),
        2,
        KeyPlayerMeasure::MReach { m: 2.0 },
        expect![[r#"
            key players: k = 2, measure = m-reach (m = 2)
            set:    broker1, cellB1
            value:  0.750000
            method: exact (28 subsets evaluated)
            why:    exact: 28 subsets × 9.000e1 work units per evaluation = 2.520e3, within the budget of 1.000e9
        "#]],
    );
}

#[test]
fn impact_table() {
    check_impact(
        &covert(),
        &["broker1"],
        "core",
        "target",
        expect![[r#"
        measure                       before         after         delta
        nodes                              8             7            -1
        arcs                              11             7            -4
        components                         1             1             0
        largest_component                  8             7            -1
        fragmentation                      0             0             0
        distance_fragmentation      0.494048      0.500794      0.006746
        max_flow                           7             3            -4
        shortest_path                      4             4             0

        nodes by change in betweenness (top 5 of 7)
        node      betw before    betw after   clos before    clos after
        cellB2       0.238095      0.600000      0.437500      0.500000
        target       0.238095      0.533333      0.437500      0.461538
        core         0.190476             0      0.388889      0.272727
        broker2      0.190476      0.333333      0.388889      0.352941
        cellA2       0.238095      0.333333      0.437500      0.375000
    "#]],
    );
}

#[test]
fn interdiction_tables() {
    check_interdiction(
        &covert(),
        Objective::MaxFlow,
        2.0,
        expect![[r#"
        objective: max-flow (budget 2)
        method:    microlp
        max flow before: 7
        max flow after:  0
        arcs interdicted: 2 (cost 2)
          #9    cellA2--target
          #10   cellB2--target
    "#]],
    );
    check_interdiction(
        &covert(),
        Objective::ShortestPath,
        3.0,
        expect![[r#"
        objective: shortest-path (budget 3)
        method:    microlp
        shortest path before: 4
        shortest path after:  inf
        arcs interdicted: 2 (cost 2)
          #9    cellA2--target
          #10   cellB2--target
    "#]],
    );
}
