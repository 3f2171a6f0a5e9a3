//! The report of a `cordon optimize` directory: the trade-off (each pair of objectives, the
//! plans of the front and the scenario's own courses), the plans named by their lever values,
//! where the scenario's courses sit against the front, and the convergence.

use std::path::Path;

use plotters::coord::Shift;
use plotters::prelude::*;

use crate::charts::{Draw, Figure, Scale, coa_colour, render};
use crate::error::ReportError;
use crate::format::html;
use crate::html::{Figures, Frame, Section, footer, frame};

/// The files of an optimize directory, as text.
pub(crate) struct OptimizeFiles {
    pub manifest: String,
    pub pareto: String,
    pub courses: String,
    pub convergence: String,
}

/// A CSV file as header and rows (the optimize files quote nothing they write).
fn table(text: &str) -> (Vec<String>, Vec<Vec<String>>) {
    let mut lines = text.lines();
    let header = lines
        .next()
        .map(|l| l.split(',').map(str::to_string).collect())
        .unwrap_or_default();
    let rows = lines
        .filter(|l| !l.is_empty())
        .map(|l| l.split(',').map(str::to_string).collect())
        .collect();
    (header, rows)
}

fn number(s: &str) -> f64 {
    s.parse().unwrap_or(f64::NAN)
}

/// A scatter of two objectives: the plans (filled) and the scenario's courses (open).
struct TradeOff {
    x_name: String,
    y_name: String,
    plans: Vec<(String, f64, f64)>,
    courses: Vec<(String, f64, f64)>,
}

fn range(values: impl Iterator<Item = f64>) -> std::ops::Range<f64> {
    let (lo, hi) = values
        .filter(|v| v.is_finite())
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
            (lo.min(v), hi.max(v))
        });
    if !lo.is_finite() {
        return 0.0..1.0;
    }
    let pad = ((hi - lo) * 0.08).max(hi.abs() * 0.02).max(1e-9);
    (lo - pad)..(hi + pad)
}

impl Figure for TradeOff {
    fn size(&self) -> (u32, u32) {
        (560, 420)
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>, k: Scale) -> Draw {
        let all = || self.plans.iter().chain(&self.courses);
        let mut chart = ChartBuilder::on(root)
            .margin(k.u(12.0))
            .x_label_area_size(k.u(40.0))
            .y_label_area_size(k.u(70.0))
            .build_cartesian_2d(range(all().map(|p| p.1)), range(all().map(|p| p.2)))
            .map_err(|e| e.to_string())?;
        chart
            .configure_mesh()
            .x_desc(self.x_name.as_str())
            .y_desc(self.y_name.as_str())
            .label_style(k.font(11.0))
            .axis_desc_style(k.font(12.0))
            .light_line_style(RGBColor(235, 235, 235))
            .draw()
            .map_err(|e| e.to_string())?;
        let plan_colour = coa_colour(0);
        for (name, x, y) in &self.plans {
            chart
                .draw_series(std::iter::once(Circle::new(
                    (*x, *y),
                    k.u(5.0),
                    plan_colour.filled(),
                )))
                .map_err(|e| e.to_string())?;
            chart
                .draw_series(std::iter::once(Text::new(
                    name.clone(),
                    (*x, *y),
                    k.muted(10.0),
                )))
                .map_err(|e| e.to_string())?;
        }
        let course_colour = coa_colour(1);
        for (name, x, y) in &self.courses {
            chart
                .draw_series(std::iter::once(Circle::new(
                    (*x, *y),
                    k.u(5.0),
                    course_colour.stroke_width(k.u(2.0)),
                )))
                .map_err(|e| e.to_string())?;
            chart
                .draw_series(std::iter::once(Text::new(
                    name.clone(),
                    (*x, *y),
                    k.font(10.0).color(&course_colour),
                )))
                .map_err(|e| e.to_string())?;
        }
        Ok(())
    }
}

