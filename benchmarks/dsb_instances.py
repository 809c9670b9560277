"""Instance segmentation of DSB2018 nuclei: the watersheds of notebook 04, scored object by object.

Every image of the DSB2018 subset (`segutils.datasets.load_dsb2018`), in two groups:
fluorescence (bright nuclei, dark background) and stained / bright-field (the histology and
bright-field images: nuclei darker than the background, so every method gets ``invert=True``).
Each method runs with its defaults; the scores are `segutils.metrics.instance_scores` (F1 and
panoptic quality at IoU 0.5, the Data Science Bowl 2018 score over IoU 0.5:0.05:0.95, splits
and merges), averaged over the images of a group, with the median time per megapixel.

The baseline, measured in the same run: connected components of the Otsu foreground cleaned
the same way (`clean_mask`, min_size 30), i.e. no splitting at all.

Published context (Caicedo et al., Nature Methods 2019, Table 1; the DSB's stage-2 test set, a
different and harder set of images): CellProfiler tuned by hand per image type 0.528, the
winning deep model 0.632 (DSB score).

Usage: python benchmarks/dsb_instances.py [--json] [--limit N]
"""

import argparse
import json
import statistics
import time

import pandas as pd
from scipy import ndimage as ndi

from segutils import threshold, watershed
from segutils.datasets import load_dsb2018
from segutils.masks import clean_mask
from segutils.metrics import instance_scores


def components_of_otsu(image, invert):
    """The baseline: one object per connected blob of the cleaned Otsu foreground."""
    foreground = clean_mask(threshold.global_threshold(image, invert=invert), min_size=30)
    return ndi.label(foreground)[0]


METHODS = {
    "components of Otsu (baseline)": components_of_otsu,
    "watershed.distance_watershed": lambda image, invert: watershed.distance_watershed(
        image, invert=invert
    ),
    "watershed.marker_watershed": lambda image, invert: watershed.marker_watershed(
        image, invert=invert
    ),
    "watershed.h_maxima_watershed": lambda image, invert: watershed.h_maxima_watershed(
        image, invert=invert
    ),
}
COLUMNS = ["f1", "panoptic_quality", "dsb_score", "splits", "merges"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--limit", type=int, default=None, help="first N images only")
    args = parser.parse_args()

    samples = load_dsb2018()[: args.limit]
    rows = []
    for sample in samples:
        group = "fluorescence" if sample.kind == "fluorescence" else "stained / bright-field"
        megapixels = sample.labels.size / 1e6
        for name, method in METHODS.items():
            start = time.perf_counter()
            labels = method(sample.image, group != "fluorescence")
            seconds = time.perf_counter() - start
            scores = instance_scores(sample.labels, labels)
            rows.append(
                {
                    "group": group,
                    "method": name,
                    "s_per_mpx": seconds / megapixels,
                    **{key: scores[key] for key in COLUMNS},
                }
            )
    table = pd.DataFrame(rows)
    summary = table.groupby(["group", "method"])[COLUMNS].mean()
    summary["s_per_mpx"] = table.groupby(["group", "method"])["s_per_mpx"].agg(statistics.median)
    summary["images"] = table.groupby(["group", "method"]).size()
    if args.json:
        print(
            json.dumps({f"{g} | {m}": row for (g, m), row in summary.round(4).T.to_dict().items()})
        )
        return
    print(f"DSB2018 subset, {len(samples)} images, methods at their defaults; means over images,")
    print("median seconds per megapixel; baseline: components of Otsu (no splitting).")
    print(summary.round(3).to_string())
    print("Published (stage-2 test set, not this subset): CellProfiler 0.528, winning model 0.632.")


if __name__ == "__main__":
    main()
