"""What the explorer draws, as pure functions of arrays: testable without widgets or a browser.

Frames are composed with OpenCV on 8-bit RGB arrays (about a millisecond for 512x512) and
encoded to JPEG by :func:`segutils.images.encode_jpeg`; no Matplotlib figure is involved.
"""

from __future__ import annotations

import html
import warnings
from collections.abc import Mapping
from typing import Any

import cv2
import numpy as np

from ..images import to_rgb, to_uint8, validate_image
from ..masks import resize_labels
from ..params import Control
from ..viz import LABEL_COLORS

__all__ = [
    "DISPLAY_SIDE",
    "MAX_INTERACTIVE_SIDE",
    "VIEWS",
    "boundaries",
    "compose",
    "display_base",
    "fit_for_interactive",
    "preview_copy",
    "preview_values",
    "readout_html",
    "still",
    "summary",
]

#: Longest side of the displayed frame, in pixels.
DISPLAY_SIDE = 512
#: Longest side, in pixels, that interactive tools work on. Larger images are downscaled (with a
#: warning) by :func:`fit_for_interactive`: 1024 px keeps a slider update within tens of
#: milliseconds on a laptop while staying sharp on a typical screen.
MAX_INTERACTIVE_SIDE = 1024
VIEWS = ("overlay", "contours", "side by side")

_PALETTE = np.vstack([[0, 0, 0], np.round(LABEL_COLORS * 255)]).astype(np.uint8)
# The palette as an OpenCV lookup table (index 0..20 -> RGB): ten times faster than indexing.
_PALETTE_LUT = np.zeros((256, 1, 3), dtype=np.uint8)
_PALETTE_LUT[: len(_PALETTE), 0] = _PALETTE
_CROSS = cv2.getStructuringElement(cv2.MORPH_CROSS, (3, 3))
_SEED_COLOUR = (255, 40, 40)
_CONTOUR_COLOUR = (255, 217, 0)
_SCORE_NAMES = {"iou": "IoU", "dice": "Dice", "pixel_accuracy": "pixel accuracy"}


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def _shape_for(shape: tuple[int, int], scale: float) -> tuple[int, int]:
    return max(1, round(shape[0] * scale)), max(1, round(shape[1] * scale))


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
    new_shape = _shape_for((height, width), scale)
    warnings.warn(
        f"Image of {height}x{width} px is larger than the interactive limit of {max_side} px; "
        f"working on a {new_shape[0]}x{new_shape[1]} copy. Pass max_side= to change the limit, "
        "or crop the region you care about.",
        UserWarning,
        stacklevel=2,
    )
    return _resize(image, new_shape), scale


def _resize(image: np.ndarray, shape: tuple[int, int]) -> np.ndarray:
    """Area-averaged resize of a canonical image (stays float32 in [0, 1])."""
    return cv2.resize(image, (shape[1], shape[0]), interpolation=cv2.INTER_AREA)


