import io
import warnings

import imageio.v3 as iio
import numpy as np
import pytest
import skimage.data

from segutils import images
from segutils.datasets import load_image
from segutils.explorer.sizing import fit_for_interactive
from segutils.images import as_image, require_contrast, to_gray


def png_bytes(array: np.ndarray) -> bytes:
    buffer = io.BytesIO()
    iio.imwrite(buffer, array, extension=".png")
    return buffer.getvalue()


def test_canonical_form_of_a_bundled_sample():
    coins = load_image("coins")
    assert coins.dtype == np.float32 and coins.shape == (303, 384)
    np.testing.assert_allclose(coins, skimage.data.coins() / 255.0, atol=1e-6)


def test_rgb_order_is_kept_and_gray_uses_luminance():
    astronaut = load_image("astronaut")
    np.testing.assert_allclose(astronaut[..., 0], skimage.data.astronaut()[..., 0] / 255, atol=1e-6)
    gray = to_gray(astronaut)
    assert gray.shape == (512, 512) and gray.dtype == np.float32
    pure_red = np.zeros((1, 1, 3), np.float32)
    pure_red[..., 0] = 1
    assert to_gray(pure_red)[0, 0] == pytest.approx(0.2125, abs=1e-4)  # BT.709 red weight


def test_load_from_path_and_bytes_agree(tmp_path):
    camera = skimage.data.camera()
    path = tmp_path / "camera.png"
    path.write_bytes(png_bytes(camera))
    from_path = load_image(path)
    from_bytes = load_image(path.read_bytes())
    np.testing.assert_array_equal(from_path, from_bytes)
    np.testing.assert_allclose(from_path, camera / 255, atol=1e-6)


def test_load_from_url_is_cached(tmp_path, monkeypatch, http_server):
    monkeypatch.setenv("SEGUTILS_CACHE", str(tmp_path / "cache"))
    (http_server.root / "coins.png").write_bytes(png_bytes(skimage.data.coins()))
    image = load_image(f"{http_server.url}/coins.png")
    assert image.shape == (303, 384)
    (http_server.root / "coins.png").unlink()  # the second load must come from the cache
    np.testing.assert_array_equal(load_image(f"{http_server.url}/coins.png"), image)


def test_missing_file_names_the_path(tmp_path):
    with pytest.raises(FileNotFoundError, match="No image file at .*nope.png"):
        load_image(tmp_path / "nope.png")


def test_unknown_name_lists_the_samples():
    with pytest.raises(ValueError, match="neither an existing file nor a sample name.*coins"):
        load_image("coinz")


def test_not_an_image(tmp_path):
    path = tmp_path / "notes.png"
    path.write_text("this is text, not pixels")
    with pytest.raises(ValueError, match="Could not decode .*notes.png as an image"):
        load_image(path)


def test_empty_file_and_zero_size_array(tmp_path):
    path = tmp_path / "empty.png"
    path.write_bytes(b"")
    with pytest.raises(ValueError, match="0 bytes"):
        load_image(path)
    with pytest.raises(ValueError, match=r"empty \(shape \(0, 5\)\)"):
        as_image(np.zeros((0, 5), np.uint8))


def test_sixteen_bit_is_scaled_by_its_range_or_stretched(tmp_path):
    data = np.array([[0, 4095], [1000, 65535]], dtype=np.uint16)
    path = tmp_path / "deep.png"
    path.write_bytes(png_bytes(data))
    np.testing.assert_allclose(load_image(path), data / 65535, atol=1e-6)
    twelve_bit = np.array([[0, 4095]], dtype=np.uint16)
    np.testing.assert_allclose(as_image(twelve_bit, stretch=True), [[0.0, 1.0]])


def test_float_input_in_and_out_of_range():
    inside = np.array([[0.0, 0.25, 1.0]])
    assert as_image(inside).dtype == np.float32
    with pytest.raises(ValueError, match=r"span \[0, 255\], outside \[0, 1\].*stretch=True"):
        as_image(np.array([[0.0, 255.0]]))
    np.testing.assert_allclose(as_image(np.array([[-1.0, 3.0]]), stretch=True), [[0.0, 1.0]])


def test_nan_is_refused_with_the_fix():
    data = np.ones((3, 3))
    data[1, 1] = np.nan
    with pytest.raises(ValueError, match=r"1 NaN or infinite values.*nan_to_num"):
        as_image(data)


def test_rgba_opaque_is_accepted_transparent_needs_a_decision():
    rgba = np.full((4, 4, 4), 255, np.uint8)
    assert as_image(rgba).shape == (4, 4, 3)
    rgba[0, 0, 3] = 0
    with pytest.raises(ValueError, match="RGBA with transparent pixels.*drop_alpha=True"):
        as_image(rgba)
    assert as_image(rgba, drop_alpha=True).shape == (4, 4, 3)


def test_single_channel_is_squeezed_and_odd_shapes_refused():
    assert as_image(np.zeros((5, 6, 1), np.uint8)).shape == (5, 6)
    with pytest.raises(ValueError, match=r"Unsupported image shape \(3, 5, 6\).*moveaxis"):
        as_image(np.zeros((3, 5, 6), np.uint8))
    with pytest.raises(TypeError, match="Expected a NumPy array, got list"):
        as_image([[0, 1]])


def test_tiff_stack_is_reported(tmp_path):
    path = tmp_path / "stack.tif"
    iio.imwrite(path, np.zeros((5, 16, 16), np.uint8))
    with pytest.raises(ValueError, match="stack of 5 images"):
        load_image(path)


def test_constant_image_where_contrast_is_needed():
    with pytest.raises(ValueError, match="Otsu needs an image with contrast.*0.5"):
        require_contrast(np.full((8, 8), 0.5, np.float32), method="Otsu")
    require_contrast(load_image("coins"), method="Otsu")


def test_validate_names_the_conversion():
    with pytest.raises(TypeError, match=r"dtype uint8.*as_image"):
        images.validate_image(np.zeros((4, 4), np.uint8))
    with pytest.raises(ValueError, match=r"outside \[0, 1\]"):
        images.validate_image(np.full((4, 4), 2.0, np.float32))
    with pytest.raises(ValueError, match="must be grayscale.*to_gray"):
        images.validate_image(np.zeros((4, 4, 3), np.float32), color=False)


def test_uint8_and_bgr_round_trip():
    astronaut = load_image("astronaut")
    np.testing.assert_array_equal(images.to_uint8(astronaut), skimage.data.astronaut())
    bgr = images.to_bgr_uint8(astronaut)
    np.testing.assert_array_equal(bgr[..., ::-1], skimage.data.astronaut())


def test_large_image_is_downscaled_with_a_warning():
    big = np.zeros((2048, 1536), np.float32)
    with pytest.warns(UserWarning, match="2048x1536 px is larger than the interactive limit"):
        small, scale = fit_for_interactive(big)
    assert small.shape == (1024, 768) and scale == 0.5
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        same, unit = fit_for_interactive(load_image("coins"))
    assert unit == 1.0 and same.shape == (303, 384)


def test_eight_and_sixteen_bit_images_convert_bit_for_bit_as_scikit_image_does():
    from skimage import util

    rng = np.random.default_rng(0)
    for dtype, top in ((np.uint8, 256), (np.uint16, 65536)):
        data = rng.integers(0, top, (40, 40)).astype(dtype)
        np.testing.assert_array_equal(as_image(data), util.img_as_float32(data))
