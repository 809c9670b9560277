"""A pixel classifier trained from scribbles: a random forest on a stack of multiscale features.

This is the recipe of ilastik and of Fiji's Trainable Weka Segmentation, and of scikit-image's
:func:`skimage.future.fit_segmenter`: each pixel is described by its smoothed intensity, edge
strength and texture at several scales (:func:`skimage.feature.multiscale_basic_features`), a
random forest learns from the painted pixels which descriptions belong to which label, and then
labels every pixel. :func:`pixel_classifier` does it on one image and its strokes;
:func:`fit_pixel_classifier` trains once on many images (whole truth masks, say) and returns a
:class:`PixelClassifier` that labels new images.
"""

from __future__ import annotations

import hashlib
import math
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Annotated

import numpy as np
from skimage import feature
from sklearn.ensemble import RandomForestClassifier

from ..images import validate_image
from ..params import (
    Fixed,
    RandomSeed,
    Range,
    Scribbles,
    check_scribbles,
    coerce_value,
    keyword_parameters,
    order_conflict,
)
from ..registry import register
from .prompts import require_two_pixels_a_side, scribble_labels

__all__ = ["SAMPLE_SIZE", "PixelClassifier", "fit_pixel_classifier", "pixel_classifier"]

#: Marked pixels the forest is trained on, drawn at random when there are more: a forest of
#: 10 000 pixels labels an image as well as one of a million, in a fraction of the time.
SAMPLE_SIZE = 10_000

# Why a cache: when a person adds a stroke, the image has not changed, so neither has its
# feature stack, which costs most of a run (about half a second on 512 x 512 RGB). Keeping the
# stacks of the last few images means a new stroke only retrains the forest and predicts. The key
# is a hash of the image's bytes (a few milliseconds for 512 x 512 RGB, far less than the
# features) with its shape, type and the feature settings, so an edited image or a changed
# setting never gets a stale stack. The total size is capped: a stack is tens of bytes a pixel.
_CACHE_ENTRIES = 4
_CACHE_BYTES = 512 * 2**20
_cache: OrderedDict[tuple, np.ndarray] = OrderedDict()
_cache_lock = threading.Lock()  # Dask may run several tasks in threads of one process


@dataclass(frozen=True)
class _FeatureSettings:
    """What :func:`skimage.feature.multiscale_basic_features` computes."""

    sigma_min: float
    sigma_max: float
    intensity: bool
    edges: bool
    texture: bool


def _features(image: np.ndarray, settings: _FeatureSettings) -> np.ndarray:
    """The ``(H, W, F)`` float32 feature stack of a canonical image, from the cache if there."""
    pixels = np.ascontiguousarray(image)
    digest = hashlib.blake2b(memoryview(pixels).cast("B"), digest_size=16).digest()
    key = (digest, pixels.shape, pixels.dtype.str, settings)
    with _cache_lock:
        if key in _cache:
            _cache.move_to_end(key)
            return _cache[key]
    stack = feature.multiscale_basic_features(
        pixels,
        intensity=settings.intensity,
        edges=settings.edges,
        texture=settings.texture,
        sigma_min=settings.sigma_min,
        sigma_max=settings.sigma_max,
        workers=1,  # Dask owns the parallelism: one thread per task
        channel_axis=-1 if pixels.ndim == 3 else None,
    ).astype(np.float32, copy=False)
    stack.flags.writeable = False  # shared by every caller of the cache
    with _cache_lock:
        _cache[key] = stack
        while len(_cache) > _CACHE_ENTRIES or (
            len(_cache) > 1 and sum(kept.nbytes for kept in _cache.values()) > _CACHE_BYTES
        ):
            _cache.popitem(last=False)
    return stack


