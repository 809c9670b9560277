"""Grade a folder of submissions offline, each in its own sandboxed process with a time limit.

Usage: python -m tools.classroom.grade SUBMISSIONS [--out DIR] [--assignments DIR] [--jobs N]
       [--timeout S] [--cell-timeout S] [--memory-gb G] [--overwrite]

Writes OUT (default: SUBMISSIONS-graded/): ``scores.csv`` (one row per student: a score per
question, the total, a blank column per written question for you to fill in, and a status),
``feedback/<student>.md`` (per question: score, which checks failed and their hints; hidden
checks only as passed or failed) and ``written/<question>.md`` (every student's written answer,
to grade side by side). Each submission is graded by ``tools.classroom.worker`` with the
instructor's bundle from ``make assignments``; tests shipped inside a submission are never used.
"""

import argparse
import csv
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from tools.classroom import sandbox, submissions

PROJECT = Path(__file__).resolve().parents[2]
ANSWER_TAG = "otter_answer_cell"


@dataclass
class Row:
    """The outcome for one student."""

    student: str
    assignment: str = ""
    status: str = ""
    seconds: float = 0.0
    questions: dict = field(default_factory=dict)
    errors: list = field(default_factory=list)
    written: dict = field(default_factory=dict)


def find_bundle(assignments: Path, name: str) -> Path:
    """The autograder zip ``make assignments`` built for ``name``.

    Raises
    ------
    FileNotFoundError
        If there is none (say how to build it).
    """
    if not re.fullmatch(r"[\w-]+", name):  # the name comes from the submission's metadata
        raise FileNotFoundError(f"No assignment is called {name!r}.")
    bundles = sorted((assignments / name / "autograder").glob(f"{name}-autograder_*.zip"))
    if not bundles:
        raise FileNotFoundError(
            f"No autograder bundle for {name} in {assignments}: run make assignments "
            "(python -m tools.classroom.assignments) first."
        )
    return bundles[-1]


def written_answers(notebook: nbformat.NotebookNode, manual: list[str]) -> dict[str, str]:
    """The student's answer cell of each written question, in the order the handout has them."""
    cells = [
        c.source
        for c in notebook.cells
        if c.cell_type == "markdown" and ANSWER_TAG in c.metadata.get("tags", [])
    ]
    return dict(zip(manual, cells, strict=False))


def manual_questions(bundle_notebook: Path) -> list[str]:
    """Names of the hand-graded questions of an assignment, from its master notebook."""
    master = bundle_notebook.parents[1] / "master" / bundle_notebook.name
    found = []
    for cell in nbformat.read(master, 4).cells:
        if cell.cell_type == "raw" and "manual: true" in cell.source:
            found.append(cell.source.split("name:")[1].split()[0])
    return found


