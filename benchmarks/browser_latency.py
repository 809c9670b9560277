"""Browser latency: from a key press, a click or a stroke to the new frame painted, in JupyterLab.

`explorer_latency.py` times the kernel side only. This script measures what a student sees: it
starts JupyterLab on a temporary notebook, opens it in headless Chromium driven by Playwright
(as `tests/test_browser.py` does), runs the cells, then acts on the widgets as a user does and
times each input in the page, from the input event's own timestamp to the frame painted after
the new picture has been decoded (a `MutationObserver` sees the image's `src` change or a new
image appear; `img.decode()`, then `requestAnimationFrame` and a task after it, which runs once
the frame is painted). Each input waits for its answer, then rests 0.15 s, as a user stepping a
slider does. Before each case, two warm-up inputs are answered and not timed.

The cases, on a 512x512 synthetic image with its truth (the live scores are part of the cost):

- a slider step (the right arrow key on a focused slider handle) on `threshold.manual` (level),
  `edge.canny` (sigma) and `watershed.distance_watershed` (min_distance). The distance watershed
  answers a moving control with a preview; its full frame follows once the control has rested
  0.3 s (`pacing.SETTLE_S`), and the time from the key to the full frame is reported too. A step
  whose picture does not change (larger min_distance values often find the same peaks) sends
  no new frame: it is counted in the "same" column and left out of the times;
- a click on `region.grow`'s image, each adding a seed on a new object;
- a stroke on `hints.pixel_classifier`'s drawing canvas (explorer/canvas.py), started from a
  background and an object stroke: a short object stroke on a new object each time, timed from
  the pointer's release (when the canvas sends it) to the new frame, a preview first (the forest
  is retrained on each stroke) and the full frame once the input rests;
- the drawing echo: one stroke dragged over the canvas in 4-pixel pointer moves, each timed from
  the move to the frame painted after it, and checked: the canvas is inked under the pointer;
- the naive way, in the same run: `ipywidgets.interact` on `threshold.manual` whose callback
  draws two inline Matplotlib panels (image and overlay, IoU in the title), as in
  `explorer_latency.py`; its slider stepped the same way.

Where the time goes, per case (medians, milliseconds): "to kernel", from the input to the
kernel starting its update (the browser's input handling, the widget's message over the
websocket, the Jupyter server, the kernel's message loop); "kernel", the update itself (the
method, scores, the frame composed and JPEG-encoded, the message sent; timed by a wrapper around
`Explorer.update`, or around the naive callback); "back", from the kernel's end to the new `src`
in the page (server, websocket, JupyterLab's widget manager); "decode", from the new `src` to the
picture decoded; "paint", from there to the painted frame. Kernel and page stamps share the
machine's clock. "back" can be negative: the update's work after the frame is sent (the
read-out, the canvas's `drawn`) can outlast the frame's trip. The echo never reaches the kernel:
its whole time is the page's. `--stamps FILE` keeps the raw stamps, websocket traffic included,
to split "back" further.

Targets (issue 22; 2-core CPU, JupyterLab 4 in headless Chromium): p95 <= 50 ms for the fast
families (thresholding, edge, region: the slider steps and the click) and for the drawing echo;
p95 <= 100 ms, the explorer's budget, for the first frame of the distance watershed and of the
pixel classifier after a stroke. Full frames and the naive way are reported only.

Needs Chromium (`CHROMIUM=/path` for another binary than `chromium`) and Playwright.

Usage: python benchmarks/browser_latency.py [--steps N] [--json] [--stamps FILE]
"""

import argparse
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import nbformat
import numpy as np
from scipy import ndimage

from segutils import edge, threshold, watershed
from segutils.datasets import synthetic
from segutils.params import controls

TOKEN = "segutils-browser-latency"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SIDE, N_OBJECTS, DIFFICULTY = (512, 512), 40, 0.4  # the sample, as in explorer_latency.py
WARMUP = 2
REST_S = 0.15
# After a first frame, how long to wait for a second one (the full result follows a preview
# once the control has rested 0.3 s, plus its run time).
QUIET_MS = 1500
VERDICT = {True: "met", False: "MISSED"}
# Cases answered by a preview while the input moves, then the full result: their first frame's
# target (the explorer's budget).
TWO_FRAMES = {"watershed.distance_watershed": 100, "hints.pixel_classifier": 100}

