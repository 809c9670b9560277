"""Every example of bad input reported against segutils, as a regression test.

Each one once crashed, hung or answered wrongly without a word; each now gets a clear error (or
the right answer). The fuzz harness (tests/test_fuzz.py) tries many more.
"""

import warnings

import numpy as np
import pytest

import segutils as su
from segutils import metrics, threshold
from segutils.datasets import synthetic

EASY = synthetic((64, 64), n_objects=4, difficulty=0.0, seed=0)


@pytest.mark.parametrize("classes", [1, 0, 6, 10])
def test_multi_otsu_classes_outside_the_range_are_refused_before_the_library(classes):
    # classes=1 once killed the process (segmentation fault); classes=10 ran on for minutes.
    with pytest.raises(ValueError, match=rf"classes={classes} is outside its range \[2, 5\]"):
        threshold.multi_otsu(EASY.image, classes=classes)


def test_multi_otsu_refuses_more_classes_than_gray_levels_without_naming_nbins():
    # Found by the fuzz harness: scikit-image's own error advised `nbins`, not a parameter here.
    image = np.ones((1, 40), np.float32)
    image[0, 0] = 0
    with pytest.raises(ValueError, match=r"classes=3 needs .* only 2 .* Use classes <= 2") as error:
        threshold.multi_otsu(image)
    assert "nbins" not in str(error.value)
    assert threshold.multi_otsu(image, classes=2).tolist() == (image > 0).tolist()


def test_python_ints_become_an_8_bit_image_not_a_black_one():
    image = su.as_image(np.array([[0, 10, 200, 255]] * 4))  # int64, as np.array of ints gives
    np.testing.assert_allclose(image[0], [0, 10 / 255, 200 / 255, 1], rtol=1e-6)
    assert su.as_image(np.array([[0, 4000, 65535]]))[0, 2] == 1.0  # 16-bit values
    with pytest.raises(ValueError, match="fit no 8- or 16-bit image.*stretch=True"):
        su.as_image(np.array([[0, 70000]]))
    with pytest.raises(ValueError, match="fit no 8- or 16-bit image"):
        su.as_image(np.array([[-5, 10]]))


def test_twelve_bit_data_in_a_sixteen_bit_image_is_not_darkened_without_a_word():
    twelve_bit = np.array([[0, 1000, 4095]], dtype=np.uint16)
    with pytest.warns(UserWarning, match="up to 4095 of 65535.*12-bit data.*stretch=True"):
        dark = su.as_image(twelve_bit)
    assert dark.max() < 0.07
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert su.as_image(twelve_bit, stretch=True).max() == 1.0


def test_a_0_255_mask_is_refused_where_a_mask_or_labels_are_expected():
    mask_255 = (EASY.mask * 255).astype(np.uint8)
    mask_01 = EASY.mask.astype(int)
    with pytest.raises(ValueError, match=r"only 0 and 255.*\(truth > 0\)"):
        su.iou(mask_255, mask_01)  # was 0.333 for identical masks
    with pytest.raises(ValueError, match="only 0 and 255"):
        su.overlay(EASY.image, mask_255)
    with pytest.raises(ValueError, match="only 0 and 255"):
        su.explore(threshold.manual, EASY.image, truth=mask_255)
    assert su.iou(mask_255 > 0, EASY.mask) == 1.0


def test_a_probability_map_is_not_scored_as_a_mask():
    probability = EASY.image  # floats in [0, 1]
    with pytest.raises(TypeError, match="probability > 0.5"):
        su.iou(EASY.mask, probability)
    with pytest.raises(TypeError, match="the result of 'soft'.*probability > 0.5"):
        metrics.evaluate({"soft": lambda image: image}, [("easy", EASY.image, EASY.mask)])


