"""The simulated user of the interactive segmentation literature: where the next click goes.

A person correcting a mask clicks in the middle of the worst mistake. The protocol (Xu et al.
2016, as the f-BRS and RITM code implements it) makes that exact: the errors are the **missed
object** (truth, not predicted) and the **false object** (predicted, not truth); the next click
goes to the error pixel farthest from the border of its error region (the maximum of the
distance transform), positive in missed object and negative in false object, whichever error
reaches deeper. The first click is the same rule with nothing predicted yet: the interior point
of the object farthest from its boundary. The image's edge counts as a border (a region cut by
the edge is no deeper there), and a pixel already clicked is never clicked again.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
from scipy import ndimage as ndi

__all__ = ["Click", "next_click"]


class Click(NamedTuple):
    """One simulated click: where, which sign, and how deep inside its error region it lies.

    Attributes
    ----------
    row, col : int
        The pixel clicked.
    positive : bool
        True for a click on missed object ("this is object"), False for one on false object
        ("this is background").
    depth : float
        Euclidean distance from the click to the nearest pixel outside its error region (or to
        the image's edge): the radius of the largest disc around the click that stays in the
        error, so that a stroke drawn there never crosses the object's border.
    """

    row: int
    col: int
    positive: bool
    depth: float


def _depth(region: np.ndarray) -> np.ndarray:
    """Distance of each region pixel to the nearest non-region pixel, the image's edge included."""
    # Padding with a ring of False makes the edge a border: f-BRS's Clicker pads the same way.
    return ndi.distance_transform_edt(np.pad(region, 1))[1:-1, 1:-1]


def next_click(
    truth: np.ndarray, prediction: np.ndarray | None = None, clicked: np.ndarray | None = None
) -> Click | None:
    """Where the simulated user clicks next: the deepest point of the largest error.

    The missed object (``truth & ~prediction``) and the false object (``~truth & prediction``)
    are each measured by their distance transform: the depth of a pixel is its distance to the
    nearest pixel outside the error (the image's edge counts as outside). The click goes to the
    deepest pixel not yet clicked; it is positive if that depth lies in the missed object and
    negative if it lies in the false object (a tie goes to the false object, as in f-BRS). The
    error region holding the deepest point is the largest in the sense that matters to a person
    clicking: the one with the widest interior, not a long thin sliver along a border. Among
    pixels of equal depth the first in row-major order is taken, so the user is deterministic.

    Parameters
    ----------
    truth : ndarray
        ``bool`` ``(H, W)`` mask of the object.
    prediction : ndarray, optional
        ``bool`` ``(H, W)`` mask the method answered; ``None`` (nothing yet) gives the first
        click: the interior point of the object farthest from its boundary.
    clicked : ndarray, optional
        ``bool`` ``(H, W)``: pixels already clicked, never clicked again (a method that ignores
        a click would otherwise receive the same click forever).

    Returns
    -------
    Click or None
        The click, or ``None`` when no unclicked error pixel is left (a perfect mask).

    Raises
    ------
    ValueError
        If the masks are not 2-D ``bool`` arrays of one shape.

    Examples
    --------
    >>> truth = np.zeros((7, 9), bool); truth[1:6, 1:6] = True
    >>> next_click(truth)  # the first click: the object's centre
    Click(row=3, col=3, positive=True, depth=3.0)
    >>> prediction = truth.copy(); prediction[:, 8] = True  # one false column at the edge
    >>> next_click(truth, prediction)
    Click(row=0, col=8, positive=False, depth=1.0)

    References
    ----------
    Xu, N., Price, B., Cohen, S., Yang, J. and Huang, T., "Deep interactive object selection",
    CVPR 2016 (the simulated user); Sofiiuk, K., Petrov, I., Barinova, O. and Konushin, A.,
    "f-BRS: rethinking backpropagating refinement for interactive segmentation", CVPR 2020, code:
    ``isegm/inference/clicker.py`` of github.com/SamsungLabs/fbrs_interactive_segmentation;
    Sofiiuk, K., Petrov, I. A. and Konushin, A., "Reviving iterative training with mask guidance
    for interactive segmentation", ICIP 2022.
    """
    truth = _check_mask(truth, "truth")
    shape = truth.shape
    prediction = (
        np.zeros(shape, bool) if prediction is None else _check_mask(prediction, "prediction")
    )
    clicked = np.zeros(shape, bool) if clicked is None else _check_mask(clicked, "clicked")
    if prediction.shape != shape or clicked.shape != shape:
        raise ValueError(
            f"truth, prediction and clicked must have one shape, got {shape}, "
            f"{prediction.shape} and {clicked.shape}."
        )
    missed = _depth(truth & ~prediction)
    false = _depth(~truth & prediction)
    missed[clicked] = 0.0
    false[clicked] = 0.0
    positive = bool(missed.max() > false.max())
    depth = missed if positive else false
    index = int(np.argmax(depth))  # the first maximum in row-major order
    if depth.flat[index] == 0:
        return None
    row, col = divmod(index, shape[1])
    return Click(row, col, positive, float(depth.flat[index]))


def _check_mask(mask: np.ndarray, name: str) -> np.ndarray:
    array = np.asarray(mask)
    if array.dtype != bool or array.ndim != 2 or array.size == 0:
        raise ValueError(
            f"{name} must be a non-empty 2-D bool mask, got {array.dtype} of shape "
            f"{array.shape}. Pass "
            "mask > 0 for labels, or labels == k for one object."
        )
    return array
