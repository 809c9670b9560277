"""The explorer, driven from Python as the widgets drive it in a browser.

Coalescing, previews and settling depend on time: those tests run the explorer on a manual clock
(:class:`ManualClock`) that the test moves, so they check what happens after which events, never
how long anything took on this machine (that is benchmarks/explorer_latency.py's job).
"""

import asyncio
import base64
import functools
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated

import cv2
import ipywidgets as widgets
import numpy as np
import pytest

from segutils import region, threshold, watershed
from segutils.datasets import synthetic
from segutils.explorer import Explorer, explore
from segutils.explorer.pacing import SETTLE_S, call_later
from segutils.explorer.sizing import PREVIEW_BUDGET_MS
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
    assert len(explorer.latencies_ms) == 1  # one change, one answer timed


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
        explorer = explore(watershed.sobel_from_seeds, big.image)
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


def test_saved_notebooks_get_a_captioned_still_and_a_stable_text():
    explorer = explore(threshold.manual, SAMPLE.image, truth=SAMPLE.mask, level=0.3)
    bundle = explorer._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    still, frame = decode(base64.b64decode(bundle["image/jpeg"])), decode(explorer.frame)
    assert still.shape[1] == frame.shape[1] and still.shape[0] > frame.shape[0]
    caption = still[: still.shape[0] - frame.shape[0]]
    assert (caption < 128).any()  # the title, the values and the scores are written there
    assert np.abs(still[-frame.shape[0] :].astype(int) - frame).mean() < 2  # then the frame
    again = explore(threshold.manual, SAMPLE.image, truth=SAMPLE.mask, level=0.3)
    text = bundle["text/plain"]
    assert text == again._repr_mimebundle_()["text/plain"]
    assert text.startswith("Explorer(manual vs ground truth (128x128 image)")
    assert "level=0.3, invert=False" in text and f"iou {explorer.scores['iou']:.3f}" in text


def test_contours_are_whole_boundaries_symmetric_on_a_disk():
    from skimage.draw import disk
    from skimage.segmentation import find_boundaries

    from segutils.explorer import frames
    from segutils.morphology import inner_boundaries

    mask = np.zeros((101, 101), bool)
    mask[disk((50, 50), 30)] = True
    drawn = inner_boundaries(mask)
    np.testing.assert_array_equal(drawn, find_boundaries(mask, mode="inner"))
    labels = np.random.default_rng(0).integers(0, 5, (37, 53))  # many touching regions
    np.testing.assert_array_equal(inner_boundaries(labels), find_boundaries(labels, mode="inner"))
    for flipped in (drawn[::-1], drawn[:, ::-1], drawn.T):
        np.testing.assert_array_equal(flipped, drawn)  # bottom and right sides are drawn too
    base = np.zeros((101, 101, 3), np.uint8)
    frame = frames.compose(base, mask, view="contours")
    np.testing.assert_array_equal(frame.any(axis=-1), drawn)


def test_neighbouring_regions_with_one_palette_colour_still_get_a_boundary():
    from segutils.explorer import frames

    labels = np.ones((10, 10), np.int32)
    labels[:, 5:] = 17  # label 17 prefers label 1's palette colour (16 colours)
    frame = frames.compose(np.zeros((10, 10, 3), np.uint8), labels, view="contours")
    assert frame[:, 4:6].any() and not frame[:, 2].any()


def test_preview_values_scale_sizes_in_pixels():
    from segutils import params
    from segutils.explorer.sizing import preview_values

    controls = params.controls(threshold.local)
    scaled = preview_values(controls, {"block_size": 101, "offset": 0.05}, 0.25)
    assert scaled == {"block_size": 25, "offset": 0.05}  # odd, a quarter of the side
    controls = params.controls(watershed.distance_watershed)
    scaled = preview_values(controls, {"min_size": 400, "min_distance": 8}, 0.5)
    assert scaled == {"min_size": 100, "min_distance": 4}  # an area scales with the square


@dataclass
class Scheduled:
    """A call scheduled on a :class:`ManualClock`."""

    at: float
    callback: Callable[[], None]
    cancelled: bool = False

    def cancel(self) -> None:
        self.cancelled = True


