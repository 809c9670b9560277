"""Reference solutions of 05_clustering's exercises, one block per question.

Each block replaces the ✏️ exercise cell that precedes ``grader.check("<name>")``. Try the
exercise before reading on.
"""

SOLUTIONS = {
    "clustering_q1": """
distances = ((points[:, None, :] - centres[None, :, :]) ** 2).sum(axis=-1)
assignment = distances.argmin(axis=1)
""",
    "clustering_q2": """
d = np.abs(x - c)
my_memberships = 1 / ((d[:, None] / d[None, :]) ** (2 / (m - 1))).sum(axis=1)
""",
    "clustering_q3": """
my_k = 3
""",
}

# Plausible wrong answers, each in the exercise cell's place: tests/test_exercises.py requires
# that each fails the public check and gets nothing from the hidden one.
WRONG = {
    "clustering_q1": [
        ("the farthest centre", """
distances = ((points[:, None, :] - centres[None, :, :]) ** 2).sum(axis=-1)
assignment = distances.argmax(axis=1)
"""),
        ("numbered from 1", """
distances = ((points[:, None, :] - centres[None, :, :]) ** 2).sum(axis=-1)
assignment = distances.argmin(axis=1) + 1
"""),
        ("differences summed without squaring", """
assignment = (points[:, None, :] - centres[None, :, :]).sum(axis=-1).argmin(axis=1)
"""),
        ("the nearest point for each centre (wrong axis)", """
distances = ((points[:, None, :] - centres[None, :, :]) ** 2).sum(axis=-1)
assignment = distances.argmin(axis=0)
"""),
        ("the distance to the nearest centre, not its index", """
distances = ((points[:, None, :] - centres[None, :, :]) ** 2).sum(axis=-1)
assignment = distances.min(axis=1)
"""),
        ("the hint's differences pasted, not reduced", """
assignment = points[:, None, :] - centres[None, :, :]
"""),
    ],
    "clustering_q2": [
        ("exponent 1: u proportional to 1 / d", """
d = np.abs(x - c)
my_memberships = (1 / d) / (1 / d).sum()
"""),
        ("proportional to the distance, not its inverse", """
d = np.abs(x - c)
my_memberships = d**2 / (d**2).sum()
"""),
        ("not normalised", """
d = np.abs(x - c)
my_memberships = 1 / d**2
"""),
        ("in reverse order", """
d = np.abs(x - c)
my_memberships = (1 / ((d[:, None] / d[None, :]) ** (2 / (m - 1))).sum(axis=1))[::-1]
"""),
        ("crisp k-means membership", "my_memberships = [0, 1, 0]"),
        ("rounded to 2 decimals by hand", "my_memberships = [0.05, 0.85, 0.10]"),
    ],
    "clustering_q3": [
        ("two kinds of region: background and objects", "my_k = 2"),
        ("one more than needed", "my_k = 4"),
        ("copied from the coffee cells", "my_k = 5"),
    ],
}

# The written question is graded by hand; this is what a full answer says.
WRITTEN = {
    "clustering_written": """
k-means groups pixels by their features (colour, brightness), not by where they are: all nuclei
of the same stain fall in one cluster, and one object whose colour varies (a shadowed side, a
highlight) can be split across two clusters; in the coins or nuclei examples the object cluster
holds every object at once. To get objects, take the cluster's mask, label its connected
components, remove small ones, and split touching objects with a watershed (notebook 04).
Position features make clusters compact but still do not count objects.
""",
}
