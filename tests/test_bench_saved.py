"""The saved leaderboard that notebook 08 reads: found from a checkout, or a clear message."""

import shutil

import pytest

from segutils.bench.saved import (
    CLICKS_ENV,
    COMMITTED,
    COMMITTED_CLICKS,
    LEADERBOARD_ENV,
    saved_clicks,
    saved_leaderboard,
)


def test_a_notebooks_folder_on_its_own_is_told_what_is_missing_and_how_to_get_it(
    tmp_path, monkeypatch
):
    monkeypatch.setenv(LEADERBOARD_ENV, str(tmp_path / "nowhere"))
    with pytest.raises(FileNotFoundError) as refused:
        saved_leaderboard()
    message = str(refused.value)
    assert "results.csv, images.csv, results.md" in message and str(tmp_path) in message
    assert "benchmarks/results/leaderboard/" in message and LEADERBOARD_ENV in message


def test_a_copy_named_by_the_variable_is_read_with_its_command(tmp_path, monkeypatch):
    monkeypatch.delenv(LEADERBOARD_ENV, raising=False)
    committed = saved_leaderboard()  # the project's own run, found from this checkout
    assert committed.folder.as_posix().endswith(COMMITTED.as_posix())
    copy = tmp_path / "leaderboard"
    shutil.copytree(committed.folder, copy, ignore=shutil.ignore_patterns("cells", "models"))
    monkeypatch.setenv(LEADERBOARD_ENV, str(copy))
    read = saved_leaderboard()
    assert read.folder == copy and read.command == committed.command
    assert read.results.equals(committed.results) and len(read.per_image) > len(read.results)
    (copy / "images.csv").unlink()  # a half copy is not a saved run
    with pytest.raises(FileNotFoundError, match="was not found"):
        saved_leaderboard()


def test_the_interactive_run_is_found_or_its_absence_explained(tmp_path, monkeypatch):
    monkeypatch.delenv(CLICKS_ENV, raising=False)
    committed = saved_clicks()  # the project's own run, found from this checkout
    assert committed.folder.as_posix().endswith(COMMITTED_CLICKS.as_posix())
    assert "segutils bench --interactive" in committed.command
    assert {"task", "method"} <= set(committed.noc.columns)
    copy = tmp_path / "interactive"
    shutil.copytree(committed.folder, copy)
    monkeypatch.setenv(CLICKS_ENV, str(copy))
    assert saved_clicks().noc.equals(committed.noc)
    (copy / "noc.csv").unlink()  # a half copy is not a saved run
    with pytest.raises(FileNotFoundError) as refused:
        saved_clicks()
    message = str(refused.value)
    assert "clicks.csv, noc.csv, results.md" in message and str(copy) in message
    assert "benchmarks/results/interactive/" in message and CLICKS_ENV in message
