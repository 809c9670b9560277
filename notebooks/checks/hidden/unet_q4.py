"""Hidden check of unet_q4 (instructor's autograder only; students never receive it).

The trained model is run on a held-back image of another size: probabilities in [0, 1] of its shape.
"""

from otter.test_files import test_case

OK_FORMAT = False

name = "unet_q4"
points = 1


@test_case(points=1, hidden=True)
def test_model_on_held_back_image(nuclei_model, nuclei_f1, nuclei_held_out):
    from segutils import unet

    assert nuclei_f1 is not ... and nuclei_f1 is not None, "No F1."
    assert 0 <= float(nuclei_f1) <= 1, "An F1 lies in [0, 1]."
    image = nuclei_held_out[-1].image[:96, :160]
    probability = unet.predict_probability(nuclei_model, image)
    assert probability.shape == image.shape[:2], f"Probability map {probability.shape}."
    assert probability.min() >= 0 and probability.max() <= 1, "Not probabilities."
