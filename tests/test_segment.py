"""Batch segmentation (`segutils segment`, segutils.segment.folder): outputs, resume, refusals.

Real images: scikit-image's coins and camera, a generated image with exact truth, and DSB2018
nuclei from the shared data. One Dask LocalCluster of two workers serves the whole module; the
command line reaches it by its scheduler's address, as a user's cluster would be.
"""

import io
import json
import os
import re
import socket
import sys
import threading
import time
import types

import dask.bag
import numpy as np
import pandas as pd
import pytest
import tifffile
from PIL import Image
from skimage import data, measure

from segutils.catalog import by_name
from segutils.cli import main
from segutils.datasets import synthetic
from segutils.files import read_image
from segutils.scale import dask_client
from segutils.segment import check_run, list_inputs, segment_file, segment_files
from segutils.segment.measure import PROPERTIES
from segutils.segment.outputs import Outputs, encode_output
from segutils.segment.settings import batch_method, full_setting, parse_params, tuned_params

LABELS = "watershed.distance_watershed"  # returns int32 labels
MASK = "threshold.global_threshold"  # returns a bool mask
LEADERBOARD = "benchmarks/results/leaderboard/results.csv"


@pytest.fixture(scope="module")
def client():
    """Two worker processes for the module, closed (and their processes ended) at its end."""
    with dask_client(workers=2, memory_limit=None, report=lambda line: None) as client:
        yield client


@pytest.fixture
def images(tmp_path, shared_data):
    """A folder of real images: coins (PNG), camera (JPEG), synthetic (16-bit PNG), two nuclei."""
    folder = tmp_path / "images"
    folder.mkdir()
    Image.fromarray(data.coins()).save(folder / "coins.png")
    Image.fromarray(data.camera()).save(folder / "camera.jpg", quality=90)
    sample = synthetic((128, 128), difficulty=0.0, seed=0)
    Image.fromarray((sample.image * 65535).round().astype(np.uint16)).save(folder / "blobs.png")
    for image in sorted((shared_data / "dsb2018-subset").glob("*/images/*.png"))[:2]:
        (folder / image.name).write_bytes(image.read_bytes())
    return folder


def in_process(path, method, params=None, **reading):
    """The method applied here, to the image as the batch reads it."""
    return by_name(method).function(read_image(path, **reading), **(params or {}))


def output_of(out, path):
    """What the batch wrote for an input: a mask as bool, labels as they are stored."""
    outputs = Outputs(out, path.stem)
    if outputs.mask.is_file():
        return np.asarray(Image.open(outputs.mask)) == 255
    return tifffile.imread(outputs.labels)


def segment(images, method, out, client, **options):
    return segment_files(
        list_inputs(images), method, out=out, client=client, progress=False, **options
    )


@pytest.mark.parametrize("method", [LABELS, MASK])
def test_each_output_is_the_method_applied_to_its_file_in_process(images, tmp_path, client, method):
    out = tmp_path / "out"
    result = segment(images, method, out, client)
    assert result.ok and len(result.written) == 5
    for path in list_inputs(images):
        expected = in_process(path, method)
        written = output_of(out, path)
        if method == MASK:
            assert written.dtype == bool and Outputs(out, path.stem).mask.is_file()
        else:  # labels are stored as the smallest unsigned type that holds them
            assert written.dtype == np.uint16 and Outputs(out, path.stem).labels.is_file()
        np.testing.assert_array_equal(written, expected)


def test_measurements_are_regionprops_of_the_output_on_the_gray_image(images, tmp_path, client):
    out = tmp_path / "out"
    result = segment(images, LABELS, out, client)
    whole = pd.read_csv(out / "objects.csv")
    assert list(whole.columns[:2]) == ["image", "label"]
    assert len(whole) == result.objects == sum(o.objects for o in result.outcomes)
    for path in list_inputs(images):
        expected = pd.DataFrame(
            measure.regionprops_table(
                in_process(path, LABELS),
                intensity_image=read_image(path, gray=True),
                properties=PROPERTIES,
            )
        )
        table = pd.read_csv(Outputs(out, path.stem).objects)
        pd.testing.assert_frame_equal(table, expected, check_dtype=False, rtol=1e-9)
        mine = whole[whole["image"] == path.name].drop(columns="image").reset_index(drop=True)
        pd.testing.assert_frame_equal(mine, table)


