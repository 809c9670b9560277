"""One method, one setting, every image of a folder: on Dask workers, resumable, never fatal.

Each input is one Dask task, :func:`segment_file`, a plain top-level function (so it pickles to
any worker): it reads the image, runs the method, and writes the output and its measurements
(:mod:`.outputs`). :func:`submit_files` checks the run, hands the tasks to a
``distributed.Client`` and returns their futures, for a caller composing their own work;
:func:`segment_files` does the whole run (a ``LocalCluster`` when no client is given), with a
progress bar, and returns a :class:`~.outcome.BatchResult`. A file that cannot be read or
segmented is reported with its reason, never fatal; a finished input is skipped, so running
again after an interruption resumes.
"""

from __future__ import annotations

import glob
import os
import sys
import time
import warnings
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..files import read_image
from ..images.fixes import KeywordFix
from .measure import measure_objects
from .outcome import BatchResult, FileOutcome
from .outputs import OUTPUT_FOLDERS, Outputs, check_folder, claim_folder, collect_objects
from .settings import batch_method, full_setting

if TYPE_CHECKING:
    import dask.bag
    import distributed

__all__ = ["check_run", "list_inputs", "segment_file", "segment_files", "submit_files"]

#: Files the operating system writes into folders on its own; skipped like hidden files.
SYSTEM_FILES = frozenset({"thumbs.db", "desktop.ini"})


def list_inputs(source: str | os.PathLike) -> list[Path]:
    """The files a batch segments: a folder's files (not its subfolders'), or a glob's matches.

    A folder gives every file directly in it, sorted, except hidden files (``.DS_Store``) and
    the ones the operating system writes (``Thumbs.db``): any other file is an input, and one
    that is not an image is reported as failed by the batch rather than silently left out. A
    folder's subfolders are not searched, so that a run never takes up files it was not shown
    (earlier outputs, a ``masks/`` folder); a glob with ``**`` (``"plate/**/*.tif"``) searches
    them when that is meant.

    Parameters
    ----------
    source : str or path-like
        A folder, or a glob pattern (``"plate/*.tif"``, ``"slides/**/*.png"``).

    Returns
    -------
    list of Path
        The inputs, sorted by path.

    Raises
    ------
    FileNotFoundError
        If the folder does not exist, or the pattern matches no file.

    Examples
    --------
    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> for name in ("b.png", "a.tif", ".DS_Store"):
    ...     _ = (folder / name).write_bytes(b"")
    >>> [path.name for path in list_inputs(folder)]
    ['a.tif', 'b.png']
    >>> [path.name for path in list_inputs(folder / "*.png")]
    ['b.png']

    References
    ----------
    Python documentation, ``glob.glob`` (``recursive=True`` for ``**``),
    https://docs.python.org/3/library/glob.html
    """
    path = Path(source)
    if path.is_dir():
        return sorted(
            entry
            for entry in path.iterdir()
            if entry.is_file()
            and not entry.name.startswith(".")
            and entry.name.lower() not in SYSTEM_FILES
        )
    if any(wildcard in str(source) for wildcard in "*?["):
        found = sorted(
            Path(match) for match in glob.glob(str(source), recursive=True) if Path(match).is_file()
        )
        if found:
            return found
        raise FileNotFoundError(f"No file matches {str(source)!r}.")
    raise FileNotFoundError(
        f"No folder at {str(source)!r} (resolved to {path.resolve()}). Give a folder of images "
        "or a glob such as 'images/*.tif' (quoted, so that the shell passes it on)."
    )


