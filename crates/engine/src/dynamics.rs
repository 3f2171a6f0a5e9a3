//! The continuous part of the model: the rates of every flow, given the state and the
//! decisions held fixed during a step. Both modes share this code: mean-field integrates the
//! rates (RK4), stochastic draws integer events whose expectations are these rates.
//!
//! Every equation here is written out, with its units, in `docs/model.md`.

use cordon_model::{
    ActorId, Law, LinkId, LinkKind, Regime, RegionId, Scenario, Subject, ThirdPartyId,
};

use crate::grid::Grid;
use crate::world::{Layout, Posture};

/// Decisions held fixed during one step (made by [`crate::campaign`] at the start of it).
#[derive(Clone, Debug)]
pub struct Decisions {
    pub regime: Regime,
    /// Per region.
    pub posture: Vec<Posture>,
    /// Per actor × region: fire multiplier (lethality × (1 − friction)).
    pub fire: Grid<f64>,
    /// Per actor × region: detection probability used for this actor's fire.
    pub detection: Grid<f64>,
    /// Per region: pooled detection (joint) or the best present actor's (otherwise).
    pub region_detection: Vec<f64>,
    /// Per link: interdiction effort (effort units per day).
    pub link_effort: Vec<f64>,
    /// Per support link: disruption effort.
    pub support_effort: Vec<f64>,
    /// Per third party: backing effort (sum of `back_proxy` efforts).
    pub backing: Vec<f64>,
    /// Per third party × actor: backing effort from that actor.
    pub backing_by: Grid<f64>,
    /// Per third party: hostile to the coalition.
    pub hostile: Vec<bool>,
    /// Region of the leadership (`None` in transit or not modelled).
    pub leader_region: Option<usize>,
    /// Per region: command strength delivered by the leadership (0..1).
    pub command: Vec<f64>,
    /// Per region: whether the branch is limited by finance (fixed by the scenario).
    pub finance_limited: Vec<bool>,
    /// Who is where (fixed by the scenario).
    /// The scenario's per-region adjacency, shared by a course's replications (computed once
    /// with its plan, [`crate::CoaPlan`]).
    pub topo: std::sync::Arc<crate::topology::Topology>,
    /// Per actor × region: reinforcements arriving during this step (forces per day), spread
    /// over a window; integrated as a rate inside the step.
    pub reinforcement: Grid<f64>,
    /// Mean-field mode: counts are expectations, not whole numbers (see [`present`]).
    pub mean_field: bool,
}

impl Decisions {
    /// Decisions over the scenario's topology, computed beforehand (the same for every
    /// campaign of `s`).
    pub fn new(s: &Scenario, topo: std::sync::Arc<crate::topology::Topology>) -> Decisions {
        let r = s.regions().len();
        let a = s.actors().len();
        let g = s.third_parties().len();
        Decisions {
            regime: Regime::Joint,
            posture: vec![Posture::Fight; r],
            fire: Grid::new(a, r, 0.0),
            detection: Grid::new(a, r, 0.0),
            region_detection: vec![0.0; r],
            link_effort: vec![0.0; s.links().len()],
            support_effort: vec![0.0; s.support_links().len()],
            backing: vec![0.0; g],
            backing_by: Grid::new(g, a, 0.0),
            hostile: vec![false; g],
            leader_region: None,
            command: vec![1.0; r],
            finance_limited: (0..r).map(|region| finance_modelled(s, region)).collect(),
            reinforcement: Grid::new(a, r, 0.0),
            topo,
            mean_field: false,
        }
    }
}

/// How much of a count `n` is there to be fired at, for fire that needs a target (aimed fire,
/// untargeted fire, which stops when no one is left). In a replication counts are whole, and
/// it is 1 when at least one is there. In the mean field `n` is the mean of counts that
/// scatter around it from replication to replication; taking them as Poisson, the chance that
/// at least one is there is `1 − e^{−n}`, the expectation of the replication's indicator
/// (with `min(n, 1)` instead, the mean field fires too much at a few fighters and too little
/// at a fraction of one: docs/model.md, section 24).
pub fn present(n: f64, mean_field: bool) -> f64 {
    if n <= 0.0 {
        0.0
    } else if mean_field {
        -(-n).exp_m1()
    } else {
        n.min(1.0)
    }
}

