"""Thresholding: call a pixel foreground when it is brighter (or darker) than a level.

The level can be set by hand (:func:`manual`), computed from the whole image's histogram
(:func:`global_threshold`: Otsu and friends), or computed for each pixel from its neighbourhood
(:func:`local`), which copes with uneven illumination. Every function takes a canonical image
(colour is converted to gray) and returns a ``bool`` mask.
"""

from __future__ import annotations

from typing import Annotated, Literal, get_args

import cv2
import numpy as np
from skimage import exposure, filters

from .images import require_contrast, to_gray, to_uint8
from .masks import clean_mask
from .params import Range
from .registry import register

__all__ = [
    "GLOBAL_METHODS",
    "adaptive",
    "cleaned",
    "global_threshold",
    "local",
    "manual",
    "multi_otsu",
    "threshold_value",
]

GlobalMethod = Literal["otsu", "li", "yen", "triangle", "isodata", "mean", "minimum"]
#: How :func:`local` summarises a neighbourhood.
LocalMethod = Literal["gaussian", "mean", "median"]
#: How :func:`adaptive` (OpenCV's adaptive threshold) summarises a neighbourhood.
AdaptiveMethod = Literal["gaussian", "mean"]

#: Histogram-based threshold functions of scikit-image, by name.
GLOBAL_METHODS = {
    "otsu": filters.threshold_otsu,
    "li": filters.threshold_li,
    "yen": filters.threshold_yen,
    "triangle": filters.threshold_triangle,
    "isodata": filters.threshold_isodata,
    "mean": filters.threshold_mean,
    "minimum": filters.threshold_minimum,
}


@register("thresholding")
def manual(
    image: np.ndarray,
    *,
    level: Annotated[float, Range(0.0, 1.0, 0.005)] = 0.5,
    invert: bool = False,
) -> np.ndarray:
    """Foreground where the gray value exceeds a level you choose.

    Parameters
    ----------
    image : ndarray
        Canonical image.
    level : float, optional
        Threshold in ``[0, 1]``.
    invert : bool, optional
        Select pixels *darker* than ``level`` instead (dark objects on a bright background).

    Returns
    -------
    ndarray
        ``bool`` mask.

    Examples
    --------
    >>> import numpy as np
    >>> manual(np.array([[0.2, 0.8]], np.float32), level=0.5).tolist()
    [[False, True]]

    References
    ----------
    Gonzalez & Woods, "Digital Image Processing", 4th ed., section 10.3 (thresholding).
    """
    gray = to_gray(image)
    return gray <= level if invert else gray > level


def threshold_value(image: np.ndarray, method: GlobalMethod = "otsu") -> float:
    """The level a histogram-based method picks for an image.

    Parameters
    ----------
    image : ndarray
        Canonical image.
    method : str, optional
        A key of :data:`GLOBAL_METHODS`.

    Returns
    -------
    float
        Threshold in ``[0, 1]``.

    Raises
    ------
    ValueError
        For an unknown method or a constant image.

    Examples
    --------
    >>> from segutils.datasets import sample
    >>> round(threshold_value(sample("coins")), 3), round(threshold_value(sample("coins"), "li"), 3)
    (0.417, 0.371)

    References
    ----------
    Sezgin & Sankur, "Survey over image thresholding techniques and quantitative performance
    evaluation", Journal of Electronic Imaging 13(1), 2004.
    """
    if method not in GLOBAL_METHODS:
        raise ValueError(f"Unknown method {method!r}; choose one of {sorted(GLOBAL_METHODS)}.")
    gray = to_gray(image)
    require_contrast(gray, method=f"The {method} threshold")
    return float(GLOBAL_METHODS[method](gray))


