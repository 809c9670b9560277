"""Explorer latency: from a parameter change to the new frame, for every method of the collection.

For each registered method (`segutils.catalog.METHODS`), an Explorer is built on a 512x512
synthetic image (with ground truth, so the live scores are part of the cost; seeded methods get
five seeds). Every control is then moved the way a user would: each slider through 20 positions
across its range, each dropdown through its choices, each checkbox on and off. The time of each
change is measured kernel-side, from the value change to the JPEG bytes being set on the Image
widget (`Explorer.latencies_ms`). A method slower than the preview budget answers with a
reduced-resolution preview (marked in the read-out); the full-resolution result that replaces it
once the control rests is timed too (`Explorer.settle_ms`, "full" columns) and reported only.

Methods given hints (`segutils.hints`) start from hints a user would give on the same image: a
box around the largest object for those that take a box, an object stroke and a background
stroke for those that take only scribbles. Their sliders move through `--hint-steps` positions
(5: each full result costs seconds). Then a user draws: eight brush strokes, alternating
object (on a missed object pixel) and background (on a false object pixel, or the background),
each sent as the browser's canvas sends a finished stroke (`DrawingCanvas.receive`) and answered
by the explorer's pacing, a preview first where the method is slow; box methods also get four
box drags. Each drawing is timed from its arrival in the kernel to the new frame (rows
"[strokes]" and "[box drags]"); the echo under the pointer is drawn by the browser, not timed here.

The baseline, measured in the same run on the same values: the naive way, an `interact`
callback that runs the method and redraws two inline Matplotlib panels (image and overlay),
rendered to PNG as the inline backend does.

Every frame of a label image is coloured so that touching regions differ
(`segutils.palette.color_index`); its cost is measured alone on a 512x512 Felzenszwalb
over-segmentation of scikit-image's astronaut (about 500 regions), beside the plain
`(label - 1) % palette` colouring, which lets touching regions share a colour.

Targets (2-core CPU): every method answers with p95 <= 100 ms; thresholding, edge and region
growing with median <= 15 ms and p95 <= 30 ms; the colouring with median <= 5 ms.

Usage: python benchmarks/explorer_latency.py [--json] [--steps N] [--hint-steps N]
       [--methods NAME ...]
"""

import argparse
import io
import json
import time
import warnings

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from segutils import catalog, palette, params  # noqa: E402
from segutils.datasets import synthetic  # noqa: E402
from segutils.explorer import Explorer  # noqa: E402
from segutils.hints import box_around  # noqa: E402
from segutils.viz import overlay  # noqa: E402

FAST_FAMILIES = {"thresholding", "edge", "region"}
VERDICT = {True: "met", False: "MISSED"}


def moves(method, steps: int) -> list[dict]:
    """The sequence of single-parameter changes a user makes, as full parameter dicts."""
    controls = params.controls(method)
    current = {name: control.default for name, control in controls.items()}
    sequence = []
    for name, control in controls.items():
        if control.kind in ("int", "float"):
            values = np.linspace(control.range.low, control.range.high, steps)
            if control.kind == "int":
                step = int(control.range.step or 1)
                low = int(control.range.low)
                values = sorted({low + step * round((v - low) / step) for v in values})
            values = [v for v in values if v != current[name]]
        elif control.kind == "choice":
            values = [c for c in control.choices if c != current[name]] + [current[name]]
        else:
            values = [not current[name], current[name]]
        for value in values:
            current = {**current, name: type(control.default)(value)}
            sequence.append(current)
        current = {**current, name: control.default}
    return sequence


def naive_ms(method, image, seeds, truth, sequence, hints=None) -> list[float]:
    """The interact way: run the method and redraw two Matplotlib panels to PNG, per change.

    ``hints`` is one keyword dict for every change, or a list of one per change (strokes).
    """
    takes_seeds = params.takes_seeds(method)
    samples = []
    for index, values in enumerate(sequence):
        given = hints[index] if isinstance(hints, list) else hints or {}
        start = time.perf_counter()
        try:
            if takes_seeds:
                result = method(image, seeds, **given, **values)
            else:
                result = method(image, **given, **values)
        except ValueError:  # e.g. low dragged above high: interact shows the error, no mask
            result = np.zeros(image.shape, dtype=bool)
        figure, (left, right) = plt.subplots(1, 2, figsize=(8, 4))
        left.imshow(image, cmap="gray")
        left.set_title("image")
        right.imshow(overlay(image, result))
        right.set_title(f"IoU {np.mean(truth == (result > 0)):.3f}")
        figure.savefig(io.BytesIO(), format="png")
        plt.close(figure)
        samples.append((time.perf_counter() - start) * 1e3)
    return samples


