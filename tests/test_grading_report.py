"""What grading writes: scores that say what they are out of, marks never lost, useful feedback.

No notebook is executed: the rows are built here, their checks' results come from running the
checks of 00_intro's real autograder bundle (built once by otter assign) with otter on small
environments, as the grading kernel does, so these tests take seconds. The grading of real
submissions is tested in tests/test_classroom.py.
"""

import csv
import re
import shutil
import subprocess
import zipfile
from pathlib import Path
from types import SimpleNamespace

import nbformat
import pytest
import yaml

from segutils import cli
from segutils.classroom import assignments, grade_cli, report
from segutils.classroom.assignments import WRITTEN_POINTS
from segutils.classroom.grade import Row
from segutils.classroom.worker import summarise

PROJECT = Path(__file__).resolve().parents[1]
CHECKS = PROJECT / "notebooks" / "checks"
RIGHT = "my_iou = (small_truth & small_prediction).sum() / (small_truth | small_prediction).sum()"


def masks():
    """The two small masks of exercise 1, as the notebook defines them (its public check holds
    a digest of their IoU)."""
    import numpy as np

    truth = np.array([[0, 1, 1, 0], [0, 1, 1, 0], [0, 1, 1, 0]], dtype=bool)
    prediction = np.array([[0, 0, 1, 1], [0, 1, 1, 1], [1, 0, 1, 0]], dtype=bool)
    return truth, prediction


@pytest.fixture(scope="module")
def bundle(tmp_path_factory) -> Path:
    """00_intro's autograder bundle, built by otter assign (seconds; nothing is executed)."""
    out = tmp_path_factory.mktemp("assignments")
    assignments.build(PROJECT / "notebooks" / "00_intro.ipynb", out)
    (found,) = (out / "00_intro" / "autograder").glob("*.zip")
    return found


def intro_q1(bundle: Path, answer: str | None) -> dict:
    """intro_q1 as the worker reports it: the bundle's checks, public and hidden, run by otter.

    ``answer`` is the student's answer cell (None: left blank), run as the kernel runs it.
    """
    from otter.test_files import ExceptionTestFile

    truth, prediction = masks()
    env = {"small_truth": truth, "small_prediction": prediction, "my_iou": ..., "In": []}
    if answer is not None:
        exec(answer, env)
        env["In"] = [answer]
    with zipfile.ZipFile(bundle) as archive:
        source = archive.read("tests/intro_q1.py").decode()
    checks = ExceptionTestFile.from_string(source, "tests/intro_q1.py")
    checks.run(env)
    results = SimpleNamespace(results={"intro_q1": checks})
    summary = summarise(results, Path("00_intro.ipynb"), bundle)
    return summary["questions"]["intro_q1"]


def typed_number() -> str:
    """The right IoU of the notebook's masks, typed in: passes the public check only."""
    truth, prediction = masks()
    return f"my_iou = {float((truth & prediction).sum() / (truth | prediction).sum())!r}"


@pytest.fixture(scope="module")
def row(bundle):
    """A graded row of 00_intro with intro_q1 answered as given, and a written answer."""

    def make(student: str, answer: str | None = RIGHT, **fields) -> Row:
        defaults = {
            "assignment": "00_intro",
            "status": "graded",
            "seconds": 30.0,
            "questions": {"intro_q1": intro_q1(bundle, answer)},
            "written": {"intro_written": f"{student}'s answer"},
        }
        return Row(student, **{**defaults, **fields})

    return make


def scores(out: Path) -> dict[str, dict[str, str]]:
    with open(out / "scores.csv", newline="") as file:
        return {line["student"]: line for line in csv.DictReader(file)}


def add_marks(out: Path, *lines: str) -> None:
    """The instructor types lines at the end of marks.csv."""
    with open(out / "marks.csv", "a") as file:
        file.write("".join(f"{line}\n" for line in lines))


def test_the_checks_run_here_as_the_grader_runs_them(bundle):
    assert intro_q1(bundle, RIGHT)["score"] == 2, "the reference passes public and hidden"
    assert intro_q1(bundle, None)["score"] == 0
    typed = intro_q1(bundle, typed_number())
    assert [check["passed"] for check in typed["checks"]] == [True, False]