@dataclass(frozen=True)
class PixelClassifier:
    """A random forest trained on multiscale pixel features; :meth:`predict` labels an image.

    Made by :func:`fit_pixel_classifier`. It keeps the feature settings it was trained with
    and whether it saw gray or RGB images, and it pickles (a Dask worker can receive it).

    Attributes
    ----------
    forest : sklearn.ensemble.RandomForestClassifier
        The trained forest; its ``classes_`` are the scribble labels it learned.
    settings : _FeatureSettings
        The feature scales and kinds.
    channels : int
        1 for gray training images, 3 for RGB.
    """

    forest: RandomForestClassifier
    settings: _FeatureSettings
    channels: int

    def predict(self, image: np.ndarray) -> np.ndarray:
        """Label every pixel of ``image``: scribble label ``k`` becomes class ``k - 1``.

        Parameters
        ----------
        image : ndarray
            Canonical image, gray or RGB as the training images were.

        Returns
        -------
        ndarray
            ``int32`` classes of the image's ``(H, W)`` (background 0, object 1, ...).

        Raises
        ------
        ValueError
            If the image is gray and the training images were RGB, or the other way round, or
            it is 1 pixel wide.
        """
        validate_image(image)
        require_two_pixels_a_side(image.shape, method="PixelClassifier.predict")
        channels = 3 if image.ndim == 3 else 1
        if channels != self.channels:
            kinds = {1: "gray", 3: "RGB"}
            convert = "segutils.images.to_rgb" if self.channels == 3 else "segutils.to_gray"
            raise ValueError(
                f"This pixel classifier was trained on {kinds[self.channels]} images and got a "
                f"{kinds[channels]} one; its features would not match. Convert the image with "
                f"{convert}, or train on images of the same kind."
            )
        stack = _features(image, self.settings)
        labels = self.forest.predict(stack.reshape(-1, stack.shape[-1]))
        return (labels.reshape(image.shape[:2]) - 1).astype(np.int32)


def _settings(
    sigma_min: float, sigma_max: float, intensity: bool, edges: bool, texture: bool, method: str
) -> _FeatureSettings:
    """The feature settings, refusing a stack with no feature in it."""
    if not (intensity or edges or texture):
        raise ValueError(
            f"{method}(): intensity, edges and texture are all False, which leaves no feature "
            "to classify pixels by. Turn on at least one (intensity=True is the cheapest)."
        )
    return _FeatureSettings(sigma_min, sigma_max, intensity, edges, texture)


def _train(
    images: Sequence[np.ndarray],
    marks: Sequence[np.ndarray],
    settings: _FeatureSettings,
    *,
    n_estimators: int,
    max_depth: int,
    sample_size: int,
    seed: int,
) -> PixelClassifier:
    """Fit the forest on a uniform sample of the marked pixels of all the images."""
    counts = np.array([np.count_nonzero(marked) for marked in marks])
    total = int(counts.sum())
    chosen = np.arange(total)
    if total > sample_size:
        rng = np.random.default_rng(seed)
        chosen = np.sort(rng.choice(total, size=sample_size, replace=False))
    starts = np.concatenate([[0], np.cumsum(counts)])
    rows, labels = [], []
    for image, marked, start, end in zip(images, marks, starts[:-1], starts[1:], strict=True):
        mine = chosen[(chosen >= start) & (chosen < end)] - start
        if len(mine) == 0:
            continue  # no sampled pixel here: its features are not needed
        # In raster order, as skimage.future.fit_segmenter takes features[labels > 0].
        pixels = np.flatnonzero(marked)[mine]
        stack = _features(image, settings)
        rows.append(stack.reshape(-1, stack.shape[-1])[pixels])
        labels.append(marked.ravel()[pixels])
    forest = RandomForestClassifier(
        n_estimators=n_estimators, max_depth=max_depth, n_jobs=1, random_state=seed
    )
    forest.fit(np.concatenate(rows), np.concatenate(labels))
    return PixelClassifier(forest, settings, 3 if images[0].ndim == 3 else 1)


