//! Cordon's scenario language.
//!
//! A scenario is a TOML file that describes the theatre, the adversary's networked branches, the
//! coalition actors, third parties, courses of action and declared uncertainties. This crate
//! turns such a file into a validated, immutable [`Scenario`], or into [`Diagnostics`] that list
//! every problem at once with file:line:column, the key path, what was expected and a hint.
//!
//! - [`parse`] reads bytes (a file's content) and validates them.
//! - [`default_scenario`] is the essay's scenario, embedded in the binary.
//! - [`spec`] declares every key once; [`schema::json_schema`] and
//!   [`spec::markdown_reference`] are generated from it.
//!
//! Architecture invariant: this crate does no I/O. Callers read files and pass their bytes.

mod build;
mod diag;
mod lever;
pub mod limits;
mod locate;
mod read;
mod resolved;
mod scenario;
pub mod schema;
pub mod spec;
mod strategy;
mod strategy_build;
mod syntax;

use std::sync::Arc;

pub use diag::{Diagnostic, Diagnostics, Source, did_you_mean};
pub use lever::{Lever, LeverDomain, LeverValue};
pub use locate::{KeyRef, Subject};
pub use scenario::*;
pub use strategy::{
    Capability, Destruction, Factor, FactorLevel, FactorSpec, Idle, IdleCapability, Isolation,
    Levels, Proxy, Sequence, Strategy, describe as describe_levels,
};

/// The largest scenario accepted, in bytes. Real scenarios are a few tens of kilobytes.
pub const MAX_BYTES: usize = 4 * 1024 * 1024;

/// The default scenario's TOML text, built from the essay (`scenarios/levant-2017.toml`).
pub const DEFAULT_SCENARIO_TOML: &str = include_str!("../../../scenarios/levant-2017.toml");

/// The name diagnostics use for the embedded default scenario.
pub const DEFAULT_SCENARIO_NAME: &str = "scenarios/levant-2017.toml";

/// The embedded default scenario.
pub fn default_scenario() -> Scenario {
    match parse(DEFAULT_SCENARIO_NAME, DEFAULT_SCENARIO_TOML.as_bytes()) {
        Ok(scenario) => scenario,
        // The test suite checks the embedded scenario; this cannot happen in a released binary.
        Err(diags) => panic!("the embedded default scenario is invalid:\n{diags}"),
    }
}

/// Parses and validates a scenario. `name` is used in diagnostics (usually the file path).
pub fn parse(name: &str, bytes: &[u8]) -> Result<Scenario, Diagnostics> {
    let text = match precheck(name, bytes) {
        Ok(text) => text,
        Err(d) => return Err(Diagnostics(vec![*d])),
    };
    let source = Arc::new(Source::new(name, text));
    let (doc, syntax_errors) = toml::de::DeTable::parse_recoverable(text);
    if !syntax_errors.is_empty() {
        return Err(Diagnostics(syntax::diagnostics(&source, &syntax_errors)));
    }
    let mut reader = read::Reader::new(&source);
    let tree = reader.document(&doc);
    finish(reader, &tree, &source)
}

fn finish(
    mut reader: read::Reader<'_>,
    tree: &read::Tbl,
    source: &Arc<Source>,
) -> Result<Scenario, Diagnostics> {
    let namespaces = reader.resolve(tree);
    // Sizes are checked before anything is built: a scenario too large to run is not built.
    if !limits::check(&mut reader, tree) {
        return Err(sorted(reader.diags));
    }
    let mut scenario = build::build(&mut reader, tree, &namespaces);
    if reader.diags.is_empty() {
        scenario.source = Some(Arc::clone(source));
        Ok(scenario)
    } else {
        Err(sorted(reader.diags))
    }
}

fn sorted(mut diags: Vec<Diagnostic>) -> Diagnostics {
    diags.sort_by_key(|d| (d.line, d.column));
    Diagnostics(diags)
}