def test_scores_say_what_each_column_is_worth(row, tmp_path):
    rows = [row("ann"), Row("bob", status="No file.")]
    assert report.write_outputs(rows, tmp_path) == []
    found = scores(tmp_path)
    header = next(csv.reader(open(tmp_path / "scores.csv")))
    assert header == [
        "student",
        "assignment",
        "intro_q1",
        "autograded",
        "possible",
        "intro_written",
        "total",
        "status",
        "seconds",
    ]
    possible = found[report.POSSIBLE_ROW]
    assert float(possible["intro_q1"]) == 2 and float(possible["autograded"]) == 2
    assert float(possible["intro_written"]) == WRITTEN_POINTS
    assert float(possible["total"]) == 2 + WRITTEN_POINTS
    assert possible["assignment"] == "00_intro"
    ann = found["ann"]
    assert float(ann["intro_q1"]) == 2 and float(ann["autograded"]) == 2
    assert ann["intro_written"] == "" and ann["total"] == "", "no total before the written mark"
    assert found["bob"]["status"] == "No file."


def test_marks_are_merged_into_scores_and_feedback(row, tmp_path):
    rows = [row("ann"), row("bob", answer=None)]
    report.write_outputs(rows, tmp_path)
    add_marks(
        tmp_path,
        "ann,intro_written,1.5,Accuracy counts the background: good.",
        "bob,intro_q1,1,You found the formula; the cell was not run.",  # a code question re-marked
        "bob,intro_written,0.5,",
    )
    assert report.write_outputs(rows, tmp_path) == []
    found = scores(tmp_path)
    assert float(found["ann"]["intro_written"]) == 1.5 and float(found["ann"]["total"]) == 3.5
    bob = found["bob"]
    assert float(bob["intro_q1"]) == 1, "the instructor's mark replaces the checks' score"
    assert float(bob["autograded"]) == 0, "autograded keeps what the checks gave"
    assert float(bob["total"]) == 1.5
    feedback = (tmp_path / "feedback" / "bob.md").read_text()
    assert "intro_q1: 1 / 2 (set by your instructor; the checks gave 0)" in feedback
    assert "You found the formula" in feedback
    feedback = (tmp_path / "feedback" / "ann.md").read_text()
    assert f"intro_written (written question): 1.5 / {WRITTEN_POINTS}" in feedback
    assert "Marked by hand" in feedback and "Accuracy counts the background" in feedback
    assert "Score: 3.5 / 4." in feedback
    assert "## ann (marked 1.5)" in (tmp_path / "written" / "intro_written.md").read_text()


def test_marks_are_never_changed_only_lines_for_new_students_appended(row, tmp_path):
    report.write_outputs([row("ann")], tmp_path)
    marks = tmp_path / "marks.csv"
    assert marks.read_text().splitlines() == [
        "student,question,points,comment,submission",
        "ann,intro_written,,,",  # these rows were not read from a file: no fingerprint
    ]
    # As a spreadsheet might save it: quotes, a comma in a comment, no newline at the end.
    typed = 'student,question,points,comment,submission\nann,intro_written,2,"Clear, and short.",'
    marks.write_text(typed)
    rows = [row("ann"), row("bob")]
    report.write_outputs(rows, tmp_path)  # called again after each finished submission
    text = marks.read_text()
    assert text.startswith(typed), "not a byte of the instructor's lines changed"
    assert text[len(typed) :] == "\nbob,intro_written,,,\n", "the new student's line appended"
    report.write_outputs(rows, tmp_path)
    assert marks.read_text() == text, "nothing appended twice"
    assert float(scores(tmp_path)["ann"]["intro_written"]) == 2


