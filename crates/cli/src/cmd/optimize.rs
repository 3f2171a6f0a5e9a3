//! `cordon optimize [FILE]`: many-objective, robust search over the scenario's `[[lever]]`s.
//! NSGA-II (NSGA-III for three objectives or more) with an ε-dominance archive; every candidate
//! a generated course run with R replications on common random numbers (or once, mean-field),
//! in the nominal scenario or over K sampled worlds with a robustness statistic. Writes
//! `pareto.csv` (and `.parquet`), `courses.csv`, `convergence.csv`, `plans/<plan>.toml`,
//! `manifest.json` and a journal that `--resume` continues from. See docs/optimize.md.

use std::path::PathBuf;

use cordon_engine::Mode;
use cordon_experiment::Shard;
use cordon_optimize::nsga::{Config, Epsilon, Survival};
use cordon_optimize::store::{self, array};
use cordon_optimize::study::{OptimizeError, Statistic, Study};

use super::load_scenario;
use crate::exit::bad_input;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum StatisticArg {
    /// The mean over the worlds.
    Mean,
    /// The 90th percentile of the worse direction.
    P90,
    /// The largest shortfall against the baseline course in the same world.
    Regret,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum AlgorithmArg {
    /// NSGA-II for two objectives, NSGA-III for more.
    Auto,
    /// Crowding distance.
    Nsga2,
    /// Reference directions.
    Nsga3,
}

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Scenario file (TOML) with `[[lever]]` entries. Default: the embedded scenario levant-2017.
    pub file: Option<PathBuf>,
    /// Outcomes to optimise, comma-separated (each minimised or maximised as it is better).
    #[arg(
        long,
        value_delimiter = ',',
        default_value = "fighters_total,coalition_losses,civilian_casualties"
    )]
    pub objectives: Vec<String>,
    /// Generations after the first.
    #[arg(long, default_value_t = 20)]
    pub generations: usize,
    /// Candidates per generation.
    #[arg(long, default_value_t = 24)]
    pub population: usize,
    /// Replications per candidate (the same stream keys for every candidate).
    #[arg(long, default_value_t = 10)]
    pub reps: u64,
    /// Run the mean-field mode (one deterministic run per candidate; much cheaper).
    #[arg(long)]
    pub mean_field: bool,
    /// Evaluate every candidate in K worlds sampled from the declared `[[uncertain]]` parameters.
    #[arg(long, value_name = "K")]
    pub robust: Option<usize>,
    /// With --robust: the statistic of each objective across the worlds.
    #[arg(long, value_enum, default_value_t = StatisticArg::Mean, requires = "robust")]
    pub statistic: StatisticArg,
    /// The ε-archive's box size, as a fraction of each objective's range in the first generation.
    #[arg(long, default_value_t = 0.01)]
    pub epsilon: f64,
    /// Survival rule.
    #[arg(long, value_enum, default_value_t = AlgorithmArg::Auto)]
    pub algorithm: AlgorithmArg,
    /// Seed of the search, the worlds and the random streams (default: the scenario's `seed`).
    #[arg(long)]
    pub seed: Option<u64>,
    /// Worker threads (default: one per core); results do not depend on it.
    #[arg(long, default_value_t = 0)]
    pub threads: usize,
    /// Output directory.
    #[arg(long, default_value = "out/optimize")]
    pub out: PathBuf,
    /// Continue the search whose journal is in --out.
    #[arg(long)]
    pub resume: bool,
    /// A task of a job array: evaluate slice `i/n` of the generation the search in --out waits
    /// for, into --out/pending/ (then --advance). A task run again reuses its file.
    #[arg(long, value_name = "i/n", conflicts_with_all = ["resume", "advance"])]
    pub evaluate_shard: Option<String>,
    /// After a generation's --evaluate-shard tasks: fold their evaluations into the search in
    /// --out, then leave the next generation waiting, or write the results after the last.
    #[arg(long, conflicts_with = "resume")]
    pub advance: bool,
}

fn optimize_error(e: OptimizeError) -> anyhow::Error {
    if e.is_bad_input() {
        bad_input(format!("error: {e}"))
    } else {
        anyhow::Error::new(e)
    }
}

/// The survival rule: NSGA-III's directions with as many divisions as the population allows.
fn survival(algorithm: AlgorithmArg, objectives: usize, population: usize) -> Survival {
    let nsga3 = match algorithm {
        AlgorithmArg::Auto => objectives >= 3,
        AlgorithmArg::Nsga2 => false,
        AlgorithmArg::Nsga3 => true,
    };
    if !nsga3 {
        return Survival::Crowding;
    }
    let mut divisions = 1;
    while cordon_optimize::nsga::reference_directions(objectives, divisions + 1).len() <= population
    {
        divisions += 1;
    }
    Survival::ReferenceDirections { divisions }
}

