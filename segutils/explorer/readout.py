"""What the explorer says in words: the heading, the read-out line, the error line and captions.

Pure functions of values, testable without widgets: they return HTML for the widget's ``HTML``
panes, and plain lines for the caption of a saved notebook's still (:func:`.frames.still`) and
the explorer's text representation.
"""

from __future__ import annotations

import html
from collections.abc import Mapping

import numpy as np

from ..masks import compact_labels
from ..params import BACKGROUND, OBJECT

__all__ = [
    "caption",
    "error_html",
    "guidance",
    "heading_html",
    "hints_text",
    "preview_note",
    "readout_html",
    "summary",
]

_SCORE_NAMES = {"iou": "IoU", "dice": "Dice", "pixel_accuracy": "pixel accuracy"}


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def heading_html(title: str) -> str:
    """The heading shown above the explorer.

    Parameters
    ----------
    title : str
        The explorer's title.

    Returns
    -------
    str
        HTML, escaped.

    Examples
    --------
    >>> heading_html("manual vs ground truth")
    '<b>Explorer · manual vs ground truth</b>'

    References
    ----------
    Python documentation, :func:`html.escape`.
    """
    return f"<b>Explorer · {html.escape(title)}</b>"


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

    References
    ----------
    Python documentation, :func:`html.escape`.
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

    References
    ----------
    ipywidgets documentation, "Widget Events" (``continuous_update``: values while a slider
    moves, and the value it rests at).
    """
    return f"preview at {shape[1]}x{shape[0]} px; full result when it rests"


def guidance(takes: tuple[str, ...], *, box: bool, labels: tuple[int, ...]) -> str:
    """What to draw next, for a method that takes hints, given what has been drawn.

    Parameters
    ----------
    takes : tuple of str
        The hints the method takes (:func:`segutils.params.hint_parameters`).
    box : bool
        Whether a box has been drawn.
    labels : tuple of int
        The scribble labels present (1 background, 2 object, 3, ... further objects).

    Returns
    -------
    str
        One sentence; empty for a method that takes no hint.

    Examples
    --------
    >>> guidance(("scribbles",), box=False, labels=(2,))
    'Now draw a background stroke (blue) outside the object.'
    >>> guidance(("box", "scribbles"), box=False, labels=())
    'Drag a box around the object, or draw an object stroke and a background stroke.'

    References
    ----------
    Rother, C., Kolmogorov, V. and Blake, A., "GrabCut: interactive foreground extraction using
    iterated graph cuts", ACM SIGGRAPH 2004 (a box first, then strokes that correct it).
    """
    has_object = any(label >= OBJECT for label in labels)
    has_background = BACKGROUND in labels
    correct = (
        "Draw strokes where the result is wrong: object on missed object, background on false "
        "object."
    )
    if "scribbles" in takes and "box" in takes:
        if not box and not labels:
            return "Drag a box around the object, or draw an object stroke and a background stroke."
        if not box and not has_object:
            return "Now drag a box around the object, or draw an object stroke on it."
        return correct + " A new box replaces the old one."
    if "scribbles" in takes:
        if has_object and has_background:
            return correct
        if has_object:
            return "Now draw a background stroke (blue) outside the object."
        if has_background:
            return "Now draw an object stroke (orange) on the object."
        return "Draw an object stroke (orange) on the object and a background stroke (blue) off it."
    if "box" in takes:
        return "Drag a new box to try another." if box else "Drag a box around the object."
    if "seeds" in takes:
        return "Click to add a seed; click on a seed to remove it."
    return ""


def hints_text(box: np.ndarray | None, labels: tuple[int, ...], n_seeds: int | None) -> str:
    """One phrase about the hints given, for the caption of a saved notebook's still.

    Parameters
    ----------
    box : ndarray or None
        The box ``(top, left, bottom, right)`` in image pixels.
    labels : tuple of int
        The scribble labels present.
    n_seeds : int or None
        Number of seeds, for seeded methods.

    Returns
    -------
    str
        For example ``"box (10, 20, 60, 90); strokes: background, object"``; empty without hints.

    Examples
    --------
    >>> hints_text(np.array([1, 2, 30, 40]), (1, 2, 3), None)
    'box (1, 2, 30, 40); strokes: background, object, object 2'

    References
    ----------
    scikit-image documentation, "Coordinate conventions" (``(row, col)`` order).
    """
    parts = []
    if n_seeds is not None:
        parts.append(_count(n_seeds, "seed"))
    if box is not None:
        parts.append(f"box ({', '.join(str(int(value)) for value in box)})")
    if labels:
        names = [_stroke_name(label) for label in labels]
        parts.append("strokes: " + ", ".join(names))
    return "; ".join(parts)


def _stroke_name(label: int) -> str:
    if label == BACKGROUND:
        return "background"
    return "object" if label == OBJECT else f"object {label - OBJECT + 1}"


def summary(result: np.ndarray | None, n_seeds: int | None = None, *, waiting: bool = False) -> str:
    """One phrase about a result: the foreground share of a mask, or the number of regions.

    Parameters
    ----------
    result : ndarray or None
        Mask or labels; ``None`` after an error.
    n_seeds : int, optional
        Number of seeds, for seeded methods.
    waiting : bool, optional
        The method has not run because it waits for hints (a box or strokes).

    Returns
    -------
    str
        For example ``"foreground 12.5%"`` or ``"14 regions · 2 seeds"``.

    Examples
    --------
    >>> import numpy as np
    >>> summary(np.array([[0, 1], [2, 2]]), n_seeds=1)
    '2 regions · 1 seed'

    References
    ----------
    NumPy documentation, :func:`numpy.bincount` (which labels are present).
    """
    if result is None:
        return "no result yet: waiting for hints" if waiting else "no result (see the error below)"
    if result.dtype == bool:
        text = f"foreground {np.count_nonzero(result) / result.size:.1%}"
    else:
        labels = compact_labels(result)[1]  # counted by value, the table would follow them
        text = _count(int(np.count_nonzero(labels)), "region")
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

    References
    ----------
    Python documentation, :func:`html.escape`.
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

    References
    ----------
    Python documentation, "Format Specification Mini-Language" (``.3g`` and ``.3f``); nbval
    documentation (a saved output must be the same at every run).
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
