"""Hidden check of thresholding_q3 (instructor's autograder only; students never receive it).

The answer cell runs again on another unevenly lit image (seed 5).
"""

from otter.test_files import test_case

OK_FORMAT = False

name = "thresholding_q3"
points = 1


@test_case(points=1, hidden=True)
def test_local_threshold_on_held_back_image(env, my_local_mask):
    from segutils import iou, synthetic

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

    assert my_local_mask is not ... and my_local_mask is not None, "No mask."
    held_back = synthetic((256, 256), difficulty=0.2, illumination=0.7, seed=5)
    mask = rerun("my_local_mask", uneven=held_back)["my_local_mask"]
    score = iou(held_back.mask, mask)
    assert score >= 0.9, f"IoU {score:.3f} on a held-back unevenly lit image."
