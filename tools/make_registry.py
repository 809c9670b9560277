"""Write segutils/datasets/hashes/*.txt: the SHA-256 of every file of the reference datasets.

The hashes are taken from the identical files in ../shared/data (the same commits the download
URLs pin), so a user's download is checked against exactly what the tests ran on. Each file is a
pooch registry (``path sha256-digest`` per line, sorted by path, as :func:`pooch.make_registry`
writes it) read by :meth:`pooch.Pooch.load_registry`. Every dataset of
``segutils.datasets.DATASETS`` gets one. A dataset whose reference folder lacks some published
files (CamVid's test split) names a hash list in its ``Source.hash_list``: ``sha256sum`` lines
for those files, added to the registry; the list itself is not a file of the dataset.

Usage: python tools/make_registry.py [path/to/shared/data]
"""

import sys
import tempfile
from pathlib import Path

import pooch

from segutils.datasets import DATASETS

REGISTRY = Path(__file__).resolve().parents[1] / "segutils" / "datasets" / "hashes"


def registry_lines(folder: Path, hash_list: str | None) -> list[str]:
    """``path digest`` lines of every file in ``folder``, plus those of ``hash_list``, sorted."""
    with tempfile.TemporaryDirectory() as tmp:
        written = Path(tmp) / "registry.txt"
        pooch.make_registry(folder, written)
        entries = dict(line.split() for line in written.read_text().splitlines())
    if hash_list is not None:
        del entries[hash_list]
        for line in (folder / hash_list).read_text().splitlines():
            digest, path = line.split()
            if path in entries and entries[path] != digest:
                raise ValueError(f"{hash_list} and the file {path} disagree on its hash.")
            entries[path] = digest
    return [f"{path} {entries[path]}" for path in sorted(entries)]


def main() -> None:
    root = Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/data").resolve()
    REGISTRY.mkdir(exist_ok=True)
    for name, source in DATASETS.items():
        output = REGISTRY / f"{name}.txt"
        lines = registry_lines(root / name, source.hash_list)
        output.write_text("".join(line + "\n" for line in lines))
        print(f"{name}: {len(lines)} files")


if __name__ == "__main__":
    main()
