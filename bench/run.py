#!/usr/bin/env python3
"""Side-by-side: Cordon and its peers on the same inputs, one core each, interleaved rounds,
medians of CPU seconds (user + system; wall seconds alongside, distorted on a loaded machine).

    python3 bench/run.py [--rounds 3] [--reps 10000] [--steps 1000] [--no-build]

Rows:
- the two-force square-law ensemble (bench/iwo-jima-1000.toml: Engel's Iwo Jima coefficients,
  daily steps): the vectorised NumPy tau-leaping kernel (bench/square_law_numpy.py), the whole
  process and its kernel alone, against `cordon run --threads 1` (whole process: parsing,
  ensemble, runs.csv, bands, Parquet, journal) and the engine alone
  (`target/release/examples/replications`, no output);
- the default scenario: stochastic replications per second per core (engine alone).

Ratio = peer ÷ Cordon (above 1: Cordon faster). Needs numpy; builds the release binaries first.
"""

import argparse
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CORDON = os.path.join(ROOT, "target", "release", "cordon")
ENGINE = os.path.join(ROOT, "target", "release", "examples", "replications")
SCENARIO = os.path.join(ROOT, "bench", "iwo-jima-1000.toml")
NUMPY = os.path.join(ROOT, "bench", "square_law_numpy.py")


def timed(cmd):
    """Runs cmd; returns (wall s, CPU s of the child, stdout)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, out


def value(out, key):
    m = re.search(rf"^{key} (\S+)", out, re.M)
    return float(m.group(1)) if m else float("nan")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--reps", type=int, default=10_000)
    ap.add_argument("--steps", type=int, default=1_000)
    ap.add_argument("--default-reps", type=int, default=200)
    ap.add_argument("--no-build", action="store_true")
    a = ap.parse_args()
    if a.steps != 1000:
        sys.exit("--steps other than 1000 needs a scenario with that horizon; keep 1000")
    if not a.no_build:
        subprocess.run(
            ["cargo", "build", "--release", "--bin", "cordon"], cwd=ROOT, check=True
        )
        subprocess.run(
            ["cargo", "build", "--release", "-p", "cordon-engine", "--example", "replications"],
            cwd=ROOT,
            check=True,
        )
    rows = {k: [] for k in ["np_proc", "np_kernel", "cordon_proc", "cordon_engine", "default"]}
    means = {}
    out_dir = tempfile.mkdtemp(prefix="cordon-bench-")
    try:
        for i in range(a.rounds):
            w, c, out = timed([sys.executable, NUMPY, str(a.reps), str(a.steps), str(i + 1)])
            rows["np_proc"].append((w, c))
            rows["np_kernel"].append((value(out, "kernel_wall_s"), value(out, "kernel_cpu_s")))
            means["numpy"] = value(out, "mean_coalition_losses")
            run_dir = os.path.join(out_dir, f"run{i}")
            w, c, _ = timed(
                [CORDON, "run", SCENARIO, "--reps", str(a.reps), "--threads", "1",
                 "--no-report", "--out", run_dir, "--seed", str(i + 1)]
            )
            rows["cordon_proc"].append((w, c))
            means["cordon"] = mean_column(os.path.join(run_dir, "runs.csv"), "coalition_losses")
            shutil.rmtree(run_dir, ignore_errors=True)
            w, c, _ = timed([ENGINE, "assault", str(a.reps), SCENARIO])
            rows["cordon_engine"].append((w, c))
            w, c, _ = timed([ENGINE, "status-quo", str(a.default_reps)])
            rows["default"].append((w, c))
    finally:
        shutil.rmtree(out_dir, ignore_errors=True)

    med = {k: (statistics.median(x[0] for x in v), statistics.median(x[1] for x in v))
           for k, v in rows.items()}
    print(f"\n{a.rounds} interleaved rounds, medians; CPU s = user + system of the process")
    print(f"mean US losses: numpy {means['numpy']:.0f}, cordon {means['cordon']:.0f}\n")
    print("| work | Cordon CPU s (wall) | peer CPU s (wall) | ratio (CPU) |")
    print("| --- | --- | --- | --- |")
    n = f"{a.reps:,} reps × {a.steps:,} daily steps"
    pairs = [
        (f"square law, {n}, whole process", "cordon_proc", "np_proc"),
        (f"square law, {n}, kernel only (engine vs NumPy loop)", "cordon_engine", "np_kernel"),
    ]
    for label, c, p in pairs:
        (cw, cc), (pw, pc) = med[c], med[p]
        print(f"| {label} | {cc:.2f} ({cw:.2f}) | {pc:.2f} ({pw:.2f}) | {pc / cc:.2f}× |")
    dw, dc = med["default"]
    print(
        f"| default scenario, stochastic replications per second per core (engine) | "
        f"{a.default_reps / dc:,.0f}/s ({dc / a.default_reps * 1e3:.2f} ms each) | — | — |"
    )


def mean_column(path, name):
    with open(path) as f:
        header = f.readline().rstrip("\n").split(",")
        i = header.index(name)
        vals = [float(line.split(",")[i]) for line in f if line.strip()]
    return sum(vals) / len(vals)


if __name__ == "__main__":
    main()