class ManualClock:
    """Time that passes only when the test says so, and the timers that come due as it does.

    ``spend`` is time the kernel is busy (a method running): no timer fires then, as none fires
    on an event loop while a callback runs. ``rest`` is time the kernel idles: the timers due by
    its end fire in order, each at its time (or as soon as a callback before it returns).
    """

    def __init__(self) -> None:
        self.now = 0.0
        self._scheduled: list[Scheduled] = []

    def __call__(self) -> float:
        return self.now

    def call_later(self, delay: float, callback: Callable[[], None]) -> Scheduled:
        scheduled = Scheduled(self.now + delay, callback)
        self._scheduled.append(scheduled)
        return scheduled

    def spend(self, seconds: float) -> None:
        self.now += seconds

    def rest(self, seconds: float) -> None:
        end = self.now + seconds
        while due := [s for s in self._scheduled if not s.cancelled and s.at <= end]:
            first = min(due, key=lambda scheduled: scheduled.at)
            self._scheduled.remove(first)
            self.now = max(self.now, first.at)
            first.callback()
        self.now = max(self.now, end)


def explorer_on(clock: ManualClock, method: Callable, image: np.ndarray, **kwargs) -> Explorer:
    """An explorer that reads the time from ``clock`` and schedules its updates on it."""

    class ExplorerOnManualClock(Explorer):
        _clock = staticmethod(clock)
        _timer = staticmethod(clock.call_later)

    return ExplorerOnManualClock(method, image, **kwargs)


def costly(clock: ManualClock, seconds: float):
    """A threshold that takes ``seconds`` of ``clock`` on SAMPLE, more on more pixels."""

    def slow(image, *, level: Annotated[float, Range(0.0, 1.0)] = 0.3):
        clock.spend(seconds * image.size / SAMPLE.image.size)
        return image > level

    return counting(slow)


def test_a_slow_method_answers_a_moving_control_with_a_marked_preview():
    clock = ManualClock()
    explorer = explorer_on(clock, costly(clock, 0.4), SAMPLE.image)
    explorer._inputs["level"].value = 0.6  # a slider move
    assert explorer.is_preview and "preview at" in explorer._readout.value
    assert explorer.result.shape[0] < SAMPLE.image.shape[0]
    assert explorer.latencies_ms[-1] <= PREVIEW_BUDGET_MS  # the copy is sized to the budget
    explorer.settle()  # what resting the control does
    assert not explorer.is_preview and "preview" not in explorer._readout.value
    np.testing.assert_array_equal(explorer.result, SAMPLE.image > 0.6)
    clock.rest(10 * SETTLE_S)  # resting longer changes nothing: it has settled
    assert len(explorer.settle_ms) == 1


def test_the_full_result_follows_once_the_control_rests():
    clock = ManualClock()
    explorer = explorer_on(clock, costly(clock, 0.3), SAMPLE.image)
    for level in (0.4, 0.45, 0.5, 0.55, 0.6):  # a slow drag, longer than SETTLE_S in all
        explorer._inputs["level"].value = level
        clock.rest(SETTLE_S / 2)
        assert explorer.is_preview  # each move restarts the rest
    clock.rest(SETTLE_S / 3)  # less than SETTLE_S since the last move
    assert explorer.is_preview
    clock.rest(SETTLE_S)
    assert not explorer.is_preview and len(explorer.settle_ms) == 1
    np.testing.assert_array_equal(explorer.result, SAMPLE.image > 0.6)


