"""U-Nets in Keras 3: segmentation-models' networks, a small one written out, data and training.

Also whole-image prediction (padding, tiling) and saving in the ``.keras`` format.

segmentation-models 1.0.1 predates Keras 3. It runs on it through ``tf.keras`` when the variable
``SM_FRAMEWORK=tf.keras`` is set *before* it is imported; :func:`import_sm` does that, and says
what to do if it was imported another way first. Import this module before
``segmentation_models`` and nothing else is needed.

Images follow the collection's convention (``float32`` in ``[0, 1]``); networks take
``(H, W, 3)`` inputs, so gray images are repeated over three channels by :func:`to_network_input`.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import sys
import tempfile
import time
import warnings
from collections.abc import Callable
from pathlib import Path

import numpy as np

# Must precede any import of segmentation_models, here or in a notebook (see module docstring).
os.environ.setdefault("SM_FRAMEWORK", "tf.keras")

# TensorFlow's C++ runtime prints notes straight to file descriptor 2, at start-up and when the
# first training step runs, whatever Python's logging says. These lines are known and say nothing
# to act on; anything else is passed on.
_TENSORFLOW_NOISE = re.compile(
    r"All log messages before absl::InitializeLog|oneDNN custom operations are on|"
    r"cpu_feature_guard|This TensorFlow binary is optimized|rebuild TensorFlow with the appropriate"
    r"|Unable to register cu(DNN|FFT|BLAS) factory|computation placer already registered"
    r"|Memory patch applied: M_TRIM_THRESHOLD|oneDNN supports DT_INT32 only on platforms with AVX"
)


@contextlib.contextmanager
def _without_tensorflow_noise():
    """Hold back what is written to file descriptor 2, then pass on all but the known noise.

    Whatever else was written (a real warning) is printed when the block ends, not lost.
    """
    with tempfile.TemporaryFile() as captured:
        sys.stderr.flush()
        saved = os.dup(2)
        os.dup2(captured.fileno(), 2)
        try:
            yield
        finally:
            sys.stderr.flush()
            os.dup2(saved, 2)
            os.close(saved)
            captured.seek(0)
            lines = captured.read().decode(errors="replace").splitlines()
            kept = [line for line in lines if line.strip() and not _TENSORFLOW_NOISE.search(line)]
            if kept:
                print("\n".join(kept), file=sys.stderr)


with _without_tensorflow_noise():
    import keras

__all__ = [
    "MaskCrops",
    "build_unet",
    "import_sm",
    "load_model",
    "predict_probability",
    "save_model",
    "small_unet",
    "to_network_input",
    "train",
]

FRAMEWORK = "tf.keras"
#: Networks see sizes that are multiples of this (five 2x poolings in a ResNet encoder).
STRIDE = 32


def import_sm():
    """Import segmentation_models on the ``tf.keras`` framework and return the module.

    Returns
    -------
    module
        ``segmentation_models``.

    Raises
    ------
    RuntimeError
        If segmentation_models was already imported with another framework in this process.
    """
    loaded = sys.modules.get("segmentation_models")
    if loaded is not None and loaded.framework() != FRAMEWORK:
        raise RuntimeError(
            f"segmentation_models was imported with the {loaded.framework()!r} framework, which "
            "does not run on Keras 3. Restart the kernel and import segutils.unet (or set "
            "os.environ['SM_FRAMEWORK'] = 'tf.keras') before importing segmentation_models."
        )
    os.environ["SM_FRAMEWORK"] = FRAMEWORK
    # The library announces its framework on stdout at import; that line is news to no one here.
    with contextlib.redirect_stdout(io.StringIO()):
        import segmentation_models as sm

    return sm


def build_unet(
    backbone: str = "resnet34",
    *,
    classes: int = 1,
    activation: str = "sigmoid",
    encoder_weights: str | None = None,
    input_shape: tuple[int | None, int | None, int] = (None, None, 3),
) -> keras.Model:
    """``sm.Unet`` by backbone name; random encoder weights when ImageNet's are out of reach.

    Parameters
    ----------
    backbone : str, optional
        Any segmentation-models backbone, e.g. ``"resnet34"``, ``"efficientnetb0"``.
    classes : int, optional
        Output channels: 1 for a binary mask, N for N classes.
    activation : str, optional
        ``"sigmoid"`` for binary or multi-label, ``"softmax"`` for exclusive classes.
    encoder_weights : {None, "imagenet"}, optional
        ``"imagenet"`` downloads pretrained encoder weights into the Keras cache
        (``~/.keras/models``), or uses a copy already there. Offline, the encoder starts from
        random weights and a warning says how to supply the file.
    input_shape : tuple, optional
        ``(H, W, C)``; ``None`` sides accept any multiple of 32.

    Returns
    -------
    keras.Model
        The U-Net.

    References
    ----------
    Ronneberger, Fischer & Brox, "U-Net: Convolutional Networks for Biomedical Image
    Segmentation", MICCAI 2015; Iakubovskii, segmentation-models (github.com/qubvel).
    """
    sm = import_sm()
    options = {"classes": classes, "activation": activation, "input_shape": input_shape}
    if encoder_weights not in (None, "imagenet"):
        raise ValueError(f"encoder_weights must be None or 'imagenet', got {encoder_weights!r}.")
    if encoder_weights == "imagenet":
        try:
            return sm.Unet(backbone, encoder_weights="imagenet", **options)
        except Exception as error:  # keras.utils.get_file raises a bare Exception offline
            if "URL fetch failure" not in str(error) and not isinstance(error, OSError):
                raise
            warnings.warn(
                f"ImageNet weights for {backbone} could not be downloaded ({error}). The encoder "
                "starts from random weights instead. To use pretrained weights offline, copy the "
                f"weight file for {backbone} into {Path('~/.keras/models').expanduser()}.",
                UserWarning,
                stacklevel=2,
            )
    return sm.Unet(backbone, encoder_weights=None, **options)


def small_unet(
    input_shape: tuple[int | None, int | None, int] = (None, None, 3),
    *,
    classes: int = 1,
    base_filters: int = 16,
    depth: int = 4,
    activation: str = "sigmoid",
) -> keras.Model:
    """A U-Net written out in plain Keras: encoder, bottleneck, decoder and skip connections.

    Each encoder level applies two 3x3 convolutions and halves the size; the decoder doubles it
    back and concatenates the encoder's feature map of the same size (the *skip connection*), so
    fine detail lost by pooling returns to the output.

    Parameters
    ----------
    input_shape : tuple, optional
        ``(H, W, C)``; sides must be multiples of ``2 ** depth``.
    classes : int, optional
        Output channels.
    base_filters : int, optional
        Filters of the first level; doubled at each level down.
    depth : int, optional
        Number of poolings.
    activation : str, optional
        Output activation.

    Returns
    -------
    keras.Model
        The network, named ``"small_unet"``.
    """
    layers = keras.layers

    def block(tensor, filters, name):
        for index in (1, 2):
            tensor = layers.Conv2D(filters, 3, padding="same", name=f"{name}_conv{index}")(tensor)
            tensor = layers.BatchNormalization(name=f"{name}_bn{index}")(tensor)
            tensor = layers.Activation("relu", name=f"{name}_relu{index}")(tensor)
        return tensor

    inputs = keras.Input(input_shape, name="image")
    skips, tensor = [], inputs
    for level in range(depth):
        tensor = block(tensor, base_filters * 2**level, f"encoder{level}")
        skips.append(tensor)
        tensor = layers.MaxPooling2D(name=f"pool{level}")(tensor)
    tensor = block(tensor, base_filters * 2**depth, "bottleneck")
    for level in reversed(range(depth)):
        tensor = layers.UpSampling2D(name=f"up{level}")(tensor)
        tensor = layers.Concatenate(name=f"skip{level}")([tensor, skips[level]])
        tensor = block(tensor, base_filters * 2**level, f"decoder{level}")
    outputs = layers.Conv2D(classes, 1, activation=activation, name="mask")(tensor)
    return keras.Model(inputs, outputs, name="small_unet")


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
    """
    batch = np.asarray(images, dtype=np.float32)
    if batch.ndim == 2 or (batch.ndim == 3 and batch.shape[-1] == 3):
        batch = batch[None]
    if batch.ndim == 3:
        batch = batch[..., None]
    if batch.shape[-1] == 1:
        batch = np.repeat(batch, 3, axis=-1)
    if preprocess is not None:
        batch = np.asarray(preprocess(batch * 255.0), dtype=np.float32)
    return batch


