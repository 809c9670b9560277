"""load_folder: a user's own images and masks, checked in one pass, read and never written."""

import re
from pathlib import Path

import imageio.v3 as iio
import numpy as np
import pytest
from skimage import data, filters

from segutils.bench import builtin_contenders, evaluate_cell
from segutils.bench import folder as bench_folder
from segutils.bench.cli import DATA_OPTIONS
from segutils.bench.folder import load_folder
from segutils.bench.tasks import split_names
from segutils.cli import main
from segutils.images import to_gray


def _gray(mask: np.ndarray, seed: int) -> np.ndarray:
    """An 8-bit image: bright where the mask is, dark elsewhere, with a little noise."""
    rng = np.random.default_rng(seed)
    image = np.where(mask > 0, 180, 60) + rng.integers(-20, 20, mask.shape)
    return image.astype(np.uint8)


def _squares(shape=(24, 32), count=2, value=255, dtype=np.uint8) -> np.ndarray:
    """A mask of ``count`` separate 6x6 squares, all ``value`` (or 1..count when value is None)."""
    mask = np.zeros(shape, dtype)
    for i in range(count):
        mask[3 + 8 * i : 9 + 8 * i, 4 + 9 * i : 10 + 9 * i] = value if value is not None else i + 1
    return mask


def _folder(root: Path, pairs: dict, *, image_ext=".png") -> Path:
    """Write ``images/NAME`` and ``masks/NAME.png`` for each NAME -> mask."""
    for sub in ("images", "masks"):
        (root / sub).mkdir(parents=True, exist_ok=True)
    for i, (name, mask) in enumerate(pairs.items()):
        iio.imwrite(root / "images" / f"{name}{image_ext}", _gray(mask, i))
        iio.imwrite(root / "masks" / f"{name}.png", mask)
    return root


def _snapshot(root: Path) -> dict:
    """Every entry under ``root``: its bytes (files) and modification time."""
    entries = [root, *root.rglob("*")]
    return {
        p.relative_to(root).as_posix(): (p.stat().st_mtime_ns, p.is_file() and p.read_bytes())
        for p in entries
    }


def _problems(root: Path) -> str:
    with pytest.raises(ValueError, match="cannot be benchmarked yet") as caught:
        load_folder(root)
    return str(caught.value)


@pytest.fixture
def semantic_dir(tmp_path) -> Path:
    root = _folder(tmp_path / "cells", {f"img{i}": _squares(count=1 + i % 3) for i in range(7)})
    # A JPEG colour image beside the PNGs, and files the operating system leaves behind.
    rgb = np.stack([_gray(_squares(count=2), 9)] * 3, axis=-1)
    iio.imwrite(root / "images" / "photo.JPG", rgb)
    iio.imwrite(root / "masks" / "photo.png", _squares(count=2))
    for junk in ("images/.DS_Store", "masks/.DS_Store", "images/Thumbs.db", "masks/._img0.png"):
        (root / junk).write_bytes(b"\x00junk")
    return root


def test_a_semantic_folder_loads_with_bool_truth_and_a_disjoint_split(semantic_dir):
    before = _snapshot(semantic_dir)
    task = load_folder(semantic_dir)
    assert task.name == "data-cells" and task.kind == "semantic"
    names = [f"img{i}" for i in range(7)] + ["photo"]
    tune, test = split_names(names)
    assert [s.name for s in task.tune] == tune and [s.name for s in task.test] == test
    assert not {s.name for s in task.tune} & {s.name for s in task.test}
    for sample in task.tune + task.test:
        assert sample.image.dtype == np.float32 and sample.image.shape[:2] == (24, 32)
        assert 0 <= sample.image.min() and sample.image.max() <= 1
        assert sample.truth.dtype == bool and sample.truth.shape == (24, 32)
    photo = next(s for s in task.tune + task.test if s.name == "photo")
    assert photo.image.shape == (24, 32, 3)
    assert "8 images" in task.description
    assert _snapshot(semantic_dir) == before


