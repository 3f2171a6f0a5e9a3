//! SALib-style text formats, parsed from `&str` (the library does no file I/O).
//!
//! - **Parameter file** ([`parse_param_file`]): one parameter per line,
//!   `name lower upper [group [dist]]`, fields separated by whitespace or commas; `#` starts a
//!   comment; blank lines are skipped. `group` must be `NA` or the parameter's own name (groups
//!   are not supported); as a convenience a 4th field that is a distribution name is read as the
//!   distribution. Distributions, with SALib's meaning of `lower upper`:
//!   `unif` (default): uniform on `[lower, upper]`; `logunif`: log-uniform on `[lower, upper]`;
//!   `triang`: SALib's two-value form, triangular on `[0, lower]` with its peak at
//!   `upper · lower` (`0 ≤ upper ≤ 1`); `norm`: normal with mean `lower` and sd `upper`.
//! - **Design CSV** ([`parse_design_csv`]): a header of parameter names (any order), then one row
//!   per line; or, with no header (the first line is a valid row of values), the columns in the
//!   parameter file's order — what SALib's `np.savetxt` writes. Fields are separated by commas,
//!   or by whitespace when no line has a comma. Categorical columns hold a label or a
//!   0-based index.
//! - **Outputs CSV** ([`parse_outputs_csv`]): one column, or several with a header, the column
//!   chosen by name or 0-based index.
//!
//! Every problem is reported with its 1-based line and, where a field is at fault, its 1-based
//! column; a file's problems are all collected (up to [`MAX_ERRORS`]).

use crate::design::Design;
use crate::error::{ParseError, ParseErrorKind, ParseErrors};
use crate::space::{Distribution, ParamSpace, Parameter, name_is_valid};

/// At most this many problems are collected per file.
pub const MAX_ERRORS: usize = 100;

/// A field of a line: 1-based column (in characters) and text.
#[derive(Debug, Clone, Copy)]
struct Field<'a> {
    col: usize,
    text: &'a str,
}

/// Non-blank, non-comment lines as `(1-based line number, content)`, without `\r` and BOM.
fn data_lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    text.split('\n').enumerate().filter_map(|(i, l)| {
        let l = l.strip_suffix('\r').unwrap_or(l);
        let t = l.trim();
        (!t.is_empty() && !t.starts_with('#')).then_some((i + 1, l))
    })
}

/// Splits a line on commas (`comma`) or runs of whitespace, trimming fields and dropping one
/// pair of surrounding double quotes.
fn split(line: &str, comma: bool) -> Vec<Field<'_>> {
    let col_of = |byte: usize| line[..byte].chars().count() + 1;
    let mut out = Vec::new();
    if comma {
        let mut start = 0;
        for part in line.split(',') {
            let lead = part.len() - part.trim_start().len();
            out.push(Field {
                col: col_of(start + lead),
                text: unquote(part.trim()),
            });
            start += part.len() + 1;
        }
    } else {
        let mut start = None;
        for (b, c) in line
            .char_indices()
            .chain(std::iter::once((line.len(), ' ')))
        {
            match (c.is_whitespace(), start) {
                (false, None) => start = Some(b),
                (true, Some(s)) => {
                    out.push(Field {
                        col: col_of(s),
                        text: unquote(&line[s..b]),
                    });
                    start = None;
                }
                _ => {}
            }
        }
    }
    out
}

fn unquote(s: &str) -> &str {
    if s.len() >= 2 && s.starts_with('"') && s.ends_with('"') {
        &s[1..s.len() - 1]
    } else {
        s
    }
}

/// A finite number, or the error for this field.
fn number(line: usize, f: Field<'_>) -> Result<f64, ParseError> {
    match f.text.parse::<f64>() {
        Ok(v) if v.is_finite() => Ok(v),
        Ok(_) => Err(ParseError::at(
            line,
            Some(f.col),
            ParseErrorKind::NonFinite {
                text: f.text.to_owned(),
            },
        )),
        Err(_) => Err(ParseError::at(line, Some(f.col), not_a_number(f.text))),
    }
}

fn not_a_number(text: &str) -> ParseErrorKind {
    if text.is_empty() {
        ParseErrorKind::EmptyField
    } else {
        ParseErrorKind::NotANumber {
            text: text.to_owned(),
        }
    }
}

fn is_number(s: &str) -> bool {
    s.parse::<f64>().is_ok()
}

