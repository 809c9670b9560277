"""Classroom tooling: built assignments agree with the notebooks; grading is right and contained.

The assignment tests run ``otter assign`` for real (a few seconds per notebook). The grading
test grades a handful of 00_intro submissions (the fastest notebook) once, in quick mode,
beside each other: good, blank, erroring, looping, stubborn, tampered, escaping, memory-hungry.
"""

import ast
import copy
import subprocess
import sys
import zipfile
from pathlib import Path

import nbformat
import pytest

from segutils import cli
from segutils.classroom import assignments, sandbox, submissions

PROJECT = Path(__file__).resolve().parents[1]
NOTEBOOKS = PROJECT / "notebooks"
CHECKS = NOTEBOOKS / "checks"
OTTER_MARKS = ("<!-- BEGIN QUESTION -->", "<!-- END QUESTION -->")
POSSIBLE = "(points possible)"  # scores.csv's row of what each column is worth


def cells_of(notebook) -> list[tuple[str, str]]:
    """(type, source) of every cell, without otter's PDF-filtering comments and empty cells."""
    found = []
    for cell in notebook.cells:
        source = "\n".join(line for line in cell.source.split("\n") if line not in OTTER_MARKS)
        if source.strip():
            found.append((cell.cell_type, source.strip("\n")))
    return found


def functions(source: str) -> dict[str, tuple[str, bool]]:
    """Each ``@test_case`` function of a test file: its code (as ast) and whether it is hidden."""
    found = {}
    for node in ast.parse(source).body:
        if isinstance(node, ast.FunctionDef) and node.decorator_list:
            keywords = {k.arg: ast.literal_eval(k.value) for k in node.decorator_list[0].keywords}
            node.decorator_list = []
            found[node.name] = (ast.dump(node), bool(keywords.get("hidden", False)))
    return found


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("assignments")
    for notebook in assignments.with_exercises(NOTEBOOKS):
        try:
            assignments.build(notebook, out)
        except ValueError:
            pass  # the test of that notebook reports why
    return out


def test_binder_installs_the_project_pins_and_segutils_without_make():
    requirements = (PROJECT / "binder" / "requirements.txt").read_text().split("\n")
    assert "-r ../requirements.txt" in requirements and "-c ../constraints.txt" in requirements
    runtime = (PROJECT / "binder" / "runtime.txt").read_text().strip()
    assert runtime in ("python-3.11", "python-3.12")
    post_build = PROJECT / "binder" / "postBuild"
    assert post_build.stat().st_mode & 0o111, "repo2docker runs postBuild only if executable"
    commands = [line for line in post_build.read_text().split("\n") if not line.startswith("#")]
    assert "python -m pip install --no-deps -e ." in commands
    assert not any(line.startswith("make") for line in commands), "no step needs make"


@pytest.mark.parametrize("stem", [path.stem for path in assignments.with_exercises(NOTEBOOKS)])
def test_built_assignment_agrees_with_the_notebook(stem, built):
    folder = built / stem
    assert (folder / "student" / f"{stem}.ipynb").is_file(), f"{stem} did not build"
    original = nbformat.read(NOTEBOOKS / f"{stem}.ipynb", 4)
    student = nbformat.read(folder / "student" / f"{stem}.ipynb", 4)
    assert cells_of(student) == cells_of(original), "the student notebook is the notebook itself"
    assert not any(c.get("outputs") for c in student.cells), "outputs are cleared"

    solutions = assignments.load_solutions(NOTEBOOKS / f"{stem}.ipynb")
    text = nbformat.writes(student)
    for question, solution in solutions.SOLUTIONS.items():
        # The whole block: single lines of a solution also occur in the notebook's own code.
        block = solution.strip()
        assert not any(block in cell.source for cell in student.cells), (
            f"{question}'s solution is in the student notebook"
        )
    for answer in solutions.WRITTEN.values():
        assert answer.strip().split("\n")[0] not in text, "the written answer is handed out"

    public = student.metadata["otter"]["tests"]
    (bundle,) = (folder / "autograder").glob("*.zip")
    with zipfile.ZipFile(bundle) as archive:
        for question in assignments.exercises(original).values():
            expected = functions((CHECKS / f"{question}.py").read_text())
            hidden = functions((CHECKS / "hidden" / f"{question}.py").read_text())
            assert hidden and all(h for _, h in hidden.values()), "at least one hidden check"
            assert functions(public[question]) == expected, f"{question}: public checks only"
            graded = functions(archive.read(f"tests/{question}.py").decode())
            assert graded == {**expected, **hidden}, f"{question}: the bundle has every check"
    tags = [c.metadata.get("tags", []) for c in student.cells if c.cell_type == "markdown"]
    manual = [t for t in tags if "otter_answer_cell" in t]
    assert len(manual) == 1, "one written question, answered in its own cell"
    assert "grader.export(" in student.cells[-1].source, "the last cell exports the submission"


