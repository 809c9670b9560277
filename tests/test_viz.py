import matplotlib.pyplot as plt
import numpy as np
import pytest

from segutils import viz
from segutils.datasets import load_image


def test_one_palette_for_labels_overlays_and_colormaps():
    labels = np.array([[0, 1, 2, 21]])
    rgb = viz.label_to_rgb(labels)
    np.testing.assert_array_equal(rgb[0, 0], [0, 0, 0])
    np.testing.assert_allclose(rgb[0, 1], viz.LABEL_COLORS[0])
    np.testing.assert_allclose(rgb[0, 3], viz.LABEL_COLORS[0])  # 21 wraps around to colour 1
    cmap = viz.label_cmap(2)
    np.testing.assert_allclose(cmap(2)[:3], viz.LABEL_COLORS[1])


def test_overlay_tints_only_inside_the_mask():
    image = np.full((4, 4), 0.5, np.float32)
    mask = np.zeros((4, 4), bool)
    mask[:2] = True
    out = viz.overlay(image, mask, alpha=0.5, color=(1.0, 0.0, 0.0))
    np.testing.assert_allclose(out[0, 0], [0.75, 0.25, 0.25])
    np.testing.assert_allclose(out[3, 3], [0.5, 0.5, 0.5])
    with pytest.raises(ValueError, match="alpha must be in"):
        viz.overlay(image, mask, alpha=2)
    with pytest.raises(ValueError, match="labels has shape"):
        viz.overlay(image, mask[:2])


def test_boundaries_are_drawn_on_region_edges():
    image = np.zeros((9, 9), np.float32)
    labels = np.zeros((9, 9), int)
    labels[2:7, 2:7] = 1
    out = viz.mark_boundaries(image, labels, color=(1.0, 0.0, 0.0))
    assert out.dtype == np.float32 and out.shape == (9, 9, 3)
    assert out[2, 4, 0] == 1.0 and out[4, 4, 0] == 0.0  # edge marked, interior untouched


def test_error_overlay_colours_hits_false_alarms_and_misses():
    image = np.zeros((1, 4), np.float32)
    truth = np.array([[True, True, False, False]])
    prediction = np.array([[True, False, True, False]])
    out = viz.error_overlay(image, truth, prediction)
    colours = viz.ERROR_COLORS
    np.testing.assert_allclose(out[0, 0], 0.65 * np.array(colours["true positive"]), atol=1e-6)
    np.testing.assert_allclose(out[0, 1], 0.65 * np.array(colours["false negative"]), atol=1e-6)
    np.testing.assert_allclose(out[0, 2], 0.65 * np.array(colours["false positive"]), atol=1e-6)
    np.testing.assert_allclose(out[0, 3], 0.0)


def test_show_grid_titles_every_panel():
    coins = load_image("coins")
    figure = viz.show_grid(
        [coins, coins > 0.5, (coins > 0.5).astype(int)],
        ["image", "mask", "labels"],
        suptitle="A grid",
    )
    titles = [axis.get_title() for axis in figure.axes if axis.get_title()]
    assert titles == ["image", "mask", "labels"]
    assert figure.get_suptitle() == "A grid"
    plt.close(figure)
    with pytest.raises(ValueError, match="one each"):
        viz.show_grid([coins], ["a", "b"])
