//! The robustness analysis of an exploration: per metric and course the distribution across
//! worlds, regret, P(best) and pairwise shares; satisficing; a ranking that names its
//! criterion; PRIM per course on "fails the thresholds" and "is not the best"; and the verdict
//! in words.

use cordon_experiment::Better;
use cordon_sa::{Dataset, Prim, PrimOptions};

use crate::error::ExploreError;
use crate::robust::{
    CourseRobustness, Matrix, Share, Threshold, is_best, pairwise, robustness, satisfices,
};

/// What the analysis is given.
#[derive(Clone, Debug)]
pub struct Inputs {
    /// Course ids, in result order.
    pub courses: Vec<String>,
    /// Parameter names and, per world, their (design) values: `worlds × parameters`.
    pub parameters: Vec<String>,
    /// Per parameter: the labels of a categorical one (its design value is the label's index).
    pub categories: Vec<Option<Vec<String>>>,
    pub worlds: Vec<Vec<f64>>,
    /// The metrics analysed, the first being the primary one: name, direction, values.
    pub metrics: Vec<(String, Better, Matrix)>,
    /// Satisficing thresholds and each one's metric values.
    pub thresholds: Vec<(Threshold, Matrix)>,
    pub prim: PrimOptions,
}

/// One metric's robustness.
#[derive(Clone, Debug, PartialEq)]
pub struct MetricAnalysis {
    pub name: String,
    pub better: Better,
    /// Per course.
    pub courses: Vec<CourseRobustness>,
    /// `beats[a][b]`.
    pub beats: Vec<Vec<Option<Share>>>,
}

/// The question PRIM answers for a course.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Question {
    /// The worlds where the course misses a satisficing threshold.
    Fails,
    /// The worlds where another course does better on the primary metric.
    NotBest,
}

impl Question {
    pub fn as_str(self) -> &'static str {
        match self {
            Question::Fails => "fails",
            Question::NotBest => "not_best",
        }
    }
}

/// PRIM for one course and question.
#[derive(Clone, Debug, PartialEq)]
pub struct Discovery {
    pub course: usize,
    pub question: Question,
    /// Worlds where the answer is yes.
    pub cases: usize,
    /// `None` when no world or every world is a case (nothing to delimit).
    pub prim: Option<Prim>,
}

/// The whole analysis.
#[derive(Clone, Debug, PartialEq)]
pub struct Analysis {
    pub worlds: usize,
    pub metrics: Vec<MetricAnalysis>,
    /// Per course: the share of worlds meeting every threshold (empty without thresholds).
    pub satisficing: Vec<Share>,
    /// Course indices, most robust first.
    pub ranking: Vec<usize>,
    /// The ranking's criterion, in words.
    pub criterion: String,
    pub discoveries: Vec<Discovery>,
    /// The verdict, in words.
    pub verdict: String,
}