@register("hints")
def pixel_classifier(
    image: np.ndarray,
    *,
    scribbles: Scribbles = None,
    sigma_min: Annotated[float, Range(0.5, 32.0, 0.5, scales="length", at_most="sigma_max")] = 1.0,
    sigma_max: Annotated[float, Range(0.5, 32.0, 0.5, scales="length")] = 16.0,
    intensity: bool = True,
    edges: bool = True,
    texture: bool = True,
    n_estimators: Annotated[int, Range(10, 200, 10)] = 20,
    max_depth: Annotated[int, Range(2, 30, 1)] = 10,
    sample_size: Annotated[
        int,
        Fixed(
            "a speed setting: 10 000 marked pixels train the forest well", range=Range(1, math.inf)
        ),
    ] = SAMPLE_SIZE,
    seed: RandomSeed = 0,
) -> np.ndarray:
    """Train a random forest on the painted pixels' multiscale features, then label every pixel.

    Each pixel is described at scales ``sigma`` from ``sigma_min`` to ``sigma_max`` (doubling,
    one per octave) by its Gaussian-smoothed intensity (brightness around it), the Sobel edge
    strength of that smoothed image (is it near a border) and the two eigenvalues of the
    Hessian (texture: ridges, blobs, valleys), for each channel of an RGB image. A random
    forest (an ensemble of decision trees, each fitted to a bootstrap sample and random feature
    subsets, minimising Gini impurity at every split) learns the labels of the painted pixels
    from those descriptions and labels the rest. It learns what the strokes show, not a fixed
    rule: paint where it is wrong and run it again (in the explorer a stroke retrains only the
    forest, since the features of the image are kept).

    Use it when the object differs from the background by texture or by a mix of cues that no
    single threshold captures, and for many similar images (:func:`fit_pixel_classifier`).

    Parameters
    ----------
    image : ndarray
        Canonical gray or RGB image.
    scribbles : ndarray
        ``(H, W)`` integer strokes: ``0`` not marked, ``1`` background, ``2`` object, ``3,
        4, ...`` further classes; at least two labels must be present.
    sigma_min : float, optional
        Smallest feature scale, in pixels, at most ``sigma_max``: small scales see fine detail
        and noise.
    sigma_max : float, optional
        Largest feature scale, in pixels: large scales see the context around a pixel (is it in
        the middle of a large bright region), at the price of blurred borders.
    intensity : bool, optional
        Use the smoothed intensity at each scale.
    edges : bool, optional
        Use the edge strength at each scale.
    texture : bool, optional
        Use the Hessian's eigenvalues at each scale.
    n_estimators : int, optional
        Trees in the forest: more give steadier answers and cost time linearly. 20 label
        strokes' images about as well as the 50 of scikit-image's example, in less than half the
        time, which keeps a retrained forest within the explorer's budget.
    max_depth : int, optional
        Deepest split of a tree: shallow trees generalise from few strokes, deep ones fit many.
    sample_size : int, optional
        Marked pixels the forest is trained on, drawn at random when more are marked.
    seed : int, optional
        Random seed of the sample and of the forest, ``0 .. 2**32 - 1``.

    Returns
    -------
    ndarray
        ``int32`` classes of the image's ``(H, W)``: scribble label ``k`` becomes class
        ``k - 1`` (background 0, object 1, ...), so ``result > 0`` is the object mask.

    Raises
    ------
    ValueError
        If the scribbles hold fewer than two labels, every kind of feature is turned off, or
        the image is 1 pixel wide.

    Examples
    --------
    >>> from segutils.datasets import synthetic
    >>> from segutils.metrics import iou
    >>> from segutils.params import BACKGROUND, OBJECT
    >>> easy = synthetic((96, 96), difficulty=0.2, seed=0)
    >>> marks = np.where(easy.mask, OBJECT, BACKGROUND)
    >>> marks[np.random.default_rng(0).random(marks.shape) < 0.95] = 0  # keep 1 pixel in 20
    >>> found = pixel_classifier(easy.image, scribbles=marks, sigma_max=4.0)
    >>> iou(easy.mask, found > 0) > 0.9
    True

    References
    ----------
    Sommer, C., Straehle, C., Koethe, U. and Hamprecht, F. A., "Ilastik: Interactive learning
    and segmentation toolkit", IEEE ISBI 2011; Arganda-Carreras, I. et al., "Trainable Weka
    Segmentation: a machine learning tool for microscopy pixel classification",
    Bioinformatics 33(15), 2424-2426, 2017; Breiman, L., "Random forests", Machine Learning
    45, 5-32, 2001; scikit-image, :func:`skimage.future.fit_segmenter` and
    :func:`skimage.feature.multiscale_basic_features`.
    """
    method = "hints.pixel_classifier"
    scribble_labels(scribbles, method=method)
    require_two_pixels_a_side(image.shape, method=method)  # the texture's second derivatives
    settings = _settings(sigma_min, sigma_max, intensity, edges, texture, method)
    classifier = _train(
        [image],
        [scribbles],
        settings,
        n_estimators=n_estimators,
        max_depth=max_depth,
        sample_size=sample_size,
        seed=seed,
    )
    return classifier.predict(image)


