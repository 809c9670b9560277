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
