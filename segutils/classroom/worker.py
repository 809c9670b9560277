"""Grade one notebook with otter, in this process; the grader starts one per submission.

Usage: python -m tools.classroom.worker BUNDLE NOTEBOOK SCRATCH RESULT [--cell-timeout S]
       [--memory-gb G]

Runs ``otter.api.grade_submission`` on NOTEBOOK with the instructor's autograder BUNDLE, so only
the bundle's tests are used (otter copies them over anything the submission ships). Every
temporary file goes beneath SCRATCH, the kernel is confined there (``tools.classroom.sandbox``)
and a cell that runs longer than ``--cell-timeout`` is interrupted, so the rest of the notebook is
still graded. The scores, per question and per check, are written to RESULT as JSON.
"""

import argparse
import json
import os
import sys
from pathlib import Path

SANDBOX = Path(__file__).with_name("sandbox.py")


def prepare_environment(scratch: Path) -> None:
    """Point every folder the worker and its kernel write to beneath ``scratch``.

    Writes the IPython startup file that confines the kernel before the first student cell.
    """
    from tools.classroom.sandbox import POLICY_ENV

    folders = {name: scratch / name for name in ("tmp", "runtime", "kernel")}
    for folder in folders.values():
        folder.mkdir(parents=True, exist_ok=True)
    private = folders["kernel"]
    startup = private / "ipython" / "profile_default" / "startup"
    startup.mkdir(parents=True)
    # runpy keeps the sandbox's names out of the student's namespace.
    (startup / "00-grading-sandbox.py").write_text(
        "import runpy\n"
        f"runpy.run_path({str(SANDBOX)!r}, run_name='grading_sandbox')['confine_kernel']()\n"
        "del runpy\n"
    )
    os.environ.update(
        {
            "TMPDIR": str(folders["tmp"]),  # otter's grading folder and its results file
            "JUPYTER_RUNTIME_DIR": str(folders["runtime"]),
            "IPYTHONDIR": str(private / "ipython"),
            "HOME": str(private),
            "MPLCONFIGDIR": str(private / "matplotlib"),
            "KERAS_HOME": str(private / "keras"),
            "XDG_CACHE_HOME": str(private / "cache"),
            POLICY_ENV: f"{private}|{folders['tmp']}",
        }
    )


def limit_cells(seconds: int) -> None:
    """Make otter's notebook execution interrupt any cell that runs over ``seconds``.

    otter builds its ``ExecutePreprocessor`` inside ``grade_notebook`` with no way to pass a cell
    timeout, so the class it imports is replaced by one with these defaults. An interrupted cell
    is an error like any other: its question scores what its checks give, the others go on.
    """
    import nbconvert.preprocessors
    from traitlets import Bool, Integer

    class LimitedExecutePreprocessor(nbconvert.preprocessors.ExecutePreprocessor):
        timeout = Integer(seconds, allow_none=True).tag(config=True)
        interrupt_on_timeout = Bool(True).tag(config=True)

    nbconvert.preprocessors.ExecutePreprocessor = LimitedExecutePreprocessor


def summarise(results, notebook_path: Path) -> dict:
    """The JSON-ready scores of otter's ``GradingResults`` and the errors of the executed cells."""
    questions = {}
    for name, test_file in results.results.items():
        questions[name] = {
            "score": float(test_file.score),
            "possible": float(test_file.possible),
            "checks": [
                {
                    "name": r.test_case.name,
                    "hidden": bool(r.test_case.hidden),
                    "passed": bool(r.passed),
                    "message": r.message or "",
                }
                for r in test_file.test_case_results
            ],
        }
    errors = []
    executed = getattr(results, "notebook", None)
    for cell in getattr(executed, "cells", []):
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                first_line = cell.source.strip().split("\n")[0][:80]
                errors.append(f"{output.get('ename')}: {output.get('evalue', '')[:200]} "
                              f"(in the cell starting `{first_line}`)")  # fmt: skip
    return {"notebook": notebook_path.name, "questions": questions, "errors": errors}


def main(argv: list[str] | None = None) -> int:
    """Command line of one grading process; the exit status is 0 when RESULT was written."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("bundle", type=Path)
    parser.add_argument("notebook", type=Path)
    parser.add_argument("scratch", type=Path)
    parser.add_argument("result", type=Path)
    parser.add_argument("--cell-timeout", type=int, default=600)
    parser.add_argument("--memory-gb", type=float, default=8.0)
    args = parser.parse_args(argv)
    from tools.classroom.sandbox import limit_memory

    limit_memory(args.memory_gb)  # inherited by the kernel otter starts
    prepare_environment(args.scratch)
    limit_cells(args.cell_timeout)
    from otter.api import grade_submission

    os.chdir(args.scratch)
    results = grade_submission(str(args.notebook), str(args.bundle), quiet=True)
    args.result.write_text(json.dumps(summarise(results, args.notebook), indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
