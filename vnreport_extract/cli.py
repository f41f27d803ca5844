"""Command line: `vnextract PATH... [options]`, one command and no subcommands.

A thin Typer shell: it checks the options, then `_run` wires `batch` (inputs, workers), `outputs`
(records on stdout or -o, progress and errors on stderr) and the review hooks together.
Only light modules are imported here, so `vnextract --help` and `--schema` start fast.
"""

import os
import sys
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import IO, Annotated, Any

import typer
from typer.exceptions import TyperException

from vnreport_extract.write.outputs import FILE_FORMATS, OutputFormat

PART_FORMATS = (OutputFormat.JSONL, OutputFormat.PARQUET)

PROGRAM = "vnextract"
DEFAULT_MAX_BYTES = 20_000_000
EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_PIPE, EXIT_INTERRUPTED, EXIT_TERMINATED = 0, 1, 2, 141, 130, 143
EXIT_NOT_DONE = EXIT_USAGE  # the run could not be done: an output cannot be written or is locked, or a bug
_SIZE_UNITS = {"": 1, "b": 1, "k": 10**3, "kb": 10**3, "m": 10**6, "mb": 10**6, "g": 10**9, "gb": 10**9,
               "kib": 2**10, "mib": 2**20, "gib": 2**30}

app = typer.Typer(add_completion=True, pretty_exceptions_enable=False, rich_markup_mode=None)


@dataclass(frozen=True)
class RunOptions:
    """Every option of a run, checked."""

    output_format: OutputFormat | None = None
    output: Path | None = None
    resume: bool = False
    jobs: int = 1
    max_bytes: int = DEFAULT_MAX_BYTES
    patterns: tuple[Path, ...] = ()
    quiet: bool = False
    show: bool = False
    html: Path | None = None
    gold: Path | None = None
    verbose: bool = False
    as_json: bool = False
    follow: bool = False
    ocr: bool = False
    text: bool = False
    dask: str | None = None  # a cluster: local, local:N or a scheduler address
    output_url: str | None = None  # -o as given: with --dask, a folder that may be an fsspec URL
    debug: bool = False
    explain: bool = False


def parse_size(text: str | int) -> int:
    """A size in bytes, from `20000000`, `20MB`, `500k` or `1MiB`.

    >>> parse_size("20MB"), parse_size("500k"), parse_size("1MiB"), parse_size("123")
    (20000000, 500000, 1048576, 123)
    """
    if isinstance(text, int):  # the default
        return text
    number = text.strip().lower().rstrip("bikmg")
    unit = text.strip().lower()[len(number):]
    if not number.isdigit() or unit not in _SIZE_UNITS:
        raise typer.BadParameter(f"not a size: {text!r} (try 20MB, 500k or a number of bytes)")
    return int(number) * _SIZE_UNITS[unit]


class Color(StrEnum):
    AUTO = "auto"
    ALWAYS = "always"
    NEVER = "never"


def _apply_color(color: Color) -> None:
    """--color: set the variables every Rich console reads (NO_COLOR, FORCE_COLOR) before any is made."""
    if color is Color.ALWAYS:
        os.environ.pop("NO_COLOR", None)
        os.environ["FORCE_COLOR"] = "1"
    elif color is Color.NEVER:
        os.environ.pop("FORCE_COLOR", None)
        os.environ["NO_COLOR"] = "1"


def _listed_paths(files_from: str | None, paths: list[str]) -> list[str]:
    """--files-from FILE|-: one PATH or URL a line; blank lines are skipped."""
    if files_from is None:
        return []
    if files_from == "-" and "-" in paths:
        raise typer.BadParameter("stdin cannot be both the list and an input", param_hint="'--files-from'")
    try:
        if files_from == "-":
            text = sys.stdin.read()
        else:
            with open(files_from, encoding="utf-8") as handle:
                text = handle.read()
    except (OSError, UnicodeDecodeError) as error:
        raise typer.BadParameter(f"cannot read {files_from}: {error}", param_hint="'--files-from'") from None
    return [line.rstrip("\r") for line in text.split("\n") if line.strip()]


