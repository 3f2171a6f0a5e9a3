//! Node measures with NetworkX's definitions and defaults, and ranked key-entity tables.
//!
//! Weights: `capacity` is the tie weight (strength, eigenvector centrality, PageRank);
//! `length` is the distance (betweenness, closeness). Every function works on the live part
//! of the graph and returns `(NodeId, value)` pairs in [`NodeId`] order.

use std::cmp::Ordering;
use std::collections::BinaryHeap;

use rayon::prelude::*;

use crate::csr::{Csr, Direction, Search};
use crate::graph::{Adjacency, NetGraph, NodeId};
use crate::paths::HeapEntry;

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

/// Stopping rule of the power iterations (eigenvector centrality and PageRank): stop when the
/// L1 change of the vector in one iteration is below `n · tol` (n the live nodes), or after
/// `max_iter` iterations.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PowerOptions {
    /// Tolerance per node (NetworkX's `tol`, default [`TOL`]); finite and `> 0`.
    pub tol: f64,
    /// Most iterations (NetworkX's `max_iter`, default [`MAX_ITER`]); at least 1.
    pub max_iter: usize,
}

impl PowerOptions {
    /// NetworkX's defaults: tolerance 1e-6 per node, 100 iterations.
    pub const NETWORKX: PowerOptions = PowerOptions {
        tol: TOL,
        max_iter: MAX_ITER,
    };
}

/// How a power iteration ended.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Convergence {
    /// Eigenvector centrality or PageRank.
    pub measure: Measure,
    /// Iterations run.
    pub iterations: usize,
    /// L1 change of the vector in the last iteration (the residual reached).
    pub change: f64,
    /// The change below which it stops, `n · tol`.
    pub threshold: f64,
    /// Whether `change < threshold` was reached within `max_iter` iterations.
    pub converged: bool,
}

/// A power iteration's values (whether or not it converged) and how it ended.
#[derive(Debug, Clone, PartialEq)]
pub struct PowerResult {
    /// `(node, value)` for every live node, in [`NodeId`] order: the last iterate when the
    /// iteration did not converge.
    pub values: Vec<(NodeId, f64)>,
    /// Iterations and residual.
    pub convergence: Convergence,
}

/// Which measures [`metrics_with`] computes and how.
#[derive(Debug, Clone, PartialEq)]
pub struct MetricsOptions {
    /// The measures wanted; those that do not apply to the graph (in/out variants of an
    /// undirected graph) and repeats are skipped. Columns come out in [`Measure::ALL`] order.
    pub measures: Vec<Measure>,
    /// Stopping rule of eigenvector centrality and PageRank.
    pub power: PowerOptions,
}