def segment_file(
    path: str | os.PathLike,
    method: str,
    params: Mapping[str, Any] | None = None,
    *,
    out: str | os.PathLike,
    overwrite: bool = False,
    stretch: bool = False,
    drop_alpha: bool = False,
    option_names: Mapping[str, str] | None = None,
) -> FileOutcome:
    """Segment one image file and write its output and measurements into ``out``; never raise.

    The task a batch runs on each worker, and the same in this process: a plain top-level
    function of plain arguments, so that it pickles. It skips an input already finished (unless
    ``overwrite``); otherwise it first removes what an earlier run left of this input's outputs,
    so that an input that fails now never keeps an older output that would pass for finished.
    Any failure (an unreadable file, a method that refuses the image) is reported in the
    outcome, and warnings in its notes. It does not check what else ``out`` holds:
    :func:`check_run` does, once for the run.

    Parameters
    ----------
    path : str or path-like
        The image file, read by :func:`segutils.files.read_image`.
    method : str
        The method's registered name.
    params : mapping, optional
        Its parameters (the rest keep their defaults).
    out : str or path-like
        The output folder (layout in :mod:`segutils.segment.outputs`).
    overwrite : bool, optional
        Segment and write again even if the outputs are finished.
    stretch : bool, optional
        Read the image with its own range stretched to 0..1 (12-bit microscopy in 16-bit files;
        :func:`segutils.files.read_image`). Use what the leaderboard used for a tuned setting.
    drop_alpha : bool, optional
        Accept an image with transparent pixels by ignoring its alpha channel.
    option_names : mapping of str to str, optional
        How the caller names ``stretch`` and ``drop_alpha`` (``{"stretch": "--stretch"}`` for a
        command line), so that a message that one of them fixes advises it in those words.

    Returns
    -------
    FileOutcome
        ``"written"``, ``"finished"`` (skipped) or ``"failed"`` with the reason.

    Examples
    --------
    >>> import tempfile
    >>> from skimage import data
    >>> from PIL import Image
    >>> folder = Path(tempfile.mkdtemp())
    >>> coins = folder / "coins.png"
    >>> Image.fromarray(data.coins()).save(coins)
    >>> segment_file(coins, "threshold.global_threshold", out=folder / "out").status
    'written'
    >>> segment_file(coins, "threshold.global_threshold", out=folder / "out").status
    'finished'
    >>> missing = segment_file(folder / "missing.png", "threshold.manual", out=folder / "out")
    >>> missing.reason  # doctest: +ELLIPSIS
    "FileNotFoundError: No image file at 'missing.png' ..."

    References
    ----------
    Dask.distributed documentation, "Futures" (what ``client.submit`` sends to a worker),
    https://distributed.dask.org/en/stable/client.html
    """
    start = time.perf_counter()
    path = Path(path)
    outputs = Outputs(Path(out), path.stem)
    if outputs.finished() and not overwrite:
        return FileOutcome(
            str(path),
            "finished",
            output=str(outputs.labels if outputs.labels.is_file() else outputs.mask),
            objects=_rows(outputs.objects),
        )
    outputs.remove()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            image = read_image(path, stretch=stretch, drop_alpha=drop_alpha)
            result = batch_method(method).function(image, **dict(params or {}))
            objects = measure_objects(result, image)
            written = outputs.write(result, objects)
        except Exception as error:  # noqa: BLE001 - any failure is this file's, reported by name
            return FileOutcome(
                str(path),
                "failed",
                reason=f"{type(error).__name__}: {_in_words(error, path, option_names)}",
                seconds=time.perf_counter() - start,
            )
    return FileOutcome(
        str(path),
        "written",
        output=str(written),
        objects=len(objects),
        seconds=time.perf_counter() - start,
        notes=tuple(dict.fromkeys(_in_words(w.message, path, option_names) for w in caught)),
    )


def _in_words(
    problem: Exception | Warning, path: Path, option_names: Mapping[str, str] | None
) -> str:
    """A message on one line, the file by its name, a keyword's fix named as the caller names it.

    The summary lists it under the file's name, so the full path would only repeat it.
    """
    if isinstance(problem, KeywordFix):
        text = problem.phrased(option_names, named=False)
    else:
        text = str(problem)
    return " ".join(text.replace(str(path), path.name).split())


def _as_paths(paths: Iterable[str | os.PathLike] | str | os.PathLike) -> list[Path]:
    """The input files: a list as it is, or a folder or glob (one string or path) listed.

    One string would otherwise be read as a list of its characters, each a "file".
    """
    one = isinstance(paths, (str, os.PathLike))
    listed = list_inputs(paths) if one else [Path(path) for path in paths]
    if not listed:
        given = f"{os.fspath(paths)!r} holds no files" if one else "the list of paths is empty"
        raise ValueError(f"No input files: {given}. Give image files, a folder or a glob.")
    return listed