def _parse_cluster(text: str) -> str:
    from vnreport_extract.run.cluster import check_address

    try:
        return check_address(text)
    except ValueError as error:
        raise typer.BadParameter(str(error)) from None


def _show_version(value: bool) -> None:
    if value:
        from . import __version__

        typer.echo(f"{PROGRAM} {__version__}")
        raise typer.Exit(EXIT_OK)


# fmt: off
@app.command(context_settings={"help_option_names": ["-h", "--help"]})
def vnextract(
    paths: Annotated[list[str] | None, typer.Argument(
        metavar="PATH", show_default=False,
        help="Files (.txt, .html, .pdf, .docx, .xlsx), folders (searched for them), glob patterns, or - for stdin.")
    ] = None,
    output_format: Annotated[OutputFormat | None, typer.Option(
        "--format", "-f", show_default=False, metavar="json|jsonl|csv|table|parquet|sqlite",
        help="Output format [default: json for one input, jsonl for several or a folder].")] = None,
    output: Annotated[str | None, typer.Option(
        "--output", "-o", metavar="FILE",
        help="Write the records to FILE instead of stdout (needed by parquet and sqlite); with --dask, a folder "
             "of part files (jsonl, parquet).")] = None,
    resume: Annotated[bool, typer.Option(
        "--resume", help="With -o (jsonl, sqlite): skip inputs whose document is already in FILE, add the rest.")
    ] = False,
    jobs: Annotated[int | None, typer.Option(
        "--jobs", "-j", min=1, show_default=False, metavar="N",
        help="Worker processes [default: the number of CPUs].")] = None,
    max_bytes: Annotated[int, typer.Option(
        "--max-bytes", parser=parse_size, metavar="SIZE",
        help="Refuse inputs larger than SIZE (20MB, 500k, bytes).")] = DEFAULT_MAX_BYTES,
    follow: Annotated[bool, typer.Option(
        "--follow", "-L", help="Follow symbolic links met inside folders and globs (each real file once).")] = False,
    patterns: Annotated[list[Path] | None, typer.Option(
        "--patterns", exists=True, file_okay=False, metavar="DIR",
        help="Extra pattern folder (repeatable).")] = None,
    quiet: Annotated[bool, typer.Option(
        "--quiet", "-q", help="Print nothing on stderr: no progress, error lines or summary.")] = False,
    schema: Annotated[bool, typer.Option(
        "--schema", help="Print the JSON schema of a document and exit.")] = False,
    show: Annotated[bool, typer.Option(
        "--show", help="Show each document's text with its metrics highlighted.")] = False,
    explain: Annotated[bool, typer.Option(
        "--explain", help="Show each figure's clause, frame and the rule that set each field.")] = False,
    html: Annotated[Path | None, typer.Option(
        "--html", dir_okay=False, metavar="FILE", help="Write an HTML page to review the documents.")] = None,
    gold: Annotated[Path | None, typer.Option(
        "--eval", exists=True, dir_okay=False, metavar="GOLD",
        help="Score the documents against a gold JSONL file.")] = None,
    verbose: Annotated[bool, typer.Option(
        "--verbose", "-v", help="One line per input on stderr; with --eval: every missed, extra and wrong metric.")
    ] = False,
    as_json: Annotated[bool, typer.Option(
        "--json", help="With --eval: print the scores as JSON.")] = False,
    ocr: Annotated[bool, typer.Option(
        "--ocr", help="Read scanned PDF pages with tesseract (installed separately, with Vietnamese data).")] = False,
    text: Annotated[bool, typer.Option(
        "--text", help="Print the text view that offsets index (the reader's layout of each file) and exit.")
    ] = False,
    files_from: Annotated[str | None, typer.Option(
        "--files-from", metavar="FILE|-", help="Also read PATHs or URLs from FILE, one a line (- for stdin).")
    ] = None,
    color: Annotated[Color, typer.Option(
        "--color", metavar="auto|always|never",
        help="Colours on the terminal: auto (unless NO_COLOR is set), always or never.")] = Color.AUTO,
    dask: Annotated[str | None, typer.Option(
        "--dask", parser=_parse_cluster, metavar="CLUSTER",
        help="Run on Dask: local[:N] starts N local workers; tcp://host:8786 uses a running scheduler.")] = None,
    debug: Annotated[bool, typer.Option(
        "--debug", help="Show the traceback of an error instead of its one line.")] = False,
    version: Annotated[bool, typer.Option(
        "--version", "-V", callback=_show_version, is_eager=True, help="Print the version and exit.")] = False,
) -> None:
    """Extract metrics from Vietnamese reports: one JSON document per input, with every metric found."""
    # fmt: on
    _apply_color(color)
    paths = [*(paths or []), *_listed_paths(files_from, paths or [])]
    if schema:
        raise typer.Exit(_guarded(_print_schema, debug))
    options = RunOptions(
        output_format, Path(output) if output else None, resume, jobs or os.cpu_count() or 1, max_bytes,
        tuple(patterns or ()), quiet, show, html, gold, verbose, as_json, follow, ocr, text, dask, output, debug,
        explain=explain,
    )
    _check_usage(paths or [], options)
    raise typer.Exit(_guarded(lambda: _run(paths or [], options), debug))


