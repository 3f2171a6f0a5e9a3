//! Strategy as factors: courses of action generated from one shared capability base.
//!
//! A course of action written by hand can give one actor more to do than another course gives
//! it, so a comparison of hand-written courses mixes "which strategy" with "how much of the
//! coalition's means it uses". A course given as factor levels (`[[coa]] factors = { … }`) is
//! generated here from the actors' own forces and capacities and the `[strategy]` table, so
//! every generated course has the same means and differs only in the levels of the essay's
//! strategy elements:
//!
//! - **isolation** (prong one): none, inter-regional links, or links and support networks;
//! - **destruction** (prong two): none (containment), simultaneous pressure, or concentration
//!   in an order (destruction in detail);
//! - **regime**: joint, parallel or cross-purpose (the course's `regime`);
//! - **proxy**: none, or the declared backers back the declared third party;
//! - **sequence**: destruction from day 0, or only once the isolation trigger fires.
//!
//! [`capability_use`] lists, for any course, which capability of which actor it leaves unused;
//! for generated courses the only unused capabilities are those a factor level withholds.

use crate::scenario::{
    Actor, ActorId, Coa, Comparison, Condition, Phase, Regime, RegionId, SupportLink, Task,
    TaskKind, ThirdPartyId,
};
pub use crate::scenario::{Destruction, Isolation, Proxy, Sequence};

/// The names of the built-in factors, in the order of [`Levels`].
pub const BUILT_IN_FACTORS: &[&str] = &["isolation", "destruction", "regime", "proxy", "sequence"];

/// A point of the factor space.
#[derive(Clone, Debug, PartialEq)]
pub struct Levels {
    pub isolation: Isolation,
    pub destruction: Destruction,
    pub regime: Regime,
    pub proxy: Proxy,
    pub sequence: Sequence,
    /// The level of each extra factor, by factor index (empty for named courses: the
    /// `[strategy]` values apply).
    pub extra: Vec<usize>,
}

/// The shared base of generated courses (`[strategy]`).
#[derive(Clone, Debug, PartialEq)]
pub struct Strategy {
    pub isolation_effort: f64,
    pub containment_effort: f64,
    pub destroy_when: Option<Condition>,
    pub destroy_no_later_than: f64,
    pub concentration_order: Vec<RegionId>,
    pub proxy_third_party: Option<ThirdPartyId>,
    pub proxy_backers: Vec<ActorId>,
}

/// An extra factor (`[[factor]]`).
#[derive(Clone, Debug, PartialEq)]
pub struct Factor {
    pub id: String,
    pub levels: Vec<FactorLevel>,
}

/// One level of an extra factor: the strategy parameters it overrides.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct FactorLevel {
    pub id: String,
    pub isolation_effort: Option<f64>,
    pub containment_effort: Option<f64>,
    pub destroy_threshold: Option<f64>,
    pub destroy_no_later_than: Option<f64>,
}

impl Strategy {
    /// The strategy with the overrides of the given extra-factor levels applied in order.
    pub fn with_levels(&self, factors: &[Factor], levels: &[usize]) -> Strategy {
        let mut s = self.clone();
        for (f, &l) in factors.iter().zip(levels) {
            let Some(level) = f.levels.get(l) else {
                continue;
            };
            if let Some(x) = level.isolation_effort {
                s.isolation_effort = x;
            }
            if let Some(x) = level.containment_effort {
                s.containment_effort = x;
            }
            if let Some(x) = level.destroy_no_later_than {
                s.destroy_no_later_than = x;
            }
            if let (Some(x), Some(when)) = (level.destroy_threshold, s.destroy_when.as_mut()) {
                when.comparison = match when.comparison {
                    Comparison::Below(_) => Comparison::Below(x),
                    Comparison::Above(_) => Comparison::Above(x),
                };
            }
        }
        s
    }
}

/// What a generator needs to know about the theatre: the capability base.
pub(crate) struct Base<'a> {
    pub actors: &'a [Actor],
    pub support_links: &'a [SupportLink],
    /// Per actor: regions where it has forces at day 0 or receives reinforcements.
    pub based: Vec<Vec<RegionId>>,
}

