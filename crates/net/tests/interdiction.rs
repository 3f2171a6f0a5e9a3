//! Interdiction: the GLPK instance, the enumeration oracle, and MIP = enumeration on random
//! small graphs for every budget and both objectives.

use cordon_net::interdiction::{
    ENUMERATION_LIMIT, Limits, Method, Objective, Solver, Status, class_branching, interdict,
    interdict_with,
};
use cordon_net::{ArcSpec, NetError, NetGraph, max_flow};
use proptest::prelude::*;

const TOLERANCE: f64 = 1e-6;

/// Interdicts with every method available and compares each value with `expected`.
fn check(
    graph: &NetGraph,
    objective: Objective,
    source: &str,
    sink: &str,
    budget: f64,
    expected: f64,
) {
    let (s, t) = (graph.node(source).unwrap(), graph.node(sink).unwrap());
    let methods = Solver::AVAILABLE
        .iter()
        .map(|&s| Method::Mip(s))
        .chain([Method::Enumeration]);
    for method in methods {
        let result = interdict(graph, objective, s, t, budget, method).unwrap();
        let same = (result.value.is_infinite() && expected.is_infinite())
            || (result.value - expected).abs() < TOLERANCE;
        assert!(
            same,
            "{} budget {budget} by {}: got {}, want {expected}",
            objective.name(),
            method.name(),
            result.value
        );
        assert!(result.cost <= budget + TOLERANCE, "over budget: {result:?}");
    }
}

fn glpk() -> NetGraph {
    crate::graph(include_str!("fixtures/glpk_maxflow.csv"), true)
}

#[test]
fn glpk_max_flow_is_29() {
    let graph = glpk();
    let (s, t) = (graph.node("1").unwrap(), graph.node("9").unwrap());
    assert_eq!(max_flow(&graph, s, t).unwrap(), 29.0);
}

#[test]
fn glpk_unit_cost_interdiction() {
    // docs/validation.md: budget 0 → 29, 1 → 10 (remove 4→5), 2 → 0.
    let graph = glpk();
    check(&graph, Objective::MaxFlow, "1", "9", 0.0, 29.0);
    check(&graph, Objective::MaxFlow, "1", "9", 1.0, 10.0);
    check(&graph, Objective::MaxFlow, "1", "9", 2.0, 0.0);
}

#[test]
fn glpk_budget_one_cuts_four_to_five() {
    // The unique optimal single arc (checked by enumeration: no other arc leaves 10).
    let graph = glpk();
    let (s, t) = (graph.node("1").unwrap(), graph.node("9").unwrap());
    let result = interdict(
        &graph,
        Objective::MaxFlow,
        s,
        t,
        1.0,
        Method::Mip(Solver::Microlp),
    )
    .unwrap();
    let labels: Vec<String> = result.arcs.iter().map(|a| graph.arc_label(*a)).collect();
    assert_eq!(labels, ["4->5"]);
}

#[test]
fn glpk_shortest_path_interdiction() {
    // Unit lengths: 1→4→5→7→9 has 4 arcs; cutting 4→5 forces 1→2→3→8→9 (4 arcs as well);
    // budget 2 can cut 7→9 and 8→9, disconnecting the sink.
    let graph = glpk();
    check(&graph, Objective::ShortestPath, "1", "9", 0.0, 4.0);
    check(
        &graph,
        Objective::ShortestPath,
        "1",
        "9",
        2.0,
        f64::INFINITY,
    );
}

#[test]
fn delays_lengthen_instead_of_removing() {
    // s→t directly (length 1, delay 5) or via a (lengths 2 + 2, no delay: removable).
    let graph = crate::graph(
        "from,to,length,delay,cost\ns,t,1,5,1\ns,a,2,,1\na,t,2,,1\n",
        true,
    );
    check(&graph, Objective::ShortestPath, "s", "t", 1.0, 4.0);
    // Budget 2: delay s→t (6) and cut the detour: 6.
    check(&graph, Objective::ShortestPath, "s", "t", 2.0, 6.0);
}

#[test]
fn undirected_edge_is_one_decision() {
    // One edge s--t of capacity 3 and a path s--a--t of capacity 1: cutting s--t (cost 1)
    // leaves 1 whichever way the flow goes.
    let graph = crate::graph("from,to,capacity\nt,s,3\ns,a,1\na,t,1\n", false);
    check(&graph, Objective::MaxFlow, "s", "t", 0.0, 4.0);
    check(&graph, Objective::MaxFlow, "s", "t", 1.0, 1.0);
    check(&graph, Objective::MaxFlow, "s", "t", 2.0, 0.0);
}

