"""The BSDS500 region measures: covering, probabilistic Rand index, variation of information."""

import itertools

import numpy as np
import pytest
from skimage.metrics import variation_of_information as skimage_vi
from sklearn.metrics import rand_score

from segutils.datasets import load_bsds500
from segutils.metrics import (
    probabilistic_rand_index,
    region_scores,
    segmentation_covering,
    variation_of_information,
)

# 2x2: the segmentation cuts top from bottom, the annotation left from right.
HALVES = np.array([[0, 0], [1, 1]])
COLUMNS = np.array([[1, 2], [1, 2]])
# 4x4: four quadrants of 4 pixels, labelled 1..4 as in BSDS.
QUADRANTS = np.array([[1, 1, 2, 2]] * 2 + [[3, 3, 4, 4]] * 2)


@pytest.fixture(scope="module")
def bsds(shared_data):
    (sample,) = load_bsds500(["101085"], root=shared_data)
    return sample


def brute_rand_index(a: np.ndarray, b: np.ndarray) -> float:
    """Rand index by visiting every unordered pair of distinct pixels."""
    a, b = a.ravel(), b.ravel()
    pairs = list(itertools.combinations(range(a.size), 2))
    agree = sum((a[i] == a[j]) == (b[i] == b[j]) for i, j in pairs)
    return agree / len(pairs)


def brute_covering(segmentation: np.ndarray, truth: np.ndarray) -> float:
    """Covering of ``truth`` by ``segmentation``, one region mask at a time."""
    total = 0.0
    for r in np.unique(truth):
        region = truth == r
        best = max(
            np.sum(region & (segmentation == s)) / np.sum(region | (segmentation == s))
            for s in np.unique(segmentation)
        )
        total += region.sum() * best
    return total / truth.size


def test_hand_computed_2x2():
    # Contingency table of HALVES (rows) by COLUMNS: [[1, 1], [1, 1]], N = 4.
    # Covering: each column (2 px) meets each half in 1 px, IoU 1 / (2 + 2 - 1) = 1/3;
    #   C = (2 * 1/3 + 2 * 1/3) / 4 = 1/3.
    # Rand: 6 pairs; (top-left, bottom-right) and (top-right, bottom-left) are split by both;
    #   the 4 others are joined by one and split by the other: RI = 2/6. From the table:
    #   1 - (sum a^2/2 + sum b^2/2 - sum n^2) / 6 = 1 - (4 + 4 - 4) / 6 = 1/3.
    # VI: H(S) = H(G) = 1 bit, S and G independent so I = 0: VI = 2 bits (2 ln 2 in nats).
    assert segmentation_covering(HALVES, COLUMNS) == pytest.approx(1 / 3)
    assert probabilistic_rand_index(HALVES, COLUMNS) == pytest.approx(1 / 3)
    assert variation_of_information(HALVES, COLUMNS) == pytest.approx(2.0)
    assert region_scores(HALVES, COLUMNS) == pytest.approx(
        {"covering": 1 / 3, "pri": 1 / 3, "vi": 2}
    )


def test_hand_computed_4x4_over_and_under_segmentation():
    one = np.ones((4, 4), int)
    pixels = np.arange(16).reshape(4, 4)
    # One region against the quadrants: each quadrant's IoU with it is 4/16, so C = 1/4.
    # Pairs: 120; joined by the quadrants 4 * C(4, 2) = 24, all joined by one region: RI = 0.2.
    # VI: H(one) = 0, H(quadrants) = 2 bits, I = 0: VI = 2.
    assert region_scores(one, QUADRANTS) == pytest.approx({"covering": 0.25, "pri": 0.2, "vi": 2})
    # One region per pixel: each quadrant's best IoU is 1/4 again, so C = 1/4, but the 96
    # pairs the quadrants split are split here too: RI = 96/120 = 0.8. H(pixels) = 4 bits,
    # I = H(quadrants) = 2: VI = 4 + 2 - 4 = 2. PRI is generous to over-segmentation.
    assert region_scores(pixels, QUADRANTS) == pytest.approx(
        {"covering": 0.25, "pri": 0.8, "vi": 2}
    )


def test_one_region_against_many_is_not_symmetric_for_covering():
    one = np.ones((4, 4), int)
    unequal = np.ones((4, 4), int)
    unequal[3] = 2  # regions of 12 and 4 pixels
    # Covering of `unequal` by one region: (12 * 12/16 + 4 * 4/16) / 16 = (9 + 1) / 16.
    assert segmentation_covering(one, unequal) == pytest.approx(10 / 16)
    # Covering of one region by `unequal`: 16 * max(12/16, 4/16) / 16 = 0.75.
    assert segmentation_covering(unequal, one) == pytest.approx(0.75)
    # RI: C(12, 2) + C(4, 2) = 72 of the 120 pairs are joined by both; the same either way.
    assert probabilistic_rand_index(one, unequal) == pytest.approx(72 / 120)
    assert probabilistic_rand_index(unequal, one) == pytest.approx(72 / 120)
    entropy = -(0.75 * np.log2(0.75) + 0.25 * np.log2(0.25))
    assert variation_of_information(one, unequal) == pytest.approx(entropy)
    assert variation_of_information(unequal, one) == pytest.approx(entropy)


