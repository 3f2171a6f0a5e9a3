//! `cordon run [FILE] --coa ID --reps N`: replications of one course of action.
//!
//! Also the glue `cordon compare` shares: the ensemble flags, progress on stderr, and the
//! terminal tables of summaries and paired differences.

use std::io::IsTerminal as _;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Instant;

use cordon_engine::Mode;
use cordon_experiment::store::DirLock;
use cordon_experiment::{
    Better, Comparison, Experiment, ExperimentError, Kind, PairedDiff, Progress, RunInfo,
    RunReport, Shard, Stop, StopReason, Summary,
};
use cordon_model::{CoaId, Scenario};

use super::simulate::resolve_coa;
use super::{create_out_dir, load_scenario, lock_dir};
use cordon_experiment::format::{
    MISSING, decimals, interval, probability, replications, signed, value,
};

use crate::exit::bad_input;
use crate::table::{Table, num};

/// Replications per course of action by default.
pub const DEFAULT_REPS: u64 = 1000;

/// Replications per batch of an adaptive (`--ci-width`) run.
pub const CI_BATCH: u64 = 100;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Scenario file (TOML). Default: the embedded scenario levant-2017.
    pub file: Option<PathBuf>,
    /// Course of action to run (default: the first in the file).
    #[arg(long)]
    pub coa: Option<String>,
    #[command(flatten)]
    pub ensemble: EnsembleArgs,
}

/// The flags of every ensemble command.
#[derive(Debug, clap::Args)]
pub struct EnsembleArgs {
    /// Replications per course of action (the ceiling with --ci-width).
    #[arg(long, default_value_t = DEFAULT_REPS)]
    pub reps: u64,
    /// Seed of the random streams (default: the scenario's `seed`).
    #[arg(long)]
    pub seed: Option<u64>,
    /// Output directory (default: out/compare, or out/run-COA for `cordon run`).
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Worker threads (default: one per core); results do not depend on it.
    #[arg(long, default_value_t = 0)]
    pub threads: usize,
    /// Add replications in batches of 100 until the 95% half-width of total fighters at the
    /// horizon is below W times its mean for every course of action (e.g. 0.02), up to --reps.
    #[arg(long, value_name = "W", allow_hyphen_values = true)]
    pub ci_width: Option<f64>,
    /// Finish the interrupted run in --out, keeping every completed replication.
    #[arg(long)]
    pub resume: bool,
    /// Run slice i of n (0 <= i < n) of the replications, e.g. 0/4; combine with `cordon merge`.
    #[arg(long, value_name = "i/n")]
    pub shard: Option<String>,
    /// Show every outcome (default: the headline outcomes and fighters per region).
    #[arg(long)]
    pub all: bool,
}

pub fn run(args: Args) -> anyhow::Result<()> {
    let s = load_scenario(args.file.as_deref())?;
    let coa = resolve_coa(&s, args.coa.as_deref())?;
    let out = args
        .ensemble
        .out
        .clone()
        .unwrap_or_else(|| PathBuf::from(format!("out/run-{}", s.coa(coa).id)));
    let done = execute(&s, vec![coa], None, &args.ensemble, &out, "run")?;
    done.failure.map_or(Ok(()), Err)
}

/// What [`execute`] leaves: the lock of the results directory, for the caller to keep while
/// it writes more there, and the error to exit with once it has (failed replications).
pub struct Executed {
    pub lock: DirLock,
    pub failure: Option<anyhow::Error>,
}

