"""The project's U-Net recipe, in one place: how to train one on masks.

:func:`train_recipe` is the single training command of the collection: notebook 06's longer
runs, ``benchmarks/unet_isbi.py`` and the leaderboard's U-Net rows (``python -m segutils bench``)
all call it, so the reference models saved with the package (:mod:`.references`) were made by
exactly the code a reader can run.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal, get_args

import numpy as np
from skimage import measure

from ..masks import check_labels
from .data import MaskCrops
from .framework import STRIDE, keras
from .models import small_unet
from .targets import CLASSES, three_class_targets
from .training import Loss, train
from .weightmap import border_weight_map

__all__ = ["Target", "train_recipe"]

#: What the network learns: one foreground channel, or background / interior / border.
Target = Literal["foreground", "three_class", "classes"]


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
    target: Target = "foreground",
    elastic: bool = False,
    weight_map: bool = False,
    n_classes: int | None = None,
    border_width: int = 1,
) -> tuple[keras.Model, keras.callbacks.History]:
    """Train the collection's small U-Net on images and their truth, by epochs or by minutes.

    The recipe measured best on this project's 2-core CPU (``benchmarks/unet_isbi.py``):
    :func:`~segutils.unet.small_unet`, random ``crop``-pixel crops with flips and rotations,
    Adam from ``learning_rate`` decaying along a cosine to zero as the budget runs out, and
    cross-entropy plus Dice.

    ``target="three_class"`` trains a softmax network on the background, interior and border
    classes of :func:`~segutils.unet.targets.three_class_targets`, whose output
    :func:`~segutils.unet.instances.predict_instances` turns into objects. Two options add the
    U-Net paper's own recipe, both off by default: ``elastic`` deforms every crop
    (:mod:`segutils.unet.elastic`), and ``weight_map`` weights each pixel's cross-entropy by
    :func:`~segutils.unet.weightmap.border_weight_map` (``w0 = 10``, ``sigma = 5``), computed
    from the label images, so that the narrow gaps between cells count.

    ``target="classes"`` trains one softmax channel per class of a class map (CamVid's sky,
    road, ...): mask value ``k`` is class ``k`` for ``k < n_classes``, and any other value
    (void) is no class, so that it adds nothing to the cross-entropy.

    Parameters
    ----------
    images : sequence of ndarray
        Canonical images (gray or RGB, ``float32`` in ``[0, 1]``), of any sizes.
    masks : sequence of ndarray
        One per image: a ``bool`` mask of the class to find, or integer labels (0 background,
        1..N objects). ``target="three_class"`` needs labels, so that touching objects have
        a border between them; with a ``bool`` mask the foreground target is the mask, and
        the weight map's cells are the mask's connected components. For membranes, pass the
        cells' labels (``skimage.measure.label(~membrane, connectivity=1)``): the network
        then finds the cells, and the membranes are its background. ``target="classes"``
        needs integer class maps (values ``0 .. n_classes - 1``, any other value void).
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
        As in :func:`~segutils.unet.train`; by default ``"bce_dice"`` for the foreground and
        ``"cce_dice"`` for three classes or named classes.
    target : {"foreground", "three_class", "classes"}, optional
        One sigmoid channel for the foreground, three softmax channels (background,
        interior, border), or one softmax channel per class of a class map.
    elastic : bool, optional
        Elastically deform every training crop (3 x 3 grid, 10-pixel displacements).
    weight_map : bool, optional
        Weight each pixel's cross-entropy by the U-Net paper's weight map (not with
        ``target="classes"``: the map needs objects).
    n_classes : int, optional
        With ``target="classes"`` (and only then): the number of classes, 2 or more.
    border_width : int, optional
        With ``target="three_class"``: how deep each object's border class reaches, in pixels
        (:func:`~segutils.unet.targets.three_class_targets`).

    Returns
    -------
    model : keras.Model
        The trained network (one sigmoid channel, or three or ``n_classes`` softmax channels).
    history : keras.callbacks.History
        Loss and scores per epoch.

    Raises
    ------
    ValueError
        If an image is smaller than 32 pixels on a side, or not exactly one of ``minutes``
        and ``epochs`` is given, or the budget is not positive, or ``target`` is unknown, or
        ``target="three_class"`` or ``"classes"`` gets ``bool`` masks instead of labels, or a
        binary loss meets classes (or a categorical one the foreground), or ``n_classes`` is
        missing for ``target="classes"`` or given for another.

    Examples
    --------
    >>> from segutils.datasets import synthetic
    >>> sample = synthetic(shape=(64, 64), seed=0)
    >>> model, history = train_recipe([sample.image], [sample.labels], epochs=1,
    ...                               crop=64, batch_size=2, steps=2,
    ...                               target="three_class")  # doctest: +SKIP
    >>> model.output_shape  # doctest: +SKIP
    (None, None, None, 3)

    References
    ----------
    Ronneberger, Fischer & Brox, "U-Net", MICCAI 2015 (elastic deformations, the weight map);
    Caicedo et al., "Evaluation of Deep Learning Strategies for Nucleus Segmentation in
    Fluorescence Images", Cytometry A 95(9), 2019 (the three classes); Loshchilov & Hutter,
    "SGDR: Stochastic Gradient Descent with Warm Restarts", ICLR 2017 (the cosine schedule).
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
    if target not in get_args(Target):
        raise ValueError(
            f"target must be 'foreground', 'three_class' or 'classes', got {target!r}."
        )
    named = target == "classes"
    if named != (n_classes is not None):
        raise ValueError(
            "n_classes goes with target='classes' (the number of classes of the class maps), "
            f"and only with it; got target={target!r} and n_classes={n_classes!r}."
        )
    if named and (isinstance(n_classes, bool) or not isinstance(n_classes, int) or n_classes < 2):
        raise ValueError(f"n_classes must be a whole number, 2 or more; got {n_classes!r}.")
    if border_width != 1 and target != "three_class":
        raise ValueError(
            f"border_width sets the border class of target='three_class'; target={target!r} "
            "has none. Leave border_width out."
        )
    if named and weight_map:
        raise ValueError(
            "weight_map weights the borders between objects; target='classes' has classes, "
            "not objects. Leave weight_map out."
        )
    if len(masks) != len(images):
        raise ValueError(
            f"images and masks must pair up one to one; got {len(images)} images and "
            f"{len(masks)} masks."
        )
    truths = [check_labels(m, name=f"mask {i}") for i, m in enumerate(masks)]
    if target == "three_class" and any(t.dtype == bool for t in truths):
        raise ValueError(
            "target='three_class' needs integer labels (one value per object), not bool "
            "masks: touching objects need their border. Pass e.g. a sample's .labels."
        )
    if named and any(t.dtype == bool for t in truths):
        raise ValueError(
            "target='classes' needs integer class maps (the class of each pixel), not bool "
            "masks; for a foreground use target='foreground'."
        )
    three = target == "three_class"
    loss = loss or ("cce_dice" if three or named else "bce_dice")
    if (three or named) != loss.startswith("cce"):
        raise ValueError(
            f"loss {loss!r} does not fit target={target!r}: classes take 'cce_dice' or "
            "'cce_jaccard', the foreground 'bce_dice', 'bce_jaccard' or 'dice'."
        )
    labels = [
        t if t.dtype != bool else measure.label(t, connectivity=1).astype(np.int32) for t in truths
    ]
    if three:
        classes = [three_class_targets(t, border_width=border_width) for t in labels]
        targets = [keras.utils.to_categorical(c, len(CLASSES)).astype(bool) for c in classes]
    elif named:  # one-hot; a void pixel's row is all 0
        classes = targets = [t[..., None] == np.arange(n_classes) for t in truths]
    else:
        classes = [t > 0 for t in labels]
        targets = classes
    weights = None
    if weight_map:
        weights = [border_weight_map(t, classes=c) for t, c in zip(labels, classes, strict=True)]
    crop = min(crop, smallest // STRIDE * STRIDE)
    keras.utils.set_random_seed(seed)
    if three or named:
        channels = len(CLASSES) if three else n_classes
        model = small_unet(base_filters=base_filters, classes=channels, activation="softmax")
    else:
        model = small_unet(base_filters=base_filters)
    crops = MaskCrops(
        list(images),
        targets,
        crop=crop,
        batch_size=batch_size,
        steps=steps,
        seed=seed,
        weights=weights,
        elastic=elastic,
    )
    history = train(
        model,
        crops,
        epochs=epochs or 100_000,
        learning_rate=learning_rate,
        loss=loss,
        patience=100_000,
        time_limit_s=None if minutes is None else minutes * 60,
        schedule="cosine",
        verbose=0,
    )
    return model, history
