//! The report of a `cordon factorial` directory: the essay's claims as contrasts with their
//! intervals and the conditions where they hold or reverse (first), the main effects of every
//! factor per outcome as charts with intervals, the largest two-way interactions, and the best
//! arms. Everything comes from `effects.csv`, `claims.csv`, `cells.csv` and `manifest.json`;
//! nothing is re-run.

use std::path::Path;

use cordon_experiment::{FileError, Kind, outcomes::specs_of};
use serde_json::Value;

use crate::charts::{Chart, EffectsChart, render};
use crate::error::ReportError;
use crate::format::{self, html};
use crate::html::{Figures, Frame, Section, footer, frame, mode_tag};
use crate::load::FactorialFiles;

/// The outcomes a factorial report shows first, when the files have them.
const SHOWN: [&str; 3] = ["fighters_total", "coalition_losses", "civilian_casualties"];

/// One estimate of `effects.csv`, `claims.csv` or `cells.csv`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Est {
    pub mean: f64,
    pub lo: f64,
    pub hi: f64,
}

impl Est {
    fn significant(&self) -> bool {
        self.lo > 0.0 || self.hi < 0.0
    }
}

/// A row of `effects.csv`.
struct EffectRow {
    outcome: String,
    order: usize,
    factors: Vec<String>,
    levels: Vec<String>,
    est: Est,
}

/// A row of `claims.csv`.
struct ClaimRow {
    outcome: String,
    claim: String,
    factor: String,
    level: String,
    versus: String,
    /// `(factor, level)` the contrast is taken within; `None`: over every arm.
    given: Option<(String, String)>,
    est: Est,
    verdict: String,
}

/// A row of `cells.csv`: one arm on one outcome.
struct CellRow {
    levels: Vec<String>,
    outcome: String,
    est: Est,
}

/// The parsed directory.
pub(crate) struct Factorial {
    source: String,
    scenario: String,
    mode: String,
    replications: u64,
    seed: String,
    factors: Vec<(String, Vec<String>)>,
    effects: Vec<EffectRow>,
    claims: Vec<ClaimRow>,
    cells: Vec<CellRow>,
    fields: Vec<(String, String)>,
}

pub(crate) fn parse(dir: &Path, files: &FactorialFiles) -> Result<Factorial, ReportError> {
    let manifest_path = dir.join("manifest.json");
    let root: Value = serde_json::from_str(&files.manifest)
        .map_err(|e| FileError::corrupt(&manifest_path, Some(e.line() as u64), e.to_string()))?;
    let factors: Vec<(String, Vec<String>)> = root
        .get("factors")
        .and_then(Value::as_array)
        .map(|items| {
            items
                .iter()
                .filter_map(|f| {
                    let name = f.get("name")?.as_str()?.to_string();
                    let levels = f
                        .get("levels")?
                        .as_array()?
                        .iter()
                        .filter_map(|l| l.as_str().map(String::from))
                        .collect();
                    Some((name, levels))
                })
                .collect()
        })
        .unwrap_or_default();
    if factors.is_empty() {
        return Err(FileError::corrupt(&manifest_path, None, "no factors in the manifest").into());
    }
    let text = |k: &str| {
        root.get(k).map_or("-".to_string(), |v| match v {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        })
    };
    let mut fields = Vec::new();
    if let Value::Object(map) = &root {
        for (key, value) in map {
            if key == "arms" {
                continue;
            }
            fields.push((key.clone(), value.to_string()));
        }
    }
    let effects = read_csv(&dir.join("effects.csv"), &files.effects, |r| {
        Ok(EffectRow {
            outcome: r.get("outcome")?.to_string(),
            order: r
                .get("order")?
                .parse()
                .map_err(|_| "order is not a number")?,
            factors: split(r.get("factors")?),
            levels: split(r.get("levels")?),
            est: est(r.get("effect")?, r.get("ci_low")?, r.get("ci_high")?)?,
        })
    })?;
    let claims = read_csv(&dir.join("claims.csv"), &files.claims, |r| {
        let given_factor = r.get("given_factor")?;
        let given = if given_factor.is_empty() {
            None
        } else {
            Some((given_factor.to_string(), r.get("given_level")?.to_string()))
        };
        Ok(ClaimRow {
            outcome: r.get("outcome")?.to_string(),
            claim: r.get("claim")?.to_string(),
            factor: r.get("factor")?.to_string(),
            level: r.get("level")?.to_string(),
            versus: r.get("versus")?.to_string(),
            given,
            est: est(r.get("difference")?, r.get("ci_low")?, r.get("ci_high")?)?,
            verdict: r.get("verdict")?.to_string(),
        })
    })?;
    let names: Vec<String> = factors.iter().map(|(n, _)| n.clone()).collect();
    let cells = read_csv(&dir.join("cells.csv"), &files.cells, |r| {
        Ok(CellRow {
            levels: names
                .iter()
                .map(|n| r.get(n).map(String::from))
                .collect::<Result<_, _>>()?,
            outcome: r.get("outcome")?.to_string(),
            est: est(r.get("mean")?, r.get("ci_low")?, r.get("ci_high")?)?,
        })
    })?;
    Ok(Factorial {
        source: dir.display().to_string(),
        scenario: text("scenario"),
        mode: text("mode"),
        replications: root
            .get("replications")
            .and_then(Value::as_u64)
            .unwrap_or(0),
        seed: text("seed"),
        factors,
        effects,
        claims,
        cells,
        fields,
    })
}

