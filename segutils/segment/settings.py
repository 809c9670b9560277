"""The method and setting a batch runs: a registered method by name, its values checked and typed.

A setting comes from three places, in this order of precedence: the values a user types
(``level=0.4``, read by the parameter's own type, :func:`parse_params`), the tuned setting of a
leaderboard run (``results.csv``, :func:`tuned_params`), and the method's defaults
(:func:`full_setting`). Every value is checked by :func:`segutils.params.coerce_value`, the check a
registered method applies on every call, so a batch refuses a bad value before it starts rather
than on every image.
"""

from __future__ import annotations

import csv
import difflib
import json
import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from ..catalog import METHODS, Method, by_name
from ..params import Control, coerce_value, hint_parameters, keyword_parameters

__all__ = ["batch_method", "full_setting", "parse_params", "tuned_params"]

#: The words a boolean parameter accepts on the command line (any case).
TRUE_WORDS = frozenset({"true", "yes", "on", "1"})
FALSE_WORDS = frozenset({"false", "no", "off", "0"})
#: The columns of a leaderboard ``results.csv`` that :func:`tuned_params` reads.
RESULTS_COLUMNS = ("task", "method", "params")


def batch_method(name: str) -> Method:
    """The registered method called ``name``, if it can run on images without hints (clicks).

    Parameters
    ----------
    name : str
        A registered name, ``module.function`` (``"threshold.global_threshold"``).

    Returns
    -------
    Method
        The registry's entry.

    Raises
    ------
    ValueError
        If no method has that name (the message lists them), or if the method needs hints
        (seed points, a box, scribbles), which a folder of images does not have.

    Examples
    --------
    >>> batch_method("threshold.global_threshold").family
    'thresholding'
    >>> batch_method("region.grow")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: region.grow needs seed points (hints a person gives on each image), ...

    References
    ----------
    :func:`segutils.catalog.by_name` and :func:`segutils.params.hint_parameters`.
    """
    try:
        method = by_name(name)
    except KeyError:
        names = [m.name for m in METHODS if not hint_parameters(m.function)]
        raise ValueError(
            f"No method {name!r}.{_did_you_mean(name, names)} Methods that run on images "
            f"alone: {', '.join(names)}."
        ) from None
    hints = hint_parameters(method.function)
    if hints:
        given = {"seeds": "seed points", "box": "a box", "scribbles": "scribbles"}
        raise ValueError(
            f"{name} needs {' or '.join(given[hint] for hint in hints)} (hints a person gives on "
            "each image), which a batch of images does not have. Choose a method without hints, "
            "for example watershed.distance_watershed or threshold.global_threshold."
        )
    return method


def _did_you_mean(name: str, names: Sequence[str]) -> str:
    """`` Did you mean 'x' or 'y'?`` for the names ``name`` resembles (any case), or nothing."""
    by_lower = {known.lower(): known for known in names}
    close = difflib.get_close_matches(name.strip().lower(), list(by_lower), n=2, cutoff=0.6)
    return f" Did you mean {' or '.join(repr(by_lower[c]) for c in close)}?" if close else ""


