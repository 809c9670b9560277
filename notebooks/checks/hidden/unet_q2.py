"""Hidden check of unet_q2 (instructor's autograder only; students never receive it).

The shape must be a tuple of whole numbers (a model's input_shape), not floats or a list.
"""

from otter.test_files import test_case

OK_FORMAT = False

name = "unet_q2"
points = 1


@test_case(points=1, hidden=True)
def test_padded_shape_is_a_shape(padded_shape):
    assert padded_shape is not ... and padded_shape is not None, "No shape."
    assert isinstance(padded_shape, tuple), "A shape is a tuple."
    assert all(isinstance(v, int) for v in padded_shape), "Sides are whole numbers (int)."
    assert padded_shape == (512, 704), "Not the padded shape."
