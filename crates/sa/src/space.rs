//! Parameter spaces: named parameters with distributions, sampled through the inverse CDF.
//!
//! Every design in this crate is first built in the unit hypercube and then mapped, column by
//! column, through [`Distribution::quantile`]. A categorical parameter's value in a [`Design`]
//! is the 0-based index of its category, stored as an `f64` (`0.0`, `1.0`, ...); the CSV writer
//! prints the category's label instead.
//!
//! [`Design`]: crate::Design

use serde::Serialize;
use statrs::function::erf::{erfc, erfc_inv};

use crate::error::{DistributionError, SpaceError};

/// Smallest unit coordinate fed to an unbounded quantile function, so that `u = 0` and `u = 1`
/// give finite values (about ±8.1 standard deviations for a normal).
const U_EPS: f64 = 1.0 / 9_007_199_254_740_992.0; // 2^-53

/// The marginal distribution of one parameter.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[non_exhaustive]
pub enum Distribution {
    /// Uniform on `[low, high]`.
    Uniform {
        /// Lower bound.
        low: f64,
        /// Upper bound.
        high: f64,
    },
    /// Triangular on `[low, high]` with its peak at `mode`.
    Triangular {
        /// Lower bound.
        low: f64,
        /// Peak, `low <= mode <= high`.
        mode: f64,
        /// Upper bound.
        high: f64,
    },
    /// Normal `N(mean, sd²)` truncated to `[low, high]` (finite bounds).
    TruncatedNormal {
        /// Mean of the untruncated normal.
        mean: f64,
        /// Standard deviation of the untruncated normal.
        sd: f64,
        /// Lower truncation bound.
        low: f64,
        /// Upper truncation bound.
        high: f64,
    },
    /// Untruncated normal `N(mean, sd²)` (SALib's `norm`). Unit coordinates are clamped to
    /// `[2⁻⁵³, 1 − 2⁻⁵³]`, so values stay finite (within about ±8.1 sd).
    Normal {
        /// Mean.
        mean: f64,
        /// Standard deviation.
        sd: f64,
    },
    /// Log-uniform on `[low, high]`, `0 < low < high`: `ln x` is uniform.
    LogUniform {
        /// Lower bound (> 0).
        low: f64,
        /// Upper bound.
        high: f64,
    },
    /// A finite set of labelled values, equally likely unless weighted.
    Categorical {
        /// The labels, in order; a design stores the 0-based index.
        values: Vec<String>,
        /// Relative weights (≥ 0, summing to > 0), one per value; `None` means equal weights.
        weights: Option<Vec<f64>>,
    },
}

fn finite(what: &'static str, value: f64) -> Result<(), DistributionError> {
    if value.is_finite() {
        Ok(())
    } else {
        Err(DistributionError::NonFinite { what, value })
    }
}

fn range(low: f64, high: f64) -> Result<(), DistributionError> {
    finite("low", low)?;
    finite("high", high)?;
    if low < high {
        Ok(())
    } else {
        Err(DistributionError::EmptyRange { low, high })
    }
}

/// Standard normal CDF.
pub(crate) fn phi(z: f64) -> f64 {
    0.5 * erfc(-z / std::f64::consts::SQRT_2)
}

/// Standard normal quantile, for `p` in `(0, 1)`.
pub(crate) fn phi_inv(p: f64) -> f64 {
    -std::f64::consts::SQRT_2 * erfc_inv(2.0 * p)
}

/// `(a, b, reflected)`: standardized truncation bounds, reflected to the left tail when the
/// interval lies right of the mean, so that the CDF differences do not cancel.
fn trunc_frame(mean: f64, sd: f64, low: f64, high: f64) -> (f64, f64, bool) {
    let a = (low - mean) / sd;
    let b = (high - mean) / sd;
    if a > 0.0 {
        (-b, -a, true)
    } else {
        (a, b, false)
    }
}

impl Distribution {
    /// Uniform on `[low, high]`.
    pub fn uniform(low: f64, high: f64) -> Self {
        Distribution::Uniform { low, high }
    }

    /// Categorical over `values`, equally weighted.
    pub fn categorical<S: Into<String>>(values: impl IntoIterator<Item = S>) -> Self {
        Distribution::Categorical {
            values: values.into_iter().map(Into::into).collect(),
            weights: None,
        }
    }

