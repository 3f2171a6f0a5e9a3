//! Cordon's errors as Python exceptions (the classes are declared in `cordon/_errors.py`).
//!
//! The messages are the CLI's, without its leading `error: `: bad input (the CLI's exit code
//! 2) is `InputError`, and an invalid scenario `ScenarioError` with its diagnostics; a failure
//! at run time (exit code 1) is `RunError`.

use pyo3::prelude::*;
use pyo3::types::PyType;

fn class<'py>(py: Python<'py>, name: &str) -> PyResult<Bound<'py, PyType>> {
    Ok(py.import("cordon._errors")?.getattr(name)?.cast_into()?)
}

fn make(py: Python<'_>, name: &str, message: &str) -> PyErr {
    let message = message
        .strip_prefix("error: ")
        .unwrap_or(message)
        .to_string();
    match class(py, name) {
        Ok(cls) => PyErr::from_type(cls, message),
        Err(err) => err,
    }
}

/// Bad input: what the CLI reports with exit code 2.
pub fn input_error(py: Python<'_>, message: &str) -> PyErr {
    make(py, "InputError", message)
}

/// A failure at run time: what the CLI reports with exit code 1.
pub fn run_error(py: Python<'_>, message: &str) -> PyErr {
    make(py, "RunError", message)
}

/// An invalid scenario: the CLI's text, with every diagnostic as a `Diagnostic` object.
pub fn scenario_error(py: Python<'_>, diagnostics: &cordon_model::Diagnostics) -> PyErr {
    let objects: Vec<crate::scenario::Diagnostic> = diagnostics
        .iter()
        .map(crate::scenario::Diagnostic::from)
        .collect();
    let made =
        class(py, "ScenarioError").and_then(|cls| cls.call1((diagnostics.to_string(), objects)));
    match made {
        Ok(value) => PyErr::from_value(value),
        Err(err) => err,
    }
}

/// An experiment's error, bad input or not, as the CLI classifies it.
pub fn experiment_error(py: Python<'_>, err: &cordon_experiment::ExperimentError) -> PyErr {
    if err.is_bad_input() {
        input_error(py, &err.to_string())
    } else {
        run_error(py, &err.to_string())
    }
}