def _rows(table: Path) -> int:
    """Data rows of a CSV file the batch wrote (one line per object after the header)."""
    with table.open(encoding="utf-8") as file:
        return max(sum(1 for _ in file) - 1, 0)


def check_run(
    paths: Sequence[str | os.PathLike] | str | os.PathLike,
    method: str,
    params: Mapping[str, Any] | None = None,
    *,
    out: str | os.PathLike,
    overwrite: bool = False,
    stretch: bool = False,
    drop_alpha: bool = False,
) -> dict[str, Any]:
    """Check a batch before it starts, reading no image, and return the method's full setting.

    The method must exist and run without seed points, and take every parameter given with its
    value; no output folder (``out`` and its ``labels/``, ``masks/``, ``objects/``) may be, or
    be inside, a folder holding an input; every input is listed once and no two share an output
    name (their file name without the extension); and ``out`` must hold nothing of another run
    (:func:`segutils.segment.outputs.check_folder`). :func:`submit_files` checks this before
    any task; call it yourself to refuse a run before starting a cluster.

    Parameters
    ----------
    paths : sequence of str or path-like, or str or path-like
        The image files, or a folder or glob (:func:`list_inputs`).
    method : str
        A registered method's name.
    params : mapping, optional
        Its parameters; the others keep their defaults.
    out : str or path-like
        The output folder.
    overwrite : bool, optional
        Whether the run will redo every output in ``out`` (then what it holds is no obstacle).
    stretch, drop_alpha : bool, optional
        How the images will be read (:func:`segment_file`); recorded with the setting.

    Returns
    -------
    dict
        The full setting (:func:`segutils.segment.settings.full_setting`).

    Raises
    ------
    ValueError
        Saying what is wrong and how to fix it (no inputs among them).
    TypeError
        For a value of the wrong kind (a string for a number).
    FileNotFoundError
        If ``paths`` is a folder that does not exist or a glob that matches nothing.

    Examples
    --------
    >>> check_run(["plate/a1.tif"], "threshold.manual", {"level": 0.3}, out="segmented")
    {'level': 0.3, 'invert': False}
    >>> check_run(["plate/a1.tif"], "threshold.manual", out="plate/out")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: --out .../plate/out is inside the input folder .../plate, or writes into it: ...

    References
    ----------
    :func:`segutils.params.coerce_value`, the check of every parameter value.
    """
    paths = _as_paths(paths)
    setting = full_setting(batch_method(method), params)
    out = Path(out).resolve()
    written = [out, *(out / folder for folder in OUTPUT_FOLDERS)]
    for folder in sorted({path.resolve().parent for path in paths}):
        for target in written:
            if target == folder or folder in target.parents:
                raise ValueError(
                    f"--out {out} is inside the input folder {folder}, or writes into it: "
                    "outputs are never written among the inputs (a later run would take them for "
                    "images). Choose a folder outside it, e.g. its sibling."
                )
    twice = [
        str(path) for path, count in Counter(path.resolve() for path in paths).items() if count > 1
    ]
    if twice:
        raise ValueError(f"{twice[0]} is listed more than once; list each input once.")
    by_name: dict[str, Path] = {}
    for path in paths:
        earlier = by_name.setdefault(path.stem, path)
        if earlier != path:
            raise ValueError(
                f"{earlier} and {path} would both write outputs named {path.stem!r} (an "
                "output keeps its input's name without the extension). Rename one, or "
                "segment them in separate runs with separate --out folders."
            )
    reading = {"stretch": stretch, "drop_alpha": drop_alpha}
    check_folder(out, method, setting, reading=reading, overwrite=overwrite)
    return setting


