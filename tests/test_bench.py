"""The benchmark runner: measures by hand, fair tuning, resuming, the command line."""

import hashlib
import json
from typing import Annotated, get_args

import numpy as np
import pytest

from segutils import bench, datasets, params, threshold
from segutils.bench import report, runner, scoring, tasks, tuning
from segutils.bench.tasks import Sample, Task
from segutils.cli import main


def _key(image: np.ndarray) -> str:
    return hashlib.sha256(np.ascontiguousarray(image).tobytes()).hexdigest()


def synthetic_task(kind: str = "instance", n_tune: int = 2, n_test: int = 3) -> Task:
    """A tiny task from the generator, whose truth is exact."""
    made = [
        datasets.synthetic(shape=(96, 96), n_objects=5, difficulty=0.2, seed=s)
        for s in range(n_tune + n_test)
    ]
    truth = (lambda s: s.labels) if kind == "instance" else (lambda s: s.mask)
    samples = [Sample(f"s{i}", s.image, truth(s)) for i, s in enumerate(made)]
    return Task(f"tiny-{kind}", kind, tune=samples[:n_tune], test=samples[n_tune:])


def oracle_for(task: Task) -> tuning.Contender:
    """A method that looks up each image's truth: it must score perfectly on every measure."""
    answers = {_key(s.image): s.truth for s in (*task.tune, *task.test)}

    def oracle(image):
        truth = answers[_key(image)]
        return truth[0] if isinstance(truth, tuple) else truth

    return tuning.Contender("oracle", "test", oracle)


def constant(value: bool) -> tuning.Contender:
    def everywhere(image):
        return np.full(image.shape[:2], value)

    return tuning.Contender(f"constant-{value}", "test", everywhere)


# --- measures on hand-computed cases -------------------------------------------------------


@pytest.mark.parametrize("kind", ["semantic", "instance"])
def test_the_oracle_scores_one_on_every_measure(kind, tmp_path):
    task = synthetic_task(kind)
    cell = runner.evaluate_cell(task, oracle_for(task), budget=1)
    assert cell["scores"] == {measure: 1.0 for measure in task.measures}
    assert cell["failures"] == 0


def test_the_oracle_scores_one_on_regions():
    truth = np.repeat(np.arange(1, 5, dtype=np.int32), 16).reshape(8, 8)
    images = [np.full((8, 8), v, np.float32) for v in (0.2, 0.4)]
    samples = [Sample(f"r{i}", image, (truth, truth)) for i, image in enumerate(images)]
    task = Task("regions", "regions", tune=samples[:1], test=samples[1:])
    scores = runner.evaluate_cell(task, oracle_for(task), budget=1)["scores"]
    assert scores == {"covering": 1.0, "pri": 1.0, "vi": 0.0, "boundary_f": 1.0}


def test_constant_methods_score_what_the_foreground_share_says():
    task = synthetic_task("semantic")
    share = np.mean([s.truth.mean() for s in task.test])
    nothing = runner.evaluate_cell(task, constant(False), budget=1)["scores"]
    assert nothing == {"iou": 0.0, "f1": 0.0}
    everything = runner.evaluate_cell(task, constant(True), budget=1)["scores"]
    # IoU of "all foreground" is the foreground's share of the image; F1 = 2s / (1 + s).
    assert everything["iou"] == pytest.approx(share)
    shares = [s.truth.mean() for s in task.test]
    assert everything["f1"] == pytest.approx(np.mean([2 * s / (1 + s) for s in shares]))


def test_one_region_covers_each_annotation_by_its_share():
    truth = np.zeros((4, 4), np.int32)
    truth[:, 1:] = 1  # regions of 4 and 12 pixels
    scores = scoring.score("regions", (truth,), np.zeros((4, 4), bool))
    # Covering: sum over true regions of |R|/N * IoU(R, whole image) = (4/16)^2 + (12/16)^2.
    assert scores["covering"] == pytest.approx(0.25**2 + 0.75**2)


def test_instance_scores_by_hand():
    truth = np.zeros((10, 10), np.int32)
    truth[1:4, 1:4], truth[6:9, 6:9] = 1, 2
    found = np.zeros((10, 10), bool)
    found[1:4, 1:4] = True  # one of two nuclei, exactly
    scores = scoring.score("instance", truth, found)
    assert scores["f1"] == pytest.approx(2 / 3)  # tp 1, fn 1: 2 * 1 / (2 + 0 + 1)
    assert scores["iou"] == pytest.approx(0.5)
    assert scores["dsb"] == pytest.approx(0.5)  # tp / (tp + fp + fn) at every threshold


