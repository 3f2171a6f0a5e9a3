//! From the metric at every design point to sensitivity indices.
//!
//! - Sobol: `cordon_sa::analyze_sobol` (first-order `S1` and total `ST`, categorical levers
//!   included: the estimators need no ordering of the categories).
//! - Morris: `cordon_sa::analyze_morris` (`μ`, `μ*`, `σ`).
//! - LHS: Spearman's rank correlation `ρ` between each numeric parameter and the metric, with
//!   a Fisher-z interval; the correlation ratio `η²` (`cordon_sa::analyze_categorical`) for
//!   categorical levers.

use cordon_experiment::stats::Z_975;
use cordon_sa::{
    CategoricalIndices, Estimate, MorrisIndices, SobolIndices, analyze_categorical, analyze_morris,
    analyze_sobol,
};
use serde::Serialize;

use crate::error::SensitivityError;
use crate::study::{Method, Outputs, Prepared};

/// Which index a row of `sensitivity.csv` holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum IndexKind {
    /// First-order Sobol index.
    S1,
    /// Total Sobol index.
    ST,
    /// Morris mean elementary effect.
    Mu,
    /// Morris mean absolute elementary effect.
    MuStar,
    /// Morris standard deviation of the elementary effects.
    Sigma,
    /// Correlation ratio `η²` of a categorical lever (LHS).
    Categorical,
    /// Spearman rank correlation with the metric (LHS).
    Spearman,
}

impl IndexKind {
    pub fn as_str(self) -> &'static str {
        match self {
            IndexKind::S1 => "S1",
            IndexKind::ST => "ST",
            IndexKind::Mu => "mu",
            IndexKind::MuStar => "mu_star",
            IndexKind::Sigma => "sigma",
            IndexKind::Categorical => "categorical",
            IndexKind::Spearman => "spearman",
        }
    }
}

/// One row of `sensitivity.csv`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct IndexRow {
    pub parameter: String,
    pub kind: IndexKind,
    pub value: f64,
    /// The 95% interval (by default), where the index has one.
    pub interval: Option<(f64, f64)>,
}

/// Spearman's rank correlation of one numeric parameter with the metric.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RankCorrelation {
    pub name: String,
    /// `ρ` with its Fisher-z interval.
    pub rho: Estimate,
}

/// The indices of one analysis.
#[derive(Clone, Debug, PartialEq)]
pub enum Analysis {
    Sobol(SobolIndices),
    Morris(MorrisIndices),
    Lhs {
        /// Numeric parameters, in design order.
        spearman: Vec<RankCorrelation>,
        /// Categorical levers, if any.
        categorical: Option<CategoricalIndices>,
    },
}

/// The indices, with facts about the metric over the design.
#[derive(Clone, Debug, PartialEq)]
pub struct Indices {
    pub analysis: Analysis,
    /// Mean of the metric over the design points.
    pub mean: f64,
    /// Population variance of the metric over the design points.
    pub variance: f64,
    /// Replication noise: the mean squared standard error of the points' means over the
    /// variance between points (0 with one replication or none at all; 0.05 means about 5% of
    /// the spread between points is Monte Carlo noise, which inflates total indices).
    pub noise_share: f64,
}

impl Indices {
    /// The rows of `sensitivity.csv`, parameters in design order.
    pub fn rows(&self) -> Vec<IndexRow> {
        let row = |parameter: &str, kind, e: &Estimate| IndexRow {
            parameter: parameter.to_string(),
            kind,
            value: e.value,
            interval: Some((e.low, e.high)),
        };
        let bare = |parameter: &str, kind, value| IndexRow {
            parameter: parameter.to_string(),
            kind,
            value,
            interval: None,
        };
        let mut rows = Vec::new();
        match &self.analysis {
            Analysis::Sobol(si) => {
                for i in &si.indices {
                    rows.push(row(&i.name, IndexKind::S1, &i.s1));
                    rows.push(row(&i.name, IndexKind::ST, &i.st));
                }
            }
            Analysis::Morris(mi) => {
                for i in &mi.indices {
                    rows.push(bare(&i.name, IndexKind::Mu, i.mu));
                    rows.push(row(&i.name, IndexKind::MuStar, &i.mu_star));
                    rows.push(bare(&i.name, IndexKind::Sigma, i.sigma));
                }
            }
            Analysis::Lhs {
                spearman,
                categorical,
            } => {
                for s in spearman {
                    rows.push(row(&s.name, IndexKind::Spearman, &s.rho));
                }
                for c in categorical.iter().flat_map(|c| &c.indices) {
                    rows.push(row(&c.name, IndexKind::Categorical, &c.s1));
                }
            }
        }
        rows
    }

