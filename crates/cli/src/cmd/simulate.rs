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

/// Streams the trajectory rows and the events of one campaign to their files as they come,
/// keeping only the last state and the events the terminal shows: memory does not grow with
/// the steps.
struct Recorder<'s> {
    s: &'s Scenario,
    trajectory: Sink,
    links: Sink,
    events: Sink,
    /// The first `shown` events of the story (departures and arrivals excepted).
    story: Vec<Event>,
    shown: usize,
    /// Events written, and events of the story.
    n_events: usize,
    n_story: usize,
    /// The state at the horizon.
    last: Option<World>,
}

/// A file written under a temporary name, renamed into place once complete; the first write
/// error is kept (an observer cannot return one) and reported at the end.
struct Sink {
    tmp: PathBuf,
    path: PathBuf,
    file: Option<std::io::BufWriter<std::fs::File>>,
    error: Option<std::io::Error>,
}

impl Sink {
    fn create(path: PathBuf, header: &str) -> anyhow::Result<Sink> {
        let tmp = path.with_extension("tmp");
        let file = std::fs::File::create(&tmp)
            .with_context(|| format!("cannot write {}", tmp.display()))?;
        let mut sink = Sink {
            tmp,
            path,
            file: Some(std::io::BufWriter::new(file)),
            error: None,
        };
        sink.write(header.as_bytes());
        Ok(sink)
    }

    fn write(&mut self, bytes: &[u8]) {
        if let Some(file) = &mut self.file
            && let Err(e) = file.write_all(bytes)
        {
            self.error = Some(e);
            self.file = None;
        }
    }

    /// Flushes and renames the file into place.
    fn finish(mut self) -> anyhow::Result<()> {
        let flushed = match (self.error.take(), self.file.take()) {
            (Some(e), _) => Err(e),
            (None, Some(mut file)) => file.flush(),
            (None, None) => Ok(()),
        };
        flushed
            .and_then(|()| std::fs::rename(&self.tmp, &self.path))
            .with_context(|| format!("cannot write {}", self.path.display()))
    }

    /// Removes the unfinished file.
    fn discard(self) {
        drop(self.file);
        let _ = std::fs::remove_file(&self.tmp);
    }
}

