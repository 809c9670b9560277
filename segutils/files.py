"""Read images from files and encoded bytes into the canonical form of :mod:`segutils.images`.

Each format is decoded by its own conventions, one rule per mode (the table "What each function
accepts" in README.md): tifffile reads gray and RGB TIFFs of any bit depth as stored; Pillow
decodes every other file, and applies what the format says about it: the EXIF orientation, the
palette, CMYK inks. One file holds one image. Every decoder error becomes one message that names
the file and says what to use instead.
"""

from __future__ import annotations

import io
import os
import re
import warnings
from pathlib import Path

import numpy as np
import tifffile
from PIL import Image, ImageOps

from .images import as_image, to_gray
from .images.fixes import SLOT, KeywordFix, KeywordFixError

__all__ = ["ImageSource", "read_image"]

#: What :func:`read_image` accepts.
ImageSource = str | os.PathLike | bytes | bytearray | np.ndarray

#: The tag (TIFF 6.0, and EXIF, which borrows it) that says how stored rows are turned.
ORIENTATION_TAG = 274
#: Orientation value -> (transpose, flip rows, flip columns), in that order, to turn the stored
#: pixels upright; the eight values of TIFF 6.0, as Pillow's ``ImageOps.exif_transpose``.
ORIENTATIONS = {
    1: (False, False, False),
    2: (False, False, True),
    3: (False, True, True),
    4: (False, True, False),
    5: (True, False, False),
    6: (True, False, True),
    7: (True, True, True),
    8: (True, True, False),
}
#: The photometric interpretations of TIFF that tifffile reads (any bit depth); Pillow the rest.
TIFFFILE_PHOTOMETRICS = (
    tifffile.PHOTOMETRIC.MINISBLACK,
    tifffile.PHOTOMETRIC.MINISWHITE,
    tifffile.PHOTOMETRIC.RGB,
)
#: Pillow modes whose pixels :func:`as_image` reads as they are (1-bit as bool, 16-bit as uint16,
#: I as int32, F as float32); every other mode is converted first (see ``_read_with_pillow``).
PILLOW_AS_STORED = frozenset(
    {"1", "L", "LA", "RGB", "RGBA", "I;16", "I;16L", "I;16B", "I;16N", "I", "F"}
)