#[test]
fn bad_budget_and_pairs_are_errors() {
    let graph = glpk();
    let (s, t) = (graph.node("1").unwrap(), graph.node("9").unwrap());
    let method = Method::Mip(Solver::Microlp);
    assert_eq!(
        interdict(&graph, Objective::MaxFlow, s, t, f64::NAN, method)
            .unwrap_err()
            .to_string(),
        "budget must be a finite number >= 0, got NaN"
    );
    assert!(matches!(
        interdict(&graph, Objective::MaxFlow, s, t, -1.0, method),
        Err(NetError::InvalidBudget(_))
    ));
    assert!(matches!(
        interdict(&graph, Objective::MaxFlow, s, s, 1.0, method),
        Err(NetError::SameSourceSink(_))
    ));
}

#[test]
fn enumeration_refuses_large_instances() {
    let mut csv = String::from("from,to\n");
    for i in 0..=ENUMERATION_LIMIT {
        csv.push_str(&format!("s,n{i}\nn{i},t\n"));
    }
    let graph = crate::graph(&csv, true);
    let (s, t) = (graph.node("s").unwrap(), graph.node("t").unwrap());
    let err = interdict(&graph, Objective::MaxFlow, s, t, 1.0, Method::Enumeration).unwrap_err();
    assert!(
        matches!(err, NetError::TooLargeForEnumeration { .. }),
        "{err}"
    );
}

/// A random graph: 5 nodes `n0`..`n4`, up to 10 arcs with small integer attributes
/// (capacity 0–5, cost 1–3, length 1–4, delay 0–5 or none), directed or not.
fn random_graph() -> impl Strategy<Value = (NetGraph, f64)> {
    let arc = (
        0u32..5,
        0u32..5,
        0u32..6,
        1u32..4,
        1u32..5,
        proptest::option::of(0u32..6),
    );
    (any::<bool>(), proptest::collection::vec(arc, 3..=10)).prop_map(|(directed, raw)| {
        let ends = raw.iter().map(|a| (a.0, a.1));
        graph_of(directed, 5, ends, |i| {
            let (_, _, capacity, cost, length, delay) = raw[i];
            let mut spec = ArcSpec::new("", "");
            spec.capacity = f64::from(capacity);
            spec.cost = f64::from(cost);
            spec.length = f64::from(length);
            spec.delay = delay.map(f64::from);
            spec
        })
    })
}

/// A graph on nodes `n0`..`n{nodes-1}` from candidate arcs `ends` (the `i`-th one's attributes
/// from `attributes(i)`), dropping loops and repeated pairs (both directions count as one in
/// an undirected graph), and the sum of the arcs' costs.
fn graph_of(
    directed: bool,
    nodes: u32,
    ends: impl Iterator<Item = (u32, u32)>,
    attributes: impl Fn(usize) -> ArcSpec,
) -> (NetGraph, f64) {
    let mut seen = std::collections::BTreeSet::new();
    let mut arcs = Vec::new();
    for (i, (from, to)) in ends.enumerate() {
        let key = if directed {
            (from, to)
        } else {
            (from.min(to), from.max(to))
        };
        if from == to || !seen.insert(key) {
            continue;
        }
        let spec = ArcSpec {
            from: format!("n{from}"),
            to: format!("n{to}"),
            ..attributes(i)
        };
        arcs.push(spec);
    }
    let nodes = (0..nodes).map(|i| format!("n{i}")).collect();
    let total_cost = arcs.iter().map(|a| a.cost).sum();
    (NetGraph::new(directed, nodes, arcs).unwrap(), total_cost)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 500, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn mip_equals_enumeration_for_every_budget((graph, total_cost) in random_graph()) {
        let (s, t) = (graph.node("n0").unwrap(), graph.node("n4").unwrap());
        // Only instances where the sink can be reached say anything.
        prop_assume!(cordon_net::shortest_path_length(&graph, s, t).unwrap().is_finite());
        for objective in [Objective::MaxFlow, Objective::ShortestPath] {
            let mut budget = 0.0;
            while budget <= total_cost {
                let oracle = interdict(&graph, objective, s, t, budget, Method::Enumeration).unwrap();
                for &solver in Solver::AVAILABLE {
                    let mip = interdict(&graph, objective, s, t, budget, Method::Mip(solver)).unwrap();
                    let same = (mip.value.is_infinite() && oracle.value.is_infinite())
                        || (mip.value - oracle.value).abs() < TOLERANCE;
                    prop_assert!(same, "{} budget {} {}: mip {} ({:?}), enumeration {} ({:?})",
                        objective.name(), budget, solver.name(), mip.value, mip.arcs, oracle.value, oracle.arcs);
                    prop_assert!(mip.cost <= budget + TOLERANCE);
                }
                // The chain (cut branching; greedy, path branching, MIP) with no limit is exact too,
                // and proves it.
                let chain = interdict_with(&graph, objective, s, t, budget, Method::Chain(Solver::Microlp), &Limits::none()).unwrap();
                let same = (chain.result.value.is_infinite() && oracle.value.is_infinite())
                    || (chain.result.value - oracle.value).abs() < TOLERANCE;
                prop_assert!(same, "{} budget {} chain {} ({:?}), enumeration {} ({:?})",
                    objective.name(), budget, chain.result.value, chain.chain, oracle.value, oracle.arcs);
                prop_assert_eq!(chain.status, Status::Optimal);
                prop_assert!(chain.result.cost <= budget + TOLERANCE);
                budget += 1.0;
            }
        }
    }
}

