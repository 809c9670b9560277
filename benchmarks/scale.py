"""Scaling out on Dask: megapixels per second on 1 and 2 workers, against the plain loop and pool.

Four measurements, all in the same run, on this machine:

1. Throughput of ``segutils.segment.segment_files`` on a folder of generated PNG images
   (``--images`` of ``--side`` pixels, from :func:`segutils.datasets.synthetic`) on a
   LocalCluster of 1 and of 2 workers, for a fast method and a slow one (by the leaderboard's
   seconds per megapixel: ``threshold.global_threshold`` ~0.02 s/Mpx, where reading, measuring
   and writing dominate, and ``watershed.h_maxima_watershed`` ~0.45 s/Mpx). Target: a scaling
   ratio (2 workers / 1 worker) near 2 for the slow method. The cluster's start-up is timed
   apart; each rate is measured with the client already started and each worker already
   warm (one untimed image per worker first: imports, first-call caches).
2. The overhead of Dask against a plain loop (the baseline): the same files read, segmented,
   measured and written by ``segment_file`` in a ``for`` loop in this process, warmed the same
   way and limited to one OpenMP/BLAS thread as Dask's workers are, against ``segment_files``
   on the 1-worker cluster; in % and in ms per image. The Dask side also checks the run once
   and writes the run's ``objects.csv``. Dask's nanny starts workers with
   ``MALLOC_TRIM_THRESHOLD_=65536`` (``distributed.nanny.pre-spawn-environ``), which turns off
   glibc's adaptive mmap threshold, so every array over 128 KiB is mapped and zeroed afresh:
   measured on this machine, it alone doubled ``h_maxima_watershed``'s time on a 512 x 512
   image (0.05 to 0.11 s). ``segutils.scale.dask_client`` therefore starts its workers with
   ``MALLOC_MMAP_THRESHOLD_`` set as well (``segutils.scale.MMAP_THRESHOLD``); the column
   "Dask env" is the same 1-worker run with Dask's own environment (the threshold pinned at
   glibc's 128 KiB), the baseline of that choice, and a last line times the slow method alone
   on one image in a plain process and in a worker of each environment.
3. The leaderboard on the old pool against Dask: the same cells (``--tasks`` x ``--methods``,
   ``--budget``) evaluated by a ``concurrent.futures.ProcessPoolExecutor`` of 2 spawned
   processes over ``segutils.bench.runner.evaluate_cell`` (the pool segutils had before Dask,
   kept here only as the baseline) and by ``run_benchmark(..., workers=2)``; wall time of each,
   start-up included, and whether the scores and chosen parameters are identical.
4. Memory for one image larger than a worker's memory: a ``--large-side`` square mosaic of
   synthetic nuclei written chunked to zarr (``write_synthetic_mosaic``), segmented by
   ``segment_tiled`` on 2 workers of ``--memory-limit`` each; the image's size if loaded whole,
   each worker's peak resident memory, time, Mpx/s, objects found against the mosaic's truth.
   Target: every worker's peak within its limit.

The machine's load average is printed with each part: other processes share the cores.

Usage: python benchmarks/scale.py [--quick] [--images N] [--side PX] [--fast METHOD]
       [--slow METHOD] [--tasks T ...] [--methods M ...] [--budget N] [--large-side PX]
       [--chunk PX] [--large-method METHOD] [--memory-limit 2GiB] [--skip-leaderboard]
       [--skip-large] [--json]
"""

import argparse
import json
import multiprocessing
import os
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np
from PIL import Image
from threadpoolctl import threadpool_limits

from segutils import bench
from segutils.bench.runner import evaluate_cell
from segutils.datasets import synthetic
from segutils.scale import dask_client
from segutils.segment import (
    segment_file,
    segment_files,
    segment_tiled,
    worker_peak_memory,
    write_synthetic_mosaic,
)

#: What a cell's result depends on; its timings and peak memory depend on where it ran.
CELL_RESULTS = ("params", "tune_score", "tried", "refused", "scores", "default_score", "failures")
GIB = 2**30


def to_stderr(line: str) -> None:
    """Dask's dashboard lines, kept off stdout (which may be --json's)."""
    print(line, file=sys.stderr)


def load() -> float:
    """The 1-minute load average: how busy the shared cores were."""
    return round(os.getloadavg()[0], 2)