def test_previews_learn_how_a_method_s_time_grows_with_the_image():
    """A cost of side ** 3 (steps that scale as a length, on every pixel) makes a preview sized
    for side ** 2 smaller than it need be; the full run of the same values then teaches the
    exponent, and the previews after it are larger and still fit the budget. A setting far
    costlier than any recent one can overshoot once; the next preview has learned it."""
    clock = ManualClock()

    def contour(image, *, steps: Annotated[int, Range(1, 400, 1, scales="length")] = 100):
        side = image.shape[0] / SAMPLE.image.shape[0]
        clock.spend(0.8 * side**2 * steps / 100)  # 0.8 s on the whole image at 100 steps
        return image > 0.5

    explorer = explorer_on(clock, contour, SAMPLE.image)
    explorer._inputs["steps"].value = 101
    first_side = explorer.result.shape[0]
    assert explorer.is_preview and explorer.latencies_ms[-1] < PREVIEW_BUDGET_MS / 2
    clock.rest(SETTLE_S)  # the full run of the same value: the exponent is measured
    assert explorer._runner._cost.exponent == pytest.approx(3.0, abs=0.05)
    for steps in (120, 20, 90, 110):
        explorer._inputs["steps"].value = steps
        assert explorer.is_preview and explorer.latencies_ms[-1] <= PREVIEW_BUDGET_MS
        clock.rest(SETTLE_S)
    assert explorer.result.shape[0] > first_side
    explorer._inputs["steps"].value = 400  # four times any recent run
    clock.rest(SETTLE_S / 2)  # still dragging: no full run yet
    explorer._inputs["steps"].value = 390
    assert explorer.latencies_ms[-1] <= PREVIEW_BUDGET_MS


def test_a_cost_that_does_not_shrink_with_the_image_is_learned_too():
    """Half the time does not depend on the image (a forest's trees are built whatever its
    size): previews sized for side ** 2 overshoot until that fixed share is learned."""
    clock = ManualClock()

    def forest(image, *, trees: Annotated[int, Range(10, 200, 10)] = 100):
        side = image.shape[0] / SAMPLE.image.shape[0]
        clock.spend(trees / 100 * (0.06 + 0.06 * side**2))  # 120 ms on the whole image
        return image > 0.5

    explorer = explorer_on(clock, forest, SAMPLE.image)
    explorer._inputs["trees"].value = 110
    assert explorer.is_preview and explorer.latencies_ms[-1] > PREVIEW_BUDGET_MS
    clock.rest(SETTLE_S)
    assert explorer._runner._cost.fixed == pytest.approx(0.5, abs=0.02)
    explorer._inputs["trees"].value = 70
    assert explorer.latencies_ms[-1] <= PREVIEW_BUDGET_MS


def test_the_cost_model_learns_only_from_pairs_it_can_trust():
    from segutils.explorer.cost import PIXEL_EXPONENT, CostModel, preview_grid

    model = CostModel()
    assert model.expected_ms() is None and model.scale_for(50.0, smallest=0.1) == 0.1
    model.learn(preview=(0.9, 80.0), full_ms=100.0)  # scales too close to tell
    model.learn(preview=(0.25, 0.1), full_ms=100.0)  # a preview too quick to time
    assert model.exponent == PIXEL_EXPONENT and model.fixed == 0
    model.observe(0.5, 100.0)  # a preview at half the side: 400 ms in full at side ** 2
    model.observe(1.0, 150.0)  # then a cheaper setting: the slowest of the last runs counts
    assert model.expected_ms() == pytest.approx(400.0)
    assert model.scale_for(50.0, smallest=0.1) == preview_grid(np.sqrt(50 / 400))
    for _ in range(4):  # the slow run leaves the recent ones
        model.observe(1.0, 150.0)
    assert model.expected_ms() == pytest.approx(150.0)
    grid = {preview_grid(s) for s in np.linspace(0.3, 0.59, 50)}
    assert len(grid) == 4  # under an octave: four sizes, however the times wander


def test_rapid_changes_to_a_slow_method_are_coalesced():
    clock = ManualClock()
    method = costly(clock, 0.03)  # within the preview budget: full results, no previews
    explorer = explorer_on(clock, method, SAMPLE.image)
    explorer._inputs["level"].value = 0.31  # the method is free: answered at once
    assert method.calls == 2  # the first frame, then this answer
    for level in np.linspace(0.32, 0.6, 10):  # a drag: all within the 30 ms that answer took
        explorer._inputs["level"].value = float(level)
        clock.rest(0.001)
    assert method.calls == 2  # not run for any of them yet
    clock.rest(0.03)  # the last answer's time has passed
    assert method.calls == 3  # one trailing update for the ten events
    assert explorer.params["level"] == pytest.approx(0.6)
    np.testing.assert_array_equal(explorer.result, SAMPLE.image > 0.6)  # the last value wins
    clock.rest(1.0)
    assert method.calls == 3
    explorer._inputs["level"].value = 0.5  # after a rest, an event is answered at once again
    assert method.calls == 4


