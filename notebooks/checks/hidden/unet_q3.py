"""Hidden check of unet_q3 (instructor's autograder only; students never receive it).

The answer cell runs again on three held-back slices (the first three of held_out, flipped).
"""

from otter.test_files import test_case

OK_FORMAT = False

name = "unet_q3"
points = 1


@test_case(points=1, hidden=True)
def test_best_level_on_held_back_slices(env, best_level):
    import types

    import numpy as np

    from segutils import dice

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

    assert best_level is not ... and best_level is not None, "No level."
    held_out = env["held_out"]
    flipped = types.SimpleNamespace(images=[i[::-1] for i in held_out.images[:3]],
                                    membrane=[m[::-1] for m in held_out.membrane[:3]])
    level = float(rerun("best_level", held_out=flipped)["best_level"])
    candidates = np.linspace(0.05, 0.95, 91)
    scores = [np.mean([dice(t, i < c) for i, t in zip(flipped.images, flipped.membrane)])
              for c in candidates]
    mine = np.mean([dice(t, i < level) for i, t in zip(flipped.images, flipped.membrane)])
    assert mine >= max(scores) - 1e-9, "Not the best level on held-back slices."
