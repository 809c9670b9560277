"""Judge a segmentation against ground truth: pixel by pixel, or region by region.

Two families, one module each:

- :mod:`segutils.metrics.pixel`: a prediction against one truth whose labels mean classes
  (foreground, "road", "sky"): :func:`confusion_matrix`, :func:`pixel_accuracy`, :func:`iou`,
  :func:`dice`, :func:`segmentation_scores`, and :func:`evaluate` for tables over methods and
  images.
- :mod:`segutils.metrics.regions`: a segmentation against one or several human annotations
  whose labels only name regions (the BSDS500 region benchmark):
  :func:`segmentation_covering`, :func:`probabilistic_rand_index`,
  :func:`variation_of_information` and :func:`region_scores` for all three.

Examples
--------
>>> import numpy as np
>>> from segutils.metrics import iou, region_scores
>>> truth = np.array([[1, 1], [2, 2]])
>>> iou(truth, truth), region_scores(truth, [truth, truth])
(1.0, {'covering': 1.0, 'pri': 1.0, 'vi': 0.0})
"""

from .pixel import confusion_matrix, dice, evaluate, iou, pixel_accuracy, segmentation_scores
from .regions import (
    probabilistic_rand_index,
    region_scores,
    segmentation_covering,
    variation_of_information,
)

__all__ = [
    "confusion_matrix",
    "dice",
    "evaluate",
    "iou",
    "pixel_accuracy",
    "probabilistic_rand_index",
    "region_scores",
    "segmentation_covering",
    "segmentation_scores",
    "variation_of_information",
]
