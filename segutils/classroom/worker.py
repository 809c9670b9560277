"""Grade one notebook with otter, in this process; the grader starts one per submission.

Usage: python -m segutils.classroom.worker BUNDLE NOTEBOOK SCRATCH RESULT [--cell-timeout S]
       [--memory-gb G]

Runs ``otter.api.grade_submission`` on NOTEBOOK with the instructor's autograder BUNDLE, so only
the bundle's tests are used (otter copies them over anything the submission ships). Every
temporary file goes beneath SCRATCH, the kernel is confined there (:mod:`.sandbox`) and a
cell that runs longer than ``--cell-timeout`` is interrupted, so the rest of the notebook is still
graded. The scores, per question and per check, are written to RESULT as JSON.
"""

import argparse
import ast
import json
import os
import sys
import zipfile
from pathlib import Path
from typing import Any

from .sandbox import POLICY_ENV, limit_memory

# Run by path in the kernel (not imported), so that its names stay out of the student's namespace.
SANDBOX = Path(__file__).with_name("sandbox.py")


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


def check_functions(bundle: Path) -> dict[str, str]:
    r"""Name of each check of an autograder bundle, as otter gives it -> its function's name.

    otter names a check after its question and its place in the question's test file
    (``intro_q1 - 2``), and the results that come back from the grading kernel no longer hold
    the function; its name (``test_mask_of_a_new_image``) is what the feedback shows.

    Parameters
    ----------
    bundle : Path
        An autograder zip, with a ``tests/<question>.py`` file of ``@test_case`` functions per
        question.

    Returns
    -------
    dict of str to str
        ``"<question> - <n>"`` -> the n-th ``@test_case`` function of that question's file.

    Examples
    --------
    >>> import tempfile
    >>> bundle = Path(tempfile.mkdtemp()) / "bundle.zip"
    >>> checks = "@test_case(points=1)\ndef test_mask(m):\n    pass\n"
    >>> with zipfile.ZipFile(bundle, "w") as archive:
    ...     archive.writestr("tests/q1.py", f"name = 'q1'\n{checks}{checks.replace('mask', 'iou')}")
    >>> check_functions(bundle)
    {'q1 - 1': 'test_mask', 'q1 - 2': 'test_iou'}

    References
    ----------
    otter-grader, "Exception-based test file format",
    https://otter-grader.readthedocs.io/en/latest/test_files/python_formats.html
    """
    names = {}
    with zipfile.ZipFile(bundle) as archive:
        tests = [e for e in archive.namelist() if e.startswith("tests/") and e.endswith(".py")]
        for entry in tests:
            checks = [
                node.name
                for node in ast.parse(archive.read(entry)).body
                if isinstance(node, ast.FunctionDef) and node.decorator_list  # @test_case(...)
            ]
            question = Path(entry).stem  # otter assign names each file after its question
            names.update({f"{question} - {n}": name for n, name in enumerate(checks, start=1)})
    return names


def summarise(results: Any, notebook_path: Path, functions: dict[str, str] | None = None) -> dict:
    """The JSON-ready scores of otter's ``GradingResults`` and the errors of the executed cells.

    Parameters
    ----------
    results : otter.test_files.GradingResults
        What ``otter.api.grade_submission`` returned.
    notebook_path : Path
        The graded notebook.
    functions : dict of str to str, optional
        otter's name of each check -> its function's name (:func:`check_functions`).

    Returns
    -------
    dict
        ``notebook`` (its name), ``questions`` (name -> ``score``, ``possible`` and ``checks``,
        each with ``name``, ``function``, ``hidden``, ``passed``, ``message``), ``errors`` (one per
        error output of the executed notebook).

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> summarise(SimpleNamespace(results={}), Path("00_intro.ipynb"))
    {'notebook': '00_intro.ipynb', 'questions': {}, 'errors': []}

    References
    ----------
    otter-grader, "Grading results",
    https://otter-grader.readthedocs.io/en/latest/api_reference.html
    """
    questions = {}
    for name, test_file in results.results.items():
        questions[name] = {
            "score": float(test_file.score),
            "possible": float(test_file.possible),
            "checks": [
                {
                    "name": r.test_case.name,
                    "function": (functions or {}).get(r.test_case.name, ""),
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
                message = output.get("evalue", "")[:200]
                errors.append(
                    f"{output.get('ename')}: {message} (in the cell starting `{first_line}`)"
                )
    return {"notebook": notebook_path.name, "questions": questions, "errors": errors}


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
    limit_memory(args.memory_gb)  # inherited by the kernel otter starts
    prepare_environment(args.scratch, args.cell_timeout)
    from otter.api import grade_submission

    os.chdir(args.scratch)
    results = grade_submission(str(args.notebook), str(args.bundle), quiet=True)
    summary = summarise(results, args.notebook, check_functions(args.bundle))
    args.result.write_text(json.dumps(summary, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
