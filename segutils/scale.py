"""Where work runs when one process is not enough: a Dask client, on this machine or a cluster.

Every command that fans work out (grading a class, and later batch segmentation and the
leaderboard) asks :func:`dask_client` for a ``distributed.Client``: with no address it starts a
``distributed.LocalCluster`` of worker processes on this machine; with a scheduler's address
(``tcp://host:8786``, as ``dask scheduler`` prints, or as dask-jobqueue and dask-kubernetes
start one) the same code runs on that cluster. segutils writes no pool and no scheduler of its
own: Dask keeps the queue, retries lost workers and serves the dashboard.
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

__all__ = ["check_scheduler_address", "dask_client", "local_client", "where_to_run"]

#: The port ``dask scheduler`` listens on, and the one of its dashboard (a web page, no scheduler).
SCHEDULER_PORT = 8786
DASHBOARD_PORT = 8787


@contextmanager
def dask_client(
    scheduler: str | None = None,
    workers: int | None = None,
    *,
    threads_per_worker: int = 1,
    memory_limit: str | float | None = "auto",
    report: Callable[[str], None] = print,
) -> Iterator["distributed.Client"]:  # noqa: F821 - distributed is imported when called
    """A Dask client on a running scheduler, or on a LocalCluster started for the block.

    Parameters
    ----------
    scheduler : str, optional
        The address of a running Dask scheduler (``tcp://10.0.0.5:8786``). None starts a
        ``distributed.LocalCluster`` on this machine, closed again when the block ends.
    workers : int, optional
        Worker processes of the LocalCluster (Dask's default when None: one per core group).
        Refused together with `scheduler`: a running cluster already has its workers.
    threads_per_worker : int
        Threads in each local worker. 1 by default, because the work segutils sends (NumPy,
        OpenCV, a notebook kernel) holds its own threads or processes.
    memory_limit : str or float or None
        Memory per local worker (``"2GiB"``, bytes, ``"auto"`` for an even share of this
        machine, None for no limit); Dask pauses, then restarts, a worker that exceeds it.
    report : callable
        Receives one line naming the cluster and its dashboard (``print`` by default).

    Yields
    ------
    distributed.Client
        The connected client; submit work with ``client.submit`` or ``client.map``.

    Raises
    ------
    ValueError
        If `workers` is not a positive whole number, or is given with `scheduler`, or
        `scheduler` is not an address (:func:`check_scheduler_address`).
    OSError
        If no scheduler answers at `scheduler` within 10 s, or what answers is not a Dask
        scheduler (the message names the address).

    Examples
    --------
    >>> with dask_client(workers=1, memory_limit=None, report=lambda line: None) as client:
    ...     client.submit(sum, [1, 2, 3]).result()
    6

    References
    ----------
    Dask.distributed documentation, "LocalCluster" and "Client",
    https://distributed.dask.org/en/stable/api.html
    """
    if workers is not None and scheduler is not None:
        raise ValueError(
            "Give either a scheduler address (its cluster has its workers) or a number of local "
            "workers, not both."
        )
    if workers is not None and (
        not isinstance(workers, int) or isinstance(workers, bool) or workers < 1
    ):
        raise ValueError(f"workers must be a whole number of at least 1, not {workers!r}.")

    import distributed

    if scheduler is not None:
        check_scheduler_address(scheduler)
        try:
            client = distributed.Client(scheduler, timeout="10s")
        # Refused or silent (OSError), or something else answered: a web server, another
        # protocol (whose bytes Dask misreads, even as a length of exabytes: MemoryError).
        except Exception as error:  # noqa: BLE001 - every way of not reaching a scheduler
            raise OSError(
                f"No Dask scheduler answered at {scheduler!r} ({type(error).__name__}: "
                f"{str(error).splitlines()[0] if str(error) else 'no reply'}). Start one with "
                "`dask scheduler` (and `dask worker ADDRESS` on each machine), check the "
                f"address and port ({SCHEDULER_PORT} by default; {DASHBOARD_PORT} is the "
                "dashboard, a web page), or leave out the address to run on this machine."
            ) from None
        with client:
            report(f"Dask scheduler {scheduler}: dashboard {client.dashboard_link}")
            yield client
        return

    with local_client(
        workers, threads_per_worker=threads_per_worker, memory_limit=memory_limit
    ) as client:
        report(
            f"Dask LocalCluster with {len(client.cluster.workers)} worker(s): "
            f"dashboard {client.dashboard_link}"
        )
        yield client


def check_scheduler_address(address: str) -> str:
    """Check that ``address`` reads as a Dask scheduler's address, before connecting to it.

    Parameters
    ----------
    address : str
        ``tcp://host:port``, ``tls://host:port``, or ``host:port`` (tcp).

    Returns
    -------
    str
        ``address``, unchanged.

    Raises
    ------
    ValueError
        If it has no port, a port that is not a number, or a scheme Dask does not speak (a
        dashboard's ``http://`` link): the message says what a scheduler's address looks like.

    Examples
    --------
    >>> check_scheduler_address("tcp://10.0.0.5:8786")
    'tcp://10.0.0.5:8786'
    >>> check_scheduler_address("10.0.0.5")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: '10.0.0.5' is not a Dask scheduler's address (missing port number ...

    References
    ----------
    Dask.distributed documentation, "Communications" (addresses and schemes),
    https://distributed.dask.org/en/stable/communications.html
    """
    from distributed.comm import registry
    from distributed.comm.addressing import parse_address, parse_host_port

    example = f"write it as `dask scheduler` prints it, e.g. tcp://10.0.0.5:{SCHEDULER_PORT}"
    try:
        scheme, location = parse_address(address)
        if scheme != "inproc":
            parse_host_port(location)
    except (TypeError, ValueError) as error:
        raise ValueError(
            f"{address!r} is not a Dask scheduler's address ({error}); {example}."
        ) from None
    if scheme not in registry.backends:
        raise ValueError(
            f"{address!r} is not a Dask scheduler's address: Dask does not speak {scheme!r} "
            f"(the dashboard's web page is not the scheduler); {example}."
        )
    return address


def local_client(
    workers: int | None = None,
    *,
    threads_per_worker: int = 1,
    memory_limit: str | float | None = "auto",
) -> "distributed.Client":  # noqa: F821 - distributed is imported when called
    """A client on a new ``LocalCluster`` of worker processes, which closes with the client.

    What :func:`dask_client` starts when it is given no address, for code that cannot wrap its
    work in one ``with`` block (a notebook, whose cells run one at a time): call
    ``client.close()`` when done, and the workers stop. The workers start with
    :data:`MMAP_THRESHOLD` in their environment (see :func:`_worker_environment`).

    Parameters
    ----------
    workers : int, optional
        Worker processes (Dask's default when None: one per core group).
    threads_per_worker : int
        Threads in each worker (1: the methods hold their own threads).
    memory_limit : str or float or None
        Memory per worker (``"2GiB"``, bytes, ``"auto"``, or None for no limit).

    Returns
    -------
    distributed.Client
        The connected client; ``client.dashboard_link`` is the dashboard's address.

    Examples
    --------
    >>> client = local_client(1, memory_limit=None)
    >>> client.submit(sum, [1, 2, 3]).result()
    6
    >>> client.close()

    References
    ----------
    Dask.distributed documentation, "LocalCluster" and "Client",
    https://distributed.dask.org/en/stable/api.html
    """
    import dask
    import distributed

    # The nannies read their workers' start-up environment when the cluster makes them. A
    # client given the cluster's keywords starts the cluster itself, and closes it on close().
    with dask.config.set({"distributed.nanny.pre-spawn-environ": _worker_environment()}):
        return distributed.Client(
            n_workers=workers,
            threads_per_worker=threads_per_worker,
            memory_limit=memory_limit,
            processes=True,
            dashboard_address=":0",
        )


#: Allocations below this many bytes come from the heap in a local worker rather than from fresh
#: pages of the system (glibc's ``M_MMAP_THRESHOLD``).
MMAP_THRESHOLD = 32 * 2**20


def _worker_environment() -> dict:
    """Dask's start-up environment for worker processes, with the heap kept for image-sized arrays.

    Dask starts its workers with ``MALLOC_TRIM_THRESHOLD_`` set, so that they return freed
    memory to the system. Setting it also stops glibc from raising its threshold for taking
    large blocks straight from the system, so every array over 128 KiB is then mapped afresh
    and zeroed page by page: a watershed on a 512 x 512 image took twice as long in a worker as
    in a plain loop (``benchmarks/scale.py``). A fixed :data:`MMAP_THRESHOLD` (glibc's own
    ceiling for that threshold on 64-bit systems, 32 MiB) keeps arrays up to an image tile on
    the heap again. A value in Dask's configuration is kept, and one already in this process's
    environment takes precedence over both (Dask's rule).
    """
    import dask

    environment = dict(dask.config.get("distributed.nanny.pre-spawn-environ", default={}))
    environment.setdefault("MALLOC_MMAP_THRESHOLD_", MMAP_THRESHOLD)
    return environment


@contextmanager
def where_to_run(
    client: Any = None,
    scheduler: str | None = None,
    workers: int | None = None,
    *,
    jobs: int,
    report: Callable[[str], None] = print,
) -> Iterator["distributed.Client | None"]:  # noqa: F821 - distributed is imported when called
    """The client a function's jobs run on, or None to run them in this process, one by one.

    The one reading of the three ways a function of segutils is told where to run, shared by
    the leaderboard (:func:`segutils.bench.run_benchmark`) and the boundary benchmark
    (:func:`segutils.metrics.boundary_benchmark`), so that they accept and refuse the same
    things: a caller's own ``client`` (used, left open), a running cluster's ``scheduler``
    address, or a number of local ``workers`` (a ``LocalCluster`` started for the block, with
    no more workers than ``jobs``). With none of them, or one worker, or a single job, the jobs
    run in this process without Dask.

    Parameters
    ----------
    client : distributed.Client, optional
        A client the caller opened (a notebook's); it stays open.
    scheduler : str, optional
        A running scheduler's address (:func:`dask_client`).
    workers : int, optional
        Local worker processes to start; None or 1 runs in this process.
    jobs : int
        How many jobs there are: no more workers than jobs are started, and none for 0 or 1.
    report : callable
        Receives :func:`dask_client`'s line naming the cluster and its dashboard.

    Yields
    ------
    distributed.Client or None
        Where to submit the jobs; None to run them here.

    Raises
    ------
    ValueError
        If `workers` is not a whole number of at least 1, or more than one of `client`,
        `scheduler` and `workers` is given.

    Examples
    --------
    >>> with where_to_run(workers=1, jobs=10) as client:
    ...     print(client)
    None
    >>> with where_to_run(workers=2, scheduler="tcp://host:8786", jobs=10):  # doctest: +ELLIPSIS
    ...     pass
    Traceback (most recent call last):
    ...
    ValueError: Give either a scheduler address (its cluster has its workers) or a number of ...

    References
    ----------
    Dask.distributed documentation, "Client" and "LocalCluster",
    https://distributed.dask.org/en/stable/api.html
    """
    if workers is not None and (
        not isinstance(workers, int) or isinstance(workers, bool) or workers < 1
    ):
        raise ValueError(f"workers must be a whole number of at least 1, got {workers!r}.")
    if client is not None and (scheduler is not None or workers is not None):
        raise ValueError(
            "Give a Dask client, or a scheduler address or a number of workers to start one "
            "with, not both."
        )
    if scheduler is not None and workers is not None:
        raise ValueError(
            "Give either a scheduler address (its cluster has its workers) or a number of local "
            "workers, not both."
        )
    if client is not None:
        yield client
    elif jobs == 0 or (scheduler is None and (workers in (None, 1) or jobs == 1)):
        yield None
    else:
        # No memory limit: the jobs (a leaderboard cell on a photograph, the boundary matching
        # of an image with many annotations) may need more than an even share of the machine,
        # and should run rather than have their worker restarted.
        local = None if workers is None else min(workers, jobs)
        with dask_client(scheduler, local, memory_limit=None, report=report) as started:
            yield started