def test_a_mask_is_measured_by_its_connected_pieces_and_counts_the_generated_objects(
    images, tmp_path, client
):
    truth = synthetic((128, 128), difficulty=0.0, seed=0).labels  # separate blobs
    result = segment(images, MASK, tmp_path / "out", client)
    blobs = next(o for o in result.outcomes if o.source.endswith("blobs.png"))
    assert blobs.objects == len(np.unique(truth)) - 1
    table = pd.read_csv(tmp_path / "out" / "objects" / "blobs.csv")
    assert table["label"].tolist() == list(range(1, blobs.objects + 1))


def test_a_damaged_file_and_a_text_file_are_named_and_skipped_not_fatal(images, tmp_path, client):
    (images / "notes.txt").write_text("plate layout: A1..H12\n")
    (images / "broken.png").write_bytes((images / "coins.png").read_bytes()[:400])
    result = segment(images, MASK, tmp_path / "out", client)
    failed = {os.path.basename(o.source): o.reason for o in result.failed}
    assert set(failed) == {"notes.txt", "broken.png"}
    assert all("Could not decode" in reason for reason in failed.values())
    assert len(result.written) == 5 and not result.ok
    summary = result.summary()
    assert "notes.txt: ValueError" in summary and "broken.png: ValueError" in summary
    assert set(pd.read_csv(tmp_path / "out" / "objects.csv")["image"]) == {
        path.name for path in list_inputs(images) if path.suffix != ".txt"
    } - {"broken.png"}


def test_a_run_resumes_skipping_finished_outputs_and_redoing_partial_ones(images, tmp_path, client):
    out = tmp_path / "out"
    segment(images, LABELS, out, client)
    before = {p.name: p.stat().st_mtime_ns for p in (out / "labels").iterdir()}
    # Stopped after coins' image and before its measurements; camera's image cut short and a
    # temporary file left by a killed write: neither is finished.
    Outputs(out, "coins").objects.unlink()
    camera = Outputs(out, "camera")
    camera.labels.write_bytes(camera.labels.read_bytes()[:100])
    camera.objects.unlink()
    leftover = out / "labels" / ".camera.tif.x1y2.part"
    leftover.write_bytes(b"II*\x00")

    result = segment(images, LABELS, out, client)

    status = {os.path.basename(o.source): o.status for o in result.outcomes}
    assert status["coins.png"] == status["camera.jpg"] == "written"
    assert [name for name, s in status.items() if s == "finished"] == sorted(
        name for name in status if name not in ("coins.png", "camera.jpg")
    )
    assert not leftover.exists()
    after = {p.name: p.stat().st_mtime_ns for p in (out / "labels").iterdir()}
    for name in before.keys() - {"coins.tif", "camera.tif"}:
        assert after[name] == before[name]  # finished outputs are not rewritten
    for path in list_inputs(images):
        np.testing.assert_array_equal(output_of(out, path), in_process(path, LABELS))
    assert result.objects == len(pd.read_csv(out / "objects.csv"))


def test_twelve_bit_images_are_read_stretched_when_asked_and_warned_about_otherwise(
    tmp_path, client, shared_data
):
    folder = tmp_path / "microscope"
    folder.mkdir()
    for image in sorted((shared_data / "dsb2018-subset").glob("*/images/*.png"))[:2]:
        twelve_bit = (read_image(image, gray=True) * 4095).round().astype(np.uint16)
        Image.fromarray(twelve_bit).save(folder / image.name)
    dark = segment_files(list_inputs(folder), MASK, out=tmp_path / "dark", client=client)
    assert all(
        "nearly black" in o.notes[0] and "pass stretch=True" in o.notes[0] for o in dark.written
    )
    assert "Warnings (the images were segmented):" in dark.summary()

    stretched = segment_files(
        list_inputs(folder), MASK, out=tmp_path / "out", client=client, stretch=True, progress=False
    )
    assert stretched.ok and not any(o.notes for o in stretched.outcomes)
    for path in list_inputs(folder):
        np.testing.assert_array_equal(
            output_of(tmp_path / "out", path), in_process(path, MASK, stretch=True)
        )
    recorded = json.loads((tmp_path / "out" / "settings.json").read_text())
    assert recorded["reading"] == {"stretch": True, "drop_alpha": False}
    with pytest.raises(ValueError, match="stretch=True"):  # read otherwise: another run
        check_run(list_inputs(folder), MASK, out=tmp_path / "out")


