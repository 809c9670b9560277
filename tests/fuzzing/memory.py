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

Why these numbers (measured with ``FUZZ_MEMORY_LOG=FILE`` on the ci and dev profiles, which
appends ``target input-bytes peak-bytes`` for every call): a function's own work on a small
input, its imports on first use excluded (below), peaks below BASELINE / 4 (cluster.kmeans,
the boundary benchmark); on larger inputs every legitimate function held less than FACTOR / 4
times its input, where float64 copies of a bool or uint8 image alone are 8 times it and a
function keeps a handful of such copies. Allocating by label value with values up to 10^9, or
by a 16-bit type's range squared, passes the ceiling by orders of magnitude.

Why not ``resource.setrlimit(RLIMIT_AS)`` per call: the address space counts what is reserved,
not used. Tried on the offender ``numpy.bincount([0, 2 * 10**8])`` (1.6 GB asked for): a limit
of the child's address space before the call plus the ceiling catches it, but the same limit
also failed legitimate first calls, whose lazy imports (scikit-learn, OpenCV's thread pool) map
hundreds of MiB of libraries and thread stacks. Measuring the call's own peak is exact for
NumPy, immune to reservations, and a first call over the ceiling is simply measured again,
with its imports done. The process-wide RLIMIT_AS (sandbox.MEMORY_LIMIT) stays as the machine's
safety net against what tracemalloc does not see.
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


def ceiling(args: tuple, kwargs: dict) -> int:
    """The most bytes a call with these arguments may hold at once."""
    return BASELINE + FACTOR * input_bytes((args, kwargs))
