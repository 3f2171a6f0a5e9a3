//! An experiment: courses of action × replications of one scenario, run in parallel into a
//! results directory, resumable, shardable, and with an optional adaptive stop.
//!
//! Units are processed in (course, replication) order, in chunks: a chunk runs in parallel,
//! its results are collected in unit order, journaled and fsync'd, and folded into the bands.
//! The results therefore depend on the experiment only, never on the number of threads.

use std::path::Path;

use cordon_engine::{Mode, StreamKey};
use cordon_model::{CoaId, Scenario};

use crate::bands::BandLayout;
use crate::courses::CourseRecord;
use crate::ensemble::{Progress, Unit, run_units, thread_pool};
use crate::error::ExperimentError;
use crate::files::FileError;
use crate::store::{CourseFiles, FinalFacts, Plan, Resumed, RunInfo, State, relative_half_widths};

/// Units per checkpoint of the bands: on resume after a crash, at most this many units are
/// re-simulated to rebuild their band samples (their outcomes come from the journal).
pub const CHECKPOINT_UNITS: u64 = 2048;

/// One slice of an experiment for one machine: replications `[⌊i·R/n⌋, ⌊(i+1)·R/n⌋)` of every
/// course of action.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Shard {
    /// 0-based.
    pub index: u64,
    pub count: u64,
}

impl Shard {
    /// The whole experiment.
    pub const WHOLE: Shard = Shard { index: 0, count: 1 };

    /// Parses `i/n` (0 ≤ i < n), as Slurm's `$SLURM_ARRAY_TASK_ID/$N` or Kubernetes'
    /// `$JOB_COMPLETION_INDEX/$N` give it.
    pub fn parse(text: &str) -> Result<Shard, ExperimentError> {
        let bad = |why: &str| {
            ExperimentError::Invalid(format!(
                "bad shard \"{text}\": {why} (expected i/n with 0 <= i < n, e.g. 0/4)"
            ))
        };
        let (i, n) = text
            .split_once('/')
            .ok_or_else(|| bad("no \"/\" between the shard and the count"))?;
        let index: u64 = i
            .trim()
            .parse()
            .map_err(|_| bad("the shard is not a whole number"))?;
        let count: u64 = n
            .trim()
            .parse()
            .map_err(|_| bad("the count is not a whole number"))?;
        if count == 0 {
            return Err(bad("the count must be at least 1"));
        }
        if index >= count {
            return Err(bad(&format!(
                "shard {index} does not exist among {count} (0 to {})",
                count - 1
            )));
        }
        Ok(Shard { index, count })
    }
}

/// When to stop adding replications.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Stop {
    /// Run exactly the requested replications.
    Fixed,
    /// Add replications in batches until, for every course, the 95% half-width of the headline
    /// outcome (`fighters_total`) is below `relative` times its mean; `reps` is the ceiling.
    HalfWidth { relative: f64, batch: u64 },
}

/// The headline outcome of the adaptive stop.
pub const HEADLINE_OUTCOME: &str = "fighters_total";

/// What to run.
#[derive(Clone, Debug)]
pub struct Experiment<'s> {
    pub scenario: &'s Scenario,
    /// Courses of action, in the order of the results.
    pub coas: Vec<CoaId>,
    /// Replications per course of action (a ceiling with [`Stop::HalfWidth`]).
    pub reps: u64,
    /// Seed of the random streams; replication `r` of every course uses `StreamKey(seed, r)`.
    pub seed: u64,
    pub mode: Mode,
    /// Worker threads (0: one per core). Results do not depend on it.
    pub threads: usize,
    pub shard: Shard,
    pub stop: Stop,
    /// Bands record every this many steps (and the last step).
    pub band_every_steps: usize,
}

