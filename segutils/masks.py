"""Masks and label images: the one check of each, nearest-neighbour resizing, and the clean-up.

The conventions (see :mod:`segutils.images` for images):

- a **mask** is a ``bool`` array, ``True`` on the foreground. An integer array holding only 0
  and 1 is accepted as a mask; any other integer values (0/255 from an image file, labels) are
  refused with the conversion to use, because guessing would score them wrongly.
- a **label image** is an integer array with 0 for background and 1..N for regions; a ``bool``
  mask is a label image with one region. Negative labels are refused, and so is a ``uint8``
  array holding only 0 and 255 (a mask read from an image file, not two labels).
- a float array (a probability map, an image) is neither: threshold it first.

Every method that cleans a mask calls :func:`clean_mask`, so "fill holes" and "remove small
objects" happen in one order everywhere.

Examples
--------
>>> import numpy as np
>>> as_mask(np.array([[0, 1]], dtype=np.uint8)).tolist()
[[False, True]]
"""

from __future__ import annotations

import cv2
import numpy as np
from scipy import ndimage as ndi
from skimage import morphology

__all__ = [
    "as_mask",
    "check_labels",
    "clean_mask",
    "compact_labels",
    "remove_small",
    "resize_labels",
]

#: A span of label values up to this many per pixel (plus a constant) is renumbered through a
#: lookup table indexed by value, which needs no sort; a wider span (object ids of 10**9) is
#: sorted instead, so that memory follows the pixels, never the values.
_LOOKUP_PER_PIXEL = 4
_LOOKUP_CONSTANT = 1024


def _check_shape(array: np.ndarray, name: str, shape: tuple[int, ...] | None) -> None:
    if array.size == 0:
        raise ValueError(f"{name} is empty (shape {array.shape}): there is nothing to compare.")
    if shape is not None and array.shape != tuple(shape):
        raise ValueError(
            f"{name} has shape {array.shape} but the image is {tuple(shape)}; it must cover the "
            "same pixels. Resize it with segutils.masks.resize_labels(array, shape)."
        )


def check_labels(
    array: np.ndarray, *, name: str = "labels", shape: tuple[int, ...] | None = None
) -> np.ndarray:
    """Check that ``array`` is a mask or a label image (and, optionally, of a given shape).

    Parameters
    ----------
    array : array-like
        ``bool`` mask or non-negative integer labels.
    name : str, optional
        What to call the array in error messages.
    shape : tuple of int, optional
        The shape it must have.

    Returns
    -------
    ndarray
        The array, unchanged (``np.asarray`` of it).

    Raises
    ------
    TypeError
        For floats (a probability map or an image) and other non-integer types.
    ValueError
        For negative labels, an empty array or a wrong shape.

    Examples
    --------
    >>> import numpy as np
    >>> check_labels(np.array([[0.2, 0.9]]))  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    TypeError: labels has dtype float64; ... e.g. probability > 0.5.

    References
    ----------
    scikit-image user guide, "Image data types and what they mean".
    """
    array = np.asarray(array)
    if array.dtype.kind not in "biu":
        raise TypeError(
            f"{name} has dtype {array.dtype}; pass a bool mask or an integer label image. "
            "Threshold a probability map or an image first, e.g. probability > 0.5."
        )
    _check_shape(array, name, shape)
    if _is_saved_mask(array):
        top, bits = np.iinfo(array.dtype).max, array.dtype.itemsize * 8
        raise ValueError(
            f"{name} holds only 0 and {top}: a mask saved as {'an' if bits == 8 else 'a'} "
            f"{bits}-bit image, not labels. Pass ({name} > 0)."
        )
    if array.dtype.kind == "i" and array.min() < 0:
        raise ValueError(
            f"{name} has negative labels ({array.min()}); labels are 0 (background) and 1..N."
        )
    return array


def _is_saved_mask(array: np.ndarray) -> bool:
    """An 8 or 16-bit array of only 0 and its type's largest value: how image tools save masks.

    Taken as labels, its foreground would be class 255 (or 65535) and would silently score 0
    against a prediction labelled 1, so both widths are refused alike, with the way out.
    """
    if array.dtype not in (np.uint8, np.uint16) or array.size == 0:
        return False
    top = np.iinfo(array.dtype).max
    return array.max() == top and not np.any((array != 0) & (array != top))


