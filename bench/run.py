#!/usr/bin/env python3
"""Side by side: Cordon and its peers on the same inputs, one core each, interleaved rounds,
medians of CPU seconds (user + system; wall seconds in brackets, distorted on a loaded machine).

    python3 bench/run.py [--quick] [--only ROW,...] [--rounds N] [--json FILE] [--no-build]

Prints one markdown table: per row the Cordon seconds, the peer's, the ratio peer ÷ Cordon
(above 1: Cordon faster) and a check that both computed the same thing. Rows (--only names):

- `default`: the default scenario, stochastic replications per second per core (Cordon only;
  `target/release/examples/replications status-quo`, engine alone).
- `kernel`: the two-force square-law ensemble (bench/iwo-jima-1000.toml, Engel's Iwo Jima,
  10,000 replications × 1,000 daily steps) against the vectorised NumPy kernel
  bench/square_law_numpy.py, as written (every step) and stopping once every battle is over
  (`--early-stop`); whole processes (`cordon run --threads 1`) and kernels alone (the engine
  example against the NumPy loop). Check: the mean US losses.
- `betweenness`, `closeness`: a seeded 10,000-node Barabási–Albert graph (m = 3,
  scripts/network_graphs.py), `cordon network metrics --undirected --measures M` (whole
  process, RAYON_NUM_THREADS=1) against igraph (the call alone, graph already built).
  Check: max |Δ| of the normalised values.
- `networkx`: both measures on a 2,000-node graph against NetworkX (too slow at 10,000).
- `spi`: shortest-path interdiction, 1,000 nodes, 5,000 arcs (scripts/network_graphs.py spi),
  budgets 1, 3, 5: `cordon interdict --objective shortest-path` against the Israeli–Wood MIP
  solved by HiGHS (bench/peers.py). Check: equal optimal values.
- `mfi`: max-flow interdiction, 2,000 nodes, 10,000 arcs (bench/peers.py mfi_graph), budgets
  1–10, 20, 50 and 80 (HiGHS needs about 50 s at 80): `cordon interdict --objective max-flow` against Wood's MIP in HiGHS. Check: equal values.
- `keyplayer`: fragmentation key players (k = 10), Barabási–Albert graphs (m = 2) of 100 and 1,000 nodes,
  `cordon network keyplayer --search greedy` against the same greedy + swap in plain Python.
  Check: same set and value.
- `sobol`: `cordon sa sample` / `cordon sa analyze` (Sobol, G function, D = 8 and 20,
  N = 16,384) against SALib's `sobol.sample` / `sobol.analyze` (calls alone). Check: max |Δ| of
  the design, of S1 and of ST.

--quick: small sizes and one round (a couple of minutes). The peers need numpy, networkx,
igraph, SALib and highspy: unless --system-python, the script makes a venv in
target/bench-venv from bench/requirements.txt (once) and re-runs itself there. It builds the
release binaries first unless --no-build. Inputs are generated, seeded, into a temporary folder.
"""

import argparse
import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import warnings
from importlib.metadata import version

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
CORDON = os.path.join(ROOT, "target", "release", "cordon")
ENGINE = os.path.join(ROOT, "target", "release", "examples", "replications")
SCENARIO = os.path.join(HERE, "iwo-jima-1000.toml")
NUMPY = os.path.join(HERE, "square_law_numpy.py")
VENV = os.path.join(ROOT, "target", "bench-venv")
ROWS = ["default", "kernel", "betweenness", "closeness", "networkx", "spi", "mfi", "keyplayer", "sobol"]
ONE_THREAD = {
    "RAYON_NUM_THREADS": "1",
    "OMP_NUM_THREADS": "1",
    "OPENBLAS_NUM_THREADS": "1",
    "MKL_NUM_THREADS": "1",
}

sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(ROOT, "scripts"))


# --- timing -------------------------------------------------------------------------------------


def timed(cmd, stdout_path=None):
    """Runs cmd (one thread); returns (CPU s of the child, wall s, stdout)."""
    env = dict(os.environ, **ONE_THREAD)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    try:
        if stdout_path:
            with open(stdout_path, "w") as f:
                subprocess.run(cmd, check=True, stdout=f, stderr=subprocess.PIPE, text=True,
                               env=env)
            out = ""
        else:
            out = subprocess.run(cmd, check=True, capture_output=True, text=True,
                                 env=env).stdout
    except subprocess.CalledProcessError as e:
        sys.exit(f"{' '.join(cmd)} failed ({e.returncode}):\n{e.stderr}")
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return cpu, wall, out


