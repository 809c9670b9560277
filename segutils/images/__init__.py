"""Validate and convert images: the one place where the in-memory form is decided.

**The canonical form.** Every segutils function takes and returns images as NumPy arrays of
``float32`` with values in ``[0, 1]``, shaped ``(H, W)`` for grayscale or ``(H, W, 3)`` for colour
in **RGB** order. Masks are ``bool`` arrays ``(H, W)``; label images are integer arrays ``(H, W)``
with 0 for background and 1..N for regions.

Why this form: it is what ``skimage.util.img_as_float`` produces, so scikit-image functions accept
it without a copy; ``float32`` halves the memory of ``float64`` and keeps interactive work fast;
and fixing RGB here means OpenCV's BGR order never leaks out of a function (see :func:`to_uint8`
and :func:`to_bgr_uint8` for the way in to OpenCV).

Examples
--------
>>> import numpy as np
>>> image = as_image(np.array([[0, 128, 255]], dtype=np.uint8))
>>> image.dtype, [round(value, 3) for value in image[0].tolist()]
(dtype('float32'), [0.0, 0.502, 1.0])

This package imports nothing else from segutils: it is the ground floor every other module
stands on. :mod:`.canonical` says what an image array may hold and checks it; :mod:`.convert`
turns a canonical image into the other forms libraries need; :mod:`.fixes` keeps a message
whose fix is a keyword, so that a command can name its option instead. Masks and label images
have their own checks in :mod:`segutils.masks`.
"""

from .canonical import as_image, require_contrast, validate_image
from .convert import encode_jpeg, to_bgr_uint8, to_gray, to_network_scale, to_rgb, to_uint8

__all__ = [
    "as_image",
    "encode_jpeg",
    "require_contrast",
    "to_bgr_uint8",
    "to_gray",
    "to_network_scale",
    "to_rgb",
    "to_uint8",
    "validate_image",
]
