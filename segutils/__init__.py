"""segutils: the thin helper package behind the image-segmentation notebooks.

It wraps scikit-image, OpenCV, scikit-learn and Keras; it does not rewrite them. Each module is a
chapter: ``images`` (load and convert), ``datasets`` (samples, synthetic truth, real data),
``metrics`` (judge against ground truth), ``viz`` (draw), ``explore`` (sliders and clicks), and
one module per family of methods: ``threshold``, ``edge``, ``region``, ``watershed``,
``cluster`` (listed in ``catalog``).

The canonical image is ``float32`` in ``[0, 1]``, ``(H, W)`` gray or ``(H, W, 3)`` RGB; masks are
``bool``; label images are integers with 0 for background (see :mod:`segutils.images`).
"""

from .config import is_quick, mode_banner
from .datasets import (
    SAMPLES,
    load_bsds500,
    load_camvid,
    load_dsb2018,
    load_isbi2012,
    sample,
    synthetic,
    synthetic_membranes,
)
from .explore import Explorer, explore  # binds the function over the submodule's name
from .images import as_image, load_image, to_gray, to_uint8, validate_image
from .metrics import confusion_matrix, dice, iou, pixel_accuracy, segmentation_scores
from .viz import error_overlay, label_to_rgb, mark_boundaries, overlay, show_grid

__version__ = "0.1.0"


__all__ = [
    "SAMPLES",
    "Explorer",
    "as_image",
    "confusion_matrix",
    "dice",
    "error_overlay",
    "explore",
    "iou",
    "is_quick",
    "label_to_rgb",
    "load_bsds500",
    "load_camvid",
    "load_dsb2018",
    "load_image",
    "load_isbi2012",
    "mark_boundaries",
    "mode_banner",
    "overlay",
    "pixel_accuracy",
    "sample",
    "segmentation_scores",
    "show_grid",
    "synthetic",
    "synthetic_membranes",
    "to_gray",
    "to_uint8",
    "validate_image",
]
