//! Interdiction plans: how interdiction effort is spread over the links, per phase.
//!
//! Prong one is a network-interdiction problem. Under the joint regime the coalition pools the
//! interdiction capacity of every actor tasked to interdict and spends it as one plan: an
//! optimal budgeted max-flow interdiction (Wood 1993, solved by `cordon-net`) of the fighters
//! network between the core and the bastions, each cut link receiving the effort that holds it
//! severed against repair; what is left goes to the remaining links in order of importance
//! (command, fighters, finance, propaganda; then capacity). Under the parallel and cross-purpose
//! regimes each actor solves the same problem alone, with its own capacity and only over the
//! links in its own jurisdiction; actors do not coordinate, so their cuts may overlap.
//!
//! Plans depend only on the scenario and the course of action, so they are computed once per
//! course of action and shared by all its replications ([`CoaPlan`]).

use cordon_model::{ActorId, Coa, CoaId, LinkKind, Regime, RelationKind, Scenario, TaskKind};
use cordon_net::interdiction::{Method, Objective, Solver, interdict};
use cordon_net::{ArcSpec, NetGraph};

use crate::topology::Topology;
use std::sync::Arc;

/// The interdiction and disruption effort of every phase of one course of action.
#[derive(Clone, Debug)]
pub struct CoaPlan {
    pub coa: CoaId,
    /// The plan of each phase: pooled under joint, one per actor otherwise.
    phases: Vec<PhasePlan>,
    /// Links cut by the optimiser, per phase (for reports and tests).
    pub cuts: Vec<Vec<usize>>,
    /// The scenario's per-region adjacency, computed once here and shared by every campaign
    /// of the course.
    pub(crate) topo: Arc<Topology>,
}

/// The interdiction and disruption of one phase.
#[derive(Clone, Debug)]
enum PhasePlan {
    /// Joint: one plan for the whole coalition.
    Pooled(ActorPlan),
    /// Parallel and cross-purpose: `plans[a]` is actor `a`'s own.
    Own(Vec<ActorPlan>),
}

/// Effort per link and per support link from one actor's tasks in one phase.
#[derive(Clone, Debug, Default)]
struct ActorPlan {
    links: Vec<(usize, f64)>,
    support: Vec<(usize, f64)>,
}

/// The effort that holds a link at half the severed level against the adversary's repair.
pub fn effort_to_sever(s: &Scenario) -> f64 {
    let target = (s.outcome_rules().severed_integrity / 2.0).max(1e-3);
    (s.adversary().repair_rate_per_day * (1.0 - target) / target).max(0.05)
}

impl CoaPlan {
    pub fn new(s: &Scenario, coa: CoaId) -> CoaPlan {
        CoaPlan::of(s, coa, s.coa(coa))
    }

    /// The plan of course `c`, which need not be one of the scenario's (orders given during a
    /// game, [`crate::Campaign::with_orders`]); `coa` is the id it is filed under.
    pub(crate) fn of(s: &Scenario, coa: CoaId, c: &Coa) -> CoaPlan {
        let mut phases = Vec::with_capacity(c.phases.len());
        let mut cuts = Vec::with_capacity(c.phases.len());
        for phase in &c.phases {
            let (plan, mut phase_cuts) = if c.regime.shares_plan() {
                pooled_plan(s, c, phase)
            } else {
                own_plans(s, c, phase)
            };
            phase_cuts.sort_unstable();
            phase_cuts.dedup();
            phases.push(plan);
            cuts.push(phase_cuts);
        }
        CoaPlan {
            coa,
            phases,
            cuts,
            topo: Arc::new(Topology::new(s)),
        }
    }

    /// Adds the effort of phase `phase`'s pooled plan (joint) to `links` and `support`.
    pub(crate) fn apply_pooled(&self, phase: usize, links: &mut [f64], support: &mut [f64]) {
        if let Some(PhasePlan::Pooled(plan)) = self.phases.get(phase) {
            plan.add_to(links, support);
        }
    }

