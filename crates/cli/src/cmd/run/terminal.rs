//! What `cordon compare` and `cordon run` print: the verdict first (ranking, margin,
//! mechanism, trade-offs, caveat), then compact tables that fit the terminal; every outcome
//! with its intervals, Δ and P(better) behind `--all`.

use std::path::Path;

use cordon_experiment::format::{decimals, interval, replications, signed, value};
use cordon_experiment::{
    Better, Comparison, Experiment, Kind, PairedDiff, RunReport, Stop, StopReason, Summary,
};
use cordon_model::Scenario;
use cordon_report::verdict::{self, Verdict};

use crate::table::{Table, num, wrap, wrap_indent};

/// Prose is never wider than this, however wide the terminal.
const PROSE: usize = 80;

/// Everything the terminal report is drawn from.
pub struct View<'a> {
    pub s: &'a Scenario,
    pub exp: &'a Experiment<'a>,
    pub report: &'a RunReport,
    pub cmp: &'a Comparison,
    /// The same results paired against the runner-up (the verdict's margin).
    pub vs_runner_up: Option<&'a Comparison>,
    /// Whether there is a baseline to pair with (`compare`).
    pub paired: bool,
    /// `compare`'s worlds section: (its text, worlds K, uncertain parameters).
    pub worlds: Option<(&'a str, usize, usize)>,
    pub all: bool,
    /// Columns of the terminal.
    pub width: usize,
    pub wall_seconds: f64,
}

/// The verdict's context from the scenario and the worlds section (worlds K, parameters).
pub fn context(s: &Scenario, worlds: Option<(usize, usize)>) -> verdict::Context {
    verdict::Context {
        core_region: Some(s.region(s.meta().core_region).id.clone()),
        uncertain: s.uncertain().len(),
        top_assumption: None,
        worlds,
    }
}

/// The terminal report of a run.
pub fn render(v: &View<'_>) -> String {
    let prose = v.width.min(PROSE);
    let mut text = header(v, prose);
    let worlds = v.worlds.map(|(_, k, n)| (k, n));
    let verdict = verdict::verdict(v.cmp, v.vs_runner_up, &context(v.s, worlds));
    text.push('\n');
    for (label, sentences) in &verdict.paragraphs {
        text.push_str(&wrap(&format!("{label}: {sentences}"), prose));
        // The robustness across worlds comes right after the nominal verdict.
        if *label == "Verdict"
            && let Some((worlds, _, _)) = v.worlds
        {
            text.push_str(&wrap(&format!("Worlds {worlds}"), prose));
        }
    }
    if v.all {
        text.push('\n');
        text.push_str(&wrap(&notes(v), prose));
        for (o, _) in v.cmp.outcomes.iter().enumerate() {
            text.push('\n');
            text.push_str(&block(v.cmp, o, v.paired, v.width));
        }
        text.push('\n');
        text.push_str(&region_table(v.cmp, v.width));
    } else {
        text.push('\n');
        text.push_str(&ranked(v.cmp, &verdict, v.paired, v.width));
        let key = key_outcomes(v.cmp, v.width);
        if !key.is_empty() {
            text.push('\n');
            text.push_str(&key);
        }
    }
    text
}

/// The closing lines: where the report, the charts and the data are.
pub fn closing(out: &Path, report: Option<&Path>, all: bool, worlds: bool, width: usize) -> String {
    let prose = width.min(PROSE);
    let mut text = String::from("\n");
    if let Some(html) = report {
        text.push_str(&wrap(
            &format!(
                "Report: {} (open it in a browser); charts: {}/ (SVG and PNG).",
                html.display(),
                out.join("charts").display()
            ),
            prose,
        ));
    }
    text.push_str(&wrap(
        &format!(
            "Data in {}: runs.csv, runs.parquet, bands.csv, bands.parquet, failures.csv, manifest.json.{}",
            out.display(),
            if all {
                ""
            } else {
                " --all prints every outcome with its intervals, Δ and P(better)."
            }
        ),
        prose,
    ));
    if worlds {
        text.push_str(&wrap(
            &format!(
                "Worlds in {}: worlds.csv, results.csv, robustness.csv, pairwise.csv, discovery.csv, boxes.csv, verdict.txt, manifest.json (docs/explore.md).",
                out.join("worlds").display()
            ),
            prose,
        ));
    }
    text
}