fn push(errors: &mut Vec<ParseError>, e: ParseError) -> bool {
    errors.push(e);
    errors.len() >= MAX_ERRORS
}

const DISTS: [&str; 4] = ["unif", "logunif", "triang", "norm"];

/// Parses a SALib parameter file into a validated [`ParamSpace`].
pub fn parse_param_file(text: &str) -> Result<ParamSpace, ParseErrors> {
    let mut params: Vec<(usize, Parameter)> = Vec::new();
    let mut errors = Vec::new();
    for (ln, raw) in data_lines(text) {
        let line = raw.split('#').next().unwrap_or("");
        match param_line(ln, line, &params) {
            Ok(p) => params.push((ln, p)),
            Err(e) => {
                if push(&mut errors, e) {
                    break;
                }
            }
        }
    }
    if errors.is_empty() && params.is_empty() {
        errors.push(ParseError::whole(ParseErrorKind::NoData {
            what: "parameters",
        }));
    }
    if !errors.is_empty() {
        return Err(ParseErrors(errors));
    }
    Ok(ParamSpace::from_validated(
        params.into_iter().map(|(_, p)| p).collect(),
    ))
}

fn param_line(ln: usize, line: &str, seen: &[(usize, Parameter)]) -> Result<Parameter, ParseError> {
    let fields = split(line, line.contains(','));
    if !(3..=5).contains(&fields.len()) {
        let col = fields.get(5).map(|f| f.col);
        return Err(ParseError::at(
            ln,
            col,
            ParseErrorKind::FieldCount {
                expected: "3 to 5".into(),
                found: fields.len(),
            },
        ));
    }
    let name = fields[0].text;
    if !name_is_valid(name) {
        return Err(ParseError::at(
            ln,
            Some(fields[0].col),
            ParseErrorKind::BadName {
                name: name.to_owned(),
            },
        ));
    }
    if let Some((first_line, _)) = seen.iter().find(|(_, p)| p.name == name) {
        return Err(ParseError::at(
            ln,
            Some(fields[0].col),
            ParseErrorKind::DuplicateName {
                name: name.to_owned(),
                first_line: *first_line,
            },
        ));
    }
    let lower = number(ln, fields[1])?;
    let upper = number(ln, fields[2])?;
    let group_ok = |g: &str| g == "NA" || g == name;
    let dist = match fields.get(3..) {
        Some([g]) if DISTS.contains(&g.text) => *g,
        Some([g]) | Some([g, _]) if !group_ok(g.text) => {
            let kind = if fields.len() == 4 && is_dist_like(g.text) {
                ParseErrorKind::UnknownDistribution {
                    name: g.text.to_owned(),
                }
            } else {
                ParseErrorKind::GroupsUnsupported {
                    group: g.text.to_owned(),
                }
            };
            return Err(ParseError::at(ln, Some(g.col), kind));
        }
        Some([_, d]) => *d,
        _ => Field {
            col: 0,
            text: "unif",
        },
    };
    let at_dist = Some(dist.col).filter(|&c| c > 0);
    let distribution = match dist.text {
        "unif" | "logunif" => {
            if lower >= upper {
                return Err(ParseError::at(
                    ln,
                    Some(fields[2].col),
                    ParseErrorKind::EmptyRange { lower, upper },
                ));
            }
            if dist.text == "unif" {
                Distribution::Uniform {
                    low: lower,
                    high: upper,
                }
            } else {
                Distribution::LogUniform {
                    low: lower,
                    high: upper,
                }
            }
        }
        "triang" if !(0.0..=1.0).contains(&upper) => {
            return Err(ParseError::at(
                ln,
                Some(fields[2].col),
                ParseErrorKind::TriangPeak { peak: upper },
            ));
        }
        "triang" => Distribution::Triangular {
            low: 0.0,
            mode: upper * lower,
            high: lower,
        },
        "norm" => Distribution::Normal {
            mean: lower,
            sd: upper,
        },
        other => {
            return Err(ParseError::at(
                ln,
                at_dist,
                ParseErrorKind::UnknownDistribution {
                    name: other.to_owned(),
                },
            ));
        }
    };
    if let Err(source) = distribution.validate() {
        return Err(ParseError::at(
            ln,
            Some(fields[1].col),
            ParseErrorKind::Distribution {
                name: name.to_owned(),
                source,
            },
        ));
    }
    Ok(Parameter::new(name, distribution))
}

