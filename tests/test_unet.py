"""segutils.unet: models build, the pipeline crops and augments, prediction pads and tiles,
saved models predict the same, checkpoints are never overwritten, offline ImageNet falls back."""

import os
import zipfile

import numpy as np
import pytest

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "1")

keras = pytest.importorskip("keras")
from segutils import unet  # noqa: E402
from segutils.datasets import synthetic  # noqa: E402
from segutils.metrics import dice  # noqa: E402


@pytest.fixture(scope="module")
def tiny_model():
    keras.utils.set_random_seed(0)
    return unet.small_unet(base_filters=4, depth=2)


def test_small_unet_has_skip_connections_and_keeps_size(tiny_model):
    names = [layer.name for layer in tiny_model.layers]
    assert "skip0" in names and "skip1" in names and "bottleneck_conv1" in names
    out = tiny_model.predict(np.zeros((1, 64, 96, 3), np.float32), verbose=0)
    assert out.shape == (1, 64, 96, 1) and 0 <= out.min() and out.max() <= 1


def test_segmentation_models_builds_on_keras_3():
    sm = unet.import_sm()
    assert sm.framework() == "tf.keras"
    model = unet.build_unet("resnet18", classes=3, activation="softmax", input_shape=(64, 64, 3))
    assert model.output_shape == (None, 64, 64, 3)
    six_channels = unet.build_unet("resnet18", input_shape=(None, None, 6))
    assert six_channels.input_shape == (None, None, None, 6)
    with pytest.raises(ValueError, match="encoder_weights"):
        unet.build_unet("resnet18", encoder_weights="places365")


def test_offline_imagenet_falls_back_to_random_weights(monkeypatch):
    def no_network(*args, **kwargs):
        raise Exception("URL fetch failure on https://example.invalid: None -- offline")

    monkeypatch.setattr(keras.utils, "get_file", no_network)
    with pytest.warns(UserWarning, match="could not be downloaded.*random weights"):
        model = unet.build_unet("resnet18", encoder_weights="imagenet", input_shape=(64, 64, 3))
    assert model.output_shape == (None, 64, 64, 1)


def test_crops_move_labels_with_the_image():
    sample = synthetic((96, 96), n_objects=4, seed=0)
    masks = np.stack([sample.mask, sample.mask[::-1]])
    images = np.where(masks, 0.9, 0.1).astype(np.float32)  # the image encodes its own label
    crops = unet.MaskCrops(images, masks, crop=64, batch_size=4, steps=3, seed=1)
    x, y = crops[0]
    assert x.shape == (4, 64, 64, 3) and y.shape == (4, 64, 64, 1)
    # after cropping, rotating and flipping, each label still sits on its own pixels
    np.testing.assert_array_equal(y[..., 0] > 0.5, x[..., 0] > 0.5)
    assert 0 < y.mean() < 1
    np.testing.assert_array_equal(crops[0][0], x)  # same seed, epoch and index: same batch
    with pytest.raises(ValueError, match="multiple of 32"):
        unet.MaskCrops(images, masks, crop=50)


def test_crops_come_from_images_of_different_sizes():
    sizes = [(64, 64), (96, 160), (128, 72)]
    samples = [synthetic(size, n_objects=3, seed=i) for i, size in enumerate(sizes)]
    masks = [s.mask for s in samples]
    images = [np.where(m, 0.9, 0.1).astype(np.float32) for m in masks]
    crops = unet.MaskCrops(images, masks, crop=64, batch_size=16, steps=2, seed=0)
    for index in range(len(crops)):
        x, y = crops[index]
        assert x.shape == (16, 64, 64, 3)
        np.testing.assert_array_equal(y[..., 0] > 0.5, x[..., 0] > 0.5)
    with pytest.raises(ValueError, match="smaller than the crop"):
        unet.MaskCrops(images, masks, crop=96)
    with pytest.raises(ValueError, match="image 1 is"):
        unet.MaskCrops(images, [masks[0], masks[0], masks[2]], crop=64)
    with pytest.raises(ValueError, match="pair up"):
        unet.MaskCrops(images, masks[:2], crop=64)


