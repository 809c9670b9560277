"""Hidden check of edge_q1 (instructor's autograder only; students never receive it).

The kernel is applied to a second, held-back image: it must equal Sobel exactly, not up to a factor.
"""

from otter.test_files import test_case

OK_FORMAT = False

name = "edge_q1"
points = 1


@test_case(points=1, hidden=True)
def test_sobel_kernel_exactly(my_kernel):
    import numpy as np
    from scipy import ndimage as ndi

    assert my_kernel is not ... and my_kernel is not None, "No kernel."
    probe = np.random.default_rng(41).random((24, 20))
    kernel = np.asarray(my_kernel, dtype=float)
    assert kernel.shape == (3, 3), "Not 3x3."
    assert np.allclose(ndi.correlate(probe, kernel), ndi.sobel(probe, axis=1)), (
        "Not Sobel's weights: (1, 2, 1) and (-1, 0, 1), unscaled."
    )
