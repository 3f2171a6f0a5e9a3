"""Cordon in Python: campaign analysis of a coalition strategy against a networked adversary.

    >>> import cordon
    >>> s = cordon.load()                      # the embedded scenario (Levant 2017)
    >>> cmp = cordon.compare(s, reps=200)      # every course of action, common random numbers
    >>> cmp.table("fighters_total")            # a pandas DataFrame

Functions: :func:`load`, :func:`check`, :func:`simulate`, :func:`compare`,
:func:`read_results`, :func:`explore`, :func:`read_exploration`, :func:`sensitivity`,
:func:`factorial`; sensitivity analysis and PRIM for any model in :mod:`cordon.sa`; network
analysis and interdiction in :mod:`cordon.network`; the EMA Workbench adapter in
:mod:`cordon.ema`.
The numbers are the CLI's, bit for bit, for the same scenario and seed. See docs/python.md.
"""

from . import network, sa
from ._api import (
    Comparison,
    Exploration,
    Factorial,
    Sensitivity,
    Simulation,
    arm,
    check,
    compare,
    explore,
    factorial,
    load,
    read_exploration,
    read_results,
    sensitivity,
    simulate,
)
from ._cordon import DEFAULT_SCENARIO_NAME, Diagnostic, Scenario, __version__
from ._errors import CordonError, InputError, RunError, ScenarioError

__all__ = [
    "DEFAULT_SCENARIO_NAME",
    "Comparison",
    "CordonError",
    "Diagnostic",
    "Exploration",
    "Factorial",
    "InputError",
    "RunError",
    "Scenario",
    "ScenarioError",
    "Sensitivity",
    "Simulation",
    "__version__",
    "arm",
    "check",
    "compare",
    "explore",
    "factorial",
    "load",
    "network",
    "read_exploration",
    "read_results",
    "sa",
    "sensitivity",
    "simulate",
]
