"""Hidden check of clustering_q1 (instructor's autograder only; students never receive it).

The assignment must be the nearest centre for the exercise's points, rebuilt here (the
public check's test), and the answer cell runs again on held-back points and four centres.
"""

from otter.test_files import test_case

OK_FORMAT = False

name = "clustering_q1"
points = 1


@test_case(points=1, hidden=True)
def test_assignment_on_held_back_points(env, assignment):
    import numpy as np

    import segutils as su

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

    def nearest(points, centres):
        return ((points[:, None, :] - centres[None, :, :]) ** 2).sum(axis=-1).argmin(axis=1)

    assert assignment is not ... and assignment is not None, "No assignment."
    original = su.load_image("coffee").reshape(-1, 3)[::50]
    exercise_centres = np.array([[0.1, 0.1, 0.1], [0.5, 0.4, 0.3], [0.9, 0.9, 0.9]])
    mine = np.asarray(assignment)
    assert mine.dtype.kind in "iu", "Not integer indices."
    expected = nearest(original, exercise_centres)
    assert mine.shape == expected.shape and np.array_equal(mine, expected), (
        "Not the nearest centre for the exercise's points."
    )
    rng = np.random.default_rng(8)
    points, centres = rng.random((150, 3)), rng.random((4, 3))
    result = np.asarray(rerun("assignment", points=points, centres=centres)["assignment"])
    assert np.array_equal(result, nearest(points, centres)), (
        "Not the nearest centre for held-back points."
    )
