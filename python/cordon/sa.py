"""Sensitivity analysis and scenario discovery for any model: ``cordon sa sample``,
``cordon sa analyze`` and ``cordon prim`` as functions over pandas tables.

    >>> from cordon import sa
    >>> problem = {"num_vars": 3, "names": ["x1", "x2", "x3"], "bounds": [[-3.14159, 3.14159]] * 3}
    >>> X = sa.sample(problem, "sobol", 1024)              # Saltelli: N·(k+2) rows
    >>> Y = my_model(X.to_numpy())                          # any model, one output per row
    >>> res = sa.analyze(problem, X, Y, "sobol")            # S1 and ST with intervals
    >>> res.indices                                         # a DataFrame, one row per parameter

Parameters are a SALib problem dict (``names``, ``bounds``, optional ``dists``) or a SALib
parameter file (``name lower upper [group [dist]]`` per line). Designs use SALib's row layouts,
so either step can be done with SALib instead. The numbers are the CLI's, bit for bit
(``to_salib()`` gives SALib's result keys). Estimators and formats: docs/sensitivity.md.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from typing import Any, Dict, List, Mapping, Optional, Sequence, Tuple, Union

import numpy as np
import pandas as pd

from . import _cordon
from ._errors import InputError

PathLike = Union[str, "os.PathLike[str]"]
Params = Union[PathLike, Mapping[str, Any]]

__all__ = ["Cart", "Indices", "Prim", "analyze", "cart", "prim", "sample"]


def _read(path: PathLike) -> Tuple[str, str]:
    """A file's name and text, with the CLI's messages."""
    name = os.fspath(path)
    if os.path.isdir(name):
        raise InputError(f"{name} is a directory, not a file")
    try:
        with open(name, encoding="utf-8") as f:
            return name, f.read()
    except UnicodeDecodeError:
        raise InputError(f"{name}: not valid UTF-8 text") from None
    except OSError as e:
        raise InputError(f"cannot read {name}: {e.strerror or e}") from None


def _params(params: Params) -> Tuple[str, str]:
    """(name, text) of a SALib parameter file, from a path or a SALib problem dict."""
    if not isinstance(params, Mapping):
        return _read(params)
    names = list(params["names"])
    bounds = [list(b) for b in params["bounds"]]
    if len(bounds) != len(names):
        raise InputError(f"problem: {len(names)} names for {len(bounds)} bounds")
    dists = params.get("dists")
    groups = params.get("groups")
    lines = []
    for i, (name, b) in enumerate(zip(names, bounds)):
        if len(b) != 2:
            raise InputError(f"problem: parameter {name!r} has {len(b)} bounds; 2 are needed")
        line = f"{name} {float(b[0])!r} {float(b[1])!r}"
        group = groups[i] if groups is not None else None
        dist = dists[i] if dists is not None else None
        if group is not None or dist is not None:
            line += f" {group if group is not None else 'NA'}"
        if dist is not None:
            line += f" {dist}"
        lines.append(line)
    return "problem", "\n".join(lines) + "\n"


def sample(
    params: Params,
    method: str = "sobol",
    n: int = 1024,
    *,
    seed: int = 0,
    levels: int = 4,
    skip: int = 1,
    scramble: bool = False,
) -> pd.DataFrame:
    """A design, one row per model run and one column per parameter: ``method`` "sobol"
    (Saltelli's N·(k+2) rows for S1 and ST; ``skip`` points of the sequence are dropped, 1 as
    SALib's ``skip_values=1``; ``scramble`` shifts them digitally from ``seed``), "morris"
    (``n`` trajectories of k+1 rows on a ``levels`` grid) or "lhs" (``n`` rows). Same numbers
    as ``cordon sa sample``."""
    raw = _cordon.sa_sample(_params(params), method, n, seed=seed, levels=levels, skip=skip, scramble=scramble)
    names = list(raw["names"])
    values = raw["values"]
    k = len(names)
    rows = [values[i * k:(i + 1) * k] for i in range(raw["rows"])]
    return pd.DataFrame(rows, columns=names, dtype="float64")


@dataclass
class Indices:
    """Sensitivity indices: ``cordon sa analyze``'s result."""

    #: "sobol" or "morris".
    method: str
    #: One row per parameter, in the parameters' order. Sobol: S1, S1_low, S1_high, ST,
    #: ST_low, ST_high; Morris: mu, mu_star, mu_star_low, mu_star_high, sigma.
    indices: pd.DataFrame
    #: Parameter names, most influential first (by ST, or by μ*).
    ranking: List[str]
    #: ``cordon sa analyze --json``'s document, as a dict.
    raw: Dict[str, Any]

    def to_salib(self) -> Dict[str, Any]:
        """SALib's result keys: names, S1, S1_conf, ST, ST_conf (Sobol) or mu, mu_star,
        sigma, mu_star_conf (Morris); ``_conf`` is the interval's half-width (with
        ``ci="normal"``, z·sd as SALib)."""
        t = self.indices
        out: Dict[str, Any] = {"names": list(t["parameter"])}
        if self.method == "sobol":
            for k in ("S1", "ST"):
                out[k] = t[k].to_numpy()
                out[f"{k}_conf"] = ((t[f"{k}_high"] - t[f"{k}_low"]) / 2).to_numpy()
        else:
            for k in ("mu", "mu_star", "sigma"):
                out[k] = t[k].to_numpy()
            out["mu_star_conf"] = ((t["mu_star_high"] - t["mu_star_low"]) / 2).to_numpy()
        return out


def _design(design: Any, names: Sequence[str]) -> Dict[str, Any]:
    if isinstance(design, (str, os.PathLike)):
        return {"design_csv": _read(design)}
    if isinstance(design, pd.DataFrame) and set(names) <= set(design.columns):
        design = design[list(names)]
    frame = pd.DataFrame(design)
    if frame.shape[1] != len(names):
        raise InputError(f"design: {frame.shape[1]} columns for {len(names)} parameters ({', '.join(names)})")
    return {"design": frame.to_numpy(dtype="float64").ravel().tolist()}


def _outputs(outputs: Any) -> Dict[str, Any]:
    if isinstance(outputs, (str, os.PathLike)):
        return {"outputs_csv": _read(outputs)}
    values = np.asarray(outputs, dtype="float64")
    if values.ndim == 2 and values.shape[1] == 1:
        values = values[:, 0]
    if values.ndim != 1:
        raise InputError(f"outputs: shape {values.shape}; give one value per design row")
    return {"outputs": values.tolist()}


def analyze(
    params: Params,
    design: Any,
    outputs: Any,
    method: str = "sobol",
    *,
    column: Optional[str] = None,
    levels: int = 4,
    resamples: int = 1000,
    confidence: float = 0.95,
    ci: str = "normal",
    seed: int = 0,
) -> Indices:
    """Sobol (S1 after Saltelli 2010, ST after Jansen) or Morris (μ, μ*, σ) indices from a
    design made by the same ``method`` (a DataFrame, an array of rows, or a CSV file as
    ``cordon sa sample`` or SALib writes it) and the model's ``outputs`` (one per row: an
    array, a Series, or a CSV file whose ``column`` to read), with ``resamples`` bootstrap
    intervals at ``confidence`` (``ci`` "normal" as SALib, or "percentile"; seeded). Morris
    needs the grid ``levels`` of the design. Same numbers as ``cordon sa analyze``."""
    name, text = _params(params)
    names = _cordon.sa_names((name, text))
    kwargs: Dict[str, Any] = {**_design(design, names), **_outputs(outputs)}
    if column is not None:
        kwargs["column"] = str(column)
    doc = json.loads(_cordon.sa_analyze(
        (name, text), method, levels=levels, resamples=resamples, confidence=confidence,
        ci=ci, seed=seed, **kwargs,
    ))
    rows = []
    for i in doc["indices"]:
        if method == "sobol":
            rows.append({
                "parameter": i["name"],
                "S1": i["s1"]["value"], "S1_low": i["s1"]["low"], "S1_high": i["s1"]["high"],
                "ST": i["st"]["value"], "ST_low": i["st"]["low"], "ST_high": i["st"]["high"],
            })
        else:
            rows.append({
                "parameter": i["name"], "mu": i["mu"],
                "mu_star": i["mu_star"]["value"], "mu_star_low": i["mu_star"]["low"],
                "mu_star_high": i["mu_star"]["high"], "sigma": i["sigma"],
            })
    table = pd.DataFrame(rows).astype({c: "float64" for c in rows[0] if c != "parameter"})
    key = "ST" if method == "sobol" else "mu_star"
    ranking = list(table.sort_values([key, "parameter"], ascending=[False, True], kind="mergesort")["parameter"])
    return Indices(method=method, indices=table, ranking=ranking, raw=doc)


def _discovery_data(x: pd.DataFrame, y: Any) -> Tuple[List[str], List[List[float]], List[float]]:
    """The inputs' names and columns and the outcome, as the scenario-discovery functions take
    them."""
    frame = pd.DataFrame(x)
    names = [str(c) for c in frame.columns]
    columns = [frame[c].to_numpy(dtype="float64").tolist() for c in frame.columns]
    return names, columns, pd.Series(y).to_numpy(dtype="float64").tolist()


@dataclass
class Prim:
    """Scenario discovery with PRIM (the EMA Workbench's algorithm): ``cordon prim``'s
    result."""

    #: One row per box of the peeling and pasting trajectory: box, phase, coverage, density,
    #: mass, n (cases inside), k (cases of interest inside), res_dim, chosen.
    trajectory: pd.DataFrame
    #: The chosen box (the first reaching the density threshold), or None.
    chosen: Optional[int]
    #: Per box and restricted input: lower, upper, qp_lower, qp_upper.
    boxes: pd.DataFrame
    #: The chosen box's stability over resamples: input, reproduce_coverage, reproduce_density.
    stability: pd.DataFrame
    #: ``cordon prim --json``'s ``prim`` and ``stability``, as a dict.
    raw: Dict[str, Any]

    def box(self, i: Optional[int] = None) -> pd.DataFrame:
        """The limits of box ``i`` (default: the chosen one), one row per restricted input."""
        i = self.chosen if i is None else i
        if i is None:
            return self.boxes.iloc[0:0].drop(columns="box").set_index("input")
        b = self.boxes
        return b[b["box"] == i].drop(columns="box").set_index("input")


def prim(
    x: pd.DataFrame,
    y: Any,
    *,
    above: Optional[float] = None,
    below: Optional[float] = None,
    peel_alpha: float = 0.05,
    paste_alpha: float = 0.05,
    mass_min: float = 0.05,
    threshold: float = 0.8,
    box: Optional[int] = None,
    resamples: int = 10,
    seed: int = 1,
) -> Prim:
    """PRIM on the numeric inputs ``x`` (one column per input) and the outcome ``y`` (0/1 or
    booleans; a number classified by ``above``/``below``): the trajectory, the chosen box
    (the first with density ≥ ``threshold``, or ``box``) with quasi-p-values, and its
    stability over ``resamples`` random halves (seeded). Same numbers as ``cordon prim``."""
    names, columns, values = _discovery_data(x, y)
    doc = json.loads(_cordon.sa_prim(
        names, columns, values, above=above, below=below, peel_alpha=peel_alpha,
        paste_alpha=paste_alpha, mass_min=mass_min, threshold=threshold, box_index=box,
        resamples=resamples, seed=seed,
    ))
    p = doc["prim"]
    trajectory = pd.DataFrame([
        {"box": i, "phase": b["phase"], "coverage": b["coverage"], "density": b["density"],
         "mass": b["mass"], "n": b["n"], "k": b["k"], "res_dim": len(b["restricted"]),
         "chosen": p["chosen"] == i}
        for i, b in enumerate(p["trajectory"])
    ])
    boxes = pd.DataFrame(
        [
            {"box": i, "input": p["inputs"][q["input"]],
             "lower": b["limits"][q["input"]]["lower"], "upper": b["limits"][q["input"]]["upper"],
             "qp_lower": q["lower"], "qp_upper": q["upper"]}
            for i, b in enumerate(p["trajectory"]) for q in b["quasi_p"]
        ],
        columns=["box", "input", "lower", "upper", "qp_lower", "qp_upper"],
    ).astype({"qp_lower": "float64", "qp_upper": "float64"})
    stability = pd.DataFrame(
        [{"input": p["inputs"][s["input"]], "reproduce_coverage": s["reproduce_coverage"],
          "reproduce_density": s["reproduce_density"]} for s in doc["stability"]],
        columns=["input", "reproduce_coverage", "reproduce_density"],
    )
    return Prim(trajectory=trajectory, chosen=p["chosen"], boxes=boxes, stability=stability, raw=doc)


@dataclass
class Cart:
    """Scenario discovery with CART (scikit-learn's tree as the EMA Workbench grows it, each
    leaf read as a box): ``cordon prim --cart``'s tree."""

    #: One row per leaf: node, n (cases inside), k (cases of interest inside), coverage,
    #: density, mass, res_dim; sorted by density, then coverage (the most telling first).
    leaves: pd.DataFrame
    #: Per leaf and restricted input: node, input, lower, upper.
    boxes: pd.DataFrame
    #: One row per node, in scikit-learn's pre-order: node, input and threshold of its split
    #: (``x <= threshold`` goes left; empty for a leaf), left, right, n, k.
    nodes: pd.DataFrame
    #: ``cordon prim --cart --json``'s ``cart``, as a dict.
    raw: Dict[str, Any]

    def box(self, node: Optional[int] = None) -> pd.DataFrame:
        """The limits of leaf ``node`` (default: the densest leaf), one row per restricted
        input."""
        node = int(self.leaves["node"].iloc[0]) if node is None else node
        b = self.boxes
        return b[b["node"] == node].drop(columns="node").set_index("input")


def cart(
    x: pd.DataFrame,
    y: Any,
    *,
    above: Optional[float] = None,
    below: Optional[float] = None,
    mass_min: float = 0.05,
) -> Cart:
    """CART on the numeric inputs ``x`` (one column per input) and the outcome ``y`` (0/1 or
    booleans; a number classified by ``above``/``below``): a classification tree by Gini
    impurity with leaves of at least ⌊``mass_min`` · n⌋ cases, its leaves read as boxes of
    the inputs. Same tree as ``cordon prim --cart``."""
    names, columns, values = _discovery_data(x, y)
    doc = json.loads(_cordon.sa_cart(names, columns, values, above=above, below=below, mass_min=mass_min))
    inputs, nodes = doc["inputs"], doc["nodes"]
    leaves = pd.DataFrame(
        [{"node": f["node"], "n": nodes[f["node"]]["n"], "k": nodes[f["node"]]["k"],
          "coverage": f["coverage"], "density": f["density"], "mass": f["mass"],
          "res_dim": f["res_dim"]} for f in doc["leaves"]],
        columns=["node", "n", "k", "coverage", "density", "mass", "res_dim"],
    ).sort_values(["density", "coverage", "node"], ascending=[False, False, True], kind="mergesort")
    boxes = pd.DataFrame(
        [{"node": f["node"], "input": inputs[j], "lower": lim["lower"], "upper": lim["upper"]}
         for f in doc["leaves"] for j, lim in enumerate(f["limits"]) if lim != doc["range"][j]],
        columns=["node", "input", "lower", "upper"],
    )
    table = pd.DataFrame(
        [{"node": i, "input": inputs[n["split"][0]] if n["split"] else None,
          "threshold": n["split"][1] if n["split"] else float("nan"),
          "left": n["left"], "right": n["right"], "n": n["n"], "k": n["k"]}
         for i, n in enumerate(nodes)],
        columns=["node", "input", "threshold", "left", "right", "n", "k"],
    )
    return Cart(leaves=leaves.reset_index(drop=True), boxes=boxes, nodes=table, raw=doc)
