"""Exercise 1 of 01_thresholding: Otsu's threshold computed from the histogram."""

import numpy as np
from otter.test_files import test_case
from skimage import filters

OK_FORMAT = False

name = "thresholding_q1"
points = 1


@test_case(points=1)
def test_otsu_by_hand(my_otsu_level, coins, centers):
    assert my_otsu_level is not ... and my_otsu_level is not None, "Replace ... with a level."
    assert isinstance(my_otsu_level, int | float | np.number), "my_otsu_level should be a number."
    value = float(my_otsu_level)
    assert 0.0 <= value <= 1.0, f"{value} is not a gray level in [0, 1]."
    bin_width = float(centers[1] - centers[0])
    if abs(value - float(np.mean(coins))) < bin_width:
        raise AssertionError(
            "That is (close to) the image mean: find the maximum of the between-class variance."
        )
    reference = filters.threshold_otsu(coins)
    # 2.5 bins: the last bin of class 0, the first of class 1 and skimage's own binning all pass.
    assert abs(value - reference) <= 2.5 * bin_width, (
        f"{value:.4f} is not where the between-class variance omega0 * omega1 * (mu0 - mu1)**2 "
        "peaks. Build omega0 and the class means from cumulative sums of the histogram."
    )
