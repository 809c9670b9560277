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

This module imports nothing from segutils: it is the ground floor every other module stands on.
Masks and label images have their own checks in :mod:`segutils.masks`.
"""

from __future__ import annotations

import cv2
import numpy as np
from skimage import color, util

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


def as_image(array: np.ndarray, *, drop_alpha: bool = False, stretch: bool = False) -> np.ndarray:
    """Convert an array to the canonical form, or say exactly why it cannot be.

    Accepted: ``bool``, ``uint8``, ``uint16`` and other integer types (scaled by their type's
    range), floats already in ``[0, 1]``, shapes ``(H, W)``, ``(H, W, 1)``, ``(H, W, 3)`` and
    opaque ``(H, W, 4)``.

    Parameters
    ----------
    array : ndarray
        The image data.
    drop_alpha : bool, optional
        Discard the alpha channel of an RGBA image even if some pixels are transparent.
    stretch : bool, optional
        Rescale the image's own minimum..maximum to 0..1 (for float data out of range, or
        integer data that uses only part of its type's range).

    Returns
    -------
    ndarray
        ``float32`` image in ``[0, 1]``, ``(H, W)`` or ``(H, W, 3)`` RGB.

    Raises
    ------
    TypeError
        If ``array`` is not a NumPy array of a numeric or boolean type.
    ValueError
        For an empty image, NaN or infinite values, float values outside ``[0, 1]`` (without
        ``stretch``), transparent RGBA (without ``drop_alpha``) or an unsupported shape.

    Examples
    --------
    >>> import numpy as np
    >>> as_image(np.array([[0, 65535]], dtype=np.uint16))
    array([[0., 1.]], dtype=float32)
    >>> as_image(np.zeros((4, 4, 1), dtype=np.uint8)).shape
    (4, 4)
    """
    if not isinstance(array, np.ndarray):
        raise TypeError(
            f"Expected a NumPy array, got {type(array).__name__}. Use segutils.load_image() for "
            "paths, bytes, URLs and sample names, or np.asarray(...) for lists."
        )
    if array.dtype.kind not in "biuf":
        raise TypeError(
            f"Image arrays must be boolean, integer or float, not {array.dtype}. "
            "Convert with array.astype(np.float32) after checking the values."
        )
    if array.size == 0:
        raise ValueError(
            f"The image is empty (shape {array.shape}). Check the crop or slice that produced it."
        )
    array = _canonical_shape(array, drop_alpha=drop_alpha)

    if array.dtype.kind == "f":
        if not np.isfinite(array).all():
            bad = int(np.count_nonzero(~np.isfinite(array)))
            raise ValueError(
                f"The image has {bad} NaN or infinite values. Replace them first, e.g. "
                "np.nan_to_num(image, nan=0.0), or crop them away."
            )
        low, high = float(array.min()), float(array.max())
        if stretch:
            image = _stretch(array.astype(np.float32))
        elif low < 0.0 or high > 1.0:
            raise ValueError(
                f"Float image values span [{low:.4g}, {high:.4g}], outside [0, 1]. Pass "
                "stretch=True to map min..max to 0..1, or divide by the true maximum "
                "(255 for 8-bit data, 65535 for 16-bit)."
            )
        else:
            image = array.astype(np.float32, copy=False)
    elif stretch and array.dtype.kind in "iu":
        image = _stretch(array.astype(np.float32))
    else:
        # img_as_float32 scales by the dtype's range: uint8 / 255, uint16 / 65535, bool -> 0/1.
        image = util.img_as_float32(array)
        if array.dtype.kind == "i":
            # Signed types map to [-1, 1]; an image only uses the non-negative half.
            image = np.clip(image, 0.0, 1.0)
    return np.ascontiguousarray(image)


def _canonical_shape(array: np.ndarray, *, drop_alpha: bool) -> np.ndarray:
    """Squeeze single channels and drop opaque alpha; refuse shapes that are not one image."""
    if array.ndim == 3 and array.shape[-1] == 1:
        return array[..., 0]
    if array.ndim == 3 and array.shape[-1] == 4:
        alpha = array[..., 3]
        opaque = np.iinfo(array.dtype).max if array.dtype.kind in "iu" else 1
        if drop_alpha or np.all(alpha == opaque):
            return array[..., :3]
        raise ValueError(
            "The image is RGBA with transparent pixels, and segmentation has no notion of "
            "transparency. Pass drop_alpha=True to ignore the alpha channel, or composite it "
            "onto a background first with skimage.color.rgba2rgb(image)."
        )
    if array.ndim == 2 or (array.ndim == 3 and array.shape[-1] == 3):
        return array
    raise ValueError(
        f"Unsupported image shape {array.shape}: expected (H, W) grayscale, (H, W, 3) RGB or "
        "(H, W, 4) RGBA. For a channels-first array use np.moveaxis(image, 0, -1); for a stack "
        "or volume, pick one 2-D slice."
    )


def _stretch(image: np.ndarray) -> np.ndarray:
    low, high = float(image.min()), float(image.max())
    if high == low:
        return np.zeros_like(image)
    return (image - low) / (high - low)


def validate_image(image: np.ndarray, *, name: str = "image", color: bool | None = None) -> None:
    """Check that ``image`` is already in the canonical form, with a message that says the fix.

    Method functions call this on their input so that a wrong dtype or range fails loudly
    instead of producing a silently wrong segmentation.

    Parameters
    ----------
    image : ndarray
        The array to check.
    name : str, optional
        What to call the array in error messages.
    color : bool or None, optional
        ``True`` requires ``(H, W, 3)``, ``False`` requires ``(H, W)``, ``None`` accepts either.

    Raises
    ------
    TypeError, ValueError
        If the array is not canonical; the message names the conversion to use.

    Examples
    --------
    >>> import numpy as np
    >>> validate_image(np.zeros((8, 8), dtype=np.float32))
    >>> validate_image(np.zeros((8, 8), dtype=np.uint8))  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    TypeError: image has dtype uint8; ... Convert it with segutils.as_image(image).
    """
    if not isinstance(image, np.ndarray):
        raise TypeError(
            f"{name} must be a NumPy array, got {type(image).__name__}. "
            "Load it with segutils.load_image(...)."
        )
    if image.dtype != np.float32:
        raise TypeError(
            f"{name} has dtype {image.dtype}; segutils works on float32 in [0, 1]. "
            f"Convert it with segutils.as_image({name})."
        )
    if image.size == 0:
        raise ValueError(f"{name} is empty (shape {image.shape}).")
    if image.ndim not in (2, 3) or (image.ndim == 3 and image.shape[-1] != 3):
        raise ValueError(
            f"{name} has shape {image.shape}; expected (H, W) or (H, W, 3). "
            f"Convert it with segutils.as_image({name})."
        )
    if color is True and image.ndim != 3:
        raise ValueError(f"{name} must be an RGB image (H, W, 3), got shape {image.shape}.")
    if color is False and image.ndim != 2:
        raise ValueError(
            f"{name} must be grayscale (H, W), got shape {image.shape}. "
            f"Convert it with segutils.to_gray({name})."
        )
    low, high = float(np.min(image)), float(np.max(image))
    if not (np.isfinite(low) and np.isfinite(high)):
        raise ValueError(
            f"{name} contains NaN or infinite values; replace them with np.nan_to_num({name})."
        )
    if low < 0.0 or high > 1.0:
        raise ValueError(
            f"{name} values span [{low:.4g}, {high:.4g}], outside [0, 1]. "
            f"Use segutils.as_image({name}, stretch=True)."
        )


def require_contrast(image: np.ndarray, *, method: str, min_range: float = 1e-6) -> None:
    """Raise a clear error when a method that needs contrast gets a (nearly) constant image.

    Parameters
    ----------
    image : ndarray
        Canonical image.
    method : str
        Name of the method, used in the message.
    min_range : float, optional
        Smallest ``max - min`` that counts as contrast.

    Raises
    ------
    ValueError
        If ``image.max() - image.min() < min_range``.

    Examples
    --------
    >>> import numpy as np
    >>> require_contrast(np.full((4, 4), 0.5, np.float32), method="Otsu")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: Otsu needs an image with contrast, but every pixel is 0.5. ...
    """
    low, high = float(np.min(image)), float(np.max(image))
    if high - low < min_range:
        raise ValueError(
            f"{method} needs an image with contrast, but every pixel is {low:.3g}. "
            "Check that the right image was loaded (a blank or saturated frame?)."
        )


def to_gray(image: np.ndarray) -> np.ndarray:
    """Convert a canonical image to grayscale (luminance, ITU-R BT.709 weights).

    Parameters
    ----------
    image : ndarray
        Canonical image; a grayscale image is returned unchanged.

    Returns
    -------
    ndarray
        ``float32`` ``(H, W)`` in ``[0, 1]``.

    Examples
    --------
    >>> import numpy as np
    >>> to_gray(np.ones((2, 2, 3), dtype=np.float32)).round(3).tolist()
    [[1.0, 1.0], [1.0, 1.0]]
    """
    validate_image(image)
    if image.ndim == 2:
        return image
    return color.rgb2gray(image).astype(np.float32, copy=False)


def to_rgb(image: np.ndarray) -> np.ndarray:
    """Convert a canonical image to RGB ``(H, W, 3)``; gray is repeated over three channels.

    Parameters
    ----------
    image : ndarray
        Canonical image; an RGB image is returned unchanged.

    Returns
    -------
    ndarray
        ``float32`` ``(H, W, 3)`` in ``[0, 1]``.

    Examples
    --------
    >>> import numpy as np
    >>> to_rgb(np.full((2, 2), 0.5, np.float32)).shape
    (2, 2, 3)

    References
    ----------
    :func:`skimage.color.gray2rgb`.
    """
    validate_image(image)
    if image.ndim == 3:
        return image
    return color.gray2rgb(image).astype(np.float32, copy=False)


def to_uint8(image: np.ndarray) -> np.ndarray:
    """Convert a canonical image to ``uint8`` 0..255, the form OpenCV's 8-bit functions need.

    Parameters
    ----------
    image : ndarray
        Canonical image (RGB stays RGB: use :func:`to_bgr_uint8` for OpenCV colour functions).

    Returns
    -------
    ndarray
        ``uint8`` array of the same shape, rounded to the nearest level.

    Examples
    --------
    >>> import numpy as np
    >>> to_uint8(np.array([[0.0, 0.5, 1.0]], dtype=np.float32))
    array([[  0, 128, 255]], dtype=uint8)
    """
    validate_image(image)
    return np.round(image * 255.0).astype(np.uint8)


def to_bgr_uint8(image: np.ndarray) -> np.ndarray:
    """Convert a canonical RGB image to OpenCV's ``uint8`` BGR layout (gray stays gray).

    Use it only right before an OpenCV call, and convert the result back with
    ``cv2.cvtColor(result, cv2.COLOR_BGR2RGB)`` before it leaves the function.

    Parameters
    ----------
    image : ndarray
        Canonical image.

    Returns
    -------
    ndarray
        ``uint8`` ``(H, W, 3)`` in BGR order, or ``(H, W)`` for grayscale input.

    Examples
    --------
    >>> import numpy as np
    >>> red = np.zeros((1, 1, 3), dtype=np.float32); red[..., 0] = 1.0
    >>> to_bgr_uint8(red).tolist()
    [[[0, 0, 255]]]
    """
    as_bytes = to_uint8(image)
    if as_bytes.ndim == 2:
        return as_bytes
    return cv2.cvtColor(as_bytes, cv2.COLOR_RGB2BGR)


def encode_jpeg(frame: np.ndarray, *, quality: int = 90) -> bytes:
    """Encode an RGB (or gray) ``uint8`` picture as JPEG bytes with OpenCV's fast encoder.

    OpenCV writes BGR; the channel swap happens here so that callers stay in RGB.

    Parameters
    ----------
    frame : ndarray
        ``uint8`` ``(H, W, 3)`` RGB or ``(H, W)`` gray, e.g. from :func:`to_uint8`.
    quality : int, optional
        JPEG quality, 1..100.

    Returns
    -------
    bytes
        The encoded picture, starting with the JPEG signature ``FF D8``.

    Examples
    --------
    >>> import numpy as np
    >>> encode_jpeg(np.zeros((8, 8, 3), np.uint8))[:2].hex()
    'ffd8'

    References
    ----------
    OpenCV documentation, ``cv2.imencode``.
    """
    if frame.dtype != np.uint8 or frame.ndim not in (2, 3):
        raise TypeError(
            f"encode_jpeg needs a uint8 (H, W[, 3]) picture, got {frame.dtype} "
            f"{frame.shape}; convert it with to_uint8()."
        )
    if frame.ndim == 3:
        frame = cv2.cvtColor(frame, cv2.COLOR_RGB2BGR)
    ok, encoded = cv2.imencode(".jpg", frame, [cv2.IMWRITE_JPEG_QUALITY, int(quality)])
    if not ok:  # pragma: no cover - OpenCV fails only on arrays the check above refuses
        raise RuntimeError("JPEG encoding failed.")
    return encoded.tobytes()


def to_network_scale(images: np.ndarray) -> np.ndarray:
    """Canonical images (one or a stack) on the ``0..255`` float scale of ImageNet backbones.

    Keras backbones' preprocessing functions expect 8-bit-range floats; this checks that the
    input really is in ``[0, 1]`` before scaling, so a ``0..255`` array is not scaled twice.

    Parameters
    ----------
    images : ndarray
        ``float32`` in ``[0, 1]``, any shape.

    Returns
    -------
    ndarray
        ``float32``, values in ``[0, 255]``.

    Raises
    ------
    TypeError, ValueError
        If the array is not ``float32`` in ``[0, 1]``.

    Examples
    --------
    >>> import numpy as np
    >>> to_network_scale(np.array([[0.0, 1.0]], np.float32)).tolist()
    [[0.0, 255.0]]

    References
    ----------
    Keras applications, ``preprocess_input``.
    """
    images = np.asarray(images)
    if images.dtype != np.float32:
        raise TypeError(
            f"images have dtype {images.dtype}; expected float32 in [0, 1]. "
            "Convert each with segutils.as_image(image)."
        )
    low, high = float(images.min()), float(images.max())
    if not (0.0 <= low and high <= 1.0):
        raise ValueError(
            f"images span [{low:.4g}, {high:.4g}], outside [0, 1]; convert each with "
            "segutils.as_image(image) (8-bit data is divided by 255 there, once)."
        )
    return images * np.float32(255.0)
