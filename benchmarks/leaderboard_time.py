"""Time of the whole built-in leaderboard: every classical method, tuned, on every task.

The cells run as Dask tasks on a LocalCluster of ``--workers`` processes (the cores by default;
1: one after another in this process) or on the cluster at ``--scheduler ADDRESS``.

Target: at most 30 minutes of wall time on a 2-core machine (no U-Net training; its rows come
from saved models). The baseline, measured in the same run unless ``--skip-baseline``: the same
leaderboard untuned (``budget=1``, the defaults only), i.e. what the tuning itself costs.

Prints the wall time of each run, the time per task (sum of its cells) and the five slowest
methods. ``--out DIR`` keeps the tuned run's cells and tables there (``python -m segutils bench
--out DIR`` then resumes from them instantly); by default they go to a temporary folder.

Usage: python benchmarks/leaderboard_time.py [--workers N | --scheduler ADDRESS] [--budget 16]
       [--out DIR] [--skip-baseline] [--json]
"""

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

from segutils import bench
from segutils.bench import report


def timed_run(tasks, out: Path, budget: int, where: dict) -> tuple[float, list[dict]]:
    """Wall time of one leaderboard run, starting its LocalCluster included, and its cells."""
    start = time.perf_counter()
    cells = bench.run_benchmark(
        tasks,
        bench.builtin_contenders(),
        out,
        budget=budget,
        progress=False,
        report=lambda line: print(line, file=sys.stderr),  # stdout may be --json's
        **where,
    )
    return time.perf_counter() - start, cells


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    placement = parser.add_mutually_exclusive_group()
    placement.add_argument("--workers", type=int, help="local Dask workers (default: the cores)")
    placement.add_argument("--scheduler", help="a running Dask scheduler's address instead")
    parser.add_argument("--budget", type=int, default=16)
    parser.add_argument("--out", type=Path, help="keep the tuned run's cells and tables here")
    parser.add_argument("--skip-baseline", action="store_true")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    if args.scheduler is None:
        where = {"workers": args.workers or os.cpu_count() or 1}
    else:
        where = {"scheduler": args.scheduler}
    runs_on = f"{where['workers']} workers" if args.scheduler is None else args.scheduler

    start = time.perf_counter()
    tasks = [bench.builtin_task(name) for name in bench.BUILTIN_TASKS]
    loading = time.perf_counter() - start
    result = {**where, "budget": args.budget, "load_seconds": loading}
    with tempfile.TemporaryDirectory() as scratch:
        if not args.skip_baseline:
            seconds, _ = timed_run(tasks, Path(scratch) / "untuned", 1, where)
            result["untuned_seconds"] = seconds
        out = args.out or Path(scratch) / "tuned"
        if args.out is not None and (args.out / "cells").exists():
            parser.error(f"{args.out} holds cells already: the run would resume, not be timed")
        seconds, cells = timed_run(tasks, out, args.budget, where)
        result["tuned_seconds"] = seconds
        if args.out is not None:
            report.write_results(
                cells,
                out,
                published={t.name: t.published for t in tasks},
                command=f"python -m segutils bench --budget {args.budget} --out {args.out}",
            )
    table = report.results_table(cells)
    result["per_task_seconds"] = table.groupby("task", sort=False)["cell_seconds"].sum().to_dict()
    slowest = table.groupby("method")["cell_seconds"].sum().sort_values(ascending=False).head(5)
    result["slowest_methods_seconds"] = slowest.to_dict()
    result["cells"] = len(cells)
    if args.json:
        print(json.dumps(result, indent=2))
        return
    print(f"{len(cells)} cells ({len(tasks)} tasks), {runs_on}, budget {args.budget}")
    print(f"loading the datasets      {loading:7.0f} s")
    if "untuned_seconds" in result:
        print(f"baseline, untuned         {result['untuned_seconds']:7.0f} s")
    print(f"leaderboard, tuned        {seconds:7.0f} s  ({seconds / 60:.1f} min; target 30 min)")
    print("time per task (sum of its cells, across workers):")
    for task, value in result["per_task_seconds"].items():
        print(f"  {task:<24}{value:7.0f} s")
    print("slowest methods (all tasks):")
    for method, value in slowest.items():
        print(f"  {method:<32}{value:7.0f} s")


if __name__ == "__main__":
    main()