pub fn run(args: Args) -> anyhow::Result<()> {
    let shard = match &args.evaluate_shard {
        Some(text) => Some(Shard::parse(text).map_err(super::run::experiment_error)?),
        None => None,
    };
    let scenario = load_scenario(args.file.as_deref())?;
    if args.population < 4 || args.population % 2 == 1 {
        return Err(bad_input(format!(
            "error: --population {} must be even and at least 4",
            args.population
        )));
    }
    if !(args.epsilon > 0.0 && args.epsilon < 1.0) {
        return Err(bad_input(format!(
            "error: --epsilon {} must be in (0, 1)",
            args.epsilon
        )));
    }
    let statistic = match args.statistic {
        StatisticArg::Mean => Statistic::Mean,
        StatisticArg::P90 => Statistic::P90,
        StatisticArg::Regret => Statistic::Regret,
    };
    let seed = args.seed.unwrap_or(scenario.meta().seed);
    let study = Study {
        scenario: &scenario,
        objectives: args.objectives.clone(),
        reps: args.reps,
        mode: if args.mean_field {
            Mode::MeanField
        } else {
            Mode::Stochastic
        },
        seed,
        robust: args.robust.map(|k| (k, statistic)),
        threads: args.threads,
    };
    let prep = cordon_optimize::study::prepare(&study).map_err(optimize_error)?;
    for note in &prep.notes {
        eprintln!("note: {note}");
    }
    let mut config = Config::new(args.population, args.generations, seed);
    config.epsilon = Epsilon::Relative(args.epsilon);
    config.survival = survival(args.algorithm, prep.problem.objectives, args.population);
    let out = super::create_out_dir(&args.out)?;
    if let Some(shard) = shard {
        return evaluate_shard(&prep, &config, &out, shard);
    }
    let _lock = super::lock_dir(&out)?;
    let total = args.generations;
    let mut on_generation = |h: &cordon_optimize::GenStat| {
        eprintln!(
            "generation {}/{total}: {} evaluations, hypervolume {:.4}, ε-progress {}, {} plans in the archive",
            h.generation, h.evaluations, h.hypervolume, h.epsilon_progress, h.archive
        );
    };
    let finished = if args.advance {
        match array::advance(&prep, &config, &out, &mut on_generation).map_err(optimize_error)? {
            array::Advanced::Finished(finished) => *finished,
            array::Advanced::Pending { folded, next } => {
                if folded.is_none() {
                    eprintln!("generation {} was folded in already", next - 1);
                }
                outln!(
                    "generation {next}/{total} waits for its evaluations in {}: run the tasks (--evaluate-shard i/n for i in 0..n), then --advance",
                    out.join(array::PENDING).display()
                );
                return Ok(());
            }
        }
    } else {
        let finished = store::search(&prep, &config, &out, args.resume, None, &mut on_generation)
            .map_err(optimize_error)?;
        if let Some(g) = finished.resumed_from {
            eprintln!("resumed after generation {g}");
        }
        finished
    };
    report(&prep, &finished, &out);
    Ok(())
}

/// One task of a job array: its slice of the pending generation.
fn evaluate_shard(
    prep: &cordon_optimize::study::Prepared<'_>,
    config: &Config,
    out: &std::path::Path,
    shard: Shard,
) -> anyhow::Result<()> {
    let _shared = cordon_experiment::store::DirLock::acquire_shared(out)
        .map_err(super::run::experiment_error)?;
    let started = std::time::Instant::now();
    match array::evaluate_shard(prep, config, out, shard).map_err(optimize_error)? {
        array::Evaluated::Wrote {
            generation,
            range,
            file,
        } => outln!(
            "optimize: generation {generation}, shard {}/{}: candidates {} to {} evaluated in {:.1} s into {}",
            shard.index,
            shard.count,
            range.start,
            range.end,
            started.elapsed().as_secs_f64(),
            file.display()
        ),
        array::Evaluated::Reused {
            generation,
            range,
            file,
        } => outln!(
            "optimize: generation {generation}, shard {}/{}: candidates {} to {} were evaluated already in {}",
            shard.index,
            shard.count,
            range.start,
            range.end,
            file.display()
        ),
        array::Evaluated::Complete => outln!(
            "optimize: the search in {} is complete: nothing to evaluate",
            out.display()
        ),
    }
    Ok(())
}

/// The front and the scenario's courses on the terminal.
fn report(
    prep: &cordon_optimize::study::Prepared<'_>,
    finished: &store::Finished,
    out: &std::path::Path,
) {
    let scenario = prep.study.scenario;
    let names = prep.objective_names();
    outln!(
        "{} plans on the front after {} evaluations ({} levers; objectives {}):",
        finished.pareto.len(),
        finished.state.evaluations,
        scenario.levers().len(),
        names.join(", ")
    );
    let levers = scenario.levers();
    for (name, member) in &finished.pareto {
        let values = cordon_optimize::study::lever_values(&member.x);
        let described: Vec<String> = levers
            .iter()
            .zip(&values)
            .map(|(l, v)| format!("{}={}", l.id, l.format(v)))
            .collect();
        let objectives: Vec<String> = member
            .f
            .iter()
            .enumerate()
            .map(|(k, f)| cordon_experiment::format::num(prep.display(k, *f), 1))
            .collect();
        outln!(
            "  {name}: {}  →  {}",
            described.join(", "),
            objectives.join(", ")
        );
    }
    outln!("The scenario's courses of action, scored the same way:");
    for c in &finished.courses {
        let objectives: Vec<String> =
            c.f.iter()
                .enumerate()
                .map(|(k, f)| cordon_experiment::format::num(prep.display(k, *f), 1))
                .collect();
        let standing = if !c.dominated_by.is_empty() {
            format!("dominated by {}", c.dominated_by.join(", "))
        } else if !c.dominates.is_empty() {
            format!("on the front, and dominates {}", c.dominates.join(", "))
        } else {
            "not dominated by any plan of the front".to_string()
        };
        outln!("  {}: {}  ({standing})", c.id, objectives.join(", "));
    }
    outln!(
        "wrote {}/pareto.csv, pareto.parquet, courses.csv, convergence.csv, plans/*.toml, manifest.json",
        out.display()
    );
}
