"""The method registry: each segmentation method registers itself, with its family, where defined.

A method module decorates each method::

    @register("thresholding")
    def manual(image, *, level: Annotated[float, Range(0.0, 1.0, 0.005)] = 0.5): ...

Registration checks the signature once, at import: every keyword parameter must be a control
(an annotated :class:`~segutils.params.Range`, a ``Literal`` choice or a ``bool``) or be marked
:class:`~segutils.params.Fixed` with its valid values (a fixed number's ``range``), so that the
explorer and the benchmarks never silently leave a parameter out and no parameter escapes the
call-time checks; every default must be one of its parameter's valid values. The function
registered (and returned) checks every call: the image must be canonical
(:func:`segutils.images.validate_image`), every keyword must be one of the method's, each
keyword's value, a control's or a fixed one's, must follow :func:`segutils.params.coerce_value`
(range, grid, choices, the number rule), and the hints a person gives must pass their checks
(seed points :func:`segutils.params.check_seeds`, a box :func:`segutils.params.check_box`,
scribbles :func:`segutils.params.check_scribbles`), with a message that names the method, the
parameter, the value and the fix. :mod:`segutils.catalog` imports the method modules and reads the
list from here.

The hint parameters (``seeds``, ``box``, ``scribbles``; :data:`segutils.params.HINT_NAMES`) are
not controls: each must carry its annotation (:data:`~segutils.params.Seeds`,
:data:`~segutils.params.Box`, :data:`~segutils.params.Scribbles`) and default to ``None``;
``seeds`` may come by position after the image, ``box`` and ``scribbles`` are keyword-only.

Examples
--------
>>> from typing import Annotated
>>> from segutils.params import Range
>>> @register("thresholding", into={})
... def brighter(image, *, level: Annotated[float, Range(0.0, 1.0)] = 0.5):
...     return image > level
>>> import numpy as np
>>> brighter(np.zeros((2, 2), np.float32), level=2)  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
ValueError: registry.brighter(): level=2.0 is outside its range [0.0, 1.0]; ...
"""

from __future__ import annotations

import dataclasses
import functools
import inspect
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from . import params
from .images import validate_image

__all__ = ["FAMILIES", "Method", "register", "registered"]

#: The families of methods, in the order the notebooks teach them.
FAMILIES = ("thresholding", "edge", "region", "superpixels", "watershed", "clustering", "hints")


@dataclass(frozen=True)
class Method:
    """A registered method: its name (``module.function``), its family and the function.

    The module in the name is the one a user imports the method from (``cluster.kmeans``, though
    :func:`~segutils.cluster.kmeans` is defined in ``segutils.cluster.centroids``).
    """

    name: str
    family: str
    function: Callable


_REGISTRY: dict[str, Method] = {}

#: The check each hint parameter passes on every call.
_HINT_CHECKS = {
    "seeds": params.check_seeds,
    "box": params.check_box,
    "scribbles": params.check_scribbles,
}


def _method_name(function: Callable) -> str:
    """``module.function``, the module being the one a user imports the method from.

    A method defined in a module of a subpackage (``segutils.cluster.centroids.kmeans``) takes
    the subpackage's name (``cluster.kmeans``), which re-exports it: the names stay the same when
    a module is split, and the saved leaderboard results and the notebooks use them.

    Parameters
    ----------
    function : callable
        A method.

    Returns
    -------
    str
        Its registry name.

    Examples
    --------
    >>> from segutils.cluster import kmeans
    >>> kmeans.__module__, _method_name(kmeans)
    ('segutils.cluster.centroids', 'cluster.kmeans')
    """
    parts = function.__module__.split(".")
    inside_package = parts[0] == __package__ and len(parts) > 1
    module = parts[1] if inside_package else parts[-1]
    return f"{module}.{function.__name__}"


