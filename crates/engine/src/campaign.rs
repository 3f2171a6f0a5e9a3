//! One campaign: the step loop, the decisions made at the start of each step, and the two
//! integrators (mean-field RK4 and stochastic tau-leaping with integer draws).

use cordon_model::{
    ActorId, Coa, CoaId, Comparison, Doctrine, KeyRef, LinkId, LinkKind, Metric, RegionId,
    RelationKind, Scenario, Subject, TaskKind, ThirdPartyId,
};
use rand::RngExt as _;
use rand_chacha::ChaCha8Rng;
use rand_distr::{Binomial, Distribution as _, Poisson};

use std::borrow::Cow;

use crate::dynamics::{self, Decisions, Flows};
use crate::event::{Event, EventKind, Observer};
use crate::grid::Grid;
use crate::outcome::Outcome;
use crate::plan::CoaPlan;
use crate::stream::StreamKey;
use crate::world::{Posture, World};

// Orders given during play (the wargame): a child module, so that it can re-task a campaign.
#[path = "orders.rs"]
mod orders;

// Quiet stretches: steps that would change nothing are skipped (a child module, so that it can
// read the whole state).
#[path = "calm.rs"]
mod calm;

/// Which of the two modes of the model to run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// Integer events drawn from the random stream (Monte Carlo).
    Stochastic,
    /// The deterministic expected-value dynamics, integrated with RK4.
    MeanField,
}

/// A replication that went numerically wrong. It is reported, never a panic.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum EngineError {
    #[error(
        "non-finite value in {variable} at step {step} (day {day}) of replication {key}{}",
        behind.as_ref().map_or_else(String::new, |k| format!("; the most extreme value behind it: {k}"))
    )]
    NonFinite {
        key: StreamKey,
        step: usize,
        day: f64,
        variable: String,
        /// The entity the value belongs to, when it belongs to one.
        subject: Option<Subject>,
        /// The number written in the scenario that most likely caused it
        /// ([`Scenario::key_behind`]).
        behind: Option<Box<KeyRef>>,
    },
}

/// Runs one campaign of course of action `coa` to the horizon.
pub fn run(
    scenario: &Scenario,
    coa: CoaId,
    mode: Mode,
    key: StreamKey,
    observer: &mut dyn Observer,
) -> Result<Outcome, EngineError> {
    let plan = CoaPlan::new(scenario, coa);
    run_planned(scenario, &plan, mode, key, observer)
}

/// Runs one campaign with a plan computed beforehand ([`CoaPlan::new`]): ensembles compute the
/// plan once per course of action and share it across replications.
pub fn run_planned(
    scenario: &Scenario,
    plan: &CoaPlan,
    mode: Mode,
    key: StreamKey,
    observer: &mut dyn Observer,
) -> Result<Outcome, EngineError> {
    let mut campaign = Campaign::with_plan(scenario, plan, mode, key);
    campaign.begin(observer);
    while !campaign.finished() {
        campaign.advance(observer)?;
    }
    Ok(Outcome::from_world(scenario, &campaign.world))
}

/// A campaign in progress: the world plus the stepper's scratch memory.
pub struct Campaign<'s> {
    s: &'s Scenario,
    coa: &'s Coa,
    plan: Cow<'s, CoaPlan>,
    mode: Mode,
    key: StreamKey,
    pub world: World,
    d: Decisions,
    flows: Flows,
    k: [Vec<f64>; 4],
    scratch: Vec<f64>,
    before: Vec<f64>,
    targets: Grid<f64>,
    actor_phase: Vec<Option<usize>>,
    /// Per actor × phase: the day the actor's own trigger fired (parallel, cross-purpose).
    actor_started: Vec<Option<f64>>,
    /// Per actor: what it can see of the campaign when it evaluates a trigger on its own.
    views: Vec<View>,
    /// `by_actor[p][a]`: the indices of actor `a`'s tasks in phase `p`, in file order.
    by_actor: Vec<Vec<Vec<u32>>>,
    /// Per region: the threat computed in this step's doctrine decisions (reused by the
    /// breadth-first search over refuges).
    threat_cache: Vec<Option<f64>>,
    /// Per actor: the redeployment relaxation of a step of `relax_dt` days.
    relax: Vec<f64>,
    relax_dt: f64,
    /// Per actor: its forces on day 0 over all regions (the scale of its force pool).
    initial_forces: Vec<f64>,
    /// Per link, then per support link: (rate bits, step-length bits, e^(−rate·dt)) of the
    /// latest integrity update.
    decay: Vec<(u64, u64, f64)>,
    /// The replication's random streams, one per source of randomness.
    rngs: Channels,
    /// Per region: fighters links out of it, as (link, direction, neighbour).
    exits: Vec<Vec<(usize, usize, usize)>>,
    bfs_queue: Vec<usize>,
    bfs_hop: Vec<Option<(usize, usize)>>,
    trapped: Vec<bool>,
    /// Mean-field: whether the leader's survival probability was at least one half.
    leader_alive_half: bool,
    /// Stochastic: the leader was killed during this step (reported in `after_step`).
    leader_killed_now: bool,
    begun: bool,
    /// Whether the last steps changed nothing ([`calm`]).
    calm: calm::Calm,
    /// The state outside `u` at the end of the last two quiet steps (reused buffers).
    calm_aux: [calm::Aux; 2],
    /// Whether quiet steps are skipped, and how many were.
    skip_quiet: bool,
    skipped: usize,
    /// What the cached decisions were computed from ([`Campaign::decide`]).
    cache: DecisionCache,
}

/// The inputs of the decisions that are recomputed only when they change (the same numbers,
/// without the work): fire and detection depend on which actors are present in which regions,
/// interdiction and backing on the phases in force. New orders clear it.
#[derive(Default)]
struct DecisionCache {
    /// Per region, then per actor that can be there (`Topology::actors_in`): the slot of its
    /// engaged forces, and whether they were above 0.
    engaged: Vec<usize>,
    presence: Vec<bool>,
    presence_known: bool,
    /// The latest phase started and each actor's phase when interdiction and backing were
    /// computed.
    latest_phase: Option<usize>,
    actor_phase: Vec<Option<usize>>,
    phases_known: bool,
}

impl DecisionCache {
    fn clear(&mut self) {
        self.presence_known = false;
        self.phases_known = false;
    }
}

impl<'s> Campaign<'s> {
    /// A campaign of course of action `coa` (computes its interdiction plan).
    pub fn new(s: &'s Scenario, coa: CoaId, mode: Mode, key: StreamKey) -> Campaign<'s> {
        Campaign::build(s, Cow::Owned(CoaPlan::new(s, coa)), mode, key)
    }

    /// A campaign with a plan computed beforehand.
    pub fn with_plan(
        s: &'s Scenario,
        plan: &'s CoaPlan,
        mode: Mode,
        key: StreamKey,
    ) -> Campaign<'s> {
        Campaign::build(s, Cow::Borrowed(plan), mode, key)
    }