impl Base<'_> {
    /// Regions whose support links actor `a` may disrupt (its jurisdiction), in region order.
    fn disruptable(&self, a: ActorId) -> Vec<RegionId> {
        let mut regions: Vec<RegionId> = self
            .support_links
            .iter()
            .filter(|k| k.jurisdiction.contains(&a))
            .map(|k| k.region)
            .collect();
        regions.sort();
        regions.dedup();
        regions
    }
}

/// Generates the phases of a course from its levels (the concentration order is the course's
/// own when it has one, else the strategy's).
pub(crate) fn generate(
    base: &Base<'_>,
    strategy: &Strategy,
    levels: &Levels,
    order: &[RegionId],
) -> Vec<Phase> {
    let isolation = isolation_tasks(base, strategy, levels.isolation);
    let proxy = proxy_tasks(strategy, levels.proxy);
    let containment = force_tasks(base, order, Destruction::None, strategy.containment_effort);
    let destruction = force_tasks(base, order, levels.destruction, 1.0);
    let tasks = |forces: &[Task]| -> Vec<Task> {
        isolation
            .iter()
            .chain(forces)
            .chain(&proxy)
            .cloned()
            .collect()
    };
    let staged =
        levels.destruction != Destruction::None && levels.sequence == Sequence::IsolateFirst;
    if staged {
        vec![
            Phase {
                id: "isolate".into(),
                start_day: Some(0.0),
                when: None,
                no_later_than: None,
                tasks: tasks(&containment),
            },
            Phase {
                id: "destroy".into(),
                start_day: None,
                when: strategy.destroy_when.clone(),
                no_later_than: Some(strategy.destroy_no_later_than),
                tasks: tasks(&destruction),
            },
        ]
    } else {
        vec![Phase {
            id: "campaign".into(),
            start_day: Some(0.0),
            when: None,
            no_later_than: None,
            tasks: tasks(&destruction),
        }]
    }
}

fn isolation_tasks(base: &Base<'_>, strategy: &Strategy, level: Isolation) -> Vec<Task> {
    let mut tasks = Vec::new();
    if level == Isolation::None {
        return tasks;
    }
    let effort = strategy.isolation_effort;
    for (a, actor) in base.actors.iter().enumerate() {
        let id = ActorId::from_index(a);
        if actor.interdiction_capacity > 0.0 {
            tasks.push(Task {
                actor: id,
                kind: TaskKind::Interdict(Vec::new()),
                effort,
            });
        }
        if level == Isolation::LinksAndSupport && actor.disruption_capacity > 0.0 {
            let regions = base.disruptable(id);
            for &r in &regions {
                tasks.push(Task {
                    actor: id,
                    kind: TaskKind::DisruptSupport(r),
                    effort: effort / regions.len() as f64,
                });
            }
        }
    }
    tasks
}

/// The forces' tasks at a destruction level: containment and pressure attack where based (at
/// `effort`); concentration sends every force that can reach two regions of the order along
/// it, and the rest attack where based.
fn force_tasks(base: &Base<'_>, order: &[RegionId], level: Destruction, effort: f64) -> Vec<Task> {
    let mut tasks = Vec::new();
    for (a, actor) in base.actors.iter().enumerate() {
        let id = ActorId::from_index(a);
        let mobile = order.iter().filter(|r| actor.access[r.index()]).count() >= 2;
        if level == Destruction::Concentrate && mobile && !base.based[a].is_empty() {
            tasks.push(Task {
                actor: id,
                kind: TaskKind::Concentrate,
                effort: 1.0,
            });
            continue;
        }
        for &r in &base.based[a] {
            tasks.push(Task {
                actor: id,
                kind: TaskKind::Attack(r),
                effort,
            });
        }
    }
    tasks
}

