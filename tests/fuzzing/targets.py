"""The functions the fuzz harness calls: how to draw each one's arguments, and its contract.

Every registered segmentation method (read from the registry, so a new method is fuzzed without a
line here) and the public functions of images, masks, metrics, viz, palette, datasets, fuzzy,
cluster, edge, bench and unet, named ``segutils.<module>.<function>`` as the worker imports them;
and the readers of files and folders, given the files of :mod:`fuzzing.files` and the folders of
:mod:`fuzzing.folders`. A drawer takes hypothesis's ``draw`` and returns ``(args, kwargs)``.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, replace

import numpy as np
from hypothesis import strategies as st

from .contracts import (
    anything,
    boundary_count_arrays,
    boundary_scores,
    decoded_file,
    fuzzy_result,
    instance_match,
    loaded_folder,
    method_labels,
    of_dtype,
    score,
    unit_image,
)
from .files import image_files
from .folders import data_folders
from .strategies import images, labels_for, textures, value_for


@dataclass(frozen=True)
class Target:
    """A function to fuzz: how to draw its arguments and what a valid result looks like.

    ``unet`` marks functions that load TensorFlow, which run in a worker without a memory limit.
    ``inputs`` names what is drawn when a function is fuzzed twice ("files": files on disk).
    """

    name: str
    draw_call: Callable  # (draw) -> (args, kwargs)
    contract: Callable  # (args, kwargs, summary) -> str | None (what is wrong)
    unet: bool = False
    inputs: str = ""

    @property
    def test_id(self) -> str:
        """The name in the test's id: the function without ``segutils.``, and its inputs."""
        name = self.name.removeprefix("segutils.")
        return f"{name}-{self.inputs}" if self.inputs else name


def drawable(control):
    """``control`` with a finite top for :func:`value_for` (a fixed sample size has none)."""
    if control.range is None or math.isfinite(control.range.high):
        return control
    return replace(control, range=replace(control.range, high=float(2**40)))


def method_targets() -> list[Target]:
    """Every registered segmentation method, with careless parameters and hints.

    Every keyword is drawn, the fixed ones (a sample size, a random seed) as well as the
    controls: a registered method checks them all. A method that takes hints gets each of them,
    valid or not (:func:`hints_for`).
    """
    from segutils import catalog, params

    targets = []
    for method in catalog.METHODS:
        keywords = params.keyword_parameters(method.function)
        hints = params.hint_parameters(method.function)

        def draw_call(draw, keywords=keywords, hints=hints):
            image = draw(images())
            kwargs = {
                name: value_for(draw, drawable(control))
                for name, control in keywords.items()
                if draw(st.booleans())
            }
            given = hints_for(draw, image, hints)
            if "seeds" in given:  # seeds come by position, as a person's clicks do
                return (image, given.pop("seeds")), kwargs | given
            return (image,), kwargs | given

        targets.append(Target(f"segutils.{method.name}", draw_call, method_labels))
    return targets