def _print_schema() -> int:
    import json

    from vnreport_extract.models import Document
    from vnreport_extract.write.destination import STDOUT_NAME, reporting

    with reporting(STDOUT_NAME):
        typer.echo(json.dumps(Document.model_json_schema(), ensure_ascii=False, indent=2))
    return EXIT_OK


def _check_usage(paths: list[str], options: RunOptions) -> None:
    """Refuse option combinations that cannot work (exit status 2)."""
    if not paths:
        raise typer.BadParameter("give a file, a folder, a glob pattern or - (stdin)", param_hint="PATH")
    if options.resume and options.output is None:
        raise typer.BadParameter("--resume needs -o FILE", param_hint="'--resume'")
    if options.resume and options.output_format not in (None, OutputFormat.JSONL, OutputFormat.SQLITE):
        raise typer.BadParameter("--resume works with the jsonl and sqlite formats only", param_hint="'--resume'")
    if options.output_format in FILE_FORMATS and options.output is None:
        raise typer.BadParameter(f"the {options.output_format} format needs -o FILE", param_hint="'--format'")
    if options.output_format is OutputFormat.PARQUET:
        _check_extra("pyarrow", "parquet")
    if options.output is not None and options.output.is_dir() and not _partitioned(options):
        raise typer.BadParameter(f"{options.output} is a folder (a folder of parts needs --dask)", param_hint="'-o'")
    if options.dask is not None:
        _check_dask_usage(options)
    if options.as_json and options.gold is None:
        raise typer.BadParameter("--json goes with --eval GOLD", param_hint="'--eval'")


def _check_dask_usage(options: RunOptions) -> None:
    _check_extra("distributed", "dask")
    _check_extra("fsspec", "dask")
    if _partitioned(options) and options.resume:
        message = "a folder of parts is written whole: --resume goes with -f sqlite"
        raise typer.BadParameter(message, param_hint="'--resume'")
    if _partitioned(options) and (options.show or options.explain or options.html or options.gold):
        raise typer.BadParameter(
            "--show, --explain, --html and --eval need the records here, not in parts", param_hint="'-o'"
        )


def _partitioned(options: RunOptions) -> bool:
    """Whether the records go to a folder of part files, written by the Dask workers (--dask -o DIR)."""
    chosen = options.output_format or OutputFormat.JSONL
    return options.dask is not None and options.output is not None and chosen in PART_FORMATS


