"""Your own benchmark task: a folder of images and their masks (``bench --data DIR``).

The folder holds two subfolders, paired by file name without its extension::

    DIR/images/NAME.png   (or .jpg, .jpeg, .tif, .tiff, .bmp, .gif, .webp)
    DIR/masks/NAME.png    (0 = background; or a class index per pixel, see below)
    DIR/classes.json      (only for class masks: {"classes": ["sky", ...], "void": 255})

:func:`load_folder` checks the whole folder before it gives up, and lists every problem it
found in one error, so that the folder can be fixed in one pass. It only reads: nothing in
``DIR`` is written, renamed or touched.
"""

from __future__ import annotations

import json
import os
import warnings
from collections.abc import Mapping, Sequence
from pathlib import Path

import imageio.v3 as iio
import numpy as np
from skimage import measure

from ..files import read_image
from ..images.fixes import KeywordFix
from .tasks import Sample, Task, split_names

__all__ = ["CLASSES_FILE", "load_folder"]

#: Extensions read from ``images/`` (any case); every other file there is reported.
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp", ".gif", ".webp")
#: Masks are PNG only: lossless, and 16-bit for more than 255 labels (JPEG would blur labels).
MASK_SUFFIX = ".png"
#: Files the operating system writes into folders on its own; skipped like hidden files.
SYSTEM_FILES = frozenset({"thumbs.db", "desktop.ini"})
#: Problems listed one per line in the error; the rest are counted.
MAX_LISTED = 20
#: The file in ``DIR`` that names the classes of class masks, in the order of their values.
CLASSES_FILE = "classes.json"


