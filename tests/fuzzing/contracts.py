"""What the fuzz harness accepts as an answer: a result that keeps the contract, or a clear error.

A contract takes the call's arguments and the worker's summary of the result
(:func:`fuzzing.worker.summary`) and returns what is wrong with it, or None. :func:`judge` adds
the rules for every function: an error must be a ValueError or TypeError (or FileNotFoundError)
raised by segutils itself, with a message; a crash, a hang, a call over its memory ceiling or an
error from inside a library is a failure. A contract with an ``on_error`` attribute also judges
the clear errors (for files: must the file be refused, and does the message name it?).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np

from .files import EXPECTED, Expected
from .folders import FOLDERS

CLEAR_ERRORS = {"ValueError", "TypeError", "FileNotFoundError"}
INSTANCE_RATES = (
    "precision",
    "recall",
    "accuracy",
    "f1",
    "mean_true_score",
    "mean_matched_score",
    "panoptic_quality",
)


def judge(contract: Callable, args: tuple, kwargs: dict, reply: dict) -> str | None:
    """What is wrong with the worker's ``reply`` to a call, or None when all is well."""
    if "failure" in reply:
        return reply["failure"]
    if "error" in reply:
        if not CLEAR_ERRORS & set(reply["kinds"]):
            return f"{reply['error']} ({reply['message'][:200]}) at {reply['origin']}"
        if "/segutils/" not in reply["origin"]:
            where = reply["origin"]
            return f"{reply['error']} from inside a library at {where}: {reply['message'][:200]}"
        if not reply["message"].strip():
            return f"{reply['error']} without a message"
        on_error = getattr(contract, "on_error", None)
        return on_error(args, kwargs, reply) if on_error else None
    return contract(args, kwargs, reply["ok"])


def method_labels(args, kwargs, result):
    """A segmentation method answers with a mask or labels of the image's height and width."""
    image = args[0]
    if not result.get("array") or tuple(result["shape"]) != image.shape[:2]:
        return f"expected a mask or labels of shape {image.shape[:2]}, got {result}"
    if np.dtype(result["dtype"]).kind not in "biu":
        return f"expected bool or integer labels, got {result['dtype']}"
    return None


def unit_image(args, kwargs, result):
    """A float32 image with finite values in [0, 1]."""
    if not result.get("array") or result["dtype"] != "float32":
        return f"expected a float32 image, got {result}"
    if result["min"] is not None and not (0 <= result["min"] and result["max"] <= 1):
        return f"values outside [0, 1]: {result['min']}..{result['max']}"
    return None if result["finite"] else "NaN or inf in the result"


def of_dtype(dtype: str) -> Callable:
    """The contract "an array of ``dtype``"."""

    def contract(args, kwargs, result):
        ok = result.get("array") and result["dtype"] == dtype
        return None if ok else f"expected {dtype}, got {result}"

    return contract


def score(args, kwargs, result):
    """A number in [0, 1]."""
    value = result.get("number")
    if value is None or not (0.0 <= value <= 1.0):
        return f"expected a score in [0, 1], got {result}"
    return None


def instance_match(args, kwargs, result):
    """Every rate of an instance matching in [0, 1]."""
    for name in INSTANCE_RATES:
        problem = score(args, kwargs, result.get(name, {}))
        if problem:
            return f"{name}: {problem}"
    return None


def anything(args, kwargs, result):
    """Any result: the function need only not fail."""
    return None


def fuzzy_result(args, kwargs, result):
    """A FuzzyResult with finite centres and memberships in [0, 1]."""
    memberships, centres = result.get("memberships", {}), result.get("centres", {})
    if not (memberships.get("array") and centres.get("array")):
        return f"expected a FuzzyResult, got {result}"
    if not (memberships["finite"] and centres["finite"]):
        return "NaN or inf in the memberships or centres"
    if memberships["min"] < 0 or memberships["max"] > 1 + 1e-9:
        return f"memberships outside [0, 1]: {memberships['min']}..{memberships['max']}"
    return None


def boundary_count_arrays(args, kwargs, result):
    """BoundaryCounts: four arrays of counts, none negative."""
    fields = [result.get(name, {}) for name in ("cnt_r", "sum_r", "cnt_p", "sum_p")]
    if not all(field.get("array") for field in fields):
        return f"expected BoundaryCounts, got {result}"
    if any(field["min"] is not None and field["min"] < 0 for field in fields):
        return f"negative counts: {result}"
    return None


def boundary_scores(args, kwargs, result):
    """ODS, OIS and AP, each in [0, 1]."""
    values = [result.get(name, {}).get("number") for name in ("ods", "ois", "ap")]
    if any(value is None or not 0 <= value <= 1 for value in values):
        return f"expected ods, ois and ap in [0, 1], got {result}"
    return None


