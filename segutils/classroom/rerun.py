"""Run a student's answer cell again inside a check, with held-back inputs and a time budget.

A hidden check (``notebooks/checks/hidden/``) grades an answer on inputs the student never saw
by running the answer cell again, from the kernel's ``In`` history, with those inputs swapped
in. The check imports :func:`rerun_answer_cell` inside its function (otter keeps only the
function of a check), in the grading kernel, where segutils is installed.

The grading kernel stops a cell that runs past the cell limit by raising ``KeyboardInterrupt``
(:func:`.sandbox.limit_cell_time`). otter's test runner catches only ``Exception``, so an answer
cell that loops, run again inside a check, used to stop the check's cell and then otter's own
grading cell, which runs that check again and loses every question's result with it. Here the
re-run gets its own budget, a share (:data:`BUDGET_SHARE`) of the time left on the cell's
timer, and a re-run that does not finish in it fails only its check, with an
``AssertionError``. The cell's own timer is saved and re-armed afterwards, so the cell's limit
still holds; several looping re-runs in one cell each take a share of what is left, and
together stay within the cell's limit.

This module holds no answer: students have segutils too.
"""

import ast
import signal
import time
from collections.abc import Iterable

__all__ = ["BUDGET_SHARE", "UNTIMED_BUDGET_S", "answer_cell", "rerun_answer_cell", "run_within"]

BUDGET_SHARE = 0.5
"""The share of the time left on the cell's timer a re-run may use. The rest is for the check's
own work and the re-runs of the checks after it in the same cell: a half leaves a correct
answer 2.5 times its reference's longest cell under the default cell limit (5 times it)."""

UNTIMED_BUDGET_S = 600.0
"""The budget of a re-run in a cell that has no time limit (a check run outside grading)."""

_SOON_S = 1e-3  # re-arms a cell's timer whose time ran out during the re-run: it fires at once


class _Unfinished(BaseException):
    """The re-run's own timer fired.

    A BaseException, so that an ``except Exception`` in the student's cell does not swallow it.
    """


def _stop(signum: int, frame: object) -> None:
    raise _Unfinished


def answer_cell(history: Iterable[str], target: str) -> str | None:
    r"""The last cell of ``history`` that assigns the name ``target``.

    Parameters
    ----------
    history : iterable of str
        The sources of the cells run, oldest first (IPython's ``In``).
    target : str
        The name the answer cell assigns, e.g. ``"my_mask"``.

    Returns
    -------
    str or None
        The cell's source; None when no cell assigns it. A cell that does not parse is skipped.

    Examples
    --------
    >>> answer_cell(["", "x = 1", "for y in range(3):\n    x += y", "print(x)"], "x")
    'for y in range(3):\n    x += y'
    >>> answer_cell(["x = (", "print(1)"], "x") is None
    True

    References
    ----------
    IPython documentation, "Input caching system" (``In``),
    https://ipython.readthedocs.io/en/stable/interactive/reference.html#input-caching-system
    """
    found = None
    for source in history:
        try:
            tree = ast.parse(source)
        except SyntaxError:
            continue
        if any(
            isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store) and node.id == target
            for node in ast.walk(tree)
        ):
            found = source
    return found


def run_within(source: str, namespace: dict, seconds: float) -> bool:
    r"""Execute ``source`` in ``namespace``, stopping it after ``seconds``.

    The real-time timer (``SIGALRM``) of the calling cell is saved, replaced by the budget, and
    re-armed with what it had left when the code ends, however it ends: the cell's own limit
    still holds, and the budget never outlasts it. A ``KeyboardInterrupt`` (the cell's limit,
    or a person) is not caught. Must be called from the main thread, as signals are.

    Parameters
    ----------
    source : str
        The code, e.g. an answer cell's source.
    namespace : dict
        The globals it runs in; it changes them.
    seconds : float
        The budget; cut to the time left on the cell's timer when that is shorter.

    Returns
    -------
    bool
        True when the code finished, False when the budget ran out. An exception the code
        raises is passed on.

    Examples
    --------
    >>> namespace = {}
    >>> run_within("x = 1 + 1", namespace, 5.0), namespace["x"]
    (True, 2)
    >>> run_within("while True:\n    pass", {}, 0.05)
    False

    References
    ----------
    Python documentation, "signal.setitimer",
    https://docs.python.org/3/library/signal.html#signal.setitimer
    """
    cell_left, cell_interval = signal.getitimer(signal.ITIMER_REAL)
    if cell_left > 0:
        seconds = min(seconds, cell_left)
    previous = signal.signal(signal.SIGALRM, _stop)
    started = time.monotonic()
    try:
        try:
            signal.setitimer(signal.ITIMER_REAL, seconds)
            exec(source, namespace)  # the student's own cell, in its own kernel
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
    except _Unfinished:
        return False
    finally:
        signal.signal(signal.SIGALRM, previous)
        if cell_left > 0:
            left = cell_left - (time.monotonic() - started)
            signal.setitimer(signal.ITIMER_REAL, max(left, _SOON_S), cell_interval)
    return True


def rerun_answer_cell(env: dict, target: str, /, **inputs: object) -> dict:
    """Run the last cell that assigned ``target`` again, with held-back inputs swapped in.

    The cell runs in a copy of the notebook's globals updated with ``inputs``, within a budget:
    :data:`BUDGET_SHARE` of the time left on the cell's timer (:data:`UNTIMED_BUDGET_S` in a
    cell without one).

    Parameters
    ----------
    env : dict
        The notebook's globals, as otter passes them to a check's ``env`` parameter.
    target : str
        The name the answer cell assigns.
    **inputs : object
        The held-back values, by the names the cell reads.

    Returns
    -------
    dict
        The namespace after the cell ran: ``target`` and what else the cell assigned.

    Raises
    ------
    AssertionError
        If no cell assigns ``target``, or the cell did not finish within its budget: the check
        fails, with a message saying so, and the checks after it still run.

    Examples
    --------
    >>> env = {"In": ["", "factor = 3", "scaled = 2 * factor"], "factor": 3, "scaled": 6}
    >>> rerun_answer_cell(env, "scaled", factor=10)["scaled"]
    20
    >>> rerun_answer_cell(env, "shifted")
    Traceback (most recent call last):
    ...
    AssertionError: No cell assigns shifted.

    References
    ----------
    otter-grader, "Python format: exception-based tests" (the ``env`` parameter),
    https://otter-grader.readthedocs.io/en/latest/test_files/python_format.html
    """
    source = answer_cell(env.get("In", []), target)
    if source is None:
        raise AssertionError(f"No cell assigns {target}.")
    cell_left, _ = signal.getitimer(signal.ITIMER_REAL)
    budget = BUDGET_SHARE * cell_left if cell_left > 0 else UNTIMED_BUDGET_S
    namespace = {**env, **inputs}
    if not run_within(source, namespace, budget):
        raise AssertionError(
            f"The cell that assigns {target}, run again on other inputs, did not finish in "
            f"{budget:.3g} s: look for a loop that never ends."
        )
    return namespace
