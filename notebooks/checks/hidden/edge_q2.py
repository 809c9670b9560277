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

    def rerun(target, **inputs):
        """Run the last cell that assigned `target` again, with held-back inputs swapped in."""
        import ast

        def assigns(source):
            try:
                tree = ast.parse(source)
            except SyntaxError:
                return False
            return any(isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store) and n.id == target
                       for n in ast.walk(tree))

        cells = [source for source in env.get("In", []) if assigns(source)]
        assert cells, f"No cell assigns {target}."
        namespace = {**env, **inputs}
        exec(cells[-1], namespace)
        return namespace

    assert my_edges is not ... and my_edges is not None, "No edges."
    rng = np.random.default_rng(9)
    suppressed = np.where(rng.random((20, 16)) < 0.5, rng.random((20, 16)), 0).round(2)
    low, high = 0.25, 0.6
    # Values exactly at low and at high, as the public map has (0.7): `>` instead of `>=`
    # must fail here too.
    suppressed[3, 4], suppressed[3, 5], suppressed[10, 8], suppressed[11, 9] = low, high, high, low
    edges = np.asarray(rerun("my_edges", suppressed=suppressed, low=low, high=high)["my_edges"])
    chains, _ = ndi.label(suppressed >= low, structure=np.ones((3, 3)))
    expected = np.isin(chains, np.unique(chains[suppressed >= high])) & (suppressed >= low)
    assert np.array_equal(edges, expected), "Hysteresis differs on a held-back map."
