//! The state of one campaign: a flat vector of continuous quantities plus the discrete state
//! (postures, phases, the leader's whereabouts, fighters in transit, stances).
//!
//! The continuous quantities live in one `Vec<f64>` so that the mean-field integrator can treat
//! them as one ODE state; [`Layout`] names the slices. Everything here is plain data: the world
//! can be cloned, inspected by observers and checked for non-finite values.

use cordon_model::{ActorId, LinkId, RegionId, Scenario, Subject, SupportLinkId, ThirdPartyId};

/// Offsets of each quantity in [`World::u`].
#[derive(Clone, Debug)]
pub struct Layout {
    pub n_regions: usize,
    pub n_actors: usize,
    pub n_links: usize,
    pub n_support: usize,
    pub n_third: usize,
    fighters: usize,
    support_base: usize,
    finance: usize,
    engaged: usize,
    based: usize,
    integrity: usize,
    support_integrity: usize,
    third: usize,
    leader: usize,
    kills: usize,
    civilians: usize,
    recruits: usize,
    coalition_losses: usize,
    departed: usize,
    third_kills: usize,
    third_losses: usize,
    len: usize,
}

impl Layout {
    pub fn new(s: &Scenario) -> Layout {
        let r = s.regions().len();
        let a = s.actors().len();
        let l = s.links().len();
        let k = s.support_links().len();
        let g = s.third_parties().len();
        let mut at = 0;
        let mut take = |n: usize| {
            let start = at;
            at += n;
            start
        };
        let fighters = take(r);
        let support_base = take(r);
        let finance = take(r);
        let engaged = take(a * r);
        let based = take(a * r);
        let integrity = take(l);
        let support_integrity = take(k);
        let third = take(g);
        let leader = take(1);
        let kills = take(r);
        let civilians = take(r);
        let recruits = take(r);
        let coalition_losses = take(a * r);
        let departed = take(2 * l);
        let third_kills = take(g);
        let third_losses = take(g);
        Layout {
            n_regions: r,
            n_actors: a,
            n_links: l,
            n_support: k,
            n_third: g,
            fighters,
            support_base,
            finance,
            engaged,
            based,
            integrity,
            support_integrity,
            third,
            leader,
            kills,
            civilians,
            recruits,
            coalition_losses,
            departed,
            third_kills,
            third_losses,
            len: at,
        }
    }

    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Adversary fighters in region `r` (active and dormant).
    pub fn fighters(&self, r: usize) -> usize {
        self.fighters + r
    }
    /// Support base of the branch in region `r` (persons).
    pub fn support_base(&self, r: usize) -> usize {
        self.support_base + r
    }
    /// Finance stock of the branch in region `r` (M USD).
    pub fn finance(&self, r: usize) -> usize {
        self.finance + r
    }
    /// Forces of actor `a` engaged in region `r` (soldiers).
    pub fn engaged(&self, a: usize, r: usize) -> usize {
        self.engaged + a * self.n_regions + r
    }
    /// Forces actor `a` has based in region `r` (soldiers): what attack tasks draw on.
    pub fn based(&self, a: usize, r: usize) -> usize {
        self.based + a * self.n_regions + r
    }
    /// Integrity of inter-regional link `l` (0..1).
    pub fn integrity(&self, l: usize) -> usize {
        self.integrity + l
    }
    /// Integrity of support link `k` (0..1).
    pub fn support_integrity(&self, k: usize) -> usize {
        self.support_integrity + k
    }
    /// Fighters of third party `g`.
    pub fn third(&self, g: usize) -> usize {
        self.third + g
    }
    /// Probability that the leader is alive and in command (mean-field), or 1/0 (stochastic).
    pub fn leader(&self) -> usize {
        self.leader
    }
    /// Cumulative adversary fighters killed in region `r` (by the coalition).
    pub fn kills(&self, r: usize) -> usize {
        self.kills + r
    }
    /// Cumulative civilian casualties in region `r`.
    pub fn civilians(&self, r: usize) -> usize {
        self.civilians + r
    }
    /// Cumulative recruits in region `r`.
    pub fn recruits(&self, r: usize) -> usize {
        self.recruits + r
    }
    /// Cumulative losses of actor `a` in region `r`.
    pub fn coalition_losses(&self, a: usize, r: usize) -> usize {
        self.coalition_losses + a * self.n_regions + r
    }
    /// Cumulative fighters that set out along link `l`, forward (`dir` 0) or backward (1).
    pub fn departed(&self, l: usize, dir: usize) -> usize {
        self.departed + 2 * l + dir
    }
    /// Cumulative adversary fighters killed by third party `g`.
    pub fn third_kills(&self, g: usize) -> usize {
        self.third_kills + g
    }
    /// Cumulative losses of third party `g`.
    pub fn third_losses(&self, g: usize) -> usize {
        self.third_losses + g
    }

