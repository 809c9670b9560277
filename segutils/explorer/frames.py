"""What the explorer draws, as pure functions of arrays: testable without widgets or a browser.

The picture the results are drawn on, the result drawn on it in each view, and the captioned
still a saved notebook shows (its words come from :mod:`.readout`). Frames are composed with
OpenCV on 8-bit RGB arrays (about a millisecond for 512x512) and encoded to JPEG by
:func:`segutils.images.encode_jpeg`; no Matplotlib figure is involved.
"""

from __future__ import annotations

from typing import Literal, get_args

import cv2
import numpy as np

from ..images import to_rgb, to_uint8
from ..masks import resize_labels
from ..morphology import inner_boundaries
from ..palette import LABEL_COLORS, color_index
from .sizing import shape_for, shrink

__all__ = [
    "BOX_COLOUR",
    "DISPLAY_SIDE",
    "STROKE_COLOURS",
    "VIEWS",
    "View",
    "compose",
    "display_base",
    "draw_hints",
    "still",
]

#: Longest side of the displayed frame, in pixels.
DISPLAY_SIDE = 512
#: How a result is drawn: tinted regions, region outlines, or the image beside the labels.
View = Literal["overlay", "contours", "side by side"]
VIEWS: tuple[View, ...] = get_args(View)

