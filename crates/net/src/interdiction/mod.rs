//! Optimal interdiction: which arcs to cut, within a budget, to minimise the adversary's s–t
//! max flow (Wood 1993) or maximise its s–t shortest path (Israeli & Wood 2002).
//!
//! Each problem is formulated once as a mixed-integer program with `good_lp` and handed to a
//! [`Solver`]; [`Method::Enumeration`] instead tries every affordable set of arcs (the oracle
//! for small instances). Whatever the method, the reported value is recomputed from the chosen
//! set with the exact flow / path algorithm, so it is exactly consistent with the set; and arcs
//! whose interdiction changes nothing (ties leave a solver free to pick them) are dropped from
//! the set, so every reported arc matters.
//!
//! In an undirected graph each edge is two opposite arcs sharing one interdiction decision
//! (and one cost).

mod chain;
mod classes;
mod cuts;

pub use chain::{
    Bounded, CLASS_SEARCH_LIMIT, CUT_SEARCH_LIMIT, CUT_SEARCH_LIMIT_BEFORE_CLASSES, Limits,
    PATH_SEARCH_LIMIT, Status, Step, interdict_with,
};

use good_lp::{Expression, ProblemVariables, Solution, SolverModel, Variable, variable};

use crate::error::NetError;
use crate::flow::{self, check_pair, max_flow_masked, shortest_path_masked};
use crate::graph::{Adjacency, ArcId, NetGraph, NodeId};
use crate::paths::distances;

/// What the interdictor optimises.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Objective {
    /// Minimise the s–t maximum flow left after removing the interdicted arcs.
    MaxFlow,
    /// Maximise the s–t shortest path length when each interdicted arc is lengthened by its
    /// `delay` (or removed when it has none).
    ShortestPath,
}

impl Objective {
    /// `max-flow` or `shortest-path`.
    pub fn name(self) -> &'static str {
        match self {
            Objective::MaxFlow => "max-flow",
            Objective::ShortestPath => "shortest-path",
        }
    }
}

/// A MIP solver backend.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Solver {
    /// microlp, pure Rust, always available (branch and bound on a dense simplex).
    Microlp,
    /// HiGHS, with the `highs` cargo feature; run single-threaded for determinism.
    #[cfg(feature = "highs")]
    Highs,
}

impl Solver {
    /// The solvers compiled into this build, microlp first.
    pub const AVAILABLE: &'static [Solver] = &[
        Solver::Microlp,
        #[cfg(feature = "highs")]
        Solver::Highs,
    ];

    /// `microlp` or `highs`.
    pub fn name(self) -> &'static str {
        match self {
            Solver::Microlp => "microlp",
            #[cfg(feature = "highs")]
            Solver::Highs => "highs",
        }
    }

    /// Looks a compiled-in solver up by [`Solver::name`].
    pub fn from_name(name: &str) -> Option<Solver> {
        Solver::AVAILABLE.iter().copied().find(|s| s.name() == name)
    }
}

/// How to find the optimal interdiction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// Solve the MIP with this solver.
    Mip(Solver),
    /// Evaluate every set of arcs within the budget (at most [`ENUMERATION_LIMIT`] affordable
    /// arcs).
    Enumeration,
    /// The chain of [`interdict_with`]: for max flow cut branching, then class branching
    /// (uniform prices), then the MIP with this solver, warm-started, each only when the
    /// steps before have not settled the instance; for shortest path a greedy incumbent, then
    /// path branching (when small enough), then the MIP.
    Chain(Solver),
}

impl Method {
    /// The solver name, or `enumeration`.
    pub fn name(self) -> &'static str {
        match self {
            Method::Mip(solver) => solver.name(),
            Method::Enumeration => "enumeration",
            Method::Chain(_) => "auto",
        }
    }
}

/// Most affordable arcs (or edges) [`Method::Enumeration`] accepts: 2^20 sets.
pub const ENUMERATION_LIMIT: usize = 20;

