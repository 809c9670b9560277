"""Exercise 1 of 01_thresholding: Otsu's threshold as the minimum of the within-class variance."""

from otter.test_files import test_case

OK_FORMAT = False

name = "thresholding_q1"
points = 1


@test_case(points=1)
def test_otsu_from_the_within_class_variance(within_variance, my_otsu_level, coins, counts, centers):
    import numpy as np
    from skimage import filters

    def variances(counts, centers):
        """Within- and between-class variance for a split after each bin (NaN where a class is empty)."""
        p = counts / counts.sum()
        weight0 = np.cumsum(p)
        sum0, square0 = np.cumsum(p * centers), np.cumsum(p * centers**2)
        with np.errstate(divide="ignore", invalid="ignore"):
            mean0 = sum0 / weight0
            mean1 = (sum0[-1] - sum0) / (1 - weight0)
            var0 = square0 / weight0 - mean0**2
            var1 = (square0[-1] - square0) / (1 - weight0) - mean1**2
            within = weight0 * var0 + (1 - weight0) * var1
            between = weight0 * (1 - weight0) * (mean0 - mean1) ** 2
        return within, between

    assert within_variance is not ... and within_variance is not None, (
        "Replace ... in within_variance with one within-class variance per split."
    )
    assert my_otsu_level is not ... and my_otsu_level is not None, "Replace ... with a level."
    within, between = variances(np.asarray(counts, float), np.asarray(centers, float))
    mine = np.asarray(within_variance, dtype=float)
    assert mine.shape == within.shape, (
        f"within_variance has shape {mine.shape}: give one value per split, {within.shape[0]}, "
        "entry k for class 0 = bins 0..k (like omega0)."
    )
    both = np.isfinite(mine) & np.isfinite(within)
    assert both.sum() > 0.9 * len(within), "within_variance is NaN or infinite almost everywhere."
    if np.allclose(mine[both], between[both], rtol=0.02, atol=2e-4):
        raise AssertionError(
            "That is the between-class variance of section 2. The within-class variance adds "
            "each class's own spread: omega0 * var0 + omega1 * var1."
        )
    assert np.allclose(mine[both], within[both], rtol=0.02, atol=2e-4), (
        "within_variance is off. For class 0 (bins 0..k): var0 = E0[x**2] - mu0**2, where "
        "E0[x**2] = cumsum(p * centers**2) / omega0; class 1 likewise from the remaining sums."
    )
    assert isinstance(my_otsu_level, int | float | np.number), "my_otsu_level should be a number."
    value = float(my_otsu_level)
    bin_width = float(centers[1] - centers[0])
    nearest = int(np.argmin(np.abs(np.asarray(centers) - value)))
    if abs(value - float(centers[nearest])) < bin_width / 2 and np.isnan(within[nearest]):
        raise AssertionError(
            f"{value:.4f} is bin {nearest}, where class 0 is empty and its mean is 0/0 = NaN. "
            "np.argmin (like np.argmax) returns the first NaN it meets; np.nanargmin skips NaN."
        )
    reference = filters.threshold_otsu(coins)
    # 2.5 bins: the last bin of class 0, the first of class 1 and skimage's own binning all pass.
    assert abs(value - reference) <= 2.5 * bin_width, (
        f"{value:.4f} is not where within_variance is smallest: take the centre of the bin at "
        "its minimum, ignoring NaN."
    )
    total = within[both] + between[both]
    print(
        f"Smallest within-class variance at t = {value:.4f}, where the between-class variance "
        f"peaks: at every split the two add up to the total variance, {total.mean():.5f}."
    )
