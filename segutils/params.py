"""Parameter annotations that the explorer and the benchmarks read from a method's signature.

A segmentation method is a plain function ``method(image, *, name=default, ...) -> mask|labels``.
Each keyword parameter says what values make sense with :class:`typing.Annotated`:

- ``Annotated[float, Range(0.0, 1.0, 0.01)]`` or ``Annotated[int, Range(1, 50)]``: a number in a
  closed interval (a slider);
- ``Literal["otsu", "li"]``: one of a few choices (a dropdown);
- ``bool``: a flag (a checkbox);
- ``Annotated[int, Fixed("why", range=Range(1, math.inf))]``: deliberately not a control (a
  sample size, a seed): the explorer and the benchmarks' tuning leave it at its default, and a
  registered method checks it on every call like a control. A fixed number says its valid values
  with ``range``; a fixed ``bool`` or ``Literal`` is checked by its type. :data:`RandomSeed` is
  the annotation of a random seed.

A :class:`Range` can say how a number scales with the image (``scales="length"`` for a size in
pixels, ``"area"`` for a count of pixels), so that a preview on a smaller copy of the image can
use the equivalent value, and that it must not exceed another control (``at_most="high"``), so
that a call, a tuning draw and the explorer's sliders all keep a pair such as ``low, high`` in
order (:func:`order_conflict`).

Parameter conventions, the same in every method module:

==================  ==========================================================================
name                meaning
==================  ==========================================================================
``level``           one gray level, on the image's 0..1 scale
``low``, ``high``   two gray levels or gradient levels, 0..1 scale, ``low <= high``
``offset``          subtracted from a local level (positive selects more pixels), 0..1 scale
``invert``          objects darker than the background
``sigma``           Gaussian smoothing, pixels (scales as a length)
``min_size``        smallest object kept, pixels (scales as an area)
``block_size``      odd neighbourhood side, pixels (scales as a length)
``seed``            seed of a random step, :data:`RandomSeed`; fixed, not a control
==================  ==========================================================================

**Hints.** A method that a person guides says so with a parameter of a reserved name, annotated
with its marker, and checked on every call of a registered method (never a control):

- ``seeds``, annotated :data:`Seeds`: an ``(N, 2)`` integer array of ``(row, col)`` positions,
  one region or marker per seed (:func:`check_seeds`);
- ``box``, annotated :data:`Box`: ``(top, left, bottom, right)`` in pixels, half-open like a slice,
  so the box holds ``image[top:bottom, left:right]`` (:func:`check_box`);
- ``scribbles``, annotated :data:`Scribbles`: an ``(H, W)`` integer array of strokes, ``0`` not
  marked, :data:`BACKGROUND` (1), :data:`OBJECT` (2), and ``3, 4, ...`` for further object
  classes (:func:`check_scribbles`).

:func:`hint_parameters` says which of them a method takes.

Examples
--------
>>> from typing import Annotated
>>> def method(image, *, level: Annotated[float, Range(0.0, 1.0, 0.01)] = 0.5): ...
>>> control = controls(method)["level"]
>>> control.kind, control.default, control.range
('float', 0.5, Range(low=0.0, high=1.0, step=0.01, scales=None, exclude_low=False, at_most=None))
"""

from __future__ import annotations

import inspect
import math
import typing
from collections.abc import Callable, Collection
from dataclasses import dataclass
from typing import Annotated, Any, Literal

import numpy as np

__all__ = [
    "BACKGROUND",
    "HINT_NAMES",
    "OBJECT",
    "Box",
    "Control",
    "Fixed",
    "RandomSeed",
    "Range",
    "Scribbles",
    "Seeds",
    "check_box",
    "check_params",
    "check_scribbles",
    "check_seeds",
    "coerce_value",
    "controls",
    "fixed_parameters",
    "hint_parameters",
    "keyword_parameters",
    "order_conflict",
    "takes_seeds",
]


