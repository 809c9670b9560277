"""Where a batch's outputs go, how each is written, and how a resumed run knows what is finished.

The output folder ``OUT`` holds, for an input ``NAME.ext``::

    OUT/labels/NAME.tif    a label image (0 = background), uint16 when the labels fit, else uint32
    OUT/masks/NAME.png     or a mask, 8-bit 0/255, for a method that returns a mask
    OUT/objects/NAME.csv   its objects' measurements (segutils.segment.measure)
    OUT/objects.csv        every image's objects, with an ``image`` column, for the whole run
    OUT/settings.json      the method, its full setting and how images are read, so a resumed
                           run can tell

**Formats.** Labels are TIFF because PNG stops at 16 bits and a large image can hold more than
65,535 objects; uint16 when they fit, so that most label images stay small and open in every
viewer, zlib-compressed (lossless; long runs of background compress well). A mask is a PNG of 0
and 255, so that any viewer shows it and ``segutils bench --data`` reads it as a mask.

**Finished, never half.** Every file is written to a hidden temporary name beside it and renamed
(:mod:`segutils.atomic_write`), the measurements last: an input is finished when its
measurements and its image exist. A run stopped mid-write leaves at most a hidden
``.NAME....part`` file, which is never taken for an output; an input redone loses its
measurements first, then its images and such leftovers (:meth:`Outputs.remove`).
"""

from __future__ import annotations

import glob
import io
import json
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import tifffile
from PIL import Image

from ..atomic_write import write_bytes, write_text

__all__ = [
    "OUTPUT_FOLDERS",
    "Outputs",
    "check_folder",
    "claim_folder",
    "collect_objects",
    "encode_output",
]

#: The folders of the outputs: label images, masks, measurements.
OUTPUT_FOLDERS = ("labels", "masks", "objects")
#: The record of what a folder's outputs were made with.
SETTINGS = "settings.json"
#: Every image's measurements in one table.
RUN_TABLE = "objects.csv"
#: The largest label a uint16 TIFF holds.
UINT16_MAX = np.iinfo(np.uint16).max


@dataclass(frozen=True)
class Outputs:
    """The output files of one input in the folder ``out``, named by the input's stem.

    Attributes
    ----------
    out : Path
        The run's output folder.
    name : str
        The input's file name without its extension.
    """

    out: Path
    name: str

    @property
    def labels(self) -> Path:
        """The label image, for a method that returns labels."""
        return self.out / OUTPUT_FOLDERS[0] / f"{self.name}.tif"

    @property
    def mask(self) -> Path:
        """The mask, for a method that returns a mask."""
        return self.out / OUTPUT_FOLDERS[1] / f"{self.name}.png"

    @property
    def objects(self) -> Path:
        """The measurements of the image's objects."""
        return self.out / OUTPUT_FOLDERS[2] / f"{self.name}.csv"

    def finished(self) -> bool:
        """Whether a run wrote this input's outputs to the end (measurements are written last)."""
        return self.objects.is_file() and (self.labels.is_file() or self.mask.is_file())

    def remove(self) -> None:
        """Remove what an earlier run left of these outputs, before they are made again.

        The measurements go first, so that the input stops counting as finished at once; then
        the images, and the temporary files of a write that was stopped (``.NAME.tif.XXXX.part``).
        """
        for path in (self.objects, self.labels, self.mask):
            path.unlink(missing_ok=True)
            if path.parent.is_dir():
                for leftover in path.parent.glob(f".{glob.escape(path.name)}.*.part"):
                    leftover.unlink(missing_ok=True)

    def write(self, output: np.ndarray, objects: pd.DataFrame) -> Path:
        """Write a method's output, then its measurements, each whole or not at all.

        Returns the image written (``labels`` or ``mask``). Call :meth:`remove` first when an
        earlier run may have left outputs, so that no file of the other kind stays beside it.
        """
        image = self.mask if output.dtype == bool else self.labels
        write_bytes(image, encode_output(output))
        write_text(self.objects, objects.to_csv(index=False))
        return image


