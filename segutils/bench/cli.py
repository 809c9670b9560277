"""``python -m segutils bench``: the leaderboard on built-in data or on a folder, on Dask."""

from __future__ import annotations

import argparse
import functools
import os
import shlex
import sys
import time
import warnings
from pathlib import Path

from ..cli import UsageError
from .contenders import builtin_contenders
from .learned import CLASSIFIER
from .report import leaderboard, results_table, write_results
from .runner import run_benchmark
from .tasks import BUILTIN_TASKS, NEEDS_LEARNING, OPTIONAL_TASKS, builtin_task

__all__ = ["add_arguments", "run"]

#: Epochs of U-Net training per task when ``--methods`` names ``unet`` without a budget.
DEFAULT_UNET_EPOCHS = 8
#: Local worker processes when neither ``--workers`` nor ``--scheduler`` is given: the cores,
#: at most this many (each worker holds a copy of the tasks' images).
MAX_WORKERS = 4
#: The option of ``--data`` that does what each keyword of :func:`~.folder.load_folder` does, so
#: that a message deep in segutils (``pass stretch=True``) advises the option instead.
DATA_OPTIONS = {
    "stretch": "--stretch",
    "drop_alpha": "--drop-alpha",
    "classes": "--classes",
    "void": "--void",
}
#: Options of the interactive benchmark only (``--interactive``), by attribute.
INTERACTIVE_ONLY = ("clicks", "objects", "stop_at")


def _at_least(low: int) -> type:
    """An argparse type: a whole number not below ``low``, refused with a message otherwise."""

    def whole(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
        if value < low:
            raise argparse.ArgumentTypeError(f"{value} is below {low}; give {low} or more")
        return value

    return whole


def add_arguments(bench: argparse.ArgumentParser) -> None:
    """Add the ``bench`` options to its parser.

    Parameters
    ----------
    bench : argparse.ArgumentParser
        The ``bench`` sub-command's parser.

    Examples
    --------
    >>> parser = argparse.ArgumentParser(prog="segutils bench")
    >>> add_arguments(parser)
    >>> parser.parse_args(["--methods", "threshold.global_threshold"]).budget
    16

    References
    ----------
    Python documentation, ``argparse``, https://docs.python.org/3/library/argparse.html
    """
    bench.description = (
        "Tune each method on tuning images, score it on separate test images, and write "
        "results.csv, images.csv, results.md and results.png. Methods run side by side as Dask "
        "tasks, on this machine (--workers) or a cluster (--scheduler); an interrupted run "
        "resumes."
    )
    bench.add_argument(
        "--methods",
        nargs="+",
        metavar="NAME",
        help="method names (threshold.local), families (watershed), 'unet' or "
        f"'{CLASSIFIER}' (trained on the tuning images); default: every method that needs no "
        "hints, and the pixel classifier",
    )
    bench.add_argument(
        "--datasets",
        nargs="+",
        metavar="TASK",
        help=f"built-in tasks or their prefixes ({', '.join(BUILTIN_TASKS)}); default: all "
        f"but {', '.join(OPTIONAL_TASKS)} (optional data: name it)",
    )
    bench.add_argument(
        "--data",
        type=Path,
        metavar="DIR",
        help="your own folder: DIR/images/NAME.png|jpg|tif|bmp|gif|webp and DIR/masks/NAME.png "
        "(0 = background; 0/1 or 0/255 masks: semantic; integer labels: instances; class "
        "indices: name the classes in DIR/classes.json or with --classes). Read only.",
    )
    bench.add_argument(
        "--classes",
        nargs="*",
        metavar="NAME",
        help="with --data: the masks hold a class index per pixel, these classes in the order "
        "of their values 0, 1, ... (alone: the names in DIR/classes.json, "
        '{"classes": [...], "void": 255}); a multiclass task, scored by mean IoU, for the '
        "learned methods only",
    )
    bench.add_argument(
        "--void",
        type=_at_least(0),
        metavar="N",
        help="with --classes: the mask value of unlabelled pixels, not scored (e.g. 255)",
    )
    bench.add_argument("--out", type=Path, default=Path("bench-results"), help="result folder")
    bench.add_argument(
        "--stretch",
        action="store_true",
        help="with --data: stretch each image's own range to 0..1 (12-bit or float images)",
    )
    bench.add_argument(
        "--drop-alpha",
        action="store_true",
        help="with --data: ignore the alpha channel of images with transparent pixels "
        "(default: report them)",
    )
    bench.add_argument("--budget", type=_at_least(1), default=16, help="settings per method")
    bench.add_argument("--seed", type=_at_least(0), default=0, help="seed of the random search")
    bench.add_argument("--tune-images", type=_at_least(1), default=6, help="tuning images at most")
    bench.add_argument(
        "--unet-epochs",
        type=_at_least(0),
        default=0,
        help="train the U-Net (and on instance tasks the three-class instance U-Net) this "
        "many epochs per task, in this process after the other "
        f"methods (0: no U-Net rows unless --methods unet, which trains {DEFAULT_UNET_EPOCHS})",
    )
    bench.add_argument(
        "--workers",
        type=_at_least(1),
        metavar="N",
        help="evaluate methods side by side on a Dask LocalCluster of N worker processes "
        f"(1: one after another in this process; default: the cores, at most {MAX_WORKERS})",
    )
    bench.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="evaluate methods on the Dask cluster whose scheduler is at ADDRESS "
        "(tcp://host:8786) instead of a LocalCluster (not with --workers); its workers need "
        "segutils, not the data",
    )
    bench.add_argument(
        "--unet-datasets",
        nargs="+",
        metavar="TASK",
        help="train the U-Net on these tasks (names or prefixes) only; default: every task",
    )
    bench.add_argument("--no-progress", action="store_true", help="no progress bar")
    clicks = bench.add_argument_group(
        "interactive benchmark",
        "--interactive judges the methods a person prompts (seeds, a box, scribbles) by the "
        "clicks a simulated user needs to reach IoU 0.85 and 0.90 (NoC@85, NoC@90), on "
        "single-object tasks (synthetic-blobs, dsb2018-nuclei, isbi2012-cells, "
        "bsds500-regions) or on --data with one object per mask; writes clicks.csv, noc.csv, "
        "results.md and results.png; an interrupted run resumes",
    )
    clicks.add_argument(
        "--interactive",
        action="store_true",
        help="run the interactive benchmark instead of the leaderboard",
    )
    clicks.add_argument(
        "--clicks", type=_at_least(1), metavar="N", help="clicks per object at most (default 20)"
    )
    clicks.add_argument(
        "--objects",
        type=_at_least(1),
        metavar="N",
        help="objects per built-in task (default 24)",
    )
    clicks.add_argument(
        "--stop-at",
        type=float,
        metavar="IOU",
        help="IoU at which the simulated user stops clicking (default 0.90, at most 1)",
    )


