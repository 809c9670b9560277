"""U-Nets in Keras 3: segmentation-models' networks, a small one written out, data and training.

One module per step: :mod:`.framework` (Keras and segmentation-models set up, TensorFlow's
start-up notes held back), :mod:`.models`, :mod:`.data` (batches and crops), :mod:`.training`,
:mod:`.predict` (whole images, saving and loading) and :mod:`.recipe` (the project's one
training recipe, and the reference model trained with it).

Import this package before ``segmentation_models``: it sets ``SM_FRAMEWORK=tf.keras``, which
the library needs to run on Keras 3. Images follow the collection's convention (``float32`` in
``[0, 1]``); networks take ``(H, W, 3)`` inputs, so gray images are repeated over three channels
by :func:`to_network_input`.
"""

from .data import MaskCrops, to_network_input
from .framework import FRAMEWORK, STRIDE, import_sm
from .models import build_unet, small_unet
from .predict import load_model, predict_probability, save_model
from .recipe import load_reference, train_recipe
from .training import train

__all__ = [
    "FRAMEWORK",
    "STRIDE",
    "MaskCrops",
    "build_unet",
    "import_sm",
    "load_model",
    "load_reference",
    "predict_probability",
    "save_model",
    "small_unet",
    "to_network_input",
    "train",
    "train_recipe",
]
