"""The method modules on images with exact ground truth, and their annotated parameters."""

import cv2
import numpy as np
import pytest
from skimage import data, filters

from segutils import catalog, cluster, edge, hints, params, region, threshold, watershed
from segutils.datasets import synthetic
from segutils.images import as_image, to_uint8
from segutils.metrics import iou

EASY = synthetic(difficulty=0.0, seed=0)
UNEVEN = synthetic(difficulty=0.2, illumination=0.7, seed=2)

METHODS = [method.function for method in catalog.METHODS]


def test_otsu_recovers_a_planted_bimodal_split():
    rng = np.random.default_rng(0)
    planted = rng.random((64, 64)) < 0.5  # equal class sizes: Otsu's assumption holds
    # Overlapping modes (with a gap between them every level in the gap would be optimal).
    image = np.where(planted, 0.7, 0.3) + rng.normal(0, 0.1, planted.shape)
    image = np.clip(image, 0, 1).astype(np.float32)
    level = threshold.threshold_value(image, "otsu")
    assert level == pytest.approx(0.5, abs=0.02)  # equal-variance modes meet halfway
    assert np.mean(threshold.global_threshold(image) == planted) > 0.95


def test_global_methods_segment_the_easy_synthetic_image():
    assert iou(EASY.mask, threshold.global_threshold(EASY.image, method="otsu")) > 0.95
    for name in threshold.GLOBAL_METHODS:
        assert iou(EASY.mask, threshold.global_threshold(EASY.image, method=name)) > 0.75, name


def test_local_threshold_beats_global_on_uneven_illumination():
    global_iou = iou(UNEVEN.mask, threshold.global_threshold(UNEVEN.image))
    local_iou = iou(UNEVEN.mask, threshold.local(UNEVEN.image, block_size=101, offset=-0.05))
    assert global_iou < 0.5 and local_iou > 0.85


@pytest.mark.parametrize("method", ["gaussian", "mean"])
def test_local_levels_match_scikit_image(method):
    ours = threshold.local(UNEVEN.image, block_size=51, method=method)
    reference = UNEVEN.image > filters.threshold_local(UNEVEN.image, 51, method=method)
    assert np.mean(ours == reference) > 0.999


def test_local_median_is_scikit_images_median_of_the_8_bit_image_with_a_replicated_border():
    camera = as_image(data.camera())[100:228, 200:328]  # a crop keeps scipy's median quick
    eight_bit = to_uint8(camera)
    levels = filters.threshold_local(eight_bit, 25, method="median", mode="nearest")
    ours = threshold.local(camera, block_size=25, method="median")
    assert np.array_equal(ours, camera > levels.astype(np.float32) / 255)
    # Against scikit-image's median of the float image, with the same border: only ties differ,
    # pixels equal to their neighbourhood's median, which the 8-bit levels may count as foreground.
    float_median = camera > filters.threshold_local(camera, 25, method="median", mode="nearest")
    differ = ours != float_median
    assert differ.any() and ours[differ].all() and np.array_equal(eight_bit[differ], levels[differ])


def test_bad_method_parameters_are_refused():
    with pytest.raises(ValueError, match="block_size=50 is not on its grid 3, 5, 7"):
        threshold.local(EASY.image, block_size=50)
    with pytest.raises(ValueError, match="Unknown method 'median'"):
        threshold.threshold_value(EASY.image, "median")
    with pytest.raises(ValueError, match="needs an image with contrast"):
        threshold.global_threshold(np.full((8, 8), 0.3, np.float32))


def test_canny_outlines_objects_and_fills_into_regions():
    edges = edge.canny(EASY.image)
    boundary = EASY.mask ^ np.roll(EASY.mask, 1, axis=0)
    assert edges[boundary].mean() > 0.5 and edges[~EASY.mask].mean() < 0.05
    assert iou(EASY.mask, edge.filled_edges(EASY.image, sigma=1.0)) > 0.8
    # Swapped thresholds are refused (OpenCV would swap them silently); equal ones are a level.
    with pytest.raises(ValueError, match=r"canny\(\): low=0.4 is above high=0.1"):
        edge.canny(EASY.image, low=0.4, high=0.1)
    with pytest.raises(ValueError, match="low=0.5 is above high=0.3922"):
        edge.filled_edges(EASY.image, low=0.5)  # against high's default, 100/255
    np.testing.assert_array_equal(
        edge.canny(EASY.image, sigma=0.0, low=0.3, high=0.3),
        cv2.Canny(to_uint8(EASY.image), 0.3 * 255, 0.3 * 255, L2gradient=True) > 0,
    )