/// One CSV record with its file's headers.
pub(crate) struct Record<'a> {
    headers: &'a [String],
    record: &'a csv::StringRecord,
}

impl Record<'_> {
    pub(crate) fn get(&self, name: &str) -> Result<&str, String> {
        let c = self
            .headers
            .iter()
            .position(|h| h == name)
            .ok_or_else(|| format!("no column {name}"))?;
        self.record
            .get(c)
            .ok_or_else(|| format!("no value in column {name}"))
    }
}

pub(crate) fn read_csv<T>(
    path: &Path,
    text: &str,
    row: impl Fn(&Record<'_>) -> Result<T, String>,
) -> Result<Vec<T>, ReportError> {
    let mut reader = csv::ReaderBuilder::new().from_reader(text.as_bytes());
    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| FileError::corrupt(path, Some(1), e.to_string()))?
        .iter()
        .map(String::from)
        .collect();
    let mut out = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let line = Some(i as u64 + 2);
        let record = record.map_err(|e| FileError::corrupt(path, line, e.to_string()))?;
        let value = row(&Record {
            headers: &headers,
            record: &record,
        })
        .map_err(|why| FileError::corrupt(path, line, why))?;
        out.push(value);
    }
    Ok(out)
}

fn split(text: &str) -> Vec<String> {
    if text.is_empty() {
        Vec::new()
    } else {
        text.split(':').map(String::from).collect()
    }
}

fn est(mean: &str, lo: &str, hi: &str) -> Result<Est, String> {
    let number = |t: &str| {
        t.trim()
            .parse::<f64>()
            .map_err(|_| format!("{t:?} is not a number"))
    };
    Ok(Est {
        mean: number(mean)?,
        lo: number(lo)?,
        hi: number(hi)?,
    })
}

impl Factorial {
    /// The outcomes shown first: those of [`SHOWN`] in the files, else the first three.
    fn shown(&self) -> Vec<String> {
        let mut all: Vec<String> = Vec::new();
        for e in &self.effects {
            if !all.contains(&e.outcome) {
                all.push(e.outcome.clone());
            }
        }
        let shown: Vec<String> = SHOWN
            .iter()
            .filter(|o| all.iter().any(|a| a == *o))
            .map(|o| (*o).to_string())
            .collect();
        if shown.is_empty() {
            all.into_iter().take(3).collect()
        } else {
            shown
        }
    }