def _check_signature(function: Callable, name: str) -> None:
    """Every keyword parameter is a control or fixed, with a valid default; the first is the image.

    Raises ``TypeError`` (at import, for a method module) for a parameter that the call-time
    checks could not check.
    """
    parameters = list(inspect.signature(function).parameters.values())
    if not parameters or parameters[0].name != "image":
        raise TypeError(f"{name}: a method's first parameter must be `image`.")
    controls = params.controls(function)
    for control in controls.values():
        if control.range is not None and control.range.exclude_low:
            raise TypeError(
                f"{name}: the range of {control.name!r} excludes its low end, where a slider and "
                "the tuning start. Give the smallest sensible value as low instead."
            )
        bound_by = control.range.at_most if control.range is not None else None
        partner = controls.get(bound_by) if bound_by != control.name else None
        if bound_by is not None and (partner is None or partner.kind not in ("int", "float")):
            raise TypeError(
                f"{name}: {control.name!r} must be at most {bound_by!r}, which is not another "
                "numeric control of the method. Name one of its sliders in at_most=."
            )
        # The explorer pushes one slider to the other's value, and tuning draws both from
        # their ranges: an ordered pair must share its kind, interval, step and scaling.
        if bound_by is not None and (
            partner.kind != control.kind
            or dataclasses.replace(control.range, at_most=None) != partner.range
        ):
            raise TypeError(
                f"{name}: {control.name!r} and {bound_by!r} are an ordered pair (at_most=) but "
                f"their kinds or ranges differ ({control.kind} {control.range} against "
                f"{partner.kind} {partner.range}). Give both the same Range(low, high, step)."
            )
    conflict = params.order_conflict(
        controls, {key: control.default for key, control in controls.items()}, method=name
    )
    if conflict:
        raise TypeError(f"{name}: its defaults break their own order: {conflict}")
    known = params.keyword_parameters(function)  # refuses a fixed parameter it cannot check
    annotated = params.hint_parameters(function)
    for parameter in parameters[1:]:
        if parameter.name in params.HINT_NAMES:
            _check_hint(parameter, annotated, name)
            continue
        if parameter.kind is not inspect.Parameter.KEYWORD_ONLY:
            raise TypeError(
                f"{name}: parameter {parameter.name!r} must be keyword-only (after `*`)."
            )
        if parameter.name not in known:
            raise TypeError(
                f"{name}: keyword parameter {parameter.name!r} is neither a control nor fixed. "
                "Annotate it as Annotated[int|float, Range(low, high, step)], a Literal[...] "
                "choice or bool, or mark it Annotated[..., Fixed('why', range=Range(low, high))]."
            )
        try:
            params.coerce_value(known[parameter.name], parameter.default, method=name)
        except (TypeError, ValueError) as error:
            raise TypeError(
                f"{name}: the default of {parameter.name!r} is refused: {error}"
            ) from None


def _check_hint(parameter: inspect.Parameter, annotated: tuple[str, ...], name: str) -> None:
    """A hint parameter carries its annotation, defaults to ``None`` and is passed as it should."""
    annotation = {"seeds": "Seeds", "box": "Box", "scribbles": "Scribbles"}[parameter.name]
    if parameter.name not in annotated:
        raise TypeError(
            f"{name}: annotate `{parameter.name}` with segutils.params.{annotation}; the name is "
            "reserved for that hint."
        )
    if parameter.default is not None:
        raise TypeError(
            f"{name}: `{parameter.name}` must default to None (no {parameter.name} given); "
            "refuse a call without the hints the method needs inside the method, with a "
            "ValueError that says what to give."
        )
    if parameter.name != "seeds" and parameter.kind is not inspect.Parameter.KEYWORD_ONLY:
        raise TypeError(f"{name}: `{parameter.name}` must be keyword-only (after `*`).")


