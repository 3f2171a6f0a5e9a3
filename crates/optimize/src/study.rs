//! The scenario as a search problem: each lever a gene, each candidate a course generated from
//! the levers' values ([`cordon_model::Scenario::with_plans`]), run `R` times with stream keys
//! `(seed, 0..R)` — the same keys for every candidate of every generation, so candidates are
//! compared on common random numbers — in the nominal scenario or in each of `K` worlds drawn
//! once from the declared `[[uncertain]]` parameters (a Latin hypercube, as `cordon explore`
//! draws them). Every (world, candidate, replication) campaign of a generation runs in
//! parallel; results are reduced in that order, so they do not depend on the thread count.

use cordon_engine::{CoaPlan, Mode, StreamKey};
use cordon_experiment::stats::quantile_sorted;
use cordon_experiment::{Better, Kind, run_campaign};
use cordon_model::{CoaId, LeverDomain, LeverValue, Scalar, Scenario};
use rayon::prelude::*;

use crate::nsga::{Gene, Problem, Value};

/// How a candidate's objective is summarised across the worlds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Statistic {
    /// The mean over the worlds.
    Mean,
    /// The 90th percentile of the worse direction (the bad tail).
    P90,
    /// The largest shortfall against the baseline course in the same world (minimax regret).
    Regret,
}

impl Statistic {
    pub fn as_str(self) -> &'static str {
        match self {
            Statistic::Mean => "mean",
            Statistic::P90 => "p90",
            Statistic::Regret => "regret",
        }
    }

    pub fn parse(s: &str) -> Option<Statistic> {
        [Statistic::Mean, Statistic::P90, Statistic::Regret]
            .into_iter()
            .find(|x| x.as_str() == s)
    }
}

/// What to search.
#[derive(Clone, Debug)]
pub struct Study<'s> {
    pub scenario: &'s Scenario,
    /// Outcome columns (`Outcome::names`), each minimised or maximised as it is better.
    pub objectives: Vec<String>,
    pub reps: u64,
    pub mode: Mode,
    pub seed: u64,
    /// `K` worlds and the statistic across them; `None`: the nominal scenario.
    pub robust: Option<(usize, Statistic)>,
    pub threads: usize,
}

/// Why a search could not be done.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum OptimizeError {
    /// The request makes no sense (no levers, an unknown objective, …).
    #[error("{0}")]
    Invalid(String),
    /// A campaign failed.
    #[error("world {world}, candidate {candidate}, replication {replication}: {message}")]
    Engine {
        world: usize,
        candidate: String,
        replication: u64,
        message: String,
    },
    /// The directory holds another search, or a journal that does not fit it.
    #[error("{0}")]
    Mismatch(String),
    /// A step of a search run as a job array found evaluations missing (the shard files
    /// named).
    #[error("{0}")]
    Incomplete(String),
    #[error(transparent)]
    Explore(#[from] cordon_explore::ExploreError),
    #[error(transparent)]
    File(#[from] cordon_experiment::FileError),
}

impl OptimizeError {
    /// Whether the user's input is at fault (exit code 2).
    pub fn is_bad_input(&self) -> bool {
        match self {
            OptimizeError::Invalid(_)
            | OptimizeError::Mismatch(_)
            | OptimizeError::Incomplete(_) => true,
            OptimizeError::Engine { .. } => false,
            OptimizeError::Explore(e) => e.is_bad_input(),
            OptimizeError::File(e) => e.is_bad_input(),
        }
    }
}

/// A study checked against its scenario, with its worlds.
pub struct Prepared<'s> {
    pub study: Study<'s>,
    pub problem: Problem,
    /// Per objective: its outcome column.
    pub columns: Vec<usize>,
    /// Per objective: +1 when lower is better, −1 when higher is (objectives are minimised).
    pub signs: Vec<f64>,
    /// Outcome columns that are days of an event ("never" counts as the horizon).
    pub censored: Vec<bool>,
    /// The worlds (one: the nominal scenario).
    pub worlds: Vec<Scenario>,
    /// Each world's parameter values in words (empty for the nominal scenario).
    pub world_values: Vec<String>,
    /// Per world and objective (signed): the baseline course's value, for regret.
    pub baseline: Vec<Vec<f64>>,
    /// The baseline course's plan (the status quo as lever values): the search's first seed.
    pub start: Vec<Value>,
    pub notes: Vec<String>,
}

