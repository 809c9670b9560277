"""Fuzz segutils' public functions with careless inputs; each call runs in a child process.

For every registered method and the public functions of images, masks, metrics, viz, datasets
and unet, hypothesis draws inputs: shapes from 1x1 to 1x900 and 3-D stacks, dtypes from bool to
complex and object, values with NaN, inf, negatives and constants, and parameters inside and
outside their ranges or of the wrong type. A call must either return a result that honours the
function's contract (shape, dtype, range) or raise ValueError or TypeError with a message, raised
by segutils itself (or FileNotFoundError for a path that does not exist). Anything else is a
failure: an exception from inside a library, a crash of
the process (a segmentation fault), a hang past the time limit, or a MemoryError.

Usage: python tools/fuzz.py [--profile quick|long] [--targets NAME ...] [--seed N]

The quick profile (fixed seed, a few examples per function) runs in `make test` through
tests/test_fuzz.py; the long profile is for a release: it prints the calls tried and each failure.
"""

from __future__ import annotations

import argparse
import os
import pickle
import select
import struct
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import seed as hypothesis_seed
from hypothesis import strategies as st

PROFILES = {"quick": 12, "long": 1000}  # examples drawn per target
TIME_LIMIT_S = 30.0
MEMORY_LIMIT = 6 * 2**30  # bytes of address space for the worker: a blow-up is a MemoryError

WORKER = r"""
import importlib, os, pickle, resource, struct, sys, traceback, warnings
limit = int(sys.argv[1])
if limit:
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
warnings.simplefilter("ignore")
import matplotlib
matplotlib.use("Agg")
import numpy as np
channel, sys.stdout = sys.stdout.buffer, sys.stderr  # stray prints must not break the protocol

def summary(value):
    if isinstance(value, np.ndarray):
        numeric = value.dtype.kind in "biuf" and value.size
        finite = bool(np.isfinite(value).all()) if value.dtype.kind == "f" else True
        return {"array": True, "shape": value.shape, "dtype": str(value.dtype), "finite": finite,
                "min": float(value.min()) if numeric else None,
                "max": float(value.max()) if numeric else None}
    if isinstance(value, bytes):
        return {"bytes": value[:2].hex()}
    if isinstance(value, (int, float, np.number)):
        return {"number": float(value)}
    if hasattr(value, "__dataclass_fields__"):
        return {name: summary(getattr(value, name)) for name in value.__dataclass_fields__}
    return {"type": type(value).__name__}

while True:
    header = sys.stdin.buffer.read(8)
    if len(header) < 8:
        break
    target, args, kwargs = pickle.loads(sys.stdin.buffer.read(struct.unpack("<Q", header)[0]))
    module, _, name = target.rpartition(".")
    try:
        reply = {"ok": summary(getattr(importlib.import_module(module), name)(*args, **kwargs))}
    except BaseException as error:
        frames = traceback.extract_tb(error.__traceback__)
        reply = {"error": type(error).__name__, "message": str(error),
                 "kinds": [c.__name__ for c in type(error).__mro__],
                 "origin": f"{frames[-1].filename}:{frames[-1].lineno}" if frames else ""}
    data = pickle.dumps(reply)
    channel.write(struct.pack("<Q", len(data)) + data)
    channel.flush()
"""


