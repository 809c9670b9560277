"""The project's U-Net recipe, in one place: how to train one on masks, and the reference model.

:func:`train_recipe` is the single training command of the collection: notebook 06's longer
runs, ``benchmarks/unet_isbi.py`` and the leaderboard's U-Net rows (``python -m segutils bench``)
all call it, so the reference model saved with the package (:func:`load_reference`) was made by
exactly the code a reader can run.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from .data import MaskCrops
from .framework import STRIDE, keras
from .modelfile import describe_contents
from .models import small_unet
from .predict import load_model
from .training import Loss, train

__all__ = ["REFERENCE", "REFERENCE_SHA256", "load_reference", "train_recipe"]

#: The reference model: the recipe's small U-Net trained on ISBI 2012 slices 0-24 (see
#: ``segutils/unet/weights/README.md`` for the command, the time and the held-out figures).
REFERENCE = Path(__file__).with_name("weights") / "isbi2012_membranes.keras"
#: Its SHA-256, checked on every load.
REFERENCE_SHA256 = "2c118f8730fe17e753d279be243954e5920c924ce705655906e362cbb08ec013"


def train_recipe(
    images: Sequence[np.ndarray],
    masks: Sequence[np.ndarray],
    *,
    minutes: float | None = None,
    epochs: int | None = None,
    seed: int = 0,
    base_filters: int = 16,
    crop: int = 256,
    batch_size: int = 8,
    steps: int = 25,
    learning_rate: float = 2e-3,
    loss: Loss | None = None,
) -> tuple[keras.Model, keras.callbacks.History]:
    """Train the collection's small U-Net on images and binary (or one-hot) masks for a budget.

    The recipe measured best on this project's 2-core CPU (``benchmarks/unet_isbi.py``):
    :func:`~segutils.unet.small_unet`, random ``crop``-pixel crops with flips and rotations,
    Adam from ``learning_rate`` decaying along a cosine to zero as the budget runs out, and
    binary cross-entropy plus Dice. With one-hot masks of ``C`` classes the network ends in
    ``C`` softmax channels, trained with categorical cross-entropy plus Dice; a pixel whose
    one-hot row is all 0 (void) adds nothing to the cross-entropy.

    Parameters
    ----------
    images : sequence of ndarray
        Canonical images (gray or RGB, ``float32`` in ``[0, 1]``), of any sizes.
    masks : sequence of ndarray
        One ``bool`` mask per image: the class to find; or one ``(H, W, C)`` one-hot 0/1 array
        per image for ``C`` exclusive classes (all 0 where a pixel has no class).
    minutes : float, optional
        Training time; the learning rate reaches zero when it is spent.
    epochs : int, optional
        Instead of ``minutes``: this many epochs of ``steps`` batches, the learning rate
        reaching zero at the last batch. The result then does not depend on the machine's
        speed or on what else it runs.
    seed : int, optional
        Seed of the weights, crops and augmentations.
    base_filters : int, optional
        Filters of the network's first level.
    crop : int, optional
        Side of the training crops; lowered to the smallest image's side (a multiple of 32).
    batch_size, steps : int, optional
        Crops per batch and batches per epoch.
    learning_rate : float, optional
        Adam's starting rate.
    loss : {"bce_dice", "bce_jaccard", "dice", "cce_dice", "cce_jaccard"}, optional
        As in :func:`~segutils.unet.train`; by default ``"bce_dice"`` for ``bool`` masks and
        ``"cce_dice"`` for one-hot masks.

    Returns
    -------
    model : keras.Model
        The trained network (one sigmoid channel, or ``C`` softmax channels).
    history : keras.callbacks.History
        Loss and scores per epoch.

    Raises
    ------
    ValueError
        If an image is smaller than 32 pixels on a side, or not exactly one of ``minutes``
        and ``epochs`` is given, or the budget is not positive.

    Examples
    --------
    >>> from segutils.datasets import synthetic
    >>> sample = synthetic(shape=(64, 64), seed=0)
    >>> model, history = train_recipe([sample.image], [sample.mask], epochs=1,
    ...                               crop=64, batch_size=2, steps=2)  # doctest: +SKIP
    >>> model.name  # doctest: +SKIP
    'small_unet'

    References
    ----------
    Ronneberger, Fischer & Brox, "U-Net", MICCAI 2015; Loshchilov & Hutter, "SGDR: Stochastic
    Gradient Descent with Warm Restarts", ICLR 2017 (the cosine schedule).
    """
    if (minutes is None) == (epochs is None):
        raise ValueError("give the training budget as minutes or as epochs, exactly one of them.")
    budget = minutes if epochs is None else epochs
    if not budget > 0:
        raise ValueError(f"the training budget must be positive, got {budget}.")
    smallest = min(min(image.shape[:2]) for image in images)
    if smallest < STRIDE:
        raise ValueError(
            f"an image is {smallest} pixels on a side; the U-Net needs at least {STRIDE}."
        )
    crop = min(crop, smallest // STRIDE * STRIDE)
    masks = [np.asarray(m) for m in masks]
    classes = masks[0].shape[-1] if masks and masks[0].ndim == 3 else 1
    keras.utils.set_random_seed(seed)
    if classes == 1:
        model = small_unet(base_filters=base_filters)
        masks = [m.astype(bool) for m in masks]
    else:
        model = small_unet(base_filters=base_filters, classes=classes, activation="softmax")
    crops = MaskCrops(
        list(images),
        masks,
        crop=crop,
        batch_size=batch_size,
        steps=steps,
        seed=seed,
    )
    history = train(
        model,
        crops,
        epochs=epochs or 100_000,
        learning_rate=learning_rate,
        loss=loss or ("bce_dice" if classes == 1 else "cce_dice"),
        patience=100_000,
        time_limit_s=None if minutes is None else minutes * 60,
        schedule="cosine",
        verbose=0,
    )
    return model, history


def load_reference() -> keras.Model:
    """The reference U-Net for ISBI 2012 membranes, checked against its recorded SHA-256.

    Returns
    -------
    keras.Model
        The trained small U-Net: one sigmoid channel, membrane probability. Predict with
        :func:`~segutils.unet.predict_probability`.

    Raises
    ------
    FileNotFoundError
        If the file is missing from the installation.
    OSError
        If the file's hash differs from :data:`REFERENCE_SHA256` (damaged or replaced).

    Examples
    --------
    >>> model = load_reference()  # doctest: +SKIP
    >>> model.output_shape  # doctest: +SKIP
    (None, None, None, 1)

    References
    ----------
    Arganda-Carreras et al., "Crowdsourcing the creation of image segmentation algorithms for
    connectomics", Frontiers in Neuroanatomy 2015 (the ISBI 2012 challenge).
    """
    if not REFERENCE.is_file():
        raise FileNotFoundError(
            f"The reference model {REFERENCE} is missing; reinstall segutils from the "
            "repository (the file is part of the package)."
        )
    digest = hashlib.sha256(REFERENCE.read_bytes()).hexdigest()
    if digest != REFERENCE_SHA256:
        raise OSError(
            f"{REFERENCE} has SHA-256 {digest}, not the recorded {REFERENCE_SHA256}: the file "
            f"is damaged or was replaced (it looks like {describe_contents(REFERENCE)}). Restore "
            "it with `git checkout -- segutils/unet/weights`."
        )
    return load_model(REFERENCE)
