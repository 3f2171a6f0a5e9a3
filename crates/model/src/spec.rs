//! The scenario language, as data.
//!
//! Every table and key of a scenario file is declared here once, with its type, range, default,
//! unit and documentation. The reader ([`crate::read`]) checks files against these declarations,
//! and the JSON Schema and the Markdown reference (`docs/scenario.md`) are generated from them,
//! so the three cannot drift apart.

use std::fmt::Write as _;

/// The namespaces of ids: each kind of entry that other entries refer to by id.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Ns {
    Theatre,
    Region,
    Branch,
    Link,
    SupportLink,
    Actor,
    ThirdParty,
    Coa,
}

impl Ns {
    /// The table name whose entries live in this namespace.
    pub fn table(self) -> &'static str {
        match self {
            Ns::Theatre => "theatre",
            Ns::Region => "region",
            Ns::Branch => "branch",
            Ns::Link => "link",
            Ns::SupportLink => "support_link",
            Ns::Actor => "actor",
            Ns::ThirdParty => "third_party",
            Ns::Coa => "coa",
        }
    }

    /// A readable noun for messages ("region", "actor", …).
    pub fn noun(self) -> &'static str {
        match self {
            Ns::SupportLink => "support link",
            Ns::ThirdParty => "third party",
            Ns::Coa => "course of action",
            other => other.table(),
        }
    }
}

/// The type of a key's value, with its range where it has one.
#[derive(Clone, Copy, Debug)]
pub enum Ty {
    /// Free text.
    Str,
    /// This entry's own identifier: letters, digits, `-` and `_`, unique in its namespace.
    Id,
    /// A calendar date, `YYYY-MM-DD`, as a string.
    Date,
    Bool,
    /// A finite number in `[min, max]` (`min` excluded when `min_open`).
    Num {
        min: f64,
        max: f64,
        min_open: bool,
    },
    /// A whole number in `[min, max]`.
    Int {
        min: i64,
        max: i64,
    },
    /// One of a fixed set of words: a domain enum's [`Vocabulary`].
    Enum(Vocabulary),
    /// The id of an entry of another table.
    Ref(Ns),
    /// A list of ids of entries of another table.
    RefList(Ns),
    /// A table from ids of another table to finite numbers in `[min, max]`.
    NumMap {
        key: Ns,
        min: f64,
        max: f64,
    },
    /// A list of finite numbers in `[min, max]`.
    NumList {
        min: f64,
        max: f64,
    },
    /// A list of strings or numbers (the values of a categorical distribution).
    ScalarList,
    /// A sub-table.
    Table(&'static TableSpec),
    /// An array of tables (`[[name]]`).
    Tables(&'static TableSpec),
}

/// The words of a domain enum and what each means, in declaration order.
///
/// Each domain enum of [`crate::scenario`] (`Regime`, `Law`, `LinkKind`, …) is declared once,
/// with a word and a doc comment per variant; its `VOCABULARY` is derived from that
/// declaration, and the reader, the JSON Schema and the Markdown reference all take their
/// words from it.
#[derive(Clone, Copy, Debug)]
pub struct Vocabulary {
    pub words: &'static [&'static str],
    /// The variants' doc comments, as written (one entry per word).
    pub docs: &'static [&'static str],
}

impl Vocabulary {
    pub fn contains(&self, word: &str) -> bool {
        self.words.contains(&word)
    }

    /// Each word with what it means.
    pub fn entries(&self) -> impl Iterator<Item = (&'static str, &'static str)> + '_ {
        self.words
            .iter()
            .zip(self.docs)
            .map(|(word, doc)| (*word, doc.trim()))
    }
}

/// A domain enum written as a word in scenario files (implemented by the `words!`
/// declarations of [`crate::scenario`]).
pub trait Word: Copy + 'static {
    /// Every variant, in declaration order.
    const ALL: &'static [Self];
    /// The variants' words and docs, in the same order.
    const VOCABULARY: Vocabulary;
    /// The word of a variant, as written in scenario files.
    fn word(self) -> &'static str;
    /// The variant a word names, if any.
    fn from_word(word: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|v| v.word() == word)
    }
}