/// The rate of every flow, per day.
#[derive(Clone, Debug)]
pub struct Flows {
    /// Per region: adversary fighters killed by the coalition.
    pub kills: Vec<f64>,
    /// Per region: civilian casualties.
    pub civilians: Vec<f64>,
    /// Per region: recruits (support base, grievance, propaganda).
    pub recruits: Vec<f64>,
    /// Per region: supporters gained from grievance.
    pub support_gain: Vec<f64>,
    /// Per region: supporters arrested by disruption.
    pub arrests: Vec<f64>,
    /// Per region: supporters used up by recruitment (`supporters_per_recruit`).
    pub support_used: Vec<f64>,
    /// Per actor × region: coalition losses.
    pub coalition_losses: Grid<f64>,
    /// Per link direction: fighters setting out.
    pub departures: Vec<f64>,
    /// Per link: finance flowing from → to (M USD/day).
    pub finance: Vec<f64>,
    /// Per third party: adversary fighters it kills.
    pub third_kills: Vec<f64>,
    /// Per third party: its losses.
    pub third_losses: Vec<f64>,
    /// Per third party: its growth (logistic and from success).
    pub third_growth: Vec<f64>,
    /// Per third party: the logistic (organic) part of its growth; the rest is
    /// `growth_per_kill` × its kills, credited in stochastic mode at the kills drawn.
    pub third_organic: Vec<f64>,
    /// Hazard of the leader being killed (per day).
    pub leader_hazard: f64,
}

/// The entity the `j`-th rate of a group of flows belongs to.
type SubjectOf<'a> = dyn Fn(usize) -> Option<Subject> + 'a;

impl Flows {
    /// The name of the first flow whose rate is NaN or infinite, if any, and the entity it
    /// belongs to (for error reports that name the scenario keys behind it).
    pub fn first_non_finite(&self) -> Option<(&'static str, Option<Subject>)> {
        let rates = self.rates();
        // Branch-free passes (they vectorise); the search for the culprit only on failure.
        let bad = (rates.iter()).fold(!self.leader_hazard.is_finite(), |bad, v| {
            v.iter().fold(bad, |bad, x| bad | !x.is_finite())
        });
        if bad { self.culprit() } else { None }
    }

    /// Every rate vector but the leader's hazard, in one order (named in [`Flows::culprit`]).
    #[inline]
    fn rates(&self) -> [&[f64]; 12] {
        [
            self.kills.as_slice(),
            &self.civilians,
            &self.recruits,
            &self.support_gain,
            &self.arrests,
            &self.support_used,
            self.coalition_losses.as_slice(),
            &self.departures,
            &self.finance,
            &self.third_kills,
            &self.third_losses,
            &self.third_growth,
        ]
    }

    /// The first non-finite rate, named, with its entity (the search behind
    /// [`Flows::first_non_finite`], on failure only).
    #[cold]
    #[inline(never)]
    fn culprit(&self) -> Option<(&'static str, Option<Subject>)> {
        if !self.leader_hazard.is_finite() {
            return Some(("leader hazard", Some(Subject::Leadership)));
        }
        let region = |j: usize| Some(Subject::Region(RegionId::from_index(j)));
        let link = |j: usize| Some(Subject::Link(LinkId::from_index(j)));
        let third = |j: usize| Some(Subject::ThirdParty(ThirdPartyId::from_index(j)));
        let n_r = self.kills.len().max(1);
        let actor_in = |j: usize| {
            Some(Subject::ActorIn(
                ActorId::from_index(j / n_r),
                RegionId::from_index(j % n_r),
            ))
        };
        let departure = |j: usize| link(j / 2);
        // Each rate vector's name and entity, in the order of `Flows::rates`.
        let names = [
            "kills",
            "civilian casualties",
            "recruits",
            "support gain",
            "arrests",
            "support used",
            "coalition losses",
            "departures",
            "finance",
            "third-party kills",
            "third-party losses",
            "third-party growth",
        ];
        let subjects: [&SubjectOf; 12] = [
            &region, &region, &region, &region, &region, &region, &actor_in, &departure, &link,
            &third, &third, &third,
        ];
        (self.rates().iter().zip(names).zip(subjects)).find_map(|((v, name), of)| {
            v.iter().position(|x| !x.is_finite()).map(|j| (name, of(j)))
        })
    }

