"""Hidden check of unet_q4 (instructor's autograder only; students never receive it).

Each of the public check's three tests, against the DSB2018 split and the epoch budget set here
again as the notebook sets them (redefining nuclei_train, nuclei_held_out or NUCLEI_EPOCHS changes
nothing): crops of the training images with their nuclei as 0/1 masks, a model trained for the
whole budget, its mean held-out F1; then the model is run on a held-back image of another size:
probabilities in [0, 1] of its shape.
"""

from otter.test_files import test_case

OK_FORMAT = False

name = "unet_q4"
points = 1


@test_case(points=1, hidden=True)
def test_model_on_held_back_image(nuclei_crops, nuclei_model, nuclei_f1):
    import keras
    import numpy as np

    import segutils as su
    from segutils import unet

    assert nuclei_f1 is not ... and nuclei_f1 is not None, "No F1."
    nuclei = su.load_dsb2018(kind="fluorescence")
    train, held_out = nuclei[:33], nuclei[33:]
    assert isinstance(nuclei_crops, unet.MaskCrops) and nuclei_crops.crop == 128, "Crops."
    assert len(nuclei_crops.masks) == len(train), "Not crops of the training images only."
    for mask, sample in zip(nuclei_crops.masks, train, strict=True):
        assert mask.shape == (*sample.labels.shape, 1), "A mask is not its image's size."
        assert np.isin(mask, (0, 1)).all(), "Masks are not 0/1."
        assert np.array_equal(mask[..., 0] > 0.5, sample.labels > 0), "Not the training nuclei."
    assert isinstance(nuclei_model, keras.Model) and nuclei_model.output_shape[-1] == 1, "Model."
    optimizer = getattr(nuclei_model, "optimizer", None)
    assert optimizer is not None and int(optimizer.iterations.numpy()) > 0, "Not trained."
    # The notebook's budget, not the student's NUCLEI_EPOCHS, which an answer could redefine.
    epochs = 5 if su.is_quick() else 60
    assert int(optimizer.iterations.numpy()) >= epochs * len(nuclei_crops), "Trained too short."
    scores = [su.dice(s.labels > 0, unet.predict_probability(nuclei_model, s.image) > 0.5)
              for s in held_out]
    assert np.ndim(nuclei_f1) == 0 and abs(float(nuclei_f1) - np.mean(scores)) < 1e-4, (
        "Not the mean held-out F1 of nuclei_model."
    )
    image = held_out[-1].image[:96, :160]
    probability = unet.predict_probability(nuclei_model, image)
    assert probability.shape == image.shape[:2], f"Probability map {probability.shape}."
    assert probability.min() >= 0 and probability.max() <= 1, "Not probabilities."
