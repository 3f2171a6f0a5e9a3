//! The edge-list CSV format.
//!
//! The first non-comment line is a header naming the columns, in any order:
//!
//! | column     | required | default | meaning                                                   |
//! |------------|----------|---------|-----------------------------------------------------------|
//! | `from`     | yes      |         | tail node id                                              |
//! | `to`       | yes      |         | head node id                                              |
//! | `capacity` | no       | 1       | flow capacity and tie weight, `>= 0`                      |
//! | `cost`     | no       | 1       | interdiction cost, `>= 0`                                 |
//! | `length`   | no       | 1       | length for shortest paths, `> 0`                          |
//! | `delay`    | no       | removed | added length when interdicted (shortest-path), `>= 0`     |
//! | `kind`     | no       | none    | free label                                                |
//!
//! An empty cell in an optional column takes the default. Lines starting with `#` are comments;
//! blank lines are skipped; cells are trimmed. Node ids are the distinct `from`/`to` values in
//! order of first appearance. Self-loops and repeated arcs are errors (in an undirected graph
//! `a,b` and `b,a` are the same edge). Every error carries the 1-based line number.

use std::collections::BTreeMap;

use crate::error::{CsvErrorKind, NetError};
use crate::graph::{ArcSpec, NetGraph};

/// Column names this format knows.
const KNOWN: [&str; 7] = ["from", "to", "capacity", "cost", "length", "delay", "kind"];

#[derive(Default)]
struct Columns {
    from: Option<usize>,
    to: Option<usize>,
    capacity: Option<usize>,
    cost: Option<usize>,
    length: Option<usize>,
    delay: Option<usize>,
    kind: Option<usize>,
}

impl NetGraph {
    /// Parses an edge-list CSV (see the module docs of `csv_format` or `docs/network.md`).
    pub fn from_csv(text: &str, directed: bool) -> Result<NetGraph, NetError> {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .comment(Some(b'#'))
            .trim(csv::Trim::All)
            .flexible(true)
            .from_reader(text.as_bytes());
        let mut records = reader.records();
        let header = match records.next() {
            None => return Err(csv_error(1, CsvErrorKind::Empty)),
            Some(record) => record.map_err(|err| malformed(text, err))?,
        };
        let mut lines = Lines::new(text);
        let header_line = lines.of(&header);
        let columns = parse_header(&header, header_line)?;
        let (Some(from_col), Some(to_col)) = (columns.from, columns.to) else {
            let column = if columns.from.is_none() { "from" } else { "to" };
            return Err(csv_error(
                header_line,
                CsvErrorKind::MissingColumn { column },
            ));
        };

        let mut nodes: Vec<String> = Vec::new();
        let mut node_seen: BTreeMap<String, ()> = BTreeMap::new();
        let mut arcs = Vec::new();
        let mut arc_lines: BTreeMap<(String, String), u64> = BTreeMap::new();
        for record in records {
            let record = record.map_err(|err| malformed(text, err))?;
            let line = lines.of(&record);
            if record.len() != header.len() {
                return Err(csv_error(
                    line,
                    CsvErrorKind::FieldCount {
                        expected: header.len() as u64,
                        found: record.len() as u64,
                    },
                ));
            }
            let from = required(&record, from_col, "from", line)?;
            let to = required(&record, to_col, "to", line)?;
            if from == to {
                return Err(csv_error(
                    line,
                    CsvErrorKind::SelfLoop {
                        node: from.to_owned(),
                    },
                ));
            }
            let key = if directed || from <= to {
                (from.to_owned(), to.to_owned())
            } else {
                (to.to_owned(), from.to_owned())
            };
            if let Some(&first_line) = arc_lines.get(&key) {
                return Err(csv_error(
                    line,
                    CsvErrorKind::DuplicateArc {
                        from: from.to_owned(),
                        to: to.to_owned(),
                        first_line,
                    },
                ));
            }
            arc_lines.insert(key, line);
            let mut spec = ArcSpec::new(from, to);
            if let Some(value) = number(&record, columns.capacity, "capacity", false, line)? {
                spec.capacity = value;
            }
            if let Some(value) = number(&record, columns.cost, "cost", false, line)? {
                spec.cost = value;
            }
            if let Some(value) = number(&record, columns.length, "length", true, line)? {
                spec.length = value;
            }
            spec.delay = number(&record, columns.delay, "delay", false, line)?;
            spec.kind = columns
                .kind
                .map(|c| record[c].to_owned())
                .filter(|k| !k.is_empty());
            for name in [from, to] {
                if node_seen.insert(name.to_owned(), ()).is_none() {
                    nodes.push(name.to_owned());
                }
            }
            arcs.push(spec);
        }
        if arcs.is_empty() {
            return Err(csv_error(header_line, CsvErrorKind::NoArcs));
        }
        // Every check NetGraph::new makes has been made above with a line number, so this
        // cannot fail; map the error anyway rather than panic.
        NetGraph::new(directed, nodes, arcs)
    }
}

