"""The leaderboard on Dask: the cells one process computes, from a LocalCluster and a cluster.

``segutils bench`` runs once in one process (``--workers 1``), once on a LocalCluster of two
workers (``--workers 2``), and once on a real ``dask scheduler`` and ``dask worker``, each its own
process, given by address (``--scheduler``) as a user with a cluster would. Every cell file must
be the same but for the timings and the peak memory, which depend on where a cell ran.
"""

import json
import shutil
from pathlib import Path

import distributed
import numpy as np
import pytest

from segutils import bench, datasets
from segutils.bench import report
from segutils.bench.tasks import Sample, Task
from segutils.cli import main

PROJECT = Path(__file__).resolve().parents[1]
TASK = "synthetic-easy"
METHODS = ["threshold.manual", "threshold.global_threshold", "watershed.distance_watershed"]
#: What a cell measured about the machine and the moment it ran on, not what it computed.
TIMINGS = ("cell_seconds", "seconds_per_megapixel", "peak_mib")


def bench_command(out: Path, *where: str) -> list[str]:
    """``segutils bench`` on a small built-in task, as a user types it."""
    return ["bench", "--datasets", TASK, "--methods", *METHODS, "--budget", "3"] + [
        "--out",
        str(out),
        "--no-progress",
        *where,
    ]


def computed(out: Path) -> dict[str, str]:
    """Each cell file under ``out`` as JSON text, without what depends on where it ran."""
    cells = {}
    for path in sorted((out / "cells").rglob("*.json")):
        cell = json.loads(path.read_text(encoding="utf-8"))
        for key in TIMINGS:
            del cell[key]
        for row in cell["images"]:
            del row["seconds"]
        cells[path.relative_to(out).as_posix()] = json.dumps(cell, sort_keys=True)
    return cells


def tiny_task() -> Task:
    """Three small generated images with exact truth: one to tune on, two to test on."""
    made = [datasets.synthetic(shape=(64, 64), n_objects=3, seed=s) for s in range(3)]
    samples = [Sample(f"s{i}", s.image, s.mask) for i, s in enumerate(made)]
    return Task("tiny", "semantic", tune=samples[:1], test=samples[1:])


@pytest.fixture(scope="module")
def in_one_process(tmp_path_factory):
    """The result folder of the run in this process, without Dask: the reference."""
    out = tmp_path_factory.mktemp("one-process") / "results"
    assert main(bench_command(out, "--workers", "1")) == 0
    return out


@pytest.fixture(scope="module")
def scheduler(tmp_path_factory, scheduler_and_worker):
    """The address of a Dask scheduler with one worker (one thread), each its own process."""
    folder = tmp_path_factory.mktemp("cluster")
    with scheduler_and_worker(
        folder, "--nworkers", "1", "--nthreads", "1", "--memory-limit", "2GiB"
    ) as address:
        yield address


def test_two_local_workers_give_the_cells_one_process_gives(in_one_process, tmp_path, capsys):
    out = tmp_path / "results"
    assert main(bench_command(out, "--workers", "2")) == 0
    assert "Dask LocalCluster with 2 worker(s): dashboard http" in capsys.readouterr().out
    assert len(computed(out)) == len(METHODS)
    assert computed(out) == computed(in_one_process)


def test_a_cluster_given_by_address_gives_the_cells_one_process_gives(
    in_one_process, scheduler, tmp_path, capsys
):
    out = tmp_path / "results"
    assert main(bench_command(out, "--scheduler", scheduler)) == 0
    printed = capsys.readouterr().out
    assert f"Dask scheduler {scheduler}: dashboard http" in printed
    assert f"{TASK} (dsb): " in printed
    assert computed(out) == computed(in_one_process)
    assert {p.name for p in out.iterdir()} == {"cells", *report.RESULT_FILES.values()}


def test_a_resumed_run_computes_only_the_missing_cells_on_the_cluster(
    in_one_process, scheduler, tmp_path, capsys
):
    out = tmp_path / "results"
    shutil.copytree(in_one_process, out)
    cells = out / "cells" / TASK
    before = {path.name: path.read_bytes() for path in cells.iterdir()}
    lost = ["threshold.manual.json", "watershed.distance_watershed.json"]
    for name in lost:
        (cells / name).unlink()
    assert main(bench_command(out, "--scheduler", scheduler)) == 0
    assert f"Dask scheduler {scheduler}" in capsys.readouterr().out
    after = {path.name: path.read_bytes() for path in cells.iterdir()}
    assert after.keys() == before.keys()
    kept = set(before) - set(lost)
    assert {name: after[name] for name in kept} == {name: before[name] for name in kept}
    assert all(after[name] != before[name] for name in lost)  # computed again: other timings
    assert computed(out) == computed(in_one_process)


def test_a_finished_run_starts_no_cluster(in_one_process, tmp_path):
    out = tmp_path / "results"
    shutil.copytree(in_one_process, out)
    lines = []
    task = bench.builtin_task(TASK)
    cells = bench.run_benchmark(
        [task],
        bench.builtin_contenders(METHODS),
        out,
        budget=3,
        workers=2,
        progress=False,
        report=lines.append,
    )
    assert lines == [] and [c["method"] for c in cells] == METHODS


def test_a_client_of_ones_own_runs_the_cells_and_stays_open(scheduler, tmp_path):
    task = tiny_task()
    methods = bench.builtin_contenders(["threshold.manual"])
    alone = bench.run_benchmark([task], methods, tmp_path / "one", budget=3, progress=False)
    with distributed.Client(scheduler) as client:
        shared = bench.run_benchmark(
            [task], methods, tmp_path / "two", budget=3, progress=False, client=client
        )
        assert client.status == "running"
        assert client.submit(sum, [1, 2]).result() == 3
    assert computed(tmp_path / "one") == computed(tmp_path / "two")
    assert [c["params"] for c in alone] == [c["params"] for c in shared]


@pytest.mark.parametrize("on_dask", [False, True], ids=["in this process", "on the cluster"])
def test_an_exception_in_a_cell_names_the_cell(on_dask, request, tmp_path):
    def explodes(image: np.ndarray) -> np.ndarray:
        raise RuntimeError("a bug in the method")

    where = {"scheduler": request.getfixturevalue("scheduler")} if on_dask else {}
    contender = bench.Contender("explodes", "test", explodes)
    with pytest.raises(RuntimeError, match="a bug in the method") as caught:
        bench.run_benchmark(
            [tiny_task()], [contender], tmp_path, budget=1, progress=False, report=print, **where
        )
    assert "in the leaderboard cell tiny: explodes" in caught.value.__notes__


def test_the_ways_to_run_are_one_at_a_time(scheduler, tmp_path, capsys):
    task, methods = tiny_task(), bench.builtin_contenders(["threshold.manual"])
    with distributed.Client(scheduler) as client:
        for where in ({"client": client, "workers": 2}, {"client": client, "scheduler": scheduler}):
            with pytest.raises(ValueError, match="not both"):
                bench.run_benchmark([task], methods, tmp_path, **where)
    with pytest.raises(ValueError, match="not both"):
        bench.run_benchmark([task], methods, tmp_path, scheduler=scheduler, workers=2)
    for workers in (0, 1.5, True):
        with pytest.raises(ValueError, match="workers must be a whole number"):
            bench.run_benchmark([task], methods, tmp_path, workers=workers)
    with pytest.raises(SystemExit):
        main(bench_command(tmp_path / "r", "--scheduler", scheduler, "--workers", "2"))
    assert "give either --scheduler" in capsys.readouterr().err
