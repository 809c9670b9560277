"""Command line: ``python -m segutils fetch`` gets reference datasets, ``bench`` ranks methods.

``python -m segutils fetch [--verify] [DATASET ...]`` downloads; ``python -m segutils bench
[--methods ...] [--datasets ...] [--data DIR] [--out DIR]`` runs the leaderboard (see
:mod:`segutils.bench.cli`).

Files are checked against the hashes in ``segutils/datasets/hashes`` and kept in the cache, so
that the notebooks then run offline. With ``SEGUTILS_DATA`` set nothing is downloaded: that
folder is used. ``--verify`` checks every file already there (folder or cache) against its hash.
"""

from __future__ import annotations

import argparse
import sys

from . import config
from .bench import cli as bench_cli
from .datasets.downloads import DATASETS, dataset_files, resolve, verify_dataset


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
    fetch.add_argument(
        "--verify", action="store_true", help="check every file on disk against its pinned hash"
    )
    bench_cli.add_parser(commands)
    words = sys.argv[1:] if argv is None else list(argv)
    args = parser.parse_args(words)
    if args.command == "bench":
        return bench_cli.run(args, commands.choices["bench"], words)
    unknown = [name for name in args.datasets if name not in DATASETS]
    if unknown:
        parser.error(f"unknown dataset {unknown[0]!r}; choose from {', '.join(DATASETS)}")

    chosen = args.datasets or list(DATASETS)
    if args.verify:
        return _verify(chosen)
    root = config.data_root()
    if root is not None:
        print(f"{config.DATA_ENV}={root}: the notebooks read the datasets there; nothing to fetch.")
        return 0
    for dataset in chosen:
        try:
            files = resolve(dataset, dataset_files(dataset), None)
        except OSError as error:  # ConnectionError (offline) or the cache's file system
            print(f"error: {error}", file=sys.stderr)
            return 1
        print(f"{dataset}: {len(files)} files verified in {config.cache_dir() / dataset}")
    return 0


def _verify(datasets: list[str]) -> int:
    """Check every file of ``datasets`` where they are kept; print what is wrong."""
    where = config.data_root() or config.cache_dir()
    bad = 0
    for dataset in datasets:
        problems = verify_dataset(dataset)
        bad += len(problems)
        for line in problems:
            print(f"{dataset}: {line}", file=sys.stderr)
        count = len(dataset_files(dataset))
        print(f"{dataset}: {count - len(problems)} of {count} files as published, in {where}")
    if bad:
        print(
            f"{bad} file(s) missing or damaged: delete the damaged ones and run "
            "`python -m segutils fetch` (or restore them in your folder).",
            file=sys.stderr,
        )
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
