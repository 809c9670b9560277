"""One large image tiled: exact where a method is local, stitched where it returns objects.

Most tests run the lazy step (:func:`segutils.segment.tiles.segment_dask`) on images that fit
in memory, with Dask's synchronous scheduler, and compare with the whole-image result; one
module-scoped LocalCluster (two workers, a stated memory limit) runs the file-to-zarr path on a
mosaic written chunk by chunk and on a tiled TIFF, from Python and from the command line, so
that every task of the graph is sent to a worker process.
"""

import dask
import dask.array as da
import numpy as np
import pytest
import tifffile
import zarr
from skimage.measure import label as connected_regions

from segutils.catalog import METHODS, by_name
from segutils.cli import main
from segutils.datasets import sample, synthetic
from segutils.images import as_image
from segutils.metrics.instances import match_instances
from segutils.segment.halo import (
    HISTOGRAM_LEVELS,
    MARGIN,
    TILING,
    global_statistic,
    method_halo,
    tile_rule,
)
from segutils.segment.lazy import TiffRegions, read_lazy
from segutils.segment.tiles import (
    segment_dask,
    segment_tiled,
    worker_peak_memory,
    write_synthetic_mosaic,
)
from segutils.threshold import threshold_value


def tiled(image, name, params, chunks, **options):
    """The tiled result, computed in this process."""
    lazy = segment_dask(da.from_array(image, chunks=chunks), name, params, **options)
    return lazy.compute(scheduler="synchronous")


@pytest.fixture(scope="module")
def uneven():
    """Nuclei under uneven light, where local thresholds matter (objects cut by every chunk)."""
    return synthetic((300, 340), n_objects=40, difficulty=0.2, illumination=0.6, seed=3).image


@pytest.fixture(scope="module")
def nuclei():
    """Separate nuclei smaller than the halo (radius 8, the instance methods' halo 32)."""
    return synthetic((384, 416), n_objects=120, difficulty=0.0, radius=8, seed=5)


def test_every_registered_method_tiles_or_is_refused_with_the_reason():
    tileable = [name for name, rule in TILING.items() if rule.kind != "refused"]
    assert set(TILING) == {method.name for method in METHODS}
    for method in METHODS:
        rule = TILING[method.name]
        if rule.kind == "refused":
            with pytest.raises(ValueError, match="cannot be tiled") as refusal:
                tile_rule(method, {})
            assert rule.reason in str(refusal.value)
            assert all(name in str(refusal.value) for name in tileable)
        else:
            assert tile_rule(method, {}) is rule
            assert method_halo(method, {}) >= max(MARGIN, rule.min_halo)


def test_the_halo_follows_the_length_scales_and_can_be_overridden():
    local = by_name("threshold.local")
    assert method_halo(local, {"block_size": 101}) > method_halo(local, {"block_size": 11})
    cleaned = by_name("threshold.cleaned")
    assert method_halo(cleaned, {"opening": 3}) == method_halo(cleaned, {"opening": 1}) + 4
    with pytest.raises(ValueError, match="halo must be"):
        segment_dask(da.zeros((64, 64), chunks=32), local, {}, halo=-1)


@pytest.mark.parametrize("choice", sorted(HISTOGRAM_LEVELS))
def test_the_level_from_the_lazy_histogram_is_the_whole_image_level(choice):
    coins = sample("coins")
    lazy = da.from_array(coins, chunks=(97, 130))
    rule = TILING["threshold.global_threshold"]
    with dask.config.set(scheduler="synchronous"):
        assert global_statistic(lazy, rule, {"method": choice}) == threshold_value(coins, choice)


EXACT = [
    ("threshold.manual", {"level": 0.4}),
    ("threshold.manual", {"level": 0.3, "invert": True}),
    ("threshold.local", {"block_size": 35}),
    ("threshold.local", {"block_size": 51, "method": "mean", "offset": -0.02}),
    ("threshold.local", {"block_size": 25, "method": "median"}),
    ("threshold.adaptive", {"block_size": 31}),
    ("threshold.adaptive", {"block_size": 51, "method": "mean", "offset": 0.01}),
    ("threshold.global_threshold", {}),
    ("threshold.global_threshold", {"method": "yen", "invert": True}),
    ("threshold.multi_otsu", {"classes": 3}),
    ("threshold.multi_otsu", {"classes": 4}),
]


