//! Statistics of replications: t-intervals, Wilson intervals, paired differences and quantiles.
//!
//! Every confidence interval here is two-sided at 95%. Formulas (docs/experiments.md):
//!
//! - mean: `x̄ ± t(0.975, n−1) · s / √n`, with `s` the sample standard deviation (n − 1);
//! - proportion `p̂ = k/n`: the Wilson score interval
//!   `(p̂ + z²/2n ± z·√(p̂(1−p̂)/n + z²/4n²)) / (1 + z²/n)`, `z = Φ⁻¹(0.975)`, the interval R's
//!   `prop.test(k, n, correct = FALSE)` reports;
//! - paired difference: the t-interval of the per-replication differences `d_i = x_i − y_i`;
//! - quantiles: Hyndman & Fan (1996) definition 7 (numpy's and R's default):
//!   `h = (n−1)·q`, `Q(q) = x₍⌊h⌋₎ + (h − ⌊h⌋)(x₍⌊h⌋+1₎ − x₍⌊h⌋₎)` on sorted values (0-based).

use statrs::distribution::{ContinuousCDF as _, Normal, StudentsT};

/// Φ⁻¹(0.975): the standard normal quantile of a two-sided 95% interval.
pub const Z_975: f64 = 1.959_963_984_540_054;

/// A two-sided interval; both ends NaN when it is undefined (too few values).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Interval {
    pub lo: f64,
    pub hi: f64,
}

impl Interval {
    pub const UNDEFINED: Interval = Interval {
        lo: f64::NAN,
        hi: f64::NAN,
    };

    pub fn half_width(&self) -> f64 {
        (self.hi - self.lo) / 2.0
    }
}

/// The `p` quantile of Student's t distribution with `df` degrees of freedom (NaN if undefined).
pub fn t_quantile(p: f64, df: f64) -> f64 {
    if !(p > 0.0 && p < 1.0) || df.is_nan() || df <= 0.0 {
        return f64::NAN;
    }
    if df >= CORNISH_FISHER_DF {
        // statrs' inverse beta loses digits for large df (1e-6 relative at df = 1e5); the
        // Cornish–Fisher expansion (Abramowitz & Stegun 26.7.5) is exact to ~1e-13 here.
        let z = Normal::new(0.0, 1.0).map_or(f64::NAN, |n| n.inverse_cdf(p));
        if df.is_infinite() {
            return z;
        }
        let (z2, v) = (z * z, df);
        let g1 = (z2 + 1.0) * z / 4.0;
        let g2 = ((5.0 * z2 + 16.0) * z2 + 3.0) * z / 96.0;
        let g3 = (((3.0 * z2 + 19.0) * z2 + 17.0) * z2 - 15.0) * z / 384.0;
        let g4 = ((((79.0 * z2 + 776.0) * z2 + 1482.0) * z2 - 1920.0) * z2 - 945.0) * z / 92160.0;
        return z + g1 / v + g2 / (v * v) + g3 / (v * v * v) + g4 / (v * v * v * v);
    }
    StudentsT::new(0.0, 1.0, df).map_or(f64::NAN, |t| t.inverse_cdf(p))
}

/// From this many degrees of freedom on, t quantiles use the Cornish–Fisher expansion.
const CORNISH_FISHER_DF: f64 = 300.0;

/// The 95% t-interval of a mean from `n` values with sample standard deviation `sd`.
pub fn mean_interval(n: u64, mean: f64, sd: f64) -> Interval {
    if n < 2 || !mean.is_finite() || !sd.is_finite() {
        return Interval::UNDEFINED;
    }
    let half = t_quantile(0.975, (n - 1) as f64) * sd / (n as f64).sqrt();
    Interval {
        lo: mean - half,
        hi: mean + half,
    }
}

/// The 95% Wilson score interval of a proportion `k / n`.
pub fn wilson_interval(k: u64, n: u64) -> Interval {
    if n == 0 || k > n {
        return Interval::UNDEFINED;
    }
    let n_f = n as f64;
    let p = k as f64 / n_f;
    let z2 = Z_975 * Z_975;
    let denominator = 1.0 + z2 / n_f;
    let centre = (p + z2 / (2.0 * n_f)) / denominator;
    let half = Z_975 * (p * (1.0 - p) / n_f + z2 / (4.0 * n_f * n_f)).sqrt() / denominator;
    Interval {
        lo: (centre - half).max(0.0),
        hi: (centre + half).min(1.0),
    }
}

/// The `q` quantile (Hyndman–Fan type 7) of values sorted ascending, without NaN.
///
/// Interpolates as numpy does (`_lerp`), so that results agree with `numpy.quantile` to the bit.
pub fn quantile_sorted(sorted: &[f64], q: f64) -> f64 {
    let n = sorted.len();
    if n == 0 || !(0.0..=1.0).contains(&q) {
        return f64::NAN;
    }
    let h = (n - 1) as f64 * q;
    let lo = (h.floor() as usize).min(n - 1);
    let hi = (lo + 1).min(n - 1);
    lerp(sorted[lo], sorted[hi], h - lo as f64)
}

/// Linear interpolation between `a` and `b`, as numpy's `_lerp` computes it.
pub(crate) fn lerp(a: f64, b: f64, t: f64) -> f64 {
    let diff = b - a;
    if t >= 0.5 {
        b - diff * (1.0 - t)
    } else {
        a + diff * t
    }
}

/// Type-7 quantiles of the finite values of `values` (NaN are ignored); sorts a copy.
pub fn quantiles(values: &[f64], qs: &[f64]) -> Vec<f64> {
    let mut sorted: Vec<f64> = values.iter().copied().filter(|x| !x.is_nan()).collect();
    sorted.sort_by(f64::total_cmp);
    qs.iter().map(|&q| quantile_sorted(&sorted, q)).collect()
}

/// Running mean and variance (Welford 1962). The result depends on the order of the values,
/// so callers feed them in replication order.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Moments {
    n: u64,
    mean: f64,
    m2: f64,
}

impl Moments {
    pub fn push(&mut self, x: f64) {
        self.n += 1;
        let delta = x - self.mean;
        self.mean += delta / self.n as f64;
        self.m2 += delta * (x - self.mean);
    }

    pub fn n(&self) -> u64 {
        self.n
    }

    /// The mean (NaN with no values).
    pub fn mean(&self) -> f64 {
        if self.n == 0 { f64::NAN } else { self.mean }
    }

    /// The sample standard deviation, divisor n − 1 (NaN with fewer than two values).
    pub fn sd(&self) -> f64 {
        if self.n < 2 {
            f64::NAN
        } else {
            (self.m2 / (self.n - 1) as f64).sqrt()
        }
    }

    /// The 95% t-interval of the mean.
    pub fn interval(&self) -> Interval {
        mean_interval(self.n, self.mean(), self.sd())
    }
}
