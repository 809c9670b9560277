"""Every segmentation method of the collection, by family, for benchmarks and comparisons.

Each entry is a plain function of :mod:`segutils.threshold`, :mod:`segutils.edge`,
:mod:`segutils.region`, :mod:`segutils.watershed` or :mod:`segutils.cluster`, with annotated
parameters (:mod:`segutils.params`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from . import cluster, edge, region, threshold, watershed

__all__ = ["METHODS", "Method"]


@dataclass(frozen=True)
class Method:
    """A method of the collection and the family it belongs to."""

    name: str
    family: str
    function: Callable


METHODS: tuple[Method, ...] = (
    Method("threshold.manual", "thresholding", threshold.manual),
    Method("threshold.global_threshold", "thresholding", threshold.global_threshold),
    Method("threshold.local", "thresholding", threshold.local),
    Method("threshold.adaptive", "thresholding", threshold.adaptive),
    Method("threshold.multi_otsu", "thresholding", threshold.multi_otsu),
    Method("threshold.cleaned", "thresholding", threshold.cleaned),
    Method("edge.canny", "edge", edge.canny),
    Method("edge.filled_edges", "edge", edge.filled_edges),
    Method("region.grow", "region", region.grow),
    Method("region.sobel_watershed", "watershed", region.sobel_watershed),
    Method("region.slic", "superpixels", region.slic),
    Method("region.felzenszwalb", "superpixels", region.felzenszwalb),
    Method("region.merged_superpixels", "superpixels", region.merged_superpixels),
    Method("region.superpixel_mask", "superpixels", region.superpixel_mask),
    Method("watershed.distance_watershed", "watershed", watershed.distance_watershed),
    Method("watershed.marker_watershed", "watershed", watershed.marker_watershed),
    Method("cluster.kmeans", "clustering", cluster.kmeans),
)