    pub fn new(layout: &Layout) -> Flows {
        let r = layout.n_regions;
        Flows {
            kills: vec![0.0; r],
            civilians: vec![0.0; r],
            recruits: vec![0.0; r],
            support_gain: vec![0.0; r],
            arrests: vec![0.0; r],
            support_used: vec![0.0; r],
            coalition_losses: Grid::new(layout.n_actors, r, 0.0),
            departures: vec![0.0; 2 * layout.n_links],
            finance: vec![0.0; layout.n_links],
            third_kills: vec![0.0; layout.n_third],
            third_losses: vec![0.0; layout.n_third],
            third_growth: vec![0.0; layout.n_third],
            third_organic: vec![0.0; layout.n_third],
            leader_hazard: 0.0,
        }
    }
}

/// Whether the branch in region `r` is limited by finance (it has some finance at all).
fn finance_modelled(s: &Scenario, r: usize) -> bool {
    let Some(b) = s.regions()[r].branch else {
        return false;
    };
    let b = s.branch(b);
    b.finance_musd > 0.0
        || b.income_musd_per_day > 0.0
        || s.links()
            .iter()
            .any(|l| l.kind == LinkKind::Finance && (l.to.index() == r || l.from.index() == r))
}

/// Finance factor of region `r`: (1 − w) + w·F/(F + F½), or 1 when finance is not modelled.
pub fn finance_factor(s: &Scenario, d: &Decisions, u: &[f64], layout: &Layout, r: usize) -> f64 {
    if !d.finance_limited[r] {
        return 1.0;
    }
    let adv = s.adversary();
    let f = u[layout.finance(r)].max(0.0);
    (1.0 - adv.finance_weight) + adv.finance_weight * f / (f + adv.finance_half_musd)
}

/// Exposure of region `r`'s fighters to fire under a posture.
pub fn exposure(s: &Scenario, r: usize, posture: Posture) -> f64 {
    let base = 1.0 - s.regions()[r].sanctuary;
    match posture {
        Posture::Dormant => base * s.adversary().dormant_exposure,
        _ => base,
    }
}

/// Activity of region `r`'s fighters under a posture.
pub fn activity(s: &Scenario, posture: Posture) -> f64 {
    match posture {
        Posture::Dormant => s.adversary().dormant_activity,
        _ => 1.0,
    }
}

/// Expected coalition kills per day in region `r` with `y` fighters at the given exposure, and
/// the civilian casualties that fire causes. Returns (kills, civilians).
pub fn coalition_fire(
    s: &Scenario,
    u: &[f64],
    layout: &Layout,
    d: &Decisions,
    r: usize,
    y: f64,
    exposure: f64,
) -> (f64, f64) {
    let Some(eng) = &s.regions()[r].engagement else {
        return (0.0, 0.0);
    };
    if y <= 0.0 {
        return (0.0, 0.0);
    }
    let exposed = y * exposure;
    let population = s.regions()[r].population;
    let mut sum = 0.0;
    let mut survive = 1.0; // Π (1 − k_a / exposed), for overlapping fire
    let mut civilians = 0.0;
    let mut n_firing = 0;
    for &a in &d.topo.actors_in[r] {
        let x = u[layout.engaged(a, r)].max(0.0);
        if x <= 0.0 {
            continue;
        }
        let fire = d.fire[(a, r)];
        let k = match eng.law {
            Law::Square => eng.coalition_lethality * fire * x * exposure,
            Law::Linear | Law::Mixed => eng.coalition_lethality * fire * x * exposed,
            Law::Intelligence => {
                let q = d.detection[(a, r)];
                let shots = eng.coalition_lethality * fire * x;
                let targeted = shots * q * exposed / (exposed + eng.targeting_half_fighters);
                let untargeted = shots * (1.0 - q);
                let hit = if exposed + population > 0.0 {
                    exposed / (exposed + population)
                } else {
                    0.0
                };
                // Untargeted fire is fired only while there is someone to fire at: below one
                // fighter it falls with the fraction left (the integer model stops at zero).
                civilians +=
                    untargeted * (1.0 - hit) * s.actors()[a].collateral * present(y, d.mean_field);
                targeted + untargeted * hit
            }
        };
        if k > 0.0 {
            n_firing += 1;
            sum += k;
            survive *= 1.0 - (k / exposed).min(1.0);
        }
    }
    // Deconflicted forces (joint) never engage the same fighters twice; independent forces do.
    let kills = if d.regime.deconflicts_fire() || n_firing <= 1 {
        sum
    } else {
        exposed * (1.0 - survive)
    };
    (kills, civilians)
}