def in_process(fn, *args):
    """Calls fn(*args); returns (process CPU s, wall s, result)."""
    c0, t0 = time.process_time(), time.perf_counter()
    result = fn(*args)
    return time.process_time() - c0, time.perf_counter() - t0, result


class Row:
    """One line of the table: samples of (CPU, wall) for Cordon and the peer, and a check."""

    def __init__(self, key, work, cordon_how, peer, peer_how):
        self.key, self.work, self.cordon_how, self.peer, self.peer_how = (
            key, work, cordon_how, peer, peer_how)
        self.cordon, self.theirs = [], []
        self.check = ""
        self.ok = True

    def med(self, samples):
        if not samples:
            return None
        return (statistics.median(c for c, _ in samples), statistics.median(w for _, w in samples))

    def as_dict(self):
        c, p = self.med(self.cordon), self.med(self.theirs)
        return {
            "row": self.key, "work": self.work, "cordon_how": self.cordon_how,
            "peer": self.peer, "peer_how": self.peer_how,
            "cordon_cpu_s": c and c[0], "cordon_wall_s": c and c[1],
            "peer_cpu_s": p and p[0], "peer_wall_s": p and p[1],
            "ratio_cpu": (p[0] / c[0]) if c and p and c[0] > 0 else None,
            "check": self.check, "agree": self.ok,
            "cordon_samples": self.cordon, "peer_samples": self.theirs,
        }


def fmt(m):
    return "—" if m is None else f"{m[0]:.2f} ({m[1]:.2f})"


# --- rows ---------------------------------------------------------------------------------------


def row_default(a, tmp):
    reps = 20 if a.quick else 200
    r = Row("default", "default scenario, stochastic replications per core",
            f"`examples/replications status-quo {reps}`", "—", "")
    for _ in range(a.rounds):
        c, w, _ = timed([ENGINE, "status-quo", str(reps)])
        r.cordon.append((c, w))
    cpu = r.med(r.cordon)[0]
    r.check = f"{reps / cpu:,.0f} replications/s per core ({cpu / reps * 1e3:.2f} ms CPU each)"
    return [r]


def row_kernel(a, tmp):
    reps = 1000 if a.quick else 10_000
    steps = 1000
    n = f"{reps:,} reps × {steps:,} daily steps"
    whole = Row("kernel", f"square law (Iwo Jima), {n}, whole process",
                "`cordon run bench/iwo-jima-1000.toml --threads 1 --no-report`", "NumPy",
                "`square_law_numpy.py` (every step)")
    kern = Row("kernel", f"square law, {n}, kernel only",
               "engine (`examples/replications assault`)", "NumPy", "the NumPy loop (every step)")
    whole_es = Row("kernel", f"square law, {n}, whole process",
                   whole.cordon_how, "NumPy", "`square_law_numpy.py --early-stop`")
    kern_es = Row("kernel", f"square law, {n}, kernel only", kern.cordon_how, "NumPy",
                  "the NumPy loop, stopping when every battle is over")
    means = {}
    for i in range(a.rounds):
        seed = str(i + 1)
        for rows, extra in (((whole, kern), []), ((whole_es, kern_es), ["--early-stop"])):
            c, w, out = timed([sys.executable, NUMPY, str(reps), str(steps), seed] + extra)
            rows[0].theirs.append((c, w))
            rows[1].theirs.append((value(out, "kernel_cpu_s"), value(out, "kernel_wall_s")))
            means.setdefault("numpy" + "".join(extra), []).append(
                tuple(value(out, k) for k in
                      ("mean_coalition_losses", "mean_fighters_total", "mean_defeat_day")))
        run_dir = os.path.join(tmp, f"run{i}")
        c, w, _ = timed([CORDON, "run", SCENARIO, "--reps", str(reps), "--threads", "1",
                         "--no-report", "--out", run_dir, "--seed", seed])
        whole.cordon.append((c, w))
        whole_es.cordon.append((c, w))
        means.setdefault("cordon", []).append(
            mean_column(os.path.join(run_dir, "runs.csv"), "coalition_losses"))
        shutil.rmtree(run_dir, ignore_errors=True)
        c, w, _ = timed([ENGINE, "assault", str(reps), SCENARIO])
        kern.cordon.append((c, w))
        kern_es.cordon.append((c, w))
    same = means["numpy"] == means["numpy--early-stop"]
    text = (f"mean US losses: NumPy {means['numpy'][0][0]:,.0f}, early stop "
            f"{means['numpy--early-stop'][0][0]:,.0f} "
            f"({'identical means, every round' if same else 'MEANS DIFFER'}), Cordon "
            f"{means['cordon'][0]:,.0f} (seed 1)")
    for r in (whole, kern, whole_es, kern_es):
        r.check, r.ok = text, same
    return [whole, kern, whole_es, kern_es]


