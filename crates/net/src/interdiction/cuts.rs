//! Cut branching: an exact branch and bound for max-flow interdiction, with Lagrangian
//! max-flow bounds (the LP bound of Wood's 1993 formulation, by max flows), needing no LP
//! solver.
//!
//! Interdicting a set S leaves max flow min over s–t cuts C of cap(C \ S), so the optimum is
//! the least, over cuts C, of cap(C) minus the most capacity of C the budget can buy. A node of
//! the search fixes some arcs in (interdicted, budget B' left) and some out. For any λ ≥ 0, the
//! knapsack's LP bound gives, for every cut, "capacity the budget B' can buy in C" ≤
//! λ B' + Σ_{k∈C free} max(0, u_k − λ r_k), so every completion of the node leaves at least
//!
//!   L(λ) = maxflow(h_λ) − λ B',  h_λ(k) = 0 (in), u_k (out or costing more than B'),
//!                                          min(u_k, λ r_k) (free),
//!
//! one max-flow computation per λ. L is concave and piecewise linear with its breakpoints at
//! the ratios u_k / r_k, so the search climbs over those ratios to the best λ (the LP bound of
//! Wood's MIP at this node). Every minimum cut met on the way (the one nearest the source and
//! the one nearest the sink) gives a feasible set (the node's arcs plus the cut's free arcs,
//! best ratio first, while the budget lasts), whose cut value is an upper bound; a set that
//! beats the incumbent is improved by alternating "minimum cut it leaves, best arcs of that
//! cut". A node whose bound reaches the incumbent is pruned (with integer capacities every
//! value is an integer, so the bound is rounded up). Otherwise the search branches on the cut's free arc of best ratio: interdicted first, then kept. Every
//! completion of a node lies in one of its two children, so the search is exact; it is
//! deterministic (depth-first, ties broken by [`ArcId`]), one thread.
//!
//! The max flow is Dinic's on a residual graph built once; only capacities change between
//! evaluations.

use crate::graph::{ArcId, NetGraph, NodeId};

/// Residual capacities below this are treated as zero.
pub(super) const FLOW_EPS: f64 = 1e-12;
pub(super) const UNSEEN: u32 = u32::MAX;

/// Dinic's algorithm on a fixed residual graph: arc `j` is edges `2j` (forward) and `2j + 1`
/// (backward; the same capacity again for an undirected edge).
pub(super) struct Dinic {
    /// Per node, its residual edges `adj[start[v]..start[v + 1]]`.
    start: Vec<u32>,
    adj: Vec<u32>,
    head: Vec<u32>,
    pub(super) cap: Vec<f64>,
    pub(super) level: Vec<u32>,
    next: Vec<u32>,
    queue: Vec<u32>,
    path: Vec<u32>,
}

impl Dinic {
    pub(super) fn new(n: usize, ends: &[(u32, u32)]) -> Dinic {
        let mut degree = vec![0u32; n + 1];
        for &(u, v) in ends {
            degree[u as usize] += 1;
            degree[v as usize] += 1;
        }
        let mut start = vec![0u32; n + 1];
        for v in 0..n {
            start[v + 1] = start[v] + degree[v];
        }
        let mut fill = start.clone();
        let mut adj = vec![0u32; 2 * ends.len()];
        let mut head = vec![0u32; 2 * ends.len()];
        for (j, &(u, v)) in ends.iter().enumerate() {
            let (fwd, bwd) = (2 * j as u32, 2 * j as u32 + 1);
            head[fwd as usize] = v;
            head[bwd as usize] = u;
            adj[fill[u as usize] as usize] = fwd;
            fill[u as usize] += 1;
            adj[fill[v as usize] as usize] = bwd;
            fill[v as usize] += 1;
        }
        Dinic {
            start,
            adj,
            head,
            cap: vec![0.0; 2 * ends.len()],
            level: vec![UNSEEN; n],
            next: vec![0; n],
            queue: Vec::with_capacity(n),
            path: Vec::new(),
        }
    }

