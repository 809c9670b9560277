"""Active contours: a closed curve that starts from a box or a click and moves to the object.

Both methods are morphological snakes (Marquez-Neila et al. 2014): the curve is the border of a
binary region, moved one pixel at a time by dilations and erosions, and kept smooth by
morphological curvature operators; no partial differential equation is solved, so the curve
cannot become unstable and each iteration costs a few passes over the image. They differ in what
pulls the curve: region statistics (:func:`acwe`) or edges (:func:`geodesic_contour`).
An iteration moves the curve by at most one pixel, so ``iterations`` is a distance: it scales
with the image like a length.
"""

from __future__ import annotations

from typing import Annotated

import numpy as np
from skimage import segmentation

from ..images import to_gray
from ..params import Box, Range, Scribbles
from ..registry import register
from .prompts import initial_region, require_two_pixels_a_side

__all__ = ["acwe", "geodesic_contour"]


@register("hints")
def acwe(
    image: np.ndarray,
    *,
    box: Box = None,
    scribbles: Scribbles = None,
    iterations: Annotated[int, Range(1, 400, 1, scales="length")] = 100,
    smoothing: Annotated[int, Range(0, 4, 1)] = 2,
    lambda1: Annotated[float, Range(0.1, 10.0, 0.1)] = 1.0,
    lambda2: Annotated[float, Range(0.1, 10.0, 0.1)] = 1.0,
) -> np.ndarray:
    """Morphological active contour without edges (Chan-Vese): split the image into two flat parts.

    The curve ``C`` minimises the Chan-Vese energy
    ``mu * length(C) + lambda1 * sum_inside (I - c1)**2 + lambda2 * sum_outside (I - c2)**2``,
    where ``c1`` and ``c2`` are the mean gray levels inside and outside: the best curve splits
    the image into two regions that are each as uniform as possible, with a short border. It
    needs no edges at all, so it finds objects with blurred or noisy borders that an edge-based
    method misses. In the morphological form the curve moves by a dilation or erosion wherever
    a border pixel is closer to the other region's mean, and ``smoothing`` curvature steps per
    iteration stand in for the length term ``mu``.

    Start it from a box around the object (the curve shrinks onto it) or from clicks on the
    object (each a small disc, :data:`~segutils.hints.prompts.CLICK_RADIUS`; the curve grows
    from there). Background strokes play no part. Use it for an object that differs from its
    surroundings in mean brightness, when its edges are weak.

    Parameters
    ----------
    image : ndarray
        Canonical gray or RGB image (RGB is taken as its luminance).
    box : array-like, optional
        ``(top, left, bottom, right)``, half-open: the curve starts as this box.
    scribbles : ndarray, optional
        ``(H, W)`` integer strokes; those of label 2 or above (object) start the curve too.
    iterations : int, optional
        How many steps the curve makes; each moves it by at most one pixel, so give at least
        the distance from the start to the object's border.
    smoothing : int, optional
        Curvature smoothing steps per iteration (the length penalty): 0 lets the curve follow
        every wiggle and noise speck, 3 or 4 keep it round. The default 2 keeps a curve that
        starts as a box from catching on the noise of the background.
    lambda1 : float, optional
        Weight of the inside's uniformity; raise it above ``lambda2`` to keep the inside
        strictly one gray level (a tighter object).
    lambda2 : float, optional
        Weight of the outside's uniformity; raise it above ``lambda1`` when the background is
        the flat part and the object varies.

    Returns
    -------
    ndarray
        ``bool`` mask, ``True`` inside the final curve.

    Raises
    ------
    ValueError
        Without a box or an object stroke to start from, or for an image 1 pixel wide.

    Examples
    --------
    >>> from segutils.datasets import synthetic
    >>> from segutils.metrics import iou
    >>> from segutils.hints.prompts import box_around
    >>> one = synthetic((64, 64), n_objects=1, difficulty=0.0, seed=1)
    >>> iou(one.mask, acwe(one.image, box=box_around(one.mask), iterations=30)) > 0.9
    True

    References
    ----------
    Chan, T. F. and Vese, L. A., "Active contours without edges", IEEE Transactions on Image
    Processing 10(2), 266-277, 2001; Marquez-Neila, P., Baumela, L. and Alvarez, L., "A
    morphological approach to curvature-based evolution of curves and surfaces", IEEE TPAMI
    36(1), 2-17, 2014; scikit-image, :func:`skimage.segmentation.morphological_chan_vese`.
    """
    start = initial_region(box, scribbles, image.shape, method="hints.acwe")
    require_two_pixels_a_side(image.shape, method="hints.acwe")
    level_set = segmentation.morphological_chan_vese(
        to_gray(image),
        iterations,
        init_level_set=start,
        smoothing=smoothing,
        lambda1=lambda1,
        lambda2=lambda2,
    )
    return level_set.astype(bool)


