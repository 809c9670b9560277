"""Careless inputs to every public function of segutils: a result or a clear error, never a crash.

One hypothesis test per function of the fuzz harness's table (tests/fuzzing); a failure names the
function, the arguments and what went wrong, shrunk by hypothesis to a minimal example. The
number of examples comes from the hypothesis profile (tests/conftest.py): ``make test`` runs the
``ci`` profile; a release runs the ``long`` one::

    python -m pytest tests/test_fuzz.py --hypothesis-profile=long --hypothesis-seed=N
"""

import numpy as np
import pytest
from fuzzing.contracts import anything, decoded_file, describe_call, judge, score, unit_image
from fuzzing.files import EXPECTED, encode, expectation
from fuzzing.sandbox import Sandbox
from fuzzing.targets import array_targets, file_targets
from fuzzing.worker import summary
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image, ImageOps


@pytest.fixture(scope="module")
def sandboxes():
    """Child Pythons for the calls: one under memory limits, one without for TensorFlow."""
    by_unet = {False: Sandbox(), True: Sandbox(memory_limit=0, measure=False)}
    yield by_unet
    for sandbox in by_unet.values():
        sandbox.stop()


# A file is read in milliseconds and comes in many kinds (26 formats and modes, 8 orientations,
# 5 damages): the readers of files and folders get this many times the profile's examples.
FILE_EXAMPLES = 5


@pytest.mark.parametrize("target", array_targets(), ids=lambda target: target.test_id)
@given(data=st.data())
def test_careless_input_gets_a_result_or_a_clear_error(sandboxes, target, data):
    args, kwargs = target.draw_call(data.draw)
    reply = sandboxes[target.unet].call(target.name, args, kwargs)
    problem = judge(target.contract, args, kwargs, reply)
    assert problem is None, f"{describe_call(target.name, args, kwargs)}: {problem}"


@pytest.mark.parametrize("target", file_targets(), ids=lambda target: target.test_id)
@settings(max_examples=FILE_EXAMPLES * settings().max_examples)  # the profile's, as loaded
@given(data=st.data())
def test_a_file_or_folder_is_read_right_or_refused_with_its_name(sandboxes, target, data):
    args, kwargs = target.draw_call(data.draw)
    reply = sandboxes[target.unet].call(target.name, args, kwargs)
    problem = judge(target.contract, args, kwargs, reply)
    assert problem is None, f"{describe_call(target.name, args, kwargs)}: {problem}"


def test_the_harness_catches_a_crash_a_hang_a_library_error_and_a_broken_contract():
    sandbox = Sandbox(memory_limit=0)
    try:
        fine = sandbox.call("segutils.metrics.iou", (np.ones(3, bool), np.ones(3, bool)), {})
        assert judge(score, (), {}, fine) is None
        float64 = sandbox.call("numpy.zeros", ((2, 2),), {})
        assert "expected a float32 image" in judge(unit_image, (), {}, float64)
        library = sandbox.call("numpy.reshape", (np.zeros(3), (2, 2)), {})
        assert "from inside a library" in judge(anything, (), {}, library)
        too_much = sandbox.call("numpy.bincount", (np.array([0, 2 * 10**8]),), {})
        assert "over the ceiling" in judge(anything, (), {}, too_much)
        crash = sandbox.call("os.abort", (), {})
        assert "died" in judge(anything, (), {}, crash)
        sandbox.call("numpy.zeros", (1,), {})  # a fresh child, started within the usual limit
        sandbox.time_limit_s = 1.0
        hang = sandbox.call("time.sleep", (5,), {})
        assert "hang" in judge(anything, (), {}, hang)
    finally:
        sandbox.stop()


def test_the_file_contract_catches_a_sideways_photo_and_a_refusal_that_does_not_name_the_file(
    tmp_path,
):
    photo = encode("JPEG", "RGB", np.random.default_rng(0), (12, 20), {"orientation": 6})
    path = tmp_path / "phone photo.jpg"
    path.write_bytes(photo)
    EXPECTED[str(path)] = expectation(photo, damaged=False, gray=False, drop_alpha=False)
    with Image.open(path) as opened:
        stored = np.asarray(opened.convert("RGB"), np.float32) / 255
        upright = np.asarray(ImageOps.exif_transpose(opened), np.float32) / 255
    assert judge(decoded_file, (str(path),), {}, {"ok": summary(upright)}) is None
    assert "orientation" in judge(decoded_file, (str(path),), {}, {"ok": summary(stored)})
    refusal = {"error": "ValueError", "kinds": ["ValueError"], "origin": "/segutils/files.py:1"}
    named = {**refusal, "message": "phone photo.jpg: cannot be read"}
    assert "refused a sound file" in judge(decoded_file, (str(path),), {}, named)

    cut = tmp_path / "cut.png"
    cut.write_bytes(encode("PNG", "L", np.random.default_rng(0), (12, 20), {})[:40])
    EXPECTED[str(cut)] = expectation(cut.read_bytes(), damaged=True, gray=False, drop_alpha=False)
    assert judge(decoded_file, (cut,), {}, {**refusal, "message": "cut.png is truncated"}) is None
    unnamed = {**refusal, "message": "The image is truncated"}
    assert "does not name the file 'cut.png'" in judge(decoded_file, (cut,), {}, unnamed)
