"""What grading writes: ``scores.csv``, ``feedback/``, ``written/``, and the marks merged in.

:func:`write_outputs` turns the rows :mod:`.grade` produced into an output folder:

- ``scores.csv``: one row per student (a score per question, ``autograded`` and ``possible``,
  a column per written question, ``total``, ``status`` and ``seconds``), after a
  ``(points possible)`` row per assignment that says what each column is worth;
- ``feedback/<student>.md``: for the student, each check by name, hidden ones marked as such,
  the hint of each failed public check, the cells stopped by an error or the time limit, and
  the written question with its points, its mark and comment once given;
- ``written/<question>.md``: every student's written answer, to mark side by side, a blank
  one said to be blank;
- ``marks.csv``: the instructor's own file (``student,question,points,comment,submission``).
  Grading creates it, a row per student and written question with the points blank, and later
  only appends the rows of submissions graded since (a student's new hand-in included): it
  never changes or removes a line. Each line names the submission it is for by a fingerprint
  of its file (``sha256:`` and 12 hex digits), so a mark stays with the work it was given for.
  Its points and comments are merged into ``scores.csv`` and the feedback: a written mark, or a
  mark that replaces the checks' score of a code question. A mark that cannot be used (an
  unknown student or question, points that are not a number or more than the question is
  worth, two marks for one answer, a mark for a submission the student has replaced since) is
  left out of the totals and reported by :func:`write_outputs`.

Every call rewrites the outputs from the rows it is given (each file replaced whole, through a
temporary file, only when it changed), so it is cheap to call after every finished submission
and ``scores.csv`` is always current. :func:`remove_outputs` clears them for a fresh run and
leaves ``marks.csv`` alone.
"""

import csv
import io
import math
import re
import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from ..atomic_write import write_text
from . import not_graded
from .assignments import WRITTEN_POINTS

__all__ = ["remove_outputs", "write_outputs"]

SCORES = "scores.csv"
MARKS = "marks.csv"
MARKS_COLUMNS = ("student", "question", "points", "comment", "submission")
# How much of a submission's SHA-256 a marks line carries: enough to tell a student's hand-ins
# apart, short enough to read. The prefix keeps a spreadsheet from reading digits as a number.
FINGERPRINT_DIGITS = 12
FINGERPRINT_PREFIX = "sha256:"
# What the written answer cell of every student notebook holds until the student answers
# (tests/test_grading_report.py checks each notebook's cell against it).
BLANK_ANSWER = "_Type your answer here, replacing this text._"
# The student column of the rows that say what each column is worth (as a gradebook's
# "Points Possible" row); parentheses keep it apart from the names of students.
POSSIBLE_ROW = "(points possible)"
# Words of check names that read better in their usual spelling.
SPELLING = {"iou": "IoU", "ods": "ODS", "ois": "OIS", "f1": "F1", "otsu": "Otsu", "sobel": "Sobel"}


class GradedRow(Protocol):
    """What :func:`write_outputs` reads of a row (:class:`.grade.Row` is one)."""

    student: str
    assignment: str
    status: str
    seconds: float
    questions: dict
    errors: list
    written: dict
    sha256: str


@dataclass(frozen=True)
class Mark:
    """One usable line of ``marks.csv``: the points (None: a comment only) and the comment."""

    points: float | None
    comment: str


# Student -> question -> their mark, as read from marks.csv.
Marks = dict[str, dict[str, Mark]]


@dataclass(frozen=True)
class MarksRead:
    """What ``marks.csv`` holds for the rows graded.

    ``marks``: the usable marks. ``earlier``: (student, question) -> the line numbers of marks
    given for a submission the student has replaced since, while the new one has no mark.
    ``problems``: one sentence per line not counted, with its line number and what to do.
    """

    marks: Marks
    earlier: dict[tuple[str, str], list[int]]
    problems: list[str]


def _fingerprint(row: GradedRow) -> str:
    """The short name of a row's submitted file in ``marks.csv`` (empty if it was not read)."""
    digits = row.sha256[:FINGERPRINT_DIGITS]
    return f"{FINGERPRINT_PREFIX}{digits}" if digits else ""


def _is_blank(answer: str) -> bool:
    """Whether a written answer is still the hand-out's placeholder, or empty."""
    return answer.strip() in ("", BLANK_ANSWER)


