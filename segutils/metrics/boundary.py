"""The Berkeley boundary benchmark: precision and recall of boundary maps, ODS, OIS and AP.

The protocol of the BSDS500 ``bench/`` code (Martin et al. 2004; Arbelaez et al. 2011), with
its pixel-level steps in :mod:`segutils.metrics.boundary_match`:

- **Per image and threshold** (``evaluation_bdry_image.m``): the machine map is thresholded
  (``pb >= t``, for ``thresholds=99``: ``t`` = 0.01, 0.02, ..., 0.99) and thinned, then matched
  with *each* annotation separately. ``cnt_r`` sums the matched human pixels over annotations
  and ``sum_r`` their boundary pixels; ``cnt_p`` counts the machine pixels matched by *any*
  annotation and ``sum_p`` the machine pixels. So recall asks "how much of what every annotator
  drew was found", and precision "how much of what was found some annotator drew".
- **Over a dataset** (``collect_eval_bdry.m``, in :mod:`segutils.metrics.boundary_summary`):
  the precision-recall curve of the summed counts, ODS (its best F), OIS (each image at its own
  best threshold) and AP (the area under the curve).

Machine maps: a soft map (``float`` in ``[0, 1]``), a ``bool`` boundary map (the same at every
threshold, so it is thinned and matched once) or integer labels (their
:func:`~segutils.metrics.boundary_match.bsds_boundaries`). Human annotations: integer label
images (``bsds_boundaries(labels, thin=True)``, which is the
``Boundaries`` field of the BSDS files) or ``bool`` boundary maps, used as they are.

Published BSDS500 *test-set* figures (ODS / OIS / AP): humans 0.80 F; gPb-owt-ucm 0.73 / 0.76 /
0.73; Felzenszwalb-Huttenlocher 0.61 / 0.64 / 0.56; Canny 0.60 / 0.63 / 0.58.
"""

from __future__ import annotations

import numbers
import uuid
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING

import numpy as np

from .. import morphology
from ..masks import check_labels
from ..scale import where_to_run
from .boundary_match import _check_max_dist, _TruthIndex, bsds_boundaries
from .boundary_summary import BoundaryBenchmark, BoundaryCounts, summarize_boundaries

if TYPE_CHECKING:  # imported when the images go to Dask
    import distributed

# The figures' types and summary live in boundary_summary; this module is where they are listed.
__all__ = [
    "BoundaryBenchmark",
    "BoundaryCounts",
    "boundary_benchmark",
    "boundary_counts",
    "summarize_boundaries",
]

MAX_THRESHOLDS = 1000
#: The first part of every image's Dask key: one task group, named on the dashboard.
TASK_PREFIX = "boundary-image"


def _levels(thresholds: int | Sequence[float]) -> np.ndarray:
    """The thresholds: ``n`` evenly spaced inside (0, 1), or the increasing values given."""
    if isinstance(thresholds, numbers.Integral) and not isinstance(thresholds, bool):
        if not 1 <= thresholds <= MAX_THRESHOLDS:
            raise ValueError(
                f"thresholds={thresholds}: give a number of thresholds from 1 to "
                f"{MAX_THRESHOLDS} (the benchmark uses 99), or the values themselves."
            )
        return np.linspace(1 / (thresholds + 1), 1 - 1 / (thresholds + 1), int(thresholds))
    try:
        levels = np.asarray(thresholds, dtype=np.float64)
    except (TypeError, ValueError):
        raise TypeError(
            f"thresholds must be a number of thresholds (e.g. 99) or a sequence of values in "
            f"[0, 1], got {thresholds!r}."
        ) from None
    if levels.ndim != 1 or not 1 <= levels.size <= MAX_THRESHOLDS:
        raise ValueError(f"thresholds must be a 1-D sequence of 1 to {MAX_THRESHOLDS} values.")
    if not (np.all((levels >= 0) & (levels <= 1)) and np.all(np.diff(levels) > 0)):
        raise ValueError(
            f"thresholds must increase strictly and lie in [0, 1], got {levels.tolist()[:5]}..."
        )
    return levels