    /// The entity slot `i` belongs to, for error reports that name the scenario keys behind a
    /// value ([`Scenario::key_behind`]).
    pub fn subject(&self, i: usize) -> Option<Subject> {
        let n_r = self.n_regions.max(1);
        let region = |j: usize| RegionId::from_index(j);
        let actor_in = |j: usize| Subject::ActorIn(ActorId::from_index(j / n_r), region(j % n_r));
        let in_range = |start: usize, n: usize| (i >= start && i < start + n).then(|| i - start);
        let per_region = [
            self.fighters,
            self.support_base,
            self.finance,
            self.kills,
            self.civilians,
            self.recruits,
        ];
        if let Some(j) = per_region
            .iter()
            .find_map(|&start| in_range(start, self.n_regions))
        {
            return Some(Subject::Region(region(j)));
        }
        let per_actor_region = [self.engaged, self.based, self.coalition_losses];
        if let Some(j) = per_actor_region
            .iter()
            .find_map(|&start| in_range(start, self.n_actors * self.n_regions))
        {
            return Some(actor_in(j));
        }
        if let Some(j) = in_range(self.integrity, self.n_links) {
            return Some(Subject::Link(LinkId::from_index(j)));
        }
        if let Some(j) = in_range(self.departed, 2 * self.n_links) {
            return Some(Subject::Link(LinkId::from_index(j / 2)));
        }
        if let Some(j) = in_range(self.support_integrity, self.n_support) {
            return Some(Subject::SupportLink(SupportLinkId::from_index(j)));
        }
        let per_third = [self.third, self.third_kills, self.third_losses];
        if let Some(j) = per_third
            .iter()
            .find_map(|&start| in_range(start, self.n_third))
        {
            return Some(Subject::ThirdParty(ThirdPartyId::from_index(j)));
        }
        (i == self.leader).then_some(Subject::Leadership)
    }

    /// A readable name of slot `i`, for error reports.
    pub fn describe(&self, i: usize, s: &Scenario) -> String {
        let region = |r: usize| s.regions()[r].id.clone();
        let actor_region = |j: usize| {
            let (a, r) = (j / self.n_regions.max(1), j % self.n_regions.max(1));
            format!("{}@{}", s.actors()[a].id, region(r))
        };
        let sections: [(usize, usize, &str); 16] = [
            (self.fighters, self.n_regions, "fighters"),
            (self.support_base, self.n_regions, "support_base"),
            (self.finance, self.n_regions, "finance"),
            (self.engaged, self.n_actors * self.n_regions, "engaged"),
            (self.based, self.n_actors * self.n_regions, "based"),
            (self.integrity, self.n_links, "integrity"),
            (self.support_integrity, self.n_support, "support_integrity"),
            (self.third, self.n_third, "third_party"),
            (self.leader, 1, "leader"),
            (self.kills, self.n_regions, "kills"),
            (self.civilians, self.n_regions, "civilians"),
            (self.recruits, self.n_regions, "recruits"),
            (
                self.coalition_losses,
                self.n_actors * self.n_regions,
                "coalition_losses",
            ),
            (self.departed, 2 * self.n_links, "departed"),
            (self.third_kills, self.n_third, "third_kills"),
            (self.third_losses, self.n_third, "third_losses"),
        ];
        for (start, n, name) in sections {
            if i >= start && i < start + n {
                let j = i - start;
                return match name {
                    "fighters" | "support_base" | "finance" | "kills" | "civilians"
                    | "recruits" => {
                        format!("{name}[{}]", region(j))
                    }
                    "engaged" | "based" | "coalition_losses" => {
                        format!("{name}[{}]", actor_region(j))
                    }
                    "integrity" => format!("integrity[{}]", s.links()[j].id),
                    "departed" => format!("departed[{}]", s.links()[j / 2].id),
                    "support_integrity" => format!("integrity[{}]", s.support_links()[j].id),
                    "third_party" | "third_kills" | "third_losses" => {
                        format!("{name}[{}]", s.third_parties()[j].id)
                    }
                    _ => name.to_string(),
                };
            }
        }
        format!("slot {i}")
    }
}

/// What a branch does this step.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Posture {
    Fight,
    Dormant,
    /// Fighters set out along this link, in this direction (0 forward, 1 backward).
    Relocate {
        link: u32,
        dir: u8,
    },
}

