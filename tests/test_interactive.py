"""The simulated user, the click sessions, NoC and ``segutils bench --interactive``.

Real objects (a DSB2018 nucleus, an ISBI cell) and exact truth; small images, so it stays fast.
"""

from pathlib import Path

import imageio.v3 as iio
import numpy as np
import pandas as pd
import pytest
from scipy import ndimage as ndi

from segutils import catalog, cli
from segutils.bench import objects
from segutils.bench.clicker import Click, next_click
from segutils.bench.clicks_needed import clicks_to_reach, iou_curves, noc_table
from segutils.bench.interactive import click_session, interactive_contenders
from segutils.bench.prompting import hints_from_clicks, object_mask, prompting_of
from segutils.params import BACKGROUND, OBJECT


@pytest.fixture(scope="module")
def nucleus(shared_data):
    """One real nucleus of DSB2018 with its surroundings, and its exact mask."""
    from segutils.datasets import load_dsb2018

    sample = sorted(load_dsb2018(root=shared_data), key=lambda s: s.id)[0]
    label = objects._typical(sample.labels)
    return objects.crop_around(sample.image, sample.labels == label)


def _depth(region):
    return ndi.distance_transform_edt(np.pad(region, 1))[1:-1, 1:-1]


def test_the_first_click_lands_at_the_distance_transform_maximum(nucleus):
    _, truth = nucleus
    click = next_click(truth)
    depth = _depth(truth)
    assert click.positive
    assert truth[click.row, click.col]
    assert depth[click.row, click.col] == depth.max() == click.depth
    # Ties go to the first pixel in row-major order: the user is deterministic.
    assert (click.row, click.col) == np.unravel_index(np.argmax(depth), truth.shape)