def test_the_command_advises_its_own_option_for_a_twelve_bit_image(tmp_path, client, capsys):
    folder = tmp_path / "microscope"
    folder.mkdir()
    Image.fromarray(data.coins().astype(np.uint16) * 16).save(folder / "coins.png")
    address = client.scheduler.address
    assert cli(folder, "--method", MASK, "--out", tmp_path / "dark", "--scheduler", address) == 0
    shown = capsys.readouterr().out
    assert "coins.png: This uint16 image uses values up to" in shown and "add --stretch" in shown
    words = [folder, "--method", MASK, "--out", tmp_path / "out", "--scheduler", address]
    assert cli(*words, "--stretch") == 0
    shown = capsys.readouterr().out
    assert "(--stretch)" in shown and "Warnings" not in shown


def test_without_a_client_a_local_cluster_is_started_for_the_call(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    Image.fromarray(data.coins()).save(folder / "coins.png")
    result = segment_files(list_inputs(folder), MASK, out=tmp_path / "out", progress=False)
    assert result.ok and result.objects == len(pd.read_csv(tmp_path / "out" / "objects.csv"))


def test_an_input_that_fails_when_redone_keeps_no_older_output(images, tmp_path, client):
    out = tmp_path / "out"
    segment(images, MASK, out, client)
    (images / "coins.png").write_bytes(b"replaced by something that is not an image")
    result = segment(images, MASK, out, client, overwrite=True)
    assert [os.path.basename(o.source) for o in result.failed] == ["coins.png"]
    assert not Outputs(out, "coins").finished() and not Outputs(out, "coins").mask.exists()
    again = segment(images, MASK, out, client)  # resumed: coins is not taken for finished
    assert [os.path.basename(o.source) for o in again.failed] == ["coins.png"]


def test_another_setting_never_overwrites_outputs_unless_asked(images, tmp_path, client):
    out = tmp_path / "out"
    segment(images, "threshold.manual", out, client, params={"level": 0.3})
    kept = {p.name: p.read_bytes() for p in (out / "masks").iterdir()}
    with pytest.raises(ValueError, match=r"holds the outputs of threshold\.manual with level=0\.3"):
        segment(images, "threshold.manual", out, client, params={"level": 0.6})
    assert {p.name: p.read_bytes() for p in (out / "masks").iterdir()} == kept

    result = segment(images, "threshold.manual", out, client, params={"level": 0.6}, overwrite=True)
    assert len(result.written) == 5
    for path in list_inputs(images):
        np.testing.assert_array_equal(
            output_of(out, path), in_process(path, "threshold.manual", {"level": 0.6})
        )
    assert json.loads((out / "settings.json").read_text())["params"]["level"] == 0.6


def test_a_folder_of_other_files_is_not_written_into_unless_asked(images, tmp_path):
    out = tmp_path / "results"
    out.mkdir()
    (out / "thesis.docx").write_bytes(b"mine")
    with pytest.raises(ValueError, match="segutils segment did not write"):
        check_run(list_inputs(images), MASK, out=out)
    assert check_run(list_inputs(images), MASK, out=out, overwrite=True) == {
        "method": "otsu",
        "invert": False,
    }


@pytest.mark.parametrize("inside", [".", "segmented", "segmented/deeper"])
def test_an_output_folder_in_the_input_folder_is_refused(images, inside):
    with pytest.raises(ValueError, match="is inside the input folder"):
        check_run(list_inputs(images), MASK, out=images / inside)


def test_an_output_folder_that_would_write_into_an_input_folder_is_refused(tmp_path):
    (tmp_path / "labels").mkdir()  # the inputs are in a folder named as an output folder
    with pytest.raises(ValueError, match="or writes into it"):
        check_run([tmp_path / "labels" / "a.png"], MASK, out=tmp_path)
    assert check_run([tmp_path / "images" / "a.png"], MASK, out=tmp_path / "segmented")


def test_an_input_listed_twice_is_refused(images, tmp_path):
    coins = images / "coins.png"
    with pytest.raises(ValueError, match="listed more than once"):
        check_run([coins, images / ".." / "images" / "coins.png"], MASK, out=tmp_path / "out")


def test_two_inputs_with_one_output_name_are_refused(images, tmp_path):
    (images / "coins.tif").write_bytes(b"")
    with pytest.raises(ValueError, match="would both write outputs named 'coins'"):
        check_run(list_inputs(images), MASK, out=tmp_path / "out")


def test_a_dask_bag_of_paths_and_the_one_file_task_give_the_same_outputs(images, tmp_path, client):
    paths = [str(path) for path in list_inputs(images)]
    result = segment_files(
        dask.bag.from_sequence(paths, npartitions=2),
        MASK,
        out=tmp_path / "bag",
        client=client,
        progress=False,
    )
    assert [o.source for o in result.outcomes] == paths and result.ok
    single = segment_file(paths[0], MASK, out=tmp_path / "one")
    assert single.status == "written" and single.objects == result.outcomes[0].objects
    np.testing.assert_array_equal(
        output_of(tmp_path / "one", list_inputs(images)[0]),
        output_of(tmp_path / "bag", list_inputs(images)[0]),
    )


def test_a_method_that_refuses_an_image_fails_that_file_only(tmp_path):
    Image.fromarray(np.full((32, 32), 128, np.uint8)).save(tmp_path / "flat.png")
    outcome = segment_file(tmp_path / "flat.png", MASK, out=tmp_path / "out")
    assert outcome.status == "failed" and "ValueError" in outcome.reason


def test_a_glob_lists_matches_and_a_folder_lists_its_own_files(images):
    (images / "sub").mkdir()
    (images / "sub" / "deep.png").write_bytes(b"")
    (images / ".DS_Store").write_bytes(b"")
    assert "deep.png" not in {p.name for p in list_inputs(images)}
    assert ".DS_Store" not in {p.name for p in list_inputs(images)}
    assert [p.name for p in list_inputs(images / "**" / "deep.png")] == ["deep.png"]
    assert [p.name for p in list_inputs(images / "*.jpg")] == ["camera.jpg"]
    with pytest.raises(FileNotFoundError, match="No file matches"):
        list_inputs(images / "*.bmp")


@pytest.mark.parametrize(
    ("high", "dtype"), [(65535, np.uint16), (65536, np.uint32), (2**32 - 1, np.uint32)]
)
def test_labels_are_stored_in_the_smallest_type_that_holds_them(high, dtype):
    labels = np.array([[0, 1], [2, high]], np.int64)
    stored = tifffile.imread(io.BytesIO(encode_output(labels)))
    assert stored.dtype == dtype
    np.testing.assert_array_equal(stored, labels)


def test_parameters_are_read_by_their_own_type():
    local = batch_method("threshold.local")
    assert parse_params(
        local, ["block_size=31.0", "method=mean", "invert=YES", "offset=-1e-2"]
    ) == {
        "block_size": 31,
        "method": "mean",
        "invert": True,
        "offset": -0.01,
    }
    for word, message in [
        ("block_size=30", "not on its grid"),
        ("block_size=31.5", "whole number"),
        ("method=median2", "is not one of"),
        ("invert=maybe", "true or false"),
        ("offset=high", "is a number"),
        ("radius=3", "has no parameter 'radius'. Its parameters are: block_size, offset"),
        ("block_size", "is not KEY=VALUE"),
    ]:
        with pytest.raises(ValueError, match=message):
            parse_params(local, [word])
    with pytest.raises(ValueError, match="needs seed points"):
        batch_method("watershed.sobel_from_seeds")
    with pytest.raises(ValueError, match="No method 'threshold.magic'"):
        batch_method("threshold.magic")


def test_the_tuned_setting_is_read_from_a_leaderboard_results_file():
    table = pd.read_csv(LEADERBOARD)
    row = table[(table["method"] == "threshold.manual") & (table["task"] == "dsb2018-stained")]
    expected = json.loads(row["params"].iloc[0])
    assert tuned_params(LEADERBOARD, "threshold.manual", "dsb2018-stained") == expected
    assert full_setting(batch_method("threshold.manual"), expected) == expected
    with pytest.raises(ValueError, match="ranks threshold.manual on 7 tasks"):
        tuned_params(LEADERBOARD, "threshold.manual")
    with pytest.raises(ValueError, match=r"does not rank threshold\.manual on task 'coins'"):
        tuned_params(LEADERBOARD, "threshold.manual", "coins")


def cli(*words):
    return main(["segment", *map(str, words)])


def test_the_command_segments_a_folder_with_a_tuned_setting_overridden_by_a_param(
    images, tmp_path, client, capsys
):
    (images / "notes.txt").write_text("not an image")
    out = tmp_path / "out"
    words = [images, "--method", "threshold.local", "--out", out, "--scheduler"]
    words += [client.scheduler.address, "--params-from", LEADERBOARD, "--task", "dsb2018-stained"]
    tuned = tuned_params(LEADERBOARD, "threshold.local", "dsb2018-stained")

    assert cli(*words, "--param", "offset=0.1") == 1  # notes.txt failed
    shown = capsys.readouterr().out
    assert "dashboard http" in shown and "notes.txt: ValueError" in shown
    assert "5 segmented, 0 already finished, 1 failed" in shown
    setting = {**tuned, "offset": 0.1}
    assert tuned["offset"] != 0.1  # the --param overrides the tuned value
    assert json.loads((out / "settings.json").read_text())["params"] == setting
    for path in list_inputs(images):
        if path.suffix != ".txt":
            np.testing.assert_array_equal(
                output_of(out, path), in_process(path, "threshold.local", setting)
            )

    assert cli(*words, "--param", "offset=0.1") == 1  # the same run: resumed
    assert "0 segmented, 5 already finished, 1 failed" in capsys.readouterr().out
    (images / "notes.txt").unlink()
    assert cli(*words, "--param", "offset=0.1") == 0

    with pytest.raises(SystemExit) as stopped:  # another setting: refused, outputs kept
        cli(*words)
    assert stopped.value.code == 2
    assert "--overwrite" in capsys.readouterr().err
    assert cli(*words, "--overwrite") == 0
    assert json.loads((out / "settings.json").read_text())["params"] == tuned


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--workers", "1", "--scheduler", "tcp://127.0.0.1:1"], "not both"),
        (["--task", "dsb2018-stained"], "--task chooses a row of --params-from"),
        (["--params-from", LEADERBOARD], "ranks threshold.manual on 7 tasks"),
        (["--params-from", LEADERBOARD, "--task", "x"], "does not rank threshold.manual on task"),
        (["--param", "level=1.5"], "--param level=1.5: .*outside its range"),
        (["--method", "unet.model"], "--method: No method 'unet.model'"),
        (["--method", "region.grow"], "needs seed points"),
        # no port, or the dashboard's web link: refused before any cluster, not a traceback
        (["--scheduler", "nonsense"], "--scheduler: 'nonsense' is not a Dask scheduler's address"),
        (["--scheduler", "http://127.0.0.1:8787"], "Dask does not speak 'http'"),
        (["--method", "Threshold.Manual"], "Did you mean 'threshold.manual'"),
        (["--method", "threshold.globl"], "Did you mean .*'threshold.global_threshold'"),
    ],
)
def test_the_command_refuses_bad_options_before_any_work(images, tmp_path, capsys, extra, message):
    with pytest.raises(SystemExit) as stopped:
        cli(images, "--method", "threshold.manual", "--out", tmp_path / "out", *extra)
    assert stopped.value.code == 2
    assert re.search(message, capsys.readouterr().err)
    assert not (tmp_path / "out").exists()