class MaskCrops(keras.utils.PyDataset):
    """Random crops with flips and 90-degree rotations from images and their binary masks.

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
    ):
        super().__init__()
        if len(images) != len(masks) or len(images) == 0:
            raise ValueError(
                f"images and masks must pair up one to one; got {len(images)} images and "
                f"{len(masks)} masks."
            )
        if crop % STRIDE:
            raise ValueError(f"crop must be a multiple of {STRIDE}, got {crop}.")
        for index, (image, mask) in enumerate(zip(images, masks, strict=True)):
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
        # A binary mask becomes the single output channel; one-hot masks keep theirs.
        self.masks = [np.asarray(mask, dtype=np.float32) for mask in masks]
        self.masks = [mask[..., None] if mask.ndim == 2 else mask for mask in self.masks]
        self.crop, self.batch_size, self.steps = crop, batch_size, steps
        self.augment, self.preprocess, self.seed = augment, preprocess, seed
        self.epoch = 0

    def __len__(self) -> int:
        return self.steps

    def on_epoch_end(self) -> None:
        """Draw new crops in the next epoch."""
        self.epoch += 1

    def __getitem__(self, index: int) -> tuple[np.ndarray, np.ndarray]:
        rng = np.random.default_rng((self.seed, self.epoch, index))
        xs, ys = [], []
        for _ in range(self.batch_size):
            which = rng.integers(len(self.images))
            height, width = self.images[which].shape[:2]
            row = rng.integers(height - self.crop + 1)
            col = rng.integers(width - self.crop + 1)
            window = (slice(row, row + self.crop), slice(col, col + self.crop))
            image, mask = self.images[which][window], self.masks[which][window]
            if self.augment:
                turns = int(rng.integers(4))
                image, mask = np.rot90(image, turns), np.rot90(mask, turns)
                if rng.random() < 0.5:
                    image, mask = image[:, ::-1], mask[:, ::-1]
            xs.append(image)
            ys.append(mask)
        return to_network_input(np.stack(xs), self.preprocess), np.stack(ys)


def train(
    model: keras.Model,
    data: keras.utils.PyDataset,
    *,
    validation: tuple[np.ndarray, np.ndarray] | None = None,
    epochs: int = 10,
    learning_rate: float = 1e-3,
    loss: str = "bce_dice",
    patience: int = 5,
    checkpoint: str | os.PathLike | None = None,
    overwrite: bool = False,
    time_limit_s: float | None = None,
    schedule: str = "constant",
    verbose: int | str = "auto",
) -> keras.callbacks.History:
    """Compile and fit a segmentation model with early stopping and an optional checkpoint.

    Parameters
    ----------
    model : keras.Model
        A model with one sigmoid output channel (binary losses) or ``C`` softmax channels
        (categorical losses).
    data : PyDataset
        Training batches, e.g. :class:`MaskCrops`.
    validation : tuple of ndarray, optional
        ``(x, y)`` batches for validation loss and early stopping.
    epochs : int, optional
        Upper bound on epochs.
    learning_rate : float, optional
        Adam's learning rate.
    loss : {"bce_dice", "bce_jaccard", "dice", "cce_dice", "cce_jaccard"}, optional
        segmentation-models loss: binary cross-entropy plus Dice (or Jaccard) loss, Dice alone,
        or, for softmax outputs, categorical cross-entropy plus Dice (or Jaccard).
    patience : int, optional
        Epochs without improvement of the validation loss (or, without ``validation``, the
        training loss) before stopping. With ``validation`` the weights of the best epoch are
        restored at the end; without it the model keeps its last weights.
    checkpoint : path-like, optional
        ``.keras`` file for the best model. An existing file is not replaced unless
        ``overwrite=True``.
    overwrite : bool, optional
        Allow replacing ``checkpoint``.
    time_limit_s : float, optional
        Stop after the batch during which this many seconds of training have passed.
    schedule : {"constant", "cosine"}, optional
        Learning rate over training: constant, or decaying from ``learning_rate`` to zero along
        half a cosine. The cosine's length is the time budget when ``time_limit_s`` is given
        (so the rate reaches zero as time runs out), else ``epochs * len(data)`` batches.
    verbose : int or "auto", optional
        Keras's progress display.

    Returns
    -------
    keras.callbacks.History
        Loss and metrics per epoch.

    Raises
    ------
    FileExistsError
        If ``checkpoint`` exists and ``overwrite`` is False.
    """
    sm = import_sm()
    losses = {
        "bce_dice": sm.losses.bce_dice_loss,
        "bce_jaccard": sm.losses.bce_jaccard_loss,
        "dice": sm.losses.dice_loss,
        "cce_dice": sm.losses.cce_dice_loss,
        "cce_jaccard": sm.losses.cce_jaccard_loss,
    }
    if loss not in losses:
        raise ValueError(f"loss must be one of {sorted(losses)}, got {loss!r}.")
    if loss.startswith("cce") and model.output_shape[-1] == 1:
        raise ValueError(
            f"loss {loss!r} is for softmax models with one channel per class; this model has "
            "one output channel: use 'bce_dice', 'bce_jaccard' or 'dice'."
        )
    if schedule not in ("constant", "cosine"):
        raise ValueError(f"schedule must be 'constant' or 'cosine', got {schedule!r}.")
    callbacks = []
    if schedule == "cosine":
        callbacks.append(
            _CosineDecay(learning_rate, seconds=time_limit_s, batches=epochs * len(data))
        )
    monitor = "val_loss" if validation is not None else "loss"
    # Without validation data the best epoch is judged by the training loss, measured on
    # different random crops each epoch: too noisy to roll the weights back for.
    callbacks.append(
        keras.callbacks.EarlyStopping(
            monitor=monitor, patience=patience, restore_best_weights=validation is not None
        )
    )
    if time_limit_s is not None:
        callbacks.append(_TimeLimit(time_limit_s))
    if checkpoint is not None:
        path = Path(checkpoint).expanduser()
        if path.suffix != ".keras":
            raise ValueError(f"checkpoint must end in .keras, got {path.name!r}.")
        if path.exists() and not overwrite:
            raise FileExistsError(
                f"{path} exists; pass overwrite=True to replace it, or choose another name."
            )
        path.parent.mkdir(parents=True, exist_ok=True)
        callbacks.append(
            keras.callbacks.ModelCheckpoint(path, monitor=monitor, save_best_only=True)
        )
    model.compile(
        optimizer=keras.optimizers.Adam(learning_rate),
        loss=losses[loss],
        metrics=[sm.metrics.IOUScore(threshold=0.5), sm.metrics.FScore(threshold=0.5)],
    )
    with _without_tensorflow_noise():
        return model.fit(
            data, validation_data=validation, epochs=epochs, callbacks=callbacks, verbose=verbose
        )


class _TimeLimit(keras.callbacks.Callback):
    """Stop training once a wall-clock budget is spent (checked after every batch)."""

    def __init__(self, seconds: float):
        super().__init__()
        self.seconds = seconds

    def on_train_begin(self, logs=None):
        self.start = time.perf_counter()

    def on_train_batch_end(self, batch, logs=None):
        if time.perf_counter() - self.start > self.seconds:
            self.model.stop_training = True


class _CosineDecay(keras.callbacks.Callback):
    """Set the learning rate before every batch along half a cosine, by time or by batches.

    Keras's own ``CosineDecay`` counts optimizer steps, which cannot follow a wall-clock budget;
    this callback measures progress as elapsed time over ``seconds`` when given.
    """

    def __init__(self, initial: float, *, seconds: float | None, batches: int):
        super().__init__()
        self.initial, self.seconds, self.batches = initial, seconds, batches

    def on_train_begin(self, logs=None):
        self.start, self.done = time.perf_counter(), 0

    def on_train_batch_begin(self, batch, logs=None):
        if self.seconds is not None:
            progress = (time.perf_counter() - self.start) / self.seconds
        else:
            progress = self.done / self.batches
        rate = 0.5 * self.initial * (1.0 + np.cos(np.pi * min(progress, 1.0)))
        self.model.optimizer.learning_rate.assign(rate)
        self.done += 1


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
    """
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


