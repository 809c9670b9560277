"""No answer in the hand-out: what the student notebooks carry, and the values their checks store.

otter puts every public check (``notebooks/checks/<q>.py``) into the student notebook's
metadata, where any student can read it. So a public check compares an answer with stored
values, properties or digests; it never holds the reference computation. Two tests here:

- the built student notebooks (``segutils assign``, once for the module) are scanned for each
  reference solution's distinctive computations: the functions and methods its code calls
  (less a short list of measuring helpers, below) must not be called by a check in the
  metadata, and no long statement of the solution may appear there, as code or inside a
  message; no hidden check (``notebooks/checks/hidden/``) may appear anywhere in the notebook;
- every value a public check of 00-03 stores (upper-case constants in its test function) is
  recomputed from the notebook's data with the reference solution and compared, so that a
  stored value cannot drift from the data. (tests/test_exercises.py shows the same end to
  end: the reference passes every check in the notebook's own kernel.)
"""

import ast
import hashlib
from pathlib import Path

import nbformat
import numpy as np
import pytest
from scipy import ndimage as ndi
from skimage import filters

import segutils as su
from segutils import region, threshold
from segutils.classroom import assignments

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"
CHECKS = NOTEBOOKS / "checks"
WITH_EXERCISES = assignments.with_exercises(NOTEBOOKS)

# Calls a check may share with a reference solution: they look at an answer (convert it,
# compare it, reduce a comparison to a count, measure a mask against ground truth, hash it);
# none of them computes one. Method calls are named ".name", whatever object they are on.
MEASURING = {
    # Python's own conversions and reductions
    *("abs", "all", "any", "bool", "float", "int", "isinstance", "len", "list", "max", "min"),
    *("print", "range", "round", "set", "sorted", "sum", "tuple", "type", "zip"),
    # an answer as an array, and comparisons that give a verdict
    *("np.array", "np.asarray", "np.ascontiguousarray", "np.ndim", "np.abs", "np.round"),
    *("np.allclose", "np.isclose", "np.array_equal", "np.isfinite", "np.unique", "np.mean"),
    # reductions and conversions of one array or value
    *(".sum", ".mean", ".max", ".min", ".any", ".all", ".astype", ".tolist", ".item"),
    *(".ravel", ".copy", ".tobytes", ".encode", ".hexdigest"),
    # measures of a mask against ground truth, which checks print as feedback
    *("iou", "su.iou", "dice", "su.dice"),
    # digests of stored answers
    "hashlib.sha256",
    # the student's own network run on an image (06): how a check measures a trained model
    "unet.predict_probability",
}
# A statement of a reference solution this long (without spaces) is distinctive.
LONG_STATEMENT = 20


def squash(text: str) -> str:
    """Text without whitespace, one kind of quote: how code compares across reformatting."""
    return "".join(text.split()).replace('"', "'")


def parse(source: str) -> ast.Module:
    """Python source, IPython magics (``%...``, ``!...``) left out."""
    lines = [line for line in source.split("\n") if not line.lstrip().startswith(("%", "!"))]
    return ast.parse("\n".join(lines))


def imported_names(notebook: nbformat.NotebookNode) -> set[str]:
    """Every name an import binds in the notebook's code cells (np, ndi, su, threshold, ...)."""
    names = set()
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        try:
            tree = parse(cell.source)
        except SyntaxError:
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Import | ast.ImportFrom):
                names |= {(a.asname or a.name).split(".")[0] for a in node.names}
    return names


def imported_names_of(tree: ast.AST) -> set[str]:
    """Names bound by the imports inside a check function (np, hashlib, ...)."""
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import | ast.ImportFrom):
            names |= {(a.asname or a.name).split(".")[0] for a in node.names}
    return names


def called(tree: ast.AST, modules: set[str]) -> set[str]:
    """Names of the calls in a tree: ``np.cumsum`` on a module, ``.sum`` on any other object."""
    names = set()
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        if isinstance(node.func, ast.Name):
            names.add(node.func.id)
        elif isinstance(node.func, ast.Attribute):
            root = node.func
            while isinstance(root, ast.Attribute):
                root = root.value
            on_module = isinstance(root, ast.Name) and root.id in modules
            names.add(ast.unparse(node.func) if on_module else f".{node.func.attr}")
    return names


def solution_statements(notebook: nbformat.NotebookNode, question: str, code: str) -> list:
    """The reference solution's statements, less the exercise cell's own setup lines."""
    index = next(i for i, q in assignments.exercises(notebook).items() if q == question)
    given = {ast.unparse(s) for s in parse(notebook.cells[index].source).body}
    return [s for s in parse(code).body if ast.unparse(s) not in given]


