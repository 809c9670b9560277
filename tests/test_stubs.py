"""The type stubs of the lazy packages agree with what the packages give at run time.

``segutils``, ``segutils.datasets`` and ``segutils.classroom`` load their submodules on first
use through ``lazy_loader.attach_stub``, which reads the names from ``__init__.pyi``; IDEs and
type checkers read the same file. These tests hold the stub and the package to each other, in
both directions, and check that a type checker sees the names through the stub.
"""

import ast
import importlib
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "segutils"
STUBS = sorted(PACKAGE.rglob("__init__.pyi"))


def package_of(stub: Path) -> str:
    return ".".join(stub.parent.relative_to(PACKAGE.parent).parts)


def stub_names(stub: Path) -> tuple[set[str], dict[str, set[str]], list[str]]:
    """The stub's submodules, its names by submodule, and its __all__."""
    submodules, attributes, declared = set(), {}, []
    for node in ast.parse(stub.read_text()).body:
        if isinstance(node, ast.ImportFrom) and node.module is None:
            submodules |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            attributes.setdefault(node.module, set()).update(a.name for a in node.names)
        elif isinstance(node, ast.Assign) and node.targets[0].id == "__all__":
            declared = ast.literal_eval(node.value)
    return submodules, attributes, declared


def test_every_lazy_package_has_a_stub():
    lazy = [
        path.parent
        for path in PACKAGE.rglob("__init__.py")
        if "attach_stub" in path.read_text() or "lazy.attach(" in path.read_text()
    ]
    assert sorted(lazy) == sorted(stub.parent for stub in STUBS)
    for folder in lazy:
        assert "lazy.attach(" not in (folder / "__init__.py").read_text(), "use attach_stub"


@pytest.mark.parametrize("stub", STUBS, ids=package_of)
def test_the_stub_lists_every_submodule_and_exports_what_it_imports(stub):
    submodules, attributes, declared = stub_names(stub)
    on_disk = {
        child.stem
        for child in stub.parent.iterdir()
        if (child.suffix == ".py" and child.stem not in ("__init__", "__main__"))
        or (child / "__init__.py").is_file()
    }
    assert submodules == on_disk, "add the new submodule to the stub"
    imported = submodules | set().union(*attributes.values())
    assert sorted(declared) == sorted(imported), "__all__ must list exactly what the stub imports"


@pytest.mark.parametrize("stub", STUBS, ids=package_of)
def test_each_name_of_the_stub_is_the_submodule_object_at_run_time(stub):
    package = importlib.import_module(package_of(stub))
    submodules, attributes, declared = stub_names(stub)
    assert sorted(package.__all__) == sorted(declared)
    for name in submodules:
        assert getattr(package, name) is importlib.import_module(f"{package.__name__}.{name}")
    for module, names in attributes.items():
        source = importlib.import_module(f"{package.__name__}.{module}")
        for name in names:
            assert getattr(package, name) is getattr(source, name), f"{package.__name__}.{name}"


def test_a_type_checker_sees_the_lazy_names_through_the_stubs(tmp_path):
    import segutils

    uses = [f"segutils.{name}" for name in segutils.__all__]
    uses += ["segutils.datasets.synthetic", "segutils.classroom.grade_cli"]
    script = tmp_path / "uses.py"
    script.write_text(
        "import segutils\nimport segutils.classroom\nimport segutils.datasets\n"
        + "\n".join(uses)
        + "\nreveal_type(segutils.load_image)\nsegutils.not_a_name\n"
    )
    mypy = [sys.executable, "-m", "mypy", "--cache-dir", str(tmp_path / "cache")]
    options = ["--follow-imports=silent", "--ignore-missing-imports", "--no-error-summary"]
    out = subprocess.run(
        [*mypy, *options, str(script)], cwd=PACKAGE.parent, capture_output=True, text=True
    )
    lines = out.stdout.splitlines()
    # Only the planted mistake is an error; the function's own signature is revealed.
    errors = [line for line in lines if ": error:" in line]
    assert len(errors) == 1 and 'no attribute "not_a_name"' in errors[0], out.stdout
    assert any("def (source:" in line for line in lines), out.stdout