def test_a_long_thin_image_can_be_explored():
    thin = np.linspace(0, 1, 2000, dtype=np.float32)[None, :]  # 1 x 2000
    with pytest.warns(UserWarning, match="interactive limit"):
        explorer = su.explore(threshold.manual, thin, level=0.5)
    assert explorer.result.shape == (1, 1024) and explorer.frame[:2] == b"\xff\xd8"
    explorer.set(level=0.25, view="contours")
    assert explorer.result.mean() == pytest.approx(0.75, abs=0.01)


def test_integers_and_floats_follow_the_number_rule():
    assert threshold.local(EASY.image, block_size=51.0).shape == EASY.image.shape  # whole float
    with pytest.raises(TypeError, match=r"block_size must be a whole number, got 51.5"):
        threshold.local(EASY.image, block_size=51.5)
    assert threshold.manual(EASY.image, level=1).sum() == 0  # an int where a float is meant
    with pytest.raises(TypeError, match="level must be a number, got True"):
        threshold.manual(EASY.image, level=True)
    with pytest.raises(ValueError, match=r"level=nan is outside its range"):
        threshold.manual(EASY.image, level=float("nan"))
    with pytest.raises(TypeError, match="dtype uint8.*segutils.as_image"):
        threshold.manual((EASY.image * 255).astype(np.uint8))


# params (issue 25, mechanism 2): every keyword of a registered method is checked at call time,
# a fixed one (a sample size, a random seed) as well as a slider.


def test_a_fixed_parameter_is_checked_like_a_slider():
    from segutils import cluster

    # Once a ValueError from inside scikit-learn: "Found array with 0 sample(s)".
    with pytest.raises(
        ValueError, match=r"cluster.kmeans\(\): sample_size=0 is outside .*\[1, inf\]"
    ):
        cluster.kmeans(EASY.image, sample_size=0)
    with pytest.raises(ValueError, match="sample_size=1 is below n_clusters=3"):
        cluster.kmeans(EASY.image, sample_size=1)  # once scikit-learn's "n_samples=1 should be"
    with pytest.raises(ValueError, match=r"cluster.fuzzy_cmeans\(\): seed=-3 is outside"):
        cluster.fuzzy_cmeans(EASY.image, seed=-3)  # once NumPy's "Seed must be between 0 and"
    with pytest.raises(TypeError, match=r"cluster.gaussian_mixture\(\): seed must be a number"):
        cluster.gaussian_mixture(EASY.image, seed="x")  # once NumPy's "SeedSequence expects"
    with pytest.raises(TypeError, match=r"cluster.kmeans\(\): seed must be a number, got True"):
        cluster.kmeans(EASY.image, seed=True)  # once taken silently as seed 1
    with pytest.raises(ValueError, match=r"cluster.kmeans\(\): seed=nan is outside"):
        cluster.kmeans(EASY.image, seed=float("nan"))
    np.testing.assert_array_equal(
        cluster.kmeans(EASY.image, sample_size=np.int64(500), seed=np.uint32(7)),
        cluster.kmeans(EASY.image, sample_size=500, seed=7),
    )


def test_an_unknown_keyword_names_the_method_and_its_parameters():
    with pytest.raises(TypeError, match=r"threshold.manual\(\) has no parameter 'levle'.*level"):
        threshold.manual(EASY.image, levle=0.3)  # once Python's "got an unexpected keyword"
    with pytest.raises(TypeError, match=r"threshold.manual\(\): too many positional.*by keyword"):
        threshold.manual(EASY.image, 0.3)


def test_seed_points_are_checked_by_every_seeded_method():
    from segutils import region, watershed

    for method in (region.grow, watershed.sobel_from_seeds):
        with pytest.raises(ValueError, match=r"\(\): seeds must be finite .*\(nan, 3.0\)"):
            method(EASY.image, [(np.nan, 3)])  # once "seed (-9223372036854775808, 3) lies outside"
        with pytest.raises(TypeError, match=r"\(\): seeds must be numbers"):
            method(EASY.image, [("a", "b")])  # once NumPy's "ufunc 'rint' not supported"
        with pytest.raises(TypeError, match=r"array of bool; .*np.argwhere\(mask\)"):
            method(EASY.image, np.array([[True, False]]))  # a mask, once taken as seed (1, 0)


