//! Max-flow interdiction on seeded random graphs, once per compiled-in solver.
//!
//! Run with `cargo bench -p cordon-net --bench interdiction` (add `--features highs` for
//! HiGHS). The main case is 200 nodes, 1,000 arcs, unit costs, budget 5.

use cordon_net::interdiction::{Limits, Method, Objective, Solver, interdict, interdict_with};
use cordon_net::{ArcSpec, NetGraph, NodeId};

fn main() {
    // Say what is solved, once per instance and solver, so a trivial instance would show.
    for (n_nodes, n_arcs) in [(50, 250), (200, 1_000)] {
        let (graph, s, t) = random_graph(n_nodes, n_arcs, SEED);
        for &solver in Solver::AVAILABLE {
            let result = interdict(
                &graph,
                Objective::MaxFlow,
                s,
                t,
                BUDGET,
                Method::Mip(solver),
            )
            .expect("solves");
            let cut: Vec<String> = result.arcs.iter().map(|&a| graph.arc_label(a)).collect();
            eprintln!(
                "{n_nodes} nodes, {n_arcs} arcs, budget {BUDGET}, {}: max flow {} -> {} by cutting {}",
                solver.name(),
                result.before,
                result.value,
                cut.join(" ")
            );
        }
    }
    // And which steps of the chain settle the large max-flow instance at budget 25.
    let (graph, s, t) = random_graph(2_000, 10_000, SEED);
    let budget = 25.0;
    let method = Method::Chain(Solver::Microlp);
    let limits = Limits::none();
    let bounded =
        interdict_with(&graph, Objective::MaxFlow, s, t, budget, method, &limits).expect("solves");
    let steps: Vec<String> = bounded
        .chain
        .iter()
        .map(|step| format!("{}: {}", step.method, step.outcome))
        .collect();
    eprintln!(
        "2000 nodes, 10000 arcs, budget {budget}, chain: max flow {} -> {} ({}); {}",
        bounded.result.before,
        bounded.result.value,
        bounded.status.name(),
        steps.join("; ")
    );
    divan::main();
}

const SEED: u64 = 2024;
const BUDGET: f64 = 5.0;

/// SplitMix64: a tiny seeded generator, so the instance never changes with a crate version.
struct SplitMix64(u64);

