"""The default cell limit of an assignment: its reference notebook's longest cell, with a margin.

A submission's cell that runs past the cell limit is stopped (:func:`.sandbox.limit_cell_time`)
and costs the grader that long. A fixed limit long enough for notebook 06's training (minutes)
lets a loop in 00_intro hold a grading slot for as long; so unless ``--cell-timeout`` is given,
each assignment's limit is :data:`MARGIN` times the longest cell of its reference (solutions)
notebook, graded once like a submission, and never under :data:`FLOOR_S`.

The measurement is made the first time an assignment is graded in a mode (quick or full: the
mode changes how long cells run), on a grading worker, with otter's own grading cells counted,
and is kept beside the bundle (``<bundle>.cell-seconds-quick.json``), so a rebuilt bundle is
measured again.
"""

import json
import math
from pathlib import Path

__all__ = ["FLOOR_S", "MARGIN", "cell_limit", "read_measurement", "write_measurement"]

MARGIN = 5
"""How many times its reference's longest cell a submission's cell may run: room for a slower
machine, several submissions graded at once on the same cores, and a student's slower answer."""

FLOOR_S = 30.0
"""The shortest default limit, in seconds: cells of a second or two on the instructor's machine
can take several on a loaded one."""


def cell_limit(cell_seconds: list[float]) -> float:
    """The default cell limit for an assignment whose reference cells ran these many seconds.

    Parameters
    ----------
    cell_seconds : list of float
        The run time of each cell of the reference notebook, graded like a submission.

    Returns
    -------
    float
        :data:`MARGIN` times the longest, rounded up to a whole second, at least :data:`FLOOR_S`.

    Examples
    --------
    >>> cell_limit([0.3, 1.4, 0.5])
    30.0
    >>> cell_limit([2.0, 95.2])
    476.0

    References
    ----------
    nbclient documentation, "record_timing" (the cell timings in the executed notebook),
    https://nbclient.readthedocs.io/en/latest/reference/config-options.html
    """
    return max(FLOOR_S, float(math.ceil(MARGIN * max(cell_seconds, default=0.0))))


def _measurement_path(bundle: Path, quick: bool) -> Path:
    """Where the reference's cell times for this bundle and mode are kept: beside the bundle."""
    return bundle.with_name(f"{bundle.stem}.cell-seconds-{'quick' if quick else 'full'}.json")


def read_measurement(bundle: Path, quick: bool) -> list[float] | None:
    """The reference notebook's cell times recorded for this bundle and mode, if any.

    Parameters
    ----------
    bundle : Path
        The autograder zip.
    quick : bool
        Whether grading runs in quick mode (``SEGUTILS_QUICK``).

    Returns
    -------
    list of float or None
        Seconds per cell; None when nothing (readable) is recorded.

    Examples
    --------
    >>> import tempfile
    >>> bundle = Path(tempfile.mkdtemp()) / "00_intro-autograder_2026.zip"
    >>> read_measurement(bundle, quick=True) is None
    True
    >>> write_measurement(bundle, True, [0.5, 1.25])
    >>> read_measurement(bundle, quick=True)
    [0.5, 1.25]

    References
    ----------
    Python documentation, "json", https://docs.python.org/3/library/json.html
    """
    try:
        return [float(s) for s in json.loads(_measurement_path(bundle, quick).read_text())]
    except (OSError, ValueError, TypeError):
        return None


def write_measurement(bundle: Path, quick: bool, cell_seconds: list[float]) -> None:
    """Record the reference notebook's cell times beside its bundle, for later grading runs.

    Parameters
    ----------
    bundle : Path
        The autograder zip.
    quick : bool
        Whether they were measured in quick mode.
    cell_seconds : list of float
        Seconds per cell.

    Examples
    --------
    >>> import tempfile
    >>> bundle = Path(tempfile.mkdtemp()) / "00_intro-autograder_2026.zip"
    >>> write_measurement(bundle, False, [3.0])
    >>> sorted(p.name for p in bundle.parent.iterdir())
    ['00_intro-autograder_2026.cell-seconds-full.json']

    References
    ----------
    Python documentation, "json", https://docs.python.org/3/library/json.html
    """
    path = _measurement_path(bundle, quick)
    partial = path.with_suffix(".partial")
    partial.write_text(json.dumps([round(s, 3) for s in cell_seconds]))
    partial.replace(path)  # a run stopped mid-write never leaves half a measurement
