"""Everything a run emits: records on stdout or in the -o file, and the progress bar and summary on stderr.

Input: `Outcome`s, in order. Output: JSON, JSON Lines, CSV (UTF-8 with BOM) or a Rich table, each record
written whole with one write and one flush, so that an interrupted run leaves only complete lines.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import select
import signal
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from rich.console import Console
    from rich.progress import Progress, ProgressColumn, Task
    from rich.text import Text

    from vnreport_extract.models import Document
    from vnreport_extract.run.batch import Outcome

PROGRAM = "vnextract"
# The document's columns of a CSV row in the order they first had; document fields added since
# (from the models, so a new field is never left out) come after them.
_FIRST_DOCUMENT_COLUMNS = ("source", "title", "published", "location", "encoding", "error", "agency", "document_number")
_BOM = "\ufeff".encode()
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# A signed number (1.234,5 or 1,234.5), maybe a percentage; a lone `-` (standard input's source) too.
_PLAIN_NUMBER = re.compile(r"-|[+-]?\d+(?:[.,]\d+)*%?")


@cache
def document_csv_columns() -> tuple[str, ...]:
    """Every document field, and `error`, as CSV columns: the first ones in their first order."""
    from vnreport_extract.write.columns import record_columns

    later = tuple(column.name for column in record_columns() if column.name not in _FIRST_DOCUMENT_COLUMNS)
    return _FIRST_DOCUMENT_COLUMNS + later


class OutputFormat(StrEnum):
    JSON = "json"
    JSONL = "jsonl"
    CSV = "csv"
    TABLE = "table"
    PARQUET = "parquet"
    SQLITE = "sqlite"


# Formats written to a file by name (-o FILE), not to a stream.
FILE_FORMATS = frozenset({OutputFormat.PARQUET, OutputFormat.SQLITE})


class Writer(Protocol):
    def write(self, outcome: Outcome) -> None: ...

    def close(self) -> None: ...


# --- Writing whole records -------------------------------------------------------------------


class Terminated(Exception):
    """SIGTERM reached the run (see `terminate_on_sigterm`)."""


def _raise_terminated(signum: int, frame: object) -> None:
    raise Terminated


@contextmanager
def terminate_on_sigterm() -> Iterator[None]:
    """Turn SIGTERM into `Terminated` in this process, so the run stops its workers and ends quietly."""
    try:
        previous = signal.signal(signal.SIGTERM, _raise_terminated)
    except ValueError:  # not the main thread
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


@contextmanager
def uninterrupted() -> Iterator[None]:
    """Hold Ctrl-C and SIGTERM back while a record is written; raise KeyboardInterrupt or `Terminated` after.

    SIGTERM is held only while it is turned into `Terminated` (`terminate_on_sigterm`).
    """
    pending: list[int] = []
    held = [signal.SIGINT]
    if signal.getsignal(signal.SIGTERM) is _raise_terminated:
        held.append(signal.SIGTERM)
    try:
        previous = [signal.signal(signum, lambda signum, frame: pending.append(signum)) for signum in held]
    except ValueError:  # not the main thread: signals cannot be handled here
        yield
        return
    try:
        yield
    finally:
        for signum, handler in zip(held, previous, strict=True):
            signal.signal(signum, handler)
    if signal.SIGINT in pending:
        raise KeyboardInterrupt
    if pending:
        raise Terminated


def write_whole(sink: IO[bytes], data: bytes) -> None:
    """Write `data` whole and flush it, not to be cut by Ctrl-C."""
    with uninterrupted():
        sink.flush()
        fd = _file_descriptor(sink)
        if fd is None:
            sink.write(data)
            sink.flush()
            return
        _write_all(fd, data)


def _file_descriptor(sink: IO[bytes]) -> int | None:
    try:
        return sink.fileno()
    except (AttributeError, OSError, ValueError):  # an in-memory stream
        return None


def _write_all(fd: int, data: bytes) -> None:
    """Every byte to `fd`, also when it is non-blocking (a library running an event loop may make
    standard output so): a partial write goes on, a full pipe is waited for."""
    view = memoryview(data)
    while view:
        try:
            view = view[os.write(fd, view) :]
        except BlockingIOError:
            select.select([], [fd], [])


def record_dict(outcome: Outcome) -> dict[str, Any]:
    """The JSON form of an outcome's record (a document, or `{"source", "error"}`)."""
    return outcome.record().model_dump(mode="json")


