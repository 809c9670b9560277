"""A check that runs a looping answer cell again fails alone; the cell's own limit still holds.

The grading kernel's cell limit (:func:`segutils.classroom.sandbox.limit_cell_time`) is armed
here as the kernel arms it, with a fake shell; the checks run in otter's own test-file runner.
"""

import signal
import time
from types import SimpleNamespace

import pytest

from segutils.classroom import rerun, sandbox

LOOP = "answer = 0\nwhile True:\n    answer += 1"


@pytest.fixture
def cell_limit():
    """Arm the grading kernel's cell limit, as before a cell; disarm and restore after."""
    events = {}
    shell = SimpleNamespace(events=SimpleNamespace(register=events.setdefault))
    previous = signal.getsignal(signal.SIGALRM)

    def start_cell(seconds: float) -> None:
        sandbox.limit_cell_time(shell, seconds)
        events["pre_run_cell"](None)

    yield start_cell
    signal.setitimer(signal.ITIMER_REAL, 0)
    signal.signal(signal.SIGALRM, previous)


def test_several_looping_reruns_fail_alone_and_the_cell_limit_still_holds(cell_limit):
    env = {"In": ["", "factor = 2", LOOP, "scaled = 3 * factor"], "factor": 2}
    cell_limit(2.0)
    for _ in range(3):  # three checks in one grading cell, each running the loop again
        with pytest.raises(AssertionError, match="did not finish .* a loop that never ends"):
            rerun.rerun_answer_cell(env, "answer")
    assert rerun.rerun_answer_cell(env, "scaled", factor=5)["scaled"] == 15, "the next check runs"
    assert signal.getitimer(signal.ITIMER_REAL)[0] > 0, "the cell's timer is armed again"
    with pytest.raises(KeyboardInterrupt, match="stopped after 2 s"):
        time.sleep(30)  # the cell itself runs on: its own limit stops it


def test_an_interrupt_of_the_cell_is_passed_on(cell_limit):
    env = {"In": ["", "answer = 1\nraise KeyboardInterrupt('a person')"]}
    cell_limit(30.0)
    with pytest.raises(KeyboardInterrupt, match="a person"):
        rerun.rerun_answer_cell(env, "answer")
    assert signal.getsignal(signal.SIGALRM) is not rerun._stop, "the cell's handler is back"
    assert signal.getitimer(signal.ITIMER_REAL)[0] > 0


def test_a_budget_longer_than_the_cell_has_left_ends_with_the_cell(cell_limit):
    cell_limit(0.2)
    assert rerun.run_within("while True:\n    pass", {}, 60.0) is False
    with pytest.raises(KeyboardInterrupt, match="stopped after 0.2 s"):
        time.sleep(30)


def test_otters_runner_fails_that_check_and_runs_the_next(cell_limit):
    otter = pytest.importorskip("otter.test_files")
    checks = (
        'from otter.test_files import test_case\n\nname = "q1"\npoints = 2\n\n'
        "@test_case(points=1, hidden=True)\n"
        "def test_loop(env):\n"
        "    from segutils.classroom.rerun import rerun_answer_cell\n"
        "    rerun_answer_cell(env, 'answer')\n\n"
        "@test_case(points=1, hidden=True)\n"
        "def test_next(factor):\n"
        "    assert factor == 2\n"
    )
    test_file = otter.ExceptionTestFile.from_string(checks, path="q1.py")
    cell_limit(2.0)
    test_file.run({"In": ["", LOOP], "factor": 2})
    first, second = test_file.test_case_results
    assert not first.passed and "did not finish" in first.message
    assert "rerun_answer_cell(env, 'answer')" in first.message, "the check's line is quoted"
    assert second.passed and test_file.score == 1
