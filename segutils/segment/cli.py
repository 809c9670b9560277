"""``segutils segment``: one method, with one setting, on a folder of images or one large image.

::

    segutils segment SRC --method NAME [--param KEY=VALUE ...]
                     [--params-from RESULTS.csv [--task TASK]] --out DIR
                     [--scheduler ADDRESS | --workers N] [--overwrite]
                     [--stretch] [--drop-alpha] [--chunk PIXELS]

SRC is a folder (its files, not its subfolders'), a quoted glob (``'plate/**/*.tif'``), or one
large image: a TIFF or a zarr store (``*.zarr``), read lazily, or another image file, read
whole; it is segmented in tiles of ``--chunk`` pixels (:mod:`segutils.segment.tiles`) into
``DIR/<stem>.zarr``, an OME-Zarr image, with the method's objects stitched across tiles. A
method that cannot be tiled is refused with the reason (``segutils.segment.halo.TILING`` says
which can). The workers read the file themselves, so on a cluster it must lie on a filesystem
they share, at the same path. The setting is the method's defaults, replaced by the tuned
setting of a leaderboard run (``--params-from``, the ``results.csv`` that ``segutils bench``
writes), replaced by each ``--param``; ``--stretch`` and ``--drop-alpha`` read a folder's
images as ``segutils bench`` does with the same options. The work runs on a Dask
``LocalCluster`` of ``--workers`` processes, or on the running cluster whose scheduler is at
``--scheduler``; the dashboard's address is printed first, a progress bar follows a folder's
images (or one image's tiles), and a summary ends the run.

Outputs of a folder, in DIR (:mod:`segutils.segment.outputs`): ``labels/NAME.tif`` (or
``masks/NAME.png`` for a method that returns a mask), ``objects/NAME.csv`` (each object's
measurements) and ``objects.csv`` (every object, with an ``image`` column). Running the same
command again resumes: finished images are skipped.

Exit status: 0 when every image is segmented (now or by an earlier run); 1 when some file could
not be read or segmented (each is named in the summary with its reason; the others are
written), or the one large image cannot be read as one image; 2 for options that cannot go
together, or a run refused before it starts (unknown method or parameter, DIR inside SRC, DIR
holding another run's outputs, a method that cannot be tiled, ``DIR/<stem>.zarr`` already
there without ``--overwrite``); 130 when interrupted (run the same command again to resume).
"""

import argparse
import functools
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..cli import UsageError

if TYPE_CHECKING:
    import distributed

    from ..registry import Method
    from .outcome import BatchResult

__all__ = ["add_arguments", "run"]

