"""Hidden check of intro_q2 (instructor's autograder only; students never receive it).

The answer cell runs again on a held-back image: the mask must be that image > 0.15.
"""

from otter.test_files import test_case

OK_FORMAT = False

name = "intro_q2"
points = 1


@test_case(points=1, hidden=True)
def test_threshold_on_held_back_image(env, my_mask):
    import numpy as np

    from segutils.classroom.rerun import rerun_answer_cell

    assert my_mask is not ... and my_mask is not None, "No mask."
    held_back = np.random.default_rng(20).random((40, 50)).astype(np.float32)
    mask = np.asarray(rerun_answer_cell(env, "my_mask", image=held_back)["my_mask"])
    assert np.array_equal(mask, held_back > 0.15), "The mask is not computed from image."
