"""The instance U-Net on DSB2018 fluorescence nuclei: trained outside the test split, scored on it.

Trains the project's recipe with ``target="three_class"`` (background, interior and border of
each nucleus; ``segutils.unet.train_recipe``) on the leaderboard's tuning images of the
``dsb2018-fluorescence`` task (``segutils.bench.builtin_task``; 12 images of the shared subset),
and scores its objects (``segutils.unet.predict_instances``: interiors grown back) on the
task's 31 test images, which it never sees: DSB score (mean precision over IoU 0.5:0.05:0.95),
F1 at IoU 0.5, splits and merges (``segutils.metrics.instance_scores``), means over images;
and AP at IoU 0.5 as StarDist's paper counts it, TP / (TP + FP + FN) pooled over all test
images (Schmidt et al., MICCAI 2018, section 3.2).

Baselines, measured in the same run on the same test images: the connected components of the
cleaned Otsu foreground (no splitting, as ``benchmarks/dsb_instances.py``), and the distance
watershed at its defaults. ``--foreground`` also trains the one-channel recipe on the same
images and budget and scores its connected components: what the border class adds.

The seeds' interior-probability threshold is chosen on the tuning images (the images trained
on) by ``segutils.unet.choose_interior``, among the likeliest class and 0.6 .. 0.9, then used
unchanged on the test images. ``--tta`` adds a row for the same network with test-time
augmentation (probabilities averaged over the eight rotations and mirror images, as the
leading DSB2018 solutions predicted), its threshold chosen again on the tuning images with the
averaging on: eight times the prediction cost.

This is the command that makes the packaged reference instance model: ``--save FILE`` keeps the
network (no optimizer state); ``--load FILE`` scores a saved three-class model again without
training it (the packaged one: ``segutils/unet/weights/dsb2018_nuclei.keras``). Published
context, on other sets: Caicedo et al., Nature Methods 2019, Table 1 (DSB score on the stage-2
test set): CellProfiler 0.528, the winning model 0.632. Schmidt et al., MICCAI 2018, Table 1
(AP at IoU 0.5 on their 497-image fluorescence subset of DSB2018, 10 % held out): U-Net
(2 class) 0.674, U-Net (3 class) 0.806, Mask R-CNN 0.832, StarDist 0.864.

Usage: python benchmarks/unet_dsb_instances.py (--epochs E | --minutes M | --load FILE)
           [--save FILE] [--foreground] [--elastic] [--weight-map] [--min-seed N] [--border-width W]
           [--seed S] [--tta] [--json]
"""

import argparse
import json
import os
import time
from collections.abc import Callable
from typing import Any

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "1")  # keep TensorFlow's warnings, drop its notes

import numpy as np  # noqa: E402
from scipy import ndimage as ndi  # noqa: E402

from segutils import threshold, unet, watershed  # noqa: E402
from segutils.bench import Task, builtin_task  # noqa: E402
from segutils.bench.network import INSTANCE_BORDER_WIDTH, INSTANCE_MIN_SEED  # noqa: E402
from segutils.masks import clean_mask  # noqa: E402
from segutils.metrics import instance_scores, match_instances  # noqa: E402

COLUMNS = ["dsb_score", "f1", "splits", "merges"]


