"""Single-object tasks for the interactive benchmark: one object per image, its truth a mask.

An interactive method is asked for one object at a time, so each sample here is an image and
the ``bool`` mask of one object. The built-in tasks cut each object out of the shared data with
a margin around it (:func:`crop_around`), the way the GrabCut and Berkeley sets show one object
with its surroundings:

===================== =================================================================
task                  objects
===================== =================================================================
``synthetic-blobs``   blobs of the generator (difficulty 0.4): exact truth
``dsb2018-nuclei``    one nucleus per DSB2018 image, fluorescence and stained
``isbi2012-cells``    one cell interior per ISBI 2012 slice (the region between membranes)
``bsds500-regions``   one region per BSDS500 photo: the first annotator's largest region
                      clear of the photo's edge (a stand-in for an object)
===================== =================================================================

Objects cut by the image's edge are left out (they are not whole objects), and so are objects
under :data:`MIN_AREA` pixels. A crop whose longer side exceeds :data:`MAX_SIDE` is scaled down
to it, so that every object costs the methods about the same.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np
from skimage import measure

from ..masks import resize_labels
from .tasks import Sample

__all__ = [
    "BUILTIN_OBJECT_TASKS",
    "MARGIN",
    "MAX_SIDE",
    "MIN_AREA",
    "ObjectTask",
    "builtin_object_task",
    "crop_around",
    "folder_object_task",
]

#: Margin around an object's bounding box, as a fraction of the box's longer side (each side).
MARGIN = 0.5
#: Longest side of a crop, pixels; a larger crop is scaled down to it.
MAX_SIDE = 128
#: Smallest object kept, pixels (before any scaling): a smaller one is a few clicks' worth.
MIN_AREA = 100
#: Objects per built-in task by default.
DEFAULT_OBJECTS = 24


@dataclass(frozen=True)
class ObjectTask:
    """Images with one object each, for the interactive benchmark.

    Attributes
    ----------
    name : str
        The task's name.
    objects : tuple of Sample
        Each an image and the ``bool`` mask of its one object.
    description : str
        Where the objects come from, in a few words.
    """

    name: str
    objects: tuple[Sample, ...]
    description: str = ""

    def __post_init__(self):
        if not self.objects:
            raise ValueError(f"task {self.name!r} holds no object.")
        for sample in self.objects:
            truth = np.asarray(sample.truth)
            if truth.dtype != bool or not truth.any():
                raise ValueError(
                    f"task {self.name!r}: {sample.name!r} needs a bool mask with its one "
                    "object marked, got "
                    f"{'an empty mask' if truth.dtype == bool else truth.dtype}."
                )


def crop_around(
    image: np.ndarray, mask: np.ndarray, *, margin: float = MARGIN, max_side: int = MAX_SIDE
) -> tuple[np.ndarray, np.ndarray]:
    """Cut an object out of its image with a margin around it, scaled down if it is large.

    Parameters
    ----------
    image : ndarray
        Canonical image.
    mask : ndarray
        ``bool`` mask of the object, the image's ``(H, W)``.
    margin : float, optional
        Margin on each side, as a fraction of the object's bounding box's longer side (at
        least 8 pixels), cut at the image's edge.
    max_side : int, optional
        Longest side of the crop: a larger crop is scaled down to it (the image averaged over
        each new pixel's area, the mask by nearest neighbour).

    Returns
    -------
    image, mask : ndarray
        The crop and the object's mask in it.

    Examples
    --------
    >>> image = np.zeros((100, 100), np.float32); mask = np.zeros((100, 100), bool)
    >>> mask[40:60, 45:55] = True
    >>> crop, truth = crop_around(image, mask)
    >>> crop.shape, int(truth.sum())
    ((40, 30), 200)

    References
    ----------
    McGuinness, K. and O'Connor, N. E., "A comparative evaluation of interactive segmentation
    algorithms", Pattern Recognition 43(2), 2010 (one object with its surroundings per image);
    OpenCV, ``cv2.resize`` with ``INTER_AREA``.
    """
    rows = np.flatnonzero(mask.any(axis=1))
    cols = np.flatnonzero(mask.any(axis=0))
    extra = max(8, int(round(margin * max(rows[-1] - rows[0] + 1, cols[-1] - cols[0] + 1))))
    top, bottom = max(rows[0] - extra, 0), min(rows[-1] + 1 + extra, mask.shape[0])
    left, right = max(cols[0] - extra, 0), min(cols[-1] + 1 + extra, mask.shape[1])
    image, mask = image[top:bottom, left:right], mask[top:bottom, left:right]
    scale = max_side / max(image.shape[:2])
    if scale < 1:
        size = (max(round(image.shape[0] * scale), 1), max(round(image.shape[1] * scale), 1))
        # Area averaging can overshoot 1 by a rounding step: clip back to the canonical range.
        image = np.clip(cv2.resize(image, size[::-1], interpolation=cv2.INTER_AREA), 0, 1)
        mask = resize_labels(mask, size)
    return np.ascontiguousarray(image, np.float32), np.ascontiguousarray(mask)


def _eligible(labels: np.ndarray) -> list:
    """The objects (regionprops) that are large enough and clear of the image's edge."""
    height, width = labels.shape
    return [
        region
        for region in measure.regionprops(labels)
        if region.area >= MIN_AREA
        and region.bbox[0] > 0
        and region.bbox[1] > 0
        and region.bbox[2] < height
        and region.bbox[3] < width
    ]


def _typical(labels: np.ndarray) -> int | None:
    """The eligible object whose area is the median's nearest: a typical one, not an outlier."""
    regions = _eligible(labels)
    if not regions:
        return None
    middle = np.median([r.area for r in regions])
    return min(regions, key=lambda r: (abs(r.area - middle), r.label)).label


def _cut(name: str, image: np.ndarray, labels: np.ndarray, label: int) -> Sample:
    crop, truth = crop_around(image, labels == label)
    return Sample(f"{name}/{label}", crop, truth)


def _synthetic(count: int) -> ObjectTask:
    from ..datasets import synthetic

    objects: list[Sample] = []
    seed = 0
    while len(objects) < count:
        made = synthetic((128, 128), n_objects=4, difficulty=0.4, seed=seed)
        # Two blobs per image at most, so that the task spans many noise and shading draws.
        for region in _eligible(made.labels)[:2]:
            if len(objects) < count:
                objects.append(_cut(f"seed{seed}", made.image, made.labels, region.label))
        seed += 1
    return ObjectTask(
        "synthetic-blobs",
        tuple(objects),
        "generated blobs (difficulty 0.4, 128 x 128, two per image): exact truth",
    )


def _dsb(count: int) -> ObjectTask:
    from ..datasets import load_dsb2018

    samples = sorted(load_dsb2018(), key=lambda s: s.id)
    stained = [s for s in samples if s.kind != "fluorescence"]
    # The stained images are few: all of them first, then fluorescence ones to fill the task.
    chosen = stained + [s for s in samples if s.kind == "fluorescence"]
    objects = []
    for sample in chosen:
        label = _typical(sample.labels)
        if label is not None and len(objects) < count:
            objects.append(_cut(sample.id[:12], sample.image, sample.labels, label))
    return ObjectTask(
        "dsb2018-nuclei",
        tuple(objects),
        "one typical nucleus per DSB2018 image, the stained images first, then fluorescence",
    )


def _isbi(count: int) -> ObjectTask:
    from ..datasets import load_isbi2012

    slices = load_isbi2012("train")
    objects = []
    for index, image, membrane in zip(slices.indices, slices.images, slices.membrane, strict=True):
        cells = measure.label(~membrane, connectivity=1)
        label = _typical(cells)
        if label is not None and len(objects) < count:
            objects.append(_cut(f"slice{index:02d}", image, cells, label))
    return ObjectTask(
        "isbi2012-cells",
        tuple(objects),
        "one typical cell interior (between membranes) per ISBI 2012 training slice",
    )


def _bsds(count: int) -> ObjectTask:
    from ..datasets import load_bsds500

    objects = []
    for sample in sorted(load_bsds500(), key=lambda s: s.id):
        regions = sample.segmentations[0]
        area = regions.size
        # A region clear of the edge and between 1% and 25% of the photo: an object, not sky.
        fits = [r for r in _eligible(regions) if 0.01 * area <= r.area <= 0.25 * area]
        if fits and len(objects) < count:
            label = max(fits, key=lambda r: (r.area, -r.label)).label
            objects.append(_cut(sample.id, sample.image, regions, label))
    return ObjectTask(
        "bsds500-regions",
        tuple(objects),
        "per BSDS500 photo, the first annotator's largest region clear of the edge "
        "(1-25% of the photo)",
    )


#: Name -> loader (taking the number of objects) of each built-in single-object task.
BUILTIN_OBJECT_TASKS: dict[str, Callable[[int], ObjectTask]] = {
    "synthetic-blobs": _synthetic,
    "dsb2018-nuclei": _dsb,
    "isbi2012-cells": _isbi,
    "bsds500-regions": _bsds,
}


def builtin_object_task(name: str, *, count: int = DEFAULT_OBJECTS) -> ObjectTask:
    """Load a built-in single-object task (datasets from ``$SEGUTILS_DATA`` or the cache).

    Parameters
    ----------
    name : str
        One of :data:`BUILTIN_OBJECT_TASKS`.
    count : int, optional
        Objects at most (fewer if the data holds fewer that qualify).

    Returns
    -------
    ObjectTask
        The objects, each cut out with its surroundings (:func:`crop_around`).

    Raises
    ------
    KeyError
        For an unknown name, listing the known ones.
    ValueError
        For a count below 1.

    Examples
    --------
    >>> task = builtin_object_task("synthetic-blobs", count=3)
    >>> len(task.objects), task.objects[0].truth.dtype
    (3, dtype('bool'))

    References
    ----------
    Xu, N. et al., "Deep interactive object selection", CVPR 2016 (one object per test image);
    the datasets' sources and licences: ``data/README.md``.
    """
    if name not in BUILTIN_OBJECT_TASKS:
        raise KeyError(
            f"No single-object task {name!r}; built-in ones: {', '.join(BUILTIN_OBJECT_TASKS)}."
        )
    if int(count) != count or count < 1:
        raise ValueError(f"count must be a whole number of objects, at least 1; got {count}.")
    return BUILTIN_OBJECT_TASKS[name](int(count))


def folder_object_task(
    path: str | os.PathLike,
    *,
    stretch: bool = False,
    drop_alpha: bool = False,
    option_names: Mapping[str, str] | None = None,
) -> ObjectTask:
    """Read a folder of images and masks with one object per mask (``bench --interactive --data``).

    The folder is laid out and checked as for the leaderboard
    (:func:`segutils.bench.folder.load_folder`: ``DIR/images/NAME.*`` and ``DIR/masks/NAME.png``,
    at least two images); every image is used (nothing is tuned). Each mask must mark exactly
    one object: one non-zero value (a mask whose object comes in several pieces is one object,
    as in the GrabCut and Berkeley sets, when all pieces share the value).

    Parameters
    ----------
    path : str or path-like
        The folder ``DIR``.
    stretch, drop_alpha : bool, optional
        As for :func:`segutils.bench.folder.load_folder`.
    option_names : mapping of str to str, optional
        How the caller names those keywords (``{"stretch": "--stretch"}``), for the messages.

    Returns
    -------
    ObjectTask
        Named ``"data-" + DIR's name``; the images as they are, not cropped.

    Raises
    ------
    FileNotFoundError, ValueError
        As :func:`segutils.bench.folder.load_folder` does; and a ``ValueError`` naming every
        mask with no object or with two or more, saying how to fix it.

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> import imageio.v3 as iio
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     for sub in ("images", "masks"):
    ...         Path(tmp, sub).mkdir()
    ...     mask = np.zeros((16, 16), np.uint8); mask[4:12, 4:12] = 255
    ...     for name in ("a", "b"):
    ...         iio.imwrite(Path(tmp, "images", f"{name}.png"), mask // 2 + 60)
    ...         iio.imwrite(Path(tmp, "masks", f"{name}.png"), mask)
    ...     task = folder_object_task(tmp)
    >>> len(task.objects), int(task.objects[0].truth.sum())
    (2, 64)

    References
    ----------
    McGuinness, K. and O'Connor, N. E., "A comparative evaluation of interactive segmentation
    algorithms", Pattern Recognition 43(2), 2010 (one object mask per image).
    """
    from .folder import _labels, _read_mask_array, load_folder

    task = load_folder(
        path, stretch=stretch, drop_alpha=drop_alpha, option_names=option_names or {}
    )
    if task.kind == "multiclass":
        raise ValueError(
            f"{Path(path).expanduser() / 'classes.json'} says the masks hold classes; the "
            "interactive benchmark needs one object per mask (the simulated user segments one "
            "object at a time). Give it a folder of object masks, or run the leaderboard "
            "(segutils bench --data) on this one."
        )
    samples = sorted(task.tune + task.test, key=lambda s: s.name)
    if task.kind == "instance":
        # The folder's reading splits a one-value mask into its connected pieces; here a
        # one-value mask is one object whatever its pieces, so its own values are read again.
        files = {p.stem: p for p in Path(path).expanduser().joinpath("masks").iterdir()}
        samples = [
            Sample(s.name, s.image, _labels(_read_mask_array(files[s.name]))) for s in samples
        ]
    problems = []
    for sample in samples:
        values = np.unique(sample.truth[sample.truth > 0])
        if len(values) == 0:
            problems.append(
                f"masks/{sample.name}.png: no object (all 0); there is nothing to click on"
            )
        elif len(values) > 1:
            problems.append(
                f"masks/{sample.name}.png: {len(values)} objects (values "
                f"{', '.join(str(v) for v in values[:5])}{', ...' if len(values) > 5 else ''})"
            )
    if problems:
        listed = "\n".join(f"  - {p}" for p in problems[:20])
        more = f"\n  - and {len(problems) - 20} more" if len(problems) > 20 else ""
        raise ValueError(
            f"The interactive benchmark needs exactly one object per mask (the simulated user "
            f"segments one object at a time); {len(problems)} of the {len(samples)} masks in "
            f"{task.description.split(' from ')[-1]} do not have one:\n{listed}{more}\n"
            "Save one mask per object (masks/NAME_1.png, masks/NAME_2.png, each with a copy of "
            "its image as images/NAME_1.png, ...), give one value to the pieces of one object, "
            "or move images without an object out of the folder."
        )
    objects = tuple(Sample(s.name, s.image, np.asarray(s.truth) > 0) for s in samples)
    return ObjectTask(task.name, objects, f"one object per image: {task.description}")
