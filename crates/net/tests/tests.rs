//! The one integration-test binary of `cordon-net` (see `autotests = false` in Cargo.toml).
//!
//! * `csv_format`: the edge-list CSV parser and its errors (line numbers).
//! * `fuzz`: property tests: arbitrary and mutated edge lists never panic the parser.
//! * `measures`: centralities against NetworkX fixtures (tolerance 1e-6).
//! * `keyplayer`: Borgatti's key-player measures and search.
//! * `impact`: before/after of node and arc removals.
//! * `interdiction`: the GLPK instance, enumeration oracle, MIP = enumeration property tests.
//! * `render`: snapshots of the rendered tables.
//!
//! Fixtures live under `tests/fixtures/`; regenerate snapshots with `UPDATE_EXPECT=1`.

mod csv_format;
mod fuzz;
mod impact;
mod interdiction;
mod keyplayer;
mod measures;
mod render;

use cordon_net::NetGraph;

/// Parses a fixture, panicking with the error (fixtures are known good).
fn graph(text: &str, directed: bool) -> NetGraph {
    match NetGraph::from_csv(text, directed) {
        Ok(graph) => graph,
        Err(err) => panic!("fixture does not parse: {err}"),
    }
}
