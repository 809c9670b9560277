"""The leaderboard drawn: each method's mean score with its interval, ties with the best marked.

One panel per task, methods from the best down: a dot at the mean test score and a bar for its
95% Student-t interval over the test images (:func:`segutils.bench.compare.mean_interval`), cut
at 0 and 1, coloured by what the paired comparison with the task's best says
(:func:`segutils.bench.compare.compare_with_best`). It reads the columns of
:func:`segutils.bench.report.results_table` only, so it draws a saved ``results.csv`` as well.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from ..palette import LABEL_COLORS
from .compare import ALPHA, CONFIDENCE, smallest_adjusted_p
from .ranking import leaderboard

__all__ = ["leaderboard_figure"]

#: Inches of panel height per method row, and for a panel's title and axis.
ROW_INCHES, PANEL_INCHES = 0.2, 1.1
#: How each outcome of the comparison with the best is drawn: colour, marker, key text.
STYLES = {
    "best": (LABEL_COLORS[1], "D", "the task's best (highest mean)"),
    "tied": (
        LABEL_COLORS[0],
        "o",
        f"not distinguishable from the best (paired Wilcoxon, Holm-adjusted p ≥ {ALPHA})",
    ),
    "worse": ("0.55", "o", f"worse than the best (Holm-adjusted p < {ALPHA})"),
    "not compared": ("0.55", "x", "not compared (no test image shared with the best)"),
}


def _outcome(row, best: str) -> str:
    if row.method == best:
        return "best"
    if pd.isna(row.p_vs_best):
        return "not compared"
    return "tied" if row.tied_with_best else "worse"


def _draw_panel(axis, rows: pd.DataFrame, task: str) -> set[str]:
    """Draw one task; return the outcomes it shows (for the key)."""
    best = rows["method"].iloc[0]
    positions = np.arange(len(rows))
    shown = set()
    for position, row in zip(positions, rows.itertuples(), strict=True):
        outcome = _outcome(row, best)
        colour, marker, _ = STYLES[outcome]
        # Every primary measure (IoU, F1, DSB score, covering) lies in [0, 1]: the interval is
        # cut there, and every panel has that one scale.
        low, high = np.clip([row.ci_low, row.ci_high], 0, 1)
        if np.isfinite(low) and np.isfinite(high):
            axis.plot([low, high], [position, position], color=colour, linewidth=2.2, alpha=0.6)
        axis.plot(row.score, position, marker=marker, color=colour, markersize=5, linestyle="")
        shown.add(outcome)
    axis.set_yticks(positions, rows["method"], fontsize=7)
    axis.set_ylim(len(rows) - 0.5, -0.5)  # the best at the top
    axis.set_xlim(-0.02, 1.02)  # room for a marker at 0 or 1
    axis.grid(axis="x", color="0.9", linewidth=0.6)
    axis.set_axisbelow(True)
    n_test = int(rows["n_test"].max())
    title = f"{task} ({n_test} test images)"
    if smallest_adjusted_p(n_test, len(rows) - 1) >= ALPHA:
        title += "\ntoo few to tell any method from the best"
    axis.set_title(title, fontsize=9)
    axis.set_xlabel(f"{rows['primary'].iloc[0]}, mean over the test images", fontsize=8)
    axis.tick_params(axis="x", labelsize=7)
    return shown


def leaderboard_figure(table: pd.DataFrame) -> Figure:
    """Draw every task's leaderboard: means, 95% intervals, and the methods tied with the best.

    Parameters
    ----------
    table : pandas.DataFrame
        From :func:`segutils.bench.report.results_table` (or a ``results.csv`` read back):
        needs ``task``, ``method``, ``primary``, ``score``, ``ci_low``, ``ci_high``,
        ``p_vs_best``, ``tied_with_best``, ``seconds_per_megapixel`` and ``n_test``.

    Returns
    -------
    matplotlib.figure.Figure
        One panel per task, two columns for two tasks or more. Made without ``pyplot``, so
        nothing is shown and nothing is left open: save it (``figure.savefig(path)``), or let a
        notebook display it.

    Raises
    ------
    ValueError
        If ``table`` is empty or lacks a column.

    Examples
    --------
    >>> table = pd.DataFrame({"task": ["t", "t"], "method": ["a", "b"], "primary": ["iou"] * 2,
    ...                       "score": [0.9, 0.5], "ci_low": [0.85, 0.4], "ci_high": [0.95, 0.6],
    ...                       "p_vs_best": [1.0, 0.01], "tied_with_best": [True, False],
    ...                       "seconds_per_megapixel": [0.1, 0.1], "n_test": [8, 8]})
    >>> figure = leaderboard_figure(table)
    >>> [axis.get_title() for axis in figure.axes]
    ['t (8 test images)']

    References
    ----------
    Demšar, J. (2006). Statistical comparisons of classifiers over multiple data sets. JMLR 7,
    1-30 (section 3.2.4: methods not significantly different from the best drawn as one
    group); Matplotlib, "Embedding in a web application server" (a ``Figure`` without
    ``pyplot``), https://matplotlib.org/stable/gallery/user_interfaces/web_application_server_sgskip.html
    """
    needed = {
        "task",
        "method",
        "primary",
        "score",
        "ci_low",
        "ci_high",
        "p_vs_best",
        "tied_with_best",
        "seconds_per_megapixel",
        "n_test",
    }
    if table.empty or needed - set(table.columns):
        raise ValueError(
            f"table must hold results_table()'s rows with the columns {sorted(needed)}; "
            f"it has {len(table)} rows and lacks {sorted(needed - set(table.columns))}."
        )
    tasks = list(dict.fromkeys(table["task"]))
    columns = 1 if len(tasks) == 1 else 2
    grid_rows = math.ceil(len(tasks) / columns)
    panels = [leaderboard(table, task) for task in tasks]
    # Each row of panels as tall as its longest leaderboard.
    heights = [
        max(len(rows) for rows in panels[r * columns : (r + 1) * columns]) * ROW_INCHES
        + PANEL_INCHES
        for r in range(grid_rows)
    ]
    figure = Figure(figsize=(6.5 * columns, sum(heights) + 1.4), layout="constrained")
    axes = figure.subplots(grid_rows, columns, squeeze=False, height_ratios=heights)
    shown: set[str] = set()
    for axis, task, rows in zip(axes.flat, tasks, panels, strict=False):
        shown |= _draw_panel(axis, rows, task)
    for axis in axes.flat[len(tasks) :]:
        axis.set_visible(False)
    key = [
        Line2D([], [], color=STYLES[o][0], marker=STYLES[o][1], linestyle="", label=STYLES[o][2])
        for o in STYLES
        if o in shown
    ]
    key.append(
        Line2D(
            [],
            [],
            color="0.55",
            linewidth=2.2,
            alpha=0.6,
            label=f"line: the {CONFIDENCE:.0%} Student-t interval of the mean over the test "
            "images, in its point's colour (cut at 0 and 1)",
        )
    )
    figure.legend(handles=key, loc="outside lower center", ncols=columns, fontsize=8)
    figure.suptitle(
        "Leaderboard: each method's mean test score, tuned on other images", fontsize=11
    )
    return figure
