//! One seat's orders for one turn, read from form fields and checked against the seat's means
//! and access.
//!
//! The fields (one form per seat; `ACTOR` is an actor id of the seat):
//!
//! | field | value | order |
//! | --- | --- | --- |
//! | `ACTOR.posture.REGION` | `attack`, `contain` or `withdraw` | the actor's forces based in the region |
//! | `ACTOR.effort.REGION` | 0 to 1 | under `attack`: the share of those forces engaged |
//! | `ACTOR.interdict.LINK` | 0 to 1 | the share of the actor's interdiction capacity on the link |
//! | `ACTOR.disrupt.REGION` | 0 to 1 | the share of its disruption capacity on the region's support networks |
//! | `ACTOR.back.THIRD_PARTY` | 0 to 1 | its backing of the third party |
//! | `joint` | `on` | the seat joins the joint command (absent: it stays out) |
//!
//! An empty number is zero; a region left out keeps the standing order, `contain`. Each
//! actor's interdiction, disruption and backing shares sum to at most 1 (its whole capacity).

use cordon_model::{ActorId, Scenario};
use serde::{Deserialize, Serialize};

use crate::setup::Setup;

/// What an actor's forces do in a region.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Stance {
    /// Engage the given share of the forces based there.
    Attack,
    /// Hold and contain at the scenario's containment effort.
    Contain,
    /// Leave the region: no force engaged.
    Withdraw,
}

impl Stance {
    pub const ALL: [Stance; 3] = [Stance::Attack, Stance::Contain, Stance::Withdraw];

    pub fn as_str(self) -> &'static str {
        match self {
            Stance::Attack => "attack",
            Stance::Contain => "contain",
            Stance::Withdraw => "withdraw",
        }
    }

    fn from_word(word: &str) -> Option<Stance> {
        Stance::ALL.into_iter().find(|x| x.as_str() == word)
    }
}

/// One actor's orders. Ids are the scenario's.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ActorOrders {
    pub actor: String,
    /// (region, stance, effort): the effort is read under `attack` only.
    pub regions: Vec<(String, Stance, f64)>,
    /// (link, share of the interdiction capacity).
    pub interdict: Vec<(String, f64)>,
    /// (region, share of the disruption capacity).
    pub disrupt: Vec<(String, f64)>,
    /// (third party, backing effort).
    pub back: Vec<(String, f64)>,
}

/// One seat's orders for one turn.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Orders {
    /// Whether the seat is in the joint command this turn.
    pub joint: bool,
    pub actors: Vec<ActorOrders>,
}

/// A problem with one field of an order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    pub field: String,
    pub message: String,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.field, self.message)
    }
}

fn problem(field: impl Into<String>, message: impl Into<String>) -> Problem {
    Problem {
        field: field.into(),
        message: message.into(),
    }
}

impl Orders {
    /// The standing orders of a seat: every actor contains where it may act, nothing else,
    /// outside the joint command.
    pub fn standing(s: &Scenario, setup: &Setup, seat: usize) -> Orders {
        Orders {
            joint: false,
            actors: setup
                .actors_of(s, seat)
                .into_iter()
                .map(|a| ActorOrders {
                    actor: s.actor(a).id.clone(),
                    regions: accessible(s, a)
                        .map(|r| (s.regions()[r].id.clone(), Stance::Contain, 0.0))
                        .collect(),
                    ..ActorOrders::default()
                })
                .collect(),
        }
    }

    /// Reads a seat's orders from form fields (name, value) and checks them: every problem at
    /// once, each naming its field.
    pub fn from_fields(
        s: &Scenario,
        setup: &Setup,
        seat: usize,
        fields: &[(String, String)],
    ) -> Result<Orders, Vec<Problem>> {
        let mine = setup.actors_of(s, seat);
        let mut orders = Orders::standing(s, setup, seat);
        let mut problems = Vec::new();
        let mut efforts: Vec<(String, f64)> = Vec::new();
        for (name, value) in fields {
            apply_field(
                s,
                &mine,
                &mut orders,
                &mut efforts,
                &mut problems,
                name,
                value,
            );
        }
        apply_efforts(&mut orders, efforts);
        problems.extend(orders.check(s, setup, seat));
        if problems.is_empty() {
            Ok(orders)
        } else {
            Err(problems)
        }
    }

    /// Checks orders against the seat's means and access; the problems name the form field
    /// each one comes from.
    pub fn check(&self, s: &Scenario, setup: &Setup, seat: usize) -> Vec<Problem> {
        let mine = setup.actors_of(s, seat);
        let mut out = Vec::new();
        for o in &self.actors {
            let Some(a) = s.actor_by_id(&o.actor).filter(|a| mine.contains(a)) else {
                out.push(problem(
                    &o.actor,
                    format!("`{}` is not an actor of this seat", o.actor),
                ));
                continue;
            };
            check_postures(&mut out, s, a, o);
            check_interdiction(&mut out, s, a, o);
            check_disruption(&mut out, s, a, o);
            check_backing(&mut out, s, a, o);
        }
        out
    }
}