@register("thresholding")
def global_threshold(
    image: np.ndarray, *, method: GlobalMethod = "otsu", invert: bool = False
) -> np.ndarray:
    """Foreground where the gray value exceeds the level a histogram method picks.

    Parameters
    ----------
    image : ndarray
        Canonical image.
    method : str, optional
        ``"otsu"`` (maximise between-class variance), ``"li"`` (minimum cross-entropy),
        ``"yen"``, ``"triangle"``, ``"isodata"``, ``"mean"`` or ``"minimum"``.
    invert : bool, optional
        Select pixels darker than the level.

    Returns
    -------
    ndarray
        ``bool`` mask.

    Examples
    --------
    >>> from segutils.datasets import synthetic
    >>> from segutils.metrics import iou
    >>> easy = synthetic(difficulty=0.0, seed=0)
    >>> iou(easy.mask, global_threshold(easy.image)) > 0.95
    True

    References
    ----------
    Otsu, N., "A threshold selection method from gray-level histograms", IEEE Trans. SMC, 1979.
    """
    level = threshold_value(image, method)
    return manual(image, level=level, invert=invert)


@register("thresholding")
def local(
    image: np.ndarray,
    *,
    block_size: Annotated[int, Range(3, 151, 2, scales="length")] = 51,
    offset: Annotated[float, Range(-0.2, 0.2, 0.005)] = 0.0,
    method: LocalMethod = "gaussian",
    invert: bool = False,
) -> np.ndarray:
    """Foreground where a pixel is brighter than its neighbourhood's (weighted) mean.

    Each pixel gets its own threshold: the mean (or Gaussian-weighted mean, or median) of the
    ``block_size`` x ``block_size`` window around it, minus ``offset``. Slow illumination changes
    shift pixel and threshold together, so they cancel out.

    Parameters
    ----------
    image : ndarray
        Canonical image.
    block_size : int, optional
        Odd window size in pixels; larger than the objects you want to find.
    offset : float, optional
        Subtracted from the local mean: positive values select more pixels.
    method : {"gaussian", "mean", "median"}, optional
        How the neighbourhood is summarised (``"median"``: on the 8-bit image, see Notes).
    invert : bool, optional
        Select pixels darker than their neighbourhood.

    Returns
    -------
    ndarray
        ``bool`` mask.

    Notes
    -----
    ``"gaussian"`` and ``"mean"`` follow :func:`skimage.filters.threshold_local` (same sigma,
    reflected border), to float32 rounding. ``"median"`` does not: its level is the median of the
    8-bit image (:func:`segutils.images.to_uint8`) with a replicated border, as
    ``cv2.medianBlur`` computes it, divided by 255 in float32; that is
    ``threshold_local(to_uint8(gray), block_size, "median", mode="nearest")``. It departs from
    scikit-image's median of the float image in two ways:

    - the border: replicated (``mode="nearest"``), where scikit-image reflects by default;
    - ties: for 126 of the 256 gray levels, ``k / 255`` computed in float32 is one step below
      the image's own value of that level, so a pixel equal to its neighbourhood's median is
      foreground at those levels, where scikit-image leaves every such pixel background.

    On the camera image at ``block_size=25`` the masks differ on 49,254 of 262,144 pixels (the
    row "camera, median, block_size=25" of ``python benchmarks/fast_paths.py``); with the same
    border (``mode="nearest"``) 48,857 still differ, all of them ties.

    Examples
    --------
    >>> from segutils.datasets import synthetic
    >>> from segutils.metrics import iou
    >>> uneven = synthetic(difficulty=0.2, illumination=0.7, seed=2)
    >>> iou(uneven.mask, local(uneven.image, block_size=101, offset=-0.05)) > 0.85
    True

    References
    ----------
    :func:`skimage.filters.threshold_local` (``"gaussian"``, ``"mean"``); ``cv2.medianBlur``
    (``"median"``); ``cv2.adaptiveThreshold``.
    """
    _check_block_size(block_size)
    gray = to_gray(image)
    # OpenCV filters in place of scikit-image's threshold_local, for speed. The mean levels are
    # the same to float32 rounding; the Gaussian ones (same sigma, reflect border) differ by a
    # few 1e-5 at most; the median works on 8-bit levels with a replicated border (medianBlur's
    # only one), and differs as the Notes say. benchmarks/fast_paths.py times both and prints
    # the differences.
    if method == "gaussian":
        sigma = (block_size - 1) / 6.0
        levels = cv2.GaussianBlur(gray, (0, 0), sigmaX=sigma, borderType=cv2.BORDER_REFLECT)
    elif method == "mean":
        levels = cv2.blur(gray, (block_size, block_size), borderType=cv2.BORDER_REFLECT)
    elif method == "median":
        # Back to 0..1 by the 8-bit scale itself: as_image would warn that a dark image "looks
        # nearly black", a warning about the user's file that this internal step is not.
        levels = cv2.medianBlur(to_uint8(gray), block_size).astype(np.float32) / 255
    else:
        raise ValueError(f"method must be one of {get_args(LocalMethod)}, got {method!r}.")
    levels = levels - offset
    return gray <= levels if invert else gray > levels


