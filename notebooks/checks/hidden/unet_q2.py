"""Hidden check of unet_q2 (instructor's autograder only; students never receive it).

The same rule as the public check: a tuple or list of two whole numbers (512.0 counts as
512), equal to the padded shape.
"""

from otter.test_files import test_case

OK_FORMAT = False

name = "unet_q2"
points = 1


@test_case(points=1, hidden=True)
def test_padded_shape_is_a_shape(padded_shape):
    import math

    import numpy as np

    assert padded_shape is not ... and padded_shape is not None, "No shape."
    assert isinstance(padded_shape, tuple | list) and len(padded_shape) == 2, "Not two sides."
    for side in padded_shape:
        assert not isinstance(side, bool | np.bool_ | str) and np.ndim(side) == 0, "Not a number."
        assert float(side).is_integer(), "Sides are whole numbers."
    expected = tuple(math.ceil(side / 32) * 32 for side in (500, 700))
    assert tuple(int(side) for side in padded_shape) == expected, "Not the padded shape."