def test_the_command_refuses_to_write_into_the_input_folder(images, capsys):
    with pytest.raises(SystemExit):
        cli(images, "--method", MASK, "--out", images / "segmented")
    assert "is inside the input folder" in capsys.readouterr().err
    assert not (images / "segmented").exists()


def test_a_missing_source_is_named(tmp_path, capsys):
    with pytest.raises(SystemExit):
        cli(tmp_path / "nowhere", "--method", MASK, "--out", tmp_path / "out")
    assert "No folder at" in capsys.readouterr().err


@pytest.fixture
def tiled_calls(monkeypatch):
    """The tiled path (segutils.segment.tiles) replaced by a recorder of what it is handed."""
    calls = []

    class Tiled:
        def summary(self):
            return "segmented in tiles"

    def segment_tiled(
        source, method, params, out, *, chunk=2048, client=None, overwrite=False, progress=False
    ):
        calls.append((source, method, params, out, chunk, client is not None, overwrite))
        return Tiled()

    from segutils.segment.tiles import store_path  # the command checks it before a cluster

    tiles = types.ModuleType("segutils.segment.tiles")
    tiles.segment_tiled = segment_tiled
    tiles.store_path = store_path
    monkeypatch.setitem(sys.modules, "segutils.segment.tiles", tiles)
    return calls


