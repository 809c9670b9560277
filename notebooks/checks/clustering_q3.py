"""Exercise 3 of 05_clustering: a number of clusters that isolates the elongated objects."""

from otter.test_files import test_case

OK_FORMAT = False

name = "clustering_q3"
points = 1


@test_case(points=1)
def test_k(my_k, shapes, elongated):
    import numpy as np
    from segutils import cluster, iou

    assert my_k is not ... and my_k is not None, "Replace ... with a whole number."
    assert isinstance(my_k, int | np.integer) and not isinstance(my_k, bool), "k is a whole number."
    assert 2 <= my_k <= 8, "Try a k between 2 and 8."
    def brightest_iou(k):
        labels = cluster.kmeans(shapes.image, n_clusters=k)
        return iou(elongated, labels == labels.max()), int((labels == labels.max()).sum())

    score, size = brightest_iou(int(my_k))
    if score < 0.8 and size > 1.5 * elongated.sum():
        raise AssertionError(
            f"IoU {score:.2f}: the brightest cluster also takes other objects. How many kinds of "
            "region does the image have?"
        )
    assert score >= 0.8, f"IoU {score:.2f}: the brightest cluster misses the elongated objects."
    if my_k > 2:
        smaller, _ = brightest_iou(int(my_k) - 1)
        assert smaller < 0.8, (
            f"k = {my_k} works (IoU {score:.2f}), but so does k = {my_k - 1}: find the smallest."
        )
    print(f"IoU {score:.3f}")
