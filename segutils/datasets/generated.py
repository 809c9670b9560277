"""Generated images with *exact* ground truth: blobs with a difficulty knob, and EM-like membranes.

Generated data is the one kind of test image whose truth is not a human's opinion: every
method's score on it is a measurement, and the ``difficulty`` knob adds the troubles of real
images one by one.
"""

from __future__ import annotations

import numpy as np
import skimage.draw
import skimage.morphology
import skimage.segmentation
from scipy import ndimage as ndi

from .records import MembraneSlices, SyntheticSample

__all__ = ["synthetic", "synthetic_membranes"]


def synthetic(
    shape: tuple[int, int] = (256, 256),
    *,
    n_objects: int = 14,
    difficulty: float = 0.3,
    radius: float = 16.0,
    seed: int = 0,
    illumination: float | None = None,
    noise: float | None = None,
) -> SyntheticSample:
    """Generate blob-like objects on a background, with exact semantic and instance labels.

    One ``difficulty`` knob in ``[0, 1]`` turns up, together, everything that breaks simple
    methods. At 0, separate bright blobs (no two touch) on a flat background: Otsu's threshold is
    nearly perfect. At 1, objects overlap and touch, contrast drops to about a third, illumination
    varies across the image by more than that contrast (so no single threshold works), and
    noise and texture are strong.

    =====================  ======================  ==========================
    effect                 at difficulty 0         at difficulty 1
    =====================  ======================  ==========================
    object - background    0.55                    0.20
    illumination ramp      0                       0.35 (left to right, plus vignette)
    noise (std. dev.)      0.02                    0.10
    texture amplitude      0                       0.08
    closest centres        3.6 radii apart         0.9 radii apart (overlap)
    =====================  ======================  ==========================

    Parameters
    ----------
    shape : tuple of int, optional
        Image height and width, each at least 32.
    n_objects : int, optional
        Number of objects to place (fewer if they do not fit at the requested spacing). The
        spacing depends on ``difficulty``, so the same seed gives different layouts at
        different difficulties.
    difficulty : float, optional
        In ``[0, 1]``.
    radius : float, optional
        Typical object radius in pixels.
    seed : int, optional
        Seed of the random generator: the same seed gives the same sample.
    illumination : float, optional
        Override the illumination ramp's amplitude set by ``difficulty`` (e.g. uneven light on
        otherwise easy objects, to show what local thresholds are for).
    noise : float, optional
        Override the noise standard deviation set by ``difficulty``.

    Returns
    -------
    SyntheticSample
        Image, instance labels, semantic classes and the difficulty.

    Examples
    --------
    >>> easy = synthetic(difficulty=0.0, seed=1)
    >>> easy.image.dtype, easy.n_objects, bool(np.array_equal(easy.semantic > 0, easy.mask))
    (dtype('float32'), 13, True)

    References
    ----------
    Lehmussola et al., "Computational framework for simulating fluorescence microscope images
    with cell populations", IEEE Transactions on Medical Imaging 26(7), 2007 (synthetic cells
    with known truth to benchmark segmentation).
    """
    if not 0.0 <= difficulty <= 1.0:
        raise ValueError(f"difficulty must be in [0, 1], got {difficulty}.")
    if len(shape) != 2 or min(shape) < 32:
        raise ValueError(f"shape must be (height, width) with both at least 32, got {shape}.")
    if n_objects < 1:
        raise ValueError(f"n_objects must be at least 1, got {n_objects}.")
    if not 3 <= radius <= min(shape) / 2.4:
        raise ValueError(
            f"radius must be between 3 pixels and {min(shape) / 2.4:.3g} (the image's shorter "
            f"side / 2.4, so that an object fits), got {radius}."
        )
    rng = np.random.default_rng(seed)
    height, width = shape
    rows, cols = np.mgrid[0:height, 0:width].astype(np.float32)

    centres = _place_centres(rng, shape, n_objects, radius, min_gap=3.6 - 2.7 * difficulty)
    # Each object is an ellipse; ``distance`` < 1 inside it. Pixels claimed by several objects
    # go to the one whose (normalised) centre is nearest, so touching objects meet on a line.
    distance = np.full((len(centres), height, width), np.inf, dtype=np.float32)
    elongated = np.zeros(len(centres), dtype=bool)
    for index, (row, col) in enumerate(centres):
        elongated[index] = rng.random() < 0.35
        aspect = rng.uniform(1.8, 2.4) if elongated[index] else rng.uniform(1.0, 1.2)
        semi_minor = radius * rng.uniform(0.8, 1.1) / np.sqrt(aspect)
        semi_major = semi_minor * aspect
        angle = rng.uniform(0, np.pi)
        dr, dc = rows - row, cols - col
        along = dr * np.cos(angle) + dc * np.sin(angle)
        across = -dr * np.sin(angle) + dc * np.cos(angle)
        distance[index] = np.hypot(along / semi_major, across / semi_minor)
    nearest = np.argmin(distance, axis=0)
    inside = np.min(distance, axis=0) <= 1.0
    labels = np.where(inside, nearest + 1, 0).astype(np.int32)
    semantic = np.where(inside, np.where(elongated[nearest], 2, 1), 0).astype(np.int32)

    contrast = 0.55 - 0.35 * difficulty
    background = 0.2
    object_level = background + contrast * rng.uniform(0.85, 1.15, size=len(centres) + 1)
    object_level[0] = background
    clean = object_level[labels].astype(np.float32)
    # Soft edges as an optics blur would give; the truth stays the geometric shape.
    clean = ndi.gaussian_filter(clean, sigma=1.0)
    ramp_amplitude = 0.35 * difficulty if illumination is None else illumination
    ramp = ramp_amplitude * (cols / max(width - 1, 1) - 0.5)
    vignette = -0.15 * difficulty * (((rows / height - 0.5) ** 2 + (cols / width - 0.5) ** 2) * 2)
    texture = 0.08 * difficulty * _smooth_noise(rng, shape, sigma=radius / 4)
    noise_std = 0.02 + 0.08 * difficulty if noise is None else noise
    grain = noise_std * rng.standard_normal(shape).astype(np.float32)
    image = np.clip(clean + ramp + vignette + texture + grain, 0.0, 1.0).astype(np.float32)
    return SyntheticSample(image=image, labels=labels, semantic=semantic, difficulty=difficulty)


