"""Hidden check of unet_q3 (instructor's autograder only; students never receive it).

The level and its mean F1 must be the best on the held-out slices, loaded here again as the
notebook loads them (the public check's test; redefining held_out changes nothing), and the
answer cell runs again on three held-back slices (the first three of held_out, flipped): the
level and its F1 it gives there must be the best there.
"""

from otter.test_files import test_case

OK_FORMAT = False

name = "unet_q3"
points = 1


@test_case(points=1, hidden=True)
def test_best_level_on_held_back_slices(env, best_level, best_level_f1):
    import types

    import numpy as np

    import segutils as su
    from segutils.classroom.rerun import rerun_answer_cell

    def check_best(level, f1, slices, where):
        candidates = np.linspace(0.05, 0.95, 91)
        scores = [np.mean([su.dice(t, i < c) for i, t in zip(slices.images, slices.membrane)])
                  for c in candidates]
        best = int(np.argmax(scores))
        assert np.ndim(level) == 0 and np.isclose(float(level), candidates[best]), (
            f"Not the best level on {where}."
        )
        assert np.ndim(f1) == 0 and abs(float(f1) - scores[best]) < 1e-3, (
            f"Not the best level's mean F1 on {where}."
        )

    assert best_level is not ... and best_level is not None, "No level."
    try:
        held_out = su.load_isbi2012("train", indices=range(25, 30))
    except ConnectionError:  # the notebook's offline stand-in
        held_out = su.synthetic_membranes(5, seed=1)
    check_best(best_level, best_level_f1, held_out, "the held-out slices")
    flipped = types.SimpleNamespace(images=[i[::-1] for i in held_out.images[:3]],
                                    membrane=[m[::-1] for m in held_out.membrane[:3]])
    again = rerun_answer_cell(env, "best_level", held_out=flipped)
    check_best(again["best_level"], again.get("best_level_f1"), flipped, "held-back slices")
