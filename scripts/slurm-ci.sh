#!/usr/bin/env bash
# CI of docs/cluster.md's Slurm recipes on a real single-node Slurm (issue 19).
#
# Installs Slurm and MUNGE from Debian's packages (if missing), writes a slurm.conf for this one
# machine into a fresh state directory, starts munged, slurmctld and slurmd as root (no systemd),
# waits until the node is idle, then for `cordon compare` and for `cordon explore`:
#   1. submits the job-array script of docs/cluster.md, extracted from the document and changed in
#      its sizes only, and the documented merge chained with --dependency=afterok, as written;
#   2. compares the merged directory byte for byte with a local single run of the same command;
#   3. does it again in a fresh directory with one array task cancelled (scancel) after it has
#      journaled part of its work, resubmitted with `sbatch --array=K` (the script passes
#      --resume), then merged: the same bytes again.
# Then for `cordon optimize`: docs/cluster.md's optimize-array.sh, each generation an array of
# evaluations (--evaluate-shard) and a dependent step (--advance) that submits the next; the
# final directory is compared byte for byte with a local single run.
# On exit (success, failure or Ctrl-C) every job is cancelled, the daemons are stopped and the
# state directory is removed: nothing is left running or on disk but the installed packages.
#
# Must run as root with apt-get (CI); fails rather than skips when it cannot set Slurm up.
# CORDON_SKIP_SLURM=1 skips it explicitly (local runs). Env: CORDON_BIN (the cordon binary;
# default target/debug/cordon, built if missing), CORDON_SLURM_PORTS (slurmctld's and slurmd's
# ports, default "6817 6818").
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

if [ "${CORDON_SKIP_SLURM:-}" = 1 ]; then
  echo "slurm-ci: skipped (CORDON_SKIP_SLURM=1)"
  exit 0
fi

say() { echo "== slurm: $*"; }
fail() {
  echo "slurm-ci: FAILED: $*" >&2
  exit 1
}
started=$(date +%s)
elapsed() { echo $(($(date +%s) - started)); }

[ "$(id -u)" = 0 ] || fail "must run as root (it installs packages and starts the daemons as root); CORDON_SKIP_SLURM=1 skips it"

# --- the packages ---------------------------------------------------------------------------
packages=(slurmctld slurmd slurm-client munge)
if ! dpkg -s "${packages[@]}" >/dev/null 2>&1; then
  command -v apt-get >/dev/null 2>&1 || fail "apt-get is not available to install ${packages[*]}"
  say "installing ${packages[*]} (Debian packages)"
  t=$(date +%s)
  apt-get -o DPkg::Lock::Timeout=300 update -qq || fail "apt-get update failed"
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y -qq \
    --no-install-recommends "${packages[@]}" >/dev/null || fail "apt-get install ${packages[*]} failed"
  say "installed in $(($(date +%s) - t)) s"
fi
for tool in munged slurmctld slurmd sbatch squeue sinfo scontrol scancel; do
  command -v "$tool" >/dev/null 2>&1 || fail "$tool is missing after installing ${packages[*]}"
done
slurm_version=$(slurmd -V | awk '{print $2}')
say "Slurm $slurm_version, MUNGE $(munged -V | awk '{print $2}')"

# --- the cordon binary ------------------------------------------------------------------------
cordon=${CORDON_BIN:-$root/target/debug/cordon}
if [ -z "${CORDON_BIN:-}" ] && [ ! -x "$cordon" ]; then
  say "building target/debug/cordon"
  cargo build --locked --quiet --bin cordon
fi
[ -x "$cordon" ] || fail "no cordon binary at $cordon"
bindir=$(mktemp -d /tmp/cordon-slurm-bin.XXXXXX)
ln -s "$cordon" "$bindir/cordon"
export PATH="$bindir:$PATH"

