"""Hidden check of thresholding_q2 (instructor's autograder only; students never receive it).

The public check's condition on tissue_gray first, then the answer cell again on a held-back
image with dark objects, at the same bar (IoU 0.97 with Otsu's dark side).
"""

from otter.test_files import test_case

OK_FORMAT = False

name = "thresholding_q2"
points = 1


@test_case(points=1, hidden=True)
def test_polarity_on_held_back_image(env, tissue_mask, tissue_gray):
    from types import SimpleNamespace

    import numpy as np

    from segutils import iou, synthetic, threshold

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

    assert tissue_mask is not ... and tissue_mask is not None, "No mask."
    # The public check's condition first (IoU >= 0.97 with Otsu's dark class of tissue_gray),
    # so that a mask it refuses earns nothing here either; then the same on a held-back image.
    here = threshold.global_threshold(tissue_gray, method="otsu", invert=True)
    mask_here = np.asarray(tissue_mask)
    assert mask_here.shape == here.shape and iou(here, mask_here) >= 0.97, (
        "The mask is not Otsu's dark side of tissue_gray."
    )
    held_back = (1 - synthetic((96, 96), difficulty=0.3, seed=9).image).astype(np.float32)
    mask = np.asarray(rerun("tissue_mask", tissue_gray=held_back,
                            tissue=SimpleNamespace(image=held_back))["tissue_mask"])
    expected = threshold.global_threshold(held_back, method="otsu", invert=True)
    assert mask.shape == held_back.shape and iou(expected, mask) >= 0.97, (
        "On a held-back image the mask is not Otsu's dark side of tissue_gray."
    )
