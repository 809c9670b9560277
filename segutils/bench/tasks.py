"""Benchmark tasks: images with ground truth, split once into a tuning part and a test part.

A task says what kind of answer it wants, and so which measure judges it:

========== ================================================ ======================
kind       truth                                            measures (first: tuned)
========== ================================================ ======================
semantic   ``bool`` mask of the objects                     IoU, F1
membrane   ``bool`` mask of the membranes (ISBI 2012)       F1, IoU
instance   ``int`` labels, one per object (DSB2018)         DSB score, F1 at IoU 0.5, IoU
regions    a list of human label images (BSDS500)           covering, PRI, VI, boundary F
multiclass ``int`` class of each pixel, named by the task's     mean IoU, dataset mean
           ``classes``, ``void`` where unlabelled (CamVid)  IoU, pixel accuracy
========== ================================================ ======================

A multiclass task is for methods that learn the classes from the tuning images (the pixel
classifier, the U-Net); the classical methods answer a foreground or objects, not named classes,
and are not run on it (:data:`NEEDS_LEARNING`).

The split is made once, from the images' names (:func:`split_names`), so that adding or
removing an image never moves another one between tuning and test, and a method's parameters
are never chosen on an image it is scored on.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Literal, get_args

import numpy as np

from ..images import validate_image

__all__ = [
    "BUILTIN_TASKS",
    "KINDS",
    "NEEDS_LEARNING",
    "OPTIONAL_TASKS",
    "Kind",
    "Sample",
    "Task",
    "builtin_task",
    "split_names",
]

#: What kind of answer a task wants (the table above).
Kind = Literal["semantic", "membrane", "instance", "regions", "multiclass"]
#: Task kind -> its measures, the first of which is the one tuning maximises.
KINDS: dict[Kind, tuple[str, ...]] = {
    "semantic": ("iou", "f1"),
    "membrane": ("f1", "iou"),
    "instance": ("dsb", "f1", "iou"),
    "regions": ("covering", "pri", "vi", "boundary_f"),
    # miou: each test image's mean IoU over its classes, averaged over the images (as the other
    # kinds average their images); class_miou: the class IoUs of the test set's summed confusion
    # matrix, averaged over the classes (the published convention, e.g. SegNet on CamVid).
    "multiclass": ("miou", "class_miou", "pixel_accuracy"),
}
#: Kinds only methods trained on the tuning images can answer, with the reason said in reports.
NEEDS_LEARNING: dict[Kind, str] = {
    "multiclass": (
        "a classical method answers a foreground mask or object labels, not one of the task's "
        "named classes per pixel; only methods trained on the tuning images (the pixel "
        "classifier, the U-Net) learn which class is which"
    ),
}


@dataclass(frozen=True)
class Sample:
    """One image and its truth: a mask, instance labels, or a list of human label images.

    The image must be canonical (:func:`segutils.images.validate_image`): it is checked here,
    once, so that a 0..255 image is refused with the methods' message instead of making every
    method fail on it and score 0.
    """

    name: str
    image: np.ndarray
    truth: np.ndarray | tuple[np.ndarray, ...]

    def __post_init__(self):
        try:
            validate_image(self.image)
        except (TypeError, ValueError) as error:
            raise type(error)(f"Sample {self.name!r}: {error}") from None

    @property
    def megapixels(self) -> float:
        """Image size in millions of pixels (for time per megapixel)."""
        return self.image.shape[0] * self.image.shape[1] / 1e6


@dataclass(frozen=True)
class Task:
    """A benchmark task: a kind of answer, tuning images and test images that never overlap."""

    name: str
    kind: Kind
    tune: tuple[Sample, ...]
    test: tuple[Sample, ...]
    description: str = ""
    published: dict[str, dict[str, float]] = field(default_factory=dict)
    #: A multiclass task's class names, in the order of their values 0, 1, ... in the truth.
    classes: tuple[str, ...] = ()
    #: A multiclass task's value of unlabelled pixels in the truth (not scored), or None.
    void: int | None = None

    def __post_init__(self):
        if self.kind not in get_args(Kind):
            raise ValueError(
                f"task kind must be one of {sorted(get_args(Kind))}, got {self.kind!r}."
            )
        if self.kind == "multiclass":
            if len(self.classes) < 2 or len(set(self.classes)) != len(self.classes):
                raise ValueError(
                    f"task {self.name!r}: a multiclass task names its classes, two or more, "
                    f"each once, in the order of their values in the truth; got {self.classes}."
                )
            if self.void is not None and 0 <= self.void < len(self.classes):
                raise ValueError(
                    f"task {self.name!r}: void={self.void} is also the value of class "
                    f"{self.classes[self.void]!r}; give unlabelled pixels a value of their own, "
                    f"{len(self.classes)} or more."
                )
        elif self.classes or self.void is not None:
            raise ValueError(
                f"task {self.name!r} is {self.kind}: classes and void are for multiclass tasks."
            )
        if not self.tune or not self.test:
            raise ValueError(
                f"task {self.name!r} needs at least one tuning and one test image; it has "
                f"{len(self.tune)} and {len(self.test)}."
            )
        overlap = {s.name for s in self.tune} & {s.name for s in self.test}
        if overlap:
            raise ValueError(f"task {self.name!r}: {sorted(overlap)} in both tuning and test.")

    @property
    def measures(self) -> tuple[str, ...]:
        """The task's measures; the first is the one tuning maximises."""
        return KINDS[self.kind]

    @property
    def primary(self) -> str:
        """The measure tuning maximises and the leaderboard ranks by."""
        return KINDS[self.kind][0]


