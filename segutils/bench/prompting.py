"""How the simulated user's clicks become each method's hints, and its answer a mask.

A method's hint parameters (:func:`segutils.params.hint_parameters`) decide how it is prompted:

============ ================================================================================
prompting    the hints it receives
============ ================================================================================
``strokes``  each click a small disc stroke, object (2) or background (1) (random walker, the
             pixel classifier)
``box``      the truth's bounding box from the start (:func:`segutils.hints.box_around`), then
             each click a disc stroke (GrabCut, the active contours)
``seeds``    the clicks as seed points, negative ones first: a seed grows or floods a region of
             its own, and the regions of negative seeds count as background (region growing, the
             seeded watershed)
============ ================================================================================
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Literal

import numpy as np

from ..hints import box_around
from ..params import BACKGROUND, OBJECT, hint_parameters
from .clicker import Click

__all__ = [
    "PROMPTINGS",
    "STROKE_RADIUS",
    "Prompting",
    "hints_from_clicks",
    "object_mask",
    "prompting_of",
]

#: How a method is prompted (the table above).
Prompting = Literal["strokes", "box", "seeds"]
#: Each prompting in words, for the results' tables.
PROMPTINGS: dict[str, str] = {
    "strokes": "clicks as disc strokes (object 2, background 1)",
    "box": "the truth's bounding box, then clicks as disc strokes",
    "seeds": "clicks as seed points; negative seeds' regions are background",
}
#: Radius in pixels of the disc stroke a click becomes (a fingertip-sized dot), smaller where
#: the error region clicked is thinner, so that no stroke crosses the object's border.
STROKE_RADIUS = 3


def prompting_of(method: Callable) -> Prompting:
    """How the interactive benchmark prompts a method, read from its hint parameters.

    Parameters
    ----------
    method : callable
        A registered method that takes hints.

    Returns
    -------
    {"strokes", "box", "seeds"}
        ``"box"`` when it takes a box, else ``"strokes"`` when it takes scribbles, else
        ``"seeds"``.

    Raises
    ------
    ValueError
        If the method takes no hints (the leaderboard, ``segutils bench``, measures it).

    Examples
    --------
    >>> from segutils import catalog
    >>> prompting_of(catalog.by_name("hints.grabcut").function)
    'box'
    >>> prompting_of(catalog.by_name("watershed.sobel_from_seeds").function)
    'seeds'

    References
    ----------
    Rother, C., Kolmogorov, V. and Blake, A., "GrabCut: interactive foreground extraction using
    iterated graph cuts", SIGGRAPH 2004 (a box, then strokes).
    """
    hints = hint_parameters(method)
    if "box" in hints:
        return "box"
    if "scribbles" in hints:
        return "strokes"
    if "seeds" in hints:
        return "seeds"
    raise ValueError(
        f"{getattr(method, '__name__', method)} takes no hints (seeds, box or scribbles), so "
        "clicks cannot prompt it; rank it on the leaderboard (segutils bench) instead."
    )


def _strokes(clicks: Sequence[Click], shape: tuple[int, int]) -> np.ndarray:
    scribbles = np.zeros(shape, np.int32)
    rows, cols = np.ogrid[: shape[0], : shape[1]]
    for click in clicks:  # later clicks are drawn over earlier ones: the latest correction wins
        # A disc of radius below the click's depth stays inside its error region.
        radius = min(STROKE_RADIUS, int(np.ceil(click.depth)) - 1)
        disc = (rows - click.row) ** 2 + (cols - click.col) ** 2 <= radius**2
        scribbles[disc] = OBJECT if click.positive else BACKGROUND
    return scribbles


def hints_from_clicks(
    clicks: Sequence[Click], truth: np.ndarray, prompting: Prompting
) -> dict[str, np.ndarray]:
    """The keyword hints that the clicks so far give a method prompted this way.

    Parameters
    ----------
    clicks : sequence of Click
        The clicks so far, in order (:func:`segutils.bench.clicker.next_click`).
    truth : ndarray
        ``bool`` ``(H, W)`` mask of the object: its shape, and its bounding box for ``"box"``.
    prompting : {"strokes", "box", "seeds"}
        How the method is prompted (:func:`prompting_of`).

    Returns
    -------
    dict
        ``{"scribbles": ...}``, ``{"box": ..., "scribbles": ...}`` or ``{"seeds": ...}``: the
        seeds are ``(N, 2)`` ``(row, col)``, the negative clicks first.

    Raises
    ------
    ValueError
        For an unknown prompting.

    Examples
    --------
    >>> truth = np.zeros((9, 9), bool); truth[2:7, 2:7] = True
    >>> clicks = [Click(4, 4, True, 3.0), Click(0, 0, False, 1.0)]
    >>> hints = hints_from_clicks(clicks, truth, "box")
    >>> hints["box"].tolist(), int((hints["scribbles"] == 2).sum()), int(hints["scribbles"][0, 0])
    ([2, 2, 7, 7], 13, 1)
    >>> hints_from_clicks(clicks, truth, "seeds")["seeds"].tolist()
    [[0, 0], [4, 4]]

    References
    ----------
    Xu, N. et al., "Deep interactive object selection", CVPR 2016 (clicks as the user's input);
    Boykov, Y. and Jolly, M.-P., "Interactive graph cuts for optimal boundary & region
    segmentation of objects in N-D images", ICCV 2001 (object and background seeds).
    """
    if prompting == "seeds":
        ordered = [c for c in clicks if not c.positive] + [c for c in clicks if c.positive]
        return {"seeds": np.array([[c.row, c.col] for c in ordered], np.int64).reshape(-1, 2)}
    if prompting not in PROMPTINGS:
        raise ValueError(f"prompting must be one of {sorted(PROMPTINGS)}, got {prompting!r}.")
    hints = {"scribbles": _strokes(clicks, truth.shape)}
    if prompting == "box":
        hints = {"box": box_around(truth), **hints}
    return hints


def object_mask(result: np.ndarray, clicks: Sequence[Click], prompting: Prompting) -> np.ndarray:
    """The object a method's answer marks, read the way its prompting asks.

    Parameters
    ----------
    result : ndarray
        What the method returned: a ``bool`` mask, classes (``0`` background, ``1`` object) or
        labels (seed ``i`` grew region ``i + 1``).
    clicks : sequence of Click
        The clicks that prompted it (for ``"seeds"``: which regions the negative seeds grew).
    prompting : {"strokes", "box", "seeds"}
        How the method was prompted.

    Returns
    -------
    ndarray
        ``bool`` mask of the object.

    Examples
    --------
    >>> labels = np.array([[1, 1, 2, 3, 0]], np.int32)  # one negative seed grew region 1
    >>> clicks = [Click(0, 0, False, 1.0), Click(0, 2, True, 1.0), Click(0, 3, True, 1.0)]
    >>> object_mask(labels, clicks, "seeds").astype(int).tolist()
    [[0, 0, 1, 1, 0]]

    References
    ----------
    scikit-image, :func:`skimage.segmentation.watershed` (one region per marker).
    """
    if prompting == "seeds":
        negatives = sum(not c.positive for c in clicks)
        return np.asarray(result) > negatives
    return np.asarray(result) > 0
