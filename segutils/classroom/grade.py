"""Grade a folder of submissions on Dask workers, each submission in its own sandboxed process.

:func:`grade_submissions` reads each submission here (its notebook only, never the rest of a
zip), then sends the notebook to a Dask worker, and the assignment's autograder bundle once to
every worker, on this machine (a ``LocalCluster``) or on a cluster (``--scheduler``), where
:func:`grade_notebook` grades it in a child process (:mod:`.worker`, confined by
:mod:`.sandbox`, with a time and memory limit) and sends the scores back as data: a worker needs
segutils and otter, not this machine's files. Each finished submission is handed to a callback
at once, so the command line reports and records it as it goes (:mod:`.records`), and
:func:`.report.write_outputs` writes what was found (``scores.csv``, ``feedback/``, ``written/``,
with the instructor's ``marks.csv`` merged). Tests shipped inside a submission are never used.
``segutils grade`` (:mod:`.grade_cli`) is the command line.
"""

import dataclasses
import hashlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from .. import config
from ..scale import dask_client
from . import cell_limit, submissions

__all__ = [
    "FALLBACK_CELL_TIMEOUT",
    "Limits",
    "Row",
    "find_bundle",
    "grade_notebook",
    "grade_submissions",
]

ANSWER_TAG = "otter_answer_cell"

FALLBACK_CELL_TIMEOUT = 600.0
"""The cell limit, in seconds, when the reference notebook could not be timed."""

TASK_PREFIX = "grade-submission"
"""The first part of every submission's task key: Dask groups tasks by it (``key_split``)."""


