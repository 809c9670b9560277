"""Where the real datasets come from: a local folder, or a download checked against pinned hashes.

Files come from ``root=``, else the folder in ``$SEGUTILS_DATA``, else a hash-checked download
into the cache (:func:`segutils.config.cache_dir`) from URLs pinned to one commit of each source
repository. The hashes are in ``segutils/datasets/hashes/NAME.txt``.
"""

from __future__ import annotations

import functools
import hashlib
import os
from collections.abc import Sequence
from importlib import resources
from pathlib import Path

import pooch
import requests
from tqdm.auto import tqdm

from .. import config
from .sources import DATASETS, Source

__all__ = [
    "DATASETS",
    "Source",
    "dataset_files",
    "fetch_url",
    "file_hashes",
    "resolve",
    "verify_dataset",
    "verify_file",
]


@functools.cache
def _load_registry(dataset: str) -> dict[str, str]:
    """``hashes/NAME.txt`` as :meth:`pooch.Pooch.load_registry` reads it, once per process.

    pooch splits each line with :mod:`shlex`: about 0.15 s for the 2,462 files of DSB2018, too
    slow to repeat for every loader call.
    """
    # This pooch only reads the file; resolve() makes the one that downloads.
    reader = pooch.create(path=config.cache_dir(), base_url="")
    registry = resources.files(__package__).joinpath("hashes", f"{dataset}.txt")
    with registry.open(encoding="utf-8") as lines:
        reader.load_registry(lines)
    return reader.registry


def file_hashes(dataset: str) -> dict[str, str]:
    """The pinned hash of every file of a real dataset.

    Parameters
    ----------
    dataset : str
        A key of :data:`DATASETS`.

    Returns
    -------
    dict
        Relative path -> ``"sha256:..."``, from the pooch registry
        ``segutils/datasets/hashes/NAME.txt``.

    Examples
    --------
    >>> file_hashes("isbi2012-membrane")["train/image/0.png"][:7]
    'sha256:'

    References
    ----------
    :meth:`pooch.Pooch.load_registry`, :func:`pooch.make_registry` (which writes the files).
    """
    if dataset not in DATASETS:
        raise ValueError(f"Unknown dataset {dataset!r}. Known: {', '.join(DATASETS)}.")
    # pooch writes bare digests of its default algorithm, SHA-256; name it, as pooch's known_hash.
    return {
        path: digest if ":" in digest else f"sha256:{digest}"
        for path, digest in _load_registry(dataset).items()
    }


def dataset_files(dataset: str) -> list[str]:
    """List every file of a real dataset, as paths relative to its folder.

    Parameters
    ----------
    dataset : str
        A key of :data:`DATASETS`.

    Returns
    -------
    list of str
        Sorted relative paths, e.g. ``"train/image/0.png"``.

    Examples
    --------
    >>> len(dataset_files("isbi2012-membrane"))
    90

    References
    ----------
    Uieda et al., "Pooch: A friend to fetch your data files", Journal of Open Source Software
    5(45), 1943, 2020.
    """
    return sorted(file_hashes(dataset))


def _local_folder(dataset: str, root: str | os.PathLike | None) -> Path | None:
    """The user's folder of ``dataset`` (``root``, else ``$SEGUTILS_DATA``), or None for the cache.

    The folder may hold the dataset itself or a ``dataset/`` folder inside it.
    """
    folder = Path(root).expanduser() if root is not None else config.data_root()
    if folder is None:
        return None
    return folder / dataset if (folder / dataset).is_dir() else folder


def resolve(
    dataset: str,
    paths: Sequence[str],
    root: str | os.PathLike | None,
    *,
    base_url: str | None = None,
) -> list[Path]:
    """Local paths of ``paths`` within ``dataset``, each checked against its pinned hash.

    From a folder (``root``, else ``$SEGUTILS_DATA``) in the published layout, or else from the
    download cache, downloading what is missing there. Every file is checked against the
    registry's hash the first time a process reads it (:func:`verify_file`), wherever it came
    from: a damaged cached file is downloaded again, a damaged file in your own folder is an
    error that names it.

    Parameters
    ----------
    dataset : str
        A key of :data:`DATASETS`.
    paths : sequence of str
        Relative paths, as :func:`dataset_files` lists them.
    root : path-like or None
        A folder holding the dataset (or a folder holding ``dataset/``).
    base_url : str, optional
        Another address to download from (a mirror).

    Returns
    -------
    list of Path
        The verified local files, in the order of ``paths``.

    Raises
    ------
    FileNotFoundError
        If a file is missing from the folder.
    ValueError
        If a file is not part of the dataset or differs from the published one.
    ConnectionError
        If a download fails (offline), with what to do instead.
    OSError
        If the cache folder cannot be written (permissions, a full disk), said as such.

    Examples
    --------
    >>> (path,) = resolve("isbi2012-membrane", ["train/image/0.png"], None)
    >>> path.name
    '0.png'

    References
    ----------
    Uieda et al., "Pooch: A friend to fetch your data files", Journal of Open Source Software
    5(45), 1943, 2020.
    """
    registry = file_hashes(dataset)
    unknown = [p for p in paths if p not in registry]
    if unknown:
        raise ValueError(f"{unknown[0]!r} is not a file of {dataset}.")
    base = _local_folder(dataset, root)
    if base is not None:
        missing = [p for p in paths if not (base / p).is_file()]
        if missing:
            raise FileNotFoundError(
                f"{len(missing)} file(s) of {dataset} are missing under {base}, e.g. "
                f"{missing[0]!r}. The folder must hold the dataset in its published layout "
                f"(see segutils.datasets.dataset_files({dataset!r})); unset {config.DATA_ENV} "
                "and pass no root to download it instead."
            )
        for path in paths:
            if not verify_file(base / path, registry[path]):
                raise ValueError(
                    f"{base / path} differs from the published file of {dataset} (its SHA-256 "
                    f"is not the pinned {registry[path]}): it was changed or damaged. Restore it "
                    f"from {DATASETS[dataset].base_url}, or unset {config.DATA_ENV} and pass no "
                    "root to use a downloaded, checked copy."
                )
        return [base / p for p in paths]

    source = DATASETS[dataset]
    base_url = base_url or source.base_url
    cache = config.cache_dir() / dataset
    fetcher = pooch.create(
        path=cache,
        base_url=base_url,
        registry={p: registry[p] for p in paths},
        urls={p: base_url + source.remote_path(p) for p in paths},
        retry_if_failed=1,
    )
    # Missing or damaged files are fetched; pooch replaces a damaged one and checks the download.
    todo = [
        p for p in paths if not (cache / p).is_file() or not verify_file(cache / p, registry[p])
    ]
    bar = tqdm(todo, desc=f"Downloading {dataset}", unit="file", disable=len(todo) < 2)
    for path in bar:
        damaged = (cache / path).is_file()
        try:
            fetcher.fetch(path, progressbar=len(todo) == 1)
        except requests.exceptions.RequestException as error:
            raise ConnectionError(
                f"Could not download {dataset}/{path} from {fetcher.get_url(path)} "
                f"({type(error).__name__})"
                + (f"; the cached copy {cache / path} is damaged" if damaged else "")
                + ". If this machine is offline, copy the dataset in its published layout to a "
                f"folder and set {config.DATA_ENV} to it, or pass root=."
            ) from error
        except OSError as error:  # the file system, not the network
            raise OSError(
                f"Could not write {dataset}/{path} into the cache folder {cache} ({error}). "
                f"Free some disk space or set {config.CACHE_ENV} to a writable folder."
            ) from error
        verify_file(cache / path, registry[path])  # remembered as checked
    return [cache / p for p in paths]


