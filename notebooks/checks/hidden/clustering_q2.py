"""Hidden check of clustering_q2 (instructor's autograder only; students never receive it).

The memberships are checked against the exercise's x, c and m, rebuilt here: redefining them
in the notebook changes nothing. Same tolerance as the public check: each value within one
thousandth (after rounding to thousandths) of the exact one, and a sum within 0.002 of 1.
"""

from otter.test_files import test_case

OK_FORMAT = False

name = "clustering_q2"
points = 1


@test_case(points=1, hidden=True)
def test_memberships_of_the_original_point(my_memberships):
    import numpy as np

    assert my_memberships is not ... and my_memberships is not None, "No memberships."
    x, c, m = 0.6, np.array([0.2, 0.5, 0.9]), 2.0
    d = np.abs(x - c)
    expected = 1 / ((d[:, None] / d[None, :]) ** (2 / (m - 1))).sum(axis=1)
    values = np.asarray(my_memberships, dtype=float).ravel()
    assert values.shape == (3,), "Not three memberships."
    assert abs(values.sum() - 1) < 2e-3, "Memberships do not sum to 1."
    difference = np.round(values * 1000).astype(int) - np.round(expected * 1000).astype(int)
    assert np.abs(difference).max() <= 1, "Memberships differ."