#: Side of the tiles one large image is segmented in (pixels), unless --chunk says otherwise.
DEFAULT_CHUNK = 2048
#: The smallest --chunk: Dask's graph, and the stitching of labels across tiles, grow faster
#: than the tiles' number, so that 16-pixel tiles of a 128 x 128 image took 45 s against 1.5 s
#: for 64-pixel ones (dask-image's label on 64 tiles against 4).
MIN_CHUNK = 64
#: The option that does what each reading keyword of segutils.segment.folder does, so that a
#: message deep in segutils (``pass stretch=True``) advises the option instead.
READ_OPTIONS = {"stretch": "--stretch", "drop_alpha": "--drop-alpha"}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the options of ``segutils segment`` to ``parser``.

    Parameters
    ----------
    parser : argparse.ArgumentParser
        The command's parser.

    Examples
    --------
    >>> parser = argparse.ArgumentParser()
    >>> add_arguments(parser)
    >>> args = parser.parse_args(
    ...     ["plate", "--method", "threshold.manual", "--param", "level=0.3", "--out", "seg"]
    ... )
    >>> args.param, args.out
    (['level=0.3'], PosixPath('seg'))

    References
    ----------
    Python documentation, "argparse", https://docs.python.org/3/library/argparse.html
    """
    parser.epilog = (
        "A folder: writes DIR/labels/NAME.tif (or DIR/masks/NAME.png), DIR/objects/NAME.csv "
        "and DIR/objects.csv. One large image: writes DIR/<stem>.zarr (OME-Zarr), in tiles of "
        "--chunk pixels; the workers must see the file at the same path. Exit status: 0 when "
        "every image is segmented, 1 when some file could not be (each is named in the "
        "summary), 2 for a run refused before it starts, 130 when interrupted (run the same "
        "command again to resume)."
    )
    parser.add_argument(
        "source",
        metavar="SRC",
        help="a folder of images (not its subfolders), a quoted glob ('plate/**/*.tif'), or "
        "one large image (a TIFF or a .zarr store, read lazily; another file is read whole), "
        "segmented in tiles into DIR/<stem>.zarr",
    )
    parser.add_argument(
        "--method", required=True, metavar="NAME", help="a method's name, e.g. threshold.manual"
    )
    parser.add_argument(
        "--param",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="a parameter's value (repeat for several), e.g. --param level=0.4 --param "
        "invert=true; it overrides --params-from",
    )
    parser.add_argument(
        "--params-from",
        type=Path,
        metavar="RESULTS.csv",
        help="take the method's tuned setting from a leaderboard run (the results.csv "
        "`segutils bench` wrote)",
    )
    parser.add_argument(
        "--task",
        metavar="TASK",
        help="with --params-from: the task whose tuned setting to take, when it ranks the "
        "method on several",
    )
    parser.add_argument(
        "--out",
        required=True,
        type=Path,
        metavar="DIR",
        help="the output folder, outside SRC; running a folder again into it resumes",
    )
    parser.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="run on the Dask cluster whose scheduler is at ADDRESS (tcp://host:8786)",
    )
    parser.add_argument(
        "--workers",
        type=int,
        metavar="N",
        help="run on a Dask LocalCluster of N worker processes started here (default: Dask's "
        "choice for this machine)",
    )
    parser.add_argument(
        "--stretch",
        action="store_true",
        help="stretch each image's own range to 0..1 (12-bit or float images); use it if the "
        "leaderboard run whose setting you take used it",
    )
    parser.add_argument(
        "--drop-alpha",
        action="store_true",
        help="accept images with transparent pixels by ignoring their alpha channel",
    )
    parser.add_argument(
        "--overwrite",
        action="store_true",
        help="redo every output in DIR, even finished ones or another setting's",
    )
    parser.add_argument(
        "--chunk",
        type=int,
        default=DEFAULT_CHUNK,
        metavar="PIXELS",
        help="one large image only: the side of its tiles and of the stored chunks (default: "
        f"{DEFAULT_CHUNK})",
    )


def run(args: argparse.Namespace) -> int:
    """Segment SRC into DIR as the options say; print the summary; return the exit status.

    Parameters
    ----------
    args : argparse.Namespace
        The parsed options (:func:`add_arguments`).

    Returns
    -------
    int
        0 when every image is segmented, 1 when some file failed (named in the summary), 130
        when interrupted.

    Raises
    ------
    segutils.cli.UsageError
        For options that cannot go together and runs refused before they start (reported
        with the usage; exit status 2).

    Examples
    --------
    >>> from segutils.cli import main
    >>> main(["segment", "plate", "--method", "region.grow", "--out", "seg"])
    Traceback (most recent call last):
    ...
    SystemExit: 2

    References
    ----------
    Dask.distributed documentation, "LocalCluster" and "Client",
    https://distributed.dask.org/en/stable/api.html
    """
    from ..scale import check_scheduler_address, dask_client

    if args.scheduler is not None and args.workers is not None:
        raise UsageError(
            "pass --scheduler ADDRESS or --workers N, not both: a cluster has its own."
        )
    if args.workers is not None and args.workers < 1:
        raise UsageError(f"--workers must be at least 1, not {args.workers}.")
    if args.task is not None and args.params_from is None:
        raise UsageError("--task chooses a row of --params-from RESULTS.csv; pass both.")
    if args.chunk < 1:
        raise UsageError(f"--chunk must be at least 1 pixel, not {args.chunk}.")
    if args.scheduler is not None:
        try:
            check_scheduler_address(args.scheduler)
        except ValueError as error:
            raise UsageError(f"--scheduler: {error}") from None
    method, setting = _setting(args)
    source = Path(args.source)
    one_image = source.is_file() or (source.is_dir() and source.suffix == ".zarr")
    if one_image:
        if args.stretch or args.drop_alpha:
            raise UsageError("--stretch and --drop-alpha apply to a folder of images, not to SRC.")
        _check_apart(args.out, source)
        _check_store(args.out, source, args.overwrite)
        _check_tileable(method, setting)
        _check_chunk(args.chunk, method, setting)
        from .tiles import segment_tiled

        segment = functools.partial(segment_tiled, source, chunk=args.chunk, progress=True)
    else:
        segment = functools.partial(_segment_folder, _inputs(args, method, setting), args)
    try:
        with dask_client(args.scheduler, args.workers, report=print) as client:
            result = segment(
                method.name, setting, args.out, client=client, overwrite=args.overwrite
            )
    except KeyboardInterrupt:
        print(
            f"stopped: finished outputs are kept in {args.out}; run the same command again to "
            "segment the rest.",
            file=sys.stderr,
        )
        return 130
    except OSError as error:  # no scheduler at the address, or the store already written
        print(f"error: {error}", file=sys.stderr)
        return 2
    except ValueError as error:
        if not one_image:
            raise
        print(f"error: {error}", file=sys.stderr)  # a stack, or too large to read whole
        return 1
    print(result.summary())
    return 0 if getattr(result, "ok", True) else 1  # a tiled result has no files that failed


def _setting(args: argparse.Namespace) -> tuple["Method", dict[str, Any]]:
    """The method and its full setting: defaults, then --params-from, then each --param.

    Prints the setting and where its values come from.
    """
    from .settings import batch_method, full_setting, parse_params, tuned_params

    try:
        method = batch_method(args.method)
    except ValueError as error:
        raise UsageError(f"--method: {error}") from None
    tuned = {}
    if args.params_from is not None:
        try:
            tuned = tuned_params(args.params_from, method.name, args.task)
        except (FileNotFoundError, ValueError) as error:
            raise UsageError(f"--params-from: {error}") from None
    try:
        typed = parse_params(method, args.param)
    except ValueError as error:
        raise UsageError(f"--param {error}") from None
    try:
        setting = full_setting(method, {**tuned, **typed})
    except (TypeError, ValueError) as error:  # only a tuned value can be refused here
        raise UsageError(f"--params-from {args.params_from}: {error}") from None
    print(f"{method.name} with {_words(setting)}{_origin(args, tuned, typed)}")
    return method, setting


def _inputs(args: argparse.Namespace, method: "Method", setting: dict[str, Any]) -> list[Path]:
    """The files of SRC, once the run is known to be possible (before a cluster starts)."""
    from .folder import check_run, list_inputs

    try:
        paths = list_inputs(args.source)
    except FileNotFoundError as error:
        raise UsageError(str(error)) from None
    if not paths:
        source = Path(args.source)
        nested = source.is_dir() and any(entry.is_dir() for entry in source.iterdir())
        hint = (
            f" Its subfolders are not searched; give a quoted glob such as '{source}/**/*.png'."
            if nested
            else ""
        )
        raise UsageError(f"{args.source} holds no files to segment.{hint}")
    try:
        check_run(
            paths,
            method.name,
            setting,
            out=args.out,
            overwrite=args.overwrite,
            stretch=args.stretch,
            drop_alpha=args.drop_alpha,
        )
    except ValueError as error:
        raise UsageError(str(error)) from None
    return paths


def _segment_folder(
    paths: list[Path],
    args: argparse.Namespace,
    method: str,
    setting: dict[str, Any],
    out: Path,
    *,
    client: "distributed.Client",
    overwrite: bool,
) -> "BatchResult":
    """The folder's batch, called as the tiled path is (method, setting, out, client, ...)."""
    from .folder import segment_files

    return segment_files(
        paths,
        method,
        setting,
        out=out,
        client=client,
        overwrite=overwrite,
        stretch=args.stretch,
        drop_alpha=args.drop_alpha,
        option_names=READ_OPTIONS,
    )


