//! Decision levers (`[[lever]]`) and the plans they span, for `cordon optimize`.
//!
//! A lever sets one strategy factor or one `[strategy]` parameter of a generated course. A plan
//! is one value per lever; [`crate::Scenario::with_plans`] turns plans into courses of action
//! generated, like `factors = { … }`, from the shared capability base, with the baseline
//! course's levels (and the `[strategy]`'s values) for everything no lever sets. A plan can be
//! written back as a `[[coa]]` table with explicit phases ([`crate::Scenario::coa_toml`]), which
//! parses to the same course.

use crate::read::{Node, Reader, Tbl, Val, fmt_num};
use crate::scenario::{
    Coa, CoaId, Comparison, Destruction, Isolation, LeverKind, LeverTarget, Proxy, Regime,
    Sequence, TaskKind,
};
use crate::strategy::{Base, Levels, Strategy, generate};

/// The values a lever may take.
#[derive(Clone, Debug, PartialEq)]
pub enum LeverDomain {
    Real {
        min: f64,
        max: f64,
    },
    Int {
        min: i64,
        max: i64,
    },
    /// Words of a factor, or third-party ids.
    Categorical(Vec<String>),
    /// Actor ids: any non-empty subset.
    Subset(Vec<String>),
    /// Region ids: any order of all of them.
    Permutation(Vec<String>),
}

/// A declared lever.
#[derive(Clone, Debug, PartialEq)]
pub struct Lever {
    pub id: String,
    pub target: LeverTarget,
    pub domain: LeverDomain,
}

/// One lever's value in a plan.
#[derive(Clone, Debug, PartialEq)]
pub enum LeverValue {
    Real(f64),
    Int(i64),
    /// Index into the categorical values.
    Choice(usize),
    /// Membership of each value.
    Subset(Vec<bool>),
    /// The values' indices, in order.
    Order(Vec<usize>),
}

impl Lever {
    pub fn kind(&self) -> LeverKind {
        match self.domain {
            LeverDomain::Real { .. } => LeverKind::Real,
            LeverDomain::Int { .. } => LeverKind::Int,
            LeverDomain::Categorical(_) => LeverKind::Categorical,
            LeverDomain::Subset(_) => LeverKind::Subset,
            LeverDomain::Permutation(_) => LeverKind::Permutation,
        }
    }

    /// The value in words (`0.35`, `joint`, `russia+iran`, `levant>khorasan>africa`).
    pub fn format(&self, value: &LeverValue) -> String {
        match (&self.domain, value) {
            (LeverDomain::Real { .. }, LeverValue::Real(x)) => fmt_num(*x),
            (LeverDomain::Int { .. }, LeverValue::Int(i)) => i.to_string(),
            (LeverDomain::Categorical(v), LeverValue::Choice(c)) => {
                v.get(*c).cloned().unwrap_or_default()
            }
            (LeverDomain::Subset(v), LeverValue::Subset(m)) => v
                .iter()
                .zip(m)
                .filter(|(_, in_)| **in_)
                .map(|(x, _)| x.as_str())
                .collect::<Vec<_>>()
                .join("+"),
            (LeverDomain::Permutation(v), LeverValue::Order(o)) => o
                .iter()
                .filter_map(|&i| v.get(i).map(String::as_str))
                .collect::<Vec<_>>()
                .join(">"),
            _ => String::new(),
        }
    }

    /// Whether `value` is one this lever can take.
    pub fn admits(&self, value: &LeverValue) -> bool {
        match (&self.domain, value) {
            (LeverDomain::Real { min, max }, LeverValue::Real(x)) => (*min..=*max).contains(x),
            (LeverDomain::Int { min, max }, LeverValue::Int(i)) => (*min..=*max).contains(i),
            (LeverDomain::Categorical(v), LeverValue::Choice(c)) => *c < v.len(),
            (LeverDomain::Subset(v), LeverValue::Subset(m)) => {
                m.len() == v.len() && m.iter().any(|x| *x)
            }
            (LeverDomain::Permutation(v), LeverValue::Order(o)) => {
                let mut sorted = o.clone();
                sorted.sort_unstable();
                sorted == (0..v.len()).collect::<Vec<_>>()
            }
            _ => false,
        }
    }
}