/// A random max-flow instance for cut branching: 7 nodes `n0`..`n6`, up to 16 arcs, capacities
/// whole (0–20), in quarters (0–6) or in tenths (0–2.4, not exact in binary; fractions turn
/// off the rounding of bounds), costs 0–3 (0: free to interdict), directed or not.
fn random_flow_graph() -> impl Strategy<Value = (NetGraph, f64)> {
    let arc = (0u32..7, 0u32..7, 0u32..25, 0u32..4);
    (
        any::<bool>(),
        0u32..3,
        proptest::collection::vec(arc, 6..=16),
    )
        .prop_map(|(directed, unit, raw)| {
            let ends = raw.iter().map(|a| (a.0, a.1));
            graph_of(directed, 7, ends, |i| {
                let (_, _, capacity, cost) = raw[i];
                let mut spec = ArcSpec::new("", "");
                spec.capacity = match unit {
                    0 => f64::from(capacity.min(20)),
                    1 => f64::from(capacity) / 4.0,
                    _ => f64::from(capacity) / 10.0,
                };
                spec.cost = f64::from(cost);
                spec
            })
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, failure_persistence: None, ..ProptestConfig::default() })]

    /// Cut branching (the chain's first step for max flow), followed by class branching when
    /// prices are uniform, is exact at every budget: its value is enumeration's, it proves it
    /// without the MIP, and the set it reports does not depend on anything but the instance
    /// (run twice, same set).
    #[test]
    fn cut_branching_equals_enumeration((graph, total_cost) in random_flow_graph()) {
        let (s, t) = (graph.node("n0").unwrap(), graph.node("n6").unwrap());
        let mut budget = 0.0;
        while budget <= total_cost.min(6.0) {
            let oracle = interdict(&graph, Objective::MaxFlow, s, t, budget, Method::Enumeration).unwrap();
            let method = Method::Chain(Solver::Microlp);
            let chain = interdict_with(&graph, Objective::MaxFlow, s, t, budget, method, &Limits::none()).unwrap();
            prop_assert!((chain.result.value - oracle.value).abs() < TOLERANCE,
                "budget {}: cut branching {} ({:?}, {:?}), enumeration {} ({:?})",
                budget, chain.result.value, chain.result.arcs, chain.chain, oracle.value, oracle.arcs);
            prop_assert_eq!(chain.status, Status::Optimal);
            let ran: Vec<&str> = chain.chain.iter().map(|step| step.method).collect();
            let exact = [&["cut-branching"][..], &["cut-branching", "class-branching"], &["none"]];
            prop_assert!(exact.contains(&&ran[..]), "{:?}", chain.chain);
            prop_assert!(chain.result.cost <= budget + TOLERANCE);
            let again = interdict_with(&graph, Objective::MaxFlow, s, t, budget, method, &Limits::none()).unwrap();
            prop_assert_eq!(&again.result.arcs, &chain.result.arcs);
            budget += 1.0;
        }
    }
}