def starting_hints(method, labels) -> dict:
    """The hints a user gives first: a box around the largest object, or two strokes."""
    takes = params.hint_parameters(method)
    largest = np.argmax(np.bincount(labels.ravel())[1:]) + 1
    if "box" in takes:
        return {"box": box_around(labels == largest)}
    if "scribbles" in takes:
        marks = np.zeros(labels.shape, np.int32)
        rows, cols = np.nonzero(labels == largest)
        row, col = int(np.median(rows)), int(np.median(cols))
        marks[row - 1 : row + 2, col - 4 : col + 5] = params.OBJECT
        marks[4:8, 20 : labels.shape[1] - 20] = params.BACKGROUND
        return {"scribbles": marks}
    return {}


def drawings(explorer: Explorer, truth, rng, count: int) -> list[dict]:
    """Canvas messages for ``count`` strokes where the result is wrong, object and background
    in turn; each is made from the result shown before it, as a user would."""
    inside = truth > 0
    messages = []
    for index in range(count):
        found = (explorer.result > 0) if explorer.result is not None else np.zeros_like(inside)
        label = params.OBJECT if index % 2 == 0 else params.BACKGROUND
        wrong = (inside & ~found) if label == params.OBJECT else (~inside & found)
        pool = wrong if wrong.any() else (inside if label == params.OBJECT else ~inside)
        row, col = np.argwhere(pool)[rng.integers(pool.sum())] * explorer.display_scale
        points = [[row, col + offset] for offset in range(-6, 7, 2)]
        messages.append(
            {"kind": "stroke", "id": index + 1, "label": int(label), "brush": 2, "points": points}
        )
    return messages


def timed_drawings(explorer: Explorer, send) -> tuple[np.ndarray, np.ndarray, int]:
    """Send drawings one by one, resting after each; their latencies, full times, previews."""
    before, settled = len(explorer.latencies_ms), len(explorer.settle_ms)
    previews = 0
    for message in send:
        explorer.canvas.receive(message)
        previews += explorer.is_preview
        explorer.settle()
    latencies = np.array(explorer.latencies_ms[before:])
    full = np.array(explorer.settle_ms[settled:]) if len(explorer.settle_ms) > settled else [np.nan]
    return latencies, np.asarray(full), previews


def drawing_rows(entry: catalog.Method, explorer: Explorer, image, truth, values) -> list[dict]:
    """Rows for strokes (and box drags, where the method takes a box)."""
    method = entry.function
    takes = params.hint_parameters(method)
    rng = np.random.default_rng(1)
    rows = []
    if "box" in takes:
        top, left, bottom, right = explorer.box
        drags = []
        for index, grow in enumerate((6, -3, 10, 0)):
            start = [max(top - grow, 0), max(left - grow, 0)]
            end = [min(bottom + grow, image.shape[0] - 1), min(right + grow, image.shape[1] - 1)]
            drags.append({"kind": "box", "id": 100 + index, "start": start, "end": end})
        boxes = []
        for message in drags:
            (top_, left_), (bottom_, right_) = message["start"], message["end"]
            boxes.append({"box": (top_, left_, bottom_, right_)})
        latencies, full, previews = timed_drawings(explorer, drags)
        rows.append(
            row_for(
                entry, "box drags", latencies, full, previews, method, image, truth, values, boxes
            )
        )
    if "scribbles" in takes:
        sent, states = [], []
        for message in drawings(explorer, truth, rng, 8):
            latencies_so_far = timed_drawings(explorer, [message])
            sent.append(latencies_so_far)
            states.append({**explorer.hints})
        latencies = np.concatenate([part[0] for part in sent])
        full = np.concatenate([np.atleast_1d(part[1]) for part in sent])
        full = full[~np.isnan(full)] if (~np.isnan(full)).any() else np.array([np.nan])
        previews = sum(part[2] for part in sent)
        rows.append(
            row_for(
                entry, "strokes", latencies, full, previews, method, image, truth, values, states
            )
        )
    return rows


def row_for(entry, what, latencies, full, previews, method, image, truth, values, hints) -> dict:
    naive = np.array(naive_ms(method, image, None, truth > 0, [values] * len(hints), hints))
    median, p95 = float(np.median(latencies)), float(np.percentile(latencies, 95))
    return {
        "method": f"{entry.name} [{what}]",
        "family": entry.family,
        "changes": len(latencies),
        "median_ms": median,
        "p95_ms": p95,
        "preview_share": previews / len(latencies),
        "full_median_ms": float(np.median(full)),
        "naive_median_ms": float(np.median(naive)),
        "naive_p95_ms": float(np.percentile(naive, 95)),
        "speedup_median": float(np.median(naive) / median),
        "target": "p95<=100",
        "meets_target": p95 <= 100,
    }