    fn build(s: &'s Scenario, plan: Cow<'s, CoaPlan>, mode: Mode, key: StreamKey) -> Campaign<'s> {
        let mut world = World::new(s);
        let coa = s.coa(plan.coa);
        world.phase_started = vec![None; coa.phases.len()];
        let n_r = s.regions().len();
        let n_a = s.actors().len();
        let rngs = Channels::new(s, key);
        let mut exits = vec![Vec::new(); n_r];
        for (l, link) in s.links().iter().enumerate() {
            if link.kind == LinkKind::Fighters {
                exits[link.from.index()].push((l, 0, link.to.index()));
                if link.bidirectional {
                    exits[link.to.index()].push((l, 1, link.from.index()));
                }
            }
        }
        let flows = Flows::new(&world.layout);
        let topo = plan.topo.clone();
        let len = world.layout.len();
        let mut campaign = Campaign {
            s,
            coa,
            plan,
            mode,
            key,
            d: Decisions {
                mean_field: mode == Mode::MeanField,
                ..Decisions::new(s, topo)
            },
            flows,
            k: [
                vec![0.0; len],
                vec![0.0; len],
                vec![0.0; len],
                vec![0.0; len],
            ],
            scratch: vec![0.0; len],
            before: vec![0.0; len],
            targets: Grid::new(n_a, n_r, 0.0),
            actor_phase: vec![None; n_a],
            actor_started: vec![None; n_a * coa.phases.len()],
            views: (0..n_a).map(|a| View::of(s, a)).collect(),
            by_actor: coa
                .phases
                .iter()
                .map(|p| {
                    (0..n_a)
                        .map(|a| {
                            (0..p.tasks.len() as u32)
                                .filter(|&i| p.tasks[i as usize].actor.index() == a)
                                .collect()
                        })
                        .collect()
                })
                .collect(),
            threat_cache: vec![None; n_r],
            relax: vec![1.0; n_a],
            relax_dt: f64::NAN,
            initial_forces: s
                .actors()
                .iter()
                .map(|actor| actor.forces.iter().sum())
                .collect(),
            decay: vec![(u64::MAX, u64::MAX, 0.0); s.links().len() + s.support_links().len()],
            rngs,
            exits,
            bfs_queue: Vec::with_capacity(n_r),
            bfs_hop: vec![None; n_r],
            trapped: vec![false; n_r],
            leader_alive_half: true,
            leader_killed_now: false,
            begun: false,
            calm: calm::Calm::Busy,
            calm_aux: Default::default(),
            skip_quiet: true,
            skipped: 0,
            cache: DecisionCache::default(),
            world,
        };
        campaign.prime_calm();
        let lay = &campaign.world.layout;
        campaign.cache.engaged = (campaign.d.topo.actors_in.iter().enumerate())
            .flat_map(|(r, actors)| actors.iter().map(move |&a| lay.engaged(a, r)))
            .collect();
        campaign.cache.presence = vec![false; campaign.cache.engaged.len()];
        campaign.cache.actor_phase = Vec::with_capacity(n_a);
        campaign
    }

    /// Makes the decisions of day 0 and reports the initial state. [`Campaign::step`] calls it
    /// if the caller did not.
    pub fn begin(&mut self, obs: &mut dyn Observer) {
        if self.begun {
            return;
        }
        self.begun = true;
        self.prepare(obs);
        obs.on_state(&self.world);
    }

    /// The length of the step that starts now (the last one may be shorter).
    fn dt(&self) -> f64 {
        let meta = self.s.meta();
        meta.step_days.min(meta.horizon_days - self.world.day)
    }

    /// What happens at the start of a step, before the state of that day is reported:
    /// arrivals, reinforcements and the decisions held during the step.
    fn prepare(&mut self, obs: &mut dyn Observer) {
        let dt = self.dt();
        self.arrivals(obs);
        self.reinforce(dt);
        self.decide(dt, obs);
    }

    /// Whether the horizon has been reached.
    pub fn finished(&self) -> bool {
        self.world.day >= self.s.meta().horizon_days - 1e-9
    }

    /// Advances one step.
    pub fn step(&mut self, obs: &mut dyn Observer) -> Result<(), EngineError> {
        self.advance_by(obs, false)
    }

    /// Advances one step, or in a quiet stretch as many steps as pass before one whose state
    /// `obs` wants ([`Observer::next_state_wanted`]); the states of the others are not
    /// reported. The campaign ends the same as with [`Campaign::step`].
    pub fn advance(&mut self, obs: &mut dyn Observer) -> Result<(), EngineError> {
        self.advance_by(obs, true)
    }

    fn advance_by(&mut self, obs: &mut dyn Observer, through: bool) -> Result<(), EngineError> {
        self.begin(obs);
        if self.skip_quiet_step(obs, through) {
            return Ok(());
        }
        let mut counting = calm::Counting {
            inner: obs,
            events: 0,
        };
        let start = self.world.day;
        self.busy_step(&mut counting)?;
        let events = counting.events;
        self.watch_calm(start, events);
        Ok(())
    }

    /// A step computed in full.
    fn busy_step(&mut self, obs: &mut dyn Observer) -> Result<(), EngineError> {
        let dt = self.dt();
        self.before.copy_from_slice(&self.world.u);
        match self.mode {
            Mode::MeanField => self.integrate_mean_field(dt),
            Mode::Stochastic => self.integrate_stochastic(dt)?,
        }
        self.update_integrity(dt);
        self.after_step(dt, obs)?;
        self.world.step += 1;
        self.world.day += dt;
        if !self.finished() {
            self.prepare(obs);
        } else {
            for p in 0..self.coa.phases.len() {
                if self.world.phase_started[p].is_none() {
                    self.emit(obs, EventKind::PhaseNeverStarted { phase: p });
                }
            }
        }
        obs.on_state(&self.world);
        Ok(())
    }

    fn emit(&self, obs: &mut dyn Observer, kind: EventKind) {
        obs.on_event(&Event {
            day: self.world.day,
            kind,
        });
    }

    /// Fighters and the leader arriving at the end of their journey.
    fn arrivals(&mut self, obs: &mut dyn Observer) {
        let core = self.s.meta().core_region.index();
        for (l, link) in self.s.links().iter().enumerate() {
            for dir in 0..2 {
                let pipe = &mut self.world.transit[2 * l + dir];
                if pipe.delay_steps() == 0 {
                    continue;
                }
                let amount = pipe.pop();
                if amount > 0.0 {
                    let (from, to) = if dir == 0 {
                        (link.from.index(), link.to.index())
                    } else {
                        (link.to.index(), link.from.index())
                    };
                    self.deliver(from, to, amount, core);
                    if amount >= 0.5 {
                        self.emit(
                            obs,
                            EventKind::Arrived {
                                region: RegionId::from_index(to),
                                fighters: amount,
                            },
                        );
                    }
                }
            }
        }
        if let Some((dest, arrive)) = self.world.leader_transit
            && self.world.day >= arrive - 1e-9
        {
            self.world.leader_transit = None;
            self.world.leader_region = Some(dest);
            self.emit(
                obs,
                EventKind::LeaderArrived {
                    region: RegionId::from_index(dest),
                },
            );
        }
    }

    /// Scheduled reinforcements arriving during this step, f(t) in Lanchester's equations.
    ///
    /// They join the actor's based forces in the region and, in the share of those forces
    /// already engaged there, the fight.
    fn reinforce(&mut self, dt: f64) {
        let s = self.s;
        let (start, end) = (self.world.day, self.world.day + dt);
        self.d.reinforcement.fill(0.0);
        for rf in s.reinforcements() {
            let (a, r) = (rf.actor.index(), rf.region.index());
            let amount = match rf.until_day {
                Some(until) if until > rf.day => {
                    // Spread over a window: a rate inside the step (integrated with the rest of
                    // the dynamics), not a lump at its start.
                    let arriving =
                        rf.forces * (overlap(start, end, rf.day, until) / (until - rf.day));
                    if arriving > 0.0 && dt > 0.0 {
                        self.d.reinforcement[(a, r)] += arriving / dt;
                    }
                    0.0
                }
                _ => {
                    if rf.day >= start - 1e-9 && rf.day < end - 1e-9 {
                        rf.forces
                    } else {
                        0.0
                    }
                }
            };
            if amount <= 0.0 {
                continue;
            }
            let lay = &self.world.layout;
            let based = self.world.u[lay.based(a, r)];
            let engaged = self.world.u[lay.engaged(a, r)];
            let share = if based > 0.0 {
                (engaged / based).clamp(0.0, 1.0)
            } else {
                1.0
            };
            self.world.u[lay.based(a, r)] += amount;
            self.world.u[lay.engaged(a, r)] += amount * share;
        }
    }

    fn deliver(&mut self, from: usize, to: usize, amount: f64, core: usize) {
        let i = self.world.layout.fighters(to);
        self.world.u[i] += amount;
        self.world.arrived[to] += amount;
        if from == core {
            self.world.arrived_from_core[to] += amount;
        }
    }

    /// A trigger's metric as seen by actor `viewer` (its own links, support networks and
    /// regions: parallel and cross-purpose), or over the whole theatre (`None`: the pooled
    /// picture under joint).
    fn metric(&self, metric: Metric, region: Option<usize>, viewer: Option<usize>) -> f64 {
        let w = &self.world;
        let view = viewer.map(|a| &self.views[a]);
        match metric {
            Metric::InterRegionalIntegrity => match view {
                Some(v) => mean(v.links.iter().map(|&l| w.integrity(l))),
                None => mean((0..self.s.links().len()).map(|l| w.integrity(l))),
            }
            .unwrap_or(1.0),
            Metric::SupportIntegrity => mean(
                self.s
                    .support_links()
                    .iter()
                    .enumerate()
                    .filter(|(k, _)| view.is_none_or(|v| v.support.contains(k)))
                    .filter(|(_, k)| region.is_none_or(|r| k.region.index() == r))
                    .map(|(k, _)| w.u[w.layout.support_integrity(k)]),
            )
            .unwrap_or(1.0),
            Metric::FightersFraction => {
                let selected = |r: &usize| {
                    region.map_or_else(|| view.is_none_or(|v| v.regions.contains(r)), |x| x == *r)
                };
                let y: f64 = (0..w.layout.n_regions)
                    .filter(selected)
                    .map(|r| w.fighters(r))
                    .sum();
                let y0: f64 = (0..w.layout.n_regions)
                    .filter(selected)
                    .map(|r| w.initial_fighters[r])
                    .sum();
                if y0 > 0.0 { y / y0 } else { 0.0 }
            }
            Metric::LeadershipStrength => w.leadership_strength(self.s),
        }
    }

    /// The decisions of this step: phases, deployments, efforts, postures, stances.
    fn decide(&mut self, dt: f64, obs: &mut dyn Observer) {
        let s = self.s;
        let n_a = s.actors().len();
        let regime = self.coa.regime;
        self.d.regime = regime;
        let day = self.world.day;

        if regime.synchronises_phases() {
            self.joint_phases(day, obs);
        } else {
            self.own_phases(day, obs);
        }

        // The region forces concentrate on: the first in the order not yet defeated.
        let concentration = self
            .coa
            .concentration_order
            .iter()
            .map(|r| r.index())
            .find(|&r| !self.world.defeated_now[r]);
        let concentrating = (0..n_a).any(|a| {
            self.tasks(a)
                .any(|t| matches!(t.kind, TaskKind::Concentrate))
        });
        let concentration = if concentrating { concentration } else { None };
        if concentration != self.world.concentration {
            self.world.concentration = concentration;
            if let Some(r) = concentration {
                self.emit(
                    obs,
                    EventKind::ConcentrationShifted {
                        region: RegionId::from_index(r),
                    },
                );
            }
        }

        self.deploy(dt);
        if self.presence_changed() {
            self.fire_and_detection();
        }
        if self.phases_changed() {
            self.interdiction();
            self.backing();
        }
        self.command();
        self.hostility(obs);
        if s.adversary().doctrine == Doctrine::Adaptive {
            self.postures(obs);
        }
    }

    /// Whether phase `p`'s trigger fires on `day`, as `viewer` sees the campaign.
    fn trigger_fires(&self, p: usize, day: f64, viewer: Option<usize>) -> bool {
        let phase = &self.coa.phases[p];
        if phase.no_later_than.is_some_and(|d| day >= d - 1e-9) {
            return true;
        }
        let date_ok = phase.start_day.is_none_or(|d| day >= d - 1e-9);
        date_ok
            && phase.when.as_ref().is_none_or(|c| {
                let v = self.metric(c.metric, c.region.map(|r| r.index()), viewer);
                match c.comparison {
                    Comparison::Below(x) => v <= x,
                    Comparison::Above(x) => v >= x,
                }
            })
    }

    /// Joint: one synchronised timeline, triggers evaluated on the pooled picture of the
    /// whole theatre; every actor enters a phase the day it starts.
    fn joint_phases(&mut self, day: f64, obs: &mut dyn Observer) {
        let n_p = self.coa.phases.len();
        if let Some(p) = (0..n_p).find(|&p| self.world.phase_started[p].is_none())
            && (p == 0 || self.world.phase_started[p - 1].is_some())
            && self.trigger_fires(p, day, None)
        {
            self.world.phase_started[p] = Some(day);
            self.emit(
                obs,
                EventKind::PhaseStarted {
                    phase: p,
                    actor: None,
                },
            );
        }
        let current = (0..n_p)
            .rev()
            .find(|&p| self.world.phase_started[p].is_some_and(|t| day >= t - 1e-9));
        for a in 0..self.s.actors().len() {
            self.actor_phase[a] = current;
        }
    }

    /// Parallel and cross-purpose: each actor on its own timeline. Its triggers are evaluated
    /// over what it can see (the links and support networks in its jurisdiction, the regions it
    /// may act in), and it enters a phase its own lag after its trigger fires.
    fn own_phases(&mut self, day: f64, obs: &mut dyn Observer) {
        let n_p = self.coa.phases.len();
        for a in 0..self.s.actors().len() {
            // In the last phase, every phase has started and the last stays in force: nothing
            // below can change.
            if n_p > 0 && self.actor_phase[a] == Some(n_p - 1) {
                continue;
            }
            let started = &self.actor_started[a * n_p..(a + 1) * n_p];
            if let Some(p) = started.iter().position(Option::is_none)
                && self.trigger_fires(p, day, Some(a))
            {
                self.actor_started[a * n_p + p] = Some(day);
                if self.world.phase_started[p].is_none() {
                    self.world.phase_started[p] = Some(day);
                    self.emit(
                        obs,
                        EventKind::PhaseStarted {
                            phase: p,
                            actor: None,
                        },
                    );
                }
            }
            let lag = self.s.actors()[a].lag_days;
            let current = (0..n_p)
                .rev()
                .find(|&p| self.actor_started[a * n_p + p].is_some_and(|t| day >= t + lag - 1e-9));
            if current != self.actor_phase[a] {
                self.actor_phase[a] = current;
                if let Some(p) = current
                    && lag > 0.0
                {
                    self.emit(
                        obs,
                        EventKind::PhaseStarted {
                            phase: p,
                            actor: Some(ActorId::from_index(a)),
                        },
                    );
                }
            }
        }
    }

    /// The tasks of actor `a` in its current phase.
    fn tasks(&self, a: usize) -> impl Iterator<Item = &'s cordon_model::Task> + use<'_, 's> {
        tasks_of(self.coa, &self.by_actor, self.actor_phase[a], a)
    }

    /// Deployment targets from attack and concentrate tasks; engaged forces move towards them.
    fn deploy(&mut self, dt: f64) {
        if dt.to_bits() != self.relax_dt.to_bits() {
            self.relax_dt = dt;
            for (a, actor) in self.s.actors().iter().enumerate() {
                self.relax[a] = 1.0 - (-dt / actor.redeploy_days).exp();
            }
        }
        let s = self.s;
        let lay = &self.world.layout;
        // Only the regions where the actor can ever be (`Topology::regions_of`): attack and
        // concentrate targets lie there, and its forces elsewhere stay exactly zero.
        let topo = &self.d.topo;
        for a in 0..s.actors().len() {
            let actor = &s.actors()[a];
            let mine = &topo.regions_of[a];
            for &r in mine {
                self.targets[(a, r)] = 0.0;
            }
            let based_total: f64 = mine.iter().map(|&r| self.world.u[lay.based(a, r)]).sum();
            let by_actor = std::mem::take(&mut self.by_actor);
            for task in tasks_of(self.coa, &by_actor, self.actor_phase[a], a) {
                let effort = task.effort;
                match &task.kind {
                    TaskKind::Attack(r) => {
                        let r = r.index();
                        self.targets[(a, r)] += effort * self.world.u[lay.based(a, r)];
                    }
                    TaskKind::Concentrate => {
                        let target = self
                            .coa
                            .concentration_order
                            .iter()
                            .map(|r| r.index())
                            .find(|&r| !self.world.defeated_now[r] && actor.access[r]);
                        if let Some(r) = target {
                            self.targets[(a, r)] += effort * based_total;
                        }
                    }
                    _ => {}
                }
            }
            self.by_actor = by_actor;
            // Never more than the force pool (scaled by losses) at once, nor more than it has.
            let initial_total = self.initial_forces[a];
            // An actor with no forces on day 0 fights with what reinforcements bring, up to its
            // declared pool (when it declares one).
            let pool = if initial_total > 0.0 {
                actor.force_pool * based_total / initial_total
            } else if actor.force_pool > 0.0 {
                actor.force_pool
            } else {
                based_total
            };
            let limit = pool.min(based_total);
            let wanted: f64 = mine.iter().map(|&r| self.targets[(a, r)]).sum();
            if wanted > limit && wanted > 0.0 {
                for &r in mine {
                    self.targets[(a, r)] *= limit / wanted;
                }
            }
            let relax = if self.world.step == 0 || actor.redeploy_days <= 0.0 {
                1.0
            } else {
                self.relax[a]
            };
            for &r in mine {
                let i = lay.engaged(a, r);
                let x = self.world.u[i];
                let target = self.targets[(a, r)];
                let next = x + (target - x) * relax;
                // The last soldier of a withdrawal leaves: a withdrawn actor is absent, not an
                // ever-shrinking presence that still pools intelligence and causes friction.
                self.world.u[i] = if target == 0.0 && next < 0.5 {
                    0.0
                } else {
                    next
                };
            }
        }
    }

    /// Whether the presence pattern (which actors have forces engaged in which regions) differs
    /// from the one fire and detection were last computed from; records the new one.
    fn presence_changed(&mut self) -> bool {
        let u = &self.world.u;
        let cache = &mut self.cache;
        let mut changed = !cache.presence_known;
        for (was, &i) in cache.presence.iter_mut().zip(&cache.engaged) {
            let present = u[i] > 0.0;
            changed |= *was != present;
            *was = present;
        }
        cache.presence_known = true;
        changed
    }

    /// Whether the phases in force (the latest phase started, each actor's phase) differ from
    /// those interdiction and backing were last computed from; records the new ones.
    fn phases_changed(&mut self) -> bool {
        let latest = self.world.phase_started.iter().rposition(Option::is_some);
        let cache = &mut self.cache;
        if cache.phases_known
            && cache.latest_phase == latest
            && cache.actor_phase == self.actor_phase
        {
            return false;
        }
        cache.latest_phase = latest;
        cache.actor_phase.clone_from(&self.actor_phase);
        cache.phases_known = true;
        true
    }

    fn fire_and_detection(&mut self) {
        let s = self.s;
        let n_r = s.regions().len();
        let lay = &self.world.layout;
        let regime = self.coa.regime;
        // Only the actors that can be in the region: the fire and detection of any other are
        // never read (it has no forces there).
        let topo = &self.d.topo;
        for r in 0..n_r {
            let mut miss = 1.0;
            let mut best: f64 = 0.0;
            for &a in &topo.actors_in[r] {
                if self.world.u[lay.engaged(a, r)] > 0.0 {
                    miss *= 1.0 - s.actors()[a].intelligence;
                    best = best.max(s.actors()[a].intelligence);
                }
            }
            let pooled = 1.0 - miss;
            self.d.region_detection[r] = if regime.pools_intelligence() {
                pooled
            } else {
                best
            };
            for &a in &topo.actors_in[r] {
                let actor = &s.actors()[a];
                let mut keep = 1.0;
                if regime.has_friction() {
                    for &b in &topo.actors_in[r] {
                        if b != a && self.world.u[lay.engaged(b, r)] > 0.0 {
                            let rel = s.relation(ActorId::from_index(a), ActorId::from_index(b));
                            if rel.kind == RelationKind::Rival {
                                keep *= 1.0 - rel.friction;
                            }
                        }
                    }
                }
                self.d.fire[(a, r)] = actor.lethality * keep;
                self.d.detection[(a, r)] = if regime.pools_intelligence() {
                    pooled
                } else {
                    actor.intelligence
                };
            }
        }
    }

    /// Interdiction of inter-regional links and disruption of support links: the efforts of
    /// the phase plans (see [`crate::plan`]), pooled under joint, per actor otherwise.
    fn interdiction(&mut self) {
        for e in self.d.link_effort.iter_mut() {
            *e = 0.0;
        }
        for e in self.d.support_effort.iter_mut() {
            *e = 0.0;
        }
        if self.coa.regime.shares_plan() {
            if let Some(p) = self.world.phase_started.iter().rposition(Option::is_some) {
                self.plan
                    .apply_pooled(p, &mut self.d.link_effort, &mut self.d.support_effort);
            }
        } else {
            for a in 0..self.s.actors().len() {
                if let Some(p) = self.actor_phase[a] {
                    self.plan
                        .apply_own(p, a, &mut self.d.link_effort, &mut self.d.support_effort);
                }
            }
        }
    }

    fn backing(&mut self) {
        let s = self.s;
        let n_a = s.actors().len();
        for x in self.d.backing.iter_mut() {
            *x = 0.0;
        }
        self.d.backing_by.fill(0.0);
        for a in 0..n_a {
            for task in tasks_of(self.coa, &self.by_actor, self.actor_phase[a], a) {
                if let TaskKind::BackProxy(g) = task.kind {
                    self.d.backing[g.index()] += task.effort;
                    self.d.backing_by[(g.index(), a)] += task.effort;
                }
            }
        }
    }

    /// Command strength per region: the leadership's, carried along open command links.
    fn command(&mut self) {
        let s = self.s;
        let n_r = s.regions().len();
        if s.adversary().leadership_region.is_none() {
            for c in self.d.command.iter_mut() {
                *c = 1.0;
            }
            self.d.leader_region = None;
            return;
        }
        let strength = self.world.leadership_strength(s);
        let severed = s.outcome_rules().severed_integrity;
        self.d.leader_region = self.world.leader_region;
        for r in 0..n_r {
            self.d.command[r] = match self.world.leader_region {
                None => strength * s.adversary().succession_command,
                Some(lr) if lr == r => strength,
                Some(lr) => {
                    let mut best: f64 = 0.0;
                    for &l in &self.d.topo.command_in[r] {
                        let link = &s.links()[l];
                        let (a, b) = (link.from.index(), link.to.index());
                        let connects =
                            (a == lr && b == r) || (link.bidirectional && b == lr && a == r);
                        let integrity = self.world.integrity(l);
                        if connects && integrity > severed {
                            best = best.max(link.capacity * integrity);
                        }
                    }
                    strength * best
                }
            };
        }
    }

    fn hostility(&mut self, obs: &mut dyn Observer) {
        let s = self.s;
        for (g, tp) in s.third_parties().iter().enumerate() {
            let z = self.world.u[self.world.layout.third(g)];
            let r = tp.region.index();
            let adversary_beaten = s.regions()[r].branch.is_none() || self.world.defeated_now[r];
            if !self.world.hostile[g]
                && z >= tp.hostile_above_ratio * tp.fighters
                && adversary_beaten
                && z > 0.0
            {
                self.world.hostile[g] = true;
                self.emit(
                    obs,
                    EventKind::ThirdPartyHostile {
                        third_party: ThirdPartyId::from_index(g),
                        fighters: z,
                    },
                );
            }
            self.d.hostile[g] = self.world.hostile[g];
        }
    }

    /// Expected losses per fighter per day in region `r` if its branch fought there with `y`
    /// fighters.
    fn threat(&self, r: usize, y: f64) -> f64 {
        let s = self.s;
        let y = y.max(1.0);
        let u = &self.world.u;
        let lay = &self.world.layout;
        let expo = dynamics::exposure(s, r, Posture::Fight);
        let (kills, _) = dynamics::coalition_fire(s, u, lay, &self.d, r, y, expo);
        let mut third = 0.0;
        for &g in &self.d.topo.third_parties[r] {
            let tp = &s.third_parties()[g];
            third += tp.lethality
                * (1.0 + tp.backing_multiplier * self.d.backing[g])
                * u[lay.third(g)].max(0.0)
                * expo;
        }
        (kills + third) / y
    }

    /// Breadth-first search over open fighters links from region `r`: the reachable region
    /// with the least threat (threat, region), and whether any route out of `r` is open. The
    /// first hop towards each region is left in `bfs_hop`.
    fn safest_reachable(&mut self, r: usize) -> (Option<(f64, usize)>, bool) {
        let severed = self.s.outcome_rules().severed_integrity;
        // Only the regions the previous search reached hold a first hop: clearing those (not
        // every region) keeps a search proportional to what it visits.
        for &v in &self.bfs_queue {
            self.bfs_hop[v] = None;
        }
        self.bfs_queue.clear();
        self.bfs_queue.push(r);
        let mut head = 0;
        let mut any_open = false;
        let mut best: Option<(f64, usize)> = None;
        while head < self.bfs_queue.len() {
            let v = self.bfs_queue[head];
            head += 1;
            for e in 0..self.exits[v].len() {
                let (l, dir, w) = self.exits[v][e];
                if self.world.integrity(l) <= severed || w == r || self.bfs_hop[w].is_some() {
                    continue;
                }
                any_open = any_open || v == r;
                self.bfs_hop[w] = if v == r {
                    Some((l, dir))
                } else {
                    self.bfs_hop[v]
                };
                self.bfs_queue.push(w);
                let t = self.cached_threat(w);
                if best.is_none_or(|(bt, _)| t < bt) {
                    best = Some((t, w));
                }
            }
        }
        (best, any_open)
    }

    /// The threat in region `r` at its current fighters, computed once per step.
    fn cached_threat(&mut self, r: usize) -> f64 {
        match self.threat_cache[r] {
            Some(t) => t,
            None => {
                let t = self.threat(r, self.world.fighters(r));
                self.threat_cache[r] = Some(t);
                t
            }
        }
    }

    /// The adaptive doctrine: fight, go dormant, or relocate to the safest reachable region.
    fn postures(&mut self, obs: &mut dyn Observer) {
        for t in self.threat_cache.iter_mut() {
            *t = None;
        }
        let s = self.s;
        let adv = s.adversary();
        for r in 0..s.regions().len() {
            let y = self.world.fighters(r);
            let old = self.world.posture[r];
            if y <= 0.0 || s.regions()[r].branch.is_none() {
                self.world.posture[r] = Posture::Fight;
                self.d.posture[r] = Posture::Fight;
                continue;
            }
            let threat = self.cached_threat(r);
            let mut new = if threat > adv.dormant_threshold {
                Posture::Dormant
            } else {
                Posture::Fight
            };
            let mut trapped = false;
            if threat > adv.relocate_threshold {
                let (best, any_open) = self.safest_reachable(r);
                match best {
                    Some((t, w)) if t < adv.relocate_threshold || t < 0.5 * threat => {
                        if let Some((l, dir)) = self.bfs_hop[w] {
                            new = Posture::Relocate {
                                link: l as u32,
                                dir: dir as u8,
                            };
                        }
                    }
                    _ => {}
                }
                trapped = !any_open;
            }
            if trapped && !self.trapped[r] {
                self.emit(
                    obs,
                    EventKind::Trapped {
                        region: RegionId::from_index(r),
                        threat_per_day: threat,
                    },
                );
            }
            self.trapped[r] = trapped;
            if new != old {
                self.world.posture[r] = new;
                self.emit(
                    obs,
                    EventKind::PostureChanged {
                        region: RegionId::from_index(r),
                        posture: new,
                        threat_per_day: threat,
                    },
                );
            }
            self.d.posture[r] = new;
            // The leadership escapes with the first fighters to leave.
            if let Posture::Relocate { link, dir } = new
                && self.world.leader_region == Some(r)
            {
                let l = link as usize;
                let lk = &s.links()[l];
                let to = if dir == 0 {
                    lk.to.index()
                } else {
                    lk.from.index()
                };
                self.world.leader_region = None;
                self.world.leader_transit = Some((to, self.world.day + lk.travel_days));
                self.emit(
                    obs,
                    EventKind::LeaderMoved {
                        from: RegionId::from_index(r),
                        to: RegionId::from_index(to),
                    },
                );
                let p_caught =
                    1.0 - (-lk.transit_exposure * self.d.link_effort[l] * lk.travel_days).exp();
                let i = self.world.layout.leader();
                match self.mode {
                    Mode::MeanField => self.world.u[i] *= 1.0 - p_caught,
                    Mode::Stochastic => {
                        if self.world.u[i] > 0.5
                            && self.rngs.leader.random_bool(p_caught.clamp(0.0, 1.0))
                        {
                            self.world.u[i] = 0.0;
                            self.world.succession_until =
                                Some(self.world.day + adv.succession_days);
                            self.emit(
                                obs,
                                EventKind::LeaderKilled {
                                    region: None,
                                    in_transit: true,
                                },
                            );
                        }
                    }
                }
            }
        }
        self.d.leader_region = self.world.leader_region;
    }

    fn eval(&mut self, which: usize, from: &[f64], dt: f64) {
        dynamics::flows(self.s, &self.world.layout, &self.d, from, &mut self.flows);
        dynamics::limit_outflows(
            self.s,
            &self.world.layout,
            &self.d,
            from,
            dt,
            &mut self.flows,
        );
        dynamics::derivative(
            self.s,
            &self.world.layout,
            &self.d,
            from,
            &self.flows,
            &mut self.k[which],
        );
        // Integrity is integrated exactly in `update_integrity`.
        for l in 0..self.world.layout.n_links {
            self.k[which][self.world.layout.integrity(l)] = 0.0;
        }
        for k in 0..self.world.layout.n_support {
            self.k[which][self.world.layout.support_integrity(k)] = 0.0;
        }
    }

    /// Classical fourth-order Runge–Kutta over one step, decisions held fixed.
    fn integrate_mean_field(&mut self, dt: f64) {
        let u0 = std::mem::take(&mut self.world.u);
        let mut tmp = std::mem::take(&mut self.scratch);
        self.eval(0, &u0, dt);
        for (stage, weight) in [(1, 0.5), (2, 0.5), (3, 1.0)] {
            for ((t, u), k) in tmp.iter_mut().zip(&u0).zip(&self.k[stage - 1]) {
                *t = u + weight * dt * k;
            }
            self.eval(stage, &tmp, dt);
        }
        let mut u = u0;
        let [k1, k2, k3, k4] = &self.k;
        for ((((x, a), b), c), d) in u.iter_mut().zip(k1).zip(k2).zip(k3).zip(k4) {
            *x += dt / 6.0 * (a + 2.0 * b + 2.0 * c + d);
        }
        self.world.u = u;
        self.scratch = tmp;
    }

    /// Tau-leaping with integer draws. A step in which some population would lose more than
    /// [`MAX_LEAP_FRACTION`] of itself at the step's opening rates is split into equal
    /// substeps, rates recomputed at each: the end of a battle (where the per-capita rate
    /// of the square law grows without bound) follows the exact Markov chain instead of
    /// under-killing, and both sides cannot vanish in one draw.
    fn integrate_stochastic(&mut self, dt: f64) -> Result<(), EngineError> {
        self.stochastic_rates()?;
        let m = self.substeps(dt);
        let h = dt / m as f64;
        for i in 0..m {
            if i > 0 {
                self.stochastic_rates()?;
            }
            self.draw(h)?;
        }
        Ok(())
    }

    /// The flow rates at the current state; a non-finite rate would become "no events" in a
    /// draw, so it is reported instead.
    fn stochastic_rates(&mut self) -> Result<(), EngineError> {
        dynamics::flows(
            self.s,
            &self.world.layout,
            &self.d,
            &self.world.u,
            &mut self.flows,
        );
        if let Some((name, subject)) = self.flows.first_non_finite() {
            return Err(EngineError::NonFinite {
                key: self.key,
                step: self.world.step,
                day: self.world.day,
                variable: format!("rate of {name}"),
                subject,
                behind: subject.and_then(|x| self.s.key_behind(x)).map(Box::new),
            });
        }
        Ok(())
    }

    /// How many substeps keep every population's expected loss within a substep below
    /// [`MAX_LEAP_FRACTION`] of itself (at most [`MAX_SUBSTEPS`]; a population the step would
    /// wipe out counts as losing all of itself, which bounds the count by
    /// 1 / `MAX_LEAP_FRACTION`).
    fn substeps(&self, dt: f64) -> usize {
        let s = self.s;
        let lay = &self.world.layout;
        let (u, f) = (&self.world.u, &self.flows);
        let n_r = lay.n_regions;
        // Share of a population of `n` that a leap at rate `rate` would remove (all of it, at
        // most).
        let share = |rate: f64, n: f64| {
            if n >= 1.0 {
                (rate * dt).min(n) / n
            } else {
                0.0
            }
        };
        let mut worst: f64 = 0.0;
        for r in 0..n_r {
            let y = u[lay.fighters(r)].max(0.0).round();
            let mut fired_at = f.kills[r];
            // The depletable opponents here: coalition forces that do not replace their
            // losses, and third parties.
            let mut opponents: f64 = 0.0;
            for &g in &self.d.topo.third_parties[r] {
                fired_at += f.third_kills[g];
                let z = u[lay.third(g)].max(0.0).round();
                opponents = opponents.max(share(f.third_losses[g], z));
            }
            for &a in &self.d.topo.actors_in[r] {
                if !s.actors()[a].replace_losses {
                    let x = u[lay.engaged(a, r)].max(0.0).floor();
                    opponents = opponents.max(share(f.coalition_losses[(a, r)], x));
                }
            }
            let own = share(fired_at, y);
            // Only a battle in which both sides deplete within the step needs splitting: a
            // fixed shooter's kills are drawn exactly in one leap (see `draw`).
            if own.min(opponents) > MAX_LEAP_FRACTION {
                worst = worst.max(own.max(opponents));
            }
        }
        if worst <= MAX_LEAP_FRACTION || !worst.is_finite() {
            1
        } else {
            ((worst / MAX_LEAP_FRACTION).ceil() as usize).min(MAX_SUBSTEPS)
        }
    }

    /// One leap of length `dt` from the rates in `self.flows`.
    fn draw(&mut self, dt: f64) -> Result<(), EngineError> {
        let s = self.s;
        let lay = self.world.layout.clone();
        let n_r = lay.n_regions;
        let f = &mut self.flows;
        let u = &self.world.u;
        // Region draws, each region from its own channel.
        for r in 0..n_r {
            draw_region(
                s,
                &self.d.topo,
                &lay,
                u,
                f,
                &mut self.rngs.regions[r],
                r,
                dt,
            );
        }
        for g in 0..lay.n_third {
            let rng = &mut self.rngs.third_parties[g];
            let z = u[lay.third(g)].max(0.0).round();
            f.third_losses[g] = binomial(rng, z, f.third_losses[g] / z.max(1.0) * dt) / dt;
            // Organic growth is drawn; growth from success follows the kills drawn this leap
            // (each kill attracts `growth_per_kill` recruits on average), so a replication
            // is never credited for kills it could not make (the mean field credits the
            // expected kills, which already fall with the fraction of a target left).
            let organic = f.third_organic[g];
            let organic = if organic >= 0.0 {
                poisson(rng, organic * dt) / dt
            } else {
                -binomial(rng, z, -organic / z.max(1.0) * dt) / dt
            };
            let per_kill = s.third_parties()[g].growth_per_kill;
            let success = poisson(rng, per_kill * f.third_kills[g] * dt) / dt;
            f.third_growth[g] = organic + success;
        }
        // Leader: killed or not, from the leader's channel.
        let i = lay.leader();
        if s.adversary().leadership_region.is_some()
            && self.world.u[i] > 0.5
            && f.leader_hazard > 0.0
        {
            let p = 1.0 - (-f.leader_hazard * dt).exp();
            if self.rngs.leader.random_bool(p.clamp(0.0, 1.0)) {
                self.world.u[i] = 0.0;
                self.world.succession_until = Some(self.world.day + s.adversary().succession_days);
                self.leader_killed_now = true;
            }
        }
        f.leader_hazard = 0.0;
        let mut du = std::mem::take(&mut self.k[0]);
        dynamics::derivative(s, &lay, &self.d, &self.world.u, &self.flows, &mut du);
        for l in 0..lay.n_links {
            du[lay.integrity(l)] = 0.0;
        }
        for k in 0..lay.n_support {
            du[lay.support_integrity(k)] = 0.0;
        }
        // The leader slot is 0/1 here and handled by events, never by the ODE.
        du[lay.leader()] = 0.0;
        for (x, d) in self.world.u.iter_mut().zip(&du) {
            *x += dt * d;
        }
        self.k[0] = du;
        Ok(())
    }

    /// Link and support-link integrity: dI/dt = −e·I + ρ·(1 − I), solved exactly over the step.
    fn update_integrity(&mut self, dt: f64) {
        let repair = self.s.adversary().repair_rate_per_day;
        let lay = &self.world.layout;
        // e^(−rate·dt) is recomputed only when the effort or the step length changed (efforts
        // change with the phases, not every step): the same number, without the call.
        let mut relax = |slot: usize, i: f64, effort: f64| {
            let rate = effort + repair;
            if rate <= 0.0 {
                return i;
            }
            let eq = repair / rate;
            let (r0, d0, decay) = &mut self.decay[slot];
            if *r0 != rate.to_bits() || *d0 != dt.to_bits() {
                (*r0, *d0) = (rate.to_bits(), dt.to_bits());
                *decay = (-rate * dt).exp();
            }
            eq + (i - eq) * *decay
        };
        for l in 0..lay.n_links {
            let i = lay.integrity(l);
            self.world.u[i] = relax(l, self.world.u[i], self.d.link_effort[l]);
        }
        for k in 0..lay.n_support {
            let i = lay.support_integrity(k);
            self.world.u[i] = relax(lay.n_links + k, self.world.u[i], self.d.support_effort[k]);
        }
    }

    /// Transit, clamping, checks and the events of the step, in that order.
    fn after_step(&mut self, dt: f64, obs: &mut dyn Observer) -> Result<(), EngineError> {
        let day_end = self.world.day + dt;
        self.transit(obs, day_end);
        self.check_finite()?;
        self.defeat_and_resurgence(dt, obs, day_end);
        self.clamp(obs, day_end);
        self.link_events(obs, day_end);
        self.leadership_events(obs, day_end);
        Ok(())
    }

    /// Fighters who set out this step: some are caught in transit, the rest are on their way.
    fn transit(&mut self, obs: &mut dyn Observer, day_end: f64) {
        let s = self.s;
        let lay = self.world.layout.clone();
        let core = s.meta().core_region.index();
        for (l, link) in s.links().iter().enumerate() {
            for dir in 0..2 {
                let i = lay.departed(l, dir);
                let departed = (self.world.u[i] - self.before[i]).max(0.0);
                if departed <= 0.0 {
                    continue;
                }
                let hazard = link.transit_exposure * self.d.link_effort[l];
                // Exposed for the whole journey (as the leader is); instant links catch no one.
                let exposure = hazard * link.travel_days;
                let caught = match self.mode {
                    Mode::MeanField => departed * (1.0 - (-exposure).exp()),
                    Mode::Stochastic => {
                        binomial(&mut self.rngs.links[l], departed.round(), exposure)
                    }
                };
                self.world.caught[l] += caught;
                let (from, to) = if dir == 0 {
                    (link.from.index(), link.to.index())
                } else {
                    (link.to.index(), link.from.index())
                };
                let travelling = departed - caught;
                if self.world.transit[2 * l + dir].delay_steps() == 0 {
                    self.deliver(from, to, travelling, core);
                } else {
                    self.world.transit[2 * l + dir].push(travelling);
                }
                if departed >= 0.5 {
                    obs.on_event(&Event {
                        day: day_end,
                        kind: EventKind::Departed {
                            link: LinkId::from_index(l),
                            from: RegionId::from_index(from),
                            to: RegionId::from_index(to),
                            fighters: departed,
                            caught,
                        },
                    });
                }
            }
        }
    }

    /// Non-finite values end the replication with a report; nothing panics.
    fn check_finite(&self) -> Result<(), EngineError> {
        let lay = &self.world.layout;
        // One branch-free pass (it vectorises); the search for the culprit only on failure.
        if !self
            .world
            .u
            .iter()
            .fold(false, |bad, x| bad | !x.is_finite())
        {
            return Ok(());
        }
        if let Some(i) = self.world.u.iter().position(|x| !x.is_finite()) {
            return Err(EngineError::NonFinite {
                key: self.key,
                step: self.world.step,
                day: self.world.day,
                variable: lay.describe(i, self.s),
                subject: lay.subject(i),
                behind: lay
                    .subject(i)
                    .and_then(|x| self.s.key_behind(x))
                    .map(Box::new),
            });
        }
        Ok(())
    }

    /// Decisive defeat and resurgence, interpolated within the step.
    fn defeat_and_resurgence(&mut self, dt: f64, obs: &mut dyn Observer, day_end: f64) {
        let s = self.s;
        let lay = self.world.layout.clone();
        // Decisive defeat and resurgence, interpolated within the step. A region that started
        // without fighters (a refuge) is defeated while it holds less than half a fighter.
        let rules = s.outcome_rules();
        for r in 0..lay.n_regions {
            let y0 = self.world.initial_fighters[r];
            let y_before = self.before[lay.fighters(r)];
            let y = self.world.u[lay.fighters(r)];
            // Fewer than half a fighter is none (as in the integer model): a decisive-defeat
            // level of 0 means annihilation, which the mean-field approaches only in the limit.
            let threshold = if y0 > 0.0 {
                (rules.decisive_defeat_fraction * y0).max(0.5)
            } else {
                0.0
            };
            let below = if y0 > 0.0 { y <= threshold } else { y < 0.5 };
            if !self.world.defeated_now[r] && below {
                self.world.defeated_now[r] = true;
                let frac = if y_before > threshold && y_before > y {
                    (y_before - threshold) / (y_before - y)
                } else {
                    1.0
                };
                let day = self.world.day + dt * frac.clamp(0.0, 1.0);
                self.world.defeated_last[r] = Some(day);
                if self.world.defeated_on[r].is_none() {
                    self.world.defeated_on[r] = Some(day);
                }
                obs.on_event(&Event {
                    day: day_end,
                    kind: EventKind::RegionDefeated {
                        region: RegionId::from_index(r),
                    },
                });
            } else if self.world.defeated_now[r] && y > threshold.max(0.5) {
                self.world.defeated_now[r] = false;
            }
            if y0 > 0.0
                && self.world.defeated_on[r].is_some()
                && !self.world.resurged[r]
                && y > rules.resurgence_fraction * y0
            {
                self.world.resurged[r] = true;
                obs.on_event(&Event {
                    day: day_end,
                    kind: EventKind::Resurgence {
                        region: RegionId::from_index(r),
                    },
                });
            }
        }
    }

    /// Clamps what cannot be negative (RK4 may overshoot at annihilation) and fractions.
    fn clamp(&mut self, obs: &mut dyn Observer, day_end: f64) {
        let lay = self.world.layout.clone();
        for r in 0..lay.n_regions {
            for i in [lay.fighters(r), lay.support_base(r), lay.finance(r)] {
                self.world.u[i] = self.world.u[i].max(0.0);
            }
            // Other actors' forces here are exactly zero.
            for &a in &self.d.topo.actors_in[r] {
                for i in [lay.engaged(a, r), lay.based(a, r)] {
                    self.world.u[i] = self.world.u[i].max(0.0);
                }
            }
        }
        for g in 0..lay.n_third {
            let i = lay.third(g);
            let was = self.before[i];
            self.world.u[i] = self.world.u[i].max(0.0);
            if was >= 0.5 && self.world.u[i] < 0.5 {
                obs.on_event(&Event {
                    day: day_end,
                    kind: EventKind::ThirdPartyDestroyed {
                        third_party: ThirdPartyId::from_index(g),
                    },
                });
            }
        }
        let i = lay.leader();
        self.world.u[i] = self.world.u[i].clamp(0.0, 1.0);
    }

    /// Links severed and restored.
    fn link_events(&mut self, obs: &mut dyn Observer, day_end: f64) {
        let lay = &self.world.layout;
        let rules = self.s.outcome_rules();
        for l in 0..lay.n_links {
            let severed = self.world.integrity(l) <= rules.severed_integrity;
            if severed != self.world.severed[l] {
                self.world.severed[l] = severed;
                let kind = if severed {
                    EventKind::LinkSevered {
                        link: LinkId::from_index(l),
                    }
                } else {
                    EventKind::LinkRestored {
                        link: LinkId::from_index(l),
                    }
                };
                obs.on_event(&Event { day: day_end, kind });
            }
        }
    }

    /// Leadership events: killed (stochastic) or survival below one half (mean-field), and
    /// succession.
    fn leadership_events(&mut self, obs: &mut dyn Observer, day_end: f64) {
        let s = self.s;
        let i = self.world.layout.leader();
        if s.adversary().leadership_region.is_some() {
            match self.mode {
                Mode::MeanField => {
                    let alive = self.world.u[i] >= 0.5;
                    if alive != self.leader_alive_half {
                        self.leader_alive_half = alive;
                        let kind = if alive {
                            EventKind::SuccessionComplete
                        } else {
                            EventKind::LeaderKilled {
                                region: self.world.leader_region.map(RegionId::from_index),
                                in_transit: false,
                            }
                        };
                        obs.on_event(&Event { day: day_end, kind });
                    }
                }
                Mode::Stochastic => {
                    if self.leader_killed_now {
                        self.leader_killed_now = false;
                        obs.on_event(&Event {
                            day: day_end,
                            kind: EventKind::LeaderKilled {
                                region: self.world.leader_region.map(RegionId::from_index),
                                in_transit: false,
                            },
                        });
                    }
                    if let Some(until) = self.world.succession_until
                        && day_end >= until - 1e-9
                        && self.world.u[i] < 0.5
                    {
                        self.world.succession_until = None;
                        self.world.u[i] = 1.0;
                        obs.on_event(&Event {
                            day: day_end,
                            kind: EventKind::SuccessionComplete,
                        });
                    }
                }
            }
        }
    }
}