def read_image(
    source: ImageSource,
    *,
    gray: bool = False,
    drop_alpha: bool = False,
    stretch: bool = False,
) -> np.ndarray:
    """Read an image file, encoded bytes or an array into the canonical form.

    :func:`segutils.load_image` also takes sample names and URLs and then calls this.

    A file (or its bytes) is decoded by the conventions of its format, one rule per mode (the
    table "What each function accepts" in README.md): turned upright by its EXIF orientation;
    a palette into its colours; CMYK into RGB; 1-bit as 0 and 1; 16-bit as ``uint16``; 32-bit
    integers and floats by :func:`as_image`'s rules for them; gray + alpha and RGBA by the
    alpha rule. A file that holds several images (TIFF pages, animation frames) is refused;
    an MPO (a phone's JPEG with a depth map) gives its primary image.

    Parameters
    ----------
    source : str, path-like, bytes or ndarray
        - a path to an image file (PNG, JPEG, TIFF, BMP, GIF, WebP, ...);
        - the bytes of an encoded image, e.g. the content of an upload widget;
        - an array, passed to :func:`as_image`.
    gray : bool, optional
        Convert the result to grayscale with :func:`to_gray`.
    drop_alpha : bool, optional
        Accept an RGBA (or gray + alpha) image with transparent pixels by discarding its alpha
        channel. Fully opaque ones are always accepted.
    stretch : bool, optional
        Map the image's own minimum and maximum to 0 and 1 instead of the full range of its
        data type. Useful for 12-bit microscopy stored in 16-bit files.

    Returns
    -------
    ndarray
        ``float32`` image in ``[0, 1]``, ``(H, W)`` or ``(H, W, 3)`` RGB.

    Raises
    ------
    FileNotFoundError
        If ``source`` is a path and no such file exists.
    ValueError
        If the data cannot be decoded as an image (damaged, cut short, not an image), holds
        several images (TIFF pages, animation frames), or the decoded array is not acceptable
        (see :func:`as_image`); the message names the file. A problem that ``stretch`` or
        ``drop_alpha`` fixes raises a :class:`~segutils.images.fixes.KeywordFixError`.

    Warns
    -----
    UserWarning
        As :func:`as_image` does, naming the file.

    Examples
    --------
    >>> import numpy as np
    >>> read_image(np.zeros((2, 3), np.uint8)).shape
    (2, 3)

    A phone photo stored sideways, with the EXIF orientation that turns it upright:

    >>> import io
    >>> from PIL import Image
    >>> sideways = Image.fromarray(np.zeros((2, 3), np.uint8))
    >>> exif = Image.Exif()
    >>> exif[0x0112] = 6  # Orientation: rotate 90 degrees clockwise to view
    >>> encoded = io.BytesIO()
    >>> sideways.save(encoded, "JPEG", exif=exif)
    >>> read_image(encoded.getvalue()).shape
    (3, 2)

    References
    ----------
    Pillow documentation, "Image file formats" and ``PIL.ImageOps.exif_transpose``,
    https://pillow.readthedocs.io/en/stable/handbook/image-file-formats.html; TIFF 6.0
    specification, Orientation (tag 274) and PhotometricInterpretation; tifffile,
    https://github.com/cgohlke/tifffile.
    """
    if isinstance(source, np.ndarray):
        image = as_image(source, drop_alpha=drop_alpha, stretch=stretch)
        return to_gray(image) if gray else image
    if isinstance(source, bytes | bytearray):
        what = "the given bytes"
        array = _decode(bytes(source), what=what, drop_alpha=drop_alpha)
    else:
        path = Path(os.fspath(source))
        if not path.is_file():
            raise FileNotFoundError(
                f"No image file at {str(path)!r} (resolved to {path.resolve()}). Check the "
                "spelling and the working directory (os.getcwd()), or pass an absolute path."
            )
        what = str(path)
        array = _decode(_read_bytes(path), what=what, drop_alpha=drop_alpha)
    image = _as_named_image(array, what=what, drop_alpha=drop_alpha, stretch=stretch)
    return to_gray(image) if gray else image


def _read_bytes(path: Path) -> bytes:
    """The file's bytes, or a PermissionError that names the file and the way out."""
    try:
        return path.read_bytes()
    except PermissionError:
        raise PermissionError(
            f"{path} exists but this user may not read it (permission denied). Ask its owner "
            f"to make it readable (chmod a+r), or copy it somewhere you can read."
        ) from None


