//! Node measures with NetworkX's definitions and defaults, and ranked key-entity tables.
//!
//! Weights: `capacity` is the tie weight (strength, eigenvector centrality, PageRank);
//! `length` is the distance (betweenness, closeness). Every function works on the live part
//! of the graph and returns `(NodeId, value)` pairs in [`NodeId`] order.

use std::cmp::Ordering;
use std::collections::BinaryHeap;

use crate::graph::{Adjacency, NetGraph, NodeId};
use crate::paths::{HeapEntry, distances};

/// A node measure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum Measure {
    /// Number of incident arcs (in + out for a directed graph), as NetworkX `G.degree()`.
    Degree,
    /// Number of arcs entering the node (directed graphs only).
    InDegree,
    /// Number of arcs leaving the node (directed graphs only).
    OutDegree,
    /// Sum of the capacities of incident arcs (in + out for a directed graph).
    Strength,
    /// Sum of the capacities of entering arcs (directed graphs only).
    InStrength,
    /// Sum of the capacities of leaving arcs (directed graphs only).
    OutStrength,
    /// Brandes betweenness with `length` as distance, normalized by 1/((n-1)(n-2)) as
    /// NetworkX's `betweenness_centrality(G, weight="length")`.
    Betweenness,
    /// Closeness (incoming distance for directed graphs) with Wasserman–Faust scaling, as
    /// NetworkX's `closeness_centrality(G, distance="length")`.
    Closeness,
    /// Eigenvector centrality by power iteration on A + I with `capacity` weights, as NetworkX's
    /// `eigenvector_centrality(G, weight="weight")` (100 iterations, tol 1e-6).
    Eigenvector,
    /// PageRank with `capacity` weights, alpha 0.85, 100 iterations, tol 1e-6, as NetworkX's
    /// `pagerank(G, weight="weight")`.
    PageRank,
}

impl Measure {
    /// Every measure, in table order.
    pub const ALL: [Measure; 10] = [
        Measure::Degree,
        Measure::InDegree,
        Measure::OutDegree,
        Measure::Strength,
        Measure::InStrength,
        Measure::OutStrength,
        Measure::Betweenness,
        Measure::Closeness,
        Measure::Eigenvector,
        Measure::PageRank,
    ];

    /// The snake_case name used in tables and JSON.
    pub fn name(self) -> &'static str {
        match self {
            Measure::Degree => "degree",
            Measure::InDegree => "in_degree",
            Measure::OutDegree => "out_degree",
            Measure::Strength => "strength",
            Measure::InStrength => "in_strength",
            Measure::OutStrength => "out_strength",
            Measure::Betweenness => "betweenness",
            Measure::Closeness => "closeness",
            Measure::Eigenvector => "eigenvector",
            Measure::PageRank => "pagerank",
        }
    }

    /// Whether the measure is defined for graphs of this kind (in/out only when directed).
    pub fn applies(self, directed: bool) -> bool {
        directed
            || !matches!(
                self,
                Measure::InDegree | Measure::OutDegree | Measure::InStrength | Measure::OutStrength
            )
    }
}

/// Maximum number of power iterations (NetworkX's default `max_iter`).
pub const MAX_ITER: usize = 100;
/// Convergence tolerance per node (NetworkX's default `tol`).
pub const TOL: f64 = 1e-6;
/// PageRank damping factor (NetworkX's default `alpha`).
pub const ALPHA: f64 = 0.85;

/// Every applicable measure of every live node.
#[derive(Debug, Clone)]
pub struct Metrics {
    /// Live nodes, in [`NodeId`] order; columns are aligned with it.
    pub nodes: Vec<NodeId>,
    /// One column per computed measure, in [`Measure::ALL`] order.
    pub columns: Vec<(Measure, Vec<f64>)>,
    /// Measures whose power iteration did not converge within [`MAX_ITER`] (no column).
    pub not_converged: Vec<Measure>,
}

impl Metrics {
    /// The column of a measure, if computed.
    pub fn column(&self, measure: Measure) -> Option<&[f64]> {
        self.columns
            .iter()
            .find(|(m, _)| *m == measure)
            .map(|(_, c)| c.as_slice())
    }

