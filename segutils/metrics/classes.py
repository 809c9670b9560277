"""Class maps against a truth with named classes and a void label: the benchmarks' mean IoU.

Semantic segmentation benchmarks (PASCAL VOC, CamVid, Cityscapes) score a map that gives every
pixel one of ``C`` named classes. Where the annotators gave no class the truth holds a *void*
value (CamVid's 11, VOC's 255): those pixels are left out, whatever the prediction says there.
Every other pixel is counted in a ``C x C`` confusion matrix (:func:`class_confusion`), which
sums over images. Each class's IoU is ``TP / (TP + FP + FN)`` from its row and column
(:func:`class_iou`), and the mean IoU is their mean over the classes seen in the truth or the
prediction (:func:`mean_iou`); a class absent from both has no IoU and is left out of the mean.

Over a test set the benchmarks sum the matrices of all images first, then take the IoUs
("class IoU over the dataset"): :func:`class_iou` of the summed matrix. The mean of per-image
mean IoUs weighs each image equally instead, and differs.
"""

from __future__ import annotations

import numpy as np

from ..masks import check_labels

__all__ = ["class_confusion", "class_iou", "mean_iou"]

#: The most classes: a 4096 x 4096 matrix of ``int64`` is 128 MiB (``pixel.MAX_CLASS_CELLS``).
MAX_CLASSES = 4096


def _whole(value) -> bool:
    return isinstance(value, int | np.integer) and not isinstance(value, bool)


def _check_classes(n_classes: int, void: int | None) -> None:
    if not _whole(n_classes) or n_classes < 1:
        raise ValueError(
            f"n_classes must be a whole number of classes, at least 1; got {n_classes!r}."
        )
    if n_classes > MAX_CLASSES:
        raise ValueError(
            f"n_classes={n_classes} is more than the {MAX_CLASSES} a (C, C) confusion matrix may "
            "have here; labels that many are object ids: compare objects with "
            "segutils.metrics.match_instances."
        )
    if void is not None and (not _whole(void) or void < 0):
        raise ValueError(
            f"void must be a label value (a whole number, 0 or more) or None; got {void!r}."
        )
    if void is not None and void < n_classes:
        raise ValueError(
            f"void={void} is also class {void} of the {n_classes} classes 0..{n_classes - 1}: a "
            "pixel cannot be both. Give void a value outside the classes (CamVid uses 11 for 11 "
            "classes, PASCAL VOC 255)."
        )


def class_confusion(
    truth: np.ndarray, prediction: np.ndarray, n_classes: int, *, void: int | None = None
) -> np.ndarray:
    """Count the pixels of each (true class, predicted class), void pixels of the truth left out.

    Parameters
    ----------
    truth : ndarray
        Integer class map: classes ``0 .. n_classes - 1``, and ``void`` where there is no class.
    prediction : ndarray
        Integer class map of the same shape, a class ``0 .. n_classes - 1`` at every pixel that
        the truth does not mark void.
    n_classes : int
        The number of classes ``C``.
    void : int, optional
        The truth's value for pixels without a class; at least ``n_classes``. None: every pixel
        has a class.

    Returns
    -------
    ndarray
        ``int64`` ``(C, C)``; entry ``[i, j]`` counts non-void pixels of true class ``i``
        predicted as ``j`` (rows: truth, as in scikit-learn). Matrices of several images add up.

    Raises
    ------
    TypeError
        For a float array.
    ValueError
        For shapes that differ, a truth value that is neither a class nor ``void``, a predicted
        value outside the classes at a counted pixel, or a ``void`` that is one of the classes.

    Examples
    --------
    >>> truth = np.array([[0, 0, 1, 2]])  # with 2 classes and void = 2
    >>> class_confusion(truth, np.array([[0, 1, 1, 0]]), 2, void=2)
    array([[1, 1],
           [0, 1]])

    References
    ----------
    :func:`sklearn.metrics.confusion_matrix` (the same matrix, with ``labels=range(C)``, of the
    non-void pixels); Everingham et al., "The PASCAL Visual Object Classes (VOC) Challenge",
    IJCV 88, 2010 (void pixels are not scored).
    """
    _check_classes(n_classes, void)
    truth = check_labels(np.asarray(truth), name="truth")
    prediction = check_labels(np.asarray(prediction), name="prediction")
    if truth.shape != prediction.shape:
        raise ValueError(
            f"truth has shape {truth.shape} but prediction has shape {prediction.shape}; they "
            "must match pixel for pixel. Resize the prediction with "
            "segutils.masks.resize_labels(prediction, truth.shape)."
        )
    truth = truth.ravel().astype(np.int64)
    prediction = prediction.ravel().astype(np.int64)
    counted = truth != void if void is not None else np.ones(truth.shape, bool)
    stray = counted & (truth >= n_classes)
    if stray.any():
        said = f" or the void value {void}" if void is not None else ""
        raise ValueError(
            f"the truth holds {np.unique(truth[stray])[:5].tolist()}, neither a class 0.."
            f"{n_classes - 1}{said}. Name every class (n_classes), or give the value of "
            "unlabelled pixels as void."
        )
    truth, prediction = truth[counted], prediction[counted]
    if prediction.size and prediction.max() >= n_classes:
        raise ValueError(
            f"the prediction holds {np.unique(prediction[prediction >= n_classes])[:5].tolist()} "
            f"where the truth has a class; a prediction names one of the classes 0.."
            f"{n_classes - 1} at every pixel. Give the method's output as class indices."
        )
    counts = np.bincount(truth * n_classes + prediction, minlength=n_classes * n_classes)
    return counts.reshape(n_classes, n_classes)