def measure(entry: catalog.Method, image, truth, seeds, steps: int, hint_steps: int) -> list[dict]:
    method = entry.function
    hints = starting_hints(method, truth)
    sequence = moves(method, hint_steps if hints else steps)
    takes_seeds = params.takes_seeds(method)
    explorer = Explorer(
        method, image, truth=truth > 0, seeds=seeds if takes_seeds else None, **hints
    )
    explorer.latencies_ms.clear()  # the first frame is built at construction, not by a change
    previews = 0
    for values in sequence:
        changed = {k: v for k, v in values.items() if explorer.params[k] != v}
        for name, value in changed.items():  # through the widget, as a slider drag does
            explorer._inputs[name].value = value
            previews += explorer.is_preview
            explorer.settle()  # the control rests: the full result replaces any preview
    ours = np.array(explorer.latencies_ms)
    full = np.array(explorer.settle_ms) if explorer.settle_ms else np.array([np.nan])
    naive = np.array(
        naive_ms(method, image, seeds if takes_seeds else None, truth > 0, sequence, hints)
    )
    median, p95 = float(np.median(ours)), float(np.percentile(ours, 95))
    if entry.family in FAST_FAMILIES:
        target, meets = "median<=15, p95<=30", median <= 15 and p95 <= 30
    else:
        target, meets = "p95<=100", p95 <= 100
    row = {
        "method": entry.name,
        "family": entry.family,
        "changes": len(ours),
        "median_ms": median,
        "p95_ms": p95,
        "preview_share": previews / len(ours),
        "full_median_ms": float(np.median(full)),
        "naive_median_ms": float(np.median(naive)),
        "naive_p95_ms": float(np.percentile(naive, 95)),
        "speedup_median": float(np.median(naive) / median),
        "target": target,
        "meets_target": meets,
    }
    if not hints:
        return [row]
    defaults = {name: c.default for name, c in params.controls(method).items()}
    explorer.set(**defaults)
    return [row, *drawing_rows(entry, explorer, image, truth, defaults)]


def colouring_ms(repeats: int = 50) -> dict:
    """Median milliseconds to colour ~500 touching regions, and the plain modulo colouring's."""
    from skimage import data, segmentation

    labels = segmentation.felzenszwalb(data.astronaut(), scale=100, sigma=0.8, min_size=50) + 1
    count = len(palette.LABEL_COLORS)

    def timed(colour) -> float:
        samples = []
        for _ in range(repeats):
            start = time.perf_counter()
            colour(labels)
            samples.append((time.perf_counter() - start) * 1e3)
        return float(np.median(samples))

    median = timed(palette.color_index)
    return {
        "image": f"astronaut {labels.shape[0]}x{labels.shape[1]}, felzenszwalb",
        "regions": int(labels.max()),
        "touching_pairs": len(palette.touching_pairs(labels)),
        "median_ms": median,
        "modulo_median_ms": timed(lambda x: ((x - 1) % count + 1).astype(np.uint8)),
        "target": "median<=5",
        "meets_target": median <= 5,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--steps", type=int, default=20, help="slider positions per control")
    parser.add_argument(
        "--hint-steps", type=int, default=5, help="slider positions per control, hint methods"
    )
    parser.add_argument("--methods", nargs="*", help="only these (e.g. threshold.manual)")
    args = parser.parse_args()
    chosen = [m for m in catalog.METHODS if not args.methods or m.name in args.methods]
    if not chosen:
        parser.error(f"no method among {args.methods}; see segutils.catalog.METHODS")

    sample = synthetic((512, 512), n_objects=40, difficulty=0.4, seed=0)
    rng = np.random.default_rng(0)
    seeds = np.argwhere(sample.mask)[rng.choice(sample.mask.sum(), 5, replace=False)]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        rows = [
            row
            for m in chosen
            for row in measure(m, sample.image, sample.labels, seeds, args.steps, args.hint_steps)
        ]
    colouring = colouring_ms()
    if args.json:
        report = {"image": "synthetic 512x512", "results": rows, "colouring": colouring}
        print(json.dumps(report, indent=2))
        return
    header = f"{'method':<44}{'n':>4}{'median':>8}{'p95':>7}{'preview':>8}{'full med':>9}"
    print(header + f"{'naive med':>10}{'naive p95':>10}{'x faster':>9}  target")
    for r in rows:
        print(
            f"{r['method']:<44}{r['changes']:>4}{r['median_ms']:>8.1f}{r['p95_ms']:>7.1f}"
            f"{r['preview_share']:>8.0%}{r['full_median_ms']:>9.1f}"
            f"{r['naive_median_ms']:>10.1f}{r['naive_p95_ms']:>10.1f}{r['speedup_median']:>9.1f}"
            f"  {r['target']}: {VERDICT[r['meets_target']]}"
        )
    print(
        "milliseconds from a value change to the new frame (a preview where the 'preview' share"
        " says so;\n'full med': the full-resolution result once the control rests), 512x512,"
        " this machine"
    )
    c = colouring
    print(
        f"label colouring, touching regions apart ({c['regions']} regions, {c['touching_pairs']}"
        f" touching pairs, {c['image']}): median {c['median_ms']:.1f} ms; plain modulo colouring"
        f" {c['modulo_median_ms']:.1f} ms; {c['target']}: {VERDICT[c['meets_target']]}"
    )


if __name__ == "__main__":
    main()