/// The gene of each lever.
pub fn genes(s: &Scenario) -> Vec<Gene> {
    s.levers()
        .iter()
        .map(|l| match &l.domain {
            LeverDomain::Real { min, max } => Gene::Real {
                min: *min,
                max: *max,
            },
            LeverDomain::Int { min, max } => Gene::Int {
                min: *min,
                max: *max,
            },
            LeverDomain::Categorical(v) => Gene::Choice(v.len()),
            LeverDomain::Subset(v) => Gene::Subset(v.len()),
            LeverDomain::Permutation(v) => Gene::Order(v.len()),
        })
        .collect()
}

/// A candidate as lever values.
pub fn lever_values(x: &[Value]) -> Vec<LeverValue> {
    x.iter()
        .map(|v| match v {
            Value::Real(r) => LeverValue::Real(*r),
            Value::Int(i) => LeverValue::Int(*i),
            Value::Choice(c) => LeverValue::Choice(*c),
            Value::Subset(m) => LeverValue::Subset(m.clone()),
            Value::Order(o) => LeverValue::Order(o.clone()),
        })
        .collect()
}

/// The baseline course's plan: each lever at the baseline's level or the strategy's value
/// (clamped into the lever's range).
fn start_plan(s: &Scenario) -> Vec<Value> {
    let base = s.plan_base();
    let strategy = s.strategy();
    s.levers()
        .iter()
        .map(|l| {
            use cordon_model::LeverTarget as T;
            let word = match l.target {
                T::Isolation => Some(base.isolation.as_str().to_string()),
                T::Destruction => Some(base.destruction.as_str().to_string()),
                T::Regime => Some(base.regime.as_str().to_string()),
                T::Proxy => Some(base.proxy.as_str().to_string()),
                T::Sequence => Some(base.sequence.as_str().to_string()),
                T::ProxyThirdParty => strategy
                    .proxy_third_party
                    .map(|g| s.third_parties()[g.index()].id.clone()),
                T::ProxyBackers
                | T::IsolationEffort
                | T::ContainmentEffort
                | T::DestroyThreshold
                | T::DestroyNoLaterThan
                | T::ConcentrationOrder => None,
            };
            let num = match l.target {
                T::IsolationEffort => strategy.isolation_effort,
                T::ContainmentEffort => strategy.containment_effort,
                T::DestroyNoLaterThan => strategy.destroy_no_later_than,
                T::DestroyThreshold => match strategy.destroy_when.as_ref().map(|w| w.comparison) {
                    Some(cordon_model::Comparison::Below(x))
                    | Some(cordon_model::Comparison::Above(x)) => x,
                    None => 0.0,
                },
                _ => 0.0,
            };
            match &l.domain {
                LeverDomain::Real { min, max } => Value::Real(num.clamp(*min, *max)),
                LeverDomain::Int { min, max } => Value::Int((num.round() as i64).clamp(*min, *max)),
                LeverDomain::Categorical(v) => Value::Choice(
                    word.and_then(|w| v.iter().position(|x| *x == w))
                        .unwrap_or(0),
                ),
                LeverDomain::Subset(v) => {
                    let backers: Vec<&str> = strategy
                        .proxy_backers
                        .iter()
                        .map(|a| s.actors()[a.index()].id.as_str())
                        .collect();
                    let mut m: Vec<bool> =
                        v.iter().map(|x| backers.contains(&x.as_str())).collect();
                    if !m.iter().any(|b| *b) {
                        m[0] = true;
                    }
                    Value::Subset(m)
                }
                LeverDomain::Permutation(v) => Value::Order((0..v.len()).collect()),
            }
        })
        .collect()
}

