"""Exercise 1 of 03_edge: the Sobel kernel as an outer product."""

from otter.test_files import test_case

OK_FORMAT = False

name = "edge_q1"
points = 1


@test_case(points=1)
def test_sobel_kernel(my_kernel):
    import numpy as np
    from scipy import ndimage as ndi

    assert my_kernel is not ... and my_kernel is not None, "Replace ... with your kernel."
    kernel = np.asarray(my_kernel, dtype=float)
    assert kernel.shape == (3, 3), f"Shape {kernel.shape}: a 3x3 kernel, from np.outer of two 3-vectors."
    probe = np.random.default_rng(0).random((16, 16))
    response = ndi.correlate(probe, kernel)
    expected = ndi.sobel(probe, axis=1)
    if np.allclose(ndi.correlate(probe, kernel.T), expected):
        raise AssertionError(
            "That kernel differentiates along the rows (it finds horizontal edges). The "
            "difference (-1, 0, 1) must run along the columns: np.outer(smoothing, difference)."
        )
    if np.allclose(ndi.correlate(probe, -kernel.T), expected):
        raise AssertionError(
            "A Sobel kernel, but for the other axis and with the sign flipped: the difference "
            "(-1, 0, 1) must run along the columns, positive towards the right."
        )
    if np.allclose(response, -expected):
        raise AssertionError("Right direction, wrong sign: brighter to the right must be positive.")
    ratio = np.sum(response * expected) / np.sum(expected * expected)
    assert ratio > 0 and np.allclose(response, ratio * expected), (
        "Not a Sobel kernel: use np.outer of the smoothing (1, 2, 1) and the difference (-1, 0, 1)."
    )
