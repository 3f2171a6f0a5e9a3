//! Scenarios: loading (the embedded default or a file), diagnostics as objects, what a
//! scenario holds (courses, uncertain parameters, outcomes, links, factors) and overrides.

use std::sync::Arc;

use cordon_engine::{Campaign, Mode, NoObserver, StreamKey};
use cordon_model::{CoaId, Distribution, Scalar};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};

use crate::errors::{input_error, scenario_error};

/// The largest file Cordon reads (the CLI's limit, 64 MiB).
const MAX_INPUT_BYTES: u64 = 64 * 1024 * 1024;

/// Steps of every course of action the check runs in mean-field (as `cordon check`).
const TRIAL_STEPS: usize = 100;

/// One problem in a scenario, with where it is.
#[pyclass(frozen, get_all, module = "cordon")]
#[derive(Clone)]
pub struct Diagnostic {
    /// File name as given (the embedded scenario: `scenarios/levant-2017.toml`).
    pub file: String,
    /// 1-based line (`None` for a problem found by running the scenario).
    pub line: Option<usize>,
    /// 1-based column, in characters (`None` with `line`).
    pub column: Option<usize>,
    /// The key path, e.g. `region.khorasan.sanctuary` (may be empty).
    pub path: String,
    /// What is wrong.
    pub message: String,
    /// What was expected, when that helps.
    pub expected: Option<String>,
    /// A hint, such as "did you mean `khorasan`?".
    pub hint: Option<String>,
    /// The source line.
    pub source_line: String,
    text: String,
}

impl From<&cordon_model::Diagnostic> for Diagnostic {
    fn from(d: &cordon_model::Diagnostic) -> Diagnostic {
        Diagnostic {
            file: d.file.clone(),
            line: Some(d.line),
            column: Some(d.column),
            path: d.path.clone(),
            message: d.message.clone(),
            expected: d.expected.clone(),
            hint: d.hint.clone(),
            source_line: d.source_line.clone(),
            text: d.to_string(),
        }
    }
}

#[pymethods]
impl Diagnostic {
    /// The diagnostic as the CLI prints it, with the source line and a caret.
    fn __str__(&self) -> String {
        self.text.trim_end().to_string()
    }

    fn __repr__(&self) -> String {
        match (self.line, self.column) {
            (Some(line), Some(column)) => format!(
                "Diagnostic({}:{line}:{column}: {})",
                self.file, self.message
            ),
            _ => format!("Diagnostic({}: {})", self.file, self.message),
        }
    }
}

/// A validated, immutable scenario. Build one with `cordon.load`.
#[pyclass(frozen, module = "cordon")]
pub struct Scenario {
    pub inner: Arc<cordon_model::Scenario>,
}

impl Scenario {
    pub fn new(scenario: cordon_model::Scenario) -> Scenario {
        Scenario {
            inner: Arc::new(scenario),
        }
    }

    /// A course of action by id (`None`: the first), with the CLI's message when unknown.
    pub fn coa(&self, py: Python<'_>, id: Option<&str>) -> PyResult<CoaId> {
        coa_of(py, &self.inner, id)
    }
}

/// A course of action of `s` by id (`None`: the first), with the CLI's message when unknown.
pub fn coa_of(py: Python<'_>, s: &cordon_model::Scenario, id: Option<&str>) -> PyResult<CoaId> {
    let Some(id) = id else {
        return Ok(CoaId::from_index(0));
    };
    s.coa_by_id(id).ok_or_else(|| {
        let ids = s.coa_ids();
        let hint = cordon_model::did_you_mean(id, ids.iter().copied())
            .map(|h| format!(" (did you mean \"{h}\"?)"))
            .unwrap_or_default();
        input_error(
            py,
            &format!(
                "unknown course of action \"{id}\"{hint}; the scenario has: {}",
                ids.join(", ")
            ),
        )
    })
}