def test_region_growing_from_a_seed_inside_each_object():
    centres = [np.argwhere(EASY.labels == k).mean(axis=0) for k in (1, 2, 3)]
    grown = region.grow(EASY.image, np.array(centres), tolerance=0.2)
    for k in (1, 2, 3):
        assert iou(EASY.labels == k, grown == k) > 0.85
    assert region.grow(EASY.image, None).max() == 0
    with pytest.raises(ValueError, match="outside the 256x256 image"):
        region.grow(EASY.image, np.array([[300, 5]]))


def test_distance_watershed_splits_touching_objects():
    from scipy import ndimage as ndi

    # Exact touching shapes, drawn without noise, so that only the splitting is tested.
    hard = synthetic(difficulty=1.0, n_objects=20, seed=2)
    drawn = np.where(hard.mask, 0.8, 0.1).astype(np.float32)
    blobs = ndi.label(hard.mask)[1]
    split = watershed.distance_watershed(drawn, min_distance=8)
    assert blobs <= 12 and 18 <= split.max() <= 20
    easy = watershed.distance_watershed(EASY.image, min_distance=8)
    assert easy.max() == EASY.n_objects


def test_sobel_from_seeds_floods_each_clicked_object():
    centres = np.array([np.argwhere(EASY.labels == k).mean(axis=0) for k in (1, 2)])
    labels = watershed.sobel_from_seeds(EASY.image, centres, low=0.3)
    assert set(np.unique(labels)) == {0, 1, 2}
    assert iou(EASY.labels == 1, labels == 1) > 0.85


def test_kmeans_is_deterministic_and_orders_clusters_by_brightness():
    first = cluster.kmeans(EASY.image, n_clusters=2)
    np.testing.assert_array_equal(first, cluster.kmeans(EASY.image, n_clusters=2))
    assert iou(EASY.mask, first > 0) > 0.95
    brightest = cluster.kmeans(EASY.image, n_clusters=2, background="brightest")
    assert iou(~EASY.mask, brightest > 0) > 0.95
    assert cluster.kmeans(EASY.image, n_clusters=3, background="none").min() == 1


@pytest.mark.parametrize("method", METHODS, ids=lambda m: m.__name__)
def test_every_method_declares_its_controls(method):
    controls = params.controls(method)
    assert controls, "a method without tunable parameters cannot be explored"
    for control in controls.values():
        if control.kind in ("int", "float"):
            assert control.range.low <= control.default <= control.range.high
        if control.kind == "choice":
            assert control.default in control.choices


def test_catalog_covers_every_method_module():
    import inspect
    import typing

    listed = {method.function for method in catalog.METHODS}
    for module in (threshold, edge, region, watershed, cluster, hints):
        for name in module.__all__:
            function = getattr(module, name)
            if not inspect.isfunction(function):
                continue
            returns_image = typing.get_type_hints(function).get("return") is np.ndarray
            if returns_image and params.controls(function):
                assert function in listed, f"{module.__name__}.{name} is missing from the catalog"


def test_seed_methods_are_recognised():
    assert params.takes_seeds(region.grow) and params.takes_seeds(watershed.sobel_from_seeds)
    assert not params.takes_seeds(threshold.manual)


