//! `cordon simulate [FILE] --coa ID`: one campaign, told as a story and written to files.

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use anyhow::Context as _;
use cordon_engine::{Event, EventKind, Mode, Observer, StreamKey, World};
use cordon_model::{CoaId, Scenario};

use super::{create_out_dir, load_scenario};
use crate::exit::bad_input;
use crate::table::{Table, num};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Scenario file (TOML). Default: the embedded scenario levant-2017.
    pub file: Option<PathBuf>,
    /// Course of action to run (default: the first in the file).
    #[arg(long)]
    pub coa: Option<String>,
    /// Seed of the random streams (default: the scenario's `seed`).
    #[arg(long)]
    pub seed: Option<u64>,
    /// Replication number: which random stream of the seed to use.
    #[arg(long, default_value_t = 0)]
    pub replication: u64,
    /// Run the deterministic mean-field dynamics instead of a stochastic replication.
    #[arg(long)]
    pub mean_field: bool,
    /// Output directory for trajectory.csv, links.csv, events.jsonl and scenario.toml
    /// (default: out/simulate-COA).
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// How many events to print (all are written to events.jsonl).
    #[arg(long, default_value_t = 40)]
    pub events: usize,
}

/// Resolves a course-of-action id, with a did-you-mean hint.
pub fn resolve_coa(s: &Scenario, id: Option<&str>) -> anyhow::Result<CoaId> {
    let Some(id) = id else {
        return Ok(CoaId::from_index(0));
    };
    s.coa_by_id(id).ok_or_else(|| {
        let ids = s.coa_ids();
        let hint = cordon_model::did_you_mean(id, ids.iter().copied())
            .map(|h| format!(" (did you mean \"{h}\"?)"))
            .unwrap_or_default();
        bad_input(format!(
            "error: unknown course of action \"{id}\"{hint}; the scenario has: {}",
            ids.join(", ")
        ))
    })
}

/// Keeps the trajectory rows and the events of one campaign.
struct Recorder<'s> {
    s: &'s Scenario,
    trajectory: String,
    links: String,
    events: Vec<Event>,
    /// The state at the horizon.
    last: Option<World>,
}

impl<'s> Recorder<'s> {
    fn new(s: &'s Scenario) -> Recorder<'s> {
        Recorder {
            s,
            trajectory: String::from(
                "step,day,region,fighters,posture,support_base,finance_musd,territory_km2,population,coalition_engaged,coalition_losses,civilian_casualties,recruits,fighters_killed,support_integrity,arrived,arrived_from_core,defeated,leadership_strength\n",
            ),
            links: String::from("step,day,link,kind,integrity,severed,in_transit,caught\n"),
            events: Vec::new(),
            last: None,
        }
    }
}

impl Observer for Recorder<'_> {
    fn on_state(&mut self, w: &World) {
        self.keep(w);
        let s = self.s;
        let lay = &w.layout;
        let leadership = w.leadership_strength(s);
        for (r, region) in s.regions().iter().enumerate() {
            let support: Vec<f64> = s
                .support_links()
                .iter()
                .enumerate()
                .filter(|(_, k)| k.region.index() == r)
                .map(|(k, _)| w.u[lay.support_integrity(k)])
                .collect();
            let support = if support.is_empty() {
                1.0
            } else {
                support.iter().sum::<f64>() / support.len() as f64
            };
            let _ = writeln!(
                self.trajectory,
                "{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{}",
                w.step,
                w.day,
                region.id,
                w.fighters(r),
                w.posture[r].as_str(),
                w.u[lay.support_base(r)],
                w.u[lay.finance(r)],
                w.territory(s, r),
                w.population(s, r),
                w.engaged_in(r),
                w.coalition_losses_in(r),
                w.u[lay.civilians(r)],
                w.u[lay.recruits(r)],
                w.u[lay.kills(r)],
                support,
                w.arrived[r],
                w.arrived_from_core[r],
                u8::from(w.defeated_now[r]),
                leadership,
            );
        }
        for (l, link) in s.links().iter().enumerate() {
            let _ = writeln!(
                self.links,
                "{},{},{},{},{},{},{},{}",
                w.step,
                w.day,
                link.id,
                link.kind.as_str(),
                w.integrity(l),
                u8::from(w.severed[l]),
                w.transit[2 * l].in_transit() + w.transit[2 * l + 1].in_transit(),
                w.caught[l]
            );
        }
    }

    fn on_event(&mut self, event: &Event) {
        self.events.push(*event);
    }
}

impl Recorder<'_> {
    fn keep(&mut self, w: &World) {
        match &mut self.last {
            Some(last) => last.clone_from(w),
            None => self.last = Some(w.clone()),
        }
    }
}