class JsonLinesWriter:
    """One record per line."""

    def __init__(self, sink: IO[bytes]) -> None:
        self.sink = sink

    def write(self, outcome: Outcome) -> None:
        if outcome.line is not None:
            write_whole(self.sink, outcome.line)
            return
        line = json.dumps(record_dict(outcome), ensure_ascii=False, separators=(",", ":")) + "\n"
        write_whole(self.sink, line.encode())

    def close(self) -> None:
        pass


class JsonWriter:
    """Pretty JSON: one object for a single input, else an array written as the documents come."""

    def __init__(self, sink: IO[bytes], single: bool) -> None:
        self.sink = sink
        self.single = single
        self.count = 0

    def write(self, outcome: Outcome) -> None:
        text = json.dumps(record_dict(outcome), ensure_ascii=False, indent=2)
        if self.single:
            write_whole(self.sink, (text + "\n").encode())
        else:
            item = "\n".join("  " + line for line in text.splitlines())
            write_whole(self.sink, (("[\n" if self.count == 0 else ",\n") + item).encode())
        self.count += 1

    def close(self) -> None:
        if not self.single:
            write_whole(self.sink, b"[]\n" if self.count == 0 else b"\n]\n")


class CsvWriter:
    """One row per metric, with the document's fields repeated; a document without metrics gets one row.

    UTF-8 with a byte-order mark and CRLF line ends, as Excel expects; pandas reads it with
    `encoding="utf-8-sig"` (or plain `read_csv`, which drops the mark).
    """

    def __init__(self, sink: IO[bytes]) -> None:
        from vnreport_extract.models import Metric

        self.sink = sink
        self.metric_columns = tuple(Metric.model_fields)
        self.columns = document_csv_columns() + self.metric_columns
        write_whole(self.sink, _BOM + self._rows([list(self.columns)]))

    def write(self, outcome: Outcome) -> None:
        record = record_dict(outcome)
        document = [record.get(column) for column in document_csv_columns()]
        metrics = record.get("metrics") or [{}]
        rows = [document + [metric.get(column) for column in self.metric_columns] for metric in metrics]
        write_whole(self.sink, self._rows(rows))

    def close(self) -> None:
        pass

    @staticmethod
    def _rows(rows: list[list[Any]]) -> bytes:
        buffer = io.StringIO()
        csv.writer(buffer).writerows([[csv_cell(value) for value in row] for row in rows])
        return buffer.getvalue().encode()


def plain_cell(value: Any) -> str:
    """A value as text: empty for null, whole numbers without `.0`.

    >>> plain_cell(None), plain_cell(2813000000000.0), plain_cell(17.5), plain_cell("Hải Dương")
    ('', '2813000000000', '17.5', 'Hải Dương')
    """
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e16:
        return str(int(value))
    return str(value)


def csv_cell(value: Any) -> str:
    """One CSV cell: `plain_cell`, with text a spreadsheet would run as a formula neutralised.

    As spreadsheet-safe exporters do (OWASP's CSV injection advice), a text cell opening with `=`, `+`, `-`,
    `@`, a tab or a carriage return gets a leading `'`, unless it is a number; numbers are never touched.

    >>> csv_cell("=1+2"), csv_cell("-2+3"), csv_cell("@SUM(A1)")
    ("'=1+2", "'-2+3", "'@SUM(A1)")
    >>> csv_cell("-12,5%"), csv_cell("+3.5"), csv_cell(-0.8), csv_cell("-"), csv_cell("Hải Dương")
    ('-12,5%', '+3.5', '-0.8', '-', 'Hải Dương')
    """
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS) and not _PLAIN_NUMBER.fullmatch(value):
        return "'" + value
    return plain_cell(value)


