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
mod read;
mod resolved;
mod scenario;
pub mod schema;
pub mod spec;

use std::sync::Arc;

pub use diag::{Diagnostic, Diagnostics, Source, did_you_mean};
pub use scenario::*;

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
        let mut diags: Vec<Diagnostic> = syntax_errors
            .iter()
            .map(|e| {
                let span = e.span().unwrap_or(0..0);
                Diagnostic::new(
                    &source,
                    span,
                    "",
                    format!("invalid TOML: {}", e.message().trim_end()),
                )
            })
            .collect();
        diags.sort_by_key(|d| (d.line, d.column));
        diags.dedup_by_key(|d| (d.line, d.column));
        return Err(Diagnostics(diags));
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
    let mut scenario = build::build(&mut reader, tree, &namespaces);
    if reader.diags.is_empty() {
        scenario.source = Some(Arc::clone(source));
        Ok(scenario)
    } else {
        let mut diags = reader.diags;
        diags.sort_by_key(|d| (d.line, d.column));
        Err(Diagnostics(diags))
    }
}

/// Checks what must hold before TOML parsing: size, UTF-8, no NUL bytes.
fn precheck<'a>(name: &str, bytes: &'a [u8]) -> Result<&'a str, Box<Diagnostic>> {
    let at = |offset: usize, message: String| {
        let prefix = String::from_utf8_lossy(&bytes[..offset.min(bytes.len())]).into_owned();
        let source = Source::new(name, &prefix);
        Box::new(Diagnostic::new(
            &source,
            prefix.len()..prefix.len(),
            "",
            message,
        ))
    };
    if bytes.len() > MAX_BYTES {
        let d = at(
            0,
            format!(
                "the file is {:.1} MB, larger than any scenario",
                bytes.len() as f64 / 1e6
            ),
        );
        return Err(Box::new(d.expected(format!(
            "a scenario of at most {} MiB",
            MAX_BYTES / (1024 * 1024)
        ))));
    }
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        let d = at(0, "the file is empty".to_string());
        return Err(Box::new(
            d.expected("a scenario: at least `[scenario]`, one `[[region]]` and one `[[coa]]`")
                .hint("`cordon show` prints the default scenario's summary; its file is scenarios/levant-2017.toml"),
        ));
    }
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            let d = at(e.valid_up_to(), "the file is not UTF-8 text".to_string());
            return Err(Box::new(
                d.expected("a TOML text file")
                    .hint("is this a binary file?"),
            ));
        }
    };
    if let Some(offset) = text.find('\0') {
        let d = at(offset, "the file contains a NUL byte".to_string());
        return Err(Box::new(
            d.expected("a TOML text file")
                .hint("is this a binary file?"),
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
            if let Err(message) = resolved::set(&mut doc, path, value) {
                let src = Source::new("<override>", &format!("{path} = {value}"));
                diags.push(Diagnostic::new(&src, 0..path.len(), path, message));
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
