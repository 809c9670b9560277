"""Watershed: treat the image as a relief and flood it from markers; basins meet at the ridges.

Two recipes. :func:`distance_watershed` splits touching round objects: threshold, distance
transform (bright at object centres), one marker per distance peak, flood the inverted
distance. :func:`marker_watershed` floods the gradient (Sobel elevation map) from markers you
click, plus an automatic background marker.
"""

from __future__ import annotations

from typing import Annotated

import cv2
import numpy as np
from scipy import ndimage as ndi
from skimage import feature, filters, segmentation

from .images import to_gray
from .params import Range, Seeds, check_seeds
from .threshold import GlobalMethod, global_threshold, remove_small

__all__ = ["distance_watershed", "marker_watershed"]


def distance_watershed(
    image: np.ndarray,
    *,
    min_distance: Annotated[int, Range(1, 40, 1)] = 5,
    min_size: Annotated[int, Range(0, 500, 5)] = 30,
    method: GlobalMethod = "otsu",
    invert: bool = False,
) -> np.ndarray:
    """Split touching objects: threshold, clean, distance transform, peaks as markers, watershed.

    Parameters
    ----------
    image : ndarray
        Canonical image.
    min_distance : int, optional
        Smallest distance in pixels between two object centres; about an object's radius.
        Smaller values split more (and over-split elongated objects).
    min_size : int, optional
        Foreground specks smaller than this many pixels are removed before splitting; holes in
        objects are filled (the distance transform needs solid objects).
    method : str, optional
        Histogram threshold for the foreground (see :func:`segutils.threshold.global_threshold`).
    invert : bool, optional
        Objects are darker than the background.

    Returns
    -------
    ndarray
        ``int32`` instance labels, 0 background.

    Examples
    --------
    >>> from segutils.datasets import synthetic
    >>> sample = synthetic(difficulty=0.0, seed=0)
    >>> int(distance_watershed(sample.image, min_distance=8).max()) == sample.n_objects
    True

    References
    ----------
    Beucher & Lantuéjoul, "Use of watersheds in contour detection", 1979; scikit-image gallery,
    "Watershed segmentation".
    """
    foreground = global_threshold(image, method=method, invert=invert)
    foreground = ndi.binary_fill_holes(remove_small(foreground, min_size))
    # OpenCV's exact Euclidean distance transform: same values as scipy's, 20x faster.
    distance = cv2.distanceTransform(
        foreground.astype(np.uint8), cv2.DIST_L2, cv2.DIST_MASK_PRECISE
    )
    components, n_components = ndi.label(foreground)
    # Peaks over the whole image (peak_local_max with labels= loops over components: 10x slower).
    peaks = feature.peak_local_max(distance, min_distance=min_distance, exclude_border=False)
    markers = np.zeros(distance.shape, dtype=np.int32)
    markers[tuple(peaks.T)] = np.arange(1, len(peaks) + 1)
    # A component whose peak was suppressed by a bigger neighbour's still gets one marker.
    has_marker = np.zeros(n_components + 1, dtype=bool)
    has_marker[components[markers > 0]] = True
    missing = np.flatnonzero(~has_marker[1:]) + 1
    if len(missing):
        centres = ndi.maximum_position(distance, components, missing)
        rows, cols = np.array(centres, dtype=np.int64).reshape(-1, 2).T
        markers[rows, cols] = np.arange(len(peaks) + 1, len(peaks) + len(missing) + 1)
    return segmentation.watershed(-distance, markers, mask=foreground).astype(np.int32)


def marker_watershed(
    image: np.ndarray,
    seeds: Seeds = None,
    *,
    background: Annotated[float, Range(0.0, 1.0, 0.01)] = 0.15,
) -> np.ndarray:
    """Flood the Sobel gradient from clicked markers, with dark pixels as the background marker.

    Put one seed inside each object. Every pixel darker than ``background`` is marked as
    background, so the objects' basins stop at their edges instead of flooding the whole image.

    Parameters
    ----------
    image : ndarray
        Canonical image.
    seeds : ndarray, optional
        ``(N, 2)`` ``(row, col)`` points inside the objects, one per object.
    background : float, optional
        Gray level below which a pixel is surely background (the background marker).

    Returns
    -------
    ndarray
        ``int32`` labels: seed ``i`` floods region ``i + 1``, 0 background.

    References
    ----------
    scikit-image gallery, "Comparing edge-based and region-based segmentation" (coins).
    """
    gray = to_gray(image)
    points = check_seeds(seeds, gray.shape)
    markers = np.zeros(gray.shape, dtype=np.int32)
    background_label = len(points) + 1
    markers[gray < background] = background_label
    markers[points[:, 0], points[:, 1]] = np.arange(1, len(points) + 1)
    if len(points) == 0:
        return np.zeros(gray.shape, dtype=np.int32)
    labels = segmentation.watershed(filters.sobel(gray), markers)
    labels[labels == background_label] = 0
    return labels.astype(np.int32)