/// Analyses the per-world means.
pub fn analyze(inputs: &Inputs) -> Result<Analysis, ExploreError> {
    let Some((primary, direction, values)) = inputs.metrics.first() else {
        return Err(ExploreError::Invalid("no metric to analyse".into()));
    };
    if *direction == Better::Neither {
        return Err(ExploreError::Invalid(format!(
            "the first metric, {primary}, has no better direction: regret and P(best) need one (put another first in --metrics)"
        )));
    }
    let n_courses = inputs.courses.len();
    let metrics: Vec<MetricAnalysis> = inputs
        .metrics
        .iter()
        .map(|(name, better, m)| MetricAnalysis {
            name: name.clone(),
            better: *better,
            courses: robustness(m, *better),
            beats: pairwise(m, *better),
        })
        .collect();
    let ok = if inputs.thresholds.is_empty() {
        Vec::new()
    } else {
        let thresholds: Vec<Threshold> = inputs.thresholds.iter().map(|t| t.0.clone()).collect();
        let matrices: Vec<&Matrix> = inputs.thresholds.iter().map(|t| &t.1).collect();
        satisfices(&thresholds, &matrices)
    };
    let k = values.worlds();
    let satisficing: Vec<Share> = if ok.is_empty() {
        Vec::new()
    } else {
        (0..n_courses)
            .map(|c| {
                Share::of(
                    (0..k).filter(|&w| ok[w * n_courses + c]).count() as u64,
                    k as u64,
                )
            })
            .collect()
    };
    let first = &metrics[0].courses;
    let mut ranking: Vec<usize> = (0..n_courses).collect();
    let criterion = if satisficing.is_empty() {
        ranking.sort_by(|&a, &b| {
            first[a]
                .regret_max
                .total_cmp(&first[b].regret_max)
                .then(first[a].regret_mean.total_cmp(&first[b].regret_mean))
        });
        format!(
            "minimax regret in {primary} (lowest maximum regret across worlds; ties: lowest mean regret)"
        )
    } else {
        ranking.sort_by(|&a, &b| {
            satisficing[b]
                .share
                .total_cmp(&satisficing[a].share)
                .then(first[a].regret_max.total_cmp(&first[b].regret_max))
        });
        "satisficing (highest share of worlds meeting every threshold; ties: lowest maximum regret)"
            .to_string()
    };
    let best = is_best(values, *direction);
    let mut discoveries = Vec::new();
    for c in 0..n_courses {
        if !ok.is_empty() {
            let y: Vec<bool> = (0..k).map(|w| !ok[w * n_courses + c]).collect();
            discoveries.push(discover(inputs, c, Question::Fails, y)?);
        }
        let y: Vec<bool> = (0..k).map(|w| !best[w * n_courses + c]).collect();
        discoveries.push(discover(inputs, c, Question::NotBest, y)?);
    }
    let mut analysis = Analysis {
        worlds: k,
        metrics,
        satisficing,
        ranking,
        criterion,
        discoveries,
        verdict: String::new(),
    };
    analysis.verdict = verdict(inputs, &analysis);
    Ok(analysis)
}

fn discover(
    inputs: &Inputs,
    course: usize,
    question: Question,
    y: Vec<bool>,
) -> Result<Discovery, ExploreError> {
    let cases = y.iter().filter(|&&b| b).count();
    let prim = if cases == 0 || cases == y.len() {
        None
    } else {
        let columns = (0..inputs.parameters.len())
            .map(|j| inputs.worlds.iter().map(|row| row[j]).collect())
            .collect();
        let data = Dataset::new(inputs.parameters.clone(), columns, y)
            .map_err(|e| ExploreError::Invalid(e.to_string()))?;
        Some(
            cordon_sa::prim(&data, &inputs.prim)
                .map_err(|e| ExploreError::Invalid(e.to_string()))?,
        )
    };
    Ok(Discovery {
        course,
        question,
        cases,
        prim,
    })
}

/// The levels of a categorical parameter (coded 0, 1, 2, … in the order of `labels`) that a
/// box's limits [`lower`, `upper`] keep.
pub fn levels_inside(labels: &[String], lower: f64, upper: f64) -> Vec<&str> {
    labels
        .iter()
        .enumerate()
        .filter(|(i, _)| lower <= *i as f64 && *i as f64 <= upper)
        .map(|(_, s)| s.as_str())
        .collect()
}

/// The significance below which a restriction is named in words (the others are counted).
pub const SIGNIFICANT: f64 = 0.05;

/// The box of a discovery in words, its most significant restriction first: "`p` > 0.3 and
/// `q` in {a, b} (coverage 0.81, density 0.90, 37 of 200 worlds)", naming the restrictions
/// whose quasi-p-value is at most [`SIGNIFICANT`] (at least one) and counting the others; with
/// the index of the most significant parameter. `None` without a chosen box, or when the
/// chosen box restricts nothing (the cases are dense everywhere).
pub fn describe_box(inputs: &Inputs, d: &Discovery) -> Option<(String, usize)> {
    let prim = d.prim.as_ref()?;
    let b = &prim.trajectory[prim.chosen?];
    if b.restricted.is_empty() {
        return None;
    }
    // (quasi-p, parameter, words), one per restricted parameter (its smaller quasi-p).
    let mut parts: Vec<(f64, usize, String)> = Vec::new();
    for q in &b.quasi_p {
        let j = q.input;
        let (name, l) = (&prim.inputs[j], b.limits[j]);
        let p = q.lower.unwrap_or(1.0).min(q.upper.unwrap_or(1.0));
        let words = match inputs.categories.get(j).and_then(Option::as_ref) {
            Some(labels) => {
                let inside = levels_inside(labels, l.lower, l.upper);
                format!("{name} in {{{}}}", inside.join(", "))
            }
            None => match (q.lower, q.upper) {
                (Some(_), Some(_)) => format!("{} < {name} < {}", short(l.lower), short(l.upper)),
                (Some(_), None) => format!("{name} > {}", short(l.lower)),
                _ => format!("{name} < {}", short(l.upper)),
            },
        };
        parts.push((p, j, words));
    }
    parts.sort_by(|a, b| a.0.total_cmp(&b.0));
    let first = parts[0].1;
    let named = parts.iter().filter(|p| p.0 <= SIGNIFICANT).count().max(1);
    let words: Vec<&str> = parts[..named].iter().map(|p| p.2.as_str()).collect();
    let others = parts.len() - named;
    let more = match others {
        0 => String::new(),
        1 => " (and 1 weaker restriction)".to_string(),
        n => format!(" (and {n} weaker restrictions)"),
    };
    Some((
        format!(
            "{}{more} (coverage {:.2}, density {:.2}, {} of {} worlds)",
            words.join(" and "),
            b.coverage,
            b.density,
            b.n,
            prim.n
        ),
        first,
    ))
}