/// Reads a scenario file's bytes with the CLI's limits and messages.
fn read_file(py: Python<'_>, path: &str) -> PyResult<Vec<u8>> {
    let p = std::path::Path::new(path);
    if p.is_dir() {
        return Err(input_error(
            py,
            &format!("{path} is a directory, not a file"),
        ));
    }
    let meta =
        std::fs::metadata(p).map_err(|e| input_error(py, &format!("cannot read {path}: {e}")))?;
    if meta.len() > MAX_INPUT_BYTES {
        return Err(input_error(
            py,
            &format!(
                "{path} is {:.0} MB, far larger than any input Cordon reads",
                meta.len() as f64 / 1e6
            ),
        ));
    }
    std::fs::read(p).map_err(|e| input_error(py, &format!("cannot read {path}: {e}")))
}

/// Parses a scenario from a file, from text, or the embedded default.
fn parse(
    py: Python<'_>,
    path: Option<&str>,
    text: Option<&str>,
) -> PyResult<Result<cordon_model::Scenario, cordon_model::Diagnostics>> {
    match (path, text) {
        (Some(_), Some(_)) => Err(input_error(py, "give a path or a text, not both")),
        (None, None) => Ok(Ok(cordon_model::default_scenario())),
        (name, Some(text)) => Ok(cordon_model::parse(
            name.unwrap_or("<text>"),
            text.as_bytes(),
        )),
        (Some(path), None) => {
            let bytes = read_file(py, path)?;
            Ok(py.detach(|| cordon_model::parse(path, &bytes)))
        }
    }
}

/// Loads and validates a scenario: the file at `path`, the TOML `text`, or the embedded
/// default scenario (levant-2017) when both are None. Raises `ScenarioError` (with every
/// diagnostic) when it is invalid, `InputError` when the file cannot be read.
#[pyfunction]
#[pyo3(signature = (path=None, *, text=None))]
pub fn load(py: Python<'_>, path: Option<&str>, text: Option<&str>) -> PyResult<Scenario> {
    match parse(py, path, text)? {
        Ok(scenario) => Ok(Scenario::new(scenario)),
        Err(diagnostics) => Err(scenario_error(py, &diagnostics)),
    }
}

/// Every problem of a scenario (as `cordon check`): the diagnostics of the file, or, for a
/// valid file, what running each course of action for 100 mean-field steps finds. An empty
/// list: the scenario is fine.
#[pyfunction]
#[pyo3(signature = (path=None, *, text=None))]
pub fn check(py: Python<'_>, path: Option<&str>, text: Option<&str>) -> PyResult<Vec<Diagnostic>> {
    match parse(py, path, text)? {
        Ok(scenario) => Ok(trial(py, &scenario)),
        Err(diagnostics) => Ok(diagnostics.iter().map(Diagnostic::from).collect()),
    }
}

/// Runs the first [`TRIAL_STEPS`] steps of every course of action in mean-field, as `cordon
/// check` does: values the engine cannot compute with are found here.
fn trial(py: Python<'_>, s: &cordon_model::Scenario) -> Vec<Diagnostic> {
    py.detach(|| {
        let mut found = Vec::new();
        for c in 0..s.coas().len() {
            let coa = CoaId::from_index(c);
            let mut campaign = Campaign::new(s, coa, Mode::MeanField, StreamKey::new(s.meta().seed, 0));
            for _ in 0..TRIAL_STEPS {
                if campaign.finished() {
                    break;
                }
                if let Err(e) = campaign.step(&mut NoObserver) {
                    // As `cordon check`: at the number written for what overflowed.
                    let cordon_engine::EngineError::NonFinite {
                        step,
                        variable,
                        behind,
                        ..
                    } = &e;
                    let message = format!(
                        "the engine cannot run course of action {}: a non-finite value in {variable} at step {step} (mean-field)",
                        s.coa(coa).id
                    );
                    let hint = match behind {
                        Some(_) => format!("this is the most extreme value written for what {variable} depends on; a value this large (or small) overflows to infinity"),
                        None => format!("a value is too large to compute with (it overflows to infinity); look at the quantities behind {variable}, such as fighters, forces, support bases, finance and rates"),
                    };
                    let d = s.diagnostic_at(behind.as_deref(), message).hint(hint);
                    found.push(Diagnostic::from(&d));
                    break;
                }
            }
        }
        found
    })
}