impl<'s> Experiment<'s> {
    /// `reps` stochastic replications of `coas` with the scenario's seed, on every core,
    /// bands at the default spacing.
    pub fn new(scenario: &'s Scenario, coas: Vec<CoaId>, reps: u64) -> Experiment<'s> {
        Experiment {
            scenario,
            coas,
            reps,
            seed: scenario.meta().seed,
            mode: Mode::Stochastic,
            threads: 0,
            shard: Shard::WHOLE,
            stop: Stop::Fixed,
            band_every_steps: BandLayout::default_every_steps(scenario),
        }
    }

    /// Checks the request; every problem is [`ExperimentError::Invalid`].
    pub fn validate(&self) -> Result<(), ExperimentError> {
        let invalid = |m: String| Err(ExperimentError::Invalid(m));
        if self.coas.is_empty() {
            return invalid("no course of action to run".into());
        }
        for (i, c) in self.coas.iter().enumerate() {
            if c.index() >= self.scenario.coas().len() {
                return invalid(format!(
                    "course of action #{} is not in the scenario",
                    c.index()
                ));
            }
            if self.coas[..i].contains(c) {
                return invalid(format!(
                    "course of action {} is listed twice",
                    self.scenario.coa(*c).id
                ));
            }
        }
        if self.reps == 0 {
            return invalid("--reps must be at least 1".into());
        }
        match self.units() {
            Some(units) if units <= crate::resources::MAX_UNITS => {}
            units => {
                return invalid(format!(
                    "--reps {} × {} course{} of action is {} replications; at most {} (2^40) can run",
                    self.reps,
                    self.coas.len(),
                    if self.coas.len() == 1 { "" } else { "s" },
                    units.map_or_else(
                        || format!("{:e}", self.reps as f64 * self.coas.len() as f64),
                        |u| u.to_string()
                    ),
                    crate::resources::MAX_UNITS
                ));
            }
        }
        crate::resources::check_threads(self.threads)?;
        if self.shard.count == 0 || self.shard.index >= self.shard.count {
            return invalid(format!(
                "bad shard {}/{}",
                self.shard.index, self.shard.count
            ));
        }
        if self.shard.count > self.reps {
            return invalid(format!(
                "{} shards for {} replications: some shards would be empty",
                self.shard.count, self.reps
            ));
        }
        if self.band_every_steps == 0 {
            return invalid("bands must record every 1 or more steps".into());
        }
        if let Stop::HalfWidth { relative, batch } = self.stop {
            if !(relative.is_finite() && relative > 0.0) {
                return invalid(format!(
                    "--ci-width must be a positive number (a fraction of the mean, e.g. 0.02), not {relative}"
                ));
            }
            if batch == 0 {
                return invalid("the batch of an adaptive run must be at least 1".into());
            }
            if self.shard.count > 1 {
                return invalid(
                    "--ci-width decides when to stop from all replications: it cannot be combined with --shard".into(),
                );
            }
            if !cordon_engine::Outcome::names(self.scenario)
                .iter()
                .any(|n| n == HEADLINE_OUTCOME)
            {
                return invalid(format!("the engine has no outcome {HEADLINE_OUTCOME}"));
            }
        }
        Ok(())
    }

    /// The identity of the experiment, as stored in `state/plan.json`.
    pub(crate) fn plan(&self) -> Plan {
        let (ci_width, ci_batch) = match self.stop {
            Stop::Fixed => (None, 0),
            Stop::HalfWidth { relative, batch } => (Some(relative), batch),
        };
        Plan {
            format: "cordon-experiment/1".into(),
            cordon_version: crate::store::manifest::CORDON_VERSION.into(),
            git_commit: crate::store::manifest::GIT_COMMIT.into(),
            scenario_name: self.scenario.meta().name.clone(),
            scenario_hash: self.scenario.hash(),
            seed: self.seed,
            mode: match self.mode {
                Mode::Stochastic => "stochastic".into(),
                Mode::MeanField => "mean-field".into(),
            },
            coas: self
                .coas
                .iter()
                .map(|c| self.scenario.coa(*c).id.clone())
                .collect(),
            replications: self.reps,
            shard_index: self.shard.index,
            shard_count: self.shard.count,
            ci_width,
            ci_batch,
            band_every_steps: self.band_every_steps as u64,
            outcomes: cordon_engine::Outcome::names(self.scenario),
        }
    }
}

/// Why an experiment stopped where it did.
#[derive(Clone, Debug, PartialEq)]
pub enum StopReason {
    /// The requested replications ran.
    Fixed,
    /// Every course's relative half-width fell below the target.
    Converged {
        /// The largest relative half-width, and its course.
        worst: f64,
        worst_coa: String,
    },
    /// The `--reps` ceiling was reached first.
    Ceiling { worst: f64, worst_coa: String },
}

impl StopReason {
    fn as_str(&self) -> &'static str {
        match self {
            StopReason::Fixed => "fixed",
            StopReason::Converged { .. } => "converged",
            StopReason::Ceiling { .. } => "ceiling",
        }
    }
}

