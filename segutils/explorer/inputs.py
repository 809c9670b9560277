"""One widget per control of a method: the explorer's panel, built from the method's signature."""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets
import numpy as np

from .. import params as P
from .frames import VIEWS, View

__all__ = ["CLICK_RADIUS", "STYLE", "make_input", "make_panel", "toggle_seed"]

STYLE = {"description_width": "90px"}  # one label column for every control
#: Display pixels: a click this close to a seed removes it instead of adding one.
CLICK_RADIUS = 8


def make_input(control: P.Control, value: Any) -> widgets.ValueWidget:
    """The widget for one control: dropdown, checkbox, or integer or float slider.

    Parameters
    ----------
    control : Control
        As read from a method's signature by :func:`segutils.params.controls`.
    value : object
        The starting value.

    Returns
    -------
    ipywidgets.ValueWidget
        ``Dropdown``, ``Checkbox``, ``IntSlider`` or ``FloatSlider``, labelled with the name.

    Examples
    --------
    >>> from segutils.params import Control, Range
    >>> make_input(Control("level", "float", 0.5, range=Range(0.0, 1.0)), 0.2).value
    0.2

    References
    ----------
    ipywidgets documentation, "Widget List" (``Dropdown``, ``Checkbox``, ``IntSlider``,
    ``FloatSlider``).
    """
    if control.kind == "choice":
        return widgets.Dropdown(
            options=list(control.choices), value=value, description=control.name, style=STYLE
        )
    if control.kind == "bool":
        return widgets.Checkbox(value=bool(value), description=control.name, indent=False)
    bounds = control.range
    assert bounds is not None, "controls() gives every number a Range"
    if control.kind == "int":
        return widgets.IntSlider(
            value=int(value),
            min=int(bounds.low),
            max=int(bounds.high),
            step=int(bounds.step or 1),
            description=control.name,
            style=STYLE,
            continuous_update=True,
        )
    return widgets.FloatSlider(
        value=float(value),
        min=bounds.low,
        max=bounds.high,
        step=bounds.step or (bounds.high - bounds.low) / 100,
        description=control.name,
        style=STYLE,
        continuous_update=True,
        readout_format=".3f",
    )


def make_panel(
    controls: dict[str, P.Control], initial: dict[str, Any], view: View, opacity: float
) -> tuple[dict[str, widgets.ValueWidget], widgets.Dropdown, widgets.FloatSlider]:
    """The method's inputs (at their initial values), then the view and opacity controls.

    Parameters
    ----------
    controls : dict
        The method's controls, by name.
    initial : dict
        Starting values; a control not named here starts at its default.
    view : str
        The starting view, one of :data:`segutils.explorer.frames.VIEWS`.
    opacity : float
        The overlay's starting opacity.

    Returns
    -------
    inputs : dict
        Parameter name -> widget.
    view, opacity : ipywidgets widgets
        The drawing controls.

    Examples
    --------
    >>> from segutils.params import Control, Range
    >>> level = Control("level", "float", 0.5, range=Range(0.0, 1.0))
    >>> inputs, view, opacity = make_panel({"level": level}, {}, "overlay", 0.4)
    >>> inputs["level"].value, view.value, opacity.value
    (0.5, 'overlay', 0.4)

    References
    ----------
    ipywidgets documentation, "Widget List" (``Dropdown``, ``FloatSlider``).
    """
    inputs = {
        name: make_input(control, initial.get(name, control.default))
        for name, control in controls.items()
    }
    view_input = widgets.Dropdown(options=VIEWS, value=view, description="view", style=STYLE)
    opacity_input = widgets.FloatSlider(
        value=opacity, min=0.0, max=1.0, step=0.05, description="opacity", style=STYLE
    )
    return inputs, view_input, opacity_input


def toggle_seed(
    seeds: np.ndarray, click: tuple[float, float], display_scale: float, shape: tuple[int, ...]
) -> np.ndarray:
    """What a click does: remove the seed near it, or add one there.

    Parameters
    ----------
    seeds : ndarray
        ``(N, 2)`` seeds in working-image pixels.
    click : tuple of float
        ``(row, col)`` of the click in display pixels.
    display_scale : float
        Display size / working size.
    shape : tuple of int
        The working image's shape (a click outside it is moved to its edge).

    Returns
    -------
    ndarray
        The new ``(N +/- 1, 2)`` seeds.

    Examples
    --------
    >>> seeds = toggle_seed(np.zeros((0, 2), np.int64), (10, 20), 0.5, (100, 100))
    >>> seeds.tolist(), toggle_seed(seeds, (11, 19), 0.5, (100, 100)).tolist()
    ([[20, 40]], [])

    References
    ----------
    ipyevents documentation, mouse events (a click's ``dataX``, ``dataY``: picture pixels).
    """
    row = int(np.clip(click[0] / display_scale, 0, shape[0] - 1))
    col = int(np.clip(click[1] / display_scale, 0, shape[1] - 1))
    if len(seeds):
        distance = np.hypot(*(seeds - (row, col)).T) * display_scale
        nearest = int(np.argmin(distance))
        if distance[nearest] <= CLICK_RADIUS:
            return np.delete(seeds, nearest, axis=0)
    return np.vstack([seeds, [[row, col]]]).astype(np.int64)
