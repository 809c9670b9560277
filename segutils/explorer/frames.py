"""What the explorer draws, as pure functions of arrays: testable without widgets or a browser.

Frames are composed with OpenCV on 8-bit RGB arrays (about a millisecond for 512x512) and
encoded to JPEG by :func:`segutils.images.encode_jpeg`; no Matplotlib figure is involved.
"""

from __future__ import annotations

import html
from collections.abc import Mapping

import cv2
import numpy as np

from ..images import to_rgb, to_uint8
from ..masks import resize_labels
from ..morphology import inner_boundaries
from ..palette import LABEL_COLORS, color_index
from .sizing import shape_for, shrink

__all__ = [
    "DISPLAY_SIDE",
    "VIEWS",
    "caption",
    "compose",
    "error_html",
    "display_base",
    "preview_note",
    "readout_html",
    "still",
    "summary",
]

#: Longest side of the displayed frame, in pixels.
DISPLAY_SIDE = 512
VIEWS = ("overlay", "contours", "side by side")

_PALETTE = np.vstack([[0, 0, 0], np.round(LABEL_COLORS * 255)]).astype(np.uint8)
# The palette as an OpenCV lookup table (index 0..16 -> RGB): the colours of indexing _PALETTE;
# benchmarks/fast_paths.py times both.
_PALETTE_LUT = np.zeros((256, 1, 3), dtype=np.uint8)
_PALETTE_LUT[: len(_PALETTE), 0] = _PALETTE
_SEED_COLOUR = (255, 40, 40)
_CONTOUR_COLOUR = (255, 217, 0)
_SCORE_NAMES = {"iou": "IoU", "dice": "Dice", "pixel_accuracy": "pixel accuracy"}


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


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
        picture = shrink(picture, shape_for(work.shape[:2], display_scale))
    return to_uint8(picture)


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
    for row, col in np.zeros((0, 2)) if seeds is None else seeds:
        cv2.drawMarker(frame, (int(col), int(row)), _SEED_COLOUR, cv2.MARKER_CROSS, 12, 2)
    return frame


def error_html(name: str, error: Exception) -> str:
    """The error line shown under the image when the method raised.

    Parameters
    ----------
    name : str
        The method's name.
    error : Exception
        What it raised.

    Returns
    -------
    str
        HTML, escaped.

    Examples
    --------
    >>> error_html("manual", ValueError("level < 0"))
    "<pre style='color:#b00020;white-space:pre-wrap'>manual raised ValueError: level &lt; 0</pre>"
    """
    return (
        f"<pre style='color:#b00020;white-space:pre-wrap'>{html.escape(name)} "
        f"raised {type(error).__name__}: {html.escape(str(error))}</pre>"
    )


def preview_note(shape: tuple[int, int]) -> str:
    """The read-out's note that the frame is a preview of the given size.

    Parameters
    ----------
    shape : tuple of int
        The preview's height and width.

    Returns
    -------
    str
        For example ``"preview at 256x128 px; full result when it rests"``.

    Examples
    --------
    >>> preview_note((128, 256))
    'preview at 256x128 px; full result when it rests'
    """
    return f"preview at {shape[1]}x{shape[0]} px; full result when it rests"


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


def caption(
    title: str,
    shape: tuple[int, int],
    values: Mapping[str, object],
    summary_text: str,
    scores: Mapping[str, float],
) -> list[str]:
    """The lines that describe an explorer's state: title and size, values, result and scores.

    Parameters
    ----------
    title : str
        The explorer's title.
    shape : tuple of int
        The original image's height and width.
    values : mapping
        Parameter values.
    summary_text : str
        The :func:`summary` of the result.
    scores : mapping
        Scores against the ground truth (may be empty).

    Returns
    -------
    list of str
        Three lines, deterministic for the same state (nbval compares them).

    Examples
    --------
    >>> caption("manual", (4, 6), {"level": 0.25}, "foreground 50.0%", {"iou": 0.5})
    ['manual (4x6 image)', 'level=0.25', 'foreground 50.0%; iou 0.500']
    """
    shown = ", ".join(
        f"{name}={value:.3g}" if isinstance(value, float) else f"{name}={value}"
        for name, value in values.items()
    )
    scored = ", ".join(f"{name} {value:.3f}" for name, value in scores.items())
    height, width = shape
    return [
        f"{title} ({height}x{width} image)",
        shown or "no parameters",
        summary_text + (f"; {scored}" if scored else ""),
    ]


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
