//! Robustness of courses of action across worlds, from one outcome's per-world means.
//!
//! For a metric `v[w][c]` (world `w`, course `c`) whose better direction is known:
//!
//! - the distribution of `v[·][c]` across worlds: mean, median, 10th and 90th percentiles
//!   (Hyndman–Fan type 7, as NumPy);
//! - Savage regret `r[w][c] = |v[w][c] − best_w|`, `best_w` the best value of any course in
//!   world `w`: its mean, 90th percentile and maximum (minimax regret ranks by the maximum);
//! - P(best): the share of worlds where `c` has the best value (tied courses are all best), with
//!   a 95% Wilson interval;
//! - pairwise: the share of worlds where `a` is strictly better than `b`, with a Wilson interval;
//! - satisficing: the share of worlds where a course meets every stated threshold.
//!
//! Every statistic is a function of the per-world means only, summed in world order, so it
//! can be recomputed from `results.csv` to the bit.

use cordon_experiment::Better;
use cordon_experiment::stats::{quantile_sorted, wilson_interval};

use crate::error::ExploreError;

/// One metric's per-world means: `worlds × courses`, row-major.
#[derive(Clone, Debug, PartialEq)]
pub struct Matrix {
    pub courses: usize,
    pub values: Vec<f64>,
}

impl Matrix {
    pub fn worlds(&self) -> usize {
        self.values.len() / self.courses.max(1)
    }

    pub fn get(&self, w: usize, c: usize) -> f64 {
        self.values[w * self.courses + c]
    }

    /// Course `c`'s values, in world order.
    pub fn column(&self, c: usize) -> Vec<f64> {
        (0..self.worlds()).map(|w| self.get(w, c)).collect()
    }
}

/// A share of worlds with its 95% Wilson interval.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Share {
    pub k: u64,
    pub n: u64,
    pub share: f64,
    pub low: f64,
    pub high: f64,
}

impl Share {
    pub fn of(k: u64, n: u64) -> Share {
        let ci = wilson_interval(k, n);
        Share {
            k,
            n,
            share: if n == 0 {
                f64::NAN
            } else {
                k as f64 / n as f64
            },
            low: ci.lo,
            high: ci.hi,
        }
    }
}

/// One course's robustness on one metric.
#[derive(Clone, Debug, PartialEq)]
pub struct CourseRobustness {
    pub mean: f64,
    pub median: f64,
    pub p10: f64,
    pub p90: f64,
    /// Regret statistics (NaN when the metric has no better direction).
    pub regret_mean: f64,
    pub regret_p90: f64,
    pub regret_max: f64,
    /// Share of worlds where the course is best (undefined without a better direction).
    pub best: Option<Share>,
}

/// Whether `a` is strictly better than `b`.
pub fn better(direction: Better, a: f64, b: f64) -> bool {
    match direction {
        Better::Lower => a < b,
        Better::Higher => a > b,
        Better::Neither => false,
    }
}

/// The best value of world `w`.
fn best_of(m: &Matrix, direction: Better, w: usize) -> f64 {
    let row = (0..m.courses).map(|c| m.get(w, c));
    match direction {
        Better::Lower => row.fold(f64::INFINITY, f64::min),
        Better::Higher => row.fold(f64::NEG_INFINITY, f64::max),
        Better::Neither => f64::NAN,
    }
}

/// Savage regret of every (world, course): `|v − best of the world|`, same layout as `m`.
pub fn regret(m: &Matrix, direction: Better) -> Matrix {
    let mut values = Vec::with_capacity(m.values.len());
    for w in 0..m.worlds() {
        let best = best_of(m, direction, w);
        values.extend((0..m.courses).map(|c| (m.get(w, c) - best).abs()));
    }
    Matrix {
        courses: m.courses,
        values,
    }
}

/// Whether each (world, course) is best in its world (same layout as `m`).
pub fn is_best(m: &Matrix, direction: Better) -> Vec<bool> {
    let mut out = Vec::with_capacity(m.values.len());
    for w in 0..m.worlds() {
        let best = best_of(m, direction, w);
        out.extend((0..m.courses).map(|c| m.get(w, c) == best));
    }
    out
}

fn sorted(mut v: Vec<f64>) -> Vec<f64> {
    v.sort_by(f64::total_cmp);
    v
}

fn mean(v: &[f64]) -> f64 {
    v.iter().sum::<f64>() / v.len() as f64
}