def write_ba(tmp, nodes, m=3):
    import network_graphs

    path = os.path.join(tmp, f"ba{nodes}-{m}.csv")
    if not os.path.exists(path):
        with open(path, "w") as f:
            f.write("\n".join(network_graphs.ba(nodes, m, 1, False)) + "\n")
    return path


def cordon_metric(path, measure):
    c, w, out = timed([CORDON, "network", "metrics", "--edges", path, "--undirected",
                       "--measures", measure, "--json", "--top", "0"])
    return c, w, {n["id"]: n["values"][measure] for n in json.loads(out)["nodes"]}


def load_edges(path):
    names, edges = {}, []
    with open(path) as f:
        next(f)
        for line in f:
            a, b = line.strip().split(",")[:2]
            edges.append((names.setdefault(a, len(names)), names.setdefault(b, len(names))))
    return sorted(names, key=names.get), edges


def igraph_metric(graph, ids, measure):
    n = len(ids)
    if measure == "betweenness":
        raw = graph.betweenness(directed=False)
        scale = 2.0 / ((n - 1) * (n - 2))
        return {ids[i]: raw[i] * scale for i in range(n)}
    raw = graph.closeness()  # (r - 1) / sum of distances: the graph is connected, r = n
    return {ids[i]: raw[i] for i in range(n)}


def networkx_metric(graph, measure):
    import networkx as nx

    if measure == "betweenness":
        return nx.betweenness_centrality(graph)
    return nx.closeness_centrality(graph)


def metric_rows(a, tmp, measures, nodes, peer):
    path = write_ba(tmp, nodes)
    ids, edges = load_edges(path)
    if peer == "igraph":
        import igraph

        graph = igraph.Graph(n=len(ids), edges=edges, directed=False)
        version = igraph.__version__
    else:
        import networkx as nx

        graph = nx.Graph()
        graph.add_nodes_from(ids)
        graph.add_edges_from((ids[x], ids[y]) for x, y in edges)
        version = nx.__version__
    rows = []
    for measure in measures:
        r = Row(peer if peer == "networkx" else measure,
                f"{measure}, Barabási–Albert n = {nodes:,}, m = 3, unit lengths",
                f"`cordon network metrics --undirected --measures {measure}`",
                f"{peer} {version}", f"`{peer_call(peer, measure)}`")
        worst = 0.0
        for _ in range(a.rounds):
            c, w, ours = cordon_metric(path, measure)
            r.cordon.append((c, w))
            if peer == "igraph":
                c, w, theirs = in_process(igraph_metric, graph, ids, measure)
            else:
                c, w, theirs = in_process(networkx_metric, graph, measure)
            r.theirs.append((c, w))
            worst = max(worst, max(abs(ours[k] - theirs[k]) for k in ours))
        r.ok = worst < 1e-9
        r.check = f"max abs Δ {worst:.1e}"
        rows.append(r)
    return rows


def peer_call(peer, measure):
    if peer == "igraph":
        return "Graph.betweenness()" if measure == "betweenness" else "Graph.closeness()"
    return f"nx.{measure}_centrality(G)"


def row_betweenness(a, tmp):
    return metric_rows(a, tmp, ["betweenness"], 1000 if a.quick else 10_000, "igraph")


def row_closeness(a, tmp):
    return metric_rows(a, tmp, ["closeness"], 1000 if a.quick else 10_000, "igraph")


def row_networkx(a, tmp):
    return metric_rows(a, tmp, ["betweenness", "closeness"], 300 if a.quick else 2000, "networkx")


