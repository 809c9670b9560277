"""Image files as users bring them, written for the fuzz harness, with what each must decode to.

A drawn file is one of the formats and modes users have (PNG 1/L/LA/P/RGB/RGBA/16-bit, JPEG
L/RGB/CMYK with every EXIF orientation 1-8, TIFF 8/16/32-bit integer and float, single and
multi-page, GIF still and animated, BMP, WebP lossy and lossless), written with Pillow (TIFF
beyond 8 bits with tifffile), then sometimes damaged: truncated, bytes overwritten, emptied,
replaced by text, or saved under another format's extension. It lands in a temporary folder
(removed when the tests end) under a name that may hold spaces, unicode or several dots.

What it must decode to is Pillow's reading of the same bytes by the format's conventions
(:func:`expectation`): the EXIF orientation applied, CMYK converted to RGB as Pillow converts it,
a palette looked up, 1-bit as 0/1, 8 and 16-bit integers scaled by their bit depth (a 16-bit file
by 65535 even when its values are small), float taken as it is, and alpha dropped when opaque.
Bytes that Pillow refuses must be refused. The contract for these answers is
:func:`fuzzing.contracts.decoded_file`.

PNG cannot store Pillow's 32-bit ``I`` or float ``F`` modes (Pillow 13 refuses to write them):
"PNG I" here is a 16-bit PNG whose values fit in 8 bits (the case where scaling by the values
instead of the bit depth goes wrong), and 32-bit integer and float images are TIFF.
"""

from __future__ import annotations

import atexit
import io
import itertools
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from hypothesis import strategies as st
from PIL import Image, ImageOps

try:
    import tifffile
except ImportError:  # TIFF beyond 8 bits is then written by Pillow
    tifffile = None

#: (format, mode) pairs a file is drawn from.
KINDS = [
    ("PNG", "1"),
    ("PNG", "L"),
    ("PNG", "LA"),
    ("PNG", "P"),
    ("PNG", "RGB"),
    ("PNG", "RGBA"),
    ("PNG", "I;16"),
    ("PNG", "I"),
    ("JPEG", "L"),
    ("JPEG", "RGB"),
    ("JPEG", "CMYK"),
    ("TIFF", "L"),
    ("TIFF", "RGB"),
    ("TIFF", "I;16"),
    ("TIFF", "I"),
    ("TIFF", "F"),
    ("TIFF", "pages"),
    ("GIF", "P"),
    ("GIF", "frames"),
    ("BMP", "1"),
    ("BMP", "L"),
    ("BMP", "P"),
    ("BMP", "RGB"),
    ("WEBP", "RGB"),
    ("WEBP", "RGBA"),
    ("WEBP", "lossless"),
]
SUFFIXES = {"PNG": ".png", "JPEG": ".jpg", "TIFF": ".tif", "GIF": ".gif", "BMP": ".bmp"}
SUFFIXES["WEBP"] = ".webp"
#: Height x width of the pictures: never square-symmetric, so that a missed rotation shows.
SHAPES = [(12, 20), (20, 12), (1, 7), (9, 1), (16, 16), (33, 18)]
#: File names as people type them (a counter keeps each file's name unique).
NAMES = ["photo", "my photo", "café ü", "a.b.c", "IMG 0001 (copy)", "x", "ünïcödé-名前"]
DAMAGES = ("none", "none", "none", "truncated", "overwritten", "empty", "text", "extension")
LOSSY = {"JPEG", "WEBP"}


@dataclass(frozen=True)
class Expected:
    """What a file must decode to.

    ``reference`` is Pillow's reading by the format's conventions, or None when the file must be
    refused. ``either``: a refusal is right too (a damaged file, a stack, 32-bit values).
    ``lossy``: compare within JPEG's tolerance. ``linear``: 32-bit integers, for which any
    division of the stored values by one number at least their maximum is right. ``garbled``:
    bytes overwritten, which decoders may read differently (Pillow one way, tifffile another),
    so any canonical image is right, and so is a refusal.
    """

    reference: np.ndarray | None
    either: bool = False
    lossy: bool = False
    linear: bool = False
    garbled: bool = False


