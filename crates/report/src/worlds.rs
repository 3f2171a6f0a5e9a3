//! The robustness section of a results directory with a `worlds/` subdirectory (`cordon
//! compare`'s worlds section, written as `cordon explore` writes its directory): the
//! robustness table and regret of the ranking metric, each course's chosen PRIM box in words,
//! and PRIM's peeling trade-off (coverage against density) from `discovery.csv`.

use std::path::Path;

use crate::charts::{Chart, PeelingChart, render};
use crate::error::ReportError;
use crate::factorial::{Record, read_csv};
use crate::format;
use crate::html::Figures;

/// One row of `robustness.csv` (the ranking metric).
struct Robust {
    coa: String,
    rank: usize,
    mean: f64,
    p10: f64,
    p90: f64,
    regret_mean: f64,
    regret_p90: f64,
    regret_max: f64,
    p_best: (f64, f64, f64),
}

/// One box of `discovery.csv`.
struct Peel {
    coa: String,
    question: String,
    cases: usize,
    chosen: bool,
    coverage: f64,
    density: f64,
}

/// One restriction of a chosen box in `boxes.csv`.
struct Limit {
    coa: String,
    question: String,
    parameter: String,
    lower: f64,
    upper: f64,
    /// A categorical parameter's levels inside the box (empty for a number, and in
    /// directories written before the column existed).
    levels: Vec<String>,
}

/// A worlds directory, read.
pub(crate) struct Worlds {
    verdict: String,
    /// How each course was run in each world, from the manifest (for the charts' mode tag).
    runs: String,
    metric: String,
    better: String,
    worlds: usize,
    robust: Vec<Robust>,
    peels: Vec<Peel>,
    limits: Vec<Limit>,
}

fn number(t: &str) -> Result<f64, String> {
    t.trim()
        .parse::<f64>()
        .map_err(|_| format!("{t:?} is not a number"))
}

/// A number, or NaN for a blank cell (a question with no box).
fn blank_or_number(t: &str) -> Result<f64, String> {
    if t.trim().is_empty() {
        Ok(f64::NAN)
    } else {
        number(t)
    }
}

/// Reads `dir` (a `worlds/` or `cordon explore` directory); `None` when it holds no analysis.
pub(crate) fn load(dir: &Path) -> Result<Option<Worlds>, ReportError> {
    if !crate::load::has_file(dir, "robustness.csv") {
        return Ok(None);
    }
    let read = crate::load::read_file;
    let text = read(dir, "robustness.csv")?;
    let rows = read_csv(&dir.join("robustness.csv"), &text, |r: &Record<'_>| {
        Ok((
            r.get("metric")?.to_string(),
            r.get("better")?.to_string(),
            number(r.get("worlds")?)? as usize,
            Robust {
                coa: r.get("coa")?.to_string(),
                rank: number(r.get("rank")?)? as usize,
                mean: number(r.get("mean")?)?,
                p10: number(r.get("p10")?)?,
                p90: number(r.get("p90")?)?,
                regret_mean: number(r.get("regret_mean")?)?,
                regret_p90: number(r.get("regret_p90")?)?,
                regret_max: number(r.get("regret_max")?)?,
                p_best: (
                    number(r.get("p_best")?)?,
                    number(r.get("p_best_low")?)?,
                    number(r.get("p_best_high")?)?,
                ),
            },
        ))
    })?;
    let Some((metric, better, worlds, _)) = rows.first() else {
        return Ok(None);
    };
    let (metric, better, worlds) = (metric.clone(), better.clone(), *worlds);
    let mut robust: Vec<Robust> = rows
        .into_iter()
        .filter(|r| r.0 == metric)
        .map(|r| r.3)
        .collect();
    robust.sort_by_key(|r| r.rank);
    let text = read(dir, "discovery.csv")?;
    let peels = read_csv(&dir.join("discovery.csv"), &text, |r: &Record<'_>| {
        Ok(Peel {
            coa: r.get("coa")?.to_string(),
            question: r.get("question")?.to_string(),
            cases: number(r.get("cases")?)? as usize,
            chosen: r.get("chosen")? == "true",
            coverage: blank_or_number(r.get("coverage")?)?,
            density: blank_or_number(r.get("density")?)?,
        })
    })?;
    let text = read(dir, "boxes.csv")?;
    let limits = read_csv(&dir.join("boxes.csv"), &text, |r: &Record<'_>| {
        Ok((
            r.get("chosen")? == "true",
            Limit {
                coa: r.get("coa")?.to_string(),
                question: r.get("question")?.to_string(),
                parameter: r.get("parameter")?.to_string(),
                lower: blank_or_number(r.get("lower")?)?,
                upper: blank_or_number(r.get("upper")?)?,
                levels: r
                    .get("levels")
                    .unwrap_or("")
                    .split('|')
                    .filter(|l| !l.is_empty())
                    .map(String::from)
                    .collect(),
            },
        ))
    })?
    .into_iter()
    .filter_map(|(chosen, l)| chosen.then_some(l))
    .collect();
    Ok(Some(Worlds {
        verdict: read(dir, "verdict.txt")?.trim().to_string(),
        runs: runs_per_world(dir),
        metric,
        better,
        worlds,
        robust,
        peels,
        limits,
    }))
}

