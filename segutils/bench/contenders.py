"""The methods on the leaderboard: every registered method that runs without a person's clicks."""

from __future__ import annotations

from collections.abc import Sequence

from .. import params
from .tuning import Contender

__all__ = ["builtin_contenders", "needs_seeds"]


def needs_seeds(contender: Contender) -> bool:
    """Whether the method needs seed points a person clicks (region growing, seeded watershed).

    Such methods are left off the leaderboard: seeds drawn from the ground truth would hand
    them the answer, and random seeds would measure the seeds rather than the method.

    Parameters
    ----------
    contender : Contender
        The method.

    Returns
    -------
    bool
        True when its ``seeds`` parameter is annotated :data:`segutils.params.Seeds`.

    Examples
    --------
    >>> from segutils import catalog
    >>> grow = catalog.by_name("region.grow")
    >>> needs_seeds(Contender(grow.name, grow.family, grow.function))
    True

    References
    ----------
    Adams & Bischof, "Seeded region growing", IEEE TPAMI 16(6), 1994.
    """
    return params.takes_seeds(contender.function)


def builtin_contenders(select: Sequence[str] | None = None) -> list[Contender]:
    """Registered methods by name or family, in teaching order; seeded methods left out.

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
        For a name that is neither a method nor a family, listing both; or a seeded method,
        saying why it cannot be benchmarked.

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
        return [c for c in every if not needs_seeds(c)]
    chosen = []
    for name in select:
        matches = [c for c in every if name in (c.name, c.family, c.name.split(".")[0])]
        if not matches:
            raise KeyError(
                f"No method or family {name!r}. Families: {', '.join(catalog.FAMILIES)}; "
                f"methods: {', '.join(c.name for c in every)}."
            )
        if all(needs_seeds(c) for c in matches):
            raise KeyError(
                f"{name} needs seed points a person places, so it is not benchmarked: seeds "
                "taken from the ground truth would give it the answer."
            )
        chosen += [c for c in matches if not needs_seeds(c) and c not in chosen]
    return chosen
