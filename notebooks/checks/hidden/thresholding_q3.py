"""Hidden check of thresholding_q3 (instructor's autograder only; students never receive it).

The public check's condition on its own copy of `uneven` first, then the answer cell again on
another unevenly lit image (seed 5), at the same bar (IoU 0.95).
"""

from otter.test_files import test_case

OK_FORMAT = False

name = "thresholding_q3"
points = 1


@test_case(points=1, hidden=True)
def test_local_threshold_on_held_back_image(env, my_local_mask):
    from types import SimpleNamespace

    import numpy as np

    from segutils import iou, synthetic
    from segutils.classroom.rerun import rerun_answer_cell

    assert my_local_mask is not ... and my_local_mask is not None, "No mask."
    # The public check's condition, on its own copy of `uneven` (section 4): IoU >= 0.95.
    uneven = synthetic((256, 256), difficulty=0.2, illumination=0.7, seed=2)
    mask_here = np.asarray(my_local_mask)
    assert mask_here.shape == uneven.mask.shape, "The mask does not have the image's shape."
    assert not np.array_equal(mask_here, uneven.mask), "That is the ground truth itself."
    assert iou(uneven.mask, mask_here) >= 0.95, "IoU below 0.95 on uneven."
    # The same bar, 0.95, on a held-back image, whose ground truth the answer cannot see (only
    # .image is given). Measured for threshold.local on block_size 31..151 x offset
    # -0.02..-0.2: every setting that reaches 0.95 on `uneven` scores >= 0.951 here, every one
    # that misses scores <= 0.946; section 4's (101, -0.05) 0.906, the reference (101, -0.1) 0.982.
    held_back = synthetic((256, 256), difficulty=0.2, illumination=0.7, seed=5)
    image_only = SimpleNamespace(image=held_back.image)
    mask = np.asarray(rerun_answer_cell(env, "my_local_mask", uneven=image_only)["my_local_mask"])
    score = iou(held_back.mask, mask)
    assert score >= 0.95, f"IoU {score:.3f} < 0.95 on a held-back unevenly lit image."
