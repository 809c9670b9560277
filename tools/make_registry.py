"""Write segutils/datasets/hashes/*.txt: the SHA-256 of every file of the reference datasets.

The hashes are taken from the identical files in ../shared/data (the same commits the download
URLs pin), so a user's download is checked against exactly what the tests ran on.

Usage: python tools/make_registry.py [path/to/shared/data]
"""

import hashlib
import sys
from pathlib import Path

DATASETS = ("isbi2012-membrane", "dsb2018-subset", "bsds500-val")
REGISTRY = Path(__file__).resolve().parents[1] / "segutils" / "datasets" / "hashes"


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def main() -> None:
    root = Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/data").resolve()
    REGISTRY.mkdir(exist_ok=True)
    for name in DATASETS:
        files = sorted(p for p in (root / name).rglob("*") if p.is_file())
        lines = [f"{p.relative_to(root / name).as_posix()} sha256:{sha256(p)}\n" for p in files]
        (REGISTRY / f"{name}.txt").write_text("".join(lines))
        print(f"{name}: {len(lines)} files")


if __name__ == "__main__":
    main()