/// The integer events of one region in one leap, from its own channel: kills by the coalition
/// and third parties, departures, recruits, civilian casualties, supporters, arrests and
/// coalition losses (the rates in `f` are replaced by the drawn counts per day).
#[allow(clippy::too_many_arguments)]
fn draw_region(
    s: &Scenario,
    topo: &crate::topology::Topology,
    lay: &crate::world::Layout,
    u: &[f64],
    f: &mut Flows,
    rng: &mut ChaCha8Rng,
    r: usize,
    dt: f64,
) {
    let y = u[lay.fighters(r)].max(0.0).round();
    let mut left = y;
    // Aimed fire (square law, third parties) kills at a rate that does not depend on how
    // many targets are left: the kills of a leap are Poisson, capped by the targets.
    // Area and intelligence-led fire kill each target at its own rate: binomial.
    let aimed = s.regions()[r]
        .engagement
        .as_ref()
        .is_some_and(|e| e.law == cordon_model::Law::Square);
    let mut fire_on_fighters = f.kills[r];
    let kills = if aimed {
        poisson(rng, f.kills[r] * dt).min(left)
    } else {
        binomial(rng, left, f.kills[r] / y.max(1.0) * dt)
    };
    left -= kills;
    f.kills[r] = kills / dt;
    let mut third_present = false;
    for &g in &topo.third_parties[r] {
        fire_on_fighters += f.third_kills[g];
        third_present |= u[lay.third(g)] >= 0.5;
        let k = poisson(rng, f.third_kills[g] * dt).min(left);
        left -= k;
        f.third_kills[g] = k / dt;
    }
    let fighters_wiped = y >= 1.0 && left < 0.5;
    for &(l, dir) in &topo.departures[r] {
        if f.departures[2 * l + dir] > 0.0 {
            let n = poisson(rng, f.departures[2 * l + dir] * dt).min(left);
            left -= n;
            f.departures[2 * l + dir] = n / dt;
        }
    }
    let area_fire = s.regions()[r]
        .engagement
        .as_ref()
        .is_some_and(|e| e.law == cordon_model::Law::Linear);
    f.recruits[r] = poisson(rng, f.recruits[r] * dt) / dt;
    f.civilians[r] = poisson(rng, f.civilians[r] * dt) / dt;
    f.support_gain[r] = poisson(rng, f.support_gain[r] * dt) / dt;
    let support = u[lay.support_base(r)].max(0.0).round();
    f.arrests[r] = binomial(rng, support, f.arrests[r] / support.max(1.0) * dt) / dt;
    // Drawn only where recruitment depletes the support base, so that other scenarios keep
    // their random streams.
    if f.support_used[r] > 0.0 {
        f.support_used[r] = binomial(rng, support, f.support_used[r] / support.max(1.0) * dt) / dt;
    }
    // Whether every force engaged here is depletable and wiped out by this leap.
    let mut fire_on_coalition = 0.0;
    let mut coalition_wiped = true;
    let mut last_stand = None;
    // Actors that cannot be here have no forces and suffer no losses: nothing to draw.
    for &a in &topo.actors_in[r] {
        let x = u[lay.engaged(a, r)].max(0.0);
        let i = (a, r);
        if x.floor() >= 1.0 {
            coalition_wiped &= !s.actors()[a].replace_losses;
            fire_on_coalition += f.coalition_losses[i];
            last_stand = Some(i);
        }
        if f.coalition_losses[i] > 0.0 {
            let n = x.floor();
            // Aimed fire of the adversary: Poisson capped by the forces engaged, unless the
            // actor replaces its losses (the killed are replaced within the leap and can be
            // hit again, as in the mean field); area fire (linear law): binomial.
            let replaced = s.actors()[a].replace_losses;
            let lost = if area_fire {
                binomial(rng, n, f.coalition_losses[i] / x.max(1.0) * dt)
            } else if replaced {
                poisson(rng, f.coalition_losses[i] * dt)
            } else {
                poisson(rng, f.coalition_losses[i] * dt).min(n)
            };
            coalition_wiped &= lost >= n;
            f.coalition_losses[i] = lost / dt;
        } else if x.floor() >= 1.0 {
            coalition_wiped = false;
        }
    }
    // The exact chain forbids mutual annihilation: the last two shots are a race, won
    // by each side in proportion to its fire; the winner keeps its last one.
    if fighters_wiped
        && !third_present
        && let Some(i) = last_stand
        && coalition_wiped
    {
        let total = fire_on_fighters + fire_on_coalition;
        let coalition_first = total > 0.0 && rng.random::<f64>() * total < fire_on_fighters;
        if coalition_first {
            f.coalition_losses[i] -= 1.0 / dt;
        } else if f.kills[r] * dt >= 1.0 {
            f.kills[r] -= 1.0 / dt;
        }
    }
}