    /// Checks the arguments: finite, `low < high`, `sd > 0`, mode within bounds, weights ≥ 0
    /// and summing to > 0, categories non-empty and distinct.
    pub fn validate(&self) -> Result<(), DistributionError> {
        match *self {
            Distribution::Uniform { low, high } => range(low, high),
            Distribution::Triangular { low, mode, high } => {
                range(low, high)?;
                finite("mode", mode)?;
                if (low..=high).contains(&mode) {
                    Ok(())
                } else {
                    Err(DistributionError::ModeOutOfRange { low, mode, high })
                }
            }
            Distribution::TruncatedNormal {
                mean,
                sd,
                low,
                high,
            } => {
                finite("mean", mean)?;
                finite("sd", sd)?;
                if sd <= 0.0 {
                    return Err(DistributionError::NonPositiveSd { sd });
                }
                range(low, high)?;
                let (a, b, _) = trunc_frame(mean, sd, low, high);
                if phi(b) - phi(a) > 1e-300 {
                    Ok(())
                } else {
                    Err(DistributionError::NegligibleMass {
                        mean,
                        sd,
                        low,
                        high,
                    })
                }
            }
            Distribution::Normal { mean, sd } => {
                finite("mean", mean)?;
                finite("sd", sd)?;
                if sd > 0.0 {
                    Ok(())
                } else {
                    Err(DistributionError::NonPositiveSd { sd })
                }
            }
            Distribution::LogUniform { low, high } => {
                range(low, high)?;
                if low > 0.0 {
                    Ok(())
                } else {
                    Err(DistributionError::NonPositiveLogBound { low })
                }
            }
            Distribution::Categorical {
                ref values,
                ref weights,
            } => {
                if values.is_empty() {
                    return Err(DistributionError::NoCategories);
                }
                for (i, v) in values.iter().enumerate() {
                    if v.is_empty() || values[..i].contains(v) {
                        return Err(DistributionError::BadCategory { value: v.clone() });
                    }
                }
                if let Some(w) = weights {
                    if w.len() != values.len() {
                        return Err(DistributionError::WeightCount {
                            values: values.len(),
                            weights: w.len(),
                        });
                    }
                    for (index, &weight) in w.iter().enumerate() {
                        if !weight.is_finite() || weight < 0.0 {
                            return Err(DistributionError::BadWeight { index, weight });
                        }
                    }
                    if w.iter().sum::<f64>() <= 0.0 {
                        return Err(DistributionError::ZeroTotalWeight);
                    }
                }
                Ok(())
            }
        }
    }

    /// Whether values are category indices rather than numbers on a scale.
    pub fn is_categorical(&self) -> bool {
        matches!(self, Distribution::Categorical { .. })
    }

    /// Number of categories (`None` for a continuous distribution).
    pub fn category_count(&self) -> Option<usize> {
        match self {
            Distribution::Categorical { values, .. } => Some(values.len()),
            _ => None,
        }
    }

    /// Inverse CDF: maps a unit coordinate `u` (clamped to `[0, 1]`) to a value. For a
    /// categorical distribution the value is the 0-based index of the category whose cumulative
    /// weight interval `[c_{i-1}, c_i)` contains `u` (the last category for `u = 1`).
    ///
    /// The distribution must be valid ([`Distribution::validate`]).
    pub fn quantile(&self, u: f64) -> f64 {
        let u = if u.is_nan() { 0.5 } else { u.clamp(0.0, 1.0) };
        match *self {
            Distribution::Uniform { low, high } => (low + u * (high - low)).min(high),
            Distribution::Triangular { low, mode, high } => {
                let width = high - low;
                let fc = (mode - low) / width;
                let x = if u < fc {
                    low + (u * width * (mode - low)).sqrt()
                } else {
                    high - ((1.0 - u) * width * (high - mode)).sqrt()
                };
                x.clamp(low, high)
            }
            Distribution::TruncatedNormal {
                mean,
                sd,
                low,
                high,
            } => {
                let (a, b, reflected) = trunc_frame(mean, sd, low, high);
                let (pa, pb) = (phi(a), phi(b));
                let v = if reflected { 1.0 - u } else { u };
                let p = (pa + v * (pb - pa)).clamp(pa.max(f64::MIN_POSITIVE), pb);
                let p = p.min(1.0 - U_EPS / 2.0);
                let z = phi_inv(p);
                let z = if reflected { -z } else { z };
                (mean + sd * z).clamp(low, high)
            }
            Distribution::Normal { mean, sd } => mean + sd * phi_inv(u.clamp(U_EPS, 1.0 - U_EPS)),
            Distribution::LogUniform { low, high } => {
                let (ll, lh) = (low.ln(), high.ln());
                (ll + u * (lh - ll)).exp().clamp(low, high)
            }
            Distribution::Categorical {
                ref values,
                ref weights,
            } => {
                let m = values.len();
                let index = match weights {
                    None => ((u * m as f64) as usize).min(m - 1),
                    Some(w) => {
                        let total: f64 = w.iter().sum();
                        let mut cum = 0.0;
                        let mut pick = m - 1;
                        for (i, wi) in w.iter().enumerate() {
                            cum += wi;
                            if *wi > 0.0 && u < cum / total {
                                pick = i;
                                break;
                            }
                        }
                        // Never pick a zero-weight category at u = 1.
                        while w[pick] <= 0.0 && pick > 0 {
                            pick -= 1;
                        }
                        pick
                    }
                };
                index as f64
            }
        }
    }