def compact_labels(
    labels: np.ndarray, *, keep_zero: bool = False, return_counts: bool = False
) -> tuple[np.ndarray, ...]:
    """Renumber labels to ``0..K-1`` in the order of their values: the one relabelling.

    Anything that counts labels (a confusion matrix, a contingency table, a palette) counts
    these codes instead of the values, so that its memory follows the number of pixels and of
    distinct labels, whatever the integer type and however large the values (a 16-bit mask of
    0 and 65535, object ids of 10**9 from a database). Labels of a span up to a few per pixel
    are renumbered through a table by value, without a sort; others by a sort
    (:func:`numpy.unique`).

    Parameters
    ----------
    labels : ndarray
        ``bool`` or integer array of any shape (negative values too, unless ``keep_zero``).
    keep_zero : bool, optional
        Keep code 0 for label 0 (the background) even where no pixel has it: the other labels
        are then numbered from 1. Needs non-negative labels.
    return_counts : bool, optional
        Also return the number of pixels of each label.

    Returns
    -------
    codes : ndarray
        ``intp`` array of the shape of ``labels``, ``values[codes] == labels``.
    values : ndarray
        The distinct labels in increasing order, of the dtype of ``labels`` (with ``keep_zero``,
        ``values[0]`` is 0).
    counts : ndarray
        Only with ``return_counts``: ``int64`` pixels of each of ``values`` (0 for a
        background added by ``keep_zero``).

    Raises
    ------
    TypeError
        For an array that is neither ``bool`` nor integer.
    ValueError
        For ``keep_zero`` with negative labels.

    Examples
    --------
    >>> import numpy as np
    >>> codes, values = compact_labels(np.array([[0, 65535], [65535, 0]], np.uint16))
    >>> codes.tolist(), values.tolist()
    ([[0, 1], [1, 0]], [0, 65535])
    >>> codes, values, counts = compact_labels(
    ...     np.array([10**9, 7, 10**9]), keep_zero=True, return_counts=True
    ... )
    >>> codes.tolist(), values.tolist(), counts.tolist()
    ([2, 1, 2], [0, 7, 1000000000], [0, 1, 2])

    References
    ----------
    :func:`numpy.unique` with ``return_inverse=True``; scikit-image's
    :func:`skimage.segmentation.relabel_sequential` (the same renumbering, with 0 kept).
    """
    labels = np.asarray(labels)
    if labels.dtype.kind not in "biu":
        raise TypeError(
            f"labels has dtype {labels.dtype}; only bool or integer labels can be renumbered."
        )
    flat = labels.ravel()
    if flat.size == 0:
        codes, values, counts = np.zeros(labels.shape, np.intp), flat[:0], np.zeros(0, np.int64)
    else:
        low, high = int(flat.min()), int(flat.max())
        if keep_zero and low < 0:
            raise ValueError(
                f"labels has negative values ({low}); keep_zero=True keeps code 0 for the "
                "background 0, which needs labels of 0 and above."
            )
        if high - low <= _LOOKUP_PER_PIXEL * flat.size + _LOOKUP_CONSTANT:
            codes, values, counts = _compact_by_lookup(flat, low, high)
        else:
            values, codes, counts = np.unique(flat, return_inverse=True, return_counts=True)
            codes = codes.astype(np.intp, copy=False)
        codes = codes.reshape(labels.shape)
    if keep_zero and (values.size == 0 or values[0] != 0):
        codes = codes + 1
        values = np.concatenate([np.zeros(1, labels.dtype), values])
        counts = np.concatenate([np.zeros(1, np.int64), counts])
    return (codes, values, counts) if return_counts else (codes, values)


