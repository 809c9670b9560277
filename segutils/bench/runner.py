"""The benchmark runner: every method on every task, tuned on tuning images, scored on test images.

One *cell* is one method on one task. A cell tunes the method (:func:`~.tuning.tune`), runs the
chosen setting and the defaults on every test image, times the chosen setting per megapixel and
measures its peak memory, and is saved as one JSON file under ``OUT/cells/``. A run that is
interrupted and started again with the same settings loads the cells already saved and goes on
with the rest. Cells run one after another in this process, or side by side as Dask tasks
(:func:`segutils.scale.dask_client`: a LocalCluster on this machine, or any Dask cluster).
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
import time
import tracemalloc
import uuid
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from tqdm.auto import tqdm

from ..atomic_write import write_text
from ..scale import where_to_run
from .scoring import boundary_f, class_iou_over, score
from .tasks import NEEDS_LEARNING, Sample, Task
from .tuning import Contender, run_method, tune

if TYPE_CHECKING:  # imported when a run goes to Dask
    import distributed

__all__ = ["CellSettings", "evaluate_cell", "peak_mib", "run_benchmark", "tuning_subset"]

#: Bumped when a cell's contents change meaning, so that older saved cells are recomputed.
CELL_FORMAT = 1
#: The first element of every cell's Dask key: one task group, named on the dashboard.
TASK_PREFIX = "bench-cell"
#: One cell at a time in a Dask worker process, however many threads it has: a cell's timings
#: and its tracemalloc peak are measured for the whole process, and a second cell's
#: ``tracemalloc.stop`` would end the first one's tracing.
_ONE_CELL_AT_A_TIME = threading.Lock()


class CellSettings(dict):
    """The settings a cell depends on (budget, seed, tuning images); their hash names a run."""

    def fingerprint(self, task: Task) -> str:
        """A hash of the settings and of every image and truth: what makes a saved cell valid.

        The pixels are hashed, not only the names, so that a folder whose masks were corrected
        (or another folder of the same name) is measured again rather than read from the cells
        of an earlier run.
        """
        content = hashlib.sha256()
        for side, samples in (("tune", task.tune), ("test", task.test)):
            for sample in samples:
                content.update(f"{side}:{sample.name}".encode())
                truths = sample.truth if isinstance(sample.truth, tuple) else (sample.truth,)
                for array in (sample.image, *truths):
                    array = np.ascontiguousarray(array)
                    content.update(f"{array.dtype}{array.shape}".encode())
                    content.update(array.data)
        described = {**self, "format": CELL_FORMAT, "data": content.hexdigest()}
        if task.kind == "multiclass":  # which value is void changes every score
            described.update(classes=list(task.classes), void=task.void)
        return hashlib.sha256(json.dumps(described, sort_keys=True).encode()).hexdigest()[:16]


def tuning_subset(samples: Sequence[Sample], limit: int) -> list[Sample]:
    """At most ``limit`` tuning images, evenly spaced through the tuning split.

    Parameters
    ----------
    samples : sequence of Sample
        The task's tuning images.
    limit : int
        How many to keep (all when there are fewer).

    Returns
    -------
    list of Sample
        The images tuning runs on.

    Examples
    --------
    >>> import numpy as np
    >>> samples = [Sample(str(i), np.zeros((2, 2), np.float32), None) for i in range(25)]
    >>> [s.name for s in tuning_subset(samples, 5)]
    ['0', '6', '12', '18', '24']

    References
    ----------
    Ronneberger et al., MICCAI 2015, used ISBI 2012 slices the same way: train on some, test
    on others.
    """
    if limit < 1:
        raise ValueError(f"limit must be at least 1 image, got {limit}.")
    if len(samples) <= limit:
        return list(samples)
    picks = np.linspace(0, len(samples) - 1, limit).round().astype(int)
    return [samples[i] for i in picks]


def peak_mib(run: Callable[[], Any]) -> float:
    """Peak memory NumPy and Python allocate during ``run`` (tracemalloc), in MiB.

    Parameters
    ----------
    run : callable
        Called once, with no arguments.

    Returns
    -------
    float
        The peak of traced memory while it ran. Libraries that allocate outside Python's
        allocator (TensorFlow) are not seen.

    Examples
    --------
    >>> round(peak_mib(lambda: np.ones(2**20)), 1)  # 8 MiB of float64
    8.0

    References
    ----------
    Python documentation, ``tracemalloc.get_traced_memory``.
    """
    tracemalloc.start()
    try:
        run()
        return tracemalloc.get_traced_memory()[1] / 2**20
    finally:
        tracemalloc.stop()


def _test_rows(task: Task, contender: Contender, setting: dict) -> list[dict[str, Any]]:
    rows = []
    for sample in task.test:
        start = time.perf_counter()
        output = run_method(contender, sample, setting)
        seconds = time.perf_counter() - start
        row = {"image": sample.name, "seconds": seconds, "megapixels": sample.megapixels}
        if output is None:
            row.update({m: 0.0 for m in task.measures if m != "vi"}, failed=True)
        else:
            row.update(score(task.kind, sample.truth, output, boundaries=True), failed=False)
        rows.append(row)
    return rows


def summarise(task: Task, rows: list[dict[str, Any]]) -> dict[str, float]:
    means = {}
    for measure in task.measures:
        if measure == "boundary_f":
            means[measure] = boundary_f([r for r in rows if not r["failed"]])
        elif measure == "class_miou":
            ious = class_iou_over([r for r in rows if not r["failed"]])
            seen = ~np.isnan(ious)
            means[measure] = float(ious[seen].mean()) if seen.any() else float("nan")
        else:
            values = [r[measure] for r in rows if measure in r and not np.isnan(r[measure])]
            means[measure] = float(np.mean(values)) if values else float("nan")
    return means


def evaluate_cell(
    task: Task, contender: Contender, *, budget: int = 16, seed: int = 0, tune_images: int = 6
) -> dict[str, Any]:
    """Tune one method on a task's tuning images and score it on the test images.

    Parameters
    ----------
    task : Task
        The task.
    contender : Contender
        The method.
    budget : int, optional
        Settings the random search tries, the defaults first.
    seed : int, optional
        Seed of the search.
    tune_images : int, optional
        Tuning images used at most (:func:`tuning_subset`).

    Returns
    -------
    dict
        ``task``, ``method``, ``family``, ``kind``, ``primary``, ``params`` (chosen),
        ``tune_score``, ``tried``, ``refused``, ``scores`` (test means of the chosen setting),
        ``default_score`` (test mean of the primary measure at the defaults),
        ``seconds_per_megapixel``, ``peak_mib``, ``failures``, ``n_tune`` (the task's tuning
        images), ``cell_seconds`` (tuning and testing) and ``images`` (per test image).

    Examples
    --------
    >>> from segutils import threshold
    >>> from segutils.bench.tasks import Task
    >>> ramp = np.linspace(0, 1, 64, dtype=np.float32).reshape(8, 8)
    >>> samples = [Sample(name, ramp, ramp > 0.7) for name in ("a", "b")]
    >>> task = Task("ramps", "semantic", tune=samples[:1], test=samples[1:])
    >>> manual = Contender("threshold.manual", "thresholding", threshold.manual)
    >>> cell = evaluate_cell(task, manual, budget=20)
    >>> cell["scores"]["iou"] > cell["default_score"]
    True

    References
    ----------
    Bergstra & Bengio, JMLR 2012 (random search); Arbelaez et al., TPAMI 2011 (the measures of
    the region task).
    """
    start = time.perf_counter()
    tuned = tune(
        contender,
        task.kind,
        task.primary,
        tuning_subset(task.tune, tune_images),
        budget=budget,
        seed=seed,
    )
    rows = _test_rows(task, contender, tuned.params)
    if tuned.params == contender.defaults:
        default_score = summarise(task, rows)[task.primary]
    else:
        default_score = summarise(task, _test_rows(task, contender, contender.defaults))[
            task.primary
        ]
    largest = max(task.test, key=lambda s: s.megapixels)
    megapixels = sum(r["megapixels"] for r in rows)
    return {
        "task": task.name,
        "kind": task.kind,
        "primary": task.primary,
        "method": contender.name,
        "family": contender.family,
        "params": tuned.params,
        "tune_score": tuned.tune_score,
        "tried": tuned.tried,
        "refused": tuned.refused,
        "scores": summarise(task, rows),
        "default_score": default_score,
        "seconds_per_megapixel": sum(r["seconds"] for r in rows) / megapixels,
        "peak_mib": peak_mib(lambda: run_method(contender, largest, tuned.params)),
        "failures": sum(r["failed"] for r in rows),
        "n_tune": len(task.tune),
        # Tuning and testing both: what this cell adds to the leaderboard's running time.
        "cell_seconds": time.perf_counter() - start,
        "images": rows,
    }


def save_cell(cell: dict, path: Path) -> None:
    """Write atomically, so an interrupted run never leaves half a cell to resume from."""
    write_text(path, json.dumps(cell, indent=1, default=_plain))


def _plain(value):
    if isinstance(value, np.generic):
        return value.item()
    raise TypeError(f"cannot save {type(value).__name__} in a result file")


def load_cell(path: Path, fingerprint: str) -> dict | None:
    """A saved cell to resume from, or None to compute it (again).

    A cell file is this module's own cache, so one that is missing, damaged (not UTF-8 JSON) or
    not a cell (a JSON value other than an object, a cell of other settings) is recomputed and
    written over, never read as a result.
    """
    try:
        cell = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):  # UnicodeDecodeError and JSONDecodeError are ValueErrors
        return None
    if not isinstance(cell, dict) or cell.get("fingerprint") != fingerprint:
        return None
    return cell


def _runnable(task: Task, contenders: Sequence[Contender]) -> Sequence[Contender]:
    """The contenders that can answer ``task``: none where its kind needs a learned method."""
    return [] if task.kind in NEEDS_LEARNING else contenders


def _evaluate_here(
    pending: list[tuple[Task, Contender, Path, str]],
    options: dict[str, int],
    finish: Callable[[dict, Path, str], None],
) -> None:
    """Evaluate the pending cells one after another in this process, finishing each."""
    for task, contender, path, fingerprint in pending:
        try:
            cell = evaluate_cell(task, contender, **options)
        except Exception as error:
            error.add_note(f"in the leaderboard cell {task.name}: {contender.name}")
            raise
        finish(cell, path, fingerprint)


def _evaluate_on_worker(task: Task, contender: Contender, options: dict[str, int]) -> dict:
    """:func:`evaluate_cell` as a Dask task: alone in its worker process (see the lock's note)."""
    with _ONE_CELL_AT_A_TIME:
        return evaluate_cell(task, contender, **options)


def _evaluate_on_dask(
    client: distributed.Client,
    pending: list[tuple[Task, Contender, Path, str]],
    options: dict[str, int],
    finish: Callable[[dict, Path, str], None],
) -> None:
    """Evaluate the pending cells as Dask tasks, finishing each in this process as it ends."""
    import distributed

    # A task's images go to every worker once, rather than inside each of its cells: Dask runs
    # a task where its inputs are, so images held by one worker would draw all of that task's
    # cells to it (only work stealing would move them).
    to_ship = {task.name: task for task, *_ in pending}
    shipped = {
        name: client.scatter(task, broadcast=True, hash=False) for name, task in to_ship.items()
    }
    # The key names the cell on the dashboard; its first element makes every cell one task
    # group, so the scheduler learns their durations together; one token per run keeps a
    # rerun's keys new on a cluster that outlives the run.
    run = uuid.uuid4().hex[:8]
    futures = {
        client.submit(
            _evaluate_on_worker,
            shipped[task.name],
            contender,
            options,
            key=(TASK_PREFIX, task.name, contender.name, run),
        ): (task, contender, path, fingerprint)
        for task, contender, path, fingerprint in pending
    }
    unfinished = set(futures)
    try:
        for future in distributed.as_completed(futures):
            task, contender, path, fingerprint = futures[future]
            unfinished.discard(future)
            try:
                cell = future.result()
            except Exception as error:
                error.add_note(f"in the leaderboard cell {task.name}: {contender.name}")
                raise
            finish(cell, path, fingerprint)
    finally:
        if unfinished:  # an error or an interruption: stop the rest, on a cluster that goes on
            client.cancel(list(unfinished))


def run_benchmark(
    tasks: Sequence[Task],
    contenders: Sequence[Contender],
    out: str | os.PathLike,
    *,
    budget: int = 16,
    seed: int = 0,
    tune_images: int = 6,
    extra_cells: Callable[[Task], list[dict]] | None = None,
    progress: bool = True,
    workers: int | None = None,
    scheduler: str | None = None,
    client: distributed.Client | None = None,
    report: Callable[[str], None] = print,
) -> list[dict[str, Any]]:
    """Evaluate every contender on every task, resuming from cells saved under ``out``.

    Parameters
    ----------
    tasks : sequence of Task
        The tasks (:func:`~.tasks.builtin_task`, :func:`~.folder.load_folder`).
    contenders : sequence of Contender
        The methods. They are not run on a task whose kind needs learned methods
        (:data:`~.tasks.NEEDS_LEARNING`, a multiclass task): such a task gets only its
        `extra_cells`.
    out : path-like
        Result folder; cells go to ``out/cells/TASK/METHOD.json``.
    budget, seed, tune_images : int, optional
        As in :func:`evaluate_cell`; part of each cell's fingerprint, so changing one
        recomputes the cells instead of mixing runs.
    extra_cells : callable, optional
        ``task -> list of cells`` computed another way (the U-Net rows), saved alike. It runs
        in this process, after the other cells, whatever `workers`, `scheduler` or `client`.
    progress : bool, optional
        Show a tqdm progress bar over the cells.
    workers : int, optional
        Cells evaluated side by side by a Dask LocalCluster of this many worker processes (at
        most one per cell to compute), started for the run and closed after it. None or 1,
        with no `scheduler` or `client`: one after another in this process, without Dask.
    scheduler : str, optional
        The address of a running Dask scheduler (``tcp://host:8786``) whose workers evaluate
        the cells; not with `workers`. Its workers need segutils, not the data.
    client : distributed.Client, optional
        A Dask client of your own (a notebook's, from :func:`segutils.scale.dask_client`) to
        evaluate the cells on; left open. Not with `workers` or `scheduler`.
    report : callable, optional
        Receives the line naming the cluster started for `workers` or `scheduler` and its
        dashboard (``print`` by default).

    Returns
    -------
    list of dict
        One cell per method and task (see :func:`evaluate_cell`), in the order of `tasks` and
        `contenders`, each task's `extra_cells` after its methods.

    Raises
    ------
    ValueError
        If `workers` is not a whole number of at least 1, or `client`, `scheduler` and
        `workers` are combined.

    Notes
    -----
    On Dask each cell is one task, keyed ``("bench-cell", TASK, METHOD, RUN)`` on the
    dashboard. A task's images are sent to each worker once (``client.scatter``), not with
    every cell. This process saves each cell as soon as its task ends, so an interruption keeps
    the finished cells and cancels the others. A worker lost mid-run is Dask's to handle: its
    cells run again on another worker (up to the scheduler's ``allowed-failures``, then
    ``KilledWorker``). An exception raised in a cell, here or on a worker, is raised again with
    a note naming the cell. A worker process evaluates one cell at a time, however many threads
    it has (timings and peak memory are measured for the whole process): start workers with
    ``--nthreads 1``, as many as there are cores. The cells are the same as in one process;
    only the timings and the peak memory depend on where they ran.

    Examples
    --------
    >>> import tempfile
    >>> from segutils import threshold
    >>> from segutils.bench.tasks import Task
    >>> ramp = np.linspace(0, 1, 64, dtype=np.float32).reshape(8, 8)
    >>> task = Task("ramps", "semantic", tune=[Sample("a", ramp, ramp > 0.7)],
    ...             test=[Sample("b", ramp, ramp > 0.7)])
    >>> manual = Contender("threshold.manual", "thresholding", threshold.manual)
    >>> with tempfile.TemporaryDirectory() as out:
    ...     cells = run_benchmark([task], [manual], out, budget=4, progress=False)
    >>> [(c["task"], c["method"]) for c in cells]
    [('ramps', 'threshold.manual')]

    On a Dask cluster of your own (here two local workers):

    >>> from segutils.scale import dask_client
    >>> with dask_client(workers=2, memory_limit=None) as client:  # doctest: +SKIP
    ...     cells = run_benchmark([task], [manual], "results", client=client)
    Dask LocalCluster with 2 worker(s): dashboard http://127.0.0.1:8787/status

    References
    ----------
    The benchmark's design: issue #13 and ``notebooks/08_which_is_best.ipynb``. Dask.distributed
    documentation, "Futures" (``submit``, ``scatter``, ``as_completed``),
    https://distributed.dask.org/en/stable/client.html
    """
    root = Path(out)
    settings = CellSettings(budget=budget, seed=seed, tune_images=tune_images)
    options = {"budget": budget, "seed": seed, "tune_images": tune_images}
    done: dict[tuple[str, str], dict] = {}
    pending = []
    for task in tasks:
        fingerprint = settings.fingerprint(task)
        for contender in _runnable(task, contenders):
            path = root / "cells" / task.name / f"{contender.name}.json"
            cell = load_cell(path, fingerprint)
            if cell is None:
                pending.append((task, contender, path, fingerprint))
            else:
                done[task.name, contender.name] = cell

    def finish(cell: dict, path: Path, fingerprint: str) -> None:
        cell["fingerprint"] = fingerprint
        save_cell(cell, path)
        done[cell["task"], cell["method"]] = cell
        bar.set_description(f"{cell['task']}: {cell['method']}")
        bar.update()

    with where_to_run(client, scheduler, workers, jobs=len(pending), report=report) as cluster:
        bar = tqdm(
            total=sum(len(_runnable(task, contenders)) for task in tasks),
            initial=len(done),
            disable=not progress,
            unit="cell",
        )
        with bar:
            if cluster is None:
                _evaluate_here(pending, options, finish)
            else:
                _evaluate_on_dask(cluster, pending, options, finish)
    cells = []
    for task in tasks:
        cells += [done[task.name, contender.name] for contender in _runnable(task, contenders)]
        if extra_cells is not None:
            cells.extend(extra_cells(task))
    return cells