def _check_extra(module: str, extra: str) -> None:
    """Exit with status 2 when an optional dependency is not installed, naming the extra that brings it."""
    import importlib.util

    if importlib.util.find_spec(module) is None:
        _fail_usage([f"{module} is not installed: pip install 'vnreport-extract[{extra}]'"])


def _fail_usage(lines: list[str]) -> None:
    """Print each line as `vnextract: line` on stderr and exit with status 2."""
    for line in lines:
        sys.stderr.write(f"{PROGRAM}: {line}\n")
    raise typer.Exit(EXIT_USAGE)


def _error_line(message: str) -> None:
    """One `vnextract: message` line on stderr (even with --quiet: the run as a whole failed)."""
    try:
        sys.stderr.write(f"{PROGRAM}: {message}\n")
        sys.stderr.flush()
    except (OSError, ValueError, AttributeError):  # no stderr left to tell
        pass


def _load_library(patterns: tuple[Path, ...]) -> Any:
    from vnreport_extract.errors import PatternLibraryError
    from vnreport_extract.run.batch import load_patterns

    try:
        return load_patterns(patterns)
    except PatternLibraryError as error:
        _fail_usage(error.problems or [str(error)])
    except RecursionError:
        _fail_usage(["--patterns: a pattern file is nested too deeply"])


def _make_review(options: RunOptions) -> Any:
    from vnreport_extract.errors import GoldError
    from vnreport_extract.write.outputs import Review

    try:
        return Review(options.show, options.html, options.gold, options.explain)
    except ModuleNotFoundError as error:
        _fail_usage([f"--show, --explain, --html and --eval are not available ({error.name} is missing)"])
    except GoldError as error:
        _fail_usage([f"--eval {error}"])


def _guarded(action: Callable[[], int], debug: bool) -> int:
    """Run `action` (`_run`, `--schema`): any error that ends it is one line on stderr (its traceback with
    --debug), a broken pipe ends it quietly; returns the exit status."""
    from vnreport_extract.errors import OutputError

    try:
        return action()
    except (typer.Exit, typer.Abort, TyperException):  # usage errors and exits: Typer reports them
        raise
    except BrokenPipeError:
        _silence_stdout()
        return EXIT_PIPE
    except OutputError as error:
        if debug:
            raise
        _error_line(str(error))
    except Exception as error:  # a bug: say so in one line, unless the traceback is wanted
        if debug:
            raise
        _error_line(f"internal error: {type(error).__name__}: {error} (--debug shows the traceback)")
    return EXIT_NOT_DONE


def _run(paths: list[str], options: RunOptions) -> int:
    """Process every input in order; return the exit status."""
    from vnreport_extract.run.inputs import attach_stdin
    from vnreport_extract.write.outputs import Reporter, Terminated, terminate_on_sigterm

    if options.text:
        from vnreport_extract.run.views import print_views
        from vnreport_extract.write.destination import STDOUT_NAME, reporting

        with reporting(STDOUT_NAME):
            return print_views(paths, options.max_bytes, options.ocr, options.quiet, options.follow)
    library = _load_library(options.patterns)
    review = _make_review(options)
    reporter = Reporter(options.quiet, progress=_wants_progress(options), verbose=options.verbose and not options.gold)
    inputs = _expand(paths, options, reporter)
    tasks: list[Any] = []
    try:
        with terminate_on_sigterm(), _output(options) as output:
            tasks = _pending(attach_stdin(inputs, options.max_bytes), options, output)
            _process(tasks, paths, options, library, reporter, review, output)
            review.finish(options.verbose, options.as_json)
            reporter.summary()
    except KeyboardInterrupt:
        reporter.line(f"interrupted after {reporter.files} of {len(tasks)} inputs")
        return EXIT_INTERRUPTED
    except Terminated:
        reporter.line(f"terminated after {reporter.files} of {len(tasks)} inputs")
        return EXIT_TERMINATED
    except BrokenPipeError:
        _silence_stdout()
        return EXIT_PIPE
    return EXIT_FAILED if reporter.failures else EXIT_OK