@dataclass(frozen=True)
class Range:
    """The interval ``[low, high]`` of sensible values, with a slider step.

    ``scales`` says how the value follows the image size: ``"length"`` (a distance in pixels),
    ``"area"`` (a number of pixels) or ``None`` (independent of the size).

    ``exclude_low=True`` makes the interval ``(low, high]``, for a number that must be above
    ``low`` but has no smallest sensible value (a radius above 0). A slider and the benchmarks'
    tuning start at ``low``, so :func:`segutils.registry.register` refuses it in a method's
    controls; a function that is not a method checks such a number with :func:`coerce_value`.

    ``at_most="other"`` says the value must not exceed the method's control ``other`` (Canny's
    ``low`` threshold and its ``high`` one): a registered method refuses a call that breaks it,
    the benchmarks' tuning draws only settings that keep it, and the explorer moves the other
    slider along (:func:`order_conflict`).

    Examples
    --------
    >>> 0.0 in Range(0.0, 1.0), 0.0 in Range(0.0, 1.0, exclude_low=True)
    (True, False)
    >>> str(Range(0.0, 100.0, exclude_low=True))
    '(0.0, 100.0]'
    """

    low: float
    high: float
    step: float | None = None
    scales: Literal["length", "area"] | None = None
    exclude_low: bool = False
    at_most: str | None = None

    def __post_init__(self):
        if not self.low < self.high:
            raise ValueError(f"Range needs low < high, got [{self.low}, {self.high}].")
        if self.scales not in (None, "length", "area"):
            raise ValueError(f"scales must be None, 'length' or 'area', got {self.scales!r}.")

    def __contains__(self, value: float) -> bool:
        above_low = self.low < value if self.exclude_low else self.low <= value
        return above_low and value <= self.high  # NaN is in no range

    def __str__(self) -> str:
        return f"{'(' if self.exclude_low else '['}{self.low}, {self.high}]"


@dataclass(frozen=True)
class Fixed:
    """Marks a keyword parameter that is deliberately not a control, says why, and its valid values.

    A fixed parameter never becomes a slider, and the benchmarks' tuning leaves it at its
    default, but a registered method checks it on every call with :func:`coerce_value`, like a
    control. So a fixed ``int`` or ``float`` needs its ``range`` (``math.inf`` for no upper
    bound); a fixed ``bool`` or ``Literal[...]`` is checked by its type and takes no range.
    :func:`segutils.registry.register` refuses a fixed parameter it could not check.

    Examples
    --------
    >>> from typing import Annotated
    >>> def method(image, *,
    ...            sample_size: Annotated[int, Fixed("speed", range=Range(1, math.inf))] = 500): ...
    >>> controls(method)
    {}
    >>> keyword_parameters(method)["sample_size"].range
    Range(low=1, high=inf, step=None, scales=None, exclude_low=False, at_most=None)
    """

    reason: str
    range: Range | None = None


class _SeedPoints:
    """Marker for the ``seeds`` parameter (see :data:`Seeds`)."""

    def __repr__(self) -> str:
        return "SeedPoints"


class _BoundingBox:
    """Marker for the ``box`` parameter (see :data:`Box`)."""

    def __repr__(self) -> str:
        return "BoundingBox"


class _ScribbleLabels:
    """Marker for the ``scribbles`` parameter (see :data:`Scribbles`)."""

    def __repr__(self) -> str:
        return "ScribbleLabels"


#: Annotation of a ``seeds`` parameter: ``(N, 2)`` integer ``(row, col)`` positions, or ``None``.
Seeds = Annotated[np.ndarray | None, _SeedPoints()]

#: Annotation of a ``box`` parameter: ``(top, left, bottom, right)`` in pixels, half-open like a
#: slice (``image[top:bottom, left:right]``), or ``None``.
Box = Annotated[np.ndarray | tuple | None, _BoundingBox()]

#: Annotation of a ``scribbles`` parameter: an ``(H, W)`` integer array, ``0`` not marked,
#: :data:`BACKGROUND`, :data:`OBJECT`, ``3, 4, ...`` further object classes; or ``None``.
Scribbles = Annotated[np.ndarray | None, _ScribbleLabels()]

#: The scribble label of pixels a person marked as background.
BACKGROUND = 1

#: The scribble label of pixels a person marked as the object (``3, 4, ...``: further objects).
OBJECT = 2

#: The hint parameters, by name, and the marker each must be annotated with.
_HINT_MARKERS = {"seeds": _SeedPoints, "box": _BoundingBox, "scribbles": _ScribbleLabels}

#: The reserved names of hint parameters: never controls, checked on every call.
HINT_NAMES = tuple(_HINT_MARKERS)

#: Annotation of a random seed: fixed, and an integer that NumPy's ``RandomState`` (and so
#: scikit-learn's ``random_state`` and scikit-fuzzy's ``seed``) accepts, ``0 .. 2**32 - 1``.
RandomSeed = Annotated[
    int, Fixed("reproducibility: the same seed gives the same result", range=Range(0, 2**32 - 1))
]


