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
    """The pixels of a gray or RGB image as rows ``(H * W, channels)`` (a view, no copy)."""
    return image.reshape(image.shape[0] * image.shape[1], -1)


def colour_features(image: np.ndarray, color_space: Literal["rgb", "lab"]) -> np.ndarray:
    """Pixel rows of the image's values, or of CIELAB / 100 for an RGB image in ``"lab"``.

    Dividing by 100 puts L in ``[0, 1]`` and a, b within about ``[-1, 1]``, the scale of the
    other features, and keeps a distance a perceived colour difference (Delta E / 100).
    """
    if color_space == "lab" and image.ndim == 3:
        lab = (color.rgb2lab(image) / 100.0).astype(np.float32)
        return lab.reshape(image.shape[0] * image.shape[1], 3)
    return pixel_rows(image)


def with_position(features: np.ndarray, shape: tuple[int, int], weight: float) -> np.ndarray:
    """Append each pixel's ``(row, col)``, scaled to ``[0, 1]`` and times ``weight`` (0: none)."""
    if weight <= 0:
        return features
    height, width = shape
    rows, cols = np.mgrid[0:height, 0:width]
    position = np.stack([rows.ravel() / max(height - 1, 1), cols.ravel() / max(width - 1, 1)])
    return np.hstack([features, weight * position.T.astype(np.float32)])


def count_distinct_rows(rows: np.ndarray, limit: int) -> int:
    """How many distinct rows ``rows`` has, counting no further than ``limit`` (cost ~limit*N)."""
    remaining = np.ones(len(rows), dtype=bool)
    found = 0
    while found < limit and remaining.any():
        first = rows[np.argmax(remaining)]
        remaining &= (rows != first).any(axis=1)
        found += 1
    return found


def require_distinct(n_clusters: int, distinct: int, *, method: str, what: str) -> None:
    """Refuse more clusters than ``distinct`` values (``what``: "gray levels", "colours", ...)."""
    if distinct < n_clusters:
        raise ValueError(
            f"{method} with n_clusters={n_clusters} needs at least {n_clusters} distinct "
            f"{what}, but the image has only {distinct}. Use n_clusters <= {distinct}."
        )


def check_clusters(image: np.ndarray, n_clusters: int, *, method: str) -> None:
    """Refuse a constant image, or more clusters than the image has distinct colours."""
    require_contrast(image, method=method)
    pixels = pixel_rows(image)
    sample = pixels[:: max(1, len(pixels) // SAMPLE_SIZE)]
    # Count on a subsample first: only an image with very few colours needs the full count.
    if count_distinct_rows(sample, n_clusters) < n_clusters:
        what = "gray levels" if image.ndim == 2 else "colours"
        distinct = count_distinct_rows(pixels, n_clusters)
        require_distinct(n_clusters, distinct, method=method, what=what)


def sample_rows(rows: np.ndarray, size: int, seed: int) -> np.ndarray:
    """``size`` rows drawn at random without replacement (all of them if there are fewer)."""
    return rows[np.random.default_rng(seed).choice(len(rows), min(size, len(rows)), False)]


def number_by_brightness(
    assignment: np.ndarray, brightness: np.ndarray, background: Background, shape: tuple[int, int]
) -> np.ndarray:
    """Labels ``(H, W)`` from cluster indices, renumbered by brightness, darkest first.

    ``assignment`` holds each pixel's cluster index and ``brightness`` each cluster's
    brightness; ``background`` says which cluster gets label 0 (``"none"``: labels ``1..k``).
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
