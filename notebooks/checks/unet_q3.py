"""Exercise 3 of 06_unet_keras: the probability threshold with the best held-out F1."""

import numpy as np
from otter.test_files import test_case

OK_FORMAT = False

name = "unet_q3"
points = 1


@test_case(points=1)
def test_best_threshold(best_threshold, probabilities, held_out):
    from segutils import dice

    assert best_threshold is not ... and best_threshold is not None, "Replace ... with a number."
    candidates = np.linspace(0.1, 0.9, 17)
    assert np.any(np.isclose(candidates, float(best_threshold))), (
        "Choose one of np.linspace(0.1, 0.9, 17)."
    )

    def mean_f1(level):
        return np.mean([dice(t, p > level) for t, p in zip(held_out.membrane, probabilities, strict=True)])

    scores = [mean_f1(level) for level in candidates]
    mine = mean_f1(float(best_threshold))
    assert mine >= max(scores) - 1e-9, (
        f"F1 {mine:.4f} at {float(best_threshold):.2f}, but {max(scores):.4f} is reachable: "
        "compute the mean F1 for every candidate and keep the best."
    )
