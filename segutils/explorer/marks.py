"""The hints a person gives the explorer: seeds, a box and scribbles, in image and working pixels.

A method that takes hints (:func:`segutils.params.hint_parameters`) is run on the explorer's
working copy of the image, which may be smaller than the image, and on a still smaller copy for
a preview. The hints are kept here in the image's own pixels, as the person gave them (what
:attr:`Marks.box` and :attr:`Marks.scribbles` read back), and mapped to any other size on demand:
a box is scaled outwards to whole pixels, and scribbles are resized so that a stroke thinner than
the scale step is kept rather than lost between two sampled pixels (:func:`resize_scribbles`).
Strokes drawn on the displayed frame come in display pixels and are drawn here as round-capped
polylines (:func:`draw_stroke`), the line the browser's canvas shows under the pointer.
"""

from __future__ import annotations

import cv2
import numpy as np

from .. import params as P
from ..masks import resize_labels

__all__ = [
    "ERASE",
    "Marks",
    "draw_stroke",
    "resize_scribbles",
    "scale_box",
]

#: The stroke label that erases: pixels under it become unmarked (0).
ERASE = 0


def draw_stroke(scribbles: np.ndarray, points: np.ndarray, label: int, radius: float) -> np.ndarray:
    """Draw one brush stroke into a scribble array, in place: round-capped segments of a width.

    Parameters
    ----------
    scribbles : ndarray
        ``int32`` ``(H, W)`` labels, changed in place.
    points : ndarray
        ``(N, 2)`` ``(row, col)`` positions of the pointer along the stroke, in the array's
        pixels (floats are rounded); one point draws a dot.
    label : int
        The label painted: :data:`segutils.params.BACKGROUND`, :data:`segutils.params.OBJECT`,
        ``3, 4, ...``, or :data:`ERASE` (0) to unmark.
    radius : float
        Brush radius in the array's pixels; at least one pixel is painted.

    Returns
    -------
    ndarray
        ``scribbles``, for chaining.

    Examples
    --------
    >>> marks = np.zeros((5, 9), np.int32)
    >>> draw_stroke(marks, np.array([[2, 1], [2, 7]]), 2, radius=0)[2].tolist()
    [0, 2, 2, 2, 2, 2, 2, 2, 0]
    >>> int(draw_stroke(marks, np.array([[2, 4]]), 0, radius=1)[2, 4])  # the eraser
    0

    References
    ----------
    OpenCV documentation, ``cv2.polylines`` and ``cv2.distanceTransform``; HTML Living
    Standard, the canvas 2D context's ``lineWidth`` and ``lineCap = "round"``.
    """
    reach = max(0, round(radius))
    xy = np.round(np.asarray(points, dtype=np.float64)[:, ::-1]).astype(np.int64)
    # Work in the stroke's own box, padded by the brush (it may reach past the image's edge).
    low = xy.min(axis=0) - reach - 1
    high = xy.max(axis=0) + reach + 2
    path = np.full((high[1] - low[1], high[0] - low[0]), 255, np.uint8)
    cv2.polylines(path, [(xy - low).astype(np.int32).reshape(-1, 1, 2)], False, 0, 1, cv2.LINE_8)
    path[xy[:, 1] - low[1], xy[:, 0] - low[0]] = 0  # a single point draws no line: a dot
    # Every pixel whose centre is within the brush of the path: the canvas's round line of
    # width 2 * radius + 1 (OpenCV's own thick lines are wider than asked, unevenly by angle).
    distance = cv2.distanceTransform(path, cv2.DIST_L2, cv2.DIST_MASK_PRECISE)
    brush = distance <= reach + 0.5
    height, width = scribbles.shape
    top, left = max(low[1], 0), max(low[0], 0)
    bottom, right = min(high[1], height), min(high[0], width)
    if top < bottom and left < right:
        window = brush[top - low[1] : bottom - low[1], left - low[0] : right - low[0]]
        scribbles[top:bottom, left:right][window] = label
    return scribbles