/// What a run did.
#[derive(Clone, Debug, PartialEq)]
pub struct RunReport {
    /// Replications per course of action in the results (of this shard).
    pub replications: u64,
    pub stop: StopReason,
    /// Units found done in the directory (resume).
    pub resumed: Resumed,
    /// Units run by this invocation (band re-simulations after a crash not counted).
    pub units_run: u64,
    /// Successful replications written to runs.csv, and failed ones to failures.csv.
    pub rows: u64,
    pub failures: u64,
}

/// Runs an experiment into `dir`; with `resume`, finishes the one already there.
pub fn run(
    exp: &Experiment<'_>,
    dir: &Path,
    resume: bool,
    info: &RunInfo,
    progress: &dyn Progress,
) -> Result<RunReport, ExperimentError> {
    exp.validate()?;
    let pool = thread_pool(exp.threads)?;
    let plan = exp.plan();
    let layout = BandLayout::new(exp.scenario, exp.band_every_steps);
    std::fs::create_dir_all(dir).map_err(|e| FileError::io(dir, e))?;
    let (mut state, resumed) = State::open(
        dir,
        &plan,
        &exp.scenario.resolved_toml(),
        layout.clone(),
        resume,
    )?;
    let n_coas = exp.coas.len();
    let (lo, hi) = plan.range();
    progress.start((hi - lo) * n_coas as u64, resumed.units);
    let mut runner = Runner {
        exp,
        state: &mut state,
        pool: &pool,
        layout: &layout,
        progress,
        since_checkpoint: 0,
        units_run: 0,
    };
    runner.fill_band_gap()?;
    let stop = match exp.stop {
        Stop::Fixed => {
            runner.advance(hi)?;
            StopReason::Fixed
        }
        Stop::HalfWidth { relative, batch } => {
            let column = plan
                .outcomes
                .iter()
                .position(|n| n == HEADLINE_OUTCOME)
                .unwrap_or(0);
            let mut n = batch.min(exp.reps);
            loop {
                runner.advance(n)?;
                runner.state.checkpoint()?;
                let widths = relative_half_widths(dir, n_coas, n, column)?;
                let (worst_c, worst) =
                    widths
                        .iter()
                        .copied()
                        .enumerate()
                        .fold(
                            (0, 0.0_f64),
                            |m, (c, w)| if w > m.1 || w.is_nan() { (c, w) } else { m },
                        );
                let worst_coa = plan.coas[worst_c].clone();
                if worst < relative {
                    break StopReason::Converged { worst, worst_coa };
                }
                if n >= exp.reps {
                    break StopReason::Ceiling { worst, worst_coa };
                }
                n = next_batch_target(n, batch, exp.reps, worst / relative);
            }
        }
    };
    runner.state.checkpoint()?;
    let units_run = runner.units_run;
    let replications = state.done.iter().copied().max().unwrap_or(0);
    progress.set_total(state.done.iter().sum());
    progress.finish();
    let records = course_records(exp, &layout);
    let finalized = state.finalize(
        FinalFacts {
            stop: stop.as_str(),
            merged_from: &[],
            courses: CourseFiles::Write(exp.scenario, &records),
        },
        info,
    )?;
    Ok(RunReport {
        replications,
        stop,
        resumed,
        units_run,
        rows: finalized.rows,
        failures: finalized.failures,
    })
}

