"""The BSDS500 boundary benchmark: seg2bmap, thinning, one-to-one matching, counts, ODS/OIS/AP."""

from dataclasses import fields

import numpy as np
import pytest
from scipy import sparse
from scipy.optimize import linear_sum_assignment
from scipy.sparse.csgraph import maximum_bipartite_matching
from skimage.filters import sobel
from skimage.segmentation import relabel_sequential

from segutils.datasets import load_bsds500
from segutils.edge import canny
from segutils.images import to_gray
from segutils.metrics import (
    BoundaryBenchmark,
    BoundaryCounts,
    boundary_benchmark,
    boundary_counts,
    bsds_boundaries,
    match_boundaries,
    summarize_boundaries,
)
from segutils.scale import dask_client

SIDE = 100  # a 100x100 image: max_dist = 0.0075 * 141.4 = 1.06 px


def horizontal_line(row: int, side: int = SIDE) -> np.ndarray:
    line = np.zeros((side, side), bool)
    line[row, :] = True
    return line


def seg2bmap_matlab(seg: np.ndarray) -> np.ndarray:
    """BSDS bench/seg2bmap.m, line for line (zero-filled shifted copies, then the edge fixes)."""
    e, s, se = np.zeros_like(seg), np.zeros_like(seg), np.zeros_like(seg)
    e[:, :-1], s[:-1, :], se[:-1, :-1] = seg[:, 1:], seg[1:, :], seg[1:, 1:]
    b = (seg != e) | (seg != s) | (seg != se)
    b[-1, :] = seg[-1, :] != e[-1, :]
    b[:, -1] = seg[:, -1] != s[:, -1]
    b[-1, -1] = False
    return b


# ---- boundaries ---------------------------------------------------------------------------------


def test_seg2bmap_on_a_hand_made_4x4():
    labels = np.array([[1, 1, 2, 2], [1, 1, 2, 2], [3, 3, 3, 3], [3, 3, 3, 3]])
    # (0, 1): right neighbour 2; row 1: the lower neighbour is 3 everywhere, (1, 1) also has 2
    # on its right; row 2 and below see only 3s; the last column compares downwards only.
    expected = [[0, 1, 0, 0], [1, 1, 1, 1], [0, 0, 0, 0], [0, 0, 0, 0]]
    assert bsds_boundaries(labels).astype(int).tolist() == expected


def test_seg2bmap_matches_the_matlab_code_on_random_labels():
    rng = np.random.default_rng(0)
    for _ in range(50):
        labels = rng.integers(0, 3, size=rng.integers(1, 12, size=2))
        np.testing.assert_array_equal(bsds_boundaries(labels), seg2bmap_matlab(labels))


def test_labels_with_gaps_give_the_same_boundaries_as_relabelled_ones():
    rng = np.random.default_rng(1)
    gapped = rng.choice([3, 17, 40, 1000], size=(30, 30)).astype(np.int32)
    sequential, _, _ = relabel_sequential(gapped)
    np.testing.assert_array_equal(bsds_boundaries(gapped), bsds_boundaries(sequential))
    soft = sobel(rng.random((30, 30)))
    a = boundary_counts(soft / soft.max(), [gapped], thresholds=5, max_dist=0.05)
    b = boundary_counts(soft / soft.max(), [sequential], thresholds=5, max_dist=0.05)
    assert a.cnt_r.tolist() == b.cnt_r.tolist() and a.cnt_p.tolist() == b.cnt_p.tolist()


# ---- matching -----------------------------------------------------------------------------------


def test_an_edge_one_pixel_off_is_matched_and_one_beyond_max_dist_is_not():
    truth = horizontal_line(50)
    machine, truth_hit = match_boundaries(horizontal_line(51), truth)  # 1 px <= 1.06 px
    assert machine.sum() == truth_hit.sum() == SIDE
    machine, truth_hit = match_boundaries(horizontal_line(52), truth)  # 2 px > 1.06 px
    assert machine.sum() == truth_hit.sum() == 0
    counts = boundary_counts(horizontal_line(51), [truth], thresholds=1)
    assert (counts.recall[0], counts.precision[0]) == (1.0, 1.0)


