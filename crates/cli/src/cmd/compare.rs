//! `cordon compare [FILE]`: every course of action (or `--coas`) over common random numbers,
//! with paired differences against the baseline. With no arguments: the default scenario,
//! every course, 1,000 replications each. Then, unless `--no-worlds`, the worlds section: every
//! compared course in `--worlds` plausible worlds of the scenario's `[[uncertain]]`
//! parameters (mean-field), as `cordon explore` analyses them, written to `OUT/worlds/`.

use std::path::PathBuf;

use super::load_scenario;
use super::run::{EnsembleArgs, execute, finish};
use super::simulate::resolve_coa;
use crate::exit::bad_input;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Scenario file (TOML). Default: the embedded scenario levant-2017.
    pub file: Option<PathBuf>,
    /// Courses of action to compare, comma-separated (default: all, in file order).
    #[arg(long, value_delimiter = ',')]
    pub coas: Vec<String>,
    /// The course of action the others are compared against (default: the scenario's
    /// `baseline`); added to --coas if missing.
    #[arg(long)]
    pub baseline: Option<String>,
    /// Plausible worlds of the worlds section (mean-field runs of every course in each).
    #[arg(long, default_value_t = super::explore::COMPARE_WORLDS)]
    pub worlds: usize,
    /// Leave out the worlds section (robustness across the declared uncertain parameters).
    #[arg(long)]
    pub no_worlds: bool,
    #[command(flatten)]
    pub ensemble: EnsembleArgs,
}

pub fn run(args: Args) -> anyhow::Result<()> {
    let s = load_scenario(args.file.as_deref())?;
    let mut coas = Vec::new();
    for id in &args.coas {
        let coa = resolve_coa(&s, Some(id.trim()))?;
        if coas.contains(&coa) {
            return Err(bad_input(format!(
                "error: course of action \"{}\" is listed twice in --coas",
                id.trim()
            )));
        }
        coas.push(coa);
    }
    if coas.is_empty() {
        coas = (0..s.coas().len())
            .map(cordon_model::CoaId::from_index)
            .collect();
    }
    let baseline = match &args.baseline {
        Some(id) => resolve_coa(&s, Some(id))?,
        None => s.meta().baseline,
    };
    if !coas.contains(&baseline) {
        eprintln!(
            "note: adding the baseline {} to the courses of action",
            s.coa(baseline).id
        );
        coas.push(baseline);
    }
    let out = args
        .ensemble
        .out
        .clone()
        .unwrap_or_else(|| PathBuf::from("out/compare"));
    // The lock of `out` is held until the report is written too.
    let worlds = (!args.no_worlds).then_some(args.worlds);
    let done = execute(
        &s,
        coas,
        Some(baseline),
        &args.ensemble,
        &out,
        "compare",
        worlds,
    )?;
    finish(done, &args.ensemble, &out)
}