# ---- imagerule (issue 25, mechanism 3): one image rule for every function that takes an image,
# drawing included, and an error that names every file the project opens for what it is.


def test_show_grid_refuses_a_float_image_of_0_to_255_instead_of_drawing_it_white():
    import matplotlib.pyplot as plt

    figures = len(plt.get_fignums())
    with pytest.raises(ValueError, match=r"Use segutils.as_image\(images\[0\], stretch=True\)"):
        su.show_grid([EASY.image * 255, EASY.mask], ["photo", "mask"])
    assert len(plt.get_fignums()) == figures
    figure = su.show_grid([EASY.image, EASY.mask, EASY.labels], ["photo", "mask", "labels"])
    plt.close(figure)


def test_the_explorer_gives_as_image_options_in_its_own_terms():
    # Its keywords are the method's parameters: "pass stretch=True" to explore() cannot work.
    with pytest.raises(ValueError, match=r"su.explore\(method, su.as_image\(image, stretch=True"):
        su.explore(threshold.manual, EASY.image * 255)
    rgba = np.dstack([EASY.image] * 3 + [np.full(EASY.image.shape, 0.5, np.float32)])
    with pytest.raises(ValueError, match=r"su.as_image\(image, drop_alpha=True\)\)"):
        su.explore(threshold.manual, rgba)


def test_a_bench_sample_refuses_an_image_every_method_would_refuse():
    from segutils.bench import Sample

    with pytest.raises(ValueError, match=r"Sample 'a': image values span .*stretch=True"):
        Sample("a", EASY.image * 255, EASY.mask)
    with pytest.raises(TypeError, match=r"Sample 'b': image has dtype uint8.*as_image"):
        Sample("b", (EASY.image * 255).astype(np.uint8), EASY.mask)


def test_a_bench_cell_that_is_json_but_not_a_cell_is_recomputed(tmp_path):
    from segutils.bench.runner import load_cell

    path = tmp_path / "cell.json"
    for content in (b"[1, 2]", b'"a string"', b"null", b"\xff\xfe not UTF-8"):
        path.write_bytes(content)
        assert load_cell(path, "any fingerprint") is None  # JSON but no object: AttributeError


def test_the_reference_models_record_is_named_when_it_is_not_json(tmp_path, monkeypatch):
    from dataclasses import replace

    from segutils.bench import network
    from segutils.unet import references

    packaged = references.REFERENCES["isbi2012-membranes"]
    moved = replace(packaged, file=tmp_path / "isbi2012_membranes.keras")
    monkeypatch.setitem(references.REFERENCES, "isbi2012-membranes", moved)
    record = tmp_path / "isbi2012_membranes.json"
    record.write_text("version https://git-lfs.github.com/spec/v1\n")
    with pytest.raises(ValueError, match=r"isbi2012_membranes.json is not the reference model's"):
        network._reference_params("isbi2012-membranes")
    record.write_text("[0.8]")
    with pytest.raises(ValueError, match="it holds a JSON list.*git checkout"):
        network._reference_params("isbi2012-membranes")


def test_load_model_names_a_file_that_is_not_a_keras_archive(tmp_path):
    pytest.importorskip("keras")
    from segutils import unet

    path = tmp_path / "model.keras"
    path.write_text("version https://git-lfs.github.com/spec/v1\noid sha256:2c11\n")
    with pytest.raises(ValueError, match="model.keras is not a Keras archive.*Git LFS pointer"):
        unet.load_model(path)  # was Keras' "File not found" for a file that exists


# ---- labels: memory sized by the pixels and the distinct labels, not by the label values -------
# segutils.iou of a 16-bit mask of 0 and 65535 once asked NumPy for 32 GiB, and labels 3 against
# 26151 for 5.1 GiB: every function that counts labels now renumbers them first.

import dataclasses  # noqa: E402
import tracemalloc  # noqa: E402  (this block's own import, kept with it for clean merges)