    /// Parameter names, most influential first: by `ST` (Sobol), `μ*` (Morris), or by `ρ²`
    /// and `η²` together (LHS: both are shares of the metric's variance for a monotonic
    /// relation); ties by name.
    pub fn ranking(&self) -> Vec<String> {
        let mut scored: Vec<(f64, &str)> = match &self.analysis {
            Analysis::Sobol(si) => si
                .indices
                .iter()
                .map(|i| (i.st.value, i.name.as_str()))
                .collect(),
            Analysis::Morris(mi) => mi
                .indices
                .iter()
                .map(|i| (i.mu_star.value, i.name.as_str()))
                .collect(),
            Analysis::Lhs {
                spearman,
                categorical,
            } => spearman
                .iter()
                .map(|s| (s.rho.value * s.rho.value, s.name.as_str()))
                .chain(
                    categorical
                        .iter()
                        .flat_map(|c| &c.indices)
                        .map(|c| (c.s1.value, c.name.as_str())),
                )
                .collect(),
        };
        scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(b.1)));
        scored.into_iter().map(|(_, n)| n.to_string()).collect()
    }
}

/// Computes the indices of the prepared study from its outputs.
pub fn analyze(prep: &Prepared<'_>, outputs: &Outputs) -> Result<Indices, SensitivityError> {
    let y = outputs.metric();
    let se = outputs.metric_se();
    let n = y.len() as f64;
    let mean = y.iter().sum::<f64>() / n;
    let variance = y.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / n;
    if y.iter().all(|v| *v == y[0]) {
        return Err(SensitivityError::ConstantMetric {
            metric: prep.study.metric.clone(),
            value: y[0],
        });
    }
    let noise = se
        .iter()
        .filter(|s| s.is_finite())
        .map(|s| s * s)
        .sum::<f64>()
        / n;
    let noise_share = if variance > 0.0 {
        noise / variance
    } else {
        0.0
    };
    let pool = cordon_experiment::thread_pool(prep.study.threads)
        .map_err(|e| SensitivityError::Invalid(e.to_string()))?;
    let cfg = &prep.study.bootstrap;
    let analysis = pool.install(|| -> Result<Analysis, SensitivityError> {
        Ok(match prep.study.method {
            Method::Sobol => Analysis::Sobol(analyze_sobol(&prep.space, &prep.design, &y, cfg)?),
            Method::Morris => Analysis::Morris(analyze_morris(
                &prep.space,
                &prep.design,
                &y,
                prep.study.levels,
                cfg,
            )?),
            Method::Lhs => {
                let spearman = prep
                    .levers
                    .iter()
                    .enumerate()
                    .filter(|(_, l)| !l.is_categorical())
                    .map(|(j, l)| {
                        let x: Vec<f64> = prep.design.iter_rows().map(|r| r[j]).collect();
                        RankCorrelation {
                            name: l.name.clone(),
                            rho: spearman(&x, &y),
                        }
                    })
                    .collect();
                let categorical = if prep.levers.iter().any(|l| l.is_categorical()) {
                    Some(analyze_categorical(&prep.space, &prep.design, &y, cfg)?)
                } else {
                    None
                };
                Analysis::Lhs {
                    spearman,
                    categorical,
                }
            }
        })
    })?;
    Ok(Indices {
        analysis,
        mean,
        variance,
        noise_share,
    })
}

/// Ranks from 1 to n, ties getting the mean of the ranks they span.
pub fn ranks(x: &[f64]) -> Vec<f64> {
    let mut order: Vec<usize> = (0..x.len()).collect();
    order.sort_by(|&a, &b| x[a].total_cmp(&x[b]).then(a.cmp(&b)));
    let mut r = vec![0.0; x.len()];
    let mut i = 0;
    while i < order.len() {
        let mut j = i + 1;
        while j < order.len() && x[order[j]] == x[order[i]] {
            j += 1;
        }
        // Positions i..j (0-based) hold ranks i+1..=j; their mean is (i + 1 + j) / 2.
        let rank = (i + 1 + j) as f64 / 2.0;
        for &o in &order[i..j] {
            r[o] = rank;
        }
        i = j;
    }
    r
}

/// Spearman's `ρ` (Pearson's correlation of the ranks, ties averaged) with the 95% interval
/// `tanh(atanh ρ ± z · √(1.06 / (n − 3)))` (Fieller, Hartley & Pearson 1957). `ρ` is 0 when
/// either variable is constant; the interval needs `n > 3` (NaN otherwise).
pub fn spearman(x: &[f64], y: &[f64]) -> Estimate {
    let (rx, ry) = (ranks(x), ranks(y));
    let n = x.len() as f64;
    let (mx, my) = (rx.iter().sum::<f64>() / n, ry.iter().sum::<f64>() / n);
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for (a, b) in rx.iter().zip(&ry) {
        sxy += (a - mx) * (b - my);
        sxx += (a - mx) * (a - mx);
        syy += (b - my) * (b - my);
    }
    let rho = if sxx > 0.0 && syy > 0.0 {
        (sxy / (sxx * syy).sqrt()).clamp(-1.0, 1.0)
    } else {
        0.0
    };
    if x.len() <= 3 {
        return Estimate {
            value: rho,
            low: f64::NAN,
            high: f64::NAN,
        };
    }
    let half = Z_975 * (1.06 / (n - 3.0)).sqrt();
    let z = rho.atanh();
    Estimate {
        value: rho,
        low: (z - half).tanh(),
        high: (z + half).tanh(),
    }
}