def test_the_real_timer_schedules_on_the_running_event_loop():
    async def schedule() -> asyncio.TimerHandle | None:
        fired = asyncio.Event()
        handle = call_later(0.0, fired.set)
        await asyncio.wait_for(fired.wait(), timeout=10)
        return handle

    assert isinstance(asyncio.run(schedule()), asyncio.TimerHandle)
    assert call_later(0.0, print) is None  # no loop runs here: the explorer answers at once


def test_seeds_on_the_last_row_and_column_of_a_downscaled_image():
    big = synthetic((1535, 1537), n_objects=6, seed=0)
    with pytest.warns(UserWarning, match="interactive limit"):
        explorer = explore(region.grow, big.image, seeds=[(1534, 1536), (0, 0)])
    assert explorer.result is not None and "raised" not in explorer._error.value
    assert (explorer.seeds <= [1534, 1536]).all() and len(explorer.seeds) == 2
    explorer.click(511, 0)  # the display's last row
    assert (explorer.seeds < big.image.shape).all() and len(explorer.seeds) == 3


@pytest.mark.parametrize("shape", [(1, 1), (1, 7), (7, 1), (3, 1200)])
def test_tiny_and_thin_images_are_explored(shape):
    image = np.linspace(0, 1, np.prod(shape), dtype=np.float32).reshape(shape)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the 3 x 1200 image is downscaled, with a warning
        explorer = explore(threshold.manual, image, truth=image > 0.5, level=0.5, view="contours")
    assert explorer.result is not None and explorer.frame[:2] == b"\xff\xd8"
    explorer.set(view="side by side")
    assert decode(explorer.frame) is not None


def test_a_truth_of_another_size_is_refused_with_the_fix():
    with pytest.raises(
        ValueError, match=r"truth has shape \(64, 64\).*\(128, 128\).*resize_labels"
    ):
        explore(threshold.manual, SAMPLE.image, truth=np.zeros((64, 64), bool))


def test_a_slider_dragged_past_its_partner_pushes_it_along():
    explorer = explore(watershed.sobel_from_levels, SAMPLE.image, low=0.2, high=0.5)
    explorer._inputs["low"].value = 0.7  # dragged above high
    assert explorer.params["high"] == 0.7 and "Error" not in explorer._error.value
    assert explorer.result is not None
    explorer._inputs["high"].value = 0.3  # dragged below low
    assert explorer.params["low"] == 0.3 and explorer.result is not None
    assert len(explorer.latencies_ms) == 2  # one answer per drag, not one per slider moved
    with pytest.raises(ValueError, match="low=0.6 is above high=0.3"):
        explorer.set(low=0.6)  # judged against the high shown, not its default


# ---- hints drawn on the frame: a box and scribbles ----------------------------------------------

ONE = synthetic((96, 96), n_objects=1, difficulty=0.0, seed=1)


def one_object_strokes() -> np.ndarray:
    from segutils.params import BACKGROUND, OBJECT

    marks = np.zeros(ONE.mask.shape, np.int32)
    rows, cols = np.nonzero(ONE.mask)
    row, col = int(np.median(rows)), int(np.median(cols))
    marks[row, col - 2 : col + 3] = OBJECT
    marks[2, 5:90] = BACKGROUND
    return marks