@pytest.mark.parametrize("name", ["slide.tif", "mosaic.zarr"])
def test_one_image_file_or_zarr_store_goes_to_the_tiled_path(
    tmp_path, client, capsys, tiled_calls, name
):
    source = tmp_path / name
    if name.endswith(".zarr"):
        source.mkdir()
    else:
        tifffile.imwrite(source, data.coins())
    words = [source, "--method", "threshold.manual", "--param", "level=0.3", "--out"]
    words += [tmp_path / "out", "--chunk", "512", "--scheduler", client.scheduler.address]
    assert cli(*words) == 0
    assert tiled_calls == [
        (
            source,
            "threshold.manual",
            {"level": 0.3, "invert": False},
            tmp_path / "out",
            512,
            True,
            False,
        )
    ]
    assert "segmented in tiles" in capsys.readouterr().out


def test_the_tiled_path_refuses_an_output_in_the_store_and_the_folder_options(
    tmp_path, capsys, tiled_calls
):
    store = tmp_path / "mosaic.zarr"
    store.mkdir()
    for extra, message in [
        (["--out", store / "labels"], "is inside"),
        (["--out", tmp_path / "out", "--stretch"], "apply to a folder of images"),
    ]:
        with pytest.raises(SystemExit):
            cli(store, "--method", MASK, *extra)
        assert message in capsys.readouterr().err
    assert tiled_calls == []