@dataclass(frozen=True)
class Control:
    """One parameter of a method and its valid values, as read from its signature.

    :func:`controls` gives the tunable ones; :func:`keyword_parameters` adds the fixed ones,
    which are checked the same way but never tuned.
    """

    name: str
    kind: Literal["float", "int", "choice", "bool"]
    default: Any
    range: Range | None = None
    choices: tuple = ()


def _hints(method: Callable) -> dict[str, Any]:
    return typing.get_type_hints(method, include_extras=True)


def _fixed_marker(hint: Any) -> Fixed | None:
    """The :class:`Fixed` marker of an annotation, if it has one."""
    return next((m for m in getattr(hint, "__metadata__", ()) if isinstance(m, Fixed)), None)


def _read(name: str, hint: Any, default: Any, bounds: Range | None) -> Control | None:
    """The parameter as a :class:`Control` (numbers need ``bounds``), or ``None`` if unreadable."""
    base = typing.get_args(hint)[0] if typing.get_origin(hint) is Annotated else hint
    if typing.get_origin(base) is Literal:
        return Control(name, "choice", default, choices=typing.get_args(base))
    if base is bool:
        return Control(name, "bool", default)
    if bounds is not None and base in (int, float):
        return Control(name, "int" if base is int else "float", default, range=bounds)
    return None


def takes_seeds(method: Callable) -> bool:
    """Whether ``method`` has a ``seeds`` parameter annotated :data:`Seeds`.

    Parameters
    ----------
    method : callable
        A segmentation method.

    Returns
    -------
    bool
        ``True`` if clicks on the image should feed it seed points.

    Examples
    --------
    >>> def grow(image, seeds: Seeds = None, *, low: Annotated[float, Range(0.0, 1.0)] = 0.2): ...
    >>> takes_seeds(grow), takes_seeds(lambda image: image)
    (True, False)

    References
    ----------
    PEP 593, "Flexible function and variable annotations" (``typing.Annotated``).
    """
    return "seeds" in hint_parameters(method)


def hint_parameters(method: Callable) -> tuple[str, ...]:
    """Which hints ``method`` takes: the names among ``seeds``, ``box``, ``scribbles``.

    A name counts only when its parameter carries its marker (:data:`Seeds`, :data:`Box`,
    :data:`Scribbles`); a registered method cannot have one without the other.

    Parameters
    ----------
    method : callable
        A segmentation method.

    Returns
    -------
    tuple of str
        The hint parameters, in the order ``seeds``, ``box``, ``scribbles``; empty for a method
        that runs on the image alone.

    Examples
    --------
    >>> def cut(image, *, box: Box = None, scribbles: Scribbles = None,
    ...         iterations: Annotated[int, Range(1, 10)] = 5): ...
    >>> hint_parameters(cut), hint_parameters(lambda image: image)
    (('box', 'scribbles'), ())

    References
    ----------
    PEP 593, "Flexible function and variable annotations" (``typing.Annotated``).
    """
    hints = _hints(method)
    return tuple(
        name
        for name, marker in _HINT_MARKERS.items()
        if any(isinstance(m, marker) for m in getattr(hints.get(name), "__metadata__", ()))
    )


def fixed_parameters(method: Callable) -> dict[str, str]:
    """Keyword parameters of ``method`` marked :class:`Fixed`, with the reason given.

    Parameters
    ----------
    method : callable
        A segmentation method.

    Returns
    -------
    dict
        Parameter name -> reason.

    Examples
    --------
    >>> def method(image, *, passes: Annotated[int, Fixed("speed", range=Range(1, 9))] = 3): ...
    >>> fixed_parameters(method)
    {'passes': 'speed'}

    References
    ----------
    PEP 593, "Flexible function and variable annotations" (``typing.Annotated``).
    """
    found = {}
    for name, hint in _hints(method).items():
        for marker in getattr(hint, "__metadata__", ()):
            if isinstance(marker, Fixed):
                found[name] = marker.reason
    return found