def test_overwrite_keeps_the_marks(tmp_path, capsys):
    folder = tmp_path / "submissions"
    folder.mkdir()
    (folder / "notes.txt").write_text("not a submission")  # a row without running anything
    out = tmp_path / "graded"
    out.mkdir()
    (out / "scores.csv").write_text("old scores")
    (out / "feedback").mkdir()
    (out / "feedback" / "gone.md").write_text("a student no longer in the folder")
    typed = "student,question,points,comment,submission\nann,intro_written,2,Typed by hand.,\n"
    (out / "marks.csv").write_text(typed)
    arguments = [str(folder), "--out", str(out), "--assignments", str(tmp_path)]
    assert cli.main(["grade", *arguments]) == 2, "refused without --overwrite"
    assert cli.main(["grade", *arguments, "--overwrite"]) == 1, "notes.txt was not graded"
    assert (out / "marks.csv").read_text() == typed, "--overwrite keeps marks.csv"
    assert not (out / "feedback" / "gone.md").exists(), "the old outputs are replaced"
    assert "notes" in scores(out)
    printed = capsys.readouterr().out
    assert "marks.csv is not counted" in printed and "no student 'ann' was graded" in printed


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        ("carl,intro_written,1,", "line 4: no student 'carl' was graded"),
        ("ann,intro_q9,1,", "line 4: no question 'intro_q9'"),
        ("ann,intro_written,3,", "'3' points for intro_written, which is worth 2"),
        ("ann,intro_written,-1,", "'-1' points for intro_written"),
        ("ann,intro_written,two,", "'two' points for intro_written"),
        ("ann,intro_q1,2.5,", "'2.5' points for intro_q1, which is worth 2"),
    ],
)
def test_a_mark_that_cannot_be_used_is_reported_not_counted(row, tmp_path, line, problem):
    rows = [row("ann"), row("bob")]
    report.write_outputs(rows, tmp_path)
    add_marks(tmp_path, line)
    problems = report.write_outputs(rows, tmp_path)
    assert len(problems) == 1 and problem in problems[0]
    ann = scores(tmp_path)["ann"]
    assert float(ann["intro_q1"]) == 2 and ann["intro_written"] == "" and ann["total"] == ""


def test_two_marks_for_one_answer_are_reported(row, tmp_path):
    rows = [row("ann")]
    report.write_outputs(rows, tmp_path)
    add_marks(tmp_path, "ann,intro_written,1,", "ann,intro_written,2,")
    (problem,) = report.write_outputs(rows, tmp_path)
    assert problem.endswith("lines 3 and 4 all mark ann's intro_written: keep one line.")
    assert scores(tmp_path)["ann"]["intro_written"] == ""


def test_a_marks_file_that_is_not_marks_is_reported_and_left_alone(row, tmp_path):
    (tmp_path / "marks.csv").write_text("name;mark\nann;2\n")  # a spreadsheet's semicolons
    before = (tmp_path / "marks.csv").read_bytes()
    (problem,) = report.write_outputs([row("ann")], tmp_path)
    assert "first line must be student,question,points,comment" in problem
    assert (tmp_path / "marks.csv").read_bytes() == before
    assert scores(tmp_path)["ann"]["intro_written"] == ""


def test_outputs_are_replaced_whole_and_only_when_they_change(row, tmp_path):
    rows = [row("ann"), row("bob", answer=None)]
    report.write_outputs(rows, tmp_path)
    written = {path: path.stat().st_mtime_ns for path in tmp_path.rglob("*") if path.is_file()}
    report.write_outputs(rows, tmp_path)
    again = {path: path.stat().st_mtime_ns for path in tmp_path.rglob("*") if path.is_file()}
    assert again == written, "an unchanged file is not written again, and no file is left over"
    assert not [path for path in tmp_path.rglob(".*")], "no temporary file left behind"
    report.remove_outputs(tmp_path)
    assert sorted(path.name for path in tmp_path.iterdir()) == ["marks.csv"]


