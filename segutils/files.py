"""Read images from files and encoded bytes into the canonical form of :mod:`segutils.images`.

Decoding is imageio's; every decoder error becomes one message that says what to use instead.
"""

from __future__ import annotations

import io
import os
from pathlib import Path

import imageio.v3 as iio
import numpy as np

from .images import as_image, to_gray

__all__ = ["ImageSource", "read_image"]

#: What :func:`read_image` accepts.
ImageSource = str | os.PathLike | bytes | bytearray | np.ndarray


def read_image(
    source: ImageSource,
    *,
    gray: bool = False,
    drop_alpha: bool = False,
    stretch: bool = False,
) -> np.ndarray:
    """Read an image file, encoded bytes or an array into the canonical form.

    :func:`segutils.load_image` also takes sample names and URLs and then calls this.

    Parameters
    ----------
    source : str, path-like, bytes or ndarray
        - a path to an image file (PNG, JPEG, TIFF, BMP, ...);
        - the bytes of an encoded image, e.g. the content of an upload widget;
        - an array, passed to :func:`as_image`.
    gray : bool, optional
        Convert the result to grayscale with :func:`to_gray`.
    drop_alpha : bool, optional
        Accept an RGBA image with transparent pixels by discarding its alpha channel.
        Fully opaque RGBA images are always accepted.
    stretch : bool, optional
        Map the image's own minimum and maximum to 0 and 1 instead of the full range of its
        data type. Useful for 12-bit microscopy stored in 16-bit files.

    Returns
    -------
    ndarray
        ``float32`` image in ``[0, 1]``, ``(H, W)`` or ``(H, W, 3)`` RGB.

    Raises
    ------
    FileNotFoundError
        If ``source`` is a path and no such file exists.
    ValueError
        If the data cannot be decoded as an image, or the decoded array is not acceptable
        (see :func:`as_image`).

    Examples
    --------
    >>> import numpy as np
    >>> read_image(np.zeros((2, 3), np.uint8)).shape
    (2, 3)

    References
    ----------
    https://imageio.readthedocs.io/en/stable/reference/userapi.html
    """
    if isinstance(source, np.ndarray):
        array = source
    elif isinstance(source, bytes | bytearray):
        array = _decode(bytes(source), what="the given bytes")
    else:
        path = Path(os.fspath(source))
        if not path.is_file():
            raise FileNotFoundError(
                f"No image file at {str(path)!r} (resolved to {path.resolve()}). Check the "
                "spelling and the working directory (os.getcwd()), or pass an absolute path."
            )
        array = _decode(path.read_bytes(), what=str(path))
    image = as_image(array, drop_alpha=drop_alpha, stretch=stretch)
    return to_gray(image) if gray else image


def _decode(data: bytes, *, what: str) -> np.ndarray:
    """Decode encoded image bytes with imageio, turning its errors into one clear message."""
    if not data:
        raise ValueError(f"{what} is empty (0 bytes): there is no image to read.")
    try:
        # tifffile reads every page, so a stack is reported instead of silently cut to page 0.
        plugin = "tifffile" if _is_tiff(data) else None
        array = iio.imread(io.BytesIO(data), plugin=plugin)
    except Exception as error:  # imageio raises many types, none of which tell the user much
        raise ValueError(
            f"Could not decode {what} as an image ({type(error).__name__}: {error}). "
            "Use a PNG, JPEG, TIFF or BMP file; a PDF, a video or a text file is not an image."
        ) from error
    if array.ndim == 3 and array.shape[0] > 1 and array.shape[-1] not in (1, 3, 4):
        raise ValueError(
            f"{what} holds a stack of {array.shape[0]} images; segutils works on one 2-D image. "
            "Select one, e.g. imageio.v3.imread(path, index=0)."
        )
    return array


def _is_tiff(data: bytes) -> bool:
    """Whether ``data`` starts with a TIFF signature."""
    return data[:4] in (b"II*\x00", b"MM\x00*")
