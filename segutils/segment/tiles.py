"""One image larger than memory, segmented tile by tile on Dask and written chunked to zarr.

The image is read lazily in chunks (:func:`segutils.segment.lazy.read_lazy`: a TIFF or a zarr
store, each task reading its own region by path, so the workers must see the file at the same
path; or a Dask or NumPy array); each chunk is segmented with a halo of its neighbours' pixels
(:func:`dask.array.overlap.overlap`, the halo from the method's own length scales:
:func:`segutils.segment.halo.method_halo`), after any statistic of the whole image (a histogram
level) is computed once; instance labels are stitched across tiles
(:mod:`segutils.segment.stitch`); the result is written to ``<stem>.zarr``, chunk by chunk.

- :func:`segment_dask`: the pure step, a Dask array in, a lazy Dask array of labels out; its
  ``halo=0`` and ``stitch=False`` show what naive tiling does;
- :func:`segment_tiled`: a file or store in, ``<stem>.zarr`` out, on a Dask cluster;
- :func:`write_synthetic_mosaic`: a large generated image (and its truth) written chunk by chunk,
  to measure memory and speed on.

The output is an OME-Zarr image (group attribute ``ome.multiscales``, one level, array ``"0"``):
``dask.array.from_zarr(path, component="0")`` reads it lazily, ``zarr.open(path)["0"]`` gives
the array, and napari opens it (``napari.view_labels(dask.array.from_zarr(path, component="0"))``,
or ``napari path`` with the napari-ome-zarr plugin). The group attribute ``segutils`` records
the method, its values and the halo.

Memory: a worker holds a few tiles with their halos at a time (the stitching keeps a tile's
owned objects until its eight neighbours' cores are written), so the memory a worker needs
follows the chunk, not the image. To see it, run under
``segutils.scale.dask_client(memory_limit="2GiB")`` and ask the workers for their peak
resident memory afterwards (:func:`worker_peak_memory`), or watch the dashboard's Workers tab.
"""

from __future__ import annotations

import json
import shutil
import time
import warnings
from collections.abc import Callable, Mapping
from contextlib import nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from ..images import as_image, to_gray
from ..registry import Method
from .halo import apply_rule, global_statistic, method_halo, tile_rule, with_defaults
from .lazy import read_lazy
from .stitch import label_mask, stitch_labels

__all__ = [
    "TiledResult",
    "segment_dask",
    "segment_tiled",
    "store_path",
    "worker_peak_memory",
    "write_synthetic_mosaic",
]

#: Side of a tile of :func:`write_synthetic_mosaic`, and how many different tiles it draws from.
MOSAIC_TILE = 256
MOSAIC_POOL = 16


@dataclass(frozen=True)
class TiledResult:
    """What :func:`segment_tiled` wrote.

    Attributes
    ----------
    path : Path
        The ``<stem>.zarr`` store (the labels, mask or class map in its array ``"0"``).
    shape : tuple of int
        The image's height and width.
    chunks : tuple of int
        The stored chunks (one tile's core).
    halo : int
        Pixels of overlap on each side of a tile.
    n_objects : int or None
        Objects: stitched instance labels, or a mask's connected components; None for a class
        map.
    seconds : float
        Wall-clock time of the run, reading to renaming.
    method : str
        The method's name.
    """

    path: Path
    shape: tuple[int, ...]
    chunks: tuple[int, ...]
    halo: int
    n_objects: int | None
    seconds: float
    method: str

    def summary(self) -> str:
        """One paragraph: what was segmented, how, and where it went.

        Returns
        -------
        str
            The summary.

        Examples
        --------
        >>> TiledResult(Path("out/a.zarr"), (4096, 4096), (512, 512), 20, 90, 12.5,
        ...             "threshold.local").summary()  # doctest: +NORMALIZE_WHITESPACE
        'threshold.local on 4096 x 4096 pixels (16.8 Mpx) in tiles of 512 x 512 with a halo of
        20: 90 objects in 12.5 s (1.34 Mpx/s), written to out/a.zarr'

        References
        ----------
        Dask documentation, "Overlapping Computations",
        https://docs.dask.org/en/stable/array-overlap.html
        """
        megapixels = self.shape[0] * self.shape[1] / 1e6
        objects = "" if self.n_objects is None else f"{self.n_objects} objects "
        rate = megapixels / self.seconds if self.seconds > 0 else float("inf")
        return (
            f"{self.method} on {self.shape[0]} x {self.shape[1]} pixels ({megapixels:.1f} Mpx) "
            f"in tiles of {self.chunks[0]} x {self.chunks[1]} with a halo of {self.halo}: "
            f"{objects}in {self.seconds:.1f} s ({rate:.2f} Mpx/s), written to {self.path}"
        )