/// A random max-flow instance for class branching: 7 nodes `n0`..`n6`, up to 14 arcs, with
/// capacities whole (0–20) or in tenths (0–2.4), most arcs costing one price (1 or 2.5), some
/// free (cost 0) and some out of reach (cost 100), directed or not.
fn uniform_price_graph(nodes: u32, arcs: usize) -> impl Strategy<Value = (NetGraph, f64)> {
    let arc = (0..nodes, 0..nodes, 0u32..25, 0u32..8);
    (
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
        proptest::collection::vec(arc, 6..=arcs),
    )
        .prop_map(move |(directed, whole, cheap, raw)| {
            let price = if cheap { 1.0 } else { 2.5 };
            let ends = raw.iter().map(|a| (a.0, a.1));
            let (graph, _) = graph_of(directed, nodes, ends, |i| {
                let (_, _, capacity, cost) = raw[i];
                let mut spec = ArcSpec::new("", "");
                spec.capacity = if whole {
                    f64::from(capacity.min(20))
                } else {
                    f64::from(capacity) / 10.0
                };
                spec.cost = match cost {
                    0 => 0.0,
                    1 => 100.0,
                    _ => price,
                };
                spec
            });
            (graph, price)
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, failure_persistence: None, ..ProptestConfig::default() })]

    /// Class branching alone is exact at every budget up to 7 arcs (and between multiples of
    /// the price), proves it, and spends within the budget; where it does not apply it says
    /// so, exactly when the affordable arcs' prices differ or the budget buys none or all.
    #[test]
    fn class_branching_equals_enumeration((graph, price) in uniform_price_graph(7, 14)) {
        let (s, t) = (graph.node("n0").unwrap(), graph.node("n6").unwrap());
        check_class_branching(&graph, s, t, price, 0..=15)?;
    }

    /// The same on 10 nodes and up to 20 arcs, budgets of 2 to 5 arcs, where the root bound
    /// rarely settles the instance and the search branches on classes and on nodes.
    #[test]
    fn class_branching_branches_and_equals_enumeration((graph, price) in uniform_price_graph(10, 20)) {
        let (s, t) = (graph.node("n0").unwrap(), graph.node("n9").unwrap());
        check_class_branching(&graph, s, t, price, 4..=10)?;
    }
}

/// A benchmark-like instance (as `benches/interdiction.rs`): `nodes` nodes, source `n0` with 4
/// leaving arcs and sink with 4 entering arcs of capacity 30–60 out of the budget's reach, and
/// unit-cost arcs of capacity 1–20 inside, so the cuts lie inside.
fn bench_like_graph(nodes: u32, arcs: usize) -> impl Strategy<Value = NetGraph> {
    let sink = nodes - 1;
    let inner = (1..sink, 1..sink, 1u32..=20);
    (
        proptest::collection::vec((1..sink, 30u32..=60), 4),
        proptest::collection::vec((1..sink, 30u32..=60), 4),
        proptest::collection::vec(inner, arcs),
    )
        .prop_map(move |(out, into, inner)| {
            let mut specs = Vec::new();
            let mut seen = std::collections::BTreeSet::new();
            let mut push = |from: u32, to: u32, capacity: u32, cost: f64| {
                if from == to || !seen.insert((from, to)) {
                    return;
                }
                let mut spec = ArcSpec::new(format!("n{from}"), format!("n{to}"));
                spec.capacity = f64::from(capacity);
                spec.cost = cost;
                specs.push(spec);
            };
            for (to, capacity) in out {
                push(0, to, capacity, 100.0);
            }
            for (from, capacity) in into {
                push(from, sink, capacity, 100.0);
            }
            for (from, to, capacity) in inner {
                push(from, to, capacity, 1.0);
            }
            let names = (0..nodes).map(|i| format!("n{i}")).collect();
            NetGraph::new(true, names, specs).unwrap()
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 100, failure_persistence: None, ..ProptestConfig::default() })]

    /// On benchmark-like instances too large to enumerate (30 nodes, 120 arcs), class branching
    /// agrees with the MIP at budgets 2 to 12, and so does [`interdict_with`]'s MIP, which may
    /// stop once its bound is within 1 of the incumbent (integer capacities) and proves the
    /// optimum by rounding the bound up (about 7% of the cases here).
    #[test]
    fn class_branching_equals_the_mip(graph in bench_like_graph(30, 120)) {
        let (s, t) = (graph.node("n0").unwrap(), graph.node("n29").unwrap());
        for budget in 2..=12 {
            let budget = f64::from(budget);
            let Some(found) = class_branching(&graph, s, t, budget, true, u64::MAX).unwrap() else {
                continue;
            };
            let mip = interdict(&graph, Objective::MaxFlow, s, t, budget, Method::Mip(Solver::Microlp)).unwrap();
            prop_assert!((found.value - mip.value).abs() < TOLERANCE,
                "budget {}: class branching {} ({} nodes), MIP {}", budget, found.value, found.nodes, mip.value);
            prop_assert!(found.proved);
            prop_assert!(found.arcs.len() as f64 <= budget);
            // The MIP of the chain (greedy incumbent, then the MIP with the integer gap and the
            // rounded bound) proves the same optimum.
            let bounded = interdict_with(&graph, Objective::MaxFlow, s, t, budget, Method::Mip(Solver::Microlp), &Limits::none()).unwrap();
            prop_assert!((bounded.result.value - mip.value).abs() < TOLERANCE,
                "budget {}: MIP with the integer gap {} ({:?}), MIP {}", budget, bounded.result.value, bounded.chain, mip.value);
            prop_assert_eq!(bounded.status, Status::Optimal, "{:?}", bounded.chain);
        }
    }
}