def test_a_drawing_method_waits_for_hints_and_says_what_to_draw():
    from segutils import hints
    from segutils.params import BACKGROUND, OBJECT

    explorer = explore(hints.random_walker, ONE.image)
    assert explorer.result is None and explorer._error.value == ""
    assert "waiting for hints" in explorer._readout.value
    assert "object stroke" in explorer._guide.value and "background stroke" in explorer.guidance
    assert explorer.canvas is not None and explorer.canvas.frame == explorer.frame
    rows, cols = np.nonzero(ONE.mask)
    centre = (float(np.median(rows)), float(np.median(cols)))
    explorer.stroke([centre, (centre[0], centre[1] + 3)], OBJECT)
    assert "Mark some background" in explorer._error.value  # the method's own advice
    assert explorer.guidance.startswith("Now draw a background stroke")
    explorer.stroke([(2, 5), (2, 90)], BACKGROUND)
    assert explorer._error.value == "" and explorer.result.max() == 1
    assert explorer.guidance.startswith("Draw strokes where the result is wrong")
    assert "strokes: background, object" in repr(explorer)


def test_hints_round_trip_and_the_result_equals_the_method_called_with_them():
    from segutils import hints

    marks = one_object_strokes()
    explorer = explore(hints.random_walker, ONE.image, scribbles=marks, log10_beta=3.0)
    np.testing.assert_array_equal(explorer.scribbles, marks)
    direct = hints.random_walker(ONE.image, scribbles=marks, log10_beta=3.0)
    np.testing.assert_array_equal(explorer.result, direct)
    np.testing.assert_array_equal(
        explorer.result, hints.random_walker(ONE.image, **explorer.hints, **explorer.params)
    )
    explorer = explore(hints.acwe, ONE.image, box=(10, 12, 80, 70), iterations=20)
    assert explorer.box.tolist() == [10, 12, 80, 70] and explorer.scribbles is None
    direct = hints.acwe(ONE.image, box=(10, 12, 80, 70), iterations=20)
    np.testing.assert_array_equal(explorer.result, direct)
    explorer.set_box((20, 20, 60, 60))
    assert explorer.box.tolist() == [20, 20, 60, 60]
    explorer.set_scribbles(marks)
    np.testing.assert_array_equal(explorer.scribbles, marks)
    np.testing.assert_array_equal(
        explorer.result, hints.acwe(ONE.image, **explorer.hints, **explorer.params)
    )
    explorer.clear_hints()
    assert explorer.box is None and explorer.scribbles is None and explorer.result is None


def test_drag_and_stroke_act_as_the_pointer_and_the_eraser_unmarks():
    from segutils import hints
    from segutils.params import OBJECT

    explorer = explore(hints.grabcut, ONE.image)
    explorer.drag((70, 60), (10, 5))  # any two opposite corners, in display pixels
    assert explorer.box.tolist() == [10, 5, 70, 60]
    explorer.stroke([(40, 10), (40, 30)], OBJECT, brush=2)
    marked = explorer.scribbles
    assert (marked[38:43, 10:31] == OBJECT).all() and marked[35, 20] == 0
    explorer.stroke([(40, 0), (40, 40)], 0, brush=3)  # the eraser
    assert explorer.scribbles is None  # nothing marked is no scribbles, the method's default
    explorer.stroke([(5, 5)], 3, brush=1)  # a click paints a dot; 3 is a further object
    assert set(np.unique(explorer.scribbles)) == {0, 3}


def test_hints_map_to_a_downscaled_working_copy_and_back():
    from segutils import hints
    from segutils.params import BACKGROUND, OBJECT

    big = synthetic((1536, 1536), n_objects=3, difficulty=0.0, seed=2)
    with pytest.warns(UserWarning, match="interactive limit"):
        explorer = explore(hints.grabcut, big.image, box=(300, 600, 900, 1200))
    assert explorer.box.tolist() == [300, 600, 900, 1200]  # as given, in the image's pixels
    work = explorer._marks.for_shape(explorer._work.shape)["box"]
    assert work.tolist() == [200, 400, 600, 800]  # the working copy is 1024 px
    explorer.drag((100, 200), (300, 400))  # display pixels: the frame is 512 px
    assert explorer.box.tolist() == [300, 600, 900, 1200]
    explorer.stroke([(256, 10), (256, 500)], BACKGROUND, brush=1)
    marked = explorer.scribbles
    assert marked.shape == (1536, 1536) and (marked[768, 40:1490] == BACKGROUND).all()
    marks = np.zeros((1536, 1536), np.int32)
    marks[700, 700:900] = OBJECT  # one pixel thin: thinner than the working copy's pixels
    explorer.set_scribbles(marks)
    np.testing.assert_array_equal(explorer.scribbles, marks)  # read back exactly
    work = explorer._marks.for_shape(explorer._work.shape)["scribbles"]
    assert (work == OBJECT).sum() >= 130  # kept in the working copy, not lost between pixels


