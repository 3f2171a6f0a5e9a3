//! `cordon run [FILE] --coa ID --reps N`: replications of one course of action.
//!
//! Also the glue `cordon compare` shares: the ensemble flags, progress on stderr, the report
//! written after the runs, and (in `terminal`) what is printed: the verdict first.

mod terminal;

use std::io::IsTerminal as _;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Instant;

use cordon_engine::Mode;
use cordon_experiment::store::DirLock;
use cordon_experiment::{Experiment, ExperimentError, Progress, RunInfo, RunReport, Shard, Stop};
use cordon_model::{CoaId, Scenario};

use super::simulate::resolve_coa;
use super::{create_out_dir, load_scenario, lock_dir};

use crate::exit::bad_input;
use crate::table::num;

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
    /// Replace the results of another experiment in --out (without it, a directory holding
    /// other results is left untouched and the command exits with code 2).
    #[arg(long)]
    pub force: bool,
    /// Run slice i of n (0 <= i < n) of the replications, e.g. 0/4; combine with `cordon merge`.
    #[arg(long, value_name = "i/n")]
    pub shard: Option<String>,
    /// Print every outcome with its intervals, Δ and P(better) (default: the verdict, the
    /// ranking and the key outcomes).
    #[arg(long)]
    pub all: bool,
    /// Do not write the HTML report (DIR/report.html and DIR/charts/) after the runs.
    #[arg(long)]
    pub no_report: bool,
}

pub fn run(args: Args) -> anyhow::Result<()> {
    let s = load_scenario(args.file.as_deref())?;
    let coa = resolve_coa(&s, args.coa.as_deref())?;
    let out = args
        .ensemble
        .out
        .clone()
        .unwrap_or_else(|| PathBuf::from(format!("out/run-{}", s.coa(coa).id)));
    let done = execute(&s, vec![coa], None, &args.ensemble, &out, "run", None)?;
    finish(done, &args.ensemble, &out)
}

/// Writes the report (unless `--no-report`), prints where everything is, and releases the
/// directory: the end of `cordon run` and `cordon compare`.
pub fn finish(done: Executed, args: &EnsembleArgs, out: &Path) -> anyhow::Result<()> {
    let mut html = None;
    if !args.no_report {
        // The results are on disk already; a failed report loses nothing and says so.
        match cordon_report::write(out) {
            Ok(written) => html = Some(written.html),
            // Failed replications are the headline; the report's failure is said beside them.
            Err(e) if done.failure.is_some() => {
                eprintln!("note: the report could not be written: {e}");
            }
            Err(e) => {
                return Err(anyhow::anyhow!(
                    "the results are in {}, but the report could not be written: {e}",
                    out.display()
                ));
            }
        }
    }
    let width = crate::table::terminal_width();
    out!(
        "{}",
        crate::escape::lines(&terminal::closing(
            out,
            html.as_deref(),
            args.all,
            done.worlds,
            width
        ))
    );
    drop(done.lock);
    done.failure.map_or(Ok(()), Err)
}

/// What [`execute`] leaves: the lock of the results directory, for the caller to keep while
/// it writes more there, and the error to exit with once it has (failed replications).
pub struct Executed {
    pub lock: DirLock,
    pub failure: Option<anyhow::Error>,
    /// Whether the worlds section ran (its files are in `out/worlds/`).
    pub worlds: bool,
}

/// Runs an ensemble of `coas` into `out`, then (with `worlds: Some(K)`, `compare`'s worlds
/// section) every course in K plausible worlds into `out/worlds/`, then prints the tables.
pub fn execute(
    s: &Scenario,
    coas: Vec<CoaId>,
    baseline: Option<CoaId>,
    args: &EnsembleArgs,
    out: &Path,
    command: &str,
    worlds: Option<usize>,
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
    guard_out(out, s, &exp, args)?;
    let out = create_out_dir(out)?;
    let lock = lock_dir(&out)?;
    let info = RunInfo::now(std::env::args().collect(), args.threads);
    let progress = TermProgress::new(command);
    let report = cordon_experiment::run(&exp, &out, args.resume, &info, &progress)
        .map_err(experiment_error)?;
    let baseline_id = baseline.map(|b| s.coa(b).id.clone());
    let comparison =
        cordon_experiment::summarize_dir(&out, baseline_id.as_deref()).map_err(experiment_error)?;
    // The verdict's margin is paired against the runner-up: the same files, summarised once more.
    let vs_runner_up = match cordon_report::verdict::runner_up(&comparison) {
        Some(id) if comparison.coas.len() > 1 => {
            Some(cordon_experiment::summarize_dir(&out, Some(id)).map_err(experiment_error)?)
        }
        _ => None,
    };
    // The header's time is the ensemble's; the worlds section follows it.
    let wall_seconds = info.elapsed_seconds();
    let worlds = match worlds {
        Some(k) if exp.shard.count == 1 => super::explore::compare_worlds(
            s,
            exp.coas.clone(),
            exp.seed,
            args.threads,
            k,
            &out.join("worlds"),
        )?
        .map(|(text, parameters)| (text, k, parameters)),
        _ => None,
    };
    let text = terminal::render(&terminal::View {
        s,
        exp: &exp,
        report: &report,
        cmp: &comparison,
        vs_runner_up: vs_runner_up.as_ref(),
        paired: baseline.is_some(),
        worlds: worlds.as_ref().map(|(text, k, n)| (text.as_str(), *k, *n)),
        all: args.all,
        width: crate::table::terminal_width(),
        wall_seconds,
    });
    out!("{}", crate::escape::lines(&text));
    let failure = (report.failures > 0).then(|| failed_replications(&out, &report));
    Ok(Executed {
        lock,
        failure,
        worlds: worlds.is_some(),
    })
}

