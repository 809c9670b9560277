"""Is a method distinguishable from its task's best? Paired tests on the same test images.

A leaderboard ranks methods by their mean score over a few test images, so the top places are
often inside the noise. Every method of a task is scored on the same images, and images differ
far more from each other (one is hard for every method) than methods do on one image: comparing
two methods image by image removes that shared difficulty. :func:`compare_with_best` does so for
each method against the task's best:

- a two-sided **Wilcoxon signed-rank test** (:func:`paired_p_value`) of the per-image
  differences, the test Demšar (2006) recommends for two methods over several data sets: it
  uses the size of each difference but assumes no normal distribution, and one odd image cannot
  dominate it;
- **Holm's step-down correction** (:func:`holm`) over the task's comparisons, since among
  twenty methods one would otherwise look "different" by chance alone;
- a method is *not distinguishable from the best* when its Holm-adjusted p-value is at least
  :data:`ALPHA` (the best itself always is).

With few test images even a real difference can fail to show: "not distinguishable" means the
data cannot tell, not that the methods are equal.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from scipy import stats

__all__ = [
    "ALPHA",
    "CONFIDENCE",
    "compare_with_best",
    "holm",
    "mean_interval",
    "paired_p_value",
    "smallest_adjusted_p",
    "standard_error",
]

#: Family-wise error rate of each task's comparisons with its best.
ALPHA = 0.05
#: Coverage of the interval drawn around each mean (:func:`mean_interval`).
CONFIDENCE = 0.95
#: Differences are rounded to this many decimals before ranking, so that two equal differences
#: that floating-point subtraction made differ in the last bit are ranked as the tie they are
#: (SciPy's advice for ``wilcoxon``). Scores carry no meaning this far down.
DECIMALS = 12


def holm(p_values: Sequence[float]) -> np.ndarray:
    """Holm's step-down adjusted p-values: reject where the adjusted value is below alpha.

    Sort the ``m`` p-values ascending; the ``i``-th smallest (from 1) is multiplied by
    ``m - i + 1``, the running maximum is taken so that the order is kept, and values are
    capped at 1. Rejecting every hypothesis whose adjusted p-value is below ``alpha`` is Holm's
    procedure: it keeps the chance of any false rejection at most ``alpha`` whatever the
    dependence between the tests, and rejects at least what Bonferroni rejects.

    Parameters
    ----------
    p_values : sequence of float
        Unadjusted p-values in ``[0, 1]``; NaN (a comparison that could not be made) stays
        NaN and does not count among the ``m`` comparisons.

    Returns
    -------
    numpy.ndarray
        Adjusted p-values, in the order given.

    Raises
    ------
    ValueError
        If a p-value lies outside ``[0, 1]``.

    Examples
    --------
    Four hypotheses (Wikipedia's worked example): at alpha 0.05 the first and the fourth are
    rejected, since the third smallest, 0.03, exceeds 0.05 / 2.

    >>> holm([0.01, 0.04, 0.03, 0.005]).round(3).tolist()
    [0.03, 0.06, 0.06, 0.02]

    References
    ----------
    Holm, S. (1979). A simple sequentially rejective multiple test procedure. Scandinavian
    Journal of Statistics 6, 65-70; Wright, S. P. (1992). Adjusted P-values for simultaneous
    inference. Biometrics 48, 1005-1013 (the adjusted form).
    """
    p = np.asarray(p_values, dtype=float)
    known = ~np.isnan(p)
    if np.any((p[known] < 0) | (p[known] > 1)):
        raise ValueError(f"p-values must lie in [0, 1], got {p[known].tolist()}.")
    adjusted = np.full(p.shape, np.nan)
    order = np.flatnonzero(known)[np.argsort(p[known], kind="stable")]
    multipliers = np.arange(order.size, 0, -1)  # m, m - 1, ..., 1
    adjusted[order] = np.minimum(1.0, np.maximum.accumulate(p[order] * multipliers))
    return adjusted


def paired_p_value(scores: Sequence[float], reference: Sequence[float]) -> float:
    """Two-sided Wilcoxon signed-rank p-value: do two methods' paired scores differ at all.

    The test ranks the absolute per-image differences ``scores - reference`` and asks whether
    the ranks of the positive and the negative ones are as balanced as chance would leave them.
    Images where the two scores are equal carry no evidence either way and are dropped
    (``zero_method="wilcox"``, Wilcoxon's own rule); if every difference is zero the two are
    identical on these images and the p-value is 1. SciPy computes it exactly for up to 50
    differences without ties (``method="auto"``), and otherwise by the exhaustive permutation
    distribution (up to 13 differences) or the normal approximation.

    Parameters
    ----------
    scores, reference : sequence of float
        The two methods' scores on the same images, in the same order.

    Returns
    -------
    float
        The p-value in ``[0, 1]``; NaN when there is no image.

    Raises
    ------
    ValueError
        If the two sequences differ in length or hold NaN.

    Examples
    --------
    A method worse than the reference on each of 8 images: under no difference, all 8 signs
    agree with probability 2 / 2**8.

    >>> paired_p_value([0.5, 0.6, 0.4, 0.55, 0.45, 0.52, 0.48, 0.58],
    ...                [0.9, 0.8, 0.95, 0.85, 0.9, 0.99, 0.91, 0.87])
    0.0078125
    >>> paired_p_value([1.0, 0.9], [1.0, 0.9])  # identical: nothing to tell apart
    1.0

    References
    ----------
    Wilcoxon, F. (1945). Individual comparisons by ranking methods. Biometrics Bulletin 1(6),
    80-83; Demšar, J. (2006). Statistical comparisons of classifiers over multiple data sets.
    JMLR 7, 1-30 (section 3.1.3); SciPy, ``scipy.stats.wilcoxon``,
    https://docs.scipy.org/doc/scipy/reference/generated/scipy.stats.wilcoxon.html
    """
    a, b = np.asarray(scores, dtype=float), np.asarray(reference, dtype=float)
    if a.shape != b.shape or a.ndim != 1:
        raise ValueError(
            f"scores and reference must be two 1-D sequences of the same length (one score per "
            f"image each), got shapes {a.shape} and {b.shape}."
        )
    if np.isnan(a).any() or np.isnan(b).any():
        raise ValueError("scores hold NaN: leave out the images without a score from both.")
    if a.size == 0:
        return float("nan")
    differences = np.round(a - b, DECIMALS)
    if not differences.any():
        return 1.0  # scipy's normal approximation would divide 0 by 0 here
    result = stats.wilcoxon(differences, zero_method="wilcox", method="auto")
    return float(result.pvalue)


def smallest_adjusted_p(n_images: int, comparisons: int) -> float:
    """The smallest Holm-adjusted p-value the comparisons with the best can reach at all.

    The exact two-sided Wilcoxon p-value is smallest when every image differs in the same
    direction: ``2 / 2**n``; Holm multiplies the smallest of ``m`` p-values by ``m``. When this
    bound is not below alpha, no method can be told apart from the best, whatever the scores:
    the test images are too few, and "not distinguishable" says nothing about the methods.
    Exact where SciPy's p-value is (the exact or permutation distribution: up to 50 images
    without ties, up to 13 with ties or zeros); beyond that it is far below any usual alpha.

    Parameters
    ----------
    n_images : int
        Test images paired with the best.
    comparisons : int
        Methods compared with the best (the task's methods but one).

    Returns
    -------
    float
        ``min(1, comparisons * 2 / 2**n_images)``; 1 when there is no image, NaN when there is
        no comparison.

    Examples
    --------
    Five test images: even a method worse on every one of them gets p = 0.0625 > 0.05.

    >>> smallest_adjusted_p(5, 1)
    0.0625
    >>> smallest_adjusted_p(7, 20)  # 7 images, 21 methods: 20 * 2 / 128
    0.3125

    References
    ----------
    Wilcoxon, F. (1945). Individual comparisons by ranking methods. Biometrics Bulletin 1(6),
    80-83; Holm, S. (1979). A simple sequentially rejective multiple test procedure.
    Scandinavian Journal of Statistics 6, 65-70.
    """
    if comparisons < 1:
        return float("nan")
    if n_images < 1:
        return 1.0
    return min(1.0, comparisons * 2.0 ** (1 - n_images))


def standard_error(scores: Sequence[float]) -> float:
    """Standard error of a mean score: the sample standard deviation over ``sqrt(n)``.

    Parameters
    ----------
    scores : sequence of float
        One score per test image.

    Returns
    -------
    float
        ``std(scores, ddof=1) / sqrt(n)``; NaN for fewer than two scores.

    Examples
    --------
    >>> standard_error([0.6, 0.8, 1.0])
    0.11547005383792516

    References
    ----------
    Demšar, J. (2006). Statistical comparisons of classifiers over multiple data sets. JMLR 7,
    1-30; NumPy, ``numpy.std`` (``ddof``).
    """
    values = np.asarray(scores, dtype=float)
    if values.size < 2:
        return float("nan")
    return float(values.std(ddof=1) / np.sqrt(values.size))


def mean_interval(scores: Sequence[float], confidence: float = CONFIDENCE) -> tuple[float, float]:
    """Student-t confidence interval of a mean score over test images.

    ``mean +/- t * standard_error`` with ``t`` the ``(1 + confidence) / 2`` quantile of
    Student's t with ``n - 1`` degrees of freedom: the interval that holds the mean score over
    all images like these with the given probability, if the images are a random sample. Scores
    lie in ``[0, 1]`` but the interval is not cut there.

    Parameters
    ----------
    scores : sequence of float
        One score per test image.
    confidence : float, optional
        Coverage, in ``(0, 1)``.

    Returns
    -------
    tuple of float
        ``(low, high)``; NaN for fewer than two scores.

    Raises
    ------
    ValueError
        If ``confidence`` is not in ``(0, 1)``.

    Examples
    --------
    >>> low, high = mean_interval([0.6, 0.8, 1.0])
    >>> round(low, 3), round(high, 3)
    (0.303, 1.297)

    References
    ----------
    Student (1908). The probable error of a mean. Biometrika 6(1), 1-25; SciPy,
    ``scipy.stats.t``, https://docs.scipy.org/doc/scipy/reference/generated/scipy.stats.t.html
    """
    if not 0 < confidence < 1:
        raise ValueError(f"confidence must lie in (0, 1), e.g. 0.95; got {confidence}.")
    values = np.asarray(scores, dtype=float)
    if values.size < 2:
        return float("nan"), float("nan")
    half = stats.t.ppf((1 + confidence) / 2, values.size - 1) * standard_error(values)
    return float(values.mean() - half), float(values.mean() + half)


def compare_with_best(per_image: pd.DataFrame, best: str, *, alpha: float = ALPHA) -> pd.DataFrame:
    """Each method of one task against the task's best, paired on the same test images.

    Parameters
    ----------
    per_image : pandas.DataFrame
        One task's per-image scores: columns ``method``, ``image`` and ``score`` (as
        :func:`segutils.bench.report.image_table` gives). Rows with a missing score (NaN) are
        left out, as the leaderboard's means leave them out.
    best : str
        The method the others are compared with (the task's rank 1).
    alpha : float, optional
        Family-wise error rate of the task's comparisons.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``method``, in the order of first appearance, with columns:

        - ``se``: standard error of the method's mean score (:func:`standard_error`);
        - ``ci_low``, ``ci_high``: the :data:`CONFIDENCE` t-interval of that mean
          (:func:`mean_interval`);
        - ``p_vs_best``: Holm-adjusted two-sided Wilcoxon p-value against the best, over the
          task's comparisons (1 for the best; NaN when no image is shared);
        - ``tied_with_best``: ``p_vs_best >= alpha``, i.e. not distinguishable from the best
          (True for the best; False when no image is shared, since nothing could be shown);
        - ``n_paired``: test images scored by both the method and the best;
        - ``unpaired_images``: names of the images scored by only one of the two, sorted (an
          empty list normally: every method is scored on every test image).

    Raises
    ------
    ValueError
        If ``best`` has no row, a column is missing, an image is scored twice by one method, or
        ``alpha`` is not in ``(0, 1)``.

    Examples
    --------
    ``b`` is worse than ``a`` on each of 8 images, ``c`` sometimes better, sometimes worse:

    >>> a = [0.90, 0.80, 0.95, 0.85, 0.90, 0.99, 0.91, 0.87]
    >>> b = [s - 0.3 for s in a]
    >>> c = [s + d for s, d in zip(a, [0.02, -0.03, 0.01, -0.02, 0.03, -0.01, 0.02, -0.01])]
    >>> per_image = pd.DataFrame({"method": ["a"] * 8 + ["b"] * 8 + ["c"] * 8,
    ...                           "image": [f"i{k}" for k in range(8)] * 3, "score": a + b + c})
    >>> result = compare_with_best(per_image, "a")
    >>> result["p_vs_best"].round(4).tolist(), result["tied_with_best"].tolist()
    ([1.0, 0.0156, 0.9062], [True, False, True])

    ``b``'s raw p-value, 2 / 2**8, is doubled by Holm's correction for two comparisons.

    References
    ----------
    Wilcoxon, F. (1945). Individual comparisons by ranking methods. Biometrics Bulletin 1(6),
    80-83; Holm, S. (1979). A simple sequentially rejective multiple test procedure.
    Scandinavian Journal of Statistics 6, 65-70; Demšar, J. (2006). Statistical comparisons of
    classifiers over multiple data sets. JMLR 7, 1-30 (comparisons with a control, Holm).
    """
    if not 0 < alpha < 1:
        raise ValueError(f"alpha must lie in (0, 1), e.g. 0.05; got {alpha}.")
    missing = {"method", "image", "score"} - set(per_image.columns)
    if missing:
        raise ValueError(f"per_image lacks the column(s) {sorted(missing)}: see image_table().")
    scored = per_image.dropna(subset=["score"])
    twice = scored[scored.duplicated(["method", "image"])]
    if len(twice):
        first = twice.iloc[0]
        raise ValueError(
            f"method {first['method']!r} is scored more than once on image {first['image']!r}; "
            "give one row per method and image (one task at a time)."
        )
    methods = list(dict.fromkeys(per_image["method"]))
    if best not in methods:
        raise ValueError(f"the best method {best!r} has no row; the methods are {methods}.")
    by_method = {
        method: rows.set_index("image")["score"] for method, rows in scored.groupby("method")
    }
    reference = by_method.get(best, pd.Series(dtype=float))
    rows = {}
    for method in methods:
        scores = by_method.get(method, pd.Series(dtype=float))
        shared = scores.index.intersection(reference.index, sort=False)
        low, high = mean_interval(scores.to_numpy())
        rows[method] = {
            "se": standard_error(scores.to_numpy()),
            "ci_low": low,
            "ci_high": high,
            "n_paired": len(shared),
            "unpaired_images": sorted(set(scores.index) ^ set(reference.index)),
            "raw_p": paired_p_value(scores[shared].to_numpy(), reference[shared].to_numpy()),
        }
    table = pd.DataFrame.from_dict(rows, orient="index").rename_axis("method")
    others = table.index != best
    table["p_vs_best"] = 1.0
    table.loc[others, "p_vs_best"] = holm(table.loc[others, "raw_p"].to_numpy(dtype=float))
    table["tied_with_best"] = table["p_vs_best"] >= alpha  # NaN (not compared) gives False
    columns = ["se", "ci_low", "ci_high", "p_vs_best", "tied_with_best", "n_paired"]
    return table[[*columns, "unpaired_images"]]
