//! Sensitivity analysis and scenario discovery for any model (`cordon sa sample|analyze` and
//! `cordon prim`): SALib's designs and estimators, and the EMA Workbench's PRIM.
//!
//! Parameter files, designs and outputs come as text (with the name to cite in errors, as the
//! CLI cites its files) or as numbers; the results come back as the CLI's `--json` documents,
//! so the Python side reads the same numbers the CLI prints.

use cordon_sa::{
    AnalysisError, BootstrapConfig, CiMethod, Classify, Dataset, Design, OutputColumn, ParamSpace,
    ParseErrors, PrimOptions, SobolOptions, analyze_morris, analyze_sobol,
    parse_design_csv_with_lines, parse_outputs_csv, parse_param_file, sample_lhs, sample_morris,
    sample_sobol,
};
use pyo3::prelude::*;
use pyo3::types::PyDict;

use crate::errors::input_error;

/// Every parse problem as `FILE:LINE:COLUMN: message`, one per line (the CLI's text).
fn parse_failure(py: Python<'_>, file: &str, errors: &ParseErrors) -> PyErr {
    let lines: Vec<String> = errors
        .0
        .iter()
        .map(|e| match e.line {
            Some(_) => format!("{file}:{}: {}", e.location(), e.kind),
            None => format!("{file}: {}", e.kind),
        })
        .collect();
    input_error(py, &lines.join("\n"))
}

/// A SALib parameter file's text (`file`: its name in messages) as a parameter space.
fn space(py: Python<'_>, params: &(String, String)) -> PyResult<ParamSpace> {
    parse_param_file(&params.1).map_err(|e| parse_failure(py, &params.0, &e))
}

/// The parameter names of `params` (file name, text), in order.
#[pyfunction]
pub fn sa_names(py: Python<'_>, params: (String, String)) -> PyResult<Vec<String>> {
    Ok(space(py, &params)?.names())
}

/// A design: `n` base samples (sobol, Saltelli's N·(k+2) rows), trajectories (morris,
/// N·(k+1) rows) or rows (lhs) over the parameters of `params` (file name, text). Returns
/// the parameter names and the values, row-major: `cordon sa sample`'s numbers.
#[pyfunction]
#[pyo3(signature = (params, method, n, *, seed=0, levels=4, skip=1, scramble=false))]
#[allow(clippy::too_many_arguments)]
pub fn sa_sample<'py>(
    py: Python<'py>,
    params: (String, String),
    method: &str,
    n: usize,
    seed: u64,
    levels: usize,
    skip: u64,
    scramble: bool,
) -> PyResult<Bound<'py, PyDict>> {
    let space = space(py, &params)?;
    let design = match method {
        "sobol" => sample_sobol(
            &space,
            n,
            &SobolOptions {
                skip,
                scramble: scramble.then_some(seed),
            },
        ),
        "morris" => sample_morris(&space, n, levels, seed),
        "lhs" => sample_lhs(&space, n, seed),
        other => {
            return Err(input_error(
                py,
                &format!("unknown method \"{other}\": sobol, morris or lhs"),
            ));
        }
    }
    .map_err(|e| input_error(py, &e.to_string()))?;
    let d = PyDict::new(py);
    d.set_item("names", design.names())?;
    d.set_item("values", design.values())?;
    d.set_item("rows", design.rows())?;
    Ok(d)
}

/// The design of an analysis and the line (or row) of each design row, for messages.
struct Rows {
    design: Design,
    /// The design's name in messages and each row's line there (`None`: numbers given).
    source: Option<(String, Vec<usize>)>,
}

impl Rows {
    fn failure(&self, py: Python<'_>, e: &AnalysisError) -> PyErr {
        match (&self.source, e.row()) {
            (Some((file, lines)), Some(r)) => match lines.get(r - 1) {
                Some(line) => input_error(py, &format!("{file}:{line}: {e}")),
                None => input_error(py, &format!("{file}: {e}")),
            },
            (Some((file, _)), None) => input_error(py, &format!("{file}: {e}")),
            (None, Some(r)) => input_error(py, &format!("design row {r}: {e}")),
            (None, None) => input_error(py, &e.to_string()),
        }
    }
}

