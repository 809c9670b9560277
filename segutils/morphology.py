"""Exact, faster equivalents of scikit-image morphology: the same pixels, computed another way.

Each function here returns what a scikit-image function returns, pixel for pixel, and exists
only because the library call is slower where segutils calls it often:

- :func:`inner_boundaries` equals ``skimage.segmentation.find_boundaries(labels,
  mode="inner")``; the explorer draws its contours with it, one frame per slider tick;
- :func:`thin` equals ``skimage.morphology.thin(mask)``, MATLAB's ``bwmorph(mask, 'thin',
  inf)``; the boundary benchmark thins every thresholded map with it;
- :func:`reconstruct_by_dilation` equals ``skimage.morphology.reconstruction(seed, mask)``;
  the h-maxima watershed rebuilds its lowered peaks with it, on every slider tick.

``tests/test_morphology.py`` checks each equality on real images and random masks;
``benchmarks/fast_paths.py`` prints each one's time beside the library call's, measured in the
same run. Other boundary definitions live elsewhere: :func:`segutils.metrics.bsds_boundaries` is
the Berkeley benchmark's (right, lower or lower-right neighbour differs), and
:func:`segutils.viz.mark_boundaries` draws scikit-image's, whose default ``mode="inner"``
marks the pixels of :func:`inner_boundaries`.

Examples
--------
>>> import numpy as np
>>> square = np.zeros((5, 5), bool); square[1:4, 1:4] = True
>>> int(thin(square).sum()), int(inner_boundaries(square).sum())
(1, 8)
"""

from __future__ import annotations

import cv2
import numpy as np

from .masks import as_mask, check_labels

__all__ = ["inner_boundaries", "reconstruct_by_dilation", "thin"]

_CROSS = cv2.getStructuringElement(cv2.MORPH_CROSS, (3, 3))
_SQUARE = np.ones((3, 3), np.uint8)
#: Largest label a ``float32`` holds exactly (OpenCV's morphology has no 32-bit integers).
_FLOAT32_EXACT = 2**24


def _two_dimensional(array: np.ndarray, name: str) -> np.ndarray:
    if array.ndim != 2:
        raise ValueError(
            f"{name} must be 2-D (H, W), got shape {array.shape}; pass one image at a time."
        )
    return array


def inner_boundaries(labels: np.ndarray) -> np.ndarray:
    """Pixels of each region that touch another region or the background, on every side.

    A region's outermost ring of pixels, whole (top, bottom, left and right alike): a pixel of
    a region (label > 0) is a boundary pixel when one of its four neighbours carries another
    label. This is the definition of :func:`skimage.segmentation.find_boundaries` with
    ``mode="inner"`` (and of the pixels :func:`segutils.viz.mark_boundaries` colours by
    default), computed as OpenCV's dilation differing from its erosion.

    Parameters
    ----------
    labels : ndarray
        ``(H, W)`` ``bool`` mask or integer labels, 0 the background.

    Returns
    -------
    ndarray
        ``bool`` boundary map of the same shape.

    Raises
    ------
    TypeError, ValueError
        For anything but a 2-D mask or label image (see :func:`segutils.masks.check_labels`).

    See Also
    --------
    segutils.metrics.bsds_boundaries : the Berkeley benchmark's boundaries, half a pixel off.

    Examples
    --------
    >>> import numpy as np
    >>> square = np.zeros((5, 5), int); square[1:4, 1:4] = 1
    >>> inner_boundaries(square).astype(int).tolist()
    [[0, 0, 0, 0, 0], [0, 1, 1, 1, 0], [0, 1, 0, 1, 0], [0, 1, 1, 1, 0], [0, 0, 0, 0, 0]]

    References
    ----------
    :func:`skimage.segmentation.find_boundaries` with ``mode="inner"`` (equal pixel for pixel);
    OpenCV documentation, ``cv2.dilate`` and ``cv2.erode``.
    """
    labels = _two_dimensional(check_labels(labels), "labels")
    exact = labels.dtype == bool or int(labels.max()) < _FLOAT32_EXACT
    values = labels.astype(np.float32 if exact else np.float64)
    changes = cv2.dilate(values, _CROSS) != cv2.erode(values, _CROSS)
    return changes & (values != 0)


