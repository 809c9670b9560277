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

# Plausible wrong answers, each run in the exercise cell's place by tests/test_exercises.py:
# both the public and the hidden check must give them 0.
WRONG = {
    "region_q1": [
        (
            "section 1's tolerance, 0.2, which the exercise says does not do",
            """
my_tolerance = 0.2
""",
        ),
        (
            "a near miss just below the working range",
            """
my_tolerance = 0.22
""",
        ),
        (
            "a near miss just above the working range",
            """
my_tolerance = 0.28
""",
        ),
        (
            "section 1's leaking tolerance, 0.45",
            """
my_tolerance = 0.45
""",
        ),
    ],
    "region_q2": [
        (
            "section 2's rule for bright coins, with the multi-Otsu levels",
            """
low, high = filters.threshold_multiotsu(tissue_gray, classes=3)
my_markers = np.zeros(tissue_gray.shape, dtype=np.int32)
my_markers[tissue_gray < low] = 1
my_markers[tissue_gray > high] = 2
""",
        ),
        (
            "section 2's cell copied: the coins' levels 30/255 and 150/255",
            """
my_markers = np.zeros(tissue_gray.shape, dtype=np.int32)
my_markers[tissue_gray < 30 / 255] = 1
my_markers[tissue_gray > 150 / 255] = 2
""",
        ),
        (
            "the multi-Otsu class image used as markers",
            """
my_markers = threshold.multi_otsu(tissue_gray, classes=3).astype(np.int32)
""",
        ),
        (
            "the levels swapped: 2 below high, 1 above low",
            """
low, high = filters.threshold_multiotsu(tissue_gray, classes=3)
my_markers = np.zeros(tissue_gray.shape, dtype=np.int32)
my_markers[tissue_gray > low] = 1
my_markers[tissue_gray < high] = 2
""",
        ),
    ],
    "region_q3": [
        (
            "the noisy image itself",
            """
sp = region.slic(noisy.image, n_segments=400, compactness=0.1)
smoothed = noisy.image
""",
        ),
        (
            "off by one label: label k gets label k - 1's mean",
            """
sp = region.slic(noisy.image, n_segments=400, compactness=0.1)
means = np.zeros(sp.max() + 1)
means[1:] = ndi.mean(noisy.image, labels=sp, index=np.arange(sp.max()))
smoothed = means[sp]
""",
        ),
        (
            "the median instead of the mean",
            """
sp = region.slic(noisy.image, n_segments=400, compactness=0.1)
medians = np.zeros(sp.max() + 1)
medians[1:] = ndi.median(noisy.image, labels=sp, index=np.arange(1, sp.max() + 1))
smoothed = medians[sp]
""",
        ),
        (
            "section 3's superpixel mask, copied",
            """
sp = region.slic(noisy.image, n_segments=400, compactness=0.1)
smoothed = region.superpixel_mask(noisy.image)
""",
        ),
        (
            "a Gaussian blur instead of superpixel means",
            """
sp = region.slic(noisy.image, n_segments=400, compactness=0.1)
smoothed = filters.gaussian(noisy.image, sigma=2)
""",
        ),
    ],
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