pub(crate) fn build(dir: &Path, files: &OptimizeFiles) -> Result<crate::Report, ReportError> {
    let manifest: serde_json::Value = serde_json::from_str(&files.manifest).map_err(|e| {
        cordon_experiment::FileError::corrupt(
            dir.join("manifest.json"),
            Some(e.line() as u64),
            e.to_string(),
        )
    })?;
    let objectives: Vec<String> = manifest["objectives"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default();
    let plans = table(&files.pareto);
    let courses = table(&files.courses);
    let (_, convergence) = table(&files.convergence);
    let charts = tradeoff_charts(&objectives, &plans, &courses)?;
    let figures = Figures { charts: &charts };
    let summary = summary(&manifest, &objectives, plans.1.len(), &courses.1);
    let mut tradeoffs = String::new();
    for chart in &charts {
        tradeoffs.push_str(&figures.figure(&chart.name, &html(&chart.title)));
    }
    let sections = sections(summary, tradeoffs, &plans, &courses, &convergence);
    let text = |key: &str| manifest[key].as_str().unwrap_or("-").to_string();
    let version = text("version");
    let page = frame(
        &Frame {
            title: &text("scenario"),
            kicker: "Cordon optimisation".to_string(),
            lede: "The plans no other plan beats on every objective, found by a many-objective search over the scenario's levers.",
            version: &version,
            footer: footer(&version, "", &dir.display().to_string()),
            warnings: &[],
        },
        &sections,
    );
    Ok(crate::Report { html: page, charts })
}

/// A header and its rows, as [`table`] reads them.
type Table = (Vec<String>, Vec<Vec<String>>);

/// One trade-off chart for each pair of objectives that both files have as columns.
fn tradeoff_charts(
    objectives: &[String],
    (p_header, plans): &Table,
    (c_header, courses): &Table,
) -> Result<Vec<crate::charts::Chart>, ReportError> {
    let column = |header: &[String], name: &str| header.iter().position(|h| h == name);
    let mut charts = Vec::new();
    for i in 0..objectives.len() {
        for j in (i + 1)..objectives.len() {
            let (Some(pi), Some(pj), Some(ci), Some(cj)) = (
                column(p_header, &objectives[i]),
                column(p_header, &objectives[j]),
                column(c_header, &objectives[i]),
                column(c_header, &objectives[j]),
            ) else {
                continue;
            };
            let figure = TradeOff {
                x_name: objectives[i].clone(),
                y_name: objectives[j].clone(),
                plans: plans
                    .iter()
                    .map(|r| (r[0].clone(), number(&r[pi]), number(&r[pj])))
                    .collect(),
                courses: courses
                    .iter()
                    .map(|r| (r[0].clone(), number(&r[ci]), number(&r[cj])))
                    .collect(),
            };
            let name = format!("tradeoff-{}-{}", i + 1, j + 1);
            let title = format!("{} against {}", objectives[j], objectives[i]);
            let mode = "plans of the front (filled) and the scenario's courses (open)";
            let chart =
                render(&name, &title, mode, &figure).map_err(|message| ReportError::Chart {
                    name: name.clone(),
                    message,
                })?;
            charts.push(chart);
        }
    }
    Ok(charts)
}

/// The summary: what the search did, and which of the scenario's courses the front dominates.
fn summary(
    manifest: &serde_json::Value,
    objectives: &[String],
    plan_count: usize,
    courses: &[Vec<String>],
) -> String {
    let text = |key: &str| manifest[key].as_str().unwrap_or("-").to_string();
    let number_of = |key: &str| manifest[key].to_string();
    let dominated: Vec<String> = courses
        .iter()
        .filter(|r| r.get(objectives.len() + 1).is_some_and(|d| !d.is_empty()))
        .map(|r| {
            format!(
                "{} (by {})",
                r[0],
                r[objectives.len() + 1].replace('+', ", ")
            )
        })
        .collect();
    let mut summary = format!(
        "<p>{} plans on the front after {} evaluations ({} generations of {}, seed {}, {} replications per candidate, {} mode{}), objectives {}.</p>\n",
        plan_count,
        number_of("evaluations"),
        number_of("generations"),
        number_of("population"),
        number_of("seed"),
        number_of("replications"),
        text("mode"),
        if manifest["robust"].is_null() {
            String::new()
        } else {
            format!(
                ", over {} worlds with the statistic {}",
                manifest["robust"]["worlds"], manifest["robust"]["statistic"]
            )
        },
        html(&objectives.join(", "))
    );
    summary.push_str(&format!(
        "<p class=\"verdict-verdict\"><strong>Against the front.</strong> {}</p>\n",
        if dominated.is_empty() {
            "No course of action of the scenario is dominated by a plan of the front.".to_string()
        } else {
            html(&format!(
                "Courses of the scenario that a plan of the front beats on every objective: {}.",
                dominated.join("; ")
            ))
        }
    ));
    summary
}

/// The page's sections, in order.
fn sections(
    summary: String,
    tradeoffs: String,
    (p_header, plans): &Table,
    (c_header, courses): &Table,
    convergence: &[Vec<String>],
) -> Vec<Section> {
    vec![
        Section::new("summary", "Summary", summary),
        Section::new("tradeoffs", "Trade-offs", tradeoffs),
        Section::new("plans", "Plans on the front", html_table(p_header, plans)),
        Section::new(
            "courses",
            "The scenario's courses against the front",
            html_table(c_header, courses),
        ),
        Section::new(
            "convergence",
            "Convergence",
            html_table(
                &[
                    "generation".into(),
                    "evaluations".into(),
                    "hypervolume".into(),
                    "ε-progress".into(),
                    "archive".into(),
                ],
                convergence,
            ),
        )
        .collapsed(),
    ]
}

fn html_table(header: &[String], rows: &[Vec<String>]) -> String {
    let mut out = String::from("<div class=\"wide\"><table>\n<thead><tr>");
    for h in header {
        out.push_str(&format!("<th>{}</th>", html(h)));
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for r in rows {
        out.push_str("<tr>");
        for v in r {
            out.push_str(&format!(
                "<td>{}</td>",
                html(&v.replace('>', " > ").replace('+', " + "))
            ));
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody></table></div>\n");
    out
}
