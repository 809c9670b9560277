"""Multi-class tasks on the leaderboard: class masks in a folder, CamVid, learned methods only."""

import json
from pathlib import Path

import imageio.v3 as iio
import numpy as np
import pandas as pd
import pytest

from segutils.bench import Sample, Task
from segutils.bench.folder import load_folder
from segutils.bench.learned import classifier_cells
from segutils.cli import main
from segutils.metrics import mean_iou

NAMES = ["sky", "road", "car"]
VOID = 255


def _scene(seed: int, shape=(48, 64)) -> tuple[np.ndarray, np.ndarray]:
    """An RGB image of three classes told apart by colour, and its class mask with void seams."""
    rng = np.random.default_rng(seed)
    classes = np.zeros(shape, np.uint8)  # sky on top
    horizon = int(rng.integers(14, 22))
    classes[horizon:] = 1  # road below
    top, left = int(rng.integers(horizon + 2, shape[0] - 12)), int(rng.integers(0, shape[1] - 20))
    classes[top : top + 10, left : left + 18] = 2  # a car on the road
    colours = np.array([[90, 150, 230], [110, 110, 110], [200, 40, 40]])
    image = colours[classes] + rng.integers(-25, 25, (*shape, 3))
    mask = classes.copy()
    mask[horizon - 1 : horizon + 1] = VOID  # the annotators left the horizon unlabelled
    return np.clip(image, 0, 255).astype(np.uint8), mask


def _class_folder(root: Path, count: int = 8, *, classes_file: dict | None = None) -> Path:
    for sub in ("images", "masks"):
        (root / sub).mkdir(parents=True, exist_ok=True)
    for i in range(count):
        image, mask = _scene(i)
        iio.imwrite(root / "images" / f"scene{i}.png", image)
        iio.imwrite(root / "masks" / f"scene{i}.png", mask)
    if classes_file is not None:
        (root / "classes.json").write_text(json.dumps(classes_file))
    return root


def test_a_folder_with_classes_json_is_a_multiclass_task(tmp_path):
    folder = _class_folder(tmp_path / "streets", classes_file={"classes": NAMES, "void": VOID})
    task = load_folder(folder)
    assert task.kind == "multiclass" and task.classes == tuple(NAMES) and task.void == VOID
    assert task.primary == "miou"
    truth = task.test[0].truth
    assert truth.dtype == np.int32 and set(np.unique(truth)) == {0, 1, 2, VOID}
    assert "3 classes: sky, road, car; void 255" in task.description
    # The same from the caller, with no file; and the file and the caller agreeing.
    plain = _class_folder(tmp_path / "plain")
    assert load_folder(plain, classes=NAMES, void=VOID).classes == tuple(NAMES)
    assert load_folder(folder, classes=NAMES).void == VOID
    # Without classes the same masks read as objects: the values alone cannot tell.
    assert load_folder(plain).kind == "instance"


def test_class_masks_that_do_not_fit_their_classes_are_refused_with_what_to_do(tmp_path):
    folder = _class_folder(tmp_path / "streets")
    with pytest.raises(ValueError, match=r"masks/scene0.png: holds 255, neither a class 0..2"):
        load_folder(folder, classes=NAMES)  # no void value given
    with pytest.raises(ValueError, match=r"holds 2, 255, neither a class 0..1 \(sky, road\)"):
        load_folder(folder, classes=NAMES[:2])
    with pytest.raises(ValueError, match="void 1 is also the value of class 'road'"):
        load_folder(folder, classes=NAMES, void=1)
    with pytest.raises(ValueError, match=r"--classes without names .*classes.json.*does not exist"):
        load_folder(folder, classes=[], option_names={"classes": "--classes"})
    with pytest.raises(ValueError, match="void= is the value of unlabelled pixels .* name the"):
        load_folder(folder, void=VOID)
    with pytest.raises(ValueError, match="distinct"):
        load_folder(folder, classes=["sky", "sky", "car"], void=VOID)
    (folder / "classes.json").write_text('{"classes": ["sky", "road", "car"], "void": 255')
    with pytest.raises(ValueError, match="classes.json is not valid JSON"):
        load_folder(folder)
    (folder / "classes.json").write_text('["sky", "road", "car"]')
    with pytest.raises(ValueError, match='must hold an object with a "classes" list'):
        load_folder(folder)
    (folder / "classes.json").write_text(json.dumps({"classes": NAMES, "void": VOID}))
    with pytest.raises(ValueError, match=r"names \['sky', 'road', 'bus'\] but .* names"):
        load_folder(folder, classes=["sky", "road", "bus"])
    with pytest.raises(ValueError, match="void= 254 but .* says void is 255"):
        load_folder(folder, void=254)


