"""When is a difference real? The paired comparison with each task's best, its table and figure."""

import json

import numpy as np
import pandas as pd
import pytest
from PIL import Image
from scipy import stats

from segutils.bench import compare, figure, report
from segutils.bench.compare import compare_with_best, holm, paired_p_value


def cell(method: str, scores, *, task="t", names=None, seconds_per_megapixel=0.1) -> dict:
    """A cell as run_benchmark saves it, for a semantic task scored by IoU on these images."""
    names = names or [f"img{k}" for k in range(len(scores))]
    images = [
        {"image": name, "iou": float(s), "f1": float(s), "seconds": 0.01, "failed": False}
        for name, s in zip(names, scores, strict=True)
    ]
    mean = float(np.mean(scores))
    return {
        "task": task,
        "kind": "semantic",
        "primary": "iou",
        "method": method,
        "family": "test",
        "params": {},
        "tune_score": mean,
        "tried": 1,
        "refused": 0,
        "scores": {"iou": mean, "f1": mean},
        "default_score": mean,
        "seconds_per_megapixel": seconds_per_megapixel,
        "peak_mib": 1.0,
        "failures": 0,
        "n_tune": 2,
        "cell_seconds": 0.1,
        "images": images,
    }


def per_image(methods: dict) -> pd.DataFrame:
    return report.image_table([cell(m, s) for m, s in methods.items()])


# --- the test and the correction, against their references ----------------------------------


