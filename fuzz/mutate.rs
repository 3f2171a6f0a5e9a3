//! Structure-aware mutations of text inputs, shared by the property-based fuzz tests of every
//! crate (`#[path]`-included from each crate's `tests/fuzz.rs`) and by the cargo-fuzz targets.
//!
//! A mutation is a list of `(op, position, argument)` triples applied in order to a real
//! fixture file: flip a byte, truncate, duplicate/delete/swap lines, insert or substitute a
//! nasty token (NaN, infinities, huge numbers, control characters, quotes, BOM), or a very
//! long field. Positions and arguments are taken modulo the current size, so any triple is
//! valid and the inputs stay bounded.

#![allow(dead_code)]

/// Tokens that parsers of numbers, CSV fields and names commonly mishandle.
pub const NASTY: &[&str] = &[
    "",
    ",",
    ";",
    "\t",
    " ",
    "\"",
    "\"\"",
    "'",
    "#",
    "\n",
    "\r",
    "\r\n",
    "\u{0}",
    "\u{7f}",
    "\u{feff}",
    "\u{fffd}",
    "é",
    "nan",
    "NaN",
    "inf",
    "-inf",
    "+Infinity",
    "1e400",
    "-1e400",
    "1e-400",
    "-0",
    "0",
    "-1",
    "4294967296",
    "18446744073709551616",
    "9223372036854775808",
    "-9223372036854775809",
    "0x10",
    "1_000",
    ".",
    "e5",
    "1.5.5",
    "true",
    "null",
    "{}",
    "[",
];

/// The number of distinct operations understood by [`apply`].
pub const OPS: u8 = 9;

/// The proptest case count: `CORDON_FUZZ_CASES` when set (longer local runs), else `default`.
pub fn cases(default: u32) -> u32 {
    std::env::var("CORDON_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn line_spans(text: &[u8]) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    let mut start = 0;
    for (i, b) in text.iter().enumerate() {
        if *b == b'\n' {
            spans.push((start, i + 1));
            start = i + 1;
        }
    }
    if start < text.len() {
        spans.push((start, text.len()));
    }
    spans
}

/// The field (between separators or line ends) around byte `at`.
fn field_span(text: &[u8], at: usize) -> (usize, usize) {
    let sep = |b: &u8| matches!(*b, b',' | b'\n' | b'\t' | b' ' | b'\r');
    let at = at.min(text.len());
    let start = text[..at].iter().rposition(sep).map_or(0, |i| i + 1);
    let end = text[at..]
        .iter()
        .position(sep)
        .map_or(text.len(), |i| at + i);
    (start, end.max(start))
}

/// Applies one mutation in place.
pub fn apply_one(text: &mut Vec<u8>, op: u8, pos: usize, arg: usize) {
    let len = text.len();
    let at = if len == 0 { 0 } else { pos % (len + 1) };
    let token = NASTY[arg % NASTY.len()].as_bytes();
    match op % OPS {
        0 if len > 0 => text[pos % len] ^= (arg % 255 + 1) as u8,
        1 => text.truncate(at),
        2..=4 => {
            let lines = line_spans(text);
            if lines.is_empty() {
                return;
            }
            let (s, e) = lines[pos % lines.len()];
            let line = text[s..e].to_vec();
            match op % OPS {
                2 => {
                    let copies = 1 + arg % 3;
                    for _ in 0..copies {
                        text.splice(e..e, line.iter().copied());
                    }
                }
                3 => {
                    text.drain(s..e);
                }
                _ => {
                    let (s2, e2) = lines[arg % lines.len()];
                    if (s2, e2) != (s, e) {
                        let other = text[s2..e2].to_vec();
                        let (first, second) = if s < s2 {
                            ((s, e, other), (s2, e2, line))
                        } else {
                            ((s2, e2, line), (s, e, other))
                        };
                        text.splice(second.0..second.1, second.2);
                        text.splice(first.0..first.1, first.2);
                    }
                }
            }
        }
        5 => {
            text.splice(at..at, token.iter().copied());
        }
        6 => {
            let (s, e) = field_span(text, at);
            text.splice(s..e, token.iter().copied());
        }
        7 => {
            let long = "9".repeat(arg % 5000);
            let (s, e) = field_span(text, at);
            text.splice(s..e, long.bytes());
        }
        8 => {
            // Doubles the tail: many more rows of the same shape.
            let tail = text[at..].to_vec();
            text.extend_from_slice(&tail);
        }
        _ => {}
    }
}

/// Applies every mutation of `ops` to `base`, capping the size at 256 KiB.
pub fn apply(base: &[u8], ops: &[(u8, usize, usize)]) -> Vec<u8> {
    let mut text = base.to_vec();
    for &(op, pos, arg) in ops {
        apply_one(&mut text, op, pos, arg);
        text.truncate(256 * 1024);
    }
    text
}

/// `apply` as (lossy) UTF-8 text, for parsers that take `&str`.
pub fn apply_text(base: &str, ops: &[(u8, usize, usize)]) -> String {
    String::from_utf8_lossy(&apply(base.as_bytes(), ops)).into_owned()
}
