"""U-Net architectures: segmentation-models' networks by backbone, and a small one written out."""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Literal, get_args

from .framework import import_sm, keras

__all__ = ["Activation", "EncoderWeights", "build_unet", "small_unet"]

#: The output activation: per-pixel probabilities of one class, or of exclusive classes.
Activation = Literal["sigmoid", "softmax"]
#: Pretrained encoder weights segmentation-models can load (``None``: random).
EncoderWeights = Literal["imagenet"]


def build_unet(
    backbone: str = "resnet34",
    *,
    classes: int = 1,
    activation: Activation = "sigmoid",
    encoder_weights: EncoderWeights | None = None,
    input_shape: tuple[int | None, int | None, int] = (None, None, 3),
) -> keras.Model:
    """``sm.Unet`` by backbone name; random encoder weights when ImageNet's are out of reach.

    Parameters
    ----------
    backbone : str, optional
        Any segmentation-models backbone, e.g. ``"resnet34"``, ``"efficientnetb0"``.
    classes : int, optional
        Output channels: 1 for a binary mask, N for N classes.
    activation : {"sigmoid", "softmax"}, optional
        ``"sigmoid"`` for binary or multi-label, ``"softmax"`` for exclusive classes (the
        losses of :func:`~segutils.unet.train` expect one of them).
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

    Examples
    --------
    >>> model = build_unet("mobilenetv2", input_shape=(64, 64, 3))  # random encoder weights
    >>> model.output_shape
    (None, 64, 64, 1)

    References
    ----------
    Ronneberger, Fischer & Brox, "U-Net: Convolutional Networks for Biomedical Image
    Segmentation", MICCAI 2015; Iakubovskii, segmentation-models (github.com/qubvel).
    """
    sm = import_sm()
    options = {"classes": classes, "activation": activation, "input_shape": input_shape}
    if encoder_weights is not None and encoder_weights not in get_args(EncoderWeights):
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
    activation: Activation = "sigmoid",
) -> keras.Model:
    """A U-Net written out in plain Keras: encoder, bottleneck, decoder and skip connections.

    Each encoder level applies two 3x3 convolutions and halves the size; the decoder doubles it
    back and concatenates the encoder's feature map of the same size (the *skip connection*), so
    fine detail lost by pooling returns to the output. Batch normalisation keeps its running
    statistics with momentum 0.9, so that they follow the weights after a short training.

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
    activation : {"sigmoid", "softmax"}, optional
        Output activation: ``"sigmoid"`` for binary or multi-label, ``"softmax"`` for exclusive
        classes.

    Returns
    -------
    keras.Model
        The network, named ``"small_unet"``.

    Examples
    --------
    >>> model = small_unet((64, 64, 1), depth=2, base_filters=4)
    >>> model.name, model.output_shape
    ('small_unet', (None, 64, 64, 1))

    References
    ----------
    Ronneberger, Fischer & Brox, "U-Net: Convolutional Networks for Biomedical Image
    Segmentation", MICCAI 2015; Ioffe & Szegedy, "Batch Normalization: Accelerating Deep
    Network Training by Reducing Internal Covariate Shift", ICML 2015.
    """
    layers = keras.layers

    def block(tensor, filters, name):
        for index in (1, 2):
            tensor = layers.Conv2D(filters, 3, padding="same", name=f"{name}_conv{index}")(tensor)
            # Keras' default momentum (0.99) averages the batch statistics over ~100 steps, and
            # a few minutes of CPU training is a few hundred steps: the averages used at
            # prediction then lag behind the weights, and held-out F1 fell to 0.0 after three
            # epochs that reached 0.79 with batch statistics. 0.9 follows within ~10 steps.
            tensor = layers.BatchNormalization(momentum=0.9, name=f"{name}_bn{index}")(tensor)
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
