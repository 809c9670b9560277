"""segutils.morphology: each fast path equals the scikit-image call it replaces, pixel for pixel."""

import numpy as np
import pytest
from scipy import ndimage as ndi
from skimage import data, filters
from skimage.morphology import reconstruction
from skimage.morphology import thin as skimage_thin
from skimage.segmentation import find_boundaries

from segutils.datasets import load_bsds500, synthetic
from segutils.metrics import bsds_boundaries
from segutils.morphology import inner_boundaries, reconstruct_by_dilation, thin


@pytest.fixture(scope="module")
def bsds(shared_data):
    return load_bsds500(["101085", "101087", "102061"], root=shared_data)


def coins_labels() -> np.ndarray:
    coins = data.coins()
    return ndi.label(coins > filters.threshold_otsu(coins))[0]


def random_masks(seed: int, count: int):
    rng = np.random.default_rng(seed)
    for _ in range(count):
        yield rng.random(rng.integers(1, 40, size=2)) < rng.random()


# ---- inner boundaries ---------------------------------------------------------------------------


def test_inner_boundaries_are_find_boundaries_inner_on_real_labels(bsds):
    annotations = [seg for sample in bsds for seg in sample.segmentations]
    for labels in [coins_labels(), synthetic(seed=0).labels, *annotations]:
        np.testing.assert_array_equal(
            inner_boundaries(labels), find_boundaries(labels, mode="inner")
        )


def test_inner_boundaries_are_find_boundaries_inner_on_random_masks_and_labels():
    rng = np.random.default_rng(0)
    for mask in random_masks(1, 100):
        np.testing.assert_array_equal(inner_boundaries(mask), find_boundaries(mask, mode="inner"))
    for dtype in (np.uint8, np.uint16, np.int32, np.int64):
        labels = rng.integers(0, 6, (37, 53)).astype(dtype)  # many touching regions
        np.testing.assert_array_equal(
            inner_boundaries(labels), find_boundaries(labels, mode="inner")
        )


def test_inner_boundaries_tell_apart_labels_too_large_for_float32():
    # 2**24 and 2**24 + 1 round to the same float32: they must still be two regions.
    labels = np.full((6, 6), 2**24, np.int64)
    labels[:, 3:] = 2**24 + 1
    np.testing.assert_array_equal(inner_boundaries(labels), find_boundaries(labels, mode="inner"))
    assert inner_boundaries(labels)[:, 2:4].all()


def test_inner_boundaries_refuse_what_is_not_one_label_image():
    with pytest.raises(TypeError, match="dtype float64"):
        inner_boundaries(np.zeros((4, 4)))
    with pytest.raises(ValueError, match="2-D"):
        inner_boundaries(np.zeros((2, 4, 4), int))


def test_bsds_boundaries_are_half_a_pixel_off_the_inner_ones():
    # Two definitions, two names: seg2bmap marks one side of a region edge only.
    square = np.zeros((6, 6), int)
    square[1:4, 1:4] = 1
    assert inner_boundaries(square).sum() == 8
    assert not np.array_equal(bsds_boundaries(square), inner_boundaries(square))


# ---- thinning -----------------------------------------------------------------------------------


def test_thin_is_scikit_image_thin_on_random_masks():
    for mask in random_masks(2, 200):
        np.testing.assert_array_equal(thin(mask), skimage_thin(mask))


def test_thin_is_scikit_image_thin_on_real_maps(bsds):
    camera = filters.sobel(data.camera())
    thick = camera > 0.02  # a low threshold: the thick map that the benchmark's first levels give
    unthinned = [bsds_boundaries(seg) for sample in bsds for seg in sample.segmentations]
    for mask in [thick, coins_labels() > 0, *unthinned]:
        np.testing.assert_array_equal(thin(mask), skimage_thin(mask))


def test_thin_refuses_labels_and_stacks():
    with pytest.raises(ValueError, match="other than 0 and 1"):
        thin(np.array([[0, 2]]))
    with pytest.raises(ValueError, match="2-D"):
        thin(np.zeros((2, 4, 4), bool))


# ---- reconstruction -----------------------------------------------------------------------------


def test_reconstruction_by_dilation_is_scikit_image_reconstruction():
    rng = np.random.default_rng(0)
    coins = coins_labels() > 0
    for mask in (
        filters.gaussian(rng.random((60, 70)), sigma=2).astype(np.float32),
        ndi.distance_transform_edt(synthetic(difficulty=1.0, seed=3).mask).astype(np.float32),
        ndi.distance_transform_edt(coins).astype(np.float32),
        data.camera().astype(np.float32),
    ):
        for h in (0.05, 2.0):
            seed = mask - h
            expected = reconstruction(seed, mask).astype(np.float32)
            np.testing.assert_array_equal(reconstruct_by_dilation(seed, mask), expected)


def test_reconstruction_by_dilation_refuses_a_seed_above_the_mask_and_other_shapes():
    mask = np.zeros((4, 4), np.float32)
    with pytest.raises(ValueError, match="seed lies above mask"):
        reconstruct_by_dilation(mask + 1, mask)
    with pytest.raises(ValueError, match="must match"):
        reconstruct_by_dilation(mask[:3], mask)
    with pytest.raises(TypeError, match="real-valued"):
        reconstruct_by_dilation(mask.astype(complex), mask)
    empty = np.zeros((0, 5), np.float16)  # found by the fuzz harness's long profile
    with pytest.raises(ValueError, match=r"seed is empty \(shape \(0, 5\)\)"):
        reconstruct_by_dilation(empty, empty)
