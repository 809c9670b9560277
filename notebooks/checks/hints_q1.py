"""Exercise 1 of 07_hints: a box around object 3, as GrabCut reads it."""

from otter.test_files import test_case

OK_FORMAT = False

name = "hints_q1"
points = 1


@test_case(points=1)
def test_box(my_box, box_sample, box_target):
    import numpy as np

    from segutils import hints, iou

    assert my_box is not ... and my_box is not None, (
        "Replace ... with four numbers: (top, left, bottom, right)."
    )
    values = np.asarray(my_box)
    assert values.shape == (4,), "my_box should be four numbers: (top, left, bottom, right)."
    assert values.dtype.kind in "iuf", "my_box should hold numbers (pixel positions)."
    top, left, bottom, right = (int(round(float(v))) for v in values)
    height, width = box_target.shape
    # The same four numbers read as OpenCV's rectangle (x, y, width, height), for the advice.
    x, y, w, h = top, left, bottom, right
    as_opencv = min(x, y, w, h) >= 0 and box_target[y : y + h, x : x + w].sum() == box_target.sum()
    opencv_hint = (
        " These numbers read as OpenCV's (x, y, width, height) would hold it: give rows first, "
        "(top, left, bottom, right)."
        if as_opencv
        else ""
    )
    assert 0 <= top < bottom <= height and 0 <= left < right <= width, (
        f"A box must lie within the {height}x{width} image with top < bottom and left < right."
        + opencv_hint
    )
    cut = [
        side
        for side, outside in (
            ("top", box_target[:top]),
            ("left", box_target[:, :left]),
            ("bottom", box_target[bottom:]),
            ("right", box_target[:, right:]),
        )
        if outside.any()
    ]
    if cut:
        hint = opencv_hint or (
            " The box is half-open: bottom and right are the first row and column outside."
        )
        raise AssertionError(
            f"The box cuts object 3 on its {', '.join(cut)} side: GrabCut takes everything "
            f"outside the box as sure background.{hint}"
        )
    found = hints.grabcut(box_sample.image, box=(top, left, bottom, right), sigma=1)
    score = iou(box_target, found)
    assert score >= 0.9, (
        f"IoU {score:.2f}: the box holds object 3, but GrabCut's colour models learn too much "
        "background from it; make it tighter."
    )
    print(f"IoU {score:.3f} with the box {(top, left, bottom, right)}")
