"""Running the grading: on a Dask cluster, reporting as it goes, recording as it goes, resuming.

A real ``dask scheduler`` and ``dask worker`` run as separate processes, and ``segutils grade``
is run as a command with the scheduler's address, as an instructor with a cluster would. Two
00_intro submissions (the quickest notebook, in quick mode) are graded in three runs: the first
is interrupted once one submission is finished, the second resumes it, the third regrades a
changed file and times the reference notebook for the default cell limit.
"""

import ast
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest

from segutils import cli
from segutils.classroom import cell_limit, records, worker
from segutils.classroom.grade import Row

pytest.importorskip("otter")

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"
CELL_TIMEOUT = 20  # long enough for every 00_intro cell on a loaded machine


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("assignments")
    assert cli.main(["assign", "00_intro", "--notebooks", str(NOTEBOOKS), "--out", str(out)]) == 0
    return out


@pytest.fixture(scope="module")
def scheduler(tmp_path_factory, scheduler_and_worker):
    """The address of a Dask scheduler with one worker (two threads), each its own process."""
    folder = tmp_path_factory.mktemp("cluster")
    with scheduler_and_worker(folder, "--nthreads", "2", "--memory-limit", "0") as address:
        yield address


def with_cell(notebook, source: str, before: str):
    """A copy of the notebook with a code cell inserted before the first cell containing text."""
    notebook = nbformat.from_dict(json.loads(nbformat.writes(notebook)))
    index = next(i for i, c in enumerate(notebook.cells) if before in c.source)
    notebook.cells.insert(index, nbformat.v4.new_code_cell(source))
    return notebook, index + 1


def hears_ctrl_c() -> None:
    """In a child about to start: Ctrl-C (SIGINT) back to its default, so Python handles it.

    A test session started in the background (``nohup ... &``, as a CI job may be) runs with
    SIGINT ignored, and a child inherits that: the instructor's Ctrl-C the tests send would
    never arrive.
    """
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def grade_command(folder: Path, out: Path, built: Path, address: str, *more: str) -> list[str]:
    """``segutils grade`` as a user with a cluster types it."""
    return [sys.executable, "-m", "segutils", "grade", str(folder), "--out", str(out)] + [
        "--assignments",
        str(built),
        "--scheduler",
        address,
        *more,
    ]


@pytest.fixture(scope="module")
def runs(built, scheduler, tmp_path_factory, wait_for):
    """Three runs on one output folder: interrupted, resumed, resumed after a file changed."""
    folder = tmp_path_factory.mktemp("submissions") / "intro"
    folder.mkdir()
    solved = nbformat.read(built / "00_intro" / "autograder" / "00_intro.ipynb", 4)
    nbformat.write(solved, folder / "good.ipynb")
    looping, loop_cell = with_cell(solved, "while True:\n    pass", 'grader.check("intro_q3")')
    nbformat.write(looping, folder / "looping.ipynb")
    out = folder.parent / "graded"
    environment = {**os.environ, "SEGUTILS_QUICK": "1"}
    limit = ["--cell-timeout", str(CELL_TIMEOUT)]

    first = subprocess.Popen(
        grade_command(folder, out, built, scheduler, *limit),
        preexec_fn=hears_ctrl_c,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=environment,
    )
    good_record = out / "rows" / "good.json"
    seen = {}

    def good_is_reported() -> bool:
        """good's record is there and scores.csv lists it (read whole, not while rewritten)."""
        scores = out / "scores.csv"
        seen["scores"] = scores.read_text() if scores.exists() else ""
        return good_record.exists() and "\ngood," in seen["scores"]

    wait_for(good_is_reported, 150, "the first finished submission was not reported")
    stopped_while_looping = not (out / "rows" / "looping.json").exists()
    first.send_signal(signal.SIGINT)  # the instructor's Ctrl-C
    first_stdout, first_stderr = first.communicate(timeout=60)
    recorded = {path.name: path.read_text() for path in (out / "rows").glob("*")}

    def again(*more: str) -> subprocess.CompletedProcess:
        command = grade_command(folder, out, built, scheduler, "--resume", *more)
        return subprocess.run(command, capture_output=True, text=True, env=environment)

    second = again(*limit)
    good_after_second = good_record.read_text()
    changed = nbformat.read(folder / "good.ipynb", 4)
    changed.cells.append(nbformat.v4.new_markdown_cell("Handed in again."))
    nbformat.write(changed, folder / "good.ipynb")
    third = again()  # no --cell-timeout: the assignment's own limit, measured now
    return {
        "out": out,
        "built": built,
        "loop_cell": loop_cell,
        "first": (first.returncode, first_stdout, first_stderr),
        "stopped_while_looping": stopped_while_looping,
        "recorded": recorded,
        "scores_after_first": seen["scores"],
        "second": second,
        "good_after_second": good_after_second,
        "third": third,
    }


