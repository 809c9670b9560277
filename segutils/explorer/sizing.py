"""Sizes: a working copy of a large image, previews on smaller copies, values scaled to match.

A slider must answer within a frame or two. Two mechanisms keep it so: an image larger than
:data:`MAX_INTERACTIVE_SIDE` is worked on as a smaller copy (:func:`fit_for_interactive`), and a
method slower than :data:`PREVIEW_BUDGET_MS` answers a moving control with a preview on a copy
sized by :class:`.cost.CostModel` (never smaller than :func:`smallest_preview`), its sizes in
pixels scaled by :func:`preview_values`.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from typing import Any

import cv2
import numpy as np

from ..images import validate_image
from ..params import Control

__all__ = [
    "MAX_INTERACTIVE_SIDE",
    "PREVIEW_BUDGET_MS",
    "SMALLEST_PREVIEW_SIDE",
    "fit_for_interactive",
    "preview_copy",
    "preview_values",
    "shape_for",
    "shrink",
    "smallest_preview",
]

#: Longest side, in pixels, that interactive tools work on. Larger images are downscaled (with a
#: warning) by :func:`fit_for_interactive`: 1024 px keeps a slider update within tens of
#: milliseconds on a laptop while staying sharp on a typical screen.
MAX_INTERACTIVE_SIDE = 1024
#: A method whose full run takes longer than this answers a moving control with a preview.
PREVIEW_BUDGET_MS = 50.0
#: Longest side, in pixels, of the smallest preview: below it a preview says too little.
SMALLEST_PREVIEW_SIDE = 32


def shape_for(shape: tuple[int, int], scale: float) -> tuple[int, int]:
    """``shape`` scaled by ``scale``, each side rounded and at least 1 pixel.

    Parameters
    ----------
    shape : tuple of int
        ``(height, width)``.
    scale : float
        Factor for both sides.

    Returns
    -------
    tuple of int
        The scaled ``(height, width)``.

    Examples
    --------
    >>> shape_for((100, 3), 0.25)
    (25, 1)

    References
    ----------
    Python documentation, :func:`round` (halves to even).
    """
    return max(1, round(shape[0] * scale)), max(1, round(shape[1] * scale))


def shrink(image: np.ndarray, shape: tuple[int, int]) -> np.ndarray:
    """Area-averaged resize of a canonical image to ``shape`` (stays float32 in [0, 1]).

    Parameters
    ----------
    image : ndarray
        Canonical gray or RGB image.
    shape : tuple of int
        The new ``(height, width)``.

    Returns
    -------
    ndarray
        The resized image, of the same dtype and channels.

    Examples
    --------
    >>> import numpy as np
    >>> image = np.array([[0, 1], [1, 0]], np.float32)
    >>> shrink(image, (1, 1)).tolist()  # the mean of the four pixels
    [[0.5]]

    References
    ----------
    OpenCV documentation, ``cv2.resize`` with ``INTER_AREA``.
    """
    return cv2.resize(image, (shape[1], shape[0]), interpolation=cv2.INTER_AREA)


def fit_for_interactive(
    image: np.ndarray, *, max_side: int = MAX_INTERACTIVE_SIDE
) -> tuple[np.ndarray, float]:
    """Downscale an image whose longest side exceeds ``max_side``, with a warning.

    Interactive widgets recompute a segmentation on every slider tick; above about a megapixel
    that no longer feels instant on a laptop CPU. Batch functions do not call this.

    Parameters
    ----------
    image : ndarray
        Canonical image.
    max_side : int, optional
        Longest side allowed, :data:`MAX_INTERACTIVE_SIDE` by default.

    Returns
    -------
    image : ndarray
        The image, downscaled (area-averaged) if needed.
    scale : float
        Factor applied to both sides (1.0 when unchanged).

    Warns
    -----
    UserWarning
        When the image was downscaled; the message gives the old and new sizes.

    Examples
    --------
    >>> import numpy as np
    >>> small, scale = fit_for_interactive(np.zeros((100, 50), np.float32), max_side=200)
    >>> small.shape, scale
    ((100, 50), 1.0)

    References
    ----------
    OpenCV documentation, ``cv2.resize`` with ``INTER_AREA``.
    """
    validate_image(image)
    if max_side < 16:
        raise ValueError(f"max_side must be at least 16 pixels, got {max_side}.")
    height, width = image.shape[:2]
    if max(height, width) <= max_side:
        return image, 1.0
    scale = max_side / max(height, width)
    new_shape = shape_for((height, width), scale)
    warnings.warn(
        f"Image of {height}x{width} px is larger than the interactive limit of {max_side} px; "
        f"working on a {new_shape[0]}x{new_shape[1]} copy. Pass max_side= to change the limit, "
        "or crop the region you care about.",
        UserWarning,
        stacklevel=2,
    )
    return shrink(image, new_shape), scale


def preview_copy(work: np.ndarray, scale: float) -> np.ndarray:
    """A smaller copy of the working image for a quick preview (area-averaged).

    Parameters
    ----------
    work : ndarray
        Canonical working image.
    scale : float
        Factor for both sides, in ``(0, 1]``.

    Returns
    -------
    ndarray
        Canonical image.

    Examples
    --------
    >>> import numpy as np
    >>> preview_copy(np.zeros((100, 60), np.float32), 0.5).shape
    (50, 30)

    References
    ----------
    OpenCV documentation, ``cv2.resize`` with ``INTER_AREA``.
    """
    return work if scale >= 1.0 else shrink(work, shape_for(work.shape[:2], scale))


def smallest_preview(shape: tuple[int, int]) -> float:
    """The smallest preview scale of an image: its longest side :data:`SMALLEST_PREVIEW_SIDE`.

    Parameters
    ----------
    shape : tuple of int
        The working image's ``(height, width)``.

    Returns
    -------
    float
        In ``(0, 1]``; 1 for an image no larger than the smallest preview.

    Examples
    --------
    >>> smallest_preview((512, 256)), smallest_preview((30, 20))
    (0.0625, 1.0)

    References
    ----------
    Nielsen, J., "Usability Engineering", Morgan Kaufmann, 1993, ch. 5 (feedback within 0.1 s
    keeps a person's flow, even when coarse).
    """
    return min(1.0, SMALLEST_PREVIEW_SIDE / max(shape))


def preview_values(
    controls: Mapping[str, Control], values: Mapping[str, Any], scale: float
) -> dict[str, Any]:
    """Parameter values for an image ``scale`` times the size: sizes in pixels scaled to match.

    A ``Range(..., scales="length")`` value is multiplied by ``scale``, an ``"area"`` one by
    ``scale ** 2``; integers are snapped to their step and every value is kept in its range.

    Parameters
    ----------
    controls : mapping
        The method's controls (:func:`segutils.params.controls`).
    values : mapping
        Current values.
    scale : float
        Preview size / working size.

    Returns
    -------
    dict
        Values for the preview.

    Examples
    --------
    >>> from segutils.params import Control, Range
    >>> size = Control("min_size", "int", 30, range=Range(0, 500, 5, scales="area"))
    >>> preview_values({"min_size": size}, {"min_size": 100}, 0.5)
    {'min_size': 25}

    References
    ----------
    scikit-image documentation, :func:`skimage.morphology.remove_small_objects` (a size in
    pixels, which is an area: it scales as the square of the side).
    """
    scaled = dict(values)
    for name, control in controls.items():
        bounds = control.range
        if bounds is None or bounds.scales is None or name not in values:
            continue
        factor = scale if bounds.scales == "length" else scale**2
        value = min(max(values[name] * factor, bounds.low), bounds.high)
        if control.kind == "int":
            step = int(bounds.step or 1)
            value = int(bounds.low + step * round((value - bounds.low) / step))
        scaled[name] = value
    return scaled
