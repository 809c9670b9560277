"""Judge a segmentation by its regions against several human annotations (BSDS500 measures).

A region measure asks whether the segmentation groups the pixels as people do, whatever the
labels are called: renaming the regions changes nothing. Each of the three measures of the
Berkeley region benchmark (Arbelaez et al. 2011, section 3.2) comes from the **contingency
table** ``n[i, j]`` = number of pixels in region ``i`` of the segmentation S and in region ``j``
of an annotation G, counted with :func:`numpy.bincount` on the label pairs (the labels renumbered
to the regions present by :func:`segutils.masks.compact_labels`, so that large label values
cost nothing):

- **segmentation covering** of G by S: each region R of G is matched with the region R' of S
  that overlaps it best (largest IoU), weighted by its size:
  ``C(S -> G) = (1/N) sum_R |R| max_R' IoU(R, R')``. 1 is perfect; an over-segmentation into
  tiny regions scores low, because no small region covers a large one well.
- **probabilistic Rand index** (PRI): the fraction of pixel pairs on which S and G agree (both
  put the pair in one region, or both separate it), averaged over the annotators. 1 is perfect;
  it is generous, since most pairs lie in different regions anyway.
- **variation of information** (VI): ``H(S) + H(G) - 2 I(S, G)``, in bits, the information lost
  and gained going from one to the other. 0 is perfect; lower is better.

Several annotators: the BSDS code averages PRI and VI over them, and pools the covering (sum of
the covered pixels over annotators, divided by the sum of their pixel counts, which is the mean
when all annotations have the same shape).

Labels: any non-negative integers or a ``bool`` mask. **Label 0 is an ordinary region here, not
background**, in the segmentation and in the annotations alike (BSDS annotations use 1..N).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

import numpy as np
from scipy import sparse

from ..masks import check_labels, compact_labels

__all__ = [
    "probabilistic_rand_index",
    "region_scores",
    "segmentation_covering",
    "variation_of_information",
]


class _Agreement(NamedTuple):
    """What one annotation contributes: covered pixels, pixel count, Rand index, VI (bits)."""

    covered: float
    pixels: int
    rand: float
    vi: float


def _compact(flat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Renumber labels to 0..K-1 (order kept); return the new labels and each region's size."""
    codes, _, sizes = compact_labels(flat, return_counts=True)
    return codes, sizes


def _xlog2x(counts: np.ndarray) -> float:
    """``sum n log2 n`` over positive integer counts, grouped by value.

    Summing by value (not in the order of the table) makes equal multisets of counts give
    bit-equal sums, so identical groupings have a VI of exactly 0.0; it is faster too.
    """
    frequency = np.bincount(counts)
    values = np.flatnonzero(frequency)
    return float(np.dot(frequency[values] * values, np.log2(values)))


def _agreement(seg: np.ndarray, seg_sizes: np.ndarray, truth: np.ndarray) -> _Agreement:
    """The three measures against one annotation, from their contingency table.

    ``seg`` is the compacted flat segmentation, ``truth`` one flat annotation (checked).
    """
    truth, truth_sizes = _compact(truth)
    n_truth = truth_sizes.size
    pixels = seg.size
    if seg_sizes.size * n_truth <= 4 * pixels + 1024:  # a dense table of a sensible size
        table = np.bincount(seg * n_truth + truth, minlength=seg_sizes.size * n_truth)
        cells = np.flatnonzero(table)
        counts = table[cells]
        rows, cols = np.divmod(cells, n_truth)
    else:  # many regions on both sides: a sparse table holds only the pairs that occur
        table = sparse.csr_array(
            (np.ones(pixels, np.int64), (seg, truth)), shape=(seg_sizes.size, n_truth)
        )
        table.sum_duplicates()
        counts, cols = table.data, table.indices
        rows = np.repeat(np.arange(seg_sizes.size), np.diff(table.indptr))

    # Covering: the best IoU of each annotated region; a pair that never meets has IoU 0.
    overlap = counts / (seg_sizes[rows] + truth_sizes[cols] - counts)
    best = np.zeros(n_truth)
    np.maximum.at(best, cols, overlap)
    covered = float(np.dot(truth_sizes, best))

    # Rand index over the N (N - 1) / 2 unordered pairs of distinct pixels. Pairs split by one
    # and joined by the other: sum a^2 / 2 + sum b^2 / 2 - sum n^2 (exact integers).
    pairs = pixels * (pixels - 1) // 2
    seg_sq = int(np.dot(seg_sizes, seg_sizes))
    truth_sq = int(np.dot(truth_sizes, truth_sizes))
    disagree = (seg_sq + truth_sq) // 2 - int(np.dot(counts, counts))
    rand = 1.0 - disagree / pairs if pairs else 1.0  # one pixel: no pair to disagree on

    # VI = H(S) + H(G) - 2 I(S, G) = (sum a log a + sum b log b - 2 sum n log n) / N, in bits:
    # the log N terms of the three entropies cancel.
    vi = (_xlog2x(seg_sizes) + _xlog2x(truth_sizes) - 2.0 * _xlog2x(counts)) / pixels
    return _Agreement(covered, pixels, rand, max(vi, 0.0))  # max: rounding below 0


