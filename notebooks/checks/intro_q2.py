"""Exercise 2 of 00_intro: a nucleus mask from a fixed threshold.

The expected mask is stored as a digest (SHA-256 of its bytes), with its pixel count for the
feedback; tests/test_check_secrets.py recomputes both from the notebook's image.
"""

from otter.test_files import test_case

OK_FORMAT = False

name = "intro_q2"
points = 1


@test_case(points=1)
def test_threshold_mask(my_mask, image, truth_mask):
    import hashlib

    import numpy as np

    MASK = "8e2ff5d8ebfc00a0"
    MASK_PIXELS = 8704

    assert my_mask is not ... and my_mask is not None, "Replace ... with your mask."
    my_mask = np.asarray(my_mask)
    assert my_mask.shape == image.shape, (
        f"The mask has shape {my_mask.shape}, the image {image.shape}: compare image itself."
    )
    assert my_mask.dtype == bool, (
        f"The mask has dtype {my_mask.dtype}; a comparison of image with a number gives bool."
    )
    if hashlib.sha256((~my_mask).tobytes()).hexdigest()[:16] == MASK:
        raise AssertionError("The mask is inverted: nuclei are the *brighter* pixels.")
    assert hashlib.sha256(my_mask.tobytes()).hexdigest()[:16] == MASK, (
        f"Not quite: your mask has {int(my_mask.sum())} pixels, the threshold at 0.15 gives "
        f"{MASK_PIXELS}. Keep the pixels of image strictly brighter than 0.15."
    )
    from segutils import iou

    print(f"Your mask has IoU {iou(truth_mask, my_mask):.3f} against the ground truth.")
