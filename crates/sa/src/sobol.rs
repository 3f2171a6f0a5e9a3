//! First-order and total Sobol indices from a Saltelli design.
//!
//! With `f_A`, `f_B`, `f_{A_B^(i)}` the outputs of the `A`, `B` and `A_B^(i)` rows of the `N`
//! base samples, standardized by the mean and sd of all `N(k+2)` outputs (as SALib does), and
//! `V = Var([f_A; f_B])` (population variance of the `2N` values):
//!
//! - first order (Saltelli et al. 2010, eq. (b) of table 2):
//!   `S_i = mean(f_B · (f_{A_B^(i)} − f_A)) / V`
//! - total (Jansen 1999; Saltelli et al. 2010, eq. (f)):
//!   `ST_i = mean((f_A − f_{A_B^(i)})²) / (2V)`
//!
//! Intervals come from resampling the `N` base samples (rows of `A`, `B`, `A_B^(i)` together),
//! as SALib does.

use serde::Serialize;

use crate::bootstrap::{self, BootstrapConfig, Estimate};
use crate::design::Design;
use crate::error::AnalysisError;
use crate::space::ParamSpace;

/// One parameter's Sobol indices.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SobolIndex {
    /// Parameter name.
    pub name: String,
    /// First-order index `S1` with its interval.
    pub s1: Estimate,
    /// Total index `ST` with its interval.
    pub st: Estimate,
}

/// The result of [`analyze_sobol`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SobolIndices {
    /// Base samples `N`.
    pub base_samples: usize,
    /// Mean of all outputs.
    pub mean: f64,
    /// Variance `V` of the `A` and `B` outputs (population variance).
    pub variance: f64,
    /// Bootstrap settings used for the intervals.
    pub bootstrap: BootstrapConfig,
    /// One entry per parameter, in the space's order.
    pub indices: Vec<SobolIndex>,
}

impl SobolIndices {
    /// The indices sorted by decreasing total index (ties: by name).
    pub fn ranked(&self) -> Vec<&SobolIndex> {
        let mut v: Vec<&SobolIndex> = self.indices.iter().collect();
        v.sort_by(|a, b| {
            b.st.value
                .total_cmp(&a.st.value)
                .then_with(|| a.name.cmp(&b.name))
        });
        v
    }
}

/// Checks that the design's columns are the space's parameters and that outputs are finite and
/// as many as the rows.
pub(crate) fn check_inputs(
    space: &ParamSpace,
    design: &Design,
    y: &[f64],
) -> Result<(), AnalysisError> {
    if design.names() != space.names().as_slice() {
        return Err(AnalysisError::NamesMismatch {
            expected: space.names().join(", "),
            found: design.names().join(", "),
        });
    }
    if design.rows() != y.len() {
        return Err(AnalysisError::RowCount {
            rows: design.rows(),
            outputs: y.len(),
        });
    }
    if let Some((i, &value)) = y.iter().enumerate().find(|(_, v)| !v.is_finite()) {
        return Err(AnalysisError::NonFiniteOutput { row: i + 1, value });
    }
    Ok(())
}

/// Estimates `S1` and `ST` for every parameter from a Saltelli design (see
/// [`crate::sample_sobol`]) and its outputs `y` (one per row, in row order).
///
/// Errors: names or row count mismatch, non-finite outputs, rows not a multiple of `k + 2`,
/// fewer than 2 base samples, a row that breaks the layout, constant outputs.
pub fn analyze_sobol(
    space: &ParamSpace,
    design: &Design,
    y: &[f64],
    cfg: &BootstrapConfig,
) -> Result<SobolIndices, AnalysisError> {
    cfg.validate()?;
    check_inputs(space, design, y)?;
    let k = space.len();
    let block = k + 2;
    if !design.rows().is_multiple_of(block) {
        return Err(AnalysisError::NotWholeBlocks {
            rows: design.rows(),
            block,
            design: "Saltelli",
            k,
        });
    }
    let n = design.rows() / block;
    if n < 2 {
        return Err(AnalysisError::TooFew {
            what: "base samples",
            found: n,
            min: 2,
        });
    }
    check_layout(space, design, n)?;
    sobol_from_outputs(space, n, y, cfg)
}

