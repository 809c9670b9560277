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
