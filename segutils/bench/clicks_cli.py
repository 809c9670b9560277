"""``segutils bench --interactive``: methods a person prompts, judged by the clicks they need."""

from __future__ import annotations

import argparse
import shlex
import sys
import time
import warnings
from pathlib import Path

from ..cli import UsageError

__all__ = ["run_interactive_command"]

#: What ``--data`` keywords are called on the command line, for the folder's messages.
_DATA_OPTIONS = {"stretch": "--stretch", "drop_alpha": "--drop-alpha"}
#: Leaderboard options that mean nothing here: option -> its attribute.
_LEADERBOARD_ONLY = {
    "--workers": "workers",
    "--scheduler": "scheduler",
    "--unet-datasets": "unet_datasets",
}


def _check_options(args: argparse.Namespace) -> None:
    given = [option for option, name in _LEADERBOARD_ONLY.items() if getattr(args, name)]
    if args.unet_epochs:
        given.append("--unet-epochs")
    given += [f"--{name}" for name in ("classes", "void") if getattr(args, name) is not None]
    if given:
        raise UsageError(
            f"{', '.join(given)} belong to the leaderboard, not to --interactive (its sessions "
            "run one after another in this process); leave them out"
        )
    if args.data is not None and args.datasets:
        raise UsageError("give either --data or --datasets, not both")
    if args.data is not None and args.objects is not None:
        raise UsageError("--objects sizes the built-in tasks; with --data every mask is used")


def _check_out(out: Path, data: Path | None) -> None:
    if data is not None and out.resolve().is_relative_to(data.resolve()):
        raise UsageError(
            f"--out {out} lies inside --data {data}, which is never written to; choose a "
            "result folder elsewhere"
        )
    if out.exists() and not out.is_dir():
        raise UsageError(f"--out {out} is a file; give a folder")
    # An earlier run left clicks/ (its sessions) or, committed without them, clicks.csv.
    earlier = (out / "clicks").is_dir() or (out / "clicks.csv").is_file()
    if out.is_dir() and any(out.iterdir()) and not earlier:
        raise UsageError(
            f"--out {out} holds files that are not interactive results; choose an empty or new "
            "folder, or one an earlier `bench --interactive` run wrote"
        )
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise UsageError(f"--out {out} cannot be made ({error.strerror}); choose another") from None


def _tasks(args: argparse.Namespace) -> list:
    from .objects import (
        BUILTIN_OBJECT_TASKS,
        DEFAULT_OBJECTS,
        builtin_object_task,
        folder_object_task,
    )

    if args.data is not None:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            task = folder_object_task(
                args.data,
                stretch=args.stretch,
                drop_alpha=args.drop_alpha,
                option_names=_DATA_OPTIONS,
            )
        for warning in caught:
            print(f"warning: {warning.message}", file=sys.stderr)
        return [task]
    chosen = []
    for name in args.datasets or list(BUILTIN_OBJECT_TASKS):
        matches = [task for task in BUILTIN_OBJECT_TASKS if name and task.startswith(name)]
        if not matches:
            raise UsageError(
                f"no single-object task {name!r} for --interactive; choose from "
                f"{', '.join(BUILTIN_OBJECT_TASKS)}"
            )
        chosen += [m for m in matches if m not in chosen]
    count = args.objects or DEFAULT_OBJECTS
    return [builtin_object_task(name, count=count) for name in chosen]


def run_interactive_command(args: argparse.Namespace) -> int:
    """Run the interactive benchmark the ``bench --interactive`` options describe.

    Parameters
    ----------
    args : argparse.Namespace
        The parsed ``bench`` options; ``args.argv`` (the words after ``segutils``) is recorded
        with the results.

    Returns
    -------
    int
        0 on success, 1 when the methods or tasks cannot be loaded, 130 when interrupted.

    Raises
    ------
    UsageError
        For options that cannot go with ``--interactive`` or with each other.

    Examples
    --------
    >>> from segutils.cli import main
    >>> main(["bench", "--interactive", "--datasets", "synthetic", "--objects", "2",
    ...       "--methods", "region.grow", "--out", "results"])  # doctest: +SKIP
    synthetic-blobs: region.grow NoC@85 1.00, NoC@90 1.50
    0

    References
    ----------
    Xu, N. et al., "Deep interactive object selection", CVPR 2016 (the simulated user and NoC).
    """
    from .clicks_needed import noc_table
    from .clicks_report import write_clicks_results
    from .interactive import STOP_AT, interactive_contenders, run_interactive

    _check_options(args)
    clicks = args.clicks or 20
    stop_at = STOP_AT if args.stop_at is None else args.stop_at
    if not STOP_AT <= stop_at <= 1:
        raise UsageError(
            f"--stop-at {stop_at} must lie in [{STOP_AT}, 1]: below {STOP_AT} the user would "
            "stop before NoC@90 is known"
        )
    _check_out(args.out, args.data)
    try:
        contenders = interactive_contenders(args.methods)
        tasks = _tasks(args)
    except (KeyError, ValueError, OSError) as error:
        print(f"error: {error.args[0] if isinstance(error, KeyError) else error}", file=sys.stderr)
        return 1

    def progress(line: str) -> None:
        if not args.no_progress:
            print(line, file=sys.stderr, flush=True)

    start = time.perf_counter()
    try:
        rows = run_interactive(
            tasks, contenders, args.out, max_clicks=clicks, stop_at=stop_at, progress=progress
        )
    except KeyboardInterrupt:
        print(
            f"\ninterrupted: the finished sessions are saved in {args.out}; run the same "
            "command again to go on from there.",
            file=sys.stderr,
        )
        return 130
    paths = write_clicks_results(
        rows,
        args.out,
        descriptions={task.name: task.description for task in tasks},
        command="segutils " + shlex.join(args.argv),
        max_clicks=clicks,
    )
    for row in noc_table(rows, clicks).itertuples():
        print(f"{row.task}: {row.method} NoC@85 {row.noc85:.2f}, NoC@90 {row.noc90:.2f}")
    print(
        f"{len(rows)} clicks in {time.perf_counter() - start:.0f} s; tables in "
        f"{paths['markdown']}, drawn in {paths['figure']}"
    )
    return 0
