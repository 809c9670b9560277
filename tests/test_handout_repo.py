"""The hand-out repository a class server's image is built from: no answers, and it works.

Builds 00_intro's assignment once (the fastest notebook) and writes the hand-out repository from
it with ``segutils handout``. Then checks:

- that it holds no line of any reference solution (``notebooks/solutions/*.py``: SOLUTIONS and
  WRITTEN, all notebooks, wherever the line would be: notebook cells, their metadata, segutils),
  no hidden check (no file of ``notebooks/checks/hidden/``, none of their test functions'
  names), no ``solutions/``, ``checks/`` or ``tests/`` folder, nothing beyond what a student needs;
- that an image built from it works with the students' homes mounted over the repository: its
  own ``binder/postBuild`` runs in a fresh Python environment (offline: pip without an index or
  build isolation, and the datasets already in the environment's shared folder, as links to the
  reference data, so that its ``segutils fetch`` verifies them instead of downloading); the
  repository is then moved away, and from an empty home folder, with no SEGUTILS_DATA or
  SEGUTILS_CACHE, the environment still imports segutils (installed, not editable) and reads the
  datasets, writing nothing into the home;
- that its student notebook runs to the end in that environment, with the exercises blank as a
  student first opens it (quick mode): a blank answer fails its check, nothing raises.

The environment borrows the third-party packages of the running one (a ``.pth`` line) so that
nothing is downloaded; segutils itself comes only from the hand-out.
"""

import ast
import json
import re
import shutil
import subprocess
import sys
import sysconfig
from dataclasses import dataclass
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from segutils import cli
from segutils.classroom import assignments, handout
from segutils.datasets import dataset_files
from segutils.datasets.sources import DATASETS

PROJECT = Path(__file__).resolve().parents[1]
NOTEBOOKS = PROJECT / "notebooks"
HIDDEN = NOTEBOOKS / "checks" / "hidden"
NOTEBOOK = "00_intro"
# A line shorter than this (a bare `)` or `else:`) says nothing about an answer.
SHORTEST_SOLUTION_LINE = 8


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """What `segutils assign 00_intro --out DIR` writes."""
    out = tmp_path_factory.mktemp("assignments")
    assert cli.main(["assign", "--notebooks", str(NOTEBOOKS), NOTEBOOK, "--out", str(out)]) == 0
    return out


