//! The validated, immutable scenario.
//!
//! A [`Scenario`] can only be obtained by parsing and validating a file (or the embedded
//! default), so everything downstream may rely on its invariants: ids resolve, numbers are
//! finite and in range, phases are well ordered. Entities refer to each other through typed
//! `Copy` handles (`RegionId`, `ActorId`, …), which index the scenario's vectors.

use crate::read::Tbl;
use crate::strategy::{Factor, Levels, Strategy};

/// Declares a domain enum once: each variant with the word that names it in scenario files and
/// a doc comment. From that one declaration come the word list the reader checks files against
/// and the documentation of the reference and the JSON Schema (`VOCABULARY`), `as_str`,
/// `from_word` and `doc`. Behaviour lives in exhaustive `match`es on the enum (e.g.
/// [`Regime::pools_intelligence`]), so a new variant is read, written and documented with no
/// other edit, and the compiler lists every place that must decide what it does.
macro_rules! words {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $( $(#[doc = $doc:literal])+ $variant:ident = $word:literal, )+
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum $name {
            $( $(#[doc = $doc])+ #[doc = concat!("\n\nWritten `", $word, "`.")] $variant, )+
        }

        impl $name {
            /// Every variant, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            /// The variants' words, in declaration order.
            pub const WORDS: &'static [&'static str] = &[$($word),+];
            /// The variants' words and docs, in declaration order.
            pub const VOCABULARY: crate::spec::Vocabulary = crate::spec::Vocabulary {
                words: $name::WORDS,
                docs: &[$(concat!($($doc),+)),+],
            };

            /// The word of this variant, as written in scenario files.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $word,)+
                }
            }

            /// The variant a word names, if any.
            pub fn from_word(word: &str) -> Option<$name> {
                <$name as crate::spec::Word>::from_word(word)
            }

            /// What this variant means (its doc comment).
            pub fn doc(self) -> &'static str {
                $name::VOCABULARY.docs[self as usize].trim()
            }
        }

        impl crate::spec::Word for $name {
            const ALL: &'static [$name] = $name::ALL;
            const VOCABULARY: crate::spec::Vocabulary = $name::VOCABULARY;
            fn word(self) -> &'static str {
                self.as_str()
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

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

words! {
    /// How the adversary's branches respond to coalition pressure.
    pub enum Doctrine {
        /// Each branch weighs its threat and fights, goes dormant or relocates.
        Adaptive = "adaptive",
        /// Every branch always fights (plain Lanchester battles).
        Fight = "fight",
    }
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

words! {
    /// The attrition law of an engagement.
    pub enum Law {
        /// Lanchester square law (aimed fire).
        Square = "square",
        /// Lanchester linear law (area fire).
        Linear = "linear",
        /// Deitchman mixed law: coalition area fire against guerrillas who aim.
        Mixed = "mixed",
        /// Intelligence-driven law in the spirit of Kress & Szechtman (2009): intelligence
        /// splits coalition fire into targeted and untargeted fire.
        Intelligence = "intelligence",
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
    /// Supporters lost per recruit drawn from the support base (None: no depletion).
    pub supporters_per_recruit: Option<f64>,
    pub finance_musd: f64,
    pub income_musd_per_day: f64,
}

words! {
    /// What an inter-regional link carries.
    pub enum LinkKind {
        /// Fighters travel along it.
        Fighters = "fighters",
        /// Money flows along it.
        Finance = "finance",
        /// It multiplies the far branch's effectiveness and carries the leadership.
        Command = "command",
        /// It adds recruitment at the far end.
        Propaganda = "propaganda",
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

words! {
    /// The kind of support group at the far end of a militant–support link.
    pub enum SupportKind {
        /// Dormant cells that supply recruits and shelter.
        SleeperCells = "sleeper_cells",
        /// Donors and money handlers.
        Financiers = "financiers",
        /// Sympathisers among the population.
        Sympathisers = "sympathisers",
        /// Smugglers and suppliers.
        Logistics = "logistics",
    }
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

words! {
    /// How two coalition actors stand towards each other.
    pub enum RelationKind {
        /// Allies.
        Ally = "ally",
        /// Partners.
        Partner = "partner",
        /// Neither partners nor rivals (also every undeclared pair).
        Neutral = "neutral",
        /// Rivals: under cross-purpose they obstruct each other (friction, links left open,
        /// proxies backed against each other).
        Rival = "rival",
    }
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Relation {
    pub kind: RelationKind,
    pub friction: f64,
}

words! {
    /// A third party's stance towards the coalition.
    pub enum Stance {
        /// It fights only the adversary.
        Neutral = "neutral",
        /// It also attacks coalition forces.
        Hostile = "hostile",
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

words! {
    /// How the coalition's actors coordinate. The regimes differ only through the mechanisms
    /// below (the methods of this type), never through a bonus factor.
    pub enum Regime {
        /// Pooled intelligence, one interdiction plan, synchronised phases, deconflicted forces.
        Joint = "joint",
        /// Each actor on its own intelligence, jurisdiction and timeline.
        Parallel = "parallel",
        /// Parallel plus friction between rivals, links left open by rivals and proxies
        /// backed against each other.
        CrossPurpose = "cross-purpose",
    }
}

words! {
    /// Prong one: isolation of the branches from each other and from their support.
    pub enum Isolation {
        /// No isolation: interdiction and disruption capacities are withheld.
        None = "none",
        /// Every actor with interdiction capacity interdicts inter-regional links.
        Links = "links",
        /// And every actor with disruption capacity disrupts the support networks in its jurisdiction.
        LinksAndSupport = "links-and-support",
    }
}

words! {
    /// Prong two: how the forces destroy the branches.
    pub enum Destruction {
        /// Forces hold and contain where based, at the strategy's containment effort.
        None = "none",
        /// Every force attacks where it is based, all at once.
        Pressure = "pressure",
        /// Forces that can move concentrate on the concentration order; the others attack where based.
        Concentrate = "concentrate",
    }
}

words! {
    /// The proxy option.
    pub enum Proxy {
        /// No third party is backed.
        None = "none",
        /// The strategy's backers back its third party.
        Backed = "backed",
    }
}

words! {
    /// Whether destruction waits for isolation.
    pub enum Sequence {
        /// Destruction from day 0.
        Together = "together",
        /// Contain until the strategy's destroy trigger fires (or its deadline).
        IsolateFirst = "isolate-first",
    }
}

words! {
    /// The kind of values a `[[lever]]` takes (for `cordon optimize`).
    pub enum LeverKind {
        /// A number in `[min, max]`.
        Real = "real",
        /// A whole number in `[min, max]`.
        Int = "int",
        /// One of the `values`.
        Categorical = "categorical",
        /// Any non-empty subset of the `values`.
        Subset = "subset",
        /// An order of all the `values`.
        Permutation = "permutation",
    }
}

words! {
    /// What a `[[lever]]` sets in the courses `cordon optimize` generates.
    pub enum LeverTarget {
        /// The isolation factor (categorical over its words).
        Isolation = "isolation",
        /// The destruction factor (categorical over its words).
        Destruction = "destruction",
        /// The coordination regime (categorical over its words).
        Regime = "regime",
        /// The proxy factor (categorical over its words).
        Proxy = "proxy",
        /// The sequence factor (categorical over its words).
        Sequence = "sequence",
        /// `strategy.proxy_third_party` (categorical over third-party ids).
        ProxyThirdParty = "proxy_third_party",
        /// `strategy.proxy_backers` (subset of actor ids).
        ProxyBackers = "proxy_backers",
        /// `strategy.isolation_effort` (real, within [0, 1]).
        IsolationEffort = "isolation_effort",
        /// `strategy.containment_effort` (real, within [0, 1]).
        ContainmentEffort = "containment_effort",
        /// The threshold of `strategy.destroy_when` (real, ≥ 0).
        DestroyThreshold = "destroy_threshold",
        /// `strategy.destroy_no_later_than` (real or int, days ≥ 0).
        DestroyNoLaterThan = "destroy_no_later_than",
        /// The concentration order (permutation of region ids).
        ConcentrationOrder = "concentration_order",
    }
}

impl Regime {
    /// Whether the actors share what they see: detection in a region is the pooled
    /// probability that any engaged actor finds a target, for every actor. Otherwise each
    /// actor fights on its own intelligence.
    pub fn pools_intelligence(self) -> bool {
        match self {
            Regime::Joint => true,
            Regime::Parallel | Regime::CrossPurpose => false,
        }
    }

    /// Whether interdiction and disruption are one pooled plan over every link anyone in
    /// the coalition may act on (`cordon-net`'s optimal interdiction), rather than each
    /// actor's own plan over its own jurisdiction.
    pub fn shares_plan(self) -> bool {
        match self {
            Regime::Joint => true,
            Regime::Parallel | Regime::CrossPurpose => false,
        }
    }

    /// Whether every actor enters a phase the day it starts; otherwise each actor follows
    /// `lag_days` behind, on its own timeline.
    pub fn synchronises_phases(self) -> bool {
        match self {
            Regime::Joint => true,
            Regime::Parallel | Regime::CrossPurpose => false,
        }
    }

    /// Whether forces in one region are deconflicted, so that they never engage the same
    /// fighters twice; otherwise independent fire overlaps.
    pub fn deconflicts_fire(self) -> bool {
        match self {
            Regime::Joint => true,
            Regime::Parallel | Regime::CrossPurpose => false,
        }
    }

    /// Whether rivals operating in the same region cost each other a share of their fire
    /// (the relation's `friction`).
    pub fn has_friction(self) -> bool {
        match self {
            Regime::CrossPurpose => true,
            Regime::Joint | Regime::Parallel => false,
        }
    }

    /// Whether rivals leave their stretch of a jointly held link or support network open, so
    /// that an actor's interdiction there is diluted by the rivals' share of the jurisdiction.
    pub fn rivals_leave_links_open(self) -> bool {
        match self {
            Regime::CrossPurpose => true,
            Regime::Joint | Regime::Parallel => false,
        }
    }

    /// Whether an actor attacks a neutral proxy that its rivals back (proxies backed against
    /// each other).
    pub fn fights_rival_proxies(self) -> bool {
        match self {
            Regime::CrossPurpose => true,
            Regime::Joint | Regime::Parallel => false,
        }
    }
}

words! {
    /// What a phase condition watches.
    pub enum Metric {
        /// Mean integrity of the inter-regional links.
        InterRegionalIntegrity = "inter_regional_integrity",
        /// Mean integrity of the support links (of one region, or of all).
        SupportIntegrity = "support_integrity",
        /// Fighters as a fraction of their initial number (of one region, or of all).
        FightersFraction = "fighters_fraction",
        /// Command strength of the leadership, from 0 to 1.
        LeadershipStrength = "leadership_strength",
    }
}

impl Metric {
    /// Whether the metric may be restricted to one region (`region = "…"`).
    pub fn per_region(self) -> bool {
        match self {
            Metric::SupportIntegrity | Metric::FightersFraction => true,
            Metric::InterRegionalIntegrity | Metric::LeadershipStrength => false,
        }
    }
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

words! {
    /// What a task does, without its target: the `kind` word of a `[[coa.phase.task]]`.
    pub enum TaskType {
        /// Attack a region.
        Attack = "attack",
        /// Attack the regions of the course's concentration order, one at a time.
        Concentrate = "concentrate",
        /// Interdict inter-regional links.
        Interdict = "interdict",
        /// Disrupt the support links of a region.
        DisruptSupport = "disrupt_support",
        /// Back a third party (the proxy option).
        BackProxy = "back_proxy",
    }
}

impl TaskType {
    /// The key that names the task's target, when it needs one.
    pub fn target_key(self) -> Option<&'static str> {
        match self {
            TaskType::Attack | TaskType::DisruptSupport => Some("region"),
            TaskType::BackProxy => Some("third_party"),
            TaskType::Concentrate | TaskType::Interdict => None,
        }
    }

    /// Whether the task takes a list of `links` (empty: every link the actor may act on).
    pub fn takes_links(self) -> bool {
        match self {
            TaskType::Interdict => true,
            TaskType::Attack
            | TaskType::Concentrate
            | TaskType::DisruptSupport
            | TaskType::BackProxy => false,
        }
    }
}

/// What a task does, with its target.
#[derive(Clone, Debug, PartialEq)]
pub enum TaskKind {
    Attack(RegionId),
    Concentrate,
    /// Interdict these links (empty: every link the actor may act on).
    Interdict(Vec<LinkId>),
    DisruptSupport(RegionId),
    BackProxy(ThirdPartyId),
}

impl TaskKind {
    /// What the task does, without its target.
    pub fn task_type(&self) -> TaskType {
        match self {
            TaskKind::Attack(_) => TaskType::Attack,
            TaskKind::Concentrate => TaskType::Concentrate,
            TaskKind::Interdict(_) => TaskType::Interdict,
            TaskKind::DisruptSupport(_) => TaskType::DisruptSupport,
            TaskKind::BackProxy(_) => TaskType::BackProxy,
        }
    }
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

words! {
    /// The family of an uncertain parameter's distribution: the `dist` word of an
    /// `[[uncertain]]` entry.
    pub enum DistKind {
        /// Uniform on [low, high].
        Uniform = "uniform",
        /// Triangular on [low, high] with its peak at `mode`.
        Triangular = "triangular",
        /// Normal with `mean` and `sd`, truncated to [low, high].
        Normal = "normal",
        /// Uniform in the logarithm on [low, high] (low > 0).
        LogUniform = "loguniform",
        /// One of `values`, with optional `weights`.
        Categorical = "categorical",
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
    pub(crate) levers: Vec<crate::lever::Lever>,
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
