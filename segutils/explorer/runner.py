"""Running the method for the explorer: cached full results, previews within budget, scores.

No widgets here: the explorer asks for the result of the current values and hints (seeds, a box,
scribbles: :class:`.marks.Marks`), full or as a preview, and draws what it gets. Full results are
cached by values and hints, so returning to a value, or changing only how the result is drawn,
does not run the method again. A preview runs on a smaller copy of the image, with the hints
mapped to its pixels and sizes in pixels scaled to match.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Mapping
from typing import Any

import numpy as np

from .. import params as P
from ..masks import resize_labels
from ..metrics import segmentation_scores
from . import sizing
from .cost import CostModel
from .marks import Marks

__all__ = ["Runner"]

_CACHE_SIZE = 64


class Runner:
    """One segmentation method on one working image, with its cache, previews and scores.

    Parameters
    ----------
    method : callable
        ``method(image, [seeds,] [box=, scribbles=,] **values) -> mask or labels``.
    work : ndarray
        The canonical working image.
    truth : ndarray or None
        Ground truth labels at the working image's size.
    score : callable or None
        ``score(truth, result) -> dict`` replacing the default scores.
    clock : callable
        Returns the time in seconds; times the runs that size the previews.

    Examples
    --------
    >>> import time
    >>> import numpy as np
    >>> from segutils import threshold
    >>> runner = Runner(threshold.manual, np.eye(4, dtype=np.float32), truth=None, score=None,
    ...                 clock=time.perf_counter)
    >>> values, hints = {"level": 0.5, "invert": False}, Marks((), (4, 4), 1.0, (4, 4), "manual")
    >>> int(runner.full(values, hints).sum()), runner.scores(np.eye(4) > 0)
    (4, {})
    """

    def __init__(
        self,
        method: Callable,
        work: np.ndarray,
        *,
        truth: np.ndarray | None,
        score: Callable[[np.ndarray, np.ndarray], Mapping[str, float]] | None,
        clock: Callable[[], float],
    ):
        self._method = method
        self._name = getattr(method, "__name__", type(method).__name__)
        self._controls = P.controls(method)
        self._work = work
        self._truth = truth
        self._truth_mask = None if truth is None else truth > 0
        self._score = score
        self._clock = clock
        self._cache: OrderedDict[tuple, np.ndarray] = OrderedDict()
        self._cost = CostModel()
        self._smallest = sizing.smallest_preview(work.shape[:2])
        # The last preview's key and (scale, ms): the full run of the same key that replaces it
        # measures how the method's time grows with the image's side.
        self._last_preview: tuple[tuple, tuple[float, float]] | None = None

    def is_cached(self, values: Mapping[str, Any], hints: Marks) -> bool:
        """Whether the full result of these values and hints is at hand without a run."""
        return self._key(values, hints) in self._cache

    def expected_ms(self) -> float | None:
        """Milliseconds a full run is expected to take, or ``None`` before any run was timed.

        The slowest of the last few runs, previews brought to full size by the learned way
        run time grows with the image's side (:class:`.cost.CostModel`).
        """
        return self._cost.expected_ms()

    def full(self, values: Mapping[str, Any], hints: Marks) -> np.ndarray:
        """The full-resolution result: from the cache, or run (and timed) and cached."""
        key = self._key(values, hints)
        if key in self._cache:
            self._cache.move_to_end(key)
            return self._cache[key]
        start = self._clock()
        result = self._run(self._work, hints, values)
        milliseconds = (self._clock() - start) * 1e3
        self._cost.observe(1.0, milliseconds)
        if self._last_preview is not None and self._last_preview[0] == key:
            self._cost.learn(preview=self._last_preview[1], full_ms=milliseconds)
        self._cache[key] = result
        if len(self._cache) > _CACHE_SIZE:
            self._cache.popitem(last=False)
        return result

    def preview(self, values: Mapping[str, Any], hints: Marks) -> tuple[np.ndarray, float]:
        """The method on a copy scaled so that its run fits the budget, and that scale.

        Before any run was timed, the copy is the smallest allowed (its time then sizes the
        next one).
        """
        scale = self._cost.scale_for(sizing.PREVIEW_BUDGET_MS, smallest=self._smallest)
        small = sizing.preview_copy(self._work, scale)
        factor = small.shape[0] / self._work.shape[0]
        small_values = sizing.preview_values(self._controls, values, factor)
        start = self._clock()
        result = self._run(small, hints, small_values)
        milliseconds = (self._clock() - start) * 1e3
        self._cost.observe(factor, milliseconds)
        self._last_preview = (self._key(values, hints), (factor, milliseconds))
        return result, factor

    def scores(self, result: np.ndarray) -> dict[str, float]:
        """Scores of a result (full or preview) against the truth; empty without truth."""
        if self._score is not None and self._truth is not None:
            return dict(self._score(resize_labels(self._truth, result.shape), result))
        if self._truth_mask is not None:
            return segmentation_scores(resize_labels(self._truth_mask, result.shape), result > 0)
        return {}

    def _key(self, values: Mapping[str, Any], hints: Marks) -> tuple:
        return tuple(sorted(values.items())), hints.key()

    def _run(self, image: np.ndarray, hints: Marks, values: Mapping[str, Any]) -> np.ndarray:
        given = hints.for_shape(image.shape)
        if "seeds" in given:  # by position, as a seeded method of CONTRIBUTING section 3 takes it
            result = self._method(image, given.pop("seeds"), **given, **values)
        else:
            result = self._method(image, **given, **values)
        result = np.asarray(result)
        if result.shape != image.shape[:2] or result.dtype.kind not in "biu":
            raise TypeError(
                f"{self._name}() must return a bool mask or integer labels of shape "
                f"{image.shape[:2]}, got {result.dtype} of shape {result.shape}."
            )
        return result
