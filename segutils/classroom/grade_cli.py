"""``segutils grade``: grade a folder of submissions offline, each in its own sandboxed process.

Writes OUT (default: SUBMISSIONS-graded/) with ``scores.csv``, ``feedback/`` and ``written/``,
the instructor's ``marks.csv`` there merged in (see :mod:`segutils.classroom.report`), with the
bundles ``segutils assign`` wrote (``--assignments DIR``, default ``./assignments``). Submissions
are graded on Dask workers (a LocalCluster of ``--jobs`` workers, or the cluster at
``--scheduler``); a progress bar and one line per finished submission say how it goes, and each
finished submission is recorded at once in ``OUT/rows/`` (:mod:`.records`) with ``scores.csv``
brought up to date, so ``--resume`` continues a stopped run. Needs
``pip install "segutils[classroom]"``; docs/instructor.md is the guide.
"""

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .grade import Row

__all__ = ["DESCRIPTION", "add_arguments", "run"]

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
        metavar="N",
        help="grade N submissions at once on a Dask LocalCluster of N workers started here "
        "(default: one per CPU)",
    )
    parser.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="grade on the Dask cluster whose scheduler is at ADDRESS (tcp://host:8786) "
        "instead; its workers need segutils[classroom]",
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
        metavar="S",
        help="seconds per cell (default: 5 times the longest cell of the assignment's reference "
        "notebook, at least 30, measured once per mode)",
    )
    parser.add_argument(
        "--memory-gb",
        type=float,
        default=8.0,
        metavar="G",
        help="GiB per grading process (default: 8)",
    )
    again = parser.add_mutually_exclusive_group()
    again.add_argument(
        "--resume",
        action="store_true",
        help="continue grading into an existing OUT: submissions finished there, and unchanged "
        "since, are kept",
    )
    again.add_argument(
        "--overwrite",
        action="store_true",
        help="grade every submission again into an existing OUT (your marks file is kept)",
    )


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
        0 when every submission was graded and every mark of ``marks.csv`` counted; 1 when a
        submission was not graded or a line of ``marks.csv`` was not counted (the end of the
        output says which, and what to do); 2 when the folders given are wrong (nothing is
        graded then); 130 when stopped with Ctrl-C.

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
    from tqdm import tqdm

    from . import not_graded, records
    from .grade import Limits, grade_submissions
    from .report import remove_outputs, write_outputs
    from .sandbox import landlock_abi
    from .submissions import find

    out = args.out or args.submissions.with_name(args.submissions.name + "-graded")
    try:
        found = find(args.submissions)
    except (NotADirectoryError, FileNotFoundError) as error:
        return _error(str(error))
    if out.exists() and not (args.resume or args.overwrite):
        return _error(
            f"{out} exists. Pass --resume to continue grading into it (finished submissions are "
            "kept), or pass --overwrite to grade them all again, or --out DIR."
        )
    if not args.assignments.is_dir():
        return _error(
            f"no built assignments at {args.assignments.resolve()}. Run segutils assign first, "
            "from the repository root, or pass --assignments DIR."
        )
    if args.scheduler and args.jobs is not None:
        return _error(
            "pass --scheduler ADDRESS or --jobs N, not both: a cluster has its own workers."
        )
    if args.jobs is not None and args.jobs < 1:
        return _error(f"--jobs must be at least 1, not {args.jobs}.")
    if landlock_abi() == 0:
        print(
            "warning: this kernel has no Landlock: submissions are not confined to their "
            "scratch folder while graded.",
            file=sys.stderr,
        )
    if args.overwrite:
        records.clear(out)
        remove_outputs(out)  # not the whole folder: the instructor's marks.csv stays
    finished = records.load(out) if args.resume else {}
    if finished:
        print(f"resuming {out}: {len(finished)} submission(s) on record; changed ones are regraded")
    known = {}
    bar = None  # the progress bar, from the start of grading

    def start_bar(pending: int) -> None:
        """Start the progress bar past the submissions already known (kept, or not gradable).

        Its rate and time left then count graded submissions only, not the ones known in no time.
        """
        nonlocal bar
        bar = tqdm(
            total=len(known) + pending,
            initial=len(known),
            unit="submission",
            desc="grading",
            file=sys.stderr,
        )

    def say(line: str) -> None:
        """Print a line above the progress bar."""
        tqdm.write(line, file=sys.stdout)

    def report(row: "Row") -> None:
        """Record a row the moment it is known, say it, and bring scores.csv up to date."""
        known[row.student] = row
        if bar is not None:
            bar.update()
        if row is finished.get(row.student):
            return
        records.save(row, out)
        say(_summary(row))
        write_outputs([known[student] for student in sorted(known)], out)

    limits = Limits(args.timeout, args.cell_timeout, args.memory_gb)
    try:
        try:
            rows = grade_submissions(
                found,
                args.assignments,
                assignment=args.assignment,
                limits=limits,
                scheduler=args.scheduler,
                jobs=args.jobs,
                finished=finished,
                on_row=report,
                on_start=start_bar,
                report=say,
            )
        finally:  # the bar's last state first, then what follows
            if bar is not None:
                bar.close()
    except KeyboardInterrupt:
        print(
            f"stopped: {len(known)} of {len(found)} submissions are recorded in {out}; run the "
            "same command with --resume to grade the rest.",
            file=sys.stderr,
        )
        return 130
    except (OSError, ValueError) as error:  # no scheduler at the address, a wrong option
        return _error(str(error))
    problems = write_outputs(rows, out)  # with every row: the marks' problems are final
    graded = sum(row.status == "graded" for row in rows)
    print(f"{graded} of {len(rows)} submissions graded: {out / 'scores.csv'}")
    for row in rows:
        if row.status != "graded":
            print(f"  {row.student}: {row.status}")
            print(f"    To do: {not_graded.what_to_do(row.student, row.status)}.")
    if problems:
        lines = "1 line" if len(problems) == 1 else f"{len(problems)} lines"
        verb = "is" if len(problems) == 1 else "are"
        print(f"{lines} of {out / 'marks.csv'} {verb} not counted:")
        for problem in problems:
            print(f"  {problem}")
    return 0 if graded == len(rows) and not problems else 1


def _summary(row: "Row") -> str:
    """One line for a finished submission: student, score, seconds, status; or why not graded."""
    if not row.questions:  # nothing was scored: no 0/0
        took = f" after {row.seconds:.0f} s" if row.seconds else ""
        return f"{row.student}: not graded{took}: {row.status}"
    score = sum(q["score"] for q in row.questions.values())
    possible = sum(q["possible"] for q in row.questions.values())
    return f"{row.student}: {score:g}/{possible:g} in {row.seconds:.0f} s, {row.status}"
