"""Instance metrics: objects matched one to one by IoU, as StarDist does, and the DSB score."""

import numpy as np
import pytest
from scipy import ndimage as ndi
from stardist.matching import matching as stardist_matching

from segutils.datasets import load_dsb2018
from segutils.metrics import InstanceMatch, dsb_score, instance_scores, match_instances
from segutils.metrics.instances import DSB_THRESHOLDS
from segutils.threshold import global_threshold

# Every numeric field StarDist's Matching and InstanceMatch share.
STARDIST_FIELDS = (
    "fp",
    "tp",
    "fn",
    "precision",
    "recall",
    "accuracy",
    "f1",
    "n_true",
    "n_pred",
    "mean_true_score",
    "mean_matched_score",
    "panoptic_quality",
)
# A fluorescence image of 1040x1388 with 14 nuclei, one of 520x696 with 156, one of 256x256.
DSB_IDS = (
    "c901794d1a421d52e5734500c0a2a8ca84651fb93b19cec2f411855e70cae339",
    "3f9fc8e63f87e8a56d3eaef7db26f1b6db874d19f12abd5a752821b78d47661e",
    "0bf4b144167694b6846d584cf52c458f34f28fcae75328a2a096c8214e01c0d0",
)


def three_nuclei() -> np.ndarray:
    """10x12 truth: squares of 9, 16 and 4 pixels, labelled 1, 2, 3."""
    truth = np.zeros((10, 12), np.int32)
    truth[1:4, 1:4] = 1
    truth[5:9, 2:6] = 2
    truth[1:3, 8:10] = 3
    return truth


def assert_like_stardist(truth: np.ndarray, prediction: np.ndarray, thresh: float) -> None:
    ours = match_instances(truth, prediction, thresh=thresh)
    theirs = stardist_matching(truth, prediction, thresh=thresh)
    for field in STARDIST_FIELDS:
        # StarDist sums its IoUs in float32: the mean scores agree to float32 rounding.
        assert getattr(ours, field) == pytest.approx(float(getattr(theirs, field)), abs=1e-6), (
            field,
            thresh,
        )
    assert (ours.criterion, ours.thresh) == (theirs.criterion, theirs.thresh)


def stardist_dsb(truth: np.ndarray, prediction: np.ndarray) -> float:
    results = stardist_matching(truth, prediction, thresh=list(DSB_THRESHOLDS))
    return float(np.mean([result.accuracy for result in results]))


# ---- hand-computed cases --------------------------------------------------------------------


def test_a_perfect_prediction_scores_one_everywhere():
    truth = three_nuclei()
    result = match_instances(truth, truth)
    assert (result.tp, result.fp, result.fn, result.n_true, result.n_pred) == (3, 0, 0, 3, 3)
    for field in (
        "precision",
        "recall",
        "accuracy",
        "f1",
        "mean_true_score",
        "mean_matched_score",
        "panoptic_quality",
    ):
        assert getattr(result, field) == 1.0, field
    assert (result.splits, result.merges) == (0, 0)
    assert dsb_score(truth, truth) == 1.0


def test_one_missed_object():
    truth = three_nuclei()
    prediction = np.where(truth == 3, 0, truth)
    result = match_instances(truth, prediction)
    assert (result.tp, result.fp, result.fn) == (2, 0, 1)
    assert result.precision == 1.0
    assert result.recall == pytest.approx(2 / 3)
    assert result.accuracy == pytest.approx(2 / 3)
    assert result.f1 == pytest.approx(4 / 5)  # 2*2 / (2*2 + 0 + 1)
    assert result.mean_true_score == pytest.approx(2 / 3)  # IoU sum 2 over 3 true objects
    assert result.mean_matched_score == 1.0
    assert result.panoptic_quality == pytest.approx(2 / 2.5)  # 2 / (2 + 0/2 + 1/2)


def test_one_extra_object():
    truth = three_nuclei()
    prediction = truth.copy()
    prediction[8:10, 9:12] = 4
    result = match_instances(truth, prediction)
    assert (result.tp, result.fp, result.fn, result.n_pred) == (3, 1, 0, 4)
    assert result.precision == pytest.approx(3 / 4)
    assert result.recall == 1.0
    assert result.f1 == pytest.approx(6 / 7)
    assert result.panoptic_quality == pytest.approx(3 / 3.5)


