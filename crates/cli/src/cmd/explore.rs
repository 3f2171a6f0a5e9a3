//! `cordon explore [FILE]`: decisions under deep uncertainty. K worlds drawn from the
//! scenario's `[[uncertain]]` parameters × every course of action (or every factorial arm) × R
//! replications on common random numbers; robustness across worlds (distribution, Savage
//! regret, P(best), pairwise shares, satisficing), a ranking that names its criterion, PRIM
//! boxes of the worlds where each course fails or is not the best, and the verdict first.
//! Shards (`--shard i/n`), `--resume` and `--merge` give byte-identical files. See
//! docs/explore.md.

use std::fmt::Write as _;
use std::path::PathBuf;

use anyhow::Context as _;
use cordon_engine::Mode;
use cordon_experiment::{Better, OutcomeSpec, Shard};
use cordon_explore::robust::{Threshold, parse_thresholds};
use cordon_explore::store::{self, Plan};
use cordon_explore::{Analysis, Explore, ExploreError, Inputs, Prepared, Question, Sampler};
use cordon_model::{CoaId, Scenario};
use cordon_sa::PrimOptions;

use super::load_scenario;
use super::run::TermProgress;
use crate::exit::bad_input;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SamplerArg {
    /// Latin hypercube.
    Lhs,
    /// Sobol points (digitally shifted by the seed).
    Sobol,
}

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Scenario file (TOML). Default: the embedded scenario levant-2017.
    pub file: Option<PathBuf>,
    /// Worlds (K): points of the declared uncertain parameters.
    #[arg(long, default_value_t = 200)]
    pub worlds: usize,
    /// How the worlds are drawn.
    #[arg(long, value_enum, default_value_t = SamplerArg::Lhs)]
    pub sampler: SamplerArg,
    /// Replications per course and world (the same stream keys everywhere).
    #[arg(long, default_value_t = 10)]
    pub reps: u64,
    /// Seed of the worlds and of the random streams (default: the scenario's `seed`).
    #[arg(long)]
    pub seed: Option<u64>,
    /// Run the mean-field mode (one deterministic run per world and course).
    #[arg(long)]
    pub mean_field: bool,
    /// Courses of action, comma-separated (default: all).
    #[arg(long, value_delimiter = ',', conflicts_with = "factorial")]
    pub coas: Vec<String>,
    /// Run every arm of the full factorial of the strategy factors instead of the courses.
    #[arg(long)]
    pub factorial: bool,
    /// With --factorial: hold factors at one level, e.g. `--fix proxy=none`.
    #[arg(long, value_delimiter = ',', requires = "factorial")]
    pub fix: Vec<String>,
    /// Outcomes analysed, comma-separated; the first ranks the courses (regret, P(best)).
    #[arg(
        long,
        value_delimiter = ',',
        default_value = "fighters_total,coalition_losses,civilian_casualties"
    )]
    pub metrics: Vec<String>,
    /// Satisficing thresholds on per-world means, e.g. "fighters_total<2000,coalition_losses<10000".
    #[arg(long)]
    pub satisfice: Option<String>,
    /// PRIM: the density a box must reach to be chosen.
    #[arg(long, default_value_t = 0.8)]
    pub threshold: f64,
    /// PRIM: share of the box each peel removes.
    #[arg(long, default_value_t = 0.05)]
    pub peel_alpha: f64,
    /// Output directory.
    #[arg(long, default_value = "out/explore")]
    pub out: PathBuf,
    /// Worker threads (default: one per core); results do not depend on it.
    #[arg(long, default_value_t = 0)]
    pub threads: usize,
    /// Run one slice of the worlds: `i/n` (merge the n directories with --merge).
    #[arg(long)]
    pub shard: Option<String>,
    /// Finish the exploration already in --out (start it there if --out holds none).
    #[arg(long)]
    pub resume: bool,
    /// Replace the results of another experiment in --out (without it, a directory holding
    /// them is left untouched and the command exits 2; the same exploration again is allowed).
    #[arg(long, conflicts_with = "resume")]
    pub force: bool,
    /// Merge these complete shard directories into --out (give the same scenario and flags).
    #[arg(long, value_delimiter = ',', conflicts_with_all = ["shard", "resume"])]
    pub merge: Vec<PathBuf>,
}