    /// CDF: the unit coordinate of a value (inverse of [`Distribution::quantile`] for continuous
    /// distributions). For a categorical distribution, the cumulative weight up to and including
    /// category `x`.
    pub fn cdf(&self, x: f64) -> f64 {
        let c = match *self {
            Distribution::Uniform { low, high } => (x - low) / (high - low),
            Distribution::Triangular { low, mode, high } => {
                let width = high - low;
                if x <= low {
                    0.0
                } else if x >= high {
                    1.0
                } else if x <= mode {
                    (x - low) * (x - low) / (width * (mode - low))
                } else {
                    1.0 - (high - x) * (high - x) / (width * (high - mode))
                }
            }
            Distribution::TruncatedNormal {
                mean,
                sd,
                low,
                high,
            } => {
                let (a, b, reflected) = trunc_frame(mean, sd, low, high);
                let z = (x - mean) / sd;
                let z = if reflected { -z } else { z };
                let (pa, pb) = (phi(a), phi(b));
                let c = (phi(z) - pa) / (pb - pa);
                if reflected { 1.0 - c } else { c }
            }
            Distribution::Normal { mean, sd } => phi((x - mean) / sd),
            Distribution::LogUniform { low, high } => {
                if x <= low {
                    0.0
                } else {
                    (x / low).ln() / (high / low).ln()
                }
            }
            Distribution::Categorical {
                ref values,
                ref weights,
            } => {
                let m = values.len();
                let upto = (x.max(-1.0).floor() as i64 + 1).clamp(0, m as i64) as usize;
                match weights {
                    None => upto as f64 / m as f64,
                    Some(w) => w[..upto].iter().sum::<f64>() / w.iter().sum::<f64>(),
                }
            }
        };
        c.clamp(0.0, 1.0)
    }
}

/// One named uncertain parameter.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Parameter {
    /// Name (no whitespace, commas, quotes or `#`, so that it survives a CSV header).
    pub name: String,
    /// Marginal distribution.
    pub distribution: Distribution,
}

impl Parameter {
    /// A parameter.
    pub fn new(name: impl Into<String>, distribution: Distribution) -> Self {
        Parameter {
            name: name.into(),
            distribution,
        }
    }
}

/// An ordered, validated set of independent parameters.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ParamSpace {
    params: Vec<Parameter>,
}

pub(crate) fn name_is_valid(name: &str) -> bool {
    !name.is_empty()
        && !name
            .chars()
            .any(|c| c.is_whitespace() || matches!(c, ',' | '"' | '#'))
}

impl ParamSpace {
    /// Validates every parameter and the names (non-empty, distinct, CSV-safe).
    pub fn new(params: Vec<Parameter>) -> Result<Self, SpaceError> {
        if params.is_empty() {
            return Err(SpaceError::Empty);
        }
        for (i, p) in params.iter().enumerate() {
            if !name_is_valid(&p.name) {
                return Err(SpaceError::BadName {
                    name: p.name.clone(),
                });
            }
            if params[..i].iter().any(|q| q.name == p.name) {
                return Err(SpaceError::DuplicateName {
                    name: p.name.clone(),
                });
            }
            p.distribution
                .validate()
                .map_err(|source| SpaceError::Distribution {
                    name: p.name.clone(),
                    source,
                })?;
        }
        Ok(ParamSpace { params })
    }

    /// A space from parameters already checked one by one (names valid and distinct,
    /// distributions valid, at least one).
    pub(crate) fn from_validated(params: Vec<Parameter>) -> Self {
        debug_assert!(Self::new(params.clone()).is_ok());
        ParamSpace { params }
    }

    /// Shorthand for a space of uniform parameters `(name, low, high)`.
    pub fn uniform(bounds: &[(&str, f64, f64)]) -> Result<Self, SpaceError> {
        Self::new(
            bounds
                .iter()
                .map(|&(n, lo, hi)| Parameter::new(n, Distribution::uniform(lo, hi)))
                .collect(),
        )
    }

    /// Number of parameters, `k`.
    pub fn len(&self) -> usize {
        self.params.len()
    }

    /// Always false: a space has at least one parameter.
    pub fn is_empty(&self) -> bool {
        self.params.is_empty()
    }

    /// The parameters, in order.
    pub fn params(&self) -> &[Parameter] {
        &self.params
    }

    /// The names, in order.
    pub fn names(&self) -> Vec<String> {
        self.params.iter().map(|p| p.name.clone()).collect()
    }

    /// Position of a parameter by name.
    pub fn index_of(&self, name: &str) -> Option<usize> {
        self.params.iter().position(|p| p.name == name)
    }

    /// Maps a point of the unit hypercube to parameter values, coordinate by coordinate.
    pub fn map_unit(&self, u: &[f64]) -> Vec<f64> {
        self.params
            .iter()
            .zip(u)
            .map(|(p, &u)| p.distribution.quantile(u))
            .collect()
    }
}