def _thinning_tables() -> tuple[np.ndarray, np.ndarray]:
    """Deletion tables of the two sub-iterations of ``bwmorph(..., 'thin')``, by neighbour code.

    Bit ``k`` of a code is neighbour ``x[k + 1]``, counted counter-clockwise from the east
    (x1 = E, x2 = NE, x3 = N, ... x8 = SE), as in Lam, Lee and Suen (1992), p. 879, whose
    conditions G1, G2 and G3 (first sub-iteration) or G3' (second) delete the centre pixel.
    """
    codes = np.arange(256)
    x = [None] + [(codes >> k) & 1 == 1 for k in range(8)] + [(codes & 1) == 1]  # x[9] = x[1]
    crossings = sum((~x[2 * i - 1] & (x[2 * i] | x[2 * i + 1])).astype(int) for i in range(1, 5))
    n1 = sum((x[2 * k - 1] | x[2 * k]).astype(int) for k in range(1, 5))
    n2 = sum((x[2 * k] | x[2 * k + 1]).astype(int) for k in range(1, 5))
    g12 = (crossings == 1) & (np.minimum(n1, n2) >= 2) & (np.minimum(n1, n2) <= 3)
    g3 = ~((x[2] | x[3] | ~x[8]) & x[1])
    g3_prime = ~((x[6] | x[7] | ~x[4]) & x[5])
    return g12 & g3, g12 & g3_prime


_DELETE = _thinning_tables()


def thin(mask: np.ndarray) -> np.ndarray:
    """Thin a mask to one-pixel lines, as ``bwmorph(mask, 'thin', inf)`` and scikit-image do.

    The two-sub-iteration algorithm of Lam, Lee and Suen: each sub-iteration deletes, in
    parallel, the pixels whose 3x3 neighbourhood code is in its table, until a whole iteration
    deletes nothing. A pixel's fate depends only on its neighbourhood, so after the first two
    sub-iterations only the pixels next to a deletion of the last two can change: this visits
    just those, where :func:`skimage.morphology.thin` visits the whole image every time (the
    difference matters on the thick maps that low thresholds give; ``benchmarks/fast_paths.py``
    measures it). It stops when two sub-iterations in a row delete nothing.

    Parameters
    ----------
    mask : ndarray
        ``(H, W)`` ``bool`` mask (integers 0/1 are accepted).

    Returns
    -------
    ndarray
        ``bool`` thinned mask of the same shape; pixels outside the image count as background.

    Raises
    ------
    TypeError, ValueError
        For anything but a 2-D mask (see :func:`segutils.masks.as_mask`).

    Examples
    --------
    A 3-pixel-thick bar thins to its middle line, shortened by a pixel at each end:

    >>> import numpy as np
    >>> bar = np.zeros((5, 9), bool); bar[1:4, 1:8] = True
    >>> thin(bar).astype(int)[2].tolist()
    [0, 0, 1, 1, 1, 1, 1, 0, 0]

    References
    ----------
    :func:`skimage.morphology.thin` (equal pixel for pixel); MATLAB ``bwmorph(bw, 'thin', inf)``;
    Lam, Lee and Suen, "Thinning Methodologies - A Comprehensive Survey", IEEE TPAMI 14(9), 1992,
    p. 879.
    """
    mask = _two_dimensional(as_mask(mask), "mask")
    height, width = mask.shape
    stride = width + 2
    padded = np.zeros((height + 2, stride), np.uint8)  # zero border, as bwmorph and scikit-image
    padded[1:-1, 1:-1] = mask
    flat = padded.ravel()
    offsets = np.array([1, 1 - stride, -stride, -1 - stride, -1, stride - 1, stride, stride + 1])
    stamp = np.empty(flat.size, np.intp)
    deleted: list[np.ndarray] = [np.empty(0, np.intp), np.empty(0, np.intp)]
    step = 0
    while True:
        if step < 2:  # neither table has seen the pixels yet
            candidates = np.flatnonzero(flat)
        else:
            changed = np.concatenate(deleted)
            if changed.size == 0:
                break
            near = (changed[:, None] + offsets).ravel()
            # Deduplicate without sorting: each pixel keeps only its last position in `near`.
            order = np.arange(near.size)
            stamp[near] = order
            candidates = near[(stamp[near] == order) & (flat[near] == 1)]
        codes = np.zeros(candidates.size, np.uint8)
        for bit, offset in enumerate(offsets):
            codes |= flat[candidates + offset] << bit
        gone = candidates[_DELETE[step % 2][codes]]
        flat[gone] = 0
        deleted[step % 2] = gone
        step += 1
    return padded[1:-1, 1:-1].astype(bool)


