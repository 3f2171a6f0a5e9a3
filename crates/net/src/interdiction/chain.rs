//! Interdiction within a time limit and a gap: a chain of methods, each stated in the result,
//! with the best set found (the incumbent), a proven bound on the optimum and the gap between.
//!
//! The chain ([`Method::Chain`]):
//!
//! 1. **Greedy**: repeatedly interdict the affordable arc that helps most right now (on the
//!    current shortest path, or across the current minimum cut). A first incumbent, found in
//!    a few path or flow computations.
//! 2. **Path branching** (shortest path only, when its estimated size is small): depth-first
//!    over "interdict one more arc of the current shortest path". Exact: an optimal set S*
//!    must hit every path shorter than its value, so some arc of S* lies on the current
//!    shortest path at every step towards it. The search asks the caller whether to stop
//!    between nodes.
//! 3. **MIP**: the formulation of the parent module, handed to the solver with the time left
//!    and the gap, warm-started from the incumbent; the solver's best bound is reported.
//!
//! For max flow the chain is instead **cut branching** ([`super::cuts`]: branch and bound
//! with Lagrangian max-flow bounds, exact, its own incumbents, the caller asked whether to
//! stop between nodes); when every affordable arc of positive cost costs the same, it stops
//! after [`CUT_SEARCH_LIMIT_BEFORE_CLASSES`] nodes and **class branching** follows
//! ([`super::classes`]: branch and bound over the classes of cuts, by the `K`-th largest
//! capacity the budget buys in them, and over node sides; stronger bounds than the LP's, exact,
//! from the incumbent, at most [`CLASS_SEARCH_LIMIT`] nodes); then, only when neither has
//! settled the instance (cut branching alone gets [`CUT_SEARCH_LIMIT`] nodes), the MIP
//! warm-started from the incumbent. With integer capacities the MIP's bound rounds up, and the
//! solver may stop once the bound is within 1 of the incumbent.
//!
//! [`Method::Mip`] runs steps 1 and 3 (the greedy incumbent is the fallback when the solver
//! stops before it has a solution of its own); [`Method::Enumeration`] is unchanged.
//!
//! The library reads no clock: the caller's [`Limits::time_left`] does. Without a time limit
//! every step is deterministic; with one, how far a step gets (and so which incumbent is
//! reported) can depend on the machine's speed.

use good_lp::{
    Solution, SolutionStatus, SolverModel, WithInitialSolution, WithMipGap, WithTimeLimit,
};

use super::classes::{class_search, uniform_price};
use super::cuts::{Searched, cut_search, round_up, whole};
use super::{
    Interdiction, Method, Mip, Objective, Solver, big_m, check_inputs, enumerate, evaluate,
    max_flow_mip, prune, shortest_path_mip,
};
use crate::error::NetError;
use crate::flow::{min_cut_masked, shortest_path_arcs};
use crate::graph::{ArcId, NetGraph, NodeId};

/// Path-branching runs in the chain when its estimated number of nodes is at most this.
pub const PATH_SEARCH_LIMIT: f64 = 2e5;

/// Cut branching (max flow) searches at most this many nodes before the chain hands over to
/// the MIP.
pub const CUT_SEARCH_LIMIT: u64 = 500;

/// Cut branching searches at most this many nodes when class branching can follow (every
/// affordable arc of positive cost costs the same).
pub const CUT_SEARCH_LIMIT_BEFORE_CLASSES: u64 = 10;

/// Class branching (the `classes` module) searches at most this many nodes before the chain
/// hands over to the MIP.
pub const CLASS_SEARCH_LIMIT: u64 = 100_000;

/// With integer capacities the MIP may stop at a relative gap of this share of 1 / incumbent
/// (a bound within 1 of an integer value proves it).
pub const INTEGER_GAP_SHARE: f64 = 0.99;

/// Share of the time left that the MIP solver is given (it overruns its limit by up to a
/// fraction of a second).
pub const MIP_TIME_SHARE: f64 = 0.85;

/// How long and how close to optimal the search may go.
pub struct Limits<'a> {
    /// Relative gap |bound − value| / max(|bound|, |value|) at which the MIP solver may stop
    /// (0: prove optimality).
    pub gap: f64,
    /// Seconds left, asked between steps and between path-branching nodes; `None`: no limit.
    /// The caller's clock, not the library's.
    pub time_left: &'a (dyn Fn() -> Option<f64> + Sync),
}