/// The per-course record of every course of the experiment (`crate::courses`), in order.
fn course_records(exp: &Experiment<'_>, layout: &BandLayout) -> Vec<CourseRecord> {
    let days = crate::courses::recorded_days(exp.scenario, &layout.days);
    exp.coas
        .iter()
        .map(|&coa| crate::courses::record(exp.scenario, coa, exp.seed, &days))
        .collect()
}

/// The next replication count of an adaptive run: the half-width shrinks as 1/√n, so
/// `n · ratio²` replications are predicted to reach the target; the step is at least one batch
/// and at most a quadrupling, rounded up to whole batches, and never past the ceiling.
fn next_batch_target(n: u64, batch: u64, ceiling: u64, ratio: f64) -> u64 {
    let predicted = if ratio.is_finite() {
        (n as f64 * ratio * ratio).ceil().min(4.0 * n as f64) as u64
    } else {
        4 * n
    };
    let target = predicted.max(n + batch).div_ceil(batch) * batch;
    target.min(ceiling)
}

struct Runner<'a, 's> {
    exp: &'a Experiment<'s>,
    state: &'a mut State,
    pool: &'a rayon::ThreadPool,
    layout: &'a BandLayout,
    progress: &'a dyn Progress,
    since_checkpoint: u64,
    units_run: u64,
}

impl Runner<'_, '_> {
    /// Units per chunk: enough to keep every worker busy, few enough to bound the memory of
    /// the chunk's band samples.
    fn chunk_len(&self) -> usize {
        crate::resources::chunk_units(self.pool.current_num_threads(), Some(self.layout))
    }

    /// Runs every course of action up to (excluding) replication `end`.
    fn advance(&mut self, end: u64) -> Result<(), ExperimentError> {
        let (lo, _) = self.state.plan.range();
        let mut units: Vec<(usize, u64)> = Vec::new();
        let chunk = self.chunk_len();
        for c in 0..self.exp.coas.len() {
            for rep in lo + self.state.done[c]..end {
                units.push((c, rep));
                if units.len() == chunk {
                    self.run_chunk(&units)?;
                    units.clear();
                }
            }
        }
        if !units.is_empty() {
            self.run_chunk(&units)?;
        }
        Ok(())
    }

    fn run_chunk(&mut self, units: &[(usize, u64)]) -> Result<(), ExperimentError> {
        let work: Vec<Unit> = units
            .iter()
            .map(|&(c, rep)| Unit {
                coa: self.exp.coas[c],
                key: StreamKey::new(self.exp.seed, rep),
            })
            .collect();
        let results = run_units(
            self.exp.scenario,
            &work,
            self.exp.mode,
            Some(self.layout),
            self.pool,
            self.progress,
        );
        for (&(c, rep), result) in units.iter().zip(&results) {
            self.state.record(c, rep, result);
        }
        self.state.commit()?;
        self.units_run += units.len() as u64;
        self.since_checkpoint += units.len() as u64;
        if self.since_checkpoint >= CHECKPOINT_UNITS {
            self.state.checkpoint()?;
            self.since_checkpoint = 0;
        }
        Ok(())
    }

    /// Re-simulates the journaled units missing from the band checkpoint (after a crash).
    fn fill_band_gap(&mut self) -> Result<(), ExperimentError> {
        let gap = self.state.band_gap();
        if gap.is_empty() {
            return Ok(());
        }
        let chunk = self.chunk_len();
        for (c, first, end) in gap {
            let entries = self.state.journal_entries(c, first, end)?;
            for batch in entries.chunks(chunk) {
                let work: Vec<Unit> = batch
                    .iter()
                    .map(|e| Unit {
                        coa: self.exp.coas[c],
                        key: StreamKey::new(self.exp.seed, e.replication()),
                    })
                    .collect();
                let results = run_units(
                    self.exp.scenario,
                    &work,
                    self.exp.mode,
                    Some(self.layout),
                    self.pool,
                    &crate::ensemble::NoProgress,
                );
                for (entry, result) in batch.iter().zip(&results) {
                    self.state.fill_gap_unit(c, entry, result)?;
                }
            }
        }
        self.state.checkpoint()
    }
}
