//! Key players (Borgatti 2006): which set of k nodes, removed, fragments the network most
//! (KPP-Neg), or, as a set, reaches the rest of it best (KPP-Pos).
//!
//! Borgatti defines these on undirected graphs: a directed graph is symmetrised (arc
//! directions are ignored; between two nodes the shorter arc counts). Distances are
//! shortest-path lengths with arc `length` (1 by default, so hop counts).

use crate::error::NetError;
use crate::graph::{Adjacency, ArcId, NetGraph, NodeId};
use crate::paths::distances;

/// Exact search is used when C(n, k) is at most this many subsets.
pub const EXACT_LIMIT: u64 = 200_000;

/// Upper bound on improving swaps in the greedy-plus-swap heuristic (a safeguard; each swap
/// strictly improves the value, so the search stops long before on real graphs).
const MAX_SWAPS: u64 = 10_000;

/// Values closer than this are ties (the first set found in search order is kept).
const TIE: f64 = 1e-12;

/// A key-player criterion.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum KeyPlayerMeasure {
    /// Fragmentation F of the graph left after removing the set (KPP-Neg).
    Fragmentation,
    /// Distance-weighted fragmentation D_F of the graph left after removing the set (KPP-Neg).
    DistanceFragmentation,
    /// Distance-weighted reach D_R of the set (KPP-Pos).
    Reach,
    /// m-reach: the share of all n nodes outside the set within distance `m` of it (KPP-Pos).
    MReach {
        /// The horizon, in `length` units (with unit lengths: number of links).
        m: f64,
    },
}

impl KeyPlayerMeasure {
    /// The name used in tables and JSON.
    pub fn name(self) -> &'static str {
        match self {
            KeyPlayerMeasure::Fragmentation => "fragmentation",
            KeyPlayerMeasure::DistanceFragmentation => "distance-fragmentation",
            KeyPlayerMeasure::Reach => "reach",
            KeyPlayerMeasure::MReach { .. } => "m-reach",
        }
    }

    fn removes_set(self) -> bool {
        matches!(
            self,
            KeyPlayerMeasure::Fragmentation | KeyPlayerMeasure::DistanceFragmentation
        )
    }
}

/// How a key-player set was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SearchMethod {
    /// Every subset of size k was evaluated: the set is optimal.
    Exact {
        /// Subsets evaluated, C(n, k).
        subsets: u64,
    },
    /// Greedy construction then best-improvement swaps until no swap improves (Borgatti's KPP
    /// heuristic, made deterministic): a local optimum.
    GreedySwap {
        /// Sets evaluated.
        evaluations: u64,
        /// Improving swaps made.
        swaps: u64,
    },
}

/// The best key-player set found.
#[derive(Debug, Clone, PartialEq)]
pub struct KeyPlayerSet {
    /// The set, sorted by node id string.
    pub nodes: Vec<NodeId>,
    /// Its value of the measure.
    pub value: f64,
    /// Exact or heuristic.
    pub method: SearchMethod,
}

/// Fragmentation F = 1 − Σ_k s_k(s_k − 1) / (n(n − 1)) of the live graph after removing
/// `removed`, with s_k the component sizes and n the nodes left; 1 when fewer than 2 are left.
pub fn fragmentation(graph: &NetGraph, removed: &[NodeId]) -> f64 {
    Evaluator::new(graph).fragmentation(&mask(graph, removed))
}

/// Distance-weighted fragmentation D_F = 1 − Σ_{i≠j} (1/d_ij) / (n(n − 1)) of the live graph
/// after removing `removed` (1/d = 0 when disconnected); 1 when fewer than 2 nodes are left.
pub fn distance_fragmentation(graph: &NetGraph, removed: &[NodeId]) -> f64 {
    Evaluator::new(graph).distance_fragmentation(&mask(graph, removed))
}

/// Distance-weighted reach D_R = Σ_{j∉S} (1/d_Sj) / n, with d_Sj the distance from the nearest
/// member of S and n the live nodes.
pub fn reach(graph: &NetGraph, set: &[NodeId]) -> f64 {
    let evaluator = Evaluator::new(graph);
    evaluator.reach(&indices(graph, set), None)
}

/// m-reach: |{j ∉ S : d_Sj ≤ m}| / n, n the live nodes.
pub fn m_reach(graph: &NetGraph, set: &[NodeId], m: f64) -> f64 {
    let evaluator = Evaluator::new(graph);
    evaluator.reach(&indices(graph, set), Some(m))
}

/// Evaluates a measure for a set.
pub fn evaluate(graph: &NetGraph, set: &[NodeId], measure: KeyPlayerMeasure) -> f64 {
    Evaluator::new(graph).evaluate(&indices(graph, set), measure)
}