/// Distribution names SALib knows but this crate does not read from a parameter file.
fn is_dist_like(s: &str) -> bool {
    matches!(s, "truncnorm" | "lognorm" | "weibull")
}

/// The header of a CSV, if its first line is not all numbers: names with their columns.
struct Header<'a> {
    line: usize,
    fields: Option<Vec<Field<'a>>>,
    comma: bool,
}

/// Reads the first line as data when `is_data` says so, else as a header.
fn header<'a>(
    lines: &[(usize, &'a str)],
    is_data: impl Fn(&[Field<'_>]) -> bool,
) -> Option<Header<'a>> {
    let &(ln, first) = lines.first()?;
    let comma = lines.iter().any(|(_, l)| l.contains(','));
    let fields = split(first, comma);
    let data = is_data(&fields);
    Some(Header {
        line: ln,
        fields: (!data).then_some(fields),
        comma,
    })
}

fn suggestion(name: &str, candidates: &[String]) -> Option<String> {
    candidates
        .iter()
        .map(|c| (strsim::levenshtein(name, c), c))
        .filter(|(d, c)| *d <= (c.chars().count() / 3).max(1))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c.clone())
}

/// Parses a design CSV whose columns are the parameters of `space` (see the module docs). The
/// design's columns come out in the space's order.
pub fn parse_design_csv(text: &str, space: &ParamSpace) -> Result<Design, ParseErrors> {
    parse_design_csv_with_lines(text, space).map(|(design, _)| design)
}

/// [`parse_design_csv`], also returning the 1-based line of each design row, so that an
/// analysis error about row `r` ([`crate::AnalysisError::row`]) can point at line
/// `lines[r - 1]`.
pub fn parse_design_csv_with_lines(
    text: &str,
    space: &ParamSpace,
) -> Result<(Design, Vec<usize>), ParseErrors> {
    let comma = data_lines(text).any(|(_, l)| l.contains(','));
    let mut reader = DesignLines::new(space, Some(comma));
    let mut values = Vec::new();
    let mut row_lines = Vec::new();
    for (ln, line) in text.split('\n').enumerate() {
        if let Some(row) = reader.line(ln + 1, line) {
            values.extend_from_slice(row);
            row_lines.push(ln + 1);
        }
        if reader.full() {
            break;
        }
    }
    reader.finish()?;
    Ok((Design::from_parts(space.names(), values), row_lines))
}

/// A design CSV read one line at a time, for files too large to hold as text: the caller
/// feeds every line (`\n` removed) and gets each valid data row back, in the space's column
/// order, and keeps only what its analysis needs.
///
/// Same format and errors as [`parse_design_csv`], except that, without the whole text, the
/// field separator is decided by the first data line (comma if it has one, else whitespace)
/// rather than by every line.
pub struct DesignLines<'s> {
    space: &'s ParamSpace,
    /// The separator, once known.
    comma: Option<bool>,
    /// `slot[c]`: parameter index of CSV column `c`, once the first data line is read.
    slot: Option<Vec<usize>>,
    header_failed: bool,
    row: Vec<f64>,
    rows: usize,
    errors: Vec<ParseError>,
}

impl<'s> DesignLines<'s> {
    /// A reader for a design over `space`; `comma`: the separator if known (else decided by the
    /// first data line).
    pub fn new(space: &'s ParamSpace, comma: Option<bool>) -> Self {
        DesignLines {
            space,
            comma,
            slot: None,
            header_failed: false,
            row: vec![0.0; space.len()],
            rows: 0,
            errors: Vec::new(),
        }
    }

    /// Whether more lines can change nothing: [`MAX_ERRORS`] problems are collected, or the
    /// header is wrong.
    pub fn full(&self) -> bool {
        self.header_failed || self.errors.len() >= MAX_ERRORS
    }

    /// Valid data rows read so far.
    pub fn rows(&self) -> usize {
        self.rows
    }