/// Refuses an `--out` that is a file, and one that holds another experiment unless `--force`
/// (`--resume` checks its own: it finishes the same exploration only).
fn guard_out(args: &Args, plan: &Plan) -> anyhow::Result<()> {
    super::occupied::refuse_file(&args.out)?;
    if args.force || args.resume || !args.merge.is_empty() {
        return Ok(());
    }
    let what = match store::held_plan(&args.out).map_err(explore_error)? {
        Some(old) => match plan.difference(&old) {
            None => return Ok(()),
            Some(diff) => format!("another exploration ({diff})"),
        },
        None => match super::occupied::manifest(&args.out) {
            Some(held) => super::occupied::kind_of(&held),
            None => return Ok(()),
        },
    };
    Err(super::occupied::refusal(&args.out, &what, true))
}

fn explore_error(e: ExploreError) -> anyhow::Error {
    if e.is_bad_input() {
        bad_input(format!("error: {e}"))
    } else {
        anyhow::Error::new(e)
    }
}

/// The scenario whose courses run, and the courses.
fn courses(args: &Args) -> anyhow::Result<(Scenario, Vec<CoaId>)> {
    let s = load_scenario(args.file.as_deref())?;
    let s = if args.factorial {
        let space = s.factor_space();
        let fixed = super::factorial::parse_fixed(&space, &args.fix)?;
        let design = cordon_experiment::factorial::Design::full(&space, &fixed);
        design
            .scenario(&s)
            .map_err(|e| bad_input(format!("error: the factorial arms: {e}")))?
    } else {
        s
    };
    let coas = if args.coas.is_empty() {
        (0..s.coas().len()).map(CoaId::from_index).collect()
    } else {
        args.coas
            .iter()
            .map(|id| {
                s.coa_by_id(id).ok_or_else(|| {
                    bad_input(format!(
                        "error: unknown course of action \"{id}\" (courses: {})",
                        s.coa_ids().join(", ")
                    ))
                })
            })
            .collect::<anyhow::Result<_>>()?
    };
    Ok((s, coas))
}

fn spec<'a>(specs: &'a [OutcomeSpec], name: &str, flag: &str) -> anyhow::Result<&'a OutcomeSpec> {
    specs.iter().find(|o| o.name == name).ok_or_else(|| {
        bad_input(format!(
            "error: unknown outcome \"{name}\" in {flag} (outcomes: {})",
            specs
                .iter()
                .map(|o| o.name.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ))
    })
}