    /// The max flow from `s` to `t` with the capacities in `cap`; afterwards `level[v] !=
    /// UNSEEN` exactly for the nodes on the source side of a minimum cut.
    pub(super) fn max_flow(&mut self, s: usize, t: usize) -> f64 {
        let mut total = 0.0;
        loop {
            self.level.fill(UNSEEN);
            self.level[s] = 0;
            self.queue.clear();
            self.queue.push(s as u32);
            let mut i = 0;
            while i < self.queue.len() {
                let v = self.queue[i] as usize;
                i += 1;
                for &e in &self.adj[self.start[v] as usize..self.start[v + 1] as usize] {
                    let w = self.head[e as usize] as usize;
                    if self.cap[e as usize] > FLOW_EPS && self.level[w] == UNSEEN {
                        self.level[w] = self.level[v] + 1;
                        self.queue.push(w as u32);
                    }
                }
            }
            if self.level[t] == UNSEEN {
                return total;
            }
            let n = self.next.len();
            self.next.copy_from_slice(&self.start[..n]);
            total += self.blocking_flow(s, t);
        }
    }

    /// After [`Dinic::max_flow`]: marks with `level[v] = UNSEEN` exactly the nodes that reach
    /// `t` in the residual network (the sink side of the minimum cut nearest the sink), and
    /// every other node 0.
    pub(super) fn sink_side(&mut self, t: usize) {
        self.level.fill(0);
        self.level[t] = UNSEEN;
        self.queue.clear();
        self.queue.push(t as u32);
        let mut i = 0;
        while i < self.queue.len() {
            let w = self.queue[i] as usize;
            i += 1;
            for &e in &self.adj[self.start[w] as usize..self.start[w + 1] as usize] {
                let v = self.head[e as usize] as usize;
                if self.cap[(e ^ 1) as usize] > FLOW_EPS && self.level[v] != UNSEEN {
                    self.level[v] = UNSEEN;
                    self.queue.push(v as u32);
                }
            }
        }
    }

    /// One blocking flow in the level graph, by iterative depth-first search.
    fn blocking_flow(&mut self, s: usize, t: usize) -> f64 {
        let mut total = 0.0;
        self.path.clear();
        let mut v = s;
        loop {
            if v == t {
                let push = self
                    .path
                    .iter()
                    .map(|&e| self.cap[e as usize])
                    .fold(f64::INFINITY, f64::min);
                for &e in &self.path {
                    self.cap[e as usize] -= push;
                    self.cap[(e ^ 1) as usize] += push;
                }
                total += push;
                let saturated = self
                    .path
                    .iter()
                    .position(|&e| self.cap[e as usize] <= FLOW_EPS)
                    .unwrap_or(0);
                self.path.truncate(saturated);
                v = self
                    .path
                    .last()
                    .map_or(s, |&e| self.head[e as usize] as usize);
                continue;
            }
            let end = self.start[v + 1];
            let mut advanced = false;
            while self.next[v] < end {
                let e = self.adj[self.next[v] as usize];
                let w = self.head[e as usize] as usize;
                if self.cap[e as usize] > FLOW_EPS && self.level[w] == self.level[v] + 1 {
                    self.path.push(e);
                    v = w;
                    advanced = true;
                    break;
                }
                self.next[v] += 1;
            }
            if !advanced {
                let Some(e) = self.path.pop() else {
                    return total;
                };
                self.level[v] = UNSEEN;
                v = self.head[(e ^ 1) as usize] as usize;
                self.next[v] += 1;
            }
        }
    }
}

/// Whether an arc is interdicted, kept, or not decided yet at a node.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fix {
    Free,
    In,
    Out,
}

/// A node of the search: the fixings, the budget left, where to start looking for λ, and the
/// bound of its parent (a bound for it too).
struct Node {
    fix: Vec<Fix>,
    left: f64,
    start: usize,
    parent_bound: f64,
}

/// How an exact search of the chain (cut branching, class branching) ended.
pub(super) struct Searched {
    /// The best set found, in [`ArcId`] order.
    pub best: Vec<ArcId>,
    /// A proven lower bound on the optimum (the best set's value when `complete` and no node
    /// was pruned by the gap).
    pub bound: f64,
    /// Whether the whole tree was searched (within the gap).
    pub complete: bool,
    /// Whether the best set is proved optimal: the whole tree searched, no node pruned by the
    /// gap.
    pub proved: bool,
    /// Nodes searched.
    pub nodes: u64,
}

/// The instance, the max-flow engine and the incumbent.
struct Search {
    s: usize,
    t: usize,
    budget: f64,
    directed: bool,
    /// The arcs with positive capacity, their capacities, costs and ends.
    arcs: Vec<ArcId>,
    cap: Vec<f64>,
    cost: Vec<f64>,
    ends: Vec<(u32, u32)>,
    /// Sorted distinct ratios u / r of the affordable arcs, 0 first.
    lambdas: Vec<f64>,
    /// Arc indices, best ratio u / r first (ties: larger capacity, then [`ArcId`]).
    by_ratio: Vec<usize>,
    integral: bool,
    flow: Dinic,
    best: Vec<usize>,
    value: f64,
}

