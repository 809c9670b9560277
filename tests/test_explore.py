"""The explorer, driven from Python as the widgets drive it in a browser."""

import asyncio
import base64
import functools
import time
from typing import Annotated

import cv2
import ipywidgets as widgets
import numpy as np
import pytest

from segutils import region, threshold, watershed
from segutils.datasets import synthetic
from segutils.explore import Explorer, explore
from segutils.params import Range

SAMPLE = synthetic((128, 128), n_objects=6, difficulty=0.0, seed=1)


def decode(frame: bytes) -> np.ndarray:
    return cv2.imdecode(np.frombuffer(frame, np.uint8), cv2.IMREAD_COLOR)


def counting(method):
    @functools.wraps(method)
    def wrapper(*args, **kwargs):
        wrapper.calls += 1
        return method(*args, **kwargs)

    wrapper.calls = 0
    return wrapper


def test_controls_come_from_the_signature():
    explorer = explore(threshold.local, SAMPLE.image)
    inputs = explorer._inputs
    assert isinstance(inputs["block_size"], widgets.IntSlider)
    assert (inputs["block_size"].min, inputs["block_size"].max) == (3, 151)
    assert isinstance(inputs["offset"], widgets.FloatSlider)
    assert isinstance(inputs["method"], widgets.Dropdown)
    assert list(inputs["method"].options) == ["gaussian", "mean", "median"]
    assert isinstance(inputs["invert"], widgets.Checkbox)


def test_a_slider_change_updates_frame_and_live_scores():
    explorer = explore(threshold.manual, SAMPLE.image, truth=SAMPLE.mask, level=0.3)
    first_frame, first_scores = explorer.frame, explorer.scores
    assert first_frame[:2] == b"\xff\xd8" and first_scores["iou"] > 0.85
    explorer._inputs["level"].value = 0.9  # what dragging the slider does
    assert explorer.frame != first_frame
    assert explorer.scores["iou"] < 0.1
    assert "IoU</b> 0.0" in explorer._readout.value
    assert explorer.latencies_ms and all(ms > 0 for ms in explorer.latencies_ms)


def test_results_are_cached_by_parameter_values():
    method = counting(threshold.manual)
    explorer = Explorer(method, SAMPLE.image, level=0.3)
    explorer.set(level=0.6)
    explorer.set(level=0.3)  # seen before
    explorer.set(view="contours", opacity=0.8)  # drawing only
    assert method.calls == 2


def test_views_draw_differently():
    explorer = explore(threshold.manual, SAMPLE.image, level=0.3)
    frames = {}
    for view in ("overlay", "contours", "side by side"):
        explorer.set(view=view)
        frames[view] = decode(explorer.frame)
    assert frames["side by side"].shape[1] == 2 * frames["overlay"].shape[1]
    assert not np.array_equal(frames["overlay"], frames["contours"])


def test_clicks_add_and_remove_seeds():
    explorer = explore(region.grow, SAMPLE.image, tolerance=0.2)
    centre = np.argwhere(SAMPLE.labels == 1).mean(axis=0)
    explorer.click(*centre)
    assert len(explorer.seeds) == 1 and explorer.result.max() == 1
    explorer.click(5, 5)
    assert len(explorer.seeds) == 2
    explorer.click(6, 4)  # on the second seed: removes it
    np.testing.assert_array_equal(explorer.seeds, np.round([centre]).astype(int))
    explorer.set_seeds(None)
    assert len(explorer.seeds) == 0 and explorer.result.max() == 0


def test_large_image_is_downsampled_for_display_and_seeds_map_back():
    big = synthetic((1536, 1536), n_objects=10, seed=0)
    with pytest.warns(UserWarning, match="interactive limit"):
        explorer = explore(watershed.marker_watershed, big.image)
    assert decode(explorer.frame).shape[:2] == (512, 512)
    explorer.click(100, 200)  # display pixels -> working (1024) -> original (1536)
    np.testing.assert_allclose(explorer.seeds, [[300, 600]], atol=3)


def test_an_exception_inside_the_method_is_shown_and_the_next_value_works():
    def fragile(image, *, level: Annotated[float, Range(0.0, 1.0)] = 0.3):
        if level > 0.5:
            raise RuntimeError("too high for this method")
        return image > level

    explorer = Explorer(fragile, SAMPLE.image)
    good = explorer.frame
    explorer.set(level=0.8)
    assert "fragile raised RuntimeError: too high" in explorer._error.value
    assert explorer.frame == good and explorer.result is None
    explorer.set(level=0.4)
    assert explorer._error.value == "" and explorer.result is not None


def test_a_method_returning_the_wrong_thing_is_reported():
    def wrong(image, *, level: Annotated[float, Range(0.0, 1.0)] = 0.3):
        return image[:10]

    explorer = Explorer(wrong, SAMPLE.image)
    assert "must return a bool mask or integer labels of shape (128, 128)" in explorer._error.value


def test_bad_use_gets_clear_messages():
    with pytest.raises(TypeError, match="not its result"):
        explore(threshold.manual(SAMPLE.image), SAMPLE.image)
    with pytest.raises(ValueError, match="no tunable parameter 'lvl'"):
        explore(threshold.manual, SAMPLE.image, lvl=0.2)
    with pytest.raises(ValueError, match="outside its range"):
        explore(threshold.manual, SAMPLE.image, level=3.0)
    with pytest.raises(ValueError, match="Unsupported image shape"):
        explore(threshold.manual, np.zeros((3, 32, 32), np.float32))
    with pytest.raises(ValueError, match="outside the 128x128 image"):
        explore(region.grow, SAMPLE.image, seeds=[(200, 3)])
    with pytest.raises(ValueError, match="takes no seeds"):
        explore(threshold.manual, SAMPLE.image, seeds=[(2, 3)])
    with pytest.raises(ValueError, match="truth has shape"):
        explore(threshold.manual, SAMPLE.image, truth=SAMPLE.mask[:5])
    explorer = explore(threshold.manual, SAMPLE.image)
    with pytest.raises(ValueError, match="outside its range"):
        explorer.set(level=-1.0)


def test_saved_notebooks_get_a_still_and_a_stable_text():
    explorer = explore(threshold.manual, SAMPLE.image, truth=SAMPLE.mask, level=0.3)
    bundle = explorer._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert base64.b64decode(bundle["image/jpeg"]) == explorer.frame
    again = explore(threshold.manual, SAMPLE.image, truth=SAMPLE.mask, level=0.3)
    assert bundle["text/plain"] == again._repr_mimebundle_()["text/plain"]
    assert bundle["text/plain"].startswith("Explorer(manual on a 128x128 image")


def test_rapid_changes_to_a_slow_method_are_coalesced():
    def slow(image, *, level: Annotated[float, Range(0.0, 1.0)] = 0.3):
        time.sleep(0.03)
        return image > level

    method = counting(slow)

    async def drag():
        explorer = Explorer(method, SAMPLE.image)
        for level in np.linspace(0.31, 0.6, 15):  # 15 slider events in quick succession
            explorer._inputs["level"].value = float(level)
            await asyncio.sleep(0.002)
        await asyncio.sleep(0.2)  # let the trailing update run
        return explorer

    explorer = asyncio.run(drag())
    assert method.calls < 10  # far fewer runs than events
    assert explorer.params["level"] == pytest.approx(0.6)
    np.testing.assert_array_equal(explorer.result, SAMPLE.image > 0.6)  # the last value wins
