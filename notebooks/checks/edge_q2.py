"""Exercise 2 of 03_edge: hysteresis thresholding by hand."""

from otter.test_files import test_case

OK_FORMAT = False

name = "edge_q2"
points = 1


@test_case(points=1)
def test_hysteresis(my_edges, suppressed, low, high):
    import numpy as np
    from scipy import ndimage as ndi

    assert my_edges is not ... and my_edges is not None, "Replace ... with your boolean map."
    edges = np.asarray(my_edges)
    assert edges.shape == suppressed.shape, f"Shape {edges.shape}, expected {suppressed.shape}."
    assert edges.dtype == bool, "A boolean map: compare with >= and combine with &, |."
    candidates = suppressed >= low
    strong = suppressed >= high
    chains, _ = ndi.label(candidates, structure=np.ones((3, 3)))
    expected = np.isin(chains, np.unique(chains[strong])) & candidates
    four, _ = ndi.label(candidates)
    if not np.array_equal(edges, expected) and np.array_equal(
        edges, np.isin(four, np.unique(four[strong])) & candidates
    ):
        raise AssertionError("Close: diagonal neighbours count too. Use structure=np.ones((3, 3)).")
    assert not (edges & ~candidates).any(), "Some of your edges are below `low`."
    assert edges[strong].all(), "Every pixel at least `high` is an edge."
    missing = int((expected & ~edges).sum())
    extra = int((edges & ~expected).sum())
    assert missing == 0 and extra == 0, (
        f"{missing} linked weak pixels missing, {extra} unlinked ones kept: label the pixels "
        ">= low, then keep the labels that contain a pixel >= high."
    )
