"""Clustering: fuzzy c-means against scikit-fuzzy, the histogram shortcut, and the bad inputs."""

import numpy as np
import pytest
import skfuzzy

from segutils import cluster
from segutils.cluster import fuzzy
from segutils.datasets import load_image, synthetic
from segutils.images import to_gray
from segutils.metrics import iou

EASY = synthetic(difficulty=0.0, seed=0)
COFFEE = load_image("coffee")[::4, ::4]  # 100x150 RGB: enough colours, fast


def reference(data, init, m=2.0):
    """scikit-fuzzy on the same points (it takes features x points) from the same start."""
    centres, memberships, *_, iterations, _ = skfuzzy.cluster.cmeans(
        data.T, len(init), m, error=1e-5, maxiter=300, init=init
    )
    return centres, memberships, iterations


def start(n_clusters, n_points, seed=0):
    memberships = np.random.default_rng(seed).random((n_clusters, n_points))
    return memberships / memberships.sum(axis=0)


@pytest.mark.parametrize("m", [1.5, 2.0, 3.0])
def test_cmeans_agrees_with_scikit_fuzzy_on_random_data(m):
    rng = np.random.default_rng(1)
    data = np.vstack([rng.normal(centre, 0.7, (80, 2)) for centre in ((0, 0), (4, 0), (0, 4))])
    init = start(3, len(data))
    ours = fuzzy.cmeans(data, 3, m, init=init)
    centres, memberships, iterations = reference(data, init, m)
    np.testing.assert_allclose(ours.centres, centres, atol=1e-4)
    np.testing.assert_allclose(ours.memberships, memberships, atol=1e-4)
    assert ours.iterations == iterations and len(ours.objective) == iterations
    assert ours.objective[-1] <= ours.objective[0]


def test_cmeans_agrees_with_scikit_fuzzy_on_gray_pixels_and_its_random_start():
    pixels = load_image("coins")[::6, ::6].reshape(-1, 1).astype(np.float64)
    init = start(3, len(pixels), seed=2)
    ours = fuzzy.cmeans(pixels, 3, init=init)
    centres, memberships, _ = reference(pixels, init)
    np.testing.assert_allclose(ours.centres, centres, atol=1e-4)
    np.testing.assert_allclose(ours.memberships, memberships, atol=1e-4)
    # Without init, the same seed gives scikit-fuzzy's random start (np.random.seed(seed)).
    seeded = fuzzy.cmeans(pixels, 3, seed=5)
    expected = skfuzzy.cluster.cmeans(pixels.T, 3, 2.0, error=1e-5, maxiter=300, seed=5)[0]
    np.testing.assert_allclose(seeded.centres, expected, atol=1e-4)


def test_weighted_cmeans_equals_the_plain_run_over_the_expanded_points():
    levels = np.round(to_gray(COFFEE).ravel() * 255) / 255  # 8-bit gray levels, 15 000 pixels
    values, index, counts = np.unique(levels, return_inverse=True, return_counts=True)
    init = start(4, len(values), seed=3)
    weighted = fuzzy.cmeans(values[:, None], 4, weights=counts, init=init)
    plain = fuzzy.cmeans(levels[:, None], 4, init=init[:, index])
    assert weighted.iterations == plain.iterations
    np.testing.assert_allclose(weighted.centres, plain.centres, atol=1e-10)
    np.testing.assert_allclose(weighted.memberships[:, index], plain.memberships, atol=1e-10)
    np.testing.assert_allclose(weighted.objective, plain.objective, rtol=1e-6)
    # A row of weight 0 is ignored: the same centres as without it.
    padded = fuzzy.cmeans(
        np.vstack([values[:, None], [[0.5]]]),
        4,
        weights=np.append(counts, 0),
        init=np.hstack([init, np.full((4, 1), 0.25)]),
    )
    np.testing.assert_allclose(padded.centres, weighted.centres, atol=1e-8)


