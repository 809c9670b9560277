"""Scoring one method's output against a task's truth, with the measures the task's kind uses.

Every method returns a ``bool`` mask or ``int`` labels; each kind of task reads that output the
one way that fits it, the same for every method:

- **semantic / membrane**: the foreground is every pixel with a label above 0.
- **instance**: the objects are the connected pieces of equal, non-zero label
  (``skimage.measure.label``), so touching watershed regions stay apart while a thresholded
  mask is split into its connected components, as notebook 04 does.
- **regions**: every connected piece of equal label, background included, is one region, as the
  BSDS500 region benchmark reads a segmentation.
- **multiclass**: each pixel's value is its class (0 .. C - 1 of the task's ``classes``); the
  truth's void pixels are not scored (:mod:`segutils.metrics.classes`).
"""

from __future__ import annotations

from typing import Any, get_args

import numpy as np
from skimage import measure

from .. import metrics
from .tasks import Kind

__all__ = ["as_regions", "boundary_f", "class_iou_over", "score"]


def as_regions(output: np.ndarray) -> np.ndarray:
    """Regions of a method's output: connected pieces of equal label, background included.

    Parameters
    ----------
    output : ndarray
        ``bool`` mask or integer labels.

    Returns
    -------
    ndarray
        ``int32`` labels from 1, one per 4-connected piece.

    Examples
    --------
    >>> import numpy as np
    >>> as_regions(np.array([[True, False, True]]))
    array([[1, 2, 3]], dtype=int32)

    References
    ----------
    Arbelaez et al., "Contour Detection and Hierarchical Image Segmentation", TPAMI 2011,
    section 3.2 (a segmentation is a partition into regions).
    """
    labels = _check_output(output).astype(np.int64) + 1  # so that no value is the background
    return measure.label(labels, background=0, connectivity=1).astype(np.int32)


def _check_output(output, name: str = "the output") -> np.ndarray:
    """A method's answer as an array: 2-D, ``bool`` or integer (never a probability map)."""
    array = np.asarray(output)
    if array.dtype.kind not in "biu":
        raise TypeError(
            f"{name} has dtype {array.dtype}; a segmentation is a bool mask or integer labels "
            "(threshold a probability map first, e.g. probability > 0.5)."
        )
    if array.ndim != 2 or 0 in array.shape:
        raise ValueError(f"{name} must be a non-empty 2-D array (H, W), got shape {array.shape}.")
    return array


def _boundary_counts(output: np.ndarray, truth) -> dict[str, float]:
    counts = metrics.boundary_counts(as_regions(output), list(truth), thresholds=[0.5])
    return {
        "boundary_cnt_r": float(counts.cnt_r[0]),
        "boundary_sum_r": float(counts.sum_r[0]),
        "boundary_cnt_p": float(counts.cnt_p[0]),
        "boundary_sum_p": float(counts.sum_p[0]),
    }


def score(
    kind: Kind,
    truth,
    output: np.ndarray,
    *,
    boundaries: bool = False,
    n_classes: int | None = None,
    void: int | None = None,
) -> dict[str, Any]:
    """Score one output against its truth with the measures of ``kind`` (see :data:`KINDS`).

    Parameters
    ----------
    kind : {"semantic", "membrane", "instance", "regions", "multiclass"}
        The task's kind.
    truth : ndarray or sequence of ndarray
        ``bool`` mask (semantic, membrane), ``int`` labels (instance), human label images
        (regions) or ``int`` classes (multiclass).
    output : ndarray
        The method's ``bool`` mask or ``int`` labels (classes for multiclass), of the truth's
        shape.
    boundaries : bool, optional
        For ``"regions"``: also count matched boundary pixels (``boundary_cnt_r`` and friends,
        summed over a test set into the boundary F). Slower, so tuning leaves it out.
    n_classes : int, optional
        For ``"multiclass"`` (required there): the number of the task's classes.
    void : int, optional
        For ``"multiclass"``: the truth's value of unlabelled pixels, not scored.

    Returns
    -------
    dict
        Measure name -> value (for ``"regions"`` without ``boundaries``, no ``boundary_f``;
        for ``"multiclass"`` no ``class_miou``, but ``confusion``: the image's ``(C, C)``
        counts as nested lists, summed over a test set by :func:`class_iou_over`).

    Raises
    ------
    ValueError
        For an unknown kind, an output of another shape than the truth, or a multiclass
        output or truth with values outside the classes (and void).

    Examples
    --------
    >>> import numpy as np
    >>> truth = np.array([[True, True, False, False]])
    >>> score("semantic", truth, np.array([[True, False, False, False]]))
    {'iou': 0.5, 'f1': 0.6666666666666666}
    >>> classes = np.array([[0, 0, 1, 2]])  # two classes, 2 = void
    >>> score("multiclass", classes, np.array([[0, 1, 1, 1]]), n_classes=2, void=2)
    {'miou': 0.5, 'pixel_accuracy': 0.6666666666666666, 'confusion': [[1, 1], [0, 1]]}

    References
    ----------
    Caicedo et al., "Nucleus segmentation across imaging experiments: the 2018 Data Science
    Bowl", Nature Methods 2019 (the DSB score); Arbelaez et al., TPAMI 2011 (region measures).
    """
    if kind not in get_args(Kind):
        raise ValueError(f"kind must be one of {sorted(get_args(Kind))}, got {kind!r}.")
    output = _check_output(output)
    if kind == "multiclass":
        return _class_scores(np.asarray(truth), output, n_classes, void)
    if kind == "regions":
        truth = [truth] if isinstance(truth, np.ndarray) else list(truth)
        if not truth:
            raise ValueError("a regions task needs at least one human annotation.")
    for array in truth if kind == "regions" else [truth]:
        shape = np.shape(array)
        if output.shape != shape:
            raise ValueError(f"the output is {output.shape} but the truth is {shape}.")
    if kind == "regions":
        scores = metrics.region_scores(as_regions(output), truth)
        if boundaries:
            scores.update(_boundary_counts(output, truth))
        return scores
    if kind == "instance":
        objects = measure.label(output, background=0, connectivity=1)
        foreground = np.asarray(truth) > 0
        return {
            "dsb": metrics.dsb_score(truth, objects),
            "f1": metrics.match_instances(truth, objects, thresh=0.5).f1,
            "iou": metrics.iou(foreground, objects > 0),
        }
    found = output > 0
    return {"iou": metrics.iou(truth, found), "f1": metrics.dice(truth, found)}


