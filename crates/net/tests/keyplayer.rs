//! Borgatti's key-player measures and set search.

use cordon_net::keyplayer::{self, KeyPlayerMeasure, KeyPlayerOptions, SearchChoice, SearchMethod};
use cordon_net::{NetGraph, NodeId};

const TOLERANCE: f64 = 1e-4;

/// Removes `removed` and compares F and D_F with the expected values.
fn check_fragmentation(csv: &str, removed: &[&str], f: f64, d_f: f64) {
    let graph = crate::graph(csv, false);
    let removed: Vec<_> = removed
        .iter()
        .map(|name| graph.node(name).unwrap())
        .collect();
    let got_f = keyplayer::fragmentation(&graph, &removed);
    let got_df = keyplayer::distance_fragmentation(&graph, &removed);
    assert!((got_f - f).abs() < TOLERANCE, "F = {got_f}, want {f}");
    assert!(
        (got_df - d_f).abs() < TOLERANCE,
        "D_F = {got_df}, want {d_f}"
    );
}

/// Searches the best k-set and compares the value, and the set when it is the unique optimum.
fn check_search(
    graph: &NetGraph,
    k: usize,
    measure: KeyPlayerMeasure,
    unique: Option<&[&str]>,
    value: f64,
) -> SearchMethod {
    let found = keyplayer::key_players(graph, k, measure).unwrap();
    let names: Vec<&str> = found.nodes.iter().map(|v| graph.name(*v)).collect();
    assert_eq!(names.len(), k);
    if let Some(set) = unique {
        assert_eq!(names, set);
    }
    assert!(
        (found.value - value).abs() < TOLERANCE,
        "value {} want {value}",
        found.value
    );
    found.method
}

const PATH: &str = include_str!("fixtures/path5.csv");

#[test]
fn borgatti_toy_remove_c() {
    // docs/validation.md: path a–b–c–d–e, remove c: F = 0.6667, D_F = 0.6667.
    check_fragmentation(PATH, &["c"], 2.0 / 3.0, 2.0 / 3.0);
}

#[test]
fn intact_path_and_other_removals() {
    // Intact: F = 0; D_F = 1 − 2(4·1 + 3/2 + 2/3 + 1/4)/20 = 1 − 77/120.
    check_fragmentation(PATH, &[], 0.0, 1.0 - 77.0 / 120.0);
    // Remove b: {a}, {c,d,e}: F = 1 − 6/12 = 0.5; D_F = 1 − 2(1 + 1 + 1/2)/12 = 7/12.
    check_fragmentation(PATH, &["b"], 0.5, 7.0 / 12.0);
    // Remove an end: still a path of 4: F = 0, D_F = 1 − 2(3 + 1 + 1/3)/12 = 5/18.
    check_fragmentation(PATH, &["a"], 0.0, 5.0 / 18.0);
}

#[test]
fn reach_on_the_path() {
    let graph = crate::graph(PATH, false);
    let c = graph.node("c").unwrap();
    // From c: b, d at 1, a, e at 2: D_R = (1 + 1 + 1/2 + 1/2) / 5 = 0.6.
    assert!((keyplayer::reach(&graph, &[c]) - 0.6).abs() < TOLERANCE);
    assert!((keyplayer::m_reach(&graph, &[c], 1.0) - 0.4).abs() < TOLERANCE);
    assert!((keyplayer::m_reach(&graph, &[c], 2.0) - 0.8).abs() < TOLERANCE);
}

