"""The explorer widget: sliders, clicks and a live read-out around one method and one image.

Why it answers in milliseconds:

- no figure is rebuilt per tick: frames are composed on 8-bit arrays and sent as JPEG bytes to
  an ``ipywidgets.Image`` (:mod:`.frames`);
- results are cached by parameter values, so returning to a value, or changing only the view or
  the opacity, does not run the method again (:mod:`.runner`);
- a slow method answers a moving control with a marked preview on a smaller copy of the image
  (:mod:`.runner`, :mod:`.sizing`); the full result follows once the control has rested;
- rapid events are coalesced: while a method is still within its last run time, new events
  wait for one trailing update that uses the latest values (:mod:`.pacing`);
- a box or a stroke is drawn under the pointer by the browser itself (:mod:`.canvas`); only the
  finished drawing goes to the kernel, which answers it as it answers a slider.
"""

from __future__ import annotations

import base64
import time
from collections.abc import Callable
from typing import Any

import ipywidgets as widgets
import numpy as np

from .. import params as P
from ..images import as_image, encode_jpeg
from ..masks import check_labels, resize_labels
from . import frames, readout, sizing
from .inputs import drawing_tools, make_drawing_panel, make_panel, toggle_seed
from .marks import Marks
from .pacing import Pacer, Timer, call_later
from .runner import Runner

__all__ = ["Explorer"]


def _html_pane(css_class: str) -> widgets.HTML:
    pane = widgets.HTML()
    pane.add_class(css_class)
    return pane


def _in_explorer_terms(message: str) -> str:
    """as_image's advice with the explorer's way to follow it: its keywords go to the method."""
    for option in ("stretch=True", "drop_alpha=True"):
        if f"pass {option}".lower() in message.lower():  # "Pass ..." or, mid-sentence, "pass ..."
            return (
                f"{message} The explorer passes its keywords to the method, so give {option} to "
                f"the conversion instead: su.explore(method, su.as_image(image, {option}))."
            )
    return message