def _truth_list(truths: np.ndarray | Sequence[np.ndarray]) -> list:
    """One annotation (an array) or several (a list or tuple of arrays), as a list."""
    if truths is None or isinstance(truths, (str, bytes, dict)):
        raise TypeError(
            f"truths is a {type(truths).__name__}; pass one label image or a list of them, "
            "e.g. sample.segmentations of segutils.load_bsds500."
        )
    if isinstance(truths, np.ndarray):
        return [truths]
    try:
        return list(truths)
    except TypeError:
        raise TypeError(
            f"truths is a {type(truths).__name__}; pass one label image or a list of them, "
            "e.g. sample.segmentations of segutils.load_bsds500."
        ) from None


def _agreements(
    segmentation: np.ndarray, truths: np.ndarray | Sequence[np.ndarray]
) -> list[_Agreement]:
    """Check the inputs and measure the segmentation against each annotation."""
    segmentation = check_labels(segmentation, name="segmentation")
    annotations = _truth_list(truths)
    if not annotations:
        raise ValueError(
            "truths is empty: pass at least one annotation, e.g. sample.segmentations."
        )
    checked = []
    for k, truth in enumerate(annotations):
        name = f"truths[{k}]"
        truth = check_labels(truth, name=name)
        if truth.shape != segmentation.shape:
            hint = ""
            if isinstance(truths, np.ndarray) and truths.shape[1:] == segmentation.shape:
                hint = " To pass a stack of annotations, pass list(truths)."
            elif not isinstance(truths, np.ndarray) and truth.ndim < segmentation.ndim:
                hint = " A list is read as several annotations: pass one as an array."
            raise ValueError(
                f"{name} has shape {truth.shape} but segmentation has shape "
                f"{segmentation.shape}; each annotation must cover the same pixels. Resize the "
                "segmentation with segutils.masks.resize_labels(segmentation, truth.shape)." + hint
            )
        checked.append(truth.ravel())
    seg, seg_sizes = _compact(segmentation.ravel())
    return [_agreement(seg, seg_sizes, truth) for truth in checked]


def _pooled_covering(agreements: list[_Agreement]) -> float:
    return sum(a.covered for a in agreements) / sum(a.pixels for a in agreements)


def segmentation_covering(
    segmentation: np.ndarray, truths: np.ndarray | Sequence[np.ndarray]
) -> float:
    """How well the segmentation's regions cover the annotated regions (1 is perfect).

    ``C(S -> G) = (1/N) sum_{R in G} |R| max_{R' in S} |R & R'| / |R | R'|``: each annotated
    region R is matched with the region R' of the segmentation S of largest IoU, and the
    matches are weighted by the size of R. With several annotators, the covered pixels and the
    pixel counts are each summed over them before the division, as the BSDS code does (the mean
    over annotators, since all have the segmentation's shape).

    Parameters
    ----------
    segmentation : ndarray
        Label image (non-negative integers) or ``bool`` mask. Label 0 is a region like any
        other, not background.
    truths : ndarray or sequence of ndarray
        One annotation or a list of them (e.g. ``sample.segmentations`` of
        :func:`segutils.load_bsds500`), each of the segmentation's shape.

    Returns
    -------
    float
        In ``(0, 1]``; 1 when every annotated region is exactly a region of the segmentation.

    Raises
    ------
    TypeError
        For float arrays or a ``truths`` that is not an array or a list of arrays.
    ValueError
        For an empty ``truths``, negative labels or shapes that differ.

    Notes
    -----
    The BSDS code (``match_segmentations.m``) leaves label 0 out of the matching because its
    segmentations and annotations use 1..N; here label 0 is matched like any other label, so
    the two agree on all such inputs.

    Examples
    --------
    >>> import numpy as np
    >>> halves = np.array([[0, 0], [1, 1]])  # top and bottom
    >>> columns = np.array([[1, 2], [1, 2]])  # left and right
    >>> round(segmentation_covering(halves, columns), 4)  # each column: best IoU 1/3
    0.3333
    >>> segmentation_covering(columns, [columns, columns])
    1.0

    References
    ----------
    Arbelaez, P., Maire, M., Fowlkes, C., Malik, J. (2011). Contour Detection and Hierarchical
    Image Segmentation. IEEE TPAMI 33(5), 898-916, section 3.2. Code: ``bench/benchmarks/``
    of the BSDS500 release (``evaluation_reg_image.m``, ``match_segmentations.m``).
    """
    return _pooled_covering(_agreements(segmentation, truths))


