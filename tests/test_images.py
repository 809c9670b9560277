import io
import pickle
import re
import warnings

import imageio.v3 as iio
import numpy as np
import pytest
import skimage.data
import tifffile
from PIL import Image

from segutils import images
from segutils.datasets import load_image
from segutils.explorer.sizing import fit_for_interactive
from segutils.images import as_image, require_contrast, to_gray
from segutils.images.fixes import KeywordFixError


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


def test_a_tiff_stack_cut_short_to_one_page_is_refused_as_damaged(tmp_path):
    # Found by the fuzz harness's long profile: tifffile stops at the first page whose offset
    # lies past the end, so a truncated stack looked like a single image and was decoded.
    whole = tmp_path / "stack.tif"
    stack = np.arange(3 * 12 * 20, dtype=np.uint8).reshape(3, 12, 20)
    tifffile.imwrite(whole, stack, photometric="minisblack")
    with tifffile.TiffFile(whole) as tiff:
        first = tiff.pages[0]
        first_page_end = first.dataoffsets[0] + first.databytecounts[0]
    cut = whole.read_bytes()[:first_page_end]  # the first page whole, the others gone
    with tifffile.TiffFile(io.BytesIO(cut)) as tiff:
        assert len(tiff.pages) == 1  # what tifffile alone reports
    with pytest.raises(ValueError, match=r"(?s)describes 3 images.*damaged, cut short"):
        load_image(cut)


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


# --- Files decoded by the conventions of their format (README, "What each function accepts") ---

#: How Pillow turns each EXIF orientation upright, and the step that undoes it (to write a file
#: whose stored pixels are turned as a camera turns them).
UNDO_ORIENTATION = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_90,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_270,
}


def _upright_picture() -> np.ndarray:
    """A smooth RGB picture, 24 x 40, that no flip or turn maps onto itself."""
    rows, columns = np.mgrid[0:24, 0:40]
    return np.stack([rows * 10, columns * 6, 240 - rows * 5 - columns * 2], -1).astype(np.uint8)


def _encoded(image: Image.Image, file_format: str, **options) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, file_format, **options)
    return buffer.getvalue()


def _stored_turned(upright: np.ndarray, orientation: int) -> tuple[Image.Image, Image.Exif]:
    """The pixels as a camera stores them, and the EXIF that says how to turn them upright."""
    image = Image.fromarray(upright)
    if orientation in UNDO_ORIENTATION:
        image = image.transpose(UNDO_ORIENTATION[orientation])
    exif = Image.Exif()
    exif[0x0112] = orientation
    return image, exif


@pytest.mark.parametrize("orientation", range(1, 9))
def test_every_exif_orientation_is_applied_to_png_and_jpeg(tmp_path, orientation):
    upright = _upright_picture()
    stored, exif = _stored_turned(upright, orientation)
    png = tmp_path / "photo.png"
    png.write_bytes(_encoded(stored, "PNG", exif=exif))
    np.testing.assert_array_equal(load_image(png), as_image(upright))  # lossless: exact
    jpeg = tmp_path / "photo.jpg"
    jpeg.write_bytes(_encoded(stored, "JPEG", exif=exif, quality=95))
    read = load_image(jpeg)
    assert read.shape == upright.shape
    assert np.abs(read - upright / 255).mean() < 0.02  # JPEG's loss, not a turned picture


@pytest.mark.parametrize("orientation", range(1, 9))
def test_the_tiff_orientation_tag_is_applied_as_pillow_applies_it(tmp_path, orientation):
    # tifffile reads gray and RGB TIFFs as stored; the Orientation tag is applied as Pillow does.
    upright = _upright_picture()
    for picture in (upright, upright[..., 0].astype(np.uint16) * 257):
        stored = np.asarray(_stored_turned(picture, orientation)[0])
        path = tmp_path / f"scan-{picture.dtype}.tif"
        tifffile.imwrite(path, stored, extratags=[(274, "H", 1, orientation, True)])
        np.testing.assert_array_equal(load_image(path), as_image(picture))
    with Image.open(tmp_path / "scan-uint8.tif") as pillow:  # Pillow's reading as reference
        assert np.array_equal(np.asarray(pillow), upright)  # an 8-bit page: Pillow reads it too


def test_a_cmyk_jpeg_is_converted_to_rgb_not_taken_for_rgba(tmp_path):
    upright = _upright_picture()
    path = tmp_path / "print.jpg"
    path.write_bytes(_encoded(Image.fromarray(upright).convert("CMYK"), "JPEG", quality=95))
    with Image.open(path) as cmyk:
        assert cmyk.mode == "CMYK"
        reference = np.asarray(cmyk.convert("RGB")) / 255
    read = load_image(path)
    assert read.shape == upright.shape
    np.testing.assert_allclose(read, reference, atol=1e-6)  # Pillow's own conversion
    assert np.abs(read - upright / 255).mean() < 0.02  # and the picture, within JPEG's loss


