"""Colour clustering speed: segutils' k-means and fuzzy c-means against the usual full-pixel runs.

k-means, on a 1000x1000 RGB image (scikit-image's astronaut, resized) with k = 5. The baseline
is the recipe as it circulates, run exactly so: `img = cv2.imread(path)` (from a PNG written
first, so that it really reads BGR from a file), `KMeans(n_clusters=5, random_state=0,
n_init=5).fit(img.reshape((-1, 3)))` on all pixels, and `centers[labels]` back to an image.
Against it: `segutils.load_image(path)`, `segutils.cluster.kmeans(image, n_clusters=5,
background="none")` (fitted on a 20 000-pixel sample, then every pixel assigned), and each
label painted with its mean colour. The quality measure is the inertia on ALL pixels (the sum of
squared distances of every pixel to the colour it is painted with, on the 0..255 scale for both;
segutils returns labels, so its colours are the label means).

Fuzzy c-means, on the same image in gray (8-bit) with c = 4 and m = 2. The baseline is
`skfuzzy.cluster.cmeans` on all pixels (error=1e-5, maxiter=300, seed=0); against it
`segutils.cluster.fuzzy_memberships`, which clusters the 256 gray levels weighted by their counts
and then computes every pixel's memberships. Each is judged by the objective J_m on all pixels
with its own final centres (memberships from those centres), so lower is better.

Targets (2-core CPU): k-means >= 10x faster than the recipe at an inertia within 1% of it;
segutils' fuzzy c-means on the megapixel gray image in at most 1 s (the unit tests used to assert
it; speed is measured here, next to its baseline, instead).

Usage: python benchmarks/kmeans_speed.py [--repeats N] [--json]
"""

import argparse
import json
import os
import statistics
import tempfile
import time
from pathlib import Path

import cv2
import numpy as np
import skfuzzy
from skimage import data, transform
from sklearn.cluster import KMeans

from segutils import cluster
from segutils.cluster import fuzzy
from segutils.datasets import load_image
from segutils.images import to_bgr_uint8, to_gray, to_uint8

VERDICT = {True: "met", False: "MISSED"}


def recipe(path: Path) -> tuple[np.ndarray, np.ndarray]:
    """The circulating recipe, verbatim: returns the pixels read and the quantised image."""
    img = cv2.imread(str(path))
    kmeans = KMeans(n_clusters=5, random_state=0, n_init=5).fit(img.reshape((-1, 3)))
    centers, labels = kmeans.cluster_centers_, kmeans.labels_
    quantised = centers[labels].reshape(img.shape)
    return img, quantised


def ours(path: Path) -> tuple[np.ndarray, np.ndarray]:
    """segutils: load, cluster, paint each label with its mean colour (0..1 scale)."""
    image = load_image(path)
    labels = cluster.kmeans(image, n_clusters=5, background="none").ravel()
    pixels = image.reshape(-1, 3)
    counts = np.bincount(labels, minlength=6)[1:]
    means = np.stack([np.bincount(labels, c, minlength=6)[1:] for c in pixels.T], axis=1)
    colours = means / np.maximum(counts, 1)[:, None]
    return image, colours[labels - 1].reshape(image.shape)


def inertia(pixels: np.ndarray, painted: np.ndarray) -> float:
    """Sum over all pixels of the squared distance to the painted colour (same scale for both)."""
    return float(((pixels.astype(np.float64) - painted.astype(np.float64)) ** 2).sum())


def objective(gray: np.ndarray, centres: np.ndarray, m: float = 2.0) -> float:
    """J_m on all pixels for the given centres, with the memberships those centres imply."""
    pixels = gray.reshape(-1, 1).astype(np.float64)
    squared = fuzzy.squared_distances(pixels, np.asarray(centres, np.float64).reshape(-1, 1))
    distances = np.fmax(np.sqrt(squared), np.finfo(np.float64).eps)
    memberships = fuzzy.memberships_from_distances(distances, m)
    return float((memberships**m * distances**2).sum())