def test_feedback_names_each_check_and_says_which_are_hidden(row, tmp_path):
    rows = [row("right"), row("blank", answer=None), row("typed", answer=typed_number())]
    report.write_outputs(rows, tmp_path)
    right = (tmp_path / "feedback" / "right.md").read_text()
    assert "- ✅ IoU by hand: passed" in right
    assert "- ✅ IoU on held back masks (hidden check): passed" in right
    blank = (tmp_path / "feedback" / "blank.md").read_text()
    assert "- ❌ IoU by hand: failed. Hint:\n  > Replace ... with your IoU (a number)." in blank
    assert "- ❌ IoU on held back masks (hidden check): failed" in blank
    assert "No IoU." not in blank, "a hidden check's message stays with the instructor"
    typed = (tmp_path / "feedback" / "typed.md").read_text()
    assert "- ✅ IoU by hand: passed" in typed
    assert "(hidden check): failed" in typed and "inputs you did not see" in typed
    assert "intro_q1 - 1" not in right + blank + typed, "checks are named, not numbered"


def test_feedback_acknowledges_the_written_question_and_the_time_limit(row, tmp_path):
    stopped = "stopped after 20 s: look for a loop that never ends (cell 12)"
    rows = [
        row("ann", errors=[stopped]),
        Row(
            "bob",
            "00_intro",
            "timed out after 1200 s: scored 0",
            1200,
            written={"intro_written": "x"},
        ),
    ]
    report.write_outputs(rows, tmp_path)
    ann = (tmp_path / "feedback" / "ann.md").read_text()
    written = f"## intro_written (written question): {WRITTEN_POINTS} points, marked by hand"
    assert written in ann and "not marked yet." in ann
    assert f"- {stopped}" in ann, "the time-limit stop reads as the worker wrote it"
    assert "Score so far: 2 / 4." in ann
    bob = (tmp_path / "feedback" / "bob.md").read_text()
    assert "**Not graded.** Grading your notebook was stopped after 1200 s" in bob
    assert written in bob


def test_the_written_question_states_the_points_otter_gives_it():
    stated = re.compile(r"It is worth \*\*(\d+(?:\.\d+)?) points\*\*, marked by hand")
    notebooks = assignments.with_exercises(PROJECT / "notebooks")
    assert len(notebooks) >= 7
    for notebook in notebooks:
        master = assignments.compose_master(notebook)
        (index,) = [i for i, c in enumerate(master.cells) if "manual: true" in c.source]
        config = yaml.safe_load(master.cells[index].source.split("\n", 1)[1])
        prompt = master.cells[index + 1]
        assert prompt.cell_type == "markdown"
        found = stated.findall(prompt.source)
        assert found == [str(WRITTEN_POINTS)], f"{notebook.name}: state the points once"
        assert config["points"] == WRITTEN_POINTS, f"{notebook.name}: otter's points"
        source = nbformat.read(notebook, 4)
        assert any(prompt.source == cell.source for cell in source.cells), "said in the notebook"


def make_grade(*variables: str) -> subprocess.CompletedProcess:
    """``make -n grade ...``: the command make would run, without running anything."""
    command = ["make", "-n", "--no-print-directory", "grade", *variables]
    return subprocess.run(command, cwd=PROJECT, capture_output=True, text=True)


@pytest.mark.skipif(shutil.which("make") is None, reason="no make")
def test_make_grade_takes_the_options_the_docs_show():
    run = make_grade("SUBMISSIONS=subs", "OVERWRITE=1", "JOBS=3", "CELL_TIMEOUT=60", "RESUME=0")
    (line,) = [line for line in run.stdout.split("\n") if "segutils grade" in line]
    assert line.endswith('segutils grade "subs" --jobs "3" --cell-timeout "60" --overwrite')
    options = ["OUT=graded", "SCHEDULER=tcp://10.0.0.1:8786", "RESUME=1", "TIMEOUT=900"]
    options += ["MEMORY_GB=16", "ASSIGNMENT=00_intro", "ASSIGNMENTS=built", "GRADE_ARGS=--x"]
    run = make_grade("SUBMISSIONS=subs", *options)
    (line,) = [line for line in run.stdout.split("\n") if "segutils grade" in line]
    for option in (
        '--out "graded"',
        '--scheduler "tcp://10.0.0.1:8786"',
        "--resume",
        '--timeout "900"',
        '--memory-gb "16"',
        '--assignment "00_intro"',
        '--assignments "built"',
        "--x",
    ):
        assert option in line
    run = make_grade("SUBMISSIONS=subs", "OVERWRITE=yes")
    assert run.returncode != 0 and "write OVERWRITE=1 to turn it on" in run.stderr


