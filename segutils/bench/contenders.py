"""The methods on the leaderboard: every registered method that runs without a person's hints."""

from __future__ import annotations

from collections.abc import Sequence

from .. import params
from .tuning import Contender

__all__ = ["builtin_contenders", "needs_hints"]

#: Each hint parameter, as a message names it.
_SAID = {"seeds": "seed points", "box": "a box", "scribbles": "scribbles"}


def needs_hints(contender: Contender) -> bool:
    """Whether the method needs hints a person gives: seed points, a box or scribbles.

    Such methods (region growing, the seeded watershed, the ``hints`` family) are left off the
    leaderboard: hints drawn from the ground truth would hand them the answer, and random ones
    would measure the hints rather than the method. The interactive benchmark measures them by
    the clicks they need instead.

    Parameters
    ----------
    contender : Contender
        The method.

    Returns
    -------
    bool
        True when it has a ``seeds``, ``box`` or ``scribbles`` parameter
        (:func:`segutils.params.hint_parameters`).

    Examples
    --------
    >>> from segutils import catalog
    >>> grow = catalog.by_name("region.grow")
    >>> needs_hints(Contender(grow.name, grow.family, grow.function))
    True

    References
    ----------
    Adams & Bischof, "Seeded region growing", IEEE TPAMI 16(6), 1994.
    """
    return bool(params.hint_parameters(contender.function))


def builtin_contenders(select: Sequence[str] | None = None) -> list[Contender]:
    """Registered methods by name or family, in teaching order; methods that need hints left out.

    Parameters
    ----------
    select : sequence of str, optional
        Method names (``"threshold.local"``), family names (``"thresholding"``) or module
        names (``"threshold"``); all methods
        when omitted.

    Returns
    -------
    list of Contender
        The chosen methods.

    Raises
    ------
    KeyError
        For a name that is neither a method nor a family, listing both; or a method (or a
        family of methods) that needs hints, saying why it cannot be benchmarked.

    Examples
    --------
    >>> [c.name for c in builtin_contenders(["edge"])]
    ['edge.canny', 'edge.filled_edges']

    References
    ----------
    The registry: :mod:`segutils.registry`.
    """
    from .. import catalog

    every = [Contender(m.name, m.family, m.function) for m in catalog.METHODS]
    if select is None:
        return [c for c in every if not needs_hints(c)]
    chosen = []
    for name in select:
        matches = [c for c in every if name in (c.name, c.family, c.name.split(".")[0])]
        if not matches:
            raise KeyError(
                f"No method or family {name!r}. Families: {', '.join(catalog.FAMILIES)}; "
                f"methods: {', '.join(c.name for c in every)}."
            )
        if all(needs_hints(c) for c in matches):
            hints = {hint for c in matches for hint in params.hint_parameters(c.function)}
            said = " or ".join(_SAID[hint] for hint in params.HINT_NAMES if hint in hints)
            raise KeyError(
                f"{name} needs {said} (hints a person gives), so it is not on the leaderboard: "
                "hints taken from the ground truth would give it the answer. `segutils bench "
                f"--interactive --methods {name}` judges it by the clicks it needs instead."
            )
        chosen += [c for c in matches if not needs_hints(c) and c not in chosen]
    return chosen
