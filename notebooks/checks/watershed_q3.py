"""Exercise 3 of 04_watershed: the IoU matrix and one-to-one true positives.

The answers are compared with stored fingerprints (tests/test_check_constants_b.py recomputes
them from the notebook's label images): this file, which students receive, holds neither the
IoU computation nor the assignment.
"""

from otter.test_files import test_case

OK_FORMAT = False

name = "watershed_q3"
points = 2


@test_case(points=1)
def test_iou_matrix(my_iou):
    import hashlib
    import itertools

    import numpy as np

    def fingerprint(matrix):
        """The matrix rounded to 3 decimals, hashed."""
        text = repr(np.round(matrix, 3).tolist())
        return hashlib.sha256(text.encode()).hexdigest()[:16]

    assert my_iou is not ... and my_iou is not None, "Replace the first ... with your matrix."
    matrix = np.asarray(my_iou, dtype=float)
    expected = "c78cd48775d4a33b"
    if matrix.ndim == 2 and fingerprint(matrix.T) == expected:
        raise AssertionError("Transposed: one row per TRUE object, one column per predicted one.")
    assert matrix.shape == (3, 4), (
        f"Shape {matrix.shape}, expected (3, 4): rows true 1, 2, 3; columns the predicted labels "
        "2, 4, 8, 11 in increasing order (no background)."
    )
    if np.ptp(matrix) < 1e-9:
        raise AssertionError(
            "Every entry is the same: compare object with object, the masks truth_ex == t and "
            "prediction_ex == p, not all foreground pixels at once."
        )
    if fingerprint(matrix) != expected:
        for order in itertools.permutations(range(4)):
            if fingerprint(matrix[:, order]) == expected:
                raise AssertionError("Right values, wrong column order: sort the predicted labels.")
    assert fingerprint(matrix) == expected, (
        "Some entries are off. IoU = |t AND p| / |t OR p| for the masks truth_ex == t and "
        "prediction_ex == p."
    )


@test_case(points=1)
def test_true_positives(my_tp):
    import hashlib

    import numpy as np

    def whole_number(value, what):
        """A whole number as int: an int, a NumPy integer or a float such as 3.0."""
        assert not isinstance(value, bool | np.bool_ | str) and np.ndim(value) == 0, (
            f"{what} is one whole number, not {value!r}."
        )
        assert float(value).is_integer(), f"{what} is a whole number, not {value!r}."
        return int(value)

    def fingerprint(value):
        return hashlib.sha256(f"tp {value}".encode()).hexdigest()[:16]

    assert my_tp is not ... and my_tp is not None, "Replace the second ... with a count."
    count = whole_number(my_tp, "my_tp, a count of pairs,")
    if fingerprint(count) == "a56be0cfce571798":
        raise AssertionError(
            "That counts every pair with IoU >= 0.5, but can one true object be paired twice? "
            "Count only the pairs of the one-to-one assignment: each object is used once."
        )
    assert fingerprint(count) == "3f2461d41373ff0c", (
        f"{count} is not it: take the pairs of the one-to-one assignment and count those "
        "with IoU >= 0.5."
    )
