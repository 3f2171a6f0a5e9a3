//! Integration tests of `cordon-sensitivity`, in one binary (`autotests = false`).
//!
//! - `study`: a small study end to end: results do not depend on the thread count, every
//!   design point sees the same stream keys, the indices rank what moves the metric.
//! - `files`: the files of an analysis (columns, CSV and Parquet, the manifest), and that a
//!   new analysis removes the files of the previous one.
//! - `errors`: bad requests are typed errors marked as bad input, never panics.
//! - `ranks`: the rank statistics on known values.
//!
//! Fixtures are files under `tests/fixtures/`; `util` loads them and makes directories.

mod util;

mod errors;
mod files;
mod ranks;
mod study;