    /// Decimals of an outcome's numbers: three for proportions, else by magnitude.
    fn decimals(&self, outcome: &str) -> usize {
        let spec = &specs_of(&[outcome.to_string()])[0];
        if spec.kind == Kind::Proportion {
            return 3;
        }
        let largest = self
            .effects
            .iter()
            .filter(|e| e.outcome == outcome)
            .map(|e| e.est.mean.abs())
            .filter(|m| m.is_finite())
            .fold(0.0_f64, f64::max);
        if largest >= 100.0 {
            0
        } else if largest >= 10.0 {
            1
        } else {
            2
        }
    }

    fn est_text(&self, outcome: &str, e: &Est) -> String {
        let d = self.decimals(outcome);
        format!(
            "{} {}",
            format::signed(e.mean, d),
            format::interval(e.lo, e.hi, d)
        )
    }

    fn mode_text(&self) -> String {
        if self.mode == "mean-field" {
            "mean-field mode: one deterministic run per arm (intervals have zero width)".into()
        } else {
            format!(
                "{} mode: {} replications per arm, common random numbers",
                self.mode,
                format::num(self.replications as f64, 0)
            )
        }
    }
}

/// The charts of a factorial report: the main effects of each shown outcome.
pub(crate) fn charts(f: &Factorial) -> Result<Vec<Chart>, ReportError> {
    let mut charts = Vec::new();
    for outcome in f.shown() {
        let rows: Vec<crate::charts::EffectRow> = f
            .effects
            .iter()
            .filter(|e| e.outcome == outcome && e.order == 1)
            .map(|e| {
                let group = f
                    .factors
                    .iter()
                    .position(|(n, _)| e.factors.first() == Some(n))
                    .unwrap_or(0);
                (
                    format!(
                        "{} = {}",
                        e.factors.first().map_or("", String::as_str),
                        e.levels.first().map_or("", String::as_str)
                    ),
                    group,
                    e.est.mean,
                    (e.est.lo, e.est.hi),
                )
            })
            .collect();
        if rows.is_empty() {
            continue;
        }
        let label = specs_of(std::slice::from_ref(&outcome))[0].label.clone();
        let name = format!("effects-{}", format::file_id(&outcome));
        let chart = EffectsChart {
            rows,
            x_desc: format!("main effect on {outcome}: level mean − grand mean (95% CI)"),
        };
        charts.push(
            render(
                &name,
                &format!("Main effects on {outcome} ({label})"),
                &f.mode_text(),
                &chart,
            )
            .map_err(|message| ReportError::Chart {
                name: name.clone(),
                message,
            })?,
        );
    }
    Ok(charts)
}

/// The page.
pub(crate) fn page(f: &Factorial, figures: &Figures<'_>, version: &str) -> String {
    let sections = vec![
        Section::new("summary", "Summary: the essay's claims", summary(f)),
        Section::new("effects", "Main effects", effects(f, figures)),
        Section::new("interactions", "The largest interactions", interactions(f)),
        Section::new(
            "conditions",
            "Where each claim holds or reverses",
            conditions(f),
        ),
        Section::new("arms", "The best arms", arms(f)).collapsed(),
        Section::new("manifest", "Manifest", manifest(f)).collapsed(),
    ];
    let n_arms = f
        .cells
        .iter()
        .filter(|c| c.outcome == f.cells[0].outcome)
        .count();
    frame(
        &Frame {
            title: &f.scenario,
            kicker: format!(
                "Cordon factorial experiment · {} arms × {} replications",
                format::num(n_arms as f64, 0),
                format::num(f.replications as f64, 0)
            ),
            lede: "The strategy factors crossed, every arm generated from the same capability base: which factor levels change the outcomes, by how much, and whether the essay's claims hold.",
            version,
            footer: footer(version, "-", &f.source),
            warnings: &[],
        },
        &sections,
    )
}

fn verdict_class(verdict: &str) -> &'static str {
    match verdict {
        "supports" => "better",
        "contradicts" => "worse",
        _ => "same",
    }
}

/// The overall contrast of each claim on `outcome`.
fn overall<'a>(f: &'a Factorial, outcome: &str) -> Vec<&'a ClaimRow> {
    f.claims
        .iter()
        .filter(|c| c.outcome == outcome && c.given.is_none())
        .collect()
}