def test_split_options_are_passed_on_and_checked(semantic_dir):
    task = load_folder(semantic_dir, tune_fraction=0.5, max_tune=2)
    names = sorted(s.name for s in task.tune + task.test)
    tune, test = split_names(names, tune_fraction=0.5, max_tune=2)
    assert [s.name for s in task.tune] == tune and [s.name for s in task.test] == test
    assert len(task.tune) <= 2
    with pytest.raises(ValueError, match="tune_fraction"):
        load_folder(semantic_dir, tune_fraction=1.0)
    with pytest.raises(ValueError, match="max_tune"):
        load_folder(semantic_dir, max_tune=0)


def test_an_instance_folder_keeps_16_bit_labels(tmp_path):
    labels = np.zeros((40, 50), np.uint16)
    labels[2:10, 2:10], labels[12:20, 12:20], labels[25:35, 30:45] = 1000, 40000, 3
    root = _folder(tmp_path / "nuclei", {"a": labels, "b": _squares((40, 50), 3, None, np.uint16)})
    assert iio.imread(root / "masks" / "a.png").dtype == np.uint16  # truly a 16-bit file
    task = load_folder(root)
    assert task.kind == "instance"
    truth = {s.name: s.truth for s in task.tune + task.test}
    assert truth["a"].dtype == np.int32 and truth["a"].shape == (40, 50)
    np.testing.assert_array_equal(truth["a"], labels)  # labels unchanged, 1000 included
    assert sorted(np.unique(truth["b"])) == [0, 1, 2, 3]


def test_in_an_instance_folder_binary_and_empty_masks_become_labels(tmp_path):
    pairs = {
        "labels": _squares(count=3, value=None),
        "binary": _squares(count=2, value=255),  # two separate squares: two objects
        "empty": np.zeros((24, 32), np.uint8),
    }
    with pytest.warns(UserWarning, match=r"masks/empty\.png \((test|tuning) image\)"):
        task = load_folder(_folder(tmp_path / "mixed", pairs))
    truth = {s.name: s.truth for s in task.tune + task.test}
    assert task.kind == "instance" and "1 one-value masks split" in task.description
    assert sorted(np.unique(truth["binary"])) == [0, 1, 2]
    assert truth["empty"].dtype == np.int32 and not truth["empty"].any()


def test_the_readers_warnings_name_the_image(tmp_path):
    root = _folder(tmp_path / "d", {"a": _squares(), "b": _squares()})
    iio.imwrite(root / "images" / "a.png", _squares(value=4095, dtype=np.uint16))  # 12-bit data
    with pytest.warns(UserWarning, match=r"images/a\.png: This uint16 image uses values up to"):
        load_folder(root)


@pytest.mark.parametrize("value", [1, 255])
def test_two_valued_masks_of_any_value_are_semantic_and_empty_masks_kept(tmp_path, value):
    pairs = {"a": _squares(value=value), "b": np.zeros((24, 32), np.uint8), "c": _squares()}
    with pytest.warns(UserWarning, match=r"masks/b\.png"):
        task = load_folder(_folder(tmp_path / "d", pairs))
    truth = {s.name: s.truth for s in task.tune + task.test}
    assert task.kind == "semantic"
    np.testing.assert_array_equal(truth["a"], _squares() > 0)
    assert not truth["b"].any()


def test_palette_and_gray_rgb_masks_are_read_as_their_labels(tmp_path):
    from PIL import Image  # Pillow comes with imageio; only this test writes a palette PNG

    root = _folder(tmp_path / "d", {"a": _squares(), "b": _squares()})
    palette = Image.fromarray(_squares(count=3, value=None), mode="P")
    palette.putpalette([0, 0, 0, 255, 0, 0, 0, 255, 0, 0, 0, 255])
    palette.save(root / "masks" / "a.png")
    iio.imwrite(root / "masks" / "b.png", np.stack([_squares()] * 3, axis=-1))
    task = load_folder(root)
    truth = {s.name: s.truth for s in task.tune + task.test}
    assert task.kind == "instance"
    np.testing.assert_array_equal(truth["a"], _squares(count=3, value=None))
    assert sorted(np.unique(truth["b"])) == [0, 1, 2]


def test_missing_folders_are_named_with_the_expected_layout(tmp_path):
    with pytest.raises(FileNotFoundError, match=r"nowhere.*does not exist"):
        load_folder(tmp_path / "nowhere")
    (tmp_path / "file.txt").write_text("x")
    with pytest.raises(FileNotFoundError, match="is a file, not a folder"):
        load_folder(tmp_path / "file.txt")
    (tmp_path / "d").mkdir()
    with pytest.raises(FileNotFoundError, match=r"no images/ and no masks/ subfolder"):
        load_folder(tmp_path / "d")
    (tmp_path / "d" / "images").mkdir()
    with pytest.raises(FileNotFoundError, match=r"no masks/ subfolder.*DIR/masks/NAME\.png"):
        load_folder(tmp_path / "d")


