"""Reference solutions of 06_unet_keras's exercises, one block per question.

Each block replaces the ✏️ exercise cell that precedes ``grader.check("<name>")``. Try the
exercise before reading on.
"""

SOLUTIONS = {
    "unet_q1": """
five_class = unet.build_unet("resnet18", classes=5, activation="softmax", input_shape=(128, 128, 3))
""",
    "unet_q2": """
padded_shape = (-(-500 // 32) * 32, -(-700 // 32) * 32)
""",
    "unet_q3": """
candidates = np.linspace(0.05, 0.95, 91)
mean_f1 = [np.mean([su.dice(t, i < c) for i, t in zip(held_out.images, held_out.membrane)])
           for c in candidates]
best_level = candidates[int(np.argmax(mean_f1))]
best_level_f1 = max(mean_f1)
""",
    "unet_q4": """
nuclei_crops = unet.MaskCrops([s.image for s in nuclei_train], [s.labels > 0 for s in nuclei_train],
                              crop=128, batch_size=8, steps=10, seed=0)
nuclei_model = unet.small_unet(base_filters=8)
unet.train(nuclei_model, nuclei_crops, epochs=NUCLEI_EPOCHS, patience=NUCLEI_EPOCHS,
           learning_rate=2e-3, schedule="cosine", verbose=0)
nuclei_f1 = np.mean([su.dice(s.labels > 0, unet.predict_probability(nuclei_model, s.image) > 0.5)
                     for s in nuclei_held_out])
""",
}