/// Applicable measures of every live node.
#[derive(Debug, Clone)]
pub struct Metrics {
    /// Live nodes, in [`NodeId`] order; columns are aligned with it.
    pub nodes: Vec<NodeId>,
    /// One column per computed measure, in [`Measure::ALL`] order.
    pub columns: Vec<(Measure, Vec<f64>)>,
    /// Measures whose power iteration did not converge (no column).
    pub not_converged: Vec<Measure>,
    /// How each power iteration that ran ended, converged or not.
    pub convergence: Vec<Convergence>,
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

/// Computes every measure that applies to the graph, with NetworkX's stopping rule.
pub fn metrics(graph: &NetGraph) -> Metrics {
    metrics_with(
        graph,
        &MetricsOptions {
            measures: Measure::ALL.to_vec(),
            power: PowerOptions::NETWORKX,
        },
    )
}

/// Computes only the measures in `options` (that apply to the graph).
pub fn metrics_with(graph: &NetGraph, options: &MetricsOptions) -> Metrics {
    let nodes: Vec<NodeId> = graph.node_ids().collect();
    let mut columns = Vec::new();
    let mut not_converged = Vec::new();
    let mut convergence = Vec::new();
    for measure in Measure::ALL {
        if !measure.applies(graph.is_directed()) || !options.measures.contains(&measure) {
            continue;
        }
        let power = match measure {
            Measure::Eigenvector => Some(eigenvector_with(graph, &options.power)),
            Measure::PageRank => Some(pagerank_with(graph, &options.power)),
            _ => None,
        };
        let values = match power {
            Some(result) => {
                convergence.push(result.convergence);
                if !result.convergence.converged {
                    not_converged.push(measure);
                    continue;
                }
                result.values
            }
            None => measure_values(graph, measure).unwrap_or_default(),
        };
        columns.push((measure, values.into_iter().map(|(_, v)| v).collect()));
    }
    Metrics {
        nodes,
        columns,
        not_converged,
        convergence,
    }
}

/// One measure for every live node; `None` when a power iteration does not converge within
/// NetworkX's 100 iterations.
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

/// Sources whose dependencies are held at once by [`betweenness`]: as many as fit in about
/// 32 MiB of `f64`s, between 1 and 1,024. A function of the graph's size only, never of the
/// number of threads.
fn batch_size(n_slots: usize) -> usize {
    ((4 << 20) / n_slots.max(1)).clamp(1, 1024)
}

/// Nodes per block when adding a batch's dependencies into the scores.
const ACCUMULATE_BLOCK: usize = 512;

/// Brandes betweenness, `length`-weighted, normalized as NetworkX (`normalized=True`,
/// `endpoints=False`): the sum over ordered pairs is scaled by 1/((n-1)(n-2)) for directed and
/// undirected graphs alike, which for undirected graphs equals the unordered-pair sum over
/// C(n-1, 2).
///
/// Sources run in parallel (rayon), a batch at a time; each source's dependencies are added to
/// the scores in source order, so the result is bit-identical to one thread's and to NetworkX's
/// summation order. With every `length` equal, breadth-first search replaces Dijkstra's
/// algorithm; it visits nodes and predecessors in the same order, so the sums are the same.
pub fn betweenness(graph: &NetGraph) -> Vec<(NodeId, f64)> {
    let csr = Csr::new(graph, Direction::Out, &|a| a.length);
    let incoming = graph
        .is_directed()
        .then(|| Csr::new(graph, Direction::In, &|a| a.length));
    let csr_in = incoming.as_ref().unwrap_or(&csr);
    let uniform = csr.uniform_weight();
    let n_slots = graph.node_bound();
    let live: Vec<usize> = graph.node_ids().map(NodeId::index).collect();
    let mut score = vec![0.0; n_slots];
    if rayon::current_num_threads() == 1 {
        // One thread: each source's dependencies go straight into the scores, in source order
        // (the same sums as the batches below, without writing and re-reading a buffer per
        // source; a node a source does not reach would only add 0).
        let mut brandes = Brandes::new(n_slots);
        for &s in &live {
            brandes.add(&csr, csr_in, uniform, s, &mut score);
        }
        return normalized(graph, &live, score);
    }
    let batch = batch_size(n_slots);
    let mut buffers = vec![vec![0.0f64; n_slots]; batch.min(live.len())];
    for sources in live.chunks(batch) {
        sources
            .par_iter()
            .zip(buffers.par_iter_mut())
            .for_each_init(
                || Brandes::new(n_slots),
                |brandes, (&s, delta)| brandes.run(&csr, csr_in, uniform, s, delta),
            );
        // Each node's total takes the sources' terms in source order; blocks of nodes keep
        // the reads sequential within each buffer.
        let done = &buffers[..sources.len()];
        score
            .par_chunks_mut(ACCUMULATE_BLOCK)
            .enumerate()
            .for_each(|(block, totals)| {
                let start = block * ACCUMULATE_BLOCK;
                for delta in done {
                    let part = &delta[start..start + totals.len()];
                    for (total, d) in totals.iter_mut().zip(part) {
                        *total += d;
                    }
                }
            });
    }
    normalized(graph, &live, score)
}

/// Betweenness sums over ordered pairs scaled by 1/((n-1)(n-2)).
fn normalized(graph: &NetGraph, live: &[usize], mut score: Vec<f64>) -> Vec<(NodeId, f64)> {
    let n = live.len();
    if n > 2 {
        let scale = 1.0 / ((n - 1) as f64 * (n - 2) as f64);
        for &v in live {
            score[v] *= scale;
        }
    }
    collect(graph, &score)
}

/// Scratch memory of one Brandes single-source pass, reused across sources.
///
/// Predecessors are not stored: v precedes w when `seen[v] + length(v, w) == seen[w]`, the
/// same floating-point test the forward pass made, and the order in which a node's
/// predecessors are visited does not change any sum (each predecessor gets one term per
/// successor, and successors are taken in reverse visiting order).
struct Brandes {
    sigma: Vec<f64>,
    /// Per-node state of the breadth-first pass (equal lengths only).
    levels: Levels,
    paths: Vec<Paths>,
    seen: Vec<f64>,
    done: Vec<bool>,
    delta: Vec<f64>,
    order: Vec<u32>,
    heap: BinaryHeap<HeapEntry>,
}

impl Brandes {
    fn new(n_slots: usize) -> Brandes {
        Brandes {
            sigma: vec![0.0; n_slots],
            levels: Levels::new(n_slots),
            paths: vec![Paths::NONE; n_slots],
            seen: vec![f64::INFINITY; n_slots],
            done: vec![false; n_slots],
            delta: vec![0.0; n_slots],
            order: Vec::new(),
            heap: BinaryHeap::new(),
        }
    }