class TableWriter:
    """A Rich table per document, for people."""

    def __init__(self, console: Console) -> None:
        self.console = console

    def write(self, outcome: Outcome) -> None:
        from rich.text import Text

        with uninterrupted():
            if outcome.document is None:
                self.console.print(Text.assemble((outcome.source, "bold"), ": ", (outcome.error or "", "red")))
            else:
                self.console.print(document_table(outcome))
            self.console.file.flush()

    def close(self) -> None:
        pass


def document_table(outcome: Outcome) -> Any:
    """A Rich table of one document's metrics; the document's own text is never read as Rich markup."""
    from rich.table import Table
    from rich.text import Text

    document = outcome.record().model_dump(mode="json")
    fields = ("source", "title", "published", "location")
    heading = " - ".join(str(document[key]) for key in fields if document[key])
    table = Table(title=Text(heading), title_justify="left", show_lines=False)
    columns = ("kind", "value", "unit", "text", "label", "period", "status", "qualifier")
    for column in columns:
        table.add_column(column, overflow="fold", justify="right" if column == "value" else "left")
    for metric in document["metrics"]:
        table.add_row(*(Text(plain_cell(metric.get(column))) for column in columns))
    if not document["metrics"]:
        table.add_row(*(["(no metric)"] + [""] * (len(columns) - 1)))
    return table


def make_writer(
    output_format: OutputFormat,
    sink: IO[bytes] | None,
    single: bool,
    console: Console | None = None,
    path: Path | None = None,
    resume: bool = False,
) -> Writer:
    """The writer for a format; `console` (over the same destination) is for the table, `path` for a file format."""
    if output_format in FILE_FORMATS:
        return _file_writer(output_format, path, resume)
    if sink is None:
        raise ValueError(f"the {output_format} format needs a stream")
    if output_format is OutputFormat.JSONL:
        return JsonLinesWriter(sink)
    if output_format is OutputFormat.JSON:
        return JsonWriter(sink, single)
    if output_format is OutputFormat.CSV:
        return CsvWriter(sink)
    if console is None:
        raise ValueError("the table format needs a console")
    return TableWriter(console)


def _file_writer(output_format: OutputFormat, path: Path | None, resume: bool) -> Writer:
    if path is None:
        raise ValueError(f"the {output_format} format needs a file name")
    if output_format is OutputFormat.SQLITE:
        from vnreport_extract.write.sqlite import SqliteWriter

        return SqliteWriter(path, resume)
    from vnreport_extract.write.parquet import ParquetWriter

    return ParquetWriter(path)


# --- Stderr: error lines, progress, summary ----------------------------------------------------


class Reporter:
    """Stderr for people: one line per failed input, a progress bar on a terminal, a summary at the end.

    With `verbose`, a line for every input (`source: N metrics`). With `quiet`, nothing at all.
    """

    def __init__(self, quiet: bool = False, progress: bool = False, verbose: bool = False) -> None:
        self.quiet = quiet
        self.verbose = verbose
        self.show_progress = progress and not quiet
        self.files = self.metrics = self.failures = 0
        self.started = time.monotonic()
        self._progress: Progress | None = None
        self._task: Any = None
        self._shown_at = 0.0

    @contextmanager
    def running(self, total: int) -> Iterator[None]:
        """Show the progress bar (if any) while the batch runs."""
        if not self.show_progress:
            with nullcontext():
                yield
            return
        self._progress = make_progress()
        self._task = self._progress.add_task("extracting", total=total, metrics=0, failures=0)
        try:
            with self._progress:
                yield
                self._shown_at = 0.0
                self._update_progress()  # the final count
        finally:
            self._progress = None

    def done(self, outcome: Outcome) -> None:
        """Count one finished input, and report it if it failed."""
        self.files += 1
        for warning in outcome.warnings:
            self.line(f"{outcome.source}: {warning}")
        if outcome.failed:
            self.failures += 1
            self.line(f"{outcome.source}: {outcome.error}")
        else:
            self.metrics += outcome.metric_count
            if self.verbose:
                self.line(f"{outcome.source}: {outcome.metric_count} metrics")
        self._update_progress()

    def _update_progress(self) -> None:
        """Move the bar, at most 20 times a second (an update per tiny file would slow the batch)."""
        now = time.monotonic()
        if self._progress is None or now - self._shown_at < 0.05:
            return
        self._shown_at = now
        self._progress.update(self._task, completed=self.files, metrics=self.metrics, failures=self.failures)

    def line(self, message: str) -> None:
        """Print `vnextract: message` on stderr (above the progress bar when there is one)."""
        if self.quiet or sys.stderr is None:
            return
        try:
            if self._progress is not None:
                console = self._progress.console
                console.print(f"{PROGRAM}: {message}", markup=False, highlight=False, soft_wrap=True)
            else:
                sys.stderr.write(f"{PROGRAM}: {message}\n")
                sys.stderr.flush()
        except (OSError, ValueError):  # stderr is full or gone: the records matter more than the news
            self.quiet = True

    def summary(self) -> None:
        """The closing line: files, metrics, failures, seconds."""
        seconds = time.monotonic() - self.started
        files = f"{self.files} file" + ("" if self.files == 1 else "s")
        self.line(f"{files}, {self.metrics} metrics, {self.failures} failed, {seconds:.1f} s")