impl Limits<'static> {
    /// No time limit, zero gap: every step runs to completion.
    pub fn none() -> Limits<'static> {
        Limits {
            gap: 0.0,
            time_left: &|| None,
        }
    }
}

/// What is proved about the reported set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Optimal: the bound equals the value.
    Optimal,
    /// Within the requested gap of the bound.
    WithinGap,
    /// Stopped by the time limit: the best set found so far, with whatever bound was proved.
    Stopped,
}

impl Status {
    /// `optimal`, `within-gap` or `stopped`.
    pub fn name(self) -> &'static str {
        match self {
            Status::Optimal => "optimal",
            Status::WithinGap => "within-gap",
            Status::Stopped => "stopped",
        }
    }
}

/// One method of the chain and how it ended.
#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    /// `greedy`, `path-branching`, `enumeration`, `microlp` or `highs`.
    pub method: &'static str,
    /// What it found or why it stopped, in words.
    pub outcome: String,
}

/// The result of [`interdict_with`].
#[derive(Debug, Clone, PartialEq)]
pub struct Bounded {
    /// The best set found (pruned, value recomputed exactly, as [`super::interdict`]'s).
    pub result: Interdiction,
    /// What is proved about it.
    pub status: Status,
    /// A proven bound on the optimal value: an upper bound for shortest path (maximised), a
    /// lower bound for max flow (minimised); `f64::INFINITY` for shortest path when nothing
    /// better than "the sink may be cut off" is proved.
    pub bound: f64,
    /// |bound − value| / max(|bound|, |value|), 0 when both are 0 or both infinite; infinite
    /// when only the bound is.
    pub gap: f64,
    /// The methods that ran, in order.
    pub chain: Vec<Step>,
}

/// Finds a budget-feasible set of arcs for `objective` within `limits`, by `method`
/// ([`Method::Chain`], [`Method::Mip`] or [`Method::Enumeration`]), and says what is proved.
pub fn interdict_with(
    graph: &NetGraph,
    objective: Objective,
    source: NodeId,
    sink: NodeId,
    budget: f64,
    method: Method,
    limits: &Limits,
) -> Result<Bounded, NetError> {
    check_inputs(graph, source, sink, budget)?;
    if !(limits.gap.is_finite() && limits.gap >= 0.0) {
        return Err(NetError::InvalidGap(limits.gap));
    }
    let problem = Problem {
        graph,
        objective,
        source,
        sink,
        budget,
    };
    let before = evaluate(graph, objective, source, sink, &[]);
    let affordable: Vec<ArcId> = graph
        .arc_ids()
        .filter(|&a| graph.arc(a).cost <= budget)
        .collect();
    let mut run = Run {
        chain: Vec::new(),
        best: Vec::new(),
        bound: problem.trivial_bound(&affordable),
        proved: false,
        mip_objective: None,
        sets_evaluated: None,
    };
    let trivial = match objective {
        Objective::MaxFlow => before <= 0.0,
        Objective::ShortestPath => before.is_infinite(),
    };
    if trivial || affordable.is_empty() {
        run.bound = before;
        run.proved = true;
        run.chain.push(Step {
            method: "none",
            outcome: "nothing to interdict: no flow or path, or no affordable arc".into(),
        });
    } else {
        match method {
            Method::Enumeration => run.enumeration(&problem, &affordable)?,
            Method::Mip(solver) => {
                run.greedy(&problem);
                run.mip(&problem, solver, limits)?;
            }
            Method::Chain(solver) if objective == Objective::MaxFlow => {
                if !run.cut_search(&problem, limits) && !run.class_search(&problem, limits) {
                    run.mip(&problem, solver, limits)?;
                }
            }
            Method::Chain(solver) => {
                run.greedy(&problem);
                let size = problem.path_search_size(&affordable);
                if objective == Objective::ShortestPath && size <= PATH_SEARCH_LIMIT {
                    run.path_search(&problem, size, limits);
                } else {
                    if objective == Objective::ShortestPath {
                        run.chain.push(Step {
                            method: "path-branching",
                            outcome: format!(
                                "skipped: about {size:.3e} nodes, over the limit of {PATH_SEARCH_LIMIT:.0e}"
                            ),
                        });
                    }
                    run.mip(&problem, solver, limits)?;
                }
            }
        }
    }
    Ok(run.finish(&problem, before, method, limits))
}

