"""Exercise 2 of 05_clustering: fuzzy c-means memberships of one pixel, by hand."""

from otter.test_files import test_case

OK_FORMAT = False

name = "clustering_q2"
points = 1


@test_case(points=1)
def test_memberships(my_memberships, x, c, m):
    import numpy as np

    assert my_memberships is not ... and my_memberships is not None, "Replace ... with 3 values."
    values = np.asarray(my_memberships, dtype=float).ravel()
    assert values.shape == (3,), f"Expected three memberships, one per centre, got {values.shape}."
    # Hand-rounded values may sum to 1.0001: the sum is checked only loosely, the values below.
    assert abs(values.sum() - 1) < 2e-3, f"Memberships sum to 1; yours sum to {values.sum():.4f}."
    distance = np.abs(x - c)
    expected = 1 / ((distance[:, None] / distance[None, :]) ** (2 / (m - 1))).sum(axis=1)
    if np.allclose(values, expected[::-1], atol=1e-3) and not np.allclose(values, expected):
        raise AssertionError("The order is reversed: the first value belongs to c[0] = 0.2.")
    assert np.allclose(values, expected, atol=1e-3), (
        f"Expected about {np.round(expected, 3).tolist()}. The nearest centre (0.5) gets the "
        "largest membership: u_k = 1 / sum_j (d_k / d_j) ** (2 / (m - 1))."
    )
