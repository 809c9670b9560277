"""Exercise 3 of 00_intro: pixel accuracy of the empty membrane prediction."""

from otter.test_files import test_case

OK_FORMAT = False

name = "intro_q3"
points = 1


@test_case(points=1)
def test_accuracy_trap(trap_accuracy, trap_iou, em_membrane):
    import numpy as np

    for label, value in (("trap_accuracy", trap_accuracy), ("trap_iou", trap_iou)):
        assert value is not ... and value is not None, f"Replace ... in {label} with a number."
        assert isinstance(value, int | float | np.number), f"{label} should be a number."
    expected_accuracy = 1.0 - float(em_membrane.mean())
    if 1 < float(trap_accuracy) <= 100:
        raise AssertionError("Give trap_accuracy as a fraction (0.78), not a percentage (78).")
    if abs(float(trap_accuracy) - float(em_membrane.mean())) < 1e-6:
        raise AssertionError(
            "That is the accuracy of predicting membrane *everywhere*; build the all-False mask."
        )
    assert abs(float(trap_accuracy) - expected_accuracy) < 1e-6, (
        "trap_accuracy is off: predict False everywhere (np.zeros_like(em_membrane)) and compute "
        "it with su.pixel_accuracy(em_membrane, that_mask) rather than typing a rounded number."
    )
    assert abs(float(trap_iou)) < 1e-9, "An empty prediction overlaps nothing: its IoU is 0."
