"""Hidden check of watershed_q1 (instructor's autograder only; students never receive it).

The dam is checked against the exercise's own profile, rebuilt here: redefining profile, left or right in the notebook does not move it.
"""

from otter.test_files import test_case

OK_FORMAT = False

name = "watershed_q1"
points = 1


@test_case(points=1, hidden=True)
def test_dam_on_the_original_profile(my_dam):
    import numpy as np
    from skimage import segmentation

    assert my_dam is not ... and my_dam is not None, "No dam."
    profile = np.array([5, 3, 1, 2, 4, 6, 7, 5, 6, 8, 4, 2, 0, 3, 6], float)
    markers = np.zeros(profile.shape, int)
    markers[[2, 12]] = 1, 2
    flooded = segmentation.watershed(profile, markers, watershed_line=True)
    assert float(my_dam) == int(np.flatnonzero(flooded == 0)[0]), "Not the dam of the profile."