    /// `(node, value)` pairs of a measure, ranked (see [`ranked`]).
    pub fn ranked(&self, graph: &NetGraph, measure: Measure) -> Option<Vec<(NodeId, f64)>> {
        let column = self.column(measure)?;
        Some(ranked(
            graph,
            self.nodes
                .iter()
                .copied()
                .zip(column.iter().copied())
                .collect(),
        ))
    }
}

/// Computes every measure that applies to the graph.
pub fn metrics(graph: &NetGraph) -> Metrics {
    let nodes: Vec<NodeId> = graph.node_ids().collect();
    let mut columns = Vec::new();
    let mut not_converged = Vec::new();
    for measure in Measure::ALL {
        if !measure.applies(graph.is_directed()) {
            continue;
        }
        match measure_values(graph, measure) {
            Some(values) => columns.push((measure, values.into_iter().map(|(_, v)| v).collect())),
            None => not_converged.push(measure),
        }
    }
    Metrics {
        nodes,
        columns,
        not_converged,
    }
}

/// One measure for every live node; `None` when a power iteration does not converge.
pub fn measure_values(graph: &NetGraph, measure: Measure) -> Option<Vec<(NodeId, f64)>> {
    match measure {
        Measure::Degree => Some(degree_like(graph, true, true, false)),
        Measure::InDegree => Some(degree_like(graph, true, false, false)),
        Measure::OutDegree => Some(degree_like(graph, false, true, false)),
        Measure::Strength => Some(degree_like(graph, true, true, true)),
        Measure::InStrength => Some(degree_like(graph, true, false, true)),
        Measure::OutStrength => Some(degree_like(graph, false, true, true)),
        Measure::Betweenness => Some(betweenness(graph)),
        Measure::Closeness => Some(closeness(graph)),
        Measure::Eigenvector => eigenvector(graph),
        Measure::PageRank => pagerank(graph),
    }
}

/// Sorts `(node, value)` pairs by value, largest first, ties broken by node id string.
pub fn ranked(graph: &NetGraph, mut values: Vec<(NodeId, f64)>) -> Vec<(NodeId, f64)> {
    values.sort_by(|a, b| {
        b.1.total_cmp(&a.1)
            .then_with(|| graph.name(a.0).cmp(graph.name(b.0)))
    });
    values
}

fn collect(graph: &NetGraph, slots: &[f64]) -> Vec<(NodeId, f64)> {
    graph.node_ids().map(|v| (v, slots[v.index()])).collect()
}

fn degree_like(
    graph: &NetGraph,
    count_in: bool,
    count_out: bool,
    weighted: bool,
) -> Vec<(NodeId, f64)> {
    let mut slots = vec![0.0; graph.node_bound()];
    for arc in graph.arc_ids() {
        let a = graph.arc(arc);
        let w = if weighted { a.capacity } else { 1.0 };
        if count_out || !graph.is_directed() {
            slots[a.from.index()] += w;
        }
        if count_in || !graph.is_directed() {
            slots[a.to.index()] += w;
        }
    }
    collect(graph, &slots)
}