pub fn run(args: Args) -> anyhow::Result<()> {
    let started = std::time::Instant::now();
    let (scenario, coas) = courses(&args)?;
    let specs = cordon_experiment::outcome_specs(&scenario);
    for m in &args.metrics {
        spec(&specs, m, "--metrics")?;
    }
    let thresholds = match &args.satisfice {
        Some(text) => parse_thresholds(text).map_err(explore_error)?,
        None => Vec::new(),
    };
    for t in &thresholds {
        spec(&specs, &t.metric, "--satisfice")?;
    }
    let prim = PrimOptions {
        threshold: args.threshold,
        peel_alpha: args.peel_alpha,
        ..PrimOptions::default()
    };
    prim.validate()
        .map_err(|e| bad_input(format!("error: {e}")))?;
    let shard = match &args.shard {
        Some(text) => Shard::parse(text).map_err(super::run::experiment_error)?,
        None => Shard::WHOLE,
    };
    let explore = Explore {
        scenario: &scenario,
        coas,
        worlds: args.worlds,
        sampler: match args.sampler {
            SamplerArg::Lhs => Sampler::Lhs,
            SamplerArg::Sobol => Sampler::Sobol,
        },
        reps: args.reps,
        seed: args.seed.unwrap_or(scenario.meta().seed),
        mode: if args.mean_field {
            Mode::MeanField
        } else {
            Mode::Stochastic
        },
        threads: args.threads,
        shard,
    };
    let prep = cordon_explore::prepare(&explore).map_err(explore_error)?;
    for note in &prep.notes {
        eprintln!("note: {note}");
    }
    let plan = Plan::of(&prep);
    guard_out(&args, &plan)?;
    std::fs::create_dir_all(&args.out)
        .with_context(|| format!("cannot create {}", args.out.display()))?;
    let _lock = super::lock_dir(&args.out)?;
    if args.merge.is_empty() {
        let (mut journal, done) =
            store::open(&args.out, &plan, args.resume).map_err(explore_error)?;
        let range = prep.range();
        let progress = TermProgress::new("explore");
        let per_world = prep.explore.coas.len() as u64 * prep.explore.reps;
        cordon_experiment::Progress::start(&progress, prep.campaigns(), done as u64 * per_world);
        let ids = prep.coa_ids();
        cordon_explore::run(&prep, range.start + done..range.end, &progress, &mut |r| {
            journal.append(r, &ids)
        })
        .map_err(explore_error)?;
        cordon_experiment::Progress::finish(&progress);
    } else {
        let merged = store::merge(&args.merge, &args.out).map_err(explore_error)?;
        if merged != plan {
            return Err(bad_input(format!(
                "error: the shards in --merge were run with another scenario or other flags than this command's (scenario {} seed {} worlds {} reps {}): give the same FILE and flags as the shards",
                merged.scenario_name, merged.seed, merged.worlds, merged.replications
            )));
        }
    }
    finish(&args, &prep, &plan, &specs, thresholds, prim, started)
}

fn finish(
    args: &Args,
    prep: &Prepared<'_>,
    plan: &Plan,
    specs: &[OutcomeSpec],
    thresholds: Vec<Threshold>,
    prim: PrimOptions,
    started: std::time::Instant,
) -> anyhow::Result<()> {
    let better = |name: &str| {
        specs
            .iter()
            .find(|o| o.name == name)
            .map_or(Better::Neither, |o| o.better)
    };
    let settings = store::Settings {
        metrics: args
            .metrics
            .iter()
            .map(|m| (m.clone(), better(m)))
            .collect(),
        thresholds,
        prim,
    };
    let finished = store::finish(&args.out, prep, plan, &settings).map_err(explore_error)?;
    let elapsed = started.elapsed().as_secs_f64();
    let Some((inputs, analysis)) = &finished.analysis else {
        let range = prep.range();
        outln!(
            "explore: shard {}/{} done: worlds {} to {} ({} campaigns in {elapsed:.1} s) in {}; merge every shard's directory with --merge",
            plan.shard_index,
            plan.shard_count,
            range.start,
            range.end - 1,
            prep.campaigns(),
            args.out.display()
        );
        return Ok(());
    };
    let timing = if args.merge.is_empty() {
        format!("in {elapsed:.1} s")
    } else {
        format!("merged from {} shards", args.merge.len())
    };
    out!("{}", terminal(prep, inputs, analysis, specs, &timing));
    out!(
        "{}",
        crate::table::fold(
            &format!(
                "Results in {}: {}",
                args.out.display(),
                finished.files.join(", ")
            ),
            80
        )
    );
    Ok(())
}

fn fmt(x: f64) -> String {
    if x.is_nan() {
        return "-".into();
    }
    cordon_experiment::format::num(x, if x.abs() >= 100.0 { 0 } else { 3 })
}

fn pct(x: f64) -> String {
    format!("{:.0}%", 100.0 * x)
}

