"""Hidden check of region_q3 (instructor's autograder only; students never receive it).

The answer cell runs again on a held-back noisy image (new superpixels).
"""

from otter.test_files import test_case

OK_FORMAT = False

name = "region_q3"
points = 1


@test_case(points=1, hidden=True)
def test_superpixel_means_on_held_back_image(env, smoothed):
    import numpy as np
    from scipy import ndimage as ndi

    from segutils import synthetic
    from segutils.classroom.rerun import rerun_answer_cell

    assert smoothed is not ... and smoothed is not None, "No image."
    held_back = synthetic((128, 128), difficulty=0.55, seed=8)
    namespace = rerun_answer_cell(env, "smoothed", noisy=held_back)
    labels = namespace["sp"]
    means = np.zeros(labels.max() + 1)
    means[1:] = ndi.mean(held_back.image, labels=labels, index=np.arange(1, labels.max() + 1))
    assert np.allclose(namespace["smoothed"], means[labels], atol=1e-5), (
        "On a held-back image the pixels do not hold their superpixel's mean."
    )