def mean_scores(task: Task, predict: Callable[[np.ndarray], np.ndarray]) -> dict[str, Any]:
    """Means over the test images of the instance scores, pooled AP at IoU 0.5, seconds/image."""
    rows, seconds, counts = [], [], np.zeros(3)
    for sample in task.test:
        start = time.perf_counter()
        labels = predict(sample.image)
        seconds.append(time.perf_counter() - start)
        truth = np.asarray(sample.truth)
        rows.append(instance_scores(truth, labels))
        match = match_instances(truth, labels, thresh=0.5)
        counts += (match.tp, match.fp, match.fn)
    means = {key: float(np.mean([row[key] for row in rows])) for key in COLUMNS}
    # StarDist's AP: every image's matches counted together, not a mean of per-image scores.
    means["ap50"] = float(counts[0] / counts.sum()) if counts.sum() else float("nan")
    means["per_image_dsb"] = [float(row["dsb_score"]) for row in rows]
    return {**means, "seconds_per_image": float(np.median(seconds))}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    budget = parser.add_mutually_exclusive_group(required=True)
    budget.add_argument("--epochs", type=int, help="training epochs (of 25 batches of 8 crops)")
    budget.add_argument("--minutes", type=float, help="training minutes")
    budget.add_argument("--load", help="score this saved three-class model, no training")
    parser.add_argument("--save", help="save the three-class model (no optimizer) to this file")
    parser.add_argument("--foreground", action="store_true", help="also the one-channel U-Net")
    parser.add_argument("--elastic", action="store_true", help="elastic deformations")
    parser.add_argument("--weight-map", action="store_true", help="the U-Net paper's weights")
    parser.add_argument(
        "--min-seed", type=int, default=INSTANCE_MIN_SEED, help="smallest seed, pixels"
    )
    parser.add_argument(
        "--border-width",
        type=int,
        help=f"border depth, pixels (default {INSTANCE_BORDER_WIDTH}, the leaderboard's)",
    )
    parser.add_argument("--seed", type=int, help="training seed (default 0)")
    parser.add_argument(
        "--tta", action="store_true", help="also score with test-time augmentation (8 views)"
    )
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    if args.load:  # a saved model is scored as it is: training options would be silently unused
        training = ("foreground", "elastic", "weight_map", "border_width", "seed")
        given = [f"--{name.replace('_', '-')}" for name in training if getattr(args, name)]
        if given:
            parser.error(f"{', '.join(given)} only apply to training; --load trains nothing")
    if args.border_width is None:
        args.border_width = INSTANCE_BORDER_WIDTH
    if args.seed is None:
        args.seed = 0

    task = builtin_task("dsb2018-fluorescence")
    images = [s.image for s in task.tune]
    labels = [np.asarray(s.truth) for s in task.tune]
    training = {"epochs": args.epochs, "minutes": args.minutes, "seed": args.seed}
    training.update(elastic=args.elastic, weight_map=args.weight_map)

    results = {}
    if args.load:
        model, trained = unet.load_model(args.load), {}
    else:
        start = time.perf_counter()
        model, history = unet.train_recipe(
            images, labels, target="three_class", border_width=args.border_width, **training
        )
        trained = {"train_seconds": time.perf_counter() - start}
        trained["epochs"] = len(history.history["loss"])
    if args.save:
        unet.save_model(model, args.save, include_optimizer=False)
    for augmented in (False, True) if args.tta else (False,):
        # Chosen on the images trained on, never on the test images the model is scored on,
        # and predicted there as it will be on them (averaging makes the network less sure).
        interior, tuning_scores = unet.choose_interior(
            model, images, labels, min_size=args.min_seed, test_time_augmentation=augmented
        )
        options = {"min_size": args.min_seed, "interior": interior}
        options["test_time_augmentation"] = augmented
        name = "unet three-class (interiors grown back)" + (", 8-view TTA" if augmented else "")
        results[name] = (
            trained
            | {"interior": interior, "tuning_dsb_scores": tuning_scores}
            | mean_scores(task, lambda image, o=options: unet.predict_instances(model, image, **o))
        )
    if args.foreground and not args.load:
        start = time.perf_counter()
        model, history = unet.train_recipe(images, [t > 0 for t in labels], **training)
        trained = {"train_seconds": time.perf_counter() - start}
        trained["epochs"] = len(history.history["loss"])
        results["unet foreground (components)"] = trained | mean_scores(
            task, lambda image: ndi.label(unet.predict_probability(model, image) > 0.5)[0]
        )

    def otsu_components(image):
        return ndi.label(clean_mask(threshold.global_threshold(image), min_size=30))[0]

    results["components of Otsu (baseline)"] = mean_scores(task, otsu_components)
    results["watershed.distance_watershed"] = mean_scores(task, watershed.distance_watershed)
    if args.json:
        print(json.dumps({"results": results, "settings": vars(args)}, indent=2))
        return
    if args.load:
        trained_how = f"loaded from {args.load}"
    else:
        budget = f"{args.epochs} epochs" if args.epochs else f"{args.minutes} minutes"
        trained_how = f"{budget}, border {args.border_width} px"
    print(
        f"dsb2018-fluorescence: trained on {len(task.tune)} tuning images ({trained_how}), "
        f"scored on {len(task.test)} test images; means over images, AP@0.5 pooled"
    )
    for name, row in results.items():
        if "tuning_dsb_scores" in row:
            tried = ", ".join(f"{k}: {v:.3f}" for k, v in row["tuning_dsb_scores"].items())
            print(
                f"{name}: seed threshold chosen on the tuning images {row['interior']} "
                f"(DSB there: {tried})"
            )
    print(
        f"{'method':<52} {'DSB':>6} {'± SE':>6} {'F1':>6} {'AP@0.5':>7} {'splits':>7} "
        f"{'merges':>7} {'train s':>8}"
    )
    for name, row in results.items():
        per_image = row["per_image_dsb"]
        standard_error = np.std(per_image, ddof=1) / np.sqrt(len(per_image))
        print(
            f"{name:<52} {row['dsb_score']:>6.3f} {standard_error:>6.3f} {row['f1']:>6.3f} "
            f"{row['ap50']:>7.3f} {row['splits']:>7.2f} {row['merges']:>7.2f} "
            f"{row.get('train_seconds', 0.0):>8.0f}"
        )


if __name__ == "__main__":
    main()