def test_a_run_on_a_cluster_says_how_each_submission_went(runs):
    status, stdout, stderr = runs["first"]
    assert status == 130, f"the interrupted run says so:\n{stdout}\n{stderr}"
    assert "Dask scheduler tcp://127.0.0.1" in stdout and "dashboard" in stdout
    assert "good: 6/6 in" in stdout and ", graded" in stdout, "a line per finished submission"
    assert "grading:" in stderr and "submission" in stderr, "a progress bar"
    assert "--resume to grade the rest" in stderr


def test_each_finished_submission_is_recorded_at_once(runs):
    assert runs["stopped_while_looping"], "the loop was still being graded when it was stopped"
    assert sorted(runs["recorded"]) == ["good.json"], "whole records only, no partial file"
    row = Row.from_json(runs["recorded"]["good.json"])
    assert row.status == "graded" and len(row.sha256) == 64 and row.bundle.endswith(".zip")
    assert sum(q["score"] for q in row.questions.values()) == 6
    students = [line.split(",")[0] for line in runs["scores_after_first"].splitlines()]
    assert "good" in students and "looping" not in students, "scores.csv is current at once"


def test_checks_are_named_by_their_function_and_hidden_ones_marked(runs):
    row = Row.from_json(runs["recorded"]["good.json"])
    for question, result in row.questions.items():
        checks = NOTEBOOKS / "checks"
        public = worker.check_names((checks / f"{question}.py").read_text())
        hidden = worker.check_names((checks / "hidden" / f"{question}.py").read_text())
        got = {check["name"]: check["hidden"] for check in result["checks"]}
        assert got == {**dict.fromkeys(public, False), **dict.fromkeys(hidden, True)}
        assert all(check["passed"] for check in result["checks"])


def test_a_resumed_run_grades_only_what_is_missing(runs):
    second = runs["second"]
    assert second.returncode == 0, second.stderr
    assert "1 submission(s) on record" in second.stdout
    assert "good:" not in second.stdout, "the finished submission is not graded again"
    assert runs["good_after_second"] == runs["recorded"]["good.json"]
    assert "looping: 6/6 in" in second.stdout
    assert "2 of 2 submissions graded" in second.stdout


def test_a_loop_stopped_by_the_cell_limit_is_said_as_such(runs):
    looping = Row.from_json((runs["out"] / "rows" / "looping.json").read_text())
    expected = (
        f"cell {runs['loop_cell']} stopped after {CELL_TIMEOUT} s: look for a loop that never "
        "ends (the cell starting `while True:`)"
    )
    assert looping.errors == [expected]
    assert sum(q["score"] for q in looping.questions.values()) == 6, "the rest is still graded"


