"""Exercise 2 of 06_unet_keras: padding to a multiple of 32.

The shape is compared with a stored fingerprint (tests/test_check_constants_b.py recomputes
it): this file, which students receive, does not hold the answer.
"""

from otter.test_files import test_case

OK_FORMAT = False

name = "unet_q2"
points = 1


@test_case(points=1)
def test_padded_shape(padded_shape):
    import hashlib

    import numpy as np

    def whole_number(value, what):
        """A whole number as int: an int, a NumPy integer or a float such as 512.0."""
        assert not isinstance(value, bool | np.bool_ | str) and np.ndim(value) == 0, (
            f"{what} is one whole number, not {value!r}."
        )
        assert float(value).is_integer(), f"{what} is a whole number, not {value!r}."
        return int(value)

    def fingerprint(shape):
        return hashlib.sha256(f"shape {shape}".encode()).hexdigest()[:16]

    assert padded_shape is not ... and padded_shape is not None, "Replace ... with a tuple."
    assert isinstance(padded_shape, tuple | list) and len(padded_shape) == 2, (
        "Give a tuple (height, width)."
    )
    height, width = (whole_number(v, "Each side") for v in padded_shape)
    if (height, width) == (480, 672):
        raise AssertionError("That rounds down and would crop the image: pad up, never down.")
    assert height % 32 == 0 and width % 32 == 0, "Both sides must be multiples of 32."
    if fingerprint((width, height)) == "8088ead82e5d533b":
        raise AssertionError("Height first: a shape is (rows, columns), (height, width).")
    assert fingerprint((height, width)) == "8088ead82e5d533b", (
        "Round each side up to the next multiple of 32: the smallest multiple of 32 that is not "
        "smaller than the side."
    )
