"""One large image as a lazy Dask array whose tasks read their own region from the file.

A task of the graph must travel to any worker, on this machine or on a cluster: it names the
file by its absolute path and reads only the region it needs there. An open file cannot travel
(tifffile's zarr view of a TIFF holds a file handle and a lock), so a TIFF is read through
:class:`TiffRegions`, a small description of the file that opens it for each region read. The
workers must therefore see the file at the same path as this process (a shared filesystem on a
cluster), as they must for a zarr store.

- :func:`read_lazy`: a TIFF, a zarr store, another image file or an array, as a Dask array;
- :class:`TiffRegions`: a TIFF's full-resolution image, read region by region.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

__all__ = ["TiffRegions", "read_lazy"]

#: Largest image (in pixels) that a format without chunked reading is loaded whole for.
WHOLE_READ_LIMIT = 100_000_000

#: TIFF axes (tifffile's letters) that :func:`read_lazy` takes as one image: rows and columns,
#: with colour samples last (``YXS``, interleaved) or first (``SYX``, planar).
IMAGE_AXES = ("YX", "YXS", "SYX")


@dataclass(frozen=True)
class TiffRegions:
    """A TIFF's full-resolution image, read region by region by path (picklable, no open file).

    Indexing (``regions[rows, cols]``) opens the file, reads through tifffile's zarr view only
    the tiles or strips the region touches, and closes it, so a Dask task that holds this object
    runs in any process that sees the file at ``path``. The first series and its first
    (full-resolution) level are read, with tifffile's shape (axes of length 1 left out).

    Attributes
    ----------
    path : str
        The file's absolute path.
    shape : tuple of int
        The image's shape, in the order of ``axes``.
    dtype : numpy.dtype
        The stored pixel type.
    axes : str
        tifffile's axis letters (``"YX"``, ``"YXS"`` for interleaved colour, ``"SYX"`` for
        planar colour, ``"IYX"`` for a stack of pages, ...).
    """

    path: str
    shape: tuple[int, ...]
    dtype: np.dtype
    axes: str

    @classmethod
    def open(cls, path: str | Path) -> TiffRegions:
        """Describe the TIFF at ``path``: its first series' full-resolution shape and type.

        Parameters
        ----------
        path : str or Path
            The TIFF file.

        Returns
        -------
        TiffRegions
            The description, with the absolute path.

        Examples
        --------
        >>> import tempfile, numpy as np, tifffile
        >>> with tempfile.TemporaryDirectory() as folder:
        ...     tifffile.imwrite(f"{folder}/a.tif", np.arange(12, dtype=np.uint8).reshape(3, 4))
        ...     regions = TiffRegions.open(f"{folder}/a.tif")
        ...     regions.shape, regions.axes, regions[1:, 2:].tolist()
        ((3, 4), 'YX', [[6, 7], [10, 11]])

        References
        ----------
        tifffile, ``TiffFile.series`` and ``TiffPageSeries.levels``,
        https://github.com/cgohlke/tifffile
        """
        import tifffile

        absolute = Path(path).absolute()
        with tifffile.TiffFile(absolute) as tiff:
            level = tiff.series[0].levels[0]
            return cls(str(absolute), tuple(level.shape), np.dtype(level.dtype), level.axes)

    @property
    def ndim(self) -> int:
        """Number of axes (Dask's ``from_array`` asks for it)."""
        return len(self.shape)

    def __getitem__(self, region: Any) -> np.ndarray:
        """The pixels of ``region`` (a tuple of slices), read from the file now."""
        import tifffile
        import zarr

        store = tifffile.imread(self.path, aszarr=True, series=0, level=0)
        try:
            return np.asarray(zarr.open_array(store, mode="r")[region])
        finally:
            store.close()


def _read_tiff(path: Path, chunk: int) -> Any:
    """A TIFF's image as a Dask array, ``(H, W)`` or ``(H, W, C)``, each task reading its region."""
    import dask.array as da
    from dask.base import tokenize

    regions = TiffRegions.open(path)
    if regions.axes not in IMAGE_AXES:
        raise ValueError(
            f"{path.name} holds an array of shape {regions.shape} with axes "
            f"{regions.axes!r} (tifffile's letters), not one 2-D image (YX, with colour samples "
            "as S). Save the plane you mean as its own tiled TIFF, e.g. "
            "tifffile.imwrite('plane.tif', stack[k], tile=(256, 256))."
        )
    chunks = tuple(chunk if axis in "YX" else -1 for axis in regions.axes)
    stat = path.stat()
    # The file's size and time in the name: a rewritten file is never taken from a cache.
    name = f"tiff-{tokenize(regions, stat.st_size, stat.st_mtime_ns, chunks)}"
    array = da.from_array(
        regions,
        chunks=chunks,
        name=name,
        asarray=False,
        inline_array=True,  # about 200 bytes in each task, not a key of its own
        meta=np.empty((0,) * regions.ndim, regions.dtype),
    )
    return da.moveaxis(array, 0, -1) if regions.axes == "SYX" else array


def _open_zarr(path: Path) -> Any:
    """The zarr array at ``path``, or an OME-Zarr group's full-resolution array ``"0"``."""
    import zarr

    try:
        source = zarr.open(path.absolute(), mode="r")
        return source["0"] if isinstance(source, zarr.Group) else source
    except (FileNotFoundError, KeyError, ValueError) as error:  # GroupNotFoundError is both
        raise ValueError(
            f"{path.name} is not a zarr array, nor an OME-Zarr image with its array '0' "
            f"({type(error).__name__}: {error}). Give a zarr store (zarr.open(path) opens it), "
            "a TIFF, or a folder of images."
        ) from None


def read_lazy(source: Any, *, chunk: int = 2048, report: Callable[[str], None] = print) -> Any:
    """An image as a lazy, chunked Dask array, without reading it into memory.

    The graph names a file or store by its absolute path and each task reads its own chunk
    there, so it runs on any Dask scheduler; the workers must see the file at the same path
    (on a cluster, a shared filesystem).

    Parameters
    ----------
    source : str or Path or zarr.Array or dask.array.Array or ndarray
        A TIFF (its first series at full resolution, read through tifffile's zarr view, so
        only the tiles or strips a chunk needs: :class:`TiffRegions`), a ``.zarr`` store (an
        array, or a group whose array ``"0"`` is the full resolution, as OME-Zarr stores it),
        another image file (read whole here, with a note, if it has at most
        :data:`WHOLE_READ_LIMIT` pixels), or an array. The chunks of an image read whole, or
        of a NumPy array, travel inside the graph through the scheduler: fine for some tens of
        megapixels (Dask warns past 10 MiB of graph); convert a larger image to a tiled TIFF or
        a zarr store.
    chunk : int
        Side of a chunk in pixels (the tile's core).
    report : callable
        Receives the note when a file is read whole.

    Returns
    -------
    dask.array.Array
        The image as stored (its own type), chunked ``chunk x chunk``, channels in one chunk.

    Raises
    ------
    ValueError
        For a file too large to read whole in a format without chunks, or a TIFF that holds
        a stack (pages, channels, time points) rather than one image.

    Examples
    --------
    >>> import numpy as np
    >>> read_lazy(np.zeros((300, 500), np.uint8), chunk=256).chunks
    ((256, 44), (256, 244))

    References
    ----------
    tifffile, ``imread(..., aszarr=True)``; zarr, ``zarr.open``; Dask, ``dask.array.from_array``
    and "Create Dask Arrays", https://docs.dask.org/en/stable/array-creation.html
    """
    import dask.array as da
    import zarr

    if isinstance(source, (str, Path)):
        path = Path(source)
        if path.suffix.lower() in (".tif", ".tiff"):
            return _read_tiff(path, chunk)
        if path.suffix.lower() == ".zarr" or path.is_dir():
            source = _open_zarr(path)
        else:
            from ..datasets import load_image

            report(f"{path.name}: not a chunked format, read whole into memory.")
            source = load_image(path)
            if source.shape[0] * source.shape[1] > WHOLE_READ_LIMIT:
                raise ValueError(
                    f"{path.name} has {source.shape[0]} x {source.shape[1]} pixels: too large "
                    "to read whole. Convert it to a tiled TIFF or a zarr store first."
                )
    if isinstance(source, zarr.Group):
        source = source["0"]
    chunks = (chunk, chunk) + tuple(-1 for _ in source.shape[2:])
    if isinstance(source, da.Array):
        return source.rechunk(chunks)
    # A zarr array pickles to about a kilobyte (its metadata and the store's path): inlined in
    # each task, as the TIFF's description is, rather than a key every task depends on.
    return da.from_array(source, chunks=chunks, inline_array=True)
