"""The interactive benchmark's results written out: CSV, Markdown tables and the figure.

``write_clicks_results`` writes, into the result folder:

- ``clicks.csv``: one row per click of every session (where, which sign, the IoU after it);
- ``noc.csv``: NoC@85, NoC@90 and the mean IoU after 1 and 5 clicks, per task and method;
- ``results.md``: those tables per task, how each method was prompted, the command that made
  them, and the published figures of learned models beside them (other sets: see there);
- ``results.png``: mean IoU against clicks (:func:`segutils.bench.clicks_figure.clicks_figure`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from io import BytesIO
from pathlib import Path

import pandas as pd

from ..atomic_write import write_bytes, write_text
from .clicks_figure import clicks_figure
from .clicks_needed import iou_curves, noc_table
from .interactive import MAX_CLICKS
from .prompting import PROMPTINGS

__all__ = ["PUBLISHED_NOC", "write_clicks_results"]

#: Published NoC@85 / NoC@90 of learned click models on the GrabCut (50 objects) and Berkeley
#: (100 objects) sets, with the simulated user of :mod:`segutils.bench.clicker`. Source: the
#: README of github.com/SamsungLabs/fbrs_interactive_segmentation at commit
#: 0d5e598792d45d4821b22cc01a367b5aebef0692, table "NoC 85% / 90%" (models trained on SBD,
#: RGB-BRS and f-BRS-B inference).
PUBLISHED_NOC: dict[str, dict[str, float]] = {
    "ResNet-34 (SBD), RGB-BRS": {
        "GrabCut NoC@85": 2.04,
        "GrabCut NoC@90": 2.50,
        "Berkeley NoC@85": 2.22,
        "Berkeley NoC@90": 4.49,
    },
    "ResNet-34 (SBD), f-BRS-B": {
        "GrabCut NoC@85": 2.06,
        "GrabCut NoC@90": 2.48,
        "Berkeley NoC@85": 2.40,
        "Berkeley NoC@90": 4.17,
    },
    "HRNet-W18+OCR (SBD), RGB-BRS": {
        "GrabCut NoC@85": 1.68,
        "GrabCut NoC@90": 1.94,
        "Berkeley NoC@85": 1.99,
        "Berkeley NoC@90": 3.81,
    },
}
_PUBLISHED_SOURCE = (
    "f-BRS README (github.com/SamsungLabs/fbrs_interactive_segmentation @ 0d5e598, table of "
    "NoC 85%/90%)"
)


def _pipe(frame: pd.DataFrame) -> str:
    header = "| " + " | ".join(frame.columns) + " |"
    rule = "|" + "|".join("---" for _ in frame.columns) + "|"
    lines = ["| " + " | ".join(str(v) for v in row) + " |" for row in frame.itertuples(False)]
    return "\n".join([header, rule, *lines])


def _task_table(rows: pd.DataFrame, max_clicks: int) -> pd.DataFrame:
    ranked = rows.sort_values(["noc90", "noc85", "method"])
    return pd.DataFrame(
        {
            "method": ranked["method"],
            "prompting": ranked["prompting"],
            "NoC@85": ranked["noc85"].map("{:.2f}".format),
            "NoC@90": ranked["noc90"].map("{:.2f}".format),
            f"not at 0.90 after {max_clicks}": [
                f"{int(f)} of {int(n)}"
                for f, n in zip(ranked["failed90"], ranked["objects"], strict=True)
            ],
            "IoU after 1": ranked["iou_1"].map("{:.3f}".format),
            "IoU after 5": ranked["iou_5"].map("{:.3f}".format),
            "refused clicks": ranked["refused"],
            "ms per click": (1000 * ranked["seconds_per_click"]).map("{:.0f}".format),
        }
    )


def _markdown(
    table: pd.DataFrame, descriptions: Mapping[str, str], command: str, max_clicks: int
) -> str:
    parts = [
        "# Clicks needed: the interactive benchmark",
        "",
        f"Made by `{command}`.",
        "",
        "The simulated user of Xu et al. 2016, as the f-BRS/RITM code implements it: the first "
        "click at the object's point farthest from its boundary; each next click at the error "
        "pixel farthest from the border of its error region, positive in missed object and "
        "negative in false object, whichever error reaches deeper; a pixel is never clicked "
        f"twice. At most {max_clicks} clicks; the user stops at IoU 0.90 and keeps that mask. "
        f"NoC@85 / NoC@90: mean clicks to reach IoU 0.85 / 0.90, {max_clicks} for an object "
        "never brought there. Every method runs with its default settings. A click a method "
        "refuses (the random walker and the pixel classifier need a background stroke besides "
        "the first, positive click) scores IoU 0, and the user's next click is then negative, at "
        "the background point farthest from the object and the image's edge.",
        "",
        "How each method is prompted:",
        "",
        _pipe(
            pd.DataFrame({"prompting": list(PROMPTINGS), "the hints": list(PROMPTINGS.values())})
        ),
        "",
        "Each table is ranked by NoC@90 (lower is better).",
    ]
    for task, rows in table.groupby("task", sort=False):
        parts += [
            "",
            f"## {task}",
            "",
            f"{descriptions.get(task, '')} ({int(rows['objects'].iloc[0])} objects).",
            "",
            _pipe(_task_table(rows, max_clicks)),
        ]
    published = pd.DataFrame(
        [
            {"model": name, **{key: f"{value:.2f}" for key, value in figures.items()}}
            for name, figures in PUBLISHED_NOC.items()
        ]
    )
    parts += [
        "",
        "## Published figures beside these",
        "",
        f"Learned click models, from the {_PUBLISHED_SOURCE}, with the same simulated user "
        "and the same NoC. **The sets differ**: GrabCut (50 photos, one object each) and Berkeley "
        "(100 objects in 96 BSDS photos) are photographs of salient objects, none of the tasks "
        "above; `bsds500-regions` draws on the same photo collection as Berkeley but takes an "
        "annotator's region, not McGuinness and O'Connor's object masks. Read them as the scale "
        "of what a network trained on thousands of masks achieves, not as a like-for-like "
        "comparison.",
        "",
        _pipe(published),
        "",
        "The classical methods' NoC@90 on GrabCut and Berkeley (graph cut, random walker, "
        "geodesic matting, GrowCut, Euclidean and geodesic star convexity) are Table 1 of Xu "
        "et al. 2016; those numbers could not be checked against a source available here, so "
        "they are not quoted. Read them in the paper (arXiv:1603.04042).",
    ]
    return "\n".join(parts) + "\n"


def write_clicks_results(
    rows: Sequence[dict],
    out: str | Path,
    *,
    descriptions: Mapping[str, str] | None = None,
    command: str = "",
    max_clicks: int = MAX_CLICKS,
) -> dict[str, Path]:
    """Write the interactive benchmark's CSV files, Markdown tables and figure.

    Parameters
    ----------
    rows : sequence of dict
        One row per click, as :func:`segutils.bench.interactive.run_interactive` returns.
    out : str or Path
        The result folder (it exists).
    descriptions : mapping of str to str, optional
        Task name -> a few words on its objects, for the Markdown.
    command : str, optional
        The command that made the results, recorded in the Markdown.
    max_clicks : int, optional
        The sessions' limit.

    Returns
    -------
    dict of str to Path
        ``"clicks"``, ``"noc"``, ``"markdown"`` and ``"figure"``: the files written.

    Raises
    ------
    ValueError
        If there are no rows.

    Examples
    --------
    >>> import tempfile
    >>> rows = [{"task": "t", "method": "m", "prompting": "seeds", "object": "a", "click": 1,
    ...          "row": 3, "col": 4, "positive": True, "iou": 0.95, "refused": "",
    ...          "seconds": 0.01}]
    >>> with tempfile.TemporaryDirectory() as out:
    ...     paths = write_clicks_results(rows, out, command="segutils bench --interactive")
    ...     "| m | seeds | 1.00 | 1.00 |" in paths["markdown"].read_text()
    True

    References
    ----------
    Xu, N. et al., "Deep interactive object selection", CVPR 2016 (NoC tables per dataset).
    """
    if not rows:
        raise ValueError("no sessions to report: give at least one task, method and object.")
    out = Path(out)
    frame = pd.DataFrame(rows)
    table = noc_table(frame, max_clicks)
    paths = {
        "clicks": out / "clicks.csv",
        "noc": out / "noc.csv",
        "markdown": out / "results.md",
        "figure": out / "results.png",
    }
    write_text(paths["clicks"], frame.to_csv(index=False))
    write_text(paths["noc"], table.to_csv(index=False, float_format="%.4f"))
    write_text(paths["markdown"], _markdown(table, descriptions or {}, command, max_clicks))
    figure = clicks_figure(iou_curves(frame, max_clicks))
    buffer = BytesIO()
    figure.savefig(buffer, format="png", dpi=110)
    write_bytes(paths["figure"], buffer.getvalue())
    return paths