def public_checks(student: nbformat.NotebookNode) -> dict[str, ast.Module]:
    """The public checks otter put in the student notebook's metadata, parsed, by question."""
    tests = student.metadata["otter"]["tests"]
    return {question: ast.parse(source) for question, source in tests.items()}


def strings(tree: ast.AST) -> list[str]:
    """Every string constant of a tree (messages, f-string parts)."""
    return [
        n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)
    ]


@pytest.fixture(scope="module")
def students(tmp_path_factory) -> dict[str, Path]:
    """Each notebook with exercises, built as students get it by ``segutils assign``."""
    out = tmp_path_factory.mktemp("assignments")
    built = {}
    for notebook in WITH_EXERCISES:
        built[notebook.stem] = assignments.build(notebook, out) / "student" / notebook.name
    return built


@pytest.mark.parametrize("notebook", WITH_EXERCISES, ids=lambda p: p.stem)
def test_the_student_notebook_holds_no_reference_computation(notebook, students):
    original = nbformat.read(notebook, as_version=4)
    student = nbformat.read(students[notebook.stem], as_version=4)
    checks = public_checks(student)
    assert sorted(checks) == sorted(assignments.exercises(original).values())
    modules = imported_names(original)
    check_calls = {q: called(tree, modules | imported_names_of(tree)) for q, tree in checks.items()}
    haystack = squash(
        "\n".join(ast.unparse(t) + "\n" + "\n".join(strings(t)) for t in checks.values())
    )
    leaks = []
    for question, code in assignments.load_solutions(notebook).SOLUTIONS.items():
        statements = solution_statements(original, question, code)
        distinctive = called(ast.Module(statements, []), modules) - MEASURING
        for check, calls in check_calls.items():
            if shared := sorted(distinctive & calls):
                leaks.append(f"{check}'s check calls {shared}, as {question}'s solution does")
        for statement in statements:
            pieces = [statement, *([statement.value] if isinstance(statement, ast.Assign) else [])]
            for piece in pieces:
                text = squash(ast.unparse(piece))
                if len(text) >= LONG_STATEMENT and text in haystack:
                    leaks.append(f"{question}'s solution {ast.unparse(piece)!r} is in a check")
    assert not leaks, f"{notebook.stem}'s student notebook shows the answers:\n" + "\n".join(leaks)


@pytest.mark.parametrize("notebook", WITH_EXERCISES, ids=lambda p: p.stem)
def test_no_hidden_check_reaches_the_student_notebook(notebook, students):
    student = nbformat.read(students[notebook.stem], as_version=4)
    checks = public_checks(student)
    cells = "\n".join(cell.source for cell in student.cells)
    text = squash(cells + "\n".join(ast.unparse(tree) for tree in checks.values()))
    original = nbformat.read(notebook, as_version=4)
    # A hidden check may rebuild the notebook's own data; only what is its own must not show.
    shown = squash("\n".join(cell.source for cell in original.cells))
    for question in assignments.exercises(original).values():
        public = squash(ast.unparse(ast.parse((CHECKS / f"{question}.py").read_text())))
        assert squash(ast.unparse(checks[question].body[-1])) in text  # the scan sees checks
        hidden = ast.parse((CHECKS / "hidden" / f"{question}.py").read_text())
        for function in (n for n in hidden.body if isinstance(n, ast.FunctionDef)):
            assert function.name not in text, f"{question}'s hidden {function.name} is handed out"
            for statement in ast.walk(function):
                if not isinstance(statement, ast.stmt) or statement is function:
                    continue
                line = squash(ast.unparse(statement))
                if len(line) >= 40 and line not in public and line not in shown:
                    assert line not in text, f"{question}'s hidden check is handed out: {line}"


# The values public checks store, recomputed from the notebooks' data. Each builder returns
# {constant name: value} for one question; the data is built as the notebook builds it.


def digest_text(text: str) -> str:
    """The checks' digest: the first 16 hex digits of the SHA-256 of the text."""
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def number_digest(value: float, decimals: int) -> str:
    """Digest of a number as the checks write it, with `decimals` decimals."""
    return digest_text(f"{float(value):.{decimals}f}")


def array_digest(array: np.ndarray, dtype: str) -> str:
    """Digest of an array's bytes in the given dtype, as the checks hash masks and labels."""
    return hashlib.sha256(np.ascontiguousarray(array, dtype=dtype).tobytes()).hexdigest()[:16]


def kernel_digest(kernel) -> str:
    """Digest of a 3x3 kernel rounded to 6 decimals, as edge_q1's check writes it."""
    return array_digest(np.round(np.asarray(kernel, dtype=float), 6) + 0.0, "<f8")