def test_an_empty_folder_and_a_single_image_are_refused(tmp_path):
    root = _folder(tmp_path / "d", {})
    (root / "images" / ".DS_Store").write_bytes(b"junk")
    assert "images/: no image files" in _problems(root)
    _folder(root, {"only": _squares()})
    assert "only one image ('only'); a benchmark needs at least two" in _problems(root)


def test_every_problem_is_listed_in_one_error_naming_its_file(tmp_path):
    root = _folder(tmp_path / "bad", {"good1": _squares(), "good2": _squares()})
    images, masks = root / "images", root / "masks"
    iio.imwrite(images / "lonely.png", _gray(_squares(), 0))  # no mask
    iio.imwrite(masks / "orphan.png", _squares())  # no image
    iio.imwrite(images / "twice.png", _gray(_squares(), 0))  # same name twice
    iio.imwrite(images / "twice.jpg", _gray(_squares(), 0))
    iio.imwrite(masks / "twice.png", _squares())
    (images / "broken.png").write_bytes(b"\x89PNG not really")  # corrupt image
    iio.imwrite(masks / "broken.png", _squares())
    iio.imwrite(images / "badmask.png", _gray(_squares(), 0))
    (masks / "badmask.png").write_bytes(b"not a PNG at all")  # corrupt mask
    iio.imwrite(images / "nomask.png", _gray(_squares(), 0))
    (masks / "nomask.png").write_bytes(b"")  # empty mask file
    iio.imwrite(images / "sized.png", _gray(_squares((20, 30)), 0))  # sizes differ
    iio.imwrite(masks / "sized.png", _squares())
    iio.imwrite(images / "colour.png", _gray(_squares(), 0))
    rgb = np.stack([_squares(), _squares(), np.zeros((24, 32), np.uint8)], axis=-1)
    iio.imwrite(masks / "colour.png", rgb)  # RGB mask with differing channels
    (images / "notes.txt").write_text("my notes")  # not an image
    (images / "old").mkdir()  # a subfolder
    iio.imwrite(images / "jpegmask.png", _gray(_squares(), 0))
    iio.imwrite(masks / "jpegmask.jpg", _squares())  # mask saved as JPEG
    before = _snapshot(root)

    message = _problems(root)
    expected = [
        r"images/lonely\.png: no mask; expected masks/lonely\.png",
        r"masks/orphan\.png: no image named 'orphan' in images/",
        r"images/twice\.jpg, images/twice\.png: 2 files named 'twice'",
        r"images/broken\.png: cannot be read as an image: .*broken\.png",
        r"masks/badmask\.png: cannot be read as a PNG mask, damaged or not a PNG",
        r"masks/nomask\.png: is empty \(0 bytes\)",
        r"images/sized\.png is 20 x 30 but masks/sized\.png is 24 x 32",
        r"masks/colour\.png: is an RGB mask whose channels differ; masks must be single-channel",
        r"images/notes\.txt: not an image type",
        r"images/old: a folder",
        r"masks/jpegmask\.jpg: masks must be PNG files",
        r"images/jpegmask\.png: no mask",
    ]
    for pattern in expected:
        assert re.search(pattern, message), f"{pattern!r} not in:\n{message}"
    assert "(12 problems)" in message and "good1" not in message
    assert len(message.splitlines()) == 13  # a header, then one line per problem
    assert _snapshot(root) == before  # nothing written, even on failure


def test_a_name_differing_only_in_case_gets_a_hint(tmp_path):
    root = _folder(tmp_path / "d", {"a": _squares(), "b": _squares()})
    (root / "masks" / "b.png").rename(root / "masks" / "B.png")
    message = _problems(root)
    assert "images/b.png: no mask; expected masks/b.png (masks/B.png differs in case)" in message


