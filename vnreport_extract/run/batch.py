"""Batches: ordered tasks -> extracted documents, in worker processes, in order.

Input: the tasks `run.inputs` made of the PATH arguments. Output: one `Outcome` per input, in the
order the inputs were given, whatever the parallelism; an input that cannot be read gives an `Outcome`
with an `error` in its place, and the batch goes on.
"""

from __future__ import annotations

import json
import multiprocessing
import signal
import traceback
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from vnreport_extract.errors import ReadError
from vnreport_extract.read.text import read_text
from vnreport_extract.run.inputs import Task

if TYPE_CHECKING:
    from multiprocessing.pool import Pool

    from vnreport_extract.models import Document, InputError
    from vnreport_extract.read.text import Text


@dataclass(frozen=True)
class Outcome:
    """What one input gave: a document, or an error; `text` is the normalised text when it was asked for."""

    source: str
    document: Document | None = None
    error: str | None = None
    text: str | None = None
    line: bytes | None = None  # the document as one UTF-8 JSON line, when the worker wrote it already
    metric_count: int = 0
    warnings: tuple[str, ...] = ()  # problems that did not stop the input (a scanned page left out)

    @property
    def failed(self) -> bool:
        return self.document is None and self.line is None

    def record(self) -> Document | InputError:
        """The record written for this input: the document, or an `InputError`."""
        from vnreport_extract.models import InputError

        if self.document is not None:
            return self.document
        return InputError(source=self.source, error=self.error or "")


@dataclass(frozen=True)
class Settings:
    """What every worker needs to know, besides the task."""

    max_bytes: int
    pattern_dirs: tuple[Path, ...] = ()
    keep_text: bool = False
    ocr: bool = False  # recognise scanned PDF pages with tesseract
    # Workers serialise JSON Lines themselves: a line of text crosses between processes far more
    # cheaply than a Document, and the main process then only writes.
    serialize: bool = False
    debug: bool = False  # print the traceback of a document whose extraction fails


@dataclass(frozen=True)
class _WorkerState:
    settings: Settings
    library: Any = None
    problem: str | None = None  # why the library could not be loaded in this worker


_STATE: _WorkerState | None = None


# --- Resuming ----------------------------------------------------------------------------------


def resume_content(content: bytes) -> tuple[bytes, set[str]]:
    """What a JSON Lines file keeps for `--resume`, and the sources already done.

    Lines that are cut off (an interrupted run), do not parse, or are error records are removed, so the
    failed inputs are retried and every source ends up in the file exactly once.
    """
    kept: list[bytes] = []
    done: set[str] = set()
    for line in content.split(b"\n")[:-1]:  # the last piece is empty, or a cut-off line
        source = _done_source(line)
        if source is not None and source not in done:
            done.add(source)
            kept.append(line + b"\n")
    return b"".join(kept), done


def _done_source(line: bytes) -> str | None:
    """The source of a successful document line, else None."""
    try:
        record = json.loads(line)
    except ValueError:
        return None
    if not isinstance(record, dict) or "error" in record or not isinstance(record.get("source"), str):
        return None
    return record["source"]


# --- Running -----------------------------------------------------------------------------------


def process(task: Task) -> Outcome:
    """Read and extract one input; any problem becomes an error outcome, never an exception."""
    if task.problem is not None:
        return Outcome(task.source, error=task.problem)
    state = _state()
    if state.problem is not None:
        return Outcome(task.source, error=state.problem)
    try:
        read = read_text(task.source, state.settings.max_bytes, task.data, ocr=state.settings.ocr)
    except ReadError as error:
        return Outcome(task.source, error=str(error))
    try:
        document = _extract(read.text, task.source, state.library)
    except Exception as error:  # a bug in one document must not stop the batch
        if state.settings.debug:
            traceback.print_exc()
        return Outcome(task.source, error=f"extraction failed: {type(error).__name__}: {error}")
    _add_reading(document, read)
    count, warnings = len(document.metrics), read.warnings
    if state.settings.serialize:
        line = document.model_dump_json().encode() + b"\n"  # compact UTF-8, as the JSONL writer's own lines
        return Outcome(task.source, line=line, metric_count=count, warnings=warnings)
    text = _normalized(read.text) if state.settings.keep_text else None
    return Outcome(task.source, document=document, text=text, metric_count=count, warnings=warnings)


