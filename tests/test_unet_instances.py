"""The instance-aware U-Net and the U-Net paper's recipe: targets, objects, deformation, weights."""

import numpy as np
import pytest
from skimage import segmentation

from segutils import datasets, unet
from segutils.unet import elastic, recipe, targets, training, weightmap
from segutils.unet.framework import keras
from segutils.unet.instances import choose_interior, labels_from_classes, predict_instances


def same_objects(found: np.ndarray, truth: np.ndarray) -> bool:
    """The same partition into objects and background, whatever the numbering."""
    pairs = np.unique(np.stack([found.ravel(), truth.ravel()]), axis=1)
    background_matches = set(pairs[1][pairs[0] == 0]) <= {0} and set(pairs[0][pairs[1] == 0]) <= {0}
    one_to_one = len(set(pairs[0])) == pairs.shape[1] == len(set(pairs[1]))
    return background_matches and one_to_one


def touching_pairs(labels: np.ndarray) -> int:
    """How many pixel pairs of two different objects are 4-neighbours."""
    count = 0
    for a, b in ((labels[1:], labels[:-1]), (labels[:, 1:], labels[:, :-1])):
        count += int(((a != b) & (a > 0) & (b > 0)).sum())
    return count


# --- three classes and the objects grown back ---------------------------------------------


def test_three_class_targets_ring_each_object_with_a_border_inside_it():
    labels = np.zeros((9, 12), np.int32)
    labels[1:8, 1:6], labels[1:8, 6:11] = 1, 2  # two touching 7x5 rectangles
    classes = targets.three_class_targets(labels)
    assert np.array_equal(classes > 0, labels > 0)  # the border keeps the object's area
    assert (classes[:, 5:7] == targets.BORDER)[1:8].all()  # both sides of the contact
    interior = classes == targets.INTERIOR
    assert interior.sum() == 2 * 5 * 3  # 7x5 minus its one-pixel ring, twice
    with pytest.raises(TypeError, match="integer label image"):
        targets.three_class_targets(labels.astype(float))


def test_a_wider_border_is_find_boundaries_test_on_a_disc():
    for seed in range(3):
        truth = datasets.synthetic((96, 96), n_objects=12, difficulty=0.8, seed=seed).labels
        outline = segmentation.find_boundaries(truth, connectivity=1, mode="inner") & (truth > 0)
        one = targets.three_class_targets(truth, border_width=1)
        assert np.array_equal(one == targets.BORDER, outline)  # the width-1 border is the outline
    labels = np.zeros((11, 16), np.int32)
    labels[1:10, 1:8], labels[1:10, 8:15] = 1, 2  # two touching 9x7 rectangles
    classes = targets.three_class_targets(labels, border_width=2)
    assert (classes[5] == [0, 2, 2, 1, 1, 1, 2, 2, 2, 2, 1, 1, 1, 2, 2, 0]).all()  # 4 px apart
    assert np.array_equal(classes > 0, labels > 0)
    for bad in (0, 1.5, True):
        with pytest.raises(ValueError, match="border_width must be a whole number"):
            targets.three_class_targets(labels, border_width=bad)


def test_a_higher_interior_threshold_splits_objects_joined_by_a_neck():
    probabilities = np.zeros((10, 20, 3))
    probabilities[..., targets.BACKGROUND] = 1
    probabilities[2:8, 2:18] = [0, 0.1, 0.9]  # one foreground piece, bordered ...
    probabilities[3:7, 3:9] = [0, 0.95, 0.05]  # ... holding two sure interiors
    probabilities[3:7, 11:17] = [0, 0.95, 0.05]
    probabilities[4:6, 9:11] = [0, 0.6, 0.4]  # joined by an unsure neck
    assert labels_from_classes(probabilities).max() == 1  # the likeliest class joins them
    split = labels_from_classes(probabilities, interior=0.8)
    assert split.max() == 2 and (split > 0).sum() == 6 * 16  # grown back over the foreground
    for bad in (0, 1, 1.5):
        with pytest.raises(ValueError, match=r"interior must be a probability in \(0, 1\)"):
            labels_from_classes(probabilities, interior=bad)


