"""Rows of methods that learn from the tuning images: a model trained once, scored on the tests.

A learned method has no sliders to tune: a task's tuning images, with their truth, are its
training images. This module builds the leaderboard row of such a model from its prediction
function (:func:`trained_cell`, shared with the U-Net rows of :mod:`.network`), and trains the
cheapest one, the scribble classifier of :mod:`segutils.hints` fed with whole truth masks
instead of strokes (:func:`classifier_cells`): a random forest on multiscale pixel features,
the baseline a U-Net must beat to be worth its training.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from .runner import CellSettings, load_cell, peak_mib, save_cell, summarise
from .scoring import class_iou_over, score
from .tasks import Task

__all__ = ["CLASSIFIER", "TRAINABLE_KINDS", "classifier_cells", "trained_cell"]

#: Tasks whose answer these models can learn: a foreground, or named classes (multiclass); not
#: a partition into regions.
TRAINABLE_KINDS = ("semantic", "membrane", "instance", "multiclass")
#: The leaderboard's name of the scribble classifier trained on whole truth masks.
CLASSIFIER = "hints.pixel_classifier"


def trained_cell(
    task: Task,
    name: str,
    family: str,
    predict: Callable[[np.ndarray], np.ndarray],
    params: dict[str, Any],
    *,
    peak: float = float("nan"),
) -> dict[str, Any]:
    """Score a trained model on ``task.test``: a leaderboard cell like the tuned methods' ones.

    Parameters
    ----------
    task : Task
        A semantic, membrane or instance task.
    name, family : str
        The row's method name and family.
    predict : callable
        ``image -> bool mask`` of the foreground, whose connected components an instance task
        scores as objects, or ``image -> int labels`` of the objects themselves (touching
        objects kept apart); for a multiclass task ``image -> int`` class of each pixel.
    params : dict
        What the row's "params" column shows: the training's settings and ``train_seconds``,
        which is added to the cell's time.
    peak : float, optional
        Peak memory of one prediction, in MiB, when it can be measured (not for TensorFlow, which
        allocates outside tracemalloc's view).

    Returns
    -------
    dict
        A cell as :func:`segutils.bench.evaluate_cell` returns it; ``tune_score`` is NaN and
        ``tried`` 1, since nothing was tuned. A multiclass cell also has ``class_iou``: class
        name -> its IoU over the test set (None for a class found nowhere).

    Examples
    --------
    >>> from segutils.bench.tasks import Sample, Task
    >>> ramp = np.linspace(0, 1, 64, dtype=np.float32).reshape(8, 8)
    >>> task = Task("ramps", "semantic", tune=[Sample("a", ramp, ramp > 0.5)],
    ...             test=[Sample("b", ramp, ramp > 0.5)])
    >>> cell = trained_cell(task, "half", "learned", lambda image: image > 0.5, {})
    >>> cell["scores"]["iou"], cell["tried"]
    (1.0, 1)

    References
    ----------
    Ronneberger, Fischer & Brox, "U-Net", MICCAI 2015 (a model trained on the task's images).
    """
    multiclass = task.kind == "multiclass"
    rows = []
    for sample in task.test:
        start = time.perf_counter()
        found = np.asarray(predict(sample.image))
        if found.dtype.kind not in "iu":  # labels or classes stay so; anything else is a mask
            found = found.astype(bool)
        seconds = time.perf_counter() - start
        row = {"image": sample.name, "seconds": seconds, "megapixels": sample.megapixels}
        classes = {"n_classes": len(task.classes), "void": task.void} if multiclass else {}
        row.update(score(task.kind, sample.truth, found, **classes), failed=False)
        rows.append(row)
    scores = summarise(task, rows)
    extra = {}
    if multiclass:
        ious = class_iou_over(rows)
        extra["class_iou"] = {
            name: None if np.isnan(value) else float(value)
            for name, value in zip(task.classes, ious, strict=True)
        }
    return {
        "task": task.name,
        "kind": task.kind,
        "primary": task.primary,
        "method": name,
        "family": family,
        "params": params,
        "tune_score": float("nan"),
        "tried": 1,
        "refused": 0,
        "scores": scores,
        "default_score": scores[task.primary],
        "seconds_per_megapixel": sum(r["seconds"] for r in rows)
        / sum(r["megapixels"] for r in rows),
        "peak_mib": peak,
        "failures": 0,
        "n_tune": len(task.tune),
        "cell_seconds": params.get("train_seconds", 0.0) + sum(r["seconds"] for r in rows),
        "images": rows,
        **extra,
    }


def classifier_cells(task: Task, out: str | Path, *, seed: int = 0) -> list[dict[str, Any]]:
    """Train the pixel classifier on ``task.tune`` with whole truth masks; score it on the tests.

    Every pixel of a tuning image is a stroke: object where the truth is foreground, background
    elsewhere (:data:`segutils.params.OBJECT`, :data:`~segutils.params.BACKGROUND`); on a
    multiclass task, class ``k`` is stroke label ``k + 1`` and void pixels are left unmarked, so
    the forest learns every class and predicts one per pixel. The forest
    trains on a fixed-size random sample of them (:func:`segutils.hints.fit_pixel_classifier`),
    with the default feature scales, so its training time is reported like the U-Net's.

    Parameters
    ----------
    task : Task
        A semantic, membrane, instance or multiclass task; a regions task gets no row (the
        classifier predicts a foreground or classes, not a partition).
    out : path-like
        Result folder: the cell goes to ``out/cells/TASK/hints.pixel_classifier.json`` and is
        reused by a later run with the same settings and data.
    seed : int, optional
        Seed of the pixel sample and of the forest.

    Returns
    -------
    list of dict
        One cell as :func:`trained_cell` builds it, or none for a regions task.

    Examples
    --------
    >>> from segutils.bench import builtin_task
    >>> cells = classifier_cells(builtin_task("synthetic-easy"), "results")  # doctest: +SKIP
    >>> cells[0]["method"]  # doctest: +SKIP
    'hints.pixel_classifier'

    References
    ----------
    Sommer et al., "ilastik: Interactive Learning and Segmentation Toolkit", ISBI 2011;
    scikit-image documentation, ``skimage.future.fit_segmenter``.
    """
    if task.kind not in TRAINABLE_KINDS:
        return []
    from .. import hints, params

    fingerprint = CellSettings(method=CLASSIFIER, seed=seed).fingerprint(task)
    path = Path(out) / "cells" / task.name / f"{CLASSIFIER}.json"
    cell = load_cell(path, fingerprint)
    if cell is None:
        if task.kind == "multiclass":
            # Class k is stroke label k + 1 (1 = BACKGROUND is class 0); void is left unmarked.
            strokes = [
                np.where(np.asarray(s.truth) == task.void, 0, np.asarray(s.truth) + 1)
                for s in task.tune
            ]
        else:
            strokes = [
                np.where(np.asarray(s.truth) > 0, params.OBJECT, params.BACKGROUND)
                for s in task.tune
            ]
        start = time.perf_counter()
        model = hints.fit_pixel_classifier([s.image for s in task.tune], strokes, seed=seed)
        settings = {
            "train_images": len(task.tune),
            "train_seconds": round(time.perf_counter() - start, 2),
        }

        def predict(image: np.ndarray) -> np.ndarray:
            classes = model.predict(image)  # stroke label k as class k - 1
            if task.kind == "multiclass":
                return classes
            return classes > 0  # class 1 (object) and any further class

        largest = max(task.test, key=lambda s: s.megapixels)
        peak = peak_mib(lambda: predict(largest.image))
        cell = trained_cell(task, CLASSIFIER, "hints", predict, settings, peak=peak)
        cell["fingerprint"] = fingerprint
        save_cell(cell, path)
    return [cell]