/// [`analyze_sobol`] without the design: for a design checked row by row with
/// [`SaltelliRows`] and never held in memory. `rows` is the design's row count.
pub fn analyze_sobol_outputs(
    space: &ParamSpace,
    rows: usize,
    y: &[f64],
    cfg: &BootstrapConfig,
) -> Result<SobolIndices, AnalysisError> {
    cfg.validate()?;
    if rows != y.len() {
        return Err(AnalysisError::RowCount {
            rows,
            outputs: y.len(),
        });
    }
    if let Some((i, &value)) = y.iter().enumerate().find(|(_, v)| !v.is_finite()) {
        return Err(AnalysisError::NonFiniteOutput { row: i + 1, value });
    }
    let k = space.len();
    let block = k + 2;
    if !rows.is_multiple_of(block) {
        return Err(AnalysisError::NotWholeBlocks {
            rows,
            block,
            design: "Saltelli",
            k,
        });
    }
    let n = rows / block;
    if n < 2 {
        return Err(AnalysisError::TooFew {
            what: "base samples",
            found: n,
            min: 2,
        });
    }
    sobol_from_outputs(space, n, y, cfg)
}

/// Checks a Saltelli design's layout one row at a time, holding one block of k + 2 rows: the
/// same checks as [`analyze_sobol`]'s, with the same errors and row numbers.
pub struct SaltelliRows<'s> {
    space: &'s ParamSpace,
    block: Vec<f64>,
    filled: usize,
    rows: usize,
}

impl<'s> SaltelliRows<'s> {
    /// A checker for designs over `space`.
    pub fn new(space: &'s ParamSpace) -> Self {
        let k = space.len();
        SaltelliRows {
            space,
            block: vec![0.0; (k + 2) * k],
            filled: 0,
            rows: 0,
        }
    }

    /// Rows seen so far.
    pub fn rows(&self) -> usize {
        self.rows
    }

    /// The next row (values in the space's order); checks its block when it is complete.
    pub fn push(&mut self, row: &[f64]) -> Result<(), AnalysisError> {
        let k = self.space.len();
        self.block[self.filled * k..(self.filled + 1) * k].copy_from_slice(row);
        self.filled += 1;
        self.rows += 1;
        if self.filled < k + 2 {
            return Ok(());
        }
        self.filled = 0;
        let first = self.rows - (k + 2);
        let at = |r: usize| &self.block[r * k..(r + 1) * k];
        check_block(self.space, first, &at)
    }
}

/// Every `A_B^(i)` row of the block starting at row `first` (0-based) must equal `A` outside
/// column `i` and `B` in column `i`; `at(r)` is the block's row `r`.
fn check_block<'a>(
    space: &ParamSpace,
    first: usize,
    at: &dyn Fn(usize) -> &'a [f64],
) -> Result<(), AnalysisError> {
    let k = space.len();
    let (a, b) = (at(0), at(k + 1));
    for i in 0..k {
        let row = at(1 + i);
        for j in 0..k {
            let (want, src) = if j == i { (b[j], k + 1) } else { (a[j], 0) };
            if row[j] != want {
                return Err(AnalysisError::NotSaltelli {
                    row: first + 1 + i + 1,
                    name: space.params()[j].name.clone(),
                    source_row: first + src + 1,
                });
            }
        }
    }
    Ok(())
}