def _check_block_size(block_size: int) -> None:
    """A neighbourhood window needs a centre pixel: odd sizes only."""
    if block_size % 2 == 0 or block_size < 3:
        raise ValueError(f"block_size must be an odd number >= 3, got {block_size}.")


@register("thresholding")
def multi_otsu(image: np.ndarray, *, classes: Annotated[int, Range(2, 5, 1)] = 3) -> np.ndarray:
    """Split the gray levels into several classes with Otsu's criterion generalised.

    Parameters
    ----------
    image : ndarray
        Canonical image.
    classes : int, optional
        Number of classes; ``classes - 1`` thresholds are chosen together.

    Returns
    -------
    ndarray
        ``int32`` class map ``0..classes-1``, darkest class 0.

    Raises
    ------
    ValueError
        For a constant image, or one with fewer distinct gray levels than ``classes``.

    Examples
    --------
    >>> import numpy as np
    >>> steps = np.repeat(np.array([[0.1, 0.5, 0.9]], np.float32), 4, axis=0)
    >>> multi_otsu(steps, classes=3)[0].tolist()
    [0, 1, 2]

    References
    ----------
    Liao, Chen & Chung, "A fast algorithm for multilevel thresholding", J. Inf. Sci. Eng. 2001;
    :func:`skimage.filters.threshold_multiotsu`.
    """
    gray = to_gray(image)
    require_contrast(gray, method="Multi-Otsu")
    # The exhaustive search grows as bins ** (classes - 1): coarser histograms keep 4 and 5
    # classes interactive (5 classes on 256 bins take seconds).
    bins = {2: 256, 3: 256, 4: 128}.get(classes, 64)
    # scikit-image refuses fewer occupied bins than classes with advice on nbins, which is not
    # a parameter here: count them the same way and say what to change instead.
    counts, _ = exposure.histogram(gray.reshape(-1), bins, source_range="image")
    occupied = int(np.count_nonzero(counts))
    if occupied < classes:
        raise ValueError(
            f"Multi-Otsu with classes={classes} needs at least {classes} distinct gray levels, "
            f"but the image has only {occupied} (in a histogram of {bins} bins). Use "
            f"classes <= {occupied}, or an image with more gray levels."
        )
    levels = filters.threshold_multiotsu(gray, classes=classes, nbins=bins)
    return np.digitize(gray, bins=levels).astype(np.int32)