    /// Reads line `ln` (1-based); returns its values when it is a valid data row.
    pub fn line(&mut self, ln: usize, raw: &str) -> Option<&[f64]> {
        let raw = if ln == 1 {
            raw.strip_prefix('\u{feff}').unwrap_or(raw)
        } else {
            raw
        };
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        let t = line.trim();
        if t.is_empty() || t.starts_with('#') || self.full() {
            return None;
        }
        let comma = *self.comma.get_or_insert_with(|| line.contains(','));
        let fields = split(line, comma);
        let Some(slot) = &self.slot else {
            return self.first_line(ln, fields);
        };
        if fields.len() != slot.len() {
            let col = fields.get(slot.len()).map(|f| f.col);
            let kind = ParseErrorKind::FieldCount {
                expected: slot.len().to_string(),
                found: fields.len(),
            };
            push(&mut self.errors, ParseError::at(ln, col, kind));
            return None;
        }
        let mut ok = true;
        for (f, &j) in fields.iter().zip(slot) {
            match cell(ln, *f, &self.space.params()[j]) {
                Ok(v) => self.row[j] = v,
                Err(e) => {
                    ok = false;
                    if push(&mut self.errors, e) {
                        break;
                    }
                }
            }
        }
        if !ok {
            return None;
        }
        self.rows += 1;
        Some(&self.row)
    }

    /// The first data line: a header of parameter names, or (when every field is a value of
    /// its parameter, in the space's order) the first row of a headerless design.
    fn first_line(&mut self, ln: usize, fields: Vec<Field<'_>>) -> Option<&[f64]> {
        let space = self.space;
        let is_row = fields.len() == space.len()
            && fields
                .iter()
                .zip(space.params())
                .all(|(f, p)| cell(0, *f, p).is_ok());
        if is_row {
            self.slot = Some((0..space.len()).collect());
            for (j, f) in fields.iter().enumerate() {
                self.row[j] = cell(ln, *f, &space.params()[j]).unwrap_or(0.0);
            }
            self.rows += 1;
            return Some(&self.row);
        }
        let names = space.names();
        let mut slot = Vec::with_capacity(fields.len());
        for f in &fields {
            match space.index_of(f.text) {
                Some(j) if slot.contains(&j) => self.errors.push(ParseError::at(
                    ln,
                    Some(f.col),
                    ParseErrorKind::DuplicateColumn {
                        name: f.text.to_owned(),
                    },
                )),
                Some(j) => slot.push(j),
                None => self.errors.push(ParseError::at(
                    ln,
                    Some(f.col),
                    ParseErrorKind::UnknownColumn {
                        name: f.text.to_owned(),
                        suggestion: suggestion(f.text, &names),
                    },
                )),
            }
        }
        for (j, n) in names.iter().enumerate() {
            if !slot.contains(&j) {
                self.errors.push(ParseError::at(
                    ln,
                    None,
                    ParseErrorKind::MissingColumn { name: n.clone() },
                ));
            }
        }
        // A bad header makes every row unreadable: the reader stops there.
        self.header_failed = !self.errors.is_empty();
        self.slot = Some(slot);
        None
    }

    /// Every problem found, or the number of rows; no data rows at all is an error.
    pub fn finish(self) -> Result<usize, ParseErrors> {
        let mut errors = self.errors;
        if errors.is_empty() && self.rows == 0 {
            errors.push(ParseError::whole(ParseErrorKind::NoData {
                what: "data rows",
            }));
        }
        if errors.is_empty() {
            Ok(self.rows)
        } else {
            Err(ParseErrors(errors))
        }
    }
}

fn cell(ln: usize, f: Field<'_>, p: &Parameter) -> Result<f64, ParseError> {
    let Distribution::Categorical { values, .. } = &p.distribution else {
        return number(ln, f);
    };
    if let Some(i) = values.iter().position(|v| v == f.text) {
        return Ok(i as f64);
    }
    match f.text.parse::<usize>() {
        Ok(i) if i < values.len() => Ok(i as f64),
        _ => Err(ParseError::at(
            ln,
            Some(f.col),
            ParseErrorKind::UnknownCategory {
                name: p.name.clone(),
                text: f.text.to_owned(),
                values: values.join(", "),
            },
        )),
    }
}

/// Which column of an outputs CSV to read.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum OutputColumn {
    /// The file's only column (an error if it has several).
    #[default]
    Only,
    /// The column with this header name; failing that, if the text is an integer, the column at
    /// that 0-based index.
    Name(String),
    /// The column at this 0-based index.
    Index(usize),
}

