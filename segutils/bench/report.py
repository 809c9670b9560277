"""Benchmark results as tables: one row per method and task, as CSV and as Markdown.

``results.csv`` has one row per method and task; ``images.csv`` one row per test image (for the
failure gallery); ``results.md`` one leaderboard per task, best first, with the published
figures for the same data and measure beneath it.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from .tasks import KINDS

__all__ = ["image_table", "leaderboard", "results_table", "write_results"]


def results_table(cells: Sequence[dict]) -> pd.DataFrame:
    """One row per method and task: test scores, defaults' score, chosen parameters, cost.

    Parameters
    ----------
    cells : sequence of dict
        Cells from :func:`segutils.bench.run_benchmark`.

    Returns
    -------
    pandas.DataFrame
        Columns ``task``, ``kind``, ``method``, ``family``, ``primary``, ``score`` (the primary
        measure, tuned), one column per measure, ``default_score``, ``tune_score``, ``params``
        (JSON), ``tried``, ``seconds_per_megapixel``, ``peak_mib``, ``failures``, ``n_tune``,
        ``n_test``,
        ``cell_seconds`` (the time the cell took to tune and test).

    Examples
    --------
    >>> cell = {"task": "t", "kind": "semantic", "method": "m", "family": "f",
    ...         "primary": "iou", "scores": {"iou": 0.5, "f1": 0.6}, "default_score": 0.4,
    ...         "tune_score": 0.55, "params": {"level": 0.3}, "tried": 16,
    ...         "seconds_per_megapixel": 0.1, "peak_mib": 2.0, "failures": 0, "images": [{}]}
    >>> results_table([cell])[["method", "score", "default_score"]].to_dict("records")
    [{'method': 'm', 'score': 0.5, 'default_score': 0.4}]

    References
    ----------
    Wickham, "Tidy Data", Journal of Statistical Software 59(10), 2014: one row per observation.
    """
    rows = []
    for cell in cells:
        row = {key: cell[key] for key in ("task", "kind", "method", "family", "primary")}
        row["score"] = cell["scores"][cell["primary"]]
        row.update({measure: cell["scores"].get(measure) for measure in KINDS[cell["kind"]]})
        row.update(
            default_score=cell["default_score"],
            tune_score=cell["tune_score"],
            params=json.dumps(cell["params"], sort_keys=True),
            tried=cell["tried"],
            seconds_per_megapixel=cell["seconds_per_megapixel"],
            peak_mib=cell["peak_mib"],
            failures=cell["failures"],
            # Cells saved before n_tune was recorded: a U-Net's training images are its tuning.
            n_tune=cell.get("n_tune", cell["params"].get("train_images")),
            n_test=len(cell["images"]),
            cell_seconds=cell.get("cell_seconds", float("nan")),
        )
        rows.append(row)
    return pd.DataFrame(rows)


def image_table(cells: Sequence[dict]) -> pd.DataFrame:
    """One row per method, task and test image, with the primary measure as ``score``.

    Parameters
    ----------
    cells : sequence of dict
        Cells from :func:`segutils.bench.run_benchmark`.

    Returns
    -------
    pandas.DataFrame
        Columns ``task``, ``method``, ``image``, ``score``, ``seconds``, ``failed``.

    Examples
    --------
    >>> cell = {"task": "t", "method": "m", "primary": "iou",
    ...         "images": [{"image": "a", "iou": 0.5, "seconds": 0.1, "failed": False}]}
    >>> image_table([cell]).to_dict("records")
    [{'task': 't', 'method': 'm', 'image': 'a', 'score': 0.5, 'seconds': 0.1, 'failed': False}]

    References
    ----------
    Wickham, "Tidy Data", Journal of Statistical Software 59(10), 2014.
    """
    rows = [
        {
            "task": cell["task"],
            "method": cell["method"],
            "image": image["image"],
            "score": image.get(cell["primary"]),
            "seconds": image["seconds"],
            "failed": image["failed"],
        }
        for cell in cells
        for image in cell["images"]
    ]
    return pd.DataFrame(rows)


def leaderboard(table: pd.DataFrame, task: str) -> pd.DataFrame:
    """One task's rows, best primary score first (ties: the faster method first).

    Parameters
    ----------
    table : pandas.DataFrame
        From :func:`results_table`.
    task : str
        The task's name.

    Returns
    -------
    pandas.DataFrame
        The rows of ``task``, ranked, with a 1-based index.

    Examples
    --------
    >>> table = pd.DataFrame({"task": ["t", "t"], "method": ["a", "b"], "score": [0.2, 0.9],
    ...                       "seconds_per_megapixel": [1.0, 2.0]})
    >>> list(leaderboard(table, "t")["method"])
    ['b', 'a']

    References
    ----------
    Arbelaez et al., TPAMI 2011, Table 1: methods ranked by one measure on one test set.
    """
    rows = table[table["task"] == task].sort_values(
        ["score", "seconds_per_megapixel"], ascending=[False, True]
    )
    return rows.reset_index(drop=True).set_axis(range(1, len(rows) + 1))


def _pipe_table(frame: pd.DataFrame) -> str:
    """A Markdown pipe table, numbers to three decimals (pandas' own needs ``tabulate``)."""

    def cell(value) -> str:
        if isinstance(value, float):
            return "" if pd.isna(value) else f"{value:.3f}"
        return str(value).replace("|", "\\|")

    lines = ["| rank | " + " | ".join(frame.columns) + " |"]
    lines.append("|---" * (len(frame.columns) + 1) + "|")
    for rank, row in frame.iterrows():
        lines.append(f"| {rank} | " + " | ".join(cell(v) for v in row) + " |")
    return "\n".join(lines)


def _markdown(table: pd.DataFrame, published: dict[str, dict]) -> str:
    parts = []
    for task in dict.fromkeys(table["task"]):
        ranked = leaderboard(table, task)
        kind = ranked["kind"].iloc[0]
        measures = list(KINDS[kind])
        columns = ["method", *measures, "default_score", "seconds_per_megapixel", "peak_mib"]
        # A method that failed on an image scored 0 there: say so beside the score.
        columns += ["failures"] * bool(ranked["failures"].any()) + ["params"]
        shown = ranked[columns]
        shown = shown.rename(
            columns={
                "default_score": f"{measures[0]} (defaults)",
                "seconds_per_megapixel": "s / MP",
                "peak_mib": "peak MiB",
                "params": "tuned parameters",
            }
        )
        lines = [f"## {task} ({kind}; ranked by {measures[0]}, test images only)", ""]
        lines.append(_pipe_table(shown))
        for measure, figures in published.get(task, {}).items():
            quoted = "; ".join(f"{who} {value}" for who, value in figures.items())
            lines.append(f"\nPublished {measure}: {quoted}.")
        parts.append("\n".join(lines))
    return "\n\n".join(parts) + "\n"


def write_results(
    cells: Sequence[dict],
    out: str | os.PathLike,
    *,
    published: dict[str, dict] | None = None,
    command: str = "",
) -> dict[str, Path]:
    """Write ``results.csv``, ``images.csv`` and ``results.md`` into ``out``.

    Parameters
    ----------
    cells : sequence of dict
        Cells from :func:`segutils.bench.run_benchmark`.
    out : path-like
        The result folder (created if missing).
    published : dict, optional
        Task -> measure -> {who: figure}: published results on the same data and measure,
        printed under each leaderboard (:attr:`segutils.bench.Task.published`).
    command : str, optional
        The command that made the results, written at the top of ``results.md``.

    Returns
    -------
    dict
        ``{"results": path, "images": path, "markdown": path}``.

    Examples
    --------
    >>> import tempfile
    >>> cell = {"task": "t", "kind": "semantic", "method": "m", "family": "f",
    ...         "primary": "iou", "scores": {"iou": 0.5, "f1": 0.6}, "default_score": 0.4,
    ...         "tune_score": 0.55, "params": {}, "tried": 1, "seconds_per_megapixel": 0.1,
    ...         "peak_mib": 2.0, "failures": 0,
    ...         "images": [{"image": "a", "iou": 0.5, "seconds": 0.1, "failed": False}]}
    >>> with tempfile.TemporaryDirectory() as out:
    ...     sorted(write_results([cell], out))
    ['images', 'markdown', 'results']

    References
    ----------
    The tables' columns: :func:`results_table` and :func:`image_table`.
    """
    folder = Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    table = results_table(cells)
    paths = {
        "results": folder / "results.csv",
        "images": folder / "images.csv",
        "markdown": folder / "results.md",
    }
    # Full precision: notebook 07 reads these files and must print what the cells give.
    table.to_csv(paths["results"], index=False)
    image_table(cells).to_csv(paths["images"], index=False)
    header = "# Segmentation leaderboard\n\n"
    if command:
        header += f"Made by `{command}`.\n\n"
    paths["markdown"].write_text(header + _markdown(table, published or {}))
    return paths
