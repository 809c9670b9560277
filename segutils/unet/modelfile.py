"""What a model file holds, checked before Keras reads it, so a wrong file is named for what it is.

Keras answers a file it cannot read with messages that mislead: "File not found" for a ``.keras``
file that exists but is not a zip archive, a ``KeyError`` about ``config.json`` for a zip that is
not a model. :func:`check_model_file` looks at the file first (its name, its first bytes, the
members of the archive) and says what was expected and what the file looks like instead
(:func:`describe_contents`).

A ``.keras`` file is a zip archive holding ``config.json`` (the architecture),
``metadata.json`` and ``model.weights.h5`` (the weights); a legacy ``.h5`` model is one HDF5 file.
"""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

__all__ = ["check_model_file", "describe_contents"]

#: What a ``.keras`` archive must hold for Keras to rebuild a model from it.
KERAS_MEMBERS = ("config.json", "model.weights.h5")

# First bytes of the files a model path is most often confused with, and what to call them.
_SIGNATURES = (
    (b"\x89HDF\r\n\x1a\n", "an HDF5 file"),
    (b"PK\x03\x04", "a zip archive"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"%PDF", "a PDF document"),
    (b"\x1f\x8b", "a gzip-compressed file"),
    (b"version https://git-lfs", "a Git LFS pointer, not the file itself (run `git lfs pull`)"),
)


def describe_contents(path: str | os.PathLike) -> str:
    """Say what a file looks like from its first bytes, for an error message.

    Parameters
    ----------
    path : path-like
        An existing file.

    Returns
    -------
    str
        E.g. ``"an empty file"``, ``"a PNG image"``, ``"JSON text"``, ``"an HTML page"``,
        ``"a text file"`` or ``"binary data of no format recognised here"``.

    Examples
    --------
    >>> import tempfile
    >>> path = Path(tempfile.mkdtemp()) / "model.keras"
    >>> _ = path.write_text('{"loss": 0.1}')
    >>> describe_contents(path)
    'JSON text'

    References
    ----------
    Gary Kessler, "File Signatures" (the first bytes of common formats); Keras documentation,
    "Save, serialize, and export models" (the ``.keras`` format, a zip archive).
    """
    with open(path, "rb") as file:
        head = file.read(512)
    if not head:
        return "an empty file"
    for signature, kind in _SIGNATURES:
        if head.startswith(signature):
            return kind
    try:
        text = head.decode("utf-8").lstrip()
    except UnicodeDecodeError:
        return "binary data of no format recognised here"
    if text.startswith(("{", "[")):
        return "JSON text"
    if text[:15].lower().startswith(("<!doctype html", "<html")):
        return "an HTML page (a download that returned a web page?)"
    return "a text file"


def check_model_file(path: str | os.PathLike) -> Path:
    """Check that a path is a model file Keras can read, or say what it is instead.

    Accepts a ``.keras`` archive (a zip holding ``config.json`` and ``model.weights.h5``) and a
    legacy ``.h5`` model (an HDF5 file). Whether the model inside can be rebuilt is for Keras
    to find out; this only makes sure it gets the kind of file it expects.

    Parameters
    ----------
    path : path-like
        The file to check; ``~`` is expanded.

    Returns
    -------
    Path
        The path, ``~`` expanded.

    Raises
    ------
    TypeError
        If ``path`` is not a path (a model object, None).
    FileNotFoundError
        If nothing exists at the path.
    IsADirectoryError
        If it is a folder (a TensorFlow SavedModel, which Keras 3 cannot load as a model).
    ValueError
        If it is not a ``.keras`` archive or an ``.h5`` model: the message says what it looks
        like.

    Examples
    --------
    >>> import tempfile
    >>> path = Path(tempfile.mkdtemp()) / "model.keras"
    >>> _ = path.write_text("not a model")
    >>> check_model_file(path)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: model.keras is not a Keras archive (...); it looks like a text file. ...

    References
    ----------
    Keras documentation, "Save, serialize, and export models" (the ``.keras`` format) and
    :func:`keras.saving.load_model`.
    """
    if not isinstance(path, str | os.PathLike):
        raise TypeError(
            f"path must be the path of a model file (str or pathlib.Path), got "
            f"{type(path).__name__}. A model object is used as it is; nothing to load."
        )
    target = Path(path).expanduser()
    if not target.exists():
        where = "" if target.is_absolute() else f" (relative to the working folder {Path.cwd()})"
        raise FileNotFoundError(f"There is no model file at {target}{where}.")
    if target.is_dir():
        raise IsADirectoryError(
            f"{target} is a folder, not a model file. segutils.unet.save_model writes one "
            ".keras file; a TensorFlow SavedModel folder cannot be loaded as a model by Keras 3 "
            "(keras.layers.TFSMLayer reads one for inference)."
        )
    name, looks = target.name, describe_contents(target)
    if name.endswith(".weights.h5"):
        raise ValueError(
            f"{name} is a weights file (Model.save_weights), not a model: it holds no "
            "architecture. Build the same model, then call model.load_weights(path)."
        )
    if target.suffix == ".h5":
        if looks != "an HDF5 file":
            raise ValueError(
                f"{name} is not an HDF5 file (a legacy .h5 model is one); it looks like {looks}."
            )
        return target
    if target.suffix != ".keras":
        hint = ""
        if _keras_members(target) is not None and not _missing_members(target):
            hint = f" It is a Keras archive under another name: rename it to {target.stem}.keras."
        raise ValueError(
            f"{name} is not a Keras model file: load_model reads a .keras file (written by "
            f"segutils.unet.save_model or Model.save) or a legacy .h5 model; this file looks "
            f"like {looks}.{hint}"
        )
    layout = (
        f"a .keras file is a zip holding {', '.join(KERAS_MEMBERS)} and metadata.json, "
        "as segutils.unet.save_model writes it"
    )
    if _keras_members(target) is None:
        raise ValueError(
            f"{name} is not a Keras archive ({layout}); it looks like {looks}. Check that the "
            "path names the model file, and that it was copied or downloaded whole."
        )
    missing = _missing_members(target)
    if missing:
        members = sorted(_keras_members(target) or [])
        shown = ", ".join(members[:5]) + (", ..." if len(members) > 5 else "") or "nothing"
        raise ValueError(
            f"{name} is a zip archive but not a Keras model: it has no {' or '.join(missing)} "
            f"({layout}); it holds {shown}."
        )
    return target


def _keras_members(path: Path) -> list[str] | None:
    """The names in a zip archive, or None for a file that is not one (or a damaged one)."""
    try:
        with zipfile.ZipFile(path) as archive:
            return archive.namelist()
    except (zipfile.BadZipFile, OSError):
        return None


def _missing_members(path: Path) -> list[str]:
    members = set(_keras_members(path) or [])
    return [member for member in KERAS_MEMBERS if member not in members]