def resize_scribbles(scribbles: np.ndarray, shape: tuple[int, int]) -> np.ndarray:
    """Scribbles at another size, a thin stroke kept when shrinking.

    Shrinking by nearest neighbour would drop a one-pixel stroke that falls between the pixels
    kept. Here each label's pixels are area-averaged and a new pixel takes a label if any of
    the pixels it covers had it (labels in increasing order, so an object stroke wins over the
    background where both meet). Enlarging is nearest neighbour.

    Parameters
    ----------
    scribbles : ndarray
        Integer ``(H, W)`` labels, ``0`` unmarked.
    shape : tuple of int
        The new ``(height, width)``.

    Returns
    -------
    ndarray
        ``int32`` labels of ``shape``.

    Examples
    --------
    >>> marks = np.zeros((8, 8), np.int32)
    >>> marks[3, :] = 2  # a one-pixel line
    >>> resize_scribbles(marks, (2, 2)).tolist()
    [[2, 2], [0, 0]]

    References
    ----------
    OpenCV documentation, ``cv2.resize`` with ``INTER_AREA`` and ``INTER_NEAREST``.
    """
    if tuple(shape) == scribbles.shape:
        return scribbles.astype(np.int32, copy=False)
    if shape[0] >= scribbles.shape[0] and shape[1] >= scribbles.shape[1]:
        return resize_labels(scribbles.astype(np.int32, copy=False), shape)
    resized = np.zeros(shape, np.int32)
    for label in np.unique(scribbles):
        if label == 0:
            continue
        share = cv2.resize(
            (scribbles == label).astype(np.float32),
            (shape[1], shape[0]),
            interpolation=cv2.INTER_AREA,
        )
        resized[share > 0] = label
    return resized


def scale_box(box: np.ndarray, scale: float, shape: tuple[int, ...]) -> np.ndarray:
    """A box on an image ``scale`` times the size, widened to whole pixels, never empty.

    Parameters
    ----------
    box : ndarray
        ``(top, left, bottom, right)``, half-open.
    scale : float
        New size / old size.
    shape : tuple of int
        The new image's shape (the box is kept inside it).

    Returns
    -------
    ndarray
        ``int64`` ``(top, left, bottom, right)``, at least one pixel on each side.

    Examples
    --------
    >>> scale_box(np.array([10, 20, 30, 41]), 0.5, (50, 50)).tolist()
    [5, 10, 15, 21]

    References
    ----------
    Python documentation, :func:`math.floor` and :func:`math.ceil` (the box grows outwards to
    whole pixels, so it still holds everything it held).
    """
    height, width = shape[:2]
    top, left = (int(np.floor(value * scale + 1e-9)) for value in box[:2])
    bottom, right = (int(np.ceil(value * scale - 1e-9)) for value in box[2:])
    top, left = min(max(top, 0), height - 1), min(max(left, 0), width - 1)
    bottom, right = min(max(bottom, top + 1), height), min(max(right, left + 1), width)
    return np.array([top, left, bottom, right], dtype=np.int64)


