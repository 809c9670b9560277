"""Exercise 1 of 04_watershed: where two floods meet on a 1-D profile."""

from otter.test_files import test_case

OK_FORMAT = False

name = "watershed_q1"
points = 1


@test_case(points=1)
def test_dam(my_dam, profile, left, right):
    import numpy as np
    from skimage import segmentation

    assert my_dam is not ... and my_dam is not None, "Replace ... with an index into profile."
    assert np.ndim(my_dam) == 0 and float(my_dam) == int(my_dam), "One index: an integer."
    dam = int(my_dam)
    markers = np.zeros(profile.shape, int)
    markers[[left, right]] = 1, 2
    flooded = segmentation.watershed(profile, markers, watershed_line=True)
    expected = int(np.flatnonzero(flooded == 0)[0])
    assert left < dam < right, f"The dam lies between the markers, {left} < index < {right}."
    bumps = [i for i in range(left + 1, right) if profile[i] > max(profile[i - 1], profile[i + 1])]
    if dam != expected and dam in bumps:
        raise AssertionError(
            f"Index {dam} is a bump, not the ridge: the water of one side rises over it and fills "
            "the dip behind it before the other flood arrives. Follow both floods level by level."
        )
    dips = [i for i in range(left + 1, right) if profile[i] < min(profile[i - 1], profile[i + 1])]
    if dam in dips:
        raise AssertionError(
            f"Index {dam} is a dip: water collects there, it does not meet there. The dip fills "
            "from whichever flood spills into it first; the dam stands where the floods touch."
        )
    assert dam == expected, (
        f"Not there. Each flood rises level by level from its marker; the floods meet on the "
        f"highest point they must both climb to reach each other."
    )