/// "mean-field: one run per course" or "stochastic: R replications per course", from the
/// directory's manifest (mean-field, the worlds' default, when it says nothing).
fn runs_per_world(dir: &Path) -> String {
    let manifest: Option<serde_json::Value> = crate::load::has_file(dir, "manifest.json")
        .then(|| crate::load::read_file(dir, "manifest.json").ok())
        .flatten()
        .and_then(|t| serde_json::from_str(&t).ok());
    let at = |p: &str| manifest.as_ref().and_then(|m| m.pointer(p));
    match (
        at("/plan/mode").and_then(serde_json::Value::as_str),
        at("/plan/replications").and_then(serde_json::Value::as_u64),
    ) {
        (Some("stochastic"), Some(1)) => "stochastic: 1 replication per course".to_string(),
        (Some("stochastic"), Some(r)) => format!("stochastic: {r} replications per course"),
        _ => "mean-field: one run per course".to_string(),
    }
}

fn short(x: f64) -> String {
    if x.abs() >= 100.0 {
        format!("{x:.0}")
    } else {
        format!("{:.3}", x)
            .trim_end_matches('0')
            .trim_end_matches('.')
            .to_string()
    }
}

fn pct(x: f64) -> String {
    format!("{:.0}%", 100.0 * x)
}

impl Worlds {
    /// Courses in ranking order.
    fn courses(&self) -> Vec<&str> {
        self.robust.iter().map(|r| r.coa.as_str()).collect()
    }

    fn questions(&self) -> Vec<&str> {
        let mut q: Vec<&str> = Vec::new();
        for p in &self.peels {
            if !q.contains(&p.question.as_str()) {
                q.push(&p.question);
            }
        }
        q
    }

    /// The chosen box of a course and question in words.
    fn box_words(&self, coa: &str, question: &str) -> String {
        let what = if question == "fails" {
            "fails the thresholds"
        } else {
            "is not the best"
        };
        let trajectory: Vec<&Peel> = self
            .peels
            .iter()
            .filter(|p| p.coa == coa && p.question == question)
            .collect();
        let cases = trajectory.first().map_or(0, |p| p.cases);
        let limits: Vec<String> = self
            .limits
            .iter()
            .filter(|l| l.coa == coa && l.question == question)
            .map(|l| match (l.lower.is_finite(), l.upper.is_finite()) {
                _ if !l.levels.is_empty() => {
                    format!("{} in {{{}}}", l.parameter, l.levels.join(", "))
                }
                (true, true) => {
                    format!("{} ≤ {} ≤ {}", short(l.lower), l.parameter, short(l.upper))
                }
                (true, false) => format!("{} ≥ {}", l.parameter, short(l.lower)),
                (false, true) => format!("{} ≤ {}", l.parameter, short(l.upper)),
                (false, false) => l.parameter.clone(),
            })
            .collect();
        match trajectory.iter().find(|p| p.chosen) {
            _ if cases == 0 && question == "fails" => {
                format!("{coa} meets the thresholds in every world")
            }
            _ if cases == 0 => format!("{coa} is the best in every world"),
            _ if cases == self.worlds && question == "fails" => {
                format!("{coa} fails the thresholds in every world")
            }
            _ if cases == self.worlds => format!("{coa} is not the best in any world"),
            Some(p) if !limits.is_empty() => format!(
                "{coa} {what} when {} (coverage {}, density {}, {cases} of {} worlds)",
                limits.join(" and "),
                short(p.coverage),
                short(p.density),
                self.worlds
            ),
            _ => format!(
                "{coa} {what} in {cases} of {} worlds, with no box of the assumptions reaching the density threshold",
                self.worlds
            ),
        }
    }
}