/// Sobol (S1 after Saltelli 2010, ST after Jansen) or Morris (μ, μ*, σ) indices of a design
/// made by the same method from `params` (file name, text) and the model's outputs, with
/// bootstrap intervals. The design is `design_csv` (file name, text: a CSV as `cordon sa
/// sample` writes it or SALib's headerless layout) or `design` (values, row-major, in the
/// parameters' order); the outputs are `outputs_csv` (file name, text; `column` picks one) or
/// `outputs`. Returns the JSON document of `cordon sa analyze --json`.
#[pyfunction]
#[pyo3(signature = (params, method, *, design=None, design_csv=None, outputs=None, outputs_csv=None, column=None, levels=4, resamples=1000, confidence=0.95, ci="normal", seed=0))]
#[allow(clippy::too_many_arguments)]
pub fn sa_analyze(
    py: Python<'_>,
    params: (String, String),
    method: &str,
    design: Option<Vec<f64>>,
    design_csv: Option<(String, String)>,
    outputs: Option<Vec<f64>>,
    outputs_csv: Option<(String, String)>,
    column: Option<String>,
    levels: usize,
    resamples: usize,
    confidence: f64,
    ci: &str,
    seed: u64,
) -> PyResult<String> {
    let cfg = BootstrapConfig {
        resamples,
        confidence,
        method: match ci {
            "normal" => CiMethod::Normal,
            "percentile" => CiMethod::Percentile,
            other => {
                return Err(input_error(
                    py,
                    &format!("unknown ci \"{other}\": normal or percentile"),
                ));
            }
        },
        seed,
    };
    cfg.validate()
        .map_err(|e| input_error(py, &e.to_string()))?;
    let space = space(py, &params)?;
    let rows = match (design, design_csv) {
        (Some(values), None) => Rows {
            design: Design::new(space.names(), values)
                .map_err(|e| input_error(py, &format!("design: {e}")))?,
            source: None,
        },
        (None, Some((file, text))) => {
            let (design, lines) = parse_design_csv_with_lines(&text, &space)
                .map_err(|e| parse_failure(py, &file, &e))?;
            Rows {
                design,
                source: Some((file, lines)),
            }
        }
        _ => return Err(input_error(py, "give the design as numbers or as CSV text")),
    };
    let y = match (outputs, outputs_csv) {
        (Some(y), None) => y,
        (None, Some((file, text))) => {
            let column = column.map_or(OutputColumn::Only, OutputColumn::Name);
            parse_outputs_csv(&text, &column, Some(rows.design.rows()))
                .map_err(|e| parse_failure(py, &file, &e))?
        }
        _ => {
            return Err(input_error(
                py,
                "give the outputs as numbers or as CSV text",
            ));
        }
    };
    let (schema, mut json) = match method {
        "sobol" => (
            "cordon-sa-sobol/1",
            serde_json::to_value(
                analyze_sobol(&space, &rows.design, &y, &cfg).map_err(|e| rows.failure(py, &e))?,
            ),
        ),
        "morris" => (
            "cordon-sa-morris/1",
            serde_json::to_value(
                analyze_morris(&space, &rows.design, &y, levels, &cfg)
                    .map_err(|e| rows.failure(py, &e))?,
            ),
        ),
        other => {
            return Err(input_error(
                py,
                &format!("unknown method \"{other}\": sobol or morris"),
            ));
        }
    };
    if let Ok(serde_json::Value::Object(map)) = &mut json {
        map.insert("schema".into(), schema.into());
    }
    json.and_then(|v| serde_json::to_string(&v))
        .map_err(|e| crate::errors::run_error(py, &e.to_string()))
}

