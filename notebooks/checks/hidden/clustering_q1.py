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
    from segutils.classroom.rerun import rerun_answer_cell

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
    namespace = rerun_answer_cell(env, "assignment", points=points, centres=centres)
    result = np.asarray(namespace["assignment"])
    assert np.array_equal(result, nearest(points, centres)), (
        "Not the nearest centre for held-back points."
    )
