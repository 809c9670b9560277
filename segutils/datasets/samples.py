"""The sample images scikit-image ships, and :func:`load_image`, which reads any image source.

:func:`load_image` takes what a user has at hand -- a path, bytes, a URL or a sample name -- and
returns the canonical form of :mod:`segutils.images`.
"""

from __future__ import annotations

import os
from typing import Literal

import numpy as np
import skimage.data

from ..files import ImageSource, read_image
from ..images import as_image

__all__ = ["SAMPLES", "SampleName", "load_image", "sample"]

#: The name of a sample image: a key of :data:`SAMPLES`, spelled out for editors and type checkers.
SampleName = Literal[
    "astronaut",
    "brick",
    "camera",
    "cell",
    "chelsea",
    "clock",
    "coffee",
    "coins",
    "colorwheel",
    "grass",
    "gravel",
    "horse",
    "hubble_deep_field",
    "immunohistochemistry",
    "microaneurysms",
    "moon",
    "page",
    "retina",
    "rocket",
    "text",
]

#: Sample images bundled inside the scikit-image wheel (so they load offline), with what they show.
SAMPLES: dict[SampleName, str] = {
    "astronaut": "portrait of astronaut Eileen Collins (RGB)",
    "brick": "brick wall texture (gray)",
    "camera": "the classic cameraman photograph (gray)",
    "cell": "bright-field micrograph of a single cell (gray)",
    "chelsea": "Chelsea the cat (RGB)",
    "clock": "motion-blurred clock (gray)",
    "coffee": "a cup of coffee (RGB)",
    "coins": "Greek coins on a gray background, uneven lighting (gray)",
    "colorwheel": "a colour wheel (RGB)",
    "grass": "grass texture (gray)",
    "gravel": "gravel texture (gray)",
    "horse": "silhouette of a horse (binary)",
    "hubble_deep_field": "Hubble deep field, many small galaxies (RGB)",
    "immunohistochemistry": "IHC-stained tissue, nuclei in blue and brown (RGB)",
    "microaneurysms": "retinal microaneurysms, small and faint (gray)",
    "moon": "surface of the moon, low contrast (gray)",
    "page": "scanned page of text, uneven lighting (gray)",
    "retina": "fundus photograph of a human retina (RGB)",
    "rocket": "a rocket on its launch pad (RGB)",
    "text": "photographed text, shading and noise (gray)",
}


def sample(name: SampleName) -> np.ndarray:
    """Return one of scikit-image's bundled sample images in the canonical form.

    Parameters
    ----------
    name : str
        A key of :data:`SAMPLES`, e.g. ``"coins"``.

    Returns
    -------
    ndarray
        ``float32`` image in ``[0, 1]`` (gray or RGB).

    Raises
    ------
    ValueError
        If ``name`` is not a known sample.

    Examples
    --------
    >>> sample("coins").shape
    (303, 384)

    References
    ----------
    https://scikit-image.org/docs/stable/api/skimage.data.html
    """
    if name not in SAMPLES:
        raise ValueError(f"Unknown sample {name!r}. Choose one of: {', '.join(sorted(SAMPLES))}.")
    return as_image(getattr(skimage.data, name)())


def load_image(
    source: ImageSource,
    *,
    gray: bool = False,
    drop_alpha: bool = False,
    stretch: bool = False,
) -> np.ndarray:
    """Load an image from a path, raw bytes, a URL or a sample name into the canonical form.

    Parameters
    ----------
    source : str, path-like, bytes or ndarray
        - a path to an image file (PNG, JPEG, TIFF, BMP, GIF, WebP, ...), decoded by the
          conventions of its format (EXIF orientation, palette, CMYK; see
          :func:`segutils.files.read_image`);
        - the bytes of an encoded image, e.g. the content of an upload widget;
        - an ``http(s)://`` URL, fetched once and cached (see
          :func:`segutils.datasets.downloads.fetch_url`);
        - the name of a sample image shipped with scikit-image (see :data:`SAMPLES`), e.g.
          ``"coins"``;
        - an array, passed to :func:`segutils.images.as_image`.
    gray, drop_alpha, stretch : bool, optional
        As in :func:`segutils.files.read_image`: grayscale, drop a transparent alpha channel,
        stretch the image's own range to 0..1.

    Returns
    -------
    ndarray
        ``float32`` image in ``[0, 1]``, ``(H, W)`` or ``(H, W, 3)`` RGB.

    Raises
    ------
    FileNotFoundError
        If ``source`` looks like a path and no such file exists.
    ValueError
        If the data cannot be decoded as an image, or the decoded array is not acceptable.

    Examples
    --------
    >>> load_image("astronaut").shape
    (512, 512, 3)
    >>> load_image("astronaut", gray=True).shape
    (512, 512)

    References
    ----------
    https://scikit-image.org/docs/stable/api/skimage.data.html
    """
    options = {"gray": gray, "drop_alpha": drop_alpha, "stretch": stretch}
    if isinstance(source, np.ndarray | bytes | bytearray):
        return read_image(source, **options)
    text = os.fspath(source)
    if text.startswith(("http://", "https://")):
        from .downloads import fetch_url  # pooch and requests only when a URL is given

        return read_image(fetch_url(text).read_bytes(), **options)
    if os.path.isfile(text) or os.path.splitext(text)[1] or os.sep in text or "/" in text:
        return read_image(text, **options)
    if text in SAMPLES:
        return read_image(sample(text), **options)
    raise ValueError(
        f"{text!r} is neither an existing file nor a sample name. Sample names are: "
        f"{', '.join(sorted(SAMPLES))}."
    )
