//! `cordon._cordon`: the native part of the Python package `cordon`.
//!
//! Each function takes and returns plain Python values (a `Scenario`, dicts of columns, lists);
//! the package's Python modules turn the columns into pandas DataFrames, draw the progress bar
//! and adapt NetworkX graphs and the EMA Workbench. Long runs release the GIL, run on every
//! core (results do not depend on the thread count) and stop on Ctrl-C (see `watch`).
//!
//! Everything here is glue over the library crates: the numbers are the CLI's, bit for bit.

mod ensemble;
mod errors;
mod explore;
mod factorial;
mod network;
mod sa;
mod scenario;
mod sensitivity;
mod simulate;
mod watch;

use pyo3::prelude::*;

#[pymodule]
fn _cordon(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add("DEFAULT_SCENARIO_NAME", cordon_model::DEFAULT_SCENARIO_NAME)?;
    m.add_class::<scenario::Scenario>()?;
    m.add_class::<scenario::Diagnostic>()?;
    m.add_function(wrap_pyfunction!(scenario::load, m)?)?;
    m.add_function(wrap_pyfunction!(scenario::check, m)?)?;
    m.add_function(wrap_pyfunction!(simulate::simulate, m)?)?;
    m.add_function(wrap_pyfunction!(ensemble::compare, m)?)?;
    m.add_function(wrap_pyfunction!(ensemble::read_results, m)?)?;
    m.add_function(wrap_pyfunction!(sensitivity::sensitivity, m)?)?;
    m.add_function(wrap_pyfunction!(factorial::factorial, m)?)?;
    m.add_function(wrap_pyfunction!(factorial::arm, m)?)?;
    m.add_function(wrap_pyfunction!(explore::explore, m)?)?;
    m.add_function(wrap_pyfunction!(sa::sa_names, m)?)?;
    m.add_function(wrap_pyfunction!(sa::sa_sample, m)?)?;
    m.add_function(wrap_pyfunction!(sa::sa_analyze, m)?)?;
    m.add_function(wrap_pyfunction!(sa::sa_prim, m)?)?;
    m.add_function(wrap_pyfunction!(sa::sa_cart, m)?)?;
    m.add_function(wrap_pyfunction!(network::net_metrics, m)?)?;
    m.add_function(wrap_pyfunction!(network::net_key_players, m)?)?;
    m.add_function(wrap_pyfunction!(network::net_interdict, m)?)?;
    Ok(())
}