# careless-user trial


def test_params_from_a_folder_or_a_binary_file_is_named_with_the_fix(images, tmp_path, capsys):
    bench = tmp_path / "bench"
    bench.mkdir()
    (bench / "results.csv").write_text(open(LEADERBOARD, encoding="utf-8").read())
    (tmp_path / "binary.csv").write_bytes(b"\xff\xfe\x00not text")
    for source, message in [
        (bench, f"is a folder, not a results file; pass {bench / 'results.csv'}"),
        (tmp_path / "binary.csv", "binary.csv is not a leaderboard's results.csv: it is not a CSV"),
    ]:
        with pytest.raises(SystemExit) as stopped:
            cli(images, "--method", MASK, "--out", tmp_path / "out", "--params-from", source)
        assert stopped.value.code == 2
        assert message in capsys.readouterr().err
    with pytest.raises(ValueError, match="not a CSV text file"):
        tuned_params(tmp_path / "binary.csv", MASK)


def test_tiles_smaller_than_the_floor_are_refused_before_a_cluster(tmp_path, capsys):
    # 16-pixel tiles of a 128 x 128 image took 45 s (dask-image's label on 64 tiles), 8 hung
    image = tmp_path / "coins.png"
    Image.fromarray(data.coins()).save(image)
    with pytest.raises(SystemExit) as stopped:
        cli(image, "--method", MASK, "--out", tmp_path / "out", "--chunk", "8")
    assert stopped.value.code == 2
    assert "--chunk 8 is too small: give at least 64 pixels" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_a_text_file_is_named_without_a_memory_address(tmp_path):
    (tmp_path / "notes.txt").write_text("not an image")
    outcome = segment_file(tmp_path / "notes.txt", MASK, out=tmp_path / "out")
    assert outcome.status == "failed"
    assert "cannot identify image file notes.txt" in outcome.reason
    assert "0x" not in outcome.reason


