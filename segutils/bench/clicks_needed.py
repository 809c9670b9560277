"""How many clicks each method needs: NoC@85, NoC@90 and the mean IoU after k clicks.

The **number of clicks** NoC@t of one object is the first click after which the IoU reaches
``t``, and the session's limit (20) when it never does; a method's NoC@t is its mean over the
objects (Xu et al. 2016). The simulated user stops clicking once the IoU reaches the session's
``stop_at`` (0.90) and keeps that mask, so the IoU after ``k`` clicks is the IoU of the last
answer at or before click ``k``.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from .interactive import MAX_CLICKS

__all__ = ["THRESHOLDS", "clicks_to_reach", "iou_curves", "iou_after", "noc_table"]

#: The IoUs the tables report clicks for (NoC@85, NoC@90).
THRESHOLDS = (0.85, 0.90)


def clicks_to_reach(ious: Sequence[float], threshold: float, max_clicks: int = MAX_CLICKS) -> int:
    """Clicks needed to reach an IoU: the first click at or above it, ``max_clicks`` if none.

    Parameters
    ----------
    ious : sequence of float
        The IoU after clicks 1, 2, ... of one session.
    threshold : float
        The IoU to reach.
    max_clicks : int, optional
        The session's limit, counted when the IoU is never reached.

    Returns
    -------
    int
        Between 1 and ``max_clicks``.

    Examples
    --------
    >>> clicks_to_reach([0.5, 0.86, 0.95], 0.85), clicks_to_reach([0.5, 0.86, 0.95], 0.90)
    (2, 3)
    >>> clicks_to_reach([0.5, 0.6], 0.90)
    20

    References
    ----------
    Xu, N. et al., "Deep interactive object selection", CVPR 2016 (NoC, 20 when never reached);
    f-BRS code, ``compute_noc_metric`` in ``isegm/inference/utils.py`` of
    github.com/SamsungLabs/fbrs_interactive_segmentation.
    """
    reached = np.flatnonzero(np.asarray(ious, float) >= threshold)
    return int(reached[0]) + 1 if reached.size and reached[0] < max_clicks else int(max_clicks)


def iou_after(ious: Sequence[float], clicks: int) -> float:
    """The IoU a user holds after ``clicks`` clicks, having stopped early and kept the mask.

    Parameters
    ----------
    ious : sequence of float
        The IoU after clicks 1, 2, ... of one session (at least one).
    clicks : int
        How many clicks, 1 or more.

    Returns
    -------
    float
        The IoU after the last click at or before ``clicks``.

    Examples
    --------
    >>> iou_after([0.5, 0.92], 1), iou_after([0.5, 0.92], 5)
    (0.5, 0.92)

    References
    ----------
    Sofiiuk, K. et al., "Reviving iterative training with mask guidance for interactive
    segmentation", ICIP 2022 (mean IoU against the number of clicks).
    """
    if clicks < 1 or len(ious) == 0:
        raise ValueError(f"need at least one click and one IoU, got {clicks} and {len(ious)}.")
    return float(ious[min(clicks, len(ious)) - 1])


def _sessions(rows: pd.DataFrame) -> pd.core.groupby.DataFrameGroupBy:
    # A stable sort keeps the tasks and methods in the order they ran.
    return rows.sort_values("click", kind="stable").groupby(
        ["task", "method", "object"], sort=False
    )


def noc_table(rows: Sequence[dict] | pd.DataFrame, max_clicks: int = MAX_CLICKS) -> pd.DataFrame:
    """NoC@85 and NoC@90, the objects never brought to 0.90, and mean IoU after 1 and 5 clicks.

    Parameters
    ----------
    rows : sequence of dict or DataFrame
        One row per click, as :func:`segutils.bench.interactive.run_interactive` returns (or
        its saved ``clicks.csv``).
    max_clicks : int, optional
        The sessions' limit.

    Returns
    -------
    DataFrame
        One row per task and method, in the rows' order: ``task``, ``method``, ``prompting``,
        ``objects``, ``noc85``, ``noc90``, ``failed90`` (objects not at 0.90 after
        ``max_clicks``), ``iou_1``, ``iou_5``, ``refused`` (clicks the method refused) and
        ``seconds_per_click``.

    Examples
    --------
    >>> rows = [
    ...     {"task": "t", "method": "m", "prompting": "seeds", "object": "a", "click": 1,
    ...      "iou": 0.95, "refused": "", "seconds": 0.1},
    ...     {"task": "t", "method": "m", "prompting": "seeds", "object": "b", "click": 1,
    ...      "iou": 0.2, "refused": "", "seconds": 0.1},
    ... ]
    >>> noc_table(rows)[["noc85", "noc90", "failed90"]].values.tolist()
    [[10.5, 10.5, 1.0]]

    References
    ----------
    Xu, N. et al., "Deep interactive object selection", CVPR 2016, Table 1 (mean NoC per method
    and dataset).
    """
    frame = pd.DataFrame(rows)
    frame["refused"] = frame["refused"].fillna("").astype(str)
    table = []
    for (task, method, _), session in _sessions(frame):
        ious = session["iou"].to_numpy()
        table.append(
            {
                "task": task,
                "method": method,
                "prompting": session["prompting"].iloc[0],
                "noc85": clicks_to_reach(ious, THRESHOLDS[0], max_clicks),
                "noc90": clicks_to_reach(ious, THRESHOLDS[1], max_clicks),
                "failed90": float(
                    clicks_to_reach(ious, THRESHOLDS[1], max_clicks + 1) > max_clicks
                ),
                "iou_1": iou_after(ious, 1),
                "iou_5": iou_after(ious, 5),
                "refused": int((session["refused"] != "").sum()),
                "seconds": float(session["seconds"].sum()),
                "clicks": len(session),
            }
        )
    per_object = pd.DataFrame(table)
    grouped = per_object.groupby(["task", "method"], sort=False)
    summary = grouped.agg(
        prompting=("prompting", "first"),
        objects=("noc90", "size"),
        noc85=("noc85", "mean"),
        noc90=("noc90", "mean"),
        failed90=("failed90", "sum"),
        iou_1=("iou_1", "mean"),
        iou_5=("iou_5", "mean"),
        refused=("refused", "sum"),
        seconds=("seconds", "sum"),
        clicks=("clicks", "sum"),
    ).reset_index()
    summary["seconds_per_click"] = summary.pop("seconds") / summary.pop("clicks")
    return summary


def iou_curves(rows: Sequence[dict] | pd.DataFrame, max_clicks: int = MAX_CLICKS) -> pd.DataFrame:
    """Mean IoU after each number of clicks, per task and method (the stopped user keeps his mask).

    Parameters
    ----------
    rows : sequence of dict or DataFrame
        One row per click, as :func:`segutils.bench.interactive.run_interactive` returns.
    max_clicks : int, optional
        The curves run from 1 to this many clicks.

    Returns
    -------
    DataFrame
        Columns ``task``, ``method``, ``clicks`` (1 .. ``max_clicks``) and ``mean_iou``.

    Examples
    --------
    >>> rows = [{"task": "t", "method": "m", "object": "a", "click": c, "iou": v}
    ...         for c, v in ((1, 0.5), (2, 0.9))]
    >>> iou_curves(rows, max_clicks=3)["mean_iou"].tolist()
    [0.5, 0.9, 0.9]

    References
    ----------
    Sofiiuk, K. et al., "Reviving iterative training with mask guidance for interactive
    segmentation", ICIP 2022 (mIoU against the number of clicks).
    """
    frame = pd.DataFrame(rows)
    curves = []
    for (task, method, _), session in _sessions(frame):
        ious = session["iou"].to_numpy()
        curves += [
            {"task": task, "method": method, "clicks": k, "iou": iou_after(ious, k)}
            for k in range(1, max_clicks + 1)
        ]
    table = pd.DataFrame(curves).groupby(["task", "method", "clicks"], sort=False)["iou"].mean()
    return table.rename("mean_iou").reset_index()
