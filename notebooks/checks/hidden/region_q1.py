"""Hidden check of region_q1 (instructor's autograder only; students never receive it).

The tolerance is used on a held-back image of the same kind (seed 7).
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
    held_back = synthetic((256, 256), n_objects=8, difficulty=0.7, seed=7)
    truth = held_back.labels == 1
    seed = np.round(np.argwhere(truth).mean(axis=0)).astype(int)
    grown = region.grow(held_back.image, [seed], tolerance=float(my_tolerance)) == 1
    score = iou(truth, grown)
    assert score >= 0.8, f"IoU {score:.3f} on a held-back image with the same tolerance."
