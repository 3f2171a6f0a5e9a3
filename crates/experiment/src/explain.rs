//! Why one campaign of a course of action did what it did, told from its events: the verdict
//! first, then the phases (when each started, or which trigger never fired), the links cut,
//! where the adversary's forces went, third parties turning and the leadership's losses.
//! `cordon explain` prints it; the sentences are built here so that any front end can.

use std::collections::BTreeMap;

use cordon_engine::{EngineError, Event, EventKind, EventLog, Mode, Outcome, StreamKey};
use cordon_model::{CoaId, Comparison, Condition, RegionId, Scenario};

use crate::format::num;

/// One section of an explanation: a title and its sentences.
#[derive(Clone, Debug, PartialEq)]
pub struct Section {
    pub title: &'static str,
    pub sentences: Vec<String>,
}

/// The story of one campaign: a verdict, then the sections that explain it.
#[derive(Clone, Debug, PartialEq)]
pub struct Explanation {
    /// What the course achieved, in one or two sentences.
    pub verdict: String,
    pub sections: Vec<Section>,
}

/// Runs one campaign of `coa` and explains it from its events.
pub fn explain(
    s: &Scenario,
    coa: CoaId,
    mode: Mode,
    key: StreamKey,
) -> Result<Explanation, EngineError> {
    let mut log = EventLog::default();
    let outcome = cordon_engine::run(s, coa, mode, key, &mut log)?;
    Ok(Explanation {
        verdict: format!(
            "{} {}",
            verdict(s, coa, &outcome),
            why(s, coa, &log.events, &outcome)
        ),
        sections: vec![
            Section {
                title: "Phases",
                sentences: phases(s, coa, &log.events),
            },
            Section {
                title: "Links",
                sentences: links(s, &log.events, &outcome),
            },
            Section {
                title: "Adversary forces",
                sentences: forces(s, &log.events, &outcome),
            },
            Section {
                title: "Third parties",
                sentences: third_parties(s, &log.events, &outcome),
            },
            Section {
                title: "Leadership",
                sentences: leadership(&log.events, &outcome),
            },
        ],
    })
}

fn region(s: &Scenario, r: RegionId) -> &str {
    &s.region(r).id
}

fn day(d: f64) -> String {
    format!("day {}", num(d, 0))
}

/// `a`, `a and b`, `a, b and c`; past `max` items, the first ones and "N more".
fn list(items: &[String], max: usize) -> String {
    let (shown, more) = if items.len() > max {
        (&items[..max], items.len() - max)
    } else {
        (items, 0)
    };
    let mut parts: Vec<String> = shown.to_vec();
    if more > 0 {
        parts.push(format!("{more} more"));
    }
    match parts.len() {
        0 => String::new(),
        1 => parts[0].clone(),
        n => format!("{} and {}", parts[..n - 1].join(", "), parts[n - 1]),
    }
}

fn verdict(s: &Scenario, coa: CoaId, o: &Outcome) -> String {
    let c = s.coa(coa);
    let initial: f64 = s.branches().iter().map(|b| b.fighters).sum();
    let n = s.regions().len();
    let defeated = o.defeat_day.iter().filter(|d| d.is_some()).count();
    let head = match o.decisive_defeat_day {
        Some(d) => format!(
            "{} ({}) decisively defeats the adversary by {}",
            c.id,
            c.regime,
            day(d)
        ),
        None => format!(
            "{} ({}) does not defeat the adversary by the horizon ({})",
            c.id,
            c.regime,
            day(s.meta().horizon_days)
        ),
    };
    format!(
        "{head}: {} fighters are left of {} ({}%); {defeated} of {n} regions fell at some point; coalition losses {}, civilian casualties {}.",
        num(o.total_fighters, 0),
        num(initial, 0),
        num(100.0 * o.total_fighters / initial.max(1.0), 1),
        num(o.coalition_losses, 0),
        num(o.civilian_casualties, 0),
    )
}

