"""What ``segutils.classroom`` offers: its submodules, loaded on first use.

Read by type checkers and, at run time, by ``lazy_loader.attach_stub``.
"""

from . import (
    assign_cli,
    assignments,
    cell_limit,
    grade,
    grade_cli,
    handout,
    not_graded,
    records,
    report,
    rerun,
    sandbox,
    submissions,
    worker,
)

__all__ = [
    "assign_cli",
    "assignments",
    "cell_limit",
    "grade",
    "grade_cli",
    "handout",
    "not_graded",
    "records",
    "report",
    "rerun",
    "sandbox",
    "submissions",
    "worker",
]