def reconstruct_by_dilation(seed: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """Morphological reconstruction of ``seed`` under ``mask``: dilate, clip, until stable.

    Grows ``seed`` by 3x3 dilations, each clipped to ``mask``, until nothing changes: the
    result of :func:`skimage.morphology.reconstruction` with ``method="dilation"`` and its
    default 3x3 footprint. scikit-image floods by a priority queue over every pixel; repeated
    OpenCV dilations are quicker where the flooding travels a few pixels (the distance
    transform of small objects) and no quicker where it travels far (large objects, gray
    levels): ``benchmarks/fast_paths.py`` measures both. Computed in ``float32``.

    Parameters
    ----------
    seed : ndarray
        ``(H, W)`` real image to grow, ``seed <= mask`` everywhere.
    mask : ndarray
        ``(H, W)`` real image that bounds the growth.

    Returns
    -------
    ndarray
        ``float32`` reconstruction, equal to scikit-image's on the ``float32`` inputs.

    Raises
    ------
    TypeError
        For inputs that are not real-valued.
    ValueError
        For shapes that differ or are not 2-D, or a seed above the mask somewhere.

    Examples
    --------
    The h-maxima transform: peaks lowered by 1 and rebuilt under the original keep only the
    peaks that rise more than 1 above their surroundings.

    >>> import numpy as np
    >>> relief = np.array([[0, 3, 0, 1.5, 0, 0]], np.float32)
    >>> reconstruct_by_dilation(relief - 1, relief).tolist()
    [[0.0, 2.0, 0.0, 0.5, 0.0, 0.0]]

    References
    ----------
    :func:`skimage.morphology.reconstruction` (equal pixel for pixel on ``float32`` inputs);
    Vincent, "Morphological Grayscale Reconstruction in Image Analysis: Applications and
    Efficient Algorithms", IEEE Transactions on Image Processing 2(2), 1993.
    """
    seed, mask = np.asarray(seed), np.asarray(mask)
    for name, array in (("seed", seed), ("mask", mask)):
        if array.dtype.kind not in "biuf":
            raise TypeError(f"{name} must be a real-valued image, got dtype {array.dtype}.")
        _two_dimensional(array, name)
        if array.size == 0:  # OpenCV's dilation would fail inside the library
            raise ValueError(f"{name} is empty (shape {array.shape}): there is nothing to grow.")
    if seed.shape != mask.shape:
        raise ValueError(
            f"seed has shape {seed.shape} but mask has shape {mask.shape}; they must match."
        )
    mask = mask.astype(np.float32)
    current = seed.astype(np.float32)
    for name, array in (("seed", current), ("mask", mask)):
        # A NaN never compares equal, so the "until nothing changes" loop would never end.
        if not np.isfinite(array).all():
            raise ValueError(
                f"{name} holds NaN or infinite values (as float32); replace them first, e.g. "
                f"np.nan_to_num({name}), or crop them away."
            )
    if np.any(current > mask):
        raise ValueError(
            "seed lies above mask somewhere; reconstruction by dilation grows the seed up to "
            "the mask, so pass np.minimum(seed, mask)."
        )
    while True:
        previous = current
        for _ in range(8):  # checking for stability costs more than a dilation: check rarely
            current = np.minimum(cv2.dilate(current, _SQUARE), mask)
        if np.array_equal(previous, current):
            return current