def test_bad_boxes_and_scribbles_get_clear_errors():
    from segutils import hints

    with pytest.raises(ValueError, match="is inverted"):
        explore(hints.grabcut, ONE.image, box=(50, 10, 20, 40))
    with pytest.raises(ValueError, match="reaches outside the 96x96 image"):
        explore(hints.grabcut, ONE.image, box=(0, 0, 97, 40))
    with pytest.raises(ValueError, match=r"takes no box; drop box="):
        explore(hints.random_walker, ONE.image, box=(0, 0, 9, 9))
    with pytest.raises(ValueError, match=r"takes no scribbles"):
        explore(threshold.manual, ONE.image, scribbles=np.zeros((96, 96), int))
    with pytest.raises(TypeError, match="np.where\\(mask, OBJECT, BACKGROUND\\)"):
        explore(hints.random_walker, ONE.image, scribbles=ONE.mask)
    explorer = explore(hints.random_walker, ONE.image)
    with pytest.raises(ValueError, match=r"scribbles must be an \(96, 96\) array"):
        explorer.set_scribbles(np.zeros((10, 10), int))
    with pytest.raises(ValueError, match="takes no box"):
        explorer.drag((1, 1), (20, 20))
    with pytest.raises(ValueError, match="label is an integer"):
        explorer.stroke([(1, 1)], -1)
    with pytest.raises(ValueError, match=r"\(N, 2\) array of \(row, col\)"):
        explorer.stroke("here", 2)
    explorer = explore(hints.grabcut, ONE.image)
    with pytest.raises(ValueError, match="is empty"):
        explorer.drag((10, 10), (10, 40))
    explorer.canvas.receive({"kind": "box", "id": 1, "start": [5, 5], "end": [5, 40]})
    assert "is empty" in explorer._error.value  # from the browser: said, not raised
    with pytest.raises(ValueError, match="Unknown drawing"):
        explorer.canvas.receive({"kind": "lasso", "id": 2})


def test_the_frame_and_the_still_show_the_hints():
    from segutils import hints
    from segutils.explorer import frames

    explorer = explore(hints.random_walker, ONE.image)
    plain = decode(explorer.frame)
    marks = one_object_strokes()
    marks[1:7, 5:90] = 1  # wide enough to keep its colour through JPEG's chroma subsampling
    explorer.set_scribbles(marks)
    frame = decode(explorer.frame)[..., ::-1]  # BGR -> RGB
    stroke_pixel = frame[4, 40].astype(int)
    assert np.abs(stroke_pixel - frames.STROKE_COLOURS[1]).max() < 40  # the blue background
    still = decode(base64.b64decode(explorer._repr_mimebundle_()["image/jpeg"]))
    assert np.abs(still[-96:].astype(int) - decode(explorer.frame)).mean() < 2
    assert not np.array_equal(plain, decode(explorer.frame))
    explorer = explore(hints.grabcut, ONE.image, box=(10, 12, 80, 70), view="side by side")
    frame = decode(explorer.frame)[..., ::-1]
    assert np.abs(frame[10, 40].astype(int) - frames.BOX_COLOUR).max() < 40
    assert np.abs(frame[10, 96 + 40].astype(int) - frames.BOX_COLOUR).max() > 40  # labels half


