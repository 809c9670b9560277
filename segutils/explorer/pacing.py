"""When the explorer answers its controls: at once, coalesced into one trailing answer, or settled.

A slider dragged over a slow method sends more events than the method can answer. The
:class:`Pacer` answers an event at once when the method is free, and otherwise folds every event
that arrives while the last answer's run time has not passed into one trailing answer, which
reads the latest values. After a preview it schedules the full result for when the controls have
rested :data:`SETTLE_S` seconds.

The pacer reads the time from a clock and schedules through a timer, both given to it: the real
ones by default (:func:`time.perf_counter`, and :func:`call_later` on the running event loop),
a manual clock in tests, which then move time by events instead of waiting for it.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Protocol

__all__ = ["SETTLE_S", "Cancellable", "Pacer", "Timer", "call_later"]

#: Seconds a control must rest before the full-resolution result replaces a preview.
SETTLE_S = 0.3


class Cancellable(Protocol):
    """A scheduled call that can still be called off (as :class:`asyncio.TimerHandle`)."""

    def cancel(self) -> None:
        """Call it off; nothing happens if it has run already."""


#: ``timer(delay, callback)`` runs ``callback`` after ``delay`` seconds and returns a handle to
#: cancel it, or returns ``None`` where nothing can be scheduled (then the pacer answers at once).
Timer = Callable[[float, Callable[[], None]], Cancellable | None]


def call_later(delay: float, callback: Callable[[], None]) -> asyncio.TimerHandle | None:
    """Run ``callback`` after ``delay`` seconds on the running event loop, if one runs.

    A Jupyter kernel handles widget events on a running loop; a script or a test calling the
    explorer directly runs none, and then every event is answered at once.

    Parameters
    ----------
    delay : float
        Seconds.
    callback : callable
        Called with no argument.

    Returns
    -------
    asyncio.TimerHandle or None
        The scheduled call, or ``None`` where no event loop runs.

    Examples
    --------
    >>> call_later(0.1, print) is None  # no event loop runs here
    True

    References
    ----------
    Python documentation, :meth:`asyncio.loop.call_later`.
    """
    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:
        return None
    return loop.call_later(delay, callback)


class Pacer:
    """Decides when to answer a control's change, and schedules the settling after a preview.

    Parameters
    ----------
    answer : callable
        Answers the current values (runs the method, or takes a cached result, and draws).
    settle : callable
        Replaces a preview by the full result.
    clock : callable
        Returns the time in seconds.
    timer : callable
        Schedules a call (see :data:`Timer`).

    Examples
    --------
    >>> answers = []
    >>> pacer = Pacer(lambda: answers.append("answer"), print, clock=lambda: 0.0, timer=call_later)
    >>> pacer.event()  # no event loop: answered at once
    >>> answers
    ['answer']
    """

    def __init__(
        self,
        answer: Callable[[], None],
        settle: Callable[[], None],
        *,
        clock: Callable[[], float],
        timer: Timer,
    ):
        self._answer = answer
        self._settle = settle
        self._clock = clock
        self._timer = timer
        self._free_at = float("-inf")  # the clock's time from which an event is answered at once
        self._trailing: Cancellable | None = None
        self._settling: Cancellable | None = None

    def event(self) -> None:
        """A control changed: answer now, or fold it into one trailing answer."""
        if self._trailing is not None:
            return  # the trailing answer reads the latest values when it runs
        wait = self._free_at - self._clock()
        if wait > 0:
            self._trailing = self._timer(wait, self._answer_trailing)
            if self._trailing is not None:
                return
        self._answer()

    def _answer_trailing(self) -> None:
        self._trailing = None
        self._answer()

    def answered(self, seconds: float) -> None:
        """An answer took ``seconds``: events within as long again wait for a trailing answer."""
        self._free_at = self._clock() + seconds

    def free(self) -> None:
        """Answer the next event at once (what arrived meanwhile has waited already)."""
        self._free_at = float("-inf")

    def settle_later(self) -> None:
        """A preview was shown: settle once the controls rest :data:`SETTLE_S` seconds."""
        self.cancel_settle()
        self._settling = self._timer(SETTLE_S, self._settle)

    def cancel_settle(self) -> None:
        """Call off a scheduled settling, if any."""
        if self._settling is not None:
            self._settling.cancel()
            self._settling = None
