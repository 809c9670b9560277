"""GrabCut: a graph cut between colour models of object and background, refined a few times."""

from __future__ import annotations

from typing import Annotated

import cv2
import numpy as np

from ..images import to_bgr_uint8, to_rgb
from ..masks import clean_mask
from ..params import BACKGROUND, OBJECT, Box, Range, Scribbles
from ..registry import register

__all__ = ["grabcut"]


@register("hints")
def grabcut(
    image: np.ndarray,
    *,
    box: Box = None,
    scribbles: Scribbles = None,
    iterations: Annotated[int, Range(1, 10, 1)] = 5,
    sigma: Annotated[float, Range(0.0, 5.0, 0.5, scales="length")] = 0.0,
    min_size: Annotated[int, Range(0, 2000, 10, scales="area")] = 0,
) -> np.ndarray:
    """GrabCut (Rother et al. 2004): cut the object out of a box, touched up by strokes.

    Each pixel gets object or background. Two Gaussian mixtures of five colours each model
    the object's colours and the background's; the cut minimises the energy
    ``E = sum_i -log p(colour_i | model of its side) + gamma * sum_ij [sides differ]
    exp(-beta |colour_i - colour_j|**2)``: a data term (each pixel near the colours of its
    side) and a smoothness term that charges for every neighbour pair cut apart, little across a
    colour edge and much inside a flat region. The minimum is an exact minimum cut of a graph
    (Boykov-Kolmogorov max-flow). GrabCut then refits the two mixtures to the new sides and cuts
    again, ``iterations`` times.

    ``beta`` is one over twice the mean squared colour step between neighbours over the whole
    image, so noise, which inflates that mean, makes a real edge look no cheaper to cut than a
    flat region: smooth a noisy image first (``sigma``).

    A box says: everything outside is surely background, the inside is probably object. Strokes
    fix pixels for good: background strokes (1) are surely background, object strokes (2 or
    above) surely object, even outside the box. Without a box the strokes alone start the
    colour models (then both labels are needed): each unmarked pixel starts on the side whose
    strokes' mean colour is nearer, so that neither mixture begins with the other's colours.

    Use it for an object in a colour photograph that differs from its surroundings in colour:
    one box is often enough, a stroke or two repairs the rest.

    Parameters
    ----------
    image : ndarray
        Canonical gray or RGB image; it is cut on its 8-bit colours (gray as three equal
        channels).
    box : array-like, optional
        ``(top, left, bottom, right)`` around the object, half-open; it must leave some image
        outside (or give background strokes).
    scribbles : ndarray, optional
        ``(H, W)`` integer strokes: ``0`` not marked, ``1`` background, ``2`` (and above)
        object. Without a box they need both labels.
    iterations : int, optional
        Rounds of refitting the colour models and cutting again; 1 is a single graph cut,
        more lets the models forget the background that the box held.
    sigma : float, optional
        Gaussian smoothing of the colours, in pixels, before the cut; 0 cuts the colours as
        they are (a photograph: smoothing would blur the border by about a pixel), 1 to 2 for
        a noisy image (a microscope's), where without it the cut may keep nothing.
    min_size : int, optional
        Smallest object kept, in pixels, after the holes are filled
        (:func:`segutils.masks.clean_mask`); 0 returns the cut as it is, holes and specks
        included.

    Returns
    -------
    ndarray
        ``bool`` mask of the object, the image's ``(H, W)``.

    Raises
    ------
    ValueError
        Without a box or scribbles of both labels, or when the box and strokes leave no
        background (a box over the whole image) or no object to model.

    Examples
    --------
    >>> from segutils.datasets import synthetic
    >>> from segutils.metrics import iou
    >>> from segutils.hints.prompts import box_around
    >>> one = synthetic((64, 64), n_objects=1, difficulty=0.0, seed=1)
    >>> iou(one.mask, grabcut(one.image, box=box_around(one.mask))) > 0.9
    True

    References
    ----------
    Rother, C., Kolmogorov, V. and Blake, A., "GrabCut: interactive foreground extraction using
    iterated graph cuts", ACM Transactions on Graphics 23(3) (SIGGRAPH), 309-314, 2004;
    Boykov, Y. and Jolly, M.-P., "Interactive graph cuts for optimal boundary & region
    segmentation of objects in N-D images", ICCV 2001; OpenCV, ``cv2.grabCut``.
    """
    colours = to_bgr_uint8(to_rgb(image))
    if sigma > 0:
        colours = cv2.GaussianBlur(colours, (0, 0), sigma)
    # One start for a box, strokes or both: OpenCV's GC_INIT_WITH_RECT builds exactly this mask
    # from a rectangle (outside background, inside probably object) before cutting.
    start = _initial_mask(colours, box, scribbles)
    # OpenCV's model arrays, filled in place: 5 components x (1 weight + 3 means + 9 covariances).
    background_model = np.zeros((1, 65), np.float64)
    object_model = np.zeros((1, 65), np.float64)
    # GrabCut starts its colour mixtures by k-means seeded from OpenCV's global random state,
    # which every earlier call advances: without a fixed seed the same box gives a different
    # cut from one call to the next (6.5 % or 12.6 % of scikit-image's astronaut from its head's
    # box). Fixing it makes a method of the collection what it must be, a function of its inputs.
    cv2.setRNGSeed(0)
    cv2.grabCut(
        colours,
        start,
        None,
        background_model,
        object_model,
        iterations,
        cv2.GC_INIT_WITH_MASK,
    )
    objects = (start == cv2.GC_FGD) | (start == cv2.GC_PR_FGD)
    return clean_mask(objects, min_size=min_size) if min_size else objects


