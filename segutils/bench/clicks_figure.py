"""The interactive benchmark drawn: mean IoU against the number of clicks, per method and task."""

from __future__ import annotations

import math

import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from .clicks_needed import THRESHOLDS

__all__ = ["clicks_figure"]

#: A qualitative palette whose colours stay apart, for colour-blind readers too: Okabe and Ito's,
#: without its yellow (faint on white), in an order that puts unlike hues side by side.
_COLORS = ("#000000", "#E69F00", "#0072B2", "#009E73", "#D55E00", "#CC79A7", "#56B4E9")
#: One marker per colour, so that a method is told by its shape as well (and in grayscale).
_MARKERS = ("o", "s", "^", "D", "v", "P", "X")
#: Line styles that, with the colours and markers above, tell up to 28 methods apart.
_DASHES = ("-", "--", "-.", ":")


def clicks_figure(curves: pd.DataFrame, *, columns: int = 2) -> Figure:
    """Mean IoU after k clicks, one panel per task, one line per method.

    Parameters
    ----------
    curves : DataFrame
        Columns ``task``, ``method``, ``clicks`` and ``mean_iou``, as
        :func:`segutils.bench.clicks_needed.iou_curves` returns.
    columns : int, optional
        Panels per row.

    Returns
    -------
    matplotlib.figure.Figure
        Titled panels with labelled axes, the NoC thresholds (0.85, 0.90) drawn dotted, and
        one key for all panels.

    Examples
    --------
    >>> curves = pd.DataFrame({"task": ["t"] * 2, "method": ["m"] * 2, "clicks": [1, 2],
    ...                        "mean_iou": [0.5, 0.9]})
    >>> figure = clicks_figure(curves)
    >>> figure.axes[0].get_title(), figure.axes[0].get_xlabel()
    ('t', 'clicks')

    References
    ----------
    Sofiiuk, K. et al., "Reviving iterative training with mask guidance for interactive
    segmentation", ICIP 2022, Figure 5 (mIoU against the number of clicks).
    """
    tasks = list(dict.fromkeys(curves["task"]))
    methods = list(dict.fromkeys(curves["method"]))
    columns = max(1, min(columns, len(tasks)))
    rows = math.ceil(len(tasks) / columns)
    figure = Figure(figsize=(5.2 * columns, 3.6 * rows + 0.9), layout="constrained")
    axes = figure.subplots(rows, columns, squeeze=False).ravel()
    for axis, task in zip(axes, tasks, strict=False):
        for index, method in enumerate(methods):
            line = curves[(curves["task"] == task) & (curves["method"] == method)]
            if line.empty:
                continue
            axis.plot(
                line["clicks"],
                line["mean_iou"],
                linestyle=_DASHES[(index // len(_COLORS)) % len(_DASHES)],
                color=_COLORS[index % len(_COLORS)],
                marker=_MARKERS[index % len(_MARKERS)],
                markersize=4.5,
                linewidth=1.5,
                label=method,
            )
        for threshold in THRESHOLDS:
            axis.axhline(threshold, color="0.6", linestyle=":", linewidth=1)
        axis.set_title(task)
        axis.set_xlabel("clicks")
        axis.set_ylabel("mean IoU")
        axis.set_ylim(0, 1)
        axis.set_xlim(1, int(curves["clicks"].max()))
        axis.xaxis.set_major_locator(MaxNLocator(integer=True))  # clicks are whole
        axis.grid(alpha=0.3)
    for axis in axes[len(tasks) :]:
        axis.set_visible(False)
    handles, labels = axes[0].get_legend_handles_labels()
    figure.legend(handles, labels, loc="outside lower center", ncols=min(len(methods), 4))
    figure.suptitle(
        "Mean IoU after k clicks of the simulated user\n(it stops at IoU 0.90; dotted: 0.85, 0.90)"
    )
    return figure