    /// Adds the effort of actor `a`'s own plan in phase `phase` (parallel, cross-purpose) to
    /// `links` and `support`.
    pub(crate) fn apply_own(&self, phase: usize, a: usize, links: &mut [f64], support: &mut [f64]) {
        if let Some(PhasePlan::Own(plans)) = self.phases.get(phase)
            && let Some(plan) = plans.get(a)
        {
            plan.add_to(links, support);
        }
    }
}

impl ActorPlan {
    fn add_to(&self, links: &mut [f64], support: &mut [f64]) {
        for &(l, e) in &self.links {
            links[l] += e;
        }
        for &(k, e) in &self.support {
            support[k] += e;
        }
    }
}

/// Joint: one pooled plan over every link someone in the coalition may act on, and the pooled
/// support disruption. Returns the plan and the links of the optimal cut.
fn pooled_plan(s: &Scenario, c: &Coa, phase: &cordon_model::Phase) -> (PhasePlan, Vec<usize>) {
    let mut plan = ActorPlan::default();
    let mut cut = Vec::new();
    let mut pool = 0.0;
    let mut listed: Vec<usize> = Vec::new();
    let mut any_unlisted = false;
    for task in &phase.tasks {
        if let TaskKind::Interdict(links) = &task.kind {
            pool += task.effort * s.actor(task.actor).interdiction_capacity;
            if links.is_empty() {
                any_unlisted = true;
            }
            listed.extend(links.iter().map(|l| l.index()));
        }
    }
    let eligible: Vec<bool> = (0..s.links().len())
        .map(|l| !s.links()[l].jurisdiction.is_empty() && (any_unlisted || listed.contains(&l)))
        .collect();
    if pool > 0.0 {
        let (efforts, optimal) = allocate(s, pool, &eligible);
        plan.links = efforts;
        cut = optimal;
    }
    plan.support = pooled_disruption(s, c, phase);
    (PhasePlan::Pooled(plan), cut)
}

/// Parallel and cross-purpose: each actor's own plan over its own jurisdiction. Returns the
/// plans and the links of every actor's optimal cut.
fn own_plans(s: &Scenario, c: &Coa, phase: &cordon_model::Phase) -> (PhasePlan, Vec<usize>) {
    let mut plans = vec![ActorPlan::default(); s.actors().len()];
    let mut cuts = Vec::new();
    for task in &phase.tasks {
        let a = task.actor.index();
        match &task.kind {
            TaskKind::Interdict(links) => {
                let capacity = task.effort * s.actor(task.actor).interdiction_capacity;
                let eligible: Vec<bool> = s
                    .links()
                    .iter()
                    .enumerate()
                    .map(|(l, link)| {
                        link.jurisdiction.contains(&task.actor)
                            && (links.is_empty() || links.iter().any(|x| x.index() == l))
                    })
                    .collect();
                if capacity > 0.0 {
                    let (efforts, cut) = allocate(s, capacity, &eligible);
                    for (l, e) in efforts {
                        let keep = cooperation(s, c.regime, task.actor, &s.links()[l].jurisdiction);
                        plans[a].links.push((l, e * keep));
                    }
                    cuts.extend(cut);
                }
            }
            TaskKind::DisruptSupport(region) => {
                let capacity = task.effort * s.actor(task.actor).disruption_capacity;
                let eligible: Vec<usize> = s
                    .support_links()
                    .iter()
                    .enumerate()
                    .filter(|(_, k)| k.region == *region && k.jurisdiction.contains(&task.actor))
                    .map(|(k, _)| k)
                    .collect();
                let total: f64 = eligible.iter().map(|&k| s.support_links()[k].share).sum();
                if total > 0.0 {
                    for k in eligible {
                        let link = &s.support_links()[k];
                        let keep = cooperation(s, c.regime, task.actor, &link.jurisdiction);
                        plans[a]
                            .support
                            .push((k, capacity * link.share / total * keep));
                    }
                }
            }
            _ => {}
        }
    }
    (PhasePlan::Own(plans), cuts)
}

