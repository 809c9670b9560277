"""Conversions from the canonical form: gray, RGB, 8-bit, OpenCV's BGR, JPEG, a network's scale."""

from __future__ import annotations

import cv2
import numpy as np
from skimage import color

from .canonical import validate_image

__all__ = ["encode_jpeg", "to_bgr_uint8", "to_gray", "to_network_scale", "to_rgb", "to_uint8"]


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

    References
    ----------
    ITU-R Recommendation BT.709, the luminance weights; scikit-image documentation,
    :func:`skimage.color.rgb2gray`.
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

    References
    ----------
    scikit-image documentation, "Image data types and what they mean" and
    :func:`skimage.util.img_as_ubyte`.
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

    References
    ----------
    OpenCV documentation, :func:`cv2.cvtColor` (OpenCV orders channels BGR).
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
    shaped = frame.ndim == 2 or frame.ndim == 3 and frame.shape[2] == 3
    if frame.dtype != np.uint8 or not shaped or frame.size == 0:
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
    if images.ndim < 2 or images.size == 0:
        raise ValueError(
            f"images have shape {images.shape}; expected an image (H, W[, 3]) or a stack of them."
        )
    low, high = float(images.min()), float(images.max())
    if not (0.0 <= low and high <= 1.0):
        raise ValueError(
            f"images span [{low:.4g}, {high:.4g}], outside [0, 1]; convert each with "
            "segutils.as_image(image) (8-bit data is divided by 255 there, once)."
        )
    return np.asarray(images * np.float32(255.0))