#[test]
fn best_sets_on_the_path_are_exact() {
    let graph = crate::graph(PATH, false);
    let method = check_search(
        &graph,
        1,
        KeyPlayerMeasure::Fragmentation,
        Some(&["c"]),
        2.0 / 3.0,
    );
    assert_eq!(method, SearchMethod::Exact { subsets: 5 });
    check_search(
        &graph,
        1,
        KeyPlayerMeasure::DistanceFragmentation,
        Some(&["c"]),
        2.0 / 3.0,
    );
    check_search(&graph, 1, KeyPlayerMeasure::Reach, Some(&["c"]), 0.6);
    // Two nodes reaching the other three within 1 link: {b, d}, {a, d} and {b, e} tie.
    check_search(&graph, 2, KeyPlayerMeasure::MReach { m: 1.0 }, None, 0.6);
    // Removing b and d leaves three isolated nodes: F = 1.
    check_search(
        &graph,
        2,
        KeyPlayerMeasure::Fragmentation,
        Some(&["b", "d"]),
        1.0,
    );
}

#[test]
fn greedy_swap_beyond_the_exact_limit() {
    // A ring of 8 cliques of 5 joined by single bridges: 40 nodes, C(40, 8) > 200,000, so the
    // heuristic runs. Cutting every bridge endpoint on one side (8 nodes) leaves 8 cliques of
    // 4: F = 1 − 8·4·3 / (32·31). The greedy + swap search must reach that value.
    let mut csv = String::from("from,to\n");
    for c in 0..8 {
        for i in 0..5 {
            for j in i + 1..5 {
                csv.push_str(&format!("c{c}n{i},c{c}n{j}\n"));
            }
        }
        csv.push_str(&format!("c{c}n0,c{}n1\n", (c + 1) % 8));
    }
    let graph = crate::graph(&csv, false);
    let found = keyplayer::key_players(&graph, 8, KeyPlayerMeasure::Fragmentation).unwrap();
    assert!(
        matches!(found.method, SearchMethod::GreedySwap { .. }),
        "{:?}",
        found.method
    );
    let optimum = 1.0 - 8.0 * 12.0 / (32.0 * 31.0);
    assert!(
        found.value >= optimum - TOLERANCE,
        "value {} below {optimum}",
        found.value
    );
    assert!((keyplayer::fragmentation(&graph, &found.nodes) - found.value).abs() < 1e-12);
}

#[test]
fn set_size_and_horizon_are_checked() {
    let graph = crate::graph(PATH, false);
    let err = |k, m| {
        keyplayer::key_players(&graph, k, m)
            .unwrap_err()
            .to_string()
    };
    assert_eq!(
        err(0, KeyPlayerMeasure::Reach),
        "k = 0 is out of range: the measure needs 1 <= k <= 4 on this graph"
    );
    assert_eq!(
        err(4, KeyPlayerMeasure::Fragmentation),
        "k = 4 is out of range: the measure needs 1 <= k <= 3 on this graph"
    );
    assert_eq!(
        err(1, KeyPlayerMeasure::MReach { m: f64::NAN }),
        "m must be a finite number > 0, got NaN"
    );
}

const MEASURES: [KeyPlayerMeasure; 4] = [
    KeyPlayerMeasure::Fragmentation,
    KeyPlayerMeasure::DistanceFragmentation,
    KeyPlayerMeasure::Reach,
    KeyPlayerMeasure::MReach { m: 2.0 },
];

/// Exact search (incremental, parallel) against evaluating every k-subset from scratch.
fn check_exact_is_brute_force(graph: &NetGraph, k: usize) {
    let nodes: Vec<NodeId> = graph.node_ids().collect();
    for measure in MEASURES {
        let options = KeyPlayerOptions {
            search: SearchChoice::Exact,
            exact_budget: 0.0,
        };
        let found = keyplayer::key_players_with(graph, k, measure, &options).unwrap();
        let mut best = f64::NEG_INFINITY;
        let mut combo: Vec<usize> = (0..k).collect();
        loop {
            let set: Vec<NodeId> = combo.iter().map(|&i| nodes[i]).collect();
            best = best.max(keyplayer::evaluate(graph, &set, measure));
            let Some(i) = (0..k).rev().find(|&i| combo[i] != i + nodes.len() - k) else {
                break;
            };
            combo[i] += 1;
            for j in i + 1..k {
                combo[j] = combo[j - 1] + 1;
            }
        }
        assert!(
            (found.value - best).abs() < 1e-12,
            "{}: exact {} brute force {best}",
            measure.name(),
            found.value
        );
        assert_eq!(
            found.value,
            keyplayer::evaluate(graph, &found.nodes, measure)
        );
    }
}