/// Share of a jurisdiction that is not a rival of `a` (cross-purpose only): rivals leave their
/// stretch of the route open.
fn cooperation(s: &Scenario, regime: Regime, a: ActorId, jurisdiction: &[ActorId]) -> f64 {
    if !regime.rivals_leave_links_open() || jurisdiction.is_empty() {
        return 1.0;
    }
    let rivals = jurisdiction
        .iter()
        .filter(|b| s.relation(a, **b).kind == RelationKind::Rival)
        .count();
    1.0 - rivals as f64 / jurisdiction.len() as f64
}

/// Joint support disruption: every `disrupt_support` capacity aimed at a region is pooled and
/// spread over that region's support links in proportion to their share.
fn pooled_disruption(s: &Scenario, _c: &Coa, phase: &cordon_model::Phase) -> Vec<(usize, f64)> {
    let mut out: Vec<(usize, f64)> = Vec::new();
    for task in &phase.tasks {
        if let TaskKind::DisruptSupport(region) = task.kind {
            let capacity = task.effort * s.actor(task.actor).disruption_capacity;
            let eligible =
                |k: &cordon_model::SupportLink| k.region == region && !k.jurisdiction.is_empty();
            let total: f64 = s
                .support_links()
                .iter()
                .filter(|k| eligible(k))
                .map(|k| k.share)
                .sum();
            if total <= 0.0 {
                continue;
            }
            for (k, link) in s.support_links().iter().enumerate() {
                if eligible(link) {
                    out.push((k, capacity * link.share / total));
                }
            }
        }
    }
    out
}

/// Spends `capacity` over the eligible links: first an optimal cut of the fighters network
/// between the core and the other regions, then the remaining links by importance, then an
/// even spread of what is left. Returns the effort per link and the links of the optimal cut.
fn allocate(s: &Scenario, capacity: f64, eligible: &[bool]) -> (Vec<(usize, f64)>, Vec<usize>) {
    let need = effort_to_sever(s);
    let mut effort = vec![0.0; s.links().len()];
    let mut left = capacity;
    let cut = optimal_cut(s, left / need, eligible);
    for &l in &cut {
        let give = need.min(left);
        effort[l] += give;
        left -= give;
    }
    for l in priority(s) {
        if left <= 0.0 {
            break;
        }
        if eligible[l] && effort[l] == 0.0 {
            let give = need.min(left);
            effort[l] += give;
            left -= give;
        }
    }
    let n_eligible = eligible.iter().filter(|x| **x).count();
    if left > 0.0 && n_eligible > 0 {
        for (l, ok) in eligible.iter().enumerate() {
            if *ok {
                effort[l] += left / n_eligible as f64;
            }
        }
    }
    let efforts = effort
        .into_iter()
        .enumerate()
        .filter(|(_, e)| *e > 0.0)
        .collect();
    (efforts, cut)
}

/// Links in order of importance: command, fighters, finance, propaganda; within a kind, by
/// capacity relative to the largest of that kind; ties by index.
fn priority(s: &Scenario) -> Vec<usize> {
    let weight = |k: LinkKind| match k {
        LinkKind::Command => 4.0,
        LinkKind::Fighters => 3.0,
        LinkKind::Finance => 2.0,
        LinkKind::Propaganda => 1.0,
    };
    let max_cap = |k: LinkKind| {
        s.links()
            .iter()
            .filter(|l| l.kind == k)
            .map(|l| l.capacity)
            .fold(0.0_f64, f64::max)
            .max(f64::MIN_POSITIVE)
    };
    let importance: Vec<f64> = s
        .links()
        .iter()
        .map(|l| weight(l.kind) * l.capacity / max_cap(l.kind))
        .collect();
    let mut order: Vec<usize> = (0..s.links().len()).collect();
    order.sort_by(|&a, &b| importance[b].total_cmp(&importance[a]).then(a.cmp(&b)));
    order
}

