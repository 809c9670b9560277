"""The built-in leaderboard's saved results: where they are, and what to do when they are not there.

``python -m segutils bench`` writes ``results.csv``, ``images.csv`` and ``results.md``; the
project commits one run's files under ``benchmarks/results/leaderboard/``, and notebook 08 reads
them in quick mode. A notebooks folder handed out on its own (a class server, an assignment)
has no ``benchmarks/`` beside it, so :func:`saved_leaderboard` looks in a few stated places and
otherwise says what is missing and how to get it, rather than failing on a bare path.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import NamedTuple

import pandas as pd

from .report import RESULT_FILES

__all__ = ["LEADERBOARD_ENV", "SavedLeaderboard", "saved_leaderboard"]

#: The environment variable naming a folder that holds a saved leaderboard run.
LEADERBOARD_ENV = "SEGUTILS_LEADERBOARD"
#: Where the project commits its run, relative to the checkout's root.
COMMITTED = Path("benchmarks") / "results" / "leaderboard"
# The tables and the Markdown (the command line is in it); the figure is drawn again from them.
_FILES = tuple(RESULT_FILES[key] for key in ("results", "images", "markdown"))
# segutils/bench/saved.py -> the checkout's root, when segutils is used from a checkout.
_CHECKOUT = Path(__file__).resolve().parents[2]


class SavedLeaderboard(NamedTuple):
    """One saved run: its tables and the command that made it."""

    results: pd.DataFrame
    per_image: pd.DataFrame
    command: str
    folder: Path


def _places(folder: str | os.PathLike | None) -> list[Path]:
    if folder is not None:
        return [Path(folder)]
    named = os.environ.get(LEADERBOARD_ENV, "").strip()
    if named:
        return [Path(named).expanduser()]
    # The checkout segutils runs from, then one beside the working folder (a notebooks/ folder).
    return list(dict.fromkeys([_CHECKOUT / COMMITTED, Path.cwd().parent / COMMITTED]))


def saved_leaderboard(folder: str | os.PathLike | None = None) -> SavedLeaderboard:
    """Read a saved leaderboard run: ``results.csv``, ``images.csv`` and its command.

    Parameters
    ----------
    folder : path-like, optional
        The run's folder. By default ``$SEGUTILS_LEADERBOARD`` if set, else the project's
        committed run, ``benchmarks/results/leaderboard/`` of the checkout segutils is used
        from, or beside the working folder.

    Returns
    -------
    SavedLeaderboard
        ``results`` (:func:`segutils.bench.report.results_table`'s columns), ``per_image``
        (:func:`segutils.bench.report.image_table`'s), ``command`` (the line of
        ``results.md`` that names the command) and the ``folder`` read.

    Raises
    ------
    FileNotFoundError
        Naming the files missing, every place looked in, and the three ways to get them.

    Examples
    --------
    >>> saved = saved_leaderboard()
    >>> saved.command.startswith("Made by `") and "segutils bench" in saved.command
    True
    >>> sorted(set(saved.per_image["task"])) == sorted(set(saved.results["task"]))
    True

    References
    ----------
    The files' columns: :func:`segutils.bench.report.write_results`.
    """
    looked = _places(folder)
    for place in looked:
        if all((place / name).is_file() for name in _FILES):
            markdown = (place / "results.md").read_text(encoding="utf-8").splitlines()
            command = next((line for line in markdown if line.startswith("Made by")), "")
            return SavedLeaderboard(
                pd.read_csv(place / "results.csv"),
                pd.read_csv(place / "images.csv"),
                command,
                place,
            )
    places = "\n".join(f"  - {place}" for place in looked)
    raise FileNotFoundError(
        f"The saved leaderboard ({', '.join(_FILES)}) was not found. Looked in:\n{places}\n"
        f"They are committed in the project's repository under {COMMITTED.as_posix()}/. Either "
        f"run from a checkout of the project, or copy that folder here and set {LEADERBOARD_ENV} "
        "to it, or recompute it in full mode (unset SEGUTILS_QUICK, or run `python -m segutils "
        "bench --out DIR` and set the variable to DIR)."
    )