def test_a_missed_chunk_larger_than_a_false_sliver_gets_a_positive_click_inside_it(nucleus):
    _, truth = nucleus
    rows = np.flatnonzero(truth.any(axis=1))
    prediction = truth.copy()
    prediction[rows[len(rows) // 2] :] = False  # the lower half of the nucleus missed
    sliver = ndi.binary_dilation(truth) & ~truth  # a one-pixel false ring around it
    prediction |= sliver
    click = next_click(truth, prediction)
    missed = truth & ~prediction
    assert click.positive
    assert missed[click.row, click.col]
    assert click.depth == _depth(missed).max() > 1.0


def test_a_false_blob_deeper_than_any_miss_gets_a_negative_click_inside_it(nucleus):
    _, truth = nucleus
    prediction = ndi.binary_dilation(truth, iterations=6)  # a thick false band around it
    prediction[next_click(truth)[:2]] = True
    click = next_click(truth, prediction)
    false = prediction & ~truth
    assert not click.positive
    assert false[click.row, click.col]
    assert click.depth == _depth(false).max()


def test_a_clicked_pixel_is_never_clicked_again_and_a_perfect_mask_gets_no_click(nucleus):
    _, truth = nucleus
    first = next_click(truth)
    clicked = np.zeros_like(truth)
    clicked[first.row, first.col] = True
    second = next_click(truth, None, clicked)
    assert (second.row, second.col) != (first.row, first.col)
    assert next_click(truth, truth.copy()) is None


def test_masks_that_are_not_bool_are_refused_with_the_fix():
    with pytest.raises(ValueError, match="mask > 0 for labels"):
        next_click(np.ones((4, 4), np.int32))


def test_noc_is_20_when_never_reached_and_1_when_the_first_click_suffices():
    assert clicks_to_reach([0.1] * 20, 0.9) == 20
    assert clicks_to_reach([0.3, 0.5], 0.85) == 20  # a session that stopped early, not reached
    assert clicks_to_reach([0.91], 0.9) == 1
    assert clicks_to_reach([0.5, 0.84, 0.85], 0.85) == 3


def test_a_method_answering_the_truth_needs_one_click_and_one_answering_nothing_twenty(nucleus):
    image, truth = nucleus

    def oracle(image, seeds=None):
        return truth.astype(np.int32)

    def nothing(image, seeds=None):
        return np.zeros(truth.shape, np.int32)

    right = click_session(oracle, image, truth, prompting="seeds")
    wrong = click_session(nothing, image, truth, prompting="seeds")
    assert [r["iou"] for r in right] == [1.0]
    assert len(wrong) == 20 and all(r["iou"] == 0.0 for r in wrong)
    rows = [
        {"task": "t", "method": name, "prompting": "seeds", "object": "n", **record}
        for name, records in (("oracle", right), ("nothing", wrong))
        for record in records
    ]
    table = noc_table(rows).set_index("method")
    assert table.loc["oracle", ["noc85", "noc90", "failed90"]].tolist() == [1, 1, 0]
    assert table.loc["nothing", ["noc85", "noc90", "failed90"]].tolist() == [20, 20, 1]
    curve = iou_curves(rows).query("method == 'oracle'")["mean_iou"]
    assert len(curve) == 20 and (curve == 1.0).all()  # the stopped user keeps the mask


def test_a_method_that_needs_a_background_stroke_gets_a_negative_click_next(nucleus):
    image, truth = nucleus
    walker = catalog.by_name("hints.random_walker").function
    records = click_session(walker, image, truth)
    assert records[0]["positive"] and "at least 2 labels" in records[0]["refused"]
    assert records[0]["iou"] == 0.0
    assert not records[1]["positive"] and records[1]["refused"] == ""
    assert not truth[records[1]["row"], records[1]["col"]]
    assert records[1]["iou"] > 0.5  # one click of each label: the walk finds the nucleus


def test_box_methods_start_from_the_truths_box_and_seeds_put_negatives_first(nucleus):
    _, truth = nucleus
    grabcut = catalog.by_name("hints.grabcut").function
    assert prompting_of(grabcut) == "box"
    clicks = [next_click(truth), Click(0, 0, False, 1.0)]
    hints = hints_from_clicks(clicks, truth, "box")
    rows, cols = np.nonzero(truth)
    assert hints["box"].tolist() == [rows.min(), cols.min(), rows.max() + 1, cols.max() + 1]
    assert hints["scribbles"][clicks[0].row, clicks[0].col] == OBJECT
    assert hints["scribbles"][0, 0] == BACKGROUND
    # A stroke never leaves its error region: the object disc stays inside the nucleus.
    assert truth[hints["scribbles"] == OBJECT].all()
    seeds = hints_from_clicks(clicks, truth, "seeds")["seeds"]
    assert seeds.tolist() == [[0, 0], [clicks[0].row, clicks[0].col]]
    labels = np.array([[1, 2, 0]])
    assert object_mask(labels, clicks, "seeds").tolist() == [[False, True, False]]


def test_the_interactive_board_holds_exactly_the_methods_that_take_hints():
    names = {c.name for c in interactive_contenders()}
    assert {"region.grow", "watershed.sobel_from_seeds", "hints.grabcut"} <= names
    assert "threshold.global_threshold" not in names
    with pytest.raises(KeyError, match="without --interactive"):
        interactive_contenders(["threshold.global_threshold"])


def test_builtin_objects_are_whole_single_objects_in_small_crops(shared_data):
    task = objects.builtin_object_task("isbi2012-cells", count=2)
    assert len(task.objects) == 2
    for sample in task.objects:
        assert max(sample.image.shape[:2]) <= objects.MAX_SIDE
        assert ndi.label(sample.truth)[1] == 1
        # The margin keeps the object clear of the crop's edge.
        assert not (sample.truth[0].any() or sample.truth[-1].any())


def test_the_cli_runs_on_a_tiny_task_and_resumes(tmp_path, capsys):
    out = tmp_path / "clicks"
    argv = ["bench", "--interactive", "--datasets", "synthetic", "--objects", "1"]
    argv += ["--methods", "region.grow", "hints.grabcut", "--out", str(out), "--no-progress"]
    assert cli.main(argv) == 0
    printed = capsys.readouterr().out
    assert "synthetic-blobs: hints.grabcut NoC@85" in printed
    noc = pd.read_csv(out / "noc.csv")
    assert set(noc["method"]) == {"region.grow", "hints.grabcut"}
    assert ((noc["noc90"] >= 1) & (noc["noc90"] <= 20)).all()
    markdown = (out / "results.md").read_text()
    assert "segutils bench --interactive --datasets synthetic" in markdown
    assert "The sets differ" in markdown or "**The sets differ**" in markdown
    assert (out / "results.png").stat().st_size > 0
    saved = sorted(out.glob("clicks/*/*/*.json"))
    stamps = [path.stat().st_mtime_ns for path in saved]
    assert cli.main(argv) == 0  # a second run reads the saved sessions back
    assert [path.stat().st_mtime_ns for path in saved] == stamps
    assert pd.read_csv(out / "noc.csv").equals(noc)


def test_interactive_options_without_interactive_are_refused(tmp_path, capsys):
    with pytest.raises(SystemExit):
        cli.main(["bench", "--clicks", "5", "--out", str(tmp_path / "x")])
    assert "--clicks go with --interactive" in capsys.readouterr().err


def _folder(root: Path, masks: dict[str, np.ndarray]) -> Path:
    for sub in ("images", "masks"):
        (root / sub).mkdir(parents=True)
    for name, mask in masks.items():
        image = (40 + 120 * (mask > 0)).astype(np.uint8)
        iio.imwrite(root / "images" / f"{name}.png", image)
        iio.imwrite(root / "masks" / f"{name}.png", mask)
    return root


def test_data_with_two_objects_in_a_mask_is_refused_saying_how_to_fix_it(tmp_path, capsys):
    one = np.zeros((24, 24), np.uint8)
    one[4:12, 4:12] = 1
    two = one.copy()
    two[14:20, 14:20] = 2
    data = _folder(tmp_path / "data", {"a": one, "b": two})
    code = cli.main(["bench", "--interactive", "--data", str(data), "--out", str(tmp_path / "o")])
    err = capsys.readouterr().err
    assert code == 1
    assert "masks/b.png: 2 objects (values 1, 2)" in err
    assert "exactly one object per mask" in err and "Save one mask per object" in err
    assert "masks/a.png" not in err


def test_data_with_one_object_in_pieces_is_one_object(tmp_path):
    pieces = np.zeros((24, 24), np.uint8)
    pieces[2:8, 2:8] = 255
    pieces[14:20, 14:20] = 255  # one object, two pieces (as an occluded object)
    labelled = np.zeros((24, 24), np.uint8)
    labelled[4:12, 4:12] = 3
    data = _folder(tmp_path / "data", {"a": pieces, "b": labelled})
    task = objects.folder_object_task(data)
    assert [int(s.truth.sum()) for s in task.objects] == [72, 64]


@pytest.mark.parametrize(
    ("options", "said"),
    [
        (["--stop-at", "0.5"], "--stop-at 0.5 must lie in [0.9, 1]"),
        (["--workers", "2"], "--workers belong to the leaderboard"),
        (["--datasets", "nuclei-of-mars"], "no single-object task 'nuclei-of-mars'"),
    ],
)
def test_interactive_options_that_cannot_work_are_refused(tmp_path, capsys, options, said):
    with pytest.raises(SystemExit):
        cli.main(["bench", "--interactive", *options, "--out", str(tmp_path / "o")])
    assert said in capsys.readouterr().err


def test_an_out_folder_of_other_files_is_refused(tmp_path, capsys):
    (tmp_path / "notes.txt").write_text("mine")
    with pytest.raises(SystemExit):
        cli.main(["bench", "--interactive", "--out", str(tmp_path)])
    assert "not interactive results" in capsys.readouterr().err