def controls(method: Callable) -> dict[str, Control]:
    """Read the tunable parameters of ``method`` from its signature.

    Parameters
    ----------
    method : callable
        A segmentation method whose keyword parameters carry defaults and annotations.

    Returns
    -------
    dict
        Parameter name -> :class:`Control`, in signature order. Parameters without a usable
        annotation (and ``image`` and the hints ``seeds``, ``box``, ``scribbles``) are not
        controls.

    Raises
    ------
    TypeError
        If ``method`` is not callable.

    Examples
    --------
    >>> def method(image, *, level: Annotated[float, Range(0.0, 1.0, 0.01)] = 0.5,
    ...            mode: Literal["dark", "bright"] = "dark", invert: bool = False): ...
    >>> {name: control.kind for name, control in controls(method).items()}
    {'level': 'float', 'mode': 'choice', 'invert': 'bool'}

    References
    ----------
    PEP 593, "Flexible function and variable annotations" (``typing.Annotated``); PEP 586,
    "Literal Types"; Python documentation, :func:`inspect.signature`.
    """
    if not callable(method):
        raise TypeError(
            f"Expected a segmentation function, got {type(method).__name__}. Pass the function "
            "itself, e.g. explore(segutils.threshold.manual, image), not its result."
        )
    hints = _hints(method)
    found: dict[str, Control] = {}
    for name, parameter in inspect.signature(method).parameters.items():
        if name == "image" or name in HINT_NAMES or parameter.default is inspect.Parameter.empty:
            continue
        hint = hints.get(name)
        if _fixed_marker(hint) is not None:
            continue  # deliberately not a control, whatever its type
        ranges = [m for m in getattr(hint, "__metadata__", ()) if isinstance(m, Range)]
        control = _read(name, hint, parameter.default, ranges[0] if ranges else None)
        if control is not None:
            found[name] = control
    return found


def keyword_parameters(method: Callable) -> dict[str, Control]:
    """Every parameter of ``method`` that has valid values to check: its controls and fixed ones.

    A registered method checks each of them on every call (:func:`coerce_value`); only the
    controls (:func:`controls`) are sliders and tuned.

    Parameters
    ----------
    method : callable
        A segmentation method.

    Returns
    -------
    dict
        Parameter name -> :class:`Control`, in signature order. A fixed number's range is the
        one its :class:`Fixed` marker gives.

    Raises
    ------
    TypeError
        If a parameter marked :class:`Fixed` does not say its valid values: a number without a
        ``range``, a range on something other than a number, or a type that cannot be checked.

    Examples
    --------
    >>> def method(image, *, level: Annotated[float, Range(0.0, 1.0)] = 0.5, seed: RandomSeed = 0):
    ...     ...
    >>> {name: str(control.range) for name, control in keyword_parameters(method).items()}
    {'level': '[0.0, 1.0]', 'seed': '[0, 4294967295]'}
    >>> def unchecked(image, *, seed: Annotated[int, Fixed("reproducibility")] = 0): ...
    >>> keyword_parameters(unchecked)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    TypeError: ...unchecked: the fixed parameter 'seed' does not say its valid values. ...

    References
    ----------
    PEP 593, "Flexible function and variable annotations" (``typing.Annotated``).
    """
    tunable = controls(method)
    hints = _hints(method)
    found: dict[str, Control] = {}
    for name, parameter in inspect.signature(method).parameters.items():
        marker = _fixed_marker(hints.get(name))
        if marker is None:
            if name in tunable:
                found[name] = tunable[name]
            continue
        control = _read(name, hints[name], parameter.default, marker.range)
        if control is None or (marker.range is not None and control.range is None):
            raise TypeError(
                f"{method.__module__}.{method.__qualname__}: the fixed parameter {name!r} does not "
                "say its valid values. Annotate a fixed number Annotated[int | float, Fixed('why', "
                "range=Range(low, high))] (high=math.inf for no upper bound), and a fixed flag or "
                "choice Annotated[bool | Literal[...], Fixed('why')], without a range."
            )
        found[name] = control
    return found


