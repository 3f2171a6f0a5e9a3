//! `cordon sensitivity [FILE] --method sobol|morris|lhs --n N --metric M`: which declared
//! uncertain parameters drive an outcome of a course of action.
//!
//! Glue over `cordon-sensitivity`: it builds the design from the scenario's `[[uncertain]]`
//! entries, runs every design point with common random numbers, writes the files and prints
//! the indices, ranked. See docs/sensitivity.md, "Sensitivity of a Cordon scenario".

use std::fmt::Write as _;
use std::path::PathBuf;

use cordon_engine::Mode;
use cordon_experiment::RunInfo;
use cordon_sa::Estimate;
use cordon_sensitivity::{Analysis, Indices, Method, Prepared, SensitivityError, Study, store};

use super::run::TermProgress;
use super::simulate::resolve_coa;
use super::{create_out_dir, load_scenario};
use crate::exit::bad_input;
use crate::table::{Table, num};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum MethodArg {
    /// First-order and total Sobol indices from a Saltelli design: N·(k+2) points.
    Sobol,
    /// Morris screening (μ*, μ, σ) from N trajectories: N·(k+1) points; categorical levers
    /// stay at the scenario's values.
    Morris,
    /// Latin hypercube of N points: Spearman rank correlation per numeric parameter, η² per
    /// categorical lever.
    Lhs,
}

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Scenario file (TOML). Default: the embedded scenario levant-2017.
    pub file: Option<PathBuf>,
    /// Design and indices.
    #[arg(long, value_enum)]
    pub method: MethodArg,
    /// Base samples (sobol; a power of two is best), trajectories (morris) or points (lhs).
    #[arg(long)]
    pub n: usize,
    /// The outcome analysed, averaged over the replications of each point (e.g.
    /// fighters_total, escaped_from_core, defeated); `cordon run` lists the outcomes.
    #[arg(long)]
    pub metric: String,
    /// Stochastic replications per design point, with the same stream keys at every point.
    #[arg(long, default_value_t = cordon_sensitivity::DEFAULT_REPS)]
    pub reps: u64,
    /// Course of action to run (default: the first in the file).
    #[arg(long)]
    pub coa: Option<String>,
    /// Seed of the random streams, of the design and of the bootstrap (default: the
    /// scenario's `seed`).
    #[arg(long)]
    pub seed: Option<u64>,
    /// Worker threads (default: one per core); results do not depend on it.
    #[arg(long, default_value_t = 0)]
    pub threads: usize,
    /// Output directory.
    #[arg(long, default_value = "out/sensitivity")]
    pub out: PathBuf,
    /// Morris grid levels (even).
    #[arg(long, default_value_t = 4)]
    pub levels: usize,
    /// Bootstrap resamples for the intervals.
    #[arg(long, default_value_t = 1000)]
    pub resamples: usize,
    /// Run the deterministic mean-field model (one run per point) instead of replications.
    #[arg(long)]
    pub mean_field: bool,
}

pub fn run(args: Args) -> anyhow::Result<()> {
    let info = RunInfo::now(std::env::args().collect(), args.threads);
    let s = load_scenario(args.file.as_deref())?;
    let coa = resolve_coa(&s, args.coa.as_deref())?;
    let method = match args.method {
        MethodArg::Sobol => Method::Sobol,
        MethodArg::Morris => Method::Morris,
        MethodArg::Lhs => Method::Lhs,
    };
    let mut study = Study::new(&s, method, args.n, &args.metric);
    study.coa = coa;
    study.reps = args.reps;
    study.levels = args.levels;
    study.threads = args.threads;
    study.bootstrap.resamples = args.resamples;
    if let Some(seed) = args.seed {
        study.seed = seed;
        study.bootstrap.seed = seed;
    }
    if args.mean_field {
        study.mode = Mode::MeanField;
    }
    let prep = cordon_sensitivity::prepare(&s, &study).map_err(error)?;
    for aside in &prep.set_aside {
        eprintln!("note: `{}` is left out: {}", aside.name, aside.reason);
    }
    for note in &prep.notes {
        eprintln!("note: {note}");
    }
    let out = create_out_dir(&args.out)?;
    let _lock = super::lock_dir(&out)?;
    store::remove_previous(&out).map_err(error)?;
    let progress = TermProgress::new("sensitivity");
    let outputs = cordon_sensitivity::run(&prep, &progress).map_err(error)?;
    store::write_design(&out, &prep, &outputs).map_err(error)?;
    let indices = match cordon_sensitivity::analyze(&prep, &outputs) {
        Ok(indices) => indices,
        Err(e) => {
            store::write_manifest(&out, &prep, None, &info).map_err(error)?;
            return Err(error(e));
        }
    };
    store::write_indices(&out, &indices).map_err(error)?;
    store::write_manifest(&out, &prep, Some(&indices), &info).map_err(error)?;
    out!(
        "{}",
        crate::escape::lines(&render(&prep, &indices, &out, info.elapsed_seconds()))
    );
    Ok(())
}

