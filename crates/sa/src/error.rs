//! Typed errors: one enum per stage (distribution, space, parsing, sampling, analysis).
//!
//! Messages start lower-case and carry no trailing full stop; locations (file, line, column) are
//! added by whoever knows them: [`ParseError`] carries a 1-based line and column, the CLI adds the
//! file name.

use std::fmt;

/// A parameter's distribution is not well defined.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum DistributionError {
    /// A numeric argument is NaN or infinite.
    #[error("{what} must be a finite number, got {value}")]
    NonFinite {
        /// Which argument (`low`, `high`, `mode`, `mean`, `sd`).
        what: &'static str,
        /// The offending value.
        value: f64,
    },
    /// The range is empty: `low >= high`.
    #[error("lower bound {low} must be below upper bound {high}")]
    EmptyRange {
        /// Lower bound.
        low: f64,
        /// Upper bound.
        high: f64,
    },
    /// A triangular mode lies outside `[low, high]`.
    #[error("mode {mode} must lie within [{low}, {high}]")]
    ModeOutOfRange {
        /// Lower bound.
        low: f64,
        /// Mode.
        mode: f64,
        /// Upper bound.
        high: f64,
    },
    /// A standard deviation is zero or negative.
    #[error("standard deviation must be > 0, got {sd}")]
    NonPositiveSd {
        /// The standard deviation.
        sd: f64,
    },
    /// A log-uniform lower bound is zero or negative.
    #[error("log-uniform bounds must be > 0, got lower bound {low}")]
    NonPositiveLogBound {
        /// The lower bound.
        low: f64,
    },
    /// The truncation interval of a normal distribution holds (numerically) no probability.
    #[error("truncation interval [{low}, {high}] holds no probability under normal({mean}, {sd})")]
    NegligibleMass {
        /// Mean.
        mean: f64,
        /// Standard deviation.
        sd: f64,
        /// Lower truncation bound.
        low: f64,
        /// Upper truncation bound.
        high: f64,
    },
    /// A categorical distribution has no values.
    #[error("a categorical parameter needs at least one value")]
    NoCategories,
    /// A categorical value is empty or repeated.
    #[error("categorical value `{value}` is empty or repeated")]
    BadCategory {
        /// The value.
        value: String,
    },
    /// Weights and values have different lengths.
    #[error("{weights} weights given for {values} values")]
    WeightCount {
        /// Number of values.
        values: usize,
        /// Number of weights.
        weights: usize,
    },
    /// A weight is negative or not finite.
    #[error("weight {index} is {weight}: weights must be finite and >= 0")]
    BadWeight {
        /// 0-based index of the weight.
        index: usize,
        /// The weight.
        weight: f64,
    },
    /// All weights are zero.
    #[error("weights sum to zero")]
    ZeroTotalWeight,
}

/// A parameter space is not well defined.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum SpaceError {
    /// No parameters.
    #[error("a parameter space needs at least one parameter")]
    Empty,
    /// A name is empty or contains whitespace, a comma, a quote or `#`.
    #[error("parameter name `{name}` is empty or contains whitespace, `,`, `\"` or `#`")]
    BadName {
        /// The name.
        name: String,
    },
    /// Two parameters share a name.
    #[error("parameter `{name}` is defined twice")]
    DuplicateName {
        /// The name.
        name: String,
    },
    /// A parameter's distribution is invalid.
    #[error("parameter `{name}`: {source}")]
    Distribution {
        /// The parameter.
        name: String,
        /// What is wrong.
        source: DistributionError,
    },
}

/// One problem in a text input (parameter file, design CSV, outputs CSV), with its location.
#[derive(Debug, Clone, PartialEq)]
pub struct ParseError {
    /// 1-based line, when the problem has one.
    pub line: Option<usize>,
    /// 1-based column (in characters) of the offending field, when meaningful.
    pub column: Option<usize>,
    /// What is wrong.
    pub kind: ParseErrorKind,
}

impl ParseError {
    pub(crate) fn at(line: usize, column: Option<usize>, kind: ParseErrorKind) -> Self {
        ParseError {
            line: Some(line),
            column,
            kind,
        }
    }

    pub(crate) fn whole(kind: ParseErrorKind) -> Self {
        ParseError {
            line: None,
            column: None,
            kind,
        }
    }

    /// `line:column` (or `line`; empty without a line), for `file:line:column: message` output.
    pub fn location(&self) -> String {
        match (self.line, self.column) {
            (Some(l), Some(c)) => format!("{l}:{c}"),
            (Some(l), None) => format!("{l}"),
            _ => String::new(),
        }
    }
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.line, self.column) {
            (Some(l), Some(c)) => write!(f, "line {l}, column {c}: {}", self.kind),
            (Some(l), None) => write!(f, "line {l}: {}", self.kind),
            _ => write!(f, "{}", self.kind),
        }
    }
}

impl std::error::Error for ParseError {}

/// Every problem found in one text input; never empty.
#[derive(Debug, Clone, PartialEq)]
pub struct ParseErrors(pub Vec<ParseError>);

impl fmt::Display for ParseErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, e) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{e}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ParseErrors {}