def _as_method(method: str | Method) -> Method:
    """A registered method, from its name or itself."""
    from ..catalog import by_name

    if isinstance(method, Method):
        return method
    if isinstance(method, str):
        return by_name(method)
    raise TypeError(f"method must be a registry name or a Method, not {type(method).__name__}.")


def _canonical_block(block: np.ndarray) -> np.ndarray:
    """One chunk in the canonical form, by its type's range (the same rule for every chunk)."""
    with warnings.catch_warnings():
        # as_image's advice about a dark or low-contrast image is about the whole image; a
        # chunk of background would repeat it once per chunk.
        warnings.simplefilter("ignore", UserWarning)
        return as_image(block)


def segment_dask(
    image: Any,
    method: str | Method,
    params: Mapping[str, Any] | None = None,
    *,
    halo: int | None = None,
    stitch: bool = True,
) -> Any:
    """Segment a lazy image tile by tile: each chunk with a halo, then instance labels stitched.

    Parameters
    ----------
    image : dask.array.Array or ndarray
        The image, ``(H, W)`` or ``(H, W, 3)``, any chunks (each at least the halo; smaller ones
        are merged), in the canonical form or a type that :func:`segutils.as_image` converts
        (``uint8`` / ``uint16`` by their range).
    method : str or Method
        A registry name (``"threshold.local"``) or a registered method; one that cannot be tiled
        is refused (:func:`segutils.segment.halo.tile_rule`).
    params : mapping, optional
        The method's keyword values, checked by the method's own rules.
    halo : int, optional
        Pixels of overlap on each side of a tile; by default the method's reach
        (:func:`segutils.segment.halo.method_halo`). 0 is naive tiling.
    stitch : bool
        Stitch instance labels across tiles; False leaves each tile's own numbering (naive).

    Returns
    -------
    dask.array.Array
        Lazy mask, class map or labels, chunked as the image. A statistic of the whole image
        (a histogram level) is computed before it returns.

    Raises
    ------
    ValueError
        For a method that cannot be tiled, a value the method refuses, a negative halo, or an
        image narrower than the halo.

    Examples
    --------
    >>> import dask.array as da
    >>> from segutils.datasets import sample
    >>> coins = sample("coins")
    >>> from segutils.threshold import local
    >>> lazy = segment_dask(da.from_array(coins, chunks=128), "threshold.local", {"block_size": 35})
    >>> bool((lazy.compute(scheduler="synchronous") == local(coins, block_size=35)).all())
    True

    References
    ----------
    Dask documentation, "Overlapping Computations" (``map_overlap``),
    https://docs.dask.org/en/stable/array-overlap.html; dask-image,
    https://image.dask.org; Cellpose, distributed evaluation; Schmidt et al., StarDist,
    ``predict_instances_big``.
    """
    import dask.array as da

    from ..params import check_params

    method = _as_method(method)
    params = with_defaults(method, check_params(method.function, dict(params or {})))
    rule = tile_rule(method, params)
    depth = method_halo(method, params) if halo is None else halo
    if not isinstance(depth, int) or isinstance(depth, bool) or depth < 0:
        raise ValueError(f"halo must be a whole number of pixels >= 0, not {halo!r}.")
    image = image if isinstance(image, da.Array) else da.asarray(image)
    if min(image.shape[:2]) < depth:  # Dask's overlap would fail, naming only "your array"
        raise ValueError(
            f"The image is {image.shape[0]} x {image.shape[1]} pixels, narrower than the halo "
            f"of {depth} that {method.name} needs around each tile: tiling is for large "
            "images; segment a small one whole (put it in a folder and give the folder)."
        )
    colour = image.ndim == 3
    chunks = tuple(
        da.overlap.ensure_minimum_chunksize(max(depth, 1), axis) for axis in image.chunks[:2]
    )
    channels = ((image.shape[2],),) if colour else ()
    image = image.rechunk(chunks + channels)
    image = image.map_blocks(_canonical_block, dtype=np.float32)
    gray = image.map_blocks(to_gray, drop_axis=2, dtype=np.float32) if colour else image
    statistic = global_statistic(gray, rule, params)
    depths = {0: depth, 1: depth, 2: 0} if colour else {0: depth, 1: depth}
    padded = da.overlap.overlap(image, depth=depths, boundary="none")
    dtype = {"mask": bool, "classes": np.int32, "labels": np.int32}[rule.output]
    tiles = padded.map_blocks(
        apply_rule, method, params, rule, statistic, dtype=dtype, drop_axis=[2] if colour else []
    )
    if rule.output == "labels" and stitch:
        return stitch_labels(tiles, image.chunks[:2], depth)
    return da.overlap.trim_internal(tiles, {0: depth, 1: depth}, boundary="none")