/// The mechanism in one sentence: phases that never started, links cut and what that did to
/// escapes and branches, third parties turning, the leader's losses.
fn why(s: &Scenario, coa: CoaId, events: &[Event], o: &Outcome) -> String {
    let mut clauses = Vec::new();
    for (i, phase) in s.coa(coa).phases.iter().enumerate() {
        let started = events
            .iter()
            .any(|e| matches!(e.kind, EventKind::PhaseStarted { phase: p, .. } if p == i));
        if !started {
            clauses.push(format!(
                "phase {} ({}) never started, its trigger not met",
                i + 1,
                phase.id
            ));
        }
    }
    let cuts: Vec<f64> = events
        .iter()
        .filter(|e| matches!(e.kind, EventKind::LinkSevered { .. }))
        .map(|e| e.day)
        .collect();
    let core = region(s, s.meta().core_region);
    let trapped = first_per_region(s, events, |k| match k {
        EventKind::Trapped { region, .. } => Some(region),
        _ => None,
    })
    .len();
    let escaped = num(o.escaped_from_core, 0);
    if cuts.is_empty() {
        clauses.push(format!(
            "no link was cut, so fighters could move: {escaped} escaped from {core}"
        ));
    } else {
        let first = cuts.iter().copied().fold(f64::INFINITY, f64::min);
        clauses.push(format!(
            "links were cut from {} ({} still cut at the horizon), {escaped} fighters escaped from {core} and {trapped} of {} branches were trapped",
            day(first),
            o.links_severed,
            s.branches().len()
        ));
    }
    for e in events {
        if let EventKind::ThirdPartyHostile { third_party, .. } = e.kind {
            clauses.push(format!(
                "{} turned on the coalition on {}",
                s.third_parties()[third_party.index()].id,
                day(e.day)
            ));
        }
    }
    let killed = events
        .iter()
        .filter(|e| matches!(e.kind, EventKind::LeaderKilled { .. }))
        .count();
    if killed > 0 {
        clauses.push(format!(
            "the leader was killed {}",
            if killed == 1 {
                "once".to_string()
            } else {
                format!("{killed} times")
            }
        ));
    }
    let mut text = format!("Why: {}.", clauses.join("; "));
    if let Some(c) = text.get(5..6) {
        let upper = c.to_uppercase();
        text.replace_range(5..6, &upper);
    }
    text
}

fn condition(s: &Scenario, c: &Condition) -> String {
    let what = match c.region {
        Some(r) => format!("{} in {}", c.metric, region(s, r)),
        None => c.metric.to_string(),
    };
    match c.comparison {
        Comparison::Below(x) => format!("{what} below {}", crate::format::exact(x)),
        Comparison::Above(x) => format!("{what} above {}", crate::format::exact(x)),
    }
}

