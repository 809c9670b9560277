"""The fuzz harness's quick profile: careless inputs to every public function, none may crash.

The same harness runs longer with `python tools/fuzz.py --profile long`.
"""

import importlib.util
import sys
from pathlib import Path

import numpy as np

TOOL = Path(__file__).resolve().parents[1] / "tools" / "fuzz.py"
spec = importlib.util.spec_from_file_location("segutils_fuzz", TOOL)
fuzz = sys.modules[spec.name] = importlib.util.module_from_spec(spec)  # dataclasses look it up
spec.loader.exec_module(fuzz)


def test_every_public_function_answers_careless_input_with_a_result_or_a_clear_error():
    report = fuzz.run("quick")
    targets = len(fuzz.all_targets())
    assert report.calls == targets * fuzz.PROFILES["quick"]
    assert not report.failures, "\n".join(report.failures)


def test_the_harness_catches_a_crash_a_hang_and_a_library_error():
    worker = fuzz.Worker(0)
    try:
        crash = worker.call("os.abort", (), {})
        assert "died" in fuzz.judge(None, (), {}, crash)
        library = worker.call("numpy.reshape", (np.zeros(3), (2, 2)), {})
        assert "from inside a library" in fuzz.judge(None, (), {}, library)
        fuzz.TIME_LIMIT_S, saved = 1.0, fuzz.TIME_LIMIT_S
        try:
            hang = worker.call("time.sleep", (5,), {})
        finally:
            fuzz.TIME_LIMIT_S = saved
        assert "hang" in fuzz.judge(None, (), {}, hang)
        fine = worker.call("segutils.metrics.iou", (np.ones(3, bool), np.ones(3, bool)), {})
        target = fuzz.Target("segutils.metrics.iou", None, fuzz.score)
        assert fuzz.judge(target, (), {}, fine) is None
    finally:
        worker.stop()