from segutils import masks, palette, viz  # noqa: E402
from segutils.bench import scoring  # noqa: E402
from segutils.explorer import readout  # noqa: E402


def _labels_pair(dtype: type, top: int) -> tuple[np.ndarray, np.ndarray]:
    """Two 128 x 128 label images with labels 0, top - 1 and top (two objects, shifted)."""
    truth = np.zeros((128, 128), dtype)
    truth[10:50, 10:50], truth[60:100, 60:120] = top, top - 1
    return truth, np.roll(truth, 3, axis=1)


LABEL_COUNTERS = {
    "iou": lambda t, p: metrics.iou(t, p),
    "dice": lambda t, p: metrics.dice(t, p),
    "segmentation_scores": lambda t, p: metrics.segmentation_scores(t, p),
    "region_scores": lambda t, p: metrics.region_scores(t, [p]),
    "match_instances": lambda t, p: metrics.match_instances(t, p),
    "instance_scores": lambda t, p: metrics.instance_scores(t, p),
    "dsb_score": lambda t, p: metrics.dsb_score(t, p),
    "boundary_counts": lambda t, p: metrics.boundary_counts(t, [p]),
    "color_index": lambda t, p: palette.color_index(t),
    "touching_pairs": lambda t, p: palette.touching_pairs(t),
    "label_to_rgb": lambda t, p: viz.label_to_rgb(t),
    "resize_labels": lambda t, p: masks.resize_labels(t, (100, 90)),
    "explorer summary": lambda t, p: readout.summary(t),
    "bench instance score": lambda t, p: scoring.score("instance", t, p),
    "bench regions score": lambda t, p: scoring.score("regions", [t], p),
}
LARGE_LABELS = [(np.uint16, 65535), (np.int32, 26151), (np.int64, 10**9), (np.uint32, 4 * 10**9)]


@pytest.mark.parametrize(("dtype", "top"), LARGE_LABELS)
@pytest.mark.parametrize("name", LABEL_COUNTERS)
def test_counting_large_labels_allocates_in_proportion_to_the_input(name, dtype, top):
    truth, prediction = _labels_pair(dtype, top)
    tracemalloc.start()  # NumPy reports its allocations to tracemalloc
    try:
        LABEL_COUNTERS[name](truth, prediction)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    bound = 64 * (truth.nbytes + prediction.nbytes) + 2**20
    assert peak < bound, f"{name} on {dtype.__name__} labels up to {top}: peak {peak:,} bytes"


def _plain(result):
    """A result NumPy's testing can compare: a dataclass of arrays as a tuple."""
    return dataclasses.astuple(result) if dataclasses.is_dataclass(result) else result


@pytest.mark.parametrize(("dtype", "top"), LARGE_LABELS)
def test_large_labels_give_the_answers_of_small_ones(dtype, top):
    truth, prediction = _labels_pair(dtype, top)
    ranks = np.unique(np.stack([truth, prediction]), return_inverse=True)[1]
    small_truth, small_prediction = ranks.reshape(2, *truth.shape)
    for name, function in LABEL_COUNTERS.items():
        if name not in ("label_to_rgb", "color_index", "resize_labels", "touching_pairs"):
            expected = _plain(function(small_truth, small_prediction))  # colours follow values
            np.testing.assert_equal(_plain(function(truth, prediction)), expected, err_msg=name)


def test_the_issues_examples_answer_instead_of_running_out_of_memory():
    mask16 = np.zeros((64, 64), np.uint16)
    mask16[16:48, 16:48] = 65535  # a binary mask as 16-bit tools save it
    with pytest.raises(ValueError, match=r"a mask saved as a 16-bit image.*Pass \(truth > 0\)"):
        su.iou(mask16, mask16)  # refused as the 8-bit 0/255 mask is, with the way out
    assert su.iou(mask16 > 0, mask16 > 0) == 1.0 and su.dice(mask16 > 0, mask16 > 0) == 1.0
    three, far = np.array([[3]], np.int32), np.array([[26151]], np.int32)
    assert metrics.iou(three, far) == 0.0
    with pytest.raises(ValueError, match="more than the 16,777,216 allowed"):
        metrics.confusion_matrix(three, far)  # 26152 x 26152 cells: refused with the way out
    with pytest.raises(ValueError, match="pass labels > 0"):
        far_apart = np.where(mask16 > 0, 65535, 9)  # classes 9 and 65535
        metrics.confusion_matrix(far_apart, far_apart)


