//! What to explore ([`Explore`]), the worlds it implies ([`prepare`]) and running every course
//! of action in every world ([`run`]).
//!
//! A world is one point of the scenario's declared `[[uncertain]]` parameters (a Latin
//! hypercube or Sobol points over their distributions). Every course runs `R` replications in
//! every world with stream keys `(seed, 0..R)`: the same keys for every course and every world
//! (common random numbers), so differences between courses in a world are the courses', not
//! the dice's. Work goes in chunks of worlds, in world order; within a chunk, scenarios and
//! plans are built in parallel, then every (world, course, replication) campaign runs in
//! parallel and the results are reduced per (world, course) in replication order. The results
//! therefore depend on the exploration only, never on the number of threads.

use std::ops::Range;

use cordon_engine::{CoaPlan, Mode, StreamKey};
use cordon_experiment::stats::Moments;
use cordon_experiment::{Kind, Progress, run_campaign};
use cordon_model::{CoaId, Scalar, Scenario};
use cordon_sa::{Design, ParamSpace, Parameter, SobolOptions, sample_lhs, sample_sobol_points};
use cordon_sensitivity::{Lever, Target};
use rayon::prelude::*;

use crate::error::ExploreError;

/// How the worlds are drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sampler {
    /// A Latin hypercube of `K` points (seeded).
    Lhs,
    /// The first `K` points of the Sobol sequence after the origin, digitally shifted by the
    /// seed.
    Sobol,
}

impl Sampler {
    pub fn as_str(self) -> &'static str {
        match self {
            Sampler::Lhs => "lhs",
            Sampler::Sobol => "sobol",
        }
    }
}

/// One slice of the worlds for one machine: worlds `[⌊i·K/n⌋, ⌊(i+1)·K/n⌋)`.
pub use cordon_experiment::Shard;

/// An exploration of one scenario.
#[derive(Clone, Debug)]
pub struct Explore<'s> {
    /// The scenario (for factorial arms: the scenario whose courses are the arms).
    pub scenario: &'s Scenario,
    /// The courses of action, in the order of the results.
    pub coas: Vec<CoaId>,
    /// Worlds (K).
    pub worlds: usize,
    pub sampler: Sampler,
    /// Replications per course and world (R); 1 in mean-field mode.
    pub reps: u64,
    /// Seed of the worlds' design and of the engine's streams.
    pub seed: u64,
    pub mode: Mode,
    /// Worker threads (0: one per core). Results do not depend on it.
    pub threads: usize,
    pub shard: Shard,
}

/// The most worlds an exploration may have.
pub const MAX_WORLDS: usize = 1 << 24;

/// An exploration checked against its scenario, with its worlds.
#[derive(Clone, Debug)]
pub struct Prepared<'s> {
    pub explore: Explore<'s>,
    /// The parameters the worlds differ in, in design column order.
    pub levers: Vec<Lever>,
    pub space: ParamSpace,
    /// Every world (all `K`, whatever the shard): one row per world.
    pub design: Design,
    /// Every outcome column, in `Outcome::names` order.
    pub outcomes: Vec<String>,
    /// Outcome columns that are days of an event: "never" counts as the horizon.
    pub censored: Vec<bool>,
    /// Remarks worth showing the user (not errors).
    pub notes: Vec<String>,
}

