"""Judge a segmentation against ground truth, pixel by pixel.

All measures come from the confusion matrix; the scores need only its diagonal and its row
and column sums, counted with :func:`numpy.bincount`: by label value when the classes are few,
otherwise on the labels renumbered to the classes present
(:func:`segutils.masks.compact_labels`). Their memory follows the pixels and the number of
classes, not the label values: a 16-bit mask of 0 and 65535 costs what a 0/1 mask does.

- **pixel accuracy** = correct pixels / all pixels. Misleading when one class dominates: on an
  image that is 90 % background, predicting "all background" scores 0.9.
- **IoU** (intersection over union, Jaccard index) of a class = TP / (TP + FP + FN).
- **Dice** (F1 score) of a class = 2 TP / (2 TP + FP + FN) = 2 IoU / (1 + IoU).

Two kinds of input:

- *binary*: two ``bool`` masks. IoU and Dice are those of the foreground (``True``) class,
  the usual convention for "object vs background".
- *multi-class*: two integer label images. Each class gets its own IoU / Dice; the mean is taken
  over the classes present in the truth or the prediction (a class absent from both has no
  defined score), which is scikit-learn's ``average="macro"``.

Two empty masks agree perfectly: IoU and Dice are then 1.0, not 0/0.

The outputs indexed by class value (:func:`confusion_matrix`, ``per_class=True``) have a row or
an entry for every value from 0 to the largest label, so labels that are object ids (10**9)
would make them huge: past ``MAX_CLASS_CELLS`` cells they are refused with a ValueError that
says how to renumber the labels, instead of running out of memory.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, NamedTuple

import numpy as np

from ..masks import check_labels, compact_labels

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "confusion_matrix",
    "dice",
    "evaluate",
    "iou",
    "pixel_accuracy",
    "segmentation_scores",
]

#: The most cells an output indexed by class value may have: a 4096 x 4096 confusion matrix
#: (128 MiB of ``int64``), or 2**24 per-class scores. More classes than any segmentation data
#: set has; larger labels are object ids, to renumber or to score as objects.
MAX_CLASS_CELLS = 2**24

# The scores count a matrix by label value when it has at most this many cells per pixel (plus
# a constant): a few classes cost one bincount; other labels are renumbered first.
_DENSE_CELLS_PER_PIXEL = 4
_DENSE_CELLS = 1024


class _Tally(NamedTuple):
    """Per class: its label, true positives, pixels in the truth and in the prediction."""

    classes: np.ndarray
    true_positive: np.ndarray
    truth_pixels: np.ndarray
    predicted_pixels: np.ndarray


def _check_pair(truth: np.ndarray, prediction: np.ndarray) -> tuple[np.ndarray, np.ndarray, bool]:
    """Validate a truth/prediction pair; return them flattened and whether they are binary."""
    truth, prediction = np.asarray(truth), np.asarray(prediction)
    if truth.shape != prediction.shape:
        raise ValueError(
            f"truth has shape {truth.shape} but prediction has shape {prediction.shape}; they "
            "must match pixel for pixel. Resize the prediction with "
            "segutils.masks.resize_labels(prediction, truth.shape)."
        )
    truth = check_labels(truth, name="truth")
    prediction = check_labels(prediction, name="prediction")
    binary = truth.dtype == bool and prediction.dtype == bool
    for name, array in (("truth", truth), ("prediction", prediction)):
        if not binary and array.dtype == bool:
            raise TypeError(
                f"{name} is a bool mask but the other array holds integer labels. Compare like "
                "with like: pass labels > 0 to score foreground vs background, or "
                "mask.astype(int) to score class labels."
            )
    return truth.ravel(), prediction.ravel(), binary


def _class_count(truth: np.ndarray, prediction: np.ndarray, n_classes: int | None) -> int:
    """Number of classes of an output indexed by class: ``n_classes`` checked, or the default."""
    largest = int(max(truth.max(), prediction.max())) + 1
    if n_classes is None:
        return largest
    if n_classes < largest:
        raise ValueError(f"n_classes={n_classes} is too small for label {largest - 1}.")
    return n_classes


def _check_cells(size: int, dimensions: int) -> None:
    """Refuse an output of ``size ** dimensions`` cells past ``MAX_CLASS_CELLS``, saying why."""
    cells = size**dimensions
    if cells > MAX_CLASS_CELLS:
        raise ValueError(
            f"the output would have a row or an entry for every label value 0..{size - 1} "
            f"({cells:,} cells, more than the {MAX_CLASS_CELLS:,} allowed). For a mask saved "
            "with 0 and one large value pass labels > 0; for classes "
            "numbered far apart renumber them to 0..C-1 first "
            "(np.unique(labels, return_inverse=True)[1]); for object ids score the mean with "
            "per_class=False, or compare objects with segutils.metrics.match_instances."
        )


def _matrix(truth: np.ndarray, prediction: np.ndarray, n_classes: int | None) -> np.ndarray:
    """Confusion matrix of a pair already checked by :func:`_check_pair` (flat arrays)."""
    size = _class_count(truth, prediction, n_classes)
    _check_cells(size, dimensions=2)
    return _dense_matrix(truth, prediction, size)


def _dense_matrix(truth: np.ndarray, prediction: np.ndarray, size: int) -> np.ndarray:
    """The ``(size, size)`` confusion matrix by label value, labels below ``size``."""
    truth, prediction = truth.astype(np.int64), prediction.astype(np.int64)
    counts = np.bincount(truth * size + prediction, minlength=size * size)
    return counts.reshape(size, size)


def _tally(truth: np.ndarray, prediction: np.ndarray, binary: bool) -> _Tally:
    """The diagonal and the sums of the confusion matrix, over the classes present.

    Binary pairs count classes 0 and 1 (both, present or not). Label images whose matrix by
    value is no larger than a few cells per pixel count it directly, as scikit-learn does; any
    other labels are renumbered first by :func:`segutils.masks.compact_labels`, both arrays
    together so that a class has one code in each.
    """
    size = 2 if binary else int(max(truth.max(), prediction.max())) + 1
    if size * size <= _DENSE_CELLS_PER_PIXEL * truth.size + _DENSE_CELLS:
        matrix = _dense_matrix(truth, prediction, size)
        truth_pixels, predicted_pixels = matrix.sum(axis=1), matrix.sum(axis=0)
        classes = np.arange(2) if binary else np.flatnonzero(truth_pixels + predicted_pixels)
        return _Tally(
            classes,
            np.diag(matrix)[classes],
            truth_pixels[classes],
            predicted_pixels[classes],
        )
    # One integer type for both: NumPy would promote int64 with uint64 to float64. Checked
    # labels are non-negative, so uint64 holds them all.
    common = np.uint64 if np.uint64 in (truth.dtype, prediction.dtype) else None
    both = np.concatenate([truth, prediction], dtype=common, casting="unsafe")
    codes, classes = compact_labels(both)
    truth_codes, predicted_codes = codes[: truth.size], codes[truth.size :]
    n = classes.size
    return _Tally(
        classes,
        np.bincount(truth_codes[truth_codes == predicted_codes], minlength=n),
        np.bincount(truth_codes, minlength=n),
        np.bincount(predicted_codes, minlength=n),
    )


def confusion_matrix(
    truth: np.ndarray, prediction: np.ndarray, *, n_classes: int | None = None
) -> np.ndarray:
    """Count pixels by (true class, predicted class).

    Parameters
    ----------
    truth, prediction : ndarray
        Masks (``bool``) or label images (non-negative integers) of the same shape.
    n_classes : int, optional
        Size of the matrix; by default one more than the largest label in either array.

    Returns
    -------
    ndarray
        ``int64`` ``(n_classes, n_classes)``; entry ``[i, j]`` counts pixels of true class ``i``
        predicted as ``j`` (rows: truth, as in scikit-learn).

    Raises
    ------
    TypeError
        For floats, or a ``bool`` mask with an integer label image.
    ValueError
        For shapes that differ, negative labels, an ``n_classes`` below the largest label + 1,
        or a matrix of more than ``MAX_CLASS_CELLS`` cells (4096 classes): labels as large as
        that are object ids; renumber them or compare objects with :func:`match_instances`.

    Examples
    --------
    >>> import numpy as np
    >>> confusion_matrix(np.array([0, 0, 1, 1]), np.array([0, 1, 1, 1]))
    array([[1, 1],
           [0, 2]])

    References
    ----------
    :func:`sklearn.metrics.confusion_matrix` (the same matrix, with ``labels=range(n_classes)``).
    """
    truth, prediction, _ = _check_pair(truth, prediction)
    return _matrix(truth, prediction, n_classes)


def pixel_accuracy(truth: np.ndarray, prediction: np.ndarray) -> float:
    """Fraction of pixels whose predicted class equals the true class.

    Parameters
    ----------
    truth, prediction : ndarray
        Masks or label images of the same shape.

    Returns
    -------
    float
        In ``[0, 1]``.

    Examples
    --------
    >>> import numpy as np
    >>> pixel_accuracy(np.array([True, True, False, False]), np.array([True, False, False, False]))
    0.75

    References
    ----------
    scikit-learn documentation, :func:`sklearn.metrics.accuracy_score` (the same value on the
    flattened arrays).
    """
    truth, prediction, _ = _check_pair(truth, prediction)
    return float(np.mean(truth == prediction))


def _scores(
    truth: np.ndarray,
    prediction: np.ndarray,
    binary: bool,
    *,
    per_class: bool,
    n_classes: int | None,
    weight: int,
) -> float | np.ndarray:
    """IoU (``weight=1``) or Dice (``weight=2``) of a pair checked by :func:`_check_pair`."""
    if binary:  # n_classes and per_class are for label images
        return _overlap_score(_tally(truth, prediction, binary), binary, weight=weight)
    size = _class_count(truth, prediction, n_classes)
    if not per_class:
        return _overlap_score(_tally(truth, prediction, binary), binary, weight=weight)
    _check_cells(size, dimensions=1)
    tally = _tally(truth, prediction, binary)
    scores = np.full(size, np.nan)
    scores[tally.classes] = _class_scores(tally, weight)[0]
    return scores


def _class_scores(tally: _Tally, weight: int) -> tuple[np.ndarray, np.ndarray]:
    """``weight * TP / (weight * TP + FP + FN)`` per class (``nan`` where 0/0); where defined."""
    true_positive = tally.true_positive.astype(np.float64)
    false_positive = tally.predicted_pixels - true_positive
    false_negative = tally.truth_pixels - true_positive
    denominator = weight * true_positive + false_positive + false_negative
    present = denominator > 0
    with np.errstate(invalid="ignore", divide="ignore"):
        scores = np.where(present, weight * true_positive / denominator, np.nan)
    return scores, present


def _overlap_score(tally: _Tally, binary: bool, *, weight: int) -> float:
    """IoU (``weight=1``) or Dice (``weight=2``): of the foreground, or the mean over classes.

    Binary: the foreground score, 1.0 when both masks are empty. Labels: the mean over the
    classes present in the truth or the prediction.
    """
    scores, present = _class_scores(tally, weight)
    if binary:
        return float(scores[1]) if present[1] else 1.0  # both masks empty: perfect agreement
    return float(np.mean(scores[present]))


def iou(
    truth: np.ndarray,
    prediction: np.ndarray,
    *,
    per_class: bool = False,
    n_classes: int | None = None,
) -> float | np.ndarray:
    """Intersection over union (Jaccard index).

    Parameters
    ----------
    truth, prediction : ndarray
        Two ``bool`` masks (binary), or two integer label images (multi-class).
    per_class : bool, optional
        Multi-class only: return the array of per-class scores (``nan`` for a class absent from
        both) instead of their mean.
    n_classes : int, optional
        Multi-class only: number of classes, for a fixed-length ``per_class`` array.

    Returns
    -------
    float or ndarray
        Foreground IoU for masks; mean (or per-class) IoU for labels.

    Raises
    ------
    TypeError
        For floats, or a ``bool`` mask with an integer label image.
    ValueError
        For shapes that differ, negative labels, an ``n_classes`` below the largest label + 1,
        or ``per_class=True`` with more than ``MAX_CLASS_CELLS`` classes (the mean needs no
        such array: its memory follows the pixels and the classes present).

    Examples
    --------
    >>> import numpy as np
    >>> truth = np.array([True, True, True, False])
    >>> iou(truth, np.array([True, True, False, True]))  # TP=2, FP=1, FN=1
    0.5

    References
    ----------
    Jaccard, P. (1912). The distribution of the flora in the alpine zone. New Phytologist.
    """
    truth, prediction, binary = _check_pair(truth, prediction)
    return _scores(truth, prediction, binary, per_class=per_class, n_classes=n_classes, weight=1)


def dice(
    truth: np.ndarray,
    prediction: np.ndarray,
    *,
    per_class: bool = False,
    n_classes: int | None = None,
) -> float | np.ndarray:
    """Dice coefficient (F1 score): ``2 TP / (2 TP + FP + FN)``.

    Parameters
    ----------
    truth, prediction : ndarray
        Two ``bool`` masks (binary), or two integer label images (multi-class).
    per_class : bool, optional
        Multi-class only: return per-class scores (``nan`` for a class absent from both).
    n_classes : int, optional
        Multi-class only: number of classes, for a fixed-length ``per_class`` array.

    Returns
    -------
    float or ndarray
        Foreground Dice for masks; mean (or per-class) Dice for labels.

    Raises
    ------
    TypeError
        For floats, or a ``bool`` mask with an integer label image.
    ValueError
        For shapes that differ, negative labels, an ``n_classes`` below the largest label + 1,
        or ``per_class=True`` with more than ``MAX_CLASS_CELLS`` classes (the mean needs no
        such array: its memory follows the pixels and the classes present).

    Examples
    --------
    >>> import numpy as np
    >>> truth = np.array([True, True, True, False])
    >>> round(dice(truth, np.array([True, True, False, True])), 4)  # 2*2 / (2*2 + 1 + 1)
    0.6667

    References
    ----------
    Dice, L. R. (1945). Measures of the amount of ecologic association between species. Ecology.
    """
    truth, prediction, binary = _check_pair(truth, prediction)
    return _scores(truth, prediction, binary, per_class=per_class, n_classes=n_classes, weight=2)


def segmentation_scores(truth: np.ndarray, prediction: np.ndarray) -> dict[str, float]:
    """Pixel accuracy, IoU and Dice in one call, for tables and live read-outs.

    Parameters
    ----------
    truth, prediction : ndarray
        Masks or label images of the same shape.

    Returns
    -------
    dict
        ``{"pixel_accuracy": ..., "iou": ..., "dice": ...}``.

    Examples
    --------
    >>> import numpy as np
    >>> scores = segmentation_scores(np.array([True, False]), np.array([True, True]))
    >>> {name: round(value, 3) for name, value in scores.items()}
    {'pixel_accuracy': 0.5, 'iou': 0.5, 'dice': 0.667}

    References
    ----------
    Csurka, G., Larlus, D. and Perronnin, F., "What is a good evaluation measure for semantic
    segmentation?", BMVC 2013; scikit-learn documentation,
    :func:`sklearn.metrics.jaccard_score` and :func:`sklearn.metrics.f1_score`.
    """
    truth, prediction, binary = _check_pair(truth, prediction)
    tally = _tally(truth, prediction, binary)  # one pass over the pixels for all three
    return {
        "pixel_accuracy": float(tally.true_positive.sum() / tally.truth_pixels.sum()),
        "iou": _overlap_score(tally, binary, weight=1),
        "dice": _overlap_score(tally, binary, weight=2),
    }


def evaluate(
    methods: Mapping[str, Callable[[np.ndarray], np.ndarray]],
    cases: Iterable[tuple[str, np.ndarray, np.ndarray]],
) -> pd.DataFrame:
    """Score several methods on several images against their ground truth, by group.

    Each method's result is compared as foreground (non-zero pixels) against the truth's
    foreground with :func:`segmentation_scores`; scores are averaged over the images of a group
    (each image counts once, whatever its size).

    Parameters
    ----------
    methods : mapping
        Name -> ``function(image) -> mask or labels``. Use a ``lambda`` or
        :func:`functools.partial` to fix parameters.
    cases : iterable of (str, ndarray, ndarray)
        ``(group, image, truth)`` triples; ``group`` names the kind of image, e.g.
        ``"fluorescence"``.

    Returns
    -------
    pandas.DataFrame
        One row per (group, method), sorted by group then by descending IoU, with columns
        ``images``, ``iou``, ``dice``, ``pixel_accuracy`` and ``ms_per_image``.

    Examples
    --------
    >>> from segutils.datasets import synthetic
    >>> sample = synthetic(difficulty=0.0, seed=0)
    >>> table = evaluate({"half": lambda im: im > 0.5}, [("easy", sample.image, sample.mask)])
    >>> table.loc[("easy", "half"), "images"]
    np.int64(1)

    References
    ----------
    Csurka, G., Larlus, D. and Perronnin, F., "What is a good evaluation measure for semantic
    segmentation?", BMVC 2013; pandas documentation, :meth:`pandas.DataFrame.groupby`.
    """
    import pandas as pd  # only tables need it: the live scores of the explorer do not

    rows = []
    for group, image, truth in cases:
        for name, method in methods.items():
            start = time.perf_counter()
            result = check_labels(method(image), name=f"the result of {name!r}")
            elapsed_ms = (time.perf_counter() - start) * 1e3
            truth_mask = check_labels(truth, name=f"the truth of group {group!r}") > 0
            scores = segmentation_scores(truth_mask, result > 0)
            rows.append({"group": group, "method": name, "ms_per_image": elapsed_ms, **scores})
    if not rows:
        raise ValueError("Nothing to evaluate: give at least one method and one case.")
    frame = pd.DataFrame(rows)
    table = frame.groupby(["group", "method"]).agg(
        images=("iou", "size"),
        iou=("iou", "mean"),
        dice=("dice", "mean"),
        pixel_accuracy=("pixel_accuracy", "mean"),
        ms_per_image=("ms_per_image", "median"),
    )
    return table.sort_values(["group", "iou"], ascending=[True, False])
