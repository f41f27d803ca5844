"""Rich consoles for the records (`-f table`, `--show`, `--eval`) that end like every other format on a broken pipe.

Rich's own reaction to a closed pipe is `SystemExit(1)`; here the `BrokenPipeError` goes up to the command,
which ends quietly with status 141, as for JSON, JSON Lines and CSV.
"""

from __future__ import annotations

from typing import Any

from rich.console import Console


class RecordConsole(Console):
    """A Rich console whose broken pipe raises `BrokenPipeError`."""

    def on_broken_pipe(self) -> None:
        self.quiet = True  # nothing more is written to the closed pipe
        raise BrokenPipeError


def record_console(**options: Any) -> Console:
    """A console for records, on stdout unless `file=` says otherwise."""
    return RecordConsole(**options)
