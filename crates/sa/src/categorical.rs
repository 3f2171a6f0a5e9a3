//! Importance of categorical levers: the first-order variance-based index over a category.
//!
//! For a categorical parameter `C` with categories `c = 1..m`, the first-order Sobol index
//! `S_C = Var(E[Y | C]) / Var(Y)` needs no ordering of the categories. On a design whose rows
//! are drawn independently (LHS, factorial, Monte Carlo) it is estimated by the correlation
//! ratio
//!
//! `η² = SSB / SST`, `SSB = Σ_c n_c (ȳ_c − ȳ)²`, `SST = Σ_r (y_r − ȳ)²`,
//!
//! the between-category share of the output's sum of squares (one-way ANOVA). `η²` is biased
//! upwards by about `(m − 1)/(n − 1) · (1 − S_C)` for `n` rows, so use `n ≫ m`. The interval
//! comes from resampling rows.

use serde::Serialize;

use crate::bootstrap::{self, BootstrapConfig, Estimate};
use crate::design::Design;
use crate::error::AnalysisError;
use crate::sobol::check_inputs;
use crate::space::{Distribution, ParamSpace};

/// Output statistics within one category.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CategoryStat {
    /// The category's label.
    pub label: String,
    /// Rows in this category.
    pub count: usize,
    /// Mean output over those rows (NaN when `count` is 0).
    pub mean: f64,
}

/// One categorical parameter's importance.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CategoricalIndex {
    /// Parameter name.
    pub name: String,
    /// First-order index `η²` with its interval.
    pub s1: Estimate,
    /// Per-category counts and conditional means, in the parameter's order.
    pub categories: Vec<CategoryStat>,
}

/// The result of [`analyze_categorical`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CategoricalIndices {
    /// Rows used.
    pub rows: usize,
    /// Mean output.
    pub mean: f64,
    /// Output variance (population).
    pub variance: f64,
    /// Bootstrap settings used for the intervals.
    pub bootstrap: BootstrapConfig,
    /// One entry per categorical parameter, in the space's order.
    pub indices: Vec<CategoricalIndex>,
}

impl CategoricalIndices {
    /// The indices sorted by decreasing `η²` (ties: by name).
    pub fn ranked(&self) -> Vec<&CategoricalIndex> {
        let mut v: Vec<&CategoricalIndex> = self.indices.iter().collect();
        v.sort_by(|a, b| {
            b.s1.value
                .total_cmp(&a.s1.value)
                .then_with(|| a.name.cmp(&b.name))
        });
        v
    }
}

/// `η²` of every categorical parameter of `space`, from any design with independently drawn
/// rows (e.g. [`crate::sample_factorial`] or [`crate::sample_lhs`]) and its outputs `y`.
pub fn analyze_categorical(
    space: &ParamSpace,
    design: &Design,
    y: &[f64],
    cfg: &BootstrapConfig,
) -> Result<CategoricalIndices, AnalysisError> {
    cfg.validate()?;
    check_inputs(space, design, y)?;
    let n = y.len();
    if n < 2 {
        return Err(AnalysisError::TooFew {
            what: "rows",
            found: n,
            min: 2,
        });
    }
    // (column, labels, category of each row)
    let mut cats: Vec<(usize, &[String], Vec<usize>)> = Vec::new();
    for (j, p) in space.params().iter().enumerate() {
        let Distribution::Categorical { values, .. } = &p.distribution else {
            continue;
        };
        let m = values.len();
        let mut of_row = Vec::with_capacity(n);
        for (r, row) in design.iter_rows().enumerate() {
            let v = row[j];
            if !(v >= 0.0 && v < m as f64 && v.fract() == 0.0) {
                return Err(AnalysisError::BadCategory {
                    row: r + 1,
                    name: p.name.clone(),
                    value: v,
                    count: m,
                });
            }
            of_row.push(v as usize);
        }
        cats.push((j, values, of_row));
    }
    if cats.is_empty() {
        return Err(AnalysisError::NoCategorical);
    }
    let mean = y.iter().sum::<f64>() / n as f64;
    let variance = y.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / n as f64;
    let scale = if variance > 0.0 { variance.sqrt() } else { 1.0 };
    let z: Vec<f64> = y.iter().map(|v| (v - mean) / scale).collect();

    let all: Vec<usize> = (0..n).collect();
    let point: Vec<f64> = cats
        .iter()
        .map(|(_, labels, of_row)| eta_squared(&z, of_row, labels.len(), &all))
        .collect::<Option<_>>()
        .ok_or(AnalysisError::ConstantOutput)?;
    let reps = bootstrap::replicates(cfg, n, |idx| {
        cats.iter()
            .map(|(_, labels, of_row)| eta_squared(&z, of_row, labels.len(), idx).unwrap_or(0.0))
            .collect()
    });
    let indices = cats
        .iter()
        .enumerate()
        .map(|(c, (j, labels, of_row))| {
            let mut sum = vec![0.0; labels.len()];
            let mut count = vec![0usize; labels.len()];
            for (r, &g) in of_row.iter().enumerate() {
                sum[g] += y[r];
                count[g] += 1;
            }
            CategoricalIndex {
                name: space.params()[*j].name.clone(),
                s1: bootstrap::interval(cfg, point[c], &reps, c),
                categories: labels
                    .iter()
                    .zip(sum.iter().zip(&count))
                    .map(|(label, (&s, &cnt))| CategoryStat {
                        label: label.clone(),
                        count: cnt,
                        mean: if cnt > 0 { s / cnt as f64 } else { f64::NAN },
                    })
                    .collect(),
            }
        })
        .collect();
    Ok(CategoricalIndices {
        rows: n,
        mean,
        variance,
        bootstrap: *cfg,
        indices,
    })
}

/// `SSB / SST` over the rows `idx`, or `None` when the outputs are constant there.
fn eta_squared(z: &[f64], of_row: &[usize], m: usize, idx: &[usize]) -> Option<f64> {
    let n = idx.len() as f64;
    let grand = idx.iter().map(|&r| z[r]).sum::<f64>() / n;
    let sst: f64 = idx.iter().map(|&r| (z[r] - grand).powi(2)).sum();
    if sst <= f64::EPSILON * n {
        return None;
    }
    let mut sum = vec![0.0; m];
    let mut count = vec![0usize; m];
    for &r in idx {
        sum[of_row[r]] += z[r];
        count[of_row[r]] += 1;
    }
    let ssb: f64 = sum
        .iter()
        .zip(&count)
        .filter(|(_, c)| **c > 0)
        .map(|(s, &c)| {
            let d = s / c as f64 - grand;
            c as f64 * d * d
        })
        .sum();
    Some(ssb / sst)
}
