//! What a campaign achieved: the outcomes a comparison of courses of action is about.

use cordon_model::Scenario;

use crate::world::World;

/// A third party ending within this fraction of its hostility threshold is on a knife edge
/// ([`Outcome::knife_edge`]).
pub const KNIFE_EDGE: f64 = 0.05;

/// The outcomes of one campaign at the horizon.
#[derive(Clone, Debug, PartialEq)]
pub struct Outcome {
    /// Adversary fighters per region at the horizon.
    pub fighters: Vec<f64>,
    /// All adversary fighters at the horizon, those in transit included.
    pub total_fighters: f64,
    /// Fighters who left the core region and arrived elsewhere (cumulative).
    pub escaped_from_core: f64,
    /// Fighters caught in transit (cumulative, all links).
    pub caught_in_transit: f64,
    /// Per region: day of the first decisive defeat of its branch (`None`: never).
    pub defeat_day: Vec<Option<f64>>,
    /// Time to decisive defeat of the adversary: when every region is decisively defeated at the
    /// horizon, the day the last of them fell (its latest fall, if it resurged and fell again);
    /// `None` when some region is not defeated at the horizon.
    pub decisive_defeat_day: Option<f64>,
    /// Every region decisively defeated at the horizon, refuges that received fighters included.
    pub defeated_at_horizon: bool,
    /// Regions whose branch resurged after a decisive defeat.
    pub resurgences: usize,
    /// Coalition soldiers killed.
    pub coalition_losses: f64,
    /// Civilian casualties.
    pub civilian_casualties: f64,
    /// Territory taken from the adversary (km²).
    pub territory_freed_km2: f64,
    /// Population freed from the adversary's control.
    pub population_freed: f64,
    /// Per third party: fighters at the horizon.
    pub third_party_fighters: Vec<f64>,
    /// Per third party: hostile to the coalition at the horizon.
    pub third_party_hostile: Vec<bool>,
    /// Command strength of the leadership at the horizon, p + (1 − p)·s (1: full command; s:
    /// the succession level). Mean-field: p is the leader's survival probability.
    pub leadership_strength: f64,
    /// Links severed at the horizon.
    pub links_severed: usize,
    /// Phases of the course of action that started by the horizon (for anyone).
    pub phases_started: usize,
}

impl Outcome {
    /// The outcome of a campaign whose world is `w` (what [`crate::run`] returns at the
    /// horizon; for callers that step campaigns themselves).
    pub fn from_world(s: &Scenario, w: &World) -> Outcome {
        let n_r = s.regions().len();
        let defeated_at_horizon = w.defeated_now.iter().all(|d| *d);
        let decisive_defeat_day = if defeated_at_horizon {
            w.defeated_last
                .iter()
                .flatten()
                .copied()
                .fold(None, |m: Option<f64>, d| Some(m.map_or(d, |m| m.max(d))))
        } else {
            None
        };
        Outcome {
            fighters: (0..n_r).map(|r| w.fighters(r)).collect(),
            total_fighters: w.total_fighters() + w.in_transit(),
            escaped_from_core: w.arrived_from_core.iter().sum(),
            caught_in_transit: w.caught.iter().sum(),
            defeat_day: w.defeated_on.clone(),
            decisive_defeat_day,
            defeated_at_horizon,
            resurgences: w.resurged.iter().filter(|x| **x).count(),
            coalition_losses: (0..n_r).map(|r| w.coalition_losses_in(r)).sum(),
            civilian_casualties: (0..n_r).map(|r| w.u[w.layout.civilians(r)]).sum(),
            territory_freed_km2: (0..n_r)
                .map(|r| s.regions()[r].territory_km2 - w.territory(s, r))
                .sum(),
            population_freed: (0..n_r)
                .map(|r| s.regions()[r].population - w.population(s, r))
                .sum(),
            third_party_fighters: (0..s.third_parties().len())
                .map(|g| w.u[w.layout.third(g)])
                .collect(),
            third_party_hostile: w.hostile.clone(),
            leadership_strength: w.leadership_strength(s),
            links_severed: w.severed.iter().filter(|x| **x).count(),
            phases_started: w.phase_started.iter().filter(|p| p.is_some()).count(),
        }
    }

    /// How close a third party ends to its hostility threshold, as fighters at the horizon
    /// over the threshold, when within [`KNIFE_EDGE`] of it on either side (turned late, or
    /// nearly turned): a knife edge, where other replications, or the mean field's
    /// expectation, may fall on the other side. `None` when it is clear of the threshold.
    pub fn knife_edge(&self, s: &Scenario, g: usize) -> Option<f64> {
        let tp = s.third_parties().get(g)?;
        let threshold = tp.hostile_above_ratio * tp.fighters;
        let ratio = self.third_party_fighters[g] / threshold;
        (threshold > 0.0 && (ratio - 1.0).abs() < KNIFE_EDGE).then_some(ratio)
    }

    /// Column names of [`Outcome::values`], for a scenario.
    pub fn names(s: &Scenario) -> Vec<String> {
        let mut names = Vec::new();
        for r in s.regions() {
            names.push(format!("fighters_{}", r.id));
        }
        names.extend(
            [
                "fighters_total",
                "escaped_from_core",
                "caught_in_transit",
                "decisive_defeat_day",
                "defeated",
                "resurgences",
                "coalition_losses",
                "civilian_casualties",
                "territory_freed_km2",
                "population_freed",
                "leadership_strength",
                "links_severed",
                "phases_started",
            ]
            .map(String::from),
        );
        for r in s.regions() {
            names.push(format!("defeat_day_{}", r.id));
        }
        for g in s.third_parties() {
            names.push(format!("third_party_fighters_{}", g.id));
            names.push(format!("third_party_hostile_{}", g.id));
        }
        names
    }

    /// The outcomes as numbers, in the order of [`Outcome::names`]. Days that never came are
    /// NaN; booleans are 0 or 1.
    pub fn values(&self) -> Vec<f64> {
        let day = |d: Option<f64>| d.unwrap_or(f64::NAN);
        let mut v = self.fighters.clone();
        v.extend([
            self.total_fighters,
            self.escaped_from_core,
            self.caught_in_transit,
            day(self.decisive_defeat_day),
            f64::from(u8::from(self.defeated_at_horizon)),
            self.resurgences as f64,
            self.coalition_losses,
            self.civilian_casualties,
            self.territory_freed_km2,
            self.population_freed,
            self.leadership_strength,
            self.links_severed as f64,
            self.phases_started as f64,
        ]);
        v.extend(self.defeat_day.iter().map(|d| day(*d)));
        for (z, hostile) in self
            .third_party_fighters
            .iter()
            .zip(&self.third_party_hostile)
        {
            v.push(*z);
            v.push(f64::from(u8::from(*hostile)));
        }
        v
    }
}
