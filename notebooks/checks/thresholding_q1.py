"""Exercise 1 of 01_thresholding: Otsu's threshold as the minimum of the within-class variance.

Students can read this file, so it holds no computation of the answer: the within- and
between-class variances of coins at every 16th split, the total variance, the splits where
class 0 is empty and scikit-image's Otsu level are stored values, which
tests/test_check_secrets.py recomputes from coins' histogram.
"""

from otter.test_files import test_case

OK_FORMAT = False

name = "thresholding_q1"
points = 1


@test_case(points=1)
def test_otsu_from_the_within_class_variance(within_variance, my_otsu_level, centers):
    import numpy as np

    SPLITS = 256
    SAMPLES = [16, 32, 48, 64, 80, 96, 112, 128, 144, 160, 176, 192, 208, 224, 240]
    WITHIN = [
        0.0424554,
        0.0368897,
        0.0259232,
        0.0180739,
        0.0133662,
        0.0108287,
        0.0104827,
        0.012063,
        0.0150064,
        0.020024,
        0.0268523,
        0.0338434,
        0.0387515,
        0.0414157,
        0.0425709,
    ]
    BETWEEN = [
        0.000212362,
        0.00577809,
        0.0167446,
        0.0245939,
        0.0293015,
        0.0318391,
        0.032185,
        0.0306048,
        0.0276614,
        0.0226437,
        0.0158155,
        0.00882441,
        0.00391623,
        0.00125207,
        9.68399e-05,
    ]
    TOTAL_VARIANCE = 0.0426678
    EMPTY_CLASS_SPLITS = [0]
    OTSU_LEVEL = 0.417256

    assert within_variance is not ... and within_variance is not None, (
        "Replace ... in within_variance with one within-class variance per split."
    )
    assert my_otsu_level is not ... and my_otsu_level is not None, "Replace ... with a level."
    mine = np.asarray(within_variance, dtype=float)
    assert mine.shape == (SPLITS,), (
        f"within_variance has shape {mine.shape}: give one value per split, {SPLITS}, "
        "entry k for class 0 = bins 0..k (like omega0)."
    )
    assert np.isfinite(mine).sum() > 0.9 * SPLITS, (
        "within_variance is NaN or infinite almost everywhere."
    )
    sampled = mine[SAMPLES]
    if np.allclose(sampled, BETWEEN, rtol=0.02, atol=2e-4):
        raise AssertionError(
            "That is the between-class variance of section 2. The within-class variance adds "
            "each class's own spread: omega0 * var0 + omega1 * var1."
        )
    assert np.allclose(sampled, WITHIN, rtol=0.02, atol=2e-4), (
        "within_variance is off. For class 0 (bins 0..k): var0 = E0[x**2] - mu0**2, where "
        "E0[x**2] = cumsum(p * centers**2) / omega0; class 1 likewise from the remaining sums."
    )
    assert isinstance(my_otsu_level, int | float | np.number), "my_otsu_level should be a number."
    value = float(my_otsu_level)
    bin_width = float(centers[1] - centers[0])
    nearest = int(np.argmin(np.abs(np.asarray(centers) - value)))
    if abs(value - float(centers[nearest])) < bin_width / 2 and nearest in EMPTY_CLASS_SPLITS:
        raise AssertionError(
            f"{value:.4f} is bin {nearest}, where class 0 is empty and its mean is 0/0 = NaN. "
            "np.argmin (like np.argmax) returns the first NaN it meets; np.nanargmin skips NaN."
        )
    # 2.5 bins: the last bin of class 0, the first of class 1 and skimage's own binning all pass.
    assert abs(value - OTSU_LEVEL) <= 2.5 * bin_width, (
        f"{value:.4f} is not where within_variance is smallest: take the centre of the bin at "
        "its minimum, ignoring NaN."
    )
    print(
        f"Smallest within-class variance at t = {value:.4f}, where the between-class variance "
        f"peaks: at every split the two add up to the total variance, {TOTAL_VARIANCE:.5f}."
    )
