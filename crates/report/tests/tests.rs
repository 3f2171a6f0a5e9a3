//! Integration tests of `cordon-report`, in one binary (`autotests = false`).
//!
//! - `content`: the report of a small experiment against its files: headline numbers equal the
//!   statistics of `runs.csv` (and the terminal's), every course of action appears, nothing
//!   external is referenced, every chart exists as SVG and PNG, the section outline (snapshot).
//! - `variants`: one course of action (`cordon run`), a sensitivity file, a chosen baseline.
//! - `errors`: bad input is a typed error, never a panic.
//!
//! Fixtures are files under `tests/fixtures/`; `util` runs the experiment and parses the page.

mod util;

mod content;
mod errors;
mod variants;
