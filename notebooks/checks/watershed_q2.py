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

    def whole_number(value, what):
        """A whole number as int: an int, a NumPy integer or a float such as 8.0."""
        assert not isinstance(value, bool | np.bool_ | str) and np.ndim(value) == 0, (
            f"{what} is one whole number, not {value!r}."
        )
        assert float(value).is_integer(), f"{what} is a whole number of pixels, not {value!r}."
        return int(value)

    assert my_min_distance is not ... and my_min_distance is not None, "Replace ... with a number."
    distance = whole_number(my_min_distance, "min_distance")
    assert 1 <= distance <= 40, "min_distance is between 1 and 40 pixels (the slider's range)."
    labels = watershed.distance_watershed(touching_image, min_distance=distance)
    result = match_instances(touching.labels, labels)
    if result.splits > result.merges:
        hint = f"{result.splits} objects split: increase it"
    else:
        hint = f"{result.merges} predicted objects merge two or more: decrease it"
    assert result.f1 >= 0.95, f"F1 = {result.f1:.3f} with min_distance={distance}; {hint}."
