"""U-Net paper's recipe on ISBI 2012: elastic deformations and the weight map, one at a time.

Four trainings of the project's recipe (``segutils.unet.train_recipe``) with the same budget
and seed, differing only in the two options of the U-Net paper (Ronneberger et al. 2015):

- ``none``: the recipe as it is;
- ``elastic``: every crop elastically deformed (3 x 3 grid, 10-pixel displacements);
- ``weight_map``: each pixel's cross-entropy weighted by w_c + 10 exp(-(d1 + d2)^2 / 50);
- ``both``.

All four learn the paper's target: the cells (connected pieces of the non-membrane pixels of
slices 0-24, ``skimage.measure.label(~membrane, connectivity=1)``), so that the weight map has
cells to measure distances to; the membranes are the network's background. Scored on the
held-out slices 25-29 (whole 512 x 512 images) by membrane F1, the Dice of the membrane class
(``probability of a cell <= 0.5``), as ``benchmarks/unet_isbi.py`` scores its membrane network.
The baseline, measured in the same run on the same slices: the best of notebook 01's global
thresholds (membranes are dark, invert=True).

Give the budget in epochs (of ``--steps`` batches: the same training whatever the machine's
load, the fair comparison) or in minutes (the same time: elastic deformation costs CPU time, so
it sees fewer crops).

Usage: python benchmarks/unet_isbi_ablation.py (--epochs E | --minutes M)
           [--configs none elastic weight_map both] [--seed S] [--json]
"""

import argparse
import json
import os
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "1")  # keep TensorFlow's warnings, drop its notes

import numpy as np  # noqa: E402
from skimage import measure  # noqa: E402
from unet_isbi import best_global_threshold  # noqa: E402  (this folder's script, run beside it)

from segutils import datasets, metrics, unet  # noqa: E402

CONFIGS = {
    "none": {"elastic": False, "weight_map": False},
    "elastic": {"elastic": True, "weight_map": False},
    "weight_map": {"elastic": False, "weight_map": True},
    "both": {"elastic": True, "weight_map": True},
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    budget = parser.add_mutually_exclusive_group(required=True)
    budget.add_argument("--epochs", type=int, help="training epochs per configuration")
    budget.add_argument("--minutes", type=float, help="training minutes per configuration")
    parser.add_argument("--configs", nargs="+", choices=list(CONFIGS), default=list(CONFIGS))
    parser.add_argument("--steps", type=int, default=25, help="batches per epoch")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    train = datasets.load_isbi2012("train", indices=range(25))
    held_out = datasets.load_isbi2012("train", indices=range(25, 30))
    cells = [measure.label(~membrane, connectivity=1) for membrane in train.membrane]

    results = {}
    for name in args.configs:
        start = time.perf_counter()
        model, history = unet.train_recipe(
            list(train.images),
            cells,
            epochs=args.epochs,
            minutes=args.minutes,
            steps=args.steps,
            seed=args.seed,
            **CONFIGS[name],
        )
        seconds = time.perf_counter() - start
        scores = [
            metrics.segmentation_scores(truth, unet.predict_probability(model, image) <= 0.5)
            for image, truth in zip(held_out.images, held_out.membrane, strict=True)
        ]
        results[name] = {
            "epochs": len(history.history["loss"]),
            "train_seconds": seconds,
            "seconds_per_epoch": seconds / len(history.history["loss"]),
            "held_out_membrane_f1": float(np.mean([s["dice"] for s in scores])),
            "held_out_membrane_iou": float(np.mean([s["iou"] for s in scores])),
            "per_slice_f1": [round(float(s["dice"]), 4) for s in scores],
        }

    best, best_f1 = best_global_threshold(held_out)
    if args.json:
        summary = {"configs": results, "best_classical": best, "best_classical_f1": best_f1}
        print(json.dumps({**summary, "settings": vars(args)}, indent=2))
        return
    budget = f"{args.epochs} epochs" if args.epochs else f"{args.minutes} minutes"
    print(f"ISBI 2012, slices 0-24 to train, 25-29 held out; budget {budget}, seed {args.seed}")
    print(f"{'configuration':<12} {'epochs':>6} {'s/epoch':>8} {'membrane F1':>12} {'IoU':>6}")
    for name, row in results.items():
        print(
            f"{name:<12} {row['epochs']:>6} {row['seconds_per_epoch']:>8.1f} "
            f"{row['held_out_membrane_f1']:>12.3f} {row['held_out_membrane_iou']:>6.3f}"
        )
    print(f"best classical ({best} threshold) membrane F1 {best_f1:.3f}")


if __name__ == "__main__":
    main()
