"""The batch on a Dask cluster (the `[dask]` extra): `--dask local[:N]` or `--dask tcp://host:8786`.

Input: the PATH or URL arguments. Output: the same `Outcome`s as a local run, in input order
(`DaskRunner.map`), or part files written by the workers in a folder (`run_parts`). The per-document
work is `batch.process`, the function a local run uses; a URL's bytes are fetched first, on the worker.
Nothing here imports Dask until a cluster is asked for.
"""

from __future__ import annotations

import contextlib
import logging
import os
import signal
from collections import deque
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from vnreport_extract.errors import ReadError, VnextractError
from vnreport_extract.run.batch import Outcome, Settings, ensure_worker, process
from vnreport_extract.run.inputs import Task, Warn, expand_inputs
from vnreport_extract.write.parts import Tally, clear_parts, part_url, write_part

if TYPE_CHECKING:
    from distributed import Client, Future, LocalCluster

LOCAL = "local"
CHUNK_SIZE = 16  # documents per Dask task when the records come back in order
PART_SIZE = 200  # documents per part file
CONNECT_TIMEOUT = "10s"


class ClusterError(VnextractError):
    """The cluster cannot be started or reached."""


def check_address(address: str) -> str:
    """A `--dask` value: `local`, `local:N` (N workers) or a scheduler address such as `tcp://host:8786`.

    >>> check_address("local:2"), check_address("tcp://10.0.0.5:8786")
    ('local:2', 'tcp://10.0.0.5:8786')
    >>> check_address("local:0")
    Traceback (most recent call last):
    ValueError: not a cluster: 'local:0' (try local, local:4 or tcp://host:8786)
    """
    name, _, rest = address.partition(":")
    if name == LOCAL:
        if not rest or (rest.isdigit() and int(rest) > 0):
            return address
    elif "://" in address or (name and rest.isdigit()):  # tcp://host:8786, or host:8786
        return address
    raise ValueError(f"not a cluster: {address!r} (try local, local:4 or tcp://host:8786)")


def connect(address: str) -> tuple[Client, LocalCluster | None]:
    """A client of the cluster at `address`, and the local cluster started for it (None for a scheduler)."""
    from distributed import Client

    name, _, workers = address.partition(":")
    try:
        if name == LOCAL:
            import dask

            n_workers = int(workers or os.cpu_count() or 1)
            with dask.config.set({"distributed.worker.profile.enabled": False}):  # no sampling every 10 ms
                cluster = _local_cluster(n_workers)
            return Client(cluster), cluster
        return Client(address, timeout=CONNECT_TIMEOUT), None
    except (OSError, TimeoutError, ValueError) as error:
        raise ClusterError(f"cannot reach the Dask cluster at {address}: {error}") from None


def _local_cluster(n_workers: int) -> LocalCluster:
    """Worker processes with one thread each (the work holds the GIL), on this machine's loopback only."""
    from distributed import LocalCluster

    return LocalCluster(
        n_workers=n_workers, threads_per_worker=1, processes=True, dashboard_address="127.0.0.1:0",
        silence_logs=logging.CRITICAL,  # stderr is for vnextract's own lines
    )


# --- Inputs ----------------------------------------------------------------------------------------


def expand_sources(arguments: Iterable[str], follow: bool = False, warn: Warn | None = None) -> list[Task]:
    """Tasks for PATH and URL arguments, in order: local ones as `inputs.expand_inputs`, URLs with fsspec.

    Raises `UrlError` when a URL's filesystem cannot be used (its package missing, the store unreachable).
    """
    from vnreport_extract.read.urls import expand_url, is_url

    tasks: list[Task] = []
    seen: set[str] = set()
    for argument in arguments:
        found = (
            [Task(url, problem=problem) for url, problem in expand_url(argument)]
            if is_url(argument)
            else expand_inputs([argument], follow, **({"warn": warn} if warn else {}))
        )
        for task in found:
            if task.source not in seen:
                seen.add(task.source)
                tasks.append(task)
    return tasks


def fetched(task: Task, max_bytes: int) -> Task:
    """The task with its URL's bytes (or the problem reading them); local paths are read by `process`."""
    from vnreport_extract.read.urls import is_url, read_url

    if task.data is not None or task.problem is not None or not is_url(task.source):
        return task
    try:
        return Task(task.source, data=read_url(task.source, max_bytes))
    except ReadError as error:
        return Task(task.source, problem=str(error))


# --- On a worker -----------------------------------------------------------------------------------


def process_task(task: Task, settings: Settings) -> Outcome:
    """One input on a Dask worker: the library loaded once per process, then `batch.process`."""
    ensure_worker(settings)
    return process(fetched(task, settings.max_bytes))


def process_partition(tasks: Iterable[Task], settings: Settings) -> list[Outcome]:
    return [process_task(task, settings) for task in tasks]


def write_partition(tasks: list[Task], settings: Settings, url: str, output_format: str) -> list[Tally]:
    """Process a partition and write its part file; the tallies say what it holds."""
    return write_part(process_partition(tasks, settings), url, output_format)


# --- On the client ---------------------------------------------------------------------------------


