"""Draw segmentations: overlays, boundaries, error maps and titled grids, in one label palette.

Functions whose names start with ``show`` create a Matplotlib figure; the others return a
``float32`` RGB image in ``[0, 1]`` and draw nothing, so they can feed a widget as well as a plot.
"""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.colors import ListedColormap
from matplotlib.figure import Figure
from skimage import segmentation

from .images import to_gray, to_rgb
from .masks import check_labels

__all__ = [
    "LABEL_COLORS",
    "error_overlay",
    "label_cmap",
    "label_to_rgb",
    "mark_boundaries",
    "overlay",
    "show_grid",
]

#: The one label palette of the collection: region k gets colour ``LABEL_COLORS[(k - 1) % 20]``.
#: Matplotlib's "tab20" reordered so that neighbouring labels get clearly different hues.
LABEL_COLORS: np.ndarray = np.array(plt.get_cmap("tab20").colors)[
    [0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 1, 3, 5, 7, 9, 11, 13, 15, 17, 19]
].astype(np.float32)

#: Colours of :func:`error_overlay`: hits, false alarms, misses.
ERROR_COLORS = {
    "true positive": (0.2, 0.8, 0.2),
    "false positive": (0.9, 0.1, 0.1),
    "false negative": (0.1, 0.4, 1.0),
}


def label_cmap(n_labels: int) -> ListedColormap:
    """Matplotlib colormap for label images 0..n_labels: black background, then the palette.

    Use it with ``interpolation="nearest"`` and ``vmin=0, vmax=n_labels``.

    Parameters
    ----------
    n_labels : int
        Largest label.

    Returns
    -------
    ListedColormap
        ``n_labels + 1`` colours.

    Examples
    --------
    >>> label_cmap(3).N
    4
    """
    colors = [(0.0, 0.0, 0.0)] + [
        tuple(LABEL_COLORS[i % len(LABEL_COLORS)]) for i in range(max(n_labels, 1))
    ]
    return ListedColormap(colors, name="segutils_labels")


def label_to_rgb(labels: np.ndarray) -> np.ndarray:
    """Colour a label image with the collection palette (background black).

    Parameters
    ----------
    labels : ndarray
        Integer labels or a bool mask.

    Returns
    -------
    ndarray
        ``float32`` RGB image.

    Examples
    --------
    >>> import numpy as np
    >>> label_to_rgb(np.array([[0, 1]])).shape
    (1, 2, 3)
    """
    labels = check_labels(labels).astype(np.int64)
    palette = np.vstack([np.zeros((1, 3), np.float32), LABEL_COLORS])
    index = np.where(labels > 0, (labels - 1) % len(LABEL_COLORS) + 1, 0)
    return palette[index]


def overlay(
    image: np.ndarray,
    labels: np.ndarray,
    *,
    alpha: float = 0.45,
    color: tuple[float, float, float] | None = None,
) -> np.ndarray:
    """Tint an image where a mask or label image is non-zero.

    Parameters
    ----------
    image : ndarray
        Canonical gray or RGB image.
    labels : ndarray
        ``bool`` mask or integer labels, same height and width as ``image``.
    alpha : float, optional
        Opacity of the tint, in ``[0, 1]``.
    color : tuple of float, optional
        One RGB colour for every region; by default each label gets its palette colour.

    Returns
    -------
    ndarray
        ``float32`` RGB image.

    Examples
    --------
    >>> import numpy as np
    >>> out = overlay(np.zeros((2, 2), np.float32), np.eye(2, dtype=bool), color=(1.0, 0, 0))
    >>> out[0, 0].tolist(), out[0, 1].tolist()
    ([0.44999998807907104, 0.0, 0.0], [0.0, 0.0, 0.0])
    """
    if not 0.0 <= alpha <= 1.0:
        raise ValueError(f"alpha must be in [0, 1], got {alpha}.")
    rgb = to_rgb(image)
    labels = check_labels(labels, shape=rgb.shape[:2]).astype(np.int64)
    tint = label_to_rgb(labels) if color is None else np.asarray(color, np.float32)
    inside = (labels > 0)[..., None]
    blended = np.where(inside, (1 - alpha) * rgb + alpha * tint, rgb)
    return blended.astype(np.float32)