def load_folder(
    path: str | os.PathLike,
    *,
    tune_fraction: float = 0.3,
    max_tune: int = 12,
    stretch: bool = False,
    drop_alpha: bool = False,
    classes: Sequence[str] | None = None,
    void: int | None = None,
    option_names: Mapping[str, str] | None = None,
) -> Task:
    """Read a folder of images and masks into a benchmark task, split into tuning and test.

    **Images** are ``DIR/images/NAME.{png,jpg,jpeg,tif,tiff,bmp,gif,webp}`` (extension in any
    case), read by :func:`segutils.files.read_image` into the canonical ``float32`` ``[0, 1]``
    gray or RGB form, by the conventions of their format (EXIF orientation applied, CMYK
    converted, ...). **Masks** are ``DIR/masks/NAME.png``, read as the integers the file stores
    (no scaling, so a 16-bit label PNG keeps its labels; a palette PNG gives its palette
    indices), turned upright by their EXIF orientation as the images are. A mask must be
    single-channel; an RGB(A) mask is accepted only when its three channels are equal and it is
    fully opaque. A mask of all 0 is an image with no objects: it is kept, with a warning
    that names it and says how it is scored (a method that finds anything there scores 0).

    **The kind of task** follows from the masks:

    - every mask holds at most one non-zero value (``{0, 1}``, ``{0, 255}``, ...): a
      ``"semantic"`` task, whose truth is the ``bool`` mask ``mask > 0``;
    - some mask holds two or more non-zero values: an ``"instance"`` task, whose truth is
      ``int32`` labels, each non-zero value one object. In such a folder a mask with a single
      non-zero value is read as one object per 4-connected component
      (``skimage.measure.label``), the way the scorer reads a method's mask.

    **Class masks** (a ``"multiclass"`` task): when each mask value is a class (0 sky, 1 road,
    ...) rather than an object, say so, since the values alone look like object labels. Name
    the classes in the order of their values, in ``DIR/classes.json``
    (``{"classes": ["sky", "road", "car"], "void": 255}``; ``void``, optional, is the value of
    unlabelled pixels, which are not scored) or with ``classes=`` and ``void=``. Every mask
    value must then be a class index or the void value. Only methods trained on the tuning
    images can name classes; the leaderboard runs no classical method on such a task.

    **Which files count.** Hidden files (names starting with ``"."``, e.g. ``.DS_Store``) and
    ``Thumbs.db``/``desktop.ini`` are skipped. Any other file or folder in ``images/`` without an
    image extension, or in ``masks/`` without ``.png``, is reported as a problem rather than
    skipped, so that no image silently drops out of the benchmark.

    Parameters
    ----------
    path : str or path-like
        The folder ``DIR``.
    tune_fraction : float, optional
        Expected share of the images used for tuning (:func:`~.tasks.split_names`); the rest
        are tested.
    max_tune : int, optional
        Tuning images at most.
    stretch : bool, optional
        Stretch each image's own value range to ``[0, 1]``, for 12-bit or float images that
        would otherwise read almost black (see :func:`segutils.files.read_image`).
    drop_alpha : bool, optional
        Ignore the alpha channel of images with transparent pixels (as
        :func:`segutils.files.read_image`); without it they are reported.
    classes : sequence of str, optional
        The masks hold classes with these names, in the order of their values (0, 1, ...).
        An empty sequence: they hold classes named in ``DIR/classes.json``, which must exist.
        None (default): classes if ``DIR/classes.json`` exists, else a foreground or objects.
    void : int, optional
        With classes: the mask value of unlabelled pixels, not a class (default: the file's
        ``"void"``, or none).
    option_names : mapping of str to str, optional
        How the caller names the keywords above, e.g. ``{"stretch": "--stretch"}`` for a
        command line: a problem that such a keyword fixes then advises the option (``add
        --stretch``) instead of the keyword (``pass stretch=True``).

    Returns
    -------
    Task
        Named ``"data-" + DIR's name``, with :class:`~.tasks.Sample` ``(NAME, image, truth)``.
        The split depends only on each image's name, so adding images moves no other image.

    Raises
    ------
    FileNotFoundError
        If ``DIR``, ``DIR/images`` or ``DIR/masks`` is missing or is not a folder.
    ValueError
        For a bad ``tune_fraction`` or ``max_tune``; for classes named twice or in two places
        that disagree, a missing or malformed ``classes.json`` where classes are asked for, or a
        void value that is also a class; or listing every problem in the folder: a mask value
        that is neither a class nor void; no
        or only one image; an image without a mask or a mask without an image; two files with
        the same name; an unreadable file; an image and mask of different sizes; a mask that is
        not single-channel, or holds negative or fractional values; a file of another type.

    Warns
    -----
    UserWarning
        Naming each mask of all 0 (no object), with how such an image is scored; and a reader's
        warning about an image (e.g. 12-bit data read dark), prefixed by the image's name.

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> import imageio.v3 as iio
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     for sub in ("images", "masks"):
    ...         Path(tmp, sub).mkdir()
    ...     for name in ("a", "b", "c"):
    ...         mask = np.zeros((8, 8), np.uint8)
    ...         mask[2:6, 2:6] = 255
    ...         iio.imwrite(Path(tmp, "images", f"{name}.png"), mask // 2 + 60)
    ...         iio.imwrite(Path(tmp, "masks", f"{name}.png"), mask)
    ...     task = load_folder(tmp)
    >>> task.kind, len(task.tune) + len(task.test), task.test[0].truth.dtype
    ('semantic', 3, dtype('bool'))

    References
    ----------
    Caicedo et al., "Nucleus segmentation across imaging experiments: the 2018 Data Science
    Bowl", Nature Methods 2019 (instance masks as label images); the PNG specification, section
    11.2.2 (16-bit grayscale and palette images): https://www.w3.org/TR/png/.
    """
    if not 0 < tune_fraction < 1:
        raise ValueError(f"tune_fraction must lie in (0, 1), got {tune_fraction}.")
    if int(max_tune) != max_tune or max_tune < 1:
        raise ValueError(f"max_tune must be a whole number of images, at least 1; got {max_tune}.")
    folder = Path(path).expanduser()
    _check_layout(folder)
    names, void = _class_names(folder, classes, void, option_names or {})
    problems: list[str] = []
    images = _listing(folder, "images", IMAGE_SUFFIXES, problems)
    masks = _listing(folder, "masks", (MASK_SUFFIX,), problems)
    _check_pairs(images, masks, problems)

    read: list[tuple[str, np.ndarray, np.ndarray]] = []
    for name in sorted(images.keys() & masks.keys()):
        if len(images[name]) == 1 and len(masks[name]) == 1:
            pair = _read_pair(
                folder,
                images[name][0],
                masks[name][0],
                problems,
                read_options={"stretch": stretch, "drop_alpha": drop_alpha},
                option_names=option_names or {},
            )
            if pair is not None:
                read.append((name, *pair))
    if names is not None:
        for name, _, labels in read:
            _check_classes(masks[name][0].name, labels, names, void, problems)
    elif read and not any(labels.any() for _, _, labels in read):
        problems.append(
            "every mask is empty (all 0): there is no object to find, so every method that "
            "finds nothing would score perfectly. Masks mark objects with values above 0."
        )
    if problems:
        raise ValueError(_report(folder, problems))

    if names is not None:
        return _class_task(folder, read, names, void, tune_fraction, max_tune)
    values = [np.unique(labels[labels > 0]).size for _, _, labels in read]
    kind = "instance" if max(values) > 1 else "semantic"
    samples = [
        Sample(name, image, _truth(labels, kind, count))
        for (name, image, labels), count in zip(read, values, strict=True)
    ]
    tune_names, _ = split_names(
        [s.name for s in samples], tune_fraction=tune_fraction, max_tune=max_tune
    )
    chosen = set(tune_names)
    empty = {name: masks[name][0].name for name, _, labels in read if not labels.any()}
    if empty:
        warnings.warn(_empty_masks(empty, kind, chosen), UserWarning, stacklevel=2)
    description = f"{len(samples)} images and {kind} masks from {folder.resolve()}"
    if kind == "instance" and 1 in values:
        description += f" ({values.count(1)} one-value masks split into connected objects)"
    return Task(
        name=f"data-{folder.resolve().name}",
        kind=kind,
        tune=tuple(s for s in samples if s.name in chosen),
        test=tuple(s for s in samples if s.name not in chosen),
        description=description,
    )


