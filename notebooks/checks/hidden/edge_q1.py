"""Hidden check of edge_q1 (instructor's autograder only; students never receive it).

The kernel is applied to a held-back image: it must equal Scharr's horizontal-edge kernel
exactly (correlation with (-1, 0, 1) down the rows and (3, 10, 3) along the columns), as the
public check demands; not up to a factor, a sign or a transposition.
"""

from otter.test_files import test_case

OK_FORMAT = False

name = "edge_q1"
points = 1


@test_case(points=1, hidden=True)
def test_scharr_kernel_exactly(my_kernel):
    import numpy as np
    from scipy import ndimage as ndi

    assert my_kernel is not ... and my_kernel is not None, "No kernel."
    probe = np.random.default_rng(41).random((24, 20))
    kernel = np.asarray(my_kernel, dtype=float)
    assert kernel.shape == (3, 3), "Not 3x3."
    down_the_rows = ndi.correlate1d(probe, [-1.0, 0.0, 1.0], axis=0)
    expected = ndi.correlate1d(down_the_rows, [3.0, 10.0, 3.0], axis=1)
    assert np.allclose(ndi.correlate(probe, kernel), expected), (
        "Not Scharr's horizontal-edge weights: (-1, 0, 1) down the rows, (3, 10, 3) along them."
    )