/// What happens when a key is absent.
#[derive(Clone, Copy, Debug)]
pub enum Absent {
    /// The key must be given.
    Required,
    /// The key may be absent; it then has no value.
    Optional,
    Num(f64),
    Int(i64),
    Str(&'static str),
    Bool(bool),
    /// An empty list, an empty array of tables, or a sub-table with every key at its default.
    Empty,
    /// The value of another key of the same table (e.g. `name` defaults to `id`).
    SameAs(&'static str),
}

/// One key of a table.
#[derive(Debug)]
pub struct Field {
    pub key: &'static str,
    pub ty: Ty,
    pub absent: Absent,
    /// The unit, or "" for dimensionless words and text.
    pub unit: &'static str,
    pub doc: &'static str,
}

/// One table of the language.
#[derive(Debug)]
pub struct TableSpec {
    /// The table's key in its parent (`region`, `phase`, …); `""` for the document root.
    pub name: &'static str,
    /// The namespace of the entries' `id`, when entries are referred to by id.
    pub ns: Option<Ns>,
    pub doc: &'static str,
    pub fields: &'static [Field],
}

impl Field {
    /// What the key means: its doc, followed for words by what each word means.
    pub fn meaning(&self) -> String {
        match self.ty {
            Ty::Enum(vocabulary) => {
                let mut out = self.doc.to_string();
                for (word, doc) in vocabulary.entries() {
                    let _ = write!(out, " `{word}`: {doc}");
                }
                out
            }
            _ => self.doc.to_string(),
        }
    }
}

impl TableSpec {
    /// The declaration of `key`, if the table has one.
    pub fn field(&self, key: &str) -> Option<&'static Field> {
        self.fields.iter().find(|f| f.key == key)
    }
}

const INF: f64 = f64::INFINITY;

const fn num(min: f64, max: f64) -> Ty {
    Ty::Num {
        min,
        max,
        min_open: false,
    }
}

const fn positive() -> Ty {
    Ty::Num {
        min: 0.0,
        max: INF,
        min_open: true,
    }
}

const NONNEG: Ty = num(0.0, INF);
const PROB: Ty = num(0.0, 1.0);

macro_rules! field {
    ($key:literal, $ty:expr, $default:expr, $unit:literal, $doc:literal) => {
        Field {
            key: $key,
            ty: $ty,
            absent: $default,
            unit: $unit,
            doc: $doc,
        }
    };
}

use Absent::{Bool as DBool, Empty, Int as DInt, Num as DNum, Optional, Required, SameAs};

use crate::scenario::{
    Destruction, DistKind, Doctrine, Isolation, Law, LeverKind, LeverTarget, LinkKind, Metric,
    Proxy, Regime, RelationKind, Sequence, Stance, SupportKind, TaskType,
};

pub static SCENARIO: TableSpec = TableSpec {
    name: "scenario",
    ns: None,
    doc: "What the scenario is, its clock and its seed.",
    fields: &[
        field!("name", Ty::Str, Required, "", "Short name of the scenario."),
        field!(
            "description",
            Ty::Str,
            DefaultStr(""),
            "",
            "What the scenario represents and where its numbers come from."
        ),
        field!(
            "start_date",
            Ty::Date,
            Optional,
            "date",
            "Calendar date of day 0 (`YYYY-MM-DD`), for display only."
        ),
        field!(
            "step_days",
            positive(),
            DNum(1.0),
            "days",
            "Length of one time step. Must not exceed `horizon_days`."
        ),
        field!(
            "horizon_days",
            positive(),
            Required,
            "days",
            "Length of a campaign."
        ),
        field!(
            "seed",
            Ty::Int {
                min: 0,
                max: i64::MAX
            },
            DInt(1),
            "",
            "Default seed of the random streams (`--seed` overrides it)."
        ),
        field!(
            "core_region",
            Ty::Ref(Ns::Region),
            Required,
            "",
            "The adversary's core region: strength that leaves it is counted as escaped."
        ),
        field!(
            "baseline",
            Ty::Ref(Ns::Coa),
            Optional,
            "",
            "The course of action others are compared against (default: the first `[[coa]]`)."
        ),
    ],
};

use Absent::Str as DefaultStr;

pub static OUTCOMES: TableSpec = TableSpec {
    name: "outcomes",
    ns: None,
    doc: "How outcomes are scored.",
    fields: &[
        field!(
            "decisive_defeat_fraction",
            PROB,
            DNum(0.05),
            "fraction",
            "A region's branch is decisively defeated when its fighters fall to or below this fraction of their initial number (0 means annihilation)."
        ),
        field!(
            "resurgence_fraction",
            PROB,
            DNum(0.25),
            "fraction",
            "A decisively defeated branch resurges when its fighters climb back above this fraction of their initial number."
        ),
        field!(
            "severed_integrity",
            PROB,
            DNum(0.05),
            "fraction",
            "A link counts as severed while its integrity is at or below this value; severed links carry nothing."
        ),
    ],
};

pub static ADVERSARY: TableSpec = TableSpec {
    name: "adversary",
    ns: None,
    doc: "The networked adversary as a whole: its leadership and its doctrine.",
    fields: &[
        field!(
            "name",
            Ty::Str,
            DefaultStr("adversary"),
            "",
            "Name of the adversary organisation."
        ),
        field!(
            "doctrine",
            Ty::Enum(Doctrine::VOCABULARY),
            DefaultStr("adaptive"),
            "",
            "How the branches respond to coalition pressure."
        ),
        field!(
            "leadership_region",
            Ty::Ref(Ns::Region),
            Optional,
            "",
            "Where the core leadership sits at day 0 (absent: no leadership modelled)."
        ),
        field!(
            "succession_days",
            NONNEG,
            DNum(60.0),
            "days",
            "Time for a successor to restore command after the leader is killed."
        ),
        field!(
            "leadership_vulnerability",
            NONNEG,
            DNum(0.0),
            "1/day",
            "Hazard of the leader being killed per day at full targeted pressure (detection × coalition share of forces in the leader's region)."
        ),
        field!(
            "succession_command",
            PROB,
            DNum(0.3),
            "fraction",
            "Command strength left while succession is under way."
        ),
        field!(
            "command_multiplier",
            NONNEG,
            DNum(0.5),
            "",
            "Effectiveness bonus of full command: a branch fights at (1 + m·c)/(1 + m) of its nominal effectiveness, c its command strength in [0, 1]."
        ),
        field!(
            "repair_rate_per_day",
            PROB,
            DNum(0.02),
            "1/day",
            "Fraction of a link's lost integrity the adversary repairs per day."
        ),
        field!(
            "relocate_threshold",
            NONNEG,
            DNum(0.01),
            "1/day",
            "Expected fraction of a branch's fighters lost per day above which it relocates along an open fighters link, when a safer region is reachable."
        ),
        field!(
            "dormant_threshold",
            NONNEG,
            DNum(0.004),
            "1/day",
            "Expected daily loss fraction above which a branch that cannot relocate goes dormant."
        ),
        field!(
            "dormant_exposure",
            PROB,
            DNum(0.3),
            "fraction",
            "Exposure of dormant fighters to coalition fire, relative to active ones."
        ),
        field!(
            "dormant_activity",
            PROB,
            DNum(0.2),
            "fraction",
            "Activity of dormant fighters (their fire, recruiting and territorial control), relative to active ones."
        ),
        field!(
            "relocate_fraction_per_day",
            PROB,
            DNum(0.05),
            "1/day",
            "Largest fraction of a branch's fighters that set out per day when relocating (link capacity also limits it)."
        ),
        field!(
            "finance_half_musd",
            positive(),
            DNum(10.0),
            "M USD",
            "Finance stock at which a branch's finance factor is one half."
        ),
        field!(
            "finance_weight",
            PROB,
            DNum(0.3),
            "fraction",
            "Weight of finance in recruitment and fighting: factor = (1 − w) + w·F/(F + F½)."
        ),
        field!(
            "upkeep_usd_per_fighter_day",
            NONNEG,
            DNum(2.0),
            "USD/(fighter·day)",
            "What one fighter costs the branch per day."
        ),
    ],
};

pub static THEATRE: TableSpec = TableSpec {
    name: "theatre",
    ns: Some(Ns::Theatre),
    doc: "A theatre of war grouping regions (Levant; Khorasan; South and Southeast Asia), with the actors that lead it.",
    fields: &[
        field!("id", Ty::Id, Required, "", "Identifier."),
        field!("name", Ty::Str, SameAs("id"), "", "Readable name."),
        field!(
            "leads",
            Ty::RefList(Ns::Actor),
            Empty,
            "",
            "Actors that jointly lead the theatre."
        ),
    ],
};

pub static REGION: TableSpec = TableSpec {
    name: "region",
    ns: Some(Ns::Region),
    doc: "A region where the adversary holds ground.",
    fields: &[
        field!("id", Ty::Id, Required, "", "Identifier."),
        field!("name", Ty::Str, SameAs("id"), "", "Readable name."),
        field!(
            "theatre",
            Ty::Ref(Ns::Theatre),
            Optional,
            "",
            "The theatre the region belongs to."
        ),
        field!(
            "territory_km2",
            NONNEG,
            DNum(0.0),
            "km²",
            "Territory under the adversary's control at day 0."
        ),
        field!(
            "population",
            NONNEG,
            DNum(0.0),
            "persons",
            "Population under the adversary's control (or among which it hides) at day 0."
        ),
        field!(
            "sanctuary",
            PROB,
            DNum(0.0),
            "fraction",
            "How well the ground hides fighters: exposure to coalition fire is 1 − sanctuary."
        ),
        field!(
            "territory_elasticity",
            NONNEG,
            DNum(1.0),
            "",
            "Territory and population held scale as (effective fighters / initial fighters)^elasticity, capped at their initial values."
        ),
    ],
};

pub static ENGAGEMENT: TableSpec = TableSpec {
    name: "engagement",
    ns: None,
    doc: "The attrition law of the fighting in one region, and its coefficients. A region without an engagement sees no combat.",
    fields: &[
        field!(
            "region",
            Ty::Ref(Ns::Region),
            Required,
            "",
            "Where this law applies (one engagement per region)."
        ),
        field!(
            "law",
            Ty::Enum(Law::VOCABULARY),
            Required,
            "",
            "The attrition law."
        ),
        field!(
            "coalition_lethality",
            NONNEG,
            Required,
            "see law",
            "Coalition fire. square: fighters killed per soldier-day; linear and mixed: fighters killed per soldier-day per exposed fighter; intelligence: engagements per soldier-day."
        ),
        field!(
            "adversary_lethality",
            NONNEG,
            Required,
            "see law",
            "Adversary fire. square and mixed: soldiers killed per active fighter-day; linear: per fighter-day per soldier; intelligence: soldiers killed per active fighter-day."
        ),
        field!(
            "targeting_half_fighters",
            positive(),
            DNum(500.0),
            "fighters",
            "intelligence law: exposed fighters at which targeted engagements find a target half the time."
        ),
        field!(
            "grievance_recruits_per_casualty",
            NONNEG,
            DNum(0.0),
            "recruits/casualty",
            "New fighters per civilian casualty (grievance)."
        ),
        field!(
            "grievance_support_per_casualty",
            NONNEG,
            DNum(0.0),
            "persons/casualty",
            "New supporters per civilian casualty."
        ),
    ],
};

pub static BRANCH: TableSpec = TableSpec {
    name: "branch",
    ns: Some(Ns::Branch),
    doc: "The adversary's branch in one region: fighters, support base and finance.",
    fields: &[
        field!("id", Ty::Id, Required, "", "Identifier."),
        field!("name", Ty::Str, SameAs("id"), "", "Readable name."),
        field!(
            "region",
            Ty::Ref(Ns::Region),
            Required,
            "",
            "The region the branch fights in (one branch per region)."
        ),
        field!(
            "fighters",
            NONNEG,
            Required,
            "fighters",
            "Fighters at day 0."
        ),
        field!(
            "support_base",
            NONNEG,
            DNum(0.0),
            "persons",
            "Sympathisers, financiers and sleeper cells who sustain the branch."
        ),
        field!(
            "recruits_per_supporter_day",
            NONNEG,
            DNum(0.0),
            "1/day",
            "Recruits per supporter per day through fully intact support links."
        ),
        field!(
            "supporters_per_recruit",
            NONNEG,
            Optional,
            "persons/recruit",
            "Supporters the support base loses per recruit it yields (they join the fighters or are used up); absent: recruitment does not deplete the support base."
        ),
        field!(
            "finance_musd",
            NONNEG,
            DNum(0.0),
            "M USD",
            "Finance stock at day 0."
        ),
        field!(
            "income_musd_per_day",
            NONNEG,
            DNum(0.0),
            "M USD/day",
            "Local income (taxation, extortion, oil)."
        ),
    ],
};

pub static LINK: TableSpec = TableSpec {
    name: "link",
    ns: Some(Ns::Link),
    doc: "A typed inter-regional link of the adversary's network: the mutual support that prong one cuts.",
    fields: &[
        field!("id", Ty::Id, Required, "", "Identifier."),
        field!(
            "kind",
            Ty::Enum(LinkKind::VOCABULARY),
            Required,
            "",
            "What the link carries."
        ),
        field!("from", Ty::Ref(Ns::Region), Required, "", "One end."),
        field!("to", Ty::Ref(Ns::Region), Required, "", "The other end."),
        field!(
            "bidirectional",
            Ty::Bool,
            DBool(true),
            "",
            "Whether fighters and command travel both ways along the link (finance and propaganda always flow from `from` to `to`)."
        ),
        field!(
            "capacity",
            NONNEG,
            Required,
            "by kind",
            "fighters: fighters/day; finance: M USD/day; command: command strength in [0, 1] delivered at full integrity; propaganda: recruits/day at full integrity."
        ),
        field!("travel_days", NONNEG, DNum(0.0), "days", "Time in transit."),
        field!(
            "integrity",
            PROB,
            DNum(1.0),
            "fraction",
            "Integrity at day 0 (1 intact, 0 severed)."
        ),
        field!(
            "jurisdiction",
            Ty::RefList(Ns::Actor),
            Empty,
            "",
            "The states along the link: who may interdict it."
        ),
        field!(
            "transit_exposure",
            NONNEG,
            DNum(1.0),
            "",
            "Hazard of being caught per day in transit, per unit of interdiction effort on the link."
        ),
    ],
};

pub static SUPPORT_LINK: TableSpec = TableSpec {
    name: "support_link",
    ns: Some(Ns::SupportLink),
    doc: "An intra-regional link between a branch's militants and a support group; recruitment flows through these.",
    fields: &[
        field!("id", Ty::Id, Required, "", "Identifier."),
        field!(
            "region",
            Ty::Ref(Ns::Region),
            Required,
            "",
            "The region (its branch) the link serves."
        ),
        field!(
            "kind",
            Ty::Enum(SupportKind::VOCABULARY),
            Required,
            "",
            "Kind of support group."
        ),
        field!(
            "share",
            PROB,
            DNum(1.0),
            "weight",
            "Relative share of the branch's recruitment carried by this link."
        ),
        field!(
            "integrity",
            PROB,
            DNum(1.0),
            "fraction",
            "Integrity at day 0."
        ),
        field!(
            "jurisdiction",
            Ty::RefList(Ns::Actor),
            Empty,
            "",
            "Who may disrupt it (internal-security operations)."
        ),
    ],
};

pub static ACTOR: TableSpec = TableSpec {
    name: "actor",
    ns: Some(Ns::Actor),
    doc: "A coalition state (or state-backed force).",
    fields: &[
        field!("id", Ty::Id, Required, "", "Identifier."),
        field!("name", Ty::Str, SameAs("id"), "", "Readable name."),
        field!(
            "forces",
            Ty::NumMap {
                key: Ns::Region,
                min: 0.0,
                max: INF
            },
            Empty,
            "soldiers",
            "Forces the actor can commit in each region (region id = number)."
        ),
        field!(
            "force_pool",
            NONNEG,
            Optional,
            "soldiers",
            "Most forces deployed at once over all regions (default: the sum of `forces`)."
        ),
        field!(
            "lethality",
            NONNEG,
            DNum(1.0),
            "",
            "Quality multiplier on the engagement law's coalition lethality."
        ),
        field!(
            "intelligence",
            PROB,
            DNum(0.5),
            "probability",
            "Probability that the actor's own intelligence detects a given target."
        ),
        field!(
            "interdiction_capacity",
            NONNEG,
            DNum(0.0),
            "effort/day",
            "Interdiction effort: one unit on a link lowers its integrity at a rate of 1/day (relative)."
        ),
        field!(
            "disruption_capacity",
            NONNEG,
            DNum(0.0),
            "effort/day",
            "Support-disruption effort: one unit lowers a support link's integrity at a rate of 1/day and arrests that fraction of the support base per day times the link's share."
        ),
        field!(
            "collateral",
            NONNEG,
            DNum(0.1),
            "casualties/engagement",
            "Civilian casualties per untargeted engagement (collateral tendency)."
        ),
        field!(
            "access",
            Ty::RefList(Ns::Region),
            Empty,
            "",
            "Regions the actor may act in."
        ),
        field!(
            "redeploy_days",
            NONNEG,
            DNum(30.0),
            "days",
            "Time to move forces between regions (concentration)."
        ),
        field!(
            "replace_losses",
            Ty::Bool,
            DBool(false),
            "",
            "Whether the actor replaces its losses (rotations, replacements): losses are still counted, but its force level is sustained, as Kress & Szechtman (2009) assume."
        ),
        field!(
            "lag_days",
            NONNEG,
            DNum(0.0),
            "days",
            "Planning lag on the actor's own timeline: under parallel and cross-purpose regimes it enters each phase this long after the trigger."
        ),
    ],
};

pub static RELATION: TableSpec = TableSpec {
    name: "relation",
    ns: None,
    doc: "How two actors stand towards each other. Unlisted pairs are neutral.",
    fields: &[
        field!(
            "actors",
            Ty::RefList(Ns::Actor),
            Required,
            "",
            "The two actors."
        ),
        field!(
            "kind",
            Ty::Enum(RelationKind::VOCABULARY),
            Required,
            "",
            "How the two actors stand towards each other."
        ),
        field!(
            "friction",
            PROB,
            DNum(0.0),
            "fraction",
            "Under cross-purpose: share of each one's fire lost where both operate (deconfliction failures, mutual obstruction)."
        ),
    ],
};

pub static THIRD_PARTY: TableSpec = TableSpec {
    name: "third_party",
    ns: Some(Ns::ThirdParty),
    doc: "An armed group that is neither coalition nor adversary (the essay's proxy).",
    fields: &[
        field!("id", Ty::Id, Required, "", "Identifier."),
        field!("name", Ty::Str, SameAs("id"), "", "Readable name."),
        field!(
            "region",
            Ty::Ref(Ns::Region),
            Required,
            "",
            "Where it fights."
        ),
        field!(
            "fighters",
            NONNEG,
            Required,
            "fighters",
            "Fighters at day 0."
        ),
        field!(
            "stance",
            Ty::Enum(Stance::VOCABULARY),
            DefaultStr("neutral"),
            "",
            "Towards the coalition at day 0."
        ),
        field!(
            "lethality",
            NONNEG,
            DNum(0.0),
            "1/(fighter·day)",
            "Adversary fighters it kills per fighter-day (square law)."
        ),
        field!(
            "vulnerability",
            NONNEG,
            DNum(0.0),
            "1/(fighter·day)",
            "Its fighters killed per active adversary fighter-day."
        ),
        field!(
            "backing_multiplier",
            NONNEG,
            DNum(1.0),
            "",
            "Lethality and growth gain per unit of backing effort from coalition actors (`back_proxy` tasks): both are multiplied by 1 + multiplier × backing."
        ),
        field!(
            "growth_per_kill",
            NONNEG,
            DNum(0.0),
            "recruits/kill",
            "Recruits per adversary fighter it kills: it grows with success."
        ),
        field!(
            "growth_rate_per_day",
            NONNEG,
            DNum(0.0),
            "1/day",
            "Logistic growth rate towards `carrying_capacity`."
        ),
        field!(
            "carrying_capacity",
            positive(),
            Optional,
            "fighters",
            "Logistic ceiling (absent: no logistic growth)."
        ),
        field!(
            "hostile_above_ratio",
            positive(),
            DNum(INF),
            "",
            "Turns hostile to the coalition once its fighters reach this multiple of their initial number and the adversary in its region is decisively defeated."
        ),
        field!(
            "coalition_lethality",
            NONNEG,
            DNum(0.0),
            "1/(fighter·day)",
            "Coalition soldiers it kills per fighter-day once hostile."
        ),
    ],
};

pub static REINFORCEMENT: TableSpec = TableSpec {
    name: "reinforcement",
    ns: None,
    doc: "Forces arriving on a schedule (Lanchester reinforcement f(t)).",
    fields: &[
        field!(
            "actor",
            Ty::Ref(Ns::Actor),
            Required,
            "",
            "Who receives them."
        ),
        field!(
            "region",
            Ty::Ref(Ns::Region),
            Required,
            "",
            "Where they arrive."
        ),
        field!(
            "day",
            NONNEG,
            Required,
            "day",
            "Arrival day (or start of the arrival window)."
        ),
        field!(
            "until_day",
            NONNEG,
            Optional,
            "day",
            "End of the arrival window: the forces arrive at a constant rate between `day` and `until_day`."
        ),
        field!("forces", NONNEG, Required, "soldiers", "How many."),
    ],
};

pub static WHEN: TableSpec = TableSpec {
    name: "when",
    ns: None,
    doc: "A condition that starts a phase.",
    fields: &[
        field!(
            "metric",
            Ty::Enum(Metric::VOCABULARY),
            Required,
            "",
            "What the condition watches."
        ),
        field!(
            "region",
            Ty::Ref(Ns::Region),
            Optional,
            "",
            "Restrict `support_integrity` or `fighters_fraction` to one region (default: all)."
        ),
        field!(
            "below",
            NONNEG,
            Optional,
            "",
            "Fires when the metric is at or below this value."
        ),
        field!(
            "above",
            NONNEG,
            Optional,
            "",
            "Fires when the metric is at or above this value."
        ),
    ],
};

pub static TASK: TableSpec = TableSpec {
    name: "task",
    ns: None,
    doc: "What one actor does during a phase.",
    fields: &[
        field!("actor", Ty::Ref(Ns::Actor), Required, "", "Who."),
        field!(
            "kind",
            Ty::Enum(TaskType::VOCABULARY),
            Required,
            "",
            "What the actor does."
        ),
        field!(
            "region",
            Ty::Ref(Ns::Region),
            Optional,
            "",
            "attack, disrupt_support: the region."
        ),
        field!(
            "links",
            Ty::RefList(Ns::Link),
            Empty,
            "",
            "interdict: the links to work on (default: every link the actor may act on)."
        ),
        field!(
            "third_party",
            Ty::Ref(Ns::ThirdParty),
            Optional,
            "",
            "back_proxy: the group backed."
        ),
        field!(
            "effort",
            PROB,
            DNum(1.0),
            "fraction",
            "Share of the actor's forces, interdiction or disruption capacity put into the task."
        ),
    ],
};

pub static PHASE: TableSpec = TableSpec {
    name: "phase",
    ns: None,
    doc: "A phase of a course of action. Phases run in order; each starts when its trigger fires after the previous one has started.",
    fields: &[
        field!(
            "id",
            Ty::Id,
            Required,
            "",
            "Identifier, unique within the course of action."
        ),
        field!(
            "start_day",
            NONNEG,
            Optional,
            "day",
            "Start no earlier than this day (the first phase defaults to day 0)."
        ),
        field!(
            "no_later_than",
            NONNEG,
            Optional,
            "day",
            "Start on this day at the latest, whether or not the `when` condition holds (a deadline for a condition trigger)."
        ),
        field!(
            "when",
            Ty::Table(&WHEN),
            Optional,
            "",
            "Start when this condition holds."
        ),
        field!(
            "task",
            Ty::Tables(&TASK),
            Empty,
            "",
            "What each actor does."
        ),
    ],
};

pub static COA: TableSpec = TableSpec {
    name: "coa",
    ns: Some(Ns::Coa),
    doc: "A course of action: a coordination regime and phases of tasks.",
    fields: &[
        field!("id", Ty::Id, Required, "", "Identifier."),
        field!("name", Ty::Str, SameAs("id"), "", "Readable name."),
        field!(
            "description",
            Ty::Str,
            DefaultStr(""),
            "",
            "What the course of action is and where it comes from."
        ),
        field!(
            "regime",
            Ty::Enum(Regime::VOCABULARY),
            Required,
            "",
            "How the coalition's actors coordinate."
        ),
        field!(
            "concentration_order",
            Ty::RefList(Ns::Region),
            Empty,
            "",
            "The order in which `concentrate` tasks destroy the adversary in detail."
        ),
        field!(
            "phase",
            Ty::Tables(&PHASE),
            Empty,
            "",
            "The phases, in order (at least one, unless the course is given as `factors`)."
        ),
        field!(
            "factors",
            Ty::Table(&COA_FACTORS),
            Optional,
            "",
            "The course as a point of the strategy's factor space: its phases and tasks are generated from the `[strategy]` and the actors' capabilities, so that every course built this way has the same means (instead of `[[coa.phase]]`)."
        ),
    ],
};

pub static COA_FACTORS: TableSpec = TableSpec {
    name: "factors",
    ns: None,
    doc: "The levels of the strategy factors of a course of action (see `[strategy]`). The coordination regime is the course's `regime`.",
    fields: &[
        field!(
            "isolation",
            Ty::Enum(Isolation::VOCABULARY),
            Absent::Str("none"),
            "",
            "Prong one: `none`, `links` (every actor interdicts inter-regional links with its interdiction capacity) or `links-and-support` (and disrupts the support networks in its jurisdiction with its disruption capacity)."
        ),
        field!(
            "destruction",
            Ty::Enum(Destruction::VOCABULARY),
            Absent::Str("none"),
            "",
            "Prong two: `none` (forces hold and contain at `containment_effort` where based), `pressure` (every force attacks where it is based, all at once) or `concentrate` (forces that can move concentrate on the concentration order; the others attack where based)."
        ),
        field!(
            "proxy",
            Ty::Enum(Proxy::VOCABULARY),
            Absent::Str("none"),
            "",
            "`none` or `backed` (the strategy's `proxy_backers` back `proxy_third_party`)."
        ),
        field!(
            "sequence",
            Ty::Enum(Sequence::VOCABULARY),
            Absent::Str("together"),
            "",
            "`together` (destruction from day 0) or `isolate-first` (contain until the strategy's `destroy_when` trigger fires, or `destroy_no_later_than`)."
        ),
    ],
};

pub static STRATEGY: TableSpec = TableSpec {
    name: "strategy",
    ns: None,
    doc: "The shared base from which courses given as `factors` are generated: every such course uses the same actors' forces and capacities and differs only in its factor levels.",
    fields: &[
        field!(
            "isolation_effort",
            PROB,
            DNum(1.0),
            "fraction",
            "Share of each actor's interdiction and disruption capacity spent on isolation when isolation is not `none`."
        ),
        field!(
            "containment_effort",
            PROB,
            DNum(0.5),
            "fraction",
            "Share of each actor's forces engaged where based while not destroying (destruction `none`, or before the destroy phase)."
        ),
        field!(
            "destroy_when",
            Ty::Table(&WHEN),
            Optional,
            "",
            "The trigger of the destroy phase under sequence `isolate-first` (evaluated as each regime allows: see docs/model.md)."
        ),
        field!(
            "destroy_no_later_than",
            NONNEG,
            DNum(365.0),
            "day",
            "The destroy phase under `isolate-first` starts on this day at the latest."
        ),
        field!(
            "concentration_order",
            Ty::RefList(Ns::Region),
            Empty,
            "",
            "The order of destruction in detail for `concentrate` (a course's own `concentration_order` takes precedence)."
        ),
        field!(
            "proxy_third_party",
            Ty::Ref(Ns::ThirdParty),
            Optional,
            "",
            "The third party backed under proxy `backed`."
        ),
        field!(
            "proxy_backers",
            Ty::RefList(Ns::Actor),
            Empty,
            "",
            "The actors who back it (full effort each)."
        ),
    ],
};

pub static FACTOR: TableSpec = TableSpec {
    name: "factor",
    ns: None,
    doc: "An extra factor for `cordon factorial`, beside the built-in isolation, destruction, regime, proxy and sequence: each level sets strategy parameters of the generated courses.",
    fields: &[
        field!(
            "id",
            Ty::Id,
            Required,
            "",
            "Identifier (unique among factors)."
        ),
        field!(
            "level",
            Ty::Tables(&FACTOR_LEVEL),
            Required,
            "",
            "The levels (at least two)."
        ),
    ],
};

pub static FACTOR_LEVEL: TableSpec = TableSpec {
    name: "level",
    ns: None,
    doc: "One level of an extra factor: the strategy parameters it sets (unset ones keep the `[strategy]` value).",
    fields: &[
        field!(
            "id",
            Ty::Id,
            Required,
            "",
            "Identifier (unique within the factor)."
        ),
        field!(
            "isolation_effort",
            PROB,
            Optional,
            "fraction",
            "Overrides `strategy.isolation_effort`."
        ),
        field!(
            "containment_effort",
            PROB,
            Optional,
            "fraction",
            "Overrides `strategy.containment_effort`."
        ),
        field!(
            "destroy_threshold",
            NONNEG,
            Optional,
            "",
            "Overrides the threshold of `strategy.destroy_when`."
        ),
        field!(
            "destroy_no_later_than",
            NONNEG,
            Optional,
            "day",
            "Overrides `strategy.destroy_no_later_than`."
        ),
    ],
};

pub static LEVER: TableSpec = TableSpec {
    name: "lever",
    ns: None,
    doc: "A decision lever for `cordon optimize`: a strategy factor or parameter the search may set. Each candidate plan is a course generated like `factors = { … }` from the `[strategy]`, with the levers' values in place of the baseline course's levels and the strategy's values (docs/optimize.md).",
    fields: &[
        field!(
            "id",
            Ty::Id,
            Required,
            "",
            "Identifier (unique among levers; the column name in `pareto.csv`)."
        ),
        field!(
            "kind",
            Ty::Enum(LeverKind::VOCABULARY),
            Required,
            "",
            "The kind of values: it must suit the target (`real` for efforts and thresholds, `int` or `real` for `destroy_no_later_than`, `categorical` for factors and `proxy_third_party`, `subset` for `proxy_backers`, `permutation` for `concentration_order`)."
        ),
        field!(
            "target",
            Ty::Enum(LeverTarget::VOCABULARY),
            Required,
            "",
            "What the lever sets."
        ),
        field!(
            "min",
            num(-INF, INF),
            Optional,
            "target's unit",
            "Lower bound (real, int; within the target's range)."
        ),
        field!(
            "max",
            num(-INF, INF),
            Optional,
            "target's unit",
            "Upper bound (real, int; at least `min`)."
        ),
        field!(
            "values",
            Ty::ScalarList,
            Empty,
            "",
            "The choices: words or third-party ids (categorical; default every word of the factor), actor ids (subset; default every actor), region ids (permutation; default the strategy's `concentration_order`)."
        ),
    ],
};

pub static UNCERTAIN: TableSpec = TableSpec {
    name: "uncertain",
    ns: None,
    doc: "A parameter the analyst does not know: a distribution over a named scenario field, for sensitivity analysis and sweeps.",
    fields: &[
        field!(
            "field",
            Ty::Str,
            Required,
            "",
            "Path of a parameter: `table.id.key` (`region.levant.sanctuary`, `actor.us.intelligence`; engagements are named by their region, `engagement.levant.coalition_lethality`), `table.key` for single tables (`adversary.repair_rate_per_day`), or `actor.ID.forces.REGION` for one entry of a table of numbers; for categorical levers also the words `coa.ID.regime`, `engagement.REGION.law` and `adversary.doctrine`."
        ),
        field!(
            "dist",
            Ty::Enum(DistKind::VOCABULARY),
            Required,
            "",
            "The distribution."
        ),
        field!(
            "low",
            num(-INF, INF),
            Optional,
            "field's unit",
            "Lower bound (uniform, triangular, normal, loguniform)."
        ),
        field!(
            "high",
            num(-INF, INF),
            Optional,
            "field's unit",
            "Upper bound (uniform, triangular, normal, loguniform)."
        ),
        field!(
            "mode",
            num(-INF, INF),
            Optional,
            "field's unit",
            "Most likely value (triangular)."
        ),
        field!(
            "mean",
            num(-INF, INF),
            Optional,
            "field's unit",
            "Mean before truncation (normal)."
        ),
        field!(
            "sd",
            positive(),
            Optional,
            "field's unit",
            "Standard deviation before truncation (normal)."
        ),
        field!(
            "values",
            Ty::ScalarList,
            Empty,
            "",
            "The categories (categorical)."
        ),
        field!(
            "weights",
            Ty::NumList { min: 0.0, max: INF },
            Empty,
            "",
            "Relative weights of the categories (categorical; default equal)."
        ),
    ],
};

pub static ROOT: TableSpec = TableSpec {
    name: "",
    ns: None,
    doc: "A scenario file.",
    fields: &[
        field!(
            "scenario",
            Ty::Table(&SCENARIO),
            Required,
            "",
            "What the scenario is, its clock and its seed."
        ),
        field!(
            "outcomes",
            Ty::Table(&OUTCOMES),
            Empty,
            "",
            "How outcomes are scored."
        ),
        field!(
            "adversary",
            Ty::Table(&ADVERSARY),
            Empty,
            "",
            "The adversary's leadership and doctrine."
        ),
        field!(
            "theatre",
            Ty::Tables(&THEATRE),
            Empty,
            "",
            "Theatres of war."
        ),
        field!(
            "region",
            Ty::Tables(&REGION),
            Required,
            "",
            "Regions (at least one)."
        ),
        field!(
            "engagement",
            Ty::Tables(&ENGAGEMENT),
            Empty,
            "",
            "Attrition laws per region."
        ),
        field!(
            "branch",
            Ty::Tables(&BRANCH),
            Empty,
            "",
            "Adversary branches."
        ),
        field!(
            "link",
            Ty::Tables(&LINK),
            Empty,
            "",
            "Inter-regional links."
        ),
        field!(
            "support_link",
            Ty::Tables(&SUPPORT_LINK),
            Empty,
            "",
            "Intra-regional militant–support links."
        ),
        field!("actor", Ty::Tables(&ACTOR), Empty, "", "Coalition actors."),
        field!(
            "relation",
            Ty::Tables(&RELATION),
            Empty,
            "",
            "Relations between actors."
        ),
        field!(
            "third_party",
            Ty::Tables(&THIRD_PARTY),
            Empty,
            "",
            "Third-party armed groups."
        ),
        field!(
            "reinforcement",
            Ty::Tables(&REINFORCEMENT),
            Empty,
            "",
            "Scheduled reinforcements."
        ),
        field!(
            "coa",
            Ty::Tables(&COA),
            Required,
            "",
            "Courses of action (at least one)."
        ),
        field!(
            "strategy",
            Ty::Table(&STRATEGY),
            Empty,
            "",
            "The shared base of courses of action given as factor levels."
        ),
        field!(
            "factor",
            Ty::Tables(&FACTOR),
            Empty,
            "",
            "Extra factors for factorial experiments."
        ),
        field!(
            "uncertain",
            Ty::Tables(&UNCERTAIN),
            Empty,
            "",
            "Declared uncertain parameters."
        ),
        // Optional rather than empty: a scenario without levers resolves (and hashes) as it
        // did before levers existed.
        field!(
            "lever",
            Ty::Tables(&LEVER),
            Optional,
            "",
            "Decision levers for `cordon optimize`."
        ),
    ],
};

/// Every table of the language, in the order of the reference.
pub fn all_tables() -> Vec<(&'static str, &'static TableSpec)> {
    vec![
        ("scenario", &SCENARIO),
        ("outcomes", &OUTCOMES),
        ("adversary", &ADVERSARY),
        ("theatre", &THEATRE),
        ("region", &REGION),
        ("engagement", &ENGAGEMENT),
        ("branch", &BRANCH),
        ("link", &LINK),
        ("support_link", &SUPPORT_LINK),
        ("actor", &ACTOR),
        ("relation", &RELATION),
        ("third_party", &THIRD_PARTY),
        ("reinforcement", &REINFORCEMENT),
        ("coa", &COA),
        ("coa.phase", &PHASE),
        ("coa.phase.when", &WHEN),
        ("coa.phase.task", &TASK),
        ("coa.factors", &COA_FACTORS),
        ("strategy", &STRATEGY),
        ("strategy.destroy_when", &WHEN),
        ("factor", &FACTOR),
        ("factor.level", &FACTOR_LEVEL),
        ("uncertain", &UNCERTAIN),
        ("lever", &LEVER),
    ]
}

/// A human description of a type, as used in "expected …" messages and the reference.
pub fn describe(ty: &Ty) -> String {
    match ty {
        Ty::Str => "a string".into(),
        Ty::Id => "an identifier (letters, digits, `-`, `_`)".into(),
        Ty::Date => "a date string `YYYY-MM-DD`".into(),
        Ty::Bool => "`true` or `false`".into(),
        Ty::Num { min, max, min_open } => describe_range(*min, *max, *min_open, "number"),
        Ty::Int { min, max } => {
            if *max == i64::MAX {
                format!("a whole number ≥ {min}")
            } else {
                format!("a whole number in [{min}, {max}]")
            }
        }
        Ty::Enum(vocabulary) => {
            let quoted: Vec<String> = vocabulary
                .words
                .iter()
                .map(|w| format!("\"{w}\""))
                .collect();
            format!("one of {}", quoted.join(", "))
        }
        Ty::Ref(ns) => format!("the id of a {}", ns.noun()),
        Ty::RefList(ns) => format!("a list of {} ids", ns.noun()),
        Ty::NumMap { key, min, max } => format!(
            "a table of {} id = {}",
            key.noun(),
            describe_range(*min, *max, false, "number")
        ),
        Ty::NumList { min, max } => {
            format!("a list of {}s", describe_range(*min, *max, false, "number"))
        }
        Ty::ScalarList => "a list of strings or numbers".into(),
        Ty::Table(_) => "a table".into(),
        Ty::Tables(spec) => format!("an array of tables `[[{}]]`", spec.name),
    }
}

fn describe_range(min: f64, max: f64, min_open: bool, noun: &str) -> String {
    let lo = if min_open { "(" } else { "[" };
    match (min.is_finite(), max.is_finite()) {
        (true, true) => format!("a finite {noun} in {lo}{min}, {max}]"),
        (true, false) if min_open => format!("a finite {noun} > {min}"),
        (true, false) => format!("a finite {noun} ≥ {min}"),
        (false, true) => format!("a finite {noun} ≤ {max}"),
        (false, false) => format!("a finite {noun}"),
    }
}

fn describe_default(field: &Field) -> String {
    match field.absent {
        Required => "required".into(),
        Optional => "optional".into(),
        DNum(x) if x.is_infinite() => "∞ (never)".into(),
        DNum(x) => format!("`{x}`"),
        DInt(x) => format!("`{x}`"),
        DefaultStr(s) => format!("`\"{s}\"`"),
        DBool(b) => format!("`{b}`"),
        Empty => match field.ty {
            Ty::Table(_) => "all defaults".into(),
            _ => "empty".into(),
        },
        SameAs(other) => format!("same as `{other}`"),
    }
}

/// The Markdown reference of the language (`docs/scenario.md` embeds it verbatim).
///
/// One section per table, in the order of [`all_tables`], each with a table of its keys:
/// type and range, unit, default and meaning.
pub fn markdown_reference() -> String {
    let mut out = String::new();
    for (path, spec) in all_tables() {
        let header = match ROOT.field(path).map(|f| f.ty) {
            Some(Ty::Table(_)) => format!("[{path}]"),
            // `when` is one table per phase; the other nested tables are arrays.
            _ if matches!(
                path,
                "coa.phase.when" | "coa.factors" | "strategy.destroy_when"
            ) =>
            {
                format!("[{path}]")
            }
            _ => format!("[[{path}]]"),
        };
        let _ = writeln!(out, "### `{header}`\n\n{}\n", spec.doc);
        let _ = writeln!(out, "| key | type | unit | default | meaning |");
        let _ = writeln!(out, "| --- | --- | --- | --- | --- |");
        for field in spec.fields {
            let unit = if field.unit.is_empty() {
                "–"
            } else {
                field.unit
            };
            let _ = writeln!(
                out,
                "| `{}` | {} | {} | {} | {} |",
                field.key,
                markdown_type(&field.ty, path).replace('|', "\\|"),
                unit.replace('|', "\\|"),
                describe_default(field).replace('|', "\\|"),
                field.meaning().replace('|', "\\|"),
            );
        }
        out.push('\n');
    }
    // One trailing newline, not two.
    out.pop();
    out
}

/// A short description of a type for the reference's tables (`number in [0, 1]`).
fn markdown_type(ty: &Ty, table_path: &str) -> String {
    let range = |min: f64, max: f64, min_open: bool| -> String {
        let lo = if min_open { "(" } else { "[" };
        match (min.is_finite(), max.is_finite()) {
            (true, true) => format!("in {lo}{min}, {max}]"),
            (true, false) if min_open => format!("> {min}"),
            (true, false) => format!("≥ {min}"),
            (false, true) => format!("≤ {max}"),
            (false, false) => "any finite".to_string(),
        }
    };
    match ty {
        Ty::Str => "string".into(),
        Ty::Id => "id".into(),
        Ty::Date => "date `YYYY-MM-DD`".into(),
        Ty::Bool => "boolean".into(),
        Ty::Num { min, max, .. } if !min.is_finite() && !max.is_finite() => "number".into(),
        Ty::Num { min, max, min_open } => format!("number {}", range(*min, *max, *min_open)),
        Ty::Int { min, max } if *max == i64::MAX => format!("integer ≥ {min}"),
        Ty::Int { min, max } => format!("integer in [{min}, {max}]"),
        Ty::Enum(vocabulary) => {
            let quoted: Vec<String> = vocabulary
                .words
                .iter()
                .map(|w| format!("`\"{w}\"`"))
                .collect();
            format!("one of {}", quoted.join(", "))
        }
        Ty::Ref(ns) => format!("{} id", ns.noun()),
        Ty::RefList(ns) => format!("list of {} ids", ns.noun()),
        Ty::NumMap { key, min, max } => format!(
            "table {{ {} id = number {} }}",
            key.noun(),
            range(*min, *max, false)
        ),
        Ty::NumList { min, max } => format!("list of numbers {}", range(*min, *max, false)),
        Ty::ScalarList => "list of strings or numbers".into(),
        Ty::Table(sub) => format!("table `[{}]`", sub_path(table_path, sub.name)),
        Ty::Tables(sub) => format!("array of tables `[[{}]]`", sub_path(table_path, sub.name)),
    }
}

fn sub_path(table_path: &str, name: &str) -> String {
    if table_path.is_empty() {
        name.to_string()
    } else {
        format!("{table_path}.{name}")
    }
}