def test_a_changed_file_is_graded_again_with_the_assignments_own_cell_limit(runs):
    third = runs["third"]
    assert third.returncode == 0, third.stderr
    assert "good: 6/6 in" in third.stdout and "looping:" not in third.stdout
    (bundle,) = (runs["built"] / "00_intro" / "autograder").glob("*.zip")
    measured = cell_limit.read_measurement(bundle, quick=True)
    assert measured, "the reference notebook's cell times are kept beside the bundle"
    assert f"00_intro: cell limit {cell_limit.cell_limit(measured):g} s" in third.stdout
    regraded = Row.from_json((runs["out"] / "rows" / "good.json").read_text())
    assert regraded.sha256 != Row.from_json(runs["recorded"]["good.json"]).sha256


def test_a_record_is_whole_or_it_is_not_taken(tmp_path):
    records.save(Row("ann", status="graded", sha256="a" * 64), tmp_path)
    (tmp_path / "rows" / "bob.json").write_text('{"student": "bob", "sta')  # a stopped write
    (tmp_path / "rows" / "eve.json").write_text('["not", "a", "row"]')
    assert list(records.load(tmp_path)) == ["ann"]
    row = Row("ann", "00_intro", "graded", 12.5, {"q": {"score": 1.0}}, ["cell 3 raised X"])
    assert Row.from_json(row.to_json()) == row


def test_overwrite_grades_again_and_keeps_other_files(tmp_path, built, capsys):
    folder = tmp_path / "class"
    folder.mkdir()
    (folder / "notes.txt").write_text("not a submission")  # nothing to run: no cluster starts
    out = tmp_path / "graded"
    base = [str(folder), "--out", str(out), "--assignments", str(built)]
    assert cli.main(["grade", *base]) == 1
    (out / "my notes.txt").write_text("notes handed in a text file")
    assert cli.main(["grade", *base]) == 2
    assert "--resume to continue" in capsys.readouterr().err
    assert cli.main(["grade", *base, "--overwrite"]) == 1
    assert (out / "my notes.txt").read_text() == "notes handed in a text file"
    assert "notes: not graded: notes.txt is not a .zip" in capsys.readouterr().out
    with pytest.raises(SystemExit):
        cli.main(["grade", *base, "--overwrite", "--resume"])
    assert cli.main(["grade", *base, "--resume", "--scheduler", "tcp://x:1", "--jobs", "2"]) == 2
    assert "not both" in capsys.readouterr().err


def test_the_default_cell_limit_has_a_margin_over_the_reference():
    assert cell_limit.cell_limit([0.2, 1.0]) == cell_limit.FLOOR_S
    assert cell_limit.cell_limit([12.0, 100.0]) == cell_limit.MARGIN * 100.0
    assert cell_limit.cell_limit([]) == cell_limit.FLOOR_S


def test_check_names_follow_otters_numbering():
    source = (NOTEBOOKS / "checks" / "intro_q1.py").read_text()
    tree = ast.parse(source)
    defined = [node.name for node in tree.body if isinstance(node, ast.FunctionDef)]
    assert worker.check_names(source) == defined


def test_a_damaged_or_missing_worker_result_is_no_score(tmp_path):
    from segutils.classroom.grade import _read_summary

    result = tmp_path / "result.json"
    assert _read_summary(result) is None  # the worker wrote nothing
    result.write_text('{"notebook": "00_intro.ipynb", "questions": {"intro_q1": {"sco')
    assert _read_summary(result) is None  # killed while writing
    result.write_text('["not", "a", "summary"]')
    assert _read_summary(result) is None
    result.write_text(json.dumps({"notebook": "x", "questions": {}, "errors": []}))
    assert _read_summary(result) == {"notebook": "x", "questions": {}, "errors": []}


# fix-run: Dask spreads the submissions over the workers, and no grading scratch is left behind.


def grading_stand_in(notebook: str, bundle: bytes, assignment: str, limits, quick: bool) -> dict:
    """Takes the place of :func:`grade_notebook` in a task: a few seconds' work, no grading."""
    time.sleep(2)
    return {"status": "graded", "seconds": 2.0, "questions": {}, "errors": []}


