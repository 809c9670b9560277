"""The memory ceiling of a call: a constant plus a multiple of the bytes it was given.

A function that sizes an array by a data type's range or by a label's value (a confusion matrix
of 65536 x 65536 for a 0/65535 mask, a bincount up to an object id of 10^9) costs memory that no
input size explains; one that relabels first costs memory proportional to its input. The worker
measures each call's peak (:mod:`fuzzing.worker`: tracemalloc, which sees every NumPy buffer at
the size asked for), and :class:`fuzzing.sandbox.Sandbox` fails a call whose peak passes

    ceiling = BASELINE + FACTOR x input bytes

even where the machine has the memory. Input bytes are those of the array arguments (in lists,
tuples and dicts too), of bytes arguments, and of the files a path argument names (every file of
a folder).

Why these numbers (``FUZZ_MEMORY_LOG=FILE`` appends ``target input-bytes peak-bytes`` for each
call, to measure them again): on the ci profile, whose inputs are at most a few KiB, every
legitimate call peaked below 5 MiB but region.merged_superpixels (13 MiB on a 9 KiB image), so
BASELINE is 32 MiB; the functions that size an array by label value peak at 32 MiB and more for a
1 x 1 uint16 mask holding 65535 (metrics.iou) and at 32 GiB (metrics.confusion_matrix). FACTOR
lets a call hold 64 bytes per input byte: eight float64 copies of an 8-bit image at once.

One documented cost is not the input's size: the boundary benchmark's matching holds every
(pixel, human boundary pixel) pair within ``max_dist`` of each other, so its memory grows with the
annotations' boundary pixels times the disc of radius ``max_dist`` (the definition of the BSDS
benchmark, not a data type). :func:`allowance` adds, for the boundary metrics only,
``BYTES_PER_PAIR`` times :func:`segutils.metrics.boundary_match.pair_bound`, the cost model the
function itself states and caps (``MAX_PAIRS``); a matching that held more than its model fails.

Why not ``resource.setrlimit(RLIMIT_AS)`` per call: the address space counts what is reserved,
not what is used. Tried in one process on the offender ``numpy.bincount([0, 2 * 10**8])`` (1.6 GB
asked for) and on first calls of legitimate functions, with the limit set to the address space
before each call plus 32 MiB: the offender was caught (a MemoryError), but the first call of
cluster.kmeans then killed the process, OpenBLAS unable to map its thread buffers ("Memory
allocation still failed after 10 retries, giving up"): a crash, not an answer. Traced, the same
calls peaked at 1.6 GB (the offender), 0.8 MiB (kmeans), 1.1 MiB (slic) and 0.08 MiB (iou).
Measuring the call's own peak is exact for NumPy and immune to reservations, and a first call
over the ceiling is simply measured again, its imports done. The process-wide RLIMIT_AS
(sandbox.MEMORY_LIMIT) stays as the machine's safety net against what tracemalloc does not see.
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np

BASELINE = 32 * 2**20  # bytes any call may hold, whatever its input (see above)
FACTOR = 64  # bytes a call may hold per byte of input (see above)


def input_bytes(value) -> int:
    """The bytes of the arrays, bytes and files (by path) in ``value``, however nested."""
    if isinstance(value, np.ndarray):
        return value.nbytes
    if isinstance(value, (bytes, bytearray)):
        return len(value)
    if isinstance(value, (list, tuple)):
        return sum(input_bytes(item) for item in value)
    if isinstance(value, dict):
        return sum(input_bytes(item) for item in value.values())
    if isinstance(value, (str, os.PathLike)):
        return _on_disk(Path(value))
    return 0


def _on_disk(path: Path) -> int:
    try:
        if path.is_file():
            return path.stat().st_size
        if path.is_dir():
            return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())
    except (OSError, ValueError):  # a name too long, a NUL in it, a folder we may not read
        pass
    return 0


def ceiling(target: str, args: tuple, kwargs: dict) -> int:
    """The most bytes a call of ``target`` with these arguments may hold at once."""
    return BASELINE + FACTOR * input_bytes((args, kwargs)) + allowance(target, args, kwargs)


def allowance(target: str, args: tuple, kwargs: dict) -> int:
    """Bytes beyond the input's share that ``target``'s own stated cost model allows (see above)."""
    if target.endswith("metrics.boundary_counts"):
        prediction, annotations = args
        images = [(prediction, annotations)]
    elif target.endswith("metrics.boundary_benchmark"):
        images = list(zip(*args, strict=False))
    else:
        return 0
    from segutils.metrics import boundary_match

    max_dist = kwargs.get("max_dist", 0.0075)
    total = 0
    for prediction, annotations in images:
        try:  # inputs the function refuses cost nothing to match
            shape = np.shape(prediction)[:2]
            n_truth = sum(int(_truth_map(a).sum()) for a in annotations)
            total += boundary_match.pair_bound(shape, n_truth, float(max_dist))
        except (TypeError, ValueError):
            continue
    return boundary_match.BYTES_PER_PAIR * min(total, boundary_match.MAX_PAIRS)


def _truth_map(annotation) -> np.ndarray:
    """The human boundary map the benchmark matches: a bool map as given, labels' thinned edges."""
    from segutils.metrics import boundary_match

    annotation = np.asarray(annotation)
    if annotation.dtype == bool:
        return annotation
    return boundary_match.bsds_boundaries(annotation, thin=True)