def split_names(
    names: Sequence[str], *, tune_fraction: float = 0.3, max_tune: int = 12
) -> tuple[list[str], list[str]]:
    """Split image names into tuning and test names, by a hash of each name.

    An image goes to tuning when its name's SHA-256, read as a fraction of the largest hash,
    is below ``tune_fraction``: its side depends on its own name only, not on the other names
    or their order, so adding images to a folder leaves the others where they were. Two
    corrections keep the split usable, both by rank of hash: at least one image on each side,
    and at most ``max_tune`` tuning images (those with the smallest hashes).

    Parameters
    ----------
    names : sequence of str
        Distinct image names; at least two.
    tune_fraction : float, optional
        Expected share of the images used for tuning.
    max_tune : int, optional
        Tuning images at most, to bound the tuning time on large folders.

    Returns
    -------
    tune, test : list of str
        Both sorted; together they are ``names``.

    Raises
    ------
    ValueError
        With fewer than two names, repeated names or a fraction outside ``(0, 1)``.

    Examples
    --------
    >>> tune, test = split_names([f"img{i}" for i in range(10)])
    >>> len(tune), len(test)
    (2, 8)

    References
    ----------
    Hastie, Tibshirani & Friedman, *The Elements of Statistical Learning*, 2nd ed., section 7.2:
    choose a model on data kept apart from the data that measures it.
    """
    if len(set(names)) != len(names):
        raise ValueError("image names must be distinct.")
    if len(names) < 2:
        raise ValueError(
            f"a benchmark needs at least two images (one to tune on, one to test on); "
            f"got {len(names)}."
        )
    if not 0 < tune_fraction < 1:
        raise ValueError(f"tune_fraction must lie in (0, 1), got {tune_fraction}.")
    if max_tune < 1:
        raise ValueError(f"max_tune must be at least 1, got {max_tune}.")
    position = {name: int(hashlib.sha256(name.encode()).hexdigest(), 16) / 2**256 for name in names}
    ranked = sorted(names, key=position.get)
    count = sum(position[name] < tune_fraction for name in names)
    count = min(max(count, 1), max_tune, len(names) - 1)
    return sorted(ranked[:count]), sorted(ranked[count:])


def _split(samples: list[Sample], **options) -> tuple[tuple[Sample, ...], tuple[Sample, ...]]:
    tune_names, _ = split_names([s.name for s in samples], **options)
    tune = tuple(s for s in samples if s.name in tune_names)
    return tune, tuple(s for s in samples if s.name not in tune_names)


def _synthetic(difficulty: float) -> Callable[[], Task]:
    def load() -> Task:
        from ..datasets import synthetic

        def samples(seeds):
            made = ((seed, synthetic(difficulty=difficulty, seed=seed)) for seed in seeds)
            return tuple(Sample(f"seed{seed}", s.image, s.labels) for seed, s in made)

        return Task(
            f"synthetic-{_LEVELS[difficulty]}",
            "instance",
            tune=samples(range(8)),
            test=samples(range(1000, 1020)),
            description=f"generated blobs, difficulty {difficulty}: exact instance truth",
        )

    return load


_LEVELS = {0.1: "easy", 0.4: "medium", 0.7: "hard"}


def _dsb(name: str, kinds: tuple[str, ...], description: str) -> Callable[[], Task]:
    def load() -> Task:
        from ..datasets import load_dsb2018

        samples = [Sample(s.id, s.image, s.labels) for s in load_dsb2018() if s.kind in kinds]
        tune, test = _split(samples)
        return Task(
            name,
            "instance",
            tune,
            test,
            description=description,
            published={
                "dsb": {
                    "CellProfiler (stage 2, tuned per image type)": 0.5281,
                    "winning deep model (stage 2)": 0.6316,
                },
            },
        )

    return load


def _isbi() -> Task:
    from ..datasets import load_isbi2012

    def samples(indices):
        slices = load_isbi2012("train", indices=indices)
        pairs = zip(slices.indices, slices.images, slices.membrane, strict=True)
        return tuple(Sample(f"slice{i:02d}", image, membrane) for i, image, membrane in pairs)

    return Task(
        "isbi2012-membranes",
        "membrane",
        tune=samples(range(25)),
        test=samples(range(25, 30)),
        description="ISBI 2012 EM membranes: training slices 0-24 to tune, 25-29 to test",
    )


