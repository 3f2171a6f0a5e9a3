//! Integration tests of `cordon-report`, in one binary (`autotests = false`).
//!
//! - `content`: the report of a small experiment against its files: headline numbers equal the
//!   statistics of `runs.csv` (and the terminal's), every course of action appears, nothing
//!   external is referenced, every chart exists as SVG and PNG, the section outline (snapshot).
//! - `variants`: one course of action (`cordon run`), a sensitivity file, a chosen baseline.
//! - `errors`: bad input is a typed error, never a panic.
//! - `fuzz`: property tests: results directories with one file mutated never panic `load`.
//! - `kinds`: a factorial directory and a sensitivity directory alone get their own pages.
//! - `screens`: the pages as headless Chromium draws them at 1,400 and 800 pixels.
//!
//! Fixtures are files under `tests/fixtures/`; `util` runs the experiment and parses the page.

mod util;

mod content;
mod errors;
mod fuzz;
mod kinds;
mod screens;
mod variants;