class Worker:
    """A child Python that runs calls one at a time; restarted after a crash or a hang."""

    def __init__(self, memory_limit: int):
        self.memory_limit, self.process = memory_limit, None

    def start(self) -> None:
        env = {**os.environ, "SEGUTILS_QUICK": "1", "TF_CPP_MIN_LOG_LEVEL": "3"}
        self.process = subprocess.Popen(
            [sys.executable, "-c", WORKER, str(self.memory_limit)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env,
        )  # fmt: skip

    def call(self, target: str, args: tuple, kwargs: dict) -> dict:
        if self.process is None or self.process.poll() is not None:
            self.start()
        data = pickle.dumps((target, args, kwargs))
        try:
            self.process.stdin.write(struct.pack("<Q", len(data)) + data)
            self.process.stdin.flush()
        except BrokenPipeError:
            return self.died()
        stdout = self.process.stdout
        ready, _, _ = select.select([stdout], [], [], TIME_LIMIT_S)
        if not ready:
            self.stop()
            return {"failure": f"no answer within {TIME_LIMIT_S:.0f} s (a hang)"}
        header = stdout.read(8)
        if len(header) < 8:
            return self.died()
        return pickle.loads(stdout.read(struct.unpack("<Q", header)[0]))

    def died(self) -> dict:
        code = self.process.wait()
        self.process = None
        return {"failure": f"the process died (exit code {code}: a crash)"}

    def stop(self) -> None:
        if self.process is not None:
            self.process.kill()
            self.process.wait()
            self.process = None


# ---- inputs ------------------------------------------------------------------------------------

SHAPES = [
    (1, 1), (1, 9), (9, 1), (1, 900), (900, 1), (2, 700), (5, 5), (33, 47), (64, 64),
    (16, 16, 1), (24, 24, 3), (16, 16, 4), (16, 16, 5), (3, 16, 16), (10,), (), (0, 5),
]  # fmt: skip
CANONICAL_SHAPES = [(1, 1), (1, 40), (40, 1), (2, 600), (8, 8), (48, 48), (37, 61), (40, 40, 3)]
DTYPES = ["bool", "uint8", "uint16", "int32", "int64", "float16", "float32", "float64",
          "complex64", "object"]  # fmt: skip
FILLS = ["unit", "constant", "zeros", "nan", "inf", "negative", "huge"]


def make_array(shape, dtype: str, fill: str, seed: int) -> np.ndarray:
    """An array of the given shape and dtype, filled the given (possibly careless) way."""
    rng = np.random.default_rng(seed)
    values = np.asarray(rng.random(shape))  # an array even for shape ()
    if fill == "constant":
        values = np.full(shape, 0.5)
    elif fill == "zeros":
        values = np.zeros(shape)
    elif fill == "negative":
        values = values - 0.7
    elif fill == "huge":
        values = values * 1e6
    elif fill in ("nan", "inf") and values.size:
        values.flat[rng.integers(values.size)] = np.nan if fill == "nan" else np.inf
    values = np.asarray(values)  # arithmetic on a 0-d array gives a scalar: make it an array again
    if dtype == "bool":
        return np.asarray(values > 0.5)
    if dtype in ("uint8", "uint16", "int32", "int64"):
        top = 65535 if dtype == "uint16" else 255
        scaled = np.nan_to_num(values * top, nan=0, posinf=top, neginf=-top)
        with np.errstate(invalid="ignore", over="ignore"):  # a careless cast is the point
            return np.asarray(np.clip(scaled, -(2**31), 2**31 - 1)).astype(dtype)
    with np.errstate(invalid="ignore", over="ignore"):
        return values.astype(dtype)


@st.composite
def arrays(draw, *, canonical_share: float = 0.5, channels: bool = True):
    """A canonical image half the time (so calls get past validation), else anything."""
    seed = draw(st.integers(0, 2**16))
    if draw(st.floats(0, 1)) < canonical_share:
        shapes = CANONICAL_SHAPES if channels else [s for s in CANONICAL_SHAPES if len(s) == 2]
        shape = draw(st.sampled_from(shapes))
        return make_array(
            shape, "float32", draw(st.sampled_from(["unit", "constant", "zeros"])), seed
        )
    shape = draw(st.sampled_from(SHAPES))
    return make_array(shape, draw(st.sampled_from(DTYPES)), draw(st.sampled_from(FILLS)), seed)


@st.composite
def labels_for(draw, image: np.ndarray):
    """A mask or label image, usually of the image's height and width, sometimes not."""
    shape = (
        image.shape[:2]
        if image.ndim >= 2 and draw(st.booleans())
        else draw(st.sampled_from(SHAPES))
    )
    kind = draw(st.sampled_from(["bool", "labels", "zeros_ones", "mask255", "float", "negative"]))
    seed = draw(st.integers(0, 2**16))
    rng = np.random.default_rng(seed)
    values = rng.integers(0, 4, shape)
    return {
        "bool": values > 1,
        "labels": values.astype(np.int32),
        "zeros_ones": (values > 1).astype(np.uint8),
        "mask255": ((values > 1) * 255).astype(np.uint8),
        "float": rng.random(shape),
        "negative": values - 2,
    }[kind]


def value_for(draw, control) -> object:
    """A parameter value: the default, one inside the range, or a careless one."""
    choice = draw(st.sampled_from(["default", "inside", "careless"]))
    if choice == "default":
        return control.default
    if control.kind == "choice":
        return draw(st.sampled_from([*control.choices, "bogus", None]))
    if control.kind == "bool":
        return draw(st.sampled_from([True, False, "yes", 1]))
    low, high = control.range.low, control.range.high
    if choice == "inside":
        value = draw(st.floats(low, high))
        return int(round(value)) if control.kind == "int" else value
    return draw(st.sampled_from([low - 1, high + 1, float("nan"), "3", None, True, 1.5, -1e9]))


# ---- targets and their contracts ------------------------------------------------------------


@dataclass
class Target:
    """A function to fuzz: how to draw its arguments and what a valid result looks like."""

    name: str
    draw_call: Callable  # (draw) -> (args, kwargs)
    contract: Callable  # (args, kwargs, summary) -> str | None (what is wrong)
    unet: bool = False


def method_contract(args, kwargs, result):
    image = args[0]
    if not result.get("array") or tuple(result["shape"]) != image.shape[:2]:
        return f"expected a mask or labels of shape {image.shape[:2]}, got {result}"
    if np.dtype(result["dtype"]).kind not in "biu":
        return f"expected bool or integer labels, got {result['dtype']}"
    return None


def unit_image(args, kwargs, result):
    if not result.get("array") or result["dtype"] != "float32":
        return f"expected a float32 image, got {result}"
    if result["min"] is not None and not (0 <= result["min"] and result["max"] <= 1):
        return f"values outside [0, 1]: {result['min']}..{result['max']}"
    return None if result["finite"] else "NaN or inf in the result"


def of_dtype(dtype: str) -> Callable:
    def contract(args, kwargs, result):
        ok = result.get("array") and result["dtype"] == dtype
        return None if ok else f"expected {dtype}, got {result}"

    return contract


def score(args, kwargs, result):
    value = result.get("number")
    if value is None or not (0.0 <= value <= 1.0):
        return f"expected a score in [0, 1], got {result}"
    return None


def instance_match(args, kwargs, result):
    rates = ("precision", "recall", "accuracy", "f1", "mean_true_score",
             "mean_matched_score", "panoptic_quality")  # fmt: skip
    for name in rates:
        problem = score(args, kwargs, result.get(name, {}))
        if problem:
            return f"{name}: {problem}"
    return None


def anything(args, kwargs, result):
    return None


def method_targets() -> list[Target]:
    from segutils import catalog, params

    targets = []
    for method in catalog.METHODS:
        controls = params.controls(method.function)
        seeded = params.takes_seeds(method.function)

        def draw_call(draw, controls=controls, seeded=seeded):
            image = draw(arrays())
            kwargs = {name: value_for(draw, control) for name, control in controls.items()
                      if draw(st.booleans())}  # fmt: skip
            if not seeded:
                return (image,), kwargs
            height, width = (image.shape + (1, 1))[:2]
            seeds = draw(st.sampled_from([None, "inside", "outside", "bad shape", "floats"]))
            points = {None: None, "inside": [(height - 1, width - 1), (0, 0)],
                      "outside": [(height + 5, 0)], "bad shape": np.zeros((3, 3)),
                      "floats": [(height / 2, width / 3)]}[seeds]  # fmt: skip
            return (image, points), kwargs

        qualified = f"segutils.{method.name}"
        targets.append(Target(qualified, draw_call, method_contract))
    return targets


# Argument drawers for the public functions: each returns (args, kwargs).


def an_image(draw):
    return (draw(arrays()),), {}


def a_wild_image(draw):
    return (draw(arrays(canonical_share=0.1)),), {"stretch": draw(st.booleans())}


def an_encoded_picture(draw):
    return (draw(arrays(canonical_share=0.0)),), {}


def an_image_to_check(draw):
    return (draw(arrays()),), {"method": "fuzz"}


def some_labels(draw):
    return (draw(labels_for(draw(arrays()))),), {}


def labels_to_clean(draw):
    return (draw(labels_for(draw(arrays()))),), {"min_size": draw(st.integers(-3, 50))}


def labels_to_resize(draw):
    shape = draw(st.sampled_from([(4, 4), (1, 1), (0, 3), (2,)]))
    return (draw(labels_for(draw(arrays()))), shape), {}


def truth_and_prediction(draw):
    image = draw(arrays())
    return (draw(labels_for(image)), draw(labels_for(image))), {}


def a_scoring_case(draw):
    kind = draw(st.sampled_from(["semantic", "membrane", "instance", "regions", "bogus", None]))
    (truth, prediction), _ = truth_and_prediction(draw)
    if kind == "regions" and draw(st.booleans()):
        truth = (truth,)
    return (kind, truth, prediction), {"boundaries": draw(st.booleans())}


def image_names(draw):
    names = draw(st.lists(st.text(max_size=6), max_size=6))
    options = {"tune_fraction": draw(st.sampled_from([0.3, 0.0, 1.0, 2, -1, float("nan")]))}
    if draw(st.booleans()):
        options["max_tune"] = draw(st.sampled_from([1, 0, -3, 12]))
    return (names,), options


def truth_prediction_and_thresh(draw):
    (truth, prediction), kwargs = truth_and_prediction(draw)
    if draw(st.booleans()):
        kwargs["thresh"] = draw(st.sampled_from([0.5, 0.3, 1, 0.95, 0, -1, 1.5, float("nan"),
                                                 "0.5", None, True]))  # fmt: skip
    return (truth, prediction), kwargs


def image_and_labels(draw):
    image = draw(arrays())
    return (image, draw(labels_for(image))), {}


def image_truth_and_prediction(draw):
    image = draw(arrays())
    return (image, draw(labels_for(image)), draw(labels_for(image))), {}


def synthetic_options(draw):
    shape = draw(st.sampled_from([(32, 32), (40, 90), (8, 8), (32,), (2000, 3)]))
    return (shape,), {
        "n_objects": draw(st.integers(-1, 30)),
        "difficulty": draw(st.floats(-0.5, 1.5)),
        "radius": draw(st.floats(-1, 40)),
        "seed": draw(st.integers(0, 9)),
    }


def membrane_options(draw):
    shape = draw(st.sampled_from([(64, 64), (64, 200), (10, 10)]))
    count = draw(st.integers(-1, 2))
    return (count, shape), {"cell_size": draw(st.floats(-5, 100)), "seed": draw(st.integers(0, 9))}


def an_image_source(draw):
    names = st.sampled_from(["coins", "no-such-sample", "/no/such/file.png", ""])
    return (draw(st.one_of(st.binary(max_size=64), names, arrays())),), {}


def crops_options(draw):
    image = draw(arrays())
    images = draw(st.sampled_from([[image, image], [image], [], image]))
    masks = [draw(labels_for(image)) for _ in range(draw(st.integers(0, 2)))]
    return (images, masks), {"crop": draw(st.sampled_from([32, 64, 31, 0, -32]))}


def cmeans_options(draw):
    seed = draw(st.integers(0, 2**16))
    if draw(st.booleans()):
        shape = draw(st.sampled_from([(40, 1), (30, 3), (5, 2), (1, 1), (900, 1), (3, 4)]))
        fill = draw(st.sampled_from(["unit", "unit", "constant", "nan", "huge", "negative"]))
        data = make_array(shape, "float64", fill, seed)
    else:
        data = draw(arrays(canonical_share=0.2))
    n_points = data.shape[0] if data.ndim else 0
    rng = np.random.default_rng(seed)
    kwargs = {
        "n_clusters": draw(st.sampled_from([2, 3, 2, 8, 1, 0, -1, 2.5, True, "3"])),
        "m": draw(st.sampled_from([2.0, 1.5, 3, 1.01, 1.0, 0.5, float("nan"), "2", None])),
    }
    weights = draw(st.sampled_from([None, "counts", "zeros", "negative", "short", "nan"]))
    if weights is not None:
        counts = rng.integers(0, 50, n_points).astype(float)
        kwargs["weights"] = {"counts": counts, "zeros": np.zeros(n_points), "short": counts[1:],
                             "negative": counts - 25, "nan": counts * np.nan}[weights]  # fmt: skip
    if draw(st.booleans()) and type(kwargs["n_clusters"]) is int:
        shape = draw(st.sampled_from([(kwargs["n_clusters"], n_points), (2, 3)]))
        kwargs["init"] = rng.random(tuple(max(s, 0) for s in shape))
    if draw(st.booleans()):
        kwargs["tolerance"] = draw(st.sampled_from([0.0, 1e-3, -1.0, float("nan")]))
        kwargs["max_iter"] = draw(st.sampled_from([1, 5, 0, -3, 2.0]))
    return (data,), kwargs


def fuzzy_result(args, kwargs, result):
    memberships, centres = result.get("memberships", {}), result.get("centres", {})
    if not (memberships.get("array") and centres.get("array")):
        return f"expected a FuzzyResult, got {result}"
    if not (memberships["finite"] and centres["finite"]):
        return "NaN or inf in the memberships or centres"
    if memberships["min"] < 0 or memberships["max"] > 1 + 1e-9:
        return f"memberships outside [0, 1]: {memberships['min']}..{memberships['max']}"
    return None


def fuzzy_membership_options(draw):
    return (draw(arrays()),), {
        "n_clusters": draw(st.sampled_from([3, 2, 8, 1, 300, 2.0, "3"])),
        "m": draw(st.sampled_from([2.0, 1.1, 4, 1.0, 0.0, -2.0, float("inf"), None])),
        "seed": draw(st.integers(0, 9)),
    }


def mean_shift_options(draw):
    return (draw(arrays()),), {
        "spatial_radius": draw(st.sampled_from([10, 3.5, 100, 0, -1, 101, float("nan"), "5"])),
        "color_radius": draw(st.sampled_from([0.1, 1, 0.01, 0, 2, float("nan"), None])),
    }


def boundary_case(draw):
    """A machine boundary map (soft, bool or labels) and a list of annotations."""
    image = draw(arrays())
    soft = image[..., 0] if image.ndim == 3 else image
    prediction = soft if draw(st.booleans()) else draw(labels_for(image))
    annotations = [draw(labels_for(image)) for _ in range(draw(st.integers(0, 3)))]
    kwargs = {}
    if draw(st.booleans()):
        kwargs["thresholds"] = draw(st.sampled_from(
            [99, 5, 1, 0, -2, 2.5, "9", [0.2, 0.6], [0.6, 0.2], [float("nan")]]))  # fmt: skip
    if draw(st.booleans()):
        kwargs["max_dist"] = draw(st.sampled_from(
            [0.0075, 0.05, 1.0, 0.0, -1.0, float("nan"), "0.01", None]))  # fmt: skip
    return (prediction, annotations), kwargs


def boundary_dataset(draw):
    (prediction, annotations), kwargs = boundary_case(draw)
    if draw(st.booleans()):
        kwargs["workers"] = draw(st.sampled_from([1, 0, -1, 1.5, "2"]))
    return ([prediction], [annotations]), kwargs


def careless_results(draw):
    """Not what boundary_benchmark returns: empty, arrays, numbers, text."""
    things = st.one_of(
        st.sampled_from([[], [np.zeros(3)], {"a": np.zeros(3)}, {}, "x", None]),
        st.lists(st.integers(), max_size=3),
        st.dictionaries(st.text(max_size=3), st.floats(), max_size=2),
    )
    return (draw(things),), {}


def boundary_count_arrays(args, kwargs, result):
    fields = [result.get(name, {}) for name in ("cnt_r", "sum_r", "cnt_p", "sum_p")]
    if not all(field.get("array") for field in fields):
        return f"expected BoundaryCounts, got {result}"
    if any(field["min"] is not None and field["min"] < 0 for field in fields):
        return f"negative counts: {result}"
    return None


def boundary_scores(args, kwargs, result):
    values = [result.get(name, {}).get("number") for name in ("ods", "ois", "ap")]
    if any(value is None or not 0 <= value <= 1 for value in values):
        return f"expected ods, ois and ap in [0, 1], got {result}"
    return None


def function_targets() -> list[Target]:
    table = [
        ("images.as_image", unit_image, a_wild_image),
        ("images.validate_image", anything, an_image),
        ("images.to_gray", unit_image, an_image),
        ("images.to_rgb", unit_image, an_image),
        ("images.to_uint8", of_dtype("uint8"), an_image),
        ("images.to_bgr_uint8", of_dtype("uint8"), an_image),
        ("images.to_network_scale", of_dtype("float32"), an_image),
        ("images.encode_jpeg", anything, an_encoded_picture),
        ("images.require_contrast", anything, an_image_to_check),
        ("masks.as_mask", of_dtype("bool"), some_labels),
        ("masks.check_labels", anything, some_labels),
        ("masks.clean_mask", of_dtype("bool"), labels_to_clean),
        ("masks.resize_labels", anything, labels_to_resize),
        ("metrics.iou", score, truth_and_prediction),
        ("metrics.dice", score, truth_and_prediction),
        ("metrics.pixel_accuracy", score, truth_and_prediction),
        ("metrics.confusion_matrix", of_dtype("int64"), truth_and_prediction),
        ("metrics.segmentation_scores", anything, truth_and_prediction),
        ("metrics.segmentation_covering", score, truth_and_prediction),
        ("metrics.probabilistic_rand_index", score, truth_and_prediction),
        ("metrics.variation_of_information", anything, truth_and_prediction),
        ("metrics.region_scores", anything, truth_and_prediction),
        ("metrics.boundaries", of_dtype("bool"), some_labels),
        ("metrics.match_boundaries", anything, truth_and_prediction),
        ("metrics.boundary_counts", boundary_count_arrays, boundary_case),
        ("metrics.boundary_benchmark", boundary_scores, boundary_dataset),
        ("metrics.summarize_boundaries", anything, careless_results),
        ("metrics.match_instances", instance_match, truth_prediction_and_thresh),
        ("metrics.dsb_score", score, truth_and_prediction),
        ("metrics.instance_scores", anything, truth_prediction_and_thresh),
        ("viz.overlay", unit_image, image_and_labels),
        ("viz.mark_boundaries", unit_image, image_and_labels),
        ("viz.label_to_rgb", unit_image, some_labels),
        ("palette.color_index", of_dtype("uint8"), some_labels),
        ("palette.touching_pairs", of_dtype("int64"), some_labels),
        ("viz.error_overlay", unit_image, image_truth_and_prediction),
        ("viz.show_precision_recall", anything, careless_results),
        ("datasets.synthetic", anything, synthetic_options),
        ("datasets.synthetic_membranes", anything, membrane_options),
        ("datasets.load_image", unit_image, an_image_source),
        ("fuzzy.cmeans", fuzzy_result, cmeans_options),
        ("cluster.fuzzy_memberships", anything, fuzzy_membership_options),
        ("cluster.mean_shift_filter", unit_image, mean_shift_options),
        ("edge.gradient", anything, an_image),
        ("edge.canny_steps", anything, an_image),
        ("edge.edge_strength", unit_image, an_image),
        ("bench.scoring.score", anything, a_scoring_case),
        ("bench.scoring.as_regions", of_dtype("int32"), some_labels),
        ("bench.tasks.split_names", anything, image_names),
    ]
    targets = [Target(f"segutils.{name}", draw, contract) for name, contract, draw in table]
    targets.append(Target("segutils.unet.to_network_input", an_image, of_dtype("float32"), True))
    targets.append(Target("segutils.unet.MaskCrops", crops_options, anything, True))
    return targets


def all_targets() -> list[Target]:
    return method_targets() + function_targets()


# ---- running ------------------------------------------------------------------------------------


@dataclass
class Report:
    calls: int = 0
    failures: list[str] = field(default_factory=list)
    seconds: float = 0.0


def judge(target: Target, args, kwargs, reply: dict) -> str | None:
    """What is wrong with a reply, or None when the contract holds."""
    if "failure" in reply:
        return reply["failure"]
    if "error" in reply:
        if not {"ValueError", "TypeError", "FileNotFoundError"} & set(reply["kinds"]):
            return f"{reply['error']} ({reply['message'][:200]}) at {reply['origin']}"
        if "/segutils/" not in reply["origin"]:
            where = reply["origin"]
            return f"{reply['error']} from inside a library at {where}: {reply['message'][:200]}"
        return None if reply["message"].strip() else f"{reply['error']} without a message"
    return target.contract(args, kwargs, reply["ok"])


def describe(value) -> str:
    if isinstance(value, np.ndarray):
        return f"array{value.shape}:{value.dtype}"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(describe(v) for v in value) + "]"
    return repr(value)[:60]


def fuzzer(
    target: Target, worker: Worker, report: Report, examples: int, seed: int | None = None
) -> Callable:
    """A hypothesis test that calls ``target`` ``examples`` times and records what fails.

    Without ``seed`` the examples are the same on every run (hypothesis's derandomized mode).
    """

    @hypothesis_seed(seed or 0)
    @settings(max_examples=examples, derandomize=seed is None, database=None, deadline=None,
              suppress_health_check=list(HealthCheck))  # fmt: skip
    @given(st.data())
    def fuzz(data):
        args, kwargs = target.draw_call(data.draw)
        reply = worker.call(target.name, args, kwargs)
        report.calls += 1
        problem = judge(target, args, kwargs, reply)
        if problem:
            report.failures.append(
                f"{target.name}({', '.join(describe(a) for a in args)}, "
                f"{', '.join(f'{k}={describe(v)}' for k, v in kwargs.items())}): {problem}"
            )

    return fuzz


def run(profile: str = "quick", names: list[str] | None = None, seed: int | None = None) -> Report:
    """Fuzz every target (or those named) with the profile's number of examples each."""
    report = Report()
    workers = {False: Worker(MEMORY_LIMIT), True: Worker(0)}  # TensorFlow needs its address space
    start = time.perf_counter()
    try:
        for target in all_targets():
            if names and target.name not in names and target.name.split(".", 1)[1] not in names:
                continue

            fuzzer(target, workers[target.unet], report, PROFILES[profile], seed)()
    finally:
        for worker in workers.values():
            worker.stop()
    report.seconds = time.perf_counter() - start
    return report


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profile", choices=sorted(PROFILES), default="long")
    parser.add_argument("--targets", nargs="*", help="e.g. threshold.manual images.as_image")
    parser.add_argument("--seed", type=int, help="draw other examples than the fixed set")
    args = parser.parse_args()
    report = run(args.profile, args.targets, args.seed)
    for failure in report.failures:
        print("FAIL", failure)
    seeded = "fixed examples" if args.seed is None else f"seed {args.seed}"
    examples = PROFILES[args.profile]
    print(
        f"{report.calls} calls, {len(report.failures)} failures, {report.seconds:.0f} s "
        f"({args.profile} profile, {examples} examples per target, {seeded})"
    )
    return 1 if report.failures else 0


if __name__ == "__main__":
    sys.exit(main())
