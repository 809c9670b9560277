"""The parent side of the fuzz harness's isolation: one child Python that runs calls one by one.

A crash (a segmentation fault, an abort) or a hang inside a library would end or stall the test
run; in the child it becomes a reply that says so, and the next call starts a fresh child. A call
that held more memory than its input explains (:mod:`fuzzing.memory`) is measured once more, its
first-use imports then done, and fails if it is still over the ceiling.
"""

from __future__ import annotations

import contextlib
import os
import select
import subprocess
import sys
from pathlib import Path

from . import memory
from .worker import read_message, write_message

TIME_LIMIT_S = 30.0  # one call may take this long before it counts as a hang
MEMORY_LIMIT = 6 * 2**30  # bytes of address space: the machine's safety net, not the ceiling
TESTS = Path(__file__).resolve().parents[1]  # the folder that holds the fuzzing package


class Sandbox:
    """A child Python running :mod:`fuzzing.worker`; restarted after a crash or a hang.

    Parameters
    ----------
    memory_limit : int
        Bytes of address space the child may use; 0 for no limit (TensorFlow reserves far more
        than it uses, so the U-Net functions run without one).
    time_limit_s : float
        Seconds a call may take before the child is killed and the call reported as a hang.
    measure : bool
        Measure each call's peak memory and fail a call whose peak passes
        :func:`fuzzing.memory.ceiling` (TensorFlow allocates outside what the worker measures,
        so the U-Net functions run without).
    """

    def __init__(
        self,
        memory_limit: int = MEMORY_LIMIT,
        time_limit_s: float = TIME_LIMIT_S,
        measure: bool = True,
    ):
        self.memory_limit = memory_limit
        self.time_limit_s = time_limit_s
        self.measure = measure
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        import segutils

        # The child imports the same segutils as these tests, and the worker from beside them.
        package_root = Path(segutils.__file__).resolve().parents[1]
        path = [str(TESTS), str(package_root), os.environ.get("PYTHONPATH", "")]
        env = {
            **os.environ,
            "PYTHONPATH": os.pathsep.join(filter(None, path)),
            "SEGUTILS_QUICK": "1",
            "TF_CPP_MIN_LOG_LEVEL": "3",
        }
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "fuzzing.worker",
                str(self.memory_limit),
                str(int(self.measure)),
            ],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env=env,
        )

    def call(self, target: str, args: tuple, kwargs: dict) -> dict:
        """Run ``target(*args, **kwargs)`` in the child; the reply, or ``{"failure": why}``.

        A failure also when the call's peak memory passes :func:`fuzzing.memory.ceiling` twice.
        """
        limit = memory.ceiling(target, args, kwargs)
        reply = self._call(target, args, kwargs)
        if reply.get("peak", 0) > limit:  # perhaps a first use's imports: measure once more
            reply = self._call(target, args, kwargs)
        _log(target, args, kwargs, reply)
        if reply.get("peak", 0) > limit:
            return {
                "failure": f"held {reply['peak']:,} bytes at its peak, over the ceiling of "
                f"{limit:,} bytes for its input (sized by data type or label value?)"
            }
        return reply

    def _call(self, target: str, args: tuple, kwargs: dict) -> dict:
        if self.process is None or self.process.poll() is not None:
            self.start()
        try:
            write_message(self.process.stdin, (target, args, kwargs))
        except BrokenPipeError:
            return self._died()
        ready, _, _ = select.select([self.process.stdout], [], [], self.time_limit_s)
        if not ready:
            self.stop()
            return {"failure": f"no answer within {self.time_limit_s:.0f} s (a hang)"}
        try:
            return read_message(self.process.stdout)
        except EOFError:
            return self._died()

    def _died(self) -> dict:
        code = self.process.wait()
        self._forget()
        return {"failure": f"the process died (exit code {code}: a crash)"}

    def stop(self) -> None:
        """End the child, if one runs."""
        if self.process is not None:
            self.process.kill()
            self.process.wait()
            self._forget()

    def _forget(self) -> None:
        with contextlib.suppress(BrokenPipeError):  # a call the child never read is lost anyway
            self.process.stdin.close()
        self.process.stdout.close()
        self.process = None


def _log(target: str, args: tuple, kwargs: dict, reply: dict) -> None:
    """Append ``target input-bytes peak-bytes`` to $FUZZ_MEMORY_LOG, to size the ceiling."""
    log = os.environ.get("FUZZ_MEMORY_LOG")
    if log and "peak" in reply:
        with open(log, "a") as stream:
            stream.write(f"{target} {memory.input_bytes((args, kwargs))} {reply['peak']}\n")