/// The instance.
struct Problem<'a> {
    graph: &'a NetGraph,
    objective: Objective,
    source: NodeId,
    sink: NodeId,
    budget: f64,
}

impl Problem<'_> {
    fn value(&self, arcs: &[ArcId]) -> f64 {
        evaluate(self.graph, self.objective, self.source, self.sink, arcs)
    }

    fn cost(&self, arcs: &[ArcId]) -> f64 {
        arcs.iter().map(|&a| self.graph.arc(a).cost).sum()
    }

    /// Whether `a` is strictly better than `b` for the interdictor.
    fn better(&self, a: f64, b: f64) -> bool {
        match self.objective {
            Objective::MaxFlow => a < b - 1e-9,
            Objective::ShortestPath => a > b + 1e-9 || (a.is_infinite() && b.is_finite()),
        }
    }

    /// A bound that needs no search: a max flow is at least 0; a shortest path is at most its
    /// length with every affordable arc interdicted (interdicting more never shortens it).
    fn trivial_bound(&self, affordable: &[ArcId]) -> f64 {
        match self.objective {
            Objective::MaxFlow => 0.0,
            Objective::ShortestPath => self.value(affordable),
        }
    }

    /// Estimated nodes of the path-branching search: Σ_{i ≤ d} h^i / i!, with h the arcs of
    /// the shortest path and d the most arcs the budget buys (sets reached in another order
    /// are visited once).
    fn path_search_size(&self, affordable: &[ArcId]) -> f64 {
        let (_, path) = shortest_path_arcs(self.graph, self.source, self.sink, &|_| None);
        let mut costs: Vec<f64> = affordable.iter().map(|&a| self.graph.arc(a).cost).collect();
        costs.sort_by(f64::total_cmp);
        let mut spent = 0.0;
        let depth = costs
            .iter()
            .take_while(|&&c| {
                spent += c;
                spent <= self.budget
            })
            .count();
        let h = path.len() as f64;
        let (mut term, mut total) = (1.0, 1.0);
        for i in 1..=depth {
            term *= h / i as f64;
            total += term;
        }
        total
    }
}

/// The state of the chain: the incumbent, the bound and the steps so far.
struct Run {
    chain: Vec<Step>,
    best: Vec<ArcId>,
    bound: f64,
    /// Whether a step proved the incumbent optimal.
    proved: bool,
    mip_objective: Option<f64>,
    sets_evaluated: Option<u64>,
}

impl Run {
    fn offer(&mut self, problem: &Problem, mut arcs: Vec<ArcId>) {
        arcs.sort();
        if problem.better(problem.value(&arcs), problem.value(&self.best)) {
            self.best = arcs;
        }
    }

    fn enumeration(&mut self, problem: &Problem, affordable: &[ArcId]) -> Result<(), NetError> {
        if affordable.len() > super::ENUMERATION_LIMIT {
            return Err(NetError::TooLargeForEnumeration {
                candidates: affordable.len(),
                max: super::ENUMERATION_LIMIT,
            });
        }
        let p = problem;
        let (arcs, evaluated) =
            enumerate(p.graph, p.objective, p.source, p.sink, p.budget, affordable);
        self.best = arcs;
        self.proved = true;
        self.sets_evaluated = Some(evaluated);
        self.chain.push(Step {
            method: "enumeration",
            outcome: format!("optimal: {evaluated} sets evaluated"),
        });
        Ok(())
    }

