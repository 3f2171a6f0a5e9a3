//! `cordon sa sample|analyze`: experimental designs and sensitivity analysis for any model.
//!
//! `sample` writes a design CSV (one row per model run) from a SALib parameter file; the user
//! runs the model on every row and writes one output per row; `analyze` reads the parameter
//! file, the design and the outputs and prints the indices, ranked. Designs use SALib's row
//! layouts, so either step can be done with SALib instead. Formats and estimators:
//! `docs/sensitivity.md`. Every input problem is reported as `FILE:LINE[:COLUMN]` (exit code 2).

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use cordon_sa::{
    AnalysisError, BootstrapConfig, CiMethod, Design, DesignLines, Estimate, MorrisIndices,
    OutputColumn, ParamSpace, ParseErrors, SaltelliRows, SobolIndices, SobolOptions,
    analyze_morris, analyze_sobol_outputs, parse_outputs_csv, parse_param_file, sample_lhs,
    sample_morris, sample_sobol,
};
use serde::Serialize;

use super::read_input;
use crate::exit::bad_input;
use crate::table::Table;

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    pub command: SaCommand,
}

#[derive(Debug, clap::Subcommand)]
pub enum SaCommand {
    /// Write a design CSV (header of parameter names, one row per model run) to stdout.
    Sample(SampleArgs),
    /// Compute sensitivity indices from a design and the model's outputs.
    Analyze(AnalyzeArgs),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SampleMethod {
    /// Saltelli design for first-order and total Sobol indices: N·(k+2) rows.
    Sobol,
    /// Morris trajectories: N·(k+1) rows.
    Morris,
    /// Latin hypercube: N rows.
    Lhs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum AnalyzeMethod {
    /// First-order (Saltelli 2010) and total (Jansen) Sobol indices.
    Sobol,
    /// Morris μ, μ*, σ.
    Morris,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum CiArg {
    /// Estimate ± z·(bootstrap sd), as SALib.
    Normal,
    /// Bootstrap percentiles.
    Percentile,
}

#[derive(Debug, clap::Args)]
pub struct SampleArgs {
    /// Design to build.
    #[arg(long, value_enum)]
    pub method: SampleMethod,
    /// SALib parameter file: `name lower upper [group [dist]]` per line.
    #[arg(long, value_name = "FILE")]
    pub params: PathBuf,
    /// Base samples (sobol; a power of 2 is best), trajectories (morris) or rows (lhs).
    #[arg(long, value_name = "N")]
    pub n: usize,
    /// Seed of the random choices (morris, lhs; sobol with --scramble).
    #[arg(long, value_name = "S", default_value_t = 0)]
    pub seed: u64,
    /// Morris grid levels (even).
    #[arg(long, value_name = "P", default_value_t = 4)]
    pub levels: usize,
    /// Sobol: points of the sequence to skip (1 drops the all-zero point, as SALib's
    /// `skip_values=1`).
    #[arg(long, value_name = "K", default_value_t = 1)]
    pub skip: u64,
    /// Sobol: apply a random digital shift drawn from --seed (randomized QMC).
    #[arg(long)]
    pub scramble: bool,
    /// Leave out the header line (SALib's `np.loadtxt(FILE, delimiter=",")` format).
    #[arg(long)]
    pub no_header: bool,
}

#[derive(Debug, clap::Args)]
pub struct AnalyzeArgs {
    /// Analysis to run; the design must have been made by the same method.
    #[arg(long, value_enum)]
    pub method: AnalyzeMethod,
    /// SALib parameter file the design was made from.
    #[arg(long, value_name = "FILE")]
    pub params: PathBuf,
    /// Design CSV (with a header of parameter names, or SALib's headerless layout).
    #[arg(long, value_name = "FILE.csv")]
    pub design: PathBuf,
    /// Model outputs, one row per design row.
    #[arg(long, value_name = "FILE.csv")]
    pub outputs: PathBuf,
    /// Output column, by header name or 0-based index (needed when the file has several).
    #[arg(long, value_name = "NAME|INDEX")]
    pub column: Option<String>,
    /// Morris grid levels used for the design.
    #[arg(long, value_name = "P", default_value_t = 4)]
    pub levels: usize,
    /// Bootstrap resamples for the intervals.
    #[arg(long, value_name = "B", default_value_t = 1000)]
    pub resamples: usize,
    /// Confidence level of the intervals.
    #[arg(long, value_name = "C", default_value_t = 0.95)]
    pub confidence: f64,
    /// How intervals are built from the bootstrap.
    #[arg(long, value_enum, default_value_t = CiArg::Normal)]
    pub ci: CiArg,
    /// Seed of the bootstrap resampling.
    #[arg(long, value_name = "S", default_value_t = 0)]
    pub seed: u64,
    /// Print JSON (schema cordon-sa-sobol/1 or cordon-sa-morris/1) instead of a table.
    #[arg(long)]
    pub json: bool,
}

pub fn run(args: Args) -> anyhow::Result<()> {
    let out = match args.command {
        SaCommand::Sample(args) => sample(&args)?,
        SaCommand::Analyze(args) => analyze(&args)?,
    };
    std::io::stdout().write_all(out.as_bytes())?;
    Ok(())
}

/// A file's text; unreadable or non-UTF-8 files are bad input.
fn read_text(path: &Path) -> anyhow::Result<String> {
    String::from_utf8(read_input(path)?)
        .map_err(|_| bad_input(format!("error: {}: not valid UTF-8 text", path.display())))
}

/// Every parse problem as `error: FILE:LINE:COLUMN: message`, one per line.
fn parse_failure(path: &Path, errors: &ParseErrors) -> anyhow::Error {
    let mut msg = String::new();
    for (i, e) in errors.0.iter().enumerate() {
        if i > 0 {
            msg.push('\n');
        }
        match e.line {
            Some(_) => write!(
                msg,
                "error: {}:{}: {}",
                path.display(),
                e.location(),
                e.kind
            ),
            None => write!(msg, "error: {}: {}", path.display(), e.kind),
        }
        .ok();
    }
    bad_input(msg)
}

fn load_space(path: &Path) -> anyhow::Result<ParamSpace> {
    parse_param_file(&read_text(path)?).map_err(|e| parse_failure(path, &e))
}

/// The most cells (rows × parameters) `sa sample` writes: the design is held as numbers and
/// as CSV text (about 8 + 20 bytes a cell), so this bounds its memory near 1 GB.
pub const MAX_DESIGN_CELLS: u64 = 1 << 25;

/// Refuses a design too large to hold, before building it: the flag, the estimate, the limit.
fn check_design_size(args: &SampleArgs, k: usize) -> anyhow::Result<()> {
    let k = k as u64;
    let per_base = match args.method {
        SampleMethod::Sobol => k + 2,
        SampleMethod::Morris => k + 1,
        SampleMethod::Lhs => 1,
    };
    let cells = (args.n as u64)
        .checked_mul(per_base)
        .and_then(|rows| rows.checked_mul(k));
    match cells {
        Some(c) if c <= MAX_DESIGN_CELLS => Ok(()),
        _ => Err(bad_input(format!(
            "error: --n {} gives a design of {} cells ({} parameters), about {}; at most {} cells ({:.1} GB)\n  = hint: a smaller --n; Sobol indices are stable from a few thousand base samples",
            args.n,
            cells.map_or_else(|| "more than 2^64".to_string(), |c| c.to_string()),
            k,
            cells.map_or_else(
                || "more memory than any machine has".to_string(),
                |c| format!("{:.0} GB as numbers and text", c as f64 * 28.0 / 1e9)
            ),
            MAX_DESIGN_CELLS,
            MAX_DESIGN_CELLS as f64 * 28.0 / 1e9,
        ))),
    }
}

fn sample(args: &SampleArgs) -> anyhow::Result<String> {
    let space = load_space(&args.params)?;
    check_design_size(args, space.len())?;
    let design = match args.method {
        SampleMethod::Sobol => {
            let opts = SobolOptions {
                skip: args.skip,
                scramble: args.scramble.then_some(args.seed),
            };
            sample_sobol(&space, args.n, &opts)
        }
        SampleMethod::Morris => sample_morris(&space, args.n, args.levels, args.seed),
        SampleMethod::Lhs => sample_lhs(&space, args.n, args.seed),
    }
    .map_err(|e| bad_input(format!("error: {e}")))?;
    eprintln!(
        "{} rows × {} parameters ({})",
        design.rows(),
        design.cols(),
        match args.method {
            SampleMethod::Sobol => format!("Saltelli: N = {} base samples × (k + 2)", args.n),
            SampleMethod::Morris => format!(
                "Morris: {} trajectories × (k + 1), {} levels",
                args.n, args.levels
            ),
            SampleMethod::Lhs => "Latin hypercube".to_owned(),
        }
    );
    Ok(design.to_csv(&space, !args.no_header))
}

/// Most bytes of outputs text per design row before the outputs file is refused: a number
/// with 17 significant digits, an exponent and a few more columns fit many times over.
const OUTPUT_BYTES_PER_ROW: u64 = 256;

/// The inputs of an analysis: the design is streamed and checked line by line, and only what
/// the method needs is kept (Sobol: nothing but the row count; Morris: the values).
struct Inputs {
    space: ParamSpace,
    /// The design's rows, for Morris only.
    design: Option<Design>,
    rows: usize,
    lines: Vec<usize>,
    y: Vec<f64>,
}

/// Reads the design one line at a time: memory holds one line and what the method keeps.
fn stream_design(
    args: &AnalyzeArgs,
    space: &ParamSpace,
) -> anyhow::Result<(Option<Design>, usize, Vec<usize>)> {
    use std::io::BufRead as _;
    let path = &args.design;
    if path.is_dir() {
        return Err(bad_input(format!(
            "error: {} is a directory, not a file",
            path.display()
        )));
    }
    let file = std::fs::File::open(path)
        .map_err(|e| bad_input(format!("error: cannot read {}: {e}", path.display())))?;
    let mut input = std::io::BufReader::with_capacity(1 << 16, file);
    let mut reader = DesignLines::new(space, None);
    let mut layout = SaltelliRows::new(space);
    let keep = args.method == AnalyzeMethod::Morris;
    let (mut values, mut lines) = (Vec::new(), Vec::new());
    let mut line = String::new();
    let mut ln = 0;
    loop {
        line.clear();
        let read = input.read_line(&mut line).map_err(|e| {
            bad_input(format!(
                "error: {}:{}: cannot read: {e}",
                path.display(),
                ln + 1
            ))
        })?;
        if read == 0 || reader.full() {
            break;
        }
        ln += 1;
        let Some(row) = reader.line(ln, line.strip_suffix('\n').unwrap_or(&line)) else {
            continue;
        };
        lines.push(ln);
        if keep {
            values.extend_from_slice(row);
        } else if let Err(e) = layout.push(row) {
            return Err(analysis_failure(args, &lines, &e));
        }
    }
    let rows = reader.finish().map_err(|e| parse_failure(path, &e))?;
    let design = keep
        .then(|| Design::new(space.names(), values))
        .transpose()?;
    Ok((design, rows, lines))
}

fn load_inputs(args: &AnalyzeArgs) -> anyhow::Result<Inputs> {
    let space = load_space(&args.params)?;
    let (design, rows, lines) = stream_design(args, &space)?;
    let column = match &args.column {
        Some(c) => OutputColumn::Name(c.clone()),
        None => OutputColumn::Only,
    };
    let limit = (rows as u64 * OUTPUT_BYTES_PER_ROW).max(64 << 20);
    let size = std::fs::metadata(&args.outputs)
        .map(|m| m.len())
        .unwrap_or(0);
    if size > limit {
        return Err(bad_input(format!(
            "error: {} is {:.0} MB, more than {} bytes per design row ({} rows: at most {:.0} MB)",
            args.outputs.display(),
            size as f64 / 1e6,
            OUTPUT_BYTES_PER_ROW,
            rows,
            limit as f64 / 1e6
        )));
    }
    let text = String::from_utf8(std::fs::read(&args.outputs).map_err(|e| {
        bad_input(format!(
            "error: cannot read {}: {e}",
            args.outputs.display()
        ))
    })?)
    .map_err(|_| {
        bad_input(format!(
            "error: {}: not valid UTF-8 text",
            args.outputs.display()
        ))
    })?;
    let y = parse_outputs_csv(&text, &column, Some(rows))
        .map_err(|e| parse_failure(&args.outputs, &e))?;
    Ok(Inputs {
        space,
        design,
        rows,
        lines,
        y,
    })
}

/// An analysis error, pointing at the design line of the row at fault when there is one.
fn analysis_failure(args: &AnalyzeArgs, lines: &[usize], e: &AnalysisError) -> anyhow::Error {
    let path = args.design.display();
    match e.row().and_then(|r| lines.get(r - 1)) {
        Some(line) => bad_input(format!("error: {path}:{line}: {e}")),
        None => bad_input(format!("error: {path}: {e}")),
    }
}

fn analyze(args: &AnalyzeArgs) -> anyhow::Result<String> {
    let cfg = BootstrapConfig {
        resamples: args.resamples,
        confidence: args.confidence,
        method: match args.ci {
            CiArg::Normal => CiMethod::Normal,
            CiArg::Percentile => CiMethod::Percentile,
        },
        seed: args.seed,
    };
    cfg.validate()
        .map_err(|e| bad_input(format!("error: {e}")))?;
    let Inputs {
        space,
        design,
        rows,
        lines,
        y,
    } = load_inputs(args)?;
    match (args.method, design) {
        (AnalyzeMethod::Sobol, _) => {
            let si = analyze_sobol_outputs(&space, rows, &y, &cfg)
                .map_err(|e| analysis_failure(args, &lines, &e))?;
            if args.json {
                to_json(&Json {
                    schema: "cordon-sa-sobol/1",
                    result: &si,
                })
            } else {
                Ok(sobol_table(&si))
            }
        }
        (AnalyzeMethod::Morris, None) => unreachable!("a Morris design is kept"),
        (AnalyzeMethod::Morris, Some(design)) => {
            let mi = analyze_morris(&space, &design, &y, args.levels, &cfg)
                .map_err(|e| analysis_failure(args, &lines, &e))?;
            if args.json {
                to_json(&Json {
                    schema: "cordon-sa-morris/1",
                    result: &mi,
                })
            } else {
                Ok(morris_table(&mi))
            }
        }
    }
}

#[derive(Serialize)]
struct Json<'a, T: Serialize> {
    schema: &'static str,
    #[serde(flatten)]
    result: &'a T,
}

fn to_json(value: &impl Serialize) -> anyhow::Result<String> {
    let mut text = serde_json::to_string_pretty(value)?;
    text.push('\n');
    Ok(text)
}

fn interval(e: &Estimate) -> String {
    format!("[{:.4}, {:.4}]", e.low, e.high)
}

fn ci_words(cfg: &BootstrapConfig) -> String {
    format!(
        "{}% intervals: {}, {} bootstrap resamples (seed {})",
        cfg.confidence * 100.0,
        match cfg.method {
            CiMethod::Normal => "normal approximation (estimate ± z·sd, as SALib)",
            CiMethod::Percentile => "bootstrap percentiles",
        },
        cfg.resamples,
        cfg.seed
    )
}

fn sobol_table(si: &SobolIndices) -> String {
    let mut out = format!(
        "Sobol indices, {} parameters, N = {} base samples; ranked by total index ST\n\
         S1: first order (Saltelli 2010); ST: total (Jansen); {}\n\n",
        si.indices.len(),
        si.base_samples,
        ci_words(&si.bootstrap)
    );
    let mut t = Table::new(&[
        "rank",
        "parameter",
        "ST",
        "ST interval",
        "S1",
        "S1 interval",
    ]);
    for (rank, i) in si.ranked().into_iter().enumerate() {
        t.row(vec![
            (rank + 1).to_string(),
            i.name.clone(),
            format!("{:.4}", i.st.value),
            interval(&i.st),
            format!("{:.4}", i.s1.value),
            interval(&i.s1),
        ]);
    }
    out.push_str(&t.render());
    let _ = writeln!(
        out,
        "\nsum of S1 = {:.4} (1 for an additive model); output mean {:.6}, variance {:.6}",
        si.indices.iter().map(|i| i.s1.value).sum::<f64>(),
        si.mean,
        si.variance
    );
    out
}

fn morris_table(mi: &MorrisIndices) -> String {
    let mut out = format!(
        "Morris screening, {} parameters, r = {} trajectories, {} levels (Δ = {:.4}); \
         ranked by μ*\n{}\n\n",
        mi.indices.len(),
        mi.trajectories,
        mi.levels,
        mi.delta,
        ci_words(&mi.bootstrap)
    );
    let mut t = Table::new(&["rank", "parameter", "mu*", "mu* interval", "mu", "sigma"]);
    for (rank, i) in mi.ranked().into_iter().enumerate() {
        t.row(vec![
            (rank + 1).to_string(),
            i.name.clone(),
            format!("{:.4}", i.mu_star.value),
            interval(&i.mu_star),
            format!("{:.4}", i.mu),
            format!("{:.4}", i.sigma),
        ]);
    }
    out.push_str(&t.render());
    out.push_str("\nσ large relative to μ*: nonlinear or interacting; μ far below μ*: effects of both signs\n");
    out
}