/// An optimal interdiction.
#[derive(Debug, Clone, PartialEq)]
pub struct Interdiction {
    /// The objective.
    pub objective: Objective,
    /// Value with nothing interdicted.
    pub before: f64,
    /// Value after interdicting `arcs`, recomputed exactly: the max flow left, or the shortest
    /// path length (`f64::INFINITY` when the sink is cut off).
    pub value: f64,
    /// The interdicted arcs (edges, for an undirected graph), in [`ArcId`] order; none of them
    /// can be dropped without changing `value`.
    pub arcs: Vec<ArcId>,
    /// Their total cost.
    pub cost: f64,
    /// How the set was found.
    pub method: Method,
    /// The MIP's own objective value, when a MIP was solved (equal to `value` up to solver
    /// tolerance; for shortest path with removals, a big-M length when the sink is cut off).
    pub mip_objective: Option<f64>,
    /// Sets evaluated, for [`Method::Enumeration`].
    pub sets_evaluated: Option<u64>,
}

/// Finds a budget-feasible set of arcs that is optimal for `objective`.
///
/// `budget` is in the units of the arcs' `cost` and must be finite and `>= 0`; arcs whose cost
/// exceeds it are never interdicted. Deterministic for a given graph, problem and method.
pub fn interdict(
    graph: &NetGraph,
    objective: Objective,
    source: NodeId,
    sink: NodeId,
    budget: f64,
    method: Method,
) -> Result<Interdiction, NetError> {
    if let Method::Chain(_) = method {
        let limits = Limits::none();
        return interdict_with(graph, objective, source, sink, budget, method, &limits)
            .map(|bounded| bounded.result);
    }
    check_inputs(graph, source, sink, budget)?;
    let before = evaluate(graph, objective, source, sink, &[]);
    let candidates: Vec<ArcId> = graph
        .arc_ids()
        .filter(|&a| graph.arc(a).cost <= budget)
        .collect();
    let (arcs, mip_objective, sets_evaluated) = match method {
        Method::Enumeration => {
            if candidates.len() > ENUMERATION_LIMIT {
                return Err(NetError::TooLargeForEnumeration {
                    candidates: candidates.len(),
                    max: ENUMERATION_LIMIT,
                });
            }
            let (arcs, evaluated) = enumerate(graph, objective, source, sink, budget, &candidates);
            (arcs, None, Some(evaluated))
        }
        Method::Chain(_) => unreachable!("handled above"),
        Method::Mip(solver) => {
            // Nothing to gain when there is no flow / no path, or nothing affordable.
            let trivial = match objective {
                Objective::MaxFlow => before <= 0.0,
                Objective::ShortestPath => before.is_infinite(),
            };
            if trivial || candidates.is_empty() {
                (Vec::new(), None, None)
            } else {
                let mip = match objective {
                    Objective::MaxFlow => max_flow_mip(graph, source, sink, budget),
                    Objective::ShortestPath => shortest_path_mip(graph, source, sink, budget),
                };
                let (objective_value, chosen) = solve(solver, mip)?;
                (chosen, Some(objective_value), None)
            }
        }
    };
    let (arcs, value) = prune(graph, objective, source, sink, arcs);
    let cost = arcs.iter().fold(0.0, |total, &a| total + graph.arc(a).cost);
    Ok(Interdiction {
        objective,
        before,
        value,
        arcs,
        cost,
        method,
        mip_objective,
        sets_evaluated,
    })
}

/// The source and sink exist and differ, and the budget is a finite number ≥ 0.
pub(super) fn check_inputs(
    graph: &NetGraph,
    source: NodeId,
    sink: NodeId,
    budget: f64,
) -> Result<(), NetError> {
    check_pair(graph, source, sink)?;
    if !(budget.is_finite() && budget >= 0.0) {
        return Err(NetError::InvalidBudget(budget));
    }
    Ok(())
}

/// What class branching alone found ([`class_branching`]).
#[derive(Debug, Clone, PartialEq)]
pub struct ClassBranching {
    /// The best set found, in [`ArcId`] order.
    pub arcs: Vec<ArcId>,
    /// Its max flow, computed exactly.
    pub value: f64,
    /// Whether it is proved optimal (always, unless `max_nodes` stopped the search).
    pub proved: bool,
    /// Nodes searched.
    pub nodes: u64,
}

