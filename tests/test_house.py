"""The shape of the package: one direction of imports, light method modules, declared deps."""

import ast
import importlib
import importlib.metadata
import re
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
PACKAGE = PROJECT / "segutils"


def module_name(path: Path) -> str:
    parts = path.relative_to(PROJECT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def test_the_import_contracts_are_kept():
    """The floors, the ground floor, light method modules, no circles: see [tool.importlinter]."""
    # lint-imports puts its working directory first on sys.path, so it judges this checkout.
    command = "from importlinter.cli import lint_imports_command; lint_imports_command()"
    result = subprocess.run(
        [sys.executable, "-c", command, "--no-cache", "--no-logo", "pyproject.toml"],
        cwd=PROJECT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


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
                attribute = getattr(package, child.stem, None)
                if attribute is None:  # a submodule the package has not imported: nothing hides it
                    continue
                assert attribute.__name__ == f"{package.__name__}.{child.stem}", (
                    f"{package.__name__}.{child.stem} is {attribute!r}, not the module"
                )


def imports_of(path: Path) -> set[str]:
    """Every absolute import of a file, at any depth of the code (function-level imports too)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            found.add(node.module)
    return found


def third_party_imports(paths) -> set[str]:
    stdlib = set(sys.stdlib_module_names)
    tops = {name.split(".")[0] for path in paths for name in imports_of(path)}
    return {name for name in tops if name and name not in stdlib and name != "segutils"}


def declared(requirements: list[str]) -> set[str]:
    return {re.split(r"[<>=!~ ;\[]", line, maxsplit=1)[0].lower() for line in requirements}


def test_every_runtime_import_is_a_declared_dependency():
    project = tomllib.loads((PROJECT / "pyproject.toml").read_text())["project"]
    distributions = importlib.metadata.packages_distributions()
    extras = project["optional-dependencies"]
    # Each optional subpackage may also use its own extra, and only that one.
    optional = {name: set((PACKAGE / name).rglob("*.py")) for name in extras}
    core = [p for p in PACKAGE.rglob("*.py") if not any(p in files for files in optional.values())]
    checks = [(core, project["dependencies"])]
    checks += [(optional[name], project["dependencies"] + extras[name]) for name in extras]
    for paths, requirements in checks:
        needed = declared(requirements)
        for module in third_party_imports(paths):
            names = {d.lower() for d in distributions.get(module, [module])}
            assert names & needed, f"{module} is imported but none of {names} is declared"


def test_the_wheel_holds_every_subpackage_and_the_data_hashes(tmp_path):
    build = ["pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(tmp_path)]
    subprocess.run([sys.executable, "-m", *build, str(PROJECT)], check=True, capture_output=True)
    (wheel,) = tmp_path.glob("segutils-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for path in PACKAGE.rglob("*"):
        if path.suffix in (".py", ".pyi", ".txt", ".typed") and "__pycache__" not in path.parts:
            assert path.relative_to(PROJECT).as_posix() in names
