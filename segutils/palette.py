"""The label palette, and the colouring that gives touching regions different colours.

Figures (:mod:`segutils.viz`) and explorer frames (:mod:`segutils.explorer.frames`) both colour
label images with :func:`color_index`, so a region has the same colour in both.

Region ``k`` prefers palette entry ``(k - 1) % 16``, so a label image with at most 16 labels (a
class map, a few clusters) always gets the same colour for the same label, and two images of
the same classes can be compared by colour. Beyond 16 labels, colours repeat: a region whose
preferred colour is already taken by a touching region takes the next free one (a greedy
colouring of the region adjacency graph, in label order), so no border between two regions
vanishes.
"""

from __future__ import annotations

import numpy as np

from .masks import check_labels, compact_labels

__all__ = ["LABEL_COLORS", "color_index", "touching_pairs"]

#: Matplotlib's "tab20" without its greys (a grey tint over a gray image looks like an
#: unsegmented region), nor the light purple and light brown that look nearly grey: first the
#: saturated colours, then the light ones, so that neighbouring labels get clearly different
#: hues. ``float32`` RGB in ``[0, 1]``.
LABEL_COLORS: np.ndarray = (
    np.array(
        [
            # saturated
            (31, 119, 180),
            (255, 127, 14),
            (44, 160, 44),
            (214, 39, 40),
            (148, 103, 189),
            (140, 86, 75),
            (227, 119, 194),
            (188, 189, 34),
            (23, 190, 207),
            # light
            (174, 199, 232),
            (255, 187, 120),
            (152, 223, 138),
            (255, 152, 150),
            (247, 182, 210),
            (219, 219, 141),
            (158, 218, 229),
        ],
        dtype=np.float32,
    )
    / 255
)


def touching_pairs(labels: np.ndarray) -> np.ndarray:
    """Every pair of regions that share a border (4-connectivity), background left out.

    Parameters
    ----------
    labels : ndarray
        ``(H, W)`` non-negative integer labels, 0 for background.

    Returns
    -------
    ndarray
        ``int64`` ``(M, 2)``, one row ``(smaller, larger)`` per pair, sorted.

    Raises
    ------
    TypeError, ValueError
        If ``labels`` is not a ``(H, W)`` label image (see :func:`segutils.masks.check_labels`).

    Examples
    --------
    >>> import numpy as np
    >>> touching_pairs(np.array([[1, 1, 2], [3, 0, 2]])).tolist()
    [[1, 2], [1, 3]]

    References
    ----------
    Trémeau & Colantoni, "Regions adjacency graph applied to color image segmentation",
    IEEE Transactions on Image Processing 9(4), 2000.
    """
    return _pairs(_two_dimensional(labels))


def _pairs(labels: np.ndarray) -> np.ndarray:
    """:func:`touching_pairs` of labels already checked."""
    width = labels.shape[1]
    flat = labels.ravel()
    lows, highs = [], []
    # Right and lower neighbours as offsets in the flat image: a pair of different labels is a
    # piece of border. Gathering through flat indices is faster than masking 2-D views.
    for offset in (1, width):
        differ = flat[:-offset] != flat[offset:]
        if offset == 1:
            differ[width - 1 :: width] = False  # a row's last pixel and the next row's first
        where = np.flatnonzero(differ)
        first, second = flat[where], flat[where + offset]
        lows.append(np.minimum(first, second))
        highs.append(np.maximum(first, second))
    low, high = np.concatenate(lows).astype(np.int64), np.concatenate(highs).astype(np.int64)
    keep = low > 0
    low, high = low[keep], high[keep]
    if len(low) == 0:
        return np.zeros((0, 2), np.int64)
    base = int(high.max()) + 1
    if base > 2**31:  # the key below would overflow int64
        return np.unique(np.stack([low, high], axis=1), axis=0)
    # One number per pair; a border repeats its pair once per pixel, so drop repeats in a row
    # (along horizontal borders) before the sort that drops the rest.
    keys = low * base + high
    keys = np.unique(keys[np.r_[True, keys[1:] != keys[:-1]]])
    return np.stack([keys // base, keys % base], axis=1)


def color_index(labels: np.ndarray) -> np.ndarray:
    """Palette entry of every pixel: 0 for background, ``1..16`` for ``LABEL_COLORS[i - 1]``.

    Region ``k`` gets entry ``(k - 1) % 16 + 1`` unless a touching region with a smaller label
    already has it; then it takes the next entry that no touching region has. On 512 x 512
    labels with about 500 regions this takes a few milliseconds (measured by
    ``benchmarks/explorer_latency.py``).

    Parameters
    ----------
    labels : ndarray
        ``(H, W)`` ``bool`` mask or non-negative integer labels, 0 for background.

    Returns
    -------
    ndarray
        ``uint8`` ``(H, W)``; index a palette with a black row 0 by it.

    Raises
    ------
    TypeError, ValueError
        If ``labels`` is not a ``(H, W)`` mask or label image.

    Examples
    --------
    >>> import numpy as np
    >>> labels = np.array([[1, 17, 2]])  # 17 would take 1's colour; it touches 1, so it moves on
    >>> color_index(labels).tolist()
    [[1, 3, 2]]

    References
    ----------
    Welsh & Powell, "An upper bound for the chromatic number of a graph and its application to
    timetabling problems", The Computer Journal 10(1), 1967 (greedy graph colouring).
    """
    labels = _two_dimensional(labels)
    if labels.dtype == bool:
        return labels.view(np.uint8)
    if labels.size and int(labels.max()) > max(labels.size, 2**16):
        # Sparse label values (e.g. hashes): number them 1..N in order so the table stays small.
        labels = compact_labels(labels, keep_zero=True)[0]
    top = int(labels.max()) if labels.size else 0
    count = len(LABEL_COLORS)
    table = (np.arange(top + 1) - 1) % count + 1
    table[0] = 0
    pairs = _pairs(labels)
    if len(pairs):
        _resolve_conflicts(table, pairs, count)
    return table.astype(np.uint8)[labels]


def _two_dimensional(labels: np.ndarray) -> np.ndarray:
    labels = check_labels(labels)
    if labels.ndim != 2:
        raise ValueError(f"labels must be a (H, W) image, got shape {labels.shape}.")
    return labels


def _resolve_conflicts(table: np.ndarray, pairs: np.ndarray, count: int) -> None:
    """Greedy colouring in label order: move each region off its smaller neighbours' colours."""
    order = np.argsort(pairs[:, 1], kind="stable")
    lows, highs = pairs[order, 0], pairs[order, 1]
    starts = np.flatnonzero(np.r_[True, highs[1:] != highs[:-1]])
    # Only a region that clashes with a neighbour's preferred colour, or that touches a region
    # already moved, can need a new colour; the others are skipped without building a set.
    clash = np.logical_or.reduceat(table[lows] == table[highs], starts)
    ends = np.r_[starts[1:], len(highs)].tolist()
    colour, neighbours_of = table.tolist(), lows.tolist()
    moved: set[int] = set()
    for start, end, region, clashes in zip(
        starts.tolist(), ends, highs[starts].tolist(), clash.tolist(), strict=True
    ):
        neighbours = neighbours_of[start:end]
        if not clashes and moved.isdisjoint(neighbours):
            continue
        taken = {colour[n] for n in neighbours}
        for step in range(count):
            candidate = (colour[region] - 1 + step) % count + 1
            if candidate not in taken:
                if step:
                    colour[region] = candidate
                    moved.add(region)
                break
    table[:] = colour
