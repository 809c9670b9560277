"""Judge a segmentation against ground truth: pixel by pixel, region by region, object by object.

The families, one module each:

- :mod:`segutils.metrics.pixel`: a prediction against one truth whose labels mean classes
  (foreground, "road", "sky"): :func:`confusion_matrix`, :func:`pixel_accuracy`, :func:`iou`,
  :func:`dice`, :func:`segmentation_scores`, and :func:`evaluate` for tables over methods and
  images.
- :mod:`segutils.metrics.classes`: a class map against a truth with named classes and a void
  label (CamVid, PASCAL VOC): :func:`class_confusion` (void pixels left out; sums over images),
  :func:`class_iou` and :func:`mean_iou`, the benchmarks' mean IoU.
- :mod:`segutils.metrics.regions`: a segmentation against one or several human annotations
  whose labels only name regions (the BSDS500 region benchmark):
  :func:`segmentation_covering`, :func:`probabilistic_rand_index`,
  :func:`variation_of_information` and :func:`region_scores` for all three.
- :mod:`segutils.metrics.boundary` (pixel level in :mod:`~segutils.metrics.boundary_match` and
  :mod:`~segutils.metrics.boundary_solver`, dataset figures in
  :mod:`~segutils.metrics.boundary_summary`): machine boundary maps against
  several human annotations, pixel to pixel within a distance (the BSDS500 boundary
  benchmark): :func:`bsds_boundaries`, :func:`match_boundaries`, :func:`boundary_counts`,
  :func:`summarize_boundaries` and :func:`boundary_benchmark` for ODS, OIS, AP and the
  precision-recall curve.
- :mod:`segutils.metrics.instances` (overlaps and the one-to-one assignment in
  :mod:`~segutils.metrics.instance_match`): objects (nuclei) of a prediction matched one to one
  with those of the truth, as StarDist does: :func:`match_instances` (TP, FP, FN, F1,
  panoptic quality, splits, merges), :func:`dsb_score` (the 2018 Data Science Bowl score) and
  :func:`instance_scores` for tables.

Examples
--------
>>> import numpy as np
>>> from segutils.metrics import iou, region_scores
>>> truth = np.array([[1, 1], [2, 2]])
>>> iou(truth, truth), region_scores(truth, [truth, truth])
(1.0, {'covering': 1.0, 'pri': 1.0, 'vi': 0.0})
"""

from .boundary import (
    BoundaryBenchmark,
    BoundaryCounts,
    boundary_benchmark,
    boundary_counts,
    summarize_boundaries,
)
from .boundary_match import bsds_boundaries, match_boundaries, pair_bound
from .classes import class_confusion, class_iou, mean_iou
from .instances import InstanceMatch, dsb_score, instance_scores, match_instances
from .pixel import confusion_matrix, dice, evaluate, iou, pixel_accuracy, segmentation_scores
from .regions import (
    probabilistic_rand_index,
    region_scores,
    segmentation_covering,
    variation_of_information,
)

__all__ = [
    "BoundaryBenchmark",
    "BoundaryCounts",
    "boundary_benchmark",
    "bsds_boundaries",
    "boundary_counts",
    "match_boundaries",
    "pair_bound",
    "summarize_boundaries",
    "class_confusion",
    "class_iou",
    "confusion_matrix",
    "dice",
    "dsb_score",
    "evaluate",
    "instance_scores",
    "InstanceMatch",
    "iou",
    "match_instances",
    "mean_iou",
    "pixel_accuracy",
    "probabilistic_rand_index",
    "region_scores",
    "segmentation_covering",
    "segmentation_scores",
    "variation_of_information",
]
