"""The benchmark runner: every method on every task, tuned on tuning images, scored on test images.

One *cell* is one method on one task. A cell tunes the method (:func:`~.tuning.tune`), runs the
chosen setting and the defaults on every test image, times the chosen setting per megapixel and
measures its peak memory, and is saved as one JSON file under ``OUT/cells/``. A run that is
interrupted and started again with the same settings loads the cells already saved and goes on
with the rest.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
import tracemalloc
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from multiprocessing import get_context
from pathlib import Path
from typing import Any

import numpy as np
from tqdm.auto import tqdm

from ..atomic_write import write_text
from .scoring import boundary_f, score
from .tasks import Sample, Task
from .tuning import Contender, run_method, tune

__all__ = ["CellSettings", "evaluate_cell", "run_benchmark", "tuning_subset"]

#: Bumped when a cell's contents change meaning, so that older saved cells are recomputed.
CELL_FORMAT = 1


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


def _peak_mib(run: Callable[[], Any]) -> float:
    """Peak memory NumPy and Python allocate during ``run`` (tracemalloc), in MiB."""
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
        "peak_mib": _peak_mib(lambda: run_method(contender, largest, tuned.params)),
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
    workers: int = 1,
) -> list[dict[str, Any]]:
    """Evaluate every contender on every task, resuming from cells saved under ``out``.

    Parameters
    ----------
    tasks : sequence of Task
        The tasks (:func:`~.tasks.builtin_task`, :func:`~.folder.load_folder`).
    contenders : sequence of Contender
        The methods.
    out : path-like
        Result folder; cells go to ``out/cells/TASK/METHOD.json``.
    budget, seed, tune_images : int, optional
        As in :func:`evaluate_cell`; part of each cell's fingerprint, so changing one
        recomputes the cells instead of mixing runs.
    extra_cells : callable, optional
        ``task -> list of cells`` computed another way (the U-Net rows), saved alike.
    progress : bool, optional
        Show a tqdm progress bar over the cells.
    workers : int, optional
        Processes evaluating cells side by side (1: in this process). Their methods must be
        importable functions (every registered method is) so that they reach the workers.

    Returns
    -------
    list of dict
        One cell per method and task (see :func:`evaluate_cell`).

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

    References
    ----------
    The benchmark's design: issue #13 and ``notebooks/07_which_is_best.ipynb``.
    """
    if workers < 1:
        raise ValueError(f"workers must be at least 1, got {workers}.")
    root = Path(out)
    settings = CellSettings(budget=budget, seed=seed, tune_images=tune_images)
    options = {"budget": budget, "seed": seed, "tune_images": tune_images}
    done: dict[tuple[str, str], dict] = {}
    pending = []
    for task in tasks:
        fingerprint = settings.fingerprint(task)
        for contender in contenders:
            path = root / "cells" / task.name / f"{contender.name}.json"
            cell = load_cell(path, fingerprint)
            if cell is None:
                pending.append((task, contender, path, fingerprint))
            else:
                done[task.name, contender.name] = cell
    bar = tqdm(
        total=len(tasks) * len(contenders), initial=len(done), disable=not progress, unit="cell"
    )

    def finish(cell: dict, path: Path, fingerprint: str) -> None:
        cell["fingerprint"] = fingerprint
        save_cell(cell, path)
        done[cell["task"], cell["method"]] = cell
        bar.set_description(f"{cell['task']}: {cell['method']}")
        bar.update()

    with bar:
        if workers == 1:
            for task, contender, path, fingerprint in pending:
                finish(evaluate_cell(task, contender, **options), path, fingerprint)
        else:
            with ProcessPoolExecutor(workers, mp_context=get_context("spawn")) as pool:
                futures = {
                    pool.submit(evaluate_cell, task, contender, **options): (path, fingerprint)
                    for task, contender, path, fingerprint in pending
                }
                for future in as_completed(futures):
                    finish(future.result(), *futures[future])
    cells = []
    for task in tasks:
        cells += [done[task.name, contender.name] for contender in contenders]
        if extra_cells is not None:
            cells.extend(extra_cells(task))
    return cells