def test_resizing_keeps_ids_past_the_int32_range():
    ids = np.array([[0, 10**10], [7, 2**40]], np.int64)  # OpenCV resizes int32 only
    resized = masks.resize_labels(ids, (4, 4))
    assert resized.dtype == np.int64 and set(np.unique(resized).tolist()) == {0, 7, 10**10, 2**40}
    np.testing.assert_array_equal(resized, ids.repeat(2, axis=0).repeat(2, axis=1))


# --- decode: image files decoded by the conventions of their format (issue 25, mechanism 4) ---


def test_a_phone_photo_with_exif_orientation_loads_upright(tmp_path):
    from PIL import Image

    upright = (np.arange(30 * 50).reshape(30, 50) % 200).astype(np.uint8)  # 30 rows, 50 columns
    exif = Image.Exif()
    exif[0x0112] = 6  # the camera stored it turned: "rotate 90 degrees clockwise to view"
    Image.fromarray(upright).transpose(Image.Transpose.ROTATE_90).save(
        tmp_path / "phone.png", exif=exif
    )
    np.testing.assert_allclose(su.load_image(tmp_path / "phone.png"), upright / 255, atol=1e-6)


def test_a_cmyk_jpeg_is_read_as_rgb_not_refused_as_transparent_rgba(tmp_path):
    from PIL import Image

    rgb = np.zeros((16, 16, 3), np.uint8)
    rgb[..., 0] = 200  # red
    Image.fromarray(rgb).convert("CMYK").save(tmp_path / "print.jpg", quality=95)
    image = su.load_image(tmp_path / "print.jpg")  # was "RGBA with transparent pixels"
    assert image.shape == (16, 16, 3)
    np.testing.assert_allclose(image.mean(axis=(0, 1)), [200 / 255, 0, 0], atol=0.02)


def test_bench_data_advises_its_option_not_a_python_keyword(tmp_path, capsys):
    import imageio.v3 as iio

    from segutils.cli import main

    mask = np.zeros((16, 16), np.uint8)
    mask[4:12, 4:12] = 255
    for sub in ("images", "masks"):
        (tmp_path / "d" / sub).mkdir(parents=True)
    for name in ("a", "b"):
        iio.imwrite(tmp_path / "d" / "masks" / f"{name}.png", mask)
        iio.imwrite(tmp_path / "d" / "images" / f"{name}.png", mask // 2 + 50)
    iio.imwrite(tmp_path / "d" / "images" / "a.png", np.dstack([mask, mask, mask, mask]))
    code = main(["bench", "--data", str(tmp_path / "d"), "--out", str(tmp_path / "r")])
    error = capsys.readouterr().err
    assert code == 1 and "images/a.png: " in error and "add --drop-alpha" in error
    assert "drop_alpha=True" not in error  # was "pass drop_alpha=True", which the shell lacks


# --- found by the fuzz harness's long profile (issue 25) ----------------------------------------


def test_reconstruction_refuses_nan_instead_of_looping_forever():
    from segutils.morphology import reconstruct_by_dilation

    with pytest.raises(ValueError, match="mask holds NaN"):
        reconstruct_by_dilation(np.full((1, 1), 0.5, np.float32), np.full((1, 1), np.nan))


def test_stretch_maps_values_near_the_float64_limits_into_zero_one():
    from segutils.images import as_image

    image = as_image(np.array([[-1e308, 0.0, 1e308]]), stretch=True)
    assert image.dtype == np.float32 and np.isfinite(image).all()
    assert image.tolist() == [[0.0, 0.5, 1.0]]
