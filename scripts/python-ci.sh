#!/usr/bin/env bash
# CI of the Python package: a fresh virtual environment, the package built from source as an
# abi3 wheel and installed, then its pytest suite (numbers compared with the `cordon` CLI of
# this checkout, Ctrl-C handling, the EMA Workbench adapter), then the example notebooks
# executed (python/examples/execute.py: a cell that raises, or an output that differs from the
# one saved in the notebook, fails CI). See docs/python.md.
#
# Env: CORDON_PY_VENV (default target/python-ci-venv, recreated each run); CORDON_BIN (the CLI
# the tests compare with; default: target/debug/cordon, built here if missing).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
venv=${CORDON_PY_VENV:-$root/target/python-ci-venv}
export CARGO_TARGET_DIR=$root/target
export CARGO_TERM_COLOR=never

echo "== python: fresh virtual environment in $venv"
rm -rf "$venv"
python3 -m venv "$venv"
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check --only-binary=:all: \
  -r python/requirements-ci.txt

echo "== python: cargo fmt and clippy of the extension crate (its own workspace)"
cargo fmt --manifest-path python/Cargo.toml -- --check
PYO3_PYTHON="$venv/bin/python" cargo clippy --manifest-path python/Cargo.toml --all-targets --locked -- -D warnings

echo "== python: build the wheel and install it"
rm -rf "$root/target/wheels"
(cd python && "$venv/bin/maturin" build --release --locked --interpreter "$venv/bin/python" \
  --out "$root/target/wheels")
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check --no-deps "$root"/target/wheels/cordon-*.whl

if [ -z "${CORDON_BIN:-}" ]; then
  echo "== python: the CLI the tests compare with"
  cargo build --locked --quiet --bin cordon
  export CORDON_BIN=$root/target/debug/cordon
fi

echo "== python: pytest"
# From the tests folder, so that `import cordon` is the installed wheel, not python/cordon.
(cd python/tests && "$venv/bin/python" -m pytest -q -p no:cacheprovider --durations=5)

echo "== python: the example notebooks"
"$venv/bin/python" python/examples/execute.py