fn header(v: &View<'_>, prose: usize) -> String {
    let (s, exp, report, cmp) = (v.s, v.exp, v.report, v.cmp);
    let mut lines: Vec<String> = Vec::new();
    let shard = if exp.shard.count > 1 {
        format!(", shard {}/{}", exp.shard.index, exp.shard.count)
    } else {
        String::new()
    };
    lines.push(format!(
        "{} (hash {}): {} course{} of action × {} replications{shard}, seed {}, stochastic mode{}, {:.1} s.",
        s.meta().name,
        s.hash(),
        cmp.coas.len(),
        if cmp.coas.len() == 1 { "" } else { "s" },
        num(report.replications as f64, 0),
        exp.seed,
        if cmp.coas.len() > 1 {
            ", common random numbers"
        } else {
            ""
        },
        v.wall_seconds,
    ));
    if report.resumed.units > 0 {
        lines.push(format!(
            "Resumed: {} units were already done; {} run now.",
            num(report.resumed.units as f64, 0),
            num(report.units_run as f64, 0)
        ));
    }
    let target = match exp.stop {
        Stop::HalfWidth { relative, .. } => relative,
        Stop::Fixed => f64::NAN,
    };
    match &report.stop {
        StopReason::Fixed => {}
        StopReason::Converged { worst, worst_coa } => lines.push(format!(
            "Stopped after {} replications per course of action: the 95% half-width of fighters_total is below {:.2}% of its mean for every course (largest: {:.2}%, {worst_coa}).",
            num(report.replications as f64, 0),
            100.0 * target,
            100.0 * worst
        )),
        StopReason::Ceiling { worst, worst_coa } => lines.push(format!(
            "Stopped at the --reps ceiling of {} replications: the 95% half-width of fighters_total is still {:.2}% of its mean for {worst_coa} (target {:.2}%).",
            num(report.replications as f64, 0),
            100.0 * worst,
            100.0 * target
        )),
    }
    if report.failures > 0 {
        lines.push(format!(
            "{} replications failed (see failures.csv); they are left out of every statistic.",
            num(report.failures as f64, 0)
        ));
    }
    lines.iter().map(|l| wrap(l, prose)).collect()
}

fn notes(v: &View<'_>) -> String {
    let mut notes = String::new();
    if v.paired {
        let baseline = &v.cmp.coas[v.cmp.baseline];
        notes.push_str(&format!(
            "Δ: course − baseline {baseline} (*), paired by replication: common random numbers, replication r of every course uses stream chacha8:{}:r. P(better): share of replications on which the course beats the baseline, ties counted half; \"tie\" when every replication ties. ",
            v.exp.seed
        ));
    }
    notes.push_str("Intervals are 95%: t for means, Wilson for proportions; medians are type 7.");
    notes
}

fn direction(better: Better) -> String {
    match better {
        Better::Neither => String::new(),
        b => format!(" ({})", b.as_str()),
    }
}

/// The primary outcome, best first: mean, and Δ against the baseline with its interval.
fn ranked(cmp: &Comparison, verdict: &Verdict, paired: bool, width: usize) -> String {
    let o = verdict.outcome;
    let spec = &cmp.outcomes[o];
    let summaries: Vec<&Summary> = cmp.summaries.iter().map(|s| &s[o]).collect();
    let d = decimals(spec.kind, &summaries);
    let baseline = &cmp.coas[cmp.baseline];
    let delta = format!("Δ vs {baseline}");
    let mut headers = vec!["#", "coa", "mean", "95% CI"];
    if paired {
        headers = vec![
            "#",
            "coa",
            "mean",
            delta.as_str(),
            "95% CI of Δ",
            "P(better)",
        ];
    }
    let mut table = Table::new(&headers);
    let mut notes = Vec::new();
    for (rank, &c) in verdict.order.iter().enumerate() {
        let s = &cmp.summaries[c][o];
        let mut row = vec![
            (rank + 1).to_string(),
            mark(cmp, c, paired),
            value(s.mean, d),
        ];
        if paired {
            row.extend(diff_cells(cmp, c, o, d, &mut notes));
        } else {
            row.push(interval(s.ci.lo, s.ci.hi, d));
        }
        table.row(row);
    }
    let mut text = wrap(
        &format!(
            "{}: {}{}, best first",
            spec.name,
            spec.label,
            direction(spec.better)
        ),
        width.min(PROSE),
    );
    text.push_str(&table.render_fit(width));
    for note in notes {
        text.push_str(&wrap(&note, width.min(PROSE)));
    }
    text
}

fn mark(cmp: &Comparison, c: usize, paired: bool) -> String {
    if paired && c == cmp.baseline {
        format!("{}*", cmp.coas[c])
    } else {
        cmp.coas[c].clone()
    }
}

