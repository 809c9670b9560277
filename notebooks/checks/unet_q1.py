"""Exercise 1 of 06_unet_keras: a five-class softmax U-Net."""

from otter.test_files import test_case

OK_FORMAT = False

name = "unet_q1"
points = 1


@test_case(points=1)
def test_five_classes(five_class):
    import keras

    assert five_class is not ... and five_class is not None, "Replace ... with your model."
    assert isinstance(five_class, keras.Model), f"Expected a Keras model, got {type(five_class)}."
    assert five_class.input_shape == (None, 128, 128, 3), (
        f"Input {five_class.input_shape}: pass input_shape=(128, 128, 3)."
    )
    assert five_class.output_shape == (None, 128, 128, 5), (
        f"Output {five_class.output_shape}: one channel per class, classes=5."
    )
    activation = five_class.layers[-1].get_config().get("activation")
    assert activation == "softmax", (
        f"The last layer's activation is {activation!r}: exclusive classes need 'softmax'."
    )