impl LeverTarget {
    /// The kinds of lever that can set this target.
    pub fn kinds(self) -> &'static [LeverKind] {
        match self {
            LeverTarget::Isolation
            | LeverTarget::Destruction
            | LeverTarget::Regime
            | LeverTarget::Proxy
            | LeverTarget::Sequence
            | LeverTarget::ProxyThirdParty => &[LeverKind::Categorical],
            LeverTarget::ProxyBackers => &[LeverKind::Subset],
            LeverTarget::IsolationEffort
            | LeverTarget::ContainmentEffort
            | LeverTarget::DestroyThreshold => &[LeverKind::Real],
            LeverTarget::DestroyNoLaterThan => &[LeverKind::Real, LeverKind::Int],
            LeverTarget::ConcentrationOrder => &[LeverKind::Permutation],
        }
    }

    /// The range of a numeric target.
    fn range(self) -> (f64, f64) {
        match self {
            LeverTarget::IsolationEffort | LeverTarget::ContainmentEffort => (0.0, 1.0),
            _ => (0.0, f64::INFINITY),
        }
    }

    /// The words of a factor target.
    fn words(self) -> Option<&'static [&'static str]> {
        match self {
            LeverTarget::Isolation => Some(Isolation::WORDS),
            LeverTarget::Destruction => Some(Destruction::WORDS),
            LeverTarget::Regime => Some(Regime::WORDS),
            LeverTarget::Proxy => Some(Proxy::WORDS),
            LeverTarget::Sequence => Some(Sequence::WORDS),
            _ => None,
        }
    }
}

/// What the lever builder needs to know about the rest of the scenario.
pub(crate) struct LeverContext<'a> {
    pub strategy: &'a Strategy,
    pub actor_ids: Vec<String>,
    pub region_ids: Vec<String>,
    pub third_party_ids: Vec<String>,
}

/// The `[[lever]]` tables, checked: kind suits target, bounds within the target's range and
/// ordered, values known and unique, one lever per target, and the levels a lever can choose
/// are ones the strategy can give.
pub(crate) fn build_levers(r: &mut Reader<'_>, doc: &Tbl, cx: &LeverContext<'_>) -> Vec<Lever> {
    let mut out: Vec<Lever> = Vec::new();
    let tables = doc.tables("lever");
    for t in tables {
        let (Some(kind), Some(target)) =
            (t.word::<LeverKind>("kind"), t.word::<LeverTarget>("target"))
        else {
            continue;
        };
        let id = t.str("id").to_string();
        if out.iter().any(|l| l.id == id) {
            r.error(
                t.span_of("id"),
                &t.path_of("id"),
                format!("lever \"{id}\" is declared twice"),
            );
        }
        if out.iter().any(|l| l.target == target) {
            r.error(
                t.span_of("target"),
                &t.path_of("target"),
                format!("two levers set `{}`", target.as_str()),
            )
            .hint = Some("keep one lever per target".into());
            continue;
        }
        if !target.kinds().contains(&kind) {
            let allowed: Vec<String> = target
                .kinds()
                .iter()
                .map(|k| format!("\"{}\"", k.as_str()))
                .collect();
            let d = r.error(
                t.span_of("kind"),
                &t.path_of("kind"),
                format!(
                    "a lever on `{}` cannot be {}",
                    target.as_str(),
                    kind.as_str()
                ),
            );
            *d = d
                .clone()
                .expected(format!("kind = {}", allowed.join(" or ")));
            continue;
        }
        if let Some(domain) = build_domain(r, t, kind, target, cx) {
            out.push(Lever { id, target, domain });
        }
    }
    check_feasible(r, tables, &out, cx);
    out
}

fn build_domain(
    r: &mut Reader<'_>,
    t: &Tbl,
    kind: LeverKind,
    target: LeverTarget,
    cx: &LeverContext<'_>,
) -> Option<LeverDomain> {
    match kind {
        LeverKind::Real | LeverKind::Int => build_range_domain(r, t, kind, target, cx),
        LeverKind::Categorical | LeverKind::Subset | LeverKind::Permutation => {
            build_choice_domain(r, t, kind, target, cx)
        }
    }
}

