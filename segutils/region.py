"""Region-based segmentation: grow regions from seed points over similar pixels.

"Similar" here means: within ``tolerance`` of the seed's gray value, and connected to the seed
through pixels that are too. Each seed grows its own region; a pixel reached by several seeds
belongs to the first.
"""

from __future__ import annotations

from typing import Annotated

import numpy as np
from skimage import segmentation

from .images import to_gray
from .params import Range, Seeds, check_seeds

__all__ = ["grow"]


def grow(
    image: np.ndarray,
    seeds: Seeds = None,
    *,
    tolerance: Annotated[float, Range(0.0, 0.5, 0.005)] = 0.08,
) -> np.ndarray:
    """Seeded region growing (flood fill with a tolerance) from each seed point.

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
