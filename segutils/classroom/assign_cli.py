"""``segutils assign``: build the otter assignments of the notebooks with exercises.

Run it from the repository root (or pass ``--notebooks DIR``). For each notebook it writes
``OUT/<name>/`` (see :func:`segutils.classroom.assignments.build`) and copies the student
notebook into ``OUT/handout/``, the folder to hand out: no solutions, no hidden checks.
Needs ``pip install "segutils[classroom]"``; docs/instructor.md is the guide.
"""

import argparse
import shutil
import sys
from pathlib import Path

__all__ = ["DESCRIPTION", "add_arguments", "run"]

DESCRIPTION = "build student notebooks and autograder bundles from the notebooks with exercises"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the options of ``segutils assign`` to ``parser``.

    Parameters
    ----------
    parser : argparse.ArgumentParser
        The command's parser.

    Examples
    --------
    >>> parser = argparse.ArgumentParser()
    >>> add_arguments(parser)
    >>> parser.parse_args(["00_intro"]).names
    ['00_intro']

    References
    ----------
    Python documentation, "argparse", https://docs.python.org/3/library/argparse.html
    """
    parser.add_argument(
        "names",
        nargs="*",
        metavar="NOTEBOOK",
        help="notebook names such as 00_intro (default: every notebook with exercises)",
    )
    parser.add_argument(
        "--notebooks",
        type=Path,
        default=Path("notebooks"),
        metavar="DIR",
        help="the notebooks, with checks/ and solutions/ beside them (default: ./notebooks)",
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=Path("assignments"),
        metavar="DIR",
        help="where the assignments are written (default: ./assignments)",
    )
    parser.add_argument(
        "--run-tests",
        action="store_true",
        help="otter grades each solutions notebook against every check (slow)",
    )


def run(args: argparse.Namespace) -> int:
    """Build the assignments ``args`` name.

    Parameters
    ----------
    args : argparse.Namespace
        Parsed by a parser that :func:`add_arguments` set up.

    Returns
    -------
    int
        0 when every assignment was built, 1 when one was not, 2 when the notebooks are not
        found.

    Examples
    --------
    >>> parser = argparse.ArgumentParser()
    >>> add_arguments(parser)
    >>> run(parser.parse_args(["--notebooks", "nowhere"]))
    2

    References
    ----------
    otter-grader, "Otter Assign", https://otter-grader.readthedocs.io/en/latest/otter_assign/
    """
    folder = args.notebooks
    if not folder.is_dir():
        print(
            f"error: no notebooks folder at {folder.resolve()}. Run segutils assign from the "
            "repository root, or pass --notebooks DIR.",
            file=sys.stderr,
        )
        return 2
    from .assignments import build, with_exercises

    notebooks = [folder / f"{Path(name).stem}.ipynb" for name in args.names]
    unknown = [path.name for path in notebooks if not path.is_file()]
    if unknown:
        print(f"error: no such notebook in {folder}: {', '.join(unknown)}", file=sys.stderr)
        return 2
    notebooks = notebooks or with_exercises(folder)
    if not notebooks:
        print(f"error: no notebook in {folder} has a cell tagged exercise.", file=sys.stderr)
        return 2
    handout = args.out / "handout"
    handout.mkdir(parents=True, exist_ok=True)
    failed = []
    for notebook in notebooks:
        try:
            target = build(notebook, args.out, run_tests=args.run_tests)
        except ValueError as error:
            print(f"{notebook.stem}: not built. {error}", file=sys.stderr)
            failed.append(notebook)
            continue
        shutil.copy(target / "student" / notebook.name, handout / notebook.name)
        print(f"{notebook.stem}: {target}/student, {target}/autograder")
    print(f"Hand out {handout} (student notebooks only: no solutions, no hidden checks).")
    return 1 if failed else 0
