"""The random walker: each unmarked pixel takes the label a random walk from it likely meets first.

The walk steps from pixel to neighbour with a probability that falls with the intensity step
between them, so it rarely crosses an edge: labels diffuse from the scribbles and stop at edges.
"""

from __future__ import annotations

import math
from typing import Annotated, Literal

import numpy as np
from skimage import segmentation

from ..images import require_contrast
from ..params import Fixed, Range, Scribbles
from ..registry import register
from .prompts import scribble_labels

__all__ = ["random_walker"]


@register("hints")
def random_walker(
    image: np.ndarray,
    *,
    scribbles: Scribbles = None,
    log10_beta: Annotated[float, Range(0.0, 5.0, 0.1)] = 4.0,
    mode: Annotated[
        Literal["bf", "cg_j"],
        Fixed("the linear solver: the same answer, 'bf' (direct) is the faster on most images"),
    ] = "bf",
) -> np.ndarray:
    """Random walker segmentation (Grady 2006): labels diffuse from scribbles and stop at edges.

    The image is a graph: each pixel is joined to its four neighbours by an edge of weight
    ``w_ij = exp(-beta * |g_i - g_j|**2 / (10 * std))``, high between similar pixels and near 0
    across an edge (``g``: the gray or RGB values; ``std``: their standard deviation over the
    image, so that ``beta`` means the same on dim and bright images). For each label the
    method finds the probability ``x`` that a random walk from each unmarked pixel reaches that
    label's strokes first. That probability minimises the Dirichlet energy
    ``sum_ij w_ij (x_i - x_j)**2`` with ``x = 1`` on the label's strokes and ``0`` on the
    others' (a sparse linear system: the graph Laplacian); every pixel takes its most probable
    label. Unlike a watershed, the answer degrades gracefully on weak or broken edges, and a
    few strokes anywhere in an object are enough.

    Use it when you can mark a little of each region and the regions differ in brightness or
    colour: the edges steer the diffusion. Several object classes are fine.

    Parameters
    ----------
    image : ndarray
        Canonical gray or RGB image (RGB: the weights use all three channels).
    scribbles : ndarray
        ``(H, W)`` integer strokes: ``0`` not marked, ``1`` background, ``2`` object,
        ``3, 4, ...`` further objects; at least two labels must be present.
    log10_beta : float, optional
        ``log10`` of ``beta``, the edge penalty; a step of 1 multiplies ``beta`` by ten, so
        the slider covers weak to hard edges evenly. The default 4 (``beta = 10 000``) keeps
        labels inside objects of gray levels 0..1 with a few strokes (scikit-image's default,
        130 or 2.1 here, lets the larger strokes' label spread over weak edges). Raise it when
        labels leak across edges, lower it when noise or texture blocks the diffusion.
    mode : {"bf", "cg_j"}, optional
        The solver of scikit-image: ``"bf"`` a direct sparse factorisation, ``"cg_j"``
        conjugate gradients with a Jacobi preconditioner (tolerance 1e-3), for images so large
        that the factorisation runs out of memory.

    Returns
    -------
    ndarray
        ``int32`` classes of the image's ``(H, W)``: scribble label ``k`` becomes class
        ``k - 1`` (background 0, object 1, further objects 2, ...), so ``result > 0`` is the
        object mask.

    Raises
    ------
    ValueError
        If the scribbles hold fewer than two labels, or the image is constant (no edge to steer
        the walk).

    Examples
    --------
    >>> from segutils.datasets import synthetic
    >>> from segutils.metrics import iou
    >>> from segutils.params import BACKGROUND, OBJECT
    >>> easy = synthetic(difficulty=0.0, seed=0)
    >>> marks = np.where(easy.mask, OBJECT, BACKGROUND)
    >>> marks[np.random.default_rng(0).random(marks.shape) < 0.99] = 0  # keep 1 pixel in 100
    >>> iou(easy.mask, random_walker(easy.image, scribbles=marks) > 0) > 0.95
    True

    References
    ----------
    Grady, L., "Random walks for image segmentation", IEEE TPAMI 28(11), 1768-1783, 2006;
    scikit-image, :func:`skimage.segmentation.random_walker`.
    """
    scribble_labels(scribbles, method="hints.random_walker")
    require_contrast(image, method="hints.random_walker")
    labels = segmentation.random_walker(
        image,
        scribbles,
        beta=math.pow(10.0, log10_beta),
        mode=mode,
        channel_axis=-1 if image.ndim == 3 else None,
    )
    return (labels - 1).astype(np.int32)