def test_a_cmyk_tiff_is_converted_too(tmp_path):
    upright = _upright_picture()
    path = tmp_path / "print.tif"
    Image.fromarray(upright).convert("CMYK").save(path)
    np.testing.assert_allclose(load_image(path), upright / 255, atol=1 / 255 + 1e-6)


def _gray_ramp(top: int = 255, dtype=np.uint8) -> np.ndarray:
    return np.linspace(0, top, 24 * 40).reshape(24, 40).round().astype(dtype)


@pytest.mark.parametrize("file_format", ["PNG", "TIFF", "BMP", "GIF"])
def test_one_bit_images_read_as_0_and_1(tmp_path, file_format):
    bits = _upright_picture()[..., 0] > 100
    path = tmp_path / f"bits.{file_format.lower()}"
    Image.fromarray(bits).save(path, file_format)
    np.testing.assert_array_equal(load_image(path), bits.astype(np.float32))


@pytest.mark.parametrize("file_format", ["PNG", "TIFF", "BMP", "JPEG"])
def test_gray_images_are_gray(tmp_path, file_format):
    gray = _gray_ramp()
    path = tmp_path / f"gray.{file_format.lower()}"
    Image.fromarray(gray).save(
        path, file_format, **({"quality": 95} if file_format == "JPEG" else {})
    )
    read = load_image(path)
    assert read.shape == gray.shape
    np.testing.assert_allclose(read, gray / 255, atol=0.02 if file_format == "JPEG" else 1e-6)


@pytest.mark.parametrize("file_format", ["PNG", "TIFF", "BMP", "WEBP"])
def test_rgb_images_are_rgb(tmp_path, file_format):
    rgb = _upright_picture()
    path = tmp_path / f"rgb.{file_format.lower()}"
    Image.fromarray(rgb).save(
        path, file_format, **({"lossless": True} if file_format == "WEBP" else {})
    )
    np.testing.assert_array_equal(load_image(path), as_image(rgb))


@pytest.mark.parametrize(
    ("file_format", "mode"),
    [("PNG", "LA"), ("TIFF", "LA"), ("PNG", "RGBA"), ("TIFF", "RGBA"), ("WEBP", "RGBA")],
)
def test_alpha_opaque_is_dropped_transparent_needs_drop_alpha(tmp_path, file_format, mode):
    color = Image.fromarray(_upright_picture()).convert(mode[:-1])
    alpha = np.full((24, 40), 255, np.uint8)
    path = tmp_path / f"alpha.{file_format.lower()}"
    opaque = color.copy()
    opaque.putalpha(Image.fromarray(alpha))
    opaque.save(path, file_format, **({"lossless": True} if file_format == "WEBP" else {}))
    expected = as_image(np.asarray(color))
    np.testing.assert_array_equal(load_image(path), expected)
    alpha[0, :5] = 0
    transparent = color.copy()
    transparent.putalpha(Image.fromarray(alpha))
    transparent.save(
        path, file_format, **({"lossless": True, "exact": True} if file_format == "WEBP" else {})
    )
    with pytest.raises(
        KeywordFixError, match=rf"{re.escape(str(path))}: .*transparent pixels.*drop_alpha=True"
    ) as caught:
        load_image(path)
    assert caught.value.keyword == "drop_alpha"
    np.testing.assert_array_equal(load_image(path, drop_alpha=True), expected)


