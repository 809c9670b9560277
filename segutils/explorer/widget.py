"""The explorer widget: sliders, clicks and a live read-out around one method and one image.

Why it answers in milliseconds:

- no figure is rebuilt per tick: frames are composed on 8-bit arrays and sent as JPEG bytes to
  an ``ipywidgets.Image`` (:mod:`.frames`);
- results are cached by parameter values, so returning to a value, or changing only the view or
  the opacity, does not run the method again;
- a slow method answers a moving control with a marked preview on a smaller copy of the image
  (:mod:`.sizing`); the full result follows once the control has rested;
- rapid events are coalesced: while a method is still within its last run time, new events
  only mark the explorer dirty and one trailing update uses the latest values.
"""

from __future__ import annotations

import asyncio
import base64
import html
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

import ipywidgets as widgets
import numpy as np

from .. import params as P
from ..images import as_image, encode_jpeg
from ..masks import check_labels, resize_labels
from ..metrics import segmentation_scores
from . import frames, sizing
from .inputs import make_panel, toggle_seed

__all__ = ["Explorer"]

_CACHE_SIZE = 64


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
        Milliseconds from each value change to the frame shown in answer (a preview or the full
        result).
    settle_ms : list of float
        Milliseconds of each full-resolution update that replaced a preview.
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
        max_side: int = sizing.MAX_INTERACTIVE_SIDE,
        title: str | None = None,
        **initial: Any,
    ):
        self.method = method
        self.name = getattr(method, "__name__", type(method).__name__)
        self._controls = P.controls(method)  # raises TypeError for a non-callable
        P.check_params(method, initial)
        if view not in frames.VIEWS:
            raise ValueError(f"view must be one of {frames.VIEWS}, got {view!r}.")
        if not 0.0 <= opacity <= 1.0:
            raise ValueError(f"opacity must be in [0, 1], got {opacity}.")
        if score is not None and truth is None:
            raise ValueError("A score function needs truth= to compare against.")
        self._takes_seeds = P.takes_seeds(method)
        if seeds is not None and not self._takes_seeds:
            raise ValueError(f"{self.name}() takes no seeds; drop seeds= or use a seeded method.")

        original = as_image(image)  # clear errors for wrong dtype, range or shape
        self._original_shape = original.shape[:2]
        self._work, self._scale = sizing.fit_for_interactive(original, max_side=max_side)
        if truth is not None:
            truth = check_labels(truth, name="truth", shape=self._original_shape)
            truth = resize_labels(truth, self._work.shape[:2])
        self._truth_mask = None if truth is None else truth > 0
        self._truth = truth
        self._score = score
        self._seeds = self._to_work(P.check_seeds(seeds, self._original_shape))

        self._display_scale = min(1.0, frames.DISPLAY_SIDE / max(self._work.shape[:2]))
        self._base = frames.display_base(self._work, self._display_scale)
        self._cache: OrderedDict[tuple, np.ndarray] = OrderedDict()
        self.latencies_ms: list[float] = []
        self.settle_ms: list[float] = []
        self._frame = b""
        self._picture: np.ndarray | None = None
        self._result: np.ndarray | None = None
        self._scores: dict[str, float] = {}
        self._preview_note = ""
        self._full_ms = 0.0  # duration of the last full-resolution run of the method
        self._last: tuple[float, float] | None = None  # (scale, ms) of the last preview
        self._next_allowed = 0.0
        self._scheduled = False
        self._settle_handle: asyncio.TimerHandle | None = None
        self._quiet = False

        self._inputs, self._view, self._opacity = make_panel(self._controls, initial, view, opacity)
        for control in (*self._inputs.values(), self._view, self._opacity):
            control.observe(self._on_change, names="value")
        wide = self._base.shape[1] * (2 if view == "side by side" else 1)
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
            self._clicks.on_dom_event(lambda event: self.click(event["dataY"], event["dataX"]))
            clear = widgets.Button(description="clear seeds", icon="eraser")
            clear.on_click(lambda _: self.set_seeds(None))
            panel.append(clear)
        controls = widgets.VBox(panel, layout=widgets.Layout(min_width="320px"))
        self.title = title or f"{self.name}" + (" vs ground truth" if truth is not None else "")
        heading = widgets.HTML(f"<b>Explorer · {html.escape(self.title)}</b>")
        super().__init__(
            [heading, widgets.HBox([controls, self._image]), self._readout, self._error]
        )
        self.add_class("segutils-explorer")
        self.update()
        self._next_allowed = 0.0  # the first frame's run time says nothing about a preview's

    def _to_work(self, points: np.ndarray) -> np.ndarray:
        # Rounding can land one past the last row or column of a downscaled image: clip.
        work = np.round(points * self._scale).astype(np.int64)
        return np.minimum(work, np.array(self._work.shape[:2]) - 1)

    # ---- public API ---------------------------------------------------------------------------

    @property
    def params(self) -> dict[str, Any]:
        """Current parameter values."""
        return {name: widget.value for name, widget in self._inputs.items()}

    @property
    def seeds(self) -> np.ndarray:
        """Current seed points, ``(N, 2)`` ``(row, col)`` in the original image's pixels."""
        original = np.round(self._seeds / self._scale).astype(np.int64)
        return np.minimum(original, np.array(self._original_shape) - 1)

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
        self._seeds = toggle_seed(self._seeds, (row, col), self._display_scale, self._work.shape)
        self.update()

    def settle(self) -> None:
        """Replace a preview by the full-resolution result now (what resting a control does)."""
        if self._settle_handle is not None:
            self._settle_handle.cancel()
            self._settle_handle = None
        if self.is_preview:
            start = time.perf_counter()
            self.update()
            self.settle_ms.append((time.perf_counter() - start) * 1e3)
            # Events that arrived meanwhile waited already; answer the next one at once.
            self._next_allowed = 0.0

    # ---- events -------------------------------------------------------------------------------

    def _on_change(self, change: dict) -> None:
        if self._quiet:
            return
        if change["owner"] is self._view:
            wide = self._base.shape[1] * (2 if change["new"] == "side by side" else 1)
            self._image.layout.width = f"{wide}px"
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:  # no event loop (a script, a test): answer at once
            loop = None
        if loop is None or time.perf_counter() >= self._next_allowed:
            if not self._scheduled:
                self._respond(loop)
            return
        if not self._scheduled:
            # The method is still within its last run time: coalesce into one trailing update.
            self._scheduled = True
            loop.call_later(self._next_allowed - time.perf_counter(), self._flush, loop)

    def _flush(self, loop: asyncio.AbstractEventLoop) -> None:
        self._scheduled = False
        self._respond(loop)

    def _respond(self, loop: asyncio.AbstractEventLoop | None) -> None:
        """Answer a moving control: the full result if it is quick or cached, else a preview."""
        start = time.perf_counter()
        if self._full_ms <= sizing.PREVIEW_BUDGET_MS or self._key(self.params) in self._cache:
            self.update()
        else:
            self.update(preview=True)
            if loop is not None:
                if self._settle_handle is not None:
                    self._settle_handle.cancel()
                self._settle_handle = loop.call_later(sizing.SETTLE_S, self.settle)
        self.latencies_ms.append((time.perf_counter() - start) * 1e3)

    # ---- computing and drawing ----------------------------------------------------------------

    def update(self, *, preview: bool = False) -> None:
        """Run the method with the current values (or take the cached result) and redraw.

        Parameters
        ----------
        preview : bool, optional
            Run on a smaller copy of the image, sized to answer within the preview budget.
        """
        start = time.perf_counter()
        try:
            result, scale = self._preview() if preview else (self._compute(), 1.0)
        except Exception as error:  # a student's method may raise anything: show it, keep going
            self._result, self._preview_note = None, ""
            self._error.value = frames.error_html(self.name, error)
        else:
            self._error.value, self._result = "", result
            self._preview_note = frames.preview_note(result.shape) if scale < 1.0 else ""
            self._scores = self._score_result(result)
            seeds = self._seeds * self._display_scale
            frame = frames.compose(
                self._base, result, view=self._view.value, opacity=self._opacity.value,
                seeds=seeds if self._takes_seeds else None,
            )  # fmt: skip
            self._picture = frame
            self._frame = encode_jpeg(frame)
            self._image.value = self._frame
        elapsed = time.perf_counter() - start
        self._next_allowed = time.perf_counter() + elapsed
        n_seeds = len(self._seeds) if self._takes_seeds else None
        self._readout.value = frames.readout_html(
            self._scores, frames.summary(self._result, n_seeds), elapsed * 1e3, self._preview_note
        )

    def _key(self, values: dict[str, Any]) -> tuple:
        return tuple(sorted(values.items())), self._seeds.tobytes()

    def _run(self, image: np.ndarray, seeds: np.ndarray, values: dict[str, Any]) -> np.ndarray:
        if self._takes_seeds:
            result = self.method(image, seeds, **values)
        else:
            result = self.method(image, **values)
        result = np.asarray(result)
        if result.shape != image.shape[:2] or result.dtype.kind not in "biu":
            raise TypeError(
                f"{self.name}() must return a bool mask or integer labels of shape "
                f"{image.shape[:2]}, got {result.dtype} of shape {result.shape}."
            )
        return result

    def _compute(self) -> np.ndarray:
        values = self.params
        key = self._key(values)
        if key in self._cache:
            self._cache.move_to_end(key)
            return self._cache[key]
        start = time.perf_counter()
        result = self._run(self._work, self._seeds, values)
        self._full_ms = (time.perf_counter() - start) * 1e3
        self._cache[key] = result
        if len(self._cache) > _CACHE_SIZE:
            self._cache.popitem(last=False)
        return result

    def _preview(self) -> tuple[np.ndarray, float]:
        """The method on a copy scaled so that its run fits the budget."""
        small = sizing.preview_copy(self._work, sizing.preview_scale(self._full_ms, self._last))
        factor = small.shape[0] / self._work.shape[0]
        values = sizing.preview_values(self._controls, self.params, factor)
        seeds = np.round(self._seeds * factor).astype(np.int64)
        seeds = np.minimum(seeds, np.array(small.shape[:2]) - 1)
        start = time.perf_counter()
        result = self._run(small, seeds, values)
        self._last = (factor, (time.perf_counter() - start) * 1e3)  # sizes the next preview
        return result, factor

    def _score_result(self, result: np.ndarray) -> dict[str, float]:
        if self._truth is None:
            return {}
        truth = self._truth if self._score is not None else self._truth_mask
        truth = resize_labels(truth, result.shape)
        if self._score is not None:
            return dict(self._score(truth, result))
        return segmentation_scores(truth, result > 0)

    # ---- saved notebooks ----------------------------------------------------------------------

    def _describe(self) -> list[str]:
        """Title, parameter values and scores: the still's caption and the text repr."""
        n_seeds = len(self._seeds) if self._takes_seeds else None
        summary = frames.summary(self._result, n_seeds)
        return frames.caption(self.title, self._original_shape, self.params, summary, self._scores)

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