def submit_files(
    client: distributed.Client,
    paths: Iterable[str | os.PathLike] | str | os.PathLike,
    method: str,
    params: Mapping[str, Any] | None = None,
    *,
    out: str | os.PathLike,
    overwrite: bool = False,
    stretch: bool = False,
    drop_alpha: bool = False,
    option_names: Mapping[str, str] | None = None,
) -> list[distributed.Future]:
    """Check the run, then submit one :func:`segment_file` task per input; return the futures.

    For composing a batch with other Dask work: each future's result is the input's
    :class:`~.outcome.FileOutcome`. The checks of :func:`check_run` come first, before any
    task, then ``out`` records the method and setting (``settings.json``).
    :func:`segment_files` calls it and waits. (In a ``dask.delayed`` graph, check with
    :func:`check_run`, then call ``dask.delayed(segment_file)(path, method, params, out=out)``
    per input.)

    Parameters
    ----------
    client : distributed.Client
        Where to run (:func:`segutils.scale.dask_client`).
    paths : iterable of str or path-like, or str or path-like
        The image files, or a folder or glob, listed by :func:`list_inputs`.
    method : str
        A registered method's name; one that needs seed points is refused.
    params : mapping, optional
        Its parameters; the others keep their defaults.
    out : str or path-like
        The output folder; it must not be (or be inside) a folder holding an input.
    overwrite : bool, optional
        Redo every output in ``out``, whatever it holds; without it, finished inputs are
        skipped and a folder of another method or setting is refused.
    stretch, drop_alpha : bool, optional
        How each image is read (:func:`segment_file`).
    option_names : mapping of str to str, optional
        How the caller names ``stretch`` and ``drop_alpha`` in messages (:func:`segment_file`).

    Returns
    -------
    list of distributed.Future
        One per input, in order; ``future.result()`` is a :class:`~.outcome.FileOutcome`.

    Raises
    ------
    ValueError
        As :func:`check_run`: an unknown method or one that needs seeds, a parameter it lacks or
        a value it refuses, ``out`` among the inputs' folders, an input listed twice or two
        sharing a name, or ``out`` holding another run.
    TypeError
        For a value of the wrong kind (a string for a number).

    Examples
    --------
    >>> import tempfile
    >>> from skimage import data
    >>> from PIL import Image
    >>> from segutils.scale import dask_client
    >>> folder = Path(tempfile.mkdtemp())
    >>> (folder / "in").mkdir()
    >>> coins = folder / "in" / "coins.png"
    >>> Image.fromarray(data.coins()).save(coins)
    >>> with dask_client(workers=1, memory_limit=None, report=lambda line: None) as client:
    ...     futures = submit_files(client, [coins], "threshold.manual", out=folder / "out")
    ...     [future.result().status for future in futures]
    ['written']

    References
    ----------
    Dask.distributed documentation, "Futures" (``Client.map``),
    https://distributed.dask.org/en/stable/client.html
    """
    paths = _as_paths(paths)
    reading = {"stretch": stretch, "drop_alpha": drop_alpha}
    setting = check_run(paths, method, params, out=out, overwrite=overwrite, **reading)
    claim_folder(out, method, setting, reading=reading, overwrite=overwrite)
    return client.map(
        segment_file,
        [str(path) for path in paths],
        method=method,
        params=setting,
        out=str(out),
        overwrite=overwrite,
        option_names=dict(option_names or {}),
        pure=False,  # a rerun with overwrite must run again, not return the earlier result
        **reading,
    )


