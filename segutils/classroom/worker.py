"""Grade one notebook with otter, in this process; the grader starts one per submission.

Usage: python -m segutils.classroom.worker BUNDLE NOTEBOOK SCRATCH RESULT [--cell-timeout S]
       [--memory-gb G]

Runs ``otter.api.grade_submission`` on NOTEBOOK with the instructor's autograder BUNDLE, so only
the bundle's tests are used (otter copies them over anything the submission ships). Every
temporary file goes beneath SCRATCH, the kernel is confined there (:mod:`.sandbox`) and a
cell that runs longer than ``--cell-timeout`` is interrupted, so the rest of the notebook is still
graded. The scores, per question and per check (named by its function), the cells' errors and
run times are written to RESULT as JSON.
"""

import argparse
import ast
import json
import os
import sys
import zipfile
from datetime import datetime
from pathlib import Path
from typing import Any

import nbformat

from .sandbox import POLICY_ENV, die_with_parent, limit_memory

# Run by path in the kernel (not imported), so that its names stay out of the student's namespace.
SANDBOX = Path(__file__).with_name("sandbox.py")
# How the feedback names a cell otter adds to the notebook (to set up grading, to run the checks
# not run yet and save every result), and what its failure costs.
GRADERS_CELL = "the grader's own cell (added to your notebook to run the checks)"
LOST = (
    "grading stopped before any check's result was saved, so every question scores 0 here: "
    "fix the cells above, then ask your instructor to grade your notebook again"
)
NOT_RECORDED = "Not recorded: grading stopped before this check's result was saved."


