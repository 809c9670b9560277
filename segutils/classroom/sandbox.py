"""Confine a grading process: limits for the process tree, a kernel that writes only its scratch.

The grader runs each submission in its own process (:mod:`segutils.classroom.worker`) with an
address space limit (``resource.RLIMIT_AS``, inherited by the Jupyter kernel it starts). Inside
the kernel, before any student code, an IPython startup file calls :func:`limit_cell_time`
(a cell that runs too long is interrupted) and :func:`confine_kernel`, which uses Linux
Landlock (an unprivileged kernel sandbox, Linux 5.13+) so that the kernel and its children may
write only beneath the kernel's private folder and ``./outputs``, plus the one results file
otter's grading cell writes and otter's log. It also makes the kernel die with its
worker, and (Landlock ABI 6+, Linux 6.12) forbids it to signal processes outside its sandbox.

Not protected: reading (a submission can read any file the grading user can, including the
hidden tests in its own grading folder), the network, CPU time beyond the wall-clock limit, and
student code that patches otter inside its own kernel to report better scores.
"""

import ctypes
import os
import resource
import signal
from pathlib import Path
from typing import Any

# Landlock system calls and constants (include/uapi/linux/landlock.h); the numbers are the same
# on every architecture.
_CREATE_RULESET, _ADD_RULE, _RESTRICT_SELF = 444, 445, 446
_CREATE_RULESET_VERSION = 1
_RULE_PATH_BENEATH = 1
_PR_SET_NO_NEW_PRIVS, _PR_SET_PDEATHSIG = 38, 1
WRITE_FILE, TRUNCATE = 1 << 1, 1 << 14
# Everything that changes the file system, by the ABI that introduced it.
_WRITE_ACCESS = {1: 0b1_1111_1111_0010, 2: 1 << 13, 3: TRUNCATE}  # v1 rights, REFER, TRUNCATE
_SCOPE_ABSTRACT_UNIX_SOCKET, _SCOPE_SIGNAL = 1 << 0, 1 << 1
POLICY_ENV = "SEGUTILS_GRADING_SANDBOX"
# What a cell stopped by the cell limit raises; the feedback quotes it as the cell's error.
STOPPED = "stopped after {seconds:g} s: look for a loop that never ends"


class _RulesetAttr(ctypes.Structure):
    _fields_ = [("fs", ctypes.c_uint64), ("net", ctypes.c_uint64), ("scoped", ctypes.c_uint64)]


class _PathBeneathAttr(ctypes.Structure):
    _pack_ = 1
    _fields_ = [("allowed_access", ctypes.c_uint64), ("parent_fd", ctypes.c_int32)]


_libc = ctypes.CDLL(None, use_errno=True)


def landlock_abi() -> int:
    """The Landlock ABI version this kernel offers, 0 if none.

    Returns
    -------
    int
        0 where Landlock is missing or disabled (then nothing is confined, and the grader says so).

    Examples
    --------
    >>> landlock_abi() >= 0
    True

    References
    ----------
    Linux kernel documentation, "Landlock: unprivileged access control",
    https://docs.kernel.org/userspace-api/landlock.html
    """
    version = _libc.syscall(_CREATE_RULESET, None, 0, _CREATE_RULESET_VERSION)
    return max(int(version), 0)


def restrict_writes(directories: list[Path], files: list[Path]) -> int:
    """Allow this process and its future children to write only beneath these paths.

    Parameters
    ----------
    directories : list of Path
        Existing folders where anything may be created, written or removed.
    files : list of Path
        Existing files that may be written (and truncated), e.g. ``/dev/null``.

    Returns
    -------
    int
        The Landlock ABI used; 0 means the kernel has no Landlock and nothing was restricted.

    Raises
    ------
    OSError
        If Landlock is present but refuses the rules.

    Examples
    --------
    >>> import subprocess, sys  # in a child process: the restriction cannot be undone
    >>> code = "from segutils.classroom.sandbox import restrict_writes; restrict_writes([], [])"
    >>> code += "; open('/tmp/x', 'w')"
    >>> subprocess.run([sys.executable, "-c", code]).returncode != 0  # doctest: +SKIP
    True

    References
    ----------
    Linux kernel documentation, "Landlock: unprivileged access control",
    https://docs.kernel.org/userspace-api/landlock.html
    """
    abi = landlock_abi()
    if abi == 0:
        return 0
    handled = sum(bits for version, bits in _WRITE_ACCESS.items() if version <= abi)
    scoped = _SCOPE_ABSTRACT_UNIX_SOCKET | _SCOPE_SIGNAL if abi >= 6 else 0
    attr = _RulesetAttr(fs=handled, net=0, scoped=scoped)
    size = 24 if abi >= 6 else 8  # the struct grew with ABI 4 (net) and 6 (scoped)
    ruleset = _libc.syscall(_CREATE_RULESET, ctypes.byref(attr), size, 0)
    if ruleset < 0:
        raise OSError(ctypes.get_errno(), "landlock_create_ruleset failed")
    try:
        for path, access in [(d, handled) for d in directories] + [
            (f, (WRITE_FILE | TRUNCATE) & handled) for f in files
        ]:
            fd = os.open(path, os.O_PATH | os.O_CLOEXEC)
            try:
                rule = _PathBeneathAttr(allowed_access=access, parent_fd=fd)
                if _libc.syscall(_ADD_RULE, ruleset, _RULE_PATH_BENEATH, ctypes.byref(rule), 0):
                    raise OSError(ctypes.get_errno(), f"landlock_add_rule failed for {path}")
            finally:
                os.close(fd)
        if _libc.prctl(_PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0):
            raise OSError(ctypes.get_errno(), "prctl(PR_SET_NO_NEW_PRIVS) failed")
        if _libc.syscall(_RESTRICT_SELF, ruleset, 0):
            raise OSError(ctypes.get_errno(), "landlock_restrict_self failed")
    finally:
        os.close(ruleset)
    return abi


