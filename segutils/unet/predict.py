"""Whole-image prediction (padding, tiling, test-time augmentation), and saving in ``.keras``."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import numpy as np

from ..images import validate_image
from .data import to_network_input
from .framework import STRIDE, import_sm, keras
from .modelfile import check_model_file

__all__ = ["load_model", "predict_probability", "save_model"]


def predict_probability(
    model: keras.Model,
    image: np.ndarray,
    *,
    tile: int = 512,
    overlap: int = 64,
    preprocess: Callable[[np.ndarray], np.ndarray] | None = None,
    test_time_augmentation: bool = False,
) -> np.ndarray:
    """Class probabilities for a whole image of any size, padded and tiled as needed.

    The image is padded (by reflection) to a multiple of 32. Images larger than ``tile`` are
    cut into overlapping tiles; each tile's border (``overlap // 2``) is discarded, because a
    convolution there sees padding instead of context.

    With ``test_time_augmentation`` the image is also predicted in its eight rotated and
    mirrored versions (the augmentations :class:`MaskCrops` trains with), each result is turned
    back, and the eight are averaged: eight times the cost, steadier edges.

    Parameters
    ----------
    model : keras.Model
        A segmentation model that accepts any multiple-of-32 size.
    image : ndarray
        Canonical gray or RGB image.
    tile : int, optional
        Largest side predicted in one pass (a multiple of 32).
    overlap : int, optional
        Overlap between tiles, in pixels.
    preprocess : callable, optional
        Backbone preprocessing, see :func:`to_network_input`.
    test_time_augmentation : bool, optional
        Average over the eight rotations and mirror images.

    Returns
    -------
    ndarray
        ``float32`` probabilities: ``(H, W)`` for a one-channel model, ``(H, W, C)`` for ``C``
        channels.

    Examples
    --------
    >>> from segutils.unet import small_unet
    >>> model = small_unet(depth=2, base_filters=4)  # untrained: probabilities near 0.5
    >>> probability = predict_probability(model, np.zeros((50, 70), np.float32))
    >>> probability.shape, probability.dtype, bool(((probability >= 0) & (probability <= 1)).all())
    ((50, 70), dtype('float32'), True)

    References
    ----------
    Ronneberger, Fischer & Brox, "U-Net: Convolutional Networks for Biomedical Image
    Segmentation", MICCAI 2015 (the overlap-tile strategy).
    """
    validate_image(image)  # a 0..255 or RGBA array would shift every probability
    if tile % STRIDE or overlap % 2 or overlap >= tile:
        raise ValueError(f"tile must be a multiple of {STRIDE} and overlap even and < tile.")
    if not test_time_augmentation:
        result = _predict_whole(model, image, tile, overlap, preprocess)
    else:
        result = 0
        for turns in range(4):
            for mirror in (False, True):
                view = np.rot90(image, turns)
                view = np.ascontiguousarray(view[:, ::-1] if mirror else view)
                probability = _predict_whole(model, view, tile, overlap, preprocess)
                probability = probability[:, ::-1] if mirror else probability
                result = result + np.rot90(probability, -turns)
        result = result / 8
    return result[..., 0] if result.shape[-1] == 1 else result


def _forward(model: keras.Model, batch: np.ndarray) -> np.ndarray:
    """The network's output for one small batch, as NumPy.

    A direct call, not ``model.predict``: Keras recommends it for inputs that fit in one batch,
    and ``predict`` compiles a graph per input shape, which images of several sizes turn into
    TensorFlow's "retracing" warnings and time spent compiling.
    """
    return keras.ops.convert_to_numpy(model(batch, training=False))


def _predict_whole(model, image, tile, overlap, preprocess) -> np.ndarray:
    """``(H, W, C)`` probabilities of one view of the image: padded, and tiled when large."""
    height, width = image.shape[:2]
    padded_h = -(-height // STRIDE) * STRIDE
    padded_w = -(-width // STRIDE) * STRIDE
    pad = ((0, padded_h - height), (0, padded_w - width)) + ((0, 0),) * (image.ndim - 2)
    padded = np.pad(image, pad, mode="reflect")
    if padded_h <= tile and padded_w <= tile:
        out = _forward(model, to_network_input(padded, preprocess))[0]
        return out[:height, :width].astype(np.float32)
    margin = overlap // 2
    step = tile - overlap
    result = np.zeros((padded_h, padded_w, model.output_shape[-1]), dtype=np.float32)
    for top in range(0, max(padded_h - overlap, 1), step):
        for left in range(0, max(padded_w - overlap, 1), step):
            bottom, right = min(top + tile, padded_h), min(left + tile, padded_w)
            top0, left0 = max(bottom - tile, 0), max(right - tile, 0)
            piece = padded[top0:bottom, left0:right]
            probability = _forward(model, to_network_input(piece, preprocess))[0]
            # Keep each tile's centre; the image's own borders are kept in full.
            r0 = 0 if top0 == 0 else margin
            c0 = 0 if left0 == 0 else margin
            r1 = probability.shape[0] - (0 if bottom == padded_h else margin)
            c1 = probability.shape[1] - (0 if right == padded_w else margin)
            result[top0 + r0 : top0 + r1, left0 + c0 : left0 + c1] = probability[r0:r1, c0:c1]
    return result[:height, :width]


def save_model(
    model: keras.Model,
    path: str | os.PathLike,
    *,
    overwrite: bool = False,
    include_optimizer: bool = True,
) -> Path:
    """Save a model in the ``.keras`` format, never over an existing file unless asked.

    Parameters
    ----------
    model : keras.Model
        The model.
    path : path-like
        Target ending in ``.keras``.
    overwrite : bool, optional
        Replace an existing file.
    include_optimizer : bool, optional
        Keep Adam's state, to go on training from the file. Without it the file holds only
        what prediction needs, a third of the size.

    Returns
    -------
    Path
        The written file.

    Raises
    ------
    FileExistsError
        If the file exists and ``overwrite`` is False.

    Examples
    --------
    >>> import tempfile
    >>> from segutils.unet import small_unet
    >>> folder = Path(tempfile.mkdtemp())
    >>> save_model(small_unet((32, 32, 1), depth=2, base_filters=4), folder / "net.keras").name
    'net.keras'
    >>> load_model(folder / "net.keras").name
    'small_unet'

    References
    ----------
    Keras documentation, "Save, serialize, and export models" (the ``.keras`` format).
    """
    target = Path(path).expanduser()
    if target.suffix != ".keras":
        raise ValueError(f"Save to a .keras file, got {target.name!r}.")
    if target.exists() and not overwrite:
        raise FileExistsError(f"{target} exists; pass overwrite=True to replace it.")
    target.parent.mkdir(parents=True, exist_ok=True)
    if not include_optimizer:
        # The .keras format ignores Keras' include_optimizer flag; an uncompiled copy of the
        # model has no optimizer to save. (clone_model would compile the copy again, which
        # fails on segmentation-models' losses.)
        copy = model.__class__.from_config(model.get_config())
        copy.set_weights(model.get_weights())
        model = copy
    model.save(target)
    return target


def load_model(path: str | os.PathLike) -> keras.Model:
    """Load a model saved by :func:`save_model`, for prediction (not compiled).

    Parameters
    ----------
    path : path-like
        A ``.keras`` file.

    Returns
    -------
    keras.Model
        The model, with the weights it was saved with.

    Raises
    ------
    FileNotFoundError, IsADirectoryError
        If there is no file at ``path``, or a folder.
    ValueError
        If the file is not a Keras model (:func:`.modelfile.check_model_file` says what it looks
        like), or Keras cannot rebuild the model it holds.

    Examples
    --------
    See :func:`save_model`:

    >>> import tempfile
    >>> from segutils.unet import small_unet
    >>> path = save_model(small_unet(depth=2, base_filters=4), Path(tempfile.mkdtemp()) / "n.keras")
    >>> load_model(path).count_params() == small_unet(depth=2, base_filters=4).count_params()
    True

    References
    ----------
    Keras documentation, "Save, serialize, and export models" (:func:`keras.saving.load_model`).
    """
    target = check_model_file(path)  # Keras calls a file that is not a zip "not found"
    import_sm()  # registers segmentation-models' layers before deserialising
    try:
        return keras.models.load_model(target, compile=False)
    except (KeyError, OSError, TypeError, ValueError) as error:
        raise ValueError(
            f"{target.name} is a Keras model file, but Keras cannot rebuild the model from it "
            f"({type(error).__name__}: {error}). It may come from other versions of Keras or "
            "segmentation-models, or hold layers of a library not imported here; save it again "
            "with segutils.unet.save_model."
        ) from error
