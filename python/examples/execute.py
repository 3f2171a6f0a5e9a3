"""Executes the example notebooks (nbclient), failing on the first cell that raises.

    python python/examples/execute.py            # CI: run every notebook, leave the files alone
    python python/examples/execute.py --write    # also save the outputs into the notebooks

Each notebook runs in a fresh kernel of this interpreter, from this folder, with a time limit
per cell. Called by scripts/python-ci.sh with the package installed from the wheel."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

HERE = Path(__file__).resolve().parent
#: Seconds a cell may take before the run fails.
CELL_TIMEOUT = 300


def execute(path: Path, write: bool) -> float:
    nb = nbformat.read(path, as_version=4)
    started = time.monotonic()
    client = NotebookClient(nb, timeout=CELL_TIMEOUT, kernel_name="python3", resources={"metadata": {"path": str(HERE)}})
    client.execute()
    elapsed = time.monotonic() - started
    if write:
        for cell in nb.cells:
            cell.get("metadata", {}).pop("execution", None)
        nbformat.write(nb, path)
    return elapsed


def main(argv: list) -> int:
    write = "--write" in argv
    notebooks = sorted(HERE.glob("*.ipynb"))
    if not notebooks:
        print("no notebooks in", HERE, file=sys.stderr)
        return 1
    for path in notebooks:
        try:
            elapsed = execute(path, write)
        except CellExecutionError as e:
            print(f"{path.name}: a cell failed:\n{e}", file=sys.stderr)
            return 1
        print(f"{path.name}: every cell ran in {elapsed:.1f} s{' (outputs saved)' if write else ''}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