def test_one_object_split_in_two():
    truth = np.zeros((6, 7), np.int32)
    truth[1:5, 1:6] = 1  # 20 pixels
    prediction = np.zeros_like(truth)
    prediction[1:5, 1:4] = 1  # 12 pixels: IoU 12/20 = 0.6
    prediction[1:5, 4:6] = 2  # 8 pixels: IoU 8/20 = 0.4
    result = match_instances(truth, prediction)
    assert (result.tp, result.fp, result.fn) == (1, 1, 0)
    assert result.mean_matched_score == pytest.approx(0.6)
    assert result.panoptic_quality == pytest.approx(0.6 / 1.5)
    assert (result.splits, result.merges) == (1, 0)


def test_two_objects_merged_into_one():
    truth = np.zeros((4, 9), np.int32)
    truth[:, :4] = 1  # 16 pixels each, one column apart
    truth[:, 5:] = 2
    prediction = np.ones_like(truth)  # 36 pixels over both: each IoU 16/36 < 0.5
    result = match_instances(truth, prediction)
    assert (result.tp, result.fp, result.fn) == (0, 1, 2)
    assert (result.f1, result.precision, result.recall, result.panoptic_quality) == (0, 0, 0, 0)
    assert (result.splits, result.merges) == (0, 1)
    # Half of a true object is enough for a merge; less than half of the second is not.
    prediction[:, 7:] = 0  # now 28 pixels: all of object 1, 2 of the 4 columns of object 2
    assert match_instances(truth, prediction).merges == 1
    prediction[:, 6:] = 0  # 1 column of object 2 of 4: no longer a merge
    assert match_instances(truth, prediction).merges == 0


def test_iou_exactly_at_the_threshold_counts():
    truth = np.zeros((1, 10), np.int32)
    truth[0, :8] = 1
    prediction = np.zeros_like(truth)
    prediction[0, :4] = 1  # IoU 4/8 = 0.5 exactly
    assert match_instances(truth, prediction, thresh=0.5).tp == 1  # >=, as StarDist
    assert match_instances(truth, prediction, thresh=0.51).tp == 0
    assert dsb_score(truth, prediction) == pytest.approx(0.1)  # a hit at 0.50 only


def test_matching_is_one_to_one():
    truth = np.zeros((1, 8), np.int32)
    truth[0, :] = 1
    halves = np.array([[1, 1, 1, 1, 2, 2, 2, 2]])  # each half has IoU 0.5 with the truth
    result = match_instances(truth, halves)
    assert (result.tp, result.fp, result.fn, result.splits) == (1, 1, 0, 1)


def test_the_solver_maximises_the_number_of_matches_before_the_iou():
    # truth A = [0, 10), B = [10, 14); prediction X = [2, 12), Y = [0, 2).
    # IoU(A, X) = 8/12, IoU(B, X) = 2/12, IoU(A, Y) = 2/10. Greedy by IoU takes A-X alone;
    # at thresh 0.15 the assignment A-Y, B-X has two matches.
    truth = np.repeat([1, 2, 0], [10, 4, 2])
    prediction = np.repeat([2, 1, 0], [2, 10, 4])
    assert match_instances(truth, prediction, thresh=0.15).tp == 2
    assert match_instances(truth, prediction, thresh=0.5).tp == 1
    assert_like_stardist(truth, prediction, 0.15)


def test_empty_truth_or_prediction():
    empty = np.zeros((10, 12), np.int32)
    truth = three_nuclei()
    nothing = match_instances(empty, empty)
    # StarDist's convention: no true positive, so precision ... F1 are 0 (not 0/0).
    assert (nothing.tp, nothing.n_true, nothing.n_pred, nothing.f1, nothing.precision) == (
        0,
        0,
        0,
        0.0,
        0.0,
    )
    assert dsb_score(empty, empty) == 1.0  # nothing to find, nothing found: perfect
    missed = match_instances(truth, empty)
    assert (missed.fn, missed.fp, missed.recall, missed.mean_true_score) == (3, 0, 0.0, 0.0)
    invented = match_instances(empty, truth)
    assert (invented.fp, invented.fn, invented.precision) == (3, 0, 0.0)
    assert dsb_score(truth, empty) == dsb_score(empty, truth) == 0.0
    for truth_, prediction in ((empty, empty), (truth, empty), (empty, truth)):
        assert_like_stardist(truth_, prediction, 0.5)


def test_gaps_in_the_numbering_change_nothing():
    truth = three_nuclei()
    prediction = np.roll(truth, 1, axis=1)
    prediction[9, 0] = 4
    expected = match_instances(truth, prediction).as_dict()
    gappy_truth = np.array([0, 3, 7, 40])[truth]
    gappy_prediction = np.array([0, 1000, 2, 5, 9])[prediction]
    assert match_instances(gappy_truth, gappy_prediction).as_dict() == expected
    # Labels too large to count with a bincount over 0..max take the sorting path.
    huge = (gappy_prediction.astype(np.uint64) << np.uint64(40)).astype(np.uint64)
    assert match_instances(gappy_truth, huge).as_dict() == expected
    assert instance_scores(gappy_truth, huge) == instance_scores(truth, prediction)