def test_the_seed_threshold_is_chosen_by_the_objects_it_gives_on_known_images():
    # An identity network: the image's three channels are its class probabilities.
    identity = keras.Sequential([keras.Input((None, None, 3)), keras.layers.Identity()])
    probabilities = np.zeros((32, 32, 3), np.float32)
    probabilities[..., targets.BACKGROUND] = 1
    probabilities[4:12, 4:28] = [0, 0.1, 0.9]
    probabilities[5:11, 5:14] = [0, 0.95, 0.05]
    probabilities[5:11, 18:27] = [0, 0.95, 0.05]
    probabilities[7:9, 14:18] = [0, 0.6, 0.4]  # the neck that joins them
    truth = np.zeros((32, 32), np.int32)
    truth[4:12, 4:16], truth[4:12, 16:28] = 1, 2
    best, scores = choose_interior(identity, [probabilities], [truth], choices=[None, 0.8])
    assert best == 0.8 and scores["0.8"] > scores["None"]
    # The first of equal choices wins: 0.7 and 0.8 both split the pair.
    assert choose_interior(identity, [probabilities], [truth], choices=[0.7, 0.8])[0] == 0.7
    with pytest.raises(ValueError, match="one label image per image"):
        choose_interior(identity, [probabilities], [])
    with pytest.raises(ValueError, match="choices is empty"):
        choose_interior(identity, [probabilities], [truth], choices=[])


@pytest.mark.parametrize(
    ("difficulty", "seeds"), [(0.1, range(4)), (0.4, range(4)), (0.7, range(6))]
)
def test_perfect_targets_give_back_the_generators_exact_objects(difficulty, seeds):
    touching = 0
    for seed in seeds:
        truth = datasets.synthetic(difficulty=difficulty, seed=seed).labels
        one_hot = np.eye(3)[targets.three_class_targets(truth)]
        found = labels_from_classes(one_hot)
        assert found.dtype == np.int32 and found.max() == len(np.unique(truth)) - 1
        assert same_objects(found, truth), f"difficulty {difficulty}, seed {seed}"
        touching += touching_pairs(truth)
    if difficulty >= 0.7:  # the case the border class is for: objects that touch
        assert touching > 20  # 66 pixel pairs in these six images


def test_post_processing_drops_small_seeds_and_seedless_fragments():
    probabilities = np.zeros((10, 20, 3))
    probabilities[..., targets.BACKGROUND] = 1
    probabilities[2:8, 2:8] = [0, 0, 1]  # border everywhere ...
    probabilities[3:7, 3:7] = [0, 1, 0]  # ... around a 4x4 interior: one object, 6x6
    probabilities[4, 14] = [0, 1, 0]  # a one-pixel interior on its own
    probabilities[7:9, 16:18] = [0, 0, 1]  # a border fragment without a seed
    found = labels_from_classes(probabilities, min_size=2)
    assert found.max() == 1 and (found == 1).sum() == 36
    assert labels_from_classes(probabilities).max() == 2  # min_size=0 keeps the speck
    with pytest.raises(ValueError, match=r"\(H, W, 3\)"):
        labels_from_classes(probabilities[..., :2])
    with pytest.raises(ValueError, match=r"in \[0, 1\]"):
        labels_from_classes(probabilities * 2)


# --- elastic deformations -------------------------------------------------------------------


