"""Exercise 3 of 03_edge: ODS and OIS from the benchmark's counts.

Students can read this file, so it does not compute the measures: ODS, OIS and the two
per-image averages a student may confuse them with are stored as digests (SHA-256 of the
value written with 4 decimals, one last digit either way accepted);
tests/test_check_secrets.py recomputes them from the notebook's counts.
"""

from otter.test_files import test_case

OK_FORMAT = False

name = "edge_q3"
points = 2


@test_case(points=1)
def test_ods(my_ods):
    import hashlib

    import numpy as np

    ODS = "4149d370cc31ab16"
    MEAN_CURVE_BEST = "8f7a35f468e22367"

    def matches(value, stored, decimals):
        """Whether value, to `decimals` decimals or one last digit off, hashes to stored."""
        step = 10.0**-decimals
        texts = (f"{value + k * step:.{decimals}f}" for k in (-1, 0, 1))
        return any(hashlib.sha256(t.encode()).hexdigest()[:16] == stored for t in texts)

    assert my_ods is not ... and my_ods is not None, "Replace ... with your ODS (a number)."
    assert np.ndim(my_ods) == 0, "ODS is one number: the best F over the thresholds (.max())."
    value = float(my_ods)
    if matches(value, MEAN_CURVE_BEST, 4) and not matches(value, ODS, 4):
        raise AssertionError(
            "That averages each image's F. ODS sums the counts over the images first, then "
            "computes P, R and F per threshold, and takes the best threshold."
        )
    assert matches(value, ODS, 4), (
        f"ODS {value:.4f} is not right: sum each count over the images (axis 0), then "
        "P = cnt_p / sum_p, R = cnt_r / sum_r, F per threshold, and the maximum."
    )


@test_case(points=1)
def test_ois(my_ois):
    import hashlib

    import numpy as np

    OIS = "3d550bceaa329293"
    MEAN_BEST = "42d0a3c36ce3d035"

    def matches(value, stored, decimals):
        """Whether value, to `decimals` decimals or one last digit off, hashes to stored."""
        step = 10.0**-decimals
        texts = (f"{value + k * step:.{decimals}f}" for k in (-1, 0, 1))
        return any(hashlib.sha256(t.encode()).hexdigest()[:16] == stored for t in texts)

    assert my_ois is not ... and my_ois is not None, "Replace ... with your OIS (a number)."
    assert np.ndim(my_ois) == 0, "OIS is one number: one F from the summed best counts."
    value = float(my_ois)
    if matches(value, MEAN_BEST, 4) and not matches(value, OIS, 4):
        raise AssertionError(
            "That is the mean of each image's best F. OIS sums the counts at each image's best "
            "threshold, then computes one F."
        )
    assert matches(value, OIS, 4), (
        f"OIS {value:.4f} is not right: for each image find its best threshold (argmax "
        "of its own F), take its four counts there, sum them over images, and compute one F."
    )
