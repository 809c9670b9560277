"""The interactive explorer: one call gives any segmentation method sliders, clicks and live scores.

In a notebook::

    from segutils import explore, load_image, threshold
    explore(threshold.manual, load_image("coins"))

The controls are built from the method's signature (see :mod:`segutils.params`): a slider for each
``Annotated[..., Range(...)]`` number, a dropdown for each ``Literal`` and a checkbox for each
``bool``. Methods with a ``seeds`` parameter get click-to-seed on the image: a click adds a seed,
a click on a seed removes it, and :attr:`Explorer.seeds` reads them back.

Why it answers in milliseconds:

- no figure is rebuilt per tick: the result is composed with NumPy on an 8-bit display copy and
  sent as JPEG bytes (OpenCV's encoder, about 1 ms for 512x512) to an ``ipywidgets.Image``;
- large images are downsampled once for display (the method still runs on the working image);
- results are cached by parameter values, so returning to a value, or changing only the view or
  the opacity, does not run the method again;
- rapid slider events are coalesced: while a slow method is still within its last run time, new
  events only mark the explorer dirty and one trailing update uses the latest values.
"""

from __future__ import annotations

import asyncio
import base64
import html
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

import cv2
import ipywidgets as widgets
import numpy as np

from . import params as P
from .images import MAX_INTERACTIVE_SIDE, as_image, fit_for_interactive
from .metrics import segmentation_scores
from .viz import LABEL_COLORS

__all__ = ["Explorer", "explore"]

