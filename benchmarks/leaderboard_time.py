"""Time of the whole built-in leaderboard: every classical method, tuned, on every task.

Target: at most 30 minutes of wall time on a 2-core machine (no U-Net training; its rows come
from saved models). The baseline, measured in the same run unless ``--skip-baseline``: the same
leaderboard untuned (``budget=1``, the defaults only), i.e. what the tuning itself costs.

Prints the wall time of each run, the time per task (sum of its cells) and the five slowest
methods. ``--out DIR`` keeps the tuned run's cells and tables there (``python -m segutils bench
--out DIR`` then resumes from them instantly); by default they go to a temporary folder.

Usage: python benchmarks/leaderboard_time.py [--workers N] [--budget 16] [--out DIR]
       [--skip-baseline] [--json]
"""

import argparse
import json
import os
import tempfile
import time
from pathlib import Path

from segutils import bench
from segutils.bench import report


def timed_run(tasks, out: Path, budget: int, workers: int) -> tuple[float, list[dict]]:
    start = time.perf_counter()
    cells = bench.run_benchmark(
        tasks, bench.builtin_contenders(), out, budget=budget, workers=workers, progress=False
    )
    return time.perf_counter() - start, cells


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--budget", type=int, default=16)
    parser.add_argument("--out", type=Path, help="keep the tuned run's cells and tables here")
    parser.add_argument("--skip-baseline", action="store_true")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    start = time.perf_counter()
    tasks = [bench.builtin_task(name) for name in bench.BUILTIN_TASKS]
    loading = time.perf_counter() - start
    result = {"workers": args.workers, "budget": args.budget, "load_seconds": loading}
    with tempfile.TemporaryDirectory() as scratch:
        if not args.skip_baseline:
            seconds, _ = timed_run(tasks, Path(scratch) / "untuned", 1, args.workers)
            result["untuned_seconds"] = seconds
        out = args.out or Path(scratch) / "tuned"
        if args.out is not None and (args.out / "cells").exists():
            parser.error(f"{args.out} holds cells already: the run would resume, not be timed")
        seconds, cells = timed_run(tasks, out, args.budget, args.workers)
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
    print(f"{len(cells)} cells ({len(tasks)} tasks), {args.workers} workers, budget {args.budget}")
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