def _predict_whole(model, image, tile, overlap, preprocess) -> np.ndarray:
    """``(H, W, C)`` probabilities of one view of the image: padded, and tiled when large."""
    height, width = image.shape[:2]
    padded_h = -(-height // STRIDE) * STRIDE
    padded_w = -(-width // STRIDE) * STRIDE
    pad = ((0, padded_h - height), (0, padded_w - width)) + ((0, 0),) * (image.ndim - 2)
    padded = np.pad(image, pad, mode="reflect")
    if padded_h <= tile and padded_w <= tile:
        out = model.predict(to_network_input(padded, preprocess), verbose=0)[0]
        return out[:height, :width].astype(np.float32)
    margin = overlap // 2
    step = tile - overlap
    result = np.zeros((padded_h, padded_w, model.output_shape[-1]), dtype=np.float32)
    for top in range(0, max(padded_h - overlap, 1), step):
        for left in range(0, max(padded_w - overlap, 1), step):
            bottom, right = min(top + tile, padded_h), min(left + tile, padded_w)
            top0, left0 = max(bottom - tile, 0), max(right - tile, 0)
            piece = padded[top0:bottom, left0:right]
            probability = model.predict(to_network_input(piece, preprocess), verbose=0)[0]
            # Keep each tile's centre; the image's own borders are kept in full.
            r0 = 0 if top0 == 0 else margin
            c0 = 0 if left0 == 0 else margin
            r1 = probability.shape[0] - (0 if bottom == padded_h else margin)
            c1 = probability.shape[1] - (0 if right == padded_w else margin)
            result[top0 + r0 : top0 + r1, left0 + c0 : left0 + c1] = probability[r0:r1, c0:c1]
    return result[:height, :width]


def save_model(model: keras.Model, path: str | os.PathLike, *, overwrite: bool = False) -> Path:
    """Save a model in the ``.keras`` format, never over an existing file unless asked.

    Parameters
    ----------
    model : keras.Model
        The model.
    path : path-like
        Target ending in ``.keras``.
    overwrite : bool, optional
        Replace an existing file.

    Returns
    -------
    Path
        The written file.

    Raises
    ------
    FileExistsError
        If the file exists and ``overwrite`` is False.
    """
    target = Path(path).expanduser()
    if target.suffix != ".keras":
        raise ValueError(f"Save to a .keras file, got {target.name!r}.")
    if target.exists() and not overwrite:
        raise FileExistsError(f"{target} exists; pass overwrite=True to replace it.")
    target.parent.mkdir(parents=True, exist_ok=True)
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
    """
    import_sm()  # registers segmentation-models' layers before deserialising
    return keras.models.load_model(Path(path).expanduser(), compile=False)