def test_a_test_in_the_wrong_folder_is_refused(tmp_path):
    check = tmp_path / "q.py"
    check.write_text(
        "from otter.test_files import test_case\n\n@test_case(points=1, hidden=True)"
        "\ndef test_x(a):\n    assert a\n"
    )
    with pytest.raises(ValueError, match="belongs in notebooks/checks/hidden/"):
        assignments.check_cells(check, hidden=False)


def test_the_student_cell_is_exactly_the_blank():
    blank = "sp = region.slic(image)\nsmoothed = ..."
    solution = "sp = region.slic(image)\nmeans = ndi.mean(image, sp)\nsmoothed = means[sp]"
    master = assignments.solution_source(blank, solution)
    from otter.assign.solutions import replace_solutions

    assert "\n".join(replace_solutions(master.split("\n"), "python")) == blank
    with pytest.raises(ValueError, match="must start with"):
        assignments.solution_source(blank, "smoothed = 1")


def test_building_from_a_clean_clone(tmp_path):
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard"],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    clone = tmp_path / "clone"
    for name in listed:
        if (PROJECT / name).is_file():
            (clone / name).parent.mkdir(parents=True, exist_ok=True)
            (clone / name).write_bytes((PROJECT / name).read_bytes())
    command = [sys.executable, "-m", "segutils", "assign", "00_intro"]
    subprocess.run(command, cwd=clone, check=True, capture_output=True)
    assert (clone / "assignments" / "handout" / "00_intro.ipynb").is_file()
    assert list((clone / "assignments" / "00_intro" / "autograder").glob("*.zip"))


def test_written_outside_the_allowed_folders_is_refused(tmp_path):
    if sandbox.landlock_abi() == 0:
        pytest.skip("this kernel has no Landlock")
    allowed = tmp_path / "allowed"
    allowed.mkdir()
    code = (
        "from pathlib import Path\nfrom segutils.classroom.sandbox import restrict_writes\n"
        f"restrict_writes([Path({str(allowed)!r})], [])\n"
        f"Path({str(allowed / 'ok.txt')!r}).write_text('fine')\n"
        f"Path({str(tmp_path / 'escaped.txt')!r}).write_text('no')\n"
    )
    run = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True)
    assert "PermissionError" in run.stderr
    assert (allowed / "ok.txt").is_file() and not (tmp_path / "escaped.txt").exists()


def with_cell(notebook, source: str, before: str):
    """A copy of the notebook with a code cell inserted before the first cell containing text."""
    notebook = copy.deepcopy(notebook)
    index = next(i for i, c in enumerate(notebook.cells) if before in c.source)
    notebook.cells.insert(index, nbformat.v4.new_code_cell(source))
    return notebook


