"""Canny written out step by step, and the two marker watersheds of notebook 04, on exact truth."""

import cv2
import numpy as np
import pytest
from scipy import ndimage as ndi
from skimage import draw

from segutils import edge, load_image, watershed
from segutils.datasets import synthetic
from segutils.images import to_uint8

CAMERA = load_image("camera")


def two_touching_discs(shape=(80, 120)) -> tuple[np.ndarray, np.ndarray]:
    """Two discs of radius 20 overlapping by 4 pixels (a neck), as a gray image and its labels."""
    labels = np.zeros(shape, np.int32)
    for index, centre in enumerate(((40, 38), (40, 74))):
        rows, cols = draw.disk(centre, 20, shape=shape)
        labels[rows, cols] = index + 1
    return np.where(labels > 0, 0.8, 0.1).astype(np.float32), labels


@pytest.mark.parametrize("operator", ["sobel", "scharr", "prewitt"])
def test_gradient_of_a_unit_step_is_one_across_the_step(operator):
    step = np.zeros((9, 10), np.float32)
    step[:, 5:] = 1.0
    magnitude, orientation = edge.gradient(step, operator)
    assert magnitude[4, 4] == pytest.approx(1.0) and magnitude[4, 1] == 0
    assert orientation[4, 4] == pytest.approx(0.0)  # pointing right, towards brighter
    turned, _ = edge.gradient(step.T.copy(), operator)
    assert np.allclose(turned, magnitude.T)


def test_gradient_names_the_operators_it_knows():
    with pytest.raises(ValueError, match="prewitt"):
        edge.gradient(CAMERA, "roberts")


def test_canny_steps_agrees_with_opencv_canny():
    for sigma in (1.0, 2.0):
        ours = edge.canny_steps(CAMERA, sigma=sigma).edges
        theirs = edge.canny(CAMERA, sigma=sigma)
        assert abs(int(ours.sum()) - int(theirs.sum())) < 0.05 * theirs.sum()
        # Pixels differ where cv2 blurs the 8-bit image and rounds; most edges are shared.
        near = ndi.binary_dilation(theirs, np.ones((3, 3), bool))
        assert (ours & near).sum() > 0.95 * ours.sum()


def test_non_maximum_suppression_leaves_one_pixel_across_an_edge():
    steps = edge.canny_steps(CAMERA, sigma=2.0)
    assert steps.edges.sum() < 0.2 * (steps.magnitude * 4 > 30 / 255).sum()
    square = np.zeros((40, 40), np.float32)
    square[10:30, 10:30] = 1.0
    edges = edge.canny_steps(square, sigma=1.0).edges
    assert edges[20, :20].sum() == 1 and edges[:20, 20].sum() == 1
    assert not (edge.canny_steps(square).strong & edge.canny_steps(square).weak).any()


def test_hysteresis_keeps_weak_edges_linked_to_strong_ones_only():
    steps = edge.canny_steps(CAMERA, sigma=1.0)
    assert steps.strong.sum() < steps.edges.sum() < (steps.strong | steps.weak).sum()
    assert not (steps.edges & ~(steps.strong | steps.weak)).any()
    with pytest.raises(ValueError, match="low=0.4 is above high=0.1; low must be at most high"):
        edge.canny_steps(CAMERA, sigma=1.0, low=0.4, high=0.1)
    with pytest.raises(ValueError, match="sigma"):
        edge.canny_steps(CAMERA, sigma=-1)


def test_edge_strength_is_a_thin_soft_map():
    strength = edge.edge_strength(CAMERA)
    assert strength.dtype == np.float32 and strength.max() == 1.0 and strength.min() == 0.0
    assert (strength > 0).mean() < 0.25
    assert not edge.edge_strength(np.full((16, 16), 0.5, np.float32)).any()


def recipe_as_it_circulates(image: np.ndarray) -> np.ndarray:
    """The OpenCV recipe of notebook 04 for bright objects; labels 0 background, 1.. objects."""
    img = cv2.cvtColor(to_uint8(image), cv2.COLOR_GRAY2BGR)
    gray = cv2.cvtColor(img, cv2.COLOR_BGR2GRAY)
    _, thresh = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    kernel = np.ones((2, 2), np.uint8)
    closing = cv2.morphologyEx(thresh, cv2.MORPH_CLOSE, kernel, iterations=2)
    sure_bg = cv2.dilate(closing, kernel, iterations=3)
    dist_transform = cv2.distanceTransform(sure_bg, cv2.DIST_L2, 3)
    _, sure_fg = cv2.threshold(dist_transform, 0.1 * dist_transform.max(), 255, 0)
    sure_fg = np.uint8(sure_fg)
    unknown = cv2.subtract(sure_bg, sure_fg)
    _, markers = cv2.connectedComponents(sure_fg)
    markers = markers + 1
    markers[unknown == 255] = 0
    markers = cv2.watershed(img, markers)
    return np.where(markers > 1, markers - 1, 0)


def test_marker_watershed_splits_what_the_circulating_recipe_merges():
    image, truth = two_touching_discs()
    assert recipe_as_it_circulates(image).max() == 1
    labels = watershed.marker_watershed(image)
    assert labels.max() == 2 and labels.min() == 0
    for k in (1, 2):  # each disc is one region, apart from the one-pixel dam between them
        overlap = np.bincount(labels[truth == k], minlength=3)
        assert overlap[1:].max() > 0.95 * (truth == k).sum()


def test_marker_watershed_keeps_a_small_object_beside_a_large_one():
    image = np.full((80, 120), 0.1, np.float32)
    rows, cols = draw.disk((40, 40), 30, shape=image.shape)
    image[rows, cols] = 0.8
    image[70:76, 100:106] = 0.8  # deepest distance 3: below 0.5 x the disc's 30
    labels = watershed.marker_watershed(image, fraction=0.5, min_size=0)
    assert labels[73, 103] > 0 and labels.max() == 2


def test_marker_watershed_does_not_cut_objects_at_the_border():
    image = np.full((40, 40), 0.1, np.float32)
    image[0:15, 0:15] = 0.8
    labels = watershed.marker_watershed(image, min_size=0)
    assert (labels[0:14, 0:14] == 1).all()


def test_h_maxima_merges_bumps_that_plain_peaks_split():
    image, truth = two_touching_discs()
    assert watershed.h_maxima_watershed(image, h=2.0).max() == 2
    assert watershed.h_maxima_watershed(image, h=15.0, sigma=0).max() == 1  # taller than the neck
    noisy = synthetic(difficulty=0.6, n_objects=12, seed=4)
    plain = watershed.distance_watershed(noisy.image, min_distance=1).max()
    assert watershed.h_maxima_watershed(noisy.image, h=2.0).max() < plain


def test_compact_watershed_changes_only_the_basin_shapes():
    hard = synthetic(difficulty=1.0, n_objects=20, seed=2)
    drawn = np.where(hard.mask, 0.8, 0.1).astype(np.float32)
    classic = watershed.h_maxima_watershed(drawn)
    compact = watershed.h_maxima_watershed(drawn, compactness=1.0)
    assert classic.max() == compact.max()
    assert np.array_equal(classic > 0, compact > 0)