def _tasks(args: argparse.Namespace) -> list:
    if args.data is None and (args.classes is not None or args.void is not None):
        raise UsageError(
            "--classes and --void describe the masks of a --data folder; add --data DIR "
            "(built-in tasks name their own classes)"
        )
    if args.data is not None:
        if args.datasets:
            raise UsageError("give either --data or --datasets, not both")
        from .folder import load_folder

        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            task = load_folder(
                args.data,
                stretch=args.stretch,
                drop_alpha=args.drop_alpha,
                classes=args.classes,
                void=args.void,
                option_names=DATA_OPTIONS,
            )
        for warning in caught:  # what the folder holds that the run uses but the user should fix
            print(f"warning: {warning.message}", file=sys.stderr)
        return [task]
    chosen = []
    for name in args.datasets or [t for t in BUILTIN_TASKS if t not in OPTIONAL_TASKS]:
        matches = [task for task in BUILTIN_TASKS if name and task.startswith(name)]
        if not matches:
            raise UsageError(f"no built-in task {name!r}; choose from {', '.join(BUILTIN_TASKS)}")
        chosen += [m for m in matches if m not in chosen]
    return [builtin_task(name) for name in chosen]


def _skipped(tasks: list, contenders: list) -> dict[str, list[str]]:
    """Task -> a line naming the chosen methods not run on it, and why (multiclass tasks)."""
    notes = {}
    for task in tasks:
        if task.kind in NEEDS_LEARNING and contenders:
            names = [c.name for c in contenders]
            shown = ", ".join(names[:6]) + (f" and {len(names) - 6} more" if len(names) > 6 else "")
            notes[task.name] = [
                f"{len(names)} method(s) not run on this {task.kind} task ({shown}): "
                f"{NEEDS_LEARNING[task.kind]}."
            ]
    return notes


def _check_out(out: Path, data: Path | None) -> None:
    if data is not None and out.resolve().is_relative_to(data.resolve()):
        raise UsageError(
            f"--out {out} lies inside --data {data}, which is never written to; "
            "choose a result folder elsewhere"
        )
    if out.exists() and not out.is_dir():
        raise UsageError(f"--out {out} is a file; give a folder")
    if out.is_dir() and any(out.iterdir()) and not (out / "cells").is_dir():
        raise UsageError(
            f"--out {out} holds files that are not benchmark results; choose an empty "
            "or new folder, or one an earlier `bench` run wrote"
        )
    try:  # find out now, not after the first hour of work, that results cannot be saved
        out.mkdir(parents=True, exist_ok=True)
        probe = out / ".write-test"
        probe.write_text("")
        probe.unlink()
    except OSError as error:
        raise UsageError(
            f"--out {out} cannot be written to ({error.strerror}); choose another folder"
        ) from None


