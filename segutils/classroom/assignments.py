"""Build otter-grader assignments from the notebooks, their checks and their reference solutions.

Every exercise lives once: its task and blank answer in ``notebooks/NN.ipynb``, its public checks
in ``notebooks/checks/<q>.py``, its hidden checks in ``notebooks/checks/hidden/<q>.py`` and its
reference answer in ``notebooks/solutions/NN.py``. This module assembles them into an otter
assign master notebook (raw ``# BEGIN QUESTION`` / ``# BEGIN SOLUTION`` / ``# BEGIN TESTS``
cells, hidden tests marked in each test's config) and runs ``otter assign`` on it, which writes

- ``<out>/NN/student/NN.ipynb``: outputs cleared, solutions replaced by the blanks, public checks
  in the notebook's metadata, no hidden checks;
- ``<out>/NN/autograder/``: the solutions notebook and ``NN-autograder_<time>.zip``, the bundle
  :mod:`segutils.classroom.grade` grades with (public and hidden checks).

The folders are found beside the notebook each function is given, never inside the installed
package. ``segutils assign`` (:mod:`.assign_cli`) is the command line.
"""

import ast
import importlib.util
import re
import shutil
from pathlib import Path
from types import ModuleType

import nbformat
import yaml

__all__ = [
    "build",
    "compose_master",
    "exercises",
    "load_solutions",
    "solution_source",
    "check_cells",
    "with_exercises",
]

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


def _raw(text: str) -> nbformat.NotebookNode:
    """A raw cell of otter assign's markup."""
    return nbformat.v4.new_raw_cell(text)