def timed(function, repeats: int) -> tuple[float, object]:
    seconds = []
    result = None
    for _ in range(repeats):
        start = time.perf_counter()
        result = function()
        seconds.append(time.perf_counter() - start)
    return statistics.median(seconds), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3, help="runs of each k-means side")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args()
    load = os.getloadavg()[0]

    astronaut = transform.resize(data.astronaut(), (1000, 1000), anti_aliasing=True)
    with tempfile.TemporaryDirectory() as folder:
        colour_path = Path(folder, "astronaut.png")
        gray_path = Path(folder, "gray.png")
        cv2.imwrite(str(colour_path), to_bgr_uint8(astronaut.astype(np.float32)))
        cv2.imwrite(str(gray_path), to_uint8(to_gray(load_image(colour_path))))

        recipe_s, (bgr, recipe_image) = timed(lambda: recipe(colour_path), args.repeats)
        ours_s, (_, our_image) = timed(lambda: ours(colour_path), args.repeats)
        rgb = cv2.cvtColor(bgr, cv2.COLOR_BGR2RGB)  # the very same pixels, in RGB order
        recipe_inertia = inertia(bgr, recipe_image)
        our_inertia = inertia(rgb, our_image * 255.0)

        gray = load_image(gray_path)
        start = time.perf_counter()
        reference = skfuzzy.cluster.cmeans(
            gray.reshape(1, -1).astype(np.float64), 4, 2.0, error=1e-5, maxiter=300, seed=0
        )
        reference_s = time.perf_counter() - start
        fcm_s, (_, centres) = timed(lambda: cluster.fuzzy_memberships(gray, n_clusters=4), 3)

    reference_j = objective(gray, reference[0])
    our_j = objective(gray, centres)
    speedup = recipe_s / ours_s
    ratio = our_inertia / recipe_inertia
    results = {
        "image": "astronaut resized to 1000x1000, read from PNG",
        "load_average": load,
        "recipe_seconds": recipe_s,
        "segutils_seconds": ours_s,
        "speedup": speedup,
        "recipe_inertia": recipe_inertia,
        "segutils_inertia": our_inertia,
        "inertia_ratio": ratio,
        "meets_target": speedup >= 10 and ratio <= 1.01,
        "fcm_reference_seconds": reference_s,
        "fcm_reference_iterations": int(reference[5]),
        "fcm_seconds": fcm_s,
        "fcm_speedup": reference_s / fcm_s,
        "fcm_reference_objective": reference_j,
        "fcm_objective": our_j,
        "fcm_objective_ratio": our_j / reference_j,
        "fcm_meets_target": fcm_s <= 1.0,
        "fcm_reference_centres": sorted(float(c) for c in reference[0].ravel()),
        "fcm_centres": [float(c) for c in centres.ravel()],
    }
    if args.json:
        print(json.dumps(results, indent=2))
        return
    print(
        f"k-means, 1000x1000 RGB, k=5: recipe (cv2.imread + KMeans(n_init=5) on all pixels) "
        f"{recipe_s:.2f} s, inertia {recipe_inertia:.5g}; segutils.cluster.kmeans {ours_s:.3f} s,"
        f" inertia {our_inertia:.5g} (ratio {ratio:.4f}): {speedup:.1f}x faster; target >= 10x"
        f" within 1%: {VERDICT[results['meets_target']]}"
    )
    print(
        f"fuzzy c-means, 1000x1000 gray, c=4, m=2: scikit-fuzzy cmeans on all pixels "
        f"{reference_s:.2f} s ({results['fcm_reference_iterations']} iterations), J_m "
        f"{reference_j:.6g}; segutils histogram FCM {fcm_s:.3f} s, J_m {our_j:.6g} (ratio "
        f"{our_j / reference_j:.6f}): {reference_s / fcm_s:.0f}x faster; target <= 1 s: "
        f"{VERDICT[results['fcm_meets_target']]}"
    )
    print(
        f"median of {args.repeats} runs per k-means side, one scikit-fuzzy run, median of 3 for "
        f"segutils' FCM; this machine ({os.cpu_count()} cores, load average {load:.1f} at start)"
    )


if __name__ == "__main__":
    main()