# Slider cases: (name, method, slider, its start value). The slider is stepped to the right, so
# that no value repeats and no result comes from the explorer's cache.
SLIDERS = [
    ("threshold.manual", threshold.manual, "level", 0.3),
    ("edge.canny", edge.canny, "sigma", 0.5),
    ("watershed.distance_watershed", watershed.distance_watershed, "min_distance", 2),
]

# In the page, before JupyterLab loads: the input's timestamp, the websocket's traffic, and
# `__arm(root, want, input)`, which resolves `__bench.result` once `want` new pictures under
# `root` have been painted, or `quietMs` after the last one painted if fewer come.
PAGE_SCRIPT = """
(() => {
  const B = (window.__bench = {want: null, input: null, sends: [], recvs: [], result: null});
  const now = () => performance.timeOrigin + performance.now();
  for (const type of ["keydown", "click", "pointermove", "pointerup"]) {
    addEventListener(type, (e) => {
      if (B.want === type && B.input === null) {
        B.input = performance.timeOrigin + e.timeStamp;
        if (B.onInput) B.onInput(e);
      }
    }, true);
  }
  const Native = window.WebSocket;
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener("message", () => { if (B.want) B.recvs.push(now()); });
    }
    send(data) {
      if (B.want) B.sends.push(now());
      return super.send(data);
    }
  };
  // The drawing echo: the next pointer move on `canvas`, to the frame painted after it, and
  // whether the canvas is inked under the pointer by then.
  window.__armEcho = (canvas) => {
    Object.assign(B, {want: "pointermove", input: null, sends: [], recvs: []});
    B.result = new Promise((resolve, reject) => {
      const timeout = setTimeout(() => reject(new Error("no echo within 30 s")), 30000);
      B.onInput = (event) => {
        B.onInput = null;
        requestAnimationFrame(() => {
          const channel = new MessageChannel();  // runs after the frame's paint
          channel.port1.onmessage = () => {
            const painted = now();
            const bounds = canvas.getBoundingClientRect();
            const x = ((event.clientX - bounds.left) * canvas.width) / bounds.width;
            const y = ((event.clientY - bounds.top) * canvas.height) / bounds.height;
            const pixel = canvas.getContext("2d").getImageData(x, y, 1, 1).data;
            clearTimeout(timeout);
            B.want = null;
            const frames = [{src: painted, decoded: painted, painted}];
            resolve({input: B.input, sends: [], recvs: [], frames, inked: pixel[3] > 0});
          };
          channel.port2.postMessage(null);
        });
      };
    });
  };
  window.__arm = (root, want, input, quietMs) => {
    Object.assign(B, {want: input, input: null, sends: [], recvs: [], onInput: null});
    B.result = new Promise((resolve, reject) => {
      const frames = [];
      const seen = new Set();
      let quiet = null;
      const finish = () => {
        observer.disconnect();
        clearTimeout(timeout);
        clearTimeout(quiet);
        B.want = null;
        resolve({input: B.input, sends: B.sends, recvs: B.recvs, frames});
      };
      const painted = (img, src) => {
        img.decode().catch(() => null).then(() => {
          const decoded = now();
          requestAnimationFrame(() => {
            const channel = new MessageChannel();  // runs after the frame's paint
            channel.port1.onmessage = () => {
              frames.push({src, decoded, painted: now()});
              clearTimeout(quiet);
              if (frames.length === want) finish();
              else if (quietMs) quiet = setTimeout(finish, quietMs);
            };
            channel.port2.postMessage(null);
          });
        });
      };
      const observer = new MutationObserver((records) => {
        const t = now();
        clearTimeout(quiet);
        for (const record of records) {
          const target = record.target;
          const element = target.nodeType === 1 ? target : target.parentElement;
          if (element && element.closest(".segutils-explorer-readout") && seen.size === 0) {
            // The read-out changed and no picture yet: an unchanged picture sends no frame.
            quiet = setTimeout(finish, quietMs);
          }
          const images = [];
          if (record.type === "attributes") images.push(record.target);
          for (const node of record.addedNodes) {
            if (node.tagName === "IMG") images.push(node);
            else if (node.querySelectorAll) images.push(...node.querySelectorAll("img"));
          }
          for (const img of images) {
            if (img.tagName === "IMG" && !seen.has(img.src)) {
              seen.add(img.src);
              painted(img, t);
            }
          }
        }
      });
      observer.observe(root, {subtree: true, childList: true, characterData: true,
                              attributes: true, attributeFilter: ["src"]});
      const timeout = setTimeout(() => {
        observer.disconnect();
        reject(new Error(`${frames.length} of ${want} frames within 30 s`));
      }, 30000);
    });
  };
})();
"""


