"""Exercise 1 of 03_edge: Scharr's kernel for horizontal edges, as an outer product.

Students can read this file, so the kernel is not in it: the expected kernel and the two
kernels a student may confuse it with (Sobel's and Prewitt's smoothing) are stored as
digests (SHA-256 of the float64 bytes of the kernel); tests/test_check_secrets.py recomputes
them. Variants (transposed, negated, scaled) are recognised by transforming the answer.
"""

from otter.test_files import test_case

OK_FORMAT = False

name = "edge_q1"
points = 1


@test_case(points=1)
def test_scharr_kernel(my_kernel):
    import hashlib

    import numpy as np

    SCHARR = "e655ecc3ee6ee6a3"
    SOBEL = "d6c8359c1f18531d"
    PREWITT = "e1a56725b09aa0f7"

    def digest(kernel):
        """The first 16 hex digits of the SHA-256 of the kernel rounded to 6 decimals."""
        rounded = np.round(np.asarray(kernel, dtype=float), 6) + 0.0  # + 0.0: no -0.0
        data = np.ascontiguousarray(rounded, dtype="<f8").tobytes()
        return hashlib.sha256(data).hexdigest()[:16]

    assert my_kernel is not ... and my_kernel is not None, "Replace ... with your kernel."
    kernel = np.asarray(my_kernel, dtype=float)
    assert kernel.shape == (3, 3), f"Shape {kernel.shape}: a 3x3 kernel, np.outer of two 3-vectors."
    assert np.isfinite(kernel).all() and np.abs(kernel).max() > 0, "The kernel is empty."
    variants = {"": kernel, "-": -kernel, "T": kernel.T, "-T": -kernel.T}
    found = {key for key, variant in variants.items() if digest(variant) == SCHARR}
    if "-" in found:
        raise AssertionError("Right direction, wrong sign: brighter downwards must be positive.")
    if found & {"T", "-T"}:
        raise AssertionError(
            "That kernel responds to vertical edges (brightness changing from left to right). "
            "For horizontal edges the difference runs down the rows: swap np.outer's vectors."
        )
    for other, label in ((SOBEL, "Sobel's"), (PREWITT, "Prewitt's")):
        if any(digest(variant) == other for variant in variants.values()):
            raise AssertionError(
                f"That is {label} kernel: Scharr smooths along the edge with other weights "
                "(section 1)."
            )
    scaled = kernel * (10 / np.abs(kernel).max())
    if "" not in found and any(digest(s * scaled) == SCHARR for s in (1, -1)):
        raise AssertionError(
            "Scharr's pattern, but scaled: give the integer weights, as section 1 names them."
        )
    assert "" in found, (
        "Not Scharr's kernel for horizontal edges: check the two vectors (section 1 names "
        "them), which one runs down the rows, and the sign."
    )
