"""Exercise 3 of 02_region: every pixel replaced by its superpixel's mean.

Students can read this file, so it does not average: it checks properties (one value per
superpixel, the image's sum kept, as averaging does) and compares the sum of squares with a
stored value; the superpixels are compared with a stored digest. tests/test_check_secrets.py
recomputes both from the notebook's noisy image.
"""

from otter.test_files import test_case

OK_FORMAT = False

name = "region_q3"
points = 1


@test_case(points=1)
def test_superpixel_means(smoothed, sp, noisy):
    import hashlib

    import numpy as np
    from scipy import ndimage as ndi

    SUPERPIXELS = "8cd8d003814e3e7c"
    SUM_OF_SQUARES = 4975.6412

    assert smoothed is not ... and smoothed is not None, "Replace ... with your image."
    smoothed = np.asarray(smoothed, dtype=float)
    assert smoothed.shape == noisy.image.shape, (
        f"Shape {smoothed.shape}, expected {noisy.image.shape}: one value per pixel."
    )
    labels = np.ascontiguousarray(sp, dtype="<i8")
    assert hashlib.sha256(labels.tobytes()).hexdigest()[:16] == SUPERPIXELS, (
        "sp is not the superpixels of the exercise: keep its first line as given."
    )
    if np.allclose(smoothed, noisy.image):
        raise AssertionError("That is the original image: average within each superpixel.")
    index = np.unique(labels)
    spread = ndi.maximum(smoothed, labels, index) - ndi.minimum(smoothed, labels, index)
    uneven = int((spread > 1e-5).sum())
    assert uneven == 0, (
        f"{uneven} of {len(index)} superpixels hold more than one value: every pixel of a "
        "superpixel gets the same number, its superpixel's mean."
    )
    assert np.isclose(smoothed.sum(), float(noisy.image.sum()), rtol=1e-4), (
        "One value per superpixel, but not the means: replacing each pixel by its "
        "superpixel's mean keeps the image's sum."
    )
    assert np.isclose(float((smoothed**2).sum()), SUM_OF_SQUARES, rtol=1e-4), (
        "One value per superpixel, but not each one's own mean: check which position of "
        "your array of means holds which label."
    )