/// Finds the set of `k` live nodes that maximises `measure`.
///
/// Exact search over all C(n, k) subsets when that is at most [`EXACT_LIMIT`], greedy plus
/// swap otherwise. Candidates are taken in node-id-string order and ties keep the first set
/// found, so the result is deterministic. Fragmentation measures need 1 ≤ k ≤ n − 2, reach
/// measures 1 ≤ k ≤ n − 1.
pub fn key_players(
    graph: &NetGraph,
    k: usize,
    measure: KeyPlayerMeasure,
) -> Result<KeyPlayerSet, NetError> {
    if let KeyPlayerMeasure::MReach { m } = measure
        && !(m.is_finite() && m > 0.0)
    {
        return Err(NetError::InvalidHorizon(m));
    }
    let n = graph.node_count();
    let max = if measure.removes_set() {
        n.saturating_sub(2)
    } else {
        n.saturating_sub(1)
    };
    if k == 0 || k > max {
        return Err(NetError::InvalidSetSize { k, max });
    }
    let mut candidates: Vec<NodeId> = graph.node_ids().collect();
    candidates.sort_by(|a, b| graph.name(*a).cmp(graph.name(*b)));
    let evaluator = Evaluator::new(graph);
    let subsets = binomial(n as u64, k as u64);
    let (best, value, method) = if subsets <= EXACT_LIMIT {
        let (best, value) = exact(&evaluator, &candidates, k, measure);
        (best, value, SearchMethod::Exact { subsets })
    } else {
        greedy_swap(&evaluator, &candidates, k, measure)
    };
    let mut nodes: Vec<NodeId> = best.iter().map(|&i| candidates[i]).collect();
    nodes.sort_by(|a, b| graph.name(*a).cmp(graph.name(*b)));
    Ok(KeyPlayerSet {
        nodes,
        value,
        method,
    })
}

/// C(n, k), saturating at `u64::MAX`.
fn binomial(n: u64, k: u64) -> u64 {
    let k = k.min(n - k.min(n));
    let mut result: u128 = 1;
    for i in 0..k {
        result = result * u128::from(n - i) / u128::from(i + 1);
        if result > u128::from(u64::MAX) {
            return u64::MAX;
        }
    }
    result as u64
}

/// Enumerates k-subsets of `0..candidates.len()` in lexicographic order; returns positions.
fn exact(
    evaluator: &Evaluator,
    candidates: &[NodeId],
    k: usize,
    measure: KeyPlayerMeasure,
) -> (Vec<usize>, f64) {
    let n = candidates.len();
    let mut combo: Vec<usize> = (0..k).collect();
    let mut best = combo.clone();
    let mut best_value = f64::NEG_INFINITY;
    loop {
        let set: Vec<usize> = combo.iter().map(|&i| candidates[i].index()).collect();
        let value = evaluator.evaluate(&set, measure);
        if value > best_value + TIE {
            best_value = value;
            best.clone_from(&combo);
        }
        // Next combination.
        let Some(i) = (0..k).rev().find(|&i| combo[i] != i + n - k) else {
            return (best, best_value);
        };
        combo[i] += 1;
        for j in i + 1..k {
            combo[j] = combo[j - 1] + 1;
        }
    }
}

fn greedy_swap(
    evaluator: &Evaluator,
    candidates: &[NodeId],
    k: usize,
    measure: KeyPlayerMeasure,
) -> (Vec<usize>, f64, SearchMethod) {
    let to_nodes = |positions: &[usize]| -> Vec<usize> {
        positions.iter().map(|&i| candidates[i].index()).collect()
    };
    let mut evaluations = 0u64;
    let mut chosen: Vec<usize> = Vec::with_capacity(k);
    let mut in_set = vec![false; candidates.len()];
    let mut value = f64::NEG_INFINITY;
    // Greedy: add the candidate that gives the best set each time.
    for _ in 0..k {
        let mut best: Option<(usize, f64)> = None;
        for c in (0..candidates.len()).filter(|&c| !in_set[c]) {
            chosen.push(c);
            let v = evaluator.evaluate(&to_nodes(&chosen), measure);
            evaluations += 1;
            chosen.pop();
            if best.is_none_or(|(_, b)| v > b + TIE) {
                best = Some((c, v));
            }
        }
        if let Some((c, v)) = best {
            chosen.push(c);
            in_set[c] = true;
            value = v;
        }
    }
    // Swap: best improving (member, non-member) exchange until none improves.
    let mut swaps = 0u64;
    while swaps < MAX_SWAPS {
        let mut best: Option<(usize, usize, f64)> = None;
        for slot in 0..chosen.len() {
            for c in (0..candidates.len()).filter(|&c| !in_set[c]) {
                let mut trial = chosen.clone();
                trial[slot] = c;
                let v = evaluator.evaluate(&to_nodes(&trial), measure);
                evaluations += 1;
                let bar = best.map_or(value, |(_, _, b)| b);
                if v > bar + TIE {
                    best = Some((slot, c, v));
                }
            }
        }
        let Some((slot, c, v)) = best else { break };
        in_set[chosen[slot]] = false;
        in_set[c] = true;
        chosen[slot] = c;
        value = v;
        swaps += 1;
    }
    (
        chosen,
        value,
        SearchMethod::GreedySwap { evaluations, swaps },
    )
}