    /// Adds, while the budget allows, the affordable arc whose interdiction gives the best
    /// value, among the arcs of the current shortest path or minimum cut.
    fn greedy(&mut self, problem: &Problem) {
        let mut chosen: Vec<ArcId> = Vec::new();
        let mut value = problem.value(&chosen);
        loop {
            let hit = |arc: ArcId| chosen.binary_search(&arc).is_ok();
            let candidates = match problem.objective {
                Objective::ShortestPath => {
                    let delay = |arc: ArcId| {
                        hit(arc).then(|| problem.graph.arc(arc).delay.unwrap_or(f64::INFINITY))
                    };
                    shortest_path_arcs(problem.graph, problem.source, problem.sink, &delay).1
                }
                Objective::MaxFlow => {
                    min_cut_masked(problem.graph, problem.source, problem.sink, &hit).1
                }
            };
            let left = problem.budget - problem.cost(&chosen);
            let mut step: Option<(f64, ArcId)> = None;
            for arc in candidates {
                if hit(arc) || problem.graph.arc(arc).cost > left {
                    continue;
                }
                let mut trial = chosen.clone();
                trial.push(arc);
                trial.sort();
                let v = problem.value(&trial);
                if step.is_none_or(|(best, _)| problem.better(v, best)) {
                    step = Some((v, arc));
                }
            }
            match step {
                Some((v, arc)) if problem.better(v, value) => {
                    chosen.push(arc);
                    chosen.sort();
                    value = v;
                }
                _ => break,
            }
        }
        self.chain.push(Step {
            method: "greedy",
            outcome: format!("{} arcs, value {}", chosen.len(), words(value)),
        });
        self.offer(problem, chosen);
    }

    /// Path branching (see the module docs), depth-first, arcs of each path in path order.
    fn path_search(&mut self, problem: &Problem, estimate: f64, limits: &Limits) {
        let mut visited: std::collections::BTreeSet<Vec<ArcId>> = Default::default();
        let mut stack: Vec<Vec<ArcId>> = vec![Vec::new()];
        let mut nodes = 0u64;
        let mut stopped = false;
        while let Some(set) = stack.pop() {
            if (limits.time_left)().is_some_and(|t| t <= 0.0) {
                stopped = true;
                break;
            }
            nodes += 1;
            let hit = |arc: ArcId| set.binary_search(&arc).is_ok();
            let delay = |arc: ArcId| {
                hit(arc).then(|| problem.graph.arc(arc).delay.unwrap_or(f64::INFINITY))
            };
            let (length, path) =
                shortest_path_arcs(problem.graph, problem.source, problem.sink, &delay);
            if problem.better(length, problem.value(&self.best)) {
                self.best = set.clone();
            }
            if length.is_infinite() {
                // Cut off: nothing is better.
                stack.clear();
                break;
            }
            let left = problem.budget - problem.cost(&set);
            for &arc in path.iter().rev() {
                if hit(arc) || problem.graph.arc(arc).cost > left {
                    continue;
                }
                let mut child = set.clone();
                child.push(arc);
                child.sort();
                if visited.insert(child.clone()) {
                    stack.push(child);
                }
            }
        }
        let value = problem.value(&self.best);
        if stopped {
            self.chain.push(Step {
                method: "path-branching",
                outcome: format!(
                    "stopped by the time limit after {nodes} of about {estimate:.3e} nodes; best value {}",
                    words(value)
                ),
            });
        } else {
            self.proved = true;
            self.bound = value;
            self.chain.push(Step {
                method: "path-branching",
                outcome: format!("optimal: {nodes} nodes searched, value {}", words(value)),
            });
        }
    }

    /// Cut branching (see [`super::cuts`]); returns whether it settled the instance (optimal,
    /// or within the gap).
    fn cut_search(&mut self, problem: &Problem, limits: &Limits) -> bool {
        let p = problem;
        let stop = || (limits.time_left)().is_some_and(|t| t <= 0.0);
        let max_nodes = if uniform_price(p.graph, p.budget) {
            CUT_SEARCH_LIMIT_BEFORE_CLASSES
        } else {
            CUT_SEARCH_LIMIT
        };
        let found = cut_search(
            p.graph, p.source, p.sink, p.budget, limits.gap, max_nodes, &stop,
        );
        self.settle(problem, "cut-branching", found, stop())
    }

    /// Class branching (see [`super::classes`]), from the incumbent; returns whether it settled
    /// the instance (optimal, or within the gap). Adds no step when it does not apply.
    fn class_search(&mut self, problem: &Problem, limits: &Limits) -> bool {
        let p = problem;
        let stop = || (limits.time_left)().is_some_and(|t| t <= 0.0);
        let Some(found) = class_search(
            p.graph,
            p.source,
            p.sink,
            p.budget,
            limits.gap,
            &self.best,
            true,
            CLASS_SEARCH_LIMIT,
            &stop,
        ) else {
            return false;
        };
        self.settle(problem, "class-branching", found, stop())
    }