def _add_reading(document: Document, read: Text) -> None:
    """What the reader knows: the encoding, the reader, and each metric's page."""
    from vnreport_extract.read.view import page_of

    document.encoding = read.encoding or document.encoding
    document.reader = read.reader
    if read.pages:
        for metric in document.metrics:
            metric.page = page_of(metric.start, read.pages)


def _extract(text: str, source: str, library: Any) -> Document:
    from vnreport_extract.extraction.pipeline import extract

    return extract(text, source, library)


def _normalized(text: str) -> str:
    from vnreport_extract.extraction.normalize import normalize

    return normalize(text)


def _state() -> _WorkerState:
    if _STATE is None:
        raise RuntimeError("batch.process called before set_up_worker")
    return _STATE


def set_up_worker(settings: Settings, library: Any = None, in_process: bool = True, catch_signals: bool = True) -> None:
    """Load the pattern library once for this process (unless given); workers ignore Ctrl-C."""
    global _STATE
    if not in_process and catch_signals:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent stops the workers
        # Stopped (SIGTERM) or orphaned (a broken pipe to the parent), a worker ends without a word.
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    problem = None
    if library is None:
        try:
            library = load_patterns(settings.pattern_dirs)
        except Exception as error:  # an initializer that raises makes Pool respawn workers forever
            if in_process:
                raise
            problem = f"pattern library failed to load in a worker: {error}"
    _STATE = _WorkerState(settings, library, problem)


def ensure_worker(settings: Settings) -> None:
    """Set this process up for `settings` on its first task (a Dask worker has no initializer).

    A library that fails to load turns every task into an error record, as in a pool's worker.
    """
    if _STATE is None or _STATE.settings != settings:
        set_up_worker(settings, in_process=False, catch_signals=False)


def load_patterns(pattern_dirs: Iterable[Path] = ()) -> Any:
    """The pattern library with the user's folders; None while `library.py` does not exist yet.

    Raises `PatternLibraryError` for invalid user pattern files.
    """
    try:
        from vnreport_extract.library import load_library
    except ModuleNotFoundError as error:
        if error.name != f"{__package__}.library":
            raise
        return None
    return load_library(list(pattern_dirs))


class Runner:
    """Runs tasks in order: in this process for one job, else in a pool of worker processes.

    Use as a context manager; leaving it (normally, on error or on Ctrl-C) stops the workers.
    """

    def __init__(self, settings: Settings, jobs: int, library: Any = None) -> None:
        self.settings = settings
        self.jobs = max(1, jobs)
        self.library = library
        self._pool: Pool | None = None

    def __enter__(self) -> Runner:
        return self

    def __exit__(self, *exc_info: object) -> None:
        if self._pool is not None:
            self._pool.terminate()
            self._pool.join()
            self._pool = None

    def start(self, n_tasks: int) -> None:
        """Start the worker processes (before any thread, such as a progress bar, is started)."""
        jobs = min(self.jobs, n_tasks)
        if jobs <= 1:
            set_up_worker(self.settings, self.library)
        else:
            context = multiprocessing.get_context()
            # A forked worker inherits the library already loaded (and compiled) here; any other start
            # method loads it anew.
            library = self.library if context.get_start_method() == "fork" else None
            if library is not None:
                from vnreport_extract.extraction.pipeline import warm_up

                warm_up(library)
            arguments = (self.settings, library, False)
            self._pool = context.Pool(jobs, initializer=set_up_worker, initargs=arguments)

    def map(self, tasks: list[Task]) -> Iterator[Outcome]:
        """One outcome per task, in task order, each as soon as it and all before it are done."""
        if self._pool is None:
            return map(process, tasks)
        return self._pool.imap(process, tasks, chunksize=1)