def test_crops_refuse_masks_that_are_not_binary():
    sample = synthetic((96, 96), n_objects=6, seed=0)
    assert sample.labels.max() > 1
    images = [sample.image, sample.image]
    # A label image as a sigmoid target trains towards values up to N, not probabilities.
    with pytest.raises(ValueError, match=r"other than 0 and 1.*> 0"):
        unet.MaskCrops(images, [sample.labels, sample.labels], crop=64)
    with pytest.raises(ValueError, match="one-hot 0/1"):
        unet.MaskCrops(images, [sample.labels[..., None]] * 2, crop=64)
    with pytest.raises(TypeError, match="probability > 0.5"):
        unet.MaskCrops(images, [sample.mask * 0.7] * 2, crop=64)


def test_empty_batches_and_non_arrays_are_refused_before_any_library_sees_them():
    # Found by the fuzz harness's long profile: NumPy's "need at least one array to stack" and
    # an AttributeError from inside MaskCrops.
    with pytest.raises(ValueError, match=r"images has shape \(0,\): pass one image"):
        unet.to_network_input(np.zeros((0,), np.float16))
    with pytest.raises(ValueError, match=r"images has shape \(0, 8, 8\)"):
        unet.to_network_input(np.zeros((0, 8, 8), np.float32))
    with pytest.raises(TypeError, match="image 0 must be a NumPy array, got float"):
        unet.MaskCrops(np.array([1.0], object), [np.zeros((0, 5), bool)], crop=32)


def test_prediction_pads_and_tiles_consistently(tiny_model):
    image = synthetic((200, 290), seed=2).image
    whole = unet.predict_probability(tiny_model, image, tile=512)
    tiled = unet.predict_probability(tiny_model, image, tile=128, overlap=64)
    assert whole.shape == image.shape == tiled.shape
    # tiles only differ from one pass near tile borders, where context is cut
    assert np.mean(np.abs(whole - tiled) < 0.05) > 0.9


def test_test_time_augmentation_averages_the_eight_views(tiny_model):
    image = synthetic((64, 96), seed=5).image
    plain = unet.predict_probability(tiny_model, image)
    averaged = unet.predict_probability(tiny_model, image, test_time_augmentation=True)
    assert averaged.shape == plain.shape
    # the average of the views, each turned back, is itself unchanged by a mirror of the input
    mirrored = unet.predict_probability(
        tiny_model, np.ascontiguousarray(image[:, ::-1]), test_time_augmentation=True
    )
    np.testing.assert_allclose(mirrored[:, ::-1], averaged, atol=1e-5)
    assert not np.allclose(plain[:, ::-1], unet.predict_probability(tiny_model, image[:, ::-1]))


def test_saved_model_predicts_identically(tiny_model, tmp_path):
    image = synthetic((64, 64), seed=3).image
    path = unet.save_model(tiny_model, tmp_path / "model.keras")
    again = unet.load_model(path)
    np.testing.assert_allclose(
        unet.predict_probability(again, image),
        unet.predict_probability(tiny_model, image),
        atol=1e-6,
    )
    with pytest.raises(FileExistsError, match="overwrite=True"):
        unet.save_model(tiny_model, path)


def test_training_learns_and_respects_existing_checkpoints(tmp_path):
    keras.utils.set_random_seed(1)
    sample = synthetic((64, 64), n_objects=3, difficulty=0.0, seed=4)
    crops = unet.MaskCrops(sample.image[None], sample.mask[None], crop=64, batch_size=4, steps=4)
    model = unet.small_unet(base_filters=4, depth=2)
    checkpoint = tmp_path / "best.keras"
    history = unet.train(model, crops, epochs=3, checkpoint=checkpoint, verbose=0)
    assert len(history.history["loss"]) == 3
    assert history.history["loss"][-1] < history.history["loss"][0]
    assert checkpoint.is_file()
    with pytest.raises(FileExistsError, match="overwrite=True"):
        unet.train(model, crops, epochs=1, checkpoint=checkpoint, verbose=0)
    with pytest.raises(ValueError, match="loss must be one of"):
        unet.train(model, crops, epochs=1, loss="l2")