def parse_params(method: Method | str, words: Sequence[str] | str) -> dict[str, Any]:
    """Read ``KEY=VALUE`` words into the method's parameters, each by the parameter's own type.

    A boolean takes ``true``/``false`` (or ``yes``/``no``, ``on``/``off``, ``1``/``0``), an
    integer a whole number, a float any number, and a choice one of its names; the value is then
    checked against its range, grid or choices as on every call of the method.

    Parameters
    ----------
    method : Method or str
        The registered method (:func:`batch_method`), or its name.
    words : sequence of str, or str
        ``KEY=VALUE`` words, as typed after ``--param``; one string is one word.

    Returns
    -------
    dict
        Parameter name -> value in its type, in the order given.

    Raises
    ------
    ValueError
        For a word without ``=``, a key the method does not have (the message lists its
        parameters), a key given twice, or a value that is not of its type or outside its range.

    Examples
    --------
    >>> method = batch_method("threshold.manual")
    >>> parse_params(method, ["level=0.4", "invert=yes"])
    {'level': 0.4, 'invert': True}
    >>> parse_params(method, ["level=2"])  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: level=2: threshold.manual(): level=2.0 is outside its range [0.0, 1.0]; ...

    References
    ----------
    :func:`segutils.params.coerce_value` (the number rule, ranges, grids and choices).
    """
    if isinstance(method, str):
        method = batch_method(method)
    if isinstance(words, str):  # one word, not a sequence of its letters
        words = [words]
    known = keyword_parameters(method.function)
    parsed: dict[str, Any] = {}
    for word in words:
        key, equals, text = word.partition("=")
        key = key.strip()
        if not equals or not key:
            raise ValueError(
                f"{word!r} is not KEY=VALUE; write for example "
                f"{_example(known) or 'level=0.5'} (no spaces around '=')."
            )
        if key not in known:
            raise ValueError(
                f"{word}: {method.name} has no parameter {key!r}. Its parameters are: "
                f"{', '.join(known) or 'none'}."
            )
        if key in parsed:
            raise ValueError(f"{key} is given twice; give each parameter once.")
        if "=" in text:  # level=0.3,invert=true: several values in one word
            second = (text.split("=")[0].replace(",", " ").split() or ["KEY"])[-1]
            raise ValueError(
                f"{word!r} holds more than one '='; give each parameter its own --param, e.g. "
                f"--param {key}=... --param {second}=..."
            )
        try:
            parsed[key] = coerce_value(known[key], _typed(known[key], text), method=method.name)
        except (TypeError, ValueError) as error:
            raise ValueError(f"{word}: {error}") from None
    return parsed


def _typed(control: Control, text: str) -> Any:
    """The typed word as the parameter's kind reads it; :func:`coerce_value` checks the rest."""
    if control.kind == "bool":
        word = text.strip().lower()
        if word in TRUE_WORDS:
            return True
        if word in FALSE_WORDS:
            return False
        raise ValueError(f"{control.name} is true or false, not {text!r}.")
    if control.kind == "choice":
        for choice in control.choices:  # a choice is matched by how it is written
            if str(choice) == text.strip():
                return choice
        return text
    try:
        number = float(text)
    except ValueError:
        raise ValueError(
            f"{control.name} is a number, not {text!r}; for example "
            f"{control.name}={control.default!r}."
        ) from None
    if control.kind == "int" and number.is_integer() and abs(number) < 2**53:
        return int(number)
    return number


def _example(known: Mapping[str, Control]) -> str:
    """A valid ``KEY=VALUE`` word for the method: its first parameter at its default."""
    control = next(iter(known.values()), None)
    if control is None:
        return ""
    default = str(control.default).lower() if control.kind == "bool" else control.default
    return f"{control.name}={default}"