def test_parameter_checks_name_the_problem():
    with pytest.raises(ValueError, match="has no tunable parameter 'levle'.*level, invert"):
        params.check_params(threshold.manual, {"levle": 0.3})
    with pytest.raises(ValueError, match=r"outside its range \[0.0, 1.0\]"):
        params.check_params(threshold.manual, {"level": 1.5})
    with pytest.raises(ValueError, match="not one of"):
        params.check_params(threshold.global_threshold, {"method": "magic"})
    with pytest.raises(TypeError, match="True or False"):
        params.check_params(threshold.manual, {"invert": "yes"})
    with pytest.raises(TypeError, match="not its result"):
        params.controls(np.zeros(3))
    with pytest.raises(ValueError, match=r"\(N, 2\)"):
        params.check_seeds(np.zeros((3, 3)), (10, 10))


def test_multi_otsu_finds_three_planted_levels():
    rng = np.random.default_rng(1)
    planted = rng.integers(0, 3, (64, 64))
    image = np.clip(
        np.choose(planted, [0.15, 0.5, 0.85]) + rng.normal(0, 0.05, planted.shape), 0, 1
    )
    classes = threshold.multi_otsu(image.astype(np.float32), classes=3)
    assert np.mean(classes == planted) > 0.99


def test_opencv_adaptive_agrees_with_local_mean():
    ours = threshold.local(UNEVEN.image, block_size=51, method="mean", offset=0.02)
    opencv = threshold.adaptive(UNEVEN.image, block_size=51, method="mean", offset=0.02)
    assert np.mean(ours == opencv) > 0.97  # 8-bit rounding and border handling differ
    assert iou(UNEVEN.mask, threshold.adaptive(UNEVEN.image, block_size=101, offset=-0.05)) > 0.85


def test_morphological_clean_up_helps_on_noise():
    noisy = synthetic(difficulty=0.5, seed=0)
    raw = iou(noisy.mask, threshold.global_threshold(noisy.image))
    clean = iou(noisy.mask, threshold.cleaned(noisy.image))
    assert clean > raw + 0.05


def test_sobel_from_levels_finds_the_coins():
    from segutils.datasets import load_image

    coins = watershed.sobel_from_levels(load_image("coins"))
    assert 20 <= coins.max() <= 30  # 24 coins; scikit-image's example finds about that many
    with pytest.raises(ValueError, match="low=0.7 is above high=0.3; low must be at most high"):
        watershed.sobel_from_levels(EASY.image, low=0.7, high=0.3)


def test_superpixels_cover_the_image_and_merging_reduces_them():
    superpixels = region.slic(EASY.image, n_segments=200)
    assert superpixels.min() == 1 and 100 < superpixels.max() < 300
    merged = region.merged_superpixels(EASY.image, n_segments=200, threshold=0.1)
    assert 1 <= merged.max() < superpixels.max() / 2
    assert region.felzenszwalb(EASY.image).min() == 1
    colour = np.dstack([EASY.image] * 3)
    assert region.slic(colour, n_segments=100, compactness=10).max() > 50


def test_superpixel_averaging_beats_raw_pixels_on_noise():
    noisy = synthetic(difficulty=0.5, seed=0)
    raw = iou(noisy.mask, threshold.global_threshold(noisy.image))
    assert iou(noisy.mask, region.superpixel_mask(noisy.image)) > raw


def test_registration_refuses_a_keyword_that_is_neither_control_nor_fixed():
    from typing import Annotated

    from segutils.params import Fixed, Range
    from segutils.registry import register

    registry = {}

    def unannotated(image, *, level: Annotated[float, Range(0.0, 1.0)] = 0.5, passes=3):
        return image > level

    with pytest.raises(TypeError, match="'passes' is neither a control nor fixed"):
        register("thresholding", into=registry)(unannotated)

    def marked(
        image, *, passes: Annotated[int, Fixed("not worth a slider", range=Range(1, 10))] = 3
    ):
        return image > 0.5

    checked = register("thresholding", into=registry)(marked)
    assert list(registry) == ["test_methods.marked"] and params.controls(checked) == {}
    assert checked.__doc__ == marked.__doc__ and checked(EASY.image, passes=1).shape == (256, 256)
    with pytest.raises(ValueError, match=r"marked\(\): passes=0 is outside its range \[1, 10\]"):
        checked(EASY.image, passes=0)  # fixed, yet checked on every call
    with pytest.raises(ValueError, match="Unknown family 'magic'"):
        register("magic")
    with pytest.raises(TypeError, match="keyword-only"):
        register("edge", into=registry)(lambda image, sigma=1.0: image)


