"""Every exercise check can fail: the reference passes it, the blank and plausible mistakes do not.

Each notebook is run once in a real kernel. At every cell tagged ``exercise`` the harness grades
the blank cell as committed, then each plausible wrong answer of the bank (``WRONG`` in
``notebooks/solutions/``: the notebook's own baseline where the exercise asks to beat it, an
off-by-one, a wrong sign or polarity, a copied earlier cell...), then the reference solution,
each run in the exercise cell's place and graded through the same ``grader.check`` a student
calls. The hidden checks (``notebooks/checks/hidden/``, which only the instructor's autograder
holds) are graded the same way, in the same kernel, by otter's own test-file runner. A wrong
answer must fail both: the public check must not give it full marks (a question in several
parts keeps the marks of the parts the answer gets right), and the hidden check must give it
nothing: a hidden check that passes what the public check fails gives marks for a mistake the
student was told about.
"""

import re
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from segutils.classroom.assignments import exercises, load_solutions, with_exercises

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"


def grade(client: NotebookClient, question: str, index: int) -> float:
    probe = nbformat.v4.new_code_cell(f'print("GRADE", grader.check("{question}").grade)')
    client.execute_cell(probe, index)
    text = "".join(o.get("text", "") for o in probe.outputs if o.output_type == "stream")
    match = re.search(r"GRADE ([\d.]+)", text)
    assert match, f"no grade printed for {question}: {probe.outputs}"
    return float(match.group(1))


def hidden_grade(client: NotebookClient, question: str, index: int) -> float:
    probe = nbformat.v4.new_code_cell(
        "from otter.test_files import ExceptionTestFile as _Hidden\n"
        f'_hidden = _Hidden.from_file("checks/hidden/{question}.py")\n'
        "_hidden.run(globals())\n"
        'print("GRADE", _hidden.grade)'
    )
    client.execute_cell(probe, index)
    text = "".join(o.get("text", "") for o in probe.outputs if o.output_type == "stream")
    match = re.search(r"GRADE ([\d.]+)", text)
    assert match, f"no hidden grade printed for {question}: {probe.outputs}"
    return float(match.group(1))


def test_every_notebook_with_exercises_is_found():
    assert (NOTEBOOKS / "00_intro.ipynb") in with_exercises(NOTEBOOKS)


@pytest.mark.parametrize("path", with_exercises(NOTEBOOKS), ids=lambda p: p.stem)
def test_checks_pass_the_reference_and_fail_the_blank(path):
    notebook = nbformat.read(path, as_version=4)
    questions = exercises(notebook)
    module = load_solutions(path)
    solutions, wrong_answers = module.SOLUTIONS, module.WRONG
    assert sorted(solutions) == sorted(questions.values()), "one reference solution per question"
    for question in questions.values():
        assert len(wrong_answers.get(question, [])) >= 2, f"{question}: at least two wrong answers"
    assert len(questions) >= 3, "each notebook has at least three exercises"

    client = NotebookClient(
        notebook,
        timeout=600,
        kernel_name="python3",
        resources={"metadata": {"path": str(NOTEBOOKS)}},
    )
    blank, reference, hidden_blank, hidden_reference = {}, {}, {}, {}
    wrong_passed = []
    with client.setup_kernel():
        for index, cell in enumerate(notebook.cells):
            if cell.cell_type != "code":
                continue
            client.execute_cell(cell, index)
            if index in questions:
                question = questions[index]
                blank[question] = grade(client, question, index)
                hidden_blank[question] = hidden_grade(client, question, index)
                for mistake, code in wrong_answers[question]:
                    client.execute_cell(nbformat.v4.new_code_cell(code), index)
                    public = grade(client, question, index)
                    hidden = hidden_grade(client, question, index)
                    if public == 1.0 or hidden:
                        credit = f"public {public}, hidden {hidden}"
                        wrong_passed.append(f"{question} {mistake!r}: {credit}")
                solution = nbformat.v4.new_code_cell(solutions[question])
                client.execute_cell(solution, index)
                reference[question] = grade(client, question, index)
                hidden_reference[question] = hidden_grade(client, question, index)
    every = list(questions.values())
    assert blank == dict.fromkeys(every, 0.0), f"blank answers must fail: {blank}"
    assert reference == dict.fromkeys(every, 1.0), f"references must pass: {reference}"
    assert hidden_blank == dict.fromkeys(every, 0.0), f"hidden checks must fail: {hidden_blank}"
    assert hidden_reference == dict.fromkeys(every, 1.0), f"and pass: {hidden_reference}"
    assert not wrong_passed, "wrong answers earned credit:\n" + "\n".join(wrong_passed)