    /// Takes what an exact search of the chain found (its set, its bound), records the step's
    /// outcome in words, and returns whether the search settled the instance (optimal, or
    /// within the gap). `stopped`: the time limit had passed when it ended.
    fn settle(
        &mut self,
        problem: &Problem,
        method: &'static str,
        found: Searched,
        stopped: bool,
    ) -> bool {
        self.offer(problem, found.best);
        let value = problem.value(&self.best);
        self.bound = self.bound.max(found.bound.min(value));
        let nodes = found.nodes;
        let outcome = if found.proved || (found.complete && relative_gap(value, self.bound) == 0.0)
        {
            self.proved = true;
            format!("optimal: {nodes} nodes searched, value {}", words(value))
        } else if found.complete {
            format!(
                "within the gap: {nodes} nodes searched, value {}, bound {}",
                words(value),
                words(self.bound)
            )
        } else if stopped {
            format!(
                "stopped by the time limit after {nodes} nodes; best value {}, bound {}",
                words(value),
                words(self.bound)
            )
        } else {
            format!(
                "stopped after {nodes} nodes (the limit); best value {}, bound {}",
                words(value),
                words(self.bound)
            )
        };
        self.chain.push(Step { method, outcome });
        found.complete
    }

    /// The MIP, warm-started from the incumbent, with the time left and the gap.
    fn mip(&mut self, problem: &Problem, solver: Solver, limits: &Limits) -> Result<(), NetError> {
        let time_left = (limits.time_left)();
        if time_left.is_some_and(|t| t <= 0.0) {
            self.chain.push(Step {
                method: solver.name(),
                outcome: "not started: no time left".into(),
            });
            return Ok(());
        }
        let p = problem;
        let mip = match p.objective {
            Objective::MaxFlow => max_flow_mip(p.graph, p.source, p.sink, p.budget),
            Objective::ShortestPath => shortest_path_mip(p.graph, p.source, p.sink, p.budget),
        };
        // The solver checks its clock between simplex steps and can overrun by a fraction of
        // a second on large models: it gets 85% of the time left.
        let solver_time = time_left.map(|t| t * MIP_TIME_SHARE);
        // With integer capacities every max flow is an integer, so a bound within 1 of the
        // incumbent proves it: the solver may stop at a relative gap just under 1 / incumbent
        // (the proof is checked below on the rounded bound, whatever the solver says).
        let integral = p.objective == Objective::MaxFlow
            && whole(p.graph.arc_ids().map(|a| p.graph.arc(a).capacity));
        let incumbent = p.value(&self.best);
        let gap = if integral && incumbent >= 1.0 {
            limits.gap.max(INTEGER_GAP_SHARE / incumbent)
        } else {
            limits.gap
        };
        let outcome = solve_limited(solver, mip, &self.best, solver_time, gap)?;
        let Some((objective, arcs, status, bound)) = outcome else {
            self.chain.push(Step {
                method: solver.name(),
                outcome: "stopped by the time limit before a solution or a bound".into(),
            });
            return Ok(());
        };
        self.mip_objective = Some(objective);
        // A bound past big M means "the sink may be cut off".
        let bound = bound.map(|b| match p.objective {
            Objective::ShortestPath if b >= big_m(p.graph) => f64::INFINITY,
            _ => b,
        });
        if let Some(b) = bound {
            self.bound = match p.objective {
                Objective::MaxFlow if integral => self.bound.max(round_up(b)),
                Objective::MaxFlow => self.bound.max(b),
                Objective::ShortestPath => self.bound.min(b),
            };
        }
        self.offer(problem, arcs);
        let solved = matches!(status, SolutionStatus::Optimal);
        let rounded =
            !solved && integral && bound.is_some_and(|b| round_up(b) >= p.value(&self.best) - 1e-9);
        self.proved = solved || rounded;
        self.chain.push(Step {
            method: solver.name(),
            outcome: format!(
                "{}: objective {}, bound {}",
                match status {
                    _ if rounded =>
                        "optimal (integer capacities: the bound rounds up to the value)",
                    SolutionStatus::Optimal => "optimal",
                    SolutionStatus::GapLimit => "within the gap",
                    SolutionStatus::TimeLimit => "stopped by the time limit",
                },
                words(objective),
                bound.map_or_else(|| "none".to_owned(), words)
            ),
        });
        Ok(())
    }

