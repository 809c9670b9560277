"""From canonical images and masks to network batches: stacking, scaling and random crops."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from ..images import to_network_scale, to_rgb, validate_image
from ..masks import as_mask
from .elastic import deform, random_displacement
from .framework import STRIDE, keras

__all__ = ["MaskCrops", "to_network_input"]


def to_network_input(
    images: np.ndarray, preprocess: Callable[[np.ndarray], np.ndarray] | None = None
) -> np.ndarray:
    """Stack canonical images into a ``(N, H, W, 3)`` float32 batch (gray repeated to RGB).

    Parameters
    ----------
    images : ndarray
        ``(H, W)``, ``(H, W, 3)``, ``(N, H, W)`` or ``(N, H, W, 3)`` in ``[0, 1]``; a 3-D array
        whose last axis has length 3 is read as one RGB image.
    preprocess : callable, optional
        A backbone's preprocessing (``sm.get_preprocessing(name)``), applied to the 0..255 batch.

    Returns
    -------
    ndarray
        ``float32`` batch.

    Raises
    ------
    TypeError, ValueError
        If an image is not canonical (``uint8``, out of ``[0, 1]``, RGBA): the message names the
        conversion, :func:`segutils.as_image`.

    Examples
    --------
    >>> import numpy as np
    >>> to_network_input(np.zeros((2, 64, 64), np.float32)).shape
    (2, 64, 64, 3)

    References
    ----------
    Keras documentation, "Image data preprocessing".
    """
    batch = np.asarray(images)
    if batch.ndim == 2 or (batch.ndim == 3 and batch.shape[-1] == 3):
        batch = batch[None]
    if batch.ndim == 4 and batch.shape[-1] == 1:
        batch = batch[..., 0]
    if batch.ndim not in (3, 4) or len(batch) == 0:
        raise ValueError(
            f"images has shape {batch.shape}: pass one image, (H, W) or (H, W, 3), or a batch "
            "of at least one, (N, H, W) or (N, H, W, 3)."
        )
    batch = np.stack([to_rgb(image) for image in batch])  # each image checked as canonical
    if preprocess is not None:
        batch = np.asarray(preprocess(to_network_scale(batch)), dtype=np.float32)
    return batch


class MaskCrops(keras.utils.PyDataset):
    """Random crops with flips and 90-degree rotations from images and their binary masks.

    With ``weights`` each batch is ``(images, masks, weights)``: Keras passes the third array
    to the loss as per-pixel ``sample_weight`` (see :func:`~segutils.unet.train`). With
    ``elastic`` each crop is also deformed by :func:`~segutils.unet.elastic.deform`, image,
    mask and weights by the same displacement.

    Parameters
    ----------
    images : ndarray or sequence of ndarray
        ``(N, H, W)`` or ``(N, H, W, 3)`` canonical images, or a list of images of different
        sizes (each at least ``crop`` on both sides).
    masks : ndarray or sequence of ndarray
        One per image and of its size: ``(H, W)`` bool masks for a one-channel (sigmoid)
        network, or ``(H, W, C)`` one-hot masks for a ``C``-class (softmax) network, e.g. from
        ``keras.utils.to_categorical(labels, C)``.
    crop : int, optional
        Side of the square crops (a multiple of 32).
    batch_size : int, optional
        Crops per batch.
    steps : int, optional
        Batches per epoch.
    augment : bool, optional
        Random flips and rotations (the labels move with the image).
    preprocess : callable, optional
        Backbone preprocessing, see :func:`to_network_input`.
    seed : int, optional
        Seed of the crop positions and augmentations.
    weights : sequence of ndarray, optional
        One ``(H, W)`` float map of per-pixel loss weights per image, e.g.
        :func:`~segutils.unet.weightmap.border_weight_map`; cropped and augmented with it.
    elastic : bool, optional
        Elastic deformation of every crop (3 x 3 grid, 10-pixel displacements, as in the U-Net
        paper): the image linearly interpolated, the mask by nearest neighbour.
    """

    def __init__(
        self,
        images: np.ndarray,
        masks: np.ndarray,
        *,
        crop: int = 256,
        batch_size: int = 8,
        steps: int = 20,
        augment: bool = True,
        preprocess: Callable[[np.ndarray], np.ndarray] | None = None,
        seed: int = 0,
        weights: Sequence[np.ndarray] | None = None,
        elastic: bool = False,
    ):
        super().__init__()
        if len(images) != len(masks) or len(images) == 0:
            raise ValueError(
                f"images and masks must pair up one to one; got {len(images)} images and "
                f"{len(masks)} masks."
            )
        if crop % STRIDE:
            raise ValueError(f"crop must be a multiple of {STRIDE}, got {crop}.")
        for index, image in enumerate(images):  # first: the shapes below need arrays
            validate_image(image, name=f"image {index}")
        for index, (image, mask) in enumerate(zip(images, masks, strict=True)):
            mask = np.asarray(mask)
            if image.shape[:2] != mask.shape[:2]:
                raise ValueError(
                    f"image {index} is {image.shape[:2]} but its mask is {mask.shape[:2]}."
                )
            if crop > min(image.shape[:2]):
                raise ValueError(
                    f"image {index} ({image.shape[:2]}) is smaller than the crop ({crop}); "
                    "choose a smaller crop or leave the image out."
                )
        self.images = list(images)
        self.masks = [_as_target(mask, index) for index, mask in enumerate(masks)]
        self.weights = None if weights is None else _as_weights(weights, self.images)
        self.crop, self.batch_size, self.steps = crop, batch_size, steps
        self.augment, self.preprocess, self.seed = augment, preprocess, seed
        self.elastic = bool(elastic)
        self.epoch = 0

    def __len__(self) -> int:
        return self.steps

    def on_epoch_end(self) -> None:
        """Draw new crops in the next epoch."""
        self.epoch += 1

    def __getitem__(self, index: int) -> tuple[np.ndarray, ...]:
        rng = np.random.default_rng((self.seed, self.epoch, index))
        xs, ys, ws = [], [], []
        for _ in range(self.batch_size):
            which = rng.integers(len(self.images))
            height, width = self.images[which].shape[:2]
            row = rng.integers(height - self.crop + 1)
            col = rng.integers(width - self.crop + 1)
            window = (slice(row, row + self.crop), slice(col, col + self.crop))
            arrays = [self.images[which][window], self.masks[which][window]]
            if self.weights is not None:
                arrays.append(self.weights[which][window])
            if self.elastic:
                field = random_displacement((self.crop, self.crop), seed=int(rng.integers(2**32)))
                # Nearest for the mask (classes must not blend), linear for image and weights.
                arrays = [
                    deform(array, field, order=0 if k == 1 else 1) for k, array in enumerate(arrays)
                ]
            if self.augment:
                turns = int(rng.integers(4))
                arrays = [np.rot90(array, turns) for array in arrays]
                if rng.random() < 0.5:
                    arrays = [array[:, ::-1] for array in arrays]
            xs.append(arrays[0])
            ys.append(arrays[1])
            if self.weights is not None:
                ws.append(arrays[2])
        batch = (to_network_input(np.stack(xs), self.preprocess), np.stack(ys))
        return batch if self.weights is None else (*batch, np.stack(ws))


def _as_weights(weights: Sequence[np.ndarray], images: list[np.ndarray]) -> list[np.ndarray]:
    """Per-pixel loss weights, one finite non-negative ``(H, W)`` map per image."""
    if len(weights) != len(images):
        raise ValueError(
            f"weights must give one map per image; got {len(weights)} for {len(images)} images."
        )
    checked = []
    for index, (weight, image) in enumerate(zip(weights, images, strict=True)):
        weight = np.asarray(weight)
        if weight.shape != image.shape[:2] or weight.dtype.kind not in "biuf":
            raise ValueError(
                f"weights {index} must be a numeric (H, W) map of its image's size "
                f"{image.shape[:2]}, got {weight.dtype} of shape {weight.shape}."
            )
        if not np.isfinite(weight).all() or weight.min() < 0:
            raise ValueError(f"weights {index} must be finite and 0 or more.")
        checked.append(weight.astype(np.float32))
    return checked


def _as_target(mask: np.ndarray, index: int) -> np.ndarray:
    """A mask as the network's target: ``(H, W, 1)`` for a binary mask, one-hot kept as it is."""
    mask = np.asarray(mask)
    if mask.ndim == 2:  # a binary mask becomes the single output channel
        return as_mask(mask, name=f"mask {index}")[..., None].astype(np.float32)
    if mask.ndim != 3 or not np.isin(mask, (0, 1)).all():
        raise ValueError(
            f"mask {index} must be a (H, W) bool mask or (H, W, C) one-hot 0/1 classes, got "
            f"{mask.dtype} of shape {mask.shape} with values {np.unique(mask)[:5]}."
        )
    return mask.astype(np.float32)
