#!/usr/bin/env python3
"""Seeded test graphs for `cordon network` and `cordon interdict` benchmarks (standard library only).

    python3 scripts/network_graphs.py ba N M SEED [--lengths] > g.csv
        Barabási–Albert graph: N nodes, each new node attached to M distinct existing nodes
        chosen with probability proportional to degree (undirected edge list; read it with
        --undirected). With --lengths, each edge gets a length drawn uniformly from 1..10.
    python3 scripts/network_graphs.py spi NODES ARCS SEED > g.csv
        Shortest-path interdiction instance: a directed ring v0 -> v1 -> ... (so t is reachable)
        plus random chords, integer lengths 1..20, unit costs, no delays (interdicted arcs are
        removed). Source v0, sink v{NODES // 2}.
"""

import random
import sys


def ba(n, m, seed, lengths):
    rng = random.Random(seed)
    targets = list(range(m))
    repeated = []
    edges = []
    for source in range(m, n):
        for t in targets:
            edges.append((source, t))
        repeated.extend(targets)
        repeated.extend([source] * m)
        chosen = set()
        while len(chosen) < m:
            chosen.add(rng.choice(repeated))
        targets = sorted(chosen)
    out = ["from,to,length" if lengths else "from,to"]
    for a, b in edges:
        if lengths:
            out.append(f"n{a},n{b},{rng.randint(1, 10)}")
        else:
            out.append(f"n{a},n{b}")
    return out


def spi(nodes, arcs, seed):
    rng = random.Random(seed)
    seen = set()
    out = ["from,to,length"]
    for i in range(nodes):
        j = (i + 1) % nodes
        seen.add((i, j))
        out.append(f"v{i},v{j},{rng.randint(1, 20)}")
    while len(seen) < arcs:
        a, b = rng.randrange(nodes), rng.randrange(nodes)
        if a == b or (a, b) in seen:
            continue
        seen.add((a, b))
        out.append(f"v{a},v{b},{rng.randint(1, 20)}")
    return out


def main():
    kind, args = sys.argv[1], sys.argv[2:]
    if kind == "ba":
        lines = ba(int(args[0]), int(args[1]), int(args[2]), "--lengths" in args)
    elif kind == "spi":
        lines = spi(int(args[0]), int(args[1]), int(args[2]))
    else:
        sys.exit(f"unknown kind {kind}")
    sys.stdout.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
