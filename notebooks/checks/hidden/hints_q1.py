"""Hidden check of hints_q1 (instructor's autograder only; students never receive it).

The box is checked on the exercise's image rebuilt here (seed 8), so an answer that changed
`box_sample` in the notebook is judged on the real one: it must hold the whole object, and
GrabCut (smoothed with sigma 1, as in the public check) must reach the public bar (IoU 0.9) from
it with 5 iterations, and with 3 too: a box that passes only by a lucky number of iterations is
not a good box.
"""

from otter.test_files import test_case

OK_FORMAT = False

name = "hints_q1"
points = 1


@test_case(points=1, hidden=True)
def test_box_on_the_rebuilt_image(my_box):
    import numpy as np

    from segutils import hints, iou, synthetic

    assert my_box is not ... and my_box is not None, "No box."
    values = np.asarray(my_box, dtype=float)
    assert values.shape == (4,), "Not four numbers."
    top, left, bottom, right = (int(round(v)) for v in values)
    sample = synthetic((256, 256), n_objects=6, difficulty=0.5, seed=8)
    target = sample.labels == 3
    assert 0 <= top < bottom <= 256 and 0 <= left < right <= 256, "Not a box in the image."
    assert target[top:bottom, left:right].sum() == target.sum(), "The box cuts the object."
    for iterations in (5, 3):
        found = hints.grabcut(
            sample.image, box=(top, left, bottom, right), iterations=iterations, sigma=1
        )
        score = iou(target, found)
        assert score >= 0.9, f"IoU {score:.3f} with {iterations} iterations."
