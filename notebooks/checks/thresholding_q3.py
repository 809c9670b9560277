"""Exercise 3 of 01_thresholding: a local threshold that copes with uneven light."""

from otter.test_files import test_case

OK_FORMAT = False

name = "thresholding_q3"
points = 1


@test_case(points=1)
def test_local_threshold(my_local_mask, uneven):
    import numpy as np

    from segutils import iou

    assert my_local_mask is not ... and my_local_mask is not None, "Replace ... with your mask."
    mask = np.asarray(my_local_mask)
    assert mask.shape == uneven.mask.shape, (
        f"The mask has shape {mask.shape}; it must match the image {uneven.mask.shape}."
    )
    assert mask.dtype == bool, f"The mask should be bool, not {mask.dtype}."
    assert not np.array_equal(mask, uneven.mask), (
        "That is the ground truth itself: compute a mask from uneven.image."
    )
    score = iou(uneven.mask, mask)
    assert score >= 0.95, (
        f"IoU {score:.3f} < 0.95. Make block_size larger than the objects (about 100) and the "
        "offset negative enough that the noisy background stays out."
    )
    print(f"IoU {score:.3f}: the light no longer decides.")