def test_submissions_are_spread_over_the_workers(tmp_path, monkeypatch):
    import distributed
    from dask.utils import key_split

    from segutils.classroom import grade

    monkeypatch.setattr(grade, "grade_notebook", grading_stand_in)  # in-process workers see it
    bundle = tmp_path / "00_intro-autograder_1.zip"
    bundle.write_bytes(os.urandom(2_000_000))
    students = ["henry", "bob", "carol", "dave"]
    pending = [(Row(student, "00_intro"), "{}", bundle) for student in students]
    finished = []
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=False, dashboard_address=":0"
        ) as cluster,
        distributed.Client(cluster) as client,
        distributed.get_task_stream(client) as stream,
    ):
        limits = grade.Limits(cell_timeout=20)
        grade._grade_on_cluster(client, pending, limits, finished.append, lambda line: None)
        workers = sorted(cluster.scheduler.workers)
    assert sorted(row.student for row in finished) == sorted(students)
    tasks = [task for task in stream.data if key_split(task["key"]) == grade.TASK_PREFIX]
    assert sorted(task["key"][1] for task in tasks) == sorted(students), "one group, named keys"
    ran = sorted(task["worker"] for task in tasks)
    assert ran == sorted(workers * 2), "each of the two workers grades two of the four"


def test_no_grading_scratch_is_left_behind_by_a_stopped_run(built, tmp_path, wait_for):
    folder = tmp_path / "intro"
    folder.mkdir()
    solved = nbformat.read(built / "00_intro" / "autograder" / "00_intro.ipynb", 4)
    nbformat.write(solved, folder / "good.ipynb")
    looping, _ = with_cell(solved, "while True:\n    pass", 'grader.check("intro_q3")')
    nbformat.write(looping, folder / "looping.ipynb")
    temporary = tmp_path / "tmp"  # where tempfile and Dask's worker folders go in that run
    temporary.mkdir()
    out = tmp_path / "graded"
    command = [sys.executable, "-m", "segutils", "grade", str(folder), "--out", str(out)]
    command += ["--assignments", str(built), "--jobs", "1", "--cell-timeout", "300"]
    environment = {**os.environ, "SEGUTILS_QUICK": "1", "TMPDIR": str(temporary)}
    run = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=environment,
        preexec_fn=hears_ctrl_c,
    )

    def scratches() -> list[Path]:
        return [path for path in temporary.rglob("grading-*") if path.is_dir()]

    def looping_is_graded_alone() -> bool:
        """good is finished and the loop is being graded: one scratch, the loop's."""
        return (out / "rows" / "good.json").exists() and len(scratches()) == 1

    wait_for(looping_is_graded_alone, 240, "the second submission's grading did not start")
    run.send_signal(signal.SIGINT)  # stopped while the loop's scratch holds the bundle
    stdout, stderr = run.communicate(timeout=120)
    assert run.returncode == 130, f"{stdout.decode()}\n{stderr.decode()}"
    assert scratches() == [], "the stopped submission's scratch folder (with the bundle) is gone"


def test_the_progress_bar_starts_past_what_needs_no_grading(tmp_path, monkeypatch, capsys):
    from segutils.classroom import grade

    def two_skipped_one_graded(found, assignments, *, on_row, on_start, report, **options):
        """Like grading: rows known at once first, then the start, then one graded row."""
        rows = [Row(sub.student, status="notes.txt is not a .zip") for sub in found[:2]]
        rows.append(Row(found[2].student, "00_intro", "timed out after 1 s: scored 0", 1.0))
        for row in rows[:2]:
            on_row(row)
        on_start(1)
        report("Dask LocalCluster with 1 worker(s)")
        on_row(rows[2])
        return rows

    monkeypatch.setattr(grade, "grade_submissions", two_skipped_one_graded)
    folder = tmp_path / "class"
    folder.mkdir()
    for student in ["ann", "bob", "cal"]:
        (folder / f"{student}.txt").write_text("not a submission")
    out = tmp_path / "graded"
    assert cli.main(["grade", str(folder), "--out", str(out), "--assignments", str(tmp_path)]) == 1
    stdout, stderr = capsys.readouterr()
    assert "2/3 [00:00<?, ?submission/s]" in stderr, "the two skipped are where the bar starts"
    assert "0/3" not in stderr and "1/3" not in stderr, "they are not counted as graded work"
    assert "ann: not graded: notes.txt" in stdout
    assert "cal: not graded after 1 s: timed out" in stdout