def chromium() -> str:
    found = os.environ.get("CHROMIUM") or next(
        filter(None, map(shutil.which, ("chromium", "chromium-browser", "google-chrome"))), None
    )
    if not found:
        sys.exit(
            "Chromium not found: install it (Debian: apt-get install chromium) or set CHROMIUM."
        )
    return found


def notebook(folder: Path) -> Path:
    """The notebook: an explorer per case, the naive interact, a cell that reports kernel times."""
    setup = (
        "import json, time\n"
        "import numpy as np\n"
        "import segutils as su\n"
        "from segutils import edge, hints, region, threshold, watershed\n"
        f"sample = su.synthetic({SIDE}, n_objects={N_OBJECTS}, difficulty={DIFFICULTY}, seed=0)\n"
        "RUNS = {}\n\n"
        "def timed(name, explorer):\n"
        "    # Stamps each update of the explorer: [start, end] in ms of the machine's clock.\n"
        "    runs = RUNS.setdefault(name, [])\n"
        "    update = explorer.update\n\n"
        "    def timed_update(*args, **kwargs):\n"
        "        start = time.time()\n"
        "        update(*args, **kwargs)\n"
        "        runs.append([start * 1e3, time.time() * 1e3, kwargs.get('preview', False)])\n\n"
        "    explorer.update = timed_update\n"
        "    return explorer"
    )
    cells = [setup]
    for name, _method, slider, start in SLIDERS:
        call = f"su.explore({name}, sample.image, truth=sample.mask, {slider}={start!r})"
        cells.append(f"timed({name!r}, {call})")
    cells.append("timed('region.grow', su.explore(region.grow, sample.image, truth=sample.mask))")
    cells.append(
        "# Ready to answer: a background stroke along the top, an object stroke in object 1.\n"
        "scribbles = np.zeros(sample.labels.shape, np.int32)\n"
        "scribbles[:6][sample.labels[:6] == 0] = 1\n"
        "row, col = np.argwhere(sample.labels == 1).mean(axis=0).astype(int)\n"
        "scribbles[row - 1 : row + 2, col - 4 : col + 5] = 2\n"
        "timed('hints.pixel_classifier', su.explore(hints.pixel_classifier, sample.image,"
        " truth=sample.mask, scribbles=scribbles))"
    )
    cells.append(
        "%matplotlib inline\n"
        "import matplotlib.pyplot as plt\n"
        "from ipywidgets import FloatSlider, interact\n"
        "from segutils.viz import overlay\n"
        "naive_runs = RUNS.setdefault('naive', [])\n\n"
        "def naive(level):\n"
        "    start = time.time()\n"
        "    result = threshold.manual(sample.image, level=level)\n"
        "    figure, (left, right) = plt.subplots(1, 2, figsize=(8, 4))\n"
        "    left.imshow(sample.image, cmap='gray')\n"
        "    left.set_title('image')\n"
        "    right.imshow(overlay(sample.image, result))\n"
        "    right.set_title(f'IoU {su.iou(sample.mask, result):.3f}')\n"
        "    plt.show()\n"
        "    naive_runs.append([start * 1e3, time.time() * 1e3])\n\n"
        "interact(naive, level=FloatSlider(value=0.3, min=0.0, max=1.0, step=0.005));"
    )
    cells.append("print(json.dumps(RUNS))")
    book = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in cells])
    book.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
    path = folder / "latency.ipynb"
    nbformat.write(book, path)
    return path


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def jupyterlab(folder: Path):
    """A JupyterLab server on ``folder``'s notebooks; yields its base URL."""
    root = folder / "notebooks"
    root.mkdir()
    notebook(root)
    port = free_port()
    command = [
        sys.executable,
        "-m",
        "jupyterlab",
        "--no-browser",
        "--allow-root",
        "--ip=127.0.0.1",
        f"--port={port}",
        f"--IdentityProvider.token={TOKEN}",
        f"--ServerApp.root_dir={root}",
        "--LabApp.news_url=None",
        "--LabApp.check_for_updates_class=jupyterlab.handlers.announcements.NeverCheckForUpdate",
        f"--LabApp.workspaces_dir={folder / 'workspaces'}",
    ]
    log_path = folder / "lab.log"
    env = {**os.environ, "JUPYTER_RUNTIME_DIR": str(folder / "runtime")}
    with log_path.open("w") as log:
        server = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=env)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    try:
        while True:
            try:
                urllib.request.urlopen(f"{base}/api/status?token={TOKEN}", timeout=5)
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    sys.exit("JupyterLab did not start:\n" + log_path.read_text())
                time.sleep(0.5)
        yield base
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)


