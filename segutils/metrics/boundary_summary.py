"""From per-image boundary counts to the benchmark's figures: the curve, ODS, OIS and AP.

What ``collect_eval_bdry.m`` of the BSDS500 ``bench/`` code does with the counts that
:func:`segutils.metrics.boundary_counts` gives for each image, with ``R = cnt_r / sum_r`` and
``P = cnt_p / sum_p`` (0 when the sum is 0) and ``F = 2PR / (P + R)``:

- **ODS** (optimal dataset scale): counts summed over images at each threshold, then the best F
  along the precision-recall curve, interpolating linearly between neighbouring thresholds at
  100 points as the benchmark's ``maxF`` does;
- **OIS** (optimal image scale): each image at its own best threshold (the last one on ties, as
  MATLAB's ``ff(end)``), those counts summed, then one F;
- **AP**: the area under the curve, the precision interpolated at recall 0, 0.01, ..., 1 (0
  outside the recalls reached), summed and multiplied by 0.01, after keeping the first
  threshold of each distinct recall (``np.unique``; MATLAB's ``unique`` has returned first
  occurrences since R2013a, the last before). Fewer than two distinct recalls give 0, so a
  binary map, the same at every threshold, has AP 0.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

__all__ = ["BoundaryBenchmark", "BoundaryCounts", "summarize_boundaries"]


@dataclass(frozen=True, eq=False)
class BoundaryCounts:
    """One image's matched and total boundary pixels at each threshold.

    Attributes
    ----------
    thresholds : ndarray
        The thresholds, increasing.
    cnt_r, sum_r : ndarray
        Matched human boundary pixels and all human boundary pixels, summed over annotations.
    cnt_p, sum_p : ndarray
        Machine pixels matched by any annotation, and all machine pixels (after thinning).
    """

    thresholds: np.ndarray
    cnt_r: np.ndarray
    sum_r: np.ndarray
    cnt_p: np.ndarray
    sum_p: np.ndarray

    @property
    def recall(self) -> np.ndarray:
        """Recall at each threshold (0 where there is no human boundary)."""
        return self.cnt_r / (self.sum_r + (self.sum_r == 0))

    @property
    def precision(self) -> np.ndarray:
        """Precision at each threshold (0 where the machine map is empty)."""
        return self.cnt_p / (self.sum_p + (self.sum_p == 0))

    @property
    def f(self) -> np.ndarray:
        """F-measure at each threshold."""
        return _fmeasure(self.recall, self.precision)


@dataclass(frozen=True, eq=False)
class BoundaryBenchmark:
    """The benchmark's figures for one method over a set of images.

    Attributes
    ----------
    ods, ois, ap : float
        F at the optimal dataset scale, F at the optimal image scale, average precision.
    ods_threshold, ods_recall, ods_precision : float
        Where on the (interpolated) curve the ODS lies.
    ois_recall, ois_precision : float
        Recall and precision of the OIS counts.
    thresholds, recall, precision, f : ndarray
        The dataset precision-recall curve, one point per threshold.
    image_f, image_thresholds : ndarray
        Each image's best F and the threshold that gives it (the ones OIS uses).
    """

    ods: float
    ois: float
    ap: float
    ods_threshold: float
    ods_recall: float
    ods_precision: float
    ois_recall: float
    ois_precision: float
    thresholds: np.ndarray
    recall: np.ndarray
    precision: np.ndarray
    f: np.ndarray
    image_f: np.ndarray
    image_thresholds: np.ndarray


def _fmeasure(recall, precision):
    """``2PR / (P + R)``, 0 where both are 0 (``fmeasure`` of ``collect_eval_bdry.m``)."""
    total = precision + recall
    return 2 * precision * recall / (total + (total == 0))


def _max_f(thresholds, recall, precision) -> tuple[float, float, float, float]:
    """``maxF`` of ``collect_eval_bdry.m``: the best F, interpolating between thresholds."""
    best = (thresholds[0], recall[0], precision[0], _fmeasure(recall[0], precision[0]))
    if thresholds.size < 2:
        return tuple(float(v) for v in best)
    d = np.linspace(0, 1, 100)
    t = thresholds[1:, None] * d + thresholds[:-1, None] * (1 - d)
    r = recall[1:, None] * d + recall[:-1, None] * (1 - d)
    p = precision[1:, None] * d + precision[:-1, None] * (1 - d)
    f = _fmeasure(r, p)
    k = int(np.argmax(f))  # the first maximum: the benchmark's loop keeps only a better F
    if f.flat[k] > best[3]:
        best = (t.flat[k], r.flat[k], p.flat[k], f.flat[k])
    return tuple(float(v) for v in best)


def _average_precision(recall: np.ndarray, precision: np.ndarray) -> float:
    """Area under the curve sampled at recall 0, 0.01, ..., 1 (0 outside the recalls reached)."""
    unique_recall, first = np.unique(recall, return_index=True)
    if unique_recall.size < 2:
        return 0.0
    grid = np.arange(101) / 100  # each the double nearest k/100, as a recall of 17/20 is
    return float(np.interp(grid, unique_recall, precision[first], left=0, right=0).sum() * 0.01)


def summarize_boundaries(counts: Sequence[BoundaryCounts]) -> BoundaryBenchmark:
    """ODS, OIS, AP and the precision-recall curve from per-image counts (``collect_eval_bdry``).

    Parameters
    ----------
    counts : sequence of BoundaryCounts
        One per image, all at the same thresholds (from :func:`boundary_counts`).

    Returns
    -------
    BoundaryBenchmark
        The dataset's figures.

    Examples
    --------
    >>> import numpy as np
    >>> t = np.array([0.25, 0.5, 0.75])
    >>> image = BoundaryCounts(t, np.array([8, 6, 2]), np.full(3, 10), np.array([8, 6, 2]),
    ...                        np.array([16, 8, 2]))
    >>> result = summarize_boundaries([image])
    >>> round(result.ois, 4), round(result.ap, 4)  # best at t=0.5: R 0.6, P 0.75
    (0.6667, 0.4825)

    References
    ----------
    Arbelaez et al., TPAMI 33(5), 2011, section 3.1; BSDS500
    ``bench/benchmarks/collect_eval_bdry.m``.
    """
    counts = list(counts)
    if not counts or not all(isinstance(c, BoundaryCounts) for c in counts):
        raise TypeError("counts must be a non-empty list of BoundaryCounts (boundary_counts).")
    thresholds = counts[0].thresholds
    if any(not np.array_equal(c.thresholds, thresholds) for c in counts):
        raise ValueError("Every image must be counted at the same thresholds; recount them.")
    fields = ("cnt_r", "sum_r", "cnt_p", "sum_p")
    total = {name: np.sum([getattr(c, name) for c in counts], axis=0) for name in fields}
    curve = BoundaryCounts(thresholds, **total)
    ods_threshold, ods_recall, ods_precision, ods = _max_f(
        thresholds, curve.recall, curve.precision
    )
    # Each image's best threshold; on ties the last one, as MATLAB's ff(end).
    picks = np.array([c.f.size - 1 - int(np.argmax(c.f[::-1])) for c in counts])
    at_best = {
        name: np.sum([getattr(c, name)[i] for c, i in zip(counts, picks, strict=True)])
        for name in fields
    }
    best = BoundaryCounts(thresholds[:1], *(np.array([at_best[name]]) for name in fields))
    return BoundaryBenchmark(
        ods=ods,
        ois=float(best.f[0]),
        ap=_average_precision(curve.recall, curve.precision),
        ods_threshold=ods_threshold,
        ods_recall=ods_recall,
        ods_precision=ods_precision,
        ois_recall=float(best.recall[0]),
        ois_precision=float(best.precision[0]),
        thresholds=thresholds,
        recall=curve.recall,
        precision=curve.precision,
        f=curve.f,
        image_f=np.array([c.f[i] for c, i in zip(counts, picks, strict=True)]),
        image_thresholds=thresholds[picks],
    )
