//! Numbers as the report prints them: the same rules as the terminal tables of
//! `cordon compare` (thousands separators, decimals chosen per outcome from the magnitude of
//! its means, three decimals for proportions and P(better)), so a brief and a terminal agree.

pub use cordon_experiment::format::{decimals, num};

/// A number, or "–" when there is none (NaN); exponent form when huge.
pub fn value(x: f64, d: usize) -> String {
    if x.is_nan() {
        "–".into()
    } else if x.abs() >= 1e15 {
        format!("{x:.3e}")
    } else {
        num(x, d)
    }
}

/// A difference with its sign.
pub fn signed(x: f64, d: usize) -> String {
    if x.is_nan() {
        "–".into()
    } else if x > 0.0 {
        format!("+{}", value(x, d))
    } else {
        value(x, d)
    }
}

/// An interval `[lo, hi]`, or "–" when undefined.
pub fn interval(lo: f64, hi: f64, d: usize) -> String {
    if lo.is_nan() || hi.is_nan() {
        "–".into()
    } else {
        format!("[{}, {}]", value(lo, d), value(hi, d))
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

fn trim(x: f64) -> String {
    let s = format!("{x:.2}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" { "0".into() } else { s.to_string() }
}

/// A parameter value as written in the resolved scenario (shortest exact decimal).
pub fn exact(x: f64) -> String {
    cordon_experiment::store::format_number(x)
}

/// Escapes text for HTML content and attribute values.
pub fn html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A file-name-safe form of an id (`[A-Za-z0-9_-]`, others as `_`).
pub fn file_id(id: &str) -> String {
    id.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect()
}
