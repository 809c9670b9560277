"""Hints a person gives (a box, scribbles): their checks, the registry's rules, and the methods."""

from typing import Annotated

import cv2
import numpy as np
import pytest
from scipy import ndimage as ndi
from skimage import data, feature, future, segmentation
from sklearn.ensemble import RandomForestClassifier

from segutils import hints, params
from segutils.datasets import synthetic
from segutils.images import as_image
from segutils.metrics import iou
from segutils.params import BACKGROUND, OBJECT, Box, Range, Scribbles, Seeds
from segutils.registry import register


def test_a_box_is_half_open_and_rounded_to_the_nearest_pixel_edge():
    assert params.check_box(None, (8, 8)) is None
    box = params.check_box((0, 0, 8, 6), (8, 6, 3))
    assert box.dtype == np.int64 and box.tolist() == [0, 0, 8, 6]
    assert params.check_box(np.array([1.4, 2.6, 3.5, 7.0]), (8, 8)).tolist() == [1, 3, 4, 7]


@pytest.mark.parametrize(
    ("box", "error", "message"),
    [
        ((1, 2, 3), ValueError, r"four numbers .*got shape \(3,\)"),
        ([(1, 2), (3, 4)], ValueError, r"four numbers .*got shape \(2, 2\)"),
        ([1, [2, 3], 4, 5], ValueError, "four numbers"),
        (("a", "b", "c", "d"), TypeError, "four numbers"),
        (np.ones((8, 8), bool), TypeError, "a mask is not a box.*np.nonzero"),
        ((1, 1, np.nan, 4), ValueError, "finite"),
        ((1, 1, 1, 4), ValueError, r"is empty: it holds image\[1:1, 1:4\]"),
        ((5, 1, 2, 4), ValueError, "inverted: bottom=2 is above top=5"),
        ((1, 5, 4, 2), ValueError, "inverted: right=2 is left of left=5"),
        ((-1, 0, 4, 4), ValueError, r"outside the 8x6 image.*\(0, 0, 8, 6\)"),
        ((0, 0, 9, 4), ValueError, "outside the 8x6 image"),
        ((0, 0, 4, 7), ValueError, "outside the 8x6 image"),
    ],
)
def test_a_bad_box_is_refused_with_the_fix(box, error, message):
    with pytest.raises(error, match=r"^grab\(\): box.*" + message):
        params.check_box(box, (8, 6), method="grab")


def test_scribbles_become_int32_labels_of_the_image_shape():
    assert params.check_scribbles(None, (4, 5)) is None
    marks = np.zeros((4, 5), np.uint8)
    marks[0, 0], marks[3, 4] = BACKGROUND, OBJECT
    checked = params.check_scribbles(marks, (4, 5, 3))
    assert checked.dtype == np.int32 and np.array_equal(checked, marks)
    as_floats = params.check_scribbles(marks.astype(float), (4, 5))
    assert as_floats.dtype == np.int32 and np.array_equal(as_floats, marks)
    assert params.check_scribbles(np.zeros((4, 5)), (4, 5)).any() == 0  # nothing marked is fine


@pytest.mark.parametrize(
    ("scribbles", "error", "message"),
    [
        (np.zeros((4, 4), int), ValueError, r"\(4, 5\) array of labels.*got shape \(4, 4\)"),
        (np.zeros((4, 5, 3), int), ValueError, r"got shape \(4, 5, 3\)"),
        (np.zeros(20, int), ValueError, r"got shape \(20,\)"),
        ([[0, 1], [2]], ValueError, "ragged"),
        (np.ones((4, 5), bool), TypeError, r"np.where\(mask, OBJECT, BACKGROUND\)"),
        (np.full((4, 5), "a"), TypeError, "array of <U1"),
        (np.full((4, 5), 1.5), TypeError, r"whole labels.*got 1.5.*np.rint"),
        (np.full((4, 5), np.nan), ValueError, "finite labels"),
        (np.full((4, 5), -1), ValueError, "must not be negative.*got -1"),
        (np.full((4, 5), 2**40), ValueError, "label 1099511627776, above 2147483647"),
    ],
)
def test_bad_scribbles_are_refused_with_the_fix(scribbles, error, message):
    with pytest.raises(error, match=r"^paint\(\): scribbles.*" + message):
        params.check_scribbles(scribbles, (4, 5), method="paint")


