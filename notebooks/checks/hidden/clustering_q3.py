"""Hidden check of clustering_q3 (instructor's autograder only; students never receive it).

k is used on a held-back image built the same way (seed 4).
"""

from otter.test_files import test_case

OK_FORMAT = False

name = "clustering_q3"
points = 1


@test_case(points=1, hidden=True)
def test_k_on_held_back_image(my_k):
    import numpy as np

    from segutils import cluster, iou, synthetic

    assert my_k is not ... and my_k is not None, "No k."
    base = synthetic((192, 192), n_objects=12, difficulty=0.0, seed=4)
    elongated = base.semantic == 2
    image = base.image.copy()
    image[elongated] = np.clip(image[elongated] + 0.3, 0, 1)
    labels = cluster.kmeans(image, n_clusters=int(my_k))
    score = iou(elongated, labels == labels.max())
    assert score >= 0.8, f"IoU {score:.2f} on a held-back image with k = {int(my_k)}."
