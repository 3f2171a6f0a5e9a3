//! Mergeable, order-independent sketches: a log-linear histogram for quantiles and a
//! fixed-point sum for means.
//!
//! Both hold integers only, so merging is exact addition: the result does not depend on the
//! order in which values arrived, on how replications were split over threads, processes or
//! machines, nor on the order shards are merged in.
//!
//! [`LogHistogram`] buckets a value by the bits of its IEEE-754 representation: the exponent
//! and the top `bits` bits of the mantissa. Each power of two is cut into `2^bits` equal
//! buckets, so a bucket `[L, U)` has `U − L ≤ L · 2^−bits`, and its midpoint is within a
//! relative error of `2^−(bits+1)` of any value in it (like DDSketch's relative accuracy, with
//! integer bucket keys that are the same on every platform, no logarithm involved). Exact zeros
//! are counted apart; negative values are bucketed by magnitude.

use crate::stats::lerp;

/// A log-linear histogram of values with integer counts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LogHistogram {
    bits: u32,
    /// Smallest and largest value counted (bit patterns, so that the type is `Eq`); quantile
    /// estimates are clamped to them, which makes a histogram of identical values exact.
    min: u64,
    max: u64,
    zeros: u64,
    positive: Buckets,
    negative: Buckets,
}

/// Sparse bucket counts, sorted by key.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct Buckets {
    keys: Vec<u32>,
    counts: Vec<u64>,
}

impl Buckets {
    fn add(&mut self, key: u32, count: u64) {
        // A few buckets (the usual case in a band's cell): counting the smaller keys, without
        // branches, finds the place faster than a binary search; the same place.
        let found = if self.keys.len() <= 32 {
            let i = self
                .keys
                .iter()
                .map(|&k| usize::from(k < key))
                .sum::<usize>();
            if self.keys.get(i) == Some(&key) {
                Ok(i)
            } else {
                Err(i)
            }
        } else {
            self.keys.binary_search(&key)
        };
        match found {
            Ok(i) => self.counts[i] += count,
            Err(i) => {
                self.keys.insert(i, key);
                self.counts.insert(i, count);
            }
        }
    }

    fn total(&self) -> u64 {
        self.counts.iter().sum()
    }
}

impl LogHistogram {
    /// An empty histogram with `2^bits` buckets per power of two (`bits` in 1..=20).
    pub fn new(bits: u32) -> LogHistogram {
        LogHistogram {
            bits: bits.clamp(1, 20),
            min: f64::INFINITY.to_bits(),
            max: f64::NEG_INFINITY.to_bits(),
            zeros: 0,
            positive: Buckets::default(),
            negative: Buckets::default(),
        }
    }

    /// The largest relative error of a bucket's representative value: `2^−(bits+1)`.
    pub fn relative_accuracy(&self) -> f64 {
        0.5_f64.powi(self.bits as i32 + 1)
    }

    /// Counts a value. NaN and infinities are not counted (the caller filters them).
    pub fn insert(&mut self, x: f64) {
        self.insert_n(x, 1);
    }

    /// Counts a value `count` times.
    pub fn insert_n(&mut self, x: f64, count: u64) {
        if !x.is_finite() || count == 0 {
            return;
        }
        self.min = self.min().min(x).to_bits();
        self.max = self.max().max(x).to_bits();
        if x == 0.0 {
            self.zeros += count;
        } else if x > 0.0 {
            self.positive.add(self.key(x), count);
        } else {
            self.negative.add(self.key(-x), count);
        }
    }

    /// The smallest value counted (+∞ when empty).
    pub fn min(&self) -> f64 {
        f64::from_bits(self.min)
    }

    /// The largest value counted (−∞ when empty).
    pub fn max(&self) -> f64 {
        f64::from_bits(self.max)
    }

    /// The number of values counted.
    pub fn count(&self) -> u64 {
        self.zeros + self.positive.total() + self.negative.total()
    }

    /// Adds another histogram's counts (same `bits`; a histogram of other bits is rejected).
    pub fn merge(&mut self, other: &LogHistogram) -> bool {
        if other.bits != self.bits {
            return false;
        }
        self.min = self.min().min(other.min()).to_bits();
        self.max = self.max().max(other.max()).to_bits();
        self.zeros += other.zeros;
        for (k, c) in other.positive.keys.iter().zip(&other.positive.counts) {
            self.positive.add(*k, *c);
        }
        for (k, c) in other.negative.keys.iter().zip(&other.negative.counts) {
            self.negative.add(*k, *c);
        }
        true
    }

    /// The type-7 quantile of the bucket representatives (the smallest and largest values are
    /// exact, the others are their bucket's midpoint clamped to [min, max]): within
    /// [`Self::relative_accuracy`] of the exact type-7 quantile of the values (NaN when empty).
    pub fn quantile(&self, q: f64) -> f64 {
        let n = self.count();
        if n == 0 || !(0.0..=1.0).contains(&q) {
            return f64::NAN;
        }
        let h = (n - 1) as f64 * q;
        let lo = (h.floor() as u64).min(n - 1);
        let hi = (lo + 1).min(n - 1);
        let value = |k: u64| {
            if k == 0 {
                self.min()
            } else if k == n - 1 {
                self.max()
            } else {
                self.at_rank(k).clamp(self.min(), self.max())
            }
        };
        lerp(value(lo), value(hi), h - lo as f64)
    }

