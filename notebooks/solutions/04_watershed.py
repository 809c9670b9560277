"""Reference solutions of 04_watershed's exercises, one block per question.

Each block replaces the ✏️ exercise cell that precedes ``grader.check("<name>")``. Try the
exercise before reading on.
"""

SOLUTIONS = {
    "watershed_q1": """
my_dam = 9
""",
    "watershed_q2": """
my_min_distance = 8
""",
    "watershed_q3": """
true_ids, predicted_ids = [1, 2, 3], [2, 4, 8, 11]
my_iou = np.array([[((truth_ex == t) & (prediction_ex == p)).sum()
                    / ((truth_ex == t) | (prediction_ex == p)).sum()
                    for p in predicted_ids] for t in true_ids])
rows, cols = linear_sum_assignment(my_iou, maximize=True)
my_tp = int((my_iou[rows, cols] >= 0.5).sum())
""",
}

# Plausible wrong answers, each in the exercise cell's place: tests/test_exercises.py requires
# that each fails the public check (no full marks) and gets nothing from the hidden one.
WRONG = {
    "watershed_q1": [
        ("the first bump, where the left flood pauses", "my_dam = 6"),
        ("the dip between the bumps", "my_dam = 7"),
        ("counted from 1 instead of 0", "my_dam = 10"),
        ("watershed called, which the exercise forbids", """
markers = np.zeros(profile.shape, int)
markers[[left, right]] = 1, 2
flooded = segmentation.watershed(profile, markers, watershed_line=True)
my_dam = int(np.flatnonzero(flooded == 0)[0])
"""),
    ],
    "watershed_q2": [
        ("the explorer's default", "my_min_distance = 5"),
        ("copied from the over-segmentation cell", "my_min_distance = 4"),
        ("one past the values that work", "my_min_distance = 13"),
        ("not a whole number", "my_min_distance = 8.5"),
    ],
    "watershed_q3": [
        ("every pair with IoU >= 0.5 counted, not one-to-one", """
true_ids, predicted_ids = [1, 2, 3], [2, 4, 8, 11]
my_iou = np.array([[((truth_ex == t) & (prediction_ex == p)).sum()
                    / ((truth_ex == t) | (prediction_ex == p)).sum()
                    for p in predicted_ids] for t in true_ids])
my_tp = int((my_iou >= 0.5).sum())
"""),
        ("transposed: one row per predicted object", """
true_ids, predicted_ids = [1, 2, 3], [2, 4, 8, 11]
my_iou = np.array([[((truth_ex == t) & (prediction_ex == p)).sum()
                    / ((truth_ex == t) | (prediction_ex == p)).sum()
                    for t in true_ids] for p in predicted_ids])
rows, cols = linear_sum_assignment(my_iou, maximize=True)
my_tp = int((my_iou[rows, cols] >= 0.5).sum())
"""),
        ("predicted labels in order of appearance, not sorted", """
true_ids, predicted_ids = [1, 2, 3], [4, 8, 11, 2]
my_iou = np.array([[((truth_ex == t) & (prediction_ex == p)).sum()
                    / ((truth_ex == t) | (prediction_ex == p)).sum()
                    for p in predicted_ids] for t in true_ids])
rows, cols = linear_sum_assignment(my_iou, maximize=True)
my_tp = int((my_iou[rows, cols] >= 0.5).sum())
"""),
        ("foreground against foreground in every entry", """
both, either = (truth_ex > 0) & (prediction_ex > 0), (truth_ex > 0) | (prediction_ex > 0)
foreground_iou = both.sum() / either.sum()
my_iou = np.full((3, 4), foreground_iou)
rows, cols = linear_sum_assignment(my_iou, maximize=True)
my_tp = int((my_iou[rows, cols] >= 0.5).sum())
"""),
        ("the background kept as label 0", """
true_ids, predicted_ids = np.unique(truth_ex), np.unique(prediction_ex)
my_iou = np.array([[((truth_ex == t) & (prediction_ex == p)).sum()
                    / ((truth_ex == t) | (prediction_ex == p)).sum()
                    for p in predicted_ids] for t in true_ids])
rows, cols = linear_sum_assignment(my_iou, maximize=True)
my_tp = int((my_iou[rows, cols] >= 0.5).sum())
"""),
    ],
}

# The written question is graded by hand; this is what a full answer says.
WRITTEN = {
    "watershed_written": """
The negated distance transform of a real, noisy mask has many small local maxima inside one
object (bumps on its outline, elongated shapes), and each marker floods its own basin, so one
object becomes several: many splits. Raising min_distance keeps only peaks that far apart, which
removes the spurious markers; but two touching objects whose centres are closer than
min_distance then share one marker and merge. Splits fall and merges rise as it grows; the best
value is set by the smallest object size, and h-maxima or smoothing choose markers by depth
rather than distance.
""",
}
