"""How long a run will take: a fixed part and a power of the image's side, learned as it goes.

A preview must fit the budget, so its size is chosen from a prediction of its run time. How the
time falls with the side ``s`` of the copy depends on the method: as the pixel count ``s ** 2``
for a threshold; faster, as ``s ** 3``, when a count of steps that scales as a length is scaled
with the image too (the active contours' ``iterations``: every pixel, for a number of steps
proportional to the side); slower when part of the cost does not shrink at all (a random
forest's trees are built and walked whatever the image's size). :class:`CostModel` writes a run's
time as a share of the full run's, ``fixed + (1 - fixed) * s ** p``, starts from ``fixed = 0,
p = 2``, and learns from the pairs the explorer makes anyway: a preview and the full run of the
same values and hints that replaces it once the controls rest. A pair that shrank faster than
the pixel count measures ``p`` (no fixed part); one that shrank slower measures the fixed share
(with ``p = 2``).

The values change between runs too (a slider that sets ``iterations``), so the prediction is
the slowest of the last few runs, each brought to full size by the learned curve: after a
costly setting the model stays careful for a few runs rather than miss the budget at the next.
"""

from __future__ import annotations

import math

import numpy as np

__all__ = ["PIXEL_EXPONENT", "CostModel", "preview_grid"]

#: The exponent of a cost proportional to the pixel count, assumed until another is measured.
PIXEL_EXPONENT = 2.0
_LARGEST_EXPONENT = 4.0
_LARGEST_FIXED = 0.95  # a share of the full run's time that no preview saves
_RECENT = 4  # runs whose slowest predicts the next
_PAIRS = 5  # pairs measured whose medians are used
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

    Attributes
    ----------
    exponent : float
        ``p``, how the part of the time that shrinks with the copy's side ``s`` goes (``s**p``).
    fixed : float
        The share of a full run's time that does not shrink with the image, in ``[0, 0.95]``.

    Examples
    --------
    >>> model = CostModel()
    >>> model.observe(1.0, 800.0)  # a full run: 800 ms
    >>> model.expected_ms()
    800.0
    >>> model.scale_for(50.0, smallest=0.1)  # a quarter of the side: 1/16 of the pixels
    0.25
    >>> model.learn(preview=(0.25, 12.5), full_ms=800.0)  # 64x faster at 1/4: p = 3
    >>> model.exponent, model.fixed
    (3.0, 0.0)
    >>> round(model.scale_for(50.0, smallest=0.1), 3)  # 50/800 = s**3 at 0.397, on the grid
    0.354
    >>> model = CostModel()
    >>> model.learn(preview=(0.5, 100.0), full_ms=250.0)  # 100 = 250 * (f + (1 - f) / 4)
    >>> model.exponent, round(model.fixed, 3)
    (2.0, 0.2)

    References
    ----------
    Amdahl, G. M., "Validity of the single processor approach to achieving large scale
    computing capabilities", AFIPS 1967 (a part of the work that does not shrink bounds what
    shrinking the rest gains); Nielsen, J., "Usability Engineering", Morgan Kaufmann, 1993,
    ch. 5 (0.1 s feels instantaneous).
    """

    def __init__(self) -> None:
        self._recent: list[tuple[float, float]] = []  # (scale, ms) of the last runs
        self._pairs: list[tuple[float, float]] = []  # (fixed, exponent) measured

    @property
    def exponent(self) -> float:
        """The median exponent of the pairs measured, else :data:`PIXEL_EXPONENT`."""
        return float(np.median([p for _, p in self._pairs])) if self._pairs else PIXEL_EXPONENT

    @property
    def fixed(self) -> float:
        """The median fixed share of the pairs measured, else 0."""
        return float(np.median([f for f, _ in self._pairs])) if self._pairs else 0.0

    def share(self, scale: float) -> float:
        """A run's time at ``scale`` as a share of the full run's: ``fixed + (1 - fixed) s**p``."""
        fixed = self.fixed
        return fixed + (1.0 - fixed) * scale**self.exponent

    def observe(self, scale: float, milliseconds: float) -> None:
        """Record a run of ``milliseconds`` on a copy ``scale`` times the working image's side."""
        self._recent = [*self._recent[1 - _RECENT :], (scale, milliseconds)]

    def learn(self, *, preview: tuple[float, float], full_ms: float) -> None:
        """Measure the curve from a preview ``(scale, ms)`` and the full run of its values.

        Pairs whose scales are too close, or whose times are too short to trust, teach nothing.
        """
        scale, preview_ms = preview
        if scale > 0.8 or min(preview_ms, full_ms) < _SHORTEST_MS:
            return
        ratio = min(preview_ms / full_ms, 1.0)
        pixels = scale**PIXEL_EXPONENT
        if ratio >= pixels:  # shrank slower than the pixel count: a part did not shrink
            pair = (min((ratio - pixels) / (1.0 - pixels), _LARGEST_FIXED), PIXEL_EXPONENT)
        else:  # faster: a power of the side above 2
            pair = (0.0, min(math.log(ratio) / math.log(scale), _LARGEST_EXPONENT))
        self._pairs = [*self._pairs[1 - _PAIRS :], pair]

    def expected_ms(self) -> float | None:
        """Milliseconds a full run is expected to take, or ``None`` before any run was seen.

        The slowest of the last few runs, previews brought to full size by the learned curve:
        a control that sets the cost (iterations) can make the next run far slower than the last.
        """
        if not self._recent:
            return None
        return max(ms / self.share(scale) for scale, ms in self._recent)

    def scale_for(self, budget_ms: float, *, smallest: float) -> float:
        """The preview scale expected to run within ``budget_ms``, on the grid, ``smallest`` or up.

        Before any run was seen, ``smallest`` (that run then times the method). When the part
        that does not shrink takes nearly all the budget, or more, the part that does gets a
        quarter of it: a smaller copy would cost nearly as much and show far less.
        """
        expected = self.expected_ms()
        if expected is None:
            return smallest
        fixed, budget = self.fixed, budget_ms / max(expected, 1e-3)
        room = max(budget - fixed, budget / 4)
        wanted = (room / (1.0 - fixed)) ** (1.0 / self.exponent)
        return max(preview_grid(min(wanted, 1.0)), smallest)
