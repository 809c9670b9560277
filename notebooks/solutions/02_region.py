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

# The written question is graded by hand; this is what a full answer says.
WRITTEN = {
    "region_written": """
Region growing compares every pixel with the seed's value: one tolerance must cover the whole
object's variation (noise, shading) yet stay below the contrast at its weakest border, otherwise
it stops inside or leaks through that border into the background. The watershed decides only the
uncertain pixels, flooding the gradient magnitude from markers that are surely object or surely
background; the two floods meet on the ridge of the gradient, i.e. where the edge is strongest
locally, whatever its absolute contrast. The markers' levels matter, the boundary position does
not need a tolerance.
""",
}
