//! Key players (Borgatti 2006): which set of k nodes, removed, fragments the network most
//! (KPP-Neg), or, as a set, reaches the rest of it best (KPP-Pos).
//!
//! Borgatti defines these on undirected graphs: a directed graph is symmetrised (arc
//! directions are ignored; between two nodes the shorter arc counts). Distances are
//! shortest-path lengths with arc `length` (1 by default, so hop counts).

use crate::error::NetError;
use rayon::prelude::*;

use crate::csr::{Csr, Direction, Search};
use crate::graph::{NetGraph, NodeId};

/// Default budget of the exact search, in work units (adjacency entries scanned): exact search
/// runs when C(n, k) × the estimated cost of one evaluation is at most this. About 1–5 s on one
/// core of the machine the numbers in `docs/network.md` were measured on.
pub const EXACT_BUDGET: f64 = 1e9;

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

/// Which search to run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SearchChoice {
    /// Exact when its estimated cost fits the budget, greedy plus swap otherwise.
    Auto,
    /// Exact, whatever it costs.
    Exact,
    /// Greedy plus swap, whatever exact would cost.
    Greedy,
}

/// Options of [`key_players_with`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct KeyPlayerOptions {
    /// Which search to run.
    pub search: SearchChoice,
    /// Work units (adjacency entries scanned) the exact search may cost under
    /// [`SearchChoice::Auto`]; [`EXACT_BUDGET`] by default.
    pub exact_budget: f64,
}

impl Default for KeyPlayerOptions {
    fn default() -> Self {
        KeyPlayerOptions {
            search: SearchChoice::Auto,
            exact_budget: EXACT_BUDGET,
        }
    }
}

/// Why a search method was chosen: the estimate behind the choice.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SearchPlan {
    /// What was asked.
    pub choice: SearchChoice,
    /// C(n, k), saturating at `u64::MAX`.
    pub subsets: u64,
    /// Estimated work units (adjacency entries scanned) of evaluating one set from scratch:
    /// n + e for fragmentation, n·(n + e) for distance-weighted fragmentation, n + e for the
    /// reach measures, with e the entries of the symmetrised adjacency and a factor log2(n)
    /// when lengths differ (Dijkstra instead of breadth-first search).
    pub evaluation_cost: f64,
    /// `subsets × evaluation_cost`: the estimated cost of the exact search.
    pub exact_cost: f64,
    /// The budget the exact cost was compared with.
    pub budget: f64,
}

impl SearchPlan {
    /// One line saying which method runs and why.
    pub fn reason(&self, method: &SearchMethod) -> String {
        let estimate = format!(
            "{} subsets × {:.3e} work units per evaluation = {:.3e}",
            self.subsets, self.evaluation_cost, self.exact_cost
        );
        match (self.choice, method) {
            (SearchChoice::Auto, SearchMethod::Exact { .. }) => format!(
                "exact: {estimate}, within the budget of {:.3e}",
                self.budget
            ),
            (SearchChoice::Auto, SearchMethod::GreedySwap { .. }) => format!(
                "greedy + swap: exact would cost {estimate}, over the budget of {:.3e}",
                self.budget
            ),
            (_, SearchMethod::Exact { .. }) => format!("exact, as asked ({estimate})"),
            (_, SearchMethod::GreedySwap { .. }) => {
                format!("greedy + swap, as asked (exact would cost {estimate})")
            }
        }
    }
}

/// The best key-player set found.
#[derive(Debug, Clone, PartialEq)]
pub struct KeyPlayerSet {
    /// The set, sorted by node id string.
    pub nodes: Vec<NodeId>,
    /// Its value of the measure, evaluated from scratch for this set.
    pub value: f64,
    /// Exact or heuristic.
    pub method: SearchMethod,
    /// The estimate behind the choice of method.
    pub plan: SearchPlan,
}