@register("hints")
def geodesic_contour(
    image: np.ndarray,
    *,
    box: Box = None,
    scribbles: Scribbles = None,
    iterations: Annotated[int, Range(1, 400, 1, scales="length")] = 150,
    smoothing: Annotated[int, Range(0, 4, 1)] = 1,
    sigma: Annotated[float, Range(0.5, 10.0, 0.5, scales="length")] = 2.0,
    alpha: Annotated[float, Range(10.0, 1000.0, 10.0)] = 100.0,
    balloon: Annotated[float, Range(0.0, 3.0, 0.1)] = 1.0,
    threshold_percentile: Annotated[float, Range(0.0, 100.0, 1.0)] = 40.0,
) -> np.ndarray:
    """Morphological geodesic active contour: a curve pushed by a balloon, stopped by edges.

    The curve minimises a length measured in an edge metric,
    ``integral over C of g(I) ds``, where ``g = 1 / sqrt(1 + alpha |grad (G_sigma * I)|)``
    (:func:`skimage.segmentation.inverse_gaussian_gradient`) is near 1 in flat regions and near
    0 on edges: the shortest curves in that metric run along edges. A balloon force inflates
    or deflates the curve where ``g`` is large (away from edges), so it travels across flat
    regions and halts at the object's border; the gradient of ``g`` attracts it onto the edge.

    The balloon's sign comes from the prompt: **a box shrinks** (the object is inside, so the
    curve deflates from the box until the object's edges hold it), **clicks grow** (each object
    stroke becomes a small disc that inflates until the edges around it hold it). Growing from a
    box or shrinking from a click would run away from the object at once. With a box and
    strokes, the curve starts from both and shrinks. Use it for an object with a clear outline,
    whatever its inside looks like; for an object that differs in brightness but has weak edges
    use :func:`acwe`.

    Parameters
    ----------
    image : ndarray
        Canonical gray or RGB image (RGB is taken as its luminance).
    box : array-like, optional
        ``(top, left, bottom, right)``, half-open: the curve starts as this box and shrinks.
    scribbles : ndarray, optional
        ``(H, W)`` integer strokes; those of label 2 or above (object) start the curve, which
        grows from them when no box is given.
    iterations : int, optional
        How many steps the curve makes, each at most one pixel: at least the distance from the
        start to the object's border.
    smoothing : int, optional
        Curvature smoothing steps per iteration: higher keeps the curve round and stops it
        leaking through gaps in the edge.
    sigma : float, optional
        Gaussian smoothing, in pixels, before the gradient: larger ignores noise and fine
        texture, smaller keeps thin details.
    alpha : float, optional
        Steepness of ``g``: larger makes weaker edges stop the curve.
    balloon : float, optional
        Strength of the balloon force (its sign comes from the prompt); 0 moves the curve only
        by the edges' attraction. A larger value pushes it through weak edges, because it acts
        wherever ``g`` exceeds the threshold divided by the strength.
    threshold_percentile : float, optional
        The threshold, as a percentile of ``g`` over the image: where ``g`` is below it the
        balloon stops (an edge). The default 40 is scikit-image's ``threshold="auto"``.

    Returns
    -------
    ndarray
        ``bool`` mask, ``True`` inside the final curve.

    Raises
    ------
    ValueError
        Without a box or an object stroke to start from, or for an image 1 pixel wide.

    Examples
    --------
    >>> from segutils.datasets import synthetic
    >>> from segutils.metrics import iou
    >>> from segutils.hints.prompts import box_around
    >>> one = synthetic((64, 64), n_objects=1, difficulty=0.0, seed=1)
    >>> top, left, bottom, right = box_around(one.mask)
    >>> box = (max(top - 4, 0), max(left - 4, 0), min(bottom + 4, 64), min(right + 4, 64))
    >>> iou(one.mask, geodesic_contour(one.image, box=box, iterations=40)) > 0.85
    True

    References
    ----------
    Caselles, V., Kimmel, R. and Sapiro, G., "Geodesic active contours", International Journal
    of Computer Vision 22(1), 61-79, 1997; Marquez-Neila, P., Baumela, L. and Alvarez, L., "A
    morphological approach to curvature-based evolution of curves and surfaces", IEEE TPAMI
    36(1), 2-17, 2014; scikit-image,
    :func:`skimage.segmentation.morphological_geodesic_active_contour`.
    """
    start = initial_region(box, scribbles, image.shape, method="hints.geodesic_contour")
    require_two_pixels_a_side(image.shape, method="hints.geodesic_contour")
    edges = segmentation.inverse_gaussian_gradient(to_gray(image), alpha=alpha, sigma=sigma)
    direction = -1.0 if box is not None else 1.0
    level_set = segmentation.morphological_geodesic_active_contour(
        edges,
        iterations,
        init_level_set=start,
        smoothing=smoothing,
        threshold=float(np.percentile(edges, threshold_percentile)),
        balloon=direction * balloon,
    )
    return level_set.astype(bool)