def test_the_documented_options_are_the_command_line_tool_s():
    import argparse

    parser = argparse.ArgumentParser()
    grade_cli.add_arguments(parser)
    known = {option for action in parser._actions for option in action.option_strings}
    makefile = (PROJECT / "Makefile").read_text()
    mapped = set(re.findall(r"\$\(call (?:grade_value|switch),\w+,(--[\w-]+)\)", makefile))
    missing = sorted(known - mapped - {"-h", "--help"})
    assert not missing, f"give {missing} a make variable in the Makefile's grade target"


# --- fix-report ---

FIRST = "3f2a9c1b0d4e" + 52 * "a"  # carol's first hand-in's SHA-256
SECOND = "77e0c25b9a13" + 52 * "b"  # her corrected one


def test_a_mark_stays_with_the_submission_it_was_given_for(row, tmp_path):
    # carol handed in a typed number (hidden check failed); the instructor re-marked intro_q1
    # and marked her written answer, copying her line's fingerprint, as the docs say.
    first = row("carol", answer=typed_number(), sha256=FIRST)
    report.write_outputs([first], tmp_path)
    marks = tmp_path / "marks.csv"
    assert marks.read_text().splitlines()[1] == "carol,intro_written,,,sha256:3f2a9c1b0d4e"
    add_marks(
        tmp_path,
        "carol,intro_q1,1,Typed in: half marks.,sha256:3f2a9c1b0d4e",
        "carol,intro_written,1.5,Good.,sha256:3f2a9c1b0d4e",
    )
    assert report.write_outputs([first], tmp_path) == []
    assert float(scores(tmp_path)["carol"]["intro_q1"]) == 1
    typed = marks.read_text()
    # She hands in a corrected notebook; --resume grades it again.
    second = row("carol", sha256=SECOND)
    problems = report.write_outputs([second], tmp_path)
    text = marks.read_text()
    assert text.startswith(typed), "no line of the instructor's changed or removed"
    assert text[len(typed) :] == "carol,intro_written,,,sha256:77e0c25b9a13\n"
    assert len(problems) == 2
    assert problems[0].startswith("marks.csv line 3: the mark of carol's intro_q1 names ")
    assert "sha256:3f2a9c1b0d4e, not the one graded now (sha256:77e0c25b9a13)" in problems[0]
    assert "marks.csv line 4: the mark of carol's intro_written" in problems[1]
    carol = scores(tmp_path)["carol"]
    assert float(carol["intro_q1"]) == 2, "the checks' score of the new work, not the old mark"
    assert carol["intro_written"] == "" and carol["total"] == ""
    feedback = (tmp_path / "feedback" / "carol.md").read_text()
    assert "## intro_q1: 2 / 2" in feedback and "set by your instructor" not in feedback
    assert "Typed in" not in feedback and "Good." not in feedback
    written = (tmp_path / "written" / "intro_written.md").read_text()
    assert "earlier submission's mark, line 4, not used" in written
    # The instructor marks the new answer: the old line is history, no longer reported.
    add_marks(tmp_path, "carol,intro_written,2,Better.,sha256:77e0c25b9a13")
    (problem,) = report.write_outputs([second], tmp_path)
    assert "carol's intro_q1" in problem
    assert float(scores(tmp_path)["carol"]["total"]) == 4


def test_a_mark_not_counted_makes_the_exit_status_1(row, tmp_path, monkeypatch, capsys):
    from segutils.classroom import grade

    second = row("carol", sha256=SECOND)
    monkeypatch.setattr(grade, "grade_submissions", lambda *args, **options: [second])
    folder = tmp_path / "submissions"
    folder.mkdir()
    (folder / "carol.ipynb").write_text("{}")
    out = tmp_path / "graded"
    arguments = [str(folder), "--out", str(out), "--assignments", str(tmp_path)]
    assert cli.main(["grade", *arguments]) == 0, "every submission graded, no mark typed"
    add_marks(out, "carol,intro_written,1.5,Good.,sha256:3f2a9c1b0d4e")  # her first hand-in's
    assert cli.main(["grade", *arguments, "--resume"]) == 1
    printed = capsys.readouterr().out
    assert "1 of 1 submissions graded" in printed
    assert f"1 line of {out / 'marks.csv'} is not counted:" in printed
    assert "the mark of carol's intro_written names submission sha256:3f2a9c1b0d4e" in printed


