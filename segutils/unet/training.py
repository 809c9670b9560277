"""Training a segmentation network: losses, early stopping, a time budget, a cosine schedule."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Literal, get_args

import numpy as np

from .framework import import_sm, keras, without_tensorflow_noise

__all__ = ["Loss", "Schedule", "train"]

#: segmentation-models losses: binary (one sigmoid channel) or categorical (softmax channels).
Loss = Literal["bce_dice", "bce_jaccard", "dice", "cce_dice", "cce_jaccard"]
#: The learning rate over training.
Schedule = Literal["constant", "cosine"]


def train(
    model: keras.Model,
    data: keras.utils.PyDataset,
    *,
    validation: tuple[np.ndarray, np.ndarray] | None = None,
    epochs: int = 10,
    learning_rate: float = 1e-3,
    loss: Loss = "bce_dice",
    patience: int = 5,
    checkpoint: str | os.PathLike | None = None,
    overwrite: bool = False,
    time_limit_s: float | None = None,
    schedule: Schedule = "constant",
    verbose: int | str = "auto",
) -> keras.callbacks.History:
    """Compile and fit a segmentation model with early stopping and an optional checkpoint.

    Parameters
    ----------
    model : keras.Model
        A model with one sigmoid output channel (binary losses) or ``C`` softmax channels
        (categorical losses).
    data : PyDataset
        Training batches, e.g. :class:`MaskCrops`. Batches of three arrays
        ``(images, masks, weights)`` weight each pixel's cross-entropy by ``weights`` (the
        U-Net paper's weight map, :func:`~segutils.unet.weightmap.border_weight_map`): the
        loss is then the mean of weight times cross-entropy, plus the Dice (or Jaccard) term
        unweighted, which has no per-pixel form.
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
    ValueError
        For an unknown loss or schedule, a categorical loss on a one-channel model, or
        weighted batches with ``loss="dice"`` (which has no cross-entropy to weight).

    Examples
    --------
    One short epoch on generated blobs (real training takes many; see notebook 06):

    >>> from segutils.datasets import synthetic
    >>> from segutils.unet import MaskCrops, small_unet
    >>> blobs = synthetic((64, 64), n_objects=4, difficulty=0.0, seed=0)
    >>> crops = MaskCrops(blobs.image[None], blobs.mask[None], crop=32, batch_size=2, steps=1)
    >>> history = train(small_unet(depth=2, base_filters=4), crops, epochs=1, verbose=0)
    >>> sorted(history.history)
    ['f1-score', 'iou_score', 'loss']

    References
    ----------
    Kingma & Ba, "Adam: A Method for Stochastic Optimization", ICLR 2015; Milletari, Navab &
    Ahmadi, "V-Net", 3DV 2016 (the Dice loss); Loshchilov & Hutter, "SGDR: Stochastic Gradient
    Descent with Warm Restarts", ICLR 2017 (the cosine schedule).
    """
    sm = import_sm()
    if loss not in get_args(Loss):
        raise ValueError(f"loss must be one of {sorted(get_args(Loss))}, got {loss!r}.")
    if loss.startswith("cce") and model.output_shape[-1] == 1:
        raise ValueError(
            f"loss {loss!r} is for softmax models with one channel per class; this model has "
            "one output channel: use 'bce_dice', 'bce_jaccard' or 'dice'."
        )
    weighted = len(data[0]) == 3  # (images, masks, per-pixel weights)
    if weighted and loss == "dice":
        raise ValueError(
            "per-pixel weights weight the cross-entropy, and loss 'dice' has none: use "
            "'bce_dice' or 'bce_jaccard' (or 'cce_dice', 'cce_jaccard' for softmax models)."
        )
    if schedule not in get_args(Schedule):
        choices = " or ".join(repr(name) for name in get_args(Schedule))
        raise ValueError(f"schedule must be {choices}, got {schedule!r}.")
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
        # e.g. sm.losses.bce_dice_loss, or its cross-entropy weighted per pixel
        loss=_PixelWeighted(loss) if weighted else getattr(sm.losses, f"{loss}_loss"),
        metrics=[sm.metrics.IOUScore(threshold=0.5), sm.metrics.FScore(threshold=0.5)],
    )
    with without_tensorflow_noise():
        return model.fit(
            data, validation_data=validation, epochs=epochs, callbacks=callbacks, verbose=verbose
        )


class _PixelWeighted(keras.losses.Loss):
    """Cross-entropy weighted per pixel by ``sample_weight``, plus the unweighted Dice/Jaccard.

    Keras weights a loss by ``sample_weight`` after the loss has reduced each sample to one
    number, which would scale segmentation-models' losses by the mean weight instead of
    weighting pixels; this loss applies the weights to each pixel's cross-entropy itself.
    """

    def __init__(self, loss: Loss):
        super().__init__(name=f"weighted_{loss}")
        self.loss = loss

    def __call__(self, y_true, y_pred, sample_weight=None):
        sm = import_sm()
        ops = keras.ops
        y_true = ops.cast(y_true, y_pred.dtype)
        p = ops.clip(y_pred, 1e-7, 1.0 - 1e-7)
        if self.loss.startswith("cce"):
            entropy = -ops.sum(y_true * ops.log(p), axis=-1)
        else:
            entropy = -ops.sum(y_true * ops.log(p) + (1 - y_true) * ops.log(1 - p), axis=-1)
        if sample_weight is not None:
            entropy = entropy * ops.cast(ops.reshape(sample_weight, ops.shape(entropy)), p.dtype)
        region = sm.losses.jaccard_loss if self.loss.endswith("jaccard") else sm.losses.dice_loss
        return ops.mean(entropy) + region(y_true, y_pred)

    def get_config(self):
        return {"loss": self.loss}


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