def _ome_attributes(ndim: int) -> dict:
    """OME-Zarr 0.5 multiscales metadata of one full-resolution level, array ``"0"``."""
    axes = [{"name": "y", "type": "space"}, {"name": "x", "type": "space"}]
    axes += [{"name": "c", "type": "channel"}] * (ndim - 2)
    scale = {"type": "scale", "scale": [1.0] * ndim}
    level = {"path": "0", "coordinateTransformations": [scale]}
    return {"version": "0.5", "multiscales": [{"axes": axes, "datasets": [level]}]}


def _write_zarr(
    array: Any, path: Path, attributes: Mapping[str, Any], *, progress: bool = False
) -> None:
    """``array`` into a new OME-Zarr group at ``path`` (array ``"0"``), chunk by chunk.

    With ``progress``, Dask's own progress bar follows the tiles: distributed's for a client
    (a text bar in a terminal, a widget in a notebook), ``dask.diagnostics.ProgressBar``
    for the local schedulers.
    """
    import dask
    import zarr

    regular = tuple(axis[0] for axis in array.chunks)
    array = array.rechunk(regular)  # a zarr chunk is written by one task only
    group = zarr.open_group(path, mode="w")
    group.attrs["ome"] = _ome_attributes(array.ndim)
    group.attrs["segutils"] = json.loads(json.dumps(dict(attributes), default=str))
    stored = group.create_array("0", shape=array.shape, chunks=regular, dtype=array.dtype)
    writing = array.store(stored, lock=False, compute=False)
    if not progress:
        dask.compute(writing)
        return
    try:
        from distributed import default_client
        from distributed import progress as distributed_progress

        client = default_client()
    except ValueError:  # no distributed client: the threaded or synchronous scheduler
        from dask.diagnostics import ProgressBar

        with ProgressBar():
            dask.compute(writing)
        return
    future = client.compute(writing)
    distributed_progress(future)
    future.result()


def _count_objects(path: Path, output: str) -> int | None:
    """Objects in a written result: distinct labels, or a mask's connected components."""
    import dask
    import dask.array as da

    stored = da.from_zarr(path, component="0")
    if output == "classes":
        return None
    if output == "mask":
        return int(label_mask(stored)[1].compute())
    per_block = [dask.delayed(np.unique)(block) for block in stored.to_delayed().ravel()]
    numbers = np.unique(np.concatenate(dask.compute(*per_block)))
    return int(np.count_nonzero(numbers))


def store_path(source: Any, out: str | Path) -> Path:
    """Where :func:`segment_tiled` writes the labels of ``source``: ``out/<stem>.zarr``.

    Parameters
    ----------
    source : str or Path or array
        The image file or store (an array is named ``image``).
    out : str or Path
        The output folder.

    Returns
    -------
    Path
        ``out/<stem>.zarr``, the stem without the format's suffixes (``.ome.tif`` too).

    Examples
    --------
    >>> store_path("slides/kidney.ome.tif", "out").as_posix()
    'out/kidney.zarr'

    References
    ----------
    OME-Zarr specification, https://ngff.openmicroscopy.org
    """
    stem = _stem(Path(source)) if isinstance(source, (str, Path)) else "image"
    return Path(out) / f"{stem}.zarr"


