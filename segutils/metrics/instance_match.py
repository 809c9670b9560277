"""The objects two label images share, and their one-to-one matching as StarDist makes it.

Every instance measure of :mod:`segutils.metrics.instances` starts here, in two steps:

1. **Overlaps** (:func:`overlaps`): the contingency table of the two label images, renumbered
   to the objects present (:func:`segutils.masks.compact_labels`) so that large ids cost nothing
   (:func:`numpy.bincount` of the label pairs, or a sparse table when both hold many objects)
   gives every pair of overlapping objects, the pixels they share and their IoU.
2. **Matching** (:func:`count_matches`): StarDist's ``stardist.matching.matching`` (Schmidt et
   al. 2018). With ``n = min(n_true, n_pred)``, :func:`scipy.optimize.linear_sum_assignment`
   minimises the cost ``-(IoU >= thresh) - IoU / (2 n)``. The second term sums to at most 1/2,
   less than one match, so the solver maximises the number of matches first, the sum of IoUs
   next.

Objects are compared only by their pixels, so the numbering does not matter: gaps (labels 3, 7,
40) and any permutation give the same table.

Examples
--------
>>> import numpy as np
>>> table = overlaps(np.array([[1, 1, 0, 2]]), np.array([[4, 4, 4, 0]]))
>>> table.iou.tolist(), count_matches(table, 0.5)
([0.6666666666666666], (1, 0.6666666666666666))
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
from scipy import sparse
from scipy.optimize import linear_sum_assignment

from ..masks import check_labels, compact_labels

__all__: list[str] = []


class Overlaps(NamedTuple):
    """Pairs of overlapping objects: 0-based true and predicted indices, pixels, IoU."""

    rows: np.ndarray
    cols: np.ndarray
    pixels: np.ndarray
    iou: np.ndarray
    true_sizes: np.ndarray
    pred_sizes: np.ndarray


def _check_pair(truth: np.ndarray, prediction: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Check two label images of one shape; return them flattened."""
    truth, prediction = (
        check_labels(truth, name="truth"),
        check_labels(prediction, name="prediction"),
    )
    for name, array in (("truth", truth), ("prediction", prediction)):
        if array.dtype == bool:
            raise TypeError(
                f"{name} is a bool mask, which does not say where one object ends and a "
                "touching one begins. Pass a label image: label the connected components "
                f"with scipy.ndimage.label({name})[0], or score the foreground pixel by pixel "
                "with segutils.metrics.iou."
            )
    if truth.shape != prediction.shape:
        raise ValueError(
            f"truth has shape {truth.shape} but prediction has shape {prediction.shape}; they "
            "must match pixel for pixel. Resize the prediction with "
            "segutils.masks.resize_labels(prediction, truth.shape)."
        )
    return truth.ravel(), prediction.ravel()


def _countable(flat: np.ndarray) -> np.ndarray:
    """The labels as ``intp``, renumbered by rank (0 kept for the background) if too large."""
    if int(flat.max()) <= 4 * flat.size + 1024:  # a sensible range: count by value, no pass
        return flat.astype(np.intp, copy=False)
    return compact_labels(flat, keep_zero=True)[0]


