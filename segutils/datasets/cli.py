"""``segutils fetch``: download the reference datasets once, hash-checked, for offline use.

``segutils fetch [DATASET ...]`` downloads into the cache (every dataset but the optional ones,
CamVid, unless named) (:func:`segutils.config.cache_dir`);
``--verify`` checks every file already there (the ``SEGUTILS_DATA`` folder or the cache) against
its pinned hash. With ``SEGUTILS_DATA`` set nothing is downloaded: that folder is used.
"""

from __future__ import annotations

import argparse
import sys

from .. import config
from ..cli import UsageError
from .sources import DATASETS

__all__ = ["add_arguments", "run"]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the ``fetch`` options to its parser.

    Parameters
    ----------
    parser : argparse.ArgumentParser
        The ``fetch`` sub-command's parser.

    Examples
    --------
    >>> parser = argparse.ArgumentParser(prog="segutils fetch")
    >>> add_arguments(parser)
    >>> parser.parse_args(["--verify", "isbi2012-membrane"]).datasets
    ['isbi2012-membrane']

    References
    ----------
    Python documentation, ``argparse``, https://docs.python.org/3/library/argparse.html
    """
    parser.add_argument(
        "datasets",
        nargs="*",
        metavar="DATASET",
        help=f"any of {', '.join(DATASETS)} (default: all but the optional "
        f"{', '.join(name for name, source in DATASETS.items() if source.optional)})",
    )
    parser.add_argument(
        "--verify", action="store_true", help="check every file on disk against its pinned hash"
    )


def run(args: argparse.Namespace) -> int:
    """Download (or, with ``--verify``, check) the chosen datasets; return the exit status.

    Parameters
    ----------
    args : argparse.Namespace
        The parsed options: ``datasets`` and ``verify``.

    Returns
    -------
    int
        0 when every file is present and as published, 1 otherwise.

    Examples
    --------
    >>> from segutils.cli import main
    >>> main(["fetch", "--verify", "isbi2012-membrane"])  # doctest: +SKIP
    isbi2012-membrane: 90 of 90 files as published, in ...
    0

    References
    ----------
    pooch, "Fetching files from a registry", https://www.fatiando.org/pooch/latest/registry.html
    """
    from .downloads import dataset_files, resolve

    unknown = [name for name in args.datasets if name not in DATASETS]
    if unknown:
        raise UsageError(f"unknown dataset {unknown[0]!r}; choose from {', '.join(DATASETS)}")
    chosen = args.datasets or [name for name, source in DATASETS.items() if not source.optional]
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
    from .downloads import dataset_files, verify_dataset

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
            "`segutils fetch` (or restore them in your folder).",
            file=sys.stderr,
        )
    return 1 if bad else 0