def _machine_map(prediction: np.ndarray) -> np.ndarray:
    """The machine map as a ``float64`` soft map or a ``bool`` boundary map, checked."""
    prediction = np.asarray(prediction)
    if prediction.ndim != 2 or prediction.size == 0:
        raise ValueError(
            f"prediction must be a non-empty 2-D (H, W) boundary map, got shape "
            f"{prediction.shape}. For a colour image, compute a boundary map first."
        )
    if prediction.dtype.kind == "f":
        if not np.isfinite(prediction).all():
            raise ValueError(
                "prediction holds NaN or infinite values; a soft boundary map must be finite "
                "in [0, 1]. Replace them, e.g. np.nan_to_num(prediction)."
            )
        low, high = float(prediction.min()), float(prediction.max())
        if low < 0 or high > 1:
            raise ValueError(
                f"Soft boundary map values span [{low:.4g}, {high:.4g}], outside [0, 1]. "
                "Scale it first, e.g. prediction / prediction.max()."
            )
        return prediction.astype(np.float64)
    if prediction.dtype == bool:
        return prediction
    if prediction.dtype.kind in "iu":
        return bsds_boundaries(check_labels(prediction, name="prediction"))
    raise TypeError(
        f"prediction has dtype {prediction.dtype}; pass a soft boundary map (float in [0, 1]), "
        "a bool boundary map or an integer label image."
    )


def _truth_maps(annotations: Iterable[np.ndarray], shape: tuple[int, ...]) -> list[np.ndarray]:
    """Each annotation as a ``bool`` boundary map of ``shape``: labels give thinned ``seg2bmap``."""
    if isinstance(annotations, np.ndarray) and annotations.ndim == 2:
        raise TypeError("annotations is one 2-D array; pass a list of annotations, e.g. [truth].")
    try:
        annotations = list(annotations)
    except TypeError:
        raise TypeError(
            f"annotations must be a list of label images or bool boundary maps, got "
            f"{type(annotations).__name__}."
        ) from None
    if not annotations:
        raise ValueError(
            "annotations is empty: give at least one human annotation (a label image or a "
            "bool boundary map)."
        )
    maps = []
    for k, annotation in enumerate(annotations):
        annotation = check_labels(annotation, name=f"annotation {k}", shape=shape)
        maps.append(
            annotation if annotation.dtype == bool else bsds_boundaries(annotation, thin=True)
        )
    return maps