def encode_output(output: np.ndarray) -> bytes:
    """A method's output as file bytes: a mask as a 0/255 PNG, labels as a compressed TIFF.

    Parameters
    ----------
    output : ndarray
        A ``bool`` mask, or integer labels (0 = background, no negative label).

    Returns
    -------
    bytes
        A PNG (mask) or a zlib-compressed TIFF, ``uint16`` when the largest label fits, else
        ``uint32``.

    Raises
    ------
    ValueError
        If labels are negative or above ``2**32 - 1``.

    Examples
    --------
    >>> labels = np.array([[0, 1], [70000, 2]], np.int32)
    >>> tifffile.imread(io.BytesIO(encode_output(labels))).dtype
    dtype('uint32')
    >>> np.asarray(Image.open(io.BytesIO(encode_output(labels < 2)))).tolist()
    [[255, 255], [0, 0]]

    References
    ----------
    tifffile, ``imwrite``, https://github.com/cgohlke/tifffile; Pillow, "PNG",
    https://pillow.readthedocs.io/en/stable/handbook/image-file-formats.html#png
    """
    buffer = io.BytesIO()
    if output.dtype == bool:
        Image.fromarray(output.astype(np.uint8) * 255).save(buffer, format="PNG")
        return buffer.getvalue()
    low, high = (int(output.min()), int(output.max())) if output.size else (0, 0)
    if low < 0 or high > np.iinfo(np.uint32).max:
        raise ValueError(
            f"labels must lie in 0 .. {np.iinfo(np.uint32).max} to be saved, not {low} .. {high}."
        )
    dtype = np.uint16 if high <= UINT16_MAX else np.uint32
    tifffile.imwrite(buffer, output.astype(dtype), compression="zlib")
    return buffer.getvalue()


def claim_folder(
    out: str | os.PathLike,
    method: str,
    setting: Mapping[str, Any],
    *,
    reading: Mapping[str, bool] | None = None,
    overwrite: bool = False,
) -> Path:
    """Make ``out`` the outputs' folder of this method and setting: check it, then record them.

    Parameters
    ----------
    out : str or path-like
        The output folder; made if needed.
    method : str
        The method's registered name.
    setting : mapping
        Its full setting (:func:`segutils.segment.settings.full_setting`), JSON values.
    reading : mapping of str to bool, optional
        How the images are read (``{"stretch": False, "drop_alpha": False}``), which changes
        the outputs as a parameter does.
    overwrite : bool, optional
        Take the folder whatever it holds; the caller then rewrites every output.

    Returns
    -------
    Path
        ``out``, with ``settings.json`` written.

    Raises
    ------
    ValueError
        As :func:`check_folder`.

    Examples
    --------
    >>> import tempfile
    >>> out = Path(tempfile.mkdtemp()) / "out"
    >>> claim_folder(out, "threshold.manual", {"level": 0.3, "invert": False}).is_dir()
    True
    >>> sorted(path.name for path in out.iterdir())
    ['settings.json']

    References
    ----------
    Python documentation, ``json``, https://docs.python.org/3/library/json.html
    """
    out = Path(out)
    check_folder(out, method, setting, reading=reading, overwrite=overwrite)
    write_text(out / SETTINGS, json.dumps(_record(method, setting, reading), indent=2) + "\n")
    return out