def run_cell(page, index: int, attempts: int = 8) -> None:
    """Execute cell ``index`` with Shift+Enter and wait until its prompt shows a number."""
    # The prompt is looked up on every check: JupyterLab may replace the element.
    prompt = f"document.querySelectorAll('.jp-Cell .jp-InputPrompt')[{index}].textContent"
    # A key press that reaches the page before the kernel connection is ready is lost: retry it
    # until the prompt shows the cell queued or run.
    for _ in range(attempts):
        page.locator(".jp-Cell .jp-InputArea-editor").nth(index).click()
        page.keyboard.press("Shift+Enter")
        try:
            page.wait_for_function(f"() => /\\[(\\*|\\d+)\\]/.test({prompt})", timeout=10_000)
            break
        except Exception:  # playwright's TimeoutError: the key press was lost, try again
            continue
    else:
        raise RuntimeError(f"cell {index} did not start after {attempts} attempts")
    page.wait_for_function(f"() => /\\[\\d+\\]/.test({prompt})", timeout=120_000)


def timed_input(page, root, act, *, event: str, frames: int = 1) -> dict:
    """Arm the observer on ``root``, act, and return the page's stamps once ``frames`` painted.

    When more than one frame may come (a preview, then the full result), the answer is also
    complete when no other frame follows within :data:`QUIET_MS` (the first frame was full).
    A step whose picture does not change sends no frame (the read-out still changes): it ends
    :data:`QUIET_MS` after the read-out changed, with no frames.
    """
    page.evaluate(
        "([root, want, event, quiet]) => __arm(root, want, event, quiet)",
        [root, frames, event, QUIET_MS],
    )
    act()
    stamps = page.evaluate("() => __bench.result")
    time.sleep(REST_S)
    return stamps


def slider_inputs(page, cell, count: int, *, frames: int = 1) -> list[dict]:
    """Step the cell's first slider right ``count`` times with the keyboard."""
    handle = cell.locator(".noUi-handle").first
    handle.scroll_into_view_if_needed()
    handle.focus()
    root = cell.locator(".jp-OutputArea").first.element_handle()
    return [
        timed_input(
            page, root, lambda: page.keyboard.press("ArrowRight"), event="keydown", frames=frames
        )
        for _ in range(count)
    ]


def object_centres() -> list[tuple[int, int]]:
    """Where a user clicks to seed each object of the sample: its point farthest from its edge."""
    labels = synthetic(SIDE, n_objects=N_OBJECTS, difficulty=DIFFICULTY, seed=0).labels
    depth = ndimage.distance_transform_edt(labels > 0)
    places = ndimage.maximum_position(depth, labels, index=np.arange(1, labels.max() + 1))
    return [(int(row), int(col)) for row, col in places]


def click_inputs(page, cell, count: int) -> list[dict]:
    """Click the cell's image ``count`` times, each on a new object: each click adds a seed."""
    image = cell.locator("img.segutils-explorer-image")
    image.scroll_into_view_if_needed()
    root = cell.locator(".jp-OutputArea").first.element_handle()
    return [
        timed_input(
            page,
            root,
            lambda x=col, y=row: image.click(position={"x": x, "y": y}),
            event="click",
        )
        for row, col in object_centres()[:count]
    ]


def canvas_place(canvas, row: float, col: float) -> tuple[float, float]:
    """Page coordinates of display pixel ``(row, col)`` on the drawing canvas."""
    box = canvas.bounding_box()
    scale = box["width"] / canvas.evaluate("c => c.width")
    return box["x"] + col * scale, box["y"] + row * scale


def stroke_inputs(page, cell, count: int) -> list[dict]:
    """Paint ``count`` short object strokes, each on a new object; time each release."""
    canvas = cell.locator(".segutils-explorer-canvas canvas")
    canvas.scroll_into_view_if_needed()
    root = cell.locator(".jp-OutputArea").first.element_handle()
    stamps = []
    for row, col in object_centres()[-count:]:
        x, y = canvas_place(canvas, row, col)
        page.mouse.move(x, y)
        page.mouse.down()
        for step in (1, 2, 3):
            page.mouse.move(x + 3 * step, y)
        stamps.append(timed_input(page, root, page.mouse.up, event="pointerup", frames=2))
    return stamps