/// Fragmentation F = 1 − Σ_k s_k(s_k − 1) / (n(n − 1)) of the live graph after removing
/// `removed`, with s_k the component sizes and n the nodes left; 1 when fewer than 2 are left.
/// Fragmentation F = 1 − Σ_k s_k(s_k − 1) / (n(n − 1)) of the live graph after removing
/// `removed`, with s_k the component sizes and n the nodes left; 1 when fewer than 2 are left.
pub fn fragmentation(graph: &NetGraph, removed: &[NodeId]) -> f64 {
    evaluate(graph, removed, KeyPlayerMeasure::Fragmentation)
}

/// Distance-weighted fragmentation D_F = 1 − Σ_{i≠j} (1/d_ij) / (n(n − 1)) of the live graph
/// after removing `removed` (1/d = 0 when disconnected); 1 when fewer than 2 nodes are left.
pub fn distance_fragmentation(graph: &NetGraph, removed: &[NodeId]) -> f64 {
    evaluate(graph, removed, KeyPlayerMeasure::DistanceFragmentation)
}

/// Distance-weighted reach D_R = Σ_{j∉S} (1/d_Sj) / n, with d_Sj the distance from the nearest
/// member of S and n the live nodes.
pub fn reach(graph: &NetGraph, set: &[NodeId]) -> f64 {
    evaluate(graph, set, KeyPlayerMeasure::Reach)
}

/// m-reach: |{j ∉ S : d_Sj ≤ m}| / n, n the live nodes.
pub fn m_reach(graph: &NetGraph, set: &[NodeId], m: f64) -> f64 {
    evaluate(graph, set, KeyPlayerMeasure::MReach { m })
}

/// Evaluates a measure for a set (handles from another graph and removed nodes are ignored).
pub fn evaluate(graph: &NetGraph, set: &[NodeId], measure: KeyPlayerMeasure) -> f64 {
    let evaluator = Evaluator::new(graph, measure);
    let set: Vec<usize> = set
        .iter()
        .filter(|v| v.index() < graph.node_bound() && graph.is_live(**v))
        .map(|v| v.index())
        .collect();
    evaluator.value(&evaluator.base(&set))
}

/// Finds the set of `k` live nodes that maximises `measure`, choosing exact search by its
/// estimated cost against [`EXACT_BUDGET`] (see [`key_players_with`]).
pub fn key_players(
    graph: &NetGraph,
    k: usize,
    measure: KeyPlayerMeasure,
) -> Result<KeyPlayerSet, NetError> {
    key_players_with(graph, k, measure, &KeyPlayerOptions::default())
}