/// A Python number or string as a scenario value.
fn scalar(value: &Bound<'_, PyAny>) -> PyResult<Scalar> {
    if let Ok(s) = value.extract::<String>() {
        return Ok(Scalar::Str(s));
    }
    Ok(Scalar::Num(value.extract::<f64>()?))
}

fn scalar_object<'py>(py: Python<'py>, value: &Scalar) -> PyResult<Bound<'py, PyAny>> {
    Ok(match value {
        Scalar::Num(x) => x.into_pyobject(py)?.into_any(),
        Scalar::Str(s) => s.into_pyobject(py)?.into_any(),
    })
}

#[pymethods]
impl Scenario {
    /// The scenario's name (`[scenario] name`).
    #[getter]
    fn name(&self) -> String {
        self.inner.meta().name.clone()
    }

    /// The file it was read from (the embedded one: `scenarios/levant-2017.toml`).
    #[getter]
    fn source(&self) -> String {
        self.inner.source_name().to_string()
    }

    /// The scenario's seed: the default of every run.
    #[getter]
    fn seed(&self) -> u64 {
        self.inner.meta().seed
    }

    /// Days per campaign.
    #[getter]
    fn horizon_days(&self) -> f64 {
        self.inner.meta().horizon_days
    }

    /// Days per step.
    #[getter]
    fn step_days(&self) -> f64 {
        self.inner.meta().step_days
    }

    /// The id of the baseline course of action (the reference of `compare`).
    #[getter]
    fn baseline(&self) -> String {
        self.inner.coa(self.inner.meta().baseline).id.clone()
    }