/// The data set of a discovery: inputs `columns` named `names`, and the cases of interest `y`
/// (0/1, or classified by `above`/`below`).
fn dataset(
    py: Python<'_>,
    names: Vec<String>,
    columns: Vec<Vec<f64>>,
    y: &[f64],
    above: Option<f64>,
    below: Option<f64>,
) -> PyResult<Dataset> {
    let classify = match (above, below) {
        (Some(_), Some(_)) => return Err(input_error(py, "give above or below, not both")),
        (Some(v), None) => Classify::Above(v),
        (None, Some(v)) => Classify::Below(v),
        (None, None) => Classify::Boolean,
    };
    let mut cases = Vec::with_capacity(y.len());
    for (i, &v) in y.iter().enumerate() {
        cases.push(match classify {
            Classify::Above(t) => v > t,
            Classify::Below(t) => v < t,
            Classify::Boolean if v == 0.0 => false,
            Classify::Boolean if v == 1.0 => true,
            Classify::Boolean => {
                return Err(input_error(
                    py,
                    &format!(
                        "y, case {}: {v} is not 0 or 1 (classify a number with above= or below=)",
                        i + 1
                    ),
                ));
            }
        });
    }
    Dataset::new(names, columns, cases).map_err(|e| input_error(py, &e.to_string()))
}

/// CART on inputs `columns` (named `names`) and the cases of interest `y`, as `cordon prim
/// --cart` (scikit-learn's tree as the EMA Workbench grows it, leaves of at least
/// ⌊`mass_min` · n⌋ cases, read as boxes). Returns `cordon prim --cart --json`'s `cart`.
#[pyfunction]
#[pyo3(signature = (names, columns, y, *, above=None, below=None, mass_min=0.05))]
pub fn sa_cart(
    py: Python<'_>,
    names: Vec<String>,
    columns: Vec<Vec<f64>>,
    y: Vec<f64>,
    above: Option<f64>,
    below: Option<f64>,
    mass_min: f64,
) -> PyResult<String> {
    let data = dataset(py, names, columns, &y, above, below)?;
    let tree = cordon_sa::cart(&data, mass_min).map_err(|e| input_error(py, &e.to_string()))?;
    serde_json::to_string(&tree).map_err(|e| crate::errors::run_error(py, &e.to_string()))
}

/// PRIM on inputs `columns` (named `names`) and the cases of interest `y`, as `cordon prim`
/// (the EMA Workbench's algorithm): the peeling and pasting trajectory, the chosen box (the
/// first reaching `threshold`, or `box_index`) and, with `resamples`, its stability. `y` is
/// 0/1, or classified by `above`/`below`. Returns `cordon prim --json`'s `prim` and
/// `stability` as one JSON document.
#[pyfunction]
#[pyo3(signature = (names, columns, y, *, above=None, below=None, peel_alpha=0.05, paste_alpha=0.05, mass_min=0.05, threshold=0.8, box_index=None, resamples=10, seed=1))]
#[allow(clippy::too_many_arguments)]
pub fn sa_prim(
    py: Python<'_>,
    names: Vec<String>,
    columns: Vec<Vec<f64>>,
    y: Vec<f64>,
    above: Option<f64>,
    below: Option<f64>,
    peel_alpha: f64,
    paste_alpha: f64,
    mass_min: f64,
    threshold: f64,
    box_index: Option<usize>,
    resamples: usize,
    seed: u64,
) -> PyResult<String> {
    let bad = |e: cordon_sa::DiscoveryError| input_error(py, &e.to_string());
    let data = dataset(py, names, columns, &y, above, below)?;
    let options = PrimOptions {
        peel_alpha,
        paste_alpha,
        mass_min,
        threshold,
    };
    let mut run = cordon_sa::prim(&data, &options).map_err(bad)?;
    if let Some(i) = box_index {
        if i >= run.trajectory.len() {
            return Err(input_error(
                py,
                &format!(
                    "--box {i}: the trajectory has boxes 0 to {}",
                    run.trajectory.len() - 1
                ),
            ));
        }
        run.chosen = Some(i);
    }
    let stability = match run.chosen {
        Some(i) if resamples > 0 => {
            cordon_sa::resample(&data, &options, &run.trajectory[i], resamples, 0.5, seed)
                .map_err(bad)?
        }
        _ => Vec::new(),
    };
    serde_json::to_string(&serde_json::json!({"prim": run, "stability": stability}))
        .map_err(|e| crate::errors::run_error(py, &e.to_string()))
}