/// Maps a library error to an exit code: bad input (2) or a runtime failure (1).
fn error(e: SensitivityError) -> anyhow::Error {
    if e.is_bad_input() {
        bad_input(format!("error: {e}"))
    } else {
        anyhow::Error::new(e)
    }
}

/// An index whose 95% interval is wider than the index itself: N was too small to rank it.
fn unstable(e: &Estimate) -> bool {
    !e.low.is_nan() && (e.high - e.low) > e.value.abs() && e.value.abs() > 1e-12
}

fn interval(e: &Estimate) -> String {
    if e.low.is_nan() {
        cordon_experiment::format::MISSING.into()
    } else {
        format!("[{:.3}, {:.3}]", e.low, e.high)
    }
}

/// The terminal report: what ran, then the indices, most influential first.
fn render(prep: &Prepared<'_>, indices: &Indices, out: &std::path::Path, seconds: f64) -> String {
    let s = prep.scenario;
    let study = &prep.study;
    let mut o = String::new();
    let mode = match study.mode {
        Mode::Stochastic => format!(
            "{} replication{} per point (common random numbers, seed {})",
            study.reps,
            if study.reps == 1 { "" } else { "s" },
            study.seed
        ),
        Mode::MeanField => "mean-field".to_string(),
    };
    let _ = writeln!(
        o,
        "Sensitivity of `{}` ({}), course of action {}, scenario {}",
        study.metric,
        match study.method {
            Method::Sobol => "Sobol indices",
            Method::Morris => "Morris screening",
            Method::Lhs => "Latin hypercube: rank correlations",
        },
        s.coa(study.coa).id,
        s.meta().name,
    );
    let _ = writeln!(
        o,
        "{} parameters, {} design points, {mode}: {} campaigns in {:.1} s",
        prep.levers.len(),
        num(prep.design.rows() as f64, 0),
        num(prep.campaigns() as f64, 0),
        seconds
    );
    let _ = writeln!(
        o,
        "metric over the design: mean {}, sd {}; replication noise {:.1}% of its variance\n",
        sig(indices.mean),
        sig(indices.variance.sqrt()),
        100.0 * indices.noise_share
    );
    let rank_of = |name: &str| {
        indices
            .ranking()
            .iter()
            .position(|n| n == name)
            .map_or(0, |r| r + 1)
    };
    o.push_str(&index_table(indices, &rank_of));
    let _ = writeln!(
        o,
        "\nFiles in {}: {}",
        out.display(),
        store::FILES.join(", ")
    );
    o
}