def _class_scores(truth: np.ndarray, output: np.ndarray, n_classes, void) -> dict[str, Any]:
    if n_classes is None:
        raise ValueError("a multiclass score needs n_classes, the number of the task's classes.")
    if output.shape != truth.shape:
        raise ValueError(f"the output is {output.shape} but the truth is {truth.shape}.")
    if output.dtype == bool:
        raise TypeError(
            "the output is a bool mask; a multiclass task wants the class of each pixel "
            f"(integers 0..{n_classes - 1})."
        )
    confusion = metrics.class_confusion(truth, output, n_classes, void=void)
    ious = metrics.class_iou(confusion)
    seen = ~np.isnan(ious)
    counted = int(confusion.sum())
    return {
        "miou": float(ious[seen].mean()) if seen.any() else float("nan"),
        "pixel_accuracy": float(np.trace(confusion) / counted) if counted else float("nan"),
        "confusion": confusion.tolist(),
    }


def class_iou_over(rows: list[dict[str, Any]]) -> np.ndarray:
    """Each class's IoU over a test set, from the summed confusion of :func:`score`'s rows.

    Parameters
    ----------
    rows : list of dict
        Per-image multiclass scores, each with its ``confusion``.

    Returns
    -------
    ndarray
        ``(C,)`` IoU of each class over all the images' non-void pixels; ``nan`` for a class
        that no image's truth or output holds. Their mean is the task's ``class_miou``.

    Examples
    --------
    >>> class_iou_over([{"confusion": [[1, 1], [0, 1]]}, {"confusion": [[2, 0], [0, 0]]}])
    array([0.75, 0.5 ])

    References
    ----------
    Badrinarayanan, Kendall & Cipolla, "SegNet", TPAMI 2017, section 5 (class IoU over the
    CamVid test set); Everingham et al., "The PASCAL VOC Challenge", IJCV 2010.
    """
    confusion = sum(np.asarray(row["confusion"], dtype=np.int64) for row in rows)
    return metrics.class_iou(np.asarray(confusion))


def boundary_f(rows: list[dict[str, float]]) -> float:
    """Boundary F over a test set from the summed counts of :func:`score` (``boundaries=True``).

    Parameters
    ----------
    rows : list of dict
        Per-image scores holding ``boundary_cnt_r``, ``boundary_sum_r``, ``boundary_cnt_p``,
        ``boundary_sum_p``.

    Returns
    -------
    float
        ``2PR / (P + R)`` of the pooled recall and precision (the BSDS ODS at one threshold).

    Examples
    --------
    >>> boundary_f([{"boundary_cnt_r": 5, "boundary_sum_r": 10,
    ...              "boundary_cnt_p": 5, "boundary_sum_p": 5}])
    0.6666666666666666

    References
    ----------
    Martin, Fowlkes & Malik, "Learning to detect natural image boundaries using local
    brightness, color, and texture cues", TPAMI 2004 (the F-measure of boundaries).
    """
    recall = sum(r["boundary_cnt_r"] for r in rows) / max(sum(r["boundary_sum_r"] for r in rows), 1)
    precision = sum(r["boundary_cnt_p"] for r in rows) / max(
        sum(r["boundary_sum_p"] for r in rows), 1
    )
    return 0.0 if recall + precision == 0 else 2 * precision * recall / (precision + recall)