def test_after_a_short_training_prediction_agrees_with_training_mode():
    # With Keras' default batch-norm momentum (0.99) the running statistics used at prediction
    # lagged so far behind a few minutes of CPU training that held-out F1 fell to 0.0.
    keras.utils.set_random_seed(3)
    sample = synthetic((64, 64), n_objects=4, difficulty=0.2, seed=5)
    crops = unet.MaskCrops(sample.image[None], sample.mask[None], crop=64, batch_size=4, steps=10)
    model = unet.small_unet(base_filters=4, depth=2)
    unet.train(model, crops, epochs=3, learning_rate=3e-3, verbose=0)
    batch = unet.to_network_input(np.stack([sample.image] * 4))
    in_training = model(batch, training=True).numpy()[0, ..., 0] > 0.5
    at_prediction = unet.predict_probability(model, sample.image) > 0.5
    assert dice(in_training, at_prediction) > 0.8  # 0.91 here; 0.36 with momentum 0.99


def test_cosine_schedule_decays_the_learning_rate_to_zero():
    sample = synthetic((64, 64), n_objects=3, seed=6)
    crops = unet.MaskCrops(sample.image[None], sample.mask[None], crop=64, batch_size=2, steps=2)
    model = unet.small_unet(base_filters=4, depth=2)
    rates = []
    record = keras.callbacks.LambdaCallback(
        on_train_batch_end=lambda batch, logs: rates.append(
            float(model.optimizer.learning_rate.numpy())
        )
    )
    original_fit = model.fit
    model.fit = lambda *a, callbacks, **k: original_fit(*a, callbacks=[*callbacks, record], **k)
    unet.train(model, crops, epochs=2, learning_rate=0.01, schedule="cosine", verbose=0)
    expected = [0.005 * (1 + np.cos(np.pi * step / 4)) for step in range(4)]
    np.testing.assert_allclose(rates, expected, rtol=1e-5)
    with pytest.raises(ValueError, match="schedule must be"):
        unet.train(model, crops, epochs=1, schedule="step")


def test_multi_class_softmax_trains_and_predicts_every_class():
    keras.utils.set_random_seed(2)
    sample = synthetic((64, 64), n_objects=4, seed=7)
    one_hot = keras.utils.to_categorical(sample.semantic, 3)
    crops = unet.MaskCrops([sample.image], [one_hot], crop=64, batch_size=2, steps=2)
    x, y = crops[0]
    assert y.shape == (2, 64, 64, 3)
    np.testing.assert_array_equal(y.sum(axis=-1), 1)  # rotations and flips keep one class a pixel
    model = unet.small_unet(base_filters=4, depth=2, classes=3, activation="softmax")
    history = unet.train(model, crops, epochs=2, loss="cce_dice", verbose=0)
    assert len(history.history["loss"]) == 2
    probability = unet.predict_probability(model, sample.image[:50, :40])
    assert probability.shape == (50, 40, 3)
    np.testing.assert_allclose(probability.sum(axis=-1), 1, atol=1e-5)
    binary = unet.small_unet(base_filters=4, depth=2)
    with pytest.raises(ValueError, match="one output channel"):
        unet.train(binary, crops, epochs=1, loss="cce_dice")


def test_tensorflow_noise_is_dropped_and_real_warnings_are_kept(capfd):
    with unet.framework.without_tensorflow_noise():
        os.write(2, b"I0000 00:00:17 123 op.cc:213] Memory patch applied: M_TRIM_THRESHOLD=128\n")
        os.write(2, b"W0000 00:00:17 123 op.cc:99] Something a student should read\n")
    err = capfd.readouterr().err
    assert "Something a student should read" in err
    assert "M_TRIM_THRESHOLD" not in err


