"""Exercise 2 of 01_thresholding: Otsu with the right polarity on bright-field tissue.

Students can read this file, so it does not compute Otsu's threshold: it stores the size of
Otsu's dark class on tissue_gray (tests/test_check_secrets.py recomputes it) and compares the
mask with that many darkest pixels.
"""

from otter.test_files import test_case

OK_FORMAT = False

name = "thresholding_q2"
points = 1


@test_case(points=1)
def test_polarity(tissue_mask, tissue, tissue_gray):
    import numpy as np

    from segutils import iou

    OTSU_DARK_PIXELS = 3084

    assert tissue_mask is not ... and tissue_mask is not None, "Replace ... with your mask."
    tissue_mask = np.asarray(tissue_mask)
    gray = np.asarray(tissue_gray)
    assert tissue_mask.shape == gray.shape, (
        f"The mask has shape {tissue_mask.shape}; it must match tissue_gray {gray.shape}."
    )
    assert tissue_mask.dtype == bool, f"The mask should be bool, not {tissue_mask.dtype}."
    assert tissue_mask.any() and not tissue_mask.all(), "The mask must select some pixels, not all."
    if gray[tissue_mask].mean() > gray[~tissue_mask].mean():
        raise AssertionError(
            "This selects the bright pixels (the background): nuclei are dark here, "
            "so invert the threshold."
        )
    # Otsu's dark class is the OTSU_DARK_PIXELS darkest pixels. IoU >= 0.97 with them lets any
    # route to it pass (segutils, cv2.threshold on 8 bits, 1 - gray, a light clean-up).
    darkest = gray <= np.sort(gray, axis=None)[OTSU_DARK_PIXELS - 1]
    assert iou(darkest, tissue_mask) >= 0.97, (
        f"Your mask has {int(tissue_mask.sum())} pixels; Otsu's dark class has "
        f"{OTSU_DARK_PIXELS}. Use Otsu's threshold on tissue_gray and keep the dark side."
    )
    print(f"IoU against the annotated nuclei: {iou(tissue.mask, tissue_mask):.3f}")