_PALETTE = np.vstack([[0, 0, 0], np.round(LABEL_COLORS * 255)]).astype(np.uint8)
# The palette as an OpenCV lookup table (index 0..16 -> RGB): the colours of indexing _PALETTE;
# benchmarks/fast_paths.py times both.
_PALETTE_LUT = np.zeros((256, 1, 3), dtype=np.uint8)
_PALETTE_LUT[: len(_PALETTE), 0] = _PALETTE
_SEED_COLOUR = (255, 40, 40)
_CONTOUR_COLOUR = (255, 217, 0)
#: RGB of the box drawn on the frame (the browser's canvas draws the box being dragged alike).
BOX_COLOUR = (0, 230, 118)
#: RGB of the strokes by label: index 1 background (blue), 2 object (orange), 3, 4, ... further
#: objects; a label past the end takes the last colour. Index 0 is the eraser's echo (white).
STROKE_COLOURS: tuple[tuple[int, int, int], ...] = (
    (255, 255, 255),
    (41, 121, 255),
    (255, 145, 0),
    (213, 0, 249),
    (0, 229, 255),
    (255, 234, 0),
    (118, 255, 3),
)
_STROKE_LUT = np.zeros((256, 1, 3), dtype=np.uint8)
_STROKE_LUT[: len(STROKE_COLOURS), 0] = STROKE_COLOURS
_STROKE_LUT[len(STROKE_COLOURS) :, 0] = STROKE_COLOURS[-1]


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

    References
    ----------
    OpenCV documentation, ``cv2.resize`` with ``INTER_AREA``.
    """
    picture = to_rgb(work)
    if display_scale < 1.0:
        picture = shrink(picture, shape_for(work.shape[:2], display_scale))
    return to_uint8(picture)


def compose(
    base: np.ndarray,
    result: np.ndarray,
    *,
    view: View = "overlay",
    opacity: float = 0.45,
    seeds: np.ndarray | None = None,
    box: np.ndarray | None = None,
    scribbles: np.ndarray | None = None,
) -> np.ndarray:
    """Draw a mask or label image on the display picture, and the hints on it.

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
    box : ndarray, optional
        ``(top, left, bottom, right)`` in display pixels (see :func:`draw_hints`).
    scribbles : ndarray, optional
        Stroke labels of the display picture's ``(h, w)`` (see :func:`draw_hints`).

    Returns
    -------
    ndarray
        ``uint8`` RGB frame; the hints are drawn on the image, the left half side by side.

    Examples
    --------
    >>> import numpy as np
    >>> base = np.zeros((4, 4, 3), np.uint8)
    >>> compose(base, np.ones((2, 2), bool), view="side by side").shape
    (4, 8, 3)

    References
    ----------
    OpenCV documentation, ``cv2.addWeighted``, ``cv2.LUT`` and ``cv2.drawMarker``;
    scikit-image documentation, :func:`skimage.segmentation.mark_boundaries` (the contours
    view's inner boundaries).
    """
    if view not in VIEWS:
        raise ValueError(f"view must be one of {VIEWS}, got {view!r}.")
    labels = resize_labels(result, base.shape[:2])
    # The colouring of the figures (segutils.viz): touching regions get different colours.
    index = color_index(labels)
    colours = cv2.LUT(cv2.merge([index, index, index]), _PALETTE_LUT)
    if view == "overlay":
        blended = cv2.addWeighted(base, 1 - opacity, colours, opacity, 0.0)
        frame = base.copy()
        cv2.copyTo(blended, (index > 0).view(np.uint8), frame)
    elif view == "contours":
        frame = base.copy()
        frame[inner_boundaries(labels)] = _CONTOUR_COLOUR
    else:
        frame = np.hstack([base, colours])
    image = frame[:, : base.shape[1]]  # a view: the hints go on the image, not the labels
    draw_hints(image, seeds=seeds, box=box, scribbles=scribbles)
    return frame


def draw_hints(
    picture: np.ndarray,
    *,
    seeds: np.ndarray | None = None,
    box: np.ndarray | None = None,
    scribbles: np.ndarray | None = None,
) -> np.ndarray:
    """Draw the hints on a display picture, in place: scribbles, then the box, then the seeds.

    Parameters
    ----------
    picture : ndarray
        ``uint8`` RGB picture, changed in place.
    seeds : ndarray, optional
        ``(N, 2)`` seed points in display pixels, drawn as crosses.
    box : ndarray, optional
        ``(top, left, bottom, right)`` in display pixels, half-open, drawn as a rectangle
        just inside it.
    scribbles : ndarray, optional
        Integer labels of the picture's ``(h, w)``: each marked pixel is painted in its label's
        :data:`STROKE_COLOURS`.

    Returns
    -------
    ndarray
        ``picture``.

    Examples
    --------
    >>> import numpy as np
    >>> picture = np.zeros((6, 6, 3), np.uint8)
    >>> marks = np.zeros((6, 6), np.int32)
    >>> marks[1, 1] = 2
    >>> draw_hints(picture, scribbles=marks, box=np.array([3, 3, 6, 6]))[1, 1].tolist()
    [255, 145, 0]

    References
    ----------
    OpenCV documentation, ``cv2.rectangle``, ``cv2.drawMarker`` and ``cv2.LUT``.
    """
    if scribbles is not None:
        marked = scribbles > 0
        index = np.minimum(scribbles, 255).astype(np.uint8)
        colours = cv2.LUT(cv2.merge([index, index, index]), _STROKE_LUT)
        picture[marked] = colours[marked]
    if box is not None:
        top, left, bottom, right = (int(value) for value in box)
        corners = (left, top), (max(left, right - 1), max(top, bottom - 1))
        cv2.rectangle(picture, *corners, BOX_COLOUR, 2)
    for row, col in np.zeros((0, 2)) if seeds is None else seeds:
        cv2.drawMarker(picture, (int(col), int(row)), _SEED_COLOUR, cv2.MARKER_CROSS, 12, 2)
    return picture


def _wrap(text: str, width: int, scale: float) -> list[str]:
    """Split ``text`` at spaces into lines that fit ``width`` pixels."""
    lines: list[str] = []
    current = ""
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
    font_scale = 0.45
    line_height = 20
    margin = 4
    ascii_lines = [line.replace("·", "-").encode("ascii", "replace").decode() for line in lines]
    wrapped = [
        (number, part)
        for number, line in enumerate(ascii_lines)
        for part in _wrap(line, frame.shape[1] - 12, font_scale)
    ]
    band = np.full((line_height * len(wrapped) + margin, frame.shape[1], 3), 255, np.uint8)
    for row, (number, text) in enumerate(wrapped):
        colour = (0, 0, 0) if number == 0 else (60, 60, 60)  # the title darker than the rest
        origin = (6, line_height * (row + 1) - 4)
        cv2.putText(
            band, text, origin, cv2.FONT_HERSHEY_SIMPLEX, font_scale, colour, 1, cv2.LINE_AA
        )
    return np.vstack([band, frame])