def _class_names(
    folder: Path,
    classes: Sequence[str] | None,
    void: int | None,
    option_names: Mapping[str, str],
) -> tuple[tuple[str, ...] | None, int | None]:
    """The class names and void value the caller or ``DIR/classes.json`` give; None: no classes."""
    said = {key: option_names.get(key, f"{key}=") for key in ("classes", "void")}
    path = folder / CLASSES_FILE
    from_file: tuple[str, ...] | None = None
    file_void = None
    if path.is_file():
        from_file, file_void = _read_classes_file(path)
    elif classes is not None and not classes:
        raise ValueError(
            f"{said['classes']} without names reads the class names from {path}, which does not "
            f'exist. Write it as {{"classes": ["name of value 0", "name of value 1", '
            f'...], "void": 255}} (void optional), or give the names after {said["classes"]}.'
        )
    if classes:
        names = tuple(str(name) for name in classes)
        if from_file is not None and from_file != names:
            raise ValueError(
                f"{said['classes']} names {list(names)} but {path} names {list(from_file)}. "
                "Give the classes in one place, or make the two agree."
            )
    else:
        names = from_file
    if names is None:
        if void is not None:
            raise ValueError(
                f"{said['void']} is the value of unlabelled pixels in class masks; name the "
                f"classes too ({said['classes']} or {path}), or leave it out."
            )
        return None, None
    if void is not None and file_void is not None and void != file_void:
        raise ValueError(
            f"{said['void']} {void} but {path} says void is {file_void}; give it in one place."
        )
    void = void if void is not None else file_void
    if len(names) < 2 or len(set(names)) != len(names) or not all(names):
        raise ValueError(
            f"The classes must be two or more distinct, non-empty names, one per mask value in "
            f"order (0, 1, ...); got {list(names)}."
        )
    if void is not None and (isinstance(void, bool) or not isinstance(void, int) or void < 0):
        raise ValueError(f"void must be a mask value, a whole number 0 or more; got {void!r}.")
    if void is not None and void < len(names):
        raise ValueError(
            f"void {void} is also the value of class {names[void]!r} (classes are 0.."
            f"{len(names) - 1}): a pixel cannot be both. Give unlabelled pixels a value of "
            f"their own, {len(names)} or more (255 is usual), in the masks and as void."
        )
    return names, void


def _read_classes_file(path: Path) -> tuple[tuple[str, ...], int | None]:
    """``(names, void)`` from ``classes.json``, or a ValueError naming what is wrong in it."""
    example = '{"classes": ["sky", "road", "car"], "void": 255}'
    try:
        content = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ValueError(f"{path} is not valid JSON ({error}). Write it as {example}.") from None
    if not isinstance(content, dict) or not isinstance(content.get("classes"), list):
        raise ValueError(
            f'{path} must hold an object with a "classes" list of names, in the order of '
            f'their mask values, and optionally "void": e.g. {example}.'
        )
    unknown = sorted(set(content) - {"classes", "void"})
    if unknown:
        raise ValueError(f'{path}: unknown key(s) {unknown}; it holds "classes" and "void".')
    names = content["classes"]
    if not all(isinstance(name, str) for name in names):
        raise ValueError(f"{path}: every class must be a name (a string); got {names}.")
    void = content.get("void")
    if void is not None and (isinstance(void, bool) or not isinstance(void, int)):
        raise ValueError(f'{path}: "void" must be a whole number (a mask value); got {void!r}.')
    return tuple(names), void