def test_permuted_labels_change_nothing():
    rng = np.random.default_rng(1)
    truth = ndi.label(ndi.gaussian_filter(rng.random((60, 60)), 2) > 0.5)[0]
    prediction = ndi.label(ndi.gaussian_filter(rng.random((60, 60)), 2) > 0.5)[0]
    expected = instance_scores(truth, prediction, thresh=0.3)
    for _ in range(3):
        new_truth = np.r_[0, rng.permutation(truth.max()) + 1][truth]
        new_prediction = np.r_[0, rng.permutation(prediction.max()) + 1][prediction]
        assert instance_scores(new_truth, new_prediction, thresh=0.3) == expected


def test_dsb_score_by_hand():
    truth = np.zeros((6, 10), np.int32)
    truth[0:4, 0:5] = 1  # 20 pixels
    truth[0:2, 6:10] = 2  # 8 pixels
    prediction = np.zeros_like(truth)
    prediction[0:3, 0:5] = 1  # 15 pixels inside object 1: IoU 0.75
    prediction[0:2, 6:10] = 2  # object 2 exactly
    prediction[5, 0:3] = 3  # one extra object
    # t = 0.50 ... 0.75 (6 thresholds): TP 2, FP 1, FN 0 -> 2/3.
    # t = 0.80 ... 0.95 (4 thresholds): TP 1, FP 2, FN 1 -> 1/4.
    assert dsb_score(truth, prediction) == pytest.approx((6 * 2 / 3 + 4 * 1 / 4) / 10)
    assert instance_scores(truth, prediction)["dsb_score"] == dsb_score(truth, prediction)


def test_instance_scores_gathers_the_table_columns():
    truth = three_nuclei()
    prediction = np.where(truth == 3, 0, truth)
    scores = instance_scores(truth, prediction)
    result = match_instances(truth, prediction)
    assert list(scores) == [
        "f1",
        "precision",
        "recall",
        "mean_matched_iou",
        "panoptic_quality",
        "dsb_score",
        "splits",
        "merges",
    ]
    assert scores["f1"] == result.f1
    assert scores["mean_matched_iou"] == result.mean_matched_score
    assert scores["dsb_score"] == pytest.approx(2 / 3)
    assert isinstance(result, InstanceMatch)
    with pytest.raises(AttributeError):
        result.tp = 5  # frozen: a result is a record, not a scratch pad


# ---- bad input ------------------------------------------------------------------------------


@pytest.mark.parametrize("function", [match_instances, dsb_score, instance_scores])
def test_bad_inputs_say_what_to_do(function):
    truth = three_nuclei()
    with pytest.raises(
        ValueError,
        match=r"truth has shape \(10, 12\) but prediction has shape "
        r"\(12, 10\).*resize_labels",
    ):
        function(truth, truth.T)
    with pytest.raises(TypeError, match="dtype float64.*Threshold"):
        function(truth, truth * 0.5)
    with pytest.raises(TypeError, match=r"bool mask.*scipy\.ndimage\.label\(prediction\)"):
        function(truth, truth > 0)
    with pytest.raises(TypeError, match=r"bool mask.*scipy\.ndimage\.label\(truth\)"):
        function(truth > 0, truth)
    with pytest.raises(ValueError, match="negative labels"):
        function(truth, -truth)


@pytest.mark.parametrize("function", [match_instances, instance_scores])
def test_a_bad_threshold_is_refused(function):
    truth = three_nuclei()
    for thresh in (0, 0.0, 1.5, -0.5, float("nan")):
        with pytest.raises(ValueError, match=r"thresh must be in \(0, 1\]"):
            function(truth, truth, thresh=thresh)
    for thresh in ("0.5", None, True):
        with pytest.raises(TypeError, match="thresh must be a number"):
            function(truth, truth, thresh=thresh)


# ---- against StarDist -------------------------------------------------------------------------