def test_touching_labels_stay_apart_and_classes_split_into_components():
    output = np.array([[1, 1, 2, 2, 0, 1]])
    truth = np.array([[1, 1, 2, 2, 0, 3]], dtype=np.int32)
    assert scoring.score("instance", truth, output)["f1"] == 1.0


def test_score_refuses_an_output_of_another_shape():
    with pytest.raises(ValueError, match=r"output is \(3, 3\) but the truth is \(4, 4\)"):
        scoring.score("semantic", np.zeros((4, 4), bool), np.zeros((3, 3), bool))


# --- fair tuning ---------------------------------------------------------------------------


def test_tuning_never_runs_a_test_image_with_a_setting_it_is_not_scored_with():
    task = synthetic_task("semantic")
    test_keys = {_key(s.image) for s in task.test}
    seen = []

    def spy(image, *, level: Annotated[float, params.Range(0.0, 1.0, 0.01)] = 0.5):
        seen.append((_key(image), level))
        return image > level

    contender = tuning.Contender("spy", "test", spy)
    cell = runner.evaluate_cell(task, contender, budget=12)
    allowed = {cell["params"]["level"], contender.defaults["level"]}
    assert {level for key, level in seen if key in test_keys} <= allowed
    assert len({level for key, level in seen if key not in test_keys}) == 12


def test_the_setting_is_chosen_on_the_tuning_truth_not_the_test_truth():
    ramp = np.tile(np.linspace(0, 1, 50, dtype=np.float32), (10, 1))
    tune = [Sample("t", ramp, ramp > 0.3)]
    test = [Sample("x", ramp + 0, ramp > 0.8)]  # a different truth the tuning must not see
    task = Task("ramps", "semantic", tune=tune, test=test)
    manual = tuning.Contender("threshold.manual", "thresholding", threshold.manual)
    cell = runner.evaluate_cell(task, manual, budget=40)
    assert abs(cell["params"]["level"] - 0.3) < 0.05
    assert cell["tune_score"] > 0.9 > cell["scores"]["iou"]


def test_every_candidate_of_every_method_is_a_valid_setting():
    for contender in bench.builtin_contenders():
        for setting in tuning.candidates(contender, 16):
            params.check_params(contender.function, setting)  # raises on any invalid value


def test_candidates_are_reproducible_and_independent_of_the_other_methods():
    a, b = bench.builtin_contenders(["threshold.local", "cluster.kmeans"])
    assert tuning.candidates(a, 8, seed=3) == tuning.candidates(a, 8, seed=3)
    assert tuning.candidates(a, 8, seed=3) != tuning.candidates(a, 8, seed=4)
    assert tuning.candidates(b, 8)[0] == b.defaults


def test_a_refused_setting_is_not_chosen():
    def picky(image, *, level: Annotated[float, params.Range(0.0, 1.0, 0.01)] = 0.5):
        if level > 0.5:
            raise ValueError("level above 0.5 is refused")
        return image > level

    task = synthetic_task("semantic")
    result = tuning.tune(
        tuning.Contender("picky", "t", picky), "semantic", "iou", task.tune, budget=20
    )
    assert result.params["level"] <= 0.5 and result.refused > 0


def test_the_split_depends_on_each_name_alone():
    names = [f"image{i:03d}" for i in range(60)]
    tune, test = tasks.split_names(names, max_tune=100)
    more_tune, _ = tasks.split_names([*names, *(f"new{i}" for i in range(40))], max_tune=100)
    assert set(tune) <= set(more_tune) and not set(more_tune) & set(test)
    assert tasks.split_names(names[::-1], max_tune=100) == (tune, test)
    with pytest.raises(ValueError, match="at least two images"):
        tasks.split_names(["only"])


def test_a_task_refuses_an_image_in_both_splits():
    sample = Sample("a", np.zeros((4, 4), np.float32), np.zeros((4, 4), bool))
    with pytest.raises(ValueError, match="in both tuning and test"):
        Task("t", "semantic", tune=[sample], test=[sample])


# --- resuming and the result files ---------------------------------------------------------


def test_an_interrupted_run_resumes_from_the_cells_it_finished(tmp_path):
    task = synthetic_task("semantic")
    calls = {"first": 0}

    def first(image, *, level: Annotated[float, params.Range(0.0, 1.0, 0.01)] = 0.5):
        calls["first"] += 1
        return image > level

    def interrupted(image):
        raise KeyboardInterrupt

    methods = [tuning.Contender("first", "t", first), tuning.Contender("second", "t", interrupted)]
    with pytest.raises(KeyboardInterrupt):
        bench.run_benchmark([task], methods, tmp_path, budget=4, progress=False)
    done = calls["first"]
    assert (tmp_path / "cells" / task.name / "first.json").is_file()
    assert not [p for p in tmp_path.rglob("*") if p.name.endswith((".part", ".partial"))]
    methods[1] = constant(False)
    cells = bench.run_benchmark([task], methods, tmp_path, budget=4, progress=False)
    assert calls["first"] == done  # loaded, not recomputed
    assert [c["method"] for c in cells] == ["first", "constant-False"]
    bench.run_benchmark([task], methods, tmp_path, budget=5, progress=False)
    assert calls["first"] > done  # another budget is another run: recomputed


