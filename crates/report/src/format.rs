//! Text as the report writes it: numbers through `cordon-experiment`'s formatter (the one the
//! terminal tables of `cordon compare` use, so a brief and a terminal agree), HTML escaping and
//! file names.

pub use cordon_experiment::format::{
    axis, decimals, exact, interval, num, replications, signed, value,
};

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

/// A tick label on an axis whose largest value is `max`: every tick of one axis in the same
/// unit (k or M beyond ten thousand, so "5k" beside "25k", never "5,000" beside "25k").
pub fn axis_scaled(x: f64, max: f64) -> String {
    let m = max.abs();
    let (div, suffix) = if m >= 1e6 {
        (1e6, "M")
    } else if m >= 1e4 {
        (1e3, "k")
    } else {
        (1.0, "")
    };
    if x == 0.0 {
        return "0".to_string();
    }
    if suffix.is_empty() {
        if x == x.round() || m >= 100.0 {
            num(x, 0)
        } else {
            trim(x)
        }
    } else {
        format!("{}{suffix}", trim(x / div))
    }
}

/// At most two decimals, without trailing zeros.
fn trim(x: f64) -> String {
    let s = format!("{x:.2}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" { "0".into() } else { s.to_string() }
}