def _cut(
    image,
    *,
    box: Box = None,
    scribbles: Scribbles = None,
    iterations: Annotated[int, Range(1, 10)] = 5,
):
    return np.zeros(image.shape[:2], bool)


def test_hint_parameters_reads_the_annotations_not_the_names():
    def seeded(image, seeds: Seeds = None, *, low: Annotated[float, Range(0.0, 1.0)] = 0.5): ...

    def unannotated(image, *, box=None, level: Annotated[float, Range(0.0, 1.0)] = 0.5): ...

    assert params.hint_parameters(_cut) == ("box", "scribbles")
    assert params.hint_parameters(seeded) == ("seeds",)
    assert params.hint_parameters(unannotated) == ()
    assert set(params.controls(_cut)) == {"iterations"}  # hints are never controls


def test_a_registered_method_checks_its_hints_on_every_call():
    methods = {}
    cut = register("hints", into=methods)(_cut)
    assert methods["test_hints._cut"].family == "hints"
    image = np.zeros((6, 7), np.float32)
    assert cut(image, box=(1, 1, 5, 6)).shape == (6, 7)
    marks = np.zeros((6, 7), int)
    marks[0, 0] = BACKGROUND
    assert cut(image, scribbles=marks).shape == (6, 7)
    with pytest.raises(ValueError, match=r"_cut\(\): box .*outside the 6x7 image"):
        cut(image, box=(0, 0, 7, 7))
    with pytest.raises(TypeError, match=r"_cut\(\): scribbles .*np.where\(mask, OBJECT"):
        cut(image, scribbles=marks > 0)
    with pytest.raises(ValueError, match=r"_cut\(\): scribbles .*got shape \(7, 6\)"):
        cut(image, scribbles=marks.T)
    with pytest.raises(TypeError, match=r"Pass the image by position and box, scribbles"):
        cut(image, (1, 1, 5, 6))


def test_the_method_receives_the_checked_hints():
    received = {}

    @register("hints", into={})
    def spy(
        image,
        *,
        box: Box = None,
        scribbles: Scribbles = None,
        level: Annotated[float, Range(0.0, 1.0)] = 0.5,
    ):
        received.update(box=box, scribbles=scribbles)
        return np.zeros(image.shape[:2], bool)

    spy(np.zeros((4, 4), np.float32), box=[0.2, 1, 3.7, 4], scribbles=np.ones((4, 4)))
    assert received["box"].tolist() == [0, 1, 4, 4]
    assert received["scribbles"].dtype == np.int32
    spy(np.zeros((4, 4), np.float32))
    assert received == {"box": None, "scribbles": None}


def test_registration_refuses_a_hint_without_its_annotation_default_or_keyword():
    level = Annotated[float, Range(0.0, 1.0)]

    def unannotated(image, *, box=None, level: level = 0.5): ...

    def wrong_marker(image, *, scribbles: Box = None, level: level = 0.5): ...

    def required(image, *, box: Box = (0, 0, 1, 1), level: level = 0.5): ...

    def positional(image, box: Box = None, *, level: level = 0.5): ...

    for method, message in [
        (unannotated, r"annotate `box` with segutils.params.Box"),
        (wrong_marker, r"annotate `scribbles` with segutils.params.Scribbles"),
        (required, r"`box` must default to None"),
        (positional, r"`box` must be keyword-only"),
    ]:
        with pytest.raises(TypeError, match=message):
            register("hints", into={})(method)