/// Fills `f` with the flow rates at state `u`.
pub fn flows(s: &Scenario, layout: &Layout, d: &Decisions, u: &[f64], f: &mut Flows) {
    let adv = s.adversary();
    let severed = s.outcome_rules().severed_integrity;
    f.coalition_losses.fill(0.0);
    for x in f.departures.iter_mut() {
        *x = 0.0;
    }
    for g in 0..layout.n_third {
        f.third_kills[g] = 0.0;
        f.third_losses[g] = 0.0;
        f.third_growth[g] = 0.0;
        f.third_organic[g] = 0.0;
    }

    for r in 0..layout.n_regions {
        let here = Local::of(s, layout, d, u, r);
        region_fire(s, layout, d, u, f, &here);
        for &g in &d.topo.third_parties[r] {
            third_party(s, layout, d, u, f, &here, g);
        }
        recruitment(s, layout, d, u, f, &here);
    }

    // Links: fighters relocating, money moving.
    for (l, link) in s.links().iter().enumerate() {
        let integrity = u[layout.integrity(l)];
        f.finance[l] = 0.0;
        if integrity <= severed {
            continue;
        }
        match link.kind {
            LinkKind::Fighters => {
                for dir in 0..2 {
                    let from = if dir == 0 {
                        link.from.index()
                    } else {
                        link.to.index()
                    };
                    if let Posture::Relocate { link: pl, dir: pd } = d.posture[from]
                        && pl as usize == l
                        && pd as usize == dir
                    {
                        let y = u[layout.fighters(from)].max(0.0);
                        f.departures[2 * l + dir] =
                            (adv.relocate_fraction_per_day * y).min(link.capacity * integrity);
                    }
                }
            }
            LinkKind::Finance => {
                let src = link.from.index();
                let money = u[layout.finance(src)].max(0.0);
                f.finance[l] = link.capacity * integrity * money / (money + adv.finance_half_musd);
            }
            LinkKind::Command | LinkKind::Propaganda => {}
        }
    }

    // The leader's hazard at full targeted pressure.
    f.leader_hazard = 0.0;
    if let Some(r) = d.leader_region {
        let y = u[layout.fighters(r)].max(0.0);
        let x: f64 = d.topo.actors_in[r]
            .iter()
            .map(|&a| u[layout.engaged(a, r)].max(0.0))
            .sum();
        if x > 0.0 {
            f.leader_hazard = adv.leadership_vulnerability * d.region_detection[r] * x / (x + y);
        }
    }
}

/// What the flows of one region depend on, computed once per region and state.
struct Local {
    r: usize,
    /// Adversary fighters.
    y: f64,
    expo: f64,
    act: f64,
    command_factor: f64,
    fin: f64,
    /// Coalition forces engaged.
    coalition_here: f64,
    /// Everyone the adversary fights here: the coalition and the third parties.
    opponents: f64,
}