def _replace(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file, so no reader sees half a file."""
    if path.is_file() and path.read_text(encoding="utf-8") == text:
        return  # unchanged: called after every submission, most files stay as they are
    write_text(path, text)


def _number(value: float) -> str:
    """A score as the CSV shows it: a float, rounded so that 0.1 + 0.2 reads 0.3."""
    return str(round(float(value), 4))


def _csv_text(lines: list[list]) -> str:
    """Lines of fields as CSV text."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(lines)
    return buffer.getvalue()


def _worth(rows: Sequence[GradedRow]) -> dict[str, float]:
    """Question -> the points it is worth, over every assignment in the rows."""
    worth = {}
    for row in rows:
        worth.update({name: q["possible"] for name, q in row.questions.items()})
        worth.update({name: WRITTEN_POINTS for name in row.written})
    return worth


def _template_lines(rows: Sequence[GradedRow]) -> list[list[str]]:
    """A blank line of ``marks.csv`` for each student and each written question they answered."""
    return [
        [row.student, question, "", "", _fingerprint(row)]
        for row in rows
        for question in row.written
    ]


def _points(text: str, question: str, worth: float) -> tuple[float | None, str]:
    """A mark's points as a number, or the reason they cannot be used (empty when they can)."""
    if not text:
        return None, ""
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if 0 <= value <= worth:  # also refuses nan
        return value, ""
    reason = f"{text!r} points for {question}, which is worth {worth:g}: "
    reason += f"write a number from 0 to {worth:g}"
    if re.fullmatch(r"\d+,\d+", text):  # a decimal comma, as a spreadsheet in some locales writes
        reason += f", with a decimal point ({text.replace(',', '.')}, not {text})"
    return None, reason + "."


def _read_marks(path: Path, rows: Sequence[GradedRow]) -> tuple[MarksRead, set | None]:
    """The marks of ``marks.csv`` for ``rows``, and the lines it has.

    The lines: every (student, question, submission) it has a line for; None when the file
    cannot be read as marks at all. Problems name the file's line and say how to fix it;
    their marks are left out.
    """
    try:
        text = path.read_text(encoding="utf-8-sig")  # a spreadsheet may save with a BOM
    except UnicodeDecodeError:
        problem = f"{path} is not a CSV text file: save it as CSV (UTF-8), not xlsx."
        return MarksRead({}, {}, [problem]), None
    reader = csv.DictReader(io.StringIO(text))
    if any(column not in (reader.fieldnames or []) for column in MARKS_COLUMNS):
        found = ",".join(reader.fieldnames or [])
        expected = ",".join(MARKS_COLUMNS)
        problem = f"{path}: its first line must be {expected}, not {found!r}."
        return MarksRead({}, {}, [problem]), None
    by_student = {row.student: row for row in rows}
    worth = _worth(rows)
    listed, given, replaced, problems = set(), {}, {}, []
    for entry in reader:
        line = reader.line_num
        student, question, points, comment, submission = (
            (entry.get(column) or "").strip() for column in MARKS_COLUMNS
        )
        if not any((student, question, points, comment, submission)):
            continue
        listed.add((student, question, submission))
        if not points and not comment:
            continue
        where = f"{path.name} line {line}"
        row = by_student.get(student)
        if row is None:
            problems.append((line, f"{where}: no student {student!r} was graded; check the name."))
            continue
        if not row.questions and not row.written:
            problems.append(
                (line, f"{where}: {student}'s submission was not graded; mark it once it is.")
            )
            continue
        if question not in worth:
            known = ", ".join(sorted(worth)) or "none graded yet"
            problems.append((line, f"{where}: no question {question!r} (questions: {known})."))
            continue
        value, reason = _points(points, question, worth[question])
        if reason:
            problems.append((line, f"{where}: {reason}"))
            continue
        if submission != _fingerprint(row):
            replaced.setdefault((student, question), []).append((line, submission))
            continue
        given.setdefault((student, question), []).append((line, Mark(value, comment)))
    marks = {}
    for (student, question), found in given.items():
        if len(found) > 1:
            numbers = " and ".join(str(line) for line, _ in found)
            problems.append(
                (
                    found[0][0],
                    f"{path.name} lines {numbers} all mark {student}'s {question}: keep one line.",
                )
            )
        else:
            marks.setdefault(student, {})[question] = found[0][1]
    earlier = {}
    for (student, question), found in replaced.items():
        if (student, question) in given:
            continue  # the submission graded now has its own mark: the older ones are history
        earlier[(student, question)] = [line for line, _ in found]
        now = _fingerprint(by_student[student]) or "none: it was not graded"
        for line, submission in found:
            where = f"{path.name} line {line}: the mark of {student}'s {question}"
            if submission:
                problem = (
                    f"{where} names submission {submission}, not the one graded now ({now}): "
                    "handed in again since, or the fingerprint was changed. Not counted: if it "
                    f"still stands, write it on a line that ends with {now} (as {student}'s "
                    "newest lines do)."
                )
            else:
                problem = (
                    f"{where} names no submission. Not counted: end the line with ,{now} "
                    f"({student}'s submission graded now), as the lines grading writes do."
                )
            problems.append((line, problem))
    messages = [message for _, message in sorted(problems, key=lambda problem: problem[0])]
    return MarksRead(marks, earlier, messages), listed


def _merge_marks(out: Path, rows: Sequence[GradedRow]) -> MarksRead:
    """Create ``marks.csv`` or append the lines it lacks; what it holds for ``rows``.

    Lines already in the file are never changed: new ones are appended, in one write.
    """
    path = out / MARKS
    template = _template_lines(rows)
    if not path.exists():
        try:
            with open(path, "x", encoding="utf-8", newline="") as file:  # never replaces one
                file.write(_csv_text([list(MARKS_COLUMNS), *template]))
        except FileExistsError:
            pass  # made meanwhile: read it below like any other
    found, listed = _read_marks(path, rows)
    if listed is None:
        return found  # a file it cannot read is not appended to either
    missing = [line for line in template if (line[0], line[1], line[4]) not in listed]
    if missing:
        ending = path.read_bytes()[-1:]
        with open(path, "a", encoding="utf-8", newline="") as file:
            file.write(("" if ending in (b"\n", b"") else "\n") + _csv_text(missing))
    return found


def _scores_of(row: GradedRow, marks: Marks) -> dict[str, float]:
    """Question -> the row's score: the checks', or the instructor's mark where there is one."""
    scores = {question: result["score"] for question, result in row.questions.items()}
    for question, mark in marks.get(row.student, {}).items():
        if mark.points is not None:
            scores[question] = mark.points  # written marks, and code questions re-marked
    return scores


def _scores_text(rows: Sequence[GradedRow], marks: Marks) -> str:
    """The text of ``scores.csv``: header, a points-possible row per assignment, the students."""
    questions = sorted({q for r in rows for q in r.questions})
    written = sorted({q for r in rows for q in r.written})
    header = ["student", "assignment", *questions, "autograded", "possible", *written, "total"]
    lines = [[*header, "status", "seconds"]]
    for assignment in sorted({r.assignment for r in rows if r.questions}):
        of_it = [r for r in rows if r.assignment == assignment]
        worth = _worth(of_it)
        autograded = sum(v for q, v in worth.items() if q in questions)
        total = sum(worth.values())
        cells = [_number(worth[q]) if q in worth else "" for q in questions]
        cells += [_number(autograded), _number(autograded)]
        cells += [_number(worth[q]) if q in worth else "" for q in written]
        lines.append([POSSIBLE_ROW, assignment, *cells, _number(total), "", ""])
    for r in rows:
        scores = _scores_of(r, marks)
        unmarked = [q for q in r.written if q not in scores]
        # Nothing graded (two files, a PDF, a timeout): blank, not 0 out of 0; status says why.
        graded = bool(r.questions)
        total = _number(sum(scores.values())) if graded and not unmarked else ""
        cells = [_number(scores[q]) if q in scores else "" for q in questions]
        autograded = sum(v["score"] for v in r.questions.values())
        possible = sum(v["possible"] for v in r.questions.values())
        cells += [_number(autograded), _number(possible)] if graded else ["", ""]
        cells += [_number(scores[q]) if q in scores else "" for q in written]
        lines.append([r.student, r.assignment, *cells, total, r.status, f"{r.seconds:.0f}"])
    return _csv_text(lines)


def _check_title(check: dict) -> str:
    """A check's function name as words: ``test_mask_of_a_new_image`` -> Mask of a new image.

    The worker names each check by its function (:func:`.worker.check_names`); a name given
    with ``@test_case(name=...)``, or otter's numbered name (``intro_q1 - 1``) in older results,
    is kept as it is.
    """
    function = check.get("function") or check["name"]
    if not function.startswith("test_"):
        return check["name"]
    words = function.removeprefix("test_").split("_")
    words = [SPELLING.get(word, word) for word in words if word]
    text = " ".join(words) or function
    return text[0].upper() + text[1:]


def _hint(message: str) -> str:
    """What a failed public check tells the student, from otter's message.

    otter writes ``❌ Test case failed``, ``Error at line N in test NAME:``, the failing line of
    the check, then ``Exception: message``; the hint is the message (for an assertion) or the
    exception with its message; without one, the failing line. Anything else is kept whole.
    """
    lines = message.strip().split("\n")
    if lines and lines[0].startswith("❌"):
        lines = lines[1:]
    if len(lines) < 3 or not lines[0].startswith("Error at line"):
        return "\n".join(lines).strip()
    code, error = lines[1].strip(), "\n".join(lines[2:]).strip()
    kind, _, text = error.partition(":")
    if kind == "AssertionError":
        return text.strip() or f"This failed: `{code}`"
    return error


def _quoted(text: str) -> list[str]:
    """Markdown lines quoting ``text`` inside a list item."""
    return [f"  > {line}".rstrip() for line in text.split("\n")]


def _question_lines(name: str, question: dict, mark: Mark | None) -> list[str]:
    """The feedback of one code question: its score, each check, the instructor's word."""
    score = f"{question['score']:g} / {question['possible']:g}"
    if mark is not None and mark.points is not None:
        given = f"set by your instructor; the checks gave {question['score']:g}"
        score = f"{mark.points:g} / {question['possible']:g} ({given})"
    lines = [f"## {name}: {score}", ""]
    for check in question["checks"]:
        title = _check_title(check)
        kind = " (hidden check)" if check["hidden"] else ""
        if check["passed"]:
            lines.append(f"- ✅ {title}{kind}: passed")
        elif check["hidden"]:
            lines.append(f"- ❌ {title}{kind}: failed")
        else:
            lines += [f"- ❌ {title}: failed. Hint:", *_quoted(_hint(check["message"]))]
    if mark is not None and mark.comment:
        lines += ["", f"Your instructor: {mark.comment}"]
    return [*lines, ""]


def _written_lines(name: str, answer: str, mark: Mark | None) -> list[str]:
    """The feedback of one written question: its points, and its mark once given."""
    if mark is None or mark.points is None:
        lines = [
            f"## {name} (written question): {WRITTEN_POINTS:g} points, marked by hand",
            "",
            "Your instructor marks your answer by hand: not marked yet.",
        ]
        if _is_blank(answer):
            lines[-1] = "You left this answer blank: its cell still holds the hand-out's text."
    else:
        lines = [
            f"## {name} (written question): {mark.points:g} / {WRITTEN_POINTS:g}",
            "",
            "Marked by hand by your instructor.",
        ]
    if mark is not None and mark.comment:
        lines += ["", f"Your instructor: {mark.comment}"]
    return [*lines, ""]


HOW_TO_READ = (
    "Each question lists its checks: ✅ passed, ❌ failed. Public checks are the ones "
    "`grader.check` ran in your notebook; a failed one says what to fix. Hidden checks run "
    "your answer again on inputs you did not see (another image, other numbers): when one "
    "fails while the public check passed, your answer fits the notebook's data only, so make "
    "it compute from its inputs instead of typing a result."
)


def _feedback_text(row: GradedRow, marks: Marks) -> str:
    """The feedback file of one student."""
    mine = marks.get(row.student, {})
    lines = [f"# {row.assignment or 'Your submission'}: feedback for {row.student}", ""]
    if row.status != "graded":
        lines += [f"**Not graded.** {not_graded.for_student(row.status)}", ""]
    if row.questions:
        scores = _scores_of(row, marks)
        possible = sum(v["possible"] for v in row.questions.values())
        possible += WRITTEN_POINTS * len(row.written)
        unmarked = [q for q in row.written if q not in scores]
        so_far = "Score so far" if unmarked else "Score"
        lines += [f"**{so_far}: {sum(scores.values()):g} / {possible:g}.**"]
        if unmarked:
            lines[-1] += " The written question is added when your instructor has marked it."
        lines += ["", HOW_TO_READ, ""]
    for name, question in sorted(row.questions.items()):
        lines += _question_lines(name, question, mine.get(name))
    for name in sorted(row.written):
        lines += _written_lines(name, row.written[name], mine.get(name))
    if row.errors:
        lines += [
            "## Cells that stopped with an error or at the time limit",
            "",
            "The rest of the notebook still ran; the checks that need these cells' results fail.",
            "",
            *[f"- {error}" for error in row.errors],
            "",
        ]
    return "\n".join(lines)


def _written_text(question: str, rows: Sequence[GradedRow], found: MarksRead) -> str:
    """Every answer to one written question, each with its mark once given, blanks said so."""
    lines = [f"# {question} ({WRITTEN_POINTS:g} points): mark in {MARKS}", ""]
    for r in rows:
        if question not in r.written:
            continue
        notes = []
        if _is_blank(r.written[question]):
            notes.append("no answer: the cell still holds the hand-out's text")
        mark = found.marks.get(r.student, {}).get(question)
        if mark and mark.points is not None:
            notes.append(f"marked {mark.points:g}")
        earlier = found.earlier.get((r.student, question))
        if earlier:
            numbers = ", ".join(str(line) for line in earlier)
            notes.append(
                f"handed in again; the earlier submission's mark, line {numbers}, not used"
            )
        given = f" ({'; '.join(notes)})" if notes else ""
        lines += [f"## {r.student}{given}", "", r.written[question], ""]
    return "\n".join(lines)


def write_outputs(rows: Sequence[GradedRow], out: Path) -> list[str]:
    """Write ``scores.csv``, ``feedback/`` and ``written/`` in ``out``, with the marks merged.

    Creates ``out/marks.csv`` when it is not there (a line per student and written question,
    points blank, ending with the submission's fingerprint), else appends the lines of the
    submissions it lacks (a student's new hand-in too); never changes a line of it. A mark
    counts only for the submission its line names. Safe to call again with more rows: each
    file is replaced whole, and only when it changed.

    Parameters
    ----------
    rows : sequence of Row
        What grading produced so far (:class:`.grade.Row`), one per student.
    out : Path
        The output folder; made if it does not exist.

    Returns
    -------
    list of str
        The lines of ``marks.csv`` left out of the scores, each saying why and what to do, in
        the file's order (empty when every mark was used). A mark for a submission the student
        has replaced since is one of them until the new submission has its own mark.

    Examples
    --------
    >>> import tempfile
    >>> from segutils.classroom.grade import Row
    >>> q1 = {"score": 1.0, "possible": 2.0, "checks": []}
    >>> ann = Row("ann", "00_intro", "graded", 12, {"intro_q1": q1}, [], {"intro_written": "..."})
    >>> ann.sha256 = "3f2a9c1b0d4e" + 52 * "0"  # the submitted file's, as grading sets it
    >>> out = Path(tempfile.mkdtemp()) / "graded"
    >>> write_outputs([ann], out)
    []
    >>> print((out / "scores.csv").read_text().strip())
    student,assignment,intro_q1,autograded,possible,intro_written,total,status,seconds
    (points possible),00_intro,2.0,2.0,2.0,2.0,4.0,,
    ann,00_intro,1.0,1.0,2.0,,,graded,12
    >>> marks = out / "marks.csv"
    >>> marks.read_text().splitlines()
    ['student,question,points,comment,submission', 'ann,intro_written,,,sha256:3f2a9c1b0d4e']
    >>> _ = marks.write_text(marks.read_text().replace("written,,,", "written,1.5,Clear.,"))
    >>> write_outputs([ann], out)
    []
    >>> (out / "scores.csv").read_text().splitlines()[-1]
    'ann,00_intro,1.0,1.0,2.0,1.5,2.5,graded,12'

    References
    ----------
    Python documentation, "csv: CSV file reading and writing",
    https://docs.python.org/3/library/csv.html
    """
    for folder in (out, out / "feedback", out / "written"):
        folder.mkdir(parents=True, exist_ok=True)
    found = _merge_marks(out, rows)
    marks = found.marks
    _replace(out / SCORES, _scores_text(rows, marks))
    for row in rows:
        _replace(out / "feedback" / f"{row.student}.md", _feedback_text(row, marks))
    for question in sorted({q for r in rows for q in r.written}):
        _replace(out / "written" / f"{question}.md", _written_text(question, rows, found))
    return found.problems


def remove_outputs(out: Path) -> None:
    """Remove what :func:`write_outputs` wrote in ``out``, keeping ``marks.csv`` and the rest.

    What ``--overwrite`` clears before grading again: the instructor's marks survive it.

    Parameters
    ----------
    out : Path
        An output folder (it may not exist).

    Examples
    --------
    >>> import tempfile
    >>> out = Path(tempfile.mkdtemp())
    >>> _ = (out / "scores.csv").write_text("old"), (out / "marks.csv").write_text("mine")
    >>> remove_outputs(out)
    >>> sorted(path.name for path in out.iterdir())
    ['marks.csv']

    References
    ----------
    Python documentation, "shutil.rmtree",
    https://docs.python.org/3/library/shutil.html#shutil.rmtree
    """
    (out / SCORES).unlink(missing_ok=True)
    for folder in ("feedback", "written"):
        shutil.rmtree(out / folder, ignore_errors=True)
