//! Typed errors of `cordon-net`.

/// Everything that can go wrong in this crate: bad input, never a runtime accident.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum NetError {
    /// A problem in an edge-list CSV, at a 1-based line of the text.
    #[error("line {line}: {kind}")]
    Csv {
        /// 1-based line number in the CSV text (line 1 is the header).
        line: u64,
        /// What is wrong there.
        kind: CsvErrorKind,
    },
    /// A problem in the parts given to [`crate::NetGraph::new`].
    #[error("{0}")]
    Graph(GraphErrorKind),
    /// A node id that the graph does not contain.
    #[error("unknown node `{0}`")]
    UnknownNode(String),
    /// An arc id out of range, or an arc given by endpoints that the graph does not contain.
    #[error("unknown arc `{0}`")]
    UnknownArc(String),
    /// A node that was removed from the graph was used as a source or sink.
    #[error("node `{0}` has been removed from the graph")]
    RemovedNode(String),
    /// Source and sink are the same node.
    #[error("source and sink are the same node `{0}`")]
    SameSourceSink(String),
    /// An interdiction budget that is negative, NaN or infinite.
    #[error("budget must be a finite number >= 0, got {0}")]
    InvalidBudget(f64),
    /// A relative optimality gap that is negative, NaN or infinite.
    #[error("gap must be a finite number >= 0, got {0}")]
    InvalidGap(f64),
    /// A key-player set size outside the allowed range for the measure.
    #[error("k = {k} is out of range: the measure needs 1 <= k <= {max} on this graph")]
    InvalidSetSize {
        /// The size asked for.
        k: usize,
        /// The largest size allowed (0 when no size is allowed).
        max: usize,
    },
    /// An m-reach horizon that is not a finite number > 0.
    #[error("m must be a finite number > 0, got {0}")]
    InvalidHorizon(f64),
    /// Exact enumeration was asked for an instance with too many candidate arcs.
    #[error(
        "{candidates} arcs can be interdicted within the budget: too many for exact enumeration (at most {max})"
    )]
    TooLargeForEnumeration {
        /// Arcs (or undirected edges) whose cost fits in the budget.
        candidates: usize,
        /// The limit.
        max: usize,
    },
    /// The MIP solver failed (it should not on a well-formed instance).
    #[error("the {solver} solver failed: {message}")]
    Solver {
        /// Solver name.
        solver: &'static str,
        /// The solver's message.
        message: String,
    },
}

/// What is wrong at one line of an edge-list CSV.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum CsvErrorKind {
    /// The text has no header line at all.
    #[error("empty file: expected a header line `from,to,capacity,cost,length`")]
    Empty,
    /// The header has no arcs under it.
    #[error("no arcs: the file has a header but no data rows")]
    NoArcs,
    /// A required column is absent from the header (often: the header line is missing).
    #[error(
        "missing column `{column}` in the header (the first line must be a header such as `from,to,capacity,cost,length`)"
    )]
    MissingColumn {
        /// The column name.
        column: &'static str,
    },
    /// The header names a column this format does not know.
    #[error(
        "unknown column `{column}` (known: from, to, capacity, cost, length, delay, kind){hint}"
    )]
    UnknownColumn {
        /// The column name as written.
        column: String,
        /// A `; did you mean ...?` suffix, or empty.
        hint: String,
    },
    /// The header names a column twice.
    #[error("column `{column}` appears twice in the header")]
    DuplicateColumn {
        /// The column name.
        column: String,
    },
    /// A row has a different number of fields than the header.
    #[error("expected {expected} fields as in the header, found {found}")]
    FieldCount {
        /// Fields in the header.
        expected: u64,
        /// Fields in this row.
        found: u64,
    },
    /// A required cell (`from` or `to`) is empty.
    #[error("column `{column}`: empty value")]
    EmptyValue {
        /// The column name.
        column: &'static str,
    },
    /// A numeric cell does not parse as a number.
    #[error("column `{column}`: `{value}` is not a number")]
    NotANumber {
        /// The column name.
        column: &'static str,
        /// The cell as written.
        value: String,
    },
    /// A numeric cell is NaN or infinite.
    #[error("column `{column}`: `{value}` is not finite")]
    NotFinite {
        /// The column name.
        column: &'static str,
        /// The cell as written.
        value: String,
    },
    /// A numeric cell is out of its allowed range (negative, or zero for `length`).
    #[error("column `{column}`: {value} must be {requirement}")]
    OutOfRange {
        /// The column name.
        column: &'static str,
        /// The value.
        value: f64,
        /// `>= 0` or `> 0`.
        requirement: &'static str,
    },
    /// An arc from a node to itself.
    #[error("self-loop on node `{node}`: self-loops are not allowed")]
    SelfLoop {
        /// The node id.
        node: String,
    },
    /// The same arc (or, undirected, the same edge) appears twice.
    #[error("duplicate arc `{from}` -> `{to}` (first at line {first_line})")]
    DuplicateArc {
        /// Tail node id.
        from: String,
        /// Head node id.
        to: String,
        /// Line of the first occurrence.
        first_line: u64,
    },
    /// The CSV reader itself failed (for example invalid UTF-8 or an unclosed quote).
    #[error("malformed CSV: {0}")]
    Malformed(String),
}

/// What is wrong with the parts given to [`crate::NetGraph::new`].
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum GraphErrorKind {
    /// A node id is empty (or only whitespace).
    #[error("node {index}: empty node id")]
    EmptyNodeId {
        /// 0-based position in the node list.
        index: usize,
    },
    /// Two nodes have the same id.
    #[error("duplicate node id `{id}`")]
    DuplicateNode {
        /// The id.
        id: String,
    },
    /// An arc names a node that is not in the node list.
    #[error("arc {index}: unknown node `{node}`")]
    UnknownEndpoint {
        /// 0-based position in the arc list.
        index: usize,
        /// The id.
        node: String,
    },
    /// An arc from a node to itself.
    #[error("arc {index}: self-loop on node `{node}`")]
    SelfLoop {
        /// 0-based position in the arc list.
        index: usize,
        /// The id.
        node: String,
    },
    /// The same arc (or undirected edge) twice.
    #[error("arc {index}: duplicate of arc {first} (`{from}` -> `{to}`)")]
    DuplicateArc {
        /// 0-based position in the arc list.
        index: usize,
        /// 0-based position of the first occurrence.
        first: usize,
        /// Tail node id.
        from: String,
        /// Head node id.
        to: String,
    },
    /// A numeric attribute is NaN, infinite or out of range.
    #[error("arc {index}: {attribute} = {value} must be finite and {requirement}")]
    BadAttribute {
        /// 0-based position in the arc list.
        index: usize,
        /// `capacity`, `cost`, `length` or `delay`.
        attribute: &'static str,
        /// The value.
        value: f64,
        /// `>= 0` or `> 0`.
        requirement: &'static str,
    },
}