fn proxy_tasks(strategy: &Strategy, level: Proxy) -> Vec<Task> {
    match (level, strategy.proxy_third_party) {
        (Proxy::Backed, Some(g)) => strategy
            .proxy_backers
            .iter()
            .map(|&a| Task {
                actor: a,
                kind: TaskKind::BackProxy(g),
                effort: 1.0,
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// A capability an actor has.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Capability {
    Forces,
    Interdiction,
    Disruption,
}

impl Capability {
    pub fn as_str(self) -> &'static str {
        match self {
            Capability::Forces => "forces",
            Capability::Interdiction => "interdiction",
            Capability::Disruption => "disruption",
        }
    }
}

/// Why a capability is not put to use by a course.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Idle {
    /// The course gives the actor no task that uses it.
    Unused,
    /// A factor level withholds it by design (`isolation = none`, …).
    Withheld(String),
    /// The regime gives the actor no way to use it (nothing in its jurisdiction).
    NoJurisdiction,
}

/// A capability of an actor that a course leaves idle.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IdleCapability {
    pub actor: ActorId,
    pub capability: Capability,
    pub why: Idle,
}

/// Which capabilities of which actors course `coa` leaves idle, and why.
pub(crate) fn capability_use(
    actors: &[Actor],
    links_jurisdiction: &[Vec<ActorId>],
    support_links: &[SupportLink],
    based: &[Vec<RegionId>],
    coa: &Coa,
) -> Vec<IdleCapability> {
    let mut out = Vec::new();
    let tasks = || coa.phases.iter().flat_map(|p| &p.tasks);
    for (a, actor) in actors.iter().enumerate() {
        let id = ActorId::from_index(a);
        let has = |f: &dyn Fn(&TaskKind) -> bool| tasks().any(|t| t.actor == id && f(&t.kind));
        let mut idle = |capability, why| {
            out.push(IdleCapability {
                actor: id,
                capability,
                why,
            })
        };
        // A generated course withholds what its isolation level does not use; a hand-written
        // one simply leaves it unused.
        let withheld_by_isolation = || match &coa.factors {
            Some(l) => Idle::Withheld(format!("isolation = {}", l.isolation.as_str())),
            None => Idle::Unused,
        };
        let fights = has(&|k| matches!(k, TaskKind::Attack(_) | TaskKind::Concentrate));
        if !based[a].is_empty() && !fights {
            idle(Capability::Forces, Idle::Unused);
        }
        if actor.interdiction_capacity > 0.0 {
            if !has(&|k| matches!(k, TaskKind::Interdict(_))) {
                idle(Capability::Interdiction, withheld_by_isolation());
            } else if !coa.regime.shares_plan()
                && !links_jurisdiction.iter().any(|j| j.contains(&id))
            {
                idle(Capability::Interdiction, Idle::NoJurisdiction);
            }
        }
        if actor.disruption_capacity > 0.0 {
            let in_jurisdiction = support_links.iter().any(|k| k.jurisdiction.contains(&id));
            let disrupts = has(&|k| matches!(k, TaskKind::DisruptSupport(_)));
            if !in_jurisdiction {
                if !coa.regime.shares_plan() || !disrupts {
                    idle(Capability::Disruption, Idle::NoJurisdiction);
                }
            } else if !disrupts {
                let why = match &coa.factors {
                    Some(l) if l.isolation != crate::Isolation::LinksAndSupport => {
                        Idle::Withheld(format!("isolation = {}", l.isolation.as_str()))
                    }
                    _ => Idle::Unused,
                };
                idle(Capability::Disruption, why);
            }
        }
    }
    out
}

/// One factor of a factorial design: its name and the words of its levels.
#[derive(Clone, Debug, PartialEq)]
pub struct FactorSpec {
    pub name: String,
    pub levels: Vec<String>,
}

impl crate::Scenario {
    /// Which capabilities of which actors course `coa` leaves idle, and why.
    pub fn idle_capabilities(&self, coa: crate::CoaId) -> Vec<IdleCapability> {
        let based = crate::strategy_build::based_regions(&self.actors, &self.reinforcements);
        let jurisdiction: Vec<Vec<ActorId>> =
            self.links.iter().map(|l| l.jurisdiction.clone()).collect();
        capability_use(
            &self.actors,
            &jurisdiction,
            &self.support_links,
            &based,
            self.coa(coa),
        )
    }