/// A number with 3 significant digits.
pub fn short(x: f64) -> String {
    if x == 0.0 || !x.is_finite() {
        return x.to_string();
    }
    let digits = (2 - x.abs().log10().floor() as i32).max(0) as usize;
    format!("{x:.digits$}")
}

fn pct(s: &Share) -> String {
    format!(
        "{:.0}% of worlds [{:.0}%, {:.0}%]",
        100.0 * s.share,
        100.0 * s.low,
        100.0 * s.high
    )
}

fn verdict(inputs: &Inputs, a: &Analysis) -> String {
    let top = a.ranking[0];
    let name = &inputs.courses[top];
    let m = &a.metrics[0];
    let r = &m.courses[top];
    let mut v = if a.satisficing.is_empty() {
        format!(
            "{name} is the most robust course by minimax regret in {}: its regret is at most {} ({} at the 90th percentile), and it is the best course in {}.",
            m.name,
            short(r.regret_max),
            short(r.regret_p90),
            r.best.as_ref().map_or_else(String::new, pct)
        )
    } else {
        let thresholds: Vec<String> = inputs.thresholds.iter().map(|t| t.0.to_string()).collect();
        format!(
            "{name} is the most robust course by satisficing: it meets {} in {}; its maximum regret in {} is {}.",
            thresholds.join(" and "),
            pct(&a.satisficing[top]),
            m.name,
            short(r.regret_max)
        )
    };
    if let Some(&second) = a.ranking.get(1) {
        v.push_str(&format!(" Next: {}.", inputs.courses[second]));
        // The margin: how often it beats the runner-up world by world, with its interval.
        if let Some(Some(beats)) = m.beats.get(top).and_then(|row| row.get(second)) {
            v.push_str(&format!(
                " It beats {} on {} in {} (mean {} against {}).",
                inputs.courses[second],
                m.name,
                pct(beats),
                short(r.mean),
                short(m.courses[second].mean)
            ));
        }
    }
    let question = if a.satisficing.is_empty() {
        Question::NotBest
    } else {
        Question::Fails
    };
    let Some(d) = a
        .discoveries
        .iter()
        .find(|d| d.course == top && d.question == question)
    else {
        return v;
    };
    let what = match question {
        Question::Fails => "fails the thresholds",
        Question::NotBest => "is not the best course",
    };
    if d.cases == 0 {
        v.push_str(match question {
            Question::Fails => {
                " No assumption overturns it: it meets the thresholds in every world explored."
            }
            Question::NotBest => {
                " No assumption overturns it: it is the best course in every world explored."
            }
        });
        return v;
    }
    if d.cases == a.worlds {
        v.push_str(&format!(" It {what} in every world explored."));
        return v;
    }
    match describe_box(inputs, d) {
        Some((words, param)) => v.push_str(&format!(
            " The assumption that most often overturns it is {}: it {what} in {} of {} worlds, concentrated where {words}.",
            inputs.parameters[param],
            d.cases,
            a.worlds
        )),
        None => v.push_str(&format!(
            " It {what} in {} of {} worlds, with no box of the assumptions reaching density {}: no single assumption explains them.",
            d.cases, a.worlds, inputs.prim.threshold
        )),
    }
    v
}