# --- the cluster: state directory, configuration, daemons -------------------------------------
state=$(mktemp -d /tmp/cordon-slurm.XXXXXX)
chmod 700 "$state"
pids=()
teardown() {
  local rc=$?
  set +e
  trap - EXIT INT TERM
  if [ -f "$state/slurm.conf" ] && [ ${#pids[@]} -gt 0 ]; then
    SLURM_CONF=$state/slurm.conf scancel --quiet --user=root >/dev/null 2>&1
    for _ in $(seq 1 40); do
      [ -z "$(SLURM_CONF=$state/slurm.conf squeue -h 2>/dev/null)" ] && break
      sleep 0.5
    done
  fi
  # Reverse order of start: slurmd, slurmctld, munged; TERM, then KILL after 15 s.
  for ((i = ${#pids[@]} - 1; i >= 0; i--)); do
    kill -TERM "${pids[i]}" 2>/dev/null
  done
  for pid in "${pids[@]}"; do
    for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -KILL "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
  done
  if [ $rc -ne 0 ]; then
    for log in "$state"/*.log; do
      [ -f "$log" ] || continue
      echo "--- last lines of $(basename "$log")" >&2
      tail -n 15 "$log" >&2
    done
  fi
  rm -rf "$state" "$bindir"
  exit $rc
}
trap teardown EXIT
trap 'exit 130' INT TERM

read -r ctld_port d_port <<<"${CORDON_SLURM_PORTS:-6817 6818}"
for port in "$ctld_port" "$d_port"; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    fail "port $port is taken (another Slurm?); set CORDON_SLURM_PORTS=\"CTLD SLURMD\""
  fi
done

host=$(hostname -s)
node=$(slurmd -C | head -n 1)
[[ $node == NodeName=* ]] || fail "slurmd -C printed no node line: $node"
mkdir -p "$state/munge" "$state/ctld" "$state/spool" "$state/work"
chmod 700 "$state/munge"
export SLURM_CONF=$state/slurm.conf
cat >"$SLURM_CONF" <<EOF
# One node: this machine ($host), daemons as root, all state under $state.
ClusterName=cordon-ci
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=$ctld_port
SlurmdPort=$d_port
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$state/munge/munge.socket
StateSaveLocation=$state/ctld
SlurmdSpoolDir=$state/spool
SlurmctldPidFile=$state/slurmctld.pid
SlurmdPidFile=$state/slurmd.pid
SlurmctldLogFile=$state/slurmctld.log
SlurmdLogFile=$state/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
MpiDefault=none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
JobCompType=jobcomp/none
MinJobAge=3600
KillWait=5
$node NodeAddr=127.0.0.1 State=UNKNOWN
PartitionName=ci Nodes=ALL Default=YES MaxTime=INFINITE State=UP
EOF

say "starting munged, slurmctld, slurmd (state in $state)"
dd if=/dev/urandom of="$state/munge/munge.key" bs=1024 count=1 status=none
chmod 400 "$state/munge/munge.key"
munged --foreground --force --key-file="$state/munge/munge.key" \
  --socket="$state/munge/munge.socket" --pid-file="$state/munge/munged.pid" \
  --seed-file="$state/munge/munged.seed" --log-file="$state/munged.log" >"$state/munged.out" 2>&1 &
pids+=($!)
for _ in $(seq 1 50); do [ -S "$state/munge/munge.socket" ] && break; sleep 0.1; done
[ -S "$state/munge/munge.socket" ] || fail "munged did not start"
slurmctld -D -f "$SLURM_CONF" >"$state/slurmctld.out" 2>&1 &
pids+=($!)
slurmd -D -f "$SLURM_CONF" >"$state/slurmd.out" 2>&1 &
pids+=($!)

deadline=$(($(date +%s) + 60))
until [ "$(sinfo -h -N -o '%T' 2>/dev/null)" = idle ]; do
  for pid in "${pids[@]}"; do
    kill -0 "$pid" 2>/dev/null || fail "a daemon (pid $pid) exited during start-up"
  done
  [ "$(date +%s)" -lt $deadline ] ||
    fail "the node is not idle after 60 s: sinfo says '$(sinfo -h -N -o '%T %E' 2>&1)'"
  sleep 0.5
done
say "node $host idle ($(elapsed) s since the script started): $(sinfo -h -N -o '%N %c CPUs, %m MB, %T')"

# --- the documented recipes ---------------------------------------------------------------------
doc=$root/docs/cluster.md

# The first ```sh block after the first line of docs/cluster.md that starts with $1.
block_after() {
  awk -v start="$1" '
    !found && index($0, start) == 1 { found = 1; next }
    found == 1 && $0 == "```sh" { found = 2; next }
    found == 2 && $0 == "```" { exit }
    found == 2 { print }
  ' "$doc"
}

# Replaces the one occurrence of $2 by $3 in file $1 (fails if $2 is not there exactly once:
# the document changed and this script must follow).
resize() {
  python3 - "$@" <<'EOF'
import sys
path, old, new = sys.argv[1:]
text = open(path).read()
if text.count(old) != 1:
    sys.exit(f"slurm-ci: FAILED: {old!r} occurs {text.count(old)} times in {path}, not once")
open(path, "w").write(text.replace(old, new))
EOF
}

# Polls until no job of $1 is pending or running (fails after $2 seconds).
wait_job() {
  local deadline=$(($(date +%s) + $2))
  while [ -n "$(squeue -h -j "$1" 2>/dev/null)" ]; do
    [ "$(date +%s)" -lt $deadline ] || fail "job $1 is not done after $2 s: $(squeue -j "$1" 2>&1)"
    sleep 0.5
  done
}

# Fails unless every task of job $1 COMPLETED with exit code 0.
check_completed() {
  local states
  states=$(scontrol -o show job "$1" | grep -o 'JobState=[A-Z_]* .*ExitCode=[0-9:]*' |
    sed -E 's/JobState=([A-Z_]+) .*ExitCode=([0-9:]+)/\1 \2/' | sort | uniq -c)
  if [ -z "$states" ] || echo "$states" | grep -qv ' COMPLETED 0:0$'; then
    fail "job $1 did not complete: $(scontrol -o show job "$1" | grep -o 'JobId=[0-9]* .*JobState=[A-Z_]*' | sed -E 's/ .*JobState=/ /')"
  fi
}

# Seconds from submission to the end of job $1's last task.
span() {
  scontrol -o show job "$1" | python3 -c '
import sys, datetime
t = lambda s: datetime.datetime.fromisoformat(s).timestamp()
rows = [dict(kv.split("=", 1) for kv in line.split() if "=" in kv) for line in sys.stdin]
print(round(max(t(r["EndTime"]) for r in rows) - min(t(r["SubmitTime"]) for r in rows)))'
}

# Slurm's own cost of a task: an empty job, and an empty array of 4 one-CPU tasks, timed from
# sbatch until squeue no longer lists them (polled every 0.1 s), in seconds.
empty_jobs() {
  local t id one four
  t=$(date +%s%N)
  id=$(command sbatch --parsable --cpus-per-task=1 --output=/dev/null --wrap true)
  while [ -n "$(squeue -h -j "$id" 2>/dev/null)" ]; do sleep 0.1; done
  one=$((($(date +%s%N) - t) / 1000000))
  check_completed "$id"
  t=$(date +%s%N)
  id=$(command sbatch --parsable --array=0-3 --cpus-per-task=1 --output=/dev/null --wrap true)
  while [ -n "$(squeue -h -j "$id" 2>/dev/null)" ]; do sleep 0.1; done
  four=$((($(date +%s%N) - t) / 1000000))
  check_completed "$id"
  say "Slurm's cost of a task: one empty job $((one / 1000)).$(((one % 1000) / 10)) s from sbatch to done; an empty array of 4 tasks $((four / 1000)).$(((four % 1000) / 10)) s"
}

# The files of $1 and $2 (top level, no state/) are the same set and byte-identical, apart
# from manifest.json whose `run` part may differ; $3 names the case.
same_bytes() {
  python3 - "$@" <<'EOF'
import json, os, sys
local, merged, case = sys.argv[1:]
files = lambda d: sorted(f for f in os.listdir(d) if os.path.isfile(os.path.join(d, f)) and not f.startswith("."))
a, b = files(local), files(merged)
wanted = {"compare": ["runs.csv", "bands.csv", "failures.csv", "runs.parquet", "bands.parquet", "manifest.json"]}.get(case.split()[0])
if wanted:
    a = [f for f in a if f in wanted]
    b = [f for f in b if f in wanted]
    if a != sorted(wanted) or b != sorted(wanted):
        sys.exit(f"slurm-ci: FAILED ({case}): expected {sorted(wanted)}; local has {a}, merged has {b}")
if a != b or not a:
    sys.exit(f"slurm-ci: FAILED ({case}): local files {a} but merged files {b}")
differ = []
for f in a:
    x = open(os.path.join(local, f), "rb").read()
    y = open(os.path.join(merged, f), "rb").read()
    if f == "manifest.json" and case.split()[0] == "compare":
        x, y = json.loads(x), json.loads(y)
        x.pop("run", None)
        y.pop("run", None)
    if x != y:
        differ.append(f)
if differ:
    sys.exit(f"slurm-ci: FAILED ({case}): the merged {', '.join(differ)} differ from the local single run ({local} vs {merged})")
print(f"== slurm: {case}: merged == local single run, byte for byte: {', '.join(a)}"
      + (" (manifest.json apart from run)" if "manifest.json" in a and case.split()[0] == "compare" else ""))
EOF
}

# Journaled work units of shard directory $1 (compare: replications; explore: world × course rows).
journaled() {
  local n=0 f
  for f in "$1"/state/journal*.log "$1"/state/journal.csv; do
    [ -f "$f" ] || continue
    n=$((n + $(grep -vc '^#' "$f" || true)))
  done
  echo $n
}

# One case: $1 name (compare | explore), $2 array script name, $3 the line that introduces it,
# $4 the line that introduces its submission block, $5 the results folder, $6 the local
# command; then the resizes as OLD NEW pairs (in the array script and the submission block).
run_case() {
  local name=$1 script=$2 intro=$3 submit_intro=$4 results=$5 local_cmd=$6
  shift 6
  local resizes=("$@")
  local base=$state/work/$name
  mkdir -p "$base"
  block_after "$intro" >"$base/$script.doc"
  block_after "$submit_intro" >"$base/submit.doc"
  [ -s "$base/$script.doc" ] || fail "no \`\`\`sh block after '$intro' in docs/cluster.md"
  [ -s "$base/submit.doc" ] || fail "no \`\`\`sh block after '$submit_intro' in docs/cluster.md"
  grep -q "^jobid=\$(sbatch --parsable $script)\$" "$base/submit.doc" ||
    fail "docs/cluster.md's submission of $script has no line 'jobid=\$(sbatch --parsable $script)'"

  say "$name: local single run: $local_cmd"
  mkdir -p "$base/local"
  cp -r "$root/scenarios" "$base/local/scenarios"
  local t
  t=$(date +%s%N)
  (cd "$base/local" && eval "$local_cmd" >local.log 2>&1) || {
    tail -n 20 "$base/local/local.log" >&2
    fail "$name: the local run failed"
  }
  local local_s=$((($(date +%s%N) - t) / 1000000))

  local variant
  for variant in plain cancel; do
    local work=$base/$variant
    mkdir -p "$work"
    cp -r "$root/scenarios" "$work/scenarios"
    cp "$base/$script.doc" "$work/$script"
    cp "$base/submit.doc" "$work/submit.sh"
    local i
    for ((i = 0; i < ${#resizes[@]}; i += 3)); do
      resize "$work/${resizes[i]}" "${resizes[i + 1]}" "${resizes[i + 2]}"
    done
    # The submission block, split at its array submission: what submits the array, what merges.
    local submit_part merge_part
    submit_part=$(sed -n "1,/^jobid=\$(sbatch --parsable $script)\$/p" "$work/submit.sh")
    merge_part=$(sed -n "/^jobid=\$(sbatch --parsable $script)\$/,\$p" "$work/submit.sh" | tail -n +2)
    : >"$work/jobs.txt"
    # sbatch as the block calls it, recording each job id it prints.
    sbatch() {
      local out
      out=$(command sbatch "$@") || return
      echo "$out" | grep -oE '[0-9]+$' >>"$work/jobs.txt"
      echo "$out"
    }

    say "$name ($variant): sbatch $script ($(grep -o -- '^#SBATCH --array=[0-9-]*' "$work/$script" | cut -c9-)), then the documented merge"
    local t0 merge_id
    t0=$(date +%s%N)
    cd "$work"
    eval "$submit_part"
    local array_id=$jobid
    if [ $variant = cancel ]; then
      local k=1 shard=$work/$results/shard-1
      # Wait until task 1 has journaled part of its work, then cancel it.
      local deadline=$(($(date +%s) + 120))
      until [ "$(journaled "$shard")" -gt 0 ]; do
        [ "$(date +%s)" -lt $deadline ] || fail "$name: task $k journaled nothing in 120 s"
        sleep 0.2
      done
      command scancel "${array_id}_$k"
      wait_job "$array_id" 300
      local before
      [ ! -e "$shard/state/finished" ] && [ ! -e "$shard/manifest.json" ] ||
        fail "$name: task $k finished before scancel took effect (make the shards larger)"
      before=$(journaled "$shard")
      say "$name (cancel): task $k cancelled ($(scontrol -o show job "${array_id}_$k" | grep -o 'JobState=[A-Z]*')) with $before units journaled; resubmitted: sbatch --array=$k $script"
      # The documented resubmission of one task; the merge waits for it.
      jobid=$(sbatch --parsable --array=$k "$script")
    fi
    eval "$merge_part"
    merge_id=$(tail -n 1 "$work/jobs.txt")
    cd "$root"
    wait_job "$jobid" 600
    wait_job "$merge_id" 300
    local total_ms=$((($(date +%s%N) - t0) / 1000000))
    if [ $variant = cancel ]; then
      check_completed "$jobid"
      # The resubmitted task kept what the cancelled one had journaled (cordon says so).
      local resumed
      resumed=$(grep -ho "resuming with [1-9][0-9]* of [0-9]* units done" "$work"/logs/*-"${jobid}_$k".out) ||
        fail "$name: the resubmitted task did not resume: $(tail -n 3 "$work"/logs/*-"${jobid}_$k".out)"
      say "$name (cancel): the resubmitted task's log: $resumed"
    else
      check_completed "$array_id"
    fi
    check_completed "$merge_id"
    same_bytes "$base/local/$results" "$work/$results/merged" "$name ($variant)"
    if [ $variant = plain ]; then
      say "$name: timing: local single run $((local_s / 1000)).$(((local_s % 1000) / 100)) s; array + merge from first sbatch to merged $((total_ms / 1000)).$(((total_ms % 1000) / 100)) s (Slurm: array $(span "$array_id") s, merge $(span "$merge_id") s from submission to end)"
    fi
  done
}

empty_jobs

# The local runs: the documented command without --shard; --threads does not change a byte.
# compare's --no-worlds drops the worlds section (a shard has none, and none of the files
# compared holds it): 20 s less in a debug build.
run_case compare compare-array.sh '`compare-array.sh`' 'Submit, then merge once every task' results \
  'cordon compare scenarios/levant-2017.toml --reps 200 --seed 20170301 --threads 2 --no-worlds --out results' \
  compare-array.sh '#SBATCH --array=0-15' '#SBATCH --array=0-3' \
  compare-array.sh '#SBATCH --cpus-per-task=8' '#SBATCH --cpus-per-task=1' \
  compare-array.sh 'N=16 ' 'N=4 ' \
  compare-array.sh '--reps 100000' '--reps 200'

run_case explore explore-array.sh '`explore-array.sh`' 'Submit, then merge with the same scenario' explore \
  'cordon explore scenarios/levant-2017.toml --worlds 64 --reps 2 --seed 20170301 --threads 2 --out explore' \
  explore-array.sh '#SBATCH --array=0-15' '#SBATCH --array=0-3' \
  explore-array.sh '#SBATCH --cpus-per-task=8' '#SBATCH --cpus-per-task=1' \
  explore-array.sh 'N=16 ' 'N=4 ' \
  explore-array.sh '--worlds 2000 --reps 10' '--worlds 64 --reps 2' \
  submit.sh '--worlds 2000 --reps 10' '--worlds 64 --reps 2'

# The files under $1 and $2 (recursively, but the lock) are the same set and byte-identical.
same_tree() {
  python3 - "$@" <<'EOF'
import os, sys
a_dir, b_dir, case = sys.argv[1:]
def tree(root):
    out = {}
    for d, _, names in os.walk(root):
        for n in names:
            if n != ".cordon-lock":
                p = os.path.join(d, n)
                out[os.path.relpath(p, root)] = open(p, "rb").read()
    return out
a, b = tree(a_dir), tree(b_dir)
if sorted(a) != sorted(b) or not a:
    sys.exit(f"slurm-ci: FAILED ({case}): local files {sorted(a)} but array files {sorted(b)}")
differ = [f for f in sorted(a) if a[f] != b[f]]
if differ:
    sys.exit(f"slurm-ci: FAILED ({case}): {', '.join(differ)} differ from the local single run ({a_dir} vs {b_dir})")
print(f"== slurm: {case}: array == local single run, byte for byte: {len(a)} files ({', '.join(sorted(a))})")
EOF
}

# Seconds from the submission of each generation's array to the end of its step (Slurm's clock,
# whole seconds), from `scontrol -o show job` lines on stdin.
generation_spans() {
  python3 -c '
import sys, datetime
t = lambda s: datetime.datetime.fromisoformat(s).timestamp()
rows = [dict(kv.split("=", 1) for kv in line.split() if "=" in kv) for line in sys.stdin if line.strip()]
tasks = [r for r in rows if r["JobName"] == "cordon-optimize"]
arrays = sorted({r["ArrayJobId"] for r in tasks}, key=int)
steps = sorted((r for r in rows if r["JobName"] == "cordon-advance"), key=lambda r: int(r["JobId"]))
spans = []
for a, s in zip(arrays, steps):
    start = min(t(r["SubmitTime"]) for r in tasks if r["ArrayJobId"] == a)
    spans.append(str(round(t(s["EndTime"]) - start)))
print(" ".join(spans))'
}

# Optimize: docs/cluster.md's optimize-array.sh and its submission, as written but for the sizes;
# each generation's step submits the next generation's array and step. Waits until none of
# them is left, checks that every task and step completed, and compares the whole results
# directory (journal.txt, plans/ and manifest.json included) with a local single run.
run_optimize_case() {
  local script=optimize-array.sh generations=2
  unset -f sbatch # run_case's recorder: here the documented lines call Slurm's own
  local flags="--objectives fighters_total,coalition_losses,civilian_casualties --generations $generations --population 8 --reps 2 --seed 20170301"
  local base=$state/work/optimize
  mkdir -p "$base/local" "$base/array"
  cp -r "$root/scenarios" "$base/local/scenarios"
  cp -r "$root/scenarios" "$base/array/scenarios"
  block_after '`optimize-array.sh`' >"$base/array/$script"
  block_after 'Submit the first generation' >"$base/array/submit.sh"
  [ -s "$base/array/$script" ] || fail "no \`\`\`sh block after '\`optimize-array.sh\`' in docs/cluster.md"
  grep -q "^jobid=\$(sbatch --parsable $script)\$" "$base/array/submit.sh" ||
    fail "docs/cluster.md's submission of $script has no line 'jobid=\$(sbatch --parsable $script)'"
  resize "$base/array/$script" '#SBATCH --array=0-15' '#SBATCH --array=0-3'
  resize "$base/array/$script" '#SBATCH --cpus-per-task=8' '#SBATCH --cpus-per-task=1'
  resize "$base/array/$script" 'N=16 ' 'N=4 '
  resize "$base/array/$script" '--generations 20 --population 64 --reps 10' "--generations $generations --population 8 --reps 2"

  local local_cmd="cordon optimize scenarios/levant-2017.toml $flags --threads 2 --out optimize"
  say "optimize: local single run: $local_cmd"
  local t
  t=$(date +%s%N)
  (cd "$base/local" && eval "$local_cmd" >local.log 2>&1) || {
    tail -n 20 "$base/local/local.log" >&2
    fail "optimize: the local run failed"
  }
  local local_ms=$((($(date +%s%N) - t) / 1000000))

  say "optimize: sbatch $script (--array=0-3 per generation, $((generations + 1)) generations), each step submitting the next"
  t=$(date +%s%N)
  (cd "$base/array" && eval "$(cat submit.sh)" >/dev/null)
  local deadline=$(($(date +%s) + 300))
  while [ -n "$(squeue -h -n cordon-optimize,cordon-advance 2>/dev/null)" ]; do
    [ "$(date +%s)" -lt $deadline ] || fail "optimize: jobs left after 300 s: $(squeue 2>&1)"
    sleep 0.2
  done
  local array_ms=$((($(date +%s%N) - t) / 1000000))

  # Every task and step COMPLETED with exit 0: one array of 4 and one step per generation.
  local jobs tasks steps
  jobs=$(scontrol -o show job | grep -E 'JobName=cordon-(optimize|advance) ' || true)
  tasks=$(echo "$jobs" | grep -c 'JobName=cordon-optimize ' || true)
  steps=$(echo "$jobs" | grep -c 'JobName=cordon-advance ' || true)
  if [ "$tasks" -ne $((4 * (generations + 1))) ] || [ "$steps" -ne $((generations + 1)) ] ||
    echo "$jobs" | grep -v 'JobState=COMPLETED ' | grep -q . ||
    echo "$jobs" | grep -v 'ExitCode=0:0 ' | grep -q .; then
    tail -n 5 "$base"/array/logs/* >&2 || true
    fail "optimize: expected $((4 * (generations + 1))) tasks and $((generations + 1)) steps, all COMPLETED with exit 0; got $tasks tasks and $steps steps: $(echo "$jobs" | grep -oE 'JobId=[0-9]+|JobName=[a-z-]+|JobState=[A-Z_]+|ExitCode=[0-9:]+' | paste -sd' ')"
  fi
  [ -z "$(ls -A "$base/array/optimize/pending" 2>/dev/null)" ] || fail "optimize: pending/ is left"
  same_tree "$base/local/optimize" "$base/array/optimize" "optimize"
  local per_gen=$(((array_ms - local_ms) / (generations + 1)))
  say "optimize: timing: local single run $((local_ms / 1000)).$(((local_ms % 1000) / 100)) s; array from the first sbatch until no job is left $((array_ms / 1000)).$(((array_ms % 1000) / 100)) s for $((generations + 1)) generations ($((per_gen / 1000)).$(((per_gen % 1000) / 100)) s more per generation); per generation, from its array's submission to the end of its step: $(echo "$jobs" | generation_spans) s"
}

optimize_started=$(date +%s)
run_optimize_case
say "optimize: $(($(date +%s) - optimize_started)) s for the case"

say "all cases byte-identical; Slurm $slurm_version; $(elapsed) s in all (teardown follows)"