    /// Every factor of the scenario's factor space, built-in ones first: isolation,
    /// destruction, regime, proxy (when the strategy declares a proxy), sequence, then the
    /// `[[factor]]` tables.
    pub fn factor_space(&self) -> Vec<FactorSpec> {
        let words = |w: &[&str]| w.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let mut out = vec![
            FactorSpec {
                name: "isolation".into(),
                levels: words(Isolation::WORDS),
            },
            FactorSpec {
                name: "destruction".into(),
                levels: words(Destruction::WORDS),
            },
            FactorSpec {
                name: "regime".into(),
                levels: words(Regime::WORDS),
            },
        ];
        let proxy_declared =
            self.strategy.proxy_third_party.is_some() && !self.strategy.proxy_backers.is_empty();
        out.push(FactorSpec {
            name: "proxy".into(),
            levels: if proxy_declared {
                words(Proxy::WORDS)
            } else {
                vec!["none".into()]
            },
        });
        out.push(FactorSpec {
            name: "sequence".into(),
            levels: words(Sequence::WORDS),
        });
        for f in &self.factors {
            out.push(FactorSpec {
                name: f.id.clone(),
                levels: f.levels.iter().map(|l| l.id.clone()).collect(),
            });
        }
        out
    }

    /// The levels of a point of [`Scenario::factor_space`] given as one level index per
    /// factor, or `None` if an index is out of range.
    pub fn levels_of(&self, point: &[usize]) -> Option<Levels> {
        let space = self.factor_space();
        if point.len() != space.len() || point.iter().zip(&space).any(|(&l, f)| l >= f.levels.len())
        {
            return None;
        }
        Some(Levels {
            isolation: Isolation::ALL[point[0]],
            destruction: Destruction::ALL[point[1]],
            regime: Regime::ALL[point[2]],
            proxy: Proxy::ALL[point[3]],
            sequence: Sequence::ALL[point[4]],
            extra: point[5..].to_vec(),
        })
    }

    /// The scenario with its courses of action replaced by the given arms, each generated from
    /// its levels on the shared base (the first arm is the baseline). Declared uncertainties
    /// about courses that are gone are dropped.
    pub fn with_arms(&self, arms: &[(String, Levels)]) -> Result<crate::Scenario, String> {
        if arms.is_empty() {
            return Err("a design needs at least one arm".into());
        }
        let based = crate::strategy_build::based_regions(&self.actors, &self.reinforcements);
        let base = Base {
            actors: &self.actors,
            support_links: &self.support_links,
            based,
        };
        let mut coas = Vec::with_capacity(arms.len());
        for (id, levels) in arms {
            let strategy = self.strategy.with_levels(&self.factors, &levels.extra);
            let order = strategy.concentration_order.clone();
            crate::strategy_build::check_levels(&strategy, levels, &order)
                .map_err(|(_, message, hint)| format!("arm {id}: {message} ({hint})"))?;
            coas.push(Coa {
                id: id.clone(),
                name: id.clone(),
                description: describe(levels, &self.factors),
                regime: levels.regime,
                concentration_order: order.clone(),
                phases: generate(&base, &strategy, levels, &order),
                factors: Some(levels.clone()),
            });
        }
        let mut s = self.clone();
        s.coas = coas;
        s.meta.baseline = crate::CoaId::from_index(0);
        s.uncertain.retain(|u| !u.field.starts_with("coa."));
        Ok(s)
    }
}

/// The levels in words: `isolation=links, destruction=concentrate, …`.
pub fn describe(levels: &Levels, factors: &[Factor]) -> String {
    let mut parts = vec![
        format!("isolation={}", levels.isolation.as_str()),
        format!("destruction={}", levels.destruction.as_str()),
        format!("regime={}", levels.regime.as_str()),
        format!("proxy={}", levels.proxy.as_str()),
        format!("sequence={}", levels.sequence.as_str()),
    ];
    for (f, &l) in factors.iter().zip(&levels.extra) {
        if let Some(level) = f.levels.get(l) {
            parts.push(format!("{}={}", f.id, level.id));
        }
    }
    parts.join(", ")
}