fn mask(graph: &NetGraph, removed: &[NodeId]) -> Vec<bool> {
    let mut blocked = vec![false; graph.node_bound()];
    for v in removed {
        if v.index() < blocked.len() {
            blocked[v.index()] = true;
        }
    }
    blocked
}

/// Slot indices of the live members of `set` (a handle from another graph is ignored rather
/// than indexed out of range).
fn indices(graph: &NetGraph, set: &[NodeId]) -> Vec<usize> {
    set.iter()
        .filter(|v| v.index() < graph.node_bound() && graph.is_live(**v))
        .map(|v| v.index())
        .collect()
}

/// Precomputed symmetrised adjacency of the live graph.
struct Evaluator<'g> {
    graph: &'g NetGraph,
    neighbours: Vec<Vec<(usize, usize)>>,
    live: Vec<usize>,
}

impl<'g> Evaluator<'g> {
    fn new(graph: &'g NetGraph) -> Evaluator<'g> {
        Evaluator {
            graph,
            neighbours: Adjacency::undirected(graph),
            live: graph.node_ids().map(NodeId::index).collect(),
        }
    }

    fn length(&self) -> impl Fn(usize) -> f64 + '_ {
        |arc| self.graph.arc(ArcId(arc as u32)).length
    }

    fn evaluate(&self, set: &[usize], measure: KeyPlayerMeasure) -> f64 {
        match measure {
            KeyPlayerMeasure::Fragmentation => self.fragmentation(&self.set_mask(set)),
            KeyPlayerMeasure::DistanceFragmentation => {
                self.distance_fragmentation(&self.set_mask(set))
            }
            KeyPlayerMeasure::Reach => self.reach(set, None),
            KeyPlayerMeasure::MReach { m } => self.reach(set, Some(m)),
        }
    }

    fn set_mask(&self, set: &[usize]) -> Vec<bool> {
        let mut blocked = vec![false; self.neighbours.len()];
        for &v in set {
            blocked[v] = true;
        }
        blocked
    }

    fn fragmentation(&self, blocked: &[bool]) -> f64 {
        let left: Vec<usize> = self.live.iter().copied().filter(|&v| !blocked[v]).collect();
        let n = left.len() as f64;
        if left.len() < 2 {
            return 1.0;
        }
        let mut seen = blocked.to_vec();
        let mut pairs = 0.0;
        for &start in &left {
            if seen[start] {
                continue;
            }
            seen[start] = true;
            let mut size = 0.0;
            let mut stack = vec![start];
            while let Some(v) = stack.pop() {
                size += 1.0;
                for &(w, _) in &self.neighbours[v] {
                    if !seen[w] {
                        seen[w] = true;
                        stack.push(w);
                    }
                }
            }
            pairs += size * (size - 1.0);
        }
        1.0 - pairs / (n * (n - 1.0))
    }

    fn distance_fragmentation(&self, blocked: &[bool]) -> f64 {
        let left: Vec<usize> = self.live.iter().copied().filter(|&v| !blocked[v]).collect();
        let n = left.len() as f64;
        if left.len() < 2 {
            return 1.0;
        }
        let length = self.length();
        let mut total = 0.0;
        for &s in &left {
            let dist = distances(&self.neighbours, &length, &[s], Some(blocked));
            for &t in &left {
                if t != s && dist[t].is_finite() {
                    total += 1.0 / dist[t];
                }
            }
        }
        1.0 - total / (n * (n - 1.0))
    }

    fn reach(&self, set: &[usize], horizon: Option<f64>) -> f64 {
        let n = self.live.len() as f64;
        if self.live.is_empty() {
            return 0.0;
        }
        let length = self.length();
        let dist = distances(&self.neighbours, &length, set, None);
        let members = self.set_mask(set);
        let mut total = 0.0;
        for &j in &self.live {
            if members[j] || !dist[j].is_finite() {
                continue;
            }
            total += match horizon {
                None => 1.0 / dist[j],
                Some(m) => f64::from(u8::from(dist[j] <= m + 1e-9)),
            };
        }
        total / n
    }
}
