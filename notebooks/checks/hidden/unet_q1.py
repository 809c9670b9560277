"""Hidden check of unet_q1 (instructor's autograder only; students never receive it).

The model must have the shapes the public check asks for, and is run on a second input: a
batch of two images gives softmax probabilities.
"""

from otter.test_files import test_case

OK_FORMAT = False

name = "unet_q1"
points = 1


@test_case(points=1, hidden=True)
def test_five_classes_predict(five_class):
    import keras
    import numpy as np

    assert five_class is not ... and five_class is not None, "No model."
    assert isinstance(five_class, keras.Model), "Not a Keras model."
    assert five_class.input_shape == (None, 128, 128, 3), f"Input {five_class.input_shape}."
    assert five_class.output_shape == (None, 128, 128, 5), f"Output {five_class.output_shape}."
    batch = np.random.default_rng(0).random((2, 128, 128, 3)).astype(np.float32)
    output = np.asarray(five_class.predict(batch, verbose=0))
    assert output.shape == (2, 128, 128, 5), f"Output {output.shape} for two images."
    assert np.allclose(output.sum(axis=-1), 1, atol=1e-3), "Class probabilities do not sum to 1."
