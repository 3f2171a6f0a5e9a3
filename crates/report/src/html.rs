//! The report page: one self-contained HTML file (inline CSS, inline SVG, no script, no
//! external reference of any kind), readable on a laptop and printable.

use cordon_experiment::{Better, Comparison, Kind, OutcomeSpec, Summary};
use cordon_model::Scenario;

use crate::analysis::Analysis;
use crate::charts::{Chart, coa_dasharray, coa_hex};
use crate::format::{self, html};
use crate::results::Results;

/// The pieces of the page the charts module drew, by chart name.
pub(crate) struct Figures<'a> {
    pub charts: &'a [Chart],
}

impl Figures<'_> {
    fn get(&self, name: &str) -> Option<&Chart> {
        self.charts.iter().find(|c| c.name == name)
    }

    /// A figure with its caption, or nothing when the chart was not drawn. The figure is never
    /// drawn wider than the chart itself, so that its text keeps its size.
    pub(crate) fn figure(&self, name: &str, caption: &str) -> String {
        let Some(chart) = self.get(name) else {
            return String::new();
        };
        let width = svg_width(&chart.svg).unwrap_or(crate::charts::WIDTH);
        format!(
            "<figure class=\"chart\" id=\"chart-{name}\" style=\"max-width: {width}px\">\n{}\n<figcaption>{caption} <span class=\"files\">(charts/{name}.svg, charts/{name}.png)</span></figcaption>\n</figure>\n",
            inline_svg(&chart.svg),
        )
    }
}

/// The `width` attribute of an SVG document's root.
fn svg_width(svg: &str) -> Option<u32> {
    let at = svg.find("<svg")?;
    let rest = &svg[at..];
    let w = rest.find("width=\"")? + 7;
    rest[w..].split('"').next()?.parse().ok()
}

/// An SVG document as an element of the page: no XML prolog and no namespace attribute (the
/// HTML parser puts `<svg>` in the SVG namespace itself).
fn inline_svg(svg: &str) -> String {
    let body = match svg.find("<svg") {
        Some(at) => &svg[at..],
        None => svg,
    };
    body.replacen(" xmlns=\"http://www.w3.org/2000/svg\"", "", 1)
        .replacen(" xmlns:xlink=\"http://www.w3.org/1999/xlink\"", "", 1)
}

/// One section of a page: anchor, heading, body; `collapsed` sections are in a closed
/// `<details>` (long material a reader opens on demand).
pub(crate) struct Section {
    pub id: &'static str,
    pub title: String,
    pub body: String,
    pub collapsed: bool,
}

impl Section {
    pub fn new(id: &'static str, title: &str, body: String) -> Section {
        Section {
            id,
            title: title.to_string(),
            body,
            collapsed: false,
        }
    }

    pub fn collapsed(mut self) -> Section {
        self.collapsed = true;
        self
    }
}

/// The frame every page shares: head, style, header with the table of contents, sections,
/// footer.
pub(crate) struct Frame<'a> {
    pub title: &'a str,
    pub kicker: String,
    pub lede: &'a str,
    pub version: &'a str,
    pub footer: String,
    pub warnings: &'a [String],
}

pub(crate) fn frame(f: &Frame<'_>, sections: &[Section]) -> String {
    let mut out = String::with_capacity(1 << 20);
    out.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    out.push_str(&format!(
        "<meta name=\"generator\" content=\"Cordon {}\">\n<title>Cordon report: {}</title>\n<style>\n{CSS}</style>\n</head>\n<body>\n",
        html(f.version),
        html(f.title)
    ));
    out.push_str(&format!(
        "<header>\n<p class=\"kicker\">{}</p>\n<h1>{}</h1>\n<p class=\"lede\">{}</p>\n",
        html(&f.kicker),
        html(f.title),
        html(f.lede),
    ));
    out.push_str("<nav class=\"toc\" aria-label=\"contents\"><ol>");
    for section in sections {
        out.push_str(&format!(
            "<li><a href=\"#{}\">{}</a></li>",
            section.id,
            html(&section.title)
        ));
    }
    out.push_str("</ol></nav>\n</header>\n<main>\n");
    for w in f.warnings {
        out.push_str(&format!("<p class=\"warning\">{}</p>\n", html(w)));
    }
    for section in sections {
        if section.collapsed {
            out.push_str(&format!(
                "<section id=\"{}\">\n<details class=\"section\"><summary><h2>{}</h2></summary>\n{}</details>\n</section>\n",
                section.id,
                html(&section.title),
                section.body
            ));
        } else {
            out.push_str(&format!(
                "<section id=\"{}\">\n<h2>{}</h2>\n{}</section>\n",
                section.id,
                html(&section.title),
                section.body
            ));
        }
    }
    out.push_str(&format!(
        "</main>\n<footer>{}</footer>\n</body>\n</html>\n",
        f.footer
    ));
    out
}

/// A tag naming the mode a chart or a table comes from.
pub(crate) fn mode_tag(mode: &str) -> String {
    let class = if mode.starts_with("mean-field") {
        "mode mean-field"
    } else {
        "mode"
    };
    format!("<span class=\"{class}\">{}</span>", html(mode))
}

