"""The package's functions: thin wrappers over the native module that return pandas tables."""

from __future__ import annotations

import io
import json
import os
from dataclasses import dataclass, field
from typing import Any, Callable, List, Mapping, Optional, Sequence, Tuple, Union

import pandas as pd

from . import _cordon
from ._cordon import Diagnostic, Scenario
from ._errors import InputError
from ._progress import ProgressArg, run_with

PathLike = Union[str, "os.PathLike[str]"]


def _path(p: Optional[PathLike]) -> Optional[str]:
    return None if p is None else os.fspath(p)


def load(path: Optional[PathLike] = None, *, text: Optional[str] = None) -> Scenario:
    """Loads and validates a scenario.

    ``path``: a scenario file (TOML); ``text``: the TOML itself; neither: the embedded default
    scenario (the essay's Levant 2017, ``scenarios/levant-2017.toml``).

    Raises :class:`cordon.ScenarioError` (with ``.diagnostics``) for an invalid scenario and
    :class:`cordon.InputError` for a file that cannot be read.
    """
    return _cordon.load(_path(path), text=text)


def check(path: Optional[PathLike] = None, *, text: Optional[str] = None) -> List[Diagnostic]:
    """Every problem of a scenario, as ``cordon check`` finds them: a list of
    :class:`cordon.Diagnostic` (file, line, column, path, message, expected, hint); empty when
    the scenario is fine. Never raises for an invalid scenario."""
    return _cordon.check(_path(path), text=text)


@dataclass
class Simulation:
    """One campaign: the tables of ``cordon simulate`` (trajectory.csv, links.csv,
    events.jsonl) and its outcome."""

    coa: str
    #: ``chacha8:SEED:REPLICATION`` (stochastic runs; the key is unused in mean-field).
    stream: str
    mean_field: bool
    #: One row per step and region: fighters, posture, support base, finance, territory...
    trajectory: pd.DataFrame
    #: One row per step and inter-regional link: integrity, severed, in transit, caught.
    links: pd.DataFrame
    #: One row per event: day, kind, cause, text and the ids involved.
    events: pd.DataFrame
    #: The outcome values by name (the columns of ``Comparison.runs``).
    outcome: pd.Series


def simulate(
    scenario: Optional[Scenario] = None,
    coa: Optional[str] = None,
    *,
    seed: Optional[int] = None,
    replication: int = 0,
    mean_field: bool = False,
) -> Simulation:
    """Runs one campaign of course of action ``coa`` (default: the first) of ``scenario``
    (default: the embedded one): stochastic replication ``replication`` of ``seed`` (default:
    the scenario's), or the deterministic mean-field dynamics. Same numbers as
    ``cordon simulate``. Ctrl-C stops it."""
    s = scenario if scenario is not None else load()
    raw = _cordon.simulate(s, coa, seed=seed, replication=replication, mean_field=mean_field)
    trajectory = pd.DataFrame(raw["trajectory"])
    trajectory["defeated"] = trajectory["defeated"].astype("int64")
    links = pd.DataFrame(raw["links"])
    first = ["day", "kind", "cause", "text"]
    events = pd.DataFrame(json.loads(raw["events"]))
    if events.empty:
        events = pd.DataFrame(columns=first)
    events = events[first + [c for c in events.columns if c not in first]]
    outcome = pd.Series(raw["outcome"], index=raw["outcome_names"], name=raw["coa"], dtype="float64")
    return Simulation(raw["coa"], raw["stream"], mean_field, trajectory, links, events, outcome)