def _check_classes(
    file: str, labels: np.ndarray, names: tuple[str, ...], void: int | None, problems: list[str]
) -> None:
    """Report a class mask's values that are neither a class index nor the void value."""
    values = np.unique(labels)
    stray = values[(values >= len(names)) & (values != (-1 if void is None else void))]
    if stray.size:
        shown = ", ".join(str(v) for v in stray[:8]) + (", ..." if stray.size > 8 else "")
        said = f" or void ({void})" if void is not None else " (and no void value is given)"
        problems.append(
            f"masks/{file}: holds {shown}, neither a class 0..{len(names) - 1} "
            f"({', '.join(names)}){said}. Name every class in order, give the value of "
            "unlabelled pixels as void, or fix the mask."
        )


def _class_task(
    folder: Path,
    read: list[tuple[str, np.ndarray, np.ndarray]],
    names: tuple[str, ...],
    void: int | None,
    tune_fraction: float,
    max_tune: int,
) -> Task:
    """The multiclass task of a folder whose masks were checked against its classes."""
    samples = [Sample(name, image, labels) for name, image, labels in read]
    tune_names, _ = split_names(
        [s.name for s in samples], tune_fraction=tune_fraction, max_tune=max_tune
    )
    chosen = set(tune_names)
    return Task(
        name=f"data-{folder.resolve().name}",
        kind="multiclass",
        tune=tuple(s for s in samples if s.name in chosen),
        test=tuple(s for s in samples if s.name not in chosen),
        description=(
            f"{len(samples)} images and class masks ({len(names)} classes: {', '.join(names)}"
            f"{f'; void {void}, not scored' if void is not None else ''}) from {folder.resolve()}"
        ),
        classes=names,
        void=void,
    )


def _check_layout(folder: Path) -> None:
    """Raise one FileNotFoundError for a missing folder, or for both subfolders missing."""
    if not folder.is_dir():
        what = "is a file, not a folder" if folder.exists() else "does not exist"
        raise FileNotFoundError(
            f"The data folder {str(folder)!r} {what} (resolved to {folder.resolve()}). Pass a "
            "folder holding images/NAME.png (or .jpg, .tif) and masks/NAME.png."
        )
    missing = [sub for sub in ("images", "masks") if not (folder / sub).is_dir()]
    if missing:
        raise FileNotFoundError(
            f"The data folder {folder} has no {' and no '.join(f'{m}/' for m in missing)} "
            "subfolder. Lay it out as DIR/images/NAME.png (or .jpg, .tif) and DIR/masks/NAME.png, "
            "a mask for each image with the same NAME."
        )


def _listing(
    folder: Path, sub: str, suffixes: tuple[str, ...], problems: list[str]
) -> dict[str, list[Path]]:
    """Name -> files of ``folder/sub`` with an accepted extension; report everything else."""
    found: dict[str, list[Path]] = {}
    for entry in sorted((folder / sub).iterdir()):
        if entry.name.startswith(".") or entry.name.lower() in SYSTEM_FILES:
            continue  # written by the operating system (.DS_Store, Thumbs.db), not by the user
        where = f"{sub}/{entry.name}"
        if entry.is_dir():
            problems.append(f"{where}: a folder; {sub}/ must hold files only. Move it out.")
        elif entry.suffix.lower() not in suffixes:
            if sub == "masks":
                problems.append(
                    f"{where}: masks must be PNG files (lossless, 16-bit for many labels). "
                    f"Save it as {sub}/{entry.stem}.png, or move it out of {sub}/."
                )
            else:
                problems.append(
                    f"{where}: not an image type this loader reads ({', '.join(suffixes)}). "
                    f"Convert it to PNG, or move it out of {sub}/."
                )
        else:
            found.setdefault(entry.stem, []).append(entry)
    for name, paths in found.items():
        if len(paths) > 1:
            problems.append(
                f"{', '.join(f'{sub}/{p.name}' for p in paths)}: {len(paths)} files named "
                f"{name!r}, so the mask cannot be paired. Keep one, or rename the others."
            )
    return found


