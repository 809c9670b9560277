"""Hidden check of intro_q1 (instructor's autograder only; students never receive it).

The IoU is recomputed on two held-back masks by re-running the answer cell: a typed number fails.
"""

from otter.test_files import test_case

OK_FORMAT = False

name = "intro_q1"
points = 1


@test_case(points=1, hidden=True)
def test_iou_on_held_back_masks(env, my_iou):
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

    assert my_iou is not ... and my_iou is not None, "No IoU."
    rng = np.random.default_rng(14)
    truth, prediction = rng.random((6, 7)) < 0.5, rng.random((6, 7)) < 0.5
    value = rerun("my_iou", small_truth=truth, small_prediction=prediction)["my_iou"]
    expected = (truth & prediction).sum() / (truth | prediction).sum()
    assert abs(float(value) - expected) < 1e-9, "The IoU is not computed from the two masks."
