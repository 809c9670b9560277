"""Exercise 2 of 07_hints: scribbles that give two objects a class each in the random walker."""

from otter.test_files import test_case

OK_FORMAT = False

name = "hints_q2"
points = 1


@test_case(points=1)
def test_scribbles(my_scribbles, walk_sample):
    import numpy as np

    from segutils import hints, iou

    assert my_scribbles is not ... and my_scribbles is not None, (
        "Replace ... with an integer array of the image's shape."
    )
    marks = np.asarray(my_scribbles)
    shape = walk_sample.image.shape[:2]
    assert marks.shape == shape, f"my_scribbles should have the image's shape {shape}."
    assert marks.dtype.kind in "iu", (
        "my_scribbles should hold whole numbers: 0 (unmarked), BACKGROUND, OBJECT, OBJECT + 1 "
        "(np.zeros(shape, dtype=np.int32), then paint)."
    )
    labels = set(np.unique(marks).tolist())
    assert labels <= {0, 1, 2, 3}, (
        "Use only 0 (unmarked), 1 (BACKGROUND), 2 (OBJECT) and 3 (OBJECT + 1)."
    )
    share = float((marks > 0).mean())
    assert share <= 0.02, (
        f"{share:.1%} of the pixels are marked: strokes should mark at most 2 %. Paint strokes, "
        "not the answer."
    )
    assert {2, 3} <= labels, "Mark object 1 with OBJECT (2) and object 2 with OBJECT + 1 (3)."
    assert 1 in labels, (
        "Nothing is marked BACKGROUND: every pixel must then go to one of the two objects."
    )
    classes = hints.random_walker(walk_sample.image, scribbles=marks)
    for number in (1, 2):
        truth = walk_sample.labels == number
        score = iou(truth, classes == number)
        assert score >= 0.9, (
            f"Object {number}: IoU {score:.2f} with class {number}. Check which label each "
            "object's stroke has, and mark the background where the class spreads."
        )
    print("object 1 and object 2 each found with IoU >= 0.9")
