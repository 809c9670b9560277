import numpy as np
import pytest
from sklearn import metrics as skm

from segutils.metrics import confusion_matrix, dice, iou, pixel_accuracy, segmentation_scores


def test_hand_computed_binary_case():
    # 3x3 truth with 4 foreground pixels; the prediction hits 3, misses 1, adds 2.
    truth = np.array([[1, 1, 0], [1, 1, 0], [0, 0, 0]], bool)
    prediction = np.array([[1, 1, 1], [1, 0, 0], [0, 0, 1]], bool)
    # TP=3, FP=2, FN=1, TN=3
    assert iou(truth, prediction) == pytest.approx(3 / 6)
    assert dice(truth, prediction) == pytest.approx(6 / 9)
    assert pixel_accuracy(truth, prediction) == pytest.approx(6 / 9)
    np.testing.assert_array_equal(confusion_matrix(truth, prediction), [[3, 2], [1, 3]])


def test_hand_computed_multiclass_case():
    truth = np.array([0, 0, 1, 1, 2, 2])
    prediction = np.array([0, 1, 1, 1, 2, 0])
    # class 0: TP1 FP1 FN1 -> 1/3; class 1: TP2 FP1 FN0 -> 2/3; class 2: TP1 FP0 FN1 -> 1/2
    np.testing.assert_allclose(iou(truth, prediction, per_class=True), [1 / 3, 2 / 3, 1 / 2])
    np.testing.assert_allclose(dice(truth, prediction, per_class=True), [1 / 2, 4 / 5, 2 / 3])
    assert iou(truth, prediction) == pytest.approx((1 / 3 + 2 / 3 + 1 / 2) / 3)


def test_all_background_shows_why_pixel_accuracy_misleads():
    truth = np.zeros((10, 10), bool)
    truth[:1] = True  # 10 % foreground
    nothing = np.zeros_like(truth)
    assert pixel_accuracy(truth, nothing) == pytest.approx(0.9)
    assert iou(truth, nothing) == 0.0 and dice(truth, nothing) == 0.0


def test_two_empty_masks_agree_perfectly():
    empty = np.zeros((4, 4), bool)
    assert iou(empty, empty) == 1.0 and dice(empty, empty) == 1.0


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_against_scikit_learn_binary(seed):
    rng = np.random.default_rng(seed)
    truth = rng.random((40, 50)) < 0.3
    prediction = rng.random((40, 50)) < 0.4
    t, p = truth.ravel(), prediction.ravel()
    assert iou(truth, prediction) == pytest.approx(skm.jaccard_score(t, p))
    assert dice(truth, prediction) == pytest.approx(skm.f1_score(t, p))
    assert pixel_accuracy(truth, prediction) == pytest.approx(skm.accuracy_score(t, p))
    np.testing.assert_array_equal(confusion_matrix(truth, prediction), skm.confusion_matrix(t, p))


@pytest.mark.parametrize("seed", [0, 1])
def test_against_scikit_learn_multiclass(seed):
    rng = np.random.default_rng(seed)
    truth = rng.integers(0, 4, (30, 30))
    prediction = np.where(rng.random((30, 30)) < 0.6, truth, rng.integers(0, 5, (30, 30)))
    t, p = truth.ravel(), prediction.ravel()
    assert iou(truth, prediction) == pytest.approx(skm.jaccard_score(t, p, average="macro"))
    assert dice(truth, prediction) == pytest.approx(skm.f1_score(t, p, average="macro"))
    np.testing.assert_allclose(
        iou(truth, prediction, per_class=True), skm.jaccard_score(t, p, average=None)
    )
    np.testing.assert_array_equal(confusion_matrix(truth, prediction), skm.confusion_matrix(t, p))


def test_absent_class_is_nan_per_class_and_skipped_in_the_mean():
    truth = np.array([0, 0, 2, 2])
    prediction = np.array([0, 0, 2, 2])
    per_class = iou(truth, prediction, per_class=True)
    assert np.isnan(per_class[1]) and iou(truth, prediction) == 1.0
    assert len(dice(truth, prediction, per_class=True, n_classes=5)) == 5