@dataclass
class Comparison:
    """Courses of action compared over common random numbers: ``cordon compare``'s tables."""

    coas: List[str]
    baseline: str
    #: One row per course and outcome: n, mean, sd, 95% CI, median, and the paired difference
    #: against the baseline (diff_mean, diff_ci_low/high, p_better; zero for the baseline).
    summary: pd.DataFrame
    #: One row per successful replication: coa, replication, stream_key, every outcome.
    runs: pd.DataFrame
    #: The outcomes: name, label, kind, better, headline.
    outcomes: pd.DataFrame
    #: Failed replications: coa, replication, message (they are left out of every statistic).
    failures: pd.DataFrame
    replications: List[int]
    seed: Optional[int] = None
    #: "fixed", or for an adaptive run (ci_width) "converged" or "ceiling".
    stop: str = "fixed"
    out: Optional[str] = None

    def table(self, outcome: str = "fighters_total") -> pd.DataFrame:
        """One outcome, one row per course of action (as the CLI's block for it)."""
        rows = self.summary[self.summary["outcome"] == outcome]
        if rows.empty:
            raise KeyError(f"no outcome {outcome!r}; outcomes: {', '.join(self.outcomes['name'])}")
        return rows.drop(columns="outcome").set_index("coa")

    def means(self) -> pd.DataFrame:
        """Mean of every outcome: courses of action × outcomes."""
        return self.summary.pivot(index="coa", columns="outcome", values="mean").loc[self.coas, list(self.outcomes["name"])]


def _comparison(raw: Mapping[str, Any], out: Optional[str]) -> Comparison:
    failures = raw.get("failures")
    return Comparison(
        coas=list(raw["coas"]),
        baseline=raw["baseline"],
        summary=pd.DataFrame(raw["summary"]),
        runs=pd.DataFrame(raw["runs"]),
        outcomes=pd.DataFrame(raw["outcomes"]),
        failures=pd.DataFrame(failures if failures is not None else {"coa": [], "replication": [], "message": []}),
        replications=list(raw["replications"]),
        seed=raw.get("seed"),
        stop=raw.get("stop", "fixed"),
        out=out,
    )


def compare(
    scenario: Optional[Scenario] = None,
    coas: Optional[Sequence[str]] = None,
    *,
    baseline: Optional[str] = None,
    reps: int = 1000,
    seed: Optional[int] = None,
    threads: int = 0,
    out: Optional[PathLike] = None,
    resume: bool = False,
    ci_width: Optional[float] = None,
    progress: ProgressArg = True,
) -> Comparison:
    """Compares courses of action (default: all) over ``reps`` replications with common random
    numbers (replication r of every course uses stream ``chacha8:SEED:r``), with paired
    differences against ``baseline`` (default: the scenario's). Same numbers as
    ``cordon compare``.

    Without ``out`` the runs stay in memory; with ``out`` the results directory is written
    exactly as ``cordon compare --out OUT --no-report`` writes it (runs.csv/.parquet,
    bands, manifest.json), can be resumed after an interruption (``resume=True``) and may stop
    adaptively (``ci_width``, as ``--ci-width``). Uses every core (``threads``: results do not
    depend on it); Ctrl-C stops it.
    """
    s = scenario if scenario is not None else load()
    o = _path(out)
    raw = run_with(
        progress, "compare", _cordon.compare, s, None if coas is None else list(coas),
        baseline=baseline, reps=reps, seed=seed, threads=threads, out=o, resume=resume, ci_width=ci_width,
    )
    return _comparison(raw, o)


def read_results(out: PathLike, *, baseline: Optional[str] = None) -> Comparison:
    """The tables of a results directory written by ``cordon compare``/``cordon run`` (or
    ``compare(out=...)``), paired against ``baseline`` (default: its first course)."""
    o = _path(out)
    return _comparison(_cordon.read_results(o, baseline=baseline), o)


@dataclass
class Sensitivity:
    """Which uncertain parameters drive an outcome: ``cordon sensitivity``'s tables."""

    method: str
    metric: str
    coa: str
    #: One row per parameter and index: parameter, index (S1, ST, mu, mu_star, sigma,
    #: spearman, categorical), value, ci_low, ci_high (sensitivity.csv).
    indices: pd.DataFrame
    #: Parameter names, most influential first.
    ranking: List[str]
    #: One row per design point, one column per parameter (its value there).
    design: pd.DataFrame
    #: One row per design point: the mean of every outcome over its replications.
    outputs: pd.DataFrame
    mean: float
    variance: float
    noise_share: float
    notes: List[str] = field(default_factory=list)
    set_aside: List[Tuple[str, str]] = field(default_factory=list)

    def table(self) -> pd.DataFrame:
        """The indices, one row per parameter (indices as columns), most influential first."""
        wide = self.indices.pivot(index="parameter", columns="index", values="value")
        return wide.loc[self.ranking]


