"""Draw segmentations: overlays, boundaries, error maps and titled grids, in one label palette.

Functions whose names start with ``show`` create a Matplotlib figure; the others return a
``float32`` RGB image in ``[0, 1]`` and draw nothing, so they can feed a widget as well as a plot.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Literal

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.colors import ListedColormap
from matplotlib.figure import Figure
from skimage import segmentation

from .images import to_gray, to_rgb, validate_image
from .masks import check_labels
from .palette import LABEL_COLORS, color_index

if TYPE_CHECKING:  # drawing segmentations does not load the metrics package
    from .metrics.boundary_summary import BoundaryBenchmark

# Line styles and ODS markers of successive methods in show_precision_recall.
_CURVE_STYLES = ("-", "--", "-.", ":")
_ODS_MARKERS = ("o", "s", "D", "^", "v", "P")

__all__ = [
    "LABEL_COLORS",
    "error_overlay",
    "label_cmap",
    "label_to_rgb",
    "mark_boundaries",
    "overlay",
    "show_grid",
    "show_precision_recall",
]

#: Colours of :func:`error_overlay`: hits, false alarms, misses.
ERROR_COLORS = {
    "true positive": (0.2, 0.8, 0.2),
    "false positive": (0.9, 0.1, 0.1),
    "false negative": (0.1, 0.4, 1.0),
}

#: Where :func:`mark_boundaries` draws the line (scikit-image's modes).
BOUNDARY_MODES = ("inner", "outer", "thick", "subpixel")


def _rgb_color(color: tuple[float, float, float]) -> np.ndarray:
    """A colour argument as three floats in [0, 1], the scale of the canonical image it tints."""
    try:
        rgb = np.asarray(color, dtype=np.float32)
    except (TypeError, ValueError):
        rgb = None
    if rgb is None or rgb.shape != (3,) or not np.all((rgb >= 0) & (rgb <= 1)):
        raise ValueError(
            f"color must be three numbers (red, green, blue) in [0, 1], got {color!r}; "
            "e.g. (1.0, 0.0, 0.0) for red, or tuple(c / 255 for c in (255, 0, 0)) from 8-bit."
        )
    return rgb


def label_cmap(n_labels: int) -> ListedColormap:
    """Matplotlib colormap for class maps 0..n_labels: black background, then the palette.

    Label ``k`` always gets ``LABEL_COLORS[(k - 1) % 16]``: right for a few classes, whose
    colours must not depend on the image. For many regions use :func:`label_to_rgb`, which
    keeps touching regions apart. Use it with ``interpolation="nearest"`` and
    ``vmin=0, vmax=n_labels``.

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

    References
    ----------
    Matplotlib documentation, "Choosing Colormaps" (the qualitative ``tab20``) and
    :class:`matplotlib.colors.ListedColormap`.
    """
    colors = [(0.0, 0.0, 0.0)] + [
        tuple(LABEL_COLORS[i % len(LABEL_COLORS)]) for i in range(max(n_labels, 1))
    ]
    return ListedColormap(colors, name="segutils_labels")


def label_to_rgb(labels: np.ndarray) -> np.ndarray:
    """Colour a label image with the collection palette (background black).

    Label ``k`` gets ``LABEL_COLORS[(k - 1) % 16]``, so up to 16 labels (classes, clusters)
    keep their colours from image to image; beyond that, a region whose colour a touching
    region already has takes another (:func:`segutils.palette.color_index`), so every border
    between two regions stays visible.

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

    References
    ----------
    Matplotlib documentation, "Choosing Colormaps" (the qualitative ``tab20``).
    """
    palette = np.vstack([np.zeros((1, 3), np.float32), LABEL_COLORS])
    return palette[color_index(labels)]  # color_index checks the labels


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

    References
    ----------
    Porter and Duff, "Compositing Digital Images", SIGGRAPH 1984 (the *over* operator with a
    constant opacity).
    """
    if not 0.0 <= alpha <= 1.0:
        raise ValueError(f"alpha must be in [0, 1], got {alpha}.")
    rgb = to_rgb(image)
    labels = check_labels(labels, shape=rgb.shape[:2]).astype(np.int64)
    tint = label_to_rgb(labels) if color is None else _rgb_color(color)
    inside = (labels > 0)[..., None]
    blended = np.where(inside, (1 - alpha) * rgb + alpha * tint, rgb)
    return blended.astype(np.float32)