impl Search {
    fn evaluate(&mut self, fix: &[Fix], left: f64, lambda: f64) -> f64 {
        for (j, &fixed) in fix.iter().enumerate() {
            let h = match fixed {
                Fix::In => 0.0,
                Fix::Free if self.cost[j] <= left => self.cap[j].min(lambda * self.cost[j]),
                _ => self.cap[j],
            };
            self.flow.cap[2 * j] = h;
            self.flow.cap[2 * j + 1] = if self.directed { 0.0 } else { h };
        }
        self.flow.max_flow(self.s, self.t) - lambda * left
    }

    /// The exact value of interdicting the arcs `set` (indices).
    fn exact(&mut self, set: &[usize]) -> f64 {
        let mut fix = vec![Fix::Out; self.arcs.len()];
        for &j in set {
            fix[j] = Fix::In;
        }
        self.evaluate(&fix, 0.0, 0.0)
    }

    fn side_crosses(&self, j: usize) -> bool {
        let level = &self.flow.level;
        let (u, v) = self.ends[j];
        let (u, v) = (level[u as usize] != UNSEEN, level[v as usize] != UNSEEN);
        (u && !v) || (!self.directed && v && !u)
    }

    /// From the minimum cut of the last evaluation, under the node's fixings: the cut's value
    /// with the node's arcs and the cut's best affordable free arcs interdicted (an upper bound
    /// on that set's value), that set (sorted), and the cut's affordable free arcs, best ratio
    /// first.
    fn cut_plan(&self, fix: &[Fix], left: f64) -> (f64, Vec<usize>, Vec<usize>) {
        let mut value = 0.0;
        let mut free = Vec::new();
        for (j, &fixed) in fix.iter().enumerate() {
            if fixed != Fix::In && self.side_crosses(j) {
                value += self.cap[j];
                if fixed == Fix::Free && self.cost[j] <= left {
                    free.push(j);
                }
            }
        }
        free.sort_by(|&a, &b| self.order(a, b));
        let mut chosen: Vec<usize> = (0..self.arcs.len())
            .filter(|&j| fix[j] == Fix::In)
            .collect();
        let mut spend = left;
        for &j in &free {
            if self.cost[j] <= spend {
                spend -= self.cost[j];
                value -= self.cap[j];
                chosen.push(j);
            }
        }
        chosen.sort_unstable();
        (value, chosen, free)
    }

    /// Offers the set a cut plan proposes when its bound beats the incumbent, then alternates:
    /// the minimum cut left by the new incumbent, the best affordable arcs of that cut, while
    /// that improves. Clobbers the max-flow state.
    fn offer(&mut self, planned: f64, set: Vec<usize>) {
        if !self.improves(planned) {
            return;
        }
        let mut set = set;
        let mut value = self.exact(&set);
        while self.improves(value) {
            self.value = value;
            self.best = set;
            let all_free = vec![Fix::Free; self.arcs.len()];
            let (planned, next, _) = self.cut_plan(&all_free, self.budget);
            if !self.improves(planned) {
                break;
            }
            value = self.exact(&next);
            set = next;
        }
    }

    /// Best ratio u / r first; ties: larger capacity, then lower index.
    fn order(&self, a: usize, b: usize) -> std::cmp::Ordering {
        let ratio = |j: usize| {
            if self.cost[j] == 0.0 {
                f64::INFINITY
            } else {
                self.cap[j] / self.cost[j]
            }
        };
        ratio(b)
            .total_cmp(&ratio(a))
            .then(self.cap[b].total_cmp(&self.cap[a]))
            .then(a.cmp(&b))
    }
}

impl Tree<Node> for Search {
    fn parent_bound(node: &Node) -> f64 {
        node.parent_bound
    }

    fn integral(&self) -> bool {
        self.integral
    }