/// Checks what must hold before TOML parsing: size, UTF-8, no NUL bytes.
fn precheck<'a>(name: &str, bytes: &'a [u8]) -> Result<&'a str, Box<Diagnostic>> {
    // A diagnostic at byte `offset`, showing its line (lossily decoded, and cut short: the
    // line of a 10 MB one-line file is not worth decoding).
    let at = |offset: usize, message: String| {
        let offset = offset.min(bytes.len());
        let line_end = bytes[offset..]
            .iter()
            .take(512)
            .position(|&b| b == b'\n')
            .map_or((offset + 512).min(bytes.len()), |i| offset + i);
        let before = String::from_utf8_lossy(&bytes[..offset]);
        let rest = String::from_utf8_lossy(&bytes[offset..line_end]);
        let width = rest.chars().next().map_or(0, char::len_utf8);
        let source = Source::new(name, &format!("{before}{rest}"));
        Box::new(Diagnostic::new(
            &source,
            before.len()..before.len() + width,
            "",
            message,
        ))
    };
    // Binary files are full of control bytes; text in a legacy encoding is not.
    let looks_binary = {
        let head = &bytes[..bytes.len().min(512)];
        let n_control = head
            .iter()
            .filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r'))
            .count();
        n_control * 20 > head.len()
    };
    if bytes.len() > MAX_BYTES {
        let d = at(
            0,
            format!(
                "the file is {:.1} MiB, larger than any scenario",
                bytes.len() as f64 / (1024.0 * 1024.0)
            ),
        );
        return Err(Box::new(
            d.expected(format!(
                "a scenario of at most {} MiB",
                MAX_BYTES / (1024 * 1024)
            ))
            .hint("scenarios are a few tens of kilobytes; is this the right file?"),
        ));
    }
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        let d = at(0, "the file is empty".to_string());
        return Err(Box::new(
            d.expected("a scenario: at least `[scenario]`, one `[[region]]` and one `[[coa]]`")
                .hint("start from the minimal example in docs/scenario.md, or from a copy of scenarios/levant-2017.toml"),
        ));
    }
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            let offset = e.valid_up_to();
            let d = at(
                offset,
                format!(
                    "the file is not UTF-8 text: byte 0x{:02X} is not valid UTF-8",
                    bytes[offset]
                ),
            );
            let hint = if looks_binary {
                "is this a binary file? Scenarios are TOML text"
            } else {
                "save the file as UTF-8; it looks like text in another encoding (such as Latin-1 or Windows-1252)"
            };
            return Err(Box::new(d.expected("UTF-8 TOML text").hint(hint)));
        }
    };
    if let Some(offset) = text.find('\0') {
        let d = at(offset, "the file contains a NUL byte".to_string());
        let hint = if looks_binary {
            "is this a binary file? Scenarios are TOML text"
        } else {
            "remove the NUL byte (a broken copy or an editor may have inserted it)"
        };
        return Err(Box::new(
            d.expected("TOML text, without NUL bytes").hint(hint),
        ));
    }
    Ok(text)
}

impl Scenario {
    /// The scenario with some fields set to other values (uncertain parameters, sweeps).
    ///
    /// Each path names a field as in `[[uncertain]]` (`region.levant.sanctuary`,
    /// `actor.us.forces.levant`, `coa.two-prong.regime`). The result is validated like a file.
    pub fn with_values(&self, values: &[(&str, Scalar)]) -> Result<Scenario, Diagnostics> {
        let source = self
            .source
            .clone()
            .unwrap_or_else(|| Arc::new(Source::new("<scenario>", "")));
        let mut doc = self.doc.clone();
        let mut diags = Vec::new();
        for (path, value) in values {
            if let Err(error) = resolved::set(&mut doc, path, value) {
                // Shown as the TOML line that would set it, marking the path or the value.
                let written = match value {
                    Scalar::Num(x) => format!("{x}"),
                    Scalar::Str(s) => format!("{s:?}"),
                };
                let line = format!("{path} = {written}");
                let span = if error.bad_value {
                    path.len() + 3..line.len()
                } else {
                    0..path.len()
                };
                let src = Source::new("<override>", &line);
                let mut d = Diagnostic::new(&src, span, path, error.message);
                d.hint = error.hint;
                diags.push(d);
            }
        }
        if !diags.is_empty() {
            return Err(Diagnostics(diags));
        }
        let reader = read::Reader::new(&source);
        finish(reader, &doc, &source)
    }

    /// The scenario as TOML with every default written out: what a run actually used.
    pub fn resolved_toml(&self) -> String {
        resolved::to_toml(&self.doc)
    }

    /// A stable hash of the resolved scenario (FNV-1a, 64 bits, hex): equal for files that
    /// differ only in comments, layout or defaults written out.
    pub fn hash(&self) -> String {
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        for byte in self.resolved_toml().bytes() {
            h ^= u64::from(byte);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
        format!("{h:016x}")
    }

    /// The name of the file the scenario was read from.
    pub fn source_name(&self) -> &str {
        self.source.as_ref().map_or("<scenario>", |s| s.name())
    }
}