@pytest.mark.parametrize(("name", "params"), EXACT, ids=[f"{n}-{p}" for n, p in EXACT])
def test_local_and_global_level_methods_tile_exactly(name, params, uneven):
    assert TILING[name].exact
    whole = by_name(name).function(uneven, **params)
    np.testing.assert_array_equal(tiled(uneven, name, params, chunks=(77, 90)), whole)


def test_a_colour_image_tiles_exactly():
    astronaut = sample("astronaut")[:200, :230]
    whole = by_name("threshold.local").function(astronaut, block_size=21)
    result = tiled(astronaut, "threshold.local", {"block_size": 21}, chunks=(64, 80, 3))
    np.testing.assert_array_equal(result, whole)


BOUNDED = [
    ("threshold.cleaned", {}),
    ("threshold.cleaned", {"opening": 2, "min_size": 100}),
    ("edge.canny", {"sigma": 1.5}),
    ("edge.filled_edges", {}),
]


@pytest.mark.parametrize(("name", "params"), BOUNDED, ids=[f"{n}-{p}" for n, p in BOUNDED])
def test_connected_steps_tile_exactly_when_every_structure_fits_in_the_halo(name, params, nuclei):
    whole = by_name(name).function(nuclei.image, **params)
    np.testing.assert_array_equal(tiled(nuclei.image, name, params, chunks=(100, 128)), whole)


INSTANCE = [
    ("watershed.distance_watershed", {"min_distance": 5}),
    ("watershed.h_maxima_watershed", {}),
    ("watershed.h_maxima_watershed", {"h": 2.0, "min_size": 60}),
    ("watershed.sobel_from_levels", {"low": 0.3, "high": 0.6}),
]


@pytest.mark.parametrize(("name", "params"), INSTANCE, ids=[f"{n}-{p}" for n, p in INSTANCE])
def test_instance_labels_are_stitched_across_tiles(name, params, nuclei):
    whole = by_name(name).function(nuclei.image, **params)
    stitched = tiled(nuclei.image, name, params, chunks=(100, 128))
    assert match_instances(whole, stitched).f1 >= 0.99
    # No object split (or merged) at a border: against the truth, tiling adds no split or
    # merge to those of the method itself (distance_watershed splits a few elongated nuclei).
    against_truth = match_instances(nuclei.labels, stitched)
    by_method = match_instances(nuclei.labels, whole)
    assert (against_truth.splits, against_truth.merges) == (by_method.splits, by_method.merges)
    assert match_instances(whole, stitched).splits == match_instances(whole, stitched).merges == 0
    # No label reused: each label is one connected region.
    numbers = np.unique(stitched[stitched > 0])
    assert connected_regions(stitched, background=0, connectivity=2).max() == len(numbers)


def test_naive_tiling_cuts_objects_that_the_halo_and_the_stitching_keep_whole(nuclei):
    name, params = "watershed.h_maxima_watershed", {}
    whole = by_name(name).function(nuclei.image, **params)
    naive = tiled(nuclei.image, name, params, chunks=(100, 128), halo=0, stitch=False)
    stitched = tiled(nuclei.image, name, params, chunks=(100, 128))
    naive_regions = connected_regions(naive, background=0, connectivity=2)
    # Tile by tile, each tile numbers from 1: labels reused, and nuclei cut at the seams.
    assert naive_regions.max() > len(np.unique(naive[naive > 0]))
    assert match_instances(nuclei.labels, naive_regions).f1 < match_instances(whole, stitched).f1


def test_a_mask_method_counts_objects_across_chunks(tmp_path, nuclei):
    with dask.config.set(scheduler="synchronous"):
        result = segment_tiled(
            nuclei.image, "threshold.global_threshold", {}, tmp_path, chunk=100, client=False
        )
    assert result.n_objects == nuclei.n_objects  # difficulty 0: no two nuclei touch


def test_refusals_say_why():
    image = da.from_array(sample("coins"), chunks=128)
    with pytest.raises(ValueError, match="method='li' cannot be tiled.*otsu"):
        segment_dask(image, "threshold.global_threshold", {"method": "li"})
    with pytest.raises(ValueError, match="region.slic cannot be tiled"):
        segment_dask(image, "region.slic", {})
    with pytest.raises(ValueError, match="block_size"):
        segment_dask(image, "threshold.local", {"block_size": 1000})
    with pytest.raises(TypeError, match="registry name"):
        segment_dask(image, 42, {})