def load_solutions(notebook: Path) -> ModuleType:
    """The reference solutions of a notebook: the module ``solutions/<stem>.py`` beside it.

    Parameters
    ----------
    notebook : Path
        A notebook, e.g. ``notebooks/00_intro.ipynb``.

    Returns
    -------
    ModuleType
        The module, with ``SOLUTIONS`` (question -> reference code) and, where the notebook has
        a written question, ``WRITTEN`` (question -> reference answer).

    Raises
    ------
    ValueError
        If the notebook has no solutions file.

    Examples
    --------
    >>> sorted(load_solutions(Path("notebooks/00_intro.ipynb")).SOLUTIONS)
    ['intro_q1', 'intro_q2', 'intro_q3']

    References
    ----------
    Python documentation, "importlib: importing a source file directly",
    https://docs.python.org/3/library/importlib.html#importing-a-source-file-directly
    """
    path = notebook.parent / "solutions" / f"{notebook.stem}.py"
    if not path.is_file():
        raise ValueError(f"{notebook.name} has no reference solutions: write {path}.")
    spec = importlib.util.spec_from_file_location(f"solutions_{notebook.stem}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def exercises(notebook: nbformat.NotebookNode) -> dict[int, str]:
    """Index of each cell tagged ``exercise`` -> the question its next cell checks.

    Parameters
    ----------
    notebook : nbformat.NotebookNode
        A notebook, as ``nbformat.read`` returns it.

    Returns
    -------
    dict of int to str
        The exercise cells' indices and their questions' names.

    Raises
    ------
    ValueError
        If the cell after an exercise is not its ``grader.check("<question>")``.

    Examples
    --------
    >>> blank = nbformat.v4.new_code_cell("mask = ...", metadata={"tags": ["exercise"]})
    >>> check = nbformat.v4.new_code_cell('grader.check("q1")')
    >>> exercises(nbformat.v4.new_notebook(cells=[blank, check]))
    {0: 'q1'}

    References
    ----------
    otter-grader, "Student usage: checking answers",
    https://otter-grader.readthedocs.io/en/latest/otter_check/notebook_usage.html
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


def check_cells(path: Path, *, hidden: bool) -> list[nbformat.NotebookNode]:
    r"""One otter test cell per ``@test_case`` function of an exception-based test file.

    otter assign keeps only the function of each test cell, so the functions must be
    self-contained (imports and helpers inside), as notebooks/checks/*.py are written.

    Parameters
    ----------
    path : Path
        A file of ``@test_case`` functions, e.g. ``notebooks/checks/intro_q1.py``.
    hidden : bool
        Whether the file holds hidden checks (``notebooks/checks/hidden/``); each test's
        ``hidden`` flag must say the same.

    Returns
    -------
    list of nbformat.NotebookNode
        Code cells: a ``# BEGIN TEST CONFIG`` header, then the function.

    Raises
    ------
    ValueError
        If a test is in the wrong folder, or the file has no test.

    Examples
    --------
    >>> import tempfile
    >>> path = Path(tempfile.mkdtemp()) / "q1.py"
    >>> path.write_text("@test_case(points=1)\ndef test_q1(mask):\n    assert mask.any()\n")
    62
    >>> cell = check_cells(path, hidden=False)[0]
    >>> cell.source.splitlines()[1:3], cell.source.splitlines()[-1]
    (['hidden: false', 'points: 1'], '    assert mask.any()')

    References
    ----------
    otter-grader, "Exception-based test file format",
    https://otter-grader.readthedocs.io/en/latest/test_files/python_formats.html
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
    r"""A master solution cell whose student version, as otter strips it, is exactly ``blank``.

    The blank's setup lines before its first ``name = ...`` stay as they are (the reference
    solution must start with them); the rest of the solution sits in a ``BEGIN SOLUTION NO
    PROMPT`` block; each ``name = ...`` line becomes ``name = name  # SOLUTION``, a no-op after
    the solution that otter turns back into ``name = ...``.

    Parameters
    ----------
    blank : str
        The exercise cell as students get it.
    solution : str
        The reference solution of that cell.

    Returns
    -------
    str
        The master notebook's cell.

    Raises
    ------
    ValueError
        If the blank has no ``name = ...`` line, or the solution does not start with the
        blank's setup lines.

    Examples
    --------
    >>> print(solution_source("sp = slic(image)\nsmooth = ...", "sp = slic(image)\nsmooth = sp"))
    sp = slic(image)
    # BEGIN SOLUTION NO PROMPT
    smooth = sp
    # END SOLUTION
    smooth = smooth  # SOLUTION

    References
    ----------
    otter-grader, "Creating assignments: solution removal",
    https://otter-grader.readthedocs.io/en/latest/otter_assign/python_notebook_format.html
    """
    lines = blank.strip("\n").split("\n")
    body = solution.strip("\n").split("\n")
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


def compose_master(notebook: Path) -> nbformat.NotebookNode:
    """The otter assign master notebook of a notebook with exercises.

    Parameters
    ----------
    notebook : Path
        A notebook, e.g. ``notebooks/00_intro.ipynb``, with ``checks/``, ``checks/hidden/`` and
        ``solutions/`` in its folder.

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
    >>> master = compose_master(Path("notebooks/00_intro.ipynb"))
    >>> sum("BEGIN QUESTION" in cell.source for cell in master.cells)
    4

    References
    ----------
    otter-grader, "Creating assignments: Python notebook format",
    https://otter-grader.readthedocs.io/en/latest/otter_assign/python_notebook_format.html
    """
    stem, checks = notebook.stem, notebook.parent / "checks"
    original = nbformat.read(notebook, as_version=4)
    grader_line = f'otter.Notebook("{notebook.name}", tests_dir="checks")'
    if not any(grader_line in cell.source for cell in original.cells[:3]):
        raise ValueError(
            f"{stem}: the first code cell must create the grader as `grader = {grader_line}`, "
            "so that a handed-out copy finds its checks in its own metadata and exports itself."
        )
    module = load_solutions(notebook)
    solutions, written = module.SOLUTIONS, getattr(module, "WRITTEN", {})
    questions = exercises(original)
    config = {"name": stem, **ASSIGNMENT_CONFIG}
    cells = [_raw("# ASSIGNMENT CONFIG\n" + yaml.safe_dump(config, sort_keys=False))]
    skip = {index + 1 for index in questions}  # otter writes each check cell itself
    for index, cell in enumerate(original.cells):
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
            hidden_path = checks / "hidden" / f"{question}.py"
            if not hidden_path.is_file():
                raise ValueError(f"{stem}: {question} has no hidden check, {hidden_path}.")
            tests = check_cells(checks / f"{question}.py", hidden=False)
            tests += check_cells(hidden_path, hidden=True)
            cells += [_raw(f"# BEGIN QUESTION\nname: {question}"), _raw("# BEGIN SOLUTION"), code]
            cells += [_raw("# END SOLUTION"), _raw("# BEGIN TESTS"), *tests, _raw("# END TESTS")]
            cells.append(_raw("# END QUESTION"))
        elif WRITTEN_TAG in cell.metadata.get("tags", []):
            prompt = cells.pop()
            name = next((n for n in written if n.endswith("_written")), None)
            if prompt.cell_type != "markdown" or name is None:
                raise ValueError(
                    f"{stem}: a cell tagged written follows its markdown question, and "
                    f"solutions/{stem}.py holds its reference answer in WRITTEN."
                )
            header = f"# BEGIN QUESTION\nname: {name}\nmanual: true\npoints: {WRITTEN_POINTS}"
            cells += [_raw(header), prompt, _raw("# BEGIN PROMPT"), cell, _raw("# END PROMPT")]
            cells += [_raw("# BEGIN SOLUTION"), nbformat.v4.new_markdown_cell(written[name])]
            cells += [_raw("# END SOLUTION"), _raw("# END QUESTION")]
        else:
            cells.append(cell)
    original.cells = cells
    return original


def build(notebook: Path, out: Path, *, run_tests: bool = False) -> Path:
    """Compose the master of one notebook and run ``otter assign`` on it.

    Parameters
    ----------
    notebook : Path
        A notebook with exercises, e.g. ``notebooks/00_intro.ipynb``.
    out : Path
        The folder of built assignments; ``out/<stem>`` is replaced.
    run_tests : bool
        Let otter grade its solutions notebook against every check (slow: it runs the notebook).

    Returns
    -------
    Path
        ``out/<stem>``, holding ``master/``, ``student/`` and ``autograder/``.

    Raises
    ------
    ValueError
        If the notebook cannot be built (see :func:`compose_master`); nothing is written then.

    Examples
    --------
    >>> import tempfile
    >>> folder = build(Path("notebooks/00_intro.ipynb"), Path(tempfile.mkdtemp()))  # doctest: +SKIP
    >>> sorted(p.name for p in folder.iterdir())  # doctest: +SKIP
    ['autograder', 'master', 'student']

    References
    ----------
    otter-grader, "Otter Assign", https://otter-grader.readthedocs.io/en/latest/otter_assign/
    """
    from otter.assign import main as otter_assign

    master_notebook = compose_master(notebook)  # first: a failed build leaves no trace
    target = out / notebook.stem
    shutil.rmtree(target, ignore_errors=True)
    master = target / "master" / notebook.name
    master.parent.mkdir(parents=True)
    nbformat.write(master_notebook, master)
    otter_assign(str(master), str(target), no_pdfs=True, no_run_tests=not run_tests)
    return target


def with_exercises(folder: Path) -> list[Path]:
    """The notebooks of a folder that have exercises, in order.

    Parameters
    ----------
    folder : Path
        A folder of notebooks, e.g. ``notebooks``.

    Returns
    -------
    list of Path
        Each notebook with a cell tagged ``exercise``.

    Examples
    --------
    >>> with_exercises(Path("notebooks"))[0].name
    '00_intro.ipynb'

    References
    ----------
    Jupyter documentation, "Cell tags",
    https://jupyterbook.org/en/stable/content/metadata.html
    """
    return [
        path
        for path in sorted(folder.glob("*.ipynb"))
        if any("exercise" in c.metadata.get("tags", []) for c in nbformat.read(path, 4).cells)
    ]