    /// Searches the node; returns its children (to push, the one to search first last), and
    /// the bound it proved when pruned by the gap.
    fn expand(&mut self, node: Node, gap: f64, gap_bounds: &mut f64) -> Vec<Node> {
        let Node {
            fix, left, start, ..
        } = node;
        // Climb to the best λ, from the parent's; every cut met proposes a set.
        let mut i = start.min(self.lambdas.len() - 1);
        let mut best = self.evaluate(&fix, left, self.lambdas[i]);
        let (planned, set, mut free) = self.cut_plan(&fix, left);
        self.flow.sink_side(self.t);
        let (other, other_set, _) = self.cut_plan(&fix, left);
        self.offer(planned, set);
        self.offer(other, other_set);
        if !self.prunes(best, 0.0) {
            for step in [1isize, -1] {
                let mut moved = false;
                loop {
                    let k = i as isize + step;
                    if k < 0 || k as usize >= self.lambdas.len() {
                        break;
                    }
                    let candidate = self.evaluate(&fix, left, self.lambdas[k as usize]);
                    let (planned, set, cut_free) = self.cut_plan(&fix, left);
                    self.flow.sink_side(self.t);
                    let (other, other_set, _) = self.cut_plan(&fix, left);
                    self.offer(planned, set);
                    self.offer(other, other_set);
                    if candidate > best {
                        best = candidate;
                        i = k as usize;
                        free = cut_free;
                        moved = true;
                        if self.prunes(best, 0.0) {
                            break;
                        }
                    } else {
                        break;
                    }
                }
                if moved || self.prunes(best, 0.0) {
                    break;
                }
            }
        }
        if self.prunes(best, 0.0) {
            return Vec::new();
        }
        if self.prunes(best, gap) {
            *gap_bounds = gap_bounds.min(self.rounded(best));
            return Vec::new();
        }
        // Branch on the cut's free arc of best ratio, or, when the cut has none, on the best
        // free affordable arc anywhere.
        let arc = free.first().copied().or_else(|| {
            self.by_ratio
                .iter()
                .copied()
                .find(|&j| fix[j] == Fix::Free && self.cost[j] <= left)
        });
        let Some(arc) = arc else {
            // Nothing left to decide: the bound is the node's value (kept above).
            return Vec::new();
        };
        let bound = self.rounded(best);
        let mut kept = fix.clone();
        kept[arc] = Fix::Out;
        let mut cut = fix;
        cut[arc] = Fix::In;
        vec![
            Node {
                fix: kept,
                left,
                start: i,
                parent_bound: bound,
            },
            Node {
                fix: cut,
                left: left - self.cost[arc],
                start: i,
                parent_bound: bound,
            },
        ]
    }

    fn incumbent(&self) -> f64 {
        self.value
    }

    fn best(&self) -> Vec<ArcId> {
        let mut best: Vec<ArcId> = self.best.iter().map(|&j| self.arcs[j]).collect();
        best.sort();
        best
    }
}

