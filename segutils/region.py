"""Region-based segmentation: group connected pixels that are similar.

Two ideas, from local to global (the Sobel elevation map flooded from markers, the coins
example's region-based recipe, is a watershed: :func:`segutils.watershed.sobel_from_levels`):

- :func:`grow` -- seeded region growing: from each seed, take every connected pixel within
  ``tolerance`` of the seed's gray value (a flood fill with a tolerance);
- superpixels -- :func:`slic` and :func:`felzenszwalb` cut the image into many small, uniform
  regions; :func:`merged_superpixels` joins neighbours of similar colour over a region adjacency
  graph, and :func:`superpixel_mask` thresholds the superpixels' mean brightness.
"""

from __future__ import annotations

from typing import Annotated

import numpy as np
from scipy import ndimage as ndi
from skimage import filters, graph, segmentation

from .images import require_contrast, to_gray, to_rgb, validate_image
from .params import Range, Seeds, check_seeds
from .registry import register

__all__ = [
    "felzenszwalb",
    "grow",
    "merged_superpixels",
    "slic",
    "superpixel_mask",
]


@register("region")
def grow(
    image: np.ndarray,
    seeds: Seeds = None,
    *,
    tolerance: Annotated[float, Range(0.0, 0.5, 0.005)] = 0.08,
) -> np.ndarray:
    """Seeded region growing in its simplest form: a flood fill with a tolerance from each seed.

    A pixel joins a seed's region if it is connected to the seed (8-connectivity) through pixels
    whose gray values all lie within ``tolerance`` of the seed pixel's value. (Adams & Bischof's
    original compares with the region's running mean instead.)

    Parameters
    ----------
    image : ndarray
        Canonical image.
    seeds : ndarray, optional
        ``(N, 2)`` ``(row, col)`` seed points; no seeds gives an empty result.
    tolerance : float, optional
        Largest difference in gray value from the seed pixel that still counts as similar.

    Returns
    -------
    ndarray
        ``int32`` labels: seed ``i`` grows region ``i + 1``; 0 where no region reached.

    Examples
    --------
    >>> import numpy as np
    >>> image = np.zeros((5, 5), np.float32); image[:, 3:] = 1.0
    >>> grow(image, np.array([[0, 0], [0, 4]]), tolerance=0.1)[0].tolist()
    [1, 1, 1, 2, 2]

    References
    ----------
    Adams & Bischof, "Seeded region growing", IEEE TPAMI 16(6), 1994;
    :func:`skimage.segmentation.flood`.
    """
    gray = to_gray(image)
    points = check_seeds(seeds, gray.shape)
    labels = np.zeros(gray.shape, dtype=np.int32)
    for index, (row, col) in enumerate(points, start=1):
        region = segmentation.flood(gray, (int(row), int(col)), tolerance=tolerance)
        labels[region & (labels == 0)] = index
    return labels


def _channel_axis(image: np.ndarray) -> int | None:
    validate_image(image)
    return -1 if image.ndim == 3 else None


@register("superpixels")
def slic(
    image: np.ndarray,
    *,
    n_segments: Annotated[int, Range(10, 1000, 10)] = 200,
    compactness: Annotated[float, Range(0.01, 30.0, 0.01)] = 0.1,
    sigma: Annotated[float, Range(0.0, 3.0, 0.1, scales="length")] = 1.0,
) -> np.ndarray:
    """SLIC superpixels: k-means on colour and position, started on a regular grid.

    Parameters
    ----------
    image : ndarray
        Canonical image (RGB is clustered in CIELAB).
    n_segments : int, optional
        About how many superpixels to make.
    compactness : float, optional
        Weight of position against colour: higher gives squarer, more regular superpixels.
        For gray images in ``[0, 1]`` try 0.01..1; for colour (CIELAB) 1..30.
    sigma : float, optional
        Gaussian smoothing before clustering.

    Returns
    -------
    ndarray
        ``int32`` labels ``1..N``.

    Examples
    --------
    >>> from segutils.datasets import load_image
    >>> labels = slic(load_image("astronaut"), n_segments=100, compactness=10)
    >>> bool(50 < labels.max() <= 150), int(labels.min())
    (True, 1)

    References
    ----------
    Achanta et al., "SLIC Superpixels Compared to State-of-the-art Superpixel Methods",
    IEEE TPAMI 34(11), 2012; :func:`skimage.segmentation.slic`.
    """
    return segmentation.slic(
        image,
        n_segments=n_segments,
        compactness=compactness,
        sigma=sigma,
        channel_axis=_channel_axis(image),
        start_label=1,
    ).astype(np.int32)


