"""Reference solutions of 01_thresholding's exercises, one block per question.

Each block replaces the ✏️ exercise cell that precedes ``grader.check("<name>")``. Try the
exercise before reading on.
"""

SOLUTIONS = {
    "thresholding_q1": """
probability = counts / counts.sum()
weight0 = np.cumsum(probability)
sum0 = np.cumsum(probability * centers)
square0 = np.cumsum(probability * centers**2)
with np.errstate(divide="ignore", invalid="ignore"):
    mean0 = sum0 / weight0
    mean1 = (sum0[-1] - sum0) / (1 - weight0)
    variance0 = square0 / weight0 - mean0**2
    variance1 = (square0[-1] - square0) / (1 - weight0) - mean1**2
    within_variance = weight0 * variance0 + (1 - weight0) * variance1
my_otsu_level = centers[np.nanargmin(within_variance)]
""",
    "thresholding_q2": """
tissue_mask = threshold.global_threshold(tissue_gray, method="otsu", invert=True)
""",
    "thresholding_q3": """
my_local_mask = threshold.local(uneven.image, block_size=101, offset=-0.1)
""",
}

# The written question is graded by hand; this is what a full answer says.
WRITTEN = {
    "thresholding_written": """
The histogram has one large background hump and a tiny object tail. Otsu maximises w0 w1 (mu0 -
mu1)^2; with w1 about 0.03 the product is largest when the split moves into the background hump,
which makes the classes more balanced, so the level falls too low and background noise joins the
nuclei. A method that assumes one hump with a tail (triangle, or Li's minimum cross-entropy)
places the level at the foot of the hump; a local threshold with a negative offset also works;
clean up with a small-object removal.
""",
}
