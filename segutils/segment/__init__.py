"""One method, one setting, applied to everything: a folder of images, or one image beyond memory.

The leaderboard (:mod:`segutils.bench`) says which method and setting to trust; this package
runs that choice at scale on Dask (:func:`segutils.scale.dask_client`: a ``LocalCluster`` on this
machine, or any running scheduler by address). ``segutils segment`` is its command line.
"""

from .folder import check_run, list_inputs, segment_file, segment_files, submit_files
from .outcome import BatchResult, FileOutcome

__all__ = [
    "BatchResult",
    "FileOutcome",
    "check_run",
    "list_inputs",
    "segment_file",
    "segment_files",
    "submit_files",
]
