"""Benchmark results as tables: one row per method and task, as CSV and as Markdown.

``results.csv`` has one row per method and task, with each mean's standard error and interval
and its paired comparison with the task's best (:mod:`.compare`); ``images.csv`` one row per
test image (for the failure gallery); ``results.md`` one leaderboard per task, best first, the
methods not distinguishable from the best marked, its test images listed and the published
figures for the same data and measure beneath it; ``results.png`` the same drawn
(:mod:`.figure`).
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from .compare import ALPHA, compare_with_best, smallest_adjusted_p
from .figure import leaderboard_figure
from .ranking import leaderboard
from .tasks import KINDS

__all__ = ["RESULT_FILES", "image_table", "leaderboard", "results_table", "write_results"]

#: What :func:`write_results` writes, by the key of the paths it returns.
RESULT_FILES = {
    "results": "results.csv",
    "images": "images.csv",
    "markdown": "results.md",
    "figure": "results.png",
}


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
        measure, tuned: its mean over the test images), then how far that mean can be trusted
        (:func:`segutils.bench.compare.compare_with_best`, computed from the cells' per-image
        scores):

        - ``se``: its standard error over the test images;
        - ``ci_low``, ``ci_high``: its 95% Student-t interval;
        - ``p_vs_best``: Holm-adjusted two-sided Wilcoxon signed-rank p-value against the
          task's best (its rank 1 in :func:`leaderboard`), paired on the same test images;
        - ``tied_with_best``: ``p_vs_best >= 0.05``, not distinguishable from the best (True
          for the best);
        - ``n_paired``: test images shared with the best; ``unpaired_images``: JSON list of
          the images only one of the two was scored on (``[]`` normally);

        then one column per measure, ``default_score``, ``tune_score``, ``params`` (JSON),
        ``tried``, ``seconds_per_megapixel``, ``peak_mib``, ``failures``, ``n_tune``,
        ``n_test``, ``cell_seconds`` (the time the cell took to tune and test).

    Examples
    --------
    Method ``b`` scores below ``a`` on each of three test images, yet three images cannot show
    it: all three signs agree by chance with probability 2 / 2**3 = 0.25.

    >>> def cell(method, scores):
    ...     images = [{"image": f"i{k}", "iou": s, "seconds": 0.1, "failed": False}
    ...               for k, s in enumerate(scores)]
    ...     return {"task": "t", "kind": "semantic", "method": method, "family": "f",
    ...             "primary": "iou", "scores": {"iou": sum(scores) / 3, "f1": 0.6},
    ...             "default_score": 0.4, "tune_score": 0.55, "params": {"level": 0.3},
    ...             "tried": 16, "seconds_per_megapixel": 0.1, "peak_mib": 2.0,
    ...             "failures": 0, "images": images}
    >>> table = results_table([cell("a", [0.9, 0.8, 0.7]), cell("b", [0.6, 0.4, 0.5])])
    >>> for row in table.round(3).itertuples():
    ...     print(row.method, row.score, row.se, row.p_vs_best, row.tied_with_best)
    a 0.8 0.058 1.0 True
    b 0.5 0.058 0.25 True

    References
    ----------
    Wickham, "Tidy Data", Journal of Statistical Software 59(10), 2014: one row per observation;
    Demšar, "Statistical comparisons of classifiers over multiple data sets", JMLR 7, 2006
    (the paired comparisons).
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
    table = pd.DataFrame(rows)
    if table.empty:
        return table
    trust = _comparisons(table, image_table(cells))
    columns = list(table.columns)
    after_score = columns.index("score") + 1
    columns[after_score:after_score] = list(trust.columns)
    return table.join(trust, on=["task", "method"])[columns]


def _comparisons(table: pd.DataFrame, per_image: pd.DataFrame) -> pd.DataFrame:
    """Each task's methods against its rank 1 (``compare_with_best``), indexed by task, method."""
    parts = []
    for task in dict.fromkeys(table["task"]):
        best = leaderboard(table, task)["method"].iloc[0]
        images = per_image[per_image["task"] == task]
        compared = compare_with_best(images, best, alpha=ALPHA)
        compared["unpaired_images"] = [json.dumps(names) for names in compared["unpaired_images"]]
        parts.append(pd.concat({task: compared}, names=["task"]))
    return pd.concat(parts)


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
    return pd.DataFrame(rows, columns=["task", "method", "image", "score", "seconds", "failed"])


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


#: Resolution of ``results.png``: sharp on a laptop screen, about 100 kB for seven tasks.
FIGURE_DPI = 110
#: The mark of the methods not distinguishable from their task's best, in ``results.md``.
TIED_MARK = "≈"


def _p_value(p: float) -> str:
    if pd.isna(p):
        return "not compared"
    return "< 0.001" if p < 0.001 else f"{p:.3f}"


def _class_tables(cells: Sequence[dict], table: pd.DataFrame) -> dict[str, list[str]]:
    """Per task with multiclass cells: a table of each method's IoU per class, over the tests."""
    tables: dict[str, list[str]] = {}
    for task in dict.fromkeys(table["task"]):
        by_method = {c["method"]: c.get("class_iou") for c in cells if c["task"] == task}
        by_method = {method: ious for method, ious in by_method.items() if ious}
        if not by_method:
            continue
        order = [m for m in leaderboard(table, task)["method"] if m in by_method]
        frame = pd.DataFrame(
            [{"method": m, **{k: _number(v) for k, v in by_method[m].items()}} for m in order],
            index=range(1, len(order) + 1),
        )
        tables[task] = [
            "\nIoU of each class over all the test images (their summed confusion matrix; "
            "void pixels not scored; empty: a class neither the truth nor the method holds); "
            "class_miou is their mean:\n",
            _pipe_table(frame),
        ]
    return tables


