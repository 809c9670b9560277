"""The interactive benchmark's run: each method, prompted by the simulated user, on each object.

A **session** (:func:`click_session`) is one method on one object: the simulated user clicks
(:func:`segutils.bench.clicker.next_click`), the clicks become the method's hints
(:mod:`segutils.bench.prompting`), the method answers with its default settings, and the answer
is scored by IoU against the object's truth, click after click, until the IoU reaches
``stop_at`` or ``max_clicks`` clicks are spent (the f-BRS and RITM evaluation stops the same
way). A method that refuses the clicks so far (a ``ValueError``: the random walker and the
pixel classifier need a background stroke besides the first, positive click) answers nothing
for that click, scored IoU 0; the user then gives what it asked for, a negative click at the
background point farthest from the object and the image's edge, if no negative click was given
yet.

:func:`run_interactive` runs every session of some tasks and methods, saving each as it
finishes (``OUT/clicks/TASK/METHOD/OBJECT.json``), so an interrupted run resumes where it
stopped.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

import numpy as np

from .. import params
from ..atomic_write import write_text
from ..metrics import iou
from .clicker import Click, next_click
from .objects import ObjectTask
from .prompting import Prompting, hints_from_clicks, object_mask, prompting_of
from .tuning import Contender

__all__ = ["MAX_CLICKS", "STOP_AT", "click_session", "interactive_contenders", "run_interactive"]

#: Clicks a simulated user gives at most (the protocol's 20).
MAX_CLICKS = 20
#: IoU at which the simulated user stops clicking: the highest the tables report (NoC@90).
STOP_AT = 0.90


def interactive_contenders(select: Sequence[str] | None = None) -> list[Contender]:
    """The registered methods a person prompts (seeds, a box or scribbles), by name or family.

    Parameters
    ----------
    select : sequence of str, optional
        Method names (``"hints.grabcut"``), family names (``"hints"``) or module names
        (``"region"``); every method that takes hints when omitted.

    Returns
    -------
    list of Contender
        The chosen methods, in the registry's order.

    Raises
    ------
    KeyError
        For a name that matches no method that takes hints, listing those that do.

    Examples
    --------
    >>> [c.name for c in interactive_contenders(["region", "watershed"])]
    ['region.grow', 'watershed.sobel_from_seeds']

    References
    ----------
    Xu, N. et al., "Deep interactive object selection", CVPR 2016 (classical interactive methods
    compared by the clicks they need).
    """
    from .. import catalog

    every = [
        Contender(m.name, m.family, m.function)
        for m in catalog.METHODS
        if params.hint_parameters(m.function)
    ]
    if select is None:
        return every
    chosen = []
    for name in select:
        matches = [c for c in every if name in (c.name, c.family, c.name.split(".")[0])]
        if not matches:
            raise KeyError(
                f"No method that takes hints is called {name!r} (methods without hints are "
                "ranked by `segutils bench` without --interactive). Methods a person prompts: "
                f"{', '.join(c.name for c in every)}."
            )
        chosen += [c for c in matches if c not in chosen]
    return chosen


def click_session(
    method: Callable,
    image: np.ndarray,
    truth: np.ndarray,
    *,
    prompting: Prompting | None = None,
    max_clicks: int = MAX_CLICKS,
    stop_at: float = STOP_AT,
) -> list[dict]:
    """One method on one object, prompted click by click by the simulated user.

    Parameters
    ----------
    method : callable
        A method that takes hints, called with its default settings.
    image : ndarray
        Canonical image.
    truth : ndarray
        ``bool`` ``(H, W)`` mask of the one object, at least one pixel set.
    prompting : {"strokes", "box", "seeds"}, optional
        How the clicks become hints; read from the method's hint parameters when omitted
        (:func:`segutils.bench.prompting.prompting_of`).
    max_clicks : int, optional
        Clicks at most.
    stop_at : float, optional
        The user stops once the IoU reaches it.

    Returns
    -------
    list of dict
        One record per click: ``click`` (1, 2, ...), ``row``, ``col``, ``positive``, ``iou``,
        ``refused`` (the method refused the clicks so far: its message, else ``""``) and
        ``seconds`` (the method's time for this click).

    Raises
    ------
    ValueError
        For a truth with no object, or ``max_clicks`` below 1.

    Examples
    --------
    >>> from segutils.datasets import synthetic
    >>> from segutils import catalog
    >>> one = synthetic((64, 64), n_objects=1, difficulty=0.0, seed=1)
    >>> grabcut = catalog.by_name("hints.grabcut").function
    >>> records = click_session(grabcut, one.image, one.mask)
    >>> len(records), records[0]["positive"], records[-1]["iou"] >= 0.9
    (1, True, True)

    References
    ----------
    Sofiiuk, K. et al., "f-BRS: rethinking backpropagating refinement for interactive
    segmentation", CVPR 2020, code: ``isegm/inference/evaluation.py`` (``evaluate_sample``) of
    github.com/SamsungLabs/fbrs_interactive_segmentation.
    """
    truth = np.asarray(truth)
    if truth.dtype != bool or not truth.any():
        raise ValueError("truth must be a bool mask with the object's pixels set; it is empty.")
    if max_clicks < 1:
        raise ValueError(f"max_clicks must be at least 1, got {max_clicks}.")
    prompting = prompting or prompting_of(method)
    clicks: list[Click] = []
    clicked = np.zeros(truth.shape, bool)
    prediction = None
    refused = ""
    records = []
    for number in range(1, max_clicks + 1):
        if refused and not any(not c.positive for c in clicks):
            # The method asked for a background stroke: the user gives one where it is surest,
            # the deepest background pixel, as if the method had marked everything object.
            click = next_click(truth, np.ones_like(truth), clicked)
        else:
            click = next_click(truth, prediction, clicked)
        if click is None:  # no unclicked error pixel left
            break
        clicks.append(click)
        clicked[click.row, click.col] = True
        hints = hints_from_clicks(clicks, truth, prompting)
        start = time.perf_counter()
        try:
            prediction = object_mask(method(image, **hints), clicks, prompting)
            refused = ""
        except ValueError as error:
            prediction = np.zeros_like(truth)
            refused = str(error).splitlines()[0]
        seconds = time.perf_counter() - start
        score = float(iou(truth, prediction))
        records.append(
            {
                "click": number,
                "row": click.row,
                "col": click.col,
                "positive": click.positive,
                "iou": score,
                "refused": refused,
                "seconds": seconds,
            }
        )
        if score >= stop_at:
            break
    return records


def _file_name(name: str) -> str:
    """An object's name as a file name: its ``/`` (image/label) made safe."""
    return name.replace("/", "__").replace("\\", "__") + ".json"


def run_interactive(
    tasks: Iterable[ObjectTask],
    contenders: Sequence[Contender],
    out: str | Path,
    *,
    max_clicks: int = MAX_CLICKS,
    stop_at: float = STOP_AT,
    progress: Callable[[str], None] | None = None,
) -> list[dict]:
    """Every session of these methods on these tasks' objects, saved as each one finishes.

    A session already saved under ``out`` with the same ``max_clicks`` and ``stop_at`` is read
    back instead of run again, so an interrupted run resumes, and a finished one is re-reported
    at once.

    Parameters
    ----------
    tasks : iterable of ObjectTask
        The single-object tasks.
    contenders : sequence of Contender
        The methods (:func:`interactive_contenders`).
    out : str or Path
        The result folder; sessions go to ``out/clicks/TASK/METHOD/OBJECT.json``.
    max_clicks : int, optional
        Clicks per session at most.
    stop_at : float, optional
        IoU at which the user stops clicking.
    progress : callable, optional
        Called with a line of text after each method finishes a task (the command line prints
        it).

    Returns
    -------
    list of dict
        One row per click: ``task``, ``method``, ``prompting``, ``object`` and the fields of
        :func:`click_session`'s records.

    Examples
    --------
    >>> import tempfile
    >>> from segutils.bench.objects import builtin_object_task
    >>> task = builtin_object_task("synthetic-blobs", count=1)
    >>> with tempfile.TemporaryDirectory() as out:
    ...     rows = run_interactive([task], interactive_contenders(["region.grow"]), out)
    >>> rows[0]["task"], rows[0]["method"], rows[0]["click"]
    ('synthetic-blobs', 'region.grow', 1)

    References
    ----------
    Sofiiuk, K., Petrov, I. A. and Konushin, A., "Reviving iterative training with mask guidance
    for interactive segmentation", ICIP 2022 (NoC with up to 20 clicks).
    """
    rows = []
    settings = {"max_clicks": max_clicks, "stop_at": stop_at}
    for task in tasks:
        for contender in contenders:
            prompting = prompting_of(contender.function)
            folder = Path(out, "clicks", task.name, contender.name)
            folder.mkdir(parents=True, exist_ok=True)
            start = time.perf_counter()
            for sample in task.objects:
                path = folder / _file_name(sample.name)
                saved = json.loads(path.read_text()) if path.is_file() else None
                if saved is None or saved.get("settings") != settings:
                    records = click_session(
                        contender.function,
                        sample.image,
                        sample.truth,
                        prompting=prompting,
                        max_clicks=max_clicks,
                        stop_at=stop_at,
                    )
                    saved = {"settings": settings, "records": records}
                    write_text(path, json.dumps(saved))
                base = {
                    "task": task.name,
                    "method": contender.name,
                    "prompting": prompting,
                    "object": sample.name,
                }
                rows += [{**base, **record} for record in saved["records"]]
            if progress is not None:
                progress(
                    f"{task.name}: {contender.name} on {len(task.objects)} objects, "
                    f"{time.perf_counter() - start:.0f} s"
                )
    return rows