def test_fuzzy_cmeans_and_kmeans_segment_the_easy_image():
    assert iou(EASY.mask, cluster.fuzzy_cmeans(EASY.image, n_clusters=2) > 0) > 0.9
    assert iou(EASY.mask, cluster.kmeans(EASY.image, n_clusters=2) > 0) > 0.9
    brightest = cluster.fuzzy_cmeans(EASY.image, n_clusters=2, background="brightest")
    assert iou(~EASY.mask, brightest > 0) > 0.9
    labels = cluster.fuzzy_cmeans(EASY.image, n_clusters=3, background="none")
    assert labels.dtype == np.int32 and labels.min() == 1 and labels.max() == 3


def test_memberships_sum_to_one_and_clusters_go_darkest_first():
    for image, channels in ((EASY.image, 1), (COFFEE, 3)):
        memberships, centres = cluster.fuzzy_memberships(image, n_clusters=4, m=1.8)
        assert memberships.shape == (*image.shape[:2], 4) and memberships.dtype == np.float32
        np.testing.assert_allclose(memberships.sum(axis=-1), 1.0, atol=1e-5)
        assert memberships.min() >= 0 and centres.shape == (4, channels)
        assert np.all(np.diff(centres.mean(axis=1)) > 0)
        # The hard labels are the largest memberships, numbered the same way.
        labels = cluster.fuzzy_cmeans(image, n_clusters=4, m=1.8, background="darkest")
        assert np.mean(labels == memberships.argmax(axis=-1)) > 0.999


def test_histogram_fcm_matches_fcm_on_all_pixels():
    gray = np.round(to_gray(COFFEE) * 255).astype(np.float32) / 255  # an 8-bit gray image
    _, centres = cluster.fuzzy_memberships(gray, n_clusters=3)
    full = skfuzzy.cluster.cmeans(gray.reshape(1, -1), 3, 2.0, error=1e-5, maxiter=300, seed=0)
    np.testing.assert_allclose(centres.ravel(), np.sort(full[0].ravel()), atol=1e-3)


def test_kmeans_in_lab_on_rgb_and_gray_ignores_it():
    labels = cluster.kmeans(COFFEE, n_clusters=4, color_space="lab")
    assert labels.shape == COFFEE.shape[:2] and set(np.unique(labels)) == {0, 1, 2, 3}
    np.testing.assert_array_equal(
        cluster.kmeans(EASY.image, color_space="lab"), cluster.kmeans(EASY.image)
    )
    spatial = cluster.kmeans(COFFEE, n_clusters=3, color_space="lab", position_weight=0.5)
    assert spatial.max() == 2


def test_gaussian_mixture_on_coffee_and_a_synthetic_image():
    labels = cluster.gaussian_mixture(COFFEE, n_components=3, background="none")
    assert labels.dtype == np.int32 and labels.shape == COFFEE.shape[:2]
    assert set(np.unique(labels)) == {1, 2, 3}
    assert iou(EASY.mask, cluster.gaussian_mixture(EASY.image, n_components=2) > 0) > 0.85
    np.testing.assert_array_equal(
        cluster.gaussian_mixture(EASY.image, seed=1), cluster.gaussian_mixture(EASY.image, seed=1)
    )


def test_mean_shift_filter_flattens_colours_and_keeps_the_form():
    flat = cluster.mean_shift_filter(COFFEE, spatial_radius=8, color_radius=0.1)
    assert flat.shape == COFFEE.shape and flat.dtype == np.float32
    assert 0 <= flat.min() and flat.max() <= 1

    def colours(image):
        return len(np.unique(np.round(image * 255).reshape(-1, 3), axis=0))

    assert colours(flat) < colours(COFFEE) / 2
    gray = cluster.mean_shift_filter(EASY.image, spatial_radius=5, color_radius=0.05)
    assert gray.shape == EASY.image.shape and gray.dtype == np.float32
    assert np.abs(gray - EASY.image).mean() < 0.02  # flat regions stay, noise goes
    # Any radius above 0 is allowed, however small, up to the largest.
    tiny = cluster.mean_shift_filter(COFFEE, spatial_radius=0.01, color_radius=1)
    assert tiny.shape == COFFEE.shape


