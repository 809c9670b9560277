"""Watershed: treat an image as a relief and flood it from markers; basins meet at the ridges.

Five recipes, which differ in the relief they flood and where the markers come from:

============================  ===========================  =====================================
function                      relief                       markers
============================  ===========================  =====================================
:func:`distance_watershed`    inverted distance transform  one per peak of the distance (centres)
:func:`h_maxima_watershed`    inverted distance transform  one per peak at least ``h`` above its
                              (smoothed)                   saddle
:func:`marker_watershed`      colour gradient              cores: the distance above a fraction
                              (``cv2.watershed``)          of each object's deepest point
:func:`sobel_from_levels`     Sobel gradient               gray levels: below ``low`` background,
                                                           above ``high`` object (coins example)
:func:`sobel_from_seeds`      Sobel gradient               your clicks, plus background below
                                                           ``low``
============================  ===========================  =====================================

The three distance watersheds split touching round objects (they share the thresholded
foreground, its distance transform and the rule that every object gets a marker); the two Sobel
watersheds put boundaries where intensity changes fastest instead of at one gray level.
"""

from __future__ import annotations

from typing import Annotated

import cv2
import numpy as np
from scipy import ndimage as ndi
from skimage import feature, filters, morphology, segmentation

from .images import to_bgr_uint8, to_gray, to_rgb
from .masks import clean_mask
from .morphology import reconstruct_by_dilation
from .params import Range, Seeds, check_seeds
from .registry import register
from .threshold import GlobalMethod, global_threshold

__all__ = [
    "distance_watershed",
    "h_maxima_watershed",
    "marker_watershed",
    "sobel_from_levels",
    "sobel_from_seeds",
]


def _foreground_distance(
    image: np.ndarray, method: str, invert: bool, min_size: int
) -> tuple[np.ndarray, np.ndarray]:
    """The cleaned threshold foreground and its Euclidean distance to the background."""
    foreground = clean_mask(
        global_threshold(image, method=method, invert=invert), min_size=min_size
    )
    # OpenCV's exact Euclidean distance transform: scipy's values (in float32), and faster:
    # benchmarks/fast_paths.py times both.
    distance = cv2.distanceTransform(
        foreground.astype(np.uint8), cv2.DIST_L2, cv2.DIST_MASK_PRECISE
    )
    return foreground, distance


def _one_marker_per_component(
    markers: np.ndarray, foreground: np.ndarray, distance: np.ndarray
) -> np.ndarray:
    """Give a foreground component without any marker one, at its deepest point.

    Without it such an object (its peak suppressed by a bigger neighbour's, or too shallow for
    h-maxima) would be flooded by a neighbour or vanish.
    """
    components, n_components = ndi.label(foreground)
    has_marker = np.zeros(n_components + 1, dtype=bool)
    has_marker[components[markers > 0]] = True
    missing = np.flatnonzero(~has_marker[1:]) + 1
    if len(missing):
        centres = ndi.maximum_position(distance, components, missing)
        rows, cols = np.array(centres, dtype=np.int64).reshape(-1, 2).T
        first = int(markers.max()) + 1
        markers[rows, cols] = np.arange(first, first + len(missing))
    return markers