/// The domain of a real or integer lever: `min` and `max`, inside what the target can take.
fn build_range_domain(
    r: &mut Reader<'_>,
    t: &Tbl,
    kind: LeverKind,
    target: LeverTarget,
    cx: &LeverContext<'_>,
) -> Option<LeverDomain> {
    let mut ok = true;
    let (lo, hi) = target.range();
    let mut bound = |r: &mut Reader<'_>, key: &str| -> Option<f64> {
        let Some(x) = t.opt_num(key) else {
            let d = r.error(
                t.span.clone(),
                &t.path_of(key),
                format!("a {} lever needs `{key}`", kind.as_str()),
            );
            *d = d.clone().expected(format!("`{key}`: a number"));
            ok = false;
            return None;
        };
        if x < lo || x > hi || (kind == LeverKind::Int && x.fract() != 0.0) {
            let d = r.error(
                t.span_of(key),
                &t.path_of(key),
                format!(
                    "{key} = {} is outside what `{}` can take",
                    fmt_num(x),
                    target.as_str()
                ),
            );
            let what = if kind == LeverKind::Int {
                "a whole number"
            } else {
                "a number"
            };
            *d = d.clone().expected(if hi.is_finite() {
                format!("{what} in [{}, {}]", fmt_num(lo), fmt_num(hi))
            } else {
                format!("{what} ≥ {}", fmt_num(lo))
            });
            ok = false;
        }
        Some(x)
    };
    let min = bound(r, "min");
    let max = bound(r, "max");
    let (Some(min), Some(max)) = (min, max) else {
        return None;
    };
    if min > max {
        r.error(
            t.span_of("max"),
            &t.path_of("max"),
            format!("max = {} is below min = {}", fmt_num(max), fmt_num(min)),
        );
        return None;
    }
    if target == LeverTarget::DestroyThreshold && cx.strategy.destroy_when.is_none() {
        r.error(
            t.span_of("target"),
            &t.path_of("target"),
            "a lever on `destroy_threshold` needs `strategy.destroy_when`".into(),
        )
        .hint = Some("add `destroy_when = { metric = …, below = … }` to `[strategy]`".into());
        return None;
    }
    if !ok {
        return None;
    }
    Some(match kind {
        LeverKind::Int => LeverDomain::Int {
            min: min as i64,
            max: max as i64,
        },
        _ => LeverDomain::Real { min, max },
    })
}

/// The domain of a categorical, subset or permutation lever: `values`, each known and once,
/// or the default when the list is empty.
fn build_choice_domain(
    r: &mut Reader<'_>,
    t: &Tbl,
    kind: LeverKind,
    target: LeverTarget,
    cx: &LeverContext<'_>,
) -> Option<LeverDomain> {
    let known: Vec<String> = match (kind, target.words()) {
        (LeverKind::Categorical, Some(words)) => words.iter().map(|w| w.to_string()).collect(),
        (LeverKind::Categorical, None) => cx.third_party_ids.clone(),
        (LeverKind::Subset, _) => cx.actor_ids.clone(),
        _ => cx.region_ids.clone(),
    };
    let nodes: &[Node] = t.list("values");
    // An empty list (as the resolved scenario writes an absent one) takes the default.
    let written = !nodes.is_empty();
    let mut values: Vec<String> = Vec::new();
    let mut ok = true;
    for (i, n) in nodes.iter().enumerate() {
        let span = n.span.clone().unwrap_or(t.span_of("values"));
        let path = format!("{}[{i}]", t.path_of("values"));
        let Val::Str(s) = &n.val else {
            let d = r.error(span, &path, "expected a word or an id".into());
            *d = d.clone().expected(quoted(&known));
            ok = false;
            continue;
        };
        if !known.contains(s) {
            let d = r.error(
                span,
                &path,
                format!("unknown value \"{s}\" for a lever on `{}`", target.as_str()),
            );
            *d = d.clone().expected(quoted(&known));
            if let Some(m) = crate::did_you_mean(s, known.iter().map(String::as_str)) {
                *d = d.clone().hint(format!("did you mean \"{m}\"?"));
            }
            ok = false;
        } else if values.contains(s) {
            r.error(span, &path, format!("\"{s}\" appears twice"));
            ok = false;
        }
        values.push(s.clone());
    }
    if !written {
        values = match kind {
            LeverKind::Permutation => cx
                .strategy
                .concentration_order
                .iter()
                .map(|&r| cx.region_ids[r.index()].clone())
                .collect(),
            _ => known,
        };
    }
    let least = if kind == LeverKind::Subset { 1 } else { 2 };
    if ok && values.len() < least {
        let d = r.error(
            t.span_of("values"),
            &t.path_of("values"),
            format!(
                "a {} lever on `{}` has {} value(s) to choose from",
                kind.as_str(),
                target.as_str(),
                values.len()
            ),
        );
        *d = d.clone().expected(format!("at least {least} values"));
        ok = false;
    }
    if !ok {
        return None;
    }
    Some(match kind {
        LeverKind::Categorical => LeverDomain::Categorical(values),
        LeverKind::Subset => LeverDomain::Subset(values),
        _ => LeverDomain::Permutation(values),
    })
}

