"""Write a file so that no reader, and no run stopped half-way, ever sees half of it.

Resumable work (the leaderboard's cells, grading's records and reports) takes a file that
exists as finished. Writing it in place breaks that promise when the process is stopped
mid-write; writing a temporary file beside it and renaming keeps it, because a rename within a
folder is atomic on POSIX and Windows (:func:`os.replace`).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

__all__ = ["write_bytes", "write_text"]


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
    with _replacing(path, "w", encoding="utf-8", newline="") as file:
        file.write(text)
    return Path(path)


def write_bytes(path: Path, data: bytes) -> Path:
    r"""Write ``data`` to ``path`` whole or not at all: a temporary file beside it, then a rename.

    For encoded images (a TIFF or PNG written to memory first) and any other binary output.

    Parameters
    ----------
    path : Path
        The file to write; its folder is made if needed. An existing file is replaced.
    data : bytes
        The contents.

    Returns
    -------
    Path
        ``path``.

    Examples
    --------
    >>> folder = Path(tempfile.mkdtemp())
    >>> write_bytes(folder / "labels" / "a.tif", b"II*\x00").read_bytes()
    b'II*\x00'
    >>> sorted(p.name for p in (folder / "labels").iterdir())  # no temporary file left
    ['a.tif']

    References
    ----------
    Python documentation, "os.replace" (atomic on POSIX),
    https://docs.python.org/3/library/os.html#os.replace
    """
    with _replacing(path, "wb") as file:
        file.write(data)
    return Path(path)


@contextmanager
def _replacing(path: Path, mode: str, **options: str) -> Iterator[IO]:
    """A temporary file beside ``path`` to write; renamed to ``path`` when the block ends.

    Its name, ``.NAME.XXXX.part``, is hidden and never taken for the finished file; a block
    stopped by an error or an interruption leaves no temporary file behind.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    try:
        with os.fdopen(handle, mode, **options) as file:
            yield file
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
