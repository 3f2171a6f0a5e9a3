"""Type stubs of the native module `cordon._cordon` (PyO3). The public API is in
`cordon/__init__.py`; these functions return plain dicts of columns that it turns into
pandas DataFrames."""

from typing import Any, Callable, Dict, List, Optional, Sequence, Tuple

__version__: str
DEFAULT_SCENARIO_NAME: str

_Progress = Optional[Callable[[int, int], Any]]
_Arc = Tuple[str, str, float, float, float, Optional[float], Optional[str]]

class Diagnostic:
    """One problem in a scenario, with where it is."""

    file: str
    line: Optional[int]
    column: Optional[int]
    path: str
    message: str
    expected: Optional[str]
    hint: Optional[str]
    source_line: str

class Scenario:
    """A validated, immutable scenario. Build one with `cordon.load`."""

    @property
    def name(self) -> str: ...
    @property
    def source(self) -> str: ...
    @property
    def seed(self) -> int: ...
    @property
    def horizon_days(self) -> float: ...
    @property
    def step_days(self) -> float: ...
    @property
    def baseline(self) -> str: ...
    @property
    def courses(self) -> List[Dict[str, Any]]: ...
    @property
    def uncertain(self) -> List[Dict[str, Any]]: ...
    @property
    def outcomes(self) -> List[str]: ...
    @property
    def outcome_specs(self) -> List[Dict[str, Any]]: ...
    @property
    def regions(self) -> List[str]: ...
    @property
    def links(self) -> Dict[str, List[Any]]: ...
    @property
    def factors(self) -> List[Tuple[str, List[str]]]: ...
    @property
    def hash(self) -> str: ...
    def resolved_toml(self) -> str: ...
    def with_values(self, values: Dict[str, Any]) -> "Scenario": ...
    def check(self) -> List[Diagnostic]: ...

def load(path: Optional[str] = None, *, text: Optional[str] = None) -> Scenario: ...
def check(path: Optional[str] = None, *, text: Optional[str] = None) -> List[Diagnostic]: ...
def simulate(
    scenario: Scenario,
    coa: Optional[str] = None,
    *,
    seed: Optional[int] = None,
    replication: int = 0,
    mean_field: bool = False,
) -> Dict[str, Any]: ...
def compare(
    scenario: Scenario,
    coas: Optional[Sequence[str]] = None,
    *,
    baseline: Optional[str] = None,
    reps: int = 1000,
    seed: Optional[int] = None,
    threads: int = 0,
    out: Optional[str] = None,
    resume: bool = False,
    ci_width: Optional[float] = None,
    progress: _Progress = None,
) -> Dict[str, Any]: ...
def read_results(out: str, *, baseline: Optional[str] = None) -> Dict[str, Any]: ...
def sensitivity(
    scenario: Scenario,
    method: str,
    n: int,
    metric: str,
    *,
    reps: int = 10,
    coa: Optional[str] = None,
    seed: Optional[int] = None,
    threads: int = 0,
    levels: int = 4,
    resamples: int = 1000,
    mean_field: bool = False,
    out: Optional[str] = None,
    progress: _Progress = None,
) -> Dict[str, Any]: ...
def factorial(
    scenario: Scenario,
    *,
    reps: int = 100,
    seed: Optional[int] = None,
    mean_field: bool = False,
    fix: Optional[Sequence[Tuple[str, str]]] = None,
    max_order: int = 2,
    threads: int = 0,
    progress: _Progress = None,
) -> Dict[str, Any]: ...
def arm(scenario: Scenario, levels: Sequence[Tuple[str, str]]) -> Scenario: ...
def explore(
    scenario: Scenario,
    coas: Optional[Sequence[str]] = None,
    *,
    worlds: int = 200,
    sampler: str = "lhs",
    reps: int = 10,
    seed: Optional[int] = None,
    mean_field: bool = False,
    factorial: bool = False,
    fix: Optional[Sequence[Tuple[str, str]]] = None,
    metrics: Optional[Sequence[str]] = None,
    satisfice: Optional[str] = None,
    threshold: float = 0.8,
    peel_alpha: float = 0.05,
    threads: int = 0,
    out: Optional[str] = None,
    resume: bool = False,
    progress: _Progress = None,
) -> Dict[str, Any]: ...
def sa_names(params: Tuple[str, str]) -> List[str]: ...
def sa_sample(
    params: Tuple[str, str],
    method: str,
    n: int,
    *,
    seed: int = 0,
    levels: int = 4,
    skip: int = 1,
    scramble: bool = False,
) -> Dict[str, Any]: ...
def sa_analyze(
    params: Tuple[str, str],
    method: str,
    *,
    design: Optional[List[float]] = None,
    design_csv: Optional[Tuple[str, str]] = None,
    outputs: Optional[List[float]] = None,
    outputs_csv: Optional[Tuple[str, str]] = None,
    column: Optional[str] = None,
    levels: int = 4,
    resamples: int = 1000,
    confidence: float = 0.95,
    ci: str = "normal",
    seed: int = 0,
) -> str: ...
def sa_prim(
    names: List[str],
    columns: List[List[float]],
    y: List[float],
    *,
    above: Optional[float] = None,
    below: Optional[float] = None,
    peel_alpha: float = 0.05,
    paste_alpha: float = 0.05,
    mass_min: float = 0.05,
    threshold: float = 0.8,
    box_index: Optional[int] = None,
    resamples: int = 10,
    seed: int = 1,
) -> str: ...
def net_metrics(
    directed: bool,
    nodes: List[str],
    arcs: List[_Arc],
    measures: Optional[List[str]] = None,
    tol: float = 1e-6,
    max_iter: int = 100,
) -> Tuple[Dict[str, List[Any]], List[str]]: ...
def net_key_players(
    directed: bool,
    nodes: List[str],
    arcs: List[_Arc],
    k: int,
    measure: str,
    m: Optional[float] = None,
    search: str = "auto",
    exact_budget: float = 1e9,
) -> Dict[str, Any]: ...
def net_interdict(
    directed: bool,
    nodes: List[str],
    arcs: List[_Arc],
    objective: str,
    source: str,
    sink: str,
    budget: float,
    solver: str = "auto",
    gap: float = 0.0,
    time_limit: Optional[float] = None,
) -> Dict[str, Any]: ...