def boundary_counts(
    prediction: np.ndarray,
    annotations: Sequence[np.ndarray],
    *,
    thresholds: int | Sequence[float] = 99,
    max_dist: float = 0.0075,
) -> BoundaryCounts:
    """Matched and total boundary pixels of one image at each threshold (one BSDS image).

    Parameters
    ----------
    prediction : ndarray
        ``(H, W)`` machine boundaries: a soft map (``float`` in ``[0, 1]``, thresholded as
        ``prediction >= t``), a ``bool`` boundary map, or integer labels (their boundaries).
    annotations : sequence of ndarray
        One or more human annotations of the same shape: integer label images (any numbering,
        gaps included) or ``bool`` boundary maps.
    thresholds : int or sequence of float, optional
        ``n`` gives ``linspace(1/(n+1), 1 - 1/(n+1), n)``, the benchmark's 99 by default; or
        the increasing values themselves.
    max_dist : float, optional
        Matching distance as a fraction of the image diagonal (BSDS: 0.0075).

    Returns
    -------
    BoundaryCounts
        ``cnt_r``, ``sum_r``, ``cnt_p``, ``sum_p`` per threshold, and ``recall``,
        ``precision``, ``f``.

    Examples
    --------
    Two annotators; the machine finds the edge the first one drew, one pixel off.

    >>> import numpy as np
    >>> halves = np.repeat([[1], [2]], 10, axis=0) * np.ones((1, 20), int)  # rows 0-9, 10-19
    >>> quarters = halves + 2 * (np.arange(20) >= 10)  # also split left from right
    >>> edge = np.zeros((20, 20), bool); edge[10, :] = True
    >>> counts = boundary_counts(edge, [halves, quarters], thresholds=1, max_dist=0.06)
    >>> counts.cnt_r.tolist(), counts.sum_r.tolist(), counts.cnt_p.tolist(), counts.sum_p.tolist()
    ([40], [59], [20], [20])

    References
    ----------
    Martin, Fowlkes and Malik, TPAMI 26(5), 2004; Arbelaez, Maire, Fowlkes and Malik, "Contour
    Detection and Hierarchical Image Segmentation", TPAMI 33(5), 2011; BSDS500
    ``bench/benchmarks/evaluation_bdry_image.m``.
    """
    levels = _levels(thresholds)
    index_dist = _check_max_dist(max_dist)
    machine = _machine_map(prediction)
    truths = _truth_maps(annotations, machine.shape)
    index = _TruthIndex(truths, index_dist)

    def count(thinned: np.ndarray) -> tuple[int, int, int]:
        pixels = np.flatnonzero(thinned)
        if pixels.size == 0:
            return 0, 0, 0
        matched, truth_hit = index.match(pixels)
        return int(truth_hit.sum()), int(matched.any(axis=0).sum()), pixels.size

    rows = np.zeros((levels.size, 3), np.int64)  # cnt_r, cnt_p, sum_p
    if machine.dtype == bool:
        rows[:] = count(morphology.thin(machine))
    else:
        values = np.sort(machine, axis=None)
        above = values.size - np.searchsorted(values, levels, side="left")
        for i, level in enumerate(levels):
            # The maps are nested, so the same number of pixels above means the same map.
            same = i > 0 and above[i] == above[i - 1]
            rows[i] = rows[i - 1] if same else count(morphology.thin(machine >= level))
    sum_r = np.full(levels.size, sum(int(t.sum()) for t in truths), np.int64)
    return BoundaryCounts(levels, rows[:, 0], sum_r, rows[:, 1], rows[:, 2])


def _image_counts(
    number: int,
    image: tuple[np.ndarray, Sequence[np.ndarray]],
    levels: np.ndarray,
    max_dist: float,
) -> BoundaryCounts:
    """:func:`boundary_counts` of one (prediction, annotations) pair, naming it in an error."""
    prediction, annotations = image
    try:
        return boundary_counts(prediction, annotations, thresholds=levels, max_dist=max_dist)
    except (TypeError, ValueError) as error:
        raise type(error)(f"image {number}: {error}") from error


def _counts_on_dask(
    client: distributed.Client,
    images: list[tuple[np.ndarray, Sequence[np.ndarray]]],
    levels: np.ndarray,
    max_dist: float,
) -> list[BoundaryCounts]:
    """Each image's counts as one Dask task, in the order of `images`."""
    # Each image goes to the cluster once, with its annotations, rather than inside the task
    # graph (which Dask warns about, and keeps on the scheduler); the task runs where it is.
    shipped = client.scatter(images, hash=False)
    # One token per call keeps the keys new on a cluster that outlives the call.
    run = uuid.uuid4().hex[:8]
    keys = [f"{TASK_PREFIX}-{number}-{run}" for number in range(len(images))]
    futures = client.map(
        _image_counts, range(len(images)), shipped, levels=levels, max_dist=max_dist, key=keys
    )
    try:
        return client.gather(futures)
    except BaseException:  # an error or an interruption: stop the rest, on a cluster that goes on
        client.cancel(futures)
        raise


def _silent(line: str) -> None:
    """Where the cluster's line goes unless the caller asks for it: segutils does not print."""