impl Local {
    fn of(s: &Scenario, layout: &Layout, d: &Decisions, u: &[f64], r: usize) -> Local {
        let m = s.adversary().command_multiplier;
        let posture = d.posture[r];
        // Only the actors that can be here: the others' forces are exactly zero, and a sum that
        // skips zeros equals the full one wherever its sign could matter (it is only compared
        // with zero and divided by when positive).
        let coalition_here: f64 = d.topo.actors_in[r]
            .iter()
            .map(|&a| u[layout.engaged(a, r)].max(0.0))
            .sum();
        let mut third_here = 0.0;
        for &g in &d.topo.third_parties[r] {
            third_here += u[layout.third(g)].max(0.0);
        }
        Local {
            r,
            y: u[layout.fighters(r)].max(0.0),
            expo: exposure(s, r, posture),
            act: activity(s, posture),
            command_factor: (1.0 + m * d.command[r]) / (1.0 + m),
            fin: finance_factor(s, d, u, layout, r),
            coalition_here,
            opponents: coalition_here + third_here,
        }
    }
}

/// The coalition's fire on the adversary (kills and civilian casualties) and the adversary's
/// fire on the coalition in one region.
fn region_fire(s: &Scenario, layout: &Layout, d: &Decisions, u: &[f64], f: &mut Flows, l: &Local) {
    let (r, y) = (l.r, l.y);
    let (kills, civilians) = coalition_fire(s, u, layout, d, r, y, l.expo);
    // Civilian casualties come from the population: none are left to harm once every
    // inhabitant has been counted (the rate falls with the share of the population left).
    let population = s.regions()[r].population;
    let civilians = if population > 0.0 {
        civilians * (1.0 - u[layout.civilians(r)] / population).clamp(0.0, 1.0)
    } else {
        civilians
    };
    f.kills[r] = kills;
    f.civilians[r] = civilians;

    let (coalition_here, opponents) = (l.coalition_here, l.opponents);
    let adversary_fire = match s.regions()[r].engagement.as_ref() {
        Some(e) if y > 0.0 && opponents > 0.0 => {
            let base = e.adversary_lethality * y * l.act * l.command_factor * l.fin;
            match e.law {
                Law::Linear => base * coalition_here,
                // Aimed fire needs a target: against less than one opponent it falls with
                // the fraction present (the integer model has no one left to hit).
                Law::Square | Law::Mixed | Law::Intelligence => {
                    base * present(opponents, d.mean_field)
                }
            }
        }
        _ => 0.0,
    };
    if coalition_here > 0.0 && adversary_fire > 0.0 {
        let share = coalition_here / opponents;
        for &a in &d.topo.actors_in[r] {
            let x = u[layout.engaged(a, r)].max(0.0);
            f.coalition_losses[(a, r)] += adversary_fire * share * x / coalition_here;
        }
    }
}

/// Third party `g` (in region `l.r`) fights the adversary (square law), grows, and may turn on
/// the coalition.
fn third_party(
    s: &Scenario,
    layout: &Layout,
    d: &Decisions,
    u: &[f64],
    f: &mut Flows,
    l: &Local,
    g: usize,
) {
    let tp = &s.third_parties()[g];
    let y = l.y;
    let z = u[layout.third(g)].max(0.0);
    if z <= 0.0 {
        return;
    }
    if y > 0.0 {
        // Aimed fire needs a target: below one fighter, the expected kills fall with
        // the fraction left (the integer model kills no one once none is left).
        f.third_kills[g] = tp.lethality
            * (1.0 + tp.backing_multiplier * d.backing[g])
            * z
            * l.expo
            * present(y, d.mean_field);
        if l.opponents > 0.0 {
            f.third_losses[g] =
                tp.vulnerability * y * l.act * l.command_factor * l.fin * z / l.opponents;
        }
    }
    // Backing (arms, money, sanctuary) multiplies both its lethality and its growth.
    let backed = 1.0 + tp.backing_multiplier * d.backing[g];
    let logistic = match tp.carrying_capacity {
        Some(k) => tp.growth_rate_per_day * backed * z * (1.0 - z / k),
        None => 0.0,
    };
    f.third_organic[g] = logistic.max(-z);
    f.third_growth[g] = f.third_organic[g] + tp.growth_per_kill * f.third_kills[g];
    if l.coalition_here > 0.0 && tp.coalition_lethality > 0.0 {
        third_party_fire_on_coalition(s, layout, d, u, f, l, g, z);
    }
}

