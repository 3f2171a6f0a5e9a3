//! The report of a `cordon sensitivity` directory on its own: which declared assumptions drive
//! the outcome (first, in words), the ranking charts with their intervals, the indices, the
//! assumptions and the manifest.

use std::path::Path;

use crate::error::ReportError;
use crate::format::{self, html};
use crate::html::{Figures, Frame, Section, footer, frame, mode_tag};
use crate::load::SensitivityDir;
use crate::results::Sensitivity;

pub(crate) fn build(dir: &Path, loaded: &SensitivityDir) -> Result<crate::Report, ReportError> {
    let sa = &loaded.sensitivity;
    let charts = crate::plots::sensitivity_charts(sa)?;
    let figures = Figures { charts: &charts };
    let s = &loaded.scenario;
    let field = |k: &str| {
        loaded
            .fields
            .iter()
            .find(|(key, _)| key == k)
            .map(|(_, v)| v.clone())
    };
    let mut summary = format!(
        "<p>{}</p>\n",
        mode_tag(&format!(
            "{} mode: {} design points × {} replications on course {}, method {}",
            field("mode").unwrap_or_else(|| "-".into()),
            field("points").unwrap_or_else(|| "-".into()),
            field("replications").unwrap_or_else(|| "-".into()),
            field("course_of_action").unwrap_or_else(|| "-".into()),
            field("method").unwrap_or_else(|| "-".into()),
        ))
    );
    summary.push_str(&verdict(sa));
    let sections = vec![
        Section::new("summary", "Summary", summary),
        Section::new(
            "sensitivity",
            "Sensitivity to the assumptions",
            crate::html::sensitivity(sa, &figures),
        ),
        Section::new("assumptions", "Assumptions", crate::assumptions::render(s)).collapsed(),
        Section::new("manifest", "Manifest", manifest(&loaded.fields)).collapsed(),
    ];
    let html = frame(
        &Frame {
            title: &s.meta().name,
            kicker: "Cordon sensitivity analysis".to_string(),
            lede: &s.meta().description,
            version: &loaded.version,
            footer: footer(&loaded.version, &loaded.commit, &dir.display().to_string()),
            warnings: &[],
        },
        &sections,
    );
    Ok(crate::Report { html, charts })
}

/// The ranking in words: which parameter drives each outcome most, and by how much.
fn verdict(sa: &Sensitivity) -> String {
    let mut outcomes: Vec<Option<&str>> = Vec::new();
    for row in &sa.rows {
        if !outcomes.contains(&row.outcome.as_deref()) {
            outcomes.push(row.outcome.as_deref());
        }
    }
    let mut out = String::new();
    for outcome in outcomes {
        let rows: Vec<_> = sa
            .rows
            .iter()
            .filter(|r| r.outcome.as_deref() == outcome)
            .collect();
        let name = outcome
            .map(String::from)
            .or_else(|| sa.metric.clone())
            .unwrap_or_else(|| "the outcome".to_string());
        let largest = rows
            .iter()
            .filter_map(|r| r.values.get(r.shown).copied().flatten())
            .map(|(v, _)| v.abs())
            .filter(|v| v.is_finite())
            .fold(0.0_f64, f64::max);
        let d = crate::html::sensitivity_decimals(largest);
        let described: Vec<String> = rows
            .iter()
            .take(3)
            .filter_map(|r| {
                let (v, interval) = r.values.get(r.shown).copied().flatten()?;
                let index = sa.indices.get(r.shown).map_or("", String::as_str);
                Some(format!(
                    "{} ({index} {}{})",
                    r.parameter,
                    format::value(v, d),
                    interval.map_or(String::new(), |(lo, hi)| format!(
                        ", 95% CI {}",
                        format::interval(lo, hi, d)
                    ))
                ))
            })
            .collect();
        if described.is_empty() {
            continue;
        }
        out.push_str(&format!(
            "<p class=\"verdict-verdict\"><strong>Verdict.</strong> Of the declared uncertain parameters, <code>{}</code> depends most on {}.</p>\n",
            html(&name),
            html(&described.join(", then "))
        ));
    }
    out
}

fn manifest(fields: &[(String, String)]) -> String {
    let mut out = String::from(
        "<p>What produced these results (<code>manifest.json</code>).</p>\n<div class=\"wide\"><table class=\"params\"><tbody>\n",
    );
    for (k, v) in fields {
        out.push_str(&format!(
            "<tr><th><code>{}</code></th><td>{}</td></tr>\n",
            html(k),
            html(v)
        ));
    }
    out.push_str("</tbody></table></div>\n");
    out
}