def test_a_tiff_becomes_a_zarr_store_never_over_an_existing_one(tmp_path):
    coins = (sample("coins") * 255).round().astype(np.uint8)
    source = tmp_path / "coins.tif"
    tifffile.imwrite(source, coins, tile=(128, 128))
    out = tmp_path / "out"
    (out / ".coins.zarr.partial").mkdir(parents=True)  # left by an interrupted run
    with dask.config.set(scheduler="synchronous"):
        result = segment_tiled(source, "threshold.local", {}, out, chunk=128, client=False)
        assert result.path == out / "coins.zarr" and not (out / ".coins.zarr.partial").exists()
        stored = da.from_zarr(result.path, component="0").compute()
        np.testing.assert_array_equal(stored, by_name("threshold.local").function(as_image(coins)))
        group = zarr.open_group(result.path, mode="r")
        assert group.attrs["segutils"]["method"] == "threshold.local"
        assert group.attrs["ome"]["multiscales"][0]["datasets"][0]["path"] == "0"
        with pytest.raises(FileExistsError, match="overwrite=True"):
            segment_tiled(source, "threshold.local", {}, out, chunk=128, client=False)
        with pytest.raises(ValueError, match="cannot be tiled"):
            segment_tiled(
                source, "cluster.kmeans", {}, out, chunk=128, client=False, overwrite=True
            )
    assert (out / "coins.zarr").exists()  # a refused run leaves the finished store alone
    assert "threshold.local on 303 x 384" in result.summary()


@pytest.fixture(scope="module")
def cluster():
    """Two local workers with a stated memory limit, for the whole module; closed after."""
    from segutils.scale import dask_client

    with dask_client(workers=2, memory_limit="1GiB", report=lambda line: None) as client:
        yield client


def test_a_mosaic_on_disk_is_segmented_on_workers_with_a_memory_limit(tmp_path, cluster):
    store = write_synthetic_mosaic(tmp_path / "mosaic.zarr", (4096, 4096), 512, truth=True)
    result = segment_tiled(
        store, "watershed.h_maxima_watershed", {}, tmp_path / "out", chunk=512, client=cluster
    )
    truth = da.from_zarr(store, component="truth").compute()
    labels = da.from_zarr(result.path, component="0").compute()
    assert result.shape == (4096, 4096) and result.chunks == (512, 512)
    assert result.n_objects == len(np.unique(truth)) - 1
    assert match_instances(truth, labels).f1 >= 0.99
    assert max(worker_peak_memory(cluster).values()) < 2**30  # each worker within its limit


def test_a_tiff_is_read_by_absolute_path_as_one_image_or_refused_as_a_stack(tmp_path, monkeypatch):
    astronaut = (sample("astronaut")[:200, :230] * 255).round().astype(np.uint8)
    monkeypatch.chdir(tmp_path)
    tifffile.imwrite(
        "planar.tif", np.moveaxis(astronaut, -1, 0), photometric="rgb", planarconfig="separate"
    )
    tifffile.imwrite("stack.tif", np.stack([astronaut[..., 0], astronaut[..., 1]]))
    assert TiffRegions.open("planar.tif").path == str(tmp_path / "planar.tif")
    lazy = read_lazy("planar.tif", chunk=64)
    assert lazy.chunksize == (64, 64, 3)
    np.testing.assert_array_equal(lazy.compute(scheduler="synchronous"), astronaut)
    with pytest.raises(ValueError, match="stack.tif holds an array of shape \\(2, 200, 230\\)"):
        read_lazy("stack.tif")


@pytest.fixture(scope="module")
def tiled_tiff(tmp_path_factory, nuclei):
    """The nuclei as an 8-bit TIFF stored in tiles of 128 x 128, and the image it holds."""
    pixels = (nuclei.image * 255).round().astype(np.uint8)
    path = tmp_path_factory.mktemp("tiff") / "plate.tif"
    tifffile.imwrite(path, pixels, tile=(128, 128), compression="zlib")
    return path, as_image(pixels)


ON_DISK = [("threshold.local", {"block_size": 35}), ("watershed.distance_watershed", {})]


@pytest.mark.parametrize(("name", "params"), ON_DISK, ids=[name for name, _ in ON_DISK])
def test_a_tiled_tiff_on_disk_is_segmented_on_the_workers_as_the_whole_image(
    tmp_path, cluster, tiled_tiff, name, params
):
    path, image = tiled_tiff
    result = segment_tiled(path, name, params, tmp_path, chunk=128, client=cluster)
    labels = da.from_zarr(result.path, component="0").compute()
    whole = by_name(name).function(image, **params)
    if TILING[name].exact:
        np.testing.assert_array_equal(labels, whole)
    else:
        assert match_instances(whole, labels).f1 >= 0.99
        assert result.n_objects == len(np.unique(labels)) - 1