fn quoted(words: &[String]) -> String {
    let q: Vec<String> = words.iter().map(|w| format!("\"{w}\"")).collect();
    format!("one of {}", q.join(", "))
}

/// Levels a lever can choose that the strategy cannot give: `backed` without a third party or
/// backers, `concentrate` without an order.
fn check_feasible(r: &mut Reader<'_>, tables: &[Tbl], levers: &[Lever], cx: &LeverContext<'_>) {
    let has = |target: LeverTarget| levers.iter().any(|l| l.target == target);
    for (l, t) in levers.iter().filter_map(|l| {
        let t = tables.iter().find(|t| t.str("id") == l.id)?;
        Some((l, t))
    }) {
        let LeverDomain::Categorical(values) = &l.domain else {
            continue;
        };
        let problem = match l.target {
            LeverTarget::Proxy
                if values.iter().any(|v| v == "backed")
                    && ((cx.strategy.proxy_third_party.is_none()
                        && !has(LeverTarget::ProxyThirdParty))
                        || (cx.strategy.proxy_backers.is_empty()
                            && !has(LeverTarget::ProxyBackers))) =>
            {
                Some((
                    "the lever may choose proxy = \"backed\", but the strategy has no third party or backers",
                    "add `proxy_third_party` and `proxy_backers` to `[strategy]`, or leave \"backed\" out of `values`",
                ))
            }
            LeverTarget::Destruction
                if values.iter().any(|v| v == "concentrate")
                    && cx.strategy.concentration_order.is_empty()
                    && !has(LeverTarget::ConcentrationOrder) =>
            {
                Some((
                    "the lever may choose destruction = \"concentrate\", but there is no concentration order",
                    "add `concentration_order` to `[strategy]`, or leave \"concentrate\" out of `values`",
                ))
            }
            _ => None,
        };
        if let Some((message, hint)) = problem {
            r.error(t.span_of("values"), &t.path_of("values"), message.into())
                .hint = Some(hint.into());
        }
    }
}

impl crate::Scenario {
    /// The declared levers, in file order.
    pub fn levers(&self) -> &[Lever] {
        &self.levers
    }

    /// The baseline course's levels (the defaults of `factors = { … }` and its regime when it
    /// is written by hand): what a plan keeps for the factors no lever sets.
    pub fn plan_base(&self) -> Levels {
        let baseline = self.coa(self.meta.baseline);
        baseline.factors.clone().unwrap_or(Levels {
            isolation: Isolation::None,
            destruction: Destruction::None,
            regime: baseline.regime,
            proxy: Proxy::None,
            sequence: Sequence::Together,
            extra: Vec::new(),
        })
    }