def test_many_machine_pixels_near_one_true_pixel_count_once():
    truth = np.zeros((SIDE, SIDE), bool)
    truth[50, 50] = True
    machine = np.zeros_like(truth)
    machine[49:52, 49:52] = True  # 9 pixels, 5 of them within 1.06 px
    matched_machine, matched_truth = match_boundaries(machine, truth)
    assert matched_machine.sum() == matched_truth.sum() == 1


def test_several_annotators_or_the_machine_matches_and_sum_the_human_ones():
    machine = horizontal_line(30)
    # Both annotators drew the machine's line: each of their pixels is found (cnt_r sums to
    # 200), but the machine pixels are counted once (cnt_p ORs to 100).
    both = boundary_counts(machine, [horizontal_line(30), horizontal_line(30)], thresholds=1)
    assert (both.cnt_r[0], both.sum_r[0], both.cnt_p[0], both.sum_p[0]) == (200, 200, 100, 100)
    # The second annotator drew another line: half the human pixels are found, and every
    # machine pixel is matched by the first annotator.
    split = boundary_counts(machine, [horizontal_line(30), horizontal_line(70)], thresholds=1)
    assert (split.cnt_r[0], split.sum_r[0], split.cnt_p[0], split.sum_p[0]) == (100, 200, 100, 100)
    # Label images: rows 0-29 against rows 30-99 put the boundary on row 29, 1 px away.
    halves = np.where(np.arange(SIDE)[:, None] < 30, 1, 2) * np.ones((1, SIDE), int)
    labelled = boundary_counts(machine, [halves], thresholds=1)
    assert (labelled.cnt_r[0], labelled.cnt_p[0]) == (100, 100)


def test_a_soft_map_counts_as_its_binarised_self_at_each_threshold():
    soft = np.zeros((SIDE, SIDE))
    soft[20, :], soft[50, 10:90], soft[80, 30:60] = 0.9, 0.55, 0.2
    truths = [horizontal_line(21), horizontal_line(50)]
    levels = np.array([0.1, 0.2, 0.5, 0.6, 0.95])
    counts = boundary_counts(soft, truths, thresholds=levels)
    for i, level in enumerate(levels):
        alone = boundary_counts(soft >= level, truths, thresholds=1)
        assert (counts.cnt_r[i], counts.sum_r[i], counts.cnt_p[i], counts.sum_p[i]) == (
            alone.cnt_r[0],
            alone.sum_r[0],
            alone.cnt_p[0],
            alone.sum_p[0],
        )
    assert counts.sum_p.tolist() == [210, 210, 180, 100, 0]


def test_the_matching_has_as_many_pairs_and_as_short_as_the_min_cost_assignment():
    # The benchmark's CSA matching costs each in-range pair its distance and each unmatched
    # pixel an outlier cost far above max_dist; here the outlier cost is 100 * max_dist and the
    # sets hold fewer than 100 points, so the cheapest assignment must have the most pairs.
    rng = np.random.default_rng(3)
    for case in range(150):
        shape = tuple(rng.integers(4, 14, size=2))
        machine = rng.random(shape) < rng.uniform(0.05, 0.4)
        truth = rng.random(shape) < rng.uniform(0.05, 0.4)
        max_dist = rng.uniform(0.03, 0.2)
        radius = max_dist * np.hypot(*shape)
        matched_machine, matched_truth = match_boundaries(machine, truth, max_dist)
        m, t = np.argwhere(machine), np.argwhere(truth)
        distance = np.hypot(*(m[:, None, :] - t[None, :, :]).transpose(2, 0, 1))
        in_range = distance <= radius
        expected = 0
        if m.size and t.size:
            cost = np.where(in_range, distance, 100 * radius)
            rows, cols = linear_sum_assignment(cost)
            expected = int(in_range[rows, cols].sum())
            hopcroft_karp = maximum_bipartite_matching(sparse.csr_array(in_range), "column")
            assert (hopcroft_karp >= 0).sum() == expected, case
            # The machine pixels chosen admit a matching as short as the cheapest assignment.
            ours = matched_machine[tuple(m.T)]
            sub_rows, sub_cols = linear_sum_assignment(cost[ours])
            assert in_range[ours][sub_rows, sub_cols].all(), case
            shortest = distance[rows, cols][in_range[rows, cols]].sum()
            assert distance[ours][sub_rows, sub_cols].sum() == pytest.approx(shortest), case
        assert matched_machine.sum() == matched_truth.sum() == expected, case
        assert not (matched_machine & ~machine).any() and not (matched_truth & ~truth).any()


