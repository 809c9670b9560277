"""Exercise 3 of 03_edge: ODS and OIS from the benchmark's counts."""

from otter.test_files import test_case

OK_FORMAT = False

name = "edge_q3"
points = 2


@test_case(points=1)
def test_ods(my_ods, cnt_r, sum_r, cnt_p, sum_p):
    import numpy as np

    def f_measure(cnt_r, sum_r, cnt_p, sum_p):
        recall, precision = cnt_r / sum_r, cnt_p / sum_p
        return np.where(precision + recall > 0, 2 * precision * recall / (precision + recall), 0)

    assert my_ods is not ... and my_ods is not None, "Replace ... with your ODS (a number)."
    assert np.ndim(my_ods) == 0, "ODS is one number: the best F over the thresholds (.max())."
    expected = float(f_measure(cnt_r.sum(0), sum_r.sum(0), cnt_p.sum(0), sum_p.sum(0)).max())
    averaged = float(f_measure(cnt_r, sum_r, cnt_p, sum_p).mean(axis=0).max())
    if np.isclose(float(my_ods), averaged):
        raise AssertionError(
            "That averages each image's F. ODS sums the counts over the images first, then "
            "computes P, R and F per threshold, and takes the best threshold."
        )
    assert np.isclose(float(my_ods), expected, atol=1e-3), (
        f"ODS {float(my_ods):.4f} is not right: sum each count over the images (axis 0), then "
        "P = cnt_p / sum_p, R = cnt_r / sum_r, F per threshold, and the maximum."
    )


@test_case(points=1)
def test_ois(my_ois, cnt_r, sum_r, cnt_p, sum_p):
    import numpy as np

    def f_measure(cnt_r, sum_r, cnt_p, sum_p):
        recall, precision = cnt_r / sum_r, cnt_p / sum_p
        return np.where(precision + recall > 0, 2 * precision * recall / (precision + recall), 0)

    assert my_ois is not ... and my_ois is not None, "Replace ... with your OIS (a number)."
    assert np.ndim(my_ois) == 0, "OIS is one number: one F from the summed best counts."
    best = f_measure(cnt_r, sum_r, cnt_p, sum_p).argmax(axis=1)
    rows = np.arange(len(best))
    expected = float(
        f_measure(cnt_r[rows, best].sum(), sum_r[rows, best].sum(), cnt_p[rows, best].sum(),
           sum_p[rows, best].sum())
    )  # fmt: skip
    averaged = float(f_measure(cnt_r, sum_r, cnt_p, sum_p).max(axis=1).mean())
    if np.isclose(float(my_ois), averaged) and not np.isclose(averaged, expected):
        raise AssertionError(
            "That is the mean of each image's best F. OIS sums the counts at each image's best "
            "threshold, then computes one F."
        )
    assert np.isclose(float(my_ois), expected, atol=1e-3), (
        f"OIS {float(my_ois):.4f} is not right: for each image find its best threshold (argmax "
        "of its own F), take its four counts there, sum them over images, and compute one F."
    )