pub(crate) fn page(results: &Results, s: &Scenario, a: &Analysis, figures: &Figures<'_>) -> String {
    let ensemble = crate::plots::ensemble_mode(results);
    let mut sections = vec![
        Section::new("summary", "Summary", summary(a, figures, &ensemble)),
        Section::new("question", "The question", question(results, s, a)),
        Section::new("results", "Results", headline(a, &ensemble)),
        Section::new(
            "strength",
            "Adversary strength over time",
            strength(results, a, figures, &ensemble),
        ),
        Section::new("escape", "Escape from the core", escape(s, a, figures)),
        Section::new(
            "defeat",
            "Time to decisive defeat",
            defeat(a, figures, &ensemble),
        ),
        Section::new("network", "The adversary network", network(s, a, figures)),
    ];
    if let Some(body) = results
        .sensitivity
        .as_ref()
        .map(|sa| sensitivity(sa, figures))
    {
        sections.push(Section::new(
            "sensitivity",
            "Sensitivity to the assumptions",
            body,
        ));
    }
    sections.push(
        Section::new("assumptions", "Assumptions", crate::assumptions::render(s)).collapsed(),
    );
    sections.push(Section::new("manifest", "Manifest", manifest(results)).collapsed());
    let m = &results.manifest;
    frame(
        &Frame {
            title: &s.meta().name,
            kicker: format!(
                "Cordon campaign analysis · {} course{} of action × {} replications",
                m.coas.len(),
                if m.coas.len() == 1 { "" } else { "s" },
                format::num(m.replications as f64, 0)
            ),
            lede: &s.meta().description,
            version: &m.cordon_version,
            footer: footer(&m.cordon_version, &m.git_commit, &results.source),
            warnings: &results.warnings,
        },
        &sections,
    )
}

pub(crate) fn footer(version: &str, commit: &str, source: &str) -> String {
    format!(
        "Written by <code>cordon report</code> (Cordon {}, commit <code>{}</code>) from <code>{}</code>. Self-contained: no script, no external resource. Charts drawn with plotters; chart text in DejaVu Sans.",
        html(version),
        html(&short_commit(commit)),
        html(source),
    )
}

/// The verdict and the key chart: one screen.
fn summary(a: &Analysis, figures: &Figures<'_>, ensemble: &str) -> String {
    let mut out = String::from("<div class=\"summary\">\n<div class=\"verdict\">\n");
    out.push_str(&verdict_html(&a.verdict));
    out.push_str(&format!(
        "<p class=\"note\">From the runs: {}. Every number here is in the tables below.</p>\n</div>\n",
        mode_tag(ensemble)
    ));
    out.push_str(&figures.figure(
        "strength-total",
        "Adversary fighters in the regions over time, per course of action: median (line) and middle 50% of replications (band). Fighters in transit between regions are not in this chart; <code>fighters_total</code> in the tables includes them.",
    ));
    out.push_str("</div>\n");
    out
}