/// Checks the study and builds its worlds.
pub fn prepare<'s>(study: &Study<'s>) -> Result<Prepared<'s>, OptimizeError> {
    let mut study = study.clone();
    let s = study.scenario;
    let invalid = |m: String| Err(OptimizeError::Invalid(m));
    let mut notes = Vec::new();
    if s.levers().is_empty() {
        return invalid(
            "the scenario declares no levers: add `[[lever]]` entries (id, kind, target; see docs/scenario.md, Decision levers)"
                .into(),
        );
    }
    if study.objectives.len() < 2 {
        return invalid("give at least two objectives (--objectives a,b)".into());
    }
    if study.reps == 0 {
        return invalid("--reps must be at least 1".into());
    }
    if let Some((k, _)) = study.robust
        && k < 2
    {
        return invalid(format!(
            "--robust {k}: a robust search needs at least 2 worlds"
        ));
    }
    if study.mode == Mode::MeanField && study.reps > 1 {
        notes.push(format!(
            "mean-field runs are deterministic: 1 run per candidate instead of {} replications",
            study.reps
        ));
        study.reps = 1;
    }
    let names = cordon_engine::Outcome::names(s);
    let specs = cordon_experiment::outcomes::specs_of(&names);
    let mut columns = Vec::new();
    let mut signs = Vec::new();
    for (i, o) in study.objectives.iter().enumerate() {
        let Some(c) = names.iter().position(|n| n == o) else {
            let hint = cordon_model::did_you_mean(o, names.iter().map(String::as_str))
                .map(|m| format!(" (did you mean `{m}`?)"))
                .unwrap_or_default();
            return invalid(format!(
                "unknown objective `{o}`{hint}; outcomes: {}",
                names.join(", ")
            ));
        };
        if study.objectives[..i].contains(o) {
            return invalid(format!("objective `{o}` is given twice"));
        }
        signs.push(match specs[c].better {
            Better::Lower => 1.0,
            Better::Higher => -1.0,
            Better::Neither => {
                return invalid(format!(
                    "`{o}` has no better direction, so it cannot be an objective"
                ));
            }
        });
        columns.push(c);
    }
    let censored = specs.iter().map(|x| x.kind == Kind::TimeToEvent).collect();
    let (worlds, world_values) = match study.robust {
        None => (vec![s.clone()], vec![String::new()]),
        Some((k, _)) => build_worlds(&study, k)?,
    };
    let problem = Problem {
        genes: genes(s),
        objectives: columns.len(),
    };
    let start = start_plan(s);
    let mut prep = Prepared {
        study,
        problem,
        columns,
        signs,
        censored,
        worlds,
        world_values,
        baseline: Vec::new(),
        start,
        notes,
    };
    if matches!(prep.study.robust, Some((_, Statistic::Regret))) {
        let baseline = s.meta().baseline;
        prep.baseline = prep
            .run_courses(&|w: &Scenario| Ok((w.clone(), vec![baseline])))?
            .into_iter()
            .map(|mut courses| courses.swap_remove(0))
            .collect();
    }
    Ok(prep)
}