def class_iou(confusion: np.ndarray) -> np.ndarray:
    """Each class's IoU, ``TP / (TP + FP + FN)``, from a (summed) confusion matrix.

    Parameters
    ----------
    confusion : ndarray
        ``(C, C)`` counts as :func:`class_confusion` returns them (rows: truth), one image's or
        the sum over a test set.

    Returns
    -------
    ndarray
        ``float64`` ``(C,)``: the IoU of each class; ``nan`` for a class that neither the truth
        nor the prediction holds (0 / 0).

    Raises
    ------
    ValueError
        For a matrix that is not square or holds negative counts.

    Examples
    --------
    >>> class_iou(np.array([[1, 1], [0, 1]]))  # class 0: 1 / (1 + 0 + 1); class 1: 1 / 2
    array([0.5, 0.5])

    References
    ----------
    :func:`sklearn.metrics.jaccard_score` with ``average=None`` (the same values);
    Badrinarayanan, Kendall & Cipolla, "SegNet", TPAMI 2017, section 5 (class IoU on CamVid).
    """
    matrix = np.asarray(confusion)
    if matrix.ndim != 2 or matrix.shape[0] != matrix.shape[1] or matrix.dtype.kind not in "iuf":
        raise ValueError(
            f"confusion must be a square (C, C) matrix of counts, got {matrix.dtype} of shape "
            f"{matrix.shape}. Make one with class_confusion(truth, prediction, n_classes)."
        )
    if matrix.size and matrix.min() < 0:
        raise ValueError("confusion holds negative counts; it must count pixels.")
    true_positive = np.diag(matrix).astype(np.float64)
    union = matrix.sum(axis=0) + matrix.sum(axis=1) - true_positive
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(union > 0, true_positive / union, np.nan)


def mean_iou(
    truth: np.ndarray, prediction: np.ndarray, n_classes: int, *, void: int | None = None
) -> float:
    """The mean IoU over the classes of one image, its void pixels left out.

    Parameters
    ----------
    truth, prediction : ndarray
        Integer class maps, as in :func:`class_confusion`.
    n_classes : int
        The number of classes.
    void : int, optional
        The truth's value for pixels without a class.

    Returns
    -------
    float
        The mean of :func:`class_iou` over the classes the truth or the prediction holds (at
        non-void pixels); ``nan`` when every pixel is void.

    Raises
    ------
    TypeError, ValueError
        As :func:`class_confusion`.

    Examples
    --------
    >>> truth = np.array([[0, 0, 1, 1, 3]])  # 3 classes, void = 3; class 2 nowhere
    >>> mean_iou(truth, np.array([[0, 0, 1, 0, 2]]), 3, void=3)  # (2/3 + 1/2) / 2
    0.5833333333333333

    References
    ----------
    :func:`sklearn.metrics.jaccard_score` with ``average="macro"`` over the labels present;
    Csurka, Larlus & Perronnin, "What is a good evaluation measure for semantic segmentation?",
    BMVC 2013.
    """
    scores = class_iou(class_confusion(truth, prediction, n_classes, void=void))
    seen = ~np.isnan(scores)
    return float(scores[seen].mean()) if seen.any() else float("nan")
