"""The Berkeley boundary benchmark (BSDS500) of one method: ODS, OIS, AP and how long it takes.

METHOD is one of:

- a registered method of `segutils.catalog` (`edge.canny`, `region.felzenszwalb`, ...): a method
  that returns a mask or labels is scored by the boundaries of its regions; `edge.canny` returns
  an edge map, used as the boundary map directly;
- `gradient`: the Sobel gradient magnitude of the gray image divided by its maximum, a soft map
  (99 distinct thresholds: the slow case);
- `strength`: Canny's strength, `segutils.edge.edge_strength(image, sigma=2)` (the gradient
  magnitude after non-maximum suppression, divided by its maximum), the soft map by which the
  benchmark scores Canny;
- a folder of precomputed 8-bit PNG boundary maps named after the images (`ID.png`; 0 = no
  boundary, 255 = certain boundary), read as value / 255.

The images are the BSDS500 validation split (`segutils.datasets.load_bsds500`) or, with
`--split-dir`, any folder in the BSDS layout (`images/ID.jpg`, `groundTruth/ID.mat`). The images
are counted as Dask tasks on a LocalCluster of `--workers` processes (2 by default; 1: one after
another in this process) or on the cluster at `--scheduler ADDRESS`. The time printed is the wall
time of `segutils.metrics.boundary_benchmark` alone, starting its LocalCluster included (the maps
are computed first). The published figures printed beside ours are those of the BSDS500 *test* split
(Arbelaez et al. 2011), not of this validation split, so they are a guide, not a target.

With `--compare-pyedgeeval` (if the `pyEdgeEval` package is installed), the same maps are also
scored by pyEdgeEval's port of the MATLAB code (its CSA matcher), and its figures and time are
printed beside ours. Binary maps are the same at every threshold, so pyEdgeEval gets one
threshold for them (our 99 identical points give the same ODS, OIS and AP 0). pyEdgeEval's "AP"
is another measure; the benchmark's AP is its "AUC" (recall 0..0.99 instead of 0..1). pyEdgeEval
runs on its own process pool of `--workers` processes (this machine's cores with `--scheduler`).

Usage: python benchmarks/bsds_boundary.py METHOD [--split-dir DIR] [--thresholds N] [--json]
       [--workers N | --scheduler ADDRESS] [--limit N] [--compare-pyedgeeval]
"""

import argparse
import contextlib
import importlib.util
import json
import os
import sys
import time
from pathlib import Path

import imageio.v3 as iio
import numpy as np
import scipy.io

from segutils import catalog
from segutils.datasets import load_bsds500
from segutils.edge import edge_strength
from segutils.edge import gradient as edge_gradient
from segutils.files import read_image
from segutils.metrics import boundary_benchmark, bsds_boundaries

#: BSDS500 test split, Arbelaez et al. 2011, table 1 (ODS, OIS, AP).
PUBLISHED = {
    "human": (0.80, None, None),
    "gPb-owt-ucm": (0.73, 0.76, 0.73),
    "Felzenszwalb-Huttenlocher": (0.61, 0.64, 0.56),
    "Canny": (0.60, 0.63, 0.58),
}
#: Local Dask workers when neither --workers nor --scheduler is given.
DEFAULT_WORKERS = 2
#: Methods whose result is an edge map, not regions.
EDGE_MAPS = {"edge.canny"}


def read_split(folder: Path, limit: int | None) -> list[tuple[str, np.ndarray, list[np.ndarray]]]:
    """(id, image, human boundary maps) of every image of a BSDS-layout folder."""
    for sub in ("images", "groundTruth"):
        if not (folder / sub).is_dir():
            raise FileNotFoundError(
                f"{folder / sub} does not exist: --split-dir needs the BSDS layout, "
                "images/ID.jpg and groundTruth/ID.mat of one split."
            )
    paths = sorted((folder / "images").glob("*.jpg"))[:limit]
    if not paths:
        raise FileNotFoundError(f"No .jpg image in {folder / 'images'}.")
    split = []
    for path in paths:
        truth_file = folder / "groundTruth" / f"{path.stem}.mat"
        if not truth_file.is_file():
            raise FileNotFoundError(
                f"No ground truth for image {path.stem}: {truth_file} is missing."
            )
        annotations = scipy.io.loadmat(truth_file)["groundTruth"][0]
        truths = [a["Boundaries"][0, 0].astype(bool) for a in annotations]
        split.append((path.stem, read_image(path), truths))
    return split