impl From<ParseError> for ParseErrors {
    fn from(e: ParseError) -> Self {
        ParseErrors(vec![e])
    }
}

/// What is wrong at one place of a text input.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum ParseErrorKind {
    /// A line has the wrong number of fields.
    #[error("expected {expected} fields, found {found}")]
    FieldCount {
        /// What was expected, e.g. `3` or `3 to 5`.
        expected: String,
        /// How many fields the line has.
        found: usize,
    },
    /// A field is empty (two delimiters in a row).
    #[error("empty field")]
    EmptyField,
    /// A field that must be a number is not one.
    #[error("`{text}` is not a number")]
    NotANumber {
        /// The field's text.
        text: String,
    },
    /// A number is infinite or NaN where a finite number is required.
    #[error("`{text}` is not a finite number")]
    NonFinite {
        /// The field's text.
        text: String,
    },
    /// A model output is NaN.
    #[error("output is NaN (`{text}`): remove or repair the failed run")]
    NanOutput {
        /// The field's text.
        text: String,
    },
    /// A parameter's lower bound is not below its upper bound.
    #[error("lower bound {lower} is not below upper bound {upper}")]
    EmptyRange {
        /// Lower bound.
        lower: f64,
        /// Upper bound.
        upper: f64,
    },
    /// A parameter name is used twice.
    #[error("parameter `{name}` is already defined on line {first_line}")]
    DuplicateName {
        /// The name.
        name: String,
        /// Where it was first defined.
        first_line: usize,
    },
    /// A parameter name is not usable.
    #[error("`{name}` is not a usable parameter name (it contains a quote)")]
    BadName {
        /// The name.
        name: String,
    },
    /// A distribution name is not supported.
    #[error("unsupported distribution `{name}` (supported: unif, logunif, triang, norm)")]
    UnknownDistribution {
        /// The name found.
        name: String,
    },
    /// A SALib `triang` line's second number (the peak, as a fraction of the width) is
    /// outside `[0, 1]`.
    #[error(
        "`triang` reads `lower upper` as SALib does, `scale peak`: triangular on [0, scale] with its peak at peak·scale, so the peak must be in [0, 1], got {peak}"
    )]
    TriangPeak {
        /// The second number.
        peak: f64,
    },
    /// A SALib group column names a real group; groups are not supported.
    #[error(
        "parameter groups are not supported (group `{group}`): use `NA` or leave the column out"
    )]
    GroupsUnsupported {
        /// The group name.
        group: String,
    },
    /// A distribution's arguments are invalid.
    #[error("parameter `{name}`: {source}")]
    Distribution {
        /// The parameter.
        name: String,
        /// What is wrong.
        source: DistributionError,
    },
    /// A header names a column that is not a parameter.
    #[error("column `{name}` is not a parameter{}", suggest(suggestion))]
    UnknownColumn {
        /// The header field.
        name: String,
        /// The closest parameter name, if any is close.
        suggestion: Option<String>,
    },
    /// A parameter has no column in the header.
    #[error("no column for parameter `{name}`")]
    MissingColumn {
        /// The parameter.
        name: String,
    },
    /// A header names a column twice.
    #[error("column `{name}` appears twice")]
    DuplicateColumn {
        /// The name.
        name: String,
    },
    /// A categorical column holds a value that is not one of the parameter's values.
    #[error("`{text}` is not a value of categorical parameter `{name}` (values: {values})")]
    UnknownCategory {
        /// The parameter.
        name: String,
        /// The field's text.
        text: String,
        /// The allowed values, comma-separated.
        values: String,
    },
    /// The requested output column does not exist.
    #[error("no output column `{name}` (columns: {available})")]
    ColumnNotFound {
        /// The requested column.
        name: String,
        /// The columns present, comma-separated.
        available: String,
    },
    /// The outputs file has several columns and none was chosen.
    #[error("{columns} output columns: choose one by name or 0-based index")]
    AmbiguousColumn {
        /// How many columns there are.
        columns: usize,
    },
    /// The number of output rows differs from the number of design rows.
    #[error("{found} output rows for {expected} design rows")]
    RowCount {
        /// Design rows.
        expected: usize,
        /// Output rows.
        found: usize,
    },
    /// The input has no data at all.
    #[error("no {what} found")]
    NoData {
        /// What is missing (`parameters`, `data rows`).
        what: &'static str,
    },
}

fn suggest(s: &Option<String>) -> String {
    match s {
        Some(s) => format!(" (did you mean `{s}`?)"),
        None => String::new(),
    }
}

/// Values that do not fill whole rows of a design.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{values} values do not fill rows of {columns} columns")]
pub struct ShapeError {
    /// Number of values.
    pub values: usize,
    /// Number of columns.
    pub columns: usize,
}