# ---- dataset figures ----------------------------------------------------------------------------


def test_ods_ois_ap_on_a_hand_computed_two_image_three_threshold_case():
    t = np.array([0.25, 0.5, 0.75])
    ten = np.full(3, 10)
    # When cnt_r == cnt_p == c, F = 2c / (sum_r + sum_p).
    first = BoundaryCounts(t, np.array([8, 6, 2]), ten, np.array([8, 6, 2]), np.array([16, 8, 2]))
    second = BoundaryCounts(t, np.array([9, 5, 3]), ten, np.array([9, 5, 3]), np.array([10, 10, 3]))
    result = summarize_boundaries([first, second])
    # Summed: cnt 17, 11, 5 of sum_r 20; sum_p 26, 18, 5. F = 34/46, 22/38, 10/25; the curve
    # only falls from the first point, so ODS is F there.
    assert result.ods == pytest.approx(34 / 46) and result.ods_threshold == 0.25
    assert result.recall.tolist() == pytest.approx([0.85, 0.55, 0.25])
    # First image: F = 16/26, 12/18, 4/12 -> t = 0.5; second: 18/20, 10/20, 6/13 -> t = 0.25.
    # OIS: cnt 6 + 9 = 15, sum_r 20, sum_p 8 + 10 = 18 -> F = 30/38.
    assert result.ois == pytest.approx(30 / 38)
    assert result.image_thresholds.tolist() == [0.5, 0.25]
    assert result.image_f.tolist() == pytest.approx([12 / 18, 18 / 20])
    # AP: recall 0.25 -> 0.55 -> 0.85 with precision 1 -> 11/18 -> 17/26, 0 elsewhere. Sum of
    # the 31 grid points 0.25..0.55 plus the 30 points 0.56..0.85, times 0.01.
    ap = (31 * (1 + 11 / 18) / 2 + 30 * 11 / 18 + (17 / 26 - 11 / 18) * 15.5) / 100
    assert result.ap == pytest.approx(ap, abs=1e-12)


def test_ois_takes_the_last_of_tied_thresholds_and_a_binary_map_has_ap_zero():
    t = np.array([0.25, 0.5, 0.75])
    same = BoundaryCounts(t, np.full(3, 5), np.full(3, 10), np.full(3, 5), np.full(3, 10))
    result = summarize_boundaries([same])
    assert result.image_thresholds.tolist() == [0.75]
    assert (result.ods, result.ois, result.ap) == (0.5, 0.5, 0.0)


def test_a_bool_or_label_prediction_gives_the_same_counts_at_every_threshold():
    labels = np.where(np.arange(SIDE)[:, None] < 30, 1, 2) * np.ones((1, SIDE), int)
    counts = boundary_counts(labels, [horizontal_line(29)], thresholds=7)
    assert set(counts.cnt_p.tolist()) == {100} and counts.sum_p.tolist() == [100] * 7


@pytest.fixture(scope="module")
def dask_cluster():
    """A client of a two-worker LocalCluster shared by this module's tests, closed after them."""
    with dask_client(workers=2, memory_limit=None, report=lambda line: None) as client:
        yield client


