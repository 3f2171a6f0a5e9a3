//! The validated, immutable scenario.
//!
//! A [`Scenario`] can only be obtained by parsing and validating a file (or the embedded
//! default), so everything downstream may rely on its invariants: ids resolve, numbers are
//! finite and in range, phases are well ordered. Entities refer to each other through typed
//! `Copy` handles (`RegionId`, `ActorId`, …), which index the scenario's vectors.

use crate::strategy::{Factor, Levels, Strategy};
use crate::read::Tbl;

macro_rules! handle {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name(pub(crate) u32);

        impl $name {
            /// Position in the scenario's vector of such entities.
            pub fn index(self) -> usize {
                self.0 as usize
            }

            /// The handle of the entity at position `index`. Only meaningful for indices below
            /// the scenario's count of such entities.
            pub fn from_index(index: usize) -> $name {
                $name(index as u32)
            }
        }
    };
}

handle!(
    /// A region of the theatre.
    RegionId
);
handle!(
    /// A theatre (group of regions).
    TheatreId
);
handle!(
    /// An adversary branch.
    BranchId
);
handle!(
    /// An inter-regional link.
    LinkId
);
handle!(
    /// An intra-regional militant–support link.
    SupportLinkId
);
handle!(
    /// A coalition actor.
    ActorId
);
handle!(
    /// A third-party armed group.
    ThirdPartyId
);
handle!(
    /// A course of action.
    CoaId
);

/// Identity, clock and seed.
#[derive(Clone, Debug, PartialEq)]
pub struct Meta {
    pub name: String,
    pub description: String,
    pub start_date: Option<String>,
    /// Days per step.
    pub step_days: f64,
    /// Days per campaign.
    pub horizon_days: f64,
    pub seed: u64,
    pub core_region: RegionId,
    pub baseline: CoaId,
}

