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
