#!/usr/bin/env python3
"""Betweenness at 10,000 nodes: `cordon network metrics --measures betweenness` against igraph.

    python3 -m venv /tmp/venv && /tmp/venv/bin/pip install igraph
    cargo build --release -p cordon-cli
    /tmp/venv/bin/python scripts/bench-betweenness.py [--nodes 10000] [--m 3] [--runs 3] [--threads N]

Builds seeded Barabási–Albert graphs (scripts/network_graphs.py) with unit lengths and with
lengths 1..10, then times, alternating, `cordon` (a whole process: reading the CSV, the
measure, writing JSON) and igraph's `Graph.betweenness` (the call alone, graph already built),
and checks that the values agree (igraph's unordered-pair sums scaled by 2/((n-1)(n-2)), as
NetworkX and cordon normalise). Prints wall seconds and CPU seconds (user + system of the child
for cordon; process time for igraph, which runs on one thread). igraph is a measuring tool only:
nothing in the build or CI depends on it. The one-core rows of the side-by-side table
(betweenness and closeness against igraph and NetworkX) are `python3 bench/run.py --only
betweenness,closeness,networkx`; this script adds lengths 1..10 and the thread count.
"""

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
import network_graphs  # noqa: E402


def run_cordon(binary, path, threads):
    env = dict(os.environ)
    if threads:
        env["RAYON_NUM_THREADS"] = str(threads)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    out = subprocess.run(
        [binary, "network", "metrics", "--edges", path, "--undirected",
         "--measures", "betweenness", "--json", "--top", "0"],
        check=True, capture_output=True, env=env,
    ).stdout
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    values = {n["id"]: n["values"]["betweenness"] for n in json.loads(out)["nodes"]}
    return wall, cpu, values


def run_igraph(path, weighted):
    import igraph

    with open(path) as f:
        rows = [line.strip().split(",") for line in f][1:]
    names = {}
    edges, lengths = [], []
    for row in rows:
        a, b = (names.setdefault(x, len(names)) for x in row[:2])
        edges.append((a, b))
        lengths.append(float(row[2]) if weighted else 1.0)
    graph = igraph.Graph(n=len(names), edges=edges, directed=False)
    start, cpu0 = time.perf_counter(), time.process_time()
    raw = graph.betweenness(directed=False, weights=lengths if weighted else None)
    wall, cpu = time.perf_counter() - start, time.process_time() - cpu0
    n = len(names)
    scale = 2.0 / ((n - 1) * (n - 2))
    ids = sorted(names, key=names.get)
    return wall, cpu, {ids[i]: raw[i] * scale for i in range(n)}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--nodes", type=int, default=10_000)
    parser.add_argument("--m", type=int, default=3)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--threads", type=int, default=0, help="RAYON_NUM_THREADS for cordon (0: all cores)")
    parser.add_argument("--cordon", default=os.path.join(ROOT, "target", "release", "cordon"))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        for weighted in (False, True):
            path = os.path.join(tmp, f"ba{'w' if weighted else ''}.csv")
            with open(path, "w") as f:
                f.write("\n".join(network_graphs.ba(args.nodes, args.m, 1, weighted)) + "\n")
            label = f"BA n={args.nodes} m={args.m} {'lengths 1..10' if weighted else 'unit lengths'}"
            results = {"cordon": [], "igraph": []}
            for _ in range(args.runs):
                wall, cpu, ours = run_cordon(args.cordon, path, args.threads)
                results["cordon"].append((wall, cpu))
                wall, cpu, theirs = run_igraph(path, weighted)
                results["igraph"].append((wall, cpu))
            worst = max(abs(ours[k] - theirs[k]) for k in ours)
            print(f"{label}: max |cordon - igraph| = {worst:.3g}")
            for tool, runs in results.items():
                walls = sorted(w for w, _ in runs)
                cpus = sorted(c for _, c in runs)
                print(f"  {tool:6}  wall median {walls[len(walls) // 2]:.2f} s (min {walls[0]:.2f})"
                      f"  cpu median {cpus[len(cpus) // 2]:.2f} s")


if __name__ == "__main__":
    main()