impl<'s> Recorder<'s> {
    fn new(s: &'s Scenario, dir: &Path, shown: usize) -> anyhow::Result<Recorder<'s>> {
        Ok(Recorder {
            s,
            trajectory: Sink::create(
                dir.join("trajectory.csv"),
                "step,day,region,fighters,posture,support_base,finance_musd,territory_km2,population,coalition_engaged,coalition_losses,civilian_casualties,recruits,fighters_killed,support_integrity,arrived,arrived_from_core,defeated,leadership_strength\n",
            )?,
            links: Sink::create(
                dir.join("links.csv"),
                "step,day,link,kind,integrity,severed,in_transit,caught\n",
            )?,
            events: Sink::create(dir.join("events.jsonl"), "")?,
            story: Vec::new(),
            shown,
            n_events: 0,
            n_story: 0,
            last: None,
        })
    }

    /// The files, complete.
    fn finish(self) -> anyhow::Result<()> {
        self.trajectory.finish()?;
        self.links.finish()?;
        self.events.finish()
    }

    /// Removes the unfinished files (the campaign failed).
    fn discard(self) {
        self.trajectory.discard();
        self.links.discard();
        self.events.discard();
    }
}

impl Observer for Recorder<'_> {
    fn on_state(&mut self, w: &World) {
        self.keep(w);
        let s = self.s;
        let mut line = String::new();
        for (r, region) in s.regions().iter().enumerate() {
            let row = cordon_experiment::trajectory::region_row(s, w, r);
            line.clear();
            let _ = write!(
                line,
                "{},{},{},{},{}",
                w.step,
                w.day,
                region.id,
                row[0],
                w.posture[r].as_str()
            );
            for x in &row[1..] {
                let _ = write!(line, ",{x}");
            }
            line.push('\n');
            self.trajectory.write(line.as_bytes());
        }
        for (l, link) in s.links().iter().enumerate() {
            line.clear();
            let _ = writeln!(
                line,
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
            self.links.write(line.as_bytes());
        }
    }

    fn on_event(&mut self, event: &Event) {
        let mut line = serde_json::to_string(&cordon_experiment::events::event_json(self.s, event))
            .unwrap_or_default();
        line.push('\n');
        self.events.write(line.as_bytes());
        self.n_events += 1;
        if !matches!(
            event.kind,
            EventKind::Departed { .. } | EventKind::Arrived { .. }
        ) {
            self.n_story += 1;
            if self.story.len() < self.shown {
                self.story.push(*event);
            }
        }
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
    let coa_def = s.coa(coa);
    let out_dir = args
        .out
        .clone()
        .unwrap_or_else(|| PathBuf::from(format!("out/simulate-{}", coa_def.id)));
    create_out_dir(&out_dir)?;
    let _lock = super::lock_dir(&out_dir)?;
    let mut rec = Recorder::new(&s, &out_dir, args.events)?;
    let outcome = match cordon_engine::run(&s, coa, mode, key, &mut rec) {
        Ok(outcome) => outcome,
        Err(e) => {
            rec.discard();
            return Err(anyhow::anyhow!("{e}"));
        }
    };
    let last = rec
        .last
        .take()
        .context("a campaign reports at least its initial state")?;
    let (story, n_story, n_events) = (std::mem::take(&mut rec.story), rec.n_story, rec.n_events);
    rec.finish()?;
    write(&out_dir.join("scenario.toml"), &s.resolved_toml())?;

    let mut out = summary(&s, coa, mode, key, &outcome, &last);
    let _ = writeln!(
        out,
        "\nEvents ({n_events} in events.jsonl; departures and arrivals there only):",
    );
    for e in story.iter().take(args.events) {
        let _ = writeln!(out, "  day {:>5.0}  {}", e.day, e.describe(&s));
    }
    if n_story > args.events {
        let _ = writeln!(
            out,
            "  … {} more (--events N to see them)",
            n_story - args.events
        );
    }
    let _ = writeln!(
        out,
        "\nWrote {}/{{trajectory.csv, links.csv, events.jsonl, scenario.toml}}",
        out_dir.display()
    );
    std::io::stdout().write_all(crate::escape::lines(&out).as_bytes())?;
    Ok(())
}

/// The campaign's headline: its outcomes per region, the totals and the third parties.
fn summary(
    s: &Scenario,
    coa: cordon_model::CoaId,
    mode: Mode,
    key: StreamKey,
    outcome: &cordon_engine::Outcome,
    last: &cordon_engine::World,
) -> String {
    let mut out = String::new();
    let coa_def = s.coa(coa);
    let _ = writeln!(
        out,
        "{} — {} ({}, {}), {} days, {}\n",
        s.meta().name,
        coa_def.name,
        coa_def.id,
        coa_def.regime.as_str(),
        s.meta().horizon_days,
        if mode == Mode::MeanField {
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
            num(last.territory(s, r), 0),
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
        let z = outcome.third_party_fighters[g];
        let _ = writeln!(
            out,
            "{}: {} fighters (day 0: {}), {}",
            tp.id,
            num(z, 0),
            num(tp.fighters, 0),
            if outcome.third_party_hostile[g] {
                "hostile to the coalition"
            } else {
                "not hostile"
            }
        );
        // A threshold the campaign ends near is a knife edge: other replications (or the
        // mean-field's expectation) may fall on the other side of it.
        if let Some(ratio) = outcome.knife_edge(s, g) {
            let threshold = tp.hostile_above_ratio * tp.fighters;
            let _ = writeln!(
                out,
                "  knife edge: {} fighters at the horizon are {:.1}% of its hostility threshold ({}); {}",
                num(z, 0),
                100.0 * ratio,
                num(threshold, 0),
                if outcome.third_party_hostile[g] {
                    "it turned late, and other replications may not turn it"
                } else {
                    "other replications may turn it"
                }
            );
        }
    }
    out
}

fn write(path: &Path, text: &str) -> anyhow::Result<()> {
    std::fs::write(path, text).with_context(|| format!("cannot write {}", path.display()))
}
