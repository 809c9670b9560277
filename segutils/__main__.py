"""Command line: ``python -m segutils fetch [DATASET ...]`` downloads reference datasets.

Files are checked against the hashes in ``segutils/datasets/hashes`` and kept in the cache, so
that the notebooks then run offline. With ``SEGUTILS_DATA`` set nothing is downloaded: that
folder is used.
"""

from __future__ import annotations

import argparse
import sys

from . import config
from .datasets.downloads import DATASETS, dataset_files, resolve


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    parser = argparse.ArgumentParser(prog="python -m segutils", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    fetch = commands.add_parser("fetch", help="download reference datasets into the cache")
    fetch.add_argument(
        "datasets",
        nargs="*",
        metavar="DATASET",
        help=f"any of {', '.join(DATASETS)} (default: all)",
    )
    args = parser.parse_args(argv)
    unknown = [name for name in args.datasets if name not in DATASETS]
    if unknown:
        parser.error(f"unknown dataset {unknown[0]!r}; choose from {', '.join(DATASETS)}")

    root = config.data_root()
    if root is not None:
        print(f"{config.DATA_ENV}={root}: the notebooks read the datasets there; nothing to fetch.")
        return 0
    for dataset in args.datasets or list(DATASETS):
        try:
            files = resolve(dataset, dataset_files(dataset), None)
        except ConnectionError as error:
            print(f"error: {error}", file=sys.stderr)
            return 1
        print(f"{dataset}: {len(files)} files verified in {config.cache_dir() / dataset}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
