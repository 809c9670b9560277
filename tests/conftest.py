"""Shared set-up: the reference datasets, a headless Matplotlib, the hypothesis profiles, a cluster.

The profiles set how many examples each hypothesis test draws (the fuzz harness in
tests/test_fuzz.py is the main user); choose one with ``--hypothesis-profile=NAME``:

- ``ci`` (the default, what ``make test`` runs): 12 examples per test, the same on every run;
- ``dev``: 100 random examples per test, for a look around after a change;
- ``long``: 1000 random examples per test, for a release; ``--hypothesis-seed=N`` picks them and
  a failure prints the blob that reproduces it.
"""

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import matplotlib
import pytest
from hypothesis import HealthCheck, settings

matplotlib.use("Agg")

# Each example is a call in a child process, with images of up to a few thousand pixels:
# slowness and large draws are expected, not a sign of a bad strategy.
settings.register_profile(
    "ci",
    max_examples=12,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile("dev", settings.get_profile("ci"), max_examples=100, derandomize=False)
settings.register_profile("long", settings.get_profile("dev"), max_examples=1000, print_blob=True)
settings.load_profile("ci")  # pytest's --hypothesis-profile loads another after this

DATASETS = ("isbi2012-membrane", "dsb2018-subset", "bsds500-val")
PROJECT = Path(__file__).resolve().parents[1]
SHARED_DATA = PROJECT.parent / "shared" / "data"


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """The real datasets with ground truth, laid out as published.

    ``$SEGUTILS_DATA`` if set, else ../shared/data beside the project, else the verified
    download cache that ``make data`` fills.
    """
    from segutils.config import cache_dir

    candidates = [os.environ.get("SEGUTILS_DATA"), SHARED_DATA, cache_dir()]
    for root in (Path(c) for c in candidates if c):
        if all((root / name).is_dir() for name in DATASETS):
            return root
    pytest.fail(
        "Reference data not found: tests need ../shared/data beside the project, "
        "SEGUTILS_DATA pointing at a copy of it, or the datasets downloaded by 'make data'."
    )


@pytest.fixture(scope="session")
def camvid_data(shared_data) -> Path:
    """The ``camvid/`` folder of the reference data (train and val only); skip where absent.

    CamVid is not among the datasets every test set-up must have (``make data`` would download
    its 1 400 files): a machine without it skips the tests that read it.
    """
    folder = shared_data / "camvid"
    if not (folder / "valannot").is_dir():
        pytest.skip(f"no CamVid copy at {folder} (optional reference data)")
    return folder


class _Server:
    def __init__(self, root: Path, url: str):
        self.root, self.url = root, url


@pytest.fixture
def http_server(tmp_path):
    """A throw-away HTTP server on 127.0.0.1 serving a temporary folder (no outside network)."""
    import functools
    import http.server
    import threading

    root = tmp_path / "served"
    root.mkdir()
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield _Server(root, f"http://127.0.0.1:{server.server_address[1]}")
    finally:
        server.shutdown()
        server.server_close()


def _quiet_handler_class():
    import http.server

    class Handler(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format, *args):  # noqa: A002 - the base class's signature
            pass

    return Handler


_QuietHandler = _quiet_handler_class()


def _wait_for(condition, seconds: float, what: str) -> None:
    """Poll ``condition`` until it holds; fail the test saying ``what`` did not happen."""
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"{what} within {seconds:g} s")
        time.sleep(0.3)


@pytest.fixture(scope="session")
def wait_for():
    """``wait_for(condition, seconds, what)``: poll until ``condition()`` holds, or fail."""
    return _wait_for


@contextmanager
def _scheduler_and_worker(folder: Path, *worker_options: str) -> Iterator[str]:
    """A Dask scheduler and one worker, each its own process, as a user with a cluster starts.

    Yields the scheduler's address once the worker has joined; both processes are stopped
    afterwards, even when the test fails. Their logs are ``scheduler.log`` and ``worker.log``
    in ``folder``. The worker imports this checkout's segutils (PYTHONPATH), as an installed
    worker would.
    """
    import distributed

    address_file = folder / "scheduler.json"
    paths = [str(PROJECT), os.environ.get("PYTHONPATH", "")]
    environment = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, paths))}
    processes = []
    with ExitStack() as logs:
        try:
            processes.append(
                subprocess.Popen(
                    [sys.executable, "-m", "distributed.cli.dask_scheduler", "--host"]
                    + ["127.0.0.1", "--port", "0", "--dashboard-address", ":0"]
                    + ["--scheduler-file", str(address_file)],
                    stdout=subprocess.DEVNULL,
                    stderr=logs.enter_context(open(folder / "scheduler.log", "w")),
                )
            )
            _wait_for(address_file.exists, 60, "the scheduler did not start")
            address = json.loads(address_file.read_text())["address"]
            processes.append(
                subprocess.Popen(
                    [sys.executable, "-m", "distributed.cli.dask_worker", address]
                    + ["--dashboard-address", ":0", *worker_options],
                    stdout=subprocess.DEVNULL,
                    stderr=logs.enter_context(open(folder / "worker.log", "w")),
                    env=environment,
                )
            )
            with distributed.Client(address, timeout="30s") as client:
                client.wait_for_workers(1, timeout=60)
            yield address
        finally:
            for process in reversed(processes):
                process.terminate()
                try:
                    process.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()


@pytest.fixture(scope="session")
def scheduler_and_worker():
    """``with scheduler_and_worker(folder, *worker_options) as address:``, a real cluster.

    For the tests that pass a scheduler's address on the command line, as a user would.
    """
    return _scheduler_and_worker