/// A design cannot be generated.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum SampleError {
    /// `n` (samples, trajectories or rows) is zero.
    #[error("the number of samples must be at least 1")]
    ZeroSamples,
    /// The Sobol sequence has direction numbers for at most `max` dimensions.
    #[error(
        "the Sobol design needs {needed} sequence dimensions; direction numbers exist for {max} (at most {} parameters)",
        max / 2
    )]
    TooManyDimensions {
        /// Dimensions needed (2k).
        needed: usize,
        /// Dimensions available.
        max: usize,
    },
    /// The Sobol sequence would run past its 2^32 points.
    #[error("the Sobol sequence has 2^32 points; skip + n is too large")]
    SequenceExhausted,
    /// Morris needs an even number of levels, at least 2.
    #[error("Morris needs an even number of levels >= 2, got {levels}")]
    BadLevels {
        /// The levels requested.
        levels: usize,
    },
    /// Morris elementary effects over an unordered categorical parameter are meaningless.
    #[error(
        "categorical parameter `{name}` cannot be in a Morris design: use a factorial design and the categorical analysis"
    )]
    CategoricalInMorris {
        /// The parameter.
        name: String,
    },
    /// The design would have more rows than can be addressed.
    #[error("the design would have too many rows")]
    TooManyRows,
}

/// An analysis cannot be computed from this design and these outputs.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum AnalysisError {
    /// The design's columns are not the space's parameters in order.
    #[error("design columns [{found}] do not match parameters [{expected}]")]
    NamesMismatch {
        /// The space's names, comma-separated.
        expected: String,
        /// The design's names, comma-separated.
        found: String,
    },
    /// Design rows and outputs differ in number.
    #[error("{outputs} outputs for {rows} design rows")]
    RowCount {
        /// Design rows.
        rows: usize,
        /// Outputs.
        outputs: usize,
    },
    /// An output is NaN or infinite.
    #[error("output {row} (1-based) is {value}: every output must be finite")]
    NonFiniteOutput {
        /// 1-based row.
        row: usize,
        /// The value.
        value: f64,
    },
    /// The row count is not a whole number of blocks (`k + 2` for Sobol, `k + 1` for Morris).
    #[error(
        "{rows} rows is not a multiple of {block} (the {design} block size for {k} parameters)"
    )]
    NotWholeBlocks {
        /// Rows.
        rows: usize,
        /// Block size.
        block: usize,
        /// Which design.
        design: &'static str,
        /// Parameters.
        k: usize,
    },
    /// Too few blocks to estimate a variance.
    #[error("{found} {what} is too few: at least {min} are needed")]
    TooFew {
        /// What (`base samples`, `trajectories`, `rows`).
        what: &'static str,
        /// How many there are.
        found: usize,
        /// How many are needed.
        min: usize,
    },
    /// A row breaks the Saltelli layout (A, A_B^(1..k), B per base sample).
    #[error(
        "row {row} (1-based) breaks the Saltelli layout: column `{name}` should equal that of row {source_row}"
    )]
    NotSaltelli {
        /// 1-based row.
        row: usize,
        /// The column.
        name: String,
        /// 1-based row it should have copied.
        source_row: usize,
    },
    /// A row breaks the Morris layout (one factor moves per step, each once per trajectory).
    #[error("row {row} (1-based) breaks the Morris layout: {detail}")]
    NotMorris {
        /// 1-based row.
        row: usize,
        /// What is wrong.
        detail: String,
    },
    /// A Morris analysis was asked for a categorical parameter.
    #[error(
        "categorical parameter `{name}` has no elementary effects: use the categorical analysis"
    )]
    CategoricalInMorris {
        /// The parameter.
        name: String,
    },
    /// A categorical column holds something other than a category index.
    #[error("row {row} (1-based): `{name}` is {value}, not a category index below {count}")]
    BadCategory {
        /// 1-based row.
        row: usize,
        /// The parameter.
        name: String,
        /// The value found.
        value: f64,
        /// Number of categories.
        count: usize,
    },
    /// The outputs do not vary, so variance-based indices are undefined.
    #[error("the outputs are constant: variance-based indices are undefined")]
    ConstantOutput,
    /// The space has no categorical parameter to analyse.
    #[error("the space has no categorical parameter")]
    NoCategorical,
    /// The bootstrap configuration is invalid.
    #[error("bootstrap: {0}")]
    Bootstrap(String),
    /// Morris levels are invalid.
    #[error("Morris needs an even number of levels >= 2, got {levels}")]
    BadLevels {
        /// The levels given.
        levels: usize,
    },
}

impl AnalysisError {
    /// The 1-based design row the error is about, if any (to point at a file line).
    pub fn row(&self) -> Option<usize> {
        match *self {
            AnalysisError::NonFiniteOutput { row, .. }
            | AnalysisError::NotSaltelli { row, .. }
            | AnalysisError::NotMorris { row, .. }
            | AnalysisError::BadCategory { row, .. } => Some(row),
            _ => None,
        }
    }
}

/// A scenario-discovery request (PRIM, CART, their data set) cannot be served.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum DiscoveryError {
    /// A setting or the data set is not acceptable; the message says which and why.
    #[error("{0}")]
    Invalid(String),
    /// A column named by the user is not in the table.
    #[error("no column `{name}`{} (columns: {available})", suggest(suggestion))]
    UnknownColumn {
        /// The name asked for.
        name: String,
        /// The closest column name, if any is close.
        suggestion: Option<String>,
        /// Every column, comma-separated.
        available: String,
    },
}
