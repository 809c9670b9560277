"""Exercise 1 of 00_intro: IoU of two small masks, by hand."""

from otter.test_files import test_case

OK_FORMAT = False

name = "intro_q1"
points = 1


@test_case(points=1)
def test_iou_by_hand(my_iou, small_truth, small_prediction):
    import numpy as np

    assert my_iou is not ... and my_iou is not None, "Replace ... with your IoU (a number)."
    assert isinstance(my_iou, int | float | np.number), (
        f"my_iou should be a number, got {type(my_iou).__name__}."
    )
    value = float(my_iou)
    tp = int((small_truth & small_prediction).sum())
    fp = int((~small_truth & small_prediction).sum())
    fn = int((small_truth & ~small_prediction).sum())
    tn = small_truth.size - tp - fp - fn
    if abs(value - 2 * tp / (2 * tp + fp + fn)) < 5e-3:
        raise AssertionError(f"{value:.3f} is the Dice score: IoU divides TP by TP + FP + FN.")
    if abs(value - (tp + tn) / small_truth.size) < 5e-3:
        raise AssertionError(f"{value:.3f} is the pixel accuracy: IoU leaves out TN.")
    assert abs(value - tp / (tp + fp + fn)) < 5e-3, (
        f"{value:.3f} is not the IoU. Count TP = truth & prediction, FP = ~truth & prediction, "
        "FN = truth & ~prediction, then IoU = TP / (TP + FP + FN)."
    )
