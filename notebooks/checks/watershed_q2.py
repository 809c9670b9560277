"""Exercise 2 of 04_watershed: choosing min_distance for the distance watershed."""

from otter.test_files import test_case


OK_FORMAT = False

name = "watershed_q2"
points = 1


@test_case(points=1)
def test_min_distance(my_min_distance, touching_image, touching):
    import numpy as np
    from segutils import watershed
    from segutils.metrics import match_instances

    assert my_min_distance is not ... and my_min_distance is not None, "Replace ... with a number."
    assert np.ndim(my_min_distance) == 0 and float(my_min_distance) == int(my_min_distance), (
        "min_distance is a whole number of pixels."
    )
    distance = int(my_min_distance)
    assert 1 <= distance <= 40, "min_distance is between 1 and 40 pixels (the slider's range)."
    result = match_instances(touching.labels, watershed.distance_watershed(
        touching_image, min_distance=distance))  # fmt: skip
    hint = (f"{result.splits} objects split: increase it" if result.splits > result.merges
            else f"{result.merges} predicted objects merge two or more: decrease it")  # fmt: skip
    assert result.f1 >= 0.95, f"F1 = {result.f1:.3f} with min_distance={distance}; {hint}."
