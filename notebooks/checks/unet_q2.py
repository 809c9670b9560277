"""Exercise 2 of 06_unet_keras: padding to a multiple of 32."""

from otter.test_files import test_case

OK_FORMAT = False

name = "unet_q2"
points = 1


@test_case(points=1)
def test_padded_shape(padded_shape):
    assert padded_shape is not ... and padded_shape is not None, "Replace ... with a tuple."
    assert len(tuple(padded_shape)) == 2, "Give (height, width)."
    height, width = (int(v) for v in padded_shape)
    if (height, width) == (480, 672):
        raise AssertionError("That rounds down and would crop the image: pad up, never down.")
    assert height % 32 == 0 and width % 32 == 0, "Both sides must be multiples of 32."
    assert (height, width) == (512, 704), (
        "Round each side up to the next multiple of 32, e.g. ceil(500 / 32) * 32."
    )
