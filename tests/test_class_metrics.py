"""The benchmarks' mean IoU over named classes with a void label, against scikit-learn."""

import numpy as np
import pytest
from sklearn import metrics as skm

from segutils.metrics import class_confusion, class_iou, mean_iou

VOID = 11


def _maps(seed, shape=(40, 60), classes=11, void_share=0.1):
    rng = np.random.default_rng(seed)
    truth = rng.integers(0, classes, shape)
    truth[rng.random(shape) < void_share] = VOID
    prediction = np.where(rng.random(shape) < 0.6, truth, rng.integers(0, classes, shape))
    prediction[truth == VOID] = rng.integers(0, classes, int((truth == VOID).sum()))
    return truth, np.minimum(prediction, classes - 1)


@pytest.mark.parametrize("seed", range(5))
def test_confusion_and_class_iou_match_scikit_learn_on_the_non_void_pixels(seed):
    truth, prediction = _maps(seed)
    kept = truth != VOID
    matrix = class_confusion(truth, prediction, 11, void=VOID)
    expected = skm.confusion_matrix(truth[kept], prediction[kept], labels=range(11))
    np.testing.assert_array_equal(matrix, expected)
    reference = skm.jaccard_score(truth[kept], prediction[kept], labels=range(11), average=None)
    np.testing.assert_allclose(class_iou(matrix), reference)
    present = np.union1d(truth[kept], prediction[kept])
    macro = skm.jaccard_score(truth[kept], prediction[kept], labels=present, average="macro")
    assert mean_iou(truth, prediction, 11, void=VOID) == pytest.approx(macro)


def test_void_pixels_are_not_scored_whatever_the_prediction_says_there():
    truth = np.array([[0, 0, 1, VOID, VOID]])
    right = np.array([[0, 0, 1, 0, 0]])
    wrong_on_void = np.array([[0, 0, 1, 1, 1]])
    assert mean_iou(truth, right, 11, void=VOID) == mean_iou(truth, wrong_on_void, 11, void=VOID)
    assert mean_iou(truth, right, 11, void=VOID) == 1.0
    assert np.isnan(mean_iou(np.full((2, 2), VOID), np.zeros((2, 2), int), 11, void=VOID))


def test_summed_matrices_give_the_dataset_iou_not_the_mean_of_images():
    pairs = [_maps(seed, classes=4, void_share=0.0) for seed in range(3)]
    pairs = [(t.clip(0, 3), p) for t, p in pairs]
    total = sum(class_confusion(t, p, 4) for t, p in pairs)
    pooled_truth = np.concatenate([t.ravel() for t, _ in pairs])
    pooled_prediction = np.concatenate([p.ravel() for _, p in pairs])
    reference = skm.jaccard_score(pooled_truth, pooled_prediction, average=None)
    np.testing.assert_allclose(class_iou(total), reference)
    absent = class_iou(np.array([[3, 0, 0], [0, 0, 0], [1, 0, 2]]))
    assert np.isnan(absent[1]) and absent[0] == 0.75 and absent[2] == pytest.approx(2 / 3)


def test_bad_class_maps_are_refused_with_what_to_do():
    truth = np.array([[0, 1, 12]])
    with pytest.raises(ValueError, match=r"truth holds \[12\], neither a class 0..10 or the void"):
        class_confusion(truth, np.zeros((1, 3), int), 11, void=VOID)
    with pytest.raises(ValueError, match=r"prediction holds \[11\] where the truth has a class"):
        class_confusion(np.zeros((1, 3), int), np.array([[0, 11, 0]]), 11, void=VOID)
    with pytest.raises(ValueError, match="void=3 is also class 3"):
        class_confusion(np.zeros((1, 3), int), np.zeros((1, 3), int), 11, void=3)
    with pytest.raises(ValueError, match="must match pixel for pixel"):
        class_confusion(np.zeros((2, 3), int), np.zeros((3, 2), int), 11)
    with pytest.raises(TypeError):
        class_confusion(np.zeros((1, 3)), np.zeros((1, 3), int), 11)
    with pytest.raises(ValueError, match="n_classes must be a whole number"):
        mean_iou(np.zeros((1, 3), int), np.zeros((1, 3), int), 0)
    with pytest.raises(ValueError, match="square"):
        class_iou(np.ones((2, 3)))