/// Max-flow interdiction by class branching alone (the chain's step after cut branching for
/// max flow; see the `classes` module), from no incumbent, searching at most `max_nodes` nodes.
/// With `heuristics` off, only the cut of a search node whose graph nodes are all forced to a
/// side proposes a set, so the answer rests on the search alone (slow: for tests on small
/// graphs). `None` when it does not apply: the affordable arcs of positive capacity and cost do
/// not all cost the same, or the budget buys none or all of them. For tests and benchmarks;
/// [`interdict_with`] is the way to solve.
pub fn class_branching(
    graph: &NetGraph,
    source: NodeId,
    sink: NodeId,
    budget: f64,
    heuristics: bool,
    max_nodes: u64,
) -> Result<Option<ClassBranching>, NetError> {
    check_inputs(graph, source, sink, budget)?;
    let found = classes::class_search(
        graph,
        source,
        sink,
        budget,
        0.0,
        &[],
        heuristics,
        max_nodes,
        &|| false,
    );
    Ok(found.map(|found| ClassBranching {
        value: evaluate(graph, Objective::MaxFlow, source, sink, &found.best),
        arcs: found.best,
        proved: found.proved,
        nodes: found.nodes,
    }))
}

/// Drops, in [`ArcId`] order, every arc whose interdiction does not change the value (a MIP may
/// spend budget on arcs that do not matter when several sets tie); returns the set and its value.
fn prune(
    graph: &NetGraph,
    objective: Objective,
    source: NodeId,
    sink: NodeId,
    mut arcs: Vec<ArcId>,
) -> (Vec<ArcId>, f64) {
    let same = |a: f64, b: f64| a == b || (a - b).abs() <= 1e-9 * a.abs().max(1.0);
    let mut value = evaluate(graph, objective, source, sink, &arcs);
    let mut i = 0;
    while i < arcs.len() {
        let mut fewer = arcs.clone();
        fewer.remove(i);
        let without = evaluate(graph, objective, source, sink, &fewer);
        if same(without, value) {
            arcs = fewer;
            value = without;
        } else {
            i += 1;
        }
    }
    (arcs, value)
}

/// The objective's value when `arcs` (sorted) are interdicted.
pub fn evaluate(
    graph: &NetGraph,
    objective: Objective,
    source: NodeId,
    sink: NodeId,
    arcs: &[ArcId],
) -> f64 {
    let hit = |arc: ArcId| arcs.binary_search(&arc).is_ok();
    match objective {
        Objective::MaxFlow => max_flow_masked(graph, source, sink, &hit),
        Objective::ShortestPath => shortest_path_masked(graph, source, sink, &|arc| {
            hit(arc).then(|| graph.arc(arc).delay.unwrap_or(f64::INFINITY))
        }),
    }
}

/// Depth-first over include/exclude decisions in [`ArcId`] order, excluding first; keeps the
/// first strictly better set.
fn enumerate(
    graph: &NetGraph,
    objective: Objective,
    source: NodeId,
    sink: NodeId,
    budget: f64,
    candidates: &[ArcId],
) -> (Vec<ArcId>, u64) {
    struct Search<'a> {
        graph: &'a NetGraph,
        objective: Objective,
        source: NodeId,
        sink: NodeId,
        budget: f64,
        candidates: &'a [ArcId],
        chosen: Vec<ArcId>,
        best: Option<(f64, Vec<ArcId>)>,
        evaluated: u64,
    }
    impl Search<'_> {
        fn go(&mut self, idx: usize, cost: f64) {
            if idx == self.candidates.len() {
                let value = evaluate(
                    self.graph,
                    self.objective,
                    self.source,
                    self.sink,
                    &self.chosen,
                );
                self.evaluated += 1;
                let better = match (&self.best, self.objective) {
                    (None, _) => true,
                    (Some((best, _)), Objective::MaxFlow) => value < *best - 1e-9,
                    (Some((best, _)), Objective::ShortestPath) => {
                        value > *best + 1e-9 || (value.is_infinite() && best.is_finite())
                    }
                };
                if better {
                    self.best = Some((value, self.chosen.clone()));
                }
                return;
            }
            self.go(idx + 1, cost);
            let arc = self.candidates[idx];
            let with = cost + self.graph.arc(arc).cost;
            if with <= self.budget {
                self.chosen.push(arc);
                self.go(idx + 1, with);
                self.chosen.pop();
            }
        }
    }
    let mut search = Search {
        graph,
        objective,
        source,
        sink,
        budget,
        candidates,
        chosen: Vec::new(),
        best: None,
        evaluated: 0,
    };
    search.go(0, 0.0);
    let arcs = search.best.map(|(_, arcs)| arcs).unwrap_or_default();
    (arcs, search.evaluated)
}

