//! Class branching: an exact branch and bound for max-flow interdiction when every affordable
//! arc of positive cost costs the same (so the budget buys any `K` of them), stronger than the
//! LP bound of Wood's MIP that [`super::cuts`] uses.
//!
//! Interdicting the best `K` arcs of an s–t cut C leaves `value(C) = cap(C) − top_K(C)`, and
//! the optimum is the least `value(C)` over cuts. For every λ ≥ 0,
//!
//!   f(C, λ) = Σ_{k ∈ C} h_λ(k) − λ K,  h_λ(k) = min(u_k, λ) (affordable), u_k (not), 0 (free)
//!
//! is at most `value(C)`, with equality at λ = w(C), the `K`-th largest affordable capacity
//! of C (0 when C has fewer than `K` affordable arcs): the LP bound of Wood's MIP is
//! max_λ min_C f(C, λ), and its gap comes from cuts that want different λ. Here the cuts are
//! split by their *class* w(C) instead: a node of the search is a range `[a, b]` of classes
//! (capacities of affordable arcs, and 0) and a set of nodes forced to the source or the sink
//! side. Every cut C of class w ∈ [a, b] satisfies
//!
//!   #{k ∈ C affordable: u_k > b} ≤ K − 1   and, for a > 0,   #{k ∈ C affordable: u_k ≥ a} ≥ K,
//!
//! so for λ ∈ [a, b], μ ≥ 0 and 0 ≤ ν ≤ a the node's cuts leave at least
//!
//!   min_C Σ_{k∈C} (h_λ(k) + μ [u_k > b] − ν [u_k ≥ a]) − λ K − μ (K − 1) + ν K,
//!
//! one max flow per (λ, μ, ν) (forced nodes are joined to s or t by arcs that no finite cut
//! crosses). The search climbs λ over the breakpoints in `[a, b]`, then μ or ν (whichever the
//! cut found says is violated) by intersecting supporting lines. A range is split around its
//! best λ (below, λ's class alone, above); a single class is split by forcing a node that lies
//! between the minimum cuts nearest the source and nearest the sink (or, with one minimum
//! cut, an endpoint of one of its arcs) to either side. Every cut met proposes a set (its `K`
//! largest affordable arcs), improved as in [`super::cuts`]. With integer capacities every
//! value is an integer and bounds round up. Exact: every cut lies in the class range of some
//! leaf, and a node whose nodes are all forced has one cut, whose set was offered.
//! Deterministic (depth-first, ties broken by index), one thread.

use super::cuts::{Dinic, Searched, Tree, UNSEEN, depth_first, positive_arcs, whole};
use crate::graph::{ArcId, NetGraph, NodeId};

const FREE: u8 = 0;
const SOURCE: u8 = 1;
const SINK: u8 = 2;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// Costs nothing: always interdicted.
    Zero,
    /// Costs more than the budget: never interdicted.
    Kept,
    /// Costs the common price: the budget buys `K` of these.
    Affordable,
}

struct Node {
    /// The class range, indices into `classes`.
    lo: usize,
    hi: usize,
    side: Vec<u8>,
    parent_bound: f64,
}

/// The Lagrange multipliers of a bound.
#[derive(Debug, Clone, Copy)]
struct Point {
    lambda: f64,
    mu: f64,
    nu: f64,
}

struct Search {
    s: usize,
    t: usize,
    n: usize,
    directed: bool,
    arcs: Vec<ArcId>,
    cap: Vec<f64>,
    kind: Vec<Kind>,
    ends: Vec<(u32, u32)>,
    k: usize,
    /// Sorted distinct capacities of the affordable arcs, 0 first.
    classes: Vec<f64>,
    integral: bool,
    /// Real arcs `0..m`, then s → x and x → t for every node x.
    flow: Dinic,
    infinity: f64,
    best: Vec<usize>,
    value: f64,
    /// Scratch: source side of the last cut.
    in_source: Vec<bool>,
    /// Whether every cut met proposes a set; without, only the cut of a node whose nodes are
    /// all forced does (to test the search alone).
    heuristics: bool,
}

impl Search {
    fn m(&self) -> usize {
        self.arcs.len()
    }

