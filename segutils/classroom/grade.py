"""Grade a folder of submissions offline, each in its own sandboxed process with a time limit.

:func:`grade_submissions` grades; :func:`.report.write_outputs` writes what it found
(``scores.csv``, ``feedback/``, ``written/``, with the instructor's ``marks.csv`` merged).
Each submission is graded by :mod:`.worker`
with the instructor's bundle from ``segutils assign``; tests shipped inside a submission are
never used. ``segutils grade`` (:mod:`.grade_cli`) is the command line.
"""

import functools
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from . import submissions

__all__ = ["Limits", "Row", "find_bundle", "grade_one", "grade_submissions"]

ANSWER_TAG = "otter_answer_cell"


@dataclass(frozen=True)
class Limits:
    """What one submission may use while it is graded.

    Attributes
    ----------
    timeout : float
        Wall-clock seconds for the whole submission; past them its process tree is killed.
    cell_timeout : float
        Seconds per cell; a longer cell is interrupted and the rest is still graded.
    memory_gb : float
        Address space per grading process, in GiB.
    """

    timeout: float = 1200
    cell_timeout: float = 600
    memory_gb: float = 8.0


@dataclass
class Row:
    """The outcome for one student.

    Attributes
    ----------
    student : str
        The name the submission was filed under.
    assignment : str
        The assignment it was graded as; empty if it was not.
    status : str
        ``"graded"``, or what went wrong.
    seconds : float
        Time spent grading it.
    questions : dict
        Question -> ``score``, ``possible`` and ``checks`` (see :func:`.worker.summarise`).
    errors : list
        The errors raised by the submission's cells.
    written : dict
        Written question -> the student's answer.
    """

    student: str
    assignment: str = ""
    status: str = ""
    seconds: float = 0.0
    questions: dict = field(default_factory=dict)
    errors: list = field(default_factory=list)
    written: dict = field(default_factory=dict)


def find_bundle(assignments: Path, name: str) -> Path:
    """The autograder zip ``segutils assign`` built for an assignment.

    Parameters
    ----------
    assignments : Path
        The folder of built assignments (``assignments/``).
    name : str
        The assignment, e.g. ``"00_intro"``.

    Returns
    -------
    Path
        The newest ``<name>-autograder_*.zip`` in ``assignments/<name>/autograder``.

    Raises
    ------
    FileNotFoundError
        If there is none (the message says how to build it).

    Examples
    --------
    >>> find_bundle(Path("nowhere"), "00_intro")
    Traceback (most recent call last):
    ...
    FileNotFoundError: No autograder bundle for 00_intro in nowhere: run segutils assign first.

    References
    ----------
    otter-grader, "Otter Assign: output",
    https://otter-grader.readthedocs.io/en/latest/otter_assign/
    """
    if not re.fullmatch(r"[\w-]+", name):  # the name comes from the submission's metadata
        raise FileNotFoundError(f"No assignment is called {name!r}.")
    bundles = sorted((assignments / name / "autograder").glob(f"{name}-autograder_*.zip"))
    if not bundles:
        raise FileNotFoundError(
            f"No autograder bundle for {name} in {assignments}: run segutils assign first."
        )
    return bundles[-1]


def _written_answers(notebook: nbformat.NotebookNode, manual: list[str]) -> dict[str, str]:
    """The student's answer cell of each written question, in the order the handout has them."""
    cells = [
        c.source
        for c in notebook.cells
        if c.cell_type == "markdown" and ANSWER_TAG in c.metadata.get("tags", [])
    ]
    return dict(zip(manual, cells, strict=False))


def _manual_questions(bundle_notebook: Path) -> list[str]:
    """Names of the hand-graded questions of an assignment, from its master notebook."""
    master = bundle_notebook.parents[1] / "master" / bundle_notebook.name
    found = []
    for cell in nbformat.read(master, 4).cells:
        if cell.cell_type == "raw" and "manual: true" in cell.source:
            found.append(cell.source.split("name:")[1].split()[0])
    return found