/// The terminal output: the verdict first, then the tables.
pub fn terminal(
    prep: &Prepared<'_>,
    inputs: &Inputs,
    a: &Analysis,
    specs: &[OutcomeSpec],
    timing: &str,
) -> String {
    let mut t = String::new();
    let e = &prep.explore;
    // The verdict first, within 80 columns.
    let verdict = crate::table::wrap(&format!("Verdict: {}", a.verdict), 80);
    let _ = writeln!(t, "{}\n", verdict.trim_end());
    let summary = format!(
        "explore: {} worlds ({} over {} uncertain parameters, seed {}) × {} courses × {} replication(s), {}: {} campaigns {timing}",
        e.worlds,
        match e.sampler {
            Sampler::Lhs => "Latin hypercube",
            Sampler::Sobol => "Sobol points",
        },
        prep.levers.len(),
        e.seed,
        e.coas.len(),
        e.reps,
        match e.mode {
            Mode::Stochastic => "stochastic, common random numbers",
            Mode::MeanField => "mean-field",
        },
        prep.campaigns()
    );
    let _ = write!(t, "{}", crate::table::fold(&summary, 80));
    let ranking = format!(
        "Ranking by {}: {}",
        a.criterion,
        a.ranking
            .iter()
            .map(|&c| inputs.courses[c].as_str())
            .collect::<Vec<_>>()
            .join(" > ")
    );
    let _ = write!(t, "{}", crate::table::fold(&ranking, 80));
    let width = inputs
        .courses
        .iter()
        .map(String::len)
        .max()
        .unwrap_or(6)
        .max(6);
    for m in &a.metrics {
        let label = specs
            .iter()
            .find(|o| o.name == m.name)
            .map_or("", |o| o.label.as_str());
        let _ = write!(
            t,
            "\n{}",
            crate::table::fold(
                &format!(
                    "{} ({label}; {}) across {} worlds",
                    m.name,
                    m.better.as_str(),
                    a.worlds
                ),
                80
            )
        );
        // Within 80 columns: the median and the p90 regret are in robustness.csv.
        let _ = writeln!(
            t,
            "  {:<width$}  {:>9}  {:>9}  {:>9}  {:>10}  P(best) [95%]",
            "course", "mean", "p10", "p90", "max regret"
        );
        for &c in &a.ranking {
            let r = &m.courses[c];
            let best = r.best.map_or_else(
                || "-".to_string(),
                |s| format!("{} [{}, {}]", pct(s.share), pct(s.low), pct(s.high)),
            );
            let _ = writeln!(
                t,
                "  {:<width$}  {:>9}  {:>9}  {:>9}  {:>10}  {best}",
                inputs.courses[c],
                fmt(r.mean),
                fmt(r.p10),
                fmt(r.p90),
                fmt(r.regret_max)
            );
        }
    }
    beats_table(&mut t, inputs, a, width);
    if !a.satisficing.is_empty() {
        let ts: Vec<String> = inputs.thresholds.iter().map(|t| t.0.to_string()).collect();
        let _ = writeln!(
            t,
            "\nsatisficing ({}): share of worlds meeting every threshold",
            ts.join(" and ")
        );
        for &c in &a.ranking {
            let s = &a.satisficing[c];
            let _ = writeln!(
                t,
                "  {:<width$}  {:>5}  [{}, {}]",
                inputs.courses[c],
                pct(s.share),
                pct(s.low),
                pct(s.high)
            );
        }
    }
    discoveries(&mut t, inputs, a);
    t
}

/// The pairwise table of the primary metric (up to 8 courses).
fn beats_table(t: &mut String, inputs: &Inputs, a: &Analysis, width: usize) {
    if let Some(m) = a.metrics.first().filter(|_| inputs.courses.len() <= 8) {
        let _ = writeln!(
            t,
            "\n{}: the row beats the column in this share of worlds",
            m.name
        );
        let _ = write!(t, "  {:<width$}", "");
        for &c in &a.ranking {
            let _ = write!(t, "  {:>12}", truncate(&inputs.courses[c], 12));
        }
        let _ = writeln!(t);
        for &r in &a.ranking {
            let _ = write!(t, "  {:<width$}", inputs.courses[r]);
            for &c in &a.ranking {
                let cell = m.beats[r][c].map_or_else(
                    || "-".to_string(),
                    |s| format!("{} ±{:.0}", pct(s.share), 50.0 * (s.high - s.low)),
                );
                let _ = write!(t, "  {cell:>12}");
            }
            let _ = writeln!(t);
        }
    }
}

