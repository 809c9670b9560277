"""Exercise 1 of 05_clustering: the assignment step of k-means."""

from otter.test_files import test_case

OK_FORMAT = False

name = "clustering_q1"
points = 1


@test_case(points=1)
def test_assignment(assignment, points, centres):
    import numpy as np

    assert assignment is not ... and assignment is not None, "Replace ... with your array."
    assignment = np.asarray(assignment)
    assert assignment.shape == (len(points),), (
        f"Shape {assignment.shape}, expected ({len(points)},): one centre index per point."
    )
    assert assignment.dtype.kind in "iu", "Indices are integers: use np.argmin."
    distances = ((points[:, None, :] - centres[None, :, :]) ** 2).sum(axis=-1)
    expected = distances.argmin(axis=1)
    if np.array_equal(assignment, distances.argmax(axis=1)):
        raise AssertionError("That is the farthest centre: take the minimum distance.")
    wrong = int((assignment != expected).sum())
    assert wrong == 0, (
        f"{wrong} of {len(points)} points are not assigned to their nearest centre. Compute the "
        "distance of every point to every centre (shape (N, k)), then argmin over the centres."
    )