def test_the_command_segments_one_tiff_on_a_running_cluster(tmp_path, cluster, tiled_tiff, capsys):
    path, image = tiled_tiff
    out = tmp_path / "out"
    name = "watershed.distance_watershed"
    words = ["segment", str(path), "--method", name, "--out", str(out), "--chunk", "128"]
    assert main([*words, "--scheduler", cluster.scheduler.address]) == 0
    shown = capsys.readouterr().out
    assert f"{name} on 384 x 416 pixels" in shown and f"written to {out / 'plate.zarr'}" in shown
    labels = da.from_zarr(out / "plate.zarr", component="0").compute()
    assert match_instances(by_name(name).function(image), labels).f1 >= 0.99


def test_the_command_refuses_a_method_that_cannot_be_tiled_before_any_work(
    tmp_path, tiled_tiff, capsys
):
    path, _ = tiled_tiff
    with pytest.raises(SystemExit) as stopped:
        main(["segment", str(path), "--method", "cluster.kmeans", "--out", str(tmp_path / "out")])
    assert stopped.value.code == 2
    assert "--method: cluster.kmeans cannot be tiled: a model fitted on all pixels" in (
        capsys.readouterr().err
    )
    assert not (tmp_path / "out").exists()


def test_the_command_names_a_tiff_that_holds_a_stack_not_one_image(tmp_path, cluster, capsys):
    stack = tmp_path / "stack.tif"
    tifffile.imwrite(stack, np.zeros((2, 64, 64), np.uint8))
    words = ["segment", str(stack), "--method", "threshold.local", "--out", str(tmp_path / "out")]
    assert main([*words, "--scheduler", cluster.scheduler.address]) == 1
    assert "error: stack.tif holds an array of shape (2, 64, 64)" in capsys.readouterr().err


# careless-user trial


def test_a_zarr_folder_that_is_no_store_is_named_not_a_traceback(tmp_path):
    fake = tmp_path / "plate.zarr"
    fake.mkdir()
    (fake / "notes.txt").write_text("not zarr")
    with pytest.raises(ValueError, match="plate.zarr is not a zarr array, nor an OME-Zarr image"):
        read_lazy(fake)


def test_careless_tiled_calls_are_refused_before_any_work(tmp_path):
    image = tmp_path / "coins.tif"
    tifffile.imwrite(image, sample("coins"))
    calls = {"method": "threshold.manual", "params": {}, "client": False}
    for chunk in (0, -5, 2.5):  # 0 divided by zero, -5 failed deep in Dask
        with pytest.raises(ValueError, match="chunk is a tile's side in pixels, at least 1"):
            segment_tiled(image, out=tmp_path / "out", chunk=chunk, **calls)
    with pytest.raises(FileNotFoundError, match="No image at"):
        segment_tiled(tmp_path / "missing.tif", out=tmp_path / "out", **calls)
    with pytest.raises(ValueError, match="is a file; give a folder"):  # was "[Errno 17]"
        segment_tiled(image, out=image, **calls)
    assert not (tmp_path / "out").exists()


def test_an_image_narrower_than_the_halo_is_refused_with_the_reason():
    # a 1 x 1 image: Dask's overlap said only "depth 8 is larger than your array 1"
    with pytest.raises(ValueError, match="1 x 1 pixels, narrower than the halo of 8"):
        segment_dask(np.zeros((1, 1)), "threshold.manual", {})


def test_an_earlier_store_is_refused_before_a_cluster_starts(tmp_path, capsys, monkeypatch):
    image = tmp_path / "coins.tif"
    tifffile.imwrite(image, sample("coins"))
    (tmp_path / "out" / "coins.zarr").mkdir(parents=True)
    monkeypatch.setattr("segutils.scale.local_client", None)  # a cluster would fail the test
    with pytest.raises(SystemExit) as stopped:
        main(
            ["segment", str(image), "--method", "threshold.manual", "--out", str(tmp_path / "out")]
        )
    assert stopped.value.code == 2
    assert "coins.zarr exists (an earlier run's); pass --overwrite" in capsys.readouterr().err
