"""How fast are segutils' fast paths? Each against the library call it replaces, in the same run.

Where segutils calls a library function often (a frame per slider tick, 99 thresholds per BSDS
image), it sometimes computes the same result another way. Each row below times one such fast
path and the library call it replaces on the same input, the median of N runs each after a
warm-up, and first checks that both give the same result:

- `segutils.morphology.inner_boundaries` (the explorer's contours) against
  `skimage.segmentation.find_boundaries(labels, mode="inner")`: equal;
- `segutils.morphology.thin` (every thresholded map of the boundary benchmark) against
  `skimage.morphology.thin`: equal;
- `segutils.morphology.reconstruct_by_dilation` (the h-maxima watershed) against
  `skimage.morphology.reconstruction`: equal on float32 inputs;
- OpenCV's exact Euclidean distance transform (`cv2.distanceTransform` with
  `DIST_MASK_PRECISE`, in `segutils.watershed`) against `scipy.ndimage.distance_transform_edt`:
  equal once scipy's float64 is rounded to float32;
- the explorer's palette lookup (`cv2.LUT` in `segutils.explorer.frames.compose`) against NumPy
  indexing of the same palette: equal;
- the levels of `segutils.threshold.local` (OpenCV filters) against
  `skimage.filters.threshold_local`: not exact, so the row prints the largest difference of the
  levels and the number of mask pixels that differ;
- `segutils.metrics.boundary_solver.maximum_matching` (Dinic's maximum flow) against
  `scipy.sparse.csgraph.maximum_bipartite_matching` on the matching graph of one BSDS500 image
  at one threshold: the same number of pairs. These rows need the BSDS500 validation images
  (`SEGUTILS_DATA` or `make data`) and are skipped without them.

Inputs are scikit-image's sample images (camera, coins, astronaut), `segutils.datasets.synthetic`
and BSDS500 image 101085. A row whose library call takes over 0.2 s in the warm-up is timed 3
times instead of N.

Usage: python benchmarks/fast_paths.py [--repeats N] [--json]
"""

import argparse
import json
import os
import statistics
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import cv2
import numpy as np
from scipy import ndimage as ndi
from scipy.sparse.csgraph import maximum_bipartite_matching
from skimage import data, feature, filters, morphology, segmentation

from segutils import edge
from segutils.datasets import load_bsds500, synthetic
from segutils.explorer.frames import _PALETTE, _PALETTE_LUT
from segutils.images import as_image, to_gray, to_uint8
from segutils.metrics.boundary_match import _TruthIndex
from segutils.metrics.boundary_solver import maximum_matching
from segutils.morphology import inner_boundaries, reconstruct_by_dilation, thin
from segutils.palette import color_index

#: A library call slower than this in the warm-up is timed 3 times, not --repeats times.
SLOW_BASELINE_S = 0.2


@dataclass
class Case:
    """One fast path and the library call it replaces, on one input."""

    topic: str
    case: str
    ours: Callable[[], object]
    library: Callable[[], object]
    #: Says how the two results compare; raises AssertionError where they must be equal and are not.
    compare: Callable[[object, object], str]


def equal(ours: np.ndarray, theirs: np.ndarray) -> str:
    theirs = np.asarray(theirs).astype(ours.dtype)
    assert ours.shape == theirs.shape and np.array_equal(ours, theirs), "results differ"
    return "equal"


def same_pairs(ours: np.ndarray, theirs: np.ndarray) -> str:
    assert np.count_nonzero(ours >= 0) == np.count_nonzero(theirs >= 0), "pair counts differ"
    return f"equal ({np.count_nonzero(ours >= 0)} pairs)"


def levels_compared(gray: np.ndarray) -> Callable[[np.ndarray, np.ndarray], str]:
    def compare(ours: np.ndarray, theirs: np.ndarray) -> str:
        differ = np.count_nonzero((gray > ours) != (gray > theirs))
        return f"max diff {np.abs(ours - theirs).max():.1e}, {differ} px differ"

    return compare


def opencv_levels(gray: np.ndarray, block_size: int, method: str) -> np.ndarray:
    """The levels of segutils.threshold.local (offset 0), as that function computes them."""
    if method == "gaussian":
        sigma = (block_size - 1) / 6.0
        return cv2.GaussianBlur(gray, (0, 0), sigmaX=sigma, borderType=cv2.BORDER_REFLECT)
    if method == "mean":
        return cv2.blur(gray, (block_size, block_size), borderType=cv2.BORDER_REFLECT)
    return cv2.medianBlur(to_uint8(gray), block_size).astype(np.float32) / 255


def matching_graph(image_id: str, kind: str, level: float):
    """The graph `boundary_counts` matches for one image at one threshold (all annotators)."""
    sample = load_bsds500([image_id])[0]
    if kind == "Sobel":
        soft = filters.sobel(to_gray(sample.image))
    else:
        soft = edge.edge_strength(sample.image, sigma=2)
    soft = soft / soft.max()
    index = _TruthIndex(sample.boundaries, 0.0075)
    ids = index.near_id[np.flatnonzero(thin(soft >= level))]
    near = ids[ids >= 0]
    rows = (np.arange(index.n_truths)[:, None] * index.n_near + near).ravel()
    return index.pairs[rows]