/// The tasks of actor `a` in phase `phase` (none before its first phase), in file order.
fn tasks_of<'s, 'b>(
    coa: &'s Coa,
    by_actor: &'b [Vec<Vec<u32>>],
    phase: Option<usize>,
    a: usize,
) -> impl Iterator<Item = &'s cordon_model::Task> + use<'s, 'b> {
    let (tasks, mine): (&'s [cordon_model::Task], &'b [u32]) = match phase {
        Some(p) => (&coa.phases[p].tasks, &by_actor[p][a]),
        None => (&[], &[]),
    };
    mine.iter().map(move |&i| &tasks[i as usize])
}

/// The random streams of one replication, one per source of randomness, so that a course of
/// action that changes what happens in one region leaves the draws of every other unchanged
/// (common random numbers). Channel numbers: 0 the leader, then one per region, per link and
/// per third party, in scenario order.
struct Channels {
    leader: ChaCha8Rng,
    regions: Vec<ChaCha8Rng>,
    links: Vec<ChaCha8Rng>,
    third_parties: Vec<ChaCha8Rng>,
}

impl Channels {
    fn new(s: &Scenario, key: StreamKey) -> Channels {
        let (n_r, n_l, n_g) = (
            s.regions().len() as u32,
            s.links().len() as u32,
            s.third_parties().len() as u32,
        );
        Channels {
            leader: key.channel(0),
            regions: (0..n_r).map(|r| key.channel(1 + r)).collect(),
            links: (0..n_l).map(|l| key.channel(1 + n_r + l)).collect(),
            third_parties: (0..n_g).map(|g| key.channel(1 + n_r + n_l + g)).collect(),
        }
    }
}