def default_split(limit: int | None) -> list[tuple[str, np.ndarray, list[np.ndarray]]]:
    """The BSDS500 validation split from $SEGUTILS_DATA or the download cache."""
    samples = load_bsds500()[:limit]
    return [(s.id, s.image, s.boundaries) for s in samples]


def gradient(image: np.ndarray) -> np.ndarray:
    """Sobel gradient magnitude of the gray image, scaled by its maximum to [0, 1]."""
    magnitude = edge_gradient(image)[0].astype(np.float64)
    top = magnitude.max()
    return magnitude / top if top > 0 else magnitude


def machine_maps(method: str, split) -> list[np.ndarray]:
    """The machine boundary map of every image: a soft float map or a bool boundary map."""
    if method == "gradient":
        return [gradient(image) for _, image, _ in split]
    if method == "strength":
        return [edge_strength(image, sigma=2.0) for _, image, _ in split]
    folder = Path(method)
    if folder.is_dir():
        maps = []
        for image_id, image, _ in split:
            path = folder / f"{image_id}.png"
            if not path.is_file():
                raise FileNotFoundError(f"No boundary map for image {image_id}: {path} is missing.")
            values = iio.imread(path)
            if values.dtype != np.uint8 or values.shape != image.shape[:2]:
                raise ValueError(
                    f"{path} must be an 8-bit gray PNG of the image's size {image.shape[:2]}, "
                    f"got {values.dtype} {values.shape}."
                )
            maps.append(values / 255.0)
        return maps
    try:
        function = catalog.by_name(method).function
    except KeyError as error:
        raise SystemExit(
            f"Unknown METHOD {method!r}: not 'gradient' or 'strength', not a folder, and "
            f"{error.args[0]}"
        ) from None
    results = [function(image) for _, image, _ in split]
    if method in EDGE_MAPS:
        return [np.asarray(edges, bool) for edges in results]
    return [bsds_boundaries(regions) for regions in results]


def pyedgeeval_image(sample: dict) -> tuple:
    """pyEdgeEval's counts for one image (module level, so its process pool can pickle it)."""
    from pyEdgeEval.common.binary_label.evaluate_boundaries import (
        evaluate_boundaries_threshold_multiple_gts,
    )
    from pyEdgeEval.common.utils import check_thresholds

    return evaluate_boundaries_threshold_multiple_gts(
        thresholds=check_thresholds(sample["thresholds"]),
        pred=sample["pred"],
        gts=sample["gts"],
        max_dist=0.0075,
        apply_thinning=True,
        apply_nms=False,
    )