def sensitivity(
    scenario: Optional[Scenario] = None,
    method: str = "sobol",
    n: int = 64,
    metric: str = "fighters_total",
    *,
    reps: int = 10,
    coa: Optional[str] = None,
    seed: Optional[int] = None,
    threads: int = 0,
    levels: int = 4,
    resamples: int = 1000,
    mean_field: bool = False,
    out: Optional[PathLike] = None,
    progress: ProgressArg = True,
) -> Sensitivity:
    """Sensitivity of ``metric`` (an outcome name) of course ``coa`` to the scenario's
    ``[[uncertain]]`` parameters: ``method`` "sobol" (N·(k+2) points, S1 and ST), "morris"
    (N·(k+1) points, μ*, μ, σ) or "lhs" (N points, Spearman ρ and η²). Every point runs
    ``reps`` replications on the same stream keys. Same numbers as ``cordon sensitivity``;
    with ``out``, writes its files there."""
    s = scenario if scenario is not None else load()
    raw = run_with(
        progress, "sensitivity", _cordon.sensitivity, s, method, n, metric,
        reps=reps, coa=coa, seed=seed, threads=threads, levels=levels, resamples=resamples,
        mean_field=mean_field, out=_path(out),
    )
    return Sensitivity(
        method=raw["method"],
        metric=raw["metric"],
        coa=raw["coa"],
        indices=pd.DataFrame(raw["indices"]),
        ranking=list(raw["ranking"]),
        design=pd.DataFrame(raw["design"]),
        outputs=pd.DataFrame(raw["outputs"]),
        mean=raw["mean"],
        variance=raw["variance"],
        noise_share=raw["noise_share"],
        notes=list(raw["notes"]),
        set_aside=[tuple(x) for x in raw["set_aside"]],
    )


def arm(scenario: Optional[Scenario] = None, levels: Optional[Mapping[str, str]] = None) -> Scenario:
    """The scenario whose only course of action is the strategy at ``levels`` (factor → level,
    e.g. ``{"isolation": "links-and-support", "regime": "parallel"}``; factors not given take
    their first level), generated from the capability base as ``factorial`` builds its arms."""
    s = scenario if scenario is not None else load()
    return _cordon.arm(s, list((levels or {}).items()))


@dataclass
class Factorial:
    """A factorial experiment over the strategy factors: ``cordon factorial``'s tables."""

    #: (factor, levels) of the design, and the factors that vary.
    factors: List[Tuple[str, List[str]]]
    varied: List[str]
    arms: List[str]
    #: One row per outcome and effect: outcome, order (0: grand mean, 1: main effect, 2:
    #: two-way interaction), factors, levels, effect, ci_low, ci_high, n (effects.csv).
    effects: pd.DataFrame
    #: One row per arm and outcome: arm, the level of every factor, outcome, mean, CI, n.
    cells: pd.DataFrame
    #: One row per arm and replication: every outcome.
    runs: pd.DataFrame
    reps: int
    seed: int

    def main_effects(self, outcome: str = "fighters_total") -> pd.DataFrame:
        """The main effects of one outcome: level mean minus grand mean, with 95% intervals."""
        e = self.effects
        return e[(e["outcome"] == outcome) & (e["order"] == 1)].drop(columns=["outcome", "order"])


def factorial(
    scenario: Optional[Scenario] = None,
    *,
    reps: int = 100,
    seed: Optional[int] = None,
    mean_field: bool = False,
    fix: Optional[Mapping[str, str]] = None,
    max_order: int = 2,
    threads: int = 0,
    progress: ProgressArg = True,
) -> Factorial:
    """The full factorial of the scenario's strategy factors (isolation, destruction, regime,
    proxy, sequence and any ``[[factor]]``), ``fix`` holding some at one level
    (``{"proxy": "none"}``); every arm generated from the same capability base and run
    ``reps`` times on common random numbers; effects up to ``max_order``. Same numbers as
    ``cordon factorial`` (effects.csv, cells.csv)."""
    s = scenario if scenario is not None else load()
    raw = run_with(
        progress, "factorial", _cordon.factorial, s,
        reps=reps, seed=seed, mean_field=mean_field, fix=list((fix or {}).items()),
        max_order=max_order, threads=threads,
    )
    return Factorial(
        factors=[(f, list(levels)) for f, levels in raw["factors"]],
        varied=list(raw["varied"]),
        arms=list(raw["arms"]),
        effects=pd.DataFrame(raw["effects"]),
        cells=pd.DataFrame(raw["cells"]),
        runs=pd.DataFrame(raw["runs"]),
        reps=raw["reps"],
        seed=raw["seed"],
    )




