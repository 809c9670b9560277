"""Exercise 1 of 00_intro: IoU of two small masks, by hand.

The answer and the two classic confusions are stored as digests (SHA-256 of the value written
with 3 decimals), so that this file, which students can read, does not hold the IoU.
tests/test_check_secrets.py recomputes each digest from the notebook's masks.
"""

from otter.test_files import test_case

OK_FORMAT = False

name = "intro_q1"
points = 1


@test_case(points=1)
def test_iou_by_hand(my_iou):
    import hashlib

    import numpy as np

    IOU = "3a46e5d357db8449"
    DICE = "31f551efafe00789"
    PIXEL_ACCURACY = "1d1645fe778c1295"

    def matches(value, stored, decimals):
        """Whether value, to `decimals` decimals or one last digit off, hashes to stored."""
        step = 10.0**-decimals
        texts = (f"{value + k * step:.{decimals}f}" for k in (-1, 0, 1))
        return any(hashlib.sha256(t.encode()).hexdigest()[:16] == stored for t in texts)

    assert my_iou is not ... and my_iou is not None, "Replace ... with your IoU (a number)."
    assert isinstance(my_iou, int | float | np.number), (
        f"my_iou should be a number, got {type(my_iou).__name__}."
    )
    value = float(my_iou)
    if matches(value, DICE, 3):
        raise AssertionError(f"{value:.3f} is the Dice score: IoU divides TP by TP + FP + FN.")
    if matches(value, PIXEL_ACCURACY, 3):
        raise AssertionError(f"{value:.3f} is the pixel accuracy: IoU leaves out TN.")
    assert matches(value, IOU, 3), (
        f"{value:.3f} is not the IoU. Count TP = truth & prediction, FP = ~truth & prediction, "
        "FN = truth & ~prediction, then IoU = TP / (TP + FP + FN)."
    )