impl Prepared<'_> {
    /// The worlds of this shard.
    pub fn range(&self) -> Range<usize> {
        let (k, s) = (self.explore.worlds as u128, self.explore.shard);
        let at = |i: u64| (i as u128 * k / s.count as u128) as usize;
        at(s.index)..at(s.index + 1)
    }

    /// Campaigns of this shard: worlds × courses × replications.
    pub fn campaigns(&self) -> u64 {
        self.range().len() as u64 * self.explore.coas.len() as u64 * self.explore.reps
    }

    /// The course ids, in result order.
    pub fn coa_ids(&self) -> Vec<String> {
        self.explore
            .coas
            .iter()
            .map(|&c| self.explore.scenario.coa(c).id.clone())
            .collect()
    }

    /// `name = value` of every parameter in world `w`.
    pub fn describe(&self, w: usize) -> String {
        self.levers
            .iter()
            .zip(self.design.row(w))
            .map(|(l, &x)| match l.value(x) {
                Scalar::Num(v) => format!("{} = {v}", l.name),
                Scalar::Str(s) => format!("{} = \"{s}\"", l.name),
            })
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// Checks the exploration and draws its worlds.
pub fn prepare<'s>(explore: &Explore<'s>) -> Result<Prepared<'s>, ExploreError> {
    let mut explore = explore.clone();
    let mut notes = Vec::new();
    let invalid = |m: String| Err(ExploreError::Invalid(m));
    let scenario = explore.scenario;
    if explore.coas.is_empty() {
        return invalid("no course of action to run".into());
    }
    for (i, c) in explore.coas.iter().enumerate() {
        if c.index() >= scenario.coas().len() || explore.coas[..i].contains(c) {
            return invalid(format!(
                "course of action #{} is not in the scenario or is listed twice",
                c.index()
            ));
        }
    }
    if explore.worlds < 2 || explore.worlds > MAX_WORLDS {
        return invalid(format!(
            "--worlds {} is out of range: 2 to {MAX_WORLDS} worlds",
            explore.worlds
        ));
    }
    if explore.reps == 0 {
        return invalid("--reps must be at least 1".into());
    }
    if explore.mode == Mode::MeanField && explore.reps > 1 {
        notes.push(format!(
            "mean-field runs are deterministic: 1 run per world and course instead of {} replications",
            explore.reps
        ));
        explore.reps = 1;
    }
    let units = (explore.worlds as u64)
        .checked_mul(explore.coas.len() as u64)
        .and_then(|u| u.checked_mul(explore.reps));
    if units.is_none_or(|u| u > cordon_experiment::resources::MAX_UNITS) {
        return invalid(format!(
            "{} worlds × {} courses × {} replications is more than {} (2^40) campaigns",
            explore.worlds,
            explore.coas.len(),
            explore.reps,
            cordon_experiment::resources::MAX_UNITS
        ));
    }
    cordon_experiment::resources::check_threads(explore.threads)
        .map_err(|e| ExploreError::Invalid(e.to_string()))?;
    let s = explore.shard;
    if s.count == 0 || s.index >= s.count || s.count > explore.worlds as u64 {
        return invalid(format!(
            "shard {}/{} does not fit {} worlds",
            s.index, s.count, explore.worlds
        ));
    }
    let (levers, set_aside): (Vec<Lever>, Vec<Lever>) =
        cordon_sensitivity::levers::declared(scenario)
            .into_iter()
            .partition(|l| l.target != Target::Coa);
    for l in set_aside {
        notes.push(format!(
            "`{}` is set aside: every course of action runs in every world",
            l.name
        ));
    }
    if levers.is_empty() {
        return Err(ExploreError::NoUncertain);
    }
    let space = ParamSpace::new(
        levers
            .iter()
            .map(|l| Parameter::new(l.name.clone(), l.distribution.clone()))
            .collect(),
    )
    .map_err(|e| ExploreError::Invalid(e.to_string()))?;
    let design = match explore.sampler {
        Sampler::Lhs => sample_lhs(&space, explore.worlds, explore.seed),
        Sampler::Sobol => {
            let opts = SobolOptions {
                skip: 1,
                scramble: Some(explore.seed),
            };
            sample_sobol_points(&space, explore.worlds, &opts)
        }
    }
    .map_err(|e| ExploreError::Invalid(e.to_string()))?;
    let outcomes = cordon_engine::Outcome::names(scenario);
    let censored = cordon_experiment::outcomes::specs_of(&outcomes)
        .iter()
        .map(|s| s.kind == Kind::TimeToEvent)
        .collect();
    Ok(Prepared {
        explore,
        levers,
        space,
        design,
        outcomes,
        censored,
        notes,
    })
}

/// What every course gave in one world.
#[derive(Clone, Debug, PartialEq)]
pub struct WorldResult {
    pub world: usize,
    /// Courses × outcomes, row-major: the mean over the replications (days of events that
    /// never came count as the horizon).
    pub means: Vec<f64>,
    /// Courses × outcomes: the standard deviation over the replications (NaN for one).
    pub sds: Vec<f64>,
}

/// One world, ready to run: its scenario and every course's plan.
struct World {
    scenario: Scenario,
    plans: Vec<CoaPlan>,
}

