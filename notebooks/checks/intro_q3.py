"""Exercise 3 of 00_intro: pixel accuracy of the empty membrane prediction.

The accuracy and the all-membrane confusion are stored as digests (SHA-256 of the value
written with 6 decimals); tests/test_check_secrets.py recomputes them from the ISBI slice.
"""

from otter.test_files import test_case

OK_FORMAT = False

name = "intro_q3"
points = 1


@test_case(points=1)
def test_accuracy_trap(trap_accuracy, trap_iou):
    import hashlib

    import numpy as np

    EMPTY_ACCURACY = "befebb74294a67b2"
    FULL_ACCURACY = "c71337bac4c1b5b8"

    def matches(value, stored, decimals):
        """Whether value, to `decimals` decimals or one last digit off, hashes to stored."""
        step = 10.0**-decimals
        texts = (f"{value + k * step:.{decimals}f}" for k in (-1, 0, 1))
        return any(hashlib.sha256(t.encode()).hexdigest()[:16] == stored for t in texts)

    for label, value in (("trap_accuracy", trap_accuracy), ("trap_iou", trap_iou)):
        assert value is not ... and value is not None, f"Replace ... in {label} with a number."
        assert isinstance(value, int | float | np.number), f"{label} should be a number."
    if 1 < float(trap_accuracy) <= 100:
        raise AssertionError("Give trap_accuracy as a fraction (0.78), not a percentage (78).")
    if matches(float(trap_accuracy), FULL_ACCURACY, 6):
        raise AssertionError(
            "That is the accuracy of predicting membrane *everywhere*; build the all-False mask."
        )
    assert matches(float(trap_accuracy), EMPTY_ACCURACY, 6), (
        "trap_accuracy is off: predict False everywhere and compute its accuracy against "
        "em_membrane with su.pixel_accuracy rather than typing a rounded number."
    )
    assert abs(float(trap_iou)) < 1e-9, "An empty prediction overlaps nothing: its IoU is 0."