/// What one actor sees of the campaign when it judges a trigger on its own: the links and
/// support networks in its jurisdiction (failing those, the ones touching the regions it may
/// act in; failing those, all), and the regions it may act in.
#[derive(Clone, Debug)]
struct View {
    links: Vec<usize>,
    support: Vec<usize>,
    regions: Vec<usize>,
}

impl View {
    fn of(s: &Scenario, a: usize) -> View {
        let id = ActorId::from_index(a);
        let access = &s.actors()[a].access;
        let pick = |n: usize, mine: &dyn Fn(usize) -> bool, near: &dyn Fn(usize) -> bool| {
            let own: Vec<usize> = (0..n).filter(|&i| mine(i)).collect();
            if !own.is_empty() {
                return own;
            }
            let close: Vec<usize> = (0..n).filter(|&i| near(i)).collect();
            if close.is_empty() {
                (0..n).collect()
            } else {
                close
            }
        };
        let links = pick(
            s.links().len(),
            &|l| s.links()[l].jurisdiction.contains(&id),
            &|l| access[s.links()[l].from.index()] || access[s.links()[l].to.index()],
        );
        let support = pick(
            s.support_links().len(),
            &|k| s.support_links()[k].jurisdiction.contains(&id),
            &|k| access[s.support_links()[k].region.index()],
        );
        let regions = pick(s.regions().len(), &|r| access[r], &|_| false);
        View {
            links,
            support,
            regions,
        }
    }
}