def cordon_interdict(path, objective, source, sink, budget, time_limit):
    c, w, out = timed([CORDON, "interdict", "--edges", path, "--objective", objective,
                       "--source", source, "--sink", sink, "--budget", str(budget),
                       "--time-limit", str(time_limit), "--json"])
    return c, w, json.loads(out)


def row_spi(a, tmp):
    import network_graphs
    import peers

    nodes, arcs = (200, 1000) if a.quick else (1000, 5000)
    budgets = [1, 3] if a.quick else [1, 3, 5]
    path = os.path.join(tmp, "spi.csv")
    with open(path, "w") as f:
        f.write("\n".join(network_graphs.spi(nodes, arcs, 1)) + "\n")
    data = peers.read_arcs(path)
    source, sink = "v0", f"v{nodes // 2}"
    rows = []
    for b in budgets:
        r = Row("spi", f"shortest-path interdiction, {nodes:,} nodes, {arcs:,} arcs, budget {b}",
                f"`cordon interdict --objective shortest-path --budget {b}`",
                f"HiGHS (highspy {version('highspy')})", "Israeli–Wood MIP (`bench/peers.py`)")
        for _ in range(a.rounds):
            c, w, ours = cordon_interdict(path, "shortest-path", source, sink, b, a.time_limit)
            r.cordon.append((c, w))
            c, w, theirs = in_process(peers.spi_highs, data, source, sink, b, a.time_limit)
            r.theirs.append((c, w))
        status, value_, bound, big_m = theirs
        if ours["disconnected"]:
            mine, ok = "disconnected", value_ >= big_m - 1e-6
            value_note = f" ≥ M = {big_m:g}: disconnected"
        else:
            mine, ok = f"{ours['value']:g}", abs(ours["value"] - value_) < 1e-6
            value_note = ""
        r.ok = ok and ours["status"] == "optimal" and status == "Optimal"
        r.check = (f"{'equal' if r.ok else 'DIFFER'}: Cordon {mine} ({ours['status']}, "
                   f"{ours['chain'][-1]['method']}), HiGHS {value_:g}{value_note} ({status}, "
                   f"bound {bound:g})")
        rows.append(r)
    return rows


def row_mfi(a, tmp):
    import peers

    nodes, arcs = (300, 1500) if a.quick else (2000, 10_000)
    budgets = [1, 3] if a.quick else list(range(1, 11)) + [20, 50, 80]
    lines, source, sink = peers.mfi_graph(nodes, arcs, 1)
    path = os.path.join(tmp, "mfi.csv")
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")
    data = peers.read_arcs(path)
    rows = []
    for b in budgets:
        r = Row("mfi", f"max-flow interdiction, {nodes:,} nodes, {arcs:,} arcs, budget {b}",
                f"`cordon interdict --objective max-flow --budget {b}`",
                f"HiGHS (highspy {version('highspy')})", "Wood's MIP (`bench/peers.py`)")
        for _ in range(a.rounds):
            c, w, ours = cordon_interdict(path, "max-flow", source, sink, b, a.time_limit)
            r.cordon.append((c, w))
            c, w, theirs = in_process(peers.mfi_highs, data, source, sink, b, a.time_limit)
            r.theirs.append((c, w))
        status, value_, bound = theirs
        r.ok = (abs(ours["value"] - value_) < 1e-6 and ours["status"] == "optimal"
                and status == "Optimal")
        r.check = (f"{'equal' if r.ok else 'DIFFER'}: Cordon {ours['value']:g} of "
                   f"{ours['before']:g} ({ours['status']}), HiGHS {value_:g} ({status}, "
                   f"bound {bound:g})")
        rows.append(r)
    return rows


def row_keyplayer(a, tmp):
    import peers

    k, m = 10, 2  # on these graphs greedy alone is not a local optimum: the swaps are tested
    rows = []
    for nodes in [100] if a.quick else [100, 1000]:
        path = write_ba(tmp, nodes, m)
        r = Row("keyplayer",
                f"key players, fragmentation, k = {k}, Barabási–Albert n = {nodes:,}, m = {m}",
                f"`cordon network keyplayer --k {k} --measure fragmentation --search greedy`",
                "Python", "the same greedy + swap (`bench/peers.py`)")
        for _ in range(a.rounds):
            c, w, out = timed([CORDON, "network", "keyplayer", "--edges", path, "--undirected",
                               "--k", str(k), "--measure", "fragmentation", "--search",
                               "greedy", "--json"])
            ours = json.loads(out)
            r.cordon.append((c, w))
            c, w, theirs = in_process(peers.keyplayer_greedy_swap, path, k)
            r.theirs.append((c, w))
        same_set = sorted(ours["set"]) == theirs[0]
        r.ok = same_set and abs(ours["value"] - theirs[1]) < 1e-12
        r.check = (f"{'same set' if same_set else 'OTHER SET'} {{{', '.join(theirs[0])}}}, "
                   f"F = {ours['value']:.6f} vs {theirs[1]:.6f}; swaps {ours['method']['swaps']}"
                   f" vs {theirs[2]}")
        rows.append(r)
    return rows


