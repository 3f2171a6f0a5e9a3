#!/usr/bin/env bash
# CI of docs/cluster.md's Kubernetes recipe: deploy/k8s/*.yaml validated offline against the
# Kubernetes API schema (kubernetes-validate from PyPI ships the schemas; --strict rejects
# unknown fields), then the fields the recipe relies on checked on the parsed YAML:
# an Indexed Job whose completions, parallelism and N agree, whose command shards by
# $JOB_COMPLETION_INDEX into a mounted volume and passes --resume.
# (`cargo test -p cordon-cli cluster_docs` checks that docs/cluster.md shows the file verbatim.)
#
# Env: CORDON_K8S_VENV (default target/k8s-ci-venv, reused when it has the validator).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
venv=${CORDON_K8S_VENV:-$root/target/k8s-ci-venv}
validator_version=1.37.0

if ! "$venv/bin/kubernetes-validate" --version 2>/dev/null | grep -qx "$validator_version"; then
  echo "== k8s: virtual environment with kubernetes-validate $validator_version in $venv"
  rm -rf "$venv"
  python3 -m venv "$venv"
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check \
    "kubernetes-validate==$validator_version"
fi

# The manifests: the arguments, else every deploy/k8s/*.yaml (each must be such an Indexed Job).
if [ $# -gt 0 ]; then manifests=("$@"); else manifests=("$root"/deploy/k8s/*.yaml); fi
echo "== k8s: kubernetes-validate --strict (Kubernetes 1.37 and 1.29, the first with backoffLimitPerIndex in beta)"
"$venv/bin/kubernetes-validate" --strict --quiet "${manifests[@]}"
"$venv/bin/kubernetes-validate" --strict --quiet -k 1.29.0 "${manifests[@]}"

echo "== k8s: the fields the recipe relies on"
for manifest in "${manifests[@]}"; do
"$venv/bin/python" - "$manifest" <<'EOF'
import sys
import yaml

path = sys.argv[1]
job = yaml.safe_load(open(path))
problems = []


def need(ok, what):
    if not ok:
        problems.append(what)


spec = job.get("spec", {})
pod = spec.get("template", {}).get("spec", {})
need(job.get("apiVersion") == "batch/v1" and job.get("kind") == "Job", "a batch/v1 Job")
need(spec.get("completionMode") == "Indexed", "completionMode: Indexed")
need(pod.get("restartPolicy") == "Never", "restartPolicy: Never (backoffLimitPerIndex needs it)")
containers = pod.get("containers", [])
need(len(containers) == 1, "one container")
c = containers[0] if containers else {}
env = {e["name"]: e.get("value") for e in c.get("env", [])}
need(env.get("N") == str(spec.get("completions")), "env N equal to completions")
need(spec.get("parallelism", 1) <= spec.get("completions", 0), "parallelism at most completions")
script = " ".join(c.get("command", []) + c.get("args", []))
words = script.split()
need(c.get("command", [])[:2] == ["/bin/sh", "-c"], "the command run by /bin/sh -c (it expands the variables)")
need('--shard "$JOB_COMPLETION_INDEX/$N"' in script, '--shard "$JOB_COMPLETION_INDEX/$N"')
need("--resume" in words, "--resume")
out = next((words[i + 1] for i, w in enumerate(words[:-1]) if w == "--out"), "")
need("$JOB_COMPLETION_INDEX" in out, "--out naming the shard by $JOB_COMPLETION_INDEX")
volumes = {v["name"]: v for v in pod.get("volumes", [])}
mounts = c.get("volumeMounts", [])
mounted = [m for m in mounts if out.strip('"').startswith(m.get("mountPath", "//") + "/")]
need(len(mounted) == 1, f"--out {out} on a mounted volume")
for m in mounted:
    v = volumes.get(m.get("name"))
    need(v is not None, f"volume {m.get('name')} declared")
    need(v is not None and "persistentVolumeClaim" in v, f"volume {m.get('name')} a persistentVolumeClaim (shared by every pod)")
if problems:
    sys.exit(f"k8s: FAILED: {path} lacks: " + "; ".join(problems))
print(f"== k8s: {path}: Indexed Job of {spec['completions']} completions, --shard by $JOB_COMPLETION_INDEX, --out on volume {mounted[0]['name']}: ok")
EOF
done
