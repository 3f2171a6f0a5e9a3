//! Statistics against closed forms and published values.
//!
//! t quantiles: R `qt(p, df)` / scipy `stats.t.ppf`. Wilson intervals: Newcombe (1998),
//! "Two-sided confidence intervals for the single proportion", Stat. Med. 17, Table I
//! (method 3), which R's `prop.test(x, n, correct = FALSE)$conf.int` reproduces. Quantiles:
//! `numpy.quantile` (default method "linear", Hyndman–Fan type 7).

use cordon_experiment::stats::{
    Moments, Z_975, mean_interval, quantile_sorted, quantiles, t_quantile, wilson_interval,
};
use cordon_experiment::{Better, Kind, PairedBuilder, SummaryBuilder};

fn check_t(p: f64, df: f64, expected: f64) {
    let got = t_quantile(p, df);
    assert!(
        (got - expected).abs() <= 1e-9 * expected.abs(),
        "t({p}, {df}) = {got}, expected {expected}"
    );
}

#[test]
fn t_quantiles_match_r() {
    check_t(0.975, 1.0, 12.706_204_736_174_694);
    check_t(0.975, 2.0, 4.302_652_729_749_462);
    check_t(0.975, 5.0, 2.570_581_835_636_314_6);
    check_t(0.975, 10.0, 2.228_138_851_986_274);
    check_t(0.975, 30.0, 2.042_272_456_301_237_8);
    check_t(0.975, 100.0, 1.983_971_518_523_551_8);
    check_t(0.975, 1000.0, 1.962_339_080_826_408_3);
    check_t(0.975, 299.0, 1.967_929_669_065_669_8);
    check_t(0.975, 2000.0, 1.961_150_826_099_437_7);
    check_t(0.975, 99_999.0, 1.959_987_707_771_844_2);
    check_t(0.95, 10.0, 1.812_461_122_811_675_6);
    check_t(0.975, f64::INFINITY, Z_975);
    check_t(0.025, 10.0, -2.228_138_851_986_274);
    assert!(t_quantile(0.975, 0.0).is_nan());
    assert!(t_quantile(1.5, 3.0).is_nan());
}

fn check_wilson(k: u64, n: u64, lo: f64, hi: f64) {
    let ci = wilson_interval(k, n);
    assert!(
        (ci.lo - lo).abs() < 5e-5 && (ci.hi - hi).abs() < 5e-5,
        "Wilson {k}/{n} = [{}, {}], expected [{lo}, {hi}]",
        ci.lo,
        ci.hi
    );
}

#[test]
fn wilson_intervals_match_newcombe_1998() {
    check_wilson(81, 263, 0.2553, 0.3662);
    check_wilson(15, 148, 0.0624, 0.1605);
    check_wilson(0, 20, 0.0, 0.1611);
    check_wilson(1, 29, 0.0061, 0.1718);
    check_wilson(29, 29, 0.8830, 1.0);
    // Symmetric around one half.
    check_wilson(5, 10, 0.236_593_090_512_564, 0.763_406_909_487_436);
    assert!(wilson_interval(0, 0).lo.is_nan());
}

fn check_mean_interval(values: &[f64], mean: f64, half: f64) {
    let mut m = Moments::default();
    for v in values {
        m.push(*v);
    }
    let ci = m.interval();
    assert!((m.mean() - mean).abs() < 1e-12, "mean {}", m.mean());
    assert!(
        (ci.half_width() - half).abs() < 1e-9,
        "half-width {}",
        ci.half_width()
    );
    let direct = mean_interval(m.n(), m.mean(), m.sd());
    assert_eq!(direct, ci);
}

#[test]
fn mean_intervals_are_t_intervals() {
    // 1..5: s = √2.5, half-width = t(0.975, 4) · √2.5 / √5.
    check_mean_interval(&[1.0, 2.0, 3.0, 4.0, 5.0], 3.0, 1.963_243_161_477_557_2);
    // Constant values: zero width.
    check_mean_interval(&[7.0; 4], 7.0, 0.0);
    // One value: undefined.
    let mut m = Moments::default();
    m.push(1.0);
    assert!(m.interval().lo.is_nan());
}

fn check_quantiles(values: &[f64], qs: &[f64], numpy: &[f64]) {
    let got = quantiles(values, qs);
    assert_eq!(got, numpy, "type-7 quantiles of {values:?} at {qs:?}");
}

#[test]
fn quantiles_match_numpy() {
    // numpy.quantile(x, [0, .05, .25, .5, .75, .95, 1])
    check_quantiles(
        &[3.2, -1.5, 7.25, 0.0, 12.0, 4.4, 4.4, 9.81, -3.0, 2.5, 6.0],
        &[0.0, 0.05, 0.25, 0.5, 0.75, 0.95, 1.0],
        &[-3.0, -2.25, 1.25, 4.4, 6.625, 10.905_000_000_000_001, 12.0],
    );
    check_quantiles(&[2.0, 1.0], &[0.5, 0.3], &[1.5, 1.3]);
    check_quantiles(&[4.0, f64::NAN, 1.0], &[0.5], &[2.5]);
    assert!(quantile_sorted(&[], 0.5).is_nan());
}

#[test]
fn summaries_by_kind() {
    // A proportion: mean k/n, Wilson interval.
    let mut p = SummaryBuilder::new(Kind::Proportion);
    for i in 0..263 {
        p.push(if i < 81 { 1.0 } else { 0.0 });
    }
    let p = p.finish();
    assert_eq!((p.n, p.mean), (263, 81.0 / 263.0));
    assert!((p.ci.lo - 0.2553).abs() < 5e-5 && (p.ci.hi - 0.3662).abs() < 5e-5);
    // A time to an event: over the replications where it happened.
    let mut t = SummaryBuilder::new(Kind::TimeToEvent);
    for x in [10.0, f64::NAN, 20.0, f64::NAN, 30.0] {
        t.push(x);
    }
    let t = t.finish();
    assert_eq!((t.n, t.n_total, t.mean, t.median), (3, 5, 20.0, 20.0));
    assert!(t.median_exact);
}

fn check_paired(kind: Kind, better: Better, pairs: &[(f64, f64)], mean: f64, p_better: f64) {
    let mut b = PairedBuilder::new(kind, better);
    for (x, y) in pairs {
        b.push(*x, *y);
    }
    let d = b.finish();
    assert_eq!(
        d.mean.to_bits(),
        mean.to_bits(),
        "mean difference {}",
        d.mean
    );
    assert_eq!(
        d.p_better.to_bits(),
        p_better.to_bits(),
        "P(better) {}",
        d.p_better
    );
}

#[test]
fn paired_differences() {
    // Fewer is better: two of four better, one tie.
    check_paired(
        Kind::Amount,
        Better::Lower,
        &[(1.0, 2.0), (3.0, 5.0), (4.0, 4.0), (6.0, 5.0)],
        -0.5,
        2.5 / 4.0,
    );
    // Against itself: exactly zero, P = ½ (ties count half).
    let same = [(1.5, 1.5), (2.25, 2.25), (1e9, 1e9)];
    check_paired(Kind::Amount, Better::Higher, &same, 0.0, 0.5);
    // Time to an event: "never" (NaN) is later than any day; the mean is over both-happened.
    check_paired(
        Kind::TimeToEvent,
        Better::Lower,
        &[(10.0, f64::NAN), (f64::NAN, f64::NAN), (30.0, 20.0)],
        10.0,
        1.5 / 3.0,
    );
    // No better direction: no probability.
    check_paired(Kind::Amount, Better::Neither, &same, 0.0, f64::NAN);
}