def grade_one(
    sub: submissions.Submission,
    assignments: Path,
    scratch_root: Path,
    *,
    assignment: str | None = None,
    limits: Limits = Limits(),
) -> Row:
    """Grade one submission in a child process; every failure becomes the row's status.

    Parameters
    ----------
    sub : Submission
        What :func:`.submissions.find` found for one student.
    assignments : Path
        The folder of built assignments.
    scratch_root : Path
        Where the submission's private scratch folder is made (and removed after).
    assignment : str, optional
        Grade it as this assignment, whatever its notebook says.
    limits : Limits
        Time and memory it may use.

    Returns
    -------
    Row
        Its scores, or its status saying why it was not graded.

    Examples
    --------
    >>> grade_one(submissions.Submission("ann", problem="No file."), Path(), Path()).status
    'No file.'

    References
    ----------
    otter-grader, "Non-containerized grading",
    https://otter-grader.readthedocs.io/en/latest/otter_run/index.html
    """
    row = Row(sub.student)
    if sub.problem:
        row.status = sub.problem
        return row
    try:
        notebook, name = submissions.read_notebook(sub.files[0])
        row.assignment = assignment or name
        bundle = find_bundle(assignments, row.assignment)
    except (ValueError, FileNotFoundError) as error:
        row.status = str(error)
        return row
    manual = _manual_questions(bundle.parent / f"{row.assignment}.ipynb")
    row.written = _written_answers(notebook, manual)
    scratch = Path(tempfile.mkdtemp(prefix=f"{sub.student}-", dir=scratch_root))
    (scratch / "submission").mkdir()
    # Only the notebook, under the assignment's own name: its grader cell opens that file.
    target = scratch / "submission" / f"{row.assignment}.ipynb"
    nbformat.write(notebook, target)
    result = scratch / "result.json"
    worker = [sys.executable, "-m", "segutils.classroom.worker"]
    paths = [str(bundle), str(target), str(scratch), str(result)]
    options = ["--cell-timeout", str(limits.cell_timeout), "--memory-gb", str(limits.memory_gb)]
    command = [*worker, *paths, *options]
    start = time.perf_counter()
    with open(scratch / "worker.log", "wb") as log:
        process = subprocess.Popen(
            command, cwd=scratch, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        try:
            process.wait(timeout=limits.timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)  # the kernel dies with it (PDEATHSIG)
            process.wait()
    row.seconds = time.perf_counter() - start
    if result.is_file():
        data = json.loads(result.read_text())
        row.questions = data["questions"]
        row.errors = data["errors"]
        row.status = "graded"
    elif process.returncode == -signal.SIGKILL:
        row.status = f"timed out after {limits.timeout:g} s: scored 0"
    else:
        tail = (scratch / "worker.log").read_text(errors="replace").strip().split("\n")[-1]
        row.status = f"grading failed ({tail[:200]}): scored 0"
    shutil.rmtree(scratch, ignore_errors=True)
    return row


def grade_submissions(
    found: list[submissions.Submission],
    assignments: Path,
    *,
    assignment: str | None = None,
    jobs: int = 1,
    limits: Limits = Limits(),
) -> list[Row]:
    """Grade submissions ``jobs`` at a time, each in its own process.

    Parameters
    ----------
    found : list of Submission
        What :func:`.submissions.find` found in a folder, one per student.
    assignments : Path
        The folder of built assignments, where the autograder bundles are.
    assignment : str, optional
        Grade all as this assignment, whatever their notebooks say.
    jobs : int
        Submissions graded at once.
    limits : Limits
        Time and memory each submission may use.

    Returns
    -------
    list of Row
        One per submission, in the same order.

    Examples
    --------
    >>> found = [submissions.Submission("ann", problem="No file.")]
    >>> [row.status for row in grade_submissions(found, Path("assignments"))]
    ['No file.']

    References
    ----------
    otter-grader, "Non-containerized grading",
    https://otter-grader.readthedocs.io/en/latest/otter_run/index.html
    """
    with tempfile.TemporaryDirectory(prefix="grading-") as root:
        grade = functools.partial(
            grade_one,
            assignments=assignments,
            scratch_root=Path(root),
            assignment=assignment,
            limits=limits,
        )
        with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
            return list(pool.map(grade, found))
