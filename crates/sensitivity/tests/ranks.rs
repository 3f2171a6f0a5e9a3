//! Rank statistics on known values.

use cordon_sensitivity::{ranks, spearman};

#[test]
fn ties_share_the_mean_of_their_ranks() {
    assert_eq!(ranks(&[3.0, 1.0, 2.0, 2.0]), vec![4.0, 1.0, 2.5, 2.5]);
    assert_eq!(ranks(&[5.0, 5.0, 5.0]), vec![2.0, 2.0, 2.0]);
    assert_eq!(ranks(&[]), Vec::<f64>::new());
}

#[test]
fn spearman_of_monotone_and_constant_data() {
    let x = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0];
    let up = spearman(&x, &[1.0, 4.0, 9.0, 16.0, 25.0, 36.0]);
    assert_eq!(up.value, 1.0);
    let down = spearman(&x, &[6.0, 5.0, 4.0, 3.0, 2.0, 1.0]);
    assert_eq!(down.value, -1.0);
    let flat = spearman(&x, &[2.0; 6]);
    assert_eq!(flat.value, 0.0);
    // The interval needs more than three points.
    let few = spearman(&[1.0, 2.0, 3.0], &[3.0, 1.0, 2.0]);
    assert!(few.low.is_nan() && few.high.is_nan());
    let some = spearman(&x, &[2.0, 1.0, 4.0, 3.0, 6.0, 5.0]);
    assert!(some.low < some.value && some.value < some.high, "{some:?}");
    assert!((some.value - 0.8285714285714286).abs() < 1e-12, "{some:?}");
}