/// Runs an ensemble of `coas` into `out`, then prints the tables.
pub fn execute(
    s: &Scenario,
    coas: Vec<CoaId>,
    baseline: Option<CoaId>,
    args: &EnsembleArgs,
    out: &Path,
    command: &str,
) -> anyhow::Result<Executed> {
    let mut exp = Experiment::new(s, coas, args.reps);
    if let Some(seed) = args.seed {
        exp.seed = seed;
    }
    exp.mode = Mode::Stochastic;
    exp.threads = args.threads;
    if let Some(shard) = &args.shard {
        exp.shard = Shard::parse(shard).map_err(experiment_error)?;
    }
    if let Some(w) = args.ci_width {
        exp.stop = Stop::HalfWidth {
            relative: w,
            batch: CI_BATCH,
        };
    }
    exp.validate().map_err(experiment_error)?;
    let size = s.size();
    crate::resources::check_memory(
        exp.memory_estimate(),
        "this experiment",
        &format!(
            "{} courses × {} regions × {} recorded days of bands, {} workers",
            exp.coas.len(),
            size.regions,
            cordon_experiment::BandLayout::new(s, exp.band_every_steps)
                .steps
                .len(),
            cordon_experiment::resources::workers(exp.threads)
        ),
    )?;
    let out = create_out_dir(out)?;
    let lock = lock_dir(&out)?;
    let info = RunInfo::now(std::env::args().collect(), args.threads);
    let progress = TermProgress::new(command);
    let report = cordon_experiment::run(&exp, &out, args.resume, &info, &progress)
        .map_err(experiment_error)?;
    let baseline_id = baseline.map(|b| s.coa(b).id.clone());
    let comparison =
        cordon_experiment::summarize_dir(&out, baseline_id.as_deref()).map_err(experiment_error)?;
    let text = render(
        s,
        &exp,
        &report,
        &comparison,
        baseline.is_some(),
        args.all,
        &out,
        info.elapsed_seconds(),
    );
    print!("{}", crate::escape::lines(&text));
    let failure = (report.failures > 0).then(|| failed_replications(&out, &report));
    Ok(Executed { lock, failure })
}

/// The error of a run some of whose replications failed (exit 1): how many, and where the
/// first one went wrong. What succeeded is written.
fn failed_replications(out: &Path, report: &RunReport) -> anyhow::Error {
    let total = report.rows + report.failures;
    let first = match cordon_experiment::store::first_failure(out) {
        Ok(Some((coa, replication, message))) => {
            format!("; the first: course of action {coa}, replication {replication}: {message}")
        }
        Ok(None) => String::new(),
        Err(e) => format!("; failures.csv could not be read: {e}"),
    };
    let written = if report.rows == 0 {
        format!("None succeeded; the failures are in {}.", out.display())
    } else {
        format!(
            "The {} that succeeded are in {}.",
            num(report.rows as f64, 0),
            out.display()
        )
    };
    anyhow::anyhow!(
        "{} of {} replications failed (see {}){first}. {written}",
        num(report.failures as f64, 0),
        num(total as f64, 0),
        out.join("failures.csv").display(),
    )
}

/// Maps a library error to an exit code: bad input (2) or a runtime failure (1).
pub fn experiment_error(e: ExperimentError) -> anyhow::Error {
    if e.is_bad_input() {
        bad_input(format!("error: {e}"))
    } else {
        anyhow::Error::new(e)
    }
}

/// Progress on stderr: a bar with rate and time left on a terminal, plain lines otherwise.
pub struct TermProgress {
    command: String,
    bar: Option<indicatif::ProgressBar>,
    plain: Mutex<Plain>,
}

struct Plain {
    total: u64,
    done: u64,
    started_done: u64,
    started: Instant,
    last_print: Instant,
}

impl TermProgress {
    pub fn new(command: &str) -> TermProgress {
        let bar = std::io::stderr().is_terminal().then(|| {
            let bar = indicatif::ProgressBar::new(0);
            if let Ok(style) = indicatif::ProgressStyle::with_template(
                "{prefix} [{bar:40}] {pos}/{len} units  {per_sec}  {eta} left",
            ) {
                bar.set_style(style.progress_chars("=> "));
            }
            bar.set_prefix(command.to_string());
            bar
        });
        let now = Instant::now();
        TermProgress {
            command: command.to_string(),
            bar,
            plain: Mutex::new(Plain {
                total: 0,
                done: 0,
                started_done: 0,
                started: now,
                last_print: now,
            }),
        }
    }
}

