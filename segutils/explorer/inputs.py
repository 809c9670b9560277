"""One widget per control of a method: the explorer's panel, built from the method's signature."""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets
import numpy as np

from .. import params as P
from .frames import VIEWS, View
from .marks import ERASE

__all__ = [
    "BRUSH",
    "CLICK_RADIUS",
    "STYLE",
    "drawing_tools",
    "make_drawing_panel",
    "make_input",
    "make_panel",
    "toggle_seed",
]

STYLE = {"description_width": "90px"}  # one label column for every control
#: Display pixels: a click this close to a seed removes it instead of adding one.
CLICK_RADIUS = 8
#: The brush radius, in display pixels, a drawing explorer starts with.
BRUSH = 4


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


def drawing_tools(takes: tuple[str, ...]) -> dict[str, tuple[str, int]]:
    """The drawing tools for the hints a method takes: name -> (pointer tool, stroke label).

    Parameters
    ----------
    takes : tuple of str
        The method's hints (:func:`segutils.params.hint_parameters`).

    Returns
    -------
    dict
        In the order shown: ``"box"`` (drag a box), the stroke classes ``"object"``,
        ``"background"``, ``"object 2"``, ``"object 3"`` and the ``"eraser"`` (label 0), and
        ``"seed"`` (click); only those the method can use.

    Examples
    --------
    >>> list(drawing_tools(("box", "scribbles")))
    ['box', 'object', 'background', 'object 2', 'object 3', 'eraser']
    >>> drawing_tools(("scribbles",))["background"]
    ('stroke', 1)

    References
    ----------
    Sommer, C. et al., "Ilastik: Interactive learning and segmentation toolkit", IEEE ISBI 2011
    (one brush per label, and an eraser).
    """
    tools: dict[str, tuple[str, int]] = {}
    if "box" in takes:
        tools["box"] = ("box", 0)
    if "scribbles" in takes:
        tools["object"] = ("stroke", P.OBJECT)
        tools["background"] = ("stroke", P.BACKGROUND)
        tools["object 2"] = ("stroke", P.OBJECT + 1)
        tools["object 3"] = ("stroke", P.OBJECT + 2)
        tools["eraser"] = ("stroke", ERASE)
    if "seeds" in takes:
        tools["seed"] = ("seed", 0)
    return tools


def make_drawing_panel(
    takes: tuple[str, ...],
) -> tuple[widgets.ToggleButtons, widgets.IntSlider, widgets.Button]:
    """The drawing controls: the tool, the brush radius and a button that clears the hints.

    Parameters
    ----------
    takes : tuple of str
        The method's hints (:func:`segutils.params.hint_parameters`).

    Returns
    -------
    tool : ipywidgets.ToggleButtons
        One button per tool of :func:`drawing_tools`, the box first where there is one.
    brush : ipywidgets.IntSlider
        Brush radius in display pixels, 1 to 30, :data:`BRUSH` to start.
    clear : ipywidgets.Button
        "clear hints".

    Examples
    --------
    >>> tool, brush, clear = make_drawing_panel(("scribbles",))
    >>> tool.value, brush.value, clear.description
    ('object', 4, 'clear hints')

    References
    ----------
    ipywidgets documentation, "Widget List" (``ToggleButtons``, ``IntSlider``, ``Button``).
    """
    tool = widgets.ToggleButtons(
        options=list(drawing_tools(takes)), description="draw", style={"button_width": "72px"}
    )
    tool.add_class("segutils-explorer-tools")
    brush = widgets.IntSlider(
        value=BRUSH, min=1, max=30, description="brush", style=STYLE, continuous_update=False
    )
    clear = widgets.Button(description="clear hints", icon="eraser")
    return tool, brush, clear
