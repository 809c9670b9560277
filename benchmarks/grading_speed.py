"""Submissions graded per hour by `segutils grade`, in quick and full mode, against one at a time.

Usage: python benchmarks/grading_speed.py [--notebook 00_intro] [--students 6] [--jobs 2]
       [--modes quick full] [--json]

Builds the notebook's assignment (otter assign) in a temporary folder and writes N copies of its
solutions notebook as submissions. For each mode (``SEGUTILS_QUICK=1`` or not) it grades, with
``segutils grade`` as an instructor runs it (a Dask LocalCluster, each submission in its own
sandboxed process): first one submission alone with ``--jobs 1`` (the one-at-a-time baseline,
measured in the same run), then the N copies with ``--jobs J``. Each run's time includes
starting its LocalCluster. ``--cell-timeout 600`` is given so that the one-off timing of the
reference notebook (the default cell limit) is not counted.
"""

import argparse
import contextlib
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

from segutils import cli
from segutils.classroom import assignments

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"


def grade_copies(built: Path, stem: str, count: int, jobs: int, work: Path) -> float:
    """Seconds to grade ``count`` copies of the solutions notebook on ``jobs`` local workers."""
    folder = Path(tempfile.mkdtemp(prefix=f"class-{count}-", dir=work))
    solved = built / stem / "autograder" / f"{stem}.ipynb"
    for index in range(count):
        shutil.copy(solved, folder / f"student{index:02d}.ipynb")
    options = ["--assignments", str(built), "--jobs", str(jobs), "--cell-timeout", "600"]
    start = time.perf_counter()
    with contextlib.redirect_stdout(sys.stderr):  # its lines per submission; the figures on stdout
        status = cli.main(["grade", str(folder), *options])
    seconds = time.perf_counter() - start
    if status != 0:
        raise SystemExit(f"grading failed; see {folder}-graded/scores.csv")
    return seconds


def measure(built: Path, stem: str, students: int, jobs: int, quick: bool, work: Path) -> dict:
    """The baseline and the class run in one mode, as submissions per hour."""
    os.environ["SEGUTILS_QUICK"] = "1" if quick else "0"
    alone = grade_copies(built, stem, 1, 1, work)
    many = grade_copies(built, stem, students, jobs, work)
    return {
        "mode": "quick" if quick else "full",
        "one_at_a_time_s": round(alone, 1),
        "one_at_a_time_per_hour": round(3600 / alone),
        "students": students,
        "jobs": jobs,
        "all_submissions_s": round(many, 1),
        "per_hour": round(3600 * students / many),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notebook", default="00_intro")
    parser.add_argument("--students", type=int, default=6)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--modes", nargs="+", choices=["quick", "full"], default=["quick", "full"])
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as work:
        built = Path(work) / "assignments"
        assignments.build(NOTEBOOKS / f"{args.notebook}.ipynb", built)
        figures = [
            measure(built, args.notebook, args.students, args.jobs, mode == "quick", Path(work))
            for mode in args.modes
        ]
    if args.json:
        print(json.dumps({"notebook": args.notebook, "cpus": os.cpu_count(), "runs": figures}))
        return 0
    print(f"{args.notebook} on {os.cpu_count()} CPUs (segutils grade, a Dask LocalCluster)")
    for run in figures:
        print(
            f"{run['mode']:>5} mode: one at a time {run['one_at_a_time_s']:6.1f} s "
            f"({run['one_at_a_time_per_hour']} per hour); {run['students']} with --jobs "
            f"{run['jobs']} {run['all_submissions_s']:6.1f} s ({run['per_hour']} per hour)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