def check_folder(
    out: str | os.PathLike,
    method: str,
    setting: Mapping[str, Any],
    *,
    reading: Mapping[str, bool] | None = None,
    overwrite: bool = False,
) -> None:
    """Say why ``out`` cannot take this run's outputs, if it cannot; change nothing.

    A folder that already holds a run's outputs is resumed when it recorded the same method and
    full setting (``settings.json``); one made with another setting, or one holding other files,
    is refused unless ``overwrite`` (then its outputs are redone and the record replaced).

    Parameters
    ----------
    out : str or path-like
        The output folder (it need not exist).
    method : str
        The method's registered name.
    setting : mapping
        Its full setting (:func:`segutils.segment.settings.full_setting`), JSON values.
    reading : mapping of str to bool, optional
        How the images are read (``{"stretch": False, "drop_alpha": False}``).
    overwrite : bool, optional
        Accept the folder whatever it holds.

    Raises
    ------
    ValueError
        If ``out`` is a file, holds the outputs of another method or setting, or holds files
        that a batch did not write, and ``overwrite`` is False.

    Examples
    --------
    >>> import tempfile
    >>> out = claim_folder(Path(tempfile.mkdtemp()), "threshold.manual", {"level": 0.3})
    >>> check_folder(out, "threshold.manual", {"level": 0.3})  # the same run: resumed
    >>> check_folder(out, "threshold.manual", {"level": 0.5})  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: ...holds the outputs of threshold.manual with level=0.3; this run is ...

    References
    ----------
    Python documentation, ``json``, https://docs.python.org/3/library/json.html
    """
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise ValueError(f"--out {out} is a file; give a folder (it is made if needed).")
    if overwrite or not out.is_dir():
        return
    record = json.loads(json.dumps(_record(method, setting, reading)))  # as JSON reads it back
    kept = out / SETTINGS
    if kept.is_file():
        earlier = json.loads(kept.read_text(encoding="utf-8"))
        if earlier != record:
            raise ValueError(
                f"{out} holds the outputs of {_described(earlier)}; this run is "
                f"{_described(record)}. Pass another --out folder to keep them, or --overwrite "
                "(overwrite=True in Python) to redo every output there."
            )
    elif any(not entry.name.startswith(".") for entry in out.iterdir()):
        raise ValueError(
            f"{out} holds files that segutils segment did not write (no {SETTINGS}). Pass "
            "a new or empty --out folder, or --overwrite (overwrite=True in Python) to write "
            "among them."
        )


def _record(
    method: str, setting: Mapping[str, Any], reading: Mapping[str, bool] | None
) -> dict[str, Any]:
    """What ``settings.json`` holds: the method, its full setting, how images are read."""
    return {"method": method, "params": dict(setting), "reading": dict(reading or {})}


def _described(record: Mapping[str, Any]) -> str:
    """``threshold.manual with level=0.3, invert=False`` (and ``stretch`` when it was on)."""
    given = {
        **record.get("params", {}),
        **{k: v for k, v in record.get("reading", {}).items() if v},
    }
    words = ", ".join(f"{key}={value!r}" for key, value in given.items())
    return f"{record.get('method')} with {words or 'its defaults'}"


def collect_objects(out: str | os.PathLike, names: Sequence[tuple[str, str]]) -> Path:
    """Gather the finished images' measurements into one table for the run, ``OUT/objects.csv``.

    Parameters
    ----------
    out : str or path-like
        The run's output folder.
    names : sequence of (str, str)
        For each finished input: its file name (the ``image`` column) and its output name.

    Returns
    -------
    Path
        The table written: an ``image`` column, then the measurements' columns.

    Examples
    --------
    >>> import tempfile
    >>> out = Path(tempfile.mkdtemp())
    >>> Outputs(out, "a").write(np.eye(2, dtype=bool), pd.DataFrame({"label": [1, 2]})).name
    'a.png'
    >>> pd.read_csv(collect_objects(out, [("a.jpg", "a")])).to_dict("list")
    {'image': ['a.jpg', 'a.jpg'], 'label': [1, 2]}

    References
    ----------
    pandas documentation, ``pandas.concat``,
    https://pandas.pydata.org/docs/reference/api/pandas.concat.html
    """
    out = Path(out)
    tables = []
    for image, name in names:
        table = pd.read_csv(Outputs(out, name).objects)
        table.insert(0, "image", image)
        tables.append(table)
    # pandas warns when empty tables join others; an image without objects adds no row anyway
    with_rows = [table for table in tables if len(table)] or tables[:1]
    whole = (
        pd.concat(with_rows, ignore_index=True) if with_rows else pd.DataFrame(columns=["image"])
    )
    return write_text(out / RUN_TABLE, whole.to_csv(index=False))
