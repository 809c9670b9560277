"""Hidden check of region_q1 (instructor's autograder only; students never receive it).

The tolerance is used on the exercise's image and on a held-back image of the same kind
(seed 7), at the public check's bar (IoU 0.85) on both.
"""

from otter.test_files import test_case

OK_FORMAT = False

name = "region_q1"
points = 1


@test_case(points=1, hidden=True)
def test_tolerance_on_held_back_image(my_tolerance):
    import numpy as np

    from segutils import iou, region, synthetic

    assert my_tolerance is not ... and my_tolerance is not None, "No tolerance."
    tolerance = float(my_tolerance)
    # The public check's condition first, on its own copy of `harder` (seed 4): IoU >= 0.85.
    # Measured over tolerances 0.02..0.49 in steps of 0.01: 0.23..0.26 pass there.
    harder = synthetic((256, 256), n_objects=8, difficulty=0.7, seed=4)
    truth = harder.labels == 1
    seed = np.round(np.argwhere(truth).mean(axis=0)).astype(int)
    grown = region.grow(harder.image, [seed], tolerance=tolerance) == 1
    assert iou(truth, grown) >= 0.85, "IoU below 0.85 on the exercise's image."
    # The same bar on a held-back image of the same kind (seed 7), where 0.21..0.31 pass: each
    # tolerance that passes above scores >= 0.881 here, section 1's 0.2 scores 0.833.
    held_back = synthetic((256, 256), n_objects=8, difficulty=0.7, seed=7)
    truth = held_back.labels == 1
    seed = np.round(np.argwhere(truth).mean(axis=0)).astype(int)
    grown = region.grow(held_back.image, [seed], tolerance=tolerance) == 1
    score = iou(truth, grown)
    assert score >= 0.85, f"IoU {score:.3f} on a held-back image with the same tolerance."
