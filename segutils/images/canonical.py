"""The canonical form: what an image array may hold, how it maps to [0, 1], and the checks."""

from __future__ import annotations

import warnings

import numpy as np

from .fixes import SLOT, KeywordFixError, KeywordFixWarning

__all__ = ["as_image", "require_contrast", "validate_image"]


def as_image(array: np.ndarray, *, drop_alpha: bool = False, stretch: bool = False) -> np.ndarray:
    """Convert an array to the canonical form, or say exactly why it cannot be.

    **How values map to [0, 1]** (with ``stretch=True``, every numeric type instead maps its own
    minimum..maximum to 0..1):

    - ``bool``: False 0, True 1;
    - ``uint8`` and ``uint16``: by the type's range (/ 255, / 65535). An image that uses less
      than a sixteenth of that range (a 16-bit file holding 12-bit data, a 0/1 mask saved as
      8-bit) would look black: it is converted all the same, with a warning that says so;
    - other integer types (``np.array`` of Python ints gives ``int64``): by the range of the
      smallest image type that holds the values, 8-bit if all are in 0..255, else 16-bit if in
      0..65535; negative or larger values are refused;
    - floats (16, 32, 64 bit): taken as they are, and must lie in ``[0, 1]``.

    Shapes: ``(H, W)``, ``(H, W, 1)``, ``(H, W, 3)`` and opaque ``(H, W, 4)``.

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
        ``stretch``), integers that fit no image type, transparent RGBA (without
        ``drop_alpha``) or an unsupported shape. Those a keyword fixes raise a
        :class:`~.fixes.KeywordFixError` (a ValueError) that names it, so that a command can
        name its option instead.

    Warns
    -----
    UserWarning
        When an 8- or 16-bit image uses less than a sixteenth of its type's range (a
        :class:`~.fixes.KeywordFixWarning` naming ``stretch``).

    Examples
    --------
    >>> import numpy as np
    >>> as_image(np.array([[0, 65535]], dtype=np.uint16))
    array([[0., 1.]], dtype=float32)
    >>> as_image(np.array([[0, 51, 255]])).round(3)  # int64 values of an 8-bit image
    array([[0. , 0.2, 1. ]], dtype=float32)
    >>> as_image(np.zeros((4, 4, 1), dtype=np.uint8)).shape
    (4, 4)

    References
    ----------
    scikit-image documentation, "Image data types and what they mean" and
    :func:`skimage.util.img_as_float32`.
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
            image = _stretch(array)
        elif low < 0.0 or high > 1.0:
            raise KeywordFixError(
                f"Float image values span [{low:.4g}, {high:.4g}], outside [0, 1]: {SLOT} to "
                "map min..max to 0..1, or divide by the true maximum (255 for 8-bit data, 65535 "
                "for 16-bit).",
                keyword="stretch",
            )
        else:
            image = array.astype(np.float32, copy=False)
    elif stretch and array.dtype.kind in "iu":
        image = _stretch(array)
    elif array.dtype.kind == "b":
        image = array.astype(np.float32)
    else:
        image = _scale_integers(array)
    return np.ascontiguousarray(image)


def _scale_integers(array: np.ndarray) -> np.ndarray:
    """Integers to [0, 1] by their image type's range (the rule in :func:`as_image`)."""
    low, high = int(array.min()), int(array.max())
    if array.dtype in (np.uint8, np.uint16):
        top = np.iinfo(array.dtype).max
        if 0 < high < (top + 1) // 16:
            warnings.warn(
                KeywordFixWarning(
                    f"This {array.dtype} image uses values up to {high} of {top}: scaled by its "
                    f"type's range it looks nearly black. If it holds {high.bit_length()}-bit "
                    f"data, {SLOT} (its own min..max to 0..1) or divide by its true maximum first.",
                    keyword="stretch",
                ),
                stacklevel=3,
            )
    elif low < 0 or high > 65535:
        raise KeywordFixError(
            f"This {array.dtype} image holds values in [{low}, {high}], which fit no 8- or 16-bit "
            f"image: {SLOT} to map its own min..max to 0..1, or scale it to [0, 1] yourself "
            "(image / image.max()).",
            keyword="stretch",
        )
    else:
        top = 255 if high <= 255 else 65535
    # Multiplying by 1/top (as skimage.util.img_as_float32 does) gives its values bit for bit.
    return np.multiply(array, 1.0 / top, dtype=np.float32)


def _canonical_shape(array: np.ndarray, *, drop_alpha: bool) -> np.ndarray:
    """Squeeze single channels and drop opaque alpha; refuse shapes that are not one image."""
    if array.ndim == 3 and array.shape[-1] == 1:
        return array[..., 0]
    if array.ndim == 3 and array.shape[-1] == 4:
        alpha = array[..., 3]
        opaque = np.iinfo(array.dtype).max if array.dtype.kind in "iu" else 1
        if drop_alpha or np.all(alpha == opaque):
            return array[..., :3]
        raise KeywordFixError(
            "The image is RGBA with transparent pixels, and segmentation has no notion of "
            f"transparency: {SLOT} to ignore the alpha channel, or composite it onto a background "
            "first (skimage.color.rgba2rgb(image), or an image editor's flatten).",
            keyword="drop_alpha",
        )
    if array.ndim == 2 or (array.ndim == 3 and array.shape[-1] == 3):
        return array
    raise ValueError(
        f"Unsupported image shape {array.shape}: expected (H, W) grayscale, (H, W, 3) RGB or "
        "(H, W, 4) RGBA. For a channels-first array use np.moveaxis(image, 0, -1); for a stack "
        "or volume, pick one 2-D slice."
    )


def _stretch(array: np.ndarray) -> np.ndarray:
    """``array`` mapped min..max to 0..1, as ``float32``.

    Computed in float64 on halved values, so that finite values near the float64 limits
    (whose difference overflows) still map into [0, 1] instead of to NaN.
    """
    values = array.astype(np.float64) / 2
    low, high = float(values.min()), float(values.max())
    if high == low:
        return np.zeros(array.shape, np.float32)
    return ((values - low) / (high - low)).astype(np.float32)


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

    References
    ----------
    scikit-image documentation, "Image data types and what they mean".
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

    References
    ----------
    Otsu, "A threshold selection method from gray-level histograms", IEEE Transactions on Systems,
    Man, and Cybernetics 9(1), 1979 (undefined for a constant image).
    """
    validate_image(image)
    low, high = float(np.min(image)), float(np.max(image))
    if high - low < min_range:
        raise ValueError(
            f"{method} needs an image with contrast, but every pixel is {low:.3g}. "
            "Check that the right image was loaded (a blank or saturated frame?)."
        )