@dataclass(frozen=True)
class Limits:
    """What one submission may use while it is graded.

    Attributes
    ----------
    timeout : float
        Wall-clock seconds for the whole submission; past them its process tree is killed.
    cell_timeout : float or None
        Seconds per cell; a longer cell is stopped and the rest is still graded. None: each
        assignment's own limit, from its reference notebook's longest cell (:mod:`.cell_limit`).
    memory_gb : float
        Address space per grading process, in GiB.
    """

    timeout: float = 1200
    cell_timeout: float | None = None
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
        Question -> ``score``, ``possible`` and ``checks``: one per check, public and hidden,
        passed or failed, each with ``name`` (the check function's name), ``hidden``,
        ``passed`` and ``message`` (see :func:`.worker.summarise`).
    errors : list of str
        One line per cell that raised, with the cell's number: ``cell 12 raised NameError:
        ...``, or for a cell stopped by the cell limit ``cell 12 stopped after 30 s: look for a
        loop that never ends (the cell starting ...)``.
    written : dict
        Written question -> the student's answer.
    sha256 : str
        The SHA-256 of the submitted file (empty if it could not be read): a resumed run grades
        it again when it changed.
    bundle : str
        The name of the autograder bundle it was graded with (a rebuilt bundle has a new one).
    """

    student: str
    assignment: str = ""
    status: str = ""
    seconds: float = 0.0
    questions: dict = field(default_factory=dict)
    errors: list = field(default_factory=list)
    written: dict = field(default_factory=dict)
    sha256: str = ""
    bundle: str = ""

    def to_json(self) -> str:
        """The row as JSON text; :meth:`from_json` reads it back.

        Examples
        --------
        >>> Row.from_json(Row("ann", status="graded").to_json()) == Row("ann", status="graded")
        True
        """
        return json.dumps(dataclasses.asdict(self), indent=1)

    @classmethod
    def from_json(cls, text: str) -> "Row":
        """The row :meth:`to_json` wrote.

        Raises
        ------
        ValueError
            If ``text`` is not JSON (a ``json.JSONDecodeError``).
        TypeError
            If it is not an object with a row's fields.

        Examples
        --------
        >>> Row.from_json('{"student": "ann", "seconds": 12.5}').seconds
        12.5
        """
        fields = json.loads(text)
        if not isinstance(fields, dict):
            raise TypeError(f"A row is a JSON object, not {type(fields).__name__}.")
        return cls(**fields)


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


def grade_notebook(
    notebook: str, bundle: bytes, assignment: str, limits: Limits, quick: bool
) -> dict:
    """Grade one notebook in a child process of this one; runs as a Dask task on a worker.

    Everything it needs arrives as data, so the worker may be on another machine: it writes the
    notebook and the bundle into a private scratch folder (inside the Dask worker's own folder,
    which Dask removes even if this task is killed), runs :mod:`.worker` there with the limits,
    and removes the folder.

    Parameters
    ----------
    notebook : str
        The submitted notebook, as JSON text.
    bundle : bytes
        The assignment's autograder zip.
    assignment : str
        The assignment's name (the notebook is graded under it, as its grader cell expects).
    limits : Limits
        Time and memory it may use; ``cell_timeout`` must be set.
    quick : bool
        Grade in quick mode (``SEGUTILS_QUICK``), whatever the worker's own environment says.

    Returns
    -------
    dict
        ``status`` (``"graded"``, or why not), ``seconds``, and when graded ``questions``,
        ``errors`` and ``cell_seconds`` (see :func:`.worker.summarise`).

    Raises
    ------
    ValueError
        If the assignment's name is not a plain name or the cell limit is not set.

    Examples
    --------
    >>> grade_notebook("{}", b"", "../00_intro", Limits(cell_timeout=30), quick=True)
    Traceback (most recent call last):
    ...
    ValueError: '../00_intro' is not an assignment's name (letters, digits, _ and -).

    References
    ----------
    otter-grader, "Non-containerized grading",
    https://otter-grader.readthedocs.io/en/latest/otter_run/index.html
    """
    if not re.fullmatch(r"[\w-]+", assignment):
        raise ValueError(f"{assignment!r} is not an assignment's name (letters, digits, _ and -).")
    if limits.cell_timeout is None:
        raise ValueError("Set limits.cell_timeout: the worker needs a number of seconds.")
    scratch = Path(tempfile.mkdtemp(prefix=f"grading-{assignment}-", dir=_scratch_parent()))
    try:
        bundle_path = scratch / f"{assignment}-autograder.zip"
        bundle_path.write_bytes(bundle)
        (scratch / "submission").mkdir()
        # Only the notebook, under the assignment's own name: its grader cell opens that file.
        target = scratch / "submission" / f"{assignment}.ipynb"
        target.write_text(notebook, encoding="utf-8")
        result = scratch / "result.json"
        worker = [sys.executable, "-m", "segutils.classroom.worker"]
        paths = [str(bundle_path), str(target), str(scratch), str(result)]
        options = ["--cell-timeout", str(limits.cell_timeout), "--memory-gb", str(limits.memory_gb)]
        environment = {**os.environ, config.QUICK_ENV: "1" if quick else "0"}
        start = time.perf_counter()
        with open(scratch / "worker.log", "wb") as log:
            process = subprocess.Popen(
                [*worker, *paths, *options],
                cwd=scratch,
                env=environment,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
            try:
                process.wait(timeout=limits.timeout)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)  # the kernel dies with it (PDEATHSIG)
                process.wait()
        outcome = {"seconds": time.perf_counter() - start}
        summary = _read_summary(result)
        if summary is not None:
            outcome |= summary
            outcome["status"] = "graded"
        elif result.is_file():
            outcome["status"] = "grading failed (the worker's result file is damaged): scored 0"
        elif process.returncode == -signal.SIGKILL:
            outcome["status"] = f"timed out after {limits.timeout:g} s: scored 0"
        else:
            tail = (scratch / "worker.log").read_text(errors="replace").strip().split("\n")[-1]
            outcome["status"] = f"grading failed ({tail[:200]}): scored 0"
        return outcome
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def _scratch_parent() -> str | None:
    """Where a submission's scratch folder goes: the Dask worker's own folder when on one.

    The ``finally`` of :func:`grade_notebook` does not run when its worker is killed (a stopped
    ``LocalCluster``), and the scratch holds the bundle with its hidden tests. Dask removes a
    worker's folder when the worker closes, and a later worker on that machine purges the
    folder of one that was killed; off a worker (a plain call), the system's temporary folder.
    """
    import distributed

    try:
        return distributed.get_worker().local_directory
    except ValueError:  # not running on a worker
        return None


def _read_summary(result: Path) -> dict | None:
    """The worker's summary, or None when it wrote none or a damaged one (killed mid-write)."""
    try:
        summary = json.loads(result.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    needed = {"questions": dict, "errors": list}
    if not isinstance(summary, dict) or any(
        not isinstance(summary.get(key), kind) for key, kind in needed.items()
    ):
        return None
    return summary


def _read(
    sub: submissions.Submission, assignments: Path, assignment: str | None
) -> tuple[Row, str | None, Path | None]:
    """A submission's row (its status set when it cannot be graded), notebook text and bundle."""
    row = Row(sub.student)
    if sub.problem:
        row.status = sub.problem
        return row, None, None
    try:
        row.sha256 = hashlib.sha256(sub.files[0].read_bytes()).hexdigest()
        notebook, name = submissions.read_notebook(sub.files[0])
        row.assignment = assignment or name
        bundle = find_bundle(assignments, row.assignment)
    except (ValueError, OSError) as error:
        row.status = str(error)
        return row, None, None
    row.bundle = bundle.name
    manual = _manual_questions(bundle.parent / f"{row.assignment}.ipynb")
    row.written = _written_answers(notebook, manual)
    return row, nbformat.writes(notebook), bundle


def _still_valid(earlier: Row, row: Row) -> bool:
    """Whether an earlier run's row stands: same file, same bundle, and not lost to the grader."""
    return (
        earlier.sha256 == row.sha256
        and earlier.bundle == row.bundle
        and earlier.assignment == row.assignment
        and not earlier.status.startswith("grading failed")
    )


def _cell_limits(
    client: "distributed.Client",  # noqa: F821 - imported with dask_client
    bundles: dict[Path, str],
    shipped: dict,
    limits: Limits,
    say: Callable[[str], None],
) -> dict[Path, float]:
    """Each bundle's cell limit: the one given, or its reference notebook's, measured if need be."""
    if limits.cell_timeout is not None:
        return dict.fromkeys(bundles, limits.cell_timeout)
    quick = config.is_quick()
    mode = "quick" if quick else "full"
    measuring, chosen = {}, {}
    for bundle, name in bundles.items():
        recorded = cell_limit.read_measurement(bundle, quick)
        if recorded is not None:
            chosen[bundle] = cell_limit.cell_limit(recorded)
            continue
        say(f"{name}: timing its reference notebook once ({mode} mode) for the cell limit")
        reference = (bundle.parent / f"{name}.ipynb").read_text(encoding="utf-8")
        generous = dataclasses.replace(limits, cell_timeout=limits.timeout)
        measuring[bundle] = client.submit(
            grade_notebook, reference, shipped[bundle], name, generous, quick, pure=False
        )
    for bundle, future in measuring.items():
        try:
            outcome = future.result()
        except Exception as error:  # noqa: BLE001 - as for a submission: say it, go on
            outcome = {"status": f"{type(error).__name__}: {error}"}
        if outcome["status"] == "graded" and outcome["cell_seconds"]:
            cell_limit.write_measurement(bundle, quick, outcome["cell_seconds"])
            chosen[bundle] = cell_limit.cell_limit(outcome["cell_seconds"])
        else:
            chosen[bundle] = FALLBACK_CELL_TIMEOUT
            say(f"{bundles[bundle]}: its reference notebook was not graded ({outcome['status']})")
    for bundle, seconds in chosen.items():
        say(
            f"{bundles[bundle]}: cell limit {seconds:g} s ({cell_limit.MARGIN} x its reference's "
            f"longest cell in {mode} mode, at least {cell_limit.FLOOR_S:g} s; --cell-timeout S "
            "to choose)"
        )
    return chosen


def _grade_on_cluster(
    client: "distributed.Client",  # noqa: F821 - imported with dask_client
    pending: list[tuple[Row, str, Path]],
    limits: Limits,
    done: Callable[[Row], None],
    say: Callable[[str], None],
) -> None:
    """Grade the pending submissions on the client's workers, passing each row on as it ends."""
    import distributed

    bundles = {bundle: row.assignment for row, _, bundle in pending}
    # On every worker: Dask runs a task where its inputs are, so a bundle held by one worker
    # would draw every submission to that one (only work stealing moves them, if at all).
    shipped = {bundle: client.scatter(bundle.read_bytes(), broadcast=True) for bundle in bundles}
    cell_limits = _cell_limits(client, bundles, shipped, limits, say)
    quick = config.is_quick()
    futures = {}
    for row, notebook, bundle in pending:
        task_limits = dataclasses.replace(limits, cell_timeout=cell_limits[bundle])
        future = client.submit(
            grade_notebook,
            notebook,
            shipped[bundle],
            row.assignment,
            task_limits,
            quick,
            # Dask groups tasks by the key's first element: with one group for every
            # submission (not one per student), the scheduler learns their duration from the
            # first to finish, balances on it, and queues a class of more than twice the
            # threads, handing each to whichever worker is free. The student's name stays in
            # the key for the dashboard; the random part keeps a rerun's keys new.
            key=(TASK_PREFIX, row.student, uuid.uuid4().hex),
            retries=1,  # a task that raised runs once more; a lost worker's tasks move anyway
        )
        futures[future] = row
    for future in distributed.as_completed(futures):
        row = futures[future]
        try:
            outcome = future.result()
        # A worker lost too often (KilledWorker) or a task that raised twice: that row only.
        except Exception as error:  # noqa: BLE001
            outcome = {"status": f"grading failed ({type(error).__name__}: {error}): scored 0"}
        row.status = outcome["status"]
        row.seconds = outcome.get("seconds", 0.0)
        row.questions = outcome.get("questions", {})
        row.errors = outcome.get("errors", [])
        done(row)


def grade_submissions(
    found: list[submissions.Submission],
    assignments: Path,
    *,
    assignment: str | None = None,
    limits: Limits = Limits(),
    scheduler: str | None = None,
    jobs: int | None = None,
    finished: dict[str, Row] | None = None,
    on_row: Callable[[Row], None] | None = None,
    on_start: Callable[[int], None] | None = None,
    report: Callable[[str], None] | None = None,
) -> list[Row]:
    """Grade submissions on Dask workers, each in its own process, passing on each as it ends.

    Parameters
    ----------
    found : list of Submission
        What :func:`.submissions.find` found in a folder, one per student.
    assignments : Path
        The folder of built assignments, where the autograder bundles are.
    assignment : str, optional
        Grade all as this assignment, whatever their notebooks say.
    limits : Limits
        Time and memory each submission may use.
    scheduler : str, optional
        A running Dask scheduler's address (``tcp://host:8786``); None starts a LocalCluster.
    jobs : int, optional
        Workers of the LocalCluster, one submission at a time each (default: one per core).
    finished : dict of str to Row, optional
        Rows of an earlier run by student (:func:`.records.load`): a row whose file, bundle and
        assignment are unchanged is kept instead of grading the submission again.
    on_row : callable, optional
        Called with each row as soon as it is known: at once for a kept row or one that cannot
        be graded, when its grading ends for the others.
    on_start : callable, optional
        Called once with the number of submissions to grade, after every row known at once has
        gone to `on_row` and before the cluster starts (not called when there are none): a
        progress bar started here counts only graded submissions in its rate.
    report : callable, optional
        Receives lines about the run: the cluster's dashboard, the cell limit chosen.

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
    Dask.distributed documentation, "Futures" (``submit``, ``scatter``, ``as_completed``),
    https://distributed.dask.org/en/stable/client.html
    """
    finished = finished or {}
    say = report or (lambda line: None)
    rows: dict[str, Row] = {}

    def done(row: Row) -> None:
        rows[row.student] = row
        if on_row is not None:
            on_row(row)

    pending = []
    for sub in found:
        row, notebook, bundle = _read(sub, assignments, assignment)
        earlier = finished.get(sub.student)
        if notebook is None:
            done(row)
        elif earlier is not None and _still_valid(earlier, row):
            done(earlier)
        else:
            pending.append((row, notebook, bundle))
    if pending:
        if on_start is not None:
            on_start(len(pending))
        # The sandboxed process has its own memory cap; the worker itself needs little.
        with dask_client(scheduler, jobs, memory_limit=None, report=say) as client:
            _grade_on_cluster(client, pending, limits, done, say)
    return [rows[sub.student] for sub in found]
