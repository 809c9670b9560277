"""The pixel classifier's leaderboard rows: trained on the tuning truth, scored on the tests."""

import numpy as np
import pandas as pd
import pytest

from segutils import datasets, hints, params
from segutils.bench import learned
from segutils.bench.tasks import Sample, Task
from segutils.cli import main


def tiny_task(kind: str = "instance") -> Task:
    made = [
        datasets.synthetic(shape=(96, 96), n_objects=5, difficulty=0.1, seed=s) for s in range(4)
    ]
    samples = [Sample(f"s{i}", s.image, s.labels) for i, s in enumerate(made)]
    return Task("tiny", kind, tune=samples[:3], test=samples[3:])


def test_the_classifier_row_is_trained_on_the_tuning_truth_scored_and_reused(tmp_path, monkeypatch):
    task = tiny_task()
    (cell,) = learned.classifier_cells(task, tmp_path)
    assert cell["method"] == learned.CLASSIFIER and cell["family"] == "hints"
    assert cell["params"]["train_images"] == 3 and cell["params"]["train_seconds"] >= 0
    assert set(cell["scores"]) == {"dsb", "f1", "iou"}
    # Easy blobs with their whole truth as strokes: the forest must find them.
    assert cell["scores"]["iou"] > 0.9
    assert cell["peak_mib"] > 0 and cell["seconds_per_megapixel"] > 0
    # The row is what the classifier gives when a person calls it the same way.
    strokes = [np.where(s.truth > 0, params.OBJECT, params.BACKGROUND) for s in task.tune]
    model = hints.fit_pixel_classifier([s.image for s in task.tune], strokes, seed=0)
    found = model.predict(task.test[0].image) > 0
    assert cell["images"][0]["iou"] == pytest.approx(
        float((found & (task.test[0].truth > 0)).sum() / (found | (task.test[0].truth > 0)).sum())
    )

    def no_training(*args, **kwargs):
        raise AssertionError("a saved cell with the same settings must be reused")

    monkeypatch.setattr(hints, "fit_pixel_classifier", no_training)
    (again,) = learned.classifier_cells(task, tmp_path)
    assert again["scores"] == cell["scores"]


def test_a_regions_task_gets_no_classifier_row(tmp_path):
    truth = np.zeros((8, 8), np.int32)
    samples = [Sample(n, np.zeros((8, 8), np.float32), (truth,)) for n in "ab"]
    task = Task("photos", "regions", tune=samples[:1], test=samples[1:])
    assert learned.classifier_cells(task, tmp_path) == []


def test_the_command_line_adds_the_classifier_row_when_asked(tmp_path, capsys):
    out = tmp_path / "results"
    status = main(
        [
            "bench",
            "--datasets",
            "synthetic-easy",
            "--methods",
            "threshold.manual",
            learned.CLASSIFIER,
            "--budget",
            "2",
            "--out",
            str(out),
            "--no-progress",
        ]
    )
    assert status == 0, capsys.readouterr().err
    table = pd.read_csv(out / "results.csv")
    assert set(table["method"]) == {"threshold.manual", learned.CLASSIFIER}
    assert (out / "cells" / "synthetic-easy" / f"{learned.CLASSIFIER}.json").is_file()