def display_base(work: np.ndarray, display_scale: float) -> np.ndarray:
    """The 8-bit RGB picture the results are drawn on, at display size.

    Parameters
    ----------
    work : ndarray
        Canonical working image.
    display_scale : float
        Display size / working size (at most 1).

    Returns
    -------
    ndarray
        ``uint8`` ``(h, w, 3)``.

    Examples
    --------
    >>> import numpy as np
    >>> display_base(np.zeros((8, 6), np.float32), 0.5).shape
    (4, 3, 3)
    """
    picture = to_rgb(work)
    if display_scale < 1.0:
        picture = _resize(picture, _shape_for(work.shape[:2], display_scale))
    return to_uint8(picture)


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
    """
    return work if scale >= 1.0 else _resize(work, _shape_for(work.shape[:2], scale))


def boundaries(labels: np.ndarray) -> np.ndarray:
    """Pixels of each region that touch another region or the background, on every side.

    The definition of :func:`skimage.segmentation.find_boundaries` with ``mode="inner"``: a
    region's outermost ring of pixels, whole (top, bottom, left and right alike).

    Parameters
    ----------
    labels : ndarray
        ``bool`` mask or integer labels, 0 background.

    Returns
    -------
    ndarray
        ``bool`` boundary map.

    Examples
    --------
    >>> import numpy as np
    >>> square = np.zeros((5, 5), int); square[1:4, 1:4] = 1
    >>> int(boundaries(square).sum()), bool(boundaries(square)[2, 2])
    (8, False)

    References
    ----------
    :func:`skimage.segmentation.find_boundaries` (same definition; tested equal). OpenCV's
    morphology computes it five times faster, which a frame drawn per slider tick needs.
    """
    # Labels as float32 are exact up to 2**24, far more regions than a displayed frame holds.
    values = np.asarray(labels).astype(np.float32)
    changes = cv2.dilate(values, _CROSS) != cv2.erode(values, _CROSS)
    return changes & (values != 0)


def compose(
    base: np.ndarray,
    result: np.ndarray,
    *,
    view: str = "overlay",
    opacity: float = 0.45,
    seeds: np.ndarray | None = None,
) -> np.ndarray:
    """Draw a mask or label image on the display picture.

    Parameters
    ----------
    base : ndarray
        ``uint8`` RGB display picture (:func:`display_base`).
    result : ndarray
        ``bool`` mask or integer labels, of any size (resized by nearest neighbour).
    view : {"overlay", "contours", "side by side"}, optional
        Tinted regions, region outlines, or the image beside the coloured labels.
    opacity : float, optional
        Opacity of the overlay tint.
    seeds : ndarray, optional
        ``(N, 2)`` seed points in display pixels, drawn as crosses.

    Returns
    -------
    ndarray
        ``uint8`` RGB frame.

    Examples
    --------
    >>> import numpy as np
    >>> base = np.zeros((4, 4, 3), np.uint8)
    >>> compose(base, np.ones((2, 2), bool), view="side by side").shape
    (4, 8, 3)
    """
    if view not in VIEWS:
        raise ValueError(f"view must be one of {VIEWS}, got {view!r}.")
    labels = resize_labels(result, base.shape[:2])
    if labels.dtype == bool:
        index = labels.view(np.uint8)  # colour 1 of the palette
    else:
        index = np.where(labels > 0, (labels - 1) % (len(_PALETTE) - 1) + 1, 0).astype(np.uint8)
    colours = cv2.LUT(cv2.merge([index, index, index]), _PALETTE_LUT)
    if view == "overlay":
        blended = cv2.addWeighted(base, 1 - opacity, colours, opacity, 0.0)
        frame = base.copy()
        cv2.copyTo(blended, (index > 0).view(np.uint8), frame)
    elif view == "contours":
        frame = base.copy()
        frame[boundaries(labels)] = _CONTOUR_COLOUR
    else:
        frame = np.hstack([base, colours])
    for row, col in np.zeros((0, 2)) if seeds is None else seeds:
        cv2.drawMarker(frame, (int(col), int(row)), _SEED_COLOUR, cv2.MARKER_CROSS, 12, 2)
    return frame


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


def summary(result: np.ndarray | None, n_seeds: int | None = None) -> str:
    """One phrase about a result: the foreground share of a mask, or the number of regions.

    Parameters
    ----------
    result : ndarray or None
        Mask or labels; ``None`` after an error.
    n_seeds : int, optional
        Number of seeds, for seeded methods.

    Returns
    -------
    str
        For example ``"foreground 12.5%"`` or ``"14 regions · 2 seeds"``.

    Examples
    --------
    >>> import numpy as np
    >>> summary(np.array([[0, 1], [2, 2]]), n_seeds=1)
    '2 regions · 1 seed'
    """
    if result is None:
        return "no result (see the error below)"
    if result.dtype == bool:
        text = f"foreground {np.count_nonzero(result) / result.size:.1%}"
    else:
        present = np.bincount(result.ravel().astype(np.int64, copy=False))[1:] > 0
        text = _count(int(np.count_nonzero(present)), "region")
    if n_seeds is not None:
        text += f" · {_count(n_seeds, 'seed')}"
    return text


def readout_html(
    scores: Mapping[str, float], text: str, milliseconds: float, preview: str = ""
) -> str:
    """The read-out line under the image: scores, the summary, the time and any preview note.

    Parameters
    ----------
    scores : mapping
        Score name -> value (IoU and Dice are shown before pixel accuracy, which flatters).
    text : str
        The :func:`summary`.
    milliseconds : float
        Time of the last update.
    preview : str, optional
        A note that the frame is a reduced-resolution preview.

    Returns
    -------
    str
        HTML.

    Examples
    --------
    >>> readout_html({"iou": 0.5}, "foreground 10.0%", 3.0)
    "<b>IoU</b> 0.500 · foreground 10.0% · <span style='color:#777'>3.0 ms</span>"
    """
    ordered = sorted(scores.items(), key=lambda item: item[0] == "pixel_accuracy")
    parts = [f"<b>{_SCORE_NAMES.get(name, name)}</b> {value:.3f}" for name, value in ordered]
    parts.append(html.escape(text))
    parts.append(f"<span style='color:#777'>{milliseconds:.1f} ms</span>")
    if preview:
        parts.append(f"<i style='color:#a15c00'>{html.escape(preview)}</i>")
    return " · ".join(parts)


def _wrap(text: str, width: int, scale: float) -> list[str]:
    """Split ``text`` at spaces into lines that fit ``width`` pixels."""
    lines, current = [], ""
    for piece in text.split(" "):
        candidate = f"{current} {piece}".strip()
        fits = cv2.getTextSize(candidate, cv2.FONT_HERSHEY_SIMPLEX, scale, 1)[0][0] <= width
        if current and not fits:
            lines.append(current)
            candidate = piece
        current = candidate
    return [*lines, current]


def still(frame: np.ndarray, lines: list[str]) -> np.ndarray:
    """The frame under a caption band: what a saved notebook shows where no widget runs.

    Parameters
    ----------
    frame : ndarray
        ``uint8`` RGB frame.
    lines : list of str
        Caption lines (title, parameter values, scores), wrapped to the frame's width. OpenCV's
        fonts are ASCII: a middle dot becomes a dash and other characters a question mark.

    Returns
    -------
    ndarray
        ``uint8`` RGB picture, taller than ``frame`` by the caption.

    Examples
    --------
    >>> import numpy as np
    >>> still(np.zeros((10, 300, 3), np.uint8), ["title", "level=0.5"]).shape
    (54, 300, 3)

    References
    ----------
    OpenCV documentation, ``cv2.putText``.
    """
    scale, line_height, margin = 0.45, 20, 4
    ascii_lines = [line.replace("·", "-").encode("ascii", "replace").decode() for line in lines]
    wrapped = [(number, part) for number, line in enumerate(ascii_lines)
               for part in _wrap(line, frame.shape[1] - 12, scale)]  # fmt: skip
    band = np.full((line_height * len(wrapped) + margin, frame.shape[1], 3), 255, np.uint8)
    for row, (number, text) in enumerate(wrapped):
        colour = (0, 0, 0) if number == 0 else (60, 60, 60)  # the title darker than the rest
        origin = (6, line_height * (row + 1) - 4)
        cv2.putText(band, text, origin, cv2.FONT_HERSHEY_SIMPLEX, scale, colour, 1, cv2.LINE_AA)
    return np.vstack([band, frame])
