"""Build otter-grader assignments from the notebooks, their checks and their reference solutions.

Usage: python -m tools.classroom.assignments [--out DIR] [--run-tests] [NOTEBOOK ...]

Every exercise lives once: its task and blank answer in ``notebooks/NN.ipynb``, its public checks
in ``notebooks/checks/<q>.py``, its hidden checks in ``notebooks/checks/hidden/<q>.py`` and its
reference answer in ``notebooks/solutions/NN.py``. This module assembles them into an otter
assign master notebook (raw ``# BEGIN QUESTION`` / ``# BEGIN SOLUTION`` / ``# BEGIN TESTS``
cells, hidden tests marked in each test's config) and runs ``otter assign`` on it, which writes

- ``<out>/NN/student/NN.ipynb``: outputs cleared, solutions replaced by the blanks, public checks
  in the notebook's metadata, no hidden checks;
- ``<out>/NN/autograder/``: the solutions notebook and ``NN-autograder_<time>.zip``, the bundle
  ``python -m tools.classroom.grade`` grades with (public and hidden checks);
- ``<out>/handout/``: every student notebook in one folder, what students are given.
"""

import argparse
import ast
import importlib.util
import re
import shutil
import sys
from pathlib import Path
from types import ModuleType

import nbformat
import yaml

PROJECT = Path(__file__).resolve().parents[2]
NOTEBOOKS = PROJECT / "notebooks"
DEFAULT_OUT = PROJECT / "assignments"
CHECK_CALL = re.compile(r"""^grader\.check\(["'](\w+)["']\)$""")
# A blank answer line: `name = ...` (or `a, b = ...`), which the student replaces.
BLANK_LINE = re.compile(r"^(\s*[\w.]+(?:\s*,\s*[\w.]+)*)\s*=\s*\.\.\.\s*$")
WRITTEN_TAG = "written"
WRITTEN_POINTS = 2

# Our notebooks create their own grader (first cell) and end with their own export cell, so that
# the interactive notebooks and the built ones are the same cells; otter must not add its own.
ASSIGNMENT_CONFIG = {
    "init_cell": False,
    "export_cell": False,
    "check_all_cell": False,
    "run_tests": False,
    "tests": {"files": False, "ok_format": False},
    "generate": {"pdf": False},
}


def raw(text: str) -> nbformat.NotebookNode:
    """A raw cell of otter assign's markup."""
    return nbformat.v4.new_raw_cell(text)


