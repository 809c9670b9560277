"""Judge an instance segmentation object by object: matched nuclei, not pixels.

Pixel measures cannot tell two touching nuclei from one blob covering both: the foreground is
the same. Instance measures **match** the true objects with the predicted ones, one to one, and
count matched pairs with ``IoU >= thresh`` (TP), predicted objects left without such a partner
(FP) and true objects left without one (FN).

The matching follows StarDist's ``stardist.matching.matching`` (Schmidt et al. 2018): the
most pairs with ``IoU >= thresh``, then the largest sum of their IoUs. How the overlaps are
measured and the pairs chosen is :mod:`segutils.metrics.instance_match`; this module turns
them into scores.

Label images: integers, 0 the background and 1..N the objects. The numbering does not matter:
gaps (labels 3, 7, 40) and any permutation give the same scores, because objects are only
compared by their pixels. A ``bool`` mask is refused: it does not say where one touching
object ends and the next begins; label it first (``scipy.ndimage.label(mask)[0]``).
"""

from __future__ import annotations

import dataclasses
import numbers

import numpy as np

from .instance_match import Overlaps, count_matches, overlaps

__all__ = ["InstanceMatch", "dsb_score", "instance_scores", "match_instances"]

#: The IoU thresholds of the 2018 Data Science Bowl score: 0.50, 0.55, ..., 0.95.
DSB_THRESHOLDS = (0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95)


@dataclasses.dataclass(frozen=True)
class InstanceMatch:
    """Object-by-object agreement of a prediction with the truth, as StarDist reports it.

    Attributes
    ----------
    criterion, thresh : str, float
        ``"iou"``; a matched pair is a true positive when its IoU is ``>= thresh``.
    fp, tp, fn : int
        Predicted objects without a partner, matched pairs, true objects without a partner.
    precision, recall, accuracy, f1 : float
        ``tp / (tp + fp)``, ``tp / (tp + fn)``, ``tp / (tp + fp + fn)`` and
        ``2 tp / (2 tp + fp + fn)``; each is 0 when ``tp`` is 0, even with no object at all.
    n_true, n_pred : int
        Objects in the truth and in the prediction.
    mean_true_score, mean_matched_score : float
        Sum of the matched IoUs / ``n_true``, and / ``tp`` (how well found objects fit); 0 for
        a zero denominator.
    panoptic_quality : float
        Sum of the matched IoUs / ``(tp + fp / 2 + fn / 2)`` (Kirillov et al. 2019): the F1
        score times the mean matched IoU.
    splits, merges : int
        True objects with two or more predicted objects each having at least half its own area
        inside (a nucleus cut up); predicted objects covering at least half of each of two or
        more true objects (touching nuclei fused).
    """

    criterion: str
    thresh: float
    fp: int
    tp: int
    fn: int
    precision: float
    recall: float
    accuracy: float
    f1: float
    n_true: int
    n_pred: int
    mean_true_score: float
    mean_matched_score: float
    panoptic_quality: float
    splits: int
    merges: int

    def as_dict(self) -> dict[str, str | int | float]:
        """The fields as a plain ``dict`` (for tables and JSON)."""
        return dataclasses.asdict(self)


def _check_thresh(thresh: float) -> float:
    if isinstance(thresh, bool) or not isinstance(thresh, numbers.Real):
        raise TypeError(f"thresh must be a number in (0, 1], got {thresh!r}; e.g. thresh=0.5.")
    if not 0.0 < thresh <= 1.0:
        raise ValueError(
            f"thresh must be in (0, 1], got {thresh}: it is the IoU a matched pair needs. "
            "At 0, objects that do not touch at all would count as matches; 0.5 is usual."
        )
    return float(thresh)


def _ratio(numerator: float, denominator: float) -> float:
    return numerator / denominator if denominator else 0.0  # StarDist's _safe_divide


