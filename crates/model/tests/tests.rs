//! The model crate's integration tests, in one binary (`autotests = false`).
//!
//! - `fuzz`: property tests: arbitrary bytes, TOML fragments and mutated scenarios never panic.
//! - `invalid`: the corpus of broken scenarios under `tests/invalid/`, each with its rendered
//!   diagnostics as a snapshot (`UPDATE_EXPECT=1 cargo test -p cordon-model` regenerates them).
//! - `valid`: every shipped scenario parses.
//! - `locate`: from an entity back to the keys written for it, at file:line:column.
//! - `levers`: plans over `[[lever]]` as generated courses and `[[coa]]` snippets.
//! - `overrides`: `Scenario::with_values`, the resolved TOML and the hash.
//! - `schema`: the JSON Schema, and the generated reference in `docs/scenario.md`.

mod fuzz;
mod invalid;
mod levers;
mod locate;
mod overrides;
mod schema;
mod valid;

use std::path::{Path, PathBuf};

/// The workspace root.
fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .nth(2)
        .expect("crates/model sits two levels below the workspace root")
        .to_path_buf()
}
