"""The U-Net's leaderboard rows, the project's training recipe and the packaged reference model."""

import json
import shutil

import numpy as np
import pytest
from skimage import measure

from segutils import datasets, metrics, unet
from segutils.bench import builtin_task, learned, network
from segutils.bench.tasks import Sample, Task
from segutils.unet import recipe, references

REFERENCE_F1 = 0.8074  # segutils/unet/weights/isbi2012_membranes.json


def tiny_task(kind: str = "instance") -> Task:
    made = [
        datasets.synthetic(shape=(96, 96), n_objects=5, difficulty=0.1, seed=s) for s in range(4)
    ]
    samples = [Sample(f"s{i}", s.image, s.labels) for i, s in enumerate(made)]
    return Task("tiny", kind, tune=samples[:3], test=samples[3:])


def test_the_recipe_takes_one_budget_and_lowers_the_crop_to_the_smallest_image():
    sample = datasets.synthetic(shape=(64, 96), seed=0)
    with pytest.raises(ValueError, match="exactly one of them"):
        recipe.train_recipe([sample.image], [sample.mask], minutes=1, epochs=1)
    with pytest.raises(ValueError, match="at least 32"):
        recipe.train_recipe([sample.image[:20]], [sample.mask[:20]], epochs=1)
    model, history = recipe.train_recipe(
        [sample.image], [sample.mask], epochs=2, batch_size=2, steps=2
    )  # a 256-pixel crop would not fit: the recipe cuts 64-pixel crops
    assert len(history.history["loss"]) == 2 and model.output_shape[-1] == 1


def test_unet_rows_are_trained_scored_and_reused(tmp_path, monkeypatch):
    task = tiny_task()
    cell, instance_cell = network.unet_cells(task, tmp_path, epochs=1)
    assert cell["method"] == "unet.small_unet" and cell["family"] == "deep learning"
    assert instance_cell["method"] == "unet.three_class"
    for row in (cell, instance_cell):
        assert set(row["scores"]) == {"dsb", "f1", "iou"}
        assert all(0 <= v <= 1 for v in row["scores"].values())
        assert row["params"]["epochs"] == 1 and row["params"]["train_images"] == 3
    assert (tmp_path / "models" / "tiny.keras").is_file()
    assert (tmp_path / "models" / "tiny.three_class.keras").is_file()

    def no_training(*args, **kwargs):
        raise AssertionError("a saved cell with the same settings must be reused")

    monkeypatch.setattr(recipe, "train_recipe", no_training)
    again = network.unet_cells(task, tmp_path, epochs=1)
    assert [c["scores"] for c in again] == [cell["scores"], instance_cell["scores"]]


def test_the_packaged_instance_model_gets_its_own_row_on_its_task(tmp_path, monkeypatch):
    from dataclasses import replace

    task = replace(tiny_task(), name="dsb2018-fluorescence")
    options_used = []
    predict_instances = unet.predict_instances

    def recording(model, image, **options):
        options_used.append(options)
        return predict_instances(model, image, **options)

    monkeypatch.setattr(unet, "predict_instances", recording)
    cells = network.unet_cells(task, tmp_path, epochs=1)
    assert [c["method"] for c in cells] == ["unet.small_unet", "unet.three_class", "unet.reference"]
    packaged = references.REFERENCES[network.REFERENCE_FOR_TASK[task.name]]
    assert cells[2]["params"]["sha256"] == packaged.sha256  # its record, not this run's training
    assert (tmp_path / "cells" / task.name / "unet.reference.json").is_file()
    # Its objects are predicted with the options its recorded scores were measured with.
    assert options_used[-1] == dict(packaged.predict_options)  # its row is made last


def test_an_instance_row_scores_labels_so_touching_objects_stay_apart():
    truth = np.zeros((40, 40), np.int32)
    truth[5:20, 5:20], truth[5:20, 20:35] = 1, 2  # two touching squares
    image = (truth > 0).astype(np.float32)
    task = Task(
        "touching", "instance", tune=[Sample("a", image, truth)], test=[Sample("b", image, truth)]
    )
    as_labels = learned.trained_cell(task, "labels", "test", lambda image: truth, {})
    as_mask = learned.trained_cell(task, "mask", "test", lambda image: truth > 0, {})
    # As a mask the two squares are one object, which matches one of them at IoU 0.5 at best.
    assert as_labels["scores"]["f1"] == 1.0 and as_mask["scores"]["f1"] == pytest.approx(2 / 3)


