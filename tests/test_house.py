"""The shape of the package: one direction of imports, modules of a readable size, declared deps."""

import ast
import importlib
import importlib.metadata
import re
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[1]
PACKAGE = PROJECT / "segutils"
METHOD_MODULES = ("threshold", "edge", "region", "watershed", "cluster")
# What a method module must never pull in, directly or through another segutils module.
HEAVY = ("segutils.explorer", "segutils.viz", "segutils.unet", "tensorflow", "keras",
         "ipywidgets", "matplotlib")  # fmt: skip


def module_name(path: Path) -> str:
    parts = path.relative_to(PROJECT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path) -> set[str]:
    """Every module a file imports, at any depth of the code (function-level imports too)."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - node.level + 1]
                base = ".".join(anchor + ([base] if base else []))
            found.add(base)
            # `from . import threshold` imports a submodule, not an attribute.
            for alias in node.names:
                candidate = f"{base}.{alias.name}"
                if (PROJECT / Path(*candidate.split("."))).with_suffix(".py").is_file() or (
                    PROJECT / Path(*candidate.split(".")) / "__init__.py"
                ).is_file():
                    found.add(candidate)
    return found


def graph() -> dict[str, set[str]]:
    """segutils module -> the segutils modules it imports."""
    modules = {module_name(p): p for p in PACKAGE.rglob("*.py")}
    edges = {}
    for name, path in modules.items():
        edges[name] = {
            target
            for target in imports_of(path)
            if target.startswith("segutils")
            and target in modules
            # A package is imported before its modules anyway: not a dependency, not a circle.
            and not name.startswith(target + ".")
            and target != name
        }
    return edges


def source_of(module: str) -> Path | None:
    path = PROJECT / Path(*module.split("."))
    for candidate in (path.with_suffix(".py"), path / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def reachable(start: str, edges: dict[str, set[str]]) -> set[str]:
    seen, todo = set(), [start]
    while todo:
        for target in edges.get(todo.pop(), ()):
            if target not in seen:
                seen.add(target)
                todo.append(target)
    return seen


def test_images_is_the_ground_floor():
    for path in (PACKAGE / "images").glob("*.py"):
        outside = {i for i in imports_of(path) if i.startswith("segutils")}
        outside = {i for i in outside if not i.startswith("segutils.images")}
        assert not outside, f"{path.name} imports {sorted(outside)}"


def test_method_modules_import_no_explorer_viz_or_tensorflow():
    edges = graph()
    for module in METHOD_MODULES:
        name = f"segutils.{module}"
        everything = reachable(name, edges) | {name}
        files = [source_of(m) for m in everything]
        external = set().union(*(imports_of(path) for path in files if path is not None))
        pulled = {m for m in everything | external for heavy in HEAVY if m.startswith(heavy)}
        assert not pulled, f"{name} imports {sorted(pulled)}"


def test_the_import_graph_has_no_circle():
    edges = graph()
    for name in edges:
        assert name not in reachable(name, edges), f"{name} imports itself through a circle"


def test_a_method_module_loads_without_the_heavy_libraries():
    code = (
        "import sys, segutils.threshold, segutils.watershed\n"
        "print(sorted(m for m in ('ipywidgets', 'matplotlib', 'pandas', 'tensorflow', 'pooch')"
        " if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_no_name_hides_a_module():
    for path in PACKAGE.rglob("__init__.py"):
        package = importlib.import_module(module_name(path))
        for child in path.parent.iterdir():
            if (
                child.suffix == ".py"
                and child.stem not in ("__init__", "__main__")
                or (child.is_dir() and (child / "__init__.py").is_file())
            ):
                attribute = getattr(package, child.stem)
                assert attribute.__name__ == f"{package.__name__}.{child.stem}", (
                    f"{package.__name__}.{child.stem} is {attribute!r}, not the module"
                )


@pytest.mark.parametrize("path", sorted(PACKAGE.rglob("*.py")), ids=lambda p: p.name)
def test_no_module_is_over_about_400_lines(path):
    assert len(path.read_text().splitlines()) <= 450, "split it by topic"


def third_party_imports(paths) -> set[str]:
    stdlib = set(sys.stdlib_module_names)
    tops = {name.split(".")[0] for path in paths for name in imports_of(path)}
    return {name for name in tops if name and name not in stdlib and name != "segutils"}


def declared(requirements: list[str]) -> set[str]:
    return {re.split(r"[<>=!~ ;\[]", line, maxsplit=1)[0].lower() for line in requirements}


def test_every_runtime_import_is_a_declared_dependency():
    project = tomllib.loads((PROJECT / "pyproject.toml").read_text())["project"]
    distributions = importlib.metadata.packages_distributions()
    unet = set((PACKAGE / "unet").rglob("*.py"))
    core = [p for p in PACKAGE.rglob("*.py") if p not in unet]
    for paths, requirements in (
        (core, project["dependencies"]),
        (unet, project["dependencies"] + project["optional-dependencies"]["unet"]),
    ):
        needed = declared(requirements)
        for module in third_party_imports(paths):
            names = {d.lower() for d in distributions.get(module, [module])}
            assert names & needed, f"{module} is imported but none of {names} is declared"


def test_the_wheel_holds_every_subpackage_and_the_data_hashes(tmp_path):
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
         "-w", str(tmp_path), str(PROJECT)],
        check=True, capture_output=True,
    )  # fmt: skip
    (wheel,) = tmp_path.glob("segutils-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for path in PACKAGE.rglob("*"):
        if path.suffix in (".py", ".txt") and "__pycache__" not in path.parts:
            assert path.relative_to(PROJECT).as_posix() in names
