//! Diagnostics: what is wrong with a scenario, and exactly where.

use std::fmt;
use std::ops::Range;

/// A scenario's text with its name, for turning byte offsets into lines and columns.
#[derive(Clone, Debug)]
pub struct Source {
    name: String,
    text: String,
    line_starts: Vec<usize>,
}

impl Source {
    pub fn new(name: &str, text: &str) -> Source {
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Source {
            name: name.to_string(),
            text: text.to_string(),
            line_starts,
        }
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let line_idx = match self.line_starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        let start = self.line_starts[line_idx];
        let mut end = offset;
        while !self.text.is_char_boundary(end) {
            end -= 1;
        }
        let col = self.text[start..end].chars().count() + 1;
        (line_idx + 1, col)
    }

    fn line_text(&self, line: usize) -> &str {
        let start = self.line_starts[line - 1];
        let end = self
            .line_starts
            .get(line)
            .map_or(self.text.len(), |next| next - 1);
        self.text[start..end].trim_end_matches('\r')
    }
}

/// One problem in a scenario.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// File name as given by the caller.
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    /// Length of the marked text, in characters (at least 1).
    pub width: usize,
    /// The key path, e.g. `region.khorasan.sanctuary` or `coa[2].phase[1].task[0].actor`.
    pub path: String,
    /// What is wrong.
    pub message: String,
    /// What was expected, when that helps.
    pub expected: Option<String>,
    /// A hint, such as "did you mean `khorasan`?".
    pub hint: Option<String>,
    /// The source line, for display.
    pub source_line: String,
}

impl Diagnostic {
    /// A diagnostic pointing at `span` of `source`.
    pub fn new(source: &Source, span: Range<usize>, path: &str, message: String) -> Diagnostic {
        let (line, column) = source.line_col(span.start);
        let source_line = source.line_text(line).to_string();
        let (end_line, end_column) = source.line_col(span.end.max(span.start));
        let width = if end_line == line {
            end_column.saturating_sub(column).max(1)
        } else {
            source_line
                .chars()
                .count()
                .saturating_sub(column - 1)
                .max(1)
        };
        Diagnostic {
            file: source.name().to_string(),
            line,
            column,
            width,
            path: path.to_string(),
            message,
            expected: None,
            hint: None,
            source_line,
        }
    }

    pub fn expected(mut self, expected: impl Into<String>) -> Diagnostic {
        self.expected = Some(expected.into());
        self
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Diagnostic {
        self.hint = Some(hint.into());
        self
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "error: {}", self.message)?;
        writeln!(f, "  --> {}:{}:{}", self.file, self.line, self.column)?;
        let gutter = self.line.to_string().len();
        // Long lines (a 10 MB one-liner) are cut around the column.
        let chars: Vec<char> = self.source_line.chars().collect();
        let (shown, caret_at) = if chars.len() > 120 {
            let from = self.column.saturating_sub(40).min(chars.len());
            let to = (from + 100).min(chars.len());
            let s: String = chars[from..to].iter().collect();
            let (left, shift) = if from > 0 { ("…", 1) } else { ("", 0) };
            let right = if to < chars.len() { "…" } else { "" };
            (
                format!("{left}{s}{right}"),
                (self.column - 1).saturating_sub(from) + shift,
            )
        } else {
            (self.source_line.clone(), self.column - 1)
        };
        let shown: String = shown
            .chars()
            .map(|c| {
                if c == '\t' {
                    ' '
                } else if c.is_control() {
                    '\u{fffd}'
                } else {
                    c
                }
            })
            .collect();
        writeln!(f, "{:gutter$} |", "")?;
        writeln!(f, "{} | {}", self.line, shown)?;
        let width = self.width.min(80);
        writeln!(
            f,
            "{:gutter$} | {}{}",
            "",
            " ".repeat(caret_at),
            "^".repeat(width)
        )?;
        if !self.path.is_empty() {
            // Paths of absurdly nested keys are cut like their lines.
            let path: String = self.path.chars().take(120).collect();
            let more = if path.len() < self.path.len() {
                "…"
            } else {
                ""
            };
            writeln!(f, "{:gutter$} = at: {path}{more}", "")?;
        }
        if let Some(expected) = &self.expected {
            writeln!(f, "{:gutter$} = expected: {expected}", "")?;
        }
        if let Some(hint) = &self.hint {
            writeln!(f, "{:gutter$} = hint: {hint}", "")?;
        }
        Ok(())
    }
}

/// Every problem found in a scenario, in file order.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.0.iter()
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for d in &self.0 {
            writeln!(f, "{d}")?;
        }
        let n = self.0.len();
        let file = self.0.first().map_or("", |d| d.file.as_str());
        write!(
            f,
            "{file}: {n} problem{} found",
            if n == 1 { "" } else { "s" }
        )
    }
}

/// The closest candidate to `word`, for "did you mean" hints.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let mut best: Option<(f64, &'a str)> = None;
    for candidate in candidates {
        let score = strsim::jaro_winkler(word, candidate);
        if score >= 0.75 && best.is_none_or(|(s, _)| score > s) {
            best = Some((score, candidate));
        }
    }
    best.map(|(_, c)| c)
}
