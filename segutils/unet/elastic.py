"""Elastic deformations: the U-Net paper's augmentation for learning from a few images.

Tissue bends, and a network that has seen a cell only as drawn once learns its shape too
literally. Ronneberger et al. (2015) deform each training image smoothly: random displacements
on a coarse grid (3 x 3 points, drawn from a normal distribution with a standard deviation of
10 pixels), interpolated to every pixel by a cubic spline, move each pixel a little, and nearby
pixels alike. The same displacement is applied to the image and to its truth, the truth by
nearest neighbour so that labels stay labels.

Built on ``scipy.ndimage.map_coordinates`` twice: with ``order=3`` on the coarse grid (the
cubic spline through the drawn displacements), then to resample each array. The package
``elasticdeform`` (van Tulder) does the same steps in C; it is not used, because it would add a
compiled dependency for what these two calls already do at crop size, and its random grid is
drawn from NumPy's global generator, while every random step here takes a seed.
"""

from __future__ import annotations

import numpy as np
from scipy import ndimage as ndi

__all__ = ["deform", "random_displacement"]


def random_displacement(
    shape: tuple[int, int], *, points: int = 3, sigma: float = 10.0, seed: int = 0
) -> np.ndarray:
    """A smooth random displacement field: a coarse grid of normal draws, spline-interpolated.

    The ``points x points`` grid spans the image, corners included; each grid point moves by
    a displacement drawn from ``N(0, sigma^2)`` per axis, and a cubic spline through the grid
    (``scipy.ndimage.map_coordinates(order=3)``) gives every pixel its displacement. The field
    passes exactly through the drawn values at the grid points and bends smoothly between
    them.

    Parameters
    ----------
    shape : tuple of int
        ``(H, W)`` of the arrays to deform, each at least 2.
    points : int, optional
        Grid points per side (3 in the paper), at least 2.
    sigma : float, optional
        Standard deviation of the displacements at the grid points, in pixels (10 in the
        paper); 0 gives no displacement.
    seed : int, optional
        Seed of the draw.

    Returns
    -------
    ndarray
        ``(2, H, W)`` ``float64`` displacements in pixels: rows, then columns.

    Raises
    ------
    ValueError
        If ``shape`` is not two sides of at least 2 pixels, ``points`` is below 2, or
        ``sigma`` is negative.

    Examples
    --------
    >>> field = random_displacement((64, 64), seed=0)
    >>> field.shape
    (2, 64, 64)
    >>> grid = np.random.default_rng(0).normal(0.0, 10.0, size=(2, 3, 3))
    >>> bool(np.allclose(field[:, ::63, ::63], grid[:, ::2, ::2]))  # the corners are drawn
    True

    References
    ----------
    Ronneberger, Fischer & Brox, "U-Net", MICCAI 2015, section 3.1; SciPy documentation,
    ``scipy.ndimage.map_coordinates``.
    """
    if len(shape) != 2 or min(shape) < 2:
        raise ValueError(f"shape must be (H, W) with both sides at least 2, got {shape}.")
    if points < 2:
        raise ValueError(f"points must be at least 2 (a grid needs corners), got {points}.")
    if not np.isfinite(sigma) or sigma < 0:
        raise ValueError(f"sigma must be a finite number of pixels, 0 or more, got {sigma}.")
    grid = np.random.default_rng(seed).normal(0.0, sigma, size=(2, points, points))
    height, width = shape
    rows = np.linspace(0, points - 1, height)[:, None] * np.ones((1, width))
    cols = np.ones((height, 1)) * np.linspace(0, points - 1, width)[None, :]
    return np.stack(
        [ndi.map_coordinates(axis, [rows, cols], order=3, mode="nearest") for axis in grid]
    )


def deform(array: np.ndarray, displacement: np.ndarray, *, order: int = 1) -> np.ndarray:
    """Move every pixel of an image, a mask or labels by a displacement field.

    The value at pixel ``(r, c)`` is read from ``(r + dr, c + dc)`` of the input (mirrored at
    the edges), interpolated with a spline of ``order``: 1 (linear) for images and weights,
    0 (nearest) for masks, labels and one-hot classes, which must not be blended. Use one
    :func:`random_displacement` for an image and its truth, so that they stay aligned.

    Parameters
    ----------
    array : ndarray
        ``(H, W)`` or ``(H, W, C)`` (each channel deformed alike), of any numeric or ``bool``
        type; the result keeps it.
    displacement : ndarray
        ``(2, H, W)`` from :func:`random_displacement`.
    order : int, optional
        Spline order, 0 to 5.

    Returns
    -------
    ndarray
        The deformed array, of the input's shape and dtype (an integer or ``bool`` array is
        resampled by nearest neighbour whatever ``order`` says).

    Raises
    ------
    ValueError
        If the shapes do not match or ``order`` is outside 0..5.

    Examples
    --------
    >>> labels = np.zeros((64, 64), np.int32)
    >>> labels[20:44, 20:44] = 7
    >>> moved = deform(labels, random_displacement(labels.shape, seed=1), order=0)
    >>> sorted(np.unique(moved).tolist())  # labels stay labels
    [0, 7]

    References
    ----------
    SciPy documentation, ``scipy.ndimage.map_coordinates``.
    """
    array = np.asarray(array)
    displacement = np.asarray(displacement)
    if array.ndim not in (2, 3) or displacement.shape != (2, *array.shape[:2]):
        raise ValueError(
            f"array must be (H, W) or (H, W, C) and displacement (2, H, W) of the same H and "
            f"W; got {array.shape} and {displacement.shape}."
        )
    if order not in range(6):
        raise ValueError(f"order must be a spline order from 0 to 5, got {order}.")
    if array.dtype.kind in "biu":
        order = 0  # never blend labels
    height, width = array.shape[:2]
    rows, cols = np.mgrid[0:height, 0:width].astype(np.float64)
    where = [rows + displacement[0], cols + displacement[1]]
    channels = array[..., None] if array.ndim == 2 else array
    moved = np.stack(
        [
            ndi.map_coordinates(
                channels[..., k].astype(np.float64), where, order=order, mode="mirror"
            )
            for k in range(channels.shape[-1])
        ],
        axis=-1,
    )
    if array.dtype.kind == "f":
        # A cubic spline overshoots: keep the input's range (an image stays in [0, 1]).
        moved = np.clip(moved, array.min(), array.max())
    result = moved.astype(array.dtype)
    return result[..., 0] if array.ndim == 2 else result