# --- fix-loop ---
# A loop in an answer cell costs that question only: the hidden check that runs the cell again
# has its own time budget and fails alone, and otter's grading cell, which runs again every
# check that did not finish, is not stopped with every question's result.


def test_a_loop_in_an_answer_cell_costs_only_its_question(built, tmp_path, monkeypatch):
    solved = nbformat.read(built / "00_intro" / "autograder" / "00_intro.ipynb", 4)
    answer = next(
        c for c in solved.cells if c.source.rstrip().endswith("my_iou = my_iou  # SOLUTION")
    )
    answer.source += (
        "\nwhile True:  # after the answer: the public check passes, the re-run loops\n    pass"
    )
    loop_cell = solved.cells.index(answer) + 1
    folder = tmp_path / "class"
    folder.mkdir()
    nbformat.write(solved, folder / "looping.ipynb")
    out = tmp_path / "graded"
    monkeypatch.setenv("SEGUTILS_QUICK", "1")
    arguments = [str(folder), "--out", str(out), "--assignments", str(built), "--jobs", "1"]
    assert cli.main(["grade", *arguments, "--cell-timeout", str(CELL_TIMEOUT)]) == 0

    row = Row.from_json((out / "rows" / "looping.json").read_text())
    assert sum(q["possible"] for q in row.questions.values()) == 6, "every question is graded"
    for question in ("intro_q2", "intro_q3"):
        assert row.questions[question]["score"] == row.questions[question]["possible"]
    checks = {c["name"]: c for c in row.questions["intro_q1"]["checks"]}
    assert all(c["passed"] for c in checks.values() if not c["hidden"]), "its public check"
    rerun = checks["test_iou_on_held_back_masks"]
    assert not rerun["passed"] and "did not finish" in rerun["message"]
    stopped = f"cell {loop_cell} stopped after {CELL_TIMEOUT} s: look for a loop that never ends"
    assert row.errors == [f"{stopped} (the cell starting `# BEGIN SOLUTION NO PROMPT`)"], (
        "only the answer cell stopped: neither its check's cell nor the grader's own"
    )
    feedback = (out / "feedback" / "looping.md").read_text()
    assert stopped in feedback and "otter" not in feedback


def test_a_grading_cell_that_saved_nothing_still_counts_every_question(built, tmp_path):
    from types import SimpleNamespace

    bundle = next((built / "00_intro" / "autograder").glob("*.zip"))
    submitted = tmp_path / "00_intro.ipynb"
    nbformat.write(nbformat.read(built / "00_intro" / "student" / "00_intro.ipynb", 4), submitted)
    graders = nbformat.v4.new_code_cell("from otter.execute import Checker\n...")
    stop = "stopped after 20 s: look for a loop that never ends"
    graders.outputs = [nbformat.v4.new_output("error", ename="KeyboardInterrupt", evalue=stop)]
    executed = nbformat.v4.new_notebook(cells=[graders])
    summary = worker.summarise(SimpleNamespace(results={}, notebook=executed), submitted, bundle)
    assert summary["errors"] == [f"{worker.GRADERS_CELL} {stop}", worker.LOST]
    assert sorted(summary["questions"]) == ["intro_q1", "intro_q2", "intro_q3"]
    assert sum(q["possible"] for q in summary["questions"].values()) == 6
    checks = [c for q in summary["questions"].values() for c in q["checks"]]
    assert "test_iou_on_held_back_masks" in {c["name"] for c in checks}
    assert not any(c["passed"] for c in checks) and any(c["hidden"] for c in checks)