def grade_one(sub: submissions.Submission, args: argparse.Namespace, root: Path) -> Row:
    """Grade one submission in a child process; every failure becomes the row's status."""
    row = Row(sub.student)
    if sub.problem:
        row.status = sub.problem
        return row
    try:
        notebook, name = submissions.read_notebook(sub.files[0])
        row.assignment = args.assignment or name
        bundle = find_bundle(args.assignments, row.assignment)
    except (ValueError, FileNotFoundError) as error:
        row.status = str(error)
        return row
    manual = manual_questions(bundle.parent / f"{row.assignment}.ipynb")
    row.written = written_answers(notebook, manual)
    scratch = Path(tempfile.mkdtemp(prefix=f"{sub.student}-", dir=root))
    (scratch / "submission").mkdir()
    # Only the notebook, under the assignment's own name: its grader cell opens that file.
    target = scratch / "submission" / f"{row.assignment}.ipynb"
    nbformat.write(notebook, target)
    result = scratch / "result.json"
    command = [sys.executable, "-m", "tools.classroom.worker", str(bundle), str(target),
               str(scratch), str(result), "--cell-timeout", str(args.cell_timeout),
               "--memory-gb", str(args.memory_gb)]  # fmt: skip
    start = time.perf_counter()
    with open(scratch / "worker.log", "wb") as log:
        process = subprocess.Popen(
            command, cwd=PROJECT, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        try:
            process.wait(timeout=args.timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)  # the kernel dies with it (PDEATHSIG)
            process.wait()
    row.seconds = time.perf_counter() - start
    if result.is_file():
        data = json.loads(result.read_text())
        row.questions, row.errors, row.status = data["questions"], data["errors"], "graded"
    elif process.returncode == -signal.SIGKILL:
        row.status = f"timed out after {args.timeout} s: scored 0"
    else:
        tail = (scratch / "worker.log").read_text(errors="replace").strip().split("\n")[-1]
        row.status = f"grading failed ({tail[:200]}): scored 0"
    shutil.rmtree(scratch, ignore_errors=True)
    return row


def write_outputs(rows: list[Row], out: Path) -> None:
    """``scores.csv``, ``feedback/`` and ``written/`` in ``out``."""
    questions = sorted({q for r in rows for q in r.questions})
    written = sorted({q for r in rows for q in r.written})
    (out / "feedback").mkdir(parents=True)
    (out / "written").mkdir()
    with open(out / "scores.csv", "w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["student", "assignment", *questions, "autograded", "possible", *written,
                         "status", "seconds"])  # fmt: skip
        for r in rows:
            scores = [r.questions[q]["score"] if q in r.questions else "" for q in questions]
            total = sum(v["score"] for v in r.questions.values())
            possible = sum(v["possible"] for v in r.questions.values())
            writer.writerow([r.student, r.assignment, *scores, total, possible,
                             *([""] * len(written)), r.status, f"{r.seconds:.0f}"])  # fmt: skip
    for r in rows:
        lines = [f"# {r.student}: {r.assignment or 'not graded'}", "", f"Status: {r.status}", ""]
        for name, q in sorted(r.questions.items()):
            lines += [f"## {name}: {q['score']:g} / {q['possible']:g}", ""]
            for check in q["checks"]:
                if check["passed"]:
                    lines.append(f"- {check['name']}: passed")
                elif check["hidden"]:
                    lines.append(f"- {check['name']} (hidden check): failed")
                else:
                    lines += [f"- {check['name']}: failed", "", "```", check["message"], "```"]
            lines.append("")
        if r.errors:
            lines += ["## Cells that raised an error", "", *[f"- {e}" for e in r.errors], ""]
        (out / "feedback" / f"{r.student}.md").write_text("\n".join(lines))
    for question in written:
        answers = [
            f"## {r.student}\n\n{r.written[question]}\n" for r in rows if question in r.written
        ]
        (out / "written" / f"{question}.md").write_text(f"# {question}\n\n" + "\n".join(answers))


def main(argv: list[str] | None = None) -> int:
    """Command line: grade a folder; 0 when every submission was graded."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("submissions", type=Path, help="one file or folder per student")
    parser.add_argument("--out", type=Path, help="default: SUBMISSIONS-graded")
    parser.add_argument("--assignments", type=Path, default=PROJECT / "assignments")
    parser.add_argument("--assignment", help="grade all as this assignment (e.g. 00_intro)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--timeout", type=int, default=1200, help="seconds per submission")
    parser.add_argument("--cell-timeout", type=int, default=600, help="seconds per cell")
    parser.add_argument("--memory-gb", type=float, default=8.0, help="per grading process")
    parser.add_argument("--overwrite", action="store_true", help="replace an existing OUT")
    args = parser.parse_args(argv)
    out = args.out or args.submissions.with_name(args.submissions.name + "-graded")
    try:
        found = submissions.find(args.submissions)
    except (NotADirectoryError, FileNotFoundError) as error:
        parser.exit(2, f"error: {error}\n")
    if out.exists() and not args.overwrite:
        parser.exit(2, f"error: {out} exists; pass --overwrite to replace it, or --out DIR.\n")
    if sandbox.landlock_abi() == 0:
        print("warning: this kernel has no Landlock: submissions are not confined to their "
              "scratch folder while graded.", file=sys.stderr)  # fmt: skip
    with tempfile.TemporaryDirectory(prefix="grading-") as root:
        with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
            rows = list(pool.map(lambda s: grade_one(s, args, Path(root)), found))
    shutil.rmtree(out, ignore_errors=True)
    write_outputs(rows, out)
    graded = sum(r.status == "graded" for r in rows)
    print(f"{graded} of {len(rows)} submissions graded: {out / 'scores.csv'}")
    for r in rows:
        if r.status != "graded":
            print(f"  {r.student}: {r.status}")
    return 0 if graded == len(rows) else 1


if __name__ == "__main__":
    sys.exit(main())