impl Progress for TermProgress {
    fn start(&self, total: u64, done: u64) {
        if let Some(bar) = &self.bar {
            bar.set_length(total);
            bar.set_position(done);
            bar.reset_eta();
        } else if let Ok(mut p) = self.plain.lock() {
            p.total = total;
            p.done = done;
            p.started_done = done;
            if done > 0 {
                eprintln!(
                    "{}: resuming with {done} of {total} units done",
                    self.command
                );
            }
        }
    }

    fn advance(&self, n: u64) {
        if let Some(bar) = &self.bar {
            bar.inc(n);
            return;
        }
        let Ok(mut p) = self.plain.lock() else {
            return;
        };
        p.done += n;
        let now = Instant::now();
        if now.duration_since(p.last_print).as_secs_f64() < 5.0 && p.done < p.total {
            return;
        }
        p.last_print = now;
        let elapsed = now.duration_since(p.started).as_secs_f64();
        let rate = (p.done - p.started_done) as f64 / elapsed.max(1e-9);
        let left = p.total.saturating_sub(p.done) as f64 / rate.max(1e-9);
        eprintln!(
            "{}: {}/{} units ({:.0}%), {:.1} units/s, about {:.0} s left",
            self.command,
            p.done,
            p.total,
            100.0 * p.done as f64 / p.total.max(1) as f64,
            rate,
            left
        );
    }

    fn set_total(&self, total: u64) {
        if let Some(bar) = &self.bar {
            bar.set_length(total);
        } else if let Ok(mut p) = self.plain.lock() {
            p.total = total;
        }
    }

    fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

/// The terminal report of a run: what ran, why it stopped, then one block per outcome.
#[allow(clippy::too_many_arguments)]
fn render(
    s: &Scenario,
    exp: &Experiment<'_>,
    report: &RunReport,
    cmp: &Comparison,
    paired: bool,
    all: bool,
    out: &Path,
    wall_seconds: f64,
) -> String {
    let mut lines: Vec<String> = Vec::new();
    let shard = if exp.shard.count > 1 {
        format!(", shard {}/{}", exp.shard.index, exp.shard.count)
    } else {
        String::new()
    };
    lines.push(format!(
        "{} (hash {}): {} course{} of action × {} replications{shard}, seed {}, stochastic, {:.1} s",
        s.meta().name,
        s.hash(),
        cmp.coas.len(),
        if cmp.coas.len() == 1 { "" } else { "s" },
        num(report.replications as f64, 0),
        exp.seed,
        wall_seconds,
    ));
    if report.resumed.units > 0 {
        lines.push(format!(
            "Resumed: {} units were already done; {} run now.",
            num(report.resumed.units as f64, 0),
            num(report.units_run as f64, 0)
        ));
    }
    match &report.stop {
        StopReason::Fixed => {}
        StopReason::Converged { worst, worst_coa } => lines.push(format!(
            "Stopped after {} replications per course of action: the 95% half-width of fighters_total is below {:.2}% of its mean for every course (largest: {:.2}%, {worst_coa}).",
            num(report.replications as f64, 0),
            100.0 * ci_width(exp),
            100.0 * worst
        )),
        StopReason::Ceiling { worst, worst_coa } => lines.push(format!(
            "Stopped at the --reps ceiling of {} replications: the 95% half-width of fighters_total is still {:.2}% of its mean for {worst_coa} (target {:.2}%).",
            num(report.replications as f64, 0),
            100.0 * worst,
            100.0 * ci_width(exp)
        )),
    }
    if report.failures > 0 {
        lines.push(format!(
            "{} replications failed (see failures.csv); they are left out of every statistic.",
            num(report.failures as f64, 0)
        ));
    }
    let baseline = &cmp.coas[cmp.baseline];
    let mut notes = String::new();
    if paired {
        notes.push_str(&format!(
            "Δ: course − baseline {baseline} (*), paired by replication: common random numbers, replication r of every course uses stream chacha8:{}:r. P(better): share of replications on which the course beats the baseline, ties counted half. ",
            exp.seed
        ));
    }
    notes.push_str("Intervals are 95%: t for means, Wilson for proportions; medians are type 7.");
    lines.push(notes);
    let mut text: String = lines.iter().map(|l| wrap(l, 116)).collect();
    for (o, spec) in cmp.outcomes.iter().enumerate() {
        if !all && !spec.headline {
            continue;
        }
        text.push('\n');
        text.push_str(&block(cmp, o, paired));
        if !all && spec.name == "fighters_total" {
            text.push('\n');
            text.push_str(&region_table(cmp));
        }
    }
    text.push('\n');
    text.push_str(&wrap(
        &format!(
            "Results in {}: runs.csv, runs.parquet, bands.csv, bands.parquet, failures.csv, manifest.json{}",
            out.display(),
            if all { "" } else { " (--all shows every outcome)" }
        ),
        116,
    ));
    text
}

fn ci_width(exp: &Experiment<'_>) -> f64 {
    match exp.stop {
        Stop::HalfWidth { relative, .. } => relative,
        Stop::Fixed => f64::NAN,
    }
}

/// Words of `text` in lines of at most `width` characters.
fn wrap(text: &str, width: usize) -> String {
    let mut out = String::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            out.push_str(&line);
            out.push('\n');
            line.clear();
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        out.push_str(&line);
        out.push('\n');
    }
    out
}

