//! Seeded, thread-count-independent bootstrap confidence intervals.
//!
//! Resample `b` draws its indices from its own stream, keyed by `(seed, b)`: a SplitMix64
//! generator seeded by the first word of `ChaCha8Rng::seed_from_u64(seed)` with
//! `set_stream(b)`. The resamples are therefore the same whether they run on one thread or
//! many, in any order; the statistics are then reduced sequentially in resample order.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rayon::prelude::*;
use serde::Serialize;

use crate::error::AnalysisError;
use crate::space::phi_inv;

/// How an interval is built from the bootstrap replicates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum CiMethod {
    /// `estimate ± z_{(1+c)/2} · sd(replicates)` with the sample sd (ddof 1): SALib's interval,
    /// symmetric about the estimate.
    #[default]
    Normal,
    /// The `(1−c)/2` and `(1+c)/2` quantiles of the replicates (linear interpolation, NumPy's
    /// default).
    Percentile,
}

/// Bootstrap settings shared by every analysis.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct BootstrapConfig {
    /// Number of resamples (≥ 2). SALib's default is 100 for Sobol and Morris; 1000 is steadier.
    pub resamples: usize,
    /// Confidence level, in `(0, 1)`.
    pub confidence: f64,
    /// Interval construction.
    pub method: CiMethod,
    /// Seed of the resampling streams.
    pub seed: u64,
}

impl Default for BootstrapConfig {
    fn default() -> Self {
        BootstrapConfig {
            resamples: 1000,
            confidence: 0.95,
            method: CiMethod::Normal,
            seed: 0,
        }
    }
}

/// The most bootstrap resamples an analysis takes (a bound on its running time).
pub const MAX_RESAMPLES: usize = 1_000_000;

impl BootstrapConfig {
    /// Checks `2 <= resamples <=` [`MAX_RESAMPLES`] and `0 < confidence < 1`.
    pub fn validate(&self) -> Result<(), AnalysisError> {
        if self.resamples < 2 {
            return Err(AnalysisError::Bootstrap(format!(
                "at least 2 resamples are needed, got {}",
                self.resamples
            )));
        }
        if self.resamples > MAX_RESAMPLES {
            return Err(AnalysisError::Bootstrap(format!(
                "{} resamples is more than the {MAX_RESAMPLES} allowed: the intervals' own Monte Carlo error is already negligible at 10,000, and more only costs time (hours at 10^9)",
                self.resamples
            )));
        }
        if !(self.confidence > 0.0 && self.confidence < 1.0) {
            return Err(AnalysisError::Bootstrap(format!(
                "the confidence level must be in (0, 1), got {}",
                self.confidence
            )));
        }
        Ok(())
    }
}

/// A point estimate with its confidence interval.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Estimate {
    /// The estimate from all the data.
    pub value: f64,
    /// Lower end of the interval.
    pub low: f64,
    /// Upper end of the interval.
    pub high: f64,
}

impl Estimate {
    /// Half the interval's width (SALib's `*_conf` for a normal interval).
    pub fn half_width(&self) -> f64 {
        0.5 * (self.high - self.low)
    }

    /// Whether `x` lies in `[low, high]`.
    pub fn covers(&self, x: f64) -> bool {
        self.low <= x && x <= self.high
    }
}

/// The ChaCha8 stream of resample `index`.
pub(crate) fn stream(seed: u64, index: usize) -> ChaCha8Rng {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    rng.set_stream(index as u64);
    rng
}

/// SplitMix64 (Steele, Lea & Flood 2014), seeded per resample from the first word of that
/// resample's ChaCha8 stream. Drawing the `n` indices of a resample is the bootstrap's hot
/// loop; SplitMix64 is a few arithmetic operations per draw where ChaCha8 runs a block cipher
/// (and is very slow in unoptimized test builds).
struct SplitMix64(u64);

impl SplitMix64 {
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` without bias (Lemire 2019, multiply-and-reject).
    fn below(&mut self, n: u64) -> u64 {
        let mut m = u128::from(self.next_u64()) * u128::from(n);
        if (m as u64) < n {
            let threshold = n.wrapping_neg() % n;
            while (m as u64) < threshold {
                m = u128::from(self.next_u64()) * u128::from(n);
            }
        }
        (m >> 64) as u64
    }
}

/// Runs `stat` on `cfg.resamples` resamples of `0..n` (indices drawn with replacement) in
/// parallel; returns the replicates in resample order, one `Vec` per resample.
pub(crate) fn replicates<F>(cfg: &BootstrapConfig, n: usize, stat: F) -> Vec<Vec<f64>>
where
    F: Fn(&[usize]) -> Vec<f64> + Sync,
{
    (0..cfg.resamples)
        .into_par_iter()
        .map_init(
            || Vec::with_capacity(n),
            |idx, b| {
                let mut rng = SplitMix64(stream(cfg.seed, b).next_u64());
                idx.clear();
                idx.extend((0..n).map(|_| rng.below(n as u64) as usize));
                stat(idx)
            },
        )
        .collect()
}

/// The interval for statistic `j` of the replicates around `value`.
pub(crate) fn interval(cfg: &BootstrapConfig, value: f64, reps: &[Vec<f64>], j: usize) -> Estimate {
    let xs: Vec<f64> = reps.iter().map(|r| r[j]).collect();
    match cfg.method {
        CiMethod::Normal => {
            let n = xs.len() as f64;
            let mean = xs.iter().sum::<f64>() / n;
            let var = xs.iter().map(|x| (x - mean) * (x - mean)).sum::<f64>() / (n - 1.0);
            let half = phi_inv(0.5 + cfg.confidence / 2.0) * var.sqrt();
            Estimate {
                value,
                low: value - half,
                high: value + half,
            }
        }
        CiMethod::Percentile => {
            let mut s = xs;
            s.sort_by(f64::total_cmp);
            let alpha = (1.0 - cfg.confidence) / 2.0;
            Estimate {
                value,
                low: quantile(&s, alpha),
                high: quantile(&s, 1.0 - alpha),
            }
        }
    }
}

/// Linear-interpolation quantile of sorted data (NumPy's default method).
fn quantile(sorted: &[f64], p: f64) -> f64 {
    let h = (sorted.len() - 1) as f64 * p;
    let lo = h.floor() as usize;
    let hi = (lo + 1).min(sorted.len() - 1);
    sorted[lo] + (h - lo as f64) * (sorted[hi] - sorted[lo])
}