class Explorer(widgets.VBox):
    """Sliders, clicks and a live read-out around one segmentation method and one image.

    Parameters
    ----------
    method : callable
        A segmentation method whose tunable parameters are annotated (:mod:`segutils.params`).
    image : ndarray
        The image; anything :func:`segutils.as_image` accepts.
    truth : ndarray, optional
        Ground truth of the same height and width (``bool`` mask or labels): the read-out then
        shows IoU, Dice and pixel accuracy of the result's foreground (non-zero pixels).
    seeds : array-like, optional
        Initial ``(row, col)`` seed points, for methods with a ``seeds`` parameter.
    box : array-like, optional
        Initial ``(top, left, bottom, right)`` box in image pixels, half-open, for methods with
        a ``box`` parameter (:data:`segutils.params.Box`).
    scribbles : ndarray, optional
        Initial ``(H, W)`` stroke labels in image pixels (0 unmarked, 1 background, 2 object,
        3, ... further objects), for methods with a ``scribbles`` parameter
        (:data:`segutils.params.Scribbles`).
    view : {"overlay", "contours", "side by side"}, optional
        How the result is drawn.
    opacity : float, optional
        Opacity of the overlay.
    score : callable, optional
        ``score(truth, result) -> dict`` replacing the default scores (requires ``truth``).
    max_side : int, optional
        Longest side the method works on; larger images are downscaled with a warning.
    title : str, optional
        Heading shown above the explorer; by default the method's name and what it is scored on.
    **initial
        Starting values of the method's parameters.

    Attributes
    ----------
    latencies_ms : list of float
        Milliseconds from each value change to the frame shown in answer (a preview or the full
        result).
    settle_ms : list of float
        Milliseconds of each full-resolution update that replaced a preview.

    Notes
    -----
    A method that takes a box or scribbles is drawn on: its frame is a :class:`.canvas.
    DrawingCanvas` on which the pointer drags a box or paints strokes of the chosen class (the
    "draw" buttons; the eraser unmarks), echoed in the browser at once and answered by the
    kernel like a slider (a preview while slow, the full result when the input rests). Until
    the method has the hints it needs, the read-out says what to draw. From Python:
    :meth:`set_box`, :meth:`set_scribbles`, :meth:`clear_hints`, and :meth:`drag` and
    :meth:`stroke`, which do what the pointer does; :attr:`box` and :attr:`scribbles` read the
    hints back in image pixels.
    """

    # Where the explorer reads the time and schedules its trailing and settling updates (see
    # :mod:`.pacing`). Class attributes rather than arguments because every keyword argument is
    # free for the method's parameters; tests substitute a manual clock in a subclass.
    _clock: Callable[[], float] = staticmethod(time.perf_counter)
    _timer: Timer = staticmethod(call_later)

    def __init__(
        self,
        method: Callable,
        image: np.ndarray,
        *,
        truth: np.ndarray | None = None,
        seeds: np.ndarray | None = None,
        box: np.ndarray | tuple | None = None,
        scribbles: np.ndarray | None = None,
        view: frames.View = "overlay",
        opacity: float = 0.45,
        score: Callable[[np.ndarray, np.ndarray], dict[str, float]] | None = None,
        max_side: int = sizing.MAX_INTERACTIVE_SIDE,
        title: str | None = None,
        **initial: Any,
    ):
        self.method = method
        self.name = getattr(method, "__name__", type(method).__name__)
        self._controls = P.controls(method)  # raises TypeError for a non-callable
        self._takes = P.hint_parameters(method)
        self._takes_seeds = "seeds" in self._takes
        self._draws = "box" in self._takes or "scribbles" in self._takes
        self._check_options(
            initial,
            view=view,
            opacity=opacity,
            score=score,
            truth=truth,
            seeds=seeds,
            box=box,
            scribbles=scribbles,
        )
        self._prepare_image(image, max_side=max_side)
        work_truth = self._working_truth(truth)
        self._marks = Marks(
            self._takes, self._original_shape, self._scale, self._work.shape[:2], self.name
        )
        self._marks.set_seeds(seeds)
        if box is not None:
            self._marks.set_box(box)
        if scribbles is not None:
            self._marks.set_scribbles(scribbles)
        self._runner = Runner(method, self._work, truth=work_truth, score=score, clock=self._clock)
        self._start_state()
        self.title = title or f"{self.name}" + (" vs ground truth" if truth is not None else "")
        super().__init__(self._build_widgets(initial, view, opacity))
        self.add_class("segutils-explorer")
        self.update()
        self._pacer.free()  # the first frame's run time says nothing about a preview's

    # ---- building -----------------------------------------------------------------------------

    def _check_options(
        self,
        initial: dict[str, Any],
        *,
        view: frames.View,
        opacity: float,
        score: Callable | None,
        truth: np.ndarray | None,
        seeds: np.ndarray | None,
        box: Any = None,
        scribbles: Any = None,
    ) -> None:
        """Refuse bad parameter values and options before any work, saying what is expected."""
        P.check_params(self.method, initial)
        if view not in frames.VIEWS:
            raise ValueError(f"view must be one of {frames.VIEWS}, got {view!r}.")
        if not 0.0 <= opacity <= 1.0:
            raise ValueError(f"opacity must be in [0, 1], got {opacity}.")
        if score is not None and truth is None:
            raise ValueError("A score function needs truth= to compare against.")
        if seeds is not None and not self._takes_seeds:
            raise ValueError(f"{self.name}() takes no seeds; drop seeds= or use a seeded method.")
        for hint, given in (("box", box), ("scribbles", scribbles)):
            if given is not None and hint not in self._takes:
                raise ValueError(
                    f"{self.name}() takes no {hint}; drop {hint}= or use a method that takes "
                    f"one (the hints methods: segutils.hints)."
                )

    def _prepare_image(self, image: np.ndarray, *, max_side: int) -> None:
        """The working copy of the image and the display base the results are drawn on."""
        try:
            original = as_image(image)  # clear errors for wrong dtype, range or shape
        except ValueError as error:
            raise ValueError(_in_explorer_terms(str(error))) from None
        self._original_shape = original.shape[:2]
        self._work, self._scale = sizing.fit_for_interactive(original, max_side=max_side)
        self._display_scale = min(1.0, frames.DISPLAY_SIDE / max(self._work.shape[:2]))
        self._base = frames.display_base(self._work, self._display_scale)

    def _working_truth(self, truth: np.ndarray | None) -> np.ndarray | None:
        """The ground truth checked against the image and resized to the working copy."""
        if truth is None:
            return None
        truth = check_labels(truth, name="truth", shape=self._original_shape)
        return resize_labels(truth, self._work.shape[:2])

    def _start_state(self) -> None:
        """The timings, what is shown and the pacer, before the first update."""
        self.latencies_ms: list[float] = []
        self.settle_ms: list[float] = []
        self._frame = b""
        self._picture: np.ndarray | None = None
        self._result: np.ndarray | None = None
        self._scores: dict[str, float] = {}
        self._preview_note = ""
        self._waiting = False  # a drawing method without the hints to start from
        self._last_drawing = 0  # number of the last drawing received from the canvas
        self._quiet = False  # set() changes several controls, then updates once
        self._pacer = Pacer(self._respond, self.settle, clock=self._clock, timer=self._timer)

    def _build_widgets(
        self, initial: dict[str, Any], view: frames.View, opacity: float
    ) -> list[widgets.Widget]:
        """The heading, the controls beside the image, the read-out and the error line."""
        self._inputs, self._view, self._opacity = make_panel(self._controls, initial, view, opacity)
        panel = [*self._inputs.values(), self._view, self._opacity]
        for control in panel:
            control.observe(self._on_change, names="value")
        self._canvas = None
        if self._draws:
            picture: widgets.Widget = self._drawing_canvas(panel)
        else:
            layout = widgets.Layout(width=self._image_width(view))
            self._image = widgets.Image(format="jpeg", layout=layout)
            self._image.add_class("segutils-explorer-image")
            picture = self._image
            if self._takes_seeds:
                panel.append(self._seed_clicks())
        self._readout = _html_pane("segutils-explorer-readout")
        self._guide = _html_pane("segutils-explorer-guide")
        self._error = _html_pane("segutils-explorer-error")
        controls = widgets.VBox(panel, layout=widgets.Layout(min_width="320px"))
        heading = widgets.HTML(readout.heading_html(self.title))
        return [heading, widgets.HBox([controls, picture]), self._readout, self._guide, self._error]

    def _drawing_canvas(self, panel: list[widgets.Widget]) -> widgets.Widget:
        """The frame with its drawing layer, and the tools beside it (appended to ``panel``)."""
        from .canvas import DrawingCanvas  # only methods drawn on need anywidget's canvas

        height, width = self._base.shape[:2]
        self._canvas = DrawingCanvas(
            width=width,
            height=height,
            colours=[list(colour) for colour in frames.STROKE_COLOURS],
            box_colour=list(frames.BOX_COLOUR),
        )
        self._canvas.on_drawing(self._on_drawing)
        self._tool, self._brush, clear = make_drawing_panel(self._takes)
        self._tools = drawing_tools(self._takes)
        self._tool.observe(lambda _: self._use_tool(), names="value")
        self._brush.observe(lambda change: setattr(self._canvas, "brush", change["new"]), "value")
        self._canvas.brush = self._brush.value
        self._use_tool()
        clear.on_click(lambda _: self.clear_hints())
        panel.extend([self._tool, self._brush, clear])
        return self._canvas

    def _use_tool(self) -> None:
        """Give the canvas the chosen tool: what the pointer does and which label it paints."""
        self._canvas.tool, self._canvas.label = self._tools[self._tool.value]

    def _seed_clicks(self) -> widgets.Button:
        """Make a click on the image add or remove a seed; return the button that clears them."""
        from ipyevents import Event  # only seeded methods need mouse events

        self._clicks = Event(source=self._image, watched_events=["click"])
        self._clicks.on_dom_event(lambda event: self.click(event["dataY"], event["dataX"]))
        clear = widgets.Button(description="clear seeds", icon="eraser")
        clear.on_click(lambda _: self.set_seeds(None))
        return clear

    def _image_width(self, view: frames.View) -> str:
        """The image's CSS width: the display's, twice that side by side."""
        return f"{self._base.shape[1] * (2 if view == 'side by side' else 1)}px"

    def _to_image(self, points: np.ndarray) -> np.ndarray:
        """Display pixels -> the image's pixels (through the working copy)."""
        return np.asarray(points, dtype=np.float64) / (self._display_scale * self._scale)

    # ---- public API ---------------------------------------------------------------------------

    @property
    def params(self) -> dict[str, Any]:
        """Current parameter values."""
        return {name: widget.value for name, widget in self._inputs.items()}

    @property
    def seeds(self) -> np.ndarray:
        """Current seed points, ``(N, 2)`` ``(row, col)`` in the original image's pixels."""
        return self._marks.seeds

    @property
    def box(self) -> np.ndarray | None:
        """The box, ``(top, left, bottom, right)`` in the image's pixels, half-open, or ``None``."""
        return self._marks.box

    @property
    def scribbles(self) -> np.ndarray | None:
        """The strokes, ``int32`` labels of the image's ``(H, W)``, or ``None`` if none is marked.

        0 unmarked, :data:`segutils.params.BACKGROUND` (1), :data:`segutils.params.OBJECT` (2),
        3, 4, ... further objects: what the method's ``scribbles=`` takes.
        """
        return self._marks.scribbles

    @property
    def hints(self) -> dict[str, np.ndarray | None]:
        """The hints the method takes, in the image's pixels, as keywords for calling it.

        ``method(image, **explorer.hints, **explorer.params)`` computes what the explorer shows
        (on the working copy, when the image was downscaled).
        """
        given = {"seeds": self.seeds, "box": self.box, "scribbles": self.scribbles}
        return {name: given[name] for name in self._takes}

    @property
    def guidance(self) -> str:
        """What to draw or click next, as the read-out says it."""
        return readout.guidance(
            self._takes, box=self._marks.box is not None, labels=self._marks.labels
        )

    @property
    def display_scale(self) -> float:
        """Display pixels per image pixel: the factor from :attr:`box` positions to the frame's.

        :meth:`click`, :meth:`drag` and :meth:`stroke` take positions on the frame, as the pointer
        gives them; multiply image positions by this to get them.
        """
        return self._display_scale * self._scale

    @property
    def canvas(self) -> widgets.Widget | None:
        """The :class:`.canvas.DrawingCanvas` of a method drawn on, else ``None``."""
        return self._canvas

    @property
    def result(self) -> np.ndarray | None:
        """The result shown (a preview while a control moves), or ``None`` after an error."""
        return self._result

    @property
    def is_preview(self) -> bool:
        """Whether the frame shows a reduced-resolution preview rather than the full result."""
        return bool(self._preview_note)

    @property
    def scores(self) -> dict[str, float]:
        """Latest scores against the ground truth (empty without ``truth``)."""
        return dict(self._scores)

    @property
    def frame(self) -> bytes:
        """The JPEG bytes currently displayed."""
        return self._frame

    def set(self, **values: Any) -> None:
        """Set several parameters (or ``view``, ``opacity``) at once, then update once.

        Raises
        ------
        ValueError
            For an unknown parameter or a value out of range.
        """
        extra = {k: values.pop(k) for k in ("view", "opacity") if k in values}
        # Checked with the current values of the others: low=0.5 is judged against the high shown.
        P.check_params(self.method, self.params | values)
        self._quiet = True
        try:
            for name, value in values.items():
                self._inputs[name].value = value
            if "view" in extra:
                self._view.value = extra["view"]
            if "opacity" in extra:
                self._opacity.value = extra["opacity"]
        finally:
            self._quiet = False
        self.update()

    def set_seeds(self, seeds: np.ndarray | None) -> None:
        """Replace the seed points (original image coordinates) and update.

        Raises
        ------
        ValueError
            If a seed lies outside the image or the method takes no seeds.
        """
        if not self._takes_seeds:
            raise ValueError(f"{self.name}() takes no seeds.")
        self._marks.set_seeds(seeds)
        self.update()

    def set_box(self, box: np.ndarray | tuple | None) -> None:
        """Replace the box, ``(top, left, bottom, right)`` in the image's pixels, and update.

        Parameters
        ----------
        box : array-like or None
            Half-open like a slice: the box holds ``image[top:bottom, left:right]``; ``None``
            removes it.

        Raises
        ------
        ValueError
            If the method takes no box, or the box is empty, inverted or outside the image
            (:func:`segutils.params.check_box`).
        """
        self._marks.set_box(box)
        self.update()

    def set_scribbles(self, scribbles: np.ndarray | None) -> None:
        """Replace the strokes by an ``(H, W)`` label array in the image's pixels, and update.

        Parameters
        ----------
        scribbles : ndarray or None
            0 unmarked, 1 background, 2 object, 3, ... further objects; ``None`` removes them.

        Raises
        ------
        ValueError, TypeError
            If the method takes no scribbles, or the array is not labels of the image's size
            (:func:`segutils.params.check_scribbles`).
        """
        self._marks.set_scribbles(scribbles)
        self.update()

    def clear_hints(self) -> None:
        """Remove every seed, the box and the strokes, and update (the "clear hints" button)."""
        self._marks.clear()
        self.update()

    def click(self, row: float, col: float) -> None:
        """Act as a click at display pixel ``(row, col)``: add a seed, or remove the one there.

        This is what a click on the image does; call it to script or test the explorer.
        """
        if not self._takes_seeds:
            return
        self._marks.work_seeds = toggle_seed(
            self._marks.work_seeds, (row, col), self._display_scale, self._work.shape
        )
        self.update()

    def drag(self, start: tuple[float, float], end: tuple[float, float]) -> None:
        """Act as dragging a box from display pixel ``start`` to ``end``, ``(row, col)`` each.

        Any two opposite corners will do; the box replaces the last one. This is what the box
        tool does on the frame; call it to script or test the explorer.

        Raises
        ------
        ValueError
            If the method takes no box, or the two corners make an empty box.
        """
        corners = self._to_image([start, end])
        (top, bottom), (left, right) = np.sort(corners[:, 0]), np.sort(corners[:, 1])
        self._marks.set_box((top, left, bottom, right))
        self.update()

    def stroke(
        self, points: np.ndarray, label: int = P.OBJECT, *, brush: float | None = None
    ) -> None:
        """Act as painting a stroke through display pixels ``points``, ``(N, 2)`` ``(row, col)``.

        Parameters
        ----------
        points : array-like
            The pointer's positions along the stroke; one point paints a dot.
        label : int, optional
            :data:`segutils.params.OBJECT` (2), :data:`segutils.params.BACKGROUND` (1), 3, 4,
            ... further objects, or 0 to erase.
        brush : float, optional
            Brush radius in display pixels; the brush slider's value by default.

        Raises
        ------
        ValueError
            If the method takes no scribbles, or ``points`` or ``label`` are not valid.
        """
        if brush is None:
            brush = self._brush.value if self._draws else 4
        radius = float(brush) / self.display_scale
        self._marks.stroke(self._to_image(self._points(points)), label, radius)
        self.update()

    @staticmethod
    def _points(points: np.ndarray) -> np.ndarray:
        try:
            return np.asarray(points, dtype=np.float64).reshape(-1, 2)
        except (TypeError, ValueError):
            raise ValueError(
                f"A stroke is an (N, 2) array of (row, col) positions; got {points!r}."
            ) from None

    def settle(self) -> None:
        """Replace a preview by the full-resolution result now (what resting a control does)."""
        self._pacer.cancel_settle()
        if self.is_preview:
            start = self._clock()
            self.update()
            self.settle_ms.append((self._clock() - start) * 1e3)
            # Events that arrived meanwhile waited already; answer the next one at once.
            self._pacer.free()

    # ---- events -------------------------------------------------------------------------------

    def _on_drawing(self, drawing: Any) -> None:
        """A drawing finished on the canvas: take it, then answer as a moved control is answered.

        A drawing the hints refuse (a box outside the image) is said on the error line.
        """
        scale = self.display_scale
        self._last_drawing = max(self._last_drawing, drawing.id)
        try:
            if drawing.kind == "stroke":
                points = self._to_image(drawing.points)
                self._marks.stroke(points, drawing.label, drawing.brush / scale)
            elif drawing.kind == "box":
                corners = self._to_image(drawing.points)
                (top, bottom), (left, right) = np.sort(corners[:, 0]), np.sort(corners[:, 1])
                self._marks.set_box((top, left, bottom, right))
            elif self._takes_seeds:
                row, col = drawing.points[0]
                self._marks.work_seeds = toggle_seed(
                    self._marks.work_seeds, (row, col), self._display_scale, self._work.shape
                )
        except (ValueError, TypeError) as error:
            self._error.value = readout.error_html("drawing", error)
            return
        self._pacer.event()

    def _on_change(self, change: dict) -> None:
        if self._quiet:
            return
        if change["owner"] is self._view and self._canvas is None:
            self._image.layout.width = self._image_width(change["new"])
        self._keep_in_order(change["owner"])
        self._pacer.event()

    def _keep_in_order(self, moved: widgets.Widget) -> None:
        """A slider dragged past its partner (Canny's low above high) pushes the partner along.

        The method would refuse the pair the other way round; moving the partner keeps the
        explorer answering, as two thumbs of one range slider would.
        """
        for name, control in self._controls.items():
            partner_name = control.range.at_most if control.range is not None else None
            if partner_name is None:
                continue
            lower, upper = self._inputs[name], self._inputs[partner_name]
            if moved in (lower, upper) and lower.value > upper.value:
                pushed = upper if moved is lower else lower
                self._quiet = True  # one update for the pair, not one per slider
                try:
                    pushed.value = moved.value
                finally:
                    self._quiet = False

    def _respond(self) -> None:
        """Answer a moving control: the full result if it is quick or cached, else a preview."""
        start = self._clock()
        expected = self._runner.expected_ms()
        quick = expected is not None and expected <= sizing.PREVIEW_BUDGET_MS
        if quick or self._runner.is_cached(self.params, self._marks) or self._lacks_hints():
            self.update()
        else:
            self.update(preview=True)
            expected = self._runner.expected_ms()  # a first preview has timed the method
            if self.is_preview and expected is not None and expected <= sizing.PREVIEW_BUDGET_MS:
                self.update()  # quick after all: the full result at once
            else:
                self._pacer.settle_later()
        self.latencies_ms.append((self._clock() - start) * 1e3)

    def _lacks_hints(self) -> bool:
        """A drawing method with neither a box nor a stroke yet: nothing to run it on."""
        return self._draws and not self._marks.given

    # ---- computing and drawing ----------------------------------------------------------------

    def update(self, *, preview: bool = False) -> None:
        """Run the method with the current values (or take the cached result) and redraw.

        Parameters
        ----------
        preview : bool, optional
            Run on a smaller copy of the image, sized to answer within the preview budget.
        """
        start = self._clock()
        self._waiting = self._lacks_hints()
        try:
            if self._waiting:
                self._show_hints_only()
            elif preview:
                result, factor = self._runner.preview(self.params, self._marks)
                self._show(result, is_preview=factor < 1.0)
            else:
                result = self._runner.full(self.params, self._marks)
                self._show(result, is_preview=False)
        except Exception as error:  # a student's method may raise anything: show it, keep going
            self._show_error(error)
        elapsed = self._clock() - start
        self._pacer.answered(elapsed)
        self._readout.value = readout.readout_html(
            self._scores, self._summary(), elapsed * 1e3, self._preview_note
        )
        guide = self.guidance
        self._guide.value = f"<i>{guide}</i>" if guide else ""

    def _show(self, result: np.ndarray, *, is_preview: bool) -> None:
        """Score the result, draw it on the display base and send the frame."""
        self._error.value = ""
        self._result = result
        self._preview_note = readout.preview_note(result.shape) if is_preview else ""
        self._scores = self._runner.scores(result)
        self._send_frame(frames.compose(self._base, result, **self._drawing_options()))

    def _show_hints_only(self) -> None:
        """The image with the hints drawn so far, no result: what a drawing method starts from."""
        self._error.value = ""
        self._result = None
        self._preview_note = ""
        self._scores = {}
        empty = np.zeros(self._base.shape[:2], dtype=bool)
        self._send_frame(frames.compose(self._base, empty, **self._drawing_options()))

    def _drawing_options(self) -> dict[str, Any]:
        """The view, the opacity and the hints in display pixels: :func:`.frames.compose`'s."""
        marks = self._marks.for_shape(self._base.shape[:2])
        if marks.get("seeds") is not None:
            marks["seeds"] = self._marks.work_seeds * self._display_scale
        return {"view": self._view.value, "opacity": self._opacity.value, **marks}

    def _send_frame(self, picture: np.ndarray) -> None:
        """Show a composed frame; on the canvas, clear the drawings it now shows."""
        self._picture = picture
        self._frame = encode_jpeg(picture)
        if self._canvas is None:
            self._image.value = self._frame
        else:
            self._canvas.frame = self._frame
            self._canvas.drawn = self._last_drawing

    def _show_error(self, error: Exception) -> None:
        """Say what the method raised; the last frame stays, or, drawn on, the hints alone."""
        if self._draws:
            self._show_hints_only()  # the drawing just made shows, in the frame and the still
        self._result = None
        self._preview_note = ""
        self._error.value = readout.error_html(self.name, error)

    def _summary(self) -> str:
        n_seeds = len(self._marks.work_seeds) if self._takes_seeds else None
        return readout.summary(self._result, n_seeds, waiting=self._waiting)

    # ---- saved notebooks ----------------------------------------------------------------------

    def _describe(self) -> list[str]:
        """Title, parameter values, hints and scores: the still's caption and the text repr."""
        lines = readout.caption(
            self.title, self._original_shape, self.params, self._summary(), self._scores
        )
        if self._draws:
            given = readout.hints_text(self._marks.box, self._marks.labels, None)
            lines.insert(2, given or "no hints yet: " + self.guidance)
        return lines

    def __repr__(self) -> str:
        return "Explorer(" + "; ".join(self._describe()) + ")"

    def _repr_mimebundle_(self, **kwargs: Any) -> dict:
        # The live widget where a widget manager runs; elsewhere (GitHub, nbviewer) a still of
        # the current state with its title, values and scores, and a deterministic text for nbval.
        bundle = super()._repr_mimebundle_(**kwargs) or {}
        picture = self._base if self._picture is None else self._picture
        lines = self._describe()
        still = encode_jpeg(frames.still(picture, [f"Explorer - {lines[0]}", *lines[1:]]))
        bundle["image/jpeg"] = base64.b64encode(still).decode("ascii")
        bundle["text/plain"] = repr(self)
        return bundle
