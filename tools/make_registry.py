"""Write segutils/datasets/hashes/*.txt: the SHA-256 of every file of the reference datasets.

The hashes are taken from the identical files in ../shared/data (the same commits the download
URLs pin), so a user's download is checked against exactly what the tests ran on. Each file is a
pooch registry, written by :func:`pooch.make_registry` (``path sha256-digest`` per line) and read
by :meth:`pooch.Pooch.load_registry`. Every dataset of ``segutils.datasets.DATASETS`` gets one.

Usage: python tools/make_registry.py [path/to/shared/data]
"""

import sys
from pathlib import Path

import pooch

from segutils.datasets import DATASETS

REGISTRY = Path(__file__).resolve().parents[1] / "segutils" / "datasets" / "hashes"


def main() -> None:
    root = Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/data").resolve()
    REGISTRY.mkdir(exist_ok=True)
    for name in DATASETS:
        output = REGISTRY / f"{name}.txt"
        pooch.make_registry(root / name, output)
        print(f"{name}: {len(output.read_text().splitlines())} files")


if __name__ == "__main__":
    main()