def test_scores_dict():
    truth = np.array([True, True, False, False])
    scores = segmentation_scores(truth, np.array([True, False, False, False]))
    assert scores == pytest.approx({"pixel_accuracy": 0.75, "iou": 0.5, "dice": 2 / 3})


def test_bad_input_says_what_to_do():
    with pytest.raises(ValueError, match=r"shape \(2, 2\) but prediction has shape \(3, 3\)"):
        iou(np.zeros((2, 2), bool), np.zeros((3, 3), bool))
    with pytest.raises(TypeError, match="probability > 0.5"):
        iou(np.zeros((2, 2), int), np.zeros((2, 2), float))
    with pytest.raises(TypeError, match="prediction has dtype float64.*probability > 0.5"):
        iou(np.zeros((2, 2), bool), np.zeros((2, 2), float))
    with pytest.raises(TypeError, match="labels > 0"):
        iou(np.zeros((2, 2), bool), np.zeros((2, 2), int))
    with pytest.raises(ValueError, match="negative labels"):
        iou(np.array([0, -1]), np.array([0, 1]))
    with pytest.raises(ValueError, match="too small"):
        confusion_matrix(np.array([0, 3]), np.array([0, 1]), n_classes=2)


def test_the_metrics_package_keeps_every_name_where_it_was():
    import segutils as su
    from segutils import metrics
    from segutils.metrics import boundary, boundary_match, classes, instances, pixel, regions

    assert su.iou is metrics.iou is pixel.iou
    assert su.metrics.evaluate is pixel.evaluate
    for name in ("confusion_matrix", "dice", "pixel_accuracy", "segmentation_scores"):
        assert getattr(su, name) is getattr(pixel, name)
    modules = (pixel, regions, boundary, boundary_match, instances, classes)
    assert sorted(metrics.__all__) == sorted(sum((m.__all__ for m in modules), []))
    assert all(callable(getattr(metrics, name)) for name in metrics.__all__)


# ---- labels counted by the classes present, not by their values --------------------------------


@pytest.mark.parametrize(
    "dtype", [bool, np.uint8, np.int8, np.uint16, np.int32, np.uint32, np.int64, np.uint64]
)
def test_compact_labels_is_numpys_unique_with_the_inverse(dtype):
    from segutils.masks import compact_labels

    rng = np.random.default_rng(3)
    if dtype is bool:
        cases = [rng.random((13, 17)) < 0.5]
    else:
        info = np.iinfo(dtype)  # a few labels near 0, near the top, and over the whole type
        spans = [(0, 5), (info.max - 6, info.max), (info.min, info.max)]
        cases = [
            rng.integers(low, high, (13, 17), dtype=dtype, endpoint=True) for low, high in spans
        ]
    for labels in cases:
        codes, values = compact_labels(labels)
        expected_values, expected_codes = np.unique(labels, return_inverse=True)
        np.testing.assert_array_equal(values, expected_values)
        np.testing.assert_array_equal(codes, expected_codes.reshape(labels.shape))
        assert codes.dtype == np.intp and values.dtype == labels.dtype


def test_compact_labels_keeps_zero_for_the_background_and_matches_scikit_image():
    from skimage.segmentation import relabel_sequential

    from segutils.masks import compact_labels

    labels = np.array([[5, 5, 0], [10**9, 7, 7]], np.int64)
    codes, values = compact_labels(labels, keep_zero=True)
    expected, forward, _ = relabel_sequential(np.unique(labels, return_inverse=True)[1])
    np.testing.assert_array_equal(codes, expected.reshape(labels.shape))
    assert values.tolist() == [0, 5, 7, 10**9]
    codes, values = compact_labels(labels[1:], keep_zero=True)  # no background pixel
    assert codes.tolist() == [[2, 1, 1]] and values.tolist() == [0, 7, 10**9]
    with pytest.raises(ValueError, match="negative values"):
        compact_labels(np.array([-1, 3]), keep_zero=True)
    with pytest.raises(TypeError, match="float64"):
        compact_labels(np.array([0.5]))


