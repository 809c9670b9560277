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
    from segutils.metrics import boundary, boundary_match, instances, pixel, regions

    assert su.iou is metrics.iou is pixel.iou
    assert su.metrics.evaluate is pixel.evaluate
    for name in ("confusion_matrix", "dice", "pixel_accuracy", "segmentation_scores"):
        assert getattr(su, name) is getattr(pixel, name)
    modules = (pixel, regions, boundary, boundary_match, instances)
    assert sorted(metrics.__all__) == sorted(sum((m.__all__ for m in modules), []))
    assert all(callable(getattr(metrics, name)) for name in metrics.__all__)
