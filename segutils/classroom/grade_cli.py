"""``segutils grade``: grade a folder of submissions offline, each in its own sandboxed process.

Writes OUT (default: SUBMISSIONS-graded/) with ``scores.csv``, ``feedback/`` and ``written/``,
the instructor's ``marks.csv`` there merged in (see :mod:`segutils.classroom.report`), with the
bundles ``segutils assign`` wrote (``--assignments DIR``, default ``./assignments``). Needs
``pip install "segutils[classroom]"``; docs/instructor.md is the guide.
"""

import argparse
import os
import sys
from pathlib import Path

__all__ = ["DESCRIPTION", "add_arguments", "main", "run"]

DESCRIPTION = "grade a folder of submissions offline, each in its own sandboxed process"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the options of ``segutils grade`` to ``parser``.

    Parameters
    ----------
    parser : argparse.ArgumentParser
        The command's parser.

    Examples
    --------
    >>> parser = argparse.ArgumentParser()
    >>> add_arguments(parser)
    >>> parser.parse_args(["submissions-00", "--jobs", "2"]).jobs
    2

    References
    ----------
    Python documentation, "argparse", https://docs.python.org/3/library/argparse.html
    """
    parser.add_argument(
        "submissions", type=Path, metavar="SUBMISSIONS", help="one file or folder per student"
    )
    parser.add_argument("--out", type=Path, metavar="DIR", help="default: SUBMISSIONS-graded")
    parser.add_argument(
        "--assignments",
        type=Path,
        default=Path("assignments"),
        metavar="DIR",
        help="where segutils assign wrote the bundles (default: ./assignments)",
    )
    parser.add_argument(
        "--assignment", metavar="NAME", help="grade all as this assignment (e.g. 00_intro)"
    )
    parser.add_argument(
        "--jobs",
        type=int,
        default=os.cpu_count() or 1,
        metavar="N",
        help="submissions graded at once (default: the number of CPUs)",
    )
    parser.add_argument(
        "--timeout",
        type=float,
        default=1200,
        metavar="S",
        help="seconds per submission (default: 1200)",
    )
    parser.add_argument(
        "--cell-timeout",
        type=float,
        default=600,
        metavar="S",
        help="seconds per cell (default: 600)",
    )
    parser.add_argument(
        "--memory-gb",
        type=float,
        default=8.0,
        metavar="G",
        help="GiB per grading process (default: 8)",
    )
    parser.add_argument("--overwrite", action="store_true", help="replace an existing OUT")


def _error(message: str) -> int:
    """Say what is wrong on stderr; the exit status of a usage error."""
    print(f"error: {message}", file=sys.stderr)
    return 2


def run(args: argparse.Namespace) -> int:
    """Grade the folder ``args`` names and write the results.

    Parameters
    ----------
    args : argparse.Namespace
        Parsed by a parser that :func:`add_arguments` set up.

    Returns
    -------
    int
        0 when every submission was graded, 1 when one was not, 2 when the folders given are
        wrong (nothing is graded then).

    Examples
    --------
    >>> parser = argparse.ArgumentParser()
    >>> add_arguments(parser)
    >>> run(parser.parse_args(["nowhere"]))
    2

    References
    ----------
    otter-grader, "Non-containerized grading",
    https://otter-grader.readthedocs.io/en/latest/otter_run/index.html
    """
    from .grade import Limits, grade_submissions
    from .report import remove_outputs, write_outputs
    from .sandbox import landlock_abi
    from .submissions import find

    out = args.out or args.submissions.with_name(args.submissions.name + "-graded")
    try:
        found = find(args.submissions)
    except (NotADirectoryError, FileNotFoundError) as error:
        return _error(str(error))
    if out.exists() and not args.overwrite:
        return _error(f"{out} exists; pass --overwrite to replace it, or --out DIR.")
    if not args.assignments.is_dir():
        return _error(
            f"no built assignments at {args.assignments.resolve()}. Run segutils assign first, "
            "from the repository root, or pass --assignments DIR."
        )
    if landlock_abi() == 0:
        print(
            "warning: this kernel has no Landlock: submissions are not confined to their "
            "scratch folder while graded.",
            file=sys.stderr,
        )
    limits = Limits(args.timeout, args.cell_timeout, args.memory_gb)
    rows = grade_submissions(
        found, args.assignments, assignment=args.assignment, jobs=args.jobs, limits=limits
    )
    remove_outputs(out)  # not the whole folder: the instructor's marks.csv stays
    problems = write_outputs(rows, out)
    graded = sum(row.status == "graded" for row in rows)
    print(f"{graded} of {len(rows)} submissions graded: {out / 'scores.csv'}")
    for row in rows:
        if row.status != "graded":
            print(f"  {row.student}: {row.status}")
    if problems:
        print(f"{len(problems)} lines of {out / 'marks.csv'} not counted; correct them:")
        for problem in problems:
            print(f"  {problem}")
    return 0 if graded == len(rows) else 1


def main(argv: list[str] | None = None) -> int:
    """Run ``segutils grade`` on ``argv``: also ``python -m segutils.classroom.grade_cli``.

    Parameters
    ----------
    argv : list of str, optional
        The arguments (default: the process's).

    Returns
    -------
    int
        The exit status of :func:`run`.

    Examples
    --------
    >>> main(["nowhere"])
    2

    References
    ----------
    Python documentation, "__main__", https://docs.python.org/3/library/__main__.html
    """
    parser = argparse.ArgumentParser(prog="segutils grade", description=DESCRIPTION)
    add_arguments(parser)
    return run(parser.parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