def _csv(text: str) -> pd.DataFrame:
    """A table Cordon wrote (a file's text), every number read back to the bit; empty fields
    and ``NaN`` are missing values, every other field is kept as written (a course named
    ``NA`` stays ``"NA"``)."""
    kwargs: dict = {"keep_default_na": False, "na_values": ["", "NaN"]}
    if int(pd.__version__.split(".")[0]) < 3:
        kwargs["float_precision"] = "round_trip"  # the default from pandas 3 on
    return pd.read_csv(io.StringIO(text), **kwargs)


#: The columns of satisficing.csv, for an exploration without thresholds (no such file).
_SATISFICING = ["coa", "rank", "thresholds", "met_worlds", "worlds", "share", "low", "high"]


@dataclass
class Exploration:
    """Courses of action across many plausible worlds: ``cordon explore``'s tables.

    Every table is the CLI's file of the same name, read back to the bit."""

    #: The verdict, in words (verdict.txt).
    verdict: str
    #: What the ranking rests on, in words, and the courses, most robust first.
    criterion: str
    ranking: List[str]
    coas: List[str]
    #: The uncertain parameters the worlds differ in.
    parameters: List[str]
    #: One row per world: world, then every parameter's value (worlds.csv).
    worlds: pd.DataFrame
    #: One row per world and course: the mean of every outcome over the replications, then
    #: its standard deviation (``<outcome>_sd``) (results.csv).
    results: pd.DataFrame
    #: Per metric and course: rank, distribution across worlds (mean, median, p10, p90),
    #: Savage regret (mean, p90, max) and P(best) with its interval (robustness.csv).
    robustness: pd.DataFrame
    #: Per metric and ordered pair: the share of worlds where ``coa`` beats ``versus``.
    pairwise: pd.DataFrame
    #: Per course: the share of worlds meeting every ``satisfice`` threshold (empty without).
    satisficing: pd.DataFrame
    #: PRIM's trajectory per course and question ("fails", "not_best"): coverage, density,
    #: mass, restricted dimensions, and which box is chosen (discovery.csv).
    discovery: pd.DataFrame
    #: Every box's restricted parameters: limits and quasi-p-values (boxes.csv).
    boxes: pd.DataFrame
    seed: int
    reps: int
    notes: List[str] = field(default_factory=list)
    out: Optional[str] = None

    def table(self, metric: Optional[str] = None) -> pd.DataFrame:
        """The robustness of one metric (default: the first, which ranks the courses), one
        row per course, most robust first."""
        r = self.robustness
        name = metric if metric is not None else r["metric"].iloc[0]
        rows = r[r["metric"] == name]
        if rows.empty:
            raise KeyError(f"no metric {name!r}; metrics: {', '.join(r['metric'].unique())}")
        return rows.drop(columns="metric").set_index("coa").sort_values("rank")

    def box(self, coa: str, question: str = "not_best") -> pd.DataFrame:
        """The chosen PRIM box of ``coa`` for ``question`` ("not_best": the worlds where
        another course does better on the first metric; "fails": where it misses a
        threshold): one row per restricted parameter, with its limits, quasi-p-values and,
        for a categorical parameter, the levels the box keeps (``|``-separated). Empty when
        no box was chosen."""
        b = self.boxes
        rows = b[(b["coa"] == coa) & (b["question"] == question) & b["chosen"].astype(bool)]
        return rows.drop(columns=["coa", "question", "chosen"]).set_index("parameter")


