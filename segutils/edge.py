"""Edge-based segmentation: find where intensity changes sharply, then close edges into regions.

:func:`canny` returns the edge map itself (thin boundary lines); :func:`filled_edges` turns
closed edge contours into solid regions, as in scikit-image's coins example.
"""

from __future__ import annotations

from typing import Annotated

import cv2
import numpy as np

from .images import to_gray, to_uint8
from .masks import clean_mask
from .params import Range
from .registry import register

__all__ = ["canny", "filled_edges"]

# The widely copied cv2.Canny(gray, 30, 100), on the 0..1 scale every threshold here uses.
_LOW, _HIGH = 30 / 255, 100 / 255


@register("edge")
def canny(
    image: np.ndarray,
    *,
    sigma: Annotated[float, Range(0.0, 5.0, 0.1, scales="length")] = 1.0,
    low: Annotated[float, Range(0.0, 1.0, 0.005)] = _LOW,
    high: Annotated[float, Range(0.0, 1.0, 0.005)] = _HIGH,
) -> np.ndarray:
    """Canny edges: smoothed gradient, thinned to one pixel, kept by hysteresis.

    The thresholds are gradient magnitudes on the image's 0..1 scale, like every threshold in
    segutils: OpenCV's 8-bit thresholds divided by 255, so the defaults ``low=30/255,
    high=100/255`` are the widely copied ``cv2.Canny(gray, 30, 100)``. A pixel whose gradient
    exceeds ``high`` is an edge; one above ``low`` is an edge only if connected to a strong one.
    If ``low > high`` the two are swapped, as OpenCV does.

    Parameters
    ----------
    image : ndarray
        Canonical image.
    sigma : float, optional
        Standard deviation of the Gaussian blur applied first (0: no blur). Blur removes noise
        edges but also rounds corners.
    low, high : float, optional
        Hysteresis thresholds, 0..1.

    Returns
    -------
    ndarray
        ``bool`` edge map, ``True`` on edge pixels.

    Examples
    --------
    >>> import numpy as np
    >>> square = np.zeros((20, 20), np.float32); square[5:15, 5:15] = 1.0
    >>> edges = canny(square)
    >>> bool(edges[5:15, 5].any()), bool(edges[10, 10])
    (True, False)

    References
    ----------
    Canny, J., "A Computational Approach to Edge Detection", IEEE TPAMI 8(6), 1986;
    OpenCV documentation, ``cv2.Canny``.
    """
    gray = to_uint8(to_gray(image))
    if sigma > 0:
        gray = cv2.GaussianBlur(gray, (0, 0), sigmaX=sigma)
    low, high = sorted((low, high))
    return cv2.Canny(gray, low * 255, high * 255, L2gradient=True) > 0


@register("edge")
def filled_edges(
    image: np.ndarray,
    *,
    sigma: Annotated[float, Range(0.0, 5.0, 0.1, scales="length")] = 2.0,
    low: Annotated[float, Range(0.0, 1.0, 0.005)] = _LOW,
    high: Annotated[float, Range(0.0, 1.0, 0.005)] = _HIGH,
    min_size: Annotated[int, Range(0, 500, 5, scales="area")] = 20,
) -> np.ndarray:
    """Regions enclosed by Canny edges: edges, then :func:`segutils.masks.clean_mask`.

    Works only where an object's outline is closed: one gap and the object stays hollow (and,
    being thin, is then removed as small).

    Parameters
    ----------
    image : ndarray
        Canonical image.
    sigma, low, high : float, optional
        As in :func:`canny`.
    min_size : int, optional
        Connected regions smaller than this many pixels, after filling, are dropped.

    Returns
    -------
    ndarray
        ``bool`` mask.

    Examples
    --------
    >>> import numpy as np
    >>> square = np.zeros((20, 20), np.float32); square[5:15, 5:15] = 1.0
    >>> int(filled_edges(square, sigma=0.0).sum()) >= 100
    True

    References
    ----------
    scikit-image gallery, "Comparing edge-based and region-based segmentation".
    """
    edges = canny(image, sigma=sigma, low=low, high=high)
    return clean_mask(edges, min_size=min_size, fill_holes=True)
