"""The peers of bench/run.py and the inputs they share with Cordon (seeded generators).

Each peer function does the work alone on input already read (its setup is not timed) and
returns its result; bench/run.py times it with the process clock and compares. The peers:

- `spi_highs`: shortest-path interdiction (Israeli & Wood 2002) as one MIP solved by HiGHS
  (highspy): the inner shortest path replaced by its LP dual, potentials pi with
  pi_s = 0 and pi_j - pi_i - d_a x_a <= c_a for each arc a = (i, j), sum r_a x_a <= R, x binary,
  maximise pi_t. An arc without a delay is removed when interdicted: d_a = M, one more than the
  sum of all lengths, as Cordon defines it (docs/network.md), so both solve the same problem.
- `mfi_highs`: max-flow interdiction (Wood 1993) as one MIP: cut indicators alpha (alpha_s = 0,
  alpha_t = 1), beta_a (arc in the cut, paid u_a) and gamma_a (arc in the cut, interdicted),
  alpha_j - alpha_i - beta_a - gamma_a <= 0, sum r_a gamma_a <= R, gamma binary, minimise
  sum u_a beta_a.
- `keyplayer_greedy_swap`: Borgatti's KPP-Neg fragmentation with greedy construction then
  best-improvement swaps, in plain Python, in the order Cordon documents (candidates by node
  name, strict improvement beyond 1e-12, the first best kept), so both should pick the same set.
- `g_function`: Sobol's G function, the model both Sobol analyses are given.
"""

import os
import random
import sys
from collections import deque

_BANNER_SHOWN = False

# --- inputs -----------------------------------------------------------------------------------


def mfi_graph(nodes, arcs, seed):
    """A max-flow interdiction instance like crates/net/benches/interdiction.rs's: a random
    directed graph of `arcs` distinct arcs, source n0 with 15 leaving arcs and sink n{nodes-1}
    with 15 entering arcs (capacities 50-100, cost 100, beyond any budget used here), the other
    arcs capacities 1-20 and unit cost, so cuts lie inside the random part."""
    rng = random.Random(seed)
    sink = nodes - 1
    seen = set()
    rows = ["from,to,capacity,cost"]

    def push(a, b):
        if a == b or a == sink or b == 0 or (a, b) in seen:
            return
        seen.add((a, b))
        if a == 0 or b == sink:
            rows.append(f"n{a},n{b},{rng.randint(50, 100)},100")
        else:
            rows.append(f"n{a},n{b},{rng.randint(1, 20)},1")

    while len(seen) < 15:
        push(0, rng.randint(1, nodes - 2))
    while len(seen) < 30:
        push(rng.randint(1, nodes - 2), sink)
    while len(seen) < arcs:
        push(rng.randrange(nodes), rng.randrange(nodes))
    return rows, "n0", f"n{sink}"


def read_arcs(path):
    """(from, to, row dict) per data row of an edge-list CSV, in file order."""
    with open(path) as f:
        header = f.readline().strip().split(",")
        out = []
        for line in f:
            if line.strip():
                row = dict(zip(header, line.strip().split(",")))
                out.append((row["from"], row["to"], row))
    return out


# --- interdiction MIPs (HiGHS) ------------------------------------------------------------------


def _highs(time_limit):
    import highspy

    global _BANNER_SHOWN
    if not _BANNER_SHOWN:  # the first Highs() prints a banner on stdout: keep it off the table
        sys.stdout.flush()
        saved = os.dup(1)
        with open(os.devnull, "w") as null:
            os.dup2(null.fileno(), 1)
            try:
                highspy.Highs()
            finally:
                os.dup2(saved, 1)
                os.close(saved)
        _BANNER_SHOWN = True
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("threads", 1)
    h.setOptionValue("mip_rel_gap", 0.0)
    h.setOptionValue("mip_abs_gap", 0.0)
    if time_limit:
        h.setOptionValue("time_limit", float(time_limit))
    return h, highspy


def _solve(h, highspy):
    h.run()
    status = h.modelStatusToString(h.getModelStatus())
    info = h.getInfo()
    return status, info.objective_function_value, info.mip_dual_bound


def _node_index(arcs):
    """Each node of the arcs, numbered in order of first appearance."""
    names = {}
    for a, b, _ in arcs:
        names.setdefault(a, len(names))
        names.setdefault(b, len(names))
    return names


def spi_highs(arcs, source, sink, budget, time_limit=None):
    """Returns (status, optimal value, dual bound, big M)."""
    h, highspy = _highs(time_limit)
    inf = highspy.kHighsInf
    names = _node_index(arcs)
    big_m = 1.0 + sum(float(r["length"]) for _, _, r in arcs)
    n = len(names)
    # Columns: pi (n), then x (one per arc).
    for v in range(n):
        fixed = names[source] == v
        h.addVar(0.0, 0.0 if fixed else inf)
    for _ in arcs:
        h.addVar(0.0, 1.0)
    h.changeColsIntegrality(
        len(arcs),
        list(range(n, n + len(arcs))),
        [highspy.HighsVarType.kInteger] * len(arcs),
    )
    h.changeColCost(names[sink], 1.0)
    h.changeObjectiveSense(highspy.ObjSense.kMaximize)
    for k, (a, b, r) in enumerate(arcs):
        # pi_b - pi_a - M x_k <= c_k
        h.addRow(-inf, float(r["length"]), 3, [names[b], names[a], n + k], [1.0, -1.0, -big_m])
    cost = [float(r.get("cost", 1) or 1) for _, _, r in arcs]
    h.addRow(-inf, float(budget), len(arcs), list(range(n, n + len(arcs))), cost)
    status, value, bound = _solve(h, highspy)
    return status, value, bound, big_m