/// K worlds of the declared uncertainties (a Latin hypercube seeded by the study's seed).
fn build_worlds(
    study: &Study<'_>,
    k: usize,
) -> Result<(Vec<Scenario>, Vec<String>), OptimizeError> {
    let s = study.scenario;
    let explore = cordon_explore::Explore {
        scenario: s,
        coas: vec![s.meta().baseline],
        worlds: k,
        sampler: cordon_explore::Sampler::Lhs,
        reps: study.reps,
        seed: study.seed,
        mode: study.mode,
        threads: study.threads,
        shard: cordon_experiment::Shard::WHOLE,
    };
    let prep = cordon_explore::prepare(&explore)?;
    let mut worlds = Vec::with_capacity(k);
    let mut values = Vec::with_capacity(k);
    for w in 0..k {
        let fields: Vec<(String, Scalar)> = prep
            .levers
            .iter()
            .zip(prep.design.row(w))
            .filter_map(|(l, &x)| match &l.target {
                cordon_sensitivity::Target::Field(f) => Some((f.clone(), l.value(x))),
                cordon_sensitivity::Target::Coa => None,
            })
            .collect();
        let borrowed: Vec<(&str, Scalar)> = fields
            .iter()
            .map(|(f, v)| (f.as_str(), v.clone()))
            .collect();
        let world = s.with_values(&borrowed).map_err(|diagnostics| {
            OptimizeError::Explore(cordon_explore::ExploreError::WorldRejected {
                world: w,
                values: prep.describe(w),
                diagnostics,
            })
        })?;
        worlds.push(world);
        values.push(prep.describe(w));
    }
    Ok((worlds, values))
}

