"""Hidden check of thresholding_q2 (instructor's autograder only; students never receive it).

The public check's condition on tissue_gray first, then the answer cell again on a held-back
image with dark objects, at the same bar (IoU 0.97 with Otsu's dark side).
"""

from otter.test_files import test_case

OK_FORMAT = False

name = "thresholding_q2"
points = 1


@test_case(points=1, hidden=True)
def test_polarity_on_held_back_image(env, tissue_mask, tissue_gray):
    from types import SimpleNamespace

    import numpy as np

    from segutils import iou, synthetic, threshold
    from segutils.classroom.rerun import rerun_answer_cell

    assert tissue_mask is not ... and tissue_mask is not None, "No mask."
    # The public check's condition first (IoU >= 0.97 with Otsu's dark class of tissue_gray),
    # so that a mask it refuses earns nothing here either; then the same on a held-back image.
    here = threshold.global_threshold(tissue_gray, method="otsu", invert=True)
    mask_here = np.asarray(tissue_mask)
    assert mask_here.shape == here.shape and iou(here, mask_here) >= 0.97, (
        "The mask is not Otsu's dark side of tissue_gray."
    )
    held_back = (1 - synthetic((96, 96), difficulty=0.3, seed=9).image).astype(np.float32)
    namespace = rerun_answer_cell(env, "tissue_mask", tissue_gray=held_back,
                                  tissue=SimpleNamespace(image=held_back))
    mask = np.asarray(namespace["tissue_mask"])
    expected = threshold.global_threshold(held_back, method="otsu", invert=True)
    assert mask.shape == held_back.shape and iou(expected, mask) >= 0.97, (
        "On a held-back image the mask is not Otsu's dark side of tissue_gray."
    )