impl SplitMix64 {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// A random directed graph with `n_nodes` nodes and `n_arcs` distinct arcs, unit interdiction
/// costs. The source `n0` gets 15 leaving arcs and the sink 15 entering arcs, with capacities
/// 50–100 and cost 100 (out of reach of the budget), and the other arcs capacities 1–20: the
/// cuts then lie inside the random part, so the solver must find a combination of interior
/// arcs rather than cut one end.
fn random_graph(n_nodes: u64, n_arcs: usize, seed: u64) -> (NetGraph, NodeId, NodeId) {
    let mut rng = SplitMix64(seed);
    let sink = n_nodes - 1;
    let mut seen = std::collections::BTreeSet::new();
    let mut arcs = Vec::with_capacity(n_arcs);
    let mut push = |from: u64, to: u64, rng: &mut SplitMix64, arcs: &mut Vec<ArcSpec>| {
        if from != to && from != sink && to != 0 && seen.insert((from, to)) {
            let mut spec = ArcSpec::new(format!("n{from}"), format!("n{to}"));
            if from == 0 || to == sink {
                spec.capacity = (50 + rng.below(51)) as f64;
                spec.cost = 100.0;
            } else {
                spec.capacity = (1 + rng.below(20)) as f64;
            }
            arcs.push(spec);
        }
    };
    while arcs.len() < 15 {
        let to = 1 + rng.below(n_nodes - 2);
        push(0, to, &mut rng, &mut arcs);
    }
    while arcs.len() < 30 {
        let from = 1 + rng.below(n_nodes - 2);
        push(from, sink, &mut rng, &mut arcs);
    }
    while arcs.len() < n_arcs {
        let (from, to) = (rng.below(n_nodes), rng.below(n_nodes));
        push(from, to, &mut rng, &mut arcs);
    }
    let nodes = (0..n_nodes).map(|i| format!("n{i}")).collect();
    let graph = NetGraph::new(true, nodes, arcs).expect("generated graph is valid");
    let (s, t) = (
        graph.node("n0").expect("source"),
        graph.node(&format!("n{sink}")).expect("sink"),
    );
    (graph, s, t)
}

fn run(bencher: divan::Bencher, solver: Solver, n_nodes: u64, n_arcs: usize) {
    let (graph, s, t) = random_graph(n_nodes, n_arcs, SEED);
    bencher.bench(|| {
        let result = interdict(
            &graph,
            Objective::MaxFlow,
            s,
            t,
            BUDGET,
            Method::Mip(solver),
        )
        .expect("solves");
        divan::black_box(result.value)
    });
}

/// The target size: 200 nodes, 1,000 arcs, budget 5.
#[divan::bench(args = Solver::AVAILABLE, sample_count = 3, sample_size = 1)]
fn max_flow_200_nodes_1000_arcs_budget_5(bencher: divan::Bencher, solver: &Solver) {
    run(bencher, *solver, 200, 1_000);
}

/// A smaller instance, to show how solve time grows: 50 nodes, 250 arcs, budget 5.
#[divan::bench(args = Solver::AVAILABLE, sample_count = 5, sample_size = 1)]
fn max_flow_50_nodes_250_arcs_budget_5(bencher: divan::Bencher, solver: &Solver) {
    run(bencher, *solver, 50, 250);
}

/// A shortest-path interdiction instance: a directed ring `v0 -> v1 -> ...` (so the sink is
/// reachable) plus random chords up to `n_arcs`, lengths 1–20, unit costs, no delays
/// (interdicted arcs are removed); source `v0`, sink `v{n/2}`.
fn ring_with_chords(n_nodes: u64, n_arcs: usize, seed: u64) -> (NetGraph, NodeId, NodeId) {
    let mut rng = SplitMix64(seed);
    let mut seen = std::collections::BTreeSet::new();
    let mut arcs = Vec::with_capacity(n_arcs);
    let mut push = |from: u64, to: u64, rng: &mut SplitMix64, arcs: &mut Vec<ArcSpec>| {
        if from != to && seen.insert((from, to)) {
            let mut spec = ArcSpec::new(format!("v{from}"), format!("v{to}"));
            spec.length = (1 + rng.below(20)) as f64;
            arcs.push(spec);
        }
    };
    for i in 0..n_nodes {
        push(i, (i + 1) % n_nodes, &mut rng, &mut arcs);
    }
    while arcs.len() < n_arcs {
        let (from, to) = (rng.below(n_nodes), rng.below(n_nodes));
        push(from, to, &mut rng, &mut arcs);
    }
    let nodes = (0..n_nodes).map(|i| format!("v{i}")).collect();
    let graph = NetGraph::new(true, nodes, arcs).expect("generated graph is valid");
    let s = graph.node("v0").expect("source");
    let t = graph.node(&format!("v{}", n_nodes / 2)).expect("sink");
    (graph, s, t)
}

/// Shortest-path interdiction, 1,000 nodes and 5,000 arcs, by the default chain (greedy, path
/// branching, MIP): the size at which the MIP alone runs past 600 s with microlp.
#[divan::bench(args = [1.0, 3.0], sample_count = 3, sample_size = 1)]
fn shortest_path_1000_nodes_5000_arcs_chain(bencher: divan::Bencher, budget: f64) {
    let (graph, s, t) = ring_with_chords(1_000, 5_000, SEED);
    bencher.bench(|| {
        let result = interdict(
            &graph,
            Objective::ShortestPath,
            s,
            t,
            budget,
            Method::Chain(Solver::Microlp),
        )
        .expect("solves");
        divan::black_box(result.value)
    });
}

/// Max-flow interdiction by the default chain (cut branching, then class branching, the MIP
/// only if needed) on the random instance with 2,000 nodes and 10,000 arcs, budgets 1, 5, 10
/// and 25: the size of the side-by-side benchmark against HiGHS (`bench/run.py --only mfi`,
/// on another random instance); at 25 cut branching stops at its node limit (10 nodes, bound
/// 326, incumbent 327) and class branching proves the optimum in 4 nodes.
#[divan::bench(args = [1.0, 5.0, 10.0, 25.0], sample_count = 3, sample_size = 1)]
fn max_flow_2000_nodes_10000_arcs_chain(bencher: divan::Bencher, budget: f64) {
    let (graph, s, t) = random_graph(2_000, 10_000, SEED);
    bencher.bench(|| {
        let result = interdict(
            &graph,
            Objective::MaxFlow,
            s,
            t,
            budget,
            Method::Chain(Solver::Microlp),
        )
        .expect("solves");
        divan::black_box(result.value)
    });
}