def full_setting(method: Method, params: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """Every parameter of the method: the defaults, replaced by ``params``, each value checked.

    Two runs with the same full setting give the same outputs, whether a value was typed or
    left at its default; a batch records it (``settings.json``) so that a resumed run can tell.

    Parameters
    ----------
    method : Method
        The registered method.
    params : mapping, optional
        Parameter name -> value (Python values; from :func:`parse_params` or
        :func:`tuned_params`).

    Returns
    -------
    dict
        Parameter name -> value, in the method's signature order.

    Raises
    ------
    ValueError
        For a parameter the method does not have (the message lists them).
    TypeError, ValueError
        For a value the method refuses (:func:`segutils.params.coerce_value`), or ``params``
        that is not a mapping (``"level=0.3"``: see :func:`parse_params`).

    Examples
    --------
    >>> full_setting(batch_method("threshold.manual"), {"level": 0.3})
    {'level': 0.3, 'invert': False}

    References
    ----------
    :func:`segutils.params.keyword_parameters`.
    """
    if params is not None and not isinstance(params, Mapping):
        raise TypeError(
            f"params is a mapping of names to values, e.g. {{'level': 0.3}}, not "
            f"{params!r}; parse_params(method, ['level=0.3']) reads KEY=VALUE words."
        )
    known = keyword_parameters(method.function)
    unknown = sorted(set(params or {}) - set(known))
    if unknown:
        raise ValueError(
            f"{method.name} has no parameter {unknown[0]!r}. Its parameters are: "
            f"{', '.join(known) or 'none'}."
        )
    given = dict(params or {})
    return {
        name: coerce_value(control, given.get(name, control.default), method=method.name)
        for name, control in known.items()
    }


def tuned_params(
    results: str | os.PathLike, method: str | Method, task: str | None = None
) -> dict[str, Any]:
    r"""The tuned setting of ``method`` in a leaderboard's ``results.csv``.

    ``segutils bench`` writes ``OUT/results.csv``, one row per task and method, with the tuned
    setting as JSON in its ``params`` column. A method ranked on several tasks has one setting
    per task: ``task`` says which.

    Parameters
    ----------
    results : str or path-like
        The ``results.csv`` file.
    method : str or Method
        The method's registered name, or the method.
    task : str, optional
        The task whose setting to take; needed when the file ranks ``method`` on several.

    Returns
    -------
    dict
        Parameter name -> value, as the leaderboard stored them (check them with
        :func:`full_setting`).

    Raises
    ------
    FileNotFoundError
        If there is no such file.
    ValueError
        If the file is not a leaderboard's results (the columns it lacks), does not hold the
        method (the message lists the methods it holds), holds it for several tasks and
        ``task`` is not given, or does not hold it for ``task`` (the message lists its tasks).

    Examples
    --------
    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> _ = (folder / "results.csv").write_text(
    ...     'task,method,params\n'
    ...     'dsb,threshold.manual,"{""level"": 0.3}"\n'
    ...     'coins,threshold.manual,"{""level"": 0.6}"\n'
    ... )
    >>> tuned_params(folder / "results.csv", "threshold.manual", task="coins")
    {'level': 0.6}
    >>> tuned_params(folder / "results.csv", "threshold.manual")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: ...ranks threshold.manual on 2 tasks (coins, dsb); choose one with --task...

    References
    ----------
    :func:`segutils.bench.report.write_results`, which writes the file.
    """
    method = method.name if isinstance(method, Method) else method
    path = Path(results)
    if path.is_dir():  # the leaderboard's --out folder rather than the file in it
        inside = path / "results.csv"
        hint = f"; pass {inside}" if inside.is_file() else ""
        raise FileNotFoundError(f"{str(path)!r} is a folder, not a results file{hint}.")
    if not path.is_file():
        raise FileNotFoundError(
            f"No results file at {str(path)!r}. `segutils bench --out DIR` writes DIR/results.csv."
        )
    try:
        with path.open(newline="", encoding="utf-8") as file:
            rows = list(csv.DictReader(file))
    except (UnicodeDecodeError, csv.Error) as error:
        raise ValueError(
            f"{path} is not a leaderboard's results.csv: it is not a CSV text file ({error}). "
            "Pass the results.csv that `segutils bench` wrote."
        ) from None
    columns = rows[0].keys() if rows else ()
    missing = [column for column in RESULTS_COLUMNS if column not in columns]
    if missing:
        raise ValueError(
            f"{path} is not a leaderboard's results.csv: it has no column {', '.join(missing)}. "
            "Pass the results.csv that `segutils bench` wrote."
        )
    mine = [row for row in rows if row["method"] == method]
    if not mine:
        present = ", ".join(sorted({row["method"] for row in rows}))
        raise ValueError(f"{path} does not rank {method}; it ranks: {present}.")
    tasks = sorted({row["task"] for row in mine})
    if task is None and len(tasks) > 1:
        raise ValueError(
            f"{path} ranks {method} on {len(tasks)} tasks ({', '.join(tasks)}); choose one with "
            "--task (task= in Python)."
        )
    chosen = [row for row in mine if task is None or row["task"] == task]
    if not chosen:
        raise ValueError(
            f"{path} does not rank {method} on task {task!r}; it does on: {', '.join(tasks)}."
        )
    try:
        setting = json.loads(chosen[0]["params"] or "{}")
    except json.JSONDecodeError as error:
        raise ValueError(
            f"{path}: the params of {method} on {chosen[0]['task']} are not JSON ({error})."
        ) from None
    if not isinstance(setting, dict):
        raise ValueError(f"{path}: the params of {method} are not a JSON object: {setting!r}.")
    return setting
