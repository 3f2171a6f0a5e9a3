//! Morris elementary effects: `μ`, `μ*`, `σ` and a bootstrap interval for `μ*`.
//!
//! In trajectory `t`, when factor `i` moves from `x` to `x ± Δ` (unit scale), its elementary
//! effect is `EE_i^t = (f(x + Δ e_i) − f(x)) / Δ` (the output difference is taken from the lower
//! to the upper point, whichever came first). Over the `r` trajectories:
//! `μ_i = mean(EE_i)`, `μ*_i = mean(|EE_i|)` (Campolongo et al. 2007), `σ_i = sd(EE_i)` with
//! `r − 1` in the denominator — exactly SALib's `morris.analyze`. The interval for `μ*` comes
//! from resampling whole trajectories.

use serde::Serialize;

use crate::bootstrap::{self, BootstrapConfig, Estimate};
use crate::design::{Design, morris_delta};
use crate::error::AnalysisError;
use crate::sobol::check_inputs;
use crate::space::ParamSpace;

/// One parameter's Morris statistics.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MorrisIndex {
    /// Parameter name.
    pub name: String,
    /// Mean elementary effect `μ`.
    pub mu: f64,
    /// Mean absolute elementary effect `μ*`, with its bootstrap interval.
    pub mu_star: Estimate,
    /// Standard deviation of the elementary effects `σ` (ddof 1).
    pub sigma: f64,
    /// The elementary effects, one per trajectory, in trajectory order.
    pub effects: Vec<f64>,
}

/// The result of [`analyze_morris`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MorrisIndices {
    /// Trajectories `r`.
    pub trajectories: usize,
    /// Grid levels `p`.
    pub levels: usize,
    /// Step `Δ = p / (2(p − 1))` on the unit scale.
    pub delta: f64,
    /// Bootstrap settings used for the intervals.
    pub bootstrap: BootstrapConfig,
    /// One entry per parameter, in the space's order.
    pub indices: Vec<MorrisIndex>,
}

impl MorrisIndices {
    /// The indices sorted by decreasing `μ*` (ties: by name).
    pub fn ranked(&self) -> Vec<&MorrisIndex> {
        let mut v: Vec<&MorrisIndex> = self.indices.iter().collect();
        v.sort_by(|a, b| {
            b.mu_star
                .value
                .total_cmp(&a.mu_star.value)
                .then_with(|| a.name.cmp(&b.name))
        });
        v
    }
}

/// Tolerance on the unit-scale step, loose enough for designs printed with 8 significant
/// digits (SALib's command line).
const STEP_TOL: f64 = 1e-6;

/// Computes the Morris statistics from a trajectory design (see [`crate::sample_morris`]) made
/// with `levels` grid levels, and its outputs `y`.
///
/// Every step of a trajectory must move exactly one parameter, each parameter exactly once, by
/// `Δ` on the unit scale (checked through each parameter's CDF, so a wrong `levels` is caught).
pub fn analyze_morris(
    space: &ParamSpace,
    design: &Design,
    y: &[f64],
    levels: usize,
    cfg: &BootstrapConfig,
) -> Result<MorrisIndices, AnalysisError> {
    cfg.validate()?;
    if levels < 2 || !levels.is_multiple_of(2) {
        return Err(AnalysisError::BadLevels { levels });
    }
    check_inputs(space, design, y)?;
    if let Some(p) = space
        .params()
        .iter()
        .find(|p| p.distribution.is_categorical())
    {
        return Err(AnalysisError::CategoricalInMorris {
            name: p.name.clone(),
        });
    }
    let k = space.len();
    let block = k + 1;
    if !design.rows().is_multiple_of(block) {
        return Err(AnalysisError::NotWholeBlocks {
            rows: design.rows(),
            block,
            design: "Morris",
            k,
        });
    }
    let r = design.rows() / block;
    if r < 2 {
        return Err(AnalysisError::TooFew {
            what: "trajectories",
            found: r,
            min: 2,
        });
    }
    let delta = morris_delta(levels);
    // per[t][i]: the elementary effect of parameter i in trajectory t.
    let per: Vec<Vec<f64>> = (0..r)
        .map(|t| trajectory_effects(space, design, y, t, levels))
        .collect::<Result<_, _>>()?;
    let ee: Vec<Vec<f64>> = (0..k).map(|i| per.iter().map(|e| e[i]).collect()).collect();

    let mu_star_of =
        |e: &[f64], idx: &[usize]| idx.iter().map(|&t| e[t].abs()).sum::<f64>() / idx.len() as f64;
    let all: Vec<usize> = (0..r).collect();
    let reps = bootstrap::replicates(cfg, r, |idx| {
        ee.iter().map(|e| mu_star_of(e, idx)).collect()
    });
    let indices = space
        .params()
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let e = &ee[i];
            let mu = e.iter().sum::<f64>() / r as f64;
            let sigma = (e.iter().map(|x| (x - mu).powi(2)).sum::<f64>() / (r as f64 - 1.0)).sqrt();
            MorrisIndex {
                name: p.name.clone(),
                mu,
                mu_star: bootstrap::interval(cfg, mu_star_of(e, &all), &reps, i),
                sigma,
                effects: e.clone(),
            }
        })
        .collect();
    Ok(MorrisIndices {
        trajectories: r,
        levels,
        delta,
        bootstrap: *cfg,
        indices,
    })
}

/// The `k` elementary effects of trajectory `t`, checking its layout.
fn trajectory_effects(
    space: &ParamSpace,
    design: &Design,
    y: &[f64],
    t: usize,
    levels: usize,
) -> Result<Vec<f64>, AnalysisError> {
    let k = space.len();
    let block = k + 1;
    let delta = morris_delta(levels);
    let mut ee = vec![0.0; k];
    let mut moved = vec![false; k];
    for step in 1..block {
        let row = t * block + step;
        let (before, after) = (design.row(row - 1), design.row(row));
        let changed: Vec<usize> = (0..k).filter(|&j| before[j] != after[j]).collect();
        let &[i] = changed.as_slice() else {
            return Err(AnalysisError::NotMorris {
                row: row + 1,
                detail: format!(
                    "{} parameters change from the previous row; exactly one must",
                    changed.len()
                ),
            });
        };
        let p = &space.params()[i];
        if moved[i] {
            return Err(AnalysisError::NotMorris {
                row: row + 1,
                detail: format!("`{}` moves twice in one trajectory", p.name),
            });
        }
        moved[i] = true;
        let du = p.distribution.cdf(after[i]) - p.distribution.cdf(before[i]);
        if (du.abs() - delta).abs() > STEP_TOL {
            return Err(AnalysisError::NotMorris {
                row: row + 1,
                detail: format!(
                    "`{}` moves by {:.6} of its range, not Δ = {delta:.6} ({levels} levels)",
                    p.name,
                    du.abs()
                ),
            });
        }
        let dy = y[row] - y[row - 1];
        ee[i] = if after[i] > before[i] {
            dy / delta
        } else {
            -dy / delta
        };
    }
    Ok(ee)
}
