"""Network analysis and optimal interdiction (``cordon network``, ``cordon interdict``) on a
NetworkX graph, an edge DataFrame or a scenario's links.

A graph is given as:

- a NetworkX ``Graph``/``DiGraph``: nodes by ``str(node)``, edge attributes ``capacity``,
  ``cost``, ``length``, ``delay`` and ``kind`` (each optional: capacity, cost and length
  default to 1; no delay means an interdicted arc is removed);
- a DataFrame with ``from`` and ``to`` columns (or NetworkX's ``source`` and ``target``) and
  any of the attribute columns; directed unless ``directed=False``;
- a :class:`cordon.Scenario`: its inter-regional links, as ``cordon network --scenario``
  builds them (:func:`scenario_edges`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, List, Optional, Sequence, Tuple

import pandas as pd

from . import _cordon
from ._cordon import Scenario

_Arc = Tuple[str, str, float, float, float, Optional[float], Optional[str]]


def _number(value: Any, default: float) -> float:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return default
    return float(value)


def _optional(value: Any) -> Any:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return value


def _arc(frm: Any, to: Any, attrs: Any) -> _Arc:
    get = attrs.get
    delay = _optional(get("delay"))
    kind = _optional(get("kind"))
    return (
        str(frm),
        str(to),
        _number(get("capacity"), 1.0),
        _number(get("cost"), 1.0),
        _number(get("length"), 1.0),
        None if delay is None else float(delay),
        None if kind is None else str(kind),
    )


def scenario_edges(scenario: Scenario, kinds: Optional[Sequence[str]] = None) -> pd.DataFrame:
    """A scenario's inter-regional links as a directed edge table, as ``cordon network
    --scenario`` builds its graph: bidirectional links both ways, parallel links of one
    direction merged (capacities added, cost 1 per link, the longest travel time, kinds joined
    with ``+``); length is the travel time in days (at least 1). ``kinds``: only these link
    kinds (fighters, finance, command, propaganda)."""
    links = pd.DataFrame(scenario.links)
    arcs: dict = {}
    for link in links.to_dict("records"):
        if kinds and link["kind"] not in kinds:
            continue
        a, b = link["from"], link["to"]
        for frm, to in ([(a, b), (b, a)] if link["bidirectional"] else [(a, b)]):
            arc = arcs.get((frm, to))
            if arc is None:
                arcs[(frm, to)] = {
                    "from": frm, "to": to, "capacity": link["capacity"], "cost": 1.0,
                    "length": max(link["travel_days"], 1.0), "kind": link["kind"],
                }
            else:
                arc["capacity"] += link["capacity"]
                arc["cost"] += 1.0
                arc["length"] = max(arc["length"], link["travel_days"])
                if link["kind"] not in arc["kind"].split("+"):
                    arc["kind"] += "+" + link["kind"]
    return pd.DataFrame(list(arcs.values()), columns=["from", "to", "capacity", "cost", "length", "kind"])


def _parts(graph: Any, directed: Optional[bool]) -> Tuple[bool, List[str], List[_Arc]]:
    """(directed, nodes, arcs) of a NetworkX graph, an edge DataFrame or a scenario."""
    if isinstance(graph, Scenario):
        # Every region is a node, in file order (as the CLI builds it: results to the bit).
        _, _, arcs = _parts(scenario_edges(graph), True)
        return (True if directed is None else directed), list(graph.regions), arcs
    if isinstance(graph, pd.DataFrame):
        cols = set(graph.columns)
        frm, to = ("from", "to") if {"from", "to"} <= cols else ("source", "target")
        if not {frm, to} <= cols:
            raise _cordon_input("an edge table needs the columns from and to (or source and target)")
        nodes: List[str] = []
        seen = set()
        arcs = []
        for row in graph.to_dict("records"):
            a, b = str(row[frm]), str(row[to])
            for n in (a, b):
                if n not in seen:
                    seen.add(n)
                    nodes.append(n)
            arcs.append(_arc(a, b, row))
        return (True if directed is None else directed), nodes, arcs
    if hasattr(graph, "edges") and hasattr(graph, "is_directed"):
        nodes = [str(n) for n in graph.nodes]
        arcs = [_arc(a, b, attrs) for a, b, attrs in graph.edges(data=True)]
        is_directed = bool(graph.is_directed())
        if directed is not None and directed != is_directed:
            raise _cordon_input("directed= disagrees with the NetworkX graph's own kind")
        return is_directed, nodes, arcs
    raise TypeError(f"expected a NetworkX graph, an edge DataFrame or a cordon.Scenario, not {type(graph).__name__}")


def _cordon_input(message: str) -> Exception:
    from ._errors import InputError

    return InputError(message)


def metrics(
    graph: Any,
    measures: Optional[Sequence[str]] = None,
    *,
    directed: Optional[bool] = None,
    tol: float = 1e-6,
    max_iter: int = 100,
) -> pd.DataFrame:
    """Node measures, indexed by node: degree, strength, betweenness (``length`` as distance),
    closeness, eigenvector and PageRank (``capacity`` as weight), and the in/out variants of a
    directed graph; NetworkX's definitions and defaults. ``df.attrs["not_converged"]`` lists
    the power iterations that did not converge (their columns are left out)."""
    d, nodes, arcs = _parts(graph, directed)
    columns, not_converged = _cordon.net_metrics(
        d, nodes, arcs, None if measures is None else list(measures), tol, max_iter
    )
    df = pd.DataFrame(columns).set_index("node")
    df.attrs["not_converged"] = list(not_converged)
    return df


@dataclass
class KeyPlayers:
    """The best set of key players found."""

    nodes: List[str]
    value: float
    measure: str
    #: "exact" (optimal) or "greedy-swap" (a local optimum).
    method: str
    sets_evaluated: int
    reason: str


def key_players(
    graph: Any,
    k: int,
    measure: str = "fragmentation",
    *,
    m: Optional[float] = None,
    search: str = "auto",
    directed: Optional[bool] = None,
) -> KeyPlayers:
    """The ``k`` nodes that best fragment the network when removed ("fragmentation",
    "distance-fragmentation") or best reach it ("reach", "m-reach" within ``m``), Borgatti
    (2006); exact when affordable (``search``: auto, exact, greedy)."""
    d, nodes, arcs = _parts(graph, directed)
    raw = _cordon.net_key_players(d, nodes, arcs, k, measure, m, search)
    return KeyPlayers(**raw)


@dataclass
class Interdiction:
    """An optimal (or, past a time limit, the best found) interdiction."""

    objective: str
    solver: str
    #: The value with nothing cut, and after cutting ``arcs`` (shortest path: ``inf`` when the
    #: sink is cut off).
    before: float
    value: float
    cost: float
    #: The arcs to cut, as (from, to) pairs.
    arcs: List[Tuple[str, str]]
    #: "optimal", "within-gap" or "stopped".
    status: str
    bound: float
    gap: float
    #: The methods that ran, in order, and what each found.
    chain: List[Tuple[str, str]]
    mip_objective: Optional[float]
    sets_evaluated: Optional[int]


def interdict(
    graph: Any,
    source: str,
    sink: str,
    budget: float,
    *,
    objective: str = "max-flow",
    solver: str = "auto",
    gap: float = 0.0,
    time_limit: Optional[float] = None,
    directed: Optional[bool] = None,
) -> Interdiction:
    """The arcs to cut within ``budget`` (in ``cost`` units) to minimise the ``source``–``sink``
    max flow (``objective="max-flow"``, Wood 1993) or maximise its shortest path
    (``"shortest-path"``, Israeli & Wood 2002). Same results as ``cordon interdict``."""
    d, nodes, arcs = _parts(graph, directed)
    raw = _cordon.net_interdict(d, nodes, arcs, objective, str(source), str(sink), budget, solver, gap, time_limit)
    raw["arcs"] = [tuple(a) for a in raw["arcs"]]
    raw["chain"] = [tuple(c) for c in raw["chain"]]
    return Interdiction(**raw)