#[test]
fn exact_search_equals_brute_force() {
    let covert = crate::graph(include_str!("fixtures/covert.csv"), false);
    let florentine = crate::graph(include_str!("fixtures/networkx/florentine.csv"), false);
    // Directed and with lengths: symmetrised, shorter arc counts.
    let digraph = crate::graph(include_str!("fixtures/networkx/random_digraph.csv"), true);
    for k in 1..=3 {
        check_exact_is_brute_force(&covert, k);
        check_exact_is_brute_force(&florentine, k);
    }
    check_exact_is_brute_force(&digraph, 2);
}

/// Runs the search under `options` and checks the method chosen and the reason given.
fn check_choice(
    graph: &NetGraph,
    k: usize,
    measure: KeyPlayerMeasure,
    options: KeyPlayerOptions,
    exact: bool,
    reason: &str,
) {
    let found = keyplayer::key_players_with(graph, k, measure, &options).unwrap();
    assert_eq!(
        matches!(found.method, SearchMethod::Exact { .. }),
        exact,
        "{:?}",
        found.method
    );
    let said = found.plan.reason(&found.method);
    assert!(said.contains(reason), "{said}");
    assert_eq!(
        found.plan.exact_cost,
        found.plan.subsets as f64 * found.plan.evaluation_cost
    );
}

#[test]
fn exact_or_greedy_by_estimated_cost() {
    let graph = crate::graph(PATH, false);
    let auto = |budget| KeyPlayerOptions {
        search: SearchChoice::Auto,
        exact_budget: budget,
    };
    // Path of 5, unit lengths: n + e = 5 + 8 = 13 units per fragmentation evaluation, D_F
    // 5 × 13 = 65; C(5, 2) = 10 subsets.
    let measure = KeyPlayerMeasure::DistanceFragmentation;
    check_choice(
        &graph,
        2,
        measure,
        auto(650.0),
        true,
        "exact: 10 subsets × 6.500e1 work units per evaluation = 6.500e2, within the budget of 6.500e2",
    );
    check_choice(
        &graph,
        2,
        measure,
        auto(649.0),
        false,
        "greedy + swap: exact would cost 10 subsets",
    );
    check_choice(
        &graph,
        2,
        KeyPlayerMeasure::Fragmentation,
        auto(130.0),
        true,
        "= 1.300e2, within",
    );
    let forced = |search| KeyPlayerOptions {
        search,
        exact_budget: 0.0,
    };
    check_choice(
        &graph,
        2,
        measure,
        forced(SearchChoice::Exact),
        true,
        "exact, as asked",
    );
    check_choice(
        &graph,
        2,
        measure,
        forced(SearchChoice::Greedy),
        false,
        "greedy + swap, as asked",
    );
}

#[test]
fn key_players_do_not_depend_on_thread_count() {
    let graph = crate::graph(include_str!("fixtures/ba300.csv"), false);
    let run = |threads: usize, measure| {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap();
        let options = KeyPlayerOptions {
            search: SearchChoice::Greedy,
            exact_budget: 0.0,
        };
        let found = pool
            .install(|| keyplayer::key_players_with(&graph, 3, measure, &options))
            .unwrap();
        (found.nodes, found.value.to_bits(), found.method)
    };
    for measure in [
        KeyPlayerMeasure::Fragmentation,
        KeyPlayerMeasure::Reach,
        KeyPlayerMeasure::MReach { m: 2.0 },
    ] {
        let one = run(1, measure);
        assert_eq!(one, run(4, measure), "{}", measure.name());
    }
}