/// Refuses an `--out` that is a file (or lies under one), and a directory that holds the
/// results of another experiment unless `--force` (`--resume` finishes the same one; running
/// the same experiment again is allowed: it writes the same results). Bad input: exit 2, and
/// nothing in the directory is touched.
fn guard_out(
    out: &Path,
    s: &Scenario,
    exp: &Experiment<'_>,
    args: &EnsembleArgs,
) -> anyhow::Result<()> {
    let shown = crate::escape::text(&out.display().to_string());
    if let Some(file) = out.ancestors().find(|a| a.exists() && !a.is_dir()) {
        return Err(bad_input(format!(
            "error: --out {shown}: {} is a file, not a directory",
            crate::escape::text(&file.display().to_string())
        )));
    }
    if args.resume || args.force {
        return Ok(());
    }
    let Some(held) = held_experiment(out) else {
        return Ok(());
    };
    let ids: Vec<String> = exp.coas.iter().map(|&c| s.coa(c).id.clone()).collect();
    let same = held.format == "cordon-results/1"
        && held.hash == s.hash()
        && held.coas == ids
        && held.seed == Some(exp.seed)
        && held.reps == Some(exp.reps)
        && held.shard
            == (exp.shard.count > 1).then(|| format!("{}/{}", exp.shard.index, exp.shard.count));
    if same {
        return Ok(());
    }
    Err(bad_input(format!(
        "error: {shown} holds the results of another experiment ({}); nothing was changed. Add --force to replace them, or choose another --out",
        held.describe()
    )))
}

/// What a results directory's `manifest.json` says about the experiment in it.
struct Held {
    format: String,
    hash: String,
    coas: Vec<String>,
    seed: Option<u64>,
    reps: Option<u64>,
    shard: Option<String>,
    command: String,
}

impl Held {
    fn describe(&self) -> String {
        let what = if self.format == "cordon-results/1" {
            format!(
                "{} course{} × {} replications, seed {}",
                self.coas.len(),
                if self.coas.len() == 1 { "" } else { "s" },
                self.reps.map_or("?".to_string(), |r| num(r as f64, 0)),
                self.seed.map_or("?".to_string(), |s| s.to_string())
            )
        } else {
            format!("format {}", self.format)
        };
        if self.command.is_empty() {
            what
        } else {
            format!("{what}, written by `{}`", self.command)
        }
    }
}

fn held_experiment(out: &Path) -> Option<Held> {
    let text = std::fs::read_to_string(out.join("manifest.json")).ok()?;
    let root: serde_json::Value = serde_json::from_str(&text).ok()?;
    let str_at = |p: &str| root.pointer(p).and_then(serde_json::Value::as_str);
    let format = str_at("/format")
        .or(str_at("/command"))
        .unwrap_or("unknown")
        .to_string();
    let command = match root.pointer("/run/command_line") {
        Some(serde_json::Value::Array(words)) => words
            .iter()
            .skip(1)
            .filter_map(serde_json::Value::as_str)
            .collect::<Vec<_>>()
            .join(" "),
        _ => String::new(),
    };
    Some(Held {
        format,
        hash: str_at("/scenario/hash").unwrap_or_default().to_string(),
        coas: root
            .pointer("/courses_of_action")
            .and_then(serde_json::Value::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(|v| v.as_str().map(String::from))
                    .collect()
            })
            .unwrap_or_default(),
        seed: root.pointer("/seed").and_then(serde_json::Value::as_u64),
        reps: root
            .pointer("/replications_requested")
            .and_then(serde_json::Value::as_u64),
        shard: match (
            root.pointer("/shard/index")
                .and_then(serde_json::Value::as_u64),
            root.pointer("/shard/count")
                .and_then(serde_json::Value::as_u64),
        ) {
            (Some(i), Some(n)) => Some(format!("{i}/{n}")),
            _ => None,
        },
        command: if command.is_empty() {
            String::new()
        } else {
            format!("cordon {command}")
        },
    })
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
