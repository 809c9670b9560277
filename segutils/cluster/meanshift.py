"""Mean-shift filtering: a preprocessing step that flattens regions before clustering.

Not a segmentation method (it returns an image, not labels), so it is not registered; its radii
are checked by the same rules as a method's controls (:func:`segutils.params.coerce_value`).
"""

from __future__ import annotations

import cv2
import numpy as np

from ..images import to_bgr_uint8, to_gray, to_rgb, validate_image
from ..params import Control, Range, coerce_value

__all__ = ["mean_shift_filter"]

# Above 0, without a smallest sensible value; the spatial cost grows with the radius squared.
SPATIAL_RADIUS = Control(
    "spatial_radius", "float", 10.0, range=Range(0.0, 100.0, exclude_low=True, scales="length")
)
COLOR_RADIUS = Control("color_radius", "float", 0.1, range=Range(0.0, 1.0, exclude_low=True))


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
    spatial_radius = coerce_value(SPATIAL_RADIUS, spatial_radius, method="mean_shift_filter")
    color_radius = coerce_value(COLOR_RADIUS, color_radius, method="mean_shift_filter")
    bgr = to_bgr_uint8(to_rgb(image))
    filtered = cv2.pyrMeanShiftFiltering(bgr, spatial_radius, color_radius * 255)
    result = cv2.cvtColor(filtered, cv2.COLOR_BGR2RGB).astype(np.float32) / 255.0
    return to_gray(result) if image.ndim == 2 else result