def row_sobol(a, tmp):
    import numpy as np
    from SALib.analyze import sobol as sobol_analyze
    from SALib.sample import sobol as sobol_sample

    import peers

    warnings.filterwarnings("ignore", message=r"\s*Convergence")  # SALib on skip_values=1, as asked
    n = 1024 if a.quick else 16_384
    rows = []
    for d in (8, 20):
        names = [f"x{i + 1}" for i in range(d)]
        params = os.path.join(tmp, f"params{d}.txt")
        with open(params, "w") as f:
            f.write("".join(f"{x} 0 1\n" for x in names))
        problem = {"num_vars": d, "names": names, "bounds": [[0.0, 1.0]] * d}
        design_path = os.path.join(tmp, f"design{d}.csv")
        outputs_path = os.path.join(tmp, f"outputs{d}.csv")
        rs = Row("sobol", f"Sobol design, D = {d}, N = {n:,} ({n * (d + 2):,} rows)",
                 f"`cordon sa sample --method sobol --n {n}` > CSV",
                 f"SALib {version('SALib')}",
                 "`sobol.sample(calc_second_order=False, scramble=False, skip_values=1)`")
        ra = Row("sobol", f"Sobol analysis (S1, ST, 1,000 bootstrap resamples), D = {d}, "
                 f"N = {n:,}", "`cordon sa analyze --method sobol`", f"SALib {version('SALib')}",
                 "`sobol.analyze(calc_second_order=False)`")
        for i in range(a.rounds):
            c, w, _ = timed([CORDON, "sa", "sample", "--method", "sobol", "--params", params,
                             "--n", str(n)], stdout_path=design_path)
            rs.cordon.append((c, w))
            c, w, theirs = in_process(
                lambda: sobol_sample.sample(problem, n, calc_second_order=False,
                                            scramble=False, skip_values=1))
            rs.theirs.append((c, w))
            design = np.loadtxt(design_path, delimiter=",", skiprows=1)
            if i == 0:
                dx = float(np.max(np.abs(design - theirs)))
                y = peers.g_function(design)
                np.savetxt(outputs_path, y, header="y", comments="", fmt="%.17g")
            c, w, out = timed([CORDON, "sa", "analyze", "--method", "sobol", "--params", params,
                               "--design", design_path, "--outputs", outputs_path, "--json"])
            ra.cordon.append((c, w))
            ours = json.loads(out)
            c, w, res = in_process(
                lambda: sobol_analyze.analyze(problem, y, calc_second_order=False,
                                              num_resamples=1000, conf_level=0.95, seed=1))
            ra.theirs.append((c, w))
        s1, st = sobol_indices(ours, names)
        d1 = float(np.max(np.abs(np.array(s1) - res["S1"])))
        dt = float(np.max(np.abs(np.array(st) - res["ST"])))
        rs.ok = dx == 0.0
        rs.check = f"max abs Δx {dx:.1e}"
        ra.ok = max(d1, dt) < 1e-9
        ra.check = f"max abs ΔS1 {d1:.1e}, max abs ΔST {dt:.1e} (S1 of x1 {s1[0]:.4f})"
        rows += [rs, ra]
    return rows


def sobol_indices(js, names):
    """S1 and ST per parameter, in `names` order, from `cordon sa analyze --json`."""
    by_name = {p["name"]: p for p in js["indices"]}
    return ([pick(by_name[x], "s1") for x in names], [pick(by_name[x], "st") for x in names])


def pick(p, key):
    v = p[key]
    return v["value"] if isinstance(v, dict) else v


# --- driver -------------------------------------------------------------------------------------


def value(out, key):
    m = re.search(rf"^{key} (\S+)", out, re.M)
    return float(m.group(1)) if m else float("nan")


