"""The frame with a drawing layer: a box dragged and brush strokes, echoed in the browser at once.

:class:`DrawingCanvas` is an anywidget: its front end (``canvas.js`` beside this file) shows the
explorer's JPEG frame in an ``<img class="segutils-explorer-image">`` and lays a ``<canvas>`` over
it. The pointer draws on that canvas directly in the browser, so a stroke or a box follows the
pointer with no kernel round trip. When the pointer is released, the finished drawing is sent to
the kernel as one message, and the explorer runs the method on it. The drawing stays on the
canvas until a frame that shows it arrives (the frame draws the hints itself, so a saved
notebook's still shows them): the kernel then sets :attr:`DrawingCanvas.drawn` to the drawing's
number and the front end clears it from the canvas.

The messages, as :meth:`DrawingCanvas.receive` takes them (positions in display pixels, the
frame's, ``(row, col)``, floats):

- ``{"kind": "stroke", "id": n, "label": k, "brush": r, "points": [[row, col], ...]}``: a brush
  stroke of label ``k`` (``0`` erases, 1 background, 2 object, 3, 4, ... further objects) and
  radius ``r``;
- ``{"kind": "box", "id": n, "start": [row, col], "end": [row, col]}``: a box dragged from
  ``start`` to ``end`` (any two opposite corners);
- ``{"kind": "click", "id": n, "point": [row, col]}``: a click with the seed tool.

For scripts and benchmarks the front end's state is readable on the element too:
``data-sent`` (the last drawing sent), ``data-drawn`` (the last one a frame shows) and
``data-echo-ms`` (milliseconds from the last pointer event to its echo on the canvas).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import anywidget
import numpy as np
import traitlets

__all__ = ["Drawing", "DrawingCanvas", "Tool"]

#: What the pointer does: drag a box, paint a stroke (of :attr:`DrawingCanvas.label`), or click a
#: seed.
Tool = Literal["box", "stroke", "seed"]


@dataclass(frozen=True)
class Drawing:
    """One finished drawing from the front end, in display pixels.

    Attributes
    ----------
    kind : {"stroke", "box", "click"}
        What was drawn.
    id : int
        Its number, increasing; the kernel echoes it in :attr:`DrawingCanvas.drawn`.
    points : ndarray
        ``(N, 2)`` ``(row, col)``: the stroke's pointer positions, the box's two corners, or the
        click.
    label : int
        The stroke's label (``0`` erases); ``0`` for a box or a click.
    brush : float
        The stroke's brush radius; ``0`` for a box or a click.
    """

    kind: Literal["stroke", "box", "click"]
    id: int
    points: np.ndarray
    label: int = 0
    brush: float = 0.0


def _drawing(content: dict[str, Any]) -> Drawing:
    """A front-end message as a :class:`Drawing`, refusing a malformed one."""
    kind = content.get("kind")
    if kind == "stroke":
        points = content.get("points")
        label, brush = int(content.get("label", 0)), float(content.get("brush", 0.0))
    elif kind == "box":
        points, label, brush = [content.get("start"), content.get("end")], 0, 0.0
    elif kind == "click":
        points, label, brush = [content.get("point")], 0, 0.0
    else:
        raise ValueError(f"Unknown drawing {kind!r}: expected 'stroke', 'box' or 'click'.")
    array = np.asarray(points, dtype=np.float64)
    if array.ndim != 2 or array.shape[1] != 2 or len(array) == 0:
        raise ValueError(f"A {kind} needs (row, col) positions, got {points!r}.")
    return Drawing(kind, int(content.get("id", 0)), array, label, brush)


class DrawingCanvas(anywidget.AnyWidget):
    """The explorer's frame with a drawing layer over it (see the module's description).

    Parameters
    ----------
    width, height : int
        The display picture's size in pixels: where the pointer draws (the frame may be wider,
        side by side).
    colours : list of list of int
        RGB of the strokes by label, index 0 being the eraser's echo.
    box_colour : list of int
        RGB of the box.

    Attributes
    ----------
    frame : bytes
        The JPEG shown.
    tool : {"box", "stroke", "seed"}
        What the pointer does.
    label : int
        The label a stroke paints (``0`` erases).
    brush : int
        Brush radius in display pixels.
    drawn : int
        Number of the last drawing a frame shows; the front end clears it and earlier ones.

    Examples
    --------
    >>> canvas = DrawingCanvas(width=64, height=48, colours=[[255, 255, 255]], box_colour=[0, 0, 0])
    >>> got = []
    >>> canvas.on_drawing(got.append)
    >>> canvas.receive({"kind": "box", "id": 1, "start": [4, 5], "end": [20, 30]})
    >>> got[0].kind, got[0].points.tolist()
    ('box', [[4.0, 5.0], [20.0, 30.0]])

    References
    ----------
    anywidget documentation (anywidget.dev): ``_esm`` front-end modules, synced traits and
    ``model.send`` custom messages; HTML Living Standard, the canvas 2D context.
    """

    _esm = Path(__file__).with_name("canvas.js")
    _css = """
    .segutils-explorer-canvas { position: relative; display: inline-block; line-height: 0; }
    .segutils-explorer-canvas canvas {
      position: absolute; left: 0; top: 0; cursor: crosshair; touch-action: none;
    }
    """

    frame = traitlets.Bytes(b"").tag(sync=True)
    width = traitlets.Int(1).tag(sync=True)
    height = traitlets.Int(1).tag(sync=True)
    tool = traitlets.Unicode("stroke").tag(sync=True)
    label = traitlets.Int(2).tag(sync=True)
    brush = traitlets.Int(4).tag(sync=True)
    colours = traitlets.List(traitlets.List(traitlets.Int())).tag(sync=True)
    box_colour = traitlets.List(traitlets.Int()).tag(sync=True)
    drawn = traitlets.Int(0).tag(sync=True)

    def __init__(self, **kwargs: Any):
        super().__init__(**kwargs)
        self._callbacks: list[Callable[[Drawing], None]] = []
        self.on_msg(lambda _widget, content, _buffers: self.receive(content))

    def on_drawing(self, callback: Callable[[Drawing], None]) -> None:
        """Call ``callback(drawing)`` for each finished drawing.

        Parameters
        ----------
        callback : callable
            Takes one :class:`Drawing`.
        """
        self._callbacks.append(callback)

    def receive(self, content: dict[str, Any]) -> None:
        """Take one message as the front end sends it: what releasing the pointer does.

        Call it to script or benchmark drawing without a browser.

        Parameters
        ----------
        content : dict
            A message of the form in the module's description.

        Raises
        ------
        ValueError
            For an unknown kind or positions that are not ``(row, col)`` pairs.
        """
        drawing = _drawing(content)
        for callback in self._callbacks:
            callback(drawing)