def test_multiclass_tasks_check_their_classes():
    image = np.zeros((4, 4), np.float32)
    samples = [Sample(name, image, np.zeros((4, 4), np.int32)) for name in "ab"]
    with pytest.raises(ValueError, match="names its classes, two or more"):
        Task("t", "multiclass", samples[:1], samples[1:])
    with pytest.raises(ValueError, match="void=0 is also the value of class 'sky'"):
        Task("t", "multiclass", samples[:1], samples[1:], classes=("sky", "road"), void=0)
    with pytest.raises(ValueError, match="classes and void are for multiclass tasks"):
        Task("t", "semantic", samples[:1], samples[1:], classes=("sky", "road"))


def test_the_pixel_classifier_learns_the_classes_and_is_scored_by_mean_iou(tmp_path):
    folder = _class_folder(tmp_path / "streets", classes_file={"classes": NAMES, "void": VOID})
    task = load_folder(folder)
    (cell,) = classifier_cells(task, tmp_path / "out")
    assert cell["kind"] == "multiclass" and cell["primary"] == "miou"
    assert set(cell["class_iou"]) == set(NAMES) and min(cell["class_iou"].values()) > 0.8
    assert cell["scores"]["class_miou"] == pytest.approx(np.mean(list(cell["class_iou"].values())))
    # Each image's miou is the metric's own, void pixels left out; the cell's is their mean.
    from segutils import hints

    rows = {row["image"]: row for row in cell["images"]}
    sample = task.test[0]
    strokes = [np.where(s.truth == VOID, 0, s.truth + 1) for s in task.tune]
    model = hints.fit_pixel_classifier([s.image for s in task.tune], strokes, seed=0)
    expected = mean_iou(sample.truth, model.predict(sample.image), 3, void=VOID)
    assert rows[sample.name]["miou"] == pytest.approx(expected)
    assert cell["scores"]["miou"] == pytest.approx(np.mean([r["miou"] for r in rows.values()]))


def test_bench_on_a_class_folder_runs_the_learned_methods_and_says_why_not_the_others(
    tmp_path, capsys
):
    folder = _class_folder(tmp_path / "streets", classes_file={"classes": NAMES, "void": VOID})
    out = tmp_path / "results"
    argv = ["bench", "--data", str(folder), "--out", str(out), "--no-progress", "--workers", "1"]
    code = main([*argv, "--methods", "hints.pixel_classifier", "threshold.manual", "edge.canny"])
    assert code == 0
    printed = capsys.readouterr().out
    assert "2 method(s) not run on this multiclass task (threshold.manual, edge.canny)" in printed
    table = pd.read_csv(out / "results.csv")
    assert list(table["method"]) == ["hints.pixel_classifier"]
    assert table.loc[0, "primary"] == "miou" and table.loc[0, "miou"] > 0.8
    report = (out / "results.md").read_text()
    assert "not run on this multiclass task" in report and "only methods trained" in report
    assert "| rank | method | sky | road | car |" in report  # the IoU of each class
    # Classical methods alone cannot answer named classes: said before any work is done.
    with pytest.raises(SystemExit):
        main([*argv, "--methods", "threshold.manual"])
    assert "only learned methods give; add hints.pixel_classifier" in capsys.readouterr().err
    assert main([*argv, "--classes", "sky", "road", "--methods", "hints.pixel_classifier"]) == 1
    assert "names ['sky', 'road'] but" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["bench", "--void", "255", "--out", str(out)])
    assert "--classes and --void describe the masks of a --data folder" in capsys.readouterr().err


def test_the_unet_row_trains_one_softmax_channel_per_class_on_a_tiny_budget(tmp_path):
    from segutils import unet
    from segutils.bench import network

    folder = _class_folder(tmp_path / "streets", classes_file={"classes": NAMES, "void": VOID})
    task = load_folder(folder)
    (cell,) = network.unet_cells(task, tmp_path / "out", epochs=2)
    assert cell["method"] == "unet.small_unet" and cell["kind"] == "multiclass"
    assert cell["params"]["epochs"] == 2 and set(cell["class_iou"]) == set(NAMES)
    assert set(cell["scores"]) == {"miou", "class_miou", "pixel_accuracy"}
    assert all(0 <= row["miou"] <= 1 for row in cell["images"])
    model = unet.load_model(tmp_path / "out" / "models" / f"{task.name}.keras")
    assert model.output_shape[-1] == 3  # softmax over sky, road, car
    # Colour alone tells these classes apart: even two short epochs find the sky.
    assert cell["class_iou"]["sky"] > 0.5


