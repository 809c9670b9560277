"""Errors and warnings whose fix is one keyword argument, phrased in each caller's language.

A message deep in segutils may say that a keyword fixes the problem (``stretch=True``,
``drop_alpha=True``). A Python caller passes that keyword; a command-line user cannot, and needs
the option that does the same (``--stretch``). So such a message is kept as a template with a
``{fix}`` slot and the keyword's name: ``str(error)`` fills the slot with the keyword, and
:meth:`KeywordFix.phrased` with the option of a command that maps keywords to options.

Examples
--------
>>> error = KeywordFixError("Values are too high: {fix} to rescale them.", keyword="stretch")
>>> str(error)
'Values are too high: pass stretch=True to rescale them.'
>>> error.phrased({"stretch": "--stretch"})
'Values are too high: add --stretch to rescale them.'
>>> error.about("photo.png").phrased()
'photo.png: Values are too high: pass stretch=True to rescale them.'
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Self

__all__ = ["KeywordFix", "KeywordFixError", "KeywordFixWarning"]

#: The slot in a template where the fix goes.
SLOT = "{fix}"


class KeywordFix:
    """A message whose fix is passing one keyword as ``True``; the base of the two classes below.

    Parameters
    ----------
    template : str
        The message, with :data:`SLOT` where the fix goes; the slot starts a clause in lower
        case (``"...: {fix} to map min..max to 0..1"``).
    keyword : str
        The keyword argument that fixes it, e.g. ``"stretch"``.
    source : str or None, optional
        The file the message is about; it then starts the message.
    """

    def __init__(self, template: str, *, keyword: str, source: str | None = None) -> None:
        self.template = template
        self.keyword = keyword
        self.source = source
        super().__init__(self.phrased())

    def phrased(self, options: Mapping[str, str] | None = None, *, named: bool = True) -> str:
        """The message, the fix named by ``options[keyword]`` (an option) or else the keyword."""
        option = (options or {}).get(self.keyword)
        fix = f"add {option}" if option else f"pass {self.keyword}=True"
        text = self.template.replace(SLOT, fix)
        return f"{self.source}: {text}" if named and self.source else text

    def about(self, source: str) -> Self:
        """The same message, about the file ``source``."""
        return type(self)(self.template, keyword=self.keyword, source=source)

    def __reduce__(self) -> tuple:
        # Exceptions pickle their message only; a child process must hand back the keyword too.
        return (_rebuild, (type(self), self.template, self.keyword, self.source))


class KeywordFixError(KeywordFix, ValueError):
    """A ValueError that passing one keyword fixes (see :class:`KeywordFix`)."""


class KeywordFixWarning(KeywordFix, UserWarning):
    """A UserWarning that passing one keyword answers (see :class:`KeywordFix`)."""


def _rebuild(kind: type[KeywordFix], template: str, keyword: str, source: str | None) -> KeywordFix:
    return kind(template, keyword=keyword, source=source)