/// Runs the search from `source` to `sink` within `budget` (finite, `>= 0`), stopping early
/// when `stop()` says so (asked between nodes) or after `max_nodes` nodes; nodes that cannot
/// beat the incumbent by more than the relative `gap` are pruned.
pub(super) fn cut_search(
    graph: &NetGraph,
    source: NodeId,
    sink: NodeId,
    budget: f64,
    gap: f64,
    max_nodes: u64,
    stop: &dyn Fn() -> bool,
) -> Searched {
    let (arcs, ends) = positive_arcs(graph);
    let cap: Vec<f64> = arcs.iter().map(|&a| graph.arc(a).capacity).collect();
    let cost: Vec<f64> = arcs.iter().map(|&a| graph.arc(a).cost).collect();
    let mut lambdas: Vec<f64> = std::iter::once(0.0)
        .chain(
            (0..arcs.len())
                .filter(|&j| cost[j] > 0.0 && cost[j] <= budget)
                .map(|j| cap[j] / cost[j]),
        )
        .collect();
    lambdas.sort_by(f64::total_cmp);
    lambdas.dedup();
    let integral = whole(cap.iter().copied());
    let n = graph.node_bound();
    let mut search = Search {
        s: source.index(),
        t: sink.index(),
        budget,
        directed: graph.is_directed(),
        flow: Dinic::new(n, &ends),
        arcs,
        cap,
        cost,
        ends,
        lambdas,
        by_ratio: Vec::new(),
        integral,
        best: Vec::new(),
        value: 0.0,
    };
    let mut by_ratio: Vec<usize> = (0..search.arcs.len()).collect();
    by_ratio.sort_by(|&a, &b| search.order(a, b));
    search.by_ratio = by_ratio;
    search.value = search.exact(&[]);
    // The root's λ: bisection on the concave L over the breakpoints.
    let root_fix = vec![Fix::Free; search.arcs.len()];
    let (mut lo, mut hi) = (0usize, search.lambdas.len() - 1);
    let mut root_bound = f64::NEG_INFINITY;
    while lo < hi {
        let mid = (lo + hi) / 2;
        let here = search.evaluate(&root_fix, budget, search.lambdas[mid]);
        let right = search.evaluate(&root_fix, budget, search.lambdas[mid + 1]);
        root_bound = root_bound.max(here).max(right);
        if right > here {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    let stack = vec![Node {
        fix: root_fix,
        left: budget,
        start: lo,
        parent_bound: search.rounded(root_bound),
    }];
    depth_first(&mut search, stack, gap, max_nodes, stop)
}

/// A branch-and-bound search over nodes of type `N` (cut branching here, class branching in
/// [`super::classes`]): what [`depth_first`] needs of it.
pub(super) trait Tree<N> {
    /// The bound a node inherited from its parent.
    fn parent_bound(node: &N) -> f64;
    /// Whether every capacity is an integer (so is every max flow, and bounds round up).
    fn integral(&self) -> bool;
    /// With integer capacities every max flow is an integer: a bound rounds up.
    fn rounded(&self, bound: f64) -> f64 {
        if self.integral() {
            round_up(bound)
        } else {
            bound
        }
    }
    /// Whether `value` is below the incumbent's.
    fn improves(&self, value: f64) -> bool {
        let incumbent = self.incumbent();
        value < incumbent - 1e-9 * incumbent.abs().max(1.0)
    }
    /// Whether a node whose completions leave at least `bound` can be pruned: it cannot beat
    /// the incumbent by more than the relative `gap`.
    fn prunes(&self, bound: f64, gap: f64) -> bool {
        let value = self.incumbent();
        let bound = self.rounded(bound);
        let tolerance = 1e-9 * value.abs().max(1.0);
        bound >= value - tolerance || value - bound <= gap * value.abs()
    }
    /// Searches one node: its children, the least bound of what the gap pruned in `gap_bounds`.
    fn expand(&mut self, node: N, gap: f64, gap_bounds: &mut f64) -> Vec<N>;
    /// The incumbent's value.
    fn incumbent(&self) -> f64;
    /// The incumbent's arcs, in [`ArcId`] order.
    fn best(&self) -> Vec<ArcId>;
}

/// Depth-first branch and bound from `stack` (last in, first searched; deterministic), at most
/// `max_nodes` nodes, checking `stop` between nodes.
pub(super) fn depth_first<N, T: Tree<N>>(
    search: &mut T,
    mut stack: Vec<N>,
    gap: f64,
    max_nodes: u64,
    stop: &dyn Fn() -> bool,
) -> Searched {
    let mut nodes = 0u64;
    let mut gap_bounds = f64::INFINITY;
    let mut complete = true;
    while let Some(node) = stack.pop() {
        if search.prunes(T::parent_bound(&node), 0.0) {
            continue;
        }
        if nodes >= max_nodes || stop() {
            stack.push(node);
            complete = false;
            break;
        }
        nodes += 1;
        let children = search.expand(node, gap, &mut gap_bounds);
        stack.extend(children);
    }
    let open = stack
        .iter()
        .map(T::parent_bound)
        .filter(|&b| !search.prunes(b, 0.0))
        .fold(f64::INFINITY, f64::min);
    Searched {
        best: search.best(),
        bound: search.incumbent().min(gap_bounds).min(open).max(0.0),
        complete,
        proved: complete && gap_bounds == f64::INFINITY,
        nodes,
    }
}

/// A lower bound on an integer, rounded up (less a relative 1e-9 for round-off).
pub(super) fn round_up(bound: f64) -> f64 {
    (bound - 1e-9 * bound.abs().max(1.0)).ceil()
}

/// Whether every capacity is a whole number (so is every max flow, and a lower bound on one
/// rounds up).
pub(super) fn whole(capacities: impl IntoIterator<Item = f64>) -> bool {
    capacities
        .into_iter()
        .all(|u| u <= 0.0 || (u.fract() == 0.0 && u < 2f64.powi(52)))
}

/// The arcs of positive capacity, in [`ArcId`] order, and their ends.
pub(super) fn positive_arcs(graph: &NetGraph) -> (Vec<ArcId>, Vec<(u32, u32)>) {
    let arcs: Vec<ArcId> = graph
        .arc_ids()
        .filter(|&a| graph.arc(a).capacity > 0.0)
        .collect();
    let ends = arcs
        .iter()
        .map(|&a| (graph.arc(a).from.0, graph.arc(a).to.0))
        .collect();
    (arcs, ends)
}
