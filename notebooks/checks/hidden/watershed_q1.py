"""Hidden check of watershed_q1 (instructor's autograder only; students never receive it).

The dam is checked against the exercise's own profile, rebuilt here and flooded with
scikit-image: redefining profile, left or right in the notebook does not move it. As the public
check, it refuses an answer cell that calls a watershed.
"""

from otter.test_files import test_case

OK_FORMAT = False

name = "watershed_q1"
points = 1


@test_case(points=1, hidden=True)
def test_dam_on_the_original_profile(env, my_dam):
    import ast

    import numpy as np
    from skimage import segmentation

    def calls_in_answer_cell(target):
        """Names called in the last cell that assigns `target` (empty outside a notebook)."""
        names = set()
        for source in reversed(env.get("In", [])):
            try:
                tree = ast.parse(source)
            except SyntaxError:
                continue
            if any(isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store) and n.id == target
                   for n in ast.walk(tree)):
                for node in ast.walk(tree):
                    if isinstance(node, ast.Call):
                        names.add(getattr(node.func, "id", getattr(node.func, "attr", "")))
                return names
        return names

    assert my_dam is not ... and my_dam is not None, "No dam."
    assert not isinstance(my_dam, bool | np.bool_ | str) and np.ndim(my_dam) == 0, "Not one number."
    assert float(my_dam).is_integer(), "Not a whole number."
    assert not any("watershed" in called for called in calls_in_answer_cell("my_dam")), (
        "The answer cell calls a watershed, which the exercise forbids."
    )
    profile = np.array([5, 3, 1, 2, 4, 6, 7, 5, 6, 8, 4, 2, 0, 3, 6], float)
    markers = np.zeros(profile.shape, int)
    markers[[2, 12]] = 1, 2
    flooded = segmentation.watershed(profile, markers, watershed_line=True)
    assert int(my_dam) == int(np.flatnonzero(flooded == 0)[0]), "Not the dam of the profile."