def _objects(labels: np.ndarray, pixels: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Renumber the labels of the table's cells to objects 0..N-1 (-1: background); sizes."""
    ids, index = np.unique(labels, return_inverse=True)
    # Float weights sum integer counts exactly (below 2**53 pixels).
    sizes = np.bincount(index, weights=pixels).astype(np.int64)
    if ids[0] == 0:
        return index - 1, sizes[1:]
    return index, sizes


def overlaps(truth: np.ndarray, prediction: np.ndarray) -> Overlaps:
    """Check the pair and measure every pair of overlapping objects in one pass.

    Parameters
    ----------
    truth, prediction : ndarray
        Integer label images of one shape (any number of dimensions); 0 is the background.

    Returns
    -------
    Overlaps
        The overlapping pairs (background excluded) and every object's size.

    Raises
    ------
    TypeError, ValueError
        For a ``bool`` mask, floats, negative labels or shapes that differ.

    Examples
    --------
    >>> import numpy as np
    >>> table = overlaps(np.array([[7, 7, 0]]), np.array([[10**9, 0, 0]]))  # any ids
    >>> table.rows.tolist(), table.cols.tolist(), table.iou.tolist()
    ([0], [0], [0.5])

    References
    ----------
    Schmidt, U. et al. (2018). Cell Detection with Star-Convex Polygons. MICCAI;
    ``stardist.matching.label_overlap`` (the same table, sized by the largest label there).
    """
    truth, prediction = (_countable(flat) for flat in _check_pair(truth, prediction))
    n_rows, n_cols = int(truth.max()) + 1, int(prediction.max()) + 1
    if n_rows * n_cols <= 4 * truth.size + 1024:  # a dense table of a sensible size
        # By raw label, gaps included: renumbering the cells is cheaper than every pixel.
        table = np.bincount(truth * n_cols + prediction, minlength=n_rows * n_cols)
        cells = np.flatnonzero(table)
        pixels = table[cells]
        rows, cols = np.divmod(cells, n_cols)
    else:  # many objects on both sides: a sparse table holds only the pairs that occur
        table = sparse.csr_array(
            (np.ones(truth.size, np.int64), (truth, prediction)), shape=(n_rows, n_cols)
        )
        table.sum_duplicates()
        pixels, cols = table.data, table.indices
        rows = np.repeat(np.arange(n_rows), np.diff(table.indptr))
    rows, true_sizes = _objects(rows, pixels)
    cols, pred_sizes = _objects(cols, pixels)
    objects = (rows >= 0) & (cols >= 0)  # pairs with the background are no match
    rows, cols, pixels = rows[objects], cols[objects], pixels[objects]
    # IoU in float64, where StarDist uses float32: see the Notes of match_instances.
    iou = pixels / (true_sizes[rows] + pred_sizes[cols] - pixels)
    return Overlaps(rows, cols, pixels, iou, true_sizes, pred_sizes)


def count_matches(table: Overlaps, thresh: float) -> tuple[int, float]:
    """True positives and the sum of their IoUs, by StarDist's one-to-one assignment.

    Parameters
    ----------
    table : Overlaps
        What :func:`overlaps` measured.
    thresh : float
        IoU a matched pair needs, in ``(0, 1]`` (checked by the caller).

    Returns
    -------
    tuple
        ``(tp, sum of the matched pairs' IoUs)``.

    Examples
    --------
    >>> import numpy as np
    >>> count_matches(overlaps(np.array([[1, 1, 2, 2]]), np.array([[1, 1, 1, 2]])), 0.5)
    (2, 1.1666666666666665)

    References
    ----------
    Schmidt, U. et al. (2018). Cell Detection with Star-Convex Polygons. MICCAI;
    ``stardist.matching.matching``; :func:`scipy.optimize.linear_sum_assignment`.
    """
    n_matched = min(table.true_sizes.size, table.pred_sizes.size)
    iou = table.iou
    if n_matched == 0 or iou.size == 0:  # no pair to make, or no pair that overlaps
        return 0, 0.0
    if thresh > 0.5:
        # IoU > 0.5 needs more than half of both objects, so no object has two partners above
        # the threshold: those pairs already are the assignment with the most of them.
        hits = iou >= thresh
        return int(np.count_nonzero(hits)), float(iou[hits].sum())
    # Objects that overlap nothing add a cost of 0 wherever they go: solve only for the others.
    rows, row_index = np.unique(table.rows, return_inverse=True)
    cols, col_index = np.unique(table.cols, return_inverse=True)
    scores = np.zeros((rows.size, cols.size))
    scores[row_index, col_index] = iou
    cost = -(scores >= thresh).astype(float) - scores / (2 * n_matched)
    chosen = scores[linear_sum_assignment(cost)]
    hits = chosen >= thresh
    return int(np.count_nonzero(hits)), float(chosen[hits].sum())