def test_registration_refuses_a_fixed_parameter_it_could_not_check():
    from typing import Annotated, Literal

    from segutils.params import Fixed, Range
    from segutils.registry import register

    def no_range(image, *, seed: Annotated[int, Fixed("reproducibility")] = 0):
        return image > 0.5

    def range_on_a_flag(image, *, fast: Annotated[bool, Fixed("x", range=Range(0, 1))] = True):
        return image > 0.5

    def untyped(image, *, name: Annotated[str, Fixed("a label")] = "a"):
        return image > 0.5

    def bad_default(image, *, passes: Annotated[int, Fixed("x", range=Range(1, 10))] = 0):
        return image > 0.5

    for method in (no_range, range_on_a_flag, untyped):
        with pytest.raises(TypeError, match=f"{method.__name__}: the fixed parameter .* does not"):
            register("thresholding", into={})(method)
    with pytest.raises(TypeError, match=r"default of 'passes' is refused.*passes=0 is outside"):
        register("thresholding", into={})(bad_default)

    # A fixed flag or choice is checked by its type, and is still no control.
    def flagged(
        image,
        *,
        fast: Annotated[bool, Fixed("a speed setting")] = True,
        mode: Annotated[Literal["a", "b"], Fixed("one recipe")] = "a",
    ):
        return image > 0.5

    checked = register("thresholding", into={})(flagged)
    assert params.controls(checked) == {} and set(params.fixed_parameters(checked)) == {
        "fast",
        "mode",
    }
    with pytest.raises(TypeError, match=r"flagged\(\): fast must be True or False, got 1"):
        checked(EASY.image, fast=1)
    with pytest.raises(ValueError, match=r"flagged\(\): mode='c' is not one of \['a', 'b'\]"):
        checked(EASY.image, mode="c")


def test_kmeans_sample_size_is_checked_before_scikit_learn():
    # Once a ValueError from inside scikit-learn ("Found array with 0 sample(s)").
    with pytest.raises(ValueError, match=r"cluster.kmeans\(\): sample_size=0 is outside its range"):
        cluster.kmeans(EASY.image, sample_size=0)
    with pytest.raises(ValueError, match=r"sample_size=2 is below n_clusters=3"):
        cluster.kmeans(EASY.image, n_clusters=3, sample_size=2)
    with pytest.raises(TypeError, match=r"cluster.kmeans\(\): sample_size must be a number"):
        cluster.kmeans(EASY.image, sample_size="20000")
    with pytest.raises(ValueError, match=r"cluster.kmeans\(\): seed=-1 is outside .*4294967295"):
        cluster.kmeans(EASY.image, seed=-1)  # once NumPy's "expected non-negative integer"
    default = cluster.kmeans(EASY.image, n_clusters=2)
    for same in (20_000.0, np.int64(20_000), 10**12):  # a whole float, a NumPy int, all pixels
        np.testing.assert_array_equal(
            cluster.kmeans(EASY.image, n_clusters=2, sample_size=same), default
        )
    assert cluster.kmeans(EASY.image, n_clusters=2, sample_size=2).shape == EASY.image.shape
    # Checked like controls, yet no sliders: the explorer and the tuning read controls only.
    assert {"sample_size", "seed"} <= set(params.keyword_parameters(cluster.kmeans))
    assert not {"sample_size", "seed"} & set(params.controls(cluster.kmeans))


SMALL = synthetic((48, 48), n_objects=3, difficulty=0.0, seed=0)


def careless_values(control):
    """A value of the wrong type and an out-of-range one for ``control``: (value, error) pairs."""
    if control.kind == "choice":
        return [(3, ValueError), ("bogus", ValueError), (None, ValueError)]
    if control.kind == "bool":
        return [("yes", TypeError), (1, TypeError), (None, TypeError)]
    low, high = control.range.low, control.range.high
    careless = [("3", TypeError), (None, TypeError), (True, TypeError), (low - 1, ValueError)]
    careless += [(float("nan"), ValueError), (-float("inf"), ValueError)]
    if high < float("inf"):
        careless += [(high + 1, ValueError), (float("inf"), ValueError)]
    if control.kind == "int":
        careless += [(low + 0.5, TypeError)]
    return careless