/// Where each course fails or is not the best, in words.
fn discoveries(t: &mut String, inputs: &Inputs, a: &Analysis) {
    let _ = writeln!(
        t,
        "\nwhere each course fails or is not the best (PRIM, density ≥ {}):",
        inputs.prim.threshold
    );
    for &c in &a.ranking {
        for d in a.discoveries.iter().filter(|d| d.course == c) {
            let (what, none, all) = match d.question {
                Question::Fails => (
                    "fails the thresholds",
                    "meets them in every world",
                    "fails them in every world",
                ),
                Question::NotBest => (
                    "is not the best",
                    "is the best in every world",
                    "is not the best in any world",
                ),
            };
            let text = match cordon_explore::analysis::describe_box(inputs, d) {
                Some((words, _)) => format!("{what} when {words}"),
                None if d.cases == 0 => none.to_string(),
                None if d.cases == a.worlds => all.to_string(),
                None => format!(
                    "{what} in {} of {} worlds, spread across the parameters (no restricted box is chosen)",
                    d.cases, a.worlds
                ),
            };
            let _ = writeln!(t, "  {} {text}", inputs.courses[c]);
        }
    }
}

fn truncate(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        s.chars().take(n - 1).chain(std::iter::once('…')).collect()
    }
}

/// Worlds of the main job by default: mean-field, so the whole `cordon compare` stays near a
/// minute on 2 cores (docs/explore.md).
pub const COMPARE_WORLDS: usize = 200;

/// The worlds section of `cordon compare`: every compared course, in mean-field mode, in
/// `worlds` plausible worlds drawn from the scenario's `[[uncertain]]` parameters (Latin
/// hypercube, the comparison's seed), analysed as `cordon explore` does with its default
/// metrics and written to `out`. Returns the section's text, and `None` when the scenario
/// declares no uncertain parameter.
pub fn compare_worlds(
    scenario: &Scenario,
    coas: Vec<CoaId>,
    seed: u64,
    threads: usize,
    worlds: usize,
    out: &std::path::Path,
) -> anyhow::Result<Option<(String, usize)>> {
    let explore = Explore {
        scenario,
        coas,
        worlds,
        sampler: Sampler::Lhs,
        reps: 1,
        seed,
        mode: Mode::MeanField,
        threads,
        shard: Shard::WHOLE,
    };
    let prep = match cordon_explore::prepare(&explore) {
        Ok(p) => p,
        Err(ExploreError::NoUncertain) => return Ok(None),
        Err(e) => return Err(explore_error(e)),
    };
    std::fs::create_dir_all(out).with_context(|| format!("cannot create {}", out.display()))?;
    let plan = Plan::of(&prep);
    let (mut journal, _) = store::open(out, &plan, false).map_err(explore_error)?;
    let progress = TermProgress::new("worlds");
    cordon_experiment::Progress::start(&progress, prep.campaigns(), 0);
    let ids = prep.coa_ids();
    cordon_explore::run(&prep, prep.range(), &progress, &mut |r| {
        journal.append(r, &ids)
    })
    .map_err(explore_error)?;
    cordon_experiment::Progress::finish(&progress);
    let specs = cordon_experiment::outcome_specs(scenario);
    let metrics = ["fighters_total", "coalition_losses", "civilian_casualties"]
        .into_iter()
        .filter_map(|m| specs.iter().find(|o| o.name == m))
        .map(|o| (o.name.clone(), o.better))
        .collect::<Vec<_>>();
    if metrics.is_empty() {
        return Ok(None);
    }
    let settings = store::Settings {
        metrics,
        thresholds: Vec::new(),
        prim: PrimOptions::default(),
    };
    let finished = store::finish(out, &prep, &plan, &settings).map_err(explore_error)?;
    let Some((inputs, analysis)) = &finished.analysis else {
        return Ok(None);
    };
    let text = format!(
        "({} plausible worlds of the {} declared uncertain parameters, mean-field: R = 1 run per course and world): {} Ranking by {}: {}.",
        worlds,
        prep.levers.len(),
        analysis.verdict,
        analysis.criterion,
        analysis
            .ranking
            .iter()
            .map(|&c| inputs.courses[c].as_str())
            .collect::<Vec<_>>()
            .join(" > ")
    );
    Ok(Some((text, prep.levers.len())))
}