def _check_tileable(method: "Method", setting: dict[str, Any]) -> None:
    """Refuse a method that cannot be tiled, with the reason, before a cluster starts."""
    from .halo import tile_rule

    try:
        tile_rule(method, setting)
    except ValueError as error:
        raise UsageError(f"--method: {error}") from None


def _check_chunk(chunk: int, method: "Method", setting: dict[str, Any]) -> None:
    """Refuse tiles so small that Dask's graph would cost more than the segmentation."""
    from .halo import method_halo

    halo = method_halo(method, setting)
    least = max(MIN_CHUNK, halo)
    if chunk < least:
        raise UsageError(
            f"--chunk {chunk} is too small: give at least {least} pixels (tiles of fewer than "
            f"{MIN_CHUNK}, or than the method's halo of {halo}, make Dask's graph and the "
            f"stitching across tiles cost more than the segmentation), or leave out --chunk "
            f"for {DEFAULT_CHUNK}."
        )


def _check_store(out: Path, source: Path, overwrite: bool) -> None:
    """Refuse to replace an earlier run's store without --overwrite, before a cluster starts."""
    from .tiles import store_path

    target = store_path(source, out)
    if target.exists() and not overwrite:
        raise UsageError(
            f"{target} exists (an earlier run's); pass --overwrite to replace it, or another --out."
        )


def _check_apart(out: Path, source: Path) -> None:
    """Refuse an output folder that is a file, the one large image's store, or inside it."""
    if out.exists() and not out.is_dir():
        raise UsageError(f"--out {out} is a file; give a folder (it is made if needed).")
    out, source = out.resolve(), source.resolve()
    if out == source or source in out.parents:
        raise UsageError(f"--out {out} is inside {source}; write the outputs outside it.")


def _words(setting: dict) -> str:
    """``level=0.3, invert=False``, or ``no parameters``."""
    return ", ".join(f"{key}={value!r}" for key, value in setting.items()) or "no parameters"


def _origin(args: argparse.Namespace, tuned: dict, typed: dict) -> str:
    """Where the setting's values come from, when not all are defaults."""
    parts = []
    if tuned:
        task = f" on {args.task}" if args.task else ""
        parts.append(f"tuned{task} in {args.params_from}")
    if typed:
        parts.append(f"--param {', '.join(typed)}")
    parts += [option for key, option in READ_OPTIONS.items() if getattr(args, key)]
    return f" ({'; '.join(parts)})" if parts else " (its defaults)"