def test_a_long_list_of_problems_is_cut_after_twenty(tmp_path):
    root = _folder(tmp_path / "d", {})
    for i in range(25):
        iio.imwrite(root / "images" / f"img{i:02d}.png", _gray(_squares(), i))
    message = _problems(root)
    assert "(25 problems)" in message and "and 5 more." in message
    assert message.count("no mask; expected") == 20


@pytest.mark.parametrize(
    ("array", "match"),
    [
        (np.array([[0, -3], [1, 0]], np.int32), r"negative values \(down to -3\)"),
        (np.array([[0.0, 0.5], [1.0, 0.0]]), "fractional or NaN values"),
        (np.zeros((2, 2, 4), np.uint8), "transparent pixels"),
        (np.zeros((2, 2, 5), np.uint8), "not one 2-D mask"),
    ],
)
def test_mask_values_that_are_not_labels_are_refused(tmp_path, monkeypatch, array, match):
    # PNG cannot store negative or fractional values; a reader that returns them (another
    # Pillow version, a TIFF disguised as .png) must still be refused with the file's name.
    root = _folder(tmp_path / "d", {"a": np.zeros((2, 2), np.uint8), "b": _squares((2, 2))})
    monkeypatch.setattr(bench_folder, "_read_mask_array", lambda path: array)
    assert re.search(rf"masks/a\.png: .*{match}", _problems(root))


def test_whole_float_masks_are_accepted_as_labels(tmp_path, monkeypatch):
    root = _folder(tmp_path / "d", {"a": np.zeros((2, 2), np.uint8), "b": _squares((2, 2))})
    monkeypatch.setattr(bench_folder, "_read_mask_array", lambda path: np.eye(2) * 2.0)
    task = load_folder(root)
    assert task.kind == "semantic" and task.test[0].truth.tolist() == [[True, False], [False, True]]


@pytest.mark.parametrize("kind", ["semantic", "instance"])
def test_a_loaded_folder_runs_through_the_benchmark_with_finite_scores(tmp_path, kind):
    value = 255 if kind == "semantic" else None
    pairs = {f"img{i}": _squares(count=2 + i % 2, value=value) for i in range(4)}
    task = load_folder(_folder(tmp_path / kind, pairs))
    assert task.kind == kind
    contender = builtin_contenders(["threshold.global_threshold"])[0]
    cell = evaluate_cell(task, contender, budget=3)
    assert cell["task"] == f"data-{kind}" and cell["failures"] == 0
    assert all(np.isfinite(value) for value in cell["scores"].values())
    assert cell["scores"][task.primary] > 0.9  # bright squares on a dark ground


def test_crops_of_a_real_photograph_load_and_score(tmp_path):
    coins = data.coins()  # 303 x 384 uint8
    root = tmp_path / "coins"
    for sub in ("images", "masks"):
        (root / sub).mkdir(parents=True)
    crops = {"left": coins[:, :192], "right": coins[:, 192:], "top": coins[:150]}
    for name, crop in crops.items():
        iio.imwrite(root / "images" / f"{name}.png", crop)
        mask = crop > filters.threshold_otsu(coins)
        iio.imwrite(root / "masks" / f"{name}.png", mask.astype(np.uint8) * 255)
    before = _snapshot(root)
    task = load_folder(root)
    assert task.kind == "semantic" and task.name == "data-coins"
    for sample in task.tune + task.test:
        np.testing.assert_allclose(sample.image, crops[sample.name] / 255, atol=1e-6)
        assert sample.truth.shape == crops[sample.name].shape
    cell = evaluate_cell(task, builtin_contenders(["threshold.global_threshold"])[0], budget=3)
    assert all(np.isfinite(value) for value in cell["scores"].values())
    assert cell["scores"]["iou"] > 0.5
    assert _snapshot(root) == before


def test_a_folder_whose_masks_are_all_empty_is_refused(tmp_path):
    empty = np.zeros((24, 32), np.uint8)
    root = _folder(tmp_path / "blank", {"a": empty, "b": empty})
    assert "every mask is empty" in _problems(root)


