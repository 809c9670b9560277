"""Exercise 2 of 02_region: watershed markers for dark objects, from the multi-Otsu levels.

Students can read this file, so it does not build the markers: the expected marker image and
the coins' rule applied to the wrong polarity are stored as digests (SHA-256 of their int64
bytes), with their pixel counts and Otsu's IoU for the feedback;
tests/test_check_secrets.py recomputes every one from the H&E image.
"""

from otter.test_files import test_case

OK_FORMAT = False

name = "region_q2"
points = 1


@test_case(points=1)
def test_dark_object_markers(my_markers, tissue, tissue_gray):
    import hashlib

    import numpy as np
    from skimage import filters, segmentation

    from segutils import iou

    MARKERS = "d1b0c2193a7e953c"
    BRIGHT_RULE = "9b6335a036402d3d"
    BACKGROUND_PIXELS = 67907
    NUCLEUS_PIXELS = 7151
    OTSU_IOU = 0.760

    def digest(array):
        """The first 16 hex digits of the SHA-256 of the array's int64 bytes."""
        data = np.ascontiguousarray(array, dtype="<i8").tobytes()
        return hashlib.sha256(data).hexdigest()[:16]

    assert my_markers is not ... and my_markers is not None, "Replace ... with your markers."
    markers = np.asarray(my_markers)
    assert markers.shape == tissue_gray.shape, (
        f"Shape {markers.shape}, expected {tissue_gray.shape}: one marker per pixel."
    )
    assert markers.dtype == np.int32, (
        f"Markers are {markers.dtype}; make them int32 as asked (dtype=np.int32 where you "
        "create the array), so that a later marker image with many labels fits too."
    )
    assert set(np.unique(markers).tolist()) <= {0, 1, 2}, "Use only 0 (undecided), 1 and 2."
    if digest(markers) == BRIGHT_RULE:
        raise AssertionError(
            "These are the coins' rules (objects bright). Here the nuclei are dark: 2 below the "
            "lower level, 1 above the upper one."
        )
    background, nucleus = int((markers == 1).sum()), int((markers == 2).sum())
    assert digest(markers) == MARKERS, (
        f"You mark {nucleus} pixels 2 and {background} pixels 1; the rule marks "
        f"{NUCLEUS_PIXELS} and {BACKGROUND_PIXELS}: 2 where tissue_gray < the lower multi-Otsu "
        "level, 1 where it is > the upper one, 0 elsewhere."
    )
    nuclei = segmentation.watershed(filters.sobel(tissue_gray), markers) == 2
    print(
        f"The watershed from your markers: IoU {iou(tissue.mask, nuclei):.3f} with the "
        f"annotated nuclei (Otsu's dark side: {OTSU_IOU:.3f})."
    )
