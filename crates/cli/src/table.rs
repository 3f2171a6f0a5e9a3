//! Plain-text tables for the terminal: left-aligned text, right-aligned numbers; a table wider
//! than the terminal is split into several, each repeating the first column.

use std::fmt::Write as _;

pub struct Table {
    headers: Vec<String>,
    rows: Vec<Vec<String>>,
}

/// Columns are separated by this many spaces.
const GAP: usize = 2;

impl Table {
    pub fn new(headers: &[&str]) -> Table {
        Table {
            headers: headers.iter().map(|h| (*h).to_string()).collect(),
            rows: Vec::new(),
        }
    }

    pub fn row(&mut self, cells: Vec<String>) {
        self.rows.push(cells);
    }

    /// The whole table, however wide.
    pub fn render(&self) -> String {
        let all: Vec<usize> = (0..self.headers.len()).collect();
        self.render_columns(&all)
    }

    /// The table in at most `width` columns of text: when it is wider, its columns are dealt
    /// into several tables, one under the other, each starting with the first column.
    pub fn render_fit(&self, width: usize) -> String {
        let widths = self.widths();
        let total: usize = widths.iter().sum::<usize>() + GAP * widths.len().saturating_sub(1);
        if total <= width || widths.len() <= 2 {
            return self.render();
        }
        let mut groups: Vec<Vec<usize>> = Vec::new();
        let mut current = vec![0];
        let mut used = widths[0];
        for (i, &w) in widths.iter().enumerate().skip(1) {
            if current.len() > 1 && used + GAP + w > width {
                groups.push(std::mem::replace(&mut current, vec![0]));
                used = widths[0];
            }
            current.push(i);
            used += GAP + w;
        }
        groups.push(current);
        let parts: Vec<String> = groups.iter().map(|g| self.render_columns(g)).collect();
        parts.join("\n")
    }

    fn widths(&self) -> Vec<usize> {
        let n = self.headers.len();
        let mut widths: Vec<usize> = self.headers.iter().map(|h| h.chars().count()).collect();
        for row in &self.rows {
            for (i, cell) in row.iter().enumerate().take(n) {
                widths[i] = widths[i].max(cell.chars().count());
            }
        }
        widths
    }

    fn numeric(&self, i: usize) -> bool {
        !self.rows.is_empty()
            && self.rows.iter().all(|r| {
                r.get(i).is_none_or(|c| {
                    c.is_empty()
                        || c == "-"
                        || c == MISSING
                        || c == "n/a"
                        || c == "tie"
                        || c.trim_start_matches(['-', '+', '~'])
                            .starts_with(|ch: char| ch.is_ascii_digit())
                })
            })
    }

    fn render_columns(&self, columns: &[usize]) -> String {
        let widths = self.widths();
        let numeric: Vec<bool> = columns.iter().map(|&i| self.numeric(i)).collect();
        let mut out = String::new();
        let line = |out: &mut String, cells: &[String]| {
            let mut s = String::new();
            for (k, &i) in columns.iter().enumerate() {
                let cell = cells.get(i).map_or("", String::as_str);
                let pad = widths[i].saturating_sub(cell.chars().count());
                if k > 0 {
                    s.push_str(&" ".repeat(GAP));
                }
                if numeric[k] {
                    s.push_str(&" ".repeat(pad));
                    s.push_str(cell);
                } else {
                    s.push_str(cell);
                    s.push_str(&" ".repeat(pad));
                }
            }
            let _ = writeln!(out, "{}", s.trim_end());
        };
        line(&mut out, &self.headers);
        let rule: Vec<String> = widths.iter().map(|w| "-".repeat(*w)).collect();
        line(&mut out, &rule);
        for row in &self.rows {
            line(&mut out, row);
        }
        out
    }
}

/// The width terminal output is laid out for: the terminal's when standard output is one,
/// else `$COLUMNS`, else 80; never below 40.
pub fn terminal_width() -> usize {
    let from_terminal = terminal_size::terminal_size_of(std::io::stdout())
        .map(|(terminal_size::Width(w), _)| usize::from(w));
    let from_env = || {
        std::env::var("COLUMNS")
            .ok()
            .and_then(|c| c.trim().parse::<usize>().ok())
    };
    from_terminal.or_else(from_env).unwrap_or(80).max(40)
}

/// Every line of `text` longer than `width` wrapped, its continuation lines indented four
/// spaces past the line's own indentation (for free text, not tables).
pub fn fold(text: &str, width: usize) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.lines() {
        if line.chars().count() <= width {
            out.push_str(line);
        } else {
            let lead: String = line.chars().take_while(|c| *c == ' ').collect();
            let wrapped = wrap_indent(line, width - lead.len(), &" ".repeat(4));
            let wrapped = wrapped.trim_end();
            for (i, part) in wrapped.lines().enumerate() {
                if i > 0 {
                    out.push('\n');
                }
                out.push_str(&lead);
                out.push_str(part);
            }
        }
        out.push('\n');
    }
    out
}

/// Words of `text` in lines of at most `width` characters.
pub fn wrap(text: &str, width: usize) -> String {
    wrap_indent(text, width, "")
}

/// [`wrap`], with every line after the first indented by `indent`.
pub fn wrap_indent(text: &str, width: usize, indent: &str) -> String {
    let mut out = String::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.trim().is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            out.push_str(line.trim_end());
            out.push('\n');
            line = indent.to_string();
        }
        if !line.trim().is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.trim().is_empty() {
        out.push_str(&line);
        out.push('\n');
    }
    out
}

use cordon_experiment::format::MISSING;
pub use cordon_experiment::format::num;