/// Class branching at `price`-multiples of `steps / 2` arcs (odd steps: 0.4 of a price more)
/// against enumeration, with its heuristics and without (then only fully forced search nodes
/// propose sets, so a bound too high or a subtree left out shows as a wrong value).
fn check_class_branching(
    graph: &NetGraph,
    s: cordon_net::NodeId,
    t: cordon_net::NodeId,
    price: f64,
    steps: std::ops::RangeInclusive<u32>,
) -> Result<(), TestCaseError> {
    for step in steps {
        let budget = price * f64::from(step / 2) + if step % 2 == 1 { 0.4 * price } else { 0.0 };
        let oracle =
            interdict(graph, Objective::MaxFlow, s, t, budget, Method::Enumeration).unwrap();
        for heuristics in [true, false] {
            let Some(found) = class_branching(graph, s, t, budget, heuristics, u64::MAX).unwrap()
            else {
                let buys = graph
                    .arc_ids()
                    .filter(|&a| {
                        let arc = graph.arc(a);
                        arc.capacity > 0.0 && arc.cost > 0.0 && arc.cost <= budget
                    })
                    .count();
                prop_assert!(
                    budget < price || buys <= step as usize / 2,
                    "budget {}: {} affordable",
                    budget,
                    buys
                );
                continue;
            };
            prop_assert!(
                (found.value - oracle.value).abs() < TOLERANCE,
                "budget {}, heuristics {}: class branching {} ({:?}, {} nodes), enumeration {} ({:?})",
                budget,
                heuristics,
                found.value,
                found.arcs,
                found.nodes,
                oracle.value,
                oracle.arcs
            );
            prop_assert!(found.proved);
            let cost: f64 = found.arcs.iter().map(|&a| graph.arc(a).cost).sum();
            prop_assert!(
                cost <= budget + TOLERANCE,
                "cost {} over budget {}",
                cost,
                budget
            );
            let again = class_branching(graph, s, t, budget, heuristics, u64::MAX)
                .unwrap()
                .unwrap();
            prop_assert_eq!(&again, &found);
        }
    }
    Ok(())
}

#[test]
fn crate_doc_example() {
    // The example in `src/lib.rs` (doctests are off for this crate, so it is run here).
    let graph = NetGraph::from_csv("from,to,capacity\ns,a,2\na,t,1\ns,t,1\n", true).unwrap();
    let (s, t) = (graph.node("s").unwrap(), graph.node("t").unwrap());
    let cut = interdict(
        &graph,
        Objective::MaxFlow,
        s,
        t,
        1.0,
        Method::Mip(Solver::Microlp),
    )
    .unwrap();
    assert_eq!(cut.value, 1.0);
}

