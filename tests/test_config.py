import sys

import pytest

from segutils import config


@pytest.mark.parametrize(
    ("value", "quick"),
    [("1", True), ("yes", True), ("0", False), ("false", False), ("", False), (None, False)],
)
def test_quick_mode_is_read_from_the_environment(monkeypatch, value, quick):
    if value is None:
        monkeypatch.delenv("SEGUTILS_QUICK", raising=False)
    else:
        monkeypatch.setenv("SEGUTILS_QUICK", value)
    assert config.is_quick() is quick
    assert config.mode_banner().startswith("Mode: quick" if quick else "Mode: full")


def test_data_root_and_cache(monkeypatch, tmp_path):
    monkeypatch.setenv("SEGUTILS_DATA", str(tmp_path))
    assert config.data_root() == tmp_path.resolve()
    monkeypatch.setenv("SEGUTILS_DATA", str(tmp_path / "missing"))
    with pytest.raises(NotADirectoryError, match="SEGUTILS_DATA"):
        config.data_root()
    monkeypatch.setenv("SEGUTILS_CACHE", str(tmp_path / "cache"))
    assert config.cache_dir() == (tmp_path / "cache").resolve()


def test_an_environments_shared_data_folder_is_the_cache_when_nothing_is_set(monkeypatch, tmp_path):
    # A class server's image fetches the datasets into <prefix>/share/segutils/data (the hand-out
    # repository's postBuild); an installed segutils, outside any checkout, reads them there.
    monkeypatch.delenv("SEGUTILS_CACHE", raising=False)
    monkeypatch.setattr(config, "_PROJECT_DATA", tmp_path / "not-a-checkout")
    monkeypatch.setattr(sys, "prefix", str(tmp_path / "env"))
    shared = tmp_path / "env" / "share" / "segutils" / "data"
    assert config.cache_dir() != shared  # absent: the operating system's cache folder
    shared.mkdir(parents=True)
    assert config.cache_dir() == shared
    monkeypatch.setenv("SEGUTILS_CACHE", str(tmp_path / "mine"))
    assert config.cache_dir() == (tmp_path / "mine").resolve()
