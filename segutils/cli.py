"""The ``segutils`` command line: one sub-command per job, each imported only when it runs.

``segutils fetch`` downloads the reference datasets, ``segutils bench`` ranks the methods,
``segutils segment`` applies one of them to a folder of images, ``segutils assign`` /
``segutils grade`` build and grade the classroom's assignments, and ``segutils handout`` writes
the repository a class server's image is built from (``python -m segutils ...`` is the same
program). Each command lives beside the code it drives (:mod:`segutils.datasets.cli`,
:mod:`segutils.bench.cli`, :mod:`segutils.segment.cli`, :mod:`segutils.classroom.assign_cli`,
:mod:`segutils.classroom.grade_cli`, :mod:`segutils.classroom.handout`) and provides two
functions:

- ``add_arguments(parser)``, which adds the command's options to its ``argparse`` parser;
- ``run(args)``, which does the work and returns the exit status. It raises
  :class:`UsageError` for a bad combination of options, which is reported with the command's
  usage, as ``argparse`` reports its own errors. ``args.argv`` holds the words after
  ``segutils``, for a record of the run.

Only the module of the command being run is imported, so ``segutils fetch --help`` does not load
the leaderboard, pandas or TensorFlow.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from dataclasses import dataclass

__all__ = ["COMMANDS", "Command", "UsageError", "main"]


class UsageError(Exception):
    """Options that cannot go together, or name something that does not exist.

    A command raises it; :func:`main` prints the command's usage and the message, and exits
    with status 2, as ``argparse`` does for its own errors. It is not a ``ValueError``, so that
    a command's handling of bad data never swallows it.

    Examples
    --------
    >>> raise UsageError("give either --data or --datasets, not both")
    Traceback (most recent call last):
    ...
    segutils.cli.UsageError: give either --data or --datasets, not both

    References
    ----------
    Python documentation, ``argparse.ArgumentParser.error``,
    https://docs.python.org/3/library/argparse.html#exiting-methods
    """


@dataclass(frozen=True)
class Command:
    """A sub-command: the module that implements it and its one-line summary.

    Attributes
    ----------
    module : str
        Dotted name of the module that implements the command.
    summary : str
        What the command does, shown by ``segutils --help`` without importing ``module``.
    """

    module: str
    summary: str


#: Every sub-command, in the order ``segutils --help`` lists them.
COMMANDS: dict[str, Command] = {
    "fetch": Command(
        "segutils.datasets.cli", "download the reference datasets into the cache, hash-checked"
    ),
    "bench": Command(
        "segutils.bench.cli",
        "rank every method on every dataset with ground truth (or on your own folder)",
    ),
    "segment": Command(
        "segutils.segment.cli",
        "segment a folder of images (or one large image) with one method and setting, on Dask",
    ),
    "assign": Command(
        "segutils.classroom.assign_cli",
        "build otter-grader assignments from the notebooks (needs the [classroom] extra)",
    ),
    "grade": Command(
        "segutils.classroom.grade_cli",
        "grade a folder of submitted notebooks offline (needs the [classroom] extra)",
    ),
    "handout": Command(
        "segutils.classroom.handout",
        "write the hand-out repository a class server's image is built from (no answers)",
    ),
}


def _chosen(words: list[str]) -> str | None:
    """The sub-command the words name: the first word that is not an option."""
    first = next((word for word in words if not word.startswith("-")), None)
    return first if first in COMMANDS else None


def main(argv: list[str] | None = None) -> int:
    """Run the ``segutils`` command line and return its exit status.

    Parameters
    ----------
    argv : list of str, optional
        The words after ``segutils`` (default: ``sys.argv[1:]``).

    Returns
    -------
    int
        The exit status: 0 on success. Bad options exit through ``argparse`` with status 2.

    Examples
    --------
    >>> main(["fetch", "--help"])  # doctest: +ELLIPSIS +NORMALIZE_WHITESPACE
    Traceback (most recent call last):
    ...
    SystemExit: 0

    References
    ----------
    Python documentation, ``argparse`` sub-commands,
    https://docs.python.org/3/library/argparse.html#sub-commands
    """
    words = sys.argv[1:] if argv is None else list(argv)
    parser = argparse.ArgumentParser(
        prog="segutils",
        description="Segmentation notebooks' command line. `segutils COMMAND --help` tells more.",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    chosen = _chosen(words)
    module = None
    for name, command in COMMANDS.items():
        sub = commands.add_parser(name, help=command.summary, description=command.summary)
        if name == chosen:
            module = _load(command, parser)
            module.add_arguments(sub)
    args = parser.parse_args(words)
    args.argv = words
    try:
        return module.run(args)
    except UsageError as error:
        commands.choices[args.command].error(str(error))


def _load(command: Command, parser: argparse.ArgumentParser):
    """Import a command's module, or explain which optional extra provides it."""
    try:
        return importlib.import_module(command.module)
    except ModuleNotFoundError as error:
        if error.name and not error.name.startswith("segutils"):
            parser.error(
                f"this command needs {error.name!r}, which is not installed; install the "
                'extra it names (for example `pip install "segutils[classroom]"`)'
            )
        raise