/// Finds the set of `k` live nodes that maximises `measure`.
///
/// Under [`SearchChoice::Auto`], exact search over all C(n, k) subsets runs when C(n, k) times
/// the estimated cost of one evaluation ([`SearchPlan`]) is within `options.exact_budget`, and
/// greedy plus swap otherwise. Both score the candidates that extend a common base set in
/// parallel (rayon) and incrementally: removing one more node only changes its own component
/// (fragmentation measures), and adding one more member only changes the nodes it is closer to
/// (reach measures). Candidates are taken in node-id-string order and ties keep the first set
/// in that order, whatever the number of threads. Fragmentation measures need
/// 1 ≤ k ≤ n − 2, reach measures 1 ≤ k ≤ n − 1.
pub fn key_players_with(
    graph: &NetGraph,
    k: usize,
    measure: KeyPlayerMeasure,
    options: &KeyPlayerOptions,
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
    let mut candidates: Vec<usize> = graph.node_ids().map(NodeId::index).collect();
    candidates.sort_by(|a, b| {
        graph
            .name(NodeId(*a as u32))
            .cmp(graph.name(NodeId(*b as u32)))
    });
    let evaluator = Evaluator::new(graph, measure);
    let plan = evaluator.plan(k, options);
    let exact = match options.search {
        SearchChoice::Exact => true,
        SearchChoice::Greedy => false,
        SearchChoice::Auto => plan.exact_cost <= options.exact_budget,
    };
    let (best, method) = if exact {
        let best = exact_search(&evaluator, &candidates, k);
        (
            best,
            SearchMethod::Exact {
                subsets: plan.subsets,
            },
        )
    } else {
        greedy_swap(&evaluator, &candidates, k)
    };
    let value = evaluator.value(&evaluator.base(&best));
    let mut nodes: Vec<NodeId> = best.iter().map(|&v| NodeId(v as u32)).collect();
    nodes.sort_by(|a, b| graph.name(*a).cmp(graph.name(*b)));
    Ok(KeyPlayerSet {
        nodes,
        value,
        method,
        plan,
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

/// The first set (in lexicographic order of candidate positions) with the best value: for each
/// (k − 1)-prefix in order, every candidate after its last position is scored against the
/// prefix's base, in parallel, then the scores are scanned in order. Returns node slots.
fn exact_search(evaluator: &Evaluator, candidates: &[usize], k: usize) -> Vec<usize> {
    let n = candidates.len();
    let mut prefix: Vec<usize> = (0..k - 1).collect();
    let mut best: (f64, Vec<usize>) = (f64::NEG_INFINITY, Vec::new());
    loop {
        let first = prefix.last().map_or(0, |&p| p + 1);
        if first < n {
            let set: Vec<usize> = prefix.iter().map(|&i| candidates[i]).collect();
            let base = evaluator.base(&set);
            let scores = evaluator.scores(&base, &candidates[first..]);
            for (offset, value) in scores.into_iter().enumerate() {
                if value > best.0 + TIE {
                    let mut chosen = set.clone();
                    chosen.push(candidates[first + offset]);
                    best = (value, chosen);
                }
            }
        }
        // Next (k − 1)-combination whose last position leaves room for one more.
        let m = prefix.len();
        let Some(i) = (0..m).rev().find(|&i| prefix[i] != i + n - 1 - m) else {
            return best.1;
        };
        prefix[i] += 1;
        for j in i + 1..m {
            prefix[j] = prefix[j - 1] + 1;
        }
    }
}

/// Greedy construction (add the best candidate k times), then best-improvement swaps of one
/// member for one non-member until none improves. Returns node slots and the method.
fn greedy_swap(
    evaluator: &Evaluator,
    candidates: &[usize],
    k: usize,
) -> (Vec<usize>, SearchMethod) {
    let mut evaluations = 0u64;
    let mut chosen: Vec<usize> = Vec::with_capacity(k);
    let outside = |chosen: &[usize]| -> Vec<usize> {
        candidates
            .iter()
            .copied()
            .filter(|c| !chosen.contains(c))
            .collect()
    };
    let mut value = f64::NEG_INFINITY;
    for _ in 0..k {
        let others = outside(&chosen);
        let scores = evaluator.scores(&evaluator.base(&chosen), &others);
        evaluations += scores.len() as u64;
        let mut best: Option<(usize, f64)> = None;
        for (&c, &v) in others.iter().zip(&scores) {
            if best.is_none_or(|(_, b)| v > b + TIE) {
                best = Some((c, v));
            }
        }
        if let Some((c, v)) = best {
            chosen.push(c);
            value = v;
        }
    }
    let mut swaps = 0u64;
    while swaps < MAX_SWAPS {
        let others = outside(&chosen);
        let mut best: Option<(usize, usize, f64)> = None;
        for slot in 0..chosen.len() {
            let mut rest = chosen.clone();
            rest.remove(slot);
            let scores = evaluator.scores(&evaluator.base(&rest), &others);
            evaluations += scores.len() as u64;
            for (&c, &v) in others.iter().zip(&scores) {
                let bar = best.map_or(value, |(_, _, b)| b);
                if v > bar + TIE {
                    best = Some((slot, c, v));
                }
            }
        }
        let Some((slot, c, v)) = best else { break };
        chosen[slot] = c;
        value = v;
        swaps += 1;
    }
    (chosen, SearchMethod::GreedySwap { evaluations, swaps })
}

/// What is known about a base set, from which adding one node is scored incrementally.
enum Base {
    /// Fragmentation measures: the components left after removing the base set.
    Components {
        blocked: Vec<bool>,
        /// Component of each node slot (`u32::MAX` for removed, dead or blocked nodes).
        label: Vec<u32>,
        /// Members of each component, in slot order.
        members: Vec<Vec<u32>>,
        /// Each component's share of the pair sum: s(s − 1), or Σ_{i≠j} 1/d_ij.
        pairs: Vec<f64>,
        /// Nodes left.
        left: usize,
    },
    /// Reach measures: each node's distance from the base set and each node's term.
    Reach {
        in_set: Vec<bool>,
        dist: Vec<f64>,
        total: f64,
    },
}

/// The symmetrised graph, its weights and the measure, with per-thread scratch memory.
struct Evaluator {
    measure: KeyPlayerMeasure,
    csr: Csr,
    uniform: Option<f64>,
    live: Vec<usize>,
}

impl Evaluator {
    fn new(graph: &NetGraph, measure: KeyPlayerMeasure) -> Evaluator {
        let csr = Csr::new(graph, Direction::Both, &|a| a.length);
        Evaluator {
            measure,
            uniform: csr.uniform_weight(),
            csr,
            live: graph.node_ids().map(NodeId::index).collect(),
        }
    }

    fn plan(&self, k: usize, options: &KeyPlayerOptions) -> SearchPlan {
        let n = self.live.len() as f64;
        let entries = self.csr.entries() as f64;
        let search = (n + entries)
            * if self.uniform.is_some() {
                1.0
            } else {
                n.log2().max(1.0)
            };
        let evaluation_cost = match self.measure {
            KeyPlayerMeasure::Fragmentation => n + entries,
            KeyPlayerMeasure::DistanceFragmentation => n * search,
            KeyPlayerMeasure::Reach | KeyPlayerMeasure::MReach { .. } => search,
        };
        let subsets = binomial(self.live.len() as u64, k as u64);
        SearchPlan {
            choice: options.search,
            subsets,
            evaluation_cost,
            exact_cost: subsets as f64 * evaluation_cost,
            budget: options.exact_budget,
        }
    }

    /// The term of a node at distance `d` from the set, for the reach measures.
    fn reach_term(&self, d: f64) -> f64 {
        match self.measure {
            _ if !d.is_finite() => 0.0,
            KeyPlayerMeasure::MReach { m } => f64::from(u8::from(d <= m + 1e-9)),
            _ => 1.0 / d,
        }
    }

    /// The state of the base set `set` (node slots).
    fn base(&self, set: &[usize]) -> Base {
        let n_slots = self.csr.len();
        let mut marked = vec![false; n_slots];
        for &v in set {
            marked[v] = true;
        }
        if !self.measure.removes_set() {
            let mut search = Search::new(n_slots);
            let dist = search.run(&self.csr, self.uniform, set, None).to_vec();
            let total = self
                .live
                .iter()
                .filter(|&&j| !marked[j])
                .map(|&j| self.reach_term(dist[j]))
                .sum();
            return Base::Reach {
                in_set: marked,
                dist,
                total,
            };
        }
        let mut label = vec![u32::MAX; n_slots];
        let mut members: Vec<Vec<u32>> = Vec::new();
        let mut search = Search::new(n_slots);
        for &start in &self.live {
            if marked[start] || label[start] != u32::MAX {
                continue;
            }
            search.run(&self.csr, Some(1.0), &[start], Some(&marked));
            let mut component: Vec<u32> = search.reached().to_vec();
            component.sort_unstable();
            for &v in &component {
                label[v as usize] = members.len() as u32;
            }
            members.push(component);
        }
        let pairs = members
            .iter()
            .map(|component| self.component_pairs(component, &marked))
            .collect();
        Base::Components {
            left: self.live.len() - set.len(),
            blocked: marked,
            label,
            members,
            pairs,
        }
    }

    /// A component's pair sum with `blocked` removed: Σ s(s − 1) over the pieces it falls into,
    /// or Σ_{i≠j} 1/d_ij over its nodes (sources in parallel, summed in slot order).
    fn component_pairs(&self, component: &[u32], blocked: &[bool]) -> f64 {
        match self.measure {
            KeyPlayerMeasure::DistanceFragmentation => {
                let per_source: Vec<f64> = component
                    .par_iter()
                    .filter(|&&s| !blocked[s as usize])
                    .map_init(
                        || Search::new(self.csr.len()),
                        |search, &s| {
                            let s = s as usize;
                            search.run(&self.csr, self.uniform, &[s], Some(blocked));
                            let (dist, reached) = search.view();
                            reached
                                .iter()
                                .filter(|&&t| t as usize != s)
                                .map(|&t| 1.0 / dist[t as usize])
                                .sum::<f64>()
                        },
                    )
                    .collect();
                per_source.iter().sum()
            }
            _ => {
                let mut search = Search::new(self.csr.len());
                let mut seen = vec![false; self.csr.len()];
                let mut pairs = 0.0;
                for &start in component {
                    let start = start as usize;
                    if blocked[start] || seen[start] {
                        continue;
                    }
                    search.run(&self.csr, Some(1.0), &[start], Some(blocked));
                    for &v in search.reached() {
                        seen[v as usize] = true;
                    }
                    let size = search.reached().len() as f64;
                    pairs += size * (size - 1.0);
                }
                pairs
            }
        }
    }

    /// The measure's value of the base set itself.
    fn value(&self, base: &Base) -> f64 {
        match base {
            Base::Components { pairs, left, .. } => fragmentation_value(pairs.iter().sum(), *left),
            Base::Reach { total, .. } => {
                if self.live.is_empty() {
                    0.0
                } else {
                    total / self.live.len() as f64
                }
            }
        }
    }

    /// The value of base ∪ {c} for each candidate `c` (not in the base set), in parallel.
    fn scores(&self, base: &Base, candidates: &[usize]) -> Vec<f64> {
        candidates
            .par_iter()
            .map_init(
                || Scratch::new(self.csr.len(), base),
                |scratch, &c| self.score(base, scratch, c),
            )
            .collect()
    }

    fn score(&self, base: &Base, scratch: &mut Scratch, c: usize) -> f64 {
        match base {
            Base::Components {
                label,
                members,
                pairs,
                left,
                ..
            } => {
                let own = label[c];
                scratch.blocked[c] = true;
                let piece = if own == u32::MAX {
                    0.0
                } else {
                    self.component_pairs(&members[own as usize], &scratch.blocked)
                };
                scratch.blocked[c] = false;
                let others: f64 = pairs
                    .iter()
                    .enumerate()
                    .filter(|&(i, _)| i as u32 != own)
                    .map(|(_, p)| p)
                    .sum();
                fragmentation_value(others + piece, left - 1)
            }
            Base::Reach {
                in_set,
                dist,
                total,
            } => {
                debug_assert!(!in_set[c]);
                // Only nodes closer to c than to the base set change their term; a search
                // from c need not go past a node that is not closer.
                let mut total = total - self.reach_term(dist[c]);
                let closer = scratch.search.run_bounded(&self.csr, self.uniform, c, dist);
                for &(j, d) in closer {
                    if j != c && !in_set[j] {
                        total += self.reach_term(d) - self.reach_term(dist[j]);
                    }
                }
                total / self.live.len() as f64
            }
        }
    }
}

/// F or D_F from the pair sum and the nodes left.
fn fragmentation_value(pairs: f64, left: usize) -> f64 {
    if left < 2 {
        return 1.0;
    }
    let n = left as f64;
    1.0 - pairs / (n * (n - 1.0))
}

/// Per-thread memory of candidate scoring.
struct Scratch {
    blocked: Vec<bool>,
    search: Search,
}

impl Scratch {
    fn new(n_slots: usize, base: &Base) -> Scratch {
        Scratch {
            blocked: match base {
                Base::Components { blocked, .. } => blocked.clone(),
                Base::Reach { .. } => vec![false; n_slots],
            },
            search: Search::new(n_slots),
        }
    }
}
