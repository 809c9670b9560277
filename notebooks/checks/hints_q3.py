"""Exercise 3 of 07_hints: feature scales that tell grass from brick."""

from otter.test_files import test_case

OK_FORMAT = False

name = "hints_q3"
points = 1


@test_case(points=1)
def test_scales(my_sigma_min, my_sigma_max, grass_image, grass_strokes, grass_disk):
    import numpy as np

    from segutils import hints, iou

    for value in (my_sigma_min, my_sigma_max):
        assert value is not ... and value is not None, "Replace each ... with a number."
        assert isinstance(value, int | float | np.number) and not isinstance(value, bool), (
            "my_sigma_min and my_sigma_max should be numbers (pixels)."
        )
    assert my_sigma_min <= my_sigma_max, "my_sigma_min must be at most my_sigma_max."
    try:
        classes = hints.pixel_classifier(
            grass_image,
            scribbles=grass_strokes,
            sigma_min=float(my_sigma_min),
            sigma_max=float(my_sigma_max),
        )
    except ValueError as error:
        raise AssertionError(f"The classifier refuses these scales: {error}") from None
    score = iou(grass_disk, classes > 0)
    assert score >= 0.84, (
        f"IoU {score:.2f}: the disk is not found well with scales {my_sigma_min:g} to "
        f"{my_sigma_max:g}. Section 5's table shows what the finest and the coarsest scales "
        "each do; try moving one end of the range."
    )
    print(f"IoU {score:.3f} with scales {my_sigma_min:g} to {my_sigma_max:g}")