    /// The representative of the value of 0-based rank `k` in ascending order.
    fn at_rank(&self, k: u64) -> f64 {
        let mut seen = 0;
        // Negative values, most negative (largest magnitude key) first.
        for (key, count) in self.negative.keys.iter().zip(&self.negative.counts).rev() {
            seen += count;
            if k < seen {
                return -self.representative(*key);
            }
        }
        seen += self.zeros;
        if k < seen {
            return 0.0;
        }
        for (key, count) in self.positive.keys.iter().zip(&self.positive.counts) {
            seen += count;
            if k < seen {
                return self.representative(*key);
            }
        }
        f64::NAN
    }

    fn key(&self, magnitude: f64) -> u32 {
        (magnitude.to_bits() >> (52 - self.bits)) as u32
    }

    /// The midpoint of a bucket.
    fn representative(&self, key: u32) -> f64 {
        let shift = 52 - self.bits;
        let lower = f64::from_bits(u64::from(key) << shift);
        let upper = f64::from_bits((u64::from(key) + 1) << shift);
        if upper.is_finite() {
            lower + (upper - lower) / 2.0
        } else {
            lower
        }
    }

    /// Appends the histogram to a byte buffer (little-endian integers).
    pub(crate) fn encode(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.min.to_le_bytes());
        out.extend_from_slice(&self.max.to_le_bytes());
        out.extend_from_slice(&self.zeros.to_le_bytes());
        for buckets in [&self.positive, &self.negative] {
            out.extend_from_slice(&(buckets.keys.len() as u32).to_le_bytes());
            for (k, c) in buckets.keys.iter().zip(&buckets.counts) {
                out.extend_from_slice(&k.to_le_bytes());
                out.extend_from_slice(&c.to_le_bytes());
            }
        }
    }

    /// Reads a histogram written by [`Self::encode`]; `None` if the bytes are malformed.
    pub(crate) fn decode(bits: u32, input: &mut &[u8]) -> Option<LogHistogram> {
        let mut h = LogHistogram::new(bits);
        h.min = take_u64(input)?;
        h.max = take_u64(input)?;
        h.zeros = take_u64(input)?;
        for sign in 0..2 {
            let n = take_u32(input)? as usize;
            let buckets = if sign == 0 {
                &mut h.positive
            } else {
                &mut h.negative
            };
            buckets.keys.reserve(n);
            buckets.counts.reserve(n);
            for _ in 0..n {
                let key = take_u32(input)?;
                if buckets.keys.last().is_some_and(|last| *last >= key) {
                    return None;
                }
                buckets.keys.push(key);
                buckets.counts.push(take_u64(input)?);
            }
        }
        Some(h)
    }
}

/// An order-independent sum of values in fixed point (2⁻³² units, in an `i128`).
///
/// Each value is rounded to the nearest multiple of 2⁻³² ≈ 2.3·10⁻¹⁰ before it is added, so a
/// mean is exact up to that rounding whatever the order of the additions.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct FixedSum(i128);

const FIXED_SCALE: f64 = 4_294_967_296.0;

impl FixedSum {
    pub fn add(&mut self, x: f64) {
        if x.is_finite() {
            // `as` saturates: values beyond ±1.9e28 (none in a campaign) would clip.
            self.0 = self.0.saturating_add(round_to_int(x * FIXED_SCALE));
        }
    }

    pub fn merge(&mut self, other: FixedSum) {
        self.0 = self.0.saturating_add(other.0);
    }

    /// The sum divided by `n` (NaN when `n` is 0).
    pub fn mean(&self, n: u64) -> f64 {
        if n == 0 {
            f64::NAN
        } else {
            self.0 as f64 / FIXED_SCALE / n as f64
        }
    }

    pub(crate) fn to_le_bytes(self) -> [u8; 16] {
        self.0.to_le_bytes()
    }

    pub(crate) fn from_le_bytes(bytes: [u8; 16]) -> FixedSum {
        FixedSum(i128::from_le_bytes(bytes))
    }
}

/// `v.round() as i128` (half away from zero, saturating), without the calls: below 2⁵³ in
/// magnitude the truncation to `i64` and the fraction left (`v - trunc(v)`, exact) decide it.
pub fn round_to_int(v: f64) -> i128 {
    if v.abs() < 9_007_199_254_740_992.0 {
        let t = v as i64;
        let fraction = v - t as f64;
        let r = if fraction >= 0.5 {
            t + 1
        } else if fraction <= -0.5 {
            t - 1
        } else {
            t
        };
        i128::from(r)
    } else {
        v.round() as i128
    }
}

pub(crate) fn take_u32(input: &mut &[u8]) -> Option<u32> {
    let (head, rest) = input.split_first_chunk::<4>()?;
    *input = rest;
    Some(u32::from_le_bytes(*head))
}

pub(crate) fn take_u64(input: &mut &[u8]) -> Option<u64> {
    let (head, rest) = input.split_first_chunk::<8>()?;
    *input = rest;
    Some(u64::from_le_bytes(*head))
}

pub(crate) fn take_16(input: &mut &[u8]) -> Option<[u8; 16]> {
    let (head, rest) = input.split_first_chunk::<16>()?;
    *input = rest;
    Some(*head)
}