def test_methods_that_need_hints_are_kept_off_the_leaderboard():
    from segutils import catalog
    from segutils.bench.contenders import builtin_contenders, needs_hints
    from segutils.bench.tuning import Contender

    cut = register("hints", into={})(_cut)
    assert needs_hints(Contender("hints._cut", "hints", cut))
    names = {contender.name for contender in builtin_contenders()}
    for method in catalog.METHODS:
        assert (method.name in names) == (not params.hint_parameters(method.function))
    with pytest.raises(KeyError, match="region.grow needs seed points"):
        builtin_contenders(["region.grow"])


# The methods, on images whose truth is known. A person's hints are simulated from the truth the
# way the interactive benchmarks do: a box is the object's bounding box (with a margin), a click
# is a disc at the object's deepest interior point, a background stroke a ring around it.


def _click_and_ring(mask, margin=6):
    """Scribbles: a disc at the deepest interior point of ``mask`` and a ring ``margin`` outside."""
    inside = ndi.distance_transform_edt(mask)
    row, col = np.unravel_index(np.argmax(inside), mask.shape)
    rows, cols = np.ogrid[: mask.shape[0], : mask.shape[1]]
    marks = np.zeros(mask.shape, np.int32)
    marks[(rows - row) ** 2 + (cols - col) ** 2 <= max(2.0, inside.max() / 3) ** 2] = OBJECT
    outside = ndi.distance_transform_edt(~mask)
    marks[(outside > margin) & (outside <= margin + 1)] = BACKGROUND
    return marks


def _loose_box(mask, margin=6):
    top, left, bottom, right = hints.box_around(mask)
    height, width = mask.shape
    return (
        max(top - margin, 0),
        max(left - margin, 0),
        min(bottom + margin, height),
        min(right + margin, width),
    )


def _sparse(mask, keep=0.02, seed=0):
    """Scribbles that mark a random ``keep`` share of the pixels by the truth."""
    marks = np.where(mask, OBJECT, BACKGROUND).astype(np.int32)
    marks[np.random.default_rng(seed).random(mask.shape) >= keep] = 0
    return marks


NOISY = synthetic((256, 256), n_objects=8, difficulty=0.3, seed=0)
OBJECTS = [NOISY.labels == label for label in (1, 2, 3, 4)]


def _mean_iou(method, prompt):
    return np.mean([iou(mask, method(NOISY.image, **prompt(mask)) > 0) for mask in OBJECTS])


def test_random_walker_equals_scikit_image_called_directly():
    marks = _click_and_ring(OBJECTS[0])
    for log10_beta in (2.0, 4.0):
        ours = hints.random_walker(NOISY.image, scribbles=marks, log10_beta=log10_beta)
        theirs = segmentation.random_walker(NOISY.image, marks, beta=10**log10_beta, mode="bf")
        assert ours.dtype == np.int32
        np.testing.assert_array_equal(ours, theirs - 1)
    astronaut = as_image(data.astronaut())[::4, ::4]
    strokes = np.zeros(astronaut.shape[:2], np.int32)
    strokes[5:10, 5:120], strokes[40:60, 50:60], strokes[100:110, 40:80] = 1, 2, 3  # 3 classes
    ours = hints.random_walker(astronaut, scribbles=strokes, mode="cg_j")
    theirs = segmentation.random_walker(astronaut, strokes, beta=1e4, mode="cg_j", channel_axis=-1)
    np.testing.assert_array_equal(ours, theirs - 1)
    assert set(np.unique(ours)) == {0, 1, 2}


def test_random_walker_finds_each_object_from_a_click_and_a_ring():
    assert _mean_iou(hints.random_walker, lambda m: {"scribbles": _click_and_ring(m)}) > 0.9


def test_grabcut_cuts_each_object_out_of_its_box():
    clean = synthetic((256, 256), n_objects=8, difficulty=0.0, seed=0)
    for label in (1, 2, 3, 4):
        mask = clean.labels == label
        assert iou(mask, hints.grabcut(clean.image, box=_loose_box(mask))) > 0.9, label