def _exploration(meta: Mapping[str, Any], text: Callable[[str], Optional[str]], out: Optional[str]) -> Exploration:
    sat = text("satisficing.csv")
    return Exploration(
        verdict=meta["verdict"],
        criterion=meta["criterion"],
        ranking=list(meta["ranking"]),
        coas=list(meta["coas"]),
        parameters=list(meta["parameters"]),
        worlds=_csv(text("worlds.csv") or ""),
        results=_csv(text("results.csv") or ""),
        robustness=_csv(text("robustness.csv") or ""),
        pairwise=_csv(text("pairwise.csv") or ""),
        satisficing=_csv(sat) if sat is not None else pd.DataFrame(columns=_SATISFICING),
        discovery=_csv(text("discovery.csv") or ""),
        boxes=_csv(text("boxes.csv") or ""),
        seed=int(meta["seed"]),
        reps=int(meta["reps"]),
        notes=list(meta.get("notes", [])),
        out=out,
    )


def _file_text(directory: str) -> Callable[[str], Optional[str]]:
    def text(name: str) -> Optional[str]:
        path = os.path.join(directory, name)
        if not os.path.exists(path):
            return None
        with open(path, encoding="utf-8") as f:
            return f.read()

    return text


def explore(
    scenario: Optional[Scenario] = None,
    coas: Optional[Sequence[str]] = None,
    *,
    worlds: int = 200,
    sampler: str = "lhs",
    reps: int = 10,
    seed: Optional[int] = None,
    mean_field: bool = False,
    factorial: bool = False,
    fix: Optional[Mapping[str, str]] = None,
    metrics: Sequence[str] = ("fighters_total", "coalition_losses", "civilian_casualties"),
    satisfice: Union[str, Sequence[str], None] = None,
    threshold: float = 0.8,
    peel_alpha: float = 0.05,
    threads: int = 0,
    out: Optional[PathLike] = None,
    resume: bool = False,
    progress: ProgressArg = True,
) -> Exploration:
    """Decisions under deep uncertainty: ``worlds`` plausible worlds drawn from the scenario's
    ``[[uncertain]]`` parameters (``sampler`` "lhs" or "sobol", seeded) × the courses of action
    (default: all; ``factorial=True``: every arm of the strategy factors, ``fix`` holding some)
    × ``reps`` replications on common random numbers (one run with ``mean_field``).

    The courses are ranked on the first of ``metrics`` by regret and P(best) across worlds;
    ``satisfice`` ("fighters_total<2000,coalition_losses<10000", or a list of such
    conditions) adds the share of worlds meeting every threshold; PRIM (``threshold``,
    ``peel_alpha``) finds the worlds where each course fails or is not the best. Same tables
    as ``cordon explore``, to the bit.

    Without ``out`` everything stays in memory; with ``out`` the directory is written exactly
    as ``cordon explore --out OUT`` writes it, and ``resume=True`` finishes an interrupted
    one. Uses every core (results do not depend on ``threads``); Ctrl-C stops it.
    """
    s = scenario if scenario is not None else load()
    if satisfice is not None and not isinstance(satisfice, str):
        satisfice = ",".join(satisfice)
    o = _path(out)
    raw = run_with(
        progress, "explore", _cordon.explore, s, None if coas is None else list(coas),
        worlds=worlds, sampler=sampler, reps=reps, seed=seed, mean_field=mean_field,
        factorial=factorial, fix=None if fix is None else list(fix.items()), metrics=list(metrics),
        satisfice=satisfice, threshold=threshold, peel_alpha=peel_alpha, threads=threads,
        out=o, resume=resume,
    )
    text = _file_text(o) if o is not None else raw["files"].get
    return _exploration(raw, text, o)


def read_exploration(out: PathLike) -> Exploration:
    """The tables of a directory written by ``cordon explore`` (or ``explore(out=...)``)."""
    o = _path(out)
    if o is None or not os.path.isfile(os.path.join(o, "manifest.json")):
        raise InputError(f"{o} holds no exploration (no manifest.json): run cordon explore --out {o}")
    with open(os.path.join(o, "manifest.json"), encoding="utf-8") as f:
        manifest = json.load(f)
    analysis = manifest.get("analysis")
    if manifest.get("command") != "explore" or not analysis:
        raise InputError(f"{o} is not a whole exploration (a shard? merge the shards first)")
    plan = manifest["plan"]
    meta = {
        "verdict": analysis["verdict"],
        "criterion": analysis["criterion"],
        "ranking": analysis["ranking"],
        "coas": plan["coas"],
        "parameters": plan["parameters"],
        "seed": plan["seed"],
        "reps": plan["replications"],
    }
    return _exploration(meta, _file_text(o), o)
