"""Boundary maps and their one-to-one matching: the pixel level of the Berkeley boundary benchmark.

The BSDS500 ``bench/`` code (Martin et al. 2004; Arbelaez et al. 2011) compares a machine
boundary map with a human one in three steps, each of which lives here:

1. **Boundaries of a segmentation** (``seg2bmap.m``): a pixel is a boundary pixel where its right,
   lower or lower-right neighbour carries another label (:func:`bsds_boundaries`). Only label
   *changes* matter, so labels with gaps (1, 5, 9) give the same map as 1, 2, 3.
2. **Thinning** (``bwmorph(map, 'thin', inf)``): every thresholded machine map is thinned to
   one-pixel lines (:func:`segutils.morphology.thin`), so that a thick response is not
   counted many times. The ``Boundaries`` field of the BSDS ``.mat`` files is ``seg2bmap``
   thinned the same way; we checked that ``bsds_boundaries(segmentation, thin=True)``
   reproduces it on all 546 validation annotations.
3. **Matching** (``correspondPixels``/``match.cc``): each machine pixel may be paired with at
   most one human pixel and vice versa, and only when they lie within ``max_dist`` times the
   image diagonal (0.0075: 4.3 pixels on a 481x321 photo). Matched machine pixels are the true
   positives of precision, matched human pixels those of recall (:func:`match_boundaries`).

**Why a maximum matching of least distance gives the benchmark's counts.** ``match.cc`` solves
a min-cost perfect matching (Goldberg's CSA) on a graph where in-range pairs cost their distance
and every pixel can instead go to an "outlier" node at a cost of ``100 * max_dist``. Leaving a
pair unmatched costs far more than any in-range pair, so the optimum first maximises the number
of pairs and only then minimises their total distance. The number of pairs is what recall
counts; *which* machine pixels are paired matters too, because precision counts the machine
pixels matched by any annotator (:mod:`segutils.metrics.boundary_solver` finds both). Strictly,
the outlier cost bounds the trade: CSA keeps one pair fewer when adding it would re-pair about
100 or more pixels along an augmenting path, each moved by up to ``max_dist``; it also rounds
distances to 1/100 pixel and breaks ties its own way. Against pyEdgeEval's port of ``match.cc``
on BSDS gradient maps, our ``cnt_r`` agree within 0.01 % and ``cnt_p`` within 0.3 %.
``tests/test_boundary.py`` checks the number of pairs against
:func:`scipy.optimize.linear_sum_assignment` with outlier costs, and the pixels chosen against a
least-distance assignment, on random point sets.

Examples
--------
>>> import numpy as np
>>> truth = np.zeros((20, 20), bool); truth[10, :] = True  # a horizontal edge
>>> machine = np.roll(truth, 1, axis=0)  # found one pixel too low
>>> [int(m.sum()) for m in match_boundaries(machine, truth, max_dist=0.06)]  # 1.7 px
[20, 20]
>>> [int(m.sum()) for m in match_boundaries(machine, truth)]  # 0.0075 * 28 px = 0.2 px
[0, 0]
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from scipy import sparse

from .. import morphology
from ..masks import as_mask, check_labels
from .boundary_solver import least_distance_rows, maximum_matching

__all__ = ["bsds_boundaries", "match_boundaries", "pair_bound"]

#: Most in-range (pixel, human pixel) pairs held for one image (BSDS needs about 1.3 million).
MAX_PAIRS = 20_000_000
#: Bytes held at the peak of :func:`segutils.metrics.boundary_counts` per pair of
#: :func:`pair_bound`, rounded up from at most 76 measured with tracemalloc (dense random
#: annotations of 60x80 and 120x160 pixels, 0.0075 <= max_dist <= 0.1): memory grows with the
#: pairs, never with a data type or a label value. The fuzz harness allows a call this much.
BYTES_PER_PAIR = 96
#: Candidate (human pixel, offset) entries made at once while the pairs are enumerated.
_CANDIDATES_PER_BLOCK = 2**18


def pair_bound(shape: tuple[int, int], n_truth_pixels: int, max_dist: float) -> int:
    """The most in-range (image pixel, human boundary pixel) pairs a matching can hold.

    Each human boundary pixel pairs with the pixels of its disc of radius ``max_dist`` times the
    image diagonal, and with no more pixels than the image has; matching memory grows with this
    number (about :data:`BYTES_PER_PAIR` bytes each), which is why a ``max_dist`` far above the
    benchmark's 0.0075 is refused beyond :data:`MAX_PAIRS`.

    Parameters
    ----------
    shape : tuple of int
        ``(height, width)`` of the image.
    n_truth_pixels : int
        Human boundary pixels, summed over the annotations.
    max_dist : float
        Matching distance as a fraction of the image diagonal, in ``(0, 1]``.

    Returns
    -------
    int
        An upper bound on the number of pairs.

    Examples
    --------
    >>> pair_bound((321, 481), 5_000, 0.0075)  # a BSDS photo: a disc of radius 4.3 px
    447430
    >>> pair_bound((10, 10), 30, 1.0)  # every pixel in range: 30 x 100
    3000

    References
    ----------
    D. Martin, C. Fowlkes and J. Malik, "Learning to detect natural image boundaries using local
    brightness, color, and texture cues", IEEE TPAMI 26(5), 2004 (the matching's distance).
    """
    height, width = shape
    radius = max_dist * np.hypot(height, width)
    per_truth_pixel = min(np.pi * (radius + 1) ** 2, height * width)
    return int(np.ceil(per_truth_pixel * n_truth_pixels))


def bsds_boundaries(labels: np.ndarray, *, thin: bool = False) -> np.ndarray:
    """Boundary map of a segmentation as the Berkeley benchmark draws it (BSDS's ``seg2bmap``).

    A pixel is a boundary pixel when its right, lower or lower-right neighbour has a different
    label (the line lies half a pixel towards the origin from the true region edge). The last
    row compares only with the right neighbour, the last column only with the lower one. Label
    values themselves do not matter, only changes, so gaps in the numbering are fine.

    Parameters
    ----------
    labels : ndarray
        ``(H, W)`` integer labels or a ``bool`` mask (one region against the rest).
    thin : bool, optional
        Thin the map to one-pixel lines as ``bwmorph(..., 'thin', inf)``
        (:func:`segutils.morphology.thin`). ``True`` gives the ``Boundaries`` field of the
        BSDS500 ``.mat`` files exactly.

    Returns
    -------
    ndarray
        ``bool`` boundary map of the same shape.

    See Also
    --------
    segutils.morphology.inner_boundaries : every region's whole outer ring of pixels
        (scikit-image's ``find_boundaries(mode="inner")``), the outline the explorer draws.

    Examples
    --------
    >>> import numpy as np
    >>> bsds_boundaries(np.array([[1, 1, 7], [1, 1, 7], [4, 4, 4]])).astype(int).tolist()
    [[0, 1, 0], [1, 1, 1], [0, 0, 0]]

    References
    ----------
    Martin, Fowlkes and Malik, "Learning to Detect Natural Image Boundaries Using Local
    Brightness, Color, and Texture Cues", IEEE TPAMI 26(5), 2004; BSDS500 ``bench/seg2bmap.m``.
    """
    labels = check_labels(labels)
    if labels.ndim != 2:
        raise ValueError(
            f"labels must be a 2-D (H, W) label image, got shape {labels.shape}; pass one "
            "segmentation at a time."
        )
    edges = np.zeros(labels.shape, bool)
    edges[:, :-1] = labels[:, :-1] != labels[:, 1:]
    edges[:-1, :] |= labels[:-1, :] != labels[1:, :]
    edges[:-1, :-1] |= labels[:-1, :-1] != labels[1:, 1:]
    return morphology.thin(edges) if thin else edges


def _check_max_dist(max_dist: float) -> float:
    """``max_dist`` as a float in ``(0, 1]``, or a ValueError that says why not."""
    if isinstance(max_dist, bool) or not isinstance(max_dist, int | float | np.number):
        raise TypeError(
            f"max_dist must be a number (a fraction of the image diagonal), got {max_dist!r}."
        )
    if not 0 < max_dist <= 1:  # also refuses NaN
        raise ValueError(
            f"max_dist={max_dist} is outside (0, 1]: it is a fraction of the image diagonal, "
            "0.0075 in the BSDS benchmark."
        )
    return float(max_dist)


class _TruthIndex:
    """Every in-range (image pixel, human boundary pixel) pair of one image's annotations.

    Built once per image, it turns each threshold's matching into a row selection: the graph of
    a machine map is the rows of its pixels. Pairs are enumerated over the disc of integer
    offsets ``(dy, dx)`` with ``sqrt(dy**2 + dx**2) <= max_dist * diagonal``, the very test of
    ``match.cc``, so no floating-point tolerance decides a pair at the edge of the disc.

    Parameters
    ----------
    truths : sequence of ndarray
        ``bool`` boundary maps of one shape, one per annotator.
    max_dist : float
        Matching distance as a fraction of the image diagonal.
    """

    def __init__(self, truths: Sequence[np.ndarray], max_dist: float):
        height, width = truths[0].shape
        radius = max_dist * np.sqrt(height**2 + width**2)
        n_truth = sum(int(np.count_nonzero(t)) for t in truths)
        pairs = pair_bound((height, width), n_truth, max_dist)
        if pairs > MAX_PAIRS:  # before building the disc
            raise ValueError(
                f"max_dist={max_dist} reaches {radius:.0f} pixels on this {height}x{width} image: "
                f"up to {pairs:,} pixel pairs to match, more than {MAX_PAIRS:,} (about "
                f"{MAX_PAIRS * BYTES_PER_PAIR / 2**30:.1f} GiB). Use a smaller max_dist (the "
                "benchmark's is 0.0075)."
            )
        # The disc of offsets, cut to the image: no pair lies further away than the image is
        # wide or high, however large max_dist is.
        reach_y, reach_x = min(int(radius), height - 1), min(int(radius), width - 1)
        dy, dx = np.mgrid[-reach_y : reach_y + 1, -reach_x : reach_x + 1]
        inside = np.sqrt(dy**2 + dx**2) <= radius
        dy, dx = dy[inside], dx[inside]
        # Each pair weighs its distance + 1: LAPJVsp needs weights > 0, and adding the same
        # constant to every pair of a full matching changes no choice.
        offset_weight = np.hypot(dy, dx) + 1
        # Candidates (a human pixel times the disc) are made a block of human pixels at a time,
        # so the memory held beyond the pairs themselves stays bounded.
        block = max(1, _CANDIDATES_PER_BLOCK // dy.size)
        pixels, columns, weights, self.truth_pixels = [], [], [], []
        for truth in truths:
            ty, tx = np.nonzero(truth)
            start = sum(t.size for t in self.truth_pixels)
            near_this, columns_this = [], []
            for first in range(0, ty.size, block):
                py = ty[first : first + block, None] + dy
                px = tx[first : first + block, None] + dx
                ok = (py >= 0) & (py < height) & (px >= 0) & (px < width)
                truth_index, offset_index = np.nonzero(ok)
                near_this.append(py[ok] * width + px[ok])
                columns_this.append(start + first + truth_index)
                weights.append(offset_weight[offset_index])
            pixels.append(np.concatenate(near_this) if near_this else np.zeros(0, np.int64))
            columns.extend(columns_this)
            self.truth_pixels.append(ty * width + tx)
        near = np.unique(np.concatenate(pixels))
        #: Row of each image pixel near some human boundary pixel, -1 for the others.
        self.near_id = np.full(height * width, -1, np.int64)
        self.near_id[near] = np.arange(near.size)
        self.n_near, self.n_truths = near.size, len(truths)
        rows = np.concatenate([a * near.size + self.near_id[p] for a, p in enumerate(pixels)])
        self.pairs = sparse.csr_array(
            (
                np.concatenate(weights) if weights else np.zeros(0),
                (rows, np.concatenate(columns) if columns else np.zeros(0, np.int64)),
            ),
            shape=(self.n_truths * near.size, sum(t.size for t in self.truth_pixels)),
        )

    def match(self, machine: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Match flat machine pixel indices with each annotation separately.

        Returns
        -------
        tuple of ndarray
            ``(n_truths, len(machine))`` bool: matched by annotation ``a``; and a bool per
            human pixel (annotations concatenated): matched.
        """
        matched = np.zeros((self.n_truths, machine.size), bool)
        ids = self.near_id[machine]
        near = np.flatnonzero(ids >= 0)
        if near.size == 0:
            return matched, np.zeros(self.pairs.shape[1], bool)
        rows = (np.arange(self.n_truths)[:, None] * self.n_near + ids[near]).ravel()
        graph = self.pairs[rows]
        mate = maximum_matching(graph)
        matched[:, near] = least_distance_rows(graph, mate).reshape(self.n_truths, near.size)
        truth_hit = np.zeros(self.pairs.shape[1], bool)
        truth_hit[mate[mate >= 0]] = True
        return matched, truth_hit


def match_boundaries(
    machine: np.ndarray, truth: np.ndarray, max_dist: float = 0.0075
) -> tuple[np.ndarray, np.ndarray]:
    """Pair machine and human boundary pixels one to one, within a distance (``correspondPixels``).

    The maps are matched as given (the benchmark thins the machine map first; see
    :func:`segutils.metrics.boundary_counts`). The number of pairs is the largest possible, and
    the machine pixels paired are those of such a matching of least total distance, as the
    benchmark's min-cost matcher picks them (see the module docstring).

    Parameters
    ----------
    machine, truth : ndarray
        ``bool`` boundary maps of one ``(H, W)`` shape (integers 0/1 are accepted).
    max_dist : float, optional
        Largest distance of a pair, as a fraction of the image diagonal ``sqrt(H**2 + W**2)``.

    Returns
    -------
    tuple of ndarray
        ``(matched_machine, matched_truth)``: ``bool`` maps of the pixels that found a partner;
        both hold the same number of pixels.

    Examples
    --------
    Three machine pixels crowd around one human pixel: only one of them, the nearest, is matched.

    >>> import numpy as np
    >>> truth = np.zeros((9, 9), bool); truth[4, 4] = True
    >>> machine = np.zeros((9, 9), bool); machine[4, 3:6] = True
    >>> matched_machine, matched_truth = match_boundaries(machine, truth, max_dist=0.05)
    >>> int(matched_machine.sum()), int(matched_truth.sum()), bool(matched_machine[4, 4])
    (1, 1, True)

    References
    ----------
    Martin, Fowlkes and Malik, TPAMI 26(5), 2004, section 3.1; BSDS500 ``bench/source/match.cc``;
    Hopcroft and Karp, "An n^5/2 Algorithm for Maximum Matchings in Bipartite Graphs", SIAM J.
    Comput. 2(4), 1973.
    """
    machine = as_mask(machine, name="machine")
    truth = as_mask(truth, name="truth", shape=machine.shape)
    if machine.ndim != 2:
        raise ValueError(f"The boundary maps must be 2-D (H, W), got shape {machine.shape}.")
    index = _TruthIndex([truth], _check_max_dist(max_dist))
    pixels = np.flatnonzero(machine)
    matched, truth_hit = index.match(pixels)
    matched_machine = np.zeros(machine.shape, bool)
    matched_machine.flat[pixels[matched[0]]] = True
    matched_truth = np.zeros(machine.shape, bool)
    matched_truth.flat[index.truth_pixels[0][truth_hit]] = True
    return matched_machine, matched_truth