    fn finish(self, problem: &Problem, before: f64, method: Method, limits: &Limits) -> Bounded {
        let p = problem;
        let (arcs, value) = prune(p.graph, p.objective, p.source, p.sink, self.best);
        let cost = p.cost(&arcs);
        let bound = if self.proved { value } else { self.bound };
        let gap = relative_gap(value, bound);
        let status = if self.proved || gap == 0.0 {
            Status::Optimal
        } else if gap <= limits.gap {
            Status::WithinGap
        } else {
            Status::Stopped
        };
        Bounded {
            result: Interdiction {
                objective: p.objective,
                before,
                value,
                arcs,
                cost,
                method,
                mip_objective: self.mip_objective,
                sets_evaluated: self.sets_evaluated,
            },
            status,
            bound,
            gap,
            chain: self.chain,
        }
    }
}

/// |bound − value| / max(|bound|, |value|); 0 when equal (infinite included).
fn relative_gap(value: f64, bound: f64) -> f64 {
    if value == bound {
        return 0.0;
    }
    if value.is_infinite() || bound.is_infinite() {
        return f64::INFINITY;
    }
    (bound - value).abs() / bound.abs().max(value.abs())
}

fn words(value: f64) -> String {
    if value.is_infinite() {
        "infinite (cut off)".into()
    } else {
        format!("{value}")
    }
}

/// `(objective, arcs, status, best bound)`, or `None` when the solver stopped without a
/// solution.
type MipOutcome = Option<(f64, Vec<ArcId>, SolutionStatus, Option<f64>)>;

fn solve_limited(
    solver: Solver,
    mip: Mip,
    warm: &[ArcId],
    time_left: Option<f64>,
    gap: f64,
) -> Result<MipOutcome, NetError> {
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
    let hint: Vec<(good_lp::Variable, f64)> = decisions
        .iter()
        .map(|(arc, v)| (*v, f64::from(u8::from(warm.binary_search(arc).is_ok()))))
        .collect();
    let chosen = |value: &dyn Fn(good_lp::Variable) -> f64| -> Vec<ArcId> {
        let mut arcs: Vec<ArcId> = decisions
            .iter()
            .filter(|(_, v)| value(*v) > 0.5)
            .map(|(arc, _)| *arc)
            .collect();
        arcs.sort();
        arcs
    };
    match solver {
        Solver::Microlp => {
            let mut model = problem
                .using(good_lp::microlp)
                .with_mip_gap(gap as f32)
                .map_err(|e| failed(e.to_string()))?
                .with_initial_solution(hint);
            if let Some(t) = time_left {
                model = model.with_time_limit(t.max(0.0));
            }
            let solution = match model.with_all(constraints).solve() {
                Ok(solution) => solution,
                Err(good_lp::ResolutionError::Other(_)) if time_left.is_some() => return Ok(None),
                Err(e) => return Err(failed(e.to_string())),
            };
            let status = solution.status();
            let value = solution.eval(&objective);
            let arcs = chosen(&|v| solution.value(v));
            let bound = solution.into_inner().stats().best_bound;
            Ok(Some((value, arcs, status, bound)))
        }
        #[cfg(feature = "highs")]
        Solver::Highs => {
            let mut model = problem
                .using(good_lp::highs)
                .set_threads(1)
                .set_mip_rel_gap(gap as f32)
                .map_err(|e| failed(e.to_string()))?
                .with_initial_solution(hint);
            if let Some(t) = time_left {
                model = model.set_time_limit(t.max(0.0));
            }
            model.set_verbose(false);
            let solution = match model.with_all(constraints).solve() {
                Ok(solution) => solution,
                Err(_) if time_left.is_some() => return Ok(None),
                Err(e) => return Err(failed(e.to_string())),
            };
            let status = solution.status();
            let value = solution.eval(&objective);
            let arcs = chosen(&|v| solution.value(v));
            let bound = matches!(status, SolutionStatus::Optimal).then_some(value);
            Ok(Some((value, arcs, status, bound)))
        }
    }
}