/// How outcomes are scored.
#[derive(Clone, Debug, PartialEq)]
pub struct OutcomeRules {
    pub decisive_defeat_fraction: f64,
    pub resurgence_fraction: f64,
    pub severed_integrity: f64,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Doctrine {
    /// Branches weigh their threat: fight, go dormant or relocate.
    Adaptive,
    /// Branches always fight.
    Fight,
}

/// The adversary as a whole.
#[derive(Clone, Debug, PartialEq)]
pub struct Adversary {
    pub name: String,
    pub doctrine: Doctrine,
    pub leadership_region: Option<RegionId>,
    pub succession_days: f64,
    pub leadership_vulnerability: f64,
    pub succession_command: f64,
    pub command_multiplier: f64,
    pub repair_rate_per_day: f64,
    pub relocate_threshold: f64,
    pub dormant_threshold: f64,
    pub dormant_exposure: f64,
    pub dormant_activity: f64,
    pub relocate_fraction_per_day: f64,
    pub finance_half_musd: f64,
    pub finance_weight: f64,
    pub upkeep_usd_per_fighter_day: f64,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Theatre {
    pub id: String,
    pub name: String,
    pub leads: Vec<ActorId>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Law {
    /// Lanchester square law (aimed fire).
    Square,
    /// Lanchester linear law (area fire).
    Linear,
    /// Deitchman mixed law: coalition area fire against guerrillas who aim.
    Mixed,
    /// Intelligence-driven law in the spirit of Kress & Szechtman (2009).
    Intelligence,
}

impl Law {
    pub fn as_str(self) -> &'static str {
        match self {
            Law::Square => "square",
            Law::Linear => "linear",
            Law::Mixed => "mixed",
            Law::Intelligence => "intelligence",
        }
    }
}

/// The attrition law of a region and its coefficients (units depend on the law; see
/// `docs/scenario.md`).
#[derive(Clone, Debug, PartialEq)]
pub struct Engagement {
    pub law: Law,
    pub coalition_lethality: f64,
    pub adversary_lethality: f64,
    pub targeting_half_fighters: f64,
    pub grievance_recruits_per_casualty: f64,
    pub grievance_support_per_casualty: f64,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Region {
    pub id: String,
    pub name: String,
    pub theatre: Option<TheatreId>,
    pub territory_km2: f64,
    pub population: f64,
    pub sanctuary: f64,
    pub territory_elasticity: f64,
    /// The fighting law, if there is fighting here.
    pub engagement: Option<Engagement>,
    /// The adversary branch in this region, if any.
    pub branch: Option<BranchId>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Branch {
    pub id: String,
    pub name: String,
    pub region: RegionId,
    pub fighters: f64,
    pub support_base: f64,
    pub recruits_per_supporter_day: f64,
    pub finance_musd: f64,
    pub income_musd_per_day: f64,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum LinkKind {
    Fighters,
    Finance,
    Command,
    Propaganda,
}

impl LinkKind {
    pub fn as_str(self) -> &'static str {
        match self {
            LinkKind::Fighters => "fighters",
            LinkKind::Finance => "finance",
            LinkKind::Command => "command",
            LinkKind::Propaganda => "propaganda",
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Link {
    pub id: String,
    pub kind: LinkKind,
    pub from: RegionId,
    pub to: RegionId,
    pub bidirectional: bool,
    pub capacity: f64,
    pub travel_days: f64,
    pub integrity: f64,
    pub jurisdiction: Vec<ActorId>,
    pub transit_exposure: f64,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SupportKind {
    SleeperCells,
    Financiers,
    Sympathisers,
    Logistics,
}

#[derive(Clone, Debug, PartialEq)]
pub struct SupportLink {
    pub id: String,
    pub region: RegionId,
    pub kind: SupportKind,
    pub share: f64,
    pub integrity: f64,
    pub jurisdiction: Vec<ActorId>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Actor {
    pub id: String,
    pub name: String,
    /// Forces committable per region, indexed by region (0 where none).
    pub forces: Vec<f64>,
    pub force_pool: f64,
    pub lethality: f64,
    pub intelligence: f64,
    pub interdiction_capacity: f64,
    pub disruption_capacity: f64,
    pub collateral: f64,
    /// Whether the actor may act in each region, indexed by region.
    pub access: Vec<bool>,
    pub redeploy_days: f64,
    pub replace_losses: bool,
    pub lag_days: f64,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RelationKind {
    Ally,
    Partner,
    Neutral,
    Rival,
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Relation {
    pub kind: RelationKind,
    pub friction: f64,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stance {
    Neutral,
    Hostile,
}

impl Stance {
    pub fn as_str(self) -> &'static str {
        match self {
            Stance::Neutral => "neutral",
            Stance::Hostile => "hostile",
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct ThirdParty {
    pub id: String,
    pub name: String,
    pub region: RegionId,
    pub fighters: f64,
    pub stance: Stance,
    pub lethality: f64,
    pub vulnerability: f64,
    pub backing_multiplier: f64,
    pub growth_per_kill: f64,
    pub growth_rate_per_day: f64,
    pub carrying_capacity: Option<f64>,
    pub hostile_above_ratio: f64,
    pub coalition_lethality: f64,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Reinforcement {
    pub actor: ActorId,
    pub region: RegionId,
    pub day: f64,
    pub until_day: Option<f64>,
    pub forces: f64,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Regime {
    Joint,
    Parallel,
    CrossPurpose,
}

impl Regime {
    /// Every regime, in the order of the scenario language's word list.
    pub const ALL: &'static [Regime] = &[Regime::Joint, Regime::Parallel, Regime::CrossPurpose];

    pub fn as_str(self) -> &'static str {
        match self {
            Regime::Joint => "joint",
            Regime::Parallel => "parallel",
            Regime::CrossPurpose => "cross-purpose",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Metric {
    InterRegionalIntegrity,
    SupportIntegrity,
    FightersFraction,
    LeadershipStrength,
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Comparison {
    Below(f64),
    Above(f64),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Condition {
    pub metric: Metric,
    pub region: Option<RegionId>,
    pub comparison: Comparison,
}

#[derive(Clone, Debug, PartialEq)]
pub enum TaskKind {
    Attack(RegionId),
    Concentrate,
    /// Interdict these links (empty: every link the actor may act on).
    Interdict(Vec<LinkId>),
    DisruptSupport(RegionId),
    BackProxy(ThirdPartyId),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Task {
    pub actor: ActorId,
    pub kind: TaskKind,
    pub effort: f64,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Phase {
    pub id: String,
    /// Earliest start day (the first phase defaults to 0).
    pub start_day: Option<f64>,
    pub when: Option<Condition>,
    /// Start on this day at the latest, whatever the condition says.
    pub no_later_than: Option<f64>,
    pub tasks: Vec<Task>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Coa {
    pub id: String,
    pub name: String,
    pub description: String,
    pub regime: Regime,
    pub concentration_order: Vec<RegionId>,
    pub phases: Vec<Phase>,
    /// The factor levels the course was generated from (`None`: written by hand).
    pub factors: Option<Levels>,
}

/// A value of a categorical distribution.
#[derive(Clone, Debug, PartialEq)]
pub enum Scalar {
    Num(f64),
    Str(String),
}

impl std::fmt::Display for Scalar {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Scalar::Num(x) => write!(f, "{x}"),
            Scalar::Str(s) => f.write_str(s),
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum Distribution {
    Uniform {
        low: f64,
        high: f64,
    },
    Triangular {
        low: f64,
        mode: f64,
        high: f64,
    },
    /// Normal truncated to `[low, high]`.
    Normal {
        mean: f64,
        sd: f64,
        low: f64,
        high: f64,
    },
    LogUniform {
        low: f64,
        high: f64,
    },
    Categorical {
        values: Vec<Scalar>,
        weights: Vec<f64>,
    },
}

/// A declared uncertain parameter.
#[derive(Clone, Debug, PartialEq)]
pub struct Uncertain {
    /// The field's path, e.g. `region.levant.sanctuary`.
    pub field: String,
    pub distribution: Distribution,
}

/// A validated scenario. See the module documentation.
#[derive(Clone, Debug)]
pub struct Scenario {
    pub(crate) meta: Meta,
    pub(crate) outcomes: OutcomeRules,
    pub(crate) adversary: Adversary,
    pub(crate) theatres: Vec<Theatre>,
    pub(crate) regions: Vec<Region>,
    pub(crate) branches: Vec<Branch>,
    pub(crate) links: Vec<Link>,
    pub(crate) support_links: Vec<SupportLink>,
    pub(crate) actors: Vec<Actor>,
    /// Row-major `actors × actors`.
    pub(crate) relations: Vec<Relation>,
    pub(crate) third_parties: Vec<ThirdParty>,
    pub(crate) reinforcements: Vec<Reinforcement>,
    pub(crate) coas: Vec<Coa>,
    pub(crate) uncertain: Vec<Uncertain>,
    pub(crate) strategy: Strategy,
    pub(crate) factors: Vec<Factor>,
    /// The checked document with every default filled in: the source of the resolved file and
    /// of parameter overrides.
    pub(crate) doc: Tbl,
    /// The text the scenario was read from, for diagnostics of later overrides.
    pub(crate) source: Option<std::sync::Arc<crate::diag::Source>>,
}

impl Scenario {
    pub fn meta(&self) -> &Meta {
        &self.meta
    }
    pub fn outcome_rules(&self) -> &OutcomeRules {
        &self.outcomes
    }
    pub fn adversary(&self) -> &Adversary {
        &self.adversary
    }
    pub fn theatres(&self) -> &[Theatre] {
        &self.theatres
    }
    pub fn regions(&self) -> &[Region] {
        &self.regions
    }
    pub fn region(&self, id: RegionId) -> &Region {
        &self.regions[id.index()]
    }
    pub fn branches(&self) -> &[Branch] {
        &self.branches
    }
    pub fn branch(&self, id: BranchId) -> &Branch {
        &self.branches[id.index()]
    }
    pub fn links(&self) -> &[Link] {
        &self.links
    }
    pub fn link(&self, id: LinkId) -> &Link {
        &self.links[id.index()]
    }
    pub fn support_links(&self) -> &[SupportLink] {
        &self.support_links
    }
    pub fn actors(&self) -> &[Actor] {
        &self.actors
    }
    pub fn actor(&self, id: ActorId) -> &Actor {
        &self.actors[id.index()]
    }
    /// How `a` stands towards `b` (symmetric; neutral when undeclared or `a == b`).
    pub fn relation(&self, a: ActorId, b: ActorId) -> Relation {
        self.relations[a.index() * self.actors.len() + b.index()]
    }
    pub fn third_parties(&self) -> &[ThirdParty] {
        &self.third_parties
    }
    pub fn reinforcements(&self) -> &[Reinforcement] {
        &self.reinforcements
    }
    pub fn coas(&self) -> &[Coa] {
        &self.coas
    }
    pub fn coa(&self, id: CoaId) -> &Coa {
        &self.coas[id.index()]
    }
    pub fn uncertain(&self) -> &[Uncertain] {
        &self.uncertain
    }
    /// The shared base of courses given as factor levels.
    pub fn strategy(&self) -> &Strategy {
        &self.strategy
    }
    /// The extra factors declared for factorial experiments.
    pub fn factors(&self) -> &[Factor] {
        &self.factors
    }

    pub fn region_by_id(&self, id: &str) -> Option<RegionId> {
        position(self.regions.iter().map(|r| r.id.as_str()), id).map(RegionId::from_index)
    }
    pub fn actor_by_id(&self, id: &str) -> Option<ActorId> {
        position(self.actors.iter().map(|a| a.id.as_str()), id).map(ActorId::from_index)
    }
    pub fn link_by_id(&self, id: &str) -> Option<LinkId> {
        position(self.links.iter().map(|l| l.id.as_str()), id).map(LinkId::from_index)
    }
    pub fn coa_by_id(&self, id: &str) -> Option<CoaId> {
        position(self.coas.iter().map(|c| c.id.as_str()), id).map(CoaId::from_index)
    }
    pub fn third_party_by_id(&self, id: &str) -> Option<ThirdPartyId> {
        position(self.third_parties.iter().map(|t| t.id.as_str()), id).map(ThirdPartyId::from_index)
    }

    /// Number of time steps in a campaign (the last one may be shorter than `step_days`).
    pub fn n_steps(&self) -> usize {
        (self.meta.horizon_days / self.meta.step_days - 1e-9)
            .ceil()
            .max(1.0) as usize
    }

    /// The ids of all courses of action, in file order.
    pub fn coa_ids(&self) -> Vec<&str> {
        self.coas.iter().map(|c| c.id.as_str()).collect()
    }
}

fn position<'a>(mut ids: impl Iterator<Item = &'a str>, id: &str) -> Option<usize> {
    ids.position(|x| x == id)
}