def test_a_stroke_from_the_canvas_is_paced_like_a_slider_and_echoed_as_drawn():
    from segutils import hints
    from segutils.params import Scribbles

    clock = ManualClock()

    def slow_walker(
        image,
        *,
        scribbles: Scribbles = None,
        log10_beta: Annotated[float, Range(0.0, 5.0, 0.1)] = 4.0,
    ):
        clock.spend(0.4 * image.size / ONE.image.size)
        return hints.random_walker(image, scribbles=scribbles, log10_beta=log10_beta)

    explorer = explorer_on(clock, slow_walker, ONE.image, scribbles=one_object_strokes())
    rows, cols = np.nonzero(ONE.mask)
    points = [[float(rows.min()) + 2, float(c)] for c in range(int(cols.min()) + 2, 60, 4)]
    explorer.canvas.receive({"kind": "stroke", "id": 7, "label": 2, "brush": 2, "points": points})
    # Within the budget, up to the rounding of the preview's side to whole pixels.
    assert explorer.is_preview and explorer.latencies_ms[-1] <= 1.05 * PREVIEW_BUDGET_MS
    assert explorer.canvas.drawn == 7  # the frame shows the stroke: the browser clears its echo
    clock.rest(SETTLE_S)
    assert not explorer.is_preview and len(explorer.settle_ms) == 1
    direct = hints.random_walker(ONE.image, scribbles=explorer.scribbles)
    np.testing.assert_array_equal(explorer.result, direct)


def test_the_first_drawing_of_an_untimed_method_is_answered_by_a_smallest_preview():
    from segutils.explorer.sizing import SMALLEST_PREVIEW_SIDE
    from segutils.params import Scribbles

    clock = ManualClock()

    def painted(
        image, *, scribbles: Scribbles = None, level: Annotated[float, Range(0.0, 1.0)] = 0.5
    ):
        clock.spend(2.0 * image.size / ONE.image.size)  # 2 s on the whole image
        if scribbles is None:
            raise ValueError("needs strokes")
        return scribbles > 0

    explorer = explorer_on(clock, painted, ONE.image)
    assert explorer.result is None  # waiting: not run
    explorer.canvas.receive(
        {"kind": "stroke", "id": 1, "label": 2, "brush": 3, "points": [[40, 10], [40, 80]]}
    )
    assert explorer.is_preview
    assert explorer.result.shape[0] == SMALLEST_PREVIEW_SIDE
    clock.rest(SETTLE_S)
    assert not explorer.is_preview and explorer.result.shape == (96, 96)


def test_the_pixel_classifier_retrains_on_each_new_stroke():
    from segutils import hints
    from segutils.params import BACKGROUND

    method = counting(hints.pixel_classifier)
    explorer = Explorer(method, ONE.image, scribbles=one_object_strokes(), sigma_max=4.0)
    before = method.calls
    explorer.stroke([(90, 5), (90, 90)], BACKGROUND, brush=1)
    explorer.stroke([(90, 5), (90, 90)], BACKGROUND, brush=1)  # the same again: cached
    assert method.calls == before + 1
    direct = hints.pixel_classifier(ONE.image, scribbles=explorer.scribbles, sigma_max=4.0)
    np.testing.assert_array_equal(explorer.result, direct)


def test_marks_resize_and_draw_like_the_canvas():
    from segutils.explorer.marks import draw_stroke, resize_scribbles, scale_box

    marks = draw_stroke(np.zeros((20, 20), np.int32), np.array([[10, 2], [10, 17]]), 2, 2)
    assert (marks[8:13, 2:18] == 2).all() and not marks[:8].any() and not marks[13:].any()
    assert marks[10, 0] == 2 and marks[8, 0] == 0  # round ends
    dot = draw_stroke(np.zeros((9, 9), np.int32), np.array([[4, 4]]), 1, 2)
    assert dot.sum() == 21 and dot[4].tolist() == [0, 0, 1, 1, 1, 1, 1, 0, 0]  # a disc
    edge = draw_stroke(np.zeros((9, 9), np.int32), np.array([[-1, 4]]), 1, 2)
    assert edge[:2].any() and not edge[2:].any()  # a brush centred off the image reaches in
    grown = resize_scribbles(marks, (40, 40))
    np.testing.assert_array_equal(resize_scribbles(grown, (20, 20)), marks)
    assert scale_box(np.array([0, 0, 1, 1]), 0.1, (5, 5)).tolist() == [0, 0, 1, 1]  # never empty
