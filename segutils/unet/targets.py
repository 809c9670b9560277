"""Three-class targets from label images: background, interior and border of each object.

A network that predicts only a foreground cannot say where two touching nuclei meet: their
pixels form one connected piece. Giving the object's outline a class of its own turns the
question into one a pixel classifier can answer: each object becomes an *interior* ringed by a
*border*, and the borders of two touching objects lie between their interiors. After
prediction the interiors, which no longer touch, are the seeds from which the objects are
grown back (:mod:`.instances`). The winners of the 2018 Data Science Bowl predicted such a
contact class, and Caicedo et al. (2019) measured that the border class is what lifts a
U-Net's object-level score on fluorescent nuclei.
"""

from __future__ import annotations

import numpy as np
from scipy import ndimage as ndi
from skimage import morphology

from ..masks import check_labels

__all__ = ["BACKGROUND", "BORDER", "CLASSES", "INTERIOR", "three_class_targets"]

#: The classes of the three-class network, in the order of its softmax channels.
BACKGROUND, INTERIOR, BORDER = 0, 1, 2
#: Their names, indexed by class.
CLASSES = ("background", "interior", "border")


def three_class_targets(labels: np.ndarray, *, border_width: int = 1) -> np.ndarray:
    """The class of every pixel: background (0), object interior (1) or object border (2).

    The border is each object's inner outline, one pixel wide: the object's pixels with a
    4-neighbour of another label (the background or another object), which is
    ``skimage.segmentation.find_boundaries(labels, mode="inner")``. Being inside the object,
    the border keeps the object's area (foreground = interior + border), and two objects that
    touch get two border pixels between their interiors, so no interior pixel of one object is
    even a diagonal neighbour of another's.

    Parameters
    ----------
    labels : ndarray
        ``(H, W)`` integer labels, 0 for background and 1..N for objects (a ``bool`` mask is
        read as one object per label value, i.e. a single label).
    border_width : int, optional
        How deep the border reaches into the object, in pixels: an object pixel is border when
        a pixel of another label lies within this distance (a disc). 1 is the inner outline;
        wider borders keep the interiors of touching objects further apart, at the price of
        small objects whose every pixel is border (they then have no seed).

    Returns
    -------
    ndarray
        ``uint8`` classes of ``labels``' shape: :data:`BACKGROUND`, :data:`INTERIOR`,
        :data:`BORDER`. One-hot for a softmax network:
        ``keras.utils.to_categorical(classes, 3)``.

    Raises
    ------
    TypeError
        For float arrays (an image or a probability map, not labels).
    ValueError
        For negative labels or an array that is not 2-D.

    Examples
    --------
    Two 3x3 squares that touch: each keeps one interior pixel, and the shared edge becomes two
    border columns.

    >>> labels = np.zeros((5, 8), np.int32)
    >>> labels[1:4, 1:4], labels[1:4, 4:7] = 1, 2
    >>> three_class_targets(labels)
    array([[0, 0, 0, 0, 0, 0, 0, 0],
           [0, 2, 2, 2, 2, 2, 2, 0],
           [0, 2, 1, 2, 2, 1, 2, 0],
           [0, 2, 2, 2, 2, 2, 2, 0],
           [0, 0, 0, 0, 0, 0, 0, 0]], dtype=uint8)

    References
    ----------
    Caicedo et al., "Evaluation of Deep Learning Strategies for Nucleus Segmentation in
    Fluorescence Images", Cytometry A 95(9), 2019 (the three-class U-Net);
    scikit-image documentation, ``skimage.segmentation.find_boundaries`` (the same test, with
    a one-pixel cross).
    """
    labels = check_labels(labels)
    if labels.ndim != 2:
        raise ValueError(f"labels must be a 2-D (H, W) label image, got shape {labels.shape}.")
    if isinstance(border_width, bool) or not isinstance(border_width, int) or border_width < 1:
        raise ValueError(
            f"border_width must be a whole number of pixels, 1 or more; got {border_width!r}."
        )
    labels = labels.astype(np.int64, copy=False)
    # A pixel is border when its disc holds another label: the disc's largest and smallest
    # labels differ (find_boundaries' test, with a wider footprint).
    disc = morphology.disk(border_width)
    mixed = ndi.grey_dilation(labels, footprint=disc) != ndi.grey_erosion(labels, footprint=disc)
    classes = np.where(labels > 0, INTERIOR, BACKGROUND).astype(np.uint8)
    classes[mixed & (labels > 0)] = BORDER
    return classes