class Marks:
    """The seeds, box and scribbles given to one method on one image, at every size it runs.

    Parameters
    ----------
    takes : tuple of str
        The hints the method takes (:func:`segutils.params.hint_parameters`).
    shape : tuple of int
        The image's ``(height, width)``.
    scale : float
        Working size / image size (at most 1).
    work_shape : tuple of int
        The working copy's ``(height, width)``.
    name : str
        The method's name, for the messages.

    Examples
    --------
    >>> marks = Marks(("box",), (100, 100), 0.5, (50, 50), "hints.grabcut")
    >>> marks.set_box((10, 20, 30, 41))
    >>> marks.box.tolist(), marks.for_shape((50, 50))["box"].tolist()
    ([10, 20, 30, 41], [5, 10, 15, 21])
    """

    def __init__(
        self,
        takes: tuple[str, ...],
        shape: tuple[int, int],
        scale: float,
        work_shape: tuple[int, int],
        name: str,
    ):
        self.takes = takes
        self._shape = tuple(shape[:2])
        self._scale = scale
        self._work_shape = tuple(work_shape[:2])
        self._name = name
        self.work_seeds = np.zeros((0, 2), np.int64)  # in working pixels (clicks land there)
        self._box: np.ndarray | None = None
        self._scribbles: np.ndarray | None = None  # in image pixels, None when nothing marked
        self._work_scribbles: np.ndarray | None = None

    # ---- reading ------------------------------------------------------------------------------

    @property
    def seeds(self) -> np.ndarray:
        """Seed points, ``(N, 2)`` ``(row, col)`` in image pixels."""
        original = np.round(self.work_seeds / self._scale).astype(np.int64)
        return np.minimum(original, np.array(self._shape) - 1)

    @property
    def box(self) -> np.ndarray | None:
        """The box ``(top, left, bottom, right)`` in image pixels, or ``None``."""
        return None if self._box is None else self._box.copy()

    @property
    def scribbles(self) -> np.ndarray | None:
        """The scribbles, ``int32`` ``(H, W)`` in image pixels, or ``None`` when none is marked."""
        return None if self._scribbles is None else self._scribbles.copy()

    @property
    def labels(self) -> tuple[int, ...]:
        """The scribble labels present, in increasing order."""
        if self._work_scribbles is None:
            return ()
        present = np.unique(self._work_scribbles)
        return tuple(int(label) for label in present if label > 0)

    @property
    def given(self) -> bool:
        """Whether any box or scribble has been given (seeds alone do not count)."""
        return self._box is not None or self._scribbles is not None

    def key(self) -> bytes:
        """Bytes that differ whenever the hints differ: the cache's key."""
        parts = [self.work_seeds.tobytes(), b"box"]
        if self._box is not None:
            parts.append(self._box.tobytes())
        parts.append(b"scribbles")
        if self._work_scribbles is not None:
            parts.append(self._work_scribbles.tobytes())
        return b"|".join(parts)

    def for_shape(self, shape: tuple[int, ...]) -> dict[str, np.ndarray | None]:
        """The hints the method takes, as keywords for an image of ``shape``.

        ``shape`` is the working copy's or a preview's: seeds, box and scribbles are mapped to
        its pixels.
        """
        factor = shape[0] / self._work_shape[0]
        given: dict[str, np.ndarray | None] = {}
        if "seeds" in self.takes:
            seeds = np.round(self.work_seeds * factor).astype(np.int64)
            given["seeds"] = np.minimum(seeds, np.array(shape[:2]) - 1)
        if "box" in self.takes:
            box = self._box
            given["box"] = None if box is None else scale_box(box, self._scale * factor, shape)
        if "scribbles" in self.takes:
            work = self._work_scribbles
            given["scribbles"] = None if work is None else resize_scribbles(work, shape[:2])
        return given

    # ---- changing -----------------------------------------------------------------------------

    def set_seeds(self, seeds: np.ndarray | None) -> None:
        """Replace the seeds, given in image pixels (checked by ``params.check_seeds``)."""
        original = P.check_seeds(seeds, self._shape, method=self._name)
        work = np.round(original * self._scale).astype(np.int64)
        # Rounding can land one past the last row or column of a downscaled image: clip.
        self.work_seeds = np.minimum(work, np.array(self._work_shape) - 1)

    def set_box(self, box: np.ndarray | tuple | None) -> None:
        """Replace the box, given in image pixels (checked by ``params.check_box``)."""
        self._need("box")
        self._box = P.check_box(box, self._shape, method=self._name)

    def set_scribbles(self, scribbles: np.ndarray | None) -> None:
        """Replace the scribbles, ``(H, W)`` labels in image pixels (``params.check_scribbles``)."""
        self._need("scribbles")
        checked = P.check_scribbles(scribbles, self._shape, method=self._name)
        self._keep_scribbles(checked)

    def stroke(self, points: np.ndarray, label: int, radius: float) -> None:
        """Paint a stroke given in image pixels (``radius`` too); label :data:`ERASE` unmarks."""
        self._need("scribbles")
        label = self._check_label(label)
        points = self._check_points(points)
        scribbles = self._scribbles
        if scribbles is None:
            scribbles = np.zeros(self._shape, np.int32)
        self._keep_scribbles(draw_stroke(scribbles, points, label, radius))

    def clear(self) -> None:
        """Forget every seed, the box and the scribbles."""
        self.work_seeds = np.zeros((0, 2), np.int64)
        self._box = None
        self._keep_scribbles(None)

    def _keep_scribbles(self, scribbles: np.ndarray | None) -> None:
        if scribbles is not None and not scribbles.any():
            scribbles = None  # an erased drawing is no drawing: the method's default
        self._scribbles = scribbles
        if scribbles is None or self._scale == 1.0:
            self._work_scribbles = scribbles
        else:
            self._work_scribbles = resize_scribbles(scribbles, self._work_shape)

    def _need(self, hint: str) -> None:
        if hint not in self.takes:
            taken = ", ".join(self.takes) or "no hints"
            raise ValueError(f"{self._name}() takes no {hint} (it takes {taken}).")

    def _check_label(self, label: int) -> int:
        if isinstance(label, bool) or not isinstance(label, int | np.integer) or label < 0:
            raise ValueError(
                f"A stroke's label is an integer: {ERASE} erases, {P.BACKGROUND} background, "
                f"{P.OBJECT} object, 3, 4, ... further objects; got {label!r}."
            )
        return int(label)

    def _check_points(self, points: np.ndarray) -> np.ndarray:
        try:
            array = np.asarray(points, dtype=np.float64)
        except (TypeError, ValueError):
            array = np.zeros((0, 3))
        if array.ndim != 2 or array.shape[1] != 2 or len(array) == 0:
            raise ValueError(
                "A stroke is an (N, 2) array of (row, col) pointer positions, N >= 1; got "
                f"{points!r}."
            )
        if not np.isfinite(array).all():
            raise ValueError("A stroke's positions must be finite numbers.")
        return array