/// A MIP, independent of the solver.
struct Mip {
    variables: ProblemVariables,
    objective: Expression,
    maximise: bool,
    constraints: Vec<good_lp::Constraint>,
    /// Binary interdiction decisions and the arc each one cuts.
    decisions: Vec<(ArcId, Variable)>,
}

/// Wood's (1993) formulation, tightened: min Σ u_k β_k subject to
/// α_j − α_i − β_k − γ_k ≤ 0 for each arc k = (i, j) (both directions for an edge),
/// Σ r_k γ_k ≤ R, α_s = 0 and α_t = 1 fixed, γ binary, and α, β relaxed to [0, 1].
///
/// Relaxing α and β is exact: once γ is fixed the rest is the LP dual of a max-flow problem on
/// the arcs left, whose constraint matrix is totally unimodular, so the LP optimum is that max
/// flow. Arcs with zero capacity, arcs into s and arcs out of t can never be in a minimum cut
/// and get no variables; arcs costing more than R get no γ.
fn max_flow_mip(graph: &NetGraph, source: NodeId, sink: NodeId, budget: f64) -> Mip {
    let mut variables = ProblemVariables::new();
    let alpha: Vec<Option<Variable>> = (0..graph.node_bound())
        .map(|v| {
            let node = NodeId(v as u32);
            (graph.is_live(node) && node != source && node != sink)
                .then(|| variables.add(variable().clamp(0, 1)))
        })
        .collect();
    let alpha_of = |v: NodeId| -> Expression {
        if v == source {
            Expression::from(0.0)
        } else if v == sink {
            Expression::from(1.0)
        } else {
            alpha[v.index()].map_or_else(|| Expression::from(0.0), Expression::from)
        }
    };
    let mut objective = Expression::from(0.0);
    let mut constraints = Vec::new();
    let mut spend = Expression::from(0.0);
    let mut decisions = Vec::new();
    for arc in graph.arc_ids() {
        let a = graph.arc(arc);
        if a.capacity <= 0.0 {
            continue;
        }
        let mut directions = vec![(a.from, a.to)];
        if !graph.is_directed() {
            directions.push((a.to, a.from));
        }
        directions.retain(|&(i, j)| i != sink && j != source);
        if directions.is_empty() {
            continue;
        }
        let beta = variables.add(variable().clamp(0, 1));
        objective += a.capacity * beta;
        let gamma = (a.cost <= budget).then(|| variables.add(variable().binary()));
        if let Some(gamma) = gamma {
            spend += a.cost * gamma;
            decisions.push((arc, gamma));
        }
        for (i, j) in directions {
            let mut lhs = alpha_of(j) - alpha_of(i) - beta;
            if let Some(gamma) = gamma {
                lhs -= gamma;
            }
            constraints.push(lhs.leq(0.0));
        }
    }
    if !decisions.is_empty() {
        constraints.push(spend.leq(budget));
    }
    Mip {
        variables,
        objective,
        maximise: false,
        constraints,
        decisions,
    }
}