def test_bad_inputs_get_clear_errors():
    two_colours = np.zeros((20, 20, 3), np.float32)
    two_colours[:10] = (1.0, 0.5, 0.0)
    expected = r"needs at least 3 distinct colours, but the image has only 2\. Use n_clusters <= 2"
    with pytest.raises(ValueError, match=expected):
        cluster.kmeans(two_colours, n_clusters=3)
    with pytest.raises(ValueError, match="at least 3 distinct colours, but .* only 2"):
        cluster.gaussian_mixture(two_colours, n_components=3)
    with pytest.raises(ValueError, match="at least 3 distinct colours on a 32-level grid"):
        cluster.fuzzy_cmeans(two_colours, n_clusters=3)
    constant = np.full((16, 16), 0.4, np.float32)
    for method in (cluster.kmeans, cluster.gaussian_mixture, cluster.fuzzy_cmeans):
        with pytest.raises(ValueError, match="needs an image with contrast"):
            method(constant)
    nan = EASY.image.copy()
    nan[3, 3] = np.nan
    with pytest.raises(ValueError, match="NaN"):
        cluster.fuzzy_cmeans(nan)
    with pytest.raises(ValueError, match="NaN"):
        cluster.fuzzy_memberships(nan)
    with pytest.raises(ValueError, match="m=1.0 is not allowed: the fuzzifier must be above 1"):
        cluster.fuzzy_memberships(EASY.image, m=1.0)
    with pytest.raises(ValueError, match="outside its range"):
        cluster.fuzzy_cmeans(EASY.image, m=0.9)
    with pytest.raises(ValueError, match=r"spatial_radius=0.0 is outside its range \(0.0, 100.0\]"):
        cluster.mean_shift_filter(COFFEE, spatial_radius=0)
    with pytest.raises(ValueError, match=r"color_radius=1.5 is outside its range \(0.0, 1.0\]"):
        cluster.mean_shift_filter(COFFEE, color_radius=1.5)
    with pytest.raises(TypeError, match="color_radius must be a number"):
        cluster.mean_shift_filter(COFFEE, color_radius="0.1")


def test_cmeans_refuses_bad_arguments_and_says_the_fix():
    data = np.array([[0.0], [0.0], [1.0], [1.0]])
    with pytest.raises(ValueError, match="memberships become hard .* or undefined"):
        fuzzy.cmeans(data, 2, m=1.0)
    with pytest.raises(ValueError, match="data has 2 distinct rows. Use fewer clusters"):
        fuzzy.cmeans(data, 3)
    with pytest.raises(ValueError, match="at least 2"):
        fuzzy.cmeans(data, 1)
    with pytest.raises(ValueError, match="1 distinct row with a positive weight"):
        fuzzy.cmeans(data, 2, weights=[1, 1, 0, 0])
    with pytest.raises(ValueError, match="NaN or inf"):
        fuzzy.cmeans(np.array([[0.0], [np.nan], [1.0]]), 2)
    with pytest.raises(ValueError, match="non-negative"):
        fuzzy.cmeans(data, 2, weights=[1, -1, 1, 1])
    with pytest.raises(ValueError, match=r"shape \(4,\), one count per row"):
        fuzzy.cmeans(data, 2, weights=[1, 1, 1])
    with pytest.raises(ValueError, match=r"data.reshape\(-1, 1\)"):
        fuzzy.cmeans(data.ravel(), 2)
    with pytest.raises(ValueError, match=r"init must have shape \(n_clusters, N\) = \(2, 4\)"):
        fuzzy.cmeans(data, 2, init=np.ones((4, 2)))
    with pytest.raises(TypeError, match="n_clusters must be an integer"):
        fuzzy.cmeans(data, 2.5)
    with pytest.raises(TypeError, match="real numeric array"):
        fuzzy.cmeans(data.astype(complex), 2)