def chunks(tasks: list[Task], size: int) -> list[list[Task]]:
    """
    >>> [len(chunk) for chunk in chunks([Task(str(i)) for i in range(5)], 2)]
    [2, 2, 1]
    """
    return [tasks[start:start + size] for start in range(0, len(tasks), size)]


class DaskRunner:
    """Runs tasks on a Dask cluster, giving their outcomes in task order, like `batch.Runner`.

    A bounded number of chunks is in flight, so memory stays flat however many inputs there are. Leaving
    the context (normally, on error or on Ctrl-C) cancels the cluster's work and closes what was started.
    """

    def __init__(self, settings: Settings, address: str, chunk_size: int = CHUNK_SIZE) -> None:
        self.settings = settings
        self.address = address
        self.chunk_size = chunk_size
        self.client: Client | None = None
        self.cluster: LocalCluster | None = None
        self.pending: deque[tuple[Future, list[Task]]] = deque()  # in task order
        self.parts: dict[str, tuple[Future, list[Task]]] = {}  # by future key
        self.interrupted = False
        self._previous_handler: Any = None

    def __enter__(self) -> DaskRunner:
        with contextlib.suppress(ValueError):  # not the main thread: no handler of our own
            self._previous_handler = signal.signal(signal.SIGINT, self._on_interrupt)
        return self

    def _on_interrupt(self, signum: int, frame: object) -> None:
        """Ctrl-C: raise, and remember it, since a KeyboardInterrupt raised inside a finaliser (a Dask
        future's `__del__`) is swallowed; the loops check the flag after each result."""
        self.interrupted = True
        raise KeyboardInterrupt

    def _check_interrupt(self) -> None:
        if self.interrupted:
            raise KeyboardInterrupt

    def __exit__(self, *exc_info: object) -> None:
        if self._previous_handler is not None:
            signal.signal(signal.SIGINT, self._previous_handler)
            self._previous_handler = None
        if self.client is not None:
            futures = [future for future, _ in (*self.pending, *self.parts.values())]
            self.client.cancel(futures, force=True)
            self.pending.clear()
            self.parts.clear()
            self.client.close()
        if self.cluster is not None:
            self.cluster.close()
        self.client = self.cluster = None

    def start(self, n_tasks: int = 0) -> None:
        """Start the local cluster, or connect to the scheduler."""
        self.client, self.cluster = connect(self.address)

    def in_flight(self) -> int:
        """How many chunks to keep submitted: a few per worker thread."""
        assert self.client is not None
        return 4 * max(1, sum(self.client.nthreads().values()))

    def map(self, tasks: list[Task]) -> Iterator[Outcome]:
        """One outcome per task, in task order, each as soon as its chunk and every chunk before it are done."""
        assert self.client is not None, "start() first"
        waiting = iter(chunks(tasks, self.chunk_size))
        for _ in range(self.in_flight()):
            self._submit(next(waiting, None))
        while self.pending:
            future, chunk = self.pending.popleft()
            outcomes = _result(future, chunk)
            self._check_interrupt()
            self._submit(next(waiting, None))
            yield from outcomes

    def _submit(self, chunk: list[Task] | None) -> None:
        if chunk is not None:
            assert self.client is not None
            future = self.client.submit(process_partition, chunk, self.settings, pure=False)
            self.pending.append((future, chunk))

    def run_parts(
        self, tasks: list[Task], folder: str, output_format: str, part_size: int = PART_SIZE
    ) -> Iterator[list[Tally]]:
        """Write `folder/part-NNNNN.FORMAT` files on the workers; the tallies of each part as it is done.

        A part holds `part_size` inputs, fewer when there are not enough inputs to keep every worker busy.
        """
        from distributed import as_completed

        assert self.client is not None, "start() first"
        clear_parts(folder, output_format)
        part_size = min(part_size, max(1, -(-len(tasks) // self.in_flight())))  # every worker busy to the end
        waiting = iter(enumerate(chunks(tasks, part_size)))
        done = as_completed()
        for _ in range(self.in_flight()):
            self._submit_part(done, next(waiting, None), folder, output_format)
        for future in done:
            _, chunk = self.parts.pop(future.key)
            self._check_interrupt()
            self._submit_part(done, next(waiting, None), folder, output_format)
            yield _tallies(future, chunk)

    def _submit_part(self, done: Any, part: tuple[int, list[Task]] | None, folder: str, output_format: str) -> None:
        if part is None:
            return
        assert self.client is not None
        index, chunk = part
        url = part_url(folder, index, output_format)
        future = self.client.submit(write_partition, chunk, self.settings, url, output_format, pure=False)
        self.parts[future.key] = (future, chunk)
        done.add(future)


def _result(future: Future, chunk: list[Task]) -> list[Outcome]:
    """A chunk's outcomes; if the cluster lost it (a worker died), an error record per input."""
    try:
        return future.result()
    except Exception as error:
        return [Outcome(task.source, error=f"the cluster failed: {type(error).__name__}: {error}") for task in chunk]
    finally:
        future.release()


def _tallies(future: Future, chunk: list[Task]) -> list[Tally]:
    try:
        return future.result()
    except Exception as error:
        return [Tally(task.source, error=f"part not written: {type(error).__name__}: {error}") for task in chunk]
    finally:
        future.release()