def coerce_value(control: Control, value: Any, *, method: str = "") -> Any:
    """Check one value against its control and return it in the control's type.

    **The number rule.** A ``float`` parameter takes any real number, integers included, and
    receives a ``float``. An ``int`` parameter takes an integer, or a float with no fractional
    part (``5.0`` becomes ``5``); a fractional float is refused rather than rounded silently.
    NumPy's integer and float scalars count as Python's. ``bool`` is never a number, and NaN
    and infinity are in no range. An integer range with a step larger than 1 (``block_size``:
    3, 5, 7, ...) also requires a value on that grid.

    Parameters
    ----------
    control : Control
        The parameter, as :func:`controls` reads it.
    value : object
        The value given.
    method : str, optional
        The method's name, for the message.

    Returns
    -------
    object
        The value, as ``float``, ``int``, ``bool`` or the chosen choice.

    Raises
    ------
    TypeError
        For a value of the wrong kind (a string for a number, a fraction for an integer).
    ValueError
        For a number outside the range or off the grid, or an unknown choice.

    Examples
    --------
    >>> size = Control("block_size", "int", 51, range=Range(3, 151, 2))
    >>> coerce_value(size, 51.0)
    51
    >>> coerce_value(size, 50)
    Traceback (most recent call last):
    ...
    ValueError: block_size=50 is not on its grid 3, 5, 7, ... (steps of 2); try 49 or 51.

    References
    ----------
    PEP 3141, "A Type Hierarchy for Numbers" (what counts as an integer and as a real number).
    """
    key = f"{method}(): {control.name}" if method else control.name
    if control.kind == "choice":
        if value not in control.choices:
            raise ValueError(f"{key}={value!r} is not one of {list(control.choices)}.")
        return value
    if control.kind == "bool":
        if not isinstance(value, bool | np.bool_):
            raise TypeError(f"{key} must be True or False, got {value!r}.")
        return bool(value)
    if isinstance(value, bool | np.bool_) or not isinstance(
        value, int | float | np.integer | np.floating
    ):
        raise TypeError(
            f"{key} must be a number, got {value!r} ({type(value).__name__}); "
            f"for example {control.name}={control.default!r}."
        )
    low = control.range.low
    step = control.range.step
    outside = (
        f"is outside its range {control.range}; pass a value in that range "
        f"(the default is {control.default!r})."
    )
    if isinstance(value, int | np.integer):
        value = int(value)  # exact, however large
        if control.kind == "float":
            try:
                value = float(value)
            except OverflowError:
                raise ValueError(
                    f"{key}={value} is beyond every float; pass a value in its range "
                    f"{control.range}."
                ) from None
    else:
        value = float(value)
        if not math.isfinite(value):
            raise ValueError(f"{key}={value!r} {outside}")
        if control.kind == "int":
            if not value.is_integer():
                raise TypeError(
                    f"{key} must be a whole number, got {value!r}; round it yourself, e.g. "
                    f"{control.name}={round(value)}."
                )
            value = int(value)
    if value not in control.range:
        raise ValueError(f"{key}={value!r} {outside}")
    if control.kind == "int" and step and step > 1 and (value - low) % step:
        below = low + (value - low) // step * step
        raise ValueError(
            f"{key}={value} is not on its grid {low}, {low + step}, {low + 2 * step}, ... "
            f"(steps of {step}); try {below} or {below + step}."
        )
    return value


def check_params(method: Callable, params: dict[str, Any]) -> dict[str, Any]:
    """Check parameter values against ``method``'s controls and return them coerced.

    Every value follows :func:`coerce_value`'s rules; registered methods apply the same check
    on every direct call (:func:`segutils.registry.register`).

    Parameters
    ----------
    method : callable
        A segmentation method.
    params : dict
        Parameter values to check.

    Returns
    -------
    dict
        The values in their parameters' types.

    Raises
    ------
    ValueError, TypeError
        Naming the parameter, the value given, the allowed names, range or choices, and the fix.

    Examples
    --------
    >>> def method(image, *, level: Annotated[float, Range(0.0, 1.0)] = 0.5): ...
    >>> check_params(method, {"level": 2.0})  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: method(): level=2.0 is outside its range [0.0, 1.0]; ...

    References
    ----------
    PEP 3141, "A Type Hierarchy for Numbers".
    """
    known = controls(method)
    name = getattr(method, "__name__", repr(method))
    checked = {}
    for key, value in params.items():
        if key not in known:
            raise ValueError(
                f"{name}() has no tunable parameter {key!r}. Its parameters are: "
                f"{', '.join(known) or 'none'}."
            )
        checked[key] = coerce_value(known[key], value, method=name)
    current = {key: control.default for key, control in known.items()} | checked
    conflict = order_conflict(known, current, method=name, given=checked)
    if conflict:
        raise ValueError(conflict)
    return checked


