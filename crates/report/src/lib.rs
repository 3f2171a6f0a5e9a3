//! The report of a Cordon results directory: one self-contained HTML page, and every chart as
//! SVG and PNG, for analysts to put in a brief.
//!
//! - [`load`] reads a results directory (`manifest.json`, `runs.csv`, `bands.csv`, optional
//!   `failures.csv` and `sensitivity.csv`) into [`Results`] and the recorded [`Scenario`].
//! - [`build`] turns them into a [`Report`]: the page and its [`Chart`]s; [`render`] is the page
//!   alone.
//! - [`write`] does all of it for a directory: `DIR/report.html` and `DIR/charts/*.{svg,png}`.
//!
//! The headline numbers are computed with `cordon_experiment::summarize` from `runs.csv`, so
//! they equal the terminal table of `cordon compare`. What the files do not record (link
//! integrity over time, where escapees went) comes from one deterministic mean-field run per
//! course of action, and the page says so where it shows it.
//!
//! Architecture invariant: the page references nothing outside itself: no script, no font
//! file, no URL; charts are inline SVG, the style sheet is inline. Only [`load`] and [`write`]
//! touch files; everything else is a function of the results and the scenario.

mod analysis;
mod assumptions;
mod charts;
mod error;
mod explore_page;
mod factorial;
mod format;
mod html;
mod load;
mod optimize_page;
mod plots;
mod results;
mod sensitivity_page;
pub mod verdict;
mod worlds;

use std::path::{Path, PathBuf};

use cordon_experiment::FileError;
use cordon_experiment::files::write_atomic;
use cordon_model::Scenario;

pub use analysis::Options;
pub use assumptions::distribution as describe_distribution;
pub use charts::{Chart, PALETTE, PNG_SCALE, coa_hex};
pub use error::ReportError;
pub use load::{DirKind, kind, load, report_path};
pub use results::{
    BandRow, BandTable, Estimate, Failure, Manifest, Results, Sensitivity, SensitivityRow,
};

/// This crate's version, written into the pages it makes.
const VERSION: &str = env!("CARGO_PKG_VERSION");

/// A rendered report: the page and every chart in it.
#[derive(Clone, Debug)]
pub struct Report {
    pub html: String,
    pub charts: Vec<Chart>,
}

/// What [`write`] wrote.
#[derive(Clone, Debug)]
pub struct Written {
    pub html: PathBuf,
    /// Chart files (SVG and PNG), in the order of the page.
    pub charts: Vec<PathBuf>,
}

/// The report of `results`, computed with `scenario` (the one the manifest records).
pub fn build(
    results: &Results,
    scenario: &Scenario,
    options: &Options,
) -> Result<Report, ReportError> {
    let analysis = analysis::analyse(results, scenario, options)?;
    let charts = plots::all(results, scenario, &analysis)?;
    let html = html::page(
        results,
        scenario,
        &analysis,
        &html::Figures { charts: &charts },
    );
    Ok(Report { html, charts })
}

/// The report page alone, with the default options. A report that cannot be drawn becomes a
/// page that says why.
pub fn render(results: &Results, scenario: &Scenario) -> String {
    match build(results, scenario, &Options::default()) {
        Ok(report) => report.html,
        Err(e) => format!(
            "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Cordon report</title></head><body><h1>Cordon report</h1><p>The report could not be drawn: {}</p></body></html>\n",
            format::html(&e.to_string())
        ),
    }
}

/// The report with the robustness section of `cordon compare`'s worlds directory, when there
/// is one: before the assumptions.
fn with_worlds(mut report: Report, dir: &Path) -> Result<Report, ReportError> {
    let Some(w) = worlds::load(dir)? else {
        return Ok(report);
    };
    let charts = worlds::charts(&w)?;
    let body = worlds::section(&w, &html::Figures { charts: &charts }, true);
    let section = format!(
        "<section id=\"worlds\">\n<h2>Robustness across plausible worlds</h2>\n{body}</section>\n"
    );
    let at = report
        .html
        .find("<section id=\"assumptions\">")
        .or_else(|| report.html.find("</main>"))
        .unwrap_or(report.html.len());
    report.html.insert_str(at, &section);
    report.charts.extend(charts);
    Ok(report)
}

/// Reads the results directory `dir` and writes `dir/report.html` and `dir/charts/`.
pub fn write(dir: &Path) -> Result<Written, ReportError> {
    write_with(dir, &Options::default())
}

/// [`write`] with options (the baseline).
///
/// The directory may hold the results of `cordon compare` or `cordon run`, of `cordon
/// sensitivity`, or of `cordon factorial`: each gets its own page (its `manifest.json` says
/// which it is).
pub fn write_with(dir: &Path, options: &Options) -> Result<Written, ReportError> {
    let report = match kind(dir)? {
        DirKind::Results => {
            let (results, scenario) = load(dir)?;
            let report = build(&results, &scenario, options)?;
            with_worlds(report, &dir.join("worlds"))?
        }
        DirKind::Factorial => {
            let files = load::load_factorial(dir)?;
            let parsed = factorial::parse(dir, &files)?;
            let charts = factorial::charts(&parsed)?;
            let html = factorial::page(&parsed, &html::Figures { charts: &charts }, VERSION);
            Report { html, charts }
        }
        DirKind::Sensitivity => {
            let loaded = load::load_sensitivity(dir)?;
            sensitivity_page::build(dir, &loaded)?
        }
        DirKind::Explore => explore_page::build(dir)?,
        DirKind::Optimize => optimize_page::build(dir, &load::load_optimize(dir)?)?,
    };
    let charts_dir = dir.join("charts");
    std::fs::create_dir_all(&charts_dir).map_err(|e| FileError::io(&charts_dir, e))?;
    let mut written = Vec::with_capacity(2 * report.charts.len());
    for chart in &report.charts {
        for (ext, bytes) in [("svg", chart.svg.as_bytes()), ("png", chart.png.as_slice())] {
            let path = charts_dir.join(format!("{}.{ext}", chart.name));
            write_atomic(&path, bytes)?;
            written.push(path);
        }
    }
    let html = report_path(dir);
    write_atomic(&html, report.html.as_bytes())?;
    Ok(Written {
        html,
        charts: written,
    })
}
