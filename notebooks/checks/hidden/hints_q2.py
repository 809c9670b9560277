"""Hidden check of hints_q2 (instructor's autograder only; students never receive it).

The strokes are checked on the exercise's image rebuilt here (seed 22), at the public check's
rules (labels, at most 2 % of the pixels, IoU 0.9 for each object), and again with a weaker edge
penalty, a third and two thirds of a decade below the default (log10_beta 3.7 and 3.3): strokes
that hold the objects apart pass at all three; strokes that pass only because the default's
strong penalty walls in the noise do not. Measured with the reference strokes: IoU 0.936 to
0.962 at the three.
"""

from otter.test_files import test_case

OK_FORMAT = False

name = "hints_q2"
points = 1


@test_case(points=1, hidden=True)
def test_scribbles_on_the_rebuilt_image(my_scribbles):
    import numpy as np

    from segutils import hints, iou, synthetic

    assert my_scribbles is not ... and my_scribbles is not None, "No scribbles."
    marks = np.asarray(my_scribbles)
    sample = synthetic((256, 256), n_objects=5, difficulty=0.3, seed=22)
    assert marks.shape == sample.image.shape and marks.dtype.kind in "iu", "Not a label image."
    assert set(np.unique(marks).tolist()) == {0, 1, 2, 3}, "Labels 0, 1, 2 and 3 expected."
    assert (marks > 0).mean() <= 0.02, "More than 2 % of the pixels marked."
    for log10_beta in (4.0, 3.7, 3.3):
        classes = hints.random_walker(sample.image, scribbles=marks, log10_beta=log10_beta)
        for number in (1, 2):
            score = iou(sample.labels == number, classes == number)
            assert score >= 0.9, f"Object {number}: IoU {score:.3f} at log10_beta {log10_beta}."