impl Posture {
    pub fn as_str(self) -> &'static str {
        match self {
            Posture::Fight => "fight",
            Posture::Dormant => "dormant",
            Posture::Relocate { .. } => "relocate",
        }
    }
}

/// Fighters on their way along one link direction: arrivals per future step, as a ring.
#[derive(Clone, Debug)]
pub struct Pipeline {
    /// `slots[i]` arrive `i` steps after `head` (modulo the ring length).
    pub slots: Vec<f64>,
    pub head: usize,
}

impl Pipeline {
    fn new(delay_steps: usize) -> Pipeline {
        Pipeline {
            slots: vec![0.0; delay_steps + 1],
            head: 0,
        }
    }

    /// Fighters still in transit.
    pub fn in_transit(&self) -> f64 {
        self.slots.iter().sum()
    }

    pub(crate) fn delay_steps(&self) -> usize {
        self.slots.len() - 1
    }

    pub(crate) fn push(&mut self, amount: f64) {
        let n = self.slots.len();
        let at = (self.head + n - 1) % n;
        self.slots[at] += amount;
    }

    /// Advances an empty ring by `k` steps (as `k` pops would).
    pub(crate) fn turn(&mut self, k: usize) {
        debug_assert!(self.slots.iter().all(|x| x.to_bits() == 0));
        if self.delay_steps() > 0 {
            self.head = (self.head + k) % self.slots.len();
        }
    }

    /// Removes and returns what arrives now, and advances the ring.
    pub(crate) fn pop(&mut self) -> f64 {
        let out = self.slots[self.head];
        self.slots[self.head] = 0.0;
        self.head = (self.head + 1) % self.slots.len();
        out
    }
}

/// The whole state of one campaign.
#[derive(Clone, Debug)]
pub struct World {
    pub layout: Layout,
    /// Completed steps.
    pub step: usize,
    /// Days elapsed.
    pub day: f64,
    /// Continuous quantities; see [`Layout`].
    pub u: Vec<f64>,
    /// Per region.
    pub posture: Vec<Posture>,
    /// Per region: day of first decisive defeat, if any.
    pub defeated_on: Vec<Option<f64>>,
    /// Per region: currently at or below the decisive-defeat level (a region that starts
    /// without fighters counts as defeated while it holds less than half a fighter).
    pub defeated_now: Vec<bool>,
    /// Per region: day of the latest fall to the decisive-defeat level, if any.
    pub defeated_last: Vec<Option<f64>>,
    /// Per region: resurged after a decisive defeat.
    pub resurged: Vec<bool>,
    /// Per region: cumulative fighters that arrived from elsewhere.
    pub arrived: Vec<f64>,
    /// Per region: cumulative fighters that arrived and had left the core region.
    pub arrived_from_core: Vec<f64>,
    /// Per link: cumulative fighters caught in transit.
    pub caught: Vec<f64>,
    /// Per link direction (`2 * l + dir`): fighters in transit.
    pub transit: Vec<Pipeline>,
    /// Region where the leadership sits (`None`: not modelled, or in transit).
    pub leader_region: Option<usize>,
    /// Leader in transit: (destination, arrival day).
    pub leader_transit: Option<(usize, f64)>,
    /// Day the current succession completes (stochastic mode).
    pub succession_until: Option<f64>,
    /// Per third party: hostile to the coalition.
    pub hostile: Vec<bool>,
    /// Global phase index reached and the day each phase was triggered.
    pub phase_started: Vec<Option<f64>>,
    /// Per link: whether it is currently severed (for events).
    pub severed: Vec<bool>,
    /// Concentration target region, if a `concentrate` task is active.
    pub concentration: Option<usize>,
    /// Per region: initial fighters (for fractions).
    pub initial_fighters: Vec<f64>,
}

