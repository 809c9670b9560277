"""Hidden check of intro_q3 (instructor's autograder only; students never receive it).

The answer cell runs again on a held-back membrane mask (31 % membrane).
"""

from otter.test_files import test_case

OK_FORMAT = False

name = "intro_q3"
points = 1


@test_case(points=1, hidden=True)
def test_trap_on_held_back_mask(env, trap_accuracy, trap_iou):
    import numpy as np

    from segutils.classroom.rerun import rerun_answer_cell

    assert trap_accuracy is not ... and trap_iou is not ..., "No answer."
    held_back = np.random.default_rng(3).random((30, 40)) < 0.31
    namespace = rerun_answer_cell(env, "trap_accuracy", em_membrane=held_back)
    assert abs(float(namespace["trap_accuracy"]) - (1 - held_back.mean())) < 1e-9, (
        "trap_accuracy is not computed from em_membrane."
    )
    assert abs(float(namespace["trap_iou"])) < 1e-12, "trap_iou of the empty mask must be 0."