    /// The course of action of a plan (one value per lever, in the order of
    /// [`Scenario::levers`]), or why the values do not make one.
    pub fn plan_coa(&self, id: &str, values: &[crate::lever::LeverValue]) -> Result<Coa, String> {
        if values.len() != self.levers.len() {
            return Err(format!(
                "plan {id}: {} values for {} levers",
                values.len(),
                self.levers.len()
            ));
        }
        let mut levels = self.plan_base();
        let mut strategy = self.strategy.clone();
        let baseline_order = &self.coa(self.meta.baseline).concentration_order;
        if !baseline_order.is_empty() {
            strategy.concentration_order = baseline_order.clone();
        }
        for (lever, value) in self.levers.iter().zip(values) {
            if !lever.admits(value) {
                return Err(format!(
                    "plan {id}: lever {} cannot take {value:?}",
                    lever.id
                ));
            }
            self.apply(lever, value, &mut levels, &mut strategy);
        }
        let order = strategy.concentration_order.clone();
        crate::strategy_build::check_levels(&strategy, &levels, &order)
            .map_err(|(_, message, hint)| format!("plan {id}: {message} ({hint})"))?;
        let based = crate::strategy_build::based_regions(&self.actors, &self.reinforcements);
        let base = Base {
            actors: &self.actors,
            support_links: &self.support_links,
            based,
        };
        let description = self
            .levers
            .iter()
            .zip(values)
            .map(|(l, v)| format!("{}={}", l.id, l.format(v)))
            .collect::<Vec<_>>()
            .join(", ");
        Ok(Coa {
            id: id.to_string(),
            name: id.to_string(),
            description,
            regime: levels.regime,
            concentration_order: order.clone(),
            phases: generate(&base, &strategy, &levels, &order),
            factors: Some(levels),
        })
    }

    fn apply(
        &self,
        lever: &Lever,
        value: &crate::lever::LeverValue,
        levels: &mut Levels,
        strategy: &mut Strategy,
    ) {
        let word = |c: usize| match &lever.domain {
            LeverDomain::Categorical(v) => v[c].as_str(),
            _ => "",
        };
        let num = match value {
            LeverValue::Real(x) => *x,
            LeverValue::Int(i) => *i as f64,
            _ => 0.0,
        };
        match (lever.target, value) {
            (LeverTarget::Isolation, LeverValue::Choice(c)) => {
                levels.isolation = Isolation::from_word(word(*c)).unwrap_or(levels.isolation)
            }
            (LeverTarget::Destruction, LeverValue::Choice(c)) => {
                levels.destruction = Destruction::from_word(word(*c)).unwrap_or(levels.destruction)
            }
            (LeverTarget::Regime, LeverValue::Choice(c)) => {
                levels.regime = Regime::from_word(word(*c)).unwrap_or(levels.regime)
            }
            (LeverTarget::Proxy, LeverValue::Choice(c)) => {
                levels.proxy = Proxy::from_word(word(*c)).unwrap_or(levels.proxy)
            }
            (LeverTarget::Sequence, LeverValue::Choice(c)) => {
                levels.sequence = Sequence::from_word(word(*c)).unwrap_or(levels.sequence)
            }
            (LeverTarget::ProxyThirdParty, LeverValue::Choice(c)) => {
                strategy.proxy_third_party = self
                    .third_parties
                    .iter()
                    .position(|g| g.id == word(*c))
                    .map(crate::ThirdPartyId::from_index)
            }
            (LeverTarget::ProxyBackers, LeverValue::Subset(m)) => {
                if let LeverDomain::Subset(ids) = &lever.domain {
                    strategy.proxy_backers = ids
                        .iter()
                        .zip(m)
                        .filter(|(_, in_)| **in_)
                        .filter_map(|(id, _)| self.actors.iter().position(|a| &a.id == id))
                        .map(crate::ActorId::from_index)
                        .collect();
                }
            }
            (LeverTarget::ConcentrationOrder, LeverValue::Order(o)) => {
                if let LeverDomain::Permutation(ids) = &lever.domain {
                    strategy.concentration_order = o
                        .iter()
                        .filter_map(|&i| self.regions.iter().position(|r| r.id == ids[i]))
                        .map(crate::RegionId::from_index)
                        .collect();
                }
            }
            (LeverTarget::IsolationEffort, _) => strategy.isolation_effort = num,
            (LeverTarget::ContainmentEffort, _) => strategy.containment_effort = num,
            (LeverTarget::DestroyNoLaterThan, _) => strategy.destroy_no_later_than = num,
            (LeverTarget::DestroyThreshold, _) => {
                if let Some(when) = strategy.destroy_when.as_mut() {
                    when.comparison = match when.comparison {
                        Comparison::Below(_) => Comparison::Below(num),
                        Comparison::Above(_) => Comparison::Above(num),
                    };
                }
            }
            // `admits` checked the value's kind against the lever's.
            (
                LeverTarget::Isolation
                | LeverTarget::Destruction
                | LeverTarget::Regime
                | LeverTarget::Proxy
                | LeverTarget::Sequence
                | LeverTarget::ProxyThirdParty
                | LeverTarget::ProxyBackers
                | LeverTarget::ConcentrationOrder,
                _,
            ) => {}
        }
    }