def _compact_by_lookup(
    flat: np.ndarray, low: int, high: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """:func:`compact_labels` of labels whose span ``high - low`` is small: a table by value."""
    # Offsets from the lowest label in 64 bits (unsigned for uint64, whose values may pass the
    # signed range): exact for every integer type, and small, since the span is.
    wide = np.uint64 if flat.dtype == np.uint64 else np.int64
    offsets = flat.astype(wide, copy=False)
    if low:
        offsets = offsets - wide(low)  # a new array: the caller's labels stay as they are
    offsets = offsets.view(np.intp)
    counts = np.bincount(offsets, minlength=high - low + 1)
    present = counts > 0
    lookup = np.cumsum(present, dtype=np.intp) - 1
    values = (np.flatnonzero(present).astype(wide) + wide(low)).astype(flat.dtype)
    return lookup[offsets], values, counts[present]


def as_mask(
    array: np.ndarray, *, name: str = "mask", shape: tuple[int, ...] | None = None
) -> np.ndarray:
    """Return ``array`` as a ``bool`` mask, accepting only what is unambiguously one.

    Parameters
    ----------
    array : array-like
        ``bool``, or integers that are all 0 or 1.
    name : str, optional
        What to call the array in error messages.
    shape : tuple of int, optional
        The shape it must have.

    Returns
    -------
    ndarray
        ``bool`` mask.

    Raises
    ------
    TypeError
        For floats (threshold them first).
    ValueError
        For integers other than 0 and 1 (say which foreground you mean: ``array > 0``), an
        empty array or a wrong shape.

    Examples
    --------
    >>> import numpy as np
    >>> as_mask(np.array([0, 255], np.uint8))  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: mask holds only 0 and 255: a mask saved as an 8-bit image, not labels. ...

    References
    ----------
    scikit-image user guide, "Image data types and what they mean".
    """
    array = check_labels(array, name=name, shape=shape)
    if array.dtype == bool:
        return array
    largest = int(array.max())
    if largest > 1:
        raise ValueError(
            f"{name} holds values other than 0 and 1 (largest {largest}); a mask is bool. "
            f"For a 0/255 image or a label image pass ({name} > 0)."
        )
    return array.astype(bool)


def resize_labels(labels: np.ndarray, shape: tuple[int, int]) -> np.ndarray:
    """Resize a mask or label image by nearest neighbour (no new labels are invented).

    Parameters
    ----------
    labels : ndarray
        ``bool`` mask or integer labels, ``(H, W)``.
    shape : tuple of int
        Target ``(height, width)``.

    Returns
    -------
    ndarray
        Same dtype as ``labels``, of the new shape.

    Examples
    --------
    >>> import numpy as np
    >>> resize_labels(np.array([[1, 2]]), (2, 4)).tolist()
    [[1, 1, 2, 2], [1, 1, 2, 2]]

    References
    ----------
    OpenCV documentation, ``cv2.resize`` with ``INTER_NEAREST``.
    """
    labels = check_labels(labels)
    if labels.ndim != 2:
        raise ValueError(f"labels must be 2-D (H, W), got shape {labels.shape}.")
    height, width = (int(side) for side in shape)
    if height < 1 or width < 1:
        raise ValueError(f"shape must be at least 1x1, got {shape}.")
    if labels.shape == (height, width):
        return labels
    # OpenCV resizes int32 but neither bool nor 64-bit integers. Labels past int32 (object ids
    # of 10**10) are resized as their codes, which number no more than the pixels.
    values = None
    if int(labels.max()) > np.iinfo(np.int32).max:
        labels, values = compact_labels(labels)
    resized = cv2.resize(
        labels.astype(np.int32), (width, height), interpolation=cv2.INTER_NEAREST_EXACT
    )
    return resized.astype(labels.dtype) if values is None else values[resized]


def remove_small(mask: np.ndarray, min_size: int) -> np.ndarray:
    """Drop connected regions (4-connected) of fewer than ``min_size`` pixels.

    Parameters
    ----------
    mask : ndarray
        ``bool`` mask.
    min_size : int
        Smallest region, in pixels, that is kept; 0 or 1 keeps everything.

    Returns
    -------
    ndarray
        ``bool`` mask.

    Examples
    --------
    >>> import numpy as np
    >>> mask = np.zeros((5, 5), bool); mask[0, 0] = True; mask[2:5, 2:5] = True
    >>> int(remove_small(mask, 4).sum())
    9

    References
    ----------
    :func:`skimage.morphology.remove_small_objects`.
    """
    mask = as_mask(mask)
    if min_size <= 1:
        return mask
    return morphology.remove_small_objects(mask, max_size=min_size - 1)


def clean_mask(mask: np.ndarray, *, min_size: int = 0, fill_holes: bool = True) -> np.ndarray:
    """The clean-up every method uses: fill holes first, then remove small objects.

    The order matters, and this one is chosen so that an object's size is the area its outline
    encloses: a closed outline (a ring of Canny edges, a hollow nucleus) is filled and then kept,
    whereas removing small objects first would throw the thin ring away before it is filled.
    Specks inside a hole disappear into the filled object either way.

    Parameters
    ----------
    mask : ndarray
        ``bool`` mask.
    min_size : int, optional
        Connected regions smaller than this many pixels (after filling) are removed.
    fill_holes : bool, optional
        Fill background regions enclosed by the foreground (not touching the image border).

    Returns
    -------
    ndarray
        ``bool`` mask.

    Examples
    --------
    >>> import numpy as np
    >>> ring = np.zeros((9, 9), bool); ring[2:7, 2:7] = True; ring[3:6, 3:6] = False
    >>> int(ring.sum()), int(clean_mask(ring, min_size=20).sum())  # 16 pixels, 25 enclosed
    (16, 25)

    References
    ----------
    :func:`scipy.ndimage.binary_fill_holes`; :func:`skimage.morphology.remove_small_objects`.
    """
    mask = as_mask(mask)
    if fill_holes:
        mask = ndi.binary_fill_holes(mask)
    return remove_small(mask, min_size)
