"""Fair tuning: a seeded random search over the ranges a method's sliders use, on tuning images.

The search space is what the registry annotates on each parameter
(:func:`segutils.params.controls`): the same ranges, grids and choices the explorer's sliders
offer. Every method gets the same budget of candidate settings, the first of which is its
defaults, drawn with a seed that depends only on the method's name, so a method's candidates do
not change with the others in the run.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from .. import params
from .scoring import score
from .tasks import Sample

__all__ = ["Contender", "Tuned", "candidates", "run_method", "tune"]

#: Exceptions a method raises for a setting or an image it refuses (a clear message, by the
#: house rules); a candidate that raises one scores 0 on that image instead of ending the run.
REFUSALS = (ValueError, TypeError)


@dataclass(frozen=True)
class Contender:
    """A method on the leaderboard: its name, family and function (controls read from it)."""

    name: str
    family: str
    function: Callable[..., np.ndarray]

    @property
    def controls(self) -> dict[str, params.Control]:
        """The tunable parameters, from the function's annotations."""
        return params.controls(self.function)

    @property
    def defaults(self) -> dict[str, Any]:
        """Every control at its default value."""
        return {name: control.default for name, control in self.controls.items()}


@dataclass(frozen=True)
class Tuned:
    """The outcome of tuning: the chosen setting, its mean tuning score, how many were tried."""

    params: dict[str, Any]
    tune_score: float
    tried: int
    refused: int


def _draw(control: params.Control, rng: np.random.Generator) -> Any:
    if control.kind == "choice":
        return control.choices[rng.integers(len(control.choices))]
    if control.kind == "bool":
        return bool(rng.integers(2))
    low, high, step = control.range.low, control.range.high, control.range.step
    # Ranges that span decades (a scale of 1 to 1000 pixels) are drawn evenly in log space:
    # drawn evenly in linear space, nine draws in ten would land above 100.
    if low > 0 and high / low >= 100:
        value = math.exp(rng.uniform(math.log(low), math.log(high)))
    else:
        value = rng.uniform(low, high)
    if step:
        value = low + round((value - low) / step) * step
        value = min(max(value, low), high)
    return int(round(value)) if control.kind == "int" else round(float(value), 10)


def candidates(contender: Contender, budget: int, *, seed: int = 0) -> list[dict[str, Any]]:
    """The settings a random search tries: the defaults, then distinct random draws.

    Parameters
    ----------
    contender : Contender
        The method.
    budget : int
        Settings to try at most, the defaults included (a method with one setting gets one).
    seed : int, optional
        Base seed; each method's stream is seeded by ``(seed, hash of its name)``.

    Returns
    -------
    list of dict
        Parameter settings, each valid for the method's controls.

    Examples
    --------
    >>> from segutils import threshold
    >>> contender = Contender("threshold.manual", "thresholding", threshold.manual)
    >>> settings = candidates(contender, 3)
    >>> settings[0]
    {'level': 0.5, 'invert': False}
    >>> len(settings)
    3

    References
    ----------
    Bergstra & Bengio, "Random Search for Hyper-Parameter Optimization", JMLR 13, 2012.
    """
    if budget < 1:
        raise ValueError(f"budget must be at least 1 setting, got {budget}.")
    name_key = int(hashlib.sha256(contender.name.encode()).hexdigest()[:8], 16)
    rng = np.random.default_rng((seed, name_key))
    controls = contender.controls
    found = [contender.defaults]
    # A method with few distinct settings (two booleans) may run out before the budget.
    for _ in range(50 * budget):
        if len(found) >= budget:
            break
        setting = {name: _draw(control, rng) for name, control in controls.items()}
        # A draw that breaks an order (low <= high) is dropped and drawn again: this keeps the
        # draws uniform over the accepted settings for any ranges and log-scale draws alike.
        if params.order_conflict(controls, setting) is not None:
            continue
        if setting not in found:
            found.append(setting)
    return found


def run_method(contender: Contender, sample: Sample, setting: dict[str, Any]) -> np.ndarray | None:
    """Run a method on one image; ``None`` when it refuses the setting or the image.

    Parameters
    ----------
    contender : Contender
        The method.
    sample : Sample
        The image.
    setting : dict
        Parameter values.

    Returns
    -------
    ndarray or None
        The method's mask or labels, or ``None`` if it raised ``ValueError`` or ``TypeError``.

    Examples
    --------
    >>> import numpy as np
    >>> from segutils import threshold
    >>> from segutils.bench.tasks import Sample
    >>> image = np.linspace(0, 1, 16, dtype=np.float32).reshape(4, 4)
    >>> manual = Contender("threshold.manual", "thresholding", threshold.manual)
    >>> int(run_method(manual, Sample("ramp", image, image > 0.5), {"level": 0.5}).sum())
    8

    References
    ----------
    The house rules (CONTRIBUTING.md, section 2): methods refuse bad settings with a message.
    """
    try:
        return contender.function(sample.image, **setting)
    except REFUSALS:
        return None


def _mean_primary(contender, kind, primary, samples, setting) -> float | None:
    values = []
    for sample in samples:
        output = run_method(contender, sample, setting)
        if output is None:
            return None  # refused: a setting that fails on a tuning image is not chosen
        values.append(score(kind, sample.truth, output)[primary])
    return float(np.mean(values))


def tune(
    contender: Contender,
    kind: str,
    primary: str,
    samples: Sequence[Sample],
    *,
    budget: int = 16,
    seed: int = 0,
) -> Tuned:
    """Choose the setting with the best mean ``primary`` score on the tuning images.

    Parameters
    ----------
    contender : Contender
        The method.
    kind : str
        The task's kind (:data:`segutils.bench.tasks.KINDS`).
    primary : str
        The measure to maximise.
    samples : sequence of Sample
        Tuning images only: the caller keeps the test images out.
    budget : int, optional
        Settings tried, the defaults first.
    seed : int, optional
        Seed of the random search.

    Returns
    -------
    Tuned
        The best setting (ties go to the earlier, so the defaults win a tie), its score, and
        how many settings were tried and refused.

    Examples
    --------
    >>> import numpy as np
    >>> from segutils import threshold
    >>> from segutils.bench.tasks import Sample
    >>> image = np.linspace(0, 1, 64, dtype=np.float32).reshape(8, 8)
    >>> manual = Contender("threshold.manual", "thresholding", threshold.manual)
    >>> result = tune(manual, "semantic", "iou", [Sample("ramp", image, image > 0.8)], budget=8)
    >>> result.tune_score > 0.6, result.tried
    (True, 8)

    References
    ----------
    Bergstra & Bengio, "Random Search for Hyper-Parameter Optimization", JMLR 13, 2012.
    """
    best, best_score, refused = None, -math.inf, 0
    settings = candidates(contender, budget, seed=seed)
    for setting in settings:
        value = _mean_primary(contender, kind, primary, samples, setting)
        if value is None:
            refused += 1
        elif value > best_score:
            best, best_score = setting, value
    if best is None:
        best, best_score = contender.defaults, 0.0
    return Tuned(best, best_score, len(settings), refused)
