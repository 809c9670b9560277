"""Hints a person gives (a box, scribbles): their checks, the registry's rules, and the methods."""

from typing import Annotated

import numpy as np
import pytest

from segutils import params
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