    /// The courses of action, in file order: dicts with id, name, regime, description, phases.
    #[getter]
    fn courses<'py>(&self, py: Python<'py>) -> PyResult<Vec<Bound<'py, PyDict>>> {
        let s = &self.inner;
        s.coas()
            .iter()
            .map(|c| {
                let d = PyDict::new(py);
                d.set_item("id", &c.id)?;
                d.set_item("name", &c.name)?;
                d.set_item("regime", c.regime.as_str())?;
                d.set_item("description", &c.description)?;
                d.set_item("phases", c.phases.len())?;
                d.set_item(
                    "factors",
                    c.factors
                        .as_ref()
                        .map(|l| cordon_model::describe_levels(l, s.factors())),
                )?;
                Ok(d)
            })
            .collect()
    }

    /// The declared uncertain parameters (`[[uncertain]]`): dicts with field, dist and the
    /// distribution's numbers (low, high, mode, mean, sd) or values and weights.
    #[getter]
    fn uncertain<'py>(&self, py: Python<'py>) -> PyResult<Vec<Bound<'py, PyDict>>> {
        self.inner
            .uncertain()
            .iter()
            .map(|u| {
                let d = PyDict::new(py);
                d.set_item("field", &u.field)?;
                match &u.distribution {
                    Distribution::Uniform { low, high } => {
                        d.set_item("dist", "uniform")?;
                        d.set_item("low", low)?;
                        d.set_item("high", high)?;
                    }
                    Distribution::Triangular { low, mode, high } => {
                        d.set_item("dist", "triangular")?;
                        d.set_item("low", low)?;
                        d.set_item("mode", mode)?;
                        d.set_item("high", high)?;
                    }
                    Distribution::Normal {
                        mean,
                        sd,
                        low,
                        high,
                    } => {
                        d.set_item("dist", "normal")?;
                        d.set_item("mean", mean)?;
                        d.set_item("sd", sd)?;
                        d.set_item("low", low)?;
                        d.set_item("high", high)?;
                    }
                    Distribution::LogUniform { low, high } => {
                        d.set_item("dist", "loguniform")?;
                        d.set_item("low", low)?;
                        d.set_item("high", high)?;
                    }
                    Distribution::Categorical { values, weights } => {
                        d.set_item("dist", "categorical")?;
                        let list = PyList::empty(py);
                        for v in values {
                            list.append(scalar_object(py, v)?)?;
                        }
                        d.set_item("values", list)?;
                        d.set_item("weights", weights)?;
                    }
                }
                Ok(d)
            })
            .collect()
    }

    /// The outcome names of every run of this scenario, in order (the columns of `runs`).
    #[getter]
    fn outcomes(&self) -> Vec<String> {
        cordon_engine::Outcome::names(&self.inner)
    }

    /// Outcome names with what each measures, its kind and which direction is better.
    #[getter]
    fn outcome_specs<'py>(&self, py: Python<'py>) -> PyResult<Vec<Bound<'py, PyDict>>> {
        cordon_experiment::outcome_specs(&self.inner)
            .iter()
            .map(|o| crate::ensemble::spec_dict(py, o))
            .collect()
    }

    /// Region ids, in file order.
    #[getter]
    fn regions(&self) -> Vec<String> {
        self.inner.regions().iter().map(|r| r.id.clone()).collect()
    }

    /// The adversary's inter-regional links as columns (id, from, to, kind, capacity,
    /// travel_days, integrity, bidirectional): an edge table for the network functions.
    #[getter]
    fn links<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let s = &self.inner;
        let links = s.links();
        let d = PyDict::new(py);
        d.set_item("id", links.iter().map(|l| l.id.clone()).collect::<Vec<_>>())?;
        d.set_item(
            "from",
            links
                .iter()
                .map(|l| s.region(l.from).id.clone())
                .collect::<Vec<_>>(),
        )?;
        d.set_item(
            "to",
            links
                .iter()
                .map(|l| s.region(l.to).id.clone())
                .collect::<Vec<_>>(),
        )?;
        d.set_item(
            "kind",
            links.iter().map(|l| l.kind.as_str()).collect::<Vec<_>>(),
        )?;
        d.set_item(
            "capacity",
            links.iter().map(|l| l.capacity).collect::<Vec<_>>(),
        )?;
        d.set_item(
            "travel_days",
            links.iter().map(|l| l.travel_days).collect::<Vec<_>>(),
        )?;
        d.set_item(
            "integrity",
            links.iter().map(|l| l.integrity).collect::<Vec<_>>(),
        )?;
        d.set_item(
            "bidirectional",
            links.iter().map(|l| l.bidirectional).collect::<Vec<_>>(),
        )?;
        Ok(d)
    }

    /// The strategy factors of factorial designs: (name, levels) pairs.
    #[getter]
    fn factors(&self) -> Vec<(String, Vec<String>)> {
        self.inner
            .factor_space()
            .into_iter()
            .map(|f| (f.name, f.levels))
            .collect()
    }

    /// A stable hash of the resolved scenario (the CLI's `hash`).
    #[getter]
    fn hash(&self) -> String {
        self.inner.hash()
    }

    /// The scenario as TOML with every default written out.
    fn resolved_toml(&self) -> String {
        self.inner.resolved_toml()
    }

    /// The scenario with some fields set to other values, validated like a file:
    /// `{"region.levant.sanctuary": 0.5, "coa.two-prong.regime": "parallel"}` (paths as in
    /// `[[uncertain]]`). Raises `ScenarioError` for an unknown path or a bad value.
    fn with_values(&self, py: Python<'_>, values: &Bound<'_, PyDict>) -> PyResult<Scenario> {
        let mut pairs: Vec<(String, Scalar)> = Vec::with_capacity(values.len());
        for (key, value) in values.iter() {
            pairs.push((key.extract::<String>()?, scalar(&value)?));
        }
        let borrowed: Vec<(&str, Scalar)> =
            pairs.iter().map(|(k, v)| (k.as_str(), v.clone())).collect();
        let inner = Arc::clone(&self.inner);
        match py.detach(move || inner.with_values(&borrowed)) {
            Ok(scenario) => Ok(Scenario::new(scenario)),
            Err(diagnostics) => Err(scenario_error(py, &diagnostics)),
        }
    }

    /// What running each course of action for 100 mean-field steps finds (as `cordon check`):
    /// an empty list when every course runs.
    fn check(&self, py: Python<'_>) -> Vec<Diagnostic> {
        trial(py, &self.inner)
    }

    fn __repr__(&self) -> String {
        let s = &self.inner;
        format!(
            "<cordon.Scenario {:?} from {}: {} regions, {} courses of action, {} uncertain parameters>",
            s.meta().name,
            s.source_name(),
            s.regions().len(),
            s.coas().len(),
            s.uncertain().len()
        )
    }
}
