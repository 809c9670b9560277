"""The ``segutils`` command line: its commands, lazy imports per command, the installed script."""

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from segutils import cli

PROJECT = Path(__file__).resolve().parents[1]


def test_help_lists_every_command(capsys):
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["--help"])
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    for name, command in cli.COMMANDS.items():
        assert name in out and command.summary[:30] in out


def test_an_unknown_command_is_refused_with_the_choices(capsys):
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["segmnet"])  # a typo of a command
    assert exit_info.value.code == 2
    assert "invalid choice: 'segmnet'" in capsys.readouterr().err


def test_no_command_says_one_is_required(capsys):
    with pytest.raises(SystemExit):
        cli.main([])
    assert "required: COMMAND" in capsys.readouterr().err


@pytest.mark.parametrize("name", list(cli.COMMANDS))
def test_every_command_module_has_its_two_functions(name):
    import importlib

    command = cli.COMMANDS[name]
    module = importlib.import_module(command.module)  # `make test` installs every extra
    assert callable(module.add_arguments)
    assert callable(module.run)


def test_fetch_help_imports_only_what_fetch_needs():
    code = (
        "import sys\nfrom segutils.cli import main\n"
        "try:\n    main(['fetch', '--help'])\nexcept SystemExit:\n    pass\n"
        "heavy = ('pandas', 'tensorflow', 'keras', 'matplotlib', 'ipywidgets', 'sklearn',\n"
        "         'segutils.bench', 'segutils.classroom', 'segutils.threshold', 'pooch')\n"
        "print(sorted(m for m in heavy if m in sys.modules), file=sys.stderr)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "isbi2012-membrane" in out.stdout
    assert out.stderr.strip() == "[]"


def test_a_command_whose_extra_is_missing_names_the_extra(tmp_path, monkeypatch, capsys):
    (tmp_path / "needs_an_extra.py").write_text("import a_package_that_is_not_installed\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setitem(cli.COMMANDS, "demo", cli.Command("needs_an_extra", "a demo command"))
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["demo"])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert "'a_package_that_is_not_installed', which is not installed" in err
    assert "pip install" in err


def test_the_installed_console_script_runs_from_the_wheel(tmp_path):
    wheels = tmp_path / "wheels"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(wheels),
            str(PROJECT),
        ],
        check=True,
        capture_output=True,
    )
    (wheel,) = wheels.glob("segutils-*.whl")
    entry_points = zipfile.ZipFile(wheel).read(
        next(n for n in zipfile.ZipFile(wheel).namelist() if n.endswith("entry_points.txt"))
    )
    assert b"segutils = segutils.cli:main" in entry_points
    target = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--no-deps",
            "-q",
            "--target",
            str(target),
            str(wheel),
        ],
        check=True,
        capture_output=True,
    )
    script = target / "bin" / "segutils"
    env = {"PYTHONPATH": str(target), "PATH": "/usr/bin:/bin"}
    where = subprocess.run(
        [sys.executable, "-c", "import segutils; print(segutils.__file__)"],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    )
    assert where.stdout.startswith(str(target)), "the test must run the installed copy"
    out = subprocess.run(
        [str(script), "--help"], env=env, cwd=tmp_path, capture_output=True, text=True
    )
    assert out.returncode == 0, out.stderr
    assert "fetch" in out.stdout and "bench" in out.stdout
