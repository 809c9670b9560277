r"""Fuzzy c-means: every point belongs to every cluster, with a membership between 0 and 1.

Fuzzy c-means (FCM; Dunn 1973, Bezdek 1981) minimises

.. math:: J_m = \sum_i w_i \sum_k u_{ki}^m \, \lVert x_i - c_k \rVert^2,
   \qquad \sum_k u_{ki} = 1,

by alternating two updates: each centre is the mean of the points weighted by ``u**m`` (times the
point's weight ``w``), and each membership follows from the distances to the centres,
``u_ki = 1 / sum_j (d_ki / d_ji) ** (2 / (m - 1))``. The fuzzifier ``m > 1`` sets how soft the
partition is: near 1 it is almost hard (k-means), at 2 (the usual choice) it is soft.

:func:`cmeans` follows :func:`skfuzzy.cluster.cmeans` step for step (update order, the clipping of
memberships and distances at machine epsilon, the column normalisation and the stopping rule on
the norm of the membership change), so that both give the same result from the same initial
memberships. It adds point ``weights``: a row with weight 5 counts as five identical points. That
is what makes FCM on an image fast: cluster the 256 gray levels weighted by their pixel counts
instead of a million pixels (Szilagyi et al., 2003).

On an image, :func:`fuzzy_memberships` and :func:`fuzzy_cmeans` do exactly that: they cluster the
image's histogram instead of its pixels (the 256 gray levels, or the colours on a 32-level grid,
weighted by their pixel counts), the same result in milliseconds, and number the clusters by
brightness, darkest first.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from numbers import Integral, Real
from typing import Annotated

import numpy as np

from ..images import require_contrast, validate_image
from ..params import RandomSeed, Range
from ..registry import register
from .pixels import (
    Background,
    count_distinct_rows,
    number_by_brightness,
    pixel_rows,
    require_distinct,
)

__all__ = ["FuzzyResult", "cmeans", "fuzzy_cmeans", "fuzzy_memberships"]

_EPS = np.finfo(np.float64).eps
COLOUR_LEVELS = 32  # levels per channel of the colour histogram that fuzzy c-means clusters


@dataclass(frozen=True)
class FuzzyResult:
    """The result of :func:`cmeans`.

    Attributes
    ----------
    centres : ndarray
        ``(c, F)`` cluster centres.
    memberships : ndarray
        ``(c, N)`` final memberships; each column sums to 1.
    objective : list of float
        The objective :math:`J_m` at each iteration (with the memberships the iteration started
        from and the centres it computed, as scikit-fuzzy records it).
    iterations : int
        Number of iterations run.
    """

    centres: np.ndarray
    memberships: np.ndarray
    objective: list[float] = field(default_factory=list)
    iterations: int = 0


def check_fuzzifier(m: object) -> float:
    """Return the fuzzifier ``m`` as a float, or raise a clear error if it is not above 1."""
    if isinstance(m, bool) or not isinstance(m, Real):
        raise TypeError(f"m must be a number above 1 (2.0 is the usual choice), got {m!r}.")
    m = float(m)
    if not np.isfinite(m) or m <= 1.0:
        raise ValueError(
            f"m={m} is not allowed: the fuzzifier must be above 1. With m <= 1 the membership "
            "update u = 1 / sum((d_k / d_j) ** (2 / (m - 1))) divides by zero or goes the wrong "
            "way, and the memberships become hard (0 or 1) or undefined. Use m between 1.1 "
            "(nearly hard, like k-means) and about 3; 2.0 is the usual choice."
        )
    return m


def memberships_from_distances(distances: np.ndarray, m: float) -> np.ndarray:
    """Memberships ``(c, N)`` from distances ``(c, N)``, computed as scikit-fuzzy does (safely)."""
    scaled = distances / np.max(distances, axis=0, keepdims=True)
    scaled = np.fmax(scaled, np.finfo(scaled.dtype).eps)
    scaled /= np.min(scaled, axis=0, keepdims=True)
    powered = 1.0 / (scaled * scaled) if m == 2.0 else scaled ** (-2.0 / (m - 1.0))
    return powered / powered.sum(axis=0, keepdims=True)


def squared_distances(data: np.ndarray, centres: np.ndarray) -> np.ndarray:
    """Squared Euclidean distances ``(c, N)`` from each point of ``data`` to each centre."""
    total = np.zeros((len(centres), len(data)), dtype=np.result_type(data, centres))
    for feature, values in zip(data.T, centres.T, strict=True):  # F is small: loop over it
        difference = feature[None, :] - values[:, None]
        total += difference * difference
    return total


def _as_data(data: object) -> np.ndarray:
    array = np.asarray(data)
    if array.dtype.kind not in "biuf":
        raise TypeError(
            f"data must be a real numeric array of shape (N, F), got dtype {array.dtype}. "
            "Convert it with np.asarray(data, dtype=float)."
        )
    if array.ndim != 2 or array.shape[0] == 0 or array.shape[1] == 0:
        raise ValueError(
            f"data must have shape (N, F): N points with F features each; got {array.shape}. "
            "For one feature per point (gray levels) pass data.reshape(-1, 1); for an image's "
            "pixels pass image.reshape(-1, channels)."
        )
    array = array.astype(np.float64)
    if not np.isfinite(array).all():
        raise ValueError(
            "data contains NaN or inf; fuzzy c-means needs finite values. Remove or fill those "
            "rows first (e.g. data[np.isfinite(data).all(axis=1)])."
        )
    return array


def _as_weights(weights: object, n_points: int) -> np.ndarray:
    array = np.asarray(weights)
    if array.dtype.kind not in "biuf":
        raise TypeError(f"weights must be numbers (counts per row), got dtype {array.dtype}.")
    if array.shape != (n_points,):
        raise ValueError(
            f"weights must have shape ({n_points},), one count per row of data; got {array.shape}."
        )
    array = array.astype(np.float64)
    if not np.isfinite(array).all() or (array < 0).any():
        raise ValueError(
            "weights must be finite and non-negative: weights[i] is how many identical points "
            "row i stands for. Drop rows you want ignored, or give them weight 0."
        )
    if array.sum() <= 0:
        raise ValueError("weights are all 0: give at least the clustered rows a positive count.")
    return array


def _as_init(init: object, shape: tuple[int, int]) -> np.ndarray:
    array = np.asarray(init)
    if array.dtype.kind not in "biuf":
        raise TypeError(f"init must be numeric memberships, got dtype {array.dtype}.")
    if array.shape != shape:
        raise ValueError(
            f"init must have shape (n_clusters, N) = {shape}, one membership per cluster and "
            f"point; got {array.shape}. (scikit-fuzzy's init has the same layout.)"
        )
    array = array.astype(np.float64)
    if not np.isfinite(array).all() or (array < 0).any():
        raise ValueError("init must hold finite, non-negative memberships (columns sum to 1).")
    return array


def _check_counts(n_clusters: object, max_iter: object, tolerance: object) -> None:
    for name, value in (("n_clusters", n_clusters), ("max_iter", max_iter)):
        if isinstance(value, bool) or not isinstance(value, Integral):
            raise TypeError(f"{name} must be an integer, got {value!r}.")
    if max_iter < 1:
        raise ValueError(f"max_iter must be at least 1, got {max_iter}.")
    if isinstance(tolerance, bool) or not isinstance(tolerance, Real):
        raise TypeError(f"tolerance must be a number >= 0 (e.g. 1e-5), got {tolerance!r}.")
    if not tolerance >= 0:
        raise ValueError(f"tolerance must be a number >= 0 (e.g. 1e-5), got {tolerance!r}.")


def cmeans(
    data: np.ndarray,
    n_clusters: int,
    m: float = 2.0,
    *,
    tolerance: float = 1e-5,
    max_iter: int = 300,
    init: np.ndarray | None = None,
    seed: int = 0,
    weights: np.ndarray | None = None,
) -> FuzzyResult:
    """Fuzzy c-means clustering of ``N`` points with ``F`` features, optionally weighted.

    Parameters
    ----------
    data : ndarray
        ``(N, F)`` points (rows) and features (columns). Note: scikit-fuzzy takes the transpose.
    n_clusters : int
        Number of clusters ``c``: from 2 to the number of distinct rows.
    m : float, optional
        Fuzzifier, above 1: near 1 almost hard memberships, 2 the usual soft ones.
    tolerance : float, optional
        Stop when the norm of the change of the memberships falls below it (scikit-fuzzy's
        ``error``). With weights the norm counts each row ``weights[i]`` times.
    max_iter : int, optional
        Most iterations run.
    init : ndarray, optional
        ``(c, N)`` initial memberships; random (from ``seed``) if omitted.
    seed : int, optional
        Seed of the random initial memberships; the same draw as scikit-fuzzy's ``seed``.
    weights : ndarray, optional
        ``(N,)`` non-negative counts: row ``i`` stands for ``weights[i]`` identical points.

    Returns
    -------
    FuzzyResult
        ``centres`` ``(c, F)``, ``memberships`` ``(c, N)``, ``objective`` per iteration and
        ``iterations``.

    Raises
    ------
    ValueError
        For ``m <= 1``, ``n_clusters`` outside ``2..distinct rows``, NaN or inf in ``data``,
        negative weights or arrays of the wrong shape.
    TypeError
        For non-numeric arrays or a non-integer ``n_clusters``.

    Examples
    --------
    >>> import numpy as np
    >>> levels = np.array([[0.1], [0.2], [0.8], [0.9]])
    >>> result = cmeans(levels, 2, weights=np.array([10, 10, 5, 5]))
    >>> np.sort(result.centres.ravel()).round(2).tolist()
    [0.15, 0.85]
    >>> result.memberships.sum(axis=0).round(6).tolist()
    [1.0, 1.0, 1.0, 1.0]

    References
    ----------
    Bezdek, J. C., "Pattern Recognition with Fuzzy Objective Function Algorithms", Plenum, 1981;
    Szilagyi, L. et al., "MR brain image segmentation using an enhanced fuzzy c-means
    algorithm", Proc. IEEE EMBS 2003 (clustering the histogram); :func:`skfuzzy.cluster.cmeans`.
    """
    points = _as_data(data)
    m = check_fuzzifier(m)
    _check_counts(n_clusters, max_iter, tolerance)
    n_points = len(points)
    w = None if weights is None else _as_weights(weights, n_points)
    counted = points if w is None else points[w > 0]
    distinct = count_distinct_rows(counted, n_clusters)
    if n_clusters < 2 or distinct < n_clusters:
        raise ValueError(
            f"n_clusters={n_clusters} is not possible: it must be at least 2 and at most the "
            f"number of distinct points, and data has {distinct} distinct row"
            f"{'s' if distinct != 1 else ''}"
            f"{' with a positive weight' if w is not None else ''}. "
            "Use fewer clusters, or data with more variety."
        )
    if init is None:
        # The same draw as scikit-fuzzy: np.random.seed(seed); np.random.rand(c, N).
        start = np.random.RandomState(seed).rand(n_clusters, n_points)
        start /= start.sum(axis=0, keepdims=True)
    else:
        start = _as_init(init, (n_clusters, n_points))
    memberships = np.fmax(start, _EPS)
    objective: list[float] = []
    iterations = 0
    while iterations < max_iter:
        previous = memberships
        normalised = np.fmax(previous / previous.sum(axis=0, keepdims=True), _EPS)
        powered = normalised**m if w is None else normalised**m * w
        centres = powered @ points / powered.sum(axis=1, keepdims=True)
        distances = np.fmax(np.sqrt(squared_distances(points, centres)), _EPS)
        objective.append(float((powered * distances**2).sum()))
        memberships = memberships_from_distances(distances, m)
        iterations += 1
        change = (memberships - previous) ** 2
        if np.sqrt(change.sum() if w is None else (change @ w).sum()) < tolerance:
            break
    return FuzzyResult(centres, memberships, objective, iterations)


def _histogram(image: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Mean colour ``(B, channels)`` and pixel count ``(B,)`` of each occupied histogram bin."""
    pixels = pixel_rows(image)
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
    m = check_fuzzifier(m)
    require_contrast(image, method="fuzzy c-means")
    means, counts = _histogram(image)
    what = "gray levels" if image.ndim == 2 else f"colours on a {COLOUR_LEVELS}-level grid"
    require_distinct(n_clusters, len(means), method="fuzzy c-means", what=what)
    centres = cmeans(means, n_clusters, m, seed=seed, weights=counts).centres
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
    pixels = pixel_rows(image)
    distances = np.sqrt(squared_distances(pixels, centres.astype(np.float32)))
    memberships = memberships_from_distances(distances, check_fuzzifier(m))
    return memberships.T.reshape(height, width, len(centres)).astype(np.float32), centres


@register("clustering")
def fuzzy_cmeans(
    image: np.ndarray,
    *,
    n_clusters: Annotated[int, Range(2, 8, 1)] = 3,
    m: Annotated[float, Range(1.1, 4.0, 0.1)] = 2.0,
    background: Background = "darkest",
    seed: RandomSeed = 0,
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
        Seed of the random initial memberships, ``0 .. 2**32 - 1``.

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
    pixels = pixel_rows(image)
    nearest = squared_distances(pixels, centres.astype(np.float32)).argmin(axis=0)
    return number_by_brightness(nearest, np.arange(n_clusters), background, image.shape[:2])
