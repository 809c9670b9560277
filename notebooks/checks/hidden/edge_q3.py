"""Hidden check of edge_q3 (instructor's autograder only; students never receive it).

The answer cell runs again on held-back benchmark counts.
"""

from otter.test_files import test_case

OK_FORMAT = False

name = "edge_q3"
points = 1


@test_case(points=1, hidden=True)
def test_ods_ois_on_held_back_counts(env, my_ods, my_ois):
    import numpy as np

    from segutils.classroom.rerun import rerun_answer_cell

    def f_measure(cnt_r, sum_r, cnt_p, sum_p):
        recall, precision = cnt_r / sum_r, cnt_p / sum_p
        return np.where(precision + recall > 0, 2 * precision * recall / (precision + recall), 0)

    assert my_ods is not ... and my_ois is not ..., "No answer."
    rng = np.random.default_rng(5)
    sum_r, sum_p = rng.integers(80, 120, (4, 5)), rng.integers(60, 160, (4, 5))
    cnt_r = (sum_r * rng.random((4, 5))).astype(int)
    cnt_p = (sum_p * rng.random((4, 5))).astype(int)
    counts = {"cnt_r": cnt_r, "sum_r": sum_r, "cnt_p": cnt_p, "sum_p": sum_p}
    namespace = rerun_answer_cell(env, "my_ois", **counts)
    ods = f_measure(cnt_r.sum(0), sum_r.sum(0), cnt_p.sum(0), sum_p.sum(0)).max()
    best = f_measure(cnt_r, sum_r, cnt_p, sum_p).argmax(axis=1)
    rows = np.arange(len(best))
    ois = f_measure(cnt_r[rows, best].sum(), sum_r[rows, best].sum(), cnt_p[rows, best].sum(),
                    sum_p[rows, best].sum())
    # Stricter than the public check (4 decimals): every count is exact, so is the answer; on
    # the public counts the per-image average of F comes within 3e-4 of ODS.
    assert abs(float(namespace["my_ods"]) - ods) < 1e-6, "ODS differs on held-back counts."
    assert abs(float(namespace["my_ois"]) - ois) < 1e-6, "OIS differs on held-back counts."
