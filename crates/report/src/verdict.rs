//! The verdict: a few sentences generated from the results, said first by the terminal of
//! `cordon compare`/`cordon run` and by the report's summary.
//!
//! Four paragraphs, each a function of the summaries (never of prose written for one scenario):
//! the ranking on the primary outcome with the margin over the next best (paired, with its 95%
//! interval), the mechanism behind it as far as the recorded outcomes show it (escape from the
//! core, links severed, decisive defeat, where the remaining fighters are), the trade-offs on
//! the other outcomes, and what the intervals do not cover (the assumptions).
//!
//! Honest wording: when every paired replication ties, the text says "tie", not a probability
//! of one half; when two courses' difference has an interval that includes zero, it says they
//! cannot be told apart.

use cordon_experiment::format::{decimals, interval, num, signed, value};
use cordon_experiment::{Better, Comparison, Kind, OutcomeSpec, PairedDiff, Summary};

/// The verdict of one comparison.
#[derive(Clone, Debug, PartialEq)]
pub struct Verdict {
    /// (label, sentences): "Verdict", "Why", "Trade-offs", "Caveat"; plain text.
    pub paragraphs: Vec<(&'static str, String)>,
    /// The outcome the courses are ranked by (index into the comparison's outcomes).
    pub outcome: usize,
    /// Course indices, best first on that outcome.
    pub order: Vec<usize>,
}

/// What the verdict needs besides the summaries.
#[derive(Clone, Debug, Default)]
pub struct Context {
    /// The adversary's core region (for "escaped the core").
    pub core_region: Option<String>,
    /// How many parameters the scenario declares uncertain.
    pub uncertain: usize,
    /// The most influential declared assumption, when a sensitivity analysis is at hand:
    /// (parameter, index name, value, outcome).
    pub top_assumption: Option<(String, String, f64, String)>,
    /// When the courses were also run in plausible worlds of the declared assumptions
    /// (`cordon compare`'s worlds section): (worlds K, uncertain parameters).
    pub worlds: Option<(usize, usize)>,
}

/// The outcome courses are ranked by: `fighters_total` when recorded, else the first amount
/// with a better direction.
pub fn primary_outcome(cmp: &Comparison) -> Option<usize> {
    cmp.outcomes
        .iter()
        .position(|o| o.name == "fighters_total")
        .or_else(|| {
            cmp.outcomes
                .iter()
                .position(|o| o.kind == Kind::Amount && o.better != Better::Neither)
        })
}

/// The courses, best first on outcome `o` (ties keep the experiment's order).
pub fn ranking(cmp: &Comparison, o: usize) -> Vec<usize> {
    let spec = &cmp.outcomes[o];
    let mut order: Vec<usize> = (0..cmp.coas.len()).collect();
    let key = |c: usize| {
        let m = cmp.summaries[c][o].mean;
        let m = if m.is_nan() { f64::INFINITY } else { m };
        if spec.better == Better::Higher { -m } else { m }
    };
    order.sort_by(|&a, &b| key(a).total_cmp(&key(b)));
    order
}

/// The id of the course second on the primary outcome: the verdict's margin is paired against
/// it, so the caller summarises the results once more with it as the baseline.
pub fn runner_up(cmp: &Comparison) -> Option<&str> {
    let o = primary_outcome(cmp)?;
    ranking(cmp, o).get(1).map(|&c| cmp.coas[c].as_str())
}

/// Whether every compared pair of replications ties.
pub fn all_tie(d: &PairedDiff) -> bool {
    d.n_compared > 0 && d.n_ties == d.n_compared
}

/// P(better) as a table shows it: "tie" when every pair ties, else with three decimals.
pub fn p_better_text(d: &PairedDiff) -> String {
    if all_tie(d) && !d.p_better.is_nan() {
        "tie".to_string()
    } else {
        cordon_experiment::format::probability(d.p_better)
    }
}

/// Why a difference has no value, when it has none ("n/a" in the tables, with this note).
pub fn no_difference_note(spec: &OutcomeSpec, baseline: &str) -> String {
    match spec.kind {
        Kind::TimeToEvent => format!(
            "n/a: Δ needs the event in both courses on the same replication, and it never happened in both; P(better) counts \"never\" as later than any day, against {baseline}"
        ),
        Kind::Amount | Kind::Proportion => {
            "n/a: no replication of both courses gave a value".to_string()
        }
    }
}

/// The verdict of `cmp`; `vs_runner_up` is the same results summarised against the runner-up
/// (for the paired margin), when the caller has it.
pub fn verdict(cmp: &Comparison, vs_runner_up: Option<&Comparison>, ctx: &Context) -> Verdict {
    let Some(o) = primary_outcome(cmp) else {
        return Verdict {
            paragraphs: vec![(
                "Verdict",
                "no outcome with a better direction was recorded: there is nothing to rank.".into(),
            )],
            outcome: 0,
            order: (0..cmp.coas.len()).collect(),
        };
    };
    let order = ranking(cmp, o);
    let mut paragraphs = vec![("Verdict", ranking_text(cmp, vs_runner_up, o, &order))];
    let why = mechanism(cmp, &order, ctx);
    if !why.is_empty() {
        paragraphs.push(("Why", why));
    }
    let trade = trade_offs(cmp, &order, o);
    if !trade.is_empty() {
        paragraphs.push(("Trade-offs", trade));
    }
    paragraphs.push(("Caveat", caveat(cmp, ctx)));
    Verdict {
        paragraphs,
        outcome: o,
        order,
    }
}

fn d_of(cmp: &Comparison, o: usize) -> usize {
    let summaries: Vec<&Summary> = cmp.summaries.iter().map(|s| &s[o]).collect();
    decimals(cmp.outcomes[o].kind, &summaries)
}

/// "445 [440, 450]".
fn mean_ci(cmp: &Comparison, c: usize, o: usize) -> String {
    let s = &cmp.summaries[c][o];
    let d = d_of(cmp, o);
    format!("{} {}", value(s.mean, d), interval(s.ci.lo, s.ci.hi, d))
}

fn mean_of(cmp: &Comparison, c: usize, o: usize) -> String {
    value(cmp.summaries[c][o].mean, d_of(cmp, o))
}

/// What the best course does on outcome `o`, as a verb phrase.
fn best_phrase(spec: &OutcomeSpec) -> String {
    match (spec.name.as_str(), spec.better) {
        ("fighters_total", _) => "leaves the fewest adversary fighters at the horizon".into(),
        (_, Better::Higher) => format!("does best on {} (higher is better)", spec.name),
        _ => format!("does best on {} (lower is better)", spec.name),
    }
}

fn ranking_text(
    cmp: &Comparison,
    vs_runner_up: Option<&Comparison>,
    o: usize,
    order: &[usize],
) -> String {
    let spec = &cmp.outcomes[o];
    let w = order[0];
    let wid = &cmp.coas[w];
    let paired = cmp.coas.len() > 1;
    if !paired {
        return format!(
            "{wid}: {} {} (mean, 95% CI) over {} replications.",
            mean_ci(cmp, w, o),
            spec.label,
            num(cmp.replications[w] as f64, 0)
        );
    }
    let r = order[1];
    let rid = &cmp.coas[r];
    let b = cmp.baseline;
    let margin = vs_runner_up
        .and_then(|v| {
            let wi = v.coas.iter().position(|c| c == wid)?;
            (v.coas[v.baseline] == *rid).then(|| v.diffs[wi][o])
        })
        .filter(|d| d.n > 0);
    let d = d_of(cmp, o);
    let mut text = match margin {
        Some(m) if all_tie(&m) => format!(
            "{wid} and {rid} tie on {}: every paired replication ends the same ({}).",
            spec.name,
            mean_of(cmp, w, o)
        ),
        Some(m) if m.ci.lo <= 0.0 && m.ci.hi >= 0.0 => format!(
            "{wid} and {rid} cannot be told apart on {}: {} against {}, Δ {} {} includes 0 ({wid} better on {} of {} paired replications, {} tied).",
            spec.name,
            mean_of(cmp, w, o),
            mean_of(cmp, r, o),
            signed(m.mean, d),
            interval(m.ci.lo, m.ci.hi, d),
            num(m.n_better as f64, 0),
            num(m.n_compared as f64, 0),
            num(m.n_ties as f64, 0),
        ),
        Some(m) => format!(
            "{wid} {}: {} (mean, 95% CI), against {} for {rid}, the next best: Δ {} {}, {wid} better on {} of {} paired replications.",
            best_phrase(spec),
            mean_ci(cmp, w, o),
            mean_ci(cmp, r, o),
            signed(m.mean, d),
            interval(m.ci.lo, m.ci.hi, d),
            num(m.n_better as f64, 0),
            num(m.n_compared as f64, 0),
        ),
        None => format!(
            "{wid} {}: {} (mean, 95% CI), against {} for {rid}, the next best.",
            best_phrase(spec),
            mean_ci(cmp, w, o),
            mean_ci(cmp, r, o),
        ),
    };
    if b != w && b != r {
        let db = &cmp.diffs[w][o];
        text.push_str(&format!(
            " The baseline {} ends at {} (Δ {} {}).",
            cmp.coas[b],
            mean_of(cmp, b, o),
            signed(db.mean, d),
            interval(db.ci.lo, db.ci.hi, d)
        ));
    } else if b == w {
        text.push_str(&format!(" {wid} is the baseline: no course beats it."));
    }
    let rest: Vec<String> = order
        .iter()
        .skip(2)
        .filter(|&&c| c != b)
        .map(|&c| format!("{} {}", cmp.coas[c], mean_of(cmp, c, o)))
        .collect();
    if !rest.is_empty() {
        text.push_str(&format!(" The others: {}.", rest.join(", ")));
    }
    text
}

fn outcome(cmp: &Comparison, name: &str) -> Option<usize> {
    cmp.outcomes.iter().position(|o| o.name == name)
}

/// The mechanism as the recorded outcomes show it, for the best course, beside the next best
/// and the baseline.
fn mechanism(cmp: &Comparison, order: &[usize], ctx: &Context) -> String {
    let w = order[0];
    let others: Vec<usize> = {
        let mut v = Vec::new();
        if let Some(&r) = order.get(1) {
            v.push(r);
        }
        if cmp.coas.len() > 1 && !v.contains(&cmp.baseline) && cmp.baseline != w {
            v.push(cmp.baseline);
        }
        v
    };
    let beside = |show: &dyn Fn(usize) -> String| -> String {
        if others.is_empty() {
            return String::new();
        }
        let parts: Vec<String> = others
            .iter()
            .map(|&c| format!("{}: {}", cmp.coas[c], show(c)))
            .collect();
        format!(" ({})", parts.join("; "))
    };
    let mut parts = Vec::new();
    if let Some(o) = outcome(cmp, "escaped_from_core") {
        let core = match &ctx.core_region {
            Some(c) if c != "core" => format!("the core ({c})"),
            _ => "the core".to_string(),
        };
        parts.push(format!(
            "{} fighters escape {core}{}",
            mean_of(cmp, w, o),
            beside(&|c| mean_of(cmp, c, o))
        ));
    }
    if let Some(o) = outcome(cmp, "links_severed") {
        let links = |c: usize| {
            let x = cmp.summaries[c][o].mean;
            value(x, if x.fract() == 0.0 { 0 } else { 1 })
        };
        parts.push(format!(
            "{} inter-regional links are severed at the horizon{}",
            links(w),
            beside(&links)
        ));
    }
    if let Some(o) = outcome(cmp, "defeated") {
        let pct = |c: usize| format!("{:.0}%", 100.0 * cmp.summaries[c][o].mean);
        let when = outcome(cmp, "decisive_defeat_day")
            .map(|t| cmp.summaries[w][t])
            .filter(|s| s.n > 0)
            .map_or(String::new(), |s| {
                format!(", on day {} on average", value(s.mean, 0))
            });
        let never = std::iter::once(w)
            .chain(others.iter().copied())
            .all(|c| cmp.summaries[c][o].mean == 0.0);
        if never {
            parts.push(if others.is_empty() {
                "no replication defeats every branch decisively".into()
            } else {
                "no replication of these courses defeats every branch decisively".into()
            });
        } else {
            parts.push(format!(
                "every branch is decisively defeated in {} of replications{when}{}",
                pct(w),
                beside(&pct)
            ));
        }
    }
    let regions = cmp.region_outcomes();
    if let (Some(total), false) = (outcome(cmp, "fighters_total"), regions.is_empty()) {
        let t = cmp.summaries[w][total].mean;
        if let Some(&(i, region)) = regions.iter().max_by(|a, b| {
            cmp.summaries[w][a.0]
                .mean
                .total_cmp(&cmp.summaries[w][b.0].mean)
        }) && t > 0.0
        {
            let x = cmp.summaries[w][i].mean;
            parts.push(format!(
                "most of what remains is in {region} ({} of {})",
                value(x, 0),
                value(t, 0)
            ));
        }
    }
    if parts.is_empty() {
        return String::new();
    }
    format!("under {}, {}.", cmp.coas[w], parts.join("; "))
}

/// The other headline outcomes where the best course is not the best, and those where it is.
fn trade_offs(cmp: &Comparison, order: &[usize], primary: usize) -> String {
    if cmp.coas.len() < 2 {
        return String::new();
    }
    let w = order[0];
    let skip = [
        "escaped_from_core",
        "defeated",
        "decisive_defeat_day",
        "links_severed",
    ];
    let mut also = Vec::new();
    let mut worse = Vec::new();
    for (o, spec) in cmp.outcomes.iter().enumerate() {
        if o == primary
            || !spec.headline
            || spec.better == Better::Neither
            || spec.kind == Kind::TimeToEvent
            || skip.contains(&spec.name.as_str())
        {
            continue;
        }
        let best = ranking(cmp, o)[0];
        let (mw, mb) = (cmp.summaries[w][o].mean, cmp.summaries[best][o].mean);
        if mw.is_nan() {
            continue;
        }
        if best == w || mw == mb {
            also.push(spec.name.clone());
        } else {
            worse.push(format!(
                "{} on {} ({} against {})",
                cmp.coas[best],
                spec.name,
                mean_of(cmp, best, o),
                mean_of(cmp, w, o)
            ));
        }
    }
    let mut text = String::new();
    if !also.is_empty() {
        text.push_str(&format!(
            "{} is also best (or tied best) on {}.",
            cmp.coas[w],
            also.join(", ")
        ));
    }
    if !worse.is_empty() {
        if !text.is_empty() {
            text.push(' ');
        }
        text.push_str(&format!("It is beaten by {}.", worse.join("; ")));
    }
    text
}

fn caveat(cmp: &Comparison, ctx: &Context) -> String {
    let mut text = format!(
        "the intervals cover the chance variation of the model over {} replications per course (stochastic mode, common random numbers), not its assumptions.",
        num(
            cmp.replications.iter().copied().max().unwrap_or(0) as f64,
            0
        )
    );
    if let Some((k, n)) = ctx.worlds {
        text.push_str(&format!(
            " The worlds section covers the declared assumptions: every course in {} plausible worlds drawn from the {n} parameter{} declared uncertain.",
            num(k as f64, 0),
            if n == 1 { "" } else { "s" }
        ));
        if ctx.top_assumption.is_none() {
            return text;
        }
    }
    match (&ctx.top_assumption, ctx.uncertain) {
        (Some((parameter, index, v, outcome)), _) => text.push_str(&format!(
            " Of the assumptions declared uncertain, {parameter} drives {outcome} most ({index} {}): if the ranking is to be overturned, it is there first.",
            value(*v, 2)
        )),
        (None, 0) => text.push_str(
            " The scenario declares no parameter uncertain ([[uncertain]]), so no assumption has been tested.",
        ),
        (None, n) => text.push_str(&format!(
            " The scenario declares {n} uncertain parameter{}; `cordon sensitivity` says which of them could overturn the ranking.",
            if n == 1 { "" } else { "s" }
        )),
    }
    text
}
