"""Exercise 3 of 05_clustering: a number of clusters that isolates the elongated objects.

The check runs k-means with the student's k only (to report its IoU); whether it is the
smallest such k is compared with a stored fingerprint (tests/test_check_constants_b.py
recomputes it), so no message names another k.
"""

from otter.test_files import test_case

OK_FORMAT = False

name = "clustering_q3"
points = 1


@test_case(points=1)
def test_k(my_k, shapes, elongated):
    import hashlib

    import numpy as np
    from segutils import cluster, iou

    def whole_number(value, what):
        """A whole number as int: an int, a NumPy integer or a float such as 3.0."""
        assert not isinstance(value, bool | np.bool_ | str) and np.ndim(value) == 0, (
            f"{what} is one whole number, not {value!r}."
        )
        assert float(value).is_integer(), f"{what} is a whole number, not {value!r}."
        return int(value)

    assert my_k is not ... and my_k is not None, "Replace ... with a whole number."
    k = whole_number(my_k, "k, a number of clusters,")
    assert 2 <= k <= 8, "Try a k between 2 and 8."
    labels = cluster.kmeans(shapes.image, n_clusters=k)
    brightest = labels == labels.max()
    score = iou(elongated, brightest)
    if score < 0.8 and brightest.sum() > 1.5 * elongated.sum():
        raise AssertionError(
            f"IoU {score:.2f}: the brightest cluster also takes other objects. How many kinds of "
            "region does the image have?"
        )
    assert score >= 0.8, f"IoU {score:.2f}: the brightest cluster misses the elongated objects."
    assert hashlib.sha256(f"k {k}".encode()).hexdigest()[:16] == "1621e4e98c1fcf6d", (
        f"k = {k} works (IoU {score:.2f}), but it is not the smallest k that does: try smaller."
    )
    print(f"IoU {score:.3f}")
