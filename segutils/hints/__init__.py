"""Methods a person guides with hints: a box around the object, or scribbles painted on it.

The modules, by idea:

- :mod:`segutils.hints.diffusion`: :func:`random_walker`, labels that diffuse from the strokes
  and stop at edges;
- :mod:`segutils.hints.graphcut`: :func:`grabcut`, a graph cut between colour models of object
  and background, from a box and/or strokes;
- :mod:`segutils.hints.contours`: the active contours :func:`acwe` (Chan-Vese, by region
  means) and :func:`geodesic_contour` (stopped by edges), a curve started from a box or a
  click;
- :mod:`segutils.hints.classifier`: :func:`pixel_classifier`, a random forest trained on the
  strokes' multiscale features, and :func:`fit_pixel_classifier`, the same trained once on many
  images, whose :class:`PixelClassifier` labels new ones;
- :mod:`segutils.hints.prompts`: what they share: a box as a mask, the box around a mask
  (:func:`box_around`), the labels of the strokes, the region a contour starts from.

Scribbles are ``(H, W)`` integers, ``0`` not marked, :data:`segutils.params.BACKGROUND` (1),
:data:`segutils.params.OBJECT` (2), ``3, 4, ...`` further objects; a box is ``(top, left,
bottom, right)``, half-open like a slice. Pass both by keyword. The methods register as
``hints.<function>`` when this package is imported; the leaderboard leaves them out (hints taken
from the truth would give them the answer).

Examples
--------
>>> from segutils.datasets import synthetic
>>> from segutils.metrics import iou
>>> one = synthetic((64, 64), n_objects=1, difficulty=0.0, seed=1)
>>> box = box_around(one.mask)
>>> [bool(iou(one.mask, method(one.image, box=box)) > 0.9) for method in (grabcut, acwe)]
[True, True]
"""

from .classifier import PixelClassifier, fit_pixel_classifier, pixel_classifier
from .contours import acwe, geodesic_contour
from .diffusion import random_walker
from .graphcut import grabcut
from .prompts import box_around

__all__ = [
    "PixelClassifier",
    "acwe",
    "box_around",
    "fit_pixel_classifier",
    "geodesic_contour",
    "grabcut",
    "pixel_classifier",
    "random_walker",
]
