"""How fast are segutils' metrics? They feed live read-outs that update on every slider tick.

Times `segutils.metrics.segmentation_scores` (pixel accuracy, IoU and Dice from one bincount
confusion matrix) against the same three numbers from scikit-learn (`accuracy_score`,
`jaccard_score`, `f1_score`), the baseline, on the same masks in the same run.

Usage: python benchmarks/metrics_speed.py [--repeats N] [--json]
"""

import argparse
import json
import statistics
import time

import numpy as np
from sklearn import metrics as skm

from segutils import datasets
from segutils.metrics import segmentation_scores


def sklearn_scores(truth: np.ndarray, prediction: np.ndarray, average: str) -> dict:
    t, p = truth.ravel(), prediction.ravel()
    return {
        "pixel_accuracy": skm.accuracy_score(t, p),
        "iou": skm.jaccard_score(t, p, average=average),
        "dice": skm.f1_score(t, p, average=average),
    }


def time_ms(function, repeats: int) -> list[float]:
    function()  # warm-up: imports, caches
    samples = []
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        samples.append((time.perf_counter() - start) * 1e3)
    return samples


def cases():
    for side in (512, 1024):
        sample = datasets.synthetic((side, side), n_objects=side // 20, difficulty=0.5, seed=0)
        prediction = sample.image > sample.image.mean()
        yield f"binary {side}x{side}", sample.mask, prediction, "binary"
        semantic_prediction = np.where(prediction, sample.semantic.max(), 0).astype(np.int32)
        yield f"3 classes {side}x{side}", sample.semantic, semantic_prediction, "macro"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=30)
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args()

    rows = []
    for name, truth, prediction, average in cases():
        ours = segmentation_scores(truth, prediction)
        theirs = sklearn_scores(truth, prediction, average)
        for key in ours:  # same numbers, or the timing comparison means nothing
            assert abs(ours[key] - theirs[key]) < 1e-9, (name, key, ours[key], theirs[key])
        ours_ms = time_ms(lambda t=truth, p=prediction: segmentation_scores(t, p), args.repeats)
        base_ms = time_ms(
            lambda t=truth, p=prediction, a=average: sklearn_scores(t, p, a), args.repeats
        )
        rows.append(
            {
                "case": name,
                "segutils_median_ms": statistics.median(ours_ms),
                "sklearn_median_ms": statistics.median(base_ms),
                "speedup": statistics.median(base_ms) / statistics.median(ours_ms),
            }
        )
    if args.json:
        print(json.dumps({"repeats": args.repeats, "results": rows}, indent=2))
        return
    print(f"{'case':<20}{'segutils ms':>14}{'sklearn ms':>14}{'speed-up':>10}")
    for row in rows:
        print(
            f"{row['case']:<20}{row['segutils_median_ms']:>14.2f}"
            f"{row['sklearn_median_ms']:>14.2f}{row['speedup']:>9.1f}x"
        )
    print(f"(median of {args.repeats} runs each; identical scores checked before timing)")


if __name__ == "__main__":
    main()