def hinted(method, image):
    """The positional and keyword arguments of a call with valid hints for ``method``."""
    hints_taken = params.hint_parameters(method.function)
    args = (image, [(24, 24)]) if "seeds" in hints_taken else (image,)
    given = {}
    if "box" in hints_taken:
        given["box"] = (8, 8, 40, 40)
    if "scribbles" in hints_taken:
        marks = np.zeros(image.shape[:2], np.int32)
        marks[0, :] = params.BACKGROUND
        marks[20:28, 20:28] = params.OBJECT
        given["scribbles"] = marks
    return args, given


@pytest.mark.parametrize("method", catalog.METHODS, ids=lambda m: m.name)
def test_every_keyword_of_every_method_is_checked_at_call_time(method):
    # Every keyword, a control or fixed, gets a segutils error that names the method, the
    # parameter and the value: never an exception from inside a library, nor a silent run.
    seeds = [(24, 24)] if params.takes_seeds(method.function) else None
    args, given = hinted(method, SMALL.image)
    keywords = params.keyword_parameters(method.function)
    assert set(params.controls(method.function)) <= set(keywords)
    for name, control in keywords.items():
        for value, error in careless_values(control):
            with pytest.raises(error) as raised:
                method.function(*args, **given, **{name: value})
            message = str(raised.value)
            assert message.startswith(f"{method.name}(): {name}"), message
            shown = str(value) if isinstance(value, float) else repr(value)
            assert shown in message, message
    with pytest.raises(TypeError, match=rf"{method.name}\(\) has no parameter 'levle'"):
        method.function(*args, **given, levle=0.5)
    if seeds:
        for bad, error in ([[("a", "b")], TypeError], [[(np.nan, 3)], ValueError]):
            with pytest.raises(error, match=rf"{method.name}\(\): seeds must be"):
                method.function(SMALL.image, bad)
        with pytest.raises(ValueError, match=rf"{method.name}\(\): seed \(60, 3\).*outside"):
            method.function(SMALL.image, seeds=[(60, 3)])


@pytest.mark.parametrize("method", catalog.METHODS, ids=lambda m: m.name)
def test_numpy_scalars_give_the_default_result(method):
    # The call-time checks hand the method Python numbers: NumPy's scalars change nothing.
    args, given = hinted(method, SMALL.image)
    as_numpy = {
        name: np.float64(control.default) if control.kind == "float" else np.int64(control.default)
        for name, control in params.keyword_parameters(method.function).items()
        if control.kind in ("int", "float")
    }
    np.testing.assert_array_equal(
        method.function(*args, **given, **as_numpy), method.function(*args, **given)
    )


def test_a_range_may_exclude_its_low_end_but_not_in_a_method():
    from typing import Annotated

    from segutils.params import Control, Range
    from segutils.registry import register

    radius = Control("radius", "float", 1.0, range=Range(0.0, 5.0, exclude_low=True))
    assert params.coerce_value(radius, 1e-9) == 1e-9 and params.coerce_value(radius, 5) == 5.0
    with pytest.raises(ValueError, match=r"radius=0.0 is outside its range \(0.0, 5.0\]"):
        params.coerce_value(radius, 0)

    def blurred(image, *, radius: Annotated[float, Range(0.0, 5.0, exclude_low=True)] = 1.0):
        return image > 0.5

    # A slider and the tuning start at the low end: a method's range must include it.
    with pytest.raises(TypeError, match="'radius' excludes its low end"):
        register("region", into={})(blurred)


def test_methods_of_a_subpackage_are_named_after_it():
    # kmeans lives in segutils.cluster.centroids; its name is the one the leaderboard saved.
    assert cluster.kmeans.__module__ == "segutils.cluster.centroids"
    assert catalog.by_name("cluster.kmeans").function is cluster.kmeans
    assert catalog.by_name("cluster.fuzzy_cmeans").function is cluster.fuzzy_cmeans