def mfi_highs(arcs, source, sink, budget, time_limit=None):
    """Returns (status, optimal value, dual bound)."""
    h, highspy = _highs(time_limit)
    inf = highspy.kHighsInf
    names = _node_index(arcs)
    n, m = len(names), len(arcs)
    # Columns: alpha (n), beta (m), gamma (m).
    for v in range(n):
        if v == names[source]:
            h.addVar(0.0, 0.0)
        elif v == names[sink]:
            h.addVar(1.0, 1.0)
        else:
            h.addVar(0.0, 1.0)
    for _, _, r in arcs:
        h.addVar(0.0, 1.0)
    for _ in arcs:
        h.addVar(0.0, 1.0)
    h.changeColsCost(m, list(range(n, n + m)), [float(r["capacity"]) for _, _, r in arcs])
    h.changeColsIntegrality(
        m, list(range(n + m, n + 2 * m)), [highspy.HighsVarType.kInteger] * m
    )
    for k, (a, b, _) in enumerate(arcs):
        # alpha_b - alpha_a - beta_k - gamma_k <= 0
        h.addRow(-inf, 0.0, 4, [names[b], names[a], n + k, n + m + k], [1.0, -1.0, -1.0, -1.0])
    cost = [float(r.get("cost", 1) or 1) for _, _, r in arcs]
    h.addRow(-inf, float(budget), m, list(range(n + m, n + 2 * m)), cost)
    return _solve(h, highspy)


# --- key players: greedy + swap in plain Python ------------------------------------------------

TIE = 1e-12


def _components(adj, blocked):
    """Component label of each node (None if blocked) and each component's s(s - 1)."""
    label = [None] * len(adj)
    pairs = []
    for start in range(len(adj)):
        if blocked[start] or label[start] is not None:
            continue
        c = len(pairs)
        label[start] = c
        queue = deque([start])
        size = 0
        while queue:
            v = queue.popleft()
            size += 1
            for w in adj[v]:
                if not blocked[w] and label[w] is None:
                    label[w] = c
                    queue.append(w)
        pairs.append(float(size * (size - 1)))
    return label, pairs


def _piece(adj, blocked, start_nodes):
    """Sum of s(s - 1) over the components of the unblocked nodes reachable from start_nodes."""
    seen = set()
    total = 0.0
    for s in start_nodes:
        if blocked[s] or s in seen:
            continue
        seen.add(s)
        queue = deque([s])
        size = 0
        while queue:
            v = queue.popleft()
            size += 1
            for w in adj[v]:
                if not blocked[w] and w not in seen:
                    seen.add(w)
                    queue.append(w)
        total += float(size * (size - 1))
    return total


def _fragmentation(pairs, left):
    n = float(left)
    return 1.0 - pairs / (n * (n - 1.0))


def keyplayer_greedy_swap(edges_path, k):
    """Returns (sorted node names of the set, fragmentation value, swaps made)."""
    names = {}
    adj = []
    for a, b, _ in read_arcs(edges_path):
        for x in (a, b):
            if x not in names:
                names[x] = len(names)
                adj.append(set())
        if a != b:
            adj[names[a]].add(names[b])
            adj[names[b]].add(names[a])
    adj = [sorted(s) for s in adj]
    ids = sorted(names, key=names.get)
    n = len(adj)
    candidates = sorted(range(n), key=lambda v: ids[v])

    def scores(base, others):
        blocked = [False] * n
        for v in base:
            blocked[v] = True
        label, pairs = _components(adj, blocked)
        total = sum(pairs)
        members = {}
        for v in range(n):
            if label[v] is not None:
                members.setdefault(label[v], []).append(v)
        out = []
        for c in others:
            own = label[c]
            blocked[c] = True
            piece = _piece(adj, blocked, members[own]) if own is not None else 0.0
            blocked[c] = False
            rest = total - (pairs[own] if own is not None else 0.0) + piece
            out.append(_fragmentation(rest, n - len(base) - 1))
        return out

    chosen = []
    value = float("-inf")
    for _ in range(k):
        others = [c for c in candidates if c not in chosen]
        best = None
        for c, v in zip(others, scores(chosen, others)):
            if best is None or v > best[1] + TIE:
                best = (c, v)
        chosen.append(best[0])
        value = best[1]
    swaps = 0
    while True:
        others = [c for c in candidates if c not in chosen]
        best = None
        for slot in range(len(chosen)):
            rest = chosen[:slot] + chosen[slot + 1 :]
            for c, v in zip(others, scores(rest, others)):
                bar = value if best is None else best[2]
                if v > bar + TIE:
                    best = (slot, c, v)
        if best is None:
            break
        chosen[best[0]] = best[1]
        value = best[2]
        swaps += 1
    return sorted(ids[v] for v in chosen), value, swaps


# --- Sobol model -------------------------------------------------------------------------------


def g_function(x):
    """Sobol's G function on the unit cube, a_i = (i - 1) / 2 (i = 1..D): every input matters,
    the first ones most (numpy array of rows in, one value per row out)."""
    import numpy as np

    a = np.arange(x.shape[1]) / 2.0
    return np.prod((np.abs(4.0 * x - 2.0) + a) / (1.0 + a), axis=1)
