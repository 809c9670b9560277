"""What ``import segutils`` offers: its submodules and the names re-exported at the top.

Type checkers and IDEs read this stub; at run time ``lazy_loader.attach_stub`` reads the same
imports from it and loads each submodule on first use. A new submodule or re-export goes here.
"""

from . import (
    atomic_write,
    bench,
    catalog,
    classroom,
    cli,
    cluster,
    config,
    datasets,
    edge,
    explorer,
    files,
    images,
    masks,
    metrics,
    morphology,
    palette,
    params,
    region,
    registry,
    scale,
    segment,
    threshold,
    unet,
    viz,
    watershed,
)
from .config import (
    is_quick,
    mode_banner,
)
from .datasets import (
    SAMPLES,
    load_bsds500,
    load_camvid,
    load_dsb2018,
    load_image,
    load_isbi2012,
    sample,
    synthetic,
    synthetic_membranes,
)
from .explorer import (
    Explorer,
    explore,
)
from .images import (
    as_image,
    to_gray,
    to_rgb,
    to_uint8,
    validate_image,
)
from .masks import (
    as_mask,
    clean_mask,
)
from .metrics import (
    confusion_matrix,
    dice,
    iou,
    pixel_accuracy,
    region_scores,
    segmentation_scores,
)
from .viz import (
    error_overlay,
    label_to_rgb,
    mark_boundaries,
    overlay,
    show_grid,
)

__all__ = [
    "Explorer",
    "SAMPLES",
    "as_image",
    "as_mask",
    "atomic_write",
    "bench",
    "catalog",
    "classroom",
    "clean_mask",
    "cli",
    "cluster",
    "config",
    "confusion_matrix",
    "datasets",
    "dice",
    "edge",
    "error_overlay",
    "explore",
    "explorer",
    "files",
    "images",
    "iou",
    "is_quick",
    "label_to_rgb",
    "load_bsds500",
    "load_camvid",
    "load_dsb2018",
    "load_image",
    "load_isbi2012",
    "mark_boundaries",
    "masks",
    "metrics",
    "mode_banner",
    "morphology",
    "overlay",
    "palette",
    "params",
    "pixel_accuracy",
    "region",
    "region_scores",
    "registry",
    "scale",
    "sample",
    "segment",
    "segmentation_scores",
    "show_grid",
    "synthetic",
    "synthetic_membranes",
    "threshold",
    "to_gray",
    "to_rgb",
    "to_uint8",
    "unet",
    "validate_image",
    "viz",
    "watershed",
]

__version__: str
