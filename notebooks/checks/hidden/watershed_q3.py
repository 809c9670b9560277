"""Hidden check of watershed_q3 (instructor's autograder only; students never receive it).

The matrix and count are checked against the exercise's label images, rebuilt here: redefining truth_ex or prediction_ex in the notebook changes nothing.
"""

from otter.test_files import test_case

OK_FORMAT = False

name = "watershed_q3"
points = 1


@test_case(points=1, hidden=True)
def test_iou_matrix_on_the_original_labels(my_iou, my_tp):
    import numpy as np
    from scipy.optimize import linear_sum_assignment

    assert my_iou is not ... and my_tp is not ..., "No answer."
    truth = np.zeros((8, 8), int)
    truth[0:4, 0:4], truth[0:4, 4:8], truth[5:8, 0:6] = 1, 2, 3
    prediction = np.zeros((8, 8), int)
    prediction[0:4, 0:6], prediction[0:4, 6:8] = 4, 8
    prediction[5:8, 0:3], prediction[6:8, 3:8] = 11, 2
    expected = np.array([[((truth == t) & (prediction == p)).sum() / ((truth == t) | (prediction == p)).sum()
                          for p in (2, 4, 8, 11)] for t in (1, 2, 3)])
    assert np.allclose(np.asarray(my_iou, dtype=float), expected, atol=1e-3), "Matrix differs."
    rows, cols = linear_sum_assignment(expected, maximize=True)
    assert int(my_tp) == int((expected[rows, cols] >= 0.5).sum()), "The one-to-one count differs."
