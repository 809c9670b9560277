"""Exercise 3 of 02_region: every pixel replaced by its superpixel's mean."""

from otter.test_files import test_case

OK_FORMAT = False

name = "region_q3"
points = 1


@test_case(points=1)
def test_superpixel_means(smoothed, sp, noisy):
    import numpy as np
    from scipy import ndimage as ndi

    assert smoothed is not ... and smoothed is not None, "Replace ... with your image."
    smoothed = np.asarray(smoothed)
    assert smoothed.shape == noisy.image.shape, (
        f"Shape {smoothed.shape}, expected {noisy.image.shape}: one value per pixel."
    )
    labels = np.arange(1, sp.max() + 1)
    means = np.zeros(sp.max() + 1)
    means[1:] = ndi.mean(noisy.image, labels=sp, index=labels)
    expected = means[sp]
    if np.allclose(smoothed, noisy.image):
        raise AssertionError("That is the original image: average within each superpixel.")
    assert np.allclose(smoothed, expected, atol=1e-5), (
        "Some pixels do not hold their superpixel's mean. Compute one mean per label with "
        "ndi.mean(noisy.image, labels=sp, index=...) and index that array with sp."
    )