/// The table of indices of the analysis, ranked, with its legend.
fn index_table(indices: &Indices, rank_of: &dyn Fn(&str) -> usize) -> String {
    let mut o = String::new();
    match &indices.analysis {
        Analysis::Sobol(si) => {
            let mut t = Table::new(&["rank", "parameter", "ST", "ST 95% CI", "S1", "S1 95% CI"]);
            for i in si.ranked() {
                t.row(vec![
                    rank_of(&i.name).to_string(),
                    i.name.clone(),
                    format!("{:.3}", i.st.value),
                    interval(&i.st),
                    format!("{:.3}", i.s1.value),
                    interval(&i.s1),
                ]);
            }
            o.push_str(&t.render());
            let _ = writeln!(
                o,
                "\nST: share of the variance due to the parameter with all its interactions; S1: alone. Sum of S1 = {:.3} (1 for an additive model).",
                si.indices.iter().map(|i| i.s1.value).sum::<f64>()
            );
            let unstable: Vec<&str> = si
                .indices
                .iter()
                .filter(|i| unstable(&i.st) || unstable(&i.s1) || i.st.low > 1.0)
                .map(|i| i.name.as_str())
                .collect();
            if !unstable.is_empty() {
                let _ = writeln!(
                    o,
                    "warning: N is too small for stable indices of {} (an interval wider than its index, or ST above 1 beyond its interval); raise --n",
                    unstable.join(", ")
                );
            }
        }
        Analysis::Morris(mi) => {
            let mut t = Table::new(&["rank", "parameter", "mu*", "mu* 95% CI", "mu", "sigma"]);
            for i in mi.ranked() {
                t.row(vec![
                    rank_of(&i.name).to_string(),
                    i.name.clone(),
                    sig(i.mu_star.value),
                    format!("[{}, {}]", sig(i.mu_star.low), sig(i.mu_star.high)),
                    sig(i.mu),
                    sig(i.sigma),
                ]);
            }
            o.push_str(&t.render());
            let _ = writeln!(
                o,
                "\nmu*: mean |elementary effect| (change of the metric over the parameter's whole range, Δ = {:.3} of it per step); sigma large relative to mu*: nonlinear or interacting.",
                mi.delta
            );
            let unstable: Vec<&str> = mi
                .indices
                .iter()
                .filter(|i| unstable(&i.mu_star))
                .map(|i| i.name.as_str())
                .collect();
            if !unstable.is_empty() {
                let _ = writeln!(
                    o,
                    "warning: too few trajectories for stable screening of {} (a mu* interval wider than mu*); raise --n",
                    unstable.join(", ")
                );
            }
        }
        Analysis::Lhs {
            spearman,
            categorical,
        } => {
            let mut t = Table::new(&["rank", "parameter", "measure", "value", "95% CI"]);
            for name in indices.ranking() {
                if let Some(r) = spearman.iter().find(|r| r.name == name) {
                    t.row(vec![
                        rank_of(&name).to_string(),
                        name.clone(),
                        "Spearman rho".into(),
                        format!("{:+.3}", r.rho.value),
                        interval(&r.rho),
                    ]);
                } else if let Some(c) = categorical
                    .iter()
                    .flat_map(|c| &c.indices)
                    .find(|c| c.name == name)
                {
                    t.row(vec![
                        rank_of(&name).to_string(),
                        name.clone(),
                        "eta² (categorical)".into(),
                        format!("{:.3}", c.s1.value),
                        interval(&c.s1),
                    ]);
                }
            }
            o.push_str(&t.render());
            o.push_str("\nRanked by rho² or eta² (shares of the metric's variance for a monotonic effect). Spearman rho: rank correlation with the metric; eta²: between-category share of its variance.\n");
            for c in categorical.iter().flat_map(|c| &c.indices) {
                let means: Vec<String> = c
                    .categories
                    .iter()
                    .map(|k| format!("{} {} (n = {})", k.label, sig(k.mean), k.count))
                    .collect();
                let _ = writeln!(
                    o,
                    "{}: mean metric by category: {}",
                    c.name,
                    means.join(", ")
                );
            }
        }
    }
    o
}

/// Four significant digits, thousands grouped.
fn sig(x: f64) -> String {
    if !x.is_finite() || x == 0.0 {
        return num(x, 0);
    }
    let digits = (3 - x.abs().log10().floor() as i64).clamp(0, 8) as usize;
    num(x, digits)
}