@pytest.mark.parametrize("file_format", ["PNG", "GIF", "BMP", "TIFF"])
def test_palette_images_read_as_their_colours(tmp_path, file_format):
    indices = (_upright_picture()[..., 1] // 60).astype(np.uint8)  # 0..3
    colours = np.array([[0, 0, 0], [200, 30, 30], [30, 200, 30], [30, 30, 200]], np.uint8)
    palette = Image.fromarray(indices, mode="P")
    palette.putpalette(colours.ravel().tolist())
    path = tmp_path / f"palette.{file_format.lower()}"
    palette.save(path, file_format)
    np.testing.assert_array_equal(load_image(path), as_image(colours[indices]))


@pytest.mark.parametrize("file_format", ["PNG", "GIF"])
def test_a_palette_with_a_transparent_colour_follows_the_alpha_rule(tmp_path, file_format):
    indices = (_upright_picture()[..., 1] // 60).astype(np.uint8)
    colours = np.array([[0, 0, 0], [200, 30, 30], [30, 200, 30], [30, 30, 200]], np.uint8)
    palette = Image.fromarray(indices, mode="P")
    palette.putpalette(colours.ravel().tolist())
    path = tmp_path / f"logo.{file_format.lower()}"
    palette.save(path, file_format, transparency=0)
    with pytest.raises(KeywordFixError, match="transparent pixels.*drop_alpha=True"):
        load_image(path)
    np.testing.assert_array_equal(load_image(path, drop_alpha=True), as_image(colours[indices]))


@pytest.mark.parametrize("file_format", ["PNG", "TIFF"])
def test_sixteen_bit_files_are_scaled_by_65535(tmp_path, file_format):
    deep = _gray_ramp(65535, np.uint16)
    path = tmp_path / f"deep.{file_format.lower()}"
    Image.fromarray(deep).save(path, file_format)
    np.testing.assert_allclose(load_image(path), deep / 65535, atol=1e-6)


def test_sixteen_bit_and_float_rgb_tiffs_keep_their_precision(tmp_path):
    deep = _upright_picture().astype(np.uint16) * 257 + 1
    tifffile.imwrite(tmp_path / "deep.tif", deep, photometric="rgb")
    np.testing.assert_array_equal(load_image(tmp_path / "deep.tif"), as_image(deep))
    planar = tmp_path / "planar.tif"
    tifffile.imwrite(planar, np.moveaxis(deep, -1, 0), photometric="rgb", planarconfig="separate")
    np.testing.assert_array_equal(load_image(planar), as_image(deep))
    floats = (deep / 65535).astype(np.float32)
    tifffile.imwrite(tmp_path / "float.tif", floats, photometric="rgb")
    np.testing.assert_array_equal(load_image(tmp_path / "float.tif"), floats)


def test_32_bit_integer_tiffs_follow_the_integer_rule(tmp_path):
    path = tmp_path / "counts.tif"
    Image.fromarray(_gray_ramp(255, np.int32), mode="I").save(path)
    np.testing.assert_allclose(load_image(path), _gray_ramp() / 255, atol=1e-6)  # 8-bit values
    Image.fromarray(_gray_ramp(65535, np.int32), mode="I").save(path)
    np.testing.assert_allclose(load_image(path), _gray_ramp(65535, np.int32) / 65535, atol=1e-6)
    Image.fromarray(_gray_ramp(10**6, np.int32), mode="I").save(path)
    with pytest.raises(KeywordFixError, match=r"counts\.tif: .*fit no 8- or 16-bit.*stretch=True"):
        load_image(path)
    np.testing.assert_allclose(
        load_image(path, stretch=True), _gray_ramp(10**6, np.int32) / 10**6, atol=1e-6
    )


def test_float_tiffs_follow_the_float_rule(tmp_path):
    path = tmp_path / "float.tif"
    inside = np.linspace(0, 1, 24 * 40, dtype=np.float32).reshape(24, 40)
    Image.fromarray(inside, mode="F").save(path)
    np.testing.assert_array_equal(load_image(path), inside)
    Image.fromarray(inside * 4000, mode="F").save(path)
    with pytest.raises(KeywordFixError, match=r"float\.tif: Float image values span \[0, 4000\]"):
        load_image(path)
    np.testing.assert_allclose(load_image(path, stretch=True), inside, atol=1e-6)


def test_one_frame_gif_and_webp_are_one_image(tmp_path):
    rgb = _upright_picture()
    Image.fromarray(rgb).save(tmp_path / "still.webp", lossless=True)
    np.testing.assert_array_equal(load_image(tmp_path / "still.webp"), as_image(rgb))
    gray = _gray_ramp()
    Image.fromarray(gray).save(tmp_path / "still.gif")
    np.testing.assert_allclose(load_image(tmp_path / "still.gif"), gray / 255, atol=1e-6)


@pytest.mark.parametrize("file_format", ["TIFF", "GIF", "WEBP", "PNG"])
def test_several_pages_or_frames_are_refused_naming_the_file(tmp_path, file_format):
    frames = [Image.fromarray(_gray_ramp() // (i + 1)).convert("RGB") for i in range(3)]
    if file_format == "TIFF":
        frames[2] = frames[2].resize((20, 12))  # pages of a TIFF may differ in size
    path = tmp_path / f"movie.{file_format.lower()}"
    frames[0].save(path, file_format, save_all=True, append_images=frames[1:])
    with pytest.raises(
        ValueError, match=rf"movie\.{file_format.lower()} holds a stack of 3 images"
    ):
        load_image(path)


def test_an_mpo_phone_photo_reads_its_primary_image(tmp_path):
    primary, depth = _upright_picture(), np.zeros((24, 40, 3), np.uint8)
    path = tmp_path / "phone.jpg"
    Image.fromarray(primary).save(
        path, "MPO", save_all=True, append_images=[Image.fromarray(depth)], quality=95
    )
    with Image.open(path) as mpo:
        assert mpo.format == "MPO" and mpo.n_frames == 2
    assert np.abs(load_image(path) - primary / 255).mean() < 0.02


@pytest.mark.parametrize("file_format", ["PNG", "JPEG", "TIFF", "GIF", "WEBP", "BMP"])
def test_truncated_files_are_refused_naming_the_file(tmp_path, file_format):
    whole = _encoded(Image.fromarray(_upright_picture()), file_format)
    path = tmp_path / f"cut.{file_format.lower()}"
    path.write_bytes(whole[: len(whole) // 2])
    with pytest.raises(
        ValueError, match=rf"Could not decode .*cut\.{file_format.lower()} as an image"
    ):
        load_image(path)
    with pytest.raises(ValueError, match="Could not decode the given bytes"):
        load_image(whole[: len(whole) // 2])


def test_keyword_fixes_survive_a_child_process_and_name_the_option_when_asked():
    error = pickle.loads(
        pickle.dumps(
            KeywordFixError("Too dark: {fix} to brighten.", keyword="stretch", source="a.png")
        )
    )
    assert (error.keyword, str(error)) == (
        "stretch",
        "a.png: Too dark: pass stretch=True to brighten.",
    )
    assert (
        error.phrased({"stretch": "--stretch"}, named=False)
        == "Too dark: add --stretch to brighten."
    )


@pytest.mark.parametrize("dtype", [np.uint8, np.uint16])
def test_white_is_zero_tiffs_are_inverted_as_the_format_says(tmp_path, dtype):
    gray = _gray_ramp(np.iinfo(dtype).max, dtype)
    tifffile.imwrite(tmp_path / "fax.tif", gray, photometric="miniswhite")
    np.testing.assert_allclose(load_image(tmp_path / "fax.tif"), 1 - as_image(gray), atol=1e-6)


@pytest.mark.parametrize("compression", ["group4", "tiff_lzw", "jpeg", "tiff_adobe_deflate"])
def test_compressed_tiffs_are_read_whatever_the_codec(tmp_path, compression):
    # tifffile decodes fax, LZW and JPEG compression only with imagecodecs: Pillow's libtiff does.
    bits = _upright_picture()[..., 0] > 100
    picture = Image.fromarray(bits) if compression == "group4" else Image.fromarray(_gray_ramp())
    picture.save(tmp_path / "scan.tif", compression=compression)
    expected = bits.astype(np.float32) if compression == "group4" else _gray_ramp() / 255
    tolerance = 0.03 if compression == "jpeg" else 1e-6
    np.testing.assert_allclose(load_image(tmp_path / "scan.tif"), expected, atol=tolerance)


def test_a_header_promising_gigapixels_is_refused_before_anything_is_allocated(tmp_path):
    # Found by the fuzz harness's long profile: a TIFF whose overwritten header declared a
    # huge page made the decoder ask for 27 GB; Pillow's formats only warned below twice the
    # decompression-bomb limit.
    import tracemalloc
    import zlib

    small = tmp_path / "small.tif"
    tifffile.imwrite(small, np.zeros((12, 20), np.uint8))
    data = bytearray(small.read_bytes())
    with tifffile.TiffFile(small) as tiff:
        for code in (256, 257):  # ImageWidth, ImageLength: as a damaged header would say
            tag = tiff.pages[0].tags[code]
            data[tag.valueoffset : tag.valueoffset + 2] = (60000).to_bytes(2, "little")
    png = io.BytesIO()
    Image.new("L", (1, 1)).save(png, "PNG")
    wide = bytearray(png.getvalue())
    wide[16:24] = (12000).to_bytes(4, "big") * 2  # IHDR width and height: 144 megapixels
    wide[29:33] = zlib.crc32(bytes(wide[12:29])).to_bytes(4, "big")  # a valid chunk
    for damaged in (bytes(data), bytes(wide)):
        tracemalloc.start()
        try:
            with pytest.raises(ValueError, match=r"(?s)declares.*pixels, more than the"):
                load_image(damaged)
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
        assert peak < 2**24


def test_an_uncompressed_tiff_holding_fewer_bytes_than_it_declares_is_refused(tmp_path):
    path = tmp_path / "short.tif"
    tifffile.imwrite(path, np.zeros((12, 20), np.uint8))
    data = bytearray(path.read_bytes())
    with tifffile.TiffFile(path) as tiff:
        tag = tiff.pages[0].tags[257]  # ImageLength: 12 rows become 40
        data[tag.valueoffset : tag.valueoffset + 2] = (40).to_bytes(2, "little")
    with pytest.raises(ValueError, match=r"declares 800 bytes of pixels but holds 240"):
        load_image(bytes(data))
