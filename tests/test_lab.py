"""`make lab` serves JupyterLab on the notebooks, offline, with the widget extension loaded.

It also runs as root (a container, a cloud VM), and ships the settings that keep JupyterLab's
"get notified about official Jupyter news?" toast off the notebook.
"""

import json
import os
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[1]
TOKEN = "segutils-test-token"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def get(url: str) -> tuple[int, str]:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.status, response.read().decode()


@pytest.fixture
def lab_server(tmp_path):
    port = free_port()
    # No --allow-root: as root (CI, containers) `make lab` must add it by itself.
    args = f"--no-browser --ip=127.0.0.1 --IdentityProvider.token={TOKEN}"
    process = subprocess.Popen(
        ["make", "-s", "lab", f"PORT={port}", f"LAB_ARGS={args}"],
        cwd=PROJECT,
        stdout=(tmp_path / "lab.log").open("w"),
        stderr=subprocess.STDOUT,
        start_new_session=True,  # so the whole group (make and jupyter) can be stopped
        env={**os.environ, "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime")},
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    try:
        while True:
            try:
                get(f"{base}/api/status?token={TOKEN}")
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    pytest.fail("JupyterLab did not start:\n" + (tmp_path / "lab.log").read_text())
                time.sleep(0.5)
        yield base, tmp_path / "lab.log"
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=30)


def test_make_lab_serves_the_intro_with_widgets(lab_server):
    lab_server, log = lab_server
    if os.geteuid() == 0:
        assert "Running as root" in log.read_text() and "--allow-root" in log.read_text()
    status, body = get(f"{lab_server}/api/contents/00_intro.ipynb?token={TOKEN}&content=0")
    assert status == 200 and json.loads(body)["type"] == "notebook"
    status, page = get(f"{lab_server}/lab/tree/00_intro.ipynb?token={TOKEN}")
    assert status == 200 and "JupyterLab" in page
    # the ipywidgets front-end extension must be among those the page loads
    assert "@jupyter-widgets/jupyterlab-manager" in page


def test_make_lab_ships_the_setting_that_stops_the_news_toast(lab_server):
    lab_server, _ = lab_server
    plugin = "@jupyterlab/apputils-extension:notification"
    status, body = get(f"{lab_server}/lab/api/settings/{plugin}?token={TOKEN}")
    assert status == 200
    defaults = json.loads(body)["schema"]["properties"]
    # "none" (JupyterLab's default) asks with a toast on the first start; "false" never asks.
    assert defaults["fetchNews"]["default"] == "false"
    assert defaults["checkForUpdates"]["default"] is False
