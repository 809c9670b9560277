import matplotlib.pyplot as plt
import numpy as np
import pytest

from segutils import viz
from segutils.datasets import load_image


def test_one_palette_for_labels_overlays_and_colormaps():
    labels = np.array([[0, 1, 2, 16]])
    rgb = viz.label_to_rgb(labels)
    np.testing.assert_array_equal(rgb[0, 0], [0, 0, 0])
    np.testing.assert_allclose(rgb[0, 1], viz.LABEL_COLORS[0])
    np.testing.assert_allclose(rgb[0, 3], viz.LABEL_COLORS[15])  # up to 16 labels: colour k
    cmap = viz.label_cmap(2)
    np.testing.assert_allclose(cmap(2)[:3], viz.LABEL_COLORS[1])


def test_the_label_palette_has_no_grey():
    chroma = viz.LABEL_COLORS.max(axis=1) - viz.LABEL_COLORS.min(axis=1)
    assert chroma.min() >= 0.2, "a grey tint on a gray image looks like no region at all"
    assert len(np.unique(viz.LABEL_COLORS, axis=0)) == len(viz.LABEL_COLORS)


def test_touching_labels_that_would_share_a_colour_get_different_ones():
    labels = np.ones((6, 6), np.int32)
    labels[:, 3:] = 1 + len(viz.LABEL_COLORS)  # the same preferred colour as label 1
    labels[4:, :] = 0
    rgb = viz.label_to_rgb(labels)
    assert not np.allclose(rgb[0, 0], rgb[0, 5])
    apart = np.zeros((6, 7), np.int32)
    apart[:, :3], apart[:, 4:] = 1, 17  # separated by background: they may share it
    np.testing.assert_allclose(viz.label_to_rgb(apart)[0, 6], viz.LABEL_COLORS[0])


def colour_of_each_region(labels, rgb):
    return {int(k): tuple(rgb[labels == k][0]) for k in np.unique(labels)}


@pytest.mark.parametrize("method", ["slic", "felzenszwalb"])
def test_no_two_touching_superpixels_share_a_colour(method):
    from skimage import data, segmentation

    from segutils.explorer import frames
    from segutils.palette import touching_pairs

    photo = data.astronaut()
    if method == "slic":
        labels = segmentation.slic(photo, n_segments=500, compactness=10, start_label=1)
    else:
        labels = segmentation.felzenszwalb(photo, scale=100, sigma=0.8, min_size=50) + 1
    pairs = touching_pairs(labels)
    assert len(np.unique(labels)) > 300 and len(pairs) > 800
    colours = colour_of_each_region(labels, viz.label_to_rgb(labels))
    same = [(a, b) for a, b in pairs if colours[a] == colours[b]]
    assert not same, f"{len(same)} touching pairs share a colour, e.g. {same[:3]}"
    # The explorer draws the same colours (on 8 bits) as the figures.
    side = frames.compose(np.zeros((*labels.shape, 3), np.uint8), labels, view="side by side")
    drawn = side[:, labels.shape[1] :]
    np.testing.assert_array_equal(drawn, np.round(viz.label_to_rgb(labels) * 255))


def test_touching_pairs_are_found_across_rows_and_columns_only():
    from segutils.palette import touching_pairs

    labels = np.array([[1, 1, 2], [3, 0, 2], [3, 4, 0]])
    assert touching_pairs(labels).tolist() == [[1, 2], [1, 3], [3, 4]]
    assert touching_pairs(np.zeros((3, 3), int)).shape == (0, 2)
    wrapped = np.array([[1, 2], [3, 4]])  # 2 ends a row and 3 starts the next: not neighbours
    assert [2, 3] not in touching_pairs(wrapped).tolist()


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


def test_show_grid_refuses_a_float_image_of_0_to_255_as_the_methods_do():
    # Issue 25: drawn with vmin=0, vmax=1, a 0..255 float image was plain white without a word.
    coins = load_image("coins")
    figures = len(plt.get_fignums())
    with pytest.raises(ValueError, match=r"Panel 'photo': images\[1\] values span \[1, 252\]"):
        viz.show_grid([coins > 0.5, coins * 255], ["mask", "photo"])
    with pytest.raises(ValueError, match=r"as_image\(images\[1\], stretch=True\)"):
        viz.show_grid([coins > 0.5, (coins * 255).astype(np.float64)], ["mask", "photo"])
    assert len(plt.get_fignums()) == figures  # refused before a figure was made


