"""Folders for ``segutils bench --data`` as users lay them out, with what each must give.

A folder holds ``images/`` and ``masks/`` with pairs under odd names (spaces, unicode, dots,
case), images of several formats (a JPEG with an EXIF orientation among them, its mask drawn at
the size the image is shown at) and masks of one object or of several labels, and then up to two
defects: a subfolder missing, an extra file, a mask missing or without an image, a folder named
like an image, an unreadable file (skipped when the tests run as root, for whom permissions do
not apply), a mask of another size, a damaged image, an empty mask, two images of one name.
Hidden files and ``Thumbs.db`` are added too: they must be skipped, not reported. Some folders
name their masks' values as classes in ``classes.json`` (0, 1, 2 and 255 for void, so every
mask above fits), and some of those hold a mask with a value no class has.

A sound folder (no defect, two pairs or more) must load with every pair and each image decoded
as :mod:`fuzzing.files` expects; any other must be refused with a message that names every
offending entry (:func:`fuzzing.contracts.loaded_folder`).
"""

from __future__ import annotations

import itertools
import json
import os
from dataclasses import dataclass

import numpy as np
from hypothesis import strategies as st
from PIL import Image

from .files import SUFFIXES, Expected, encode, expectation, scratch

NAMES = ["a", "b c", "café", "x.y", "ünï 2", "IMG_0001", "名前", "Z"]
IMAGE_KINDS = [("PNG", "L"), ("PNG", "RGB"), ("PNG", "I;16"), ("JPEG", "RGB"), ("TIFF", "L")]
IMAGE_KINDS.append(("TIFF", "I;16"))
SHAPES = [(12, 20), (20, 12), (9, 9)]
DEFECTS = [
    "no images/",
    "no masks/",
    "extra file",
    "mask missing",
    "mask without image",
    "folder named like an image",
    "unreadable file",
    "mask of another size",
    "damaged image",
    "empty mask",
    "two images of one name",
]
AS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0  # root reads any file: no unreadable one


@dataclass(frozen=True)
class FolderExpected:
    """The pairs a sound folder gives (name -> image expectation), or the entries to name."""

    samples: dict[str, Expected]
    files: dict[str, str]  # name -> the image's file name
    offenders: tuple[str, ...] | None  # None: the folder must load


#: Expectations of the folders written so far, by path (as a string).
FOLDERS: dict[str, FolderExpected] = {}
_numbers = itertools.count()


def _mask(shape: tuple[int, int], labels: bool) -> np.ndarray:
    """One square object of 255, or two labelled objects (an instance mask)."""
    mask = np.zeros(shape, np.uint8 if not labels else np.uint16)
    height, width = shape
    mask[height // 4 : height // 2 + 1, width // 4 : width // 2 + 1] = 2 if labels else 255
    if labels:
        mask[-2:, -2:] = 1
    return mask


@st.composite
def data_folders(draw) -> tuple[tuple, dict]:
    """``(path,), {}`` for :func:`segutils.bench.folder.load_folder`; recorded in FOLDERS."""
    root = scratch() / f"data {next(_numbers)}"
    images, masks = root / "images", root / "masks"
    names = draw(st.lists(st.sampled_from(NAMES), max_size=4, unique=True))
    usable = [d for d in DEFECTS if not (AS_ROOT and d == "unreadable file")]
    defects = draw(st.lists(st.sampled_from(usable), max_size=2, unique=True))
    if "no images/" not in defects:
        images.mkdir(parents=True)
    if "no masks/" not in defects:
        masks.mkdir(parents=True)
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    samples, files = {}, {}
    for name in names:
        fmt, mode = draw(st.sampled_from(IMAGE_KINDS))
        options = {"orientation": draw(st.integers(1, 8))}
        data = encode(fmt, mode, rng, draw(st.sampled_from(SHAPES)), options)
        expected = expectation(data, damaged=False, gray=False, drop_alpha=False)
        samples[name] = expected
        files[name] = (f"{name}{SUFFIXES[fmt]}", f"{name}.png")
        if images.is_dir():
            (images / files[name][0]).write_bytes(data)
        if masks.is_dir():
            mask = _mask(expected.reference.shape[:2], labels=draw(st.booleans()))
            Image.fromarray(mask).save(masks / files[name][1])
    for folder, clutter in ((images, ".DS_Store"), (masks, "Thumbs.db"), (images, ".hidden.png")):
        if folder.is_dir():
            (folder / clutter).write_bytes(b"\x00\x01")
    offenders = _spoil(images, masks, files, defects)
    if root.is_dir() and draw(st.booleans()):
        classes = {"classes": ["background", "one", "two"], "void": 255}
        (root / "classes.json").write_text(json.dumps(classes), encoding="utf-8")
        spoilt = {entry.rsplit(".", 1)[0] for entry in offenders}  # a pair named by a problem
        sound = [f for n, f in files.items() if (masks / f[1]).is_file() and n not in spoilt]
        layout_refused = any(entry.endswith("/") for entry in offenders)
        if sound and not layout_refused and draw(st.booleans()):
            mask = np.asarray(Image.open(masks / sound[0][1])).copy()
            mask[0, 0] = 7  # neither a class (0..2) nor void
            Image.fromarray(mask).save(masks / sound[0][1])
            offenders.append(sound[0][1])
    if not offenders and len(names) < 2:
        offenders = ["images/"]  # a benchmark needs an image to tune on and one to test on
    FOLDERS[str(root)] = FolderExpected(
        samples, {n: f[0] for n, f in files.items()}, tuple(offenders) if offenders else None
    )
    return (str(root),), {}


def _spoil(images, masks, files, defects) -> list[str]:
    """Apply ``defects`` to the folder; the entries a refusal must name."""
    missing = [defect.split()[1] for defect in defects if defect.startswith("no ")]
    if missing:
        return missing  # the layout is refused before anything inside is looked at
    offenders = []
    unspoilt = list(files.values())  # each defect of a pair spoils a pair of its own
    for defect in defects:
        if defect == "extra file":
            (images / "notes.txt").write_text("taken on Monday")
            offenders.append("notes.txt")
        elif defect == "mask without image":
            Image.fromarray(_mask((8, 8), False)).save(masks / "orphan.png")
            offenders.append("orphan.png")
        elif defect == "folder named like an image":
            (images / "folder.png").mkdir()
            offenders.append("folder.png")
        elif unspoilt:
            offenders.append(_spoil_pair(images, masks, *unspoilt.pop(0), defect))
    return offenders


def _spoil_pair(images, masks, image: str, mask: str, defect: str) -> str:
    """Apply a pair's ``defect`` to the files ``image`` and ``mask``; the one to name."""
    if defect == "mask missing":
        (masks / mask).unlink()
        return image
    if defect == "unreadable file":
        (images / image).chmod(0)
        return image
    if defect == "mask of another size":
        Image.fromarray(_mask((5, 7), False)).save(masks / mask)
        return mask
    if defect == "damaged image":
        data = (images / image).read_bytes()
        (images / image).write_bytes(data[: len(data) // 3])
        return image
    if defect == "empty mask":
        (masks / mask).write_bytes(b"")
        return mask
    stem = image.rsplit(".", 1)[0]  # two images of one name
    twin = f"{stem}.tiff" if not image.endswith(".tiff") else f"{stem}.png"
    (images / twin).write_bytes((images / image).read_bytes())
    return twin
