"""Hidden check of watershed_q2 (instructor's autograder only; students never receive it).

min_distance must pass the public check's test on the exercise's image rebuilt here (seed 2):
redefining touching_image or touching in the notebook changes nothing. A held-back image
(seed 5) was the test before; measured over the whole range 1 to 40, it passed values the
public check refuses (13 to 25: F1 0.92 to 0.97 there), so it gave marks for a mistake.
"""

from otter.test_files import test_case

OK_FORMAT = False

name = "watershed_q2"
points = 1


@test_case(points=1, hidden=True)
def test_min_distance_on_the_original_image(my_min_distance):
    import numpy as np

    from segutils import synthetic, watershed
    from segutils.metrics import match_instances

    assert my_min_distance is not ... and my_min_distance is not None, "No min_distance."
    assert not isinstance(my_min_distance, bool | np.bool_ | str), "Not a number."
    assert np.ndim(my_min_distance) == 0 and float(my_min_distance).is_integer(), "Not whole."
    distance = int(my_min_distance)
    assert 1 <= distance <= 40, "Outside the slider's range."
    truth = synthetic((256, 256), difficulty=1.0, n_objects=20, seed=2)
    noise = np.random.default_rng(0).normal(0, 0.03, truth.mask.shape)
    image = np.clip(np.where(truth.mask, 0.75, 0.2) + noise, 0, 1).astype(np.float32)
    labels = watershed.distance_watershed(image, min_distance=distance)
    f1 = match_instances(truth.labels, labels).f1
    assert f1 >= 0.95, f"F1 {f1:.3f} on the exercise's image with min_distance={distance}."