/// The peeling trade-off charts, one per question.
pub(crate) fn charts(w: &Worlds) -> Result<Vec<Chart>, ReportError> {
    let courses = w.courses();
    let mut out = Vec::new();
    for question in w.questions() {
        let curves = courses
            .iter()
            .enumerate()
            .filter_map(|(i, coa)| {
                let traj: Vec<&Peel> = w
                    .peels
                    .iter()
                    .filter(|p| p.coa == *coa && p.question == question && p.coverage.is_finite())
                    .collect();
                (!traj.is_empty()).then(|| {
                    (
                        coa.to_string(),
                        i,
                        traj.iter().map(|p| (p.coverage, p.density)).collect(),
                        traj.iter().position(|p| p.chosen),
                    )
                })
            })
            .collect::<Vec<_>>();
        if curves.is_empty() {
            continue;
        }
        let name = format!("worlds-peeling-{question}");
        let title = if question == "fails" {
            "PRIM peeling trade-off: the worlds where each course fails the thresholds"
        } else {
            "PRIM peeling trade-off: the worlds where each course is not the best"
        };
        let mode = format!("{} in each of {} worlds", w.runs, w.worlds);
        out.push(
            render(&name, title, &mode, &PeelingChart { curves }).map_err(|message| {
                ReportError::Chart {
                    name: name.clone(),
                    message,
                }
            })?,
        );
    }
    Ok(out)
}

/// The section's body; it opens with the worlds' verdict unless the page already did
/// (`with_verdict`: an exploration's own page states it in its summary).
pub(crate) fn section(w: &Worlds, figures: &Figures<'_>, with_verdict: bool) -> String {
    let mut h = if with_verdict {
        format!("<p class=\"verdict\">{}</p>\n", format::html(&w.verdict))
    } else {
        String::new()
    };
    h.push_str(&format!(
        "<p>Every course in {} plausible worlds drawn from the scenario's declared uncertain parameters. Regret in a world is the distance to the best course in that world; P(best) is the share of worlds where the course is the best (ties count for each course that shares the best value), with its 95% Wilson interval over worlds.</p>\n",
        w.worlds
    ));
    h.push_str(&format!(
        "<table>\n<caption>{} ({}) across {} worlds: the distribution and the regret</caption>\n<thead><tr><th>rank</th><th>course</th><th>mean</th><th>p10</th><th>p90</th><th>mean regret</th><th>p90 regret</th><th>max regret</th><th>P(best) [95%]</th></tr></thead>\n<tbody>\n",
        format::html(&w.metric),
        format::html(&w.better),
        w.worlds
    ));
    for r in &w.robust {
        h.push_str(&format!(
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{} [{}, {}]</td></tr>\n",
            r.rank,
            format::html(&r.coa),
            short(r.mean),
            short(r.p10),
            short(r.p90),
            short(r.regret_mean),
            short(r.regret_p90),
            short(r.regret_max),
            pct(r.p_best.0),
            pct(r.p_best.1),
            pct(r.p_best.2)
        ));
    }
    h.push_str("</tbody>\n</table>\n<p>Where each course fails or is not the best (PRIM's chosen box):</p>\n<ul>\n");
    for question in w.questions() {
        for coa in w.courses() {
            h.push_str(&format!(
                "<li>{}</li>\n",
                format::html(&w.box_words(coa, question))
            ));
        }
    }
    h.push_str("</ul>\n");
    for question in w.questions() {
        h.push_str(&figures.figure(
            &format!("worlds-peeling-{question}"),
            "Each line is one course's PRIM trajectory: peeling narrows the box from all worlds of interest (coverage 100%) towards purer boxes (higher density); the dot is the chosen box.",
        ));
    }
    h
}
