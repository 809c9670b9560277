"""Pixels as points to cluster, and clusters back as labels: what every clustering method shares.

An image of ``H x W`` pixels becomes ``H * W`` rows of features (gray level, RGB or CIELAB, and
optionally the position); a method refuses more clusters than the image has distinct colours,
fits its model on a random sample of rows, and numbers the clusters by brightness, darkest first,
so that labels mean the same from run to run.
"""

from __future__ import annotations

from typing import Literal

import numpy as np
from skimage import color

from ..images import require_contrast

#: Which cluster gets label 0: the darkest, the brightest, or none (labels ``1..k``).
Background = Literal["darkest", "brightest", "none"]
SAMPLE_SIZE = 20_000  # pixels a model is fitted on


def pixel_rows(image: np.ndarray) -> np.ndarray:
    """The pixels of a gray or RGB image as rows ``(H * W, channels)`` (a view, no copy).

    Parameters
    ----------
    image : ndarray
        Gray ``(H, W)`` or RGB ``(H, W, 3)`` image.

    Returns
    -------
    ndarray
        ``(H * W, 1)`` for a gray image, ``(H * W, 3)`` for an RGB one, row-major order.

    Examples
    --------
    >>> import numpy as np
    >>> pixel_rows(np.zeros((4, 5, 3), np.float32)).shape, pixel_rows(np.zeros((4, 5))).shape
    ((20, 3), (20, 1))

    References
    ----------
    NumPy documentation, :func:`numpy.reshape` (a view when the array is contiguous).
    """
    return image.reshape(image.shape[0] * image.shape[1], -1)


def colour_features(image: np.ndarray, color_space: Literal["rgb", "lab"]) -> np.ndarray:
    """Pixel rows of the image's values, or of CIELAB / 100 for an RGB image in ``"lab"``.

    Dividing by 100 puts L in ``[0, 1]`` and a, b within about ``[-1, 1]``, the scale of the
    other features, and keeps a distance a perceived colour difference (Delta E / 100).

    Parameters
    ----------
    image : ndarray
        Canonical gray or RGB image (float32 in ``[0, 1]``).
    color_space : {"rgb", "lab"}
        The features of an RGB image; a gray image keeps its gray level either way.

    Returns
    -------
    ndarray
        ``(H * W, channels)`` rows, as :func:`pixel_rows`.

    Examples
    --------
    >>> import numpy as np
    >>> white = np.ones((1, 2, 3), np.float32)
    >>> features = colour_features(white, "lab")  # L = 100, a = b = 0
    >>> features.shape, features[:, 0].round(3).tolist()
    ((2, 3), [1.0, 1.0])

    References
    ----------
    CIE 15:2004, Colorimetry (CIELAB, Delta E*ab); scikit-image documentation,
    :func:`skimage.color.rgb2lab`.
    """
    if color_space == "lab" and image.ndim == 3:
        lab = (color.rgb2lab(image) / 100.0).astype(np.float32)
        return lab.reshape(image.shape[0] * image.shape[1], 3)
    return pixel_rows(image)


def with_position(features: np.ndarray, shape: tuple[int, int], weight: float) -> np.ndarray:
    """Append each pixel's ``(row, col)``, scaled to ``[0, 1]`` and times ``weight`` (0: none).

    Parameters
    ----------
    features : ndarray
        ``(H * W, F)`` pixel rows, in row-major order.
    shape : tuple of int
        The image's ``(H, W)``.
    weight : float
        Scale of the position features against the others; 0 or less adds none.

    Returns
    -------
    ndarray
        ``(H * W, F + 2)``, or ``features`` itself when ``weight <= 0``.

    Examples
    --------
    >>> import numpy as np
    >>> with_position(np.zeros((4, 1), np.float32), (2, 2), 0.5).tolist()
    [[0.0, 0.0, 0.0], [0.0, 0.0, 0.5], [0.0, 0.5, 0.0], [0.0, 0.5, 0.5]]

    References
    ----------
    Achanta, R. et al., "SLIC superpixels compared to state-of-the-art superpixel methods",
    IEEE TPAMI 34(11), 2012 (colour and weighted position as one feature vector).
    """
    if weight <= 0:
        return features
    height, width = shape
    rows, cols = np.mgrid[0:height, 0:width]
    position = np.stack([rows.ravel() / max(height - 1, 1), cols.ravel() / max(width - 1, 1)])
    return np.hstack([features, weight * position.T.astype(np.float32)])


def count_distinct_rows(rows: np.ndarray, limit: int) -> int:
    """How many distinct rows ``rows`` has, counting no further than ``limit`` (cost ~limit*N).

    :func:`numpy.unique` with ``axis=0`` counts them all but sorts every row; a method only
    needs to know whether there are at least as many as the clusters it was asked for.

    Parameters
    ----------
    rows : ndarray
        ``(N, F)`` rows.
    limit : int
        Stop counting here.

    Returns
    -------
    int
        ``min(number of distinct rows, limit)``.

    Examples
    --------
    >>> import numpy as np
    >>> rows = np.array([[0.0], [1.0], [0.0], [2.0]])
    >>> count_distinct_rows(rows, 10), count_distinct_rows(rows, 2)
    (3, 2)

    References
    ----------
    NumPy documentation, :func:`numpy.unique` (``axis=0``), which gives the same count
    without a limit.
    """
    remaining = np.ones(len(rows), dtype=bool)
    found = 0
    while found < limit and remaining.any():
        first = rows[np.argmax(remaining)]
        remaining &= (rows != first).any(axis=1)
        found += 1
    return found


