"""The EMA Workbench adapter: a Cordon scenario as an ``ema_workbench`` ``Model``, so that
EMA's own samplers, ``perform_experiments``, PRIM and optimisers run on Cordon unchanged.

    >>> from ema_workbench import perform_experiments
    >>> import cordon, cordon.ema
    >>> m = cordon.ema.model(cordon.load(), reps=10)
    >>> experiments, outcomes = perform_experiments(m, scenarios=100, policies=4)

- **Uncertainties** are the scenario's ``[[uncertain]]`` parameters, with their declared
  distributions (uniform, log-uniform, triangular, truncated normal as scipy distributions;
  categorical as ``CategoricalParameter``, its weights not carried over: EMA samples the
  categories uniformly).
- **Levers** are the courses of action (``levers="courses"``: one categorical lever ``coa``)
  or the strategy factors (``levers="factors"``: isolation, destruction, regime, proxy,
  sequence and any ``[[factor]]``, each a categorical lever; every combination is a course
  generated from the capability base, as ``cordon factorial`` builds its arms).
- **Outcomes** are Cordon's outcomes (default: all), each the mean over ``reps`` stochastic
  replications on common random numbers (streams ``chacha8:SEED:0..reps``), or the
  mean-field value.

EMA names must be Python identifiers: a field or outcome name is turned into one by replacing
every other character with ``_`` (``region.levant.sanctuary`` → ``region_levant_sanctuary``,
``fighters_south-asia`` → ``fighters_south_asia``); :func:`names` gives the mapping.

This module needs ``ema_workbench`` (``pip install ema-workbench``); the rest of Cordon does
not.
"""

from __future__ import annotations

import math
import re
from typing import Any, Dict, List, Optional, Sequence

from ._api import arm, compare, simulate
from ._cordon import Scenario

__all__ = ["model", "names", "identifier"]


def identifier(name: str) -> str:
    """``name`` as a Python identifier (what EMA requires of every name)."""
    ident = re.sub(r"\W", "_", name)
    return "_" + ident if not ident or ident[0].isdigit() else ident


def names(scenario: Scenario, outcomes: Optional[Sequence[str]] = None) -> Dict[str, str]:
    """EMA name → Cordon name, for the uncertain fields and the outcomes."""
    mapping = {identifier(u["field"]): u["field"] for u in scenario.uncertain}
    for o in outcomes if outcomes is not None else scenario.outcomes:
        mapping[identifier(o)] = o
    return mapping


def _uncertainty(u: Dict[str, Any]) -> Any:
    import scipy.stats as st
    from ema_workbench import CategoricalParameter, RealParameter

    name = identifier(u["field"])
    dist = u["dist"]
    if dist == "categorical":
        return CategoricalParameter(name, list(u["values"]))
    low, high = u["low"], u["high"]
    if dist == "uniform":
        return RealParameter(name, low, high)
    if dist == "loguniform":
        return RealParameter.from_dist(name, st.loguniform(low, high))
    if dist == "triangular":
        width = high - low
        return RealParameter.from_dist(name, st.triang((u["mode"] - low) / width, loc=low, scale=width))
    if dist == "normal":
        mean, sd = u["mean"], u["sd"]
        return RealParameter.from_dist(name, st.truncnorm((low - mean) / sd, (high - mean) / sd, loc=mean, scale=sd))
    raise ValueError(f"unknown distribution {dist!r} of {u['field']}")


def _plain(value: Any) -> Any:
    """A value EMA passed (numpy scalars included) as a plain Python number or string."""
    if isinstance(value, str):
        return value
    if hasattr(value, "item"):
        value = value.item()
    return value if isinstance(value, str) else float(value)


def model(
    scenario: Optional[Scenario] = None,
    *,
    name: str = "cordon",
    levers: str = "courses",
    outcomes: Optional[Sequence[str]] = None,
    reps: int = 10,
    seed: Optional[int] = None,
    mean_field: bool = False,
    threads: int = 0,
) -> Any:
    """An ``ema_workbench.Model`` that runs ``scenario`` (default: the embedded one).

    Each experiment sets the uncertain fields (``Scenario.with_values``), picks the course
    (``levers="courses"``; default the scenario's baseline) or builds it from the factor levels
    (``levers="factors"``; a factor not given keeps its first level), and returns the mean of
    every outcome over ``reps`` replications (or the mean-field value with ``mean_field``).
    """
    from ema_workbench import CategoricalParameter, Model, ScalarOutcome

    from . import load

    s = scenario if scenario is not None else load()
    if levers not in ("courses", "factors"):
        raise ValueError(f'levers must be "courses" or "factors", not {levers!r}')
    wanted: List[str] = list(outcomes) if outcomes is not None else list(s.outcomes)
    unknown = [o for o in wanted if o not in s.outcomes]
    if unknown:
        raise ValueError(f"unknown outcomes {unknown}; the scenario has: {', '.join(s.outcomes)}")
    fields = {identifier(u["field"]): u["field"] for u in s.uncertain}
    factors = dict(s.factors)
    factor_names = {identifier(f): f for f in factors}

    def run(**experiment: Any) -> Dict[str, float]:
        values = {fields[k]: _plain(v) for k, v in experiment.items() if k in fields}
        scen = s.with_values(values) if values else s
        if levers == "factors":
            levels = {factor_names[k]: str(v) for k, v in experiment.items() if k in factor_names}
            scen = arm(scen, levels)
            coa = None
        else:
            coa = str(experiment.get("coa", s.baseline))
        if mean_field:
            sim = simulate(scen, coa, seed=seed, mean_field=True)
            means = sim.outcome
        else:
            chosen = None if coa is None else [coa]
            cmp = compare(scen, chosen, baseline=coa, reps=reps, seed=seed, threads=threads, progress=False)
            table = cmp.summary[cmp.summary["coa"] == cmp.coas[0]].set_index("outcome")["mean"]
            means = table
        return {identifier(o): float(means[o]) if not math.isnan(means[o]) else math.nan for o in wanted}

    m = Model(identifier(name), function=run)
    m.uncertainties = [_uncertainty(u) for u in s.uncertain]
    if levers == "courses":
        m.levers = [CategoricalParameter("coa", [c["id"] for c in s.courses])]
    else:
        m.levers = [CategoricalParameter(identifier(f), list(levels)) for f, levels in factors.items()]
    m.outcomes = [ScalarOutcome(identifier(o)) for o in wanted]
    return m