def _match(table: Overlaps, thresh: float) -> InstanceMatch:
    tp, matched_iou = count_matches(table, thresh)
    n_true, n_pred = table.true_sizes.size, table.pred_sizes.size
    fp, fn = n_pred - tp, n_true - tp
    # At least half of the predicted object inside the true one (resp. of the true one inside
    # the predicted one), in exact integers: 2 * pixels >= size.
    in_true = 2 * table.pixels >= table.pred_sizes[table.cols]
    in_pred = 2 * table.pixels >= table.true_sizes[table.rows]
    # tp > 0 guards, as StarDist's precision, recall, accuracy and f1 do: no match scores 0.
    return InstanceMatch(
        criterion="iou",
        thresh=thresh,
        fp=fp,
        tp=tp,
        fn=fn,
        precision=tp / (tp + fp) if tp else 0.0,
        recall=tp / (tp + fn) if tp else 0.0,
        accuracy=tp / (tp + fp + fn) if tp else 0.0,
        f1=2 * tp / (2 * tp + fp + fn) if tp else 0.0,
        n_true=n_true,
        n_pred=n_pred,
        mean_true_score=_ratio(matched_iou, n_true),
        mean_matched_score=_ratio(matched_iou, tp),
        panoptic_quality=_ratio(matched_iou, tp + fp / 2 + fn / 2),
        splits=int(np.count_nonzero(np.bincount(table.rows[in_true]) >= 2)),
        merges=int(np.count_nonzero(np.bincount(table.cols[in_pred]) >= 2)),
    )


def _dsb(table: Overlaps) -> float:
    total = table.true_sizes.size + table.pred_sizes.size  # tp + fp + fn = total - tp
    if total == 0:
        return 1.0  # nothing to find and nothing found: perfect, by convention
    hits = [count_matches(table, thresh)[0] for thresh in DSB_THRESHOLDS]
    return float(np.mean([tp / (total - tp) for tp in hits]))


def match_instances(
    truth: np.ndarray, prediction: np.ndarray, *, thresh: float = 0.5
) -> InstanceMatch:
    """Match true and predicted objects one to one by IoU and count hits, misses and extras.

    StarDist's one-to-one assignment (:mod:`~segutils.metrics.instance_match`) makes as many
    pairs with ``IoU >= thresh`` as it can: they are the true positives; the predicted objects
    left over are false positives, the true objects left over false negatives.

    Splits and merges do not depend on ``thresh``: a true object is **split** when two or more
    predicted objects each have at least half their area inside it; a predicted object is a
    **merge** when it covers at least half of each of two or more true objects.

    Parameters
    ----------
    truth, prediction : ndarray
        Integer label images of the same shape (any number of dimensions): 0 background,
        1..N objects. Gaps in the numbering and its order do not change the result.
    thresh : float, optional
        IoU a matched pair needs to count as a true positive, in ``(0, 1]``.

    Returns
    -------
    InstanceMatch
        Counts and scores, with StarDist's field names; ``.as_dict()`` for a table row.

    Raises
    ------
    TypeError
        For float arrays, for a ``bool`` mask (label it: ``scipy.ndimage.label(mask)[0]``) and
        for a ``thresh`` that is not a number.
    ValueError
        For shapes that differ, negative labels, empty arrays or ``thresh`` outside ``(0, 1]``.

    Notes
    -----
    StarDist computes (and, under NumPy 2, compares) the IoUs in ``float32``; here they are
    ``float64``, which decides ``IoU >= thresh`` exactly. The two disagree only when an IoU is
    within ``float32`` rounding (3e-8) of the threshold without equalling it, which needs
    objects of millions of pixels; the mean scores differ by ``float32`` rounding.
    As in StarDist, precision, recall, accuracy and F1 are 0 when there is no true positive,
    even when both images are empty (:func:`dsb_score` calls that case perfect).

    Examples
    --------
    >>> import numpy as np
    >>> truth = np.array([[1, 1, 0, 2, 2]])
    >>> prediction = np.array([[5, 5, 0, 0, 0]])  # object 1 found (as 5), object 2 missed
    >>> result = match_instances(truth, prediction)
    >>> result.tp, result.fn, result.fp, result.recall, result.precision
    (1, 1, 0, 0.5, 1.0)

    References
    ----------
    Schmidt, U., Weigert, M., Broaddus, C., Myers, G. (2018). Cell Detection with Star-Convex
    Polygons. MICCAI; ``stardist.matching.matching`` (StarDist 0.9). Kirillov, A. et al. (2019).
    Panoptic Segmentation. CVPR, Eq. 1.
    """
    thresh = _check_thresh(thresh)
    return _match(overlaps(truth, prediction), thresh)


