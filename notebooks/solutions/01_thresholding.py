"""Reference solutions of 01_thresholding's exercises, one block per question.

Each block replaces the ✏️ exercise cell that precedes ``grader.check("<name>")``. Try the
exercise before reading on.
"""

SOLUTIONS = {
    "thresholding_q1": """
probability = counts / counts.sum()
weight0 = np.cumsum(probability)
cumulative_mean = np.cumsum(probability * centers)
with np.errstate(divide="ignore", invalid="ignore"):
    mean0 = cumulative_mean / weight0
    mean1 = (cumulative_mean[-1] - cumulative_mean) / (1 - weight0)
    variance_between = weight0 * (1 - weight0) * (mean0 - mean1) ** 2
my_otsu_level = centers[np.nanargmax(variance_between)]
""",
    "thresholding_q2": """
tissue_mask = threshold.global_threshold(tissue_gray, method="otsu", invert=True)
""",
    "thresholding_q3": """
my_local_mask = threshold.local(uneven.image, block_size=101, offset=-0.1)
""",
}
