"""``segutils handout``: write the hand-out repository a class server's image is built from.

The course repository holds the reference solutions (``notebooks/solutions/``) and the hidden
checks (``notebooks/checks/hidden/``): an image built from it hands them to every student. This
command writes a separate repository from the built assignments instead, with only what a student
needs:

- ``notebooks/``: the student notebooks ``segutils assign`` wrote into ``assignments/handout/``
  (public checks inside their metadata; no solutions, no hidden checks);
- ``segutils/`` and ``pyproject.toml``: the package, which the image installs;
- ``binder/``: the project's pins (``requirements.txt``, without the comments that point into
  the course repository, plus ``binder/handout/requirements.txt``: nbgitpuller, which the hub's
  links need; ``constraints.txt``), ``runtime.txt``,
  the JupyterLab defaults and a ``postBuild`` that installs segutils (not editable) and fetches
  the datasets into the environment's shared folder, outside the home folder
  (:func:`segutils.config.cache_dir`), so that a hub mounting persistent home folders over the
  repository still finds both;
- ``README.md``: for students, listing the notebooks written.

Nothing else: no tests, no ``notebooks/checks``, no ``notebooks/solutions``. Run it from the
repository root (or pass ``--project DIR``); docs/instructor.md is the guide. It only copies
files, so it needs no extra.
"""

import argparse
import shutil
import sys
from pathlib import Path

__all__ = ["DESCRIPTION", "WRITTEN", "add_arguments", "run", "write_handout"]

DESCRIPTION = (
    "write the hand-out repository a class server's image is built from: student notebooks, "
    "segutils, binder/; no solutions, no hidden checks"
)

#: The top-level entries of a hand-out repository: ``--overwrite`` replaces these, nothing else.
WRITTEN = ("README.md", "binder", "notebooks", "pyproject.toml", "segutils")

# What a copy of the package leaves behind: files Python, type checkers and editors write.
_NOT_SOURCE = shutil.ignore_patterns("__pycache__", "*.pyc", ".mypy_cache", ".ipynb_checkpoints")

_PINS_HEADER = """\
# The course's exact pins, which repo2docker installs: the requirement lines of the course
# repository's requirements.txt ("Dependencies" in its README.md says why each is there), then
# what the class server alone needs. constraints.txt beside this file locks the full transitive
# set. Written by `segutils handout`: change the pins in the course repository and rebuild, not
# here.
-c constraints.txt

"""

# The line of binder/handout/README.md that becomes the list of the notebooks written.
_NOTEBOOKS_MARK = "@NOTEBOOKS@"


def _sources(project: Path, assignments: Path) -> dict[str, Path]:
    """Every file or folder the hand-out is made from, checked to exist."""
    sources = {
        "notebooks": assignments / "handout",
        "segutils": project / "segutils",
        "pyproject.toml": project / "pyproject.toml",
        "requirements.txt": project / "requirements.txt",
        "constraints.txt": project / "constraints.txt",
        "runtime.txt": project / "binder" / "runtime.txt",
        "jupyterlab-settings.json": project / "tools" / "jupyterlab-settings.json",
        "postBuild": project / "binder" / "handout" / "postBuild",
        "README.md": project / "binder" / "handout" / "README.md",
        "server-requirements.txt": project / "binder" / "handout" / "requirements.txt",
    }
    if not sorted(sources["notebooks"].glob("*.ipynb")):
        raise ValueError(
            f"no student notebooks in {sources['notebooks']}: build them first with "
            "`make assignments` (or `segutils assign`, or `segutils assign 00_intro ...` for "
            "some), then run segutils handout again."
        )
    missing = [str(path) for name, path in sources.items() if not path.exists()]
    if missing:
        raise ValueError(
            f"{project.resolve()} is not the course repository (missing {', '.join(missing)}): "
            "run segutils handout from its root, or pass --project DIR."
        )
    return sources


def _requirement_lines(text: str) -> str:
    """The requirement lines of a requirements file, without its comments and blank lines.

    The course's comments name files of the course repository (README.md's "Dependencies",
    tests), which the hand-out does not have.
    """
    lines = [line for line in text.split("\n") if line.strip() and not line.startswith("#")]
    return "\n".join(lines) + "\n"


def _readme(template: str, notebooks: list[Path]) -> str:
    """The students' README: the template with the notebooks written listed where it says."""
    if _NOTEBOOKS_MARK not in template:
        raise ValueError(
            f"binder/handout/README.md has no line {_NOTEBOOKS_MARK}, where the notebooks "
            "written are listed: put it back (inside a code block) and run segutils handout again."
        )
    listed = "\n".join(f"notebooks/{path.name}" for path in notebooks)
    return template.replace(_NOTEBOOKS_MARK, listed)


def _clear(out: Path, sources: dict[str, Path], overwrite: bool) -> None:
    """Make ``out`` ready: refuse a folder in use, or remove what an earlier hand-out wrote."""
    if out.exists() and not out.is_dir():
        raise ValueError(f"{out} is a file, not a folder: choose another --out.")
    target = out.resolve()
    for source in sources.values():
        inside = source.resolve().is_relative_to(target) or target.is_relative_to(source.resolve())
        if inside:
            raise ValueError(
                f"--out {out} and {source}, which the hand-out is made from, are one inside the "
                "other: write the hand-out repository to a folder of its own (e.g. "
                "../seg-course-handout)."
            )
    # A folder with only the instructor's .git (a fresh clone of an empty repository) is empty.
    present = sorted(p.name for p in out.iterdir() if p.name != ".git") if out.is_dir() else []
    if present and not overwrite:
        raise ValueError(
            f"{out} is not empty ({', '.join(present)}). Pass --overwrite to replace what "
            f"segutils handout writes there ({', '.join(WRITTEN)}); .git and anything else "
            "are kept."
        )
    for name in WRITTEN:
        path = out / name
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        elif path.exists() or path.is_symlink():
            path.unlink()