/// One outcome: a row per course of action.
fn block(cmp: &Comparison, o: usize, paired: bool) -> String {
    let spec = &cmp.outcomes[o];
    let summaries: Vec<&Summary> = cmp.summaries.iter().map(|s| &s[o]).collect();
    let d = decimals(spec.kind, &summaries);
    let direction = match spec.better {
        Better::Neither => String::new(),
        b => format!(" ({})", b.as_str()),
    };
    let mut text = format!("{}: {}{direction}\n", spec.name, spec.label);
    let baseline = &cmp.coas[cmp.baseline];
    let delta = format!("Δ vs {baseline}");
    let mut headers = vec!["coa", "n", "mean", "95% CI", "median"];
    if spec.kind == Kind::Proportion {
        headers[2] = "P";
        headers.pop();
    }
    if paired {
        headers.extend([delta.as_str(), "95% CI of Δ", "P(better)"]);
    }
    let mut table = Table::new(&headers);
    for (c, coa) in cmp.coas.iter().enumerate() {
        let s = &cmp.summaries[c][o];
        let n = replications(s, spec.kind);
        let name = if paired && c == cmp.baseline {
            format!("{coa}*")
        } else {
            coa.clone()
        };
        let mut row = vec![name, n, value(s.mean, d), interval(s.ci.lo, s.ci.hi, d)];
        if spec.kind != Kind::Proportion {
            let approx = if s.median_exact || s.median.is_nan() {
                ""
            } else {
                "~"
            };
            row.push(format!("{approx}{}", value(s.median, d)));
        }
        if paired {
            if c == cmp.baseline {
                row.extend([
                    MISSING.to_string(),
                    MISSING.to_string(),
                    MISSING.to_string(),
                ]);
            } else {
                let diff: &PairedDiff = &cmp.diffs[c][o];
                row.push(signed(diff.mean, d));
                row.push(interval(diff.ci.lo, diff.ci.hi, d));
                row.push(probability(diff.p_better));
            }
        }
        table.row(row);
    }
    text.push_str(&table.render());
    text
}

/// Mean fighters per region at the horizon, one column per region.
fn region_table(cmp: &Comparison) -> String {
    let regions = cmp.region_outcomes();
    let mut headers = vec!["coa"];
    headers.extend(regions.iter().map(|&(_, region)| region));
    let mut table = Table::new(&headers);
    for (c, coa) in cmp.coas.iter().enumerate() {
        let mut row = vec![coa.clone()];
        row.extend(
            regions
                .iter()
                .map(|&(i, _)| value(cmp.summaries[c][i].mean, 0)),
        );
        table.row(row);
    }
    format!(
        "fighters per region at the horizon (mean; lower is better; --all for intervals)\n{}",
        table.render()
    )
}
