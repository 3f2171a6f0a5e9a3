//! Events as JSON objects (`events.jsonl` of `cordon simulate`, the Python package's events
//! table): one shape wherever events leave the engine.

use cordon_engine::{Event, EventKind};
use cordon_model::Scenario;

/// An event as a JSON object: day, kind, cause, a sentence, and the ids involved.
pub fn event_json(s: &Scenario, e: &Event) -> serde_json::Value {
    use serde_json::json;
    let region = |r: cordon_model::RegionId| s.region(r).id.clone();
    let link = |l: cordon_model::LinkId| s.link(l).id.clone();
    let mut v = json!({
        "day": e.day,
        "kind": e.kind.name(),
        "cause": e.cause(),
        "text": e.describe(s),
    });
    let extra = match e.kind {
        EventKind::PhaseStarted { phase, actor } => {
            json!({"phase": phase + 1, "actor": actor.map(|a| s.actor(a).id.clone())})
        }
        EventKind::PhaseNeverStarted { phase } => json!({"phase": phase + 1}),
        EventKind::LinkSevered { link: l } | EventKind::LinkRestored { link: l } => {
            json!({"link": link(l)})
        }
        EventKind::PostureChanged {
            region: r,
            posture,
            threat_per_day,
        } => {
            json!({"region": region(r), "posture": posture.as_str(), "threat_per_day": threat_per_day})
        }
        EventKind::Trapped {
            region: r,
            threat_per_day,
        } => json!({"region": region(r), "threat_per_day": threat_per_day}),
        EventKind::Departed {
            link: l,
            from,
            to,
            fighters,
            caught,
        } => {
            json!({"link": link(l), "from": region(from), "to": region(to), "fighters": fighters, "caught": caught})
        }
        EventKind::Arrived {
            region: r,
            fighters,
        } => json!({"region": region(r), "fighters": fighters}),
        EventKind::LeaderMoved { from, to } => json!({"from": region(from), "to": region(to)}),
        EventKind::LeaderArrived { region: r } => json!({"region": region(r)}),
        EventKind::LeaderKilled {
            region: r,
            in_transit,
        } => json!({"region": r.map(region), "in_transit": in_transit}),
        EventKind::SuccessionComplete => json!({}),
        EventKind::RegionDefeated { region: r }
        | EventKind::Resurgence { region: r }
        | EventKind::ConcentrationShifted { region: r } => {
            json!({"region": region(r)})
        }
        EventKind::ThirdPartyHostile {
            third_party: g,
            fighters,
        } => json!({"third_party": s.third_parties()[g.index()].id, "fighters": fighters}),
        EventKind::ThirdPartyDestroyed { third_party: g } => {
            json!({"third_party": s.third_parties()[g.index()].id})
        }
    };
    if let (Some(obj), serde_json::Value::Object(more)) = (v.as_object_mut(), extra) {
        obj.extend(more);
    }
    v
}