# Plausible wrong answers, each in the exercise cell's place: tests/test_exercises.py requires
# that each fails the public check (no full marks) and gets nothing from the hidden one.
WRONG = {
    "unet_q1": [
        ("sigmoid, as for independent masks", """
five_class = unet.build_unet("resnet18", classes=5, activation="sigmoid", input_shape=(128, 128, 3))
"""),
        ("four classes: the background forgotten", """
five_class = unet.build_unet("resnet18", classes=4, activation="softmax", input_shape=(128, 128, 3))
"""),
        ("any image size instead of 128 x 128", """
five_class = unet.build_unet("resnet18", classes=5, activation="softmax",
                             input_shape=(None, None, 3))
"""),
        ("copied from section 2: the default binary model", """
five_class = unet.build_unet("resnet18", input_shape=(128, 128, 3))
"""),
    ],
    "unet_q2": [
        ("rounded down", "padded_shape = (500 // 32 * 32, 700 // 32 * 32)"),
        ("width first", "padded_shape = (704, 512)"),
        ("the image's own shape", "padded_shape = (500, 700)"),
        ("the padding added, not the padded shape", "padded_shape = (12, 4)"),
    ],
    "unet_q3": [
        ("bright side as membrane", """
candidates = np.linspace(0.05, 0.95, 91)
mean_f1 = [np.mean([su.dice(t, i > c) for i, t in zip(held_out.images, held_out.membrane)])
           for c in candidates]
best_level = candidates[int(np.argmax(mean_f1))]
best_level_f1 = max(mean_f1)
"""),
        ("chosen on the training slices", """
candidates = np.linspace(0.05, 0.95, 91)
mean_f1 = [np.mean([su.dice(t, i < c) for i, t in zip(train_slices.images, train_slices.membrane)])
           for c in candidates]
best_level = candidates[int(np.argmax(mean_f1))]
best_level_f1 = max(mean_f1)
"""),
        ("the first held-out slice only", """
candidates = np.linspace(0.05, 0.95, 91)
mean_f1 = [su.dice(held_out.membrane[0], held_out.images[0] < c) for c in candidates]
best_level = candidates[int(np.argmax(mean_f1))]
best_level_f1 = max(mean_f1)
"""),
        ("the index of the best level, not the level", """
candidates = np.linspace(0.05, 0.95, 91)
mean_f1 = [np.mean([su.dice(t, i < c) for i, t in zip(held_out.images, held_out.membrane)])
           for c in candidates]
best_level = int(np.argmax(mean_f1))
best_level_f1 = max(mean_f1)
"""),
        ("Otsu's level, the baseline the exercise asks to beat", """
from skimage.filters import threshold_otsu

candidates = np.linspace(0.05, 0.95, 91)
otsu = np.mean([threshold_otsu(i) for i in held_out.images])
best_level = candidates[int(np.argmin(np.abs(candidates - otsu)))]
best_level_f1 = np.mean([su.dice(t, i < best_level)
                         for i, t in zip(held_out.images, held_out.membrane)])
"""),
    ],
    "unet_q4": [
        ("crops of every image, the held-out ones too", """
nuclei_crops = unet.MaskCrops([s.image for s in nuclei], [s.labels > 0 for s in nuclei],
                              crop=128, batch_size=8, steps=10, seed=0)
nuclei_model = unet.small_unet(base_filters=8)
unet.train(nuclei_model, nuclei_crops, epochs=NUCLEI_EPOCHS, patience=NUCLEI_EPOCHS,
           learning_rate=2e-3, schedule="cosine", verbose=0)
nuclei_f1 = np.mean([su.dice(s.labels > 0, unet.predict_probability(nuclei_model, s.image) > 0.5)
                     for s in nuclei_held_out])
"""),
        ("IoU instead of F1", """
nuclei_crops = unet.MaskCrops([s.image for s in nuclei_train], [s.labels > 0 for s in nuclei_train],
                              crop=128, batch_size=8, steps=10, seed=0)
nuclei_model = unet.small_unet(base_filters=8)
unet.train(nuclei_model, nuclei_crops, epochs=NUCLEI_EPOCHS, patience=NUCLEI_EPOCHS,
           learning_rate=2e-3, schedule="cosine", verbose=0)
nuclei_f1 = np.mean([su.iou(s.labels > 0, unet.predict_probability(nuclei_model, s.image) > 0.5)
                     for s in nuclei_held_out])
"""),
        ("scored on the training images", """
nuclei_crops = unet.MaskCrops([s.image for s in nuclei_train], [s.labels > 0 for s in nuclei_train],
                              crop=128, batch_size=8, steps=10, seed=0)
nuclei_model = unet.small_unet(base_filters=8)
unet.train(nuclei_model, nuclei_crops, epochs=NUCLEI_EPOCHS, patience=NUCLEI_EPOCHS,
           learning_rate=2e-3, schedule="cosine", verbose=0)
nuclei_f1 = np.mean([su.dice(s.labels > 0, unet.predict_probability(nuclei_model, s.image) > 0.5)
                     for s in nuclei_train])
"""),
        ("a single epoch, the budget ignored", """
nuclei_crops = unet.MaskCrops([s.image for s in nuclei_train], [s.labels > 0 for s in nuclei_train],
                              crop=128, batch_size=8, steps=10, seed=0)
nuclei_model = unet.small_unet(base_filters=8)
unet.train(nuclei_model, nuclei_crops, epochs=1, learning_rate=2e-3, schedule="cosine", verbose=0)
nuclei_f1 = np.mean([su.dice(s.labels > 0, unet.predict_probability(nuclei_model, s.image) > 0.5)
                     for s in nuclei_held_out])
"""),
        ("never trained, and Otsu's F1 pasted as its score", """
nuclei_crops = unet.MaskCrops([s.image for s in nuclei_train], [s.labels > 0 for s in nuclei_train],
                              crop=128, batch_size=8, steps=10, seed=0)
nuclei_model = unet.small_unet(base_filters=8)
nuclei_f1 = otsu_nuclei_f1
"""),
    ],
}

# The written question is graded by hand; this is what a full answer says.
WRITTEN = {
    "unet_written": """
A threshold decides each pixel from its gray value alone; membranes and dark cytoplasm share
gray values, so even the best level (chosen on the test answers, an unfair advantage) confuses
them. The U-Net sees context: shape, thin continuous lines, texture over its receptive field,
learnt from labelled examples. It costs labelled training data, training time (minutes to
hours), a held-out set to measure it honestly, and it may fail on images unlike its training
set. When gray levels separate the classes (clean fluorescence nuclei), a threshold is nearly as
good and far cheaper.
""",
}
