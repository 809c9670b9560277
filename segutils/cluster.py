"""Clustering: group pixels by colour (and, optionally, position) without any training labels.

k-means and the Gaussian mixture are fitted on a random sample of pixels and then assign every
pixel: the centres of 20 000 pixels are as good as those of a million, at a fraction of the time.
Fuzzy c-means clusters the image's histogram instead of its pixels (the 256 gray levels, or the
colours on a 32-level grid, weighted by their pixel counts): the same result in milliseconds.
Clusters are numbered by brightness, darkest first, so that labels mean the same from run to run.
"""

from __future__ import annotations

from functools import cache
from numbers import Real
from typing import Annotated, Literal

import cv2
import numpy as np
from skimage import color
from sklearn.cluster import KMeans
from sklearn.mixture import GaussianMixture
from threadpoolctl import ThreadpoolController

from . import fuzzy
from .images import require_contrast, to_bgr_uint8, to_gray, to_rgb, validate_image
from .params import Fixed, Range
from .registry import register

__all__ = ["fuzzy_cmeans", "fuzzy_memberships", "gaussian_mixture", "kmeans", "mean_shift_filter"]

Background = Literal["darkest", "brightest", "none"]
SAMPLE_SIZE = 20_000  # pixels a model is fitted on
COLOUR_LEVELS = 32  # levels per channel of the colour histogram that fuzzy c-means clusters


@cache
def _threads() -> ThreadpoolController:
    """The native thread pools (found once: looking them up costs milliseconds)."""
    return ThreadpoolController()


