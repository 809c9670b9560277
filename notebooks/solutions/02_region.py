"""Reference solutions of 02_region's exercises, one block per question.

Each block replaces the ✏️ exercise cell that precedes ``grader.check("<name>")``. Try the
exercise before reading on.
"""

SOLUTIONS = {
    "region_q1": """
my_tolerance = 0.24
""",
    "region_q2": """
low, high = filters.threshold_multiotsu(tissue_gray, classes=3)
my_markers = np.zeros(tissue_gray.shape, dtype=np.int32)
my_markers[tissue_gray > high] = 1
my_markers[tissue_gray < low] = 2
""",
    "region_q3": """
sp = region.slic(noisy.image, n_segments=400, compactness=0.1)
means = np.zeros(sp.max() + 1)
means[1:] = ndi.mean(noisy.image, labels=sp, index=np.arange(1, sp.max() + 1))
smoothed = means[sp]
""",
}
