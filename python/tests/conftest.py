"""Shared helpers: fixture paths and the `cordon` binary the numbers are compared with.

The binary is $CORDON_BIN, else target/release/cordon, else target/debug/cordon of this
checkout (scripts/python-ci.sh builds one when none is there)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def cordon_bin() -> str:
    explicit = os.environ.get("CORDON_BIN")
    if explicit:
        return explicit
    for profile in ("release", "debug"):
        path = ROOT / "target" / profile / "cordon"
        if path.exists():
            return str(path)
    raise RuntimeError("no cordon binary: build one (cargo build --bin cordon) or set CORDON_BIN")


def cli(*args: str, expect: int = 0) -> subprocess.CompletedProcess:
    """Runs the CLI; fails the test unless it exits with `expect`."""
    done = subprocess.run([cordon_bin(), *args], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == expect, f"cordon {' '.join(args)} exited {done.returncode}:\n{done.stderr}"
    return done


def read_csv(path: Path) -> pd.DataFrame:
    """A CSV Cordon wrote, every number read back to the bit."""
    if int(pd.__version__.split(".")[0]) >= 3:
        return pd.read_csv(path)  # round-trip parsing is the default from pandas 3 on
    return pd.read_csv(path, float_precision="round_trip")


@pytest.fixture
def fixture_path():
    return lambda name: str(FIXTURES / name)
