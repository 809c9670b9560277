"""Exercise 2 of 05_clustering: fuzzy c-means memberships of one pixel, by hand.

The memberships are compared with a stored fingerprint of their values to 3 decimals, allowing
one unit of the last decimal either way for hand rounding (tests/test_check_constants_b.py
recomputes it): this file, which students receive, holds neither the values nor the formula's
computation, and no message prints them.
"""

from otter.test_files import test_case

OK_FORMAT = False

name = "clustering_q2"
points = 1


@test_case(points=1)
def test_memberships(my_memberships, x, c, m):
    import hashlib
    import itertools

    import numpy as np

    def close_to_stored(values):
        """Whether values, in thousandths, are within one of the stored answer's, each."""
        thousandths = np.round(np.asarray(values) * 1000).astype(int)
        for step in itertools.product((-1, 0, 1), repeat=len(thousandths)):
            text = repr((thousandths + np.array(step)).tolist())
            if hashlib.sha256(text.encode()).hexdigest()[:16] == "94aa721b02382ea2":
                return True
        return False

    assert my_memberships is not ... and my_memberships is not None, "Replace ... with 3 values."
    values = np.asarray(my_memberships, dtype=float).ravel()
    assert values.shape == (3,), f"Expected three memberships, one per centre, got {values.shape}."
    # Hand-rounded values may sum to 1.0001: the sum is checked only loosely, the values below.
    assert abs(values.sum() - 1) < 2e-3, f"Memberships sum to 1; yours sum to {values.sum():.4f}."
    if not close_to_stored(values) and close_to_stored(values[::-1]):
        raise AssertionError("The order is reversed: the first value belongs to c[0] = 0.2.")
    nearest = int(np.argmin(np.abs(x - np.asarray(c))))
    assert int(np.argmax(values)) == nearest, (
        f"The largest membership must go to the nearest centre, c[{nearest}]: memberships fall "
        "as the distance grows."
    )
    assert close_to_stored(values), (
        "Not yet (to 3 decimals). Check each step: the distances d_k = |x - c_k|, then "
        "u_k = 1 / sum over j of (d_k / d_j) ** (2 / (m - 1)), with exponent 2 for m = 2."
    )
