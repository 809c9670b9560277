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
