"""How long a run will take: a power law in the image's side, its exponent learned as it goes.

A preview must fit the budget, so its size is chosen from a prediction of its run time. Run time
grows with the side ``s`` of the image as ``s ** p``, and ``p`` depends on the method: 2 when the
cost is proportional to the pixels (a threshold), 3 when a count of steps that scales as a length
is scaled with the image too (the active contours' ``iterations``: every pixel, for a number of
steps proportional to the side), below 2 when part of the cost does not shrink with the image (a
random forest's trees are built whatever the image's size). :class:`CostModel` starts from 2 and
learns ``p`` from the pairs the explorer makes anyway: a preview and the full run of the same
values and hints that replaces it once the controls rest.

The values change between runs too (a slider that sets ``iterations``), so the prediction is
the slowest of the last few runs, each brought to full size by the exponent: after a costly
setting the model stays careful for a few runs rather than miss the budget at the next one.
"""

from __future__ import annotations

import math

import numpy as np

__all__ = ["DEFAULT_EXPONENT", "CostModel", "preview_grid"]

#: The exponent before any has been learned: a cost proportional to the pixel count.
DEFAULT_EXPONENT = 2.0
_EXPONENT_RANGE = (0.5, 4.0)
_RECENT = 4  # runs whose slowest predicts the next
_PAIRS = 5  # exponents measured whose median is used
_STEPS_PER_OCTAVE = 4  # preview sides on a grid of quarter octaves (see preview_grid)
_SHORTEST_MS = 1.0  # runs quicker than this time mostly the clock's noise


def preview_grid(scale: float) -> float:
    """The largest scale on a grid of quarter octaves (``2 ** (-k / 4)``) not above ``scale``.

    Snapping previews to a few sizes means that a method that keeps work per image size (the
    pixel classifier's feature stack) finds it again at the next preview, and that the runs
    the cost model learns from repeat the same sizes. A side is at most 16 % smaller than asked.

    Parameters
    ----------
    scale : float
        Preview side / working side, in ``(0, 1]``.

    Returns
    -------
    float
        ``2 ** (-k / 4)`` for the smallest whole ``k >= 0`` that is at most ``scale``.

    Examples
    --------
    >>> preview_grid(1.0), preview_grid(0.5), round(preview_grid(0.45), 3)
    (1.0, 0.5, 0.42)

    References
    ----------
    Burt, P. J. and Adelson, E. H., "The Laplacian pyramid as a compact image code", IEEE
    Transactions on Communications 31(4), 1983 (images at fixed steps of scale, so that work at
    one scale is reused).
    """
    if not 0 < scale <= 1:
        raise ValueError(f"scale must be in (0, 1], got {scale}.")
    # The small tolerance keeps a scale that is on the grid, up to rounding, on it.
    steps = math.ceil(-math.log2(scale) * _STEPS_PER_OCTAVE - 1e-9)
    return 2.0 ** (-steps / _STEPS_PER_OCTAVE)


class CostModel:
    """Predicts a method's run time on one image at any scale, from the runs it has seen.

    Examples
    --------
    >>> model = CostModel()
    >>> model.observe(1.0, 800.0)  # a full run: 800 ms
    >>> model.expected_ms()
    800.0
    >>> model.scale_for(50.0, smallest=0.1)  # a quarter of the side: 1/16 of the pixels
    0.25
    >>> model.learn(preview=(0.25, 12.5), full_ms=800.0)  # 64x faster at 1/4: p = 3
    >>> model.exponent
    3.0
    >>> round(model.scale_for(50.0, smallest=0.1), 3)  # 50/800 = s**3 at 0.397, on the grid
    0.354

    References
    ----------
    Knuth, D. E., "The Art of Computer Programming", vol. 1, section 1.2.11 (running time as
    a power of the problem's size); Nielsen, J., "Usability Engineering", Morgan Kaufmann,
    1993, ch. 5 (0.1 s feels instantaneous).
    """

    def __init__(self) -> None:
        self._recent: list[tuple[float, float]] = []  # (scale, ms) of the last runs
        self._exponents: list[float] = []

    @property
    def exponent(self) -> float:
        """The exponent ``p`` of run time ~ side ** p: the median of those measured, else 2."""
        return float(np.median(self._exponents)) if self._exponents else DEFAULT_EXPONENT

    def observe(self, scale: float, milliseconds: float) -> None:
        """Record a run of ``milliseconds`` on a copy ``scale`` times the working image's side."""
        self._recent = [*self._recent[1 - _RECENT :], (scale, milliseconds)]

    def learn(self, *, preview: tuple[float, float], full_ms: float) -> None:
        """Measure the exponent from a preview ``(scale, ms)`` and the full run of its values.

        Pairs whose scales are too close, or whose times are too short to trust, teach nothing.
        """
        scale, preview_ms = preview
        if scale > 0.8 or min(preview_ms, full_ms) < _SHORTEST_MS:
            return
        measured = math.log(full_ms / preview_ms) / math.log(1.0 / scale)
        self._exponents = [
            *self._exponents[1 - _PAIRS :],
            float(np.clip(measured, *_EXPONENT_RANGE)),
        ]

    def expected_ms(self) -> float | None:
        """Milliseconds a full run is expected to take, or ``None`` before any run was seen.

        The slowest of the last few runs, previews brought to full size by the exponent: a
        control that sets the cost (iterations) can make the next run far slower than the last.
        """
        if not self._recent:
            return None
        exponent = self.exponent
        return max(ms / scale**exponent for scale, ms in self._recent)

    def scale_for(self, budget_ms: float, *, smallest: float) -> float:
        """The preview scale expected to run within ``budget_ms``, on the grid, ``smallest`` or up.

        Before any run was seen, ``smallest`` (that run then times the method).
        """
        expected = self.expected_ms()
        if expected is None:
            return smallest
        wanted = (budget_ms / max(expected, 1e-3)) ** (1.0 / self.exponent)
        return max(preview_grid(min(wanted, 1.0)), smallest)
