"""Find the submissions in a folder, one per student, and take the notebook out of each.

A folder of submissions holds, for each student, either a file named after the student
(``alice.zip``, the zip ``grader.export()`` writes, renamed; or ``alice.ipynb``) or a folder named
after the student with one such file inside (how most course sites download "all submissions").
Anything else is reported, never guessed at.
"""

import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

SUFFIXES = (".zip", ".ipynb")


@dataclass
class Submission:
    """One student's hand-in, or the reason it cannot be graded.

    Attributes
    ----------
    student : str
        The file's stem or the folder's name.
    files : list of Path
        What the student handed in (two or more: reported as a problem).
    problem : str
        Why it cannot be graded; empty when it can.
    """

    student: str
    files: list[Path] = field(default_factory=list)
    problem: str = ""


def find(folder: Path) -> list[Submission]:
    """The submissions in ``folder``, sorted by student.

    Parameters
    ----------
    folder : Path
        The folder of submissions.

    Returns
    -------
    list of Submission
        One per student; a student with no or several gradable files, or a file of another kind,
        comes back with its ``problem`` set.

    Raises
    ------
    NotADirectoryError
        If ``folder`` does not exist or is not a folder.
    FileNotFoundError
        If it holds no submission at all.

    Examples
    --------
    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> (folder / "ann.ipynb").write_text("{}")
    2
    >>> [s.student for s in find(folder)]
    ['ann']

    References
    ----------
    otter-grader, "Student usage: exporting a submission",
    https://otter-grader.readthedocs.io/en/latest/otter_check/notebook_usage.html
    """
    if not folder.is_dir():
        raise NotADirectoryError(
            f"{folder} is not a folder. Pass the folder that holds one file (or one folder) per "
            "student, e.g. segutils grade path/to/submissions."
        )
    by_student: dict[str, Submission] = {}
    for entry in sorted(p for p in folder.iterdir() if not p.name.startswith(".")):
        if entry.is_dir():
            student = entry.name
            files = sorted(
                p for p in entry.rglob("*") if p.suffix.lower() in SUFFIXES and _visible(p, entry)
            )
        else:
            student, files = entry.stem, [entry]
        submission = by_student.setdefault(student, Submission(student))
        submission.files += files
        if not entry.is_dir() and entry.suffix.lower() not in SUFFIXES:
            submission.problem = f"{entry.name} is not a .zip or .ipynb submission; not graded."
    if not by_student:
        raise FileNotFoundError(f"{folder} is empty: no submission to grade.")
    for submission in by_student.values():
        names = ", ".join(p.name for p in submission.files)
        if submission.problem:
            continue
        if not submission.files:
            submission.problem = "No .zip or .ipynb file in the student's folder."
        elif len(submission.files) > 1:
            submission.problem = f"{len(submission.files)} submissions ({names}): keep one."
    return [by_student[name] for name in sorted(by_student)]


def _visible(path: Path, root: Path) -> bool:
    """Not inside a hidden folder, a checkpoint or a macOS resource fork."""
    parts = path.relative_to(root).parts
    return not any(p.startswith(".") or p == "__MACOSX" for p in parts)


def read_notebook(path: Path) -> tuple[dict, str]:
    """The notebook of a submission file, and the assignment it says it belongs to.

    Parameters
    ----------
    path : Path
        A ``.ipynb`` file or a zip holding exactly one (other files in the zip are ignored:
        grading uses only the notebook and the instructor's tests).

    Returns
    -------
    tuple of (dict, str)
        The notebook as JSON and its assignment name (otter's metadata, else the file's stem).

    Raises
    ------
    ValueError
        If the zip is damaged, holds no or several notebooks, or the notebook is not valid.

    Examples
    --------
    >>> import tempfile
    >>> path = Path(tempfile.mkdtemp()) / "00_intro.ipynb"
    >>> nbformat.write(nbformat.v4.new_notebook(), path)
    >>> read_notebook(path)[1]
    '00_intro'

    References
    ----------
    nbformat documentation, https://nbformat.readthedocs.io/
    """
    if path.suffix.lower() == ".zip":
        try:
            with zipfile.ZipFile(path) as archive:
                names = [
                    name
                    for name in archive.namelist()
                    if name.endswith(".ipynb") and _visible(Path(name), Path())
                ]
                if len(names) != 1:
                    raise ValueError(f"{path.name} holds {len(names)} notebooks, not one.")
                text, stem = archive.read(names[0]).decode("utf-8"), Path(names[0]).stem
        except (zipfile.BadZipFile, UnicodeDecodeError) as error:
            raise ValueError(
                f"{path.name} is not a readable zip of a notebook ({error})."
            ) from None
    else:
        text, stem = path.read_text(encoding="utf-8", errors="replace"), path.stem
    try:
        notebook = nbformat.reads(text, as_version=4)
        nbformat.validate(notebook)
    # Any file can arrive here; whatever nbformat raises, the row says the notebook is invalid.
    except Exception as error:  # noqa: BLE001
        raise ValueError(f"{path.name} is not a valid notebook: {str(error)[:200]}") from None
    name = notebook.metadata.get("otter", {}).get("assignment_name") or stem
    return notebook, str(name)