def test_grabcut_gives_the_same_cut_for_the_same_box_whatever_ran_before():
    # OpenCV seeds GrabCut's k-means from its global random state: a k-means run in between
    # advanced it, and the same box used to give another cut (6.5 % or 12.6 % of the photo).
    astronaut = as_image(data.astronaut())
    first = hints.grabcut(astronaut, box=(30, 110, 330, 380))
    points = np.random.default_rng(0).random((200, 3), dtype=np.float32)
    criteria = (cv2.TERM_CRITERIA_MAX_ITER, 3, 0)
    cv2.kmeans(points, 3, None, criteria, 1, cv2.KMEANS_RANDOM_CENTERS)
    again = hints.grabcut(astronaut, box=(30, 110, 330, 380))
    np.testing.assert_array_equal(first, again)


def test_grabcut_needs_smoothing_on_a_noisy_gray_image():
    box_prompt = lambda m: {"box": _loose_box(m), "sigma": 1.5}  # noqa: E731
    assert _mean_iou(hints.grabcut, box_prompt) > 0.9


def test_grabcut_from_scribbles_alone_learns_the_colours():
    rng = np.random.default_rng(0)
    mask = synthetic((128, 128), n_objects=6, difficulty=0.0, seed=4).mask
    colours = np.where(mask[..., None], [0.8, 0.3, 0.2], [0.3, 0.6, 0.4])
    image = np.clip(colours + rng.normal(0, 0.05, colours.shape), 0, 1).astype(np.float32)
    found = hints.grabcut(image, scribbles=_sparse(mask, keep=0.01))
    assert iou(mask, found) > 0.9


def test_a_background_stroke_in_the_box_removes_the_colour_it_marks():
    # A red and a blue object on green, one box around both: both are cut out. A background
    # stroke over the middle of the blue one puts blue in the background's colour model, and
    # the rest of it goes too: the unmarked rim is removed by the colours, not by the stroke.
    labels = synthetic((128, 128), n_objects=2, difficulty=0.0, radius=20, seed=1).labels
    red, blue = labels == 1, labels == 2
    colours = np.select([red[..., None], blue[..., None]], [[0.8, 0.2, 0.2], [0.2, 0.2, 0.8]])
    colours = np.where(labels[..., None] > 0, colours, [0.2, 0.6, 0.3])
    image = np.clip(colours + np.random.default_rng(0).normal(0, 0.03, colours.shape), 0, 1)
    image = image.astype(np.float32)
    box = _loose_box(red | blue)
    assert iou(red | blue, hints.grabcut(image, box=box)) > 0.95
    middle = ndi.binary_erosion(blue, iterations=4)
    touched_up = hints.grabcut(image, box=box, scribbles=np.where(middle, BACKGROUND, 0))
    rim = blue & ~middle
    assert touched_up[rim].mean() < 0.05 and iou(red, touched_up) > 0.95


def test_acwe_from_a_box_or_a_click():
    assert _mean_iou(hints.acwe, lambda m: {"box": _loose_box(m)}) > 0.9
    clicks = lambda m: {"scribbles": _click_and_ring(m) * (_click_and_ring(m) == OBJECT)}  # noqa: E731
    assert _mean_iou(hints.acwe, clicks) > 0.9


def test_the_geodesic_contour_shrinks_from_a_box_and_grows_from_a_click():
    box_prompt = lambda m: {"box": _loose_box(m)}  # noqa: E731
    assert _mean_iou(hints.geodesic_contour, box_prompt) > 0.9
    mask = OBJECTS[0]
    top, left, bottom, right = _loose_box(mask)
    shrunk = hints.geodesic_contour(NOISY.image, box=(top, left, bottom, right))
    assert not shrunk[:top].any() and not shrunk[bottom:].any()  # it never left the box
    click = _click_and_ring(mask) * (_click_and_ring(mask) == OBJECT)
    grown = hints.geodesic_contour(NOISY.image, scribbles=click)
    assert grown.sum() > 3 * (click > 0).sum() and iou(mask, grown) > 0.9