impl World {
    /// The state at day 0.
    pub fn new(s: &Scenario) -> World {
        let layout = Layout::new(s);
        let mut u = vec![0.0; layout.len()];
        let n_regions = s.regions().len();
        let mut initial_fighters = vec![0.0; n_regions];
        for b in s.branches() {
            let r = b.region.index();
            u[layout.fighters(r)] = b.fighters;
            u[layout.support_base(r)] = b.support_base;
            u[layout.finance(r)] = b.finance_musd;
            initial_fighters[r] = b.fighters;
        }
        for (a, actor) in s.actors().iter().enumerate() {
            for r in 0..n_regions {
                u[layout.based(a, r)] = actor.forces[r];
            }
        }
        for (l, link) in s.links().iter().enumerate() {
            u[layout.integrity(l)] = link.integrity;
        }
        for (k, link) in s.support_links().iter().enumerate() {
            u[layout.support_integrity(k)] = link.integrity;
        }
        for (g, tp) in s.third_parties().iter().enumerate() {
            u[layout.third(g)] = tp.fighters;
        }
        let leader_region = s.adversary().leadership_region.map(|r| r.index());
        u[layout.leader()] = if leader_region.is_some() { 1.0 } else { 0.0 };
        // A pipeline holds what can arrive before the horizon: a journey longer than the
        // campaign is one step longer than it (nothing on it ever arrives).
        let longest = s.n_steps() + 1;
        let mut transit = Vec::with_capacity(2 * s.links().len());
        for link in s.links() {
            let delay = cordon_model::limits::travel_steps(link.travel_days, s.meta().step_days)
                .map_or(longest, |n| (n as usize).min(longest));
            transit.push(Pipeline::new(delay));
            transit.push(Pipeline::new(delay));
        }
        World {
            step: 0,
            day: 0.0,
            u,
            posture: vec![Posture::Fight; n_regions],
            defeated_on: vec![None; n_regions],
            defeated_now: initial_fighters.iter().map(|y| *y <= 0.0).collect(),
            defeated_last: vec![None; n_regions],
            resurged: vec![false; n_regions],
            arrived: vec![0.0; n_regions],
            arrived_from_core: vec![0.0; n_regions],
            caught: vec![0.0; s.links().len()],
            transit,
            leader_region,
            leader_transit: None,
            succession_until: None,
            hostile: s
                .third_parties()
                .iter()
                .map(|g| g.stance == cordon_model::Stance::Hostile)
                .collect(),
            phase_started: vec![None; 0],
            severed: s
                .links()
                .iter()
                .map(|l| l.integrity <= s.outcome_rules().severed_integrity)
                .collect(),
            concentration: None,
            initial_fighters,
            layout,
        }
    }

    pub fn fighters(&self, r: usize) -> f64 {
        self.u[self.layout.fighters(r)]
    }

    pub fn total_fighters(&self) -> f64 {
        (0..self.layout.n_regions).map(|r| self.fighters(r)).sum()
    }

    /// Fighters in transit on every link.
    pub fn in_transit(&self) -> f64 {
        self.transit.iter().map(Pipeline::in_transit).sum()
    }

    pub fn integrity(&self, l: usize) -> f64 {
        self.u[self.layout.integrity(l)]
    }

    /// Forces of all actors engaged in region `r`.
    pub fn engaged_in(&self, r: usize) -> f64 {
        (0..self.layout.n_actors)
            .map(|a| self.u[self.layout.engaged(a, r)])
            .sum()
    }

    /// Cumulative coalition losses in region `r`.
    pub fn coalition_losses_in(&self, r: usize) -> f64 {
        (0..self.layout.n_actors)
            .map(|a| self.u[self.layout.coalition_losses(a, r)])
            .sum()
    }

    /// Command strength of the leadership (0..1): 1 with no leadership modelled.
    pub fn leadership_strength(&self, s: &Scenario) -> f64 {
        if s.adversary().leadership_region.is_none() {
            return 1.0;
        }
        let p = self.u[self.layout.leader()].clamp(0.0, 1.0);
        let base = s.adversary().succession_command;
        p + (1.0 - p) * base
    }

    /// The share of fighters in region `r` who are active (dormant ones count for their activity).
    pub fn activity(&self, s: &Scenario, r: usize) -> f64 {
        match self.posture[r] {
            Posture::Dormant => s.adversary().dormant_activity,
            _ => 1.0,
        }
    }

    /// Territory still held in region `r` (km²).
    pub fn territory(&self, s: &Scenario, r: usize) -> f64 {
        self.held(s, r).0
    }

    /// Population still under control in region `r`.
    pub fn population(&self, s: &Scenario, r: usize) -> f64 {
        self.held(s, r).1
    }

    /// Territory (km²) and population still held in region `r`, from one hold fraction.
    pub fn held(&self, s: &Scenario, r: usize) -> (f64, f64) {
        let hold = self.hold_fraction(s, r);
        let region = &s.regions()[r];
        (region.territory_km2 * hold, region.population * hold)
    }

    /// The share of region `r`'s territory and population the adversary still holds:
    /// (effective fighters / fighters on day 0)^elasticity, at most 1.
    fn hold_fraction(&self, s: &Scenario, r: usize) -> f64 {
        let y0 = self.initial_fighters[r];
        if y0 <= 0.0 {
            return if self.fighters(r) > 0.0 { 1.0 } else { 0.0 };
        }
        let effective = self.fighters(r).max(0.0) * self.activity(s, r);
        (effective / y0)
            .min(1.0)
            .powf(s.regions()[r].territory_elasticity)
    }
}