    /// min_C of the node's Lagrangian at `p` (see the module docs); afterwards the flow's
    /// levels give the minimum cut nearest the source.
    fn evaluate(&mut self, node: &Node, p: Point) -> f64 {
        let (a, b) = (self.classes[node.lo], self.classes[node.hi]);
        let m = self.m();
        for j in 0..m {
            let u = self.cap[j];
            let h = match self.kind[j] {
                Kind::Zero => 0.0,
                Kind::Kept => u,
                Kind::Affordable => {
                    let mut h = u.min(p.lambda);
                    if u > b {
                        h += p.mu;
                    }
                    if u >= a {
                        h -= p.nu;
                    }
                    h
                }
            };
            self.flow.cap[2 * j] = h;
            self.flow.cap[2 * j + 1] = if self.directed { 0.0 } else { h };
        }
        for x in 0..self.n {
            let to = 2 * (m + x);
            let from = 2 * (m + self.n + x);
            self.flow.cap[to] = if node.side[x] == SOURCE {
                self.infinity
            } else {
                0.0
            };
            self.flow.cap[to + 1] = 0.0;
            self.flow.cap[from] = if node.side[x] == SINK {
                self.infinity
            } else {
                0.0
            };
            self.flow.cap[from + 1] = 0.0;
        }
        let k = self.k as f64;
        self.flow.max_flow(self.s, self.t) - p.lambda * k - p.mu * (k - 1.0) + p.nu * k
    }

    fn crosses(&self, j: usize) -> bool {
        let (u, v) = self.ends[j];
        let (u, v) = (self.in_source[u as usize], self.in_source[v as usize]);
        (u && !v) || (!self.directed && v && !u)
    }

    /// Copies the source side of the last evaluation's nearest-source minimum cut.
    fn take_cut(&mut self) {
        for x in 0..self.n {
            self.in_source[x] = self.flow.level[x] != UNSEEN;
        }
    }

    /// For the cut in `in_source`: affordable arcs with capacity above `b`, and at least `a`.
    fn counts(&self, a: f64, b: f64) -> (usize, usize) {
        let (mut above, mut at_least) = (0, 0);
        for j in 0..self.m() {
            if self.kind[j] == Kind::Affordable && self.crosses(j) {
                above += usize::from(self.cap[j] > b);
                at_least += usize::from(self.cap[j] >= a);
            }
        }
        (above, at_least)
    }

    /// The cut in `in_source` with its `K` largest affordable arcs and every free arc
    /// interdicted: that value (an upper bound on the set's) and the set (sorted).
    fn plan(&self) -> (f64, Vec<usize>) {
        let mut value = 0.0;
        let mut affordable = Vec::new();
        for j in 0..self.m() {
            if self.crosses(j) {
                match self.kind[j] {
                    Kind::Zero => {}
                    Kind::Kept => value += self.cap[j],
                    Kind::Affordable => {
                        value += self.cap[j];
                        affordable.push(j);
                    }
                }
            }
        }
        affordable.sort_by(|&x, &y| self.cap[y].total_cmp(&self.cap[x]).then(x.cmp(&y)));
        affordable.truncate(self.k);
        value -= affordable.iter().map(|&j| self.cap[j]).sum::<f64>();
        let mut set: Vec<usize> = (0..self.m())
            .filter(|&j| self.kind[j] == Kind::Zero)
            .chain(affordable)
            .collect();
        set.sort_unstable();
        (value, set)
    }

    /// The class of the cut in `in_source`: its `K`-th largest affordable capacity, 0 when it
    /// has fewer affordable arcs.
    fn class_of_cut(&self) -> f64 {
        let mut caps: Vec<f64> = (0..self.m())
            .filter(|&j| self.kind[j] == Kind::Affordable && self.crosses(j))
            .map(|j| self.cap[j])
            .collect();
        caps.sort_by(|x, y| y.total_cmp(x));
        caps.get(self.k - 1).copied().unwrap_or(0.0)
    }

    /// The exact value of interdicting `set`; afterwards `in_source` holds the minimum cut
    /// it leaves.
    fn exact(&mut self, set: &[usize]) -> f64 {
        let m = self.m();
        for j in 0..m {
            let h = self.cap[j];
            self.flow.cap[2 * j] = h;
            self.flow.cap[2 * j + 1] = if self.directed { 0.0 } else { h };
        }
        for &j in set {
            self.flow.cap[2 * j] = 0.0;
            self.flow.cap[2 * j + 1] = 0.0;
        }
        for e in 2 * m..self.flow.cap.len() {
            self.flow.cap[e] = 0.0;
        }
        let value = self.flow.max_flow(self.s, self.t);
        self.take_cut();
        value
    }

    /// Offers the cut in `in_source`: when its plan beats the incumbent, evaluates it and
    /// alternates "minimum cut left, its best arcs" while that improves. Clobbers the flow
    /// and `in_source`.
    fn offer(&mut self) {
        if self.heuristics {
            self.offer_cut();
        }
    }