def random_pairs(seed: int):
    """Label pairs of every kind: noise, blobs, sparse numbering, 1-D and 3-D."""
    rng = np.random.default_rng(seed)
    for _ in range(60):
        shape = tuple(int(side) for side in rng.integers(1, 25, 2))
        yield rng.integers(0, rng.integers(1, 9), shape), rng.integers(0, rng.integers(1, 9), shape)
    for _ in range(30):
        shape = tuple(int(side) for side in rng.integers(20, 80, 2))
        sigma = rng.uniform(1, 3)
        truth, prediction = (
            ndi.label(ndi.gaussian_filter(rng.random(shape), sigma) > rng.uniform(0.45, 0.55))[0]
            for _ in range(2)
        )
        yield truth, prediction
        yield truth, np.where(ndi.binary_erosion(truth > 0), truth, 0)  # shrunk: IoUs in (0, 1)
        pixels = np.arange(1, truth.size + 1).reshape(shape)  # over-segmented: a sparse table
        yield truth, np.where(truth > 0, pixels, 0)
    yield rng.integers(0, 5, 50), rng.integers(0, 5, 50)
    yield rng.integers(0, 4, (6, 7, 8)), rng.integers(0, 4, (6, 7, 8))
    yield np.array([0, 0, 17, 17, 900]), np.array([3, 3, 3, 0, 12])


def test_every_field_agrees_with_stardist_on_random_labels():
    for truth, prediction in random_pairs(seed=7):
        for thresh in (0.1, 0.3, 0.5, 0.75):
            assert_like_stardist(truth, prediction, thresh)
        assert dsb_score(truth, prediction) == pytest.approx(
            stardist_dsb(truth, prediction), abs=1e-9
        ) or (truth.max() == prediction.max() == 0)  # both empty: 1.0 here, 0 in StarDist


def test_every_field_agrees_with_stardist_on_constructed_labels():
    truth = three_nuclei()
    cases = [
        (truth, truth),
        (truth, np.where(truth == 3, 0, truth)),
        (truth, np.roll(truth, 1, axis=0)),
        (truth, np.roll(truth, 1, axis=1)),
        (truth, (truth > 0).astype(np.int32)),  # all three merged under one label
        (truth, np.where(truth > 0, np.arange(truth.size).reshape(truth.shape) % 3 + 1, 0)),
    ]
    for truth_, prediction in cases:
        for thresh in (0.3, 0.5, 0.75):
            assert_like_stardist(truth_, prediction, thresh)
            assert_like_stardist(prediction, truth_, thresh)
        assert dsb_score(truth_, prediction) == pytest.approx(stardist_dsb(truth_, prediction))


# ---- real data -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def nuclei(shared_data):
    return load_dsb2018(DSB_IDS, root=shared_data)


def otsu_objects(sample) -> np.ndarray:
    return ndi.label(global_threshold(sample.image))[0]


def test_dsb2018_truth_against_itself_is_perfect(nuclei):
    for sample in nuclei:
        scores = instance_scores(sample.labels, sample.labels)
        assert scores == {
            "f1": 1.0,
            "precision": 1.0,
            "recall": 1.0,
            "mean_matched_iou": 1.0,
            "panoptic_quality": 1.0,
            "dsb_score": 1.0,
            "splits": 0,
            "merges": 0,
        }


def test_dsb2018_otsu_objects_score_in_between_and_as_stardist(nuclei):
    for sample in nuclei:
        prediction = otsu_objects(sample)
        scores = instance_scores(sample.labels, prediction)
        # Otsu finds most nuclei but fuses touching ones and outlines loosely.
        assert 0.5 < scores["f1"] < 0.98, (sample.id, scores)
        assert 0.1 < scores["dsb_score"] < scores["f1"], (sample.id, scores)
        assert 0.6 < scores["mean_matched_iou"] < 1.0, (sample.id, scores)
        assert_like_stardist(sample.labels, prediction, 0.5)
        assert scores["dsb_score"] == pytest.approx(stardist_dsb(sample.labels, prediction))


@pytest.mark.parametrize("dtype", [np.uint16, np.int32, np.uint32, np.int64])
def test_object_ids_of_every_integer_type_match_as_their_ranks(dtype):
    truth = np.zeros((40, 40), np.int64)
    truth[2:12, 2:12], truth[20:30, 5:15], truth[5:15, 25:35] = 1, 2, 3
    prediction = np.roll(truth, 2, axis=1)
    prediction[prediction == 3] = 0
    prediction[30:36, 30:36] = 4  # an extra object
    top = np.iinfo(dtype).max
    ids = np.array([0, 7, 10**4, top // 3, top], dtype)  # 0 stays the background
    for truth_ids, prediction_ids in ((ids[truth], ids[prediction]), (ids[truth], prediction)):
        assert match_instances(truth_ids, prediction_ids) == match_instances(truth, prediction)
        assert instance_scores(truth_ids, prediction_ids) == instance_scores(truth, prediction)
    # StarDist itself renumbers through a table as long as the largest id (10**9 and beyond
    # fail there): it is the reference on the ranks, which the ids have just matched.
    assert_like_stardist(truth, prediction, 0.5)
    assert dsb_score(np.array([[3]], np.int32), np.array([[26151]], np.int32)) == 1.0
