"""Exercise 1 of 02_region: a region-growing tolerance for a harder image."""

from otter.test_files import test_case

OK_FORMAT = False

name = "region_q1"
points = 1


@test_case(points=1)
def test_tolerance(my_tolerance, harder, harder_seed, harder_truth):
    import numpy as np

    from segutils import iou, region

    assert my_tolerance is not ... and my_tolerance is not None, "Replace ... with a number."
    assert isinstance(my_tolerance, int | float | np.number), "my_tolerance should be a number."
    assert 0 <= my_tolerance <= 0.5, "region.grow takes a tolerance between 0 and 0.5."
    grown = region.grow(harder.image, [harder_seed], tolerance=float(my_tolerance)) == 1
    score = iou(harder_truth, grown)
    leaked, missed = int((grown & ~harder_truth).sum()), int((harder_truth & ~grown).sum())
    if score < 0.85 and leaked > missed:
        raise AssertionError(f"IoU {score:.2f}: the region leaks into the background; lower it.")
    assert score >= 0.85, (
        f"IoU {score:.2f}: growth stops inside the object ({missed} object pixels missed); "
        "raise the tolerance."
    )
    print(f"IoU {score:.3f} at tolerance {float(my_tolerance):g}")