def write_handout(
    out: Path, *, assignments: Path, project: Path, overwrite: bool = False
) -> list[Path]:
    """Write the hand-out repository into ``out``: student notebooks, segutils, ``binder/``.

    Parameters
    ----------
    out : Path
        The hand-out repository's folder: new, empty (a ``.git`` folder alone counts as empty),
        or, with ``overwrite``, one an earlier call wrote.
    assignments : Path
        What ``segutils assign`` wrote; its ``handout/`` folder holds the student notebooks.
    project : Path
        The course repository's root: the package, its pins and ``binder/handout/``.
    overwrite : bool, optional
        Replace the entries of :data:`WRITTEN` in a non-empty ``out``; its ``.git`` folder and
        anything else there are kept, so that each rebuild can be committed.

    Returns
    -------
    list of Path
        The student notebooks written, in ``out/notebooks``.

    Raises
    ------
    ValueError
        If the student notebooks are not built, ``project`` is not the course repository,
        ``out`` is not empty (without ``overwrite``) or holds a source of the hand-out.

    Examples
    --------
    >>> write_handout(Path("handout-repo"), assignments=Path("nowhere"), project=Path("."))
    ... # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: no student notebooks in nowhere/handout: build them first with ...

    References
    ----------
    repo2docker, "Configuration files" (``requirements.txt``, ``runtime.txt``, ``postBuild``),
    https://repo2docker.readthedocs.io/en/latest/config_files.html
    """
    sources = _sources(project, assignments)
    students = sorted(sources["notebooks"].glob("*.ipynb"))
    readme = _readme(sources["README.md"].read_text(encoding="utf-8"), students)  # may refuse
    _clear(out, sources, overwrite)
    notebooks = out / "notebooks"
    notebooks.mkdir(parents=True)
    written = [Path(shutil.copyfile(path, notebooks / path.name)) for path in students]
    shutil.copytree(sources["segutils"], out / "segutils", ignore=_NOT_SOURCE)
    shutil.copyfile(sources["pyproject.toml"], out / "pyproject.toml")
    (out / "README.md").write_text(readme, encoding="utf-8")
    binder = out / "binder"
    binder.mkdir()
    pins = _requirement_lines(sources["requirements.txt"].read_text(encoding="utf-8"))
    server = sources["server-requirements.txt"].read_text(encoding="utf-8")
    text = f"{_PINS_HEADER}{pins}\n# --- the class server only\n{_requirement_lines(server)}"
    (binder / "requirements.txt").write_text(text, encoding="utf-8")
    for name in ("constraints.txt", "runtime.txt", "jupyterlab-settings.json"):
        shutil.copyfile(sources[name], binder / name)
    post_build = Path(shutil.copyfile(sources["postBuild"], binder / "postBuild"))
    post_build.chmod(0o755)  # repo2docker runs postBuild only if it is executable
    return written


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the options of ``segutils handout`` to ``parser``.

    Parameters
    ----------
    parser : argparse.ArgumentParser
        The command's parser.

    Examples
    --------
    >>> parser = argparse.ArgumentParser()
    >>> add_arguments(parser)
    >>> parser.parse_args(["--out", "../seg-course-handout"]).out
    PosixPath('../seg-course-handout')

    References
    ----------
    Python documentation, "argparse", https://docs.python.org/3/library/argparse.html
    """
    parser.add_argument(
        "--out",
        type=Path,
        required=True,
        metavar="DIR",
        help="the hand-out repository's folder (e.g. a clone of it: its .git is kept)",
    )
    parser.add_argument(
        "--assignments",
        type=Path,
        default=Path("assignments"),
        metavar="DIR",
        help="where segutils assign wrote handout/ (default: ./assignments)",
    )
    parser.add_argument(
        "--project",
        type=Path,
        default=Path("."),
        metavar="DIR",
        help="the course repository's root: segutils, its pins, binder/ (default: .)",
    )
    parser.add_argument(
        "--overwrite",
        action="store_true",
        help=f"replace what an earlier run wrote ({', '.join(WRITTEN)}), keeping .git",
    )


def run(args: argparse.Namespace) -> int:
    """Write the hand-out repository ``args`` describe.

    Parameters
    ----------
    args : argparse.Namespace
        Parsed by a parser that :func:`add_arguments` set up.

    Returns
    -------
    int
        0 when the hand-out repository was written, 2 when it was refused (the reason is
        printed).

    Examples
    --------
    >>> parser = argparse.ArgumentParser()
    >>> add_arguments(parser)
    >>> run(parser.parse_args(["--out", "nowhere", "--assignments", "nowhere"]))
    2

    References
    ----------
    JupyterHub, nbgitpuller, https://nbgitpuller.readthedocs.io/en/latest/
    """
    try:
        notebooks = write_handout(
            args.out, assignments=args.assignments, project=args.project, overwrite=args.overwrite
        )
    except ValueError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    names = ", ".join(path.stem for path in notebooks)
    print(f"Hand-out repository {args.out}: notebooks/ ({names}), segutils, binder/.")
    kept = sorted(p.name for p in args.out.iterdir() if p.name not in (*WRITTEN, ".git"))
    if kept:
        print(f"Kept, not written by segutils handout: {', '.join(kept)}.")
    print(
        "No solutions, no hidden checks. Commit it, then build the hub's image from it "
        "(repo2docker; docs/instructor.md, 'A class server')."
    )
    return 0