#: Expectations of the files written so far, by path (as a string) and by content.
EXPECTED: dict[str | bytes, Expected] = {}
_numbers = itertools.count()
_folder: Path | None = None


def scratch() -> Path:
    """The temporary folder the drawn files are written to, removed when Python exits."""
    global _folder
    if _folder is None:
        _folder = Path(tempfile.mkdtemp(prefix="segutils-fuzz-files-"))
        atexit.register(shutil.rmtree, _folder, ignore_errors=True)
    return _folder


def _picture(rng: np.random.Generator, shape: tuple[int, int], channels: int) -> np.ndarray:
    """Floats in [0, 1]: a ramp along the width plus noise, so that any rotation shows."""
    ramp = np.linspace(0, 1, shape[1])[None, :, None] * np.ones((*shape, channels))
    return np.clip(0.6 * ramp + 0.4 * rng.random((*shape, channels)), 0, 1)


def _alpha(rng: np.random.Generator, shape: tuple[int, int], opaque: bool) -> np.ndarray:
    alpha = np.full(shape, 255, np.uint8)
    if not opaque:
        alpha.flat[rng.integers(alpha.size)] = 0
    return alpha


def encode(fmt: str, mode: str, rng: np.random.Generator, shape, options: dict) -> bytes:
    """The bytes of a ``fmt`` file in ``mode`` (see :data:`KINDS`) holding a drawn picture."""
    gray = (_picture(rng, shape, 1)[..., 0] * 255).astype(np.uint8)
    rgb = (_picture(rng, shape, 3) * 255).astype(np.uint8)
    buffer = io.BytesIO()
    if fmt == "TIFF" and mode in ("I;16", "I", "F", "pages") and tifffile is not None:
        tifffile.imwrite(buffer, _tiff_array(mode, rng, shape, options), photometric="minisblack")
        return buffer.getvalue()
    save = {}
    if mode == "1":
        image = Image.fromarray(gray > 127)
    elif mode == "L":
        image = Image.fromarray(gray)
    elif mode == "LA":
        alpha = Image.fromarray(_alpha(rng, shape, options["opaque"]))
        image = Image.merge("LA", [Image.fromarray(gray), alpha])
    elif mode == "P":
        image = Image.fromarray(rgb).quantize(colors=8)
    elif mode in ("RGB", "lossless"):
        image = Image.fromarray(rgb)
        save["lossless"] = mode == "lossless"
    elif mode == "RGBA":
        image = Image.fromarray(np.dstack([rgb, _alpha(rng, shape, options["opaque"])]))
    elif mode == "CMYK":
        image = Image.fromarray(rgb).convert("CMYK")
    elif mode in ("I;16", "I"):
        top = 255 if mode == "I" else 65535  # "I": a 16-bit file whose values fit in 8 bits
        image = Image.fromarray((_picture(rng, shape, 1)[..., 0] * top).astype(np.uint16))
    elif mode == "F":
        image = Image.fromarray(_tiff_array(mode, rng, shape, options))
    elif mode in ("pages", "frames"):
        frames = [Image.fromarray(rgb).quantize(colors=8) for _ in range(options["count"])]
        frames[1:] = [Image.fromarray(255 - rgb).quantize(colors=8) for _ in frames[1:]]
        image, save["save_all"], save["append_images"] = frames[0], True, frames[1:]
    else:
        raise ValueError(f"no writer for {fmt} {mode}")
    if fmt == "JPEG":
        exif = Image.Exif()
        exif[0x0112] = options["orientation"]
        save["exif"], save["quality"] = exif, 90
    image.save(buffer, fmt, **save)
    return buffer.getvalue()


def _tiff_array(mode: str, rng: np.random.Generator, shape, options: dict) -> np.ndarray:
    picture = _picture(rng, shape, 1)[..., 0]
    if mode == "I;16":
        return (picture * 65535).astype(np.uint16)
    if mode == "I":
        return (picture * options["top"]).astype(np.int32)
    if mode == "F":
        return (picture * options["scale"]).astype(np.float32)
    return (np.stack([picture] * options["count"]) * 255).astype(np.uint8)  # pages