def limit_memory(gigabytes: float) -> None:
    """Cap the address space of this process (and of what it starts later).

    Called first thing in the worker: an allocation past the cap raises ``MemoryError`` in the
    submission's cell instead of waking the kernel's out-of-memory killer.

    Parameters
    ----------
    gigabytes : float
        The cap, in GiB, per process.

    Examples
    --------
    >>> limit_memory  # doctest: +ELLIPSIS
    <function limit_memory at ...>

    References
    ----------
    Python documentation, "resource: RLIMIT_AS",
    https://docs.python.org/3/library/resource.html#resource.RLIMIT_AS
    """
    cap = int(gigabytes * 2**30)
    resource.setrlimit(resource.RLIMIT_AS, (cap, cap))


def limit_cell_time(shell: Any, seconds: float) -> None:
    """Interrupt any cell of this IPython kernel that runs longer than ``seconds``.

    Called by the IPython startup file the worker writes, before the submission's first cell.
    A real-time timer is armed before each cell and disarmed after it; when it fires, the cell
    gets ``KeyboardInterrupt`` (with the message :data:`STOPPED`), as a Jupyter interrupt would
    give it. An interrupted cell is an error like any other: its question scores what its checks
    give, the next cells still run. A check that runs an answer cell again
    (:func:`.rerun.rerun_answer_cell`) gives it a shorter budget of its own and re-arms this
    timer afterwards, so a loop re-run there fails that check only.
    A cell that catches the interrupt runs on until the submission's wall-clock limit. The
    kernel keeps its own time, so nothing in nbconvert or otter has to be changed for it.

    Parameters
    ----------
    shell : IPython.core.interactiveshell.InteractiveShell
        The kernel's shell, ``get_ipython()``.
    seconds : float
        The longest a cell may run.

    Examples
    --------
    >>> import time
    >>> from types import SimpleNamespace
    >>> events = {}
    >>> shell = SimpleNamespace(events=SimpleNamespace(register=events.setdefault))
    >>> previous = signal.getsignal(signal.SIGALRM)
    >>> limit_cell_time(shell, 0.05)
    >>> events["pre_run_cell"](None)  # what IPython does before a cell
    >>> try:
    ...     time.sleep(5)
    ... except KeyboardInterrupt as interrupt:
    ...     print(interrupt)
    stopped after 0.05 s: look for a loop that never ends
    >>> _ = signal.signal(signal.SIGALRM, previous)

    References
    ----------
    IPython documentation, "Registering callbacks" (``pre_run_cell``, ``post_run_cell``),
    https://ipython.readthedocs.io/en/stable/config/callbacks.html
    """

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt(STOPPED.format(seconds=seconds))

    def arm(info: object) -> None:
        signal.setitimer(signal.ITIMER_REAL, seconds)

    def disarm(result: object) -> None:
        signal.setitimer(signal.ITIMER_REAL, 0)

    signal.signal(signal.SIGALRM, interrupt)
    shell.events.register("pre_run_cell", arm)
    shell.events.register("post_run_cell", disarm)


def die_with_parent() -> None:
    """Have the kernel kill this process when the thread that started it ends.

    Called first thing in the worker (started by a Dask worker's task thread, which waits for it)
    and in the grading kernel (started by the worker): a stopped or lost Dask worker leaves no
    grading process, and no looping kernel, behind.

    Examples
    --------
    >>> die_with_parent  # doctest: +ELLIPSIS
    <function die_with_parent at ...>

    References
    ----------
    Linux manual, "prctl(2)": PR_SET_PDEATHSIG,
    https://man7.org/linux/man-pages/man2/prctl.2.html
    """
    _libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)


def confine_kernel() -> None:
    """Sandbox the running Jupyter kernel as ``$SEGUTILS_GRADING_SANDBOX`` describes.

    Called by the IPython startup file the worker writes, before the submission's first cell.
    The variable holds ``private|results_dir``: the kernel's own writable folder and the folder
    where otter created its results file (``*.pkl``), which stays writable.

    Examples
    --------
    >>> import os
    >>> POLICY_ENV in os.environ  # only set inside a grading kernel
    False

    References
    ----------
    IPython documentation, "Startup files",
    https://ipython.readthedocs.io/en/stable/interactive/tutorial.html#startup-files
    """
    private, results_dir = (Path(p) for p in os.environ[POLICY_ENV].split("|"))
    die_with_parent()  # a killed worker must not leave a looping kernel behind
    temporary = private / "tmp"
    temporary.mkdir(parents=True, exist_ok=True)
    os.environ["TMPDIR"] = str(temporary)
    import tempfile

    tempfile.tempdir = None  # forget the worker's folder
    outputs = Path.cwd() / "outputs"  # where the notebooks save models and figures
    outputs.mkdir(exist_ok=True)
    log = Path.cwd() / ".OTTER_LOG"  # otter logs every check here
    log.touch()
    results = sorted(results_dir.glob("*.pkl"))
    restrict_writes([private, outputs], [Path(os.devnull), log, *results])
