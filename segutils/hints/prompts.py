"""The prompts the hint methods share: a box as a mask, strokes as a start, the labels present.

A person's hints arrive checked by the registry (:func:`segutils.params.check_box`,
:func:`segutils.params.check_scribbles`); what each method still needs is said here once: which
labels the scribbles hold (:func:`scribble_labels`), the pixels of a box (:func:`box_mask`), the
box around a mask (:func:`box_around`, how a benchmark draws the truth's box) and the region an
active contour starts from (:func:`initial_region`).
"""

from __future__ import annotations

import numpy as np
from scipy import ndimage as ndi

from ..params import BACKGROUND, OBJECT

__all__ = [
    "CLICK_RADIUS",
    "box_around",
    "box_mask",
    "initial_region",
    "require_two_pixels_a_side",
    "scribble_labels",
]

#: Radius in pixels of the disc a click (a one-pixel object stroke) becomes when a contour
#: starts from it: a single pixel is a curve with no inside, which the first smoothing step of
#: a morphological snake removes.
CLICK_RADIUS = 4


def require_two_pixels_a_side(shape: tuple[int, ...], *, method: str) -> None:
    """Refuse an image narrower than 2 pixels, where no gradient or curvature can be taken.

    Parameters
    ----------
    shape : tuple of int
        The image's shape.
    method : str
        The method's name, for the message.

    Raises
    ------
    ValueError
        If the image is 1 pixel high or wide.

    Examples
    --------
    >>> require_two_pixels_a_side((1, 40), method="hints.acwe")
    Traceback (most recent call last):
    ...
    ValueError: hints.acwe() needs an image at least 2 pixels on each side, got 1x40.

    References
    ----------
    NumPy documentation, :func:`numpy.gradient` (at least two samples along each axis).
    """
    height, width = shape[:2]
    if height < 2 or width < 2:
        raise ValueError(
            f"{method}() needs an image at least 2 pixels on each side, got {height}x{width}."
        )


def box_mask(box: np.ndarray, shape: tuple[int, ...]) -> np.ndarray:
    """The pixels inside a checked box, ``image[top:bottom, left:right]``, as a mask.

    Parameters
    ----------
    box : ndarray
        ``(top, left, bottom, right)``, half-open, as :func:`segutils.params.check_box` returns.
    shape : tuple of int
        The image's shape.

    Returns
    -------
    ndarray
        ``bool`` ``(H, W)``.

    Examples
    --------
    >>> box_mask(np.array([1, 1, 3, 4]), (4, 5)).astype(int)
    array([[0, 0, 0, 0, 0],
           [0, 1, 1, 1, 0],
           [0, 1, 1, 1, 0],
           [0, 0, 0, 0, 0]])

    References
    ----------
    Python's slices (half-open intervals); scikit-image documentation, "Coordinate conventions".
    """
    top, left, bottom, right = (int(value) for value in box)
    inside = np.zeros(shape[:2], dtype=bool)
    inside[top:bottom, left:right] = True
    return inside


def box_around(mask: np.ndarray) -> np.ndarray:
    """The smallest box holding every pixel of ``mask``: the box a person draws around an object.

    Parameters
    ----------
    mask : ndarray
        ``bool`` ``(H, W)`` with at least one pixel set.

    Returns
    -------
    ndarray
        ``int64`` ``(top, left, bottom, right)``, half-open: ``mask[top:bottom, left:right]``
        holds all of the mask.

    Raises
    ------
    ValueError
        If the mask is empty or not 2-D.

    Examples
    --------
    >>> mask = np.zeros((6, 6), bool); mask[2:4, 1:5] = True
    >>> box_around(mask).tolist()
    [2, 1, 4, 5]

    References
    ----------
    Rother, C., Kolmogorov, V. and Blake, A., "GrabCut: interactive foreground extraction using
    iterated graph cuts", ACM SIGGRAPH 2004 (a box drawn around the object).
    """
    pixels = np.asarray(mask)
    if pixels.ndim != 2 or not pixels.any():
        raise ValueError(
            f"box_around needs a 2-D mask with at least one pixel set, got shape {pixels.shape} "
            f"with {int(np.count_nonzero(pixels))} set."
        )
    rows = np.flatnonzero(pixels.any(axis=1))
    cols = np.flatnonzero(pixels.any(axis=0))
    return np.array([rows[0], cols[0], rows[-1] + 1, cols[-1] + 1], dtype=np.int64)