#: Longest side of the displayed frame, in pixels.
DISPLAY_SIDE = 512
VIEWS = ("overlay", "contours", "side by side")
_PALETTE = np.vstack([[0, 0, 0], np.round(LABEL_COLORS * 255)]).astype(np.uint8)
# The palette as an OpenCV lookup table: index 0..20 -> RGB, the rest unused.
_PALETTE_LUT = np.zeros((256, 1, 3), dtype=np.uint8)
_PALETTE_LUT[: len(_PALETTE), 0] = _PALETTE
_SEED_COLOUR = (255, 40, 40)
_CONTOUR_COLOUR = (255, 217, 0)
_CACHE_SIZE = 64
_CLICK_RADIUS = 8  # display pixels: a click this close to a seed removes it
_STYLE = {"description_width": "90px"}  # one label column for every control
_SCORE_NAMES = {"iou": "IoU", "dice": "Dice", "pixel_accuracy": "pixel accuracy"}


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def explore(method: Callable, image: np.ndarray, **kwargs: Any) -> Explorer:
    """Explore ``method`` on ``image`` with widgets; see :class:`Explorer` for the options.

    Parameters
    ----------
    method : callable
        A segmentation method ``method(image, [seeds,] **params) -> mask or labels``.
    image : ndarray
        The image (any form :func:`segutils.as_image` accepts).
    **kwargs
        Passed to :class:`Explorer`: ``truth``, ``seeds``, ``view``, ``opacity``, ``score``,
        ``max_side``, ``title`` and initial parameter values.

    Returns
    -------
    Explorer
        The widget; display it by making it the cell's last value.
    """
    return Explorer(method, image, **kwargs)


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
        Milliseconds from each value change to the new frame being set.
    """

    def __init__(
        self,
        method: Callable,
        image: np.ndarray,
        *,
        truth: np.ndarray | None = None,
        seeds: np.ndarray | None = None,
        view: str = "overlay",
        opacity: float = 0.45,
        score: Callable[[np.ndarray, np.ndarray], dict[str, float]] | None = None,
        max_side: int = MAX_INTERACTIVE_SIDE,
        title: str | None = None,
        **initial: Any,
    ):
        self.method = method
        self.name = getattr(method, "__name__", type(method).__name__)
        self._controls = P.controls(method)  # raises TypeError for a non-callable
        P.check_params(method, initial)
        if view not in VIEWS:
            raise ValueError(f"view must be one of {VIEWS}, got {view!r}.")
        if not 0.0 <= opacity <= 1.0:
            raise ValueError(f"opacity must be in [0, 1], got {opacity}.")
        if score is not None and truth is None:
            raise ValueError("A score function needs truth= to compare against.")
        self._takes_seeds = P.takes_seeds(method)
        if seeds is not None and not self._takes_seeds:
            raise ValueError(f"{self.name}() takes no seeds; drop seeds= or use a seeded method.")

        original = as_image(image)  # clear errors for wrong dtype, range or shape
        self._original_shape = original.shape[:2]
        self._work, self._scale = fit_for_interactive(original, max_side=max_side)
        self._truth = self._prepare_truth(truth)
        self._truth_mask = None if self._truth is None else self._truth > 0
        self._score = score
        self._seeds = self._to_work(P.check_seeds(seeds, self._original_shape))

        self._display_scale = min(1.0, DISPLAY_SIDE / max(self._work.shape[:2]))
        self._base = self._display_base()
        self._cache: OrderedDict[tuple, np.ndarray] = OrderedDict()
        self.latencies_ms: list[float] = []
        self._frame = b""
        self._result: np.ndarray | None = None
        self._scores: dict[str, float] = {}
        self._next_allowed = 0.0
        self._scheduled = False
        self._quiet = False

        self._inputs = {
            name: self._make_input(control, initial.get(name, control.default))
            for name, control in self._controls.items()
        }
        self._view = widgets.Dropdown(options=VIEWS, value=view, description="view", style=_STYLE)
        self._opacity = widgets.FloatSlider(
            value=opacity, min=0.0, max=1.0, step=0.05, description="opacity", style=_STYLE
        )
        for control in (*self._inputs.values(), self._view, self._opacity):
            control.observe(self._on_change, names="value")
        height, width = self._base.shape[:2]
        wide = width * (2 if view == "side by side" else 1)
        self._image = widgets.Image(format="jpeg", layout=widgets.Layout(width=f"{wide}px"))
        self._image.add_class("segutils-explorer-image")
        self._readout = widgets.HTML()
        self._readout.add_class("segutils-explorer-readout")
        self._error = widgets.HTML()
        self._error.add_class("segutils-explorer-error")
        panel = [*self._inputs.values(), self._view, self._opacity]
        if self._takes_seeds:
            from ipyevents import Event  # only seeded methods need mouse events

            self._clicks = Event(source=self._image, watched_events=["click"])
            self._clicks.on_dom_event(self._on_click)
            clear = widgets.Button(description="clear seeds", icon="eraser")
            clear.on_click(lambda _: self.set_seeds(None))
            panel.append(clear)
        controls = widgets.VBox(panel, layout=widgets.Layout(min_width="320px"))
        heading = title or f"{self.name}" + (" vs ground truth" if truth is not None else "")
        self._title = widgets.HTML(f"<b>Explorer · {html.escape(heading)}</b>")
        super().__init__(
            [self._title, widgets.HBox([controls, self._image]), self._readout, self._error]
        )
        self.add_class("segutils-explorer")
        self.update()

    # ---- set-up helpers ---------------------------------------------------------------------

    def _prepare_truth(self, truth: np.ndarray | None) -> np.ndarray | None:
        if truth is None:
            return None
        truth = np.asarray(truth)
        if truth.shape != self._original_shape:
            raise ValueError(
                f"truth has shape {truth.shape} but the image is {self._original_shape}; "
                "pass the ground truth of this very image."
            )
        if truth.dtype.kind not in "biu":
            raise TypeError(f"truth must be a bool mask or integer labels, not {truth.dtype}.")
        if self._scale != 1.0:
            truth = cv2.resize(
                truth.astype(np.int32).astype(np.float32),
                self._work.shape[1::-1],
                interpolation=cv2.INTER_NEAREST,
            ).astype(truth.dtype)
        return truth

    def _display_base(self) -> np.ndarray:
        picture = np.round(self._work * 255).astype(np.uint8)
        if picture.ndim == 2:
            picture = np.dstack([picture] * 3)
        if self._display_scale < 1.0:
            size = (
                round(picture.shape[1] * self._display_scale),
                round(picture.shape[0] * self._display_scale),
            )
            picture = cv2.resize(picture, size, interpolation=cv2.INTER_AREA)
        return picture

    def _make_input(self, control: P.Control, value: Any) -> widgets.ValueWidget:
        style = _STYLE
        if control.kind == "choice":
            return widgets.Dropdown(
                options=list(control.choices), value=value, description=control.name, style=style
            )
        if control.kind == "bool":
            return widgets.Checkbox(value=bool(value), description=control.name, indent=False)
        low, high, step = control.range.low, control.range.high, control.range.step
        if control.kind == "int":
            return widgets.IntSlider(
                value=int(value),
                min=int(low),
                max=int(high),
                step=int(step or 1),
                description=control.name,
                style=style,
                continuous_update=True,
            )
        return widgets.FloatSlider(
            value=float(value),
            min=low,
            max=high,
            step=step or (high - low) / 100,
            description=control.name,
            style=style,
            continuous_update=True,
            readout_format=".3f",
        )

    def _to_work(self, points: np.ndarray) -> np.ndarray:
        return np.round(points * self._scale).astype(np.int64)

    # ---- public API ---------------------------------------------------------------------------

    @property
    def params(self) -> dict[str, Any]:
        """Current parameter values."""
        return {name: widget.value for name, widget in self._inputs.items()}

    @property
    def seeds(self) -> np.ndarray:
        """Current seed points, ``(N, 2)`` ``(row, col)`` in the original image's pixels."""
        return np.round(self._seeds / self._scale).astype(np.int64)

    @property
    def result(self) -> np.ndarray | None:
        """The method's latest result (on the working image), or ``None`` after an error."""
        return self._result

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
        P.check_params(self.method, values)
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
        self._seeds = self._to_work(P.check_seeds(seeds, self._original_shape))
        self.update()

    def click(self, row: float, col: float) -> None:
        """Act as a click at display pixel ``(row, col)``: add a seed, or remove the one there.

        This is what a click on the image does; call it to script or test the explorer.
        """
        if not self._takes_seeds:
            return
        work_row = int(np.clip(row / self._display_scale, 0, self._work.shape[0] - 1))
        work_col = int(np.clip(col / self._display_scale, 0, self._work.shape[1] - 1))
        if len(self._seeds):
            distance = np.hypot(*(self._seeds - (work_row, work_col)).T) * self._display_scale
            nearest = int(np.argmin(distance))
            if distance[nearest] <= _CLICK_RADIUS:
                self._seeds = np.delete(self._seeds, nearest, axis=0)
                self.update()
                return
        self._seeds = np.vstack([self._seeds, [[work_row, work_col]]]).astype(np.int64)
        self.update()

    # ---- events -------------------------------------------------------------------------------

    def _on_click(self, event: dict) -> None:
        self.click(event["dataY"], event["dataX"])

    def _on_change(self, change: dict) -> None:
        if self._quiet:
            return
        if change["owner"] is self._view:
            wide = self._base.shape[1] * (2 if change["new"] == "side by side" else 1)
            self._image.layout.width = f"{wide}px"
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:  # no event loop (a script, a test): answer at once
            self.update()
            return
        now = time.perf_counter()
        if now >= self._next_allowed and not self._scheduled:
            self.update()
        elif not self._scheduled:
            # A slow method is still within its last run time: coalesce into one trailing update.
            self._scheduled = True
            loop.call_later(self._next_allowed - now, self._flush)

    def _flush(self) -> None:
        self._scheduled = False
        self.update()

    def update(self) -> None:
        """Run the method with the current values (or take the cached result) and redraw."""
        start = time.perf_counter()
        try:
            result = self._compute()
        except Exception as error:  # a student's method may raise anything: show it, keep going
            self._result = None
            self._error.value = (
                f"<pre style='color:#b00020;white-space:pre-wrap'>{html.escape(self.name)} "
                f"raised {type(error).__name__}: {html.escape(str(error))}</pre>"
            )
        else:
            self._error.value = ""
            self._result = result
            self._scores = self._score_result(result)
            self._frame = self._encode(self._compose(result))
            self._image.value = self._frame
        elapsed = time.perf_counter() - start
        self.latencies_ms.append(elapsed * 1e3)
        self._next_allowed = time.perf_counter() + elapsed
        self._readout.value = self._readout_html(elapsed * 1e3)

    # ---- computing and drawing ----------------------------------------------------------------

    def _compute(self) -> np.ndarray:
        values = self.params
        key = (tuple(sorted(values.items())), self._seeds.tobytes())
        if key in self._cache:
            self._cache.move_to_end(key)
            return self._cache[key]
        if self._takes_seeds:
            result = self.method(self._work, self._seeds, **values)
        else:
            result = self.method(self._work, **values)
        result = np.asarray(result)
        if result.shape != self._work.shape[:2] or result.dtype.kind not in "biu":
            raise TypeError(
                f"{self.name}() must return a bool mask or integer labels of shape "
                f"{self._work.shape[:2]}, got {result.dtype} of shape {result.shape}."
            )
        self._cache[key] = result
        if len(self._cache) > _CACHE_SIZE:
            self._cache.popitem(last=False)
        return result

    def _score_result(self, result: np.ndarray) -> dict[str, float]:
        if self._truth is None:
            return {}
        if self._score is not None:
            return dict(self._score(self._truth, result))
        return segmentation_scores(self._truth_mask, result > 0)

    def _compose(self, result: np.ndarray) -> np.ndarray:
        # OpenCV on 8-bit arrays throughout: a 512x512 frame costs about a millisecond.
        if result.dtype == bool:
            index = result.view(np.uint8)  # colour 1 of the palette
        else:
            labels = result.astype(np.int32, copy=False)
            index = np.where(labels > 0, (labels - 1) % (len(_PALETTE) - 1) + 1, 0)
            index = index.astype(np.uint8)
        if self._display_scale < 1.0:
            size = self._base.shape[1::-1]
            index = cv2.resize(index, size, interpolation=cv2.INTER_NEAREST)
        colours = cv2.LUT(cv2.merge([index, index, index]), _PALETTE_LUT)
        inside = index > 0
        view = self._view.value
        if view == "overlay":
            alpha = self._opacity.value
            blended = cv2.addWeighted(self._base, 1 - alpha, colours, alpha, 0.0)
            frame = self._base.copy()
            cv2.copyTo(blended, inside.view(np.uint8), frame)
        elif view == "contours":
            # Boundaries of every region: where the colour index changes between neighbours.
            edge = np.zeros(index.shape, dtype=bool)
            edge[1:, :] = index[1:, :] != index[:-1, :]
            edge[:, 1:] |= index[:, 1:] != index[:, :-1]
            frame = self._base.copy()
            frame[edge & inside] = _CONTOUR_COLOUR
        else:
            frame = np.hstack([self._base, colours])
        for row, col in self._seeds * self._display_scale:
            cv2.drawMarker(frame, (int(col), int(row)), _SEED_COLOUR, cv2.MARKER_CROSS, 12, 2)
        return frame

    @staticmethod
    def _encode(frame: np.ndarray) -> bytes:
        ok, encoded = cv2.imencode(".jpg", frame[..., ::-1], [cv2.IMWRITE_JPEG_QUALITY, 90])
        if not ok:  # pragma: no cover - OpenCV fails only on invalid arrays
            raise RuntimeError("JPEG encoding of the explorer frame failed.")
        return encoded.tobytes()

    def _summary(self) -> str:
        result = self._result
        if result is None:
            return "no result (see the error below)"
        if result.dtype == bool:
            text = f"foreground {np.count_nonzero(result) / result.size:.1%}"
        else:
            present = np.bincount(result.ravel().astype(np.int64, copy=False))[1:] > 0
            text = _count(int(np.count_nonzero(present)), "region")
        if self._takes_seeds:
            text += f" · {_count(len(self._seeds), 'seed')}"
        return text

    def _readout_html(self, milliseconds: float) -> str:
        # IoU and Dice first: pixel accuracy flatters small objects (see 00_intro).
        ordered = sorted(self._scores.items(), key=lambda item: item[0] == "pixel_accuracy")
        parts = [f"<b>{_SCORE_NAMES.get(name, name)}</b> {value:.3f}" for name, value in ordered]
        parts.append(self._summary())
        parts.append(f"<span style='color:#777'>{milliseconds:.1f} ms</span>")
        return " · ".join(parts)

    # ---- saved notebooks ----------------------------------------------------------------------

    def __repr__(self) -> str:
        height, width = self._original_shape
        scores = ", ".join(f"{k} {v:.3f}" for k, v in self._scores.items())
        return (
            f"Explorer({self.name} on a {height}x{width} image; {self._summary()}"
            + (f"; {scores}" if scores else "")
            + ")"
        )

    def _repr_mimebundle_(self, **kwargs: Any) -> dict:
        # The live widget where a widget manager runs; a still of the first state elsewhere
        # (GitHub, nbviewer), and a short, deterministic text for nbval to compare.
        bundle = super()._repr_mimebundle_(**kwargs) or {}
        bundle["image/jpeg"] = base64.b64encode(self._frame).decode("ascii")
        bundle["text/plain"] = repr(self)
        return bundle
