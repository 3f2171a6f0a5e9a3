//! The band sketch: its stated accuracy, and results independent of insertion and merge order.

use cordon_experiment::sketch::{FixedSum, LogHistogram, round_to_int};
use cordon_experiment::stats::quantiles;
use proptest::prelude::*;

const QS: [f64; 7] = [0.0, 0.05, 0.25, 0.5, 0.75, 0.95, 1.0];

/// Every quantile of the sketch is within its relative accuracy of numpy's type-7 quantile.
fn check_accuracy(bits: u32, values: &[f64]) {
    let mut h = LogHistogram::new(bits);
    for v in values {
        h.insert(*v);
    }
    let exact = quantiles(values, &QS);
    let alpha = h.relative_accuracy();
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    for (q, e) in QS.iter().zip(exact) {
        let got = h.quantile(*q);
        // Each order statistic is within α of its value; type 7 interpolates two of them.
        let pos = (sorted.len() - 1) as f64 * q;
        let (lo, t) = (pos.floor() as usize, pos - pos.floor());
        let hi = (lo + 1).min(sorted.len() - 1);
        let bound =
            alpha * ((1.0 - t) * sorted[lo].abs() + t * sorted[hi].abs()) * (1.0 + 1e-9) + 1e-12;
        assert!(
            (got - e).abs() <= bound,
            "q{q}: sketch {got}, exact {e}, bound {bound} (bits {bits})"
        );
    }
}

/// Splitting values over several sketches and merging them in any order gives the same sketch
/// and the same fixed-point sum as inserting them all in one.
fn check_order_independence(values: &[f64], cut: usize, rotate: usize) {
    let mut whole = LogHistogram::new(6);
    let mut whole_sum = FixedSum::default();
    for v in values {
        whole.insert(*v);
        whole_sum.add(*v);
    }
    let cut = cut.min(values.len());
    let (a, b) = values.split_at(cut);
    let mut parts = [LogHistogram::new(6), LogHistogram::new(6)];
    let mut sums = [FixedSum::default(); 2];
    for v in b.iter().rev() {
        parts[1].insert(*v);
        sums[1].add(*v);
    }
    let mut rotated = a.to_vec();
    rotated.rotate_left(rotate.min(a.len()));
    for v in &rotated {
        parts[0].insert(*v);
        sums[0].add(*v);
    }
    let mut merged = parts[1].clone();
    assert!(merged.merge(&parts[0]));
    let mut merged_sum = sums[1];
    merged_sum.merge(sums[0]);
    assert_eq!(merged, whole);
    assert_eq!(merged_sum, whole_sum);
    assert_eq!(merged.count(), values.len() as u64);
}

#[test]
fn identical_values_are_exact() {
    let mut h = LogHistogram::new(6);
    for _ in 0..10 {
        h.insert(1500.0);
    }
    for q in QS {
        assert_eq!(h.quantile(q), 1500.0);
    }
    let mut s = FixedSum::default();
    s.add(0.1);
    s.add(0.2);
    assert!((s.mean(2) - 0.15).abs() < 1e-9);
}

#[test]
fn accuracy_on_fixed_values() {
    check_accuracy(6, &[0.0, 1.0, 2.0, 3.0, 1000.0, 1234.5, 99_999.0, 5e-3]);
    check_accuracy(6, &[-7.5, -1.0, 0.0, 0.0, 3.0, 8.25]);
    check_accuracy(10, &[17.0, 1.0e6, 3.3e3, 42.0]);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn accuracy_bound_holds(values in prop::collection::vec(0.0_f64..1e7, 1..200), bits in 4_u32..12) {
        check_accuracy(bits, &values);
    }

    #[test]
    fn merge_is_order_independent(
        values in prop::collection::vec(-1e6_f64..1e6, 0..200),
        cut in 0_usize..200,
        rotate in 0_usize..200,
    ) {
        check_order_independence(&values, cut, rotate);
    }
}

/// The fast rounding equals `round() as i128` at every halfway point, near every power of
/// two and the 2⁵³ boundary, on both sides of zero, and on a spread of other values.
#[test]
fn rounding_equals_the_library_s() {
    let mut values = vec![0.0, -0.0, 0.5, -0.5, 1.5, -1.5, 2.5, 0.49999999999999994];
    for e in -4..70 {
        let p = 2f64.powi(e);
        for x in [p, p + 0.5, p - 0.5, p * 1.5 + 0.5] {
            for y in [x, -x, x.next_up(), x.next_down()] {
                values.push(y);
            }
        }
    }
    let mut x = 0.123_456_789_f64;
    for _ in 0..100_000 {
        x = (x * 7.389_056_098_930_65).fract() * 1e12 - 5e11;
        values.push(x);
        values.push(x.trunc() + 0.5);
    }
    for v in values {
        assert_eq!(round_to_int(v), v.round() as i128, "{v:e}");
    }
}