def test_masks_with_no_object_are_kept_with_a_warning_that_names_them(tmp_path):
    empty = np.zeros((24, 32), np.uint8)
    pairs = {f"img{i}": _squares(count=1 + i % 2) for i in range(6)} | {"blank": empty}
    root = _folder(tmp_path / "cells", pairs)
    with pytest.warns(UserWarning) as seen:
        task = load_folder(root)
    (warning,) = [str(w.message) for w in seen]
    where = "tuning" if "blank" in {s.name for s in task.tune} else "test"
    assert warning.startswith(f"masks/blank.png ({where} image): this mask is all 0, no object.")
    # How scoring.score scores it, said exactly, and how to fix it.
    assert "its IoU and F1 are 1 if a method marks no pixel and 0 if it marks any" in warning
    assert "draw its mask, or move the image and its mask out of the folder" in warning
    assert not {s.name: s.truth for s in task.tune + task.test}["blank"].any()


def test_empty_masks_of_an_instance_folder_are_named_with_the_instance_measures(tmp_path):
    empty = np.zeros((24, 32), np.uint8)
    pairs = {"a": _squares(value=None, count=3), "b": _squares(value=None), "c": empty, "d": empty}
    with pytest.warns(UserWarning, match=r"^masks/c\.png \(\w+ image\), masks/d\.png") as seen:
        load_folder(_folder(tmp_path / "nuclei", pairs))
    warning = str(seen[0].message)
    assert "these masks are all 0" in warning and "draw their masks" in warning
    assert "DSB score and IoU are 1 if a method finds no object and 0 if it finds any" in warning
    assert "F1 at IoU 0.5 is 0 either way" in warning


def test_the_empty_mask_warning_is_how_scoring_scores_such_an_image():
    from segutils.bench.folder import EMPTY_TRUTH_SCORES
    from segutils.bench.scoring import score

    empty, something = np.zeros((8, 8), bool), np.eye(8, dtype=bool)
    assert score("semantic", empty, empty) == {"iou": 1.0, "f1": 1.0}
    assert score("semantic", empty, something) == {"iou": 0.0, "f1": 0.0}
    no_labels = np.zeros((8, 8), np.int32)
    assert score("instance", no_labels, empty) == {"dsb": 1.0, "f1": 0.0, "iou": 1.0}
    assert score("instance", no_labels, something) == {"dsb": 0.0, "f1": 0.0, "iou": 0.0}
    assert set(EMPTY_TRUTH_SCORES) == {"semantic", "instance"}  # the kinds a folder can be


def test_the_command_line_prints_the_empty_mask_warning(tmp_path, capsys):
    pairs = {
        "a": _squares(),
        "b": _squares(count=1),
        "c": _squares(),
        "none": np.zeros((24, 32), np.uint8),
    }
    root = _folder(tmp_path / "d", pairs)
    out = tmp_path / "r"
    command = ["bench", "--data", str(root), "--out", str(out), "--methods", "threshold.manual"]
    assert main([*command, "--budget", "1", "--workers", "1", "--no-progress"]) == 0
    printed = capsys.readouterr()
    assert re.search(
        r"^warning: masks/none\.png \((test|tuning) image\): this mask is all 0", printed.err, re.M
    )
    assert f"drawn in {out / 'results.png'}" in printed.out


def _transparent_rgba(mask: np.ndarray) -> np.ndarray:
    """The image of ``mask`` as RGBA whose first row is transparent (a screenshot, a logo)."""
    gray = _gray(mask, 0)
    rgba = np.stack([gray, gray, gray, np.full_like(gray, 255)], axis=-1)
    rgba[0, :, 3] = 0
    return rgba


def test_command_line_options_are_advised_on_the_command_line(tmp_path, capsys):
    root = _folder(tmp_path / "d", {"a": _squares(), "b": _squares()})
    iio.imwrite(root / "images" / "a.png", _transparent_rgba(_squares()))
    # For a Python caller, the keyword of load_folder ...
    assert re.search(r"images/a\.png: .*transparent pixels.*pass drop_alpha=True", _problems(root))
    # ... and for `segutils bench --data`, its option, naming the file, no Python keyword.
    assert main(["bench", "--data", str(root), "--out", str(tmp_path / "r"), "--no-progress"]) == 1
    error = capsys.readouterr().err
    assert re.search(r"images/a\.png: .*transparent pixels.*: add --drop-alpha to ignore", error)
    assert "drop_alpha=True" not in error
    task = load_folder(root, drop_alpha=True, option_names=DATA_OPTIONS)
    image = {s.name: s.image for s in task.tune + task.test}["a"]
    np.testing.assert_allclose(image[..., 0], _gray(_squares(), 0) / 255, atol=1e-6)  # RGB


