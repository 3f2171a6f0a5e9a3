//! The optimize crate's integration tests, in one binary (`autotests = false`).
//!
//! - `problems`: the algorithm on ZDT1 and DTLZ2 against their true fronts' hypervolume, and
//!   the hypervolume itself against closed forms.
//! - `scenario`: the search on scenarios: the square law's concentration optimum, thread
//!   independence, resumption, and plan snippets that parse.

mod problems;
mod scenario;