def test_the_displacement_field_is_a_smooth_spline_through_the_drawn_grid():
    field = elastic.random_displacement((129, 129), points=3, sigma=10.0, seed=4)
    grid = np.random.default_rng(4).normal(0.0, 10.0, size=(2, 3, 3))
    assert np.allclose(field[:, ::64, ::64], grid)  # passes through the grid points
    # Smooth: neighbouring pixels move alike. The grid points are 64 pixels apart, so the
    # field changes by about sigma / 64 per pixel, and its second differences far less.
    steps = max(np.abs(np.diff(field, axis=axis)).max() for axis in (1, 2))
    bends = max(np.abs(np.diff(field, n=2, axis=axis)).max() for axis in (1, 2))
    assert 0.05 < steps < 2.0 and bends < 0.1
    assert not elastic.random_displacement((40, 40), sigma=0.0).any()


def test_image_and_mask_deformed_alike_stay_aligned():
    truth = datasets.synthetic((128, 128), difficulty=0.0, seed=2).labels
    image = np.where(truth > 0, 0.9, 0.1).astype(np.float32)  # made from the same labels
    field = elastic.random_displacement(truth.shape, sigma=10.0, seed=7)
    moved_labels = elastic.deform(truth, field, order=0)
    moved_image = elastic.deform(image, field, order=1)
    assert moved_labels.dtype == truth.dtype and moved_image.dtype == np.float32
    assert set(np.unique(moved_labels)) <= set(np.unique(truth))  # labels stay labels
    assert (moved_labels != truth).mean() > 0.02  # it did move
    # Linear interpolation blurs the edge by at most a pixel: agreement is all but the edge.
    disagree = (moved_image > 0.5) != (moved_labels > 0)
    edges = segmentation.find_boundaries(moved_labels > 0, mode="thick")
    assert not (disagree & ~edges).any() and disagree.sum() < 0.2 * edges.sum()
    with pytest.raises(ValueError, match="displacement"):
        elastic.deform(image[:64], field)


def test_crops_deform_image_mask_and_weights_together():
    truth = datasets.synthetic((96, 96), difficulty=0.0, seed=1).labels
    image = np.where(truth > 0, 0.9, 0.1).astype(np.float32)
    weights = (truth > 0).astype(np.float32) * 5 + 1  # 6 on objects, 1 elsewhere
    crops = unet.MaskCrops(
        [image], [truth > 0], crop=64, batch_size=4, steps=1, weights=[weights], elastic=True
    )
    x, y, w = crops[0]
    assert x.shape == (4, 64, 64, 3) and y.shape == (4, 64, 64, 1) and w.shape == (4, 64, 64)
    assert np.mean((x[..., 0] > 0.5) == (y[..., 0] > 0.5)) > 0.97
    assert np.mean((w > 3.5) == (y[..., 0] > 0.5)) > 0.97
    with pytest.raises(ValueError, match="one map per image"):
        unet.MaskCrops([image], [truth > 0], crop=64, weights=[])


# --- the weight map -------------------------------------------------------------------------


def test_the_weight_map_is_high_in_the_gap_between_cells_and_class_balance_far_away():
    labels = np.zeros((20, 40), np.int32)
    labels[5:15, 5:15] = 1  # two 10x10 cells, two background columns apart (15 and 16)
    labels[5:15, 17:27] = 2
    weights = weightmap.border_weight_map(labels, w0=10.0, sigma=5.0)
    # Class balance by hand: 800 pixels, 200 in cells: cells 800 / (2 * 200) = 2,
    # background 800 / (2 * 600) = 2 / 3.
    assert weights[10, 10] == pytest.approx(2.0)  # inside a cell: w_c only
    # In the gap at (10, 15): d1 = 1 (column 14), d2 = 2 (column 17).
    assert weights[10, 15] == pytest.approx(2 / 3 + 10 * np.exp(-((1 + 2) ** 2) / 50), rel=1e-5)
    assert weights[10, 16] == pytest.approx(weights[10, 15], rel=1e-6)  # symmetric
    # The corner (0, 39): d1 = |(0, 39) - (5, 26)| = 13.93, d2 = |(0, 39) - (5, 14)| = 25.50.
    bump = 10 * np.exp(-((np.hypot(5, 13) + np.hypot(5, 25)) ** 2) / 50)
    assert bump < 1e-12 and weights[0, 39] == pytest.approx(2 / 3, abs=1e-6)
    # Above the gap, two pixels out: d1 = |(3, 16) - (5, 17)| = 2.24, d2 = |(3, 16) - (5, 14)|.
    d1, d2 = np.hypot(2, 1), np.hypot(2, 2)
    assert weights[3, 16] == pytest.approx(2 / 3 + 10 * np.exp(-((d1 + d2) ** 2) / 50), rel=1e-5)
    assert weights.max() == weights[5:15, 15:17].max()  # the gap is where it peaks