def fit_pixel_classifier(
    images: Sequence[np.ndarray],
    scribbles_list: Sequence[np.ndarray],
    *,
    sigma_min: float = 1.0,
    sigma_max: float = 16.0,
    intensity: bool = True,
    edges: bool = True,
    texture: bool = True,
    n_estimators: int = 20,
    max_depth: int = 10,
    sample_size: int = SAMPLE_SIZE,
    seed: int = 0,
) -> PixelClassifier:
    """Train one pixel classifier on many images and their scribbles (or whole truth masks).

    The settings are :func:`pixel_classifier`'s, checked the same way. The forest is trained on
    ``sample_size`` pixels drawn uniformly from the marked pixels of all the images, so training
    on whole masks (every pixel marked: ``np.where(truth > 0, OBJECT, BACKGROUND)``) costs the
    features of each image once and a forest of ``sample_size`` pixels, however many megapixels.

    Parameters
    ----------
    images : sequence of ndarray
        Canonical images, all gray or all RGB.
    scribbles_list : sequence of ndarray
        One ``(H, W)`` integer array of strokes per image (``0`` not marked, ``1``
        background, ``2`` object, ...); two labels at least over all of them.
    sigma_min : float, optional
        Smallest feature scale, in pixels, at most ``sigma_max``.
    sigma_max : float, optional
        Largest feature scale, in pixels.
    intensity : bool, optional
        Use the smoothed intensity at each scale.
    edges : bool, optional
        Use the edge strength at each scale.
    texture : bool, optional
        Use the Hessian's eigenvalues at each scale.
    n_estimators : int, optional
        Trees in the forest.
    max_depth : int, optional
        Deepest split of a tree.
    sample_size : int, optional
        Marked pixels the forest is trained on, drawn from all the images.
    seed : int, optional
        Random seed of the sample and of the forest.

    Returns
    -------
    PixelClassifier
        Its ``predict(image)`` gives ``int32`` classes, label ``k`` as class ``k - 1``.

    Raises
    ------
    ValueError
        For no images, a different number of images and scribbles, images of both kinds,
        scribbles that do not fit their image, fewer than two labels, or a setting outside
        :func:`pixel_classifier`'s ranges.
    TypeError
        For an image that is not canonical or a setting of the wrong type.

    Examples
    --------
    >>> from segutils.datasets import synthetic
    >>> from segutils.metrics import iou
    >>> from segutils.params import BACKGROUND, OBJECT
    >>> train = [synthetic((64, 64), difficulty=0.2, seed=seed) for seed in (1, 2)]
    >>> classifier = fit_pixel_classifier(
    ...     [one.image for one in train],
    ...     [np.where(one.mask, OBJECT, BACKGROUND) for one in train],
    ...     sigma_max=4.0)
    >>> test = synthetic((64, 64), difficulty=0.2, seed=3)
    >>> iou(test.mask, classifier.predict(test.image) > 0) > 0.9
    True

    References
    ----------
    Arganda-Carreras, I. et al., "Trainable Weka Segmentation: a machine learning tool for
    microscopy pixel classification", Bioinformatics 33(15), 2424-2426, 2017; scikit-image,
    :func:`skimage.future.fit_segmenter`.
    """
    method = "hints.fit_pixel_classifier"
    given = {
        "sigma_min": sigma_min,
        "sigma_max": sigma_max,
        "intensity": intensity,
        "edges": edges,
        "texture": texture,
        "n_estimators": n_estimators,
        "max_depth": max_depth,
        "sample_size": sample_size,
        "seed": seed,
    }
    known = keyword_parameters(pixel_classifier)
    values = {
        name: coerce_value(known[name], value, method=method) for name, value in given.items()
    }
    conflict = order_conflict(known, values, method=method)
    if conflict:
        raise ValueError(conflict)
    images, marks = _check_training_set(images, scribbles_list, method)
    settings = _settings(
        values["sigma_min"],
        values["sigma_max"],
        values["intensity"],
        values["edges"],
        values["texture"],
        method,
    )
    return _train(
        images,
        marks,
        settings,
        n_estimators=values["n_estimators"],
        max_depth=values["max_depth"],
        sample_size=values["sample_size"],
        seed=values["seed"],
    )


def _check_training_set(
    images: Sequence[np.ndarray], scribbles_list: Sequence[np.ndarray], method: str
) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """The images (canonical, one kind) and their checked scribbles, two labels at least."""
    if isinstance(images, np.ndarray) or isinstance(scribbles_list, np.ndarray):
        raise TypeError(
            f"{method}() takes a list of images and a list of scribbles (one per image); for "
            "one image pass [image] and [scribbles]."
        )
    images, scribbles_list = list(images), list(scribbles_list)
    if not images or len(images) != len(scribbles_list):
        raise ValueError(
            f"{method}() needs one scribbles array per image, at least one image; got "
            f"{len(images)} images and {len(scribbles_list)} scribbles."
        )
    for image in images:
        validate_image(image)
        require_two_pixels_a_side(image.shape, method=method)
    if len({image.ndim for image in images}) > 1:
        raise ValueError(
            f"{method}(): the images mix gray and RGB; their features would not match. Convert "
            "them all with segutils.images.to_rgb (or all to gray with segutils.to_gray)."
        )
    marks = []
    for index, (image, scribbles) in enumerate(zip(images, scribbles_list, strict=True)):
        checked = check_scribbles(scribbles, image.shape, method=f"{method}[{index}]")
        if checked is None:
            raise ValueError(
                f"{method}(): scribbles {index} is None; give an (H, W) array for every image "
                "(all 0 for an image with no strokes)."
            )
        marks.append(checked)
    scribble_labels(np.concatenate([marked.ravel() for marked in marks]), method=method)
    return images, marks