/// Parses model outputs: one value per data line from the chosen column. NaN, infinities and
/// non-numbers are errors; with `expected_rows` (the design's row count) a different number of
/// rows is an error at the first extra row, or just past the last row when rows are missing.
pub fn parse_outputs_csv(
    text: &str,
    column: &OutputColumn,
    expected_rows: Option<usize>,
) -> Result<Vec<f64>, ParseErrors> {
    let lines: Vec<(usize, &str)> = data_lines(text).collect();
    let all_numbers = |fields: &[Field<'_>]| fields.iter().all(|f| is_number(f.text));
    let Some(head) = header(&lines, all_numbers) else {
        return Err(ParseError::whole(ParseErrorKind::NoData { what: "data rows" }).into());
    };
    let width = match &head.fields {
        Some(f) => f.len(),
        None => split(lines[0].1, head.comma).len(),
    };
    let pick = output_column(&head, width, column)?;
    let body = if head.fields.is_some() {
        &lines[1..]
    } else {
        &lines[..]
    };
    let mut errors = Vec::new();
    let mut out = Vec::with_capacity(body.len());
    read_outputs(
        body,
        (&head, width, pick),
        expected_rows,
        &mut errors,
        &mut out,
    );
    if let Some(expected) = expected_rows
        && body.len() < expected
        && errors.len() < MAX_ERRORS
    {
        let after = body.last().map_or(head.line, |&(ln, _)| ln) + 1;
        errors.push(ParseError::at(
            after,
            None,
            ParseErrorKind::RowCount {
                expected,
                found: body.len(),
            },
        ));
    }
    if errors.is_empty() && out.is_empty() {
        errors.push(ParseError::whole(ParseErrorKind::NoData {
            what: "data rows",
        }));
    }
    if !errors.is_empty() {
        return Err(ParseErrors(errors));
    }
    Ok(out)
}

/// The position of the outputs column `column` in a file `width` columns wide.
fn output_column(
    head: &Header<'_>,
    width: usize,
    column: &OutputColumn,
) -> Result<usize, ParseErrors> {
    let names: Vec<&str> = head.fields.iter().flatten().map(|f| f.text).collect();
    let not_found = |name: String| {
        let available = if names.is_empty() {
            format!("{width}, no header")
        } else {
            names.join(", ")
        };
        ParseErrors::from(ParseError::at(
            head.line,
            None,
            ParseErrorKind::ColumnNotFound { name, available },
        ))
    };
    Ok(match column {
        OutputColumn::Only if width == 1 => 0,
        OutputColumn::Only => {
            return Err(ParseError::at(
                head.line,
                None,
                ParseErrorKind::AmbiguousColumn { columns: width },
            )
            .into());
        }
        OutputColumn::Name(n) => match names.iter().position(|h| h == n) {
            Some(i) => i,
            None => match n.parse::<usize>() {
                Ok(i) if i < width => i,
                _ => return Err(not_found(n.clone())),
            },
        },
        OutputColumn::Index(i) if *i < width => *i,
        OutputColumn::Index(i) => return Err(not_found(i.to_string())),
    })
}

/// Reads column `pick` of each data line into `out`, problems into `errors` (stopping at
/// `MAX_ERRORS`, or at the first row past `expected_rows`).
fn read_outputs(
    body: &[(usize, &str)],
    (head, width, pick): (&Header<'_>, usize, usize),
    expected_rows: Option<usize>,
    errors: &mut Vec<ParseError>,
    out: &mut Vec<f64>,
) {
    for (row, &(ln, line)) in body.iter().enumerate() {
        if let Some(expected) = expected_rows
            && row == expected
        {
            push(
                errors,
                ParseError::at(
                    ln,
                    None,
                    ParseErrorKind::RowCount {
                        expected,
                        found: body.len(),
                    },
                ),
            );
            break;
        }
        let fields = split(line, head.comma);
        if fields.len() != width {
            let col = fields.get(width).map(|f| f.col);
            let kind = ParseErrorKind::FieldCount {
                expected: width.to_string(),
                found: fields.len(),
            };
            if push(errors, ParseError::at(ln, col, kind)) {
                break;
            }
            continue;
        }
        let f = fields[pick];
        let kind = match f.text.parse::<f64>() {
            Ok(v) if v.is_finite() => {
                out.push(v);
                continue;
            }
            Ok(v) if v.is_nan() => ParseErrorKind::NanOutput {
                text: f.text.to_owned(),
            },
            Ok(_) => ParseErrorKind::NonFinite {
                text: f.text.to_owned(),
            },
            Err(_) => not_a_number(f.text),
        };
        if push(errors, ParseError::at(ln, Some(f.col), kind)) {
            break;
        }
    }
}