@pytest.fixture(scope="module")
def noisy_maps():
    rng = np.random.default_rng(4)
    maps = [sobel(rng.random((40, 50))) for _ in range(3)]
    maps = [m / m.max() for m in maps]
    truths = [[rng.integers(1, 4, (40, 50))] for _ in range(3)]
    return maps, truths


def figures(result: BoundaryBenchmark) -> dict:
    """Every field of a result, arrays as lists, for an exact comparison."""
    return {f.name: np.asarray(getattr(result, f.name)).tolist() for f in fields(result)}


def test_two_local_workers_give_the_result_of_one_process_and_print_nothing(noisy_maps, capsys):
    maps, truths = noisy_maps
    one = boundary_benchmark(maps, truths, thresholds=9, max_dist=0.02)
    two = boundary_benchmark(maps, truths, thresholds=9, max_dist=0.02, workers=2)
    assert figures(one) == figures(two)
    assert capsys.readouterr().out == ""


def test_a_client_of_ones_own_gives_the_same_result_names_a_bad_image_and_stays_open(
    noisy_maps, dask_cluster
):
    maps, truths = noisy_maps
    one = boundary_benchmark(maps, truths, thresholds=9, max_dist=0.02)
    shared = boundary_benchmark(maps, truths, thresholds=9, max_dist=0.02, client=dask_cluster)
    assert figures(one) == figures(shared)
    with pytest.raises(ValueError, match="image 1: .*outside \\[0, 1\\]"):
        boundary_benchmark([maps[0], maps[1] * 2], truths[:2], client=dask_cluster)
    assert dask_cluster.status == "running"
    assert dask_cluster.submit(sum, [1, 2]).result() == 3


def test_the_ways_to_run_are_one_at_a_time(noisy_maps, dask_cluster):
    maps, truths = noisy_maps
    address = dask_cluster.scheduler.address
    for where in (
        {"client": dask_cluster, "workers": 2},
        {"client": dask_cluster, "scheduler": address},
    ):
        with pytest.raises(ValueError, match="not both"):
            boundary_benchmark(maps, truths, **where)
    with pytest.raises(ValueError, match="not both"):
        boundary_benchmark(maps, truths, scheduler=address, workers=2)
    for workers in (0, 1.5, True):
        with pytest.raises(ValueError, match="workers must be a whole number"):
            boundary_benchmark(maps, truths, workers=workers)


def test_a_scheduler_address_counts_on_its_cluster_and_reports_it_when_asked(
    noisy_maps, dask_cluster
):
    maps, truths = noisy_maps
    lines = []
    result = boundary_benchmark(
        maps,
        truths,
        thresholds=9,
        max_dist=0.02,
        scheduler=dask_cluster.scheduler.address,
        report=lines.append,
    )
    assert figures(result) == figures(boundary_benchmark(maps, truths, thresholds=9, max_dist=0.02))
    assert len(lines) == 1 and lines[0].startswith("Dask scheduler tcp://")


# ---- bad input ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("prediction", "annotations", "message"),
    [
        (np.full((5, 5), 1.5), [np.ones((5, 5), bool)], "outside \\[0, 1\\]"),
        (np.full((5, 5), -0.1), [np.ones((5, 5), bool)], "outside \\[0, 1\\]"),
        (np.full((5, 5), np.nan), [np.ones((5, 5), bool)], "NaN"),
        (
            np.zeros((5, 5)),
            [np.ones((5, 6), bool)],
            "annotation 0 has shape \\(5, 6\\).*\\(5, 5\\)",
        ),
        (np.zeros((5, 5)), [], "annotations is empty"),
        (np.zeros((5, 5, 3)), [np.ones((5, 5), bool)], "2-D"),
    ],
)
def test_bad_input_is_refused_with_a_message_naming_the_problem(prediction, annotations, message):
    with pytest.raises(ValueError, match=message):
        boundary_counts(prediction, annotations)