/// The largest share of a population a stochastic leap may remove at its opening rates.
pub const MAX_LEAP_FRACTION: f64 = 0.05;

/// The most substeps one step is split into.
pub const MAX_SUBSTEPS: usize = 20;

/// Length of the overlap of [a0, a1) and [b0, b1).
fn overlap(a0: f64, a1: f64, b0: f64, b1: f64) -> f64 {
    (a1.min(b1) - a0.max(b0)).max(0.0)
}

fn mean(values: impl Iterator<Item = f64>) -> Option<f64> {
    let (sum, n) = values.fold((0.0, 0usize), |(s, n), v| (s + v, n + 1));
    if n == 0 { None } else { Some(sum / n as f64) }
}

/// Binomial(n, 1 − e^(−hazard)) with `n` a whole number stored as f64.
fn binomial(rng: &mut ChaCha8Rng, n: f64, hazard: f64) -> f64 {
    if n < 1.0 || hazard <= 0.0 {
        return 0.0;
    }
    let p = (1.0 - (-hazard).exp()).clamp(0.0, 1.0);
    match Binomial::new(n as u64, p) {
        Ok(dist) => dist.sample(rng) as f64,
        Err(_) => 0.0,
    }
}

/// Poisson(mean), 0 for a non-positive mean.
fn poisson(rng: &mut ChaCha8Rng, mean: f64) -> f64 {
    if mean <= 0.0 || !mean.is_finite() {
        return 0.0;
    }
    match Poisson::new(mean) {
        Ok(dist) => dist.sample(rng),
        Err(_) => mean.round(),
    }
}