/// The fighters links of an optimal budgeted max-flow interdiction between the core region and
/// all other regions (joined by a super-sink), with `budget` links affordable. Links between the
/// same two regions are merged into one arc. Empty when there is nothing to cut or the solver
/// fails (the priority plan then takes over).
fn optimal_cut(s: &Scenario, budget: f64, eligible: &[bool]) -> Vec<usize> {
    const SINK: &str = "\u{0}bastions";
    let core = s.meta().core_region.index();
    let fighters: Vec<usize> = (0..s.links().len())
        .filter(|&l| s.links()[l].kind == LinkKind::Fighters)
        .collect();
    if fighters.is_empty() || budget < 1.0 {
        return Vec::new();
    }
    let undirected = fighters.iter().all(|&l| s.links()[l].bidirectional);
    let mut nodes: Vec<String> = s.regions().iter().map(|r| r.id.clone()).collect();
    nodes.push(SINK.to_string());
    // One arc per region pair (per direction, in a directed graph); all its links are cut
    // together, and cutting them costs one unit per link.
    let pairs = region_pairs(s, |link| link.kind == LinkKind::Fighters, undirected);
    let unaffordable = budget + 1.0;
    let mut arcs: Vec<ArcSpec> = pairs
        .iter()
        .map(
            |RegionPair {
                 from: a,
                 to: b,
                 links: ls,
             }| {
                let mut arc = ArcSpec::new(nodes[*a].clone(), nodes[*b].clone());
                arc.capacity = ls.iter().map(|&l| s.links()[l].capacity).sum();
                arc.cost = if ls.iter().all(|&l| eligible[l]) {
                    ls.len() as f64
                } else {
                    unaffordable
                };
                arc
            },
        )
        .collect();
    let total_capacity: f64 = arcs.iter().map(|a| a.capacity).sum::<f64>() + 1.0;
    for (r, region) in s.regions().iter().enumerate() {
        if r != core && region.branch.is_some() {
            let mut arc = ArcSpec::new(region.id.clone(), SINK);
            arc.capacity = total_capacity;
            arc.cost = unaffordable;
            arcs.push(arc);
        }
    }
    let Ok(graph) = NetGraph::new(!undirected, nodes.clone(), arcs) else {
        return Vec::new();
    };
    let (Some(source), Some(sink)) = (graph.node(&nodes[core]), graph.node(SINK)) else {
        return Vec::new();
    };
    match interdict(
        &graph,
        Objective::MaxFlow,
        source,
        sink,
        budget.floor(),
        Method::Mip(Solver::Microlp),
    ) {
        Ok(plan) => {
            let mut out: Vec<usize> = plan
                .arcs
                .iter()
                .filter_map(|a| pairs.get(a.index()))
                .flat_map(|pair| pair.links.iter().copied())
                .collect();
            out.sort_unstable();
            out.dedup();
            out
        }
        Err(_) => Vec::new(),
    }
}

/// Links between the same two regions, grouped: the arcs of the scenario's linkage network.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RegionPair {
    pub from: usize,
    pub to: usize,
    /// Indices of the links between them, in scenario order.
    pub links: Vec<usize>,
}

/// The scenario's inter-regional links that `include` keeps, grouped by region pair, pairs in
/// the order their first link appears: one pair per direction (a bidirectional link in both),
/// or, with `undirected`, one per unordered pair. The one scenario-to-graph function: the
/// interdiction planner and `cordon network --scenario` both build their graphs from it.
pub fn region_pairs(
    s: &Scenario,
    include: impl Fn(&cordon_model::Link) -> bool,
    undirected: bool,
) -> Vec<RegionPair> {
    let mut pairs: Vec<RegionPair> = Vec::new();
    let mut add = |from: usize, to: usize, l: usize| match pairs
        .iter_mut()
        .find(|p| (p.from, p.to) == (from, to))
    {
        Some(p) => {
            if !p.links.contains(&l) {
                p.links.push(l);
            }
        }
        None => pairs.push(RegionPair {
            from,
            to,
            links: vec![l],
        }),
    };
    for (l, link) in s.links().iter().enumerate() {
        if !include(link) {
            continue;
        }
        let (a, b) = (link.from.index(), link.to.index());
        if undirected {
            add(a.min(b), a.max(b), l);
        } else {
            add(a, b, l);
            if link.bidirectional {
                add(b, a, l);
            }
        }
    }
    pairs
}