def dsb_score(truth: np.ndarray, prediction: np.ndarray) -> float:
    """The 2018 Data Science Bowl score of one image: TP / (TP + FP + FN) averaged over IoUs.

    The mean over ``t`` in ``DSB_THRESHOLDS`` (0.50, 0.55, ..., 0.95) of the accuracy
    ``TP / (TP + FP + FN)`` of :func:`match_instances` at ``thresh=t``: a loose outline counts
    at 0.5 but not at 0.9, so precise outlines score higher.

    Kaggle's statement says an IoU *above* the threshold; this uses StarDist's ``>=``. The two
    differ only when an IoU equals a threshold exactly (an object cut into exact halves, at
    0.5); ``>=`` keeps one rule for every function of this module.

    Parameters
    ----------
    truth, prediction : ndarray
        Integer label images of the same shape: 0 background, 1..N objects.

    Returns
    -------
    float
        In ``[0, 1]``. 1.0 when both images are empty (no object to find, none found: a
        convention, since the ratio is 0/0); 0.0 when only one of them is.

    Raises
    ------
    TypeError, ValueError
        As :func:`match_instances`.

    Examples
    --------
    >>> import numpy as np
    >>> truth = np.zeros((1, 10), int); truth[0, :4] = 1
    >>> prediction = np.zeros((1, 10), int); prediction[0, :3] = 1  # IoU 3/4
    >>> dsb_score(truth, prediction)  # a hit at 0.50 ... 0.75: 6 thresholds of 10
    0.6

    References
    ----------
    Caicedo, J. C. et al. (2019). Nucleus segmentation across imaging experiments: the 2018
    Data Science Bowl. Nature Methods 16, 1247-1253; Kaggle, "2018 Data Science Bowl",
    Evaluation page.
    """
    return _dsb(overlaps(truth, prediction))


def instance_scores(
    truth: np.ndarray, prediction: np.ndarray, *, thresh: float = 0.5
) -> dict[str, float | int]:
    """F1, precision, recall, IoU, panoptic quality, DSB score, splits and merges in one call.

    One contingency table serves all of them, so this is cheaper than calling
    :func:`match_instances` and :func:`dsb_score` apart. Made for tables over methods and
    images, e.g. ``pandas.DataFrame([instance_scores(t, p) for t, p in pairs])``.

    Parameters
    ----------
    truth, prediction : ndarray
        Integer label images of the same shape: 0 background, 1..N objects.
    thresh : float, optional
        IoU a matched pair needs, in ``(0, 1]``; the DSB score uses its own thresholds.

    Returns
    -------
    dict
        ``{"f1", "precision", "recall", "mean_matched_iou", "panoptic_quality", "dsb_score",
        "splits", "merges"}``; ``mean_matched_iou`` is :class:`InstanceMatch`'s
        ``mean_matched_score``, the others as in :func:`match_instances` and :func:`dsb_score`.

    Raises
    ------
    TypeError, ValueError
        As :func:`match_instances`.

    Examples
    --------
    >>> import numpy as np
    >>> truth = np.array([[1, 1, 0, 2, 2]])
    >>> merged = np.array([[1, 1, 1, 1, 1]])  # one blob over both nuclei
    >>> scores = instance_scores(truth, merged)
    >>> scores["f1"], scores["merges"]
    (0.0, 1)

    References
    ----------
    Schmidt, U. et al. (2018). Cell Detection with Star-Convex Polygons. MICCAI;
    Caicedo, J. C. et al. (2019). Nature Methods 16, 1247-1253.
    """
    thresh = _check_thresh(thresh)
    table = overlaps(truth, prediction)
    result = _match(table, thresh)
    return {
        "f1": result.f1,
        "precision": result.precision,
        "recall": result.recall,
        "mean_matched_iou": result.mean_matched_score,
        "panoptic_quality": result.panoptic_quality,
        "dsb_score": _dsb(table),
        "splits": result.splits,
        "merges": result.merges,
    }