fn phases(s: &Scenario, coa: CoaId, events: &[Event]) -> Vec<String> {
    let c = s.coa(coa);
    let mut out = Vec::new();
    for (i, phase) in c.phases.iter().enumerate() {
        let started: Vec<&Event> = events
            .iter()
            .filter(|e| matches!(e.kind, EventKind::PhaseStarted { phase: p, .. } if p == i))
            .collect();
        let trigger = match (&phase.when, phase.start_day, phase.no_later_than) {
            (Some(w), _, Some(late)) => {
                format!(
                    "trigger: {}, or {} at the latest",
                    condition(s, w),
                    day(late)
                )
            }
            (Some(w), _, None) => format!("trigger: {}", condition(s, w)),
            (None, Some(d), _) => format!("set for {}", day(d)),
            (None, None, _) => "from the start".to_string(),
        };
        let name = format!("Phase {} ({})", i + 1, phase.id);
        if started.is_empty() {
            let why = match (&phase.when, phase.start_day) {
                (Some(_), _) => format!(
                    "its {} was not met by the horizon",
                    trigger.replacen("trigger: ", "trigger (", 1) + ")"
                ),
                (None, Some(d)) => format!("it was set for {}, after the horizon", day(d)),
                (None, None) => "the course ended first".to_string(),
            };
            out.push(format!("{name} never started: {why}."));
            continue;
        }
        let whole = started
            .iter()
            .find(|e| matches!(e.kind, EventKind::PhaseStarted { actor: None, .. }));
        match whole {
            Some(e) => out.push(format!("{name} started on {} ({trigger}).", day(e.day))),
            None => {
                let each: Vec<String> = started
                    .iter()
                    .filter_map(|e| match e.kind {
                        EventKind::PhaseStarted { actor: Some(a), .. } => {
                            Some(format!("{} on {}", s.actor(a).id, day(e.day)))
                        }
                        _ => None,
                    })
                    .collect();
                out.push(format!(
                    "{name} started actor by actor: {} ({trigger}).",
                    list(&each, 6)
                ));
            }
        }
    }
    let shifts: Vec<String> = events
        .iter()
        .filter_map(|e| match e.kind {
            EventKind::ConcentrationShifted { region: r } => {
                Some(format!("{} ({})", region(s, r), day(e.day)))
            }
            _ => None,
        })
        .collect();
    if !shifts.is_empty() {
        out.push(format!(
            "The coalition concentrated on {}.",
            list(&shifts, 8)
        ));
    }
    out
}

fn links(s: &Scenario, events: &[Event], o: &Outcome) -> Vec<String> {
    // Severed links, grouped by the day they were first cut.
    let mut by_day: BTreeMap<u64, Vec<String>> = BTreeMap::new();
    let mut seen = vec![false; s.links().len()];
    let mut restored = 0;
    for e in events {
        match e.kind {
            EventKind::LinkSevered { link } if !seen[link.index()] => {
                seen[link.index()] = true;
                by_day
                    .entry(e.day.round() as u64)
                    .or_default()
                    .push(s.link(link).id.clone());
            }
            EventKind::LinkRestored { .. } => restored += 1,
            _ => {}
        }
    }
    let total = s.links().len();
    if by_day.is_empty() {
        return vec![format!("No link of {total} was cut.")];
    }
    let cut: usize = by_day.values().map(Vec::len).sum();
    let mut out = vec![format!(
        "{cut} of {total} {} cut; {} still cut at the horizon{}.",
        if total == 1 { "link was" } else { "links were" },
        o.links_severed,
        if restored > 0 {
            format!(" ({restored} repairs by the adversary)")
        } else {
            String::new()
        }
    )];
    for (d, ids) in by_day.iter().take(4) {
        out.push(format!("{}: {}.", day(*d as f64), list(ids, 4)));
    }
    if by_day.len() > 4 {
        out.push(format!("… and on {} more days.", by_day.len() - 4));
    }
    out
}

fn forces(s: &Scenario, events: &[Event], o: &Outcome) -> Vec<String> {
    let mut out = Vec::new();
    // Relocations: fighters that set out, by route (from → to), with those caught.
    let mut routes: BTreeMap<(usize, usize), (f64, f64, f64)> = BTreeMap::new();
    for e in events {
        if let EventKind::Departed {
            from,
            to,
            fighters,
            caught,
            ..
        } = e.kind
        {
            let r = routes
                .entry((from.index(), to.index()))
                .or_insert((0.0, 0.0, e.day));
            r.0 += fighters;
            r.1 += caught;
        }
    }
    let mut moves: Vec<_> = routes.into_iter().collect();
    moves.sort_by(|a, b| b.1.0.total_cmp(&a.1.0));
    if moves.is_empty() {
        out.push("No fighters relocated between regions.".to_string());
    } else {
        let shown: Vec<String> = moves
            .iter()
            .map(|((from, to), (n, caught, first))| {
                format!(
                    "{} from {} to {} (from {}, {} caught in transit)",
                    num(*n, 0),
                    s.regions()[*from].id,
                    s.regions()[*to].id,
                    day(*first),
                    num(*caught, 0)
                )
            })
            .collect();
        out.push(format!("Fighters relocated: {}.", list(&shown, 4)));
    }
    let core = s.meta().core_region;
    out.push(format!(
        "{} fighters escaped from the core region, {}, and {} were caught in transit.",
        num(o.escaped_from_core, 0),
        region(s, core),
        num(o.caught_in_transit, 0)
    ));
    let trapped: Vec<String> = first_per_region(s, events, |k| match k {
        EventKind::Trapped { region, .. } => Some(region),
        _ => None,
    });
    if !trapped.is_empty() {
        out.push(format!(
            "Trapped with every route out cut: {}.",
            list(&trapped, 6)
        ));
    }
    let fell: Vec<String> = first_per_region(s, events, |k| match k {
        EventKind::RegionDefeated { region } => Some(region),
        _ => None,
    });
    if !fell.is_empty() {
        out.push(format!("Decisively defeated: {}.", list(&fell, 6)));
    }
    let resurged: Vec<String> = first_per_region(s, events, |k| match k {
        EventKind::Resurgence { region } => Some(region),
        _ => None,
    });
    if !resurged.is_empty() {
        out.push(format!("Resurged: {}.", list(&resurged, 6)));
    }
    out
}