/// Where a claim's verdict differs from its overall verdict: "regime=parallel (contradicts)".
fn exceptions(f: &Factorial, overall: &ClaimRow) -> Vec<String> {
    f.claims
        .iter()
        .filter(|c| {
            c.outcome == overall.outcome
                && c.claim == overall.claim
                && c.given.is_some()
                && c.verdict != overall.verdict
        })
        .filter_map(|c| {
            let (g, l) = c.given.as_ref()?;
            Some(format!("{g}={l} ({})", c.verdict))
        })
        .collect()
}

fn summary(f: &Factorial) -> String {
    let shown = f.shown();
    let mut out = format!(
        "<p>{} Each claim of the essay is a contrast between two levels of one factor, averaged over every other factor: the difference of the outcome (first level minus second) with its 95% interval, paired on common random numbers. \
         <em>supports</em>: the interval is on the side the claim predicts; <em>contradicts</em>: on the other side; otherwise no detectable difference.</p>\n",
        mode_tag(&f.mode_text())
    );
    if let Some(primary) = shown.first() {
        out.push_str(&verdict_sentence(f, primary));
    }
    out.push_str(&claims_table(f, &shown));
    out
}

/// The claims table: each claim's overall contrast on every shown outcome, its verdict and
/// where it holds.
fn claims_table(f: &Factorial, shown: &[String]) -> String {
    let mut out = String::new();
    out.push_str("<div class=\"wide\"><table class=\"results claims\" id=\"claims-table\"><thead><tr><th>claim</th><th>contrast</th>");
    for o in shown {
        out.push_str(&format!("<th><code>{}</code></th>", html(o)));
    }
    out.push_str("</tr></thead><tbody>\n");
    let primary = shown.first().cloned().unwrap_or_default();
    for c in overall(f, &primary) {
        out.push_str(&format!(
            "<tr data-claim=\"{}\"><td>{}</td><td><code>{}</code>: {} vs {}</td>",
            html(&c.claim),
            html(&c.claim),
            html(&c.factor),
            html(&c.level),
            html(&c.versus)
        ));
        for o in shown {
            let Some(row) = f
                .claims
                .iter()
                .find(|x| x.outcome == *o && x.claim == c.claim && x.given.is_none())
            else {
                out.push_str("<td class=\"na\">–</td>");
                continue;
            };
            let ex = exceptions(f, row);
            let holds = if ex.is_empty() {
                "holds at every level of the other factors".to_string()
            } else {
                format!("differs when {}", ex.join("; "))
            };
            out.push_str(&format!(
                "<td class=\"num {}\" data-outcome=\"{}\" data-value=\"{}\" data-lo=\"{}\" data-hi=\"{}\"><span class=\"estimate\">{}</span><span class=\"ci\">{}</span><span class=\"ci\">{}</span></td>",
                verdict_class(&row.verdict),
                html(o),
                cordon_experiment::store::format_number(row.est.mean),
                cordon_experiment::store::format_number(row.est.lo),
                cordon_experiment::store::format_number(row.est.hi),
                html(&f.est_text(o, &row.est)),
                html(&row.verdict),
                html(&holds)
            ));
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody></table></div>\n");
    out
}

/// The verdict on the primary outcome: the claims the model credits, contradicts or cannot
/// tell, and the best arm.
fn verdict_sentence(f: &Factorial, primary: &str) -> String {
    let claims = overall(f, primary);
    let by = |v: &str| -> Vec<String> {
        claims
            .iter()
            .filter(|c| c.verdict == v)
            .map(|c| c.claim.clone())
            .collect()
    };
    let (yes, no) = (by("supports"), by("contradicts"));
    let mut sentence = format!(
        "<p class=\"verdict-verdict\"><strong>Verdict.</strong> On <code>{}</code>, the model ",
        html(primary)
    );
    sentence.push_str(&if yes.is_empty() {
        "credits none of the essay's claims".to_string()
    } else {
        format!("credits {}", html(&yes.join("; ")))
    });
    if !no.is_empty() {
        sentence.push_str(&format!("; it contradicts {}", html(&no.join("; "))));
    }
    let neutral = claims.len() - yes.len() - no.len();
    if neutral > 0 {
        sentence.push_str(&format!(
            "; {neutral} claim{} show{} no detectable difference",
            if neutral == 1 { "" } else { "s" },
            if neutral == 1 { "s" } else { "" }
        ));
    }
    sentence.push('.');
    if let Some(best) = f
        .cells
        .iter()
        .filter(|c| c.outcome == *primary)
        .min_by(|a, b| {
            let sign = if specs_of(&[primary.to_string()])[0].better
                == cordon_experiment::Better::Higher
            {
                -1.0
            } else {
                1.0
            };
            (sign * a.est.mean).total_cmp(&(sign * b.est.mean))
        })
    {
        let levels: Vec<String> = f
            .factors
            .iter()
            .zip(&best.levels)
            .map(|((n, _), l)| format!("{n}={l}"))
            .collect();
        sentence.push_str(&format!(
            " The best arm on it is {} ({}).",
            html(&levels.join(", ")),
            html(&format!(
                "{} {}",
                format::value(best.est.mean, f.decimals(primary)),
                format::interval(best.est.lo, best.est.hi, f.decimals(primary))
            ))
        ));
    }
    sentence.push_str("</p>\n");
    sentence
}

fn effects(f: &Factorial, figures: &Figures<'_>) -> String {
    let mut out = format!(
        "<p>{} A factor level's main effect is the mean of the outcome over the arms at that level minus the grand mean, with its 95% interval (replication by replication). A level whose interval crosses the zero line moves the outcome by less than the noise can tell.</p>\n",
        mode_tag(&f.mode_text())
    );
    for o in f.shown() {
        let grand = f.effects.iter().find(|e| e.outcome == o && e.order == 0);
        out.push_str(&figures.figure(
            &format!("effects-{}", format::file_id(&o)),
            &format!(
                "Main effects on <code>{}</code>{}.",
                html(&o),
                grand.map_or(String::new(), |g| format!(
                    " (grand mean {})",
                    html(&format!(
                        "{} {}",
                        format::value(g.est.mean, f.decimals(&o)),
                        format::interval(g.est.lo, g.est.hi, f.decimals(&o))
                    ))
                ))
            ),
        ));
    }
    out
}

fn interactions(f: &Factorial) -> String {
    let mut out = format!(
        "<p>{} A two-way interaction is what two factors' levels do together beyond their main effects; the largest, by size, for each outcome.</p>\n",
        mode_tag(&f.mode_text())
    );
    for o in f.shown() {
        let mut rows: Vec<&EffectRow> = f
            .effects
            .iter()
            .filter(|e| e.outcome == o && e.order == 2)
            .collect();
        rows.sort_by(|a, b| b.est.mean.abs().total_cmp(&a.est.mean.abs()));
        out.push_str(&format!(
            "<h3><code>{}</code></h3>\n<div class=\"wide\"><table class=\"results compact\" data-outcome=\"{}\"><thead><tr><th>levels together</th><th>interaction (95% CI)</th><th>distinguishable from 0</th></tr></thead><tbody>\n",
            html(&o),
            html(&o)
        ));
        for e in rows.iter().take(6) {
            let pair: Vec<String> = e
                .factors
                .iter()
                .zip(&e.levels)
                .map(|(f, l)| format!("{f}={l}"))
                .collect();
            out.push_str(&format!(
                "<tr><td>{}</td><td class=\"num\">{}</td><td>{}</td></tr>\n",
                html(&pair.join(" × ")),
                html(&f.est_text(&o, &e.est)),
                if e.est.significant() { "yes" } else { "no" }
            ));
        }
        out.push_str("</tbody></table></div>\n");
    }
    out
}

fn conditions(f: &Factorial) -> String {
    let mut out = String::from(
        "<p>Each claim's contrast within the arms at one level of another factor: where it holds, and where it weakens or reverses.</p>\n",
    );
    let shown = f.shown();
    let primary = shown.first().cloned().unwrap_or_default();
    for c in overall(f, &primary) {
        out.push_str(&format!(
            "<details class=\"more\"><summary>{} (<code>{}</code>: {} vs {})</summary>\n<div class=\"wide\"><table class=\"results compact\"><thead><tr><th>within</th>",
            html(&c.claim),
            html(&c.factor),
            html(&c.level),
            html(&c.versus)
        ));
        for o in &shown {
            out.push_str(&format!("<th><code>{}</code></th>", html(o)));
        }
        out.push_str("</tr></thead><tbody>\n");
        let givens: Vec<&(String, String)> = f
            .claims
            .iter()
            .filter(|x| x.outcome == primary && x.claim == c.claim)
            .filter_map(|x| x.given.as_ref())
            .collect();
        for given in std::iter::once(None).chain(givens.into_iter().map(Some)) {
            out.push_str(&format!(
                "<tr><td>{}</td>",
                given.map_or("every arm".to_string(), |(g, l)| html(&format!("{g}={l}")))
            ));
            for o in &shown {
                match f
                    .claims
                    .iter()
                    .find(|x| x.outcome == *o && x.claim == c.claim && x.given.as_ref() == given)
                {
                    Some(x) => out.push_str(&format!(
                        "<td class=\"num {}\">{}<span class=\"ci\">{}</span></td>",
                        verdict_class(&x.verdict),
                        html(&f.est_text(o, &x.est)),
                        html(&x.verdict)
                    )),
                    None => out.push_str("<td class=\"na\">–</td>"),
                }
            }
            out.push_str("</tr>\n");
        }
        out.push_str("</tbody></table></div></details>\n");
    }
    out
}

fn arms(f: &Factorial) -> String {
    let mut out = format!(
        "<p>{} The ten best arms on each outcome (cell means with 95% intervals); every arm is in <code>cells.csv</code>.</p>\n",
        mode_tag(&f.mode_text())
    );
    for o in f.shown() {
        let better = specs_of(std::slice::from_ref(&o))[0].better;
        let sign = if better == cordon_experiment::Better::Higher {
            -1.0
        } else {
            1.0
        };
        let mut rows: Vec<&CellRow> = f.cells.iter().filter(|c| c.outcome == o).collect();
        rows.sort_by(|a, b| (sign * a.est.mean).total_cmp(&(sign * b.est.mean)));
        out.push_str(&format!(
            "<h3><code>{}</code> ({})</h3>\n<div class=\"wide\"><table class=\"results compact\"><thead><tr><th>#</th>",
            html(&o),
            better.as_str()
        ));
        for (name, _) in &f.factors {
            out.push_str(&format!("<th>{}</th>", html(name)));
        }
        out.push_str("<th>mean (95% CI)</th></tr></thead><tbody>\n");
        let d = f.decimals(&o);
        for (i, c) in rows.iter().take(10).enumerate() {
            out.push_str(&format!("<tr><td>{}</td>", i + 1));
            for l in &c.levels {
                out.push_str(&format!("<td>{}</td>", html(l)));
            }
            out.push_str(&format!(
                "<td class=\"num\">{}<span class=\"ci\">{}</span></td></tr>\n",
                html(&format::value(c.est.mean, d)),
                html(&format::interval(c.est.lo, c.est.hi, d))
            ));
        }
        out.push_str("</tbody></table></div>\n");
    }
    out
}

fn manifest(f: &Factorial) -> String {
    let mut out = format!(
        "<p>What produced these results (<code>manifest.json</code>; seed {}).</p>\n<div class=\"wide\"><table class=\"params\"><tbody>\n",
        html(&f.seed)
    );
    for (k, v) in &f.fields {
        out.push_str(&format!(
            "<tr><th><code>{}</code></th><td>{}</td></tr>\n",
            html(k),
            html(v)
        ));
    }
    out.push_str("</tbody></table></div>\n");
    out
}