def _stem(path: Path) -> str:
    """The name of an image file or store without its format's suffixes (``.ome.tif`` too)."""
    name = path.name
    for suffix in (".ome.tiff", ".ome.tif", ".ome.zarr"):
        if name.lower().endswith(suffix):
            return name[: -len(suffix)]
    return path.stem


def segment_tiled(
    source: Any,
    method: str | Method,
    params: Mapping[str, Any],
    out: str | Path,
    *,
    chunk: int = 2048,
    client: Any = None,
    overwrite: bool = False,
    halo: int | None = None,
    report: Callable[[str], None] = print,
    progress: bool = False,
) -> TiledResult:
    """Segment one large image tile by tile on Dask and write ``<stem>.zarr`` into ``out``.

    The store is written under a temporary name (``.<stem>.zarr.partial``, removed and
    rewritten if an interrupted run left one) and renamed when complete, so a store with the
    final name is always whole.

    Parameters
    ----------
    source : str or Path or zarr.Array or dask.array.Array or ndarray
        The image (see :func:`~segutils.segment.lazy.read_lazy`; the workers must see a file
        at the same path, on a cluster a shared filesystem); an array is written as
        ``image.zarr``.
    method : str or Method
        A registry name or a registered method that can be tiled.
    params : mapping
        The method's keyword values.
    out : str or Path
        The output folder (created if missing).
    chunk : int
        Side of a tile's core in pixels; also the stored chunks.
    client : distributed.Client or False, optional
        Where to run; None starts a LocalCluster with :func:`segutils.scale.dask_client` for
        the call; False runs on the scheduler Dask already uses (``dask.config.set(
        scheduler="threads")``, or a client made current).
    overwrite : bool
        Replace an existing ``<stem>.zarr``; otherwise it is refused.
    halo : int, optional
        Overrides the method's halo (:func:`segutils.segment.halo.method_halo`).
    report : callable
        Receives the cluster's dashboard line and notes.
    progress : bool
        Show Dask's progress bar over the tiles while the labels are written.

    Returns
    -------
    TiledResult
        The output path, shape, chunks, halo, number of objects and seconds.

    Raises
    ------
    FileExistsError
        If ``<stem>.zarr`` exists and ``overwrite`` is False.
    FileNotFoundError
        If ``source`` is a path where there is nothing.
    ValueError
        For a method that cannot be tiled or a value it refuses, a ``chunk`` that is not a
        whole number of at least 1, or an ``out`` that is a file.

    Examples
    --------
    >>> import dask, tempfile
    >>> from segutils.datasets import synthetic
    >>> nuclei = synthetic((256, 256), difficulty=0.0, radius=8, n_objects=30, seed=1)
    >>> with tempfile.TemporaryDirectory() as out, dask.config.set(scheduler="synchronous"):
    ...     result = segment_tiled(nuclei.image, "watershed.distance_watershed",
    ...                            {"min_distance": 5}, out, chunk=128, client=False)
    ...     result.n_objects, result.path.name  # as many as on the whole image
    (31, 'image.zarr')

    References
    ----------
    Dask documentation, "Overlapping Computations",
    https://docs.dask.org/en/stable/array-overlap.html; OME-Zarr specification,
    https://ngff.openmicroscopy.org; zarr, https://zarr.readthedocs.io.
    """
    from ..scale import dask_client

    start = time.perf_counter()
    method = _as_method(method)
    params = dict(params or {})
    if isinstance(chunk, bool) or not isinstance(chunk, (int, np.integer)) or chunk < 1:
        raise ValueError(f"chunk is a tile's side in pixels, at least 1, not {chunk!r}.")
    is_path = isinstance(source, (str, Path))
    if is_path and not Path(source).exists():
        raise FileNotFoundError(
            f"No image at {str(source)!r} (resolved to {Path(source).resolve()})."
        )
    folder = Path(out)
    if folder.exists() and not folder.is_dir():
        raise ValueError(f"out {folder} is a file; give a folder (it is made if needed).")
    target = store_path(source, folder)
    stem = target.name.removesuffix(".zarr")
    if target.exists() and not overwrite:
        raise FileExistsError(
            f"{target} exists; pass overwrite=True (--overwrite) to replace it, or another out."
        )
    context = dask_client(report=report) if client is None else nullcontext(client)
    with context:
        image = read_lazy(source, chunk=chunk, report=report)
        labels = segment_dask(image, method, params, halo=halo)
        depth = method_halo(method, params) if halo is None else halo
        folder.mkdir(parents=True, exist_ok=True)
        partial = folder / f".{stem}.zarr.partial"
        if partial.exists():
            shutil.rmtree(partial)
        attributes = {"method": method.name, "params": params, "halo": depth, "chunk": chunk}
        _write_zarr(labels, partial, attributes, progress=progress)
        n_objects = _count_objects(partial, tile_rule(method, params).output)
    if target.exists():
        shutil.rmtree(target)
    partial.rename(target)
    chunks = tuple(int(axis[0]) for axis in labels.chunks)
    seconds = time.perf_counter() - start
    return TiledResult(target, image.shape[:2], chunks, depth, n_objects, seconds, method.name)