/// The indices from the outputs of a checked design of `n` base samples.
fn sobol_from_outputs(
    space: &ParamSpace,
    n: usize,
    y: &[f64],
    cfg: &BootstrapConfig,
) -> Result<SobolIndices, AnalysisError> {
    let k = space.len();
    let block = k + 2;
    // Standardize by the mean and sd of all outputs, as SALib does: the indices are ratios, so
    // only the centring matters for the estimates, and the constant-output test becomes relative.
    let mean = y.iter().sum::<f64>() / y.len() as f64;
    let sd = (y.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / y.len() as f64).sqrt();
    if sd.is_nan() || sd <= 0.0 {
        return Err(AnalysisError::ConstantOutput);
    }
    let z = |r: usize| (y[r] - mean) / sd;
    let fa: Vec<f64> = (0..n).map(|s| z(s * block)).collect();
    let fb: Vec<f64> = (0..n).map(|s| z(s * block + k + 1)).collect();
    // fab[i][s]: output of A_B^(i) for base sample s.
    let fab: Vec<Vec<f64>> = (0..k)
        .map(|i| (0..n).map(|s| z(s * block + 1 + i)).collect())
        .collect();

    let all: Vec<usize> = (0..n).collect();
    let point = estimates(&fa, &fb, &fab, &all).ok_or(AnalysisError::ConstantOutput)?;
    let variance = population_variance(&fa, &fb, &all) * sd * sd;
    let reps = bootstrap::replicates(cfg, n, |idx| {
        // A constant resample carries no information on the indices; SALib scores it 0.
        estimates(&fa, &fb, &fab, idx).unwrap_or_else(|| vec![0.0; 2 * k])
    });
    let indices = space
        .params()
        .iter()
        .enumerate()
        .map(|(i, p)| SobolIndex {
            name: p.name.clone(),
            s1: bootstrap::interval(cfg, point[i], &reps, i),
            st: bootstrap::interval(cfg, point[k + i], &reps, k + i),
        })
        .collect();
    Ok(SobolIndices {
        base_samples: n,
        mean,
        variance,
        bootstrap: *cfg,
        indices,
    })
}

fn population_variance(fa: &[f64], fb: &[f64], idx: &[usize]) -> f64 {
    let m = 2.0 * idx.len() as f64;
    let mu = idx.iter().map(|&s| fa[s] + fb[s]).sum::<f64>() / m;
    idx.iter()
        .map(|&s| (fa[s] - mu).powi(2) + (fb[s] - mu).powi(2))
        .sum::<f64>()
        / m
}

/// `[S_1..S_k, ST_1..ST_k]` over the base samples `idx`, or `None` when `A` and `B` outputs
/// are constant.
fn estimates(fa: &[f64], fb: &[f64], fab: &[Vec<f64>], idx: &[usize]) -> Option<Vec<f64>> {
    let a: Vec<f64> = idx.iter().map(|&s| fa[s]).collect();
    let b: Vec<f64> = idx.iter().map(|&s| fb[s]).collect();
    let (lo, hi) = a
        .iter()
        .chain(&b)
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &x| {
            (lo.min(x), hi.max(x))
        });
    if hi - lo <= f64::EPSILON {
        return None;
    }
    let m = 2.0 * a.len() as f64;
    let mu = a.iter().chain(&b).sum::<f64>() / m;
    let v = a.iter().chain(&b).map(|x| (x - mu) * (x - mu)).sum::<f64>() / m;
    if v <= f64::EPSILON {
        return None;
    }
    let n = a.len() as f64;
    let k = fab.len();
    let mut out = vec![0.0; 2 * k];
    for (i, f) in fab.iter().enumerate() {
        let mut s1 = 0.0;
        let mut st = 0.0;
        for ((&s, &ai), &bi) in idx.iter().zip(&a).zip(&b) {
            let d = f[s] - ai;
            s1 += bi * d;
            st += d * d;
        }
        out[i] = s1 / n / v;
        out[k + i] = 0.5 * st / n / v;
    }
    Some(out)
}

/// Every `A_B^(i)` row must equal `A` outside column `i` and `B` in column `i`.
fn check_layout(space: &ParamSpace, design: &Design, n: usize) -> Result<(), AnalysisError> {
    let block = space.len() + 2;
    for s in 0..n {
        check_block(space, s * block, &|r| design.row(s * block + r))?;
    }
    Ok(())
}
