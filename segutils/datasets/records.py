"""What the dataset functions return: an image (or a stack) with its ground truth, as one record."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np

__all__ = [
    "BSDSSample",
    "MembraneSlices",
    "NucleiSample",
    "NucleusKind",
    "StreetScene",
    "SyntheticSample",
]

#: The three kinds of DSB2018 image: bright nuclei on dark, dark on bright, stained tissue.
NucleusKind = Literal["fluorescence", "brightfield", "histology"]


@dataclass(frozen=True)
class SyntheticSample:
    """A generated image and its exact ground truth.

    Attributes
    ----------
    image : ndarray
        ``float32`` gray image in ``[0, 1]``.
    labels : ndarray
        ``int32`` instance labels: 0 background, 1..N one per object (touching objects split
        where their shapes meet).
    semantic : ndarray
        ``int32`` classes: 0 background, 1 round object, 2 elongated object.
    difficulty : float
        The knob the sample was made with.
    """

    image: np.ndarray
    labels: np.ndarray
    semantic: np.ndarray
    difficulty: float

    @property
    def mask(self) -> np.ndarray:
        """Foreground mask (``bool``): any object."""
        return self.labels > 0

    @property
    def n_objects(self) -> int:
        """Number of objects."""
        return int(self.labels.max())


@dataclass(frozen=True)
class MembraneSlices:
    """ISBI 2012 EM slices.

    Attributes
    ----------
    images : ndarray
        ``float32`` ``(N, 512, 512)``.
    membrane : ndarray or None
        ``bool`` ``(N, 512, 512)``, True on membrane (label 0 in the published PNGs), or ``None``
        for the test split, whose labels are private to the challenge.
    indices : tuple of int
        Slice numbers.
    """

    images: np.ndarray
    membrane: np.ndarray | None
    indices: tuple[int, ...]


@dataclass(frozen=True)
class NucleiSample:
    """One DSB2018 image with its nuclei.

    Attributes
    ----------
    id : str
        The image's identifier (its folder name).
    image : ndarray
        ``float32`` RGB image (the published RGBA with its opaque alpha dropped).
    labels : ndarray
        ``int32`` instance labels, one per nucleus mask, 0 background.
    kind : {"fluorescence", "brightfield", "histology"}
        ``"fluorescence"`` (bright nuclei on dark), ``"brightfield"`` (dark on bright, gray) or
        ``"histology"`` (stained, coloured); from :func:`_image_kind`.
    """

    id: str
    image: np.ndarray
    labels: np.ndarray
    kind: NucleusKind

    @property
    def mask(self) -> np.ndarray:
        """Foreground mask (``bool``): any nucleus."""
        return self.labels > 0


@dataclass(frozen=True)
class BSDSSample:
    """One BSDS500 photo with every annotator's segmentation.

    Attributes
    ----------
    id : str
        Image identifier.
    image : ndarray
        ``float32`` RGB image.
    segmentations : list of ndarray
        One ``int32`` region-label image (1..N) per annotator.
    boundaries : list of ndarray
        One ``bool`` boundary map per annotator.
    """

    id: str
    image: np.ndarray
    segmentations: list[np.ndarray]
    boundaries: list[np.ndarray]


@dataclass(frozen=True)
class StreetScene:
    """One CamVid street scene with its class of every pixel.

    Attributes
    ----------
    id : str
        The file name without ``.png``, e.g. ``"0001TP_006690"`` (sequence and frame).
    image : ndarray
        ``float32`` RGB image in ``[0, 1]``, 360 x 480.
    classes : ndarray
        ``int32`` class of each pixel: an index into ``CAMVID_CLASSES`` (0 sky ... 10
        bicyclist), or ``CAMVID_VOID`` (11) where the annotators gave no class.
    """

    id: str
    image: np.ndarray
    classes: np.ndarray

    @property
    def labelled(self) -> np.ndarray:
        """``bool`` mask of the pixels with a class (not void): the pixels a score counts."""
        return self.classes != 11