@register("thresholding")
def adaptive(
    image: np.ndarray,
    *,
    block_size: Annotated[int, Range(3, 151, 2, scales="length")] = 51,
    offset: Annotated[float, Range(-0.2, 0.2, 0.005)] = 0.0,
    method: AdaptiveMethod = "gaussian",
    invert: bool = False,
) -> np.ndarray:
    """OpenCV's adaptive threshold: ``cv2.adaptiveThreshold`` on the 8-bit image.

    The same idea as :func:`local` (a pixel against its neighbourhood's mean minus ``offset``), in
    OpenCV's form. Differences: 8-bit arithmetic, OpenCV's Gaussian (sigma from the block size
    as ``0.3 * ((block_size - 1) * 0.5 - 1) + 0.8``) and its replicated border.

    Parameters
    ----------
    image : ndarray
        Canonical image.
    block_size : int, optional
        Odd neighbourhood size in pixels.
    offset : float, optional
        Subtracted from the neighbourhood mean, in gray units (0..1): OpenCV's ``C`` / 255.
    method : {"gaussian", "mean"}, optional
        ``ADAPTIVE_THRESH_GAUSSIAN_C`` or ``ADAPTIVE_THRESH_MEAN_C``.
    invert : bool, optional
        ``THRESH_BINARY_INV``: select pixels darker than their neighbourhood.

    Returns
    -------
    ndarray
        ``bool`` mask.

    Examples
    --------
    >>> from segutils.datasets import synthetic
    >>> from segutils.metrics import iou
    >>> uneven = synthetic(difficulty=0.2, illumination=0.7, seed=2)
    >>> iou(uneven.mask, adaptive(uneven.image, block_size=101, offset=-0.05)) > 0.85
    True

    References
    ----------
    OpenCV documentation, "Image Thresholding", adaptive thresholding.
    """
    _check_block_size(block_size)
    flag = {"gaussian": cv2.ADAPTIVE_THRESH_GAUSSIAN_C, "mean": cv2.ADAPTIVE_THRESH_MEAN_C}
    if method not in get_args(AdaptiveMethod):
        raise ValueError(f"method must be one of {get_args(AdaptiveMethod)}, got {method!r}.")
    kind = cv2.THRESH_BINARY_INV if invert else cv2.THRESH_BINARY
    gray = to_uint8(to_gray(image))
    return cv2.adaptiveThreshold(gray, 255, flag[method], kind, block_size, offset * 255) > 0


@register("thresholding")
def cleaned(
    image: np.ndarray,
    *,
    method: GlobalMethod = "otsu",
    opening: Annotated[int, Range(0, 5, 1, scales="length")] = 1,
    closing: Annotated[int, Range(0, 5, 1, scales="length")] = 1,
    min_size: Annotated[int, Range(0, 500, 5, scales="area")] = 30,
    fill_holes: bool = True,
    invert: bool = False,
) -> np.ndarray:
    """A histogram threshold followed by morphological clean-up, the usual practical recipe.

    Steps, each skipped when its parameter is 0 / False:

    1. :func:`global_threshold` with ``method``;
    2. opening (erosion then dilation, 3x3 cross, ``opening`` times): removes specks and
       thin bridges between objects;
    3. closing (dilation then erosion, ``closing`` times): fills small gaps and dents;
    4. :func:`segutils.masks.clean_mask`: holes inside objects filled, then regions smaller than
       ``min_size`` pixels removed.

    Parameters
    ----------
    image : ndarray
        Canonical image.
    method : str, optional
        Histogram threshold (see :func:`global_threshold`).
    opening, closing : int, optional
        Iterations of each operation.
    min_size : int, optional
        Smallest region kept, in pixels.
    fill_holes : bool, optional
        Fill holes enclosed by an object.
    invert : bool, optional
        Objects darker than the background.

    Returns
    -------
    ndarray
        ``bool`` mask.

    Examples
    --------
    >>> from segutils.datasets import synthetic
    >>> from segutils.metrics import iou
    >>> noisy = synthetic(difficulty=0.3, seed=0)
    >>> plain = global_threshold(noisy.image)
    >>> bool(iou(noisy.mask, cleaned(noisy.image)) >= iou(noisy.mask, plain))
    True

    References
    ----------
    Soille, P., "Morphological Image Analysis", Springer 2003; :mod:`skimage.morphology`.
    """
    mask = global_threshold(image, method=method, invert=invert)
    kernel = cv2.getStructuringElement(cv2.MORPH_CROSS, (3, 3))
    as_bytes = mask.view(np.uint8)
    if opening:
        as_bytes = cv2.morphologyEx(as_bytes, cv2.MORPH_OPEN, kernel, iterations=opening)
    if closing:
        as_bytes = cv2.morphologyEx(as_bytes, cv2.MORPH_CLOSE, kernel, iterations=closing)
    return clean_mask(as_bytes > 0, min_size=min_size, fill_holes=fill_holes)
