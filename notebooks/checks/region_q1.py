"""Exercise 1 of 02_region: a region-growing tolerance that neither stops nor leaks."""

import numpy as np
from otter.test_files import test_case

OK_FORMAT = False

name = "region_q1"
points = 1


@test_case(points=1)
def test_tolerance(my_tolerance, sample, seed_point, truth_1):
    from segutils import iou, region

    assert my_tolerance is not ... and my_tolerance is not None, "Replace ... with a number."
    assert isinstance(my_tolerance, int | float | np.number), "my_tolerance should be a number."
    assert 0 <= my_tolerance <= 1, "A tolerance is a difference of gray values: between 0 and 1."
    grown = region.grow(sample.image, [seed_point], tolerance=float(my_tolerance)) == 1
    score = iou(truth_1, grown)
    leaked, missed = int((grown & ~truth_1).sum()), int((truth_1 & ~grown).sum())
    if score < 0.9 and leaked > missed:
        raise AssertionError(f"IoU {score:.2f}: the region leaks into the background; lower it.")
    assert score >= 0.9, f"IoU {score:.2f}: growth stops inside the object; raise the tolerance."
    print(f"IoU {score:.3f}")
