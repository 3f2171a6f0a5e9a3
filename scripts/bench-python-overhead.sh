#!/usr/bin/env bash
# Overhead of the Python package over the CLI: the same ensemble (default scenario, one course
# of action, 1,000 replications, into a results directory, no report), run alternately by
# `cordon compare` and by `cordon.compare(out=...)` (and in memory), RUNS times each; prints
# wall and CPU seconds per run. Needs target/release/cordon and the package installed in
# $PYTHON (default: python3). Usage: scripts/bench-python-overhead.sh [RUNS] [REPS]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
reps=${2:-1000}
python=${PYTHON:-python3}
cli=target/release/cordon
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
measure() { # label, command...
  local label=$1
  shift
  /usr/bin/time -f "$label %e s wall %U s user %S s sys" "$@" >/dev/null 2>>"$tmp/times"
  tail -n 1 "$tmp/times"
}
for i in $(seq "$runs"); do
  rm -rf "$tmp/cli" "$tmp/py"
  measure cli "$cli" compare --coas two-prong --baseline two-prong --reps "$reps" --seed "$i" --out "$tmp/cli" --no-report
  measure python-dir "$python" -c "import cordon; cordon.compare(coas=['two-prong'], baseline='two-prong', reps=$reps, seed=$i, out='$tmp/py', progress=False)"
  measure python-mem "$python" -c "import cordon; cordon.compare(coas=['two-prong'], baseline='two-prong', reps=$reps, seed=$i, progress=False)"
  cmp "$tmp/cli/runs.csv" "$tmp/py/runs.csv"
done
