"""Shared fixtures: the reference datasets beside the project and a headless Matplotlib."""

import os
from pathlib import Path

import matplotlib
import pytest

matplotlib.use("Agg")

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