def mark_boundaries(
    image: np.ndarray,
    labels: np.ndarray,
    *,
    color: tuple[float, float, float] = (1.0, 0.85, 0.0),
    mode: Literal["inner", "outer", "thick", "subpixel"] = "inner",
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
        ``float32`` RGB image; ``(2H - 1, 2W - 1, 3)`` for ``mode="subpixel"``.

    Examples
    --------
    >>> import numpy as np
    >>> square = np.zeros((5, 5), bool)
    >>> square[1:4, 1:4] = True
    >>> outlined = mark_boundaries(np.zeros((5, 5), np.float32), square, color=(1.0, 0.0, 0.0))
    >>> outlined[..., 0].astype(int)  # the inner outline: the square's own edge pixels
    array([[0, 0, 0, 0, 0],
           [0, 1, 1, 1, 0],
           [0, 1, 0, 1, 0],
           [0, 1, 1, 1, 0],
           [0, 0, 0, 0, 0]])

    References
    ----------
    scikit-image documentation, :func:`skimage.segmentation.mark_boundaries` and
    :func:`skimage.segmentation.find_boundaries` (the modes).
    """
    if mode not in BOUNDARY_MODES:
        raise ValueError(f"mode must be one of {BOUNDARY_MODES}, got {mode!r}.")
    rgb = to_rgb(image)
    labels = check_labels(labels, shape=rgb.shape[:2]).astype(np.int64)
    marked = segmentation.mark_boundaries(rgb, labels, color=_rgb_color(color), mode=mode)
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

    Examples
    --------
    >>> import numpy as np
    >>> truth = np.array([[True, True, False, False]])
    >>> prediction = np.array([[True, False, True, False]])
    >>> out = error_overlay(np.ones((1, 4), np.float32), truth, prediction)
    >>> [["red", "green", "blue"][channel] for channel in out[0, :3].argmax(axis=-1)]
    ['green', 'blue', 'red']
    >>> [round(float(value), 2) for value in out[0, 3]]  # correct background: the image, dimmed
    [0.6, 0.6, 0.6]

    References
    ----------
    Fawcett, "An introduction to ROC analysis", Pattern Recognition Letters 27(8), 2006 (true
    and false positives, false negatives).
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

    **What each panel is, by its data type** (checked before anything is drawn, with the same
    rules and messages as the methods):

    - ``bool`` ``(H, W)``: a mask, black and white;
    - integer ``(H, W)``: a label image (:func:`segutils.masks.check_labels`), coloured by
      :func:`label_to_rgb` so that touching regions differ. An 8-bit photo is an integer array
      too: convert it with :func:`segutils.as_image` to show it as a picture;
    - float ``(H, W)`` or ``(H, W, 3)``: an image, which must lie in ``[0, 1]`` as
      :func:`segutils.images.validate_image` requires (any float precision: a ``float64``
      gradient divided by its maximum is drawn as it is). Gray uses the gray colormap on a fixed
      0..1 scale, so a float image of 0..255 is refused rather than drawn white; colour-mapped
      drawings (:func:`overlay`, :func:`label_to_rgb`) are float RGB in ``[0, 1]``.

    Each panel has a thin gray frame, so a white edge (a mask touching the border) does not merge
    with the page.

    Parameters
    ----------
    images : sequence of ndarray
        Images, masks or label images, one kind per panel as above.
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

    Raises
    ------
    TypeError, ValueError
        For a panel that is none of the above (a float image outside ``[0, 1]``, an integer
        colour image, negative labels, a wrong shape); the message names the panel and the
        conversion to use.

    Examples
    --------
    >>> from segutils.datasets import synthetic
    >>> easy = synthetic(difficulty=0.0, seed=0)
    >>> figure = show_grid([easy.image, easy.labels], ["image", "instances"], suptitle="Blobs")
    >>> [axis.get_title() for axis in figure.axes]
    ['image', 'instances']
    >>> plt.close(figure)
    >>> show_grid([easy.image * 255], ["0..255"])  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: Panel '0..255': images[0] values span [...], outside [0, 1]. ...

    References
    ----------
    Matplotlib documentation, :func:`matplotlib.pyplot.subplots` and
    :meth:`matplotlib.axes.Axes.imshow`.
    """
    if len(images) != len(titles):
        raise ValueError(f"Got {len(images)} images but {len(titles)} titles; give one each.")
    if not images:
        raise ValueError("show_grid needs at least one image.")
    kinds = [
        _panel_kind(picture, k, title)
        for k, (picture, title) in enumerate(zip(images, titles, strict=True))
    ]
    ncols = ncols or min(len(images), 4)
    nrows = -(-len(images) // ncols)
    heights = [picture.shape[0] / picture.shape[1] for picture in images]
    figure, axes = plt.subplots(
        nrows,
        ncols,
        figsize=(panel_size * ncols, panel_size * max(heights) * nrows + 0.5),
        squeeze=False,
        layout="constrained",
    )
    for axis in axes.flat[len(images) :]:
        axis.set_axis_off()
    for axis, picture, kind, title in zip(axes.flat, images, kinds, titles, strict=False):
        axis.set_xticks([])
        axis.set_yticks([])
        for spine in axis.spines.values():
            spine.set_color("0.6")
            spine.set_linewidth(0.8)
        if kind == "labels":
            axis.imshow(label_to_rgb(picture), interpolation="nearest")
        elif kind == "mask":
            axis.imshow(picture, cmap="gray", vmin=0, vmax=1, interpolation="nearest")
        elif picture.ndim == 2:
            axis.imshow(picture, cmap="gray", vmin=0, vmax=1)
        else:
            axis.imshow(picture)  # checked to lie in [0, 1]
        axis.set_title(title, fontsize=10)
    if suptitle:
        figure.suptitle(suptitle, fontsize=12)
    return figure


def _panel_kind(picture: np.ndarray, index: int, title: str) -> Literal["mask", "labels", "image"]:
    """What a panel of :func:`show_grid` is, by its data type, or why it cannot be drawn.

    The same checks as the methods' inputs (:func:`check_labels`, :func:`validate_image`), so a
    panel is refused with the message a method would give, prefixed by the panel's title.
    """
    name = f"images[{index}]"
    try:
        if isinstance(picture, np.ndarray) and picture.dtype.kind in "biu":
            if picture.ndim != 2:
                fix = (
                    f"drop the channel axis: {name}[..., 0]"
                    if picture.ndim == 3 and picture.shape[-1] == 1
                    else f"for a picture, convert it with segutils.as_image({name})"
                )
                raise ValueError(
                    f"{name} is a {picture.dtype} array of shape {picture.shape}; show_grid draws "
                    f"a bool array as an (H, W) mask and an integer array as (H, W) labels: {fix}."
                )
            check_labels(picture, name=name)
            return "mask" if picture.dtype == bool else "labels"
        validate_image(_as_float32(picture), name=name)
    except (TypeError, ValueError) as error:
        raise type(error)(f"Panel {title!r}: {error}") from None
    return "image"


def _as_float32(picture: np.ndarray) -> np.ndarray:
    """A float array of any precision as float32, so that :func:`validate_image` judges its values.

    Arrays that are not floats, and floats too large for float32, are returned as they are:
    :func:`validate_image` then refuses them by their type.
    """
    if not isinstance(picture, np.ndarray) or picture.dtype.kind != "f":
        return picture
    with np.errstate(over="ignore"):
        single = picture.astype(np.float32, copy=False)
    if np.count_nonzero(np.isinf(single)) > np.count_nonzero(np.isinf(picture)):
        return picture  # values beyond float32's range: not an image in [0, 1] in any case
    return single


def show_precision_recall(
    results: BoundaryBenchmark | Mapping[str, BoundaryBenchmark],
    *,
    ax: Axes | None = None,
    human_f: float | None = 0.80,
    title: str = "Boundary precision-recall (BSDS500 protocol)",
) -> Figure:
    """Draw boundary precision-recall curves on iso-F lines, each method's ODS point marked.

    Recall runs along x and precision along y, as in the Berkeley benchmark's plots. Light grey
    curves join the points of equal F (0.1 to 0.9); the dashed curve and the star mark the
    human level (F = 0.80 published for BSDS500's test split); the F of each grey curve is
    written outside the plot, beside its end. A binary map is the same at every threshold, so
    it is one point. Each method has its own colour, line style and black-edged ODS marker, the
    earlier methods drawn wider and bigger, so that curves and points that coincide stay
    distinguishable; its ODS, OIS and AP are in the key, which sits below the plot: methods
    often end close together, where labels beside the points would overlap, and a key inside
    the plot would hide the curves' tails.

    Parameters
    ----------
    results : BoundaryBenchmark or mapping of str to BoundaryBenchmark
        Results of :func:`segutils.metrics.boundary_benchmark`, by method name.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new square figure by default.
    human_f : float or None, optional
        F of the human level to mark; ``None`` leaves it out.
    title : str, optional
        Title of the plot.

    Returns
    -------
    matplotlib.figure.Figure
        The figure drawn on.

    Examples
    --------
    >>> import numpy as np
    >>> from segutils.metrics import boundary_benchmark
    >>> truth = np.zeros((40, 40), bool); truth[20] = True
    >>> soft = np.zeros((40, 40)); soft[20, :30], soft[20, 30:], soft[5, :] = 0.9, 0.3, 0.6
    >>> result = boundary_benchmark([soft], [[truth]], thresholds=5)
    >>> figure = show_precision_recall({"toy": result})
    >>> [text.get_text() for text in figure.axes[0].get_legend().get_texts()][-1]
    'toy: ODS 0.857, OIS 0.857, AP 0.121'
    >>> plt.close(figure)

    References
    ----------
    Martin, Fowlkes and Malik, TPAMI 26(5), 2004, figure 9; Arbelaez et al., "Contour Detection
    and Hierarchical Image Segmentation", TPAMI 33(5), 2011, figure 14.
    """
    # Imported here so that drawing segmentations does not load the metrics package.
    from .metrics.boundary_summary import BoundaryBenchmark

    if isinstance(results, BoundaryBenchmark):
        results = {"method": results}
    if not isinstance(results, Mapping) or not results:
        raise TypeError(
            "results must be a BoundaryBenchmark or a non-empty dict of them by method name, "
            "e.g. {'canny': boundary_benchmark(...)}."
        )
    for name, result in results.items():
        if not isinstance(result, BoundaryBenchmark):
            raise TypeError(
                f"results[{name!r}] is a {type(result).__name__}, not a BoundaryBenchmark; "
                "pass what segutils.metrics.boundary_benchmark returns."
            )
    if human_f is not None and not 0 < human_f < 1:
        raise ValueError(f"human_f must be in (0, 1) or None, got {human_f}.")
    if ax is None:
        # Taller than wide: the key goes below the square plot.
        figure, ax = plt.subplots(figsize=(5.5, 5.5 + 0.25 * len(results)), layout="constrained")
    else:
        figure = ax.figure

    def iso_f(level: float) -> tuple[np.ndarray, np.ndarray]:
        # F = 2PR / (P + R) solved for P; R below F / (2 - F) would need P > 1.
        recall = np.linspace(level / (2 - level), 1, 200)
        return recall, level * recall / (2 * recall - level)

    for level in np.arange(1, 10) / 10:
        ax.plot(*iso_f(level), color="0.85", linewidth=0.8, zorder=0)
        # Outside the plot, beside the line's end at recall 1: no curve runs through it there.
        ax.text(
            1.01,
            level / (2 - level),
            f"F={level:.1f}",
            color="0.5",
            fontsize=7,
            ha="left",
            va="center",
            clip_on=False,
        )
    if human_f is not None:
        ax.plot(
            *iso_f(human_f),
            color="0.3",
            linestyle="--",
            linewidth=1.2,
            label=f"human level, F = {human_f:.2f}",
        )
        ax.plot(
            human_f,
            human_f,
            marker="*",
            markersize=12,
            color="0.3",
            linestyle="none",
            label=f"the human level drawn where precision = recall = {human_f:.2f}",
        )
    # A stand-in for the key: what the black-edged markers are.
    ax.plot(
        [],
        [],
        marker="o",
        markersize=8,
        color="0.7",
        markeredgecolor="black",
        linestyle="none",
        label="black-edged marker: the ODS point, the best F with one threshold for all images",
    )
    for k, (name, result) in enumerate(results.items()):
        # Methods often end close together, or follow each other: each has its own colour, line
        # style and ODS marker, and the earlier ones are drawn wider and bigger, so that a later
        # curve or point drawn on top leaves the earlier one showing at its sides.
        style = {
            "color": LABEL_COLORS[k % len(LABEL_COLORS)],
            "linestyle": _CURVE_STYLES[k % len(_CURVE_STYLES)],
            "linewidth": max(3.6 - 0.6 * k, 1.2),
            "marker": _ODS_MARKERS[k % len(_ODS_MARKERS)],
            "markersize": max(12 - 2 * k, 5),
            "markeredgecolor": "black",
        }
        drawn = (result.recall > 0) | (result.precision > 0)  # an empty map has no point
        points = np.stack([result.recall[drawn], result.precision[drawn]])
        curve = {**style, "marker": "none"}
        ax.plot(*points, **curve, zorder=2)
        # Above every curve, so that no curve hides another method's point.
        ods_point = {**style, "linestyle": "none"}
        ax.plot(result.ods_recall, result.ods_precision, **ods_point, zorder=3)
        # A binary map's "curve" is one point, drawn by its ODS marker: no line in its key.
        is_curve = len(np.unique(points, axis=1).T) > 1
        key = {**style, "linestyle": style["linestyle"] if is_curve else "none"}
        ax.plot(
            [],
            [],
            **key,
            label=f"{name}: ODS {result.ods:.3f}, OIS {result.ois:.3f}, AP {result.ap:.3f}",
        )
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.set_aspect("equal")
    ax.set_xlabel("Recall")
    ax.set_ylabel("Precision")
    ax.set_title(title)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.1), fontsize=8, frameon=False)
    return figure