def require_distinct(n_clusters: int, distinct: int, *, method: str, what: str) -> None:
    """Refuse more clusters than ``distinct`` values (``what``: "gray levels", "colours", ...).

    Parameters
    ----------
    n_clusters : int
        Clusters asked for.
    distinct : int
        Distinct values the data has (or at least ``n_clusters``, as
        :func:`count_distinct_rows` counts).
    method : str
        The method's name, for the message.
    what : str
        What the values are, for the message.

    Raises
    ------
    ValueError
        When ``distinct < n_clusters``; the message gives the largest ``n_clusters`` that works.

    Examples
    --------
    >>> require_distinct(3, 2, method="k-means", what="gray levels")
    Traceback (most recent call last):
    ...
    ValueError: k-means with n_clusters=3 needs at least 3 distinct gray levels, but the image \
has only 2. Use n_clusters <= 2.

    References
    ----------
    scikit-learn documentation, :class:`sklearn.cluster.KMeans`, which warns (and returns
    duplicate centres) where this refuses.
    """
    if distinct < n_clusters:
        raise ValueError(
            f"{method} with n_clusters={n_clusters} needs at least {n_clusters} distinct "
            f"{what}, but the image has only {distinct}. Use n_clusters <= {distinct}."
        )


def check_clusters(image: np.ndarray, n_clusters: int, *, method: str) -> None:
    """Refuse a constant image, or more clusters than the image has distinct colours.

    Parameters
    ----------
    image : ndarray
        Canonical gray or RGB image.
    n_clusters : int
        Clusters asked for.
    method : str
        The method's name, for the message.

    Raises
    ------
    ValueError
        For a constant image, or one with fewer distinct gray levels or colours than
        ``n_clusters``.

    Examples
    --------
    >>> import numpy as np
    >>> check_clusters(np.array([[0.0, 0.5, 1.0]], np.float32), 3, method="k-means")
    >>> check_clusters(np.array([[0.0, 1.0, 1.0]], np.float32), 3, method="k-means")
    Traceback (most recent call last):
    ...
    ValueError: k-means with n_clusters=3 needs at least 3 distinct gray levels, but the image \
has only 2. Use n_clusters <= 2.

    References
    ----------
    scikit-learn documentation, :class:`sklearn.cluster.KMeans`, which warns (and returns
    duplicate centres) where this refuses.
    """
    require_contrast(image, method=method)
    pixels = pixel_rows(image)
    sample = pixels[:: max(1, len(pixels) // SAMPLE_SIZE)]
    # Count on a subsample first: only an image with very few colours needs the full count.
    if count_distinct_rows(sample, n_clusters) < n_clusters:
        what = "gray levels" if image.ndim == 2 else "colours"
        distinct = count_distinct_rows(pixels, n_clusters)
        require_distinct(n_clusters, distinct, method=method, what=what)


def sample_rows(rows: np.ndarray, size: int, seed: int) -> np.ndarray:
    """``size`` rows drawn at random without replacement (all of them if there are fewer).

    Parameters
    ----------
    rows : ndarray
        ``(N, F)`` rows.
    size : int
        How many to draw.
    seed : int
        Seed of the random generator: the same seed draws the same rows.

    Returns
    -------
    ndarray
        ``(min(size, N), F)`` rows, in random order.

    Examples
    --------
    >>> import numpy as np
    >>> rows = np.arange(10).reshape(5, 2)
    >>> sample_rows(rows, 3, seed=0).shape, sorted(sample_rows(rows, 9, seed=0)[:, 0].tolist())
    ((3, 2), [0, 2, 4, 6, 8])

    References
    ----------
    NumPy documentation, :meth:`numpy.random.Generator.choice` (``replace=False``).
    """
    return rows[np.random.default_rng(seed).choice(len(rows), min(size, len(rows)), False)]


def number_by_brightness(
    assignment: np.ndarray, brightness: np.ndarray, background: Background, shape: tuple[int, int]
) -> np.ndarray:
    """Labels ``(H, W)`` from cluster indices, renumbered by brightness, darkest first.

    Parameters
    ----------
    assignment : ndarray
        Each pixel's cluster index, ``(H * W,)``, in ``0..k-1``.
    brightness : ndarray
        Each cluster's brightness, ``(k,)``; ties keep the clusters' order.
    background : {"darkest", "brightest", "none"}
        Which cluster gets label 0 (``"brightest"`` numbers them brightest first;
        ``"none"`` gives labels ``1..k``).
    shape : tuple of int
        The image's ``(H, W)``.

    Returns
    -------
    ndarray
        ``int32`` labels ``(H, W)``.

    Examples
    --------
    >>> import numpy as np
    >>> assignment = np.array([0, 1, 2, 0])
    >>> number_by_brightness(assignment, np.array([0.9, 0.1, 0.5]), "darkest", (2, 2)).tolist()
    [[2, 0], [1, 2]]
    >>> number_by_brightness(assignment, np.array([0.9, 0.1, 0.5]), "none", (2, 2)).tolist()
    [[3, 1], [2, 3]]

    References
    ----------
    NumPy documentation, :func:`numpy.argsort` (``kind="stable"``); scikit-image's
    :func:`skimage.filters.threshold_multiotsu` with :func:`numpy.digitize` numbers classes
    darkest first in the same way.
    """
    n_clusters = len(brightness)
    rank = np.empty(n_clusters, dtype=np.int32)
    rank[np.argsort(brightness, kind="stable")] = np.arange(n_clusters)
    labels = rank[assignment].reshape(shape)
    if background == "brightest":
        labels = n_clusters - 1 - labels
    elif background == "none":
        labels = labels + 1
    return labels.astype(np.int32)
