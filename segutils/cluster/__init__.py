"""Clustering: group pixels by colour (and, optionally, position) without any training labels.

The modules, by what they do:

- :mod:`segutils.cluster.centroids`: :func:`kmeans` and :func:`gaussian_mixture`, fitted on a
  random sample of pixels with scikit-learn, then every pixel assigned;
- :mod:`segutils.cluster.fuzzy`: fuzzy c-means, the algorithm on any weighted points
  (:func:`~segutils.cluster.fuzzy.cmeans`) and its fast form on an image's histogram
  (:func:`fuzzy_memberships`, :func:`fuzzy_cmeans`);
- :mod:`segutils.cluster.meanshift`: :func:`mean_shift_filter`, a preprocessing step that
  flattens regions before clustering;
- :mod:`segutils.cluster.pixels`: what the methods share: pixels as feature rows, the check
  for enough distinct colours, the sample, and cluster labels numbered by brightness, darkest
  first, so that labels mean the same from run to run.

The three clustering methods register as ``cluster.kmeans``, ``cluster.gaussian_mixture`` and
``cluster.fuzzy_cmeans`` when this package is imported.

Examples
--------
>>> from segutils.datasets import synthetic
>>> easy = synthetic(difficulty=0.0, seed=0)
>>> [int(method(easy.image).max()) for method in (kmeans, gaussian_mixture, fuzzy_cmeans)]
[2, 2, 2]
"""

from .centroids import gaussian_mixture, kmeans
from .fuzzy import fuzzy_cmeans, fuzzy_memberships
from .meanshift import mean_shift_filter

__all__ = ["fuzzy_cmeans", "fuzzy_memberships", "gaussian_mixture", "kmeans", "mean_shift_filter"]
