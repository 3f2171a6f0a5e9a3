//! What a report draws per course of action that the stochastic replications do not record:
//! the interdiction optimiser's cuts per phase, and one deterministic mean-field campaign (link
//! integrity over time, where fighters who left the core arrived, links severed and restored).
//!
//! [`record`] computes it once per course at experiment time; `store` writes it as
//! `cuts.csv`, `mean_field_links.csv`, `mean_field_escapes.csv` and `mean_field_events.csv`
//! (docs/experiments.md), so that reading a results directory never runs the engine.

use cordon_engine::{CoaPlan, Event, EventKind, Mode, Observer, StreamKey, World};
use cordon_model::{CoaId, Scenario};

/// The record of one course of action.
#[derive(Clone, Debug, PartialEq)]
pub struct CourseRecord {
    pub coa: String,
    /// Per phase of the course: its id and the links (indices, sorted, once each) the
    /// interdiction optimiser cuts in it.
    pub cuts: Vec<(String, Vec<usize>)>,
    /// The mean-field campaign, or the engine's error when it failed.
    pub mean_field: Result<MeanFieldRecord, String>,
}

/// One mean-field campaign, at the recorded days.
#[derive(Clone, Debug, PartialEq)]
pub struct MeanFieldRecord {
    /// The recorded days (ascending): the state nearest each is kept.
    pub days: Vec<f64>,
    /// Per recorded day, per link: integrity (0..1).
    pub integrity: Vec<Vec<f64>>,
    /// Per region: fighters who had left the core and arrived there, by the horizon.
    pub arrived_from_core: Vec<f64>,
    /// Links severed and restored, in order.
    pub link_events: Vec<LinkEvent>,
}

/// A link severed or restored in the mean-field campaign.
#[derive(Clone, Debug, PartialEq)]
pub struct LinkEvent {
    pub day: f64,
    /// Index of the link in the scenario.
    pub link: usize,
    /// `link_severed` or `link_restored` (as in `events.jsonl`).
    pub kind: &'static str,
    /// The event in words (`Event::describe`).
    pub text: String,
}

/// The days a report draws the network on: day 0, 90, 365 and the horizon when the campaign
/// is longer than a year; otherwise day 0, a quarter, half and all of it (whole steps).
pub fn network_days(s: &Scenario) -> Vec<f64> {
    let h = s.meta().horizon_days;
    let step = s.meta().step_days;
    let mut days = if h > 365.0 {
        vec![0.0, 90.0, 365.0, h]
    } else {
        let at = |f: f64| ((h * f / step).round() * step).min(h);
        vec![0.0, at(0.25), at(0.5), h]
    };
    days.dedup();
    days
}

/// The days whose link integrity is recorded: the bands' days and [`network_days`], sorted,
/// once each.
pub fn recorded_days(s: &Scenario, band_days: &[f64]) -> Vec<f64> {
    let mut days: Vec<f64> = band_days.iter().copied().chain(network_days(s)).collect();
    days.sort_by(f64::total_cmp);
    days.dedup();
    days
}

/// The cuts and the mean-field campaign (stream key (`seed`, 0)) of course `coa`, with link
/// integrity at `days`.
pub fn record(s: &Scenario, coa: CoaId, seed: u64, days: &[f64]) -> CourseRecord {
    CourseRecord {
        coa: s.coa(coa).id.clone(),
        cuts: cuts(s, coa),
        mean_field: mean_field(s, coa, seed, days),
    }
}

fn cuts(s: &Scenario, coa: CoaId) -> Vec<(String, Vec<usize>)> {
    let plan = CoaPlan::new(s, coa);
    s.coa(coa)
        .phases
        .iter()
        .zip(&plan.cuts)
        .map(|(phase, cut)| {
            let mut links = cut.clone();
            links.sort_unstable();
            links.dedup();
            (phase.id.clone(), links)
        })
        .collect()
}

fn mean_field(
    s: &Scenario,
    coa: CoaId,
    seed: u64,
    days: &[f64],
) -> Result<MeanFieldRecord, String> {
    let mut recorder = Recorder {
        s,
        days: Vec::new(),
        integrity: Vec::new(),
        arrived_from_core: vec![0.0; s.regions().len()],
        link_events: Vec::new(),
    };
    cordon_engine::run(
        s,
        coa,
        Mode::MeanField,
        StreamKey::new(seed, 0),
        &mut recorder,
    )
    .map_err(|e| e.to_string())?;
    let integrity = days
        .iter()
        .map(|&day| recorder.integrity[recorder.nearest(day)].clone())
        .collect();
    Ok(MeanFieldRecord {
        days: days.to_vec(),
        integrity,
        arrived_from_core: recorder.arrived_from_core,
        link_events: recorder.link_events,
    })
}

/// Every state of the campaign (integrity per link), the last arrivals, and the link events.
struct Recorder<'a> {
    s: &'a Scenario,
    days: Vec<f64>,
    integrity: Vec<Vec<f64>>,
    arrived_from_core: Vec<f64>,
    link_events: Vec<LinkEvent>,
}

impl Recorder<'_> {
    /// The state closest to `day` (the first of equally close ones).
    fn nearest(&self, day: f64) -> usize {
        let mut best = 0;
        for (i, d) in self.days.iter().enumerate() {
            if (d - day).abs() < (self.days[best] - day).abs() {
                best = i;
            }
        }
        best
    }
}

impl Observer for Recorder<'_> {
    fn on_state(&mut self, w: &World) {
        self.days.push(w.day);
        self.integrity
            .push((0..self.s.links().len()).map(|l| w.integrity(l)).collect());
        self.arrived_from_core.clone_from(&w.arrived_from_core);
    }

    fn on_event(&mut self, event: &Event) {
        if let EventKind::LinkSevered { link } | EventKind::LinkRestored { link } = event.kind {
            self.link_events.push(LinkEvent {
                day: event.day,
                link: link.index(),
                kind: event.kind.name(),
                text: event.describe(self.s),
            });
        }
    }
}
