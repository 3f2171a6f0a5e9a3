//! The report of a `cordon explore` directory on its own: the verdict and a caveat that says
//! what the worlds are (first), the robustness section shared with `cordon compare`'s worlds
//! (`worlds.rs`), and the manifest.

use std::path::Path;

use serde_json::Value;

use crate::error::ReportError;
use crate::format::html;
use crate::html::{Figures, Frame, Section, footer, frame, mode_tag};

pub(crate) fn build(dir: &Path) -> Result<crate::Report, ReportError> {
    let text = crate::load::read_file(dir, "manifest.json")?;
    let path = dir.join("manifest.json");
    let manifest: Value = serde_json::from_str(&text).map_err(|e| {
        cordon_experiment::FileError::corrupt(&path, Some(e.line() as u64), e.to_string())
    })?;
    let Some(w) = crate::worlds::load(dir)? else {
        return Err(cordon_experiment::FileError::corrupt(
            dir.join("robustness.csv"),
            None,
            "an exploration's directory holds robustness.csv".to_string(),
        )
        .into());
    };
    let charts = crate::worlds::charts(&w)?;
    let figures = Figures { charts: &charts };
    let at = |p: &str| manifest.pointer(p);
    let text_at = |p: &str| at(p).and_then(Value::as_str).unwrap_or("-").to_string();
    let num_at = |p: &str| at(p).map_or_else(|| "-".to_string(), Value::to_string);
    let parameters: Vec<String> = at("/parameters")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|p| p.get("name").and_then(Value::as_str).map(String::from))
                .collect()
        })
        .unwrap_or_default();
    let mode = text_at("/plan/mode");
    let mut summary = format!(
        "<p>{}</p>\n",
        mode_tag(&format!(
            "{mode} mode: {} worlds ({}) × {} courses × {} replications per world, seed {}",
            num_at("/plan/worlds"),
            text_at("/plan/sampler"),
            at("/plan/coas")
                .and_then(Value::as_array)
                .map_or(0, Vec::len),
            num_at("/plan/replications"),
            num_at("/plan/seed"),
        ))
    );
    summary.push_str(&format!(
        "<p class=\"verdict\"><strong>Verdict:</strong> {}</p>\n",
        html(&text_at("/analysis/verdict"))
    ));
    summary.push_str(&format!(
        "<p><strong>Caveat:</strong> {}</p>\n",
        html(&caveat(&num_at("/plan/worlds"), &parameters, &mode))
    ));
    let sections = vec![
        Section::new("summary", "Summary", summary),
        Section::new(
            "worlds",
            "Robustness across plausible worlds",
            crate::worlds::section(&w, &figures, false),
        ),
        Section::new(
            "manifest",
            "Manifest",
            format!(
                "<pre>{}</pre>\n",
                html(&serde_json::to_string_pretty(&manifest).unwrap_or_default())
            ),
        )
        .collapsed(),
    ];
    let version = text_at("/cordon_version");
    let name = text_at("/plan/scenario_name");
    let page = frame(
        &Frame {
            title: &name,
            kicker: "Cordon exploration: decisions under deep uncertainty".to_string(),
            lede: "Every course of action in plausible worlds of the scenario's declared uncertain parameters: which course is robust, by how much, and which assumption overturns it.",
            version: &version,
            footer: footer(
                &version,
                &text_at("/git_commit"),
                &dir.display().to_string(),
            ),
            warnings: &[],
        },
        &sections,
    );
    Ok(crate::Report { html: page, charts })
}

/// What the worlds cover and what they do not.
fn caveat(worlds: &str, parameters: &[String], mode: &str) -> String {
    let n = parameters.len();
    format!(
        "the shares and their intervals cover {worlds} worlds drawn from the {n} parameter{} the scenario declares uncertain ({}), each run in {mode} mode; they say nothing about assumptions left fixed, and the worlds are only as plausible as the declared ranges.",
        if n == 1 { "" } else { "s" },
        if parameters.is_empty() {
            "none".to_string()
        } else {
            parameters.join(", ")
        }
    )
}