def test_the_camvid_task_trains_on_train_and_tests_on_val_shrunk(
    camvid_data, monkeypatch, tmp_path, capsys
):
    from segutils.bench import builtin_task
    from segutils.bench.tasks import CAMVID_QUICK, CAMVID_SHAPE
    from segutils.datasets import CAMVID_CLASSES, CAMVID_VOID, dataset_files

    monkeypatch.setenv("SEGUTILS_DATA", str(camvid_data.parent))
    monkeypatch.setenv("SEGUTILS_QUICK", "1")
    task = builtin_task("camvid-classes")
    assert task.kind == "multiclass" and task.classes == CAMVID_CLASSES
    assert task.void == CAMVID_VOID and task.primary == "miou"
    assert (len(task.tune), len(task.test)) == CAMVID_QUICK
    files = set(dataset_files("camvid"))
    assert all(f"train/{s.name}.png" in files for s in task.tune)
    assert all(f"val/{s.name}.png" in files for s in task.test)
    for sample in (*task.tune[:3], *task.test[:3]):
        assert sample.image.shape == (*CAMVID_SHAPE, 3) and sample.truth.shape == CAMVID_SHAPE
        assert set(np.unique(sample.truth)) <= set(range(12))
    assert "120 x 160" in task.description and "quick mode" in task.description
    # Only learned methods can answer it; the command line says so before any work.
    with pytest.raises(SystemExit):
        main(
            [
                "bench",
                "--datasets",
                "camvid",
                "--methods",
                "threshold.manual",
                "--out",
                str(tmp_path),
            ]
        )
    assert "camvid-classes wants named classes" in capsys.readouterr().err


def test_optional_data_is_left_out_of_default_runs_and_taken_when_named(monkeypatch, capsys):
    import argparse

    from segutils import datasets
    from segutils.bench import cli as bench_cli
    from segutils.datasets import downloads

    monkeypatch.setattr(bench_cli, "builtin_task", lambda name: name)
    options = {"data": None, "classes": None, "void": None}
    default = bench_cli._tasks(argparse.Namespace(datasets=None, **options))
    assert "camvid-classes" not in default and "bsds500-regions" in default
    named = bench_cli._tasks(argparse.Namespace(datasets=["camvid"], **options))
    assert named == ["camvid-classes"]
    fetched = []
    monkeypatch.setattr(downloads, "resolve", lambda name, paths, root: fetched.append(name) or [])
    monkeypatch.delenv("SEGUTILS_DATA", raising=False)
    assert main(["fetch"]) == 0
    assert "camvid" not in fetched and len(fetched) == len(datasets.DATASETS) - 1
    assert main(["fetch", "camvid"]) == 0 and fetched[-1] == "camvid"


def test_the_interactive_benchmark_refuses_class_masks(tmp_path, capsys):
    from segutils.bench.objects import folder_object_task

    folder = _class_folder(tmp_path / "streets", classes_file={"classes": NAMES, "void": VOID})
    with pytest.raises(ValueError, match="classes.json says the masks hold classes"):
        folder_object_task(folder)
    with pytest.raises(SystemExit):
        main(["bench", "--interactive", "--data", str(folder), "--classes", "--out", str(tmp_path)])
    assert "--classes belong to the leaderboard" in capsys.readouterr().err


def test_the_recipe_refuses_what_does_not_fit_named_classes():
    from segutils.datasets import synthetic
    from segutils.unet import recipe

    sample = synthetic((64, 64), seed=0)
    image, classes = sample.image, sample.semantic
    with pytest.raises(ValueError, match="n_classes goes with target='classes'"):
        recipe.train_recipe([image], [classes], epochs=1, target="classes")
    with pytest.raises(ValueError, match="n_classes goes with target='classes'"):
        recipe.train_recipe([image], [classes], epochs=1, n_classes=3)
    with pytest.raises(ValueError, match="n_classes must be a whole number, 2 or more"):
        recipe.train_recipe([image], [classes], epochs=1, target="classes", n_classes=1)
    with pytest.raises(ValueError, match="needs integer class maps"):
        recipe.train_recipe([image], [sample.mask], epochs=1, target="classes", n_classes=2)
    with pytest.raises(ValueError, match="has classes, not objects"):
        recipe.train_recipe(
            [image], [classes], epochs=1, target="classes", n_classes=3, weight_map=True
        )
    with pytest.raises(ValueError, match="does not fit"):
        recipe.train_recipe(
            [image], [classes], epochs=1, target="classes", n_classes=3, loss="bce_dice"
        )


def test_a_multiclass_score_needs_classes_and_refuses_a_mask():
    from segutils.bench.scoring import score

    truth = np.array([[0, 1, 2, VOID]])
    scores = score("multiclass", truth, np.array([[0, 1, 1, 0]]), n_classes=3, void=VOID)
    assert scores["miou"] == pytest.approx((1 + 1 / 2 + 0) / 3)  # car predicted as road
    assert scores["pixel_accuracy"] == pytest.approx(2 / 3)  # the void pixel not counted
    with pytest.raises(ValueError, match="needs n_classes"):
        score("multiclass", truth, np.array([[0, 1, 1, 0]]))
    with pytest.raises(TypeError, match="wants the class of each pixel"):
        score("multiclass", truth, np.array([[True, False, True, False]]), n_classes=3, void=VOID)
    with pytest.raises(ValueError, match="prediction holds"):
        score("multiclass", truth, np.array([[0, 1, 5, 0]]), n_classes=3, void=VOID)