    /// Writes source `s`'s dependency on every node into `out` (0 for `s` and unreached nodes).
    fn run(&mut self, csr: &Csr, csr_in: &Csr, uniform: Option<f64>, s: usize, out: &mut [f64]) {
        out.fill(0.0);
        self.add(csr, csr_in, uniform, s, out);
    }

    /// Adds source `s`'s dependency on every node it reaches (but `s`) to `out`.
    fn add(&mut self, csr: &Csr, csr_in: &Csr, uniform: Option<f64>, s: usize, out: &mut [f64]) {
        if uniform.is_some() {
            self.breadth_first(csr, csr_in, s, out);
            return;
        }
        for &v in &self.order {
            let v = v as usize;
            self.sigma[v] = 0.0;
            self.seen[v] = f64::INFINITY;
            self.done[v] = false;
            self.delta[v] = 0.0;
        }
        self.order.clear();
        self.dijkstra(csr, s);
        // Accumulation, as NetworkX's _accumulate_basic.
        for &w in self.order.iter().rev() {
            let w = w as usize;
            let coeff = (1.0 + self.delta[w]) / self.sigma[w];
            let seen_w = self.seen[w];
            let (sources, lengths) = csr_in.row(w);
            for (&v, &length) in sources.iter().zip(lengths) {
                let v = v as usize;
                if self.seen[v] + length == seen_w {
                    self.delta[v] += self.sigma[v] * coeff;
                }
            }
            if w != s {
                out[w] += self.delta[w];
            }
        }
    }

    /// Dijkstra that counts shortest paths, as NetworkX's _single_source_dijkstra_path_basic.
    fn dijkstra(&mut self, csr: &Csr, s: usize) {
        self.sigma[s] = 1.0;
        self.seen[s] = 0.0;
        self.heap.clear();
        let mut count = 0u64;
        self.heap.push(HeapEntry {
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
        }) = self.heap.pop()
        {
            if self.done[v] {
                continue;
            }
            if v != s {
                self.sigma[v] += self.sigma[pred];
            }
            self.order.push(v as u32);
            self.done[v] = true;
            let (targets, lengths) = csr.row(v);
            for (&w, &length) in targets.iter().zip(lengths) {
                let w = w as usize;
                let vw_dist = dist + length;
                if !self.done[w] && vw_dist < self.seen[w] {
                    self.seen[w] = vw_dist;
                    count += 1;
                    self.heap.push(HeapEntry {
                        dist: vw_dist,
                        count,
                        pred: v,
                        node: w,
                    });
                    self.sigma[w] = 0.0;
                } else if vw_dist == self.seen[w] && !self.done[w] {
                    self.sigma[w] += self.sigma[v];
                }
            }
        }
    }