def test_identical_groupings_score_perfectly_whatever_the_labels(bsds):
    renamed = np.array([7, 3, 0, 9])[QUADRANTS - 1]  # same regions, other names, 0 included
    for segmentation, truth in (
        (renamed, QUADRANTS),
        (bsds.segmentations[0] * 5, bsds.segmentations[0]),
    ):
        assert region_scores(segmentation, truth) == {"covering": 1.0, "pri": 1.0, "vi": 0.0}
    one_pixel = np.array([[3]])
    assert region_scores(one_pixel, np.array([[1]])) == {"covering": 1.0, "pri": 1.0, "vi": 0.0}


def test_label_zero_is_an_ordinary_region():
    rng = np.random.default_rng(5)
    segmentation = rng.integers(0, 4, (9, 11))
    truths = [rng.integers(1, 5, (9, 11)) for _ in range(3)]
    assert region_scores(segmentation, truths) == pytest.approx(
        region_scores(segmentation + 1, truths)
    )
    assert region_scores(segmentation, truths) == pytest.approx(
        region_scores(segmentation, [t - 1 for t in truths])
    )


def test_a_bool_mask_is_two_regions():
    mask = QUADRANTS <= 2  # top half
    assert region_scores(mask, QUADRANTS) == pytest.approx(
        region_scores(mask.astype(np.int32), QUADRANTS)
    )
    assert segmentation_covering(QUADRANTS, mask) == pytest.approx(0.5)  # halves by quadrants


def test_several_annotators_are_pooled_as_the_bsds_code_does():
    rng = np.random.default_rng(1)
    segmentation = rng.integers(0, 5, (12, 10))
    truths = [rng.integers(1, n, (12, 10)) for n in (3, 6, 9)]
    alone = [region_scores(segmentation, truth) for truth in truths]
    pooled = region_scores(segmentation, truths)
    # Covering: sum of covered pixels / sum of pixel counts = the mean (same shapes); PRI and
    # VI: the mean over annotators.
    covered = sum(brute_covering(segmentation, t) * t.size for t in truths)
    assert pooled["covering"] == pytest.approx(covered / sum(t.size for t in truths))
    for name in ("covering", "pri", "vi"):
        assert pooled[name] == pytest.approx(np.mean([scores[name] for scores in alone]))
    assert segmentation_covering(segmentation, truths) == pooled["covering"]
    assert probabilistic_rand_index(segmentation, truths) == pooled["pri"]
    assert variation_of_information(segmentation, truths) == pooled["vi"]
    # A tuple and a generator of annotations are lists too.
    assert region_scores(segmentation, tuple(truths)) == pooled
    assert region_scores(segmentation, (t for t in truths)) == pooled


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_rand_index_counts_unordered_pairs_of_distinct_pixels(seed):
    rng = np.random.default_rng(seed)
    segmentation = rng.integers(0, 3, (6, 7))
    truth = rng.integers(1, 4, (6, 7))
    assert probabilistic_rand_index(segmentation, truth) == pytest.approx(
        brute_rand_index(segmentation, truth)
    )
    assert segmentation_covering(segmentation, truth) == pytest.approx(
        brute_covering(segmentation, truth)
    )


@pytest.mark.parametrize(
    ("seed", "n_seg", "n_truth", "shape"),
    [(0, 2, 2, (20, 30)), (1, 8, 5, (40, 50)), (2, 60, 30, (33, 47)), (3, 400, 3, (30, 40))],
)
def test_against_scikit_learn_and_scikit_image_on_random_labels(seed, n_seg, n_truth, shape):
    rng = np.random.default_rng(seed)
    segmentation = rng.integers(0, n_seg, shape)
    truth = rng.integers(1, n_truth + 1, shape)
    scores = region_scores(segmentation, truth)
    assert scores["pri"] == pytest.approx(rand_score(truth.ravel(), segmentation.ravel()))
    # scikit-image returns H(S | G) and H(G | S), in bits; their sum is VI.
    assert scores["vi"] == pytest.approx(skimage_vi(truth, segmentation).sum())
    assert scores["covering"] == pytest.approx(brute_covering(segmentation, truth))


