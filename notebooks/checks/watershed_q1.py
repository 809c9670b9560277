"""Exercise 1 of 04_watershed: where two floods meet on a 1-D profile.

The dam is compared with a stored fingerprint (tests/test_check_constants_b.py recomputes it
with scikit-image's watershed on the notebook's profile): this file, which students receive,
holds no flooding that finds the answer.
"""

from otter.test_files import test_case

OK_FORMAT = False

name = "watershed_q1"
points = 1


@test_case(points=1)
def test_dam(env, my_dam, profile, left, right):
    import ast
    import hashlib

    import numpy as np

    def whole_number(value, what):
        """A whole number as int: an int, a NumPy integer or a float such as 9.0."""
        assert not isinstance(value, bool | np.bool_ | str) and np.ndim(value) == 0, (
            f"{what} is one whole number, not {value!r}."
        )
        assert float(value).is_integer(), f"{what} is a whole number, not {value!r}."
        return int(value)

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

    assert my_dam is not ... and my_dam is not None, "Replace ... with an index into profile."
    dam = whole_number(my_dam, "my_dam, an index into profile,")
    assert not any("watershed" in called for called in calls_in_answer_cell("my_dam")), (
        "Find the dam without calling watershed: follow the two floods level by level."
    )
    assert left < dam < right, f"The dam lies between the markers, {left} < index < {right}."
    found = hashlib.sha256(f"dam {dam}".encode()).hexdigest()[:16] == "2fbce7c2258421c0"
    bumps = [i for i in range(left + 1, right) if profile[i] > max(profile[i - 1], profile[i + 1])]
    if not found and dam in bumps:
        raise AssertionError(
            f"Index {dam} is a bump, not the ridge: the water of one side rises over it and fills "
            "the dip behind it before the other flood arrives. Follow both floods level by level."
        )
    dips = [i for i in range(left + 1, right) if profile[i] < min(profile[i - 1], profile[i + 1])]
    if dam in dips:
        raise AssertionError(
            f"Index {dam} is a dip: water collects there, it does not meet there. The dip fills "
            "from whichever flood spills into it first; the dam stands where the floods touch."
        )
    assert found, (
        "Not there. Each flood rises level by level from its marker; the floods meet on the "
        "highest point they must both climb to reach each other."
    )