@pytest.fixture(scope="module")
def graded(built, tmp_path_factory, monkeypatch_module):
    folder = tmp_path_factory.mktemp("submissions") / "intro"
    folder.mkdir()
    source = built / "00_intro"
    blank = nbformat.read(source / "student" / "00_intro.ipynb", 4)
    solved = nbformat.read(source / "autograder" / "00_intro.ipynb", 4)
    outside = folder.parent / "escaped.txt"
    always_pass = (
        "from otter.test_files import test_case\nOK_FORMAT = False\nname = 'intro_q1'\n"
        "points = 1\n\n@test_case(points=9)\ndef test_pass():\n    pass\n"
    )
    cases = {
        "good": solved,
        "blank": blank,
        "erroring": with_cell(
            solved, "del my_mask\nmy_mask = image > undefined_name", 'grader.check("intro_q2")'
        ),
        "looping": with_cell(solved, "while True:\n    pass", 'grader.check("intro_q3")'),
        "stubborn": with_cell(
            solved,
            "import time\nwhile True:\n    try:\n        time.sleep(1)\n"
            "    except KeyboardInterrupt:\n        pass",
            'grader.check("intro_q3")',
        ),
        "hungry": with_cell(solved, "hoard = bytearray(6 * 2**30)", 'grader.check("intro_q3")'),
        "sneaky": with_cell(
            with_cell(blank, f"open({str(outside)!r}, 'w').write('out')", "my_iou = ..."),
            f"open('tests/intro_q1.py', 'w').write({always_pass!r})",
            "my_iou = ...",
        ),
    }
    for student, notebook in cases.items():
        nbformat.write(notebook, folder / f"{student}.ipynb")
    with zipfile.ZipFile(folder / "tampered.zip", "w") as archive:
        archive.writestr("00_intro.ipynb", nbformat.writes(blank))
        archive.writestr("tests/intro_q1.py", always_pass)
    (folder / "twice").mkdir()
    nbformat.write(solved, folder / "twice" / "00_intro.ipynb")
    (folder / "twice" / "again.zip").write_bytes((folder / "tampered.zip").read_bytes())
    (folder / "notes.txt").write_text("not a submission")
    out = folder.parent / "results"
    monkeypatch_module.setenv("SEGUTILS_QUICK", "1")
    limits = ["--cell-timeout", "20", "--timeout", "90", "--memory-gb", "3"]
    status = cli.main(
        [
            "grade",
            str(folder),
            "--out",
            str(out),
            "--assignments",
            str(built),
            "--jobs",
            "2",
            *limits,
        ]
    )
    return out, outside, status


@pytest.fixture(scope="module")
def monkeypatch_module():
    with pytest.MonkeyPatch.context() as patch:
        yield patch


def read_scores(out: Path) -> dict[str, dict[str, str]]:
    import csv

    with open(out / "scores.csv") as f:
        return {row["student"]: row for row in csv.DictReader(f) if row["student"] != POSSIBLE}


def test_grading_scores_each_submission_beside_the_others(graded):
    out, outside, status = graded
    rows = read_scores(out)
    assert sorted(rows) == sorted(
        [
            "good",
            "blank",
            "erroring",
            "looping",
            "stubborn",
            "hungry",
            "sneaky",
            "tampered",
            "twice",
            "notes",
        ]
    ), "one row per student"
    questions = ("intro_q1", "intro_q2", "intro_q3")

    def scores(student):
        return [float(rows[student][q] or 0) for q in questions]

    assert scores("good") == [2, 2, 2] and rows["good"]["possible"] == "6.0"
    assert scores("blank") == [0, 0, 0], "blank notebooks score zero on autograded parts"
    assert scores("erroring") == [2, 0, 2], "an error costs only its own question"
    assert scores("looping") == [2, 2, 2], "an interrupted loop; the rest is still graded"
    assert scores("hungry") == [2, 2, 2], "MemoryError in one cell; the rest is still graded"
    assert "timed out" in rows["stubborn"]["status"] and scores("stubborn") == [0, 0, 0]
    assert scores("tampered") == [0, 0, 0], "tests shipped in a submission are not used"
    assert scores("sneaky") == [0, 0, 0], "tests rewritten during grading are not used"
    assert "2 submissions" in rows["twice"]["status"] and "not a .zip" in rows["notes"]["status"]
    assert status == 1, "not every submission was graded"
    if sandbox.landlock_abi():
        assert not outside.exists(), "a submission wrote outside its scratch folder"
        assert "PermissionError" in (out / "feedback" / "sneaky.md").read_text()
    feedback = (out / "feedback" / "blank.md").read_text()
    assert "Replace ... with your IoU" in feedback and "(hidden check): failed" in feedback
    assert "No IoU." not in feedback, "hidden checks' messages stay with the instructor"
    assert "MemoryError" in (out / "feedback" / "hungry.md").read_text()
    written = (out / "written" / "intro_written.md").read_text()
    assert "## good" in written and "Type your answer here" in written


