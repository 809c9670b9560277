"""Exercise 2 of 02_region: watershed markers from two gray levels."""

import numpy as np
from otter.test_files import test_case

OK_FORMAT = False

name = "region_q2"
points = 1


@test_case(points=1)
def test_markers(my_markers, coins):
    assert my_markers is not ... and my_markers is not None, "Replace ... with your markers."
    markers = np.asarray(my_markers)
    assert markers.shape == coins.shape, f"Shape {markers.shape}, expected {coins.shape}."
    assert markers.dtype.kind in "iu", f"Markers must be integers, not {markers.dtype}."
    assert set(np.unique(markers)) <= {0, 1, 2}, "Use only 0 (unknown), 1 and 2."
    expected = np.zeros(coins.shape, dtype=np.int32)
    expected[coins < 30 / 255] = 1
    expected[coins > 150 / 255] = 2
    if np.array_equal(markers, np.where(expected == 0, 0, 3 - expected)):
        raise AssertionError("1 and 2 are swapped: 1 is the dark background, 2 the bright coins.")
    wrong = np.count_nonzero(markers != expected)
    assert wrong == 0, f"{wrong} pixels differ: 1 where coins < 30/255, 2 where > 150/255."
