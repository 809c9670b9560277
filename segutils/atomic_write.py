"""Write a file so that no reader, and no run stopped half-way, ever sees half of it.

Resumable work (the leaderboard's cells, grading's records and reports) takes a file that
exists as finished. Writing it in place breaks that promise when the process is stopped
mid-write; writing a temporary file beside it and renaming keeps it, because a rename within a
folder is atomic on POSIX and Windows (:func:`os.replace`).
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

__all__ = ["write_text"]


def write_text(path: Path, text: str) -> Path:
    """Write ``text`` to ``path`` whole or not at all: a temporary file beside it, then a rename.

    Parameters
    ----------
    path : Path
        The file to write; its folder is made if needed. An existing file is replaced.
    text : str
        The contents, written as UTF-8 with the line endings given.

    Returns
    -------
    Path
        ``path``.

    Examples
    --------
    >>> folder = Path(tempfile.mkdtemp())
    >>> write_text(folder / "cells" / "a.json", '{"done": true}').read_text()
    '{"done": true}'
    >>> sorted(p.name for p in (folder / "cells").iterdir())  # no temporary file left
    ['a.json']

    References
    ----------
    Python documentation, "os.replace" (atomic on POSIX),
    https://docs.python.org/3/library/os.html#os.replace
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as file:
            file.write(text)
        os.replace(temporary, path)
    except BaseException:  # a stopped write leaves no temporary file behind
        Path(temporary).unlink(missing_ok=True)
        raise
    return path