/// A third party's fire on the coalition: once hostile, on everyone here; under cross-purpose,
/// a backed group also harasses the forces of its backers' rivals.
#[allow(clippy::too_many_arguments)]
fn third_party_fire_on_coalition(
    s: &Scenario,
    layout: &Layout,
    d: &Decisions,
    u: &[f64],
    f: &mut Flows,
    l: &Local,
    g: usize,
    z: f64,
) {
    let tp = &s.third_parties()[g];
    let n_a = layout.n_actors;
    let (r, coalition_here) = (l.r, l.coalition_here);
    for a in 0..n_a {
        let x = u[layout.engaged(a, r)].max(0.0);
        if x <= 0.0 {
            continue;
        }
        let mut weight = if d.hostile[g] { 1.0 } else { 0.0 };
        if !d.hostile[g] && d.regime.fights_rival_proxies() {
            let mut rival_backing = 0.0;
            for b in 0..n_a {
                let backing = d.backing_by[(g, b)];
                if backing > 0.0
                    && s.relation(
                        cordon_model::ActorId::from_index(a),
                        cordon_model::ActorId::from_index(b),
                    )
                    .kind
                        == cordon_model::RelationKind::Rival
                {
                    rival_backing += backing;
                }
            }
            weight = rival_backing.min(1.0);
        }
        if weight > 0.0 {
            f.coalition_losses[(a, r)] +=
                tp.coalition_lethality * z * weight * present(coalition_here, d.mean_field) * x
                    / coalition_here;
        }
    }
}

/// Recruitment in region `l.r`: through support links, from grievance, and from propaganda;
/// and the arrests that support disruption makes.
fn recruitment(s: &Scenario, layout: &Layout, d: &Decisions, u: &[f64], f: &mut Flows, l: &Local) {
    let r = l.r;
    let civilians = f.civilians[r];
    let mut support_factor = 1.0;
    let mut share_sum = 0.0;
    let mut weighted = 0.0;
    let mut arrest_rate = 0.0;
    for &k in &d.topo.support[r] {
        let link = &s.support_links()[k];
        share_sum += link.share;
        let sigma = u[layout.support_integrity(k)].clamp(0.0, 1.0);
        weighted += link.share * sigma;
        arrest_rate += d.support_effort[k] * link.share * sigma;
    }
    if share_sum > 0.0 {
        support_factor = weighted / share_sum;
        arrest_rate /= share_sum;
    }
    let support = u[layout.support_base(r)].max(0.0);
    let (recruit_rate, grievance_recruits, grievance_support, used_per_recruit) =
        match s.regions()[r].branch {
            Some(b) => {
                let b = s.branch(b);
                let e = s.regions()[r].engagement.as_ref().map_or((0.0, 0.0), |e| {
                    (
                        e.grievance_recruits_per_casualty,
                        e.grievance_support_per_casualty,
                    )
                });
                (
                    b.recruits_per_supporter_day,
                    e.0,
                    e.1,
                    b.supporters_per_recruit,
                )
            }
            None => (0.0, 0.0, 0.0, None),
        };
    let propaganda = propaganda_into(s, layout, d, u, r);
    let has_branch = s.regions()[r].branch.is_some();
    let from_support = recruit_rate * support * support_factor * l.fin * l.act;
    f.recruits[r] = if has_branch {
        from_support + grievance_recruits * civilians + propaganda
    } else {
        0.0
    };
    f.support_gain[r] = grievance_support * civilians;
    f.arrests[r] = support * arrest_rate;
    // Recruits drawn from the support base leave it (off when the key is absent).
    f.support_used[r] = match used_per_recruit {
        Some(kappa) if has_branch => kappa * from_support,
        _ => 0.0,
    };
}

