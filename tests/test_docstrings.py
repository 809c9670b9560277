"""Every public function of segutils has a numpydoc docstring that teaches: numpydoc validates it.

The house rule (CONTRIBUTING.md): Parameters and Returns that match the signature, an Examples
section (run as a doctest) and a References section. numpydoc checks the first three; References
is not one of its checks, so it is checked here by name.
"""

import importlib
import inspect
import pkgutil

import numpydoc.validate
from numpydoc.docscrape import NumpyDocString

import segutils

#: The numpydoc checks the house enforces (numpydoc.validate.ERROR_MSGS has them all).
CHECKS = {
    "GL06": "an unknown section",
    "GL08": "no docstring",
    "SS01": "no one-line summary",
    "PR01": "a parameter not documented",
    "PR02": "a documented parameter the function does not take",
    "PR03": "parameters documented in another order than the signature's",
    "PR10": "no space before the colon of a parameter",
    "RT01": "no Returns section for a function that returns",
    "YD01": "no Yields section for a generator",
    "EX01": "no Examples section",
}
REFERENCES = "REF"  # the house's own check: a References section

#: Temporary: functions in files that other branches of issue 20 rewrite now (explorer/,
#: metrics/, the command line). Whoever merges them documents these and empties this table;
#: test_the_waiting_list_is_current fails for an entry that is fixed, so it only shrinks.
WAITING = {
    "segutils.bench.cli.add_parser": {"EX01", "PR01", REFERENCES},
    "segutils.bench.cli.run": {"EX01", "PR01", "RT01", REFERENCES},
    "segutils.explorer.frames.caption": {REFERENCES},
    "segutils.explorer.frames.compose": {REFERENCES},
    "segutils.explorer.frames.display_base": {REFERENCES},
    "segutils.explorer.frames.error_html": {REFERENCES},
    "segutils.explorer.frames.preview_note": {REFERENCES},
    "segutils.explorer.frames.readout_html": {REFERENCES},
    "segutils.explorer.frames.summary": {REFERENCES},
    "segutils.explorer.inputs.make_input": {REFERENCES},
    "segutils.explorer.inputs.make_panel": {REFERENCES},
    "segutils.explorer.inputs.toggle_seed": {REFERENCES},
    "segutils.explorer.sizing.preview_copy": {REFERENCES},
    "segutils.explorer.sizing.preview_scale": {REFERENCES},
    "segutils.explorer.sizing.preview_values": {REFERENCES},
    "segutils.explorer.sizing.shape_for": {"EX01", "PR01", "RT01", REFERENCES},
    "segutils.explorer.sizing.shrink": {"EX01", "PR01", "RT01", REFERENCES},
    "segutils.metrics.boundary_solver.least_distance_rows": {"EX01", REFERENCES},
    "segutils.metrics.boundary_solver.maximum_matching": {"EX01", "PR01", "RT01", REFERENCES},
    "segutils.metrics.pixel.evaluate": {REFERENCES},
    "segutils.metrics.pixel.pixel_accuracy": {REFERENCES},
    "segutils.metrics.pixel.segmentation_scores": {REFERENCES},
}


def modules():
    """segutils and every module in it, except the command line (__main__)."""
    yield segutils
    for module in pkgutil.walk_packages(segutils.__path__, "segutils."):
        if not module.name.endswith(".__main__"):
            yield importlib.import_module(module.name)


def public_functions() -> dict[str, object]:
    """Dotted name -> function, for each public function defined in segutils.

    Public: listed in its module's ``__all__`` (lazy names of a package included), without an
    underscore in a module without ``__all__``, or a registered method. A function re-exported
    by several modules is named once, by the module that defines it.
    """
    from segutils import catalog

    functions = [method.function for method in catalog.METHODS]
    for module in modules():
        names = getattr(module, "__all__", None) or [n for n in vars(module) if n[0] != "_"]
        functions += [getattr(module, name) for name in names]
    return {
        f"{function.__module__}.{function.__qualname__}": function
        for function in functions
        if inspect.isfunction(function) and function.__module__.startswith("segutils.")
    }


def problems_of(name: str, function) -> dict[str, str]:
    """Check code -> what is wrong, for one function."""
    found = {
        code: message
        for code, message in numpydoc.validate.validate(name)["errors"]
        if code in CHECKS
    }
    if function.__doc__ and not NumpyDocString(inspect.getdoc(function))["References"]:
        found[REFERENCES] = "No References section found (a paper or a library's documentation)"
    return found


def test_every_public_function_has_a_docstring_that_teaches():
    functions = public_functions()
    assert len(functions) > 100, "the walk over segutils found too few functions"
    report = []
    for name, function in sorted(functions.items()):
        for code, message in sorted(problems_of(name, function).items()):
            if code not in WAITING.get(name, ()):
                report.append(f"{name}: {code} {message}")
    assert not report, "\n".join(report)


def test_the_waiting_list_is_current():
    functions = public_functions()
    stale = []
    for name, codes in WAITING.items():
        fixed = codes - set(problems_of(name, functions[name])) if name in functions else codes
        stale += [f"{name}: {code}" for code in sorted(fixed)]
    assert not stale, "documented now (or gone): remove from WAITING:\n" + "\n".join(stale)