def _check_pairs(
    images: dict[str, list[Path]], masks: dict[str, list[Path]], problems: list[str]
) -> None:
    """Report too few images, and images and masks without their partner."""
    if not images:
        problems.append(
            f"images/: no image files ({', '.join(IMAGE_SUFFIXES)}). Put the images to "
            "benchmark there, each with its mask in masks/ under the same name."
        )
    elif len(images) == 1:
        problems.append(
            f"images/: only one image ({next(iter(images))!r}); a benchmark needs at least two, "
            "one to tune each method on and one to test it on. Add images."
        )
    lower = {name.lower(): name for name in masks}
    for name in sorted(images.keys() - masks.keys()):
        near = lower.get(name.lower())
        hint = f" (masks/{masks[near][0].name} differs in case)" if near else ""
        problems.append(
            f"images/{images[name][0].name}: no mask; expected masks/{name}.png{hint}. Add the "
            "mask (0 for background), or move the image out of images/."
        )
    for name in sorted(masks.keys() - images.keys()):
        problems.append(
            f"masks/{masks[name][0].name}: no image named {name!r} in images/. Add the image, "
            "or move the mask out of masks/."
        )


def _read_pair(
    folder: Path,
    image_path: Path,
    mask_path: Path,
    problems: list[str],
    *,
    read_options: dict[str, bool],
    option_names: Mapping[str, str],
) -> tuple[np.ndarray, np.ndarray] | None:
    """The image and the mask's labels, or None after reporting why they cannot be used."""
    image_name = image_path.relative_to(folder).as_posix()
    mask_name = mask_path.relative_to(folder).as_posix()
    image = labels = None
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            image = read_image(image_path, **read_options)
        for warning in caught:  # e.g. a dark 12-bit image: named as the listing names files
            message = _plain(_in_words(warning.message, option_names), image_path)
            category = UserWarning if isinstance(warning.message, KeywordFix) else warning.category
            warnings.warn(f"{image_name}: {message}", category, stacklevel=3)
    except (OSError, ValueError, TypeError) as error:
        message = _plain(_in_words(error, option_names), image_path)
        problems.append(f"{image_name}: cannot be read as an image: {message}")
    try:
        labels = _labels(_read_mask_array(mask_path))
    except (OSError, ValueError, TypeError) as error:
        problems.append(f"{mask_name}: {_plain(error, mask_path)}")
    if image is None or labels is None:
        return None
    if image.shape[:2] != labels.shape:
        problems.append(
            f"{image_name} is {_size(image.shape)} but {mask_name} is {_size(labels.shape)} "
            "(height x width): a mask must match its image pixel for pixel. Export the mask at "
            "the image's size."
        )
        return None
    return image, labels


def _read_mask_array(path: Path) -> np.ndarray:
    """The integers the PNG stores: palette indices for a palette image, else the raw values."""
    if path.stat().st_size == 0:
        raise ValueError("is empty (0 bytes). Re-export the mask as a PNG.")
    try:
        # Unasked, imageio turns a palette PNG into RGB colours; its labels are the indices.
        mode = "P" if iio.immeta(path).get("mode") == "P" else None
        return iio.imread(path, mode=mode, rotate=True)  # upright, as its image is read
    except PermissionError:
        raise PermissionError(
            "exists but this user may not read it (permission denied). Ask its owner to make "
            "it readable (chmod a+r), or copy the folder somewhere you can read."
        ) from None
    except Exception as error:  # imageio and Pillow raise many types for a damaged file
        # imageio's own advice (install a video plugin) does not apply to a mask: keep line 1.
        first = str(error).strip().splitlines()[0] if str(error).strip() else ""
        raise ValueError(
            f"cannot be read as a PNG mask, damaged or not a PNG ({type(error).__name__}: "
            f"{first}). Re-export it as a single-channel 8- or 16-bit PNG."
        ) from error


