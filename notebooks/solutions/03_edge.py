"""Reference solutions of 03_edge's exercises, one block per question.

Each block replaces the ✏️ exercise cell that precedes ``grader.check("<name>")``. Try the
exercise before reading on.
"""

SOLUTIONS = {
    "edge_q1": """
my_kernel = np.outer([-1, 0, 1], [3, 10, 3])
""",
    "edge_q2": """
candidates = suppressed >= low
chains, _ = ndi.label(candidates, structure=np.ones((3, 3)))
my_edges = np.isin(chains, np.unique(chains[suppressed >= high])) & candidates
""",
    "edge_q3": """
f = f_measure(cnt_p.sum(0) / sum_p.sum(0), cnt_r.sum(0) / sum_r.sum(0))
my_ods = f.max()
best = f_measure(cnt_p / sum_p, cnt_r / sum_r).argmax(axis=1)
rows = np.arange(len(best))
my_ois = f_measure(cnt_p[rows, best].sum() / sum_p[rows, best].sum(),
                   cnt_r[rows, best].sum() / sum_r[rows, best].sum())
""",
}

# Plausible wrong answers, each run in the exercise cell's place by tests/test_exercises.py:
# both the public and the hidden check must give them 0.
WRONG = {
    "edge_q1": [
        (
            "Sobel's vertical-edge kernel, as section 1's words give it",
            """
my_kernel = np.outer([1, 2, 1], [-1, 0, 1])
""",
        ),
        (
            "Scharr's, but for vertical edges: the vectors in the wrong order",
            """
my_kernel = np.outer([3, 10, 3], [-1, 0, 1])
""",
        ),
        (
            "the sign flipped: brighter upwards positive",
            """
my_kernel = np.outer([1, 0, -1], [3, 10, 3])
""",
        ),
        (
            "Sobel's smoothing for horizontal edges",
            """
my_kernel = np.outer([-1, 0, 1], [1, 2, 1])
""",
        ),
        (
            "normalised, as scikit-image divides it",
            """
my_kernel = np.outer([-1, 0, 1], [3, 10, 3]) / 32
""",
        ),
    ],
    "edge_q2": [
        (
            "4-connected chains: ndi.label's default structure",
            """
candidates = suppressed >= low
chains, _ = ndi.label(candidates)
my_edges = np.isin(chains, np.unique(chains[suppressed >= high])) & candidates
""",
        ),
        (
            "strict comparisons: > instead of >=",
            """
candidates = suppressed > low
chains, _ = ndi.label(candidates, structure=np.ones((3, 3)))
my_edges = np.isin(chains, np.unique(chains[suppressed > high])) & candidates
""",
        ),
        (
            "only the strong pixels",
            """
my_edges = suppressed >= high
""",
        ),
        (
            "every candidate, linked or not",
            """
my_edges = suppressed >= low
""",
        ),
    ],
    "edge_q3": [
        (
            "each image's F averaged, for both",
            """
f = f_measure(cnt_p / sum_p, cnt_r / sum_r)
my_ods = f.mean(axis=0).max()
my_ois = f.max(axis=1).mean()
""",
        ),
        (
            "the counts summed over the thresholds (axis 1), not the images",
            """
f = f_measure(cnt_p.sum(1) / sum_p.sum(1), cnt_r.sum(1) / sum_r.sum(1))
my_ods = f.max()
my_ois = f.mean()
""",
        ),
        (
            "ODS and OIS swapped",
            """
f = f_measure(cnt_p.sum(0) / sum_p.sum(0), cnt_r.sum(0) / sum_r.sum(0))
best = f_measure(cnt_p / sum_p, cnt_r / sum_r).argmax(axis=1)
rows = np.arange(len(best))
my_ois = f.max()
my_ods = f_measure(cnt_p[rows, best].sum() / sum_p[rows, best].sum(),
                   cnt_r[rows, best].sum() / sum_r[rows, best].sum())
""",
        ),
        (
            "the first image only",
            """
f = f_measure(cnt_p[0] / sum_p[0], cnt_r[0] / sum_r[0])
my_ods = f.max()
my_ois = f.max()
""",
        ),
    ],
}

# The written question is graded by hand; this is what a full answer says.
WRITTEN = {
    "edge_written": """
Filling needs closed outlines, but Canny's edges break wherever the contrast along a boundary
drops below the low threshold (texture, shading, a boundary between similar colours), and a
single gap lets the fill leak or leaves the region empty; lowering the thresholds closes some
gaps but adds texture edges. Boundaries in photos are not everywhere strong, as the benchmark's
recall shows. A marker watershed on the gradient magnitude (notebook 04, or 02's Sobel
watershed) floods from seeds and puts dams on the ridges, so it closes every region by
construction.
""",
}
