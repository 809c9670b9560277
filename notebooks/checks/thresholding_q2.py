"""Exercise 2 of 01_thresholding: Otsu with the right polarity on bright-field tissue."""

from otter.test_files import test_case

OK_FORMAT = False

name = "thresholding_q2"
points = 1


@test_case(points=1)
def test_polarity(tissue_mask, tissue, tissue_gray):
    import numpy as np
    from segutils import iou, threshold

    assert tissue_mask is not ... and tissue_mask is not None, "Replace ... with your mask."
    tissue_mask = np.asarray(tissue_mask)
    assert tissue_mask.shape == tissue_gray.shape, (
        f"The mask has shape {tissue_mask.shape}; it must match tissue_gray {tissue_gray.shape}."
    )
    assert tissue_mask.dtype == bool, f"The mask should be bool, not {tissue_mask.dtype}."
    if np.array_equal(tissue_mask, threshold.global_threshold(tissue_gray)):
        raise AssertionError(
            "This selects the bright pixels (the background): nuclei are dark here, "
            "so invert the threshold (invert=True)."
        )
    expected = threshold.global_threshold(tissue_gray, method="otsu", invert=True)
    # Any route to Otsu's dark side passes: segutils, cv2.threshold on 8 bits, 1 - gray.
    assert iou(expected, tissue_mask) >= 0.97, (
        "This is not Otsu's mask with the dark side selected, e.g. "
        "threshold.global_threshold(tissue_gray, method='otsu', invert=True)."
    )
    print(f"IoU against the annotated nuclei: {iou(tissue.mask, tissue_mask):.3f}")
