//! Text as the report writes it: numbers through `cordon-experiment`'s formatter (the one the
//! terminal tables of `cordon compare` use, so a brief and a terminal agree), HTML escaping and
//! file names.

pub use cordon_experiment::format::{
    axis, decimals, exact, interval, num, probability, replications, signed, value,
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
