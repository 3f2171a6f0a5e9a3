//! Data sets for scenario discovery: named numeric input columns and a binary outcome.
//!
//! [`Dataset`] holds the inputs column by column (every value finite); [`Table`] is a CSV file
//! parsed into named columns, numeric where every field is a number (`true`/`false` count as
//! 1/0), from which a dataset is picked with [`Table::dataset`].

use crate::error::DiscoveryError;

/// Inputs `x` (named columns, all of one length) and the cases of interest `y`.
#[derive(Clone, Debug, PartialEq)]
pub struct Dataset {
    names: Vec<String>,
    columns: Vec<Vec<f64>>,
    y: Vec<bool>,
}

impl Dataset {
    /// A dataset; every column must have one value per case, all finite, and at least one
    /// column and one case are needed.
    pub fn new(
        names: Vec<String>,
        columns: Vec<Vec<f64>>,
        y: Vec<bool>,
    ) -> Result<Dataset, DiscoveryError> {
        if names.is_empty() || names.len() != columns.len() {
            return Err(DiscoveryError::Invalid(format!(
                "{} names for {} input columns: at least one input column is needed",
                names.len(),
                columns.len()
            )));
        }
        if y.is_empty() {
            return Err(DiscoveryError::Invalid("the data set has no cases".into()));
        }
        for (name, column) in names.iter().zip(&columns) {
            if column.len() != y.len() {
                return Err(DiscoveryError::Invalid(format!(
                    "column `{name}` has {} values for {} cases",
                    column.len(),
                    y.len()
                )));
            }
            if let Some(i) = column.iter().position(|v| !v.is_finite()) {
                return Err(DiscoveryError::Invalid(format!(
                    "column `{name}`, case {}: {} is not a finite number",
                    i + 1,
                    column[i]
                )));
            }
        }
        Ok(Dataset { names, columns, y })
    }

    /// Input names.
    pub fn names(&self) -> &[String] {
        &self.names
    }

    /// Input column `j`.
    pub fn column(&self, j: usize) -> &[f64] {
        &self.columns[j]
    }

    /// Number of input columns.
    pub fn cols(&self) -> usize {
        self.columns.len()
    }

    /// Number of cases.
    pub fn len(&self) -> usize {
        self.y.len()
    }

    /// Whether there are no cases (never: [`Dataset::new`] refuses it).
    pub fn is_empty(&self) -> bool {
        self.y.is_empty()
    }

    /// Whether each case is of interest.
    pub fn y(&self) -> &[bool] {
        &self.y
    }

    /// The cases `rows` (in that order).
    pub fn subset(&self, rows: &[usize]) -> Dataset {
        Dataset {
            names: self.names.clone(),
            columns: self
                .columns
                .iter()
                .map(|c| rows.iter().map(|&r| c[r]).collect())
                .collect(),
            y: rows.iter().map(|&r| self.y[r]).collect(),
        }
    }
}

/// How the outcome column becomes "of interest".
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Classify {
    /// The column holds 0/1 (or true/false).
    Boolean,
    /// Of interest when the value is strictly above.
    Above(f64),
    /// Of interest when the value is strictly below.
    Below(f64),
}

/// A CSV table: a header and columns, numeric or text.
#[derive(Clone, Debug, PartialEq)]
pub struct Table {
    pub names: Vec<String>,
    /// Per column: the numbers, or `None` when some field is not a number.
    pub numeric: Vec<Option<Vec<f64>>>,
    pub rows: usize,
}

