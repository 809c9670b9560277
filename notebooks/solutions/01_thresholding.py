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

# Plausible wrong answers, each run in the exercise cell's place by tests/test_exercises.py:
# both the public and the hidden check must give them 0.
WRONG = {
    "thresholding_q1": [
        (
            "section 2's between-class variance, its level copied",
            """
within_variance = between
my_otsu_level = best
""",
        ),
        (
            "the classes' variances unweighted",
            """
probability = counts / counts.sum()
weight0 = np.cumsum(probability)
sum0 = np.cumsum(probability * centers)
square0 = np.cumsum(probability * centers**2)
with np.errstate(divide="ignore", invalid="ignore"):
    mean0 = sum0 / weight0
    mean1 = (sum0[-1] - sum0) / (1 - weight0)
    variance0 = square0 / weight0 - mean0**2
    variance1 = (square0[-1] - square0) / (1 - weight0) - mean1**2
    within_variance = variance0 + variance1
my_otsu_level = centers[np.nanargmin(within_variance)]
""",
        ),
        (
            "np.argmin, which stops at the first NaN",
            """
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
my_otsu_level = centers[np.argmin(within_variance)]
""",
        ),
        (
            "the maximum instead of the minimum",
            """
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
my_otsu_level = centers[np.nanargmax(within_variance)]
""",
        ),
        (
            "E[x] squared forgotten: E0[x**2] - mu0",
            """
probability = counts / counts.sum()
weight0 = np.cumsum(probability)
sum0 = np.cumsum(probability * centers)
square0 = np.cumsum(probability * centers**2)
with np.errstate(divide="ignore", invalid="ignore"):
    mean0 = sum0 / weight0
    mean1 = (sum0[-1] - sum0) / (1 - weight0)
    variance0 = square0 / weight0 - mean0
    variance1 = (square0[-1] - square0) / (1 - weight0) - mean1
    within_variance = weight0 * variance0 + (1 - weight0) * variance1
my_otsu_level = centers[np.nanargmin(within_variance)]
""",
        ),
    ],
    "thresholding_q2": [
        (
            "polarity: the bright side (the background)",
            """
tissue_mask = threshold.global_threshold(tissue_gray, method="otsu")
""",
        ),
        (
            "section 2's multi-Otsu classes 0 and 1, copied",
            """
tissue_mask = threshold.multi_otsu(tissue_gray, classes=3) <= 1
""",
        ),
        (
            "another method: Li's threshold",
            """
tissue_mask = threshold.global_threshold(tissue_gray, method="li", invert=True)
""",
        ),
        (
            "the ground truth itself",
            """
tissue_mask = tissue.mask
""",
        ),
    ],
    "thresholding_q3": [
        (
            "section 4's parameters, the baseline to beat",
            """
my_local_mask = threshold.local(uneven.image, block_size=101, offset=-0.05)
""",
        ),
        (
            "a global Otsu threshold",
            """
my_local_mask = threshold.global_threshold(uneven.image)
""",
        ),
        (
            "a copy of the ground truth",
            """
my_local_mask = uneven.mask.copy()
""",
        ),
        (
            "the offset's sign flipped",
            """
my_local_mask = threshold.local(uneven.image, block_size=101, offset=0.1)
""",
        ),
        (
            "a window smaller than the objects",
            """
my_local_mask = threshold.local(uneven.image, block_size=15, offset=-0.1)
""",
        ),
    ],
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