def test_a_regions_task_gets_no_unet_row(tmp_path):
    truth = np.zeros((8, 8), np.int32)
    samples = [Sample(n, np.zeros((8, 8), np.float32), (truth,)) for n in "ab"]
    task = Task("photos", "regions", tune=samples[:1], test=samples[1:])
    assert network.unet_cells(task, tmp_path, epochs=1) == []


def test_the_reference_model_is_checked_by_its_hash(tmp_path, monkeypatch):
    from dataclasses import replace

    packaged = references.REFERENCES["isbi2012-membranes"]
    damaged = tmp_path / "isbi2012_membranes.keras"
    shutil.copy(packaged.file, damaged)
    with damaged.open("r+b") as file:
        file.seek(100)
        file.write(b"\x00")
    monkeypatch.setitem(
        references.REFERENCES, "isbi2012-membranes", replace(packaged, file=damaged)
    )
    with pytest.raises(OSError, match="damaged or was replaced"):
        references.load_reference("isbi2012-membranes")
    gone = replace(packaged, file=tmp_path / "gone.keras")
    monkeypatch.setitem(references.REFERENCES, "isbi2012-membranes", gone)
    with pytest.raises(FileNotFoundError, match="is missing"):
        references.load_reference()
    with pytest.raises(KeyError, match="packaged models are 'dsb2018-nuclei', 'isbi2012-me"):
        references.load_reference("isbi2012")


def test_the_reference_model_finds_membranes_on_held_out_slices():
    held_out = datasets.load_isbi2012("train", indices=range(25, 30))
    model = unet.load_reference()
    f1 = [
        metrics.dice(truth, unet.predict_probability(model, image) > 0.5)
        for image, truth in zip(held_out.images, held_out.membrane, strict=True)
    ]
    # The figure recorded in segutils/unet/weights/README.md; the best threshold gets 0.55.
    assert np.mean(f1) == pytest.approx(REFERENCE_F1, abs=0.002)


def test_each_reference_record_names_its_file_hash():
    for name, packaged in references.REFERENCES.items():
        record = json.loads(packaged.record.read_text(encoding="utf-8"))
        assert record["sha256"] == packaged.sha256, name
        assert record["bytes"] == packaged.file.stat().st_size, name


def test_the_instance_reference_separates_nuclei_on_unseen_test_images():
    packaged = references.REFERENCES["dsb2018-nuclei"]
    record = json.loads(packaged.record.read_text(encoding="utf-8"))
    task = builtin_task("dsb2018-fluorescence")  # trained on task.tune only
    model = unet.load_reference("dsb2018-nuclei")
    assert record["predict_options"] == dict(packaged.predict_options)
    # The seed threshold is the one chosen on the images it was trained on, not on the test,
    # predicted there as it is used (with the eight-view averaging).
    options = dict(packaged.predict_options)
    images, truths = [s.image for s in task.tune], [np.asarray(s.truth) for s in task.tune]
    chosen, _ = unet.choose_interior(
        model,
        images,
        truths,
        min_size=options["min_size"],
        test_time_augmentation=options["test_time_augmentation"],
    )
    assert chosen == options["interior"]
    found, merged = [], []
    for sample in task.test:
        truth = np.asarray(sample.truth)
        # predict_instances(model, image, **options), its probabilities kept for the foreground
        probability = unet.predict_probability(
            model, sample.image, test_time_augmentation=options["test_time_augmentation"]
        )
        seeds = {"min_size": options["min_size"], "interior": options["interior"]}
        found.append(metrics.instance_scores(truth, unet.labels_from_classes(probability, **seeds)))
        foreground = probability.argmax(axis=-1) > 0
        merged.append(metrics.instance_scores(truth, measure.label(foreground)))
    # The figure recorded in segutils/unet/weights/dsb2018_nuclei.json and its README.
    dsb = np.mean([row["dsb_score"] for row in found])
    assert dsb == pytest.approx(record["test_dsb_score"], abs=0.002)
    # The border class is what separates them: the same network's foreground merges more.
    assert np.mean([r["merges"] for r in found]) < np.mean([r["merges"] for r in merged])
    assert dsb > np.mean([row["dsb_score"] for row in merged])
