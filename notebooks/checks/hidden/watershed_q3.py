"""Hidden check of watershed_q3 (instructor's autograder only; students never receive it).

The matrix and count are checked against the exercise's label images, rebuilt here: redefining
truth_ex or prediction_ex in the notebook changes nothing. True object 3 is split into two
halves, each with IoU exactly 0.5, so counting every pair with IoU >= 0.5 gives one too many.
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
    assert not isinstance(my_tp, bool | np.bool_ | str) and np.ndim(my_tp) == 0, "Not a count."
    assert float(my_tp).is_integer(), "Not a whole number."
    truth = np.zeros((8, 8), int)
    truth[0:4, 0:4], truth[0:4, 4:8], truth[5:8, 0:6] = 1, 2, 3
    prediction = np.zeros((8, 8), int)
    prediction[0:4, 0:6], prediction[0:4, 6:8] = 4, 8
    prediction[5:8, 0:3], prediction[5:8, 3:6] = 11, 2
    expected = np.zeros((3, 4))
    for i, t in enumerate((1, 2, 3)):
        for j, p in enumerate((2, 4, 8, 11)):
            overlap = ((truth == t) & (prediction == p)).sum()
            expected[i, j] = overlap / ((truth == t) | (prediction == p)).sum()
    matrix = np.asarray(my_iou, dtype=float)
    assert matrix.shape == expected.shape, "Matrix shape differs."
    assert np.allclose(matrix, expected, atol=1e-3), "Matrix differs."
    rows, cols = linear_sum_assignment(expected, maximize=True)
    assert int(my_tp) == int((expected[rows, cols] >= 0.5).sum()), "The one-to-one count differs."