@register("superpixels")
def felzenszwalb(
    image: np.ndarray,
    *,
    scale: Annotated[float, Range(1.0, 1000.0, 1.0, scales="area")] = 100.0,
    sigma: Annotated[float, Range(0.0, 3.0, 0.1, scales="length")] = 0.8,
    min_size: Annotated[int, Range(1, 500, 1, scales="area")] = 20,
) -> np.ndarray:
    """Felzenszwalb-Huttenlocher graph segmentation into regions of uniform texture.

    Neighbouring regions are merged while the edge between them is weaker than the variation
    inside each of them.

    Parameters
    ----------
    image : ndarray
        Canonical image.
    scale : float, optional
        Higher values prefer larger regions.
    sigma : float, optional
        Gaussian smoothing before the graph is built.
    min_size : int, optional
        Smallest region, in pixels (smaller ones are merged into a neighbour).

    Returns
    -------
    ndarray
        ``int32`` labels ``1..N``.

    Examples
    --------
    >>> from segutils.datasets import load_image
    >>> labels = felzenszwalb(load_image("coins"), scale=200, min_size=50)
    >>> int(labels.min()), int(labels.max()) > 10
    (1, True)

    References
    ----------
    Felzenszwalb & Huttenlocher, "Efficient Graph-Based Image Segmentation", IJCV 59(2), 2004;
    :func:`skimage.segmentation.felzenszwalb`.
    """
    labels = segmentation.felzenszwalb(
        image, scale=scale, sigma=sigma, min_size=min_size, channel_axis=_channel_axis(image)
    )
    return (labels + 1).astype(np.int32)


@register("superpixels")
def merged_superpixels(
    image: np.ndarray,
    *,
    n_segments: Annotated[int, Range(10, 1000, 10)] = 200,
    compactness: Annotated[float, Range(0.01, 30.0, 0.01)] = 0.1,
    threshold: Annotated[float, Range(0.0, 0.5, 0.005)] = 0.05,
) -> np.ndarray:
    """SLIC superpixels merged over a region adjacency graph (RAG) of mean colours.

    Neighbouring superpixels whose mean colours differ by less than ``threshold`` are joined, so
    uniform areas become one region while edges between different areas survive.

    Parameters
    ----------
    image : ndarray
        Canonical image.
    n_segments, compactness : optional
        As in :func:`slic`.
    threshold : float, optional
        Largest difference of mean colour (0..1 scale) across which regions are merged.

    Returns
    -------
    ndarray
        ``int32`` labels ``1..N``.

    Examples
    --------
    >>> from segutils.datasets import load_image
    >>> coins = load_image("coins")
    >>> bool(merged_superpixels(coins).max() < slic(coins).max())  # neighbours were joined
    True

    References
    ----------
    Trémeau & Colantoni, "Regions adjacency graph applied to color image segmentation", IEEE
    TIP 9(4), 2000; :func:`skimage.graph.rag_mean_color`, :func:`skimage.graph.cut_threshold`.
    """
    superpixels = slic(image, n_segments=n_segments, compactness=compactness)
    if superpixels.max() == 1:  # one superpixel (a tiny or flat image): nothing to merge
        return superpixels
    rag = graph.rag_mean_color(to_rgb(image), superpixels, mode="distance")
    merged = graph.cut_threshold(superpixels, rag, threshold)
    return (merged + 1).astype(np.int32)


@register("superpixels")
def superpixel_mask(
    image: np.ndarray,
    *,
    n_segments: Annotated[int, Range(10, 1000, 10)] = 400,
    compactness: Annotated[float, Range(0.01, 30.0, 0.01)] = 0.1,
    invert: bool = False,
) -> np.ndarray:
    """Foreground superpixels: Otsu's threshold applied to each superpixel's mean brightness.

    Averaging inside superpixels removes pixel noise while keeping edges, so the threshold
    sees cleaner values than the raw pixels.

    Parameters
    ----------
    image : ndarray
        Canonical image.
    n_segments, compactness : optional
        As in :func:`slic`.
    invert : bool, optional
        Objects darker than the background.

    Returns
    -------
    ndarray
        ``bool`` mask.

    Examples
    --------
    >>> from segutils.datasets import synthetic
    >>> from segutils.metrics import iou
    >>> easy = synthetic(difficulty=0.0, seed=0)
    >>> iou(easy.mask, superpixel_mask(easy.image)) > 0.8
    True

    References
    ----------
    Achanta et al. 2012 (SLIC, see :func:`slic`); Otsu 1979 (see
    :func:`segutils.threshold.global_threshold`).
    """
    gray = to_gray(image)
    require_contrast(gray, method="superpixel_mask")
    superpixels = slic(gray, n_segments=n_segments, compactness=compactness)
    means = np.zeros(superpixels.max() + 1, dtype=np.float32)  # label 0 is unused
    means[1:] = ndi.mean(gray, labels=superpixels, index=np.arange(1, len(means)))
    smoothed = means[superpixels]
    level = filters.threshold_otsu(smoothed)
    return smoothed <= level if invert else smoothed > level
