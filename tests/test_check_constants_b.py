"""The answers stored in the public checks of notebooks 04-06 agree with the notebooks' data.

A public check travels inside the student notebook, so it compares an answer with a stored
fingerprint (or a stored summary) instead of computing the answer where a student can read it.
Each test here recomputes a stored answer with a reference computation (scikit-image,
scikit-learn, scikit-fuzzy, SciPy, or a plain search), from the exercise's data as the
notebook's own cell builds it, and runs the public check on it (it must pass) and on near
misses (each must fail, with its message): a change of the data that leaves a stale
fingerprint, or a fingerprint of the wrong value, fails here.
"""

import ast
import importlib.util
import math
from pathlib import Path

import matplotlib
import nbformat
import numpy as np
import pytest
from otter.test_files import test_case
from scipy.optimize import linear_sum_assignment
from scipy.spatial.distance import cdist
from skimage import segmentation
from sklearn.metrics.cluster import contingency_matrix

import segutils as su
from segutils import cluster

matplotlib.use("Agg")

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"


def public_check(question: str) -> list[test_case]:
    """The test cases of a public check file, notebooks/checks/<question>.py."""
    path = NOTEBOOKS / "checks" / f"{question}.py"
    spec = importlib.util.spec_from_file_location(f"check_{question}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return [value for value in vars(module).values() if isinstance(value, test_case)]


def run_check(question: str, env: dict) -> None:
    """Run every test case of a public check on env; raises AssertionError on a failure."""
    for case in public_check(question):
        case.call_func(env)


def refused(question: str, env: dict) -> str:
    """The message with which the public check refuses env."""
    with pytest.raises(AssertionError) as failure:
        run_check(question, env)
    return str(failure.value)


def notebook_cell(stem: str, names: str, namespace: dict) -> dict:
    """Run, in namespace, the notebook's first code cell that assigns (or defines) all of names."""
    notebook = nbformat.read(NOTEBOOKS / f"{stem}.ipynb", as_version=4)
    for cell in notebook.cells:
        if cell.cell_type != "code" or "exercise" in cell.metadata.get("tags", []):
            continue
        try:
            tree = ast.parse(cell.source)
        except SyntaxError:  # IPython magics: not an exercise's data cell
            continue
        targets = {
            node.id
            for node in ast.walk(tree)
            if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store)
        } | {node.name for node in ast.walk(tree) if isinstance(node, ast.FunctionDef)}
        if set(names.split()) <= targets:
            exec(cell.source, namespace)
            return namespace
    raise AssertionError(f"{stem} has no cell that assigns {names}.")


def notebook_source(stem: str) -> str:
    """Every code cell of a notebook, one text."""
    notebook = nbformat.read(NOTEBOOKS / f"{stem}.ipynb", as_version=4)
    return "\n".join(cell.source for cell in notebook.cells if cell.cell_type == "code")


def base_namespace() -> dict:
    import matplotlib.pyplot as plt

    return {"np": np, "su": su, "plt": plt, "In": []}


def test_watershed_q1_dam_is_where_scikit_image_floods_to():
    env = notebook_cell("04_watershed", "profile left right", base_namespace())
    markers = np.zeros(env["profile"].shape, int)
    markers[[env["left"], env["right"]]] = 1, 2
    flooded = segmentation.watershed(env["profile"], markers, watershed_line=True)
    (dam,) = np.flatnonzero(flooded == 0)
    run_check("watershed_q1", {**env, "my_dam": int(dam)})
    run_check("watershed_q1", {**env, "my_dam": float(dam)})  # one rule: whole floats count
    assert "bump" in refused("watershed_q1", {**env, "my_dam": 6})
    assert "Not there" in refused("watershed_q1", {**env, "my_dam": int(dam) + 1})
    assert "whole number" in refused("watershed_q1", {**env, "my_dam": dam + 0.5})
    called = {**env, "my_dam": int(dam), "In": ["my_dam = segmentation.watershed(profile)[9]"]}
    assert "without calling watershed" in refused("watershed_q1", called)


def test_watershed_q3_matrix_and_count_are_the_reference_ones():
    # The exercise's data cell draws its figure with the notebook's own helper.
    from scipy import ndimage

    namespace = {**base_namespace(), "ndi": ndimage, "metrics": su.metrics}  # the notebook's names
    env = notebook_cell("04_watershed", "show_numbered", namespace)
    env = notebook_cell("04_watershed", "truth_ex prediction_ex", env)
    truth, prediction = env["truth_ex"], env["prediction_ex"]
    overlap = contingency_matrix(truth.ravel(), prediction.ravel())[1:, 1:]  # no background
    union = overlap.sum(axis=1)[:, None] + overlap.sum(axis=0)[None, :] - overlap
    matrix = overlap / union
    count = su.metrics.match_instances(truth, prediction, thresh=0.5).tp
    rows, cols = linear_sum_assignment(matrix, maximize=True)
    assert count == int((matrix[rows, cols] >= 0.5).sum())
    every_pair = int((matrix >= 0.5).sum())
    assert every_pair != count, "the exercise's data must tell one-to-one from every pair"
    run_check("watershed_q3", {**env, "my_iou": matrix, "my_tp": count})
    run_check("watershed_q3", {**env, "my_iou": matrix.tolist(), "my_tp": float(count)})
    assert "Transposed" in refused("watershed_q3", {**env, "my_iou": matrix.T, "my_tp": count})
    swapped = {**env, "my_iou": matrix[:, [1, 0, 2, 3]], "my_tp": count}
    assert "column order" in refused("watershed_q3", swapped)
    nudged = matrix.copy()
    nudged[0, 1] += 0.01
    assert "entries are off" in refused("watershed_q3", {**env, "my_iou": nudged, "my_tp": count})
    assert "paired twice" in refused("watershed_q3", {**env, "my_iou": matrix, "my_tp": every_pair})
    assert "not it" in refused("watershed_q3", {**env, "my_iou": matrix, "my_tp": count - 1})