@register("watershed")
def distance_watershed(
    image: np.ndarray,
    *,
    min_distance: Annotated[int, Range(1, 40, 1, scales="length")] = 5,
    min_size: Annotated[int, Range(0, 500, 5, scales="area")] = 30,
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
        The foreground is cleaned with :func:`segutils.masks.clean_mask` first (the distance
        transform needs solid objects): holes filled, then specks smaller than this removed.
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
    foreground, distance = _foreground_distance(image, method, invert, min_size)
    # Peaks over the whole image (peak_local_max with labels= loops over components: 10x slower).
    peaks = feature.peak_local_max(distance, min_distance=min_distance, exclude_border=False)
    markers = np.zeros(distance.shape, dtype=np.int32)
    markers[tuple(peaks.T)] = np.arange(1, len(peaks) + 1)
    markers = _one_marker_per_component(markers, foreground, distance)
    return segmentation.watershed(-distance, markers, mask=foreground).astype(np.int32)


@register("watershed")
def sobel_from_levels(
    image: np.ndarray,
    *,
    low: Annotated[float, Range(0.0, 1.0, 0.005, at_most="high")] = 0.12,
    high: Annotated[float, Range(0.0, 1.0, 0.005)] = 0.6,
) -> np.ndarray:
    """Markers from two gray levels, flooded over the Sobel elevation map (the coins recipe).

    Pixels darker than ``low`` are surely background, pixels brighter than ``high`` surely
    object; the watershed of the gradient magnitude decides the uncertain band between, so
    boundaries fall where the intensity changes fastest instead of at one gray level.

    Parameters
    ----------
    image : ndarray
        Canonical image.
    low, high : float, optional
        Gray levels of the background and object markers (``low <= high``). The defaults are
        scikit-image's 30 and 150 on the 0..255 scale.

    Returns
    -------
    ndarray
        ``int32`` labels of the connected objects (holes filled), 0 background.

    Examples
    --------
    >>> from segutils.datasets import synthetic
    >>> from segutils.metrics import iou
    >>> easy = synthetic(difficulty=0.0, seed=0)
    >>> iou(easy.mask, sobel_from_levels(easy.image, low=0.3, high=0.6) > 0) > 0.9
    True

    References
    ----------
    scikit-image gallery, "Comparing edge-based and region-based segmentation".
    """
    gray = to_gray(image)
    markers = np.zeros(gray.shape, dtype=np.int32)
    markers[gray < low] = 1
    markers[gray > high] = 2
    objects = segmentation.watershed(filters.sobel(gray), markers) == 2
    labels, _ = ndi.label(clean_mask(objects))
    return labels.astype(np.int32)


@register("watershed")
def sobel_from_seeds(
    image: np.ndarray,
    seeds: Seeds = None,
    *,
    low: Annotated[float, Range(0.0, 1.0, 0.01)] = 0.15,
) -> np.ndarray:
    """Flood the Sobel gradient from clicked markers, with dark pixels as the background marker.

    Put one seed inside each object. Every pixel darker than ``low`` is marked as background,
    so the objects' basins stop at their edges instead of flooding the whole image.

    Parameters
    ----------
    image : ndarray
        Canonical image.
    seeds : ndarray, optional
        ``(N, 2)`` ``(row, col)`` points inside the objects, one per object; none gives an
        empty result.
    low : float, optional
        Gray level below which a pixel is surely background (the background marker).

    Returns
    -------
    ndarray
        ``int32`` labels: seed ``i`` floods region ``i + 1``, 0 background.

    Examples
    --------
    >>> import numpy as np
    >>> image = np.zeros((9, 9), np.float32); image[2:7, 2:7] = 0.8
    >>> labels = sobel_from_seeds(image, np.array([[4, 4]]), low=0.1)
    >>> int(labels[4, 4]), int(labels[0, 0])
    (1, 0)

    References
    ----------
    scikit-image gallery, "Comparing edge-based and region-based segmentation" (coins).
    """
    gray = to_gray(image)
    points = check_seeds(seeds, gray.shape)
    if len(points) == 0:
        return np.zeros(gray.shape, dtype=np.int32)
    markers = np.zeros(gray.shape, dtype=np.int32)
    background_label = len(points) + 1
    markers[gray < low] = background_label
    markers[points[:, 0], points[:, 1]] = np.arange(1, len(points) + 1)
    labels = segmentation.watershed(filters.sobel(gray), markers)
    labels[labels == background_label] = 0
    return labels.astype(np.int32)


@register("watershed")
def marker_watershed(
    image: np.ndarray,
    *,
    fraction: Annotated[float, Range(0.05, 0.95, 0.05)] = 0.5,
    min_size: Annotated[int, Range(0, 500, 5, scales="area")] = 30,
    method: GlobalMethod = "otsu",
    invert: bool = False,
) -> np.ndarray:
    """The circulating OpenCV marker recipe, repaired: sure background, sure objects, flood between.

    The steps of the recipe are kept: threshold; sure background = the foreground dilated;
    sure foreground = the distance transform above a fraction of its maximum; the band between
    is "unknown"; connected components of the sure foreground are the markers and
    ``cv2.watershed`` floods the unknown band over the image's colour gradient. Repaired:

    - the distance is measured inside the (cleaned) foreground, not inside the dilated sure
      background, where touching objects have already merged;
    - the fraction is of **each object's own** deepest distance, so small objects keep a marker
      instead of vanishing below a fraction of the largest one's;
    - the polarity is a parameter (``invert``) instead of a hard-coded ``THRESH_BINARY_INV``;
    - the exact distance transform (``DIST_MASK_PRECISE``) instead of the 3x3 approximation;
    - the result is a label image (0 background, 1..N objects): ``cv2.watershed``'s background
      marker becomes 0 and each pixel of its ``-1`` dams joins a neighbouring region (the dams
      run along every outline); the image is padded first so that objects at the border are
      not cut by the dam OpenCV always draws around the frame.

    Parameters
    ----------
    image : ndarray
        Canonical image.
    fraction : float, optional
        A pixel is surely inside an object where its distance to the background exceeds this
        fraction of the deepest distance in its connected component. Higher values leave smaller
        cores and separate more touching objects; a core that splits in two splits the object.
    min_size : int, optional
        The foreground is cleaned with :func:`segutils.masks.clean_mask` first: holes filled,
        specks smaller than this removed.
    method : str, optional
        Histogram threshold for the foreground (see :func:`segutils.threshold.global_threshold`).
    invert : bool, optional
        Objects are darker than the background (the recipe's ``THRESH_BINARY_INV``).

    Returns
    -------
    ndarray
        ``int32`` instance labels, 0 background.

    Examples
    --------
    >>> from segutils.datasets import synthetic
    >>> sample = synthetic(difficulty=0.0, seed=0)
    >>> int(marker_watershed(sample.image).max()) == sample.n_objects
    True

    References
    ----------
    OpenCV tutorial, "Image Segmentation with Watershed Algorithm"; Meyer, F., "Color image
    segmentation", ICIP 1992 (the flooding ``cv2.watershed`` implements).
    """
    foreground, distance = _foreground_distance(image, method, invert, min_size)
    components, n_components = ndi.label(foreground)
    deepest = np.zeros(n_components + 1, dtype=np.float32)
    if n_components:
        deepest[1:] = ndi.maximum(distance, components, np.arange(1, n_components + 1))
    sure_foreground = (distance > fraction * deepest[components]) & foreground
    sure_background = cv2.dilate(
        foreground.astype(np.uint8), np.ones((3, 3), np.uint8), iterations=3
    )
    cores, n_cores = ndi.label(sure_foreground)
    # The recipe's numbering: 1 = background, 2.. = cores, 0 = unknown band to be flooded.
    markers = np.where(sure_foreground, cores + 1, np.where(sure_background > 0, 0, 1))
    padded_markers = np.pad(markers.astype(np.int32), 1, constant_values=1)
    padded_image = cv2.copyMakeBorder(to_bgr_uint8(to_rgb(image)), 1, 1, 1, 1, cv2.BORDER_REPLICATE)
    flooded = cv2.watershed(padded_image, padded_markers)[1:-1, 1:-1]
    labels = np.where(flooded > 1, flooded - 1, 0).astype(np.int32)
    # cv2.watershed leaves its one-pixel dams (-1) unlabelled, which would take an object's
    # whole outline away (a fifth of a nucleus of radius 10): give each to a neighbour region.
    dams = flooded == -1
    labels[dams] = ndi.grey_dilation(labels, size=3)[dams]
    return labels


@register("watershed")
def h_maxima_watershed(
    image: np.ndarray,
    *,
    h: Annotated[float, Range(0.5, 20.0, 0.5, scales="length")] = 2.0,
    sigma: Annotated[float, Range(0.0, 5.0, 0.25, scales="length")] = 1.0,
    compactness: Annotated[float, Range(0.0, 1.0, 0.01)] = 0.0,
    min_size: Annotated[int, Range(0, 500, 5, scales="area")] = 30,
    method: GlobalMethod = "otsu",
    invert: bool = False,
) -> np.ndarray:
    """Distance watershed with h-maxima markers: a peak counts only if it stands ``h`` pixels high.

    Every local maximum of the distance transform is a candidate centre, and noise on an
    object's outline creates many. An h-maximum is a peak that rises at least ``h`` above the
    saddle joining it to a higher one: two touching discs meet at a neck, so each keeps its
    peak, while a bump on one outline does not. Smoothing the distance (``sigma``) flattens
    small bumps first; ``compactness`` > 0 makes the basins grow at an even pace from their
    markers (the compact watershed), which gives rounder regions.

    Parameters
    ----------
    image : ndarray
        Canonical image.
    h : float, optional
        Least height in pixels (of distance) of a peak above its saddle. Larger values merge
        more; a value below a neck's depth splits there.
    sigma : float, optional
        Gaussian smoothing of the distance transform in pixels (0: none).
    compactness : float, optional
        0 for the classic watershed; larger values favour compact basins.
    min_size : int, optional
        Specks smaller than this many pixels are removed from the foreground first.
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
    >>> int(h_maxima_watershed(sample.image).max()) == sample.n_objects
    True

    References
    ----------
    Soille, P., *Morphological Image Analysis*, 2nd ed., Springer 2003, section 6.3.4
    (h-maxima); Neubert & Protzel, "Compact Watershed and Preemptive SLIC", ICPR 2014.
    """
    foreground, distance = _foreground_distance(image, method, invert, min_size)
    if sigma > 0:
        distance = filters.gaussian(distance, sigma=sigma, preserve_range=True)
    # The h-maxima transform: every peak lowered by h, then rebuilt under the distance by
    # reconstruction. A peak rising less than h above its saddle merges into its neighbour's
    # plateau. (morphology.h_maxima would mark both of two equal peaks however shallow the
    # saddle between them.)
    raised = reconstruct_by_dilation(distance - h, distance)
    markers, _ = ndi.label(morphology.local_maxima(raised) & foreground)
    markers = _one_marker_per_component(markers.astype(np.int32), foreground, distance)
    return segmentation.watershed(
        -distance, markers, mask=foreground, compactness=compactness
    ).astype(np.int32)
