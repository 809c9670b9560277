"""How fast are segutils' metrics? They feed live read-outs that update on every slider tick.

Times `segutils.metrics.segmentation_scores` (pixel accuracy, IoU and Dice from one bincount
confusion matrix) against the same three numbers from scikit-learn (`accuracy_score`,
`jaccard_score`, `f1_score`), the baseline, on the same masks in the same run.

Then times the instance metrics on DSB2018 nuclei (the largest image, 1040x1388, and one with
156 nuclei), truth against the connected components of an Otsu threshold:
`segutils.metrics.match_instances` (IoU >= 0.5) and `dsb_score` (10 thresholds) against
StarDist's `stardist.matching.matching`, the baseline, with identical scores checked first.
Needs the DSB2018 subset (`SEGUTILS_DATA` or `make data`).

Usage: python benchmarks/metrics_speed.py [--repeats N] [--json]
"""

import argparse
import json
import statistics
import time

import numpy as np
from scipy import ndimage as ndi
from sklearn import metrics as skm
from stardist.matching import matching as stardist_matching

from segutils import datasets
from segutils.metrics import dsb_score, match_instances, segmentation_scores
from segutils.metrics.instances import DSB_THRESHOLDS
from segutils.threshold import global_threshold

# The largest DSB2018 image of the subset (1040x1388, 14 nuclei) and one with 156 nuclei.
DSB_IDS = (
    "c901794d1a421d52e5734500c0a2a8ca84651fb93b19cec2f411855e70cae339",
    "3f9fc8e63f87e8a56d3eaef7db26f1b6db874d19f12abd5a752821b78d47661e",
)
STARDIST_FIELDS = ("tp", "fp", "fn", "f1", "mean_matched_score", "panoptic_quality")


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


def stardist_dsb(truth: np.ndarray, prediction: np.ndarray) -> float:
    results = stardist_matching(truth, prediction, thresh=list(DSB_THRESHOLDS))
    return float(np.mean([result.accuracy for result in results]))


def instance_rows(repeats: int) -> list[dict]:
    rows = []
    for sample in datasets.load_dsb2018(DSB_IDS):
        truth = sample.labels
        prediction = ndi.label(global_threshold(sample.image))[0]
        ours, theirs = match_instances(truth, prediction), stardist_matching(truth, prediction)
        for key in STARDIST_FIELDS:  # same numbers, or the timing comparison means nothing
            assert abs(getattr(ours, key) - getattr(theirs, key)) < 1e-6, (sample.id, key)
        assert abs(dsb_score(truth, prediction) - stardist_dsb(truth, prediction)) < 1e-6
        size = "x".join(map(str, truth.shape))
        for name, function, baseline in (
            ("match", match_instances, stardist_matching),
            ("DSB score", dsb_score, stardist_dsb),
        ):
            ours_ms = time_ms(lambda f=function, t=truth, p=prediction: f(t, p), repeats)
            base_ms = time_ms(lambda f=baseline, t=truth, p=prediction: f(t, p), repeats)
            rows.append(
                {
                    "case": f"{name} {size}, {truth.max()} nuclei",
                    "segutils_median_ms": statistics.median(ours_ms),
                    "stardist_median_ms": statistics.median(base_ms),
                    "speedup": statistics.median(base_ms) / statistics.median(ours_ms),
                }
            )
    return rows


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
    instances = instance_rows(args.repeats)
    if args.json:
        report = {"repeats": args.repeats, "results": rows, "instances": instances}
        print(json.dumps(report, indent=2))
        return
    print(f"{'case':<20}{'segutils ms':>14}{'sklearn ms':>14}{'speed-up':>10}")
    for row in rows:
        print(
            f"{row['case']:<20}{row['segutils_median_ms']:>14.2f}"
            f"{row['sklearn_median_ms']:>14.2f}{row['speedup']:>9.1f}x"
        )
    print(f"(median of {args.repeats} runs each; identical scores checked before timing)")
    print()
    header = f"{'instances (DSB2018, Otsu)':<36}{'segutils ms':>14}{'stardist ms':>14}"
    print(f"{header}{'speed-up':>10}")
    for row in instances:
        print(
            f"{row['case']:<36}{row['segutils_median_ms']:>14.2f}"
            f"{row['stardist_median_ms']:>14.2f}{row['speedup']:>9.1f}x"
        )
    print(f"(median of {args.repeats} runs each; identical scores checked before timing)")


if __name__ == "__main__":
    main()