/// A number of a form field (empty: 0); `None`, with a problem, when it is not one.
fn number(field: &str, value: &str, problems: &mut Vec<Problem>) -> Option<f64> {
    let value = value.trim();
    if value.is_empty() {
        return Some(0.0);
    }
    match value.parse::<f64>() {
        Ok(x) if x.is_finite() => Some(x),
        _ => {
            problems.push(problem(field, format!("`{value}` is not a number")));
            None
        }
    }
}

/// Applies one form field to `orders`; attack efforts go to `efforts` (`actor.region`, effort),
/// to be applied once every posture is known.
fn apply_field(
    s: &Scenario,
    mine: &[ActorId],
    orders: &mut Orders,
    efforts: &mut Vec<(String, f64)>,
    problems: &mut Vec<Problem>,
    name: &str,
    value: &str,
) {
    if name == "joint" {
        match value {
            "on" | "true" | "yes" => orders.joint = true,
            "" | "off" | "false" | "no" => orders.joint = false,
            other => problems.push(problem(
                name,
                format!("`{other}` is not a choice: `on` or `off`"),
            )),
        }
        return;
    }
    // Fields the page adds for itself (the anti-forgery token, the turn).
    if name.starts_with('_') {
        return;
    }
    let mut parts = name.splitn(3, '.');
    let (Some(actor), Some(what), Some(target)) = (parts.next(), parts.next(), parts.next()) else {
        problems.push(problem(
            name,
            "not an order field (ACTOR.posture|effort|interdict|disrupt|back.TARGET)",
        ));
        return;
    };
    if s.actor_by_id(actor).filter(|a| mine.contains(a)).is_none() {
        let hint = cordon_model::did_you_mean(actor, mine.iter().map(|a| s.actor(*a).id.as_str()))
            .map(|x| format!(" (did you mean `{x}`?)"))
            .unwrap_or_default();
        problems.push(problem(
            name,
            format!("`{actor}` is not an actor of this seat{hint}"),
        ));
        return;
    }
    let entry = orders
        .actors
        .iter_mut()
        .find(|x| x.actor == actor)
        .expect("the standing orders list every actor of the seat");
    match what {
        "posture" => {
            let Some(stance) = Stance::from_word(value.trim()) else {
                problems.push(problem(
                    name,
                    format!("`{value}` is not a posture: attack, contain or withdraw"),
                ));
                return;
            };
            match entry.regions.iter_mut().find(|(r, _, _)| r == target) {
                Some(slot) => slot.1 = stance,
                None => entry.regions.push((target.to_string(), stance, 0.0)),
            }
        }
        "effort" => {
            if let Some(x) = number(name, value, problems) {
                efforts.push((format!("{actor}.{target}"), x));
            }
        }
        "interdict" | "disrupt" | "back" => {
            if let Some(x) = number(name, value, problems)
                && x != 0.0
            {
                let list = match what {
                    "interdict" => &mut entry.interdict,
                    "disrupt" => &mut entry.disrupt,
                    _ => &mut entry.back,
                };
                list.push((target.to_string(), x));
            }
        }
        other => problems.push(problem(
            name,
            format!("`{other}` is not an order: posture, effort, interdict, disrupt or back"),
        )),
    }
}

/// Applies the attack efforts read from the form, once every posture is known.
fn apply_efforts(orders: &mut Orders, efforts: Vec<(String, f64)>) {
    for (key, x) in efforts {
        let (actor, region) = key.split_once('.').expect("actor.region");
        let entry = orders
            .actors
            .iter_mut()
            .find(|o| o.actor == actor)
            .expect("checked above");
        match entry.regions.iter_mut().find(|(r, _, _)| r == region) {
            Some(slot) => slot.2 = x,
            None => entry.regions.push((region.to_string(), Stance::Contain, x)),
        }
    }
}

/// Checks an actor's postures and attack efforts.
fn check_postures(out: &mut Vec<Problem>, s: &Scenario, a: ActorId, o: &ActorOrders) {
    let actor = s.actor(a);
    let id = &actor.id;
    for (region, stance, effort) in &o.regions {
        let field = format!("{id}.posture.{region}");
        let Some(r) = s.region_by_id(region) else {
            out.push(unknown(
                &field,
                "region",
                region,
                s.regions().iter().map(|r| r.id.as_str()),
            ));
            continue;
        };
        if !actor.access[r.index()] && *stance != Stance::Withdraw {
            out.push(problem(
                field,
                format!(
                    "{} has no access to {}: it can only withdraw",
                    actor.name,
                    s.region(r).name
                ),
            ));
            continue;
        }
        if *stance == Stance::Attack {
            range(out, format!("{id}.effort.{region}"), *effort);
        }
    }
}

