"""Exercise 2 of 03_edge: hysteresis thresholding by hand.

Students can read this file, so it does not run the hysteresis: the expected edge map and
the one 4-connected labelling gives are stored as digests (SHA-256 of their bool bytes), with
the expected pixel count; tests/test_check_secrets.py recomputes them from the notebook's map.
The map has pixels exactly at `low` that a chain links to a strong pixel, so that `>` in
place of `>=` changes the answer.
"""

from otter.test_files import test_case

OK_FORMAT = False

name = "edge_q2"
points = 1


@test_case(points=1)
def test_hysteresis(my_edges, suppressed, low, high):
    import hashlib

    import numpy as np

    EDGES = "e2e851ceb752987d"
    EDGE_PIXELS = 41
    FOUR_CONNECTED = "f79b7cfb2b89be17"

    def digest(mask):
        """The first 16 hex digits of the SHA-256 of the mask's bytes."""
        data = np.ascontiguousarray(mask, dtype=bool).tobytes()
        return hashlib.sha256(data).hexdigest()[:16]

    assert my_edges is not ... and my_edges is not None, "Replace ... with your boolean map."
    edges = np.asarray(my_edges)
    assert edges.shape == suppressed.shape, f"Shape {edges.shape}, expected {suppressed.shape}."
    assert edges.dtype == bool, "A boolean map: compare with >= and combine with &, |."
    if digest(edges) == FOUR_CONNECTED:
        raise AssertionError("Close: diagonal neighbours count too (8-connectivity).")
    assert not (edges & (suppressed < low)).any(), "Some of your edges are below `low`."
    assert edges[suppressed >= high].all(), "Every pixel at least `high` is an edge."
    assert digest(edges) == EDGES, (
        f"You keep {int(edges.sum())} pixels, hysteresis keeps {EDGE_PIXELS}: a pixel >= low is "
        "an edge when a chain of 8-connected pixels >= low links it to a pixel >= high."
    )