MASK16 = np.zeros((64, 64), np.uint16)  # a binary mask as 16-bit tools save it
MASK16[16:48, 10:40] = 65535


def test_a_16_bit_mask_of_0_and_65535_is_refused_as_labels_like_an_8_bit_one():
    shifted = np.roll(MASK16, 3, axis=1)
    for function in (iou, dice, segmentation_scores, confusion_matrix):
        with pytest.raises(ValueError, match=r"only 0 and 65535: a mask saved as a 16-bit image"):
            function(MASK16, shifted)  # its foreground is class 65535: 0 against labels of 1
    foreground = (MASK16 > 0).ravel(), (shifted > 0).ravel()
    assert iou(MASK16 > 0, shifted > 0) == pytest.approx(skm.jaccard_score(*foreground))
    with pytest.raises(ValueError, match=r"only 0 and 255: a mask saved as an 8-bit image"):
        iou((MASK16 > 0).astype(np.uint8) * 255, shifted > 0)
    three_labels = MASK16.copy()
    three_labels[0, 0] = 7  # a third value: labels after all, counted by the distinct labels
    t, p = three_labels.ravel(), np.roll(three_labels, 3, axis=1).ravel()
    assert iou(t, p) == pytest.approx(skm.jaccard_score(t, p, average="macro"))
    with pytest.raises(ValueError, match="pass labels > 0"):
        confusion_matrix(t, p)  # 65536 x 65536 cells: refused, not 32 GiB


def test_labels_far_apart_cost_nothing_and_agree_with_scikit_learn():
    three, far = np.array([[3]], np.int32), np.array([[26151]], np.int32)
    assert iou(three, far) == 0.0 and dice(three, far) == 0.0  # the fuzz harness's 5.1 GiB case
    assert iou(three, three) == 1.0
    rng = np.random.default_rng(5)
    ids = rng.choice(np.array([0, 10**9, 10**9 + 7, 2 * 10**9, 4 * 10**9]), (40, 50))
    prediction = np.where(rng.random(ids.shape) < 0.7, ids, np.roll(ids, 1, axis=0))
    for dtype in (np.int64, np.uint32, np.uint64):
        t, p = ids.astype(dtype), prediction.astype(dtype)
        expected = skm.jaccard_score(t.ravel(), p.ravel(), average="macro")
        assert iou(t, p) == pytest.approx(expected)
        assert dice(t, p) == pytest.approx(skm.f1_score(t.ravel(), p.ravel(), average="macro"))
        codes = np.unique(np.stack([t, p]), return_inverse=True)[1].reshape(2, *t.shape)
        assert segmentation_scores(t, p) == segmentation_scores(codes[0], codes[1])


def test_outputs_indexed_by_class_value_are_refused_when_huge():
    three, far = np.array([[3]], np.int32), np.array([[26151]], np.int32)
    with pytest.raises(ValueError, match=r"0\.\.26151 \(683,927,104 cells.*np\.unique"):
        confusion_matrix(three, far)
    with pytest.raises(ValueError, match="more than the 16,777,216 allowed"):
        confusion_matrix(np.array([0, 1]), np.array([0, 1]), n_classes=5000)
    ids = np.array([[0, 10**9]], np.int64)
    with pytest.raises(ValueError, match="per_class=False"):
        iou(ids, ids, per_class=True)
    assert iou(three, far, per_class=True).shape == (26152,)  # a vector of that size is fine
    assert confusion_matrix(three, three, n_classes=4096).shape == (4096, 4096)  # the limit


def test_labels_of_two_integer_types_are_compared_by_value():
    # NumPy promotes int64 with uint64 to float64; the labels must stay integers, all of them.
    truth = np.array([[0, 10**9, 10**9, 7]], np.int64)
    prediction = np.array([[0, 2**63 + 5, 10**9, 7]], np.uint64)
    expected = skm.jaccard_score(
        truth.ravel().astype(str), prediction.ravel().astype(str), average="macro"
    )
    assert iou(truth, prediction) == pytest.approx(expected)
    assert iou(truth.astype(np.uint32), truth) == 1.0
    assert segmentation_scores(truth, prediction)["pixel_accuracy"] == 0.75
