"""Exercise 3 of 05_clustering: a number of clusters that isolates the elongated objects."""

import numpy as np
from otter.test_files import test_case

OK_FORMAT = False

name = "clustering_q3"
points = 1


@test_case(points=1)
def test_k(my_k, shapes, elongated):
    from segutils import cluster, iou

    assert my_k is not ... and my_k is not None, "Replace ... with a whole number."
    assert isinstance(my_k, int | np.integer) and not isinstance(my_k, bool), "k is a whole number."
    assert 2 <= my_k <= 8, "Try a k between 2 and 8."
    labels = cluster.kmeans(shapes.image, n_clusters=int(my_k))
    brightest = labels == labels.max()
    score = iou(elongated, brightest)
    if score < 0.8 and brightest.sum() > 1.5 * elongated.sum():
        raise AssertionError(
            f"IoU {score:.2f}: the brightest cluster also takes other objects. How many kinds of "
            "region does the image have?"
        )
    assert score >= 0.8, f"IoU {score:.2f}: the brightest cluster misses the elongated objects."
    print(f"IoU {score:.3f}")
