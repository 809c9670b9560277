"""Hidden check of edge_q2 (instructor's autograder only; students never receive it).

The answer cell runs again on a held-back suppressed map with other thresholds.
"""

from otter.test_files import test_case

OK_FORMAT = False

name = "edge_q2"
points = 1


@test_case(points=1, hidden=True)
def test_hysteresis_on_held_back_map(env, my_edges):
    import numpy as np
    from scipy import ndimage as ndi

    from segutils.classroom.rerun import rerun_answer_cell

    assert my_edges is not ... and my_edges is not None, "No edges."
    rng = np.random.default_rng(9)
    suppressed = np.where(rng.random((20, 16)) < 0.5, rng.random((20, 16)), 0).round(2)
    low, high = 0.25, 0.6
    # Values exactly at low and at high, as the public map has (0.7): `>` instead of `>=`
    # must fail here too.
    suppressed[3, 4], suppressed[3, 5], suppressed[10, 8], suppressed[11, 9] = low, high, high, low
    namespace = rerun_answer_cell(env, "my_edges", suppressed=suppressed, low=low, high=high)
    edges = np.asarray(namespace["my_edges"])
    chains, _ = ndi.label(suppressed >= low, structure=np.ones((3, 3)))
    expected = np.isin(chains, np.unique(chains[suppressed >= high])) & (suppressed >= low)
    assert np.array_equal(edges, expected), "Hysteresis differs on a held-back map."