def write_images(folder: Path, count: int, side: int) -> list[Path]:
    """``count`` synthetic nuclei images as 8-bit PNG files, as a plate's folder would hold."""
    folder.mkdir(parents=True)
    paths = []
    for index in range(count):
        # As many nuclei per area as synthetic's default (14 on 256 x 256).
        sample = synthetic((side, side), n_objects=14 * side * side // 256**2, seed=index)
        path = folder / f"image{index:03d}.png"
        Image.fromarray(np.round(sample.image * 255).astype(np.uint8)).save(path)
        paths.append(path)
    return paths


def plain_loop(paths: list[Path], method: str, out: Path) -> float:
    """Seconds of ``segment_file`` over every path, one after another, in this process."""
    segment_file(paths[0], method, out=out / "warm-up")  # imports and caches, untimed
    # One thread in OpenMP and BLAS pools, as Dask's nanny sets for its workers: one core each.
    with threadpool_limits(limits=1):
        start = time.perf_counter()
        for path in paths:
            outcome = segment_file(path, method, out=out / "timed")
            if outcome.status != "written":
                raise SystemExit(f"{method} failed on {path}: {outcome.reason}")
        return time.perf_counter() - start


def on_dask(client, paths: list[Path], method: str, out: Path, workers: int) -> float:
    """Seconds of ``segment_files`` over every path on a started, warmed-up client."""
    warm = segment_files(
        paths[:workers], method, out=out / "warm-up", client=client, progress=False
    )
    start = time.perf_counter()
    result = segment_files(paths, method, out=out / "timed", client=client, progress=False)
    seconds = time.perf_counter() - start
    if not (warm.ok and result.ok):
        raise SystemExit(result.summary())
    return seconds


def seconds_per_call(method: str, side: int, calls: int = 10) -> float:
    """Seconds per call of ``method`` on one generated image, in whatever process runs this."""
    from segutils.catalog import by_name

    function = by_name(method).function
    image = synthetic((side, side), difficulty=0.5, seed=1).image
    function(image)  # untimed: imports and first-call caches
    start = time.perf_counter()
    for _ in range(calls):
        function(image)
    return (time.perf_counter() - start) / calls


def in_worker(client, method: str, side: int) -> float:
    """:func:`seconds_per_call` run inside the client's (one) worker."""
    return next(iter(client.run(seconds_per_call, method, side).values()))


def throughput(args, work: Path) -> dict:
    """Parts 1 and 2: the plain loop, then 1 and 2 workers, for the fast and the slow method."""
    paths = write_images(work / "images", args.images, args.side)
    megapixels = len(paths) * args.side**2 / 1e6
    methods = [args.fast, args.slow]
    seconds = {"loop": {m: plain_loop(paths, m, work / f"loop-{m}") for m in methods}}
    startup = {}
    with threadpool_limits(limits=1):
        per_call = {"plain": seconds_per_call(args.slow, args.side)}
    for workers in (1, 2):
        start = time.perf_counter()
        with dask_client(workers=workers, memory_limit=None, report=to_stderr) as client:
            startup[workers] = time.perf_counter() - start
            if workers == 1:
                per_call["segutils_env"] = in_worker(client, args.slow, args.side)
            seconds[workers] = {
                m: on_dask(client, paths, m, work / f"dask{workers}-{m}", workers) for m in methods
            }
    # The baseline of dask_client's MALLOC_MMAP_THRESHOLD_: glibc's starting threshold, which
    # Dask's MALLOC_TRIM_THRESHOLD_ keeps from adapting. A variable already in this process's
    # environment takes precedence over Dask's configuration (and a nanny writes its workers'
    # variables here), hence set here, and the environment restored afterwards.
    saved = dict(os.environ)
    os.environ["MALLOC_MMAP_THRESHOLD_"] = "131072"
    try:
        with dask_client(workers=1, memory_limit=None, report=to_stderr) as client:
            seconds["dask_env"] = {
                m: on_dask(client, paths, m, work / f"dask-env-{m}", 1) for m in methods
            }
            per_call["dask_env"] = in_worker(client, args.slow, args.side)
    finally:
        os.environ.clear()
        os.environ.update(saved)
    rows = []
    for method in methods:
        loop, one, two = seconds["loop"][method], seconds[1][method], seconds[2][method]
        dask_env = seconds["dask_env"][method]
        rows.append(
            {
                "method": method,
                "loop_mpx_per_s": megapixels / loop,
                "one_worker_dask_env_mpx_per_s": megapixels / dask_env,
                "one_worker_mpx_per_s": megapixels / one,
                "two_workers_mpx_per_s": megapixels / two,
                "scaling_ratio": one / two,
                "dask_overhead_percent": 100 * (one - loop) / loop,
                "dask_overhead_ms_per_image": 1000 * (one - loop) / len(paths),
            }
        )
    return {
        "images": len(paths),
        "side": args.side,
        "megapixels": megapixels,
        "cluster_startup_s": startup,
        "slow_method_seconds_per_call": per_call,
        "methods": rows,
        "load": load(),
    }


def comparable(cell: dict) -> dict:
    """A cell's results without its timings, and each test image's scores without its time."""
    kept = {key: cell[key] for key in CELL_RESULTS}
    kept["images"] = [{k: v for k, v in row.items() if k != "seconds"} for row in cell["images"]]
    return json.loads(json.dumps(kept, default=float))  # NumPy scalars as plain floats


def leaderboard(args, work: Path) -> dict:
    """Part 3: the same cells on the old process pool and on Dask, each from a fresh start."""
    tasks = [bench.builtin_task(name) for name in args.tasks]
    contenders = bench.builtin_contenders(args.methods)
    start = time.perf_counter()
    spawn = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(2, mp_context=spawn) as pool:
        futures = [
            pool.submit(evaluate_cell, task, contender, budget=args.budget)
            for task in tasks
            for contender in contenders
        ]
        pooled = [future.result() for future in futures]
    pool_seconds = time.perf_counter() - start
    start = time.perf_counter()
    on_dask = bench.run_benchmark(
        tasks,
        contenders,
        work / "dask-leaderboard",
        budget=args.budget,
        progress=False,
        workers=2,
        report=to_stderr,
    )
    dask_seconds = time.perf_counter() - start
    return {
        "tasks": args.tasks,
        "methods": [c.name for c in contenders],
        "cells": len(pooled),
        "budget": args.budget,
        "pool_s": pool_seconds,
        "dask_s": dask_seconds,
        "dask_over_pool": dask_seconds / pool_seconds,
        "identical": [comparable(c) for c in pooled] == [comparable(c) for c in on_dask],
        "load": load(),
    }


def large_image(args, work: Path) -> dict:
    """Part 4: a mosaic on disk, segmented tile by tile on 2 workers with a memory limit."""
    import dask.array as da

    side = args.large_side
    start = time.perf_counter()
    store = write_synthetic_mosaic(work / "mosaic.zarr", (side, side), args.chunk, truth=True)
    writing = time.perf_counter() - start
    start = time.perf_counter()
    truth = da.from_zarr(store, component="truth")
    truth_objects = len(da.unique(truth).compute(scheduler="threads")) - 1  # less the background
    counting = time.perf_counter() - start
    with dask_client(workers=2, memory_limit=args.memory_limit, report=to_stderr) as client:
        result = segment_tiled(
            store,
            args.large_method,
            {},
            work / "tiled",
            chunk=args.chunk,
            client=client,
            report=to_stderr,
        )
        peaks = worker_peak_memory(client)
        limits = {w["name"]: w["memory_limit"] for w in client.scheduler_info()["workers"].values()}
    return {
        "method": args.large_method,
        "side": side,
        "chunk": args.chunk,
        "halo": result.halo,
        "image_whole_gib": side * side * 4 / GIB,  # float32
        "labels_whole_gib": side * side * 4 / GIB,  # int32
        "memory_limit_gib": min(limits.values()) / GIB,
        "worker_peak_gib": sorted(peak / GIB for peak in peaks.values()),
        "seconds": result.seconds,
        "mpx_per_s": side * side / 1e6 / result.seconds,
        "objects": result.n_objects,
        "truth_objects": truth_objects,
        "mosaic_write_s": writing,
        "truth_count_s": counting,
        "load": load(),
    }


def print_table(result: dict) -> None:
    """The figures, readable."""
    print(f"{result['cpus']} CPUs; load average at start {result['load_start']}")
    part = result["throughput"]
    print(
        f"\n1-2. segment_files on {part['images']} PNG images of {part['side']} x {part['side']} "
        f"({part['megapixels']:.1f} Mpx; load {part['load']})"
    )
    startup = part["cluster_startup_s"]
    print(f"     LocalCluster start-up: 1 worker {startup[1]:.1f} s, 2 workers {startup[2]:.1f} s")
    print(
        f"     {'method':<30} {'loop':>8} {'Dask env':>9} {'1 worker':>9} {'2 workers':>10} "
        f"{'ratio':>6} {'Dask overhead':>22}"
    )
    print(f"     {'':<30} {'Mpx/s':>8} {'Mpx/s':>9} {'Mpx/s':>9} {'Mpx/s':>10} {'2/1':>6}")
    for row in part["methods"]:
        print(
            f"     {row['method']:<30} {row['loop_mpx_per_s']:8.2f} "
            f"{row['one_worker_dask_env_mpx_per_s']:9.2f} {row['one_worker_mpx_per_s']:9.2f} "
            f"{row['two_workers_mpx_per_s']:10.2f} "
            f"{row['scaling_ratio']:6.2f} {row['dask_overhead_percent']:+7.1f} % "
            f"{row['dask_overhead_ms_per_image']:+6.1f} ms/image"
        )
    calls = part["slow_method_seconds_per_call"]
    print(
        f"     {part['methods'][1]['method']} alone on one image: {calls['plain']:.3f} s in a "
        f"plain process, {calls['dask_env']:.3f} s in a worker with Dask's environment, "
        f"{calls['segutils_env']:.3f} s with dask_client's"
    )
    if "leaderboard" in result:
        part = result["leaderboard"]
        print(
            f"\n3.   leaderboard, {part['cells']} cells ({', '.join(part['tasks'])} x "
            f"{', '.join(part['methods'])}; budget {part['budget']}; load {part['load']})"
        )
        print(f"     ProcessPoolExecutor(2, spawn): {part['pool_s']:6.1f} s")
        print(
            f"     run_benchmark(workers=2) Dask: {part['dask_s']:6.1f} s "
            f"({part['dask_over_pool']:.2f} x the pool's; starting 2 workers took "
            f"{result['throughput']['cluster_startup_s'][2]:.1f} s in part 1)"
        )
        print(f"     scores and parameters identical: {'yes' if part['identical'] else 'no'}")
    if "large" in result:
        part = result["large"]
        peaks = ", ".join(f"{peak:.2f}" for peak in part["worker_peak_gib"])
        within = max(part["worker_peak_gib"]) <= part["memory_limit_gib"]
        print(
            f"\n4.   {part['method']} on a {part['side']} x {part['side']} mosaic "
            f"(zarr, chunks {part['chunk']}, halo {part['halo']}; load {part['load']})"
        )
        print(
            f"     whole in memory: image {part['image_whole_gib']:.2f} GiB (float32) + labels "
            f"{part['labels_whole_gib']:.2f} GiB (int32)"
        )
        print(
            f"     2 workers of {part['memory_limit_gib']:.2f} GiB: peaks {peaks} GiB "
            f"({'within' if within else 'ABOVE'} the limit)"
        )
        print(
            f"     {part['seconds']:.1f} s ({part['mpx_per_s']:.2f} Mpx/s); "
            f"{part['objects']} objects, truth {part['truth_objects']}"
        )
        print(
            f"     (untimed above: writing the mosaic {part['mosaic_write_s']:.1f} s, counting "
            f"its truth {part['truth_count_s']:.1f} s)"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes (about 2 minutes)")
    parser.add_argument("--images", type=int, help="images in the folder (48; quick 24)")
    parser.add_argument("--side", type=int, help="their side in pixels (512; quick 256)")
    parser.add_argument("--fast", default="threshold.global_threshold")
    parser.add_argument("--slow", default="watershed.h_maxima_watershed")
    parser.add_argument("--tasks", nargs="+", help="built-in tasks (synthetic-easy, -medium)")
    parser.add_argument("--methods", nargs="+", help="leaderboard methods or families")
    parser.add_argument("--budget", type=int, help="settings tried per cell (4; quick 2)")
    parser.add_argument("--large-side", type=int, help="the mosaic's side (20000; quick 4096)")
    parser.add_argument("--chunk", type=int, help="its tiles' side (2048; quick 1024)")
    parser.add_argument("--large-method", default="watershed.h_maxima_watershed")
    parser.add_argument("--memory-limit", default="2GiB", help="per worker, for the mosaic")
    parser.add_argument("--skip-leaderboard", action="store_true")
    parser.add_argument("--skip-large", action="store_true")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    sizes = {
        "images": (48, 24),
        "side": (512, 256),
        "tasks": (["synthetic-easy", "synthetic-medium"], ["synthetic-easy"]),
        "methods": (
            [
                "threshold.global_threshold",
                "threshold.local",
                "watershed.distance_watershed",
                "cluster.kmeans",
            ],
            ["threshold.global_threshold", "watershed.distance_watershed"],
        ),
        "budget": (4, 2),
        "large_side": (20_000, 4096),
        "chunk": (2048, 1024),
    }
    for name, (full, quick) in sizes.items():
        if getattr(args, name) is None:
            setattr(args, name, quick if args.quick else full)

    result = {"cpus": os.cpu_count(), "load_start": load()}
    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch)
        result["throughput"] = throughput(args, work)
        if not args.skip_leaderboard:
            result["leaderboard"] = leaderboard(args, work)
        if not args.skip_large:
            result["large"] = large_image(args, work)
    if args.json:
        print(json.dumps(result))
    else:
        print_table(result)
    return 0


if __name__ == "__main__":
    sys.exit(main())
