//! Numbers as Cordon prints them, in the terminal tables and in the report alike: thousands
//! separators, and decimals chosen per outcome from the magnitude of its means (three for
//! proportions), so a brief and a terminal show the same figures.

use crate::{Kind, Summary};

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
