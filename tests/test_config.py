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