def mean_column(path, name):
    with open(path) as f:
        header = f.readline().rstrip("\n").split(",")
        i = header.index(name)
        vals = [float(line.split(",")[i]) for line in f if line.strip()]
    return sum(vals) / len(vals)


def ensure_venv(a):
    """Re-runs this script in the bench venv (made from bench/requirements.txt if missing)."""
    if a.system_python or os.path.realpath(sys.prefix) == os.path.realpath(a.venv):
        return
    python = os.path.join(a.venv, "bin", "python")
    wanted = os.path.join(HERE, "requirements.txt")
    installed = os.path.join(a.venv, "bench-requirements.txt")  # what the venv was made from
    with open(wanted) as f:
        pins = f.read()
    if not os.path.exists(installed) or open(installed).read() != pins:
        print(f"installing bench/requirements.txt into {a.venv}", file=sys.stderr)
        if not os.path.exists(python):
            subprocess.run([sys.executable, "-m", "venv", a.venv], check=True)
        subprocess.run([python, "-m", "pip", "install", "-q", "-r", wanted], check=True)
        with open(installed, "w") as f:
            f.write(pins)
    os.execve(python, [python, os.path.abspath(__file__)] + sys.argv[1:],
              dict(os.environ, **ONE_THREAD))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="small sizes, one round")
    ap.add_argument("--only", default=",".join(ROWS), help=f"rows, comma-separated: {','.join(ROWS)}")
    ap.add_argument("--rounds", type=int, help="interleaved rounds (default 3, --quick 1)")
    ap.add_argument("--time-limit", type=float, default=600.0,
                    help="seconds each interdiction solve may take, Cordon and HiGHS alike")
    ap.add_argument("--json", help="also write the rows, with every sample, to this file")
    ap.add_argument("--no-build", action="store_true")
    ap.add_argument("--venv", default=VENV)
    ap.add_argument("--system-python", action="store_true",
                    help="use this Python as it is (the peers' packages must be installed)")
    a = ap.parse_args()
    only = [x for x in a.only.split(",") if x]
    unknown = [x for x in only if x not in ROWS]
    if unknown:
        sys.exit(f"unknown rows {unknown}; known: {','.join(ROWS)}")
    if a.rounds is None:
        a.rounds = 1 if a.quick else 3
    ensure_venv(a)
    os.environ.update(ONE_THREAD)
    if not a.no_build:
        subprocess.run(["cargo", "build", "--release", "--bin", "cordon"], cwd=ROOT, check=True)
        subprocess.run(["cargo", "build", "--release", "-p", "cordon-engine", "--example",
                        "replications"], cwd=ROOT, check=True)
    load_before = os.getloadavg()
    started = time.time()
    rows = []
    tmp = tempfile.mkdtemp(prefix="cordon-bench-")
    try:
        for key in ROWS:
            if key in only:
                print(f"[{time.strftime('%H:%M:%S')}] {key} ...", file=sys.stderr, flush=True)
                rows += globals()[f"row_{key}"](a, tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    load_after = os.getloadavg()
    print(f"\n{'quick' if a.quick else 'full'} mode, {a.rounds} interleaved round(s), medians; "
          f"CPU s = user + system (wall s in brackets); one thread each; "
          f"load average {load_before[0]:.2f} before, {load_after[0]:.2f} after; "
          f"{time.time() - started:.0f} s\n")
    print("| work | Cordon | Cordon CPU s (wall) | peer | peer CPU s (wall) | peer ÷ Cordon (CPU) "
          "| check |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    disagreements = 0
    for r in rows:
        c, p = r.med(r.cordon), r.med(r.theirs)
        ratio = f"{p[0] / c[0]:.2f}×" if c and p and c[0] > 0 else "—"
        peer = f"{r.peer}: {r.peer_how}" if r.peer_how else r.peer
        print(f"| {r.work} | {r.cordon_how} | {fmt(c)} | {peer} | {fmt(p)} | {ratio} | "
              f"{r.check} |")
        disagreements += not r.ok
    if a.json:
        with open(a.json, "w") as f:
            json.dump({"quick": a.quick, "rounds": a.rounds, "load_before": load_before,
                       "load_after": load_after, "rows": [r.as_dict() for r in rows]}, f,
                      indent=1)
    if disagreements:
        print(f"\n{disagreements} row(s) where Cordon and the peer disagree", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
