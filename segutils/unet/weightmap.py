"""The U-Net paper's weight map: per-pixel loss weights that make thin gaps between cells count.

A gap of a few background pixels between two cells is a tiny part of the image, so a network
trained with a plain cross-entropy can merge the two cells and lose almost nothing. Ronneberger
et al. (2015) weight each pixel's loss by

    w(x) = w_c(x) + w0 * exp(-(d1(x) + d2(x))^2 / (2 * sigma^2))

where ``d1`` and ``d2`` are the distances from ``x`` to the nearest and the second-nearest
cell, and ``w_c`` balances the class frequencies. Between two close cells ``d1 + d2`` is the
width of the gap, so the second term is near ``w0`` there, and it vanishes wherever the nearest
two cells are far apart.
"""

from __future__ import annotations

import numpy as np
from scipy import ndimage as ndi

from ..masks import check_labels

__all__ = ["border_weight_map", "class_balance"]

#: How many ``sigma`` beyond a cell its distances are computed: farther, ``d1 + d2`` leaves
#: less than exp(-32) = 1.3e-14 of ``w0``.
_REACH = 8.0


def class_balance(classes: np.ndarray) -> np.ndarray:
    """Per-pixel weights that give every class present the same total weight.

    A pixel of class ``c`` weighs ``n / (k * n_c)``, where ``n`` is the pixel count, ``k`` the
    number of classes present and ``n_c`` the pixels of class ``c`` (scikit-learn's
    ``class_weight="balanced"``): the weights average to 1, and a rare class, such as the
    membranes or the borders, weighs as much in total as a common one.

    Parameters
    ----------
    classes : ndarray
        ``(H, W)`` integer classes (or a ``bool`` mask: two classes).

    Returns
    -------
    ndarray
        ``float32`` weights of ``classes``' shape.

    Raises
    ------
    TypeError, ValueError
        For float arrays, negative classes or an array that is not 2-D.

    Examples
    --------
    One foreground pixel among four: it weighs 4 / (2 * 1) = 2, the others 4 / (2 * 3).

    >>> balance = class_balance(np.array([[True, False], [False, False]]))
    >>> balance.astype(float).round(3).tolist()
    [[2.0, 0.667], [0.667, 0.667]]

    References
    ----------
    Ronneberger, Fischer & Brox, "U-Net", MICCAI 2015, eq. 2 (``w_c``); scikit-learn
    documentation, ``sklearn.utils.class_weight.compute_class_weight``.
    """
    classes = check_labels(classes, name="classes")
    if classes.ndim != 2:
        raise ValueError(f"classes must be a 2-D (H, W) array, got shape {classes.shape}.")
    values, index, counts = np.unique(classes, return_inverse=True, return_counts=True)
    per_class = classes.size / (len(values) * counts)
    return per_class[index].reshape(classes.shape).astype(np.float32)


def border_weight_map(
    labels: np.ndarray,
    *,
    w0: float = 10.0,
    sigma: float = 5.0,
    classes: np.ndarray | None = None,
) -> np.ndarray:
    """The U-Net paper's loss weights: class balance plus a bump in the gaps between cells.

    ``w(x) = w_c(x) + w0 * exp(-(d1(x) + d2(x))^2 / (2 sigma^2))`` on background pixels, and
    ``w_c(x)`` on the cells themselves, as in the paper's figure 3d, where the weight is high
    only in the narrow background between cells. ``d1`` and ``d2`` are the Euclidean distances
    to the nearest and the second-nearest cell (``scipy.ndimage.distance_transform_edt`` of
    each cell's complement), and ``w_c`` is :func:`class_balance` of ``classes``.

    Each cell's distances are computed in a window around it that reaches
    ``8 * sigma`` beyond it: farther out, ``d1 + d2`` exceeds ``8 * sigma`` and the term is
    below ``1e-13 * w0``, so the cost grows with the number of cells, not with the image's
    size times that number.

    Parameters
    ----------
    labels : ndarray
        ``(H, W)`` integer labels, 0 for background and 1..N for the cells.
    w0 : float, optional
        Height of the bump in the gaps (10 in the paper).
    sigma : float, optional
        Width of the bump, in pixels (about 5 in the paper).
    classes : ndarray, optional
        The classes whose frequencies ``w_c`` balances, e.g. the three-class targets of
        :func:`~segutils.unet.targets.three_class_targets`; by default cell (``labels > 0``)
        against background.

    Returns
    -------
    ndarray
        ``float32`` weights of ``labels``' shape.

    Raises
    ------
    TypeError, ValueError
        For float labels, negative labels, a shape other than ``(H, W)``, ``classes`` of
        another shape, a negative ``w0`` or a ``sigma`` that is not positive.

    Examples
    --------
    Two cells three background pixels apart: in the gap ``d1 + d2 = 4`` (1 + 3, 2 + 2), so the
    bump there is ``10 * exp(-16 / 50) = 7.26`` on top of the background's ``w_c``.

    >>> labels = np.zeros((1, 9), np.int32)
    >>> labels[0, :3], labels[0, 6:] = 1, 2
    >>> weights = border_weight_map(labels)
    >>> round(float(weights[0, 4] - class_balance(labels > 0)[0, 4]), 2)
    7.26

    References
    ----------
    Ronneberger, Fischer & Brox, "U-Net: Convolutional Networks for Biomedical Image
    Segmentation", MICCAI 2015, eq. 2; SciPy documentation,
    ``scipy.ndimage.distance_transform_edt``.
    """
    labels = check_labels(labels)
    if labels.ndim != 2:
        raise ValueError(f"labels must be a 2-D (H, W) label image, got shape {labels.shape}.")
    if not np.isfinite(w0) or w0 < 0:
        raise ValueError(f"w0 must be a finite number of 0 or more, got {w0}.")
    if not np.isfinite(sigma) or sigma <= 0:
        raise ValueError(f"sigma must be a positive number of pixels, got {sigma}.")
    if classes is None:
        classes = labels > 0
    classes = check_labels(classes, name="classes", shape=labels.shape)
    weights = class_balance(classes)
    # Number the cells 1..N (labels such as 10**9 would make find_objects' list that long).
    values = np.unique(labels[labels > 0])
    labels = np.where(labels > 0, np.searchsorted(values, labels) + 1, 0)
    nearest = np.full(labels.shape, np.inf)
    second = np.full(labels.shape, np.inf)
    reach = int(np.ceil(_REACH * sigma))
    for value, box in enumerate(ndi.find_objects(labels), start=1):
        if box is None:
            continue
        window = tuple(
            slice(max(part.start - reach, 0), min(part.stop + reach, size))
            for part, size in zip(box, labels.shape, strict=True)
        )
        distance = ndi.distance_transform_edt(labels[window] != value)
        d1, d2 = nearest[window], second[window]
        second[window] = np.where(distance < d1, d1, np.minimum(d2, distance))
        nearest[window] = np.minimum(d1, distance)
    gap = w0 * np.exp(-((nearest + second) ** 2) / (2 * sigma**2))
    weights += np.where(labels == 0, gap, 0.0).astype(np.float32)
    return weights