def test_a_lone_cell_gets_no_bump_and_bad_settings_are_refused():
    labels = np.zeros((30, 30), np.int32)
    labels[10:20, 10:20] = 1
    weights = weightmap.border_weight_map(labels)
    # d2 is infinite with one cell: w = w_c everywhere.
    assert np.allclose(weights, weightmap.class_balance(labels > 0))
    with pytest.raises(ValueError, match="sigma"):
        weightmap.border_weight_map(labels, sigma=0)
    with pytest.raises(ValueError, match="shape"):
        weightmap.border_weight_map(labels, classes=labels[:5])


def test_the_weighted_loss_weights_each_pixels_cross_entropy():
    rng = np.random.default_rng(0)
    truth = (rng.random((2, 8, 8, 1)) > 0.5).astype(np.float32)
    guess = rng.uniform(0.05, 0.95, (2, 8, 8, 1)).astype(np.float32)
    weights = rng.uniform(0, 3, (2, 8, 8)).astype(np.float32)
    loss = training._PixelWeighted("bce_dice")
    sm = unet.import_sm()
    dice = float(sm.losses.dice_loss(truth, guess))
    entropy = -(truth * np.log(guess) + (1 - truth) * np.log(1 - guess))[..., 0]
    assert float(loss(truth, guess, weights)) == pytest.approx(
        np.mean(weights * entropy) + dice, rel=1e-4
    )
    assert float(loss(truth, guess, np.zeros_like(weights))) == pytest.approx(dice, rel=1e-4)


# --- the recipe, end to end -------------------------------------------------------------------


def test_a_tiny_three_class_training_goes_end_to_end_to_labels():
    made = [datasets.synthetic((64, 64), n_objects=4, difficulty=0.3, seed=s) for s in range(2)]
    model, history = recipe.train_recipe(
        [s.image for s in made],
        [s.labels for s in made],
        epochs=1,
        crop=64,
        batch_size=2,
        steps=2,
        base_filters=4,
        target="three_class",
        elastic=True,
        weight_map=True,
    )
    assert model.output_shape[-1] == 3 and len(history.history["loss"]) == 1
    assert np.isfinite(history.history["loss"][0])
    labels = predict_instances(model, made[0].image)
    assert labels.shape == (64, 64) and labels.dtype == np.int32 and labels.min() == 0


def test_the_recipe_refuses_what_does_not_fit_the_target():
    sample = datasets.synthetic((64, 64), seed=0)
    with pytest.raises(ValueError, match="needs integer labels"):
        recipe.train_recipe([sample.image], [sample.mask], epochs=1, target="three_class")
    with pytest.raises(ValueError, match="does not fit"):
        recipe.train_recipe([sample.image], [sample.labels], epochs=1, loss="cce_dice")
    with pytest.raises(ValueError, match="target must be"):
        recipe.train_recipe([sample.image], [sample.labels], epochs=1, target="borders")
    with pytest.raises(ValueError, match="border_width sets the border class"):
        recipe.train_recipe([sample.image], [sample.labels], epochs=1, border_width=2)
    with pytest.raises(ValueError, match="1 output channel"):
        predict_instances(unet.small_unet(depth=2, base_filters=4), sample.image)