def test_show_grid_decides_each_panel_by_its_data_type():
    coins = load_image("coins")
    gradient = np.linspace(0, 1, coins.size).reshape(coins.shape)  # float64 in [0, 1]: an image
    labels = (coins > 0.5).astype(np.int32) * 2
    figure = viz.show_grid([coins, coins > 0.5, labels, gradient], ["a", "b", "c", "d"])
    drawn = [axis.images[0] for axis in figure.axes[:4]]
    assert drawn[0].get_cmap().name == "gray" and drawn[0].get_clim() == (0, 1)
    np.testing.assert_array_equal(drawn[1].get_array(), coins > 0.5)
    np.testing.assert_array_equal(drawn[2].get_array(), viz.label_to_rgb(labels))
    np.testing.assert_array_equal(drawn[3].get_array(), gradient)  # drawn as it is
    plt.close(figure)


@pytest.mark.parametrize(
    ("panel", "error", "message"),
    [
        (np.zeros((4, 4, 3), np.uint8), ValueError, r"uint8 array of shape \(4, 4, 3\).*as_image"),
        (np.zeros((4, 4, 1), bool), ValueError, r"drop the channel axis: images\[0\]\[\.\.\., 0\]"),
        (np.full((4, 4), 255, np.uint8) * np.eye(4, dtype=np.uint8), ValueError, "only 0 and 255"),
        (-np.ones((4, 4), int), ValueError, "negative labels"),
        (np.zeros((3, 4, 4), np.float32), ValueError, r"shape \(3, 4, 4\)"),
        (np.full((4, 4), np.nan, np.float32), ValueError, "NaN"),
        (np.zeros((4, 4, 4), np.float32), ValueError, r"expected \(H, W\) or \(H, W, 3\)"),
        ([[0.0, 1.0]], TypeError, "must be a NumPy array"),
        (np.zeros(4, np.float32), ValueError, "expected"),
        (np.full((2, 2), 1e300), TypeError, "dtype float64"),
    ],
)
def test_show_grid_refuses_a_panel_that_is_neither_image_nor_mask_nor_labels(panel, error, message):
    figures = len(plt.get_fignums())
    with pytest.raises(error, match=message) as raised:
        viz.show_grid([panel], ["odd"])
    assert str(raised.value).startswith("Panel 'odd': images[0]")
    assert len(plt.get_fignums()) == figures


def test_drawing_functions_refuse_a_0_to_255_image_with_the_methods_message():
    coins = load_image("coins")
    mask = coins > 0.5
    for draw in (
        lambda: viz.overlay(coins * 255, mask),
        lambda: viz.mark_boundaries(coins * 255, mask),
        lambda: viz.error_overlay(coins * 255, mask, mask),
    ):
        with pytest.raises(ValueError, match=r"as_image\(image, stretch=True\)"):
            draw()


@pytest.mark.parametrize("color", [(2.0, 0.0, 0.0), (255, 0, 0), "red", (1.0, 0.0), None])
def test_a_colour_is_three_numbers_on_the_image_scale(color):
    image = np.zeros((5, 5), np.float32)
    mask = np.eye(5, dtype=bool)
    with pytest.raises(ValueError, match=r"color must be three numbers .* in \[0, 1\]"):
        viz.mark_boundaries(image, mask, color=color)
    if color is not None:  # None is overlay's "each label its palette colour"
        with pytest.raises(ValueError, match=r"color must be three numbers"):
            viz.overlay(image, mask, color=color)


def test_mark_boundaries_refuses_a_mode_scikit_image_does_not_have():
    with pytest.raises(ValueError, match="mode must be one of"):
        viz.mark_boundaries(np.zeros((5, 5), np.float32), np.eye(5, dtype=bool), mode="outline")