def _bsds() -> Task:
    from ..datasets import load_bsds500

    samples = [Sample(s.id, s.image, tuple(s.segmentations)) for s in load_bsds500()]
    tune, test = _split(samples)
    return Task(
        "bsds500-regions",
        "regions",
        tune,
        test,
        description="BSDS500 validation photos, every annotator's regions",
        published={
            # Arbelaez et al. 2011, Tables 1 and 2, BSDS500 test split (ODS figures).
            "boundary_f": {
                "Canny (99 thresholds)": 0.60,
                "Felzenszwalb-Huttenlocher": 0.61,
                "gPb-owt-ucm": 0.726,
                "human": 0.80,
            },
            "covering": {"Felzenszwalb-Huttenlocher": 0.52, "gPb-owt-ucm": 0.59},
            "pri": {"Felzenszwalb-Huttenlocher": 0.80, "gPb-owt-ucm": 0.83},
            "vi": {"Felzenszwalb-Huttenlocher": 2.21, "gPb-owt-ucm": 1.69},
        },
    )


#: The size CamVid's 360 x 480 scenes are shrunk to on the leaderboard (a third of each side),
#: so that the learned methods train and predict in minutes on a laptop's CPU.
CAMVID_SHAPE = (120, 160)
#: CamVid scenes in quick mode (``SEGUTILS_QUICK``): training (of 367) and test (of 101).
CAMVID_QUICK = (48, 24)


def _camvid() -> Task:
    from skimage.transform import resize

    from .. import config
    from ..datasets import CAMVID_CLASSES, CAMVID_VOID, load_camvid_scenes
    from ..images import as_image
    from ..masks import resize_labels

    def samples(split: str, count: int | None) -> tuple[Sample, ...]:
        scenes = load_camvid_scenes(split)
        if count is not None:  # evenly through the split, which is ordered by sequence
            scenes = [scenes[i] for i in np.linspace(0, len(scenes) - 1, count).astype(int)]
        return tuple(
            Sample(
                scene.id,
                as_image(
                    np.clip(resize(scene.image, CAMVID_SHAPE, anti_aliasing=True), 0, 1).astype(
                        np.float32
                    )
                ),
                resize_labels(scene.classes, CAMVID_SHAPE),
            )
            for scene in scenes
        )

    tune_count, test_count = CAMVID_QUICK if config.is_quick() else (None, None)
    tune, test = samples("train", tune_count), samples("val", test_count)
    return Task(
        "camvid-classes",
        "multiclass",
        tune,
        test,
        description=(
            f"CamVid street scenes, 11 classes and void (not scored): the {len(tune)} training "
            f"scenes{' (quick mode: a subset)' if tune_count else ''} to train on, the "
            f"{len(test)} validation scenes{' (a subset)' if test_count else ''} to test on "
            "(the test split is scored by none of the project's runs); shrunk from 360 x 480 "
            f"to {CAMVID_SHAPE[0]} x {CAMVID_SHAPE[1]} (labels by nearest neighbour) to bound "
            "the CPU time, so thin classes (pole, sign, bicyclist) are harder than at full size"
        ),
        classes=CAMVID_CLASSES,
        void=CAMVID_VOID,
    )


#: Built-in tasks on optional data (CamVid, about 180 MB): run when named (``--datasets
#: camvid``), not by default.
OPTIONAL_TASKS = ("camvid-classes",)

#: Name -> loader of every built-in task, in the order the leaderboard lists them.
BUILTIN_TASKS: dict[str, Callable[[], Task]] = {
    "synthetic-easy": _synthetic(0.1),
    "synthetic-medium": _synthetic(0.4),
    "synthetic-hard": _synthetic(0.7),
    "dsb2018-fluorescence": _dsb(
        "dsb2018-fluorescence", ("fluorescence",), "DSB2018 nuclei: bright on a dark background"
    ),
    # The shared subset has one bright-field image and eight stained (H&E) ones: together they
    # are the transmitted-light images, dark nuclei on a bright background, as in notebook 04.
    "dsb2018-stained": _dsb(
        "dsb2018-stained",
        ("brightfield", "histology"),
        "DSB2018 nuclei: stained and bright-field, dark on a bright background",
    ),
    "isbi2012-membranes": _isbi,
    "bsds500-regions": _bsds,
    "camvid-classes": _camvid,
}


def builtin_task(name: str) -> Task:
    """Load a built-in task by name (datasets come from ``$SEGUTILS_DATA`` or the cache).

    Parameters
    ----------
    name : str
        One of :data:`BUILTIN_TASKS`.

    Returns
    -------
    Task
        Its tuning and test images.

    Raises
    ------
    KeyError
        For an unknown name, listing the known ones.

    Examples
    --------
    >>> task = builtin_task("synthetic-easy")
    >>> task.kind, task.primary, len(task.tune), len(task.test)
    ('instance', 'dsb', 8, 20)

    References
    ----------
    The datasets' sources and licences: ``data/README.md``.
    """
    if name not in BUILTIN_TASKS:
        raise KeyError(f"No task {name!r}; built-in tasks: {', '.join(BUILTIN_TASKS)}.")
    return BUILTIN_TASKS[name]()