    /// The scenario with its courses of action replaced by the given plans (the first is the
    /// baseline), as [`Scenario::with_arms`] does for factor levels.
    pub fn with_plans(
        &self,
        plans: &[(String, Vec<LeverValue>)],
    ) -> Result<crate::Scenario, String> {
        if plans.is_empty() {
            return Err("no plans".into());
        }
        let coas = plans
            .iter()
            .map(|(id, values)| self.plan_coa(id, values))
            .collect::<Result<Vec<_>, _>>()?;
        let mut s = self.clone();
        s.coas = coas;
        s.meta.baseline = CoaId::from_index(0);
        s.uncertain.retain(|u| !u.field.starts_with("coa."));
        Ok(s)
    }

    /// Course `coa` as a `[[coa]]` table with explicit phases, which parses back to the same
    /// course (numbers are written in their shortest exact form).
    pub fn coa_toml(&self, coa: CoaId) -> String {
        let c = self.coa(coa);
        let q = |s: &str| toml::Value::String(s.to_string()).to_string();
        let list = |ids: Vec<&str>| {
            let items: Vec<String> = ids.iter().map(|s| q(s)).collect();
            format!("[{}]", items.join(", "))
        };
        let mut out = String::new();
        out.push_str("[[coa]]\n");
        out.push_str(&format!("id = {}\n", q(&c.id)));
        out.push_str(&format!("name = {}\n", q(&c.name)));
        out.push_str(&format!("description = {}\n", q(&c.description)));
        out.push_str(&format!("regime = {}\n", q(c.regime.as_str())));
        if !c.concentration_order.is_empty() {
            let ids = c
                .concentration_order
                .iter()
                .map(|r| self.regions[r.index()].id.as_str())
                .collect();
            out.push_str(&format!("concentration_order = {}\n", list(ids)));
        }
        for p in &c.phases {
            out.push_str("\n[[coa.phase]]\n");
            out.push_str(&format!("id = {}\n", q(&p.id)));
            if let Some(d) = p.start_day {
                out.push_str(&format!("start_day = {}\n", fmt_float(d)));
            }
            if let Some(d) = p.no_later_than {
                out.push_str(&format!("no_later_than = {}\n", fmt_float(d)));
            }
            if let Some(w) = &p.when {
                let region = w
                    .region
                    .map(|r| format!(", region = {}", q(&self.regions[r.index()].id)))
                    .unwrap_or_default();
                let (key, x) = match w.comparison {
                    Comparison::Below(x) => ("below", x),
                    Comparison::Above(x) => ("above", x),
                };
                out.push_str(&format!(
                    "when = {{ metric = {}{region}, {key} = {} }}\n",
                    q(w.metric.as_str()),
                    fmt_float(x)
                ));
            }
            out.push_str("task = [\n");
            for t in &p.tasks {
                let actor = q(&self.actors[t.actor.index()].id);
                let target = match &t.kind {
                    TaskKind::Attack(r) | TaskKind::DisruptSupport(r) => {
                        format!(", region = {}", q(&self.regions[r.index()].id))
                    }
                    TaskKind::Concentrate => String::new(),
                    TaskKind::Interdict(links) if links.is_empty() => String::new(),
                    TaskKind::Interdict(links) => format!(
                        ", links = {}",
                        list(
                            links
                                .iter()
                                .map(|l| self.links[l.index()].id.as_str())
                                .collect()
                        )
                    ),
                    TaskKind::BackProxy(g) => {
                        format!(", third_party = {}", q(&self.third_parties[g.index()].id))
                    }
                };
                out.push_str(&format!(
                    "  {{ actor = {actor}, kind = {}{target}, effort = {} }},\n",
                    q(t.kind.task_type().as_str()),
                    fmt_float(t.effort)
                ));
            }
            out.push_str("]\n");
        }
        out
    }
}

/// A number in its shortest exact form, always with a decimal point or exponent (a TOML float).
fn fmt_float(x: f64) -> String {
    let s = format!("{x:?}");
    if s.contains(['.', 'e', 'E']) || s.contains("inf") || s.contains("NaN") {
        s
    } else {
        format!("{s}.0")
    }
}