def probabilistic_rand_index(
    segmentation: np.ndarray, truths: np.ndarray | Sequence[np.ndarray]
) -> float:
    """Fraction of pixel pairs grouped alike by segmentation and annotation, mean over annotators.

    A pair of pixels agrees when both arrays put it in one region, or both put it in two. As in
    the BSDS code (``match_segmentations2.m``, ``rand_index``), the pairs are the
    ``N (N - 1) / 2`` unordered pairs of distinct pixels, counted from the contingency table
    ``n`` with row sums ``a`` and column sums ``b``:
    ``RI = 1 - (sum a^2 / 2 + sum b^2 / 2 - sum n^2) / (N (N - 1) / 2)``. This is
    :func:`sklearn.metrics.rand_score` of the flattened arrays.

    Parameters
    ----------
    segmentation : ndarray
        Label image (non-negative integers) or ``bool`` mask. Label 0 is a region like any
        other, not background.
    truths : ndarray or sequence of ndarray
        One annotation or a list of them, each of the segmentation's shape.

    Returns
    -------
    float
        In ``[0, 1]``; 1 when the groupings are the same (1.0 also for a one-pixel image, which
        has no pair).

    Raises
    ------
    TypeError
        For float arrays or a ``truths`` that is not an array or a list of arrays.
    ValueError
        For an empty ``truths``, negative labels or shapes that differ.

    Examples
    --------
    >>> import numpy as np
    >>> halves = np.array([[0, 0], [1, 1]])
    >>> columns = np.array([[1, 2], [1, 2]])
    >>> round(probabilistic_rand_index(halves, columns), 4)  # 2 of the 6 pairs agree
    0.3333

    References
    ----------
    Unnikrishnan, R., Pantofaru, C., Hebert, M. (2007). Toward objective evaluation of image
    segmentation algorithms. IEEE TPAMI 29(6). Arbelaez et al. (2011), TPAMI 33(5), section
    3.2; code ``bench/benchmarks/match_segmentations2.m`` of the BSDS500 release.
    """
    agreements = _agreements(segmentation, truths)
    return float(np.mean([a.rand for a in agreements]))


def variation_of_information(
    segmentation: np.ndarray, truths: np.ndarray | Sequence[np.ndarray]
) -> float:
    """Information lost and gained between segmentation and annotation, in bits (0 is perfect).

    ``VI(S, G) = H(S) + H(G) - 2 I(S, G)`` with entropies in **bits** (``log2``), as the BSDS
    code computes it (``match_segmentations2.m``, ``variation_of_information``), averaged over
    the annotators. It equals the sum of the two conditional entropies
    ``H(S | G) + H(G | S)`` that :func:`skimage.metrics.variation_of_information` returns.

    Parameters
    ----------
    segmentation : ndarray
        Label image (non-negative integers) or ``bool`` mask. Label 0 is a region like any
        other, not background.
    truths : ndarray or sequence of ndarray
        One annotation or a list of them, each of the segmentation's shape.

    Returns
    -------
    float
        ``>= 0``, in bits; 0 when the groupings are the same. Multiply by ``ln 2`` for nats.

    Raises
    ------
    TypeError
        For float arrays or a ``truths`` that is not an array or a list of arrays.
    ValueError
        For an empty ``truths``, negative labels or shapes that differ.

    Examples
    --------
    >>> import numpy as np
    >>> halves = np.array([[0, 0], [1, 1]])
    >>> columns = np.array([[1, 2], [1, 2]])
    >>> variation_of_information(halves, columns)  # H = 1 bit each, independent: I = 0
    2.0

    References
    ----------
    Meila, M. (2007). Comparing clusterings: an information based distance. Journal of
    Multivariate Analysis 98(5), 873-895. Arbelaez et al. (2011), TPAMI 33(5), section 3.2.
    """
    agreements = _agreements(segmentation, truths)
    return float(np.mean([a.vi for a in agreements]))


def region_scores(
    segmentation: np.ndarray, truths: np.ndarray | Sequence[np.ndarray]
) -> dict[str, float]:
    """Covering, PRI and VI in one call: one contingency table per annotator for all three.

    Parameters
    ----------
    segmentation : ndarray
        Label image (non-negative integers) or ``bool`` mask. Label 0 is a region like any
        other, not background.
    truths : ndarray or sequence of ndarray
        One annotation or a list of them, each of the segmentation's shape.

    Returns
    -------
    dict
        ``{"covering": ..., "pri": ..., "vi": ...}``, as :func:`segmentation_covering`,
        :func:`probabilistic_rand_index` and :func:`variation_of_information` (VI in bits).

    Raises
    ------
    TypeError
        For float arrays or a ``truths`` that is not an array or a list of arrays.
    ValueError
        For an empty ``truths``, negative labels or shapes that differ.

    Examples
    --------
    >>> import numpy as np
    >>> quadrants = np.array([[1, 1, 2, 2]] * 2 + [[3, 3, 4, 4]] * 2)
    >>> pixels = np.arange(16).reshape(4, 4)  # over-segmentation: one region per pixel
    >>> scores = region_scores(pixels, quadrants)
    >>> {name: round(value, 3) for name, value in scores.items()}
    {'covering': 0.25, 'pri': 0.8, 'vi': 2.0}

    References
    ----------
    Arbelaez, P., Maire, M., Fowlkes, C., Malik, J. (2011). Contour Detection and Hierarchical
    Image Segmentation. IEEE TPAMI 33(5), 898-916, section 3.2.
    """
    agreements = _agreements(segmentation, truths)
    return {
        "covering": _pooled_covering(agreements),
        "pri": float(np.mean([a.rand for a in agreements])),
        "vi": float(np.mean([a.vi for a in agreements])),
    }
