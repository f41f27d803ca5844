"""`vnextract PATH... --text`: print each input's text view, the text that metric offsets index.

One input prints its view alone; several print each view after a `==> source <==` line (as `head` does).
An input that cannot be read gets one stderr line, and the others go on.
"""

from __future__ import annotations

import sys

from vnreport_extract.errors import ReadError
from vnreport_extract.extraction.normalize import normalize
from vnreport_extract.read.text import read_text
from vnreport_extract.run.inputs import attach_stdin, expand_inputs

PROGRAM = "vnextract"


def print_views(paths: list[str], max_bytes: int, ocr: bool = False, quiet: bool = False,
                follow: bool = False) -> int:
    """Print the views on stdout; return the exit status (1 when an input could not be read)."""
    tasks = attach_stdin(expand_inputs(paths, follow, warn=lambda message: _tell(message, quiet)), max_bytes)
    failed = False
    for number, task in enumerate(tasks):
        try:
            if task.problem is not None:
                raise ReadError(task.problem)
            read = read_text(task.source, max_bytes, task.data, ocr=ocr)
        except ReadError as error:
            failed = True
            _tell(f"{task.source}: {error}", quiet)
            continue
        for warning in read.warnings:
            _tell(f"{task.source}: {warning}", quiet)
        if len(tasks) > 1:
            sys.stdout.write(f"{chr(10) if number else ''}==> {task.source} <==\n")
        view = normalize(read.text)
        sys.stdout.write(view if view.endswith("\n") else view + "\n")
    sys.stdout.flush()
    return 1 if failed else 0


def _tell(message: str, quiet: bool) -> None:
    if not quiet:
        sys.stderr.write(f"{PROGRAM}: {message}\n")