pub fn run(args: Args) -> anyhow::Result<()> {
    let s = load_scenario(args.file.as_deref())?;
    let coa = resolve_coa(&s, args.coa.as_deref())?;
    let mode = if args.mean_field {
        Mode::MeanField
    } else {
        Mode::Stochastic
    };
    let key = StreamKey::new(args.seed.unwrap_or(s.meta().seed), args.replication);
    let mut rec = Recorder::new(&s);
    let outcome =
        cordon_engine::run(&s, coa, mode, key, &mut rec).map_err(|e| anyhow::anyhow!("{e}"))?;

    let coa_def = s.coa(coa);
    let out_dir = args
        .out
        .clone()
        .unwrap_or_else(|| PathBuf::from(format!("out/simulate-{}", coa_def.id)));
    create_out_dir(&out_dir)?;
    write(&out_dir.join("trajectory.csv"), &rec.trajectory)?;
    write(&out_dir.join("links.csv"), &rec.links)?;
    write(&out_dir.join("scenario.toml"), &s.resolved_toml())?;
    let mut jsonl = String::new();
    for e in &rec.events {
        jsonl.push_str(&serde_json::to_string(&event_json(&s, e))?);
        jsonl.push('\n');
    }
    write(&out_dir.join("events.jsonl"), &jsonl)?;

    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} — {} ({}, {}), {} days, {}\n",
        s.meta().name,
        coa_def.name,
        coa_def.id,
        coa_def.regime.as_str(),
        s.meta().horizon_days,
        if args.mean_field {
            "mean-field".to_string()
        } else {
            format!("stochastic, stream {key}")
        }
    );
    let mut t = Table::new(&[
        "region",
        "fighters day 0",
        "at horizon",
        "decisive defeat",
        "arrived",
        "coalition losses",
        "civilian casualties",
        "territory held km²",
    ]);
    let last = rec
        .last
        .as_ref()
        .expect("a campaign reports at least its initial state");
    for (r, region) in s.regions().iter().enumerate() {
        let y0 = region.branch.map_or(0.0, |b| s.branch(b).fighters);
        t.row(vec![
            region.id.clone(),
            num(y0, 0),
            num(outcome.fighters[r], 0),
            outcome.defeat_day[r].map_or("-".into(), |d| format!("day {d:.0}")),
            num(last.arrived[r], 0),
            num(last.coalition_losses_in(r), 0),
            num(last.u[last.layout.civilians(r)], 0),
            num(last.territory(&s, r), 0),
        ]);
    }
    let _ = writeln!(out, "{}", t.render());
    let _ = writeln!(
        out,
        "Total fighters {} (day 0: {}); escaped from {} {}; caught in transit {}; coalition losses {}; civilian casualties {}; territory freed {} km²; population freed {}; links severed at the horizon {}/{}; leadership strength {:.2}",
        num(outcome.total_fighters, 0),
        num(s.branches().iter().map(|b| b.fighters).sum(), 0),
        s.region(s.meta().core_region).id,
        num(outcome.escaped_from_core, 0),
        num(outcome.caught_in_transit, 0),
        num(outcome.coalition_losses, 0),
        num(outcome.civilian_casualties, 0),
        num(outcome.territory_freed_km2, 0),
        num(outcome.population_freed, 0),
        outcome.links_severed,
        s.links().len(),
        outcome.leadership_strength,
    );
    for (g, tp) in s.third_parties().iter().enumerate() {
        let _ = writeln!(
            out,
            "{}: {} fighters (day 0: {}), {}",
            tp.id,
            num(outcome.third_party_fighters[g], 0),
            num(tp.fighters, 0),
            if outcome.third_party_hostile[g] {
                "hostile to the coalition"
            } else {
                "not hostile"
            }
        );
    }
    let story: Vec<&Event> = rec
        .events
        .iter()
        .filter(|e| {
            !matches!(
                e.kind,
                EventKind::Departed { .. } | EventKind::Arrived { .. }
            )
        })
        .collect();
    let _ = writeln!(
        out,
        "\nEvents ({} in events.jsonl; departures and arrivals there only):",
        rec.events.len()
    );
    for e in story.iter().take(args.events) {
        let _ = writeln!(out, "  day {:>5.0}  {}", e.day, e.describe(&s));
    }
    if story.len() > args.events {
        let _ = writeln!(
            out,
            "  … {} more (--events N to see them)",
            story.len() - args.events
        );
    }
    let _ = writeln!(
        out,
        "\nWrote {}/{{trajectory.csv, links.csv, events.jsonl, scenario.toml}}",
        out_dir.display()
    );
    std::io::stdout().write_all(out.as_bytes())?;
    Ok(())
}

fn write(path: &Path, text: &str) -> anyhow::Result<()> {
    std::fs::write(path, text).with_context(|| format!("cannot write {}", path.display()))
}

/// An event as a JSON object: day, kind, cause, a sentence, and the ids involved.
pub fn event_json(s: &Scenario, e: &Event) -> serde_json::Value {
    use serde_json::json;
    let region = |r: usize| s.regions()[r].id.clone();
    let link = |l: usize| s.links()[l].id.clone();
    let mut v = json!({
        "day": e.day,
        "kind": e.kind.name(),
        "cause": e.cause(),
        "text": e.describe(s),
    });
    let extra = match e.kind {
        EventKind::PhaseStarted { phase, actor } => {
            json!({"phase": phase + 1, "actor": actor.map(|a| s.actors()[a].id.clone())})
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
        } => json!({"third_party": s.third_parties()[g].id, "fighters": fighters}),
        EventKind::ThirdPartyDestroyed { third_party: g } => {
            json!({"third_party": s.third_parties()[g].id})
        }
    };
    if let (Some(obj), serde_json::Value::Object(more)) = (v.as_object_mut(), extra) {
        obj.extend(more);
    }
    v
}
