//! The resource model of a scenario: what one campaign will hold in memory, estimated from the
//! checked document before anything is built or allocated.
//!
//! Two limits, each reported at the key that exceeds it (file:line:column, the estimate and the
//! limit):
//!
//! - a link's travel time is at most [`MAX_STEPS`] steps (`travel_days / step_days`), as the
//!   horizon is: a longer one cannot be meant, and its step count would not fit the engine;
//! - the state of one campaign (the continuous quantities and their integrator copies, the
//!   fighters in transit, the random streams, the per-actor tables) is at most
//!   [`MAX_CAMPAIGN_BYTES`]. Fighters in transit take one slot per step of travel, but never
//!   more than the campaign has steps: what would arrive after the horizon never arrives.

use crate::read::{Reader, Tbl};
use crate::scenario::Scenario;

/// The most steps a campaign, or a journey along a link, may last.
pub const MAX_STEPS: f64 = 1.0e6;

/// The most memory the state of one campaign may take (1 GiB). Each worker thread holds one.
pub const MAX_CAMPAIGN_BYTES: u64 = 1 << 30;

/// The sizes that drive the memory of one campaign.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Size {
    pub regions: u64,
    pub actors: u64,
    pub links: u64,
    pub support_links: u64,
    pub third_parties: u64,
    /// Steps of one campaign.
    pub steps: u64,
    /// Slots of the transit pipelines, both directions of every link:
    /// `2 · Σ (min(travel steps, steps + 1) + 1)`.
    pub transit_slots: u64,
}

impl Size {
    /// Continuous quantities of the state (see `cordon_engine::Layout`).
    pub fn state_len(&self) -> u64 {
        let (r, a, l) = (self.regions, self.actors, self.links);
        9 * r + 3 * a * r + 3 * l + self.support_links + 3 * self.third_parties + 1
    }

    /// Estimated bytes of one campaign's state: eight copies of the continuous state (the state,
    /// four Runge–Kutta stages, scratch, the state before the step, the flows), the transit
    /// slots, one random stream (~320 bytes) per region, link and third party, per-actor and
    /// per-region tables, and the scenario's own per-actor forces.
    pub fn campaign_bytes(&self) -> u64 {
        let (r, a, l) = (self.regions, self.actors, self.links);
        let state = 8 * 8 * self.state_len();
        let transit = 8 * self.transit_slots + 2 * 48 * l;
        let streams = 320 * (1 + r + l + self.third_parties);
        let tables = 8 * 3 * a * r + 16 * 8 * r + 4 * 8 * l;
        state
            .saturating_add(transit)
            .saturating_add(streams)
            .saturating_add(tables)
    }
}

/// Travel time of a link in steps, as the engine rounds it; `None` when it exceeds
/// [`MAX_STEPS`] (and would not fit any integer).
pub fn travel_steps(travel_days: f64, step_days: f64) -> Option<u64> {
    let steps = (travel_days / step_days).round();
    (steps.is_finite() && steps <= MAX_STEPS).then_some(steps as u64)
}

/// Number of steps of a campaign of `horizon_days` in steps of `step_days` (the last may be
/// shorter), as [`Scenario::n_steps`] counts them.
fn campaign_steps(horizon_days: f64, step_days: f64) -> u64 {
    let steps = (horizon_days / step_days - 1e-9).ceil().max(1.0);
    steps.min(MAX_STEPS) as u64
}

impl Scenario {
    /// The sizes that drive the memory of one campaign of this scenario.
    pub fn size(&self) -> Size {
        let meta = self.meta();
        let steps = self.n_steps() as u64;
        let transit_slots = self
            .links()
            .iter()
            .map(|l| {
                let travel = travel_steps(l.travel_days, meta.step_days).unwrap_or(steps + 1);
                2 * (travel.min(steps + 1) + 1)
            })
            .sum();
        Size {
            regions: self.regions().len() as u64,
            actors: self.actors().len() as u64,
            links: self.links().len() as u64,
            support_links: self.support_links().len() as u64,
            third_parties: self.third_parties().len() as u64,
            steps,
            transit_slots,
        }
    }
}