def reference(stem: str, question: str, **data) -> dict:
    """The reference solution of a question run on the given data: its namespace."""
    namespace = {"np": np, "ndi": ndi, "su": su, "filters": filters, **data}
    namespace |= {"threshold": threshold, "region": region}
    exec(assignments.load_solutions(NOTEBOOKS / f"{stem}.ipynb").SOLUTIONS[question], namespace)
    return namespace


def intro_q1() -> dict:
    truth = np.array([[0, 1, 1, 0]] * 3, dtype=bool)  # 00_intro, exercise 1's masks
    prediction = np.array([[0, 0, 1, 1], [0, 1, 1, 1], [1, 0, 1, 0]], dtype=bool)
    answer = reference("00_intro", "intro_q1", small_truth=truth, small_prediction=prediction)
    scores = su.segmentation_scores(truth, prediction)
    return {
        "IOU": number_digest(answer["my_iou"], 3),
        "DICE": number_digest(scores["dice"], 3),
        "PIXEL_ACCURACY": number_digest(scores["pixel_accuracy"], 3),
    }


def intro_q2() -> dict:
    (nuclei,) = su.load_dsb2018(
        ["c53326fe49fc26b7fe602b9d8c0c2da2cb157690b44c2b9351a93f8d9bd8043d"]
    )
    mask = reference("00_intro", "intro_q2", image=su.to_gray(nuclei.image))["my_mask"]
    return {"MASK": array_digest(mask, bool), "MASK_PIXELS": int(mask.sum())}


def intro_q3() -> dict:
    membrane = su.load_isbi2012("train", indices=[0]).membrane[0]
    answer = reference("00_intro", "intro_q3", em_membrane=membrane)
    everywhere = su.pixel_accuracy(membrane, np.ones_like(membrane))
    return {
        "EMPTY_ACCURACY": number_digest(answer["trap_accuracy"], 6),
        "FULL_ACCURACY": number_digest(everywhere, 6),
    }


def thresholding_q1() -> dict:
    coins = su.load_image("coins")
    counts, edges = np.histogram(coins, bins=256, range=(0, 1))  # 01, section 2
    centers = (edges[:-1] + edges[1:]) / 2
    within = reference("01_thresholding", "thresholding_q1", counts=counts, centers=centers)[
        "within_variance"
    ]
    p = counts / counts.sum()
    omega0, mu_cumulative = np.cumsum(p), np.cumsum(p * centers)
    with np.errstate(divide="ignore", invalid="ignore"):
        mu0 = mu_cumulative / omega0
        mu1 = (mu_cumulative[-1] - mu_cumulative) / (1 - omega0)
        between = omega0 * (1 - omega0) * (mu0 - mu1) ** 2
    samples = list(range(16, 256, 16))[:15]
    return {
        "SPLITS": len(centers),
        "SAMPLES": samples,
        "WITHIN": within[samples].tolist(),
        "BETWEEN": between[samples].tolist(),
        "TOTAL_VARIANCE": float(np.sum(p * centers**2) - mu_cumulative[-1] ** 2),
        "EMPTY_CLASS_SPLITS": np.flatnonzero(omega0 == 0).tolist(),
        "OTSU_LEVEL": float(filters.threshold_otsu(coins)),
    }


def thresholding_q2() -> dict:
    (tissue,) = su.load_dsb2018(
        ["4cbd6c37f3a55a538d759d440344c287cac66260d3047a83f429e63e7a0f7f20"]
    )
    gray = su.to_gray(tissue.image)
    mask = reference("01_thresholding", "thresholding_q2", tissue_gray=gray)["tissue_mask"]
    return {"OTSU_DARK_PIXELS": int(mask.sum())}


def region_q2() -> dict:
    (tissue,) = su.load_dsb2018(
        ["15039b3acccc4257a1a442646a89b6e596b5eb4531637e6d8fa1c43203722c99"]
    )
    gray = su.to_gray(tissue.image)
    markers = reference("02_region", "region_q2", tissue_gray=gray)["my_markers"]
    bright_rule = np.choose(markers, [0, 2, 1])  # the coins' rule: 1 and 2 the other way round
    otsu = threshold.global_threshold(gray, invert=True)
    return {
        "MARKERS": array_digest(markers, "<i8"),
        "BRIGHT_RULE": array_digest(bright_rule, "<i8"),
        "BACKGROUND_PIXELS": int((markers == 1).sum()),
        "NUCLEUS_PIXELS": int((markers == 2).sum()),
        "OTSU_IOU": round(su.iou(tissue.mask, otsu), 3),
    }


def region_q3() -> dict:
    noisy = su.synthetic((256, 256), difficulty=0.55, seed=3)  # 02, section 3
    answer = reference("02_region", "region_q3", noisy=noisy)
    return {
        "SUPERPIXELS": array_digest(answer["sp"], "<i8"),
        "SUM_OF_SQUARES": float((answer["smoothed"] ** 2).sum()),
    }


