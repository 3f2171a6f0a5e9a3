//! `cordon report DIR`: the self-contained HTML report of a results directory
//! (`DIR/report.html`) and its charts (`DIR/charts/*.svg`, `*.png`): of a comparison or a run,
//! of a factorial experiment, of a sensitivity analysis, or of an exploration.

use std::path::PathBuf;

use cordon_report::{Options, ReportError};

use crate::exit::bad_input;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Results directory written by `cordon compare`, `cordon run`, `cordon factorial`,
    /// `cordon sensitivity` or `cordon explore`.
    pub dir: PathBuf,
    /// The course of action the others are compared against (default: the scenario's
    /// `baseline` when it is among the results, else the first).
    #[arg(long)]
    pub baseline: Option<String>,
}

pub fn run(args: Args) -> anyhow::Result<()> {
    let options = Options {
        baseline: args.baseline,
    };
    // The report is written into the directory: one writer at a time (a missing directory
    // is reported by the loader).
    let _lock = if args.dir.is_dir() {
        Some(super::lock_dir(&args.dir)?)
    } else {
        None
    };
    let written = cordon_report::write_with(&args.dir, &options).map_err(report_error)?;
    outln!(
        "Report: {} ({} chart files in {})",
        written.html.display(),
        written.charts.len(),
        args.dir.join("charts").display()
    );
    Ok(())
}

/// Maps a report error to an exit code: bad input (2) or a runtime failure (1).
pub fn report_error(e: ReportError) -> anyhow::Error {
    if e.is_bad_input() {
        bad_input(format!("error: {e}"))
    } else {
        anyhow::Error::new(e)
    }
}
