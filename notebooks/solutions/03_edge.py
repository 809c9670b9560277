"""Reference solutions of 03_edge's exercises, one block per question.

Each block replaces the ✏️ exercise cell that precedes ``grader.check("<name>")``. Try the
exercise before reading on.
"""

SOLUTIONS = {
    "edge_q1": """
my_kernel = np.outer([1, 2, 1], [-1, 0, 1])
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