def pyedgeeval_scores(maps, split, thresholds: int, workers: int) -> dict:
    """ODS, OIS and the benchmark's AP (pyEdgeEval's AUC) of the same maps, and the time."""
    with contextlib.redirect_stdout(sys.stderr):  # it prints a warning on import
        from pyEdgeEval.common.binary_label import calculate_metrics
    binary = all(m.dtype == bool for m in maps)
    levels = 1 if binary else thresholds
    samples = [
        {"name": image_id, "pred": m.astype(np.float64), "gts": truths, "thresholds": levels}
        for m, (image_id, _, truths) in zip(maps, split, strict=True)
    ]
    start = time.perf_counter()
    with contextlib.redirect_stdout(sys.stderr):  # its progress bar; stdout may carry JSON
        _, _, overall = calculate_metrics(pyedgeeval_image, levels, samples, nproc=workers)
    return {
        "ods": float(overall["ODS_f1"]),
        "ois": float(overall["OIS_f1"]),
        "ap": float(overall["AUC"]),
        "thresholds": levels,
        "seconds": time.perf_counter() - start,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "method", metavar="METHOD", help="catalog name, 'gradient', 'strength' or a folder"
    )
    parser.add_argument("--split-dir", type=Path, help="BSDS-layout folder of one split")
    parser.add_argument("--thresholds", type=int, default=99)
    placement = parser.add_mutually_exclusive_group()
    # No argparse default for --workers: the group would not see `--workers 2 --scheduler A`.
    placement.add_argument("--workers", type=int, help="local Dask workers over the images (2)")
    placement.add_argument("--scheduler", help="a running Dask scheduler's address instead")
    parser.add_argument("--limit", type=int, help="only the first N images")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument(
        "--compare-pyedgeeval", action="store_true", help="also score with pyEdgeEval (slow)"
    )
    args = parser.parse_args()
    if args.scheduler is None and args.workers is None:
        args.workers = DEFAULT_WORKERS
    if args.compare_pyedgeeval and importlib.util.find_spec("pyEdgeEval") is None:
        parser.error("--compare-pyedgeeval needs pyEdgeEval: pip install pyEdgeEval")
    if args.split_dir is not None and not args.split_dir.is_dir():
        parser.error(f"--split-dir {args.split_dir} is not a folder.")

    start = time.perf_counter()
    try:
        split = (
            read_split(args.split_dir, args.limit) if args.split_dir else default_split(args.limit)
        )
        maps = machine_maps(args.method, split)
    except (FileNotFoundError, ValueError) as error:
        parser.error(str(error))
    prepare_seconds = time.perf_counter() - start
    start = time.perf_counter()
    where = {"workers": args.workers} if args.scheduler is None else {"scheduler": args.scheduler}
    try:
        result = boundary_benchmark(
            maps,
            [truths for _, _, truths in split],
            thresholds=args.thresholds,
            report=lambda line: print(line, file=sys.stderr),  # stdout may carry JSON
            **where,
        )
    except (OSError, ValueError) as error:  # no scheduler at --scheduler, a bad --workers or map
        parser.error(str(error))
    seconds = time.perf_counter() - start
    if args.scheduler is not None:
        runs_on = args.scheduler
    else:
        runs_on = "this process" if args.workers == 1 else f"{args.workers} Dask workers"
    report = {
        "method": args.method,
        "split": str(args.split_dir or "BSDS500 validation"),
        "ods": result.ods,
        "ois": result.ois,
        "ap": result.ap,
        "ods_threshold": result.ods_threshold,
        "images": len(split),
        "thresholds": args.thresholds,
        **where,
        "seconds": seconds,
        "prepare_seconds": prepare_seconds,
    }
    if args.compare_pyedgeeval:
        processes = args.workers if args.scheduler is None else os.cpu_count() or 1
        report["pyedgeeval"] = pyedgeeval_scores(maps, split, args.thresholds, processes)
    if args.json:
        print(json.dumps(report, indent=2))
        return

    print(
        f"{args.method} on {len(split)} images of {report['split']}, {args.thresholds} thresholds"
    )
    print(f"{'':<28}{'ODS':>6}{'OIS':>6}{'AP':>6}  wall time")
    print(
        f"{'segutils':<28}{result.ods:>6.3f}{result.ois:>6.3f}{result.ap:>6.3f}  "
        f"{seconds:.1f} s ({runs_on}; loading and maps {prepare_seconds:.1f} s)"
    )
    if "pyedgeeval" in report:
        other = report["pyedgeeval"]
        print(
            f"{'pyEdgeEval':<28}{other['ods']:>6.3f}{other['ois']:>6.3f}{other['ap']:>6.3f}  "
            f"{other['seconds']:.1f} s ({other['thresholds']} thresholds)"
        )
    print("published, BSDS500 TEST split (not this validation split):")
    for name, figures in PUBLISHED.items():
        cells = "".join(f"{'-' if v is None else f'{v:.2f}':>6}" for v in figures)
        print(f"  {name:<26}{cells}")


if __name__ == "__main__":
    main()
