"""One widget per control of a method: the explorer's panel, built from the method's signature."""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets

from .. import params as P

__all__ = ["STYLE", "make_input"]

STYLE = {"description_width": "90px"}  # one label column for every control


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
    """
    if control.kind == "choice":
        return widgets.Dropdown(
            options=list(control.choices), value=value, description=control.name, style=STYLE
        )
    if control.kind == "bool":
        return widgets.Checkbox(value=bool(value), description=control.name, indent=False)
    low, high, step = control.range.low, control.range.high, control.range.step
    if control.kind == "int":
        return widgets.IntSlider(
            value=int(value), min=int(low), max=int(high), step=int(step or 1),
            description=control.name, style=STYLE, continuous_update=True,
        )  # fmt: skip
    return widgets.FloatSlider(
        value=float(value), min=low, max=high, step=step or (high - low) / 100,
        description=control.name, style=STYLE, continuous_update=True, readout_format=".3f",
    )  # fmt: skip
