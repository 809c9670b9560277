"""The child process of the fuzz harness: it calls segutils functions and answers with summaries.

Run as ``python -m fuzzing.worker MEMORY_LIMIT MEASURE`` by :class:`fuzzing.sandbox.Sandbox`.
It reads calls ``(target, args, kwargs)`` from stdin and writes one reply per call to stdout,
each a pickled dict behind an 8-byte length: ``{"ok": summary}`` for a result, or
``{"error": ...}`` with the exception's name, message, class hierarchy and the line that raised
it; either with ``"peak"``, the most bytes the call held at once (below), when MEASURE is 1. A
summary keeps what the contracts check (shape, dtype, range, finiteness, and the values of a
small array) so that a huge result never crosses the pipe. Crashes and hangs are the parent's
business: this side simply dies or stays silent.

The peak is measured with :mod:`tracemalloc`, traced during the call only: every Python
object and every NumPy array buffer (NumPy reports its allocations to tracemalloc) allocated
during the call counts, at the size asked for, whether or not its pages are ever touched; so an
array sized by a label's value or by a data type's range shows even when the system hands out
the memory lazily. Memory that C libraries allocate for themselves (OpenCV's, scipy's scratch
buffers, TensorFlow's) is not seen; the process-wide limit on address space still stops a runaway
there. Tracing only during the call keeps the imports untraced (TensorFlow's import is ten times
slower traced) and the measure the call's own.
"""

from __future__ import annotations

import importlib
import pickle
import struct
import sys
import traceback
import tracemalloc
import warnings
from typing import Any, BinaryIO

import numpy as np

HEADER = struct.Struct("<Q")  # the byte length of the pickled message that follows
SMALL = 50_000  # arrays of at most this many elements come back whole, for comparisons
LISTED = 100  # items of a list or tuple summarized one by one


def write_message(stream: BinaryIO, message: Any) -> None:
    """Write ``message`` pickled, behind its length, and flush."""
    data = pickle.dumps(message)
    stream.write(HEADER.pack(len(data)) + data)
    stream.flush()


def read_message(stream: BinaryIO) -> Any:
    """Read one message written by :func:`write_message`; raise EOFError if the stream ended."""
    header = stream.read(HEADER.size)
    if len(header) < HEADER.size:
        raise EOFError("the other side closed the stream")
    return pickle.loads(stream.read(HEADER.unpack(header)[0]))


def summary(value: Any) -> dict:
    """What the contracts need to know about a result, small enough to send back."""
    if isinstance(value, np.ndarray):
        numeric = value.dtype.kind in "biuf" and value.size
        finite = bool(np.isfinite(value).all()) if value.dtype.kind == "f" else True
        return {
            "array": True,
            "shape": value.shape,
            "dtype": str(value.dtype),
            "finite": finite,
            "min": float(value.min()) if numeric else None,
            "max": float(value.max()) if numeric else None,
            "values": value if value.size <= SMALL else None,
        }
    if isinstance(value, bytes):
        return {"bytes": value[:2].hex()}
    if isinstance(value, (int, float, np.number)):
        return {"number": float(value)}
    if isinstance(value, str):
        return {"text": value[:LISTED]}
    if isinstance(value, (list, tuple)):
        return {"length": len(value), "items": [summary(item) for item in value[:LISTED]]}
    if hasattr(value, "__dataclass_fields__"):
        return {name: summary(getattr(value, name)) for name in value.__dataclass_fields__}
    return {"type": type(value).__name__}


def call(target: str, args: tuple, kwargs: dict, *, measure: bool) -> dict:
    """Call the function named ``target`` (``module.name``): what happened, and its peak."""
    module, _, name = target.rpartition(".")
    try:
        function = getattr(importlib.import_module(module), name)
    except BaseException as error:  # noqa: BLE001 - every exception is an answer to report
        return describe_error(error)
    if measure:
        tracemalloc.start()
    try:
        reply = {"ok": summary(function(*args, **kwargs))}
    except BaseException as error:  # noqa: BLE001 - every exception is an answer to report
        reply = describe_error(error)
    if measure:
        reply["peak"] = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return reply


def describe_error(error: BaseException) -> dict:
    """The exception's name, message, class hierarchy and the line that raised it."""
    frames = traceback.extract_tb(error.__traceback__)
    return {
        "error": type(error).__name__,
        "message": str(error),
        "kinds": [kind.__name__ for kind in type(error).__mro__],
        "origin": f"{frames[-1].filename}:{frames[-1].lineno}" if frames else "",
    }


def serve(memory_limit: int, measure: bool) -> None:
    """Answer calls from stdin until it closes, under an address-space limit (0: none).

    With ``measure``, each reply holds the call's peak memory.
    """
    import resource

    if memory_limit:  # a blow-up then ends as a MemoryError, not as the machine swapping
        resource.setrlimit(resource.RLIMIT_AS, (memory_limit, memory_limit))
    warnings.simplefilter("ignore")
    import matplotlib

    matplotlib.use("Agg")
    replies = sys.stdout.buffer
    sys.stdout = sys.stderr  # a stray print from a library must not break the protocol
    while True:
        try:
            target, args, kwargs = read_message(sys.stdin.buffer)
        except EOFError:
            return
        write_message(replies, call(target, args, kwargs, measure=measure))


if __name__ == "__main__":
    serve(int(sys.argv[1]), sys.argv[2] == "1")