fn parse_header(header: &csv::StringRecord, line: u64) -> Result<Columns, NetError> {
    let mut columns = Columns::default();
    for (index, raw) in header.iter().enumerate() {
        let name = raw.to_ascii_lowercase();
        let slot = match name.as_str() {
            "from" => &mut columns.from,
            "to" => &mut columns.to,
            "capacity" => &mut columns.capacity,
            "cost" => &mut columns.cost,
            "length" => &mut columns.length,
            "delay" => &mut columns.delay,
            "kind" => &mut columns.kind,
            _ => {
                // A header that does not name `from`/`to` is most likely missing altogether.
                if !header.iter().any(|h| h.eq_ignore_ascii_case("from")) {
                    return Err(csv_error(
                        line,
                        CsvErrorKind::MissingColumn { column: "from" },
                    ));
                }
                return Err(csv_error(
                    line,
                    CsvErrorKind::UnknownColumn {
                        column: raw.to_owned(),
                        hint: did_you_mean(&name),
                    },
                ));
            }
        };
        if slot.replace(index).is_some() {
            return Err(csv_error(
                line,
                CsvErrorKind::DuplicateColumn {
                    column: raw.to_owned(),
                },
            ));
        }
    }
    Ok(columns)
}

fn did_you_mean(name: &str) -> String {
    KNOWN
        .iter()
        .map(|known| (strsim::jaro_winkler(name, known), *known))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, known)| format!("; did you mean `{known}`?"))
        .unwrap_or_default()
}

fn required<'r>(
    record: &'r csv::StringRecord,
    column: usize,
    name: &'static str,
    line: u64,
) -> Result<&'r str, NetError> {
    let value = &record[column];
    if value.is_empty() {
        return Err(csv_error(line, CsvErrorKind::EmptyValue { column: name }));
    }
    Ok(value)
}

fn number(
    record: &csv::StringRecord,
    column: Option<usize>,
    name: &'static str,
    positive: bool,
    line: u64,
) -> Result<Option<f64>, NetError> {
    let Some(column) = column else {
        return Ok(None);
    };
    let raw = &record[column];
    if raw.is_empty() {
        return Ok(None);
    }
    let value: f64 = raw.parse().map_err(|_| {
        csv_error(
            line,
            CsvErrorKind::NotANumber {
                column: name,
                value: raw.to_owned(),
            },
        )
    })?;
    if !value.is_finite() {
        return Err(csv_error(
            line,
            CsvErrorKind::NotFinite {
                column: name,
                value: raw.to_owned(),
            },
        ));
    }
    let ok = if positive { value > 0.0 } else { value >= 0.0 };
    if !ok {
        let requirement = if positive { "> 0" } else { ">= 0" };
        return Err(csv_error(
            line,
            CsvErrorKind::OutOfRange {
                column: name,
                value,
                requirement,
            },
        ));
    }
    Ok(Some(value))
}

/// Turns the `csv` crate's record positions into 1-based line numbers.
///
/// The crate's own line count ignores skipped comment and blank lines, and its byte offset
/// points just after the previous record, before any skipped lines; so start from the offset,
/// skip line ends and `#` comment lines, and count newlines. Records come in order, so the
/// count carries on from the previous record (linear time over the whole file).
struct Lines<'t> {
    bytes: &'t [u8],
    /// Offset up to which newlines have been counted.
    counted_to: usize,
    /// Newlines in `bytes[..counted_to]`.
    newlines: u64,
}

impl<'t> Lines<'t> {
    fn new(text: &'t str) -> Lines<'t> {
        Lines {
            bytes: text.as_bytes(),
            counted_to: 0,
            newlines: 0,
        }
    }

    fn of(&mut self, record: &csv::StringRecord) -> u64 {
        record.position().map_or(1, |p| self.at(p.byte()))
    }

    fn at(&mut self, byte: u64) -> u64 {
        let bytes = self.bytes;
        let mut i = usize::try_from(byte).unwrap_or(usize::MAX).min(bytes.len());
        loop {
            while i < bytes.len() && (bytes[i] == b'\n' || bytes[i] == b'\r') {
                i += 1;
            }
            let line_start = i == 0 || bytes[i - 1] == b'\n' || bytes[i - 1] == b'\r';
            if i < bytes.len() && bytes[i] == b'#' && line_start {
                i = bytes[i..]
                    .iter()
                    .position(|&b| b == b'\n')
                    .map_or(bytes.len(), |p| i + p);
                continue;
            }
            break;
        }
        if i < self.counted_to {
            self.counted_to = 0;
            self.newlines = 0;
        }
        self.newlines += bytes[self.counted_to..i]
            .iter()
            .filter(|&&b| b == b'\n')
            .count() as u64;
        self.counted_to = i;
        self.newlines + 1
    }
}

fn csv_error(line: u64, kind: CsvErrorKind) -> NetError {
    NetError::Csv { line, kind }
}

fn malformed(text: &str, err: csv::Error) -> NetError {
    let line = err.position().map_or(1, |p| Lines::new(text).at(p.byte()));
    let message = match err.kind() {
        csv::ErrorKind::Utf8 { .. } => "invalid UTF-8".to_owned(),
        _ => err.to_string(),
    };
    csv_error(line, CsvErrorKind::Malformed(message))
}