def damage(data: bytes, how: str, rng: np.random.Generator) -> bytes:
    """``data`` truncated, with bytes overwritten, emptied or replaced by text (``how``)."""
    if how == "truncated":
        return data[: int(len(data) * rng.uniform(0, 0.95))]
    if how == "overwritten":
        spoilt = bytearray(data)
        for place in rng.integers(min(16, len(data) - 1), len(data), size=3):
            spoilt[place] = (spoilt[place] + 1 + rng.integers(255)) % 256
        return bytes(spoilt)
    if how == "empty":
        return b""
    if how == "text":
        return b"name,value\n1,2\n"
    return data


def expectation(data: bytes, *, damaged: bool, gray: bool, drop_alpha: bool) -> Expected:
    """What ``data`` must decode to: Pillow's reading by the format's conventions (see above)."""
    try:
        with Image.open(io.BytesIO(data)) as opened:
            stack = getattr(opened, "n_frames", 1) > 1
            lossy = opened.format in LOSSY
            opened.load()
            image = ImageOps.exif_transpose(opened)
    except Exception:  # noqa: BLE001 - whatever Pillow refuses must be refused
        return Expected(None)
    either = damaged or stack
    if image.mode.startswith("I;16"):
        reference = np.asarray(image).astype(np.float64) / 65535
    elif image.mode == "I":
        values = np.asarray(image).astype(np.float64)
        if values.min() < 0:
            return Expected(None, either=True)
        top = max(values.max(), 1.0)
        return Expected(_gray(values / top, gray), either=True, linear=True)
    elif image.mode == "F":
        values = np.asarray(image).astype(np.float64)
        if not (np.isfinite(values).all() and values.min() >= 0 and values.max() <= 1):
            return Expected(None, either=either)
        reference = values
    elif image.mode == "1":
        reference = np.asarray(image).astype(np.float64)
    else:
        alpha = image.mode in ("LA", "RGBA", "PA") or "transparency" in image.info
        target = {"L": "L", "LA": "LA"}.get(image.mode, "RGBA" if alpha else "RGB")
        values = np.asarray(image.convert(target)).astype(np.float64) / 255
        if alpha:
            if (values[..., -1] < 1).any() and not drop_alpha:
                return Expected(None, either=either)
            values = values[..., :-1]
            values = values[..., 0] if values.shape[-1] == 1 else values
        reference = values
    return Expected(_gray(reference, gray), either=either, lossy=lossy)


def _gray(values: np.ndarray, gray: bool) -> np.ndarray:
    if gray and values.ndim == 3:
        from segutils.images import to_gray

        return to_gray(values.astype(np.float32)).astype(np.float64)
    return values


@st.composite
def image_files(draw, *, as_bytes: bool = True) -> tuple[tuple, dict]:
    """``(source,), kwargs`` for a reader: a drawn file as a path (str or Path) or its bytes.

    The expectation is recorded in :data:`EXPECTED` under the path (or the bytes).
    """
    fmt, mode = draw(st.sampled_from(KINDS))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    options = {
        "opaque": draw(st.booleans()),
        "orientation": draw(st.integers(1, 8)),
        "count": draw(st.integers(2, 3)),
        "top": draw(st.sampled_from([255, 65535, 2**31 - 1])),
        "scale": draw(st.sampled_from([1.0, 1.0, 255.0])),
    }
    data = encode(fmt, mode, rng, draw(st.sampled_from(SHAPES)), options)
    how = draw(st.sampled_from(DAMAGES))
    data = damage(data, how, rng)
    kwargs = {"gray": draw(st.booleans()), "drop_alpha": draw(st.booleans())}
    expected = expectation(data, damaged=how != "none", **kwargs)
    if how == "overwritten":
        expected = Expected(None, either=True, garbled=True)
    if as_bytes and draw(st.booleans()):
        EXPECTED[data] = expected
        return (data,), kwargs
    suffix = SUFFIXES[fmt]
    if how == "extension":
        suffix = draw(st.sampled_from([s for s in SUFFIXES.values() if s != suffix] + [".txt"]))
    path = scratch() / f"{draw(st.sampled_from(NAMES))} {next(_numbers)}{suffix}"
    path.write_bytes(data)
    EXPECTED[str(path)] = expected
    return (path if draw(st.booleans()) else str(path),), kwargs