/// Brandes betweenness, `length`-weighted, normalized as NetworkX (`normalized=True`,
/// `endpoints=False`): the sum over ordered pairs is scaled by 1/((n-1)(n-2)) for directed and
/// undirected graphs alike, which for undirected graphs equals the unordered-pair sum over
/// C(n-1, 2).
pub fn betweenness(graph: &NetGraph) -> Vec<(NodeId, f64)> {
    let adjacency = Adjacency::new(graph);
    let n_slots = graph.node_bound();
    let live: Vec<usize> = graph.node_ids().map(NodeId::index).collect();
    let mut score = vec![0.0; n_slots];
    let length = |arc: usize| graph.arc(crate::ArcId(arc as u32)).length;
    let mut sigma = vec![0.0f64; n_slots];
    let mut preds: Vec<Vec<usize>> = vec![Vec::new(); n_slots];
    let mut seen = vec![f64::INFINITY; n_slots];
    let mut done = vec![false; n_slots];
    let mut delta = vec![0.0f64; n_slots];
    for &s in &live {
        // Dijkstra that counts shortest paths, as NetworkX's _single_source_dijkstra_path_basic.
        for &v in &live {
            sigma[v] = 0.0;
            preds[v].clear();
            seen[v] = f64::INFINITY;
            done[v] = false;
            delta[v] = 0.0;
        }
        sigma[s] = 1.0;
        seen[s] = 0.0;
        let mut order = Vec::with_capacity(live.len());
        let mut heap = BinaryHeap::new();
        let mut count = 0u64;
        heap.push(HeapEntry {
            dist: 0.0,
            count,
            pred: s,
            node: s,
        });
        while let Some(HeapEntry {
            dist,
            pred,
            node: v,
            ..
        }) = heap.pop()
        {
            if done[v] {
                continue;
            }
            if v != s {
                sigma[v] += sigma[pred];
            }
            order.push(v);
            done[v] = true;
            for &(w, arc) in &adjacency.out[v] {
                let vw_dist = dist + length(arc);
                if !done[w] && vw_dist < seen[w] {
                    seen[w] = vw_dist;
                    count += 1;
                    heap.push(HeapEntry {
                        dist: vw_dist,
                        count,
                        pred: v,
                        node: w,
                    });
                    sigma[w] = 0.0;
                    preds[w].clear();
                    preds[w].push(v);
                } else if vw_dist == seen[w] && !done[w] {
                    sigma[w] += sigma[v];
                    preds[w].push(v);
                }
            }
        }
        // Accumulation, as NetworkX's _accumulate_basic.
        while let Some(w) = order.pop() {
            let coeff = (1.0 + delta[w]) / sigma[w];
            for &v in &preds[w] {
                delta[v] += sigma[v] * coeff;
            }
            if w != s {
                score[w] += delta[w];
            }
        }
    }
    let n = live.len();
    if n > 2 {
        let scale = 1.0 / ((n - 1) as f64 * (n - 2) as f64);
        for &v in &live {
            score[v] *= scale;
        }
    }
    collect(graph, &score)
}

/// Closeness as NetworkX's `closeness_centrality(G, distance="length")`: for node u,
/// (r - 1) / Σ d(v, u) over the r nodes that reach u (u included), times (r - 1) / (n - 1)
/// (Wasserman–Faust); 0 when nothing reaches u. Distances are *to* u (incoming) in a
/// directed graph.
pub fn closeness(graph: &NetGraph) -> Vec<(NodeId, f64)> {
    let adjacency = Adjacency::new(graph);
    let length = |arc: usize| graph.arc(crate::ArcId(arc as u32)).length;
    let n = graph.node_count();
    let mut slots = vec![0.0; graph.node_bound()];
    for u in graph.node_ids() {
        let dist = distances(&adjacency.inc, &length, &[u.index()], None);
        let (mut total, mut reached) = (0.0, 0usize);
        for v in graph.node_ids() {
            if dist[v.index()].is_finite() {
                total += dist[v.index()];
                reached += 1;
            }
        }
        if total > 0.0 && n > 1 {
            let r = (reached - 1) as f64;
            slots[u.index()] = r / total * (r / (n - 1) as f64);
        }
    }
    collect(graph, &slots)
}