def scribble_labels(scribbles: np.ndarray | None, *, method: str, at_least: int = 2) -> np.ndarray:
    """The labels the checked scribbles hold, refusing fewer than a method needs.

    Parameters
    ----------
    scribbles : ndarray or None
        ``int32`` ``(H, W)`` strokes, as :func:`segutils.params.check_scribbles` returns.
    method : str
        The method's name, for the message.
    at_least : int, optional
        How many distinct labels (background and object, say) the method needs.

    Returns
    -------
    ndarray
        The labels present, sorted, ``0`` (not marked) left out.

    Raises
    ------
    ValueError
        If there are no scribbles or fewer labels than ``at_least``, saying which to add.

    Examples
    --------
    >>> marks = np.zeros((4, 4), np.int32); marks[0, 0], marks[2, 2] = BACKGROUND, OBJECT
    >>> scribble_labels(marks, method="hints.random_walker").tolist()
    [1, 2]
    >>> scribble_labels(marks * (marks == OBJECT), method="walk")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: walk() needs scribbles of at least 2 labels (...), got only label 2. Mark some ...

    References
    ----------
    Grady, L., "Random walks for image segmentation", IEEE TPAMI 28(11), 2006 (seeds of at
    least two labels).
    """
    rule = f"{method}() needs scribbles of at least {at_least} labels (1 background, 2 object)"
    if scribbles is None:
        raise ValueError(
            f"{rule}, got none. Pass scribbles=, an (H, W) array with 1 on some background "
            "pixels and 2 on some object pixels (0 elsewhere)."
        )
    present = np.unique(scribbles)
    present = present[present > 0]
    if len(present) < at_least:
        said = "no marked pixel" if len(present) == 0 else f"only label {present[0]}"
        missing = "object with 2" if BACKGROUND in present else "background with 1"
        advice = (
            f"Mark some {missing} as well."
            if len(present) == 1
            else "Mark some background with 1 and some object with 2."
        )
        raise ValueError(f"{rule}, got {said}. {advice}")
    return present


def initial_region(
    box: np.ndarray | None, scribbles: np.ndarray | None, shape: tuple[int, ...], *, method: str
) -> np.ndarray:
    """Where an active contour starts: inside the box, and on the object strokes.

    Each object stroke (label ``OBJECT`` or above) is widened by :data:`CLICK_RADIUS`, so that a
    click becomes a small disc the contour can grow from. Background strokes play no part.

    Parameters
    ----------
    box : ndarray or None
        Checked ``(top, left, bottom, right)``.
    scribbles : ndarray or None
        Checked ``int32`` strokes.
    shape : tuple of int
        The image's shape.
    method : str
        The method's name, for the message.

    Returns
    -------
    ndarray
        ``bool`` ``(H, W)``: the initial inside of the contour.

    Raises
    ------
    ValueError
        If there is neither a box nor an object stroke.

    Examples
    --------
    >>> marks = np.zeros((9, 9), np.int32); marks[4, 4] = OBJECT
    >>> int(initial_region(None, marks, (9, 9), method="hints.acwe").sum())  # a disc of radius 4
    49

    References
    ----------
    Marquez-Neila, P., Baumela, L. and Alvarez, L., "A morphological approach to curvature-based
    evolution of curves and surfaces", IEEE TPAMI 36(1), 2014 (the initial level set).
    """
    height, width = shape[:2]
    start = np.zeros((height, width), dtype=bool) if box is None else box_mask(box, shape)
    objects = np.zeros_like(start) if scribbles is None else scribbles >= OBJECT
    if objects.any():
        # The distance to the nearest object stroke, as a disc of CLICK_RADIUS around each.
        distance = ndi.distance_transform_edt(~objects)
        start |= distance <= CLICK_RADIUS
    if not start.any():
        raise ValueError(
            f"{method}() needs a box or object scribbles to start from, got "
            f"{'scribbles without an object stroke' if scribbles is not None else 'neither'}. "
            "Pass box=(top, left, bottom, right) around the object, or scribbles= with 2 on "
            "the object (a click is one pixel)."
        )
    return start