/// `region (day d)` for the first event of each region that `pick` selects, in event order.
fn first_per_region(
    s: &Scenario,
    events: &[Event],
    pick: impl Fn(EventKind) -> Option<RegionId>,
) -> Vec<String> {
    let mut seen = vec![false; s.regions().len()];
    let mut out = Vec::new();
    for e in events {
        if let Some(r) = pick(e.kind)
            && !seen[r.index()]
        {
            seen[r.index()] = true;
            out.push(format!("{} ({})", region(s, r), day(e.day)));
        }
    }
    out
}

fn third_parties(s: &Scenario, events: &[Event], o: &Outcome) -> Vec<String> {
    if s.third_parties().is_empty() {
        return vec!["The scenario has no third party.".to_string()];
    }
    s.third_parties()
        .iter()
        .enumerate()
        .map(|(g, t)| {
            let turned = events.iter().find(|e| {
                matches!(e.kind, EventKind::ThirdPartyHostile { third_party, .. } if third_party.index() == g)
            });
            let destroyed = events.iter().find(|e| {
                matches!(e.kind, EventKind::ThirdPartyDestroyed { third_party } if third_party.index() == g)
            });
            let end = num(o.third_party_fighters[g], 0);
            match (turned, destroyed) {
                (_, Some(e)) => format!("{} was destroyed on {}.", t.id, day(e.day)),
                (Some(e), None) => format!(
                    "{} turned on the coalition on {} (it grew past {} times its initial strength with its enemy beaten); {end} fighters at the horizon.",
                    t.id,
                    day(e.day),
                    crate::format::exact(t.hostile_above_ratio)
                ),
                (None, None) => format!(
                    "{} did not turn on the coalition: {end} fighters at the horizon, its threshold is {} times its initial {}.",
                    t.id,
                    crate::format::exact(t.hostile_above_ratio),
                    num(t.fighters, 0)
                ),
            }
        })
        .collect()
}

fn leadership(events: &[Event], o: &Outcome) -> Vec<String> {
    let killed: Vec<String> = events
        .iter()
        .filter(|e| matches!(e.kind, EventKind::LeaderKilled { .. }))
        .map(|e| day(e.day))
        .collect();
    let successions = events
        .iter()
        .filter(|e| matches!(e.kind, EventKind::SuccessionComplete))
        .count();
    let strength = num(o.leadership_strength, 2);
    if killed.is_empty() {
        return vec![format!(
            "The leader survived; command strength at the horizon {strength}."
        )];
    }
    vec![format!(
        "The leader was killed {} ({}); successors restored command {successions} {}; command strength at the horizon {strength}.",
        if killed.len() == 1 {
            "once".to_string()
        } else {
            format!("{} times", killed.len())
        },
        list(&killed, 5),
        if successions == 1 { "time" } else { "times" }
    )]
}