def test_clustering_q1_assignment_and_counts_are_the_nearest_centres():
    loading = notebook_source("05_clustering")
    assert 'coffee = su.load_image("coffee")' in loading
    env = notebook_cell(
        "05_clustering", "points centres", {**base_namespace(), "coffee": su.load_image("coffee")}
    )
    distances = cdist(env["points"], env["centres"])
    nearest, farthest = distances.argmin(axis=1), distances.argmax(axis=1)
    run_check("clustering_q1", {**env, "assignment": nearest})
    assert "farthest" in refused("clustering_q1", {**env, "assignment": farthest})
    counts = np.bincount(nearest, minlength=len(env["centres"])).tolist()
    one_off = nearest.copy()
    one_off[0] = (one_off[0] + 1) % len(env["centres"])
    message = refused("clustering_q1", {**env, "assignment": one_off})
    assert f"the nearest centres hold {counts}" in message


def fuzzy_memberships(x: float, centres: np.ndarray, m: float) -> np.ndarray:
    """Fuzzy c-means memberships of one value for fixed centres, by scikit-fuzzy."""
    import skfuzzy

    data, trained = np.array([[x]]), np.asarray(centres, float)[:, None]
    return skfuzzy.cluster.cmeans_predict(data, trained, m, error=0, maxiter=1)[0].ravel()


def test_clustering_q2_memberships_are_scikit_fuzzy_ones():
    env = notebook_cell("05_clustering", "x c m", base_namespace())
    x, centres, m = env["x"], env["c"], env["m"]
    memberships = fuzzy_memberships(x, centres, m)
    run_check("clustering_q2", {**env, "my_memberships": memberships})
    by_hand = np.round(memberships, 3)  # what a student types
    run_check("clustering_q2", {**env, "my_memberships": by_hand.tolist()})
    truncated = np.floor(memberships * 1000) / 1000  # typed with its last digit cut
    run_check("clustering_q2", {**env, "my_memberships": truncated})
    reversed_order = {**env, "my_memberships": memberships[::-1]}
    assert "reversed" in refused("clustering_q2", reversed_order)
    off = memberships + np.array([0.003, -0.003, 0.0])
    message = refused("clustering_q2", {**env, "my_memberships": off})
    assert "Not yet" in message and f"{memberships[1]:.3f}" not in message


def test_clustering_q3_smallest_k_is_found_by_a_search():
    env = notebook_cell("05_clustering", "shapes elongated", base_namespace())
    shapes, elongated = env["shapes"], env["elongated"]

    def works(k: int) -> bool:
        labels = cluster.kmeans(shapes.image, n_clusters=k)
        return su.iou(elongated, labels == labels.max()) >= 0.8

    smallest = next(k for k in range(2, 9) if works(k))
    run_check("clustering_q3", {**env, "my_k": smallest})
    run_check("clustering_q3", {**env, "my_k": float(smallest)})  # one rule: whole floats count
    assert works(smallest + 1), "the near miss below needs a larger k that works"
    assert "not the smallest" in refused("clustering_q3", {**env, "my_k": smallest + 1})
    assert "whole number" in refused("clustering_q3", {**env, "my_k": smallest + 0.5})


def test_unet_q2_padded_shape_is_rounded_up():
    padded = tuple(math.ceil(side / 32) * 32 for side in (500, 700))
    run_check("unet_q2", {"padded_shape": padded})
    run_check("unet_q2", {"padded_shape": [float(side) for side in padded]})
    assert "Height first" in refused("unet_q2", {"padded_shape": padded[::-1]})
    one_more = (padded[0] + 32, padded[1])
    assert "Round each side up" in refused("unet_q2", {"padded_shape": one_more})


@pytest.mark.parametrize("source", ["ISBI 2012", "synthetic stand-in"])
def test_unet_q3_best_level_is_found_by_a_search(source):
    loading = notebook_source("06_unet_keras")
    if source == "ISBI 2012":
        assert 'held_out = su.load_isbi2012("train", indices=range(25, 30))' in loading
        held_out = su.load_isbi2012("train", indices=range(25, 30))
    else:
        assert "su.synthetic_membranes(5, seed=1)" in loading
        held_out = su.synthetic_membranes(5, seed=1)
    candidates = np.linspace(0.05, 0.95, 91)

    def mean_f1(level: float, dark: bool = True) -> float:
        pairs = zip(held_out.images, held_out.membrane, strict=True)
        return float(np.mean([su.dice(t, i < level if dark else i > level) for i, t in pairs]))

    scores = [mean_f1(level) for level in candidates]
    best = int(np.argmax(scores))
    env = {"held_out": held_out, "this_f1": None}
    run_check("unet_q3", {**env, "best_level": candidates[best], "best_level_f1": scores[best]})
    neighbour = candidates[best + 1]
    wrong_level = {**env, "best_level": neighbour, "best_level_f1": mean_f1(neighbour)}
    assert "not the best level" in refused("unet_q3", wrong_level)
    bright = candidates[int(np.argmax([mean_f1(level, dark=False) for level in candidates]))]
    wrong_side = {**env, "best_level": bright, "best_level_f1": mean_f1(bright, dark=False)}
    assert "bright" in refused("unet_q3", wrong_side)
    wrong_f1 = {**env, "best_level": candidates[best], "best_level_f1": scores[best] - 0.01}
    assert "not its mean F1" in refused("unet_q3", wrong_f1)