/// `a` spans of (escaped) text as `<code>a</code>`.
fn backticks_as_code(text: &str) -> String {
    if text.matches('`').count() % 2 == 1 {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    for (i, part) in text.split('`').enumerate() {
        if i % 2 == 1 {
            out.push_str(&format!("<code>{part}</code>"));
        } else {
            out.push_str(part);
        }
    }
    out
}

/// The verdict's paragraphs as HTML.
pub(crate) fn verdict_html(v: &crate::verdict::Verdict) -> String {
    let mut out = String::new();
    for (label, text) in &v.paragraphs {
        out.push_str(&format!(
            "<p class=\"verdict-{}\"><strong>{label}.</strong> {}</p>\n",
            label.to_lowercase(),
            backticks_as_code(&html(text))
        ));
    }
    out
}

fn short_commit(commit: &str) -> String {
    commit.chars().take(12).collect()
}

/// The key of a course of action: its line style and colour, as a tiny inline SVG.
fn key(index: usize) -> String {
    format!(
        "<svg class=\"key\" width=\"26\" height=\"10\" viewBox=\"0 0 26 10\" aria-hidden=\"true\"><line x1=\"1\" y1=\"5\" x2=\"25\" y2=\"5\" stroke=\"{}\" stroke-width=\"3\" stroke-dasharray=\"{}\"/></svg>",
        coa_hex(index),
        coa_dasharray(index)
    )
}

fn coa_label(a: &Analysis, c: usize) -> String {
    let info = &a.coas[c];
    format!(
        "<span class=\"coa\">{}<code>{}</code></span>",
        key(info.index),
        html(&info.id)
    )
}

// ---------------------------------------------------------------------------------------------

fn question(results: &Results, s: &Scenario, a: &Analysis) -> String {
    let m = &results.manifest;
    let meta = s.meta();
    let mut out = String::new();
    out.push_str(&format!(
        "<p>Which course of action against <strong>{}</strong> works, by how much, and how sure can we be? \
         Each course of action below was run {} times{} with common random numbers: replication <var>r</var> of every course uses the same random stream <code>chacha8:{}:r</code>, so differences between courses are paired replication by replication.</p>\n",
        html(&s.adversary().name),
        format::num(m.replications as f64, 0),
        if m.mode == "stochastic" {
            String::new()
        } else {
            format!(" ({})", html(&m.mode))
        },
        m.seed,
    ));
    out.push_str("<div class=\"wide\"><table class=\"coas\"><thead><tr><th>course of action</th><th>what it does</th><th>regime</th><th>phases and tasks</th></tr></thead><tbody>\n");
    for (c, info) in a.coas.iter().enumerate() {
        let coa = &s.coas()[info.index];
        let baseline = if a.paired && c == a.comparison.baseline {
            " <span class=\"tag\">baseline</span>"
        } else {
            ""
        };
        let levels = coa.factors.as_ref().map_or_else(
            || "<p class=\"levels\">written by hand (no factor levels)</p>".to_string(),
            |l| {
                let tags: Vec<String> = cordon_model::describe_levels(l, s.factors())
                    .split(", ")
                    .map(|t| format!("<span class=\"level\">{}</span>", html(t)))
                    .collect();
                format!("<p class=\"levels\">{}</p>", tags.join(" "))
            },
        );
        out.push_str(&format!(
            "<tr data-coa=\"{}\"><td>{}{baseline}</td><td><strong>{}</strong> {}{levels}</td><td>{}</td><td>{}</td></tr>\n",
            html(&info.id),
            coa_label(a, c),
            html(&coa.name),
            html(&coa.description),
            coa.regime.as_str(),
            phases_html(s, coa),
        ));
    }
    out.push_str("</tbody></table></div>\n");
    let stat = |k: &str, v: String| format!("<div><dt>{k}</dt><dd>{v}</dd></div>");
    let started = m
        .fields
        .iter()
        .find(|(k, _)| k == "run.started_at")
        .map_or("–".to_string(), |(_, v)| html(v));
    let horizon = format!(
        "{} days in steps of {} day{}{}",
        format::num(meta.horizon_days, 0),
        format::exact(meta.step_days),
        if meta.step_days == 1.0 { "" } else { "s" },
        meta.start_date
            .as_ref()
            .map_or(String::new(), |d| format!(", from {}", html(d)))
    );
    out.push_str("<dl class=\"facts\">");
    for item in [
        stat("scenario", format!("<code>{}</code>", html(&meta.name))),
        stat("campaign", horizon),
        stat(
            "core region",
            format!("<code>{}</code>", html(&s.region(meta.core_region).id)),
        ),
        stat(
            "replications",
            format!(
                "{} per course of action",
                format::num(m.replications as f64, 0)
            ),
        ),
        stat("seed", m.seed.to_string()),
        stat("mode", html(&m.mode)),
        stat(
            "failed replications",
            if m.failures == 0 {
                "none".to_string()
            } else {
                format!("{} (left out of every statistic)", m.failures)
            },
        ),
        stat("Cordon version", html(&m.cordon_version)),
        stat(
            "commit",
            format!("<code>{}</code>", html(&short_commit(&m.git_commit))),
        ),
        stat(
            "scenario hash",
            format!("<code>{}</code>", html(&m.scenario_hash)),
        ),
        stat("run started", started),
    ] {
        out.push_str(&item);
    }
    out.push_str("</dl>\n");
    out
}

/// A course's phases in a few lines: each phase, when it starts, and its tasks counted by
/// kind (the full list is in the assumptions).
fn phases_html(s: &Scenario, coa: &cordon_model::Coa) -> String {
    if coa.phases.is_empty() {
        return "–".to_string();
    }
    let mut out = String::from("<ol class=\"phases\">");
    for p in &coa.phases {
        let mut when = Vec::new();
        if let Some(d) = p.start_day {
            when.push(format!("day {}", format::exact(d)));
        }
        if let Some(c) = &p.when {
            when.push(format!(
                "when {}{}",
                c.metric.as_str(),
                c.region
                    .map_or(String::new(), |r| format!(" of {}", s.region(r).id))
            ));
        }
        if let Some(d) = p.no_later_than {
            when.push(format!("by day {}", format::exact(d)));
        }
        let mut kinds: Vec<(&str, usize)> = Vec::new();
        for t in &p.tasks {
            let kind = t.kind.task_type().as_str();
            match kinds.iter_mut().find(|(k, _)| *k == kind) {
                Some((_, n)) => *n += 1,
                None => kinds.push((kind, 1)),
            }
        }
        let tasks: Vec<String> = kinds.iter().map(|(k, n)| format!("{k} {n}")).collect();
        let mut actors: Vec<&str> = p
            .tasks
            .iter()
            .map(|t| s.actor(t.actor).id.as_str())
            .collect();
        actors.sort_unstable();
        actors.dedup();
        out.push_str(&format!(
            "<li><strong>{}</strong>{}: {} task{} ({}) by {} actor{}</li>",
            html(&p.id),
            if when.is_empty() {
                String::new()
            } else {
                format!(" <span class=\"note\">({})</span>", html(&when.join(", ")))
            },
            p.tasks.len(),
            if p.tasks.len() == 1 { "" } else { "s" },
            html(&tasks.join(", ")),
            actors.len(),
            if actors.len() == 1 { "" } else { "s" },
        ));
    }
    out.push_str("</ol>");
    out
}

// ---------------------------------------------------------------------------------------------

fn headline(a: &Analysis, ensemble: &str) -> String {
    let cmp = &a.comparison;
    let mut out = format!("<p>{} ", mode_tag(ensemble));
    if a.paired {
        out.push_str(&format!(
            "Each block is one outcome at the horizon; <strong>Δ</strong> is the course minus the baseline <code>{}</code>, paired by replication, with its 95% interval under it. \
             <strong>P(better)</strong> is the probability that the course beats the baseline on one replication (ties count half; <em>tie</em> when every replication ties). \
             Intervals are 95% (under each number): t for means, Wilson for proportions; medians are type 7. These are the numbers <code>cordon compare --all</code> prints.</p>\n",
            html(&cmp.coas[cmp.baseline])
        ));
    } else {
        out.push_str("Intervals are 95% (under each number): t for means, Wilson for proportions; medians are type 7. These are the numbers <code>cordon run --all</code> prints.</p>\n");
    }
    out.push_str(&ranking_table(a));
    let headline: Vec<usize> = (0..cmp.outcomes.len())
        .filter(|&o| cmp.outcomes[o].headline)
        .collect();
    out.push_str("<h3>Headline outcomes</h3>\n");
    out.push_str(&results_table("headline-table", cmp, a, &headline));
    out.push_str(&region_table(cmp, a));
    let others: Vec<usize> = (0..cmp.outcomes.len())
        .filter(|&o| !cmp.outcomes[o].headline)
        .collect();
    if !others.is_empty() {
        out.push_str("<details class=\"more\"><summary>Every other outcome (per region, links, phases)</summary>\n");
        out.push_str(&results_table("other-outcomes-table", cmp, a, &others));
        out.push_str("</details>\n");
    }
    out
}

/// The courses ranked on the verdict's outcome.
fn ranking_table(a: &Analysis) -> String {
    let cmp = &a.comparison;
    let o = a.verdict.outcome;
    let Some(spec) = cmp.outcomes.get(o) else {
        return String::new();
    };
    let summaries: Vec<&Summary> = cmp.summaries.iter().map(|s| &s[o]).collect();
    let d = format::decimals(spec.kind, &summaries);
    let mut out = format!(
        "<h3>Ranking on <code>{}</code></h3>\n<p class=\"note\">{}{}, best first.</p>\n<div class=\"wide\"><table class=\"results ranking\" id=\"ranking-table\"><thead><tr><th>#</th><th>course of action</th><th>mean</th>",
        html(&spec.name),
        html(&spec.label),
        match spec.better {
            Better::Neither => String::new(),
            b => format!(" ({})", b.as_str()),
        }
    );
    if a.paired {
        out.push_str(&format!(
            "<th>Δ vs {}</th><th>P(better)</th>",
            html(&cmp.coas[cmp.baseline])
        ));
    }
    out.push_str("</tr></thead><tbody>\n");
    let mut notes = Vec::new();
    for (rank, &c) in a.verdict.order.iter().enumerate() {
        let s = &cmp.summaries[c][o];
        out.push_str(&format!(
            "<tr data-coa=\"{}\"><td>{}</td><td>{}</td>{}",
            html(&cmp.coas[c]),
            rank + 1,
            coa_label(a, c),
            mean_cell(s, d)
        ));
        if a.paired {
            out.push_str(&diff_cells(cmp, c, o, d, &mut notes));
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody></table></div>\n");
    for note in notes {
        out.push_str(&format!("<p class=\"note\">{}</p>\n", html(&note)));
    }
    out
}

/// A cell with its exact value in `data-value` (for checks and copying).
fn stat_cell(stat: &str, x: f64, text: String) -> String {
    format!(
        "<td data-stat=\"{stat}\" data-value=\"{}\">{}</td>",
        cordon_experiment::store::format_number(x),
        html(&text)
    )
}

/// The mean with its 95% interval under it (exact values in `data-*`).
fn mean_cell(s: &Summary, d: usize) -> String {
    format!(
        "<td class=\"num\"><span data-stat=\"mean\" data-value=\"{}\">{}</span><span class=\"ci\" data-stat=\"ci\" data-lo=\"{}\" data-hi=\"{}\">{}</span></td>",
        cordon_experiment::store::format_number(s.mean),
        html(&format::value(s.mean, d)),
        cordon_experiment::store::format_number(s.ci.lo),
        cordon_experiment::store::format_number(s.ci.hi),
        html(&format::interval(s.ci.lo, s.ci.hi, d))
    )
}

/// Δ with its interval under it, and P(better); "n/a" with its reason (pushed to `notes`)
/// when no pair of replications gives a difference; "tie" when every pair ties.
fn diff_cells(cmp: &Comparison, c: usize, o: usize, d: usize, notes: &mut Vec<String>) -> String {
    if c == cmp.baseline {
        return "<td class=\"na\">–</td><td class=\"na\">–</td>".to_string();
    }
    let spec = &cmp.outcomes[o];
    let diff = &cmp.diffs[c][o];
    let p = format!(
        "<td class=\"num\" data-stat=\"p_better\" data-value=\"{}\">{}</td>",
        cordon_experiment::store::format_number(diff.p_better),
        html(&crate::verdict::p_better_text(diff))
    );
    if diff.n == 0 {
        let note = crate::verdict::no_difference_note(spec, &cmp.coas[cmp.baseline]);
        if !notes.contains(&note) {
            notes.push(note);
        }
        return format!(
            "<td class=\"num na\" data-stat=\"diff\" data-value=\"nan\" title=\"no pair of replications where both happened\">n/a</td>{p}"
        );
    }
    let verdict = verdict(spec.better, diff.mean, diff.ci.lo, diff.ci.hi);
    format!(
        "<td class=\"num {verdict}\"><span data-stat=\"diff\" data-value=\"{}\">{}</span><span class=\"ci\" data-stat=\"diff_ci\" data-lo=\"{}\" data-hi=\"{}\">{}</span></td>{p}",
        cordon_experiment::store::format_number(diff.mean),
        html(&format::signed(diff.mean, d)),
        cordon_experiment::store::format_number(diff.ci.lo),
        cordon_experiment::store::format_number(diff.ci.hi),
        html(&format::interval(diff.ci.lo, diff.ci.hi, d))
    )
}

fn results_table(id: &str, cmp: &Comparison, a: &Analysis, outcomes: &[usize]) -> String {
    let mut out = format!(
        "<div class=\"wide\"><table class=\"results\" id=\"{id}\">\n<thead><tr><th>course of action</th><th>n</th><th>mean</th><th>median</th>"
    );
    if a.paired {
        out.push_str(&format!(
            "<th>Δ vs {}</th><th>P(better)</th>",
            html(&cmp.coas[cmp.baseline])
        ));
    }
    out.push_str("</tr></thead>\n");
    let columns = if a.paired { 6 } else { 4 };
    let mut notes = Vec::new();
    for &o in outcomes {
        let spec: &OutcomeSpec = &cmp.outcomes[o];
        let summaries: Vec<&Summary> = cmp.summaries.iter().map(|s| &s[o]).collect();
        let d = format::decimals(spec.kind, &summaries);
        let direction = match spec.better {
            Better::Neither => String::new(),
            b => format!(" <span class=\"direction\">({})</span>", b.as_str()),
        };
        let what = match spec.kind {
            Kind::Proportion => " <span class=\"direction\">— share of replications</span>",
            Kind::TimeToEvent => {
                " <span class=\"direction\">— over the replications where it happened (n of all)</span>"
            }
            Kind::Amount => "",
        };
        out.push_str(&format!(
            "<tbody data-outcome=\"{}\"><tr class=\"outcome\"><th colspan=\"{columns}\"><code>{}</code> {}{direction}{what}</th></tr>\n",
            html(&spec.name),
            html(&spec.name),
            html(&spec.label),
        ));
        for (c, coa) in cmp.coas.iter().enumerate() {
            let s = &cmp.summaries[c][o];
            let n = format::replications(s, spec.kind);
            let baseline = a.paired && c == cmp.baseline;
            out.push_str(&format!(
                "<tr data-coa=\"{}\"{}><td>{}{}</td>",
                html(coa),
                if baseline { " class=\"baseline\"" } else { "" },
                coa_label(a, c),
                if baseline {
                    " <span class=\"tag\">baseline</span>"
                } else {
                    ""
                },
            ));
            out.push_str(&stat_cell("n", s.n as f64, n));
            out.push_str(&mean_cell(s, d));
            if spec.kind == Kind::Proportion {
                out.push_str("<td class=\"na\">–</td>");
            } else {
                let approx = if s.median_exact || s.median.is_nan() {
                    ""
                } else {
                    "~"
                };
                out.push_str(&stat_cell(
                    "median",
                    s.median,
                    format!("{approx}{}", format::value(s.median, d)),
                ));
            }
            if a.paired {
                out.push_str(&diff_cells(cmp, c, o, d, &mut notes));
            }
            out.push_str("</tr>\n");
        }
        out.push_str("</tbody>\n");
    }
    out.push_str("</table></div>\n");
    for note in notes {
        out.push_str(&format!("<p class=\"note\">{}</p>\n", html(&note)));
    }
    out
}

/// `better`/`worse` when the 95% interval of the difference excludes zero, else `same`.
fn verdict(better: Better, mean: f64, lo: f64, hi: f64) -> &'static str {
    if better == Better::Neither || lo.is_nan() || hi.is_nan() || (lo <= 0.0 && hi >= 0.0) {
        return "same";
    }
    let up = mean > 0.0;
    match (better, up) {
        (Better::Higher, true) | (Better::Lower, false) => "better",
        _ => "worse",
    }
}

/// Mean fighters per region at the horizon, one column per region (as the terminal shows).
fn region_table(cmp: &Comparison, a: &Analysis) -> String {
    let regions = cmp.region_outcomes();
    if regions.is_empty() {
        return String::new();
    }
    let mut out = String::from(
        "<h3>Fighters per region at the horizon</h3>\n<p class=\"note\">Mean over replications; lower is better. Intervals are in the table of every other outcome below.</p>\n<div class=\"wide\"><table class=\"results compact\" id=\"region-table\"><thead><tr><th>course of action</th>",
    );
    for &(_, region) in &regions {
        out.push_str(&format!("<th>{}</th>", html(region)));
    }
    out.push_str("</tr></thead><tbody>\n");
    for c in 0..cmp.coas.len() {
        out.push_str(&format!("<tr><td>{}</td>", coa_label(a, c)));
        for &(i, _) in &regions {
            let mean = cmp.summaries[c][i].mean;
            out.push_str(&stat_cell("mean", mean, format::value(mean, 0)));
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody></table></div>\n");
    out
}

// ---------------------------------------------------------------------------------------------

fn strength(results: &Results, a: &Analysis, figures: &Figures<'_>, ensemble: &str) -> String {
    if results.bands.is_empty() {
        return "<p class=\"warning\">No bands.csv in the results: the trajectories over time are not available.</p>\n".to_string();
    }
    let mut out = format!(
        "<p>{} Adversary fighters over the campaign, from <code>bands.csv</code>: at each recorded day, the median across replications (line), the middle 50% (darker band) and the middle 90% (lighter band) of replications, in each region; quantiles are within 0.8% of the exact ones. \
         The chart of every course together is in the <a href=\"#summary\">summary</a>. One chart per course of action:</p>\n",
        mode_tag(ensemble)
    );
    for (c, info) in a.coas.iter().enumerate() {
        out.push_str(&format!(
            "<details class=\"more\"><summary>{}: fighters per region</summary>\n",
            coa_label(a, c)
        ));
        out.push_str(&figures.figure(
            &format!("fan-{}", format::file_id(&info.id)),
            &format!(
                "<code>{}</code>: adversary fighters per region: median, middle 50% and middle 90% of replications. Each panel has its own vertical scale.",
                html(&info.id)
            ),
        ));
        out.push_str("</details>\n");
    }
    out
}

fn escape(s: &Scenario, a: &Analysis, figures: &Figures<'_>) -> String {
    let core = &s.region(s.meta().core_region).id;
    let source = if a.arrivals_from_bands {
        mode_tag("stochastic: the mean arrivals per region of the same replications")
    } else {
        format!(
            "{}, because the results record only the total escaped per replication, not where escapees went",
            mode_tag(crate::plots::MEAN_FIELD)
        )
    };
    let mut out = format!(
        "<p>The adversary's strategy is to make a clean break and escape in strength from the core <code>{}</code>. \
         Left: fighters who left the core and arrived in another region by the horizon, across replications (<code>escaped_from_core</code> in <code>runs.csv</code>). \
         Right: where they arrived: {source}.</p>\n",
        html(core)
    );
    out.push_str(&figures.figure(
        "escape",
        "Strength escaped from the core (fighters) and its destinations.",
    ));
    out
}

fn defeat(a: &Analysis, figures: &Figures<'_>, ensemble: &str) -> String {
    let mut out = format!(
        "<p>{} Decisive defeat: every branch of the adversary at or below the decisive-defeat level at once. \
         Each curve rises at the day of defeat of each replication; where it ends on the right is the share defeated by the horizon.</p>\n",
        mode_tag(ensemble)
    );
    out.push_str(&figures.figure(
        "defeat-time",
        "Empirical distribution (ECDF) of the day of decisive defeat, per course of action.",
    ));
    out.push_str("<div class=\"wide\"><table class=\"results compact\" id=\"defeat-table\"><thead><tr><th>course of action</th><th>replications</th><th>defeated by the horizon</th><th>never defeated</th><th>median day, where defeated</th></tr></thead><tbody>\n");
    for (c, info) in a.coas.iter().enumerate() {
        let n = info.n_replications.max(1) as f64;
        let k = info.defeat_days.len();
        let median = cordon_experiment::stats::quantile_sorted(&info.defeat_days, 0.5);
        out.push_str(&format!(
            "<tr data-coa=\"{}\"><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{} ({:.0}%)</td><td class=\"num\" data-stat=\"never\" data-value=\"{}\">{:.0}%</td><td class=\"num\">{}</td></tr>\n",
            html(&info.id),
            coa_label(a, c),
            format::num(info.n_replications as f64, 0),
            format::num(k as f64, 0),
            100.0 * k as f64 / n,
            cordon_experiment::store::format_number(1.0 - k as f64 / n),
            100.0 - 100.0 * k as f64 / n,
            if k == 0 {
                "never".to_string()
            } else {
                format::value(median, 0)
            },
        ));
    }
    out.push_str("</tbody></table></div>\n");
    out.push_str(&region_defeat_table(a));
    out
}

/// Per course and region: the median day of decisive defeat of the branch, where it happened,
/// and how often it happened (`defeat_day_<region>` in `runs.csv`).
fn region_defeat_table(a: &Analysis) -> String {
    let cmp = &a.comparison;
    let regions: Vec<usize> = (0..cmp.outcomes.len())
        .filter(|&o| cmp.outcomes[o].name.starts_with("defeat_day_"))
        .collect();
    if regions.is_empty() {
        return String::new();
    }
    let mut out = String::from(
        "<h3>Decisive defeat of each branch</h3>\n<p class=\"note\">Median day of decisive defeat of the branch in each region, over the replications where it happened, and under it the share of replications where it happened by the horizon.</p>\n<div class=\"wide\"><table class=\"results compact\" id=\"region-defeat-table\"><thead><tr><th>course of action</th>",
    );
    for &o in &regions {
        out.push_str(&format!(
            "<th>{}</th>",
            html(cmp.outcomes[o].name.trim_start_matches("defeat_day_"))
        ));
    }
    out.push_str("</tr></thead><tbody>\n");
    for c in 0..cmp.coas.len() {
        out.push_str(&format!("<tr><td>{}</td>", coa_label(a, c)));
        for &o in &regions {
            let s = &cmp.summaries[c][o];
            let share = if s.n_total == 0 {
                f64::NAN
            } else {
                s.n as f64 / s.n_total as f64
            };
            if s.n == 0 {
                out.push_str(&stat_cell("median", s.median, "never".to_string()));
            } else {
                out.push_str(&format!(
                    "<td class=\"num\" data-stat=\"median\" data-value=\"{}\">{}<span class=\"ci\">{:.0}% of runs</span></td>",
                    cordon_experiment::store::format_number(s.median),
                    format::value(s.median, 0),
                    100.0 * share
                ));
            }
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody></table></div>\n");
    out
}

fn network(s: &Scenario, a: &Analysis, figures: &Figures<'_>) -> String {
    let severed = s.outcome_rules().severed_integrity;
    let mut out = format!(
        "<p>Regions are nodes: the core in the centre, the bastions around it. Links are drawn by kind (fighters solid, finance dashed, command dotted, propaganda long-dashed) and as wide as their integrity (0 to 1); a link at or below integrity {} is severed and marked ×. \
         Integrity comes from {}, at days {}. The table also lists the links the interdiction optimiser cuts in each phase (max-flow interdiction of the fighters network between the core and the bastions).</p>\n",
        format::exact(severed),
        if a.integrity_from_bands {
            mode_tag("stochastic: the median of the replications (bands.csv)")
        } else {
            format!(
                "{}: the results do not record link integrity per replication",
                mode_tag(crate::plots::MEAN_FIELD)
            )
        },
        a.snapshot_days
            .iter()
            .map(|d| format::num(*d, 0))
            .collect::<Vec<_>>()
            .join(", "),
    );
    for (c, info) in a.coas.iter().enumerate() {
        let name = format!("network-{}", format::file_id(&info.id));
        out.push_str(&format!(
            "<details class=\"more\"><summary>{}: the network at days {}</summary>\n",
            coa_label(a, c),
            a.snapshot_days
                .iter()
                .map(|d| format::num(*d, 0))
                .collect::<Vec<_>>()
                .join(", ")
        ));
        out.push_str(&figures.figure(
            &name,
            &format!("<code>{}</code>: the adversary network at days {}.", html(&info.id), a
                .snapshot_days
                .iter()
                .map(|d| format::num(*d, 0))
                .collect::<Vec<_>>()
                .join(", ")),
        ));
        out.push_str(&link_table(s, a, c));
        out.push_str("</details>\n");
    }
    out
}

fn link_table(s: &Scenario, a: &Analysis, c: usize) -> String {
    let info = &a.coas[c];
    let severed = s.outcome_rules().severed_integrity;
    let mut out = String::from(
        "<details class=\"more\"><summary>Link integrity and the optimiser's cuts</summary>\n<div class=\"wide\"><table class=\"results compact links\"><thead><tr><th>link</th><th>kind</th><th>from → to</th>",
    );
    for d in &a.snapshot_days {
        out.push_str(&format!("<th>day {}</th>", format::num(*d, 0)));
    }
    out.push_str("<th>cut by the optimiser in phase</th></tr></thead><tbody>\n");
    for (l, link) in s.links().iter().enumerate() {
        out.push_str(&format!(
            "<tr><td><code>{}</code></td><td>{}</td><td>{} {} {}</td>",
            html(&link.id),
            link.kind.as_str(),
            html(&s.region(link.from).id),
            if link.bidirectional { "↔" } else { "→" },
            html(&s.region(link.to).id),
        ));
        for d in &a.snapshot_days {
            match a.integrity(c, l, *d) {
                Some(x) => out.push_str(&format!(
                    "<td class=\"num{}\">{:.2}{}</td>",
                    if x <= severed { " severed" } else { "" },
                    x,
                    if x <= severed { " ×" } else { "" }
                )),
                None => out.push_str("<td class=\"na\">–</td>"),
            }
        }
        let phases: Vec<String> = info
            .cuts
            .iter()
            .filter(|(_, links)| links.contains(&l))
            .map(|(p, _)| html(p))
            .collect();
        out.push_str(&format!(
            "<td>{}</td></tr>\n",
            if phases.is_empty() {
                "–".to_string()
            } else {
                phases.join(", ")
            }
        ));
    }
    out.push_str("</tbody></table></div>\n");
    if let Ok(mf) = &info.mean_field
        && !mf.link_events.is_empty()
    {
        out.push_str("<p class=\"note\">Mean-field run: ");
        let events: Vec<String> = mf
            .link_events
            .iter()
            .take(24)
            .map(|(day, text)| format!("day {}: {}", format::num(*day, 0), html(text)))
            .collect();
        out.push_str(&events.join("; "));
        if mf.link_events.len() > 24 {
            out.push_str(&format!("; … ({} events in all)", mf.link_events.len()));
        }
        out.push_str(".</p>\n");
    }
    if let Err(why) = &info.mean_field {
        out.push_str(&format!(
            "<p class=\"warning\">The mean-field run failed: {}</p>\n",
            html(why)
        ));
    }
    out.push_str("</details>\n");
    out
}

// ---------------------------------------------------------------------------------------------

pub(crate) fn sensitivity(sa: &crate::results::Sensitivity, figures: &Figures<'_>) -> String {
    let mut out = format!(
        "<p>Which declared uncertain parameters drive {}, from <code>sensitivity.csv</code> (<code>cordon sensitivity</code>), ranked by {}, most influential first; lines are the 95% intervals where the file gives them.</p>\n",
        sa.metric
            .as_ref()
            .map_or("the outcome".to_string(), |m| format!(
                "<code>{}</code>",
                html(m)
            )),
        html(&sa.ranked_by)
    );
    for chart in figures
        .charts
        .iter()
        .filter(|c| c.name.starts_with("sensitivity"))
    {
        out.push_str(&figures.figure(&chart.name, &html(&chart.title)));
    }
    let with_outcome = sa.rows.iter().any(|r| r.outcome.is_some());
    // One number format per index: decimals from its largest value.
    let decimals: Vec<usize> = (0..sa.indices.len())
        .map(|i| {
            let largest = sa
                .rows
                .iter()
                .filter_map(|r| r.values.get(i).copied().flatten())
                .map(|(v, _)| v.abs())
                .filter(|v| v.is_finite())
                .fold(0.0_f64, f64::max);
            sensitivity_decimals(largest)
        })
        .collect();
    // An index column with no interval anywhere gets no interval column.
    let has_interval: Vec<bool> = (0..sa.indices.len())
        .map(|i| {
            sa.rows
                .iter()
                .any(|r| matches!(r.values.get(i), Some(Some((_, Some(_))))))
        })
        .collect();
    out.push_str(
        "<div class=\"wide\"><table class=\"results compact\" id=\"sensitivity-table\"><thead><tr>",
    );
    if with_outcome {
        out.push_str("<th>outcome</th>");
    }
    out.push_str("<th>parameter</th>");
    for (i, name) in sa.indices.iter().enumerate() {
        out.push_str(&format!(
            "<th>{}{}</th>",
            html(name),
            if has_interval[i] { " (95% CI)" } else { "" }
        ));
    }
    out.push_str("</tr></thead><tbody>\n");
    for row in &sa.rows {
        out.push_str("<tr>");
        if with_outcome {
            out.push_str(&format!(
                "<td>{}</td>",
                html(row.outcome.as_deref().unwrap_or("–"))
            ));
        }
        out.push_str(&format!("<td><code>{}</code></td>", html(&row.parameter)));
        for (i, value) in row.values.iter().enumerate() {
            let d = decimals.get(i).copied().unwrap_or(3);
            match value {
                Some((v, interval)) => out.push_str(&format!(
                    "<td class=\"num\">{}{}</td>",
                    html(&format::value(*v, d)),
                    interval.map_or(String::new(), |(lo, hi)| format!(
                        " <span class=\"ci\">{}</span>",
                        html(&format::interval(lo, hi, d))
                    ))
                )),
                None => out.push_str("<td class=\"na\">–</td>"),
            }
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody></table></div>\n");
    out
}

fn manifest(results: &Results) -> String {
    let m = &results.manifest;
    let mut out = format!(
        "<p>What produced these results (<code>manifest.json</code>, format <code>{}</code>); the resolved scenario is in the assumptions above.</p>\n<div class=\"wide\"><table class=\"params\" id=\"manifest-table\"><tbody>\n",
        html(&m.format)
    );
    for (key, value) in &m.fields {
        out.push_str(&format!(
            "<tr><th><code>{}</code></th><td>{}</td></tr>\n",
            html(key),
            html(value)
        ));
    }
    out.push_str("</tbody></table></div>\n");
    if !results.failures.is_empty() {
        out.push_str(&format!(
            "<h3>Failed replications ({})</h3>\n<table class=\"params\"><thead><tr><th>course of action</th><th>replication</th><th>stream</th><th>message</th></tr></thead><tbody>\n",
            results.failures.len()
        ));
        for f in results.failures.iter().take(50) {
            out.push_str(&format!(
                "<tr><td><code>{}</code></td><td>{}</td><td><code>{}</code></td><td>{}</td></tr>\n",
                html(&f.coa),
                f.replication,
                html(&f.stream_key),
                html(&f.message)
            ));
        }
        out.push_str("</tbody></table>\n");
    }
    out
}

/// Decimals of a sensitivity index whose largest value is `largest`: indices between 0 and 1
/// (Sobol, correlations) with three, larger ones (Morris, in the outcome's units) fewer.
pub(crate) fn sensitivity_decimals(largest: f64) -> usize {
    if largest >= 1000.0 {
        0
    } else if largest >= 10.0 {
        1
    } else {
        3
    }
}

/// The style sheet: system fonts, a page as wide as the screen allows (up to 1,360 pixels) with
/// prose kept to a readable measure, tables whose intervals sit under their numbers so that they
/// fit a screen 800 pixels wide, charts never drawn wider than their own size, a two-column
/// summary on wide screens, and print rules (A4, no navigation, figures kept whole).
const CSS: &str = r#":root { --text: #222; --muted: #595959; --rule: #ddd; --band: #f6f6f4; --better: #0b6b4f; --worse: #a33a00; }
* { box-sizing: border-box; }
html { font-size: 15px; }
body { margin: 0; color: var(--text); background: #fff; font-family: system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", "Helvetica Neue", Arial, sans-serif; line-height: 1.45; }
header, main, footer { max-width: 1360px; margin: 0 auto; padding: 0 24px; }
header { padding-top: 16px; border-bottom: 1px solid var(--rule); }
.kicker { color: var(--muted); text-transform: uppercase; letter-spacing: .06em; font-size: .8rem; margin: 0; }
h1 { font-size: 1.8rem; margin: .1em 0 .2em; }
.lede { font-size: 1.05rem; max-width: 60em; margin: 0 0 .3em; }
h2 { font-size: 1.4rem; margin: 1.4em 0 .5em; padding-bottom: .2em; border-bottom: 2px solid var(--text); }
section#summary h2 { margin-top: .6em; }
h3 { font-size: 1.1rem; margin: 1.4em 0 .4em; }
p { max-width: 60em; }
code { font-family: ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: .9em; }
.toc ol { display: flex; flex-wrap: wrap; gap: .1em 1.4em; padding-left: 0; margin: .4em 0 .7em; list-style-position: inside; font-size: .92rem; }
.toc a { color: inherit; }
.warning { background: #fff4e5; border-left: 4px solid #e69f00; padding: .5em .8em; }
.note { color: var(--muted); font-size: .9rem; }
.tag { display: inline-block; font-size: .75rem; padding: 0 .45em; border: 1px solid var(--muted); border-radius: 3px; color: var(--muted); vertical-align: middle; }
.mode { display: inline-block; font-size: .8rem; padding: 0 .5em; border-radius: 3px; background: #e8f0f8; color: #124; white-space: normal; }
.mode.mean-field { background: #f8eee0; color: #421; }
.coa { white-space: nowrap; }
svg.key { vertical-align: middle; margin-right: .35em; }
.summary { display: grid; grid-template-columns: minmax(0, 1fr); gap: 0 32px; align-items: start; }
@media (min-width: 1200px) { .summary { grid-template-columns: minmax(0, 1fr) 760px; } }
.verdict p { margin: 0 0 .6em; }
.verdict p.verdict-verdict { font-size: 1.08rem; }
.summary figure.chart { margin-top: 0; }
table { border-collapse: collapse; margin: .6em 0 1em; font-size: .9rem; }
th, td { padding: .28em .55em; border-bottom: 1px solid var(--rule); text-align: left; vertical-align: top; }
thead th { border-bottom: 2px solid var(--text); font-weight: 600; }
.wide { overflow-x: auto; max-width: 100%; }
pre { white-space: pre-wrap; overflow-wrap: anywhere; font-size: .8rem; }
td.num, table.results td[data-stat], table.results td.na { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.num .ci { display: block; font-size: .8rem; color: var(--muted); font-weight: normal; }
table.claims td.num { white-space: normal; min-width: 11em; max-width: 22em; }
table.claims td.num .estimate { white-space: nowrap; }
table.results thead th:not(:first-child) { text-align: right; }
table.results tr.outcome th { background: var(--band); font-weight: normal; padding-top: .5em; border-bottom: 1px solid var(--rule); text-align: left; }
table.results tr.baseline td { color: #444; }
.direction { color: var(--muted); }
td.better, td.better span[data-stat="diff"] { color: var(--better); font-weight: 600; }
td.worse, td.worse span[data-stat="diff"] { color: var(--worse); font-weight: 600; }
td.severed { color: var(--muted); }
table.coas td:nth-child(2) { max-width: 40em; }
table.coas p.levels { margin: .3em 0 0; }
.level { display: inline-block; font-size: .78rem; padding: 0 .4em; margin: .1em .15em .1em 0; border: 1px solid var(--rule); border-radius: 3px; background: var(--band); white-space: nowrap; }
ol.phases { margin: 0; padding-left: 1.2em; min-width: 16em; }
table.params th { font-weight: normal; white-space: nowrap; }
table.params td ul { margin: 0; padding-left: 1.1em; }
table.entities td { font-size: .85rem; }
.uncertain-mark { color: #a33a00; font-weight: 700; margin-left: .15em; }
dl.facts { display: grid; grid-template-columns: repeat(auto-fill, minmax(14em, 1fr)); gap: .5em 1.5em; margin: 1em 0; }
dl.facts div { border-top: 1px solid var(--rule); padding-top: .3em; }
dl.facts dt { color: var(--muted); font-size: .8rem; text-transform: uppercase; letter-spacing: .04em; }
dl.facts dd { margin: 0; overflow-wrap: anywhere; }
figure.chart { margin: 1.2em 0 1.6em; }
figure.chart svg { display: block; width: 100%; height: auto; }
figcaption { color: var(--muted); font-size: .88rem; margin-top: .3em; }
figcaption .files { white-space: nowrap; }
details.more > summary { cursor: pointer; color: var(--text); margin: .4em 0; font-weight: 600; }
details.more { margin: .2em 0; border-bottom: 1px solid var(--rule); }
details.section > summary { cursor: pointer; list-style: none; }
details.section > summary h2 { display: inline-block; width: 100%; }
details.section > summary h2::after { content: " ▸ show"; font-size: .9rem; font-weight: normal; color: var(--muted); }
details.section[open] > summary h2::after { content: " ▾ hide"; }
details.tasks > summary { cursor: pointer; }
footer { color: var(--muted); font-size: .8rem; border-top: 1px solid var(--rule); margin-top: 3em; padding-top: 1em; padding-bottom: 2em; }
@media (max-width: 900px) { header, main, footer { padding: 0 14px; } html { font-size: 14.5px; } th, td { padding: .25em .4em; } }
@media print {
  @page { size: A4; margin: 14mm 12mm; }
  html { font-size: 10pt; }
  header, main, footer { max-width: none; padding: 0; }
  nav.toc, figcaption .files { display: none; }
  h2 { break-before: page; break-after: avoid; }
  section#summary h2 { break-before: auto; }
  h3 { break-after: avoid; }
  figure.chart, tbody, tr { break-inside: avoid; }
  .wide { overflow: visible; }
  table { font-size: 8.5pt; }
  details > summary { display: none; }
  a { color: inherit; text-decoration: none; }
}
"#;