def order_conflict(
    known: dict[str, Control],
    values: dict[str, Any],
    *,
    method: str = "",
    given: Collection[str] | None = None,
) -> str | None:
    """Say which ``at_most`` rule ``values`` break, or ``None`` when every pair is in order.

    One rule, read three ways: a registered method refuses a call with this message, the
    benchmarks' tuning skips a draw that has one, and the explorer moves the other slider along.

    Parameters
    ----------
    known : dict
        Parameter name -> :class:`Control`, as :func:`controls` or :func:`keyword_parameters`
        read them.
    values : dict
        Parameter values; a rule whose two parameters are not both given is not checked.
    method : str, optional
        The method's name, for the message.
    given : collection of str, optional
        The names the caller set; a value not among them is called "its default" in the
        message, so that a student who set only ``high`` is not told to lower a ``low`` they
        never typed without knowing where it came from. ``None``: every value was given.

    Returns
    -------
    str or None
        The first broken rule, said with the values and the fix.

    Examples
    --------
    >>> def edges(image, *, low: Annotated[float, Range(0.0, 1.0, at_most="high")] = 0.1,
    ...           high: Annotated[float, Range(0.0, 1.0)] = 0.4): ...
    >>> order_conflict(controls(edges), {"low": 0.6, "high": 0.2}, method="edges")
    'edges(): low=0.6 is above high=0.2; low must be at most high. Lower low or raise high.'
    >>> order_conflict(controls(edges), {"low": 0.1, "high": 0.05}, given={"high"})
    'low=0.1 (its default) is above high=0.05; low must be at most high. Lower low or raise high.'
    >>> order_conflict(controls(edges), {"low": 0.2, "high": 0.2}) is None
    True

    References
    ----------
    Canny, J., "A Computational Approach to Edge Detection", IEEE TPAMI 8(6), 1986 (hysteresis
    needs its low threshold at most its high one).
    """
    prefix = f"{method}(): " if method else ""
    for name, control in known.items():
        other = control.range.at_most if control.range is not None else None
        if other is None or name not in values or other not in values:
            continue
        if values[name] > values[other]:
            # Four significant digits: Canny's default high is 100/255 = 0.39215686...
            low_value, high_value = (
                f"{values[key]:.4g}" + (" (its default)" if key not in (given or values) else "")
                for key in (name, other)
            )
            return (
                f"{prefix}{name}={low_value} is above {other}={high_value}; "
                f"{name} must be at most {other}. Lower {name} or raise {other}."
            )
    return None


def check_seeds(
    seeds: np.ndarray | None, shape: tuple[int, ...], *, method: str = ""
) -> np.ndarray:
    """Validate seed points against an image shape and return them as an ``(N, 2)`` int array.

    Positions are rounded to the nearest pixel. A registered method that takes seeds checks
    them with this on every call (:func:`segutils.registry.register`).

    Parameters
    ----------
    seeds : array-like or None
        ``(row, col)`` positions, integers or floats; ``None`` means no seeds.
    shape : tuple of int
        Shape of the image the seeds belong to.
    method : str, optional
        The method's name, for the message.

    Returns
    -------
    ndarray
        ``int64`` ``(N, 2)``.

    Raises
    ------
    ValueError
        If the array is not ``(N, 2)``, a position is NaN or infinite, or a seed lies outside the
        image.
    TypeError
        If the positions are not numbers (strings, ``None``, booleans: a mask is not seeds).

    Examples
    --------
    >>> check_seeds([(1, 2), (2.6, 0)], (4, 4)).tolist()
    [[1, 2], [3, 0]]
    >>> check_seeds([(1, float("nan"))], (4, 4), method="region.grow")
    Traceback (most recent call last):
    ...
    ValueError: region.grow(): seeds must be finite (row, col) positions, got (1.0, nan).

    References
    ----------
    scikit-image documentation, "Coordinate conventions" (``(row, col)`` order).
    """
    prefix = f"{method}(): " if method else ""
    if seeds is None:
        return np.zeros((0, 2), dtype=np.int64)
    shape_rule = "seeds must be an (N, 2) array of (row, col) positions"
    try:
        points = np.asarray(seeds)
    except (ValueError, TypeError):  # ragged lists
        raise ValueError(f"{prefix}{shape_rule}, got {seeds!r}.") from None
    if points.size == 0:
        return np.zeros((0, 2), dtype=np.int64)
    if points.ndim != 2 or points.shape[1] != 2:
        raise ValueError(f"{prefix}{shape_rule}, got shape {points.shape}.")
    if points.dtype.kind not in "iuf":
        hint = "; for the pixels of a mask pass np.argwhere(mask)" if points.dtype == bool else ""
        raise TypeError(
            f"{prefix}seeds must be numbers (row, col), got {tuple(points[0].tolist())} in an "
            f"array of {points.dtype}{hint}."
        )
    finite = np.isfinite(points).all(axis=1)
    if not finite.all():
        first = tuple(points[np.argmin(finite)].tolist())
        raise ValueError(f"{prefix}seeds must be finite (row, col) positions, got {first}.")
    rounded = np.round(points)
    height, width = shape[:2]
    outside = (rounded[:, 0] < 0) | (rounded[:, 0] >= height) | (rounded[:, 1] < 0)
    outside |= rounded[:, 1] >= width
    if outside.any():
        first = tuple(points[np.argmax(outside)].tolist())
        raise ValueError(
            f"{prefix}seed {first} (row, col) lies outside the {height}x{width} image; rows run "
            f"0..{height - 1} and columns 0..{width - 1}."
        )
    return rounded.astype(np.int64)


