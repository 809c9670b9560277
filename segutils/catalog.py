"""Every segmentation method of the collection, by family, read from the method registry.

Importing this module imports the method modules (:mod:`segutils.threshold`, :mod:`~segutils.edge`,
:mod:`~segutils.region`, :mod:`~segutils.watershed`, :mod:`~segutils.cluster`,
:mod:`~segutils.hints`), each of which registers its methods with
:func:`segutils.registry.register` where they are defined.

Examples
--------
>>> sorted({method.family for method in METHODS})
['clustering', 'edge', 'hints', 'region', 'superpixels', 'thresholding', 'watershed']
"""

from __future__ import annotations

from . import cluster, edge, hints, region, threshold, watershed  # noqa: F401 - they register methods
from .registry import FAMILIES, Method, registered

__all__ = ["FAMILIES", "METHODS", "Method", "by_name"]

#: Every registered method, families in teaching order.
METHODS: tuple[Method, ...] = registered()


def by_name(name: str) -> Method:
    """The registered method called ``name`` (``"module.function"``).

    Parameters
    ----------
    name : str
        For example ``"threshold.manual"``.

    Returns
    -------
    Method
        The entry.

    Raises
    ------
    KeyError
        Naming the known methods.

    Examples
    --------
    >>> by_name("edge.canny").family
    'edge'

    References
    ----------
    :func:`segutils.registry.registered`, which lists the same entries by family.
    """
    for method in METHODS:
        if method.name == name:
            return method
    raise KeyError(f"No method {name!r}; known: {', '.join(m.name for m in METHODS)}.")
