"""Exercise 3 of 06_unet_keras: the best a single gray level can do on the held-out slices."""

from otter.test_files import test_case

OK_FORMAT = False

name = "unet_q3"
points = 1


@test_case(points=1)
def test_best_gray_level(best_level, best_level_f1, held_out, probabilities):
    import numpy as np
    from segutils import dice

    assert best_level is not ... and best_level is not None, "Replace ... in best_level."
    assert best_level_f1 is not ... and best_level_f1 is not None, "Replace ... in best_level_f1."
    candidates = np.linspace(0.05, 0.95, 91)
    level = float(best_level)
    assert np.any(np.isclose(candidates, level)), "Choose one of np.linspace(0.05, 0.95, 91)."

    def mean_f1(at, dark=True):
        return float(np.mean([
            dice(truth, image < at if dark else image > at)
            for image, truth in zip(held_out.images, held_out.membrane, strict=True)
        ]))  # fmt: skip

    scores = [mean_f1(c) for c in candidates]
    best = int(np.argmax(scores))
    if np.isclose(level, candidates[int(np.argmax([mean_f1(c, dark=False) for c in candidates]))]):
        if not np.isclose(level, candidates[best]):
            raise AssertionError(
                "That level scores the *bright* side as membrane: membranes are dark, so the "
                "mask is image < level."
            )
    mine = mean_f1(level)
    assert mine >= scores[best] - 1e-9, (
        f"Mean F1 {mine:.4f} at {level:.2f}, but {scores[best]:.4f} is reachable: compute the "
        "mean F1 over the five slices for every candidate level and keep the best."
    )
    assert abs(float(best_level_f1) - mine) < 1e-4, (
        f"best_level_f1 should be the mean F1 at your level, {mine:.4f}, not "
        f"{float(best_level_f1):.4f}."
    )
    unet_f1 = np.mean([
        dice(truth, p > 0.5) for truth, p in zip(held_out.membrane, probabilities, strict=True)
    ])  # fmt: skip
    print(
        f"The best single gray level, {level:.2f}, reaches a mean held-out F1 of {mine:.3f}, "
        f"chosen with the answers in hand; this notebook's U-Net reached {unet_f1:.3f}."
    )