/// Runs every course in the worlds `worlds` (a part of this shard's range), handing each
/// chunk's results, in world order, to `sink`.
pub fn run(
    prep: &Prepared<'_>,
    worlds: Range<usize>,
    progress: &dyn Progress,
    sink: &mut dyn FnMut(&[WorldResult]) -> Result<(), ExploreError>,
) -> Result<(), ExploreError> {
    let pool = cordon_experiment::thread_pool(prep.explore.threads)
        .map_err(|e| ExploreError::Invalid(e.to_string()))?;
    let chunk = 2 * pool.current_num_threads().max(2);
    let mut start = worlds.start;
    while start < worlds.end {
        let end = (start + chunk).min(worlds.end);
        let results = pool.install(|| run_chunk(prep, start..end, progress))?;
        sink(&results)?;
        start = end;
    }
    Ok(())
}

fn run_chunk(
    prep: &Prepared<'_>,
    worlds: Range<usize>,
    progress: &dyn Progress,
) -> Result<Vec<WorldResult>, ExploreError> {
    let built: Vec<Result<World, ExploreError>> = worlds
        .clone()
        .into_par_iter()
        .map(|w| build_world(prep, w))
        .collect();
    let built: Vec<World> = built.into_iter().collect::<Result<_, _>>()?;
    let (n_coas, reps) = (prep.explore.coas.len(), prep.explore.reps);
    let per_world = n_coas as u64 * reps;
    let units = built.len() * per_world as usize;
    let outcomes: Vec<Result<Vec<f64>, String>> = (0..units)
        .into_par_iter()
        .with_max_len(1)
        .map(|u| {
            let u = u as u64;
            let world = &built[(u / per_world) as usize];
            let c = ((u % per_world) / reps) as usize;
            progress.starting();
            let out = run_campaign(
                &world.scenario,
                &world.plans[c],
                prep.explore.mode,
                StreamKey::new(prep.explore.seed, u % reps),
            );
            progress.advance(1);
            out
        })
        .collect();
    let k = prep.outcomes.len();
    let mut results = Vec::with_capacity(built.len());
    let mut it = outcomes.into_iter();
    for (i, world) in built.iter().enumerate() {
        let w = worlds.start + i;
        let horizon = world.scenario.meta().horizon_days;
        let mut means = Vec::with_capacity(n_coas * k);
        let mut sds = Vec::with_capacity(n_coas * k);
        for c in 0..n_coas {
            let mut moments = vec![Moments::default(); k];
            for rep in 0..reps {
                let values = match it.next() {
                    Some(Ok(v)) => v,
                    failed => {
                        return Err(ExploreError::Engine {
                            world: w,
                            coa: prep.explore.scenario.coa(prep.explore.coas[c]).id.clone(),
                            replication: rep,
                            message: failed.and_then(Result::err).unwrap_or_default(),
                        });
                    }
                };
                for ((m, &v), &censor) in moments.iter_mut().zip(&values).zip(&prep.censored) {
                    m.push(if censor && v.is_nan() { horizon } else { v });
                }
            }
            means.extend(moments.iter().map(Moments::mean));
            sds.extend(moments.iter().map(Moments::sd));
        }
        results.push(WorldResult {
            world: w,
            means,
            sds,
        });
    }
    Ok(results)
}

fn build_world(prep: &Prepared<'_>, w: usize) -> Result<World, ExploreError> {
    let fields: Vec<(String, Scalar)> = prep
        .levers
        .iter()
        .zip(prep.design.row(w))
        .filter_map(|(l, &x)| match &l.target {
            Target::Field(f) => Some((f.clone(), l.value(x))),
            Target::Coa => None,
        })
        .collect();
    let borrowed: Vec<(&str, Scalar)> = fields
        .iter()
        .map(|(f, v)| (f.as_str(), v.clone()))
        .collect();
    let scenario = prep
        .explore
        .scenario
        .with_values(&borrowed)
        .map_err(|diagnostics| ExploreError::WorldRejected {
            world: w,
            values: prep.describe(w),
            diagnostics,
        })?;
    let plans = prep
        .explore
        .coas
        .iter()
        .map(|&c| CoaPlan::new(&scenario, c))
        .collect();
    Ok(World { scenario, plans })
}