def boundary_benchmark(
    predictions: Sequence[np.ndarray],
    annotations_per_image: Sequence[Sequence[np.ndarray]],
    *,
    thresholds: int | Sequence[float] = 99,
    max_dist: float = 0.0075,
    workers: int | None = None,
    scheduler: str | None = None,
    client: distributed.Client | None = None,
    report: Callable[[str], None] | None = None,
) -> BoundaryBenchmark:
    """The Berkeley boundary benchmark of one method over a set of images: ODS, OIS, AP, curve.

    Parameters
    ----------
    predictions : sequence of ndarray
        One machine map per image, as in :func:`boundary_counts`.
    annotations_per_image : sequence of sequences of ndarray
        Each image's human annotations (BSDS500: 4 to 9 per image).
    thresholds : int or sequence of float, optional
        As in :func:`boundary_counts`.
    max_dist : float, optional
        Matching distance as a fraction of the image diagonal.
    workers : int, optional
        Images counted side by side by a Dask LocalCluster of this many worker processes (at
        most one per image), started for the call and closed after it. None or 1, or a single
        image, with no `scheduler` or `client`: one after another in this process, without
        Dask.
    scheduler : str, optional
        The address of a running Dask scheduler (``tcp://host:8786``) whose workers count the
        images; not with `workers`. Its workers need segutils.
    client : distributed.Client, optional
        A Dask client of your own (from :func:`segutils.scale.dask_client`) to count the images
        on, for example one client for several methods; left open. Not with `workers` or
        `scheduler`.
    report : callable, optional
        Receives the line naming the cluster started for `workers` or `scheduler` and its
        dashboard (``report=print`` shows it). None, the default: nothing is printed.

    Returns
    -------
    BoundaryBenchmark
        ``ods``, ``ois``, ``ap``, the curve and each image's best F.

    Raises
    ------
    ValueError
        If the images and annotations do not pair up, a map or an annotation is invalid (the
        message names the image), `workers` is not a whole number of at least 1, or
        `client`, `scheduler` and `workers` are combined.

    Notes
    -----
    On Dask each image is one task, keyed ``boundary-image-NUMBER-RUN`` on the dashboard; its
    map and annotations are sent to the cluster once (``client.scatter``). The figures are the
    same wherever the images were counted.

    Examples
    --------
    A segmentation scored against itself is perfect; a blurred edge map is not:

    >>> from segutils.datasets import synthetic
    >>> from skimage.filters import sobel
    >>> sample = synthetic((48, 48), difficulty=0.0, seed=0)
    >>> boundary_benchmark([sample.labels], [[sample.labels]]).ods
    1.0
    >>> gradient = sobel(sample.image); gradient /= gradient.max()
    >>> 0.5 < boundary_benchmark([gradient], [[sample.labels]]).ods < 1.0
    True

    On a Dask cluster of your own (here two local workers), shared by several calls:

    >>> from segutils.scale import dask_client
    >>> with dask_client(workers=2, memory_limit=None) as client:  # doctest: +SKIP
    ...     result = boundary_benchmark([gradient], [[sample.labels]], client=client)
    Dask LocalCluster with 2 worker(s): dashboard http://127.0.0.1:8787/status

    References
    ----------
    Arbelaez et al., "Contour Detection and Hierarchical Image Segmentation", TPAMI 33(5),
    2011; Martin, Fowlkes and Malik, TPAMI 26(5), 2004. Dask.distributed documentation,
    "Futures" (``scatter``, ``map``, ``gather``), https://distributed.dask.org/en/stable/client.html
    """
    predictions, annotations_per_image = list(predictions), list(annotations_per_image)
    if not predictions or len(predictions) != len(annotations_per_image):
        raise ValueError(
            f"Got {len(predictions)} predictions and {len(annotations_per_image)} lists of "
            "annotations; give one list of annotations per prediction, at least one image."
        )
    levels, max_dist = _levels(thresholds), _check_max_dist(max_dist)
    images = list(zip(predictions, annotations_per_image, strict=True))
    with where_to_run(
        client, scheduler, workers, jobs=len(images), report=report or _silent
    ) as cluster:
        if cluster is None:
            counts = [
                _image_counts(number, image, levels, max_dist)
                for number, image in enumerate(images)
            ]
        else:
            counts = _counts_on_dask(cluster, images, levels, max_dist)
    return summarize_boundaries(counts)