LOSSLESS_TOLERANCE = 1e-5  # float32 rounding of a division by 255 or 65535
LOSSY_MEAN, LOSSY_MAX = 2 / 255, 24 / 255  # two JPEG decoders of the same bytes, on average / worst


def differs(values: np.ndarray, expected: Expected) -> str | None:
    """How a decoded image differs from its expectation, or None when it is the same image."""
    reference = expected.reference
    if values.ndim != reference.ndim:  # one gray and one RGB: the same if the colour is gray
        color, plain = (values, reference) if values.ndim == 3 else (reference, values)
        if color.shape[:2] != plain.shape or np.ptp(color, axis=-1).max(initial=0) > 1e-3:
            return f"shape {values.shape} where Pillow reads {reference.shape}"
        values, reference = values if values.ndim == 2 else values[..., 0], plain
        reference = reference if reference.ndim == 2 else reference[..., 0]
    if values.shape != reference.shape:
        return f"shape {values.shape} where Pillow reads {reference.shape} (orientation?)"
    values = values.astype(np.float64)
    if expected.linear and reference.max() > 0:  # any one divisor at least the largest value
        reference = reference * (values.max() / reference.max())
    error = np.abs(values - reference)
    if expected.lossy:
        if error.mean() > LOSSY_MEAN or error.max() > LOSSY_MAX:
            return f"differs from Pillow's reading by {error.mean():.3f} on average"
    elif error.max() > LOSSLESS_TOLERANCE:
        worst = np.unravel_index(error.argmax(), error.shape)
        return (
            f"differs from Pillow's reading by up to {error.max():.4f} "
            f"(at {worst}: {values[worst]:.4f}, expected {reference[worst]:.4f})"
        )
    return None


def _source_name(source) -> str | None:
    return None if isinstance(source, (bytes, bytearray)) else Path(source).name


def decoded_file(args, kwargs, result):
    """A file decoded as Pillow reads it by its format's conventions (:mod:`fuzzing.files`)."""
    source = args[0]
    expected = EXPECTED[source if isinstance(source, bytes) else str(source)]
    if expected.garbled:
        return unit_image(args, kwargs, result)
    if expected.reference is None:
        return "decoded a file that Pillow refuses (damaged, transparent or out of range)"
    problem = unit_image(args, kwargs, result)
    if problem is None and result.get("values") is not None:
        problem = differs(result["values"], expected)
    return problem


def _file_refused(args, kwargs, reply):
    source = args[0]
    expected = EXPECTED[source if isinstance(source, bytes) else str(source)]
    if expected.reference is not None and not expected.either:
        return f"refused a sound file: {reply['error']}: {reply['message'][:300]}"
    name = _source_name(source)
    if name and name not in reply["message"]:
        return f"the message does not name the file {name!r}: {reply['message'][:300]}"
    return None


decoded_file.on_error = _file_refused


def loaded_folder(args, kwargs, result):
    """A sound folder loads with every pair, each image decoded as Pillow reads it."""
    expected = FOLDERS[args[0]]
    if expected.offenders is not None:
        return f"loaded a folder that must be refused for {', '.join(expected.offenders)}"
    samples = [*result["tune"]["items"], *result["test"]["items"]]
    names = sorted(sample["name"]["text"] for sample in samples)
    if names != sorted(expected.samples):
        return f"samples {names}, expected {sorted(expected.samples)}"
    for sample in samples:
        name = sample["name"]["text"]
        problem = differs(sample["image"]["values"], expected.samples[name])
        if problem:
            return f"images/{expected.files[name]}: {problem}"
    return None


def _folder_refused(args, kwargs, reply):
    expected = FOLDERS[args[0]]
    if expected.offenders is None:
        return f"refused a sound folder: {reply['error']}: {reply['message'][:500]}"
    unnamed = [entry for entry in expected.offenders if entry not in reply["message"]]
    if unnamed:
        return f"the message does not name {unnamed}: {reply['message'][:500]}"
    return None


loaded_folder.on_error = _folder_refused


def describe(value) -> str:
    """A short description of an argument for a failure message (arrays by shape and dtype)."""
    if isinstance(value, np.ndarray):
        return f"array{value.shape}:{value.dtype}"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(describe(item) for item in value) + "]"
    return repr(value)[:60]


def describe_call(name: str, args: tuple, kwargs: dict) -> str:
    """``name(args, key=value)`` with each argument described by :func:`describe`."""
    words = [describe(arg) for arg in args] + [f"{k}={describe(v)}" for k, v in kwargs.items()]
    return f"{name}({', '.join(words)})"