impl Prepared<'_> {
    /// Evaluates candidates: per candidate, its objectives (minimised) after the statistic
    /// across worlds.
    pub fn evaluate(&self, candidates: &[Vec<Value>]) -> Result<Vec<Vec<f64>>, OptimizeError> {
        self.evaluate_at(0, candidates)
    }

    /// [`Prepared::evaluate`] of a generation's candidates `first..`, named by their place in
    /// the generation (a candidate's objectives do not depend on the others evaluated with it:
    /// every campaign's stream key is (seed, replication)).
    pub fn evaluate_at(
        &self,
        first: usize,
        candidates: &[Vec<Value>],
    ) -> Result<Vec<Vec<f64>>, OptimizeError> {
        let plans: Vec<(String, Vec<LeverValue>)> = candidates
            .iter()
            .enumerate()
            .map(|(i, x)| (format!("candidate-{}", first + i), lever_values(x)))
            .collect();
        let per_world = self.run_courses(&|w: &Scenario| {
            w.with_plans(&plans)
                .map_err(OptimizeError::Invalid)
                .map(|s| {
                    let n = s.coas().len();
                    (s, (0..n).map(CoaId::from_index).collect())
                })
        })?;
        Ok(self.summarise(&per_world, candidates.len()))
    }

    /// The scenario's own courses of action, scored like the candidates (same stream keys,
    /// same worlds, same statistic): where the hand-written plans sit against the front.
    pub fn evaluate_courses(&self) -> Result<Vec<(String, Vec<f64>)>, OptimizeError> {
        let s = self.study.scenario;
        let ids: Vec<CoaId> = (0..s.coas().len()).map(CoaId::from_index).collect();
        let per_world = self.run_courses(&|w: &Scenario| Ok((w.clone(), ids.clone())))?;
        let scored = self.summarise(&per_world, ids.len());
        Ok(s.coas().iter().map(|c| c.id.clone()).zip(scored).collect())
    }

    /// Runs, in every world, the courses `build` makes of it: per world, per course, the
    /// signed replication means of the objectives.
    fn run_courses(&self, build: &Courses<'_>) -> Result<Vec<Vec<Vec<f64>>>, OptimizeError> {
        let pool = cordon_experiment::thread_pool(self.study.threads)
            .map_err(|e| OptimizeError::Invalid(e.to_string()))?;
        pool.install(|| {
            let built: Vec<Result<Built, OptimizeError>> = self
                .worlds
                .par_iter()
                .map(|w| {
                    let (s, coas) = build(w)?;
                    let plans = coas.iter().map(|&c| CoaPlan::new(&s, c)).collect();
                    Ok((s, coas, plans))
                })
                .collect();
            let built: Vec<Built> = built.into_iter().collect::<Result<_, _>>()?;
            let reps = self.study.reps;
            let n_coas = built.first().map_or(0, |b| b.1.len());
            let per_world = n_coas as u64 * reps;
            let units = built.len() as u64 * per_world;
            let outcomes: Vec<Result<Vec<f64>, String>> = (0..units as usize)
                .into_par_iter()
                .with_max_len(1)
                .map(|u| {
                    let u = u as u64;
                    let (s, _, plans) = &built[(u / per_world) as usize];
                    let c = ((u % per_world) / reps) as usize;
                    run_campaign(
                        s,
                        &plans[c],
                        self.study.mode,
                        StreamKey::new(self.study.seed, u % reps),
                    )
                })
                .collect();
            let mut it = outcomes.into_iter();
            let mut out = Vec::with_capacity(built.len());
            for (w, (s, coas, _)) in built.iter().enumerate() {
                let horizon = s.meta().horizon_days;
                let mut courses = Vec::with_capacity(coas.len());
                for &c in coas {
                    let mut sums = vec![0.0; self.columns.len()];
                    for rep in 0..reps {
                        let values = match it.next() {
                            Some(Ok(v)) => v,
                            failed => {
                                return Err(OptimizeError::Engine {
                                    world: w,
                                    candidate: s.coa(c).description.clone(),
                                    replication: rep,
                                    message: failed.and_then(Result::err).unwrap_or_default(),
                                });
                            }
                        };
                        for (k, &col) in self.columns.iter().enumerate() {
                            let v = values[col];
                            let v = if self.censored[col] && v.is_nan() {
                                horizon
                            } else {
                                v
                            };
                            sums[k] += v;
                        }
                    }
                    courses.push(
                        sums.iter()
                            .zip(&self.signs)
                            .map(|(sum, sign)| sign * sum / reps as f64)
                            .collect(),
                    );
                }
                out.push(courses);
            }
            Ok(out)
        })
    }

    /// Per candidate: the statistic of each objective across the worlds.
    fn summarise(&self, per_world: &[Vec<Vec<f64>>], n: usize) -> Vec<Vec<f64>> {
        let stat = self.study.robust.map_or(Statistic::Mean, |(_, s)| s);
        (0..n)
            .map(|c| {
                (0..self.columns.len())
                    .map(|k| {
                        let mut v: Vec<f64> = per_world.iter().map(|w| w[c][k]).collect();
                        match stat {
                            Statistic::Mean => v.iter().sum::<f64>() / v.len() as f64,
                            Statistic::P90 => {
                                v.sort_by(f64::total_cmp);
                                quantile_sorted(&v, 0.9)
                            }
                            Statistic::Regret => v
                                .iter()
                                .zip(&self.baseline)
                                .map(|(x, b)| x - b[k])
                                .fold(f64::NEG_INFINITY, f64::max),
                        }
                    })
                    .collect()
            })
            .collect()
    }

    /// An objective value (minimised) in the outcome's own direction, for output. Regret stays
    /// a shortfall (lower is better).
    pub fn display(&self, k: usize, f: f64) -> f64 {
        match self.study.robust {
            Some((_, Statistic::Regret)) => f,
            _ => self.signs[k] * f,
        }
    }

    /// Column names of the objectives for output.
    pub fn objective_names(&self) -> Vec<String> {
        match self.study.robust {
            None => self.study.objectives.clone(),
            Some((_, stat)) => self
                .study
                .objectives
                .iter()
                .map(|o| format!("{}_{o}", stat.as_str()))
                .collect(),
        }
    }
}

/// What a world makes of the courses to run: its scenario with them, and their ids.
type Courses<'a> = dyn Fn(&Scenario) -> Result<(Scenario, Vec<CoaId>), OptimizeError> + Sync + 'a;

/// A world ready to run: its scenario, the courses and their plans.
type Built = (Scenario, Vec<CoaId>, Vec<CoaPlan>);