@pytest.mark.parametrize("n", [5, 9, 13, 20, 40, 80])
@pytest.mark.parametrize("with_ties", [False, True])
def test_p_values_are_scipys_wilcoxon(n, with_ties):
    rng = np.random.default_rng(n)
    # Multiples of a power of 1/2 subtract exactly: SciPy, given x and y, ranks the same
    # differences as paired_p_value.
    steps = 8 if with_ties else 4096
    best = rng.integers(0, steps, n) / steps
    other = np.clip(best + rng.integers(-steps // 4, steps // 8, n) / steps, 0, 1)
    other[:2] = best[:2]  # two images where both score the same (zeros, dropped)
    expected = stats.wilcoxon(other, best).pvalue
    assert paired_p_value(other, best) == pytest.approx(expected, rel=1e-12)


def test_the_exact_p_value_of_a_method_worse_on_every_image():
    # Under no difference each of the 2**n sign patterns is equally likely; two are as extreme.
    for n in (4, 6, 10):
        assert paired_p_value(np.zeros(n), np.linspace(0.5, 0.9, n)) == 2 / 2**n


def test_identical_scores_give_p_one_and_no_image_nan():
    assert paired_p_value([0.3, 0.7, 1.0], [0.3, 0.7, 1.0]) == 1.0
    # One image differs: a single difference can never be significant (p = 1 exactly).
    assert paired_p_value([0.3, 0.7, 1.0], [0.3, 0.7, 0.9]) == 1.0
    assert np.isnan(paired_p_value([], []))
    with pytest.raises(ValueError, match="same length"):
        paired_p_value([0.1, 0.2], [0.1])
    with pytest.raises(ValueError, match="NaN"):
        paired_p_value([0.1, np.nan], [0.1, 0.2])


def test_holm_on_a_worked_example():
    # Four hypotheses, alpha 0.05 (Wikipedia, "Holm-Bonferroni method", Example): sorted
    # 0.005 < 0.05/4 and 0.01 < 0.05/3 are rejected, then 0.03 > 0.05/2 stops the procedure.
    # Adjusted: 4 * 0.005 = 0.02, 3 * 0.01 = 0.03, max(2 * 0.03, 0.03) = 0.06, max(0.04, 0.06).
    adjusted = holm([0.01, 0.04, 0.03, 0.005])
    np.testing.assert_allclose(adjusted, [0.03, 0.06, 0.06, 0.02])
    assert list(adjusted < 0.05) == [True, False, False, True]


def test_holm_rejects_what_the_step_down_procedure_rejects():
    rng = np.random.default_rng(0)
    for _ in range(200):
        p = rng.uniform(0, 0.1, rng.integers(1, 12)) ** rng.uniform(0.5, 2)
        m, rejected = len(p), set()
        for step, index in enumerate(np.argsort(p)):  # Holm (1979): stop at the first failure
            if p[index] >= 0.05 / (m - step):
                break
            rejected.add(int(index))
        assert set(np.flatnonzero(holm(p) < 0.05)) == rejected
        assert np.all(holm(p) >= p) and np.all(holm(p) <= np.minimum(1, m * p) + 1e-15)


def test_holm_leaves_out_comparisons_that_could_not_be_made():
    adjusted = holm([0.01, np.nan, 0.04])
    assert np.isnan(adjusted[1])
    np.testing.assert_allclose(adjusted[[0, 2]], [0.02, 0.04])  # m = 2, not 3
    assert holm([]).size == 0
    with pytest.raises(ValueError, match=r"\[0, 1\]"):
        holm([0.5, 1.5])


def test_standard_error_and_interval_are_the_textbook_ones():
    scores = np.array([0.61, 0.72, 0.55, 0.9, 0.81, 0.66])
    assert compare.standard_error(scores) == pytest.approx(stats.sem(scores))
    low, high = compare.mean_interval(scores)
    expected = stats.t.interval(0.95, len(scores) - 1, loc=scores.mean(), scale=stats.sem(scores))
    assert (low, high) == pytest.approx(expected)
    assert np.isnan(compare.standard_error([0.5]))
    with pytest.raises(ValueError, match="confidence"):
        compare.mean_interval(scores, confidence=95)


def test_the_smallest_reachable_p_value_bounds_the_real_ones():
    for n in (3, 5, 7, 10):
        worst = compare_with_best(
            per_image({"best": np.linspace(0.6, 0.9, n), "worst": np.zeros(n)}), "best"
        )
        assert worst.loc["worst", "p_vs_best"] == compare.smallest_adjusted_p(n, 1)
    assert compare.smallest_adjusted_p(5, 20) == 1.0 and compare.smallest_adjusted_p(30, 20) < 1e-6


# --- compare_with_best: really different, really not, and the edge cases ------------------


def test_a_much_worse_method_is_distinguishable_and_noise_is_not():
    rng = np.random.default_rng(1)
    best = rng.uniform(0.6, 0.95, 20)
    methods = {
        "best": best,
        "worse": best - 0.2 + rng.normal(0, 0.02, 20),  # much worse on every image
        "noise": best + rng.normal(0, 0.02, 20),  # the same method, measured again
    }
    table = compare_with_best(per_image(methods), "best")
    assert table.loc["worse", "p_vs_best"] < 1e-4 and not table.loc["worse", "tied_with_best"]
    assert table.loc["noise", "p_vs_best"] > 0.05 and table.loc["noise", "tied_with_best"]
    assert table.loc["best", "p_vs_best"] == 1.0 and table.loc["best", "tied_with_best"]
    assert set(table["n_paired"]) == {20} and all(names == [] for names in table.unpaired_images)


def test_pairing_is_by_image_name_not_by_order():
    scores = np.linspace(0.2, 0.9, 8)
    methods = [
        cell("best", scores),
        cell("shuffled", scores[::-1], names=[f"img{k}" for k in range(8)][::-1]),
    ]
    table = compare_with_best(report.image_table(methods), "best")
    assert table.loc["shuffled", "p_vs_best"] == 1.0  # the same score on each image


def test_a_method_missing_images_is_compared_on_those_it_has():
    scores = np.linspace(0.5, 0.9, 8)
    methods = [
        cell("best", scores),
        cell("partial", scores[:5] - 0.1, names=[f"img{k}" for k in range(5)]),
    ]
    table = compare_with_best(report.image_table(methods), "best")
    assert table.loc["partial", "n_paired"] == 5
    assert table.loc["partial", "unpaired_images"] == ["img5", "img6", "img7"]
    assert table.loc["partial", "p_vs_best"] == pytest.approx(2 / 2**5)


def test_a_method_sharing_no_image_with_the_best_is_not_compared():
    methods = [cell("best", [0.9, 0.8]), cell("elsewhere", [0.1, 0.2], names=["x", "y"])]
    table = compare_with_best(report.image_table(methods), "best")
    assert table.loc["elsewhere", "n_paired"] == 0
    assert np.isnan(table.loc["elsewhere", "p_vs_best"])
    assert not table.loc["elsewhere", "tied_with_best"]


def test_compare_with_best_refuses_what_it_cannot_read():
    table = per_image({"a": [0.5, 0.6], "b": [0.4, 0.3]})
    with pytest.raises(ValueError, match="'c' has no row"):
        compare_with_best(table, "c")
    with pytest.raises(ValueError, match="lacks the column"):
        compare_with_best(table.drop(columns="image"), "a")
    with pytest.raises(ValueError, match="more than once"):
        compare_with_best(pd.concat([table, table]), "a")
    with pytest.raises(ValueError, match="alpha"):
        compare_with_best(table, "a", alpha=5)


# --- where the numbers are shown: results_table, results.md, results.png --------------------


def leaderboard_cells() -> list[dict]:
    rng = np.random.default_rng(2)
    best = rng.uniform(0.6, 0.95, 12)
    return [
        cell("slow-twin", best, seconds_per_megapixel=5.0),  # the same scores, slower
        cell("best", best),
        cell("worse", best - 0.3),
        cell("other-task", best, task="u"),
    ]


def test_results_table_carries_the_comparison_of_each_task():
    table = report.results_table(leaderboard_cells())
    row = table.set_index(["task", "method"])
    assert list(table.columns[5:13]) == [
        "score",
        "se",
        "ci_low",
        "ci_high",
        "p_vs_best",
        "tied_with_best",
        "n_paired",
        "unpaired_images",
    ]
    assert row.loc[("t", "best"), "p_vs_best"] == 1.0  # rank 1: the leaderboard's best
    assert row.loc[("t", "worse"), "tied_with_best"] == False  # noqa: E712 (numpy bool)
    assert row.loc[("t", "slow-twin"), "tied_with_best"] == True  # noqa: E712
    assert row.loc[("u", "other-task"), "p_vs_best"] == 1.0  # a task of its own
    scores = np.array([image["iou"] for image in leaderboard_cells()[2]["images"]])
    assert row.loc[("t", "worse"), "se"] == pytest.approx(stats.sem(scores))
    assert json.loads(row.loc[("t", "worse"), "unpaired_images"]) == []


def test_results_md_shows_the_error_the_mark_and_the_test_images(tmp_path):
    paths = report.write_results(leaderboard_cells(), tmp_path)
    text = paths["markdown"].read_text(encoding="utf-8")
    assert "| rank | method | iou | ± | p vs best | ≈ best |" in text
    assert "| 1 | best | " in text and "| ≈ |" in text
    worse = next(line for line in text.splitlines() if line.startswith("| 3 | worse"))
    assert "≈" not in worse and "< 0.001" in worse
    assert "paired Wilcoxon signed-rank test" in text and "Holm-corrected" in text
    assert "on the same 12 test images" in text and "at least 0.05" in text
    assert "Test images (12): img0, img1, img2," in text
    assert "results.png" in text


def test_results_md_says_when_the_images_are_too_few_and_when_images_differ(tmp_path):
    cells = [
        cell("best", [0.9, 0.8, 0.95, 0.7]),
        cell("worse", [0.1, 0.2, 0.1], names=["img0", "img1", "img9"]),
    ]
    text = report.write_results(cells, tmp_path)["markdown"].read_text(encoding="utf-8")
    assert "Here no method can be told apart from the best" in text
    assert "(3 scored by only one of them: img2, img3, img9)" in text
    assert "compared on the 2 they share" in text


def test_results_png_is_written_and_is_an_image(tmp_path):
    paths = report.write_results(leaderboard_cells(), tmp_path)
    assert paths["figure"] == tmp_path / "results.png"
    with Image.open(paths["figure"]) as image:
        assert image.format == "PNG" and image.width > 500 and image.height > 300


def test_the_figure_has_one_titled_panel_per_task_and_a_key():
    table = report.results_table(leaderboard_cells())
    drawn = figure.leaderboard_figure(table)
    visible = [axis for axis in drawn.axes if axis.get_visible()]
    assert [axis.get_title() for axis in visible] == ["t (12 test images)", "u (12 test images)"]
    assert all(axis.get_xlabel() == "iou, mean over the test images" for axis in visible)
    assert [label.get_text() for label in visible[0].get_yticklabels()] == [
        "best",
        "slow-twin",
        "worse",
    ]
    key = [text.get_text() for text in drawn.legends[0].get_texts()]
    assert any(text.startswith("not distinguishable from the best") for text in key)
    assert any(text.startswith("worse than the best") for text in key)
    assert any("95% Student-t interval" in text for text in key)


def test_the_figure_reads_seven_tasks_of_twenty_methods():
    rng = np.random.default_rng(3)
    cells = [
        cell(f"family.method_{m:02d}", rng.uniform(0, 1, 10), task=f"task-{t}")
        for t in range(7)
        for m in range(20)
    ]
    drawn = figure.leaderboard_figure(report.results_table(cells))
    visible = [axis for axis in drawn.axes if axis.get_visible()]
    assert len(visible) == 7 and all(len(axis.get_yticks()) == 20 for axis in visible)
    width, height = drawn.get_size_inches()
    assert height / 4 > 20 * figure.ROW_INCHES  # four rows of panels, each 20 methods tall
    with pytest.raises(ValueError, match="lacks"):
        figure.leaderboard_figure(pd.DataFrame({"task": ["t"]}))
