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
candidates = np.linspace(0.1, 0.9, 17)
mean_f1 = [np.mean([su.dice(t, p > c) for t, p in zip(held_out.membrane, probabilities)])
           for c in candidates]
best_threshold = candidates[int(np.argmax(mean_f1))]
""",
}
