"""Exercise 1 of 05_clustering: the assignment step of k-means.

The assignment is compared with a stored fingerprint, and summarised by stored counts per
centre (tests/test_check_constants_b.py recomputes both from the notebook's points): this
file, which students receive, holds no distance computation.
"""

from otter.test_files import test_case

OK_FORMAT = False

name = "clustering_q1"
points = 1


@test_case(points=1)
def test_assignment(assignment, points, centres):
    import hashlib

    import numpy as np

    def fingerprint(indices):
        return hashlib.sha256(repr(np.asarray(indices).tolist()).encode()).hexdigest()[:16]

    assert assignment is not ... and assignment is not None, "Replace ... with your array."
    assignment = np.asarray(assignment)
    assert assignment.shape == (len(points),), (
        f"Shape {assignment.shape}, expected ({len(points)},): one centre index per point."
    )
    assert assignment.dtype.kind in "iu", "Indices are integers: the index of a centre, 0 to k - 1."
    assert assignment.min() >= 0 and assignment.max() < len(centres), (
        f"Indices run from {assignment.min()} to {assignment.max()}; the centres are numbered "
        f"0 to {len(centres) - 1}, as rows of centres."
    )
    if fingerprint(assignment) == "84fa4a8f36866b7d":
        raise AssertionError("That is the farthest centre: take the minimum distance.")
    counts = np.bincount(assignment, minlength=len(centres)).tolist()
    assert fingerprint(assignment) == "038aa27edca5be59", (
        f"Your assignment gives the centres {counts} points; the nearest centres hold "
        "[1093, 3249, 458]. Compute the squared distance of every point to every centre (a table "
        "of shape (N, k)), then take the index of the smallest in each row."
    )