/// Parses CSV text (comma-separated, a header line, RFC 4180 quotes, blank lines ignored).
pub fn parse_table(text: &str) -> Result<Table, DiscoveryError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut lines = text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty());
    let Some((_, header)) = lines.next() else {
        return Err(DiscoveryError::Invalid("the CSV file is empty".into()));
    };
    let names: Vec<String> = split_fields(header)
        .into_iter()
        .map(|s| s.trim().to_string())
        .collect();
    for (j, name) in names.iter().enumerate() {
        if name.is_empty() {
            return Err(DiscoveryError::Invalid(format!(
                "line 1: column {} has no name",
                j + 1
            )));
        }
        if names[..j].contains(name) {
            return Err(DiscoveryError::Invalid(format!(
                "line 1: column `{name}` appears twice"
            )));
        }
    }
    let mut numeric: Vec<Option<Vec<f64>>> = vec![Some(Vec::new()); names.len()];
    let mut rows = 0;
    for (i, line) in lines {
        let fields = split_fields(line);
        if fields.len() != names.len() {
            return Err(DiscoveryError::Invalid(format!(
                "line {}: {} fields for {} columns",
                i + 1,
                fields.len(),
                names.len()
            )));
        }
        for (column, field) in numeric.iter_mut().zip(&fields) {
            if let Some(values) = column {
                match number(field.trim()) {
                    Some(v) => values.push(v),
                    None => *column = None,
                }
            }
        }
        rows += 1;
    }
    Ok(Table {
        names,
        numeric,
        rows,
    })
}

impl Table {
    /// The dataset of outcome column `y` (classified by `classify`) and input columns `x`
    /// (every other numeric column when empty).
    pub fn dataset(
        &self,
        y: &str,
        classify: Classify,
        x: &[String],
    ) -> Result<Dataset, DiscoveryError> {
        let y_values = self.numbers(y)?;
        let outcome = y;
        let y: Vec<bool> = match classify {
            Classify::Boolean => y_values
                .iter()
                .enumerate()
                .map(|(i, &v)| match v {
                    0.0 => Ok(false),
                    1.0 => Ok(true),
                    _ => Err(DiscoveryError::Invalid(format!(
                        "outcome column `{outcome}`, row {}: {v} is neither 0 nor 1 (give --above or --below to classify a numeric outcome)",
                        i + 1
                    ))),
                })
                .collect::<Result<_, _>>()?,
            Classify::Above(t) => y_values.iter().map(|&v| v > t).collect(),
            Classify::Below(t) => y_values.iter().map(|&v| v < t).collect(),
        };
        let names: Vec<String> = if x.is_empty() {
            self.names
                .iter()
                .zip(&self.numeric)
                .filter(|(n, c)| *n != outcome && c.is_some())
                .map(|(n, _)| n.clone())
                .collect()
        } else {
            x.to_vec()
        };
        let columns = names
            .iter()
            .map(|n| self.numbers(n).map(<[f64]>::to_vec))
            .collect::<Result<Vec<_>, _>>()?;
        Dataset::new(names, columns, y)
    }

    fn numbers(&self, name: &str) -> Result<&[f64], DiscoveryError> {
        let Some(j) = self.names.iter().position(|n| n == name) else {
            let suggestion = strsim_closest(name, &self.names);
            return Err(DiscoveryError::UnknownColumn {
                name: name.to_string(),
                suggestion,
                available: self.names.join(", "),
            });
        };
        self.numeric[j].as_deref().ok_or_else(|| {
            DiscoveryError::Invalid(format!(
                "column `{name}` is not numeric (every field must be a number, true or false)"
            ))
        })
    }
}

fn strsim_closest(name: &str, names: &[String]) -> Option<String> {
    names
        .iter()
        .map(|n| (strsim::jaro_winkler(name, n), n))
        .filter(|(s, _)| *s > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, n)| n.clone())
}

fn number(field: &str) -> Option<f64> {
    match field {
        "true" | "TRUE" | "True" => Some(1.0),
        "false" | "FALSE" | "False" => Some(0.0),
        _ => field.parse::<f64>().ok().filter(|v| v.is_finite()),
    }
}

/// Splits one CSV line into fields, honouring double quotes (`""` inside quotes is one quote).
pub fn split_fields(line: &str) -> Vec<String> {
    let mut fields = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            ('"', _) => quoted = !quoted,
            (',', false) => fields.push(std::mem::take(&mut field)),
            _ => field.push(c),
        }
    }
    fields.push(field);
    fields
}
