"""Hidden check of thresholding_q1 (instructor's autograder only; students never receive it).

The answer cell runs again on the histogram of another image (camera); its within_variance and
its level are both checked there.
"""

from otter.test_files import test_case

OK_FORMAT = False

name = "thresholding_q1"
points = 1


@test_case(points=1, hidden=True)
def test_within_variance_of_another_histogram(env, within_variance, my_otsu_level):
    import numpy as np
    from skimage import data, filters

    from segutils.classroom.rerun import rerun_answer_cell

    assert within_variance is not ... and my_otsu_level is not ..., "No answer."
    camera = data.camera() / 255.0
    counts, edges = np.histogram(camera, bins=256, range=(0, 1))
    centers = (edges[:-1] + edges[1:]) / 2
    # Section 2's names too, from the same histogram: an answer may build on them.
    p = counts / counts.sum()
    omega0, mu_cumulative = np.cumsum(p), np.cumsum(p * centers)
    with np.errstate(divide="ignore", invalid="ignore"):
        mu0 = mu_cumulative / omega0
        mu1 = (mu_cumulative[-1] - mu_cumulative) / (1 - omega0)
    section2 = {"p": p, "omega0": omega0, "mu_cumulative": mu_cumulative, "mu0": mu0, "mu1": mu1,
                "mu_total": mu_cumulative[-1], "between": omega0 * (1 - omega0) * (mu0 - mu1) ** 2}
    namespace = rerun_answer_cell(env, "my_otsu_level", counts=counts, centers=centers,
                                  edges=edges, coins=camera, **section2)
    # The within-class variance itself, on camera's histogram, as strictly as the public check
    # compares it on coins (rtol 0.02, atol 2e-4 at every split where both are finite): a
    # level copied from section 2 beside a wrong within_variance earns nothing here either.
    square = np.cumsum(p * centers**2)
    with np.errstate(divide="ignore", invalid="ignore"):
        within = (omega0 * (square / omega0 - mu0**2)
                  + (1 - omega0) * ((square[-1] - square) / (1 - omega0) - mu1**2))
    mine = np.asarray(namespace["within_variance"], dtype=float)
    assert mine.shape == within.shape, "within_variance does not follow the histogram."
    both = np.isfinite(mine) & np.isfinite(within)
    assert both.sum() > 0.9 * len(within), "within_variance is NaN almost everywhere."
    assert np.allclose(mine[both], within[both], rtol=0.02, atol=2e-4), (
        "On camera's histogram within_variance is not the within-class variance."
    )
    level = float(namespace["my_otsu_level"])
    assert abs(level - filters.threshold_otsu(camera)) <= 2.5 / 256, (
        f"On camera's histogram the level is {level:.4f}, not Otsu's."
    )
