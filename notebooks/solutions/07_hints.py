"""Reference solutions of 07_hints's exercises, one block per question.

Each block replaces the ✏️ exercise cell that precedes ``grader.check("<name>")``. Try the
exercise before reading on.
"""

SOLUTIONS = {
    "hints_q1": """
rows, cols = np.nonzero(box_target)
my_box = (rows.min(), cols.min(), rows.max() + 1, cols.max() + 1)
""",
    "hints_q2": """
my_scribbles = np.zeros(walk_sample.image.shape, dtype=np.int32)
for number, label in ((1, OBJECT), (2, OBJECT + 1)):
    centre = np.round(np.argwhere(walk_sample.labels == number).mean(axis=0)).astype(int)
    my_scribbles[draw.disk(tuple(centre), 4, shape=my_scribbles.shape)] = label
my_scribbles[5:7, 5:251] = BACKGROUND  # a thin line along the top edge
my_scribbles[249:251, 5:251] = BACKGROUND  # and along the bottom edge
""",
    "hints_q3": """
my_sigma_min = 0.5
my_sigma_max = 2
""",
}

# Plausible wrong answers, each run in the exercise cell's place by tests/test_exercises.py:
# both the public and the hidden check must give them 0.
WRONG = {
    "hints_q1": [
        (
            "inclusive bounds: bottom and right on the object's last row and column",
            """
rows, cols = np.nonzero(box_target)
my_box = (rows.min(), cols.min(), rows.max(), cols.max())
""",
        ),
        (
            "OpenCV's rectangle, (x, y, width, height)",
            """
rows, cols = np.nonzero(box_target)
my_box = (cols.min(), rows.min(), cols.max() - cols.min() + 1, rows.max() - rows.min() + 1)
""",
        ),
        (
            "the whole image as the box",
            """
my_box = (0, 0, 256, 256)
""",
        ),
    ],
    "hints_q2": [
        (
            "both objects with the same label, OBJECT",
            """
my_scribbles = np.zeros(walk_sample.image.shape, dtype=np.int32)
for number in (1, 2):
    centre = np.round(np.argwhere(walk_sample.labels == number).mean(axis=0)).astype(int)
    my_scribbles[draw.disk(tuple(centre), 4, shape=my_scribbles.shape)] = OBJECT
my_scribbles[5:7, 5:251] = BACKGROUND
my_scribbles[249:251, 5:251] = BACKGROUND
""",
        ),
        (
            "no background stroke",
            """
my_scribbles = np.zeros(walk_sample.image.shape, dtype=np.int32)
for number, label in ((1, OBJECT), (2, OBJECT + 1)):
    centre = np.round(np.argwhere(walk_sample.labels == number).mean(axis=0)).astype(int)
    my_scribbles[draw.disk(tuple(centre), 4, shape=my_scribbles.shape)] = label
""",
        ),
        (
            "the labels of the two objects swapped",
            """
my_scribbles = np.zeros(walk_sample.image.shape, dtype=np.int32)
for number, label in ((1, OBJECT + 1), (2, OBJECT)):
    centre = np.round(np.argwhere(walk_sample.labels == number).mean(axis=0)).astype(int)
    my_scribbles[draw.disk(tuple(centre), 4, shape=my_scribbles.shape)] = label
my_scribbles[5:7, 5:251] = BACKGROUND
my_scribbles[249:251, 5:251] = BACKGROUND
""",
        ),
        (
            "the truth itself as strokes",
            """
my_scribbles = np.where(walk_sample.labels == 0, BACKGROUND, 0).astype(np.int32)
my_scribbles[walk_sample.labels == 1] = OBJECT
my_scribbles[walk_sample.labels == 2] = OBJECT + 1
""",
        ),
    ],
    "hints_q3": [
        (
            "the defaults, which the exercise says do not do",
            """
my_sigma_min = 1
my_sigma_max = 16
""",
        ),
        (
            "coarse scales only",
            """
my_sigma_min = 4
my_sigma_max = 16
""",
        ),
        (
            "one fine scale only",
            """
my_sigma_min = 1
my_sigma_max = 1
""",
        ),
    ],
}

WRITTEN = {
    "hints_written": """
The two numbers come from different hints given by hand, so they measure the hints as much as the
methods: a box drawn tightly on each image carries more information than three strokes, and
another person would draw other boxes and strokes. A fair comparison fixes how hints are given
and counts them: a simulated user (or the same people) gives each method clicks by one rule, for
example at the centre of the largest error, and we count how many clicks each method needs to
reach an IoU of 0.85 or 0.90 (NoC@85, NoC@90), with a box counted as a hint too. Both methods are
run at settings fixed in advance, on the same set of images that was not used to choose them, and
we look at the spread over images before calling one better.
""",
}
