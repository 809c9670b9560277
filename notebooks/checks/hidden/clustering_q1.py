"""Hidden check of clustering_q1 (instructor's autograder only; students never receive it).

The answer cell runs again on held-back points and four centres.
"""

from otter.test_files import test_case

OK_FORMAT = False

name = "clustering_q1"
points = 1


@test_case(points=1, hidden=True)
def test_assignment_on_held_back_points(env, assignment):
    import numpy as np

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

    assert assignment is not ... and assignment is not None, "No assignment."
    rng = np.random.default_rng(8)
    points, centres = rng.random((150, 3)), rng.random((4, 3))
    result = np.asarray(rerun("assignment", points=points, centres=centres)["assignment"])
    expected = ((points[:, None, :] - centres[None, :, :]) ** 2).sum(axis=-1).argmin(axis=1)
    assert np.array_equal(result, expected), "Not the nearest centre for held-back points."