def test_a_mark_without_the_submission_s_fingerprint_is_not_applied(row, tmp_path):
    rows = [row("dave", sha256=FIRST)]
    report.write_outputs(rows, tmp_path)
    add_marks(tmp_path, "dave,intro_q1,0,Copied.")  # typed by hand, fingerprint left out
    (problem,) = report.write_outputs(rows, tmp_path)
    assert "names no submission" in problem and "end the line with ,sha256:3f2a9c1b0d4e" in problem
    assert float(scores(tmp_path)["dave"]["intro_q1"]) == 2


def test_a_marks_file_of_the_old_four_columns_is_reported_and_left_alone(row, tmp_path):
    old = "student,question,points,comment\nann,intro_written,2,Fine.\n"
    (tmp_path / "marks.csv").write_text(old)
    (problem,) = report.write_outputs([row("ann")], tmp_path)
    assert "first line must be student,question,points,comment,submission" in problem
    assert (tmp_path / "marks.csv").read_text() == old


def test_rows_not_graded_are_blank_and_say_why(row, tmp_path):
    two = "2 submissions (frank.ipynb, frank-final.ipynb): keep one."
    rows = [
        row("ann"),
        Row("frank", status=two),
        Row("grace", status="grace.pdf is not a .zip or .ipynb submission; not graded."),
    ]
    report.write_outputs(rows, tmp_path)
    found = scores(tmp_path)
    for student in ("frank", "grace"):
        line = found[student]
        empty = ("intro_q1", "autograded", "possible", "intro_written", "total")
        assert [line[column] for column in empty] == [""] * 5, f"{student}: nothing graded"
    assert found["frank"]["status"] == two, "the instructor's column keeps the instructor's word"
    add_marks(tmp_path, "frank,intro_q1,2,,")
    (problem,) = report.write_outputs(rows, tmp_path)
    assert "frank's submission was not graded" in problem
    assert scores(tmp_path)["frank"]["intro_q1"] == ""
    assert grade_cli._summary(rows[1]) == f"frank: not graded: {two}"
    assert grade_cli._summary(rows[0]).startswith("ann: 2/2 in 30 s, graded")
    frank = (tmp_path / "feedback" / "frank.md").read_text()
    assert "keep one" not in frank, "an instruction for the instructor is not sent to students"
    assert "You handed in 2 files (frank.ipynb, frank-final.ipynb)" in frank
    assert "tell your instructor which one" in frank
    grace = (tmp_path / "feedback" / "grace.md").read_text()
    assert "You handed in grace.pdf, which is not a notebook" in grace
    assert "grader.export(pdf=False)" in grace


def test_each_not_graded_status_is_told_to_the_student_and_the_instructor(tmp_path):
    from segutils.classroom import not_graded, submissions
    from segutils.classroom.grade import find_bundle

    folder = tmp_path / "submissions"
    (folder / "frank").mkdir(parents=True)
    (folder / "frank" / "a.ipynb").write_text("{}")
    (folder / "frank" / "b.ipynb").write_text("{}")
    (folder / "grace.pdf").write_text("%PDF")
    (folder / "henry").mkdir()
    (folder / "ivy.zip").write_text("not a zip")
    statuses = {s.student: s.problem for s in submissions.find(folder)}
    with pytest.raises(ValueError) as damaged:
        submissions.read_notebook(folder / "ivy.zip")
    statuses["ivy"] = str(damaged.value)
    statuses["jo"] = "timed out after 1200 s: scored 0"  # as grade.grade_notebook writes them
    statuses["kim"] = "grading failed (Killed): scored 0"
    with pytest.raises(FileNotFoundError) as unbuilt:
        find_bundle(tmp_path, "00_intro")
    statuses["lee"] = str(unbuilt.value)
    said = {student: not_graded.for_student(status) for student, status in statuses.items()}
    todo = {student: not_graded.what_to_do(student, status) for student, status in statuses.items()}
    assert "a.ipynb, b.ipynb" in said["frank"] and "remove all but one" in todo["frank"]
    assert "grace.pdf, which is not a notebook" in said["grace"]
    assert "holds no notebook" in said["henry"]
    assert "could not be read as a notebook: ivy.zip" in said["ivy"]
    assert "stopped after 1200 s" in said["jo"] and "rows/jo.json" in todo["jo"]
    assert "grader's side" in said["kim"]
    assert "--resume" in todo["frank"] + todo["grace"] + todo["henry"] + todo["ivy"]
    assert "--resume" in todo["kim"]
    assert "assignment your instructor's grader does not have" in said["lee"]
    assert "segutils assign" in todo["lee"]
    unknown = [student for student in said if "will tell you what to do" in said[student]]
    assert not unknown, "every status a submission can cause is known"
    assert "Killed" not in not_graded.for_student("Killed"), "an unknown status is not passed on"
    for student in statuses:
        assert "keep one" not in said[student] and "segutils" not in said[student]


