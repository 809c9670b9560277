"""One method, one setting, applied to everything: a folder of images, or one image beyond memory.

The leaderboard (:mod:`segutils.bench`) says which method and setting to trust; this package
runs that choice at scale on Dask (:func:`segutils.scale.dask_client`: a ``LocalCluster`` on this
machine, or any running scheduler by address). ``segutils segment`` is its command line.

- a folder of images, one output per image (:mod:`~segutils.segment.folder`);
- one image larger than memory, tile by tile (:mod:`~segutils.segment.tiles`; read lazily, by
  path, in :mod:`~segutils.segment.lazy`; the halo a method needs and whether it can be tiled
  in :mod:`~segutils.segment.halo`; the labels joined across tiles in
  :mod:`~segutils.segment.stitch`).
"""

from .folder import check_run, list_inputs, segment_file, segment_files, submit_files
from .lazy import read_lazy
from .outcome import BatchResult, FileOutcome
from .tiles import (
    TiledResult,
    segment_dask,
    segment_tiled,
    worker_peak_memory,
    write_synthetic_mosaic,
)

__all__ = [
    "BatchResult",
    "FileOutcome",
    "TiledResult",
    "check_run",
    "list_inputs",
    "read_lazy",
    "segment_dask",
    "segment_file",
    "segment_files",
    "segment_tiled",
    "submit_files",
    "worker_peak_memory",
    "write_synthetic_mosaic",
]