/// Recruits per day that propaganda links into region `r` inspire.
fn propaganda_into(s: &Scenario, layout: &Layout, d: &Decisions, u: &[f64], r: usize) -> f64 {
    let severed = s.outcome_rules().severed_integrity;
    let mut propaganda = 0.0;
    for &l in &d.topo.propaganda_in[r] {
        let link = &s.links()[l];
        let integrity = u[layout.integrity(l)];
        if integrity > severed {
            let src = link.from.index();
            let y0 = s.regions()[src]
                .branch
                .map_or(0.0, |b| s.branch(b).fighters);
            let momentum = if y0 > 0.0 {
                (u[layout.fighters(src)].max(0.0) / y0).min(1.5)
            } else {
                0.0
            };
            propaganda += link.capacity * integrity * momentum;
        }
    }
    propaganda
}

/// Coalition losses are counted in every case; for an actor that does not replace its losses
/// they also come off the engaged forces and off the bases they were drawn from: the region's
/// own base first, and for forces brought in from elsewhere (concentration), the other bases in
/// proportion to their size.
fn losses_off_bases(
    s: &Scenario,
    layout: &Layout,
    d: &Decisions,
    u: &[f64],
    f: &Flows,
    du: &mut [f64],
) {
    // An actor's forces and losses outside `regions_of` are exactly zero: skipping them leaves
    // every slot as it was.
    for a in 0..layout.n_actors {
        let mine = &d.topo.regions_of[a];
        let sustained = s.actors()[a].replace_losses;
        // Losses come off the base the engaged forces were drawn from: the region's own base
        // first, and for forces brought in from elsewhere (concentration), the other bases in
        // proportion to their size.
        let total_based: f64 = mine.iter().map(|&r| u[layout.based(a, r)].max(0.0)).sum();
        for &r in mine {
            let loss = f.coalition_losses[(a, r)];
            du[layout.coalition_losses(a, r)] = loss;
            if sustained || loss <= 0.0 {
                continue;
            }
            du[layout.engaged(a, r)] -= loss;
            let engaged = u[layout.engaged(a, r)].max(0.0);
            let based = u[layout.based(a, r)].max(0.0);
            let local = if engaged > 0.0 {
                (based / engaged).min(1.0)
            } else {
                1.0
            };
            du[layout.based(a, r)] -= loss * local;
            let elsewhere = total_based - based;
            if local < 1.0 && elsewhere > 0.0 {
                for &r2 in mine.iter().filter(|&&r2| r2 != r) {
                    du[layout.based(a, r2)] -=
                        loss * (1.0 - local) * u[layout.based(a, r2)].max(0.0) / elsewhere;
                }
            }
        }
    }
}

/// Mean-field: third parties and departures take only the fighters the coalition's fire leaves.
/// A replication's leap draws a region's losses in order, each capped by the fighters left
/// (`draw_region`: the coalition's kills, then each third party's, then departures); here,
/// where the opening rates of third-party kills and departures would take more than the
/// region holds within a step of `dt` days after the coalition's kills, they are scaled down
/// together to what is left. The coalition's own fire keeps its law's form (Lanchester's
/// annihilation at the linear crossing of zero, as the validated Iwo Jima figures need).
/// Without it, a third party's aimed fire on a fraction of a fighter (tens per day per
/// fighter) makes the integrator overshoot below zero and books kills of fighters who never
/// existed. A third party's growth from success follows the kills kept.
pub fn limit_outflows(
    s: &Scenario,
    layout: &Layout,
    d: &Decisions,
    u: &[f64],
    dt: f64,
    f: &mut Flows,
) {
    let mut limited = false;
    for r in 0..layout.n_regions {
        let mut out = 0.0;
        for &g in &d.topo.third_parties[r] {
            out += f.third_kills[g];
        }
        for &(l, dir) in &d.topo.departures[r] {
            out += f.departures[2 * l + dir];
        }
        let cap = (u[layout.fighters(r)].max(0.0) / dt - f.kills[r]).max(0.0);
        if out <= cap || out <= 0.0 {
            continue;
        }
        let k = cap / out;
        for &g in &d.topo.third_parties[r] {
            f.third_kills[g] *= k;
        }
        for &(l, dir) in &d.topo.departures[r] {
            f.departures[2 * l + dir] *= k;
        }
        limited = true;
    }
    if limited {
        for (g, tp) in s.third_parties().iter().enumerate() {
            f.third_growth[g] = f.third_organic[g] + tp.growth_per_kill * f.third_kills[g];
        }
    }
}

