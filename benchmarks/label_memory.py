"""Does counting labels cost memory by the pixels, or by the label values?

Every segutils function that counts labels renumbers them first
(`segutils.masks.compact_labels`), so a 16-bit mask of 0 and 65535 or object ids of 10**9
cost what labels 0..K do. This measures the peak memory (`tracemalloc`, to which NumPy reports
its allocations) and the median time of `iou`, `confusion_matrix`, `region_scores` and
`match_instances`, each beside its reference library as the baseline, in the same run:
scikit-learn's `jaccard_score` and `confusion_matrix`, scikit-image's
`variation_of_information` with scikit-learn's `rand_score`, and StarDist's `matching`.

Cases: (a) ordinary labels (classes 0..4 on a 512 x 512 synthetic image, a BSDS500
annotation pair, a DSB2018 image against the connected components of its Otsu threshold), and
(b) the same labels as a 16-bit mask of 0 and 65535 or as `int64` object ids of 10**9.
`confusion_matrix` of such labels is refused by design (its rows are the label values); the
process runs under a 6 GiB address-space limit, so that a library which allocates by label
value fails fast with a MemoryError instead of swapping. Needs the BSDS500 and DSB2018 subsets
(`SEGUTILS_DATA` or `make data`).

Usage: python benchmarks/label_memory.py [--repeats N] [--json]
"""

import argparse
import functools
import json
import resource
import statistics
import time
import tracemalloc

import numpy as np
from scipy import ndimage as ndi
from skimage.metrics import variation_of_information
from sklearn import metrics as skm
from stardist.matching import matching as stardist_matching

from segutils import datasets, metrics
from segutils.threshold import global_threshold

ADDRESS_SPACE = 6 * 2**30  # bytes: a blow-up becomes a MemoryError, not a swapping machine
DSB_ID = "3f9fc8e63f87e8a56d3eaef7db26f1b6db874d19f12abd5a752821b78d47661e"  # 156 nuclei
IDS = 10**9  # object ids from a database


def measure(function, repeats: int) -> dict:
    """Peak traced memory of one call, median time of ``repeats`` more, or the failure."""
    error = None
    tracemalloc.start()
    try:
        function()
    except (MemoryError, ValueError) as caught:  # a refusal, or a library out of memory
        error = f"{type(caught).__name__}: {caught}"
    finally:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    if error:
        return {"peak_mib": peak / 2**20, "ms": None, "error": error}
    samples = []
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        samples.append((time.perf_counter() - start) * 1e3)
    return {"peak_mib": peak / 2**20, "ms": statistics.median(samples), "error": None}


def as_ids(*labels: np.ndarray) -> list[np.ndarray]:
    """The labels as ``int64`` ids of 10**9 and up (0 kept), the same grouping."""
    return [np.where(array > 0, IDS + array.astype(np.int64) * 7919, 0) for array in labels]


def pixel_cases():
    sample = datasets.synthetic((512, 512), n_objects=25, difficulty=0.5, seed=0)
    truth = np.digitize(sample.image, [0.2, 0.4, 0.6, 0.8])  # classes 0..4
    prediction = np.roll(truth, 2, axis=1)
    mask = np.where(sample.mask, 65535, 0).astype(np.uint16)
    yield "classes 0..4, 512x512", truth, prediction
    yield "uint16 mask 0/65535", mask, np.roll(mask, 2, axis=1)
    yield "classes as ids of 1e9", *as_ids(truth, prediction)


def pixel_rows(repeats: int):
    for case, truth, prediction in pixel_cases():
        t, p = truth.ravel(), prediction.ravel()
        yield (
            case,
            "iou",
            "segutils",
            measure(functools.partial(metrics.iou, truth, prediction), repeats),
        )
        yield (
            case,
            "iou",
            "sklearn jaccard_score",
            measure(functools.partial(skm.jaccard_score, t, p, average="macro"), repeats),
        )
        yield (
            case,
            "confusion_matrix",
            "segutils",
            measure(functools.partial(metrics.confusion_matrix, truth, prediction), repeats),
        )
        yield (
            case,
            "confusion_matrix",
            "sklearn",
            measure(functools.partial(skm.confusion_matrix, t, p), repeats),
        )


def rand_and_vi(segmentation: np.ndarray, truth: np.ndarray) -> tuple:
    """The references of PRI and VI (covering has none)."""
    rand = skm.rand_score(truth.ravel(), segmentation.ravel())
    return rand, variation_of_information(truth, segmentation)


def region_rows(repeats: int):
    sample = datasets.load_bsds500(["101085"])[0]
    first, second = sample.segmentations[0], sample.segmentations[1]
    cases = [("BSDS500 101085 annotations", first, second)]
    cases.append(("the same as ids of 1e9", *as_ids(first, second)))
    for case, segmentation, truth in cases:
        yield (
            case,
            "region_scores",
            "segutils",
            measure(functools.partial(metrics.region_scores, segmentation, truth), repeats),
        )

        reference = functools.partial(rand_and_vi, segmentation, truth)
        yield case, "region_scores", "sklearn rand_score + skimage VI", measure(reference, repeats)


def instance_rows(repeats: int):
    sample = datasets.load_dsb2018([DSB_ID])[0]
    found = ndi.label(global_threshold(sample.image))[0]
    cases = [(f"DSB2018 {sample.labels.shape}", sample.labels, found)]
    cases.append(("the same as ids of 1e9", *as_ids(sample.labels, found)))
    for case, truth, prediction in cases:
        yield (
            case,
            "match_instances",
            "segutils",
            measure(functools.partial(metrics.match_instances, truth, prediction), repeats),
        )
        yield (
            case,
            "match_instances",
            "stardist matching",
            measure(functools.partial(stardist_matching, truth, prediction, thresh=0.5), repeats),
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--json", action="store_true", help="print the rows as JSON")
    args = parser.parse_args()
    resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE, ADDRESS_SPACE))
    rows = []
    for produce in (pixel_rows, region_rows, instance_rows):
        for case, function, implementation, result in produce(args.repeats):
            rows.append(
                {"case": case, "function": function, "implementation": implementation, **result}
            )
    if args.json:
        print(json.dumps(rows, indent=1))
        return
    print(f"{'case':28s} {'function':17s} {'implementation':33s} {'peak MiB':>9s} {'ms':>8s}")
    for row in rows:
        ms = "fails" if row["ms"] is None else f"{row['ms']:.1f}"
        print(
            f"{row['case']:28s} {row['function']:17s} {row['implementation']:33s} "
            f"{row['peak_mib']:9.2f} {ms:>8s}"
        )
        if row["error"]:
            print(f"{'':30s}{row['error'][:110]}")


if __name__ == "__main__":
    main()
