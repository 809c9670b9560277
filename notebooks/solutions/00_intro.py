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