def test_the_end_of_the_run_says_what_to_do_about_a_submission_not_graded(tmp_path, capsys):
    folder = tmp_path / "submissions"
    (folder / "frank").mkdir(parents=True)
    (folder / "frank" / "a.ipynb").write_text("{}")
    (folder / "frank" / "b.ipynb").write_text("{}")
    out = tmp_path / "graded"
    assert cli.main(["grade", str(folder), "--out", str(out), "--assignments", str(tmp_path)]) == 1
    printed = capsys.readouterr().out
    assert "frank: 2 submissions (a.ipynb, b.ipynb): keep one." in printed
    assert "To do: remove all but one of a.ipynb, b.ipynb from frank's submission" in printed
    assert "--resume" in printed


@pytest.mark.parametrize(
    ("points", "hint"),
    [("1,5", "with a decimal point (1.5, not 1,5)"), ("1.5.", "write a number from 0 to 2.")],
)
def test_a_decimal_comma_is_named_as_such(row, tmp_path, points, hint):
    rows = [row("ann")]
    report.write_outputs(rows, tmp_path)
    add_marks(tmp_path, f'ann,intro_written,"{points}",,')
    (problem,) = report.write_outputs(rows, tmp_path)
    assert hint in problem


def test_one_line_not_counted_is_said_in_the_singular(row, tmp_path, capsys):
    folder = tmp_path / "submissions"
    folder.mkdir()
    (folder / "notes.txt").write_text("not a submission")
    out = tmp_path / "graded"
    out.mkdir()
    (out / "marks.csv").write_text("student,question,points,comment,submission\nzed,q,1,,\n")
    cli.main(["grade", str(folder), "--out", str(out), "--assignments", str(tmp_path), "--resume"])
    printed = capsys.readouterr().out
    assert f"1 line of {out / 'marks.csv'} is not counted:" in printed


def test_a_blank_written_answer_is_flagged(row, tmp_path):
    rows = [
        row("ann"),
        row("bob", written={"intro_written": report.BLANK_ANSWER}),
        row("cy", written={"intro_written": "  \n"}),
    ]
    report.write_outputs(rows, tmp_path)
    written = (tmp_path / "written" / "intro_written.md").read_text()
    assert "## bob (no answer: the cell still holds the hand-out's text)" in written
    assert "## cy (no answer" in written and "## ann\n" in written
    bob = (tmp_path / "feedback" / "bob.md").read_text()
    assert "You left this answer blank" in bob
    assert "You left this answer blank" not in (tmp_path / "feedback" / "ann.md").read_text()


def test_the_blank_answer_is_what_every_notebook_s_written_cell_holds():
    notebooks = assignments.with_exercises(PROJECT / "notebooks")
    for notebook in notebooks:
        cells = nbformat.read(notebook, 4).cells
        (answer,) = [c for c in cells if assignments.WRITTEN_TAG in c.metadata.get("tags", [])]
        assert answer.source.strip() == report.BLANK_ANSWER, notebook.name