def _with_call_checks(function: Callable, name: str) -> Callable:
    """``function`` behind the checks of every call: image, keywords, their values, the hints."""
    signature = inspect.signature(function)
    known = params.keyword_parameters(function)
    defaults = {key: control.default for key, control in known.items()}
    others = [parameter for parameter in signature.parameters if parameter != "image"]
    positional = "image and seeds" if "seeds" in signature.parameters else "image"
    by_keyword = ", ".join(parameter for parameter in others if parameter != "seeds")

    @functools.wraps(function)
    def checked(image: np.ndarray, *args: Any, **kwargs: Any) -> np.ndarray:
        validate_image(image)
        for key in kwargs:
            if key not in signature.parameters:
                raise TypeError(
                    f"{name}() has no parameter {key!r}. Its parameters are: {', '.join(others)}."
                )
        try:
            bound = signature.bind(image, *args, **kwargs)
        except TypeError as error:  # too many positional arguments, or one given twice
            raise TypeError(
                f"{name}(): {error}. Pass the {positional} by position and {by_keyword} by keyword."
            ) from None
        for key, value in bound.arguments.items():
            if key in known:
                bound.arguments[key] = params.coerce_value(known[key], value, method=name)
        # Judged with the defaults of what was not given, without passing those on: the method
        # receives exactly the arguments of the call, as before the order rule.
        current = defaults | bound.arguments
        conflict = params.order_conflict(known, current, method=name, given=bound.arguments)
        if conflict:
            raise ValueError(conflict)
        for hint, check in _HINT_CHECKS.items():
            if hint in bound.arguments:
                bound.arguments[hint] = check(bound.arguments[hint], image.shape, method=name)
        return function(*bound.args, **bound.kwargs)

    return checked


def register(
    family: str, *, into: dict[str, Method] | None = None
) -> Callable[[Callable], Callable]:
    """Register a segmentation method under ``family``; returns it with call-time checks.

    Parameters
    ----------
    family : str
        One of :data:`FAMILIES`.
    into : dict, optional
        The registry to add to (a fresh dict in tests); the package's own by default.

    Returns
    -------
    callable
        The decorator. The function it returns has the method's signature and docstring and
        checks the image, every keyword and its value (a control's or a fixed one's) and the
        hints (seed points, box, scribbles) before running the method.

    Raises
    ------
    ValueError
        For an unknown family or a name registered twice.
    TypeError
        If a keyword parameter is neither a control nor marked fixed with its valid values, or
        its default is not one of them, or a hint parameter lacks its annotation, its default
        ``None`` or (``box``, ``scribbles``) is not keyword-only (see the module docstring).

    Examples
    --------
    >>> from typing import Annotated
    >>> from segutils.params import Range
    >>> methods = {}
    >>> @register("thresholding", into=methods)
    ... def brighter(image, *, level: Annotated[float, Range(0.0, 1.0, 0.01)] = 0.5):
    ...     return image > level
    >>> [method.family for method in methods.values()]
    ['thresholding']
    >>> brighter(np.zeros((2, 2), np.float32), level=2.0)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: ...brighter(): level=2.0 is outside its range [0.0, 1.0]; ...
    >>> brighter(np.zeros((2, 2), np.float32), levle=0.3)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    TypeError: ...brighter() has no parameter 'levle'. Its parameters are: level.

    References
    ----------
    stackview (github.com/haesleinhuepf/stackview) builds sliders from signatures the same way.
    """
    if family not in FAMILIES:
        raise ValueError(f"Unknown family {family!r}; choose one of {FAMILIES}.")
    registry = _REGISTRY if into is None else into

    def decorate(function: Callable) -> Callable:
        name = _method_name(function)
        _check_signature(function, name)
        if name in registry:
            raise ValueError(f"A method named {name!r} is already registered.")
        checked = _with_call_checks(function, name)
        registry[name] = Method(name, family, checked)
        return checked

    return decorate


def registered(family: str | None = None) -> tuple[Method, ...]:
    """The methods registered so far (all, or one family's), in family then definition order.

    Parameters
    ----------
    family : str, optional
        Keep only this family.

    Returns
    -------
    tuple of Method
        The registered methods.

    Examples
    --------
    >>> import segutils.catalog  # imports the method modules, which register their methods
    >>> [m.name for m in registered("clustering")]
    ['cluster.kmeans', 'cluster.gaussian_mixture', 'cluster.fuzzy_cmeans']

    References
    ----------
    stackview (github.com/haesleinhuepf/stackview) builds sliders from signatures the same way.
    """
    if family is not None and family not in FAMILIES:
        raise ValueError(f"Unknown family {family!r}; choose one of {FAMILIES}.")
    methods = [m for m in _REGISTRY.values() if family is None or m.family == family]
    return tuple(sorted(methods, key=lambda m: FAMILIES.index(m.family)))
