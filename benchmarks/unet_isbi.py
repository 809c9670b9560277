"""U-Net on ISBI 2012 membranes: training time, held-out membrane F1, and the best threshold.

Trains on slices 0-24 for a fixed wall-clock budget and evaluates on slices 25-29 (whole 512x512
images), where membrane F1 is the Dice of the membrane class. The baseline, measured in the same
run on the same slices: the global thresholds of notebook 01 (membranes are dark, invert=True),
of which the best F1 is reported.

Goal on a 2-core CPU: held-out membrane F1 >= 0.85 within 10 minutes of training. The small
model is trained by the project's recipe, ``segutils.unet.train_recipe`` (small U-Net, 256 px
crops, batch 8, Adam from 2e-3 with a cosine decay to zero over the budget, BCE + Dice); the F1
is also printed with 8-view test-time augmentation. The packaged reference model was made by
``--minutes 105 --save FILE`` (see segutils/unet/weights/README.md).

Usage: python benchmarks/unet_isbi.py [--minutes M] [--model small|resnet34] [--save FILE] [--json]
"""

import argparse
import json
import os
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "1")  # keep TensorFlow's warnings, drop its notes

import numpy as np  # noqa: E402

from segutils import datasets, metrics, threshold, unet  # noqa: E402


def best_global_threshold(held_out) -> tuple[str, float]:
    """The global threshold (notebook 01's) with the best mean membrane F1 on the held-out
    slices, and that F1: membranes are dark, so each is inverted. The baseline of this script
    and of ``unet_isbi_ablation.py``."""
    classical = {}
    for name in threshold.GLOBAL_METHODS:
        dice = [
            metrics.dice(truth, threshold.global_threshold(image, method=name, invert=True))
            for image, truth in zip(held_out.images, held_out.membrane, strict=True)
        ]
        classical[name] = float(np.mean(dice))
    best = max(classical, key=classical.get)
    return best, classical[best]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=10.0, help="training budget")
    parser.add_argument("--model", choices=("small", "resnet34"), default="small")
    parser.add_argument("--base-filters", type=int, default=16)
    parser.add_argument("--crop", type=int, default=256)
    parser.add_argument("--batch", type=int, default=8)
    parser.add_argument("--steps", type=int, default=25, help="batches per epoch")
    parser.add_argument("--lr", type=float, default=2e-3)
    parser.add_argument("--loss", default="bce_dice")
    parser.add_argument("--save", help="also save the trained model (no optimizer) to this file")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    train = datasets.load_isbi2012("train", indices=range(25))
    held_out = datasets.load_isbi2012("train", indices=range(25, 30))

    import keras

    start = time.perf_counter()
    if args.model == "small":
        model, history = unet.train_recipe(
            list(train.images),
            list(train.membrane),
            minutes=args.minutes,
            seed=args.seed,
            base_filters=args.base_filters,
            crop=args.crop,
            batch_size=args.batch,
            steps=args.steps,
            learning_rate=args.lr,
            loss=args.loss,
        )
        preprocess = None
    else:
        keras.utils.set_random_seed(args.seed)
        sm = unet.import_sm()
        model = unet.build_unet("resnet34")
        preprocess = sm.get_preprocessing("resnet34")
        crops = unet.MaskCrops(
            train.images,
            train.membrane,
            crop=args.crop,
            batch_size=args.batch,
            steps=args.steps,
            preprocess=preprocess,
            seed=args.seed,
        )
        history = unet.train(
            model,
            crops,
            epochs=100_000,
            learning_rate=args.lr,
            loss=args.loss,
            patience=100_000,
            time_limit_s=args.minutes * 60,
            schedule="cosine",
            verbose=0,
        )
    seconds = time.perf_counter() - start
    if args.save:
        unet.save_model(model, args.save, include_optimizer=False)

    scores, augmented_scores = [], []
    for image, truth in zip(held_out.images, held_out.membrane, strict=True):
        probability = unet.predict_probability(model, image, preprocess=preprocess)
        scores.append(metrics.segmentation_scores(truth, probability > 0.5))
        probability = unet.predict_probability(
            model, image, preprocess=preprocess, test_time_augmentation=True
        )
        augmented_scores.append(metrics.segmentation_scores(truth, probability > 0.5))
    unet_scores = {k: float(np.mean([s[k] for s in scores])) for k in scores[0]}
    augmented_f1 = float(np.mean([s["dice"] for s in augmented_scores]))

    best, best_f1 = best_global_threshold(held_out)
    result = {
        "model": args.model,
        "parameters": int(model.count_params()),
        "train_seconds": seconds,
        "epochs": len(history.history["loss"]),
        "crops_seen": len(history.history["loss"]) * args.steps * args.batch,
        "held_out_f1": unet_scores["dice"],
        "held_out_iou": unet_scores["iou"],
        "held_out_pixel_accuracy": unet_scores["pixel_accuracy"],
        "held_out_f1_test_time_augmentation": augmented_f1,
        "train_f1_last_epoch": float(history.history["f1-score"][-1]),
        "best_classical": best,
        "best_classical_f1": best_f1,
        "settings": vars(args),
    }
    if args.json:
        print(json.dumps(result, indent=2))
        return
    print(
        f"model {args.model} ({result['parameters']:,} parameters), trained {seconds:.0f} s, "
        f"{result['epochs']} epochs, {result['crops_seen']} crops of {args.crop}px"
    )
    print(
        f"held-out membrane F1 {result['held_out_f1']:.3f}  IoU {result['held_out_iou']:.3f}  "
        f"pixel accuracy {result['held_out_pixel_accuracy']:.3f}"
    )
    print(f"held-out membrane F1 with test-time augmentation (8 views) {augmented_f1:.3f}")
    print(f"training-crop F1 in the last epoch {result['train_f1_last_epoch']:.3f}")
    print(f"best classical ({best} threshold) F1 {best_f1:.3f}")


if __name__ == "__main__":
    main()