def cases() -> Iterator[Case]:
    camera = as_image(data.camera())
    coins_gray = as_image(data.coins())
    coins = coins_gray > filters.threshold_otsu(coins_gray)
    coins_labels = ndi.label(coins)[0]
    astronaut = segmentation.felzenszwalb(data.astronaut(), scale=100)  # 512x512, many regions
    big = synthetic((1024, 1024), n_objects=60, difficulty=0.5, seed=0)

    for name, labels in (
        (f"coins, {coins_labels.max()} regions", coins_labels),
        (f"astronaut felzenszwalb, {astronaut.max() + 1} regions", astronaut),
        ("synthetic 1024x1024", big.labels),
    ):
        yield Case(
            "inner_boundaries vs skimage find_boundaries(mode='inner')",
            name,
            lambda labels=labels: inner_boundaries(labels),
            lambda labels=labels: segmentation.find_boundaries(labels, mode="inner"),
            equal,
        )

    sobel = filters.sobel(camera)
    for name, mask in (
        ("camera Sobel > 0.02 (thick)", sobel > 0.02),
        ("camera Canny edges (thin already)", feature.canny(camera, sigma=2)),
        ("coins Otsu mask (blobs)", coins),
    ):
        yield Case(
            "thin vs skimage.morphology.thin",
            name,
            lambda mask=mask: thin(mask),
            lambda mask=mask: morphology.thin(mask),
            equal,
        )

    coins_distance = ndi.distance_transform_edt(coins).astype(np.float32)
    big_distance = ndi.distance_transform_edt(big.mask).astype(np.float32)
    for name, mask, h in (
        ("coins distance, h=2", coins_distance, 2.0),
        ("synthetic 1024x1024 distance, h=2", big_distance, 2.0),
        ("camera gray levels, h=0.05 (floods far)", camera, 0.05),
    ):
        yield Case(
            "reconstruct_by_dilation vs skimage.morphology.reconstruction",
            name,
            lambda mask=mask, h=h: reconstruct_by_dilation(mask - h, mask),
            lambda mask=mask, h=h: morphology.reconstruction(mask - h, mask),
            equal,
        )

    for name, mask in (("coins Otsu mask", coins), ("synthetic 1024x1024 mask", big.mask)):
        foreground = mask.astype(np.uint8)
        yield Case(
            "cv2.distanceTransform (watershed) vs scipy distance_transform_edt",
            name,
            lambda f=foreground: cv2.distanceTransform(f, cv2.DIST_L2, cv2.DIST_MASK_PRECISE),
            lambda mask=mask: ndi.distance_transform_edt(mask),
            equal,
        )

    index = color_index(astronaut)
    yield Case(
        "cv2.LUT palette (explorer frames) vs NumPy indexing",
        "astronaut felzenszwalb 512x512",
        lambda: cv2.LUT(cv2.merge([index, index, index]), _PALETTE_LUT),
        lambda: _PALETTE[index],
        equal,
    )

    for method, block_size in (("gaussian", 51), ("mean", 51), ("median", 25)):
        yield Case(
            "threshold.local's OpenCV levels vs skimage threshold_local",
            f"camera, {method}, block_size={block_size}",
            lambda m=method, b=block_size: opencv_levels(camera, b, m),
            lambda m=method, b=block_size: filters.threshold_local(camera, b, m, mode="reflect"),
            levels_compared(camera),
        )

    try:
        graphs = [
            ("101085 Canny strength >= 0.22", matching_graph("101085", "strength", 0.22)),
            ("101085 Sobel >= 0.02", matching_graph("101085", "Sobel", 0.02)),
        ]
    except (FileNotFoundError, OSError, ValueError) as error:
        print(f"(BSDS500 matching rows skipped: {error})")
        graphs = []
    for name, graph in graphs:
        yield Case(
            "maximum_matching (Dinic) vs scipy maximum_bipartite_matching",
            f"{name}, {graph.shape[0]}x{graph.shape[1]}",
            lambda g=graph: maximum_matching(g),
            lambda g=graph: maximum_bipartite_matching(g, perm_type="column"),
            same_pairs,
        )


def time_ms(function: Callable[[], object], repeats: int) -> list[float]:
    samples = []
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        samples.append((time.perf_counter() - start) * 1e3)
    return samples


def measure(case: Case, repeats: int) -> dict:
    ours = case.ours()  # warm-up, and the results to compare
    start = time.perf_counter()
    theirs = case.library()
    warm_up_s = time.perf_counter() - start
    agreement = case.compare(ours, theirs)  # same results, or the timing means nothing
    runs = 3 if warm_up_s > SLOW_BASELINE_S else repeats
    ours_ms = statistics.median(time_ms(case.ours, runs))
    library_ms = statistics.median(time_ms(case.library, runs))
    return {
        "topic": case.topic,
        "case": case.case,
        "segutils_median_ms": ours_ms,
        "library_median_ms": library_ms,
        "speedup": library_ms / ours_ms,
        "runs": runs,
        "agreement": agreement,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=20, help="runs of each side per row")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args()
    load = os.getloadavg()[0]
    rows = [measure(case, args.repeats) for case in cases()]
    if args.json:
        report = {"repeats": args.repeats, "load_average": load, "results": rows}
        print(json.dumps(report, indent=2))
        return
    topic = None
    for row in rows:
        if row["topic"] != topic:
            topic = row["topic"]
            print(f"\n{topic}")
            print(f"  {'case':<46}{'segutils ms':>12}{'library ms':>12}{'speed-up':>10}  result")
        print(
            f"  {row['case']:<46}{row['segutils_median_ms']:>12.2f}"
            f"{row['library_median_ms']:>12.2f}{row['speedup']:>9.1f}x  {row['agreement']}"
        )
    print(
        f"\n(median of {args.repeats} runs per side, 3 where the library call takes over "
        f"{SLOW_BASELINE_S} s; results compared before timing; this machine: {os.cpu_count()} "
        f"cores, load average {load:.1f} at start)"
    )


if __name__ == "__main__":
    main()
