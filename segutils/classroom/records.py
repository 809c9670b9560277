"""The finished submissions of a grading run, one JSON file each, so that a stopped run resumes.

``segutils grade`` writes each submission's :class:`.grade.Row` to ``OUT/rows/<student>.json``
the moment it is graded, through a temporary file renamed into place: a record is whole or
absent, never half written. ``segutils grade --resume`` reads them back and grades only the
submissions with no record, or whose file or bundle changed since (the record keeps the
submission's SHA-256 and the bundle's name).
"""

import shutil
from pathlib import Path

from ..atomic_write import write_text
from .grade import Row

__all__ = ["FOLDER", "clear", "load", "save"]

FOLDER = "rows"


def save(row: Row, out: Path) -> Path:
    """Write one finished submission's row to ``out/rows/<student>.json``, atomically.

    Parameters
    ----------
    row : Row
        The outcome of one submission.
    out : Path
        The grading run's output folder (made if needed).

    Returns
    -------
    Path
        The record's path.

    Examples
    --------
    >>> import tempfile
    >>> out = Path(tempfile.mkdtemp())
    >>> save(Row("ann", status="graded", sha256="ab12"), out).name
    'ann.json'
    >>> load(out)["ann"].sha256
    'ab12'

    References
    ----------
    Python documentation, "os.replace" (atomic on POSIX),
    https://docs.python.org/3/library/os.html#os.replace
    """
    return write_text(out / FOLDER / f"{row.student}.json", row.to_json())


def load(out: Path) -> dict[str, Row]:
    """The rows recorded in ``out`` by earlier runs, by student; unreadable records are left out.

    Parameters
    ----------
    out : Path
        A grading run's output folder.

    Returns
    -------
    dict of str to Row
        Student -> their recorded row (empty when there is no record).

    Examples
    --------
    >>> load(Path("nowhere"))
    {}

    References
    ----------
    Python documentation, "json", https://docs.python.org/3/library/json.html
    """
    rows = {}
    for path in sorted((out / FOLDER).glob("*.json")):
        try:
            row = Row.from_json(path.read_text())
        except (OSError, ValueError, TypeError):
            continue  # not a record this run wrote whole: grade that submission again
        rows[row.student] = row
    return rows


def clear(out: Path) -> None:
    """Forget every record in ``out``, so the next run grades everything again.

    Parameters
    ----------
    out : Path
        A grading run's output folder; only its ``rows/`` is removed.

    Examples
    --------
    >>> import tempfile
    >>> out = Path(tempfile.mkdtemp())
    >>> _ = save(Row("ann"), out)
    >>> clear(out)
    >>> load(out)
    {}

    References
    ----------
    Python documentation, "shutil.rmtree",
    https://docs.python.org/3/library/shutil.html#shutil.rmtree
    """
    shutil.rmtree(out / FOLDER, ignore_errors=True)
