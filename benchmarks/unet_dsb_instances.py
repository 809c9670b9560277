"""The instance U-Net on DSB2018 fluorescence nuclei: trained outside the test split, scored on it.

Trains the project's recipe with ``target="three_class"`` (background, interior and border of
each nucleus; ``segutils.unet.train_recipe``) on the leaderboard's tuning images of the
``dsb2018-fluorescence`` task (``segutils.bench.builtin_task``; 12 images of the shared subset),
and scores its objects (``segutils.unet.predict_instances``: interiors grown back) on the
task's 31 test images, which it never sees: DSB score (mean precision over IoU 0.5:0.05:0.95),
F1 at IoU 0.5, splits and merges (``segutils.metrics.instance_scores``), means over images.

Baselines, measured in the same run on the same test images: the connected components of the
cleaned Otsu foreground (no splitting, as ``benchmarks/dsb_instances.py``), and the distance
watershed at its defaults. ``--foreground`` also trains the one-channel recipe on the same
images and budget and scores its connected components: what the border class adds.

The seeds' interior-probability threshold is chosen on the tuning images (the images trained
on), among the likeliest class and 0.6 .. 0.9, then used unchanged on the test images.

This is the command that makes the packaged reference instance model: ``--save FILE`` keeps the
network (no optimizer state). Published context (Caicedo et al., Nature Methods 2019, Table 1;
the stage-2 test set, another and harder set): CellProfiler 0.528, the winning model 0.632.

Usage: python benchmarks/unet_dsb_instances.py (--epochs E | --minutes M) [--save FILE]
           [--foreground] [--elastic] [--weight-map] [--min-seed N] [--border-width W]
           [--seed S] [--json]
"""

import argparse
import json
import os
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "1")  # keep TensorFlow's warnings, drop its notes

import numpy as np  # noqa: E402
from scipy import ndimage as ndi  # noqa: E402

from segutils import threshold, unet, watershed  # noqa: E402
from segutils.bench import builtin_task  # noqa: E402
from segutils.masks import clean_mask  # noqa: E402
from segutils.metrics import instance_scores  # noqa: E402

COLUMNS = ["dsb_score", "f1", "splits", "merges"]
#: Seed thresholds tried on the tuning images (None: the likeliest class is interior).
INTERIOR_CHOICES = (None, 0.6, 0.7, 0.8, 0.9)


def mean_scores(task, predict) -> dict[str, float]:
    """Means over the test images of the instance scores, and seconds per image."""
    rows, seconds = [], []
    for sample in task.test:
        start = time.perf_counter()
        labels = predict(sample.image)
        seconds.append(time.perf_counter() - start)
        rows.append(instance_scores(np.asarray(sample.truth), labels))
    means = {key: float(np.mean([row[key] for row in rows])) for key in COLUMNS}
    return {**means, "seconds_per_image": float(np.median(seconds))}


def chosen_interior(model, task, min_seed: int) -> tuple[float | None, dict[str, float]]:
    """The seed threshold with the best mean DSB score on the tuning images, and every score.

    Chosen on the images the network was trained on, never on the test images it is scored on.
    """
    probabilities = [unet.predict_probability(model, s.image) for s in task.tune]
    truths = [np.asarray(s.truth) for s in task.tune]
    scores = {}
    for interior in INTERIOR_CHOICES:
        found = [
            unet.labels_from_classes(p, min_size=min_seed, interior=interior) for p in probabilities
        ]
        dsb = [instance_scores(t, f)["dsb_score"] for t, f in zip(truths, found, strict=True)]
        scores[str(interior)] = float(np.mean(dsb))
    best = max(INTERIOR_CHOICES, key=lambda interior: scores[str(interior)])
    return best, scores


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    budget = parser.add_mutually_exclusive_group(required=True)
    budget.add_argument("--epochs", type=int, help="training epochs (of 25 batches of 8 crops)")
    budget.add_argument("--minutes", type=float, help="training minutes")
    parser.add_argument("--save", help="save the three-class model (no optimizer) to this file")
    parser.add_argument("--foreground", action="store_true", help="also the one-channel U-Net")
    parser.add_argument("--elastic", action="store_true", help="elastic deformations")
    parser.add_argument("--weight-map", action="store_true", help="the U-Net paper's weights")
    parser.add_argument("--min-seed", type=int, default=8, help="smallest seed, pixels")
    parser.add_argument(
        "--border-width", type=int, default=1, help="depth of the border class, pixels"
    )
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    task = builtin_task("dsb2018-fluorescence")
    images = [s.image for s in task.tune]
    labels = [np.asarray(s.truth) for s in task.tune]
    options = {"epochs": args.epochs, "minutes": args.minutes, "seed": args.seed}
    options.update(elastic=args.elastic, weight_map=args.weight_map)

    results = {}
    start = time.perf_counter()
    model, history = unet.train_recipe(
        images, labels, target="three_class", border_width=args.border_width, **options
    )
    trained = {"train_seconds": time.perf_counter() - start}
    trained["epochs"] = len(history.history["loss"])
    if args.save:
        unet.save_model(model, args.save, include_optimizer=False)
    interior, tuning_scores = chosen_interior(model, task, args.min_seed)
    trained |= {"interior": interior, "tuning_dsb_scores": tuning_scores}
    results["unet three-class (interiors grown back)"] = trained | mean_scores(
        task,
        lambda image: unet.predict_instances(
            model, image, min_size=args.min_seed, interior=interior
        ),
    )
    if args.foreground:
        start = time.perf_counter()
        model, history = unet.train_recipe(images, [t > 0 for t in labels], **options)
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
    budget = f"{args.epochs} epochs" if args.epochs else f"{args.minutes} minutes"
    print(
        f"dsb2018-fluorescence: trained on {len(task.tune)} tuning images ({budget}, border "
        f"{args.border_width} px), scored on {len(task.test)} test images; means over images"
    )
    chosen = results["unet three-class (interiors grown back)"]
    tried = ", ".join(f"{k}: {v:.3f}" for k, v in chosen["tuning_dsb_scores"].items())
    print(f"seed threshold chosen on the tuning images: {chosen['interior']} (DSB there: {tried})")
    print(f"{'method':<40} {'DSB':>6} {'F1':>6} {'splits':>7} {'merges':>7} {'train s':>8}")
    for name, row in results.items():
        print(
            f"{name:<40} {row['dsb_score']:>6.3f} {row['f1']:>6.3f} {row['splits']:>7.2f} "
            f"{row['merges']:>7.2f} {row.get('train_seconds', 0.0):>8.0f}"
        )


if __name__ == "__main__":
    main()