    /// The same visit with every length equal, by levels: nodes leave the queue (`order`) in
    /// the order Dijkstra's heap would pop them (by distance, then by first discovery), and the
    /// first predecessor's path count is added when a node is visited, as Dijkstra adds its
    /// heap entry's. With equal lengths, `seen[v] + length == seen[w]` exactly when
    /// `level[v] + 1 == level[w]`. Adds the dependencies to `out`.
    fn breadth_first(&mut self, csr: &Csr, csr_in: &Csr, s: usize, out: &mut [f64]) {
        for &v in &self.levels.order {
            self.paths[v as usize] = Paths::NONE;
        }
        self.paths[s].sigma = 1.0;
        self.levels.search(
            csr,
            s,
            &mut PathCounts {
                paths: &mut self.paths,
                source: s,
            },
        );
        let (level, nodes) = (&self.levels.level, &mut self.paths);
        for &w in self.levels.order.iter().rev() {
            let w = w as usize;
            if w == s {
                continue;
            }
            let coeff = (1.0 + nodes[w].delta) / nodes[w].sigma;
            let previous = level[w] - 1;
            for &v in csr_in.row(w).0 {
                let v = v as usize;
                if level[v] == previous {
                    nodes[v].delta += nodes[v].sigma * coeff;
                }
            }
            out[w] += nodes[w].delta;
        }
    }
}

/// What a breadth-first search by levels tells its caller as it goes ([`Levels::search`]).
trait Reach {
    /// Node `v` leaves the queue, before its arcs are followed.
    fn visit(&mut self, _v: usize) {}
    /// An arc from `v` into the next level reaches `w`, for the first time when `first`.
    fn reach(&mut self, _v: usize, _w: usize, _first: bool) {}
}

/// Nothing to tell: levels alone ([`closeness`]).
impl Reach for () {}

/// Brandes's path counts over a breadth-first search from `source`: a node's count is its
/// predecessors' counts, the first predecessor's added when the node is visited (as
/// Dijkstra's heap entry's), the others' as their arcs reach it.
struct PathCounts<'p> {
    paths: &'p mut [Paths],
    source: usize,
}

impl Reach for PathCounts<'_> {
    fn visit(&mut self, v: usize) {
        if v != self.source {
            self.paths[v].sigma += self.paths[self.paths[v].first_pred as usize].sigma;
        }
    }

    fn reach(&mut self, v: usize, w: usize, first: bool) {
        if first {
            self.paths[w].first_pred = v as u32;
        } else {
            self.paths[w].sigma += self.paths[v].sigma;
        }
    }
}

/// Scratch memory of breadth-first searches that keep levels (4 bytes a node) instead of
/// distances: [`closeness`] and [`betweenness`] with every length equal.
struct Levels {
    level: Vec<u32>,
    order: Vec<u32>,
    /// `distance[l]`: the distance of level `l`, `distance[l - 1] + step` as the search with
    /// distances adds it.
    distance: Vec<f64>,
}

impl Levels {
    fn new(n_slots: usize) -> Levels {
        Levels {
            level: vec![UNSEEN; n_slots],
            order: Vec::new(),
            distance: vec![0.0],
        }
    }

    /// The level of every node from `s` (`UNSEEN` where it is not reached), the nodes in the
    /// order they leave the queue in `order`; `on` is told of every visit and arc followed.
    fn search(&mut self, csr: &Csr, s: usize, on: &mut impl Reach) {
        for &v in &self.order {
            self.level[v as usize] = UNSEEN;
        }
        self.order.clear();
        self.level[s] = 0;
        self.order.push(s as u32);
        let mut head = 0;
        while head < self.order.len() {
            let v = self.order[head] as usize;
            head += 1;
            on.visit(v);
            let next = self.level[v] + 1;
            for &w in csr.row(v).0 {
                let w = w as usize;
                if self.level[w] == UNSEEN {
                    self.level[w] = next;
                    on.reach(v, w, true);
                    self.order.push(w as u32);
                } else if self.level[w] == next {
                    on.reach(v, w, false);
                }
            }
        }
    }