#: Files already checked in this process: path -> (size, modification time) when checked.
_VERIFIED: dict[Path, tuple[int, int]] = {}


def verify_file(path: Path, expected: str) -> bool:
    """Whether ``path`` has the pinned hash; checked once per process while the file is unchanged.

    Parameters
    ----------
    path : Path
        A file of a dataset.
    expected : str
        ``"sha256:..."`` from :func:`file_hashes`.

    Returns
    -------
    bool
        True if the file's SHA-256 matches. A match is remembered with the file's size and
        modification time, so later reads in the process cost a ``stat`` only.

    Examples
    --------
    >>> import hashlib, tempfile
    >>> path = Path(tempfile.mkdtemp()) / "data.bin"
    >>> _ = path.write_bytes(b"published bytes")
    >>> verify_file(path, "sha256:" + hashlib.sha256(b"published bytes").hexdigest())
    True

    References
    ----------
    :func:`pooch.file_hash`.
    """
    status = path.stat()
    key = (status.st_size, status.st_mtime_ns)
    if _VERIFIED.get(path) == key:
        return True
    algorithm, _, digest = expected.partition(":")
    if pooch.file_hash(str(path), alg=algorithm) != digest:
        _VERIFIED.pop(path, None)
        return False
    _VERIFIED[path] = key
    return True


def verify_dataset(dataset: str, root: str | os.PathLike | None = None) -> list[str]:
    """Check every file of a dataset where it is kept (a folder, else the cache).

    Parameters
    ----------
    dataset : str
        A key of :data:`DATASETS`.
    root : path-like, optional
        The folder; ``$SEGUTILS_DATA`` or the cache by default.

    Returns
    -------
    list of str
        One line per missing or damaged file; empty when all are as published.

    Examples
    --------
    >>> verify_dataset("isbi2012-membrane")
    []

    References
    ----------
    Uieda et al., "Pooch: A friend to fetch your data files", Journal of Open Source Software
    5(45), 1943, 2020.
    """
    registry = file_hashes(dataset)
    base = _local_folder(dataset, root) or config.cache_dir() / dataset
    problems = []
    for path, expected in sorted(registry.items()):
        if not (base / path).is_file():
            problems.append(f"missing: {base / path}")
        elif not verify_file(base / path, expected):
            problems.append(f"damaged: {base / path} (expected {expected})")
    return problems


def fetch_url(url: str) -> Path:
    """Download an arbitrary URL once into the cache and return the local path.

    The file is named after the hash of its URL, so the same URL is never fetched twice. There
    is no known hash to check against: use this for your own images, not for data you publish.

    Parameters
    ----------
    url : str
        An ``http://`` or ``https://`` address.

    Returns
    -------
    Path
        The cached file.

    Raises
    ------
    ConnectionError
        If the download fails, with what to do instead.

    Examples
    --------
    The first call downloads (so the tests skip it: they never use the network); later calls
    read the cache.

    >>> url = DATASETS["isbi2012-membrane"].base_url + "test/0.png"
    >>> fetch_url(url).suffix  # doctest: +SKIP
    '.png'

    References
    ----------
    :func:`pooch.retrieve`.
    """
    name = hashlib.sha256(url.encode()).hexdigest()[:16] + Path(url.split("?")[0]).suffix
    target = config.cache_dir() / "urls"
    if (target / name).is_file():
        return target / name
    try:
        return Path(pooch.retrieve(url, known_hash=None, fname=name, path=target))
    except (requests.exceptions.RequestException, OSError) as error:
        raise ConnectionError(
            f"Could not download {url} ({type(error).__name__}). Check the address and the "
            "network, or download the file yourself and pass its path."
        ) from error
