"""Exercise 4 of 06_unet_keras: a U-Net for DSB2018 nuclei, trained and scored on held-out images."""

from otter.test_files import test_case

OK_FORMAT = False

name = "unet_q4"
points = 3


@test_case(points=1)
def test_training_crops(nuclei_crops, nuclei_train):
    import numpy as np
    from segutils import unet

    assert nuclei_crops is not ..., "Replace ... with unet.MaskCrops(...)."
    assert isinstance(nuclei_crops, unet.MaskCrops), "nuclei_crops must be a unet.MaskCrops."
    assert nuclei_crops.crop == 128, f"Use 128 x 128 crops, not {nuclei_crops.crop}."
    assert len(nuclei_crops.images) == len(nuclei_train), (
        f"Crop from the {len(nuclei_train)} training images (nuclei_train) only, "
        f"not {len(nuclei_crops.images)}."
    )
    for mask, sample in zip(nuclei_crops.masks, nuclei_train, strict=True):
        assert mask.shape == (*sample.labels.shape, 1), (
            "One binary mask per training image, of the image's size (sample.labels > 0)."
        )
        assert np.isin(mask, (0, 1)).all(), (
            f"A mask holds values up to {mask.max():g}: the sigmoid network needs 0/1 targets. "
            "Pass sample.labels > 0, not the label image itself."
        )
        assert np.array_equal(mask[..., 0] > 0.5, sample.labels > 0), (
            "Each mask must be its image's nuclei, sample.labels > 0 (every labelled pixel)."
        )

@test_case(points=1)
def test_model_trained(nuclei_model, nuclei_crops, NUCLEI_EPOCHS):
    import keras

    assert isinstance(nuclei_model, keras.Model), "nuclei_model must be a Keras model."
    assert nuclei_model.output_shape[-1] == 1, "One output channel: the nucleus probability."
    optimizer = getattr(nuclei_model, "optimizer", None)
    assert optimizer is not None and int(optimizer.iterations.numpy()) > 0, (
        "Train nuclei_model with unet.train(...) before scoring it."
    )
    assert nuclei_crops is not ..., "Replace ... with the unet.MaskCrops nuclei_model trains on."
    batches = int(optimizer.iterations.numpy())
    assert batches >= NUCLEI_EPOCHS * len(nuclei_crops), (
        f"nuclei_model trained on {batches} batches, fewer than NUCLEI_EPOCHS epochs of "
        f"{len(nuclei_crops)}: pass epochs=NUCLEI_EPOCHS and patience=NUCLEI_EPOCHS, so that "
        "early stopping does not end training first."
    )

@test_case(points=1)
def test_held_out_f1(nuclei_f1, nuclei_model, nuclei_held_out):
    import numpy as np
    from segutils import dice, unet

    assert nuclei_f1 is not ... and nuclei_f1 is not None, "Replace ... with the mean F1."
    assert np.ndim(nuclei_f1) == 0 and 0 <= float(nuclei_f1) <= 1, "One mean F1, in [0, 1]."
    # The model is the student's own, so its held-out F1 is measured here; no message prints
    # it, so that pasting a printed number back cannot pass.
    scores = []
    for sample in nuclei_held_out:
        probability = unet.predict_probability(nuclei_model, sample.image)
        scores.append(dice(sample.labels > 0, probability > 0.5))
    assert abs(float(nuclei_f1) - np.mean(scores)) < 1e-4, (
        f"{float(nuclei_f1):.4f} is not the mean held-out F1 of nuclei_model: predict each "
        "held-out image (nuclei_held_out) with unet.predict_probability, call a pixel nucleus "
        "above 0.5, compare with sample.labels > 0 by su.dice, and average over the held-out "
        "images."
    )