def segment_files(
    paths: Iterable[str | os.PathLike] | str | os.PathLike | dask.bag.Bag,
    method: str,
    params: Mapping[str, Any] | None = None,
    *,
    out: str | os.PathLike,
    client: distributed.Client | None = None,
    overwrite: bool = False,
    stretch: bool = False,
    drop_alpha: bool = False,
    option_names: Mapping[str, str] | None = None,
    progress: bool = True,
) -> BatchResult:
    """Segment every image file with one method and setting on Dask, and write the outputs.

    One output per input in ``out`` (layout in :mod:`segutils.segment.outputs`: label images
    or masks, each image's measurements, and ``objects.csv`` for the whole run). Finished inputs
    are skipped, so calling it again after an interruption resumes; a file that cannot be read
    or segmented is reported in the result, never fatal.

    Parameters
    ----------
    paths : iterable of str or path-like, str or path-like, or dask.bag.Bag
        The image files, or a folder or glob (listed by :func:`list_inputs`); a bag of paths is
        computed first (paths are small; the images are read on the workers).
    method : str
        A registered method's name (``"watershed.distance_watershed"``); one that needs seed
        points is refused.
    params : mapping, optional
        Its parameters, e.g. a leaderboard's tuned setting
        (:func:`segutils.segment.settings.tuned_params`); the others keep their defaults.
    out : str or path-like
        The output folder; it must not be (or be inside) a folder holding an input.
    client : distributed.Client, optional
        Where to run (:func:`segutils.scale.dask_client`). None starts a ``LocalCluster`` on
        this machine for the call (Dask's number of workers, no memory limit) and closes it.
    overwrite : bool, optional
        Redo every output in ``out``; without it, finished inputs are skipped and a folder of
        another method or setting is refused.
    stretch, drop_alpha : bool, optional
        How each image is read (:func:`segment_file`); take what the leaderboard run used.
    option_names : mapping of str to str, optional
        How the caller names ``stretch`` and ``drop_alpha`` in messages (:func:`segment_file`).
    progress : bool, optional
        Show a progress bar (tqdm, on stderr) as inputs finish.

    Returns
    -------
    BatchResult
        Every input's outcome; ``summary()`` reads them out, ``ok`` says whether all are done.

    Raises
    ------
    ValueError
        For the refusals of :func:`check_run` (method, setting, output folder), before any
        image is read.
    TypeError
        For a value of the wrong kind (a string for a number).

    Examples
    --------
    >>> import tempfile
    >>> from skimage import data
    >>> from PIL import Image
    >>> from segutils.scale import dask_client
    >>> folder = Path(tempfile.mkdtemp())
    >>> (folder / "in").mkdir()
    >>> Image.fromarray(data.coins()).save(folder / "in" / "coins.png")
    >>> _ = (folder / "in" / "notes.txt").write_text("not an image")
    >>> with dask_client(workers=1, memory_limit=None, report=lambda line: None) as client:
    ...     result = segment_files(
    ...         list_inputs(folder / "in"), "threshold.global_threshold", out=folder / "out",
    ...         client=client, progress=False,
    ...     )
    >>> [outcome.status for outcome in result.outcomes]
    ['written', 'failed']
    >>> result.failed[0].reason  # doctest: +ELLIPSIS
    'ValueError: Could not decode notes.txt as an image...'

    References
    ----------
    Dask.distributed documentation, "Futures" and ``as_completed``,
    https://distributed.dask.org/en/stable/client.html
    """
    import dask.bag

    if isinstance(paths, dask.bag.Bag):
        paths = paths.compute() if client is None else client.compute(paths).result()
    paths = _as_paths(paths)
    reading = {"stretch": stretch, "drop_alpha": drop_alpha}
    # Refused before a cluster starts; submit_files checks again, at no cost, for its callers.
    setting = check_run(paths, method, params, out=out, overwrite=overwrite, **reading)
    run = {"out": out, "overwrite": overwrite, "option_names": option_names, **reading}
    if client is not None:
        return _wait(client, paths, method, setting, run, progress)
    from ..scale import dask_client

    with dask_client(memory_limit=None, report=lambda line: None) as local:
        return _wait(local, paths, method, setting, run, progress)


def _wait(
    client: distributed.Client,
    paths: list[Path],
    method: str,
    setting: dict[str, Any],
    run: dict[str, Any],
    progress: bool,
) -> BatchResult:
    """Submit the run, gather its outcomes as they come, and write the run's table."""
    import distributed
    from tqdm.auto import tqdm

    start = time.perf_counter()
    futures = submit_files(client, paths, method, setting, **run)
    order = {future.key: index for index, future in enumerate(futures)}
    outcomes: list[FileOutcome | None] = [None] * len(futures)
    bar = tqdm(
        total=len(futures), unit="image", desc="segmenting", file=sys.stderr, disable=not progress
    )
    try:
        for future in distributed.as_completed(futures):
            index = order[future.key]
            try:
                outcomes[index] = future.result()
            # A worker lost too often (KilledWorker), or a task that could not run: that file only.
            except Exception as error:  # noqa: BLE001
                outcomes[index] = FileOutcome(
                    str(paths[index]), "failed", reason=f"{type(error).__name__}: {error}"
                )
            bar.update()
    except BaseException:  # stopped: no task keeps running for a run that is over
        client.cancel(futures)
        raise
    finally:
        bar.close()
    done = [Path(outcome.source) for outcome in outcomes if outcome.status != "failed"]
    collect_objects(run["out"], [(path.name, path.stem) for path in done])
    return BatchResult(
        Path(run["out"]), method, setting, tuple(outcomes), seconds=time.perf_counter() - start
    )