/// Israeli and Wood's (2002) formulation: max π_t subject to π_j − π_i − d_k x_k ≤ c_k for each
/// arc k = (i, j) (both directions for an edge), π_s = 0, Σ r_k x_k ≤ R, x binary.
///
/// An arc without a `delay` is removed when interdicted; it gets d_k = M, with M one more than
/// the sum of every arc's length and finite delay, longer than any path that avoids removed
/// arcs. Only nodes reachable from s take part; π_v is bounded to [0, U_v], U_v the distance
/// from s when every arc is interdicted, which no optimal potential exceeds.
fn shortest_path_mip(graph: &NetGraph, source: NodeId, sink: NodeId, budget: f64) -> Mip {
    let adjacency = Adjacency::new(graph);
    let big_m = big_m(graph);
    let delay = |arc: usize| graph.arc(ArcId(arc as u32)).delay.unwrap_or(big_m);
    let reach = distances(
        &adjacency.out,
        &|arc| graph.arc(ArcId(arc as u32)).length,
        &[source.index()],
        None,
    );
    let upper = distances(
        &adjacency.out,
        &|arc| graph.arc(ArcId(arc as u32)).length + delay(arc),
        &[source.index()],
        None,
    );
    let mut variables = ProblemVariables::new();
    let pi: Vec<Option<Variable>> = (0..graph.node_bound())
        .map(|v| {
            (reach[v].is_finite() && v != source.index())
                .then(|| variables.add(variable().clamp(0.0, upper[v])))
        })
        .collect();
    let pi_of = |v: NodeId| -> Expression {
        pi[v.index()].map_or_else(|| Expression::from(0.0), Expression::from)
    };
    let mut constraints = Vec::new();
    let mut spend = Expression::from(0.0);
    let mut decisions = Vec::new();
    for arc in graph.arc_ids() {
        let a = graph.arc(arc);
        let mut directions = vec![(a.from, a.to)];
        if !graph.is_directed() {
            directions.push((a.to, a.from));
        }
        directions.retain(|&(i, j)| reach[i.index()].is_finite() && j != source);
        if directions.is_empty() {
            continue;
        }
        let x = (a.cost <= budget).then(|| variables.add(variable().binary()));
        if let Some(x) = x {
            spend += a.cost * x;
            decisions.push((arc, x));
        }
        for (i, j) in directions {
            let mut lhs = pi_of(j) - pi_of(i);
            if let Some(x) = x {
                lhs -= delay(arc.index()) * x;
            }
            constraints.push(lhs.leq(a.length));
        }
    }
    if !decisions.is_empty() {
        constraints.push(spend.leq(budget));
    }
    Mip {
        variables,
        objective: pi_of(sink),
        maximise: true,
        constraints,
        decisions,
    }
}

/// The length that stands for "removed" in the shortest-path MIP: one more than the sum of
/// every arc's length and finite delay, longer than any path that avoids removed arcs.
fn big_m(graph: &NetGraph) -> f64 {
    1.0 + graph
        .arc_ids()
        .map(|a| graph.arc(a).length + graph.arc(a).delay.unwrap_or(0.0))
        .sum::<f64>()
}

/// Solves a MIP; returns its objective value and the interdicted arcs in [`ArcId`] order.
fn solve(solver: Solver, mip: Mip) -> Result<(f64, Vec<ArcId>), NetError> {
    let Mip {
        variables,
        objective,
        maximise,
        constraints,
        decisions,
    } = mip;
    let problem = if maximise {
        variables.maximise(objective.clone())
    } else {
        variables.minimise(objective.clone())
    };
    let failed = |message: String| NetError::Solver {
        solver: solver.name(),
        message,
    };
    let values: (f64, Vec<f64>) = match solver {
        Solver::Microlp => {
            let solution = problem
                .using(good_lp::microlp)
                .with_all(constraints)
                .solve()
                .map_err(|e| failed(e.to_string()))?;
            (
                solution.eval(&objective),
                decisions.iter().map(|(_, v)| solution.value(*v)).collect(),
            )
        }
        #[cfg(feature = "highs")]
        Solver::Highs => {
            // One thread for determinism; a zero relative gap so that HiGHS, like microlp,
            // proves optimality instead of stopping within its default 0.01%.
            let mut model = problem
                .using(good_lp::highs)
                .set_threads(1)
                .set_mip_rel_gap(0.0)
                .map_err(|e| failed(e.to_string()))?;
            model.set_verbose(false);
            let solution = model
                .with_all(constraints)
                .solve()
                .map_err(|e| failed(e.to_string()))?;
            (
                solution.eval(&objective),
                decisions.iter().map(|(_, v)| solution.value(*v)).collect(),
            )
        }
    };
    let mut arcs: Vec<ArcId> = decisions
        .iter()
        .zip(&values.1)
        .filter(|(_, value)| **value > 0.5)
        .map(|((arc, _), _)| *arc)
        .collect();
    arcs.sort();
    Ok((values.0, arcs))
}

/// The value of an objective with nothing interdicted (max flow, or shortest path length).
pub fn baseline(
    graph: &NetGraph,
    objective: Objective,
    source: NodeId,
    sink: NodeId,
) -> Result<f64, NetError> {
    match objective {
        Objective::MaxFlow => flow::max_flow(graph, source, sink),
        Objective::ShortestPath => flow::shortest_path_length(graph, source, sink),
    }
}