def _expand(paths: list[str], options: RunOptions, reporter: Any) -> list[Any]:
    """The tasks for the PATH arguments; with --dask, URLs too."""
    if options.dask is None:
        from vnreport_extract.run.inputs import expand_inputs

        return expand_inputs(paths, options.follow, warn=reporter.line)
    from vnreport_extract.read.urls import UrlError
    from vnreport_extract.run.cluster import expand_sources

    try:
        return expand_sources(paths, options.follow, warn=reporter.line)
    except UrlError as error:
        _fail_usage([str(error)])
        raise


def _process(
    tasks: list[Any], paths: list[str], options: RunOptions, library: Any, reporter: Any, review: Any,
    output: Any,
) -> None:
    """Run the tasks; write, count and review each outcome as it comes, in order."""
    from vnreport_extract.run.batch import Settings
    from vnreport_extract.write.destination import STDOUT_NAME, reporting
    from vnreport_extract.write.outputs import uninterrupted

    single = len(paths) == 1 and _is_one_file(paths[0])
    serialize = not review.wanted and (_partitioned(options) or _chosen_format(single, options) == "jsonl")
    keep_text = bool(options.show or options.explain or options.html)
    settings = Settings(
        options.max_bytes, options.patterns, keep_text=keep_text, ocr=options.ocr, serialize=serialize,
        debug=options.debug,
    )
    with _runner(settings, options, library) as runner:
        _start(runner, len(tasks))
        if _partitioned(options):
            _write_parts(runner, tasks, options, reporter)
            return
        records_to = str(options.output) if options.output is not None else STDOUT_NAME
        sink = output.handle if output is not None else _stdout_sink(options)
        with reporting(records_to), _writing(sink, paths, options) as writer, reporter.running(len(tasks)):
            for outcome in runner.map(tasks):
                with uninterrupted():  # a stop reports as done just the inputs whose records are written
                    writer.write(outcome)
                    reporter.done(outcome)
                with reporting(STDOUT_NAME):
                    review.add(outcome)


def _runner(settings: Any, options: RunOptions, library: Any) -> Any:
    """Worker processes on this machine, or a Dask cluster (--dask)."""
    if options.dask is not None:
        from vnreport_extract.run.cluster import DaskRunner

        return DaskRunner(settings, options.dask)
    from vnreport_extract.run.batch import Runner

    return Runner(settings, options.jobs, library)


def _start(runner: Any, n_tasks: int) -> None:
    """Start the workers (before any thread, such as a progress bar); a cluster out of reach is exit 2."""
    from vnreport_extract.errors import VnextractError

    try:
        runner.start(n_tasks)
    except VnextractError as error:
        _fail_usage([str(error)])


def _write_parts(runner: Any, tasks: list[Any], options: RunOptions, reporter: Any) -> None:
    """--dask -o DIR: the workers write the part files; each part is counted as it is done."""
    output_format = str(options.output_format or OutputFormat.JSONL)
    assert options.output_url is not None
    with reporter.running(len(tasks)):
        for tallies in runner.run_parts(tasks, options.output_url, output_format):
            for tally in tallies:
                reporter.done(tally)


@contextmanager
def _writing(sink: IO[bytes] | None, paths: list[str], options: RunOptions) -> Any:
    """The record writer, closed at the end; aborted (when it can be) if the run stops early."""
    writer = _writer(sink, paths, options)
    try:
        yield writer
    except BaseException:
        getattr(writer, "abort", lambda: None)()
        raise
    writer.close()


def _writer(sink: IO[bytes] | None, paths: list[str], options: RunOptions) -> Any:
    """The record writer; none on stdout when --show, --explain or --eval print there."""
    from vnreport_extract.write.outputs import NullWriter, make_writer

    if options.output is None and (options.show or options.explain or options.gold):
        return NullWriter()
    single = len(paths) == 1 and _is_one_file(paths[0])
    output_format = _chosen_format(single, options)
    console = _table_console(sink, output_format, options) if sink is not None else None
    return make_writer(output_format, sink, single, console, options.output, options.resume)


