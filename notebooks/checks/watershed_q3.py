"""Exercise 3 of 04_watershed: the IoU matrix and one-to-one true positives."""

from otter.test_files import test_case

OK_FORMAT = False

name = "watershed_q3"
points = 2


@test_case(points=1)
def test_iou_matrix(my_iou, truth_ex, prediction_ex):
    import numpy as np
    from scipy.optimize import linear_sum_assignment

    def iou_matrix(truth, prediction):
        true_ids = [k for k in np.unique(truth) if k]
        predicted_ids = [k for k in np.unique(prediction) if k]
        matrix = np.zeros((len(true_ids), len(predicted_ids)))
        for i, t in enumerate(true_ids):
            for j, p in enumerate(predicted_ids):
                a, b = truth == t, prediction == p
                matrix[i, j] = (a & b).sum() / (a | b).sum()
        return matrix

    assert my_iou is not ... and my_iou is not None, "Replace the first ... with your matrix."
    matrix = np.asarray(my_iou, dtype=float)
    expected = iou_matrix(truth_ex, prediction_ex)
    if matrix.shape == expected.T.shape:
        raise AssertionError("Transposed: one row per TRUE object, one column per predicted one.")
    assert matrix.shape == expected.shape, (
        f"Shape {matrix.shape}, expected {expected.shape}: rows true 1, 2, 3; columns the "
        "predicted labels in increasing order (no background)."
    )
    if not np.allclose(matrix, expected, atol=1e-3):
        for order in ([1, 0, 2, 3], [0, 2, 1, 3], [1, 2, 3, 0]):
            if np.allclose(matrix, expected[:, order], atol=1e-3):
                raise AssertionError("Right values, wrong column order: sort the predicted labels.")
    if np.allclose(matrix, iou_matrix(truth_ex > 0, prediction_ex > 0).item()):
        raise AssertionError("Compare object with object (truth == t) & (prediction == p), not all pixels.")
    assert np.allclose(matrix, expected, atol=1e-3), (
        "Some entries are off. IoU = |t AND p| / |t OR p| for masks truth == t and prediction == p."
    )


@test_case(points=1)
def test_true_positives(my_tp, truth_ex, prediction_ex):
    import numpy as np
    from scipy.optimize import linear_sum_assignment

    def iou_matrix(truth, prediction):
        true_ids = [k for k in np.unique(truth) if k]
        predicted_ids = [k for k in np.unique(prediction) if k]
        matrix = np.zeros((len(true_ids), len(predicted_ids)))
        for i, t in enumerate(true_ids):
            for j, p in enumerate(predicted_ids):
                a, b = truth == t, prediction == p
                matrix[i, j] = (a & b).sum() / (a | b).sum()
        return matrix

    assert my_tp is not ... and my_tp is not None, "Replace the second ... with a count."
    expected = iou_matrix(truth_ex, prediction_ex)
    rows, cols = linear_sum_assignment(expected, maximize=True)
    count = int((expected[rows, cols] >= 0.5).sum())
    assert np.ndim(my_tp) == 0, "One number: how many assigned pairs reach IoU 0.5."
    if int(my_tp) == int((expected >= 0.5).sum()) and int(my_tp) != count:
        raise AssertionError("Count assigned pairs only: each object may be used once.")
    assert int(my_tp) == count, (
        f"{int(my_tp)} is not it: take the pairs linear_sum_assignment returns and count those "
        "with IoU >= 0.5."
    )