def echo_inputs(page, cell, count: int) -> list[dict]:
    """Drag one stroke along the top of the canvas in 4-pixel moves; time each move's echo."""
    canvas = cell.locator(".segutils-explorer-canvas canvas")
    canvas.scroll_into_view_if_needed()
    element = canvas.element_handle()
    x, y = canvas_place(canvas, 12, 12)
    page.mouse.move(x, y)
    page.mouse.down()
    stamps = []
    for step in range(1, count + 1):
        page.evaluate("([canvas]) => __armEcho(canvas)", [element])
        page.mouse.move(*canvas_place(canvas, 12, 12 + 4 * step))
        stamps.append(page.evaluate("() => __bench.result"))
        time.sleep(REST_S)
    page.mouse.up()
    return stamps


def run_cases(page, base: str, steps: int) -> tuple[dict, dict]:
    """Open the notebook, run it, time every case; the page's stamps and the kernel's runs."""
    page.goto(f"{base}/lab/tree/latency.ipynb?token={TOKEN}")
    page.wait_for_selector(".jp-Notebook", timeout=60_000)
    page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle']", timeout=60_000)
    cells = page.locator(".jp-Notebook .jp-Cell")
    # The set-up, the sliders, region.grow, the pixel classifier, the naive way, the report.
    grow, classifier, naive, report = (len(SLIDERS) + k for k in range(1, 5))
    for index in range(report):
        run_cell(page, index)
    page.wait_for_function(
        "() => document.querySelectorAll('img.segutils-explorer-image').length =="
        f" {classifier} && [...document.querySelectorAll('.segutils-explorer-readout')]"
        ".every(e => e.textContent.length > 0)"
        " && document.querySelector('.widget-interact img') !== null",
        timeout=60_000,
    )
    stamps = {}
    for index, (name, *_) in enumerate(SLIDERS, start=1):
        frames = 2 if name in TWO_FRAMES else 1  # a preview, then the full result
        stamps[name] = slider_inputs(page, cells.nth(index), WARMUP + steps, frames=frames)
    stamps["region.grow"] = click_inputs(page, cells.nth(grow), WARMUP + steps)
    stamps["hints.pixel_classifier"] = stroke_inputs(page, cells.nth(classifier), WARMUP + steps)
    stamps["drawing echo"] = echo_inputs(page, cells.nth(classifier), WARMUP + steps)
    stamps["naive"] = slider_inputs(page, cells.nth(naive), WARMUP + steps)
    run_cell(page, report)
    output = cells.nth(report).locator(".jp-OutputArea-output").inner_text()
    return stamps, json.loads(output)


def breakdown(stamp: dict, runs: list[list]) -> dict:
    """One input's milliseconds: total, and to kernel / kernel / back / paint of its first frame.

    The kernel's updates are matched to the input by time: those that started between the input
    and the first frame's new ``src``.
    """
    first, last = stamp["frames"][0], stamp["frames"][-1]
    inside = [r for r in runs if stamp["input"] <= r[0] <= first["src"]]
    row = {
        "total": first["painted"] - stamp["input"],
        "decode": first["decoded"] - first["src"],
        "paint": first["painted"] - first["decoded"],
        "full_total": last["painted"] - stamp["input"],
        "preview": bool(inside and len(inside[-1]) > 2 and inside[-1][2]),
    }
    if inside:
        start, end = inside[0][0], inside[-1][1]
        row |= {
            "to_kernel": start - stamp["input"],
            "kernel": end - start,
            "back": first["src"] - end,
        }
    return row