def test_the_stretch_warning_names_the_option_for_the_command_line(tmp_path):
    root = _folder(tmp_path / "d", {"a": _squares(), "b": _squares()})
    iio.imwrite(root / "images" / "a.png", _squares(value=4095, dtype=np.uint16))  # 12-bit data
    with pytest.warns(UserWarning, match=r"images/a\.png: .*12-bit data, add --stretch") as seen:
        load_folder(root, option_names=DATA_OPTIONS)
    assert not any("stretch=True" in str(warning.message) for warning in seen)


def test_photos_are_read_upright_and_cmyk_as_rgb(tmp_path):
    from PIL import Image  # Pillow comes with imageio; it writes the EXIF and CMYK files here

    root = _folder(tmp_path / "d", {"phone": _squares(), "print": _squares()})
    upright = _gray(_squares(), 0)
    exif = Image.Exif()
    exif[0x0112] = 8  # stored turned a quarter clockwise: turn it back counter-clockwise
    sideways = Image.fromarray(upright).transpose(Image.Transpose.ROTATE_270)
    sideways.save(root / "images" / "phone.jpg", exif=exif, quality=95)
    (root / "images" / "phone.png").unlink()
    Image.fromarray(upright).convert("CMYK").save(root / "images" / "print.jpg", quality=95)
    (root / "images" / "print.png").unlink()
    task = load_folder(root)
    for sample in task.tune + task.test:
        assert sample.image.shape[:2] == upright.shape  # matches its mask: no size problem
        assert np.abs(to_gray(sample.image) - upright / 255).mean() < 0.03


@pytest.mark.parametrize("suffix", [".bmp", ".gif", ".webp"])
def test_bmp_gif_and_webp_images_are_read(tmp_path, suffix):
    task = load_folder(
        _folder(tmp_path / "d", {"a": _squares(), "b": _squares()}, image_ext=suffix)
    )
    assert len(task.tune + task.test) == 2


def test_an_animated_image_is_reported_with_its_frames(tmp_path):
    from PIL import Image

    root = _folder(tmp_path / "d", {"a": _squares(), "b": _squares()})
    frames = [Image.fromarray(_gray(_squares(), i)) for i in range(3)]
    frames[0].save(root / "images" / "a.gif", save_all=True, append_images=frames[1:])
    (root / "images" / "a.png").unlink()
    assert re.search(
        r"images/a\.gif: cannot be read as an image: a\.gif holds a stack of 3", _problems(root)
    )


@pytest.fixture
def unreadable(monkeypatch):
    """Make files unreadable as the operating system would for a user without read permission.

    Not root: ``chmod 000``. Root reads any file, so then opening one of them raises the same
    PermissionError the system raises for others (``builtins.open`` and ``io.open``, which
    pathlib, imageio and Pillow all open files through).
    """
    import builtins
    import io
    import os

    denied: set[str] = set()
    real_open = builtins.open

    def guarded_open(file, *args, **kwargs):
        if isinstance(file, str | os.PathLike) and os.path.abspath(file) in denied:
            raise PermissionError(13, "Permission denied", os.fspath(file))
        return real_open(file, *args, **kwargs)

    def deny(path: Path) -> None:
        if os.geteuid() != 0:
            path.chmod(0)
        else:
            denied.add(str(path.resolve()))
            monkeypatch.setattr(builtins, "open", guarded_open)
            monkeypatch.setattr(io, "open", guarded_open)

    return deny


def test_an_unreadable_image_or_mask_is_named_with_the_permission_to_fix(tmp_path, unreadable):
    from segutils.files import read_image

    root = _folder(tmp_path / "locked", {f"ok{i}": _squares() for i in range(4)})
    root = _folder(root, {"locked_image": _squares(), "locked_mask": _squares()})
    unreadable(root / "images" / "locked_image.png")
    unreadable(root / "masks" / "locked_mask.png")
    with pytest.raises(PermissionError, match=r"locked_image\.png exists but .* may not read it"):
        read_image(root / "images" / "locked_image.png")
    message = _problems(root)
    assert re.search(r"images/locked_image\.png: cannot be read as an image: .*chmod a\+r", message)
    assert re.search(r"masks/locked_mask\.png: exists but this user may not read it", message)
    assert "damaged" not in message
