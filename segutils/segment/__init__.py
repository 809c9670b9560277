"""Apply one method, with one setting, to everything: a folder of images or one image too large for memory.

The leaderboard (:mod:`segutils.bench`) says which method and setting to trust; this package
runs that choice at scale on Dask (:func:`segutils.scale.dask_client`: a ``LocalCluster`` on this
machine, or any running scheduler by address). ``segutils segment`` is its command line.
"""

from .tiles import (
    TiledResult,
    read_lazy,
    segment_dask,
    segment_tiled,
    worker_peak_memory,
    write_synthetic_mosaic,
)

__all__ = [
    "TiledResult",
    "read_lazy",
    "segment_dask",
    "segment_tiled",
    "worker_peak_memory",
    "write_synthetic_mosaic",
]