def load_solutions(stem: str) -> ModuleType:
    """The module ``notebooks/solutions/<stem>.py`` (``SOLUTIONS`` and ``WRITTEN``)."""
    path = NOTEBOOKS / "solutions" / f"{stem}.py"
    spec = importlib.util.spec_from_file_location(f"solutions_{stem}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def exercises(notebook: nbformat.NotebookNode) -> dict[int, str]:
    """Index of each cell tagged ``exercise`` -> the question its next cell checks.

    Raises
    ------
    ValueError
        If the cell after an exercise is not its ``grader.check("<question>")``.
    """
    found = {}
    for index, cell in enumerate(notebook.cells):
        if "exercise" in cell.metadata.get("tags", []):
            after = notebook.cells[index + 1] if index + 1 < len(notebook.cells) else None
            match = CHECK_CALL.match(after.source.strip()) if after is not None else None
            if after is None or after.cell_type != "code" or match is None:
                raise ValueError(
                    f"Cell {index} is tagged exercise but the next cell is not "
                    'grader.check("<question>"): put the check right after the exercise.'
                )
            found[index] = match.group(1)
    return found


def test_cells(path: Path, *, hidden: bool) -> list[nbformat.NotebookNode]:
    """One otter test cell per ``@test_case`` function of an exception-based test file.

    otter assign keeps only the function of each test cell, so the functions must be
    self-contained (imports and helpers inside), as notebooks/checks/*.py are written.
    """
    text = path.read_text(encoding="utf-8")
    cells = []
    for node in ast.parse(text).body:
        decorators = [d for d in getattr(node, "decorator_list", []) if isinstance(d, ast.Call)]
        if not decorators or getattr(decorators[0].func, "id", "") != "test_case":
            continue
        config = {k.arg: ast.literal_eval(k.value) for k in decorators[0].keywords}
        if config.get("hidden", False) != hidden:
            where = "checks/hidden/" if config.get("hidden") else "checks/"
            raise ValueError(f"{path}: test {node.name} belongs in notebooks/{where}.")
        config["hidden"] = hidden
        header = f'""" # BEGIN TEST CONFIG\n{yaml.safe_dump(config).strip()}\n""" # END TEST CONFIG'
        cells.append(nbformat.v4.new_code_cell(f"{header}\n{ast.get_source_segment(text, node)}"))
    if not cells:
        raise ValueError(f"{path} has no @test_case function.")
    return cells


def solution_source(blank: str, solution: str) -> str:
    """A master solution cell whose student version, as otter strips it, is exactly ``blank``.

    The blank's setup lines before its first ``name = ...`` stay as they are (the reference
    solution must start with them); the rest of the solution sits in a ``BEGIN SOLUTION NO
    PROMPT`` block; each ``name = ...`` line becomes ``name = name  # SOLUTION``, a no-op after
    the solution that otter turns back into ``name = ...``.
    """
    lines, body = blank.strip("\n").split("\n"), solution.strip("\n").split("\n")
    first_blank = next((i for i, line in enumerate(lines) if BLANK_LINE.match(line)), None)
    if first_blank is None:
        raise ValueError(f"The exercise cell has no `name = ...` line to fill in:\n{blank}")
    setup = lines[:first_blank]
    if body[: len(setup)] != setup:
        raise ValueError(
            f"The reference solution must start with the exercise's own lines {setup}."
        )
    tail = [
        f"{match.group(1)} = {match.group(1)}  # SOLUTION"
        if (match := BLANK_LINE.match(line))
        else line
        for line in lines[first_blank:]
    ]
    block = ["# BEGIN SOLUTION NO PROMPT", *body[len(setup) :], "# END SOLUTION"]
    return "\n".join([*setup, *block, *tail])


def compose_master(stem: str) -> nbformat.NotebookNode:
    """The otter assign master notebook of ``notebooks/<stem>.ipynb``.

    Parameters
    ----------
    stem : str
        A notebook name without ``.ipynb``, e.g. ``"00_intro"``.

    Returns
    -------
    nbformat.NotebookNode
        Every cell of the notebook, without outputs; each exercise and its check replaced by an
        otter question (solution, public and hidden tests); the written question (its answer
        cell tagged ``written``) as a manually graded question with the reference answer.

    Raises
    ------
    ValueError
        If a piece of an exercise is missing or the notebook cannot find its checks when it is
        handed out (the grader must name its notebook).

    Examples
    --------
    >>> master = compose_master("00_intro")
    >>> sum("BEGIN QUESTION" in cell.source for cell in master.cells)
    4

    References
    ----------
    otter-grader, "Creating assignments: Python notebook format",
    https://otter-grader.readthedocs.io/en/latest/otter_assign/python_notebook_format.html
    """
    notebook = nbformat.read(NOTEBOOKS / f"{stem}.ipynb", as_version=4)
    grader_line = f'otter.Notebook("{stem}.ipynb", tests_dir="checks")'
    if not any(grader_line in cell.source for cell in notebook.cells[:3]):
        raise ValueError(
            f"{stem}: the first code cell must create the grader as `grader = {grader_line}`, "
            "so that a handed-out copy finds its checks in its own metadata and exports itself."
        )
    module = load_solutions(stem)
    solutions, written = module.SOLUTIONS, getattr(module, "WRITTEN", {})
    questions = exercises(notebook)
    config = {"name": stem, **ASSIGNMENT_CONFIG}
    cells = [raw("# ASSIGNMENT CONFIG\n" + yaml.safe_dump(config, sort_keys=False))]
    skip = {index + 1 for index in questions}  # otter writes each check cell itself
    for index, cell in enumerate(notebook.cells):
        if index in skip:
            continue
        cell = nbformat.from_dict({**cell, "outputs": []} if cell.cell_type == "code" else cell)
        if cell.cell_type == "code":
            cell.execution_count = None
        if index in questions:
            question = questions[index]
            if question not in solutions:
                raise ValueError(f"{stem}: no reference solution for {question}.")
            code = nbformat.v4.new_code_cell(solution_source(cell.source, solutions[question]))
            code.metadata = cell.metadata
            hidden_path = NOTEBOOKS / "checks" / "hidden" / f"{question}.py"
            if not hidden_path.is_file():
                raise ValueError(f"{stem}: {question} has no hidden check, {hidden_path}.")
            tests = test_cells(NOTEBOOKS / "checks" / f"{question}.py", hidden=False)
            tests += test_cells(hidden_path, hidden=True)
            cells += [raw(f"# BEGIN QUESTION\nname: {question}"), raw("# BEGIN SOLUTION"), code]
            cells += [raw("# END SOLUTION"), raw("# BEGIN TESTS"), *tests, raw("# END TESTS")]
            cells.append(raw("# END QUESTION"))
        elif WRITTEN_TAG in cell.metadata.get("tags", []):
            prompt = cells.pop()
            name = next((n for n in written if n.endswith("_written")), None)
            if prompt.cell_type != "markdown" or name is None:
                raise ValueError(
                    f"{stem}: a cell tagged written follows its markdown question, and "
                    "solutions/{stem}.py holds its reference answer in WRITTEN."
                )
            header = f"# BEGIN QUESTION\nname: {name}\nmanual: true\npoints: {WRITTEN_POINTS}"
            cells += [raw(header), prompt, raw("# BEGIN PROMPT"), cell, raw("# END PROMPT")]
            cells += [raw("# BEGIN SOLUTION"), nbformat.v4.new_markdown_cell(written[name])]
            cells += [raw("# END SOLUTION"), raw("# END QUESTION")]
        else:
            cells.append(cell)
    notebook.cells = cells
    return notebook


def build(stem: str, out: Path, *, run_tests: bool = False) -> Path:
    """Compose the master of one notebook and run ``otter assign`` on it.

    Parameters
    ----------
    stem : str
        A notebook name without ``.ipynb``.
    out : Path
        The folder of built assignments; ``out/<stem>`` is replaced.
    run_tests : bool
        Let otter grade its solutions notebook against every check (slow: it runs the notebook).

    Returns
    -------
    Path
        ``out/<stem>``, holding ``master/``, ``student/`` and ``autograder/``.

    Examples
    --------
    >>> import tempfile
    >>> folder = build("00_intro", Path(tempfile.mkdtemp()))  # doctest: +SKIP
    >>> sorted(p.name for p in folder.iterdir())  # doctest: +SKIP
    ['autograder', 'master', 'student']

    References
    ----------
    otter-grader, "Otter Assign", https://otter-grader.readthedocs.io/en/latest/otter_assign/
    """
    from otter.assign import main as otter_assign

    notebook = compose_master(stem)  # first: a notebook that cannot be built leaves no trace
    target = out / stem
    shutil.rmtree(target, ignore_errors=True)
    master = target / "master" / f"{stem}.ipynb"
    master.parent.mkdir(parents=True)
    nbformat.write(notebook, master)
    otter_assign(str(master), str(target), no_pdfs=True, no_run_tests=not run_tests)
    return target


def with_exercises() -> list[str]:
    """Names of the notebooks that have exercises, in order."""
    return [
        path.stem
        for path in sorted(NOTEBOOKS.glob("*.ipynb"))
        if any("exercise" in c.metadata.get("tags", []) for c in nbformat.read(path, 4).cells)
    ]


def main(argv: list[str] | None = None) -> int:
    """Command line: build the named notebooks' assignments (all with exercises by default)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", help="names such as 00_intro (default: all)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="default: assignments/")
    parser.add_argument("--run-tests", action="store_true", help="otter grades each solution")
    args = parser.parse_args(argv)
    stems = [Path(name).stem for name in args.notebooks] or with_exercises()
    unknown = [s for s in stems if not (NOTEBOOKS / f"{s}.ipynb").is_file()]
    if unknown:
        parser.error(f"no such notebook in notebooks/: {', '.join(unknown)}")
    handout = args.out / "handout"
    handout.mkdir(parents=True, exist_ok=True)
    failed = []
    for stem in stems:
        try:
            target = build(stem, args.out, run_tests=args.run_tests)
        except ValueError as error:
            print(f"{stem}: not built. {error}", file=sys.stderr)
            failed.append(stem)
            continue
        shutil.copy(target / "student" / f"{stem}.ipynb", handout / f"{stem}.ipynb")
        print(f"{stem}: {target}/student, {target}/autograder")
    print(f"Hand out {handout} (student notebooks only: no solutions, no hidden checks).")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