    /// [`Search::offer`], whatever `heuristics` says.
    fn offer_cut(&mut self) {
        let (planned, mut set) = self.plan();
        if !self.improves(planned) {
            return;
        }
        let mut value = self.exact(&set);
        while self.improves(value) {
            self.value = value;
            self.best = set;
            let (planned, next) = self.plan();
            if !self.improves(planned) {
                break;
            }
            value = self.exact(&next);
            set = next;
        }
    }

    /// Evaluates at `p`, offers the cut, and returns the value with the cut's counts.
    fn probe(&mut self, node: &Node, p: Point) -> (f64, usize, usize) {
        let value = self.evaluate(node, p);
        self.take_cut();
        let (a, b) = (self.classes[node.lo], self.classes[node.hi]);
        let counts = self.counts(a, b);
        self.offer();
        (value, counts.0, counts.1)
    }

    /// Maximises the concave `g(x)` over `[0, top]` (`top` infinite: unbounded) by
    /// intersecting supporting lines; `eval(x)` gives `(g(x), a supergradient)`. Returns the
    /// best `(g, x)` met, or `None` when `g` grows without bound.
    fn climb(
        &mut self,
        start: (f64, f64),
        top: f64,
        eval: &mut dyn FnMut(&mut Search, f64) -> (f64, f64),
    ) -> Option<(f64, f64)> {
        let (g0, s0) = start;
        let mut best = (g0, 0.0);
        if s0 <= 0.0 {
            return Some(best);
        }
        let unbounded = top.is_infinite();
        let x_top = if unbounded { self.infinity } else { top };
        let (g_top, s_top) = eval(self, x_top);
        if g_top > best.0 {
            best = (g_top, x_top);
        }
        if s_top >= 0.0 {
            // Unbounded above only when every cut still violates the class constraint.
            return if unbounded && s_top > 0.0 {
                None
            } else {
                Some(best)
            };
        }
        let (mut lo, mut hi) = ((0.0, g0, s0), (x_top, g_top, s_top));
        for _ in 0..64 {
            let x = (hi.1 - lo.1 + lo.2 * lo.0 - hi.2 * hi.0) / (lo.2 - hi.2);
            if !(x > lo.0 && x < hi.0) {
                break;
            }
            let line = lo.1 + lo.2 * (x - lo.0);
            let (g, s) = eval(self, x);
            if g > best.0 {
                best = (g, x);
            }
            if g >= line - 1e-9 * line.abs().max(1.0) || s == 0.0 {
                break;
            }
            if s > 0.0 {
                lo = (x, g, s);
            } else {
                hi = (x, g, s);
            }
        }
        Some(best)
    }