@pytest.fixture(scope="module")
def repo(built, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("handout") / "seg-course-handout"
    arguments = ["--out", str(out), "--assignments", str(built), "--project", str(PROJECT)]
    assert cli.main(["handout", *arguments]) == 0
    return out


def text_files(root: Path) -> dict[Path, list[str]]:
    """Every line of every text file under ``root``; a notebook's strings, cells and metadata."""
    found = {}
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        if path.suffix == ".ipynb":
            found[path] = [line for text in strings(json.loads(path.read_text())) for line in text]
        else:
            try:
                found[path] = path.read_text(encoding="utf-8").split("\n")
            except UnicodeDecodeError:
                continue  # the U-Net's weights
    return found


def strings(node) -> list[list[str]]:
    """The lines of every string in a notebook's JSON (sources, outputs, otter's metadata)."""
    if isinstance(node, str):
        return [node.split("\n")]
    if isinstance(node, dict):
        node = list(node.values())
    if isinstance(node, list):
        return [lines for item in node for lines in strings(item)]
    return []


def solution_lines() -> set[str]:
    """Each line of a reference answer that the public notebooks do not show anyway."""
    lines = set()
    for notebook in assignments.with_exercises(NOTEBOOKS):
        module = assignments.load_solutions(notebook)
        for block in [*module.SOLUTIONS.values(), *getattr(module, "WRITTEN", {}).values()]:
            lines |= {line.strip() for line in block.split("\n")}
    # A few answers repeat a line the notebook itself shows elsewhere (a demo cell); the course
    # repository's notebooks are public, so those lines give nothing away.
    public = {
        line.strip()
        for path in NOTEBOOKS.glob("*.ipynb")
        for cell in nbformat.read(path, as_version=4).cells
        for line in cell.source.split("\n")
    }
    return {line for line in lines - public if len(line) >= SHORTEST_SOLUTION_LINE}


def test_the_handout_holds_only_what_a_student_needs(repo, built):
    entries = {path.name for path in repo.iterdir()}
    assert entries == set(handout.WRITTEN)
    assert [path.name for path in (repo / "notebooks").iterdir()] == [f"{NOTEBOOK}.ipynb"]
    student = f"{NOTEBOOK}.ipynb"
    assert (repo / "notebooks" / student).read_bytes() == (built / "handout" / student).read_bytes()
    assert {path.name for path in (repo / "binder").iterdir()} == {
        "constraints.txt",
        "jupyterlab-settings.json",
        "postBuild",
        "requirements.txt",
        "runtime.txt",
    }
    folders = {path.name for path in repo.rglob("*") if path.is_dir()}
    assert not folders & {"solutions", "checks", "hidden", "tests", "assignments", "__pycache__"}


def test_no_line_of_a_reference_solution_is_in_the_handout(repo):
    answers = solution_lines()
    assert len(answers) > 50, "the solutions were not read"
    leaks = [
        f"{path.relative_to(repo)}: {line.strip()}"
        for path, lines in text_files(repo).items()
        for line in lines
        if line.strip() in answers
    ]
    assert not leaks


def test_no_hidden_check_is_in_the_handout(repo):
    hidden_sources = {path.read_text() for path in HIDDEN.glob("*.py")}
    names = {
        node.name
        for path in HIDDEN.glob("*.py")
        for node in ast.parse(path.read_text()).body
        if isinstance(node, ast.FunctionDef)
    }
    assert len(names) >= len(list(HIDDEN.glob("*.py"))), "the hidden checks were not read"
    for path, lines in text_files(repo).items():
        text = "\n".join(lines)
        assert text not in hidden_sources, f"{path} is a hidden check"
        assert not [name for name in names if name in text], f"{path} names a hidden check"


def test_the_pins_are_the_projects_and_segutils_installs_not_editable(repo):
    pins = (repo / "binder" / "requirements.txt").read_text()
    course = [line for line in (PROJECT / "requirements.txt").read_text().split("\n") if line]
    assert [line for line in course if not line.startswith("#")] == [
        line for line in pins.split("\n") if line and line in course
    ], "every requirement line of the course, in its order (its comments are left out)"
    assert "-c constraints.txt" in pins
    constraints = (repo / "binder" / "constraints.txt").read_text()
    assert constraints == (PROJECT / "constraints.txt").read_text()
    runtime = (repo / "binder" / "runtime.txt").read_text()
    assert runtime == (PROJECT / "binder" / "runtime.txt").read_text()
    post_build = repo / "binder" / "postBuild"
    assert post_build.stat().st_mode & 0o111, "repo2docker runs postBuild only if executable"
    commands = [line for line in post_build.read_text().split("\n") if not line.startswith("#")]
    assert "python -m pip install --no-deps ." in commands
    assert not [line for line in commands if " -e " in line or "make" in line.split()]


@dataclass(frozen=True)
class Image:
    """A Python environment built by the hand-out's postBuild, and where its repository went."""

    prefix: Path
    repository: Path

    @property
    def python(self) -> str:
        return str(self.prefix / "bin" / "python")

    @property
    def data(self) -> Path:
        return self.prefix / "share" / "segutils" / "data"


@pytest.fixture(scope="module")
def image(repo, shared_data, tmp_path_factory) -> Image:
    root = tmp_path_factory.mktemp("image")
    prefix = root / "env"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(prefix)], check=True)
    site = Path(sysconfig.get_paths(vars={"base": str(prefix), "platbase": str(prefix)})["purelib"])
    (site / "course-requirements.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    built = Image(prefix, root / "repository-hidden-by-the-home-mount")
    # Stands in for the download: postBuild's `segutils fetch` then only verifies the files.
    for dataset in DATASETS:
        for name in dataset_files(dataset):
            (built.data / dataset / name).parent.mkdir(parents=True, exist_ok=True)
            (built.data / dataset / name).symlink_to(shared_data / dataset / name)
    checkout = shutil.copytree(repo, root / "repository")
    (root / "build-home").mkdir()
    environment = {
        "PATH": f"{prefix / 'bin'}:/usr/bin:/bin",
        "HOME": str(root / "build-home"),
        "PIP_NO_INDEX": "1",
        # pip reads its `--no-...` switches inverted from the environment: 0 turns isolation off.
        "PIP_NO_BUILD_ISOLATION": "0",
        # Never touch the borrowed environment's own (editable) segutils.
        "PIP_IGNORE_INSTALLED": "1",
    }
    build = subprocess.run(
        ["bash", "binder/postBuild"], cwd=checkout, env=environment, capture_output=True, text=True
    )
    assert build.returncode == 0, build.stdout + build.stderr
    assert f"isbi2012-membrane: 90 of 90 files as published, in {built.data}" in build.stdout
    checkout.rename(built.repository)
    return built


def test_the_image_finds_segutils_and_the_data_outside_the_home(image, tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    code = (
        "import segutils, segutils.config as config\n"
        "print(segutils.__file__)\n"
        "print(config.cache_dir())\n"
        "print(segutils.load_isbi2012('train', indices=[0]).images.shape)\n"
    )
    run = subprocess.run(
        [image.python, "-c", code],
        cwd=home,
        env={"PATH": f"{image.prefix / 'bin'}:/usr/bin:/bin", "HOME": str(home)},
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stderr
    package, cache, shape = run.stdout.strip().split("\n")
    assert Path(package).is_relative_to(image.prefix) and "site-packages" in package
    assert Path(cache) == image.data
    assert shape == "(1, 512, 512)"
    assert not list(home.rglob("*")), "nothing is written into the home folder"


def test_the_student_notebook_runs_in_the_image(image, tmp_path, monkeypatch):
    # The student's copy, in their home (nbgitpuller puts it there), with one more cell that says
    # which segutils and which data folder the kernel found.
    home = tmp_path / "home"
    (home / "notebooks").mkdir(parents=True)
    path = home / "notebooks" / f"{NOTEBOOK}.ipynb"
    notebook = nbformat.read(image.repository / "notebooks" / path.name, as_version=4)
    probe = "import segutils\nprint(segutils.__file__, segutils.config.cache_dir())"
    notebook.cells.append(nbformat.v4.new_code_cell(probe))
    nbformat.write(notebook, path)  # otter's grader reads the public checks from this file
    kernels = tmp_path / "jupyter" / "kernels" / "image"
    kernels.mkdir(parents=True)
    spec = {
        "argv": [image.python, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "the hand-out image",
        "language": "python",
    }
    (kernels / "kernel.json").write_text(json.dumps(spec))
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path / "jupyter"))
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("SEGUTILS_QUICK", "1")
    for name in ("PYTHONPATH", "SEGUTILS_DATA", "SEGUTILS_CACHE"):
        monkeypatch.delenv(name, raising=False)
    client = NotebookClient(
        notebook,
        kernel_name="image",
        timeout=300,
        resources={"metadata": {"path": str(path.parent)}},
    )
    client.execute()  # raises CellExecutionError at the first cell that fails
    checks = [cell for cell in notebook.cells if cell.source.startswith("grader.check(")]
    assert len(checks) == 3
    for cell in checks:  # a blank answer fails its public check, with the check's message
        assert "Test case failed" in cell.outputs[0]["data"]["text/plain"]
    package, cache = notebook.cells[-1].outputs[0].text.split()
    assert Path(package).is_relative_to(image.prefix)
    assert Path(cache) == image.data


# --- fix-report ---


def test_the_handout_pins_nbgitpuller_for_the_hub_s_links(repo):
    pins = (repo / "binder" / "requirements.txt").read_text().split("\n")
    (line,) = [line for line in pins if line.startswith("nbgitpuller")]
    assert re.fullmatch(r"nbgitpuller==\d+\.\d+\.\d+", line), "pinned exactly"
    assert line in (PROJECT / "binder" / "handout" / "requirements.txt").read_text()
    constraints = (repo / "binder" / "constraints.txt").read_text()
    assert "nbgitpuller" not in constraints, "its pin is the only one, nothing to disagree with"
    assert "nbgitpuller" in (PROJECT / "docs" / "instructor.md").read_text()


def test_the_handout_points_nowhere_it_does_not_have(repo):
    pins = (repo / "binder" / "requirements.txt").read_text()
    assert 'see "Dependencies" in README.md' not in pins and "see README.md" not in pins
    assert '"Dependencies" in its README.md' in pins, "named as the course repository's"
    readme = (repo / "README.md").read_text()
    listed = re.findall(r"^notebooks/\S+\.ipynb$", readme, flags=re.MULTILINE)
    assert listed == [f"notebooks/{NOTEBOOK}.ipynb"], "only the notebooks written are listed"
    assert "02_region" not in readme and "@NOTEBOOKS@" not in readme


def test_a_readme_without_the_list_s_place_is_refused_before_anything_is_removed(built, tmp_path):
    project = tmp_path / "course"
    project.mkdir()
    for name in ("segutils", "binder", "tools"):
        (project / name).symlink_to(PROJECT / name)
    for name in ("pyproject.toml", "requirements.txt", "constraints.txt"):
        (project / name).symlink_to(PROJECT / name)
    (project / "binder").unlink()
    shutil.copytree(PROJECT / "binder", project / "binder")
    readme = project / "binder" / "handout" / "README.md"
    readme.write_text(readme.read_text().replace("@NOTEBOOKS@", "notebooks/00_intro.ipynb"))
    out = tmp_path / "handout"
    (out / "notebooks").mkdir(parents=True)
    with pytest.raises(ValueError, match="has no line @NOTEBOOKS@"):
        handout.write_handout(out, assignments=built, project=project, overwrite=True)
    assert (out / "notebooks").is_dir(), "nothing removed"


def make_handout(*variables: str) -> subprocess.CompletedProcess:
    """``make -n handout-repo ...``: the command make would run, without running anything."""
    command = ["make", "-n", "--no-print-directory", "handout-repo", *variables]
    return subprocess.run(command, cwd=PROJECT, capture_output=True, text=True)


@pytest.mark.skipif(shutil.which("make") is None, reason="no make")
def test_make_handout_repo_reads_overwrite_as_make_grade_does():
    def command(*variables: str) -> str:
        run = make_handout("HANDOUT=out", *variables)
        (line,) = [line for line in run.stdout.split("\n") if "segutils handout" in line]
        return line.strip()

    assert command("OVERWRITE=1").endswith('segutils handout --out "out" --overwrite')
    assert command("OVERWRITE=0").endswith('segutils handout --out "out"')
    assert command().endswith('segutils handout --out "out"')
    run = make_handout("HANDOUT=out", "OVERWRITE=yes")
    assert run.returncode != 0 and "write OVERWRITE=1 to turn it on" in run.stderr