/// Every course's robustness on one metric.
pub fn robustness(m: &Matrix, direction: Better) -> Vec<CourseRobustness> {
    let r = regret(m, direction);
    let best = is_best(m, direction);
    let n = m.worlds() as u64;
    (0..m.courses)
        .map(|c| {
            let v = m.column(c);
            let s = sorted(v.clone());
            let rc = r.column(c);
            let rs = sorted(rc.clone());
            let wins = (0..m.worlds()).filter(|&w| best[w * m.courses + c]).count() as u64;
            let directed = direction != Better::Neither;
            CourseRobustness {
                mean: mean(&v),
                median: quantile_sorted(&s, 0.5),
                p10: quantile_sorted(&s, 0.1),
                p90: quantile_sorted(&s, 0.9),
                regret_mean: if directed { mean(&rc) } else { f64::NAN },
                regret_p90: if directed {
                    quantile_sorted(&rs, 0.9)
                } else {
                    f64::NAN
                },
                regret_max: if directed { rs[rs.len() - 1] } else { f64::NAN },
                best: directed.then(|| Share::of(wins, n)),
            }
        })
        .collect()
}

/// `beats[a][b]`: the share of worlds where course `a` is strictly better than course `b`
/// (`a ≠ b`; the diagonal is `None`).
pub fn pairwise(m: &Matrix, direction: Better) -> Vec<Vec<Option<Share>>> {
    let n = m.worlds() as u64;
    (0..m.courses)
        .map(|a| {
            (0..m.courses)
                .map(|b| {
                    (a != b && direction != Better::Neither).then(|| {
                        let k = (0..m.worlds())
                            .filter(|&w| better(direction, m.get(w, a), m.get(w, b)))
                            .count() as u64;
                        Share::of(k, n)
                    })
                })
                .collect()
        })
        .collect()
}

/// A comparison of a threshold.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Op {
    Lt,
    Le,
    Gt,
    Ge,
}

impl Op {
    pub fn as_str(self) -> &'static str {
        match self {
            Op::Lt => "<",
            Op::Le => "<=",
            Op::Gt => ">",
            Op::Ge => ">=",
        }
    }

    pub fn holds(self, x: f64, value: f64) -> bool {
        match self {
            Op::Lt => x < value,
            Op::Le => x <= value,
            Op::Gt => x > value,
            Op::Ge => x >= value,
        }
    }
}

/// One satisficing threshold: `metric op value` (on the per-world mean).
#[derive(Clone, Debug, PartialEq)]
pub struct Threshold {
    pub metric: String,
    pub op: Op,
    pub value: f64,
}

impl std::fmt::Display for Threshold {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}{}{}", self.metric, self.op.as_str(), self.value)
    }
}

/// Parses `metric<value,metric>=value,...`.
pub fn parse_thresholds(text: &str) -> Result<Vec<Threshold>, ExploreError> {
    let mut out = Vec::new();
    for item in text.split(',').map(str::trim).filter(|s| !s.is_empty()) {
        let bad = || {
            ExploreError::Invalid(format!(
                "--satisfice: \"{item}\" is not METRIC<VALUE (or <=, >, >=), e.g. fighters_total<2000"
            ))
        };
        let at = item.find(['<', '>']).ok_or_else(bad)?;
        let (metric, rest) = item.split_at(at);
        let (op, value) = if let Some(v) = rest.strip_prefix("<=") {
            (Op::Le, v)
        } else if let Some(v) = rest.strip_prefix(">=") {
            (Op::Ge, v)
        } else if let Some(v) = rest.strip_prefix('<') {
            (Op::Lt, v)
        } else {
            (Op::Gt, &rest[1..])
        };
        let value: f64 = value.trim().parse().map_err(|_| bad())?;
        if metric.trim().is_empty() || !value.is_finite() {
            return Err(bad());
        }
        out.push(Threshold {
            metric: metric.trim().to_string(),
            op,
            value,
        });
    }
    Ok(out)
}

/// Whether each (world, course) meets every threshold; `matrices[i]` is threshold `i`'s metric.
pub fn satisfices(thresholds: &[Threshold], matrices: &[&Matrix]) -> Vec<bool> {
    let Some(first) = matrices.first() else {
        return Vec::new();
    };
    (0..first.values.len())
        .map(|i| {
            thresholds
                .iter()
                .zip(matrices)
                .all(|(t, m)| t.op.holds(m.values[i], t.value))
        })
        .collect()
}