/// Δ, its interval and P(better) of course `c` on outcome `o`; a Δ that cannot be computed
/// says "n/a" and why (pushed to `notes` once).
fn diff_cells(
    cmp: &Comparison,
    c: usize,
    o: usize,
    d: usize,
    notes: &mut Vec<String>,
) -> [String; 3] {
    let missing = || cordon_experiment::format::MISSING.to_string();
    if c == cmp.baseline {
        return [missing(), missing(), missing()];
    }
    let diff: &PairedDiff = &cmp.diffs[c][o];
    let p = verdict::p_better_text(diff);
    if diff.n == 0 {
        let note = verdict::no_difference_note(&cmp.outcomes[o], &cmp.coas[cmp.baseline]);
        if !notes.contains(&note) {
            notes.push(note);
        }
        return ["n/a".into(), "n/a".into(), p];
    }
    [signed(diff.mean, d), interval(diff.ci.lo, diff.ci.hi, d), p]
}

/// Short column headers of the key outcomes table.
fn short_name(name: &str) -> Option<String> {
    let short = match name {
        "escaped_from_core" => "escaped",
        "defeated" => "P(defeat)",
        "coalition_losses" => "coalition",
        "civilian_casualties" => "civilians",
        _ => {
            return name
                .strip_prefix("third_party_hostile_")
                .map(|g| format!("P({g} hostile)"));
        }
    };
    Some(short.to_string())
}

/// The other headline outcomes' means, one column each.
fn key_outcomes(cmp: &Comparison, width: usize) -> String {
    let columns: Vec<(usize, String)> = cmp
        .outcomes
        .iter()
        .enumerate()
        .filter_map(|(o, spec)| short_name(&spec.name).map(|h| (o, h)))
        .collect();
    if columns.is_empty() {
        return String::new();
    }
    let mut headers = vec!["coa"];
    headers.extend(columns.iter().map(|(_, h)| h.as_str()));
    let mut table = Table::new(&headers);
    for c in 0..cmp.coas.len() {
        let mut row = vec![cmp.coas[c].clone()];
        for &(o, _) in &columns {
            let summaries: Vec<&Summary> = cmp.summaries.iter().map(|s| &s[o]).collect();
            let d = decimals(cmp.outcomes[o].kind, &summaries);
            row.push(value(cmp.summaries[c][o].mean, d));
        }
        table.row(row);
    }
    let title = "Key outcomes (mean per replication; coalition: soldiers killed; civilians: civilian casualties; --all for intervals, Δ and P(better))";
    format!(
        "{}{}",
        wrap(title, width.min(PROSE)),
        table.render_fit(width)
    )
}

/// One outcome: a row per course of action.
fn block(cmp: &Comparison, o: usize, paired: bool, width: usize) -> String {
    let spec = &cmp.outcomes[o];
    let summaries: Vec<&Summary> = cmp.summaries.iter().map(|s| &s[o]).collect();
    let d = decimals(spec.kind, &summaries);
    let mut text = wrap_indent(
        &format!("{}: {}{}", spec.name, spec.label, direction(spec.better)),
        width.min(PROSE),
        "  ",
    );
    let baseline = &cmp.coas[cmp.baseline];
    let delta = format!("Δ vs {baseline}");
    let mut headers = vec!["coa", "n", "mean", "95% CI", "median"];
    if spec.kind == Kind::Proportion {
        headers[2] = "P";
        headers.pop();
    }
    if paired {
        headers.extend([delta.as_str(), "95% CI of Δ", "P(better)"]);
    }
    let mut table = Table::new(&headers);
    let mut notes = Vec::new();
    for (c, _) in cmp.coas.iter().enumerate() {
        let s = &cmp.summaries[c][o];
        let mut row = vec![
            mark(cmp, c, paired),
            replications(s, spec.kind),
            value(s.mean, d),
            interval(s.ci.lo, s.ci.hi, d),
        ];
        if spec.kind != Kind::Proportion {
            let approx = if s.median_exact || s.median.is_nan() {
                ""
            } else {
                "~"
            };
            row.push(format!("{approx}{}", value(s.median, d)));
        }
        if paired {
            row.extend(diff_cells(cmp, c, o, d, &mut notes));
        }
        table.row(row);
    }
    text.push_str(&table.render_fit(width));
    for note in notes {
        text.push_str(&wrap(&note, width.min(PROSE)));
    }
    text
}

/// Mean fighters per region at the horizon, one column per region.
fn region_table(cmp: &Comparison, width: usize) -> String {
    let regions = cmp.region_outcomes();
    let mut headers = vec!["coa"];
    headers.extend(regions.iter().map(|&(_, region)| region));
    let mut table = Table::new(&headers);
    for (c, coa) in cmp.coas.iter().enumerate() {
        let mut row = vec![coa.clone()];
        row.extend(
            regions
                .iter()
                .map(|&(i, _)| value(cmp.summaries[c][i].mean, 0)),
        );
        table.row(row);
    }
    format!(
        "fighters per region at the horizon (mean; lower is better; intervals above)\n{}",
        table.render_fit(width)
    )
}