def make_progress() -> Progress:
    """A Rich progress bar on stderr: files done/total, metrics, failures, rate, time left."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    return Progress(
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("files, {task.fields[metrics]} metrics, {task.fields[failures]} failed"),
        _rate_column(),
        TimeRemainingColumn(),
        console=Console(stderr=True),
        redirect_stdout=False,
        redirect_stderr=False,
        transient=True,
    )


def _rate_column() -> ProgressColumn:
    """A column showing files per second (defined here, so rich is imported only for a progress bar)."""
    from rich.progress import ProgressColumn
    from rich.text import Text

    class RateColumn(ProgressColumn):
        def render(self, task: Task) -> Text:
            return Text(f"{task.speed or 0:.1f} files/s", style="progress.data.speed")

    return RateColumn()


# --- Review: --show, --html, --eval (issue 6's modules, imported only when asked for) -------------


class NullWriter:
    """Writes nothing: --show and --eval use stdout themselves when there is no -o file."""

    def write(self, outcome: Outcome) -> None:
        pass

    def close(self) -> None:
        pass


class Review:
    """Feeds documents to `review.show_document`, `review.explain_document`, `review.write_html` and
    `evaluation.evaluate`."""

    def __init__(self, show: bool, html: Path | None, gold: Path | None, explain: bool = False) -> None:
        self.show, self.html, self.gold, self.explain = show, html, gold, explain
        self.pairs: list[tuple[Document, str]] = []
        self._console: Console | None = None
        if show or html:
            from vnreport_extract.review import show
        if gold:
            from vnreport_extract.review import evaluation

            evaluation.read_gold(gold)  # a gold file it cannot score stops the run before any work

    @property
    def wanted(self) -> bool:
        return bool(self.show or self.explain or self.html or self.gold)

    @property
    def console(self) -> Console:
        """A Rich console on stdout."""
        if self._console is None:

            from vnreport_extract.write.terminal import record_console

            self._console = record_console()
        return self._console

    def add(self, outcome: Outcome) -> None:
        """Show one document (--show) and keep it for the end (--html, --eval)."""
        if outcome.document is None:
            return
        text = outcome.text or ""
        if self.show:
            from vnreport_extract.review.show import show_document

            with uninterrupted():
                show_document(outcome.document, text, self.console)
        if self.explain:
            from vnreport_extract.review.explain import explain_document

            with uninterrupted():
                explain_document(outcome.document, text, self.console)
        if self.html or self.gold:
            self.pairs.append((outcome.document, text if self.html else ""))

    def finish(self, verbose: bool = False, as_json: bool = False) -> None:
        """Write the HTML review file and print the evaluation, once every document is in."""
        from vnreport_extract.write.destination import STDOUT_NAME, reporting

        if self.html:
            from vnreport_extract.review.show import write_html

            with reporting(str(self.html)):
                write_html(self.pairs, self.html)
        if self.gold:
            from vnreport_extract.review.evaluation import evaluate, print_result

            predictions = [document.model_dump(mode="json") for document, _ in self.pairs]
            result, report_lines = evaluate(self.gold, predictions)
            with reporting(STDOUT_NAME):
                print_result(result, report_lines, self.console, verbose=verbose, as_json=as_json)
