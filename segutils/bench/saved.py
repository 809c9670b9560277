"""The benchmarks' saved results: where they are, and what to do when they are not there.

``python -m segutils bench`` writes ``results.csv``, ``images.csv`` and ``results.md``; the
project commits one run's files under ``benchmarks/results/leaderboard/``, and notebook 08 reads
them (:func:`saved_leaderboard`). ``bench --interactive`` writes ``clicks.csv``, ``noc.csv`` and
``results.md``, committed under ``benchmarks/results/interactive/`` and read by notebook 07
(:func:`saved_clicks`). A notebooks folder handed out on its own (a class server, an assignment)
has no ``benchmarks/`` beside it, so :func:`saved_leaderboard` looks in a few stated places and
otherwise says what is missing and how to get it, rather than failing on a bare path.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import NamedTuple

import pandas as pd

from .report import RESULT_FILES

__all__ = [
    "CLICKS_ENV",
    "LEADERBOARD_ENV",
    "SavedClicks",
    "SavedLeaderboard",
    "saved_clicks",
    "saved_leaderboard",
]

#: The environment variable naming a folder that holds a saved leaderboard run.
LEADERBOARD_ENV = "SEGUTILS_LEADERBOARD"
#: The environment variable naming a folder that holds a saved interactive (clicks) run.
CLICKS_ENV = "SEGUTILS_CLICKS"
#: Where the project commits its run, relative to the checkout's root.
COMMITTED = Path("benchmarks") / "results" / "leaderboard"
#: Where the project commits its interactive run, relative to the checkout's root.
COMMITTED_CLICKS = Path("benchmarks") / "results" / "interactive"
_CLICKS_FILES = ("clicks.csv", "noc.csv", "results.md")
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


class SavedClicks(NamedTuple):
    """One saved interactive run: its NoC table, every click, and the command that made it."""

    noc: pd.DataFrame
    clicks: pd.DataFrame
    command: str
    folder: Path


def _places(
    folder: str | os.PathLike | None, env: str = LEADERBOARD_ENV, committed: Path = COMMITTED
) -> list[Path]:
    if folder is not None:
        return [Path(folder)]
    named = os.environ.get(env, "").strip()
    if named:
        return [Path(named).expanduser()]
    # The checkout segutils runs from, then one beside the working folder (a notebooks/ folder).
    return list(dict.fromkeys([_CHECKOUT / committed, Path.cwd().parent / committed]))


def _holding(places: list[Path], files: tuple[str, ...]) -> Path | None:
    """The first of ``places`` that holds every one of ``files``, or ``None``."""
    return next((place for place in places if all((place / f).is_file() for f in files)), None)


def _command(place: Path) -> str:
    markdown = (place / "results.md").read_text(encoding="utf-8").splitlines()
    return next((line for line in markdown if line.startswith("Made by")), "")


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
    place = _holding(looked, _FILES)
    if place is not None:
        return SavedLeaderboard(
            pd.read_csv(place / "results.csv"),
            pd.read_csv(place / "images.csv"),
            _command(place),
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


def saved_clicks(folder: str | os.PathLike | None = None) -> SavedClicks:
    """Read a saved interactive run: ``noc.csv``, ``clicks.csv`` and its command.

    Parameters
    ----------
    folder : path-like, optional
        The run's folder. By default ``$SEGUTILS_CLICKS`` if set, else the project's committed
        run, ``benchmarks/results/interactive/`` of the checkout segutils is used from, or
        beside the working folder.

    Returns
    -------
    SavedClicks
        ``noc`` (NoC@85, NoC@90 and mean IoUs per task and method), ``clicks`` (one row per
        click of every session), ``command`` (the line of ``results.md`` that names the
        command) and the ``folder`` read.

    Raises
    ------
    FileNotFoundError
        Naming the files missing, every place looked in, and the three ways to get them.

    Examples
    --------
    >>> saved = saved_clicks()
    >>> "segutils bench --interactive" in saved.command
    True
    >>> set(saved.noc["method"]) <= set(saved.clicks["method"])
    True

    References
    ----------
    The files' columns: :func:`segutils.bench.clicks_report.write_clicks_results`.
    """
    looked = _places(folder, CLICKS_ENV, COMMITTED_CLICKS)
    place = _holding(looked, _CLICKS_FILES)
    if place is not None:
        return SavedClicks(
            pd.read_csv(place / "noc.csv"),
            pd.read_csv(place / "clicks.csv"),
            _command(place),
            place,
        )
    places = "\n".join(f"  - {place}" for place in looked)
    raise FileNotFoundError(
        f"The saved interactive run ({', '.join(_CLICKS_FILES)}) was not found. Looked in:\n"
        f"{places}\nThey are committed in the project's repository under "
        f"{COMMITTED_CLICKS.as_posix()}/. Either run from a checkout of the project, or copy "
        f"that folder here and set {CLICKS_ENV} to it, or recompute it (`python -m segutils "
        "bench --interactive --out DIR`, then set the variable to DIR)."
    )