def _initial_mask(
    colours: np.ndarray, box: np.ndarray | None, scribbles: np.ndarray | None
) -> np.ndarray:
    """OpenCV's four-state mask from the box and the strokes, refusing a start with one side."""
    height, width = colours.shape[:2]
    if box is None and scribbles is None:
        raise ValueError(
            "hints.grabcut() needs a box or scribbles, got neither. Pass box=(top, left, "
            "bottom, right) around the object, or scribbles= with 1 on background and 2 on "
            "object pixels."
        )
    if box is None:
        _need_both_labels(scribbles)
        start = _nearer_side(colours, scribbles)
    else:
        start = np.full((height, width), cv2.GC_BGD, np.uint8)
        top, left, bottom, right = (int(value) for value in box)
        start[top:bottom, left:right] = cv2.GC_PR_FGD
    if scribbles is not None:
        start[scribbles == BACKGROUND] = cv2.GC_BGD
        start[scribbles >= OBJECT] = cv2.GC_FGD
    background = np.isin(start, (cv2.GC_BGD, cv2.GC_PR_BGD))
    if not background.any():
        raise ValueError(
            "hints.grabcut(): the box covers the whole image, so no pixel is known to be "
            "background and GrabCut has no background colours to model. Draw the box inside "
            "the image's border, or mark some background with scribbles (1)."
        )
    if background.all():
        raise ValueError(
            "hints.grabcut(): the background strokes cover the whole box, so no pixel may be "
            "object. Draw the box around the object, or mark it with scribbles (2)."
        )
    return start


def _need_both_labels(scribbles: np.ndarray) -> None:
    """Without a box, the strokes must start both colour models."""
    if not ((scribbles == BACKGROUND).any() and (scribbles >= OBJECT).any()):
        raise ValueError(
            "hints.grabcut() needs scribbles of both labels when no box is given (1 background, "
            "2 object), to start both colour models. Add the missing strokes or pass "
            "box=(top, left, bottom, right) around the object."
        )


def _nearer_side(colours: np.ndarray, scribbles: np.ndarray) -> np.ndarray:
    """Each unmarked pixel probably on the side whose strokes' mean colour is nearer.

    Starting every unmarked pixel on one side would give that side's mixture the other side's
    colours too; with few strokes on the other side, its few tight components then lose every
    pixel to the broad mixture, and the cut returns the strokes alone.
    """
    pixels = colours.reshape(-1, 3).astype(np.float32)
    marks = scribbles.ravel()
    object_mean = pixels[marks >= OBJECT].mean(axis=0)
    background_mean = pixels[marks == BACKGROUND].mean(axis=0)
    nearer_object = ((pixels - object_mean) ** 2).sum(axis=1) < (
        (pixels - background_mean) ** 2
    ).sum(axis=1)
    start = np.where(nearer_object, cv2.GC_PR_FGD, cv2.GC_PR_BGD).astype(np.uint8)
    return start.reshape(scribbles.shape)