    /// The node's bound and where it is reached; `None` when the node holds no cut.
    fn bound(&mut self, node: &Node) -> Option<(f64, Point)> {
        let k = self.k as f64;
        let a = self.classes[node.lo];
        let at = |lambda| Point {
            lambda,
            mu: 0.0,
            nu: 0.0,
        };
        // λ: bisection on the concave L over the breakpoints in the range.
        let (mut lo, mut hi) = (node.lo, node.hi);
        let mut cache: Vec<(usize, (f64, usize, usize))> = Vec::new();
        let mut look = |search: &mut Search, i: usize| {
            if let Some(&(_, r)) = cache.iter().find(|(j, _)| *j == i) {
                return r;
            }
            let r = search.probe(node, at(search.classes[i]));
            cache.push((i, r));
            r
        };
        while lo < hi {
            let mid = (lo + hi) / 2;
            let here = look(self, mid).0;
            let right = look(self, mid + 1).0;
            if right > here {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        let lambda = self.classes[lo];
        let (g0, above, at_least) = look(self, lo);
        if self.prunes(g0, 0.0) {
            return Some((g0, at(lambda)));
        }
        // Then μ (too many arcs above b) or ν (too few at least a).
        let too_many = above as f64 - (k - 1.0);
        let too_few = if a > 0.0 { k - at_least as f64 } else { 0.0 };
        if too_many > 0.0 {
            let mut eval = |search: &mut Search, mu: f64| {
                let p = Point {
                    lambda,
                    mu,
                    nu: 0.0,
                };
                let (g, above, _) = search.probe(node, p);
                (g, above as f64 - (k - 1.0))
            };
            let (g, mu) = self.climb((g0, too_many), f64::INFINITY, &mut eval)?;
            Some((
                g,
                Point {
                    lambda,
                    mu,
                    nu: 0.0,
                },
            ))
        } else if too_few > 0.0 {
            let mut eval = |search: &mut Search, nu: f64| {
                let p = Point {
                    lambda,
                    mu: 0.0,
                    nu,
                };
                let (g, _, at_least) = search.probe(node, p);
                (g, k - at_least as f64)
            };
            let (g, nu) = self.climb((g0, too_few), a.min(lambda), &mut eval)?;
            Some((
                g,
                Point {
                    lambda,
                    mu: 0.0,
                    nu,
                },
            ))
        } else {
            Some((g0, at(lambda)))
        }
    }
}

/// Per arc of positive capacity, what interdicting it costs, and how many affordable arcs the
/// budget buys; `None` when the affordable arcs of positive cost do not all cost the same, or
/// the budget buys none or all of them.
fn kinds(graph: &NetGraph, arcs: &[ArcId], budget: f64) -> Option<(Vec<Kind>, usize)> {
    let mut price: Option<f64> = None;
    let mut kind = Vec::with_capacity(arcs.len());
    for &a in arcs {
        let cost = graph.arc(a).cost;
        kind.push(if cost == 0.0 {
            Kind::Zero
        } else if cost > budget {
            Kind::Kept
        } else {
            match price {
                None => price = Some(cost),
                Some(p) if p != cost => return None,
                Some(_) => {}
            }
            Kind::Affordable
        });
    }
    let price = price?;
    let affordable = kind.iter().filter(|&&k| k == Kind::Affordable).count();
    // How many the budget buys, spending as the other methods do.
    let mut k = 0;
    let mut left = budget;
    while k < affordable && price <= left {
        left -= price;
        k += 1;
    }
    (k > 0 && k < affordable).then_some((kind, k))
}

impl Search {
    /// The instance, its classes, the flow network with the forcing arcs, and the incumbent
    /// "interdict the free arcs"; `None` as [`kinds`].
    fn new(
        graph: &NetGraph,
        source: NodeId,
        sink: NodeId,
        budget: f64,
        heuristics: bool,
    ) -> Option<Search> {
        let (arcs, ends) = positive_arcs(graph);
        let (kind, k) = kinds(graph, &arcs, budget)?;
        let cap: Vec<f64> = arcs.iter().map(|&a| graph.arc(a).capacity).collect();
        let n = graph.node_bound();
        let (s, t) = (source.index(), sink.index());
        let mut all_ends = ends.clone();
        all_ends.extend((0..n).map(|x| (s as u32, x as u32)));
        all_ends.extend((0..n).map(|x| (x as u32, t as u32)));
        let mut classes: Vec<f64> = std::iter::once(0.0)
            .chain(
                (0..arcs.len())
                    .filter(|&j| kind[j] == Kind::Affordable)
                    .map(|j| cap[j]),
            )
            .collect();
        classes.sort_by(f64::total_cmp);
        classes.dedup();
        let total: f64 = cap.iter().sum();
        let integral = whole(cap.iter().copied());
        let mut search = Search {
            s,
            t,
            n,
            directed: graph.is_directed(),
            flow: Dinic::new(n, &all_ends),
            arcs,
            cap,
            kind,
            ends,
            k,
            classes,
            integral,
            infinity: 2.0 * total + 1.0,
            best: Vec::new(),
            value: 0.0,
            in_source: vec![false; n],
            heuristics,
        };
        let free: Vec<usize> = (0..search.m())
            .filter(|&j| search.kind[j] == Kind::Zero)
            .collect();
        search.value = search.exact(&free);
        search.best = free;
        Some(search)
    }
}

impl Tree<Node> for Search {
    fn parent_bound(node: &Node) -> f64 {
        node.parent_bound
    }

    fn integral(&self) -> bool {
        self.integral
    }

    fn expand(&mut self, node: Node, gap: f64, gap_bounds: &mut f64) -> Vec<Node> {
        let Some((bound, point)) = self.bound(&node) else {
            return Vec::new();
        };
        if self.prunes(bound, 0.0) {
            return Vec::new();
        }
        if self.prunes(bound, gap) {
            *gap_bounds = gap_bounds.min(self.rounded(bound));
            return Vec::new();
        }
        let parent_bound = self.rounded(bound);
        if node.lo < node.hi {
            // Split the range around λ's class: below, λ's class alone, above (searched first).
            let i = self
                .classes
                .partition_point(|&c| c < point.lambda)
                .clamp(node.lo, node.hi);
            let mut children = Vec::new();
            for (lo, hi) in [(node.lo, i.wrapping_sub(1)), (i + 1, node.hi), (i, i)] {
                if lo <= hi && hi != usize::MAX && lo >= node.lo && hi <= node.hi {
                    children.push(Node {
                        lo,
                        hi,
                        side: node.side.clone(),
                        parent_bound,
                    });
                }
            }
            return children;
        }
        // One class: force a node between the two extreme minimum cuts.
        self.evaluate(&node, point);
        self.take_cut();
        let near_source = self.in_source.clone();
        self.flow.sink_side(self.t);
        let between: Vec<usize> = (0..self.n)
            .filter(|&x| !near_source[x] && self.flow.level[x] != UNSEEN && node.side[x] == FREE)
            .collect();
        let pick = if between.is_empty() {
            // One minimum cut: an endpoint (not forced) of one of its arcs, class arcs first.
            let a = self.classes[node.lo];
            let mut candidates: Vec<(bool, usize)> = Vec::new();
            for j in 0..self.m() {
                if self.crosses(j) {
                    let big = self.kind[j] == Kind::Affordable && self.cap[j] >= a;
                    let (u, v) = self.ends[j];
                    for x in [v as usize, u as usize] {
                        if node.side[x] == FREE {
                            candidates.push((!big, x));
                        }
                    }
                }
            }
            candidates.sort_unstable();
            candidates.first().map(|&(_, x)| x).or_else(|| {
                (0..self.n).find(|&x| node.side[x] == FREE && x != self.s && x != self.t)
            })
        } else {
            // The node between the cuts entered by most arcs from the source's side.
            let mut score = vec![0u32; self.n];
            for j in 0..self.m() {
                if self.crosses(j) {
                    let (u, v) = self.ends[j];
                    for x in [u as usize, v as usize] {
                        score[x] += 1;
                    }
                }
            }
            between
                .iter()
                .copied()
                .max_by(|&x, &y| score[x].cmp(&score[y]).then(y.cmp(&x)))
        };
        let Some(x) = pick else {
            // Every node forced: one cut (offered already, with heuristics; without, offered
            // here when its class is the node's, so that each cut is found in one leaf only).
            let class = self.class_of_cut();
            if !self.heuristics && class == self.classes[node.lo] {
                self.offer_cut();
            }
            return Vec::new();
        };
        let mut to_sink = node.side.clone();
        to_sink[x] = SINK;
        let mut to_source = node.side;
        to_source[x] = SOURCE;
        vec![
            Node {
                lo: node.lo,
                hi: node.hi,
                side: to_sink,
                parent_bound,
            },
            Node {
                lo: node.lo,
                hi: node.hi,
                side: to_source,
                parent_bound,
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

/// Runs class branching from `source` to `sink` within `budget`, starting from the incumbent
/// `start` (a feasible set); `None` when the affordable arcs of positive cost do not all cost
/// the same, or the budget buys none or all of them. Stops as [`super::cuts::cut_search`].
#[allow(clippy::too_many_arguments)]
pub(super) fn class_search(
    graph: &NetGraph,
    source: NodeId,
    sink: NodeId,
    budget: f64,
    gap: f64,
    start: &[ArcId],
    heuristics: bool,
    max_nodes: u64,
    stop: &dyn Fn() -> bool,
) -> Option<Searched> {
    let mut search = Search::new(graph, source, sink, budget, heuristics)?;
    let index: std::collections::BTreeMap<ArcId, usize> = search
        .arcs
        .iter()
        .enumerate()
        .map(|(j, &a)| (a, j))
        .collect();
    let start: Vec<usize> = start.iter().filter_map(|a| index.get(a).copied()).collect();
    let value = search.exact(&start);
    if search.improves(value) {
        search.value = value;
        search.best = start;
    }
    let mut side = vec![FREE; search.n];
    side[search.s] = SOURCE;
    side[search.t] = SINK;
    let stack = vec![Node {
        lo: 0,
        hi: search.classes.len() - 1,
        side,
        parent_bound: f64::NEG_INFINITY,
    }];
    Some(depth_first(&mut search, stack, gap, max_nodes, stop))
}

/// Whether class branching applies: the affordable arcs of positive capacity and cost all cost
/// the same, and the budget buys at least one of them but not all.
pub(super) fn uniform_price(graph: &NetGraph, budget: f64) -> bool {
    kinds(graph, &positive_arcs(graph).0, budget).is_some()
}
