"""The interactive explorer: one call gives any segmentation method sliders, clicks and live scores.

In a notebook::

    import segutils as su
    from segutils import threshold
    su.explore(threshold.manual, su.load_image("coins"))

The controls are built from the method's signature (see :mod:`segutils.params`): a slider for each
``Annotated[..., Range(...)]`` number, a dropdown for each ``Literal`` and a checkbox for each
``bool``. Methods with a ``seeds`` parameter get click-to-seed on the image: a click adds a seed,
a click on a seed removes it, and :attr:`Explorer.seeds` reads them back.

The modules: :mod:`.widget` holds the widget and :mod:`.inputs` builds its controls;
:mod:`.runner` runs the method (cache, previews, scores), :mod:`.sizing` sizes the working copy
and the previews and :mod:`.cost` predicts a run's time from the runs seen; :mod:`.pacing`
decides when to answer events; :mod:`.frames` draws (pure functions of arrays) and
:mod:`.readout` words what is shown (HTML, captions).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from .widget import Explorer

__all__ = ["Explorer", "explore"]


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

    Examples
    --------
    >>> from segutils import threshold
    >>> from segutils.datasets import synthetic
    >>> sample = synthetic((64, 64), n_objects=3, seed=0)
    >>> explorer = explore(threshold.manual, sample.image, truth=sample.mask, level=0.4)
    >>> explorer.scores["iou"] > 0.9
    True

    References
    ----------
    stackview (github.com/haesleinhuepf/stackview): sliders built from a function's signature.
    """
    return Explorer(method, image, **kwargs)