def prepare_environment(scratch: Path, cell_timeout: float) -> None:
    """Point every folder the worker and its kernel write to beneath ``scratch``.

    Writes the IPython startup file that, before the first student cell, limits each cell to
    ``cell_timeout`` seconds and confines the kernel.

    Parameters
    ----------
    scratch : Path
        The submission's private folder.
    cell_timeout : float
        The longest a cell may run, in seconds.

    Examples
    --------
    >>> prepare_environment  # doctest: +ELLIPSIS
    <function prepare_environment at ...>

    References
    ----------
    IPython documentation, "Startup files",
    https://ipython.readthedocs.io/en/stable/interactive/tutorial.html#startup-files
    """
    folders = {name: scratch / name for name in ("tmp", "runtime", "kernel")}
    for folder in folders.values():
        folder.mkdir(parents=True, exist_ok=True)
    private = folders["kernel"]
    startup = private / "ipython" / "profile_default" / "startup"
    startup.mkdir(parents=True)
    (startup / "00-grading-sandbox.py").write_text(
        "import runpy\n"
        f"_sandbox = runpy.run_path({str(SANDBOX)!r}, run_name='grading_sandbox')\n"
        f"_sandbox['limit_cell_time'](get_ipython(), {cell_timeout!r})\n"
        "_sandbox['confine_kernel']()\n"
        "del runpy, _sandbox\n"
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


def check_names(test_file: str) -> list[str]:
    r"""The names of an otter test file's check functions, in the order otter numbers them.

    otter names a ``@test_case`` without ``name=`` by its place in the file (``intro_q1 - 2``)
    and does not keep the function in its results; the feedback names the function instead.

    Parameters
    ----------
    test_file : str
        The source of an exception-based otter test file (``tests/<question>.py`` of a bundle).

    Returns
    -------
    list of str
        The decorated functions' names (or their ``name=``), first defined first.

    Examples
    --------
    >>> source = "@test_case(points=1)\ndef test_area():\n    pass\n\n"
    >>> source += "@test_case(hidden=True)\ndef test_held_back():\n    pass\n"
    >>> check_names(source)
    ['test_area', 'test_held_back']

    References
    ----------
    otter-grader, "Python format: exception-based tests",
    https://otter-grader.readthedocs.io/en/latest/test_files/python_format.html
    """
    names = []
    for node in ast.parse(test_file).body:
        if not isinstance(node, ast.FunctionDef):
            continue
        for decorator in node.decorator_list:
            if isinstance(decorator, ast.Call) and getattr(decorator.func, "id", "") == "test_case":
                given = [k.value for k in decorator.keywords if k.arg == "name"]
                literal = given and isinstance(given[0], ast.Constant)
                names.append(given[0].value if literal else node.name)
    return names


def _bundle_check_names(bundle: Path) -> dict[str, str]:
    """The name otter gives each check in the bundle (``q - k``) -> the check function's name."""
    renamed = {}
    with zipfile.ZipFile(bundle) as archive:
        for member in archive.namelist():
            if member.startswith("tests/") and member.endswith(".py"):
                question = Path(member).stem
                names = check_names(archive.read(member).decode("utf-8"))
                for number, name in enumerate(names, start=1):
                    renamed[f"{question} - {number}"] = name
    return renamed


def _cell_seconds(cell: dict) -> float | None:
    """How long an executed cell ran, from the timings nbclient records in its metadata."""
    timing = cell.get("metadata", {}).get("execution", {})
    try:
        start = datetime.fromisoformat(timing["iopub.execute_input"].replace("Z", "+00:00"))
        end = datetime.fromisoformat(timing["shell.execute_reply"].replace("Z", "+00:00"))
    except (KeyError, ValueError):
        return None
    return (end - start).total_seconds()


def _error_line(output: dict, number: int | None, source: str) -> str:
    """One line of feedback for a cell that raised: its number, the error, how it starts.

    A cell the student did not write (otter's, which sets up grading or runs the checks that
    have not run) is named as the grader's, without its code, which the student cannot change.
    """
    message = output.get("evalue", "")[:200]
    stopped = output.get("ename") == "KeyboardInterrupt" and message.startswith("stopped after")
    what = message if stopped else f"raised {output.get('ename')}: {message}"
    if number is None:
        return f"{GRADERS_CELL} {what}"
    first_line = source.strip().split("\n")[0][:80]
    return f"cell {number} {what} (the cell starting `{first_line}`)"


def _unrecorded_questions(bundle: Path, renamed: dict[str, str]) -> dict:
    """Every question of the bundle at 0 of its points, each check failed as not recorded."""
    from otter.test_files import ExceptionTestFile

    questions = {}
    with zipfile.ZipFile(bundle) as archive:
        for member in sorted(archive.namelist()):
            if not (member.startswith("tests/") and member.endswith(".py")):
                continue
            source = archive.read(member).decode("utf-8")
            test_file = ExceptionTestFile.from_string(source, path=member)
            questions[test_file.name] = {
                "score": 0.0,
                "possible": float(test_file.possible),
                "checks": [
                    {
                        "name": renamed.get(case.name, case.name),
                        "hidden": bool(case.hidden),
                        "passed": False,
                        "message": NOT_RECORDED,
                    }
                    for case in test_file.test_cases
                ],
            }
    return questions


def summarise(results: Any, notebook_path: Path, bundle: Path | None = None) -> dict:
    """The JSON-ready scores of otter's ``GradingResults``, the cells' errors and run times.

    Parameters
    ----------
    results : otter.test_files.GradingResults
        What ``otter.api.grade_submission`` returned.
    notebook_path : Path
        The graded notebook, as submitted (its cells are numbered from 1, as they are in it).
    bundle : Path, optional
        The autograder zip, whose test files give each check its function's name, and each
        question its points when otter saved no result (its grading cell stopped); without it,
        checks keep otter's names (``intro_q1 - 1``).

    Returns
    -------
    dict
        ``notebook`` (its name); ``questions`` (name -> ``score``, ``possible`` and ``checks``,
        one per check, public and hidden, passed or failed, each with ``name``, ``hidden``,
        ``passed`` and ``message``); ``errors`` (one line per error output of the executed
        notebook: ``cell 12 raised NameError: ...``, or for a cell stopped by the cell limit
        ``cell 12 stopped after 60 s: look for a loop that never ends``, each followed by how
        the cell starts; a cell otter added is named as :data:`GRADERS_CELL`, without its
        code); ``cell_seconds`` (the run time of every executed cell, otter's own cells
        included). When otter saved no result although the bundle has questions, every
        question scores 0 of its points, each check failed as not recorded, and the last error
        says so (:data:`LOST`).

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> summarise(SimpleNamespace(results={}), Path("00_intro.ipynb"))
    {'notebook': '00_intro.ipynb', 'questions': {}, 'errors': [], 'cell_seconds': []}

    References
    ----------
    otter-grader, "Grading results",
    https://otter-grader.readthedocs.io/en/latest/api_reference.html
    """
    renamed = _bundle_check_names(bundle) if bundle else {}
    questions = {}
    for name, test_file in results.results.items():
        questions[name] = {
            "score": float(test_file.score),
            "possible": float(test_file.possible),
            "checks": [
                {
                    "name": renamed.get(r.test_case.name, r.test_case.name),
                    "hidden": bool(r.test_case.hidden),
                    "passed": bool(r.passed),
                    "message": r.message or "",
                }
                for r in test_file.test_case_results
            ],
        }
    submitted = nbformat.read(notebook_path, 4).cells if notebook_path.is_file() else []
    numbers = {}  # source -> the number of the first submitted cell with that source
    for number, cell in enumerate(submitted, start=1):
        numbers.setdefault(cell.source, number)
    errors, cell_seconds = [], []
    executed = getattr(results, "notebook", None)
    for cell in getattr(executed, "cells", []):
        seconds = _cell_seconds(cell)
        if seconds is not None:
            cell_seconds.append(seconds)
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                errors.append(_error_line(output, numbers.get(cell.source), cell.source))
    if not questions and bundle:  # otter's grading cell died before it saved any result
        questions = _unrecorded_questions(bundle, renamed)
        errors.append(LOST)
    return {
        "notebook": notebook_path.name,
        "questions": questions,
        "errors": errors,
        "cell_seconds": cell_seconds,
    }


def main(argv: list[str] | None = None) -> int:
    """Command line of one grading process; the exit status is 0 when RESULT was written.

    Parameters
    ----------
    argv : list of str, optional
        The arguments (default: ``sys.argv[1:]``); see the module's usage line.

    Returns
    -------
    int
        0 once RESULT is written.

    Examples
    --------
    >>> main  # doctest: +ELLIPSIS
    <function main at ...>

    References
    ----------
    otter-grader, "Non-containerized grading",
    https://otter-grader.readthedocs.io/en/latest/otter_run/index.html
    """
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("bundle", type=Path)
    parser.add_argument("notebook", type=Path)
    parser.add_argument("scratch", type=Path)
    parser.add_argument("result", type=Path)
    parser.add_argument("--cell-timeout", type=float, default=600)
    parser.add_argument("--memory-gb", type=float, default=8.0)
    args = parser.parse_args(argv)
    die_with_parent()
    limit_memory(args.memory_gb)  # inherited by the kernel otter starts
    prepare_environment(args.scratch, args.cell_timeout)
    from otter.api import grade_submission

    os.chdir(args.scratch)
    results = grade_submission(str(args.notebook), str(args.bundle), quiet=True)
    summary = summarise(results, args.notebook, args.bundle)
    args.result.write_text(json.dumps(summary, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