def _number(value) -> float:
    return float("nan") if value is None else float(value)


def _markdown(
    table: pd.DataFrame,
    per_image: pd.DataFrame,
    published: dict[str, dict],
    extra: dict[str, list[str]] | None = None,
) -> str:
    parts = []
    for task in dict.fromkeys(table["task"]):
        ranked = leaderboard(table, task)
        kind = ranked["kind"].iloc[0]
        measures = list(KINDS[kind])
        shown = ranked[["method", measures[0], "se"]].rename(columns={"se": "±"})
        shown["p vs best"] = ranked["p_vs_best"].map(_p_value)
        shown[f"{TIED_MARK} best"] = ranked["tied_with_best"].map({True: TIED_MARK, False: ""})
        columns = [*measures[1:], "default_score", "seconds_per_megapixel", "peak_mib"]
        # A method that failed on an image scored 0 there: say so beside the score.
        columns += ["failures"] * bool(ranked["failures"].any()) + ["params"]
        shown = shown.join(ranked[columns])
        shown = shown.rename(
            columns={
                "default_score": f"{measures[0]} (defaults)",
                "seconds_per_megapixel": "s / MP",
                "peak_mib": "peak MiB",
                "params": "tuned parameters",
            }
        )
        images = list(dict.fromkeys(per_image.loc[per_image["task"] == task, "image"]))
        lines = [f"## {task} ({kind}; ranked by {measures[0]}, test images only)", ""]
        lines.append(_pipe_table(shown))
        lines.append("\n" + _legend(ranked, measures[0], len(images)))
        lines += _unpaired(ranked)
        lines.append(f"\nTest images ({len(images)}): {', '.join(map(str, images))}.")
        for measure, figures in published.get(task, {}).items():
            quoted = "; ".join(f"{who} {value}" for who, value in figures.items())
            lines.append(f"\nPublished {measure}: {quoted}.")
        lines += (extra or {}).get(task, [])
        parts.append("\n".join(lines))
    return "\n\n".join(parts) + "\n"


def _legend(ranked: pd.DataFrame, measure: str, n_images: int) -> str:
    """What ± and the mark mean, with the test, the correction, alpha and the images."""
    comparisons = len(ranked) - 1
    text = (
        f"± is the standard error of the mean {measure} over the {n_images} test images. "
        f"{TIED_MARK}: not distinguishable from the best (rank 1): a two-sided paired Wilcoxon "
        f"signed-rank test of each method against it on the same {n_images} test images, "
        f"Holm-corrected over the task's {comparisons} comparison{'s' * (comparisons != 1)}, "
        f"gives an adjusted p (p vs best) of at least {ALPHA}. With few test images a real "
        "difference may not show: the mark says the images cannot tell the two apart."
    )
    floor = smallest_adjusted_p(n_images, comparisons)
    if floor >= ALPHA:
        text += (
            f" **Here no method can be told apart from the best:** even a method worse on every "
            f"one of the {n_images} images gets an adjusted p of {floor:.3g} (2 / 2^{n_images}, "
            f"times {comparisons} by Holm's correction). More test images are needed."
        )
    return text


def _unpaired(ranked: pd.DataFrame) -> list[str]:
    """A line for each method not scored on the same test images as the best."""
    best = ranked["method"].iloc[0]
    lines = []
    for row in ranked.itertuples():
        names = json.loads(row.unpaired_images)
        if names:
            lines.append(
                f"\nNote: {row.method} and {best} were not scored on the same test images "
                f"({len(names)} scored by only one of them: {', '.join(names)}); "
                + (
                    f"they are compared on the {row.n_paired} they share."
                    if row.n_paired
                    else "they share none, so they are not compared."
                )
            )
    return lines


def write_results(
    cells: Sequence[dict],
    out: str | os.PathLike,
    *,
    published: dict[str, dict] | None = None,
    command: str = "",
    notes: dict[str, list[str]] | None = None,
) -> dict[str, Path]:
    """Write ``results.csv``, ``images.csv``, ``results.md`` and ``results.png`` into ``out``.

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
    notes : dict, optional
        Task -> lines printed under its leaderboard, e.g. which methods were not run on it and
        why. A multiclass task's cells add a table of each method's IoU per class there.

    Returns
    -------
    dict
        ``{"results": path, "images": path, "markdown": path, "figure": path}``.

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
    ['figure', 'images', 'markdown', 'results']

    References
    ----------
    The tables' columns: :func:`results_table` and :func:`image_table`; the figure:
    :func:`segutils.bench.figure.leaderboard_figure`.
    """
    folder = Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    table = results_table(cells)
    per_image = image_table(cells)
    paths = {key: folder / name for key, name in RESULT_FILES.items()}
    # Full precision: notebook 08 reads these files and must print what the cells give.
    table.to_csv(paths["results"], index=False)
    per_image.to_csv(paths["images"], index=False)
    header = "# Segmentation leaderboard\n\n"
    if command:
        header += f"Made by `{command}`.\n\n"
    header += (
        f"Drawn in [{paths['figure'].name}]({paths['figure'].name}): each method's mean with its "
        "95% interval, the methods not distinguishable from the best in colour.\n\n"
    )
    extra = {task: [f"\nNote: {line}" for line in lines] for task, lines in (notes or {}).items()}
    for task, lines in _class_tables(cells, table).items():
        extra[task] = extra.get(task, []) + lines
    markdown = header + _markdown(table, per_image, published or {}, extra)
    paths["markdown"].write_text(markdown, encoding="utf-8")
    # A Figure made without pyplot renders with Agg and needs no display nor closing.
    leaderboard_figure(table).savefig(paths["figure"], dpi=FIGURE_DPI)
    return paths