def test_bad_parameters_are_refused():
    ok = (np.zeros((5, 5)), [np.ones((5, 5), bool)])
    with pytest.raises(ValueError, match="thresholds=0"):
        boundary_counts(*ok, thresholds=0)
    with pytest.raises(ValueError, match="increase strictly"):
        boundary_counts(*ok, thresholds=[0.5, 0.2])
    with pytest.raises(ValueError, match="max_dist=0"):
        boundary_counts(*ok, max_dist=0)
    with pytest.raises(ValueError, match="2 predictions and 1 lists"):
        boundary_benchmark([ok[0], ok[0]], [ok[1]])
    with pytest.raises(ValueError, match="machine.*shape|shape"):
        match_boundaries(np.zeros((3, 3), bool), np.zeros((3, 4), bool))


def test_matching_memory_follows_its_stated_cost_model_and_a_huge_max_dist_is_refused():
    import tracemalloc

    from segutils.metrics import boundary_match

    rng = np.random.default_rng(0)
    prediction = rng.random((60, 80))
    annotations = [rng.integers(0, 5, (60, 80)) for _ in range(3)]  # dense, noisy boundaries
    n_truth = sum(int(bsds_boundaries(a, thin=True).sum()) for a in annotations)  # as matched
    bound = boundary_match.pair_bound((60, 80), n_truth, 0.05)
    tracemalloc.start()
    try:
        boundary_counts(prediction, annotations, max_dist=0.05)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert 10**5 < bound < boundary_match.MAX_PAIRS  # a real load, under the cap
    assert peak <= boundary_match.BYTES_PER_PAIR * bound
    # A thin strip with max_dist 1.0 (found by the fuzz harness's long profile: the disc of
    # offsets was built for a 600-pixel radius, 5.7 GB): every pair counted, none more.
    strip = np.ones((2, 600), bool)
    bound = boundary_match.pair_bound(strip.shape, int(strip.sum()), 1.0)
    tracemalloc.start()
    try:
        boundary_counts(rng.random(strip.shape), [strip], max_dist=1.0, thresholds=3)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak <= boundary_match.BYTES_PER_PAIR * bound
    large = [rng.integers(0, 5, (200, 200))]  # every pixel within 1.0 x the diagonal
    with pytest.raises(ValueError, match=r"max_dist=1\.0 reaches 283 pixels.*smaller max_dist"):
        boundary_counts(rng.random((200, 200)), large, max_dist=1.0)


# ---- real data ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def bsds(shared_data):
    return load_bsds500(["101085", "101087", "102061"], root=shared_data)


def test_thinned_seg2bmap_is_the_boundaries_field_of_the_bsds_files(bsds):
    for sample in bsds:
        for segmentation, field in zip(sample.segmentations, sample.boundaries, strict=True):
            np.testing.assert_array_equal(bsds_boundaries(segmentation, thin=True), field)


def test_annotators_agree_with_each_other_better_than_canny_does(bsds):
    # Each annotator's boundaries scored against the other annotators of the same image.
    humans = [(b[k], b[:k] + b[k + 1 :]) for b in (s.boundaries for s in bsds) for k in range(2)]
    human = boundary_benchmark(*zip(*humans, strict=True), thresholds=1)
    edges = boundary_benchmark([canny(s.image) for s in bsds], [s.segmentations for s in bsds])
    assert 0.7 < human.ods < 0.95
    assert 0.3 < edges.ods < human.ods - 0.1
    assert edges.ap == 0.0  # a binary map: one point, no area


def test_a_soft_gradient_map_gives_a_curve(bsds, dask_cluster):
    maps = [sobel(to_gray(s.image)) for s in bsds]
    result = boundary_benchmark(
        [m / m.max() for m in maps],
        [s.boundaries for s in bsds],
        thresholds=15,
        client=dask_cluster,
    )
    assert result.recall[0] > 0.8 > 0.2 > result.recall[-1]  # low thresholds keep every edge
    assert 0.4 < result.ods < 0.75 and result.ods <= result.ois and 0.2 < result.ap < result.ods
