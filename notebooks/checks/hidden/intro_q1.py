"""Hidden check of intro_q1 (instructor's autograder only; students never receive it).

The IoU is recomputed on two held-back masks by re-running the answer cell: a typed number fails.
"""

from otter.test_files import test_case

OK_FORMAT = False

name = "intro_q1"
points = 1


@test_case(points=1, hidden=True)
def test_iou_on_held_back_masks(env, my_iou):
    import numpy as np

    from segutils.classroom.rerun import rerun_answer_cell

    assert my_iou is not ... and my_iou is not None, "No IoU."
    rng = np.random.default_rng(14)
    truth, prediction = rng.random((6, 7)) < 0.5, rng.random((6, 7)) < 0.5
    namespace = rerun_answer_cell(env, "my_iou", small_truth=truth, small_prediction=prediction)
    value = namespace["my_iou"]
    expected = (truth & prediction).sum() / (truth | prediction).sum()
    assert abs(float(value) - expected) < 1e-9, "The IoU is not computed from the two masks."