def _check_clusters(image: np.ndarray, n_clusters: int, *, method: str) -> np.ndarray:
    """Refuse a constant image or more clusters than distinct colours; return the pixel rows."""
    require_contrast(image, method=method)
    pixels = image.reshape(image.shape[0] * image.shape[1], -1)
    sample = pixels[:: max(1, len(pixels) // SAMPLE_SIZE)]
    # Count on a subsample first: only an image with very few colours needs the full count.
    if fuzzy.count_distinct_rows(sample, n_clusters) < n_clusters:
        distinct = fuzzy.count_distinct_rows(pixels, n_clusters)
        if distinct < n_clusters:
            what = "gray levels" if image.ndim == 2 else "colours"
            raise ValueError(
                f"{method} with n_clusters={n_clusters} needs at least {n_clusters} distinct "
                f"{what}, but the image has only {distinct}. Use n_clusters <= {distinct}."
            )
    return pixels


def _sample(rows: np.ndarray, size: int, seed: int) -> np.ndarray:
    return rows[np.random.default_rng(seed).choice(len(rows), min(size, len(rows)), False)]


def _numbered(
    assignment: np.ndarray, brightness: np.ndarray, background: str, shape: tuple[int, int]
) -> np.ndarray:
    """Renumber cluster indices by brightness (darkest 0) and apply the background choice."""
    n_clusters = len(brightness)
    rank = np.empty(n_clusters, dtype=np.int32)
    rank[np.argsort(brightness, kind="stable")] = np.arange(n_clusters)
    labels = rank[assignment].reshape(shape)
    if background == "brightest":
        labels = n_clusters - 1 - labels
    elif background == "none":
        labels = labels + 1
    return labels.astype(np.int32)


@register("clustering")
def kmeans(
    image: np.ndarray,
    *,
    n_clusters: Annotated[int, Range(2, 8, 1)] = 3,
    position_weight: Annotated[float, Range(0.0, 2.0, 0.05)] = 0.0,
    color_space: Literal["rgb", "lab"] = "rgb",
    background: Background = "darkest",
    sample_size: Annotated[
        int, Fixed("a speed setting: 20 000 pixels fit the centres well")
    ] = SAMPLE_SIZE,
    seed: Annotated[int, Fixed("reproducibility: the same seed gives the same clusters")] = 0,
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
        Number of pixels the centres are fitted on.
    seed : int, optional
        Random seed for the sample and the initial centres.

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
    height, width = image.shape[:2]
    colour = _check_clusters(image, n_clusters, method="k-means")  # also: enough pixels
    if color_space == "lab" and image.ndim == 3:
        colour = (color.rgb2lab(image) / 100.0).astype(np.float32).reshape(height * width, 3)
    features = colour
    if position_weight > 0:
        rows, cols = np.mgrid[0:height, 0:width]
        position = np.stack([rows.ravel() / max(height - 1, 1), cols.ravel() / max(width - 1, 1)])
        features = np.hstack([colour, position_weight * position.T.astype(np.float32)])
    sample = _sample(features, sample_size, seed)
    # One thread: on 20 000 pixels OpenMP gains nothing, and on a busy 2-core machine its
    # threads wait for each other (ten times slower).
    with _threads().limit(limits=1):
        model = KMeans(n_clusters=n_clusters, n_init=3, random_state=seed).fit(sample)
        assignment = model.predict(features)
    centres = model.cluster_centers_[:, : colour.shape[1]]
    brightness = centres[:, 0] if color_space == "lab" and image.ndim == 3 else centres.mean(1)
    return _numbered(assignment, brightness, background, (height, width))


@register("clustering")
def gaussian_mixture(
    image: np.ndarray,
    *,
    n_components: Annotated[int, Range(2, 8, 1)] = 3,
    background: Background = "darkest",
    seed: Annotated[int, Fixed("reproducibility: the same seed gives the same clusters")] = 0,
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
        Random seed for the sample and the initialisation.

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
    pixels = _check_clusters(image, n_components, method="Gaussian mixture")
    with _threads().limit(limits=1):
        sample = _sample(pixels, SAMPLE_SIZE, seed)
        model = GaussianMixture(n_components, random_state=seed).fit(sample)
        assignment = model.predict(pixels)
    return _numbered(assignment, model.means_.mean(axis=1), background, image.shape[:2])


def _histogram(image: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Mean colour ``(B, channels)`` and pixel count ``(B,)`` of each occupied histogram bin."""
    pixels = image.reshape(image.shape[0] * image.shape[1], -1)
    if image.ndim == 2:  # the 256 gray levels of the 8-bit image
        bins = np.round(pixels[:, 0] * 255).astype(np.intp)
        size = 256
    else:
        levels = np.minimum((pixels * COLOUR_LEVELS).astype(np.intp), COLOUR_LEVELS - 1)
        bins = (levels[:, 0] * COLOUR_LEVELS + levels[:, 1]) * COLOUR_LEVELS + levels[:, 2]
        size = COLOUR_LEVELS**3
    counts = np.bincount(bins, minlength=size)
    sums = [np.bincount(bins, weights=channel, minlength=size) for channel in pixels.T]
    occupied = counts > 0
    means = np.stack([total[occupied] for total in sums], axis=1) / counts[occupied, None]
    return means, counts[occupied]


def _fit_fuzzy(image: np.ndarray, n_clusters: int, m: float, seed: int) -> np.ndarray:
    """Fuzzy c-means on the histogram; the centres ``(c, channels)``, darkest first."""
    validate_image(image)
    m = fuzzy.check_fuzzifier(m)
    require_contrast(image, method="fuzzy c-means")
    means, counts = _histogram(image)
    if n_clusters > len(means):
        what = "gray levels" if image.ndim == 2 else f"colours on a {COLOUR_LEVELS}-level grid"
        raise ValueError(
            f"fuzzy c-means with n_clusters={n_clusters} needs at least {n_clusters} distinct "
            f"{what}, but the image has only {len(means)}. Use n_clusters <= {len(means)}."
        )
    centres = fuzzy.cmeans(means, n_clusters, m, seed=seed, weights=counts).centres
    return centres[np.argsort(centres.mean(axis=1), kind="stable")]


def fuzzy_memberships(
    image: np.ndarray, *, n_clusters: int = 3, m: float = 2.0, seed: int = 0
) -> tuple[np.ndarray, np.ndarray]:
    """Fuzzy c-means memberships of every pixel, fitted on the image's histogram.

    The 256 gray levels (or, for colour, the occupied cells of a 32x32x32 RGB grid at their mean
    colour) are clustered with their pixel counts as weights, which gives the same centres as
    fuzzy c-means over all pixels at a tiny fraction of the cost; each pixel's memberships then
    follow from its distances to the centres.

    Parameters
    ----------
    image : ndarray
        Canonical gray or RGB image, not constant.
    n_clusters : int, optional
        Number of clusters c, from 2 to the number of distinct gray levels (or colour cells).
    m : float, optional
        Fuzzifier, above 1: near 1 nearly hard memberships, 2 the usual soft ones.
    seed : int, optional
        Seed of the random initial memberships.

    Returns
    -------
    memberships : ndarray
        ``float32`` ``(H, W, c)``; each pixel's memberships sum to 1.
    centres : ndarray
        ``(c, channels)`` cluster centres on the image's 0..1 scale, darkest first.

    Examples
    --------
    >>> from segutils.datasets import synthetic
    >>> easy = synthetic(difficulty=0.0, seed=0)
    >>> memberships, centres = fuzzy_memberships(easy.image, n_clusters=2)
    >>> memberships.shape, bool(np.allclose(memberships.sum(axis=-1), 1, atol=1e-5))
    ((256, 256, 2), True)
    >>> bool(centres[0, 0] < centres[1, 0])
    True

    References
    ----------
    Szilagyi, L. et al., "MR brain image segmentation using an enhanced fuzzy c-means
    algorithm", Proc. IEEE EMBS 2003; Bezdek, J. C., "Pattern Recognition with Fuzzy Objective
    Function Algorithms", Plenum, 1981.
    """
    centres = _fit_fuzzy(image, n_clusters, m, seed)
    height, width = image.shape[:2]
    pixels = image.reshape(height * width, -1)
    distances = np.sqrt(fuzzy.squared_distances(pixels, centres.astype(np.float32)))
    memberships = fuzzy.memberships_from_distances(distances, fuzzy.check_fuzzifier(m))
    return memberships.T.reshape(height, width, len(centres)).astype(np.float32), centres


@register("clustering")
def fuzzy_cmeans(
    image: np.ndarray,
    *,
    n_clusters: Annotated[int, Range(2, 8, 1)] = 3,
    m: Annotated[float, Range(1.1, 4.0, 0.1)] = 2.0,
    background: Background = "darkest",
    seed: Annotated[int, Fixed("reproducibility: the same seed gives the same clusters")] = 0,
) -> np.ndarray:
    """Fuzzy c-means clustering of pixel colours, each pixel labelled by its largest membership.

    The clusters come from :func:`fuzzy_memberships` (fuzzy c-means on the histogram). The
    largest membership is the nearest centre, so the labels are computed without the memberships.

    Parameters
    ----------
    image : ndarray
        Canonical gray or RGB image, not constant.
    n_clusters : int, optional
        Number of clusters c, at most the number of distinct gray levels (or colour cells).
    m : float, optional
        Fuzzifier: near 1 nearly hard memberships, larger values softer ones (and centres that
        move towards the overall mean).
    background : {"darkest", "brightest", "none"}, optional
        Which cluster gets label 0. Clusters are numbered by brightness, darkest first.
    seed : int, optional
        Seed of the random initial memberships.

    Returns
    -------
    ndarray
        ``int32`` labels, ``0..c-1`` with a background cluster or ``1..c`` with ``"none"``.

    Examples
    --------
    >>> from segutils.datasets import synthetic
    >>> from segutils.metrics import iou
    >>> easy = synthetic(difficulty=0.0, seed=0)
    >>> iou(easy.mask, fuzzy_cmeans(easy.image, n_clusters=2) > 0) > 0.95
    True

    References
    ----------
    Bezdek, J. C., "Pattern Recognition with Fuzzy Objective Function Algorithms", Plenum, 1981;
    Szilagyi, L. et al., "MR brain image segmentation using an enhanced fuzzy c-means
    algorithm", Proc. IEEE EMBS 2003; :func:`skfuzzy.cluster.cmeans`.
    """
    centres = _fit_fuzzy(image, n_clusters, m, seed)
    pixels = image.reshape(image.shape[0] * image.shape[1], -1)
    nearest = fuzzy.squared_distances(pixels, centres.astype(np.float32)).argmin(axis=0)
    return _numbered(nearest, np.arange(n_clusters), background, image.shape[:2])


def mean_shift_filter(
    image: np.ndarray, *, spatial_radius: float = 10, color_radius: float = 0.1
) -> np.ndarray:
    """Mean-shift filtering: flatten each region to one colour while keeping the edges sharp.

    A preprocessing step before clustering or thresholding, not a segmentation: each pixel moves
    to the mode of the colours within ``spatial_radius`` pixels and ``color_radius`` in colour,
    so textured regions become flat. Gray input is filtered as RGB and returned gray.

    Parameters
    ----------
    image : ndarray
        Canonical gray or RGB image.
    spatial_radius : float, optional
        Radius of the spatial window, in pixels (more than 0, at most 100; the cost grows with
        its square).
    color_radius : float, optional
        Radius of the colour window on the 0..1 scale (more than 0, at most 1).

    Returns
    -------
    ndarray
        The filtered canonical image (``float32``), gray or RGB like the input.

    Examples
    --------
    >>> from segutils.datasets import load_image
    >>> coffee = load_image("coffee")[::4, ::4]
    >>> flat = mean_shift_filter(coffee, spatial_radius=8, color_radius=0.1)
    >>> flat.shape == coffee.shape, flat.dtype.name
    (True, 'float32')

    References
    ----------
    Comaniciu, D. and Meer, P., "Mean shift: a robust approach toward feature space analysis",
    IEEE TPAMI 24(5), 2002; :func:`cv2.pyrMeanShiftFiltering`.
    """
    validate_image(image)
    limits = {
        "spatial_radius": (spatial_radius, 100, "10"),
        "color_radius": (color_radius, 1, "0.1"),
    }
    for name, (value, high, usual) in limits.items():
        if isinstance(value, bool) or not isinstance(value, Real):
            raise TypeError(f"{name} must be a number (e.g. {usual}), got {value!r}.")
        if not 0 < value <= high:
            raise ValueError(
                f"{name}={value} is outside (0, {high}]: pass a value above 0 and at most {high} "
                f"(e.g. {usual})."
            )
    bgr = to_bgr_uint8(to_rgb(image))
    filtered = cv2.pyrMeanShiftFiltering(bgr, float(spatial_radius), float(color_radius) * 255)
    result = cv2.cvtColor(filtered, cv2.COLOR_BGR2RGB).astype(np.float32) / 255.0
    return to_gray(result) if image.ndim == 2 else result