def hints_for(draw, image: np.ndarray, hints: tuple[str, ...]) -> dict:
    """Seed points, a box and scribbles for ``image``: valid ones, careless ones, or none."""
    height, width = (image.shape + (1, 1))[:2]
    drawn = {}
    if "seeds" in hints:
        seeds = draw(st.sampled_from([None, "inside", "outside", "bad shape", "floats"]))
        drawn["seeds"] = {
            None: None,
            "inside": [(height - 1, width - 1), (0, 0)],
            "outside": [(height + 5, 0)],
            "bad shape": np.zeros((3, 3)),
            "floats": [(height / 2, width / 3)],
        }[seeds]
    if "box" in hints:
        box = draw(
            st.sampled_from(
                [
                    None,
                    "middle",
                    "whole",
                    "pixel",
                    "floats",
                    "outside",
                    "inverted",
                    "empty",
                    "bad shape",
                    "nan",
                    "mask",
                ]
            )
        )
        drawn["box"] = {
            None: None,
            "middle": (height // 4, width // 4, max(3 * height // 4, 1), max(3 * width // 4, 1)),
            "whole": (0, 0, height, width),
            "pixel": (0, 0, 1, 1),
            "floats": (height / 5, width / 7, height * 0.9, width * 0.8),
            "outside": (0, 0, height + 3, width),
            "inverted": (height, 0, 0, width),
            "empty": (1, 1, 1, width),
            "bad shape": np.zeros((2, 2)),
            "nan": (0, 0, np.nan, width),
            "mask": np.ones((height, width), bool),
        }[box]
    if "scribbles" in hints:
        drawn["scribbles"] = draw(scribbles_for(height, width))
    # A hint not given is either left out of the call or passed as None, as a person might.
    return {
        name: value for name, value in drawn.items() if value is not None or draw(st.booleans())
    }


@st.composite
def scribbles_for(draw, height: int, width: int):
    """Strokes on an ``height x width`` image: both labels, one, three classes, or careless."""
    kind = draw(
        st.sampled_from(
            [
                None,
                "both",
                "one label",
                "three classes",
                "random",
                "nothing",
                "one pixel each",
                "mask",
                "wrong shape",
                "fractions",
                "negative",
                "nan",
            ]
        )
    )
    if kind is None:
        return None
    marks = np.zeros((height, width), np.int64)
    rows, cols = (
        slice(height // 3, max(2 * height // 3, 1)),
        slice(width // 3, max(2 * width // 3, 1)),
    )
    if marks.size:  # an empty image has no pixel to mark
        if kind in ("both", "one label", "three classes", "mask", "fractions", "negative", "nan"):
            marks[rows, cols] = 2
        if kind in ("both", "three classes", "mask", "fractions", "negative", "nan"):
            marks[0, :] = 1
            marks[:, 0] = 1
        if kind == "three classes":
            marks[-1, -1] = 3
        if kind == "one pixel each":
            marks[0, 0] = 1
            marks[-1, -1] = 2
    if kind == "random":
        seed = draw(st.integers(0, 2**32 - 1))
        marks = np.random.default_rng(seed).integers(0, 4, (height, width))
    return {
        "mask": marks > 1,
        "wrong shape": marks.T if height != width else marks[:, :0],
        "fractions": marks / 2,
        "negative": -marks,
        "nan": np.where(marks == 1, np.nan, marks),
    }.get(kind, marks)


# Argument drawers for the public functions: each returns (args, kwargs).


def an_image(draw):
    return (draw(images()),), {}


def a_wild_image(draw):
    return (draw(images(canonical_share=0.1)),), {"stretch": draw(st.booleans())}


def an_encoded_picture(draw):
    return (draw(images(canonical_share=0.0)),), {}


def an_image_to_check(draw):
    return (draw(images()),), {"method": "fuzz"}


def some_labels(draw):
    return (draw(labels_for(draw(images()))),), {}


def labels_to_clean(draw):
    return (draw(labels_for(draw(images()))),), {"min_size": draw(st.integers(-3, 50))}


def labels_to_resize(draw):
    shape = draw(st.sampled_from([(4, 4), (1, 1), (0, 3), (2,)]))
    return (draw(labels_for(draw(images()))), shape), {}


def truth_and_prediction(draw):
    image = draw(images())
    return (draw(labels_for(image)), draw(labels_for(image))), {}


def class_maps(draw):
    (truth, prediction), _ = truth_and_prediction(draw)
    n_classes = draw(st.sampled_from([1, 2, 11, 4096, 4097, 0, -2, 2.5, "3", True, None]))
    kwargs = {}
    if draw(st.booleans()):
        kwargs["void"] = draw(st.sampled_from([11, 255, 0, 1, -1, None, 1.5, "11", True]))
    return (truth, prediction, n_classes), kwargs


def a_confusion(draw):
    return (draw(labels_for(draw(images()))),), {}


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
        thresholds = [0.5, 0.3, 1, 0.95, 0, -1, 1.5, float("nan"), "0.5", None, True]
        kwargs["thresh"] = draw(st.sampled_from(thresholds))
    return (truth, prediction), kwargs


def image_and_labels(draw):
    image = draw(images())
    return (image, draw(labels_for(image))), {}


def image_truth_and_prediction(draw):
    image = draw(images())
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
    return (draw(st.one_of(st.binary(max_size=64), names, images())),), {}


def crops_options(draw):
    image = draw(images())
    image_lists = draw(st.sampled_from([[image, image], [image], [], image]))
    masks = [draw(labels_for(image)) for _ in range(draw(st.integers(0, 2)))]
    return (image_lists, masks), {"crop": draw(st.sampled_from([32, 64, 31, 0, -32]))}


def weight_map_options(draw):
    (labels,), _ = some_labels(draw)
    return (labels,), {
        "w0": draw(st.sampled_from([10.0, 0.0, -1.0, float("nan"), 1e6])),
        "sigma": draw(st.sampled_from([5.0, 0.5, 0.0, -2.0, float("inf")])),
    }


def class_probabilities(draw):
    """Three-class probabilities (often a softmax of noise), or careless arrays."""
    image = draw(images())
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    shape = image.shape[:2] if image.ndim >= 2 else (4, 4)
    logits = rng.normal(0, 3, (*shape, 3))
    softmax = np.exp(logits) / np.exp(logits).sum(axis=-1, keepdims=True)
    kind = draw(st.sampled_from(["softmax", "softmax", "image", "two", "nan", "big"]))
    array = {
        "softmax": softmax,
        "image": image,
        "two": softmax[..., :2],
        "nan": np.where(softmax > 0.9, np.nan, softmax),
        "big": softmax * 3,
    }[kind]
    return (array,), {"min_size": draw(st.sampled_from([0, 3, 50, -1]))}


def displacement_options(draw):
    shape = draw(st.sampled_from([(32, 32), (5, 70), (1, 8), (8,), (0, 4)]))
    return (shape,), {
        "points": draw(st.sampled_from([3, 2, 5, 1, 0])),
        "sigma": draw(st.sampled_from([10.0, 0.0, 100.0, -1.0, float("nan")])),
        "seed": draw(st.integers(0, 9)),
    }


def deform_options(draw):
    image = draw(images())
    shape = image.shape[:2] if image.ndim >= 2 else (3, 3)
    if draw(st.booleans()):
        shape = draw(st.sampled_from([(4, 4), (2, 9)]))
    field = np.random.default_rng(draw(st.integers(0, 9))).normal(0, 5, (2, *shape))
    array = draw(st.sampled_from([image, draw(labels_for(image))]))
    return (array, field), {"order": draw(st.sampled_from([1, 0, 3, 6, -1]))}


def cmeans_options(draw):
    """Points (rows) and features for fuzzy c-means, with careless weights, init and stops."""
    if draw(st.booleans()):
        shape = draw(st.sampled_from([(40, 1), (30, 3), (5, 2), (1, 1), (900, 1), (3, 4)]))
        data = draw(
            textures(shape, np.dtype(np.float64), fills=("unit", "constant", "negative", "huge"))
        )
    else:
        data = draw(images(canonical_share=0.2))
    n_points = data.shape[0] if data.ndim else 0
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    kwargs = {
        "n_clusters": draw(st.sampled_from([2, 3, 8, 1, 0, -1, 2.5, True, "3"])),
        "m": draw(st.sampled_from([2.0, 1.5, 3, 1.01, 1.0, 0.5, float("nan"), "2", None])),
    }
    weights = draw(st.sampled_from([None, "counts", "zeros", "negative", "short", "nan"]))
    if weights is not None:
        counts = rng.integers(0, 50, n_points).astype(float)
        kwargs["weights"] = {
            "counts": counts,
            "zeros": np.zeros(n_points),
            "short": counts[1:],
            "negative": counts - 25,
            "nan": counts * np.nan,
        }[weights]
    if draw(st.booleans()) and type(kwargs["n_clusters"]) is int:
        shape = draw(st.sampled_from([(kwargs["n_clusters"], n_points), (2, 3)]))
        kwargs["init"] = rng.random(tuple(max(side, 0) for side in shape))
    if draw(st.booleans()):
        kwargs["tolerance"] = draw(st.sampled_from([0.0, 1e-3, -1.0, float("nan")]))
        kwargs["max_iter"] = draw(st.sampled_from([1, 5, 0, -3, 2.0]))
    return (data,), kwargs


def fuzzy_membership_options(draw):
    return (draw(images()),), {
        "n_clusters": draw(st.sampled_from([3, 2, 8, 1, 300, 2.0, "3"])),
        "m": draw(st.sampled_from([2.0, 1.1, 4, 1.0, 0.0, -2.0, float("inf"), None])),
        "seed": draw(st.integers(0, 9)),
    }


def mean_shift_options(draw):
    return (draw(images()),), {
        "spatial_radius": draw(st.sampled_from([10, 3.5, 100, 0, -1, 101, float("nan"), "5"])),
        "color_radius": draw(st.sampled_from([0.1, 1, 0.01, 0, 2, float("nan"), None])),
    }


def boundary_case(draw):
    """A machine boundary map (soft, bool or labels) and a list of annotations."""
    image = draw(images())
    soft = image[..., 0] if image.ndim == 3 and image.shape[2] else image  # a channel, if any
    prediction = soft if draw(st.booleans()) else draw(labels_for(image))
    annotations = [draw(labels_for(image)) for _ in range(draw(st.integers(0, 3)))]
    kwargs = {}
    if draw(st.booleans()):
        thresholds = [99, 5, 1, 0, -2, 2.5, "9", [0.2, 0.6], [0.6, 0.2], [float("nan")]]
        kwargs["thresholds"] = draw(st.sampled_from(thresholds))
    if draw(st.booleans()):
        distances = [0.0075, 0.05, 1.0, 0.0, -1.0, float("nan"), "0.01", None]
        kwargs["max_dist"] = draw(st.sampled_from(distances))
    return (prediction, annotations), kwargs


def boundary_dataset(draw):
    (prediction, annotations), kwargs = boundary_case(draw)
    if draw(st.booleans()):
        kwargs["workers"] = draw(st.sampled_from([1, 0, -1, 1.5, "2"]))
    return ([prediction], [annotations]), kwargs


def a_seed_under_a_mask(draw):
    """A seed and a mask image: often the seed lowered from the mask, sometimes anything."""
    mask = draw(images())
    if draw(st.booleans()):
        return (mask, mask), {}
    return (draw(images()), mask), {}


def careless_results(draw):
    """Not what boundary_benchmark returns: empty, arrays, numbers, text."""
    things = st.one_of(
        st.sampled_from([[], [np.zeros(3)], {"a": np.zeros(3)}, {}, "x", None]),
        st.lists(st.integers(), max_size=3),
        st.dictionaries(st.text(max_size=3), st.floats(), max_size=2),
    )
    return (draw(things),), {}


# (function under segutils, its contract, its argument drawer)
FUNCTIONS = [
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
    ("morphology.inner_boundaries", of_dtype("bool"), some_labels),
    ("morphology.thin", of_dtype("bool"), some_labels),
    ("morphology.reconstruct_by_dilation", of_dtype("float32"), a_seed_under_a_mask),
    ("metrics.iou", score, truth_and_prediction),
    ("metrics.dice", score, truth_and_prediction),
    ("metrics.pixel_accuracy", score, truth_and_prediction),
    ("metrics.confusion_matrix", of_dtype("int64"), truth_and_prediction),
    ("metrics.segmentation_scores", anything, truth_and_prediction),
    ("metrics.class_confusion", of_dtype("int64"), class_maps),
    ("metrics.class_iou", of_dtype("float64"), a_confusion),
    ("metrics.mean_iou", anything, class_maps),
    ("metrics.segmentation_covering", score, truth_and_prediction),
    ("metrics.probabilistic_rand_index", score, truth_and_prediction),
    ("metrics.variation_of_information", anything, truth_and_prediction),
    ("metrics.region_scores", anything, truth_and_prediction),
    ("metrics.bsds_boundaries", of_dtype("bool"), some_labels),
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
    ("cluster.fuzzy.cmeans", fuzzy_result, cmeans_options),
    ("cluster.fuzzy_memberships", anything, fuzzy_membership_options),
    ("cluster.mean_shift_filter", unit_image, mean_shift_options),
    ("edge.gradient", anything, an_image),
    ("edge.canny_steps", anything, an_image),
    ("edge.edge_strength", unit_image, an_image),
    ("bench.scoring.score", anything, a_scoring_case),
    ("bench.scoring.as_regions", of_dtype("int32"), some_labels),
    ("bench.tasks.split_names", anything, image_names),
    ("bench.clicker.next_click", anything, truth_and_prediction),
]
UNET_FUNCTIONS = [  # TensorFlow: a worker without a memory limit
    ("unet.to_network_input", of_dtype("float32"), an_image),
    ("unet.MaskCrops", anything, crops_options),
    ("unet.three_class_targets", of_dtype("uint8"), some_labels),
    ("unet.border_weight_map", of_dtype("float32"), weight_map_options),
    ("unet.weightmap.class_balance", of_dtype("float32"), some_labels),
    ("unet.labels_from_classes", of_dtype("int32"), class_probabilities),
    ("unet.elastic.random_displacement", of_dtype("float64"), displacement_options),
    ("unet.elastic.deform", anything, deform_options),
]


def function_targets() -> list[Target]:
    """The public functions of the modules, as listed in FUNCTIONS and UNET_FUNCTIONS."""
    targets = [Target(f"segutils.{name}", draw, contract) for name, contract, draw in FUNCTIONS]
    for name, contract, draw in UNET_FUNCTIONS:
        targets.append(Target(f"segutils.{name}", draw, contract, unet=True))
    return targets


def an_image_file(draw):
    return draw(image_files())


def a_data_folder(draw):
    return draw(data_folders())


def file_targets() -> list[Target]:
    """The readers of image files (paths and bytes) and of benchmark folders."""
    return [
        Target("segutils.files.read_image", an_image_file, decoded_file, inputs="files"),
        Target("segutils.datasets.load_image", an_image_file, decoded_file, inputs="files"),
        Target("segutils.bench.folder.load_folder", a_data_folder, loaded_folder, inputs="files"),
    ]


def array_targets() -> list[Target]:
    """Every method and every public function, given arrays and values."""
    return method_targets() + function_targets()


def all_targets() -> list[Target]:
    """Every method and every public function the harness fuzzes, files and folders included."""
    return array_targets() + file_targets()