def _mosaic_pool(seed: int, radius: float) -> list[tuple[np.ndarray, np.ndarray]]:
    """:data:`MOSAIC_POOL` synthetic tiles, each without the nuclei that touch its edge."""
    from scipy import ndimage as ndi

    from ..datasets import synthetic

    pool = []
    n_objects = max(1, int(MOSAIC_TILE**2 / (6 * radius) ** 2))
    for k in range(MOSAIC_POOL):
        sample = synthetic(
            (MOSAIC_TILE, MOSAIC_TILE),
            n_objects=n_objects,
            difficulty=0.0,
            radius=radius,
            seed=seed + k,
        )
        image, labels = sample.image.copy(), sample.labels
        edge = np.unique(np.concatenate([labels[0], labels[-1], labels[:, 0], labels[:, -1]]))
        cut = np.isin(labels, edge[edge > 0])
        # Two pixels more: the blurred rim of a nucleus lies just outside its label.
        image[ndi.binary_dilation(cut, iterations=2)] = np.median(image[labels == 0])
        kept = np.where(cut, 0, labels)
        numbers, renumbered = np.unique(kept, return_inverse=True)
        pool.append((image, renumbered.reshape(kept.shape).astype(np.int32)))
    return pool


def write_synthetic_mosaic(
    path: str | Path,
    shape: tuple[int, int] = (20_000, 20_000),
    chunk: int = 2048,
    seed: int = 0,
    *,
    radius: float = 8.0,
    truth: bool = False,
) -> Path:
    """Write a large image of synthetic nuclei to a zarr store, one chunk at a time.

    The image is a mosaic of ``256 x 256`` tiles drawn (and turned or mirrored) at random from
    :data:`MOSAIC_POOL` :func:`segutils.datasets.synthetic` samples (difficulty 0: separate
    bright nuclei on a flat, noisy background), each with the nuclei that touch its edge
    painted over with the background level, so that no nucleus crosses a tile's edge and the
    truth is exact. A few samples make any size quickly; memory stays at one chunk.

    Parameters
    ----------
    path : str or Path
        The ``.zarr`` store to create (an existing one is replaced).
    shape : tuple of int
        Height and width in pixels.
    chunk : int
        Side of a stored chunk.
    seed : int
        Seed of the samples and of their arrangement.
    radius : float
        Typical nucleus radius in pixels.
    truth : bool
        Also write the instance labels (array ``"truth"``: unique, not consecutive).

    Returns
    -------
    Path
        The store: array ``"0"`` the ``float32`` image (OME-Zarr), ``"truth"`` the labels.

    Examples
    --------
    >>> import tempfile, zarr
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     store = write_synthetic_mosaic(f"{folder}/m.zarr", (300, 200), 128, truth=True)
    ...     group = zarr.open_group(store, mode="r")
    ...     group["0"].shape, group["0"].chunks, int((group["truth"][:] > 0).mean() > 0.05)
    ((300, 200), (128, 128), 1)

    References
    ----------
    zarr, "Creating an array", https://zarr.readthedocs.io; the nuclei of
    :func:`segutils.datasets.synthetic`.
    """
    import zarr

    pool = _mosaic_pool(seed, radius)
    capacity = max(int(labels.max()) for _, labels in pool) + 1
    group = zarr.open_group(Path(path), mode="w")
    group.attrs["ome"] = _ome_attributes(2)
    image = group.create_array("0", shape=shape, chunks=(chunk, chunk), dtype=np.float32)
    if truth:
        labels = group.create_array("truth", shape=shape, chunks=(chunk, chunk), dtype=np.int64)
    tile_columns = -(-shape[1] // MOSAIC_TILE)
    for row in range(0, shape[0], chunk):
        for col in range(0, shape[1], chunk):
            height, width = min(chunk, shape[0] - row), min(chunk, shape[1] - col)
            pixels = np.zeros((height, width), np.float32)
            objects = np.zeros((height, width), np.int64)
            for ti in range(row // MOSAIC_TILE, -(-(row + height) // MOSAIC_TILE)):
                for tj in range(col // MOSAIC_TILE, -(-(col + width) // MOSAIC_TILE)):
                    draw = np.random.default_rng([seed, ti, tj])
                    tile, tile_labels = pool[int(draw.integers(MOSAIC_POOL))]
                    turns, mirror = int(draw.integers(4)), bool(draw.integers(2))
                    tile, tile_labels = np.rot90(tile, turns), np.rot90(tile_labels, turns)
                    if mirror:
                        tile, tile_labels = tile[:, ::-1], tile_labels[:, ::-1]
                    top, left = ti * MOSAIC_TILE, tj * MOSAIC_TILE
                    rows = slice(max(top, row), min(top + MOSAIC_TILE, row + height))
                    cols = slice(max(left, col), min(left + MOSAIC_TILE, col + width))
                    source = (
                        slice(rows.start - top, rows.stop - top),
                        slice(cols.start - left, cols.stop - left),
                    )
                    target = (
                        slice(rows.start - row, rows.stop - row),
                        slice(cols.start - col, cols.stop - col),
                    )
                    pixels[target] = tile[source]
                    offset = (ti * tile_columns + tj) * capacity
                    objects[target] = np.where(
                        tile_labels[source] > 0, tile_labels[source] + offset, 0
                    )
            image[row : row + height, col : col + width] = pixels
            if truth:
                labels[row : row + height, col : col + width] = objects
    return Path(path)


def _peak_resident_bytes() -> int:
    """Peak resident memory of the calling process's own memory, in bytes.

    On Linux, ``VmHWM`` of ``/proc/self/status``: the high-water mark of this process's address
    space. ``ru_maxrss`` is not used there, because Linux carries it over ``exec``, so that a
    worker started from a large process (a long test session, a notebook kernel) reports at
    least that process's size. Elsewhere (macOS: no ``/proc``), ``ru_maxrss``, in bytes.
    """
    import resource
    import sys

    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024  # reported in kB
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return int(peak if sys.platform == "darwin" else peak * 1024)


def worker_peak_memory(client: Any) -> dict[str, int]:
    """Each worker process's peak resident memory so far, in bytes (the high-water mark).

    Parameters
    ----------
    client : distributed.Client
        A client of the cluster that ran the work.

    Returns
    -------
    dict
        Worker address to bytes.

    Examples
    --------
    >>> from segutils.scale import dask_client
    >>> with dask_client(workers=1, memory_limit=None, report=lambda line: None) as client:
    ...     peaks = worker_peak_memory(client)
    >>> len(peaks), min(peaks.values()) > 10_000_000
    (1, True)

    References
    ----------
    Linux ``proc(5)``, ``/proc/self/status`` (``VmHWM``); Python, :func:`resource.getrusage`
    (``ru_maxrss``); Dask.distributed, ``Client.run``,
    https://distributed.dask.org/en/stable/api.html
    """
    return client.run(_peak_resident_bytes)