def test_parameters_follow_one_convention_across_methods():
    # Gray levels and offsets are on the image's 0..1 scale everywhere; one name per idea.
    for method in catalog.METHODS:
        controls = params.controls(method.function)
        assert "c" not in controls, f"{method.name}: the local offset is called offset"
        if "background" in controls:  # which cluster is background, never a gray level (low)
            assert controls["background"].kind == "choice", method.name
        for name in ("level", "low", "high", "offset", "tolerance", "threshold"):
            if name in controls:
                control = controls[name]
                assert control.kind == "float", f"{method.name}: {name} must be a float"
                assert -1.0 <= control.range.low < control.range.high <= 1.0, method.name
        for name in ("sigma", "block_size", "min_distance"):
            if name in controls:
                assert controls[name].range.scales == "length", f"{method.name}: {name}"
        if "min_size" in controls:
            assert controls["min_size"].range.scales == "area", method.name


def test_clean_mask_fills_first_so_a_closed_outline_is_kept():
    from segutils.masks import clean_mask

    ring = np.zeros((40, 40), bool)
    ring[5:35, 5:35] = True
    ring[7:33, 7:33] = False  # 224 pixels of outline around 676 of hole
    speck = np.zeros_like(ring)
    speck[1, 1] = True
    cleaned = clean_mask(ring | speck, min_size=500)
    assert cleaned[20, 20] and cleaned.sum() == 900 and not cleaned[1, 1]
    assert not clean_mask(ring, min_size=500, fill_holes=False).any()  # the outline alone: small


def test_an_order_between_two_controls_is_stated_once_and_kept_everywhere():
    from typing import Annotated

    from segutils.params import Range
    from segutils.registry import register

    def ordered(
        image,
        *,
        low: Annotated[float, Range(0.0, 1.0, 0.01, at_most="high")] = 0.2,
        high: Annotated[float, Range(0.0, 1.0, 0.01)] = 0.6,
    ):
        return (image >= low) & (image <= high)

    checked = register("thresholding", into={})(ordered)
    equal = checked(EASY.image, low=0.3, high=0.3)  # at most, not below: a pair may be equal
    np.testing.assert_array_equal(equal, EASY.image == np.float32(0.3))
    with pytest.raises(ValueError, match=r"ordered\(\): low=0.9 is above high=0.6 \(its default\)"):
        checked(EASY.image, low=0.9)  # judged against high's default
    with pytest.raises(ValueError, match=r"low=0.9 is above high=0.6 \(its default\)"):
        params.check_params(ordered, {"low": 0.9})

    def unknown_partner(image, *, low: Annotated[float, Range(0.0, 1.0, at_most="hi")] = 0.2):
        return image > low

    with pytest.raises(TypeError, match="'low' must be at most 'hi', which is not another"):
        register("thresholding", into={})(unknown_partner)

    def defaults_out_of_order(
        image,
        *,
        low: Annotated[float, Range(0.0, 1.0, at_most="high")] = 0.7,
        high: Annotated[float, Range(0.0, 1.0)] = 0.6,
    ):
        return image > low

    with pytest.raises(TypeError, match="its defaults break their own order: .*low=0.7"):
        register("thresholding", into={})(defaults_out_of_order)


def test_an_ordered_pair_must_share_its_range_and_a_default_is_named_as_such():
    from typing import Annotated

    from segutils.params import Range
    from segutils.registry import register

    def unequal(
        image,
        *,
        low: Annotated[float, Range(0.0, 0.5, 0.01, at_most="high")] = 0.2,
        high: Annotated[float, Range(0.0, 1.0, 0.01)] = 0.6,
    ):
        return image > low

    # The explorer pushes one slider to the other's value: a 0..0.5 slider cannot follow 0.7.
    with pytest.raises(TypeError, match="an ordered pair .* their kinds or ranges differ"):
        register("thresholding", into={})(unequal)
    with pytest.raises(ValueError, match=r"low=0.12 \(its default\) is above high=0.1;"):
        watershed.sobel_from_levels(EASY.image, high=0.1)  # only high was typed