def test_contours_on_real_nuclei_from_a_click(shared_data):
    from segutils.datasets import load_dsb2018

    scores = []
    for nuclei in load_dsb2018(kind="fluorescence", root=shared_data / "dsb2018-subset")[:3]:
        sizes = np.bincount(nuclei.labels.ravel())[1:]
        mask = nuclei.labels == 1 + np.argmax(sizes)  # the largest nucleus
        marks = _click_and_ring(mask)
        scores.append(iou(mask, hints.acwe(nuclei.image, scribbles=marks * (marks == OBJECT))))
        scores.append(iou(mask, hints.random_walker(nuclei.image, scribbles=marks) > 0))
    assert np.mean(scores) > 0.85, scores


def test_the_pixel_classifier_equals_scikit_images_fit_segmenter():
    marks = _sparse(NOISY.mask, keep=0.01)
    settings = dict(sigma_min=1.0, sigma_max=8.0, intensity=True, edges=False, texture=True)
    ours = hints.pixel_classifier(
        NOISY.image, scribbles=marks, n_estimators=20, max_depth=8, seed=3, **settings
    )
    features = feature.multiscale_basic_features(NOISY.image, **settings)
    forest = RandomForestClassifier(n_estimators=20, max_depth=8, n_jobs=1, random_state=3)
    theirs = future.predict_segmenter(features, future.fit_segmenter(marks, features, forest))
    np.testing.assert_array_equal(ours, theirs - 1)
    assert ours.dtype == np.int32 and iou(NOISY.mask, ours > 0) > 0.9


def test_a_classifier_fitted_on_truth_masks_labels_a_new_image():
    train = [synthetic((128, 128), difficulty=0.3, seed=seed) for seed in (1, 2, 3)]
    classifier = hints.fit_pixel_classifier(
        [one.image for one in train],
        [np.where(one.labels > 0, OBJECT, BACKGROUND) for one in train],
        sigma_max=8.0,
        sample_size=3000,
    )
    assert iou(NOISY.mask, classifier.predict(NOISY.image) > 0) > 0.9
    again = hints.fit_pixel_classifier(
        [one.image for one in train],
        [np.where(one.labels > 0, OBJECT, BACKGROUND) for one in train],
        sigma_max=8.0,
        sample_size=3000,
    )
    np.testing.assert_array_equal(again.predict(NOISY.image), classifier.predict(NOISY.image))
    # On one image and its scribbles, fitting then predicting is the registered method.
    marks = _sparse(NOISY.mask, keep=0.01)
    alone = hints.fit_pixel_classifier([NOISY.image], [marks], n_estimators=20)
    np.testing.assert_array_equal(
        alone.predict(NOISY.image),
        hints.pixel_classifier(NOISY.image, scribbles=marks, n_estimators=20),
    )


def test_fit_pixel_classifier_has_the_registered_methods_defaults():
    import inspect

    fitted = inspect.signature(hints.fit_pixel_classifier).parameters
    for name, control in params.keyword_parameters(hints.pixel_classifier).items():
        assert fitted[name].default == control.default, name


def test_the_classifier_keeps_the_features_of_recent_images():
    from segutils.hints import classifier

    settings = classifier._FeatureSettings(1.0, 4.0, True, True, False)
    first = classifier._features(NOISY.image, settings)
    assert classifier._features(NOISY.image.copy(), settings) is first  # same bytes: kept
    assert not first.flags.writeable
    edited = NOISY.image.copy()
    edited[0, 0] = 1 - edited[0, 0]
    assert classifier._features(edited, settings) is not first
    other = classifier._FeatureSettings(1.0, 4.0, True, False, False)
    assert classifier._features(NOISY.image, other).shape[-1] < first.shape[-1]


