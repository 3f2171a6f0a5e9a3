"""Executes the example notebooks (nbclient), failing on the first cell that raises, and on any
text output that differs from the one saved in the notebook.

    python python/examples/execute.py            # CI: run every notebook, compare, leave the files alone
    python python/examples/execute.py --write    # save the new outputs into the notebooks instead

Each notebook runs in a fresh kernel of this interpreter, from this folder, with a time limit
per cell. Results depend only on the scenario and the seed, so every printed number, table and
figure title a reader sees in a saved notebook must be what running it gives: the text of each
output (printed streams, results, the plain-text form of figures) is compared exactly; images
are not (their bytes depend on the plotting library's version). Called by scripts/python-ci.sh
with the package installed from the wheel."""

from __future__ import annotations

import difflib
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

HERE = Path(__file__).resolve().parent
#: Seconds a cell may take before the run fails.
CELL_TIMEOUT = 300


def texts(cell) -> list:
    """The text of a code cell's outputs, in order (images left out)."""
    out = []
    for o in cell.get("outputs", []):
        kind = o.get("output_type")
        if kind == "stream":
            out.append(f"[{o.get('name')}] {o.get('text', '')}")
        elif kind in ("execute_result", "display_data"):
            out.append(f"[{kind}] {o.get('data', {}).get('text/plain', '')}")
        elif kind == "error":
            out.append(f"[error] {o.get('ename')}: {o.get('evalue')}")
    return out


def differences(saved, ran) -> list:
    """Per code cell whose outputs' text changed: a unified diff, saved → ran."""
    found = []
    code = [(c, r) for c, r in zip(saved.cells, ran.cells) if c.cell_type == "code"]
    for i, (c, r) in enumerate(code, 1):
        a, b = texts(c), texts(r)
        if a != b:
            diff = difflib.unified_diff(
                "\n".join(a).splitlines(), "\n".join(b).splitlines(), "saved", "ran", lineterm=""
            )
            found.append(f"code cell {i}:\n" + "\n".join(diff))
    return found


def execute(path: Path, write: bool) -> tuple:
    saved = nbformat.read(path, as_version=4)
    nb = nbformat.read(path, as_version=4)
    started = time.monotonic()
    client = NotebookClient(nb, timeout=CELL_TIMEOUT, kernel_name="python3", resources={"metadata": {"path": str(HERE)}})
    client.execute()
    elapsed = time.monotonic() - started
    if write:
        for cell in nb.cells:
            cell.get("metadata", {}).pop("execution", None)
        nbformat.write(nb, path)
        return elapsed, []
    return elapsed, differences(saved, nb)


def main(argv: list) -> int:
    write = "--write" in argv
    notebooks = sorted(HERE.glob("*.ipynb"))
    if not notebooks:
        print("no notebooks in", HERE, file=sys.stderr)
        return 1
    for path in notebooks:
        try:
            elapsed, changed = execute(path, write)
        except CellExecutionError as e:
            print(f"{path.name}: a cell failed:\n{e}", file=sys.stderr)
            return 1
        if changed:
            print(
                f"{path.name}: the outputs differ from the ones saved in the notebook"
                " (run `python python/examples/execute.py --write` and review the diff):\n"
                + "\n\n".join(changed),
                file=sys.stderr,
            )
            return 1
        saved = "outputs saved" if write else "outputs as saved"
        print(f"{path.name}: every cell ran in {elapsed:.1f} s ({saved})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