def _as_named_image(array: np.ndarray, *, what: str, drop_alpha: bool, stretch: bool) -> np.ndarray:
    """:func:`as_image` of a decoded file, its errors and warnings naming the file."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            image = as_image(array, drop_alpha=drop_alpha, stretch=stretch)
        except KeywordFixError as error:
            raise error.about(what) from None
        except (TypeError, ValueError) as error:
            raise type(error)(f"{what}: {error}") from None
    for warning in caught:
        message = warning.message
        if isinstance(message, KeywordFix):
            warnings.warn(message.about(what), stacklevel=3)
        else:
            warnings.warn(f"{what}: {message}", warning.category, stacklevel=3)
    return image


def _decode(data: bytes, *, what: str, drop_alpha: bool) -> np.ndarray:
    """Decode encoded image bytes by the conventions of their format (the README's table)."""
    if not data:
        raise ValueError(f"{what} is empty (0 bytes): there is no image to read.")
    try:
        # tifffile keeps every bit depth and sample format of gray and RGB TIFFs; the rest,
        # and every other format, Pillow decodes with the conventions it implements.
        frames, array = _read_tiff(data) if _is_tiff(data) else (1, None)
        if array is None and frames == 1:
            frames, array = _read_with_pillow(data)
    except Exception as error:  # the decoders raise many types, none of which tell the user much
        first = str(error).strip().splitlines()[0] if str(error).strip() else ""
        # Pillow names the in-memory buffer it read from, an address that means nothing to a user
        first = re.sub(r"<_io\.BytesIO object at 0x[0-9a-f]+>", what, first)
        codecs = (
            " If the TIFF opens elsewhere, its compression may need the imagecodecs package "
            "(pip install imagecodecs), with which tifffile decodes every TIFF compression."
            if _is_tiff(data)
            else ""
        )
        raise ValueError(
            f"Could not decode {what} as an image ({type(error).__name__}: {first}): the file "
            "is damaged, cut short or of another kind. Use a PNG, JPEG, TIFF, BMP, GIF or "
            f"WebP file; a PDF, a video or a text file is not an image.{codecs}"
        ) from error
    if array is None:
        raise ValueError(
            f"{what} holds a stack of {frames} images (the pages of a TIFF or the frames of an "
            "animation); segutils works on one 2-D image. Save the one you want as its own "
            "file, or read it with imageio.v3.imread(path, index=0) and pass the array."
        )
    if array.ndim == 3 and array.shape[-1] == 2:
        array = _without_gray_alpha(array, what=what, drop_alpha=drop_alpha)
    return array


def _read_tiff(data: bytes) -> tuple[int, np.ndarray | None]:
    """Full-size pages, and the first one's pixels if tifffile should decode it (else None)."""
    with tifffile.TiffFile(io.BytesIO(data)) as tiff:
        pages = [page for page in tiff.pages if not page.is_reduced]  # skip thumbnails
        if len(pages) > 1:
            return len(pages), None
        page = pages[0]
        declared = tiff.series[0].size if tiff.series else page.size
        if declared > page.size:  # the description names more images than the file holds
            raise ValueError(
                f"it describes {declared // page.size} images of {page.shape} but holds one page"
            )
        _check_declared_size(page)
        if page.photometric not in TIFFFILE_PHOTOMETRICS:
            return 1, None  # palette, CMYK, YCbCr, Lab: Pillow applies them
        try:
            array = page.asarray()
        except ValueError:  # a compression tifffile needs imagecodecs for (fax, JPEG): libtiff's
            return 1, None
        if page.photometric == tifffile.PHOTOMETRIC.MINISWHITE:
            array = _white_is_zero(array, page.bitspersample)
        if page.planarconfig == tifffile.PLANARCONFIG.SEPARATE and page.samplesperpixel > 1:
            array = np.moveaxis(array, 0, -1)  # stored plane by plane: samples last
        orientation = page.tags.get(ORIENTATION_TAG)
        return 1, _upright(array, orientation.value if orientation else 1)


def _check_pixel_count(height: int, width: int) -> None:
    """Refuse, before decoding, an image larger than Pillow's decompression-bomb limit."""
    if height * width > Image.MAX_IMAGE_PIXELS:
        raise ValueError(
            f"it declares {height} x {width} pixels, more than the {Image.MAX_IMAGE_PIXELS:,} "
            "a whole image may have here (a damaged header, or an image to read in tiles with "
            "tifffile and zarr)"
        )


def _check_declared_size(page: tifffile.TiffPage) -> None:
    """Refuse a page whose header promises more pixels than a decoder should allocate.

    A damaged header (or a decompression bomb) can declare gigapixels in a file of a few
    kilobytes; decoding would allocate them first. The limit is Pillow's, which guards every
    other format the same way; an uncompressed page must also hold the bytes it declares.
    """
    _check_pixel_count(page.imagelength, page.imagewidth)
    if page.compression != tifffile.COMPRESSION.NONE:
        return  # compressed: only decoding tells how many bytes the pixels take
    bits, samples = page.bitspersample, page.samplesperpixel
    if page.planarconfig == tifffile.PLANARCONFIG.SEPARATE:
        row_bytes = samples * -(-page.imagewidth * bits // 8)  # each plane's rows whole bytes
    else:
        row_bytes = -(-page.imagewidth * samples * bits // 8)
    declared, stored = row_bytes * page.imagelength, sum(page.databytecounts)
    if stored < declared:
        raise ValueError(f"it declares {declared:,} bytes of pixels but holds {stored:,}")


def _read_with_pillow(data: bytes) -> tuple[int, np.ndarray | None]:
    """Frames, and the pixels upright in a mode :func:`as_image` reads (None for several)."""
    with Image.open(io.BytesIO(data)) as opened:
        # An MPO (a phone's JPEG with a depth map or a stereo pair) holds its primary image
        # first; the other frames are not more pictures of the scene.
        frames = 1 if opened.format == "MPO" else getattr(opened, "n_frames", 1)
        if frames > 1:
            return frames, None
        _check_pixel_count(opened.height, opened.width)  # Pillow only warns below twice it
        opened.load()  # decode now: a truncated file fails here, inside _decode's message
        file_format = opened.format  # the upright copy below has none
        image = ImageOps.exif_transpose(opened)
    if file_format == "PNG" and image.mode == "I":
        image = image.convert("I;16")  # PNG stores at most 16 bits: read them as uint16
    if image.mode == "P":
        transparent = "transparency" in image.info or image.palette.mode == "RGBA"
        image = image.convert("RGBA" if transparent else image.palette.mode)
    elif image.mode in ("PA", "RGBa"):
        image = image.convert("RGBA")
    elif image.mode == "La":
        image = image.convert("LA")
    elif image.mode not in PILLOW_AS_STORED:
        image = image.convert("RGB")  # CMYK (and YCCK, decoded as CMYK), YCbCr, RGBX, HSV
    array = np.asarray(image)
    return 1, array.astype(array.dtype.newbyteorder("="), copy=False)  # I;16B: native order


def _upright(array: np.ndarray, orientation: int) -> np.ndarray:
    """Turn stored pixels upright by a TIFF/EXIF Orientation value, as Pillow's exif_transpose."""
    transpose, flip_rows, flip_columns = ORIENTATIONS.get(orientation, ORIENTATIONS[1])
    if transpose:
        array = np.swapaxes(array, 0, 1)
    if flip_rows:
        array = array[::-1]
    if flip_columns:
        array = array[:, ::-1]
    return np.ascontiguousarray(array)


def _white_is_zero(array: np.ndarray, bits: int) -> np.ndarray:
    """Gray of a white-is-zero TIFF (fax, scans): 0 is white, 2**bits - 1 black (TIFF 6.0)."""
    if array.dtype == bool:
        return ~array
    if array.dtype.kind != "u":
        raise ValueError(f"a white-is-zero TIFF of {array.dtype} values has no defined black")
    return (2**bits - 1) - array


def _without_gray_alpha(array: np.ndarray, *, what: str, drop_alpha: bool) -> np.ndarray:
    """The gray of gray + alpha: an opaque or dropped alpha goes, a transparent one is refused."""
    opaque = np.iinfo(array.dtype).max if array.dtype.kind in "iu" else 1
    if drop_alpha or np.all(array[..., 1] == opaque):
        return array[..., 0]
    raise KeywordFixError(
        "The image is gray with transparent pixels (an alpha channel), and segmentation has no "
        f"notion of transparency: {SLOT} to ignore the alpha channel, or composite it onto a "
        "background first (an image editor's flatten).",
        keyword="drop_alpha",
        source=what,
    )


def _is_tiff(data: bytes) -> bool:
    """Whether ``data`` starts with a TIFF signature (classic or BigTIFF)."""
    return data[:4] in (b"II*\x00", b"MM\x00*", b"II+\x00", b"MM\x00+")
