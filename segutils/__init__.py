"""segutils: the thin helper package behind the image-segmentation notebooks.

It wraps scikit-image, OpenCV, scikit-learn and Keras; it does not rewrite them. Each module is a
chapter, and the flow goes one way, from the ground floor up:

- ``images`` (validate and convert; imports nothing from segutils), ``files`` (read files),
  ``masks`` (mask and label checks, the one clean-up), ``params`` (annotated parameters) and
  ``registry`` (where methods register);
- one module per family of methods: ``threshold``, ``edge``, ``region``, ``watershed``,
  ``cluster``, all listed in ``catalog``;
- ``datasets`` (samples, synthetic truth, real data), ``metrics`` (judge against ground truth),
  ``palette`` (label colours), ``viz`` (draw), ``explorer`` (sliders and clicks:
  ``segutils.explore``) and ``unet`` (Keras).

Submodules load on first use (``lazy_loader``, as scikit-image does): ``from segutils import
threshold`` imports neither the widgets nor Matplotlib nor TensorFlow.

The canonical image is ``float32`` in ``[0, 1]``, ``(H, W)`` gray or ``(H, W, 3)`` RGB; masks are
``bool``; label images are integers with 0 for background (see :mod:`segutils.images`).
"""

import lazy_loader as lazy

__version__ = "0.1.0"

__getattr__, __dir__, __all__ = lazy.attach(
    __name__,
    submodules=[
        "bench",
        "catalog",
        "classroom",
        "cli",
        "cluster",
        "config",
        "datasets",
        "edge",
        "explorer",
        "files",
        "images",
        "masks",
        "metrics",
        "morphology",
        "palette",
        "params",
        "region",
        "registry",
        "threshold",
        "unet",
        "viz",
        "watershed",
    ],
    submod_attrs={
        "config": ["is_quick", "mode_banner"],
        "datasets": [
            "SAMPLES",
            "load_bsds500",
            "load_camvid",
            "load_dsb2018",
            "load_image",
            "load_isbi2012",
            "sample",
            "synthetic",
            "synthetic_membranes",
        ],
        "explorer": ["Explorer", "explore"],
        "images": ["as_image", "to_gray", "to_rgb", "to_uint8", "validate_image"],
        "masks": ["as_mask", "clean_mask"],
        "metrics": [
            "confusion_matrix",
            "dice",
            "iou",
            "pixel_accuracy",
            "region_scores",
            "segmentation_scores",
        ],
        "viz": ["error_overlay", "label_to_rgb", "mark_boundaries", "overlay", "show_grid"],
    },
)
