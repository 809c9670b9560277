"""Exercise 2 of 00_intro: a nucleus mask from a fixed threshold."""

from otter.test_files import test_case

OK_FORMAT = False

name = "intro_q2"
points = 1


@test_case(points=1)
def test_threshold_mask(my_mask, image, truth_mask):
    import numpy as np

    assert my_mask is not ... and my_mask is not None, "Replace ... with your mask."
    my_mask = np.asarray(my_mask)
    assert my_mask.shape == image.shape, (
        f"The mask has shape {my_mask.shape}, the image {image.shape}: compare image itself."
    )
    assert my_mask.dtype == bool, (
        f"The mask has dtype {my_mask.dtype}; a comparison such as image > 0.15 gives bool."
    )
    expected = image > 0.15
    if np.array_equal(my_mask, ~expected):
        raise AssertionError("The mask is inverted: nuclei are the *brighter* pixels.")
    assert np.array_equal(my_mask, expected), "Not quite: use image > 0.15, strictly brighter."
    from segutils import iou

    print(f"Your mask has IoU {iou(truth_mask, my_mask):.3f} against the ground truth.")