def test_careless_python_calls_are_read_as_meant_or_refused_with_the_fix(images, tmp_path):
    method = batch_method("threshold.manual")
    # one KEY=VALUE string is one word, not its letters; a method by its name
    assert parse_params(method, "level=0.3") == {"level": 0.3}
    assert parse_params("threshold.manual", ["level=0.3"]) == {"level": 0.3}
    assert tuned_params(LEADERBOARD, method, "dsb2018-stained") == tuned_params(
        LEADERBOARD, "threshold.manual", "dsb2018-stained"
    )
    with pytest.raises(TypeError, match="params is a mapping .* parse_params"):
        check_run(list_inputs(images), "threshold.manual", "level=0.3", out=tmp_path / "out")
    # a folder as one string is the folder's files (it was read as its letters, "/" a folder)
    assert check_run(str(images), MASK, out=tmp_path / "out") == full_setting(batch_method(MASK))
    with pytest.raises(ValueError, match="the list of paths is empty"):
        segment_files([], MASK, out=tmp_path / "out", progress=False)  # before any cluster
    (tmp_path / "empty").mkdir()
    with pytest.raises(ValueError, match="empty' holds no files"):
        segment_files(tmp_path / "empty", MASK, out=tmp_path / "out", progress=False)
    assert not (tmp_path / "out").exists()


def test_a_folder_as_one_path_is_segmented_as_its_files(images, tmp_path, client):
    result = segment_files(images, MASK, out=tmp_path / "out", client=client, progress=False)
    assert [outcome.source for outcome in result.outcomes] == list(map(str, list_inputs(images)))


def test_the_leaderboard_refuses_a_scheduler_address_without_a_port(tmp_path, capsys):
    with pytest.raises(SystemExit) as stopped:  # it was a ValueError's traceback
        main(["bench", "--scheduler", "nonsense", "--out", str(tmp_path / "out")])
    assert stopped.value.code == 2
    assert "--scheduler: 'nonsense' is not a Dask scheduler's address" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_a_service_that_is_no_scheduler_is_named_not_a_memory_error():
    # Another protocol's bytes, read by Dask as a message length of exabytes (MemoryError)
    with socket.create_server(("127.0.0.1", 0)) as server:

        def answer():
            connection, _ = server.accept()
            with connection:
                connection.sendall(b"HTTP/1.1 200 OK\r\n\r\n" + b"\xff" * 64)
                time.sleep(1)

        threading.Thread(target=answer, daemon=True).start()
        address = f"tcp://127.0.0.1:{server.getsockname()[1]}"
        with pytest.raises(OSError, match="No Dask scheduler answered at .*8787 is the dashboard"):
            with dask_client(address, report=lambda line: None):
                pass


@pytest.mark.parametrize(
    ("word", "second"), [("level=0.3,invert=true", "invert"), ("level=0.3 invert=true", "invert")]
)
def test_several_values_in_one_param_are_refused_with_one_param_each(word, second):
    # it was "level is a number, not '0.3,invert=true'"
    with pytest.raises(
        ValueError, match=f"give each parameter its own --param, .*--param {second}="
    ):
        parse_params(batch_method("threshold.manual"), [word])


def test_a_folder_of_subfolders_advises_a_recursive_glob(tmp_path, capsys):
    (tmp_path / "plate" / "a1").mkdir(parents=True)
    Image.fromarray(data.coins()).save(tmp_path / "plate" / "a1" / "coins.png")
    with pytest.raises(SystemExit) as stopped:
        cli(tmp_path / "plate", "--method", MASK, "--out", tmp_path / "out")
    assert stopped.value.code == 2
    assert (
        f"subfolders are not searched; give a quoted glob such as '{tmp_path}/plate/**/*.png'"
        in capsys.readouterr().err
    )