def _labels(array: np.ndarray) -> np.ndarray:
    """Check a mask's values and return them as ``int32`` labels (0 = background)."""
    fix = "Save it as a single-channel 8- or 16-bit PNG: 0 for background, other values objects."
    if array.ndim == 3 and array.shape[-1] in (2, 4):
        top = np.iinfo(array.dtype).max if array.dtype.kind in "iu" else 1
        if not np.all(array[..., -1] == top):
            raise ValueError(f"has transparent pixels (an alpha channel). {fix}")
        array = array[..., :-1]
    if array.ndim == 3 and array.shape[-1] == 3:
        if np.any(array[..., 0] != array[..., 1]) or np.any(array[..., 0] != array[..., 2]):
            raise ValueError(
                f"is an RGB mask whose channels differ; masks must be single-channel. {fix}"
            )
    if array.ndim == 3 and array.shape[-1] in (1, 3):
        array = array[..., 0]
    if array.ndim != 2:
        raise ValueError(f"has shape {array.shape}, not one 2-D mask. {fix}")
    if array.dtype.kind not in "biuf":
        raise ValueError(f"holds {array.dtype} values, not integer labels. {fix}")
    whole = array.dtype.kind != "f" or (np.isfinite(array).all() and (array % 1 == 0).all())
    if not whole:
        raise ValueError(f"holds fractional or NaN values, not integer labels. {fix}")
    if array.size and array.min() < 0:
        raise ValueError(f"holds negative values (down to {array.min()}). {fix}")
    if array.size and array.max() > np.iinfo(np.int32).max:
        raise ValueError(f"holds values above {np.iinfo(np.int32).max}. {fix}")
    return array.astype(np.int32)


def _truth(labels: np.ndarray, kind: str, count: int) -> np.ndarray:
    if kind == "semantic":
        return labels > 0
    if count <= 1:
        # A mask with one value cannot tell objects apart: read its connected pieces, as the
        # scorer reads a method's mask (4-connected, skimage.measure.label).
        return measure.label(labels > 0, connectivity=1).astype(np.int32)
    return labels


#: How :mod:`.scoring` scores an image whose truth has no object, by the kind of task.
EMPTY_TRUTH_SCORES = {
    "semantic": "its IoU and F1 are 1 if a method marks no pixel and 0 if it marks any",
    "instance": (
        "its DSB score and IoU are 1 if a method finds no object and 0 if it finds any, and its "
        "F1 at IoU 0.5 is 0 either way (no object to match)"
    ),
}


def _empty_masks(empty: Mapping[str, str], kind: str, tuning: set[str]) -> str:
    """The warning for masks with no object: which, how they are scored, how to fix them."""
    listed = [
        f"masks/{file} ({'tuning' if name in tuning else 'test'} image)"
        for name, file in list(empty.items())[:MAX_LISTED]
    ]
    if len(empty) > MAX_LISTED:
        listed.append(f"and {len(empty) - MAX_LISTED} more")
    many = len(empty) > 1
    return (
        f"{', '.join(listed)}: {'these masks are' if many else 'this mask is'} all 0, no object. "
        f"Such an image is scored as it is, with no object to find: {EMPTY_TRUTH_SCORES[kind]}. "
        "A method that finds anything there scores 0, which pulls its mean test score down (and, "
        "on a tuning image, pulls tuning towards settings that find nothing). If the image "
        f"truly shows no object, keep it; otherwise draw {'their masks' if many else 'its mask'}"
        f", or move {'the images and their masks' if many else 'the image and its mask'} out "
        "of the folder."
    )


def _in_words(problem: Exception | Warning, option_names: Mapping[str, str]) -> str:
    """The message of an error or warning, a keyword fix named as the caller names it."""
    if isinstance(problem, KeywordFix):
        return problem.phrased(option_names, named=False)
    return str(problem)


def _plain(error: Exception | str, path: Path, limit: int = 300) -> str:
    """The message on one line, without the full path that the listing already names."""
    text = str(error).removeprefix(f"{path}: ")
    text = " ".join(text.replace(str(path), path.name).split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _size(shape: tuple[int, ...]) -> str:
    return f"{shape[0]} x {shape[1]}"


def _report(folder: Path, problems: list[str]) -> str:
    lines = [f"  - {p}" for p in problems[:MAX_LISTED]]
    if len(problems) > MAX_LISTED:
        lines.append(f"  - and {len(problems) - MAX_LISTED} more.")
    count = f"{len(problems)} problem{'s' if len(problems) > 1 else ''}"
    return (
        f"The data folder {folder.resolve()} cannot be benchmarked yet ({count}); fix them "
        "and run again:\n" + "\n".join(lines)
    )