def test_grading_refuses_bad_input_clearly(tmp_path, graded, capsys):
    out, _, _ = graded
    assert cli.main(["grade", str(tmp_path / "nowhere")]) == 2
    assert "is not a folder" in capsys.readouterr().err
    (tmp_path / "empty").mkdir()
    assert cli.main(["grade", str(tmp_path / "empty")]) == 2
    assert "empty" in capsys.readouterr().err
    before = (out / "scores.csv").read_bytes()
    assert cli.main(["grade", str(out.parent / "intro"), "--out", str(out)]) == 2
    assert "pass --overwrite" in capsys.readouterr().err
    assert (out / "scores.csv").read_bytes() == before, "nothing is overwritten without asking"
    elsewhere = ["--assignments", str(tmp_path / "none"), "--out", str(tmp_path / "graded")]
    assert cli.main(["grade", str(out.parent / "intro"), *elsewhere]) == 2
    assert "Run segutils assign first" in capsys.readouterr().err
    assert not (tmp_path / "graded").exists()


def test_assign_needs_the_notebooks_folder(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)  # not the repository root: ./notebooks is not there
    assert cli.main(["assign"]) == 2
    assert f"no notebooks folder at {tmp_path / 'notebooks'}" in capsys.readouterr().err
    assert cli.main(["assign", "--notebooks", str(NOTEBOOKS), "99_missing"]) == 2
    assert "no such notebook" in capsys.readouterr().err
    assert not (tmp_path / "assignments").exists()


def test_the_commands_load_outside_the_repository_without_the_heavy_parts(tmp_path):
    code = (
        "import sys\nfrom segutils.classroom import assign_cli, grade_cli\n"
        "print(sorted(m for m in ('nbconvert', 'nbformat', 'otter', 'yaml') if m in sys.modules))"
    )
    run = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, check=True
    )
    assert run.stdout.strip() == "[]"


def test_a_damaged_submission_is_a_clear_error(tmp_path):
    (tmp_path / "broken.zip").write_bytes(b"not a zip")
    (tmp_path / "empty.ipynb").write_text("{")
    for path in (tmp_path / "broken.zip", tmp_path / "empty.ipynb"):
        with pytest.raises(ValueError, match="not a readable zip|not a valid notebook"):
            submissions.read_notebook(path)


# grade-report: what grading writes (scores.csv's worth row, marks.csv, feedback), on real grading.


def test_grading_writes_what_each_column_is_worth_marks_and_named_checks(graded):
    import csv

    out, _, _ = graded
    with open(out / "scores.csv") as f:
        (possible,) = [row for row in csv.DictReader(f) if row["student"] == POSSIBLE]
    assert [float(possible[q]) for q in ("intro_q1", "intro_q2", "intro_q3")] == [2, 2, 2]
    assert float(possible["intro_written"]) == assignments.WRITTEN_POINTS
    assert float(possible["total"]) == 6 + assignments.WRITTEN_POINTS
    with open(out / "marks.csv") as f:
        lines = [(row["student"], row["question"], row["points"]) for row in csv.DictReader(f)]
    assert ("good", "intro_written", "") in lines and ("notes", "intro_written", "") not in lines
    good = (out / "feedback" / "good.md").read_text()
    assert "- ✅ IoU by hand: passed" in good and "(hidden check): passed" in good
    assert f"intro_written (written question): {assignments.WRITTEN_POINTS} points" in good
    assert "intro_q1 - 1" not in good, "checks are named, not numbered"