def mark_boundaries(
    image: np.ndarray,
    labels: np.ndarray,
    *,
    color: tuple[float, float, float] = (1.0, 0.85, 0.0),
    mode: str = "inner",
) -> np.ndarray:
    """Draw the outline of every region on an image.

    A thin wrapper of :func:`skimage.segmentation.mark_boundaries` that accepts masks and keeps
    the canonical dtype.

    Parameters
    ----------
    image : ndarray
        Canonical gray or RGB image.
    labels : ndarray
        ``bool`` mask or integer labels.
    color : tuple of float, optional
        RGB colour of the outlines (yellow by default, visible on gray and on most photos).
    mode : {"inner", "outer", "thick", "subpixel"}, optional
        Where the line is drawn relative to the region (see scikit-image).

    Returns
    -------
    ndarray
        ``float32`` RGB image.
    """
    rgb = to_rgb(image)
    labels = check_labels(labels, shape=rgb.shape[:2]).astype(np.int64)
    marked = segmentation.mark_boundaries(rgb, labels, color=color, mode=mode)
    return marked.astype(np.float32)


def error_overlay(image: np.ndarray, truth: np.ndarray, prediction: np.ndarray) -> np.ndarray:
    """Colour each pixel by how a binary prediction did: hit, false alarm or miss.

    Green: true positive; red: false positive (predicted, not true); blue: false negative
    (true, missed). Correct background keeps the image.

    Parameters
    ----------
    image : ndarray
        Canonical image.
    truth, prediction : ndarray
        ``bool`` masks.

    Returns
    -------
    ndarray
        ``float32`` RGB image.
    """
    rgb = to_rgb(image)
    truth = check_labels(truth, name="truth", shape=rgb.shape[:2]) > 0
    prediction = check_labels(prediction, name="prediction", shape=rgb.shape[:2]) > 0
    gray = to_gray(rgb)[..., None] * 0.6  # dim the photo so the colours stand out
    out = np.repeat(gray, 3, axis=-1)
    for colour, where in zip(
        ERROR_COLORS.values(),
        (truth & prediction, ~truth & prediction, truth & ~prediction),
        strict=True,
    ):
        out[where] = 0.35 * out[where] + 0.65 * np.asarray(colour)
    return out.astype(np.float32)


def show_grid(
    images: Sequence[np.ndarray],
    titles: Sequence[str],
    *,
    suptitle: str | None = None,
    ncols: int | None = None,
    panel_size: float = 3.2,
) -> Figure:
    """Show images side by side, each under its own title.

    Gray images use the gray colormap on a fixed 0..1 scale; integer label images use the
    collection palette (:func:`label_cmap`); RGB images are shown as they are.

    Parameters
    ----------
    images : sequence of ndarray
        Canonical images, masks or label images.
    titles : sequence of str
        One title per image (required: an untitled panel teaches nothing).
    suptitle : str, optional
        Title of the whole figure.
    ncols : int, optional
        Panels per row; all in one row by default (up to 4).
    panel_size : float, optional
        Width of one panel in inches.

    Returns
    -------
    matplotlib.figure.Figure
        The figure (displayed by Jupyter when it is the cell's last value or with ``plt.show()``).
    """
    if len(images) != len(titles):
        raise ValueError(f"Got {len(images)} images but {len(titles)} titles; give one each.")
    if not images:
        raise ValueError("show_grid needs at least one image.")
    ncols = ncols or min(len(images), 4)
    nrows = -(-len(images) // ncols)
    heights = [np.asarray(img).shape[0] / np.asarray(img).shape[1] for img in images]
    figure, axes = plt.subplots(
        nrows,
        ncols,
        figsize=(panel_size * ncols, panel_size * max(heights) * nrows + 0.5),
        squeeze=False,
        layout="constrained",
    )
    for axis in axes.flat:
        axis.set_axis_off()
    for axis, picture, title in zip(axes.flat, images, titles, strict=False):
        picture = np.asarray(picture)
        if picture.dtype.kind in "iu" and picture.ndim == 2:
            top = max(int(picture.max()), 1)
            axis.imshow(picture, cmap=label_cmap(top), vmin=0, vmax=top, interpolation="nearest")
        elif picture.dtype == bool:
            axis.imshow(picture, cmap="gray", vmin=0, vmax=1, interpolation="nearest")
        elif picture.ndim == 2:
            axis.imshow(picture, cmap="gray", vmin=0, vmax=1)
        else:
            axis.imshow(np.clip(picture, 0, 1))
        axis.set_title(title, fontsize=10)
    if suptitle:
        figure.suptitle(suptitle, fontsize=12)
    return figure
