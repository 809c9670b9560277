"""Exercise 3 of 06_unet_keras: the best a single gray level can do on the held-out slices.

The level and its mean F1 are compared with fingerprints stored for each held-out set the
notebook may load (ISBI 2012 slices 25-29, or the synthetic stand-in offline), told apart by
their count of membrane pixels (tests/test_check_constants_b.py recomputes all of them): this
file, which students receive, holds no search over the levels.
"""

from otter.test_files import test_case

OK_FORMAT = False

name = "unet_q3"
points = 1


@test_case(points=1)
def test_best_gray_level(best_level, best_level_f1, held_out, this_f1):
    import hashlib

    import numpy as np

    def fingerprint(text):
        return hashlib.sha256(text.encode()).hexdigest()[:16]

    stored = {  # membrane pixels of held_out: fingerprints of the best level and its mean F1
        260823: ("f949d63b9c03464d", "1dec6bc3affbf214"),  # ISBI 2012 slices 25-29
        181985: ("089c79d015b1b9a6", "ce60e80d5fc4a492"),  # su.synthetic_membranes(5, seed=1)
    }
    assert best_level is not ... and best_level is not None, "Replace ... in best_level."
    assert best_level_f1 is not ... and best_level_f1 is not None, "Replace ... in best_level_f1."
    membrane_pixels = int(sum(np.count_nonzero(truth) for truth in held_out.membrane))
    assert membrane_pixels in stored, (
        "held_out is not the notebook's set of held-out slices: run the cell that loads it again."
    )
    level_print, f1_print = stored[membrane_pixels]
    assert np.ndim(best_level) == 0, "best_level is one gray level."
    level = float(best_level)
    steps = (level - 0.05) / 0.01  # the exercise's 91 candidate levels, 0.05 to 0.95
    assert 0 <= round(steps) <= 90 and abs(steps - round(steps)) < 1e-6, (
        "Choose one of the exercise's 91 candidate levels, 0.05, 0.06, ..., 0.95."
    )
    if fingerprint(f"level {level:.2f}") == "66adf08572504ee4":
        raise AssertionError(
            "That level scores the *bright* side as membrane: membranes are dark, so the mask is "
            "image < level."
        )
    assert fingerprint(f"level {level:.2f}") == level_print, (
        f"{level:.2f} is not the best level: compute the mean F1 over the five held-out slices "
        "for every candidate level and keep the level with the highest."
    )
    assert np.ndim(best_level_f1) == 0, "best_level_f1 is one number, a mean F1."
    assert fingerprint(f"f1 {float(best_level_f1):.3f}") == f1_print, (
        f"The level is right, but {float(best_level_f1):.4f} is not its mean F1 over the five "
        "held-out slices (held_out.images against held_out.membrane)."
    )
    unet_f1 = "(run section 5 to see)" if this_f1 is None else f"{this_f1:.3f}"
    print(
        f"The best single gray level, {level:.2f}, reaches a mean held-out F1 of "
        f"{float(best_level_f1):.3f}, chosen with the answers in hand; this notebook's U-Net "
        f"reached {unet_f1}."
    )
