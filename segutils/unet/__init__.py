"""U-Nets in Keras 3: segmentation-models' networks, a small one written out, data and training.

One module per step: :mod:`.framework` (Keras and segmentation-models set up, TensorFlow's
start-up notes held back), :mod:`.models`, :mod:`.data` (batches and crops), :mod:`.elastic`
(the U-Net paper's elastic deformations), :mod:`.weightmap` (its per-pixel loss weights),
:mod:`.targets` (background, interior and border classes from labels), :mod:`.training`,
:mod:`.predict` (whole images, saving and loading), :mod:`.instances` (a three-class
network's output turned into objects) and :mod:`.recipe` (the project's one training recipe)
and :mod:`.references` (the models trained with it that the package ships, checked by hash).

Import this package before ``segmentation_models``: it sets ``SM_FRAMEWORK=tf.keras``, which
the library needs to run on Keras 3. Images follow the collection's convention (``float32`` in
``[0, 1]``); networks take ``(H, W, 3)`` inputs, so gray images are repeated over three channels
by :func:`to_network_input`.
"""

from .data import MaskCrops, to_network_input
from .framework import FRAMEWORK, STRIDE, import_sm
from .instances import choose_interior, labels_from_classes, predict_instances
from .models import build_unet, small_unet
from .predict import load_model, predict_probability, save_model
from .recipe import train_recipe
from .references import load_reference
from .targets import three_class_targets
from .training import train
from .weightmap import border_weight_map

__all__ = [
    "FRAMEWORK",
    "STRIDE",
    "MaskCrops",
    "border_weight_map",
    "build_unet",
    "choose_interior",
    "import_sm",
    "labels_from_classes",
    "load_model",
    "load_reference",
    "predict_instances",
    "predict_probability",
    "save_model",
    "small_unet",
    "three_class_targets",
    "to_network_input",
    "train",
    "train_recipe",
]
