"""Run-time settings read from the environment: quick mode and where data lives.

=====================  ==========================================================================
variable               meaning
=====================  ==========================================================================
``SEGUTILS_QUICK``     ``1`` shrinks heavy work (dataset subsets, epochs, image sizes) so that
                       every notebook runs in CI time; unset or ``0``: the full mode a student runs.
``SEGUTILS_DATA``      a folder holding the reference datasets in their published layout
                       (``isbi2012-membrane/``, ``dsb2018-subset/``, ``bsds500-val/``); used
                       instead of downloading.
``SEGUTILS_CACHE``     where downloads are stored; ``data/cache`` in a checkout of the project,
                       else the environment's shared folder ``share/segutils/data`` under
                       ``sys.prefix`` when it exists (where a class server's image puts the
                       datasets for every user), otherwise the operating system's cache folder.
=====================  ==========================================================================
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

__all__ = ["QUICK_ENV", "cache_dir", "data_root", "is_quick", "mode_banner"]

QUICK_ENV = "SEGUTILS_QUICK"
DATA_ENV = "SEGUTILS_DATA"
CACHE_ENV = "SEGUTILS_CACHE"

_PROJECT_DATA = Path(__file__).resolve().parents[1] / "data"


def is_quick() -> bool:
    """Whether quick mode is on (``SEGUTILS_QUICK`` set to anything but ``""``, ``0`` or ``false``).

    Returns
    -------
    bool
        ``True`` in quick mode.

    Examples
    --------
    >>> epochs = 1 if is_quick() else 50

    References
    ----------
    Python documentation, :data:`os.environ`.
    """
    return os.environ.get(QUICK_ENV, "").strip().lower() not in ("", "0", "false", "no")


def mode_banner() -> str:
    """One line saying which mode a notebook runs in, for its first output.

    Returns
    -------
    str
        For example ``"Mode: full (set SEGUTILS_QUICK=1 for the quick CI mode)"``.

    Examples
    --------
    >>> mode_banner().startswith("Mode: ")
    True

    References
    ----------
    Python documentation, :data:`os.environ`.
    """
    if is_quick():
        return f"Mode: quick ({QUICK_ENV}=1: smaller data and fewer iterations than a student run)"
    return f"Mode: full (set {QUICK_ENV}=1 for the quick CI mode)"


def data_root() -> Path | None:
    """The folder named by ``SEGUTILS_DATA``, or ``None`` when it is unset.

    Returns
    -------
    Path or None
        The resolved folder.

    Raises
    ------
    NotADirectoryError
        If the variable is set but does not name an existing folder.

    Examples
    --------
    >>> root = data_root()
    >>> root is None or root.is_dir()
    True

    References
    ----------
    Python documentation, :data:`os.environ`.
    """
    value = os.environ.get(DATA_ENV, "").strip()
    if not value:
        return None
    root = Path(value).expanduser().resolve()
    if not root.is_dir():
        raise NotADirectoryError(
            f"{DATA_ENV}={value!r} is not a folder. Point it at the folder that holds "
            "isbi2012-membrane/, dsb2018-subset/ and bsds500-val/, or unset it to download."
        )
    return root


def cache_dir() -> Path:
    """Folder where downloaded files are kept (created when first used).

    Returns
    -------
    Path
        ``$SEGUTILS_CACHE`` if set; ``data/cache`` inside a checkout of the project; the
        environment's shared folder ``<sys.prefix>/share/segutils/data`` if it exists; otherwise
        the operating system's user cache folder for ``segutils``.

    Examples
    --------
    >>> cache_dir().is_absolute()
    True

    References
    ----------
    :func:`pooch.os_cache` (the operating system's cache folder); Python documentation,
    :data:`sys.prefix`.
    """
    value = os.environ.get(CACHE_ENV, "").strip()
    if value:
        return Path(value).expanduser().resolve()
    if _PROJECT_DATA.is_dir():
        return _PROJECT_DATA / "cache"
    # A class server's image fetches the datasets here at build time (the hand-out repository's
    # binder/postBuild): inside the environment, so a home folder mounted at start hides nothing
    # and every user reads the same copy, without setting anything at start.
    shared = Path(sys.prefix) / "share" / "segutils" / "data"
    if shared.is_dir():
        return shared
    import pooch  # here: reading the settings (is_quick) does not load the download stack

    return Path(pooch.os_cache("segutils"))
