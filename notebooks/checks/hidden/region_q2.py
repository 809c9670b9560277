"""Hidden check of region_q2 (instructor's autograder only; students never receive it).

The answer cell runs again on a held-back image with dark objects.
"""

from otter.test_files import test_case

OK_FORMAT = False

name = "region_q2"
points = 1


@test_case(points=1, hidden=True)
def test_markers_on_held_back_image(env, my_markers):
    from types import SimpleNamespace

    import numpy as np
    from skimage import filters

    from segutils import synthetic
    from segutils.classroom.rerun import rerun_answer_cell

    assert my_markers is not ... and my_markers is not None, "No markers."
    held_back = (1 - synthetic((96, 96), difficulty=0.4, seed=12).image).astype(np.float32)
    image_only = SimpleNamespace(image=held_back)
    namespace = rerun_answer_cell(env, "my_markers", tissue_gray=held_back, tissue=image_only)
    markers = np.asarray(namespace["my_markers"])
    low, high = filters.threshold_multiotsu(held_back, classes=3)
    expected = np.zeros(held_back.shape, dtype=np.int32)
    expected[held_back > high], expected[held_back < low] = 1, 2
    assert np.array_equal(markers, expected), "The markers do not follow the rule on tissue_gray."
