"""Why a submission was not graded, said twice: to the student, and to the instructor.

A row's ``status`` (:class:`.grade.Row`) is written for the instructor by the code that found
the problem (:mod:`.submissions`, :mod:`.grade`): ``2 submissions (a.ipynb, b.ipynb): keep
one.`` The student's feedback must not pass that on, and the instructor wants to know what to
do about it. :func:`for_student` and :func:`what_to_do` read the status and say each.
"""

import re

__all__ = ["for_student", "what_to_do"]

EXPORT = "the .zip file that your notebook's last cell, `grader.export(pdf=False)`, writes"
RESUME = "then run the same command again with --resume"

# (status pattern, to the student, what the instructor does). Each pattern matches a status
# that submissions.py or grade.py writes; tests/test_grading_report.py builds each of them.
_KNOWN = [
    (
        r"(?P<count>\d+) submissions \((?P<names>.*)\): keep one\.",
        "You handed in {count} files ({names}), and only one is graded: tell your instructor "
        "which one is your submission.",
        "remove all but one of {names} from {student}'s submission (ask them which), " + RESUME,
    ),
    (
        r"(?P<name>.+) is not a \.zip or \.ipynb submission; not graded\.",
        f"You handed in {{name}}, which is not a notebook: hand in {EXPORT}.",
        "ask {student} for " + EXPORT.replace("your", "their") + ", put it in place of "
        "{name}, " + RESUME,
    ),
    (
        r"No \.zip or \.ipynb file in the student's folder\.",
        f"What you handed in holds no notebook: hand in {EXPORT}.",
        "ask {student} for "
        + EXPORT.replace("your", "their")
        + ", put it in their folder, "
        + RESUME,
    ),
    (
        r"(?P<problem>.+ (is not a readable zip of a notebook|holds \d+ notebooks, not one"
        r"|is not a valid notebook).*)",
        f"Your file could not be read as a notebook: {{problem}} Hand in {EXPORT}, as it wrote it.",
        "ask {student} to export again and hand in that file, " + RESUME,
    ),
    (
        r"(No autograder bundle for (?P<name>\S+) in .*|No assignment is called (?P<quoted>.+)\.)",
        "Your notebook says it belongs to an assignment your instructor's grader does not have: "
        "if you handed in another notebook than the one asked for, hand in the right one.",
        "build it (segutils assign), or, if {student} handed in another notebook, ask for the "
        "right one (--assignment NAME grades every submission as NAME), " + RESUME,
    ),
    (
        r"timed out after (?P<seconds>[\d.]+) s: scored 0",
        "Grading your notebook was stopped after {seconds} s, the limit for a whole notebook, "
        "so no question scored. Look for a cell that runs far longer than it did in class, such "
        "as a loop that never ends.",
        "read the notebook; to grade it again with a longer limit, delete its record "
        "(rows/{student}.json in the output folder) and run again with --resume --timeout S",
    ),
    (
        r"grading failed .*",
        "Grading stopped before it could score your notebook, for a reason on the grader's "
        "side; your instructor grades it again.",
        "run the same command again with --resume: it grades it again",
    ),
]
# A status none of the above matches: its words may be meant for the instructor, so the student
# is told only that it was not graded.
_UNKNOWN = (
    "Your submission could not be graded; your instructor will tell you what to do.",
    "read the status above",
)


def _explain(status: str) -> tuple[str, str, dict[str, str]]:
    """The student's sentence, the instructor's and the fields of the status they use."""
    for pattern, student, instructor in _KNOWN:
        found = re.fullmatch(pattern, status, flags=re.DOTALL)
        if found:
            return student, instructor, found.groupdict()
    return *_UNKNOWN, {"status": status}


def for_student(status: str) -> str:
    """What a student reads about a submission that was not graded, and what to do.

    Parameters
    ----------
    status : str
        The row's status (not ``"graded"``).

    Returns
    -------
    str
        One or two sentences addressed to the student.

    Examples
    --------
    >>> print(for_student("2 submissions (a.ipynb, b.ipynb): keep one."))
    ... # doctest: +NORMALIZE_WHITESPACE
    You handed in 2 files (a.ipynb, b.ipynb), and only one is graded: tell your instructor
    which one is your submission.

    References
    ----------
    otter-grader, "Student usage: exporting a submission",
    https://otter-grader.readthedocs.io/en/latest/otter_check/notebook_usage.html
    """
    student, _, fields = _explain(status)
    return student.format(**fields)


def what_to_do(student: str, status: str) -> str:
    """What the instructor does about a submission that was not graded.

    Parameters
    ----------
    student : str
        The student, as the submission is filed.
    status : str
        The row's status (not ``"graded"``).

    Returns
    -------
    str
        The instructor's next step, as a clause (no capital, no full stop).

    Examples
    --------
    >>> print(what_to_do("frank", "2 submissions (a.ipynb, b.ipynb): keep one."))
    ... # doctest: +NORMALIZE_WHITESPACE
    remove all but one of a.ipynb, b.ipynb from frank's submission (ask them which), then run
    the same command again with --resume

    References
    ----------
    otter-grader, "Non-containerized grading",
    https://otter-grader.readthedocs.io/en/latest/otter_run/index.html
    """
    _, instructor, fields = _explain(status)
    return instructor.format(student=student, **fields)