/// Eigenvector centrality as NetworkX's `eigenvector_centrality(G, weight="weight")`, with
/// `capacity` as weight: power iteration x ← (A + I)ᵀ x from the uniform vector, Euclidean
/// normalization, stop when the L1 change is below n·1e-6. For a directed graph this is the
/// in-centrality (left eigenvector). `None` if it does not converge within 100 iterations.
pub fn eigenvector(graph: &NetGraph) -> Option<Vec<(NodeId, f64)>> {
    let adjacency = Adjacency::new(graph);
    let live: Vec<usize> = graph.node_ids().map(NodeId::index).collect();
    let n = live.len();
    if n == 0 {
        return Some(Vec::new());
    }
    let mut x = vec![0.0; graph.node_bound()];
    for &v in &live {
        x[v] = 1.0 / n as f64;
    }
    for _ in 0..MAX_ITER {
        let last = x.clone();
        for &v in &live {
            for &(w, arc) in &adjacency.out[v] {
                x[w] += last[v] * graph.arc(crate::ArcId(arc as u32)).capacity;
            }
        }
        let mut norm = live.iter().map(|&v| x[v] * x[v]).sum::<f64>().sqrt();
        if norm == 0.0 {
            norm = 1.0;
        }
        for &v in &live {
            x[v] /= norm;
        }
        let change: f64 = live.iter().map(|&v| (x[v] - last[v]).abs()).sum();
        if change < n as f64 * TOL {
            return Some(collect(graph, &x));
        }
    }
    None
}

/// PageRank as NetworkX's `pagerank(G, weight="weight")`, with `capacity` as weight:
/// alpha 0.85, uniform teleport and dangling redistribution (nodes whose leaving capacity
/// sums to 0 are dangling), start uniform, stop when the L1 change is below n·1e-6.
/// An undirected edge counts both ways. `None` if it does not converge in 100 iterations.
pub fn pagerank(graph: &NetGraph) -> Option<Vec<(NodeId, f64)>> {
    let adjacency = Adjacency::new(graph);
    let live: Vec<usize> = graph.node_ids().map(NodeId::index).collect();
    let n = live.len();
    if n == 0 {
        return Some(Vec::new());
    }
    let capacity = |arc: usize| graph.arc(crate::ArcId(arc as u32)).capacity;
    let mut out_weight = vec![0.0; graph.node_bound()];
    for &v in &live {
        out_weight[v] = adjacency.out[v].iter().map(|&(_, arc)| capacity(arc)).sum();
    }
    let uniform = 1.0 / n as f64;
    let mut x = vec![0.0; graph.node_bound()];
    for &v in &live {
        x[v] = uniform;
    }
    for _ in 0..MAX_ITER {
        let last = x.clone();
        let dangling: f64 = live
            .iter()
            .filter(|&&v| out_weight[v] == 0.0)
            .map(|&v| last[v])
            .sum();
        let mut spread = vec![0.0; graph.node_bound()];
        for &v in &live {
            if out_weight[v] != 0.0 {
                let share = 1.0 / out_weight[v];
                for &(w, arc) in &adjacency.out[v] {
                    spread[w] += last[v] * (capacity(arc) * share);
                }
            }
        }
        for &v in &live {
            x[v] = ALPHA * (spread[v] + dangling * uniform) + (1.0 - ALPHA) * uniform;
        }
        let change: f64 = live.iter().map(|&v| (x[v] - last[v]).abs()).sum();
        if change < n as f64 * TOL {
            return Some(collect(graph, &x));
        }
    }
    None
}

/// Connected components (weakly connected for a directed graph) of the live graph: each sorted
/// by node id string, the list sorted by size (largest first), then by first node id.
pub fn components(graph: &NetGraph) -> Vec<Vec<NodeId>> {
    let neighbours = Adjacency::undirected(graph);
    let mut label = vec![usize::MAX; graph.node_bound()];
    let mut out: Vec<Vec<NodeId>> = Vec::new();
    for start in graph.node_ids() {
        if label[start.index()] != usize::MAX {
            continue;
        }
        let id = out.len();
        let mut members = vec![start];
        label[start.index()] = id;
        let mut stack = vec![start.index()];
        while let Some(v) = stack.pop() {
            for &(w, _) in &neighbours[v] {
                if label[w] == usize::MAX {
                    label[w] = id;
                    members.push(NodeId(w as u32));
                    stack.push(w);
                }
            }
        }
        members.sort_by(|a, b| graph.name(*a).cmp(graph.name(*b)));
        out.push(members);
    }
    out.sort_by(|a, b| match b.len().cmp(&a.len()) {
        Ordering::Equal => graph.name(a[0]).cmp(graph.name(b[0])),
        other => other,
    });
    out
}