    /// The levels from `s` and the distance of each level, lengths all `step`.
    fn run(&mut self, csr: &Csr, s: usize, step: f64) -> (&[u32], &[f64]) {
        self.search(csr, s, &mut ());
        let deepest = self.order.last().map_or(0, |&v| self.level[v as usize]) as usize;
        while self.distance.len() <= deepest {
            let last = self.distance[self.distance.len() - 1];
            self.distance.push(last + step);
        }
        (&self.level, &self.distance)
    }
}

/// A node's level in a breadth-first Brandes pass before it is reached. Levels are kept apart
/// from the path counts: every neighbour's level is read, few neighbours' counts are, and
/// 4 bytes a node keep the levels of large graphs in the fastest cache.
const UNSEEN: u32 = u32::MAX;

/// One node's path count and dependency in a breadth-first Brandes pass, and the first
/// predecessor that reached it.
#[derive(Debug, Clone, Copy)]
struct Paths {
    sigma: f64,
    delta: f64,
    first_pred: u32,
}

impl Paths {
    const NONE: Paths = Paths {
        sigma: 0.0,
        delta: 0.0,
        first_pred: 0,
    };
}

/// Closeness as NetworkX's `closeness_centrality(G, distance="length")`: for node u,
/// (r - 1) / Σ d(v, u) over the r nodes that reach u (u included), times (r - 1) / (n - 1)
/// (Wasserman–Faust); 0 when nothing reaches u. Distances are *to* u (incoming) in a
/// directed graph. Nodes run in parallel (rayon); each value is one node's own sum, so the
/// result does not depend on the number of threads.
pub fn closeness(graph: &NetGraph) -> Vec<(NodeId, f64)> {
    let csr = Csr::new(graph, Direction::In, &|a| a.length);
    let uniform = csr.uniform_weight();
    let n = graph.node_count();
    let live: Vec<usize> = graph.node_ids().map(NodeId::index).collect();
    let values: Vec<f64> = live
        .par_iter()
        .map_init(
            || (Search::new(csr.len()), Levels::new(csr.len())),
            |(search, levels), &u| {
                let (mut total, mut reached) = (0.0, 0usize);
                match uniform {
                    // Equal lengths: levels of a breadth-first search, each level's distance
                    // the sum the search would add up (the same numbers, in the same order).
                    Some(step) => {
                        let (level, distance) = levels.run(&csr, u, step);
                        for &v in &live {
                            if level[v] != UNSEEN {
                                total += distance[level[v] as usize];
                                reached += 1;
                            }
                        }
                    }
                    None => {
                        let dist = search.run(&csr, uniform, &[u], None);
                        for &v in &live {
                            if dist[v].is_finite() {
                                total += dist[v];
                                reached += 1;
                            }
                        }
                    }
                }
                if total > 0.0 && n > 1 {
                    let r = (reached - 1) as f64;
                    r / total * (r / (n - 1) as f64)
                } else {
                    0.0
                }
            },
        )
        .collect();
    live.iter()
        .zip(values)
        .map(|(&v, x)| (NodeId(v as u32), x))
        .collect()
}

/// Eigenvector centrality with NetworkX's stopping rule; `None` if it does not converge within
/// 100 iterations (see [`eigenvector_with`]).
pub fn eigenvector(graph: &NetGraph) -> Option<Vec<(NodeId, f64)>> {
    let result = eigenvector_with(graph, &PowerOptions::NETWORKX);
    result.convergence.converged.then_some(result.values)
}