#[test]
fn arcs_that_change_nothing_are_not_reported() {
    // GLPK, unit lengths, budget 1: two arc-disjoint 4-arc paths, so no single cut lengthens
    // the shortest path; whatever a method picks among the ties, nothing is reported.
    let graph = glpk();
    let (s, t) = (graph.node("1").unwrap(), graph.node("9").unwrap());
    let methods = Solver::AVAILABLE
        .iter()
        .map(|&s| Method::Mip(s))
        .chain([Method::Enumeration]);
    for method in methods {
        let result = interdict(&graph, Objective::ShortestPath, s, t, 1.0, method).unwrap();
        assert_eq!(
            (result.value, result.arcs.len(), result.cost),
            (4.0, 0, 0.0),
            "{}",
            method.name()
        );
    }
}

/// Runs the chain on `csv` (directed) from `s` to `t` with no time at all left, and checks that
/// the incumbent and bound bracket the exact optimum and that the steps say what happened.
fn check_stopped(csv: &str, objective: Objective, s: &str, t: &str, budget: f64, steps: &[&str]) {
    let graph = crate::graph(csv, true);
    let (s, t) = (graph.node(s).unwrap(), graph.node(t).unwrap());
    let no_time = Limits {
        gap: 0.0,
        time_left: &|| Some(0.0),
    };
    let method = Method::Chain(Solver::Microlp);
    let stopped = interdict_with(&graph, objective, s, t, budget, method, &no_time).unwrap();
    let optimum = interdict(&graph, objective, s, t, budget, Method::Enumeration)
        .unwrap()
        .value;
    let said: Vec<String> = stopped
        .chain
        .iter()
        .map(|step| format!("{}: {}", step.method, step.outcome))
        .collect();
    assert_eq!(said, steps);
    let value = stopped.result.value;
    match objective {
        Objective::MaxFlow => assert!(stopped.bound <= optimum && optimum <= value),
        Objective::ShortestPath => assert!(value <= optimum && optimum <= stopped.bound),
    }
    let proved = stopped.bound == value;
    assert_eq!(stopped.status == Status::Optimal, proved, "{stopped:?}");
}

#[test]
fn stopped_by_the_time_limit_reports_incumbent_bound_and_gap() {
    let glpk = include_str!("fixtures/glpk_maxflow.csv");
    // Max flow, budget 1: with no time for a node of cut branching the incumbent is to
    // interdict nothing (29), but the Lagrangian bound of the root (computed before the first
    // node) already proves 10, the optimum. Unit costs: class branching gets its turn, and no
    // time either.
    check_stopped(
        glpk,
        Objective::MaxFlow,
        "1",
        "9",
        1.0,
        &[
            "cut-branching: stopped by the time limit after 0 nodes; best value 29, bound 10",
            "class-branching: stopped by the time limit after 0 nodes; best value 29, bound 10",
            "microlp: not started: no time left",
        ],
    );
    // Shortest path: the bound with every affordable arc interdicted (the sink cut off).
    check_stopped(
        glpk,
        Objective::ShortestPath,
        "1",
        "9",
        2.0,
        &[
            "greedy: 0 arcs, value 4",
            "path-branching: stopped by the time limit after 0 of about 1.300e1 nodes; best value 4",
        ],
    );
}

#[test]
fn the_chain_proves_optimality_and_honours_the_gap() {
    let graph = glpk();
    let (s, t) = (graph.node("1").unwrap(), graph.node("9").unwrap());
    for objective in [Objective::MaxFlow, Objective::ShortestPath] {
        for budget in [0.0, 1.0, 2.0, 3.0] {
            let exact = interdict(&graph, objective, s, t, budget, Method::Enumeration).unwrap();
            for gap in [0.0, 0.5] {
                let limits = Limits {
                    gap,
                    time_left: &|| None,
                };
                for method in [Method::Chain(Solver::Microlp), Method::Mip(Solver::Microlp)] {
                    let found =
                        interdict_with(&graph, objective, s, t, budget, method, &limits).unwrap();
                    assert!(found.gap <= gap, "{found:?}");
                    assert_ne!(found.status, Status::Stopped);
                    if gap == 0.0 {
                        assert_eq!(found.result.value, exact.value, "{found:?}");
                        assert_eq!(found.status, Status::Optimal);
                    }
                }
            }
        }
    }
    let bad = Limits {
        gap: -1.0,
        time_left: &|| None,
    };
    let method = Method::Chain(Solver::Microlp);
    let err = interdict_with(&graph, Objective::MaxFlow, s, t, 1.0, method, &bad).unwrap_err();
    assert_eq!(err.to_string(), "gap must be a finite number >= 0, got -1");
}