def test_large_label_values_and_many_regions_take_the_sparse_path():
    rng = np.random.default_rng(7)
    truth = rng.integers(1, 40, (60, 70))
    blocks = np.arange(60 * 70).reshape(60, 70) // 3  # 1400 regions: a sparse table
    huge = rng.integers(0, 5, (60, 70)).astype(np.int64) * 10**15  # labels far above N
    for segmentation in (blocks, huge, huge.astype(np.uint64)):
        scores = region_scores(segmentation, truth)
        assert scores["pri"] == pytest.approx(rand_score(truth.ravel(), segmentation.ravel()))
        # scikit-image's table is as wide as the largest label: renumber for it.
        renumbered = np.unique(segmentation, return_inverse=True)[1].reshape(segmentation.shape)
        assert scores["vi"] == pytest.approx(skimage_vi(truth, renumbered).sum())
    assert region_scores(huge, truth) == pytest.approx(region_scores(huge // 10**15, truth))


def test_against_references_on_a_real_bsds500_image(bsds):
    annotations = bsds.segmentations
    assert len(annotations) >= 4 and annotations[0].shape in ((321, 481), (481, 321))
    first, second = annotations[0], annotations[1]
    assert probabilistic_rand_index(first, second) == pytest.approx(
        rand_score(second.ravel(), first.ravel())
    )
    assert variation_of_information(first, second) == pytest.approx(skimage_vi(second, first).sum())
    rand = [rand_score(t.ravel(), first.ravel()) for t in annotations[1:]]
    vi = [skimage_vi(t, first).sum() for t in annotations[1:]]
    scores = region_scores(first, annotations[1:])
    assert scores["pri"] == pytest.approx(np.mean(rand))
    assert scores["vi"] == pytest.approx(np.mean(vi))


def test_a_human_annotation_scores_like_a_human_against_the_others(bsds):
    annotations = bsds.segmentations
    blocks = np.arange(annotations[0].size).reshape(annotations[0].shape) // 1000  # stripes
    one = np.zeros(annotations[0].shape, int)
    for k, annotation in enumerate(annotations):
        others = annotations[:k] + annotations[k + 1 :]
        human = region_scores(annotation, others)
        # People agree closely (the paper's dataset-wide human figures: PRI 0.88, VI 1.10 and
        # covering 0.72); this photo is an easy one.
        assert human["pri"] > 0.9 and human["covering"] > 0.6 and human["vi"] < 1.5, human
        for baseline in (region_scores(blocks, others), region_scores(one, others)):
            assert human["covering"] > baseline["covering"] and human["vi"] < baseline["vi"]
            assert human["pri"] > baseline["pri"]


def test_bad_input_says_what_to_do():
    good = np.zeros((2, 2), int)
    with pytest.raises(ValueError, match=r"truths\[1\] has shape \(3, 3\) but segmentation"):
        region_scores(good, [good, np.zeros((3, 3), int)])
    with pytest.raises(ValueError, match="resize_labels"):
        segmentation_covering(good, np.zeros((2, 3), int))
    with pytest.raises(ValueError, match=r"pass list\(truths\)"):
        region_scores(good, np.zeros((3, 2, 2), int))
    with pytest.raises(ValueError, match="A list is read as several annotations"):
        region_scores(good, [[0, 1], [1, 0]])
    with pytest.raises(TypeError, match="segmentation has dtype float64.*probability > 0.5"):
        probabilistic_rand_index(np.zeros((2, 2)), good)
    with pytest.raises(TypeError, match=r"truths\[0\] has dtype float32"):
        variation_of_information(good, [np.zeros((2, 2), np.float32)])
    with pytest.raises(ValueError, match="truths is empty: pass at least one annotation"):
        region_scores(good, [])
    with pytest.raises(TypeError, match="truths is a NoneType; pass one label image"):
        region_scores(good, None)
    with pytest.raises(TypeError, match="truths is a int"):
        region_scores(good, 3)
    with pytest.raises(ValueError, match="negative labels"):
        region_scores(good, np.array([[0, -1], [1, 1]]))
    with pytest.raises(ValueError, match="empty"):
        region_scores(np.zeros((0, 2), int), [np.zeros((0, 2), int)])


@pytest.mark.parametrize("dtype", [np.uint16, np.int32, np.uint32, np.int64])
def test_large_label_values_of_every_integer_type_score_as_their_ranks(dtype):
    rng = np.random.default_rng(11)
    ranks = rng.integers(0, 4, (30, 40))
    truth = rng.integers(1, 6, (30, 40))
    top = np.iinfo(dtype).max  # 65535 (a 16-bit mask), ids of 10**9 and beyond
    values = np.array([0, 3, top // 2, top], dtype)  # increasing, as the ranks
    segmentation = values[ranks]
    assert region_scores(segmentation, truth) == region_scores(ranks, truth)  # bit for bit
    assert region_scores(truth, [segmentation]) == region_scores(truth, [ranks])
    scores = region_scores(segmentation, truth)
    assert scores["pri"] == pytest.approx(rand_score(truth.ravel(), segmentation.ravel()))
    assert scores["vi"] == pytest.approx(skimage_vi(truth, ranks).sum())
