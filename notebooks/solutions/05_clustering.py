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