def _place_centres(
    rng: np.random.Generator, shape: tuple[int, int], count: int, radius: float, min_gap: float
) -> list[tuple[float, float]]:
    """Rejection-sample object centres at least ``min_gap * radius`` apart, inside the image."""
    margin = radius * 1.2
    centres: list[tuple[float, float]] = []
    for _ in range(count * 200):
        if len(centres) == count:
            break
        row = rng.uniform(margin, shape[0] - margin)
        col = rng.uniform(margin, shape[1] - margin)
        if all(np.hypot(row - r, col - c) >= min_gap * radius for r, c in centres):
            centres.append((row, col))
    return centres


def _smooth_noise(rng: np.random.Generator, shape: tuple[int, int], sigma: float) -> np.ndarray:
    """Gaussian-filtered white noise scaled to unit standard deviation (a cheap texture)."""
    field_ = ndi.gaussian_filter(rng.standard_normal(shape), sigma=sigma)
    return (field_ / (field_.std() + 1e-12)).astype(np.float32)


def synthetic_membranes(
    count: int = 30, shape: tuple[int, int] = (512, 512), *, cell_size: float = 48.0, seed: int = 0
) -> MembraneSlices:
    """Generate EM-like slices with exact membrane masks: an offline stand-in for ISBI 2012.

    Cells tile the plane (the Voronoi cells of random seeds); their boundaries are dark lines a
    few pixels wide. Inside the cells, organelles nearly as dark as the membranes, texture and
    noise make a gray-level threshold call organelles membrane too, as on the real slices: only
    shape and context tell the two apart.

    Parameters
    ----------
    count : int, optional
        Number of slices.
    shape : tuple of int, optional
        Height and width of each slice, each at least 64.
    cell_size : float, optional
        Typical distance between neighbouring cell centres, in pixels.
    seed : int, optional
        Seed of the random generator: the same seed gives the same slices.

    Returns
    -------
    MembraneSlices
        Images, membrane masks and slice numbers ``0..count-1``, as :func:`load_isbi2012` gives.

    Examples
    --------
    >>> stack = synthetic_membranes(2, (128, 128), seed=1)
    >>> stack.images.shape, stack.membrane.dtype, bool(0.1 < stack.membrane.mean() < 0.35)
    ((2, 128, 128), dtype('bool'), True)

    References
    ----------
    Arganda-Carreras et al., "Crowdsourcing the creation of image segmentation algorithms for
    connectomics", Frontiers in Neuroanatomy, 2015 (the slices imitated); Aurenhammer,
    "Voronoi diagrams: a survey of a fundamental geometric data structure", ACM Computing
    Surveys 23(3), 1991 (the cells).
    """
    if count < 1:
        raise ValueError(f"count must be at least 1, got {count}.")
    if len(shape) != 2 or min(shape) < 64:
        raise ValueError(f"shape must be (height, width) with both at least 64, got {shape}.")
    if not 8 <= cell_size <= min(shape):
        raise ValueError(f"cell_size must be between 8 and {min(shape)} pixels, got {cell_size}.")
    rng = np.random.default_rng(seed)
    height, width = shape
    images, masks = [], []
    for _ in range(count):
        n_cells = max(2, round(height * width / cell_size**2))
        markers = np.zeros(shape, dtype=np.int32)
        markers[rng.integers(height, size=n_cells), rng.integers(width, size=n_cells)] = np.arange(
            1, n_cells + 1
        )
        # The watershed of a flat image from the seeds is their Voronoi tessellation.
        cells = skimage.segmentation.watershed(np.zeros(shape, np.float32), markers)
        membrane = skimage.segmentation.find_boundaries(cells, mode="thick")
        membrane = skimage.morphology.dilation(membrane, skimage.morphology.disk(1))
        organelles = np.zeros(shape, dtype=bool)
        for _ in range(n_cells // 2):
            row, col = rng.integers(height), rng.integers(width)
            radius = rng.uniform(3, max(3.0, cell_size / 6))  # small cells: 3-pixel organelles
            rr, cc = skimage.draw.disk((row, col), radius, shape=shape)
            organelles[rr, cc] = True
        organelles &= ~skimage.morphology.dilation(membrane, skimage.morphology.disk(3))
        clean = np.full(shape, 0.7, dtype=np.float32)
        clean[organelles] = 0.3
        clean[membrane] = 0.25
        clean = ndi.gaussian_filter(clean, sigma=1.0)
        texture = 0.1 * _smooth_noise(rng, shape, sigma=2.0)
        grain = 0.06 * rng.standard_normal(shape).astype(np.float32)
        images.append(np.clip(clean + texture + grain, 0.0, 1.0).astype(np.float32))
        masks.append(membrane)
    return MembraneSlices(np.stack(images), np.stack(masks), tuple(range(count)))
