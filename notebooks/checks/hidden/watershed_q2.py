"""Hidden check of watershed_q2 (instructor's autograder only; students never receive it).

min_distance is used on a held-back image of touching objects (seed 5).
"""

from otter.test_files import test_case

OK_FORMAT = False

name = "watershed_q2"
points = 1


@test_case(points=1, hidden=True)
def test_min_distance_on_held_back_image(my_min_distance):
    import numpy as np

    from segutils import synthetic, watershed
    from segutils.metrics import match_instances

    assert my_min_distance is not ... and my_min_distance is not None, "No min_distance."
    held_back = synthetic((256, 256), difficulty=1.0, n_objects=20, seed=5)
    noise = np.random.default_rng(1).normal(0, 0.03, held_back.mask.shape)
    image = np.clip(np.where(held_back.mask, 0.75, 0.2) + noise, 0, 1).astype(np.float32)
    labels = watershed.distance_watershed(image, min_distance=int(my_min_distance))
    f1 = match_instances(held_back.labels, labels).f1
    assert f1 >= 0.9, f"F1 {f1:.3f} on a held-back image with min_distance={int(my_min_distance)}."