/// The time derivative of `u` given the flows (mean-field), written into `du`.
pub fn derivative(
    s: &Scenario,
    layout: &Layout,
    d: &Decisions,
    u: &[f64],
    f: &Flows,
    du: &mut [f64],
) {
    let adv = s.adversary();
    let n_r = layout.n_regions;
    let n_a = layout.n_actors;
    for x in du.iter_mut() {
        *x = 0.0;
    }
    for r in 0..n_r {
        let third_kills: f64 = d.topo.third_parties[r]
            .iter()
            .map(|&g| f.third_kills[g])
            .sum();
        du[layout.fighters(r)] = f.recruits[r] - f.kills[r] - third_kills;
        du[layout.support_base(r)] = f.support_gain[r] - f.arrests[r] - f.support_used[r];
        du[layout.kills(r)] = f.kills[r];
        du[layout.civilians(r)] = f.civilians[r];
        du[layout.recruits(r)] = f.recruits[r];
        if let Some(b) = s.regions()[r].branch {
            let upkeep = adv.upkeep_usd_per_fighter_day * u[layout.fighters(r)].max(0.0) / 1.0e6;
            let income = s.branch(b).income_musd_per_day;
            du[layout.finance(r)] = if d.finance_limited[r] {
                income - upkeep
            } else {
                0.0
            };
        }
    }
    for (l, link) in s.links().iter().enumerate() {
        let i = u[layout.integrity(l)].clamp(0.0, 1.0);
        du[layout.integrity(l)] = -d.link_effort[l] * i + adv.repair_rate_per_day * (1.0 - i);
        for dir in 0..2 {
            let from = if dir == 0 {
                link.from.index()
            } else {
                link.to.index()
            };
            du[layout.fighters(from)] -= f.departures[2 * l + dir];
            du[layout.departed(l, dir)] = f.departures[2 * l + dir];
        }
        if f.finance[l] > 0.0 {
            du[layout.finance(link.from.index())] -= f.finance[l];
            du[layout.finance(link.to.index())] += f.finance[l];
        }
    }
    for (k, _) in s.support_links().iter().enumerate() {
        let sigma = u[layout.support_integrity(k)].clamp(0.0, 1.0);
        du[layout.support_integrity(k)] =
            -d.support_effort[k] * sigma + adv.repair_rate_per_day * (1.0 - sigma);
    }
    // Reinforcements spread over a window arrive as a rate inside the step; they join the
    // based forces and, in the share of those already engaged, the fight.
    for a in 0..n_a {
        for &r in &d.topo.regions_of[a] {
            let rate = d.reinforcement[(a, r)];
            if rate > 0.0 {
                let based = u[layout.based(a, r)];
                let engaged = u[layout.engaged(a, r)];
                let share = if based > 0.0 {
                    (engaged / based).clamp(0.0, 1.0)
                } else {
                    1.0
                };
                du[layout.based(a, r)] += rate;
                du[layout.engaged(a, r)] += rate * share;
            }
        }
    }
    losses_off_bases(s, layout, d, u, f, du);
    for g in 0..layout.n_third {
        du[layout.third(g)] = f.third_growth[g] - f.third_losses[g];
        du[layout.third_kills(g)] = f.third_kills[g];
        du[layout.third_losses(g)] = f.third_losses[g];
    }
    if s.adversary().leadership_region.is_some() {
        let p = u[layout.leader()].clamp(0.0, 1.0);
        let succession = s.adversary().succession_days;
        // With instant succession, killing the leader changes nothing.
        du[layout.leader()] = if succession > 0.0 {
            -f.leader_hazard * p + (1.0 - p) / succession
        } else {
            0.0
        };
    }
}