def _where(args: argparse.Namespace) -> dict:
    """The ``run_benchmark`` keywords that say where the cells run: a scheduler, or N workers."""
    if args.scheduler is not None:
        if args.workers is not None:
            raise UsageError(
                "give either --scheduler (its cluster has its workers) or --workers, not both"
            )
        from ..scale import check_scheduler_address

        try:
            check_scheduler_address(args.scheduler)
        except ValueError as error:
            raise UsageError(f"--scheduler: {error}") from None
        return {"scheduler": args.scheduler}
    return {"workers": args.workers or min(MAX_WORKERS, os.cpu_count() or 1)}


def run(args: argparse.Namespace) -> int:
    """Run the leaderboard the options describe; print the top three per task.

    Parameters
    ----------
    args : argparse.Namespace
        The parsed options; ``args.argv`` (the words after ``segutils``) is recorded with the
        results.

    Returns
    -------
    int
        0 on success, 1 when the methods or tasks cannot be loaded or no Dask scheduler
        answers at ``--scheduler``, 130 when interrupted.

    Examples
    --------
    >>> from segutils.cli import main
    >>> main(["bench", "--datasets", "synthetic-easy", "--methods", "threshold.global_threshold",
    ...       "--out", "results", "--no-progress"])  # doctest: +SKIP
    synthetic-easy (dsb): threshold.global_threshold 0.9...
    0

    References
    ----------
    Bergstra and Bengio, "Random Search for Hyper-Parameter Optimization", JMLR 13, 2012.
    """
    if args.interactive:
        from .clicks_cli import run_interactive_command

        return run_interactive_command(args)
    given = [
        f"--{name.replace('_', '-')}"
        for name in INTERACTIVE_ONLY
        if getattr(args, name) is not None
    ]
    if given:
        raise UsageError(f"{', '.join(given)} go with --interactive; add it, or leave them out")
    where = _where(args)  # checks only: before _check_out makes the folder
    _check_out(args.out, args.data)
    names = [n for n in args.methods or [] if n not in ("unet", CLASSIFIER)]
    wants_unet = args.unet_epochs > 0 or "unet" in (args.methods or [])
    wants_classifier = not args.methods or CLASSIFIER in args.methods
    try:
        contenders = builtin_contenders(names or None) if names or not args.methods else []
        tasks = _tasks(args)
    except (KeyError, ValueError, OSError) as error:
        print(f"error: {error.args[0] if isinstance(error, KeyError) else error}", file=sys.stderr)
        return 1
    notes = _skipped(tasks, contenders)
    if not (wants_unet or wants_classifier):
        unanswered = [task.name for task in tasks if task.kind in NEEDS_LEARNING]
        if unanswered:
            raise UsageError(
                f"{', '.join(unanswered)} wants named classes, which only learned methods "
                f"give; add {CLASSIFIER} or unet to --methods"
            )
    for task, lines in notes.items():
        for line in lines:
            print(f"note: {task}: {line}")
    extra = None
    if wants_unet or wants_classifier:
        from .learned import classifier_cells
        from .network import unet_cells

        epochs = args.unet_epochs or DEFAULT_UNET_EPOCHS
        train = functools.partial(unet_cells, out=args.out, epochs=epochs, seed=args.seed)

        def extra(task):
            cells = classifier_cells(task, args.out, seed=args.seed) if wants_classifier else []
            wanted = args.unet_datasets is None or any(
                task.name.startswith(name) for name in args.unet_datasets
            )
            return cells + (train(task) if wants_unet and wanted else [])

    start = time.perf_counter()
    try:
        cells = run_benchmark(
            tasks,
            contenders,
            args.out,
            budget=args.budget,
            seed=args.seed,
            tune_images=args.tune_images,
            extra_cells=extra,
            progress=not args.no_progress,
            **where,
        )
    except OSError as error:  # no scheduler at the address, a result that cannot be saved
        print(f"error: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        saved = len(list((args.out / "cells").rglob("*.json")))
        print(
            f"\ninterrupted: {saved} finished results are saved in {args.out}; run the same "
            "command again to go on from there.",
            file=sys.stderr,
        )
        return 130
    command = "segutils " + shlex.join(args.argv)
    paths = write_results(
        cells,
        args.out,
        published={t.name: t.published for t in tasks},
        command=command,
        notes=notes,
    )
    table = results_table(cells)
    for task in tasks:
        ranked = leaderboard(table, task.name).head(3)
        best = ", ".join(f"{row.method} {row.score:.3f}" for row in ranked.itertuples())
        print(f"{task.name} ({task.primary}): {best}")
    for row in table[table["failures"] > 0].itertuples():
        print(
            f"note: {row.method} failed on {row.failures} of {row.n_test} test images of "
            f"{row.task} (scored 0 there; see images.csv)"
        )
    seconds = time.perf_counter() - start
    print(
        f"{len(cells)} cells in {seconds:.0f} s; tables in {paths['markdown']}, drawn in "
        f"{paths['figure']}"
    )
    return 0