def test_every_hint_method_refuses_a_call_without_the_hints_it_needs():
    image = NOISY.image
    one_label = np.where(OBJECTS[0], OBJECT, 0).astype(np.int32)
    for method in (hints.random_walker, hints.pixel_classifier):
        with pytest.raises(ValueError, match=r"needs scribbles of at least 2 labels.*got none"):
            method(image)
        with pytest.raises(ValueError, match=r"got only label 2. Mark some background with 1"):
            method(image, scribbles=one_label)
        with pytest.raises(ValueError, match="got no marked pixel"):
            method(image, scribbles=np.zeros(image.shape, int))
    with pytest.raises(ValueError, match=r"grabcut\(\) needs a box or scribbles, got neither"):
        hints.grabcut(image)
    with pytest.raises(ValueError, match="needs scribbles of both labels when no box is given"):
        hints.grabcut(image, scribbles=one_label)
    with pytest.raises(ValueError, match="the box covers the whole image"):
        hints.grabcut(image, box=(0, 0, 256, 256))
    with pytest.raises(ValueError, match="background strokes cover the whole box"):
        hints.grabcut(image, box=(10, 10, 20, 20), scribbles=np.ones(image.shape, int))
    for method in (hints.acwe, hints.geodesic_contour):
        with pytest.raises(ValueError, match=r"needs a box or object scribbles.*got neither"):
            method(image)
        with pytest.raises(ValueError, match="got scribbles without an object stroke"):
            method(image, scribbles=np.ones(image.shape, int))
    with pytest.raises(ValueError, match="hints.random_walker needs an image with contrast"):
        hints.random_walker(np.full((8, 8), 0.5, np.float32), scribbles=np.eye(8, dtype=int) + 1)


def test_hint_methods_check_their_hints_and_settings():
    image = NOISY.image
    marks = _click_and_ring(OBJECTS[0])
    with pytest.raises(ValueError, match=r"hints.grabcut\(\): box .*outside the 256x256 image"):
        hints.grabcut(image, box=(0, 0, 300, 100))
    with pytest.raises(ValueError, match=r"hints.acwe\(\): box .*inverted"):
        hints.acwe(image, box=(100, 10, 50, 60))
    with pytest.raises(ValueError, match=r"random_walker\(\): scribbles .*got shape \(128, 256\)"):
        hints.random_walker(image, scribbles=marks[:128])
    with pytest.raises(TypeError, match=r"np.where\(mask, OBJECT, BACKGROUND\)"):
        hints.pixel_classifier(image, scribbles=OBJECTS[0])
    with pytest.raises(ValueError, match="sigma_min=8 is above sigma_max=2"):
        hints.pixel_classifier(image, scribbles=marks, sigma_min=8.0, sigma_max=2.0)
    with pytest.raises(ValueError, match="intensity, edges and texture are all False"):
        hints.pixel_classifier(image, scribbles=marks, intensity=False, edges=False, texture=False)


def test_fit_pixel_classifier_refuses_what_it_cannot_train_on():
    gray, rgb = NOISY.image, as_image(data.astronaut())[:64, :64]
    marks = _click_and_ring(OBJECTS[0])
    fit = hints.fit_pixel_classifier
    with pytest.raises(ValueError, match="one scribbles array per image.*got 2 images and 1"):
        fit([gray, gray], [marks])
    with pytest.raises(ValueError, match="got 0 images"):
        fit([], [])
    with pytest.raises(TypeError, match=r"for one image pass \[image\] and \[scribbles\]"):
        fit(gray, marks)
    with pytest.raises(ValueError, match="mix gray and RGB"):
        fit([gray, rgb], [marks, np.zeros((64, 64), int)])
    with pytest.raises(ValueError, match=r"fit_pixel_classifier\[1\]\(\): scribbles .*shape"):
        fit([gray, gray], [marks, marks[:10]])
    with pytest.raises(ValueError, match="scribbles 0 is None"):
        fit([gray], [None])
    with pytest.raises(ValueError, match="got only label 1"):
        fit([gray], [np.where(marks == BACKGROUND, BACKGROUND, 0)])
    with pytest.raises(ValueError, match=r"fit_pixel_classifier\(\): n_estimators=0 is outside"):
        fit([gray], [marks], n_estimators=0)
    with pytest.raises(ValueError, match="sigma_min=4 is above sigma_max=2"):
        fit([gray], [marks], sigma_min=4.0, sigma_max=2.0)
    classifier = fit([gray], [marks], n_estimators=10)
    with pytest.raises(ValueError, match="trained on gray images and got a RGB one"):
        classifier.predict(rgb)