@contextmanager
def _output(options: RunOptions) -> Any:
    """The -o destination, locked for the whole run (None for stdout, or --dask's folder of parts).

    A stream format (JSON, JSON Lines, CSV, table) gets the open, locked file, emptied unless --resume;
    a format written by name (Parquet, SQLite) only holds the lock, and yields None.
    """
    from vnreport_extract.write.destination import locked_name, locked_output

    if options.output is None or _partitioned(options):
        yield None
    elif options.output_format in FILE_FORMATS:
        with locked_name(options.output):
            yield None
    else:
        with locked_output(options.output) as output:
            if not options.resume:
                output.empty()
            yield output


def _pending(tasks: list[Any], options: RunOptions, output: Any) -> list[Any]:
    """With --resume, the tasks whose document is not yet in the output file."""
    if not options.resume or options.output is None:
        return tasks
    done = _done_sources(options, output)
    return [task for task in tasks if task.source not in done]


def _done_sources(options: RunOptions, output: Any) -> set[str]:
    """The sources already in the --resume output (JSON Lines or SQLite), which is tidied for appending."""
    from vnreport_extract.run.batch import resume_content

    assert options.output is not None
    if options.output_format is not OutputFormat.SQLITE:
        content = output.content()
        kept, done = resume_content(content)
        if kept != content:
            output.replace(kept)
        else:
            output.append_from_end()
        return done
    import sqlite3

    from vnreport_extract.write import sqlite as sqlite_output

    try:
        return sqlite_output.prepare_resume(options.output)
    except sqlite3.DatabaseError as error:
        _fail_usage([f"{options.output}: cannot resume: {error}"])
        raise


def _chosen_format(single: bool, options: RunOptions) -> OutputFormat:
    """The format asked for; else JSON for one file or stdin, JSON Lines for several, a folder or a glob."""
    if options.output_format is not None:
        return options.output_format
    return OutputFormat.JSON if single and not options.resume else OutputFormat.JSONL


def _is_one_file(path: str) -> bool:
    """Whether a PATH argument names one input (a file or stdin), not a folder or a glob pattern."""
    if path == "-":
        return True
    return not os.path.isdir(path) and (os.path.lexists(path) or not set("*?[") & set(path))


def _stdout_sink(options: RunOptions) -> IO[bytes] | None:
    """Standard output's binary stream; None for the formats that write a file by name, or when --show
    or --eval print there themselves."""
    if options.output_format in FILE_FORMATS or options.show or options.gold:
        return None
    from vnreport_extract.write.destination import standard_output

    return standard_output()


def _table_console(sink: IO[bytes], output_format: OutputFormat, options: RunOptions) -> Any:
    """A Rich console for the table format: stdout, or a text layer over the -o file."""
    if output_format is not OutputFormat.TABLE:
        return None
    import io

    from vnreport_extract.write.terminal import record_console

    if options.output is None:
        return record_console()
    return record_console(file=io.TextIOWrapper(sink, encoding="utf-8", write_through=True), width=160)


def _wants_progress(options: RunOptions) -> bool:
    """A progress bar only on a terminal, and only when the records do not go to that terminal too."""
    to_terminal = options.output is None or options.show or options.explain
    to_terminal = to_terminal and sys.stdout is not None and sys.stdout.isatty()
    return not options.quiet and sys.stderr is not None and sys.stderr.isatty() and not to_terminal


def _silence_stdout() -> None:
    """After a broken pipe (`vnextract dir | head -1`), send what is left to /dev/null, quietly."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):  # no real stdout (tests, or closed)
        pass


def main() -> None:
    """Entry point of the `vnextract` command."""
    app(prog_name=PROGRAM)