def test_network_inputs_go_through_the_one_converter(tiny_model):
    image = synthetic((64, 64), seed=0).image
    with pytest.raises(TypeError, match="dtype uint8.*as_image"):
        unet.predict_probability(tiny_model, (image * 255).astype(np.uint8))  # once: shifted
    rgba = np.dstack([image] * 4)
    with pytest.raises(ValueError, match=r"shape \(64, 64, 4\)"):
        unet.predict_probability(tiny_model, rgba)  # once: a wrong shape back
    masks_255 = (np.stack([image > 0.5] * 2) * 255).astype(np.uint8)
    with pytest.raises(ValueError, match=r"only 0 and 255.*\(mask 0 > 0\)"):
        unet.MaskCrops(np.stack([image] * 2), masks_255, crop=32)  # once: a loss of -105
    with pytest.raises(ValueError, match="outside \\[0, 1\\]"):
        unet.to_network_input(np.stack([image * 255] * 2))


def test_a_file_that_is_not_a_keras_archive_is_named_for_what_it_is(tmp_path):
    # Issue 25: Keras answered "File not found" for a model.keras that exists but is no zip.
    text = tmp_path / "model.keras"
    text.write_text("a model, trust me")
    with pytest.raises(ValueError, match="model.keras is not a Keras archive .*looks like a text"):
        unet.load_model(text)
    png = tmp_path / "picture.keras"
    png.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    with pytest.raises(ValueError, match="it looks like a PNG image"):
        unet.load_model(png)
    empty = tmp_path / "empty.keras"
    empty.touch()
    with pytest.raises(ValueError, match="it looks like an empty file"):
        unet.load_model(empty)
    with zipfile.ZipFile(tmp_path / "other.keras", "w") as archive:
        archive.writestr("readme.txt", "not a model")
    with pytest.raises(ValueError, match="zip archive but not a Keras model.*holds readme.txt"):
        unet.load_model(tmp_path / "other.keras")


def test_model_paths_that_are_missing_folders_or_other_files_say_what_was_expected(
    tiny_model, tmp_path
):
    with pytest.raises(FileNotFoundError, match="no model file at .*gone.keras"):
        unet.load_model(tmp_path / "gone.keras")
    with pytest.raises(TypeError, match="path must be the path of a model file.*got Functional"):
        unet.load_model(tiny_model)
    (tmp_path / "saved_model").mkdir()
    with pytest.raises(IsADirectoryError, match="is a folder, not a model file"):
        unet.load_model(tmp_path / "saved_model")
    record = tmp_path / "model.json"
    record.write_text('{"loss": 0.1}')
    with pytest.raises(ValueError, match=r"not a Keras model file.*looks like JSON text"):
        unet.load_model(record)
    renamed = unet.save_model(tiny_model, tmp_path / "net.keras").rename(tmp_path / "net.zip")
    with pytest.raises(ValueError, match="rename it to net.keras"):
        unet.load_model(renamed)
    weights = tmp_path / "net.weights.h5"
    tiny_model.save_weights(weights)
    with pytest.raises(ValueError, match=r"weights file .*model.load_weights\(path\)"):
        unet.load_model(weights)
    not_hdf5 = tmp_path / "old.h5"
    not_hdf5.write_text("<html>Sign in</html>")
    with pytest.raises(ValueError, match="old.h5 is not an HDF5 file.*an HTML page"):
        unet.load_model(not_hdf5)


def test_a_keras_archive_keras_cannot_rebuild_is_named_with_keras_reason(tiny_model, tmp_path):
    path = unet.save_model(tiny_model, tmp_path / "net.keras")
    with zipfile.ZipFile(path) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    members["model.weights.h5"] = b"truncated"
    damaged = tmp_path / "damaged.keras"
    with zipfile.ZipFile(damaged, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    with pytest.raises(ValueError, match="damaged.keras is a Keras model file, but Keras cannot"):
        unet.load_model(damaged)
