"""Reference solutions of 00_intro's exercises, one block per question.

Each block replaces the ✏️ exercise cell that precedes ``grader.check("<name>")``. Try the
exercise before reading on.
"""

SOLUTIONS = {
    "intro_q1": """
tp = (small_truth & small_prediction).sum()
fp = (~small_truth & small_prediction).sum()
fn = (small_truth & ~small_prediction).sum()
my_iou = tp / (tp + fp + fn)
""",
    "intro_q2": """
my_mask = image > 0.15
""",
    "intro_q3": """
no_membrane = np.zeros_like(em_membrane)
trap_accuracy = su.pixel_accuracy(em_membrane, no_membrane)
trap_iou = su.iou(em_membrane, no_membrane)
""",
}

# Plausible wrong answers, each run in the exercise cell's place by tests/test_exercises.py:
# both the public and the hidden check must give them 0.
WRONG = {
    "intro_q1": [
        (
            "the Dice score",
            """
tp = (small_truth & small_prediction).sum()
fp = (~small_truth & small_prediction).sum()
fn = (small_truth & ~small_prediction).sum()
my_iou = 2 * tp / (2 * tp + fp + fn)
""",
        ),
        (
            "the pixel accuracy (TN counted)",
            """
my_iou = (small_truth == small_prediction).mean()
""",
        ),
        (
            "FN counted as FP: ~ on the wrong mask",
            """
tp = (small_truth & small_prediction).sum()
fp = (~small_truth & small_prediction).sum()
fn = (~small_truth & small_prediction).sum()
my_iou = tp / (tp + fp + fn)
""",
        ),
        (
            "precision, TP / (TP + FP)",
            """
tp = (small_truth & small_prediction).sum()
my_iou = tp / small_prediction.sum()
""",
        ),
        (
            "a typed, rounded number",
            """
my_iou = 0.44
""",
        ),
    ],
    "intro_q2": [
        (
            "inverted: the darker pixels",
            """
my_mask = image < 0.15
""",
        ),
        (
            "the mean threshold of section 4, copied",
            """
my_mask = image > image.mean()
""",
        ),
        (
            "the ground truth itself",
            """
my_mask = truth_mask
""",
        ),
        (
            "the level in gray levels, not on the 0..1 scale",
            """
my_mask = image > 0.15 * 255
""",
        ),
    ],
    "intro_q3": [
        (
            "predicting membrane everywhere",
            """
everything = np.ones_like(em_membrane)
trap_accuracy = su.pixel_accuracy(em_membrane, everything)
trap_iou = su.iou(em_membrane, everything)
""",
        ),
        (
            "a percentage, not a fraction",
            """
no_membrane = np.zeros_like(em_membrane)
trap_accuracy = 100 * su.pixel_accuracy(em_membrane, no_membrane)
trap_iou = su.iou(em_membrane, no_membrane)
""",
        ),
        (
            "a typed, rounded number",
            """
trap_accuracy = 0.78
trap_iou = 0.0
""",
        ),
        (
            "accuracy and IoU swapped",
            """
no_membrane = np.zeros_like(em_membrane)
trap_accuracy = su.iou(em_membrane, no_membrane)
trap_iou = su.pixel_accuracy(em_membrane, no_membrane)
""",
        ),
    ],
}

# The written question is graded by hand; this is what a full answer says.
WRITTEN = {
    "intro_written": """
About 78 % of an ISBI slice is not membrane, so predicting no membrane at all already scores
78 % accuracy (exercise 3) with an IoU of 0: accuracy counts the many easy background pixels (TN).
95 % can therefore hide a poor membrane mask. Ask for the IoU or Dice of the membrane class (or
mean IoU over both classes), which leave TN out and fall to 0 for the empty prediction; and look
at the mask on the image (an error overlay) to see where it fails.
""",
}
