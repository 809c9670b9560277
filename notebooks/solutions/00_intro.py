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
