"""How long `make grade` takes for a class: N submissions of one notebook, against one alone.

Usage: python benchmarks/grading_speed.py [--notebook 00_intro] [--students 30] [--jobs N] [--json]

Builds the notebook's assignment (otter assign) in a temporary folder, writes N copies of its
solutions notebook as submissions, and grades them with ``segutils grade`` in quick mode
(``SEGUTILS_QUICK=1``), each in its own sandboxed process. The baseline, measured in the same
run, is one submission graded alone. The target (issue #14) is 30 submissions in 10 minutes or
less on a 2-core machine.
"""

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

from segutils.classroom import assignments, grade_cli

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"

TARGET_S = 600.0


def grade_copies(built: Path, stem: str, count: int, jobs: int, work: Path) -> float:
    """Seconds to grade ``count`` copies of the solutions notebook with ``jobs`` processes."""
    folder = work / f"class-{count}"
    folder.mkdir()
    solved = built / stem / "autograder" / f"{stem}.ipynb"
    for index in range(count):
        shutil.copy(solved, folder / f"student{index:02d}.ipynb")
    start = time.perf_counter()
    status = grade_cli.main([str(folder), "--assignments", str(built), "--jobs", str(jobs)])
    seconds = time.perf_counter() - start
    if status != 0:
        raise SystemExit(f"grading failed; see {folder}-graded/scores.csv")
    return seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notebook", default="00_intro")
    parser.add_argument("--students", type=int, default=30)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    os.environ["SEGUTILS_QUICK"] = "1"
    with tempfile.TemporaryDirectory() as work:
        built = Path(work) / "assignments"
        assignments.build(NOTEBOOKS / f"{args.notebook}.ipynb", built)
        alone = grade_copies(built, args.notebook, 1, 1, Path(work))
        many = grade_copies(built, args.notebook, args.students, args.jobs, Path(work))
    figures = {
        "notebook": args.notebook,
        "cpus": os.cpu_count(),
        "jobs": args.jobs,
        "one_submission_s": round(alone, 1),
        "students": args.students,
        "all_submissions_s": round(many, 1),
        "per_submission_s": round(many / args.students, 1),
        "target_s": TARGET_S,
        "met": many <= TARGET_S,
    }
    if args.json:
        print(json.dumps(figures))
    else:
        print(f"{args.notebook}, quick mode, {os.cpu_count()} CPUs, {args.jobs} grading processes")
        print(f"baseline: 1 submission alone         {alone:7.1f} s")
        print(
            f"{args.students} submissions                      {many:7.1f} s "
            f"({many / args.students:.1f} s each)"
        )
        print(f"target <= {TARGET_S:.0f} s: {'met' if many <= TARGET_S else 'MISSED'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
