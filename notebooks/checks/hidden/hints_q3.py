"""Hidden check of hints_q3 (instructor's autograder only; students never receive it).

The scales are used on the exercise's image rebuilt here and on a held-back image of the same
kind (the grass disk moved to (280, 230), its stroke with it), at the public check's bar (IoU
0.84) on both. Measured: the scale ranges that pass the public check (0.5-1, 0.5-2, 1-2, 0.5-4,
1-4) score 0.85 to 0.90 on the held-back image; the defaults (1-16) score 0.71 there, 2-4 0.83.
"""

from otter.test_files import test_case

OK_FORMAT = False

name = "hints_q3"
points = 1


@test_case(points=1, hidden=True)
def test_scales_on_a_held_back_image(my_sigma_min, my_sigma_max):
    import numpy as np
    from skimage import draw, morphology

    from segutils import hints, iou, load_image
    from segutils.params import BACKGROUND, OBJECT

    for value in (my_sigma_min, my_sigma_max):
        assert value is not ... and value is not None, "No scale."
    brick = load_image("brick")
    grass = load_image("grass")
    grass = (grass - grass.mean()) / grass.std() * brick.std() + brick.mean()
    for centre in ((230, 280), (280, 230)):
        disk = np.zeros(brick.shape, dtype=bool)
        disk[draw.disk(centre, 140, shape=brick.shape)] = True
        image = np.clip(np.where(disk, grass, brick), 0, 1).astype(np.float32)
        strokes = np.zeros(brick.shape, dtype=np.int32)
        for label, (r0, c0, r1, c1) in (
            (OBJECT, (centre[0] - 1, centre[1] - 80, centre[0] - 1, centre[1] + 80)),
            (BACKGROUND, (24, 20, 24, 490)),
            (BACKGROUND, (484, 20, 484, 490)),
        ):
            line = np.zeros(brick.shape, dtype=bool)
            line[draw.line(r0, c0, r1, c1)] = True
            strokes[morphology.dilation(line, morphology.disk(4))] = label
        classes = hints.pixel_classifier(
            image, scribbles=strokes, sigma_min=float(my_sigma_min), sigma_max=float(my_sigma_max)
        )
        score = iou(disk, classes > 0)
        assert score >= 0.84, f"IoU {score:.3f} with the disk at {centre}."
