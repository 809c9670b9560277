"""How far a method looks, and whether it can run tile by tile at all: the rules of tiling.

A tile of a large image is segmented with a margin of its neighbours' pixels around it (the
*halo*, ``depth`` of :func:`dask.array.map_overlap`), so that a pixel near the tile's edge sees
what it would see in the whole image. The halo a method needs follows from its own length-scale
parameters (the registry marks them ``scales="length"`` or ``"area"``): :data:`REACH` says, per
parameter name, how many pixels a value of it reaches; the reaches of a method's parameters add
up (its steps run one after another), and :data:`MARGIN` covers the fixed 3 x 3 steps (Sobel,
non-maximum suppression, a dilation). :func:`method_halo` is the rule; ``halo=`` overrides it.

============================  ===============================================================
parameter                     reach in pixels
============================  ===============================================================
``sigma``                     ``ceil(4 sigma)``: scikit-image truncates its Gaussian at 4 sigma,
                              OpenCV's float kernel at about the same
``block_size``                ``ceil(4 (block_size - 1) / 6) + 1``: local thresholding
                              (:func:`~segutils.threshold.local`) blurs with sigma
                              ``(block_size - 1) / 6`` (reach 4 sigma), more than the
                              window's half side that the mean and median need
``opening``, ``closing``      ``2 x`` iterations (an erosion and a dilation of radius 1 each)
``min_size`` (an area)        ``ceil(2 sqrt(min_size / pi))``: the diameter of a disc of that
                              area (a thinner speck reaches further; see the Notes)
``min_distance``              ``min_distance`` (the peak search's window half side)
``h`` (h-maxima)              ``ceil(h)``: a distance map rises at most 1 per pixel, so a peak
                              ``h`` above its saddle is at least ``h`` pixels from it
============================  ===============================================================

Whether a method tiles, and how, is :data:`TILING`, one :class:`TileRule` per registered method:

- **local** methods (a pixel's result depends only on pixels within the reach) tile *exactly*;
- methods with a **global level** (a histogram threshold of the whole image: Otsu and friends,
  multi-Otsu) get that level computed ONCE from the whole image's histogram
  (:func:`global_statistic`, which reads the lazy image block by block) and every tile is run
  with it (:func:`apply_rule`): the level is an explicit argument of the tile function, never
  state hidden in the method;
- **instance** methods return labels per tile, stitched by :mod:`segutils.segment.stitch`
  (the distance and h-maxima watersheds with the whole image's level too: each tile binarised
  at it, which their own threshold then returns unchanged);
- the rest are **refused** with the reason: a model fitted on all pixels (clustering), a
  number of superpixels for the whole image, seed points or other hints (a box, scribbles), a
  flooding of the image's own intensities that a fixed level cannot stand in for.

Notes
-----
Hole filling, hysteresis (Canny) and the removal of specks smaller than ``min_size`` follow
connected components, which have no bounded reach: their tiled result equals the whole image's
wherever every hole, hysteresis chain and removed speck fits inside the halo. :class:`TileRule`
says ``exact=False`` for these methods; give ``halo=`` the size of the largest hole (or line)
to be safe.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
from skimage import filters

from ..images import require_contrast, to_gray
from ..params import keyword_parameters
from ..registry import Method
from ..threshold import manual

__all__ = [
    "HISTOGRAM_LEVELS",
    "MARGIN",
    "REACH",
    "TILING",
    "TileRule",
    "apply_rule",
    "global_statistic",
    "method_halo",
    "tile_rule",
    "with_defaults",
]

#: Pixels added to every halo for the fixed 3 x 3 steps (Sobel, non-maximum suppression, a
#: 3 x 3 dilation) that no parameter names.
MARGIN = 8

#: Reach in pixels of one parameter's value, by parameter name (the module docstring's table).
REACH: dict[str, Callable[[float], int]] = {
    "sigma": lambda sigma: math.ceil(4 * sigma),
    "block_size": lambda block_size: math.ceil(4 * (block_size - 1) / 6) + 1,
    "opening": lambda iterations: 2 * int(iterations),
    "closing": lambda iterations: 2 * int(iterations),
    "min_size": lambda area: math.ceil(2 * math.sqrt(area / math.pi)),
    "min_distance": lambda distance: int(distance),
    "h": lambda height: math.ceil(height),
}

#: The histogram thresholds that scikit-image computes from a histogram (``hist=``), so from a
#: whole lazy image read block by block; Li (an iteration over every pixel), the triangle (no
#: ``hist=``) and the mean (a float sum whose rounding depends on the order) are not.
HISTOGRAM_LEVELS: dict[str, Callable[..., float]] = {
    "otsu": filters.threshold_otsu,
    "yen": filters.threshold_yen,
    "isodata": filters.threshold_isodata,
    "minimum": filters.threshold_minimum,
}

#: Bins of the histogram :func:`segutils.threshold.multi_otsu` searches, by number of classes
#: (its exhaustive search grows as bins ** (classes - 1)); the exactness test checks they agree.
_MULTI_OTSU_BINS = {2: 256, 3: 256, 4: 128}


@dataclass(frozen=True)
class TileRule:
    """How one method runs tile by tile.

    Attributes
    ----------
    kind : {"local", "global level", "instance", "refused"}
        Local: each tile alone, with the halo. Global level: a histogram level of the whole
        image first (:func:`global_statistic`), then each tile with it. Instance: labels per
        tile, stitched. Refused: cannot be tiled (``reason`` says why).
    output : {"mask", "classes", "labels"}
        What the method returns: a ``bool`` mask, a class map, or instance labels.
    statistic : {None, "level", "levels"}
        The global statistic: one histogram level (the method's ``method=`` choice) or the
        multi-Otsu levels.
    apply : {"direct", "at level", "binarised", "digitized"}
        How a tile runs with the statistic: the method itself; :func:`segutils.threshold.manual`
        at the level; the method on the tile binarised at the level (its own threshold of a
        two-valued tile returns that foreground exactly); the tile's gray levels binned by the
        levels.
    exact : bool
        Whether the tiled result equals the whole image's at every pixel (see the Notes of
        :mod:`segutils.segment.halo` for the others).
    min_halo : int
        Smallest halo. For instance methods: an object is owned by the tile whose core holds
        its centre, and that tile sees it whole if it reaches at most the halo from its centre
        (so nuclei up to about twice the halo across); give ``halo=`` for larger objects.
    reason : str
        Why a refused method cannot be tiled.
    """

    kind: Literal["local", "global level", "instance", "refused"]
    output: Literal["mask", "classes", "labels"] = "mask"
    statistic: Literal["level", "levels"] | None = None
    apply: Literal["direct", "at level", "binarised", "digitized"] = "direct"
    exact: bool = True
    min_halo: int = 0
    reason: str = ""


_LEVEL_MASK = TileRule("global level", statistic="level", apply="at level")
_INSTANCE_AT_LEVEL = TileRule("instance", "labels", "level", "binarised", exact=False, min_halo=32)
_FITTED = "a model fitted on all pixels; a tile would fit its own (fit once on a sample, then "
_FITTED += "predict per tile, is not implemented)"
_SUPERPIXELS = "the number of superpixels (or the graph's merges) is for the whole image"
_HINTS = "it needs a box or scribbles a person gives on the image, which a batch has not"

#: The tiling rule of every registered method, by name (tests/test_tiles.py checks that every
#: method of :data:`segutils.catalog.METHODS` has one).
TILING: dict[str, TileRule] = {
    "threshold.manual": TileRule("local"),
    "threshold.global_threshold": _LEVEL_MASK,
    "threshold.local": TileRule("local"),
    "threshold.multi_otsu": TileRule("global level", "classes", "levels", "digitized"),
    "threshold.adaptive": TileRule("local"),
    "threshold.cleaned": TileRule("global level", "mask", "level", "binarised", exact=False),
    "edge.canny": TileRule("local", exact=False),
    "edge.filled_edges": TileRule("local", exact=False),
    "region.grow": TileRule("refused", reason="its seed points grow regions without bound"),
    "region.slic": TileRule("refused", reason=_SUPERPIXELS),
    "region.felzenszwalb": TileRule("refused", reason=_SUPERPIXELS),
    "region.merged_superpixels": TileRule("refused", reason=_SUPERPIXELS),
    "region.superpixel_mask": TileRule("refused", reason=_SUPERPIXELS),
    "watershed.distance_watershed": _INSTANCE_AT_LEVEL,
    "watershed.sobel_from_levels": TileRule("instance", "labels", exact=False, min_halo=32),
    "watershed.sobel_from_seeds": TileRule(
        "refused", reason="its seed points flood regions without bound"
    ),
    "watershed.marker_watershed": TileRule(
        "refused",
        reason="it floods the image's own intensities (cv2.watershed), so a tile binarised at "
        "the whole image's level would change its result",
    ),
    "watershed.h_maxima_watershed": _INSTANCE_AT_LEVEL,
    "cluster.kmeans": TileRule("refused", reason=_FITTED),
    "cluster.gaussian_mixture": TileRule("refused", reason=_FITTED),
    "cluster.fuzzy_cmeans": TileRule("refused", reason=_FITTED),
    "hints.random_walker": TileRule("refused", reason=_HINTS),
    "hints.grabcut": TileRule("refused", reason=_HINTS),
    "hints.acwe": TileRule("refused", reason=_HINTS),
    "hints.geodesic_contour": TileRule("refused", reason=_HINTS),
    "hints.pixel_classifier": TileRule("refused", reason=_HINTS),
}


def with_defaults(method: Method, params: Mapping[str, Any]) -> dict[str, Any]:
    """Every keyword value of the method: the ones given, the defaults for the rest.

    Parameters
    ----------
    method : Method
        A registered method.
    params : mapping
        The values given.

    Returns
    -------
    dict
        One value per keyword parameter (and any other key given).

    Examples
    --------
    >>> from segutils.catalog import by_name
    >>> with_defaults(by_name("threshold.global_threshold"), {"invert": True})
    {'method': 'otsu', 'invert': True}

    References
    ----------
    :func:`segutils.params.keyword_parameters`, which reads them from the signature.
    """
    known = keyword_parameters(method.function)
    return {name: control.default for name, control in known.items()} | dict(params)


def tile_rule(method: Method, params: Mapping[str, Any]) -> TileRule:
    """The method's :class:`TileRule`, or a ``ValueError`` that says why it cannot be tiled.

    Parameters
    ----------
    method : Method
        A registered method.
    params : mapping
        Its keyword values (a global level must come from a histogram: ``method=`` one of
        :data:`HISTOGRAM_LEVELS`).

    Returns
    -------
    TileRule
        How the method runs tile by tile.

    Raises
    ------
    ValueError
        For a refused method (naming the methods that can be tiled), or a histogram choice
        that needs every pixel at once.

    Examples
    --------
    >>> from segutils.catalog import by_name
    >>> tile_rule(by_name("threshold.local"), {}).kind
    'local'
    >>> tile_rule(by_name("cluster.kmeans"), {})  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: cluster.kmeans cannot be tiled: a model fitted on all pixels; ...

    References
    ----------
    Dask documentation, "Overlapping Computations" (``map_overlap``),
    https://docs.dask.org/en/stable/array-overlap.html
    """
    rule = TILING.get(method.name)
    tileable = ", ".join(name for name, rule in TILING.items() if rule.kind != "refused")
    if rule is None or rule.kind == "refused":
        why = rule.reason if rule is not None else "it has no tiling rule in TILING"
        raise ValueError(
            f"{method.name} cannot be tiled: {why}. Run it on the whole image, or choose a "
            f"method that tiles: {tileable}."
        )
    choice = with_defaults(method, params).get("method")
    if rule.statistic == "level" and choice not in HISTOGRAM_LEVELS:
        raise ValueError(
            f"{method.name} with method={choice!r} cannot be tiled: that level needs every pixel "
            f"at once, not a histogram. Choose method= one of {', '.join(HISTOGRAM_LEVELS)}."
        )
    return rule


def method_halo(method: Method, params: Mapping[str, Any]) -> int:
    """The halo in pixels a method needs with these values: reaches added, plus :data:`MARGIN`.

    Parameters
    ----------
    method : Method
        A registered method.
    params : mapping
        Its keyword values; a parameter left out counts at its default.

    Returns
    -------
    int
        Pixels of overlap on each side of a tile; at least the rule's ``min_halo``.

    Examples
    --------
    >>> from segutils.catalog import by_name
    >>> method_halo(by_name("threshold.local"), {"block_size": 31})  # 21 + MARGIN
    29
    >>> method_halo(by_name("threshold.manual"), {})  # a pixel-wise method: only the margin
    8

    References
    ----------
    scikit-image, :func:`skimage.filters.gaussian` (``truncate=4.0``); Dask documentation,
    "Overlapping Computations", https://docs.dask.org/en/stable/array-overlap.html
    """
    from ..params import keyword_parameters

    values = {
        name: control.default for name, control in keyword_parameters(method.function).items()
    }
    values.update(params)
    reach = sum(REACH[name](value) for name, value in values.items() if name in REACH)
    rule = TILING.get(method.name)
    return max(reach + MARGIN, rule.min_halo if rule is not None else 0)


def _block_histogram(block: np.ndarray, nbins: int, low: np.float32, high: np.float32):
    """One block's counts on the whole image's bins (numpy's own uniform-bin path)."""
    return np.histogram(block, bins=nbins, range=(low, high))[0]


def global_statistic(gray: Any, rule: TileRule, params: Mapping[str, Any]) -> Any:
    """The whole image's histogram level(s), read block by block, as the method computes them.

    The histogram has the bins :func:`skimage.exposure.histogram` gives the whole image
    (``source_range="image"``: the image's minimum to maximum), so the level is the one the
    method picks on the whole image, to the bit.

    Parameters
    ----------
    gray : dask.array.Array
        The image in gray levels (``float32``, 0..1).
    rule : TileRule
        The method's rule; ``rule.statistic`` says what to compute.
    params : mapping
        The method's values (``method=`` for a level, ``classes=`` for multi-Otsu).

    Returns
    -------
    float or ndarray or None
        The level, the multi-Otsu levels, or None when the rule needs none.

    Raises
    ------
    ValueError
        For a constant image (as the method itself says), or fewer gray levels than classes.

    Examples
    --------
    >>> import dask.array as da
    >>> from segutils.datasets import sample
    >>> from segutils.threshold import threshold_value
    >>> coins = sample("coins")
    >>> rule = TILING["threshold.global_threshold"]
    >>> global_statistic(da.from_array(coins, chunks=100), rule, {}) == threshold_value(coins)
    True

    References
    ----------
    scikit-image, :func:`skimage.filters.threshold_otsu` and friends (``hist=``);
    :func:`numpy.histogram`.
    """
    import dask

    if rule.statistic is None:
        return None
    low, high = dask.compute(gray.min(), gray.max())
    name = (
        "Multi-Otsu"
        if rule.statistic == "levels"
        else f"The {params.get('method', 'otsu')} threshold"
    )
    require_contrast(np.array([[low, high]], np.float32), method=name)
    if rule.statistic == "level":
        nbins = 256
    else:
        nbins = _MULTI_OTSU_BINS.get(params.get("classes", 3), 64)
    blocks = [
        dask.delayed(_block_histogram)(b, nbins, low, high) for b in gray.to_delayed().ravel()
    ]
    counts = np.sum(dask.compute(*blocks), axis=0)
    edges = np.histogram(np.array([low, high], np.float32), bins=nbins, range=(low, high))[1]
    centres = (edges[:-1] + edges[1:]) / 2.0
    if rule.statistic == "level":
        return float(HISTOGRAM_LEVELS[params.get("method", "otsu")](hist=(counts, centres)))
    classes = params.get("classes", 3)
    occupied = int(np.count_nonzero(counts))
    if occupied < classes:
        raise ValueError(
            f"Multi-Otsu with classes={classes} needs at least {classes} distinct gray levels, "
            f"but the image has only {occupied}. Use classes <= {occupied}."
        )
    probabilities = counts / np.sum(counts)  # what threshold_multiotsu normalises the image's to
    return filters.threshold_multiotsu(hist=(probabilities, centres), classes=classes)


def apply_rule(
    block: np.ndarray, method: Method, params: Mapping[str, Any], rule: TileRule, statistic: Any
) -> np.ndarray:
    """Segment one tile as its rule says, with the whole image's statistic when there is one.

    Parameters
    ----------
    block : ndarray
        The tile with its halo, canonical.
    method : Method
        The method.
    params : mapping
        Its keyword values.
    rule : TileRule
        The method's rule (``rule.apply``).
    statistic : float or ndarray or None
        From :func:`global_statistic`.

    Returns
    -------
    ndarray
        The tile's mask, class map or labels.

    Examples
    --------
    >>> import numpy as np
    >>> from segutils.catalog import by_name
    >>> tile = np.array([[0.2, 0.6]], np.float32)
    >>> rule = TILING["threshold.global_threshold"]
    >>> apply_rule(tile, by_name("threshold.global_threshold"), {}, rule, 0.5).tolist()
    [[False, True]]

    References
    ----------
    Cellpose, "distributed_eval" (each block segmented alone, with overlap),
    https://github.com/MouseLand/cellpose/blob/main/cellpose/contrib/distributed_segmentation.py
    """
    if rule.apply == "direct":
        return method.function(block, **params)
    gray = to_gray(block)
    invert = bool(params.get("invert", False))
    if rule.apply == "at level":
        return manual(block, level=statistic, invert=invert)
    if rule.apply == "digitized":
        return np.digitize(gray, bins=statistic).astype(np.int32)
    foreground = gray <= statistic if invert else gray > statistic
    if foreground.all() or not foreground.any():
        # The method refuses a constant image; a tile all inside (or all outside) the objects
        # is one object (or none).
        dtype = bool if rule.output == "mask" else np.int32
        return np.full(gray.shape, foreground.flat[0], dtype=dtype)
    binarised = foreground.astype(np.float32)
    return method.function(binarised, **{**params, "method": "otsu", "invert": False})