def edge_q1() -> dict:
    kernel = reference("03_edge", "edge_q1")["my_kernel"]
    # The responses of scipy's Sobel and Prewitt to a single bright pixel are their kernels
    # (flipped: they convolve; the check correlates).
    impulse = np.zeros((5, 5))
    impulse[2, 2] = 1.0
    sobel = ndi.sobel(impulse, axis=0, mode="constant")[1:4, 1:4][::-1, ::-1]
    prewitt = ndi.prewitt(impulse, axis=0, mode="constant")[1:4, 1:4][::-1, ::-1]
    return {
        "SCHARR": kernel_digest(kernel),
        "SOBEL": kernel_digest(sobel),
        "PREWITT": kernel_digest(prewitt),
    }


def edge_q2() -> dict:
    rng = np.random.default_rng(3)  # 03, exercise 2's map
    suppressed = np.where(rng.random((12, 12)) < 0.45, rng.random((12, 12)), 0).round(2)
    low, high = 0.33, 0.7
    edges = reference("03_edge", "edge_q2", suppressed=suppressed, low=low, high=high)["my_edges"]
    four, _ = ndi.label(suppressed >= low)
    four_connected = np.isin(four, np.unique(four[suppressed >= high])) & (suppressed >= low)
    return {
        "EDGES": array_digest(edges, bool),
        "EDGE_PIXELS": int(edges.sum()),
        "FOUR_CONNECTED": array_digest(four_connected, bool),
    }


def edge_q3() -> dict:
    counts = {  # 03, exercise 3's counts
        "cnt_r": np.array([[90, 80, 60, 30], [40, 38, 30, 10], [70, 50, 45, 40]]),
        "sum_r": np.array([[100] * 4, [50] * 4, [90] * 4]),
        "cnt_p": np.array([[85, 75, 58, 29], [30, 33, 28, 10], [60, 48, 44, 39]]),
        "sum_p": np.array([[200, 120, 70, 31], [90, 60, 35, 11], [150, 80, 50, 41]]),
    }

    def f_measure(precision, recall):
        total = np.maximum(precision + recall, 1e-12)
        return np.where(precision + recall > 0, 2 * precision * recall / total, 0)

    answer = reference("03_edge", "edge_q3", f_measure=f_measure, **counts)
    per_image = f_measure(counts["cnt_p"] / counts["sum_p"], counts["cnt_r"] / counts["sum_r"])
    return {
        "ODS": number_digest(answer["my_ods"], 4),
        "OIS": number_digest(answer["my_ois"], 4),
        "MEAN_CURVE_BEST": number_digest(per_image.mean(axis=0).max(), 4),
        "MEAN_BEST": number_digest(per_image.max(axis=1).mean(), 4),
    }


RECOMPUTED = {
    "intro_q1": intro_q1,
    "intro_q2": intro_q2,
    "intro_q3": intro_q3,
    "thresholding_q1": thresholding_q1,
    "thresholding_q2": thresholding_q2,
    "region_q2": region_q2,
    "region_q3": region_q3,
    "edge_q1": edge_q1,
    "edge_q2": edge_q2,
    "edge_q3": edge_q3,
}
MINE = ("intro_q", "thresholding_q", "region_q", "edge_q")


def stored(question: str) -> dict:
    """The upper-case constants the test functions of a public check assign, by name."""
    found = {}
    for node in ast.walk(ast.parse((CHECKS / f"{question}.py").read_text(encoding="utf-8"))):
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target = node.targets[0]
            if isinstance(target, ast.Name) and target.id.isupper() and target.id != "OK_FORMAT":
                found[target.id] = ast.literal_eval(node.value)
    return found


def test_every_stored_value_of_00_to_03_is_recomputed_here():
    questions = sorted(p.stem for p in CHECKS.glob("*.py") if p.stem.startswith(MINE))
    with_constants = [q for q in questions if stored(q)]
    assert sorted(RECOMPUTED) == with_constants


@pytest.mark.parametrize("question", sorted(RECOMPUTED))
def test_stored_values_agree_with_the_data(question):
    values, expected = stored(question), RECOMPUTED[question]()
    assert sorted(values) == sorted(expected), f"{question} stores other values than recomputed"
    for name, value in values.items():
        if isinstance(value, float) or (isinstance(value, list) and isinstance(value[0], float)):
            # stored to 6 significant digits (3 decimals for a printed IoU)
            assert np.allclose(value, expected[name], rtol=1e-5, atol=5e-4 if "IOU" in name else 0)
        else:
            assert value == expected[name], (
                f"{question}'s {name} is {value!r}, not {expected[name]!r}"
            )
