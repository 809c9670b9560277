"""Speed of the hint methods on a 512 x 512 image, against the library calls they wrap.

Each ``segutils.hints`` method runs on scikit-image's astronaut resized to 512 x 512 (RGB, and
its gray for the contours, which work on gray) with a box around the face or strokes on the
face and the background. The baseline of each is the scikit-image or OpenCV call it wraps, on
the same input with the same settings: the difference is the wrapper's checks and conversions.
For the pixel classifier two figures matter for interaction: its first run on an image (the
multiscale feature stack computed), and its run after a new stroke (the stack from the cache,
only the forest retrained): the explorer's full result after a stroke costs the second.

The explorer answers a moving control with a preview on a smaller copy when a full run takes
over 50 ms (CONTRIBUTING.md, section 3); these figures say which methods will need it.

Usage: python benchmarks/hints_speed.py [--side PX] [--repeats N] [--json]
"""

import argparse
import json
import statistics
import time

import cv2
import numpy as np
from skimage import data, feature, future, segmentation, transform
from sklearn.ensemble import RandomForestClassifier

from segutils import hints
from segutils.hints import classifier
from segutils.hints.prompts import box_mask
from segutils.images import as_image, to_bgr_uint8, to_gray
from segutils.params import BACKGROUND, OBJECT


def timed(function, repeats: int) -> float:
    """Median seconds of ``repeats`` calls."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def inputs(side: int):
    """The astronaut at ``side`` x ``side``, its gray, a box around the face and strokes."""
    rgb = transform.resize(as_image(data.astronaut()), (side, side)).astype(np.float32)
    gray = to_gray(rgb)
    scale = side / 512
    box = np.array([30, 150, 230, 330]) * scale  # the face and helmet
    box = box.round().astype(np.int64)
    marks = np.zeros((side, side), np.int32)
    edge = max(2, round(6 * scale))
    marks[:edge, :] = marks[:, :edge] = marks[:, -edge:] = BACKGROUND
    centre = round(130 * scale), round(240 * scale)
    radius = max(2, round(12 * scale))
    rows, cols = np.ogrid[:side, :side]
    marks[(rows - centre[0]) ** 2 + (cols - centre[1]) ** 2 <= radius**2] = OBJECT
    return rgb, gray, box, marks


def rows(side: int, repeats: int) -> list[dict]:
    rgb, gray, box, marks = inputs(side)
    top, left, bottom, right = (int(v) for v in box)
    start = box_mask(box, gray.shape)

    def grabcut_library():
        mask = np.zeros(gray.shape, np.uint8)
        bgr = to_bgr_uint8(rgb)
        rect = (left, top, right - left, bottom - top)
        models = np.zeros((1, 65)), np.zeros((1, 65))
        cv2.grabCut(bgr, mask, rect, *models, 5, cv2.GC_INIT_WITH_RECT)

    def gac_library():
        edges = segmentation.inverse_gaussian_gradient(gray, alpha=100.0, sigma=2.0)
        segmentation.morphological_geodesic_active_contour(
            edges, 150, init_level_set=start, smoothing=1, threshold="auto", balloon=-1.0
        )

    settings = dict(sigma_min=1.0, sigma_max=16.0, intensity=True, edges=True, texture=True)

    def classifier_library():
        stack = feature.multiscale_basic_features(rgb, channel_axis=-1, workers=1, **settings)
        forest = RandomForestClassifier(n_estimators=20, max_depth=10, n_jobs=1, random_state=0)
        future.predict_segmenter(stack, future.fit_segmenter(marks, stack, forest))

    def classifier_cold():
        classifier._cache.clear()
        hints.pixel_classifier(rgb, scribbles=marks)

    stroked = marks.copy()
    stroked[side // 2 : side // 2 + 3, : side // 4] = BACKGROUND  # a new stroke

    def classifier_after_a_stroke():
        hints.pixel_classifier(rgb, scribbles=marks)  # the stack is cached by this call
        return lambda: hints.pixel_classifier(rgb, scribbles=stroked)

    cases = [
        (
            "hints.random_walker (RGB, strokes)",
            lambda: hints.random_walker(rgb, scribbles=marks),
            lambda: segmentation.random_walker(rgb, marks, beta=1e4, mode="bf", channel_axis=-1),
        ),
        (
            "hints.grabcut (RGB, box)",
            lambda: hints.grabcut(rgb, box=box),
            grabcut_library,
        ),
        (
            "hints.acwe (gray, box)",
            lambda: hints.acwe(gray, box=box),
            lambda: segmentation.morphological_chan_vese(
                gray, 100, init_level_set=start, smoothing=2
            ),
        ),
        (
            "hints.geodesic_contour (gray, box)",
            lambda: hints.geodesic_contour(gray, box=box),
            gac_library,
        ),
        (
            "hints.pixel_classifier (RGB, first run)",
            classifier_cold,
            classifier_library,
        ),
        (
            "hints.pixel_classifier (RGB, after a stroke)",
            classifier_after_a_stroke(),
            classifier_library,
        ),
    ]
    found = []
    for name, ours, library in cases:
        found.append(
            {
                "method": name,
                "ours_s": timed(ours, repeats),
                "library_s": timed(library, repeats),
            }
        )
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--side", type=int, default=512, help="image side in pixels")
    parser.add_argument("--repeats", type=int, default=3, help="runs per figure (median)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()
    found = rows(args.side, args.repeats)
    if args.json:
        print(json.dumps(found, indent=2))
        return
    print(f"{args.side} x {args.side}, median of {args.repeats} runs")
    print(f"{'method':46s} {'segutils':>10s} {'library':>10s}")
    for row in found:
        ours, library = row["ours_s"] * 1000, row["library_s"] * 1000
        print(f"{row['method']:46s} {ours:8.0f} ms {library:8.0f} ms")
    print(
        "The library column runs the wrapped call alone; for the classifier after a stroke it "
        "recomputes the features, which segutils keeps."
    )


if __name__ == "__main__":
    main()