def test_a_damaged_cell_is_recomputed(tmp_path):
    task = synthetic_task("semantic")
    methods = [constant(False)]
    bench.run_benchmark([task], methods, tmp_path, budget=1, progress=False)
    path = tmp_path / "cells" / task.name / "constant-False.json"
    path.write_text('{"task": "tiny-sem')
    (cell,) = bench.run_benchmark([task], methods, tmp_path, budget=1, progress=False)
    assert cell["scores"]["iou"] == 0.0 and json.loads(path.read_text())["method"]


def test_result_files_rank_methods_and_quote_published_figures(tmp_path):
    task = synthetic_task("instance")
    cells = bench.run_benchmark(
        [task], [constant(True), oracle_for(task)], tmp_path, budget=1, progress=False
    )
    paths = report.write_results(cells, tmp_path, published={task.name: {"dsb": {"paper": 0.5}}})
    table = report.results_table(cells)
    assert list(report.leaderboard(table, task.name)["method"]) == ["oracle", "constant-True"]
    text = paths["markdown"].read_text()
    assert text.index("| 1 | oracle") < text.index("| 2 | constant-True")
    assert "Published dsb: paper 0.5." in text
    images = report.image_table(cells)
    assert len(images) == 2 * len(task.test) and set(
        images["score"][images.method == "oracle"]
    ) == {1.0}


# --- the command line ----------------------------------------------------------------------


def test_the_command_line_ranks_methods_on_a_built_in_task(tmp_path, capsys):
    out = tmp_path / "results"
    methods = ["threshold.manual", "threshold.cleaned"]
    status = main(
        [
            "bench",
            "--datasets",
            "synthetic-easy",
            "--methods",
            *methods,
            "--budget",
            "3",
            "--out",
            str(out),
            "--no-progress",
        ]
    )
    assert status == 0
    assert "synthetic-easy (dsb): " in capsys.readouterr().out
    assert {p.name for p in out.iterdir()} == {"cells", *report.RESULT_FILES.values()}
    assert "Made by `segutils bench --datasets synthetic-easy" in (out / "results.md").read_text()


def test_the_command_line_refuses_what_it_cannot_do(tmp_path, capsys):
    with pytest.raises(SystemExit):
        main(["bench", "--datasets", "nope", "--out", str(tmp_path / "r")])
    assert "no built-in task 'nope'" in capsys.readouterr().err
    assert main(["bench", "--methods", "region.grow", "--out", str(tmp_path / "r")]) == 1
    assert "needs seed points" in capsys.readouterr().err
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "thesis.docx").write_text("mine")
    with pytest.raises(SystemExit):
        main(["bench", "--datasets", "synthetic-easy", "--out", str(tmp_path / "mine")])
    assert "not benchmark results" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["bench", "--data", str(tmp_path), "--out", str(tmp_path / "inside")])
    assert "never written to" in capsys.readouterr().err
    for option, value in [
        ("--budget", "0"),
        ("--seed", "-5"),
        ("--workers", "0"),
        ("--tune-images", "x"),
    ]:
        with pytest.raises(SystemExit):
            main(["bench", option, value, "--out", str(tmp_path / "r")])
        assert f"argument {option}: " in capsys.readouterr().err
    (tmp_path / "a-file").write_text("")
    with pytest.raises(SystemExit):
        main(["bench", "--datasets", "synthetic-easy", "--out", str(tmp_path / "a-file" / "sub")])
    assert "cannot be written to" in capsys.readouterr().err


def test_every_task_kind_has_its_measures():
    # KINDS gives each kind's measures; the Kind alias is what score() and Task accept.
    assert set(tasks.KINDS) == set(get_args(tasks.Kind))
    with pytest.raises(ValueError, match=r"kind must be one of \['instance', 'membrane'"):
        scoring.score("masks", np.zeros((2, 2), bool), np.zeros((2, 2), bool))


def test_tuning_draws_keep_ordered_controls_in_order():
    (canny,) = bench.builtin_contenders(["edge.canny"])
    drawn = tuning.candidates(canny, 64)
    assert len(drawn) == 64  # rejected draws are replaced, not lost from the budget
    assert all(setting["low"] <= setting["high"] for setting in drawn)
    # Uniform over the ordered pairs: the lows spread over most of the range, not only its start.
    assert max(setting["low"] for setting in drawn) > 0.5