def check_box(box: Any, shape: tuple[int, ...], *, method: str = "") -> np.ndarray | None:
    """Validate a box against an image shape and return it as ``(top, left, bottom, right)``.

    The box is half-open like a slice: it holds ``image[top:bottom, left:right]``, so a box
    over the whole ``H x W`` image is ``(0, 0, H, W)``. Positions from a pointer may be floats;
    they are rounded to the nearest pixel edge. A registered method that takes a box checks it
    with this on every call (:func:`segutils.registry.register`).

    Parameters
    ----------
    box : array-like or None
        Four numbers ``(top, left, bottom, right)``; ``None`` means no box.
    shape : tuple of int
        Shape of the image the box belongs to.
    method : str, optional
        The method's name, for the message.

    Returns
    -------
    ndarray or None
        ``int64`` array of 4, or ``None`` for ``None``.

    Raises
    ------
    ValueError
        If the box is not four numbers, a number is NaN or infinite, the box is empty or
        inverted (``bottom <= top`` or ``right <= left``), or it reaches outside the image.
    TypeError
        If the positions are not numbers (strings, booleans: a mask is not a box).

    Examples
    --------
    >>> check_box((2, 1, 6.4, 5), (8, 8)).tolist()
    [2, 1, 6, 5]
    >>> check_box((2, 5, 6, 1), (8, 8), method="hints.grabcut")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: hints.grabcut(): box (top=2, left=5, bottom=6, right=1) is inverted: right=1 ...

    References
    ----------
    scikit-image documentation, "Coordinate conventions" (``(row, col)`` order); Python's
    slices (half-open intervals).
    """
    prefix = f"{method}(): " if method else ""
    if box is None:
        return None
    rule = "box must be four numbers (top, left, bottom, right), half-open like a slice"
    try:
        corners = np.asarray(box)
    except (ValueError, TypeError):  # ragged lists
        raise ValueError(f"{prefix}{rule}, got {box!r}.") from None
    if corners.dtype == bool:
        raise TypeError(
            f"{prefix}{rule}, got an array of booleans; a mask is not a box. For the box around "
            "a mask use its first and last rows and columns: rows, cols = np.nonzero(mask); "
            "(rows.min(), cols.min(), rows.max() + 1, cols.max() + 1)."
        )
    if corners.dtype.kind not in "iuf":
        raise TypeError(f"{prefix}{rule}, got {box!r} ({corners.dtype}).")
    if corners.shape != (4,):
        raise ValueError(f"{prefix}{rule}, got shape {corners.shape}.")
    if not np.isfinite(corners).all():
        raise ValueError(f"{prefix}{rule}, finite ones, got {tuple(corners.tolist())}.")
    top, left, bottom, right = (int(value) for value in np.round(corners.astype(np.float64)))
    said = f"box (top={top}, left={left}, bottom={bottom}, right={right})"
    order = "Pass (top, left, bottom, right) with top < bottom and left < right."
    if bottom < top:
        raise ValueError(f"{prefix}{said} is inverted: bottom={bottom} is above top={top}. {order}")
    if right < left:
        raise ValueError(
            f"{prefix}{said} is inverted: right={right} is left of left={left}. {order}"
        )
    if bottom == top or right == left:
        raise ValueError(
            f"{prefix}{said} is empty: it holds image[{top}:{bottom}, {left}:{right}]. {order}"
        )
    height, width = shape[:2]
    if top < 0 or left < 0 or bottom > height or right > width:
        raise ValueError(
            f"{prefix}{said} reaches outside the {height}x{width} image; top and bottom run "
            f"0..{height} and left and right 0..{width} (the box over the whole image is "
            f"(0, 0, {height}, {width}))."
        )
    return np.array([top, left, bottom, right], dtype=np.int64)