/// Checks an actor's interdiction shares.
fn check_interdiction(out: &mut Vec<Problem>, s: &Scenario, a: ActorId, o: &ActorOrders) {
    let actor = s.actor(a);
    let id = &actor.id;
    let mut total = 0.0;
    for (link, x) in &o.interdict {
        let field = format!("{id}.interdict.{link}");
        let Some(l) = s.link_by_id(link) else {
            out.push(unknown(
                &field,
                "link",
                link,
                s.links().iter().map(|l| l.id.as_str()),
            ));
            continue;
        };
        if actor.interdiction_capacity <= 0.0 {
            out.push(problem(
                field,
                format!("{} has no interdiction capacity", actor.name),
            ));
            continue;
        }
        if !s.link(l).jurisdiction.contains(&a) {
            out.push(problem(
                field,
                format!("link `{link}` is outside {}'s jurisdiction", actor.name),
            ));
            continue;
        }
        if range(out, field, *x) {
            total += x;
        }
    }
    beyond(out, format!("{id}.interdict"), "interdiction", total);
}

/// Checks an actor's support-disruption shares.
fn check_disruption(out: &mut Vec<Problem>, s: &Scenario, a: ActorId, o: &ActorOrders) {
    let actor = s.actor(a);
    let id = &actor.id;
    let mut total = 0.0;
    for (region, x) in &o.disrupt {
        let field = format!("{id}.disrupt.{region}");
        let Some(r) = s.region_by_id(region) else {
            out.push(unknown(
                &field,
                "region",
                region,
                s.regions().iter().map(|r| r.id.as_str()),
            ));
            continue;
        };
        if actor.disruption_capacity <= 0.0 {
            out.push(problem(
                field,
                format!("{} has no disruption capacity", actor.name),
            ));
            continue;
        }
        if !disruptable(s, a).any(|k| k == r.index()) {
            out.push(problem(
                field,
                format!(
                    "no support network of {} is in {}'s jurisdiction",
                    s.region(r).name,
                    actor.name
                ),
            ));
            continue;
        }
        if range(out, field, *x) {
            total += x;
        }
    }
    beyond(out, format!("{id}.disrupt"), "disruption", total);
}

/// Checks an actor's backing of third parties.
fn check_backing(out: &mut Vec<Problem>, s: &Scenario, a: ActorId, o: &ActorOrders) {
    let actor = s.actor(a);
    let id = &actor.id;
    let mut total = 0.0;
    for (third, x) in &o.back {
        let field = format!("{id}.back.{third}");
        let Some(g) = s.third_party_by_id(third) else {
            out.push(unknown(
                &field,
                "third party",
                third,
                s.third_parties().iter().map(|g| g.id.as_str()),
            ));
            continue;
        };
        let tp = &s.third_parties()[g.index()];
        if !actor.access[tp.region.index()] {
            out.push(problem(
                field,
                format!(
                    "{} has no access to {}, where {} fights",
                    actor.name,
                    s.region(tp.region).name,
                    tp.name
                ),
            ));
            continue;
        }
        if range(out, field, *x) {
            total += x;
        }
    }
    beyond(out, format!("{id}.back"), "backing", total);
}

/// Regions actor `a` may act in.
pub(crate) fn accessible(s: &Scenario, a: ActorId) -> impl Iterator<Item = usize> + '_ {
    let access = &s.actor(a).access;
    (0..access.len()).filter(move |&r| access[r])
}

/// Regions with a support network in actor `a`'s jurisdiction, in order, once each.
pub fn disruptable(s: &Scenario, a: ActorId) -> impl Iterator<Item = usize> + '_ {
    (0..s.regions().len()).filter(move |&r| {
        s.support_links()
            .iter()
            .any(|k| k.region.index() == r && k.jurisdiction.contains(&a))
    })
}

fn unknown<'a>(
    field: &str,
    what: &str,
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Problem {
    let hint = cordon_model::did_you_mean(word, candidates)
        .map(|x| format!(" (did you mean `{x}`?)"))
        .unwrap_or_default();
    problem(field, format!("the scenario has no {what} `{word}`{hint}"))
}

/// A share must be from 0 to 1; returns whether it is.
fn range(out: &mut Vec<Problem>, field: String, x: f64) -> bool {
    if (0.0..=1.0).contains(&x) {
        true
    } else {
        out.push(problem(field, format!("{x} is out of range: 0 to 1")));
        false
    }
}

fn beyond(out: &mut Vec<Problem>, field: String, what: &str, total: f64) {
    if total > 1.0 + 1e-9 {
        out.push(problem(
            field,
            format!(
                "the {what} shares sum to {}, beyond the whole capacity (1)",
                (total * 1000.0).round() / 1000.0
            ),
        ));
    }
}
