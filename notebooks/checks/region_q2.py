"""Exercise 2 of 02_region: watershed markers for dark objects, from the multi-Otsu levels."""

from otter.test_files import test_case

OK_FORMAT = False

name = "region_q2"
points = 1


@test_case(points=1)
def test_dark_object_markers(my_markers, tissue, tissue_gray):
    import numpy as np
    from skimage import filters, segmentation

    from segutils import iou, threshold

    assert my_markers is not ... and my_markers is not None, "Replace ... with your markers."
    markers = np.asarray(my_markers)
    assert markers.shape == tissue_gray.shape, (
        f"Shape {markers.shape}, expected {tissue_gray.shape}: one marker per pixel."
    )
    assert markers.dtype == np.int32, (
        f"Markers are {markers.dtype}; make them int32 as asked, e.g. "
        "np.zeros(tissue_gray.shape, dtype=np.int32), so that a later marker image with many "
        "labels fits too."
    )
    assert set(np.unique(markers).tolist()) <= {0, 1, 2}, "Use only 0 (undecided), 1 and 2."
    low, high = filters.threshold_multiotsu(tissue_gray, classes=3)
    expected = np.zeros(tissue_gray.shape, dtype=np.int32)
    expected[tissue_gray > high] = 1  # surely background: brighter than the upper level
    expected[tissue_gray < low] = 2  # surely nucleus: darker than the lower level
    bright_rule = np.zeros_like(expected)
    bright_rule[tissue_gray < low] = 1
    bright_rule[tissue_gray > high] = 2
    if np.array_equal(markers, bright_rule):
        raise AssertionError(
            "These are the coins' rules (objects bright). Here the nuclei are dark: 2 below the "
            "lower level, 1 above the upper one."
        )
    wrong = np.count_nonzero(markers != expected)
    assert wrong == 0, (
        f"{wrong} pixels differ: 2 where tissue_gray < the lower multi-Otsu level, 1 where it "
        "is > the upper one, 0 elsewhere."
    )
    nuclei = segmentation.watershed(filters.sobel(tissue_gray), markers) == 2
    otsu = threshold.global_threshold(tissue_gray, invert=True)
    print(
        f"The watershed from your markers: IoU {iou(tissue.mask, nuclei):.3f} with the "
        f"annotated nuclei (Otsu's dark side: {iou(tissue.mask, otsu):.3f})."
    )