def check_scribbles(
    scribbles: Any, shape: tuple[int, ...], *, method: str = ""
) -> np.ndarray | None:
    """Validate scribbles against an image shape and return them as an ``int32`` ``(H, W)`` array.

    ``0`` marks nothing, :data:`BACKGROUND` (1) background, :data:`OBJECT` (2) the object, and
    ``3, 4, ...`` further object classes. Whole floats are accepted (``2.0`` is label 2). A
    registered method that takes scribbles checks them with this on every call
    (:func:`segutils.registry.register`); how many labels a method needs is the method's rule.

    Parameters
    ----------
    scribbles : array-like or None
        The strokes, one label per pixel; ``None`` means no scribbles.
    shape : tuple of int
        Shape of the image the scribbles belong to (``(H, W)`` or ``(H, W, 3)``).
    method : str, optional
        The method's name, for the message.

    Returns
    -------
    ndarray or None
        ``int32`` ``(H, W)``, a new array, or ``None`` for ``None``.

    Raises
    ------
    ValueError
        If the array is not the image's ``(H, W)``, or holds NaN, infinite, negative or
        too-large labels.
    TypeError
        If the labels are not numbers, are fractions, or are booleans (a mask is not scribbles:
        the message gives the conversion).

    Examples
    --------
    >>> marks = np.zeros((4, 4), int)
    >>> marks[0, 0], marks[2, 2] = BACKGROUND, OBJECT
    >>> check_scribbles(marks, (4, 4)).dtype
    dtype('int32')
    >>> check_scribbles(marks > 0, (4, 4), method="hints.random_walker")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    TypeError: hints.random_walker(): scribbles must be integer labels ..., OBJECT, BACKGROUND)...

    References
    ----------
    Sommer, C., Straehle, C., Koethe, U. and Hamprecht, F. A., "Ilastik: Interactive learning
    and segmentation toolkit", IEEE ISBI 2011 (labels painted as brush strokes).
    """
    prefix = f"{method}(): " if method else ""
    if scribbles is None:
        return None
    height, width = shape[:2]
    rule = (
        f"scribbles must be an ({height}, {width}) array of labels like the image's height and "
        "width: 0 not marked, 1 background, 2 object, 3, 4, ... further objects"
    )
    try:
        marks = np.asarray(scribbles)
    except (ValueError, TypeError):  # ragged lists
        raise ValueError(f"{prefix}{rule}; got a ragged {type(scribbles).__name__}.") from None
    if marks.dtype == bool:
        raise TypeError(
            f"{prefix}scribbles must be integer labels (1 background, 2 object), got a boolean "
            "mask. To mark a mask's pixels as object and the rest as background pass "
            "np.where(mask, OBJECT, BACKGROUND) (OBJECT, BACKGROUND from segutils.params)."
        )
    if marks.dtype.kind not in "iuf":
        raise TypeError(f"{prefix}{rule}; got an array of {marks.dtype}.")
    if marks.shape != (height, width):
        raise ValueError(f"{prefix}{rule}; got shape {marks.shape}.")
    if marks.dtype.kind == "f":
        if not np.isfinite(marks).all():
            raise ValueError(f"{prefix}scribbles must be finite labels, got NaN or infinity.")
        fraction = marks != np.round(marks)
        if fraction.any():
            value = marks[fraction].flat[0].item()
            raise TypeError(
                f"{prefix}scribbles must be whole labels (0, 1, 2, ...), got {value!r}; round "
                "them yourself, e.g. np.rint(scribbles).astype(int)."
            )
    if marks.size and marks.min() < 0:
        raise ValueError(
            f"{prefix}scribbles must not be negative (0 marks nothing), got {marks.min().item()!r}."
        )
    largest = np.iinfo(np.int32).max
    if marks.size and marks.max() > largest:
        raise ValueError(
            f"{prefix}scribbles hold label {marks.max().item()!r}, above {largest}; number the "
            "labels 0, 1, 2, ..."
        )
    return marks.astype(np.int32)
