//! Numbers as Cordon prints them, in the terminal tables and in the report alike: thousands
//! separators, and decimals chosen per outcome from the magnitude of its means (three for
//! proportions), so a brief and a terminal show the same figures. This is the one formatter:
//! the CLI's tables and the report's HTML both call it.

use crate::{Kind, Summary};

/// What a table shows where there is no number (an undefined statistic, the baseline's
/// difference with itself).
pub const MISSING: &str = "–";

/// A number with thousands separators and `decimals` decimals (`nan`, `inf` spelled out).
pub fn num(x: f64, decimals: usize) -> String {
    if !x.is_finite() {
        return if x.is_nan() {
            "nan".into()
        } else if x > 0.0 {
            "inf".into()
        } else {
            "-inf".into()
        };
    }
    let s = format!("{:.*}", decimals, x.abs());
    let (int, frac) = s
        .split_once('.')
        .map_or((s.as_str(), None), |(a, b)| (a, Some(b)));
    let mut grouped = String::new();
    for (i, ch) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(ch);
    }
    let sign = if x < 0.0 && s.chars().any(|c| c != '0' && c != '.') {
        "-"
    } else {
        ""
    };
    match frac {
        Some(f) => format!("{sign}{grouped}.{f}"),
        None => format!("{sign}{grouped}"),
    }
}

/// Decimals for one outcome's block, from the magnitude of its means.
pub fn decimals(kind: Kind, summaries: &[&Summary]) -> usize {
    if kind == Kind::Proportion {
        return 3;
    }
    let largest = summaries
        .iter()
        .map(|s| s.mean.abs())
        .filter(|m| m.is_finite())
        .fold(0.0_f64, f64::max);
    if largest >= 1000.0 {
        0
    } else if largest >= 10.0 {
        1
    } else {
        2
    }
}

/// A number, or [`MISSING`] when there is none (NaN); exponent form when huge.
pub fn value(x: f64, d: usize) -> String {
    if x.is_nan() {
        MISSING.into()
    } else if x.abs() >= 1e15 {
        format!("{x:.3e}")
    } else {
        num(x, d)
    }
}

/// A difference with its sign.
pub fn signed(x: f64, d: usize) -> String {
    if x.is_nan() {
        MISSING.into()
    } else if x > 0.0 {
        format!("+{}", value(x, d))
    } else {
        value(x, d)
    }
}

/// An interval `[lo, hi]`, or [`MISSING`] when undefined.
pub fn interval(lo: f64, hi: f64, d: usize) -> String {
    if lo.is_nan() || hi.is_nan() {
        MISSING.into()
    } else {
        format!("[{}, {}]", value(lo, d), value(hi, d))
    }
}

/// A probability with three decimals (P(better)), or [`MISSING`].
pub fn probability(p: f64) -> String {
    if p.is_nan() {
        MISSING.into()
    } else {
        format!("{p:.3}")
    }
}

/// The replications a summary counts: `n`, or `n/n_total` for a time to an event (counted
/// over the replications where it happened).
pub fn replications(summary: &Summary, kind: Kind) -> String {
    match kind {
        Kind::TimeToEvent => format!(
            "{}/{}",
            num(summary.n as f64, 0),
            num(summary.n_total as f64, 0)
        ),
        Kind::Amount | Kind::Proportion => num(summary.n as f64, 0),
    }
}

/// A number for an axis: short, with k/M suffixes beyond ten thousand.
pub fn axis(x: f64) -> String {
    let a = x.abs();
    if a >= 1e6 {
        format!("{}M", trim(x / 1e6))
    } else if a >= 1e4 {
        format!("{}k", trim(x / 1e3))
    } else if a >= 100.0 || x == x.round() {
        num(x, 0)
    } else {
        trim(x)
    }
}

/// At most two decimals, without trailing zeros.
fn trim(x: f64) -> String {
    let s = format!("{x:.2}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" { "0".into() } else { s.to_string() }
}

/// A parameter value as written in the resolved scenario and the results' files (shortest
/// exact decimal).
pub fn exact(x: f64) -> String {
    crate::store::format_number(x)
}
