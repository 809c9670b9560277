"""Re-execute notebooks in place, in a fresh kernel each, from their own folder.

Usage: python tools/execute_notebooks.py [--quick] NOTEBOOK [NOTEBOOK ...]

Full mode unless --quick (which sets SEGUTILS_QUICK=1). Cell timing metadata is dropped so that a
re-run changes only what the reader sees.
"""

import argparse
import os
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

MAX_BYTES = 2_000_000


def execute(path: Path, *, timeout: int) -> float:
    notebook = nbformat.read(path, as_version=4)
    start = time.perf_counter()
    client = NotebookClient(
        notebook,
        timeout=timeout,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
        record_timing=False,
    )
    client.execute()
    for cell in notebook.cells:
        cell.metadata.pop("execution", None)
    notebook.metadata.pop("widgets", None)  # widget state is per-session; saved views use it not
    nbformat.write(notebook, path)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="+", type=Path)
    parser.add_argument("--quick", action="store_true", help="set SEGUTILS_QUICK=1")
    parser.add_argument("--timeout", type=int, default=1800, help="seconds per cell")
    args = parser.parse_args()
    if args.quick:
        os.environ["SEGUTILS_QUICK"] = "1"
    else:
        os.environ.pop("SEGUTILS_QUICK", None)
    too_big = []
    for path in args.notebooks:
        seconds = execute(path, timeout=args.timeout)
        size = path.stat().st_size
        print(f"{path}: executed in {seconds:.0f} s, {size / 1e6:.2f} MB")
        if size > MAX_BYTES:
            too_big.append(path)
    if too_big:
        print(f"Over {MAX_BYTES / 1e6:.0f} MB, shrink their figures: {too_big}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