/// Checks the resource limits on the read document. Returns false when a limit is exceeded
/// (the diagnostics are in `r`): the scenario must not be built.
pub(crate) fn check(r: &mut Reader<'_>, doc: &Tbl) -> bool {
    let sc = doc.table("scenario");
    let step_days = sc.and_then(|t| t.opt_num("step_days")).unwrap_or(1.0);
    let horizon_days = sc
        .and_then(|t| t.opt_num("horizon_days"))
        .unwrap_or(step_days);
    if !(step_days > 0.0 && horizon_days.is_finite()) {
        // Reported by the reader already.
        return true;
    }
    let steps = campaign_steps(horizon_days, step_days);
    let mut fits = true;
    let mut transit_slots = 0u64;
    let mut longest: Option<(&Tbl, f64)> = None;
    for link in doc.tables("link") {
        let Some(travel) = link.opt_num("travel_days") else {
            continue;
        };
        match travel_steps(travel, step_days) {
            Some(n) => transit_slots += 2 * (n.min(steps + 1) + 1),
            None => {
                fits = false;
                let d = r.error(
                    link.span_of("travel_days"),
                    &link.path_of("travel_days"),
                    format!(
                        "a travel time of {} days is {} steps (`step_days` = {})",
                        fmt_num(travel),
                        fmt_num((travel / step_days).round()),
                        fmt_num(step_days)
                    ),
                );
                *d = d
                    .clone()
                    .expected("at most 1,000,000 steps (travel_days / step_days)")
                    .hint("a journey cannot outlast the longest campaign; check the unit (days)");
            }
        }
        if longest.is_none_or(|(_, t)| travel > t) {
            longest = Some((link, travel));
        }
    }
    let size = Size {
        regions: doc.tables("region").len() as u64,
        actors: doc.tables("actor").len() as u64,
        links: doc.tables("link").len() as u64,
        support_links: doc.tables("support_link").len() as u64,
        third_parties: doc.tables("third_party").len() as u64,
        steps,
        transit_slots,
    };
    let bytes = size.campaign_bytes();
    if fits && bytes > MAX_CAMPAIGN_BYTES {
        fits = false;
        let transit = 8 * size.transit_slots;
        let (span, path, cause) = match longest {
            Some((link, travel)) if transit * 2 > bytes => (
                link.span_of("travel_days"),
                link.path_of("travel_days"),
                format!(
                    "fighters in transit along {} links (the longest {} days, {} steps)",
                    size.links,
                    fmt_num(travel),
                    fmt_num((travel / step_days).round().min(steps as f64 + 1.0))
                ),
            ),
            _ => {
                let first = doc.tables("region").first().or(doc.tables("actor").first());
                (
                    first.map_or(0..0, |t| r.head(t)),
                    first.map_or_else(String::new, |t| t.path.clone()),
                    format!(
                        "{} regions × {} actors, {} links, {} support links",
                        size.regions, size.actors, size.links, size.support_links
                    ),
                )
            }
        };
        let d = r.error(
            span,
            &path,
            format!(
                "one campaign would need about {} of memory: {cause}",
                format_bytes(bytes)
            ),
        );
        *d = d
            .clone()
            .expected(format!(
                "at most {} per campaign",
                format_bytes(MAX_CAMPAIGN_BYTES)
            ))
            .hint("lengthen `step_days`, shorten travel times, or split the theatre into fewer regions and actors");
    }
    fits
}

/// Bytes in the largest binary unit that keeps the number at least 1 (`1.5 GiB`).
pub fn format_bytes(bytes: u64) -> String {
    const UNITS: [&str; 7] = ["B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"];
    let mut value = bytes as f64;
    let mut unit = 0;
    while value >= 1024.0 && unit + 1 < UNITS.len() {
        value /= 1024.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{bytes} B")
    } else {
        format!("{value:.1} {}", UNITS[unit])
    }
}

/// A number as written in a message: plain, or in exponent form when huge (`1e308`).
fn fmt_num(x: f64) -> String {
    if x.abs() >= 1e15 {
        format!("{x:e}")
    } else {
        crate::read::fmt_num(x)
    }
}