def summarise(name: str, stamps: list[dict], runs: list[list]) -> list[dict]:
    """The case's rows: median and p95 of the total, and the medians of its parts."""
    timed = [breakdown(s, runs) for s in stamps[WARMUP:] if s["frames"]]
    unchanged = sum(not s["frames"] for s in stamps[WARMUP:])
    kinds = {
        "naive": "naive",
        "region.grow": "click",
        "hints.pixel_classifier": "stroke",
        "drawing echo": "pointer move",
    }
    parts = ("to_kernel", "kernel", "back", "decode", "paint")

    def row(case: str, totals: list[float], target: float | None) -> dict:
        p95 = float(np.percentile(totals, 95))
        medians = {
            f"{p}_median_ms": float(np.median([t[p] for t in timed if p in t] or [np.nan]))
            for p in parts
        }
        return {
            "case": case,
            "input": kinds.get(name, "slider step"),
            "n": len(totals),
            "unchanged": unchanged,
            "median_ms": float(np.median(totals)),
            "p95_ms": p95,
            **medians,
            "preview_share": float(np.mean([t["preview"] for t in timed])),
            "target": None if target is None else f"p95<={target:g}",
            "meets_target": None if target is None else p95 <= target,
        }

    if name == "drawing echo":  # the stroke's pixels under the pointer when the frame painted
        inked = [s["inked"] for s in stamps[WARMUP:]]
        return [row(name, [t["total"] for t in timed], 50) | {"inked_share": float(np.mean(inked))}]
    if name in TWO_FRAMES:
        return [
            row(f"{name} (first frame)", [t["total"] for t in timed], TWO_FRAMES[name]),
            row(f"{name} (full frame)", [t["full_total"] for t in timed], None),
        ]
    return [row(name, [t["total"] for t in timed], None if name == "naive" else 50)]


def check_room(steps: int) -> None:
    """Refuse more steps than a slider has room for to its right from its start value."""
    for name, method, slider, start in SLIDERS:
        span = controls(method)[slider].range
        room = int((span.high - start) / span.step + 1e-9) - WARMUP
        if steps > room:
            sys.exit(f"--steps {steps}: {name}'s {slider} has room for {room} steps; use fewer.")
    if steps > N_OBJECTS - WARMUP:
        sys.exit(f"--steps {steps}: region.grow has {N_OBJECTS - WARMUP} objects to click.")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=30, help="timed inputs per case")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument(
        "--stamps",
        type=Path,
        help="write every input's raw stamps (page: input, websocket sends and receives, frames;"
        " kernel: each update's start and end, epoch ms) to this JSON file, to profile",
    )
    args = parser.parse_args()
    if args.steps < 1:
        parser.error("--steps must be at least 1")
    check_room(args.steps)
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as folder, jupyterlab(Path(folder)) as base:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium(), args=CHROMIUM_FLAGS)
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.add_init_script(PAGE_SCRIPT)
            try:
                stamps, runs = run_cases(page, base, args.steps)
            except Exception:  # say what the notebook showed: a cell's error is often why
                for text in page.locator(".jp-OutputArea").all_inner_texts():
                    print("cell output:", text[-2000:], file=sys.stderr)
                raise
            finally:
                browser.close()
    if args.stamps:
        args.stamps.write_text(json.dumps({"page": stamps, "kernel": runs}))
    rows = [r for name, s in stamps.items() for r in summarise(name, s, runs.get(name, []))]
    report = {
        "image": "synthetic 512x512",
        "browser": "headless Chromium, JupyterLab",
        "load_average": os.getloadavg(),
        "results": rows,
    }
    if args.json:
        print(json.dumps(report, indent=2))
        return
    print(
        f"{'case':<44}{'input':>12}{'n':>4}{'same':>5}{'median':>8}{'p95':>7}{'preview':>8}"
        f"{'to kernel':>10}{'kernel':>8}{'back':>6}{'decode':>7}{'paint':>7}  target"
    )
    for r in rows:
        verdict = "reported only"
        if r["target"] is not None:
            verdict = f"{r['target']}: {VERDICT[r['meets_target']]}"
        print(
            f"{r['case']:<44}{r['input']:>12}{r['n']:>4}{r['unchanged']:>5}{r['median_ms']:>8.1f}{r['p95_ms']:>7.1f}"
            f"{r['preview_share']:>8.0%}"
            f"{r['to_kernel_median_ms']:>10.1f}{r['kernel_median_ms']:>8.1f}"
            f"{r['back_median_ms']:>6.1f}{r['decode_median_ms']:>7.1f}{r['paint_median_ms']:>7.1f}"
            f"  {verdict}"
        )
    load = ", ".join(f"{x:.2f}" for x in report["load_average"])
    print(
        "milliseconds from the input event to the new frame painted ('first frame': often a"
        " preview, the full\nframe follows once the input rests; 'same': steps that left the"
        " picture as it was, left out);\n'to kernel' .. 'paint': medians of the parts (module"
        f" docstring); 512x512, headless Chromium,\nthis machine, load average {load}"
    )


if __name__ == "__main__":
    main()
