"""k-means and the Gaussian mixture: a centre (and for the mixture a shape) per cluster.

Both are fitted with scikit-learn on a random sample of pixels and then assign every pixel: the
centres of 20 000 pixels are as good as those of a million, at a fraction of the time. Clusters
are numbered by brightness, darkest first (:func:`segutils.cluster.pixels.number_by_brightness`).
"""

from __future__ import annotations

import math
from functools import cache
from typing import Annotated, Literal

import numpy as np
from sklearn.cluster import KMeans
from sklearn.mixture import GaussianMixture
from threadpoolctl import ThreadpoolController

from ..images import validate_image
from ..params import Fixed, RandomSeed, Range
from ..registry import register
from .pixels import (
    SAMPLE_SIZE,
    Background,
    check_clusters,
    colour_features,
    number_by_brightness,
    pixel_rows,
    sample_rows,
    with_position,
)

__all__ = ["gaussian_mixture", "kmeans"]


@cache
def _threads() -> ThreadpoolController:
    """The native thread pools (found once: looking them up costs milliseconds)."""
    return ThreadpoolController()


@register("clustering")
def kmeans(
    image: np.ndarray,
    *,
    n_clusters: Annotated[int, Range(2, 8, 1)] = 3,
    position_weight: Annotated[float, Range(0.0, 2.0, 0.05)] = 0.0,
    color_space: Literal["rgb", "lab"] = "rgb",
    background: Background = "darkest",
    sample_size: Annotated[
        int, Fixed("a speed setting: 20 000 pixels fit the centres well", range=Range(1, math.inf))
    ] = SAMPLE_SIZE,
    seed: RandomSeed = 0,
) -> np.ndarray:
    """k-means clustering of pixel colours (gray, RGB or CIELAB), optionally with positions.

    Parameters
    ----------
    image : ndarray
        Canonical gray or RGB image; channels are used as they are (no BGR split needed).
    n_clusters : int, optional
        Number of clusters k, at most the number of distinct colours.
    position_weight : float, optional
        Weight of the (row, col) position, scaled to ``[0, 1]``, next to the colour features:
        0 clusters by colour only; larger values make clusters compact in space.
    color_space : {"rgb", "lab"}, optional
        Colour features of an RGB image: RGB in ``[0, 1]``, or CIELAB divided by 100 (L in
        ``[0, 1]``, a and b within about ``[-1, 1]``), where a distance is a perceived colour
        difference (Delta E / 100). A gray image ignores it.
    background : {"darkest", "brightest", "none"}, optional
        Which cluster gets label 0. Clusters are numbered by brightness (mean RGB, or L), darkest
        first.
    sample_size : int, optional
        Number of pixels the centres are fitted on, at least ``n_clusters`` (all the pixels if
        the image has fewer).
    seed : int, optional
        Random seed for the sample and the initial centres, ``0 .. 2**32 - 1``.

    Returns
    -------
    ndarray
        ``int32`` labels, ``0..k-1`` with a background cluster or ``1..k`` with ``"none"``.

    Examples
    --------
    >>> from segutils.datasets import synthetic
    >>> from segutils.metrics import iou
    >>> easy = synthetic(difficulty=0.0, seed=0)
    >>> iou(easy.mask, kmeans(easy.image, n_clusters=2) > 0) > 0.95
    True

    References
    ----------
    Lloyd, S., "Least squares quantization in PCM", IEEE Trans. Inf. Theory 28(2), 1982;
    :class:`sklearn.cluster.KMeans`; :func:`skimage.color.rgb2lab`.
    """
    validate_image(image)
    if sample_size < n_clusters:
        raise ValueError(
            f"cluster.kmeans(): sample_size={sample_size} is below n_clusters={n_clusters}: the "
            f"{n_clusters} centres are fitted on sample_size pixels. Pass sample_size >= "
            f"n_clusters (the default is {SAMPLE_SIZE})."
        )
    check_clusters(image, n_clusters, method="k-means")  # also: enough pixels to fit k centres
    colour = colour_features(image, color_space)
    features = with_position(colour, image.shape[:2], position_weight)
    sample = sample_rows(features, sample_size, seed)
    # One thread: on 20 000 pixels OpenMP gains nothing, and on a busy 2-core machine its
    # threads wait for each other (ten times slower).
    with _threads().limit(limits=1):
        model = KMeans(n_clusters=n_clusters, n_init=3, random_state=seed).fit(sample)
        assignment = model.predict(features)
    centres = model.cluster_centers_[:, : colour.shape[1]]
    brightness = centres[:, 0] if color_space == "lab" and image.ndim == 3 else centres.mean(1)
    return number_by_brightness(assignment, brightness, background, image.shape[:2])


@register("clustering")
def gaussian_mixture(
    image: np.ndarray,
    *,
    n_components: Annotated[int, Range(2, 8, 1)] = 3,
    background: Background = "darkest",
    seed: RandomSeed = 0,
) -> np.ndarray:
    """Gaussian mixture clustering of pixel colours: k-means with a shape and a size per cluster.

    Each cluster is a Gaussian with its own mean and full covariance, fitted by
    expectation-maximisation on a random sample of 20 000 pixels; every pixel then goes to the
    most probable component. Unlike k-means, a broad cluster (a textured background) and a
    narrow one (a flat object) can sit side by side.

    Parameters
    ----------
    image : ndarray
        Canonical gray or RGB image.
    n_components : int, optional
        Number of Gaussian components, at most the number of distinct colours.
    background : {"darkest", "brightest", "none"}, optional
        Which component gets label 0. Components are numbered by the brightness of their mean,
        darkest first.
    seed : int, optional
        Random seed for the sample and the initialisation, ``0 .. 2**32 - 1``.

    Returns
    -------
    ndarray
        ``int32`` labels, ``0..k-1`` with a background component or ``1..k`` with ``"none"``.

    Examples
    --------
    >>> from segutils.datasets import synthetic
    >>> from segutils.metrics import iou
    >>> easy = synthetic(difficulty=0.0, seed=0)
    >>> iou(easy.mask, gaussian_mixture(easy.image, n_components=2) > 0) > 0.85
    True

    (The shaded objects make a broad component, which also claims the background's rare
    brighter pixels: k-means' nearest-centre rule does better on this image.)

    References
    ----------
    Dempster, A. P., Laird, N. M. and Rubin, D. B., "Maximum likelihood from incomplete data via
    the EM algorithm", J. R. Stat. Soc. B 39(1), 1977; :class:`sklearn.mixture.GaussianMixture`.
    """
    validate_image(image)
    check_clusters(image, n_components, method="Gaussian mixture")
    pixels = pixel_rows(image)
    with _threads().limit(limits=1):
        sample = sample_rows(pixels, SAMPLE_SIZE, seed)
        model = GaussianMixture(n_components, random_state=seed).fit(sample)
        assignment = model.predict(pixels)
    brightness = model.means_.mean(axis=1)
    return number_by_brightness(assignment, brightness, background, image.shape[:2])