/// Eigenvector centrality as NetworkX's `eigenvector_centrality(G, weight="weight")`, with
/// `capacity` as weight: power iteration x ← (A + I)ᵀ x from the uniform vector, Euclidean
/// normalization, stop when the L1 change is below n·tol. For a directed graph this is the
/// in-centrality (left eigenvector).
pub fn eigenvector_with(graph: &NetGraph, options: &PowerOptions) -> PowerResult {
    let csr = Csr::new(graph, Direction::Out, &|a| a.capacity);
    let live: Vec<usize> = graph.node_ids().map(NodeId::index).collect();
    let n = live.len();
    let mut x = vec![0.0; graph.node_bound()];
    for &v in &live {
        x[v] = 1.0 / n as f64;
    }
    let mut last = x.clone();
    power_iteration(graph, Measure::Eigenvector, options, &mut x, |x| {
        last.copy_from_slice(x);
        for &v in &live {
            let (targets, weights) = csr.row(v);
            for (&w, &capacity) in targets.iter().zip(weights) {
                x[w as usize] += last[v] * capacity;
            }
        }
        let mut norm = live.iter().map(|&v| x[v] * x[v]).sum::<f64>().sqrt();
        if norm == 0.0 {
            norm = 1.0;
        }
        for &v in &live {
            x[v] /= norm;
        }
        live.iter().map(|&v| (x[v] - last[v]).abs()).sum()
    })
}

/// Runs `step` (which updates the vector and returns its L1 change) until the change is below
/// n·tol or `max_iter` steps have run.
fn power_iteration(
    graph: &NetGraph,
    measure: Measure,
    options: &PowerOptions,
    x: &mut [f64],
    mut step: impl FnMut(&mut [f64]) -> f64,
) -> PowerResult {
    let n = graph.node_count();
    let threshold = n as f64 * options.tol;
    let mut convergence = Convergence {
        measure,
        iterations: 0,
        change: 0.0,
        threshold,
        converged: n == 0,
    };
    while !convergence.converged && convergence.iterations < options.max_iter {
        convergence.change = step(x);
        convergence.iterations += 1;
        convergence.converged = convergence.change < threshold;
    }
    PowerResult {
        values: collect(graph, x),
        convergence,
    }
}

/// PageRank with NetworkX's stopping rule; `None` if it does not converge within 100
/// iterations (see [`pagerank_with`]).
pub fn pagerank(graph: &NetGraph) -> Option<Vec<(NodeId, f64)>> {
    let result = pagerank_with(graph, &PowerOptions::NETWORKX);
    result.convergence.converged.then_some(result.values)
}

/// PageRank as NetworkX's `pagerank(G, weight="weight")`, with `capacity` as weight:
/// alpha 0.85, uniform teleport and dangling redistribution (nodes whose leaving capacity
/// sums to 0 are dangling), start uniform, stop when the L1 change is below n·tol.
/// An undirected edge counts both ways.
pub fn pagerank_with(graph: &NetGraph, options: &PowerOptions) -> PowerResult {
    let csr = Csr::new(graph, Direction::Out, &|a| a.capacity);
    let live: Vec<usize> = graph.node_ids().map(NodeId::index).collect();
    let n = live.len();
    let mut out_weight = vec![0.0; graph.node_bound()];
    for &v in &live {
        out_weight[v] = csr.row(v).1.iter().sum();
    }
    let uniform = 1.0 / n as f64;
    let mut x = vec![0.0; graph.node_bound()];
    for &v in &live {
        x[v] = uniform;
    }
    let mut last = x.clone();
    let mut spread = vec![0.0; graph.node_bound()];
    power_iteration(graph, Measure::PageRank, options, &mut x, |x| {
        last.copy_from_slice(x);
        let dangling: f64 = live
            .iter()
            .filter(|&&v| out_weight[v] == 0.0)
            .map(|&v| last[v])
            .sum();
        spread.fill(0.0);
        for &v in &live {
            if out_weight[v] != 0.0 {
                let share = 1.0 / out_weight[v];
                let (targets, weights) = csr.row(v);
                for (&w, &capacity) in targets.iter().zip(weights) {
                    spread[w as usize] += last[v] * (capacity * share);
                }
            }
        }
        for &v in &live {
            x[v] = ALPHA * (spread[v] + dangling * uniform) + (1.0 - ALPHA) * uniform;
        }
        live.iter().map(|&v| (x[v] - last[v]).abs()).sum()
    })
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
